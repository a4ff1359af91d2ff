/*
 * test_practice.c — the practice library: the schedule of every technique
 * and every option (phase order, durations, totals, starts without gaps),
 * its JSON, the practice record's validation, the per-technique summary
 * and its refusal to name an effect from too few ratings, and the
 * soothing toolkit.  All from the schedule, never from a clock.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/store.h"
#include "core/template.h"
#include "practice/practice.h"
#include "store-fixture.h"

static const char *const all_techniques[] = {"breathe-478",   "breathe-box", "breathe-coherent",
                                             "breathe-three", "ground",      "relax",
                                             "scan",          "tipp",        "pause"};

static void sched(const char *t, struct hv_practice_opts o, struct hv_schedule *s)
{
	struct hv_error err;
	if (hv_practice_schedule(t, &o, s, &err) != 0)
		fail_msg("%s: %s", t, err.msg);
}

static int sched_fails(const char *t, struct hv_practice_opts o)
{
	struct hv_schedule s;
	struct hv_error err;
	if (hv_practice_schedule(t, &o, &s, &err) == 0) {
		hv_schedule_free(&s);
		return 0;
	}
	return err.code;
}

/* Each phase starts where the one before ended; the total is their sum. */
static void assert_contiguous(const struct hv_schedule *s)
{
	int64_t at = 0;
	for (size_t i = 0; i < s->n; i++) {
		assert_int_equal(s->phases[i].start_ms, at);
		assert_true(s->phases[i].duration_ms >= 0);
		at += s->phases[i].duration_ms;
	}
	assert_int_equal(s->total_ms, at);
}

static void assert_phase(const struct hv_schedule *s, size_t i, const char *name, int64_t start,
                         int64_t dur)
{
	assert_true(i < s->n);
	assert_string_equal(s->phases[i].name, name);
	assert_int_equal(s->phases[i].start_ms, start);
	assert_int_equal(s->phases[i].duration_ms, dur);
}

static void test_every_technique_has_a_schedule(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof all_techniques / sizeof *all_techniques; i++) {
		struct hv_schedule s;
		assert_true(hv_practice_known(all_techniques[i]));
		assert_non_null(hv_practice_label(all_techniques[i]));
		assert_non_null(strstr(hv_practice_list(), all_techniques[i]));
		sched(all_techniques[i], (struct hv_practice_opts){0}, &s);
		assert_string_equal(s.technique, all_techniques[i]);
		assert_true(s.n > 0);
		assert_true(s.total_ms > 0);
		assert_contiguous(&s);
		for (size_t k = 0; k < s.n; k++)
			assert_non_null(s.phases[k].cue);
		hv_schedule_free(&s);
	}
	assert_false(hv_practice_known("breathe-999"));
	assert_false(hv_practice_known(NULL));
}

static void test_478(void **state)
{
	(void)state;
	struct hv_schedule s;
	sched("breathe-478", (struct hv_practice_opts){0}, &s);
	assert_int_equal(s.rounds, 4); /* the default */
	assert_int_equal(s.n, 12);
	assert_int_equal(s.total_ms, 4 * 19000);
	for (int r = 0; r < 4; r++) {
		assert_phase(&s, (size_t)r * 3, "in", r * 19000, 4000);
		assert_phase(&s, (size_t)r * 3 + 1, "hold", r * 19000 + 4000, 7000);
		assert_phase(&s, (size_t)r * 3 + 2, "out", r * 19000 + 11000, 8000);
		assert_int_equal(s.phases[r * 3].round, r + 1);
		assert_int_equal(s.phases[r * 3].bar, HV_BAR_GROW);
		assert_int_equal(s.phases[r * 3 + 1].bar, HV_BAR_HOLD);
		assert_int_equal(s.phases[r * 3 + 2].bar, HV_BAR_SHRINK);
	}
	hv_schedule_free(&s);
	/* N rounds last N × 19 s, for any N */
	for (int n = 1; n <= 25; n++) {
		sched("breathe-478", (struct hv_practice_opts){.rounds = n}, &s);
		assert_int_equal(s.total_ms, n * 19000);
		assert_int_equal(s.n, (size_t)n * 3);
		assert_contiguous(&s);
		hv_schedule_free(&s);
	}
}

