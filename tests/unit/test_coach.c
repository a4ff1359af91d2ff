/*
 * test_coach.c — the message coach: protest findings with exact offsets,
 * rewrites built from the draft in the guide's shape, quiet on secure
 * drafts, hold lengths, held-draft bodies, and the held-draft life cycle
 * in a real store.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "coach/coach.h"
#include "core/store.h"

static json_t *coach(const char *draft)
{
	struct hv_error err;
	json_t *r = hv_coach(draft, strlen(draft), &err);
	assert_non_null(r);
	return r;
}

static const json_t *finding(const json_t *r, size_t i)
{
	return json_array_get(json_object_get(r, "findings"), i);
}

static void test_protest_findings(void **state)
{
	(void)state;
	const char *draft = "You never text me first. Do you even care?";
	json_t *r = coach(draft);
	assert_true(json_is_true(json_object_get(r, "protest")));
	assert_int_equal(json_array_size(json_object_get(r, "findings")), 2);
	assert_string_equal(json_string_value(json_object_get(finding(r, 0), "kind")), "absolute");
	assert_string_equal(json_string_value(json_object_get(finding(r, 1), "kind")), "love-test");
	assert_int_equal(json_integer_value(json_object_get(finding(r, 1), "start")), 25);
	assert_string_equal(json_string_value(json_object_get(finding(r, 1), "match")), "Do you even care");
	json_decref(r);
}

static void test_rewrite_uses_the_draft(void **state)
{
	(void)state;
	json_t *r = coach("I'm so hurt. You never ask about my day, yesterday too.");
	const json_t *s = json_array_get(json_object_get(r, "suggestions"), 0);
	assert_string_equal(json_string_value(json_object_get(s, "type")), "rewrite");
	const char *text = json_string_value(json_object_get(s, "text"));
	assert_non_null(strstr(text, "I felt hurt when"));
	assert_non_null(strstr(text, "yesterday"));
	assert_non_null(strstr(text, "if you could ask about my day sometimes"));
	assert_non_null(strstr(text, "; could we "));
	assert_int_equal(text[strlen(text) - 1], '?');
	json_decref(r);
}

static void test_templates_offered_with_protest(void **state)
{
	(void)state;
	json_t *r = coach("Whatever.");
	const char *want[] = {"soft-start-up", "break-request", "repair"};
	for (int k = 0; k < 3; k++) {
		int found = 0;
		size_t i;
		json_t *s;
		json_array_foreach(json_object_get(r, "suggestions"), i, s) {
			found |= strcmp(json_string_value(json_object_get(s, "type")), want[k]) == 0;
		}
		assert_true(found);
	}
	json_decref(r);
}

static void test_quiet_on_secure_drafts(void **state)
{
	(void)state;
	const char *calm[] = {"You always make me laugh", "you never need to apologise for that",
			      "I felt hurt when the plans changed; could we talk about it later?",
			      "If you don't mind, I'll bring wine.", "Never mind, I found my keys",
			      "You're always so thoughtful."};
	for (size_t i = 0; i < sizeof calm / sizeof *calm; i++) {
		json_t *r = coach(calm[i]);
		if (!json_is_false(json_object_get(r, "protest")))
			fail_msg("\"%s\" should not read as protest", calm[i]);
		assert_int_equal(json_array_size(json_object_get(r, "suggestions")), 0);
		json_decref(r);
	}
}

static void test_question_runs(void **state)
{
	(void)state;
	json_t *r = coach("where r u??? hello??");
	assert_int_equal(json_array_size(json_object_get(r, "findings")), 2);
	assert_string_equal(json_string_value(json_object_get(finding(r, 0), "match")), "u???");
	assert_string_equal(json_string_value(json_object_get(finding(r, 1), "match")), "hello??");
	json_decref(r);
}

static void test_duration_parse(void **state)
{
	(void)state;
	assert_int_equal(hv_duration_parse("20m"), 20 * 60000);
	assert_int_equal(hv_duration_parse("2h30m"), 150 * 60000);
	assert_int_equal(hv_duration_parse("90s"), 90000);
	assert_int_equal(hv_duration_parse("1d"), 86400000);
	assert_int_equal(hv_duration_parse("8d"), -1);
	assert_int_equal(hv_duration_parse("soon"), -1);
	assert_int_equal(hv_duration_parse("20"), -1);
	assert_int_equal(hv_duration_parse(""), -1);
	assert_int_equal(hv_duration_parse("0m"), -1);
}

static void test_held_validate(void **state)
{
	(void)state;
	struct hv_error err;
	json_t *b = json_pack("{s:s,s:s,s:s}", "draft", "hi", "hold_until", "2026-01-07T16:20:00.000Z",
			      "status", "held");
	assert_int_equal(hv_held_validate(b, &err), 0);
	json_object_set_new(b, "status", json_string("rewritten"));
	assert_int_equal(hv_held_validate(b, &err), -1); /* no rewrite, no decided */
	json_object_set_new(b, "rewrite", json_string("hello"));
	json_object_set_new(b, "decided", json_string("2026-01-07T16:30:00.000Z"));
	assert_int_equal(hv_held_validate(b, &err), 0);
	json_object_set_new(b, "extra", json_true());
	assert_int_equal(hv_held_validate(b, &err), -1);
	assert_non_null(strstr(err.msg, "extra"));
	json_decref(b);
}

