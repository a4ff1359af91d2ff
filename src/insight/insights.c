/*
 * insights.c — weekly series, trends and tallies over the trigger journal.
 *
 * One pass over a projection of the journal (created time, intensity,
 * recovery, responses) read by SQLite's JSON functions, so a journal of a
 * hundred thousand entries is summarised without parsing whole bodies.
 * Weeks are ISO weeks (Monday first) in the local time of each entry.
 */
#include "insights.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/content.h"
#include "journal/journal.h"
#include "journal/vocab.h"

struct sample {
	int64_t week;
	double minutes;
};

struct acc {
	int64_t first_week, last_week;
	int64_t n;
	/* per week, indexed from first_week; grown as needed */
	int64_t *week_count;
	double *week_intensity;
	size_t weeks_cap;
	struct sample *rec;
	size_t nrec, rec_cap;
	int64_t hours[24], weekdays[7];
	int64_t protest, soothing, both, other;
	int oom;
};

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Week number counted from the Monday before the epoch. */
static int64_t week_of_day(int64_t day)
{
	return floor_div(day + 3, 7);
}

void hv_iso_week_label(int64_t day, char out[16])
{
	int64_t monday = week_of_day(day) * 7 - 3;
	struct hv_civil thu;
	hv_civil_from_ms((monday + 3) * 86400000, 0, &thu);
	int64_t jan1 = hv_days_from_civil(thu.year, 1, 1);
	snprintf(out, 16, "%04d-W%02d", thu.year, (int)((monday + 3 - jan1) / 7 + 1));
}

double hv_median(double *v, size_t n)
{
	if (n == 0)
		return NAN;
	for (size_t i = 1; i < n; i++) { /* insertion sort: weekly lists are small */
		double x = v[i];
		size_t j = i;
		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median_sorted_copy(const double *v, size_t n)
{
	if (n == 0)
		return NAN;
	double *c = malloc(n * sizeof *c);
	if (!c)
		return NAN;
	memcpy(c, v, n * sizeof *c);
	qsort(c, n, sizeof *c, cmp_double);
	double m = n % 2 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
	free(c);
	return m;
}

static int grow_weeks(struct acc *a, int64_t week)
{
	if (a->n == 0)
		a->first_week = a->last_week = week;
	if (week < a->first_week)
		return 0; /* rows come oldest first; cannot happen */
	size_t need = (size_t)(week - a->first_week + 1);
	if (need > a->weeks_cap) {
		size_t cap = a->weeks_cap ? a->weeks_cap : 64;
		while (cap < need)
			cap *= 2;
		int64_t *c = realloc(a->week_count, cap * sizeof *c);
		if (!c)
			return -1;
		a->week_count = c;
		double *d = realloc(a->week_intensity, cap * sizeof *d);
		if (!d)
			return -1;
		a->week_intensity = d;
		memset(a->week_count + a->weeks_cap, 0, (cap - a->weeks_cap) * sizeof *c);
		memset(a->week_intensity + a->weeks_cap, 0, (cap - a->weeks_cap) * sizeof *d);
		a->weeks_cap = cap;
	}
	if (week > a->last_week)
		a->last_week = week;
	return 0;
}

/* Which kinds of response an entry holds: bit 1 protest, bit 2 soothing. */
static int response_kinds(const char *list, const char *own_type)
{
	int bits = 0;
	if (own_type)
		bits |= strcmp(own_type, "protest") == 0 ? 1 : strcmp(own_type, "soothing") == 0 ? 2 : 0;
	if (!list)
		return bits;
	json_t *arr = json_loads(list, 0, NULL);
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		const char *t = hv_response_type(json_string_value(v) ? json_string_value(v) : "");
		if (t)
			bits |= strcmp(t, "protest") == 0 ? 1 : 2;
	}
	json_decref(arr);
	return bits;
}

static int add_row(const struct hv_scan_row *row, void *ctx)
{
	struct acc *a = ctx;
	struct hv_civil c;
	hv_civil_from_ms(row->created_ms, row->created_off, &c);
	int64_t day = floor_div(row->created_ms + row->created_off * 60000LL, 86400000);
	int64_t week = week_of_day(day);
	if (grow_weeks(a, week) < 0) {
		a->oom = 1;
		return 1;
	}
	a->n++;
	a->week_count[week - a->first_week]++;
	a->week_intensity[week - a->first_week] += row->num[0];
	a->hours[c.hour]++;
	a->weekdays[c.wday]++;
	if (row->text[1]) {
		if (a->nrec == a->rec_cap) {
			size_t cap = a->rec_cap ? a->rec_cap * 2 : 256;
			struct sample *s = realloc(a->rec, cap * sizeof *s);
			if (!s) {
				a->oom = 1;
				return 1;
			}
			a->rec = s;
			a->rec_cap = cap;
		}
		a->rec[a->nrec++] = (struct sample){week, row->num[1]};
	}
	int bits = response_kinds(row->text[2], row->text[3]);
	a->protest += bits == 1;
	a->soothing += bits == 2;
	a->both += bits == 3;
	a->other += bits == 0;
	return 0;
}

static json_t *number_or_null(double v)
{
	return isnan(v) ? json_null() : json_real(round(v * 10) / 10);
}

static json_t *weeks_json(struct acc *a)
{
	json_t *weeks = json_array();
	size_t r = 0;
	double *buf = malloc((a->nrec ? a->nrec : 1) * sizeof *buf);
	for (int64_t w = a->first_week; a->n && w <= a->last_week; w++) {
		size_t k = 0;
		for (; r < a->nrec && a->rec[r].week == w; r++)
			buf[k++] = a->rec[r].minutes;
		int64_t cnt = a->week_count[w - a->first_week];
		char label[16], start[HV_RFC3339_MAX];
		int64_t monday = w * 7 - 3;
		hv_iso_week_label(monday, label);
		hv_format_rfc3339(monday * 86400000, 0, start);
		start[10] = '\0';
		json_array_append_new(
		    weeks, json_pack("{s:s,s:s,s:I,s:o,s:o}", "week", label, "start", start, "entries",
				     (json_int_t)cnt, "mean_intensity",
				     number_or_null(cnt ? a->week_intensity[w - a->first_week] / cnt
							: NAN),
				     "median_recovery_minutes", number_or_null(hv_median(buf, k))));
	}
	free(buf);
	return weeks;
}

/* Least-squares slope of weekly median recovery, in minutes per week. */
static double weekly_slope(const json_t *weeks)
{
	double sx = 0, sy = 0, sxx = 0, sxy = 0;
	int n = 0;
	size_t i;
	json_t *w;
	json_array_foreach(weeks, i, w) {
		json_t *m = json_object_get(w, "median_recovery_minutes");
		if (!json_is_number(m))
			continue;
		double x = (double)i, y = json_number_value(m);
		sx += x, sy += y, sxx += x * x, sxy += x * y;
		n++;
	}
	double d = n * sxx - sx * sx;
	return n >= 2 && d != 0 ? (n * sxy - sx * sy) / d : NAN;
}

/*
 * Recovery then and now: the median of the earliest third of recovery
 * times against the latest third.  A change under 10 % is "steady".
 */
static json_t *recovery_json(struct acc *a, const json_t *weeks)
{
	size_t third = a->nrec / 3;
	const char *trend = "too-little";
	double first = NAN, recent = NAN;
	if (third >= HV_TREND_MIN) {
		double *v = malloc(a->nrec * sizeof *v);
		for (size_t i = 0; i < a->nrec; i++)
			v[i] = a->rec[i].minutes;
		first = median_sorted_copy(v, third);
		recent = median_sorted_copy(v + a->nrec - third, third);
		free(v);
		double change = first > 0 ? (recent - first) / first : recent > 0 ? 1 : 0;
		trend = change <= -0.1 ? "faster" : change >= 0.1 ? "slower" : "steady";
	}
	return json_pack("{s:s,s:I,s:o,s:o,s:o}", "trend", trend, "values", (json_int_t)a->nrec,
			 "first_median", number_or_null(first), "recent_median",
			 number_or_null(recent), "slope_minutes_per_week",
			 number_or_null(weekly_slope(weeks)));
}

static int add_tally(const char *value, int64_t count, void *ctx)
{
	const char *label = hv_trigger_kind_label(value);
	json_array_append_new(ctx, json_pack("{s:s,s:s,s:I}", "kind", value, "label",
					     label ? label : value, "count", (json_int_t)count));
	return 0;
}

static json_t *int_array(const int64_t *v, int n)
{
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_integer(v[i]));
	return arr;
}

