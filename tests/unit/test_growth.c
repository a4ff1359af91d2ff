/*
 * test_growth.c — the months, not just the moment: the habit-strength
 * score against values computed independently, every milestone detector
 * on generated histories (reached, not yet, and the edges between), and
 * through a real store: a milestone celebrated once, the plan edited part
 * by part and refused whole when any part is wrong.
 *
 * The habit values come from python3:
 *
 *   m = 0.5 ** (1 / 13)
 *   def score(days):
 *       s = 0
 *       for done in days: s = s * m + (1 - m if done else 0)
 *       return s
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

#include "coach/coach.h"
#include "core/store.h"
#include "growth/growth.h"
#include "journal/journal.h"
#include "store-fixture.h"

#define DAY 86400000LL
/* Monday 2026-01-05 00:00 UTC (the tests run with TZ=UTC) */
#define MON 1767571200000LL

static void near(double got, double want, double tol)
{
	if (fabs(got - want) > tol)
		fail_msg("got %.12f, want %.12f", got, want);
}

/* ---- habit strength ---------------------------------------------------- */

static void test_habit_score(void **state)
{
	(void)state;
	near(hv_habit_multiplier(), 0.9480775143391714, 1e-15);
	unsigned char d[400];
	memset(d, 1, sizeof d);
	near(hv_habit_score(d, 0), 0, 0);
	near(hv_habit_score(d, 30), 0.7980167319963571, 1e-12);
	near(hv_habit_score(d, 365), 0.9999999964681361, 1e-12);
	unsigned char mixed[] = {1, 1, 0, 1, 0, 0, 1, 1, 1, 1};
	near(hv_habit_score(mixed, 10), 0.2957992492980469, 1e-12);
	/* A missed day after a month costs a little, not everything. */
	d[30] = 0;
	near(hv_habit_score(d, 31), 0.7565817196721749, 1e-12);
	/* Thirteen days away halve it; it is never lost. */
	memset(d + 30, 0, 13);
	near(hv_habit_score(d, 43), 0.39900836599817835, 1e-12);
	assert_true(hv_habit_score(d, 43) > 0);
	/* And coming back raises it again. */
	assert_true(hv_habit_score(d, 44) > hv_habit_score(d, 43));
}

/* ---- detectors on generated histories ----------------------------------- */

static struct hv_gh_entry entries[200];
static struct hv_gh_event events[200];
static struct hv_gh_event asks[400];
static struct hv_gh_limit limits[4];

static void test_first_soothing(void **state)
{
	(void)state;
	struct hv_growth_history h = {.entries = entries, .now = MON + 100 * DAY};
	entries[0] = (struct hv_gh_entry){MON, 2, -1};       /* soothing, no protest yet */
	entries[1] = (struct hv_gh_entry){MON + DAY, 0, -1}; /* no response */
	h.n_entries = 2;
	assert_int_equal(hv_ms_first_soothing(&h), 0);
	entries[2] = (struct hv_gh_entry){MON + 2 * DAY, 1, -1}; /* protest */
	h.n_entries = 3;
	assert_int_equal(hv_ms_first_soothing(&h), 0);
	entries[3] = (struct hv_gh_entry){MON + 3 * DAY, 2, -1}; /* soothing instead */
	entries[4] = (struct hv_gh_entry){MON + 4 * DAY, 2, -1};
	h.n_entries = 5;
	assert_int_equal(hv_ms_first_soothing(&h), MON + 3 * DAY);
}

static void test_rewrite(void **state)
{
	(void)state;
	struct hv_growth_history h = {.rewrites = events, .now = MON};
	assert_int_equal(hv_ms_rewrite(&h), 0);
	events[0] = (struct hv_gh_event){MON + 5 * DAY, 60};
	h.n_rewrites = 1;
	assert_int_equal(hv_ms_rewrite(&h), MON + 5 * DAY);
}

/* n entries from start, a day apart, each recovering in minutes[i]. */
static size_t fill(size_t at, int64_t start, const int *minutes, size_t n)
{
	for (size_t i = 0; i < n; i++)
		entries[at + i] = (struct hv_gh_entry){start + (int64_t)i * DAY, 0, minutes[i]};
	return at + n;
}

