/*
 * crisis-model.c — data/crisis.json compiled into something quick to match.
 *
 * The data speaks in words and concepts; this file turns each word into a
 * vocabulary id (after the same spelling table and Snowball stem the text
 * goes through, so "overdose" in a rule hears "overdosing" in an entry),
 * each concept into its alternatives, and each pattern into elements:
 *
 *   word|other      one of these words
 *   @NAME           any alternative of the concept NAME
 *   *3              up to three words of anything (never across a sentence)
 *   (a b|c d)       either phrase: a concept of its own, without a name
 *
 * Then crisis-index.c works out, for every concept, which words a match of
 * it can start with, so the matcher can pass over almost every position in
 * one look.  A malformed file is a build defect; the unit tests compile it.
 */
#include <libstemmer.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "crisis-private.h"

struct compile {
	struct cmodel *m;
	json_t *written;        /* data word as written -> its id, so each is stemmed once */
	const json_t *spelling; /* the data's "spelling" object, for the data's own words */
	int concepts_cap;
	const json_t *concepts; /* the data's "concepts" object */
	struct sb_stemmer *stemmer;
	char *why;
	size_t why_n;
};

/* Why the data is refused; fmt is a literal at every caller, with one %s. */
__attribute__((format(printf, 2, 3))) static int fail(struct compile *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->why, c->why_n, fmt, ap);
	va_end(ap);
	return -1;
}

/* The id of a data word, added to the vocabulary when new. */
static int intern(struct compile *c, const char *word, size_t len)
{
	char stem[256];
	if (len == 4 && memcmp(word, "#num", 4) == 0) {
		if (!c->m->num_id)
			c->m->num_id = c->m->n_vocab++;
		return c->m->num_id;
	}
	/* The same data words come back again and again ("i", "my", "not"):
	 * each is stemmed once. */
	char written[256];
	size_t wl = len < sizeof written - 1 ? len : sizeof written - 1;
	memcpy(written, word, wl);
	written[wl] = '\0';
	json_t *known = json_object_get(c->written, written);
	if (known)
		return (int)json_integer_value(known);
	int id = 0;
	if (hv_crisis_stem(c->stemmer, word, len, stem, sizeof stem)) {
		id = (int)json_integer_value(json_object_get(c->m->vocab, stem));
		if (!id) {
			id = c->m->n_vocab++;
			json_object_set_new(c->m->vocab, stem, json_integer(id));
		}
	}
	json_object_set_new(c->written, written, json_integer(id));
	return id;
}

static int concept_index(struct compile *c, const char *name, size_t len)
{
	for (int i = 0; i < c->m->n_concepts; i++)
		if (strlen(c->m->concepts[i].name) == len &&
		    !memcmp(c->m->concepts[i].name, name, len))
			return i;
	return -1;
}

/* One space-separated piece of a pattern. */
static int compile_elem(struct compile *c, const char *p, size_t len, struct celem *e)
{
	if (p[0] == '@') {
		e->kind = CE_CONCEPT;
		e->concept = concept_index(c, p + 1, len - 1);
		if (e->concept < 0) {
			char name[128];
			snprintf(name, sizeof name, "%.*s", (int)(len < 100 ? len : 100), p);
			return fail(c, "crisis.json names a concept it does not define: %s", name);
		}
		return 0;
	}
	if (p[0] == '*') {
		e->kind = CE_GAP;
		e->n = atoi(p + 1);
		return e->n > 0 && e->n < 20
		           ? 0
		           : fail(c, "crisis.json: a gap must be *1 to *19 (%s)", p);
	}
	e->kind = CE_WORDS;
	e->ids = calloc(len + 1, sizeof *e->ids);
	if (!e->ids)
		return -1;
	for (const char *q = p, *end = p + len; q < end;) {
		const char *bar = memchr(q, '|', (size_t)(end - q));
		size_t n = bar ? (size_t)(bar - q) : (size_t)(end - q);
		int id = n ? intern(c, q, n) : 0;
		if (id)
			e->ids[e->n++] = id;
		q += n + 1;
	}
	return e->n ? 0 : fail(c, "crisis.json: a pattern holds an empty word (%s)", p);
}

