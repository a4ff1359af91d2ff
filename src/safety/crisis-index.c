/*
 * crisis-index.c — the indexes a compiled crisis model is matched through
 * (see crisis-model.c, which compiles data/crisis.json).
 *
 * For every concept, the words a match can start with (a bitmap over the
 * vocabulary) and its one-word alternatives as a bitmap of their own; its
 * other alternatives as tries (crisis-trie.c); for every word, the rules,
 * exceptions and named concepts that can start with it; and the vocabulary
 * and the spelling table as sorted arrays, for the words of a text to be
 * looked up in.  All of it is worked out once, when the model is compiled,
 * and carried by the build's image.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "crisis-private.h"

#define MAX_DEPTH 8

/* Mark in bits every word a match of concept k can start with; a concept
 * that refers back to itself before any word is malformed. */
static int first_words(struct cmodel *m, int k, int depth, uint8_t *bits)
{
	if (depth > MAX_DEPTH)
		return -1;
	struct cconcept *cc = &m->concepts[k];
	for (int a = 0; a < cc->n; a++) {
		const struct celem *e = &cc->alts[a].e[0];
		if (e->kind == CE_CONCEPT) {
			if (first_words(m, e->concept, depth + 1, bits) < 0)
				return -1;
			continue;
		}
		for (int i = 0; i < e->n; i++)
			bits[e->ids[i] / 8] |= (uint8_t)(1u << (e->ids[i] % 8));
	}
	return 0;
}

/* Bitmaps for a pattern: its words elements, and what it can start with
 * (after the concepts have theirs). */
/* What a pattern can start with, as a bitmap; a words element of more
 * than a few words gets a bitmap of its own too, a short one is searched. */
static int pattern_bits(struct cmodel *m, struct cpattern *p, size_t bytes, int with_first)
{
	for (int k = 0; k < p->n; k++) {
		struct celem *e = &p->e[k];
		if (e->kind != CE_WORDS || e->bits || e->n < 4)
			continue;
		if (!(e->bits = calloc(bytes, 1)))
			return -1;
		for (int i = 0; i < e->n; i++)
			e->bits[e->ids[i] / 8] |= (uint8_t)(1u << (e->ids[i] % 8));
	}
	if (!with_first || p->first)
		return 0;
	if (!(p->first = calloc(bytes, 1)))
		return -1;
	const struct celem *e = &p->e[0];
	if (e->kind == CE_CONCEPT)
		memcpy(p->first, m->concepts[e->concept].first, bytes);
	for (int i = 0; e->kind == CE_WORDS && i < e->n; i++)
		p->first[e->ids[i] / 8] |= (uint8_t)(1u << (e->ids[i] % 8));
	return 0;
}

/* Call fn for every word pattern p can start with: the ids of its first
 * words element, or the set bits of the first concept's bitmap. */
static void each_first(const struct cmodel *m, const struct cpattern *p,
                       void (*fn)(size_t w, int i, void *ctx), int i, void *ctx)
{
	const struct celem *e = &p->e[0];
	if (e->kind == CE_WORDS) {
		for (int k = 0; k < e->n; k++)
			fn((size_t)e->ids[k], i, ctx);
		return;
	}
	const uint8_t *bits = m->concepts[e->concept].first;
	for (size_t b = 0; b < (size_t)m->n_vocab / 8 + 1; b++)
		for (unsigned v = bits[b]; v; v &= v - 1)
			fn(b * 8 + (size_t)__builtin_ctz(v), i, ctx);
}

struct starts {
	int *from, *at;
	size_t n_vocab;
};

static void count_start(size_t w, int i, void *ctx)
{
	struct starts *st = ctx;
	if (w < st->n_vocab)
		st->from[w + 1]++;
}

static void place_start(size_t w, int i, void *ctx)
{
	struct starts *st = ctx; /* from[] walks ahead as each word's slots fill */
	if (w < st->n_vocab)
		st->at[st->from[w]++] = i;
}

/* For every word, the patterns (of n) that can start with it, as an index
 * of offsets into one array: a counting sort by first word, in pattern
 * order within each word. */
