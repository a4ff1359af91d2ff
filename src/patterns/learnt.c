/*
 * learnt.c — the weighed words of check and coach (see learnt.h): the
 * passages of a text, and the findings a passage's weight adds to the
 * rules'.  The keys of a text are learnt-keys.c's; the weights themselves
 * are read, once, in learnt-weights.c.
 */
#include "learnt.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "core/text.h"
#include "learnt-private.h"
#include "rules-private.h"

void hv_learnt_passages(const struct hv_toks *toks, hv_passage_fn fn, void *ctx)
{
	const size_t window = HV_LEARNT_WINDOW, n = toks->n;
	if (n == 0)
		return;
	/* A short text is one passage, as the thoughts and drafts learnt from were. */
	if (n <= 2 * window) {
		fn(0, n, ctx);
		return;
	}
	/* A longer one: from each sentence's start, whole sentences while they
	 * fit in window words (at least one); a sentence longer than twice the
	 * window is read in windows inside it instead. */
	for (size_t s = 0; s < n;) {
		size_t e = s + 1;
		while (e < n && toks->v[e].sentence == toks->v[s].sentence)
			e++;
		size_t first_end = e;
		if (first_end - s > 2 * window) {
			for (size_t w = s; w < first_end; w += window / 2) {
				size_t we = w + window < first_end ? w + window : first_end;
				fn(w, we, ctx);
				if (we == first_end)
					break;
			}
		} else {
			for (;;) {
				size_t next = e;
				while (next < n && toks->v[next].sentence == toks->v[e].sentence)
					next++;
				if (e >= n || next - s > window)
					break;
				e = next;
			}
			fn(s, e, ctx);
		}
		s = first_end;
	}
}

/* The features of each word: (word, feature) pairs, sorted by word into
 * at[from[i] .. from[i + 1]). */
struct word_features {
	size_t *word;
	long *feat;
	size_t n;
	size_t *from;
	long *at;
};

static int sort_by_word(struct word_features *wf, size_t nwords)
{
	wf->from = calloc(nwords + 2, sizeof *wf->from);
	wf->at = malloc((wf->n + 1) * sizeof *wf->at);
	if (!wf->from || !wf->at)
		return -1;
	for (size_t k = 0; k < wf->n; k++)
		wf->from[wf->word[k] + 2]++;
	for (size_t i = 0; i < nwords; i++)
		wf->from[i + 2] += wf->from[i + 1];
	for (size_t k = 0; k < wf->n; k++)
		wf->at[wf->from[wf->word[k] + 1]++] = wf->feat[k];
	return 0;
}

struct reading {
	const struct learnt *lw;
	const struct hv_ruleset *rs;
	const char *text;
	size_t len;
	const struct hv_toks *toks;
	json_t *findings;
	struct word_features wf;
	unsigned *stamp, mark;
	size_t *sent; /* by word: its sentence, counted from 0 */
	size_t nsent;
	uint8_t *ruled; /* [sentence * KINDS_MAX + kind]: a finding of it there */
	uint8_t *heard; /* the same, for the findings added here */
	uint8_t *found; /* by sentence: any finding of the rules there */
	/* by sentence: what its words [seg_a, seg_b) weigh, once worked out, for
	 * hear, which asks again for each kind and each passage it is in */
	double *seg_sum;
	size_t *seg_a, *seg_b;
	int any; /* the model of "any kind at all", or -1 */
	int kind_in_rules[KINDS_MAX];
	/* The passage last weighed, words [win_s, win_e): how many of its
	 * words have each feature, and what its features weigh, per kind, in
	 * thousandths (the file's own unit, so the sums are exact). */
	size_t win_s, win_e;
	uint32_t *count;
	int64_t win[KINDS_MAX];
	int added, failed;
};

