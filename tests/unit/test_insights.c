/*
 * test_insights.c — the journal's insights over hand-made entries, and the
 * facts cache under them: derived once, refreshed after an edit, ignored
 * for deleted entries, harmless when dropped.
 */
#include <setjmp.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/clock.h"
#include "insight/insights.h"
#include "journal/journal.h"
#include "report/chart.h"
#include "store-fixture.h"

#define DAY 86400000LL
/* Monday 2026-01-05 00:00 UTC */
#define MON 1767571200000LL

static void add(struct hv_store *st, int64_t at, const char *json, char *id_out)
{
	struct hv_error err;
	struct hv_record r;
	json_t *body = json_loads(json, 0, NULL);
	assert_non_null(body);
	if (hv_journal_add(st, body, at, &r, &err) != 0)
		fail_msg("%s", err.msg);
	if (id_out)
		strcpy(id_out, r.id);
	hv_record_release(&r);
	json_decref(body);
}

static json_t *insights(struct hv_store *st)
{
	struct hv_error err;
	json_t *j = hv_insights(st, 0, MON + 20 * DAY, &err);
	assert_non_null(j);
	return j;
}

static int64_t at_index(const json_t *j, const char *key, size_t i)
{
	return json_integer_value(json_array_get(json_object_get(j, key), i));
}

static int facts_rows(void)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	sqlite3_open("i.db", &db);
	sqlite3_prepare_v2(db, "SELECT count(*) FROM facts", -1, &s, NULL);
	sqlite3_step(s);
	int n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return n;
}

static void test_weeks_hours_and_tally(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store("i.db");
	/* week 2026-W02: Monday 09:00 and Wednesday 21:00; week W04: Friday 21:30 */
	add(st, MON + 9 * 3600000,
	    "{\"intensity\":8,\"triggers\":[\"work\",\"conflict\"],"
	    "\"responses\":[\"extra-texts\"],\"recovered_minutes\":60}",
	    NULL);
	add(st, MON + 2 * DAY + 21 * 3600000,
	    "{\"intensity\":4,\"triggers\":[\"work\"],\"responses\":[\"breathed\"]}", NULL);
	add(st, MON + 18 * DAY + 21 * 3600000 + 1800000,
	    "{\"intensity\":6,\"response\":\"walked\",\"response_type\":\"soothing\","
	    "\"recovered_minutes\":20}",
	    NULL);
	json_t *j = insights(st);
	assert_int_equal(json_integer_value(json_object_get(j, "entries")), 3);
	const json_t *weeks = json_object_get(j, "weeks");
	assert_int_equal(json_array_size(weeks), 3); /* W02, an empty W03, W04 */
	assert_string_equal(json_string_value(json_object_get(json_array_get(weeks, 0), "week")),
	                    "2026-W02");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(weeks, 0), "entries")),
	                 2);
	assert_true(
	    json_number_value(json_object_get(json_array_get(weeks, 0), "mean_intensity")) == 6.0);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(weeks, 1), "entries")),
	                 0);
	assert_true(json_is_null(json_object_get(json_array_get(weeks, 1), "mean_intensity")));
	assert_true(json_number_value(json_object_get(json_array_get(weeks, 2),
	                                              "median_recovery_minutes")) == 20.0);
	/* What was done, as shares of the entries that say: W02 one of each,
	 * W03 nothing said, W04 soothing only. */
	const json_t *w0 = json_array_get(weeks, 0), *w1 = json_array_get(weeks, 1),
	             *w2 = json_array_get(weeks, 2);
	assert_true(json_number_value(json_object_get(w0, "protest_share")) == 50.0);
	assert_true(json_number_value(json_object_get(w0, "soothing_share")) == 50.0);
	assert_true(json_is_null(json_object_get(w1, "protest_share")));
	assert_true(json_number_value(json_object_get(w2, "protest_share")) == 0.0);
	assert_true(json_number_value(json_object_get(w2, "soothing_share")) == 100.0);
	assert_int_equal(at_index(j, "hours", 9), 1);
	assert_int_equal(at_index(j, "hours", 21), 2);
	assert_int_equal(at_index(j, "weekdays", 0), 1); /* Monday */
	assert_int_equal(at_index(j, "weekdays", 2), 1); /* Wednesday */
	assert_int_equal(at_index(j, "weekdays", 4), 1); /* Friday */
	const json_t *first = json_array_get(json_object_get(j, "triggers"), 0);
	assert_string_equal(json_string_value(json_object_get(first, "kind")), "work");
	assert_int_equal(json_integer_value(json_object_get(first, "count")), 2);
	const json_t *resp = json_object_get(j, "responses");
	assert_int_equal(json_integer_value(json_object_get(resp, "protest")), 1);
	assert_int_equal(json_integer_value(json_object_get(resp, "soothing")), 2);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(j, "recovery"), "trend")),
	    "too-little");
	json_decref(j);
	hv_store_close(st);
}

