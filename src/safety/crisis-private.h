/*
 * crisis-private.h — the pieces of the crisis net, shared by its files
 * and nothing else: the words of a text (crisis-words.c), the rules
 * compiled from data/crisis.json (crisis-model.c), the matcher (crisis.c)
 * and the weighed words (crisis-weights.c, their table crisis-table.c).
 *
 * The idea: every word is reduced to a small integer — spelling repaired,
 * Snowball-stemmed, then looked up in the model's vocabulary — so that
 * matching a rule is comparing integers, and a word the rules never name
 * costs one hash lookup.
 */
#ifndef HAVEN_CRISIS_PRIVATE_H
#define HAVEN_CRISIS_PRIVATE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The labels of the corpus that must raise help (tests/corpus/crisis*.tsv):
 * the categories of suicide-risk screening, which the rules' categories
 * are too.  Every other label is ordinary words. */
static inline int hv_crisis_label(const char *label)
{
	static const char *const crisis[] = {"wish",     "active",   "method", "plan",
	                                     "hopeless", "selfharm", "danger", "harm-other",
	                                     "threat",   NULL};
	for (int i = 0; crisis[i]; i++)
		if (strcmp(label, crisis[i]) == 0)
			return 1;
	return 0;
}

/* A word of the text. */
struct cword {
	int id;            /* vocabulary id; 0 for a word the rules never name */
	size_t start, end; /* byte offsets of the written word it came from */
	uint8_t sentence;  /* a sentence ends before this word (. ! ? or a line) */
	uint8_t clause;    /* a clause ends before it (the above, ; : , or "but") */
	uint8_t negator;   /* its stem is not, never, no or nor (the weighed words' negation) */
	size_t first;      /* the first word read from the same written word, whose stem
	                      it shares (its own index when none): the weighed words look
	                      a stem up once per kind of word */
};

#define CSTEM_MAX 32

struct cwords {
	struct cword *w;
	char (*stem)[CSTEM_MAX]; /* each word's Snowball stem, for the weighed words */
	size_t n, cap;
};

/* A piece of a pattern: one of several words, a concept, or a gap. */
enum celem_kind { CE_WORDS, CE_CONCEPT, CE_GAP };

struct celem {
	enum celem_kind kind;
	int n;         /* CE_WORDS: how many ids; CE_GAP: at most this many words */
	int *ids;      /* CE_WORDS */
	uint8_t *bits; /* CE_WORDS: the same ids as a bitmap over the vocabulary */
	int concept;
};

struct cpattern {
	struct celem *e;
	int n;
	const char *text; /* as written in the data, for explanations */
	uint8_t *first;   /* bitmap: the words a match can start with */
};

struct cconcept {
	const char *name;
	struct cpattern *alts; /* NULL in a model read from an image: the compiler's */
	int n;
	uint8_t *first;  /* bitmap over the vocabulary: words a match can start with */
	uint8_t *single; /* the words a one-word alternative is: a match in one look */
	int trie;        /* the other alternatives as one trie (crisis-trie.c): its root
	                    in the model's tnodes, or -1 when there are none */
	int complex;     /* a named concept's alternatives over a concept or a gap,
	                    which the named trie below does not hold, as a trie of
	                    their own: its root in tnodes, or -1 when none */
};

/* A node of a concept's trie: the alternatives that share what led here
 * go on together, so a prefix they share is matched once.  Its edges are
 * tedges[first ..): n_words one-word steps sorted by word id, then n_others
 * steps over a concept or a gap.  end: an alternative ends here. */
struct ctnode {
	int first, n_words, n_others, end;
};

struct ctedge {
	int kind; /* enum celem_kind: CE_WORDS (one word), CE_CONCEPT or CE_GAP */
	int arg;  /* the word id, the concept, or the gap's most words */
	int child;
};

/* A node of the named trie: every alternative of every named concept that
 * is words alone, in one trie, so one walk from a word finds every such
 * concept starting there.  Its steps are tedges[first .. first + n_words),
 * sorted by word id; the concepts whose alternatives end here are
 * nends[ends .. ends + n_ends), in concept order. */
struct cnnode {
	int first, n_words, ends, n_ends;
};