/* What the words [s, e) weigh for each kind, each feature once. */
static void weigh(struct reading *r, size_t s, size_t e, double *sum)
{
	const struct learnt *lw = r->lw;
	unsigned mark = ++r->mark, *stamp = r->stamp;
	const long *at = r->wf.at;
	/* Summed in a local array, which no store through sum or the weights
	 * can touch, so the compiler keeps the loop tight; the same additions
	 * in the same order, so the same sums to the last bit. */
	double acc[KINDS_MAX] = {0};
	for (size_t a = r->wf.from[s], end = r->wf.from[e]; a < end; a++) {
		long f = at[a];
		if (stamp[f] == mark)
			continue;
		stamp[f] = mark;
		const struct feature *ft = &lw->f[f];
		for (const struct entry *x = lw->e + ft->first, *last = x + ft->n; x < last; x++)
			acc[x->kind] += x->w;
	}
	memcpy(sum, acc, (size_t)lw->nkinds * sizeof *sum);
}

/* A bias or threshold in thousandths, as the file wrote it (w was made
 * from it by dividing by 1000, so the nearest whole number gives it back). */
static int64_t whole(double w)
{
	return (int64_t)(w * 1000 + (w < 0 ? -0.5 : 0.5));
}

/* Word w comes into the window (sign 1) or leaves it (-1): a feature
 * counts when its first word comes and stops when its last one goes. */
static void window_word(struct reading *r, size_t w, int sign)
{
	const struct learnt *lw = r->lw;
	for (size_t a = r->wf.from[w], end = r->wf.from[w + 1]; a < end; a++) {
		long f = r->wf.at[a];
		if ((sign > 0 ? r->count[f]++ : --r->count[f]) != 0)
			continue;
		const struct feature *ft = &lw->f[f];
		const struct entry *x = lw->e + ft->first, *last = x + ft->n;
		if (sign > 0)
			for (; x < last; x++)
				r->win[x->kind] += x->milli;
		else
			for (; x < last; x++)
				r->win[x->kind] -= x->milli;
	}
}

/* Move the window to the words [s, e).  Passages come in order, each
 * starting after the last and ending no sooner, so each word comes in
 * once and leaves once; any other step starts the window afresh. */
static void window_to(struct reading *r, size_t s, size_t e)
{
	if (s < r->win_s || e < r->win_e || s > r->win_e) {
		while (r->win_s < r->win_e)
			window_word(r, r->win_s++, -1);
		r->win_s = r->win_e = s;
	}
	while (r->win_e < e)
		window_word(r, r->win_e++, 1);
	while (r->win_s < s)
		window_word(r, r->win_s++, -1);
}

/*
 * What the passage [s, e) weighs, per kind, for read_passage to compare.
 * Passages overlap (one starts at every sentence), and weighing each afresh
 * weighed every word three times or more; the window weighs each word
 * once, exactly, in thousandths.  read_passage only asks whether a kind's
 * weight with its bias passes its threshold, and which kind weighs most.
 * Weights, bias and threshold are all whole thousandths, so the exact
 * values either tie or lie a thousandth apart, far beyond anything the
 * rounding of a few hundred additions of doubles can move: unless some
 * comparison ties, the exact sums answer every one of them as weigh()'s
 * do.  Where one ties, the passage is weighed as weigh() always did, and
 * its rounding decides as it always has.
 */
static void passage_weight(struct reading *r, size_t s, size_t e, double *sum)
{
	const struct learnt *lw = r->lw;
	int64_t total[KINDS_MAX];
	int tie = 0;
	window_to(r, s, e);
	for (int k = 0; k < lw->nkinds; k++) {
		total[k] = whole(lw->bias[k]) + r->win[k];
		tie |= isfinite(lw->threshold[k]) && total[k] == whole(lw->threshold[k]);
	}
	/* Which kind weighs most is asked only when "any" passes its threshold. */
	int a = r->any;
	if (a >= 0 && isfinite(lw->threshold[a]) && total[a] > whole(lw->threshold[a]))
		for (int k = 0; k < lw->nkinds; k++)
			for (int j = 0; j < k; j++)
				tie |= r->kind_in_rules[j] && r->kind_in_rules[k] &&
				       total[j] == total[k];
	if (tie) {
		weigh(r, s, e, sum);
		return;
	}
	for (int k = 0; k < lw->nkinds; k++)
		sum[k] = (double)r->win[k] / 1000;
}

