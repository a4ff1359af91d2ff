/*
 * crisis-image.c — the compiled crisis model as one flat image, made by the
 * build and read back when haven starts, instead of compiled every time.
 *
 * Compiling data/crisis.json means parsing the JSON, stemming every word of
 * every rule and thousands of small allocations: it took longer than the
 * net takes to read a long entry, and every command that takes words paid
 * it.  So the build compiles the model once (tools/crisis-image.c) and
 * embeds the image; a running haven reads it with one copy and one walk.
 *
 * After a header, the image holds two regions.  "data" is everything
 * without pointers — strings, id lists, bitmaps — and is used where it lies,
 * in the program's read-only data.  "structs" is the model's structures
 * (the model, concepts, patterns, elements, rules and tables) exactly as in
 * memory, except that each pointer field holds an offset into one region or
 * the other, 0 standing for NULL.  Reading copies the structs region once
 * and turns the offsets back into pointers.  The writer and the reader walk
 * the same fields in the same order; the tests hold the image of a model
 * read back to the image it was read from, and to the image of a model
 * compiled afresh.  A concept's alternatives are left out: the compiler
 * made them into the concept's bitmaps and tries, which are all that
 * matching reads, and copying and mending thousands of patterns nobody
 * reads was a good part of starting the net.  The header names the
 * build's layout of the structures, so an image from another build is
 * refused, never misread.
 */
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/image.h"
#include "crisis-private.h"

#define IMAGE_MAGIC "hvcrisis"
/* 2: tries; 3: first words; 4: members; 5: no alternatives; 6: hashes; 7: asked */
#define IMAGE_FORMAT 7
#define REGION_HEAD  16 /* each region starts with unused bytes: offset 0 is NULL */

struct image_head {
	struct hv_image_stamp stamp; /* no source: crisis.json's bytes are not kept */
	uint64_t data_at, data_len;
	uint64_t structs_at, structs_len;
	uint64_t model; /* where the model is in the structs region */
};

static uint32_t layout(void)
{
	size_t sizes[] = {
	    sizeof(struct cmodel),    sizeof(struct cconcept), sizeof(struct cpattern),
	    sizeof(struct celem),     sizeof(struct crule),    sizeof(struct cstem),
	    sizeof(struct cspelling), sizeof(struct ctnode),   sizeof(struct ctedge),
	    sizeof(struct cnnode),    sizeof(void *)};
	return hv_image_layout(sizes, sizeof sizes / sizeof *sizes);
}

/* ---- writing ------------------------------------------------------------ */

struct writer {
	struct hv_image_buf data, structs;
	size_t bytes; /* of one bitmap over the vocabulary */
	int failed;
};

#define AS_POINTER(off) ((void *)(uintptr_t)(off))

/* Append n bytes (aligned) and say where they went; 0 for NULL. */
static uintptr_t put(struct writer *w, struct hv_image_buf *r, const void *src, size_t n,
                     size_t align)
{
	if (!src || !n || w->failed)
		return 0; /* nothing to point at: read back as NULL, never read */
	size_t at = hv_image_buf_put(r, src, n, align);
	if (at == SIZE_MAX) {
		w->failed = 1;
		return 0;
	}
	return at;
}

static void *put_str(struct writer *w, const char *s)
{
	return AS_POINTER(s ? put(w, &w->data, s, strlen(s) + 1, 1) : 0);
}

static void *put_ints(struct writer *w, const int *v, size_t n)
{
	return AS_POINTER(put(w, &w->data, v, n * sizeof *v, alignof(int)));
}

static void *put_bits(struct writer *w, const uint8_t *bits)
{
	return AS_POINTER(put(w, &w->data, bits, w->bytes, 1));
}

static void *put_structs(struct writer *w, const void *v, size_t n, size_t align)
{
	return AS_POINTER(put(w, &w->structs, v, n, align));
}

