/*
 * test_text.c — a person's words at the edges: hv_text_printable turns
 * control characters into visible pictures for a terminal, hv_json_text
 * keeps words that are not UTF-8 so the feature can refuse them by name,
 * and hv_json_bad_text_field names the field of a JSON text that holds them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/record.h"
#include "core/text.h"

static void expect_printable(const char *in, int one_line, const char *want)
{
	char *got = hv_text_printable(in, one_line);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_printable(void **state)
{
	(void)state;
	expect_printable("plain words, café, 🙂", 0, "plain words, café, 🙂");
	expect_printable("\x1b[31mred\x1b[0m", 0, "␛[31mred␛[0m");
	expect_printable("title \x1b]0;x\a", 0, "title ␛]0;x␇");
	expect_printable("cr\rback", 0, "cr␍back");
	expect_printable("del\x7f", 0, "del␡");
	expect_printable("c1 \xc2\x9b"
	                 "2J",
	                 0,
	                 "c1 \xef\xbf\xbd"
	                 "2J");
	expect_printable("bad \xe9 byte", 0, "bad \xef\xbf\xbd byte");
	expect_printable("two\nlines\tand a tab", 0, "two\nlines\tand a tab");
	expect_printable("two\nlines\tand a tab", 1, "two lines and a tab");
	expect_printable("", 0, "");
	/* The worst case for the buffer: every byte a three-byte picture. */
	expect_printable("\x01\x02\x03", 0, "␁␂␃");
}

static void test_json_text_keeps_bytes(void **state)
{
	(void)state;
	assert_null(json_string("caf\xe9")); /* why hv_json_text exists */
	json_t *body = json_object();
	json_object_set_new(body, "thoughts", hv_json_text("caf\xe9 with Ana"));
	assert_string_equal(json_string_value(json_object_get(body, "thoughts")),
	                    "caf\xe9 with Ana");
	struct hv_error err;
	assert_int_equal(hv_body_tidy_text(body, "thoughts", &err), -1);
	assert_int_equal(err.code, HV_EINVAL);
	assert_non_null(strstr(err.msg, "thoughts is not valid UTF-8"));
	json_object_set_new(body, "what", hv_json_text("  fine  "));
	assert_int_equal(hv_body_tidy_text(body, "what", &err), 0);
	assert_string_equal(json_string_value(json_object_get(body, "what")), "fine");
	json_decref(body);
	assert_null(hv_json_text(NULL));
}

static void expect_field(const char *json, const char *want)
{
	char field[64];
	int rc = hv_json_bad_text_field(json, strlen(json), field, sizeof field);
	if (!want) {
		assert_int_equal(rc, -1);
		return;
	}
	assert_int_equal(rc, 0);
	assert_string_equal(field, want);
}

static void test_bad_text_field(void **state)
{
	(void)state;
	expect_field("{\"intensity\":5,\"thoughts\":\"caf\xe9\"}", "thoughts");
	expect_field("{\"what\":\"ok\",\"reflection\":{\"friend\":\"\xff\"}}", "reflection.friend");
	expect_field("{\"emotions\":[\"calm\",\"caf\xe9\"]}", "emotions item 2");
	expect_field("{\"caf\xe9\":1}", "(a field's name)");
	expect_field("{\"what\":\"half \xe2\x82\"}", "what"); /* a cut-off character */
	expect_field("{\"what\":\"café\"}", NULL);            /* UTF-8: nothing to name */
	expect_field("{\"what\":\"caf\xe9", NULL);            /* not JSON even so */
	expect_field("", NULL);
}

/* A body's first key outside the known ones, or none. */
static void test_unknown_key(void **state)
{
	(void)state;
	static const char *const known[] = {"what", "when", NULL}, *const none[] = {NULL};
	json_t *body = json_pack("{s:s,s:i}", "what", "a walk", "when", 3);
	assert_null(hv_body_unknown_key(body, known));
	json_object_set_new(body, "wehn", json_true());
	assert_string_equal(hv_body_unknown_key(body, known), "wehn");
	assert_string_equal(hv_body_unknown_key(body, none), "what");
	json_t *empty = json_object();
	assert_null(hv_body_unknown_key(empty, none));
	json_decref(empty);
	json_decref(body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_printable),
	    cmocka_unit_test(test_json_text_keeps_bytes),
	    cmocka_unit_test(test_bad_text_field),
	    cmocka_unit_test(test_unknown_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
