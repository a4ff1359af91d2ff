/*
 * gen-journal.c — benchmark helper: print a synthetic trigger journal as JSON
 * Lines in exactly the format `haven export` writes, for `haven import`.
 *
 *   gen-journal N TRIGGERS RESPONSES EMOTIONS > journal.jsonl
 *
 * TRIGGERS, RESPONSES and EMOTIONS are comma-separated ids (bench/run.sh
 * takes them from the files in data/, so the output always passes import's checks).
 * The N entries are spread over the two years 2024-01-01 .. 2025-12-31 with
 * varied hours and offsets; a fixed-seed LCG makes every run identical.
 * Times are written by core's own clock.c, so they are haven's to the byte.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"

#define MAX_IDS 256

static uint64_t lcg_state = 0x2545f4914f6cdd1dULL;

/* 32 random bits: the high half of a 64-bit LCG (Knuth's MMIX constants). */
static uint32_t rnd32(void)
{
	lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(lcg_state >> 32);
}

/* Uniform in [0, n). */
static int rnd(int n)
{
	return (int)(((uint64_t)rnd32() * (uint64_t)n) >> 32);
}

struct list {
	int n;
	char *ids[MAX_IDS];
};

static void split(char *s, struct list *l, const char *what)
{
	l->n = 0;
	for (char *save = NULL, *t = strtok_r(s, ",", &save); t; t = strtok_r(NULL, ",", &save))
		if (*t && l->n < MAX_IDS)
			l->ids[l->n++] = t;
	if (l->n == 0) {
		fprintf(stderr, "gen-journal: no %s ids given\n", what);
		exit(2);
	}
}

/* Up to k distinct picks from l, printed as a JSON array of strings. */
static void print_picks(const struct list *l, int k)
{
	int picked[MAX_IDS], n = 0;
	if (k > l->n)
		k = l->n;
	while (n < k) {
		int p = rnd(l->n), dup = 0;
		for (int i = 0; i < n; i++)
			dup |= picked[i] == p;
		if (!dup)
			picked[n++] = p;
	}
	putchar('[');
	for (int i = 0; i < n; i++)
		printf("%s\"%s\"", i ? "," : "", l->ids[picked[i]]);
	putchar(']');
}

static const char *const whats[] = {
    "no reply for hours",
    "missed the good-morning text",
    "they cancelled our plans",
    "short answer on the phone",
    "saw them laughing with someone else",
    "argument about the weekend",
    "they seemed tired and far away",
    "deadline moved up at work",
    "my manager frowned in the meeting",
    "a friend did not invite me",
    "scrolling old photos",
    "doctor's appointment tomorrow",
    "they forgot what I told them",
    "late-night silence",
    "bench entry",
};

/* Local hour, weighted toward evenings and late nights. */
static int pick_hour(void)
{
	static const int weight[24] = {4, 3, 2, 1, 1, 1, 2, 4, 6,  6,  5, 5,
	                               6, 5, 5, 5, 6, 7, 8, 9, 10, 10, 9, 6};
	int total = 0;
	for (int i = 0; i < 24; i++)
		total += weight[i];
	int r = rnd(total);
	for (int i = 0; i < 24; i++)
		if ((r -= weight[i]) < 0)
			return i;
	return 23;
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: gen-journal N TRIGGERS RESPONSES EMOTIONS\n");
		return 2;
	}
	long n = strtol(argv[1], NULL, 10);
	if (n < 1 || n > 100000000) {
		fprintf(stderr, "gen-journal: N must be from 1 to 100000000\n");
		return 2;
	}
	struct list trig, resp, emo;
	split(argv[2], &trig, "trigger");
	split(argv[3], &resp, "response");
	split(argv[4], &emo, "emotion");

	const int64_t start_day = 19723; /* 2024-01-01 */
	const int span_days = 731;       /* through 2025-12-31 */
	static const char hex[] = "0123456789abcdef";
	for (long i = 0; i < n; i++) {
		/* Calendar: days in order, a local hour, and a CET/CEST-like offset,
		 * with one entry in ten written while travelling (UTC). */
		int64_t day = start_day + (int64_t)((double)i * span_days / (double)n);
		struct hv_civil c;
		hv_civil_from_ms(day * 86400000, 0, &c);
		int off = rnd(10) == 0 ? 0 : (c.month >= 4 && c.month <= 10 ? 120 : 60);
		int64_t local_ms =
		    day * 86400000 + (int64_t)pick_hour() * 3600000 + (int64_t)rnd(3600000);
		int64_t ms = local_ms - (int64_t)off * 60000;
		char when[HV_RFC3339_MAX];
		hv_format_rfc3339(ms, off, when);

		/* UUID v4 text; the last 8 digits are the index, so ids never collide. */
		char id[37];
		unsigned char b[16];
		for (int k = 0; k < 12; k++)
			b[k] = (unsigned char)rnd32();
		b[12] = (unsigned char)(i >> 24), b[13] = (unsigned char)(i >> 16);
		b[14] = (unsigned char)(i >> 8), b[15] = (unsigned char)i;
		b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
		b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
		char *p = id;
		for (int k = 0; k < 16; k++) {
			if (k == 4 || k == 6 || k == 8 || k == 10)
				*p++ = '-';
			*p++ = hex[b[k] >> 4];
			*p++ = hex[b[k] & 15];
		}
		*p = '\0';

		/* Intensity and recovery ease slowly over the two years. */
		double progress = (double)i / (double)n;
		int intensity = 1 + rnd(5) + rnd(6) - (int)(progress * 2.0 + 0.5);
		intensity = intensity < 1 ? 1 : intensity > 10 ? 10 : intensity;
		int recovered = (int)((10 + rnd(240)) * (1.0 - 0.5 * progress));

		printf("{\"id\":\"%s\",\"kind\":\"trigger\",\"created\":\"%s\",\"updated\":\"%s\","
		       "\"version\":1,\"deleted\":false,\"body\":{\"emotions\":",
		       id, when, when);
		print_picks(&emo, 1 + rnd(3));
		printf(",\"intensity\":%d", intensity);
		if (rnd(100) < 85)
			printf(",\"recovered_minutes\":%d", recovered);
		int nresp = rnd(3);
		if (nresp > 0) {
			printf(",\"responses\":");
			print_picks(&resp, nresp);
		}
		printf(",\"triggers\":");
		print_picks(&trig, 1 + (rnd(4) == 0));
		printf(",\"what\":\"%s\"}}\n", whats[rnd((int)(sizeof whats / sizeof *whats))]);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("gen-journal: writing");
		return 1;
	}
	return 0;
}
