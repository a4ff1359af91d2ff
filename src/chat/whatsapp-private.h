/*
 * whatsapp-private.h — what the files of the WhatsApp reader share
 * (whatsapp.c drives it; the format and the speed notes are at its head):
 *
 *   whatsapp-words.c   the words of data/chat.json: placeholders, notices,
 *                      AM/PM markers and era names
 *   whatsapp-chars.c   characters: invisible marks, spaces of every kind,
 *                      counting code points eight bytes at a time
 *   whatsapp-head.c    the date, time and separator that open a message line
 *   whatsapp-wide.c    the same header written in another writing
 *   whatsapp-reader.c  the file as lines: read in chunks, or mapped
 *
 * The helpers every line passes through are inline here, so splitting the
 * reader into files costs no call on its fast paths.
 */
#ifndef HAVEN_CHAT_WHATSAPP_PRIVATE_H
#define HAVEN_CHAT_WHATSAPP_PRIVATE_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "chat.h"
#include "core/error.h"

/* --- words (whatsapp-words.c) --------------------------------------------- */

struct wordlist {
	const char **w;
	size_t *len;
	size_t n;
	uint64_t lens[2]; /* bit k set: some word is k bytes long (k < 128) */
};

/* A word of a date or time header and what it stands for: an AM/PM marker
 * ("午後" → "PM"), or the name of a Japanese era (its first year). */
struct marker {
	const char *w;
	size_t len;
	const char *as; /* "AM" or "PM"; NULL for an era */
	int first_year; /* an era's */
};

struct hv_wa_words {
	struct wordlist media, media_prefix, deleted, system, time_words, calls;
	struct marker *marks;
	size_t nmarks;
	int ascii_marks; /* some AM/PM marker is plain ASCII ("CH", "PG") */
};

/* Read once, by hv_wa_load_words, before any line is taken apart. */
extern struct hv_wa_words hv_wa_words;

void hv_wa_load_words(void);
int hv_wa_ends_with_any(const struct wordlist *l, const char *s, size_t n);
int hv_wa_starts_with_any(const struct wordlist *l, const char *s, size_t n);
int hv_wa_contains_any(const struct wordlist *l, const char *s, size_t n);

static inline int hv_wa_equals_any(const struct wordlist *l, const char *s, size_t n)
{
	if (n < 128 && !(l->lens[n / 64] >> (n % 64) & 1))
		return 0; /* no word of this length: most messages */
	for (size_t i = 0; i < l->n; i++)
		if (l->len[i] == n && l->w[i][0] == s[0] && memcmp(l->w[i], s, n) == 0)
			return 1;
	return 0;
}

/* --- characters (whatsapp-chars.c) ---------------------------------------- */

/* The code point at s (at most e), its byte length in *k; -1 if invalid. */
int32_t hv_wa_char_at(const char *s, const char *e, int *k);
const char *hv_wa_skip_marks_slow(const char *s, const char *e, int *seen);
const char *hv_wa_skip_spaces_slow(const char *s, const char *e);
const char *hv_wa_trim_end_slow(const char *s, const char *e);
/* Characters (code points) in the n bytes at s. */
uint32_t hv_wa_count_chars(const char *s, size_t n);

/* True when none of the n bytes at s is 0x80 or above (plain ASCII). */
static inline int hv_wa_all_ascii(const char *s, size_t n)
{
	uint64_t any = 0, x;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		memcpy(&x, s + i, 8);
		any |= x;
	}
	for (; i < n; i++)
		any |= (unsigned char)s[i];
	return !(any & 0x8080808080808080ull);
}

/* Skip invisible format marks (LRM, RLM, BOM, …); *seen says if any were. */
static inline const char *hv_wa_skip_marks(const char *s, const char *e, int *seen)
{
	return s < e && (unsigned char)*s >= 0x80 ? hv_wa_skip_marks_slow(s, e, seen) : s;
}

/* Skip white space of any kind (no-break, narrow no-break, …) and marks. */
static inline const char *hv_wa_skip_spaces(const char *s, const char *e)
{
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	return s < e && (unsigned char)*s >= 0x80 ? hv_wa_skip_spaces_slow(s, e) : s;
}

