/*
 * rules-image.c — a compiled rule set of check or coach as one flat image,
 * made by the build and read back when haven starts, instead of compiled
 * every time.
 *
 * Compiling data/patterns.json or data/coach.json means parsing the JSON,
 * stemming every word of every concept and thousands of small allocations,
 * and every `haven check` and `haven coach` paid it before reading a word.
 * So the build compiles each once (tools/rules-image.c) and embeds the
 * image.  The image is a stream of fields, each number list and string
 * 8-byte aligned: reading walks it in the order writing did, pointing
 * lists and strings into the image where they lie and allocating only the
 * arrays of structures.  The rule kinds' entries (labels, reasons) travel
 * as compact JSON, parsed only when someone asks for them, and their names
 * and reasons as plain strings too, which is all reading a text needs; the
 * tables of patterns.json the tokenizer spells words out by travel as JSON,
 * parsed from the first image read, so neither command parses
 * patterns.json at all.
 *
 * The header names the build's layout of the structures and a fingerprint
 * of the data files compiled (the file and patterns.json, whose lists and
 * concepts every rule set shares): an image of other data, or from
 * another build, is refused, and the rules are compiled as before.  The
 * tests hold the image of the compiled rules to the image of the rules read
 * back from it.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "core/image.h"
#include "rules-private.h"

#define IMAGE_MAGIC  "hvrules"
#define IMAGE_FORMAT 2 /* 2: the kinds' names and reasons, and JSON read when asked */
#define SHARED       "patterns.json"

/* The members of patterns.json the tokenizer reads (tokens.c). */
static const char *const token_tables[] = {"contractions", "endings",       "s_is",
                                           "negators",     "negation_skip", NULL};

struct image_head {
	struct hv_image_stamp stamp; /* source: the file and patterns.json, as embedded */
};

static uint32_t layout(void)
{
	size_t sizes[] = {sizeof(struct hv_ruleset), sizeof(struct rule),  sizeof(struct elem),
	                  sizeof(struct wlist),      sizeof(struct vocab), sizeof(size_t)};
	return hv_image_layout(sizes, sizeof sizes / sizeof *sizes);
}

/* The source an image is of: the file and patterns.json, as embedded, by
 * their length together and a hash of both. */
static void data_source(const char *file, uint64_t *len, uint64_t *hash)
{
	size_t a = 0, b = 0;
	const char *x = hv_content_bytes(file, &a), *y = hv_content_bytes(SHARED, &b);
	*len = a + b;
	*hash = x && y ? hv_content_fingerprint(x, a) * 31 + hv_content_fingerprint(y, b) : 0;
}

/* ---- writing -------------------------------------------------------------- */

static void put(struct hv_image_buf *o, const void *src, size_t n)
{
	hv_image_buf_put(o, src, n, 8);
}

static void put_u64(struct hv_image_buf *o, uint64_t v)
{
	put(o, &v, sizeof v);
}

static void put_str(struct hv_image_buf *o, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	put_u64(o, s ? n : UINT64_MAX);
	if (s)
		put(o, s, n + 1);
}

static void put_ids(struct hv_image_buf *o, const struct ids *s)
{
	put_u64(o, s->n);
	put(o, s->v, s->n * sizeof *s->v);
}

static void put_vocab(struct hv_image_buf *o, const struct vocab *v)
{
	put_u64(o, v->n);
	for (size_t i = 0; i < v->n; i++)
		put_str(o, v->w[i]);
	put_u64(o, v->nslot);
	put(o, v->slot, v->nslot * sizeof *v->slot);
}

static void put_elem(struct hv_image_buf *o, const struct elem *e)
{
	put_u64(o, (uint64_t)e->type);
	put_u64(o, (uint64_t)e->optional);
	put_u64(o, (uint64_t)e->gap);
	put_ids(o, &e->word);
	put_ids(o, &e->stem);
}

static void put_openers(struct hv_image_buf *o, const struct openers *op, size_t nid)
{
	put_u64(o, nid + 2);
	put(o, op->start, (nid + 2) * sizeof *op->start);
	put_u64(o, op->start[nid + 1]);
	put(o, op->rules, op->start[nid + 1] * sizeof *op->rules);
}

