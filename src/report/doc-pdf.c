/*
 * doc-pdf.c — the document (doc.h) as a PDF: A4 pages drawn with cairo,
 * text set by pango (so any script and any word of a person's is shaped
 * and wrapped properly), charts drawn from the same shapes as the web
 * app's SVG (chart-cairo.c).  Every page ends with the document's footer —
 * what the numbers are and are not — and its page number.
 *
 * Blocks flow down the page; one that does not fit starts the next page,
 * and in a report each part after the first starts a page of its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apart.h"
#include "cairo-lib.h" /* cairo and pango, loaded when first drawn with */
#include "chart-model.h"
#include "chart.h"
#include "core/grow.h"
#include "doc-private.h"

#define PAGE_W     595.28 /* A4, in points */
#define PAGE_H     841.89
#define MARGIN     56.0
#define FOOT_H     46.0
#define TEXT_W     (PAGE_W - 2 * MARGIN)
#define BOTTOM     (PAGE_H - MARGIN - FOOT_H)
#define INDENT     14.0
#define INK_RGB    0.114, 0.169, 0.184
#define SOFT_RGB   0.29, 0.357, 0.376
#define ACCENT_RGB 0.184, 0.435, 0.494
/* How long a PDF drawn apart may take: a long report on a busy computer
 * takes seconds; a child still at work after this is stuck. */
#define PDF_APART_SECONDS 60

struct pdf {
	cairo_t *cr;
	PangoLayout *layout;
	const struct hv_doc *d;
	double y;
	int page, parts_on_page;
	unsigned char *buf;
	size_t len, cap;
	int oom;
};

