/*
 * test_relations.c — what goes with what: the statistics against values
 * computed independently, and the rules that keep it quiet with too few
 * days (three days with and three without; six days, three values and
 * three each side for a number), the next-day lag, and the day's journal
 * outcomes.
 *
 * The expected numbers come from python3 with no statistics package:
 * Student's t quantile found by integrating the density (Simpson's rule,
 * 20000 steps) and bisection, the rest by statistics.mean/variance:
 *
 *   def welch(a, b):
 *       va, vb = variance(a) / len(a), variance(b) / len(b)
 *       df = (va + vb)**2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
 *       q = tq(0.95, df); se = sqrt(va + vb); d = mean(a) - mean(b)
 *       return d, df, d - q * se, d + q * se
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "checkin/checkin.h"
#include "insight/relations.h"
#include "journal/journal.h"
#include "store-fixture.h"

#define DAY 86400000LL
/* Monday 2026-01-05 00:00 UTC (the tests run with TZ=UTC) */
#define MON 1767571200000LL

static void near(double got, double want, double tol)
{
	if (fabs(got - want) > tol)
		fail_msg("got %.9f, want %.9f", got, want);
}

static void done(struct hv_store *st)
{
	hv_store_close(st);
	unlink("rel.db");
	unlink("rel.db-wal");
	unlink("rel.db-shm");
}