static void test_box_and_its_json(void **state)
{
	(void)state;
	struct hv_schedule s;
	sched("breathe-box", (struct hv_practice_opts){.rounds = 2}, &s);
	static const char *const names[] = {"in", "hold", "out", "hold"};
	assert_int_equal(s.n, 8);
	for (size_t i = 0; i < 8; i++)
		assert_phase(&s, i, names[i % 4], (int64_t)i * 4000, 4000);
	assert_int_equal(s.total_ms, 32000);
	json_t *j = hv_schedule_to_json(&s);
	char *text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	assert_string_equal(text, "{\"phases\":[{\"name\":\"in\",\"start\":0,\"duration\":4},"
	                          "{\"name\":\"hold\",\"start\":4,\"duration\":4},"
	                          "{\"name\":\"out\",\"start\":8,\"duration\":4},"
	                          "{\"name\":\"hold\",\"start\":12,\"duration\":4},"
	                          "{\"name\":\"in\",\"start\":16,\"duration\":4},"
	                          "{\"name\":\"hold\",\"start\":20,\"duration\":4},"
	                          "{\"name\":\"out\",\"start\":24,\"duration\":4},"
	                          "{\"name\":\"hold\",\"start\":28,\"duration\":4}]}");
	free(text);
	json_decref(j);
	hv_schedule_free(&s);
	sched("breathe-box", (struct hv_practice_opts){0}, &s);
	assert_int_equal(s.rounds, 4);
	assert_int_equal(s.total_ms, 64000);
	hv_schedule_free(&s);
}

static void test_coherent_and_minutes(void **state)
{
	(void)state;
	struct hv_schedule s;
	sched("breathe-coherent", (struct hv_practice_opts){0}, &s);
	assert_int_equal(s.rounds, 12);
	assert_int_equal(s.total_ms, 120000);
	assert_phase(&s, 0, "in", 0, 5000);
	assert_phase(&s, 1, "out", 5000, 5000);
	hv_schedule_free(&s);
	/* --minutes: the nearest whole number of rounds, at least one */
	struct {
		double minutes;
		int rounds;
	} cases[] = {{1, 6}, {2.5, 15}, {0.1, 1}, {0.01, 1}, {1.04, 6}, {1.09, 7}};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		sched("breathe-coherent", (struct hv_practice_opts){.minutes = cases[i].minutes},
		      &s);
		assert_int_equal(s.rounds, cases[i].rounds);
		assert_int_equal(s.total_ms, cases[i].rounds * 10000);
		hv_schedule_free(&s);
	}
	/* minutes at another pace: rounds are of the paced length */
	sched("breathe-478", (struct hv_practice_opts){.minutes = 1, .pace = 0.5}, &s);
	assert_int_equal(s.rounds, 6); /* 60 s / 9.5 s = 6.3 */
	assert_int_equal(s.total_ms, 6 * 9500);
	hv_schedule_free(&s);
}

static void test_three_and_pace(void **state)
{
	(void)state;
	struct hv_schedule s;
	sched("breathe-three", (struct hv_practice_opts){0}, &s);
	assert_int_equal(s.rounds, 3);
	assert_int_equal(s.n, 6);
	assert_phase(&s, 0, "in", 0, 4000);
	assert_phase(&s, 1, "out", 4000, 6000);
	assert_int_equal(s.total_ms, 30000);
	hv_schedule_free(&s);
	sched("breathe-three", (struct hv_practice_opts){.pace = 0.05}, &s);
	assert_int_equal(s.count_ms, 50);
	assert_phase(&s, 0, "in", 0, 200);
	assert_phase(&s, 1, "out", 200, 300);
	assert_phase(&s, 5, "out", 1200, 300);
	assert_int_equal(s.total_ms, 1500);
	json_t *j = hv_schedule_to_json(&s);
	json_t *p1 = json_array_get(json_object_get(j, "phases"), 1);
	assert_true(json_is_real(json_object_get(p1, "start")));
	assert_true(json_real_value(json_object_get(p1, "start")) == 0.2);
	assert_true(json_real_value(json_object_get(p1, "duration")) == 0.3);
	json_decref(j);
	hv_schedule_free(&s);
	/* a slower pace stretches every count */
	sched("breathe-box", (struct hv_practice_opts){.pace = 1.5, .rounds = 1}, &s);
	assert_int_equal(s.total_ms, 24000);
	assert_phase(&s, 3, "hold", 18000, 6000);
	hv_schedule_free(&s);
}