/* The charts drawn from insights: at the width asked for, with real dates,
 * and nothing drawn for a name that is not a chart. */
static void test_charts_from_insights(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store("i.db");
	/* Two weeks of protest, then two of soothing with intensities 3 and 4. */
	for (int w = 0; w < 4; w++) {
		add(st, MON + w * 7 * DAY + 3600000,
		    w < 2
		        ? "{\"intensity\":7,\"responses\":[\"extra-texts\"],\"recovered_minutes\":"
		          "60}"
		        : "{\"intensity\":3,\"responses\":[\"breathed\"],\"recovered_minutes\":20}",
		    NULL);
		if (w >= 2)
			add(st, MON + w * 7 * DAY + 7200000, "{\"intensity\":4}", NULL);
	}
	json_t *j = insights(st);
	char *svg = hv_chart_named("weekly-330", j);
	assert_non_null(svg);
	assert_non_null(strstr(svg, "viewBox=\"0 0 330 "));
	assert_non_null(strstr(svg, ">5 Jan</text>")); /* the first week's Monday */
	assert_null(strstr(svg, "-W0"));
	assert_non_null(strstr(svg, "class=\"smooth\""));
	assert_non_null(strstr(svg, "3.5 of 10")); /* a mean keeps its decimal */
	free(svg);
	svg = hv_chart_named("responses", j);
	assert_non_null(svg);
	assert_non_null(strstr(svg, "viewBox=\"0 0 600 "));
	assert_non_null(strstr(svg, "Week of 5 Jan: 100 % protest"));
	free(svg);
	svg = hv_chart_named("weekly-9999", j); /* the widest a chart is drawn */
	assert_non_null(strstr(svg, "viewBox=\"0 0 1200 "));
	free(svg);
	assert_null(hv_chart_named("weekly-99999", j)); /* more than 4 digits: not a width */
	assert_null(hv_chart_named("weekly-", j));
	assert_null(hv_chart_named("weekly-3a", j));
	assert_null(hv_chart_named("nothing-300", j));
	json_decref(j);
	hv_store_close(st);
}

static void test_recovery_trend_faster(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store("i.db");
	/* nine entries a day apart, recovery 90, 80, … 10 minutes */
	for (int i = 0; i < 9; i++) {
		char body[96];
		snprintf(body, sizeof body, "{\"intensity\":5,\"recovered_minutes\":%d}",
		         90 - 10 * i);
		add(st, MON + i * DAY, body, NULL);
	}
	json_t *j = insights(st);
	const json_t *rec = json_object_get(j, "recovery");
	assert_string_equal(json_string_value(json_object_get(rec, "trend")), "faster");
	assert_true(json_number_value(json_object_get(rec, "first_median")) == 80.0);
	assert_true(json_number_value(json_object_get(rec, "recent_median")) == 20.0);
	json_decref(j);
	hv_store_close(st);
}

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The plain way, to check the quick one against: sort a copy. */
static double sorted_median(const double *v, size_t n)
{
	double *c = malloc(n * sizeof *c);
	assert_non_null(c);
	memcpy(c, v, n * sizeof *c);
	qsort(c, n, sizeof *c, cmp_dbl);
	double m = n % 2 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
	free(c);
	return m;
}

/*
 * Entries written in no particular order (as after an import), many equal
 * recovery times, thirds of even and odd size: the thirds are taken in
 * time order and their medians match sorting them.
 */
