/*
 * rules.c — compiling the word-sequence rules of a data file and matching
 * them against tokenised text (the language is described in patterns.h).
 *
 * Rules are compiled once per process: word lists become sorted arrays
 * searched with bsearch, seq strings become element arrays.  Matching is a
 * small backtracking walk from every word; rules are short and texts are
 * capped, so the work stays proportional to the text.
 */
#include "patterns.h"

#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "core/text.h"

enum elem_type { E_WORD, E_ANY, E_GAP, E_BOS, E_EOS };

struct wlist {
	const char *name;
	const char **w; /* sorted */
	size_t n;
};

struct alt {
	const char *word;         /* a literal, or NULL */
	const struct wlist *list; /* or a list */
};

struct elem {
	enum elem_type type;
	int optional;
	int gap; /* E_GAP: at most this many words */
	struct alt *alts;
	int nalts;
};

struct rule {
	const char *kind, *why;
	int negatable;
	struct elem *e;
	int n;
};

struct distancer {
	const char **w;
	int n;
};

/* A word that can begin a rule, and the rule: sorted by word, then rule,
 * so each word of a text tries only the rules that can start on it. */
struct opener {
	const char *word;
	size_t rule;
};

struct hv_ruleset {
	const char *file;
	const json_t *kinds;
	struct wlist *lists;
	size_t nlists;
	struct rule *rules;
	size_t nrules;
	struct distancer *dist;
	size_t ndist;
	struct opener *open;
	size_t nopen;
};

#define RULESETS_MAX 4
static struct hv_ruleset *compiled[RULESETS_MAX];

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int list_has(const struct wlist *l, const char *w)
{
	return bsearch(&w, l->w, l->n, sizeof *l->w, cmp_str) != NULL;
}

static const struct wlist *find_list(const struct hv_ruleset *rs, const char *name)
{
	for (size_t i = 0; i < rs->nlists; i++)
		if (strcmp(rs->lists[i].name, name) == 0)
			return &rs->lists[i];
	return NULL;
}

/* Lists of both the file itself and patterns.json (the shared ones). */
static int load_lists(struct hv_ruleset *rs, const json_t *own, const json_t *shared,
                      struct hv_error *err)
{
	size_t cap = json_object_size(own) + (own == shared ? 0 : json_object_size(shared));
	rs->lists = calloc(cap ? cap : 1, sizeof *rs->lists);
	if (!rs->lists)
		return hv_fail(err, HV_ENOMEM, "out of memory reading rules");
	const json_t *sources[2] = {own, own == shared ? NULL : shared};
	for (int s = 0; s < 2 && sources[s]; s++) {
		const char *name;
		json_t *arr;
		json_object_foreach((json_t *)sources[s], name, arr)
		{
			if (find_list(rs, name))
				continue; /* the file's own list wins */
			struct wlist *l = &rs->lists[rs->nlists++];
			l->name = name;
			l->n = json_array_size(arr);
			l->w = calloc(l->n ? l->n : 1, sizeof *l->w);
			if (!l->w)
				return hv_fail(err, HV_ENOMEM, "out of memory reading rules");
			for (size_t i = 0; i < l->n; i++) {
				l->w[i] = json_string_value(json_array_get(arr, i));
				if (!l->w[i])
					return hv_fail(err, HV_ECORRUPT,
					               "data/%s: list \"%s\" item %zu is not text",
					               rs->file, name, i + 1);
			}
			qsort(l->w, l->n, sizeof *l->w, cmp_str);
		}
	}
	return 0;
}

static int parse_alts(struct hv_ruleset *rs, struct elem *e, char *text, size_t rule_no,
                      struct hv_error *err)
{
	int n = 1;
	for (char *p = text; *p; p++)
		n += *p == '|';
	e->alts = calloc((size_t)n, sizeof *e->alts);
	if (!e->alts)
		return hv_fail(err, HV_ENOMEM, "out of memory reading rules");
	char *save = NULL;
	for (char *a = strtok_r(text, "|", &save); a; a = strtok_r(NULL, "|", &save)) {
		struct alt *alt = &e->alts[e->nalts++];
		if (a[0] == '@') {
			alt->list = find_list(rs, a + 1);
			if (!alt->list)
				return hv_fail(err, HV_ECORRUPT,
				               "data/%s: rule %zu names no list \"%s\"", rs->file,
				               rule_no, a);
		} else {
			alt->word = a;
		}
	}
	if (e->nalts == 0)
		return hv_fail(err, HV_ECORRUPT, "data/%s: rule %zu has an empty element", rs->file,
		               rule_no);
	return 0;
}

