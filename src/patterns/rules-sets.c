/*
 * rules-sets.c — the two shapes a compiled rule set is made of: the
 * vocabulary, which numbers every word (or stem) a rule can name, and
 * sorted sets of those numbers, which an element's alternatives become.
 *
 * The vocabulary is a small open-addressing hash table (FNV-1a), so a
 * text's word is looked up once and then compared as an integer; a set is
 * a sorted array searched by halves (hv_rs_ids_has, in rules-private.h).
 */
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/hash.h"
#include "rules-private.h"

int32_t hv_rs_vocab_find(const struct vocab *v, const char *s, size_t n)
{
	if (!v->nslot)
		return -1;
	for (size_t i = hv_fnv1a64(s, n) & (v->nslot - 1);; i = (i + 1) & (v->nslot - 1)) {
		int32_t k = v->slot[i];
		if (!k)
			return -1;
		const char *w = v->w[k - 1];
		if (strncmp(w, s, n) == 0 && w[n] == '\0')
			return k - 1;
	}
}

static int vocab_rehash(struct vocab *v, size_t nslot)
{
	int32_t *slot = calloc(nslot, sizeof *slot);
	if (!slot)
		return -1;
	free(v->slot);
	v->slot = slot;
	v->nslot = nslot;
	for (size_t k = 0; k < v->n; k++) {
		size_t i = hv_fnv1a64(v->w[k], strlen(v->w[k])) & (nslot - 1);
		while (slot[i])
			i = (i + 1) & (nslot - 1);
		slot[i] = (int32_t)k + 1;
	}
	return 0;
}

/* The number of s, added when new; -1 when memory ran out. */
int32_t hv_rs_vocab_add(struct vocab *v, const char *s)
{
	int32_t id = hv_rs_vocab_find(v, s, strlen(s));
	if (id >= 0)
		return id;
	if (HV_GROW(v->w, v->cap, v->n + 1, 256) < 0)
		return -1;
	if (!(v->w[v->n] = strdup(s)))
		return -1;
	v->n++;
	if (v->n * 2 > v->nslot)
		return vocab_rehash(v, v->nslot ? v->nslot * 4 : 1024) < 0 ? -1 : (int32_t)v->n - 1;
	size_t i = hv_fnv1a64(s, strlen(s)) & (v->nslot - 1);
	while (v->slot[i])
		i = (i + 1) & (v->nslot - 1);
	v->slot[i] = (int32_t)v->n;
	return (int32_t)v->n - 1;
}

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/* Room for more numbers: grown by doubling, since an element that names
 * several lists gathers thousands one by one. */
static int ids_reserve(struct ids *s, size_t more)
{
	if (s->n + more <= s->cap)
		return 0;
	size_t cap = s->cap ? s->cap : 8;
	while (cap < s->n + more)
		cap *= 2;
	int32_t *v = realloc(s->v, cap * sizeof *v);
	if (!v)
		return -1;
	s->v = v;
	s->cap = cap;
	return 0;
}

int hv_rs_ids_add(struct ids *s, int32_t id)
{
	if (ids_reserve(s, 1) < 0)
		return -1;
	s->v[s->n++] = id;
	return 0;
}

int hv_rs_ids_merge(struct ids *s, const struct ids *from)
{
	if (!from->n)
		return 0;
	if (ids_reserve(s, from->n) < 0)
		return -1;
	memcpy(s->v + s->n, from->v, from->n * sizeof *s->v);
	s->n += from->n;
	return 0;
}

/* Sorted, without repeats.  Most are so already (one list, or one word),
 * and are left as they are. */
void hv_rs_ids_seal(struct ids *s)
{
	size_t i = 1;
	while (i < s->n && s->v[i - 1] < s->v[i])
		i++;
	if (i >= s->n)
		return;
	qsort(s->v, s->n, sizeof *s->v, cmp_i32);
	size_t k = 0;
	for (i = 0; i < s->n; i++)
		if (k == 0 || s->v[k - 1] != s->v[i])
			s->v[k++] = s->v[i];
	s->n = k;
}
