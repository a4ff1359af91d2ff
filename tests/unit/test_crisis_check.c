/*
 * test_crisis_check.c — the crisis net as every entry point asks it
 * (safety/crisis-check.h), walked over the tables it must cover:
 *
 *   - every kind of record haven stores (transfer/kinds.c) has a line in
 *     the net's table, so a new kind cannot be saved unheard;
 *   - every line names where the person's words are, or says why there
 *     are none;
 *   - crisis words in any of those fields are heard, at any depth, and in
 *     a field the table does not name, and for a kind it does not know;
 *   - ordinary words, and kinds that hold no one's own words, stay quiet.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "safety/crisis-check.h"
#include "transfer/transfer.h"

#define CRISIS   "I want to kill myself"
#define ORDINARY "they didn't text back and I went for a walk"

static void test_every_stored_kind_is_in_the_table(void **state)
{
	(void)state;
	size_t n = 0;
	for (const char *kind; (kind = hv_kind_at(n)); n++) {
		if (!hv_crisis_kind_find(kind))
			fail_msg(
			    "the crisis net does not know the kind \"%s\": add it to the table "
			    "in src/safety/crisis-check.c, with where its words are",
			    kind);
	}
	assert_true(n >= 13);
}

static int stored(const char *kind)
{
	for (size_t i = 0; hv_kind_at(i); i++)
		if (strcmp(hv_kind_at(i), kind) == 0)
			return 1;
	return 0;
}

static void test_every_line_is_a_kind_and_says_where_the_words_are(void **state)
{
	(void)state;
	const struct hv_crisis_kind *k;
	for (size_t i = 0; (k = hv_crisis_kind_at(i)); i++) {
		int input = strcmp(k->kind, HV_CRISIS_CHECK_INPUT) == 0 ||
		            strcmp(k->kind, HV_CRISIS_COACH_INPUT) == 0;
		if (!input && !stored(k->kind))
			fail_msg("\"%s\" is in the crisis table but is no kind of record", k->kind);
		if (!k->words[0] && !(k->why_none && *k->why_none))
			fail_msg("\"%s\" holds no words, but the table does not say why", k->kind);
		if (k->words[0] && k->why_none)
			fail_msg("\"%s\" both holds words and says why it holds none", k->kind);
		assert_ptr_equal(hv_crisis_kind_find(k->kind), k);
	}
}

static void test_words_in_every_field_are_heard(void **state)
{
	(void)state;
	const struct hv_crisis_kind *k;
	for (size_t i = 0; (k = hv_crisis_kind_at(i)); i++) {
		for (size_t f = 0; k->words[f]; f++) {
			json_t *flat = json_pack("{s:s}", k->words[f], CRISIS);
			json_t *deep = json_pack("{s:{s:[s]}}", k->words[f], "b1", CRISIS);
			json_t *calm = json_pack("{s:s}", k->words[f], ORDINARY);
			if (!hv_crisis_check_body(k->kind, flat) ||
			    !hv_crisis_check_body(k->kind, deep))
				fail_msg("crisis words in %s.%s were not heard", k->kind,
				         k->words[f]);
			if (hv_crisis_check_body(k->kind, calm))
				fail_msg("ordinary words in %s.%s raised the alarm", k->kind,
				         k->words[f]);
			json_decref(flat);
			json_decref(deep);
			json_decref(calm);
		}
	}
}

static void test_a_field_or_kind_not_listed_is_still_heard(void **state)
{
	(void)state;
	json_t *body = json_pack("{s:i,s:s}", "intensity", 8, "a-field-added-later", CRISIS);
	assert_true(hv_crisis_check_body("trigger", body));
	assert_true(hv_crisis_check_body("a-kind-added-later", body));
	assert_true(hv_crisis_check_body(NULL, body));
	json_t *words = json_pack("[s,s]", "evidence", CRISIS);
	assert_true(hv_crisis_check_body("evidence", words));
	json_decref(words);
	json_decref(body);
	assert_false(hv_crisis_check_body("trigger", NULL));
}

static void test_kinds_without_own_words_stay_quiet(void **state)
{
	(void)state;
	/* A questionnaire may well ask about such thoughts; its items are its
	 * author's words, not the person's. */
	json_t *inst =
	    json_pack("{s:s,s:[{s:s,s:s}]}", "id", "mine", "items", "id", "q1", "text", CRISIS);
	assert_false(hv_crisis_check_body("instrument", inst));
	json_decref(inst);
	json_t *limit = json_pack("{s:i,s:s}", "count", 2, "per", "day");
	assert_false(hv_crisis_check_body("reassurance-limit", limit));
	json_decref(limit);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_stored_kind_is_in_the_table),
	    cmocka_unit_test(test_every_line_is_a_kind_and_says_where_the_words_are),
	    cmocka_unit_test(test_words_in_every_field_are_heard),
	    cmocka_unit_test(test_a_field_or_kind_not_listed_is_still_heard),
	    cmocka_unit_test(test_kinds_without_own_words_stay_quiet),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
