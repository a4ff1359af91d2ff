/*
 * test_patterns.c — the pattern engine behind `haven check`: tokens keep
 * the bytes of the original text, contractions and curly apostrophes are
 * folded, negation and distancing silence a rule, invalid UTF-8 is safe,
 * every shipped rule compiles, and the rules haven runs are the build's
 * image of exactly what the data compiles to.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/content.h"
#include "patterns/patterns.h"
#include "patterns/rules-private.h"

static json_t *check(const char *text)
{
	struct hv_error err;
	json_t *r = hv_check(text, strlen(text), &err);
	assert_non_null(r);
	return r;
}

static const char *kind_of(const json_t *r, size_t i)
{
	return json_string_value(
	    json_object_get(json_array_get(json_object_get(r, "findings"), i), "kind"));
}

static size_t count(const json_t *r)
{
	return json_array_size(json_object_get(r, "findings"));
}

static void test_tokens_keep_original_bytes(void **state)
{
	(void)state;
	const char *text = "Don’t PANIC, it’s fine.";
	struct hv_toks t;
	assert_int_equal(hv_tokenize(text, strlen(text), &t), 0);
	/* don’t → do not (both spanning the whole word), panic, it’s → it is, fine */
	assert_int_equal(t.n, 6);
	assert_string_equal(t.v[0].norm, "do");
	assert_string_equal(t.v[1].norm, "not");
	assert_int_equal(t.v[0].start, 0);
	assert_int_equal(t.v[1].end, 7); /* the curly apostrophe is three bytes */
	assert_string_equal(t.v[2].norm, "panic");
	assert_int_equal(t.v[2].start, 8);
	assert_int_equal(t.v[2].end, 13);
	assert_string_equal(t.v[3].norm, "it");
	assert_string_equal(t.v[4].norm, "is");
	assert_true(t.v[3].clause > t.v[2].clause);         /* the comma */
	assert_int_equal(t.v[5].sentence, t.v[0].sentence); /* no full stop yet */
	hv_toks_free(&t);
}

static void test_tokens_invalid_utf8_is_a_separator(void **state)
{
	(void)state;
	const char text[] = "ab\xff"
	                    "cd\xc3";
	struct hv_toks t;
	assert_int_equal(hv_tokenize(text, sizeof text - 1, &t), 0);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.v[0].norm, "ab");
	assert_string_equal(t.v[1].norm, "cd");
	assert_int_equal(t.v[1].start, 3);
	hv_toks_free(&t);
}

static void test_case_folding_beyond_ascii(void **state)
{
	(void)state;
	const char *text = "ÉCOLE Straße";
	struct hv_toks t;
	assert_int_equal(hv_tokenize(text, strlen(text), &t), 0);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.v[0].norm, "école");
	assert_string_equal(t.v[1].norm, "strasse"); /* full case folding */
	hv_toks_free(&t);
}

/* Each word carries its Snowball stem, worked out once per distinct word:
 * a word met again has the same stem as the first time, through the memo
 * and its growth past its first size. */
static void test_tokens_carry_their_stems(void **state)
{
	(void)state;
	const char *text = "Overdosed, overdosing; they're leaving. LEAVING again";
	struct hv_toks t;
	assert_int_equal(hv_tokenize(text, strlen(text), &t), 0);
	assert_int_equal(t.n, 7); /* they're is two words */
	assert_string_equal(t.v[0].stem, "overdos");
	assert_string_equal(t.v[1].stem, "overdos");
	assert_string_equal(t.v[2].norm, "they");
	assert_string_equal(t.v[3].norm, "are");
	assert_string_equal(t.v[4].stem, "leav");
	assert_string_equal(t.v[5].stem, "leav");
	assert_string_equal(t.v[6].stem, "again");
	hv_toks_free(&t);

	/* many distinct words, each twice: the memo grows and stays right */
	char big[20000];
	size_t at = 0;
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < 400; i++)
			at += (size_t)snprintf(big + at, sizeof big - at, "walking%dx ", i);
	assert_int_equal(hv_tokenize(big, at, &t), 0);
	assert_int_equal(t.n, 800);
	for (size_t i = 0; i < 400; i++) {
		assert_string_equal(t.v[i].norm, t.v[i + 400].norm);
		assert_string_equal(t.v[i].stem, t.v[i + 400].stem);
		assert_ptr_not_equal(t.v[i].stem, t.v[i + 400].stem); /* each token owns its own */
		assert_int_equal(t.v[i].type, i);                     /* the first of its kind */
		assert_int_equal(t.v[i + 400].type, i);               /* ... and its second */
	}
	hv_toks_free(&t);
}

