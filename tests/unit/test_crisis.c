/*
 * test_crisis.c — the crisis net.
 *
 * Scored on its corpus: the development half (tests/corpus/crisis.tsv),
 * which the rules are written against and the weighed words learnt from,
 * the calibration set, which set only the weights' threshold, and the
 * sealed half (crisis-sealed.tsv), which none of it ever saw; and on the
 * everyday anxious thoughts and drafts of check and coach, which must stay
 * quiet.  The floors here guard against a change that makes the net hear
 * less or cry wolf more; the figures themselves are printed by make bench.  Also: one rule hears
 * every form of a word (Snowball), negation and idioms, offsets point at the words, a long text is
 * read to its end, rules are tried sentence by sentence, broken UTF-8 does
 * not blind the net, JSON bodies are searched everywhere, and
 * malformed rules are refused with a reason, and the image the build
 * makes of the rules is exactly what they compile to.  The directory of lines is tested in
 * test_crisis_lines.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "safety/crisis-private.h"
#include "safety/crisis.h"

struct score {
	int must, heard, quiet, alarms;
};

/* all_ordinary: a corpus of another feature whose every line is ordinary. */
static struct score score_file(const char *name, int all_ordinary)
{
	const char *dir = getenv("HAVEN_SOURCE_DIR");
	char path[4096], line[4096];
	snprintf(path, sizeof path, "%s/tests/corpus/%s", dir ? dir : ".", name);
	FILE *f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s (set HAVEN_SOURCE_DIR)", path);
	struct score s = {0};
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		line[strcspn(line, "\n")] = '\0';
		char *tab = strchr(line, '\t');
		assert_non_null(tab);
		*tab = '\0';
		int hit = hv_crisis_scan(tab + 1, strlen(tab + 1), NULL);
		if (!all_ordinary && hv_crisis_label(line)) {
			s.must++;
			s.heard += hit;
		} else {
			s.quiet++;
			s.alarms += hit;
		}
	}
	fclose(f);
	print_message("%s: recall %d of %d, false alarms %d of %d\n", name, s.heard, s.must,
	              s.alarms, s.quiet);
	return s;
}

static struct score score_corpus(const char *name)
{
	return score_file(name, 0);
}

static void test_development_half(void **state)
{
	(void)state;
	struct score s = score_corpus("crisis.tsv");
	assert_true(s.must >= 1000 && s.quiet >= 1000);
	assert_true(s.heard * 100 >= s.must * 95);  /* recall at least 95 % */
	assert_true(s.alarms * 100 <= s.quiet * 5); /* false alarms at most 5 % */
}

/* The floors for words the net never learnt from: guards against a change
 * that makes it hear less or cry wolf more; make bench prints the figures. */
static void test_calibration_and_sealed(void **state)
{
	(void)state;
	struct score c = score_corpus("crisis-calibration.tsv");
	struct score s = score_corpus("crisis-sealed.tsv");
	assert_true(s.must >= 1000 && s.quiet >= 1000);
	assert_true(c.heard * 100 >= c.must * 75);
	assert_true(c.alarms * 100 <= c.quiet * 15);
	assert_true(s.heard * 100 >= s.must * 75);
	assert_true(s.alarms * 100 <= s.quiet * 15);
}

/* Most of what people write is an anxious thought or a draft: help must
 * not answer "I'm never good enough" or "why haven't you replied".  Two in
 * a hundred at most: a few of these thoughts ("I am a burden") are also a
 * warning sign that screening asks about, where speaking up is right, and
 * the threshold is set to hear crisis first (anxious entries may raise help
 * up to a fifth of the time on the calibration set; see crisis-train.c). */
static void test_everyday_anxious_words_stay_quiet(void **state)
{
	(void)state;
	struct score p = score_file("patterns.tsv", 1);
	struct score c = score_file("coach.tsv", 1);
	assert_true(p.quiet >= 100 && c.quiet >= 100);
	assert_true((p.alarms + c.alarms) * 100 <= 2 * (p.quiet + c.quiet));
	assert_false(hv_crisis_scan("why haven't you replied", 23, NULL));
	assert_false(hv_crisis_scan("I'm never good enough for anyone", 32, NULL));
	assert_false(hv_crisis_scan("He's going to leave me.", 23, NULL));
}

static int hears(const char *text)
{
	return hv_crisis_scan(text, strlen(text), NULL);
}

