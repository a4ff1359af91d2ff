/*
 * checkin.h — "how are you right now?": a quick distress rating, 0 to 10,
 * with an optional note, kept as a record so the rating can be seen next to
 * the journal and the practices over time.
 *
 * The same scale as the practices' before/after ratings (0 none, 10 as much
 * as it gets), so a check-in and a practice can be read together.
 *
 * A check-in may also hold the daily factors that shape how loud the alarm
 * is (mood, anxiety, sleep, caffeine, ...).  Which factors exist, their
 * type, range, unit and words are data (data/checkin.json "factors"); the
 * person may add yes/no factors of their own ("therapy day"), each kept as
 * a record of kind "checkin-factor" so it travels with export, merge and
 * the vault like any entry.  Several check-ins a day (morning, evening)
 * are all kept.
 *
 * Record kind "checkin", body:
 *   distress   whole number 0–10 (required unless a factor is given)
 *   factors    object: factor id → number within the factor's range
 *   own        object: the person's own factor's name → true or false
 *   note       text, 1 to HV_CHECKIN_NOTE_MAX bytes (optional)
 *   source     where an imported check-in came from, "daylio:" and a hash
 *              of its row (optional; one line of 1 to HV_CHECKIN_SOURCE_MAX
 *              bytes): kept in the body, so sealed in a vault, and never
 *              in the id, which stays in clear
 *
 * Record kind "checkin-factor", body:
 *   name       text, 1 to HV_CHECKIN_NAME_MAX bytes, one line
 */
#ifndef HAVEN_CHECKIN_H
#define HAVEN_CHECKIN_H

#include <jansson.h>
#include <stdint.h>

#include "core/record.h"
#include "core/store.h"

#define HV_CHECKIN_KIND       "checkin"
#define HV_CHECKIN_NOTE_MAX   10000 /* a day's diary note from another app fits */
#define HV_FACTOR_KIND        "checkin-factor"
#define HV_CHECKIN_NAME_MAX   80
#define HV_CHECKIN_SOURCE_MAX 100

/* Check a check-in body completely; the message names the field at fault. */
int hv_checkin_validate(const json_t *body, struct hv_error *err);

/*
 * Save a check-in from a body {"distress", "note"?} (the note is trimmed
 * and normalised first; an empty note is dropped), created at at_ms (0:
 * now).  Nothing is written unless the body is valid.  out may be NULL.
 */
int hv_checkin_add(struct hv_store *st, const json_t *body, int64_t at_ms, struct hv_record *out,
                   struct hv_error *err);

/* Live check-ins created at or after since_ms (0: all), newest first, at
 * most limit (0: all), as record objects. */
json_t *hv_checkin_list(struct hv_store *st, int64_t since_ms, int64_t limit, struct hv_error *err);

/*
 * Save a check-in as hv_checkin_add does, and first check that each of the
 * person's own factors in body's "own" is one they have (live in the
 * store), spelled as they spelled it: an unknown one is refused by name.
 * hv_checkin_add does this itself; exposed for importers.
 */
int hv_checkin_own_check(struct hv_store *st, json_t *body, struct hv_error *err);

/* ---- factors (factors.c) ---------------------------------------------- */

/* The factors from data/checkin.json, in asking order (borrowed). */
const json_t *hv_checkin_factors(void);

/* The factor with id or flag name (borrowed), or NULL. */
const json_t *hv_checkin_factor(const char *id_or_flag);

/*
 * Read text typed for a factor ("7.5") as its JSON value (new reference),
 * or NULL with a message naming the factor, the range and the unit.
 */
json_t *hv_checkin_factor_parse(const json_t *factor, const char *text, struct hv_error *err);

/* Check one factor value; the message names the factor and its range. */
int hv_checkin_factor_check(const json_t *factor, const json_t *value, struct hv_error *err);

/* Check a "checkin-factor" body: {"name": text of one line}. */
int hv_checkin_own_validate(const json_t *body, struct hv_error *err);

/* The person's own live factors, as [{"id","name"}] sorted by name, one
 * per name case aside (copies from a merge are shown once). */
json_t *hv_checkin_own_list(struct hv_store *st, struct hv_error *err);

/*
 * Find an own factor by name, case and spacing aside: 1 with its record
 * id and name copied out (either may be NULL), 0 when there is none.
 */
int hv_checkin_own_find(const json_t *own_list, const char *name, const char **id,
                        const char **spelled);

/*
 * Add an own factor (trimmed, normalised; one already there by that name
 * is refused, HV_EINVAL, naming it).  out may be NULL.
 */
int hv_checkin_own_add(struct hv_store *st, const char *name, struct hv_record *out,
                       struct hv_error *err);

/* Remove (soft-delete) an own factor by name, every copy of it (two
 * devices may each have added it before a merge); past check-ins keep it. */
int hv_checkin_own_remove(struct hv_store *st, const char *name, struct hv_error *err);

/*
 * The most recent answer for each factor and own factor, for "Enter keeps
 * yesterday's answer": {"factors": {...}, "own": {...}} drawn from the
 * newest check-ins first (new reference).
 */
json_t *hv_checkin_last(struct hv_store *st, struct hv_error *err);

#endif
