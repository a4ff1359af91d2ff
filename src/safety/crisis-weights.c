/*
 * crisis-weights.c — the weighed words: the crisis net's second reading.
 *
 * The rules (crisis.c) hear what they name.  People also say it in words no
 * rule names, so a second reading weighs every stemmed word and pair of
 * words of a passage by data/crisis-weights.tsv — a logistic model learnt
 * by bench/crisis-train.c from the development half of the corpus only —
 * and speaks up when a passage of a few sentences weighs more than the
 * threshold written beside the weights.  The concepts of the rules weigh
 * too ("@METHOD_DRUG"), so a word no entry used but a concept names counts.  A word after "not",
 * "never" or "no" in the same clause weighs as its negation ("-suicid").  It is as explainable as
 * the rules: the heaviest words of the passage are why.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crisis-private.h"

/* Is word i inside the reach of a negator: one of the three words before
 * it, in the same clause? */
static int under_negation(const struct cwords *ws, size_t i)
{
	for (size_t back = 1; back <= 3 && back <= i; back++) {
		if (ws->w[i - back + 1].clause)
			return 0;
		if (ws->w[i - back].negator)
			return 1;
	}
	return 0;
}

void hv_crisis_word_keys(const struct cwords *ws, size_t i, hv_crisis_key_fn fn, void *ctx)
{
	/* Put together by hand, not by snprintf: a long text has thousands. */
	char key[2 * CSTEM_MAX + 8];
	const char *stem = ws->stem[i];
	if (!stem[0])
		return;
	size_t n = 0, len = strnlen(stem, CSTEM_MAX - 1);
	if (under_negation(ws, i))
		key[n++] = '-';
	memcpy(key + n, stem, len);
	n += len;
	key[n] = '\0';
	fn(key, ctx);
	if (i + 1 < ws->n && !ws->w[i + 1].sentence && ws->stem[i + 1][0]) {
		size_t next = strnlen(ws->stem[i + 1], CSTEM_MAX - 1);
		key[n++] = ' ';
		memcpy(key + n, ws->stem[i + 1], next);
		key[n + next] = '\0';
		fn(key, ctx);
	}
}

void hv_crisis_concept_key(const struct cmodel *m, const struct cwords *ws, size_t i, int k,
                           char *key, size_t n)
{
	snprintf(key, n, "%s@%s", under_negation(ws, i) ? "-" : "", m->concepts[k].name);
}

void hv_crisis_rule_key(const struct cmodel *m, int r, char *key, size_t n)
{
	snprintf(key, n, "rule:%s", m->rules[r].id);
}

/* The keys each word adds, as places in the table: word i's are
 * at[from[i] .. from[i + 1]).  Gathered as (word, key) pairs first, since
 * the rules report what they saw concept by concept, not word by word. */
struct word_keys {
	size_t *word;
	int *key;
	size_t n, cap;
	size_t *from;
	int *at;
};

struct gather {
	const struct cwords *ws;
	const struct weighed *wd;
	struct word_keys *wk;
	uint8_t *negated; /* per word: under_negation, worked out once */
	int failed;
	int ruled; /* a rule held somewhere */
};

/* Twice the room for keys; 0, or -1 (failed set) when out of memory. */
static __attribute__((noinline)) int gather_grow(struct gather *g)
{
	struct word_keys *wk = g->wk;
	size_t cap = wk->cap ? wk->cap * 2 : 256;
	size_t *word = realloc(wk->word, cap * sizeof *word);
	if (word)
		wk->word = word;
	int *k = word ? realloc(wk->key, cap * sizeof *k) : NULL;
	if (!k) {
		g->failed = 1;
		return -1;
	}
	wk->key = k;
	wk->cap = cap;
	return 0;
}

static inline void gather_pair(struct gather *g, size_t i, int key)
{
	struct word_keys *wk = g->wk;
	if (key < 0 || g->failed || (wk->n == wk->cap && gather_grow(g) < 0))
		return;
	wk->word[wk->n] = i;
	wk->key[wk->n++] = key;
}

static void gather_seen(size_t i, int concept, int rule, void *p)
{
	struct gather *g = p;
	const struct weighed *wd = g->wd;
	g->ruled |= concept < 0;
	int key = concept < 0     ? wd->rule[rule]
	          : g->negated[i] ? wd->negated[concept]
	                          : wd->concept[concept];
	gather_pair(g, i, key);
}

