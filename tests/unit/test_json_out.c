/*
 * test_json_out.c — hv_json_out writes exactly what json_dumps writes
 * with the command line's flags: every kind of value, every escape, empty
 * and nested containers, keys in the order they were set, and the whole
 * corpus of findings check and coach print; and it leaves to jansson what
 * it should (bytes that are not UTF-8, a lone scalar), by answering NULL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/json-out.h"
#include "patterns/patterns.h"
#include "source-dir.h"

#define FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

/* j written both ways must be the same bytes; j is taken. */
static void same(json_t *j)
{
	assert_non_null(j);
	char *want = json_dumps(j, FLAGS);
	size_t len = 0;
	char *got = hv_json_out(j, &len);
	assert_non_null(want);
	assert_non_null(got);
	assert_string_equal(got, want);
	assert_int_equal(len, strlen(want));
	free(want);
	free(got);
	json_decref(j);
}

static void test_scalars_and_containers(void **state)
{
	(void)state;
	same(json_object());
	same(json_array());
	same(json_pack("{s:i,s:i,s:I,s:I,s:b,s:b,s:n,s:s}", "zero", 0, "neg", -17, "big",
	               (json_int_t)INT64_MAX, "small", (json_int_t)INT64_MIN, "yes", 1, "no", 0,
	               "nothing", "text", "plain"));
	same(json_pack("{s:f,s:f,s:f,s:f,s:f}", "half", 0.5, "whole", 3.0, "tiny", 1e-7, "huge",
	               1.5e300, "third", 1.0 / 3));
	same(
	    json_loads("[[], {}, [[]], {\"a\": {}}, [1, [2, [3, -0.25]]], [true, null]]", 0, NULL));
	same(json_pack("{s:[{s:s,s:i}],s:{s:[]}}", "findings", "kind", "labeling", "start", 4,
	               "empty", "list"));
}

static void test_escapes(void **state)
{
	(void)state;
	char all[0x80];
	for (int c = 1; c < 0x80; c++)
		all[c - 1] = (char)c;
	all[0x7f] = '\0';
	same(json_pack("{s:s}", "ascii", all));
	same(json_pack("[s,s,s]", "quote \" back \\ slash /", "tab\tnew\nline\rret",
	               "é ü 中文 😀 \xe2\x80\xa8"));
	/* a NUL inside a string and inside a key */
	json_t *o = json_object();
	json_object_set_new(o, "nul", json_stringn("a\0b", 3));
	json_object_setn_new(o, "k\0y", 3, json_integer(1));
	same(o);
	/* keys in the order they were set, not sorted */
	same(json_pack("{s:i,s:i,s:i}", "z", 1, "a", 2, "m", 3));
}

static void test_left_to_jansson(void **state)
{
	(void)state;
	const char *bad[] = {"\xff",     "\xc0\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80",
	                     "\xe2\x82", "\xc3"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		json_t *j = json_pack("[o]", json_string_nocheck(bad[i]));
		assert_null(hv_json_out(j, NULL));
		assert_null(json_dumps(j, FLAGS)); /* the caller's answer: the same refusal */
		json_decref(j);
	}
	json_t *s = json_string("alone");
	assert_null(hv_json_out(s, NULL));
	json_decref(s);
}

/* Every line of the development corpora, read by check, written both ways. */
static void test_findings(void **state)
{
	(void)state;
	char path[8192];
	source_path(path, sizeof path, "tests/corpus/thoughts.tsv");
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char line[8192];
	int n = 0;
	while (fgets(line, sizeof line, f)) {
		const char *tab = strchr(line, '\t');
		if (line[0] == '#' || !tab)
			continue;
		struct hv_error err;
		json_t *res = hv_check(tab + 1, strlen(tab + 1), &err);
		same(res);
		n++;
	}
	fclose(f);
	assert_true(n > 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_scalars_and_containers),
	    cmocka_unit_test(test_escapes),
	    cmocka_unit_test(test_left_to_jansson),
	    cmocka_unit_test(test_findings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
