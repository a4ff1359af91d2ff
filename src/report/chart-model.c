/*
 * chart-model.c — building a chart's list of shapes (chart-model.h) and
 * writing it out as SVG text for the web app.
 *
 * A failed allocation marks the chart rather than stopping its drawing
 * code at every call: the chart is then refused as a whole when written.
 */
#include "chart-model.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "core/grow.h"

struct hv_chart *hv_chart_new(int w, int h, const char *title)
{
	struct hv_chart *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->w = w;
	c->h = h;
	c->title = strdup(title ? title : "");
	if (!c->title) {
		free(c);
		return NULL;
	}
	return c;
}

void hv_chart_set_desc(struct hv_chart *c, const char *desc)
{
	free(c->desc);
	c->desc = strdup(desc);
	if (!c->desc)
		c->oom = 1;
}

void hv_chart_free(struct hv_chart *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->s[i].pts);
		free(c->s[i].text);
	}
	free(c->s);
	free(c->title);
	free(c->desc);
	free(c);
}

void hv_chart_short_date(const char *iso, char out[16])
{
	static const char *const months[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	int y, m, d;
	if (!iso || sscanf(iso, "%d-%d-%d", &y, &m, &d) != 3 || m < 1 || m > 12) {
		snprintf(out, 16, "%.15s", iso ? iso : "");
		return;
	}
	snprintf(out, 16, "%d %s", d, months[m - 1]);
}

double hv_chart_spread_x(int w, int left, int right, size_t i, size_t n)
{
	double span = w - left - right;
	return n > 1 ? left + span * (double)i / (double)(n - 1) : left + span / 2;
}

void hv_chart_size(const struct hv_chart *c, int *w, int *h)
{
	*w = c->w;
	*h = c->h;
}

const char *hv_chart_title(const struct hv_chart *c)
{
	return c->title;
}

static struct hv_shape *add(struct hv_chart *c, enum hv_shape_kind kind, const char *cls,
                            const char *colour)
{
	if (c->oom)
		return NULL;
	if (HV_GROW(c->s, c->cap, c->n + 1, 64) < 0) {
		c->oom = 1;
		return NULL;
	}
	struct hv_shape *s = &c->s[c->n++];
	memset(s, 0, sizeof *s);
	s->kind = kind;
	snprintf(s->cls, sizeof s->cls, "%s", cls);
	s->colour = colour;
	return s;
}

static char *vformat(const char *fmt, va_list ap)
{
	char *out = NULL;
	return vasprintf(&out, fmt, ap) < 0 ? NULL : out;
}

struct hv_shape *hv_chart_text(struct hv_chart *c, const char *cls, const char *colour, double x,
                               double y, int anchor, int bold, const char *fmt, ...)
{
	struct hv_shape *s = add(c, HV_SHAPE_TEXT, cls, colour);
	if (!s)
		return NULL;
	s->x = x, s->y = y, s->anchor = anchor, s->bold = bold;
	va_list ap;
	va_start(ap, fmt);
	s->text = vformat(fmt, ap);
	va_end(ap);
	if (!s->text)
		c->oom = 1;
	return s;
}

struct hv_shape *hv_chart_line(struct hv_chart *c, const char *cls, const char *colour, double x1,
                               double y1, double x2, double y2)
{
	struct hv_shape *s = add(c, HV_SHAPE_LINE, cls, colour);
	if (s)
		s->x = x1, s->y = y1, s->x2 = x2, s->y2 = y2;
	return s;
}

struct hv_shape *hv_chart_rect(struct hv_chart *c, const char *cls, const char *colour, double x,
                               double y, double w, double h, double rx)
{
	struct hv_shape *s = add(c, HV_SHAPE_RECT, cls, colour);
	if (s)
		s->x = x, s->y = y, s->w = w, s->h = h, s->r = rx;
	return s;
}

struct hv_shape *hv_chart_circle(struct hv_chart *c, const char *cls, const char *colour, double x,
                                 double y, double r)
{
	struct hv_shape *s = add(c, HV_SHAPE_CIRCLE, cls, colour);
	if (s)
		s->x = x, s->y = y, s->r = r;
	return s;
}

struct hv_shape *hv_chart_poly(struct hv_chart *c, const char *cls, const char *colour,
                               double stroke, int round)
{
	struct hv_shape *s = add(c, HV_SHAPE_POLY, cls, colour);
	if (s)
		s->stroke = stroke, s->round = round;
	return s;
}

void hv_chart_point(struct hv_chart *c, struct hv_shape *poly, double x, double y)
{
	if (!poly || c->oom)
		return;
	/* Grow in powers of two: npts is a power of two exactly when full. */
	if ((poly->npts & (poly->npts - 1)) == 0) {
		size_t cap = poly->npts ? poly->npts * 2 : 8;
		double *p = realloc(poly->pts, cap * 2 * sizeof *p);
		if (!p) {
			c->oom = 1;
			return;
		}
		poly->pts = p;
	}
	poly->pts[2 * poly->npts] = x;
	poly->pts[2 * poly->npts + 1] = y;
	poly->npts++;
}

void hv_chart_tip(struct hv_chart *c, struct hv_shape *s, const char *fmt, ...)
{
	if (!s)
		return;
	va_list ap;
	va_start(ap, fmt);
	free(s->text);
	s->text = vformat(fmt, ap);
	va_end(ap);
	if (!s->text)
		c->oom = 1;
}

/* --- SVG ------------------------------------------------------------------ */

static void xml_text(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
	}
}