/* The JSON of the members named, compact, in the file's order. */
static void put_json(struct hv_image_buf *o, const json_t *j)
{
	char *s =
	    j ? json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(17)) : NULL;
	if (j && !s)
		o->failed = 1;
	put_str(o, s);
	free(s);
}

static void put_tables(struct hv_image_buf *o, const char *file)
{
	json_t *t = NULL;
	const json_t *shared = hv_content_json(SHARED, NULL);
	(void)file; /* every rule set's image brings them: coach tokenizes too */
	if (shared) {
		t = json_object();
		for (int i = 0; token_tables[i]; i++) {
			json_t *v = json_object_get(shared, token_tables[i]);
			if (v && json_object_set(t, token_tables[i], v) < 0)
				o->failed = 1;
		}
	}
	put_json(o, t);
	json_decref(t);
}

void *hv_ruleset_image_write(const struct hv_ruleset *rs, size_t *len)
{
	struct hv_image_buf o = {0};
	struct image_head h;
	uint64_t source_len, source_hash;
	data_source(rs->file, &source_len, &source_hash);
	hv_image_stamp_set(&h.stamp, IMAGE_MAGIC, IMAGE_FORMAT, layout(), source_len, source_hash);
	put(&o, &h, sizeof h);
	put_str(&o, rs->file);
	put_json(&o, hv_ruleset_kinds(rs));
	put_u64(&o, rs->nkinds);
	for (size_t k = 0; k < rs->nkinds; k++) {
		put_str(&o, rs->kind_name[k]);
		put_str(&o, rs->kind_why[k]);
	}
	put_tables(&o, rs->file);
	put_vocab(&o, &rs->words);
	put_vocab(&o, &rs->stems);
	put_u64(&o, rs->nlists);
	for (size_t i = 0; i < rs->nlists; i++) {
		put_str(&o, rs->lists[i].name);
		put_u64(&o, (uint64_t)rs->lists[i].stemmed);
		put_ids(&o, &rs->lists[i].ids);
	}
	put_u64(&o, rs->nrules);
	for (size_t i = 0; i < rs->nrules; i++) {
		const struct rule *r = &rs->rules[i];
		put_str(&o, r->kind);
		put_str(&o, r->why);
		uint64_t v[5] = {(uint64_t)r->kind_no, (uint64_t)r->negatable, (uint64_t)r->n,
		                 (uint64_t)r->has_unless, (uint64_t)r->last_known};
		put(&o, v, sizeof v);
		for (int e = 0; e < r->n; e++)
			put_elem(&o, &r->e[e]);
		put_elem(&o, &r->unless);
	}
	put_u64(&o, rs->ndist);
	for (size_t i = 0; i < rs->ndist; i++) {
		put_u64(&o, (uint64_t)rs->dist[i].n);
		put(&o, rs->dist[i].w, ((size_t)rs->dist[i].n + 1) * sizeof *rs->dist[i].w);
	}
	put(&o, rs->negator, rs->words.n + 1);
	put(&o, rs->neg_skip, rs->words.n + 1);
	put_openers(&o, &rs->by_word, rs->words.n);
	put_openers(&o, &rs->by_stem, rs->stems.n);
	put_openers(&o, &rs->last_word, rs->words.n);
	put_openers(&o, &rs->last_stem, rs->stems.n);
	put_openers(&o, &rs->word_lists, rs->words.n);
	put_openers(&o, &rs->stem_lists, rs->stems.n);
	if (o.failed) {
		free(o.p);
		return NULL;
	}
	*len = o.n;
	return o.p;
}

/* ---- reading -------------------------------------------------------------- */

struct in {
	const char *p;
	size_t n, at;
	int failed;
};

/* n bytes where they lie in the image, or NULL past its end. */
static const void *get(struct in *i, size_t n)
{
	size_t at = (i->at + 7) / 8 * 8;
	if (i->failed || at > i->n || n > i->n - at) {
		i->failed = 1;
		return NULL;
	}
	i->at = at + n;
	return i->p + at;
}

