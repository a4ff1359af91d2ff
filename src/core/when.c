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
 * input whatsoever is safe to feed it.
 */
#include "when.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "calendar.h"
#include "clock.h"

#define MS_PER_SEC  1000LL
#define MS_PER_MIN  (60 * MS_PER_SEC)
#define MS_PER_HOUR (60 * MS_PER_MIN)
#define MS_PER_DAY  (24 * MS_PER_HOUR)

/* Before 1970 or after 9999 is a typo, not a journal entry. */
#define YEAR_MIN 1970
#define YEAR_MAX 9999

/* Counts in "N units ago" stop here: nine digits can never overflow. */
#define COUNT_DIGITS_MAX 9
/* No span longer than this can start at or before 9999 and end after 1970. */
#define SPAN_DAYS_MAX (10000LL * 366)
#define SPAN_MS_MAX   (SPAN_DAYS_MAX * MS_PER_DAY)

/* How much of the caller's text is echoed back in an error message. */
#define ECHO_MAX 64

#define FORMS_HINT                                                                                 \
	"try \"now\", \"today 21:30\", \"yesterday 8am\", \"2h ago\" or \"2026-01-05 14:10\""

/* A cursor over the trimmed text, plus the reason it was rejected, if known. */
struct scan {
	const char *p;   /* next unread byte */
	const char *end; /* one past the last non-space byte */
	char why[96];    /* specific complaint ("there is no month 13"), or "" */
};

enum day_kind {
	DAY_RELATIVE, /* today, yesterday, tomorrow, or a bare time (today) */
	DAY_WEEKDAY,  /* the latest such weekday */
	DAY_DATE,     /* a calendar date written out */
};

/* What the text said, before it is placed on the timeline. */
struct when {
	enum day_kind kind;
	int day_delta;        /* DAY_RELATIVE: days from today */
	int wday;             /* DAY_WEEKDAY: 0 = Sunday, as in struct tm */
	int before_today;     /* DAY_WEEKDAY: "last tuesday", never today */
	int year, month, day; /* DAY_DATE */
	int has_time;
	int hour, minute, second, millis;
	int has_offset;
	int off_min; /* minutes east of UTC */
};

static const char *const month_names[12] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December",
};

/* Indexed like struct tm's tm_wday so a match can be used directly. */
static const char *const weekday_names[7] = {
    "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
};

/*
 * Parts of the day, each read as one hour on the clock: what a person means
 * by "yesterday evening" is a moment somewhere in it, and the hour a journal
 * shows should fall inside the part they named.
 */
static const struct {
	const char *name;
	int hour;
} day_parts[] = {
    {"morning", 9}, {"noon", 12}, {"afternoon", 15}, {"evening", 19}, {"night", 22},
};

/* A unit of "N units ago": either a fixed length or whole calendar days. */
struct span_unit {
	const char *name;
	int64_t ms;
	int days;
};

static const struct span_unit span_units[] = {
    {"s", MS_PER_SEC, 0},
    {"sec", MS_PER_SEC, 0},
    {"secs", MS_PER_SEC, 0},
    {"second", MS_PER_SEC, 0},
    {"seconds", MS_PER_SEC, 0},
    {"m", MS_PER_MIN, 0},
    {"min", MS_PER_MIN, 0},
    {"mins", MS_PER_MIN, 0},
    {"minute", MS_PER_MIN, 0},
    {"minutes", MS_PER_MIN, 0},
    {"h", MS_PER_HOUR, 0},
    {"hr", MS_PER_HOUR, 0},
    {"hrs", MS_PER_HOUR, 0},
    {"hour", MS_PER_HOUR, 0},
    {"hours", MS_PER_HOUR, 0},
    {"d", 0, 1},
    {"day", 0, 1},
    {"days", 0, 1},
    {"w", 0, 7},
    {"wk", 0, 7},
    {"wks", 0, 7},
    {"week", 0, 7},
    {"weeks", 0, 7},
};

/*
 * Character classes of our own: <ctype.h> is locale-dependent and undefined
 * for negative char values, and the input may hold any byte at all.
 */
static int is_space(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int to_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int is_alpha(int c)
{
	c = to_lower(c);
	return c >= 'a' && c <= 'z';
}

/* The next byte, or 0 at the end (the text is a C string, so 0 is unambiguous). */
static int peek(const struct scan *s)
{
	return s->p < s->end ? (unsigned char)*s->p : 0;
}

static int at_end(const struct scan *s)
{
	return s->p >= s->end;
}

static int skip_space(struct scan *s)
{
	const char *start = s->p;

	while (s->p < s->end && is_space((unsigned char)*s->p))
		s->p++;
	return s->p != start;
}

/* Record why the text was rejected and return -1, for `return reject(...)`. */
__attribute__((format(printf, 2, 3))) static int reject(struct scan *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->why, sizeof s->why, fmt, ap);
	va_end(ap);
	return -1;
}

