/*
 * test_assess.c — the questionnaire engine: fixed answer vectors scored
 * against results worked out by hand (the guide's instrument and ECR-R-,
 * ECR-S- and ECR-RS-keyed files with placeholder wording, reverse keys
 * included), the corpus of broken instrument files, answers parsing,
 * targets, results as records, resume state and history.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "source-dir.h"

#include "assess/assess.h"
#include "core/content.h"
#include "core/store.h"
#include "store-fixture.h"

static char root[PATH_MAX];

/* The tests run in a temporary directory; the fixtures are found from the
 * binary's own place: build/tests/test_assess or build-san/tests/…. */
static void find_root(void)
{
	source_path(root, sizeof root, "");
}

static json_t *fixture(const char *name)
{
	char path[PATH_MAX + 64];
	struct hv_error err;
	snprintf(path, sizeof path, "%s/tests/fixtures/instruments/%s", root, name);
	json_t *j = hv_instrument_load_file(path, &err);
	if (!j)
		fail_msg("%s", err.msg);
	return j;
}

static json_t *answers(const json_t *inst, const char *text)
{
	struct hv_error err;
	json_t *a = hv_answers_parse(inst, text, &err);
	if (!a)
		fail_msg("%s", err.msg);
	return a;
}

/* The score of subscale id in a scored result. */
static double sub_score(const json_t *scored, const char *id)
{
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(scored, "subscales"), i, s)
	{
		if (strcmp(json_string_value(json_object_get(s, "id")), id) == 0)
			return json_real_value(json_object_get(s, "score"));
	}
	fail_msg("no subscale %s", id);
	return -1;
}

static const json_t *sub_of(const json_t *scored, const char *id)
{
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(scored, "subscales"), i, s)
	{
		if (strcmp(json_string_value(json_object_get(s, "id")), id) == 0)
			return s;
	}
	return NULL;
}

static json_t *score_text(const json_t *inst, const char *text)
{
	struct hv_error err;
	json_t *a = answers(inst, text);
	json_t *s = hv_assess_score(inst, a, &err);
	if (!s)
		fail_msg("%s", err.msg);
	json_decref(a);
	return s;
}

/* "1=v1,2=v2,..." for items 1..n with answer ((i-1) % 7) + 1. */
static void cycle_answers(char *buf, size_t size, int n)
{
	size_t len = 0;
	for (int i = 1; i <= n; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%d=%d", i > 1 ? "," : "", i,
		                        (i - 1) % 7 + 1);
}

static void test_ecr_r_keys(void **state)
{
	(void)state;
	json_t *inst = fixture("ecr-r.json");
	char text[512];
	cycle_answers(text, sizeof text, 36);
	json_t *s = score_text(inst, text);
	/*
	 * Answers cycle 1..7.  Anxiety, items 1-18, reverse 9 and 11
	 * (9: 8-2 = 6, 11: 8-4 = 4):
	 *   1..7 = 28;  8..14 = 1+6+3+4+5+6+7 = 32;  15..18 = 1+2+3+4 = 10
	 *   70 / 18 = 3.888… → 3.89
	 * Avoidance, items 19-36 answered 5,6,7,1,2,3,4,5,6,7,1,2,3,4,5,6,7,1;
	 * reverse 20,22,26-31,33-36 gives
	 *   5,2,7,7,2,3,4,3,2,1,7,6,5,4,3,2,1,7 = 71;  71 / 18 = 3.944… → 3.94
	 */
	assert_float_equal(sub_score(s, "anxiety"), 3.89, 1e-9);
	assert_float_equal(sub_score(s, "avoidance"), 3.94, 1e-9);
	json_decref(s);
	/* All 7s: 16 forward + 2 reversed (1) → (16*7+2)/18 = 6.33; avoidance
	 * has 12 reversed: (6*7+12*1)/18 = 3.0. */
	size_t len = 0;
	for (int i = 1; i <= 36; i++)
		len +=
		    (size_t)snprintf(text + len, sizeof text - len, "%s%d=7", i > 1 ? "," : "", i);
	s = score_text(inst, text);
	assert_float_equal(sub_score(s, "anxiety"), 6.33, 1e-9);
	assert_float_equal(sub_score(s, "avoidance"), 3.0, 1e-9);
	json_decref(s);
	json_decref(inst);
}

