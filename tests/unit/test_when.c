/*
 * test_when.c — unit tests for hv_when_parse, the human date parser.
 *
 * Every case pins "now" to a fixed instant and TZ to a named zone, then
 * compares against an exact millisecond value worked out by hand (the
 * comment beside each literal shows the arithmetic or the instant it names).
 * Most groups run in UTC, where the arithmetic is easiest to follow; the
 * Berlin groups straddle both 2026 daylight-saving changes, where a calendar
 * day is 23 or 25 hours long, and the Kolkata group checks a half-hour
 * offset and a local day that differs from the UTC day.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core/when.h"

/* 2026-01-07T15:45:30.250Z, a Wednesday: 20460 days * 86400 s + 56730 s, + 250 ms. */
#define NOW_UTC 1767800730250LL

/* 2026-03-29 12:00 CEST (+02:00) = 10:00Z, the day Berlin springs forward. */
#define NOW_BERLIN_SPRING 1774778400000LL
/* 2026-10-25 12:00 CET (+01:00) = 11:00Z, the day Berlin falls back. */
#define NOW_BERLIN_AUTUMN 1792926000000LL

/* 2026-01-07 10:00 IST (+05:30) = 04:30Z, a Wednesday in Kolkata too. */
#define NOW_KOLKATA 1767760200000LL
/* 2026-01-07T20:00Z = 2026-01-08 01:30 IST: already Thursday in Kolkata. */
#define NOW_KOLKATA_NEXT_DAY 1767816000000LL

#define HOUR_MS 3600000LL
#define DAY_MS  (24 * HOUR_MS)