/* Do the n bytes at p spell word (lower case), ignoring case? */
static int same_letters(const char *p, const char *word, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (to_lower((unsigned char)p[i]) != word[i])
			return 0;
	return 1;
}

/*
 * Consume the first n letters of word if they stand as a whole word here:
 * "mon" must not match the start of "month".
 */
static int match_prefix_word(struct scan *s, const char *word, size_t n)
{
	if ((size_t)(s->end - s->p) < n || !same_letters(s->p, word, n))
		return 0;
	if (s->p + n < s->end && is_alpha((unsigned char)s->p[n]))
		return 0;
	s->p += n;
	return 1;
}

static int match_word(struct scan *s, const char *word)
{
	return match_prefix_word(s, word, strlen(word));
}

/*
 * Read between min and max digits into *out.  Stops after max digits so that
 * fixed-width fields ("+0100") can be split; whatever follows is the caller's
 * business.
 */
static int read_digits(struct scan *s, int min, int max, int *out)
{
	int n = 0, v = 0;

	while (n < max && is_digit(peek(s))) {
		v = v * 10 + (*s->p - '0');
		s->p++;
		n++;
	}
	if (n < min)
		return -1;
	*out = v;
	return 0;
}

/* Digits after the decimal point: keep milliseconds, allow up to nanoseconds. */
static int read_fraction(struct scan *s, int *millis)
{
	int n = 0, ms = 0;

	while (is_digit(peek(s))) {
		if (++n > 9)
			return -1;
		if (n <= 3)
			ms = ms * 10 + (*s->p - '0');
		s->p++;
	}
	if (n == 0)
		return -1;
	for (; n < 3; n++)
		ms *= 10;
	*millis = ms;
	return 0;
}

/* "2026-01-05" starts with four digits and a dash; nothing else we read does. */
static int looks_like_date(const struct scan *s)
{
	if (s->end - s->p < 5)
		return 0;
	for (int i = 0; i < 4; i++)
		if (!is_digit((unsigned char)s->p[i]))
			return 0;
	return s->p[4] == '-';
}

static int check_date(struct scan *s, int y, int m, int d)
{
	if (y < YEAR_MIN || y > YEAR_MAX)
		return reject(s, "years run from %d to %d", YEAR_MIN, YEAR_MAX);
	if (m < 1 || m > 12)
		return reject(s, "there is no month %d", m);
	if (d < 1 || d > hv_days_in_month(y, m))
		return reject(s, "%s %d has %d days", month_names[m - 1], y,
		              hv_days_in_month(y, m));
	return 0;
}

/* YYYY-MM-DD; month and day may also be written with one digit. */
static int parse_date(struct scan *s, struct when *w)
{
	if (read_digits(s, 4, 4, &w->year) || peek(s) != '-')
		return -1;
	s->p++;
	if (read_digits(s, 1, 2, &w->month) || peek(s) != '-')
		return -1;
	s->p++;
	if (read_digits(s, 1, 2, &w->day) || is_digit(peek(s)))
		return -1;
	return check_date(s, w->year, w->month, w->day);
}

/* "am" or "pm", after optional space: 1 for am, 2 for pm, 0 (nothing read) if neither. */
static int read_meridiem(struct scan *s)
{
	const char *save = s->p;

	skip_space(s);
	if (match_word(s, "am"))
		return 1;
	if (match_word(s, "pm"))
		return 2;
	s->p = save;
	return 0;
}

/*
 * A time of day: HH:MM[:SS[.fff]] on the 24-hour clock, or H[:MM] am|pm.  A
 * bare number ("9") is refused: it could as well be a day or a count.
 * *is_24h tells the caller whether a UTC offset may follow.
 */
static int parse_time(struct scan *s, struct when *w, int allow_12h, int *is_24h)
{
	int has_minute = 0, has_second = 0, meridiem = 0;

	w->hour = w->minute = w->second = w->millis = 0;
	if (read_digits(s, 1, 2, &w->hour))
		return -1;
	if (peek(s) == ':') {
		s->p++;
		if (read_digits(s, 2, 2, &w->minute))
			return -1;
		has_minute = 1;
	}
	if (has_minute && peek(s) == ':') {
		s->p++;
		if (read_digits(s, 2, 2, &w->second))
			return -1;
		has_second = 1;
		if (peek(s) == '.') {
			s->p++;
			if (read_fraction(s, &w->millis))
				return -1;
		}
	}
	if (allow_12h && !has_second)
		meridiem = read_meridiem(s);
	if (meridiem) {
		if (w->hour < 1 || w->hour > 12)
			return reject(s, "with am or pm the hour runs from 1 to 12");
		/* 12am is midnight and 12pm is noon. */
		w->hour = w->hour % 12 + (meridiem == 2 ? 12 : 0);
	} else if (!has_minute) {
		return -1;
	} else if (w->hour > 23) {
		return reject(s, "hours run from 0 to 23");
	}
	if (w->minute > 59)
		return reject(s, "minutes run from 00 to 59");
	if (w->second > 59)
		return reject(s, "seconds run from 00 to 59");
	w->has_time = 1;
	*is_24h = !meridiem;
	return 0;
}