/* Is id one of ids[0 .. n)? */
static inline int has_id(const int *ids, int n, int id)
{
	for (int i = 0; i < n; i++)
		if (ids[i] == id)
			return 1;
	return 0;
}

/* Is id in the bitmap? */
static inline int cbit(const uint8_t *bits, int id)
{
	return bits[id / 8] >> (id % 8) & 1;
}

/* The next size bytes of a block, 8-byte aligned. */
static inline void *carve(char **at, size_t size)
{
	void *p = *at;
	*at += (size + 7) / 8 * 8;
	return p;
}

/* Is word id one of a words element's? */
static inline int elem_has(const struct celem *e, int id)
{
	return e->bits ? cbit(e->bits, id) : has_id(e->ids, e->n, id);
}

struct crule {
	const char *id, *category;
	struct cpattern pat;
	int negatable;
	int window; /* for needs/unless */
	int *needs; /* concepts each of which must stand within window words */
	int n_needs;
	int *unless; /* concepts that set the rule aside within its sentence */
	int n_unless;
};

/* A stem of the vocabulary and its id; a written word the spelling table
 * knows, and where its words are in the model's spelled_ids/spelled_stems. */
struct cstem {
	const char *stem;
	int id;
};

struct cspelling {
	const char *word;
	int from, n;
};

struct cmodel {
	json_t *vocab;       /* while compiling: stem -> id; NULL in a model read from an image */
	json_t *owned;       /* strings the model made itself (the phrases of groups) */
	int n_vocab;         /* ids run 1..n_vocab-1 */
	json_t *spelling;    /* while compiling: folded written word -> [[id, stem]...] ("kms") */
	struct cstem *stems; /* the vocabulary sorted by stem, for bsearch */
	int n_stems;
	struct cspelling *spelled; /* the spelling table sorted by written word */
	int n_spelled;
	int *spelled_ids;           /* the words each written word stands for: ids ... */
	const char **spelled_stems; /* ... and stems, [from, from + n) of its entry */
	/* Both tables hashed (FNV-1a of the string, open addressing over a
	 * power of two of slots, each its place in the table + 1, or 0): a
	 * long text looks up every kind of word it says in each. */
	int *stem_slot, n_stem_slot, *spelled_slot, n_spelled_slot;
	void *block;        /* a model read from an image: its one allocation (crisis-image.c) */
	const char **fuzzy; /* long words also heard with one slip of the finger */
	int *fuzzy_ids;
	int n_fuzzy;
	int *negators, n_negators;
	int *breakers, n_breakers; /* a negator right before these is no negation */
	int *clause_words, n_clause_words;
	int *subjects, n_subjects; /* a negator before a new subject negates another clause */
	int negation_window;
	int num_id; /* the id every number takes ("#num"), or 0 */
	struct cconcept *concepts;
	int n_concepts;
	int n_named; /* concepts [0, n_named) have names in the data; the rest are (groups) */
	struct crule *rules;
	int n_rules;
	struct cpattern *exceptions;
	int n_exceptions;
	/* Which rules and exceptions can start at a word: for word id w, the
	 * indexes rule_at[rule_from[w] .. rule_from[w + 1]), in rule order. */
	int *rule_from, *rule_at, *exc_from, *exc_at;
	/* The same for the named concepts: which can start at word id w. */
	int *named_from, *named_at;
	/* The concepts a rule asks after beyond its first element, named or
	 * not, numbered apart (asked_slot[k], -1 for another concept; n_asked
	 * of them), and for word id w the ones it can start as a bitmap over
	 * those numbers, asked_words 64-bit words a row from asked_bits[w *
	 * asked_words]: a sentence's words say at once which could match in
	 * it, where asking each concept about each word cost a look a pair. */
	int *asked_slot, n_asked, asked_words;
	uint64_t *asked_bits;
	/* Every concept's trie, in two flat arrays (the named trie's steps are
	 * in tedges too). */
	struct ctnode *tnodes;
	int n_tnodes;
	struct ctedge *tedges;
	int n_tedges;
	/* The named trie: its nodes, the concepts ending at each, and for each
	 * word id the node its first step leads to (nroot[id], -1 for none). */
	struct cnnode *nnodes;
	int n_nnodes;
	int *nends, n_nends;
	int *nroot; /* n_vocab entries */
	/* For a named concept k with a trie of its own (complex), the named
	 * concepts that alone are one of its alternatives there ("@METHOD_ANY"
	 * is "@HANG", "@WEAPON", ...): all of them as a bitmap over the named
	 * concepts (row k of member_bits, n_named / 8 + 1 bytes a row); those
	 * with a trie of their own as member_at[member_from[k] ..
	 * member_from[k + 1]), in the trie's order; and member_rest[k], 1 when
	 * the trie holds other steps besides, to walk.  Worked out once, where
	 * each reading sorted the trie's steps again at every word. */
	uint8_t *member_bits;
	int *member_from, *member_at, *member_rest;
	/* For word id w, the named concepts with a trie of their own that can
	 * start with it: complex_at[complex_from[w] .. complex_from[w + 1]). */
	int *complex_from, *complex_at;
};