static void test_ecr_s_keys(void **state)
{
	(void)state;
	json_t *inst = fixture("ecr-s.json");
	/*
	 * Anxiety 2,4,6,8,10,12 answered 2,4,6,1,3,5; 8 reversed → 7:
	 *   2+4+6+7+3+5 = 27; 27/6 = 4.5
	 * Avoidance 1,3,5,7,9,11 answered 1,3,5,7,2,4; 1,5,9 reversed → 7,3,6:
	 *   7+3+3+7+6+4 = 30; 30/6 = 5.0
	 */
	json_t *s = score_text(inst, "1=1,2=2,3=3,4=4,5=5,6=6,7=7,8=1,9=2,10=3,11=4,12=5");
	assert_float_equal(sub_score(s, "anxiety"), 4.5, 1e-9);
	assert_float_equal(sub_score(s, "avoidance"), 5.0, 1e-9);
	json_decref(s);
	/* 2=5,4=5,6=2,12=5, the rest 4: anxiety 5+5+2+4(8: 8-4)+4+5 = 25/6 = 4.17;
	 * avoidance all 4 (reversed 4 is 4) = 4.0 */
	s = score_text(inst, "1=4,2=5,3=4,4=5,5=4,6=2,7=4,8=4,9=4,10=4,11=4,12=5");
	assert_float_equal(sub_score(s, "anxiety"), 4.17, 1e-9);
	assert_float_equal(sub_score(s, "avoidance"), 4.0, 1e-9);
	assert_true(json_is_null(json_object_get(sub_of(s, "anxiety"), "band")));
	json_decref(s);
	json_decref(inst);
}

static void test_ecr_rs_targets(void **state)
{
	(void)state;
	json_t *inst = fixture("ecr-rs.json");
	struct hv_error err;
	/* Several targets: one must be named, and it must be one of them. */
	assert_int_equal(hv_target_check(inst, NULL, &err), -1);
	assert_int_equal(err.code, HV_EINVAL);
	assert_non_null(strstr(err.msg, "mother, father, partner, best-friend"));
	assert_int_equal(hv_target_check(inst, "cousin", &err), -1);
	assert_non_null(strstr(err.msg, "cousin"));
	assert_int_equal(hv_target_check(inst, "best-friend", &err), 0);
	/*
	 * Mother: avoidance = items 1-6, 1-4 reversed: 7,6,5,4,5,6 = 33/6 = 5.5;
	 * anxiety = items 7-9: 7+1+2 = 10/3 = 3.33
	 */
	json_t *s = score_text(inst, "1=1,2=2,3=3,4=4,5=5,6=6,7=7,8=1,9=2");
	assert_float_equal(sub_score(s, "avoidance"), 5.5, 1e-9);
	assert_float_equal(sub_score(s, "anxiety"), 3.33, 1e-9);
	json_decref(s);
	/* Partner, all 7: avoidance 1,1,1,1,7,7 = 18/6 = 3.0; anxiety 7.0 */
	s = score_text(inst, "1=7,2=7,3=7,4=7,5=7,6=7,7=7,8=7,9=7");
	assert_float_equal(sub_score(s, "avoidance"), 3.0, 1e-9);
	assert_float_equal(sub_score(s, "anxiety"), 7.0, 1e-9);
	json_decref(s);
	/* A single-target instrument refuses a target. */
	json_t *ecrs = fixture("ecr-s.json");
	assert_int_equal(hv_target_check(ecrs, "mother", &err), -1);
	assert_int_equal(hv_target_check(ecrs, NULL, &err), 0);
	json_decref(ecrs);
	json_decref(inst);
}

static json_t *guide(void)
{
	struct hv_error err;
	json_t *g = hv_instrument_find(NULL, "guide", &err);
	if (!g)
		fail_msg("%s", err.msg);
	return g;
}

