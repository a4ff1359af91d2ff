/*
 * thought.h — thought records (kind "thought"): the guide's thought log.
 * A situation, the automatic thought, feelings rated 0–100, the thinking
 * patterns in it (haven proposes, the person confirms or changes), evidence
 * for and against, what you would tell a friend, a balanced view, and the
 * feelings rated again.  Every field is optional, but a record holds at
 * least one.
 *
 * Body:
 *   situation, thought, evidence_for, evidence_against, friend, balanced   text
 *   emotions    [{"name", "before": 0–100, "after"?: 0–100}]
 *   patterns    [kinds confirmed], proposed: [kinds haven proposed]
 *   answers     {question id: text}  (data/thought.json reality questions)
 */
#ifndef HAVEN_THOUGHT_H
#define HAVEN_THOUGHT_H

#include <jansson.h>

#include "core/record.h"
#include "core/store.h"

#define HV_THOUGHT_KIND "thought"

int hv_thought_validate(const json_t *body, struct hv_error *err);

/* Trim and normalise text fields, drop empty ones; before validation. */
int hv_thought_normalize(json_t *body, struct hv_error *err);

/* The patterns `haven check` finds in the thought (and situation). */
json_t *hv_thought_propose(const char *thought);

/*
 * The questions to offer for this thought: the reality-testing ones, and
 * the past-or-present one when the thought is about being left.  An array
 * of {"id", "question"}.
 */
json_t *hv_thought_questions(const json_t *body);

int hv_thought_add(struct hv_store *st, const json_t *body, struct hv_record *out,
                   struct hv_error *err);

/*
 * {"records": [record objects, newest first], "patterns": [{"kind",
 * "label", "count", "mean_drop"}]}: per confirmed pattern, how many records
 * name it and the mean fall in feeling from first rating to re-rating
 * (null when no record with it was re-rated).
 */
json_t *hv_thought_summary(struct hv_store *st, struct hv_error *err);

#endif
