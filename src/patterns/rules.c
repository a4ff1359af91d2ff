/*
 * rules.c — matching compiled word-sequence rules against tokenised text
 * (the language is described in patterns.h; compiling is rules-compile.c).
 *
 * Rules are compiled once per process, or read from the build's image of
 * them.  A text's words become numbers first, each looked up once; each
 * word tries only the rules that can begin on it, and a rule whose last
 * word is not in the sentence is not tried at all.  Matching is a small
 * backtracking walk; rules are short and texts are capped, so the work
 * stays proportional to the text.
 */
#include "patterns.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/text.h"
#include "rules-private.h"

#define RULESETS_MAX 4
static struct hv_ruleset *compiled[RULESETS_MAX];
static pthread_mutex_t compile_lock = PTHREAD_MUTEX_INITIALIZER;

const struct hv_ruleset *hv_ruleset_get(const char *file, struct hv_error *err)
{
	struct hv_error local;
	if (!err)
		err = &local;
	hv_error_clear(err);
	/* haven serve answers on several threads: one compiles, the others wait */
	pthread_mutex_lock(&compile_lock);
	int i;
	struct hv_ruleset *rs = NULL;
	for (i = 0; i < RULESETS_MAX && compiled[i]; i++)
		if (strcmp(compiled[i]->file, file) == 0) {
			rs = compiled[i];
			break;
		}
	if (!rs) {
		/* the build's image of the rules, else compiled here */
		size_t len;
		const char *image = hv_ruleset_image_of(file, &len);
		rs = image ? hv_ruleset_image_read(file, image, len) : NULL;
		if (!rs)
			rs = hv_ruleset_compile(file, err);
		if (!rs || err->code != HV_OK)
			rs = NULL; /* a build defect: memory of a half-built set is not reclaimed */
		else if (i < RULESETS_MAX)
			compiled[i] = rs;
	}
	pthread_mutex_unlock(&compile_lock);
	return rs;
}

int hv_ruleset_kind_no(const struct hv_ruleset *rs, const char *kind)
{
	for (size_t k = 0; kind && k < rs->nkinds; k++)
		if (strcmp(rs->kind_name[k], kind) == 0)
			return (int)k;
	return -1;
}

const char *hv_ruleset_kind_why(const struct hv_ruleset *rs, const char *kind)
{
	int k = hv_ruleset_kind_no(rs, kind);
	return k < 0 ? NULL : rs->kind_why[k];
}

/* ---- matching ------------------------------------------------------------ */

/* A text's words as numbers: -1 for a word no rule names. */
struct coded {
	const struct hv_toks *t;
	int32_t *word, *stem;
	uint8_t *opens; /* by word number: the first word of a distancer */
	int always;     /* an empty distancer: everything stands back */
};

/* Which words open a distancer, for distanced(). */
static int mark_openers(const struct hv_ruleset *rs, struct coded *c)
{
	c->opens = calloc(rs->words.n + 1, 1);
	if (!c->opens)
		return -1;
	for (size_t d = 0; d < rs->ndist; d++) {
		if (rs->dist[d].n == 0)
			c->always = 1;
		else if (rs->dist[d].w[0] >= 0 && (size_t)rs->dist[d].w[0] < rs->words.n)
			c->opens[rs->dist[d].w[0]] = 1;
	}
	return 0;
}

static int in_sentence(const struct hv_toks *t, size_t ti, int sentence)
{
	return ti < t->n && t->v[ti].sentence == sentence;
}

static int elem_has(const struct elem *e, const struct coded *c, size_t ti)
{
	return hv_rs_ids_has(&e->word, c->word[ti]) || hv_rs_ids_has(&e->stem, c->stem[ti]);
}

