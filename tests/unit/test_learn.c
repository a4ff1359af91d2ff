/*
 * test_learn.c — the chapters of data/learn.json (learn/learn.c): the
 * embedded file is valid and complete (every chapter the issue asks for,
 * each with a title, a summary, a body of reasonable length, a practice
 * naming an action, and read-more lines), the list and one
 * chapter are what the file holds, an unknown id is refused with the ids,
 * a damaged document is refused naming the chapter and the field, and the
 * chapter suggested from the person's last days follows the rules' order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/action.h"
#include "core/content.h"
#include "learn/learn.h"
#include "refusal.h"

static const char *const want[] = {"dimensions", "roots",       "alarm",           "protest",
                                   "cycle",      "triggers",    "earned-security", "partners",
                                   "therapy",    "getting-help"};
#define NWANT (sizeof want / sizeof want[0])

static size_t words(const json_t *paragraphs)
{
	size_t n = 0, i;
	const json_t *p;
	json_array_foreach(paragraphs, i, p)
	{
		int in = 0;
		for (const char *s = json_string_value(p); *s; s++) {
			int space = (*s == ' ' || *s == '\n');
			n += !space && !in;
			in = !space;
		}
	}
	return n;
}

static void test_the_file_is_valid_and_complete(void **state)
{
	(void)state;
	struct hv_error err;
	const json_t *doc = hv_content_json("learn.json", &err);
	assert_non_null(doc);
	if (hv_learn_validate(doc, &err) < 0)
		fail_msg("data/learn.json: %s", err.msg);
	const json_t *chapters = json_object_get(doc, "chapters");
	assert_int_equal(json_array_size(chapters), NWANT);
	for (size_t i = 0; i < NWANT; i++) {
		const json_t *c = json_array_get(chapters, i);
		assert_string_equal(json_string_value(json_object_get(c, "id")), want[i]);
		size_t n = words(json_object_get(c, "body"));
		if (n < 150 || n > 300)
			fail_msg("chapter %s has %zu words; a chapter is about 150 to 300", want[i],
			         n);
		const json_t *p = json_object_get(c, "practice");
		assert_true(json_string_length(json_object_get(p, "label")) > 0);
		assert_true(json_string_length(json_object_get(p, "do")) > 0);
		assert_true(json_array_size(json_object_get(c, "read_more")) >= 1);
	}
	/* The words each front end shows around the chapters. */
	const char *cli[] = {"list_intro", "list_hint", "practice", "read_more"};
	for (size_t i = 0; i < 4; i++)
		assert_non_null(json_string_value(json_object_get(hv_learn_words("cli"), cli[i])));
	const char *web[] = {"title", "intro", "chapters", "practice", "read_more", "back"};
	for (size_t i = 0; i < 6; i++)
		assert_non_null(json_string_value(json_object_get(hv_learn_words("web"), web[i])));
}

static void test_list_and_one(void **state)
{
	(void)state;
	struct hv_error err;
	json_t *all = hv_learn_list(&err);
	assert_non_null(all);
	assert_int_equal(json_array_size(all), NWANT);
	for (size_t i = 0; i < NWANT; i++) {
		json_t *row = json_array_get(all, i);
		assert_int_equal(json_object_size(row), 3);
		assert_string_equal(json_string_value(json_object_get(row, "id")), want[i]);
		json_t *c = hv_learn_chapter(want[i], &err);
		assert_non_null(c);
		assert_string_equal(json_string_value(json_object_get(c, "title")),
		                    json_string_value(json_object_get(row, "title")));
		/* The practice's action with both its sides beside it. */
		const json_t *p = json_object_get(c, "practice");
		const char *act = json_string_value(json_object_get(p, "do"));
		assert_string_equal(json_string_value(json_object_get(p, "command")),
		                    hv_action_command(act));
		assert_string_equal(json_string_value(json_object_get(p, "route")),
		                    hv_action_route(act));
		json_decref(c);
	}
	json_decref(all);
	char *ids = hv_learn_ids();
	assert_string_equal(ids, "dimensions, roots, alarm, protest, cycle, triggers, "
	                         "earned-security, partners, therapy, getting-help");
	free(ids);
}

