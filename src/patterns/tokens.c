/*
 * tokens.c — cutting a person's text into folded words that remember their
 * original bytes.
 *
 * A word is a run of letters, digits and combining marks; an apostrophe
 * (straight or curly) between two letters stays inside it, so "don’t" is
 * one word.  Each word is case-folded by utf8proc and then spelled out by
 * the contraction table of data/patterns.json ("can't" → "can not",
 * "theyre" → "they are").  Every piece of a spelled-out word keeps the byte
 * span of the whole original word, so a finding never points inside one.
 * Bytes that are not valid UTF-8 act as separators: any input is safe.
 */
#include "patterns.h"

#include <libstemmer.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/hash.h"
#include "rules-private.h"

#define WORD_MAX 128 /* longer "words" are cut; nothing we match is that long */

/*
 * One text being cut.  Each word is stemmed once here, for every reader
 * after (the rules, the learnt reading): a word seen before in the same
 * text copies its stem instead of asking Snowball again, which on a long
 * entry is most words.
 */
struct cutter {
	struct hv_toks *t;
	struct sb_stemmer *st; /* NULL when Snowball could not start: stems are the words */
	uint32_t *slot;        /* open addressing: token index + 1 of each distinct word */
	size_t nslot, distinct;
	int endings_all_quoted; /* every ending holds an apostrophe: a word without one has none */
	const json_t *contractions, *endings, *s_is; /* data/patterns.json's tables */
	/* Per token: its word, written on its own, is itself alone (no
	 * contraction, no ending), so the same word again needs no table. */
	uint8_t *plain;
	size_t plain_cap;
	char *block; /* where the tokens' words are copied (token_room) */
	size_t block_used;
};

static const json_t *table(const char *key)
{
	return hv_patterns_table(key);
}

static int in_table(const char *key, const char *norm)
{
	size_t i;
	json_t *w;
	json_array_foreach(table(key), i, w)
	{
		if (strcmp(json_string_value(w), norm) == 0)
			return 1;
	}
	return 0;
}

int hv_tok_is_negator(const char *norm)
{
	return in_table("negators", norm);
}

int hv_tok_is_negation_skip(const char *norm)
{
	return in_table("negation_skip", norm);
}

/* Apostrophe look-alikes people's keyboards and phones produce. */
static int is_apostrophe(utf8proc_int32_t cp)
{
	return cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC || cp == 0xFF07 ||
	       cp == 0x00B4 || cp == 0x0060 || cp == 0x2032;
}

static int is_wide_word_char(utf8proc_int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO: return 1;
	default: return 0;
	}
}

/* A letter, digit or mark: ASCII answered here, in line, since it is most
 * of a text; the rest by its Unicode category. */