static void checkin(struct hv_store *st, int day, const char *json)
{
	struct hv_error err;
	json_t *body = json_loads(json, 0, NULL);
	assert_non_null(body);
	if (hv_checkin_add(st, body, MON + day * DAY + 9 * 3600000LL, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	json_decref(body);
}

static void entry(struct hv_store *st, int day, int hour, const char *json)
{
	struct hv_error err;
	json_t *body = json_loads(json, 0, NULL);
	assert_non_null(body);
	if (hv_journal_add(st, body, MON + day * DAY + hour * 3600000LL, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	json_decref(body);
}

static json_t *relations(struct hv_store *st)
{
	struct hv_error err;
	json_t *j = hv_relations(st, 0, &err);
	if (!j)
		fail_msg("%s", err.msg);
	return j;
}

/* The item for factor, lag and outcome, or NULL. */
static const json_t *item(const json_t *rel, const char *factor, int lag, const char *outcome)
{
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(rel, "items"), i, it)
	{
		if (strcmp(json_string_value(json_object_get(it, "factor")), factor) == 0 &&
		    json_integer_value(json_object_get(it, "lag")) == lag &&
		    strcmp(json_string_value(json_object_get(it, "outcome")), outcome) == 0)
			return it;
	}
	return NULL;
}

static double num(const json_t *it, const char *key)
{
	return json_number_value(json_object_get(it, key));
}

static double side(const json_t *it, const char *which, const char *key)
{
	return json_number_value(json_object_get(json_object_get(it, which), key));
}

static void test_t_quantile(void **state)
{
	(void)state;
	/* python: tq(0.95, 2) 2.919986, tq(0.95, 4.5) 2.065576, tq(0.95, 10)
	 * 1.812461, tq(0.95, 30) 1.697261 */
	near(hv_t_quantile(0.95, 2), 2.919986, 1e-5);
	near(hv_t_quantile(0.95, 4.5), 2.065576, 1e-5);
	near(hv_t_quantile(0.95, 10), 1.812461, 1e-5);
	near(hv_t_quantile(0.95, 30), 1.697261, 1e-5);
	near(hv_t_quantile(0.05, 10), -1.812461, 1e-5);
	near(hv_t_quantile(0.5, 3), 0, 1e-12);
}

static void test_welch_interval(void **state)
{
	(void)state;
	struct hv_rel_stat s;
	double a[] = {2, 3, 4, 3}, b[] = {5, 6, 7, 6, 5};
	assert_int_equal(hv_rel_compare(a, 4, b, 5, &s), 0);
	/* python: welch([2,3,4,3], [5,6,7,6,5]) → diff -2.8, df 6.641904,
	 * low -3.857743, high -1.742257 */
	near(s.mean_with, 3, 1e-12);
	near(s.mean_without, 5.8, 1e-12);
	near(s.diff, -2.8, 1e-12);
	near(s.df, 6.641904, 1e-5);
	near(s.low, -3.857743, 1e-5);
	near(s.high, -1.742257, 1e-5);

	/* No spread on either side: the difference is exact. */
	double c[] = {2, 2}, d[] = {1, 1, 1};
	assert_int_equal(hv_rel_compare(c, 2, d, 3, &s), 0);
	near(s.low, 1, 0), near(s.high, 1, 0);
	assert_true(isnan(s.df));
	/* One day is no group. */
	assert_int_equal(hv_rel_compare(c, 1, d, 3, &s), -1);
}

static void test_numbers_rule(void **state)
{
	(void)state;
	double t = -1;
	double even[] = {10, 9, 8, 7, 6, 5};
	assert_int_equal(hv_rel_split(even, 6, &t), 1);
	near(t, 7, 0); /* "more than 7": 8, 9, 10 against 5, 6, 7 */
	double any[] = {0, 2, 0, 3, 0, 1, 0};
	assert_int_equal(hv_rel_split(any, 7, &t), 1);
	near(t, 0, 0); /* any at all against none: 3 and 4 */
	double five[] = {1, 2, 3, 4, 5};
	assert_int_equal(hv_rel_split(five, 5, &t), 0); /* under six days */
	double two[] = {1, 1, 1, 2, 2, 2};
	assert_int_equal(hv_rel_split(two, 6, &t), 0); /* two values only */
	double lopsided[] = {0, 0, 0, 0, 0, 1, 2};
	assert_int_equal(hv_rel_split(lopsided, 7, &t), 0); /* two days above at best */
	double ties[] = {5, 6, 7, 7, 8, 9};
	assert_int_equal(hv_rel_split(ties, 6, &t), 0); /* 2 | 4 or 4 | 2 */
}

static void test_three_and_three(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store("rel.db");
	struct hv_error err;
	assert_int_equal(hv_checkin_own_add(st, "therapy day", NULL, &err), 0);
	/* Days 0, 2, 4 marked yes (distress 2, 3, 4), days 6, 8 no (6, 5). */
	checkin(st, 0, "{\"distress\":2,\"own\":{\"therapy day\":true}}");
	checkin(st, 2, "{\"distress\":3,\"own\":{\"therapy day\":true}}");
	checkin(st, 4, "{\"distress\":4,\"own\":{\"therapy day\":true}}");
	checkin(st, 6, "{\"distress\":6,\"own\":{\"therapy day\":false}}");
	checkin(st, 8, "{\"distress\":5,\"own\":{\"therapy day\":false}}");
	json_t *rel = relations(st);
	assert_int_equal(json_integer_value(json_object_get(rel, "days")), 5);
	const json_t *it = item(rel, "therapy day", 0, "distress");
	assert_non_null(it);
	assert_false(json_is_true(json_object_get(it, "enough")));
	assert_true(json_is_null(json_object_get(it, "difference")));
	assert_string_equal(json_string_value(json_object_get(it, "sentence")),
	                    json_string_value(json_object_get(rel, "too_few")));
	json_decref(rel);

	/* A third day without: now it may be said. */
	checkin(st, 10, "{\"distress\":7,\"own\":{\"therapy day\":false}}");
	rel = relations(st);
	it = item(rel, "therapy day", 0, "distress");
	assert_true(json_is_true(json_object_get(it, "enough")));
	assert_true(json_is_true(json_object_get(it, "clear")));
	assert_true(json_is_true(json_object_get(it, "own")));
	assert_int_equal(side(it, "with", "days"), 3);
	assert_int_equal(side(it, "without", "days"), 3);
	/* python: welch([2,3,4], [6,5,7]) → diff -3, df 4, low -4.740646,
	 * high -1.259354 (the JSON keeps three decimals) */
	near(num(it, "difference"), -3, 1e-9);
	near(num(it, "low"), -4.741, 1e-9);
	near(num(it, "high"), -1.259, 1e-9);
	const char *s = json_string_value(json_object_get(it, "sentence"));
	assert_non_null(
	    strstr(s, "On days marked “therapy day”, distress was about 3.0 points lower"));
	assert_non_null(strstr(s, "4.7 lower and 1.3 lower"));
	assert_null(strstr(s, "cause"));
	/* The one relation with enough days comes first. */
	assert_ptr_equal(json_array_get(json_object_get(rel, "items"), 0), it);
	/* No two of these days follow each other: nothing the day after. */
	assert_null(item(rel, "therapy day", 1, "distress"));
	json_decref(rel);
	done(st);
}

static void test_next_day(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store("rel.db");
	/* Alcohol on days 0..7 and anxiety the same days; day 10 has alcohol
	 * and day 12 anxiety, with no check-in on day 11 between them. */
	static const int alcohol[] = {0, 2, 0, 3, 0, 1, 0, 0};
	static const int anxiety[] = {5, 3, 7, 2, 8, 4, 6, 3};
	char body[128];
	for (int d = 0; d < 8; d++) {
		snprintf(body, sizeof body,
		         "{\"factors\":{\"alcohol\":%d,\"anxiety\":%d,\"sleep\":%d}}", alcohol[d],
		         anxiety[d], 6 + d % 3);
		checkin(st, d, body);
	}
	checkin(st, 10, "{\"factors\":{\"alcohol\":3}}");
	checkin(st, 12, "{\"factors\":{\"anxiety\":9}}");
	json_t *rel = relations(st);
	const json_t *it = item(rel, "alcohol", 1, "anxiety");
	assert_non_null(it);
	assert_true(json_is_true(json_object_get(it, "enough")));
	/* Pairs (day before, day): alcohol 0,2,0,3,0,1,0 beside anxiety
	 * 3,7,2,8,4,6,3: any alcohol the day before (2, 4, 6: 7, 8, 6) against
	 * none (1, 3, 5, 7: 3, 2, 4, 3).  Day 12 follows no check-in.
	 * python: welch([7,8,6], [3,2,4,3]) → diff 4, df 3.857143,
	 * low 2.476371, high 5.523629 */
	near(num(it, "threshold"), 0, 0);
	assert_int_equal(num(it, "days"), 7);
	assert_int_equal(side(it, "with", "days"), 3);
	assert_int_equal(side(it, "without", "days"), 4);
	near(side(it, "with", "mean"), 7, 1e-9);
	near(side(it, "without", "mean"), 3, 1e-9);
	near(num(it, "low"), 2.476, 1e-9);
	near(num(it, "high"), 5.524, 1e-9);
	assert_non_null(
	    strstr(json_string_value(json_object_get(it, "sentence")),
	           "On the day after any alcohol, anxiety was about 4.0 points higher"));
	/* The same day: alcohol 0,2,0,3,0,1,0,0 beside 5,3,7,2,8,4,6,3 (day 10
	 * has no anxiety): 3, 2, 4 against 5, 7, 8, 6, 3 — a different
	 * comparison. */
	it = item(rel, "alcohol", 0, "anxiety");
	assert_int_equal(num(it, "days"), 8);
	near(side(it, "with", "mean"), 3, 1e-9);
	near(side(it, "without", "mean"), 5.8, 1e-9);
	/* A check-in's sleep is last night's already: no day-after sleep. */
	/* Sleep 6, 7, 8, 6, 7, 8, 6, 7 splits at 6: said by the least above. */
	it = item(rel, "sleep", 0, "anxiety");
	near(num(it, "threshold"), 6, 0);
	assert_non_null(strstr(json_string_value(json_object_get(it, "sentence")),
	                       "On days with at least 7 hours of sleep the night before, anxiety"));
	assert_null(item(rel, "sleep", 1, "anxiety"));
	json_decref(rel);
	done(st);
}

static void test_journal_outcomes(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store("rel.db");
	struct hv_error err;
	assert_int_equal(hv_checkin_own_add(st, "saw my ex", NULL, &err), 0);
	for (int d = 0; d < 6; d++)
		checkin(st, d,
		        d < 3 ? "{\"distress\":4,\"own\":{\"saw my ex\":true}}"
		              : "{\"distress\":4,\"own\":{\"saw my ex\":false}}");
	entry(st, 0, 10, "{\"intensity\":4,\"recovered_minutes\":10}");
	entry(st, 0, 23, "{\"intensity\":6,\"recovered_minutes\":30}");
	entry(st, 1, 12, "{\"intensity\":8,\"recovered_minutes\":40}");
	entry(st, 2, 12, "{\"intensity\":7}");
	entry(st, 3, 12, "{\"intensity\":1,\"recovered_minutes\":25}");
	entry(st, 4, 12, "{\"intensity\":2,\"recovered_minutes\":5}");
	entry(st, 5, 12, "{\"intensity\":3,\"recovered_minutes\":15}");
	entry(st, 7, 12, "{\"intensity\":10}"); /* a day with no check-in: not tracked */
	json_t *rel = relations(st);
	/* Per day with: 2, 1, 1 entries; intensity 5, 8, 7; recovery 20, 40.
	 * Without: 1, 1, 1; intensity 1, 2, 3; recovery 25, 5, 15.
	 * python: welch([5,8,7], [1,2,3]) → diff 4.666667, low 2.312109,
	 * high 7.021224; welch([2,1,1], [1,1,1]) → diff 0.333333,
	 * low -0.639995, high 1.306662 */
	const json_t *it = item(rel, "saw my ex", 0, "intensity");
	assert_true(json_is_true(json_object_get(it, "enough")));
	near(num(it, "difference"), 4.667, 1e-9);
	near(num(it, "low"), 2.312, 1e-9);
	near(num(it, "high"), 7.021, 1e-9);
	it = item(rel, "saw my ex", 0, "triggers");
	near(side(it, "with", "mean"), 1.333, 1e-9);
	near(num(it, "low"), -0.64, 1e-9);
	near(num(it, "high"), 1.307, 1e-9);
	assert_false(json_is_true(json_object_get(it, "clear"))); /* the interval holds 0 */
	assert_non_null(
	    strstr(json_string_value(json_object_get(it, "sentence")), "may be chance"));
	/* Recovery: two days with it on the yes side, too few. */
	it = item(rel, "saw my ex", 0, "recovery");
	assert_int_equal(side(it, "with", "days"), 2);
	assert_false(json_is_true(json_object_get(it, "enough")));
	/* Distress was the same every day: said, and exactly nothing. */
	it = item(rel, "saw my ex", 0, "distress");
	near(num(it, "low"), 0, 0), near(num(it, "high"), 0, 0);
	json_decref(rel);
	done(st);
}

static void test_nothing_yet(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store("rel.db");
	entry(st, 0, 12, "{\"intensity\":5}");
	json_t *rel = relations(st);
	assert_int_equal(json_integer_value(json_object_get(rel, "days")), 0);
	assert_int_equal(json_array_size(json_object_get(rel, "items")), 0);
	json_decref(rel);
	/* Five days of sleep with plenty of spread: still too few. */
	for (int d = 0; d < 5; d++) {
		char body[64];
		snprintf(body, sizeof body, "{\"distress\":%d,\"factors\":{\"sleep\":%d}}", d,
		         4 + d);
		checkin(st, d, body);
	}
	rel = relations(st);
	const json_t *it = item(rel, "sleep", 0, "distress");
	assert_false(json_is_true(json_object_get(it, "enough")));
	assert_true(json_is_null(json_object_get(json_object_get(it, "with"), "days")));
	/* The journal's one entry is on day 0: the days after it are not
	 * counted as days with no moments, the journal was not kept then. */
	assert_int_equal(num(item(rel, "sleep", 0, "triggers"), "days"), 1);
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(rel, "items"), i, x)
	    assert_false(json_is_true(json_object_get(x, "enough")));
	json_decref(rel);
	done(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_t_quantile),   cmocka_unit_test(test_welch_interval),
	    cmocka_unit_test(test_numbers_rule), cmocka_unit_test(test_three_and_three),
	    cmocka_unit_test(test_next_day),     cmocka_unit_test(test_journal_outcomes),
	    cmocka_unit_test(test_nothing_yet),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
