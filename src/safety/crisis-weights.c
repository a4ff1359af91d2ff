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
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "crisis-private.h"

#define WEIGHTS "crisis-weights.tsv"
#define IMAGE   "crisis-weights.img" /* made by the build: tools/weights-image.c */

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

/* The weights, read once from data/crisis-weights.tsv: "key<TAB>weight"
 * lines in strcmp order, weights in thousandths, and a key is found by
 * a hash of its bytes (a long text asks thousands of times).  (As a JSON object
 * of thousands of tiny values they took longer to parse than the net takes
 * to read a long text.)  Lines starting "=" set the bias, the thresholds and
 * the window; "#" lines are notes.  The weights of what the rules see are
 * looked up ahead: per named concept (as written and under a negation) and
 * per rule.  Cutting and hashing the file's lines cost more than weighing
 * a long text, so the build does it once (tools/weights-image.c) and haven
 * uses that image where it lies, when it was made by this build of exactly
 * the bytes embedded; otherwise it indexes the file itself, to the same
 * table (test_crisis.c holds the two to be the same bytes). */
struct weight {
	uint32_t key, len; /* bytes [key, key + len) of the file: not NUL-terminated */
	double w;
};

struct weighed {
	const char *bytes; /* the embedded file the keys are in */
	size_t len;
	const struct weight *table;
	size_t n;
	double bias, threshold, rule_threshold;
	size_t window;
	int *concept, *negated, *rule; /* places in the table, -1 for none */
	const uint32_t *slot;          /* open addressing over table: place + 1, or 0 */
	size_t nslot;                  /* a power of two, at least twice n */
	void *owned;                   /* table and slots made here; NULL from an image */
};

static struct weighed the_weighed;
static pthread_once_t weighed_once = PTHREAD_ONCE_INIT;
static const struct cmodel *weighed_model;

static uint32_t hash_key(const char *key, size_t len)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)key[i]) * 16777619u;
	return h;
}

/* Where a key sits in the table, or -1. */
static int place_of(const struct weighed *wd, const char *key)
{
	size_t len = strlen(key);
	if (!len || !wd->nslot)
		return -1;
	for (size_t i = hash_key(key, len) & (wd->nslot - 1);; i = (i + 1) & (wd->nslot - 1)) {
		uint32_t at = wd->slot[i];
		if (!at)
			return -1;
		const struct weight *w = &wd->table[at - 1];
		if (w->len == len && memcmp(wd->bytes + w->key, key, len) == 0)
			return (int)at - 1;
	}
}

static size_t slots_for(size_t n)
{
	size_t nslot = 64;
	while (nslot < 2 * n)
		nslot *= 2;
	return nslot;
}

/* Index the table's keys into slot (nslot of them, zeroed); a key written
 * twice keeps its first weight. */
static void index_table(const struct weighed *wd, uint32_t *slot, size_t nslot)
{
	for (size_t k = 0; k < wd->n; k++) {
		const struct weight *w = &wd->table[k];
		const char *key = wd->bytes + w->key;
		size_t i = hash_key(key, w->len) & (nslot - 1);
		while (slot[i] &&
		       !(wd->table[slot[i] - 1].len == w->len &&
		         memcmp(wd->bytes + wd->table[slot[i] - 1].key, key, w->len) == 0))
			i = (i + 1) & (nslot - 1);
		if (!slot[i])
			slot[i] = (uint32_t)k + 1;
	}
}

static double weight_of(const struct weighed *wd, const char *key)
{
	int at = place_of(wd, key);
	return at < 0 ? 0.0 : wd->table[at].w;
}

/* A whole number in thousandths, as the file writes them. */
static double thousandths(const char *p, const char *end)
{
	long v = 0, sign = 1;
	if (p < end && *p == '-')
		sign = -1, p++;
	for (; p < end && *p >= '0' && *p <= '9'; p++)
		v = v * 10 + (*p - '0');
	return (double)(sign * v) / 1000;
}

static int is_setting(const char *key, size_t len, const char *name)
{
	return len == strlen(name) && memcmp(key, name, len) == 0;
}