static const char guide_first[] =
    "a1=4,a2=4,a3=3,a4=2,a5=1,a6=2,a7=2,a8=3,a9=5,a10=4,a11=3,a12=4,"
    "d1=2,d2=2,d3=3,d4=3,d5=4,d6=4,d7=3,d8=4,d9=1,d10=2,d11=2,d12=3,d13=3,d14=3,d15=4,d16=4";
static const char guide_second[] =
    "a1=2,a2=3,a3=2,a4=2,a5=1,a6=2,a7=2,a8=3,a9=3,a10=2,a11=3,a12=4,"
    "d1=3,d2=3,d3=3,d4=3,d5=4,d6=4,d7=3,d8=4,d9=3,d10=3,d11=3,d12=3,d13=3,d14=3,d15=4,d16=4";

static void test_guide_scores(void **state)
{
	(void)state;
	json_t *g = guide();
	/* Parts A and D scored; B and C are prompts only. */
	assert_int_equal(json_array_size(json_object_get(g, "items")), 28);
	assert_int_equal(json_array_size(json_object_get(g, "prompts")), 20);
	json_t *s = score_text(g, guide_first);
	/*
	 * A: feelings 4+4+3+2 = 13/4 = 3.25 (≥ 3: tendencies here);
	 *    conflict 1+2+2+3 = 2.0; actions 5+4+3+4 = 4.0 (tendencies here)
	 * D (higher = more secure): trust 2+2+3+3 = 2.5 (room to grow);
	 *    steadying 4+4+3+4 = 3.75; support 1+2+2+3 = 2.0; kindness 3+3+4+4 = 3.5
	 */
	assert_float_equal(sub_score(s, "feelings"), 3.25, 1e-9);
	assert_float_equal(sub_score(s, "conflict"), 2.0, 1e-9);
	assert_float_equal(sub_score(s, "actions"), 4.0, 1e-9);
	assert_float_equal(sub_score(s, "trust"), 2.5, 1e-9);
	assert_float_equal(sub_score(s, "steadying"), 3.75, 1e-9);
	assert_float_equal(sub_score(s, "support"), 2.0, 1e-9);
	assert_float_equal(sub_score(s, "kindness"), 3.5, 1e-9);
	const json_t *f = sub_of(s, "feelings");
	assert_string_equal(json_string_value(json_object_get(json_object_get(f, "band"), "name")),
	                    "tendencies here");
	assert_true(json_is_true(json_object_get(f, "flagged")));
	assert_true(json_is_false(json_object_get(sub_of(s, "conflict"), "flagged")));
	assert_true(json_is_true(json_object_get(sub_of(s, "trust"), "flagged")));
	assert_true(json_is_false(json_object_get(sub_of(s, "steadying"), "flagged")));
	/* Part D says which way it points. */
	assert_string_equal(json_string_value(json_object_get(sub_of(s, "trust"), "higher_means")),
	                    "more secure");
	json_decref(s);
	/* Exactly 3 is "tendencies here" in part A. */
	s = score_text(g, "a1=3,a2=3,a3=3,a4=3,a5=1,a6=1,a7=1,a8=1,a9=1,a10=1,a11=1,a12=1,"
	                  "d1=1,d2=1,d3=1,d4=1,d5=1,d6=1,d7=1,d8=1,d9=1,d10=1,d11=1,d12=1,"
	                  "d13=5,d14=5,d15=5,d16=5");
	assert_true(json_is_true(json_object_get(sub_of(s, "feelings"), "flagged")));
	assert_true(json_is_false(json_object_get(sub_of(s, "kindness"), "flagged")));
	json_decref(s);
	json_decref(g);
}

