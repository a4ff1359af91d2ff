/*
 * rules-compile.c — compiling the word-sequence rules of a data file (the
 * language is described in patterns.h) into the numbers rules.c matches.
 *
 * Every word a rule can name is given a number (the vocabulary), and every
 * word of a concept its Snowball stem's number.  An element's alternatives
 * — literals, lists and concepts — are flattened into two sorted sets of
 * numbers (words and stems).  Each word and each stem is then indexed to
 * the rules that can begin (or end) on it, and to the lists that hold it,
 * so a text's word tries only those.
 */
#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "rules-private.h"

/* The Snowball stem of a folded word, into buf. */
static const char *stem_of(struct sb_stemmer *st, const char *w, size_t n, char *buf, size_t cap)
{
	const sb_symbol *s = st ? sb_stemmer_stem(st, (const sb_symbol *)w, (int)n) : NULL;
	size_t m = s ? (size_t)sb_stemmer_length(st) : n;
	if (m >= cap)
		m = cap - 1;
	memcpy(buf, s ? (const char *)s : w, m);
	buf[m] = '\0';
	return buf;
}

static const struct wlist *find_list(const struct hv_ruleset *rs, const char *name)
{
	for (size_t i = 0; i < rs->nlists; i++)
		if (strcmp(rs->lists[i].name, name) == 0)
			return &rs->lists[i];
	return NULL;
}

/* Lists and concepts of both the file itself and patterns.json (the shared
 * ones): the file's own win. */
static int load_lists(struct hv_ruleset *rs, const json_t *src[4], struct sb_stemmer *st,
                      struct hv_error *err)
{
	size_t cap = 0;
	for (int s = 0; s < 4; s++)
		cap += json_object_size(src[s]);
	rs->lists = calloc(cap ? cap : 1, sizeof *rs->lists);
	if (!rs->lists)
		return hv_fail(err, HV_ENOMEM, "out of memory reading rules");
	for (int s = 0; s < 4; s++) {
		const char *name;
		json_t *arr;
		json_object_foreach((json_t *)src[s], name, arr)
		{
			if (find_list(rs, name))
				continue;
			struct wlist *l = &rs->lists[rs->nlists++];
			l->name = name;
			l->stemmed = s % 2; /* lists, concepts, lists, concepts */
			for (size_t i = 0; i < json_array_size(arr); i++) {
				const char *w = json_string_value(json_array_get(arr, i));
				if (!w)
					return hv_fail(err, HV_ECORRUPT,
					               "data/%s: list \"%s\" item %zu is not text",
					               rs->file, name, i + 1);
				char buf[256];
				int32_t id = l->stemmed ? hv_rs_vocab_add(&rs->stems,
				                                          stem_of(st, w, strlen(w),
				                                                  buf, sizeof buf))
				                        : hv_rs_vocab_add(&rs->words, w);
				if (id < 0 || hv_rs_ids_add(&l->ids, id) < 0)
					return hv_fail(err, HV_ENOMEM,
					               "out of memory reading rules");
			}
			hv_rs_ids_seal(&l->ids);
		}
	}
	return 0;
}

static int parse_alts(struct hv_ruleset *rs, struct elem *e, char *text, size_t rule_no,
                      struct hv_error *err)
{
	char *save = NULL;
	int n = 0;
	for (char *a = strtok_r(text, "|", &save); a; a = strtok_r(NULL, "|", &save), n++) {
		int rc;
		if (a[0] == '@') {
			const struct wlist *l = find_list(rs, a + 1);
			if (!l)
				return hv_fail(err, HV_ECORRUPT,
				               "data/%s: rule %zu names no list \"%s\"", rs->file,
				               rule_no, a);
			rc = hv_rs_ids_merge(l->stemmed ? &e->stem : &e->word, &l->ids);
		} else {
			int32_t id = hv_rs_vocab_add(&rs->words, a);
			rc = id < 0 ? -1 : hv_rs_ids_add(&e->word, id);
		}
		if (rc < 0)
			return hv_fail(err, HV_ENOMEM, "out of memory reading rules");
	}
	if (n == 0)
		return hv_fail(err, HV_ECORRUPT, "data/%s: rule %zu has an empty element", rs->file,
		               rule_no);
	hv_rs_ids_seal(&e->word);
	hv_rs_ids_seal(&e->stem);
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
	} else if (text[0] == '!') {
		e->type = E_NOT;
		return parse_alts(rs, e, text + 1, rule_no, err);
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
	/* the first is a word a text can be searched by: not "*" or "!x" */
	return (a->type != E_WORD || a->optional || b->type == E_GAP || b->optional) ? -1 : 0;
}