#define UNKNOWN (-2) /* a place not looked up yet */

/* A word's own key as looked up: its place and the hash of its bytes, from
 * which the pair it starts is hashed on. */
struct own_key {
	int place;
	uint32_t hash;
};

/* The length of word i's stem, measured once per kind of word (lens[first],
 * 0xff until measured). */
static size_t stem_len(const struct cwords *ws, uint8_t *lens, size_t i)
{
	uint8_t *l = &lens[ws->w[i].first];
	if (*l == 0xff)
		*l = (uint8_t)strnlen(ws->stem[i], CSTEM_MAX - 1);
	return *l;
}

/* The keys hv_crisis_word_keys gives each word, as places, a word's own
 * stem looked up once per kind of word: a word read before
 * (ws->w[i].first) takes its first time's place, alone or under a
 * negation.  A long text says the same words again and again, and each
 * lookup hashes a key into a table too large to stay in the cache.  (The
 * pair a word starts is looked up each time: in words people write, the
 * same two words seldom come twice; its hash goes on from its first
 * word's.)  0, or -1 when out of memory. */
static int gather_own_keys(const struct cwords *ws, const struct weighed *wd, struct gather *g)
{
	size_t n = ws->n;
	struct own_key *own = malloc((2 * n + 1) * sizeof *own);
	uint8_t *lens = malloc(n + 1);
	if (!own || !lens) {
		free(own);
		free(lens);
		return -1;
	}
	for (size_t k = 0; k < 2 * n; k++)
		own[k].place = UNKNOWN;
	memset(lens, 0xff, n + 1);
	char key[2 * CSTEM_MAX + 8] = "-";
	for (size_t i = 0; i < n; i++) {
		if (!ws->stem[i][0])
			continue;
		size_t neg = g->negated[i], len = stem_len(ws, lens, i);
		struct own_key *o = &own[2 * ws->w[i].first + neg];
		int pair = i + 1 < n && !ws->w[i + 1].sentence && ws->stem[i + 1][0];
		if (o->place == UNKNOWN || pair)
			memcpy(key + neg, ws->stem[i], len);
		if (o->place == UNKNOWN) {
			o->hash = hv_crisis_hash_more(HV_CRISIS_FNV_BASIS, key, neg + len);
			o->place = hv_crisis_place(wd, key, neg + len, o->hash);
		}
		gather_pair(g, i, o->place);
		if (pair) {
			size_t next = stem_len(ws, lens, i + 1), at = neg + len;
			key[at] = ' ';
			memcpy(key + at + 1, ws->stem[i + 1], next);
			gather_pair(
			    g, i,
			    hv_crisis_place(wd, key, at + 1 + next,
			                    hv_crisis_hash_more(o->hash, key + at, 1 + next)));
		}
		key[0] = '-';
	}
	free(own);
	free(lens);
	return 0;
}

/* Every key of every word, in word order (a counting sort by word). */
static int gather_keys(const struct cmodel *m, const struct cwords *ws, const struct weighed *wd,
                       struct word_keys *wk, int *ruled)
{
	struct gather g = {.ws = ws, .wd = wd, .wk = wk, .negated = malloc(ws->n + 1)};
	/* Room for about as many keys as a text has: a stem and a pair a word,
	 * and what the rules see. */
	wk->cap = 3 * ws->n + 64;
	wk->word = malloc(wk->cap * sizeof *wk->word);
	wk->key = malloc(wk->cap * sizeof *wk->key);
	for (size_t i = 0; g.negated && i < ws->n; i++)
		g.negated[i] = (uint8_t)under_negation(ws, i);
	int rc = !g.negated || !wk->word || !wk->key || gather_own_keys(ws, wd, &g) < 0 ||
	                 hv_crisis_read(m, ws, gather_seen, &g) < 0 || g.failed
	             ? -1
	             : 0;
	free(g.negated);
	if (rc < 0)
		return -1;
	*ruled = g.ruled;
	wk->from = calloc(ws->n + 2, sizeof *wk->from);
	wk->at = malloc((wk->n + 1) * sizeof *wk->at);
	if (!wk->from || !wk->at)
		return -1;
	for (size_t k = 0; k < wk->n; k++)
		wk->from[wk->word[k] + 2]++;
	for (size_t i = 0; i < ws->n; i++)
		wk->from[i + 2] += wk->from[i + 1];
	for (size_t k = 0; k < wk->n; k++)
		wk->at[wk->from[wk->word[k] + 1]++] = wk->key[k];
	return 0;
}