static void test_relax(void **state)
{
	(void)state;
	struct hv_schedule s;
	sched("relax", (struct hv_practice_opts){0}, &s);
	assert_int_equal(s.n, 20);
	assert_int_equal(s.rounds, 0);
	for (size_t i = 0; i < s.n; i += 2) {
		assert_phase(&s, i, "tense", (int64_t)i / 2 * 15000, 5000);
		assert_phase(&s, i + 1, "release", (int64_t)i / 2 * 15000 + 5000, 10000);
		assert_string_equal(s.phases[i].step, s.phases[i + 1].step);
		/* the release is the longer rest, and its words differ from the tensing */
		assert_true(s.phases[i + 1].duration_ms > s.phases[i].duration_ms);
		assert_string_not_equal(s.phases[i].cue, s.phases[i + 1].cue);
	}
	assert_string_equal(s.phases[0].step, "feet"); /* from the feet upward */
	assert_string_equal(s.phases[2].step, "calves");
	assert_string_equal(s.phases[19].step, "face");
	assert_int_equal(s.total_ms, 150000);
	json_t *j = hv_schedule_to_json(&s);
	assert_string_equal(json_string_value(json_object_get(
	                        json_array_get(json_object_get(j, "phases"), 0), "step")),
	                    "feet");
	json_decref(j);
	hv_schedule_free(&s);
	sched("relax", (struct hv_practice_opts){.pace = 0.1}, &s);
	assert_int_equal(s.total_ms, 15000);
	assert_phase(&s, 1, "release", 500, 1000);
	hv_schedule_free(&s);
}

static void test_scan_tipp_ground(void **state)
{
	(void)state;
	struct hv_schedule s;
	sched("scan", (struct hv_practice_opts){0}, &s);
	assert_int_equal(s.n, 10);
	assert_phase(&s, 0, "feet", 0, 12000);
	assert_phase(&s, 9, "whole", 108000, 12000);
	assert_int_equal(s.total_ms, 120000);
	hv_schedule_free(&s);

	sched("tipp", (struct hv_practice_opts){.pace = 2}, &s);
	static const char *const tipp[] = {"temperature", "intense-exercise", "paced-breathing",
	                                   "paired-relaxation"};
	assert_int_equal(s.n, 4);
	for (size_t i = 0; i < 4; i++)
		assert_phase(&s, i, tipp[i], (int64_t)i * 30000, 30000);
	hv_schedule_free(&s);

	sched("ground", (struct hv_practice_opts){0}, &s);
	static const struct {
		const char *sense;
		int n;
	} senses[] = {{"see", 5}, {"touch", 4}, {"hear", 3}, {"smell", 2}, {"taste", 1}};
	size_t k = 0;
	for (size_t i = 0; i < 5; i++) {
		for (int item = 1; item <= senses[i].n; item++, k++) {
			assert_phase(&s, k, senses[i].sense, (int64_t)k * 4000, 4000);
			assert_int_equal(s.phases[k].item, senses[i].n > 1 ? item : 0);
			assert_int_equal(s.phases[k].items, senses[i].n > 1 ? senses[i].n : 0);
			assert_non_null(s.phases[k].title);
		}
	}
	assert_int_equal(s.n, 15);
	assert_int_equal(s.total_ms, 60000);
	hv_schedule_free(&s);
}

