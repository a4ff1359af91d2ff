/*
 * test_coach.c — the message coach: protest findings with exact offsets,
 * every protest behaviour the guide names caught in its examples (in the
 * project's own paraphrase) with the need it may hide and the script that
 * fits, rewrites built from the draft in the guide's shape with no apology
 * unless the draft could wound, quiet on secure drafts, protest read as
 * concepts, secure signs that settle softer readings, hold lengths,
 * held-draft bodies, and the held-draft life cycle in a real store.
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
#include "coach/words.h"
#include "core/content.h"
#include "core/store.h"
#include "patterns/patterns.h"

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
	assert_string_equal(json_string_value(json_object_get(finding(r, 1), "match")),
	                    "Do you even care");
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
	assert_non_null(strstr(text, ". Could we "));
	assert_int_equal(text[strlen(text) - 1], '?');
	json_decref(r);
}

static int has_type(const json_t *r, const char *type)
{
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(r, "suggestions"), i, s)
	{
		if (strcmp(json_string_value(json_object_get(s, "type")), type) == 0)
			return 1;
	}
	return 0;
}

static int has_kind(const json_t *r, const char *kind)
{
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(r, "findings"), i, f)
	{
		if (strcmp(json_string_value(json_object_get(f, "kind")), kind) == 0)
			return 1;
	}
	return 0;
}

/* A draft that could wound is offered a pause and words of repair; one
 * that only pleads or asks is not offered another apology. */
static void test_templates_offered_with_protest(void **state)
{
	(void)state;
	json_t *r = coach("Must be nice to be so busy.");
	assert_true(has_type(r, "soft-start-up") && has_type(r, "break-request") &&
	            has_type(r, "repair"));
	json_decref(r);
	const char *no_harm[] = {"Whatever.", "Do you still love me?",
	                         "I'm sorry I'm sorry, please just answer. Please."};
	for (size_t i = 0; i < sizeof no_harm / sizeof *no_harm; i++) {
		r = coach(no_harm[i]);
		assert_true(json_is_true(json_object_get(r, "protest")));
		assert_true(has_type(r, "soft-start-up"));
		assert_false(has_type(r, "repair"));
		size_t k;
		json_t *s;
		json_array_foreach(json_object_get(r, "suggestions"), k, s)
		{
			const char *t = json_string_value(json_object_get(s, "text"));
			if (strstr(t, "sorry") || strstr(t, "Sorry"))
				fail_msg("\"%s\" is offered an apology: %s", no_harm[i], t);
		}
		json_decref(r);
	}
}

/* A long draft says its words many times: the feeling is the first one the
 * writer owns even when the same word was theirs first ("are you mad" many
 * times, then "I am mad"), the situation is the first the data lists
 * whichever word came first, and a finding far into the draft still builds
 * its need from its own words. */
static void test_long_draft_words(void **state)
{
	(void)state;
	char draft[4096] = "";
	for (int i = 0; i < 40; i++)
		strcat(draft, "Are you mad at me? Work again. ");
	json_t *r = coach(draft);
	const json_t *s = json_array_get(json_object_get(r, "suggestions"), 0);
	assert_null(strstr(json_string_value(json_object_get(s, "text")), "upset"));
	json_decref(r);
	strcat(draft, "I am mad that you never text me first.");
	r = coach(draft);
	int rewrites = 0, need = 0;
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(r, "suggestions"), i, v)
	{
		const char *t = json_string_value(json_object_get(v, "text"));
		if (strcmp(json_string_value(json_object_get(v, "type")), "rewrite"))
			continue;
		rewrites++;
		assert_non_null(strstr(t, "I felt upset when I didn't hear back from you."));
		need |= strstr(t, "if you could text me first sometimes.") != NULL;
	}
	assert_true(rewrites >= 2 && need);
	json_decref(r);
}

/* The guide's examples of protest behaviour, in the project's words: each
 * is caught, named with the right kind, and carries the need it may hide
 * and the `haven say` script that fits. */
