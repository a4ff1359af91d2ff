/*
 * crisis-score.c — the crisis net scored on a labelled corpus, straight
 * through the library: recall on the crisis labels, false alarms on the
 * rest, per label, and (with -v) every sentence it got wrong, with the rule
 * that spoke.  Used by bench/crisis.sh on both halves of the corpus and by
 * people writing rules against the development half.
 *
 *   crisis-score [-v] tests/corpus/crisis.tsv
 *   crisis-score -e "some text"     how the net reads it, and why
 *
 * Also times the net on a long text (-t WORDS): the median of many scans.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "corpus-read.h"
#include "safety/crisis-private.h"
#include "safety/crisis.h"

struct tally {
	char label[32];
	int n, hits;
};

static struct tally *tally_for(struct tally *t, int *n, const char *label)
{
	for (int i = 0; i < *n; i++)
		if (strcmp(t[i].label, label) == 0)
			return &t[i];
	snprintf(t[*n].label, sizeof t[*n].label, "%.31s", label);
	return &t[(*n)++];
}

/* What a corpus has shown so far, label by label. */
struct scoring {
	struct tally t[64];
	int nt, must, heard, quiet, alarms, verbose;
};

static void score_line(char *label, const char *text, void *p)
{
	struct scoring *s = p;
	if (s->nt >= 63)
		return;
	struct hv_crisis_hit hit = {0};
	int h = hv_crisis_scan(text, strlen(text), &hit);
	struct tally *tl = tally_for(s->t, &s->nt, label);
	tl->n++;
	tl->hits += h;
	if (hv_crisis_label(label)) {
		s->must++;
		s->heard += h;
		if (!h && s->verbose)
			printf("  missed (%s): %s\n", label, text);
	} else {
		s->quiet++;
		s->alarms += h;
		if (h && s->verbose)
			printf("  false alarm (%s, rule %s on \"%.*s\"): %s\n", label, hit.rule,
			       (int)(hit.end - hit.start), text + hit.start, text);
	}
}

