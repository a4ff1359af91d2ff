/*
 * text.c — Unicode text helpers over utf8proc (see text.h).
 */
#include "text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static char *map_trimmed(const char *s, utf8proc_option_t opts)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n =
	    utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
	                 opts | UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (n < 0)
		return NULL;
	char *t = (char *)out;
	size_t len = (size_t)n, start = 0;
	while (start < len && strchr(" \t\r\n", t[start]))
		start++;
	while (len > start && strchr(" \t\r\n", t[len - 1]))
		len--;
	memmove(t, t + start, len - start);
	t[len - start] = '\0';
	return t;
}

char *hv_text_fold(const char *s)
{
	return map_trimmed(s, UTF8PROC_CASEFOLD);
}

char *hv_text_clean(const char *s)
{
	return map_trimmed(s, 0);
}

int hv_text_valid(const char *s, size_t n)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	while (n > 0) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, (utf8proc_ssize_t)n, &cp);
		if (k <= 0)
			return 0;
		p += k;
		n -= (size_t)k;
	}
	return 1;
}

int hv_text_showable(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
			return 0;
	}
	return hv_text_valid(s, n);
}

/* Width of one code point; unknown or invalid counts as one column. */
static int char_width(utf8proc_int32_t cp)
{
	int w = utf8proc_charwidth(cp);
	return w < 0 ? 1 : w;
}

int hv_text_width(const char *s)
{
	int w = 0;
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	while (*p) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
		if (k <= 0) {
			p++;
			w++;
			continue;
		}
		w += char_width(cp);
		p += k;
	}
	return w;
}

size_t hv_text_fit(const char *s, int cols)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	int used = 0;
	while (*p) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
		int w = k <= 0 ? 1 : char_width(cp);
		if (k <= 0)
			k = 1;
		if (used + w > cols)
			break;
		used += w;
		p += k;
	}
	return (size_t)(p - (const utf8proc_uint8_t *)s);
}

char *hv_text_printable(const char *s, int one_line)
{
	size_t n = strlen(s);
	/* Each byte becomes at most one three-byte picture. */
	char *out = malloc(n * 3 + 1), *w = out;
	if (!out)
		return NULL;
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	while (*p) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
		if (k <= 0) {
			cp = 0xfffd; /* not UTF-8 */
			k = 1;
		} else if ((cp == '\n' || cp == '\t') && one_line) {
			cp = ' ';
		} else if (cp == '\n' || cp == '\t') {
			/* kept as they are */
		} else if (cp < 0x20) {
			cp = 0x2400 + cp; /* ␀ … ␟ */
		} else if (cp == 0x7f) {
			cp = 0x2421; /* ␡ */
		} else if (cp >= 0x80 && cp < 0xa0) {
			cp = 0xfffd;
		}
		w += utf8proc_encode_char(cp, (utf8proc_uint8_t *)w);
		p += k;
	}
	*w = '\0';
	return out;
}