static int index_starts(struct cmodel *m, const struct cpattern *p, int n, int **from, int **at)
{
	struct starts st = {.from = calloc((size_t)m->n_vocab + 2, sizeof *st.from),
	                    .n_vocab = (size_t)m->n_vocab};
	if (!st.from)
		return -1;
	for (int i = 0; i < n; i++)
		each_first(m, &p[i], count_start, i, &st);
	for (int w = 0; w < m->n_vocab; w++)
		st.from[w + 1] += st.from[w];
	st.at = calloc((size_t)st.from[m->n_vocab] + 1, sizeof *st.at);
	if (!st.at) {
		free(st.from);
		return -1;
	}
	for (int i = 0; i < n; i++)
		each_first(m, &p[i], place_start, i, &st);
	memmove(st.from + 1, st.from, (size_t)m->n_vocab * sizeof *st.from); /* back to starts */
	st.from[0] = 0;
	*from = st.from;
	*at = st.at;
	return 0;
}

/* For every word id, the concepts [0, n) a match can start with, of
 * those asked after (asked[k], or all when asked is NULL), in concept
 * order: *from and *at as index_starts makes them. */
static int index_concepts(const struct cmodel *m, int n, const uint8_t *asked, int **from, int **at)
{
	size_t total = 0;
	*from = calloc((size_t)m->n_vocab + 2, sizeof **from);
	if (!*from)
		return -1;
	for (int w = 0; w < m->n_vocab; w++) {
		(*from)[w] = (int)total;
		for (int k = 0; k < n; k++)
			total += (size_t)((!asked || asked[k]) && cbit(m->concepts[k].first, w));
	}
	(*from)[m->n_vocab] = (*from)[m->n_vocab + 1] = (int)total;
	*at = calloc(total + 1, sizeof **at);
	if (!*at)
		return -1;
	for (int w = 0, i = 0; w < m->n_vocab; w++)
		for (int k = 0; k < n; k++)
			if ((!asked || asked[k]) && cbit(m->concepts[k].first, w))
				(*at)[i++] = k;
	return 0;
}

/* The concepts a rule asks after beyond its first element, and for every
 * word id those it can start (crisis-private.h, asked_bits): what a
 * sentence's words say about which rules could match in it (crisis.c,
 * rule_could). */
static int index_asked(struct cmodel *m)
{
	m->asked_slot = malloc(((size_t)m->n_concepts + 1) * sizeof *m->asked_slot);
	if (!m->asked_slot)
		return -1;
	for (int k = 0; k <= m->n_concepts; k++)
		m->asked_slot[k] = -1;
	m->n_asked = 0;
	for (int r = 0; r < m->n_rules; r++)
		for (int k = 1; k < m->rules[r].pat.n; k++) {
			const struct celem *e = &m->rules[r].pat.e[k];
			if (e->kind == CE_CONCEPT && m->asked_slot[e->concept] < 0)
				m->asked_slot[e->concept] = m->n_asked++;
		}
	m->asked_words = m->n_asked / 64 + 1;
	size_t row = (size_t)m->asked_words;
	m->asked_bits = calloc(((size_t)m->n_vocab + 1) * row, sizeof *m->asked_bits);
	if (!m->asked_bits)
		return -1;
	for (int k = 0; k < m->n_concepts; k++) {
		int slot = m->asked_slot[k];
		for (int w = 0; slot >= 0 && w < m->n_vocab; w++)
			if (cbit(m->concepts[k].first, w))
				m->asked_bits[(size_t)w * row + (size_t)slot / 64] |=
				    (uint64_t)1 << (slot % 64);
	}
	return 0;
}

/* Is step e of a complex trie a named concept alone: a step over it to a
 * node where an alternative ends and nothing goes on? */
static int is_member(const struct cmodel *m, const struct ctedge *e)
{
	const struct ctnode *leaf = &m->tnodes[e->child];
	return e->kind == CE_CONCEPT && e->arg < m->n_named && leaf->end && !leaf->n_words &&
	       !leaf->n_others;
}

/* The members of every named concept's complex trie, and whether it holds
 * more (crisis-private.h); after the tries are built. */
