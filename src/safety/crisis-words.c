/*
 * crisis-words.c — a text as the crisis rules see it: a row of word ids.
 *
 * Words are runs of letters, marks and digits in any script (utf8proc
 * decides what a letter is); apostrophes inside a word vanish, so "don't",
 * "don’t" and "dont" are one word.  Each word is case-folded, a letter
 * typed three times or more is cut to two ("killl"), then it is looked up
 * in the spelling table ("kms" stands for "kill myself", "sucide" for
 * "suicide"), stemmed by Snowball ("overdosing" and "overdosed" both become
 * "overdos") and turned into the model's id.  A long word the rules do not
 * know is tried once more against the few words worth hearing through a
 * typo ("suicdal").  Punctuation is not kept, but where a sentence or a
 * clause ends is, because a negation or a gap must not reach across it.
 */
#include <libstemmer.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/hash.h"
#include "crisis-private.h"

#define WORD_MAX 64

/* Fold a word (case, NFC): plain ASCII, most words, is only lower-cased
 * (which is what utf8proc would do to it) into buf, n bytes, and *out
 * points there; anything else goes through utf8proc into a new buffer,
 * *out, which the caller frees when it is not buf.  Its length, or -1
 * (*out NULL) when it is not valid UTF-8. */
static utf8proc_ssize_t fold_word(const char *word, size_t len, utf8proc_uint8_t *buf, size_t n,
                                  utf8proc_uint8_t **out)
{
	size_t i = 0;
	while (i < len && (unsigned char)word[i] < 0x80)
		i++;
	if (i == len && len < n) {
		for (i = 0; i < len; i++)
			buf[i] =
			    (utf8proc_uint8_t)(word[i] >= 'A' && word[i] <= 'Z' ? word[i] | 0x20
			                                                        : word[i]);
		buf[len] = '\0';
		*out = buf;
		return (utf8proc_ssize_t)len;
	}
	*out = NULL;
	return utf8proc_map((const utf8proc_uint8_t *)word, (utf8proc_ssize_t)len, out,
	                    UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE | UTF8PROC_STABLE);
}

static void fold_free(utf8proc_uint8_t *folded, const utf8proc_uint8_t *buf)
{
	if (folded != buf)
		free(folded);
}

size_t hv_crisis_stem(struct sb_stemmer *stemmer, const char *word, size_t len, char *buf, size_t n)
{
	utf8proc_uint8_t room[WORD_MAX * 4], *folded = NULL;
	utf8proc_ssize_t k = fold_word(word, len, room, sizeof room, &folded);
	if (k <= 0) {
		fold_free(folded, room);
		return 0;
	}
	const sb_symbol *s = sb_stemmer_stem(stemmer, folded, (int)k);
	size_t m = s ? (size_t)sb_stemmer_length(stemmer) : (size_t)k;
	if (!s)
		s = folded;
	if (m >= n)
		m = n - 1;
	memcpy(buf, s, m);
	buf[m] = '\0';
	fold_free(folded, room);
	return m;
}

static int ascii_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int is_word_char(utf8proc_int32_t cp)
{
	if (cp < 0x80) /* the letters and digits of ASCII, as utf8proc says */
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9');
	utf8proc_category_t c = utf8proc_category(cp);
	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO;
}

/* "k!ll", "s*icide", "$uicide": a sign inside a word stands for a letter
 * when a letter follows it. */
static int inner_sign(utf8proc_int32_t cp, const utf8proc_uint8_t *next,
                      const utf8proc_uint8_t *end)
{
	return (cp == '!' || cp == '*' || cp == '$' || cp == '@') && next < end &&
	       (((*next | 0x20) >= 'a' && (*next | 0x20) <= 'z'));
}

static int is_apostrophe(utf8proc_int32_t cp)
{
	return cp == '\'' || cp == 0x2018 || cp == 0x2019 || cp == 0x02BC || cp == '`';
}

/* How a character between words ends what came before: 2 a sentence, 1 a
 * clause, 0 neither.  A lone full stop ends a sentence; a run of them
 * ("i just... cant") is a pause, a clause. */