static int compile_pattern(struct compile *c, const char *text, struct cpattern *pat);

/* One data word as the text will read it: apostrophes out, then through
 * the spelling table, so a rule may say "won't" or "gonna" and still meet
 * the words the text becomes ("will not", "going to").  Appended to out. */
static void spell_word(struct compile *c, const char *w, size_t len, char *out, size_t *used,
                       size_t n)
{
	char word[128];
	size_t k = 0;
	for (size_t i = 0; i < len && k < sizeof word - 1; i++) {
		if (w[i] == '\'')
			continue;
		if (i + 2 < len && (unsigned char)w[i] == 0xE2 && (unsigned char)w[i + 1] == 0x80 &&
		    (unsigned char)w[i + 2] == 0x99) {
			i += 2;
			continue;
		}
		word[k++] = w[i];
	}
	word[k] = '\0';
	const char *means = json_string_value(json_object_get(c->spelling, word));
	const char *put = means ? means : word;
	size_t put_len = strlen(put);
	if (*used + put_len >= n)
		put_len = n - 1 - *used;
	memcpy(out + *used, put, put_len);
	*used += put_len;
	out[*used] = '\0';
}

/* Rewrite every plain word of a pattern by spell_word.  A word standing
 * for several ("gonna") may not sit among alternatives with bars ("a|b"),
 * where it would break the pattern apart: it belongs in a (group). */
static const char *spelled(struct compile *c, const char *text)
{
	char out[4096];
	size_t used = 0;
	const char *p = text;
	int in_group = 0;
	out[0] = '\0';
	while (*p && used < sizeof out - 256) {
		size_t len = strcspn(p, " |()");
		if (len == 0) {
			in_group += *p == '(' ? 1 : *p == ')' ? -1 : 0;
			out[used++] = *p++;
			out[used] = '\0';
			continue;
		}
		if (p[0] == '@' || p[0] == '*' || p[0] == '#') {
			memcpy(out + used, p, len);
			used += len;
			out[used] = '\0';
		} else {
			size_t before = used;
			spell_word(c, p, len, out, &used, sizeof out);
			int bars = p[len] == '|' || (p > text && p[-1] == '|');
			if (!in_group && bars && memchr(out + before, ' ', used - before)) {
				fail(c,
				     "crisis.json: a word that stands for several cannot sit "
				     "between "
				     "bars; put the phrases in a (group): %s",
				     text);
				return NULL;
			}
		}
		p += len;
	}
	json_t *s = json_stringn(out, used);
	if (!s || json_array_append_new(c->m->owned, s) < 0)
		return NULL;
	return json_string_value(s);
}

/* Room for one more concept; its index, or -1. */
static int add_concept(struct compile *c, const char *name)
{
	struct cmodel *m = c->m;
	if (m->n_concepts == c->concepts_cap) {
		int cap = c->concepts_cap ? c->concepts_cap * 2 : 64;
		struct cconcept *more = realloc(m->concepts, (size_t)cap * sizeof *more);
		if (!more)
			return -1;
		m->concepts = more;
		c->concepts_cap = cap;
	}
	memset(&m->concepts[m->n_concepts], 0, sizeof *m->concepts); /* padding too */
	m->concepts[m->n_concepts].name = name;
	return m->n_concepts++;
}

/* "(a b|c d)" in a pattern: a concept without a name whose alternatives
 * are the phrases between the bars.  Its strings are kept in the model. */
static int compile_group(struct compile *c, const char *p, size_t len, struct celem *e)
{
	json_t *inner = json_stringn(p + 1, len - 2);
	if (!inner || json_array_append_new(c->m->owned, inner) < 0)
		return -1;
	const char *text = json_string_value(inner);
	int k = add_concept(c, text);
	if (k < 0)
		return -1;
	e->kind = CE_CONCEPT;
	e->concept = k;
	int n = 1;
	for (const char *q = text; *q; q++)
		n += *q == '|';
	struct cpattern *alts = calloc((size_t)n, sizeof *alts);
	if (!alts)
		return -1;
	c->m->concepts[k].alts = alts;
	for (const char *q = text;;) {
		size_t l = strcspn(q, "|");
		json_t *alt = json_stringn(q, l);
		if (!alt || json_array_append_new(c->m->owned, alt) < 0)
			return -1;
		if (compile_pattern(c, json_string_value(alt),
		                    &c->m->concepts[k].alts[c->m->concepts[k].n++]) < 0)
			return -1;
		if (!q[l])
			break;
		q += l + 1;
	}
	return 0;
}

