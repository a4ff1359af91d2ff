/*
 * test_coach_calm.c — the coach reads the idea, not the sentence: calm,
 * clear messages that share a protest's words pass (an ending said kindly
 * and owned, being done with a film, a phone off until a named day, a
 * reason given out of care), and the same words said as protest are still
 * found.  Every draft here is the project's own, written for these tests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "coach/coach.h"
#include "patterns/patterns.h"

static json_t *coach(const char *draft)
{
	struct hv_error err;
	json_t *r = hv_coach(draft, strlen(draft), &err);
	assert_non_null(r);
	return r;
}

static int has_kind(const json_t *r, const char *kind)
{
	size_t i;
	const json_t *f;
	json_array_foreach(json_object_get(r, "findings"), i, f)
	{
		if (strcmp(json_string_value(json_object_get(f, "kind")), kind) == 0)
			return 1;
	}
	return 0;
}

static void expect_calm(const char *const *drafts, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_t *r = coach(drafts[i]);
		if (!json_is_false(json_object_get(r, "protest")))
			fail_msg("\"%s\" should not read as protest", drafts[i]);
		json_decref(r);
	}
}

/* A decision to part, said kindly and owned, is not a threat made to be
 * answered: it is meant, and it leaves the other person their dignity. */
static void test_kind_endings(void **state)
{
	(void)state;
	static const char *const calm[] = {
	    "We aren't right for each other and I think we both see it. I'm sad, but I'd like "
	    "to end this kindly.",
	    "I think we should stop seeing each other. I've thought about it for a long time. "
	    "I'm grateful for everything we shared.",
	    "I'm breaking up with you, and I want you to know you did nothing wrong.",
	    "I think we should end things. I'm saying this as gently as I can.",
	    "You've told me you want to end it. It hurts, and I respect your decision.",
	    "I feel lonely with us lately. I don't want to end it, I want us to work on it. "
	    "Can we talk on Sunday?",
	};
	expect_calm(calm, sizeof calm / sizeof *calm);
}

/* Words of leaving or going quiet that are about something else, or come
 * with a reason given out of care and a time to come back. */
static void test_everyday_words(void **state)
{
	(void)state;
	static const char *const calm[] = {
	    "Honestly I'm done with this film, it drags. Shall we put on something else?",
	    "Not in the mood for a loud bar tonight, so I'll skip it. Have fun!",
	    "cool cool cool, I'll bring dessert",
	    "Phone going off until Monday for the course. Love you, talk then",
	    "Don't bother coming round tonight, I've got a cold and don't want you catching it",
	    "It doesn't matter anymore, I already sorted the tickets. Sorry for the mix-up.",
	    "I can drop the box round or leave it with your sister, whatever you prefer.",
	    "I need a few days of distance, for my own sake. I'm not angry.",
	    "I'm so done with this heat, can we get a fan?",
	    "I've had enough of this rain, let's stay in",
	    "we're over the moon about the news!",
	    "I'm breaking up the trip into two days, the drive is too long",
	    "I'm going quiet on the group chat for a bit, too many notifications",
	    "sorry sorry, running late, the bus broke down",
	    "I can't do this anymore with this laptop, ordering a new one",
	    "Writing it all down so I can leave it here until the morning.",
	    "We both agreed to give the ring back. It wasn't right for us.",
	    "Thanks so much for the tulips!",
	    "ugh so done with this hangover. pancakes?",
	    "do you have a spare charger or should I bring mine?",
	    "logging off now, early shift tomorrow. night x",
	    "I love you more than I can say.",
	    "Happier than I've been in years, thank you for today.",
	};
	expect_calm(calm, sizeof calm / sizeof *calm);
}

/* Owning a feeling, checking in plainly, leaving room to answer. */
static void test_owned_feelings(void **state)
{
	(void)state;
	static const char *const calm[] = {
	    "I saw the photo with your ex and got a bit jealous. I'm not accusing you of "
	    "anything, can you tell me about it?",
	    "You liked her picture and I felt a twinge. I'm ok, just being honest with you.",
	    "are we alright? dinner felt tense and I'd rather talk it through than guess",
	    "If you've changed your mind about the trip, tell me. I won't be upset.",
	    "moved my meeting so I can make Friday, hope that works",
	    "did you see my text from earlier? not urgent, just about the bins",
	    "I see you're still on the apps. Totally your call, but I'd like to know where "
	    "we stand.",
	};
	expect_calm(calm, sizeof calm / sizeof *calm);
}