static void test_recovery_medians_out_of_order(void **state)
{
	(void)state;
	static const size_t sizes[] = {12, 13, 1501};
	for (size_t z = 0; z < sizeof sizes / sizeof *sizes; z++) {
		size_t n = sizes[z];
		struct hv_store *st = fixture_store("i.db");
		struct hv_error err;
		double *by_time = malloc(n * sizeof *by_time);
		assert_non_null(by_time);
		assert_int_equal(hv_store_begin(st, &err), 0);
		uint32_t x = 12345;
		for (size_t k = 0; k < n; k++) {
			/* the k-th entry written is the (k * 7919 mod n)-th in time */
			size_t t = (k * 7919) % n;
			x = x * 1103515245u + 12345u;
			int minutes = (int)(x >> 16) % 40 * 5; /* 0..195 in steps of 5: many ties */
			by_time[t] = minutes;
			char body[96];
			snprintf(body, sizeof body, "{\"intensity\":5,\"recovered_minutes\":%d}",
			         minutes);
			add(st, MON + (int64_t)t * 3600000, body, NULL);
		}
		assert_int_equal(hv_store_commit(st, &err), 0);
		json_t *j = insights(st);
		const json_t *rec = json_object_get(j, "recovery");
		size_t third = n / 3;
		assert_int_equal(json_integer_value(json_object_get(rec, "values")), (json_int_t)n);
		assert_true(json_number_value(json_object_get(rec, "first_median")) ==
		            sorted_median(by_time, third));
		assert_true(json_number_value(json_object_get(rec, "recent_median")) ==
		            sorted_median(by_time + n - third, third));
		json_decref(j);
		free(by_time);
		hv_store_close(st);
	}
}

static void test_facts_cache_follows_edits(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store("i.db");
	char id[HV_ID_LEN + 1];
	struct hv_error err;
	add(st, MON, "{\"intensity\":3,\"triggers\":[\"money\"]}", id);
	add(st, MON + DAY, "{\"intensity\":5,\"triggers\":[\"money\"]}", NULL);
	json_decref(insights(st));
	assert_int_equal(facts_rows(), 2);
	/* an edit makes the cached row stale; the next view sees the new value */
	json_t *change = json_pack("{s:i,s:[s]}", "intensity", 9, "triggers", "health");
	assert_int_equal(hv_journal_edit(st, id, change, 0, NULL, &err), 0);
	json_decref(change);
	json_t *j = insights(st);
	const json_t *w = json_array_get(json_object_get(j, "weeks"), 0);
	assert_true(json_number_value(json_object_get(w, "mean_intensity")) == 7.0);
	assert_int_equal(json_array_size(json_object_get(j, "triggers")), 2);
	json_decref(j);
	/* deleted entries drop out; purged ones leave no cache row behind */
	assert_int_equal(hv_journal_set_deleted(st, id, 1, NULL, &err), 0);
	j = insights(st);
	assert_int_equal(json_integer_value(json_object_get(j, "entries")), 1);
	json_decref(j);
	assert_int_equal(hv_journal_purge(st, id, &err), 0);
	json_decref(insights(st));
	hv_store_close(st);
	assert_int_equal(facts_rows(), 1);
}

static void test_median_and_week_labels(void **state)
{
	(void)state;
	double v[] = {5, 1, 3, 2};
	assert_true(hv_median(v, 4) == 2.5);
	double w[] = {9, 1, 4};
	assert_true(hv_median(w, 3) == 4.0);
	char label[16];
	hv_iso_week_label(hv_days_from_civil(2026, 1, 1), label); /* Thursday */
	assert_string_equal(label, "2026-W01");
	hv_iso_week_label(hv_days_from_civil(2027, 1, 1), label); /* Friday: last week of 2026 */
	assert_string_equal(label, "2026-W53");
	hv_iso_week_label(hv_days_from_civil(2024, 12, 30), label); /* Monday */
	assert_string_equal(label, "2025-W01");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_weeks_hours_and_tally),
	    cmocka_unit_test(test_charts_from_insights),
	    cmocka_unit_test(test_recovery_trend_faster),
	    cmocka_unit_test(test_recovery_medians_out_of_order),
	    cmocka_unit_test(test_facts_cache_follows_edits),
	    cmocka_unit_test(test_median_and_week_labels),
	};
	return cmocka_run_group_tests_name("insights", tests, NULL, NULL);
}