static void test_recovery_halved(void **state)
{
	(void)state;
	struct hv_growth_history h = {.entries = entries, .now = MON + 90 * DAY};
	int early[] = {40, 60, 90}, late[] = {20, 30, 50}, slow[] = {20, 31, 50};
	int even[] = {10, 20, 40, 50}; /* median 30 */
	h.n_entries = fill(fill(0, MON, early, 3), MON + 70 * DAY, late, 3);
	assert_int_equal(hv_ms_recovery_halved(&h), MON + 72 * DAY);
	h.n_entries = fill(fill(0, MON, early, 3), MON + 70 * DAY, slow, 3);
	assert_int_equal(hv_ms_recovery_halved(&h), 0);
	h.n_entries = fill(fill(0, MON, early, 3), MON + 70 * DAY, even, 4);
	assert_int_equal(hv_ms_recovery_halved(&h), MON + 73 * DAY);
	/* Too few in the last month. */
	h.n_entries = fill(fill(0, MON, early, 3), MON + 70 * DAY, late, 2);
	assert_int_equal(hv_ms_recovery_halved(&h), 0);
	/* Entries without minutes do not count toward the three. */
	h.n_entries = fill(0, MON, early, 3);
	entries[h.n_entries++] = (struct hv_gh_entry){MON + 70 * DAY, 1, -1};
	h.n_entries = fill(h.n_entries, MON + 71 * DAY, late, 2);
	assert_int_equal(hv_ms_recovery_halved(&h), 0);
	/* Under two months in: the first and the last month would overlap. */
	h.now = MON + 59 * DAY;
	h.n_entries = fill(fill(0, MON, early, 3), MON + 40 * DAY, late, 3);
	assert_int_equal(hv_ms_recovery_halved(&h), 0);
}

static void test_checkin_week(void **state)
{
	(void)state;
	struct hv_growth_history h = {.checkins = events, .now = MON + 60 * DAY};
	size_t n = 0;
	/* Six days in seven check-ins, one with a morning and an evening check-in, with gaps. */
	int64_t days[] = {0, 1, 1, 3, 8, 9, 12, 20};
	for (size_t i = 0; i < 8; i++)
		events[n++] =
		    (struct hv_gh_event){MON + days[i] * DAY + (i == 2) * 12 * 3600000LL, 0};
	h.n_checkins = 7;
	assert_int_equal(hv_ms_checkin_week(&h), 0);
	h.n_checkins = 8;
	/* Not a streak: the seventh different day, whenever it came. */
	assert_int_equal(hv_ms_checkin_week(&h), MON + 20 * DAY);
	/* The local day counts: 23:30 UTC at +60 is the next day there. */
	events[2] = (struct hv_gh_event){MON + DAY + 23 * 3600000LL + 1800000, 60};
	assert_int_equal(hv_ms_checkin_week(&h), MON + 12 * DAY);
}

/* per_day asks on each of days days from start. */
static size_t ask_days(size_t at, int64_t start, int days, int per_day)
{
	for (int d = 0; d < days; d++)
		for (int k = 0; k < per_day; k++)
			asks[at++] = (struct hv_gh_event){start + d * DAY + k * 3600000LL, 0};
	return at;
}