static void free_word_keys(struct word_keys *wk)
{
	free(wk->word);
	free(wk->key);
	free(wk->from);
	free(wk->at);
}

/* What passage [s, e) weighs: the bias and each key it holds, once, as the
 * weights were learnt (a key is there or not: "I" said ten times is said). */
static double passage(const struct weighed *wd, const struct word_keys *wk, unsigned *stamp,
                      unsigned mark, size_t s, size_t e)
{
	double v = wd->bias;
	for (size_t k = wk->from[s]; k < wk->from[e]; k++)
		if (stamp[wk->at[k]] != mark) {
			stamp[wk->at[k]] = mark;
			v += wd->table[wk->at[k]].w;
		}
	return v;
}

static void consider(double v, double threshold, size_t s, size_t e, double *best, int *found,
                     size_t *from, size_t *to)
{
	if (v <= *best)
		return;
	*best = v;
	if (v > threshold) {
		*found = 1;
		*from = s;
		*to = e;
	}
}

int hv_crisis_weigh(const struct cmodel *m, const struct cwords *ws, size_t *from, size_t *to,
                    double *score, int *ruled)
{
	int any_rule = 0;
	if (ruled)
		*ruled = 0;
	const struct weighed *wd = hv_crisis_weighed(m);
	if (!wd || ws->n == 0)
		return 0;
	double threshold = wd->threshold;
	size_t window = wd->window;
	struct word_keys wk = {0};
	unsigned *stamp = NULL, mark = 0;
	if (gather_keys(m, ws, wd, &wk, &any_rule) < 0 ||
	    !(stamp = malloc((wd->n + 1) * sizeof *stamp))) {
		free(stamp);
		free_word_keys(&wk);
		return 0;
	}
	for (size_t k = 0; k < wk.n; k++) /* only the text's own keys are ever stamped */
		stamp[wk.at[k]] = 0;
	size_t *limit = malloc(ws->n * sizeof *limit); /* each word's next sentence */
	if (!limit) {
		free(stamp);
		free_word_keys(&wk);
		return 0;
	}
	hv_crisis_sentence_ends(ws, limit);
	/* A short text is one passage, as the entries it learnt from were; a
	 * longer one is read in passages of whole sentences from a sentence's
	 * start, as many as fit in window words (at least one) ... */
	int found = 0;
	double best = -INFINITY;
	if (ws->n <= 2 * window) {
		consider(passage(wd, &wk, stamp, ++mark, 0, ws->n), threshold, 0, ws->n, &best,
		         &found, from, to);
	} else {
		for (size_t s = 0; s < ws->n; s++) {
			if (s > 0 && !ws->w[s].sentence)
				continue;
			size_t e = s + 1;
			for (;;) {
				if (e < ws->n && !ws->w[e].sentence)
					e = limit[e]; /* on to the next sentence's start */
				if (e >= ws->n || e - s >= window)
					break;
				e++;
			}
			if (e - s <= 2 * window)
				consider(passage(wd, &wk, stamp, ++mark, s, e), threshold, s, e,
				         &best, &found, from, to);
		}
		/* ... and, for a run without a full stop longer than a passage,
		 * windows inside it.  Only inside it: a window that starts in the
		 * middle of one sentence and ends in the middle of another reads
		 * words together that were never said together (a walk over a
		 * bridge in one, pills with dinner in the next). */
		for (size_t s = 0; s < ws->n;) {
			size_t e = limit[s];
			for (size_t at = s; e - s > 2 * window; at += window / 2) {
				if (at + window > e) /* the last window ends with the run */
					at = e - window;
				consider(passage(wd, &wk, stamp, ++mark, at, at + window),
				         threshold, at, at + window, &best, &found, from, to);
				if (at + window == e)
					break;
			}
			s = e;
		}
	}
	free(limit);
	free(stamp);
	free_word_keys(&wk);
	if (score)
		*score = best;
	if (ruled)
		*ruled = any_rule;
	return found;
}
