/*
 * chart-cairo.c — a chart's shapes (chart-model.h) drawn with cairo, its
 * words set by pango: the report's PDF shows the very picture the web app
 * shows as SVG, shape for shape.
 *
 * A text's y is its baseline, as in SVG, so each layout is moved up by its
 * own baseline; text-anchor middle and end move it left by half or all of
 * its width.
 */
#include <stdio.h>

#include "cairo-lib.h" /* cairo and pango, loaded by hv_doc_pdf */
#include "chart-model.h"
#include "chart.h"

static void set_colour(cairo_t *cr, const char *hex)
{
	unsigned r = 0, g = 0, b = 0;
	if (!hex || sscanf(hex, "#%02x%02x%02x", &r, &g, &b) != 3)
		r = g = b = 0;
	cairo_set_source_rgb(cr, r / 255.0, g / 255.0, b / 255.0);
}

static void draw_text(cairo_t *cr, PangoLayout *layout, const struct hv_shape *s)
{
	PangoFontDescription *font = pango_font_description_from_string("sans");
	pango_font_description_set_absolute_size(font, HV_CHART_FONT * PANGO_SCALE);
	pango_font_description_set_weight(font,
	                                  s->bold ? PANGO_WEIGHT_SEMIBOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(layout, font);
	pango_font_description_free(font);
	pango_layout_set_text(layout, s->text ? s->text : "", -1);
	int w, h;
	pango_layout_get_size(layout, &w, &h);
	double width = (double)w / PANGO_SCALE;
	double base = (double)pango_layout_get_baseline(layout) / PANGO_SCALE;
	double x = s->x - (s->anchor == HV_ANCHOR_MIDDLE ? width / 2
	                   : s->anchor == HV_ANCHOR_END  ? width
	                                                 : 0);
	set_colour(cr, s->colour);
	cairo_move_to(cr, x, s->y - base);
	pango_cairo_show_layout(cr, layout);
}

static void draw_rect(cairo_t *cr, const struct hv_shape *s)
{
	if (s->w <= 0 || s->h <= 0)
		return;
	double r = s->r * 2 > s->w ? s->w / 2 : s->r, x = s->x, y = s->y, w = s->w, h = s->h;
	cairo_new_sub_path(cr);
	cairo_arc(cr, x + w - r, y + r, r, -G_PI / 2, 0);
	cairo_arc(cr, x + w - r, y + h - r, r, 0, G_PI / 2);
	cairo_arc(cr, x + r, y + h - r, r, G_PI / 2, G_PI);
	cairo_arc(cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
	cairo_close_path(cr);
	set_colour(cr, s->colour);
	cairo_fill(cr);
}

static void draw_poly(cairo_t *cr, const struct hv_shape *s)
{
	if (s->npts < 2)
		return;
	for (size_t i = 0; i < s->npts; i++)
		(i ? cairo_line_to : cairo_move_to)(cr, s->pts[2 * i], s->pts[2 * i + 1]);
	cairo_set_line_width(cr, s->stroke);
	cairo_set_line_cap(cr, s->round ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT);
	cairo_set_line_join(cr, s->round ? CAIRO_LINE_JOIN_ROUND : CAIRO_LINE_JOIN_MITER);
	set_colour(cr, s->colour);
	cairo_stroke(cr);
}

static void draw_shape(cairo_t *cr, PangoLayout *layout, const struct hv_shape *s)
{
	switch (s->kind) {
	case HV_SHAPE_TEXT: draw_text(cr, layout, s); break;
	case HV_SHAPE_LINE:
		cairo_move_to(cr, s->x, s->y);
		cairo_line_to(cr, s->x2, s->y2);
		cairo_set_line_width(cr, 1);
		set_colour(cr, s->colour);
		cairo_stroke(cr);
		break;
	case HV_SHAPE_RECT: draw_rect(cr, s); break;
	case HV_SHAPE_CIRCLE:
		cairo_new_sub_path(cr);
		cairo_arc(cr, s->x, s->y, s->r, 0, 2 * G_PI);
		set_colour(cr, s->colour);
		cairo_fill(cr);
		break;
	case HV_SHAPE_POLY: draw_poly(cr, s); break;
	}
}

void hv_chart_cairo(cairo_t *cr, const struct hv_chart *c)
{
	cairo_save(cr);
	cairo_rectangle(cr, 0, 0, c->w, c->h);
	cairo_clip(cr);
	PangoLayout *layout = pango_cairo_create_layout(cr);
	for (size_t i = 0; i < c->n; i++)
		draw_shape(cr, layout, &c->s[i]);
	g_object_unref(layout);
	cairo_restore(cr);
}
