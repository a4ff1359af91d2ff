/*
 * json-out.c — a JSON value written out as the command line prints it,
 * byte for byte what jansson's json_dumps writes with JSON_INDENT(2),
 * JSON_PRESERVE_ORDER and JSON_REAL_PRECISION(15), at a fraction of the
 * cost.
 *
 * The idea: jansson's writer goes through a callback for every token and
 * decodes every character of every string as UTF-8; on a long text's
 * hundreds of findings that cost more than finding them.  Here runs of
 * plain bytes are copied whole into one growing buffer, and only bytes
 * that need a look get one.  What is rare is left to jansson itself, value
 * by value (a real's digits), or, for the whole document, whatever this
 * writer will not vouch for (bytes that are not UTF-8, nesting deep enough
 * to be a loop): the caller then asks json_dumps, so the answer is always
 * jansson's.  tests/unit/test_json_out.c and fuzz/fuzz_json_out.c hold the
 * two to the same bytes.
 */
#include "json-out.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define DEPTH_MAX 512 /* deeper than any answer of ours: left to jansson */
#define INDENT    2

struct buf {
	char *p;
	size_t n, cap;
	int failed; /* out of memory, or something jansson should write */
};

static char *room(struct buf *b, size_t more)
{
	if (b->failed)
		return NULL;
	if (b->n + more > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->n + more)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->failed = 1;
			return NULL;
		}
		b->p = p;
		b->cap = cap;
	}
	return b->p + b->n;
}

static void put(struct buf *b, const char *s, size_t n)
{
	char *at = room(b, n);
	if (at) {
		memcpy(at, s, n);
		b->n += n;
	}
}

/* A new line and the indent of depth, as jansson's dump_indent. */
static void newline(struct buf *b, int depth)
{
	size_t n = (size_t)depth * INDENT;
	char *at = room(b, n + 1);
	if (at) {
		at[0] = '\n';
		memset(at + 1, ' ', n);
		b->n += n + 1;
	}
}

/* The length of the UTF-8 sequence at s (at most left bytes), or 0 when
 * it is not one: jansson's utf8_iterate's rules (no overlong forms, no
 * surrogates, nothing past U+10FFFF). */
static size_t utf8_seq(const unsigned char *s, size_t left)
{
	unsigned char c = s[0];
	size_t n = c >= 0xC2 && c <= 0xDF   ? 2
	           : c >= 0xE0 && c <= 0xEF ? 3
	           : c >= 0xF0 && c <= 0xF4 ? 4
	                                    : 0;
	if (!n || n > left)
		return 0;
	uint32_t v = c & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
	for (size_t i = 1; i < n; i++) {
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) || (n == 3 && v < 0x800) ||
	    (n == 4 && v < 0x10000))
		return 0;
	return n;
}

/* The escape of a byte below 0x20, '"' or '\\', as jansson writes it. */
static size_t escape(unsigned char c, char out[8])
{
	static const char hex[] = "0123456789ABCDEF";
	const char *named = c == '\\'   ? "\\\\"
	                    : c == '"'  ? "\\\""
	                    : c == '\b' ? "\\b"
	                    : c == '\f' ? "\\f"
	                    : c == '\n' ? "\\n"
	                    : c == '\r' ? "\\r"
	                    : c == '\t' ? "\\t"
	                                : NULL;
	if (named) {
		memcpy(out, named, 2);
		return 2;
	}
	memcpy(out, "\\u00", 4);
	out[4] = hex[c >> 4];
	out[5] = hex[c & 15];
	return 6;
}

/* Are the eight bytes at s all plain ASCII, to be copied as they are (no
 * control byte, no '"' or '\\', nothing from 0x80 up)?  Eight at a time,
 * by the carry tricks of "has a zero byte": most of a text is plain. */
static int plain8(const unsigned char *s)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	uint64_t x;
	memcpy(&x, s, 8);
	uint64_t q = x ^ (ones * '"'), bs = x ^ (ones * '\\');
	uint64_t bad = x | ((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((bs - ones) & ~bs);
	return !(bad & highs);
}

static void put_string(struct buf *b, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	put(b, "\"", 1);
	size_t i = 0, run = 0;
	while (i < len && !b->failed) {
		if (i + 8 <= len && plain8(s + i)) {
			i += 8;
			continue;
		}
		unsigned char c = s[i];
		if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0x80) {
			size_t n = utf8_seq(s + i, len - i);
			if (!n)
				b->failed =
				    1; /* jansson refuses it: so does the caller, through it */
			i += n;
			continue;
		}
		put(b, str + run, i - run);
		char e[8];
		put(b, e, escape(c, e));
		run = ++i;
	}
	put(b, str + run, i - run);
	put(b, "\"", 1);
}

static void put_integer(struct buf *b, json_int_t v)
{
	char digits[24], *at = digits + sizeof digits;
	/* by the magnitude as unsigned, so the most negative number has one */
	unsigned long long m = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do
		*--at = (char)('0' + m % 10);
	while (m /= 10);
	if (v < 0)
		*--at = '-';
	put(b, at, (size_t)(digits + sizeof digits - at));
}

/* A value jansson writes alone as it would inside the document. */
static void put_by_jansson(struct buf *b, const json_t *j)
{
	char *s = json_dumps(j, JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
	if (!s) {
		b->failed = 1;
		return;
	}
	put(b, s, strlen(s));
	free(s);
}

static void put_value(struct buf *b, const json_t *j, int depth);

static void put_array(struct buf *b, const json_t *j, int depth)
{
	size_t n = json_array_size(j);
	put(b, "[", 1);
	for (size_t i = 0; i < n && !b->failed; i++) {
		newline(b, depth + 1);
		put_value(b, json_array_get(j, i), depth + 1);
		if (i + 1 < n)
			put(b, ",", 1);
	}
	if (n)
		newline(b, depth);
	put(b, "]", 1);
}

static void put_object(struct buf *b, const json_t *j, int depth)
{
	void *it = json_object_iter((json_t *)j);
	put(b, "{", 1);
	int any = it != NULL;
	while (it && !b->failed) {
		newline(b, depth + 1);
		put_string(b, json_object_iter_key(it), json_object_iter_key_len(it));
		put(b, ": ", 2);
		put_value(b, json_object_iter_value(it), depth + 1);
		it = json_object_iter_next((json_t *)j, it);
		if (it)
			put(b, ",", 1);
	}
	if (any)
		newline(b, depth);
	put(b, "}", 1);
}

static void put_value(struct buf *b, const json_t *j, int depth)
{
	if (depth > DEPTH_MAX) {
		b->failed = 1;
		return;
	}
	switch (json_typeof(j)) {
	case JSON_OBJECT: put_object(b, j, depth); break;
	case JSON_ARRAY: put_array(b, j, depth); break;
	case JSON_STRING: put_string(b, json_string_value(j), json_string_length(j)); break;
	case JSON_INTEGER: put_integer(b, json_integer_value(j)); break;
	case JSON_TRUE: put(b, "true", 4); break;
	case JSON_FALSE: put(b, "false", 5); break;
	case JSON_NULL: put(b, "null", 4); break;
	default: put_by_jansson(b, j); break; /* a real */
	}
}

char *hv_json_out(const json_t *j, size_t *len)
{
	if (!json_is_object(j) && !json_is_array(j))
		return NULL; /* json_dumps writes only those, as the document */
	struct buf b = {0};
	put_value(&b, j, 0);
	put(&b, "", 1);
	if (b.failed) {
		free(b.p);
		return NULL;
	}
	if (len)
		*len = b.n - 1;
	return b.p;
}
