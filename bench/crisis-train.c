/*
 * crisis-train.c — learns data/crisis-weights.json, the crisis net's
 * weighed words, from the development half of the corpus only.
 *
 *   crisis-train tests/corpus/crisis.tsv > data/crisis-weights.json
 *
 * Every entry becomes the set of its keys (stems and pairs of stems, as
 * crisis-weights.c reads them); a logistic model is fitted by stochastic
 * gradient descent with a little L2, in a fixed order, so the same corpus
 * always gives the same file.  The threshold is chosen honestly: five-fold
 * cross-validation on the development half gives each entry a score from
 * a model that never saw it, and the threshold is the highest one that
 * still hears TARGET of the crisis entries so scored (default 0.96).  What
 * that costs in false alarms is printed on stderr.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "safety/crisis-private.h"
#include "safety/crisis.h"

#define FOLDS  5
#define EPOCHS 30

static const char *const crisis_labels[] = {
    "wish", "active", "method", "plan", "hopeless", "selfharm", "danger", "harm-other", "threat",
    NULL,
};

struct example {
	int y;
	int ruled; /* the rules already hear it */
	int *f, n;
	double score; /* out of fold */
};

struct corpus {
	struct example *ex;
	int n, cap;
	json_t *index; /* key -> feature number */
	char **keys;
	int *df;
	int n_keys, keys_cap;
};

static int is_crisis(const char *label)
{
	for (int i = 0; crisis_labels[i]; i++)
		if (strcmp(label, crisis_labels[i]) == 0)
			return 1;
	return 0;
}

static int key_number(struct corpus *c, const char *key)
{
	json_t *k = json_object_get(c->index, key);
	if (k)
		return (int)json_integer_value(k);
	if (c->n_keys == c->keys_cap) {
		c->keys_cap = c->keys_cap ? c->keys_cap * 2 : 4096;
		c->keys = realloc(c->keys, (size_t)c->keys_cap * sizeof *c->keys);
		c->df = realloc(c->df, (size_t)c->keys_cap * sizeof *c->df);
		if (!c->keys || !c->df)
			exit(1);
	}
	c->keys[c->n_keys] = strdup(key);
	c->df[c->n_keys] = 0;
	json_object_set_new(c->index, key, json_integer(c->n_keys));
	return c->n_keys++;
}

static void add_feature(struct example *e, int f)
{
	for (int i = 0; i < e->n; i++)
		if (e->f[i] == f)
			return;
	e->f[e->n++] = f;
}

static void add_entry(struct corpus *c, const struct cmodel *m, int y, const char *text)
{
	struct cwords ws = {0};
	if (hv_crisis_words(m, text, strlen(text), &ws) < 0)
		exit(1);
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 1024;
		c->ex = realloc(c->ex, (size_t)c->cap * sizeof *c->ex);
		if (!c->ex)
			exit(1);
	}
	struct example *e = &c->ex[c->n++];
	*e = (struct example){.y = y,
			      .ruled = hv_crisis_scan_rules(text, strlen(text), NULL),
			      .f = malloc((2 * ws.n + 1) * sizeof *e->f)};
	for (size_t i = 0; i < ws.n; i++) {
		char uni[2 * CSTEM_MAX + 4], bi[2 * CSTEM_MAX + 4];
		hv_crisis_feature_keys(&ws, i, uni, bi, sizeof uni);
		if (uni[0])
			add_feature(e, key_number(c, uni));
		if (bi[0])
			add_feature(e, key_number(c, bi));
	}
	uint8_t *marks = hv_crisis_concept_marks(m, &ws);
	if (!marks)
		exit(1);
	e->f = realloc(e->f, (2 * ws.n + 1 + ws.n * (size_t)m->n_named) * sizeof *e->f);
	for (size_t i = 0; i < ws.n; i++)
		for (int k = 0; k < m->n_named; k++)
			if (marks[i * (size_t)m->n_named + (size_t)k]) {
				char key[2 * CSTEM_MAX + 4];
				hv_crisis_concept_key(m, &ws, i, k, key, sizeof key);
				add_feature(e, key_number(c, key));
			}
	free(marks);
	for (int i = 0; i < e->n; i++)
		c->df[e->f[i]]++;
	hv_crisis_words_free(&ws);
}

static void read_corpus(struct corpus *c, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[8192];
	if (!f) {
		fprintf(stderr, "crisis-train: cannot open %s\n", path);
		exit(1);
	}
	const struct cmodel *m = hv_crisis_model();
	if (!m)
		exit(1);
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		line[strcspn(line, "\n")] = '\0';
		char *tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab = '\0';
		add_entry(c, m, is_crisis(line), tab + 1);
	}
	fclose(f);
}

static double dot(const double *w, double b, const struct example *e, const int *keep)
{
	double v = b;
	for (int i = 0; i < e->n; i++)
		if (keep[e->f[i]])
			v += w[e->f[i]];
	return v;
}

/* A fixed shuffle: the same order every run. */
static void shuffle(int *order, int n)
{
	unsigned long long x = 88172645463325252ULL;
	for (int i = n - 1; i > 0; i--) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		int j = (int)(x % (unsigned long long)(i + 1)), t = order[i];
		order[i] = order[j], order[j] = t;
	}
}

