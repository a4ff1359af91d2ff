/*
 * corpus-read.c — a file read whole, a corpus's lines and its keys'
 * numbers, as both trainers of weighed words read them (corpus-read.h).
 * A trainer is a one-shot tool: running out of memory ends it.
 */
#include "corpus-read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"

void corpus_grow(void *items, size_t *cap, size_t need, size_t each, size_t first)
{
	if (hv_grow(items, cap, need, each, first) < 0) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
}

int keyset_number(struct keyset *ks, const char *key)
{
	json_t *k = json_object_get(ks->index, key);
	if (k)
		return (int)json_integer_value(k);
	size_t cap = ks->cap; /* the two arrays grow alike */
	CORPUS_GROW(ks->df, cap, (size_t)ks->n + 1, 4096);
	CORPUS_GROW(ks->keys, ks->cap, (size_t)ks->n + 1, 4096);
	ks->keys[ks->n] = strdup(key);
	ks->df[ks->n] = 0;
	json_object_set_new(ks->index, key, json_integer(ks->n));
	return ks->n++;
}

void keyset_free(struct keyset *ks)
{
	for (int i = 0; i < ks->n; i++)
		free(ks->keys[i]);
	free(ks->keys);
	free(ks->df);
	json_decref(ks->index);
	*ks = (struct keyset){0};
}

char *corpus_slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	if (!m)
		exit(1);
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		fwrite(chunk, 1, got, m);
	int bad = ferror(f);
	fclose(f);
	if (fclose(m) != 0)
		exit(1);
	if (bad) {
		free(buf);
		return NULL;
	}
	return buf;
}

int corpus_lines(const char *path, void (*fn)(char *labels, const char *text, void *ctx), void *ctx)
{
	char *all = corpus_slurp(path);
	if (!all)
		return -1;
	for (char *line = all, *next; *line; line = next) {
		char *end = strchr(line, '\n');
		next = end ? end + 1 : line + strlen(line);
		if (end)
			*end = '\0';
		if (line[0] == '#')
			continue;
		line[strcspn(line, "\r")] = '\0';
		char *tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab = '\0';
		fn(line, tab + 1, ctx);
	}
	free(all);
	return 0;
}

void corpus_each(const char *path, const char *prog,
                 void (*fn)(char *labels, const char *text, void *ctx), void *ctx)
{
	if (corpus_lines(path, fn, ctx) < 0) {
		fprintf(stderr, "%s: cannot open %s\n", prog, path);
		exit(1);
	}
}

double corpus_weigh(const double *w, double b, const int *f, int n, const int *keep)
{
	double v = b;
	for (int i = 0; i < n; i++)
		if (keep[f[i]])
			v += w[f[i]];
	return v;
}

void corpus_shuffle(int *order, int n)
{
	unsigned long long x = 88172645463325252ULL;
	for (int i = n - 1; i > 0; i--) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		int j = (int)(x % (unsigned long long)(i + 1)), t = order[i];
		order[i] = order[j], order[j] = t;
	}
}
