/*
 * doc.c — the document's blocks (doc.h), and the document as one HTML
 * file: its style inline, its charts inline SVG, nothing fetched, so it
 * can be opened, printed or sent as it is.  The print style sheet starts
 * each part of a report on a new page and keeps a chart whole.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "core/grow.h"
#include "core/outfile.h"
#include "doc-private.h"

struct hv_doc *hv_doc_new(const char *title, const char *footer, int part_pages)
{
	struct hv_doc *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	d->title = strdup(title ? title : "");
	d->footer = footer ? strdup(footer) : NULL;
	d->part_pages = part_pages;
	if (!d->title || (footer && !d->footer)) {
		hv_doc_free(d);
		return NULL;
	}
	return d;
}

void hv_doc_free(struct hv_doc *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		free(d->b[i].text);
		hv_chart_free(d->b[i].chart);
	}
	free(d->b);
	free(d->title);
	free(d->footer);
	free(d);
}

static struct hv_doc_block *push(struct hv_doc *d, enum hv_block kind)
{
	if (HV_GROW(d->b, d->cap, d->n + 1, 32) < 0) {
		d->oom = 1;
		return NULL;
	}
	struct hv_doc_block *b = &d->b[d->n++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	return b;
}

void hv_doc_add(struct hv_doc *d, enum hv_block kind, const char *text)
{
	struct hv_doc_block *b = push(d, kind);
	if (b && !(b->text = strdup(text ? text : "")))
		d->oom = 1;
}

void hv_doc_chart(struct hv_doc *d, struct hv_chart *c)
{
	struct hv_doc_block *b = c ? push(d, HV_DOC_CHART) : NULL;
	if (!b) {
		d->oom = 1;
		hv_chart_free(c);
		return;
	}
	b->chart = c;
}

int hv_doc_format_of(const char *path, struct hv_error *err)
{
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
	if (dot && (!slash || dot > slash)) {
		if (strcasecmp(dot, ".pdf") == 0)
			return HV_DOC_PDF;
		if (strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0)
			return HV_DOC_HTML;
	}
	return hv_fail(err, HV_EINVAL, "%s: the file's name must end in .pdf or .html", path);
}

static void html_text(FILE *f, const char *s)
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

static const char style[] =
    "body{font:16px/1.5 system-ui,sans-serif;color:#1d2b2f;background:#fff;max-width:46rem;"
    "margin:2rem auto;padding:0 1rem}h1{font-size:1.6rem;margin:0 0 .5rem}"
    "h2{font-size:1.25rem;margin:2rem 0 .5rem;border-top:1px solid #d5dfdd;padding-top:1rem}"
    ".note{color:#4a5b60;font-size:.9rem}.voice{border-left:4px solid #2f6f7e;"
    "padding-left:.75rem;font-style:italic}svg{max-width:100%;height:auto;display:block;"
    "margin:.75rem 0}figure{margin:1rem 0}figcaption{font-weight:600}"
    "ul{padding-left:1.25rem}footer{color:#4a5b60;font-size:.85rem;"
    "border-top:1px solid #d5dfdd;margin-top:2rem;padding-top:.5rem}"
    "@media print{body{margin:0;max-width:none;font-size:11pt}"
    "section{break-inside:auto}svg{break-inside:avoid}h2{break-after:avoid}"
    ".parts-paged section+section{break-before:page}}";

/* One block's text in its element: what opens it (and any group it
 * starts), the text escaped, what closes it. */
static void html_element(FILE *f, const char *open, const char *text, const char *close)
{
	fputs(open, f);
	html_text(f, text);
	fputs(close, f);
}