static cairo_status_t take(void *ctx, const unsigned char *data, unsigned int n)
{
	struct pdf *p = ctx;
	if (HV_GROW(p->buf, p->cap, p->len + n, 65536) < 0) {
		p->oom = 1;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	memcpy(p->buf + p->len, data, n);
	p->len += n;
	return CAIRO_STATUS_SUCCESS;
}

/* Set the layout for text of size pt, bold or italic, width w. */
static void font(struct pdf *p, double pt, int bold, int italic, double w)
{
	PangoFontDescription *f = pango_font_description_from_string("sans");
	pango_font_description_set_absolute_size(f, pt * PANGO_SCALE);
	pango_font_description_set_weight(f, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_style(f, italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
	pango_layout_set_font_description(p->layout, f);
	pango_font_description_free(f);
	pango_layout_set_width(p->layout, (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(p->layout, PANGO_WRAP_WORD_CHAR);
}

static double text_height(struct pdf *p, const char *text)
{
	pango_layout_set_text(p->layout, text, -1);
	int w, h;
	pango_layout_get_size(p->layout, &w, &h);
	return (double)h / PANGO_SCALE;
}

static void footer(struct pdf *p)
{
	const struct hv_doc *d = p->d;
	char num[32];
	snprintf(num, sizeof num, "%d", p->page);
	cairo_set_source_rgb(p->cr, SOFT_RGB);
	cairo_move_to(p->cr, MARGIN, PAGE_H - MARGIN - FOOT_H + 8);
	cairo_line_to(p->cr, PAGE_W - MARGIN, PAGE_H - MARGIN - FOOT_H + 8);
	cairo_set_line_width(p->cr, 0.5);
	cairo_stroke(p->cr);
	font(p, 8, 0, 0, TEXT_W - 30);
	if (d->footer) {
		pango_layout_set_text(p->layout, d->footer, -1);
		cairo_move_to(p->cr, MARGIN, PAGE_H - MARGIN - FOOT_H + 14);
		pango_cairo_show_layout(p->cr, p->layout);
	}
	font(p, 8, 0, 0, 30);
	pango_layout_set_alignment(p->layout, PANGO_ALIGN_RIGHT);
	pango_layout_set_text(p->layout, num, -1);
	cairo_move_to(p->cr, PAGE_W - MARGIN - 30, PAGE_H - MARGIN - FOOT_H + 14);
	pango_cairo_show_layout(p->cr, p->layout);
	pango_layout_set_alignment(p->layout, PANGO_ALIGN_LEFT);
}

static void new_page(struct pdf *p)
{
	footer(p);
	cairo_show_page(p->cr);
	p->page++;
	p->parts_on_page = 0;
	p->y = MARGIN;
}

/* Room for h more points on this page, else the next page. */
static void room(struct pdf *p, double h)
{
	if (p->y + h > BOTTOM && p->y > MARGIN)
		new_page(p);
}

static void show_text(struct pdf *p, double x, const char *text, double after)
{
	double h = text_height(p, text);
	room(p, h);
	cairo_move_to(p->cr, x, p->y);
	pango_cairo_show_layout(p->cr, p->layout);
	p->y += h + after;
}

static void heading(struct pdf *p, const char *text)
{
	if (p->d->part_pages && p->parts_on_page)
		new_page(p);
	p->parts_on_page++;
	font(p, 15, 1, 0, TEXT_W);
	/* A heading keeps company with what follows it. */
	room(p, text_height(p, text) + 60);
	p->y += p->y > MARGIN ? 10 : 0;
	cairo_set_source_rgb(p->cr, INK_RGB);
	show_text(p, MARGIN, text, 6);
}

static void item(struct pdf *p, const char *text, int voice)
{
	font(p, 10.5, 0, voice, TEXT_W - INDENT);
	double h = text_height(p, text);
	room(p, h);
	cairo_set_source_rgb(p->cr, ACCENT_RGB);
	if (voice) {
		cairo_rectangle(p->cr, MARGIN, p->y, 3, h);
		cairo_fill(p->cr);
	} else {
		cairo_arc(p->cr, MARGIN + 4, p->y + 7, 2, 0, 2 * G_PI);
		cairo_fill(p->cr);
	}
	cairo_set_source_rgb(p->cr, INK_RGB);
	show_text(p, MARGIN + INDENT, text, voice ? 8 : 3);
}

static void chart(struct pdf *p, const struct hv_chart *c)
{
	int w, h;
	hv_chart_size(c, &w, &h);
	double scale = w > TEXT_W ? TEXT_W / w : 1;
	/* The chart's title above it, kept on its page. */
	font(p, 10.5, 1, 0, TEXT_W);
	double caption = text_height(p, hv_chart_title(c));
	room(p, caption + h * scale + 8);
	cairo_set_source_rgb(p->cr, INK_RGB);
	show_text(p, MARGIN, hv_chart_title(c), 2);
	cairo_save(p->cr);
	cairo_translate(p->cr, MARGIN, p->y + 4);
	cairo_scale(p->cr, scale, scale);
	hv_chart_cairo(p->cr, c);
	cairo_restore(p->cr);
	p->y += h * scale + 12;
}

static void block(struct pdf *p, const struct hv_doc_block *b)
{
	switch (b->kind) {
	case HV_DOC_H1: heading(p, b->text); break;
	case HV_DOC_P:
		font(p, 10.5, 0, 0, TEXT_W);
		cairo_set_source_rgb(p->cr, INK_RGB);
		show_text(p, MARGIN, b->text, 6);
		break;
	case HV_DOC_NOTE:
		font(p, 9, 0, 1, TEXT_W);
		cairo_set_source_rgb(p->cr, SOFT_RGB);
		show_text(p, MARGIN, b->text, 8);
		break;
	case HV_DOC_ITEM: item(p, b->text, 0); break;
	case HV_DOC_VOICE: item(p, b->text, 1); break;
	case HV_DOC_CHART: chart(p, b->chart); break;
	}
}

unsigned char *hv_doc_pdf(const struct hv_doc *d, size_t *len, struct hv_error *err)
{
	if (hv_cairo_load(err) < 0)
		return NULL;
	struct pdf p = {.d = d, .y = MARGIN, .page = 1};
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(take, &p, PAGE_W, PAGE_H);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, d->title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "haven");
	p.cr = cairo_create(s);
	p.layout = pango_cairo_create_layout(p.cr);
	font(&p, 20, 1, 0, TEXT_W);
	cairo_set_source_rgb(p.cr, INK_RGB);
	show_text(&p, MARGIN, d->title, 10);
	for (size_t i = 0; i < d->n; i++)
		block(&p, &d->b[i]);
	footer(&p);
	g_object_unref(p.layout);
	cairo_destroy(p.cr);
	cairo_surface_finish(s);
	cairo_status_t status = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (d->oom || p.oom || status != CAIRO_STATUS_SUCCESS) {
		free(p.buf);
		hv_fail(err, d->oom || p.oom ? HV_ENOMEM : HV_EIO, "could not draw %s as PDF: %s",
		        d->title,
		        d->oom || p.oom ? "out of memory" : cairo_status_to_string(status));
		return NULL;
	}
	*len = p.len;
	return p.buf;
}

static unsigned char *pdf_of(void *doc, size_t *len, struct hv_error *err)
{
	return hv_doc_pdf(doc, len, err);
}

unsigned char *hv_doc_pdf_apart(const struct hv_doc *d, size_t *len, struct hv_error *err)
{
	char what[200];
	snprintf(what, sizeof what, "%s as PDF", d->title);
	return hv_apart(pdf_of, (void *)d, what, PDF_APART_SECONDS, len, err);
}