/* Match elements ei.. from word ti; the index just past the match, or -1. */
static long match_at(const struct rule *r, int ei, const struct coded *c, size_t ti, int sentence)
{
	if (ei == r->n)
		return (long)ti;
	const struct hv_toks *t = c->t;
	const struct elem *e = &r->e[ei];
	switch (e->type) {
	case E_BOS:
		if (ti < t->n && (ti == 0 || t->v[ti - 1].sentence != t->v[ti].sentence))
			return match_at(r, ei + 1, c, ti, sentence);
		return -1;
	case E_EOS:
		if (!in_sentence(t, ti, sentence))
			return match_at(r, ei + 1, c, ti, sentence);
		return -1;
	case E_GAP:
		for (int g = 0; g <= e->gap; g++) {
			if (g > 0 && !in_sentence(t, ti + (size_t)g - 1, sentence))
				break;
			long end = match_at(r, ei + 1, c, ti + (size_t)g, sentence);
			if (end >= 0)
				return end;
		}
		return -1;
	case E_NOT:
		if (in_sentence(t, ti, sentence) && !elem_has(e, c, ti))
			return match_at(r, ei + 1, c, ti + 1, sentence);
		return -1;
	case E_ANY:
	case E_WORD:
		if (in_sentence(t, ti, sentence) && (e->type == E_ANY || elem_has(e, c, ti))) {
			long end = match_at(r, ei + 1, c, ti + 1, sentence);
			if (end >= 0)
				return end;
		}
		return e->optional ? match_at(r, ei + 1, c, ti, sentence) : -1;
	}
	return -1;
}

static int flag(const uint8_t *flags, int32_t id)
{
	return id >= 0 && flags[id];
}

/* "not always", "isn't all my fault": a negator just before the match,
 * perhaps with a softening word or two between, negates it. */
static int negated(const struct hv_ruleset *rs, const struct coded *c, size_t ti)
{
	const struct hv_toks *t = c->t;
	size_t k = ti;
	int skipped = 0;
	while (k > 0 && t->v[k - 1].clause == t->v[ti].clause) {
		if (flag(rs->negator, c->word[k - 1]))
			return 1;
		if (skipped++ == 2 || !flag(rs->neg_skip, c->word[k - 1]))
			return 0;
		k--;
	}
	return 0;
}

/* "I don't think ...", "I used to believe ...": the person stands back. */
static int distanced(const struct hv_ruleset *rs, const struct coded *c, size_t ti)
{
	const struct hv_toks *t = c->t;
	size_t from = ti > 6 ? ti - 6 : 0;
	if (c->always)
		return 1;
	for (size_t s = from; s < ti; s++) {
		/* most words open no distancer: only those that do are tried */
		if (c->word[s] < 0 || !c->opens[c->word[s]])
			continue;
		for (size_t d = 0; d < rs->ndist; d++) {
			const struct distancer *ds = &rs->dist[d];
			if (s + (size_t)ds->n > ti)
				continue;
			int k = 0;
			while (k < ds->n && t->v[s + (size_t)k].sentence == t->v[ti].sentence &&
			       c->word[s + (size_t)k] == ds->w[k])
				k++;
			if (k == ds->n)
				return 1;
		}
	}
	return 0;
}

/* A word of the rule's "unless" anywhere in the sentence of word ti. */
static int excused(const struct rule *r, const struct coded *c, size_t ti)
{
	if (!r->has_unless)
		return 0;
	const struct hv_toks *t = c->t;
	int s = t->v[ti].sentence;
	size_t k = ti;
	while (k > 0 && t->v[k - 1].sentence == s)
		k--;
	for (; k < t->n && t->v[k].sentence == s; k++)
		if (elem_has(&r->unless, c, k))
			return 1;
	return 0;
}

struct cand {
	const struct rule *r;
	size_t start, end; /* bytes */
};

static int cmp_cand(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1; /* the longer first */
	if (x->r->kind_no != y->r->kind_no)
		return x->r->kind_no - y->r->kind_no;
	return (x->r > y->r) - (x->r < y->r); /* then the earlier rule */
}

/* Number the words of a text; stems only when the rule set has concepts. */
static int code_words(const struct hv_ruleset *rs, const struct hv_toks *t, struct coded *c)
{
	c->t = t;
	c->word = malloc((t->n ? t->n : 1) * sizeof *c->word);
	c->stem = malloc((t->n ? t->n : 1) * sizeof *c->stem);
	if (!c->word || !c->stem)
		return -1;
	for (size_t i = 0; i < t->n; i++) {
		size_t first = t->v[i].type;
		if (first < i) { /* a word met before: numbered then */
			c->word[i] = c->word[first];
			c->stem[i] = c->stem[first];
			continue;
		}
		const char *w = t->v[i].norm, *stem = t->v[i].stem;
		c->word[i] = hv_rs_vocab_find(&rs->words, w, strlen(w));
		c->stem[i] = rs->stems.n ? hv_rs_vocab_find(&rs->stems, stem, strlen(stem)) : -1;
	}
	return 0;
}

