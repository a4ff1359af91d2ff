/*
 * test_chart_checkins.c — the check-ins by week (insight/checkin-weeks.c)
 * and the two charts drawn from them and from what went with what
 * (report/chart-checkins.c): each week's means with their decimals, weeks
 * without a check-in kept as gaps, only the last weeks; a line per scale
 * used with real dates, and a range per factor with its signed difference;
 * the chart names that carry an outcome and a width.
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
#include "insight/checkin-weeks.h"
#include "report/chart.h"
#include "store-fixture.h"

#define DAY 86400000LL
/* Monday 2026-01-05 00:00 UTC (the tests run with TZ=UTC) */
#define MON 1767571200000LL

static void checkin(struct hv_store *st, int64_t at, const char *json)
{
	struct hv_error err;
	json_t *body = json_loads(json, 0, NULL);
	assert_non_null(body);
	if (hv_checkin_add(st, body, at, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	json_decref(body);
}

static double num(const json_t *week, const char *key)
{
	const json_t *v = json_object_get(week, key);
	assert_true(json_is_number(v));
	return json_number_value(v);
}

static void test_weeks(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store("cw.db");
	struct hv_error err;
	json_t *w = hv_checkin_weeks(st, 0, 0, &err);
	assert_int_equal(json_array_size(json_object_get(w, "weeks")), 0);
	assert_int_equal(json_array_size(json_object_get(w, "series")), 0);
	json_decref(w);

	checkin(st, MON + 3600000, "{\"distress\": 3, \"factors\": {\"mood\": 6, \"sleep\": 7.5}}");
	checkin(st, MON + DAY, "{\"distress\": 4, \"factors\": {\"mood\": 5}}");
	checkin(st, MON + 6 * DAY + 80000000, "{\"distress\": 4}"); /* Sunday: same week */
	checkin(st, MON + 14 * DAY, "{\"distress\": 8}");           /* a week later: a gap */
	w = hv_checkin_weeks(st, 0, 0, &err);
	assert_non_null(w);
	const json_t *weeks = json_object_get(w, "weeks");
	assert_int_equal(json_array_size(weeks), 3);
	const json_t *first = json_array_get(weeks, 0), *gap = json_array_get(weeks, 1);
	assert_string_equal(json_string_value(json_object_get(first, "start")), "2026-01-05");
	assert_int_equal(json_integer_value(json_object_get(first, "checkins")), 3);
	assert_true(num(first, "distress") > 3.66 && num(first, "distress") < 3.68); /* 11 / 3 */
	assert_true(num(first, "mood") == 5.5);
	assert_true(num(first, "sleep") == 7.5);
	assert_true(json_is_null(json_object_get(first, "anxiety")));
	assert_string_equal(json_string_value(json_object_get(gap, "start")), "2026-01-12");
	assert_int_equal(json_integer_value(json_object_get(gap, "checkins")), 0);
	assert_true(json_is_null(json_object_get(gap, "distress")));
	/* The scales used, in drawing order; hours of sleep are not a 0–10 line. */
	const json_t *series = json_object_get(w, "series");
	assert_int_equal(json_array_size(series), 2);
	assert_string_equal(json_string_value(json_array_get(series, 0)), "distress");
	assert_string_equal(json_string_value(json_array_get(series, 1)), "mood");

	/* The chart: a line per scale, the legend's words, real dates. */
	struct hv_chart *chart = hv_chart_checkins_model(w, 390);
	char *svg = hv_chart_svg(chart);
	hv_chart_free(chart);
	assert_non_null(svg);
	assert_non_null(strstr(svg, "viewBox=\"0 0 390 "));
	assert_non_null(strstr(svg, ">distress</text>"));
	assert_non_null(strstr(svg, ">mood</text>"));
	assert_null(strstr(svg, ">anxiety</text>"));
	assert_non_null(strstr(svg, ">5 Jan</text>"));
	assert_non_null(strstr(svg, ">19 Jan</text>"));
	assert_non_null(strstr(svg, "class=\"series-dot s1\""));
	assert_non_null(strstr(svg, ": mood 5.5</title>"));
	free(svg);
	json_decref(w);

	/* Only the last weeks: a check-in long before is left out, and the
	 * weeks between it and the window's start are not drawn. */
	checkin(st, MON - 40 * 7 * DAY, "{\"distress\": 1}");
	w = hv_checkin_weeks(st, 0, 0, &err);
	weeks = json_object_get(w, "weeks");
	assert_int_equal(json_array_size(weeks), HV_CHECKIN_WEEKS);
	json_int_t total = 0;
	for (size_t i = 0; i < json_array_size(weeks); i++)
		total += json_integer_value(json_object_get(json_array_get(weeks, i), "checkins"));
	assert_int_equal(total, 4);
	json_decref(w);
	hv_store_close(st);
	unlink("cw.db");
	unlink("cw.db-wal");
	unlink("cw.db-shm");
}

static const char *relations_json =
    "{\"items\": ["
    " {\"outcome\": \"distress\", \"label\": \"Sleep\", \"lag\": 0, \"enough\": true,"
    "  \"clear\": true, \"difference\": -2.04, \"low\": -3.5, \"high\": -0.6},"
    " {\"outcome\": \"distress\", \"label\": \"Coffee <3>\", \"lag\": 1, \"enough\": true,"
    "  \"clear\": false, \"difference\": 0.4, \"low\": -1.2, \"high\": 2.0},"
    " {\"outcome\": \"anxiety\", \"label\": \"Sleep\", \"lag\": 0, \"enough\": true,"
    "  \"clear\": false, \"difference\": 0.1, \"low\": -1, \"high\": 1},"
    " {\"outcome\": \"distress\", \"label\": \"Walks\", \"lag\": 0, \"enough\": false}]}";

static void test_relations_chart(void **state)
{
	(void)state;
	json_t *rel = json_loads(relations_json, 0, NULL);
	assert_non_null(rel);
	struct hv_chart *chart = hv_chart_relations_model(rel, "distress", 0);
	char *svg = hv_chart_svg(chart);
	hv_chart_free(chart);
	assert_non_null(svg);
	/* Two factors with enough days: a dot and a range each, signed with
	 * one decimal; the lagged one says so; names are escaped. */
	assert_non_null(strstr(svg, "Sleep: −2.0 (−3.5 … −0.6)"));
	assert_non_null(strstr(svg, ">Coffee &lt;3&gt;, the next day</text>"));
	assert_non_null(strstr(svg, "+0.4 (−1.2 … +2.0)"));
	assert_null(strstr(svg, "Walks"));
	assert_non_null(strstr(svg, "class=\"range clear\""));
	const char *p = svg;
	int dots = 0;
	while ((p = strstr(p, "<circle")))
		dots++, p++;
	assert_int_equal(dots, 2);
	free(svg);
	/* An outcome with nothing to show, or one that is not an outcome. */
	assert_null(hv_chart_relations_model(rel, "recovery", 0));
	assert_null(hv_chart_relations_model(rel, "nonsense", 0));

	/* By name, as the API asks: an outcome and a width after the last dash. */
	json_t *ins = json_pack("{s:O}", "relations", rel);
	svg = hv_chart_named("relations-anxiety-320", ins);
	assert_non_null(svg);
	assert_non_null(strstr(svg, "viewBox=\"0 0 320 "));
	free(svg);
	svg = hv_chart_named("relations-anxiety", ins);
	assert_non_null(strstr(svg, "viewBox=\"0 0 600 "));
	free(svg);
	assert_null(hv_chart_named("relations-anxiety-12345", ins));
	assert_null(hv_chart_named("relations-", ins));
	assert_null(hv_chart_named("weekly-", ins));
	assert_null(hv_chart_named("checkins-x1", ins));
	json_decref(ins);
	json_decref(rel);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_weeks),
	    cmocka_unit_test(test_relations_chart),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