/* The model, read once from the image the build made of data/crisis.json
 * (crisis-image.c), or compiled from the data itself when this program
 * was linked without one; NULL (and a message on stderr) if the data is
 * malformed, which the tests make a build defect. */
const struct cmodel *hv_crisis_model(void);

/* The model compiled afresh from data/crisis.json, never from an image
 * (for the tool that makes the image, and the tests that compare them).
 * Free with hv_crisis_model_free. */
struct cmodel *hv_crisis_model_from_data(char *why, size_t n);

/* A compiled model as one flat image, for the build to embed: a malloc'd
 * buffer of *len bytes, or NULL when out of memory. */
void *hv_crisis_image_write(const struct cmodel *m, size_t *len);

/* The model an image holds, without compiling: the image (len bytes,
 * 16-byte aligned) must outlive it.  NULL when the image is not one this
 * program wrote (another format or build).  Free with hv_crisis_model_free. */
struct cmodel *hv_crisis_image_read(const void *image, size_t len);

/* The indexes of a compiled model (crisis-index.c): what each concept,
 * rule and exception can start with, and by word; 0, or -1 (why[] filled
 * when the data is at fault). */
int hv_crisis_model_index(struct cmodel *m, char *why, size_t n);

/* The vocabulary and the spelling table as sorted arrays, from the JSON
 * the compiler built them in; 0, or -1 when out of memory. */
int hv_crisis_model_tables(struct cmodel *m);

/* Build every concept's trie from its alternatives of more than one word,
 * and the named trie (crisis-trie.c); 0, or -1 when out of memory. */
int hv_crisis_build_tries(struct cmodel *m);

/* The step out of a node by word id, by a binary search over its word
 * steps: the child, or -1. */
