/*
 * words-file.c — the weights file bench/words-train writes
 * (data/patterns-weights.tsv, data/coach-weights.tsv): a comment saying
 * how it was learnt, the bias and threshold of each kind, then one line a
 * feature and kind in a fixed order, so the same corpus always gives the
 * same bytes; and `--check`, which holds the file checked in to what the
 * corpus teaches now.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "words-train.h"

struct line {
	const char *feature, *kind;
	long w;
};

static int cmp_line(const void *a, const void *b)
{
	const struct line *x = a, *y = b;
	int c = strcmp(x->feature, y->feature);
	return c ? c : strcmp(x->kind, y->kind);
}

void words_write_weights(FILE *out, const struct corpus *c, double **w, const double *b,
                         const double *t, double veto, double l2, double budget)
{
	fprintf(out,
	        "# The weighed words of haven %s (src/patterns/learnt.c), learnt by\n"
	        "# bench/words-train.c from the development halves only:",
	        c->mode->name);
	for (int i = 0; i < c->nfiles; i++)
		fprintf(out, " %s", c->files[i]);
	fprintf(out,
	        ".\n"
	        "# Each line: FEATURE/KIND and its weight in kind's model, in thousandths.\n"
	        "# A feature is a Snowball stem, a pair of them, a list or concept of\n"
	        "# data/%s (@name) or a kind the rules found (rule:kind); '-' before\n"
	        "# it: read under a negation.  A passage whose weights, with the bias,\n"
	        "# pass the kind's threshold adds a finding of that kind where the rules\n"
	        "# found none; \"any\" weighs any kind at all, where nothing was found.\n"
	        "# L2 %g; thresholds chosen out of fold, with at most %.0f%% of the\n"
	        "# neutral entries flagged by the rules or the weights.  Lines in order\n"
	        "# of feature, then kind.  Regenerate with make words-weights; do not\n"
	        "# edit by hand.\n",
	        c->mode->rules, l2, 100 * budget);
	if (veto > -NEVER)
		fprintf(out,
		        "# A text read as one passage whose \"any\" weight is under =veto has\n"
		        "# its findings let go: its words say plainly none of these.\n");
	for (int k = 0; k < c->nkinds; k++)
		fprintf(out, "=bias/%s\t%ld\n=threshold/%s\t%ld\n", c->kind[k], lround(b[k] * 1000),
		        c->kind[k], lround(t[k] * 1000));
	if (veto > -NEVER)
		fprintf(out, "=veto/%s\t%ld\n", c->kind[c->any], lround(veto * 1000));
	size_t n = 0;
	struct line *lines = malloc((size_t)c->ks.n * (size_t)c->nkinds * sizeof *lines + 1);
	if (!lines)
		exit(1);
	for (int k = 0; k < c->nkinds; k++) {
		if (t[k] >= NEVER)
			continue; /* a kind that never speaks needs no weights */
		for (int f = 0; f < c->ks.n; f++)
			if (w[k][f] != 0)
				lines[n++] = (struct line){c->ks.keys[f], c->kind[k],
				                           lround(w[k][f] * 1000)};
	}
	qsort(lines, n, sizeof *lines, cmp_line);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s/%s\t%ld\n", lines[i].feature, lines[i].kind, lines[i].w);
	free(lines);
}

/* A weights file as key -> thousandths, comments left out. */
static json_t *read_file_weights(const char *text)
{
	json_t *o = json_object();
	char *copy = strdup(text), *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(line, '\t');
		if (line[0] == '#' || !tab)
			continue;
		*tab = '\0';
		json_object_set_new(o, line, json_integer(strtol(tab + 1, NULL, 10)));
	}
	free(copy);
	return o;
}

/* Is the file what the corpus teaches, to a thousandth or two? */
int words_same_weights(const char *path, const char *mine)
{
	char *theirs = corpus_slurp(path);
	json_t *a = theirs ? read_file_weights(theirs) : NULL, *b = read_file_weights(mine);
	const char *why = NULL, *key;
	json_t *v;
	if (!a)
		why = "it cannot be read";
	else if (json_object_size(a) != json_object_size(b))
		why = "it holds other keys";
	json_object_foreach(b, key, v)
	{
		if (why)
			break;
		json_t *o = json_object_get(a, key);
		if (!o || labs((long)(json_integer_value(o) - json_integer_value(v))) > 2)
			why = "a weight or threshold differs";
	}
	if (why)
		fprintf(stderr,
		        "words-train: %s is not what the development halves teach (%s): run make "
		        "words-weights after changing the corpora or the rules\n",
		        path, why);
	json_decref(a);
	json_decref(b);
	free(theirs);
	return why == NULL;
}
