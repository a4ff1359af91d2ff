/*
 * learnt-keys.c — the keys of a text for the weighed words of check and
 * coach (see learnt.h): each word's stem, the pair it starts, the lists
 * and concepts it belongs to, the stem opening a sentence, and the kinds
 * the rules found; for hv_learnt_find, each key's feature in the weights,
 * looked up once per kind of word.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "learnt-private.h"
#include "learnt.h"

#define KEY_MAX 600 /* two stems of 256 bytes, a sign and a space */

/* ---- keys ----------------------------------------------------------------- */

struct keyed {
	const struct hv_toks *toks;
	uint8_t *negator;      /* by word: a negator */
	const char **stem;     /* by word: its stem, where the tokens keep it ... */
	size_t *len;           /* ... and how much of it is read: 256 bytes at most */
	size_t *cls_word;      /* (word, class) pairs, as the rule set names them */
	const char **cls_name; /* (the names live as long as the rule set) */
	size_t ncls, cls_cap;
	const uint8_t *neg; /* by word: read under a negation */
	hv_key_fn fn;
	void *ctx;
	struct memo *memo; /* hv_learnt_find's: features remembered, fn not called */
	int failed;
};

/* ---- features remembered ---------------------------------------------------- */

/*
 * A long text says the same words again and again, and each time its keys
 * were put together, hashed and looked up in the weights.  What a key is
 * depends only on the kind of word (its first token with the same
 * spelling, hv_tok's type), whether it is read under a negation, and for a
 * pair the next word's kind: so hv_learnt_find remembers each key's
 * feature under those numbers, and puts a key together only the first
 * time.  The features come out in the same order as before, so every sum
 * is the same to the last bit.  A remembered feature is kept as f + 2, so
 * that 0 (calloc's) is "not yet looked up" and 1 is "no such feature".
 */
enum { BY_STEM, BY_NEG_STEM, BY_OPENING, BY_TYPE };
enum { MEMO_PAIR = 1, MEMO_CLASS };

struct memo {
	const struct learnt *lw;
	long *by_type; /* [type * BY_TYPE + what] */
	uint64_t *key; /* pairs and classes, by open addressing; 0: empty */
	long *feat;
	size_t nslot, used;
	int bits;
	size_t *word; /* the (word, feature) pairs found, in order */
	long *at;
	size_t n, cap;
};

static uint64_t memo_key(int tag, int neg, uint64_t a, uint64_t b)
{
	return (uint64_t)tag << 60 | (uint64_t)(neg != 0) << 59 | a << 26 | b;
}

/* Fibonacci hashing: the top bits of the product stir in every bit. */
static size_t memo_hash(uint64_t mk, int bits)
{
	return (size_t)((mk * 0x9E3779B97F4A7C15ULL) >> (64 - bits));
}

static int memo_grow(struct memo *m)
{
	int bits = m->bits ? m->bits + 1 : 10;
	size_t nslot = (size_t)1 << bits;
	uint64_t *key = calloc(nslot, sizeof *key);
	long *feat = calloc(nslot, sizeof *feat);
	if (!key || !feat) {
		free(key);
		free(feat);
		return -1;
	}
	for (size_t i = 0; i < m->nslot; i++) {
		if (!m->key[i])
			continue;
		size_t j = memo_hash(m->key[i], bits);
		while (key[j])
			j = (j + 1) & (nslot - 1);
		key[j] = m->key[i];
		feat[j] = m->feat[i];
	}
	free(m->key);
	free(m->feat);
	m->key = key;
	m->feat = feat;
	m->nslot = nslot;
	m->bits = bits;
	return 0;
}

/* Where the feature of key mk is remembered (0 when it is new); NULL when
 * memory ran out, and the key is then looked up every time. */
static long *memo_slot(struct memo *m, uint64_t mk)
{
	if ((m->used + 1) * 2 > m->nslot && memo_grow(m) < 0)
		return NULL;
	size_t i = memo_hash(mk, m->bits);
	while (m->key[i] && m->key[i] != mk)
		i = (i + 1) & (m->nslot - 1);
	if (!m->key[i]) {
		m->key[i] = mk;
		m->used++;
	}
	return &m->feat[i];
}

static int memo_start(struct memo *m, const struct learnt *lw, size_t n)
{
	m->lw = lw;
	m->by_type = calloc(n * BY_TYPE + 1, sizeof *m->by_type);
	m->cap = 8 * n + 64; /* about what a text has: a stem, a pair, a list or two */
	m->word = malloc(m->cap * sizeof *m->word);
	m->at = malloc(m->cap * sizeof *m->at);
	return m->by_type && m->word && m->at ? 0 : -1;
}

