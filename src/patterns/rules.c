/*
 * rules.c — compiling the word-sequence rules of a data file and matching
 * them against tokenised text (the language is described in patterns.h).
 *
 * Rules are compiled once per process.  Every word a rule can name is given
 * a number (a small hash table, the vocabulary), and every word of a concept
 * its Snowball stem's number, so matching compares integers: each word of a
 * text is looked up once, not once per rule.  An element's alternatives —
 * literals, lists and concepts — are flattened into two sorted arrays of
 * numbers (words and stems).  Each word and each stem knows the rules that
 * can begin on it, so a text's word tries only those.  Matching is a small
 * backtracking walk; rules are short and texts are capped, so the work
 * stays proportional to the text.
 */
#include "patterns.h"

#include <libstemmer.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "core/text.h"
#include "rules-private.h"

#define RULESETS_MAX  4
#define WORD_STEM_MAX 256 /* longer words are cut; nothing named is that long */
static struct hv_ruleset *compiled[RULESETS_MAX];
static pthread_mutex_t compile_lock = PTHREAD_MUTEX_INITIALIZER;

/* ---- the vocabulary ------------------------------------------------------ */

static uint64_t hash_str(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

static int32_t vocab_find(const struct vocab *v, const char *s, size_t n)
{
	if (!v->nslot)
		return -1;
	for (size_t i = hash_str(s, n) & (v->nslot - 1);; i = (i + 1) & (v->nslot - 1)) {
		int32_t k = v->slot[i];
		if (!k)
			return -1;
		const char *w = v->w[k - 1];
		if (strncmp(w, s, n) == 0 && w[n] == '\0')
			return k - 1;
	}
}

static int vocab_rehash(struct vocab *v, size_t nslot)
{
	int32_t *slot = calloc(nslot, sizeof *slot);
	if (!slot)
		return -1;
	free(v->slot);
	v->slot = slot;
	v->nslot = nslot;
	for (size_t k = 0; k < v->n; k++) {
		size_t i = hash_str(v->w[k], strlen(v->w[k])) & (nslot - 1);
		while (slot[i])
			i = (i + 1) & (nslot - 1);
		slot[i] = (int32_t)k + 1;
	}
	return 0;
}

/* The number of s, added when new; -1 when memory ran out. */
static int32_t vocab_add(struct vocab *v, const char *s)
{
	int32_t id = vocab_find(v, s, strlen(s));
	if (id >= 0)
		return id;
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 256;
		char **w = realloc(v->w, cap * sizeof *w);
		if (!w)
			return -1;
		v->w = w;
		v->cap = cap;
	}
	if (!(v->w[v->n] = strdup(s)))
		return -1;
	v->n++;
	if (v->n * 2 > v->nslot)
		return vocab_rehash(v, v->nslot ? v->nslot * 4 : 1024) < 0 ? -1 : (int32_t)v->n - 1;
	size_t i = hash_str(s, strlen(s)) & (v->nslot - 1);
	while (v->slot[i])
		i = (i + 1) & (v->nslot - 1);
	v->slot[i] = (int32_t)v->n;
	return (int32_t)v->n - 1;
}

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

/* ---- sets of numbers ----------------------------------------------------- */

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/* Room for more numbers: grown by doubling, since an element that names
 * several lists gathers thousands one by one. */
static int ids_reserve(struct ids *s, size_t more)
{
	if (s->n + more <= s->cap)
		return 0;
	size_t cap = s->cap ? s->cap : 8;
	while (cap < s->n + more)
		cap *= 2;
	int32_t *v = realloc(s->v, cap * sizeof *v);
	if (!v)
		return -1;
	s->v = v;
	s->cap = cap;
	return 0;
}

static int ids_add(struct ids *s, int32_t id)
{
	if (ids_reserve(s, 1) < 0)
		return -1;
	s->v[s->n++] = id;
	return 0;
}

static int ids_merge(struct ids *s, const struct ids *from)
{
	if (!from->n)
		return 0;
	if (ids_reserve(s, from->n) < 0)
		return -1;
	memcpy(s->v + s->n, from->v, from->n * sizeof *s->v);
	s->n += from->n;
	return 0;
}

/* Sorted, without repeats.  Most are so already (one list, or one word),
 * and are left as they are. */