/* A token's type is the first token with the same norm, however the word
 * was written: what depends only on the word is read once through it. */
static void test_tokens_name_their_type(void **state)
{
	(void)state;
	const char *text = "I'm sure. Sure? I am SURE, am I";
	struct hv_toks t;
	assert_int_equal(hv_tokenize(text, strlen(text), &t), 0);
	assert_int_equal(t.n, 9); /* I'm is two words */
	for (size_t i = 0; i < t.n; i++) {
		size_t first = 0;
		while (strcmp(t.v[first].norm, t.v[i].norm) != 0)
			first++;
		assert_int_equal(t.v[i].type, first);
	}
	assert_int_equal(t.v[4].type, 0); /* "I" after "Sure?" is the "i" of "I'm" */
	assert_int_equal(t.v[6].type, 2); /* SURE */
	hv_toks_free(&t);
}

static void test_finding_offsets_and_match(void **state)
{
	(void)state;
	const char *text = "Honestly, I know she thinks I’m too clingy.";
	json_t *r = check(text);
	assert_int_equal(count(r), 2);
	const json_t *f = json_array_get(json_object_get(r, "findings"), 0);
	assert_string_equal(kind_of(r, 0), "mind-reading");
	json_int_t s = json_integer_value(json_object_get(f, "start"));
	json_int_t e = json_integer_value(json_object_get(f, "end"));
	assert_memory_equal(json_string_value(json_object_get(f, "match")), text + s,
	                    (size_t)(e - s));
	assert_int_equal(s, 12);
	assert_non_null(strstr(json_string_value(json_object_get(f, "why")), "guess"));
	assert_string_equal(kind_of(r, 1), "labeling");
	json_decref(r);
}

static void test_negation_and_distancing_silence_rules(void **state)
{
	(void)state;
	const char *quiet[] = {
	    "I don't always mess up.",
	    "I do not always mess up",
	    "It isn't all my fault... no, it's not my fault",
	    "I don’t think I’m a failure.",
	    "I used to believe everyone leaves me.",
	    "Just because he's quiet doesn't mean he hates me.",
	    "I always enjoy our walks",
	    "you never need to apologise for that",
	    "killing it at work",
	};
	for (size_t i = 0; i < sizeof quiet / sizeof *quiet; i++) {
		json_t *r = check(quiet[i]);
		if (count(r) != 0)
			fail_msg("expected no finding in \"%s\", got %s", quiet[i], kind_of(r, 0));
		json_decref(r);
	}
	/* the guide calls it all-or-nothing; "always" with a bad event is
	 * overgeneralising too, and both may be named */
	json_t *r = check("I always mess up.");
	assert_true(count(r) >= 1);
	assert_string_equal(kind_of(r, 0), "all-or-nothing");
	json_decref(r);
}

static void test_every_kind_is_reachable(void **state)
{
	(void)state;
	const char *examples[][2] = {
	    {"all-or-nothing", "Nothing I do is ever good enough."},
	    {"overgeneralization", "This always happens to me."},
	    {"mind-reading", "They're all judging me."},
	    {"fortune-telling", "He's going to leave me."},
	    {"catastrophizing", "I've ruined everything."},
	    {"emotional-reasoning", "I feel rejected, which means I was rejected."},
	    {"should-statements", "I should be over this by now."},
	    {"labeling", "I'm such an idiot."},
	    {"personalization", "I must have done something wrong."},
	    {"other-blame", "It's all your fault."},
	    {"mental-filter", "I keep replaying the mistake I made."},
	    {"discounting-positive", "He was just being nice."},
	};
	for (size_t i = 0; i < sizeof examples / sizeof *examples; i++) {
		assert_true(hv_pattern_kind_valid(examples[i][0]));
		assert_non_null(hv_pattern_label(examples[i][0]));
		json_t *r = check(examples[i][1]);
		if (count(r) < 1 || strcmp(kind_of(r, 0), examples[i][0]) != 0)
			fail_msg("\"%s\" should be %s", examples[i][1], examples[i][0]);
		json_decref(r);
	}
	assert_false(hv_pattern_kind_valid("mind reading"));
}

static void test_too_long_is_refused(void **state)
{
	(void)state;
	size_t n = HV_CHECK_MAX + 1;
	char *big = malloc(n);
	memset(big, 'a', n);
	struct hv_error err;
	assert_null(hv_check(big, n, &err));
	assert_int_equal(err.code, HV_EINVAL);
	free(big);
}

