/*
 * test_content.c — the embedded data files: every one is valid JSON, and
 * lookups by a name the caller later overwrites stay right (the cache once
 * kept the caller's pointer), and threads asking at once all get the one
 * parsed copy.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/content.h"

static void check_one(const char *name, const char *bytes, size_t len, void *ctx)
{
	(void)bytes, (void)len;
	size_t n = strlen(name);
	if (n > 5 && strcmp(name + n - 5, ".json") == 0) {
		struct hv_error err;
		if (!hv_content_json(name, &err))
			fail_msg("%s", err.msg);
		(*(int *)ctx)++;
	}
}

/* Each thread asks for the same files in the same order, from a cold
 * cache: every one must see the same parsed copy of each. */
#define ASKERS 4
static const char *const asked[] = {"patterns.json", "coach.json", "triggers.json",
                                    "crisis-lines.json"};
static void *ask_all(void *out)
{
	const json_t **got = out;
	for (size_t i = 0; i < sizeof asked / sizeof *asked; i++)
		got[i] = hv_content_json(asked[i], NULL);
	return NULL;
}

static void test_threads_share_one_copy(void **state)
{
	(void)state;
	enum { N = sizeof asked / sizeof *asked };
	const json_t *got[ASKERS][N];
	pthread_t th[ASKERS];
	for (int t = 0; t < ASKERS; t++)
		assert_int_equal(pthread_create(&th[t], NULL, ask_all, got[t]), 0);
	for (int t = 0; t < ASKERS; t++)
		pthread_join(th[t], NULL);
	for (size_t i = 0; i < N; i++) {
		assert_non_null(got[0][i]);
		for (int t = 1; t < ASKERS; t++)
			assert_ptr_equal(got[t][i], got[0][i]);
		assert_ptr_equal(hv_content_json(asked[i], NULL), got[0][i]);
	}
}

static void test_every_file_parses(void **state)
{
	(void)state;
	int n = 0;
	hv_content_each(check_one, &n);
	assert_true(n >= 6);
}

static void test_lookup_with_reused_name_buffer(void **state)
{
	(void)state;
	char name[32];
	strcpy(name, "home.json");
	const json_t *home = hv_content_json(name, NULL);
	strcpy(name, "insights.json");
	const json_t *insights = hv_content_json(name, NULL);
	assert_non_null(home);
	assert_non_null(insights);
	assert_ptr_not_equal(home, insights);
	assert_non_null(json_object_get(insights, "not_a_score"));
	strcpy(name, "home.json");
	assert_ptr_equal(hv_content_json(name, NULL), home);
	assert_null(hv_content_json("no-such-file.json", NULL));
}

static void test_text_paths(void **state)
{
	(void)state;
	assert_string_equal(hv_content_text("journal.json", "steps/0/id", "?"), "what");
	assert_string_equal(hv_content_text("journal.json", "steps/99/id", "fallback"), "fallback");
	assert_string_equal(hv_content_text("nope.json", "a", "fb"), "fb");
	/* The walk itself, over any JSON: keys, indexes, and nothing past a leaf. */
	json_t *j = json_pack("{s:{s:[i,s]}}", "a", "b", 7, "x");
	assert_int_equal(json_integer_value(hv_json_at(j, "a/b/0")), 7);
	assert_string_equal(json_string_value(hv_json_at(j, "a/b/1")), "x");
	assert_ptr_equal(hv_json_at(j, ""), j);
	assert_null(hv_json_at(j, "a/c"));
	assert_null(hv_json_at(j, "a/b/1/deeper"));
	assert_null(hv_json_at(NULL, "a"));
	json_decref(j);
}

/* A string in an array of them; keys joined, cut at a whole key. */
static void test_json_lists(void **state)
{
	(void)state;
	json_t *list = json_pack("[s,i,s]", "ok", 3, "fine");
	assert_true(hv_json_has_string(list, "fine"));
	assert_false(hv_json_has_string(list, "fin"));
	assert_false(hv_json_has_string(list, NULL));
	assert_false(hv_json_has_string(NULL, "ok"));
	json_decref(list);
	json_t *obj = json_pack("{s:i,s:i,s:i}", "box", 1, "square", 2, "478", 3);
	char buf[32], small[11]; /* "box, square" and its NUL are 12 */
	assert_string_equal(hv_json_keys_join(obj, buf, sizeof buf), "box, square, 478");
	assert_string_equal(hv_json_keys_join(obj, small, sizeof small), "box");
	json_t *none = json_object();
	assert_string_equal(hv_json_keys_join(none, buf, sizeof buf), "");
	json_decref(none);
	json_decref(obj);
}

static int by_int(const void *a, const void *b)
{
	json_int_t x = json_integer_value(*(json_t *const *)a);
	json_int_t y = json_integer_value(*(json_t *const *)b);
	return (x > y) - (x < y);
}

/* An array sorted in place; every element keeps one reference. */
static void test_json_array_sort(void **state)
{
	(void)state;
	json_t *arr = json_pack("[i,i,i,i]", 3, 1, 4, 2);
	json_t *four = json_array_get(arr, 2);
	assert_int_equal(hv_json_array_sort(arr, by_int), 0);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(json_integer_value(json_array_get(arr, i)), (json_int_t)i + 1);
	assert_ptr_equal(json_array_get(arr, 3), four);
	assert_int_equal(four->refcount, 1);
	json_t *empty = json_array();
	assert_int_equal(hv_json_array_sort(empty, by_int), 0);
	assert_int_equal(json_array_size(empty), 0);
	json_decref(empty);
	json_decref(arr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_threads_share_one_copy), /* first: the cache is cold */
	    cmocka_unit_test(test_every_file_parses),
	    cmocka_unit_test(test_lookup_with_reused_name_buffer),
	    cmocka_unit_test(test_text_paths),
	    cmocka_unit_test(test_json_lists),
	    cmocka_unit_test(test_json_array_sort),
	};
	return cmocka_run_group_tests_name("content", tests, NULL, NULL);
}