/* Cut the file's lines into the table (of up to one weight a line) and
 * the settings; the keys stay where they are, in the program's own copy of
 * the file. */
static void read_table(struct weighed *wd, struct weight *table, const char *bytes, size_t len)
{
	const char *end = bytes + len;
	for (const char *line = bytes, *next; line < end; line = next) {
		const char *eol = memchr(line, '\n', (size_t)(end - line));
		next = eol ? eol + 1 : end;
		eol = eol ? eol : end;
		const char *tab = memchr(line, '\t', (size_t)(eol - line));
		if (line[0] == '#' || !tab)
			continue;
		size_t klen = (size_t)(tab - line);
		double w = thousandths(tab + 1, eol);
		if (line[0] != '=')
			table[wd->n++] =
			    (struct weight){(uint32_t)(line - bytes), (uint32_t)klen, w};
		else if (is_setting(line, klen, "=bias"))
			wd->bias = w;
		else if (is_setting(line, klen, "=threshold"))
			wd->threshold = w;
		else if (is_setting(line, klen, "=rule_threshold"))
			wd->rule_threshold = w;
		else if (is_setting(line, klen, "=window"))
			wd->window = (size_t)w;
	}
}

/* The table and its index made here from the file's bytes: 0, or -1 when
 * out of memory. */
static int index_afresh(struct weighed *wd, const char *bytes, size_t len)
{
	size_t n = 0;
	const char *end = bytes + len;
	for (const char *p = bytes; (p = memchr(p, '\n', (size_t)(end - p))); p++)
		n++;
	/* One allocation: the table, then room for the slots of n weights
	 * (a weight is 16 bytes, so the slots stay aligned). */
	size_t nslot = slots_for(n);
	struct weight *table =
	    len > UINT32_MAX ? NULL : calloc(1, (n + 1) * sizeof *table + nslot * 4);
	if (!table)
		return -1;
	wd->owned = table;
	wd->bytes = bytes;
	wd->len = len;
	read_table(wd, table, bytes, len);
	wd->table = table;
	wd->nslot = slots_for(wd->n);
	uint32_t *slot = (uint32_t *)(table + n + 1);
	index_table(wd, slot, wd->nslot);
	wd->slot = slot;
	return 0;
}

/* The table and its index as the build made them (tools/weights-image.c),
 * used where they lie: after a header, the table, then the slots.  An
 * image made by another build, or of other bytes, is refused. */
struct image_head {
	char magic[8];
	uint32_t format, layout;
	uint64_t source_len, source_hash; /* of the weights file it indexes */
	uint64_t n, nslot, window;
	double bias, threshold, rule_threshold;
};

#define IMAGE_MAGIC  "hvcweigh"
#define IMAGE_FORMAT 1

static uint32_t layout(void)
{
	return (uint32_t)(sizeof(struct image_head) * 1009u + sizeof(struct weight));
}

static void *image_write(const struct weighed *wd, size_t *len)
{
	size_t tsize = wd->n * sizeof *wd->table,
	       n = sizeof(struct image_head) + tsize + wd->nslot * sizeof *wd->slot;
	struct image_head *h = calloc(1, n);
	if (!h)
		return NULL;
	memcpy(h->magic, IMAGE_MAGIC, 8);
	h->format = IMAGE_FORMAT;
	h->layout = layout();
	h->source_len = wd->len;
	h->source_hash = hv_content_fingerprint(wd->bytes, wd->len);
	h->n = wd->n;
	h->nslot = wd->nslot;
	h->window = wd->window;
	h->bias = wd->bias;
	h->threshold = wd->threshold;
	h->rule_threshold = wd->rule_threshold;
	memcpy(h + 1, wd->table, tsize);
	memcpy((char *)(h + 1) + tsize, wd->slot, wd->nslot * sizeof *wd->slot);
	*len = n;
	return h;
}

