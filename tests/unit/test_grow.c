/*
 * test_grow.c — room in a growing array: it starts at the first size,
 * doubles until the items fit, keeps what it held, and refuses a size
 * that would overflow without touching the array.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "core/grow.h"

static void test_grows_by_doubling(void **state)
{
	(void)state;
	int *v = NULL;
	size_t cap = 0;
	assert_int_equal(HV_GROW(v, cap, 1, 4), 0);
	assert_non_null(v);
	assert_int_equal(cap, 4);
	for (int i = 0; i < 4; i++)
		v[i] = i;
	assert_int_equal(HV_GROW(v, cap, 4, 4), 0); /* fits: nothing to do */
	assert_int_equal(cap, 4);
	assert_int_equal(HV_GROW(v, cap, 9, 4), 0);
	assert_int_equal(cap, 16);
	for (int i = 0; i < 4; i++)
		assert_int_equal(v[i], i);
	free(v);
}

static void test_refuses_overflow(void **state)
{
	(void)state;
	double *v = NULL;
	size_t cap = 0;
	assert_int_equal(HV_GROW(v, cap, 2, 0), 0); /* no first size: from one */
	assert_int_equal(cap, 2);
	double *was = v;
	assert_int_equal(HV_GROW(v, cap, SIZE_MAX / 4, 2), -1);
	assert_ptr_equal(v, was);
	assert_int_equal(cap, 2);
	assert_int_equal(HV_GROW(v, cap, SIZE_MAX, 2), -1);
	assert_int_equal(cap, 2);
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_grows_by_doubling),
	    cmocka_unit_test(test_refuses_overflow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
