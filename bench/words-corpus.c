/*
 * words-corpus.c — the corpora of bench/words-train as it learns from them:
 * each entry (KINDS<TAB>TEXT) tokenised, read by the rules, and cut into
 * the keys learnt.c weighs, for the whole entry and for each passage, so
 * the fit sees exactly what haven will.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coach/coach.h"
#include "core/content.h"
#include "patterns/learnt.h"
#include "words-train.h"

/* (word, key) pairs of one entry. */
struct pairs {
	struct corpus *c;
	int *word, *key, n;
	size_t cap;
};

static void add_pair(size_t word, const char *key, void *p)
{
	struct pairs *ps = p;
	size_t cap = ps->cap; /* the two arrays grow alike */
	CORPUS_GROW(ps->word, cap, (size_t)ps->n + 1, 256);
	CORPUS_GROW(ps->key, ps->cap, (size_t)ps->n + 1, 256);
	ps->word[ps->n] = (int)word;
	ps->key[ps->n++] = keyset_number(&ps->c->ks, key);
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
	size_t cap; /* of e->pf and e->pn */
};

static void add_passage(size_t from, size_t to, void *p)
{
	struct passages *pp = p;
	struct example *e = pp->e;
	size_t cap = pp->cap; /* the two arrays grow alike */
	CORPUS_GROW(e->pf, cap, (size_t)e->np + 1, 4);
	CORPUS_GROW(e->pn, pp->cap, (size_t)e->np + 1, 4);
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
static const char *resolve(const struct corpus *c, const char *label)
{
	const char *to = json_string_value(json_object_get(
	    json_object_get(hv_content_json(c->mode->rules, NULL), "aliases"), label));
	return to ? to : label;
}

static json_t *rule_findings(const struct corpus *c, const char *text, size_t len,
                             const struct hv_toks *toks)
{
	return strcmp(c->mode->name, "coach") == 0 ? hv_coach_rule_findings(c->rs, text, len, toks)
	                                           : hv_ruleset_find(c->rs, text, len, toks);
}

static void add_entry(struct corpus *c, char *labels, const char *text, int file)
{
	unsigned want = 0;
	int neutral = strcmp(labels, "-") == 0;
	char *copy = strdup(labels), *save = NULL;
	for (char *l = strtok_r(labels, ",", &save); l && !neutral;
	     l = strtok_r(NULL, ",", &save)) {
		int k = kind_no(c, resolve(c, l));
		if (k >= 0)
			want |= 1u << k;
	}
	if (!neutral && !want) { /* only kinds no model is learnt for: neither side */
		free(copy);
		return;
	}
	if (!neutral)
		want |= 1u << c->any;
	CORPUS_GROW(c->ex, c->cap, (size_t)c->n + 1, 1024);
	struct example *e = &c->ex[c->n++];
	*e = (struct example){
	    .want = want, .neutral = neutral, .file = file, .text = strdup(text), .labels = copy};
	struct hv_toks toks;
	size_t len = strlen(text);
	if (hv_tokenize(text, len, &toks) < 0)
		exit(1);
	json_t *found = rule_findings(c, text, len, &toks);
	size_t i;
	json_t *f;
	json_array_foreach(found, i, f)
	{
		int k = kind_no(c, json_string_value(json_object_get(f, "kind")));
		if (k >= 0)
			e->ruled |= 1u << k;
	}
	e->any_rule = json_array_size(found) > 0;
	int signs = strcmp(c->mode->name, "coach") == 0 ? hv_coach_secure(text, len, &toks) : 0;
	for (int k = 0; k < c->nkinds && signs; k++)
		if (k == c->any || hv_coach_yields(c->kind[k], signs))
			e->quiet |= 1u << k;
	struct pairs ps = {.c = c};
	if (hv_learnt_keys(c->rs, &toks, found, add_pair, &ps) < 0)
		exit(1);
	e->n = keys_of(&ps, 0, toks.n, &e->f);
	struct passages pp = {&ps, e, 0};
	hv_learnt_passages(&toks, add_passage, &pp);
	for (int j = 0; j < e->n; j++)
		c->ks.df[e->f[j]]++;
	free(ps.word);
	free(ps.key);
	json_decref(found);
	hv_toks_free(&toks);
}

static void take_line(char *labels, const char *text, void *p)
{
	struct corpus *c = p;
	add_entry(c, labels, text, c->nfiles);
}

void words_read_corpus(struct corpus *c, const char *path)
{
	if (c->nfiles == FILES_MAX) {
		fprintf(stderr, "words-train: cannot open %s\n", path);
		exit(1);
	}
	c->files[c->nfiles] = path;
	corpus_each(path, "words-train", take_line, c);
	c->nfiles++;
}

/* The kinds learnt: the rule set's, in its order, that the development
 * half labels, then "any". */
int words_choose_kinds(struct corpus *c, const char *path)
{
	char *dev = corpus_slurp(path);
	const char *kind;
	json_t *v;
	if (!dev)
		return -1;
	json_object_foreach((json_t *)hv_ruleset_kinds(c->rs), kind, v)
	{
		size_t kl = strlen(kind);
		int labelled = 0;
		for (const char *p = dev; (p = strstr(p, kind)) && !labelled; p += kl)
			labelled = (p == dev || p[-1] == '\n' || p[-1] == ',') &&
			           (p[kl] == '\t' || p[kl] == ',');
		if (labelled && c->nkinds < KINDS_MAX)
			c->kind[c->nkinds++] = kind;
	}
	free(dev);
	c->any = c->nkinds++;
	c->kind[c->any] = HV_LEARNT_ANY;
	return 0;
}
