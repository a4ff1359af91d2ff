/*
 * crisis-train.c — learns data/crisis-weights.tsv, the crisis net's
 * weighed words, from the development half of the corpus only.
 *
 *   crisis-train DEV.tsv CALIBRATION.tsv [--ordinary FILE]... [--max-false-alarms SHARE]
 *       > data/crisis-weights.tsv
 *   crisis-train ... --check data/crisis-weights.tsv    (make test: is it still so?)
 *   crisis-train ... --misses     what the development half gets wrong out of fold
 *
 * Every entry becomes the keys it holds (stems and pairs of stems, as
 * crisis-weights.c reads them); a logistic model is fitted by stochastic
 * gradient descent with L2, in a fixed order, so the same corpus
 * always gives the same file.  Everyday anxious thoughts and drafts (the
 * corpora of check and coach, --ordinary) are learnt as ordinary words too:
 * most of what people write is that, and help must not answer it.  The
 * threshold — how much a passage must weigh to raise help by itself — is
 * chosen on a third set of sentences, tests/corpus/crisis-calibration.tsv,
 * that neither the rules nor the weights were written from: the lowest at
 * which no more than SHARE (default 0.13) of its deliberately tricky
 * ordinary sentences, no more than 5 % of its everyday entries ("plain")
 * and no more than 13 % of its anxious thoughts and drafts ("anxious"),
 * raise help.  A rule's word stands unless the words weigh
 * under -1.5.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus-read.h"
#include "safety/crisis-private.h"
#include "safety/crisis.h"

#define EPOCHS 30

/* The everyday anxious thoughts and drafts (--ordinary) count twice in the
 * fit: most of what people write is that, and a crisis card on "I won't
 * survive if she leaves" or "you won't hear from me again" tells a person
 * their ordinary worry is an emergency.  Chosen on the calibration set:
 * recall 98.4 %, false alarms 10.8 % (anxious 14.9 %) at two, against
 * 98.3 / 11.0 (15.5) at one and 97.7 / 10.7 (14.8) at three. */
#define ORDINARY_WEIGHT 2.0

struct example {
	int y;
	int plain;     /* an everyday entry ("plain"), held to a stricter budget */
	int anxious;   /* an anxious thought or draft ("anxious"), the same */
	int ruled;     /* the rules already hear it */
	double weight; /* how much it counts in the fit (ORDINARY_WEIGHT, or 1) */
	int *f, n;
	double score; /* on the calibration set; out of fold with --misses */
	char *text;   /* with --misses: the entry and its label, to print */
	char label[16];
};

struct corpus {
	struct example *ex;
	int n;
	size_t cap;
	struct keyset ks; /* the keys by feature number */
	int keep_text;    /* keep each entry's words (--misses) */
};

/* A key is there or not, as the net weighs a passage. */
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

static void add_key(const char *key, void *p)
{
	struct seen_ctx *ctx = p;
	CORPUS_GROW(ctx->e->f, ctx->cap, (size_t)ctx->e->n + 1, 64);
	add_feature(ctx->e, keyset_number(&ctx->c->ks, key));
}

/* What the rules saw, as keys of the entry: "@CONCEPT", "-@CONCEPT", "rule:id". */
static void add_seen(size_t i, int concept, int rule, void *p)
{
	struct seen_ctx *ctx = p;
	char key[2 * CSTEM_MAX + 4];
	if (concept >= 0)
		hv_crisis_concept_key(ctx->m, ctx->ws, i, concept, key, sizeof key);
	else
		hv_crisis_rule_key(ctx->m, rule, key, sizeof key);
	add_key(key, ctx);
}

static void add_entry(struct corpus *c, const struct cmodel *m, int y, int plain, int anxious,
                      const char *text)
{
	struct cwords ws = {0};
	if (hv_crisis_words(m, text, strlen(text), &ws) < 0)
		exit(1);
	CORPUS_GROW(c->ex, c->cap, (size_t)c->n + 1, 1024);
	struct example *e = &c->ex[c->n++];
	*e = (struct example){.text = c->keep_text ? strdup(text) : NULL,
	                      .y = y,
	                      .plain = plain,
	                      .anxious = anxious,
	                      .ruled = hv_crisis_scan_rules(text, strlen(text), NULL),
	                      .f = malloc((2 * ws.n + 1) * sizeof *e->f)};
	struct seen_ctx ctx = {.c = c, .m = m, .ws = &ws, .e = e, .cap = 2 * ws.n + 1};
	for (size_t i = 0; i < ws.n; i++)
		hv_crisis_word_keys(&ws, i, add_key, &ctx);
	if (hv_crisis_read(m, &ws, add_seen, &ctx) < 0)
		exit(1);
	for (int i = 0; i < e->n; i++) {
		int seen_before = 0;
		for (int j = 0; j < i && !seen_before; j++)
			seen_before = e->f[j] == e->f[i];
		c->ks.df[e->f[i]] += !seen_before; /* in how many entries */
	}
	hv_crisis_words_free(&ws);
}

