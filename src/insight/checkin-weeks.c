/*
 * checkin-weeks.c — the check-ins by week (checkin-weeks.h): one walk of
 * the check-ins summing each week's values, then the last weeks as JSON.
 *
 * Means keep two decimals: they are averages of whole or half numbers, and
 * a chart or a table shows them with one.
 */
#include "checkin-weeks.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/checkin.h"
#include "core/calendar.h"
#include "core/clock.h"

/* The series, in drawing order; "sleep" (hours) rides along for tables. */
static const char *const keys[] = {"distress", "mood", "anxiety", "sleep_quality", "sleep"};
#define NKEYS   (sizeof keys / sizeof *keys)
#define NSERIES 4 /* the first four share the 0–10 scale */

struct week {
	int64_t week;
	int64_t count;
	double sum[NKEYS];
	int64_t n[NKEYS];
};

struct walk {
	struct week *w;
	size_t n, cap;
	int oom;
};

/* Week number counted from the Monday before the epoch (as insights.c). */
static int64_t week_of(int64_t ms, int off)
{
	int64_t day = hv_floor_div(ms + off * 60000LL, 86400000LL);
	return hv_floor_div(day + 3, 7);
}

/* The row of a week, added when missing; check-ins come in time order, so
 * the search starts from the newest row. */
static struct week *week_row(struct walk *k, int64_t week)
{
	for (size_t i = k->n; i-- > 0;)
		if (k->w[i].week == week)
			return &k->w[i];
	if (k->n == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 16;
		struct week *w = realloc(k->w, cap * sizeof *w);
		if (!w)
			return NULL;
		k->w = w, k->cap = cap;
	}
	struct week *row = &k->w[k->n++];
	memset(row, 0, sizeof *row);
	row->week = week;
	return row;
}

static int add_checkin(const struct hv_record *r, void *ctx)
{
	struct walk *k = ctx;
	struct week *row = week_row(k, week_of(r->created_ms, r->created_off));
	if (!row) {
		k->oom = 1;
		return 1;
	}
	row->count++;
	const json_t *factors = json_object_get(r->body, "factors");
	for (size_t i = 0; i < NKEYS; i++) {
		const json_t *v = i == 0 ? json_object_get(r->body, "distress")
		                         : json_object_get(factors, keys[i]);
		if (json_is_number(v)) {
			row->sum[i] += json_number_value(v);
			row->n[i]++;
		}
	}
	return 0;
}

static json_t *mean_or_null(const struct week *row, size_t i)
{
	if (!row || !row->n[i])
		return json_null();
	return json_real(round(row->sum[i] / (double)row->n[i] * 100) / 100);
}

static const struct week *find(const struct walk *k, int64_t week)
{
	for (size_t i = 0; i < k->n; i++)
		if (k->w[i].week == week)
			return &k->w[i];
	return NULL;
}

/* One week of the series as JSON; seen[i] set for a series it has. */
static json_t *week_json(const struct walk *k, int64_t week, int seen[NKEYS])
{
	const struct week *row = find(k, week);
	struct hv_civil monday;
	char start[16];
	hv_civil_from_ms((week * 7 - 3) * 86400000LL, 0, &monday);
	snprintf(start, sizeof start, "%04d-%02d-%02d", monday.year, monday.month, monday.day);
	json_t *o =
	    json_pack("{s:s,s:I}", "start", start, "checkins", (json_int_t)(row ? row->count : 0));
	for (size_t i = 0; o && i < NKEYS; i++) {
		json_object_set_new(o, keys[i], mean_or_null(row, i));
		seen[i] |= row && row->n[i];
	}
	return o;
}

static json_t *weeks_json(const struct walk *k)
{
	json_t *weeks = json_array(), *series = json_array();
	int seen[NKEYS] = {0};
	int64_t last = INT64_MIN, first = INT64_MAX;
	for (size_t i = 0; i < k->n; i++) {
		if (k->w[i].week > last)
			last = k->w[i].week;
		if (k->w[i].week < first)
			first = k->w[i].week;
	}
	if (k->n && first < last - (HV_CHECKIN_WEEKS - 1))
		first = last - (HV_CHECKIN_WEEKS - 1);
	for (int64_t w = first; k->n && w <= last; w++)
		json_array_append_new(weeks, week_json(k, w, seen));
	for (size_t i = 0; i < NSERIES; i++)
		if (seen[i])
			json_array_append_new(series, json_string(keys[i]));
	return json_pack("{s:o,s:o}", "series", series, "weeks", weeks);
}

json_t *hv_checkin_weeks(struct hv_store *st, int64_t since_ms, int64_t until_ms,
                         struct hv_error *err)
{
	struct walk k = {0};
	struct hv_query q = {.kind = HV_CHECKIN_KIND, .since_ms = since_ms, .until_ms = until_ms};
	json_t *out = NULL;
	if (hv_store_each(st, &q, add_checkin, &k, err) < 0)
		goto done;
	out = k.oom ? NULL : weeks_json(&k);
	if (!out)
		hv_fail(err, HV_ENOMEM, "out of memory while reading the check-ins");
done:
	free(k.w);
	return out;
}