static void use_tz(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

static int setup_utc(void **state)
{
	(void)state;
	use_tz("UTC");
	return 0;
}

static int setup_berlin(void **state)
{
	(void)state;
	use_tz("Europe/Berlin");
	return 0;
}

static int setup_kolkata(void **state)
{
	(void)state;
	use_tz("Asia/Kolkata");
	return 0;
}

/* Parse text at now and insist on exactly want, naming the text on failure. */
static void expect_ms(const char *text, int64_t now, int64_t want)
{
	struct hv_error err = {0};
	int64_t got = -1;

	if (hv_when_parse(text, now, &got, &err) != 0)
		fail_msg("\"%s\" was rejected: %s", text, err.msg);
	if (got != want)
		fail_msg("\"%s\": got %lld, want %lld (off by %lld ms)", text, (long long)got,
		         (long long)want, (long long)(got - want));
}

/* Rejected with HV_EINVAL, *out untouched, and the text quoted back. */
static void expect_reject_at(const char *text, int64_t now)
{
	struct hv_error err = {0};
	int64_t out = 42;

	if (hv_when_parse(text, now, &out, &err) != -1)
		fail_msg("\"%s\" was accepted as %lld", text, (long long)out);
	assert_int_equal(err.code, HV_EINVAL);
	assert_int_equal(out, 42);
	if (!strstr(err.msg, text))
		fail_msg("message for \"%s\" does not quote it: %s", text, err.msg);
	assert_non_null(strstr(err.msg, "could not read"));
	assert_non_null(strstr(err.msg, "\"2h ago\""));
}

static void expect_reject(const char *text)
{
	expect_reject_at(text, NOW_UTC);
}

static void expect_reject_all(const char *const *texts, size_t n)
{
	for (size_t i = 0; i < n; i++)
		expect_reject(texts[i]);
}

/* The message for text mentions detail (a specific reason). */
static void expect_reason(const char *text, const char *detail)
{
	struct hv_error err = {0};
	int64_t out;

	assert_int_equal(hv_when_parse(text, NOW_UTC, &out, &err), -1);
	if (!strstr(err.msg, detail))
		fail_msg("message for \"%s\" lacks \"%s\": %s", text, detail, err.msg);
}

#define REJECT_ALL(list) expect_reject_all(list, sizeof list / sizeof list[0])

/* ---- now and day words ---------------------------------------------- */

static void test_now(void **state)
{
	(void)state;
	expect_ms("now", NOW_UTC, NOW_UTC);
	expect_ms("NOW", NOW_UTC, NOW_UTC);
	expect_ms("  \tNow \n", NOW_UTC, NOW_UTC);
}

static void test_today_alone_is_now(void **state)
{
	(void)state;
	expect_ms("today", NOW_UTC, NOW_UTC);
	expect_ms("ToDay", NOW_UTC, NOW_UTC);
}

static void test_yesterday_alone_keeps_clock_time(void **state)
{
	(void)state;
	expect_ms("yesterday", NOW_UTC, 1767714330250LL); /* 2026-01-06T15:45:30.250Z */
	expect_ms("YESTERDAY", NOW_UTC, 1767714330250LL);
}

static void test_tomorrow_alone_keeps_clock_time(void **state)
{
	(void)state;
	expect_ms("tomorrow", NOW_UTC, 1767887130250LL); /* 2026-01-08T15:45:30.250Z */
}

static void test_day_word_with_24h_time(void **state)
{
	(void)state;
	expect_ms("today 21:30", NOW_UTC, 1767821400000LL);      /* 2026-01-07T21:30Z */
	expect_ms("tomorrow 07:00", NOW_UTC, 1767855600000LL);   /* 2026-01-08T07:00Z */
	expect_ms("yesterday 0:05", NOW_UTC, 1767657900000LL);   /* 2026-01-06T00:05Z */
	expect_ms("today   23:59:59", NOW_UTC, 1767830399000LL); /* 2026-01-07T23:59:59Z */
}

static void test_day_word_with_12h_time(void **state)
{
	(void)state;
	expect_ms("yesterday 8am", NOW_UTC, 1767686400000LL);     /* 2026-01-06T08:00Z */
	expect_ms("yesterday 8:15 pm", NOW_UTC, 1767730500000LL); /* 2026-01-06T20:15Z */
	expect_ms("Yesterday 8 PM", NOW_UTC, 1767729600000LL);    /* 2026-01-06T20:00Z */
	expect_ms("tomorrow 12am", NOW_UTC, 1767830400000LL);     /* 2026-01-08T00:00Z */
}

static void test_day_word_with_at(void **state)
{
	(void)state;
	expect_ms("today at 9am", NOW_UTC, 1767776400000LL);       /* 2026-01-07T09:00Z */
	expect_ms("yesterday at 18:00", NOW_UTC, 1767722400000LL); /* 2026-01-06T18:00Z */
}

static void test_day_word_crosses_month_and_year(void **state)
{
	(void)state;
	/* now 2026-01-01T00:30Z: yesterday is 2025-12-31T23:00Z. */
	expect_ms("yesterday 23:00", 1767227400000LL, 1767222000000LL);
	/* now 2024-03-01T12:00Z in a leap year: yesterday is 2024-02-29T12:00Z. */
	expect_ms("yesterday", 1709294400000LL, 1709208000000LL);
	/* now 2026-02-28T12:00Z: tomorrow is 2026-03-01T12:00Z. */
	expect_ms("tomorrow", 1772280000000LL, 1772366400000LL);
}

/* ---- a time alone: today ------------------------------------------- */

static void test_bare_24h_time(void **state)
{
	(void)state;
	expect_ms("21:30", NOW_UTC, 1767821400000LL);    /* 2026-01-07T21:30Z, later today */
	expect_ms("9:30", NOW_UTC, 1767778200000LL);     /* 2026-01-07T09:30Z */
	expect_ms("00:00", NOW_UTC, 1767744000000LL);    /* 2026-01-07T00:00Z */
	expect_ms("14:10:05", NOW_UTC, 1767795005000LL); /* 2026-01-07T14:10:05Z */
	expect_ms("14:10:05.5", NOW_UTC, 1767795005500LL);
}

static void test_bare_12h_time(void **state)
{
	(void)state;
	expect_ms("8am", NOW_UTC, 1767772800000LL);      /* 2026-01-07T08:00Z */
	expect_ms("8 AM", NOW_UTC, 1767772800000LL);     /* same */
	expect_ms("8:05pm", NOW_UTC, 1767816300000LL);   /* 2026-01-07T20:05Z */
	expect_ms("11:59 pm", NOW_UTC, 1767830340000LL); /* 2026-01-07T23:59Z */
}

static void test_twelve_am_pm(void **state)
{
	(void)state;
	expect_ms("12am", NOW_UTC, 1767744000000LL);     /* midnight: 2026-01-07T00:00Z */
	expect_ms("12:30am", NOW_UTC, 1767745800000LL);  /* 2026-01-07T00:30Z */
	expect_ms("12pm", NOW_UTC, 1767787200000LL);     /* noon: 2026-01-07T12:00Z */
	expect_ms("12:45 pm", NOW_UTC, 1767789900000LL); /* 2026-01-07T12:45Z */
}

/* ---- weekdays -------------------------------------------------------- */

static void test_weekday_earlier_this_week(void **state)
{
	(void)state;
	expect_ms("monday 9am", NOW_UTC, 1767603600000LL); /* Mon 2026-01-05T09:00Z */
	expect_ms("tue 23:00", NOW_UTC, 1767740400000LL);  /* Tue 2026-01-06T23:00Z */
	expect_ms("Mon 9:00", NOW_UTC, 1767603600000LL);
}

static void test_weekday_alone_keeps_clock_time(void **state)
{
	(void)state;
	expect_ms("sun", NOW_UTC, 1767541530250LL);      /* Sun 2026-01-04T15:45:30.250Z */
	expect_ms("Thursday", NOW_UTC, 1767282330250LL); /* Thu 2026-01-01T15:45:30.250Z */
	expect_ms("fri", NOW_UTC, 1767368730250LL);      /* Fri 2026-01-02T15:45:30.250Z */
	expect_ms("SATURDAY", NOW_UTC, 1767455130250LL); /* Sat 2026-01-03T15:45:30.250Z */
}

static void test_weekday_today(void **state)
{
	(void)state;
	/* Today is Wednesday: alone it is now, and an earlier time stays today. */
	expect_ms("wednesday", NOW_UTC, NOW_UTC);
	expect_ms("wed 9am", NOW_UTC, 1767776400000LL);      /* 2026-01-07T09:00Z */
	expect_ms("wed 15:45:30", NOW_UTC, 1767800730000LL); /* just before now */
}

static void test_weekday_today_later_goes_back_a_week(void **state)
{
	(void)state;
	/* 16:00 today is still to come, so it is last Wednesday, 2025-12-31. */
	expect_ms("wed 16:00", NOW_UTC, 1767196800000LL);      /* 2025-12-31T16:00Z */
	expect_ms("wednesday 11pm", NOW_UTC, 1767222000000LL); /* 2025-12-31T23:00Z */
}

/* ---- last WEEKDAY, parts of the day --------------------------------- */

static void test_last_weekday_is_before_today(void **state)
{
	(void)state;
	/* Now is Wednesday 2026-01-07 15:45:30.250Z. */
	expect_ms("last tuesday", NOW_UTC, NOW_UTC - DAY_MS);       /* Tue 2026-01-06 */
	expect_ms("last thursday", NOW_UTC, 1767282330250LL);       /* Thu 2026-01-01 */
	expect_ms("Last Wednesday", NOW_UTC, NOW_UTC - 7 * DAY_MS); /* never today */
	expect_ms("last wed 9am", NOW_UTC, 1767171600000LL);        /* 2025-12-31T09:00Z */
	expect_ms("last tuesday at 9am", NOW_UTC, 1767690000000LL); /* 2026-01-06T09:00Z */
	expect_ms("last  mon", NOW_UTC, NOW_UTC - 2 * DAY_MS);
}

static void test_parts_of_the_day(void **state)
{
	(void)state;
	expect_ms("yesterday evening", NOW_UTC, 1767726000000LL);    /* 2026-01-06T19:00Z */
	expect_ms("last tuesday evening", NOW_UTC, 1767726000000LL); /* the same evening */
	expect_ms("monday afternoon", NOW_UTC, 1767625200000LL);     /* 2026-01-05T15:00Z */
	expect_ms("this morning", NOW_UTC, 1767776400000LL);         /* 2026-01-07T09:00Z */
	expect_ms("today noon", NOW_UTC, 1767787200000LL);           /* 2026-01-07T12:00Z */
	expect_ms("tonight", NOW_UTC, 1767823200000LL);              /* 2026-01-07T22:00Z */
	expect_ms("last night", NOW_UTC, 1767736800000LL);           /* 2026-01-06T22:00Z */
	expect_ms("Yesterday Morning", NOW_UTC, 1767690000000LL);    /* 2026-01-06T09:00Z */
	expect_ms("2026-01-05 evening", NOW_UTC, 1767639600000LL);   /* 2026-01-05T19:00Z */
}

static void test_the_forms_people_type(void **state)
{
	(void)state;
	expect_ms("3 days ago", NOW_UTC, NOW_UTC - 3 * DAY_MS);
	expect_ms("today 9am", NOW_UTC, 1767776400000LL);
	expect_ms("yesterday 8pm", NOW_UTC, 1767729600000LL); /* 2026-01-06T20:00Z */
}

static void test_reject_relations(void **state)
{
	static const char *const texts[] = {
	    "last",
	    "last 9am",
	    "last week",
	    "last month",
	    "lastmonday",
	    "this",
	    "this tuesday",
	    "this 9am",
	    "tonight 9pm",
	    "yesterday evening 8pm",
	    "last night 9pm",
	    "evening",
	    "morning 9am",
	    "this morning at 9",
	    "yesterday at evening",
	    "last tuesdays",
	};

	(void)state;
	REJECT_ALL(texts);
	expect_reason("last week", "after \"last\" comes a weekday");
	expect_reason("this tuesday", "after \"this\" comes a part of the day");
}

static void test_berlin_spring_evening_before(void **state)
{
	(void)state;
	/* 2026-03-28 19:00 CET (+01:00) = 18:00Z, the evening before the change. */
	expect_ms("yesterday evening", NOW_BERLIN_SPRING, 1774720800000LL);
	/* 2026-03-22 was a Sunday too: 19:00 CET = 18:00Z. */
	expect_ms("last sunday evening", NOW_BERLIN_SPRING, 1774202400000LL);
}

/* ---- spans counted back from now ------------------------------------ */

static void test_span_hours_minutes_seconds(void **state)
{
	(void)state;
	expect_ms("2h ago", NOW_UTC, NOW_UTC - 2 * HOUR_MS); /* 1767793530250 */
	expect_ms("2 hours ago", NOW_UTC, 1767793530250LL);
	expect_ms("2 HOURS AGO", NOW_UTC, 1767793530250LL);
	expect_ms("30m ago", NOW_UTC, 1767798930250LL);        /* - 1800000 */
	expect_ms("45 min ago", NOW_UTC, 1767798030250LL);     /* - 2700000 */
	expect_ms("90s ago", NOW_UTC, 1767800640250LL);        /* - 90000 */
	expect_ms("1 hr ago", NOW_UTC, 1767797130250LL);       /* - 3600000 */
	expect_ms("10 seconds ago", NOW_UTC, 1767800720250LL); /* - 10000 */
}

static void test_span_days_and_weeks(void **state)
{
	(void)state;
	expect_ms("1d ago", NOW_UTC, 1767714330250LL);     /* 2026-01-06T15:45:30.250Z */
	expect_ms("3 days ago", NOW_UTC, 1767541530250LL); /* 2026-01-04T15:45:30.250Z */
	expect_ms("1 week ago", NOW_UTC, 1767195930250LL); /* 2025-12-31T15:45:30.250Z */
	expect_ms("2w ago", NOW_UTC, 1766591130250LL);     /* 2025-12-24T15:45:30.250Z */
}

static void test_span_a_and_an(void **state)
{
	(void)state;
	expect_ms("an hour ago", NOW_UTC, 1767797130250LL);  /* - 3600000 */
	expect_ms("a minute ago", NOW_UTC, 1767800670250LL); /* - 60000 */
	expect_ms("a day ago", NOW_UTC, 1767714330250LL);    /* yesterday, same time */
	expect_ms("A Week Ago", NOW_UTC, 1767195930250LL);
}

static void test_span_compound(void **state)
{
	(void)state;
	expect_ms("1h 30m ago", NOW_UTC, 1767795330250LL); /* - 5400000 */
	expect_ms("1h30m ago", NOW_UTC, 1767795330250LL);
	expect_ms("1 day 2 hours ago", NOW_UTC, 1767707130250LL); /* 2026-01-06T13:45:30.250Z */
	expect_ms("0s ago", NOW_UTC, NOW_UTC);
}

/* ---- ISO 8601 / RFC 3339 -------------------------------------------- */

static void test_iso_date_is_local_midnight(void **state)
{
	(void)state;
	expect_ms("2026-01-05", NOW_UTC, 1767571200000LL); /* 20458 days * 86400000 */
	expect_ms("2026-1-5", NOW_UTC, 1767571200000LL);
	expect_ms("1970-01-01", NOW_UTC, 0LL);
	expect_ms("9999-12-31", NOW_UTC, 253402214400000LL); /* 2932896 days */
}

static void test_iso_leap_days(void **state)
{
	(void)state;
	expect_ms("2024-02-29", NOW_UTC, 1709164800000LL);  /* 2024-01-01 + 59 days */
	expect_ms("2000-02-29", NOW_UTC, 951782400000LL);   /* 2000-01-01 + 59 days */
	expect_ms("2400-02-29", NOW_UTC, 13574563200000LL); /* divisible by 400: leap */
}

static void test_iso_date_time_local(void **state)
{
	(void)state;
	expect_ms("2026-01-05 14:10", NOW_UTC, 1767622200000LL); /* + 51000 s */
	expect_ms("2026-01-05T14:10", NOW_UTC, 1767622200000LL);
	expect_ms("2026-01-05t14:10", NOW_UTC, 1767622200000LL);
	expect_ms("2026-01-05  9:05", NOW_UTC, 1767603900000LL); /* 2026-01-05T09:05Z */
	expect_ms("2026-01-05 2pm", NOW_UTC, 1767621600000LL);   /* 2026-01-05T14:00Z */
	expect_ms("2026-01-05 at 2pm", NOW_UTC, 1767621600000LL);
}

static void test_iso_seconds_and_fraction(void **state)
{
	(void)state;
	expect_ms("2026-01-05 14:10:05", NOW_UTC, 1767622205000LL);
	expect_ms("2026-01-05T14:10:05.123", NOW_UTC, 1767622205123LL);
	expect_ms("2026-01-05T14:10:05.1", NOW_UTC, 1767622205100LL);
	expect_ms("2026-01-05T14:10:05.12", NOW_UTC, 1767622205120LL);
	/* Beyond milliseconds the digits are accepted and dropped. */
	expect_ms("2026-01-05T14:10:05.123456789", NOW_UTC, 1767622205123LL);
}

static void test_iso_with_offsets(void **state)
{
	(void)state;
	expect_ms("2026-01-05T14:10Z", NOW_UTC, 1767622200000LL);
	expect_ms("2026-01-05T14:10:05.123z", NOW_UTC, 1767622205123LL);
	expect_ms("2026-01-05T14:10+01:00", NOW_UTC, 1767618600000LL); /* 13:10Z */
	expect_ms("2026-01-05T14:10+0100", NOW_UTC, 1767618600000LL);
	expect_ms("2026-01-05T14:10+01", NOW_UTC, 1767618600000LL);
	expect_ms("2026-01-05T14:10-0530", NOW_UTC, 1767642000000LL); /* 19:40Z */
	expect_ms("2026-01-05 14:10:00-05:30", NOW_UTC, 1767642000000LL);
	expect_ms("2026-01-05T00:30+01:00", NOW_UTC, 1767569400000LL); /* 2026-01-04T23:30Z */
}

/* ---- rejects --------------------------------------------------------- */

static void test_reject_empty_and_garbage(void **state)
{
	static const char *const texts[] = {
	    "",        " ",           "   ",
	    "garbage", "tomorow 9",   "nowish",
	    "now now", "today today", "yesterday tomorrow",
	    "todays",  "mond",        "mon day",
	    "at 9am",  "today at",
	};

	(void)state;
	REJECT_ALL(texts);
}

static void test_reject_bad_times(void **state)
{
	static const char *const texts[] = {
	    "24:00",    "today 24:00", "12:60",     "25:00",   "9",         "today 9",
	    "9.30",     "today 9.30",  "8:5",       "8:05:5",  "123:00",    "13pm",
	    "0am",      "00am",        "8:05:00pm", "14:10.5", "14:10:05.", "14:10:05.1234567890",
	    "14:10:60", "9 a.m.",      "8amx",      "8:",
	};

	(void)state;
	REJECT_ALL(texts);
}

static void test_reject_bad_dates(void **state)
{
	static const char *const texts[] = {
	    "2026-13-01", "2026-00-10", "2026-01-32", "2026-01-00",  "2026-02-29",  "2026-02-30",
	    "2024-02-30", "2100-02-29", "2026-04-31", "2026-06-31",  "2026-09-31",  "2026-11-31",
	    "2026/01/05", "2026-01",    "2026-01-",   "2026-001-05", "2026-01-005", "26-01-05",
	};

	(void)state;
	REJECT_ALL(texts);
}

static void test_reject_absurd_years(void **state)
{
	static const char *const texts[] = {
	    "1969-12-31", "0000-01-01", "1900-01-01", "10000-01-01", "99999-01-01",
	};

	(void)state;
	REJECT_ALL(texts);
}

static void test_reject_trailing_junk(void **state)
{
	static const char *const texts[] = {
	    "2026-01-05x",
	    "2026-01-05 14:10 junk",
	    "2026-01-05T",
	    "2026-01-05T2pm",
	    "2026-01-05 14:10 +01:00",
	    "2026-01-05+01:00",
	    "today 21:30Z",
	    "21:30+01:00",
	    "now 9am",
	    "monday 9am tuesday",
	    "2026-01-05T14:10+01:00x",
	    "2026-01-05T14:10+1",
	    "2026-01-05T14:10+01:0",
	    "2026-01-05T14:10+01005",
	};

	(void)state;
	REJECT_ALL(texts);
}

static void test_reject_bad_offsets(void **state)
{
	static const char *const texts[] = {
	    "2026-01-05T14:10+24:00",
	    "2026-01-05T14:10-01:60",
	    "2026-01-05T14:10+",
	    "2026-01-05T14:10Zulu",
	};

	(void)state;
	REJECT_ALL(texts);
}

static void test_reject_bad_spans(void **state)
{
	static const char *const texts[] = {
	    "ago",        "2h",        "2 hours",      "h ago",           "-1h ago",
	    "+1h ago",    "1e3 s ago", "1.5h ago",     "1 fortnight ago", "2 ago",
	    "2h ago ago", "2hago",     "2 months ago", "an ago",          "in 2h",
	};

	(void)state;
	REJECT_ALL(texts);
}

static void test_reject_overflow(void **state)
{
	static const char *const texts[] = {
	    "99999999999999999999h ago",
	    "1000000000s ago",
	    "9999999999 days ago",
	    "18446744073709551617 weeks ago",
	    /* Within the number limit, but before 1970. */
	    "100000 weeks ago",
	    "999999999 hours ago",
	    "25000 days 5h ago",
	    "2026-01-05 99999999999:00",
	    "2026-99999999999-01",
	};

	(void)state;
	REJECT_ALL(texts);
}

static void test_reject_unprintable_bytes(void **state)
{
	struct hv_error err = {0};
	int64_t out;

	(void)state;
	/* Not printable, so the message shows them as '?'. */
	assert_int_equal(hv_when_parse("\xff\xfe", NOW_UTC, &out, &err), -1);
	assert_int_equal(err.code, HV_EINVAL);
	assert_non_null(strstr(err.msg, "\"??\""));
	assert_int_equal(hv_when_parse("today\x01", NOW_UTC, &out, &err), -1);
	assert_non_null(strstr(err.msg, "\"today?\""));
	assert_int_equal(hv_when_parse("2026-01-05\xc3\xa9", NOW_UTC, &out, &err), -1);
	assert_non_null(strstr(err.msg, "\"2026-01-05??\""));
	assert_int_equal(hv_when_parse("\t\n", NOW_UTC, &out, &err), -1);
	assert_int_equal(err.code, HV_EINVAL);
	assert_non_null(strstr(err.msg, "\"??\""));
}

static void test_reject_null_text(void **state)
{
	struct hv_error err = {0};
	int64_t out;

	(void)state;
	assert_int_equal(hv_when_parse(NULL, NOW_UTC, &out, &err), -1);
	assert_int_equal(err.code, HV_EINVAL);
}

static void test_reject_without_error_struct(void **state)
{
	int64_t out;

	(void)state;
	assert_int_equal(hv_when_parse("nope", NOW_UTC, &out, NULL), -1);
}

static void test_message_exact_text(void **state)
{
	struct hv_error err = {0};
	int64_t out;

	(void)state;
	assert_int_equal(hv_when_parse("tomorow 9", NOW_UTC, &out, &err), -1);
	assert_string_equal(err.msg, "could not read \"tomorow 9\" as a date: try \"now\", "
	                             "\"today 21:30\", \"yesterday 8am\", \"2h ago\" or "
	                             "\"2026-01-05 14:10\"");
}

static void test_message_reasons(void **state)
{
	(void)state;
	expect_reason("2026-13-01", "there is no month 13");
	expect_reason("2026-02-30", "February 2026 has 28 days");
	expect_reason("2024-02-30", "February 2024 has 29 days");
	expect_reason("2026-04-31", "April 2026 has 30 days");
	expect_reason("1969-12-31", "years run from 1970 to 9999");
	expect_reason("24:00", "hours run from 0 to 23");
	expect_reason("12:60", "minutes run from 00 to 59");
	expect_reason("13pm", "1 to 12");
	expect_reason("99999999999999999999h ago", "too large");
	expect_reason("100000 weeks ago", "outside the years");
}

static void test_message_long_text_is_cut(void **state)
{
	char text[301];
	struct hv_error err = {0};
	int64_t out;

	(void)state;
	memset(text, 'x', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	assert_int_equal(hv_when_parse(text, NOW_UTC, &out, &err), -1);
	/* The first 64 bytes, then an ellipsis, inside the quotes. */
	text[64] = '\0';
	assert_non_null(strstr(err.msg, text));
	assert_non_null(strstr(err.msg, "x...\""));
	assert_null(
	    strstr(err.msg, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"));
}

/* ---- Europe/Berlin across daylight-saving changes -------------------- */

static void test_berlin_spring_yesterday_is_23_hours(void **state)
{
	(void)state;
	/* 2026-03-28 12:00 CET = 11:00Z: the day before had only 23 hours. */
	expect_ms("yesterday 12:00", NOW_BERLIN_SPRING, 1774695600000LL);
	expect_ms("yesterday", NOW_BERLIN_SPRING, NOW_BERLIN_SPRING - 23 * HOUR_MS);
	expect_ms("1 day ago", NOW_BERLIN_SPRING, 1774695600000LL);
	expect_ms("sat 12pm", NOW_BERLIN_SPRING, 1774695600000LL);
}

static void test_berlin_spring_hours_are_elapsed_time(void **state)
{
	(void)state;
	/* 24 elapsed hours back is 2026-03-28T10:00Z = 11:00 CET, not noon. */
	expect_ms("24h ago", NOW_BERLIN_SPRING, 1774692000000LL);
}

static void test_berlin_spring_offsets_either_side(void **state)
{
	(void)state;
	expect_ms("today 01:30", NOW_BERLIN_SPRING, 1774744200000LL);      /* CET: 00:30Z */
	expect_ms("today 03:30", NOW_BERLIN_SPRING, 1774747800000LL);      /* CEST: 01:30Z */
	expect_ms("2026-03-29", NOW_BERLIN_SPRING, 1774738800000LL);       /* 2026-03-28T23:00Z */
	expect_ms("tomorrow 12:00", NOW_BERLIN_SPRING, 1774864800000LL);   /* 2026-03-30T10:00Z */
	expect_ms("2026-01-05 14:10", NOW_BERLIN_SPRING, 1767618600000LL); /* CET: 13:10Z */
	expect_ms("2026-03-29T12:00+02:00", NOW_BERLIN_SPRING, NOW_BERLIN_SPRING);
	expect_ms("2026-03-29T10:00Z", NOW_BERLIN_SPRING, NOW_BERLIN_SPRING);
}

static void test_berlin_spring_gap_time_is_accepted(void **state)
{
	struct hv_error err = {0};
	int64_t out = 0;

	(void)state;
	/*
	 * 02:30 does not exist that night.  The C library decides where it
	 * lands; it must be one of the two readings, 00:30Z or 01:30Z.
	 */
	assert_int_equal(hv_when_parse("2026-03-29 02:30", NOW_BERLIN_SPRING, &out, &err), 0);
	assert_in_range(out, 1774744200000LL, 1774747800000LL);
}

static void test_berlin_instant_minus_one_second(void **state)
{
	(void)state;
	/* 1970-01-01 00:59:59 CET is -1 s: mktime's error value, yet valid. */
	expect_ms("1970-01-01 00:59:59", NOW_BERLIN_SPRING, -1000LL);
	expect_ms("1970-01-01", NOW_BERLIN_SPRING, -3600000LL); /* 1969-12-31T23:00Z */
}

static void test_berlin_autumn_yesterday_is_25_hours(void **state)
{
	(void)state;
	/* 2026-10-24 12:00 CEST = 10:00Z: the day before had 25 hours. */
	expect_ms("yesterday 12:00", NOW_BERLIN_AUTUMN, 1792836000000LL);
	expect_ms("yesterday", NOW_BERLIN_AUTUMN, NOW_BERLIN_AUTUMN - 25 * HOUR_MS);
	expect_ms("a day ago", NOW_BERLIN_AUTUMN, 1792836000000LL);
	expect_ms("24 hours ago", NOW_BERLIN_AUTUMN, NOW_BERLIN_AUTUMN - DAY_MS);
}

/* ---- Asia/Kolkata, UTC+05:30 ----------------------------------------- */

static void test_kolkata_half_hour_offset(void **state)
{
	(void)state;
	expect_ms("today 00:00", NOW_KOLKATA, 1767724200000LL);   /* 2026-01-06T18:30Z */
	expect_ms("2026-01-05", NOW_KOLKATA, 1767551400000LL);    /* 2026-01-04T18:30Z */
	expect_ms("yesterday 8am", NOW_KOLKATA, 1767666600000LL); /* 2026-01-06T02:30Z */
	expect_ms("2h ago", NOW_KOLKATA, 1767753000000LL);        /* 2026-01-07T02:30Z */
	expect_ms("12pm", NOW_KOLKATA, 1767767400000LL);          /* 2026-01-07T06:30Z */
}

static void test_kolkata_explicit_offset_wins(void **state)
{
	(void)state;
	expect_ms("2026-01-05 14:10Z", NOW_KOLKATA, 1767622200000LL);
	expect_ms("2026-01-05T14:10+05:30", NOW_KOLKATA, 1767602400000LL); /* 08:40Z */
	expect_ms("2026-01-05T14:10", NOW_KOLKATA, 1767602400000LL);       /* local = +05:30 */
}

static void test_kolkata_local_day_differs_from_utc_day(void **state)
{
	(void)state;
	/* At 20:00Z on Wednesday it is already 01:30 Thursday in Kolkata. */
	expect_ms("today 09:00", NOW_KOLKATA_NEXT_DAY, 1767843000000LL); /* Thu 03:30Z */
	expect_ms("thu", NOW_KOLKATA_NEXT_DAY, NOW_KOLKATA_NEXT_DAY);
	expect_ms("wed 9am", NOW_KOLKATA_NEXT_DAY, 1767756600000LL);         /* 2026-01-07T03:30Z */
	expect_ms("yesterday 23:00", NOW_KOLKATA_NEXT_DAY, 1767807000000LL); /* 17:30Z */
}

int main(void)
{
	const struct CMUnitTest utc[] = {
	    cmocka_unit_test(test_now),
	    cmocka_unit_test(test_today_alone_is_now),
	    cmocka_unit_test(test_yesterday_alone_keeps_clock_time),
	    cmocka_unit_test(test_tomorrow_alone_keeps_clock_time),
	    cmocka_unit_test(test_day_word_with_24h_time),
	    cmocka_unit_test(test_day_word_with_12h_time),
	    cmocka_unit_test(test_day_word_with_at),
	    cmocka_unit_test(test_day_word_crosses_month_and_year),
	    cmocka_unit_test(test_bare_24h_time),
	    cmocka_unit_test(test_bare_12h_time),
	    cmocka_unit_test(test_twelve_am_pm),
	    cmocka_unit_test(test_weekday_earlier_this_week),
	    cmocka_unit_test(test_weekday_alone_keeps_clock_time),
	    cmocka_unit_test(test_weekday_today),
	    cmocka_unit_test(test_weekday_today_later_goes_back_a_week),
	    cmocka_unit_test(test_last_weekday_is_before_today),
	    cmocka_unit_test(test_parts_of_the_day),
	    cmocka_unit_test(test_the_forms_people_type),
	    cmocka_unit_test(test_reject_relations),
	    cmocka_unit_test(test_span_hours_minutes_seconds),
	    cmocka_unit_test(test_span_days_and_weeks),
	    cmocka_unit_test(test_span_a_and_an),
	    cmocka_unit_test(test_span_compound),
	    cmocka_unit_test(test_iso_date_is_local_midnight),
	    cmocka_unit_test(test_iso_leap_days),
	    cmocka_unit_test(test_iso_date_time_local),
	    cmocka_unit_test(test_iso_seconds_and_fraction),
	    cmocka_unit_test(test_iso_with_offsets),
	    cmocka_unit_test(test_reject_empty_and_garbage),
	    cmocka_unit_test(test_reject_bad_times),
	    cmocka_unit_test(test_reject_bad_dates),
	    cmocka_unit_test(test_reject_absurd_years),
	    cmocka_unit_test(test_reject_trailing_junk),
	    cmocka_unit_test(test_reject_bad_offsets),
	    cmocka_unit_test(test_reject_bad_spans),
	    cmocka_unit_test(test_reject_overflow),
	    cmocka_unit_test(test_reject_unprintable_bytes),
	    cmocka_unit_test(test_reject_null_text),
	    cmocka_unit_test(test_reject_without_error_struct),
	    cmocka_unit_test(test_message_exact_text),
	    cmocka_unit_test(test_message_reasons),
	    cmocka_unit_test(test_message_long_text_is_cut),
	};
	const struct CMUnitTest berlin[] = {
	    cmocka_unit_test(test_berlin_spring_yesterday_is_23_hours),
	    cmocka_unit_test(test_berlin_spring_hours_are_elapsed_time),
	    cmocka_unit_test(test_berlin_spring_offsets_either_side),
	    cmocka_unit_test(test_berlin_spring_gap_time_is_accepted),
	    cmocka_unit_test(test_berlin_instant_minus_one_second),
	    cmocka_unit_test(test_berlin_autumn_yesterday_is_25_hours),
	    cmocka_unit_test(test_berlin_spring_evening_before),
	};
	const struct CMUnitTest kolkata[] = {
	    cmocka_unit_test(test_kolkata_half_hour_offset),
	    cmocka_unit_test(test_kolkata_explicit_offset_wins),
	    cmocka_unit_test(test_kolkata_local_day_differs_from_utc_day),
	};
	int failed = 0;

	failed += cmocka_run_group_tests_name("when (UTC)", utc, setup_utc, NULL);
	failed += cmocka_run_group_tests_name("when (Europe/Berlin)", berlin, setup_berlin, NULL);
	failed += cmocka_run_group_tests_name("when (Asia/Kolkata)", kolkata, setup_kolkata, NULL);
	return failed ? 1 : 0;
}