static int index_members(struct cmodel *m)
{
	size_t row = (size_t)m->n_named / 8 + 1;
	int total = 0;
	m->member_bits = calloc((size_t)m->n_named + 1, row);
	m->member_from = calloc((size_t)m->n_named + 2, sizeof *m->member_from);
	m->member_rest = calloc((size_t)m->n_named + 1, sizeof *m->member_rest);
	if (!m->member_bits || !m->member_from || !m->member_rest)
		return -1;
	for (int pass = 0; pass < 2; pass++) {
		total = 0;
		for (int k = 0; k < m->n_named; k++) {
			m->member_from[k] = total;
			if (m->concepts[k].complex < 0)
				continue;
			const struct ctnode *node = &m->tnodes[m->concepts[k].complex];
			const struct ctedge *e = &m->tedges[node->first];
			for (int j = node->n_words; j < node->n_words + node->n_others; j++) {
				int member = e[j].arg;
				if (!is_member(m, &e[j])) {
					m->member_rest[k] = 1;
					continue;
				}
				m->member_bits[(size_t)k * row + (size_t)member / 8] |=
				    (uint8_t)(1u << (member % 8));
				if (m->concepts[member].complex < 0)
					continue;
				if (pass)
					m->member_at[total] = member;
				total++;
			}
		}
		m->member_from[m->n_named] = total;
		if (!pass && !(m->member_at = calloc((size_t)total + 1, sizeof *m->member_at)))
			return -1;
	}
	return 0;
}

/* For every word id, the named concepts with a trie of their own it can
 * start (crisis-private.h, complex_from). */
static int index_complex(struct cmodel *m)
{
	uint8_t *complex = calloc((size_t)m->n_concepts + 1, 1);
	if (!complex)
		return -1;
	for (int k = 0; k < m->n_named; k++)
		complex[k] = m->concepts[k].complex >= 0;
	int rc = index_concepts(m, m->n_named, complex, &m->complex_from, &m->complex_at);
	free(complex);
	return rc;
}

/* Most alternatives are one word ("i", "my", "pills"): those become one
 * bitmap, answered in one look; the rest become a trie (crisis-trie.c). */
static int split_single(struct cconcept *cc, size_t bytes)
{
	cc->single = calloc(bytes, 1);
	if (!cc->single)
		return -1;
	for (int a = 0; a < cc->n; a++) {
		const struct cpattern *p = &cc->alts[a];
		if (p->n == 1 && p->e[0].kind == CE_WORDS)
			for (int i = 0; i < p->e[0].n; i++)
				cc->single[p->e[0].ids[i] / 8] |=
				    (uint8_t)(1u << (p->e[0].ids[i] % 8));
	}
	return 0;
}

int hv_crisis_model_index(struct cmodel *m, char *why, size_t n)
{
	size_t bytes = (size_t)m->n_vocab / 8 + 1;
	for (int k = 0; k < m->n_concepts; k++) {
		for (int a = 0; a < m->concepts[k].n; a++)
			if (pattern_bits(m, &m->concepts[k].alts[a], bytes, 0) < 0)
				return -1;
		m->concepts[k].first = calloc(bytes, 1);
		if (!m->concepts[k].first)
			return -1;
		if (first_words(m, k, 0, m->concepts[k].first) < 0) {
			snprintf(why, n, "crisis.json: concept %s refers back to itself",
			         m->concepts[k].name);
			return -1;
		}
	}
	for (int k = 0; k < m->n_concepts; k++)
		if (split_single(&m->concepts[k], bytes) < 0)
			return -1;
	if (hv_crisis_build_tries(m) < 0 || index_members(m) < 0)
		return -1;
	for (int r = 0; r < m->n_rules; r++)
		if (pattern_bits(m, &m->rules[r].pat, bytes, 1) < 0)
			return -1;
	for (int x = 0; x < m->n_exceptions; x++)
		if (pattern_bits(m, &m->exceptions[x], bytes, 1) < 0)
			return -1;
	struct cpattern *rule_pats = calloc((size_t)m->n_rules + 1, sizeof *rule_pats);
	if (!rule_pats)
		return -1;
	for (int r = 0; r < m->n_rules; r++)
		rule_pats[r] = m->rules[r].pat;
	int rc = index_starts(m, rule_pats, m->n_rules, &m->rule_from, &m->rule_at);
	free(rule_pats);
	if (rc < 0)
		return -1;
	if (index_starts(m, m->exceptions, m->n_exceptions, &m->exc_from, &m->exc_at) < 0)
		return -1;
	/* The named concepts: what the reading for the weighed words asks at
	 * each word. */
	if (index_concepts(m, m->n_named, NULL, &m->named_from, &m->named_at) < 0 ||
	    index_complex(m) < 0)
		return -1;
	return index_asked(m);
}

