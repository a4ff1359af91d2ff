/*
 * test_image.c — build-time images: an image is taken only when its
 * kind, format, layout and source are this build's, and each of the four
 * alone is enough to refuse it; the buffer one is laid out in aligns what
 * is put in it, pads with zeros, and keeps all of it as it grows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/content.h"
#include "core/image.h"

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

static void test_the_buffer_aligns_pads_and_grows(void **state)
{
	(void)state;
	struct hv_image_buf b = {0};
	assert_int_equal(hv_image_buf_put(&b, "abc", 3, 8), 0);
	assert_int_equal(hv_image_buf_put(&b, "de", 2, 8), 8);  /* the next multiple of 8 */
	assert_memory_equal(b.p, "abc\0\0\0\0\0de", 10);        /* zeros between */
	assert_int_equal(hv_image_buf_put(&b, "f", 1, 3), 12);  /* any alignment */
	assert_int_equal(hv_image_buf_put(&b, NULL, 0, 1), 13); /* nothing put: where it would go */
	static char big[200000];
	memset(big, 'x', sizeof big);
	size_t at = hv_image_buf_put(&b, big, sizeof big, 16);
	assert_int_equal(at, 16);
	assert_true(b.cap >= at + sizeof big);
	assert_memory_equal(b.p, "abc\0\0\0\0\0de", 10); /* kept as it grew */
	assert_int_equal(b.p[at + sizeof big - 1], 'x');
	assert_false(b.failed);
	free(b.p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_a_stamp_fits_what_made_it),
	    cmocka_unit_test(test_each_fact_alone_refuses),
	    cmocka_unit_test(test_layout_folds_every_size_in_order),
	    cmocka_unit_test(test_the_buffer_aligns_pads_and_grows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
