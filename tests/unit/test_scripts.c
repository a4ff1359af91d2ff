/*
 * test_scripts.c — `haven say`'s scripts (coach/scripts.c): the four
 * offered in their order with their phrases from data/scripts.json, a
 * person's own version kept as a record and listed under its script only,
 * and a kept script's body checked the way import and merge check it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "coach/scripts.h"
#include "core/store.h"

static void expect_invalid(const char *json, const char *words)
{
	json_t *b = json_loads(json, 0, NULL);
	struct hv_error err;
	assert_int_equal(hv_script_validate(b, &err), -1);
	assert_int_equal(err.code, HV_EINVAL);
	if (!strstr(err.msg, words))
		fail_msg("\"%s\": message \"%s\" lacks \"%s\"", json, err.msg, words);
	json_decref(b);
}

static void test_the_four_in_order(void **state)
{
	(void)state;
	const json_t *names = hv_script_names();
	assert_int_equal(json_array_size(names), 4);
	const char *want[] = {"break", "no", "repair", "ask"};
	for (size_t i = 0; i < 4; i++) {
		assert_string_equal(json_string_value(json_array_get(names, i)), want[i]);
		struct hv_error err;
		json_t *s = hv_script_json(NULL, want[i], &err);
		assert_non_null(s);
		assert_true(json_array_size(json_object_get(s, "phrases")) >= 3);
		assert_non_null(json_string_value(json_object_get(s, "remember")));
		assert_int_equal(json_array_size(json_object_get(s, "yours")), 0);
		json_decref(s);
	}
	struct hv_error err;
	assert_null(hv_script_json(NULL, "shout", &err));
	assert_non_null(strstr(err.msg, "break, no, repair or ask"));
	assert_false(hv_script_known(NULL));
}

static void test_validate(void **state)
{
	(void)state;
	struct hv_error err;
	json_t *ok = json_pack("{s:s,s:s}", "script", "repair", "text", "That came out wrong.");
	assert_int_equal(hv_script_validate(ok, &err), 0);
	json_decref(ok);
	expect_invalid("{\"script\": \"shout\", \"text\": \"x\"}", "break, no, repair or ask");
	expect_invalid("{\"text\": \"x\"}", "break, no, repair or ask");
	expect_invalid("{\"script\": \"no\", \"text\": \"\"}", "your own words");
	expect_invalid("{\"script\": \"no\", \"text\": 7}", "your own words");
	expect_invalid("{\"script\": \"no\", \"text\": \"No.\", \"mood\": 3}",
	               "only script and text");
	expect_invalid("[]", "JSON object");
	char *long_text = malloc(HV_SCRIPT_MAX + 2);
	memset(long_text, 'a', HV_SCRIPT_MAX + 1);
	long_text[HV_SCRIPT_MAX + 1] = '\0';
	json_t *big = json_pack("{s:s,s:s}", "script", "no", "text", long_text);
	assert_int_equal(hv_script_validate(big, &err), -1);
	json_decref(big);
	free(long_text);
}

static void test_keep_and_list(void **state)
{
	(void)state;
	const char *name = "test_scripts.db";
	struct hv_store *st = NULL;
	struct hv_error err;
	unlink(name);
	assert_int_equal(hv_store_open(&st, name, &err), 0);
	struct hv_record r;
	assert_int_equal(hv_script_keep(st, "ask", "Could we have dinner on Friday?", &r, &err), 0);
	assert_string_equal(r.kind, HV_SCRIPT_KIND);
	hv_record_release(&r);
	assert_int_equal(hv_script_keep(st, "ask", "A hug when you get home?", &r, &err), 0);
	hv_record_release(&r);
	assert_int_equal(hv_script_keep(st, "shout", "LOUD", &r, &err), -1);
	assert_int_equal(hv_script_keep(st, "no", "caf\xe9", &r, &err), -1); /* not UTF-8 */

	json_t *ask = hv_script_json(st, "ask", &err);
	assert_non_null(ask);
	const json_t *yours = json_object_get(ask, "yours");
	assert_int_equal(json_array_size(yours), 2);
	/* both kept, whatever their order: two made in one millisecond tie */
	int hug = 0, dinner = 0;
	for (size_t i = 0; i < 2; i++) {
		const char *t = json_string_value(
		    json_object_get(json_object_get(json_array_get(yours, i), "body"), "text"));
		hug += !strcmp(t, "A hug when you get home?");
		dinner += !strcmp(t, "Could we have dinner on Friday?");
	}
	assert_int_equal(hug + dinner, 2);
	assert_int_equal(hug, 1);
	json_decref(ask);
	json_t *no = hv_script_json(st, "no", &err);
	assert_int_equal(json_array_size(json_object_get(no, "yours")), 0);
	json_decref(no);
	hv_store_close(st);
	unlink(name);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_the_four_in_order),
	    cmocka_unit_test(test_validate),
	    cmocka_unit_test(test_keep_and_list),
	};
	return cmocka_run_group_tests_name("scripts", tests, NULL, NULL);
}
