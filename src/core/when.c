/*
 * when.c — turning "yesterday 8am" into UTC milliseconds.
 *
 * The text is read as one of three shapes: a span counted back from now
 * ("2h 30m ago"), a day ("today", "monday", "2026-01-05") with an optional
 * time of day, or a time of day alone.  Days are worked out on the local
 * calendar and the resulting wall-clock time is handed to mktime(), so the C
 * library, not a table of ours, decides which UTC offset applied that day.
 * That is also why "yesterday" means "the calendar day before" rather than
 * "86400 seconds ago": across a change of daylight-saving time the two differ
 * by an hour.
 *
 * The scanner never reads past the trimmed end of the text, treats every byte
 * as opaque and bounds every number before doing arithmetic with it, so any
 * input whatsoever is safe to feed it.  The scanner and the forms are
 * when-scan.c and when-read.c (when-private.h).
 */
#include "when.h"

#include <string.h>
#include <time.h>

#include "calendar.h"
#include "clock.h"
#include "when-private.h"

/* How much of the caller's text is echoed back in an error message. */
#define ECHO_MAX 64

#define FORMS_HINT                                                                                 \
	"try \"now\", \"today 21:30\", \"yesterday 8am\", \"2h ago\" or \"2026-01-05 14:10\""

static int local_now(struct scan *s, int64_t now_ms, struct tm *tm, int *millis)
{
	time_t t = (time_t)hv_floor_div(now_ms, MS_PER_SEC);

	if (!localtime_r(&t, tm))
		return hv_when_reject(s, "the current time is out of range");
	*millis = (int)(now_ms - (int64_t)t * MS_PER_SEC);
	return 0;
}

static int check_year(struct scan *s, int tm_year)
{
	if (tm_year < YEAR_MIN - 1900 || tm_year > YEAR_MAX - 1900)
		return hv_when_reject(s, "that falls outside the years %d to %d", YEAR_MIN,
		                      YEAR_MAX);
	return 0;
}

/*
 * Local wall-clock time to UTC ms.  The fields may be out of range (day 0,
 * day -3): mktime normalises them on the calendar, and tm_isdst = -1 lets
 * it pick whichever offset was in force on the resulting day.
 */
static int local_to_ms(struct scan *s, struct tm *tm, int millis, int64_t *out)
{
	time_t t;

	tm->tm_isdst = -1;
	/* mktime may legitimately return -1, so success is told by tm_wday being set. */
	tm->tm_wday = -1;
	t = mktime(tm);
	if (tm->tm_wday < 0)
		return hv_when_reject(s, "that date is out of range");
	if (check_year(s, tm->tm_year))
		return -1;
	*out = (int64_t)t * MS_PER_SEC + millis;
	return 0;
}

/* The local day delta days from now, at the given time or now's time of day. */
static int day_at(struct scan *s, const struct when *w, const struct tm *now, int now_millis,
                  int delta, int64_t *out)
{
	struct tm tm = *now;
	int millis = now_millis;

	tm.tm_mday += delta;
	if (w->has_time) {
		tm.tm_hour = w->hour;
		tm.tm_min = w->minute;
		tm.tm_sec = w->second;
		millis = w->millis;
	}
	return local_to_ms(s, &tm, millis, out);
}

/*
 * Whole days back on the calendar first (keeping the local clock time, as
 * "yesterday" does), then the elapsed hours, minutes and seconds.
 */
static int resolve_span(struct scan *s, int64_t now_ms, int64_t days, int64_t ms, int64_t *out)
{
	struct tm now, tm;
	int millis = 0; /* set by local_now; gcc cannot see that */
	int64_t base = now_ms;
	time_t t;

	if (local_now(s, now_ms, &now, &millis))
		return -1;
	if (days) {
		tm = now;
		tm.tm_mday -= (int)days;
		if (local_to_ms(s, &tm, millis, &base))
			return -1;
	}
	*out = base - ms;
	t = (time_t)hv_floor_div(*out, MS_PER_SEC);
	if (!localtime_r(&t, &tm))
		return hv_when_reject(s, "that date is out of range");
	return check_year(s, tm.tm_year);
}

/*
 * The latest such weekday on or before today; if that is today but the time
 * given is still to come, the one a week earlier.  A weekday alone keeps the
 * current time of day, like "yesterday" does.
 */