static void test_one_rule_hears_every_form(void **state)
{
	(void)state;
	assert_true(hears("I overdosed on my sleeping tablets last night"));
	assert_true(hears("thinking about overdosing on my meds"));
	assert_true(hears("I want to overdose on my pills"));
	assert_true(hears("I keep thinking about killing myself"));
	assert_true(hears("i wanna kms"));
	assert_true(hears("feeling suicdal again")); /* one slip of the finger */
	assert_true(hears("I WANT TO DIEEEE"));
}

static void test_negation_idioms_and_other_people(void **state)
{
	(void)state;
	assert_false(hears("I would never hurt myself"));
	assert_false(hears("I'm not suicidal, just really tired"));
	assert_false(hears("I'm killing it at work this week"));
	assert_false(hears("dying to see you this weekend"));
	assert_false(hears("I could murder a pizza"));
	assert_false(hears("we watched a documentary about suicide prevention"));
	assert_false(hears("I'm done with this diet"));
	/* "zero" denies as "no" does, and a time free of it is recovery (the
	 * rules alone: the words must not need the weights to be read right) */
	const char *zero = "i have zero urge to hurt myself today";
	assert_false(hv_crisis_scan_rules(zero, strlen(zero), NULL));
	const char *free = "Three years self-harm free. Eight months without self-harm.";
	assert_false(hv_crisis_scan_rules(free, strlen(free), NULL));
	assert_true(hears("I have zero plans to hurt myself but I want to cut tonight"));
	/* a negation in another clause does not cancel what follows */
	assert_true(hears("I'm not okay, I want to die"));
	assert_true(hears("I don't know why but I want to kill myself"));
	assert_true(hears("I can't stop thinking about ending my life"));
	/* "whether" opens a question of its own: the "not" before it does not
	 * answer it (the rules alone, so the weighed words cannot cover for them) */
	const char *whether = "I should be worrying about exams not about whether to kill myself";
	assert_true(hv_crisis_scan_rules(whether, strlen(whether), NULL));
}

/* "Whatever, I'm done trying" is protest: a step back said to be heard,
 * not a wish to die.  Help stays for giving up on living itself. */
static void test_protest_withdrawal_is_not_a_crisis(void **state)
{
	(void)state;
	assert_false(hears("Whatever, I'm done trying"));
	assert_false(hears("whatever. im done trying"));
	assert_false(hears("Fine. Whatever. I'm done trying with you."));
	assert_true(hears("I'm done trying to stay alive"));
	assert_true(hears("i'm too broken to fix. i'm done trying. i'm done with living"));
}

static void test_offsets_point_at_the_words(void **state)
{
	(void)state;
	struct hv_crisis_hit hit;
	const char *t = "Honestly — I’d rather KILL MYSELF than call";
	assert_int_equal(hv_crisis_scan(t, strlen(t), &hit), 1);
	assert_memory_equal(t + hit.start, "KILL MYSELF", hit.end - hit.start);
	assert_non_null(hit.rule);
	assert_string_equal(hit.category, "active");
}

static void test_a_long_text_is_read_to_the_end(void **state)
{
	(void)state;
	size_t cap = 5200 * 8 + 64, len = 0;
	char *t = malloc(cap);
	assert_non_null(t);
	for (int i = 0; i < 5200; i++)
		len += (size_t)snprintf(t + len, cap - len, "%s ", i % 13 ? "waiting" : "today.");
	snprintf(t + len, cap - len, "and tonight I will end my life");
	assert_int_equal(hv_crisis_scan(t, strlen(t), NULL), 1);
	free(t);
}

/* In a long text a word read before names its first reading, and shares
 * its stem and id: the weighed words look each kind of word up once
 * through it, so it must never point at another word. */
static void test_repeated_words_name_their_first_reading(void **state)
{
	(void)state;
	const char *day = "I don't think he'll call, I can't stop checking. Won't he? ";
	size_t cap = 60 * strlen(day) + 1, len = 0;
	char *t = malloc(cap);
	assert_non_null(t);
	for (int i = 0; i < 60; i++)
		len += (size_t)snprintf(t + len, cap - len, "%s", day);
	const struct cmodel *m = hv_crisis_model();
	struct cwords ws = {0};
	assert_int_equal(hv_crisis_words(m, t, len, &ws), 0);
	size_t repeats = 0;
	for (size_t i = 0; i < ws.n; i++) {
		size_t f = ws.w[i].first;
		assert_true(f <= i);
		assert_int_equal(ws.w[f].first, f);
		assert_string_equal(ws.stem[f], ws.stem[i]);
		assert_int_equal(ws.w[f].id, ws.w[i].id);
		repeats += f < i;
	}
	assert_true(repeats > ws.n / 2); /* the text says the same words sixty times */
	hv_crisis_words_free(&ws);
	free(t);
}

