/*
 * whatsapp-head.c — the header that opens a message line of a WhatsApp
 * export: its date, its time and the separator before the sender.
 *
 *   31/12/2020, 22:15 - Sam:      [31.12.20, 22:15:30] Sam:
 *   12/31/20, 10:15 PM - Sam:     [21:41, 24/3/2022] Sam:  (time first)
 *
 * Day-, month- or year-first dates with "/", "." or "-", 2- or 4-digit and
 * Buddhist-calendar years; 24- or 12-hour times with ":" or "." and
 * optional seconds; the AM/PM markers of other languages from
 * data/chat.json.  The date is passed on as written (a, b, c): which field
 * is the day is for the importer to decide from the whole file.
 *
 * Most lines of a day start with the same date bytes, so the last date
 * read is kept (struct date_seen) and a line that starts with it has only
 * its time read.
 */
#include <string.h>

#include "whatsapp-private.h"

/* One or two digits: their value, or -1 (need2: the second is required). */
static inline int two_digits(const char **sp, const char *e, int need2)
{
	const char *s = *sp;
	if (s >= e || (unsigned)(*s - '0') > 9)
		return -1;
	int v = *s++ - '0';
	if (s < e && (unsigned)(*s - '0') <= 9)
		v = v * 10 + (*s++ - '0');
	else if (need2)
		return -1;
	*sp = s;
	return v;
}

static const char *ampm(const char *s, const char *e, int *pm)
{
	const char *p = hv_wa_skip_spaces(s, e);
	/* A NUL is taken too, as strchr("aApP", c) always took its terminator. */
	if (p >= e || !(*p == 'a' || *p == 'A' || *p == 'p' || *p == 'P' || *p == '\0'))
		return NULL;
	*pm = *p == 'p' || *p == 'P';
	p++;
	if (p < e && *p == '.')
		p++;
	p = hv_wa_skip_spaces(p, e);
	if (p >= e || (*p != 'm' && *p != 'M'))
		return NULL;
	p++;
	if (p < e && *p == '.')
		p++;
	return p;
}

/* A Buddhist-calendar year, as Thai phones write them (2565 is 2022):
 * no chat is from after 2512, so a year from 2513 on is one. */
static inline int gregorian(int y)
{
	return y >= 1970 + 543 ? y - 543 : y;
}

/* The three fields of a date; where they end, or NULL. */
static const char *date_fields(const char *s, const char *e, struct head *h)
{
	int db, dc;
	s = hv_wa_digits(s, e, 4, &h->a, &h->da);
	if (h->da == 0 || h->da == 3 || s >= e ||
	    !(*s == '/' || *s == '.' || *s == '-' || *s == '\0')) /* NUL: as strchr did */
		return NULL;
	char sep = *s++;
	s = hv_wa_digits(s, e, 2, &h->b, &db);
	if (db == 0 || s >= e || *s != sep)
		return NULL;
	s = hv_wa_digits(s + 1, e, 4, &h->c, &dc);
	if (dc == 0 || dc == 3)
		return NULL;
	if (h->da == 4) { /* year first: month and day follow */
		h->a = gregorian(h->a);
		if (h->a < 1970 || dc > 2 || h->b < 1 || h->b > 12 || h->c < 1 || h->c > 31)
			return NULL;
	} else {
		if (dc == 1 || h->a < 1 || h->a > 31 || h->b < 1 || h->b > 31)
			return NULL;
		h->c = dc == 2 ? h->c + 2000 : gregorian(h->c);
	}
	return s;
}

/*
 * The date at the start of a line, up to where the time begins: its
 * fields in h, whether it opened with "[", and where the time starts (or
 * NULL if this is no date).
 */
static const char *parse_date(const char *s, const char *e, struct head *h, int *bracket)
{
	s = hv_wa_skip_marks(s, e, NULL);
	*bracket = s < e && *s == '[';
	if (*bracket)
		s = hv_wa_skip_marks(s + 1, e, NULL);
	if (!(s = date_fields(s, e, h)))
		return NULL;
	if (s < e && *s == '.')
		s++;
	int comma = s < e && *s == ',';
	if (comma)
		s++;
	const char *t = hv_wa_skip_spaces(s, e);
	if (t == s && !comma)
		return NULL;
	/* A word between date and time ("[12.3.2022 klo 14.08.18]"). */
	if (t < e && (unsigned)(*t - '0') > 9 && hv_wa_words.time_words.n)
		for (size_t i = 0; i < hv_wa_words.time_words.n; i++) {
			size_t n = hv_wa_words.time_words.len[i];
			if ((size_t)(e - t) > n && memcmp(t, hv_wa_words.time_words.w[i], n) == 0 &&
			    t[n] == ' ') {
				t = hv_wa_skip_spaces(t + n, e);
				break;
			}
		}
	return t;
}

/* An AM/PM marker of another language in plain ASCII ("9:41 CH"). */
static const char *ascii_marker(const char *s, const char *e, int *pm)
{
	const char *p = hv_wa_skip_spaces(s, e);
	if (p >= e || *p < 'A' || *p > 'Z')
		return NULL;
	for (size_t i = 0; i < hv_wa_words.nmarks; i++) {
		const struct marker *m = &hv_wa_words.marks[i];
		if (m->as && (size_t)(e - p) >= m->len && memcmp(p, m->w, m->len) == 0 &&
		    (p + m->len == e || p[m->len] == ' ' || p[m->len] == ']')) {
			*pm = m->as[0] == 'P';
			return p + m->len;
		}
	}
	return NULL;
}

