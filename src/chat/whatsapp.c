/*
 * whatsapp.c — a streaming reader for WhatsApp's "Export chat" text.
 *
 * The file is read in chunks and taken line by line, so memory stays flat
 * however large it is.  A line that starts with a date and time is a new
 * message; any other line continues the one before (multi-line messages).
 * Exports differ by phone and language, and all of these are read:
 *
 *   Android  31/12/2020, 22:15 - Sam: text      12/31/20, 10:15 PM - Sam: text
 *   iOS      [31.12.20, 22:15:30] Sam: text     [2020-12-31 22:15:30] Sam: text
 *
 * day-, month- or year-first dates with "/", "." or "-"; 2- or 4-digit years
 * and Buddhist-calendar ones; 24- or 12-hour times (PM, pm, p.m., p. m., and
 * the markers of other languages in data/chat.json) with an ordinary,
 * no-break or narrow no-break space; ":" or "." in the time; optional
 * seconds; the time before the date (Vietnamese); a byte-order mark; CRLF;
 * and the invisible left-to-right and right-to-left marks phones put around
 * names and notices.  A header in another writing (Eastern Arabic digits,
 * Japanese era years) is read through parse_head_wide.  Which characters
 * are invisible marks or spaces is asked of utf8proc (Unicode categories Cf
 * and Zs), not listed here.
 *
 * The parser does not decide whether "03/04" is March or April: it passes
 * the date as written, and the importer decides from the whole file.
 * Media placeholders, deleted-message notices and system lines are
 * recognised by the words in data/chat.json, in several languages.
 *
 * Speed: nearly every byte of a large export is plain ASCII, so each helper
 * that may meet other characters looks at the byte first and asks utf8proc
 * only about bytes of 0x80 and above; characters are counted eight bytes at
 * a time; lines are found with memchr over a large buffer and never copied.
 */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <utf8proc.h>

#include "chat.h"
#include "chatlog.h"
#include "core/content.h"
#include "core/text.h"

/* --- words from data/chat.json ----------------------------------------- */

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

static struct {
	struct wordlist media, media_prefix, deleted, system, time_words, calls;
	struct marker *marks;
	size_t nmarks;
	int ascii_marks; /* some AM/PM marker is plain ASCII ("CH", "PG") */
} words;
static pthread_once_t words_once = PTHREAD_ONCE_INIT; /* parts of a file read at once */

static int all_ascii(const char *s, size_t n);

static void load_list(const json_t *root, const char *key, struct wordlist *out)
{
	const json_t *arr = json_object_get(root, key);
	size_t n = json_array_size(arr);
	out->w = calloc(n ? n : 1, sizeof *out->w);
	out->len = calloc(n ? n : 1, sizeof *out->len);
	if (!out->w || !out->len) {
		out->n = 0;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const json_t *v = json_array_get(arr, i);
		/* A plain string, or {"lang", "text"}: the language is for people. */
		const char *s =
		    json_string_value(json_is_object(v) ? json_object_get(v, "text") : v);
		out->w[out->n] = s;
		out->len[out->n] = s ? strlen(s) : 0;
		if (out->len[out->n] < 128)
			out->lens[out->len[out->n] / 64] |= (uint64_t)1 << (out->len[out->n] % 64);
		if (s && *s)
			out->n++;
	}
}

static void read_words(void)
{
	const json_t *root = json_object_get(hv_content_json("chat.json", NULL), "whatsapp");
	load_list(root, "media", &words.media);
	load_list(root, "media_prefix", &words.media_prefix);
	load_list(root, "deleted", &words.deleted);
	load_list(root, "system", &words.system);
	load_list(root, "time_words", &words.time_words);
	load_list(root, "calls", &words.calls);
	const json_t *ampm = json_object_get(root, "ampm"), *eras = json_object_get(root, "eras");
	size_t n = 2 * json_array_size(ampm) + json_array_size(eras), k = 0;
	words.marks = calloc(n ? n : 1, sizeof *words.marks);
	if (!words.marks)
		return;
	size_t i;
	const json_t *v;
	json_array_foreach(ampm, i, v)
	{
		static const char *const keys[] = {"am", "pm"}, *const as[] = {"AM", "PM"};
		for (int j = 0; j < 2; j++) {
			const char *w = json_string_value(json_object_get(v, keys[j]));
			if (!w || !*w)
				continue;
			words.marks[k++] = (struct marker){w, strlen(w), as[j], 0};
			words.ascii_marks |= all_ascii(w, strlen(w));
		}
	}
	json_array_foreach(eras, i, v)
	{
		const char *w = json_string_value(json_object_get(v, "name"));
		int first = (int)json_integer_value(json_object_get(v, "first_year"));
		if (w && *w && first > 0)
			words.marks[k++] = (struct marker){w, strlen(w), NULL, first};
	}
	words.nmarks = k;
}