/* A for-word index (from[n_vocab + 2], at[from[n_vocab] + 1]). */
static void put_index(struct writer *w, const struct cmodel *m, int *const *from, int *const *at,
                      int **from_out, int **at_out)
{
	*from_out = *from ? put_ints(w, *from, (size_t)m->n_vocab + 2) : NULL;
	*at_out = *from ? put_ints(w, *at, (size_t)(*from)[m->n_vocab] + 1) : NULL;
}

static void copy_pattern(struct writer *w, const struct cpattern *p, struct cpattern *out)
{
	struct celem *e = calloc((size_t)p->n + 1, sizeof *e);
	if (!e) {
		w->failed = 1;
		return;
	}
	for (int k = 0; k < p->n; k++) {
		memcpy(&e[k], &p->e[k], sizeof e[k]); /* padding too: images compare bytewise */
		e[k].ids = p->e[k].ids ? put_ints(w, p->e[k].ids, (size_t)p->e[k].n) : NULL;
		e[k].bits = p->e[k].bits ? put_bits(w, p->e[k].bits) : NULL;
	}
	memcpy(out, p, sizeof *out);
	out->e = put_structs(w, e, (size_t)p->n * sizeof *e, alignof(struct celem));
	out->text = put_str(w, p->text);
	out->first = p->first ? put_bits(w, p->first) : NULL;
	free(e);
}

static void *put_patterns(struct writer *w, const struct cpattern *p, int n)
{
	struct cpattern *copy = calloc((size_t)n + 1, sizeof *copy);
	if (!copy) {
		w->failed = 1;
		return NULL;
	}
	for (int i = 0; i < n; i++)
		copy_pattern(w, &p[i], &copy[i]);
	void *at = put_structs(w, copy, (size_t)n * sizeof *copy, alignof(struct cpattern));
	free(copy);
	return at;
}

static void *put_concepts(struct writer *w, const struct cmodel *m)
{
	struct cconcept *copy = calloc((size_t)m->n_concepts + 1, sizeof *copy);
	if (!copy) {
		w->failed = 1;
		return NULL;
	}
	for (int k = 0; k < m->n_concepts; k++) {
		const struct cconcept *c = &m->concepts[k];
		memcpy(&copy[k], c, sizeof *c);
		copy[k].name = put_str(w, c->name);
		copy[k].alts = NULL; /* compiled into first, single and the tries */
		copy[k].first = put_bits(w, c->first);
		copy[k].single = put_bits(w, c->single);
	}
	void *at =
	    put_structs(w, copy, (size_t)m->n_concepts * sizeof *copy, alignof(struct cconcept));
	free(copy);
	return at;
}

static void *put_rules(struct writer *w, const struct cmodel *m)
{
	struct crule *copy = calloc((size_t)m->n_rules + 1, sizeof *copy);
	if (!copy) {
		w->failed = 1;
		return NULL;
	}
	for (int r = 0; r < m->n_rules; r++) {
		const struct crule *rule = &m->rules[r];
		memcpy(&copy[r], rule, sizeof *rule);
		copy[r].id = put_str(w, rule->id);
		copy[r].category = put_str(w, rule->category);
		copy_pattern(w, &rule->pat, &copy[r].pat);
		copy[r].needs = put_ints(w, rule->needs, (size_t)rule->n_needs);
		copy[r].unless = put_ints(w, rule->unless, (size_t)rule->n_unless);
	}
	void *at = put_structs(w, copy, (size_t)m->n_rules * sizeof *copy, alignof(struct crule));
	free(copy);
	return at;
}