static void test_limit_month(void **state)
{
	(void)state;
	struct hv_growth_history h = {.asks = asks, .limits = limits, .now = MON + 29 * DAY};
	limits[0] = (struct hv_gh_limit){MON + 9 * 3600000LL, 0, 2, 0}; /* 2 a day */
	h.n_limits = 1;
	h.n_asks = ask_days(0, MON + 10 * 3600000LL, 30, 2);
	assert_int_equal(hv_ms_limit_month(&h), 0); /* not a month yet */
	h.now = MON + 31 * DAY;
	assert_int_equal(hv_ms_limit_month(&h), MON + 9 * 3600000LL + 30 * DAY);
	/* One day over the limit. */
	asks[h.n_asks] = (struct hv_gh_event){MON + 10 * DAY + 20 * 3600000LL, 0};
	h.n_asks++;
	assert_int_equal(hv_ms_limit_month(&h), 0);
	/* Asks before the limit was set do not count against it. */
	h.n_asks = ask_days(0, MON - 3 * DAY, 3, 9);
	h.n_asks = ask_days(h.n_asks, MON + 10 * 3600000LL, 30, 1);
	assert_int_equal(hv_ms_limit_month(&h), MON + 9 * 3600000LL + 30 * DAY);
	/* A limit changed within the month does not count; the new one may. */
	limits[1] = (struct hv_gh_limit){MON + 15 * DAY, 0, 1, 0};
	h.n_limits = 2;
	assert_int_equal(hv_ms_limit_month(&h), 0);
	h.now = MON + 46 * DAY;
	h.n_asks = ask_days(0, MON + 15 * DAY + 3600000LL, 31, 1);
	assert_int_equal(hv_ms_limit_month(&h), MON + 45 * DAY);
	/* A weekly limit counts weeks from the day it was set. */
	limits[0] = (struct hv_gh_limit){MON + 2 * DAY, 0, 3, 1}; /* Wednesday, 3 a week */
	h.n_limits = 1;
	h.now = MON + 40 * DAY;
	h.n_asks = 0;
	for (int w = 0; w < 5; w++) /* 3 each week, on its Monday to Wednesday of haven's weeks */
		h.n_asks = ask_days(h.n_asks, MON + (2 + 7 * w + 4) * DAY, 3, 1);
	assert_int_equal(hv_ms_limit_month(&h), MON + 32 * DAY);
	asks[h.n_asks++] = (struct hv_gh_event){MON + (2 + 7 * 1 + 6) * DAY + 3600000LL, 0};
	assert_int_equal(hv_ms_limit_month(&h), 0); /* a fourth in the second week */
}

/* ---- through a store ---------------------------------------------------- */

static void log_at(struct hv_store *st, int64_t ms, const char *json)
{
	struct hv_error err;
	json_t *body = json_loads(json, 0, NULL);
	if (hv_journal_add(st, body, ms, NULL, &err) < 0)
		fail_msg("%s", err.msg);
	json_decref(body);
}

static void test_celebrated_once(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store("growth.db");
	struct hv_error err;
	log_at(st, MON, "{\"intensity\":7,\"response_type\":\"protest\"}");
	log_at(st, MON + DAY, "{\"intensity\":5,\"responses\":[\"breathed\"]}");
	json_t *m = hv_milestones(st, MON + 2 * DAY, &err);
	assert_non_null(m);
	json_t *list = json_object_get(m, "milestones");
	assert_int_equal(json_array_size(list), 1);
	json_t *one = json_array_get(list, 0);
	assert_string_equal(json_string_value(json_object_get(one, "id")), "first-soothing");
	assert_true(json_is_true(json_object_get(one, "new")));
	assert_true(strlen(json_string_value(json_object_get(one, "title"))) > 10);
	assert_true(strlen(json_string_value(json_object_get(one, "text"))) > 20);
	assert_int_equal(hv_milestones_mark_shown(st, list, &err), 0);
	json_decref(m);
	m = hv_milestones(st, MON + 2 * DAY, &err);
	one = json_array_get(json_object_get(m, "milestones"), 0);
	assert_true(json_is_false(json_object_get(one, "new")));
	/* Marking again adds nothing: nothing is new. */
	int64_t before, after;
	hv_store_count(st, HV_MILESTONE_KIND, &before, &err);
	assert_int_equal(hv_milestones_mark_shown(st, json_object_get(m, "milestones"), &err), 0);
	hv_store_count(st, HV_MILESTONE_KIND, &after, &err);
	assert_int_equal(before, 1);
	assert_int_equal(after, 1);
	json_decref(m);
	hv_store_close(st);
}