/* The same words said as protest are still heard. */
static void test_protest_still_heard(void **state)
{
	(void)state;
	static const struct {
		const char *draft, *kind;
	} cases[] = {
	    {"I'm done with this relationship unless you call tonight.", "threat-to-leave"},
	    {"I'm done with you.", "threat-to-leave"},
	    {"I'm so done with this.", "threat-to-leave"},
	    {"I've had enough of you.", "threat-to-leave"},
	    {"We're over.", "threat-to-leave"},
	    {"Maybe we should just split up.", "threat-to-leave"},
	    {"I'm breaking up with you.", "threat-to-leave"},
	    {"sorry sorry sorry, please answer", "pleading"},
	    {"cancelling dinner. not in the mood.", "withdrawal"},
	    {"cool cool cool.", "withdrawal"},
	    {"I'm turning my phone off.", "withdrawal"},
	    {"It doesn't matter anymore.", "withdrawal"},
	    {"Whatever you want.", "withdrawal"},
	    {"Ok I get it. I'll back off.", "withdrawal"},
	    {"Fine. If you're going to that party, we're done.", "threat-to-leave"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		json_t *r = coach(cases[i].draft);
		if (!json_is_true(json_object_get(r, "protest")) || !has_kind(r, cases[i].kind))
			fail_msg("\"%s\" should be found as %s", cases[i].draft, cases[i].kind);
		json_decref(r);
	}
}

/* Leaving put as a question, a countdown or a condition; going quiet
 * announced; contempt dressed as praise: each read as an idea, in words
 * the rules were not written from. */
static void test_concepts_heard(void **state)
{
	(void)state;
	static const struct {
		const char *draft, *kind;
	} cases[] = {
	    {"If I moved out, would you even notice?", "threat-to-leave"},
	    {"I'm one more bad night away from walking out.", "threat-to-leave"},
	    {"Maybe we should both stop pretending this works.", "threat-to-leave"},
	    {"Should I just stop waiting for you to move here?", "threat-to-leave"},
	    {"Nobody's forcing you to stay with me.", "threat-to-leave"},
	    {"You've got three days to decide.", "threat-to-leave"},
	    {"I'm redownloading the apps, just so you know.", "threat-to-leave"},
	    {"Don't wait up for me.", "withdrawal"},
	    {"Right, I see how it is.", "withdrawal"},
	    {"I'll be quiet now then.", "withdrawal"},
	    {"Oh look, your highness finally replied.", "hostility"},
	    {"Should I get you a medal for texting back?", "hostility"},
	    {"Don't act like you care now.", "hostility"},
	    {"Oh wonderful, another weekend of you on the sofa with your phone.", "hostility"},
	    {"Thank you for gracing me with two whole words.", "hostility"},
	    {"Go on, tell me again how tired you are.", "hostility"},
	    {"Do I need an appointment with your assistant to see you?", "hostility"},
	    {"Don't mind me, I only organised the whole thing.", "guilt"},
	    {"The least you could do is say thanks.", "guilt"},
	    {"I hope the party was worth it.", "guilt"},
	    {"Guess I wasn't worth a reply.", "guilt"},
	    {"So he gets a whole evening and I get a thumbs up.", "jealousy"},
	    {"Will it just be you and her all weekend?", "jealousy"},
	    {"Who else is coming on this trip?", "jealousy"},
	    {"So much for your promise to call.", "hostility"},
	    {"You better call me back or we're done.", "demand"},
	    {"Logging off. Don't bother.", "withdrawal"},
	    {"Funny how your gym buddy gets more of your time than I do.", "jealousy"},
	    {"Finally remembered to call. Want a medal?", "hostility"},
	    {"Happy now?", "hostility"},
	    {"Sounds good.", "withdrawal"},
	    {"I see.", "withdrawal"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		json_t *r = coach(cases[i].draft);
		if (!json_is_true(json_object_get(r, "protest")) || !has_kind(r, cases[i].kind))
			fail_msg("\"%s\" should be found as %s", cases[i].draft, cases[i].kind);
		json_decref(r);
	}
	static const char *const calm[] = {
	    "Can you hear me? The signal is awful, I'll ring back from the landline.",
	    "Fine by me that you need a night in, I'll do my own thing too.",
	    "I'm too wound up to talk well right now. Can we talk in half an hour?",
	    "It's totally fine if you can't make it, next week works.",
	    "Thanks, sounds good! See you at 7.",
	};
	expect_calm(calm, sizeof calm / sizeof *calm);
}

/* Which kinds give way to which signs: a kind ending quiets a threat to
 * leave, a secure sign alone does not. */
static void test_yields_by_sign(void **state)
{
	(void)state;
	struct hv_toks toks;
	const char *kind = "I'd like to end this kindly.";
	assert_int_equal(hv_tokenize(kind, strlen(kind), &toks), 0);
	int signs = hv_coach_secure(kind, strlen(kind), &toks);
	hv_toks_free(&toks);
	assert_true(hv_coach_yields("threat-to-leave", signs));
	const char *open = "Happy to listen whenever you're ready.";
	assert_int_equal(hv_tokenize(open, strlen(open), &toks), 0);
	signs = hv_coach_secure(open, strlen(open), &toks);
	hv_toks_free(&toks);
	assert_true(signs != 0);
	assert_true(hv_coach_yields("reassurance-seeking", signs));
	assert_false(hv_coach_yields("threat-to-leave", signs));
	assert_false(hv_coach_yields("hostility", signs));
	assert_false(hv_coach_yields("withdrawal", 0));
	assert_false(hv_coach_yields(NULL, signs));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kind_endings),   cmocka_unit_test(test_everyday_words),
	    cmocka_unit_test(test_owned_feelings), cmocka_unit_test(test_protest_still_heard),
	    cmocka_unit_test(test_concepts_heard), cmocka_unit_test(test_yields_by_sign),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
