/*
 * report-private.h — what the report's parts (report-parts.c) share with
 * the report itself (report.c).
 */
#ifndef HAVEN_REPORT_PRIVATE_H
#define HAVEN_REPORT_PRIVATE_H

#include <jansson.h>
#include <stdint.h>

#include "core/store.h"
#include "doc.h"

/* What every part is drawn from. */
struct report_ctx {
	struct hv_store *st;
	int64_t from_ms, until_ms; /* [from, until) */
	json_t *insights;          /* the journal over the period */
	struct hv_doc *doc;
	struct hv_error *err;
};

/* Each part adds its blocks after the heading and about line; returns 1
 * when it had something to show, 0 when not, -1 on failure (err set). */
typedef int (*report_part_fn)(struct report_ctx *c, const json_t *words);
int hv_report_triggers(struct report_ctx *c, const json_t *words);
int hv_report_trends(struct report_ctx *c, const json_t *words);
int hv_report_responses(struct report_ctx *c, const json_t *words);
int hv_report_practices(struct report_ctx *c, const json_t *words);
int hv_report_factors(struct report_ctx *c, const json_t *words);
int hv_report_assessments(struct report_ctx *c, const json_t *words);
int hv_report_patterns(struct report_ctx *c, const json_t *words);
int hv_report_chat(struct report_ctx *c, const json_t *words);

/* A sentence of data/report.json with its slots filled (template.h);
 * added to the document as kind. */
void hv_report_say(struct report_ctx *c, enum hv_block kind, const char *tmpl,
                   const char *const *kv);

#endif