static int compile_pattern(struct compile *c, const char *text, struct cpattern *pat)
{
	if (!(text = spelled(c, text)))
		return -1;
	pat->text = text;
	pat->n = 0;
	pat->e = calloc(strlen(text) / 2 + 1, sizeof *pat->e);
	if (!pat->e)
		return -1;
	for (const char *p = text; *p;) {
		size_t len = strcspn(p, " ");
		if (p[0] == '(') {
			const char *close = strchr(p, ')');
			if (!close)
				return fail(c, "crisis.json: a ( without its ) in %s", text);
			len = (size_t)(close - p) + 1;
			if (compile_group(c, p, len, &pat->e[pat->n++]) < 0)
				return -1;
		} else if (len && compile_elem(c, p, len, &pat->e[pat->n++]) < 0) {
			return -1;
		}
		p += len;
		p += strspn(p, " ");
	}
	if (!pat->n || pat->e[0].kind == CE_GAP || pat->e[pat->n - 1].kind == CE_GAP)
		return fail(c, "crisis.json: a pattern must start and end with a word (%s)", text);
	return 0;
}

static int compile_list(struct compile *c, const json_t *list, struct cpattern **out, int *n)
{
	*n = 0;
	*out = calloc(json_array_size(list) + 1, sizeof **out);
	if (!*out)
		return -1;
	size_t i;
	json_t *item;
	json_array_foreach(list, i, item)
	{
		if (!json_is_string(item))
			return fail(c, "crisis.json: %s holds something that is not a string",
			            "a list");
		if (compile_pattern(c, json_string_value(item), &(*out)[(*n)++]) < 0)
			return -1;
	}
	return 0;
}

static int compile_words(struct compile *c, const json_t *list, int **ids, int *n)
{
	*n = 0;
	*ids = calloc(json_array_size(list) + 1, sizeof **ids);
	if (!*ids)
		return -1;
	size_t i;
	json_t *w;
	json_array_foreach(list, i, w)
	{
		const char *s = json_string_value(w);
		if (s)
			(*ids)[(*n)++] = intern(c, s, strlen(s));
	}
	return 0;
}

static int compile_concept_refs(struct compile *c, const json_t *list, int **out, int *n)
{
	*n = 0;
	*out = calloc(json_array_size(list) + 1, sizeof **out);
	if (!*out)
		return -1;
	size_t i;
	json_t *item;
	json_array_foreach(list, i, item)
	{
		const char *s = json_string_value(item);
		int k = s && s[0] == '@' ? concept_index(c, s + 1, strlen(s) - 1) : -1;
		if (k < 0)
			return fail(c, "crisis.json: needs/unless lists concepts, such as @ME (%s)",
			            s ? s : "?");
		(*out)[(*n)++] = k;
	}
	return 0;
}

static int compile_rule(struct compile *c, const json_t *r, struct crule *rule)
{
	rule->id = json_string_value(json_object_get(r, "id"));
	rule->category = json_string_value(json_object_get(r, "category"));
	const char *match = json_string_value(json_object_get(r, "match"));
	if (!rule->id || !rule->category || !match)
		return fail(c, "crisis.json: every rule needs id, category and match (%s)",
		            rule->id ? rule->id : "?");
	rule->negatable = json_is_true(json_object_get(r, "negatable"));
	json_t *w = json_object_get(r, "window");
	rule->window = w ? (int)json_integer_value(w) : 8;
	if (compile_pattern(c, match, &rule->pat) < 0 ||
	    compile_concept_refs(c, json_object_get(r, "needs"), &rule->needs, &rule->n_needs) <
	        0 ||
	    compile_concept_refs(c, json_object_get(r, "unless"), &rule->unless, &rule->n_unless) <
	        0)
		return -1;
	return 0;
}

