/*
 * relations.c — what goes with what (see relations.h for the rules).
 *
 * One walk over the check-ins makes a sorted table of days (the factors and
 * the check-in outcomes of each), one walk over the journal's facts cache
 * adds the entries of those days, and then each factor, lag and outcome is
 * one comparison of two groups of days.  The words come from
 * data/relations.json and say what went together, never what caused it.
 */
#include "relations.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/checkin.h"
#include "core/calendar.h"
#include "core/content.h"
#include "core/grow.h"
#include "core/template.h"
#include "insights.h"
#include "journal/journal.h"

#define NUM_MAX 8  /* built-in factors related */
#define OWN_MAX 32 /* own factors related */
#define OUT_N   5  /* distress, anxiety, triggers, intensity, recovery */

enum { O_DISTRESS, O_ANXIETY, O_TRIGGERS, O_INTENSITY, O_RECOVERY };

struct day {
	int64_t day;
	double fsum[NUM_MAX];
	int fn[NUM_MAX];
	signed char own[OWN_MAX]; /* -1 unanswered, 0 no, 1 yes */
	double osum[OUT_N];
	int on[OUT_N];
};

struct hv_rel_table {
	struct day *d;
	size_t n, cap;
	const char *num_id[NUM_MAX];
	int num_next[NUM_MAX];
	size_t nnum;
	char own_name[OWN_MAX][HV_CHECKIN_NAME_MAX + 1];
	size_t nown;
	int64_t first_entry, last_entry; /* the journal's first and last day */
	int oom;
};

/* ---- statistics --------------------------------------------------------- */

/* Continued fraction of the regularised incomplete beta (Lentz). */
static double beta_cf(double a, double b, double x)
{
	const double tiny = 1e-300;
	double c = 1, d = 1 - (a + b) * x / (a + 1);
	d = fabs(d) < tiny ? tiny : d;
	d = 1 / d;
	double h = d;
	for (int m = 1; m <= 300; m++) {
		double aa = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
		d = 1 + aa * d, c = 1 + aa / c;
		d = 1 / (fabs(d) < tiny ? tiny : d), c = fabs(c) < tiny ? tiny : c;
		h *= d * c;
		aa = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
		d = 1 + aa * d, c = 1 + aa / c;
		d = 1 / (fabs(d) < tiny ? tiny : d), c = fabs(c) < tiny ? tiny : c;
		double del = d * c;
		h *= del;
		if (fabs(del - 1) < 1e-15)
			break;
	}
	return h;
}

static double inc_beta(double a, double b, double x)
{
	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	double front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x));
	if (x < (a + 1) / (a + b + 2))
		return front * beta_cf(a, b, x) / a;
	return 1 - front * beta_cf(b, a, 1 - x) / b;
}

/* P(T > t) for t >= 0. */
static double t_upper(double t, double df)
{
	return 0.5 * inc_beta(df / 2, 0.5, df / (df + t * t));
}

