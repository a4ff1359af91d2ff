/*
 * corpus-read.h — what the trainers of weighed words share (crisis-train,
 * words-train; crisis-score reads its corpus through it too): reading a
 * file whole, and a corpus (or a weights file) of KINDS<TAB>TEXT lines
 * through it; room in their growing arrays; numbering the keys its entries
 * hold, with how many entries hold each; and the two steps of a fit that
 * do not depend on what is learnt.
 */
#ifndef HAVEN_CORPUS_READ_H
#define HAVEN_CORPUS_READ_H

#include <jansson.h>
#include <stddef.h>

/* Room for need items in the array arr (a T *) of capacity cap (a
 * size_t), doubling from first: core's hv_grow (core/grow.h), with no
 * memory the end of the program, as a one-shot trainer may. */
#define CORPUS_GROW(arr, cap, need, first)                                                         \
	corpus_grow(&(arr), &(cap), (need), sizeof *(arr), (first))
void corpus_grow(void *items, size_t *cap, size_t need, size_t each, size_t first);

/* Keys by number: the text of each and in how many entries it stands. */
struct keyset {
	json_t *index; /* key -> number */
	char **keys;
	int *df;
	int n;
	size_t cap;
};

/* key's number, a new one when it is not known yet (its df 0 then). */
int keyset_number(struct keyset *ks, const char *key);
void keyset_free(struct keyset *ks);

/* The file at path whole and NUL-ended; NULL when it cannot be read. */
char *corpus_slurp(const char *path);

/* Every line of the file at path that holds a tab, its labels (before the
 * tab) and its text, to fn: lines starting with '#' and blank ones are
 * passed over, a line's end (\n or \r\n) is left out.  0, or -1 when the
 * file cannot be read. */
int corpus_lines(const char *path, void (*fn)(char *labels, const char *text, void *ctx),
                 void *ctx);

/* corpus_lines for a corpus: a file that cannot be read ends the program,
 * prog saying so. */
void corpus_each(const char *path, const char *prog,
                 void (*fn)(char *labels, const char *text, void *ctx), void *ctx);

/* The weight of keys f[0..n) with bias b, counting only the keys kept. */
double corpus_weigh(const double *w, double b, const int *f, int n, const int *keep);

/* order[0..n) shuffled the same way every run, so a fit is repeatable. */
void corpus_shuffle(int *order, int n);

#endif