static int cmp_stem(const void *a, const void *b)
{
	return strcmp(((const struct cstem *)a)->stem, ((const struct cstem *)b)->stem);
}

static int cmp_spelling(const void *a, const void *b)
{
	return strcmp(((const struct cspelling *)a)->word, ((const struct cspelling *)b)->word);
}

/* Slots for n strings, the i-th key(table, i): *slot and *n_slot (a power
 * of two, at least twice n); 0, or -1 when out of memory. */
static int hash_table(const void *table, int n, const char *(*key)(const void *, int), int **slot,
                      int *n_slot)
{
	int size = (int)hv_slots_for((size_t)n, 64);
	if (!(*slot = calloc((size_t)size, sizeof **slot)))
		return -1;
	*n_slot = size;
	for (int i = 0; i < n; i++) {
		const char *k = key(table, i);
		uint32_t at = hv_fnv1a32(k, strlen(k)) & (uint32_t)(size - 1);
		while ((*slot)[at])
			at = (at + 1) & (uint32_t)(size - 1);
		(*slot)[at] = i + 1;
	}
	return 0;
}

static const char *stem_key(const void *table, int i)
{
	return ((const struct cstem *)table)[i].stem;
}

static const char *spelled_key(const void *table, int i)
{
	return ((const struct cspelling *)table)[i].word;
}

/* The vocabulary and the spelling table as sorted arrays and hashed: what
 * the words of a text are looked up in, the same whether the model was
 * compiled here or read from an image (crisis-image.c). */
int hv_crisis_model_tables(struct cmodel *m)
{
	const char *key;
	json_t *v;
	size_t words = 0;
	m->stems = calloc(json_object_size(m->vocab) + 1, sizeof *m->stems);
	m->spelled = calloc(json_object_size(m->spelling) + 1, sizeof *m->spelled);
	json_object_foreach(m->spelling, key, v) words += json_array_size(v);
	m->spelled_ids = calloc(words + 1, sizeof *m->spelled_ids);
	m->spelled_stems = calloc(words + 1, sizeof *m->spelled_stems);
	if (!m->stems || !m->spelled || !m->spelled_ids || !m->spelled_stems)
		return -1;
	json_object_foreach(m->vocab, key, v)
	{
		m->stems[m->n_stems++] = (struct cstem){key, (int)json_integer_value(v)};
	}
	qsort(m->stems, (size_t)m->n_stems, sizeof *m->stems, cmp_stem);
	int at = 0;
	json_object_foreach(m->spelling, key, v)
	{
		size_t i;
		json_t *word;
		m->spelled[m->n_spelled++] = (struct cspelling){key, at, (int)json_array_size(v)};
		json_array_foreach(v, i, word)
		{
			m->spelled_ids[at] = (int)json_integer_value(json_array_get(word, 0));
			m->spelled_stems[at++] = json_string_value(json_array_get(word, 1));
		}
	}
	qsort(m->spelled, (size_t)m->n_spelled, sizeof *m->spelled, cmp_spelling);
	if (hash_table(m->stems, m->n_stems, stem_key, &m->stem_slot, &m->n_stem_slot) < 0 ||
	    hash_table(m->spelled, m->n_spelled, spelled_key, &m->spelled_slot,
	               &m->n_spelled_slot) < 0)
		return -1;
	return 0;
}

/* Where s is in a table hashed by hash_table, or -1. */
static int find(const void *table, const int *slot, int n_slot,
                const char *(*key)(const void *, int), const char *s)
{
	for (uint32_t at = hv_fnv1a32(s, strlen(s)) & (uint32_t)(n_slot - 1);;
	     at = (at + 1) & (uint32_t)(n_slot - 1)) {
		if (!slot[at])
			return -1;
		if (strcmp(key(table, slot[at] - 1), s) == 0)
			return slot[at] - 1;
	}
}

int hv_crisis_stem_id(const struct cmodel *m, const char *stem)
{
	int at = find(m->stems, m->stem_slot, m->n_stem_slot, stem_key, stem);
	return at < 0 ? 0 : m->stems[at].id;
}

const struct cspelling *hv_crisis_spelled(const struct cmodel *m, const char *word)
{
	int at = find(m->spelled, m->spelled_slot, m->n_spelled_slot, spelled_key, word);
	return at < 0 ? NULL : &m->spelled[at];
}