static void ids_seal(struct ids *s)
{
	size_t i = 1;
	while (i < s->n && s->v[i - 1] < s->v[i])
		i++;
	if (i >= s->n)
		return;
	qsort(s->v, s->n, sizeof *s->v, cmp_i32);
	size_t k = 0;
	for (i = 0; i < s->n; i++)
		if (k == 0 || s->v[k - 1] != s->v[i])
			s->v[k++] = s->v[i];
	s->n = k;
}

static int ids_has(const struct ids *s, int32_t id)
{
	if (id < 0)
		return 0;
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->v[mid] < id)
			lo = mid + 1;
		else if (s->v[mid] > id)
			hi = mid;
		else
			return 1;
	}
	return 0;
}

/* ---- compiling ----------------------------------------------------------- */

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
				int32_t id = l->stemmed
				                 ? vocab_add(&rs->stems, stem_of(st, w, strlen(w),
				                                                 buf, sizeof buf))
				                 : vocab_add(&rs->words, w);
				if (id < 0 || ids_add(&l->ids, id) < 0)
					return hv_fail(err, HV_ENOMEM,
					               "out of memory reading rules");
			}
			ids_seal(&l->ids);
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
			rc = ids_merge(l->stemmed ? &e->stem : &e->word, &l->ids);
		} else {
			int32_t id = vocab_add(&rs->words, a);
			rc = id < 0 ? -1 : ids_add(&e->word, id);
		}
		if (rc < 0)
			return hv_fail(err, HV_ENOMEM, "out of memory reading rules");
	}
	if (n == 0)
		return hv_fail(err, HV_ECORRUPT, "data/%s: rule %zu has an empty element", rs->file,
		               rule_no);
	ids_seal(&e->word);
	ids_seal(&e->stem);
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
			if ((rs->dist[i].w[k] = vocab_add(&rs->words, w ? w : "")) < 0)
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
			int32_t id = vocab_add(&rs->words, json_string_value(w));
			if (id < 0 || ids_add(&found[k], id) < 0)
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

/* Counting sort of (id, rule) pairs into o; which = 0 words, 1 stems; by
 * each rule's first word element, or (last) its last. */