struct reading {
	struct corpus *c;
	const struct cmodel *m;
	int all_ordinary;
};

static void take_line(char *label, const char *text, void *p)
{
	struct reading *r = p;
	struct corpus *c = r->c;
	add_entry(c, r->m, !r->all_ordinary && hv_crisis_label(label),
	          r->all_ordinary || !strcmp(label, "plain"), !strcmp(label, "anxious"), text);
	snprintf(c->ex[c->n - 1].label, sizeof c->ex[c->n - 1].label, "%.15s",
	         r->all_ordinary ? "thought" : label);
	/* The corpus's own look-alikes counted three times heard 0.3 points
	 * more of the calibration set's crisis lines, but the threshold it
	 * then asked for raised help on 4 % of everyday thoughts ("nothing
	 * beats a quiet Sunday morning"): they count once. */
	c->ex[c->n - 1].weight = r->all_ordinary ? ORDINARY_WEIGHT : 1;
}

/* all_ordinary: a corpus of other labels (patterns.tsv, coach.tsv), every
 * line of which is ordinary words: everyday anxious thoughts and drafts. */
static void read_corpus_as(struct corpus *c, const char *path, int all_ordinary)
{
	struct reading r = {.c = c, .m = hv_crisis_model(), .all_ordinary = all_ordinary};
	if (!r.m)
		exit(1);
	corpus_each(path, "crisis-train", take_line, &r);
}

static void read_corpus(struct corpus *c, const char *path)
{
	read_corpus_as(c, path, 0);
}

static double dot(const double *w, double b, const struct example *e, const int *keep)
{
	return corpus_weigh(w, b, e->f, e->n, keep);
}

