/*
 * crisis-weights.c — the weighed words: the crisis net's second reading.
 *
 * The rules (crisis.c) hear what they name.  People also say it in words no
 * rule names, so a second reading weighs every stemmed word and pair of
 * words of a passage by data/crisis-weights.json — a logistic model learnt
 * by bench/crisis-train.c from the development half of the corpus only —
 * and speaks up when a passage of a few sentences weighs more than the
 * threshold written beside the weights.  The concepts of the rules weigh
 * too ("@METHOD_DRUG"), so a word no entry used but a concept names counts.  A word after "not", "never" or
 * "no" in the same clause weighs as its negation ("-suicid").  It is as
 * explainable as the rules: the heaviest words of the passage are why.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "crisis-private.h"

#define WEIGHTS "crisis-weights.json"

static int is_negator(const char *stem)
{
	return !strcmp(stem, "not") || !strcmp(stem, "never") || !strcmp(stem, "no") ||
	       !strcmp(stem, "nor");
}

/* Is word i inside the reach of a negator: one of the three words before
 * it, in the same clause? */
static int under_negation(const struct cwords *ws, size_t i)
{
	for (size_t back = 1; back <= 3 && back <= i; back++) {
		if (ws->w[i - back + 1].clause)
			return 0;
		if (is_negator(ws->stem[i - back]))
			return 1;
	}
	return 0;
}

void hv_crisis_word_keys(const struct cwords *ws, size_t i, hv_crisis_key_fn fn, void *ctx)
{
	char key[2 * CSTEM_MAX + 8];
	const char *stem = ws->stem[i], *neg = under_negation(ws, i) ? "-" : "";
	if (!stem[0])
		return;
	snprintf(key, sizeof key, "%s%s", neg, stem);
	fn(key, ctx);
	if (i + 1 < ws->n && !ws->w[i + 1].sentence && ws->stem[i + 1][0]) {
		snprintf(key, sizeof key, "%s%s %s", neg, stem, ws->stem[i + 1]);
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
	snprintf(key, n, "#%s", m->rules[r].id);
}

static double weight_of(const json_t *weights, const char *key)
{
	return key[0] ? json_real_value(json_object_get(weights, key)) : 0.0;
}

/* The weights of what the rules see, looked up once: per named concept
 * (as written and under a negation) and per rule. */
struct weighed {
	double *concept, *negated, *rule;
};

static struct weighed the_weighed;
static pthread_once_t weighed_once = PTHREAD_ONCE_INIT;
static const struct cmodel *weighed_model;

static void load_weighed(void)
{
	const struct cmodel *m = weighed_model;
	const json_t *weights = json_object_get(hv_content_json(WEIGHTS, NULL), "weights");
	struct weighed *w = &the_weighed;
	w->concept = calloc((size_t)m->n_named + 1, sizeof *w->concept);
	w->negated = calloc((size_t)m->n_named + 1, sizeof *w->negated);
	w->rule = calloc((size_t)m->n_rules + 1, sizeof *w->rule);
	if (!w->concept || !w->negated || !w->rule)
		return;
	char key[256];
	for (int k = 0; k < m->n_named; k++) {
		snprintf(key, sizeof key, "@%s", m->concepts[k].name);
		w->concept[k] = weight_of(weights, key);
		snprintf(key, sizeof key, "-@%s", m->concepts[k].name);
		w->negated[k] = weight_of(weights, key);
	}
	for (int r = 0; r < m->n_rules; r++) {
		hv_crisis_rule_key(m, r, key, sizeof key);
		w->rule[r] = weight_of(weights, key);
	}
}

static const struct weighed *weighed(const struct cmodel *m)
{
	weighed_model = m;
	pthread_once(&weighed_once, load_weighed);
	return the_weighed.rule ? &the_weighed : NULL;
}

struct seen_ctx {
	const struct cmodel *m;
	const struct cwords *ws;
	const struct weighed *wd;
	double *add; /* per word */
};

static void add_seen(size_t i, int concept, int rule, void *p)
{
	struct seen_ctx *ctx = p;
	if (concept >= 0)
		ctx->add[i] += under_negation(ctx->ws, i) ? ctx->wd->negated[concept]
							   : ctx->wd->concept[concept];
	else
		ctx->add[i] += ctx->wd->rule[rule];
}

struct key_sum {
	const json_t *weights;
	double sum;
};

static void add_key_weight(const char *key, void *p)
{
	struct key_sum *ks = p;
	ks->sum += weight_of(ks->weights, key);
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
		    double *score)
{
	const json_t *data = hv_content_json(WEIGHTS, NULL);
	const json_t *weights = json_object_get(data, "weights");
	if (!weights || ws->n == 0)
		return 0;
	double bias = json_real_value(json_object_get(data, "bias"));
	double threshold = json_real_value(json_object_get(data, "threshold"));
	size_t window = (size_t)json_integer_value(json_object_get(data, "window"));
	const struct weighed *wd = weighed(m);
	double *sum = calloc(ws->n + 1, sizeof *sum); /* prefix sums of word weights */
	struct seen_ctx ctx = {.m = m, .ws = ws, .wd = wd, .add = sum + 1};
	if (!sum || !wd || hv_crisis_read(m, ws, add_seen, &ctx) < 0) {
		free(sum);
		return 0;
	}
	struct key_sum ks = {.weights = weights};
	for (size_t i = 0; i < ws->n; i++) {
		ks.sum = 0;
		hv_crisis_word_keys(ws, i, add_key_weight, &ks);
		sum[i + 1] += sum[i] + ks.sum;
	}
	/* A short text is one passage, as the entries it learnt from were; a
	 * longer one is read in passages of whole sentences from a sentence's
	 * start, as many as fit in window words (at least one) ... */
	int found = 0;
	double best = -INFINITY;
	if (ws->n <= 2 * window) {
		consider(bias + sum[ws->n], threshold, 0, ws->n, &best, &found, from, to);
		free(sum);
		if (score)
			*score = best;
		return found;
	}
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
			consider(bias + sum[e] - sum[s], threshold, s, e, &best, &found, from, to);
	}
	/* ... and, for long runs without a full stop, windows inside them. */
	for (size_t s = 0; ws->n > window && s + window <= ws->n; s += window / 2)
		consider(bias + sum[s + window] - sum[s], threshold, s, s + window, &best, &found,
			 from, to);
	free(sum);
	if (score)
		*score = best;
	return found;
}