/* A long entry is read sentence by sentence: two ordinary sentences read
 * across their boundary ("a walk over the bridge" / "my pills with dinner")
 * are not heard as one, while a crisis sentence anywhere still is, and so
 * is one in a run of words with no full stop at all. */
static void test_a_long_entry_is_read_by_its_sentences(void **state)
{
	(void)state;
	const char *day = "He said he would call after work and I waited by the phone, wondering "
	                  "if I had said too much. My chest felt tight so I went for a walk over "
	                  "the bridge and took my pills with dinner. Tomorrow I will try to rest. ";
	size_t cap = 200 * strlen(day) + 256, len = 0;
	char *t = malloc(cap);
	assert_non_null(t);
	for (int i = 0; i < 200; i++)
		len += (size_t)snprintf(t + len, cap - len, "%s", day);
	assert_int_equal(hv_crisis_scan(t, len, NULL), 0);
	snprintf(t + len / 2 - len / 2 % strlen(day), cap - len / 2, "I want to kill myself. %s",
	         day);
	assert_int_equal(hv_crisis_scan(t, strlen(t), NULL), 1);
	len = 0;
	for (int i = 0; i < 300; i++)
		len += (size_t)snprintf(t + len, cap - len, "%s ",
		                        i == 250 ? "i want to die" : "and then");
	assert_int_equal(hv_crisis_scan(t, len, NULL), 1);
	free(t);
}

/* A rule is set aside for a sentence where some part of it has no word to
 * start with: that must be worked out afresh for each sentence, and never
 * join words across a full stop. */
static void test_rules_are_tried_sentence_by_sentence(void **state)
{
	(void)state;
	struct hv_crisis_hit hit = {0};
	const char *apart = "I will kill. Myself I cannot say";
	assert_int_equal(hv_crisis_scan_rules(apart, strlen(apart), &hit), 0);
	const char *later = "I kill time every day. I am going to kill myself tonight";
	assert_int_equal(hv_crisis_scan_rules(later, strlen(later), &hit), 1);
	assert_string_equal(hit.rule, "kill-self");
	assert_memory_equal(later + hit.start, "kill myself", hit.end - hit.start);
	const char *again = "I use the car every day. I would use the knife on myself tonight";
	assert_int_equal(hv_crisis_scan_rules(again, strlen(again), &hit), 1);
	assert_string_equal(hit.rule, "use-on-self");
	assert_memory_equal(again + hit.start, "use the knife on myself", hit.end - hit.start);
}