static void test_pause(void **state)
{
	(void)state;
	struct hv_schedule s;
	sched("pause", (struct hv_practice_opts){0}, &s);
	assert_int_equal(s.total_ms, 600000); /* ten minutes by default */
	assert_true(s.spread);
	assert_int_equal(s.n, 7);
	assert_phase(&s, 0, "arrive", 0, 60000); /* weight 1 of 10 */
	assert_phase(&s, 1, "breathe", 60000, 120000);
	assert_string_equal(s.phases[6].name, "choose");
	assert_contiguous(&s);
	hv_schedule_free(&s);
	sched("pause", (struct hv_practice_opts){.minutes = 0.02}, &s);
	assert_int_equal(s.total_ms, 1200);
	assert_phase(&s, 0, "arrive", 0, 120);
	assert_contiguous(&s);
	hv_schedule_free(&s);
	/* odd totals still add up exactly */
	sched("pause", (struct hv_practice_opts){.minutes = 0.0001}, &s);
	assert_int_equal(s.total_ms, 6);
	assert_contiguous(&s);
	hv_schedule_free(&s);
	sched("pause", (struct hv_practice_opts){.minutes = 2, .pace = 0.5}, &s);
	assert_int_equal(s.total_ms, 60000);
	hv_schedule_free(&s);
}

static void test_bad_options(void **state)
{
	(void)state;
	assert_int_equal(sched_fails("breathe-nope", (struct hv_practice_opts){0}), HV_EINVAL);
	assert_int_equal(sched_fails("relax", (struct hv_practice_opts){.rounds = 2}), HV_EINVAL);
	assert_int_equal(sched_fails("scan", (struct hv_practice_opts){.minutes = 2}), HV_EINVAL);
	assert_int_equal(sched_fails("pause", (struct hv_practice_opts){.rounds = 2}), HV_EINVAL);
	assert_int_equal(
	    sched_fails("breathe-box", (struct hv_practice_opts){.rounds = 2, .minutes = 1}),
	    HV_EINVAL);
	assert_int_equal(sched_fails("breathe-box", (struct hv_practice_opts){.pace = -1}),
	                 HV_EINVAL);
	assert_int_equal(sched_fails("breathe-box", (struct hv_practice_opts){.pace = 61}),
	                 HV_EINVAL);
	assert_int_equal(sched_fails("breathe-box", (struct hv_practice_opts){.rounds = 1001}),
	                 HV_EINVAL);
	assert_int_equal(sched_fails("breathe-box", (struct hv_practice_opts){.minutes = -1}),
	                 HV_EINVAL);
	assert_int_equal(
	    sched_fails("breathe-three", (struct hv_practice_opts){.minutes = 600, .pace = 0.001}),
	    HV_EINVAL); /* far more than the most rounds */
	assert_int_equal(sched_fails("pause", (struct hv_practice_opts){.minutes = 601}),
	                 HV_EINVAL);
	assert_int_equal(sched_fails("breathe-box", (struct hv_practice_opts){.pace = 0.001}), 0);
}

static void test_seconds_json(void **state)
{
	(void)state;
	json_t *a = hv_seconds_json(4000), *b = hv_seconds_json(1500), *c = hv_seconds_json(0);
	assert_true(json_is_integer(a) && json_integer_value(a) == 4);
	assert_true(json_is_real(b) && json_real_value(b) == 1.5);
	assert_true(json_is_integer(c) && json_integer_value(c) == 0);
	json_decref(a), json_decref(b), json_decref(c);
}

static json_t *good_body(const char *technique)
{
	return json_pack("{s:s,s:i,s:f,s:b,s:i,s:i}", "technique", technique, "planned_seconds", 30,
	                 "actual_seconds", 12.5, "completed", 0, "distress_before", 7,
	                 "distress_after", 4);
}

static void expect_invalid(json_t *b, const char *needle)
{
	struct hv_error err;
	assert_int_equal(hv_practice_validate(b, &err), -1);
	assert_int_equal(err.code, HV_EINVAL);
	if (!strstr(err.msg, needle))
		fail_msg("\"%s\" does not name \"%s\"", err.msg, needle);
	json_decref(b);
}

