/*
 * template.c — the one "{slot}" filler (template.h).
 *
 * Two passes over the same walk: the first measures, the second writes into
 * a buffer of exactly that size, so no count of slots or length of value can
 * write past its end.
 */
#include "core/template.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The pair whose name is the slot opening at s (s[0] == '{'), or NULL. */
static const char *const *slot_at(const char *s, const char *const *kv)
{
	for (const char *const *p = kv; p && p[0]; p += 2) {
		size_t n = strlen(p[0]);
		if (strncmp(s + 1, p[0], n) == 0 && s[1 + n] == '}')
			return p;
	}
	return NULL;
}

/* Append n bytes at *len, into out when it is not NULL (the measuring pass).
 * Returns -1 when the length would not fit a size_t. */
static int put(char *out, size_t *len, const char *s, size_t n)
{
	if (n > SIZE_MAX - 1 - *len)
		return -1;
	if (out)
		memcpy(out + *len, s, n);
	*len += n;
	return 0;
}

/* Walk the template once; with out NULL only the length is counted. */
static int walk(const char *tmpl, const char *const *kv, char *out, size_t *len)
{
	*len = 0;
	for (const char *s = tmpl; *s;) {
		const char *const *hit = *s == '{' ? slot_at(s, kv) : NULL;
		if (hit) {
			const char *v = hit[1] ? hit[1] : "";
			if (put(out, len, v, strlen(v)) < 0)
				return -1;
			s += strlen(hit[0]) + 2;
		} else {
			/* a run of plain text, up to the next brace */
			size_t n = strcspn(s + 1, "{") + 1;
			if (put(out, len, s, n) < 0)
				return -1;
			s += n;
		}
	}
	return 0;
}

char *hv_template_fill(const char *tmpl, const char *const *kv)
{
	if (!tmpl)
		tmpl = "";
	size_t need = 0, wrote = 0;
	if (walk(tmpl, kv, NULL, &need) < 0)
		return NULL;
	char *out = malloc(need + 1);
	if (!out)
		return NULL;
	walk(tmpl, kv, out, &wrote);
	out[wrote] = '\0';
	return out;
}
