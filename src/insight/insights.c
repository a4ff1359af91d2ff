/*
 * insights.c — weekly series, trends and tallies over the trigger journal.
 *
 * One pass over a projection of the journal (created time, intensity,
 * recovery, responses) read by SQLite's JSON functions, so a journal of a
 * hundred thousand entries is summarised without parsing whole bodies.
 * Weeks are ISO weeks (Monday first) in the local time of each entry.
 */
#include "insights.h"
#include "checkin-weeks.h"
#include "relations.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chat/chat.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/content.h"
#include "core/nearsort.h"
#include "journal/journal.h"
#include "journal/vocab.h"
#include "practice/practice.h"

struct sample {
	int64_t ms, week;
	double minutes;
};

struct acc {
	int64_t first_week, last_week;
	int64_t n;
	/* per week, indexed from first_week; grown as needed */
	int64_t *week_count;
	double *week_intensity;
	/* entries with a protest-type, a soothing, any response, per week */
	int64_t *week_protest, *week_soothing, *week_responded;
	size_t weeks_cap;
	struct sample *rec;
	size_t nrec, rec_cap;
	int64_t hours[24], weekdays[7];
	int64_t protest, soothing, both, other;
	int64_t until; /* entries from here on are left out (a report's period); 0: none */
	struct tag_count {
		char name[64];
		int64_t count;
	} tags[64];
	size_t ntags;
	struct hv_rel_table *rel; /* what goes with what, fed by the same walk */
	int oom;
};

/* Week number counted from the Monday before the epoch. */
static int64_t week_of_day(int64_t day)
{
	return hv_floor_div(day + 3, 7);
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

/* Put the k-th smallest of v[0..n) at v[k], smaller ones before it and
 * larger after (Hoare's selection: linear time on average). */
static void select_kth(double *v, ptrdiff_t n, ptrdiff_t k)
{
	ptrdiff_t lo = 0, hi = n - 1;
	while (lo < hi) {
		double a = v[lo], b = v[lo + (hi - lo) / 2], c = v[hi];
		double pivot = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
		ptrdiff_t i = lo, j = hi;
		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				double t = v[i];
				v[i++] = v[j];
				v[j--] = t;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return;
	}
}

/* The median of n values, reordering v: the journal's thirds hold tens of
 * thousands of recovery times, so they are selected, not sorted. */
static double median_select(double *v, size_t n)
{
	if (n == 0)
		return NAN;
	ptrdiff_t k = (ptrdiff_t)(n / 2);
	select_kth(v, (ptrdiff_t)n, k);
	if (n % 2)
		return v[k];
	double below = v[0]; /* the largest of the lower half */
	for (ptrdiff_t i = 1; i < k; i++)
		if (v[i] > below)
			below = v[i];
	return (below + v[k]) / 2;
}

/* Make room for week in the per-week arrays, which start at first_week. */
static int grow_weeks(struct acc *a, int64_t week)
{
	if (a->weeks_cap == 0)
		a->first_week = a->last_week = week;
	int64_t first = week < a->first_week ? week : a->first_week;
	int64_t last = week > a->last_week ? week : a->last_week;
	size_t need = (size_t)(last - first + 1), shift = (size_t)(a->first_week - first);
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
		memset(c + a->weeks_cap, 0, (cap - a->weeks_cap) * sizeof *c);
		memset(d + a->weeks_cap, 0, (cap - a->weeks_cap) * sizeof *d);
		int64_t **counts[3] = {&a->week_protest, &a->week_soothing, &a->week_responded};
		for (int k = 0; k < 3; k++) {
			int64_t *e = realloc(*counts[k], cap * sizeof *e);
			if (!e)
				return -1;
			*counts[k] = e;
			memset(e + a->weeks_cap, 0, (cap - a->weeks_cap) * sizeof *e);
		}
		a->weeks_cap = cap;
	}
	if (shift) { /* rows come in no set order: an earlier week moves the rest up */
		size_t used = (size_t)(a->last_week - a->first_week + 1);
		memmove(a->week_count + shift, a->week_count, used * sizeof *a->week_count);
		memmove(a->week_intensity + shift, a->week_intensity,
		        used * sizeof *a->week_intensity);
		memset(a->week_count, 0, shift * sizeof *a->week_count);
		memset(a->week_intensity, 0, shift * sizeof *a->week_intensity);
		int64_t *counts[3] = {a->week_protest, a->week_soothing, a->week_responded};
		for (int k = 0; k < 3; k++) {
			memmove(counts[k] + shift, counts[k], used * sizeof *counts[k]);
			memset(counts[k], 0, shift * sizeof *counts[k]);
		}
	}
	a->first_week = first;
	a->last_week = last;
	return 0;
}