static uint64_t get_u64(struct in *i)
{
	const uint64_t *v = get(i, sizeof *v);
	return v ? *v : 0;
}

/* A count of things of size each that can fit in what is left. */
static size_t get_count(struct in *i, size_t each)
{
	uint64_t n = get_u64(i);
	if (n > (i->n - i->at) / (each ? each : 1)) {
		i->failed = 1;
		return 0;
	}
	return (size_t)n;
}

static const char *get_str(struct in *i)
{
	uint64_t n = get_u64(i);
	if (n == UINT64_MAX)
		return NULL;
	const char *s = n < i->n ? get(i, (size_t)n + 1) : (i->failed = 1, NULL);
	if (s && s[n] != '\0')
		i->failed = 1;
	return i->failed ? NULL : s;
}

static void get_ids(struct in *i, struct ids *s)
{
	s->n = get_count(i, sizeof *s->v);
	s->v = (int32_t *)get(i, s->n * sizeof *s->v);
	s->cap = s->n;
}

static void get_vocab(struct in *i, struct vocab *v)
{
	v->n = get_count(i, 8);
	v->w = calloc(v->n + 1, sizeof *v->w);
	if (!v->w) {
		i->failed = 1;
		return;
	}
	for (size_t k = 0; k < v->n; k++)
		v->w[k] = (char *)get_str(i);
	v->cap = v->n;
	v->nslot = get_count(i, sizeof *v->slot);
	v->slot = (int32_t *)get(i, v->nslot * sizeof *v->slot);
}

static void get_elem(struct in *i, struct elem *e)
{
	e->type = (enum elem_type)get_u64(i);
	e->optional = (int)get_u64(i);
	e->gap = (int)get_u64(i);
	get_ids(i, &e->word);
	get_ids(i, &e->stem);
}

static void get_openers(struct in *i, struct openers *op, size_t nid)
{
	if (get_count(i, sizeof *op->start) != nid + 2)
		i->failed = 1;
	op->start = (size_t *)get(i, (nid + 2) * sizeof *op->start);
	size_t total = get_count(i, sizeof *op->rules);
	if (op->start && op->start[nid + 1] != total)
		i->failed = 1;
	op->rules = (size_t *)get(i, total * sizeof *op->rules);
}

/* The names and reasons of the kinds, where they lie in the image. */
static void get_kinds(struct in *i, struct hv_ruleset *rs)
{
	rs->nkinds = get_count(i, 16);
	rs->kind_name = calloc(rs->nkinds + 1, sizeof *rs->kind_name);
	rs->kind_why = calloc(rs->nkinds + 1, sizeof *rs->kind_why);
	if (!rs->kind_name || !rs->kind_why)
		i->failed = 1;
	for (size_t k = 0; k < rs->nkinds && !i->failed; k++) {
		rs->kind_name[k] = get_str(i);
		rs->kind_why[k] = get_str(i);
		if (!rs->kind_name[k])
			i->failed = 1;
	}
}

static void get_rules(struct in *i, struct hv_ruleset *rs)
{
	rs->nrules = get_count(i, 8);
	rs->rules = calloc(rs->nrules + 1, sizeof *rs->rules);
	for (size_t k = 0; rs->rules && k < rs->nrules && !i->failed; k++) {
		struct rule *r = &rs->rules[k];
		r->kind = get_str(i);
		r->why = get_str(i);
		const uint64_t *v = get(i, 5 * sizeof *v);
		if (!v || v[2] > 64)
			break;
		r->kind_no = (int)v[0];
		r->negatable = (int)v[1];
		r->n = (int)v[2];
		r->has_unless = (int)v[3];
		r->last_known = (int)v[4];
		r->e = calloc((size_t)r->n + 1, sizeof *r->e);
		for (int e = 0; r->e && e < r->n; e++)
			get_elem(i, &r->e[e]);
		if (!r->e)
			break;
		get_elem(i, &r->unless);
	}
	if (!rs->rules || (rs->nrules && !rs->rules[rs->nrules - 1].e))
		i->failed = 1;
}