/* Z, ±HH, ±HHMM or ±HH:MM, if present right after the time. */
static int parse_offset(struct scan *s, struct when *w)
{
	int c = to_lower(peek(s)), hh, mm = 0;

	if (c == 'z') {
		s->p++;
		w->has_offset = 1;
		w->off_min = 0;
		return 0;
	}
	if (c != '+' && c != '-')
		return 0;
	s->p++;
	if (read_digits(s, 2, 2, &hh))
		return -1;
	if (peek(s) == ':') {
		s->p++;
		if (read_digits(s, 2, 2, &mm))
			return -1;
	} else if (is_digit(peek(s)) && read_digits(s, 2, 2, &mm)) {
		return -1;
	}
	if (hh > 23 || mm > 59)
		return reject(s, "a UTC offset can be at most 23:59");
	w->has_offset = 1;
	w->off_min = (c == '-' ? -1 : 1) * (hh * 60 + mm);
	return 0;
}

/* "mon" or "monday" (any case): the tm_wday, or -1 if no weekday is here. */
static int read_weekday(struct scan *s)
{
	for (int i = 0; i < 7; i++)
		if (match_word(s, weekday_names[i]) || match_prefix_word(s, weekday_names[i], 3))
			return i;
	return -1;
}

/* "morning", "evening", …: sets the time of w to its hour; 0 if none is here. */
static int read_day_part(struct scan *s, struct when *w)
{
	for (size_t i = 0; i < sizeof day_parts / sizeof day_parts[0]; i++) {
		if (match_word(s, day_parts[i].name)) {
			w->has_time = 1;
			w->hour = day_parts[i].hour;
			w->minute = w->second = w->millis = 0;
			return 1;
		}
	}
	return 0;
}

/*
 * The words that name a day in relation to today: "last tuesday", "last
 * night", "this morning", "tonight".  1 if read, 0 if none, -1 if wrong.
 */
static int parse_day_relation(struct scan *s, struct when *w)
{
	if (match_word(s, "tonight")) {
		w->kind = DAY_RELATIVE;
		w->day_delta = 0;
		w->has_time = 1;
		w->hour = 22;
		return 1;
	}
	if (match_word(s, "this")) {
		w->kind = DAY_RELATIVE;
		w->day_delta = 0;
		if (!skip_space(s) || !read_day_part(s, w))
			return reject(s, "after \"this\" comes a part of the day, as in \"this "
			                 "morning\"");
		return 1;
	}
	if (!match_word(s, "last"))
		return 0;
	if (!skip_space(s))
		return reject(s, "after \"last\" comes a weekday, as in \"last tuesday\"");
	if (match_word(s, "night")) {
		w->kind = DAY_RELATIVE;
		w->day_delta = -1;
		w->has_time = 1;
		w->hour = 22;
		return 1;
	}
	w->wday = read_weekday(s);
	if (w->wday < 0)
		return reject(s, "after \"last\" comes a weekday, as in \"last tuesday\"");
	w->kind = DAY_WEEKDAY;
	w->before_today = 1;
	return 1;
}

/* The day part of a phrase: 1 if one was read, 0 if there is none, -1 if it is wrong. */
static int parse_day(struct scan *s, struct when *w)
{
	static const struct {
		const char *word;
		int delta;
	} day_words[] = {{"today", 0}, {"yesterday", -1}, {"tomorrow", 1}};

	int related = parse_day_relation(s, w);

	if (related)
		return related;
	if (looks_like_date(s)) {
		w->kind = DAY_DATE;
		return parse_date(s, w) ? -1 : 1;
	}
	for (size_t i = 0; i < sizeof day_words / sizeof day_words[0]; i++) {
		if (match_word(s, day_words[i].word)) {
			w->kind = DAY_RELATIVE;
			w->day_delta = day_words[i].delta;
			return 1;
		}
	}
	w->wday = read_weekday(s);
	if (w->wday >= 0) {
		w->kind = DAY_WEEKDAY;
		return 1;
	}
	return 0;
}

