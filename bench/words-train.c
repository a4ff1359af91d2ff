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
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coach/coach.h"
#include "core/content.h"
#include "patterns/learnt.h"
#include "patterns/patterns.h"

#define EPOCHS    30
#define FOLDS     5
#define KINDS_MAX 16
#define FILES_MAX 8
#define NEVER     1000.0 /* a threshold no passage reaches */

static const double l2_grid[] = {1e-2, 3e-2, 1e-1, 3e-1};
#define N_L2 (sizeof l2_grid / sizeof *l2_grid)
static const double share_grid[] = {0.001, 0.002, 0.005, 0.01};
#define N_SHARE (sizeof share_grid / sizeof *share_grid)
static const double any_grid[] = {0, 0.02, 0.04, 0.06, 0.08, 0.1};
#define N_ANY (sizeof any_grid / sizeof *any_grid)

struct example {
	unsigned want;  /* labelled kinds, a bit each */
	unsigned ruled; /* kinds the rules found */
	unsigned quiet; /* kinds that give way to the draft's secure signs (coach) */
	int any_rule;   /* the rules found anything at all */
	int neutral, file;
	int *f, n;     /* every key of the entry, once */
	int **pf, *pn; /* each passage's keys */
	int np;
	double score[KINDS_MAX]; /* out of fold: the heaviest passage, per kind */
	unsigned held[2];        /* kinds the weights name with thresholds chosen without
	                          * the entry's fold: alone, and after the rules */
	char *text, *labels;
};

struct corpus {
	struct example *ex;
	int n, cap;
	json_t *index; /* key -> number */
	char **keys;
	int *df;
	int n_keys, keys_cap;
	int nkinds;
	const char *kind[KINDS_MAX];
	int self_key[KINDS_MAX]; /* "rule:kind", unseen by its own kind's model */
	int any;                 /* the model of any kind at all (HV_LEARNT_ANY) */
	const char *files[FILES_MAX];
	int nfiles;
};

/* What differs between the two, each tried out of fold:
 * pos_weight: how much more an entry of the kind counts than one without
 * it.  A kind is a ninth of the drafts, and the coach hears more of them,
 * at the same false alarms, when they count twice; the thoughts do not
 * (fewer named, more alarms).
 * by_neutral: a kind's threshold is set against the neutral entries only,
 * not against every entry without the kind.  What a person feels most is
 * a secure message called a protest; a protest named with a second kind
 * beside its own matters less, and out of fold the coach hears more
 * drafts and names more of them rightly so.  The thoughts have too few
 * neutral entries to set twelve thresholds on. */
struct mode {
	const char *name, *rules, *weights;
	double pos_weight;
	int by_neutral;
};

static const struct mode modes[] = {
    {"check", "patterns.json", "patterns-weights.tsv", 1, 0},
    {"coach", "coach.json", "coach-weights.tsv", 2, 1},
};

static const struct mode *mode;
static const struct hv_ruleset *rs;

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

/* (word, key) pairs of one entry. */
struct pairs {
	struct corpus *c;
	int *word, *key, n, cap;
};

static void add_pair(size_t word, const char *key, void *p)
{
	struct pairs *ps = p;
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 256;
		ps->word = realloc(ps->word, (size_t)ps->cap * sizeof *ps->word);
		ps->key = realloc(ps->key, (size_t)ps->cap * sizeof *ps->key);
		if (!ps->word || !ps->key)
			exit(1);
	}
	ps->word[ps->n] = (int)word;
	ps->key[ps->n++] = key_number(ps->c, key);
}

/* The distinct keys of the words [from, to). */
static int keys_of(const struct pairs *ps, size_t from, size_t to, int **out)
{
	int *f = malloc((size_t)(ps->n + 1) * sizeof *f), n = 0;
	if (!f)
		exit(1);
	for (int i = 0; i < ps->n; i++) {
		if ((size_t)ps->word[i] < from || (size_t)ps->word[i] >= to)
			continue;
		int seen = 0;
		for (int j = 0; j < n && !seen; j++)
			seen = f[j] == ps->key[i];
		if (!seen)
			f[n++] = ps->key[i];
	}
	*out = f;
	return n;
}

struct passages {
	const struct pairs *ps;
	struct example *e;
};