static int by_time(const void *x, const void *y)
{
	const struct sample *a = x, *b = y;
	return (a->ms > b->ms) - (a->ms < b->ms);
}

/* Which kinds of response an entry holds: bit 1 protest, bit 2 soothing. */
static int64_t response_bits(const json_t *body)
{
	int64_t bits = 0;
	const char *own = json_string_value(json_object_get(body, "response_type"));
	if (own)
		bits |= strcmp(own, "protest") == 0 ? 1 : strcmp(own, "soothing") == 0 ? 2 : 0;
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(body, "responses"), i, v)
	{
		const char *t = json_is_string(v) ? hv_response_type(json_string_value(v)) : NULL;
		if (t)
			bits |= strcmp(t, "protest") == 0 ? 1 : 2;
	}
	return bits;
}

/* The facts insights need from an entry: a = intensity, b = recovery
 * minutes, bits = response kinds, tags = trigger kinds. */
static int derive_trigger_facts(const json_t *body, struct hv_facts *f)
{
	const json_t *in = json_object_get(body, "intensity");
	const json_t *rec = json_object_get(body, "recovered_minutes");
	f->a = json_is_number(in) ? json_number_value(in) : NAN;
	f->b = json_is_number(rec) ? json_number_value(rec) : NAN;
	f->bits = response_bits(body);
	size_t i, len = 0;
	json_t *t;
	json_array_foreach(json_object_get(body, "triggers"), i, t)
	{
		const char *slug = json_string_value(t);
		size_t n = slug ? strlen(slug) : 0;
		if (!n || strchr(slug, ' ') || len + n + 2 > sizeof f->tags)
			continue;
		if (len)
			f->tags[len++] = ' ';
		memcpy(f->tags + len, slug, n);
		len += n;
	}
	f->tags[len] = '\0';
	return 0;
}

static void count_tag(struct acc *a, const char *tag, size_t n)
{
	for (size_t i = 0; i < a->ntags; i++) {
		if (strlen(a->tags[i].name) == n && memcmp(a->tags[i].name, tag, n) == 0) {
			a->tags[i].count++;
			return;
		}
	}
	if (a->ntags == sizeof a->tags / sizeof *a->tags || n >= sizeof a->tags[0].name)
		return;
	memcpy(a->tags[a->ntags].name, tag, n);
	a->tags[a->ntags].name[n] = '\0';
	a->tags[a->ntags++].count = 1;
}

