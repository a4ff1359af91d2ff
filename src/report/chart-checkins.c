/*
 * chart-checkins.c — the two charts of the check-ins (chart.h), drawn as
 * shapes like every other chart so the web app and a report show the same:
 *
 *   - the check-ins by week: one line per 0–10 series the person used,
 *     over real week dates, each line its own colour and (in the page) its
 *     own dash, with a legend, since colour is never the only sign;
 *   - what went with what, for one outcome: per factor the difference seen
 *     on days with it (a dot) and its likely range (a line), on an axis
 *     centred on no difference, so a range crossing the middle reads as
 *     "may be chance" without a word.
 *
 * Every word comes from data/insights.json.  The classes (series sN,
 * series-dot sN, range, range clear, ink, soft, grid) are what the style
 * sheet recolours for the theme.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart-model.h"
#include "chart-palette.h"
#include "chart.h"
#include "core/content.h"
#include "core/template.h"

static const char *const series_colour[4] = {ACCENT, WARN, INK, SOFT};

static const char *words(const char *path)
{
	return hv_content_text("insights.json", path, "");
}

/* A rough width of text at FONT, to lay a legend out without a font. */
static double text_width(const char *s)
{
	size_t chars = 0;
	for (; *s; s++)
		chars += ((unsigned char)*s & 0xc0) != 0x80;
	return (double)chars * FONT * 0.58;
}

/* --- the check-ins by week ------------------------------------------------ */

struct frame {
	int w, left, right, top, bh;
	const json_t *weeks;
	size_t n;
};

static double x_at(const struct frame *f, size_t i)
{
	return hv_chart_spread_x(f->w, f->left, f->right, i, f->n);
}

static double y_at(const struct frame *f, double v)
{
	return f->top + f->bh - v / 10 * f->bh;
}

/* The legend, flowing onto a second row when the chart is narrow; returns
 * the height it takes. */
static int legend(struct hv_chart *c, const json_t *series, int w)
{
	double x = 0;
	int y = FONT;
	size_t i;
	json_t *id;
	json_array_foreach(series, i, id)
	{
		char path[64], cls[32]; /* "series s" and any size_t */
		snprintf(path, sizeof path, "checkins/series/%s", json_string_value(id));
		const char *name = words(path);
		double need = 34 + text_width(name) + 18;
		if (x > 0 && x + need > w)
			x = 0, y += FONT + 10;
		snprintf(cls, sizeof cls, "series s%zu", i);
		struct hv_shape *p = hv_chart_poly(c, cls, series_colour[i], 3, 0);
		hv_chart_point(c, p, x, y - FONT / 3.0);
		hv_chart_point(c, p, x + 26, y - FONT / 3.0);
		hv_chart_text(c, "ink", INK, x + 32, y, START, 0, "%s", name);
		x += need;
	}
	return y + 6;
}

/* The 0–10 scale at the left, with faint guides at 0, 5 and 10. */
static void scale(struct hv_chart *c, const struct frame *f)
{
	hv_chart_text(c, "soft", SOFT, 0, f->top - FONT + 2, START, 0, "%s",
	              words("checkins/axis"));
	for (int v = 0; v <= 10; v += 5) {
		double y = y_at(f, v);
		hv_chart_line(c, "grid", LINE, f->left - 6, y, f->w - f->right + 6, y);
		hv_chart_text(c, "soft", SOFT, f->left - 10, y + FONT / 3.0, END, 0, "%d", v);
	}
}

/* Real dates of week starts under the plot: every few weeks counted back
 * from the newest, as many as fit without touching. */
