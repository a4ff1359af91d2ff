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

void hv_crisis_feature_keys(const struct cwords *ws, size_t i, char *uni, char *bi, size_t n)
{
	const char *neg = under_negation(ws, i) ? "-" : "";
	snprintf(uni, n, "%s%s", neg, ws->stem[i]);
	bi[0] = '\0';
	if (i + 1 < ws->n && !ws->w[i + 1].sentence && ws->stem[i][0] && ws->stem[i + 1][0])
		snprintf(bi, n, "%s%s %s", neg, ws->stem[i], ws->stem[i + 1]);
}

void hv_crisis_concept_key(const struct cmodel *m, const struct cwords *ws, size_t i, int k,
			   char *key, size_t n)
{
	snprintf(key, n, "%s@%s", under_negation(ws, i) ? "-" : "", m->concepts[k].name);
}

static double weight_of(const json_t *weights, const char *key)
{
	return key[0] ? json_real_value(json_object_get(weights, key)) : 0.0;
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
	double *sum = malloc((ws->n + 1) * sizeof *sum); /* prefix sums of word weights */
	uint8_t *marks = hv_crisis_concept_marks(m, ws);
	if (!sum || !marks) {
		free(sum);
		free(marks);
		return 0;
	}
	sum[0] = 0;
	for (size_t i = 0; i < ws->n; i++) {
		char uni[2 * CSTEM_MAX + 4], bi[2 * CSTEM_MAX + 4];
		hv_crisis_feature_keys(ws, i, uni, bi, sizeof uni);
		sum[i + 1] = sum[i] + weight_of(weights, uni) + weight_of(weights, bi);
		for (int k = 0; k < m->n_named; k++)
			if (marks[i * (size_t)m->n_named + (size_t)k]) {
				hv_crisis_concept_key(m, ws, i, k, uni, sizeof uni);
				sum[i + 1] += weight_of(weights, uni);
			}
	}
	free(marks);
	/* A passage: whole sentences from a sentence's start, as many as fit in
	 * window words (at least one) ... */
	int found = 0;
	double best = -INFINITY;
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
