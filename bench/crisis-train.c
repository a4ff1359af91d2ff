/*
 * crisis-train.c — learns data/crisis-weights.json, the crisis net's
 * weighed words, from the development half of the corpus only.
 *
 *   crisis-train DEV.tsv CALIBRATION.tsv [--ordinary FILE]... [--max-false-alarms SHARE]
 *       > data/crisis-weights.json
 *
 * Every entry becomes the set of its keys (stems and pairs of stems, as
 * crisis-weights.c reads them); a logistic model is fitted by stochastic
 * gradient descent with a little L2, in a fixed order, so the same corpus
 * always gives the same file.  Everyday anxious thoughts and drafts (the
 * corpora of check and coach, --ordinary) are learnt as ordinary words too:
 * most of what people write is that, and help must not answer it.  The
 * threshold is chosen on a third set of sentences, tests/corpus/
 * crisis-calibration.tsv, that neither the rules nor the weights were
 * written from: the lowest at which no more than SHARE (default 0.12) of
 * its deliberately tricky ordinary sentences raise help; and whether a
 * rule may raise help alone, or only weighed with the words, is whichever
 * hears more of its crisis sentences there.  Cross-validation on the
 * development half and the whole trade-off are printed on stderr.
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

struct seen_ctx {
	struct corpus *c;
	const struct cmodel *m;
	const struct cwords *ws;
	struct example *e;
	size_t cap;
};

/* What the rules saw, as keys of the entry: "@CONCEPT", "-@CONCEPT", "#rule". */
static void add_seen(size_t i, int concept, int rule, void *p)
{
	struct seen_ctx *ctx = p;
	char key[2 * CSTEM_MAX + 4];
	if (concept >= 0)
		hv_crisis_concept_key(ctx->m, ctx->ws, i, concept, key, sizeof key);
	else
		hv_crisis_rule_key(ctx->m, rule, key, sizeof key);
	if ((size_t)ctx->e->n + 1 >= ctx->cap) {
		ctx->cap *= 2;
		ctx->e->f = realloc(ctx->e->f, ctx->cap * sizeof *ctx->e->f);
		if (!ctx->e->f)
			exit(1);
	}
	add_feature(ctx->e, key_number(ctx->c, key));
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
	e->f = realloc(e->f, (2 * ws.n + 1) * sizeof *e->f);
	struct seen_ctx ctx = {.c = c, .m = m, .ws = &ws, .e = e, .cap = 2 * ws.n + 1};
	if (hv_crisis_read(m, &ws, add_seen, &ctx) < 0)
		exit(1);
	for (int i = 0; i < e->n; i++)
		c->df[e->f[i]]++;
	hv_crisis_words_free(&ws);
}

/* all_ordinary: a corpus of other labels (patterns.tsv, coach.tsv), every
 * line of which is ordinary words: everyday anxious thoughts and drafts. */
static void read_corpus_as(struct corpus *c, const char *path, int all_ordinary)
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
		add_entry(c, m, !all_ordinary && is_crisis(line), tab + 1);
	}
	fclose(f);
}