/* Trim white space and marks from the end of s..e. */
static inline const char *hv_wa_trim_end(const char *s, const char *e)
{
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	return e > s && (unsigned char)e[-1] >= 0x80 ? hv_wa_trim_end_slow(s, e) : e;
}

/* Equal bytes, compared a word at a time (the strings here are short; the
 * last word overlaps the one before). */
static inline int hv_wa_same_bytes(const char *a, const char *b, size_t n)
{
	uint64_t x, y;
	uint32_t u, v;
	if (n >= 8) {
		for (size_t i = 0; i + 8 <= n; i += 8) {
			memcpy(&x, a + i, 8);
			memcpy(&y, b + i, 8);
			if (x != y)
				return 0;
		}
		memcpy(&x, a + n - 8, 8);
		memcpy(&y, b + n - 8, 8);
		return x == y;
	}
	if (n >= 4) {
		memcpy(&u, a, 4);
		memcpy(&v, b, 4);
		if (u != v)
			return 0;
		memcpy(&u, a + n - 4, 4);
		memcpy(&v, b + n - 4, 4);
		return u == v;
	}
	for (; n > 0; n--)
		if (*a++ != *b++)
			return 0;
	return 1;
}

/* Up to max ASCII digits: their value in *val, how many in *nd. */
static inline const char *hv_wa_digits(const char *s, const char *e, int max, int *val, int *nd)
{
	int v = 0, n = 0;
	while (s < e && n < max && *s >= '0' && *s <= '9') {
		v = v * 10 + (*s++ - '0');
		n++;
	}
	*val = v;
	*nd = n;
	return s;
}

/* --- the header of a message line (whatsapp-head.c, whatsapp-wide.c) ------ */

struct head {
	int a, b, c, da, sec;
	const char *rest;
};

/*
 * The last date read, as the bytes it was written in.  Messages come many
 * to a day, so most headers start with exactly these bytes: then only the
 * time is read.  The date's bytes end where the time begins (after the
 * comma or space), so equal bytes mean an equal date.
 */
struct date_seen {
	char bytes[48];
	size_t len; /* 0: none yet */
	int a, b, c, da, bracket;
};

/* Read the date, time and separator at the start of a line; where the
 * sender starts, or NULL if the line opens no message. */
const char *hv_wa_head(const char *s, const char *e, struct head *h, struct date_seen *seen);

/* The same for a header in another writing (Eastern Arabic digits,
 * Japanese era years, …); only for a line hv_wa_head did not read. */
const char *hv_wa_head_wide(const char *s, const char *e, struct head *h);

/* Does the start of the line hold a byte of another writing? */
static inline int hv_wa_wide_start(const char *s, const char *e)
{
	size_t n = e - s < 48 ? (size_t)(e - s) : 48;
	return !hv_wa_all_ascii(s, n);
}

/* --- the streaming reader (whatsapp-reader.c) ----------------------------- */

struct reader {
	struct hv_chat_input *in;
	struct hv_error *err;
	char *buf;
	size_t cap, start, end;
	int eof;
	int64_t line, bytes, next_progress;
	/* A regular file is mapped instead of read (see hv_wa_reader_open). */
	char *map;
	size_t maplen, dropped;
};

/* Ready r to read in: the file mapped when it can be, else a buffer that
 * holds the longest line twice.  -1 (err filled) when out of memory. */
int hv_wa_reader_open(struct reader *r, struct hv_chat_input *in, struct hv_error *err);
void hv_wa_reader_close(struct reader *r);

/*
 * The next line (without its line end) in *line and *len: 1, or 0 at the
 * end, or -1 on a read error.  *too_long is set for a line over the
 * limit, which comes back empty.  A mapped file's pages before the line
 * are let go as the reader moves on.
 */
int hv_wa_next_line(struct reader *r, const char **line, size_t *len, int *too_long);

/* Where a SIGBUS on a mapped file jumps to (NULL: none expected). */
void hv_wa_reader_catch(sigjmp_buf *jump);

#endif