static void memo_free(struct memo *m)
{
	free(m->by_type);
	free(m->key);
	free(m->feat);
	free(m->word);
	free(m->at);
}

/* Word i has feature f (none when f < 0). */
static void found_feature(struct keyed *k, size_t i, long f)
{
	struct memo *m = k->memo;
	if (f < 0 || k->failed)
		return;
	if (m->n == m->cap) {
		size_t cap = m->cap * 2;
		size_t *w = realloc(m->word, cap * sizeof *w);
		if (w)
			m->word = w;
		long *at = w ? realloc(m->at, cap * sizeof *at) : NULL;
		if (!at) {
			k->failed = 1;
			return;
		}
		m->at = at;
		m->cap = cap;
	}
	m->word[m->n] = i;
	m->at[m->n++] = f;
}

/* Where word i's stem, negated stem or opening is remembered, or its
 * pair or class under mk; NULL when nothing is (hv_learnt_keys). */
static long *type_slot(const struct keyed *k, size_t i, int what)
{
	return k->memo ? &k->memo->by_type[k->toks->v[i].type * BY_TYPE + (size_t)what] : NULL;
}

static long *key_slot(const struct keyed *k, uint64_t mk)
{
	return k->memo ? memo_slot(k->memo, mk) : NULL;
}

/* Word i's key, if remembered in slot: counted, and 1. */
static int remembered(struct keyed *k, size_t i, const long *slot)
{
	if (!slot || !*slot)
		return 0;
	found_feature(k, i, *slot - 2);
	return 1;
}

/* Word i's key, put together: to fn, or looked up and remembered in slot. */
static void keyed_key(struct keyed *k, size_t i, const char *key, long *slot)
{
	if (!k->memo) {
		k->fn(i, key, k->ctx);
		return;
	}
	long f = hv_learnt_feature(k->memo->lw, key);
	if (slot)
		*slot = f + 2;
	found_feature(k, i, f);
}

/* Is word i within three words after a negator, in the same clause? */
static int under_negation(const struct hv_toks *t, const uint8_t *negator, size_t i)
{
	for (size_t back = 1; back <= 3 && back <= i; back++) {
		if (t->v[i - back].clause != t->v[i].clause)
			return 0;
		if (negator[i - back])
			return 1;
	}
	return 0;
}

/* Each word's stem, whether it negates, and its lists and concepts. */
static void each_word(size_t i, const char *stem, const char *cls, int negator, void *p)
{
	struct keyed *k = p;
	if (k->failed)
		return;
	if (cls) {
		if (k->ncls == k->cls_cap) {
			size_t cap = k->cls_cap ? k->cls_cap * 2 : 256;
			size_t *w = realloc(k->cls_word, cap * sizeof *w);
			if (w)
				k->cls_word = w;
			const char **nm = w ? realloc(k->cls_name, cap * sizeof *nm) : NULL;
			if (!nm) {
				k->failed = 1;
				return;
			}
			k->cls_name = nm;
			k->cls_cap = cap;
		}
		k->cls_word[k->ncls] = i;
		k->cls_name[k->ncls++] = cls;
		return;
	}
	k->stem[i] = stem;
	k->len[i] = strnlen(stem, 256);
	k->negator[i] = (uint8_t)negator;
}

/* A list or concept the word belongs to ("@neg_trait_c", "-@always"). */
static void class_keys(struct keyed *k)
{
	char key[KEY_MAX];
	for (size_t c = 0; c < k->ncls && !k->failed; c++) {
		size_t at = 0, w = k->cls_word[c], len = strnlen(k->cls_name[c], KEY_MAX - 4);
		long *slot =
		    key_slot(k, memo_key(MEMO_CLASS, k->neg[w], 0, (uintptr_t)k->cls_name[c]));
		if (remembered(k, w, slot))
			continue;
		if (k->neg[w])
			key[at++] = '-';
		key[at++] = '@';
		memcpy(key + at, k->cls_name[c], len);
		key[at + len] = '\0';
		keyed_key(k, w, key, slot);
	}
}

/* A stem, and the pair it starts, put together by hand: a long text has
 * thousands. */
