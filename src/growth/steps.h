/*
 * steps.h — small steps: the alone-time ladder, small acts of care, and
 * one small change a week.
 *
 * The idea: security grows from small things done often, at a pace the
 * person chooses.  The ladder's rungs are theirs to write (an hour with
 * the phone in another room, an evening apart); each try is rated before
 * and after, 0 to 10, so they can see the alarm settle with practice, and
 * nothing moves them up a rung but themselves.  Acts of care are kept as
 * they happen.  A week's one small change is chosen once (choosing it
 * again is an error, not a silent replacement) and checked at the week's
 * end, and the weeks stay as history.
 *
 * Record kinds and bodies:
 *   "alone-step"  {what: text, level: 1..HV_STEP_LEVELS}   a rung
 *   "alone-try"   {step: rung id, before: 0..10, after: 0..10, note?: text}
 *   "care-act"    {what: text, for: "self"|"others"}
 *   "week-change" {week: "YYYY-MM-DD" (its Monday), change: text,
 *                  kept?: "yes"|"partly"|"no", note?: text}
 * Text is 1 to HV_STEP_TEXT bytes.
 */
#ifndef HAVEN_STEPS_H
#define HAVEN_STEPS_H

#include <jansson.h>
#include <stdint.h>

#include "core/record.h"
#include "core/store.h"

#define HV_ALONE_STEP_KIND  "alone-step"
#define HV_ALONE_TRY_KIND   "alone-try"
#define HV_CARE_KIND        "care-act"
#define HV_WEEK_CHANGE_KIND "week-change"
#define HV_STEP_TEXT        1000
#define HV_STEP_LEVELS      20

int hv_alone_step_validate(const json_t *body, struct hv_error *err);
int hv_alone_try_validate(const json_t *body, struct hv_error *err);
int hv_care_validate(const json_t *body, struct hv_error *err);
int hv_week_change_validate(const json_t *body, struct hv_error *err);

/* ---- the alone-time ladder (steps.c) ----------------------------------- */

/* Add a rung: what (trimmed), at level (0: one above the highest). */
int hv_ladder_add(struct hv_store *st, const char *what, int level, struct hv_record *out,
                  struct hv_error *err);

/* Rate a try of rung id (a unique prefix will do): distress before and
 * after, 0 to 10, and an optional note (may be NULL). */
int hv_ladder_try(struct hv_store *st, const char *id, int before, int after, const char *note,
                  struct hv_record *out, struct hv_error *err);

/* Take a rung off the ladder (its tries stay, as history). */
int hv_ladder_remove(struct hv_store *st, const char *id, struct hv_error *err);

/*
 * The ladder, lowest rung first: [{"id", "what", "level", "tries",
 * "last": null | {"before", "after", "at"}, "mean_drop": null | number}],
 * mean_drop the average of before minus after over its tries, rounded to
 * one decimal (new reference; NULL on error).
 */
json_t *hv_ladder(struct hv_store *st, struct hv_error *err);

/* ---- small acts of care (steps.c) -------------------------------------- */

/* Keep an act of care, for "self" or "others". */
int hv_care_add(struct hv_store *st, const char *what, const char *for_whom, struct hv_record *out,
                struct hv_error *err);

/* The latest acts of care, newest first, at most limit (0: all). */
json_t *hv_care_list(struct hv_store *st, int64_t limit, struct hv_error *err);

/* ---- one small change a week (week.c) ---------------------------------- */

/* The Monday ("YYYY-MM-DD") of the local week holding now. */
void hv_week_of(int64_t now_ms, char out[11]);

/* Whether s is a Monday written YYYY-MM-DD. */
int hv_week_valid(const char *s);

/*
 * Choose the change of week (NULL: this week).  A week whose change is
 * already chosen is refused, naming it: a change is kept, not swapped.
 */
int hv_week_set(struct hv_store *st, const char *week, const char *change, int64_t now_ms,
                struct hv_record *out, struct hv_error *err);

/* Check the change of week (NULL: this week): kept "yes", "partly" or
 * "no", with an optional note.  Checking it again replaces the check. */
int hv_week_check(struct hv_store *st, const char *week, const char *kept, const char *note,
                  int64_t now_ms, struct hv_record *out, struct hv_error *err);

/* Every week's change, newest week first, as record objects. */
json_t *hv_week_history(struct hv_store *st, struct hv_error *err);

/*
 * Everything at once for a page or `haven steps`: {"ladder", "care" (the
 * latest ten), "week": this week's record or null, "this_week", "weeks"}.
 */
json_t *hv_steps_overview(struct hv_store *st, int64_t now_ms, struct hv_error *err);

/* ---- the same from a JSON body, as the web API takes them (steps-json.c) -- */

/* Each refuses a field it does not know and a value of the wrong type,
 * naming it, before the library's own checks; nothing is written then. */
int hv_ladder_add_json(struct hv_store *st, const json_t *body, struct hv_record *out,
                       struct hv_error *err);
int hv_ladder_try_json(struct hv_store *st, const char *id, const json_t *body,
                       struct hv_record *out, struct hv_error *err);
int hv_care_add_json(struct hv_store *st, const json_t *body, struct hv_record *out,
                     struct hv_error *err);
int hv_week_set_json(struct hv_store *st, const json_t *body, int64_t now_ms, struct hv_record *out,
                     struct hv_error *err);
int hv_week_check_json(struct hv_store *st, const json_t *body, int64_t now_ms,
                       struct hv_record *out, struct hv_error *err);

#endif
