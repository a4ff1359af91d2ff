/*
 * assess.h — self-assessment: questionnaires as data, their scoring, and
 * results kept as records so change over time can be seen.
 *
 * An instrument is a JSON document (format: docs/instruments.md).  Built-in
 * ones are compiled in from data/instruments/; a person or clinician can
 * install more with `haven assess add`, which stores the document as a record
 * of kind "instrument" so it travels with export and import.  Every
 * instrument passes hv_instrument_check before anything uses it, so the rest
 * of this module may trust its shape.
 *
 * A result is a record of kind "assessment" holding every answer.  Scores
 * are not stored: they are computed from the answers and the instrument
 * whenever they are shown, so there is one source of truth for the keys.
 * A result still being taken has "complete": false and is what
 * `haven assess resume` continues.
 *
 * Assessment body:
 *   instrument          instrument id
 *   instrument_version  the version the answers were given to
 *   target              which relationship (instruments with targets only)
 *   answers             {item id: whole number on the scale}
 *   reflections         {prompt id: free text}            (optional)
 *   complete            true once every item has an answer
 *   position            where an unfinished one stopped  (optional)
 */
#ifndef HAVEN_ASSESS_H
#define HAVEN_ASSESS_H

#include <jansson.h>
#include <stdint.h>

#include "core/error.h"
#include "core/record.h"
#include "core/store.h"

#define HV_ASSESSMENT_KIND "assessment"
#define HV_INSTRUMENT_KIND "instrument"

/* ---- instruments (instrument.c) ---------------------------------------- */

/*
 * Check an instrument completely.  name (a file name, or "data/…") starts
 * every message, followed by the item, subscale or field at fault and what
 * is wrong with it.  HV_EDATA on failure.
 */
int hv_instrument_check(const json_t *inst, const char *name, struct hv_error *err);

/* The body validator for kind "instrument" (for transfer/kinds.c). */
int hv_instrument_validate(const json_t *body, struct hv_error *err);

/* Parse text as an instrument and check it; a new reference or NULL.  Bad
 * JSON is reported with its line and column. */
json_t *hv_instrument_parse(const char *text, size_t len, const char *name, struct hv_error *err);

/* Read a file and hv_instrument_parse it. */
json_t *hv_instrument_load_file(const char *path, struct hv_error *err);

/* An instrument by id: built-in first, then installed ones (st may be NULL).
 * A new reference; HV_ENOTFOUND names the ids there are. */
json_t *hv_instrument_find(struct hv_store *st, const char *id, struct hv_error *err);

/* Every instrument: [{id, title, version, items, targets, source}], source
 * "built-in" or "installed". */
json_t *hv_instrument_list(struct hv_store *st, struct hv_error *err);

/* Install (or replace, by id) a checked instrument as a record.  A built-in
 * id cannot be replaced.  out may be NULL. */
int hv_instrument_install(struct hv_store *st, const json_t *inst, struct hv_record *out,
                          struct hv_error *err);

/* ---- answers and scores (score.c) -------------------------------------- */

/*
 * Read "1=4,2=3,…" (item ids, whole numbers) into an object {id: n}.  An
 * unknown item, a value off the scale or an item given twice is HV_EINVAL.
 */
json_t *hv_answers_parse(const json_t *inst, const char *text, struct hv_error *err);

/*
 * Check answers against the instrument: every key an item, every value a
 * whole number on the scale.  With require_all, items without an answer are
 * an HV_EINVAL error that lists them.
 */
int hv_answers_check(const json_t *inst, const json_t *answers, int require_all,
                     struct hv_error *err);

/*
 * Check target against the instrument's targets: required (and one of them)
 * when it has targets, refused when it has none.  HV_EINVAL.
 */
int hv_target_check(const json_t *inst, const char *target, struct hv_error *err);

/* Score a reverse-keyed answer: min + max − answer. */
int hv_item_value(const json_t *inst, const json_t *item, int answer);

