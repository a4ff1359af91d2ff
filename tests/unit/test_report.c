/*
 * test_report.c — the report and the partner card as library calls: the
 * parts and dates a report is asked for, read strictly; a card body held
 * to its shape; a document's HTML never letting a word become markup; the
 * chart model written as SVG shape for shape; a period with nothing in it
 * said once, with no charts; and a card that holds only what was added,
 * while the journal's ideas stay ideas.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "checkin/checkin.h"
#include "core/clock.h"
#include "insight/insights.h"
#include "journal/journal.h"
#include "practice/practice.h"
#include "report/card.h"
#include "report/chart-model.h"
#include "report/chart.h"
#include "report/doc-private.h"
#include "report/report.h"
#include "store-fixture.h"

#define DAY 86400000LL
/* Monday 2026-01-05 00:00 UTC */
#define MON 1767571200000LL

static void add(struct hv_store *st, int64_t at, const char *json)
{
	struct hv_error err;
	struct hv_record r;
	json_t *body = json_loads(json, 0, NULL);
	assert_non_null(body);
	if (hv_journal_add(st, body, at, &r, &err) != 0)
		fail_msg("%s", err.msg);
	hv_record_release(&r);
	json_decref(body);
}

static void test_sections_and_days(void **state)
{
	(void)state;
	struct hv_error err;
	unsigned mask = 0;
	assert_int_equal(hv_report_sections_parse("triggers,chat", &mask, &err), 0);
	assert_int_equal(mask, 1u | 1u << 7);
	assert_int_equal(hv_report_sections_parse("trends", &mask, &err), 0);
	assert_int_equal(mask, 1u << 1);
	assert_int_equal(hv_report_sections_parse("triggers,moods", &mask, &err), -1);
	assert_int_equal(err.code, HV_EINVAL);
	assert_non_null(strstr(err.msg, "\"moods\""));
	assert_non_null(strstr(err.msg, "assessments"));
	assert_int_equal(hv_report_sections_parse("", &mask, &err), -1);
	assert_int_equal(hv_report_sections_parse(",", &mask, &err), -1);
	assert_int_equal(hv_report_sections_parse("trigger", &mask, &err), -1);
	assert_string_equal(hv_report_section_at(0), "triggers");
	assert_null(hv_report_section_at(8));

	int64_t day;
	assert_int_equal(hv_report_parse_day("2024-02-29", &day, &err), 0);
	assert_int_equal(day, hv_days_from_civil(2024, 2, 29));
	assert_int_equal(hv_report_parse_day("2025-02-29", &day, &err), -1);
	assert_int_equal(hv_report_parse_day("2025-1-01", &day, &err), -1);
	assert_int_equal(hv_report_parse_day("2025-01-01x", &day, &err), -1);
	assert_int_equal(hv_report_parse_day("2025-13-01", &day, &err), -1);
	assert_int_equal(hv_report_parse_day("", &day, &err), -1);
}

static void test_card_shape(void **state)
{
	(void)state;
	struct hv_error err;
	const char *bad[] = {
	    "[]",
	    "{\"moods\": []}",
	    "{\"alarm\": \"one\"}",
	    "{\"alarm\": [1]}",
	    "{\"alarm\": [\"\"]}",
	    "{\"alarm\": [\"bell\\u0007\"]}",
	    "{\"alarm\": [\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\"]}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		json_t *b = json_loads(bad[i], 0, NULL);
		assert_non_null(b);
		if (hv_card_validate(b, &err) == 0)
			fail_msg("accepted %s", bad[i]);
		json_decref(b);
	}
	char long_text[HV_CARD_MAX_TEXT + 2];
	memset(long_text, 'a', sizeof long_text - 1);
	long_text[sizeof long_text - 1] = '\0';
	json_t *b = json_pack("{s:[s]}", "ask", long_text);
	assert_int_equal(hv_card_validate(b, &err), -1);
	json_decref(b);
	b = json_loads("{\"alarm\": [\"no reply\"], \"agreements\": []}", 0, NULL);
	assert_int_equal(hv_card_validate(b, &err), 0);
	json_decref(b);
}