static int parse_rule(struct hv_ruleset *rs, struct rule *r, const json_t *j, size_t rule_no,
                      struct hv_error *err)
{
	const char *seq = json_string_value(json_object_get(j, "seq"));
	const char *unless = json_string_value(json_object_get(j, "unless"));
	r->kind = json_string_value(json_object_get(j, "kind"));
	r->why = json_string_value(json_object_get(j, "why"));
	r->negatable = !json_is_false(json_object_get(j, "negatable"));
	if (!seq || !r->kind || !json_object_get(rs->kinds, r->kind))
		return hv_fail(err, HV_ECORRUPT, "data/%s: rule %zu needs a seq and a known kind",
		               rs->file, rule_no);
	r->kind_no = 0;
	for (void *it = json_object_iter((json_t *)rs->kinds);
	     it && strcmp(json_object_iter_key(it), r->kind) != 0;
	     it = json_object_iter_next((json_t *)rs->kinds, it))
		r->kind_no++;
	if (!r->why)
		r->why =
		    json_string_value(json_object_get(json_object_get(rs->kinds, r->kind), "why"));
	/* Cut in place and read: its words are copied into the vocabulary. */
	char *copy = strdup(seq);
	if (!copy)
		return hv_fail(err, HV_ENOMEM, "out of memory reading rules");
	int n = 1;
	for (char *p = copy; *p; p++)
		n += *p == ' ';
	r->e = calloc((size_t)n, sizeof *r->e);
	if (!r->e) {
		free(copy);
		return hv_fail(err, HV_ENOMEM, "out of memory reading rules");
	}
	char *save = NULL;
	int bad = 0;
	for (char *t = strtok_r(copy, " ", &save); t && !bad; t = strtok_r(NULL, " ", &save))
		bad = parse_elem(rs, &r->e[r->n++], t, rule_no, err) < 0;
	free(copy);
	if (bad)
		return -1;
	if (r->n == 0 || check_edges(r) < 0)
		return hv_fail(err, HV_ECORRUPT,
		               "data/%s: rule %zu must begin and end with a required word",
		               rs->file, rule_no);
	if (unless) {
		char *u = strdup(unless);
		if (!u)
			return hv_fail(err, HV_ENOMEM, "out of memory reading rules");
		r->has_unless = 1;
		int rc = parse_alts(rs, &r->unless, u, rule_no, err);
		free(u);
		if (rc < 0)
			return -1;
	}
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
		rs->dist[i].w = calloc((size_t)rs->dist[i].n + 1, sizeof *rs->dist[i].w);
		if (!rs->dist[i].w)
			return hv_fail(err, HV_ENOMEM, "out of memory reading rules");
		for (int k = 0; k < rs->dist[i].n; k++) {
			const char *w = json_string_value(json_array_get(seq, (size_t)k));
			if ((rs->dist[i].w[k] = hv_rs_vocab_add(&rs->words, w ? w : "")) < 0)
				return hv_fail(err, HV_ENOMEM, "out of memory reading rules");
		}
	}
	return 0;
}