static int compile_spelling(struct compile *c, const json_t *spelling)
{
	const char *written;
	json_t *means;
	c->m->spelling = json_object();
	json_object_foreach((json_t *)spelling, written, means)
	{
		const char *s = json_string_value(means);
		if (!s)
			return fail(c, "crisis.json: spelling of %s is not a string", written);
		json_t *ids = json_array();
		for (const char *p = s; *p;) {
			size_t len = strcspn(p, " ");
			char stem[CSTEM_MAX];
			if (len && hv_crisis_stem(c->stemmer, p, len, stem, sizeof stem))
				json_array_append_new(ids,
				                      json_pack("[i,s]", intern(c, p, len), stem));
			p += len;
			p += strspn(p, " ");
		}
		json_object_set_new(c->m->spelling, written, ids);
	}
	return 0;
}

static int compile_fuzzy(struct compile *c, const json_t *list)
{
	size_t n = json_array_size(list), i;
	json_t *w;
	c->m->fuzzy = calloc(n + 1, sizeof *c->m->fuzzy);
	c->m->fuzzy_ids = calloc(n + 1, sizeof *c->m->fuzzy_ids);
	if (!c->m->fuzzy || !c->m->fuzzy_ids)
		return -1;
	json_array_foreach(list, i, w)
	{
		const char *s = json_string_value(w);
		if (!s)
			return fail(c, "crisis.json: %s holds a non-string", "fuzzy");
		c->m->fuzzy[c->m->n_fuzzy] = s;
		c->m->fuzzy_ids[c->m->n_fuzzy++] = intern(c, s, strlen(s));
	}
	return 0;
}

static int compile_concepts(struct compile *c)
{
	struct cmodel *m = c->m;
	const char *name;
	json_t *alts;
	json_object_foreach((json_t *)c->concepts, name, alts)
	{
		if (add_concept(c, name) < 0) /* names first: concepts refer to each other */
			return -1;
	}
	int named = m->n_named = m->n_concepts;
	for (int k = 0; k < named; k++) {
		alts = json_object_get(c->concepts, m->concepts[k].name);
		if (!json_is_array(alts) || !json_array_size(alts))
			return fail(c, "crisis.json: concept %s needs a list of words",
			            m->concepts[k].name);
		if (compile_list(c, alts, &m->concepts[k].alts, &m->concepts[k].n) < 0)
			return -1;
	}
	return 0;
}

static int compile_rules(struct compile *c, const json_t *rules)
{
	size_t i;
	json_t *r;
	c->m->rules = calloc(json_array_size(rules) + 1, sizeof *c->m->rules);
	if (!c->m->rules)
		return -1;
	json_array_foreach(rules, i, r)
	{
		if (compile_rule(c, r, &c->m->rules[c->m->n_rules++]) < 0)
			return -1;
	}
	return 0;
}

struct cmodel *hv_crisis_model_compile(const json_t *data, char *why, size_t n)
{
	struct cmodel *m = calloc(1, sizeof *m);
	struct compile c = {.m = m, .why = why, .why_n = n, .written = json_object()};
	snprintf(why, n, "out of memory");
	if (!m || !(m->vocab = json_object()) || !(m->owned = json_array()))
		goto fail;
	m->n_vocab = 1;
	c.concepts = json_object_get(data, "concepts");
	c.spelling = json_object_get(data, "spelling");
	c.stemmer = sb_stemmer_new("english", "UTF_8");
	if (!c.stemmer || !json_is_object(c.concepts) ||
	    !json_is_array(json_object_get(data, "rules"))) {
		if (c.stemmer)
			snprintf(why, n, "crisis.json needs \"concepts\" and \"rules\"");
		goto fail;
	}
	json_t *nw = json_object_get(data, "negation_window");
	m->negation_window = nw ? (int)json_integer_value(nw) : 4;
	if (compile_spelling(&c, json_object_get(data, "spelling")) < 0 ||
	    compile_fuzzy(&c, json_object_get(data, "fuzzy")) < 0 ||
	    compile_words(&c, json_object_get(data, "negators"), &m->negators, &m->n_negators) <
	        0 ||
	    compile_words(&c, json_object_get(data, "not_negated_before"), &m->breakers,
	                  &m->n_breakers) < 0 ||
	    compile_words(&c, json_object_get(data, "clause_words"), &m->clause_words,
	                  &m->n_clause_words) < 0 ||
	    compile_words(&c, json_object_get(data, "subjects"), &m->subjects, &m->n_subjects) <
	        0 ||
	    compile_concepts(&c) < 0 || compile_rules(&c, json_object_get(data, "rules")) < 0 ||
	    compile_list(&c, json_object_get(data, "exceptions"), &m->exceptions,
	                 &m->n_exceptions) < 0 ||
	    hv_crisis_model_index(m, why, n) < 0 || hv_crisis_model_tables(m) < 0)
		goto fail;
	sb_stemmer_delete(c.stemmer);
	json_decref(c.written);
	return m;
fail:
	if (c.stemmer)
		sb_stemmer_delete(c.stemmer);
	json_decref(c.written);
	hv_crisis_model_free(m);
	return NULL;
}