static void read_corpus(struct corpus *c, const char *path)
{
	read_corpus_as(c, path, 0);
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
	const double l2 = getenv("CRISIS_L2") ? atof(getenv("CRISIS_L2")) : 1e-4;
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
static double pick_threshold_mode(const struct corpus *c, double target, double *fa,
				  int rules_decide)
{
	int np = 0, nn = 0, ruled = 0, missed = 0;
	double *pos = malloc((size_t)c->n * sizeof *pos);
	for (int i = 0; i < c->n; i++) {
		if (!c->ex[i].y)
			continue;
		np++;
		if (rules_decide && c->ex[i].ruled)
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
			alarms += (rules_decide && c->ex[i].ruled) || c->ex[i].score > t;
		}
	*fa = nn ? (double)alarms / nn : 0;
	free(pos);
	return t;
}

/* The lowest threshold at which no more than budget of the ordinary
 * entries raise help (with the rules deciding too, or not); the share of
 * crisis entries heard there in *recall. */
static double threshold_for_alarms(const struct corpus *c, double budget, int rules_decide_too,
				   double *recall)
{
	int nn = 0, np = 0, fixed = 0, k = 0;
	double *neg = malloc((size_t)c->n * sizeof *neg);
	for (int i = 0; i < c->n; i++) {
		if (c->ex[i].y)
			continue;
		nn++;
		if (rules_decide_too && c->ex[i].ruled)
			fixed++;
		else
			neg[k++] = c->ex[i].score;
	}
	qsort(neg, (size_t)k, sizeof *neg, cmp_double);
	int allowed = (int)floor(budget * nn) - fixed; /* alarms the weights may still add */
	double t = allowed <= 0 ? (k ? neg[k - 1] : 0) : allowed >= k ? -1e9 : neg[k - 1 - allowed];
	int heard = 0;
	for (int i = 0; i < c->n; i++)
		if (c->ex[i].y) {
			np++;
			heard += (rules_decide_too && c->ex[i].ruled) || c->ex[i].score > t;
		}
	*recall = np ? (double)heard / np : 0;
	free(neg);
	return t;
}

static int rules_decide = 1;

static double pick_threshold(const struct corpus *c, double target, double *fa)
{
	return pick_threshold_mode(c, target, fa, rules_decide);
}

static int cmp_key(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Score every entry of a calibration set with the fitted weights. */
static void score_set(struct corpus *cal, const double *w, double b, const int *keep)
{
	for (int i = 0; i < cal->n; i++)
		cal->ex[i].score = dot(w, b, &cal->ex[i], keep);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: crisis-train DEV.tsv CALIBRATION.tsv [--ordinary FILE]... "
				"[--max-false-alarms SHARE] > crisis-weights.json\n");
		return 2;
	}
	double budget = 0.12;
	struct corpus c = {.index = json_object()};
	read_corpus(&c, argv[1]);
	for (int a = 3; a + 1 < argc; a += 2) {
		if (strcmp(argv[a], "--ordinary") == 0)
			read_corpus_as(&c, argv[a + 1], 1);
		else if (strcmp(argv[a], "--max-false-alarms") == 0)
			budget = atof(argv[a + 1]);
	}
	int dev_keys = c.n_keys;
	int min_df = getenv("CRISIS_MIN_DF") ? atoi(getenv("CRISIS_MIN_DF")) : 2;
	int *keep = calloc((size_t)c.n_keys, sizeof *keep), *order = malloc((size_t)c.n * sizeof *order);
	double *w = malloc((size_t)c.n_keys * sizeof *w), b, fa, t;
	for (int f = 0; f < c.n_keys; f++)
		keep[f] = c.df[f] >= min_df; /* a key seen once says more about that entry than about people */
	for (int i = 0; i < c.n; i++)
		order[i] = i;
	shuffle(order, c.n);

	for (int fold = 0; fold < FOLDS; fold++) {
		fit(&c, order, fold, keep, w, &b);
		for (int k = fold; k < c.n; k += FOLDS)
			c.ex[order[k]].score = dot(w, b, &c.ex[order[k]], keep);
	}
	for (double tg = 0.90; tg < 0.995; tg += 0.02) {
		t = pick_threshold(&c, tg, &fa);
		fprintf(stderr, "  development half, cross-validated: recall %.0f%% at threshold %.3f, "
				"false alarms %.1f%%\n",
			100 * tg, t, 100 * fa);
	}

	fit(&c, order, -1, keep, w, &b);
	/* The calibration set shares the key numbers; keys it alone has weigh nothing. */
	struct corpus cal = c;
	cal.ex = NULL;
	cal.n = cal.cap = 0;
	read_corpus(&cal, argv[2]);
	int *keep_cal = calloc((size_t)cal.n_keys, sizeof *keep_cal);
	double *w_cal = calloc((size_t)cal.n_keys, sizeof *w_cal);
	memcpy(keep_cal, keep, (size_t)dev_keys * sizeof *keep);
	memcpy(w_cal, w, (size_t)dev_keys * sizeof *w);
	c.keys = cal.keys; /* reading may have moved them */
	c.df = cal.df;
	score_set(&cal, w_cal, b, keep_cal);
	for (double b2 = 0.06; b2 < 0.205; b2 += 0.02) {
		double r_or, r_alone, t_or = threshold_for_alarms(&cal, b2, 1, &r_or),
				      t_alone = threshold_for_alarms(&cal, b2, 0, &r_alone);
		fprintf(stderr, "  calibration set, %.0f%% false alarms: recall %.1f%% with the rules "
				"deciding too (threshold %.3f), %.1f%% with the weights alone (%.3f)\n",
			100 * b2, 100 * r_or, t_or, 100 * r_alone, t_alone);
	}
	double r_or, r_alone, t_or = threshold_for_alarms(&cal, budget, 1, &r_or),
			      t_alone = threshold_for_alarms(&cal, budget, 0, &r_alone);
	rules_decide = r_or >= r_alone; /* whichever hears more for the same false alarms */
	t = rules_decide ? t_or : t_alone;
	fprintf(stderr, "crisis-train: %d development entries, %d keys; %s; threshold %.3f hears "
			"%.1f%% of the calibration set's crisis entries at %.0f%% false alarms\n",
		c.n, dev_keys, rules_decide ? "a rule or the weights decide" : "the weights decide, "
		"the rules weighed among them", t, 100 * (rules_decide ? r_or : r_alone), 100 * budget);

	char **sorted = malloc((size_t)dev_keys * sizeof *sorted);
	int ns = 0;
	for (int f = 0; f < dev_keys; f++)
		if (keep[f] && fabs(w[f]) >= 0.01)
			sorted[ns++] = c.keys[f];
	qsort(sorted, (size_t)ns, sizeof *sorted, cmp_key);
	printf("{\n \"about\": \"The crisis net's weighed words, learnt by bench/crisis-train.c from "
	       "tests/corpus/crisis.tsv (the development half) and nothing else, with the threshold set "
	       "on tests/corpus/crisis-calibration.tsv: each key is a Snowball stem, a pair of them or "
	       "a concept of data/crisis.json (@NAME), '-' before a key read under a negation. A "
	       "passage of a few sentences whose weights, with the bias, pass the threshold raises "
	       "help. Regenerate with make crisis-weights; do not edit by hand.\",\n");
	printf(" \"bias\": %.4f,\n \"threshold\": %.4f,\n \"window\": 40,\n \"rules_decide\": %s,\n"
	       " \"weights\": {\n",
	       b, t, rules_decide ? "true" : "false");
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
