/*
 * test_learnt.c — the weighed words beside the rules of check and coach
 * (src/patterns/learnt.c): the keys a text gives, negation and sentence
 * openers included; the passages a long text is read in; findings that
 * keep check's contract (ordered, showing their own bytes, one reason
 * each); a draft of 5,000 words read by the coach as by check; and the
 * weights haven runs with are the build's image of them, exactly what the
 * files index to.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "coach/coach.h"
#include "core/content.h"
#include "patterns/learnt-private.h"
#include "patterns/learnt.h"
#include "patterns/patterns.h"

struct seen {
	char keys[4096];
};

static void note_key(size_t word, const char *key, void *p)
{
	struct seen *s = p;
	size_t n = strlen(s->keys);
	snprintf(s->keys + n, sizeof s->keys - n, "|%s", key);
}

static int has_key(const struct seen *s, const char *key)
{
	char probe[256];
	snprintf(probe, sizeof probe, "|%s|", key);
	char all[4200];
	snprintf(all, sizeof all, "%s|", s->keys);
	return strstr(all, probe) != NULL;
}

static void test_keys_are_stems_pairs_classes_and_rules(void **state)
{
	(void)state;
	const struct hv_ruleset *rs = hv_ruleset_get("patterns.json", NULL);
	assert_non_null(rs);
	const char *text = "I am not always late. They hate me";
	struct hv_toks toks;
	assert_int_equal(hv_tokenize(text, strlen(text), &toks), 0);
	json_t *found = json_pack("[{s:s,s:i,s:i}]", "kind", "labeling", "start", 22, "end", 34);
	struct seen s = {{0}};
	assert_int_equal(hv_learnt_keys(rs, &toks, found, note_key, &s), 0);
	assert_true(has_key(&s, "i am"));
	assert_true(has_key(&s, "-late")); /* up to three words after "not": negated */
	assert_true(has_key(&s, "-alway"));
	assert_true(has_key(&s, "hate"));       /* a new sentence: not negated */
	assert_true(has_key(&s, "they hate"));  /* a pair of stems */
	assert_false(has_key(&s, "late they")); /* never across a full stop */
	assert_true(has_key(&s, "^i"));         /* each sentence's opening stem */
	assert_true(has_key(&s, "^they"));
	assert_false(has_key(&s, "^hate")); /* and no other word's */
	assert_true(has_key(&s, "rule:labeling"));
	assert_non_null(strstr(s.keys, "|@")); /* the rule set's lists and concepts */
	json_decref(found);
	hv_toks_free(&toks);
}

struct spans {
	size_t from[512], to[512], n;
};

static void note_passage(size_t from, size_t to, void *p)
{
	struct spans *s = p;
	if (s->n < 512)
		s->from[s->n] = from, s->to[s->n++] = to;
}

static void test_passages(void **state)
{
	(void)state;
	struct hv_toks toks;
	struct spans s = {.n = 0};
	const char *short_text = "They didn't answer. They must hate me.";
	assert_int_equal(hv_tokenize(short_text, strlen(short_text), &toks), 0);
	hv_learnt_passages(&toks, note_passage, &s);
	assert_int_equal(s.n, 1); /* a short text is one passage, as the entries learnt from */
	assert_int_equal(s.to[0], toks.n);
	hv_toks_free(&toks);

	char text[8000] = "";
	for (int i = 0; i < 60; i++)
		strcat(text, "I waited all day for a reply. ");
	assert_int_equal(hv_tokenize(text, strlen(text), &toks), 0);
	s.n = 0;
	hv_learnt_passages(&toks, note_passage, &s);
	assert_int_equal(s.n, 60); /* one from each sentence's start */
	for (size_t i = 0; i < s.n; i++) {
		assert_true(s.to[i] > s.from[i]);
		assert_true(s.to[i] - s.from[i] <= HV_LEARNT_WINDOW);
	}
	hv_toks_free(&toks);
}

/* check's contract on a long text: ordered by start, each match the bytes
 * it names, each with a reason. */
static void test_findings_keep_the_contract(void **state)
{
	(void)state;
	const char *lines[] = {"Nobody at work respects what I do.",
	                       "My sister got the promotion and I got nothing.",
	                       "It went fine but that was just luck.", "We had lunch by the river.",
	                       "I will probably mess up the interview like always."};
	char text[20000] = "";
	for (int i = 0; i < 100; i++)
		strcat(text, lines[i % 5]), strcat(text, " ");
	struct hv_error err;
	json_t *r = hv_check(text, strlen(text), &err);
	assert_non_null(r);
	json_t *findings = json_object_get(r, "findings"), *f;
	size_t i;
	json_int_t last = -1;
	json_array_foreach(findings, i, f)
	{
		json_int_t s = json_integer_value(json_object_get(f, "start"));
		json_int_t e = json_integer_value(json_object_get(f, "end"));
		const char *match = json_string_value(json_object_get(f, "match"));
		assert_true(s >= last);
		assert_true(e > s);
		assert_int_equal(strlen(match), (size_t)(e - s));
		assert_memory_equal(match, text + s, (size_t)(e - s));
		assert_true(hv_pattern_kind_valid(json_string_value(json_object_get(f, "kind"))));
		assert_true(strlen(json_string_value(json_object_get(f, "why"))) > 0);
		last = s;
	}
	json_decref(r);
}

