/*
 * test_checkin.c — the "how are you now" check-in: every field's check and
 * its message, the note cleaned before saving, nothing written when a body
 * is refused, the list newest first; and the self-assessment history chart
 * (report/chart.c), drawn from a history value without a database.
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
#include "core/store.h"
#include "refusal.h"
#include "report/chart.h"
#include "store-fixture.h"

static void expect_invalid(const char *json, const char *words)
{
	refused_by(hv_checkin_validate, json, HV_EINVAL, words);
}

static void test_validate(void **state)
{
	(void)state;
	struct hv_error err;
	json_t *ok = json_pack("{s:i,s:s}", "distress", 0, "note", "fine");
	assert_int_equal(hv_checkin_validate(ok, &err), 0);
	json_object_set_new(ok, "distress", json_integer(10));
	assert_int_equal(hv_checkin_validate(ok, &err), 0);
	json_decref(ok);
	expect_invalid("{\"distress\": 11}", "distress must be a whole number from 0 to 10");
	expect_invalid("{\"distress\": -1}", "from 0 to 10");
	expect_invalid("{\"distress\": 5.5}", "whole number");
	expect_invalid("{\"distress\": \"5\"}", "whole number");
	expect_invalid("{\"note\": \"x\"}", "distress is required");
	expect_invalid("{\"distress\": 3, \"note\": \"\"}", "note must be text");
	expect_invalid("{\"distress\": 3, \"note\": 7}", "note must be text");
	expect_invalid("{\"distress\": 3, \"mood\": 7}", "unknown check-in field \"mood\"");
	expect_invalid("[]", "JSON object");
}

static void test_add_and_list(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store("test_checkin.db");
	struct hv_error err;
	struct hv_record r;
	json_t *b = json_pack("{s:i,s:s}", "distress", 7, "note", "  after the call \n");
	assert_int_equal(hv_checkin_add(st, b, 1000000, &r, &err), 0);
	assert_string_equal(r.kind, HV_CHECKIN_KIND);
	assert_string_equal(json_string_value(json_object_get(r.body, "note")), "after the call");
	assert_int_equal(r.created_ms, 1000000);
	hv_record_release(&r);
	json_decref(b);

	/* A note of only spaces is dropped, not kept empty. */
	b = json_pack("{s:i,s:s}", "distress", 2, "note", "   ");
	assert_int_equal(hv_checkin_add(st, b, 2000000, &r, &err), 0);
	assert_null(json_object_get(r.body, "note"));
	hv_record_release(&r);
	json_decref(b);

	/* Refused bodies write nothing. */
	b = json_pack("{s:i}", "distress", 12);
	assert_int_equal(hv_checkin_add(st, b, 0, NULL, &err), -1);
	json_decref(b);
	assert_int_equal(hv_checkin_add(st, NULL, 0, NULL, &err), -1);

	json_t *list = hv_checkin_list(st, 0, 0, &err);
	assert_int_equal(json_array_size(list), 2);
	const json_t *newest = json_object_get(json_array_get(list, 0), "body");
	assert_int_equal(json_integer_value(json_object_get(newest, "distress")), 2);
	json_decref(list);
	list = hv_checkin_list(st, 0, 1, &err);
	assert_int_equal(json_array_size(list), 1);
	json_decref(list);
	list = hv_checkin_list(st, 1500000, 0, &err);
	assert_int_equal(json_array_size(list), 1);
	json_decref(list);
	hv_store_close(st);
	unlink("test_checkin.db");
}

static void test_history_chart(void **state)
{
	(void)state;
	json_t *h = json_loads(
	    "{\"title\": \"Patterns <&>\", \"series\": ["
	    " {\"subscale\": \"feelings\", \"title\": \"Feelings\", \"higher_means\": \"more "
	    "anxious\","
	    "  \"points\": [{\"taken\": \"2026-01-01T10:00:00.000Z\", \"score\": 4.0},"
	    "              {\"taken\": \"2026-02-01T10:00:00.000Z\", \"score\": 3.25}]},"
	    " {\"subscale\": \"trust\", \"title\": \"Trust\", \"target\": \"partner\","
	    "  \"higher_means\": \"more secure\","
	    "  \"points\": [{\"taken\": \"2026-02-01T10:00:00.000Z\", \"score\": 2.0}]}]}",
	    0, NULL);
	assert_non_null(h);
	char *svg = hv_chart_history(h, 1, 5, 0);
	assert_non_null(svg);
	assert_non_null(strstr(svg, "<title>Patterns &lt;&amp;&gt;: scores over time</title>"));
	assert_non_null(strstr(svg, "<desc>"));
	assert_non_null(strstr(svg, "higher: more anxious"));
	assert_non_null(strstr(svg, "higher: more secure"));
	assert_non_null(strstr(svg, "Trust — partner"));
	/* One line for the series with two results, a dot per result, the latest score. */
	const char *p = svg;
	int lines = 0, dots = 0;
	while ((p = strstr(p, "<polyline")))
		lines++, p++;
	for (p = svg; (p = strstr(p, "<circle")); p++)
		dots++;
	assert_int_equal(lines, 1);
	assert_int_equal(dots, 3);
	assert_non_null(strstr(svg, "2026-01-01: 4.00"));
	assert_non_null(strstr(svg, ">3.25</text>"));
	/* Oldest on the left, newest on the right: the first point at the
	 * plot's left edge, clear of the scale's numbers in the gutter. */
	assert_non_null(strstr(svg, "<circle class=\"dot\" cx=\"50.0\""));
	/* Drawn for the usual width, its text at the chart's font size. */
	assert_non_null(strstr(svg, "viewBox=\"0 0 600 "));
	assert_non_null(strstr(svg, "font-size=\"14\""));
	free(svg);
	/* Drawn for a phone: as wide as asked, the text the same size. */
	svg = hv_chart_history(h, 1, 5, 330);
	assert_non_null(strstr(svg, "viewBox=\"0 0 330 "));
	assert_non_null(strstr(svg, "font-size=\"14\""));
	assert_non_null(strstr(svg, "</svg>"));
	free(svg);
	json_decref(h);

	/* No results yet: still a valid, titled picture. */
	h = json_pack("{s:s,s:[]}", "title", "Empty", "series");
	svg = hv_chart_history(h, 1, 5, 0);
	assert_non_null(strstr(svg, "<title>Empty: scores over time</title>"));
	free(svg);
	json_decref(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_validate),
	    cmocka_unit_test(test_add_and_list),
	    cmocka_unit_test(test_history_chart),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