/* Fit the weights and the bias on the n examples of order, in that order. */
static void fit(const struct corpus *c, const int *order, int n, const int *keep, double *w,
                double *b)
{
	memset(w, 0, (size_t)c->ks.n * sizeof *w);
	*b = 0;
	/* Chosen on the calibration set, recall at its false-alarm budgets:
	 * with 30,000 development entries, 97.8 % at 1e-2 against 97.3 % at
	 * 2e-2 and 96.9 % at 4e-2, false alarms alike (11.5 %, 11.5 %, 10.6 %);
	 * 5e-3 heard as much with more false alarms (12.3 %). */
	const double l2 = 1e-2;
	for (int epoch = 0; epoch < EPOCHS; epoch++) {
		double rate = 0.2 / (1 + epoch * 0.2);
		for (int k = 0; k < n; k++) {
			const struct example *e = &c->ex[order[k]];
			double p = 1 / (1 + exp(-dot(w, *b, e, keep)));
			double g = (p - e->y) * e->weight;
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

/* Recall and false alarms on c when help is raised by an entry weighing
 * over t, or by a rule that holds on an entry weighing over rule_t: on the
 * tricky ordinary entries, the everyday ones and the anxious ones apart. */
struct rates {
	double recall, fa, plain_fa, anxious_fa;
};

static struct rates rates_at(const struct corpus *c, double t, double rule_t)
{
	int np = 0, nn = 0, nplain = 0, nanx = 0, heard = 0, alarms = 0, plain_alarms = 0,
	    anx_alarms = 0;
	for (int i = 0; i < c->n; i++) {
		const struct example *e = &c->ex[i];
		int hit = e->score > t || (e->ruled && e->score > rule_t);
		if (e->y)
			np++, heard += hit;
		else if (e->plain)
			nplain++, plain_alarms += hit;
		else if (e->anxious)
			nanx++, anx_alarms += hit;
		else
			nn++, alarms += hit;
	}
	return (struct rates){.recall = np ? (double)heard / np : 0,
	                      .fa = nn ? (double)alarms / nn : 0,
	                      .plain_fa = nplain ? (double)plain_alarms / nplain : 0,
	                      .anxious_fa = nanx ? (double)anx_alarms / nanx : 0};
}

/* The lowest threshold t (from the entries' own scores) at which no more
 * than budget of the tricky ordinary entries, plain_budget of the everyday
 * ones and anxious_budget of the anxious ones raise help, for a given
 * rule_t. */
static double threshold_within(const struct corpus *c, double budget, double plain_budget,
                               double anxious_budget, double rule_t, double *recall, double *fa)
{
	double *scores = malloc((size_t)c->n * sizeof *scores), best = 1e9;
	for (int i = 0; i < c->n; i++)
		scores[i] = c->ex[i].score;
	qsort(scores, (size_t)c->n, sizeof *scores, cmp_double);
	struct rates r = rates_at(c, best, rule_t);
	*recall = r.recall, *fa = r.fa;
	for (int i = c->n - 1; i >= 0; i--) {
		r = rates_at(c, scores[i] - 1e-6, rule_t);
		if (r.fa > budget || r.plain_fa > plain_budget || r.anxious_fa > anxious_budget)
			break;
		best = scores[i] - 1e-6;
		*recall = r.recall, *fa = r.fa;
	}
	free(scores);
	return best;
}

static void take_weight(char *key, const char *value, void *o)
{
	json_object_set_new(o, key, json_real((double)strtol(value, NULL, 10) / 1000));
}

/* A weights file as an object: its settings ("=bias") and keys alike. */
static json_t *read_weights(const char *path)
{
	json_t *o = json_object();
	if (corpus_lines(path, take_weight, o) < 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Is the file what this corpus teaches (to a rounding)?  Says what differs. */
static int same_weights(const char *path, double b, double t, double rule_t, const json_t *mine)
{
	json_t *file = read_weights(path);
	const char *why = NULL, *key;
	json_t *v;
	double bias = json_real_value(json_object_get(file, "=bias")),
	       thr = json_real_value(json_object_get(file, "=threshold")),
	       rthr = json_real_value(json_object_get(file, "=rule_threshold"));
	if (!file)
		why = "it cannot be read";
	else if (fabs(bias - b) > 2e-3 || fabs(thr - t) > 2e-3 ||
	         (fabs(rthr - rule_t) > 2e-3 && fabs(rule_t) < 1e8))
		why = "its bias or thresholds differ";
	else if (json_object_size(file) != json_object_size(mine) + 4)
		why = "it holds other keys";
	json_object_foreach((json_t *)mine, key, v)
	{
		if (why)
			break;
		json_t *o = json_object_get(file, key);
		if (!o || fabs(json_real_value(o) - json_real_value(v)) > 2e-3)
			why = "a weight differs";
	}
	if (why)
		fprintf(stderr,
		        "crisis-train: %s is not what the development half teaches (%s): run "
		        "make crisis-weights after changing the corpus or the rules\n",
		        path, why);
	json_decref(file);
	return why == NULL;
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

/*
 * --misses: what the development half's own entries would get wrong if
 * each had not been learnt from.  Five times, the weights are fitted on
 * four fifths and the fifth is read with them; the crisis entries that
 * would go unheard and the ordinary ones that would raise help are printed
 * ("missed" or "alarm", label, weight, words).  The entries the weights
 * learn from are always heard, so these are the ones to write concepts and
 * rules for — the development half's, never the sealed half's.
 */
static void print_misses(struct corpus *c, const int *order, const int *keep, double *w, double t,
                         double rule_t)
{
	enum { FOLDS = 5 };
	int *train = malloc((size_t)c->n * sizeof *train);
	double b;
	for (int fold = 0; fold < FOLDS && train; fold++) {
		int n = 0;
		for (int k = 0; k < c->n; k++)
			if (k % FOLDS != fold)
				train[n++] = order[k];
		fit(c, train, n, keep, w, &b);
		for (int k = fold; k < c->n; k += FOLDS)
			c->ex[order[k]].score = dot(w, b, &c->ex[order[k]], keep);
	}
	for (int i = 0; i < c->n; i++) {
		const struct example *e = &c->ex[i];
		int hit = e->score > t || (e->ruled && e->score > rule_t);
		if (hit != e->y)
			printf("%s\t%s\t%.2f\t%s\n", e->y ? "missed" : "alarm", e->label, e->score,
			       e->text);
	}
	free(train);
}

/* What the command line asks for. */
struct options {
	/* Anxious thoughts and drafts share the crisis words ("I can't do this
	 * anymore", "I'm done", "it's over"): a budget as tight as everyday
	 * entries' would cost a tenth of the crisis heard.  Safety first: the
	 * threshold holds recall, and their figure is printed for all to see.
	 * 13 %: two points under the outside target of 15 % for tricky ordinary
	 * sentences, since new words read about a point worse than the
	 * calibration set does (its 14.1 % became 14.8 % on the sealed half).
	 * Anxious 13 %, where it was 20 %: six rounds written outside since,
	 * each read as it came, heard 97.6 to 98.9 % of their crisis lines and
	 * raised help on 12 to 17 % of their ordinary ones, a sixth of a
	 * partner's everyday fears among them ("what if she's done with me").
	 * Recall had room, false alarms none; at 13 % the sealed half reads
	 * 95.6 % and 12.6 % of the tricky ones, at 20 % 96.3 % and 14.6 %. */
	double budget, plain_budget, anxious_budget;
	const char *check;
	int misses;
};

static void read_options(int argc, char **argv, struct options *o, struct corpus *c)
{
	*o = (struct options){.budget = 0.13, .plain_budget = 0.05, .anxious_budget = 0.13};
	for (int a = 3; a < argc; a++)
		o->misses |= strcmp(argv[a], "--misses") == 0;
	*c = (struct corpus){.ks = {.index = json_object()}, .keep_text = o->misses};
	read_corpus(c, argv[1]);
	for (int a = 3; a + 1 < argc; a += 2) {
		if (strcmp(argv[a], "--ordinary") == 0)
			read_corpus_as(c, argv[a + 1], 1);
		else if (strcmp(argv[a], "--max-false-alarms") == 0)
			o->budget = atof(argv[a + 1]);
		else if (strcmp(argv[a], "--max-everyday-alarms") == 0)
			o->plain_budget = atof(argv[a + 1]);
		else if (strcmp(argv[a], "--max-anxious-alarms") == 0)
			o->anxious_budget = atof(argv[a + 1]);
		else if (strcmp(argv[a], "--check") == 0)
			o->check = argv[a + 1];
	}
}

/* The weights file: its header, the three numbers, then each key kept. */
static void write_weights(const struct corpus *c, char **sorted, int ns, const double *w, double b,
                          double t, double rule_t)
{
	printf("# The crisis net's weighed words (src/safety/crisis-weights.c), learnt by\n"
	       "# bench/crisis-train.c from tests/corpus/crisis.tsv (the development half)\n"
	       "# and the everyday thoughts and drafts of patterns.tsv and coach.tsv, and\n"
	       "# nothing else; the two thresholds were set on crisis-calibration.tsv.\n"
	       "# Each line: a key and its weight.  A key is a Snowball stem, a pair of\n"
	       "# them, a concept of data/crisis.json (@NAME) or a rule that held (rule:id);\n"
	       "# '-' before a key: read under a negation.  A passage of a few sentences\n"
	       "# whose weights, with the bias, pass the threshold raises help; a rule\n"
	       "# raises help unless its passage weighs under rule_threshold.  Numbers in\n"
	       "# thousandths; lines in strcmp order.  Regenerate with make crisis-weights;\n"
	       "# do not edit by hand.\n");
	printf("=bias\t%ld\n=threshold\t%ld\n=rule_threshold\t%ld\n=window\t40000\n",
	       lround(b * 1000), lround(t * 1000), lround(rule_t * 1000));
	for (int i = 0; i < ns; i++)
		printf(
		    "%s\t%ld\n", sorted[i],
		    lround(1000 * w[json_integer_value(json_object_get(c->ks.index, sorted[i]))]));
}

/* The keys that weigh anything, in strcmp order; their count in *ns. */
static char **weighty_keys(const struct corpus *c, int dev_keys, const int *keep, const double *w,
                           int *ns)
{
	char **sorted = malloc((size_t)dev_keys * sizeof *sorted);
	*ns = 0;
	for (int f = 0; f < dev_keys; f++)
		if (keep[f] && fabs(w[f]) >= 0.01)
			sorted[(*ns)++] = c->ks.keys[f];
	qsort(sorted, (size_t)*ns, sizeof *sorted, cmp_key);
	return sorted;
}

/* --check FILE: 0 when FILE holds the weights this corpus teaches. */
static int check_weights(const struct corpus *c, const char *file, char **sorted, int ns,
                         const double *w, double b, double t, double rule_t)
{
	json_t *mine = json_object();
	for (int i = 0; i < ns; i++)
		json_object_set_new(
		    mine, sorted[i],
		    json_real(w[json_integer_value(json_object_get(c->ks.index, sorted[i]))]));
	int same = same_weights(file, b, t, rule_t, mine);
	json_decref(mine);
	return same ? 0 : 1;
}

static void free_corpora(struct corpus *c, struct corpus *cal)
{
	for (int i = 0; i < c->n; i++)
		free(c->ex[i].f), free(c->ex[i].text);
	for (int i = 0; i < cal->n; i++)
		free(cal->ex[i].f);
	free(c->ex);
	free(cal->ex);
	keyset_free(&cal->ks); /* c's keys, grown by the calibration set */
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: crisis-train DEV.tsv CALIBRATION.tsv [--ordinary FILE]... "
		                "[--max-false-alarms SHARE] > crisis-weights.tsv\n");
		return 2;
	}
	struct options o;
	struct corpus c;
	read_options(argc, argv, &o, &c);
	int status = 0;
	char **sorted = NULL;
	int dev_keys = c.ks.n;
	const int min_df = 2;
	int *keep = calloc((size_t)c.ks.n, sizeof *keep),
	    *order = malloc((size_t)c.n * sizeof *order);
	double *w = malloc((size_t)c.ks.n * sizeof *w), b, t;
	for (int f = 0; f < c.ks.n; f++)
		keep[f] = c.ks.df[f] >=
		          min_df; /* a key seen once says more about that entry than about people */
	for (int i = 0; i < c.n; i++)
		order[i] = i;
	corpus_shuffle(order, c.n);

	fit(&c, order, c.n, keep, w, &b);
	/* The calibration set shares the key numbers; keys it alone has weigh nothing. */
	struct corpus cal = c;
	cal.ex = NULL;
	cal.n = cal.cap = 0;
	read_corpus(&cal, argv[2]);
	c.ks.keys = cal.ks.keys; /* reading may have moved them */
	c.ks.df = cal.ks.df;
	int *keep_cal = calloc((size_t)cal.ks.n, sizeof *keep_cal);
	double *w_cal = calloc((size_t)cal.ks.n, sizeof *w_cal);
	memcpy(keep_cal, keep, (size_t)dev_keys * sizeof *keep);
	memcpy(w_cal, w, (size_t)dev_keys * sizeof *w);
	score_set(&cal, w_cal, b, keep_cal);
	/* Two numbers, chosen on the calibration set: how much a passage must
	 * weigh to raise help by itself, and how little a passage a rule holds
	 * on may weigh before the words overrule the rule.
	 * A rule's word is overruled when the words say that all is ordinary:
	 * they weigh under -1.5, a chance of about one in five.  A fixed number,
	 * not one more thing fitted to the calibration set, so its figures stay
	 * true; chosen by --misses, the development half read out of fold:
	 * against -3 it heard as much (248 missed against 249) and raised help
	 * on 55 fewer tricky ordinary entries, the rules' own false alarms
	 * ("my dad killed himself ten years ago") being where they cost most. */
	double rule_t = -1.5, recall = 0, fa = 0;
	t = threshold_within(&cal, o.budget, o.plain_budget, o.anxious_budget, rule_t, &recall,
	                     &fa);
	fprintf(stderr,
	        "crisis-train: %d development entries, %d keys; on the calibration set, at "
	        "%.0f%% false alarms at most: passages over %.3f raise help, and rules on "
	        "passages over %.3f; recall %.1f%%, false alarms %.1f%%\n",
	        c.n, dev_keys, 100 * o.budget, t, rule_t, 100 * recall, 100 * fa);

	if (o.misses) {
		print_misses(&c, order, keep, w, t, rule_t);
	} else {
		int ns;
		sorted = weighty_keys(&c, dev_keys, keep, w, &ns);
		if (o.check)
			status = check_weights(&c, o.check, sorted, ns, w, b, t, rule_t);
		else
			write_weights(&c, sorted, ns, w, b, t, rule_t);
	}
	free_corpora(&c, &cal);
	free(sorted);
	free(keep);
	free(order);
	free(w);
	free(keep_cal);
	free(w_cal);
	return status;
}