static void test_guide_protest_examples(void **state)
{
	(void)state;
	const struct {
		const char *draft, *kind, *script;
	} cases[] = {
	    {"Must be nice to be so busy", "hostility", "repair"},
	    {"I guess your phone is broken again, right?", "hostility", "repair"},
	    {"Whatever, I'm done trying", "withdrawal", "ask"},
	    {"Maybe I should just leave since you obviously don't care", "threat-to-leave",
	     "break"},
	    {"You'd answer if it was her texting you", "jealousy", "ask"},
	    {"You promised and you broke it, like every single time", "keeping-score", "ask"},
	    {"Are you mad at me? Did I do something? Please just tell me. Please.", "pleading",
	     "repair"},
	    {"Are you mad at me? Did I do something? Please just tell me. Please.",
	     "reassurance-seeking", "ask"},
	    {"You always let me down", "absolute", "ask"},
	    {"Do you still love me?", "reassurance-seeking", "ask"},
	    {"I need you to make me feel better", "reassurance-seeking", "ask"},
	    {"hey. hey. hey, are you there", "excessive-contact", "ask"},
	    {"After all I've done for you, I'll just eat alone again", "guilt", "no"},
	    {"You'll miss me when I'm gone", "threat-to-leave", "break"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		json_t *r = coach(cases[i].draft);
		if (!json_is_true(json_object_get(r, "protest")) || !has_kind(r, cases[i].kind))
			fail_msg("\"%s\" should be found as %s", cases[i].draft, cases[i].kind);
		size_t k;
		json_t *f;
		json_array_foreach(json_object_get(r, "findings"), k, f)
		{
			if (strcmp(json_string_value(json_object_get(f, "kind")), cases[i].kind))
				continue;
			assert_non_null(json_string_value(json_object_get(f, "need")));
			assert_string_equal(json_string_value(json_object_get(f, "script")),
			                    cases[i].script);
		}
		/* the fitting script is offered among the suggestions */
		int offered = 0;
		json_array_foreach(json_object_get(r, "suggestions"), k, f)
		{
			const char *sc = json_string_value(json_object_get(f, "script"));
			offered |= sc && !strcmp(sc, cases[i].script);
		}
		assert_true(offered);
		json_decref(r);
	}
}

static void test_quiet_on_secure_drafts(void **state)
{
	(void)state;
	const char *calm[] = {
	    "You always make me laugh",
	    "you never need to apologise for that",
	    "I felt hurt when the plans changed; could we talk about it later?",
	    "If you don't mind, I'll bring wine.",
	    "Never mind, I found my keys",
	    "You're always so thoughtful.",
	    "I miss you, can we talk tonight?",
	    "I'm feeling a bit insecure about us right now and could use some reassurance.",
	    "Can we take a 10-minute break? I'm overwhelmed and want to come back to this calmer."};
	for (size_t i = 0; i < sizeof calm / sizeof *calm; i++) {
		json_t *r = coach(calm[i]);
		if (!json_is_false(json_object_get(r, "protest")))
			fail_msg("\"%s\" should not read as protest", calm[i]);
		assert_int_equal(json_array_size(json_object_get(r, "suggestions")), 0);
		json_decref(r);
	}
}

/* Protest read as concepts: sarcasm markers, going quiet, guilt, comparison,
 * threats and tallies in words written here, not taken from any corpus. */
static void test_protest_concepts(void **state)
{
	(void)state;
	const struct {
		const char *draft, *kind;
	} cases[] = {
	    {"Let me guess, the traffic again.", "hostility"},
	    {"Glad to know where I rank these days.", "hostility"},
	    {"Congrats on finally noticing I was there.", "hostility"},
	    {"Sorry for existing, I suppose.", "hostility"},
	    {"Oh, what a surprise, you're late.", "hostility"},
	    {"No, honestly, I won't bother you again.", "withdrawal"},
	    {"I'll keep my thoughts to myself from now on.", "withdrawal"},
	    {"Don't worry about me, I'll manage on my own.", "guilt"},
	    {"I cried myself to sleep, but enjoy the trip.", "guilt"},
	    {"I guess I'm just too much for everyone.", "guilt"},
	    {"Who's the girl in all your photos?", "jealousy"},
	    {"A guy at the gym asked me out today, funny that.", "jealousy"},
	    {"If this is how it's going to be, I'm out.", "threat-to-leave"},
	    {"Honestly I think I'd be happier single.", "threat-to-leave"},
	    {"I'm keeping a tally now, by the way.", "keeping-score"},
	    {"When is it my turn to pick?", "keeping-score"},
	    {"cool. bye", "withdrawal"},
	    {"Third text now: are you there?", "excessive-contact"},
	    {"k, thanks for the essay", "hostility"},
	    {"Tell me I'm not a burden.", "reassurance-seeking"},
	    {"I sat by the phone all evening.", "guilt"},
	    {"Give us one more chance, I can be better.", "pleading"},
	    {"yeah. ok.", "withdrawal"},
	    {"...ok", "withdrawal"},
	    {"Enjoy your 'team dinner' then.", "hostility"},
	    {"Hope the 'meeting' went well.", "hostility"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		json_t *r = coach(cases[i].draft);
		if (!json_is_true(json_object_get(r, "protest")) || !has_kind(r, cases[i].kind))
			fail_msg("\"%s\" should be found as %s", cases[i].draft, cases[i].kind);
		json_decref(r);
	}
}

/* The same words read differently inside a calm, open message: a feeling
 * owned, a plain request, room left to answer (data/coach-secure.json).  A
 * dig or a threat is read whatever surrounds it. */
static void test_secure_signs(void **state)
{
	(void)state;
	const struct {
		const char *draft;
		int protest;
	} cases[] = {
	    {"You seemed distant at dinner.", 1},
	    {"You seemed distant at dinner. Happy to listen whenever you're ready.", 0},
	    {"I felt jealous when you talked about your ex. That's my stuff, I wanted you to know.",
	     0},
	    {"I'm not going anywhere. Take all the time you need.", 0},
	    {"Of course you can borrow the car.", 0},
	    {"Do you still want to go to the market at 5?", 0},
	    {"Ok! See you at 8", 0},
	    {"My ex texted happy birthday and I said thanks. Just telling you so there are no "
	     "secrets.",
	     0},
	    {"Please don't cancel on my account, go and see your friends", 0},
	    {"Love you, bye", 0},
	    {"We finally watched 'Paddington' last night, so good", 0},
	    {"The kids' party starts at 3, can you bring juice?", 0},
	    {"Are you angry at the landlord too? What a mess", 0},
	    {"Sorry, I've texted three times today! Big news, call when you can", 0},
	    {"I understand you're busy, but you're pathetic.", 1},
	    {"I'd like you to know I'm done with you.", 1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		json_t *r = coach(cases[i].draft);
		if (json_is_true(json_object_get(r, "protest")) != cases[i].protest)
			fail_msg("\"%s\" should %sread as protest", cases[i].draft,
			         cases[i].protest ? "" : "not ");
		json_decref(r);
	}
	assert_true(hv_coach_yields("reassurance-seeking", 1));
	assert_false(hv_coach_yields("hostility", 1));
	assert_false(hv_coach_yields("threat-to-leave", 1));
	assert_false(hv_coach_yields(NULL, 1));
}

static void test_question_runs(void **state)
{
	(void)state;
	json_t *r = coach("are you ok??? hello??");
	assert_int_equal(json_array_size(json_object_get(r, "findings")), 2);
	assert_string_equal(json_string_value(json_object_get(finding(r, 0), "match")), "ok???");
	assert_string_equal(json_string_value(json_object_get(finding(r, 1), "match")), "hello??");
	json_decref(r);
}

static void test_held_validate(void **state)
{
	(void)state;
	struct hv_error err;
	json_t *b = json_pack("{s:s,s:s,s:s}", "draft", "hi", "hold_until",
	                      "2026-01-07T16:20:00.000Z", "status", "held");
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
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(one, "body"), "text")), "Sam stayed");
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

/* The words the coach reads a draft with are data/coach.json's, every part
 * of it but the rules and concepts the rules image carries: a stale or
 * missing coach-words.json in the build would show here. */
static void test_words_are_the_files(void **state)
{
	(void)state;
	size_t len = 0;
	assert_non_null(hv_content_image("coach-words.json", &len));
	const json_t *whole = hv_content_json("coach.json", NULL);
	const json_t *words = hv_coach_words();
	assert_non_null(whole);
	assert_non_null(words);
	assert_ptr_not_equal(words, whole);
	assert_null(json_object_get(words, "rules"));
	assert_null(json_object_get(words, "concepts"));
	const char *key;
	const json_t *v;
	size_t kept = 0;
	json_object_foreach((json_t *)whole, key, v)
	{
		if (!strcmp(key, "rules") || !strcmp(key, "concepts"))
			continue;
		assert_true(json_equal(v, json_object_get(words, key)));
		kept++;
	}
	assert_int_equal(json_object_size(words), kept);
}

/* Settling twice reads the draft for secure signs once: the answer kept in
 * *secure is the one used, and a finding of a yielding kind goes only when
 * that answer says the draft is secure. */
static void test_settle_secure_once(void **state)
{
	(void)state;
	const char *draft = "You seemed distant at dinner. Happy to listen whenever you're ready.";
	struct hv_toks toks;
	assert_int_equal(hv_tokenize(draft, strlen(draft), &toks), 0);
	json_t *f =
	    json_pack("[{s:s,s:i,s:i}]", "kind", "reassurance-seeking", "start", 0, "end", 3);
	int secure = 0; /* said to be known, and not secure */
	hv_coach_settle_secure_once(draft, strlen(draft), &toks, f, &secure);
	assert_int_equal(json_array_size(f), 1);
	secure = -1;
	hv_coach_settle_secure_once(draft, strlen(draft), &toks, f, &secure);
	assert_int_equal(secure, 1);
	assert_int_equal(json_array_size(f), 0);
	json_decref(f);
	hv_toks_free(&toks);
}

/* hv_coach_text reads data/coach.json's strings as hv_content_text does. */
static void test_coach_text(void **state)
{
	(void)state;
	const char *paths[] = {"messages/hold_saved", "kinds/withdrawal/why", "about"};
	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
		const char *want = hv_content_text("coach.json", paths[i], "none");
		assert_string_equal(hv_coach_text(paths[i], "none"), want);
	}
	assert_string_not_equal(hv_coach_text("messages/hold_saved", "none"), "none");
	assert_string_equal(hv_coach_text("messages/no such message", "none"), "none");
	assert_string_equal(hv_coach_text("rules", "none"), "none");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_protest_findings),
	    cmocka_unit_test(test_rewrite_uses_the_draft),
	    cmocka_unit_test(test_long_draft_words),
	    cmocka_unit_test(test_templates_offered_with_protest),
	    cmocka_unit_test(test_guide_protest_examples),
	    cmocka_unit_test(test_quiet_on_secure_drafts),
	    cmocka_unit_test(test_protest_concepts),
	    cmocka_unit_test(test_secure_signs),
	    cmocka_unit_test(test_question_runs),
	    cmocka_unit_test(test_held_validate),
	    cmocka_unit_test(test_held_cycle),
	    cmocka_unit_test(test_evidence_reframes_reassure),
	    cmocka_unit_test(test_words_are_the_files),
	    cmocka_unit_test(test_settle_secure_once),
	    cmocka_unit_test(test_coach_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
