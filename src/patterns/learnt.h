/*
 * learnt.h — the second reading of `haven check` and `haven coach`: words
 * weighed by what the development corpora taught, beside the rules.
 *
 * The rules name phrases; people say the same things in words no rule
 * names.  So, as the crisis net does (src/safety/crisis-weights.c), each
 * kind of a rule set also has a logistic model, one kind against the rest,
 * over the keys of a passage: Snowball stems, pairs of adjacent stems, the
 * lists and concepts of the rule set the words belong to ("@neg_trait_c"),
 * the stem opening each sentence ("^whatev"), and the kinds the rules
 * already found there ("rule:labeling").  A stem or
 * class within three words after "not", "never", "no" in the same clause
 * is read as its negation ("-alway").  The weights live in data/ (e.g.
 * data/patterns-weights.tsv), learnt by bench/words-train.c from the
 * development halves only: `make words-weights`.
 *
 * When a kind's passage weighs over its threshold and no finding of that
 * kind is there already, a finding of that kind is added: the heaviest
 * sentence of the passage, with the kind's own reason from the rule file.
 * One more model weighs "any kind at all" (HV_LEARNT_ANY): many more
 * entries teach it, so it hears a pattern where no one kind's model is
 * sure; where nothing at all was found, it names the kind weighing most.
 */
#ifndef HAVEN_LEARNT_H
#define HAVEN_LEARNT_H

#include <jansson.h>
#include <stddef.h>

#include "patterns.h"

/* The model of any kind at all against none: where nothing was found and
 * no one kind weighs enough, a passage weighing as "some pattern" gets the
 * kind it weighs most as. */
#define HV_LEARNT_ANY "any"

/* Texts up to twice this many words are one passage; longer ones are read
 * in passages of whole sentences about this long. */
#define HV_LEARNT_WINDOW 40

/*
 * The keys of tokenised text, word by word: fn(word, key) for each, in no
 * particular order and perhaps more than once.  findings are what the
 * rules found ({"kind","start",...}, byte offsets); each adds a key at
 * its first word ("rule:kind").  -1 when memory ran out.
 */
typedef void (*hv_key_fn)(size_t word, const char *key, void *ctx);
int hv_learnt_keys(const struct hv_ruleset *rs, const struct hv_toks *toks, const json_t *findings,
                   hv_key_fn fn, void *ctx);

/* The passages [from, to) of words that are weighed, in order. */
typedef void (*hv_passage_fn)(size_t from, size_t to, void *ctx);
void hv_learnt_passages(const struct hv_toks *toks, hv_passage_fn fn, void *ctx);

/*
 * Add to findings (the rules' own, ordered by start) the findings the
 * weights of data file weights ("patterns-weights.tsv") hear and the rules
 * did not, keeping the order.  A missing weights file adds nothing.
 * Returns the number added, or -1 when memory ran out.
 */
int hv_learnt_find(const char *weights, const struct hv_ruleset *rs, const char *text, size_t len,
                   const struct hv_toks *toks, json_t *findings);

/*
 * learnt-any.c: what the model of any kind at all weighs a text read as
 * one passage (bias and words, rules' findings unseen) into *weight: 1
 * when so weighed; 0 when the text is longer, empty or the file has no
 * such model; -1 when memory ran out.  hv_learnt_veto: the weight of the
 * file's "=veto/any" line, under which the words say plainly "none of
 * these" (-INFINITY when there is none).
 */
int hv_learnt_any(const char *weights, const struct hv_ruleset *rs, const struct hv_toks *toks,
                  double *weight);
double hv_learnt_veto(const char *weights);

#endif