/* Reverse keys on a scale that starts at 0, sums, and bands. */
static void test_reverse_sum_and_bands(void **state)
{
	(void)state;
	static const char text[] =
	    "{\"id\":\"tiny\",\"title\":\"Tiny\",\"version\":2,"
	    "\"scale\":{\"min\":0,\"max\":4,\"labels\":[\"a\",\"b\",\"c\",\"d\",\"e\"]},"
	    "\"subscales\":[{\"id\":\"s\",\"score\":\"sum\",\"higher_means\":\"more\","
	    "\"bands\":[{\"range\":[0,3],\"name\":\"low\"},{\"range\":[4,8],\"name\":\"high\","
	    "\"text\":\"words\",\"flag\":true}]}],"
	    "\"items\":[{\"id\":\"x\",\"text\":\"X\",\"subscale\":\"s\",\"reverse\":false},"
	    "{\"id\":\"y\",\"text\":\"Y\",\"subscale\":\"s\",\"reverse\":true}]}";
	struct hv_error err;
	json_t *inst = hv_instrument_parse(text, strlen(text), "tiny.json", &err);
	if (!inst)
		fail_msg("%s", err.msg);
	/* y reversed: 0 + 4 - 1 = 3; sum 0 + 3 = 3 → low */
	json_t *s = score_text(inst, "x=0,y=1");
	assert_float_equal(sub_score(s, "s"), 3.0, 1e-9);
	const json_t *band = json_object_get(sub_of(s, "s"), "band");
	assert_string_equal(json_string_value(json_object_get(band, "name")), "low");
	assert_true(json_is_false(json_object_get(sub_of(s, "s"), "flagged")));
	json_decref(s);
	/* 2 + (4 - 0) = 6 → high, flagged, with its words */
	s = score_text(inst, "x=2,y=0");
	assert_float_equal(sub_score(s, "s"), 6.0, 1e-9);
	band = json_object_get(sub_of(s, "s"), "band");
	assert_string_equal(json_string_value(json_object_get(band, "text")), "words");
	assert_true(json_is_true(json_object_get(sub_of(s, "s"), "flagged")));
	json_decref(s);
	json_decref(inst);
}

static void test_answers_errors(void **state)
{
	(void)state;
	json_t *inst = fixture("ecr-s.json");
	struct hv_error err;
	assert_null(hv_answers_parse(inst, "1=8", &err));
	assert_int_equal(err.code, HV_EINVAL);
	assert_non_null(strstr(err.msg, "from 1 to 7"));
	assert_null(hv_answers_parse(inst, "13=1", &err));
	assert_non_null(strstr(err.msg, "no item \"13\""));
	assert_null(hv_answers_parse(inst, "1=1,1=2", &err));
	assert_non_null(strstr(err.msg, "twice"));
	assert_null(hv_answers_parse(inst, "1", &err));
	assert_null(hv_answers_parse(inst, "1=x", &err));
	/* Incomplete: every missing item is listed. */
	json_t *a = answers(inst, "1=1, 2=2,3=3,4=4,5=5,6=6,7=7,9=1,10=1,11=1");
	assert_null(hv_assess_score(inst, a, &err));
	assert_int_equal(err.code, HV_EINVAL);
	assert_non_null(strstr(err.msg, "2 items"));
	assert_non_null(strstr(err.msg, ": 8, 12"));
	json_decref(a);
	json_decref(inst);
}

/* Every file in the broken corpus is refused with the file and the place. */
static void test_broken_corpus(void **state)
{
	(void)state;
	char path[PATH_MAX + 600], line[512];
	snprintf(path, sizeof path, "%s/tests/fixtures/instruments/broken/EXPECT", root);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	int n = 0;
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		line[strcspn(line, "\n")] = '\0';
		char *tab = strchr(line, '\t');
		assert_non_null(tab);
		*tab = '\0';
		snprintf(path, sizeof path, "%s/tests/fixtures/instruments/broken/%s", root, line);
		struct hv_error err;
		json_t *j = hv_instrument_load_file(path, &err);
		if (j)
			fail_msg("%s was accepted", line);
		assert_int_equal(err.code, HV_EDATA);
		if (!strstr(err.msg, path))
			fail_msg("%s: message does not name the file: %s", line, err.msg);
		if (!strstr(err.msg, tab + 1))
			fail_msg("%s: expected \"%s\" in: %s", line, tab + 1, err.msg);
		n++;
	}
	fclose(f);
	assert_true(n >= 20);
	/* …and the EXPECT list covers every file in the folder. */
	char cmd[PATH_MAX + 128];
	snprintf(cmd, sizeof cmd, "ls %s/tests/fixtures/instruments/broken/*.json | wc -l", root);
	FILE *p = popen(cmd, "r");
	int files = 0;
	assert_int_equal(fscanf(p, "%d", &files), 1);
	pclose(p);
	assert_int_equal(files, n);
}

