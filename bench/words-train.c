/*
 * words-train.c — learns the weighed words of `haven check` and `haven
 * coach` (src/patterns/learnt.c) from the development halves only.
 *
 *   words-train check|coach DEV.tsv [--also FILE]... [--budget SHARE] > WEIGHTS.tsv
 *   words-train ... --check WEIGHTS.tsv   (make test: is the file still what they teach?)
 *   words-train ... --misses              what the development half gets wrong out of fold
 *
 * The rules were written by reading the development half, so on it they
 * hear nearly everything, and on words they were not written from about
 * half of it: the gap this reading is for.  Each entry (KINDS<TAB>TEXT)
 * becomes the keys learnt.c weighs — stems, pairs of stems, the lists and
 * concepts of the rule set, the kinds the rules found ("rule:kind") — and
 * for each kind a logistic model, that kind against the rest, is fitted by
 * stochastic gradient descent with L2 in a fixed order, so the same corpus
 * always gives the same file.  A key found in one entry only is left out:
 * it says more about that entry than about people.  Kind k's model does
 * not see "rule:k": it only ever speaks where the rules did not find k, so
 * it must learn the words, not the rules.
 *
 * The L2 and the thresholds are chosen on the development half read out of
 * fold (five times, fitted on four fifths, read on the fifth), by the
 * weights alone, as if no rule had been written: that is what words the
 * rules were not written from look like.  The thresholds come from two
 * shares (see choose_thresholds), the pair that names most labelled
 * entries (right kind counting twice) while no more than SHARE (default
 * 0.06) of the neutral entries get a finding, from the rules or the
 * weights: the rules' own false alarms count, since people see them all
 * the same.  A kind's entries may count more than the rest in the fit,
 * and its threshold may be set against the neutral entries only (struct
 * mode).  Out-of-fold figures are printed per file, alone and with the
 * rules.  For the coach, a draft holding a sign of data/coach-secure.json is
 * one the weights stay silent on for the kinds that give way to it
 * (src/coach/secure.c), as haven coach does.
 *
 * The coach also has a veto (src/patterns/learnt-any.c): a draft read as
 * one passage whose "any" weight is under it has its findings, the rules'
 * included, let go.  It is the weight only mode->veto of the labelled
 * entries fall under, out of fold, chosen without the fold like the
 * thresholds, and the figures and the budget count it.
 *
 * This file fits and chooses; words-corpus.c reads the corpora into keys
 * and words-file.c writes the weights file (words-train.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "patterns/learnt.h"
#include "patterns/patterns.h"
#include "words-train.h"

#define EPOCHS 30

static const double l2_grid[] = {1e-2, 3e-2, 1e-1, 3e-1};
#define N_L2 (sizeof l2_grid / sizeof *l2_grid)
static const double share_grid[] = {0.001, 0.002, 0.005, 0.01};
#define N_SHARE (sizeof share_grid / sizeof *share_grid)
static const double any_grid[] = {0, 0.02, 0.04, 0.06, 0.08, 0.1};
#define N_ANY (sizeof any_grid / sizeof *any_grid)

static const struct mode modes[] = {
    {"check", "patterns.json", "patterns-weights.tsv", 1, 0, 0},
    {"coach", "coach.json", "coach-weights.tsv", 2, 1, 0.01},
};

static const struct mode *mode;

/* ---- fitting ---------------------------------------------------------------- */

/* As the file will hold it: thousandths, and nothing under 0.01. */
static double as_written(double w)
{
	double r = (double)lround(w * 1000) / 1000;
	return fabs(r) < 0.01 ? 0 : r;
}

/* Fit kind k's weights and bias on the n examples of order, in that order.
 * keep: the keys that may weigh for k. */
static void fit(const struct corpus *c, int k, const int *order, int n, const int *keep, double l2,
                double *w, double *b)
{
	memset(w, 0, (size_t)c->ks.n * sizeof *w);
	*b = 0;
	for (int epoch = 0; epoch < EPOCHS; epoch++) {
		double rate = 0.2 / (1 + epoch * 0.2);
		for (int j = 0; j < n; j++) {
			const struct example *e = &c->ex[order[j]];
			double p = 1 / (1 + exp(-corpus_weigh(w, *b, e->f, e->n, keep)));
			int y = (e->want >> k) & 1;
			double g = (p - (double)y) * (y ? mode->pos_weight : 1);
			*b -= rate * g;
			for (int i = 0; i < e->n; i++) {
				int f = e->f[i];
				if (keep[f])
					w[f] -= rate * (g + l2 * w[f]);
			}
		}
	}
	for (int f = 0; f < c->ks.n; f++)
		w[f] = as_written(w[f]);
	*b = (double)lround(*b * 1000) / 1000;
}

