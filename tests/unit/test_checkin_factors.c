/*
 * test_checkin_factors.c — the daily factors of a check-in: every factor of
 * the data checked against its range with a message naming it, typed
 * values read as numbers, the person's own factors added, found case
 * aside, refused twice and removed, a check-in naming an own factor it
 * lacks refused with nothing written, and the last answers for "Enter
 * keeps yesterday's".
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
#include "transfer/transfer.h"

static void expect_invalid(const char *json, const char *words)
{
	refused_by(hv_checkin_validate, json, HV_EINVAL, words);
}

static void expect_valid(const char *json)
{
	json_t *b = json_loads(json, 0, NULL);
	assert_non_null(b);
	struct hv_error err;
	if (hv_checkin_validate(b, &err) < 0)
		fail_msg("\"%s\": refused: %s", json, err.msg);
	json_decref(b);
}

static void test_validate(void **state)
{
	(void)state;
	expect_valid("{\"factors\": {\"mood\": 0, \"sleep\": 7.5, \"safe_people\": 0.25}}");
	expect_valid(
	    "{\"distress\": 4, \"factors\": {\"movement\": 1440}, \"own\": {\"x\": false}}");
	expect_valid("{\"own\": {\"therapy day\": true}}");
	expect_invalid("{\"factors\": {\"mood\": 11}}", "mood must be a whole number from 0 to 10");
	expect_invalid("{\"factors\": {\"mood\": 5.5}}", "whole number");
	expect_invalid("{\"factors\": {\"sleep\": 24.5}}",
	               "sleep must be a number of hours from 0 to 24");
	expect_invalid("{\"factors\": {\"sleep\": 7.125}}", "sleep must be");
	expect_invalid("{\"factors\": {\"sleep\": \"7\"}}", "sleep must be");
	expect_invalid("{\"factors\": {\"caffeine\": -1}}",
	               "caffeine must be a whole number of cups");
	expect_invalid("{\"factors\": {\"coffee\": 1}}", "unknown factor \"coffee\"");
	/* A flag is not a key: bodies hold ids. */
	expect_invalid("{\"factors\": {\"sleep-quality\": 1}}", "unknown factor");
	expect_invalid("{\"factors\": []}", "factors must be an object");
	expect_invalid("{\"own\": {\"x\": 1}}", "must be true or false");
	expect_invalid("{\"own\": {\"\": true}}", "one line");
	expect_valid("{\"factors\": {\"mood\": 5}, \"source\": \"daylio:00ff\"}");
	expect_invalid("{\"factors\": {\"mood\": 5}, \"source\": \"\"}", "source must be one line");
	expect_invalid("{\"factors\": {\"mood\": 5}, \"source\": \"a\\nb\"}", "source must be");
	expect_invalid("{\"factors\": {}}", "distress is required");
	expect_invalid("{\"note\": \"x\"}", "distress is required");
	/* Every factor of the data has what the front ends need. */
	size_t i;
	const json_t *f;
	assert_true(json_array_size(hv_checkin_factors()) >= 8);
	json_array_foreach(hv_checkin_factors(), i, f)
	{
		const char *keys[] = {"id", "flag", "type", "unit", "label", "question"};
		for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
			assert_true(json_is_string(json_object_get(f, keys[k])));
		assert_true(json_is_integer(json_object_get(f, "min")));
		assert_true(json_is_integer(json_object_get(f, "max")));
		assert_ptr_equal(hv_checkin_factor(json_string_value(json_object_get(f, "flag"))),
		                 f);
	}
}