int hv_ruleset_each_word(const struct hv_ruleset *rs, const struct hv_toks *toks, hv_word_fn fn,
                         void *ctx)
{
	struct coded c = {0};
	if (code_words(rs, toks, &c) < 0) {
		free(c.word);
		free(c.stem);
		return -1;
	}
	for (size_t i = 0; i < toks->n; i++) {
		const char *stem = toks->v[i].stem;
		int32_t id[2] = {c.word[i], c.stem[i]};
		int neg = flag(rs->negator, id[0]);
		fn(i, stem, NULL, neg, ctx);
		const struct openers *o[2] = {&rs->word_lists, &rs->stem_lists};
		for (int j = 0; j < 2; j++)
			for (size_t k = id[j] < 0 ? 0 : o[j]->start[id[j]];
			     id[j] >= 0 && k < o[j]->start[id[j] + 1]; k++)
				fn(i, stem, rs->lists[o[j]->rules[k]].name, neg, ctx);
	}
	free(c.word);
	free(c.stem);
	return 0;
}

static int add_cand(struct cand **c, size_t *nc, size_t *cap, struct cand x)
{
	if (hv_grow(c, cap, *nc + 1, sizeof **c, 16) < 0)
		return -1;
	(*c)[(*nc)++] = x;
	return 0;
}

/* Where, in the sentence being read, each rule's last word was last seen:
 * a rule is tried from word ti only when its last word comes at or after
 * ti, which spares most rules most of the walk. */
struct seen {
	long *pos;  /* by rule: the last index of its last word */
	int *stamp; /* by rule: the sentence pos belongs to, + 1 */
};

static void see_sentence(const struct hv_ruleset *rs, const struct coded *cw, size_t from,
                         struct seen *sn)
{
	const struct hv_toks *t = cw->t;
	int s = t->v[from].sentence;
	for (size_t k = from; k < t->n && t->v[k].sentence == s; k++) {
		const struct openers *o[2] = {&rs->last_word, &rs->last_stem};
		int32_t id[2] = {cw->word[k], cw->stem[k]};
		for (int j = 0; j < 2; j++) {
			if (id[j] < 0)
				continue;
			for (size_t i = o[j]->start[id[j]]; i < o[j]->start[id[j] + 1]; i++) {
				size_t r = o[j]->rules[i];
				sn->stamp[r] = s + 1;
				sn->pos[r] = (long)k;
			}
		}
	}
}

static int may_hold(const struct hv_ruleset *rs, const struct seen *sn, size_t r, size_t ti,
                    int sentence)
{
	return !rs->rules[r].last_known || (sn->stamp[r] == sentence + 1 && sn->pos[r] >= (long)ti);
}

/* Try rule r from word ti; a candidate when it holds and nothing sets it aside. */
static int try_rule(const struct hv_ruleset *rs, const struct coded *cw, size_t r, size_t ti,
                    struct cand **c, size_t *nc, size_t *cap)
{
	const struct rule *rule = &rs->rules[r];
	const struct hv_toks *toks = cw->t;
	long end = match_at(rule, 0, cw, ti, toks->v[ti].sentence);
	if (end <= (long)ti)
		return 0;
	/* the first element is a word (anchors take none): ti starts it */
	if ((rule->negatable && negated(rs, cw, ti)) || distanced(rs, cw, ti) ||
	    excused(rule, cw, ti))
		return 0;
	return add_cand(c, nc, cap, (struct cand){rule, toks->v[ti].start, toks->v[end - 1].end});
}

/* A kept candidate as a finding.  Its words need no second check: the
 * kind and the why are the rule set's own, read from JSON, and the match
 * was found showable (valid UTF-8, no control bytes) before it was kept —
 * a long text has hundreds of findings, and json_pack checked each again. */