static void test_no_weights_adds_nothing(void **state)
{
	(void)state;
	const struct hv_ruleset *rs = hv_ruleset_get("patterns.json", NULL);
	const char *text = "Everyone will leave me.";
	struct hv_toks toks;
	assert_int_equal(hv_tokenize(text, strlen(text), &toks), 0);
	json_t *findings = json_array();
	assert_int_equal(
	    hv_learnt_find("no-such-weights.tsv", rs, text, strlen(text), &toks, findings), 0);
	assert_int_equal(json_array_size(findings), 0);
	json_decref(findings);
	hv_toks_free(&toks);
}

static void test_coach_reads_five_thousand_words(void **state)
{
	(void)state;
	const char *line = "why do you never answer me when I need you, I waited all night. ";
	size_t n = strlen(line), words = 0;
	char *text = malloc(HV_COACH_MAX + 1);
	assert_non_null(text);
	text[0] = '\0';
	size_t len = 0;
	while (words < 5000 && len + n < HV_COACH_MAX) {
		memcpy(text + len, line, n + 1);
		len += n;
		words += 14;
	}
	assert_true(words >= 5000);
	struct hv_error err;
	json_t *r = hv_coach(text, len, &err);
	assert_non_null(r);
	assert_true(json_is_true(json_object_get(r, "protest")));
	json_decref(r);
	free(text);
}

/* The weights haven runs with come from the image the build made
 * (tools/weights-image.c), and that image is exactly the index of the file
 * made afresh: a stale or misread image would fail here. */
static void test_the_built_weights_image_is_the_file(void **state)
{
	(void)state;
	const char *files[] = {"patterns-weights.tsv", "coach-weights.tsv"};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		size_t len = 0, a_len = 0, b_len = 0;
		const char *bytes = hv_content_bytes(files[i], &len);
		assert_non_null(bytes);
		const struct learnt *running = hv_learnt_get(files[i]);
		assert_non_null(running);
		assert_null(running->owned); /* read from the image, not indexed here */
		struct learnt *fresh = hv_learnt_from_bytes(files[i], bytes, len);
		assert_non_null(fresh);
		assert_non_null(fresh->owned);
		char *a = hv_learnt_image_write(fresh, &a_len);
		char *b = hv_learnt_image_write(running, &b_len);
		assert_non_null(a);
		assert_non_null(b);
		assert_int_equal(a_len, b_len);
		assert_memory_equal(a, b, a_len);
		/* and a key is found in both, with the same weights */
		long f = hv_learnt_feature(fresh, "alway");
		assert_true(f >= 0);
		assert_int_equal(hv_learnt_feature(running, "alway"), f);
		assert_int_equal(hv_learnt_feature(running, "no such stem at all"), -1);
		free(b);
		free(a);
		hv_learnt_free(fresh);
	}
}

/* Every weight carries its thousandths, as the file wrote them: the
 * passages are weighed in those, exactly (learnt.c, passage_weight). */
static void test_every_weight_carries_its_thousandths(void **state)
{
	(void)state;
	const char *files[] = {"patterns-weights.tsv", "coach-weights.tsv"};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		const struct learnt *lw = hv_learnt_get(files[i]);
		assert_non_null(lw);
		assert_true(lw->ne > 1000);
		for (size_t e = 0; e < lw->ne; e++)
			assert_true(lw->e[e].w == (double)lw->e[e].milli / 1000);
	}
}

/* An image not made by this build of exactly these bytes is refused. */
static void test_a_foreign_weights_image_is_refused(void **state)
{
	(void)state;
	const char *file = "patterns-weights.tsv";
	size_t len = 0, img_len = 0;
	const char *bytes = hv_content_bytes(file, &len);
	struct learnt *fresh = hv_learnt_from_bytes(file, bytes, len);
	assert_non_null(fresh);
	char *img = hv_learnt_image_write(fresh, &img_len);
	assert_non_null(img);
	assert_null(hv_learnt_image_read(file, bytes, len, img, 16)); /* cut short */
	assert_null(hv_learnt_image_read(file, bytes, len, img, img_len - 4));
	assert_null(hv_learnt_image_read(file, bytes, len - 1, img, img_len)); /* other bytes */
	char *other = malloc(len);
	assert_non_null(other);
	memcpy(other, bytes, len);
	other[len / 2] ^= 1; /* one weight changed, same length */
	assert_null(hv_learnt_image_read(file, other, len, img, img_len));
	img[0] ^= 1; /* another magic */
	assert_null(hv_learnt_image_read(file, bytes, len, img, img_len));
	img[0] ^= 1;
	img[12] ^= 1; /* another build's layout */
	assert_null(hv_learnt_image_read(file, bytes, len, img, img_len));
	img[12] ^= 1;
	struct learnt *back = hv_learnt_image_read(file, bytes, len, img, img_len);
	assert_non_null(back);
	free(back);
	free(other);
	free(img);
	hv_learnt_free(fresh);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_keys_are_stems_pairs_classes_and_rules),
	    cmocka_unit_test(test_passages),
	    cmocka_unit_test(test_findings_keep_the_contract),
	    cmocka_unit_test(test_no_weights_adds_nothing),
	    cmocka_unit_test(test_coach_reads_five_thousand_words),
	    cmocka_unit_test(test_the_built_weights_image_is_the_file),
	    cmocka_unit_test(test_a_foreign_weights_image_is_refused),
	    cmocka_unit_test(test_every_weight_carries_its_thousandths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
