/*
 * learnt-private.h — the weights of check and coach as learnt.c reads
 * them, shared with the file that loads them (learnt-weights.c) and the
 * build's tool that indexes them once (tools/weights-image.c).
 *
 * The idea: nothing here holds a pointer into memory of its own making.
 * A feature names its key by its place in the weights file, so the arrays
 * and the hash table can be made at build time and used where they lie in
 * the program, or made at start from the same file, to the same bytes.
 */
#ifndef HAVEN_LEARNT_PRIVATE_H
#define HAVEN_LEARNT_PRIVATE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define KINDS_MAX 16
#define KIND_NAME 48

struct entry {
	int32_t kind;
	int32_t milli; /* w in thousandths, as the file wrote it: exact sums */
	double w;
};

/* One feature and its weights: entries [first, first + n); its key is
 * bytes [key, key + len) of the weights file, not NUL-terminated. */
struct feature {
	uint32_t key, len;
	uint32_t first, n;
};

struct learnt {
	const char *file;  /* "patterns-weights.tsv" */
	const char *bytes; /* the embedded file the keys are in ... */
	size_t len;        /* ... and its length */
	int nkinds;
	char kind[KINDS_MAX][KIND_NAME];
	size_t kind_len[KINDS_MAX];
	double bias[KINDS_MAX], threshold[KINDS_MAX];
	const struct feature *f;
	size_t nf;
	const struct entry *e;
	size_t ne;
	const uint32_t *slot; /* open addressing over f: place + 1, or 0 */
	size_t nslot;
	void *owned; /* what was allocated here (NULL when read from an image) */
};

/* The weights of a data file, read once (from the build's image when there
 * is one); NULL when there are none. */
const struct learnt *hv_learnt_get(const char *file);

/* The place of a feature, or -1. */
long hv_learnt_feature(const struct learnt *lw, const char *key);

/* Between learnt.c and learnt-keys.c: the first word of toks starting at
 * or after byte; and the features of every word of a text, as (word,
 * feature) pairs in the order hv_learnt_keys gives the keys (malloc'd
 * *word and *feat, *n of them, also when -1: memory ran out). */
struct hv_toks;
struct hv_ruleset;
int hv_learnt_word_features(const struct learnt *lw, const struct hv_ruleset *rs,
                            const struct hv_toks *toks, const json_t *findings, size_t **word,
                            long **feat, size_t *n);

/* The weights of a file's bytes, indexed afresh (never from an image);
 * NULL when out of memory or out of order.  Free with hv_learnt_free. */
struct learnt *hv_learnt_from_bytes(const char *file, const char *bytes, size_t len);
void hv_learnt_free(struct learnt *lw);

/* The index of lw as one flat image for the build to embed: malloc'd, *len
 * bytes.  Reading it back takes the file's bytes it was made from; NULL
 * when the image is not one this build made of exactly those bytes.  The
 * result points into the image, which must outlive it. */
void *hv_learnt_image_write(const struct learnt *lw, size_t *len);
struct learnt *hv_learnt_image_read(const char *file, const char *bytes, size_t len,
                                    const void *image, size_t image_len);

#endif