/* A score rounded to two decimals, as shown and as put in JSON. */
double hv_score_round(double x);

/*
 * Score complete answers: {"subscales": [{id, title, higher_means, score,
 * band: null | {name, text}, flagged}]} in the instrument's order.  NULL
 * with err set when answers are incomplete or off the scale.
 */
json_t *hv_assess_score(const json_t *inst, const json_t *answers, struct hv_error *err);

/* ---- results (results.c) ----------------------------------------------- */

/* The body validator for kind "assessment" (for transfer/kinds.c). */
int hv_assessment_validate(const json_t *body, struct hv_error *err);

/*
 * Save a complete result taken at at_ms (0: now).  answers must be complete;
 * reflections may be NULL.  out may be NULL.
 */
int hv_assess_save(struct hv_store *st, const json_t *inst, const char *target,
                   const json_t *answers, const json_t *reflections, int64_t at_ms,
                   struct hv_record *out, struct hv_error *err);

/* Begin an unfinished result (saved at once, so closing the terminal loses
 * nothing). */
int hv_assess_begin(struct hv_store *st, const json_t *inst, const char *target,
                    struct hv_record *out, struct hv_error *err);

/*
 * Save the state of a result being taken (r->body changed by the caller).
 * Marks it complete when every item has an answer; *complete says which.
 */
int hv_assess_progress(struct hv_store *st, const json_t *inst, struct hv_record *r, int *complete,
                       struct hv_error *err);

/* The newest unfinished result (or the one with id, a prefix allowed). */
int hv_assess_find_unfinished(struct hv_store *st, const char *id, struct hv_record *out,
                              struct hv_error *err);

/* Results newest first, of one instrument or all (NULL), as record objects. */
json_t *hv_assess_results(struct hv_store *st, const char *instrument, struct hv_error *err);

/*
 * Each subscale over time (per target), oldest first, with the change since
 * the first and since the previous result:
 * {instrument, title, results: n, series: [{subscale, title, higher_means,
 *  target?, points: [{result, taken, score, band, change_since_first,
 *  change_since_previous}], first, latest, change_since_first,
 *  change_since_previous}]}.
 */
json_t *hv_assess_history(struct hv_store *st, const json_t *inst, struct hv_error *err);

/* ---- what front ends show (view.c) ------------------------------------- */

/* {"subscale", "title", "practices"} for each flagged subscale of a scored
 * result: the practices data/assess.json names for this instrument's area,
 * else for the area in general. */
json_t *hv_assess_flagged(const char *inst_id, const json_t *scored);

/*
 * A complete result as `haven assess show --json` prints it and the API
 * returns it under "result": {id, instrument, title, target (null when
 * none), taken, subscales, practices, note}.  NULL with err when the
 * answers cannot be scored.
 */
json_t *hv_assess_result_json(const json_t *inst, const struct hv_record *r, struct hv_error *err);

/* Instruments and results, newest first: {"instruments": [...], "results":
 * [{id, instrument, target, taken, complete}]}. */
json_t *hv_assess_overview(struct hv_store *st, struct hv_error *err);

/*
 * Merge given {prompt id: text or null} into body's reflections: prompts of
 * this instrument only, text cleaned (NFC, trimmed) and valid UTF-8; empty
 * text or null removes one.  The one rule for reflections, whichever front
 * end they come from.
 */
int hv_assess_merge_reflections(const json_t *inst, json_t *body, const json_t *given,
                                struct hv_error *err);

/*
 * Apply one step of taking an assessment to r's body and save it
 * (hv_assess_progress): changes may hold "answers" ({item id: n, or null to
 * take one back}), "reflections" (as above) and "position".  With
 * require_complete, answers that leave an item unanswered are refused
 * before anything is saved.  *complete (may be NULL) says whether it is.
 */
int hv_assess_apply(struct hv_store *st, const json_t *inst, struct hv_record *r,
                    const json_t *changes, int require_complete, int *complete,
                    struct hv_error *err);

#endif