static int index_openers(struct hv_ruleset *rs, struct openers *o, size_t nid, int which, int last)
{
	o->start = calloc(nid + 2, sizeof *o->start);
	if (!o->start)
		return -1;
	size_t total = 0;
	for (size_t r = 0; r < rs->nrules; r++) {
		const struct elem *e = edge(&rs->rules[r], last);
		if (!e)
			continue;
		const struct ids *s = which ? &e->stem : &e->word;
		for (size_t k = 0; k < s->n; k++)
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
	for (size_t r = 0; r < rs->nrules; r++) {
		const struct elem *e = edge(&rs->rules[r], last);
		if (!e)
			continue;
		const struct ids *s = which ? &e->stem : &e->word;
		for (size_t k = 0; k < s->n; k++)
			o->rules[o->start[s->v[k]] + fill[s->v[k]]++] = r;
	}
	free(fill);
	return 0;
}

/* For each word and each stem number, the lists and concepts holding it,
 * so a text's words find their classes in one look (hv_ruleset_each_word). */
static int index_lists(struct hv_ruleset *rs, struct openers *o, size_t nid, int stemmed)
{
	o->start = calloc(nid + 2, sizeof *o->start);
	if (!o->start)
		return -1;
	size_t total = 0;
	for (size_t l = 0; l < rs->nlists; l++)
		if (rs->lists[l].stemmed == stemmed)
			for (size_t k = 0; k < rs->lists[l].ids.n; k++)
				o->start[rs->lists[l].ids.v[k] + 1]++, total++;
	for (size_t i = 1; i <= nid + 1; i++)
		o->start[i] += o->start[i - 1];
	o->rules = calloc(total ? total : 1, sizeof *o->rules);
	size_t *fill = calloc(nid + 1, sizeof *fill);
	if (!o->rules || !fill) {
		free(fill);
		return -1;
	}
	for (size_t l = 0; l < rs->nlists; l++)
		if (rs->lists[l].stemmed == stemmed)
			for (size_t k = 0; k < rs->lists[l].ids.n; k++) {
				int32_t id = rs->lists[l].ids.v[k];
				o->rules[o->start[id] + fill[id]++] = l;
			}
	free(fill);
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
	if (index_openers(rs, &rs->by_word, rs->words.n, 0, 0) < 0 ||
	    index_openers(rs, &rs->by_stem, rs->stems.n, 1, 0) < 0 ||
	    index_openers(rs, &rs->last_word, rs->words.n, 0, 1) < 0 ||
	    index_openers(rs, &rs->last_stem, rs->stems.n, 1, 1) < 0 ||
	    index_lists(rs, &rs->word_lists, rs->words.n, 0) < 0 ||
	    index_lists(rs, &rs->stem_lists, rs->stems.n, 1) < 0) {
		hv_fail(err, HV_ENOMEM, "out of memory reading rules");
		return rs;
	}
	hv_error_clear(err);
	return rs;
}

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

const json_t *hv_ruleset_kinds(const struct hv_ruleset *rs)
{
	return rs->kinds;
}

static int flag(const uint8_t *flags, int32_t id);

int hv_ruleset_each_word(const struct hv_ruleset *rs, const struct hv_toks *toks, hv_word_fn fn,
                         void *ctx)
{
	for (size_t i = 0; i < toks->n; i++) {
		const char *w = toks->v[i].norm, *stem = toks->v[i].stem;
		int32_t id[2] = {vocab_find(&rs->words, w, strlen(w)),
		                 vocab_find(&rs->stems, stem, strlen(stem))};
		int neg = flag(rs->negator, id[0]);
		fn(i, stem, NULL, neg, ctx);
		const struct openers *o[2] = {&rs->word_lists, &rs->stem_lists};
		for (int j = 0; j < 2; j++)
			for (size_t k = id[j] < 0 ? 0 : o[j]->start[id[j]];
			     id[j] >= 0 && k < o[j]->start[id[j] + 1]; k++)
				fn(i, stem, rs->lists[o[j]->rules[k]].name, neg, ctx);
	}
	return 0;
}

/* ---- matching ------------------------------------------------------------ */

/* A text's words as numbers: -1 for a word no rule names. */
struct coded {
	const struct hv_toks *t;
	int32_t *word, *stem;
};

static int in_sentence(const struct hv_toks *t, size_t ti, int sentence)
{
	return ti < t->n && t->v[ti].sentence == sentence;
}

static int elem_has(const struct elem *e, const struct coded *c, size_t ti)
{
	return ids_has(&e->word, c->word[ti]) || ids_has(&e->stem, c->stem[ti]);
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
	for (size_t d = 0; d < rs->ndist; d++) {
		const struct distancer *ds = &rs->dist[d];
		for (size_t s = from; s + (size_t)ds->n <= ti; s++) {
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
		const char *w = t->v[i].norm, *stem = t->v[i].stem;
		c->word[i] = vocab_find(&rs->words, w, strlen(w));
		c->stem[i] = rs->stems.n ? vocab_find(&rs->stems, stem, strlen(stem)) : -1;
	}
	return 0;
}

static int add_cand(struct cand **c, size_t *nc, size_t *cap, struct cand x)
{
	if (*nc == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		struct cand *c2 = realloc(*c, *cap * sizeof **c);
		if (!c2)
			return -1;
		*c = c2;
	}
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

json_t *hv_ruleset_find(const struct hv_ruleset *rs, const char *text, size_t len,
                        const struct hv_toks *toks)
{
	json_t *out = json_array();
	struct cand *c = NULL;
	size_t nc = 0, cap = 0;
	struct coded cw = {0};
	struct seen sn = {calloc(rs->nrules + 1, sizeof *sn.pos),
	                  calloc(rs->nrules + 1, sizeof *sn.stamp)};
	if (!sn.pos || !sn.stamp || code_words(rs, toks, &cw) < 0)
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
	size_t nkinds = json_object_size(rs->kinds) + 1;
	size_t *kept_end = calloc(nkinds, sizeof *kept_end);
	if (!kept_end)
		goto done;
	for (size_t i = 0; i < nc; i++) {
		size_t *ke = &kept_end[c[i].r->kind_no];
		if (c[i].end > len || c[i].start < *ke ||
		    !hv_text_showable(text + c[i].start, c[i].end - c[i].start))
			continue;
		*ke = c[i].end;
		json_array_append_new(out, json_pack("{s:s,s:I,s:I,s:s%,s:s}", "kind", c[i].r->kind,
		                                     "start", (json_int_t)c[i].start, "end",
		                                     (json_int_t)c[i].end, "match",
		                                     text + c[i].start, c[i].end - c[i].start,
		                                     "why", c[i].r->why ? c[i].r->why : ""));
	}
	free(kept_end);
done:
	free(sn.pos);
	free(sn.stamp);
	free(cw.word);
	free(cw.stem);
	free(c);
	return out;
}
