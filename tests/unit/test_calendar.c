/*
 * test_calendar.c — core's small arithmetic: division that rounds down,
 * leap years, month lengths, weekdays before and after 1970, and the
 * nearly-sorted sort that insights and chat import share.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/calendar.h"
#include "core/nearsort.h"

static void test_floor_div(void **state)
{
	(void)state;
	assert_int_equal(hv_floor_div(7, 7), 1);
	assert_int_equal(hv_floor_div(6, 7), 0);
	assert_int_equal(hv_floor_div(0, 7), 0);
	assert_int_equal(hv_floor_div(-1, 7), -1);
	assert_int_equal(hv_floor_div(-7, 7), -1);
	assert_int_equal(hv_floor_div(-8, 7), -2);
	assert_int_equal(hv_floor_div(7, -7), -1);
	assert_int_equal(hv_floor_div(8, -7), -2);
	assert_int_equal(hv_floor_div(-8, -7), 1);
	assert_int_equal(hv_floor_div(-1, 86400000), -1);
}

static void test_leap_and_month_lengths(void **state)
{
	(void)state;
	assert_true(hv_leap_year(2024));
	assert_true(hv_leap_year(2000));
	assert_false(hv_leap_year(1900));
	assert_false(hv_leap_year(2026));
	assert_int_equal(hv_days_in_month(2024, 2), 29);
	assert_int_equal(hv_days_in_month(2100, 2), 28);
	assert_int_equal(hv_days_in_month(2026, 1), 31);
	assert_int_equal(hv_days_in_month(2026, 4), 30);
	assert_int_equal(hv_days_in_month(2026, 12), 31);
	assert_int_equal(hv_days_in_month(2026, 0), 0);
	assert_int_equal(hv_days_in_month(2026, 13), 0);
}

static void test_weekday(void **state)
{
	(void)state;
	assert_int_equal(hv_weekday_of_day(0), 3);     /* 1970-01-01, a Thursday */
	assert_int_equal(hv_weekday_of_day(4), 0);     /* the Monday after */
	assert_int_equal(hv_weekday_of_day(-1), 2);    /* 1969-12-31, a Wednesday */
	assert_int_equal(hv_weekday_of_day(-4), 6);    /* a Sunday */
	assert_int_equal(hv_weekday_of_day(20460), 2); /* 2026-01-07, a Wednesday */
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

struct big {
	int key;
	char pad[300]; /* wider than the sort's own buffer */
};

static int cmp_big(const void *a, const void *b)
{
	return cmp_int(&((const struct big *)a)->key, &((const struct big *)b)->key);
}

static void expect_sorted(int *v, size_t n)
{
	assert_int_equal(hv_sort_nearly(v, n, sizeof *v, cmp_int), 0);
	for (size_t i = 1; i < n; i++)
		assert_true(v[i - 1] <= v[i]);
}

static void test_sort_nearly(void **state)
{
	(void)state;
	int few[] = {1, 3, 2, 4, 6, 5, 7};
	expect_sorted(few, 7);
	assert_int_equal(few[1], 2);
	expect_sorted(few, 0);
	expect_sorted(few, 1);
	/* Backwards: far past nearly in order, so qsort takes over. */
	size_t n = 5000;
	int *v = malloc(n * sizeof *v);
	assert_non_null(v);
	for (size_t i = 0; i < n; i++)
		v[i] = (int)(n - i);
	expect_sorted(v, n);
	assert_int_equal(v[0], 1);
	free(v);
	struct big b[4] = {{.key = 3}, {.key = 1}, {.key = 2}, {.key = 0}};
	strcpy(b[1].pad, "one");
	assert_int_equal(hv_sort_nearly(b, 4, sizeof *b, cmp_big), 0);
	assert_int_equal(b[0].key, 0);
	assert_int_equal(b[1].key, 1);
	assert_string_equal(b[1].pad, "one");
	assert_int_equal(b[3].key, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_floor_div),
	    cmocka_unit_test(test_leap_and_month_lengths),
	    cmocka_unit_test(test_weekday),
	    cmocka_unit_test(test_sort_nearly),
	};
	return cmocka_run_group_tests_name("calendar", tests, NULL, NULL);
}