static int break_of(utf8proc_int32_t cp, const utf8proc_uint8_t *next)
{
	switch (cp) {
	case '.': return next[0] == '.' ? 1 : 2;
	case '!':
	case '?':
	case '\n': return 2;
	case ',':
	case ';':
	case ':':
	case '(':
	case ')':
	case 0x2014:
	case 0x2013:
	case 0x2026: return 1;
	default: return 0;
	}
}

/* The words that turn what follows round, for the weighed words. */
static int is_negator(const char *stem)
{
	return stem[0] == 'n' && (!strcmp(stem, "not") || !strcmp(stem, "never") ||
	                          !strcmp(stem, "no") || !strcmp(stem, "nor"));
}

/* Room for at least want words; 0, or -1 when out of memory. */
static int reserve(struct cwords *out, size_t want)
{
	if (want <= out->cap)
		return 0;
	size_t cap = want;
	struct cword *w = realloc(out->w, cap * sizeof *w);
	if (!w)
		return -1;
	out->w = w;
	char(*st)[CSTEM_MAX] = realloc(out->stem, cap * sizeof *st);
	if (!st)
		return -1;
	out->stem = st;
	out->cap = cap;
	return 0;
}

/* Room for one more word. */
static int make_room(struct cwords *out)
{
	if (out->n < out->cap)
		return 0;
	return reserve(out, out->cap ? out->cap * 2 : 64);
}

static int push(struct cwords *out, int id, const char *stem, size_t start, size_t end, int brk)
{
	if (make_room(out) < 0)
		return -1;
	/* cut as snprintf would, without its cost on every word of a long text */
	size_t len = strnlen(stem, CSTEM_MAX - 1);
	memcpy(out->stem[out->n], stem, len);
	out->stem[out->n][len] = '\0';
	out->w[out->n] = (struct cword){.id = id,
	                                .start = start,
	                                .end = end,
	                                .sentence = brk >= 2,
	                                .clause = brk >= 1,
	                                .negator = is_negator(stem),
	                                .first = out->n};
	out->n++;
	return 0;
}

/* One slip of the finger: a letter added, dropped, changed or two swapped. */
static int one_slip(const char *a, size_t la, const char *b, size_t lb)
{
	if (la > lb + 1 || lb > la + 1)
		return 0;
	size_t i = 0;
	while (i < la && i < lb && a[i] == b[i])
		i++;
	if (la == lb) {
		if (i == la)
			return 1;
		if (strcmp(a + i + 1, b + i + 1) == 0)
			return 1; /* changed */
		return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] &&
		       strcmp(a + i + 2, b + i + 2) == 0; /* swapped */
	}
	return la > lb ? strcmp(a + i + 1, b + i) == 0 : strcmp(a + i, b + i + 1) == 0;
}

/* The model's fuzzy words and their lengths, measured once per text. */
struct reading {
	const struct cmodel *m;
	struct sb_stemmer *stemmer;
	size_t *fuzzy_len;
};

/* One slip leaves a word of five letters or more its first letter or its
 * last, and its length give or take one: what is looked at before one_slip. */
static int fuzzy_id(const struct reading *r, const char *word, size_t len)
{
	if (len < 5)
		return 0;
	for (int i = 0; i < r->m->n_fuzzy; i++) {
		const char *f = r->m->fuzzy[i];
		size_t n = r->fuzzy_len[i];
		if (n + 1 >= len && n <= len + 1 && n &&
		    (f[0] == word[0] || f[n - 1] == word[len - 1]) && one_slip(word, len, f, n))
			return r->m->fuzzy_ids[i];
	}
	return 0;
}

/* A word stretched for feeling ("dieee", "pleeease") that the rules do
 * not know: every doubled letter once, tried again. */
static int single_letters_id(const struct cmodel *m, struct sb_stemmer *stemmer, const char *w)
{
	char once[WORD_MAX * 4], stem[WORD_MAX * 4];
	size_t n = 0;
	for (size_t i = 0; w[i] && n < sizeof once - 1; i++)
		if (n == 0 || (unsigned char)w[i] >= 0x80 || w[i] != once[n - 1])
			once[n++] = w[i];
	once[n] = '\0';
	if (strcmp(once, w) == 0)
		return 0;
	hv_crisis_stem(stemmer, once, n, stem, sizeof stem);
	return hv_crisis_stem_id(m, stem);
}