static int resolve_weekday(struct scan *s, const struct when *w, int64_t now_ms,
                           const struct tm *now, int now_millis, int64_t *out)
{
	int back = (now->tm_wday - w->wday + 7) % 7;

	/* "last tuesday" on a Tuesday is a week ago. */
	if (back == 0 && w->before_today)
		back = 7;
	if (back == 0 && !w->has_time) {
		*out = now_ms;
		return 0;
	}
	if (day_at(s, w, now, now_millis, -back, out))
		return -1;
	if (back == 0 && *out > now_ms)
		return day_at(s, w, now, now_millis, -7, out);
	return 0;
}

/* A written date: an exact instant with an offset, local wall time without. */
static int resolve_date(struct scan *s, const struct when *w, int64_t *out)
{
	struct tm tm = {0};

	if (w->has_offset) {
		*out = hv_days_from_civil(w->year, w->month, w->day) * MS_PER_DAY +
		       w->hour * MS_PER_HOUR + w->minute * MS_PER_MIN + w->second * MS_PER_SEC +
		       w->millis - w->off_min * MS_PER_MIN;
		return 0;
	}
	tm.tm_year = w->year - 1900;
	tm.tm_mon = w->month - 1;
	tm.tm_mday = w->day;
	tm.tm_hour = w->hour;
	tm.tm_min = w->minute;
	tm.tm_sec = w->second;
	return local_to_ms(s, &tm, w->millis, out);
}

static int resolve_moment(struct scan *s, const struct when *w, int64_t now_ms, int64_t *out)
{
	struct tm now;
	int millis = 0; /* set by local_now; gcc cannot see that */

	if (w->kind == DAY_DATE)
		return resolve_date(s, w, out);
	/* "today" alone is exactly now; going through mktime could move it in a repeated hour. */
	if (w->kind == DAY_RELATIVE && w->day_delta == 0 && !w->has_time) {
		*out = now_ms;
		return 0;
	}
	if (local_now(s, now_ms, &now, &millis))
		return -1;
	if (w->kind == DAY_WEEKDAY)
		return resolve_weekday(s, w, now_ms, &now, millis, out);
	return day_at(s, w, &now, millis, w->day_delta, out);
}

static int parse_phrase(struct scan *s, int64_t now_ms, int64_t *out)
{
	struct when w;
	int64_t days, ms;

	if (hv_when_ends_with_ago(s)) {
		if (hv_when_read_span(s, &days, &ms))
			return -1;
		return resolve_span(s, now_ms, days, ms, out);
	}
	if (hv_when_match_word(s, "now")) {
		*out = now_ms;
		return hv_when_at_end(s) ? 0 : -1;
	}
	memset(&w, 0, sizeof w);
	if (hv_when_read_moment(s, &w))
		return -1;
	return resolve_moment(s, &w, now_ms, out);
}

/*
 * A printable copy of the caller's text for the message: the text may hold
 * any bytes, and a message may end up in a terminal or in JSON.
 */
static void echo_text(const char *text, char *buf, size_t size)
{
	size_t n = 0;

	for (; text[n] && n < ECHO_MAX && n + 1 < size; n++) {
		unsigned char c = (unsigned char)text[n];
		buf[n] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	buf[n] = '\0';
	if (text[n] && n + 4 <= size)
		memcpy(buf + n, "...", 4);
}

static int fail_unreadable(struct hv_error *err, const char *text, const char *why)
{
	char echo[ECHO_MAX + 4];

	echo_text(text, echo, sizeof echo);
	if (why[0])
		return hv_fail(err, HV_EINVAL, "could not read \"%s\" as a date: %s; " FORMS_HINT,
		               echo, why);
	return hv_fail(err, HV_EINVAL, "could not read \"%s\" as a date: " FORMS_HINT, echo);
}

int hv_when_parse(const char *text, int64_t now_ms, int64_t *out_ms, struct hv_error *err)
{
	struct scan s = {0};
	int64_t ms;

	if (!text)
		text = "";
	s.p = text;
	s.end = text + strlen(text);
	hv_when_skip_space(&s);
	while (s.end > s.p && hv_when_is_space((unsigned char)s.end[-1]))
		s.end--;
	if (parse_phrase(&s, now_ms, &ms))
		return fail_unreadable(err, text, s.why);
	if (out_ms)
		*out_ms = ms;
	return 0;
}
