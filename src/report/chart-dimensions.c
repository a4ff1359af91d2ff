/*
 * chart-dimensions.c — the two dimensions of attachment as one picture:
 * each result a dot at (avoidance, anxiety), joined oldest to newest, so a
 * person sees which way they have moved on both at once.  Two scales, not
 * four boxes: the middle lines are guides, and no corner is named.
 */
#include <stdio.h>
#include <string.h>

#include "chart-model.h"
#include "chart-palette.h"
#include "chart.h"

/* The score of result id in a series' points, or -1 when it has none. */
static int score_of(const json_t *series, const char *result, double *out)
{
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(series, "points"), i, p)
	{
		const char *r = json_string_value(json_object_get(p, "result"));
		if (r && strcmp(r, result) == 0) {
			*out = json_number_value(json_object_get(p, "score"));
			return 0;
		}
	}
	return -1;
}

static void frame(struct hv_chart *c, const json_t *x_series, const json_t *y_series, double lo,
                  double hi, int left, int top, int side)
{
	const double ticks[3] = {lo, (lo + hi) / 2, hi};
	for (int g = 0; g < 3; g++) {
		double x = left + (ticks[g] - lo) / (hi - lo) * side;
		double y = top + side - (ticks[g] - lo) / (hi - lo) * side;
		hv_chart_line(c, "grid", LINE, x, top, x, top + side);
		hv_chart_line(c, "grid", LINE, left, y, left + side, y);
		hv_chart_text(c, "soft", SOFT, x, top + side + FONT + 4, HV_ANCHOR_MIDDLE, 0, "%g",
		              ticks[g]);
		hv_chart_text(c, "soft", SOFT, left - 8, y + FONT / 3.0, HV_ANCHOR_END, 0, "%g",
		              ticks[g]);
	}
	const char *xt = json_string_value(json_object_get(x_series, "title"));
	const char *yt = json_string_value(json_object_get(y_series, "title"));
	hv_chart_text(c, "ink", INK, left + side, top + side + 2 * FONT + 10, HV_ANCHOR_END, 1,
	              "%s →", xt ? xt : "");
	hv_chart_text(c, "ink", INK, left, top - 8, HV_ANCHOR_START, 1, "↑ %s", yt ? yt : "");
}

struct hv_chart *hv_chart_dimensions_model(const json_t *x_series, const json_t *y_series,
                                           double lo, double hi, const char *title, int width)
{
	const int w = hv_chart_width(width), left = 3 * FONT, top = 2 * FONT + 8;
	int side = w - left - 16;
	if (side > 360)
		side = 360;
	if (!(hi > lo))
		hi = lo + 1;
	struct hv_chart *c = hv_chart_new(w, top + side + 3 * FONT + 16, title);
	if (!c)
		return NULL;
	hv_chart_set_desc(c, "Each result a dot: across, the first scale; up, the second. A line "
	                     "joins them from the oldest to the newest. A reflection over time, "
	                     "not a diagnosis.");
	frame(c, x_series, y_series, lo, hi, left, top, side);
	struct hv_shape *path = hv_chart_poly(c, "dot-line", ACCENT, 2, 0);
	size_t i;
	json_t *p;
	const json_t *points = json_object_get(y_series, "points");
	json_array_foreach(points, i, p)
	{
		double x, y = json_number_value(json_object_get(p, "score"));
		const char *r = json_string_value(json_object_get(p, "result"));
		if (!r || score_of(x_series, r, &x) < 0)
			continue;
		double px = left + (x - lo) / (hi - lo) * side,
		       py = top + side - (y - lo) / (hi - lo) * side;
		hv_chart_point(c, path, px, py);
		const char *taken = json_string_value(json_object_get(p, "taken"));
		hv_chart_tip(c, hv_chart_circle(c, "dot", ACCENT, px, py, 4.5), "%.10s: %.2f, %.2f",
		             taken ? taken : "", x, y);
	}
	return c;
}
