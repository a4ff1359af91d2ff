/*
 * whatsapp-chars.c — characters as the WhatsApp reader meets them: the
 * invisible marks phones put around names and notices, white space of
 * every kind, and the length of a message in code points.
 *
 * Nearly every byte of an export is plain ASCII: the inline fast paths in
 * whatsapp-private.h look at the byte and come here only for bytes of 0x80
 * and above, where utf8proc says which characters are marks (category Cf)
 * or spaces (Zs).
 */
#include <utf8proc.h>

#include "whatsapp-private.h"

int32_t hv_wa_char_at(const char *s, const char *e, int *k)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, e - s, &cp);
	*k = n > 0 ? (int)n : 1;
	return n > 0 ? cp : -1;
}

/* A word loaded with memcpy, as if little-endian (bytes in reading order). */
static inline uint64_t le64(uint64_t x)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return __builtin_bswap64(x);
#else
	return x;
#endif
}

/* Skip invisible format marks (LRM, RLM, BOM, …); *seen says if any were. */
const char *hv_wa_skip_marks_slow(const char *s, const char *e, int *seen)
{
	while (s < e && (unsigned char)*s >= 0x80) {
		int k;
		int32_t cp = hv_wa_char_at(s, e, &k);
		if (cp < 0 || utf8proc_category(cp) != UTF8PROC_CATEGORY_CF)
			break;
		if (seen)
			*seen = 1;
		s += k;
	}
	return s;
}

/* Skip white space of any kind (no-break, narrow no-break, …) and marks. */
const char *hv_wa_skip_spaces_slow(const char *s, const char *e)
{
	while (s < e) {
		if (*s == ' ' || *s == '\t') {
			s++;
			continue;
		}
		if ((unsigned char)*s < 0x80)
			break;
		int k;
		int32_t cp = hv_wa_char_at(s, e, &k);
		if (cp < 0)
			break;
		utf8proc_category_t c = utf8proc_category(cp);
		if (c != UTF8PROC_CATEGORY_ZS && c != UTF8PROC_CATEGORY_CF)
			break;
		s += k;
	}
	return s;
}

/* Trim white space and marks from the end of s..e. */
const char *hv_wa_trim_end_slow(const char *s, const char *e)
{
	while (e > s) {
		if (e[-1] == ' ' || e[-1] == '\t') {
			e--;
			continue;
		}
		if ((unsigned char)e[-1] < 0x80)
			break;
		const char *b = e - 1;
		while (b > s && ((unsigned char)*b & 0xc0) == 0x80 && e - b < 4)
			b--;
		int k;
		int32_t cp = hv_wa_char_at(b, e, &k);
		if (cp < 0 || b + k != e)
			break;
		utf8proc_category_t c = utf8proc_category(cp);
		if (c != UTF8PROC_CATEGORY_ZS && c != UTF8PROC_CATEGORY_CF)
			break;
		e = b;
	}
	return e;
}

/*
 * Characters (code points) in n bytes: every byte that does not continue
 * one (10xxxxxx).  Eight bytes at a time: a word with no high bit set is
 * eight characters; otherwise the continuation bytes are those whose top
 * bit is set and the next bit clear.  The last, partial word is read
 * overlapping the one before, its bytes already counted shifted out.
 */
static inline size_t continuations(uint64_t x)
{
	const uint64_t high = 0x8080808080808080ull;
	return x & high ? (size_t)__builtin_popcountll(x & ~(x << 1) & high) : 0;
}

uint32_t hv_wa_count_chars(const char *s, size_t n)
{
	size_t cont = 0, i = 0;
	uint64_t x;
	if (n < 8) {
		for (; i < n; i++)
			cont += ((unsigned char)s[i] & 0xc0) == 0x80;
		return (uint32_t)(n - cont);
	}
	for (; i + 8 <= n; i += 8) {
		memcpy(&x, s + i, 8);
		cont += continuations(x);
	}
	if (i < n) {
		memcpy(&x, s + n - 8, 8);
		x = le64(x) >> (8 * (8 - (n - i))); /* keep the bytes not yet counted */
		cont += continuations(x);
	}
	return (uint32_t)(n - cont);
}
