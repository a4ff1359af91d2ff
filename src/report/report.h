/*
 * report.h — the report a person may bring to a therapist: the parts they
 * choose, over the dates they choose, as a document (doc.h) written as
 * PDF or HTML.  Every word comes from data/report.json; every number from
 * the same library calls the insights use, and every chart from the same
 * chart code as the web app.
 */
#ifndef HAVEN_REPORT_H
#define HAVEN_REPORT_H

#include <jansson.h>
#include <stdint.h>

#include "core/store.h"
#include "doc.h"

/* The parts a report may hold, in the order it prints them: "triggers",
 * "trends", …; NULL past the last. */
const char *hv_report_section_at(size_t i);

/* {id, title} of every part, in order, for a front end to offer. */
json_t *hv_report_sections(void);

/* Every part chosen. */
#define HV_REPORT_ALL 0xffu

/* "triggers,trends" as a set of parts (bit i: part i).  Refused, naming it
 * and the parts there are: a name that is no part, an empty list. */
int hv_report_sections_parse(const char *list, unsigned *mask, struct hv_error *err);

/* A day "2026-09-01" as a local day number; refused unless a real date. */
int hv_report_parse_day(const char *text, int64_t *day, struct hv_error *err);

/*
 * The report of local days from_day to to_day, both included, with the
 * parts in mask.  Refused: a period that ends before it starts, no part.
 * A period with nothing written says so instead of drawing empty charts.
 */
struct hv_doc *hv_report_build(struct hv_store *st, int64_t from_day, int64_t to_day, unsigned mask,
                               struct hv_error *err);

#endif