static int parse_elem(struct hv_ruleset *rs, struct elem *e, char *text, size_t rule_no,
                      struct hv_error *err)
{
	if (strcmp(text, "^") == 0)
		e->type = E_BOS;
	else if (strcmp(text, "$") == 0)
		e->type = E_EOS;
	else if (text[0] == '~') {
		e->type = E_GAP;
		e->gap = atoi(text + 1);
		if (e->gap < 1 || e->gap > 8)
			return hv_fail(err, HV_ECORRUPT, "data/%s: rule %zu: a gap is ~1 to ~8",
			               rs->file, rule_no);
	} else {
		if (text[0] == '?') {
			e->optional = 1;
			text++;
		}
		if (strcmp(text, "*") == 0)
			e->type = E_ANY;
		else
			return e->type = E_WORD, parse_alts(rs, e, text, rule_no, err);
	}
	return 0;
}

/* The first and last words of a rule must be real, so spans are exact. */
static int check_edges(const struct rule *r)
{
	int first = 0, last = r->n - 1;
	while (first < r->n && (r->e[first].type == E_BOS || r->e[first].type == E_EOS))
		first++;
	while (last >= 0 && (r->e[last].type == E_BOS || r->e[last].type == E_EOS))
		last--;
	if (first > last)
		return -1;
	const struct elem *a = &r->e[first], *b = &r->e[last];
	/* the first is a word a text can be searched by: not "*" */
	return (a->type == E_GAP || a->type == E_ANY || a->optional || b->type == E_GAP ||
	        b->optional)
	           ? -1
	           : 0;
}

static int parse_rule(struct hv_ruleset *rs, struct rule *r, const json_t *j, size_t rule_no,
                      struct hv_error *err)
{
	const char *seq = json_string_value(json_object_get(j, "seq"));
	r->kind = json_string_value(json_object_get(j, "kind"));
	r->why = json_string_value(json_object_get(j, "why"));
	r->negatable = !json_is_false(json_object_get(j, "negatable"));
	if (!seq || !r->kind || !json_object_get(rs->kinds, r->kind))
		return hv_fail(err, HV_ECORRUPT, "data/%s: rule %zu needs a seq and a known kind",
		               rs->file, rule_no);
	if (!r->why)
		r->why =
		    json_string_value(json_object_get(json_object_get(rs->kinds, r->kind), "why"));
	char *copy = strdup(seq); /* kept: the elements point into it */
	if (!copy)
		return hv_fail(err, HV_ENOMEM, "out of memory reading rules");
	int n = 1;
	for (char *p = copy; *p; p++)
		n += *p == ' ';
	r->e = calloc((size_t)n, sizeof *r->e);
	if (!r->e)
		return hv_fail(err, HV_ENOMEM, "out of memory reading rules");
	char *save = NULL;
	for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save))
		if (parse_elem(rs, &r->e[r->n++], t, rule_no, err) < 0)
			return -1;
	if (r->n == 0 || check_edges(r) < 0)
		return hv_fail(err, HV_ECORRUPT,
		               "data/%s: rule %zu must begin and end with a required word",
		               rs->file, rule_no);
	return 0;
}

static int load_distancers(struct hv_ruleset *rs, const json_t *arr, struct hv_error *err)
{
	rs->ndist = json_array_size(arr);
	rs->dist = calloc(rs->ndist ? rs->ndist : 1, sizeof *rs->dist);
	if (!rs->dist)
		return hv_fail(err, HV_ENOMEM, "out of memory reading rules");
	for (size_t i = 0; i < rs->ndist; i++) {
		const json_t *seq = json_array_get(arr, i);
		rs->dist[i].n = (int)json_array_size(seq);
		rs->dist[i].w = calloc((size_t)rs->dist[i].n + 1, sizeof(char *));
		if (!rs->dist[i].w)
			return hv_fail(err, HV_ENOMEM, "out of memory reading rules");
		for (int k = 0; k < rs->dist[i].n; k++)
			rs->dist[i].w[k] = json_string_value(json_array_get(seq, (size_t)k));
	}
	return 0;
}

/* The first element that takes a word: anchors take none, and
 * check_edges has made sure it is a required word. */
static const struct elem *first_word(const struct rule *r)
{
	int i = 0;
	while (i < r->n && (r->e[i].type == E_BOS || r->e[i].type == E_EOS))
		i++;
	return &r->e[i];
}

static int cmp_opener(const void *a, const void *b)
{
	const struct opener *x = a, *y = b;
	int c = strcmp(x->word, y->word);
	return c ? c : (x->rule > y->rule) - (x->rule < y->rule);
}

static int add_opener(struct hv_ruleset *rs, size_t *cap, const char *word, size_t rule)
{
	if (rs->nopen == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		struct opener *o = realloc(rs->open, *cap * sizeof *o);
		if (!o)
			return -1;
		rs->open = o;
	}
	rs->open[rs->nopen++] = (struct opener){word, rule};
	return 0;
}