double hv_t_quantile(double p, double df)
{
	if (p == 0.5)
		return 0;
	if (p < 0.5)
		return -hv_t_quantile(1 - p, df);
	double lo = 0, hi = 1;
	while (t_upper(hi, df) > 1 - p && hi < 1e6)
		hi *= 2;
	for (int i = 0; i < 200 && hi - lo > 1e-12; i++) { /* bisection: monotone, sure */
		double mid = (lo + hi) / 2;
		if (t_upper(mid, df) > 1 - p)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

static void mean_var(const double *v, size_t n, double *mean, double *var)
{
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += v[i];
	*mean = s / (double)n;
	double q = 0;
	for (size_t i = 0; i < n; i++)
		q += (v[i] - *mean) * (v[i] - *mean);
	*var = n > 1 ? q / (double)(n - 1) : 0;
}

int hv_rel_compare(const double *with, size_t nw, const double *without, size_t nwo,
                   struct hv_rel_stat *out)
{
	if (nw < 2 || nwo < 2)
		return -1;
	double vw, vo;
	mean_var(with, nw, &out->mean_with, &vw);
	mean_var(without, nwo, &out->mean_without, &vo);
	out->n_with = nw, out->n_without = nwo;
	out->diff = out->mean_with - out->mean_without;
	double aw = vw / (double)nw, ao = vo / (double)nwo, se = sqrt(aw + ao);
	if (se == 0) { /* every day alike on both sides: the difference is exact */
		out->df = NAN;
		out->low = out->high = out->diff;
		out->strength = out->diff == 0 ? 0 : 1e9;
		return 0;
	}
	out->df =
	    (aw + ao) * (aw + ao) / (aw * aw / (double)(nw - 1) + ao * ao / (double)(nwo - 1));
	double q = hv_t_quantile(1 - (1 - HV_REL_LEVEL) / 2, out->df);
	out->low = out->diff - q * se;
	out->high = out->diff + q * se;
	out->strength = fabs(out->diff) / se;
	return 0;
}

static int by_value(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return (a > b) - (a < b);
}

int hv_rel_split(const double *x, size_t n, double *threshold)
{
	if (n < 2 * HV_REL_MIN)
		return 0;
	double *v = malloc(n * sizeof *v);
	if (!v)
		return 0;
	memcpy(v, x, n * sizeof *v);
	qsort(v, n, sizeof *v, by_value);
	size_t distinct = 1, best = 0;
	double t = NAN;
	for (size_t i = 1; i < n; i++) {
		if (v[i] == v[i - 1])
			continue;
		distinct++;
		size_t small = i < n - i ? i : n - i; /* i values are <= v[i-1] */
		if (small > best)
			best = small, t = v[i - 1];
	}
	free(v);
	if (distinct < 3 || best < HV_REL_MIN)
		return 0;
	*threshold = t;
	return 1;
}

/* ---- the table of days -------------------------------------------------- */

static int64_t local_day(int64_t ms, int off)
{
	return hv_floor_div(ms + off * 60000LL, 86400000LL);
}

/* The row of day, added in order when missing (add) or NULL. */
static struct day *find_day(struct hv_rel_table *t, int64_t day, int add)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (t->d[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < t->n && t->d[lo].day == day)
		return &t->d[lo];
	if (!add)
		return NULL;
	if (HV_GROW(t->d, t->cap, t->n + 1, 256) < 0)
		return NULL;
	memmove(t->d + lo + 1, t->d + lo, (t->n - lo) * sizeof *t->d);
	t->n++;
	struct day *r = &t->d[lo];
	memset(r, 0, sizeof *r);
	memset(r->own, -1, sizeof r->own);
	r->day = day;
	return r;
}

static int own_index(struct hv_rel_table *t, const char *name)
{
	for (size_t i = 0; i < t->nown; i++)
		if (strcmp(t->own_name[i], name) == 0)
			return (int)i;
	if (t->nown == OWN_MAX || strlen(name) > HV_CHECKIN_NAME_MAX)
		return -1;
	strcpy(t->own_name[t->nown], name);
	return (int)t->nown++;
}

static void add_checkin_values(struct hv_rel_table *t, struct day *d, const json_t *body)
{
	const json_t *dist = json_object_get(body, "distress");
	if (json_is_number(dist))
		d->osum[O_DISTRESS] += json_number_value(dist), d->on[O_DISTRESS]++;
	const json_t *f = json_object_get(body, "factors");
	const json_t *anx = json_object_get(f, "anxiety");
	if (json_is_number(anx))
		d->osum[O_ANXIETY] += json_number_value(anx), d->on[O_ANXIETY]++;
	for (size_t i = 0; i < t->nnum; i++) {
		const json_t *v = json_object_get(f, t->num_id[i]);
		if (json_is_number(v))
			d->fsum[i] += json_number_value(v), d->fn[i]++;
	}
	const char *name;
	json_t *v;
	json_object_foreach((json_t *)json_object_get(body, "own"), name, v)
	{
		int k = json_is_boolean(v) ? own_index(t, name) : -1;
		if (k >= 0 && d->own[k] != 1)
			d->own[k] = json_is_true(v) ? 1 : 0;
	}
}

static int add_checkin(const struct hv_record *r, void *ctx)
{
	struct hv_rel_table *t = ctx;
	struct day *d = find_day(t, local_day(r->created_ms, r->created_off), 1);
	if (!d) {
		t->oom = 1;
		return 1;
	}
	add_checkin_values(t, d, r->body);
	return 0;
}

void hv_rel_entry(struct hv_rel_table *t, int64_t created_ms, int created_off,
                  const struct hv_facts *f)
{
	int64_t day = local_day(created_ms, created_off);
	if (day < t->first_entry)
		t->first_entry = day;
	if (day > t->last_entry)
		t->last_entry = day;
	struct day *d = find_day(t, day, 0);
	if (!d)
		return; /* a day without a check-in is not a tracked day */
	d->osum[O_TRIGGERS] += 1;
	if (!isnan(f->a))
		d->osum[O_INTENSITY] += f->a, d->on[O_INTENSITY]++;
	if (!isnan(f->b))
		d->osum[O_RECOVERY] += f->b, d->on[O_RECOVERY]++;
}

static int add_entry(int64_t created_ms, int created_off, const struct hv_facts *f, void *ctx)
{
	hv_rel_entry(ctx, created_ms, created_off, f);
	return 0;
}

/* The built-in factors related, in the order of data/checkin.json. */
static void pick_factors(struct hv_rel_table *t, const json_t *words)
{
	size_t i;
	json_t *f;
	json_array_foreach(hv_checkin_factors(), i, f)
	{
		const char *id = json_string_value(json_object_get(f, "id"));
		const json_t *w = json_object_get(words, id ? id : "");
		if (!w || t->nnum == NUM_MAX)
			continue;
		t->num_id[t->nnum] = id;
		t->num_next[t->nnum++] = json_is_true(json_object_get(w, "next_day"));
	}
}

/* ---- one relation -------------------------------------------------------- */

/* The value of an outcome on day d, or NAN. */
static double outcome_of(const struct hv_rel_table *t, const struct day *d, int o)
{
	/* No entry on a day is 0 moments only while the person keeps the
	 * journal: not before its first entry nor after its last. */
	if (o == O_TRIGGERS)
		return d->day >= t->first_entry && d->day <= t->last_entry ? d->osum[o] : NAN;
	return d->on[o] ? d->osum[o] / d->on[o] : NAN;
}

/* The factor (k < nnum: built-in; else own k - nnum) on day d, or NAN. */
static double factor_of(const struct hv_rel_table *t, const struct day *d, size_t k)
{
	if (k < t->nnum)
		return d->fn[k] ? d->fsum[k] / d->fn[k] : NAN;
	signed char v = d->own[k - t->nnum];
	return v < 0 ? NAN : v;
}

static json_t *round_num(double v)
{
	return isnan(v) ? json_null() : json_real(round(v * 1000) / 1000);
}

/* |v| with decimals places; trim: "7.50" → "7.5", "7.0" → "7" (a
 * threshold reads better short; a size keeps its place: "1.0 points"). */
static void fmt_num(char *buf, size_t n, double v, int decimals, int trim)
{
	snprintf(buf, n, "%.*f", decimals, fabs(v));
	if (trim && strchr(buf, '.')) {
		char *e = buf + strlen(buf) - 1;
		while (*e == '0')
			*e-- = '\0';
		if (*e == '.')
			*e = '\0';
	}
}

static char *fill(const char *tmpl, const char *const *kv)
{
	char *s = hv_template_fill(tmpl ? tmpl : "", kv);
	return s ? s : strdup("");
}

/* "0.6 lower": one end of the interval in the outcome's words. */
static char *bound_words(const json_t *ow, double v)
{
	char size[32];
	int dec = (int)json_integer_value(json_object_get(ow, "decimals"));
	fmt_num(size, sizeof size, v, dec, 0);
	const char *dir = json_string_value(json_object_get(ow, v < 0 ? "down" : "up"));
	const char *kv[] = {"size", size, "dir", dir ? dir : "", NULL};
	return fill(json_string_value(json_object_get(ow, "bound")), kv);
}

/* "On days with more than 7 hours of sleep the night before". */
static char *when_words(const struct hv_rel_table *t, const json_t *words, size_t k, int lag,
                        double threshold, double least)
{
	if (k >= t->nnum) {
		const char *kv[] = {"name", t->own_name[k - t->nnum], NULL};
		return fill(
		    hv_content_text("relations.json", lag ? "own_next_day" : "own_same_day", ""),
		    kv);
	}
	const json_t *fw = json_object_get(json_object_get(words, "factors"), t->num_id[k]);
	const json_t *def = hv_checkin_factor(t->num_id[k]);
	double min = json_number_value(json_object_get(def, "min"));
	char num[32];
	fmt_num(num, sizeof num, least, 2, 1); /* "2 drinks or more", not "more than 1" */
	const char *kv1[] = {"t", num, NULL};
	char *what =
	    fill(json_string_value(json_object_get(fw, threshold <= min ? "any" : "more")), kv1);
	const char *kv2[] = {"what", what, NULL};
	char *when =
	    fill(hv_content_text("relations.json", lag ? "next_day" : "same_day", ""), kv2);
	free(what);
	return when;
}

static char *sentence(const struct hv_rel_table *t, const json_t *words, const json_t *ow, size_t k,
                      int lag, double threshold, double least, const struct hv_rel_stat *s)
{
	char *when = when_words(t, words, k, lag, threshold, least);
	char size[32], nw[24], nwo[24];
	fmt_num(size, sizeof size, s->diff,
	        (int)json_integer_value(json_object_get(ow, "decimals")), 0);
	const char *dir = json_string_value(json_object_get(ow, s->diff < 0 ? "down" : "up"));
	const char *kv1[] = {"size", size, "dir", dir ? dir : "", NULL};
	char *outcome = fill(json_string_value(json_object_get(ow, "sentence")), kv1);
	char *low = bound_words(ow, s->low), *high = bound_words(ow, s->high);
	snprintf(nw, sizeof nw, "%zu", s->n_with);
	snprintf(nwo, sizeof nwo, "%zu", s->n_without);
	int clear = s->low > 0 || s->high < 0;
	const char *kv2[] = {"when", when,   "outcome", outcome,   "low", low, "high",
	                     high,   "with", nw,        "without", nwo,   NULL};
	char *out = fill(hv_content_text("relations.json", clear ? "clear" : "unclear", ""), kv2);
	free(when), free(outcome), free(low), free(high);
	return out;
}

/* Relate factor k at lag to outcome o; NULL when no day has both. */
static json_t *relate(const struct hv_rel_table *t, const json_t *words, const json_t *ow, size_t k,
                      int lag, int o, double *x, double *y, double *buf)
{
	size_t n = 0;
	for (size_t i = 0; i < t->n; i++) {
		const struct day *d = &t->d[i], *from = d;
		if (lag) {
			if (i == 0 || t->d[i - 1].day != d->day - 1)
				continue;
			from = &t->d[i - 1];
		}
		double xv = factor_of(t, from, k), yv = outcome_of(t, d, o);
		if (isnan(xv) || isnan(yv))
			continue;
		x[n] = xv, y[n++] = yv;
	}
	if (n == 0)
		return NULL;
	double threshold = 0.5; /* yes/no: 1 is "with" */
	int own = k >= t->nnum;
	int split = own || hv_rel_split(x, n, &threshold), enough = split;
	size_t nw = 0, nwo = 0;
	double least = INFINITY;
	for (size_t i = 0; i < n; i++) /* with at the front of buf, without at the back */
		if (x[i] > threshold)
			buf[nw++] = y[i], least = x[i] < least ? x[i] : least;
		else
			buf[n - 1 - nwo++] = y[i];
	enough = enough && nw >= HV_REL_MIN && nwo >= HV_REL_MIN;
	struct hv_rel_stat s = {0};
	if (enough)
		hv_rel_compare(buf, nw, buf + nw, nwo, &s);
	const char *label =
	    own ? t->own_name[k - t->nnum]
	        : json_string_value(json_object_get(hv_checkin_factor(t->num_id[k]), "label"));
	char *text = enough ? sentence(t, words, ow, k, lag, threshold, least, &s) : NULL;
	json_t *item = json_pack(
	    "{s:s,s:s,s:b,s:i,s:s,s:I,s:o,s:{s:o},s:{s:o},s:o,s:o,s:o,s:b,s:b,s:s,s:f}", "factor",
	    own ? label : t->num_id[k], "label", label ? label : "", "own", own, "lag", lag,
	    "outcome", json_string_value(json_object_get(ow, "id")), "days", (json_int_t)n,
	    "threshold", own ? json_null() : round_num(split ? threshold : NAN), "with", "days",
	    split ? json_integer((json_int_t)nw) : json_null(), "without", "days",
	    split ? json_integer((json_int_t)nwo) : json_null(), "difference",
	    round_num(enough ? s.diff : NAN), "low", round_num(enough ? s.low : NAN), "high",
	    round_num(enough ? s.high : NAN), "enough", enough, "clear",
	    enough && (s.low > 0 || s.high < 0), "sentence",
	    text ? text : hv_content_text("relations.json", "too_few", ""), "strength",
	    enough ? s.strength : -1.0);
	free(text);
	if (item && enough) {
		json_object_set_new(json_object_get(item, "with"), "mean", round_num(s.mean_with));
		json_object_set_new(json_object_get(item, "without"), "mean",
		                    round_num(s.mean_without));
	}
	return item;
}

static int by_strength(const void *x, const void *y)
{
	double a = json_real_value(json_object_get(*(json_t *const *)x, "strength"));
	double b = json_real_value(json_object_get(*(json_t *const *)y, "strength"));
	if (a != b)
		return (a < b) - (a > b);
	json_int_t i = json_integer_value(json_object_get(*(json_t *const *)x, "order"));
	json_int_t j = json_integer_value(json_object_get(*(json_t *const *)y, "order"));
	return (i > j) - (i < j);
}

/* Every factor × lag × outcome, strongest first (a stable order for ties). */
static json_t *all_items(const struct hv_rel_table *t, const json_t *words)
{
	size_t cap = (t->nnum + t->nown) * 2 * OUT_N, n = 0;
	json_t **items = calloc(cap ? cap : 1, sizeof *items);
	double *x = malloc((t->n ? t->n : 1) * 3 * sizeof *x);
	json_t *out = json_array();
	if (!items || !x || !out) {
		free(items), free(x), json_decref(out);
		return NULL;
	}
	const json_t *outs = json_object_get(words, "outcomes");
	for (size_t k = 0; k < t->nnum + t->nown; k++) {
		int lags = k >= t->nnum || t->num_next[k] ? 2 : 1;
		for (int lag = 0; lag < lags; lag++)
			for (int o = 0; o < OUT_N; o++) {
				json_t *it = relate(t, words, json_array_get(outs, (size_t)o), k,
				                    lag, o, x, x + t->n, x + 2 * t->n);
				if (it)
					items[n++] = it;
			}
	}
	/* qsort is not stable: order by strength, then by position. */
	for (size_t i = 0; i < n; i++)
		json_object_set_new(items[i], "order", json_integer((json_int_t)i));
	qsort(items, n, sizeof *items, by_strength);
	for (size_t i = 0; i < n; i++) {
		json_object_del(items[i], "order");
		json_object_del(items[i], "strength");
		json_array_append_new(out, items[i]);
	}
	free(items), free(x);
	return out;
}

struct hv_rel_table *hv_rel_begin(struct hv_store *st, int64_t since_ms, struct hv_error *err)
{
	return hv_rel_begin_period(st, since_ms, 0, err);
}

struct hv_rel_table *hv_rel_begin_period(struct hv_store *st, int64_t since_ms, int64_t until_ms,
                                         struct hv_error *err)
{
	const json_t *words = hv_content_json("relations.json", err);
	if (!words)
		return NULL;
	struct hv_rel_table *t = calloc(1, sizeof *t);
	if (!t) {
		hv_fail(err, HV_ENOMEM, "out of memory while relating your days");
		return NULL;
	}
	t->first_entry = INT64_MAX, t->last_entry = INT64_MIN;
	pick_factors(t, json_object_get(words, "factors"));
	struct hv_query q = {.kind = HV_CHECKIN_KIND, .since_ms = since_ms, .until_ms = until_ms};
	if (hv_store_each(st, &q, add_checkin, t, err) < 0) {
		hv_rel_free(t);
		return NULL;
	}
	if (t->oom) {
		hv_rel_free(t);
		hv_fail(err, HV_ENOMEM, "out of memory while relating your days");
		return NULL;
	}
	return t;
}

void hv_rel_free(struct hv_rel_table *t)
{
	if (t)
		free(t->d);
	free(t);
}

json_t *hv_rel_end(struct hv_rel_table *t, struct hv_error *err)
{
	const json_t *words = hv_content_json("relations.json", err);
	json_t *items = words ? all_items(t, words) : NULL, *out = NULL;
	if (items)
		out = json_pack("{s:s,s:s,s:I,s:f,s:s,s:o}", "title",
		                hv_content_text("relations.json", "title", ""), "note",
		                hv_content_text("relations.json", "note", ""), "days",
		                (json_int_t)t->n, "level", HV_REL_LEVEL, "too_few",
		                hv_content_text("relations.json", "too_few", ""), "items", items);
	if (!out && words)
		hv_fail(err, HV_ENOMEM, "out of memory while relating your days");
	hv_rel_free(t);
	return out;
}

json_t *hv_relations(struct hv_store *st, int64_t since_ms, struct hv_error *err)
{
	struct hv_rel_table *t = hv_rel_begin(st, since_ms, err);
	if (!t)
		return NULL;
	if (t->n && hv_store_scan_facts(st, HV_TRIGGER_KIND, since_ms, hv_trigger_facts, add_entry,
	                                t, err) < 0) {
		hv_rel_free(t);
		return NULL;
	}
	return hv_rel_end(t, err);
}