/* A person's words are text in the HTML, never markup. */
static void test_html_escapes(void **state)
{
	(void)state;
	struct hv_error err;
	struct hv_doc *d = hv_doc_new("Mine <i>", "not a <b>diagnosis</b>", 1);
	hv_doc_add(d, HV_DOC_H1, "Part & parcel");
	hv_doc_add(d, HV_DOC_ITEM, "<script>alert(1)</script>");
	hv_doc_add(d, HV_DOC_VOICE, "\"quoted\"");
	char *html = hv_doc_html(d, &err);
	assert_non_null(html);
	assert_null(strstr(html, "<script>"));
	assert_null(strstr(html, "<i>"));
	assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(html, "Part &amp; parcel"));
	assert_non_null(strstr(html, "&quot;quoted&quot;"));
	assert_non_null(strstr(html, "@media print"));
	free(html);
	hv_doc_free(d);
	assert_int_equal(hv_doc_format_of("a/report.PDF", &err), HV_DOC_PDF);
	assert_int_equal(hv_doc_format_of("card.htm", &err), HV_DOC_HTML);
	assert_int_equal(hv_doc_format_of("card", &err), -1);
	assert_int_equal(hv_doc_format_of("dir.pdf/card", &err), -1);
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, what)); p++)
		n++;
	return n;
}

/* The SVG is the model, shape for shape: what the PDF draws is the same. */
static void test_model_is_the_svg(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store("rep.db");
	for (int w = 0; w < 5; w++)
		add(st, MON + w * 7 * DAY + 3600000,
		    "{\"intensity\":6,\"triggers\":[\"work\"],\"responses\":[\"breathed\"],"
		    "\"recovered_minutes\":30}");
	struct hv_error err;
	json_t *ins = hv_insights(st, 0, MON + 40 * DAY, &err);
	assert_non_null(ins);
	const char *names[] = {"weekly", "responses", "triggers", "hours", "entries"};
	for (size_t k = 0; k < 5; k++) {
		struct hv_chart *c = hv_chart_model(names[k], ins);
		assert_non_null(c);
		size_t kinds[5] = {0};
		for (size_t i = 0; i < c->n; i++)
			kinds[c->s[i].kind]++;
		char *svg = hv_chart_svg(c);
		assert_int_equal(count(svg, "<text"), kinds[HV_SHAPE_TEXT]);
		assert_int_equal(count(svg, "<line"), kinds[HV_SHAPE_LINE]);
		assert_int_equal(count(svg, "<rect"), kinds[HV_SHAPE_RECT]);
		assert_int_equal(count(svg, "<circle"), kinds[HV_SHAPE_CIRCLE]);
		assert_int_equal(count(svg, "<polyline"), kinds[HV_SHAPE_POLY]);
		assert_true(c->n > 0);
		free(svg);
		hv_chart_free(c);
	}
	json_decref(ins);
	hv_store_close(st);
}

/* The two dimensions: one dot per result scored on both, none for a
 * result that has only one of them. */
static void test_dimensions(void **state)
{
	(void)state;
	json_t *x =
	    json_loads("{\"subscale\":\"avoidance\",\"title\":\"Avoidance\",\"points\":["
	               "{\"result\":\"r1\",\"taken\":\"2026-01-01T10:00:00Z\",\"score\":2},"
	               "{\"result\":\"r2\",\"taken\":\"2026-02-01T10:00:00Z\",\"score\":3}]}",
	               0, NULL);
	json_t *y =
	    json_loads("{\"subscale\":\"anxiety\",\"title\":\"Anxiety\",\"points\":["
	               "{\"result\":\"r1\",\"taken\":\"2026-01-01T10:00:00Z\",\"score\":5},"
	               "{\"result\":\"r2\",\"taken\":\"2026-02-01T10:00:00Z\",\"score\":4},"
	               "{\"result\":\"r3\",\"taken\":\"2026-03-01T10:00:00Z\",\"score\":4}]}",
	               0, NULL);
	assert_non_null(x);
	assert_non_null(y);
	struct hv_chart *c = hv_chart_dimensions_model(x, y, 1, 7, "Both <together>", 0);
	char *svg = hv_chart_svg(c);
	assert_int_equal(count(svg, "<circle"), 2);
	assert_non_null(strstr(svg, "2026-01-01: 2.00, 5.00"));
	assert_non_null(strstr(svg, "Both &lt;together&gt;"));
	assert_non_null(strstr(svg, "Avoidance →"));
	assert_non_null(strstr(svg, "↑ Anxiety"));
	free(svg);
	hv_chart_free(c);
	json_decref(x);
	json_decref(y);
}

static size_t blocks_of(const struct hv_doc *d, enum hv_block kind)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n; i++)
		n += d->b[i].kind == kind;
	return n;
}

