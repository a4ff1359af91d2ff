/*
 * when-private.h — what the files of the date reader share (when.c drives
 * it; the accepted forms are listed in when.h):
 *
 *   when-scan.c  the scanner: a cursor over the text, words, numbers
 *   when-read.c  the forms: a day, a time of day, an offset, a span
 *   when.c       placing what was read on the timeline, in UTC
 *
 * The scanner never reads past the trimmed end of the text, treats every
 * byte as opaque and bounds every number before doing arithmetic with it.
 */
#ifndef HAVEN_CORE_WHEN_PRIVATE_H
#define HAVEN_CORE_WHEN_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#define MS_PER_SEC  1000LL
#define MS_PER_MIN  (60 * MS_PER_SEC)
#define MS_PER_HOUR (60 * MS_PER_MIN)
#define MS_PER_DAY  (24 * MS_PER_HOUR)

/* Before 1970 or after 9999 is a typo, not a journal entry. */
#define YEAR_MIN 1970
#define YEAR_MAX 9999

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

/*
 * Character classes of our own: <ctype.h> is locale-dependent and undefined
 * for negative char values, and the input may hold any byte at all.
 */
static inline int hv_when_is_space(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static inline int hv_when_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static inline int hv_when_to_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static inline int hv_when_is_alpha(int c)
{
	c = hv_when_to_lower(c);
	return c >= 'a' && c <= 'z';
}

/* The next byte, or 0 at the end (the text is a C string, so 0 is unambiguous). */
static inline int hv_when_peek(const struct scan *s)
{
	return s->p < s->end ? (unsigned char)*s->p : 0;
}

static inline int hv_when_at_end(const struct scan *s)
{
	return s->p >= s->end;
}

/* The scanner (when-scan.c). */
int hv_when_skip_space(struct scan *s);
/* Record why the text was rejected and return -1, for `return hv_when_reject(...)`. */
__attribute__((format(printf, 2, 3))) int hv_when_reject(struct scan *s, const char *fmt, ...);
/* Do the n bytes at p spell word (lower case), ignoring case? */
int hv_when_same_letters(const char *p, const char *word, size_t n);
/* Consume the first n letters of word if they stand as a whole word here:
 * "mon" must not match the start of "month". */
int hv_when_match_prefix_word(struct scan *s, const char *word, size_t n);
int hv_when_match_word(struct scan *s, const char *word);
/* Read between min and max digits into *out (fixed-width fields, "+0100",
 * can be split); -1 when fewer than min. */
int hv_when_read_digits(struct scan *s, int min, int max, int *out);
/* Digits after the decimal point: milliseconds kept, up to nanoseconds allowed. */
int hv_when_read_fraction(struct scan *s, int *millis);

/* The forms (when-read.c). */
/* [day] [[T| ][at ]time[offset]], with at least one of day and time, into w. */
int hv_when_read_moment(struct scan *s, struct when *w);
/* Does the text end in the word "ago"?  Then it can only be a span. */
int hv_when_ends_with_ago(const struct scan *s);
/* "2h 30m ago": whole days and weeks in *days, the rest in *ms. */
int hv_when_read_span(struct scan *s, int64_t *days, int64_t *ms);

#endif