/* Two habits of typing, undone for a word the rules do not know: a
 * dropped g ("thinkin", "takin") and letters written as digits or signs
 * ("d1e", "k!ll", "$uicide"). */
static int respelled_id(const struct reading *r, const char *w, size_t n)
{
	const struct cmodel *m = r->m;
	struct sb_stemmer *stemmer = r->stemmer;
	char again[WORD_MAX * 4], stem[WORD_MAX * 4];
	int id = 0;
	if (n > 3 && n + 2 < sizeof again && w[n - 2] == 'i' && w[n - 1] == 'n') {
		memcpy(again, w, n);
		again[n] = 'g';
		again[n + 1] = '\0';
		hv_crisis_stem(stemmer, again, n + 1, stem, sizeof stem);
		id = hv_crisis_stem_id(m, stem);
	}
	static const char from[] = "1!30457$@", to[] = "iieoasts"
	                                               "a";
	int changed = 0, letters = 0;
	for (size_t i = 0; i < n && i < sizeof again - 1; i++) {
		const char *k = strchr(from, w[i]);
		again[i] = k && w[i] ? to[k - from] : w[i];
		changed += k && w[i];
		letters += (w[i] | 0x20) >= 'a' && (w[i] | 0x20) <= 'z';
		again[i + 1] = '\0';
	}
	if (!id && changed && letters) {
		hv_crisis_stem(stemmer, again, strlen(again), stem, sizeof stem);
		id = hv_crisis_stem_id(m, stem);
		if (!id)
			id = fuzzy_id(r, again, strlen(again));
	}
	return id;
}

static int all_digits(const char *s)
{
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* A written word word[0..len) (apostrophes already out) folded into
 * folded (room for WORD_MAX * 4 bytes), a letter typed three times or more
 * cut to two ("killll" is "kill"); its length, or -1 when nothing is left
 * or it is not UTF-8.  What a word reads as depends on this alone. */
static int fold_squeezed(const char *word, size_t len, char *folded)
{
	size_t n = 0, i = 0;
	for (; i < len && (unsigned char)word[i] < 0x80 && n < WORD_MAX * 4 - 1; i++) {
		/* plain ASCII, most words: lower-cased as utf8proc would, in one go */
		char c = word[i] >= 'A' && word[i] <= 'Z' ? (char)(word[i] | 0x20) : word[i];
		if (!(n >= 2 && c == folded[n - 1] && c == folded[n - 2]))
			folded[n++] = c;
	}
	if (i == len && len < WORD_MAX * 4) {
		folded[n] = '\0';
		return n ? (int)n : -1;
	}
	utf8proc_uint8_t room[WORD_MAX * 4], *f = NULL;
	utf8proc_ssize_t k = fold_word(word, len, room, sizeof room, &f);
	if (k <= 0) {
		fold_free(f, room);
		return -1;
	}
	n = 0;
	for (utf8proc_ssize_t j = 0; j < k && n < WORD_MAX * 4 - 1; j++) {
		if (n >= 2 && f[j] < 0x80 && f[j] == (utf8proc_uint8_t)folded[n - 1] &&
		    f[j] == (utf8proc_uint8_t)folded[n - 2])
			continue;
		folded[n++] = (char)f[j];
	}
	folded[n] = '\0';
	fold_free(f, room);
	return (int)n;
}

/* hv_crisis_stem of a folded word: plain ASCII is folded already, so it
 * goes to Snowball as it is. */
static void stem_folded(struct sb_stemmer *stemmer, const char *folded, size_t n, char *buf,
                        size_t size)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)folded[i] >= 0x80) {
			hv_crisis_stem(stemmer, folded, n, buf, size);
			return;
		}
	const sb_symbol *s = sb_stemmer_stem(stemmer, (const sb_symbol *)folded, (int)n);
	size_t m = s ? (size_t)sb_stemmer_length(stemmer) : n;
	if (!s)
		s = (const sb_symbol *)folded;
	if (m >= size)
		m = size - 1;
	memcpy(buf, s, m);
	buf[m] = '\0';
}

