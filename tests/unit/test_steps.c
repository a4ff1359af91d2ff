/*
 * test_steps.c — small steps' library: the week a moment belongs to (its
 * Monday, across a year's end and on a Sunday), what names a week, a
 * week's change chosen once and checked in the same record, and the
 * ladder's summary worked out from its tries (lowest step first, the
 * average ease, a removed step gone with its tries kept).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/store.h"
#include "growth/steps.h"
#include "store-fixture.h"

#define DAY 86400000LL
/* Monday 2026-01-05 00:00 UTC (the tests run with TZ=UTC) */
#define MON 1767571200000LL

static void test_week_of(void **state)
{
	(void)state;
	char w[11];
	hv_week_of(MON, w);
	assert_string_equal(w, "2026-01-05");
	hv_week_of(MON + 6 * DAY + DAY - 1, w); /* the last moment of Sunday */
	assert_string_equal(w, "2026-01-05");
	hv_week_of(MON + 7 * DAY, w);
	assert_string_equal(w, "2026-01-12");
	hv_week_of(MON - 1, w); /* Sunday 4 January: the week began in December */
	assert_string_equal(w, "2025-12-29");
	assert_true(hv_week_valid("2025-12-29"));
	assert_false(hv_week_valid("2025-12-30"));
	assert_false(hv_week_valid("2025-13-01"));
	assert_false(hv_week_valid("2025-12-29x"));
	assert_false(hv_week_valid("2025-1-05"));
	assert_false(hv_week_valid(NULL));
}

static void test_week_once(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store("steps.db");
	struct hv_error err;
	struct hv_record r;
	assert_int_equal(hv_week_check(st, NULL, "yes", NULL, MON, NULL, &err), -1);
	assert_int_equal(err.code, HV_ENOTFOUND);
	assert_int_equal(hv_week_set(st, NULL, " Walk without my phone ", MON + DAY, NULL, &err),
	                 0);
	assert_int_equal(hv_week_set(st, "2026-01-05", "Another", MON, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "Walk without my phone"));
	assert_int_equal(hv_week_set(st, "2026-01-06", "x", MON, NULL, &err), -1);
	assert_int_equal(hv_week_check(st, NULL, "maybe", NULL, MON, NULL, &err), -1);
	assert_int_equal(hv_week_check(st, NULL, "partly", "most days", MON + 6 * DAY, &r, &err),
	                 0);
	assert_string_equal(json_string_value(json_object_get(r.body, "change")),
	                    "Walk without my phone");
	assert_string_equal(json_string_value(json_object_get(r.body, "kept")), "partly");
	assert_int_equal(r.version, 2);
	hv_record_release(&r);
	json_t *h = hv_week_history(st, &err);
	assert_int_equal(json_array_size(h), 1);
	json_decref(h);
	hv_store_close(st);
}

static void test_ladder(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store("steps.db");
	struct hv_error err;
	struct hv_record hi, lo;
	assert_int_equal(hv_ladder_add(st, "An evening apart", 3, &hi, &err), 0);
	assert_int_equal(hv_ladder_add(st, "Phone in a drawer", 1, &lo, &err), 0);
	assert_int_equal(hv_ladder_try(st, lo.id, 7, 4, NULL, NULL, &err), 0);
	assert_int_equal(hv_ladder_try(st, lo.id, 6, 2, "easier", NULL, &err), 0);
	assert_int_equal(hv_ladder_try(st, lo.id, 5, 5, NULL, NULL, &err), 0);
	assert_int_equal(hv_ladder_try(st, lo.id, 11, 5, NULL, NULL, &err), -1);
	json_t *l = hv_ladder(st, &err);
	assert_int_equal(json_array_size(l), 2);
	const json_t *first = json_array_get(l, 0);
	assert_string_equal(json_string_value(json_object_get(first, "id")), lo.id);
	assert_int_equal(json_integer_value(json_object_get(first, "tries")), 3);
	/* (3 + 4 + 0) / 3 = 2.33…, to one decimal */
	assert_true(json_real_value(json_object_get(first, "mean_drop")) == 2.3);
	assert_null(json_object_get(first, "drop_sum"));
	assert_true(json_is_null(json_object_get(json_array_get(l, 1), "mean_drop")));
	json_decref(l);
	assert_int_equal(hv_ladder_add(st, "A weekend away", 0, NULL, &err), 0);
	l = hv_ladder(st, &err);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(l, 2), "level")), 4);
	json_decref(l);
	assert_int_equal(hv_ladder_remove(st, lo.id, &err), 0);
	assert_int_equal(hv_ladder_try(st, lo.id, 5, 3, NULL, NULL, &err), -1);
	l = hv_ladder(st, &err);
	assert_int_equal(json_array_size(l), 2);
	json_decref(l);
	hv_record_release(&hi);
	hv_record_release(&lo);
	hv_store_close(st);
	unlink("steps.db");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_week_of),
	    cmocka_unit_test(test_week_once),
	    cmocka_unit_test(test_ladder),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