/* An array of n strings, as an array of their offsets. */
static void *put_strings(struct writer *w, const char *const *s, size_t n)
{
	const char **copy = calloc(n + 1, sizeof *copy);
	if (!copy) {
		w->failed = 1;
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		copy[i] = put_str(w, s[i]);
	void *at = put_structs(w, copy, n * sizeof *copy, alignof(const char *));
	free(copy);
	return at;
}

static void put_tables(struct writer *w, const struct cmodel *m, struct cmodel *out)
{
	struct cstem *stems = calloc((size_t)m->n_stems + 1, sizeof *stems);
	struct cspelling *spelled = calloc((size_t)m->n_spelled + 1, sizeof *spelled);
	if (!stems || !spelled) {
		w->failed = 1;
		free(stems);
		free(spelled);
		return;
	}
	size_t words = 0;
	for (int i = 0; i < m->n_stems; i++) {
		stems[i].stem = put_str(w, m->stems[i].stem);
		stems[i].id = m->stems[i].id;
	}
	for (int i = 0; i < m->n_spelled; i++) {
		memcpy(&spelled[i], &m->spelled[i], sizeof spelled[i]);
		spelled[i].word = put_str(w, m->spelled[i].word);
		if ((size_t)(m->spelled[i].from + m->spelled[i].n) > words)
			words = (size_t)(m->spelled[i].from + m->spelled[i].n);
	}
	out->stems =
	    put_structs(w, stems, (size_t)m->n_stems * sizeof *stems, alignof(struct cstem));
	out->spelled = put_structs(w, spelled, (size_t)m->n_spelled * sizeof *spelled,
	                           alignof(struct cspelling));
	out->spelled_ids = put_ints(w, m->spelled_ids, words);
	out->spelled_stems = put_strings(w, m->spelled_stems, words);
	out->stem_slot = put_ints(w, m->stem_slot, (size_t)m->n_stem_slot);
	out->spelled_slot = put_ints(w, m->spelled_slot, (size_t)m->n_spelled_slot);
	free(stems);
	free(spelled);
}

void *hv_crisis_image_write(const struct cmodel *m, size_t *len)
{
	struct writer w = {.bytes = (size_t)m->n_vocab / 8 + 1};
	char zero[REGION_HEAD] = {0};
	put(&w, &w.data, zero, sizeof zero, 16);
	put(&w, &w.structs, zero, sizeof zero, 16);
	struct cmodel copy;
	memcpy(&copy, m, sizeof copy);
	copy.vocab = copy.spelling = copy.owned = NULL;
	copy.block = NULL;
	copy.fuzzy = put_strings(&w, m->fuzzy, (size_t)m->n_fuzzy);
	copy.fuzzy_ids = put_ints(&w, m->fuzzy_ids, (size_t)m->n_fuzzy);
	copy.negators = put_ints(&w, m->negators, (size_t)m->n_negators);
	copy.breakers = put_ints(&w, m->breakers, (size_t)m->n_breakers);
	copy.clause_words = put_ints(&w, m->clause_words, (size_t)m->n_clause_words);
	copy.subjects = put_ints(&w, m->subjects, (size_t)m->n_subjects);
	copy.concepts = put_concepts(&w, m);
	copy.rules = put_rules(&w, m);
	copy.exceptions = put_patterns(&w, m->exceptions, m->n_exceptions);
	put_index(&w, m, &m->rule_from, &m->rule_at, &copy.rule_from, &copy.rule_at);
	put_index(&w, m, &m->exc_from, &m->exc_at, &copy.exc_from, &copy.exc_at);
	put_index(&w, m, &m->named_from, &m->named_at, &copy.named_from, &copy.named_at);
	copy.asked_slot = put_ints(&w, m->asked_slot, (size_t)m->n_concepts + 1);
	copy.asked_bits = AS_POINTER(
	    put(&w, &w.data, m->asked_bits,
	        ((size_t)m->n_vocab + 1) * (size_t)m->asked_words * sizeof *m->asked_bits,
	        alignof(uint64_t)));
	put_tables(&w, m, &copy);
	copy.tnodes =
	    AS_POINTER(put(&w, &w.data, m->tnodes, (size_t)m->n_tnodes * sizeof *m->tnodes,
	                   alignof(struct ctnode)));
	copy.tedges =
	    AS_POINTER(put(&w, &w.data, m->tedges, (size_t)m->n_tedges * sizeof *m->tedges,
	                   alignof(struct ctedge)));
	copy.nnodes =
	    AS_POINTER(put(&w, &w.data, m->nnodes, (size_t)m->n_nnodes * sizeof *m->nnodes,
	                   alignof(struct cnnode)));
	copy.nends = put_ints(&w, m->nends, (size_t)m->n_nends);
	copy.nroot = put_ints(&w, m->nroot, (size_t)m->n_vocab + 1);
	copy.member_bits = AS_POINTER(
	    put(&w, &w.data, m->member_bits, (size_t)m->n_named * ((size_t)m->n_named / 8 + 1), 1));
	put_index(&w, m, &m->complex_from, &m->complex_at, &copy.complex_from, &copy.complex_at);
	copy.member_from = put_ints(&w, m->member_from, (size_t)m->n_named + 1);
	copy.member_at = put_ints(&w, m->member_at, (size_t)m->member_from[m->n_named] + 1);
	copy.member_rest = put_ints(&w, m->member_rest, (size_t)m->n_named + 1);
	uintptr_t model = put(&w, &w.structs, &copy, sizeof copy, alignof(struct cmodel));

	struct image_head head = {.model = model};
	hv_image_stamp_set(&head.stamp, IMAGE_MAGIC, IMAGE_FORMAT, layout(), 0, 0);
	head.data_at = (sizeof head + 15) / 16 * 16;
	head.data_len = w.data.n;
	head.structs_at = (head.data_at + w.data.n + 15) / 16 * 16;
	head.structs_len = w.structs.n;
	char *image = w.failed ? NULL : calloc(1, head.structs_at + head.structs_len);
	if (image) {
		memcpy(image, &head, sizeof head);
		memcpy(image + head.data_at, w.data.p, w.data.n);
		memcpy(image + head.structs_at, w.structs.p, w.structs.n);
		*len = head.structs_at + head.structs_len;
	}
	free(w.data.p);
	free(w.structs.p);
	return image;
}

/* ---- reading ------------------------------------------------------------ */

struct reader {
	const char *data;
	char *structs;
	size_t data_len, structs_len;
	int bad;
};

/* An offset of the data region as a pointer; NULL for 0 or out of bounds. */
static void *in_data(struct reader *r, const void *off)
{
	uintptr_t at = (uintptr_t)off;
	if (!at || at >= r->data_len) {
		r->bad |= at != 0;
		return NULL;
	}
	return (void *)(r->data + at);
}

static void *in_structs(struct reader *r, const void *off)
{
	uintptr_t at = (uintptr_t)off;
	if (!at || at >= r->structs_len) {
		r->bad |= at != 0;
		return NULL;
	}
	return r->structs + at;
}

static void read_pattern(struct reader *r, struct cpattern *p)
{
	p->e = in_structs(r, p->e);
	p->text = in_data(r, p->text);
	p->first = in_data(r, p->first);
	for (int k = 0; p->e && k < p->n; k++) {
		p->e[k].ids = in_data(r, p->e[k].ids);
		p->e[k].bits = in_data(r, p->e[k].bits);
	}
}

static struct cpattern *read_patterns(struct reader *r, struct cpattern *off, int n)
{
	struct cpattern *p = in_structs(r, off);
	for (int i = 0; p && i < n; i++)
		read_pattern(r, &p[i]);
	return p;
}

static void read_model(struct reader *r, struct cmodel *m)
{
	m->fuzzy = in_structs(r, m->fuzzy);
	for (int i = 0; m->fuzzy && i < m->n_fuzzy; i++)
		m->fuzzy[i] = in_data(r, m->fuzzy[i]);
	m->fuzzy_ids = in_data(r, m->fuzzy_ids);
	m->negators = in_data(r, m->negators);
	m->breakers = in_data(r, m->breakers);
	m->clause_words = in_data(r, m->clause_words);
	m->subjects = in_data(r, m->subjects);
	m->concepts = in_structs(r, m->concepts);
	for (int k = 0; m->concepts && k < m->n_concepts; k++) {
		struct cconcept *c = &m->concepts[k];
		c->name = in_data(r, c->name);
		c->alts = NULL;
		c->first = in_data(r, c->first);
		c->single = in_data(r, c->single);
	}
	m->rules = in_structs(r, m->rules);
	for (int i = 0; m->rules && i < m->n_rules; i++) {
		m->rules[i].id = in_data(r, m->rules[i].id);
		m->rules[i].category = in_data(r, m->rules[i].category);
		read_pattern(r, &m->rules[i].pat);
		m->rules[i].needs = in_data(r, m->rules[i].needs);
		m->rules[i].unless = in_data(r, m->rules[i].unless);
	}
	m->exceptions = read_patterns(r, m->exceptions, m->n_exceptions);
	m->rule_from = in_data(r, m->rule_from);
	m->rule_at = in_data(r, m->rule_at);
	m->exc_from = in_data(r, m->exc_from);
	m->exc_at = in_data(r, m->exc_at);
	m->named_from = in_data(r, m->named_from);
	m->named_at = in_data(r, m->named_at);
	m->asked_slot = in_data(r, m->asked_slot);
	m->asked_bits = in_data(r, m->asked_bits);
	m->stems = in_structs(r, m->stems);
	for (int i = 0; m->stems && i < m->n_stems; i++)
		m->stems[i].stem = in_data(r, m->stems[i].stem);
	m->spelled = in_structs(r, m->spelled);
	for (int i = 0; m->spelled && i < m->n_spelled; i++)
		m->spelled[i].word = in_data(r, m->spelled[i].word);
	m->tnodes = in_data(r, m->tnodes);
	m->tedges = in_data(r, m->tedges);
	m->nnodes = in_data(r, m->nnodes);
	m->nends = in_data(r, m->nends);
	m->nroot = in_data(r, m->nroot);
	m->member_bits = in_data(r, m->member_bits);
	m->complex_from = in_data(r, m->complex_from);
	m->complex_at = in_data(r, m->complex_at);
	m->member_from = in_data(r, m->member_from);
	m->member_at = in_data(r, m->member_at);
	m->member_rest = in_data(r, m->member_rest);
	m->spelled_ids = in_data(r, m->spelled_ids);
	m->stem_slot = in_data(r, m->stem_slot);
	m->spelled_slot = in_data(r, m->spelled_slot);
	m->spelled_stems = in_structs(r, m->spelled_stems);
	for (int i = 0; m->spelled && m->spelled_stems && i < m->n_spelled; i++)
		for (int k = m->spelled[i].from; k < m->spelled[i].from + m->spelled[i].n; k++)
			m->spelled_stems[k] = in_data(r, m->spelled_stems[k]);
}

struct cmodel *hv_crisis_image_read(const void *image, size_t len)
{
	struct image_head head;
	if (!image || len < sizeof head)
		return NULL;
	memcpy(&head, image, sizeof head);
	if (!hv_image_stamp_is(&head.stamp, IMAGE_MAGIC, IMAGE_FORMAT, layout()) ||
	    head.data_at > len || head.data_len > len - head.data_at || head.structs_at > len ||
	    head.structs_len > len - head.structs_at ||
	    head.model + sizeof(struct cmodel) > head.structs_len)
		return NULL;
	struct reader r = {.data = (const char *)image + head.data_at,
	                   .data_len = head.data_len,
	                   .structs = malloc(head.structs_len),
	                   .structs_len = head.structs_len};
	if (!r.structs)
		return NULL;
	memcpy(r.structs, (const char *)image + head.structs_at, head.structs_len);
	struct cmodel *m = (struct cmodel *)(r.structs + head.model);
	read_model(&r, m);
	if (r.bad) {
		free(r.structs);
		return NULL;
	}
	m->block = r.structs;
	return m;
}