static int score(const char *path, int verbose)
{
	struct scoring s = {.verbose = verbose};
	corpus_each(path, "crisis-score", score_line, &s);
	struct tally *t = s.t;
	int nt = s.nt, must = s.must, heard = s.heard, quiet = s.quiet, alarms = s.alarms;
	if (verbose)
		for (int i = 0; i < nt; i++)
			printf("  %-12s %3d of %3d raise help\n", t[i].label, t[i].hits, t[i].n);
	printf("recall %.1f%% (%d of %d crisis sentences); false alarms %.1f%% (%d of %d "
	       "ordinary)",
	       must ? 100.0 * heard / must : 0, heard, must, quiet ? 100.0 * alarms / quiet : 0,
	       alarms, quiet);
	struct tally none = {.n = 0}, *plain = &none, *anxious = &none;
	for (int i = 0; i < nt; i++) {
		if (strcmp(t[i].label, "plain") == 0)
			plain = &t[i];
		if (strcmp(t[i].label, "anxious") == 0)
			anxious = &t[i];
	}
	int tricky = quiet - plain->n - anxious->n;
	if (plain->n && tricky > 0)
		printf(": %.1f%% of the tricky ones, %.1f%% of everyday entries (%d of %d)",
		       100.0 * (alarms - plain->hits - anxious->hits) / tricky,
		       100.0 * plain->hits / plain->n, plain->hits, plain->n);
	if (anxious->n)
		printf("%s %.1f%% of anxious thoughts and drafts (%d of %d)", plain->n ? ";" : ":",
		       100.0 * anxious->hits / anxious->n, anxious->hits, anxious->n);
	printf("\n");
	return 0;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* A long ordinary text (the worst case: nothing matches, every rule is
 * tried at every word) timed over many scans. */
static int time_scan(int words)
{
	static const char *const pool[] = {
	    "he",     "said",   "he",   "would", "call",   "after",     "work",    "and",
	    "I",      "waited", "by",   "the",   "phone,", "wondering", "if",      "I",
	    "had",    "said",   "too",  "much.", "My",     "chest",     "felt",    "tight",
	    "so",     "I",      "went", "for",   "a",      "walk",      "over",    "the",
	    "bridge", "and",    "took", "my",    "pills",  "with",      "dinner.", "Tomorrow",
	    "I",      "will",   "try",  "to",    "rest.",
	};
	size_t np = sizeof pool / sizeof *pool, cap = (size_t)words * 12 + 1, len = 0;
	char *text = malloc(cap);
	if (!text)
		return 1;
	for (int i = 0; i < words; i++)
		len += (size_t)snprintf(text + len, cap - len, "%s ", pool[(size_t)i % np]);
	enum { RUNS = 41 };
	double ms[RUNS];
	int found = 0;
	for (int r = 0; r < RUNS; r++) {
		double t0 = now_ms();
		found += hv_crisis_scan(text, len, NULL);
		ms[r] = now_ms() - t0;
	}
	qsort(ms, RUNS, sizeof *ms, cmp_double);
	printf("crisis net on a %d-word text: %.2f ms (median of %d scans)%s\n", words,
	       ms[RUNS / 2], RUNS, found ? " — it raised help, which it should not" : "");
	free(text);
	return found ? 1 : 0;
}

struct keys {
	const struct cmodel *m;
	const struct cwords *ws;
	struct {
		char key[80];
		double w;
	} k[512];
	size_t n;
};

static void note_key(const char *key, void *p)
{
	struct keys *ks = p;
	double w = hv_crisis_key_weight(ks->m, key);
	if (w != 0 && ks->n < 512) {
		snprintf(ks->k[ks->n].key, sizeof ks->k[ks->n].key, "%s", key);
		ks->k[ks->n++].w = w;
	}
}

static void note_seen(size_t i, int concept, int rule, void *p)
{
	char key[80];
	if (concept >= 0)
		snprintf(key, sizeof key, "@%s", ((struct keys *)p)->m->concepts[concept].name);
	else
		hv_crisis_rule_key(((struct keys *)p)->m, rule, key, sizeof key);
	note_key(key, p);
}

static int cmp_abs(const void *a, const void *b)
{
	double x = fabs(*(const double *)((const char *)a + 80)),
	       y = fabs(*(const double *)((const char *)b + 80));
	return (x < y) - (x > y);
}

/* What the net makes of one text: the words as it reads them (their
 * vocabulary ids, 0 for words no rule names) and the rule that spoke. */
static int explain(const char *text)
{
	const struct cmodel *m = hv_crisis_model();
	struct cwords ws = {0};
	if (!m || hv_crisis_words(m, text, strlen(text), &ws) < 0)
		return 1;
	for (size_t i = 0; i < ws.n; i++) {
		const char *stem = "?";
		for (int k = 0; k < m->n_stems; k++)
			if (m->stems[k].id == ws.w[i].id)
				stem = m->stems[k].stem;
		printf("%s%.*s=%s ",
		       ws.w[i].sentence ? "| "
		       : ws.w[i].clause ? ", "
		                        : "",
		       (int)(ws.w[i].end - ws.w[i].start), text + ws.w[i].start,
		       ws.w[i].id ? stem : "-");
	}
	size_t from, to;
	double score;
	hv_crisis_weigh(m, &ws, &from, &to, &score, NULL);
	printf("\nweighed: %.3f; its heaviest keys:", score);
	struct keys ks = {.m = m};
	for (size_t i = 0; i < ws.n; i++)
		hv_crisis_word_keys(&ws, i, note_key, &ks);
	hv_crisis_read(m, &ws, note_seen, &ks);
	qsort(ks.k, ks.n, sizeof *ks.k, cmp_abs);
	for (size_t i = 0; i < ks.n && i < 10; i++)
		printf(" %s %+.2f", ks.k[i].key, ks.k[i].w);
	hv_crisis_words_free(&ws);
	struct hv_crisis_hit hit;
	if (hv_crisis_scan(text, strlen(text), &hit))
		printf("\n→ %s (%s) on \"%.*s\"\n", hit.rule, hit.category,
		       (int)(hit.end - hit.start), text + hit.start);
	else
		printf("\n→ nothing\n");
	return 0;
}

int main(int argc, char **argv)
{
	int verbose = 0;
	if (argc > 2 && strcmp(argv[1], "-e") == 0)
		return explain(argv[2]);
	if (argc > 2 && strcmp(argv[1], "-t") == 0)
		return time_scan(atoi(argv[2]));
	if (argc > 1 && strcmp(argv[1], "-v") == 0) {
		verbose = 1;
		argc--, argv++;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: crisis-score [-v] CORPUS.tsv | -t WORDS\n");
		return 2;
	}
	hv_crisis_scan("warm up", 7, NULL); /* compile the model outside the timings */
	return score(argv[1], verbose);
}