static void load_words(void)
{
	pthread_once(&words_once, read_words);
}

static inline int equals_any(const struct wordlist *l, const char *s, size_t n)
{
	if (n < 128 && !(l->lens[n / 64] >> (n % 64) & 1))
		return 0; /* no word of this length: most messages */
	for (size_t i = 0; i < l->n; i++)
		if (l->len[i] == n && l->w[i][0] == s[0] && memcmp(l->w[i], s, n) == 0)
			return 1;
	return 0;
}

static int ends_with_any(const struct wordlist *l, const char *s, size_t n)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->len[i] <= n && memcmp(l->w[i], s + n - l->len[i], l->len[i]) == 0)
			return 1;
	return 0;
}

static int starts_with_any(const struct wordlist *l, const char *s, size_t n)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->len[i] <= n && memcmp(l->w[i], s, l->len[i]) == 0)
			return 1;
	return 0;
}

static int contains_any(const struct wordlist *l, const char *s, size_t n)
{
	for (size_t i = 0; i < l->n; i++)
		if (memmem(s, n, l->w[i], l->len[i]))
			return 1;
	return 0;
}

/* --- characters ---------------------------------------------------------- */

/* The code point at s (at most e), its byte length in *k; -1 if invalid. */
static int32_t char_at(const char *s, const char *e, int *k)
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

/* True when none of the n bytes at s is 0x80 or above (plain ASCII). */
static int all_ascii(const char *s, size_t n)
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
static const char *skip_marks_slow(const char *s, const char *e, int *seen)
{
	while (s < e && (unsigned char)*s >= 0x80) {
		int k;
		int32_t cp = char_at(s, e, &k);
		if (cp < 0 || utf8proc_category(cp) != UTF8PROC_CATEGORY_CF)
			break;
		if (seen)
			*seen = 1;
		s += k;
	}
	return s;
}

static inline const char *skip_marks(const char *s, const char *e, int *seen)
{
	return s < e && (unsigned char)*s >= 0x80 ? skip_marks_slow(s, e, seen) : s;
}

/* Skip white space of any kind (no-break, narrow no-break, …) and marks. */
static const char *skip_spaces_slow(const char *s, const char *e)
{
	while (s < e) {
		if (*s == ' ' || *s == '\t') {
			s++;
			continue;
		}
		if ((unsigned char)*s < 0x80)
			break;
		int k;
		int32_t cp = char_at(s, e, &k);
		if (cp < 0)
			break;
		utf8proc_category_t c = utf8proc_category(cp);
		if (c != UTF8PROC_CATEGORY_ZS && c != UTF8PROC_CATEGORY_CF)
			break;
		s += k;
	}
	return s;
}

static inline const char *skip_spaces(const char *s, const char *e)
{
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	return s < e && (unsigned char)*s >= 0x80 ? skip_spaces_slow(s, e) : s;
}

/* Trim white space and marks from the end of s..e. */
static const char *trim_end_slow(const char *s, const char *e)
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
		int32_t cp = char_at(b, e, &k);
		if (cp < 0 || b + k != e)
			break;
		utf8proc_category_t c = utf8proc_category(cp);
		if (c != UTF8PROC_CATEGORY_ZS && c != UTF8PROC_CATEGORY_CF)
			break;
		e = b;
	}
	return e;
}

