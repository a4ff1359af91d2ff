/*
 * learnt-weights.c — the weights of check and coach
 * (data/patterns-weights.tsv, data/coach-weights.tsv), read once per
 * file: cut into features and their weights, and a hash table of the
 * features, since a text's keys are looked up by the thousand.  The
 * file has crisis-weights.tsv's shape: "key<TAB>weight" lines, weights in
 * thousandths, where a key is "FEATURE/KIND" (a feature never holds a
 * "/"), and "=bias/KIND", "=threshold/KIND" lines.  Lines are in order of
 * feature, then kind, so a feature's weights for every kind sit together;
 * the keys are not copied out of the program's own copy of the file.
 *
 * Cutting and indexing a file of tens of thousands of lines cost more
 * than reading a long text with it, and every `haven check` paid it.  So
 * the build does it once (tools/weights-image.c) and embeds the result as
 * an image: the arrays exactly as here, keys named by their place in the
 * file, nothing to fix up.  A running haven uses the image where it lies,
 * after checking it was made by this build from exactly the bytes it
 * embeds; anything else, and it indexes the file itself, to the same
 * tables (the tests hold the two to be the same bytes).
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "core/hash.h"
#include "core/image.h"
#include "learnt-private.h"

#define FILES_MAX    4
#define IMAGE_MAGIC  "hvlearnt"
#define IMAGE_FORMAT 2 /* 2: entries carry their thousandths */

static struct learnt *loaded[FILES_MAX];
static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;

static int cmp_bytes(const char *a, size_t an, const char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);
	return c ? c : (an > bn) - (an < bn);
}

/* The number of a kind, first trying the one after the last line's: the
 * file lists each feature's kinds in the same order. */
static int kind_number(struct learnt *lw, const char *name, size_t len, int *hint)
{
	int h = *hint < lw->nkinds ? *hint : 0;
	for (int step = 0; step < lw->nkinds; step++) {
		int k = (h + step) % lw->nkinds;
		if (lw->kind_len[k] == len && memcmp(lw->kind[k], name, len) == 0)
			return *hint = k + 1, k;
	}
	if (lw->nkinds == KINDS_MAX || len >= KIND_NAME)
		return -1;
	memcpy(lw->kind[lw->nkinds], name, len);
	lw->kind[lw->nkinds][len] = '\0';
	lw->kind_len[lw->nkinds] = len;
	lw->bias[lw->nkinds] = 0;
	lw->threshold[lw->nkinds] = INFINITY; /* no threshold: the kind never speaks */
	*hint = lw->nkinds + 1;
	return lw->nkinds++;
}

/* Cut the file's lines into features (f), their weights (e) and the
 * settings. */
static int read_weights(struct learnt *lw, struct feature *f, struct entry *e, const char *bytes,
                        size_t len)
{
	const char *end = bytes + len;
	int hint = 0;
	for (const char *line = bytes, *next; line < end; line = next) {
		const char *eol = memchr(line, '\n', (size_t)(end - line));
		next = eol ? eol + 1 : end;
		eol = eol ? eol : end;
		const char *tab = memchr(line, '\t', (size_t)(eol - line));
		const char *slash = tab ? memrchr(line, '/', (size_t)(tab - line)) : NULL;
		if (line[0] == '#' || !slash)
			continue;
		int k = kind_number(lw, slash + 1, (size_t)(tab - slash - 1), &hint);
		long milli = hv_thousandths(tab + 1, eol);
		double w = (double)milli / 1000;
		size_t flen = (size_t)(slash - line);
		if (k < 0)
			continue;
		if (flen == 5 && memcmp(line, "=bias", 5) == 0) {
			lw->bias[k] = w;
			continue;
		}
		if (flen == 10 && memcmp(line, "=threshold", 10) == 0) {
			lw->threshold[k] = w;
			continue;
		}
		if (line[0] == '=')
			continue;
		struct feature *last = lw->nf ? &f[lw->nf - 1] : NULL;
		int c = last ? cmp_bytes(bytes + last->key, last->len, line, flen) : -1;
		if (c > 0)
			return -1; /* out of order: make words-weights writes it sorted */
		if (c < 0)
			f[lw->nf++] = (struct feature){(uint32_t)(line - bytes), (uint32_t)flen,
			                               (uint32_t)lw->ne, 0};
		f[lw->nf - 1].n++;
		e[lw->ne++] = (struct entry){k, (int32_t)milli, w};
	}
	return 0;
}