static void free_pattern(struct cpattern *p)
{
	for (int k = 0; k < p->n; k++) {
		free(p->e[k].ids);
		free(p->e[k].bits);
	}
	free(p->e);
	free(p->first);
}

static void free_patterns(struct cpattern *p, int n)
{
	for (int i = 0; p && i < n; i++)
		free_pattern(&p[i]);
	free(p);
}

void hv_crisis_model_free(struct cmodel *m)
{
	if (!m)
		return;
	if (m->block) { /* read from an image: one allocation, which holds m too */
		free(m->block);
		return;
	}
	free(m->stems);
	free(m->spelled);
	free(m->spelled_ids);
	free(m->spelled_stems);
	free(m->stem_slot);
	free(m->spelled_slot);
	json_decref(m->vocab);
	json_decref(m->spelling);
	json_decref(m->owned);
	free(m->fuzzy);
	free(m->fuzzy_ids);
	free(m->negators);
	free(m->breakers);
	free(m->clause_words);
	free(m->subjects);
	for (int k = 0; m->concepts && k < m->n_concepts; k++) {
		free_patterns(m->concepts[k].alts, m->concepts[k].n);
		free(m->concepts[k].first);
		free(m->concepts[k].single);
	}
	free(m->tnodes);
	free(m->tedges);
	free(m->nnodes);
	free(m->nends);
	free(m->nroot);
	free(m->concepts);
	for (int r = 0; m->rules && r < m->n_rules; r++) {
		free_pattern(&m->rules[r].pat);
		free(m->rules[r].needs);
		free(m->rules[r].unless);
	}
	free(m->rules);
	free_patterns(m->exceptions, m->n_exceptions);
	free(m->rule_from);
	free(m->rule_at);
	free(m->exc_from);
	free(m->exc_at);
	free(m->named_from);
	free(m->named_at);
	free(m->asked_slot);
	free(m->asked_bits);
	free(m->member_bits);
	free(m->complex_from);
	free(m->complex_at);
	free(m->member_from);
	free(m->member_at);
	free(m->member_rest);
	free(m);
}

static const struct cmodel *model;
static pthread_once_t model_once = PTHREAD_ONCE_INIT;

struct cmodel *hv_crisis_model_from_data(char *why, size_t n)
{
	struct hv_error err;
	const json_t *data = hv_content_json("crisis.json", &err);
	if (!data)
		snprintf(why, n, "%.200s", err.msg);
	return data ? hv_crisis_model_compile(data, why, n) : NULL;
}

/* The image the build made (tools/crisis-image.c); a program linked
 * without it, such as the tool that makes it, compiles the data instead. */
static struct cmodel *model_from_image(void)
{
	size_t len;
	const char *image = hv_content_image("crisis-model.img", &len);
	return image ? hv_crisis_image_read(image, len) : NULL;
}

static void load_model(void)
{
	char why[256];
	model = model_from_image();
	if (!model)
		model = hv_crisis_model_from_data(why, sizeof why);
	if (!model)
		fprintf(stderr, "haven: the crisis rules could not be read: %s\n", why);
}

const struct cmodel *hv_crisis_model(void)
{
	pthread_once(&model_once, load_model);
	return model;
}