json_t *hv_insights(struct hv_store *st, int64_t since_ms, int64_t now_ms, struct hv_error *err)
{
	static const char *const paths[] = {"$.intensity", "$.recovered_minutes", "$.responses",
					    "$.response_type"};
	struct acc a = {0};
	json_t *out = NULL, *triggers = json_array();
	if (hv_store_scan(st, HV_TRIGGER_KIND, since_ms, paths, 4, add_row, &a, err) < 0)
		goto done;
	if (a.oom) {
		hv_fail(err, HV_ENOMEM, "out of memory while reading the journal");
		goto done;
	}
	/* Extend the series to this week so quiet weeks show as quiet. */
	int64_t this_week = week_of_day(floor_div(now_ms + hv_local_offset_min(now_ms) * 60000LL,
						  86400000));
	if (a.n && this_week > a.last_week && this_week - a.first_week < 5200 &&
	    grow_weeks(&a, this_week) < 0) {
		hv_fail(err, HV_ENOMEM, "out of memory while reading the journal");
		goto done;
	}
	if (hv_store_tally(st, HV_TRIGGER_KIND, since_ms, "$.triggers", add_tally, triggers, err) < 0)
		goto done;
	json_t *weeks = weeks_json(&a);
	out = json_pack("{s:I,s:o,s:o,s:O,s:o,s:o,s:{s:I,s:I,s:I,s:I},s:s}", "entries",
			(json_int_t)a.n, "weeks", weeks, "recovery", recovery_json(&a, weeks),
			"triggers", triggers, "hours", int_array(a.hours, 24), "weekdays",
			int_array(a.weekdays, 7), "responses", "protest", (json_int_t)a.protest,
			"soothing", (json_int_t)a.soothing, "both", (json_int_t)a.both, "neither",
			(json_int_t)a.other, "note",
			hv_content_text("insights.json", "not_a_score", ""));
done:
	json_decref(triggers);
	free(a.week_count);
	free(a.week_intensity);
	free(a.rec);
	return out;
}