static int image_read(struct weighed *wd, const char *bytes, size_t len, const char *image,
                      size_t image_len)
{
	const struct image_head *h = (const void *)image;
	if (image_len < sizeof *h || memcmp(h->magic, IMAGE_MAGIC, 8) != 0 ||
	    h->format != IMAGE_FORMAT || h->layout != layout() || h->source_len != len ||
	    h->nslot & (h->nslot - 1) || h->n >= h->nslot ||
	    image_len != sizeof *h + h->n * sizeof(struct weight) + h->nslot * sizeof(uint32_t) ||
	    h->source_hash != hv_content_fingerprint(bytes, len))
		return -1;
	wd->bytes = bytes;
	wd->len = len;
	wd->n = (size_t)h->n;
	wd->nslot = (size_t)h->nslot;
	wd->window = (size_t)h->window;
	wd->bias = h->bias;
	wd->threshold = h->threshold;
	wd->rule_threshold = h->rule_threshold;
	wd->table = (const struct weight *)(h + 1);
	wd->slot = (const uint32_t *)(image + sizeof *h + wd->n * sizeof *wd->table);
	return 0;
}

void *hv_crisis_weights_image(int afresh, size_t *len, int *from_image)
{
	size_t n;
	const char *bytes = hv_content_bytes(WEIGHTS, &n);
	*from_image = 0;
	if (!afresh) {
		const struct weighed *wd = the_weighed.rule ? &the_weighed : NULL;
		*from_image = wd && wd->owned == NULL;
		return wd ? image_write(wd, len) : NULL;
	}
	struct weighed wd = {0};
	void *image = bytes && index_afresh(&wd, bytes, n) == 0 ? image_write(&wd, len) : NULL;
	free(wd.owned);
	return image;
}

static void load_weighed(void)
{
	const struct cmodel *m = weighed_model;
	size_t len;
	const char *bytes = hv_content_bytes(WEIGHTS, &len), *image = NULL;
	struct weighed *w = &the_weighed;
	size_t image_len = 0;
	if (bytes)
		image = hv_content_image(IMAGE, &image_len);
	if (!bytes ||
	    (!(image && image_read(w, bytes, len, image, image_len) == 0) &&
	     index_afresh(w, bytes, len) < 0) ||
	    !w->window)
		return;
	w->concept = calloc((size_t)m->n_named + 1, sizeof *w->concept);
	w->negated = calloc((size_t)m->n_named + 1, sizeof *w->negated);
	w->rule = calloc((size_t)m->n_rules + 1, sizeof *w->rule);
	if (!w->concept || !w->negated || !w->rule)
		return;
	char key[256];
	for (int k = 0; k < m->n_named; k++) {
		snprintf(key, sizeof key, "@%s", m->concepts[k].name);
		w->concept[k] = place_of(w, key);
		snprintf(key, sizeof key, "-@%s", m->concepts[k].name);
		w->negated[k] = place_of(w, key);
	}
	for (int r = 0; r < m->n_rules; r++) {
		hv_crisis_rule_key(m, r, key, sizeof key);
		w->rule[r] = place_of(w, key);
	}
}

static const struct weighed *weighed(const struct cmodel *m)
{
	weighed_model = m;
	pthread_once(&weighed_once, load_weighed);
	return the_weighed.rule ? &the_weighed : NULL;
}

double hv_crisis_key_weight(const struct cmodel *m, const char *key)
{
	const struct weighed *wd = weighed(m);
	return wd ? weight_of(wd, key) : 0.0;
}

double hv_crisis_rule_threshold(const struct cmodel *m)
{
	const struct weighed *wd = weighed(m);
	return wd ? wd->rule_threshold : 0.0;
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
	int failed;
	int ruled; /* a rule held somewhere */
};

static void gather_pair(struct gather *g, size_t i, int key)
{
	struct word_keys *wk = g->wk;
	if (key < 0 || g->failed)
		return;
	if (wk->n == wk->cap) {
		size_t cap = wk->cap ? wk->cap * 2 : 256;
		size_t *word = realloc(wk->word, cap * sizeof *word);
		if (word)
			wk->word = word;
		int *k = word ? realloc(wk->key, cap * sizeof *k) : NULL;
		if (!k) {
			g->failed = 1;
			return;
		}
		wk->key = k;
		wk->cap = cap;
	}
	wk->word[wk->n] = i;
	wk->key[wk->n++] = key;
}