static void test_held_cycle(void **state)
{
	(void)state;
	struct hv_store *st;
	struct hv_error err;
	struct hv_record r;
	unlink("coach.db");
	assert_int_equal(hv_store_open(&st, "coach.db", &err), 0);
	setenv("HAVEN_NOW", "2026-01-07T16:00:00Z", 1);
	assert_int_equal(hv_held_add(st, "You never call", 20 * 60000, &r, &err), 0);
	json_t *ready = hv_held_ready(st, &err);
	assert_int_equal(json_array_size(json_object_get(ready, "ready")), 0);
	assert_int_equal(json_integer_value(json_object_get(ready, "waiting")), 1);
	json_decref(ready);
	setenv("HAVEN_NOW", "2026-01-07T16:21:00Z", 1);
	ready = hv_held_ready(st, &err);
	assert_int_equal(json_array_size(json_object_get(ready, "ready")), 1);
	json_decref(ready);
	assert_int_equal(hv_held_decide(st, r.id, "kept", NULL, NULL, &err), 0);
	assert_int_equal(hv_held_decide(st, r.id, "dropped", NULL, NULL, &err), -1);
	ready = hv_held_ready(st, &err);
	assert_int_equal(json_array_size(json_object_get(ready, "ready")), 0);
	json_decref(ready);
	unsetenv("HAVEN_NOW");
	hv_record_release(&r);
	hv_store_close(st);
}

static void test_evidence_reframes_reassure(void **state)
{
	(void)state;
	struct hv_store *st;
	struct hv_error err;
	unlink("more.db");
	assert_int_equal(hv_store_open(&st, "more.db", &err), 0);
	setenv("HAVEN_NOW", "2026-01-07T16:00:00Z", 1);
	/* evidence: an empty list offers nothing, without an error */
	assert_null(hv_evidence_pick(st, &err));
	assert_int_equal(err.code, HV_OK);
	assert_int_equal(hv_evidence_add(st, "Sam stayed", "stayed", NULL, &err), 0);
	assert_int_equal(hv_evidence_add(st, "x", "maybe", NULL, &err), -1);
	json_t *one = hv_evidence_pick(st, &err);
	assert_non_null(one);
	assert_string_equal(json_string_value(json_object_get(json_object_get(one, "body"), "text")),
			    "Sam stayed");
	json_decref(one);
	/* reframes: a pair by shared words; your own ranks first */
	json_t *r = hv_kind_reframes(st, "I'm too NEEDY", &err);
	const json_t *first = json_array_get(json_object_get(r, "reframes"), 0);
	assert_string_equal(json_string_value(json_object_get(first, "source")), "haven");
	json_decref(r);
	assert_int_equal(hv_reframe_save(st, "so needy today", "Needs are human.", NULL, &err), 0);
	r = hv_kind_reframes(st, "I'm too needy", &err);
	first = json_array_get(json_object_get(r, "reframes"), 0);
	assert_string_equal(json_string_value(json_object_get(first, "source")), "yours");
	json_decref(r);
	/* reassurance: the limit is reached gently, and recording never stops */
	json_t *limit = hv_reassure_limit_parse("1/day", &err);
	assert_non_null(limit);
	assert_null(hv_reassure_limit_parse("1/month", &err));
	assert_int_equal(hv_reassure_set_limit(st, limit, &err), 0);
	json_decref(limit);
	json_t *ask = json_pack("{s:s}", "asked", "are we ok?");
	assert_int_equal(hv_reassure_add(st, ask, NULL, &err), 0);
	assert_int_equal(hv_reassure_add(st, ask, NULL, &err), 0);
	json_decref(ask);
	json_t *status = hv_reassure_status(st, &err);
	assert_int_equal(json_integer_value(json_object_get(status, "count")), 2);
	assert_true(json_is_true(json_object_get(status, "reached")));
	assert_non_null(json_string_value(json_object_get(status, "note")));
	json_decref(status);
	unsetenv("HAVEN_NOW");
	hv_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_protest_findings),  cmocka_unit_test(test_rewrite_uses_the_draft),
	    cmocka_unit_test(test_templates_offered_with_protest),
	    cmocka_unit_test(test_quiet_on_secure_drafts), cmocka_unit_test(test_question_runs),
	    cmocka_unit_test(test_duration_parse),    cmocka_unit_test(test_held_validate),
	    cmocka_unit_test(test_held_cycle),
	    cmocka_unit_test(test_evidence_reframes_reassure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