static inline int hv_crisis_trie_word(const struct ctedge *e, int n_words, int id)
{
	int lo = 0, hi = n_words;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (e[mid].arg < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n_words && e[lo].arg == id ? e[lo].child : -1;
}

/* Compile a model from a parsed crisis.json, which must outlive it (the
 * model borrows its strings); NULL with why[] filled. */
struct cmodel *hv_crisis_model_compile(const json_t *data, char *why, size_t n);
void hv_crisis_model_free(struct cmodel *m);

/* One written word folded (case, NFC, apostrophes out) and Snowball-stemmed
 * into buf (n bytes); its length, or 0 when nothing is left. */
struct sb_stemmer;
size_t hv_crisis_stem(struct sb_stemmer *stemmer, const char *word, size_t len, char *buf,
                      size_t n);

/* The vocabulary id of a stem, or 0. */
int hv_crisis_stem_id(const struct cmodel *m, const char *stem);

/* What the spelling table says a folded written word stands for, or NULL. */
const struct cspelling *hv_crisis_spelled(const struct cmodel *m, const char *word);

/* Cut text into the model's words; 0, or -1 when out of memory.  Free
 * with hv_crisis_words_free. */
int hv_crisis_words(const struct cmodel *m, const char *text, size_t len, struct cwords *out);
void hv_crisis_words_free(struct cwords *ws);

/* For every word of ws, the first word after it that starts a new
 * sentence (limit[ws->n]); and the first word of the sentence of word pos. */
void hv_crisis_sentence_ends(const struct cwords *ws, size_t *limit);
size_t hv_crisis_sentence_start(const struct cwords *ws, size_t pos);

/* The weighed words (crisis-weights.c): the keys word i adds, each given
 * to fn — its stem ("-stem" under a negation) and the pair it starts (not
 * at a sentence's end) — shared with the tool that learns the weights. */
typedef void (*hv_crisis_key_fn)(const char *key, void *ctx);
void hv_crisis_word_keys(const struct cwords *ws, size_t i, hv_crisis_key_fn fn, void *ctx);

/* The key of named concept k found at word i: "@NAME", "-@NAME" under a
 * negation. */
void hv_crisis_concept_key(const struct cmodel *m, const struct cwords *ws, size_t i, int k,
                           char *key, size_t n);

/* Everything the rules see in a text, for the weighed words and the tool
 * that learns them: seen(i, k, -1, ctx) for each named concept k matching
 * from word i, seen(i, -1, r, ctx) for each rule r holding there (its
 * exceptions, negation, needs and unless all passed).  0, or -1 when out of
 * memory. */
typedef void (*hv_crisis_seen_fn)(size_t i, int concept, int rule, void *ctx);
int hv_crisis_read(const struct cmodel *m, const struct cwords *ws, hv_crisis_seen_fn seen,
                   void *ctx);

/* The key of rule r holding at a word: "rule:id". */
void hv_crisis_rule_key(const struct cmodel *m, int r, char *key, size_t n);

/* The weighed words' table (crisis-table.c): data/crisis-weights.tsv's
 * "key<TAB>weight" lines, the keys where they lie in the file. */
struct weight {
	uint32_t key, len; /* bytes [key, key + len) of the file: not NUL-terminated */
	double w;
};

struct weighed {
	const char *bytes; /* the embedded file the keys are in */
	size_t len;
	const struct weight *table;
	size_t n;
	double bias, threshold, rule_threshold;
	size_t window;
	int *concept, *negated, *rule; /* places in the table, -1 for none */
	const uint32_t *slot;          /* open addressing over table: place + 1, or 0 */
	size_t nslot;                  /* a power of two, at least twice n */
	void *owned;                   /* table and slots made here; NULL from an image */
};

/* The table, read once (for model m's concepts and rules); NULL when the
 * weights cannot be read. */
const struct weighed *hv_crisis_weighed(const struct cmodel *m);

/* FNV-1a, the table's hash: from HV_CRISIS_FNV_BASIS, carried on over len
 * more bytes of key (a pair's key goes on from its first word's). */
#define HV_CRISIS_FNV_BASIS 2166136261u
uint32_t hv_crisis_hash_more(uint32_t h, const char *key, size_t len);

/* Where the key of len bytes, hashed h, sits in the table, or -1. */
int hv_crisis_place(const struct weighed *wd, const char *key, size_t len, uint32_t h);

/* The weight of one key ("suicid", "@METHOD_DRUG", "rule:kill-self"). */
double hv_crisis_key_weight(const struct cmodel *m, const char *key);

/* How little the words may weigh before they overrule a rule that holds
 * (data/crisis-weights.tsv's rule_threshold). */
double hv_crisis_rule_threshold(const struct cmodel *m);

/* The index of data/crisis-weights.tsv as one flat image (malloc'd, *len
 * bytes): made afresh from the embedded file, for the build to embed
 * (tools/weights-image.c), or (afresh 0) of the index in use, NULL before
 * the net has weighed anything; *from_image says whether the one in use
 * was read from the build's image. */
void *hv_crisis_weights_image(int afresh, size_t *len, int *from_image);

/* The first rule that holds in ws, named in hit (crisis.c); 0 when none
 * does, or when out of memory. */
struct hv_crisis_hit;
int hv_crisis_first_rule(const struct cmodel *m, const struct cwords *ws,
                         struct hv_crisis_hit *hit);

/* hv_crisis_scan with the rules alone, for the tool that learns the
 * weights for what the rules miss. */
struct hv_crisis_hit;
int hv_crisis_scan_rules(const char *text, size_t len, struct hv_crisis_hit *hit);

/* 1 when a passage of ws weighs over the threshold: its words [*from,
 * *to); *score is the heaviest passage's weight either way, and *ruled
 * (when not NULL) says whether any rule held anywhere in ws. */
int hv_crisis_weigh(const struct cmodel *m, const struct cwords *ws, size_t *from, size_t *to,
                    double *score, int *ruled);

#endif