static void add_passage(size_t from, size_t to, void *p)
{
	struct passages *pp = p;
	struct example *e = pp->e;
	e->pf = realloc(e->pf, (size_t)(e->np + 1) * sizeof *e->pf);
	e->pn = realloc(e->pn, (size_t)(e->np + 1) * sizeof *e->pn);
	if (!e->pf || !e->pn)
		exit(1);
	e->pn[e->np] = keys_of(pp->ps, from, to, &e->pf[e->np]);
	e->np++;
}

static int kind_no(const struct corpus *c, const char *kind)
{
	for (int k = 0; k < c->nkinds; k++)
		if (strcmp(c->kind[k], kind) == 0)
			return k;
	return -1;
}

/* A label as the rule set names it now ("sarcasm" became "hostility"). */
static const char *resolve(const char *label)
{
	const char *to = json_string_value(
	    json_object_get(json_object_get(hv_content_json(mode->rules, NULL), "aliases"), label));
	return to ? to : label;
}

static json_t *rule_findings(const char *text, size_t len, const struct hv_toks *toks)
{
	return strcmp(mode->name, "coach") == 0 ? hv_coach_rule_findings(rs, text, len, toks)
	                                        : hv_ruleset_find(rs, text, len, toks);
}

static void add_entry(struct corpus *c, char *labels, const char *text, int file)
{
	unsigned want = 0;
	int neutral = strcmp(labels, "-") == 0;
	char *copy = strdup(labels), *save = NULL;
	for (char *l = strtok_r(labels, ",", &save); l && !neutral;
	     l = strtok_r(NULL, ",", &save)) {
		int k = kind_no(c, resolve(l));
		if (k >= 0)
			want |= 1u << k;
	}
	if (!neutral && !want) { /* only kinds no model is learnt for: neither side */
		free(copy);
		return;
	}
	if (!neutral)
		want |= 1u << c->any;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 1024;
		c->ex = realloc(c->ex, (size_t)c->cap * sizeof *c->ex);
		if (!c->ex)
			exit(1);
	}
	struct example *e = &c->ex[c->n++];
	*e = (struct example){
	    .want = want, .neutral = neutral, .file = file, .text = strdup(text), .labels = copy};
	struct hv_toks toks;
	size_t len = strlen(text);
	if (hv_tokenize(text, len, &toks) < 0)
		exit(1);
	json_t *found = rule_findings(text, len, &toks);
	size_t i;
	json_t *f;
	json_array_foreach(found, i, f)
	{
		int k = kind_no(c, json_string_value(json_object_get(f, "kind")));
		if (k >= 0)
			e->ruled |= 1u << k;
	}
	e->any_rule = json_array_size(found) > 0;
	if (strcmp(mode->name, "coach") == 0 && hv_coach_secure(text, len, &toks))
		for (int k = 0; k < c->nkinds; k++)
			if (k == c->any || hv_coach_yields(c->kind[k]))
				e->quiet |= 1u << k;
	struct pairs ps = {.c = c};
	if (hv_learnt_keys(rs, &toks, found, add_pair, &ps) < 0)
		exit(1);
	e->n = keys_of(&ps, 0, toks.n, &e->f);
	struct passages pp = {&ps, e};
	hv_learnt_passages(&toks, add_passage, &pp);
	for (int j = 0; j < e->n; j++)
		c->df[e->f[j]]++;
	free(ps.word);
	free(ps.key);
	json_decref(found);
	hv_toks_free(&toks);
}

static void read_corpus(struct corpus *c, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[8192];
	if (!f || c->nfiles == FILES_MAX) {
		fprintf(stderr, "words-train: cannot open %s\n", path);
		exit(1);
	}
	c->files[c->nfiles] = path;
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		line[strcspn(line, "\r\n")] = '\0';
		char *tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab = '\0';
		add_entry(c, line, tab + 1, c->nfiles);
	}
	c->nfiles++;
	fclose(f);
}

/* ---- fitting ---------------------------------------------------------------- */

