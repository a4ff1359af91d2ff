/*
 * report-parts.c — the parts of a report (report-private.h), each drawn
 * from the same values the insights and the web app show: the journal's
 * insights over the period, the questionnaires' history, the thought
 * records and the imported chats.  A part with nothing in the period says
 * so (it returns 0) rather than drawing an empty chart.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess/assess.h"
#include "chart.h"
#include "chat/chat.h"
#include "core/clock.h"
#include "patterns/patterns.h"
#include "report-private.h"
#include "thought/thought.h"

static const char *word(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	return s ? s : "";
}

static json_int_t entries(const struct report_ctx *c)
{
	return json_integer_value(json_object_get(c->insights, "entries"));
}

int hv_report_triggers(struct report_ctx *c, const json_t *words)
{
	if (!entries(c))
		return 0;
	if (json_array_size(json_object_get(c->insights, "triggers")))
		hv_doc_chart(c->doc, hv_chart_model("triggers", c->insights));
	hv_doc_chart(c->doc, hv_chart_model("entries", c->insights));
	return 1;
}

int hv_report_trends(struct report_ctx *c, const json_t *words)
{
	if (!entries(c))
		return 0;
	hv_doc_chart(c->doc, hv_chart_model("weekly", c->insights));
	const json_t *rec = json_object_get(c->insights, "recovery");
	char first[32], recent[32];
	snprintf(first, sizeof first, "%g",
	         json_number_value(json_object_get(rec, "first_median")));
	snprintf(recent, sizeof recent, "%g",
	         json_number_value(json_object_get(rec, "recent_median")));
	const char *kv[] = {"first", first, "recent", recent, NULL};
	hv_report_say(c, HV_DOC_P, word(json_object_get(words, "trend"), word(rec, "trend")), kv);
	return 1;
}

int hv_report_responses(struct report_ctx *c, const json_t *words)
{
	const json_t *r = json_object_get(c->insights, "responses");
	json_int_t p = json_integer_value(json_object_get(r, "protest")),
	           s = json_integer_value(json_object_get(r, "soothing")),
	           b = json_integer_value(json_object_get(r, "both")),
	           n = json_integer_value(json_object_get(r, "neither"));
	if (p + s + b == 0)
		return 0;
	hv_doc_chart(c->doc, hv_chart_model("responses", c->insights));
	char ps[24], ss[24], bs[24], ns[24];
	snprintf(ps, sizeof ps, "%lld", (long long)p);
	snprintf(ss, sizeof ss, "%lld", (long long)s);
	snprintf(bs, sizeof bs, "%lld", (long long)b);
	snprintf(ns, sizeof ns, "%lld", (long long)n);
	const char *kv[] = {"protest", ps, "soothing", ss, "both", bs, "neither", ns, NULL};
	hv_report_say(c, HV_DOC_P, word(words, "counts"), kv);
	return 1;
}

int hv_report_practices(struct report_ctx *c, const json_t *words)
{
	const json_t *list =
	    json_object_get(json_object_get(c->insights, "practices"), "techniques");
	if (!json_array_size(list))
		return 0;
	size_t i, enough = 0;
	json_t *t;
	json_array_foreach(list, i, t) enough += json_is_number(json_object_get(t, "mean_change"));
	if (enough)
		hv_doc_chart(c->doc, hv_chart_model("practices", c->insights));
	json_array_foreach(list, i, t)
	{
		char n[24];
		snprintf(n, sizeof n, "%lld",
		         (long long)json_integer_value(json_object_get(t, "count")));
		const char *kv[] = {"label", word(t, "label"), "sessions", n, NULL};
		if (json_is_true(json_object_get(t, "enough")))
			hv_doc_add(c->doc, HV_DOC_ITEM, word(t, "sentence"));
		else
			hv_report_say(
			    c, HV_DOC_ITEM,
			    word(words, json_integer_value(json_object_get(t, "count")) == 1
			                    ? "item_one"
			                    : "item"),
			    kv);
	}
	return 1;
}

int hv_report_factors(struct report_ctx *c, const json_t *words)
{
	size_t i, shown = 0;
	json_t *item;
	json_array_foreach(json_object_get(json_object_get(c->insights, "relations"), "items"), i,
	                   item)
	{
		if (!json_is_true(json_object_get(item, "enough")) || shown == 8)
			continue;
		hv_doc_add(c->doc, HV_DOC_ITEM, word(item, "sentence"));
		shown++;
	}
	return shown > 0;
}

/* A history with only the results taken in the period; NULL when none. */
static json_t *history_in_period(const json_t *h, const struct report_ctx *c)
{
	json_t *out = json_deep_copy(h), *series = json_array();
	size_t i, k;
	json_t *s, *p;
	json_array_foreach(json_object_get(h, "series"), i, s)
	{
		json_t *points = json_array();
		json_array_foreach(json_object_get(s, "points"), k, p)
		{
			int64_t ms;
			int off;
			const char *taken = json_string_value(json_object_get(p, "taken"));
			if (taken && hv_parse_rfc3339(taken, &ms, &off) == 0 && ms >= c->from_ms &&
			    ms < c->until_ms)
				json_array_append(points, p);
		}
		if (json_array_size(points)) {
			json_t *copy = json_deep_copy(s);
			json_object_set_new(copy, "points", points);
			json_array_append_new(series, copy);
		} else
			json_decref(points);
	}
	if (!json_array_size(series)) {
		json_decref(series);
		json_decref(out);
		return NULL;
	}
	json_object_set_new(out, "series", series);
	return out;
}

/* The series of subscale `sub` (and target, which may be NULL), or NULL. */
static const json_t *series_of(const json_t *h, const char *sub, const char *target)
{
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(h, "series"), i, s)
	{
		const char *t = json_string_value(json_object_get(s, "target"));
		if (!strcmp(word(s, "subscale"), sub) &&
		    (t == target || (t && target && !strcmp(t, target))))
			return s;
	}
	return NULL;
}

