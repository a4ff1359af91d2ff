/*
 * detect.c — the milestone detectors (see growth.h).
 *
 * Each is a plain function over a history already read, so the tests can
 * build histories of any shape without a database, and each answers when
 * the milestone was reached (0: not yet).  Once reached, a milestone stays
 * reached: none of them looks only at the last days.
 */
#include "growth.h"

#include <stdlib.h>

#include "core/calendar.h"

#define DAY_MS   86400000LL
#define MONTH_MS (30 * DAY_MS)

static int64_t local_day(int64_t ms, int off)
{
	return hv_floor_div(ms + (int64_t)off * 60000, DAY_MS);
}

int64_t hv_ms_first_soothing(const struct hv_growth_history *h)
{
	int protested = 0;
	for (size_t i = 0; i < h->n_entries; i++) {
		if (h->entries[i].response == 1)
			protested = 1;
		else if (h->entries[i].response == 2 && protested)
			return h->entries[i].ms;
	}
	return 0;
}

int64_t hv_ms_rewrite(const struct hv_growth_history *h)
{
	return h->n_rewrites ? h->rewrites[0].ms : 0;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* The median of the minutes of entries in [from, to), times two so a
 * half-minute stays whole; -1 with fewer than three. */
static int median2(const struct hv_growth_history *h, int64_t from, int64_t to, int64_t *newest)
{
	int *v = malloc((h->n_entries + 1) * sizeof *v);
	size_t n = 0;
	for (size_t i = 0; v && i < h->n_entries; i++) {
		const struct hv_gh_entry *e = &h->entries[i];
		if (e->ms >= from && e->ms < to && e->recovered >= 0) {
			v[n++] = e->recovered;
			if (newest)
				*newest = e->ms;
		}
	}
	int m = -1;
	if (n >= 3) {
		qsort(v, n, sizeof *v, cmp_int);
		m = n % 2 ? 2 * v[n / 2] : v[n / 2 - 1] + v[n / 2];
	}
	free(v);
	return m;
}

int64_t hv_ms_recovery_halved(const struct hv_growth_history *h)
{
	int64_t first = 0;
	for (size_t i = 0; i < h->n_entries && !first; i++)
		if (h->entries[i].recovered >= 0)
			first = h->entries[i].ms;
	if (!first || h->now - MONTH_MS < first + MONTH_MS)
		return 0; /* the two months would overlap */
	int64_t newest = 0;
	int early = median2(h, first, first + MONTH_MS, NULL);
	int late = median2(h, h->now - MONTH_MS, h->now + 1, &newest);
	/* A first month already at zero minutes has nothing to halve. */
	if (early <= 0 || late < 0 || 2 * late > early)
		return 0;
	return newest;
}

int64_t hv_ms_checkin_week(const struct hv_growth_history *h)
{
	int64_t days[7];
	size_t n = 0;
	for (size_t i = 0; i < h->n_checkins; i++) {
		int64_t d = local_day(h->checkins[i].ms, h->checkins[i].off);
		size_t j = 0;
		while (j < n && days[j] != d)
			j++;
		if (j < n)
			continue;
		days[n++] = d;
		if (n == 7)
			return h->checkins[i].ms;
	}
	return 0;
}

/* Whether the asks from when limit l was set until to (30 days later) stay
 * within it, counted per local day, or per week counted from the day it
 * was set.  Counted in buckets, so the asks may come in any order. */
static int kept(const struct hv_growth_history *h, const struct hv_gh_limit *l, int64_t to)
{
	int counts[32] = {0};
	int64_t day0 = local_day(l->ms, l->off);
	for (size_t i = 0; i < h->n_asks; i++) {
		const struct hv_gh_event *a = &h->asks[i];
		if (a->ms < l->ms || a->ms >= to)
			continue;
		int64_t b = local_day(a->ms, a->off) - day0;
		if (l->week)
			b = hv_floor_div(b, 7);
		if (b < 0 || b >= 32) /* a far offset: the nearest bucket */
			b = b < 0 ? 0 : 31;
		if (++counts[b] > l->count)
			return 0;
	}
	return 1;
}

int64_t hv_ms_limit_month(const struct hv_growth_history *h)
{
	for (size_t i = 0; i < h->n_limits; i++) {
		int64_t end = h->limits[i].ms + MONTH_MS;
		if (end > h->now)
			break; /* not a month yet, and later ones are younger */
		if (i + 1 < h->n_limits && h->limits[i + 1].ms < end)
			continue; /* changed before the month was out */
		if (kept(h, &h->limits[i], end))
			return end;
	}
	return 0;
}