static double dot(const double *w, double b, const int *f, int n, const int *keep)
{
	double v = b;
	for (int i = 0; i < n; i++)
		if (keep[f[i]])
			v += w[f[i]];
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
	memset(w, 0, (size_t)c->n_keys * sizeof *w);
	*b = 0;
	for (int epoch = 0; epoch < EPOCHS; epoch++) {
		double rate = 0.2 / (1 + epoch * 0.2);
		for (int j = 0; j < n; j++) {
			const struct example *e = &c->ex[order[j]];
			double p = 1 / (1 + exp(-dot(w, *b, e->f, e->n, keep)));
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
	for (int f = 0; f < c->n_keys; f++)
		w[f] = as_written(w[f]);
	*b = (double)lround(*b * 1000) / 1000;
}

/* The heaviest passage of e, as learnt.c reads it. */
static double score(const struct example *e, const double *w, double b, const int *keep)
{
	double best = -INFINITY;
	for (int p = 0; p < e->np; p++) {
		double v = dot(w, b, e->pf[p], e->pn[p], keep);
		best = v > best ? v : best;
	}
	return e->np ? best : b;
}

/* The keys kind k may weigh: seen in two entries or more, and not "rule:k". */
static void keep_for(const struct corpus *c, int k, int *keep)
{
	for (int f = 0; f < c->n_keys; f++)
		keep[f] = c->df[f] >= 2;
	if (c->self_key[k] >= 0)
		keep[c->self_key[k]] = 0;
	/* "any" speaks only where the rules found nothing: no rule's key */
	for (int f = 0; f < c->n_keys && k == c->any; f++)
		if (strncmp(c->keys[f], "rule:", 5) == 0)
			keep[f] = 0;
}

/* Every example's score for every kind, each from weights not fitted on it. */
static void out_of_fold(struct corpus *c, const int *order, double l2)
{
	int *train = malloc((size_t)c->n * sizeof *train),
	    *keep = malloc((size_t)c->n_keys * sizeof *keep);
	double *w = malloc((size_t)c->n_keys * sizeof *w), b;
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

/* Each entry's kinds named by weights whose thresholds were chosen without
 * its fold (e->held). */
static void nested(struct corpus *c, const int *pos, int *in, double share, double any_share)
{
	double t[KINDS_MAX];
	for (int fold = 0; fold < FOLDS; fold++) {
		for (int i = 0; i < c->n; i++)
			in[i] = pos[i] % FOLDS != fold;
		choose_thresholds(c, share, any_share, t, in);
		for (int i = 0; i < c->n; i++)
			if (!in[i]) {
				c->ex[i].held[0] = heard(c, &c->ex[i], t, 0);
				c->ex[i].held[1] = heard(c, &c->ex[i], t, c->ex[i].any_rule);
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

struct line {
	const char *feature, *kind;
	long w;
};

static int cmp_line(const void *a, const void *b)
{
	const struct line *x = a, *y = b;
	int c = strcmp(x->feature, y->feature);
	return c ? c : strcmp(x->kind, y->kind);
}

static void write_weights(FILE *out, const struct corpus *c, double **w, const double *b,
                          const double *t, double l2, double budget)
{
	fprintf(out,
	        "# The weighed words of haven %s (src/patterns/learnt.c), learnt by\n"
	        "# bench/words-train.c from the development halves only:",
	        mode->name);
	for (int i = 0; i < c->nfiles; i++)
		fprintf(out, " %s", c->files[i]);
	fprintf(out,
	        ".\n"
	        "# Each line: FEATURE/KIND and its weight in kind's model, in thousandths.\n"
	        "# A feature is a Snowball stem, a pair of them, a list or concept of\n"
	        "# data/%s (@name) or a kind the rules found (rule:kind); '-' before\n"
	        "# it: read under a negation.  A passage whose weights, with the bias,\n"
	        "# pass the kind's threshold adds a finding of that kind where the rules\n"
	        "# found none; \"any\" weighs any kind at all, where nothing was found.\n"
	        "# L2 %g; thresholds chosen out of fold, with at most %.0f%% of the\n"
	        "# neutral entries flagged by the rules or the weights.  Lines in order\n"
	        "# of feature, then kind.  Regenerate with make words-weights; do not\n"
	        "# edit by hand.\n",
	        mode->rules, l2, 100 * budget);
	for (int k = 0; k < c->nkinds; k++)
		fprintf(out, "=bias/%s\t%ld\n=threshold/%s\t%ld\n", c->kind[k], lround(b[k] * 1000),
		        c->kind[k], lround(t[k] * 1000));
	size_t n = 0;
	struct line *lines = malloc((size_t)c->n_keys * (size_t)c->nkinds * sizeof *lines + 1);
	if (!lines)
		exit(1);
	for (int k = 0; k < c->nkinds; k++) {
		if (t[k] >= NEVER)
			continue; /* a kind that never speaks needs no weights */
		for (int f = 0; f < c->n_keys; f++)
			if (w[k][f] != 0)
				lines[n++] =
				    (struct line){c->keys[f], c->kind[k], lround(w[k][f] * 1000)};
	}
	qsort(lines, n, sizeof *lines, cmp_line);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s/%s\t%ld\n", lines[i].feature, lines[i].kind, lines[i].w);
	free(lines);
}

/* A weights file as key -> thousandths, comments left out. */
static json_t *read_file_weights(const char *text)
{
	json_t *o = json_object();
	char *copy = strdup(text), *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(line, '\t');
		if (line[0] == '#' || !tab)
			continue;
		*tab = '\0';
		json_object_set_new(o, line, json_integer(strtol(tab + 1, NULL, 10)));
	}
	free(copy);
	return o;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		fwrite(chunk, 1, got, m);
	fclose(m);
	fclose(f);
	return buf;
}

/* Is the file what the corpus teaches, to a thousandth or two? */
static int same_weights(const char *path, const char *mine)
{
	char *theirs = slurp(path);
	json_t *a = theirs ? read_file_weights(theirs) : NULL, *b = read_file_weights(mine);
	const char *why = NULL, *key;
	json_t *v;
	if (!a)
		why = "it cannot be read";
	else if (json_object_size(a) != json_object_size(b))
		why = "it holds other keys";
	json_object_foreach(b, key, v)
	{
		if (why)
			break;
		json_t *o = json_object_get(a, key);
		if (!o || labs((long)(json_integer_value(o) - json_integer_value(v))) > 2)
			why = "a weight or threshold differs";
	}
	if (why)
		fprintf(stderr,
		        "words-train: %s is not what the development halves teach (%s): run make "
		        "words-weights after changing the corpora or the rules\n",
		        path, why);
	json_decref(a);
	json_decref(b);
	free(theirs);
	return why == NULL;
}

/* ---- main ------------------------------------------------------------------- */

/* --misses: entries whose labelled kinds neither the rules nor the weights
 * name out of fold, and neutral entries that get a finding. */
static void print_misses(const struct corpus *c)
{
	for (int i = 0; i < c->n; i++) {
		const struct example *e = &c->ex[i];
		unsigned named = e->held[1] | e->ruled;
		int any = named || e->any_rule;
		if (e->neutral ? !any : (named & e->want) != 0)
			continue;
		int top = top_kind(c, e);
		printf("%s\t%s\t%s %.2f, any %.2f\t%s\n", e->neutral ? "alarm" : "missed",
		       e->labels, c->kind[top], e->score[top], e->score[c->any], e->text);
	}
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
	if (!mode || !(rs = hv_ruleset_get(mode->rules, &err))) {
		fprintf(stderr, "words-train: no rule set for %s\n", argv[1]);
		return 2;
	}
	double budget = 0.06;
	const char *check = NULL;
	int misses = 0;
	struct corpus c = {.index = json_object()};
	/* The kinds learnt: the rule set's, in its order, that the
	 * development half labels. */
	{
		char *dev = slurp(argv[2]);
		const char *kind;
		json_t *v;
		if (!dev) {
			fprintf(stderr, "words-train: cannot open %s\n", argv[2]);
			return 1;
		}
		json_object_foreach((json_t *)hv_ruleset_kinds(rs), kind, v)
		{
			size_t kl = strlen(kind);
			int labelled = 0;
			for (const char *p = dev; (p = strstr(p, kind)) && !labelled; p += kl)
				labelled = (p == dev || p[-1] == '\n' || p[-1] == ',') &&
				           (p[kl] == '\t' || p[kl] == ',');
			if (labelled && c.nkinds < KINDS_MAX)
				c.kind[c.nkinds++] = kind;
		}
		free(dev);
		c.any = c.nkinds++;
		c.kind[c.any] = HV_LEARNT_ANY;
	}
	read_corpus(&c, argv[2]);
	for (int a = 3; a < argc; a++) {
		if (strcmp(argv[a], "--misses") == 0)
			misses = 1;
		else if (a + 1 < argc && strcmp(argv[a], "--also") == 0)
			read_corpus(&c, argv[++a]);
		else if (a + 1 < argc && strcmp(argv[a], "--budget") == 0)
			budget = atof(argv[++a]);
		else if (a + 1 < argc && strcmp(argv[a], "--check") == 0)
			check = argv[++a];
		else {
			fprintf(stderr, "words-train: unknown option %s\n", argv[a]);
			return 2;
		}
	}
	for (int k = 0; k < c.nkinds; k++) {
		char key[128];
		snprintf(key, sizeof key, "rule:%s", c.kind[k]);
		json_t *at = json_object_get(c.index, key);
		c.self_key[k] = at ? (int)json_integer_value(at) : -1;
	}
	int *order = malloc((size_t)c.n * sizeof *order);
	for (int i = 0; i < c.n; i++)
		order[i] = i;
	shuffle(order, c.n);

	/* The L2 and the budget are chosen by reading the choice of thresholds
	 * itself out of fold: thresholds chosen on four fifths of the
	 * out-of-fold scores, the fifth read with them.  Thresholds fitted to
	 * the very entries they are judged on dodge each neutral one by a
	 * hair, and promise fewer false alarms than new words bring. */
	int *pos = malloc((size_t)c.n * sizeof *pos), *in = malloc((size_t)c.n * sizeof *in);
	for (int j = 0; j < c.n; j++)
		pos[order[j]] = j;
	double t[KINDS_MAX], l2 = l2_grid[0], share = 0, any_share = 0;
	int best = -1;
	for (size_t g = 0; g < N_L2; g++) {
		out_of_fold(&c, order, l2_grid[g]);
		for (size_t q = 0; q < N_SHARE; q++)
			for (size_t a = 0; a < N_ANY; a++) {
				nested(&c, pos, in, share_grid[q], any_grid[a]);
				/* named by the words alone: what the rules, written from
				 * this half, hear on it says little of new words */
				struct figures fg = measure_held(&c, -1, 1),
				               alone = measure_held(&c, -1, 0);
				int value = alone.caught + alone.right;
				if (getenv("WORDS_TRAIN_CURVE"))
					fprintf(stderr,
					        "L2 %g share %.3f any %.2f: recall %.1f%% alarms "
					        "%.1f%% "
					        "right %.1f%%\n",
					        l2_grid[g], share_grid[q], any_grid[a],
					        100.0 * alone.caught / alone.labelled,
					        100.0 * fg.alarms / fg.neutral,
					        100.0 * alone.right /
					            (alone.caught ? alone.caught : 1));
				if (fg.alarms <= budget * fg.neutral && value > best) {
					best = value;
					l2 = l2_grid[g];
					share = share_grid[q];
					any_share = any_grid[a];
				}
			}
	}
	if (best < 0) {
		/* Weights that never speak would pass for a choice: say why instead. */
		struct figures rules = measure_held(&c, -1, 2);
		fprintf(stderr,
		        "words-train %s: no weights keep the false alarms within the budget of "
		        "%.1f%%: the rules alone flag %d of %d neutral entries (%.1f%%); raise "
		        "--budget or mend the rules that flag them (--misses lists them)\n",
		        mode->name, 100 * budget, rules.alarms, rules.neutral,
		        100.0 * rules.alarms / (rules.neutral ? rules.neutral : 1));
		if (!misses)
			return 1;
	}
	out_of_fold(&c, order, l2);
	nested(&c, pos, in, share, any_share);
	for (int i = 0; i < c.n; i++)
		in[i] = 1;
	choose_thresholds(&c, share, any_share, t, in);
	fprintf(stderr,
	        "words-train %s: %d entries, %d keys; L2 %g; a kind speaks over what %.1f%% of "
	        "the entries without it pass, any kind over what %.0f%% of neutral ones pass; "
	        "read out of fold, thresholds too:\n",
	        mode->name, c.n, c.n_keys, l2, 100 * share, 100 * any_share);
	for (int i = 0; i < c.nfiles; i++) {
		fprintf(stderr, "  %s\n", c.files[i]);
		print_figures("weights alone", measure_held(&c, i, 0));
		print_figures("rules alone", measure_held(&c, i, 2));
		print_figures("rules, then weights", measure_held(&c, i, 1));
		if (i == 0)
			print_kinds(&c, i);
	}
	free(pos);
	free(in);
	if (misses) {
		print_misses(&c);
		return 0;
	}

	/* The weights themselves: each kind fitted on every entry. */
	double *w[KINDS_MAX], b[KINDS_MAX];
	int *keep = malloc((size_t)c.n_keys * sizeof *keep);
	for (int k = 0; k < c.nkinds; k++) {
		w[k] = malloc((size_t)c.n_keys * sizeof *w[k]);
		keep_for(&c, k, keep);
		fit(&c, k, order, c.n, keep, l2, w[k], &b[k]);
	}
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	write_weights(out, &c, w, b, t, l2, budget);
	fclose(out);
	int status = 0;
	if (check)
		status = same_weights(check, text) ? 0 : 1;
	else
		fputs(text, stdout);
	free(text);
	return status;
}
