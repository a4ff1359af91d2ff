/*
 * crisis-table.c — the table of the crisis net's weighed words
 * (crisis-weights.c weighs with it): data/crisis-weights.tsv read once,
 * from the build's image of it or indexed here, and keys looked up.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "core/hash.h"
#include "core/image.h"
#include "crisis-private.h"

#define WEIGHTS "crisis-weights.tsv"
#define IMAGE   "crisis-weights.img" /* made by the build: tools/weights-image.c */

/* The weights, read once from data/crisis-weights.tsv: "key<TAB>weight"
 * lines in strcmp order, weights in thousandths, and a key is found by
 * a hash of its bytes (a long text asks thousands of times).  (As a JSON object
 * of thousands of tiny values they took longer to parse than the net takes
 * to read a long text.)  Lines starting "=" set the bias, the thresholds and
 * the window; "#" lines are notes.  The weights of what the rules see are
 * looked up ahead: per named concept (as written and under a negation) and
 * per rule.  Cutting and hashing the file's lines cost more than weighing
 * a long text, so the build does it once (tools/weights-image.c) and haven
 * uses that image where it lies, when it was made by this build of exactly
 * the bytes embedded; otherwise it indexes the file itself, to the same
 * table (test_crisis.c holds the two to be the same bytes). */
static struct weighed the_weighed;
static pthread_once_t weighed_once = PTHREAD_ONCE_INIT;
static const struct cmodel *weighed_model;

uint32_t hv_crisis_hash_more(uint32_t h, const char *key, size_t len)
{
	return hv_fnv1a32_more(h, key, len);
}

static uint32_t hash_key(const char *key, size_t len)
{
	return hv_crisis_hash_more(HV_CRISIS_FNV_BASIS, key, len);
}

int hv_crisis_place(const struct weighed *wd, const char *key, size_t len, uint32_t h)
{
	if (!len || !wd->nslot)
		return -1;
	for (size_t i = h & (wd->nslot - 1);; i = (i + 1) & (wd->nslot - 1)) {
		uint32_t at = wd->slot[i];
		if (!at)
			return -1;
		const struct weight *w = &wd->table[at - 1];
		if (w->len == len && memcmp(wd->bytes + w->key, key, len) == 0)
			return (int)at - 1;
	}
}

/* Where a key sits in the table, or -1. */
static int place_of(const struct weighed *wd, const char *key)
{
	size_t len = strlen(key);
	return hv_crisis_place(wd, key, len, hash_key(key, len));
}

/* Index the table's keys into slot (nslot of them, zeroed); a key written
 * twice keeps its first weight. */
static void index_table(const struct weighed *wd, uint32_t *slot, size_t nslot)
{
	for (size_t k = 0; k < wd->n; k++) {
		const struct weight *w = &wd->table[k];
		const char *key = wd->bytes + w->key;
		size_t i = hash_key(key, w->len) & (nslot - 1);
		while (slot[i] &&
		       !(wd->table[slot[i] - 1].len == w->len &&
		         memcmp(wd->bytes + wd->table[slot[i] - 1].key, key, w->len) == 0))
			i = (i + 1) & (nslot - 1);
		if (!slot[i])
			slot[i] = (uint32_t)k + 1;
	}
}

static double weight_of(const struct weighed *wd, const char *key)
{
	int at = place_of(wd, key);
	return at < 0 ? 0.0 : wd->table[at].w;
}

static int is_setting(const char *key, size_t len, const char *name)
{
	return len == strlen(name) && memcmp(key, name, len) == 0;
}

/* Cut the file's lines into the table (of up to one weight a line) and
 * the settings; the keys stay where they are, in the program's own copy of
 * the file. */
static void read_table(struct weighed *wd, struct weight *table, const char *bytes, size_t len)
{
	const char *end = bytes + len;
	for (const char *line = bytes, *next; line < end; line = next) {
		const char *eol = memchr(line, '\n', (size_t)(end - line));
		next = eol ? eol + 1 : end;
		eol = eol ? eol : end;
		const char *tab = memchr(line, '\t', (size_t)(eol - line));
		if (line[0] == '#' || !tab)
			continue;
		size_t klen = (size_t)(tab - line);
		double w = (double)hv_thousandths(tab + 1, eol) / 1000;
		if (line[0] != '=')
			table[wd->n++] =
			    (struct weight){(uint32_t)(line - bytes), (uint32_t)klen, w};
		else if (is_setting(line, klen, "=bias"))
			wd->bias = w;
		else if (is_setting(line, klen, "=threshold"))
			wd->threshold = w;
		else if (is_setting(line, klen, "=rule_threshold"))
			wd->rule_threshold = w;
		else if (is_setting(line, klen, "=window"))
			wd->window = (size_t)w;
	}
}

/* The table and its index made here from the file's bytes: 0, or -1 when
 * out of memory. */
static int index_afresh(struct weighed *wd, const char *bytes, size_t len)
{
	size_t n = 0;
	const char *end = bytes + len;
	for (const char *p = bytes; (p = memchr(p, '\n', (size_t)(end - p))); p++)
		n++;
	/* One allocation: the table, then room for the slots of n weights
	 * (a weight is 16 bytes, so the slots stay aligned). */
	size_t nslot = hv_slots_for(n, 64);
	struct weight *table =
	    len > UINT32_MAX ? NULL : calloc(1, (n + 1) * sizeof *table + nslot * 4);
	if (!table)
		return -1;
	wd->owned = table;
	wd->bytes = bytes;
	wd->len = len;
	read_table(wd, table, bytes, len);
	wd->table = table;
	wd->nslot = hv_slots_for(wd->n, 64);
	uint32_t *slot = (uint32_t *)(table + n + 1);
	index_table(wd, slot, wd->nslot);
	wd->slot = slot;
	return 0;
}

