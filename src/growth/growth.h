/*
 * growth.h — the months, not just the moment: a setback plan written in a
 * calm hour, milestones noticed in the person's own data, and how strong
 * an ongoing practice has become.
 *
 * The idea: growth shows as settling sooner, not as never being stirred,
 * so nothing here counts a streak that one missed day could take away.  A
 * milestone, once reached, stays reached; a practice's strength is an
 * exponentially smoothed score (the model of Loop Habit Tracker) that a
 * missed day lowers a little and a few good days raise again.
 *
 * Record kind "plan" (the newest live one is the plan), body:
 *   signs      [text]  early signs that a setback is coming
 *   practices  [id]    practices that help (data/practices.json ids)
 *   people     [text]  who to reach, and how
 *   say        text    what to tell oneself
 * Each list holds 1 to HV_PLAN_ITEMS items of one line, 1 to HV_PLAN_LINE
 * bytes; "say" is 1 to HV_PLAN_SAY bytes.  Every field is optional, but a
 * plan holds at least one.
 *
 * Record kind "milestone", body {"id": milestone id, "reached": RFC 3339}:
 * kept when a milestone is first shown, so it is celebrated once.
 */
#ifndef HAVEN_GROWTH_H
#define HAVEN_GROWTH_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/record.h"
#include "core/store.h"

#define HV_PLAN_KIND      "plan"
#define HV_MILESTONE_KIND "milestone"
#define HV_PLAN_ITEMS     20
#define HV_PLAN_LINE      500
#define HV_PLAN_SAY       2000

/* ---- the setback plan (plan.c) ----------------------------------------- */

/* Check a plan body completely; the message names the field at fault. */
int hv_plan_validate(const json_t *body, struct hv_error *err);

/*
 * The plan in force: the newest live "plan" record as a record object, or
 * a JSON null when none has been written (new reference); NULL on error.
 */
json_t *hv_plan_get(struct hv_store *st, struct hv_error *err);

/*
 * Change the plan: each field of changes replaces the plan's (a list in
 * full), a null or an empty list removes it.  Text is trimmed and
 * normalised first; the result is validated before anything is written,
 * and written as an update of the plan in force, or a new plan.  out may
 * be NULL.
 */
int hv_plan_edit(struct hv_store *st, const json_t *changes, struct hv_record *out,
                 struct hv_error *err);

/*
 * The practices that helped this person most, from their own ratings:
 * [{"technique", "label", "rated", "mean_change"}], largest drop in
 * distress first, at most limit, only those rated often enough and whose
 * distress went down (new reference; NULL on error).
 */
json_t *hv_plan_proposals(struct hv_store *st, size_t limit, struct hv_error *err);

/*
 * Whether recent entries run hot at now: at least data's count of journal
 * entries of data's intensity or more in data's last days
 * (data/growth.json "hot").  1 or 0; -1 on error.
 */
int hv_plan_running_hot(struct hv_store *st, int64_t now, struct hv_error *err);

/* ---- habit strength (habit.c) ------------------------------------------ */

/* Loop Habit Tracker's daily multiplier: 0.5^(1/13), a half-life of 13 days. */
double hv_habit_multiplier(void);

/*
 * The strength after a run of days, 0 to 1: each day the score becomes
 * score × m + (done ? 1 − m : 0), from 0 before the first day.
 */
double hv_habit_score(const unsigned char *done, size_t days);

/* ---- milestones (detect.c and milestones.c) ----------------------------- */

/* One journal entry as the detectors see it. */
struct hv_gh_entry {
	int64_t ms;
	int response;  /* 0 none, 1 protest, 2 soothing */
	int recovered; /* minutes, -1 when not given */
};

/* One dated event: a check-in, a practice, a reassurance, a rewritten draft. */
struct hv_gh_event {
	int64_t ms;
	int off; /* minutes east of UTC, for the local day */
};

/* One reassurance limit: set at ms, count per day (week == 0) or week. */
struct hv_gh_limit {
	int64_t ms;
	int off;
	int count;
	int week;
};

/* Everything the detectors read, each list oldest first. */
struct hv_growth_history {
	struct hv_gh_entry *entries;
	size_t n_entries;
	struct hv_gh_event *checkins, *practices, *rewrites, *asks;
	size_t n_checkins, n_practices, n_rewrites, n_asks;
	struct hv_gh_limit *limits;
	size_t n_limits;
	int64_t now;
	int failed; /* set when memory ran out while reading */
};

/* The first soothing response after a protest one: its time, or 0. */
int64_t hv_ms_first_soothing(const struct hv_growth_history *h);
/* The first held draft rewritten instead of sent: its time, or 0. */
int64_t hv_ms_rewrite(const struct hv_growth_history *h);
/*
 * The median minutes to recover over the last 30 days at most half that of
 * the first 30 days (at least 3 of each, the two months apart): the time
 * of the newest entry counted, or 0.
 */
int64_t hv_ms_recovery_halved(const struct hv_growth_history *h);
/* Check-ins on seven different days: the seventh day's time, or 0. */
int64_t hv_ms_checkin_week(const struct hv_growth_history *h);
/*
 * A reassurance limit kept for 30 days from when it was set (no day, or
 * week counted from that day, over its count, and no other limit set
 * meanwhile): the end of those 30 days, or 0.
 */
int64_t hv_ms_limit_month(const struct hv_growth_history *h);

/* Read the history from the store (free with hv_growth_history_free). */
int hv_growth_history_read(struct hv_store *st, int64_t now, struct hv_growth_history *h,
                           struct hv_error *err);
void hv_growth_history_free(struct hv_growth_history *h);

/*
 * The milestones and habits at now: {"milestones": [{"id", "title", "text",
 * "reached", "new"}] in the order reached, "habits": [{"id", "label",
 * "score", "words"}]}, words from data/growth.json.  "new" is true for a
 * milestone not yet shown.  New reference; NULL on error.
 */
json_t *hv_milestones(struct hv_store *st, int64_t now, struct hv_error *err);

/*
 * Remember that the milestones marked "new" in list were shown: one
 * "milestone" record each, in one transaction.
 */
int hv_milestones_mark_shown(struct hv_store *st, const json_t *list, struct hv_error *err);

/* Check a "milestone" body: {"id": a known milestone, "reached": RFC 3339}. */
int hv_milestone_validate(const json_t *body, struct hv_error *err);

#endif