/* Fit on the examples whose fold is not held (held < 0: all of them). */
static void fit(const struct corpus *c, const int *order, int held, const int *keep, double *w,
		double *b)
{
	memset(w, 0, (size_t)c->n_keys * sizeof *w);
	*b = 0;
	const double l2 = 1e-4;
	for (int epoch = 0; epoch < EPOCHS; epoch++) {
		double rate = 0.2 / (1 + epoch * 0.2);
		for (int k = 0; k < c->n; k++) {
			if (held >= 0 && k % FOLDS == held)
				continue;
			const struct example *e = &c->ex[order[k]];
			double p = 1 / (1 + exp(-dot(w, *b, e, keep)));
			double g = p - e->y;
			*b -= rate * g;
			for (int i = 0; i < e->n; i++) {
				int f = e->f[i];
				if (keep[f])
					w[f] -= rate * (g + l2 * w[f]);
			}
		}
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The highest threshold at which the rules and the weighed words together
 * still hear target of the crisis entries; what that costs in false
 * alarms in *fa.  Only the entries the rules miss need the weights. */
static double pick_threshold(const struct corpus *c, double target, double *fa)
{
	int np = 0, nn = 0, ruled = 0, missed = 0;
	double *pos = malloc((size_t)c->n * sizeof *pos);
	for (int i = 0; i < c->n; i++) {
		if (!c->ex[i].y)
			continue;
		np++;
		if (c->ex[i].ruled)
			ruled++;
		else
			pos[missed++] = c->ex[i].score;
	}
	qsort(pos, (size_t)missed, sizeof *pos, cmp_double);
	int may_miss = (int)floor((1 - target) * np);
	double t = may_miss >= missed ? 1e9 : pos[may_miss] - 1e-6;
	int alarms = 0;
	for (int i = 0; i < c->n; i++)
		if (!c->ex[i].y) {
			nn++;
			alarms += c->ex[i].ruled || c->ex[i].score > t;
		}
	*fa = nn ? (double)alarms / nn : 0;
	free(pos);
	return t;
}

static int cmp_key(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: crisis-train CORPUS.tsv [TARGET_RECALL] > crisis-weights.json\n");
		return 2;
	}
	double target = argc > 2 ? atof(argv[2]) : 0.96;
	struct corpus c = {.index = json_object()};
	read_corpus(&c, argv[1]);
	int *keep = calloc((size_t)c.n_keys, sizeof *keep), *order = malloc((size_t)c.n * sizeof *order);
	double *w = malloc((size_t)c.n_keys * sizeof *w), b;
	for (int f = 0; f < c.n_keys; f++)
		keep[f] = c.df[f] >= 2; /* a key seen once says more about that entry than about people */
	for (int i = 0; i < c.n; i++)
		order[i] = i;
	shuffle(order, c.n);

	for (int fold = 0; fold < FOLDS; fold++) {
		fit(&c, order, fold, keep, w, &b);
		for (int k = fold; k < c.n; k += FOLDS)
			c.ex[order[k]].score = dot(w, b, &c.ex[order[k]], keep);
	}
	double fa, t;
	for (double tg = 0.90; tg < 0.995; tg += 0.01) {
		t = pick_threshold(&c, tg, &fa);
		fprintf(stderr, "  cross-validated, rules and weights together: recall %.0f%%: threshold "
				"%.3f, false alarms %.1f%%\n",
			100 * tg, t, 100 * fa);
	}
	t = pick_threshold(&c, target, &fa);
	fprintf(stderr,
		"crisis-train: %d entries, %d keys; cross-validated at threshold %.3f: recall %.1f%%, "
		"false alarms %.1f%%\n",
		c.n, c.n_keys, t, 100 * target, 100 * fa);

	fit(&c, order, -1, keep, w, &b);
	char **sorted = malloc((size_t)c.n_keys * sizeof *sorted);
	int ns = 0;
	for (int f = 0; f < c.n_keys; f++)
		if (keep[f] && fabs(w[f]) >= 0.01)
			sorted[ns++] = c.keys[f];
	qsort(sorted, (size_t)ns, sizeof *sorted, cmp_key);
	printf("{\n \"about\": \"The crisis net's weighed words, learnt by bench/crisis-train.c from "
	       "tests/corpus/crisis.tsv (the development half) and nothing else: each key is a "
	       "Snowball stem or a pair of them, '-' before a key read under a negation. A passage "
	       "of a few sentences whose weights, with the bias, pass the threshold raises help. "
	       "Regenerate with make crisis-weights; do not edit by hand.\",\n");
	printf(" \"bias\": %.4f,\n \"threshold\": %.4f,\n \"window\": 40,\n \"weights\": {\n", b, t);
	for (int i = 0; i < ns; i++) {
		json_t *key = json_string(sorted[i]);
		char *k = json_dumps(key, JSON_ENCODE_ANY);
		printf("  %s: %.3f%s\n", k, w[json_integer_value(json_object_get(c.index, sorted[i]))],
		       i + 1 < ns ? "," : "");
		free(k);
		json_decref(key);
	}
	printf(" }\n}\n");
	return 0;
}