struct content_check {
	int instruments;
};

static void check_builtin(const char *name, const char *bytes, size_t len, void *ctx)
{
	struct content_check *c = ctx;
	if (strncmp(name, "instruments/", 12) != 0)
		return;
	struct hv_error err;
	json_t *j = hv_instrument_parse(bytes, len, name, &err);
	if (!j)
		fail_msg("%s", err.msg);
	json_decref(j);
	c->instruments++;
}

static void test_builtins_load(void **state)
{
	(void)state;
	struct content_check c = {0};
	hv_content_each(check_builtin, &c);
	assert_true(c.instruments >= 1);
	/* Every flagged band of the guide has practices to point to. */
	const json_t *words = hv_content_json("assess.json", NULL);
	assert_non_null(words);
	json_t *g = guide();
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(g, "subscales"), i, s)
	{
		char key[64];
		snprintf(key, sizeof key, "guide/%s", json_string_value(json_object_get(s, "id")));
		assert_true(
		    json_array_size(json_object_get(json_object_get(words, "practices"), key)) > 0);
	}
	json_decref(g);
}

static void test_results_and_history(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store(":memory:");
	json_t *g = guide();
	struct hv_error err;
	struct hv_record r1, r2;
	json_t *a1 = answers(g, guide_first), *a2 = answers(g, guide_second);
	json_t *refl = json_pack("{s:s}", "b1", "twice, I think");
	assert_int_equal(hv_assess_save(st, g, NULL, a1, refl, 1767225600000LL, &r1, &err), 0);
	assert_int_equal(hv_assess_save(st, g, NULL, a2, NULL, 1767801600000LL, &r2, &err), 0);
	assert_string_equal(r1.kind, "assessment");
	assert_int_equal(hv_assessment_validate(r1.body, &err), 0);
	assert_true(json_is_true(json_object_get(r1.body, "complete")));
	assert_int_equal(json_object_size(json_object_get(r1.body, "answers")), 28);
	/* A third: the same as the second, so change since previous is 0. */
	assert_int_equal(hv_assess_save(st, g, NULL, a2, NULL, 1767888000000LL, NULL, &err), 0);
	json_t *h = hv_assess_history(st, g, &err);
	assert_non_null(h);
	assert_int_equal(json_integer_value(json_object_get(h, "results")), 3);
	const json_t *feel = json_array_get(json_object_get(h, "series"), 0);
	assert_string_equal(json_string_value(json_object_get(feel, "subscale")), "feelings");
	const json_t *pts = json_object_get(feel, "points");
	assert_int_equal(json_array_size(pts), 3);
	/* feelings 3.25 → 2.25 (2+3+2+2 = 9/4) → 2.25 */
	assert_float_equal(json_real_value(json_object_get(json_array_get(pts, 1), "score")), 2.25,
	                   1e-9);
	assert_float_equal(
	    json_real_value(json_object_get(json_array_get(pts, 1), "change_since_first")), -1.0,
	    1e-9);
	assert_float_equal(json_real_value(json_object_get(feel, "change_since_first")), -1.0,
	                   1e-9);
	assert_float_equal(json_real_value(json_object_get(feel, "change_since_previous")), 0.0,
	                   1e-9);
	assert_true(json_is_null(json_object_get(json_array_get(pts, 0), "change_since_first")));
	/* support 2.0 → 3.0: up, which in part D means more secure */
	const json_t *sup = json_array_get(json_object_get(h, "series"), 5);
	assert_string_equal(json_string_value(json_object_get(sup, "subscale")), "support");
	assert_float_equal(json_real_value(json_object_get(sup, "change_since_first")), 1.0, 1e-9);
	json_decref(h);
	json_t *list = hv_assess_results(st, "guide", &err);
	assert_int_equal(json_array_size(list), 3);
	json_decref(list);
	hv_record_release(&r1);
	hv_record_release(&r2);
	json_decref(a1);
	json_decref(a2);
	json_decref(refl);
	json_decref(g);
	hv_store_close(st);
}