static void test_report_periods(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store("rep.db");
	add(st, MON + 3600000, "{\"intensity\":6,\"triggers\":[\"work\"]}");
	add(st, MON + 8 * DAY, "{\"intensity\":8,\"triggers\":[\"work\"]}");
	struct hv_error err;
	int64_t mon = MON / DAY;
	/* The first week only: one entry, the second left out. */
	struct hv_doc *d = hv_report_build(st, mon, mon + 6, 1u, &err);
	assert_non_null(d);
	assert_int_equal(blocks_of(d, HV_DOC_H1), 1);
	assert_int_equal(blocks_of(d, HV_DOC_CHART), 2);
	char *html = hv_doc_html(d, &err);
	assert_non_null(strstr(html, ">1</text>")); /* one moment of work */
	assert_null(strstr(html, ">2</text>"));
	free(html);
	hv_doc_free(d);
	/* A period with nothing: said once, no part, no chart. */
	d = hv_report_build(st, mon - 60, mon - 30, HV_REPORT_ALL, &err);
	assert_non_null(d);
	assert_int_equal(blocks_of(d, HV_DOC_H1), 0);
	assert_int_equal(blocks_of(d, HV_DOC_CHART), 0);
	assert_int_equal(blocks_of(d, HV_DOC_P), 2); /* the intro and "nothing" */
	hv_doc_free(d);
	/* A period that ends before it starts. */
	assert_null(hv_report_build(st, mon, mon - 1, HV_REPORT_ALL, &err));
	assert_int_equal(err.code, HV_EINVAL);
	hv_store_close(st);
}

/* A practice done after a report's period is not counted in it. */
static void test_practices_stop_at_the_end(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store("rep.db");
	struct hv_error err;
	json_t *b = json_pack("{s:s,s:i,s:f,s:b,s:i,s:i}", "technique", "breathe-three",
	                      "planned_seconds", 30, "actual_seconds", 30.0, "completed", 1,
	                      "distress_before", 7, "distress_after", 4);
	assert_int_equal(hv_practice_add(st, b, NULL, &err), 0);
	json_decref(b);
	int64_t now = hv_now_ms();
	json_t *all = hv_practice_summary_period(st, 0, 0, &err);
	json_t *before = hv_practice_summary_period(st, 0, now - DAY, &err);
	assert_int_equal(json_integer_value(json_object_get(all, "practices")), 1);
	assert_int_equal(json_integer_value(json_object_get(before, "practices")), 0);
	json_decref(all);
	json_decref(before);
	hv_store_close(st);
}

/* The check-ins of what goes with what stop at a period's end too. */
static void test_checkins_stop_at_the_end(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store("rep.db");
	struct hv_error err;
	json_t *b = json_pack("{s:i}", "distress", 5);
	assert_int_equal(hv_checkin_add(st, b, MON + 3600000, NULL, &err), 0);
	assert_int_equal(hv_checkin_add(st, b, MON + 10 * DAY, NULL, &err), 0);
	json_decref(b);
	json_t *in = hv_insights_period(st, MON, MON + 7 * DAY, MON + 7 * DAY - 1, &err);
	json_t *all = hv_insights_period(st, MON, 0, MON + 20 * DAY, &err);
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(in, "relations"), "days")), 1);
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(all, "relations"), "days")), 2);
	json_decref(in);
	json_decref(all);
	hv_store_close(st);
}

static void test_card_holds_what_was_added(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store("rep.db");
	add(st, MON + 3600000, "{\"intensity\":6,\"triggers\":[\"work\"],\"what\":\"quiet boss\"}");
	struct hv_error err;
	json_t *ideas = hv_card_suggest(st, &err);
	assert_true(json_array_size(ideas) >= 2);
	json_decref(ideas);
	json_t *card = hv_card_get(st, &err);
	assert_int_equal(json_array_size(json_object_get(card, "alarm")), 0);
	json_decref(card);
	assert_int_equal(hv_card_add(st, "alarm", "  quiet boss  ", &err), 0);
	assert_int_equal(hv_card_add(st, "nope", "x", &err), -1);
	card = hv_card_get(st, &err);
	assert_string_equal(json_string_value(json_array_get(json_object_get(card, "alarm"), 0)),
	                    "quiet boss");
	json_decref(card);
	char *gone = NULL;
	assert_int_equal(hv_card_remove(st, "alarm", 2, &gone, &err), -1);
	assert_int_equal(hv_card_remove(st, "alarm", 1, &gone, &err), 0);
	assert_string_equal(gone, "quiet boss");
	free(gone);
	/* One record, however often it changed. */
	int64_t n = 0;
	assert_int_equal(hv_store_count(st, HV_CARD_KIND, &n, &err), 0);
	assert_int_equal(n, 1);
	hv_store_close(st);
	unlink("rep.db");
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sections_and_days),
	    cmocka_unit_test(test_card_shape),
	    cmocka_unit_test(test_html_escapes),
	    cmocka_unit_test(test_model_is_the_svg),
	    cmocka_unit_test(test_dimensions),
	    cmocka_unit_test(test_report_periods),
	    cmocka_unit_test(test_practices_stop_at_the_end),
	    cmocka_unit_test(test_checkins_stop_at_the_end),
	    cmocka_unit_test(test_card_holds_what_was_added),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