static json_t *finding(const struct cand *c, const char *text, json_t *kind, json_t *why)
{
	json_t *f = json_object();
	json_object_set_new_nocheck(f, "kind", kind);
	json_object_set_new_nocheck(f, "start", json_integer((json_int_t)c->start));
	json_object_set_new_nocheck(f, "end", json_integer((json_int_t)c->end));
	json_object_set_new_nocheck(f, "match",
	                            json_stringn_nocheck(text + c->start, c->end - c->start));
	json_object_set_new_nocheck(f, "why", why);
	return f;
}

/* One string for each kind's name and each rule's reason, shared by every
 * finding that names it (a reference each), rather than a copy per
 * finding: a long text has hundreds of findings and a dozen kinds.
 * Nothing changes a finding's strings in place. */
static json_t *shared_string(json_t **cache, const char *s)
{
	if (!*cache)
		*cache = json_string_nocheck(s);
	return json_incref(*cache);
}

json_t *hv_ruleset_find(const struct hv_ruleset *rs, const char *text, size_t len,
                        const struct hv_toks *toks)
{
	json_t *out = json_array();
	struct cand *c = NULL;
	size_t nc = 0, cap = 0;
	struct coded cw = {0};
	struct seen sn = {calloc(rs->nrules + 1, sizeof *sn.pos),
	                  calloc(rs->nrules + 1, sizeof *sn.stamp)};
	if (!sn.pos || !sn.stamp || code_words(rs, toks, &cw) < 0 || mark_openers(rs, &cw) < 0)
		goto done;
	for (size_t ti = 0; ti < toks->n; ti++) {
		int32_t w = cw.word[ti], s = cw.stem[ti];
		int sentence = toks->v[ti].sentence;
		if (ti == 0 || toks->v[ti - 1].sentence != sentence)
			see_sentence(rs, &cw, ti, &sn);
		size_t a = w >= 0 ? rs->by_word.start[w] : 0,
		       ae = w >= 0 ? rs->by_word.start[w + 1] : 0;
		size_t b = s >= 0 ? rs->by_stem.start[s] : 0,
		       be = s >= 0 ? rs->by_stem.start[s + 1] : 0;
		/* both lists are in rule order: merge them, each rule once */
		while (a < ae || b < be) {
			size_t r;
			if (b >= be || (a < ae && rs->by_word.rules[a] <= rs->by_stem.rules[b])) {
				r = rs->by_word.rules[a++];
				if (b < be && rs->by_stem.rules[b] == r)
					b++;
			} else {
				r = rs->by_stem.rules[b++];
			}
			if (may_hold(rs, &sn, r, ti, sentence) &&
			    try_rule(rs, &cw, r, ti, &c, &nc, &cap) < 0)
				goto done;
		}
	}
	if (nc > 1)
		qsort(c, nc, sizeof *c, cmp_cand);
	/* Candidates come by start, so one overlaps a kept one of its kind
	 * exactly when it starts before the furthest end kept for that kind. */
	size_t nkinds = rs->nkinds + 1;
	size_t *kept_end = calloc(nkinds, sizeof *kept_end);
	json_t **kind = calloc(nkinds, sizeof *kind), **why = calloc(rs->nrules + 1, sizeof *why);
	for (size_t i = 0; kept_end && kind && why && i < nc; i++) {
		size_t *ke = &kept_end[c[i].r->kind_no];
		if (c[i].end > len || c[i].start < *ke ||
		    !hv_text_showable(text + c[i].start, c[i].end - c[i].start))
			continue;
		*ke = c[i].end;
		json_array_append_new(
		    out, finding(&c[i], text, shared_string(&kind[c[i].r->kind_no], c[i].r->kind),
		                 shared_string(&why[c[i].r - rs->rules],
		                               c[i].r->why ? c[i].r->why : "")));
	}
	for (size_t k = 0; kind && k < nkinds; k++)
		json_decref(kind[k]);
	for (size_t r = 0; why && r < rs->nrules; r++)
		json_decref(why[r]);
	free(kind);
	free(why);
	free(kept_end);
done:
	free(sn.pos);
	free(sn.stamp);
	free(cw.word);
	free(cw.stem);
	free(cw.opens);
	free(c);
	return out;
}
