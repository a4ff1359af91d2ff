/*
 * crisis-check.c — the one question every entry point asks before it saves
 * or answers what a person wrote (see crisis-check.h).
 *
 * The table names every kind of record (transfer/kinds.c) and every input
 * that is answered without being saved, with the fields where the person's
 * own words are.  Those fields are what the tests write crisis words into;
 * the check itself reads every string of the body, so a field added later
 * is heard before anyone remembers to list it.  Kind names are written out
 * here rather than taken from the features' headers, which sit beside this
 * module, not below it; the unit test holds the two lists together.
 */
#include "crisis-check.h"

#include <string.h>

#include "crisis.h"

#define WORDS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NONE       ((const char *const[]){NULL})

static const struct hv_crisis_kind table[] = {
    /* records a person writes */
    {"trigger", WORDS("what", "thoughts", "body", "response", "reflection", "emotions"), NULL},
    {"checkin", WORDS("note"), NULL},
    {"checkin-factor", WORDS("name"), NULL},
    {"thought",
     WORDS("situation", "thought", "evidence_for", "evidence_against", "friend", "balanced",
           "answers", "emotions"),
     NULL},
    {"held-draft", WORDS("draft", "rewrite"), NULL},
    {"reassurance", WORDS("asked", "of"), NULL},
    {"reframe", WORDS("harsh", "kind"), NULL},
    {"evidence", WORDS("text"), NULL},
    {"script", WORDS("text"), NULL},
    {"soothe-item", WORDS("text"), NULL},
    {"practice", WORDS("did"), NULL},
    {"entry-draft", WORDS("body"), NULL},
    {"assessment", WORDS("reflections"), NULL},
    {"card", WORDS("alarm", "helps", "working_on", "ask", "agreements"), NULL},
    {"plan", WORDS("signs", "people", "say"), NULL},
    {"timeline", WORDS("what", "shaped"), NULL},
    {"alone-step", WORDS("what"), NULL},
    {"alone-try", WORDS("note"), NULL},
    {"care-act", WORDS("what"), NULL},
    {"week-change", WORDS("change", "note"), NULL},
    {"reassurance-limit", NONE, "a number and a period chosen from a list"},
    {"instrument", NONE,
     "a questionnaire as data, installed from a file: its words are its author's"},
    {"chat", NONE,
     "statistics of an imported chat export: reply times and contact names, no one's "
     "words"},
    {"milestone", NONE, "a milestone's id and when it was reached, noticed by haven"},
    /* inputs answered and never saved */
    {HV_CRISIS_CHECK_INPUT, WORDS("text"), NULL},
    {HV_CRISIS_COACH_INPUT, WORDS("draft"), NULL},
};

const struct hv_crisis_kind *hv_crisis_kind_at(size_t i)
{
	return i < sizeof table / sizeof *table ? &table[i] : NULL;
}

const struct hv_crisis_kind *hv_crisis_kind_find(const char *kind)
{
	for (size_t i = 0; kind && i < sizeof table / sizeof *table; i++)
		if (strcmp(table[i].kind, kind) == 0)
			return &table[i];
	return NULL;
}

int hv_crisis_check_body(const char *kind, const json_t *body)
{
	const struct hv_crisis_kind *k = hv_crisis_kind_find(kind);
	if (!body || (k && !k->words[0]))
		return 0;
	return hv_crisis_in_json(body);
}