/* The heaviest passage of e, as learnt.c reads it. */
static double score(const struct example *e, const double *w, double b, const int *keep)
{
	double best = -INFINITY;
	for (int p = 0; p < e->np; p++) {
		double v = corpus_weigh(w, b, e->pf[p], e->pn[p], keep);
		best = v > best ? v : best;
	}
	return e->np ? best : b;
}

/* The keys kind k may weigh: seen in two entries or more, and not "rule:k". */
static void keep_for(const struct corpus *c, int k, int *keep)
{
	for (int f = 0; f < c->ks.n; f++)
		keep[f] = c->ks.df[f] >= 2;
	if (c->self_key[k] >= 0)
		keep[c->self_key[k]] = 0;
	/* "any" speaks only where the rules found nothing: no rule's key */
	for (int f = 0; f < c->ks.n && k == c->any; f++)
		if (strncmp(c->ks.keys[f], "rule:", 5) == 0)
			keep[f] = 0;
}

/* Every example's score for every kind, each from weights not fitted on it. */
static void out_of_fold(struct corpus *c, const int *order, double l2)
{
	int *train = malloc((size_t)c->n * sizeof *train),
	    *keep = malloc((size_t)c->ks.n * sizeof *keep);
	double *w = malloc((size_t)c->ks.n * sizeof *w), b;
	if (!train || !keep || !w)
		exit(1);
	for (int k = 0; k < c->nkinds; k++) {
		keep_for(c, k, keep);
		for (int fold = 0; fold < FOLDS; fold++) {
			int n = 0;
			for (int j = 0; j < c->n; j++)
				if (j % FOLDS != fold)
					train[n++] = order[j];
			fit(c, k, train, n, keep, l2, w, &b);
			for (int j = fold; j < c->n; j += FOLDS)
				c->ex[order[j]].score[k] = score(&c->ex[order[j]], w, b, keep);
		}
	}
	free(train);
	free(keep);
	free(w);
}

/* ---- thresholds ------------------------------------------------------------- */

/* The kind e's words weigh most as, "any" aside. */
static int top_kind(const struct corpus *c, const struct example *e)
{
	int top = -1;
	for (int k = 0; k < c->nkinds; k++)
		if (k != c->any && (top < 0 || e->score[k] > e->score[top]))
			top = k;
	return top;
}

/* The kinds the weights name on e at thresholds t; ruled: the rules found
 * something, so "any" stays silent. */
static unsigned heard(const struct corpus *c, const struct example *e, const double *t, int ruled)
{
	unsigned h = 0;
	for (int k = 0; k < c->nkinds; k++)
		if (k != c->any && e->score[k] > t[k])
			h |= 1u << k;
	if (!h && !ruled && e->score[c->any] > t[c->any])
		h = 1u << top_kind(c, e);
	return h & ~e->quiet;
}

struct figures {
	int labelled, caught, right, neutral, alarms;
};

static void print_figures(const char *what, struct figures fg)
{
	fprintf(stderr, "  %-34s recall %5.1f%%  false alarms %5.1f%%  right kind %5.1f%%\n", what,
	        fg.labelled ? 100.0 * fg.caught / fg.labelled : 0,
	        fg.neutral ? 100.0 * fg.alarms / fg.neutral : 0,
	        fg.caught ? 100.0 * fg.right / fg.caught : 0);
}

static int cmp_down(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x < y) - (x > y);
}

/*
 * Thresholds t from two shares: kind k speaks over the score that no more
 * than share of the entries not labelled k (of those in; the neutral ones
 * only, by_neutral) pass, and "any"
 * over the score that no more than any_share of the neutral entries pass
 * (never, at 0).  Two numbers for every kind, not one threshold fitted per
 * kind: thresholds fitted kind by kind to dodge each neutral entry by a
 * hair promise far fewer false alarms than new words bring.
 */