/* The table and its index as the build made them (tools/weights-image.c),
 * used where they lie: after a header, the table, then the slots.  An
 * image made by another build, or of other bytes, is refused. */
struct image_head {
	struct hv_image_stamp stamp; /* of the weights file it indexes */
	uint64_t n, nslot, window;
	double bias, threshold, rule_threshold;
};

#define IMAGE_MAGIC  "hvcweigh"
#define IMAGE_FORMAT 1

static uint32_t layout(void)
{
	const size_t sizes[] = {sizeof(struct image_head), sizeof(struct weight)};
	return hv_image_layout(sizes, sizeof sizes / sizeof *sizes);
}

static void *image_write(const struct weighed *wd, size_t *len)
{
	size_t tsize = wd->n * sizeof *wd->table,
	       n = sizeof(struct image_head) + tsize + wd->nslot * sizeof *wd->slot;
	struct image_head *h = calloc(1, n);
	if (!h)
		return NULL;
	hv_image_stamp_set(&h->stamp, IMAGE_MAGIC, IMAGE_FORMAT, layout(), wd->len,
	                   hv_content_fingerprint(wd->bytes, wd->len));
	h->n = wd->n;
	h->nslot = wd->nslot;
	h->window = wd->window;
	h->bias = wd->bias;
	h->threshold = wd->threshold;
	h->rule_threshold = wd->rule_threshold;
	memcpy(h + 1, wd->table, tsize);
	memcpy((char *)(h + 1) + tsize, wd->slot, wd->nslot * sizeof *wd->slot);
	*len = n;
	return h;
}

static int image_read(struct weighed *wd, const char *bytes, size_t len, const char *image,
                      size_t image_len)
{
	const struct image_head *h = (const void *)image;
	if (image_len < sizeof *h ||
	    !hv_image_stamp_is(&h->stamp, IMAGE_MAGIC, IMAGE_FORMAT, layout()) ||
	    h->nslot & (h->nslot - 1) || h->n >= h->nslot ||
	    image_len != sizeof *h + h->n * sizeof(struct weight) + h->nslot * sizeof(uint32_t) ||
	    !hv_image_stamp_from(&h->stamp, bytes, len))
		return -1;
	wd->bytes = bytes;
	wd->len = len;
	wd->n = (size_t)h->n;
	wd->nslot = (size_t)h->nslot;
	wd->window = (size_t)h->window;
	wd->bias = h->bias;
	wd->threshold = h->threshold;
	wd->rule_threshold = h->rule_threshold;
	wd->table = (const struct weight *)(h + 1);
	wd->slot = (const uint32_t *)(image + sizeof *h + wd->n * sizeof *wd->table);
	return 0;
}

void *hv_crisis_weights_image(int afresh, size_t *len, int *from_image)
{
	size_t n;
	const char *bytes = hv_content_bytes(WEIGHTS, &n);
	*from_image = 0;
	if (!afresh) {
		const struct weighed *wd = the_weighed.rule ? &the_weighed : NULL;
		*from_image = wd && wd->owned == NULL;
		return wd ? image_write(wd, len) : NULL;
	}
	struct weighed wd = {0};
	void *image = bytes && index_afresh(&wd, bytes, n) == 0 ? image_write(&wd, len) : NULL;
	free(wd.owned);
	return image;
}

/* Where the key prefix + name sits in the table, or -1: put together by
 * hand, as hundreds are looked up when the net starts. */
static int place_after(const struct weighed *wd, const char *prefix, const char *name)
{
	char key[256];
	size_t p = strlen(prefix), n = strnlen(name, sizeof key - 1 - p);
	memcpy(key, prefix, p);
	memcpy(key + p, name, n);
	key[p + n] = '\0';
	return place_of(wd, key);
}

static void load_weighed(void)
{
	const struct cmodel *m = weighed_model;
	size_t len;
	const char *bytes = hv_content_bytes(WEIGHTS, &len), *image = NULL;
	struct weighed *w = &the_weighed;
	size_t image_len = 0;
	if (bytes)
		image = hv_content_image(IMAGE, &image_len);
	if (!bytes ||
	    (!(image && image_read(w, bytes, len, image, image_len) == 0) &&
	     index_afresh(w, bytes, len) < 0) ||
	    !w->window)
		return;
	w->concept = calloc((size_t)m->n_named + 1, sizeof *w->concept);
	w->negated = calloc((size_t)m->n_named + 1, sizeof *w->negated);
	w->rule = calloc((size_t)m->n_rules + 1, sizeof *w->rule);
	if (!w->concept || !w->negated || !w->rule)
		return;
	for (int k = 0; k < m->n_named; k++) {
		w->concept[k] = place_after(w, "@", m->concepts[k].name);
		w->negated[k] = place_after(w, "-@", m->concepts[k].name);
	}
	for (int r = 0; r < m->n_rules; r++)
		w->rule[r] = place_after(w, "rule:", m->rules[r].id);
}

const struct weighed *hv_crisis_weighed(const struct cmodel *m)
{
	weighed_model = m;
	pthread_once(&weighed_once, load_weighed);
	return the_weighed.rule ? &the_weighed : NULL;
}

double hv_crisis_key_weight(const struct cmodel *m, const char *key)
{
	const struct weighed *wd = hv_crisis_weighed(m);
	return wd ? weight_of(wd, key) : 0.0;
}

double hv_crisis_rule_threshold(const struct cmodel *m)
{
	const struct weighed *wd = hv_crisis_weighed(m);
	return wd ? wd->rule_threshold : 0.0;
}
