/*
 * when-read.c — the forms a date or time is written in (when.h lists
 * them): a day ("yesterday", "last tuesday", "2026-01-05"), a time of day
 * ("8am", "21:30:05.250"), a UTC offset, a part of the day ("evening"),
 * and a span counted back ("2h 30m ago").  What is read lands in struct
 * when (or a span's days and milliseconds); when.c places it in time.
 */
#include <string.h>

#include "calendar.h"
#include "when-private.h"

/* Counts in "N units ago" stop here: nine digits can never overflow. */
#define COUNT_DIGITS_MAX 9
/* No span longer than this can start at or before 9999 and end after 1970. */
#define SPAN_DAYS_MAX (10000LL * 366)
#define SPAN_MS_MAX   (SPAN_DAYS_MAX * MS_PER_DAY)

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

/* "2026-01-05" starts with four digits and a dash; nothing else we read does. */
static int looks_like_date(const struct scan *s)
{
	if (s->end - s->p < 5)
		return 0;
	for (int i = 0; i < 4; i++)
		if (!hv_when_is_digit((unsigned char)s->p[i]))
			return 0;
	return s->p[4] == '-';
}

static int check_date(struct scan *s, int y, int m, int d)
{
	if (y < YEAR_MIN || y > YEAR_MAX)
		return hv_when_reject(s, "years run from %d to %d", YEAR_MIN, YEAR_MAX);
	if (m < 1 || m > 12)
		return hv_when_reject(s, "there is no month %d", m);
	if (d < 1 || d > hv_days_in_month(y, m))
		return hv_when_reject(s, "%s %d has %d days", month_names[m - 1], y,
		                      hv_days_in_month(y, m));
	return 0;
}

/* YYYY-MM-DD; month and day may also be written with one digit. */
static int parse_date(struct scan *s, struct when *w)
{
	if (hv_when_read_digits(s, 4, 4, &w->year) || hv_when_peek(s) != '-')
		return -1;
	s->p++;
	if (hv_when_read_digits(s, 1, 2, &w->month) || hv_when_peek(s) != '-')
		return -1;
	s->p++;
	if (hv_when_read_digits(s, 1, 2, &w->day) || hv_when_is_digit(hv_when_peek(s)))
		return -1;
	return check_date(s, w->year, w->month, w->day);
}

/* "am" or "pm", after optional space: 1 for am, 2 for pm, 0 (nothing read) if neither. */
static int read_meridiem(struct scan *s)
{
	const char *save = s->p;

	hv_when_skip_space(s);
	if (hv_when_match_word(s, "am"))
		return 1;
	if (hv_when_match_word(s, "pm"))
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
	if (hv_when_read_digits(s, 1, 2, &w->hour))
		return -1;
	if (hv_when_peek(s) == ':') {
		s->p++;
		if (hv_when_read_digits(s, 2, 2, &w->minute))
			return -1;
		has_minute = 1;
	}
	if (has_minute && hv_when_peek(s) == ':') {
		s->p++;
		if (hv_when_read_digits(s, 2, 2, &w->second))
			return -1;
		has_second = 1;
		if (hv_when_peek(s) == '.') {
			s->p++;
			if (hv_when_read_fraction(s, &w->millis))
				return -1;
		}
	}
	if (allow_12h && !has_second)
		meridiem = read_meridiem(s);
	if (meridiem) {
		if (w->hour < 1 || w->hour > 12)
			return hv_when_reject(s, "with am or pm the hour runs from 1 to 12");
		/* 12am is midnight and 12pm is noon. */
		w->hour = w->hour % 12 + (meridiem == 2 ? 12 : 0);
	} else if (!has_minute) {
		return -1;
	} else if (w->hour > 23) {
		return hv_when_reject(s, "hours run from 0 to 23");
	}
	if (w->minute > 59)
		return hv_when_reject(s, "minutes run from 00 to 59");
	if (w->second > 59)
		return hv_when_reject(s, "seconds run from 00 to 59");
	w->has_time = 1;
	*is_24h = !meridiem;
	return 0;
}

/* Z, ±HH, ±HHMM or ±HH:MM, if present right after the time. */
static int parse_offset(struct scan *s, struct when *w)
{
	int c = hv_when_to_lower(hv_when_peek(s)), hh, mm = 0;

	if (c == 'z') {
		s->p++;
		w->has_offset = 1;
		w->off_min = 0;
		return 0;
	}
	if (c != '+' && c != '-')
		return 0;
	s->p++;
	if (hv_when_read_digits(s, 2, 2, &hh))
		return -1;
	if (hv_when_peek(s) == ':') {
		s->p++;
		if (hv_when_read_digits(s, 2, 2, &mm))
			return -1;
	} else if (hv_when_is_digit(hv_when_peek(s)) && hv_when_read_digits(s, 2, 2, &mm)) {
		return -1;
	}
	if (hh > 23 || mm > 59)
		return hv_when_reject(s, "a UTC offset can be at most 23:59");
	w->has_offset = 1;
	w->off_min = (c == '-' ? -1 : 1) * (hh * 60 + mm);
	return 0;
}

/* "mon" or "monday" (any case): the tm_wday, or -1 if no weekday is here. */
static int read_weekday(struct scan *s)
{
	for (int i = 0; i < 7; i++)
		if (hv_when_match_word(s, weekday_names[i]) ||
		    hv_when_match_prefix_word(s, weekday_names[i], 3))
			return i;
	return -1;
}

