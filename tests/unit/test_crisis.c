/*
 * test_crisis.c — the crisis rules against the labelled corpus
 * (tests/corpus/crisis.tsv): every clear or indirect sentence must raise
 * the notice; negated and ordinary ones are counted, and must stay rare.
 * Also: offsets point at the words, and JSON bodies are searched
 * everywhere.  The directory of lines is tested in test_crisis_lines.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "safety/crisis.h"

#ifndef CORPUS
#define CORPUS "tests/corpus/crisis.tsv"
#endif

static FILE *open_corpus(void)
{
	const char *dir = getenv("HAVEN_SOURCE_DIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir ? dir : ".", CORPUS);
	FILE *f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s (set HAVEN_SOURCE_DIR)", path);
	return f;
}

static void test_corpus(void **state)
{
	(void)state;
	FILE *f = open_corpus();
	char line[1024];
	int must = 0, missed = 0, quiet = 0, alarms = 0;
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		line[strcspn(line, "\n")] = '\0';
		char *tab = strchr(line, '\t');
		assert_non_null(tab);
		*tab = '\0';
		const char *label = line, *text = tab + 1;
		int hit = hv_crisis_scan(text, strlen(text), NULL);
		if (strcmp(label, "clear") == 0 || strcmp(label, "indirect") == 0) {
			must++;
			if (!hit) {
				missed++;
				print_error("missed (%s): %s\n", label, text);
			}
		} else {
			quiet++;
			if (hit) {
				alarms++;
				print_message("false alarm (%s): %s\n", label, text);
			}
		}
	}
	fclose(f);
	assert_true(must >= 50);
	assert_true(quiet >= 50);
	assert_int_equal(missed, 0);          /* recall must be 100 % */
	assert_true(alarms * 10 <= quiet);    /* false alarms at most 10 % */
}

static void test_offsets_point_at_the_words(void **state)
{
	(void)state;
	struct hv_crisis_hit hit;
	const char *t = "Honestly — I’d rather KILL MYSELF than call";
	assert_int_equal(hv_crisis_scan(t, strlen(t), &hit), 1);
	assert_int_equal(hit.end - hit.start, strlen("KILL MYSELF"));
	assert_memory_equal(t + hit.start, "KILL MYSELF", hit.end - hit.start);
}

static void test_invalid_text_is_safe(void **state)
{
	(void)state;
	const char bad[] = "kill \xff\xfe myself";
	assert_int_equal(hv_crisis_scan(bad, sizeof bad - 1, NULL), 0);
	assert_int_equal(hv_crisis_scan("", 0, NULL), 0);
	assert_int_equal(hv_crisis_scan(NULL, 0, NULL), 0);
}

static void test_json_bodies(void **state)
{
	(void)state;
	json_t *ok = json_pack("{s:s,s:[s,s],s:{s:s}}", "what", "no reply", "emotions", "fear",
			       "sad", "reflection", "friend", "it will pass");
	json_t *deep = json_pack("{s:s,s:{s:s}}", "what", "no reply", "reflection", "calm-view",
				 "honestly I want to die");
	assert_int_equal(hv_crisis_in_json(ok), 0);
	assert_int_equal(hv_crisis_in_json(deep), 1);
	json_decref(ok);
	json_decref(deep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_corpus),
	    cmocka_unit_test(test_offsets_point_at_the_words),
	    cmocka_unit_test(test_invalid_text_is_safe),
	    cmocka_unit_test(test_json_bodies),
	};
	return cmocka_run_group_tests_name("crisis", tests, NULL, NULL);
}