/* negators and negation_skip of patterns.json, as flags by word number. */
static int load_flags(struct hv_ruleset *rs, const json_t *shared, struct hv_error *err)
{
	const char *keys[2] = {"negators", "negation_skip"};
	struct ids found[2] = {{0}};
	for (int k = 0; k < 2; k++) {
		size_t i;
		json_t *w;
		json_array_foreach(json_object_get(shared, keys[k]), i, w)
		{
			int32_t id = hv_rs_vocab_add(&rs->words, json_string_value(w));
			if (id < 0 || hv_rs_ids_add(&found[k], id) < 0)
				return hv_fail(err, HV_ENOMEM, "out of memory reading rules");
		}
	}
	rs->negator = calloc(rs->words.n + 1, 1);
	rs->neg_skip = calloc(rs->words.n + 1, 1);
	if (!rs->negator || !rs->neg_skip)
		return hv_fail(err, HV_ENOMEM, "out of memory reading rules");
	for (size_t i = 0; i < found[0].n; i++)
		rs->negator[found[0].v[i]] = 1;
	for (size_t i = 0; i < found[1].n; i++)
		rs->neg_skip[found[1].v[i]] = 1;
	free(found[0].v);
	free(found[1].v);
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

/* The last element that takes a word, or NULL when it is "*" or "!x". */
static const struct elem *last_word(const struct rule *r)
{
	int i = r->n - 1;
	while (i > 0 && (r->e[i].type == E_BOS || r->e[i].type == E_EOS))
		i--;
	return r->e[i].type == E_WORD ? &r->e[i] : NULL;
}

static const struct elem *edge(const struct rule *r, int last)
{
	return last ? last_word(r) : first_word(r);
}

/* The set of numbers an owner (a rule, or a list) is indexed under, or
 * NULL when it is not indexed in this table. */
typedef const struct ids *(*ids_of_fn)(const struct hv_ruleset *rs, size_t owner, int which,
                                       int last);

/* A rule's first word element, or (last) its last: its words (which = 0)
 * or stems (1). */
static const struct ids *rule_edge(const struct hv_ruleset *rs, size_t r, int which, int last)
{
	const struct elem *e = edge(&rs->rules[r], last);
	return !e ? NULL : which ? &e->stem : &e->word;
}

/* A list's words (stemmed = 0) or a concept's stems (1). */
static const struct ids *list_members(const struct hv_ruleset *rs, size_t l, int stemmed,
                                      int unused)
{
	(void)unused;
	return rs->lists[l].stemmed == stemmed ? &rs->lists[l].ids : NULL;
}

/* Counting sort of (id, owner) pairs into o, owners in order within each
 * id: o->rules[o->start[id] .. o->start[id + 1]) are the owners under id. */
static int index_owners(const struct hv_ruleset *rs, struct openers *o, size_t nid, size_t nowners,
                        ids_of_fn ids_of, int which, int last)
{
	o->start = calloc(nid + 2, sizeof *o->start);
	if (!o->start)
		return -1;
	size_t total = 0;
	for (size_t w = 0; w < nowners; w++) {
		const struct ids *s = ids_of(rs, w, which, last);
		for (size_t k = 0; s && k < s->n; k++)
			o->start[s->v[k] + 1]++, total++;
	}
	for (size_t i = 1; i <= nid + 1; i++)
		o->start[i] += o->start[i - 1];
	o->rules = calloc(total ? total : 1, sizeof *o->rules);
	size_t *fill = calloc(nid + 1, sizeof *fill);
	if (!o->rules || !fill) {
		free(fill);
		return -1;
	}
	for (size_t w = 0; w < nowners; w++) {
		const struct ids *s = ids_of(rs, w, which, last);
		for (size_t k = 0; s && k < s->n; k++)
			o->rules[o->start[s->v[k]] + fill[s->v[k]]++] = w;
	}
	free(fill);
	return 0;
}

/* Each word and stem to the rules that begin (or end) on it, and to the
 * lists and concepts holding it, so a text's words try only those rules
 * and find their classes in one look (hv_ruleset_each_word). */
static int index_all(struct hv_ruleset *rs)
{
	size_t nw = rs->words.n, ns = rs->stems.n, nr = rs->nrules, nl = rs->nlists;
	if (index_owners(rs, &rs->by_word, nw, nr, rule_edge, 0, 0) < 0 ||
	    index_owners(rs, &rs->by_stem, ns, nr, rule_edge, 1, 0) < 0 ||
	    index_owners(rs, &rs->last_word, nw, nr, rule_edge, 0, 1) < 0 ||
	    index_owners(rs, &rs->last_stem, ns, nr, rule_edge, 1, 1) < 0 ||
	    index_owners(rs, &rs->word_lists, nw, nl, list_members, 0, 0) < 0 ||
	    index_owners(rs, &rs->stem_lists, ns, nl, list_members, 1, 0) < 0)
		return -1;
	return 0;
}

struct hv_ruleset *hv_ruleset_compile(const char *file, struct hv_error *err)
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
	if (hv_ruleset_name_kinds(rs) < 0) {
		hv_fail(err, HV_ENOMEM, "out of memory reading rules");
		return rs;
	}
	const json_t *rules = json_object_get(j, "rules");
	const json_t *src[4] = {json_object_get(j, "lists"), json_object_get(j, "concepts"),
	                        j == shared ? NULL : json_object_get(shared, "lists"),
	                        j == shared ? NULL : json_object_get(shared, "concepts")};
	struct sb_stemmer *st = sb_stemmer_new("english", "UTF_8");
	int bad = load_lists(rs, src, st, err) < 0 ||
	          load_distancers(rs, json_object_get(shared, "distancers"), err) < 0;
	sb_stemmer_delete(st);
	if (bad)
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
	if (load_flags(rs, shared, err) < 0)
		return rs;
	for (size_t i = 0; i < rs->nrules; i++)
		rs->rules[i].last_known = last_word(&rs->rules[i]) != NULL;
	if (index_all(rs) < 0) {
		hv_fail(err, HV_ENOMEM, "out of memory reading rules");
		return rs;
	}
	hv_error_clear(err);
	return rs;
}
