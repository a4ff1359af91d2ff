/*
 * doc-private.h — the document's blocks, shared by its HTML (doc.c) and
 * PDF (doc-pdf.c) writers.
 */
#ifndef HAVEN_DOC_PRIVATE_H
#define HAVEN_DOC_PRIVATE_H

#include "doc.h"

struct hv_doc_block {
	enum hv_block kind;
	char *text;
	struct hv_chart *chart;
};

struct hv_doc {
	char *title, *footer;
	int part_pages;
	struct hv_doc_block *b;
	size_t n, cap;
	int oom;
};

#endif
