/*
 * test_plane.c — the two dimensions together (assess/plane.h) from
 * histories built by hand: a point only for a result scored on both, per
 * target, the move since the take before rounded to two decimals (never
 * -0), nothing for an instrument that lacks a dimension or sums one, and
 * the SVG (report/plane.h) carrying the plain words it is given.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "assess/plane.h"
#include "report/plane.h"

static json_t *load(const char *s)
{
	json_error_t e;
	json_t *j = json_loads(s, 0, &e);
	if (!j)
		fail_msg("bad test JSON: %s", e.text);
	return j;
}

#define INST(anx, avo)                                                                             \
	"{\"scale\":{\"min\":1,\"max\":7},\"subscales\":[{\"id\":\"anxiety\",\"score\":\"" anx     \
	"\"},{\"id\":\"avoidance\",\"score\":\"" avo "\"}]}"

/* Two series, anxiety for results a, b, c and avoidance for a and c. */
static const char *history =
    "{\"series\":["
    "{\"subscale\":\"anxiety\",\"points\":["
    "{\"result\":\"a\",\"taken\":\"2026-01-01T00:00:00.000Z\",\"score\":4.5},"
    "{\"result\":\"b\",\"taken\":\"2026-02-01T00:00:00.000Z\",\"score\":4.0},"
    "{\"result\":\"c\",\"taken\":\"2026-03-01T00:00:00.000Z\",\"score\":3.33}]},"
    "{\"subscale\":\"avoidance\",\"points\":["
    "{\"result\":\"a\",\"taken\":\"2026-01-01T00:00:00.000Z\",\"score\":2.0},"
    "{\"result\":\"c\",\"taken\":\"2026-03-01T00:00:00.000Z\",\"score\":2.0}]}]}";

static void test_pairs_and_moves(void **state)
{
	(void)state;
	json_t *inst = load(INST("mean", "mean")), *h = load(history);
	json_t *p = hv_assess_plane(inst, h);
	assert_int_equal(json_array_size(p), 1);
	const json_t *e = json_array_get(p, 0);
	assert_null(json_object_get(e, "target"));
	const json_t *pts = json_object_get(e, "points");
	assert_int_equal(json_array_size(pts), 2); /* b has no avoidance score */
	assert_string_equal(json_string_value(json_object_get(json_array_get(pts, 1), "result")),
	                    "c");
	const json_t *m = json_object_get(e, "moved");
	/* 3.33 - 4.5 = -1.17; 2.0 - 2.0 = 0, not -0 */
	assert_true(json_real_value(json_object_get(m, "anxiety")) == -1.17);
	char *s = json_dumps(m, JSON_SORT_KEYS | JSON_COMPACT | JSON_REAL_PRECISION(15));
	assert_string_equal(s, "{\"anxiety\":-1.17,\"avoidance\":0.0}");
	free(s);
	assert_int_equal(json_integer_value(json_object_get(e, "max")), 7);
	json_decref(p);
	json_decref(inst);
	json_decref(h);
}

static void test_needs_both_means(void **state)
{
	(void)state;
	json_t *h = load(history);
	const char *insts[] = {
	    INST("mean", "sum"),
	    "{\"scale\":{\"min\":1,\"max\":7},\"subscales\":[{\"id\":\"anxiety\",\"score\":"
	    "\"mean\"}]}",
	    "{\"scale\":{\"min\":1,\"max\":5},\"subscales\":[]}",
	};
	for (size_t i = 0; i < sizeof insts / sizeof *insts; i++) {
		json_t *inst = load(insts[i]);
		json_t *p = hv_assess_plane(inst, h);
		assert_non_null(p);
		assert_int_equal(json_array_size(p), 0);
		json_decref(p);
		json_decref(inst);
	}
	json_decref(h);
}

static void test_targets_and_one_take(void **state)
{
	(void)state;
	json_t *inst = load(INST("mean", "mean"));
	json_t *h = load("{\"series\":["
	                 "{\"subscale\":\"anxiety\",\"target\":\"mother\",\"points\":[{\"result\":"
	                 "\"m\",\"taken\":\"t\",\"score\":2}]},"
	                 "{\"subscale\":\"avoidance\",\"target\":\"mother\",\"points\":[{"
	                 "\"result\":\"m\",\"taken\":\"t\",\"score\":3}]},"
	                 "{\"subscale\":\"anxiety\",\"target\":\"father\",\"points\":[{\"result\":"
	                 "\"f\",\"taken\":\"t\",\"score\":5}]},"
	                 "{\"subscale\":\"avoidance\",\"target\":\"partner\",\"points\":[{"
	                 "\"result\":\"p\",\"taken\":\"t\",\"score\":5}]}]}");
	json_t *p = hv_assess_plane(inst, h);
	/* only mother is scored on both */
	assert_int_equal(json_array_size(p), 1);
	const json_t *e = json_array_get(p, 0);
	assert_string_equal(json_string_value(json_object_get(e, "target")), "mother");
	assert_true(json_is_null(json_object_get(e, "moved")));
	const json_t *pt = json_array_get(json_object_get(e, "points"), 0);
	assert_int_equal(json_integer_value(json_object_get(pt, "anxiety")), 2);
	assert_int_equal(json_integer_value(json_object_get(pt, "avoidance")), 3);

	json_t *words = load("{\"title\":\"T\",\"title_for\":\"T for {target}\",\"anxiety\":"
	                     "\"Worry axis\",\"avoidance\":\"Distance axis\",\"desc\":\"Plain.\"}");
	char *svg = hv_chart_plane(e, words, 390);
	assert_non_null(svg);
	assert_non_null(strstr(svg, "T for mother"));
	assert_non_null(strstr(svg, "Worry axis"));
	assert_non_null(strstr(svg, "Distance axis"));
	assert_non_null(strstr(svg, "Plain."));
	free(svg);
	json_decref(words);
	json_decref(p);
	json_decref(inst);
	json_decref(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pairs_and_moves),
	    cmocka_unit_test(test_needs_both_means),
	    cmocka_unit_test(test_targets_and_one_take),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