static inline int is_word_char(utf8proc_int32_t cp)
{
	if (cp >= 0 && cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9');
	return is_wide_word_char(cp);
}

/* What a non-word character does to the structure: 2 ends a sentence,
 * 1 ends a clause, 0 nothing. */
static int breaks(utf8proc_int32_t cp)
{
	if (cp == '.' || cp == '!' || cp == '?' || cp == ';' || cp == '\n' || cp == 0x2026 ||
	    cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0x203D)
		return 2;
	if (cp == ',' || cp == ':' || cp == '(' || cp == ')' || cp == 0x2014 || cp == 0x2013 ||
	    cp == 0xFF0C || cp == '"' || cp == 0x201C || cp == 0x201D)
		return 1;
	return 0;
}

/* The slot of word w: its earlier token, or the empty slot it would take. */
static uint32_t *memo_slot(struct cutter *z, const char *w, size_t n)
{
	size_t i = hv_fnv1a32(w, n) & (z->nslot - 1);
	for (;; i = (i + 1) & (z->nslot - 1)) {
		uint32_t *slot = &z->slot[i];
		if (!*slot)
			return slot;
		const char *seen = z->t->v[*slot - 1].norm;
		if (strncmp(seen, w, n) == 0 && seen[n] == '\0')
			return slot;
	}
}

/* Keep the memo under half full. */
static int memo_grow(struct cutter *z)
{
	if ((z->distinct + 1) * 2 <= z->nslot)
		return 0;
	size_t nslot = z->nslot ? z->nslot * 2 : 64;
	uint32_t *old = z->slot;
	size_t old_n = z->nslot;
	z->slot = calloc(nslot, sizeof *z->slot);
	if (!z->slot) {
		z->slot = old;
		return -1;
	}
	z->nslot = nslot;
	for (size_t i = 0; i < old_n; i++)
		if (old[i]) {
			const char *w = z->t->v[old[i] - 1].norm;
			*memo_slot(z, w, strlen(w)) = old[i];
		}
	free(old);
	return 0;
}

/* The stem of word w (n bytes), and its length, asked of Snowball. */
static const char *stem_fresh(struct cutter *z, const char *w, size_t n, size_t *len)
{
	const sb_symbol *s = z->st ? sb_stemmer_stem(z->st, (const sb_symbol *)w, (int)n) : NULL;
	*len = s ? (size_t)sb_stemmer_length(z->st) : n;
	return s ? (const char *)s : w;
}

/* Room for one more token, and its plain flag. */
static int make_room(struct cutter *z)
{
	struct hv_toks *t = z->t;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		struct hv_tok *v = realloc(t->v, cap * sizeof *v);
		if (!v)
			return -1;
		t->v = v;
		t->cap = cap;
	}
	if (t->n >= z->plain_cap) {
		size_t cap = t->cap;
		uint8_t *more = realloc(z->plain, cap);
		if (!more)
			return -1;
		memset(more + z->plain_cap, 0, cap - z->plain_cap);
		z->plain = more;
		z->plain_cap = cap;
	}
	return memo_grow(z);
}

/*
 * Each token owns a copy of its word and stem, "norm\0stem\0", but not an
 * allocation each: copies go one after another into blocks of a few
 * kilobytes, each copy after a mark saying whether it opens its block.
 * hv_toks_free frees each block at the token that opened it.
 */
#define BLOCK 4096

static char *token_room(struct cutter *z, size_t need)
{
	uint64_t opens = 0;
	need += sizeof opens;
	if (!z->block || z->block_used + need > BLOCK) {
		char *block = malloc(need > BLOCK ? need : BLOCK);
		if (!block)
			return NULL;
		z->block = block;
		z->block_used = 0;
		opens = 1;
	}
	char *at = z->block + z->block_used;
	memcpy(at, &opens, sizeof opens);
	z->block_used += need;
	return at + sizeof opens;
}

/* Push word norm (n bytes) whose memo slot is slot, room made already:
 * the token's type (the first token of the same word), or -1. */
static long push_at(struct cutter *z, uint32_t *slot, size_t start, size_t end, const char *norm,
                    size_t n, int sentence, int clause)
{
	struct hv_toks *t = z->t;
	const char *stem;
	size_t sn;
	if (*slot) {
		stem = t->v[*slot - 1].stem;
		sn = strlen(stem);
	} else {
		stem = stem_fresh(z, norm, n, &sn);
	}
	char *s = token_room(z, n + 1 + sn + 1);
	if (!s)
		return -1;
	memcpy(s, norm, n);
	s[n] = '\0';
	memcpy(s + n + 1, stem, sn);
	s[n + 1 + sn] = '\0';
	if (!*slot) {
		*slot = (uint32_t)t->n + 1;
		z->distinct++;
	}
	t->v[t->n] = (struct hv_tok){start, end, s, s + n + 1, sentence, clause, *slot - 1};
	t->n++;
	return (long)*slot - 1;
}

static int push(struct cutter *z, size_t start, size_t end, const char *norm, size_t n,
                int sentence, int clause)
{
	if (make_room(z) < 0)
		return -1;
	return push_at(z, memo_slot(z, norm, n), start, end, norm, n, sentence, clause) < 0 ? -1
	                                                                                    : 0;
}

