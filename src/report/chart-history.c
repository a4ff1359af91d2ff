/*
 * chart-history.c — self-assessment scores over time (hv_chart_history in
 * chart.h), drawn as shapes like every other chart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart-model.h"
#include "chart-palette.h"
#include "chart.h"
#include "core/clock.h"

/* A point's time in ms, from its RFC 3339 "taken"; 0 when unreadable. */
static int64_t taken_ms(const json_t *point)
{
	int64_t ms = 0;
	int off;
	const char *s = json_string_value(json_object_get(point, "taken"));
	if (!s || hv_parse_rfc3339(s, &ms, &off) < 0)
		return 0;
	return ms;
}

/* The date part ("2026-01-07") of a point's "taken", for axis labels. */
static void taken_day(const json_t *point, char out[11])
{
	const char *s = json_string_value(json_object_get(point, "taken"));
	snprintf(out, 11, "%.10s", s ? s : "");
}

struct span {
	int64_t first, last;
	int w, left, right;
};

static double x_of(const struct span *t, int64_t ms, size_t i, size_t n)
{
	double width = t->w - t->left - t->right;
	if (t->last > t->first)
		return t->left + width * (double)(ms - t->first) / (double)(t->last - t->first);
	return hv_chart_spread_x(t->w, t->left, t->right, i, n);
}

/* A band's name, direction, and its scale's ends and middle in the gutter
 * (the first result is drawn clear of them). */
static void band_frame(struct hv_chart *c, const json_t *series, const struct span *t, double lo,
                       double hi, int y0, int py, int bh)
{
	const char *title = json_string_value(json_object_get(series, "title"));
	const char *target = json_string_value(json_object_get(series, "target"));
	const char *higher = json_string_value(json_object_get(series, "higher_means"));
	hv_chart_text(c, "ink", INK, 0, y0 + FONT, HV_ANCHOR_START, 1, "%s%s%s", title ? title : "",
	              target ? " — " : "", target ? target : "");
	hv_chart_text(c, "soft", SOFT, 0, y0 + 2 * FONT + 4, HV_ANCHOR_START, 0, "%s%s",
	              higher ? "higher: " : "", higher ? higher : "");
	double mid = (lo + hi) / 2;
	const double guides[3] = {lo, mid, hi};
	for (int g = 0; g < 3; g++) {
		double y = py + bh - (guides[g] - lo) / (hi - lo) * bh;
		hv_chart_line(c, "grid", LINE, t->left - 10, y, t->w - t->right + 6, y);
		hv_chart_text(c, "soft", SOFT, t->left - 14, y + FONT / 3.0, HV_ANCHOR_END, 0, "%g",
		              guides[g]);
	}
}

/* One area's band: its frame, a line through the results and the latest
 * score beside the last one. */
static void history_band(struct hv_chart *c, const json_t *series, const struct span *t, double lo,
                         double hi, int y0, int bh)
{
	int py = y0 + 2 * FONT + 18; /* the plot's top */
	band_frame(c, series, t, lo, hi, y0, py, bh);
	const json_t *points = json_object_get(series, "points");
	size_t n = json_array_size(points);
	if (n > 1) {
		struct hv_shape *poly = hv_chart_poly(c, "dot-line", ACCENT, 2, 0);
		for (size_t i = 0; i < n; i++) {
			const json_t *p = json_array_get(points, i);
			double v = json_number_value(json_object_get(p, "score"));
			hv_chart_point(c, poly, x_of(t, taken_ms(p), i, n),
			               py + bh - (v - lo) / (hi - lo) * bh);
		}
	}
	for (size_t i = 0; i < n; i++) {
		const json_t *p = json_array_get(points, i);
		double v = json_number_value(json_object_get(p, "score"));
		double x = x_of(t, taken_ms(p), i, n);
		double y = py + bh - (v - lo) / (hi - lo) * bh;
		char day[11];
		taken_day(p, day);
		hv_chart_tip(c, hv_chart_circle(c, "dot", ACCENT, x, y, 4), "%s: %.2f", day, v);
		if (i + 1 == n)
			hv_chart_text(c, "ink", INK, x + 8, y + FONT / 3.0, HV_ANCHOR_START, 0,
			              "%.2f", v);
	}
}

/* The first and the last result over every series. */
static void span_of(const json_t *list, struct span *t, const json_t **first_pt,
                    const json_t **last_pt)
{
	for (size_t i = 0; i < json_array_size(list); i++) {
		const json_t *points = json_object_get(json_array_get(list, i), "points");
		for (size_t k = 0; k < json_array_size(points); k++) {
			const json_t *p = json_array_get(points, k);
			int64_t ms = taken_ms(p);
			if (!*first_pt || ms < t->first)
				t->first = ms, *first_pt = p;
			if (!*last_pt || ms > t->last)
				t->last = ms, *last_pt = p;
		}
	}
}

struct hv_chart *hv_chart_history_model(const json_t *history, double lo, double hi, int width)
{
	const json_t *list = json_object_get(history, "series");
	size_t ns = json_array_size(list);
	const int bh = 60, band = bh + 2 * FONT + 34, top = 4, axis = FONT + 10;
	int h = top + (int)ns * band + axis;
	if (!(hi > lo))
		hi = lo + 1;
	const char *title = json_string_value(json_object_get(history, "title"));
	char heading[300], desc[300];
	snprintf(heading, sizeof heading, "%s: scores over time",
	         title ? title : "Self-assessment");
	struct span t = {0, 0, hv_chart_width(width), 3 * FONT + 8, 4 * FONT};
	struct hv_chart *c = hv_chart_new(t.w, h < 60 ? 60 : h, heading);
	if (!c)
		return NULL;
	snprintf(desc, sizeof desc,
	         "One line per area, oldest result on the left, newest on the right; each area's "
	         "scale runs from %g at the bottom to %g at the top. A reflection over time, not "
	         "a diagnosis.",
	         lo, hi);
	hv_chart_set_desc(c, desc);
	const json_t *first_pt = NULL, *last_pt = NULL;
	span_of(list, &t, &first_pt, &last_pt);
	for (size_t i = 0; i < ns; i++)
		history_band(c, json_array_get(list, i), &t, lo, hi, top + (int)i * band, bh);
	if (first_pt) {
		char a[16], b[16];
		hv_chart_short_date(json_string_value(json_object_get(first_pt, "taken")), a);
		hv_chart_short_date(json_string_value(json_object_get(last_pt, "taken")), b);
		hv_chart_text(c, "soft", SOFT, t.left, c->h - 4, HV_ANCHOR_START, 0, "%s", a);
		if (t.last > t.first)
			hv_chart_text(c, "soft", SOFT, t.w - t.right, c->h - 4, HV_ANCHOR_END, 0,
			              "%s", b);
	}
	return c;
}

char *hv_chart_history(const json_t *history, double lo, double hi, int width)
{
	struct hv_chart *c = hv_chart_history_model(history, lo, hi, width);
	char *svg = hv_chart_svg(c);
	hv_chart_free(c);
	return svg;
}