static void test_shipped_rules_compile(void **state)
{
	(void)state;
	struct hv_error err;
	assert_non_null(hv_ruleset_get("patterns.json", &err));
	assert_non_null(hv_ruleset_get("coach.json", &err));
	assert_null(hv_ruleset_get("no-such-file.json", &err));
	assert_int_equal(err.code, HV_ECORRUPT);
}

static void test_nul_inside_a_match_is_left_out(void **state)
{
	(void)state;
	const char text[] = "I know\0they think I'm too needy";
	struct hv_error err;
	json_t *r = hv_check(text, sizeof text - 1, &err);
	assert_non_null(r);
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(r, "findings"), i, f)
	{
		assert_null(memchr(json_string_value(json_object_get(f, "match")), '\0',
		                   json_string_length(json_object_get(f, "match"))));
	}
	json_decref(r);
}

/* True when check names kind anywhere in text. */
/* How many findings text has (the result freed). */
static size_t findings_in(const char *text)
{
	json_t *r = check(text);
	size_t n = count(r);
	json_decref(r);
	return n;
}

static int names(const char *text, const char *kind)
{
	json_t *r = check(text);
	int found = 0;
	for (size_t i = 0; i < count(r); i++)
		found |= strcmp(kind_of(r, i), kind) == 0;
	json_decref(r);
	return found;
}

/* The guide's own examples of thinking traps, in the project's paraphrase. */
static void test_the_guides_examples_are_caught(void **state)
{
	(void)state;
	assert_true(
	    names("If they don't text back, they must be losing interest", "catastrophizing"));
	assert_true(names("If they don't text back, they must be losing interest", "mind-reading"));
	assert_true(names("A cancelled date means they've found someone else", "catastrophizing"));
	assert_true(names("I'm not enough", "labeling"));
	assert_true(names("I'm being pathetic", "labeling"));
	assert_true(names("They always leave me", "overgeneralization"));
	assert_true(names("I know they think I'm too needy", "mind-reading"));
	assert_true(names("I always mess up relationships", "all-or-nothing"));
}

/* Concepts hear every form of a word by its stem: one rule, many variants. */
static void test_concepts_hear_word_forms(void **state)
{
	(void)state;
	assert_true(names("I keep fixating on the one thing he said", "mental-filter"));
	assert_true(names("I'm fixated on that one comment", "mental-filter"));
	assert_true(names("She's annoyed with me", "mind-reading"));
	assert_true(names("She's been annoying me", "mind-reading") == 0);
	/* and a healthy sentence with the same words stays quiet */
	assert_int_equal(0, findings_in("There's no evidence he's upset with me, just a delay."));
	assert_int_equal(0, findings_in("I asked her if she was upset with me. She said no."));
	assert_int_equal(0, findings_in("I feel tired, so I'm going to bed early."));
}

/* A sentence long enough to need many rules still answers in one piece. */
static void test_findings_do_not_overlap_within_a_kind(void **state)
{
	(void)state;
	json_t *r = check("I'm a failure, I'm a failure, I'm such a failure.");
	json_t *f = json_object_get(r, "findings");
	for (size_t i = 1; i < json_array_size(f); i++) {
		json_t *a = json_array_get(f, i - 1), *b = json_array_get(f, i);
		if (strcmp(json_string_value(json_object_get(a, "kind")),
		           json_string_value(json_object_get(b, "kind"))) == 0)
			assert_true(json_integer_value(json_object_get(a, "end")) <=
			            json_integer_value(json_object_get(b, "start")));
	}
	json_decref(r);
}

/* The rules haven runs come from the image the build made
 * (tools/rules-image.c), and that image is exactly what the data compiles
 * to: a stale or misread image would fail here. */