/* Push word w as itself, and remember that it is plain. */
static int push_plain(struct cutter *z, size_t start, size_t end, const char *w, size_t n,
                      int sentence, int clause)
{
	if (make_room(z) < 0)
		return -1;
	long type = push_at(z, memo_slot(z, w, n), start, end, w, n, sentence, clause);
	if (type < 0)
		return -1;
	z->plain[type] = 1;
	return 0;
}

/* Push each space-separated piece of an expansion with the same span. */
static int push_pieces(struct cutter *t, size_t start, size_t end, const char *words, int sentence,
                       int clause)
{
	const char *p = words;
	while (*p) {
		size_t n = strcspn(p, " ");
		if (n && push(t, start, end, p, n, sentence, clause) < 0)
			return -1;
		p += n;
		while (*p == ' ')
			p++;
	}
	return 0;
}

static int ends_with(const char *s, size_t n, const char *suffix, size_t *base)
{
	size_t k = strlen(suffix);
	if (n <= k || memcmp(s + n - k, suffix, k) != 0)
		return 0;
	*base = n - k;
	return 1;
}

static int in_array(const json_t *arr, const char *s, size_t n)
{
	size_t i;
	json_t *w;
	json_array_foreach(arr, i, w)
	{
		if (json_string_length(w) == n && memcmp(json_string_value(w), s, n) == 0)
			return 1;
	}
	return 0;
}

/*
 * Spell out a folded word: the exact table first, then the regular
 * endings ("n't", "'re", "'m", "'ll", "'ve", "'d", "'s").
 */
static int push_word(struct cutter *t, size_t start, size_t end, const char *w, int sentence,
                     int clause)
{
	size_t n = strlen(w), base;
	if (make_room(t) < 0)
		return -1;
	/* a plain word seen before: itself again, no table to ask */
	uint32_t *seen = memo_slot(t, w, n);
	if (*seen && t->plain[*seen - 1])
		return push_at(t, seen, start, end, w, n, sentence, clause) < 0 ? -1 : 0;
	const char *exact = json_string_value(json_object_get(t->contractions, w));
	if (exact)
		return push_pieces(t, start, end, exact, sentence, clause);
	if (t->endings_all_quoted && !memchr(w, '\'', n))
		return push_plain(t, start, end, w, n, sentence, clause); /* most words */
	const char *suffix;
	json_t *expansion;
	json_object_foreach((json_t *)t->endings, suffix, expansion)
	{
		if (!ends_with(w, n, suffix, &base))
			continue;
		if (strcmp(suffix, "'s") == 0 && !in_array(t->s_is, w, base)) {
			/* a possessive: keep the owner, drop the ending */
			return push(t, start, end, w, base, sentence, clause);
		}
		if (push(t, start, end, w, base, sentence, clause) < 0)
			return -1;
		return push_pieces(t, start, end, json_string_value(expansion), sentence, clause);
	}
	return push_plain(t, start, end, w, n, sentence, clause);
}

/* Fold the collected word with utf8proc and push it; w is valid UTF-8. */
static int finish_word(struct cutter *t, size_t start, size_t end, const char *w, size_t n,
                       int sentence, int clause)
{
	/* Plain ASCII folds to lower case and nothing else: no need to ask
	 * utf8proc (most words, and most of the time on a long text). */
	size_t i = 0;
	char lower[WORD_MAX + 8];
	while (i < n && (unsigned char)w[i] < 0x80 && i < sizeof lower - 1) {
		lower[i] = (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] + ('a' - 'A') : w[i]);
		i++;
	}
	if (i == n) {
		lower[n] = '\0';
		return push_word(t, start, end, lower, sentence, clause);
	}
	utf8proc_uint8_t *folded = NULL;
	utf8proc_ssize_t k = utf8proc_map((const utf8proc_uint8_t *)w, (utf8proc_ssize_t)n, &folded,
	                                  UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE | UTF8PROC_STABLE);
	if (k < 0)
		return 0; /* cannot happen for valid input; skip the word rather than fail */
	int rc = push_word(t, start, end, (const char *)folded, sentence, clause);
	free(folded);
	return rc;
}