static void date_axis(struct hv_chart *c, const struct frame *f, int y)
{
	double slot = f->n > 1 ? (double)(f->w - f->left - f->right) / (double)(f->n - 1) : 1e9;
	size_t every = 1;
	while (slot * (double)every < 5 * FONT)
		every++;
	for (size_t i = 0; i < f->n; i++) {
		if ((f->n - 1 - i) % every)
			continue;
		char day[16];
		hv_chart_short_date(
		    json_string_value(json_object_get(json_array_get(f->weeks, i), "start")), day);
		int first = f->n > 1 && i == 0, last = f->n > 1 && i + 1 == f->n;
		hv_chart_line(c, "grid", LINE, x_at(f, i), f->top + f->bh + 4, x_at(f, i),
		              f->top + f->bh + 8);
		hv_chart_text(c, "soft", SOFT, x_at(f, i) - (first ? 4 : 0) + (last ? 4 : 0), y,
		              first  ? START
		              : last ? END
		                     : MIDDLE,
		              0, "%s", day);
	}
}

/* One series: a line broken where a week has no value, a dot a week. */
static void series_line(struct hv_chart *c, const struct frame *f, const char *key, size_t k)
{
	char cls[16], dot_cls[24], path[64];
	snprintf(cls, sizeof cls, "series s%zu", k);
	snprintf(dot_cls, sizeof dot_cls, "series-dot s%zu", k);
	snprintf(path, sizeof path, "checkins/series/%s", key);
	struct hv_shape *poly = NULL;
	for (size_t i = 0; i < f->n; i++) {
		const json_t *v = json_object_get(json_array_get(f->weeks, i), key);
		if (!json_is_number(v)) {
			poly = NULL;
			continue;
		}
		if (!poly)
			poly = hv_chart_poly(c, cls, series_colour[k], 2.5, 0);
		hv_chart_point(c, poly, x_at(f, i), y_at(f, json_number_value(v)));
	}
	for (size_t i = 0; i < f->n; i++) {
		const json_t *week = json_array_get(f->weeks, i), *v = json_object_get(week, key);
		if (!json_is_number(v))
			continue;
		char day[16];
		hv_chart_short_date(json_string_value(json_object_get(week, "start")), day);
		struct hv_shape *dot = hv_chart_circle(c, dot_cls, series_colour[k], x_at(f, i),
		                                       y_at(f, json_number_value(v)), 3.5);
		hv_chart_tip(c, dot, "%s %s: %s %.1f", words("checkins/week"), day, words(path),
		             json_number_value(v));
	}
}

struct hv_chart *hv_chart_checkins_model(const json_t *checkins, int width)
{
	const json_t *series = json_object_get(checkins, "series");
	struct frame f = {
	    hv_chart_width(width), 2 * FONT + 4, 12, 0, 160, json_object_get(checkins, "weeks"), 0};
	f.n = json_array_size(f.weeks);
	struct hv_chart *c = hv_chart_new(f.w, 100, words("checkins/title"));
	if (!c || !f.n || !json_array_size(series))
		return c;
	hv_chart_set_desc(c, words("checkins/desc"));
	f.top = legend(c, series, f.w) + 2 * FONT + 4;
	c->h = f.top + f.bh + 2 * FONT + 10;
	scale(c, &f);
	size_t k;
	json_t *id;
	json_array_foreach(series, k, id)
	{
		if (k < 4)
			series_line(c, &f, json_string_value(id), k);
	}
	date_axis(c, &f, c->h - 4);
	return c;
}

/* --- what went with what, for one outcome --------------------------------- */

/* "+1.2", "−0.5", "0": a difference as a person reads it. */
static void signed_one(double v, char out[16])
{
	if (fabs(v) < 0.05)
		snprintf(out, 16, "0");
	else
		snprintf(out, 16, "%s%.1f", v > 0 ? "+" : "−", fabs(v));
}

/* The items of an outcome a chart shows: enough days, the strongest first
 * (the library's order), at most HV_CHART_RELATIONS. */
static size_t pick(const json_t *items, const char *outcome, const json_t **out)
{
	size_t n = 0, i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		const char *o = json_string_value(json_object_get(it, "outcome"));
		if (n < HV_CHART_RELATIONS && o && strcmp(o, outcome) == 0 &&
		    json_is_true(json_object_get(it, "enough")))
			out[n++] = it;
	}
	return n;
}