static void test_broken_text_does_not_blind_it(void **state)
{
	(void)state;
	const char bad[] = "i want to \xff\xfe kill myself";
	assert_int_equal(hv_crisis_scan(bad, sizeof bad - 1, NULL), 1);
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

/* Compile a small rule file; the reason it was refused, or "" if not. */
static const char *refusal(const char *json_text)
{
	static char why[256];
	json_error_t jerr;
	json_t *data = json_loads(json_text, 0, &jerr);
	assert_non_null(data);
	why[0] = '\0';
	struct cmodel *m = hv_crisis_model_compile(data, why, sizeof why);
	if (m)
		why[0] = '\0';
	hv_crisis_model_free(m);
	json_decref(data);
	return why;
}

static void test_malformed_rules_are_refused(void **state)
{
	(void)state;
	assert_string_equal(
	    refusal("{\"concepts\": {\"A\": [\"die\"]}, \"rules\": [{\"id\": \"x\", "
	            "\"category\": \"wish\", \"match\": \"want *2 @A\"}]}"),
	    "");
	assert_non_null(strstr(refusal("{\"concepts\": {}, \"rules\": [{\"id\": \"x\", "
	                               "\"category\": \"wish\", \"match\": \"want @NOPE\"}]}"),
	                       "@NOPE"));
	assert_non_null(strstr(refusal("{\"concepts\": {}, \"rules\": [{\"id\": \"x\", "
	                               "\"category\": \"wish\", \"match\": \"*2 die\"}]}"),
	                       "start and end"));
	assert_non_null(strstr(refusal("{\"spelling\": {\"gonna\": \"going to\"}, \"concepts\": "
	                               "{}, \"rules\": [{\"id\": \"x\", \"category\": \"active\", "
	                               "\"match\": \"gonna|will die\"}]}"),
	                       "group"));
	assert_non_null(
	    strstr(refusal("{\"concepts\": {\"A\": [\"@A\"]}, \"rules\": []}"), "refers back"));
	assert_non_null(strstr(refusal("{\"rules\": []}"), "concepts"));
}

/* The data's own words pass through its spelling table: a rule written
 * "won't" hears "wont", "won’t" and "will not" alike. */
static void test_rules_are_spelled_like_text(void **state)
{
	(void)state;
	char why[256];
	json_error_t jerr;
	json_t *data = json_loads("{\"spelling\": {\"wont\": \"will not\"}, \"concepts\": {}, "
	                          "\"rules\": [{\"id\": \"x\", "
	                          "\"category\": \"plan\", \"match\": \"i won't be here\"}]}",
	                          0, &jerr);
	struct cmodel *m = hv_crisis_model_compile(data, why, sizeof why);
	assert_non_null(m);
	struct cwords ws = {0};
	assert_int_equal(hv_crisis_words(m, "i will not be here", 18, &ws), 0);
	assert_int_equal(ws.n, 5);
	assert_int_equal(m->rules[0].pat.n, 5);
	for (size_t i = 0; i < ws.n; i++)
		assert_int_equal(ws.w[i].id, m->rules[0].pat.e[i].ids[0]);
	hv_crisis_words_free(&ws);
	hv_crisis_model_free(m);
	json_decref(data);
}

/* The model haven runs is the image the build made (crisis-image.c), and
 * that image is exactly what the data compiles to: written, read back and
 * written again, byte for byte; a stale or misread image would fail here. */
static void test_the_built_image_is_the_data(void **state)
{
	(void)state;
	char why[256];
	const struct cmodel *running = hv_crisis_model();
	assert_non_null(running);
	assert_non_null(running->block); /* read from the image, not compiled */
	struct cmodel *fresh = hv_crisis_model_from_data(why, sizeof why);
	assert_non_null(fresh);
	size_t a_len = 0, b_len = 0, c_len = 0;
	char *a = hv_crisis_image_write(fresh, &a_len);
	char *b = hv_crisis_image_write(running, &b_len);
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(a_len, b_len);
	assert_memory_equal(a, b, a_len);
	struct cmodel *back = hv_crisis_image_read(a, a_len);
	assert_non_null(back);
	char *c = hv_crisis_image_write(back, &c_len);
	assert_int_equal(c_len, a_len);
	assert_memory_equal(a, c, a_len);
	/* and it hears the same: every word of a sentence gets the same id */
	const char *text = "i cant do this anymore, took all my pills and wrote the note";
	struct cwords x = {0}, y = {0};
	assert_int_equal(hv_crisis_words(fresh, text, strlen(text), &x), 0);
	assert_int_equal(hv_crisis_words(back, text, strlen(text), &y), 0);
	assert_int_equal(x.n, y.n);
	for (size_t i = 0; i < x.n; i++) {
		assert_int_equal(x.w[i].id, y.w[i].id);
		assert_string_equal(x.stem[i], y.stem[i]);
	}
	hv_crisis_words_free(&x);
	hv_crisis_words_free(&y);
	free(c);
	hv_crisis_model_free(back);
	free(b);
	free(a);
	hv_crisis_model_free(fresh);
}

/* The indexes the matcher reads instead of the tables say what the tables
 * say: every stem and spelled word is found where it is by its hash (and
 * a word in neither is not), each word's bitmap of asked concepts holds
 * exactly those whose first words hold it, and a concept's members are
 * the named concepts its trie steps over alone. */
static void test_the_indexes_agree_with_the_tables(void **state)
{
	(void)state;
	const struct cmodel *m = hv_crisis_model();
	assert_non_null(m);
	for (int i = 0; i < m->n_stems; i++)
		assert_int_equal(hv_crisis_stem_id(m, m->stems[i].stem), m->stems[i].id);
	for (int i = 0; i < m->n_spelled; i++)
		assert_ptr_equal(hv_crisis_spelled(m, m->spelled[i].word), &m->spelled[i]);
	assert_int_equal(hv_crisis_stem_id(m, "qqzxv"), 0);
	assert_null(hv_crisis_spelled(m, "qqzxv"));
	int asked = 0;
	for (int k = 0; k < m->n_concepts; k++) {
		int slot = m->asked_slot[k];
		asked += slot >= 0;
		for (int w = 0; slot >= 0 && w < m->n_vocab; w++) {
			uint64_t row =
			    m->asked_bits[(size_t)w * (size_t)m->asked_words + (size_t)slot / 64];
			assert_int_equal((int)(row >> (slot % 64) & 1),
			                 cbit(m->concepts[k].first, w));
		}
	}
	assert_int_equal(asked, m->n_asked);
	assert_true(asked > 0);
	size_t row = (size_t)m->n_named / 8 + 1;
	for (int k = 0; k < m->n_named; k++) {
		const uint8_t *bits = &m->member_bits[(size_t)k * row];
		for (int j = m->member_from[k]; j < m->member_from[k + 1]; j++) {
			assert_true(cbit(bits, m->member_at[j])); /* a complex member is a member */
			assert_true(m->concepts[m->member_at[j]].complex >= 0);
		}
		if (m->concepts[k].complex < 0)
			for (int x = 0; x < m->n_named; x++)
				assert_false(cbit(bits, x)); /* no trie of its own: no members */
	}
}

/* An image that is not one this build wrote is refused, never misread. */
static void test_a_foreign_image_is_refused(void **state)
{
	(void)state;
	size_t len = 0;
	char *img = hv_crisis_image_write(hv_crisis_model(), &len);
	assert_non_null(img);
	assert_null(hv_crisis_image_read(img, 16)); /* cut short */
	assert_null(hv_crisis_image_read(img, len / 2));
	img[0] ^= 1; /* another magic */
	assert_null(hv_crisis_image_read(img, len));
	img[0] ^= 1;
	img[8] ^= 1; /* another format */
	assert_null(hv_crisis_image_read(img, len));
	img[8] ^= 1;
	img[12] ^= 1; /* another build's layout */
	assert_null(hv_crisis_image_read(img, len));
	img[12] ^= 1;
	struct cmodel *m = hv_crisis_image_read(img, len);
	assert_non_null(m);
	hv_crisis_model_free(m);
	free(img);
}

/* The weights the net weighs with come from the build's image of
 * data/crisis-weights.tsv (tools/weights-image.c), exactly the index the
 * file makes afresh. */
static void test_the_built_weights_image_is_the_file(void **state)
{
	(void)state;
	size_t a_len = 0, b_len = 0;
	int from_image = 0, unused;
	assert_true(hv_crisis_scan("i want to die", 13, NULL)); /* the weights are read */
	char *a = hv_crisis_weights_image(1, &a_len, &unused);
	char *b = hv_crisis_weights_image(0, &b_len, &from_image);
	assert_non_null(a);
	assert_non_null(b);
	assert_true(from_image);
	assert_int_equal(a_len, b_len);
	assert_memory_equal(a, b, a_len);
	free(b);
	free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_development_half),
	    cmocka_unit_test(test_calibration_and_sealed),
	    cmocka_unit_test(test_everyday_anxious_words_stay_quiet),
	    cmocka_unit_test(test_one_rule_hears_every_form),
	    cmocka_unit_test(test_negation_idioms_and_other_people),
	    cmocka_unit_test(test_protest_withdrawal_is_not_a_crisis),
	    cmocka_unit_test(test_offsets_point_at_the_words),
	    cmocka_unit_test(test_a_long_text_is_read_to_the_end),
	    cmocka_unit_test(test_repeated_words_name_their_first_reading),
	    cmocka_unit_test(test_a_long_entry_is_read_by_its_sentences),
	    cmocka_unit_test(test_rules_are_tried_sentence_by_sentence),
	    cmocka_unit_test(test_broken_text_does_not_blind_it),
	    cmocka_unit_test(test_json_bodies),
	    cmocka_unit_test(test_malformed_rules_are_refused),
	    cmocka_unit_test(test_rules_are_spelled_like_text),
	    cmocka_unit_test(test_the_built_image_is_the_data),
	    cmocka_unit_test(test_the_indexes_agree_with_the_tables),
	    cmocka_unit_test(test_a_foreign_image_is_refused),
	    cmocka_unit_test(test_the_built_weights_image_is_the_file),
	};
	return cmocka_run_group_tests_name("crisis", tests, NULL, NULL);
}