static void test_the_built_rules_image_is_the_data(void **state)
{
	(void)state;
	const char *files[] = {"patterns.json", "coach.json"};
	for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
		size_t len = 0, a_len = 0, b_len = 0, c_len = 0;
		const char *image = hv_ruleset_image_of(files[f], &len);
		assert_non_null(image);
		struct hv_error err;
		const struct hv_ruleset *running = hv_ruleset_get(files[f], &err);
		assert_non_null(running);
		struct hv_ruleset *fresh = hv_ruleset_compile(files[f], &err);
		assert_non_null(fresh);
		assert_int_equal(err.code, HV_OK);
		struct hv_ruleset *back = hv_ruleset_image_read(files[f], image, len);
		assert_non_null(back);
		/* the kinds by name and reason, with their JSON not yet parsed */
		assert_null(back->kinds);
		assert_int_equal(back->nkinds, json_object_size(fresh->kinds));
		const char *kind;
		json_t *v;
		int k = 0;
		json_object_foreach((json_t *)fresh->kinds, kind, v)
		{
			assert_int_equal(hv_ruleset_kind_no(back, kind), k++);
			assert_string_equal(hv_ruleset_kind_why(back, kind),
			                    json_string_value(json_object_get(v, "why")));
		}
		assert_int_equal(hv_ruleset_kind_no(back, "no such kind"), -1);
		assert_null(hv_ruleset_kind_why(back, "no such kind"));
		assert_null(back->kinds);
		assert_true(
		    json_equal(hv_ruleset_kinds(back), fresh->kinds)); /* parsed when asked */
		char *a = hv_ruleset_image_write(fresh, &a_len);
		char *b = hv_ruleset_image_write(running, &b_len);
		char *c = hv_ruleset_image_write(back, &c_len);
		assert_non_null(a);
		assert_non_null(b);
		assert_non_null(c);
		assert_int_equal(a_len, len);
		assert_memory_equal(a, image, len);
		assert_int_equal(b_len, len);
		assert_memory_equal(b, image, len);
		assert_int_equal(c_len, len);
		assert_memory_equal(c, image, len);
		free(c);
		free(b);
		free(a);
		hv_ruleset_free(back);
		hv_ruleset_free(fresh);
	}
	/* the tokenizer's tables are patterns.json's own */
	const json_t *shared = hv_content_json("patterns.json", NULL);
	const char *tables[] = {"contractions", "endings", "s_is", "negators", "negation_skip"};
	for (size_t i = 0; i < sizeof tables / sizeof *tables; i++)
		assert_true(
		    json_equal(hv_patterns_table(tables[i]), json_object_get(shared, tables[i])));
}

/* An image not made by this build of exactly these data is refused, never
 * misread. */
static void test_a_foreign_rules_image_is_refused(void **state)
{
	(void)state;
	size_t len = 0;
	const char *image = hv_ruleset_image_of("patterns.json", &len);
	assert_non_null(image);
	char *img = malloc(len);
	assert_non_null(img);
	memcpy(img, image, len);
	assert_null(hv_ruleset_image_read("patterns.json", img, 16)); /* cut short */
	assert_null(hv_ruleset_image_read("patterns.json", img, len / 2));
	assert_null(hv_ruleset_image_read("patterns.json", img, len - 8));
	assert_null(hv_ruleset_image_read("coach.json", img, len)); /* another file's */
	img[0] ^= 1;                                                /* another magic */
	assert_null(hv_ruleset_image_read("patterns.json", img, len));
	img[0] ^= 1;
	img[12] ^= 1; /* another build's layout */
	assert_null(hv_ruleset_image_read("patterns.json", img, len));
	img[12] ^= 1;
	img[16] ^= 1; /* other data: another length ... */
	assert_null(hv_ruleset_image_read("patterns.json", img, len));
	img[16] ^= 1;
	img[24] ^= 1; /* ... or other bytes */
	assert_null(hv_ruleset_image_read("patterns.json", img, len));
	img[24] ^= 1;
	struct hv_ruleset *rs = hv_ruleset_image_read("patterns.json", img, len);
	assert_non_null(rs);
	hv_ruleset_free(rs);
	free(img);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tokens_keep_original_bytes),
	    cmocka_unit_test(test_tokens_invalid_utf8_is_a_separator),
	    cmocka_unit_test(test_case_folding_beyond_ascii),
	    cmocka_unit_test(test_tokens_carry_their_stems),
	    cmocka_unit_test(test_tokens_name_their_type),
	    cmocka_unit_test(test_finding_offsets_and_match),
	    cmocka_unit_test(test_negation_and_distancing_silence_rules),
	    cmocka_unit_test(test_every_kind_is_reachable),
	    cmocka_unit_test(test_too_long_is_refused),
	    cmocka_unit_test(test_shipped_rules_compile),
	    cmocka_unit_test(test_nul_inside_a_match_is_left_out),
	    cmocka_unit_test(test_the_guides_examples_are_caught),
	    cmocka_unit_test(test_concepts_hear_word_forms),
	    cmocka_unit_test(test_findings_do_not_overlap_within_a_kind),
	    cmocka_unit_test(test_the_built_rules_image_is_the_data),
	    cmocka_unit_test(test_a_foreign_rules_image_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