static void test_unknown(void **state)
{
	(void)state;
	struct hv_error err;
	assert_null(hv_learn_chapter("shyness", &err));
	assert_int_equal(err.code, HV_EINVAL);
	assert_non_null(strstr(err.msg, "\"shyness\""));
	assert_non_null(strstr(err.msg, "dimensions, roots"));
	assert_null(hv_learn_chapter(NULL, &err));
	assert_int_equal(err.code, HV_EINVAL);
	/* A long or odd name is echoed short and in plain characters. */
	assert_null(
	    hv_learn_chapter("\x1b[2Jaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", &err));
	assert_null(strchr(err.msg, '\x1b'));
	assert_null(strstr(err.msg, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
}

static void expect_refused(const char *json, const char *words)
{
	refused_by(hv_learn_validate, json, HV_EDATA, words);
}

#define GOOD_PRACTICE "\"practice\":{\"label\":\"l\",\"do\":\"breathe\"}"

static void test_damaged_documents(void **state)
{
	(void)state;
	expect_refused("{}", "chapters");
	expect_refused("{\"chapters\":[]}", "chapters");
	expect_refused("{\"chapters\":[{\"id\":\"Bad Id\"}]}", "id must be");
	expect_refused("{\"chapters\":[{\"id\":\"a\",\"summary\":\"s\",\"body\":[\"b\"],"
	               "\"read_more\":[]," GOOD_PRACTICE "}]}",
	               "\"a\": title");
	expect_refused("{\"chapters\":[{\"id\":\"a\",\"title\":\"t\",\"summary\":\"s\",\"body\":[],"
	               "\"read_more\":[]," GOOD_PRACTICE "}]}",
	               "\"a\": body");
	expect_refused("{\"chapters\":[{\"id\":\"a\",\"title\":\"t\",\"summary\":\"s\","
	               "\"body\":[\"b\",\"\"],\"read_more\":[]," GOOD_PRACTICE "}]}",
	               "body[1]");
	expect_refused("{\"chapters\":[{\"id\":\"a\",\"title\":\"t\",\"summary\":\"s\","
	               "\"body\":[\"b\"],\"read_more\":[]}]}",
	               "practice must be");
	expect_refused("{\"chapters\":[{\"id\":\"a\",\"title\":\"t\",\"summary\":\"s\","
	               "\"body\":[\"b\"],\"read_more\":[],\"practice\":{\"label\":\"l\"}}]}",
	               "practice.do");
	/* A command line in place of an action names none. */
	expect_refused("{\"chapters\":[{\"id\":\"a\",\"title\":\"t\",\"summary\":\"s\","
	               "\"body\":[\"b\"],\"read_more\":[],\"practice\":{\"label\":\"l\","
	               "\"do\":\"say break\"}}]}",
	               "practice.do");
	expect_refused("{\"chapters\":[{\"id\":\"a\",\"title\":\"t\",\"summary\":\"s\","
	               "\"body\":[\"b\"],\"read_more\":[],\"practice\":{\"do\":\"log\"}}]}",
	               "practice.label");
	const char *one = "{\"id\":\"a\",\"title\":\"t\",\"summary\":\"s\",\"body\":[\"b\"],"
	                  "\"read_more\":[]," GOOD_PRACTICE "}";
	char two[1024];
	snprintf(two, sizeof two, "{\"chapters\":[%s,%s]}", one, one);
	expect_refused(two, "two chapters are called \"a\"");
}

/* The suggestion for an insights value given as JSON text. */
static const char *suggested(const char *recent_json, char *why, size_t n)
{
	static char id[HV_LEARN_ID_MAX + 1];
	json_t *recent = recent_json ? json_loads(recent_json, 0, NULL) : NULL;
	json_t *s = hv_learn_suggest(recent);
	assert_non_null(s);
	snprintf(id, sizeof id, "%s", json_string_value(json_object_get(s, "id")));
	if (why)
		snprintf(why, n, "%s", json_string_value(json_object_get(s, "why")));
	assert_non_null(json_string_value(json_object_get(s, "title")));
	json_decref(s);
	json_decref(recent);
	return id;
}

static void test_suggest(void **state)
{
	(void)state;
	char why[512];
	assert_int_equal(hv_learn_suggest_days(), 7);
	/* Nothing to read, or nothing written: where to begin. */
	assert_string_equal(suggested(NULL, NULL, 0), "dimensions");
	assert_string_equal(suggested("{\"entries\": 0}", NULL, 0), "dimensions");
	/* A few entries: how the journal sorts them. */
	assert_string_equal(suggested("{\"entries\": 2, \"responses\": {\"protest\": 2}}", NULL, 0),
	                    "triggers");
	/* A week of protest (responses marked both count too), with the count. */
	assert_string_equal(suggested("{\"entries\": 4, \"responses\": {\"protest\": 2, "
	                              "\"both\": 2}}",
	                              why, sizeof why),
	                    "protest");
	assert_non_null(strstr(why, " 4 "));
	/* Distance and conflict together start the cycle's chapter. */
	assert_string_equal(
	    suggested(
	        "{\"entries\": 3, \"triggers\": [{\"kind\": \"partner-distance\", \"count\": 2}, "
	        "{\"kind\": \"work\", \"count\": 5}, {\"kind\": \"conflict\", \"count\": 1}]}",
	        why, sizeof why),
	    "cycle");
	assert_non_null(strstr(why, " 3 "));
	/* Protest comes before the cycle when both hold. */
	assert_string_equal(suggested("{\"entries\": 3, \"responses\": {\"protest\": 3}, "
	                              "\"triggers\": [{\"kind\": \"conflict\", \"count\": 3}]}",
	                              NULL, 0),
	                    "protest");
}

/* A one-chapter document whose suggestion rules are rules. */
static void refused_rules(const char *rules, const char *words)
{
	char doc[1024];
	snprintf(doc, sizeof doc,
	         "{\"chapters\":[{\"id\":\"a\",\"title\":\"t\",\"summary\":\"s\",\"body\":[\"b\"],"
	         "\"read_more\":[]," GOOD_PRACTICE "}],\"suggest\":{\"rules\":[%s]}}",
	         rules);
	expect_refused(doc, words);
}

static void test_damaged_suggestions(void **state)
{
	(void)state;
	refused_rules("{\"chapter\":\"zz\",\"count\":\"always\",\"least\":0,\"why\":\"w\"}",
	              "names no chapter");
	refused_rules("{\"chapter\":\"a\",\"count\":\"moods\",\"least\":0,\"why\":\"w\"}",
	              "counts always, entries, protest or trigger");
	refused_rules("{\"chapter\":\"a\",\"count\":\"always\",\"least\":0}",
	              "needs least and why");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_the_file_is_valid_and_complete),
	    cmocka_unit_test(test_list_and_one),
	    cmocka_unit_test(test_unknown),
	    cmocka_unit_test(test_damaged_documents),
	    cmocka_unit_test(test_suggest),
	    cmocka_unit_test(test_damaged_suggestions),
	};
	return cmocka_run_group_tests_name("learn", tests, NULL, NULL);
}
