/*
 * chart-model.h — a chart as a list of shapes, the one picture that both
 * the SVG of the web app (chart-svg.c) and the PDF of the report
 * (chart-cairo.c) draw, so the printed chart is the same chart.
 *
 * Coordinates are CSS pixels of a w × h canvas, y downwards; a text's y is
 * its baseline, as in SVG.  Every shape keeps the class the web app's style
 * sheet recolours (ink, soft, bar, dot, warn, grid, smooth, dot-line) and a
 * colour for where no style sheet reaches (a PDF, an SVG standing alone).
 */
#ifndef HAVEN_CHART_MODEL_H
#define HAVEN_CHART_MODEL_H

#include <stddef.h>

enum hv_shape_kind { HV_SHAPE_TEXT, HV_SHAPE_LINE, HV_SHAPE_RECT, HV_SHAPE_CIRCLE, HV_SHAPE_POLY };
enum hv_anchor { HV_ANCHOR_START, HV_ANCHOR_MIDDLE, HV_ANCHOR_END };

struct hv_shape {
	enum hv_shape_kind kind;
	char cls[16];
	const char *colour;  /* "#rrggbb": fill of text, rect and circle; stroke of lines */
	double x, y, x2, y2; /* text: x, y; line: x, y to x2, y2; rect: x, y */
	double w, h, r;      /* rect's size and corner; circle's radius in r */
	double stroke;       /* a polyline's width */
	int anchor, bold, round;
	double *pts; /* a polyline's x, y pairs */
	size_t npts;
	char *text; /* a text's words; for other shapes the tooltip, or NULL */
};

struct hv_chart {
	int w, h;
	char *title, *desc;
	struct hv_shape *s;
	size_t n, cap;
	int oom; /* a shape could not be added: the chart is not to be drawn */
};

/* A new, empty chart of w × h with its title (a person reads it). */
struct hv_chart *hv_chart_new(int w, int h, const char *title);
void hv_chart_set_desc(struct hv_chart *c, const char *desc);

/* Shapes, added in drawing order.  Each returns the shape (NULL when out of
 * memory, which also marks the chart) so a caller may add a tooltip. */
struct hv_shape *hv_chart_text(struct hv_chart *c, const char *cls, const char *colour, double x,
                               double y, int anchor, int bold, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));
struct hv_shape *hv_chart_line(struct hv_chart *c, const char *cls, const char *colour, double x1,
                               double y1, double x2, double y2);
struct hv_shape *hv_chart_rect(struct hv_chart *c, const char *cls, const char *colour, double x,
                               double y, double w, double h, double rx);
struct hv_shape *hv_chart_circle(struct hv_chart *c, const char *cls, const char *colour, double x,
                                 double y, double r);
/* A polyline of no points yet; hv_chart_point adds one. */
struct hv_shape *hv_chart_poly(struct hv_chart *c, const char *cls, const char *colour,
                               double stroke, int round);
void hv_chart_point(struct hv_chart *c, struct hv_shape *poly, double x, double y);
void hv_chart_tip(struct hv_chart *c, struct hv_shape *s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Axis helpers every chart over time shares. */
/* "28 Sep" from "2026-09-28" (anything after the day is left out); what
 * is not such a date is shown as it is, cut to fit. */
void hv_chart_short_date(const char *iso, char out[16]);
/* Where the i-th of n evenly spaced points stands between left and
 * w - right; a lone point stands in the middle. */
double hv_chart_spread_x(int w, int left, int right, size_t i, size_t n);

/* Draw onto cr: the chart's canvas at the current origin, in its units. */
#ifdef CAIRO_H
void hv_chart_cairo(cairo_t *cr, const struct hv_chart *c);
#endif

#endif