/* The table of the features by hash, into slot (nslot of them, zeroed). */
static void index_features(const struct learnt *lw, uint32_t *slot, size_t nslot)
{
	for (size_t f = 0; f < lw->nf; f++) {
		size_t i = hv_fnv1a64(lw->bytes + lw->f[f].key, lw->f[f].len) & (nslot - 1);
		while (slot[i])
			i = (i + 1) & (nslot - 1);
		slot[i] = (uint32_t)f + 1;
	}
}

void hv_learnt_free(struct learnt *lw)
{
	if (lw) {
		free(lw->owned);
		free(lw);
	}
}

struct learnt *hv_learnt_from_bytes(const char *file, const char *bytes, size_t len)
{
	size_t lines = 1;
	for (const char *p = bytes, *end = bytes + len; (p = memchr(p, '\n', (size_t)(end - p)));
	     p++)
		lines++;
	if (len > UINT32_MAX)
		return NULL; /* keys are named by 32-bit places */
	struct learnt *lw = calloc(1, sizeof *lw);
	size_t nslot = hv_slots_for(lines, 16), fsize = (lines + 1) * sizeof(struct feature);
	size_t esize = (lines + 1) * sizeof(struct entry);
	/* One allocation: features, entries (8-aligned: a feature is 16 bytes), slots. */
	char *block = lw ? calloc(1, fsize + esize + nslot * sizeof(uint32_t)) : NULL;
	if (!block) {
		free(lw);
		return NULL;
	}
	lw->file = file;
	lw->bytes = bytes;
	lw->len = len;
	lw->owned = block;
	struct feature *f = (struct feature *)block;
	struct entry *e = (struct entry *)(block + fsize);
	uint32_t *slot = (uint32_t *)(block + fsize + esize);
	if (read_weights(lw, f, e, bytes, len) < 0) {
		hv_learnt_free(lw);
		return NULL;
	}
	lw->f = f;
	lw->e = e;
	lw->slot = slot;
	lw->nslot = hv_slots_for(lw->nf, 16);
	index_features(lw, slot, lw->nslot);
	return lw;
}

/* ---- the image ------------------------------------------------------------ */

/* After the header: the features, the entries, the slots. */
struct image_head {
	struct hv_image_stamp stamp; /* of the weights file it indexes */
	int32_t nkinds, pad;
	char kind[KINDS_MAX][KIND_NAME];
	uint64_t kind_len[KINDS_MAX];
	double bias[KINDS_MAX], threshold[KINDS_MAX];
	uint64_t nf, ne, nslot;
};

static uint32_t layout(void)
{
	const size_t sizes[] = {sizeof(struct image_head), sizeof(struct feature),
	                        sizeof(struct entry), sizeof(double)};
	return hv_image_layout(sizes, sizeof sizes / sizeof *sizes);
}

void *hv_learnt_image_write(const struct learnt *lw, size_t *len)
{
	size_t fsize = lw->nf * sizeof *lw->f, esize = lw->ne * sizeof *lw->e;
	size_t n = sizeof(struct image_head) + fsize + esize + lw->nslot * sizeof *lw->slot;
	struct image_head *h = calloc(1, n);
	if (!h)
		return NULL;
	hv_image_stamp_set(&h->stamp, IMAGE_MAGIC, IMAGE_FORMAT, layout(), lw->len,
	                   hv_content_fingerprint(lw->bytes, lw->len));
	h->nkinds = lw->nkinds;
	memcpy(h->kind, lw->kind, sizeof h->kind);
	for (int k = 0; k < KINDS_MAX; k++)
		h->kind_len[k] = lw->kind_len[k];
	memcpy(h->bias, lw->bias, sizeof h->bias);
	memcpy(h->threshold, lw->threshold, sizeof h->threshold);
	h->nf = lw->nf;
	h->ne = lw->ne;
	h->nslot = lw->nslot;
	char *p = (char *)(h + 1);
	memcpy(p, lw->f, fsize);
	memcpy(p + fsize, lw->e, esize);
	memcpy(p + fsize + esize, lw->slot, lw->nslot * sizeof *lw->slot);
	*len = n;
	return h;
}

