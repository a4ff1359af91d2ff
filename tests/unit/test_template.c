/*
 * test_template.c — the one "{slot}" filler: a slot used many times, long
 * values, unknown slots and unclosed braces.  The fillers it replaced sized
 * their buffer as four times each value, so a slot used five times wrote
 * past the end of the heap buffer; under AddressSanitizer (make check-san)
 * the first two cases stop such a filler.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/template.h"

static void expect_fill(const char *tmpl, const char *const *kv, const char *want)
{
	char *got = hv_template_fill(tmpl, kv);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_plain_slots(void **state)
{
	(void)state;
	const char *kv[] = {"n", "3", "label", "Box breathing", NULL};
	expect_fill("{label}: {n} times", kv, "Box breathing: 3 times");
	expect_fill("no slots at all", kv, "no slots at all");
	expect_fill("", kv, "");
	expect_fill("{n}", kv, "3");
	expect_fill("{n}{n}{label}", kv, "33Box breathing");
}

static void test_slot_used_many_times(void **state)
{
	(void)state;
	const char *kv[] = {"x", "abcdefgh", NULL};
	expect_fill("{x}{x}{x}{x}{x}{x}{x}", kv,
	            "abcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefgh");
	/* Fifty uses of a one-byte value: far past four times its length. */
	char tmpl[50 * 3 + 1] = "", want[51] = "";
	const char *one[] = {"x", "y", NULL};
	for (int i = 0; i < 50; i++) {
		strcat(tmpl, "{x}");
		strcat(want, "y");
	}
	expect_fill(tmpl, one, want);
}

static void test_long_value(void **state)
{
	(void)state;
	size_t n = 100000;
	char *v = malloc(n + 1);
	assert_non_null(v);
	memset(v, 'v', n);
	v[n] = '\0';
	const char *kv[] = {"v", v, NULL};
	char *got = hv_template_fill("<{v}|{v}|{v}|{v}|{v}>", kv);
	assert_non_null(got);
	assert_int_equal(strlen(got), 5 * n + 6);
	assert_int_equal(got[0], '<');
	assert_int_equal(got[5 * n + 5], '>');
	free(got);
	free(v);
}

static void test_unknown_slot_stays(void **state)
{
	(void)state;
	const char *kv[] = {"n", "3", NULL};
	expect_fill("{m} and {n}", kv, "{m} and 3");
	expect_fill("{nn} {n}", kv, "{nn} 3");
	expect_fill("{} {N}", kv, "{} {N}");
	expect_fill("{n}", NULL, "{n}");
}

static void test_unclosed_brace(void **state)
{
	(void)state;
	const char *kv[] = {"n", "3", NULL};
	expect_fill("ends with {n", kv, "ends with {n");
	expect_fill("{", kv, "{");
	expect_fill("{{n}}", kv, "{3}");
	expect_fill("}{n}{", kv, "}3{");
}

static void test_null_value_and_template(void **state)
{
	(void)state;
	const char *kv[] = {"a", NULL, "b", "B", NULL};
	expect_fill("[{a}][{b}]", kv, "[][B]");
	expect_fill(NULL, kv, "");
	/* A value holding a slot is not filled again. */
	const char *loop[] = {"a", "{a}", NULL};
	expect_fill("{a}{a}", loop, "{a}{a}");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plain_slots),    cmocka_unit_test(test_slot_used_many_times),
	    cmocka_unit_test(test_long_value),     cmocka_unit_test(test_unknown_slot_stays),
	    cmocka_unit_test(test_unclosed_brace), cmocka_unit_test(test_null_value_and_template),
	};
	return cmocka_run_group_tests_name("template", tests, NULL, NULL);
}