/* [day] [[T| ][at ]time[offset]], with at least one of day and time. */
static int parse_moment(struct scan *s, struct when *w)
{
	int got_day = parse_day(s, w), is_24h = 0;

	if (got_day < 0)
		return -1;
	if (got_day && at_end(s))
		return 0;
	/* "last night", "this morning" already hold their hour. */
	if (got_day && w->has_time)
		return -1;
	if (!got_day) {
		/* A time alone means today. */
		w->kind = DAY_RELATIVE;
		w->day_delta = 0;
	} else if (w->kind == DAY_DATE && to_lower(peek(s)) == 't') {
		/* ISO 8601's "T" separator: strictly a 24-hour time follows. */
		s->p++;
		if (parse_time(s, w, 0, &is_24h) || parse_offset(s, w))
			return -1;
		return at_end(s) ? 0 : -1;
	} else {
		if (!skip_space(s))
			return -1;
		/* "yesterday evening", "last tuesday morning" */
		if (read_day_part(s, w))
			return at_end(s) ? 0 : -1;
		if (match_word(s, "at") && !skip_space(s))
			return -1;
	}
	if (parse_time(s, w, 1, &is_24h))
		return -1;
	/* An offset only makes sense on a written date: "today" is already local. */
	if (w->kind == DAY_DATE && is_24h && parse_offset(s, w))
		return -1;
	return at_end(s) ? 0 : -1;
}

/* A count in "N units ago": digits, or "a"/"an" for one. */
static int read_count(struct scan *s, int64_t *n)
{
	int digits = 0;

	if (match_word(s, "a") || match_word(s, "an")) {
		*n = 1;
		return 0;
	}
	*n = 0;
	while (is_digit(peek(s))) {
		if (++digits > COUNT_DIGITS_MAX)
			return reject(s, "the number is too large");
		*n = *n * 10 + (*s->p - '0');
		s->p++;
	}
	return digits ? 0 : -1;
}

/* A unit word from span_units, or NULL; "1h30m" needs no space after it. */
static const struct span_unit *read_unit(struct scan *s)
{
	const char *start = s->p;
	size_t len;

	while (is_alpha(peek(s)))
		s->p++;
	len = (size_t)(s->p - start);
	for (size_t i = 0; i < sizeof span_units / sizeof span_units[0]; i++)
		if (strlen(span_units[i].name) == len &&
		    same_letters(start, span_units[i].name, len))
			return &span_units[i];
	return NULL;
}

/* Does the text end in the word "ago"?  Then it can only be a span. */
static int ends_with_ago(const struct scan *s)
{
	const char *q = s->end;

	while (q > s->p && is_alpha((unsigned char)q[-1]))
		q--;
	return s->end - q == 3 && same_letters(q, "ago", 3);
}

/*
 * "2h 30m ago", "3 days ago", "an hour ago": whole days and weeks are counted
 * on the calendar, the rest as elapsed time.
 */
static int parse_span(struct scan *s, int64_t *days, int64_t *ms)
{
	int groups = 0;

	*days = *ms = 0;
	while (!match_word(s, "ago")) {
		const struct span_unit *u;
		int64_t n;

		if (read_count(s, &n))
			return -1;
		skip_space(s);
		u = read_unit(s);
		if (!u)
			return -1;
		/* Both stay far from overflow: n < 10^9 and each total is capped. */
		*days += n * u->days;
		*ms += n * u->ms;
		if (*days > SPAN_DAYS_MAX || *ms > SPAN_MS_MAX)
			return reject(s, "that is too far back");
		groups++;
		skip_space(s);
	}
	return groups && at_end(s) ? 0 : -1;
}

/* now_ms as local broken-down time plus its milliseconds. */
static int local_now(struct scan *s, int64_t now_ms, struct tm *tm, int *millis)
{
	time_t t = (time_t)hv_floor_div(now_ms, MS_PER_SEC);

	if (!localtime_r(&t, tm))
		return reject(s, "the current time is out of range");
	*millis = (int)(now_ms - (int64_t)t * MS_PER_SEC);
	return 0;
}

static int check_year(struct scan *s, int tm_year)
{
	if (tm_year < YEAR_MIN - 1900 || tm_year > YEAR_MAX - 1900)
		return reject(s, "that falls outside the years %d to %d", YEAR_MIN, YEAR_MAX);
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
		return reject(s, "that date is out of range");
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
		return reject(s, "that date is out of range");
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

	if (ends_with_ago(s)) {
		if (parse_span(s, &days, &ms))
			return -1;
		return resolve_span(s, now_ms, days, ms, out);
	}
	if (match_word(s, "now")) {
		*out = now_ms;
		return at_end(s) ? 0 : -1;
	}
	memset(&w, 0, sizeof w);
	if (parse_moment(s, &w))
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
	skip_space(&s);
	while (s.end > s.p && is_space((unsigned char)s.end[-1]))
		s.end--;
	if (parse_phrase(&s, now_ms, &ms))
		return fail_unreadable(err, text, s.why);
	if (out_ms)
		*out_ms = ms;
	return 0;
}