static void stem_keys(struct keyed *k)
{
	const struct hv_toks *toks = k->toks;
	size_t n = toks->n;
	char key[KEY_MAX];
	for (size_t i = 0; i < n && !k->failed; i++) {
		const char *stem = k->stem[i];
		size_t at = 0, len = k->len[i];
		if (!len)
			continue;
		long *slot = type_slot(k, i, k->neg[i] ? BY_NEG_STEM : BY_STEM);
		if (!remembered(k, i, slot)) {
			if (k->neg[i])
				key[at++] = '-';
			memcpy(key + at, stem, len);
			key[at + len] = '\0';
			keyed_key(k, i, key, slot);
		}
		size_t nl = i + 1 < n ? k->len[i + 1] : 0;
		if (!nl || toks->v[i + 1].sentence != toks->v[i].sentence)
			continue;
		slot = key_slot(
		    k, memo_key(MEMO_PAIR, k->neg[i], toks->v[i].type, toks->v[i + 1].type));
		if (remembered(k, i, slot))
			continue;
		at = 0;
		if (k->neg[i])
			key[at++] = '-';
		memcpy(key + at, stem, len);
		at += len;
		key[at++] = ' ';
		memcpy(key + at, k->stem[i + 1], nl);
		key[at + nl] = '\0';
		keyed_key(k, i, key, slot);
	}
}

/* The stem opening each sentence ("^whatev", "^wow", "^sure"): how a
 * message opens says much of its tone, whatever words follow. */
static void opening_keys(struct keyed *k)
{
	const struct hv_toks *toks = k->toks;
	char key[KEY_MAX];
	for (size_t i = 0; i < toks->n && !k->failed; i++) {
		size_t len = k->len[i];
		if (!len || (i > 0 && toks->v[i - 1].sentence == toks->v[i].sentence))
			continue;
		long *slot = type_slot(k, i, BY_OPENING);
		if (remembered(k, i, slot))
			continue;
		key[0] = '^';
		memcpy(key + 1, k->stem[i], len);
		key[len + 1] = '\0';
		keyed_key(k, i, key, slot);
	}
}

/* The kinds the rules found, at each finding's first word ("rule:kind"). */
static void rule_keys(struct keyed *k, const json_t *findings)
{
	char key[KEY_MAX];
	size_t i;
	json_t *f;
	json_array_foreach(findings, i, f)
	{
		const char *kind = json_string_value(json_object_get(f, "kind"));
		size_t w =
		    hv_toks_at(k->toks, (size_t)json_integer_value(json_object_get(f, "start")));
		size_t len = kind ? strnlen(kind, KEY_MAX - 6) : 0;
		if (kind && w < k->toks->n) {
			memcpy(key, "rule:", 5);
			memcpy(key + 5, kind, len);
			key[5 + len] = '\0';
			keyed_key(k, w, key, NULL);
		}
	}
}

/* Every key of every word, in one order: the lists and concepts, each
 * word's stem and pair, the openings, the rules' kinds. */
static int each_key(const struct hv_ruleset *rs, const struct hv_toks *toks, const json_t *findings,
                    struct keyed *k)
{
	size_t n = toks->n;
	uint8_t *negator = calloc(n + 1, 1), *neg = calloc(n + 1, 1);
	k->toks = toks;
	k->negator = negator;
	k->stem = calloc(n + 1, sizeof *k->stem);
	k->len = calloc(n + 1, sizeof *k->len);
	k->neg = neg;
	int rc = -1;
	if (!negator || !neg || !k->stem || !k->len)
		goto done;
	if (hv_ruleset_each_word(rs, toks, each_word, k) < 0 || k->failed)
		goto done;
	for (size_t i = 0; i < n; i++)
		neg[i] = (uint8_t)under_negation(toks, negator, i);
	class_keys(k);
	stem_keys(k);
	opening_keys(k);
	rule_keys(k, findings);
	rc = k->failed ? -1 : 0;
done:
	free(k->stem);
	free(k->len);
	free(k->cls_word);
	free(k->cls_name);
	free(negator);
	free(neg);
	return rc;
}

int hv_learnt_keys(const struct hv_ruleset *rs, const struct hv_toks *toks, const json_t *findings,
                   hv_key_fn fn, void *ctx)
{
	struct keyed k = {.fn = fn, .ctx = ctx};
	return each_key(rs, toks, findings, &k);
}

int hv_learnt_word_features(const struct learnt *lw, const struct hv_ruleset *rs,
                            const struct hv_toks *toks, const json_t *findings, size_t **word,
                            long **feat, size_t *n)
{
	struct memo m = {0};
	struct keyed k = {.memo = &m};
	int rc = memo_start(&m, lw, toks->n) < 0 ? -1 : each_key(rs, toks, findings, &k);
	*word = m.word;
	*feat = m.at;
	*n = m.n;
	m.word = NULL;
	m.at = NULL;
	memo_free(&m);
	return rc;
}