static void test_validate(void **state)
{
	(void)state;
	struct hv_error err;
	json_t *b = good_body("breathe-three");
	assert_int_equal(hv_practice_validate(b, &err), 0);
	json_object_set_new(b, "pace", json_real(0.05));
	json_object_set_new(b, "rounds", json_integer(3));
	assert_int_equal(hv_practice_validate(b, &err), 0);
	json_decref(b);

	b = good_body("pause");
	json_object_set_new(b, "urge_passed", json_true());
	json_object_set_new(b, "did", json_string("made tea"));
	assert_int_equal(hv_practice_validate(b, &err), 0);
	json_decref(b);

	b = good_body("breathe-box");
	json_object_set_new(b, "urge_passed", json_true());
	expect_invalid(b, "urge_passed"); /* only the pause has an urge */
	b = good_body("nope");
	expect_invalid(b, "nope");
	b = good_body("relax");
	json_object_set_new(b, "distress_after", json_integer(11));
	expect_invalid(b, "distress_after");
	b = good_body("relax");
	json_object_set_new(b, "distress_before", json_real(3.5));
	expect_invalid(b, "distress_before");
	b = good_body("relax");
	json_object_set_new(b, "actual_seconds", json_integer(-1));
	expect_invalid(b, "actual_seconds");
	b = good_body("relax");
	json_object_set_new(b, "completed", json_integer(1));
	expect_invalid(b, "completed");
	b = good_body("relax");
	json_object_set_new(b, "mood", json_integer(1));
	expect_invalid(b, "mood");
	b = good_body("relax");
	json_object_del(b, "planned_seconds");
	expect_invalid(b, "planned_seconds");
	expect_invalid(json_array(), "object");
}

static void add(struct hv_store *st, const char *technique, int before, int after, double seconds,
                int completed)
{
	struct hv_error err;
	json_t *b = json_pack("{s:s,s:i,s:f,s:b}", "technique", technique, "planned_seconds", 60,
	                      "actual_seconds", seconds, "completed", completed);
	if (before >= 0)
		json_object_set_new(b, "distress_before", json_integer(before));
	if (after >= 0)
		json_object_set_new(b, "distress_after", json_integer(after));
	if (hv_practice_add(st, b, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	json_decref(b);
}

static const json_t *find(const json_t *sum, const char *technique)
{
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(sum, "techniques"), i, t)
	{
		if (strcmp(json_string_value(json_object_get(t, "technique")), technique) == 0)
			return t;
	}
	fail_msg("no %s in the summary", technique);
	return NULL;
}

static void test_summary(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store("p.db");
	struct hv_error err;
	json_t *sum = hv_practice_summary(st, 0, &err);
	assert_int_equal(json_integer_value(json_object_get(sum, "practices")), 0);
	assert_int_equal(json_array_size(json_object_get(sum, "techniques")), 0);
	json_decref(sum);

	/* two rated box practices and one unrated: not enough to say anything */
	add(st, "breathe-box", 7, 4, 60, 1);
	add(st, "breathe-box", 6, 5, 30, 0);
	add(st, "breathe-box", -1, -1, 90, 1);
	add(st, "breathe-box", 5, -1, 90, 1); /* only one rating: not a change */
	sum = hv_practice_summary(st, 0, &err);
	const json_t *box = find(sum, "breathe-box");
	assert_int_equal(json_integer_value(json_object_get(box, "count")), 4);
	assert_int_equal(json_integer_value(json_object_get(box, "completed")), 3);
	assert_int_equal(json_integer_value(json_object_get(box, "rated")), 2);
	assert_true(json_number_value(json_object_get(box, "minutes")) == 4.5);
	assert_true(json_is_null(json_object_get(box, "mean_change")));
	assert_true(json_is_false(json_object_get(box, "enough")));
	const char *s = json_string_value(json_object_get(box, "sentence"));
	assert_non_null(strstr(s, "2 rated so far"));
	assert_null(strstr(s, "lowered"));
	json_decref(sum);

	/* a third rated one: now a mean, (−3 −1 −3)/3 = −2.3 */
	add(st, "breathe-box", 8, 5, 60, 1);
	add(st, "relax", 3, 5, 150, 1);
	sum = hv_practice_summary(st, 0, &err);
	assert_int_equal(json_integer_value(json_object_get(sum, "practices")), 6);
	box = find(sum, "breathe-box");
	assert_true(json_is_true(json_object_get(box, "enough")));
	assert_true(json_real_value(json_object_get(box, "mean_change")) == -2.3);
	assert_string_equal(json_string_value(json_object_get(box, "sentence")),
	                    "Box breathing lowered your distress by 2.3 points on average over 3 "
	                    "practices.");
	/* most practised first */
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(json_object_get(sum, "techniques"), 0),
	                                      "technique")),
	    "breathe-box");
	const json_t *relax = find(sum, "relax");
	assert_true(json_is_null(json_object_get(relax, "mean_change")));
	json_decref(sum);
	hv_store_close(st);
}

