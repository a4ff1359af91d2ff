/*
 * words-train.h — what the three files of bench/words-train share: the
 * corpus of entries with their keys and out-of-fold scores, the two modes
 * (check and coach), and the weights file.  words-train.c fits and
 * chooses, words-corpus.c reads the corpora into keys, words-file.c
 * writes the weights file and compares it with the one checked in.
 */
#ifndef HAVEN_WORDS_TRAIN_H
#define HAVEN_WORDS_TRAIN_H

#include <jansson.h>
#include <stdio.h>

#include "corpus-read.h"
#include "patterns/patterns.h"

#define FOLDS     5
#define KINDS_MAX 16
#define FILES_MAX 8
#define NEVER     1000.0 /* a threshold no passage reaches */

struct mode;

struct example {
	unsigned want;  /* labelled kinds, a bit each */
	unsigned ruled; /* kinds the rules found */
	unsigned quiet; /* kinds that give way to the draft's secure signs (coach) */
	int any_rule;   /* the rules found anything at all */
	int neutral, file;
	int *f, n;     /* every key of the entry, once */
	int **pf, *pn; /* each passage's keys */
	int np;
	double score[KINDS_MAX]; /* out of fold: the heaviest passage, per kind */
	unsigned held[2];        /* kinds the weights name with thresholds chosen without
	                          * the entry's fold: alone, and after the rules */
	int vetoed;              /* one passage weighing under the veto chosen without its fold */
	char *text, *labels;
};

struct corpus {
	const struct mode *mode;     /* check or coach */
	const struct hv_ruleset *rs; /* the mode's rule set */
	struct example *ex;
	int n;
	size_t cap;
	struct keyset ks; /* the keys by number */
	int nkinds;
	const char *kind[KINDS_MAX];
	int self_key[KINDS_MAX]; /* "rule:kind", unseen by its own kind's model */
	int any;                 /* the model of any kind at all (HV_LEARNT_ANY) */
	const char *files[FILES_MAX];
	int nfiles;
};

/* What differs between the two, each tried out of fold:
 * pos_weight: how much more an entry of the kind counts than one without
 * it.  A kind is a ninth of the drafts, and the coach hears more of them,
 * at the same false alarms, when they count twice; the thoughts do not
 * (fewer named, more alarms).
 * by_neutral: a kind's threshold is set against the neutral entries only,
 * not against every entry without the kind.  What a person feels most is
 * a secure message called a protest; a protest named with a second kind
 * beside its own matters less, and out of fold the coach hears more
 * drafts and names more of them rightly so.  The thoughts have too few
 * neutral entries to set twelve thresholds on.
 * veto: the share of labelled entries (read as one passage) whose "any"
 * weight, out of fold, may fall under the veto, the weight under which a
 * short text's findings are let go (src/patterns/learnt-any.c); 0 for
 * none.  The coach's rules, written from one half, fire on many calm
 * drafts of the other: one protest in a hundred let pass buys that back. */
struct mode {
	const char *name, *rules, *weights;
	double pos_weight;
	int by_neutral;
	double veto;
};

/* words-corpus.c: the kinds learnt, the rule set's in its order that
 * the development half at path labels, then "any"; -1 when path cannot
 * be read.  Then each file's entries, keys and all. */
int words_choose_kinds(struct corpus *c, const char *path);
void words_read_corpus(struct corpus *c, const char *path);

/* words-file.c: the weights file, and whether the one at path is it. */
void words_write_weights(FILE *out, const struct corpus *c, double **w, const double *b,
                         const double *t, double veto, double l2, double budget);
int words_same_weights(const char *path, const char *mine);

#endif