/* Every word each rule can begin with, sorted, without repeats. */
static int index_openers(struct hv_ruleset *rs, struct hv_error *err)
{
	size_t cap = 0;
	for (size_t r = 0; r < rs->nrules; r++) {
		const struct elem *e = first_word(&rs->rules[r]);
		for (int a = 0; a < e->nalts; a++) {
			const struct alt *alt = &e->alts[a];
			size_t n = alt->word ? 1 : alt->list->n;
			for (size_t k = 0; k < n; k++)
				if (add_opener(rs, &cap, alt->word ? alt->word : alt->list->w[k],
				               r) < 0)
					return hv_fail(err, HV_ENOMEM,
					               "out of memory reading rules");
		}
	}
	if (rs->nopen > 1)
		qsort(rs->open, rs->nopen, sizeof *rs->open, cmp_opener);
	size_t kept = 0;
	for (size_t i = 0; i < rs->nopen; i++)
		if (kept == 0 || cmp_opener(&rs->open[kept - 1], &rs->open[i]) != 0)
			rs->open[kept++] = rs->open[i];
	rs->nopen = kept;
	return 0;
}

/* The first opener of word w, or rs->nopen when no rule begins with it. */
static size_t first_opener(const struct hv_ruleset *rs, const char *w)
{
	size_t lo = 0, hi = rs->nopen;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(rs->open[mid].word, w) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < rs->nopen && strcmp(rs->open[lo].word, w) == 0 ? lo : rs->nopen;
}

static struct hv_ruleset *compile(const char *file, struct hv_error *err)
{
	const json_t *j = hv_content_json(file, err);
	const json_t *shared = hv_content_json("patterns.json", err);
	if (!j || !shared)
		return NULL;
	struct hv_ruleset *rs = calloc(1, sizeof *rs);
	if (!rs) {
		hv_fail(err, HV_ENOMEM, "out of memory reading rules");
		return NULL;
	}
	rs->file = file;
	rs->kinds = json_object_get(j, "kinds");
	const json_t *rules = json_object_get(j, "rules");
	if (load_lists(rs, json_object_get(j, "lists"), json_object_get(shared, "lists"), err) <
	        0 ||
	    load_distancers(rs, json_object_get(shared, "distancers"), err) < 0)
		return rs; /* kept, not freed: partially built; reported below */
	rs->nrules = json_array_size(rules);
	rs->rules = calloc(rs->nrules ? rs->nrules : 1, sizeof *rs->rules);
	if (!rs->rules) {
		hv_fail(err, HV_ENOMEM, "out of memory reading rules");
		return rs;
	}
	for (size_t i = 0; i < rs->nrules; i++)
		if (parse_rule(rs, &rs->rules[i], json_array_get(rules, i), i + 1, err) < 0)
			return rs;
	if (index_openers(rs, err) < 0)
		return rs;
	hv_error_clear(err);
	return rs;
}

const struct hv_ruleset *hv_ruleset_get(const char *file, struct hv_error *err)
{
	int i;
	for (i = 0; i < RULESETS_MAX && compiled[i]; i++)
		if (strcmp(compiled[i]->file, file) == 0)
			return compiled[i];
	struct hv_error local;
	if (!err)
		err = &local;
	hv_error_clear(err);
	struct hv_ruleset *rs = compile(file, err);
	if (!rs || err->code != HV_OK)
		return NULL; /* a build defect: memory of a half-built set is not reclaimed */
	if (i < RULESETS_MAX)
		compiled[i] = rs;
	return rs;
}

const json_t *hv_ruleset_kinds(const struct hv_ruleset *rs)
{
	return rs->kinds;
}

/* ---- matching ------------------------------------------------------------ */

static int word_matches(const struct elem *e, const char *w)
{
	for (int i = 0; i < e->nalts; i++) {
		if (e->alts[i].word ? strcmp(e->alts[i].word, w) == 0
		                    : list_has(e->alts[i].list, w))
			return 1;
	}
	return 0;
}

static int in_sentence(const struct hv_toks *t, size_t ti, int sentence)
{
	return ti < t->n && t->v[ti].sentence == sentence;
}