static int add_row(int64_t created_ms, int created_off, const struct hv_facts *f, void *ctx)
{
	struct acc *a = ctx;
	if (a->until && created_ms >= a->until)
		return 0;
	struct hv_civil c;
	hv_civil_from_ms(created_ms, created_off, &c);
	int64_t day = hv_floor_div(created_ms + created_off * 60000LL, 86400000);
	int64_t week = week_of_day(day);
	if (grow_weeks(a, week) < 0) {
		a->oom = 1;
		return 1;
	}
	a->n++;
	if (a->rel)
		hv_rel_entry(a->rel, created_ms, created_off, f);
	a->week_count[week - a->first_week]++;
	a->week_intensity[week - a->first_week] += isnan(f->a) ? 0 : f->a;
	a->week_protest[week - a->first_week] += (f->bits & 1) != 0;
	a->week_soothing[week - a->first_week] += (f->bits & 2) != 0;
	a->week_responded[week - a->first_week] += f->bits != 0;
	a->hours[c.hour]++;
	a->weekdays[c.wday]++;
	if (!isnan(f->b)) {
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
		a->rec[a->nrec++] = (struct sample){created_ms, week, f->b};
	}
	a->protest += f->bits == 1;
	a->soothing += f->bits == 2;
	a->both += f->bits == 3;
	a->other += f->bits == 0;
	for (const char *p = f->tags; *p;) {
		size_t n = strcspn(p, " ");
		count_tag(a, p, n);
		p += n + (p[n] == ' ');
	}
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
		/* Shares of the entries that say what was done, in whole percent. */
		int64_t said = a->week_responded[w - a->first_week];
		double protest =
		    said ? round(100.0 * (double)a->week_protest[w - a->first_week] / (double)said)
		         : NAN;
		double soothing =
		    said ? round(100.0 * (double)a->week_soothing[w - a->first_week] / (double)said)
		         : NAN;
		json_array_append_new(
		    weeks, json_pack("{s:s,s:s,s:I,s:o,s:o,s:o,s:o}", "week", label, "start", start,
		                     "entries", (json_int_t)cnt, "mean_intensity",
		                     number_or_null(cnt ? a->week_intensity[w - a->first_week] / cnt
		                                        : NAN),
		                     "median_recovery_minutes", number_or_null(hv_median(buf, k)),
		                     "protest_share", number_or_null(protest), "soothing_share",
		                     number_or_null(soothing)));
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
	json_array_foreach(weeks, i, w)
	{
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
		if (!v)
			return NULL;
		for (size_t i = 0; i < a->nrec; i++)
			v[i] = a->rec[i].minutes;
		first = median_select(v, third);
		recent = median_select(v + a->nrec - third, third);
		free(v);
		double change = first > 0 ? (recent - first) / first : recent > 0 ? 1 : 0;
		trend = change <= -0.1 ? "faster" : change >= 0.1 ? "slower" : "steady";
	}
	return json_pack("{s:s,s:I,s:o,s:o,s:o}", "trend", trend, "values", (json_int_t)a->nrec,
	                 "first_median", number_or_null(first), "recent_median",
	                 number_or_null(recent), "slope_minutes_per_week",
	                 number_or_null(weekly_slope(weeks)));
}

/*
 * The clearest sign of change the journal holds: the share of protest-type
 * responses in the first weeks that say what was done against the last
 * ones (up to three each, and never the same week twice).  A move of ten
 * points or more is "fell" or "rose"; under four such weeks, null.
 */
static json_t *protest_change_json(const json_t *weeks)
{
	size_t n = 0, k = 0, i;
	json_t *w;
	json_array_foreach(weeks, i, w)
	{
		n += json_is_number(json_object_get(w, "protest_share"));
	}
	if (n < 4)
		return json_null();
	size_t part = n / 2 < 3 ? n / 2 : 3;
	double from = 0, to = 0;
	json_array_foreach(weeks, i, w)
	{
		json_t *v = json_object_get(w, "protest_share");
		if (!json_is_number(v))
			continue;
		if (k < part)
			from += json_number_value(v);
		if (k >= n - part)
			to += json_number_value(v);
		k++;
	}
	from = round(from / (double)part), to = round(to / (double)part);
	const char *trend = to <= from - 10 ? "fell" : to >= from + 10 ? "rose" : "flat";
	return json_pack("{s:s,s:I,s:I,s:I}", "trend", trend, "from", (json_int_t)from, "to",
	                 (json_int_t)to, "weeks", (json_int_t)part);
}

