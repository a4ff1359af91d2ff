/*
 * report.c — the report of a period (report.h): which parts there are,
 * reading the choice of parts and the dates, and putting the document
 * together — a heading, what the part shows, the part itself, and what its
 * numbers are not.  The parts themselves are in report-parts.c.
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/clock.h"
#include "core/content.h"
#include "core/template.h"
#include "insight/insights.h"
#include "report-private.h"

static const struct {
	const char *id;
	report_part_fn fn;
} parts[] = {
    {"triggers", hv_report_triggers},   {"trends", hv_report_trends},
    {"responses", hv_report_responses}, {"practices", hv_report_practices},
    {"factors", hv_report_factors},     {"assessments", hv_report_assessments},
    {"patterns", hv_report_patterns},   {"chat", hv_report_chat},
};
#define NPARTS (sizeof parts / sizeof *parts)

const char *hv_report_section_at(size_t i)
{
	return i < NPARTS ? parts[i].id : NULL;
}

/* The words of part id in data/report.json. */
static const json_t *part_words(const char *id)
{
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(hv_content_json("report.json", NULL), "sections"), i,
	                   s) if (strcmp(json_string_value(json_object_get(s, "id")), id) ==
	                          0) return s;
	return NULL;
}

json_t *hv_report_sections(void)
{
	json_t *out = json_array();
	for (size_t i = 0; i < NPARTS; i++)
		json_array_append_new(out,
		                      json_pack("{s:s,s:O}", "id", parts[i].id, "title",
		                                json_object_get(part_words(parts[i].id), "title")));
	return out;
}

static int unknown_part(const char *name, size_t len, struct hv_error *err)
{
	char known[256] = "";
	for (size_t i = 0; i < NPARTS; i++)
		snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", i ? ", " : "",
		         parts[i].id);
	return hv_fail(err, HV_EINVAL, "no part of a report is called \"%.*s\" (there are: %s)",
	               (int)(len > 40 ? 40 : len), name, known);
}

int hv_report_sections_parse(const char *list, unsigned *mask, struct hv_error *err)
{
	*mask = 0;
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, ",");
		size_t i;
		for (i = 0; i < NPARTS; i++)
			if (strlen(parts[i].id) == n && strncmp(parts[i].id, p, n) == 0)
				break;
		if (i == NPARTS)
			return unknown_part(p, n, err);
		*mask |= 1u << i;
		p += n + (p[n] == ',');
	}
	if (!*mask)
		return hv_fail(err, HV_EINVAL, "choose at least one part of the report");
	return 0;
}

int hv_report_parse_day(const char *text, int64_t *day, struct hv_error *err)
{
	int y, m, d, used = 0;
	if (strlen(text) != 10 || sscanf(text, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 ||
	    used != 10 || y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1 ||
	    d > hv_days_in_month(y, m))
		return hv_fail(err, HV_EINVAL, "\"%.40s\" is not a date: write it as 2026-09-01",
		               text);
	*day = hv_days_from_civil(y, m, d);
	return 0;
}

/* The first moment of local day `day`, in UTC ms. */
static int64_t day_start(int64_t day)
{
	int64_t ms = day * 86400000;
	return ms - (int64_t)hv_local_offset_min(ms) * 60000;
}

void hv_report_say(struct report_ctx *c, enum hv_block kind, const char *tmpl,
                   const char *const *kv)
{
	char *s = hv_template_fill(tmpl, kv);
	if (s)
		hv_doc_add(c->doc, kind, s);
	else
		hv_doc_chart(c->doc, NULL); /* marks the document out of memory */
	free(s);
}

static const char *word(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	return s ? s : "";
}

/* One part: heading, what it shows, itself or "nothing", what it is not. */
static int add_part(struct report_ctx *c, size_t i)
{
	const json_t *w = part_words(parts[i].id);
	hv_doc_add(c->doc, HV_DOC_H1, word(w, "title"));
	hv_doc_add(c->doc, HV_DOC_P, word(w, "about"));
	int had = parts[i].fn(c, w);
	if (had < 0)
		return -1;
	if (!had)
		hv_doc_add(c->doc, HV_DOC_P, hv_content_text("report.json", "section_empty", ""));
	hv_doc_add(c->doc, HV_DOC_NOTE, word(w, "not"));
	return had;
}

static struct hv_doc *new_doc(int64_t from_day, int64_t to_day)
{
	struct hv_civil a, b;
	hv_civil_from_ms(from_day * 86400000, 0, &a);
	hv_civil_from_ms(to_day * 86400000, 0, &b);
	char from[16], to[16];
	snprintf(from, sizeof from, "%04d-%02d-%02d", a.year, a.month, a.day);
	snprintf(to, sizeof to, "%04d-%02d-%02d", b.year, b.month, b.day);
	const char *kv[] = {"from", from, "to", to, NULL};
	char *title = hv_template_fill(hv_content_text("report.json", "title", ""), kv);
	struct hv_doc *d =
	    title ? hv_doc_new(title, hv_content_text("report.json", "footer", NULL), 1) : NULL;
	free(title);
	if (d)
		hv_doc_add(d, HV_DOC_P, hv_content_text("report.json", "intro", ""));
	return d;
}

struct hv_doc *hv_report_build(struct hv_store *st, int64_t from_day, int64_t to_day, unsigned mask,
                               struct hv_error *err)
{
	if (to_day < from_day) {
		hv_fail(err, HV_EINVAL, "the period ends before it starts: --to is before --from");
		return NULL;
	}
	if (!(mask & HV_REPORT_ALL)) {
		hv_fail(err, HV_EINVAL, "choose at least one part of the report");
		return NULL;
	}
	struct report_ctx c = {st, day_start(from_day), day_start(to_day + 1), NULL, NULL, err};
	c.insights = hv_insights_period(st, c.from_ms, c.until_ms, c.until_ms - 1, err);
	c.doc = c.insights ? new_doc(from_day, to_day) : NULL;
	if (!c.doc) {
		if (c.insights)
			hv_fail(err, HV_ENOMEM, "out of memory while making the report");
		json_decref(c.insights);
		return NULL;
	}
	int any = 0;
	for (size_t i = 0; i < NPARTS; i++) {
		if (!(mask & (1u << i)))
			continue;
		int had = add_part(&c, i);
		if (had < 0) {
			hv_doc_free(c.doc);
			json_decref(c.insights);
			return NULL;
		}
		any |= had;
	}
	json_decref(c.insights);
	if (any)
		return c.doc;
	/* Nothing in any chosen part: say so once, with no empty charts. */
	hv_doc_free(c.doc);
	c.doc = new_doc(from_day, to_day);
	if (c.doc)
		hv_doc_add(c.doc, HV_DOC_P, hv_content_text("report.json", "empty", ""));
	else
		hv_fail(err, HV_ENOMEM, "out of memory while making the report");
	return c.doc;
}
