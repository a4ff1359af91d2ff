/*
 * patterns.h — noticing thinking patterns and protest phrasing in a
 * person's own words, explainably.
 *
 * The idea: text is cut into folded words (utf8proc case folding, curly
 * apostrophes made plain, contractions spelled out: "don’t" → "do not"),
 * each word remembering the bytes of the ORIGINAL text it came from.  Rules
 * kept in data/ are short word sequences ("know @they think|thinks"); a
 * rule that matches becomes a finding naming its kind, the exact bytes it
 * rests on and a one-line reason.  Negation ("not always") and distancing
 * ("I don't think I'm a failure") silence a rule: no finding is better than
 * a wrong one.
 *
 * Rule-set files (data/patterns.json, data/coach.json) share one shape:
 *   "lists":    {"name": ["word", ...]}       referred to as @name; exact words
 *   "concepts": {"name": ["word", ...]}       also @name, but each word stands for
 *                                             every word of its Snowball stem:
 *                                             "annoyed" hears "annoying", "annoys"
 *   "kinds":    {"kind": {"label", "why"}}    the default reason per kind
 *   "rules":    [{"kind", "seq", "why"?, "negatable"?, "unless"?}]
 * "unless" is alternatives like one element ("said|@evidence"): no finding
 * when a word of the sentence is one of them.  Lists and concepts of
 * patterns.json are shared by every rule set; a file's own win.
 * A seq is elements separated by spaces:
 *   word | a|b|@list     one word from the alternatives
 *   !a|b|@list           one word that is none of them (not first or last)
 *   ?ELEM                optional word
 *   ~N                   up to N words of anything (same sentence)
 *   *                    any one word
 *   ^  $                 start / end of a sentence
 * The tokeniser's tables (contractions, negators, distancers) live in
 * data/patterns.json and are shared by every rule set.
 */
#ifndef HAVEN_PATTERNS_H
#define HAVEN_PATTERNS_H

#include <jansson.h>
#include <stddef.h>

#include "core/error.h"

/* The longest text checked at once, in bytes. */
#define HV_CHECK_MAX 65536

/* One folded word and where it came from in the original text. */
struct hv_tok {
	size_t start, end; /* byte offsets into the original text */
	char *norm;        /* folded, plain-apostrophe, contraction-expanded */
	const char *stem;  /* norm's Snowball stem (English); lives with norm */
	int sentence;      /* sentences split at . ! ? ; and new lines */
	int clause;        /* clauses also split at , : dashes and brackets */
	size_t type;       /* the first token with the same norm (its own index when it
	                      is the first): what depends only on the word is worked
	                      out once per kind of word, not once per token */
};

struct hv_toks {
	struct hv_tok *v;
	size_t n, cap;
};

/*
 * Cut text (len bytes, any bytes at all: invalid UTF-8 is a separator) into
 * words.  Returns 0, or -1 when memory ran out.
 */
int hv_tokenize(const char *text, size_t len, struct hv_toks *out);
void hv_toks_free(struct hv_toks *t);

/* The index of the first word whose span starts at or after byte (t->n
 * when none does).  Words start in the order of the text, so it halves. */
size_t hv_toks_at(const struct hv_toks *t, size_t byte);

/* True when a folded word is one of the negators ("not", "no", ...). */
int hv_tok_is_negator(const char *norm);

/* Words a negation reaches across: "not ALL my fault", "not REALLY true". */
int hv_tok_is_negation_skip(const char *norm);

struct hv_ruleset;

/*
 * The compiled rules of a data file ("patterns.json", "coach.json"),
 * compiled once and kept for the life of the process.  NULL with err set
 * when the file is missing or a rule is malformed (a build defect, named).
 */
const struct hv_ruleset *hv_ruleset_get(const char *file, struct hv_error *err);

/*
 * Findings of a rule set in tokenised text: an array of
 * {"kind","start","end","match","why"}, ordered by start.  At most one
 * finding per kind covers any byte; a match that is not valid UTF-8 is
 * left out rather than shown wrongly.
 */
json_t *hv_ruleset_find(const struct hv_ruleset *rs, const char *text, size_t len,
                        const struct hv_toks *toks);

/*
 * Each word of toks as the rules read it, for the learnt reading
 * (learnt.c): fn(i, stem, NULL, negator) once with the word's Snowball stem
 * (negator: the word is one of patterns.json's negators), then
 * fn(i, stem, name, negator) for each list or concept of the rule set
 * holding it.  -1 when memory ran out.
 */
typedef void (*hv_word_fn)(size_t i, const char *stem, const char *cls, int negator, void *ctx);
int hv_ruleset_each_word(const struct hv_ruleset *rs, const struct hv_toks *toks, hv_word_fn fn,
                         void *ctx);

/* The kinds a rule set knows, in file order (borrowed; do not decref). */
const json_t *hv_ruleset_kinds(const struct hv_ruleset *rs);

/*
 * `haven check`: {"findings": [...]} for text of len bytes.  HV_EINVAL when
 * the text is longer than HV_CHECK_MAX.
 */
json_t *hv_check(const char *text, size_t len, struct hv_error *err);

/* True when kind is one of the thinking patterns check can name. */
int hv_pattern_kind_valid(const char *kind);

/* "mind reading" for "mind-reading"; NULL when unknown. */
const char *hv_pattern_label(const char *kind);

/* "all-or-nothing, overgeneralization, ..." for messages. */
const char *hv_pattern_kind_list(void);

#endif