/* Where an instrument measures both dimensions of attachment, the two as
 * one picture, per target. */
static void dimensions(struct report_ctx *c, const json_t *h, double lo, double hi,
                       const json_t *words)
{
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(h, "series"), i, s)
	{
		if (strcmp(word(s, "subscale"), "anxiety"))
			continue;
		const json_t *x =
		    series_of(h, "avoidance", json_string_value(json_object_get(s, "target")));
		if (x)
			hv_doc_chart(c->doc, hv_chart_dimensions_model(
			                         x, s, lo, hi, word(words, "dimensions"), 0));
	}
}

static int one_instrument(struct report_ctx *c, const char *id, const json_t *words)
{
	json_t *inst = hv_instrument_find(c->st, id, c->err);
	json_t *h = inst ? hv_assess_history(c->st, inst, c->err) : NULL;
	if (!h) {
		json_decref(inst);
		return -1;
	}
	json_t *in = history_in_period(h, c);
	const json_t *scale = json_object_get(inst, "scale");
	double lo = json_number_value(json_object_get(scale, "min")),
	       hi = json_number_value(json_object_get(scale, "max"));
	int had = in != NULL;
	if (in) {
		hv_doc_chart(c->doc, hv_chart_history_model(in, lo, hi, 0));
		dimensions(c, in, lo, hi, words);
	}
	json_decref(in);
	json_decref(h);
	json_decref(inst);
	return had;
}

int hv_report_assessments(struct report_ctx *c, const json_t *words)
{
	json_t *list = hv_instrument_list(c->st, c->err);
	if (!list)
		return -1;
	size_t i;
	json_t *inst;
	int any = 0;
	json_array_foreach(list, i, inst)
	{
		int had = one_instrument(c, word(inst, "id"), words);
		if (had < 0) {
			json_decref(list);
			return -1;
		}
		any |= had;
	}
	json_decref(list);
	return any;
}

struct pattern_count {
	char kind[64];
	long count;
};

struct patterns_acc {
	struct pattern_count p[64];
	size_t n;
};

static int count_patterns(const struct hv_record *r, void *ctx)
{
	struct patterns_acc *a = ctx;
	size_t i;
	json_t *k;
	json_array_foreach(json_object_get(r->body, "patterns"), i, k)
	{
		const char *kind = json_string_value(k);
		if (!kind || !hv_pattern_kind_valid(kind))
			continue;
		size_t j;
		for (j = 0; j < a->n && strcmp(a->p[j].kind, kind); j++)
			;
		if (j == a->n) {
			if (a->n == 64)
				continue;
			snprintf(a->p[a->n++].kind, sizeof a->p[0].kind, "%s", kind);
		}
		a->p[j].count++;
	}
	return 0;
}

static int by_count(const void *x, const void *y)
{
	const struct pattern_count *a = x, *b = y;
	return a->count != b->count ? (a->count > b->count ? -1 : 1) : strcmp(a->kind, b->kind);
}

int hv_report_patterns(struct report_ctx *c, const json_t *words)
{
	struct patterns_acc a = {.n = 0};
	struct hv_query q = {
	    .kind = HV_THOUGHT_KIND, .since_ms = c->from_ms, .until_ms = c->until_ms};
	if (hv_store_each(c->st, &q, count_patterns, &a, c->err) < 0)
		return -1;
	qsort(a.p, a.n, sizeof *a.p, by_count);
	for (size_t i = 0; i < a.n && i < 10; i++) {
		char n[24];
		snprintf(n, sizeof n, "%ld", a.p[i].count);
		const char *kv[] = {"label", hv_pattern_label(a.p[i].kind), "count", n, NULL};
		hv_report_say(c, HV_DOC_ITEM, word(words, a.p[i].count == 1 ? "item_one" : "item"),
		              kv);
	}
	return a.n > 0;
}

/* "2026-09" for the month holding ms (local time). */
static void month_of(int64_t ms, char out[16])
{
	struct hv_civil v;
	hv_civil_from_ms(ms, hv_local_offset_min(ms), &v);
	snprintf(out, 16, "%04d-%02d", v.year, v.month);
}

int hv_report_chat(struct report_ctx *c, const json_t *words)
{
	json_t *all = hv_chat_patterns(c->st, NULL, c->err);
	if (!all)
		return -1;
	char first[16], last[16];
	month_of(c->from_ms, first);
	month_of(c->until_ms - 1, last);
	const char *labels[64];
	double values[64];
	size_t n = 0, i;
	json_t *m;
	json_array_foreach(json_object_get(all, "months"), i, m)
	{
		const char *month = word(m, "month");
		const json_t *pct = json_object_get(m, "followup_percent");
		if (n == 64 || strcmp(month, first) < 0 || strcmp(month, last) > 0 ||
		    !json_is_integer(pct))
			continue;
		labels[n] = month;
		values[n++] = (double)json_integer_value(pct);
		char p[24], t[24];
		snprintf(p, sizeof p, "%lld", (long long)json_integer_value(pct));
		snprintf(t, sizeof t, "%lld",
		         (long long)json_integer_value(json_object_get(m, "turns")));
		const char *kv[] = {"month", month, "percent", p, "turns", t, NULL};
		int one = json_integer_value(json_object_get(m, "turns")) == 1;
		hv_report_say(c, HV_DOC_ITEM, word(words, one ? "item_one" : "item"), kv);
	}
	if (n)
		hv_doc_chart(c->doc,
		             hv_chart_columns_model(word(words, "chart"), labels, values, n, 0));
	json_decref(all);
	return n > 0;
}