static void get_rest(struct in *i, struct hv_ruleset *rs)
{
	rs->ndist = get_count(i, 8);
	rs->dist = calloc(rs->ndist + 1, sizeof *rs->dist);
	for (size_t k = 0; rs->dist && k < rs->ndist && !i->failed; k++) {
		rs->dist[k].n = (int)get_count(i, sizeof(int32_t));
		rs->dist[k].w = (int32_t *)get(i, ((size_t)rs->dist[k].n + 1) * sizeof(int32_t));
	}
	if (!rs->dist)
		i->failed = 1;
	rs->negator = (uint8_t *)get(i, rs->words.n + 1);
	rs->neg_skip = (uint8_t *)get(i, rs->words.n + 1);
	get_openers(i, &rs->by_word, rs->words.n);
	get_openers(i, &rs->by_stem, rs->stems.n);
	get_openers(i, &rs->last_word, rs->words.n);
	get_openers(i, &rs->last_stem, rs->stems.n);
	get_openers(i, &rs->word_lists, rs->words.n);
	get_openers(i, &rs->stem_lists, rs->stems.n);
}

/* The tokenizer's tables, from the first image read (tokens.c); set once,
 * under hv_ruleset_get's lock, and read by any thread. */
static _Atomic(json_t *) tables;

struct hv_ruleset *hv_ruleset_image_read(const char *file, const void *image, size_t len)
{
	struct in i = {image, len, 0, 0};
	const struct image_head *h = get(&i, sizeof *h);
	if (!h || !hv_image_stamp_is(&h->stamp, IMAGE_MAGIC, IMAGE_FORMAT, layout()))
		return NULL;
	/* Only an image of this kind and build is worth reading both files for. */
	uint64_t source_len, source_hash;
	data_source(file, &source_len, &source_hash);
	if (h->stamp.source_len != source_len || h->stamp.source_hash != source_hash)
		return NULL;
	const char *named = get_str(&i);
	struct hv_ruleset *rs = calloc(1, sizeof *rs);
	if (!rs || !named || strcmp(named, file) != 0) {
		free(rs);
		return NULL;
	}
	rs->file = file;
	rs->from_image = 1;
	/* The kinds' JSON waits until asked for (hv_ruleset_kinds): reading
	 * needs only their names and reasons.  The tokenizer's tables are
	 * parsed from the first image read; the others' are the same. */
	rs->kinds_text = get_str(&i);
	get_kinds(&i, rs);
	const char *tables_text = get_str(&i);
	json_t *t = tables_text && !atomic_load(&tables)
	                ? json_loads(tables_text, JSON_DECODE_ANY, NULL)
	                : NULL;
	get_vocab(&i, &rs->words);
	get_vocab(&i, &rs->stems);
	rs->nlists = get_count(&i, 8);
	rs->lists = calloc(rs->nlists + 1, sizeof *rs->lists);
	for (size_t k = 0; rs->lists && k < rs->nlists && !i.failed; k++) {
		rs->lists[k].name = get_str(&i);
		rs->lists[k].stemmed = (int)get_u64(&i);
		get_ids(&i, &rs->lists[k].ids);
	}
	if (!rs->lists)
		i.failed = 1;
	get_rules(&i, rs);
	get_rest(&i, rs);
	if (i.failed || i.at != len || !rs->kinds_text || rs->kinds_text[0] != '{') {
		/* not this build's image: the rules are compiled instead */
		hv_ruleset_free(rs);
		json_decref(t);
		return NULL;
	}
	if (t && !atomic_load(&tables))
		atomic_store(&tables, t); /* kept for the life of the process, as the rules are */
	else
		json_decref(t);
	return rs;
}

/* One lock for every rule set's first parse of its kinds: asked for once
 * or twice in a process, and haven serve asks from several threads. */
static pthread_mutex_t kinds_lock = PTHREAD_MUTEX_INITIALIZER;