/* Add a folded word (fold_squeezed): through the spelling table, or
 * stemmed. */
static int add_folded(const struct reading *r, const char *folded, size_t n, size_t start,
                      size_t end, int brk, struct cwords *out)
{
	const struct cmodel *m = r->m;
	char stem[WORD_MAX * 4];
	const struct cspelling *spelled = hv_crisis_spelled(m, folded);
	if (spelled) {
		for (int i = 0; i < spelled->n; i++)
			if (push(out, m->spelled_ids[spelled->from + i],
			         m->spelled_stems[spelled->from + i], start, end,
			         i == 0 ? brk : 0) < 0)
				return -1;
		return 0;
	}
	if (m->num_id && all_digits(folded))
		return push(out, m->num_id, "#num", start, end, brk);
	stem_folded(r->stemmer, folded, n, stem, sizeof stem);
	int id = hv_crisis_stem_id(m, stem);
	if (!id)
		id = single_letters_id(m, r->stemmer, folded);
	if (!id)
		id = respelled_id(r, folded, n);
	if (!id)
		id = fuzzy_id(r, folded, n);
	return push(out, id, stem, start, end, brk);
}

void hv_crisis_words_free(struct cwords *ws)
{
	free(ws->w);
	free(ws->stem);
	ws->w = NULL;
	ws->stem = NULL;
	ws->n = ws->cap = 0;
}

/* Words already read in this text: a long text says "I" and "the" a
 * thousand times, and each reading is the same, so the second time the
 * first's words are copied.  An open-addressed table of folded words
 * (fold_squeezed: "I" and "i" are one), kept in one arena; when either
 * fills, words are simply read again. */
#define SEEN_SLOTS 4096
#define SEEN_BYTES (SEEN_SLOTS * 8)

struct seen_word {
	const char *word;    /* folded, NUL-terminated; NULL for an empty slot */
	size_t first, count; /* its words in out->w */
};

struct seen {
	struct seen_word slot[SEEN_SLOTS];
	char bytes[SEEN_BYTES];
	size_t used;
};

static struct seen_word *seen_slot(struct seen *seen, const char *w, size_t n)
{
	for (uint32_t i = hv_fnv1a32(w, n) & (SEEN_SLOTS - 1), tries = 0; tries < SEEN_SLOTS / 2;
	     i = (i + 1) & (SEEN_SLOTS - 1), tries++) {
		struct seen_word *sw = &seen->slot[i];
		if (!sw->word || (memcmp(sw->word, w, n) == 0 && sw->word[n] == '\0'))
			return sw;
	}
	return NULL; /* crowded: read the word afresh */
}

/* The words of an earlier reading of the same folded word, at a new place:
 * the same ids, stems and negators, copied whole. */
static int push_again(struct cwords *out, const struct seen_word *sw, size_t start, size_t end,
                      int brk)
{
	for (size_t k = 0; k < sw->count; k++) {
		if (make_room(out) < 0)
			return -1;
		size_t at = sw->first + k;
		memcpy(out->stem[out->n], out->stem[at], CSTEM_MAX);
		struct cword w = out->w[at];
		w.start = start;
		w.end = end;
		w.sentence = k == 0 && brk >= 2;
		w.clause = k == 0 && brk >= 1;
		out->w[out->n++] = w;
	}
	return 0;
}

/* Add the written word word[0..len) (apostrophes already out), read once
 * per folded word when there is a table of those read. */