static void gather_seen(size_t i, int concept, int rule, void *p)
{
	struct gather *g = p;
	const struct weighed *wd = g->wd;
	g->ruled |= concept < 0;
	int key = concept < 0                ? wd->rule[rule]
	          : under_negation(g->ws, i) ? wd->negated[concept]
	                                     : wd->concept[concept];
	gather_pair(g, i, key);
}

#define UNKNOWN (-2) /* a place not looked up yet */

/* Key (len bytes) with " " and word i's stem after it. */
static void with_next(char *key, size_t len, const struct cwords *ws, size_t i)
{
	size_t next = strnlen(ws->stem[i], CSTEM_MAX - 1);
	key[len] = ' ';
	memcpy(key + len + 1, ws->stem[i], next);
	key[len + 1 + next] = '\0';
}

/* The keys hv_crisis_word_keys gives each word, as places, a word's own
 * stem looked up once per kind of word: a word read before
 * (ws->w[i].first) takes its first time's place, alone or under a
 * negation.  A long text says the same words again and again, and each
 * lookup hashes a key into a table too large to stay in the cache.  (The
 * pair a word starts is looked up each time: in words people write, the
 * same two words seldom come twice.)  0, or -1 when out of memory. */
static int gather_own_keys(const struct cwords *ws, const struct weighed *wd, struct gather *g)
{
	size_t n = ws->n;
	int *stems = malloc((2 * n + 1) * sizeof *stems);
	if (!stems)
		return -1;
	for (size_t k = 0; k < 2 * n; k++)
		stems[k] = UNKNOWN;
	char key[2 * CSTEM_MAX + 8] = "-";
	for (size_t i = 0; i < n; i++) {
		if (!ws->stem[i][0])
			continue;
		size_t neg = (size_t)under_negation(ws, i),
		       len = strnlen(ws->stem[i], CSTEM_MAX - 1);
		int *own = &stems[2 * ws->w[i].first + neg];
		int pair = i + 1 < n && !ws->w[i + 1].sentence && ws->stem[i + 1][0];
		if (*own == UNKNOWN || pair) {
			memcpy(key + neg, ws->stem[i], len);
			key[neg + len] = '\0';
		}
		if (*own == UNKNOWN)
			*own = place_of(wd, key);
		gather_pair(g, i, *own);
		if (pair) {
			with_next(key, neg + len, ws, i + 1);
			gather_pair(g, i, place_of(wd, key));
		}
		key[0] = '-';
	}
	free(stems);
	return 0;
}

/* Every key of every word, in word order (a counting sort by word). */
static int gather_keys(const struct cmodel *m, const struct cwords *ws, const struct weighed *wd,
                       struct word_keys *wk, int *ruled)
{
	struct gather g = {.ws = ws, .wd = wd, .wk = wk};
	if (gather_own_keys(ws, wd, &g) < 0 || hv_crisis_read(m, ws, gather_seen, &g) < 0 ||
	    g.failed)
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
	const struct weighed *wd = weighed(m);
	if (!wd || ws->n == 0)
		return 0;
	double threshold = wd->threshold;
	size_t window = wd->window;
	struct word_keys wk = {0};
	unsigned *stamp = calloc(wd->n + 1, sizeof *stamp), mark = 0;
	if (!stamp || gather_keys(m, ws, wd, &wk, &any_rule) < 0) {
		free(stamp);
		free_word_keys(&wk);
		return 0;
	}
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
				while (e < ws->n && !ws->w[e].sentence)
					e++;
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
			size_t e = s + 1;
			while (e < ws->n && !ws->w[e].sentence)
				e++;
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
	free(stamp);
	free_word_keys(&wk);
	if (score)
		*score = best;
	if (ruled)
		*ruled = any_rule;
	return found;
}