/*
 * The time: hours and minutes, optional seconds, with ":" or "." between
 * ("21.41.35"), and a 12-hour marker after it or, once a header has been
 * read through its other writing (see whatsapp-wide.c), before it
 * ("午後9:41" reads as "PM9:41").  Where it ends, or NULL.
 */
static const char *parse_clock(const char *s, const char *e, struct head *h)
{
	int pm = 0, twelve = 0;
	if (s < e && (*s == 'A' || *s == 'P')) {
		const char *a = ampm(s, e, &pm);
		if (!a)
			return NULL;
		s = hv_wa_skip_spaces(a, e);
		twelve = 1;
	}
	int hour = two_digits(&s, e, 0), min, sec = 0;
	if (hour < 0 || s >= e || (*s != ':' && *s != '.'))
		return NULL;
	char sep = *s++;
	if ((min = two_digits(&s, e, 1)) < 0 || min > 59)
		return NULL;
	if (s < e && *s == sep && s + 1 < e && (unsigned)(s[1] - '0') <= 9) {
		s++;
		if ((sec = two_digits(&s, e, 1)) < 0 || sec > 59)
			return NULL;
	}
	/* " - " and "]" are the usual next bytes, and never an am/pm. */
	if (!twelve && !(s < e && (*s == ']' || (*s == ' ' && s + 1 < e && s[1] == '-')))) {
		const char *after = ampm(s, e, &pm);
		if (!after && hv_wa_words.ascii_marks)
			after = ascii_marker(s, e, &pm);
		if (after) {
			twelve = 1;
			s = after;
		}
	}
	if (twelve) {
		if (hour > 12) /* 0 too: Japanese clocks go 午前0:15 */
			return NULL;
		hour = hour % 12 + (pm ? 12 : 0);
	} else if (hour > 23) {
		return NULL;
	}
	h->sec = hour * 3600 + min * 60 + sec;
	return s;
}

/* The separator after the header ("] " or " - "); where the sender starts. */
static const char *parse_sep(const char *s, const char *e, int bracket)
{
	if (bracket) {
		s = hv_wa_skip_marks(s, e, NULL);
		if (s >= e || *s != ']')
			return NULL;
		return hv_wa_skip_spaces(s + 1, e);
	}
	s = hv_wa_skip_spaces(s, e);
	if (s < e && *s == '-')
		s++;
	else if (e - s >= 3 && memcmp(s, "\xe2\x80\x93", 3) == 0) /* en dash */
		s += 3;
	else
		return NULL;
	int space = s < e && (*s == ' ' || (unsigned char)*s >= 0x80);
	if (!space && s < e)
		return NULL;
	return hv_wa_skip_spaces(s, e);
}

/* The time and the separator after it; where the sender starts, or NULL. */
static const char *parse_time(const char *s, const char *e, int bracket, struct head *h)
{
	s = parse_clock(s, e, h);
	return s ? parse_sep(s, e, bracket) : NULL;
}

/* Time first, then the date, as Vietnamese phones write it:
 * "[21:41, 24/3/2022] Sam:" or "21:41, 24/3/2022 - Sam:". */
static const char *parse_time_first(const char *s, const char *e, struct head *h)
{
	s = hv_wa_skip_marks(s, e, NULL);
	int bracket = s < e && *s == '[';
	if (bracket)
		s = hv_wa_skip_marks(s + 1, e, NULL);
	if (!(s = parse_clock(s, e, h)))
		return NULL;
	int sec = h->sec, comma = s < e && *s == ',';
	const char *t = hv_wa_skip_spaces(s + comma, e);
	if (t == s || !(t = date_fields(t, e, h)))
		return NULL;
	h->sec = sec;
	return parse_sep(t, e, bracket);
}

/* Read the date, time and separator at the start of a line; NULL if none. */
const char *hv_wa_head(const char *s, const char *e, struct head *h, struct date_seen *seen)
{
	size_t n = seen->len;
	if (n && (size_t)(e - s) > n && hv_wa_same_bytes(s, seen->bytes, n)) {
		h->a = seen->a, h->b = seen->b, h->c = seen->c, h->da = seen->da;
		const char *rest = parse_time(s + n, e, seen->bracket, h);
		if (rest)
			return rest;
		/* Not the usual shape after all: read the whole header below. */
	}
	int bracket;
	const char *t = parse_date(s, e, h, &bracket);
	const char *rest = t ? parse_time(t, e, bracket, h) : NULL;
	if (!rest)
		return parse_time_first(s, e, h);
	if ((size_t)(t - s) <= sizeof seen->bytes) {
		memcpy(seen->bytes, s, (size_t)(t - s));
		seen->len = (size_t)(t - s);
		seen->a = h->a, seen->b = h->b, seen->c = h->c, seen->da = h->da;
		seen->bracket = bracket;
	}
	return rest;
}
