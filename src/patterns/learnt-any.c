/*
 * learnt-any.c — what the model of "any kind at all" (HV_LEARNT_ANY) says
 * of a short text as a whole, and the weight under which that says "plainly
 * none".
 *
 * The rules are written from one half of a corpus and hear its phrasings
 * far better than new ones, so on words nobody here wrote they also fire on
 * calm messages that merely share a word with a protest.  The "any" model
 * has never seen a rule's finding (bench/words-train.c keeps "rule:" keys
 * from it), so where its words weigh far under its bias — under the weights
 * file's "=veto/any" line, a weight only a few labelled entries of the
 * development half fall under, read out of fold — the text reads as what
 * the people who wrote secure messages wrote, and a caller may let that
 * settle the rules' findings.  Only a text read as one passage is weighed
 * whole: in a longer one, a calm stretch says nothing of the rest.
 */
#include "learnt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "learnt-private.h"

#define VETO_LINE "\n=veto/" HV_LEARNT_ANY "\t"

struct feats {
	const struct learnt *lw;
	long *f;
	size_t n, cap;
	int failed;
};

static void collect(size_t word, const char *key, void *p)
{
	(void)word;
	struct feats *fs = p;
	long f = hv_learnt_feature(fs->lw, key);
	if (f < 0 || fs->failed)
		return;
	if (fs->n == fs->cap) {
		size_t cap = fs->cap ? fs->cap * 2 : 64;
		long *grown = realloc(fs->f, cap * sizeof *grown);
		if (!grown) {
			fs->failed = 1;
			return;
		}
		fs->f = grown;
		fs->cap = cap;
	}
	fs->f[fs->n++] = f;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

static int any_kind(const struct learnt *lw)
{
	for (int k = 0; k < lw->nkinds; k++)
		if (strcmp(lw->kind[k], HV_LEARNT_ANY) == 0)
			return k;
	return -1;
}

int hv_learnt_any(const char *weights, const struct hv_ruleset *rs, const struct hv_toks *toks,
                  double *weight)
{
	const struct learnt *lw = hv_learnt_get(weights);
	int any = lw ? any_kind(lw) : -1;
	if (any < 0 || toks->n == 0 || toks->n > 2 * HV_LEARNT_WINDOW)
		return 0;
	struct feats fs = {.lw = lw};
	if (hv_learnt_keys(rs, toks, NULL, collect, &fs) < 0 || fs.failed) {
		free(fs.f);
		return -1;
	}
	/* each feature once, as the passage is weighed in learnt.c; words
	 * never learnt give no features (and qsort no array) */
	if (fs.n > 0)
		qsort(fs.f, fs.n, sizeof *fs.f, cmp_long);
	double sum = lw->bias[any];
	for (size_t i = 0; i < fs.n; i++) {
		if (i > 0 && fs.f[i] == fs.f[i - 1])
			continue;
		const struct feature *ft = &lw->f[fs.f[i]];
		for (const struct entry *x = lw->e + ft->first, *last = x + ft->n; x < last; x++)
			if (x->kind == any)
				sum += x->w;
	}
	free(fs.f);
	*weight = sum;
	return 1;
}

double hv_learnt_veto(const char *weights)
{
	const struct learnt *lw = hv_learnt_get(weights);
	if (!lw)
		return -INFINITY;
	size_t n = sizeof VETO_LINE - 1;
	const char *at = memmem(lw->bytes, lw->len, VETO_LINE, n);
	if (!at)
		return -INFINITY;
	return (double)hv_thousandths(at + n, lw->bytes + lw->len) / 1000;
}