static inline const char *trim_end(const char *s, const char *e)
{
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	return e > s && (unsigned char)e[-1] >= 0x80 ? trim_end_slow(s, e) : e;
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

static uint32_t count_chars(const char *s, size_t n)
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

/* Equal bytes, compared a word at a time (the strings here are short; the
 * last word overlaps the one before). */
static inline int same_bytes(const char *a, const char *b, size_t n)
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

/* One or two digits: their value, or -1 (max2: the second is required). */
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

static inline const char *digits(const char *s, const char *e, int max, int *val, int *nd)
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

/* --- the header of a message line ----------------------------------------- */

struct head {
	int a, b, c, da, sec;
	const char *rest;
};

/* "am"/"pm" in any of its spellings: a, am, a.m., a. m. (any space). */
static const char *ampm(const char *s, const char *e, int *pm)
{
	const char *p = skip_spaces(s, e);
	/* A NUL is taken too, as strchr("aApP", c) always took its terminator. */
	if (p >= e || !(*p == 'a' || *p == 'A' || *p == 'p' || *p == 'P' || *p == '\0'))
		return NULL;
	*pm = *p == 'p' || *p == 'P';
	p++;
	if (p < e && *p == '.')
		p++;
	p = skip_spaces(p, e);
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
	s = digits(s, e, 4, &h->a, &h->da);
	if (h->da == 0 || h->da == 3 || s >= e ||
	    !(*s == '/' || *s == '.' || *s == '-' || *s == '\0')) /* NUL: as strchr did */
		return NULL;
	char sep = *s++;
	s = digits(s, e, 2, &h->b, &db);
	if (db == 0 || s >= e || *s != sep)
		return NULL;
	s = digits(s + 1, e, 4, &h->c, &dc);
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
	s = skip_marks(s, e, NULL);
	*bracket = s < e && *s == '[';
	if (*bracket)
		s = skip_marks(s + 1, e, NULL);
	if (!(s = date_fields(s, e, h)))
		return NULL;
	if (s < e && *s == '.')
		s++;
	int comma = s < e && *s == ',';
	if (comma)
		s++;
	const char *t = skip_spaces(s, e);
	if (t == s && !comma)
		return NULL;
	/* A word between date and time ("[12.3.2022 klo 14.08.18]"). */
	if (t < e && (unsigned)(*t - '0') > 9 && words.time_words.n)
		for (size_t i = 0; i < words.time_words.n; i++) {
			size_t n = words.time_words.len[i];
			if ((size_t)(e - t) > n && memcmp(t, words.time_words.w[i], n) == 0 &&
			    t[n] == ' ') {
				t = skip_spaces(t + n, e);
				break;
			}
		}
	return t;
}

/* An AM/PM marker of another language in plain ASCII ("9:41 CH"). */
static const char *ascii_marker(const char *s, const char *e, int *pm)
{
	const char *p = skip_spaces(s, e);
	if (p >= e || *p < 'A' || *p > 'Z')
		return NULL;
	for (size_t i = 0; i < words.nmarks; i++) {
		const struct marker *m = &words.marks[i];
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
 * read through its other writing (see parse_head_wide), before it
 * ("午後9:41" reads as "PM9:41").  Where it ends, or NULL.
 */
static const char *parse_clock(const char *s, const char *e, struct head *h)
{
	int pm = 0, twelve = 0;
	if (s < e && (*s == 'A' || *s == 'P')) {
		const char *a = ampm(s, e, &pm);
		if (!a)
			return NULL;
		s = skip_spaces(a, e);
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
		if (!after && words.ascii_marks)
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
		s = skip_marks(s, e, NULL);
		if (s >= e || *s != ']')
			return NULL;
		return skip_spaces(s + 1, e);
	}
	s = skip_spaces(s, e);
	if (s < e && *s == '-')
		s++;
	else if (e - s >= 3 && memcmp(s, "\xe2\x80\x93", 3) == 0) /* en dash */
		s += 3;
	else
		return NULL;
	int space = s < e && (*s == ' ' || (unsigned char)*s >= 0x80);
	if (!space && s < e)
		return NULL;
	return skip_spaces(s, e);
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
	s = skip_marks(s, e, NULL);
	int bracket = s < e && *s == '[';
	if (bracket)
		s = skip_marks(s + 1, e, NULL);
	if (!(s = parse_clock(s, e, h)))
		return NULL;
	int sec = h->sec, comma = s < e && *s == ',';
	const char *t = skip_spaces(s + comma, e);
	if (t == s || !(t = date_fields(t, e, h)))
		return NULL;
	h->sec = sec;
	return parse_sep(t, e, bracket);
}

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

/* Read the date, time and separator at the start of a line; NULL if none. */
static const char *parse_head(const char *s, const char *e, struct head *h, struct date_seen *seen)
{
	size_t n = seen->len;
	if (n && (size_t)(e - s) > n && same_bytes(s, seen->bytes, n)) {
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
	for (size_t i = 0; i < words.nmarks; i++) {
		const struct marker *m = &words.marks[i];
		if ((size_t)(e - s) >= m->len && memcmp(s, m->w, m->len) == 0)
			return m;
	}
	return NULL;
}

#define WIDE_IN 160

/*
 * A header in another writing, read by first rewriting its beginning in
 * the writing the reader knows: digits of other scripts as 0–9, the Arabic
 * and full-width commas and colon as ASCII, invisible marks dropped, other
 * spaces as " ", AM/PM markers of other languages as "AM"/"PM" (wherever
 * they stand), a Japanese era year as the Gregorian year ("令和4" → 2022)
 * and 年/月/日 as a date's slashes.  Only for a line that failed to read as
 * it is; where the sender starts in the line itself, or NULL.
 */
static const char *parse_head_wide(const char *s, const char *e, struct head *h)
{
	char buf[WIDE_IN + 16];
	uint16_t map[WIDE_IN + 17];
	size_t n = 0;
	const char *p = s, *lim = e - s > WIDE_IN ? s + WIDE_IN : e;
	int changed = 0;
	while (p < lim && n + 8 < WIDE_IN) {
		uint16_t at = (uint16_t)(p - s);
		const struct marker *m = (unsigned char)*p >= 0x80 ? marker_at(p, lim) : NULL;
		if (m && m->as) {
			map[n] = map[n + 1] = at;
			memcpy(buf + n, m->as, 2);
			n += 2;
			p += m->len;
			changed = 1;
			continue;
		}
		if (m && !m->as) {
			const char *q = p + m->len;
			int y = 0, nd = 0;
			if (lim - q >= 3 &&
			    memcmp(q, "\xe5\x85\x83", 3) == 0) /* 元: the first year */
				y = 1, nd = 1, q += 3;
			else
				q = digits(q, lim, 2, &y, &nd);
			if (nd == 0 || y < 1)
				return NULL;
			int k = snprintf(buf + n, 5, "%04d", m->first_year + y - 1);
			for (int i = 0; i < k; i++)
				map[n + (size_t)i] = at;
			n += (size_t)k;
			p = q;
			changed = 1;
			continue;
		}
		if ((unsigned char)*p < 0x80) {
			/* Korean dates put a space after each dot: "2022. 3. 24." */
			if (*p == ' ' && n && buf[n - 1] == '.' && p + 1 < lim &&
			    (unsigned)(p[1] - '0') <= 9) {
				p++;
				changed = 1;
				continue;
			}
			map[n] = at;
			buf[n++] = *p++;
			continue;
		}
		int k;
		int32_t cp = char_at(p, lim, &k);
		int d = digit_value(cp), c = 0;
		if (d >= 0)
			c = '0' + d;
		else if (cp == 0x060C || cp == 0xFF0C) /* Arabic, full-width comma */
			c = ',';
		else if (cp == 0xFF1A) /* full-width colon */
			c = ':';
		else if (cp == 0x5E74 || cp == 0x6708) /* 年, 月 */
			c = '/';
		else if (cp == 0x65E5 || (cp >= 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_CF))
			c = -1; /* 日, and invisible marks: dropped */
		else if (cp >= 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS)
			c = ' ';
		if (c == 0) { /* kept as it is */
			for (int i = 0; i < k && n < WIDE_IN; i++) {
				map[n] = (uint16_t)(p + i - s);
				buf[n++] = p[i];
			}
		} else {
			changed = 1;
			if (c != -1) {
				map[n] = at;
				buf[n++] = (char)c;
			}
		}
		p += k;
	}
	if (!changed)
		return NULL; /* the same bytes: the plain reading has already failed */
	map[n] = (uint16_t)(p - s);
	struct date_seen none = {0};
	const char *r = parse_head(buf, buf + n, h, &none);
	return r ? s + map[r - buf] : NULL;
}

/* Does the start of the line hold a byte of another writing? */
static inline int wide_start(const char *s, const char *e)
{
	size_t n = e - s < 48 ? (size_t)(e - s) : 48;
	return !all_ascii(s, n);
}

/* --- the streaming reader ------------------------------------------------- */

/* Read this much at a time: the bytes are still in the CPU cache when the
 * lines are taken apart.  The buffer itself holds the longest line twice. */
#define READ_CHUNK (256 << 10)

struct reader {
	struct hv_chat_input *in;
	struct hv_error *err;
	char *buf;
	size_t cap, start, end;
	int eof;
	int64_t line, bytes, next_progress;
	/* A regular file is mapped instead of read (see map_input). */
	char *map;
	size_t maplen, dropped;
};

/*
 * Mapping the file spares the kernel copying every byte into a buffer (a
 * tenth of an import's time).  Two things come with it.  Pages read stay
 * in the process's memory until let go, so every 2 MiB the pages behind
 * the line being read are dropped (MADV_DONTNEED): nothing points back
 * into them, as the pending message's sender and words are copies.  And a
 * file cut shorter while it is mapped raises SIGBUS on the first byte past
 * its new end; the reading thread catches it and fails the import, as a
 * read error would, instead of dying.
 */
#define MAP_DROP (2u << 20)

static _Thread_local sigjmp_buf *bus_jump;
static struct sigaction bus_old;
static pthread_mutex_t bus_lock = PTHREAD_MUTEX_INITIALIZER;

static void on_bus(int sig, siginfo_t *si, void *uc)
{
	if (bus_jump)
		siglongjmp(*bus_jump, 1);
	/* Not a mapped chat: what would have happened without us. */
	if (bus_old.sa_flags & SA_SIGINFO && bus_old.sa_sigaction)
		bus_old.sa_sigaction(sig, si, uc);
	else if (bus_old.sa_handler != SIG_IGN && bus_old.sa_handler != SIG_DFL)
		bus_old.sa_handler(sig);
	else {
		signal(SIGBUS, SIG_DFL);
		raise(SIGBUS);
	}
}

/* Catch SIGBUS, keeping whatever handler was there to pass others on to
 * (again if something replaced ours since, as a test harness may). */
static void bus_install(void)
{
	struct sigaction cur, sa;
	pthread_mutex_lock(&bus_lock);
	if (sigaction(SIGBUS, NULL, &cur) == 0 &&
	    !((cur.sa_flags & SA_SIGINFO) && cur.sa_sigaction == on_bus)) {
		memset(&sa, 0, sizeof sa);
		sa.sa_sigaction = on_bus;
		sa.sa_flags = SA_SIGINFO;
		sigemptyset(&sa.sa_mask);
		bus_old = cur;
		sigaction(SIGBUS, &sa, NULL);
	}
	pthread_mutex_unlock(&bus_lock);
}

/* Map the input when it is a part of a regular file; 0 when it is. */
static int map_input(struct reader *r)
{
	const struct hv_chat_input *in = r->in;
	int64_t max = in->max_bytes > 0 ? in->max_bytes : HV_CHAT_INPUT_MAX;
	if (in->map_len <= 0 || in->map_len > max || getenv("HAVEN_CHAT_NO_MMAP"))
		return -1;
	long page = sysconf(_SC_PAGESIZE);
	int64_t base = page > 0 ? in->map_off / page * page : in->map_off;
	size_t len = (size_t)(in->map_len + (in->map_off - base));
	void *m = mmap(NULL, len, PROT_READ, MAP_PRIVATE, in->map_fd, (off_t)base);
	if (m == MAP_FAILED)
		return -1;
	madvise(m, len, MADV_SEQUENTIAL);
	bus_install();
	r->map = m;
	r->maplen = len;
	r->buf = r->map + (in->map_off - base);
	r->start = 0;
	r->end = (size_t)in->map_len;
	r->eof = 1;
	r->bytes = in->map_len;
	return 0;
}

/* Let go of the mapped pages before `line`, the one being read; say how far. */
static void map_advance(struct reader *r, const char *line)
{
	size_t at = (size_t)(line - r->map);
	if (at - r->dropped < MAP_DROP)
		return;
	size_t upto = at / MAP_DROP * MAP_DROP; /* a multiple of any page size */
	madvise(r->map + r->dropped, upto - r->dropped, MADV_DONTNEED);
	r->dropped = upto;
	if (r->in->progress)
		r->in->progress((int64_t)(line - r->buf), r->in->size, r->in->progress_ctx);
}

static int fill(struct reader *r)
{
	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	size_t want = r->cap - r->end < READ_CHUNK ? r->cap - r->end : READ_CHUNK;
	ssize_t got = r->in->read(r->in->ctx, r->buf + r->end, want, r->err);
	if (got < 0)
		return -1;
	/* An endless input (/dev/zero, a pipe that never ends) stops here,
	 * even when it is one endless run of lines too long to keep. */
	int64_t max = r->in->max_bytes > 0 ? r->in->max_bytes : HV_CHAT_INPUT_MAX;
	if (r->bytes + got > max)
		return hv_fail(
		    r->err, HV_EDATA,
		    "%s goes on past %lld MiB, the most haven reads from one chat export "
		    "(its limit on a chat input); nothing was imported. Export a single "
		    "chat instead",
		    r->in->name ? r->in->name : "the chat", (long long)(max >> 20));
	if (got == 0)
		r->eof = 1;
	r->end += (size_t)got;
	r->bytes += got;
	if (r->in->progress && r->bytes >= r->next_progress) {
		r->in->progress(r->bytes, r->in->size, r->in->progress_ctx);
		r->next_progress = r->bytes + (1 << 22);
	}
	return 0;
}

/* Throw away the rest of an over-long line. */
static int discard_line(struct reader *r)
{
	for (;;) {
		char *nl = memchr(r->buf + r->start, '\n', r->end - r->start);
		if (nl) {
			r->start = (size_t)(nl + 1 - r->buf);
			return 0;
		}
		r->start = r->end = 0;
		if (r->eof)
			return 0;
		if (fill(r) < 0)
			return -1;
	}
}

/*
 * The next line (without its line end) in *line and *len: 1, or 0 at the end,
 * or -1 on a read error.  *too_long is set for a line over the limit, which
 * comes back empty.
 */
static int next_line(struct reader *r, const char **line, size_t *len, int *too_long)
{
	*too_long = 0;
	for (;;) {
		char *p = r->buf + r->start;
		char *nl = memchr(p, '\n', r->end - r->start);
		if (nl || (r->eof && r->start < r->end)) {
			size_t n = nl ? (size_t)(nl - p) : r->end - r->start;
			r->start = nl ? (size_t)(nl + 1 - r->buf) : r->end;
			r->line++;
			if (n > HV_CHAT_LINE_MAX) { /* by its length alone, wherever it lies */
				*too_long = 1;
				*line = "";
				*len = 0;
				return 1;
			}
			if (n > 0 && p[n - 1] == '\r')
				n--;
			*line = p;
			*len = n;
			return 1;
		}
		if (r->eof)
			return 0;
		if (r->end - r->start > HV_CHAT_LINE_MAX) {
			r->line++;
			*too_long = 1;
			*line = "";
			*len = 0;
			return discard_line(r) < 0 ? -1 : 1;
		}
		if (fill(r) < 0)
			return -1;
	}
}

/* --- messages ------------------------------------------------------------ */

/*
 * Senders seen lately (a chat is mostly two people taking turns): a line
 * that starts with one of these names and ": " is recognised with a memcmp,
 * without searching for the colon or checking the name again.  The pending
 * message's sender points into one of them.
 */
#define RECENT 4
struct recent {
	char name[256];
	size_t len; /* 0: empty */
};

struct pending {
	int have;
	struct hv_chat_in m;
	struct recent recent[RECENT];
	int next_recent; /* the slot a new name goes to */
	char *text;
	size_t text_len, text_cap;
	int any; /* words counted so far (a line end goes before the next line) */
};

static int text_add(struct pending *p, const char *s, size_t n, int newline)
{
	size_t want = p->text_len + n + 1;
	if (want > HV_CHAT_LINE_MAX)
		return 0; /* keep the first megabyte of the words; the length stays right */
	if (want > p->text_cap) {
		size_t cap = p->text_cap ? p->text_cap * 2 : 256;
		while (cap < want)
			cap *= 2;
		char *t = realloc(p->text, cap);
		if (!t)
			return -1;
		p->text = t;
		p->text_cap = cap;
	}
	if (newline)
		p->text[p->text_len++] = '\n';
	memcpy(p->text + p->text_len, s, n);
	p->text_len += n;
	return 0;
}

/* What kind of line the words after the header are. */
static int classify(const char *t, const char *e, int marked)
{
	size_t n = (size_t)(e - t);
	/* Placeholders start with "<" (Android) or an invisible mark (iOS);
	 * they come first, so a file name never reads as a notice. */
	if ((n && *t == '<' &&
	     (equals_any(&words.media, t, n) || starts_with_any(&words.media_prefix, t, n))) ||
	    (marked &&
	     (ends_with_any(&words.media, t, n) || starts_with_any(&words.media_prefix, t, n))))
		return HV_CHAT_MEDIA;
	/* A call (iOS writes them under the caller's name) was sent like a
	 * message: it counts, with no length, as a placeholder does. */
	if (marked && starts_with_any(&words.calls, t, n))
		return HV_CHAT_MEDIA;
	if (marked && contains_any(&words.system, t, n))
		return HV_CHAT_SYSTEM;
	if (n < 80) {
		size_t k = n;
		while (k > 0 && t[k - 1] == '.')
			k--;
		if (equals_any(&words.deleted, t, k))
			return HV_CHAT_DELETED;
	}
	return 0;
}

/* The recent sender that s..e starts with, followed by ": "; or NULL. */
static const struct recent *recent_sender(const struct pending *p, const char *s, const char *e)
{
	for (int i = 0; i < RECENT; i++) {
		const struct recent *r = &p->recent[i];
		/* (the name ends before byte 199, as the search below requires) */
		if (r->len && r->len + 1 < 200 && (size_t)(e - s) >= r->len + 2 &&
		    s[r->len] == ':' && s[r->len + 1] == ' ' && same_bytes(s, r->name, r->len))
			return r;
	}
	return NULL;
}

static int start_message(struct pending *p, const struct head *h, const char *rest, const char *e,
                         int64_t line, int lead, const struct hv_chat_sink *sink)
{
	memset(&p->m, 0, sizeof p->m);
	p->have = 1;
	p->any = 0;
	p->text_len = 0;
	p->m.a = h->a, p->m.b = h->b, p->m.c = h->c, p->m.da = h->da, p->m.sec = h->sec;
	p->m.line = line;
	const char *s = skip_marks(rest, e, NULL);
	const char *colon = NULL;
	const struct recent *known = recent_sender(p, s, e);
	if (known) {
		colon = s + known->len;
		p->m.sender = known->name;
		p->m.sender_len = known->len;
	} else {
		size_t room = (size_t)(e - s) < 200 ? (size_t)(e - s) : 200;
		/* The first ": " within the first 200 bytes: names are short. */
		for (const char *q = s, *lim = s + room; (q = memchr(q, ':', (size_t)(lim - q)));
		     q++)
			if (q + 1 < lim && q[1] == ' ') {
				colon = q;
				break;
			}
		if (!colon && e - s >= 1 && e[-1] == ':' && e - s <= 200)
			colon = e - 1; /* "Sam:" with the words on the next line */
		const char *name_end = colon ? trim_end(s, colon) : s;
		size_t nl = (size_t)(name_end - s);
		if (!colon || nl == 0 || !(all_ascii(s, nl) || hv_text_valid(s, nl))) {
			p->m.flags = HV_CHAT_SYSTEM;
			return 0;
		}
		struct recent *r = &p->recent[p->next_recent];
		if (nl >= sizeof r->name)
			nl = sizeof r->name - 1;
		if (nl > 30 && contains_any(&words.system, s, nl)) {
			p->m.flags = HV_CHAT_SYSTEM; /* "X changed the subject to "a: b"" */
			return 0;
		}
		p->next_recent = (p->next_recent + 1) % RECENT;
		memcpy(r->name, s, nl);
		r->name[nl] = '\0';
		r->len = nl;
		p->m.sender = r->name;
		p->m.sender_len = nl;
	}
	int marked = lead;
	const char *t = colon + 1 < e ? skip_marks(colon + 2 > e ? e : colon + 2, e, &marked) : e;
	t = skip_spaces(t, e);
	const char *te = trim_end(t, e);
	p->m.flags = classify(t, te, marked);
	if (p->m.flags == HV_CHAT_SYSTEM) {
		p->m.sender = NULL;
		return 0;
	}
	if (!p->m.flags) {
		p->m.len = count_chars(t, (size_t)(e - t));
		p->any = t < e;
	}
	if (sink->want_text && text_add(p, t, (size_t)(e - t), 0) < 0)
		return -1;
	return 0;
}

static int emit(struct pending *p, const struct hv_chat_sink *sink, struct hv_error *err)
{
	if (!p->have)
		return 0;
	p->have = 0;
	if (sink->want_text && p->m.sender) {
		p->m.text = p->text ? p->text : "";
		p->m.text_len = p->text_len;
	}
	return sink->message(sink->ctx, &p->m, err);
}

int hv_whatsapp_parse(struct hv_chat_input *in, const struct hv_chat_sink *sink,
                      struct hv_error *err)
{
	load_words();
	struct reader r = {.in = in, .err = err, .cap = (size_t)HV_CHAT_LINE_MAX * 2};
	struct pending p = {0};
	struct date_seen seen = {0};
	volatile int rc = -1;
	sigjmp_buf jump;
	if (map_input(&r) == 0) {
		if (sigsetjmp(jump, 1)) {
			bus_jump = NULL;
			hv_fail(err, HV_EIO,
			        "%s became shorter while it was being read; nothing was imported. "
			        "Import it again once it is complete",
			        in->name ? in->name : "the chat file");
			goto out;
		}
		bus_jump = &jump;
	} else if (!(r.buf = malloc(r.cap))) {
		hv_fail(err, HV_ENOMEM, "out of memory");
		goto out;
	}
	if (sink->chat(sink->ctx, NULL, NULL, err) < 0)
		goto out;
	const char *line;
	size_t len;
	int too_long, got;
	while ((got = next_line(&r, &line, &len, &too_long)) == 1) {
		if (too_long) {
			sink->skip(sink->ctx, r.line);
			continue;
		}
		if (r.map)
			map_advance(&r, line);
		const char *e = line + len;
		if (r.line == 1 && len >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0)
			line += 3;
		struct head h;
		const char *rest = NULL;
		/* A header starts with a digit, "[" or an invisible mark. */
		if (line < e && ((*line >= '0' && *line <= '9') || *line == '[' ||
		                 (unsigned char)*line >= 0x80)) {
			rest = parse_head(line, e, &h, &seen);
			if (!rest && wide_start(line, e))
				rest = parse_head_wide(line, e, &h);
		}
		if (rest) {
			/* iOS starts the line of a notice with a left-to-right mark. */
			int lead = e - line >= 3 && memcmp(line, "\xe2\x80\x8e", 3) == 0;
			if (emit(&p, sink, err) < 0 ||
			    start_message(&p, &h, rest, e, r.line, lead, sink) < 0)
				goto out;
			continue;
		}
		if (!p.have) {
			if (skip_spaces(line, e) != e)
				sink->skip(sink->ctx, r.line);
			continue;
		}
		if (p.m.flags & HV_CHAT_SYSTEM)
			continue;
		/* A placeholder is one line; words after it make it a message. */
		p.m.flags &= ~(HV_CHAT_MEDIA | HV_CHAT_DELETED);
		p.m.len += (p.any ? 1 : 0) + count_chars(line, len);
		p.any = 1;
		if (sink->want_text && text_add(&p, line, len, 1) < 0) {
			hv_fail(err, HV_ENOMEM, "out of memory");
			goto out;
		}
	}
	if (got < 0 || emit(&p, sink, err) < 0)
		goto out;
	in->lines = r.line;
	if (in->progress)
		in->progress(r.bytes, in->size, in->progress_ctx);
	rc = 0;
out:
	bus_jump = NULL;
	if (r.map)
		munmap(r.map, r.maplen);
	else
		free(r.buf);
	free(p.text);
	return rc;
}

/* A line that starts a message, read cold: the test a cut must pass. */
static int starts_message(const char *line, const char *e)
{
	struct head h;
	struct date_seen seen = {0};
	if (e > line && e[-1] == '\r')
		e--;
	/* (a byte-order mark is only taken off the first line of a file) */
	if (e - line >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0)
		return 0;
	return line < e &&
	       ((*line >= '0' && *line <= '9') || *line == '[' || (unsigned char)*line >= 0x80) &&
	       (parse_head(line, e, &h, &seen) != NULL ||
	        (wide_start(line, e) && parse_head_wide(line, e, &h) != NULL));
}

#define SPLIT_WINDOW (1 << 20)

int64_t hv_whatsapp_split_point(int fd, int64_t size, int64_t near)
{
	load_words(); /* once, here, before any thread reads */
	if (near < 1 || near >= size)
		return -1;
	/* From the byte before near: a line that starts at near counts too. */
	int64_t from = near - 1;
	size_t want = size - from < SPLIT_WINDOW ? (size_t)(size - from) : SPLIT_WINDOW;
	char *buf = malloc(want ? want : 1);
	if (!buf)
		return -1;
	size_t n = 0;
	while (n < want) {
		ssize_t got = pread(fd, buf + n, want - n, (off_t)(from + (int64_t)n));
		if (got <= 0)
			break;
		n += (size_t)got;
	}
	int64_t cut = -1;
	const char *end = buf + n;
	for (const char *p = memchr(buf, '\n', n); p && p + 1 < end;
	     p = memchr(p + 1, '\n', (size_t)(end - p - 1))) {
		const char *line = p + 1, *e = memchr(line, '\n', (size_t)(end - line));
		if (!e)
			break; /* the line runs past the window: it cannot be checked */
		if (starts_message(line, e)) {
			cut = from + (line - buf);
			break;
		}
	}
	free(buf);
	return cut;
}