static int add_word(const struct reading *r, struct seen *seen, const char *word, size_t len,
                    size_t start, size_t end, int brk, struct cwords *out)
{
	char folded[WORD_MAX * 4];
	int n = fold_squeezed(word, len, folded);
	if (n < 0)
		return push(out, 0, "", start, end, brk);
	struct seen_word *sw = seen ? seen_slot(seen, folded, (size_t)n) : NULL;
	if (sw && sw->word)
		return push_again(out, sw, start, end, brk);
	size_t first = out->n;
	if (add_folded(r, folded, (size_t)n, start, end, brk, out) < 0)
		return -1;
	if (sw && seen->used + (size_t)n + 1 <= SEEN_BYTES) {
		memcpy(seen->bytes + seen->used, folded, (size_t)n + 1);
		sw->word = seen->bytes + seen->used;
		seen->used += (size_t)n + 1;
		sw->first = first, sw->count = out->n - first;
	}
	return 0;
}

/* Read text's words into out with the stemmer and table of r. */
static int read_words(const struct reading *r, struct seen *seen, const char *text, size_t len,
                      struct cwords *out)
{
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)text;
	char word[WORD_MAX * 4];
	size_t wlen = 0, start = 0, i = 0;
	int brk = 2, in_word = 0, rc = reserve(out, len / 4 + 16); /* about as many words */
	out->n = 0;
	while (i <= len && rc == 0) {
		utf8proc_int32_t cp = -1;
		utf8proc_ssize_t k = 1;
		if (i < len && s[i] < 0x80) {
			cp = s[i]; /* ASCII, most of a text, needs no decoding */
		} else if (i < len) {
			k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
			if (k <= 0) {
				k = 1; /* a stray byte is a space, not the end of listening */
				cp = ' ';
			}
		}
		if (i < len &&
		    (is_word_char(cp) || (in_word && inner_sign(cp, s + i + k, s + len)))) {
			if (!in_word) {
				in_word = 1;
				start = i;
				wlen = 0;
			}
			if (k == 1) { /* ASCII: the run of letters and digits it starts, at once */
				do {
					if (wlen + 1 < sizeof word)
						word[wlen++] = (char)s[i];
					i++;
				} while (i < len && ascii_alnum(s[i]));
				continue;
			}
			if (wlen + (size_t)k < sizeof word)
				memcpy(word + wlen, s + i, (size_t)k), wlen += (size_t)k;
		} else if (in_word && is_apostrophe(cp) && i + (size_t)k < len &&
		           (s[i + k] & 0x80 || (s[i + k] | 0x20) >= 'a') &&
		           (s[i + k] | 0x20) <= 'z') {
			/* inside a word ("don't"): dropped */
		} else {
			if (in_word) {
				rc = add_word(r, seen, word, wlen, start, i, brk, out);
				in_word = 0;
				brk = 0;
			}
			if (i < len) {
				int b = break_of(cp, s + i + k < s + len ? s + i + k : s + i);
				brk = b > brk ? b : brk;
			}
		}
		i += (size_t)k;
	}
	return rc;
}

int hv_crisis_words(const struct cmodel *m, const char *text, size_t len, struct cwords *out)
{
	struct reading r = {.m = m,
	                    .stemmer = sb_stemmer_new("english", "UTF_8"),
	                    .fuzzy_len = calloc((size_t)m->n_fuzzy + 1, sizeof *r.fuzzy_len)};
	/* Only a text long enough to repeat itself is worth the table. */
	struct seen *seen = len > 2000 ? calloc(1, sizeof *seen) : NULL;
	int rc = -1;
	if (r.stemmer && r.fuzzy_len) {
		for (int i = 0; i < m->n_fuzzy; i++)
			r.fuzzy_len[i] = strlen(m->fuzzy[i]);
		rc = read_words(&r, seen, text, len, out);
	}
	free(seen);
	free(r.fuzzy_len);
	if (r.stemmer)
		sb_stemmer_delete(r.stemmer);
	return rc;
}

void hv_crisis_sentence_ends(const struct cwords *ws, size_t *limit)
{
	size_t end = ws->n;
	for (size_t i = ws->n; i-- > 0;) {
		limit[i] = end;
		if (ws->w[i].sentence)
			end = i;
	}
}

size_t hv_crisis_sentence_start(const struct cwords *ws, size_t pos)
{
	while (pos > 0 && !ws->w[pos].sentence)
		pos--;
	return pos;
}