/* "morning", "evening", …: sets the time of w to its hour; 0 if none is here. */
static int read_day_part(struct scan *s, struct when *w)
{
	for (size_t i = 0; i < sizeof day_parts / sizeof day_parts[0]; i++) {
		if (hv_when_match_word(s, day_parts[i].name)) {
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
	if (hv_when_match_word(s, "tonight")) {
		w->kind = DAY_RELATIVE;
		w->day_delta = 0;
		w->has_time = 1;
		w->hour = 22;
		return 1;
	}
	if (hv_when_match_word(s, "this")) {
		w->kind = DAY_RELATIVE;
		w->day_delta = 0;
		if (!hv_when_skip_space(s) || !read_day_part(s, w))
			return hv_when_reject(
			    s, "after \"this\" comes a part of the day, as in \"this "
			       "morning\"");
		return 1;
	}
	if (!hv_when_match_word(s, "last"))
		return 0;
	if (!hv_when_skip_space(s))
		return hv_when_reject(s, "after \"last\" comes a weekday, as in \"last tuesday\"");
	if (hv_when_match_word(s, "night")) {
		w->kind = DAY_RELATIVE;
		w->day_delta = -1;
		w->has_time = 1;
		w->hour = 22;
		return 1;
	}
	w->wday = read_weekday(s);
	if (w->wday < 0)
		return hv_when_reject(s, "after \"last\" comes a weekday, as in \"last tuesday\"");
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
		if (hv_when_match_word(s, day_words[i].word)) {
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
int hv_when_read_moment(struct scan *s, struct when *w)
{
	int got_day = parse_day(s, w), is_24h = 0;

	if (got_day < 0)
		return -1;
	if (got_day && hv_when_at_end(s))
		return 0;
	/* "last night", "this morning" already hold their hour. */
	if (got_day && w->has_time)
		return -1;
	if (!got_day) {
		/* A time alone means today. */
		w->kind = DAY_RELATIVE;
		w->day_delta = 0;
	} else if (w->kind == DAY_DATE && hv_when_to_lower(hv_when_peek(s)) == 't') {
		/* ISO 8601's "T" separator: strictly a 24-hour time follows. */
		s->p++;
		if (parse_time(s, w, 0, &is_24h) || parse_offset(s, w))
			return -1;
		return hv_when_at_end(s) ? 0 : -1;
	} else {
		if (!hv_when_skip_space(s))
			return -1;
		/* "yesterday evening", "last tuesday morning" */
		if (read_day_part(s, w))
			return hv_when_at_end(s) ? 0 : -1;
		if (hv_when_match_word(s, "at") && !hv_when_skip_space(s))
			return -1;
	}
	if (parse_time(s, w, 1, &is_24h))
		return -1;
	/* An offset only makes sense on a written date: "today" is already local. */
	if (w->kind == DAY_DATE && is_24h && parse_offset(s, w))
		return -1;
	return hv_when_at_end(s) ? 0 : -1;
}

/* A count in "N units ago": digits, or "a"/"an" for one. */
static int read_count(struct scan *s, int64_t *n)
{
	int digits = 0;

	if (hv_when_match_word(s, "a") || hv_when_match_word(s, "an")) {
		*n = 1;
		return 0;
	}
	*n = 0;
	while (hv_when_is_digit(hv_when_peek(s))) {
		if (++digits > COUNT_DIGITS_MAX)
			return hv_when_reject(s, "the number is too large");
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

	while (hv_when_is_alpha(hv_when_peek(s)))
		s->p++;
	len = (size_t)(s->p - start);
	for (size_t i = 0; i < sizeof span_units / sizeof span_units[0]; i++)
		if (strlen(span_units[i].name) == len &&
		    hv_when_same_letters(start, span_units[i].name, len))
			return &span_units[i];
	return NULL;
}

/* Does the text end in the word "ago"?  Then it can only be a span. */
int hv_when_ends_with_ago(const struct scan *s)
{
	const char *q = s->end;

	while (q > s->p && hv_when_is_alpha((unsigned char)q[-1]))
		q--;
	return s->end - q == 3 && hv_when_same_letters(q, "ago", 3);
}

/*
 * "2h 30m ago", "3 days ago", "an hour ago": whole days and weeks are counted
 * on the calendar, the rest as elapsed time.
 */
int hv_when_read_span(struct scan *s, int64_t *days, int64_t *ms)
{
	int groups = 0;

	*days = *ms = 0;
	while (!hv_when_match_word(s, "ago")) {
		const struct span_unit *u;
		int64_t n;

		if (read_count(s, &n))
			return -1;
		hv_when_skip_space(s);
		u = read_unit(s);
		if (!u)
			return -1;
		/* Both stay far from overflow: n < 10^9 and each total is capped. */
		*days += n * u->days;
		*ms += n * u->ms;
		if (*days > SPAN_DAYS_MAX || *ms > SPAN_MS_MAX)
			return hv_when_reject(s, "that is too far back");
		groups++;
		hv_when_skip_space(s);
	}
	return groups && hv_when_at_end(s) ? 0 : -1;
}

/* now_ms as local broken-down time plus its milliseconds. */