const json_t *hv_ruleset_kinds(const struct hv_ruleset *rs)
{
	pthread_mutex_lock(&kinds_lock);
	struct hv_ruleset *own = (struct hv_ruleset *)rs; /* the set's own cache */
	if (!own->kinds && own->kinds_text)
		own->kinds = own->owned_kinds = json_loads(own->kinds_text, JSON_DECODE_ANY, NULL);
	const json_t *kinds = own->kinds;
	pthread_mutex_unlock(&kinds_lock);
	return kinds;
}

int hv_ruleset_name_kinds(struct hv_ruleset *rs)
{
	rs->nkinds = json_object_size(rs->kinds);
	rs->kind_name = calloc(rs->nkinds + 1, sizeof *rs->kind_name);
	rs->kind_why = calloc(rs->nkinds + 1, sizeof *rs->kind_why);
	if (!rs->kind_name || !rs->kind_why)
		return -1;
	size_t k = 0;
	for (void *it = json_object_iter((json_t *)rs->kinds); it && k < rs->nkinds;
	     it = json_object_iter_next((json_t *)rs->kinds, it), k++) {
		rs->kind_name[k] = json_object_iter_key(it);
		rs->kind_why[k] =
		    json_string_value(json_object_get(json_object_iter_value(it), "why"));
	}
	return 0;
}

const char *hv_ruleset_image_of(const char *file, size_t *len)
{
	char name[128];
	size_t n = strlen(file);
	if (n < 5 || n >= sizeof name - 16 || strcmp(file + n - 5, ".json") != 0)
		return NULL;
	memcpy(name, file, n - 5);
	memcpy(name + n - 5, "-rules.img", sizeof "-rules.img");
	return hv_content_image(name, len);
}

const json_t *hv_patterns_table(const char *key)
{
	json_t *t = atomic_load(&tables);
	if (!t && hv_ruleset_image_of(SHARED, NULL)) {
		hv_ruleset_get(SHARED, NULL); /* its image brings them */
		t = atomic_load(&tables);
	}
	return json_object_get(t ? t : hv_content_json(SHARED, NULL), key);
}

static void free_ids(struct ids *s, int owned)
{
	if (owned)
		free(s->v);
}

static void free_elem(struct elem *e, int owned)
{
	free_ids(&e->word, owned);
	free_ids(&e->stem, owned);
}

static void free_openers(struct openers *o, int owned)
{
	if (owned) {
		free(o->start);
		free(o->rules);
	}
}

static void free_vocab(struct vocab *v, int owned)
{
	for (size_t k = 0; owned && v->w && k < v->n; k++)
		free(v->w[k]);
	free(v->w);
	if (owned)
		free(v->slot);
}

void hv_ruleset_free(struct hv_ruleset *rs)
{
	if (!rs)
		return;
	int owned = !rs->from_image; /* compiled here: every piece is its own */
	free_vocab(&rs->words, owned);
	free_vocab(&rs->stems, owned);
	for (size_t k = 0; rs->lists && k < rs->nlists; k++)
		free_ids(&rs->lists[k].ids, owned);
	free(rs->lists);
	for (size_t k = 0; rs->rules && k < rs->nrules; k++) {
		for (int e = 0; rs->rules[k].e && e < rs->rules[k].n; e++)
			free_elem(&rs->rules[k].e[e], owned);
		free(rs->rules[k].e);
		free_elem(&rs->rules[k].unless, owned);
	}
	free(rs->rules);
	for (size_t k = 0; owned && rs->dist && k < rs->ndist; k++)
		free(rs->dist[k].w);
	free(rs->dist);
	if (owned) {
		free(rs->negator);
		free(rs->neg_skip);
	}
	free_openers(&rs->by_word, owned);
	free_openers(&rs->by_stem, owned);
	free_openers(&rs->last_word, owned);
	free_openers(&rs->last_stem, owned);
	free_openers(&rs->word_lists, owned);
	free_openers(&rs->stem_lists, owned);
	json_decref(rs->owned_kinds);
	free(rs->kind_name);
	free(rs->kind_why);
	free(rs);
}