static void choose_thresholds(const struct corpus *c, double share, double any_share, double *t,
                              const int *in)
{
	double *v = malloc((size_t)c->n * sizeof *v);
	if (!v)
		exit(1);
	for (int k = 0; k < c->nkinds; k++) {
		int m = 0;
		for (int i = 0; i < c->n; i++) {
			const struct example *e = &c->ex[i];
			if (in[i] &&
			    (k == c->any || mode->by_neutral ? e->neutral : !(e->want >> k & 1)))
				v[m++] = e->score[k];
		}
		double s = k == c->any ? any_share : share;
		qsort(v, (size_t)m, sizeof *v, cmp_down);
		int at = (int)floor(s * m + 1e-9);
		t[k] = s <= 0 || m == 0 ? NEVER : at < m ? v[at] : v[m - 1] - 0.001;
		t[k] = (double)lround(t[k] * 1000) / 1000;
	}
	free(v);
}

/* The veto: the "any" weight that no more than mode->veto of the labelled
 * entries in, read as one passage, fall under (-NEVER: none).  Set by the
 * protests let pass, not by the secure drafts caught: the rules' false
 * alarms on this half are few, since they were written from it. */
static double choose_veto(const struct corpus *c, const int *in)
{
	double *v = malloc((size_t)c->n * sizeof *v);
	int m = 0;
	if (!v)
		exit(1);
	for (int i = 0; i < c->n; i++)
		if (in[i] && !c->ex[i].neutral && c->ex[i].np == 1)
			v[m++] = -c->ex[i].score[c->any];
	double veto = -NEVER;
	if (mode->veto > 0 && m > 0) {
		qsort(v, (size_t)m, sizeof *v, cmp_down); /* lowest weight first */
		int at = (int)floor(mode->veto * m + 1e-9);
		veto = (double)lround(-v[at < m ? at : m - 1] * 1000) / 1000;
	}
	free(v);
	return veto;
}

/* Each entry's kinds named by weights whose thresholds were chosen without
 * its fold (e->held), and whether the veto so chosen lets it go. */
static void nested(struct corpus *c, const int *pos, int *in, double share, double any_share)
{
	double t[KINDS_MAX];
	for (int fold = 0; fold < FOLDS; fold++) {
		for (int i = 0; i < c->n; i++)
			in[i] = pos[i] % FOLDS != fold;
		choose_thresholds(c, share, any_share, t, in);
		double veto = choose_veto(c, in);
		for (int i = 0; i < c->n; i++)
			if (!in[i]) {
				struct example *e = &c->ex[i];
				e->held[0] = heard(c, e, t, 0);
				e->held[1] = heard(c, e, t, e->any_rule);
				e->vetoed = e->np == 1 && e->score[c->any] < veto;
			}
	}
}

/* The figures of file (-1: all) from e->held: the weights alone (how 0),
 * the rules then the weights (1), the rules alone (2). */
static struct figures measure_held(const struct corpus *c, int file, int how)
{
	struct figures fg = {0};
	for (int i = 0; i < c->n; i++) {
		const struct example *e = &c->ex[i];
		if (file >= 0 && e->file != file)
			continue;
		unsigned named = how == 0   ? e->held[0]
		                 : how == 1 ? e->held[1] | e->ruled
		                            : e->ruled;
		int any = named || (how && e->any_rule);
		if (how < 2 && e->vetoed)
			named = 0, any = 0;
		if (e->neutral) {
			fg.neutral++;
			fg.alarms += any;
		} else {
			fg.labelled++;
			fg.caught += any;
			fg.right += any && (named & e->want);
		}
	}
	return fg;
}

/* Per kind of file, read out of fold: of the entries labelled with it, the
 * share with any finding and the share named with it, by the weights alone
 * and by the rules then the weights. */
static void print_kinds(const struct corpus *c, int file)
{
	for (int k = 0; k < c->nkinds; k++) {
		int all = 0, caught[2] = {0}, named[2] = {0};
		for (int i = 0; i < c->n; i++) {
			const struct example *e = &c->ex[i];
			if (e->file != file || k == c->any || !(e->want >> k & 1))
				continue;
			all++;
			unsigned by[2] = {e->held[0], e->held[1] | e->ruled};
			for (int h = 0; h < 2; h++) {
				if (e->vetoed)
					continue;
				caught[h] += by[h] || (h && e->any_rule);
				named[h] += (by[h] >> k & 1) != 0;
			}
		}
		if (all)
			fprintf(stderr,
			        "    %-22s %4d  alone: caught %5.1f%% named %5.1f%%  with rules: "
			        "caught %5.1f%% named %5.1f%%\n",
			        c->kind[k], all, 100.0 * caught[0] / all, 100.0 * named[0] / all,
			        100.0 * caught[1] / all, 100.0 * named[1] / all);
	}
}