static void test_milestone_body(void **state)
{
	(void)state;
	struct hv_error err;
	json_t *ok = json_pack("{s:s,s:s}", "id", "rewrite", "reached", "2026-01-05T10:00:00.000Z");
	assert_int_equal(hv_milestone_validate(ok, &err), 0);
	json_object_set_new(ok, "id", json_string("streak"));
	assert_int_equal(hv_milestone_validate(ok, &err), -1);
	json_object_set_new(ok, "id", json_string("rewrite"));
	json_object_set_new(ok, "reached", json_string("yesterday"));
	assert_int_equal(hv_milestone_validate(ok, &err), -1);
	/* An import line whose "reached" is misspelt (found by fuzz_import). */
	json_object_del(ok, "reached");
	json_object_set_new(ok, "reach-ed", json_string("2026-01-05T10:00:00.000Z"));
	assert_int_equal(hv_milestone_validate(ok, &err), -1);
	assert_non_null(strstr(err.msg, "reached"));
	json_object_del(ok, "reach-ed");
	json_object_set_new(ok, "reached", json_string("2026-01-05T10:00:00.000Z"));
	json_object_set_new(ok, "extra", json_true());
	assert_int_equal(hv_milestone_validate(ok, &err), -1);
	json_decref(ok);
}

static void test_plan_edit(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store("growth.db");
	struct hv_error err;
	struct hv_record r;
	json_t *plan = hv_plan_get(st, &err);
	assert_true(json_is_null(plan));
	json_decref(plan);
	json_t *c =
	    json_loads("{\"signs\":[\" I stop eating \",\"\"],\"say\":\"It passes.\"}", 0, NULL);
	assert_int_equal(hv_plan_edit(st, c, &r, &err), 0);
	assert_string_equal(json_string_value(json_array_get(json_object_get(r.body, "signs"), 0)),
	                    "I stop eating");
	assert_int_equal(json_array_size(json_object_get(r.body, "signs")), 1);
	hv_record_release(&r);
	json_decref(c);
	/* One bad part refuses the whole change. */
	c = json_loads("{\"say\":\"new words\",\"practices\":[\"juggling\"]}", 0, NULL);
	assert_int_equal(hv_plan_edit(st, c, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "juggling"));
	json_decref(c);
	plan = hv_plan_get(st, &err);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(plan, "body"), "say")), "It passes.");
	assert_int_equal(json_integer_value(json_object_get(plan, "version")), 1);
	json_decref(plan);
	/* A null removes a part; removing every part is refused. */
	c = json_loads("{\"signs\":null,\"say\":null}", 0, NULL);
	assert_int_equal(hv_plan_edit(st, c, NULL, &err), -1);
	json_decref(c);
	c = json_loads("{\"signs\":null,\"people\":[\"Sam\"]}", 0, NULL);
	assert_int_equal(hv_plan_edit(st, c, &r, &err), 0);
	assert_null(json_object_get(r.body, "signs"));
	assert_int_equal(r.version, 2);
	hv_record_release(&r);
	json_decref(c);
	c = json_loads("{\"mood\":[\"x\"]}", 0, NULL);
	assert_int_equal(hv_plan_edit(st, c, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "unknown plan field"));
	json_decref(c);
	hv_store_close(st);
}

static void test_running_hot(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store("growth.db");
	struct hv_error err;
	int64_t now = MON + 10 * DAY;
	log_at(st, now - 4 * DAY, "{\"intensity\":9}"); /* too long ago */
	log_at(st, now - 2 * DAY, "{\"intensity\":8}");
	log_at(st, now - DAY, "{\"intensity\":6}"); /* not hot */
	log_at(st, now - 3600000, "{\"intensity\":7}");
	assert_int_equal(hv_plan_running_hot(st, now, &err), 0);
	log_at(st, now - 7200000, "{\"intensity\":10}");
	assert_int_equal(hv_plan_running_hot(st, now, &err), 1);
	hv_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_habit_score),     cmocka_unit_test(test_first_soothing),
	    cmocka_unit_test(test_rewrite),         cmocka_unit_test(test_recovery_halved),
	    cmocka_unit_test(test_checkin_week),    cmocka_unit_test(test_limit_month),
	    cmocka_unit_test(test_celebrated_once), cmocka_unit_test(test_milestone_body),
	    cmocka_unit_test(test_plan_edit),       cmocka_unit_test(test_running_hot),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
