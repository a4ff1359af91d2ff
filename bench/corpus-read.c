/*
 * corpus-read.c — a corpus's lines and its keys' numbers, as both
 * trainers of weighed words read them (corpus-read.h).  A trainer is a
 * one-shot tool: running out of memory ends it.
 */
#include "corpus-read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int keyset_number(struct keyset *ks, const char *key)
{
	json_t *k = json_object_get(ks->index, key);
	if (k)
		return (int)json_integer_value(k);
	if (ks->n == ks->cap) {
		ks->cap = ks->cap ? ks->cap * 2 : 4096;
		ks->keys = realloc(ks->keys, (size_t)ks->cap * sizeof *ks->keys);
		ks->df = realloc(ks->df, (size_t)ks->cap * sizeof *ks->df);
		if (!ks->keys || !ks->df)
			exit(1);
	}
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

void corpus_each(const char *path, const char *prog,
                 void (*fn)(char *labels, const char *text, void *ctx), void *ctx)
{
	FILE *f = fopen(path, "r");
	char line[8192];
	if (!f) {
		fprintf(stderr, "%s: cannot open %s\n", prog, path);
		exit(1);
	}
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		line[strcspn(line, "\r\n")] = '\0';
		char *tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab = '\0';
		fn(line, tab + 1, ctx);
	}
	fclose(f);
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
