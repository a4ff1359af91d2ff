/*
 * crisis-check.h — the crisis net as every entry point uses it.
 *
 * Every place a person writes — each command of the CLI and each route of
 * the API that takes their words — asks this one question before it saves
 * or answers anything: does what they wrote hold crisis language?  When it
 * does, the front end shows help first (cli_crisis in the CLI,
 * hv_reply_add_crisis in the API) and keeps the rest of its answer calm.
 *
 * What a person writes comes as a JSON body named by its kind: a record
 * kind of transfer/kinds.c ("trigger", "held-draft", …) when it is about to
 * be saved, or one of the inputs below when it is answered and never saved.
 * One table here says, for every kind, where the person's own words are —
 * or why a kind holds none.  tests/unit/test_crisis_check.c walks the kinds
 * of transfer/kinds.c and fails for one the table does not know, and
 * tests/e2e/t-crisis-everywhere.sh walks every command and API route.
 */
#ifndef HAVEN_CRISIS_CHECK_H
#define HAVEN_CRISIS_CHECK_H

#include <jansson.h>

/* Inputs that are answered but never saved. */
#define HV_CRISIS_CHECK_INPUT "check-text"  /* {"text"}: haven check */
#define HV_CRISIS_COACH_INPUT "coach-draft" /* {"draft"}: haven coach, before any hold */

/*
 * 1 when what a person wrote in body, a value of kind, holds crisis
 * language; else 0.  Every string in body is read, at any depth — a field
 * the table does not name is read too, and so is a kind it does not know:
 * the net leans toward speaking up.  Only the kinds whose text is not the
 * person's own (a questionnaire's items, an imported chat's statistics)
 * are not read.  body may be NULL (0).
 */
int hv_crisis_check_body(const char *kind, const json_t *body);

/* One line of the table: a kind, the fields that hold the person's own
 * words (NULL-terminated; empty when there are none) and, when there are
 * none, why. */
struct hv_crisis_kind {
	const char *kind;
	const char *const *words;
	const char *why_none;
};

/* The table's line for kind, or NULL when the net does not know it. */
const struct hv_crisis_kind *hv_crisis_kind_find(const char *kind);

/* The i-th line of the table (for tests), NULL past the end. */
const struct hv_crisis_kind *hv_crisis_kind_at(size_t i);

#endif