/* Match elements ei.. from word ti; the index just past the match, or -1. */
static long match_at(const struct rule *r, int ei, const struct hv_toks *t, size_t ti, int sentence)
{
	if (ei == r->n)
		return (long)ti;
	const struct elem *e = &r->e[ei];
	switch (e->type) {
	case E_BOS:
		if (ti < t->n && (ti == 0 || t->v[ti - 1].sentence != t->v[ti].sentence))
			return match_at(r, ei + 1, t, ti, sentence);
		return -1;
	case E_EOS:
		if (!in_sentence(t, ti, sentence))
			return match_at(r, ei + 1, t, ti, sentence);
		return -1;
	case E_GAP:
		for (int g = 0; g <= e->gap; g++) {
			if (g > 0 && !in_sentence(t, ti + (size_t)g - 1, sentence))
				break;
			long end = match_at(r, ei + 1, t, ti + (size_t)g, sentence);
			if (end >= 0)
				return end;
		}
		return -1;
	case E_ANY:
	case E_WORD:
		if (in_sentence(t, ti, sentence) &&
		    (e->type == E_ANY || word_matches(e, t->v[ti].norm))) {
			long end = match_at(r, ei + 1, t, ti + 1, sentence);
			if (end >= 0)
				return end;
		}
		return e->optional ? match_at(r, ei + 1, t, ti, sentence) : -1;
	}
	return -1;
}

/* "not always", "isn't all my fault": a negator just before the match,
 * perhaps with a softening word or two between, negates it. */
static int negated(const struct hv_toks *t, size_t ti)
{
	size_t k = ti;
	int skipped = 0;
	while (k > 0 && t->v[k - 1].clause == t->v[ti].clause) {
		const char *w = t->v[k - 1].norm;
		if (hv_tok_is_negator(w))
			return 1;
		if (skipped++ == 2 || !hv_tok_is_negation_skip(w))
			return 0;
		k--;
	}
	return 0;
}

/* "I don't think ...", "I used to believe ...": the person stands back. */
static int distanced(const struct hv_ruleset *rs, const struct hv_toks *t, size_t ti)
{
	size_t from = ti > 6 ? ti - 6 : 0;
	for (size_t d = 0; d < rs->ndist; d++) {
		const struct distancer *ds = &rs->dist[d];
		for (size_t s = from; s + (size_t)ds->n <= ti; s++) {
			int k = 0;
			while (k < ds->n && t->v[s + (size_t)k].sentence == t->v[ti].sentence &&
			       strcmp(t->v[s + (size_t)k].norm, ds->w[k]) == 0)
				k++;
			if (k == ds->n)
				return 1;
		}
	}
	return 0;
}

/* Shown to a person and kept in JSON: valid UTF-8 with no control bytes
 * but tab and line ends (a NUL or escape inside would show wrongly). */
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
	return strcmp(x->r->kind, y->r->kind);
}

static int overlaps_kept(const struct cand *kept, size_t nkept, const struct cand *c)
{
	for (size_t i = 0; i < nkept; i++)
		if (strcmp(kept[i].r->kind, c->r->kind) == 0 && c->start < kept[i].end &&
		    kept[i].start < c->end)
			return 1;
	return 0;
}

json_t *hv_ruleset_find(const struct hv_ruleset *rs, const char *text, size_t len,
                        const struct hv_toks *toks)
{
	json_t *out = json_array();
	struct cand *c = NULL;
	size_t nc = 0, cap = 0;
	for (size_t ti = 0; ti < toks->n; ti++) {
		const char *w = toks->v[ti].norm;
		for (size_t oi = first_opener(rs, w);
		     oi < rs->nopen && strcmp(rs->open[oi].word, w) == 0; oi++) {
			const struct rule *r = &rs->rules[rs->open[oi].rule];
			long end = match_at(r, 0, toks, ti, toks->v[ti].sentence);
			if (end <= (long)ti)
				continue;
			/* the first element is a word (anchors take none): ti starts it */
			if ((r->negatable && negated(toks, ti)) || distanced(rs, toks, ti))
				continue;
			if (nc == cap) {
				cap = cap ? cap * 2 : 16;
				struct cand *nc2 = realloc(c, cap * sizeof *c);
				if (!nc2)
					goto done;
				c = nc2;
			}
			c[nc++] = (struct cand){r, toks->v[ti].start, toks->v[end - 1].end};
		}
	}
	if (nc > 1)
		qsort(c, nc, sizeof *c, cmp_cand);
	size_t nkept = 0;
	for (size_t i = 0; i < nc; i++) {
		if (c[i].end > len || !hv_text_showable(text + c[i].start, c[i].end - c[i].start) ||
		    overlaps_kept(c, nkept, &c[i]))
			continue;
		c[nkept++] = c[i];
		json_array_append_new(out, json_pack("{s:s,s:I,s:I,s:s%,s:s}", "kind", c[i].r->kind,
		                                     "start", (json_int_t)c[i].start, "end",
		                                     (json_int_t)c[i].end, "match",
		                                     text + c[i].start, c[i].end - c[i].start,
		                                     "why", c[i].r->why ? c[i].r->why : ""));
	}
done:
	free(c);
	return out;
}