static void add_finding(struct reading *r, int k, size_t s, size_t e)
{
	const struct hv_toks *t = r->toks;
	size_t start = t->v[s].start, end = t->v[e - 1].end;
	const char *why = hv_ruleset_kind_why(r->rs, r->lw->kind[k]);
	if (end > r->len || !hv_text_showable(r->text + start, end - start))
		return;
	/* Built by hand, not by json_pack, which reads its format anew for
	 * every finding: a long text may have hundreds.  The match was just
	 * found showable (valid UTF-8, no NUL) and the rest is our own data. */
	json_t *f = json_object();
	if (!f || json_object_set_new(f, "kind", json_string_nocheck(r->lw->kind[k])) ||
	    json_object_set_new(f, "start", json_integer((json_int_t)start)) ||
	    json_object_set_new(f, "end", json_integer((json_int_t)end)) ||
	    json_object_set_new(f, "match", json_stringn_nocheck(r->text + start, end - start)) ||
	    json_object_set_new(f, "why", json_string_nocheck(why ? why : ""))) {
		json_decref(f);
		r->failed = 1;
		return;
	}
	/* after every finding starting no later, so the order by start holds */
	size_t at = json_array_size(r->findings);
	while (at > 0 && json_integer_value(json_object_get(json_array_get(r->findings, at - 1),
	                                                    "start")) > (json_int_t)start)
		at--;
	json_array_insert_new(r->findings, at, f);
	r->added++;
}

/* A finding of kind k in passage [s, e): its sentence that weighs most
 * for k, unless one of k was already heard there.  1 when added. */
/* What the words [a, b) of one sentence weigh, each kind: worked out once
 * per stretch of a sentence, the same sums weigh() gives every time. */
static const double *sentence_weight(struct reading *r, size_t a, size_t b)
{
	size_t q = r->sent[a];
	double *sum = &r->seg_sum[q * KINDS_MAX];
	if (r->seg_b[q] != b || r->seg_a[q] != a) {
		weigh(r, a, b, sum);
		r->seg_a[q] = a;
		r->seg_b[q] = b;
	}
	return sum;
}

static int hear(struct reading *r, int k, size_t s, size_t e)
{
	size_t best_s = s, best_e = e;
	double best = -INFINITY;
	for (size_t a = s; a < e;) {
		size_t b = a + 1;
		while (b < e && r->sent[b] == r->sent[a])
			b++;
		const double *one = sentence_weight(r, a, b);
		if (one[k] > best)
			best = one[k], best_s = a, best_e = b;
		a = b;
	}
	uint8_t *heard = &r->heard[r->sent[best_s] * KINDS_MAX + (size_t)k];
	if (*heard)
		return 0;
	*heard = 1;
	add_finding(r, k, best_s, best_e);
	return 1;
}

static void read_passage(size_t s, size_t e, void *p)
{
	struct reading *r = p;
	const struct learnt *lw = r->lw;
	double sum[KINDS_MAX];
	int added = 0, found = 0;
	if (r->failed)
		return;
	passage_weight(r, s, e, sum);
	for (size_t q = r->sent[s]; q <= r->sent[e - 1]; q++)
		found |= r->found[q];
	for (int k = 0; k < lw->nkinds; k++) {
		if (!r->kind_in_rules[k] || lw->bias[k] + sum[k] <= lw->threshold[k])
			continue;
		int there = 0;
		for (size_t q = r->sent[s]; q <= r->sent[e - 1] && !there; q++)
			there = r->ruled[q * KINDS_MAX + (size_t)k];
		if (!there)
			added += hear(r, k, s, e);
	}
	/* A passage where nothing was found, whose words weigh as a pattern
	 * of some kind ("any"): the kind they weigh most as. */
	int a = r->any;
	if (a < 0 || added || found || lw->bias[a] + sum[a] <= lw->threshold[a])
		return;
	int top = -1;
	for (int k = 0; k < lw->nkinds; k++)
		if (r->kind_in_rules[k] &&
		    (top < 0 || lw->bias[k] + sum[k] > lw->bias[top] + sum[top]))
			top = k;
	if (top >= 0)
		hear(r, top, s, e);
}