struct learnt *hv_learnt_image_read(const char *file, const char *bytes, size_t len,
                                    const void *image, size_t image_len)
{
	const struct image_head *h = image;
	if (image_len < sizeof *h ||
	    !hv_image_stamp_is(&h->stamp, IMAGE_MAGIC, IMAGE_FORMAT, layout()) || h->nkinds < 0 ||
	    h->nkinds > KINDS_MAX || h->nslot & (h->nslot - 1) || h->nf >= h->nslot ||
	    h->nf > UINT32_MAX || h->ne > UINT32_MAX ||
	    image_len != sizeof *h + h->nf * sizeof(struct feature) + h->ne * sizeof(struct entry) +
	                     h->nslot * sizeof(uint32_t) ||
	    !hv_image_stamp_from(&h->stamp, bytes, len))
		return NULL; /* not made by this build from these bytes */
	struct learnt *lw = calloc(1, sizeof *lw);
	if (!lw)
		return NULL;
	lw->file = file;
	lw->bytes = bytes;
	lw->len = len;
	lw->nkinds = h->nkinds;
	memcpy(lw->kind, h->kind, sizeof lw->kind);
	for (int k = 0; k < KINDS_MAX; k++)
		lw->kind_len[k] = (size_t)h->kind_len[k];
	memcpy(lw->bias, h->bias, sizeof lw->bias);
	memcpy(lw->threshold, h->threshold, sizeof lw->threshold);
	const char *p = (const char *)(h + 1);
	lw->nf = (size_t)h->nf;
	lw->ne = (size_t)h->ne;
	lw->nslot = (size_t)h->nslot;
	lw->f = (const struct feature *)p;
	lw->e = (const struct entry *)(p + lw->nf * sizeof *lw->f);
	lw->slot = (const uint32_t *)(p + lw->nf * sizeof *lw->f + lw->ne * sizeof *lw->e);
	return lw;
}

/* ---- finding -------------------------------------------------------------- */

/* "patterns-weights.tsv" -> "patterns-weights.img" */
static const char *image_of(const char *file, size_t *len)
{
	char name[128];
	size_t n = strlen(file);
	if (n < 4 || n >= sizeof name || strcmp(file + n - 4, ".tsv") != 0)
		return NULL;
	memcpy(name, file, n - 4);
	memcpy(name + n - 4, ".img", 5);
	return hv_content_image(name, len);
}

static struct learnt *load(const char *file)
{
	size_t len, image_len;
	const char *bytes = hv_content_bytes(file, &len), *image = image_of(file, &image_len);
	struct learnt *lw = NULL;
	if (bytes && image)
		lw = hv_learnt_image_read(file, bytes, len, image, image_len);
	if (bytes && !lw)
		lw = hv_learnt_from_bytes(file, bytes, len);
	/* a file that cannot be read is remembered as one without weights */
	if (!lw && (lw = calloc(1, sizeof *lw)))
		lw->file = file;
	return lw;
}

const struct learnt *hv_learnt_get(const char *file)
{
	pthread_mutex_lock(&load_lock);
	struct learnt *lw = NULL;
	int i;
	for (i = 0; i < FILES_MAX && loaded[i]; i++)
		if (strcmp(loaded[i]->file, file) == 0) {
			lw = loaded[i];
			break;
		}
	if (!lw && i < FILES_MAX)
		lw = loaded[i] = load(file);
	pthread_mutex_unlock(&load_lock);
	return lw && lw->nkinds ? lw : NULL;
}

long hv_learnt_feature(const struct learnt *lw, const char *key)
{
	size_t n = strlen(key);
	if (!lw->nslot)
		return -1;
	for (size_t i = hv_fnv1a64(key, n) & (lw->nslot - 1);; i = (i + 1) & (lw->nslot - 1)) {
		uint32_t at = lw->slot[i];
		if (!at)
			return -1;
		const struct feature *f = &lw->f[at - 1];
		if (f->len == n && memcmp(lw->bytes + f->key, key, n) == 0)
			return (long)at - 1;
	}
}