/* Most frequent first, ties by name, for stable output. */
static int by_count_then_name(const void *x, const void *y)
{
	const struct tag_count *a = x, *b = y;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* Trigger kinds, most frequent first. */
static json_t *tally_json(struct acc *a)
{
	qsort(a->tags, a->ntags, sizeof *a->tags, by_count_then_name);
	json_t *out = json_array();
	for (size_t i = 0; i < a->ntags; i++) {
		const char *label = hv_trigger_kind_label(a->tags[i].name);
		json_array_append_new(out, json_pack("{s:s,s:s,s:I}", "kind", a->tags[i].name,
		                                     "label", label ? label : a->tags[i].name,
		                                     "count", (json_int_t)a->tags[i].count));
	}
	return out;
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
	return hv_insights_period(st, since_ms, 0, now_ms, err);
}

json_t *hv_insights_period(struct hv_store *st, int64_t since_ms, int64_t until_ms, int64_t now_ms,
                           struct hv_error *err)
{
	struct acc a = {.until = until_ms};
	json_t *out = NULL;
	a.rel = hv_rel_begin_period(st, since_ms, until_ms, err);
	if (!a.rel || hv_store_scan_facts(st, HV_TRIGGER_KIND, since_ms, derive_trigger_facts,
	                                  add_row, &a, err) < 0)
		goto done;
	if (a.oom) {
		hv_fail(err, HV_ENOMEM, "out of memory while reading the journal");
		goto done;
	}
	hv_sort_nearly(a.rec, a.nrec, sizeof *a.rec, by_time); /* rows come nearly in time order */
	/* Extend the series to this week so quiet weeks show as quiet. */
	int64_t this_week =
	    week_of_day(hv_floor_div(now_ms + hv_local_offset_min(now_ms) * 60000LL, 86400000));
	if (a.n && this_week > a.last_week && this_week - a.first_week < 5200 &&
	    grow_weeks(&a, this_week) < 0) {
		hv_fail(err, HV_ENOMEM, "out of memory while reading the journal");
		goto done;
	}
	json_t *weeks = weeks_json(&a);
	out = json_pack(
	    "{s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:{s:I,s:I,s:I,s:I},s:s}", "entries", (json_int_t)a.n,
	    "weeks", weeks, "recovery", recovery_json(&a, weeks), "protest_change",
	    protest_change_json(weeks), "triggers", tally_json(&a), "hours", int_array(a.hours, 24),
	    "weekdays", int_array(a.weekdays, 7), "responses", "protest", (json_int_t)a.protest,
	    "soothing", (json_int_t)a.soothing, "both", (json_int_t)a.both, "neither",
	    (json_int_t)a.other, "note", hv_content_text("insights.json", "not_a_score", ""));
	if (!out) {
		hv_fail(err, HV_ENOMEM, "out of memory while reading the journal");
		goto done;
	}
	json_t *practices = hv_practice_summary_period(st, since_ms, until_ms, err);
	if (!practices) {
		json_decref(out);
		out = NULL;
		goto done;
	}
	json_object_set_new(out, "practices", practices);
	json_object_set_new(out, "chat", hv_chat_insights(st, err)); /* null: no chat imported */
	json_t *rel = hv_rel_end(a.rel, err);
	a.rel = NULL;
	if (!rel) {
		json_decref(out);
		out = NULL;
		goto done;
	}
	json_object_set_new(out, "relations", rel);
	json_t *checkins = hv_checkin_weeks(st, since_ms, until_ms, err);
	if (!checkins) {
		json_decref(out);
		out = NULL;
		goto done;
	}
	json_object_set_new(out, "checkins", checkins);
done:
	hv_rel_free(a.rel);
	free(a.week_count);
	free(a.week_intensity);
	free(a.week_protest);
	free(a.week_soothing);
	free(a.week_responded);
	free(a.rec);
	return out;
}

int hv_trigger_facts(const json_t *body, struct hv_facts *f)
{
	return derive_trigger_facts(body, f);
}