/* Mark the sentences each finding of the rules covers, by kind. */
static void mark_ruled(struct reading *r)
{
	const struct hv_toks *t = r->toks;
	size_t i;
	json_t *f;
	json_array_foreach(r->findings, i, f)
	{
		const char *kind = json_string_value(json_object_get(f, "kind"));
		size_t s = (size_t)json_integer_value(json_object_get(f, "start"));
		size_t e = (size_t)json_integer_value(json_object_get(f, "end"));
		for (size_t w = hv_toks_at(t, s); w < t->n && t->v[w].start < e; w++)
			r->found[r->sent[w]] = 1;
		int k = -1;
		for (int j = 0; kind && j < r->lw->nkinds; j++)
			if (strcmp(kind, r->lw->kind[j]) == 0)
				k = j;
		if (k < 0)
			continue;
		for (size_t w = hv_toks_at(t, s); w < t->n && t->v[w].start < e; w++)
			r->ruled[r->sent[w] * KINDS_MAX + (size_t)k] = 1;
	}
}

int hv_learnt_find(const char *weights, const struct hv_ruleset *rs, const char *text, size_t len,
                   const struct hv_toks *toks, json_t *findings)
{
	const struct learnt *lw = hv_learnt_get(weights);
	size_t n = toks->n;
	if (!lw || n == 0)
		return 0;
	struct reading r = {
	    .lw = lw, .rs = rs, .text = text, .len = len, .toks = toks, .findings = findings};
	r.any = -1;
	for (int k = 0; k < lw->nkinds; k++) {
		r.kind_in_rules[k] = hv_ruleset_kind_no(rs, lw->kind[k]) >= 0;
		if (strcmp(lw->kind[k], HV_LEARNT_ANY) == 0)
			r.any = k;
	}
	r.stamp = calloc(lw->nf + 1, sizeof *r.stamp);
	r.count = calloc(lw->nf + 1, sizeof *r.count);
	r.sent = malloc(n * sizeof *r.sent);
	if (!r.stamp || !r.count || !r.sent)
		goto fail;
	for (size_t i = 0; i < n; i++)
		r.sent[i] = i && toks->v[i].sentence != toks->v[i - 1].sentence ? r.sent[i - 1] + 1
		            : i                                                 ? r.sent[i - 1]
		                                                                : 0;
	r.nsent = r.sent[n - 1] + 1;
	r.ruled = calloc(r.nsent * KINDS_MAX, 1);
	r.heard = calloc(r.nsent * KINDS_MAX, 1);
	r.found = calloc(r.nsent, 1);
	r.seg_sum = malloc(r.nsent * KINDS_MAX * sizeof *r.seg_sum);
	r.seg_a = calloc(r.nsent, sizeof *r.seg_a);
	r.seg_b = calloc(r.nsent, sizeof *r.seg_b); /* 0: never worked out */
	if (!r.ruled || !r.heard || !r.found || !r.seg_sum || !r.seg_a || !r.seg_b)
		goto fail;
	mark_ruled(&r);
	if (hv_learnt_word_features(lw, rs, toks, findings, &r.wf.word, &r.wf.feat, &r.wf.n) < 0 ||
	    sort_by_word(&r.wf, n) < 0)
		goto fail;
	hv_learnt_passages(toks, read_passage, &r);
	if (r.failed)
		goto fail;
	goto done;
fail:
	r.added = -1;
done:
	free(r.stamp);
	free(r.count);
	free(r.sent);
	free(r.ruled);
	free(r.heard);
	free(r.found);
	free(r.seg_sum);
	free(r.seg_a);
	free(r.seg_b);
	free(r.wf.word);
	free(r.wf.feat);
	free(r.wf.from);
	free(r.wf.at);
	return r.added;
}