static void test_unfinished_and_resume_state(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store(":memory:");
	json_t *inst = fixture("ecr-rs.json");
	struct hv_error err;
	struct hv_record r, found;
	assert_int_equal(hv_assess_begin(st, inst, NULL, &r, &err), -1); /* target needed */
	assert_int_equal(hv_assess_begin(st, inst, "partner", &r, &err), 0);
	json_object_set_new(json_object_get(r.body, "answers"), "1", json_integer(3));
	int complete = -1;
	assert_int_equal(hv_assess_progress(st, inst, &r, &complete, &err), 0);
	assert_int_equal(complete, 0);
	/* "After the terminal was closed": found again from the store. */
	assert_int_equal(hv_assess_find_unfinished(st, NULL, &found, &err), 0);
	assert_string_equal(found.id, r.id);
	assert_string_equal(json_string_value(json_object_get(found.body, "target")), "partner");
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(found.body, "answers"), "1")), 3);
	for (int i = 2; i <= 9; i++) {
		char id[16];
		snprintf(id, sizeof id, "%d", i);
		json_object_set_new(json_object_get(found.body, "answers"), id, json_integer(7));
	}
	assert_int_equal(hv_assess_progress(st, inst, &found, &complete, &err), 0);
	assert_int_equal(complete, 1);
	hv_record_release(&found);
	assert_int_equal(hv_assess_find_unfinished(st, NULL, &found, &err), -1);
	assert_int_equal(err.code, HV_ENOTFOUND);
	/* History is per target. */
	json_t *h = hv_assess_history(st, inst, &err);
	assert_int_equal(json_array_size(json_object_get(h, "series")), 2);
	const json_t *first = json_array_get(json_object_get(h, "series"), 1);
	assert_string_equal(json_string_value(json_object_get(first, "target")), "partner");
	assert_string_equal(json_string_value(json_object_get(first, "subscale")), "avoidance");
	/* avoidance: 1 reversed (8-3=5), 2-4 reversed (1), 5-6 = 7: 5+1+1+1+7+7 = 22/6 = 3.67 */
	assert_float_equal(json_real_value(json_object_get(first, "latest")), 3.67, 1e-9);
	json_decref(h);
	hv_record_release(&r);
	json_decref(inst);
	hv_store_close(st);
}

/* A step applied the way both front ends apply one: reflections cleaned by
 * one rule, unknown fields and prompts refused, a list that must finish the
 * result refused before anything is saved, and the result object built. */
static void test_apply_and_result_json(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store(":memory:");
	json_t *inst = guide();
	struct hv_error err;
	struct hv_record r;
	assert_int_equal(hv_assess_begin(st, inst, NULL, &r, &err), 0);
	json_t *bad = json_pack("{s:{s:s}}", "reflections", "nope", "x");
	assert_int_equal(hv_assess_apply(st, inst, &r, bad, 0, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "no prompt \"nope\""));
	json_decref(bad);
	bad = json_pack("{s:i}", "colour", 1);
	assert_int_equal(hv_assess_apply(st, inst, &r, bad, 0, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "unknown field \"colour\""));
	json_decref(bad);
	json_t *step = json_pack("{s:{s:i},s:{s:s}}", "answers", "a1", 4, "reflections", "b1",
	                         "  the same arc  ");
	assert_int_equal(hv_assess_apply(st, inst, &r, step, 1, NULL, &err), -1); /* not all */
	assert_int_equal(hv_assess_apply(st, inst, &r, step, 0, NULL, &err), 0);
	json_decref(step);
	const json_t *refl = json_object_get(r.body, "reflections");
	assert_string_equal(json_string_value(json_object_get(refl, "b1")), "the same arc");
	json_t *all = answers(inst, guide_first);
	step = json_pack("{s:O}", "answers", all);
	int complete = 0;
	assert_int_equal(hv_assess_apply(st, inst, &r, step, 1, &complete, &err), 0);
	assert_int_equal(complete, 1);
	json_t *result = hv_assess_result_json(inst, &r, &err);
	assert_non_null(result);
	assert_string_equal(json_string_value(json_object_get(result, "instrument")), "guide");
	assert_true(json_is_null(json_object_get(result, "target")));
	assert_true(json_is_array(json_object_get(result, "practices")));
	json_t *all_rows = hv_assess_overview(st, &err);
	assert_int_equal(json_array_size(json_object_get(all_rows, "results")), 1);
	json_decref(all_rows);
	json_decref(result);
	json_decref(step);
	json_decref(all);
	hv_record_release(&r);
	json_decref(inst);
	hv_store_close(st);
}

