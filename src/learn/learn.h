/*
 * learn.h — the chapters of `haven learn` and the Learn page: short, plain
 * explanations of attachment from data/learn.json, each ending with the
 * practice that fits it (an action, core/action.h).  The CLI and the
 * web app read them through these calls, so both show the same chapters in
 * the same order and refuse an unknown one with the same words.
 */
#ifndef HAVEN_LEARN_H
#define HAVEN_LEARN_H

#include <jansson.h>

#include "core/error.h"

/* The longest chapter id; ids are lower-case letters, digits and '-'. */
#define HV_LEARN_ID_MAX 32

/*
 * Check a learn document: a "chapters" array, none empty, each with a
 * unique id, a title, a one-line summary, body paragraphs, a practice
 * {label, do: an action of data/actions.json} and read_more lines (which
 * may be none).
 * 0, or -1 with err naming the chapter and the field that is wrong.
 */
int hv_learn_validate(const json_t *doc, struct hv_error *err);

/* Every chapter, in order, as {id, title, summary}; NULL with err set when
 * the embedded file is damaged (a build defect). */
json_t *hv_learn_list(struct hv_error *err);

/* One chapter, whole (a copy the caller owns), its practice's action with
 * its "command" and "route" beside it; NULL with err set, HV_EINVAL and a
 * message listing the ids, for an id that is not a chapter. */
json_t *hv_learn_chapter(const char *id, struct hv_error *err);

/* The chapter ids joined by ", ", for messages; caller frees. */
char *hv_learn_ids(void);

/* How many days back hv_learn_suggest's counts should cover (data). */
int hv_learn_suggest_days(void);

/*
 * The chapter that fits the person's last days best, by the first rule of
 * data/learn.json's "suggest" whose count reaches its least: {id, title,
 * why}, why with the count filled in.  recent is the insights value
 * (insight/insights.h's shape: "entries", "responses", "triggers") over
 * those days, or NULL when there is none to read (always's rule only).
 */
json_t *hv_learn_suggest(const json_t *recent);

/* The words of a front end ("cli" or "web") from data/learn.json: borrowed,
 * NULL when missing. */
const json_t *hv_learn_words(const char *front);

#endif