static void svg_title(FILE *f, const char *tip)
{
	if (!tip)
		return;
	fputs("<title>", f);
	xml_text(f, tip);
	fputs("</title>", f);
}

static void svg_poly(FILE *f, const struct hv_shape *s)
{
	fprintf(f, "<polyline class=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%g\"", s->cls,
	        s->colour, s->stroke);
	if (s->round)
		fputs(" stroke-linecap=\"round\" stroke-linejoin=\"round\"", f);
	fputs(" points=\"", f);
	for (size_t i = 0; i < s->npts; i++)
		fprintf(f, "%s%.1f,%.1f", i ? " " : "", s->pts[2 * i], s->pts[2 * i + 1]);
	fputc('"', f);
	if (!s->text) {
		fputs("/>", f);
		return;
	}
	fputc('>', f);
	svg_title(f, s->text);
	fputs("</polyline>", f);
}

static void svg_shape(FILE *f, const struct hv_shape *s)
{
	static const char *const anchors[3] = {"start", "middle", "end"};
	switch (s->kind) {
	case HV_SHAPE_TEXT:
		fprintf(f, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\"", s->cls, s->x, s->y);
		if (s->anchor != HV_ANCHOR_START)
			fprintf(f, " text-anchor=\"%s\"", anchors[s->anchor]);
		fprintf(f, " fill=\"%s\"%s>", s->colour, s->bold ? " font-weight=\"600\"" : "");
		xml_text(f, s->text);
		fputs("</text>", f);
		return;
	case HV_SHAPE_LINE:
		fprintf(f,
		        "<line class=\"%s\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" "
		        "stroke=\"%s\"/>",
		        s->cls, s->x, s->x2, s->y, s->y2, s->colour);
		return;
	case HV_SHAPE_RECT:
		fprintf(f,
		        "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		        "rx=\"%g\" fill=\"%s\"",
		        s->cls, s->x, s->y, s->w, s->h, s->r, s->colour);
		break;
	case HV_SHAPE_CIRCLE:
		fprintf(f, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"%g\" fill=\"%s\"",
		        s->cls, s->x, s->y, s->r, s->colour);
		break;
	case HV_SHAPE_POLY: svg_poly(f, s); return;
	}
	if (!s->text) {
		fputs("/>", f);
		return;
	}
	fputc('>', f);
	svg_title(f, s->text);
	fputs(s->kind == HV_SHAPE_RECT ? "</rect>" : "</circle>", f);
}

char *hv_chart_svg(const struct hv_chart *c)
{
	if (!c || c->oom)
		return NULL;
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	fprintf(f,
	        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 %d %d\" "
	        "width=\"%d\" height=\"%d\" role=\"img\" font-family=\"system-ui, sans-serif\" "
	        "font-size=\"%d\"><title>",
	        c->w, c->h, c->w, c->h, HV_CHART_FONT);
	xml_text(f, c->title);
	fputs("</title>", f);
	if (c->desc) {
		fputs("<desc>", f);
		xml_text(f, c->desc);
		fputs("</desc>", f);
	}
	for (size_t i = 0; i < c->n; i++)
		svg_shape(f, &c->s[i]);
	fputs("</svg>\n", f);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}