static void test_assessment_validate(void **state)
{
	(void)state;
	struct hv_error err;
	const char *bad[] = {
	    "{}",
	    "{\"instrument\":\"guide\",\"instrument_version\":1,\"answers\":{},\"complete\":"
	    "\"yes\"}",
	    "{\"instrument\":\"Guide!\",\"instrument_version\":1,\"answers\":{},\"complete\":true}",
	    "{\"instrument\":\"guide\",\"instrument_version\":1,\"answers\":{\"a1\":1.5},"
	    "\"complete\":true}",
	    "{\"instrument\":\"guide\",\"instrument_version\":1,\"answers\":{},\"complete\":true,"
	    "\"x\":1}",
	    "{\"instrument\":\"guide\",\"instrument_version\":0,\"answers\":{},\"complete\":true}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		json_t *b = json_loads(bad[i], 0, NULL);
		assert_non_null(b);
		if (hv_assessment_validate(b, &err) == 0)
			fail_msg("accepted: %s", bad[i]);
		json_decref(b);
	}
	json_t *ok = json_loads("{\"instrument\":\"guide\",\"instrument_version\":1,"
	                        "\"answers\":{\"a1\":3},\"complete\":false,\"position\":1,"
	                        "\"reflections\":{\"b1\":\"x\"}}",
	                        0, NULL);
	assert_int_equal(hv_assessment_validate(ok, &err), 0);
	json_decref(ok);
}

static void test_install(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store(":memory:");
	struct hv_error err;
	json_t *inst = fixture("ecr-s.json");
	assert_null(hv_instrument_find(st, "test-ecr-s", &err));
	assert_int_equal(hv_instrument_install(st, inst, NULL, &err), 0);
	json_t *found = hv_instrument_find(st, "test-ecr-s", &err);
	assert_non_null(found);
	assert_true(json_equal(found, inst));
	json_decref(found);
	/* Installing again replaces; the list holds it once. */
	assert_int_equal(hv_instrument_install(st, inst, NULL, &err), 0);
	json_t *list = hv_instrument_list(st, &err);
	int n = 0;
	size_t i;
	json_t *el;
	json_array_foreach(list, i, el) n +=
	    strcmp(json_string_value(json_object_get(el, "id")), "test-ecr-s") == 0;
	assert_int_equal(n, 1);
	json_decref(list);
	/* A built-in id is not for taking. */
	json_object_set_new(inst, "id", json_string("guide"));
	assert_int_equal(hv_instrument_install(st, inst, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "built-in"));
	json_decref(inst);
	hv_store_close(st);
}

int main(void)
{
	find_root();
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ecr_r_keys),
	    cmocka_unit_test(test_ecr_s_keys),
	    cmocka_unit_test(test_ecr_rs_targets),
	    cmocka_unit_test(test_guide_scores),
	    cmocka_unit_test(test_reverse_sum_and_bands),
	    cmocka_unit_test(test_answers_errors),
	    cmocka_unit_test(test_broken_corpus),
	    cmocka_unit_test(test_builtins_load),
	    cmocka_unit_test(test_results_and_history),
	    cmocka_unit_test(test_unfinished_and_resume_state),
	    cmocka_unit_test(test_apply_and_result_json),
	    cmocka_unit_test(test_assessment_validate),
	    cmocka_unit_test(test_install),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
