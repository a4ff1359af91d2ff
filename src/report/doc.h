/*
 * doc.h — a printable document (the report, the partner card) as a list of
 * blocks — headings, paragraphs, notes, list items, charts — written out
 * either as one self-contained HTML file with a print style sheet or as a
 * PDF drawn with cairo and pango.  Both formats come from the one list, so
 * they hold the same words and the same charts.
 */
#ifndef HAVEN_DOC_H
#define HAVEN_DOC_H

#include <jansson.h>
#include <stddef.h>

#include "core/error.h"

struct hv_chart;

enum hv_block {
	HV_DOC_H1,    /* a part of the document; in a report, it starts a new page */
	HV_DOC_P,     /* a paragraph */
	HV_DOC_NOTE,  /* what the numbers are and are not: smaller, quieter */
	HV_DOC_ITEM,  /* one item of a list */
	HV_DOC_VOICE, /* a line spoken to the partner: set apart */
	HV_DOC_CHART,
};

enum hv_doc_format { HV_DOC_HTML, HV_DOC_PDF };

struct hv_doc;

/*
 * A new document: its title, the line every page ends with (what the
 * numbers are and are not; NULL for none), and whether each part starts on
 * a new page (the report) or all stays on one (the card).
 */
struct hv_doc *hv_doc_new(const char *title, const char *footer, int part_pages);
void hv_doc_free(struct hv_doc *d);

/* Add a block of text (copied); failures are kept and reported by write. */
void hv_doc_add(struct hv_doc *d, enum hv_block kind, const char *text);
/* Add a chart; the document takes it (NULL marks the document failed). */
void hv_doc_chart(struct hv_doc *d, struct hv_chart *c);

/* The format a file name asks for by its ending (.pdf, .html or .htm),
 * or -1 with err naming the endings known. */
int hv_doc_format_of(const char *path, struct hv_error *err);

/* The document as HTML (caller frees) or PDF bytes (*len set). */
char *hv_doc_html(const struct hv_doc *d, struct hv_error *err);
unsigned char *hv_doc_pdf(const struct hv_doc *d, size_t *len, struct hv_error *err);
/* hv_doc_pdf in a short-lived child process (apart.h), for a process that
 * lives long (`haven serve`): the fonts and caches cairo, pango and
 * fontconfig load end with the child instead of staying in the caller. */
unsigned char *hv_doc_pdf_apart(const struct hv_doc *d, size_t *len, struct hv_error *err);

/* The document as JSON for a page to show: {"title", "footer", "blocks":
 * [{"kind": "h1"|"p"|"note"|"item"|"voice", "text"} or {"kind": "chart",
 * "title", "svg"}]}; NULL when out of memory. */
json_t *hv_doc_json(const struct hv_doc *d);

/* Write the document to path, in the format its name asks for, through a
 * temporary file renamed into place (core/outfile.h): nothing is left
 * behind on failure.  what names it in messages ("the report"). */
int hv_doc_write(const struct hv_doc *d, const char *path, const char *what, struct hv_error *err);

#endif
