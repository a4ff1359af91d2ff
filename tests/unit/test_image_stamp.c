/*
 * test_image_stamp.c — the stamp build-time images open with: an image is
 * taken only when its kind, format, layout and source are this build's,
 * and each of the four alone is enough to refuse it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/content.h"
#include "core/image-stamp.h"

static const char source[] = "kind\tword\tweight\nhostility\tnice\t1200\n";

static void stamp(struct hv_image_stamp *s)
{
	hv_image_stamp_set(s, "hvtest", 3, 77, sizeof source - 1,
	                   hv_content_fingerprint(source, sizeof source - 1));
}

static void test_a_stamp_fits_what_made_it(void **state)
{
	(void)state;
	struct hv_image_stamp s;
	stamp(&s);
	assert_memory_equal(s.magic, "hvtest\0\0", 8); /* padded, nothing left over */
	assert_true(hv_image_stamp_is(&s, "hvtest", 3, 77));
	assert_true(hv_image_stamp_from(&s, source, sizeof source - 1));
}

static void test_each_fact_alone_refuses(void **state)
{
	(void)state;
	struct hv_image_stamp s;
	stamp(&s);
	assert_false(hv_image_stamp_is(&s, "hvtesu", 3, 77)); /* another kind */
	assert_false(hv_image_stamp_is(&s, "hvtes", 3, 77));  /* a prefix is another kind */
	assert_false(hv_image_stamp_is(&s, "hvtest", 4, 77)); /* another format */
	assert_false(hv_image_stamp_is(&s, "hvtest", 3, 78)); /* another build's layout */
	assert_false(hv_image_stamp_from(&s, source, sizeof source - 2)); /* other length */
	char other[sizeof source];
	memcpy(other, source, sizeof source);
	other[20] ^= 1; /* same length, other bytes */
	assert_false(hv_image_stamp_from(&s, other, sizeof source - 1));
}

static void test_layout_folds_every_size_in_order(void **state)
{
	(void)state;
	const size_t a[] = {8, 16, 24}, b[] = {16, 8, 24}, c[] = {8, 16, 25};
	assert_int_equal(hv_image_layout(a, 3), hv_image_layout(a, 3));
	assert_int_not_equal(hv_image_layout(a, 3), hv_image_layout(b, 3));
	assert_int_not_equal(hv_image_layout(a, 3), hv_image_layout(c, 3));
	assert_int_not_equal(hv_image_layout(a, 3), hv_image_layout(a, 2));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_a_stamp_fits_what_made_it),
	    cmocka_unit_test(test_each_fact_alone_refuses),
	    cmocka_unit_test(test_layout_folds_every_size_in_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
