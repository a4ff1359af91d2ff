/*
 * whatsapp-wide.c — a message header in another writing, read by first
 * rewriting its beginning in the writing whatsapp-head.c knows: digits of
 * other scripts as 0–9, the Arabic and full-width commas and colon as
 * ASCII, invisible marks dropped, other spaces as " ", AM/PM markers of
 * other languages as "AM"/"PM" (wherever they stand), a Japanese era year
 * as the Gregorian year ("令和4" → 2022) and 年/月/日 as a date's slashes.
 *
 * Only for a line that failed to read as it is.  Each byte of the
 * rewriting remembers where in the line it came from, so the sender is
 * found in the line itself.
 */
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#include "whatsapp-private.h"

#define WIDE_IN 160

struct wide {
	const char *s; /* the line */
	char buf[WIDE_IN + 16];
	uint16_t map[WIDE_IN + 17]; /* for each byte of buf, its place in s */
	size_t n;
	int changed; /* something was rewritten */
};

/* The value of a decimal digit of another script (Eastern Arabic, Persian,
 * Devanagari, Bengali, Thai, full width, …), or -1. */
static int digit_value(int32_t cp)
{
	static const int32_t zeros[] = {0x0660, 0x06F0, 0x0966, 0x09E6, 0x0A66, 0x0AE6,
	                                0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0E50,
	                                0x0ED0, 0x1040, 0x17E0, 0xFF10};
	for (size_t i = 0; i < sizeof zeros / sizeof *zeros; i++)
		if (cp >= zeros[i] && cp <= zeros[i] + 9)
			return (int)(cp - zeros[i]);
	return -1;
}

/* The AM/PM marker or era name at s, or NULL. */
static const struct marker *marker_at(const char *s, const char *e)
{
	for (size_t i = 0; i < hv_wa_words.nmarks; i++) {
		const struct marker *m = &hv_wa_words.marks[i];
		if ((size_t)(e - s) >= m->len && memcmp(s, m->w, m->len) == 0)
			return m;
	}
	return NULL;
}

/* A marker at p as "AM"/"PM", an era and its year as the Gregorian year;
 * where the line goes on, or NULL for an era with no year after it. */
static const char *put_marker(struct wide *w, const struct marker *m, const char *p,
                              const char *lim)
{
	uint16_t at = (uint16_t)(p - w->s);
	w->changed = 1;
	if (m->as) {
		w->map[w->n] = w->map[w->n + 1] = at;
		memcpy(w->buf + w->n, m->as, 2);
		w->n += 2;
		return p + m->len;
	}
	const char *q = p + m->len;
	int y = 0, nd = 0;
	if (lim - q >= 3 && memcmp(q, "\xe5\x85\x83", 3) == 0) /* 元: the first year */
		y = 1, nd = 1, q += 3;
	else
		q = hv_wa_digits(q, lim, 2, &y, &nd);
	if (nd == 0 || y < 1)
		return NULL;
	int k = snprintf(w->buf + w->n, 5, "%04d", m->first_year + y - 1);
	for (int i = 0; i < k; i++)
		w->map[w->n + (size_t)i] = at;
	w->n += (size_t)k;
	return q;
}

/* A plain ASCII byte, kept; where the line goes on. */
static const char *put_ascii(struct wide *w, const char *p, const char *lim)
{
	/* Korean dates put a space after each dot: "2022. 3. 24." */
	if (*p == ' ' && w->n && w->buf[w->n - 1] == '.' && p + 1 < lim &&
	    (unsigned)(p[1] - '0') <= 9) {
		w->changed = 1;
		return p + 1;
	}
	w->map[w->n] = (uint16_t)(p - w->s);
	w->buf[w->n++] = *p;
	return p + 1;
}

/* What a character of another writing becomes: an ASCII byte, 0 to keep
 * it as it is, or -1 to drop it. */
static int plain_of(int32_t cp)
{
	int d = digit_value(cp);
	if (d >= 0)
		return '0' + d;
	if (cp == 0x060C || cp == 0xFF0C) /* Arabic, full-width comma */
		return ',';
	if (cp == 0xFF1A) /* full-width colon */
		return ':';
	if (cp == 0x5E74 || cp == 0x6708) /* 年, 月 */
		return '/';
	if (cp == 0x65E5 || (cp >= 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_CF))
		return -1; /* 日, and invisible marks: dropped */
	if (cp >= 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS)
		return ' ';
	return 0;
}

/* A character of another writing, rewritten or kept; where the line goes on. */
static const char *put_other(struct wide *w, const char *p, const char *lim)
{
	int k;
	int c = plain_of(hv_wa_char_at(p, lim, &k));
	if (c == 0) { /* kept as it is */
		for (int i = 0; i < k && w->n < WIDE_IN; i++) {
			w->map[w->n] = (uint16_t)(p + i - w->s);
			w->buf[w->n++] = p[i];
		}
	} else {
		w->changed = 1;
		if (c != -1) {
			w->map[w->n] = (uint16_t)(p - w->s);
			w->buf[w->n++] = (char)c;
		}
	}
	return p + k;
}

const char *hv_wa_head_wide(const char *s, const char *e, struct head *h)
{
	struct wide w = {.s = s};
	const char *p = s, *lim = e - s > WIDE_IN ? s + WIDE_IN : e;
	while (p < lim && w.n + 8 < WIDE_IN) {
		const struct marker *m = (unsigned char)*p >= 0x80 ? marker_at(p, lim) : NULL;
		if (m)
			p = put_marker(&w, m, p, lim);
		else if ((unsigned char)*p < 0x80)
			p = put_ascii(&w, p, lim);
		else
			p = put_other(&w, p, lim);
		if (!p)
			return NULL;
	}
	if (!w.changed)
		return NULL; /* the same bytes: the plain reading has already failed */
	w.map[w.n] = (uint16_t)(p - s);
	struct date_seen none = {0};
	const char *r = hv_wa_head(w.buf, w.buf + w.n, h, &none);
	return r ? s + w.map[r - w.buf] : NULL;
}
