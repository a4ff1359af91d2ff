/*
 * rules-private.h — a compiled rule set of check or coach, shared by the
 * compiler (rules-compile.c, rules-sets.c), the matcher (rules.c) and its
 * image (rules-image.c), which the build makes once (tools/rules-image.c)
 * so haven need not compile at start.
 */
#ifndef HAVEN_RULES_PRIVATE_H
#define HAVEN_RULES_PRIVATE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "patterns.h"

enum elem_type { E_WORD, E_NOT, E_ANY, E_GAP, E_BOS, E_EOS };

/* A set of strings numbered 0.. in the order they were added. */
struct vocab {
	char **w;
	size_t n, cap;
	int32_t *slot; /* open addressing: index + 1, or 0 */
	size_t nslot;
};

/* A sorted array of numbers: words (by the vocabulary) and stems. */
struct ids {
	int32_t *v;
	size_t n, cap;
};

struct wlist {
	const char *name;
	int stemmed; /* a concept: its words match every word of the same stem */
	struct ids ids;
};

struct elem {
	enum elem_type type;
	int optional;
	int gap;               /* E_GAP: at most this many words */
	struct ids word, stem; /* E_WORD, E_NOT: the alternatives */
};

struct rule {
	const char *kind, *why;
	int kind_no; /* the kind's place in "kinds", so kinds compare as numbers */
	int negatable;
	struct elem *e;
	int n;
	struct elem unless; /* no finding when a word of the sentence is one of these */
	int has_unless;
	int last_known; /* its last element is a word: a sentence without it is skipped */
};

struct distancer {
	int32_t *w;
	int n;
};

/* For each word (and each stem) number, the rules that can begin with it:
 * rules[start[id] .. start[id + 1]). */
struct openers {
	size_t *start;
	size_t *rules;
};

struct hv_ruleset {
	const char *file;
	/* The kinds of "kinds", as JSON (hv_ruleset_kinds: from an image, parsed
	 * from kinds_text the first time it is asked for), and their names and
	 * reasons in file order, by kind_no, which matching needs at once. */
	const json_t *kinds;
	const char *kinds_text;
	size_t nkinds;
	const char **kind_name, **kind_why;
	struct vocab words, stems;
	struct wlist *lists;
	size_t nlists;
	struct rule *rules;
	size_t nrules;
	struct distancer *dist;
	size_t ndist;
	uint8_t *negator, *neg_skip; /* by word number */
	struct openers by_word, by_stem;
	struct openers last_word, last_stem;   /* rules by the word that ends them */
	struct openers word_lists, stem_lists; /* lists and concepts by word and stem */
	int from_image;      /* its lists, strings and tables point into the image */
	json_t *owned_kinds; /* read from an image: kinds is its own */
};

/* A rule set compiled afresh from data file (never from an image), with
 * err set when the data is malformed. */
struct hv_ruleset *hv_ruleset_compile(const char *file, struct hv_error *err);

/* Free a rule set from hv_ruleset_compile or hv_ruleset_image_read (the
 * ones hv_ruleset_get keeps live as long as the process). */
void hv_ruleset_free(struct hv_ruleset *rs);

/* A compiled rule set as one image for the build to embed: malloc'd, *len
 * bytes; NULL when out of memory. */
void *hv_ruleset_image_write(const struct hv_ruleset *rs, size_t *len);

/* The rule set an image holds, pointing into the image (which must
 * outlive it); NULL when the image was not made by this build from exactly
 * the embedded data files it compiles. */
struct hv_ruleset *hv_ruleset_image_read(const char *file, const void *image, size_t len);

/* The embedded image of a data file's rules ("patterns.json" ->
 * "patterns-rules.img"), or NULL. */
const char *hv_ruleset_image_of(const char *file, size_t *len);

/* A table of patterns.json the tokenizer reads ("contractions", "endings",
 * "s_is", "negators", "negation_skip"): from the build's image of the
 * rules when there is one, so patterns.json is not parsed for it. */
const json_t *hv_patterns_table(const char *key);

/* The place of a kind in the rule set's "kinds", or -1; its reason, or
 * NULL.  Neither parses the kinds' JSON. */
int hv_ruleset_kind_no(const struct hv_ruleset *rs, const char *kind);
const char *hv_ruleset_kind_why(const struct hv_ruleset *rs, const char *kind);

/* The names and reasons of rs->kinds, by kind_no (compiled sets; -1 when
 * memory ran out). */
int hv_ruleset_name_kinds(struct hv_ruleset *rs);

/* The vocabulary and sets of numbers (rules-sets.c). */
/* The number of the n bytes at s in v, or -1 when v does not hold them. */
int32_t hv_rs_vocab_find(const struct vocab *v, const char *s, size_t n);
/* The number of s, added when new; -1 when memory ran out. */
int32_t hv_rs_vocab_add(struct vocab *v, const char *s);
/* Add one number, or all of another set's; -1 when memory ran out. */
int hv_rs_ids_add(struct ids *s, int32_t id);
int hv_rs_ids_merge(struct ids *s, const struct ids *from);
/* Sort the set and drop repeats, so hv_rs_ids_has can search it. */
void hv_rs_ids_seal(struct ids *s);

/* Does the sealed set hold id?  Inline: matching asks it for every word of
 * a text against every element a rule tries. */
static inline int hv_rs_ids_has(const struct ids *s, int32_t id)
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

#endif
