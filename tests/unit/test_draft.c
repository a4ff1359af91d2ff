/*
 * test_draft.c — entries kept unfinished (core/draft.c): a draft's body is
 * checked the way import and merge check it, keeping one makes a record
 * listed newest first and by the kind it will become, keeping it again
 * from a resumed draft rewrites that one, and letting it go leaves none.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/draft.h"
#include "core/store.h"
#include "refusal.h"

static void expect_invalid(const char *json, const char *words)
{
	refused_by(hv_draft_validate, json, HV_EINVAL, words);
}

static void test_validate(void **state)
{
	(void)state;
	struct hv_error err;
	json_t *ok = json_loads(
	    "{\"of\":\"trigger\",\"body\":{\"what\":\"x\"},\"step\":\"thoughts\"}", 0, NULL);
	assert_int_equal(hv_draft_validate(ok, &err), 0);
	json_object_del(ok, "step");
	assert_int_equal(hv_draft_validate(ok, &err), 0);
	json_decref(ok);
	expect_invalid("{\"body\":{}}", "\"of\"");
	expect_invalid("{\"of\":\"Not A Kind\",\"body\":{}}", "\"of\"");
	expect_invalid("{\"of\":\"entry-draft\",\"body\":{}}", "\"of\"");
	expect_invalid("{\"of\":\"trigger\"}", "\"body\"");
	expect_invalid("{\"of\":\"trigger\",\"body\":[]}", "\"body\"");
	expect_invalid("{\"of\":\"trigger\",\"body\":{},\"step\":\"\"}", "\"step\"");
	expect_invalid("{\"of\":\"trigger\",\"body\":{},\"step\":7}", "\"step\"");
	expect_invalid("{\"of\":\"trigger\",\"body\":{},\"extra\":1}", "\"extra\"");
}

static void test_keep_resume_drop(void **state)
{
	(void)state;
	const char *name = "test_draft.db";
	struct hv_store *st = NULL;
	struct hv_error err;
	unlink(name);
	assert_int_equal(hv_store_open(&st, name, &err), 0);
	struct hv_record r, newest;
	assert_int_equal(hv_draft_newest(st, "trigger", &newest, &err), 0);

	json_t *body = json_pack("{s:s}", "what", "no reply since lunch");
	assert_int_equal(hv_draft_keep(st, "trigger", body, "thoughts", 1000000, NULL, &r, &err),
	                 0);
	assert_int_equal(r.created_ms, 1000000);
	json_t *other = json_pack("{s:s}", "situation", "a late call");
	assert_int_equal(hv_draft_keep(st, "thought", other, NULL, 2000000, NULL, NULL, &err), 0);

	json_t *all = hv_draft_list(st, NULL, &err), *mine = hv_draft_list(st, "trigger", &err);
	assert_int_equal(json_array_size(all), 2);
	assert_int_equal(json_array_size(mine), 1);
	assert_string_equal(json_string_value(json_object_get(
	                        json_object_get(json_array_get(all, 0), "body"), "of")),
	                    "thought"); /* newest first */
	json_decref(all);
	json_decref(mine);

	/* Resumed and stopped again: the same draft, rewritten. */
	assert_int_equal(hv_draft_newest(st, "trigger", &newest, &err), 1);
	assert_string_equal(newest.id, r.id);
	json_object_set_new(body, "thoughts", json_string("they are pulling away"));
	assert_int_equal(hv_draft_keep(st, "trigger", body, "body", 0, newest.id, NULL, &err), 0);
	hv_record_release(&newest);
	assert_int_equal(hv_draft_newest(st, "trigger", &newest, &err), 1);
	assert_string_equal(newest.id, r.id);
	assert_int_equal(newest.created_ms, 1000000);
	assert_string_equal(json_string_value(json_object_get(newest.body, "step")), "body");
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(newest.body, "body"), "thoughts")),
	    "they are pulling away");
	all = hv_draft_list(st, "trigger", &err);
	assert_int_equal(json_array_size(all), 1);
	json_decref(all);

	/* Let go: gone for good. */
	assert_int_equal(hv_draft_drop(st, newest.id, &err), 0);
	hv_record_release(&newest);
	assert_int_equal(hv_draft_newest(st, "trigger", &newest, &err), 0);
	all = hv_draft_list(st, NULL, &err);
	assert_int_equal(json_array_size(all), 1);
	json_decref(all);

	hv_record_release(&r);
	json_decref(body);
	json_decref(other);
	hv_store_close(st);
	unlink(name);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_validate),
	    cmocka_unit_test(test_keep_resume_drop),
	};
	return cmocka_run_group_tests_name("draft", tests, NULL, NULL);
}