/* ---- the file --------------------------------------------------------------- */

/* ---- main ------------------------------------------------------------------- */

/* --misses: entries whose labelled kinds neither the rules nor the weights
 * name out of fold, and neutral entries that get a finding. */
static void print_misses(const struct corpus *c)
{
	for (int i = 0; i < c->n; i++) {
		const struct example *e = &c->ex[i];
		unsigned named = e->vetoed ? 0 : e->held[1] | e->ruled;
		int any = named || (e->any_rule && !e->vetoed);
		if (e->neutral ? !any : (named & e->want) != 0)
			continue;
		int top = top_kind(c, e);
		/* which alarms the rules raise (those the rules must mend) */
		const char *by = !e->neutral               ? ""
		                 : e->ruled || e->any_rule ? " (rules)"
		                                           : " (weights)";
		printf("%s%s\t%s\t%s %.2f, any %.2f\t%s\n", e->neutral ? "alarm" : "missed", by,
		       e->labels, c->kind[top], e->score[top], e->score[c->any], e->text);
	}
}

/* The L2 and the two shares the corpus is read with, chosen by reading
 * the choice of thresholds itself out of fold: thresholds chosen on four
 * fifths of the out-of-fold scores, the fifth read with them.  Thresholds
 * fitted to the very entries they are judged on dodge each neutral one by
 * a hair, and promise fewer false alarms than new words bring.  -1 when no
 * choice keeps within the budget. */
struct choice {
	double l2, share, any_share;
};

static int choose(struct corpus *c, const int *order, const int *pos, int *in, double budget,
                  struct choice *ch)
{
	int best = -1;
	*ch = (struct choice){l2_grid[0], 0, 0};
	for (size_t g = 0; g < N_L2; g++) {
		out_of_fold(c, order, l2_grid[g]);
		for (size_t q = 0; q < N_SHARE; q++)
			for (size_t a = 0; a < N_ANY; a++) {
				nested(c, pos, in, share_grid[q], any_grid[a]);
				/* named by the words alone: what the rules, written from
				 * this half, hear on it says little of new words */
				struct figures fg = measure_held(c, -1, 1),
				               alone = measure_held(c, -1, 0);
				int value = alone.caught + alone.right;
				if (getenv("WORDS_TRAIN_CURVE"))
					fprintf(stderr,
					        "L2 %g share %.3f any %.2f: recall %.1f%% alarms "
					        "%.1f%% right %.1f%%\n",
					        l2_grid[g], share_grid[q], any_grid[a],
					        100.0 * alone.caught / alone.labelled,
					        100.0 * fg.alarms / fg.neutral,
					        100.0 * alone.right /
					            (alone.caught ? alone.caught : 1));
				if (fg.alarms <= budget * fg.neutral && value > best) {
					best = value;
					*ch =
					    (struct choice){l2_grid[g], share_grid[q], any_grid[a]};
				}
			}
	}
	if (best < 0) {
		/* Weights that never speak would pass for a choice: say why instead. */
		struct figures rules = measure_held(c, -1, 2);
		fprintf(stderr,
		        "words-train %s: no weights keep the false alarms within the budget of "
		        "%.1f%%: the rules alone flag %d of %d neutral entries (%.1f%%); raise "
		        "--budget or mend the rules that flag them (--misses lists them)\n",
		        mode->name, 100 * budget, rules.alarms, rules.neutral,
		        100.0 * rules.alarms / (rules.neutral ? rules.neutral : 1));
	}
	return best < 0 ? -1 : 0;
}

/* The out-of-fold figures of the choice, per file and, for the first,
 * per kind. */
static void report(const struct corpus *c, const struct choice *ch)
{
	fprintf(stderr,
	        "words-train %s: %d entries, %d keys; L2 %g; a kind speaks over what %.1f%% of "
	        "the entries without it pass, any kind over what %.0f%% of neutral ones pass; "
	        "read out of fold, thresholds too:\n",
	        mode->name, c->n, c->ks.n, ch->l2, 100 * ch->share, 100 * ch->any_share);
	for (int i = 0; i < c->nfiles; i++) {
		fprintf(stderr, "  %s\n", c->files[i]);
		print_figures("weights alone", measure_held(c, i, 0));
		print_figures("rules alone", measure_held(c, i, 2));
		print_figures("rules, then weights", measure_held(c, i, 1));
		if (i == 0)
			print_kinds(c, i);
	}
}