/* A factor's name, with "the next day" when it is compared a day later. */
static void factor_name(const json_t *it, char *out, size_t n)
{
	const char *label = json_string_value(json_object_get(it, "label"));
	if (json_integer_value(json_object_get(it, "lag")))
		snprintf(out, n, "%s, %s", label ? label : "", words("relations/next_day"));
	else
		snprintf(out, n, "%s", label ? label : "");
}

static void range_row(struct hv_chart *c, const json_t *it, double x0, double span, double m,
                      double label_y, double cy, int narrow)
{
	char name[160], d[16], lo[16], hi[16];
	factor_name(it, name, sizeof name);
	double low = json_number_value(json_object_get(it, "low")),
	       high = json_number_value(json_object_get(it, "high")),
	       diff = json_number_value(json_object_get(it, "difference"));
	int clear = json_is_true(json_object_get(it, "clear"));
	const char *cls = clear ? "range clear" : "range", *colour = clear ? ACCENT : SOFT;
	hv_chart_text(c, "ink", INK, narrow ? 0 : x0 - 10, label_y, narrow ? START : END, 0, "%s",
	              name);
	double x_of[3];
	const double v[3] = {low, high, diff};
	for (int i = 0; i < 3; i++)
		x_of[i] = x0 + (v[i] + m) / (2 * m) * span;
	struct hv_shape *line = hv_chart_line(c, cls, colour, x_of[0], cy, x_of[1], cy);
	signed_one(diff, d), signed_one(low, lo), signed_one(high, hi);
	hv_chart_tip(c, line, "%s: %s (%s … %s)", name, d, lo, hi);
	hv_chart_tip(c, hv_chart_circle(c, cls, colour, x_of[2], cy, 5), "%s: %s (%s … %s)", name,
	             d, lo, hi);
}

struct hv_chart *hv_chart_relations_model(const json_t *relations, const char *outcome, int width)
{
	const json_t *items[HV_CHART_RELATIONS];
	size_t n = pick(json_object_get(relations, "items"), outcome, items);
	char path[64];
	snprintf(path, sizeof path, "relations/outcomes/%s", outcome);
	const char *o = words(path);
	if (!n || !*o)
		return NULL;
	const int w = hv_chart_width(width), narrow = w < 480, right = 14;
	const int x0 = narrow ? 8 : w * 40 / 100, row = narrow ? 2 * FONT + 22 : FONT + 20;
	const int top = 6, h = top + (int)n * row + 2 * FONT + 8;
	const char *kv[] = {"outcome", o, NULL};
	char *title = hv_template_fill(words("relations/chart_label"), kv);
	struct hv_chart *c = hv_chart_new(w, h, title ? title : "");
	free(title);
	if (!c)
		return NULL;
	hv_chart_set_desc(c, words("relations/legend"));
	double m = 0.5, span = w - x0 - right;
	for (size_t i = 0; i < n; i++)
		m = fmax(m, fmax(fabs(json_number_value(json_object_get(items[i], "low"))),
		                 fabs(json_number_value(json_object_get(items[i], "high")))));
	m *= 1.1;
	int bottom = top + (int)n * row;
	hv_chart_line(c, "grid", LINE, x0 + span / 2, top, x0 + span / 2, bottom);
	for (int t = -1; t <= 1; t++) {
		char tick[16];
		signed_one(t * m, tick);
		hv_chart_line(c, "grid", LINE, x0 + (t + 1) * span / 2, bottom,
		              x0 + (t + 1) * span / 2, bottom + 4);
		hv_chart_text(c, "soft", SOFT, x0 + (t + 1) * span / 2, bottom + FONT + 6,
		              t < 0   ? START
		              : t > 0 ? END
		                      : MIDDLE,
		              0, "%s", tick);
	}
	hv_chart_text(c, "soft", SOFT, x0 + span / 2, h - 2, MIDDLE, 0, "%s",
	              words("relations/axis"));
	for (size_t i = 0; i < n; i++) {
		double y = top + (double)i * row;
		range_row(c, items[i], x0, span, m, narrow ? y + FONT : y + row / 2.0 + FONT / 3.0,
		          narrow ? y + FONT + 14 : y + row / 2.0, narrow);
	}
	return c;
}
