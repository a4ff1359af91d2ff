/*
 * test_learnt_any.c — the weight of "any kind at all" over a short text
 * (src/patterns/learnt-any.c) and the veto the coach reads it with: a
 * calm draft that shares a word with a protest weighs under the veto and
 * is let be, though a rule fires on it; a protest weighs far over it and
 * stays one; a long text or an empty one is not weighed whole; words never
 * learnt weigh the bias alone; a weights file with no veto line has none.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "coach/coach.h"
#include "patterns/learnt-private.h"
#include "patterns/learnt.h"
#include "patterns/patterns.h"

#define WEIGHTS "coach-weights.tsv"

struct read {
	struct hv_toks toks;
	json_t *rules;
	double weight;
	int weighed;
};

static struct read read_draft(const char *text)
{
	const struct hv_ruleset *rs = hv_ruleset_get("coach.json", NULL);
	assert_non_null(rs);
	struct read r = {0};
	assert_int_equal(hv_tokenize(text, strlen(text), &r.toks), 0);
	r.rules = hv_coach_rule_findings(rs, text, strlen(text), &r.toks);
	r.weighed = hv_learnt_any(WEIGHTS, rs, &r.toks, &r.weight);
	return r;
}

static void done(struct read *r)
{
	json_decref(r->rules);
	hv_toks_free(&r->toks);
}

static int protest(const char *text)
{
	struct hv_error err;
	json_t *out = hv_coach(text, strlen(text), &err);
	assert_non_null(out);
	int p = json_is_true(json_object_get(out, "protest"));
	json_decref(out);
	return p;
}

static void test_the_coach_weights_have_a_veto(void **state)
{
	(void)state;
	double veto = hv_learnt_veto(WEIGHTS);
	assert_true(isfinite(veto));
	/* check's weights have none, and no file none either */
	assert_true(isinf(hv_learnt_veto("patterns-weights.tsv")));
	assert_true(isinf(hv_learnt_veto("no-such-weights.tsv")));
}

/* A rule hears "you're impossible", but the draft is teasing and warm. */
static void test_a_calm_draft_a_rule_hears_is_let_be(void **state)
{
	(void)state;
	const char *text = "haha you're impossible. drive safe, text when you're home x";
	struct read r = read_draft(text);
	assert_true(json_array_size(r.rules) > 0);
	assert_int_equal(r.weighed, 1);
	assert_true(r.weight < hv_learnt_veto(WEIGHTS));
	assert_false(protest(text));
	done(&r);
}

static void test_a_protest_stays_one(void **state)
{
	(void)state;
	const char *text = "Why do you never answer me?? Answer me!!";
	struct read r = read_draft(text);
	assert_int_equal(r.weighed, 1);
	assert_true(r.weight > hv_learnt_veto(WEIGHTS));
	assert_true(protest(text));
	done(&r);
}

/* Over two windows of words, a calm stretch says nothing of the rest. */
static void test_long_and_empty_texts_are_not_weighed_whole(void **state)
{
	(void)state;
	char text[4096] = "";
	for (int i = 0; i < 20; i++)
		strcat(text, "haha you're impossible. drive safe x ");
	struct read r = read_draft(text);
	assert_true(r.toks.n > 2 * HV_LEARNT_WINDOW);
	assert_int_equal(r.weighed, 0);
	done(&r);
	struct read e = read_draft("");
	assert_int_equal(e.weighed, 0);
	done(&e);
	/* and where there is no "any" model, nothing is weighed */
	const struct hv_ruleset *rs = hv_ruleset_get("coach.json", NULL);
	struct hv_toks toks;
	double w = 0;
	assert_int_equal(hv_tokenize("hi", 2, &toks), 0);
	assert_int_equal(hv_learnt_any("no-such-weights.tsv", rs, &toks, &w), 0);
	hv_toks_free(&toks);
}

/* Words no weight was learnt for weigh the bias alone (a fuzzer's bytes
 * once handed the sort no array at all). */
static void test_unknown_words_weigh_the_bias(void **state)
{
	(void)state;
	const char *text = "Yo\xc3\xa9\xa3^\xfd\x7f zzqxv \xf0=v";
	const struct hv_ruleset *rs = hv_ruleset_get("coach.json", NULL);
	const struct learnt *lw = hv_learnt_get(WEIGHTS);
	assert_non_null(lw);
	int any = -1;
	for (int k = 0; k < lw->nkinds; k++)
		if (strcmp(lw->kind[k], HV_LEARNT_ANY) == 0)
			any = k;
	assert_true(any >= 0);
	struct hv_toks toks;
	double w = 0;
	assert_int_equal(hv_tokenize("zzqxv", 5, &toks), 0);
	assert_int_equal(hv_learnt_any(WEIGHTS, rs, &toks, &w), 1);
	assert_true(w == lw->bias[any]);
	hv_toks_free(&toks);
	assert_int_equal(hv_tokenize(text, strlen(text), &toks), 0);
	assert_true(hv_learnt_any(WEIGHTS, rs, &toks, &w) >= 0);
	hv_toks_free(&toks);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_the_coach_weights_have_a_veto),
	    cmocka_unit_test(test_a_calm_draft_a_rule_hears_is_let_be),
	    cmocka_unit_test(test_a_protest_stays_one),
	    cmocka_unit_test(test_long_and_empty_texts_are_not_weighed_whole),
	    cmocka_unit_test(test_unknown_words_weigh_the_bias),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