/* The code point at p (1 byte and -1 when invalid). */
static utf8proc_ssize_t next_cp(const char *p, size_t left, utf8proc_int32_t *cp)
{
	if ((unsigned char)*p < 0x80) { /* ASCII, most of a text, needs no decoding */
		*cp = (unsigned char)*p;
		return 1;
	}
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)p,
	                                      (utf8proc_ssize_t)(left > 4 ? 4 : left), cp);
	if (k <= 0) {
		*cp = -1;
		return 1;
	}
	return k;
}

static int cut(struct cutter *z, const char *text, size_t len)
{
	char word[WORD_MAX + 8];
	size_t wn = 0, wstart = 0, wend = 0, i = 0;
	int sentence = 0, clause = 0, in_word = 0;
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = next_cp(text + i, len - i, &cp);
		int wordy = cp >= 0 && is_word_char(cp);
		if (!wordy && in_word && cp >= 0 && is_apostrophe(cp) && i + (size_t)k < len) {
			/* inside a word only when a letter follows */
			utf8proc_int32_t nx;
			next_cp(text + i + k, len - i - (size_t)k, &nx);
			if (nx >= 0 && is_word_char(nx) && wn < WORD_MAX) {
				word[wn++] = '\'';
				i += (size_t)k;
				continue;
			}
		}
		if (wordy) {
			if (!in_word) {
				in_word = 1;
				wn = 0;
				wstart = i;
			}
			if (k == 1 && wn < WORD_MAX) /* ASCII: no call per letter */
				word[wn++] = text[i];
			else if (wn + (size_t)k <= WORD_MAX) {
				memcpy(word + wn, text + i, (size_t)k);
				wn += (size_t)k;
			}
			wend = i + (size_t)k;
		} else {
			if (in_word && finish_word(z, wstart, wend, word, wn, sentence, clause) < 0)
				return -1;
			in_word = 0;
			int b = cp >= 0 ? breaks(cp) : 0;
			if (b == 2)
				sentence++, clause++;
			else if (b == 1)
				clause++;
		}
		i += (size_t)k;
	}
	if (in_word && finish_word(z, wstart, wend, word, wn, sentence, clause) < 0)
		return -1;
	return 0;
}

/* Does every regular ending hold an apostrophe?  Then a word without one
 * can skip the walk over the endings. */
static int endings_all_quoted(void)
{
	const char *suffix;
	json_t *expansion;
	json_object_foreach((json_t *)table("endings"), suffix, expansion)
	{
		if (!strchr(suffix, '\''))
			return 0;
	}
	return 1;
}

int hv_tokenize(const char *text, size_t len, struct hv_toks *out)
{
	memset(out, 0, sizeof *out);
	struct cutter z = {.t = out,
	                   .st = sb_stemmer_new("english", "UTF_8"),
	                   .endings_all_quoted = endings_all_quoted(),
	                   .contractions = table("contractions"),
	                   .endings = table("endings"),
	                   .s_is = table("s_is")};
	int rc = cut(&z, text, len);
	sb_stemmer_delete(z.st);
	free(z.slot);
	free(z.plain);
	if (rc < 0)
		hv_toks_free(out);
	return rc;
}

/* Last to first: the tokens later in a block read their marks before the
 * token that opened it, earlier, frees it. */
void hv_toks_free(struct hv_toks *t)
{
	for (size_t i = t->n; i-- > 0;) {
		uint64_t opens;
		char *at = t->v[i].norm - sizeof opens;
		memcpy(&opens, at, sizeof opens);
		if (opens)
			free(at);
	}
	free(t->v);
	memset(t, 0, sizeof *t);
}

size_t hv_toks_at(const struct hv_toks *t, size_t byte)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->v[mid].start < byte)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}