static void test_parse(void **state)
{
	(void)state;
	struct hv_error err;
	const json_t *sleep = hv_checkin_factor("sleep"), *mood = hv_checkin_factor("mood");
	json_t *v = hv_checkin_factor_parse(sleep, "7.5", &err);
	assert_true(json_is_real(v) && json_real_value(v) == 7.5);
	json_decref(v);
	v = hv_checkin_factor_parse(sleep, "6,25", &err);
	assert_true(json_number_value(v) == 6.25);
	json_decref(v);
	v = hv_checkin_factor_parse(sleep, "8", &err);
	assert_true(json_is_integer(v));
	json_decref(v);
	assert_null(hv_checkin_factor_parse(sleep, "lots", &err));
	assert_non_null(strstr(err.msg, "hours"));
	assert_null(hv_checkin_factor_parse(sleep, "nan", &err));
	assert_null(hv_checkin_factor_parse(sleep, "", &err));
	assert_null(hv_checkin_factor_parse(mood, "6.5", &err));
	assert_null(hv_checkin_factor_parse(mood, "6,0", &err));
	assert_null(hv_checkin_factor_parse(mood, "11", &err));
	v = hv_checkin_factor_parse(mood, "10", &err);
	assert_int_equal(json_integer_value(v), 10);
	json_decref(v);
}

static void test_own(void **state)
{
	(void)state;
	const char *db = "test_checkin_factors.db";
	unlink(db);
	struct hv_store *st;
	struct hv_error err;
	assert_int_equal(hv_store_open(&st, db, &err), 0);
	assert_int_equal(hv_checkin_own_add(st, "  Therapy day ", NULL, &err), 0);
	assert_int_equal(hv_checkin_own_add(st, "THERAPY DAY", NULL, &err), -1);
	assert_non_null(strstr(err.msg, "already have"));
	assert_int_equal(hv_checkin_own_add(st, "saw my ex", NULL, &err), 0);
	json_t *two_lines = json_pack("{s:s}", "name", "a\nb");
	assert_int_equal(hv_kind_validate(HV_FACTOR_KIND, two_lines, &err), -1);
	json_decref(two_lines);

	/* An own factor by any case; stored as spelled when added. */
	json_t *b = json_pack("{s:{s:b,s:b}}", "own", "therapy DAY", 1, "Saw My Ex", 0);
	struct hv_record r;
	assert_int_equal(hv_checkin_add(st, b, 1000, &r, &err), 0);
	json_decref(b);
	const json_t *own = json_object_get(r.body, "own");
	assert_true(json_is_true(json_object_get(own, "Therapy day")));
	assert_true(json_is_false(json_object_get(own, "saw my ex")));
	hv_record_release(&r);

	/* One it lacks: refused, nothing written. */
	int64_t n0, n1;
	hv_store_count(st, HV_CHECKIN_KIND, &n0, &err);
	b = json_pack("{s:i,s:{s:b}}", "distress", 3, "own", "gym", 1);
	assert_int_equal(hv_checkin_add(st, b, 2000, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "unknown factor \"gym\""));
	json_decref(b);
	hv_store_count(st, HV_CHECKIN_KIND, &n1, &err);
	assert_int_equal(n0, n1);

	/* Removed: gone from the list, unknown to new check-ins. */
	assert_int_equal(hv_checkin_own_remove(st, "saw my ex", &err), 0);
	assert_int_equal(hv_checkin_own_remove(st, "saw my ex", &err), -1);
	assert_int_equal(err.code, HV_ENOTFOUND);
	json_t *list = hv_checkin_own_list(st, &err);
	assert_int_equal(json_array_size(list), 1);
	json_decref(list);

	/* The last answers: newest first, older ones fill what is missing. */
	b = json_pack("{s:{s:i,s:f}}", "factors", "mood", 4, "sleep", 6.5);
	assert_int_equal(hv_checkin_add(st, b, 3000, NULL, &err), 0);
	json_decref(b);
	b = json_pack("{s:{s:i}}", "factors", "mood", 8);
	assert_int_equal(hv_checkin_add(st, b, 4000, NULL, &err), 0);
	json_decref(b);
	json_t *last = hv_checkin_last(st, &err);
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(last, "factors"), "mood")), 8);
	assert_true(json_real_value(json_object_get(json_object_get(last, "factors"), "sleep")) ==
	            6.5);
	assert_true(json_is_true(json_object_get(json_object_get(last, "own"), "Therapy day")));
	json_decref(last);
	hv_store_close(st);
	unlink(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_validate),
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_own),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