/* The blocks of one part, up to the next heading; lists grouped. */
static void html_blocks(FILE *f, const struct hv_doc *d)
{
	int in_list = 0, in_section = 0;
	for (size_t i = 0; i < d->n; i++) {
		const struct hv_doc_block *b = &d->b[i];
		if (in_list && b->kind != HV_DOC_ITEM)
			fputs("</ul>", f), in_list = 0;
		switch (b->kind) {
		case HV_DOC_H1:
			html_element(f, in_section ? "</section><section><h2>" : "<section><h2>",
			             b->text, "</h2>\n");
			in_section = 1;
			break;
		case HV_DOC_P: html_element(f, "<p>", b->text, "</p>\n"); break;
		case HV_DOC_NOTE: html_element(f, "<p class=\"note\">", b->text, "</p>\n"); break;
		case HV_DOC_VOICE: html_element(f, "<p class=\"voice\">", b->text, "</p>\n"); break;
		case HV_DOC_ITEM:
			html_element(f, in_list ? "<li>" : "<ul><li>", b->text, "</li>\n");
			in_list = 1;
			break;
		case HV_DOC_CHART: {
			/* The chart's title shown, not only told to a screen reader. */
			char *svg = hv_chart_svg(b->chart);
			html_element(f, "<figure><figcaption>", hv_chart_title(b->chart),
			             "</figcaption>");
			fprintf(f, "%s</figure>\n", svg ? svg : "");
			free(svg);
		} break;
		}
	}
	if (in_list)
		fputs("</ul>", f);
	if (in_section)
		fputs("</section>\n", f);
}

char *hv_doc_html(const struct hv_doc *d, struct hv_error *err)
{
	char *buf = NULL;
	size_t len;
	FILE *f = d->oom ? NULL : open_memstream(&buf, &len);
	if (!f) {
		hv_fail(err, HV_ENOMEM, "out of memory while writing %s", d->title);
		return NULL;
	}
	fputs("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>",
	      f);
	html_text(f, d->title);
	fprintf(f, "</title><style>%s</style></head>\n<body class=\"%s\"><main><h1>", style,
	        d->part_pages ? "parts-paged" : "one-page");
	html_text(f, d->title);
	fputs("</h1>\n", f);
	html_blocks(f, d);
	fputs("</main>", f);
	if (d->footer) {
		fputs("<footer>", f);
		html_text(f, d->footer);
		fputs("</footer>", f);
	}
	fputs("</body></html>\n", f);
	if (fclose(f) != 0) {
		free(buf);
		hv_fail(err, HV_ENOMEM, "out of memory while writing %s", d->title);
		return NULL;
	}
	return buf;
}

json_t *hv_doc_json(const struct hv_doc *d)
{
	static const char *const kinds[] = {"h1", "p", "note", "item", "voice", "chart"};
	json_t *blocks = json_array();
	for (size_t i = 0; !d->oom && blocks && i < d->n; i++) {
		const struct hv_doc_block *b = &d->b[i];
		if (b->kind != HV_DOC_CHART) {
			json_array_append_new(blocks, json_pack("{s:s,s:s}", "kind", kinds[b->kind],
			                                        "text", b->text));
			continue;
		}
		char *svg = hv_chart_svg(b->chart);
		if (svg)
			json_array_append_new(blocks,
			                      json_pack("{s:s,s:s,s:s}", "kind", "chart", "title",
			                                hv_chart_title(b->chart), "svg", svg));
		free(svg);
	}
	if (d->oom || !blocks) {
		json_decref(blocks);
		return NULL;
	}
	return json_pack("{s:s,s:s?,s:o}", "title", d->title, "footer", d->footer, "blocks",
	                 blocks);
}

int hv_doc_write(const struct hv_doc *d, const char *path, const char *what, struct hv_error *err)
{
	int format = hv_doc_format_of(path, err);
	if (format < 0)
		return -1;
	size_t len = 0;
	unsigned char *bytes = NULL;
	if (format == HV_DOC_PDF)
		bytes = hv_doc_pdf(d, &len, err);
	else if ((bytes = (unsigned char *)hv_doc_html(d, err)))
		len = strlen((char *)bytes);
	if (!bytes)
		return -1;
	struct hv_outfile o;
	if (hv_outfile_open(&o, path, what, err) < 0) {
		free(bytes);
		return -1;
	}
	fwrite(bytes, 1, len, o.f);
	free(bytes);
	return hv_outfile_finish(&o, err);
}
