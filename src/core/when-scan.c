/*
 * when-scan.c — the scanner under the date reader: a cursor over the
 * trimmed text that reads whole words (ignoring case) and bounded runs of
 * digits, and keeps the reason a text was rejected.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "when-private.h"

int hv_when_skip_space(struct scan *s)
{
	const char *start = s->p;

	while (s->p < s->end && hv_when_is_space((unsigned char)*s->p))
		s->p++;
	return s->p != start;
}

int hv_when_reject(struct scan *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->why, sizeof s->why, fmt, ap);
	va_end(ap);
	return -1;
}

int hv_when_same_letters(const char *p, const char *word, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (hv_when_to_lower((unsigned char)p[i]) != word[i])
			return 0;
	return 1;
}

int hv_when_match_prefix_word(struct scan *s, const char *word, size_t n)
{
	if ((size_t)(s->end - s->p) < n || !hv_when_same_letters(s->p, word, n))
		return 0;
	if (s->p + n < s->end && hv_when_is_alpha((unsigned char)s->p[n]))
		return 0;
	s->p += n;
	return 1;
}

int hv_when_match_word(struct scan *s, const char *word)
{
	return hv_when_match_prefix_word(s, word, strlen(word));
}

/*
 * Read between min and max digits into *out.  Stops after max digits so that
 * fixed-width fields ("+0100") can be split; whatever follows is the caller's
 * business.
 */
int hv_when_read_digits(struct scan *s, int min, int max, int *out)
{
	int n = 0, v = 0;

	while (n < max && hv_when_is_digit(hv_when_peek(s))) {
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
int hv_when_read_fraction(struct scan *s, int *millis)
{
	int n = 0, ms = 0;

	while (hv_when_is_digit(hv_when_peek(s))) {
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