static void test_sentences(void **state)
{
	(void)state;
	char *s = hv_practice_sentence("box breathing", 9, -2.1);
	assert_string_equal(
	    s, "Box breathing lowered your distress by 2.1 points on average over 9 practices.");
	free(s);
	s = hv_practice_sentence("body scan", 4, 1.0);
	assert_non_null(strstr(s, "1.0 points higher"));
	free(s);
	s = hv_practice_sentence("body scan", 4, 0.04);
	assert_non_null(strstr(s, "about the same"));
	free(s);
	s = hv_practice_sentence("body scan", 2, -5);
	assert_null(strstr(s, "5.0"));
	assert_non_null(strstr(s, "2 rated so far"));
	free(s);
	const char *kv[] = {"a", "1", "bb", "two", NULL};
	s = hv_template_fill("{a}+{bb}={c} {a}", kv);
	assert_string_equal(s, "1+two={c} 1");
	free(s);
}

static void test_soothe(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store("s.db");
	struct hv_error err;
	struct hv_record r;
	assert_int_equal(hv_soothe_pick(st, &err) == NULL, 1);
	assert_int_equal(err.code, HV_ENOTFOUND);
	assert_int_equal(hv_soothe_add(st, "mind", "  a crossword  ", NULL, &err), 0);
	assert_int_equal(hv_soothe_add(st, "body", "a warm shower", &r, &err), 0);
	assert_int_equal(hv_soothe_add(st, "feelings", "call my sister", NULL, &err), 0);
	assert_int_equal(hv_soothe_add(st, "heart", "x", NULL, &err), -1);
	assert_int_equal(err.code, HV_EINVAL);
	assert_int_equal(hv_soothe_add(st, "body", "   ", NULL, &err), -1);
	json_t *list = hv_soothe_list(st, &err);
	assert_int_equal(json_array_size(list), 3);
	/* grouped body, feelings, mind, and the text tidied */
	assert_string_equal(json_string_value(json_object_get(
	                        json_object_get(json_array_get(list, 0), "body"), "text")),
	                    "a warm shower");
	assert_string_equal(json_string_value(json_object_get(
	                        json_object_get(json_array_get(list, 2), "body"), "text")),
	                    "a crossword");
	json_decref(list);
	assert_int_equal(hv_soothe_remove(st, r.id, NULL, &err), 0);
	assert_int_equal(hv_soothe_remove(st, r.id, NULL, &err), -1);
	list = hv_soothe_list(st, &err);
	assert_int_equal(json_array_size(list), 2);
	json_decref(list);
	for (int i = 0; i < 20; i++) {
		json_t *one = hv_soothe_pick(st, &err);
		assert_non_null(one);
		const char *t =
		    json_string_value(json_object_get(json_object_get(one, "body"), "text"));
		assert_true(strcmp(t, "a crossword") == 0 || strcmp(t, "call my sister") == 0);
		json_decref(one);
	}
	json_t *bad = json_pack("{s:s,s:s,s:i}", "group", "body", "text", "x", "extra", 1);
	assert_int_equal(hv_soothe_validate(bad, &err), -1);
	json_decref(bad);
	hv_record_release(&r);
	hv_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_technique_has_a_schedule),
	    cmocka_unit_test(test_478),
	    cmocka_unit_test(test_box_and_its_json),
	    cmocka_unit_test(test_coherent_and_minutes),
	    cmocka_unit_test(test_three_and_pace),
	    cmocka_unit_test(test_relax),
	    cmocka_unit_test(test_scan_tipp_ground),
	    cmocka_unit_test(test_pause),
	    cmocka_unit_test(test_bad_options),
	    cmocka_unit_test(test_seconds_json),
	    cmocka_unit_test(test_validate),
	    cmocka_unit_test(test_summary),
	    cmocka_unit_test(test_sentences),
	    cmocka_unit_test(test_soothe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