/* The weights themselves, each kind fitted on every entry, as the file
 * holds them: printed, or (check) compared with the file.  The exit status. */
static int weights(const struct corpus *c, const int *order, const struct choice *ch,
                   const double *t, double veto, double budget, const char *check)
{
	double *w[KINDS_MAX], b[KINDS_MAX];
	int *keep = malloc((size_t)c->ks.n * sizeof *keep);
	if (!keep)
		exit(1);
	for (int k = 0; k < c->nkinds; k++) {
		w[k] = malloc((size_t)c->ks.n * sizeof *w[k]);
		if (!w[k])
			exit(1);
		keep_for(c, k, keep);
		fit(c, k, order, c->n, keep, ch->l2, w[k], &b[k]);
	}
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	words_write_weights(out, c, w, b, t, veto, ch->l2, budget);
	fclose(out);
	int status = 0;
	if (check)
		status = words_same_weights(check, text) ? 0 : 1;
	else
		fputs(text, stdout);
	free(text);
	for (int k = 0; k < c->nkinds; k++)
		free(w[k]);
	free(keep);
	return status;
}

/* The options after DEV.tsv; 0, or 2 for one not known. */
static int options(struct corpus *c, int argc, char **argv, double *budget, const char **check,
                   int *misses)
{
	for (int a = 3; a < argc; a++) {
		if (strcmp(argv[a], "--misses") == 0)
			*misses = 1;
		else if (a + 1 < argc && strcmp(argv[a], "--also") == 0)
			words_read_corpus(c, argv[++a]);
		else if (a + 1 < argc && strcmp(argv[a], "--budget") == 0)
			*budget = atof(argv[++a]);
		else if (a + 1 < argc && strcmp(argv[a], "--check") == 0)
			*check = argv[++a];
		else {
			fprintf(stderr, "words-train: unknown option %s\n", argv[a]);
			return 2;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr,
		        "usage: words-train check|coach DEV.tsv [--also FILE]... [--budget SHARE] "
		        "[--check WEIGHTS | --misses]\n");
		return 2;
	}
	for (size_t m = 0; m < sizeof modes / sizeof *modes; m++)
		if (strcmp(argv[1], modes[m].name) == 0)
			mode = &modes[m];
	struct hv_error err;
	const struct hv_ruleset *rs = mode ? hv_ruleset_get(mode->rules, &err) : NULL;
	if (!rs) {
		fprintf(stderr, "words-train: no rule set for %s\n", argv[1]);
		return 2;
	}
	double budget = 0.06;
	const char *check = NULL;
	int misses = 0;
	struct corpus c = {.mode = mode, .rs = rs, .ks = {.index = json_object()}};
	if (words_choose_kinds(&c, argv[2]) < 0) {
		fprintf(stderr, "words-train: cannot open %s\n", argv[2]);
		return 1;
	}
	words_read_corpus(&c, argv[2]);
	if (options(&c, argc, argv, &budget, &check, &misses))
		return 2;
	for (int k = 0; k < c.nkinds; k++) {
		char key[128];
		snprintf(key, sizeof key, "rule:%s", c.kind[k]);
		json_t *at = json_object_get(c.ks.index, key);
		c.self_key[k] = at ? (int)json_integer_value(at) : -1;
	}
	int *order = malloc((size_t)c.n * sizeof *order), *pos = malloc((size_t)c.n * sizeof *pos),
	    *in = malloc((size_t)c.n * sizeof *in);
	if (!order || !pos || !in)
		return 1;
	for (int i = 0; i < c.n; i++)
		order[i] = i;
	corpus_shuffle(order, c.n);
	for (int j = 0; j < c.n; j++)
		pos[order[j]] = j;
	struct choice ch;
	double t[KINDS_MAX];
	if (choose(&c, order, pos, in, budget, &ch) < 0 && !misses)
		return 1;
	out_of_fold(&c, order, ch.l2);
	nested(&c, pos, in, ch.share, ch.any_share);
	for (int i = 0; i < c.n; i++)
		in[i] = 1;
	choose_thresholds(&c, ch.share, ch.any_share, t, in);
	double veto = choose_veto(&c, in);
	report(&c, &ch);
	if (veto > -NEVER)
		fprintf(stderr, "  one passage weighing under %.3f as any kind is let go (veto)\n",
		        veto);
	free(pos);
	free(in);
	if (misses) {
		print_misses(&c);
		return 0;
	}
	return weights(&c, order, &ch, t, veto, budget, check);
}
