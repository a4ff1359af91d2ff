/*
 * practice.h — regulation practices: scripts turned into schedules, the
 * record of each practice, what the records say about which practices
 * help, and the person's own soothing toolkit.
 *
 * The idea: a practice is a schedule of phases with absolute start times,
 * computed here from data/practices.json (counts × pace), never from a
 * clock.  A front end only walks the schedule against a monotonic clock, so
 * every duration can be tested without waiting and cycles never drift.
 *
 * Record kind "practice", body:
 *   technique          "breathe-box", "ground", "relax", … (data/practices.json)
 *   planned_seconds    what the schedule said (number ≥ 0)
 *   actual_seconds     how long it really ran (number ≥ 0)
 *   completed          true, or false when it was stopped early
 *   distress_before, distress_after   0–10, each optional
 *   pace, rounds       as given, optional
 *   urge_passed, did   the pause only: did the urge pass, what was done
 *
 * Record kind "soothe-item", body: {"group": "body"|"feelings"|"mind",
 * "text": "…"}.
 */
#ifndef HAVEN_PRACTICE_H
#define HAVEN_PRACTICE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/record.h"
#include "core/store.h"

#define HV_PRACTICE_KIND "practice"
#define HV_SOOTHE_KIND   "soothe-item"

/* Fewer rated practices than this and no effect is named. */
#define HV_PRACTICE_MIN_RATED 3

/* Limits on the options, so a typo cannot schedule a week of breathing. */
#define HV_PACE_MIN    0.001
#define HV_PACE_MAX    60.0
#define HV_ROUNDS_MAX  1000
#define HV_MINUTES_MAX 600.0

/* How the animation draws a phase's bar. */
enum hv_bar { HV_BAR_PROGRESS, HV_BAR_GROW, HV_BAR_SHRINK, HV_BAR_HOLD };

struct hv_phase {
	const char *name;  /* "in", "hold", "out", "tense", "see", …; borrowed */
	const char *step;  /* the step's id ("feet"), NULL for breathing */
	const char *title; /* the step's title for display, or NULL */
	const char *cue;   /* words to show during the phase, or "" */
	int64_t start_ms, duration_ms;
	int counts;      /* counts in the script (0 for a spread technique) */
	int round;       /* 1-based round (breathing) or step number */
	int item, items; /* "2 of 5" within a repeated step; 0 when not */
	enum hv_bar bar;
};

struct hv_schedule {
	const char *technique; /* borrowed from the content */
	const char *label;     /* "box breathing" */
	struct hv_phase *phases;
	size_t n;
	int64_t total_ms;
	int64_t count_ms; /* one count at this pace */
	int rounds;       /* rounds run (breathing), else 0 */
	int spread;       /* the pause: count down the whole, not each phase */
};

struct hv_practice_opts {
	double pace;    /* seconds per count; 0: 1.0 */
	int rounds;     /* breathing only; 0: the default or from minutes */
	double minutes; /* breathing and the pause; 0: not given */
};

/* True when technique names a practice in the data. */
int hv_practice_known(const char *technique);

/* The technique's label ("box breathing"), or NULL when unknown. */
const char *hv_practice_label(const char *technique);

/* Technique ids in data order, for listing and error messages. */
const char *hv_practice_list(void);

/*
 * The schedule for a technique.  Breathing repeats its phases for rounds
 * (opts->rounds, else as many whole rounds as fit opts->minutes, rounded to
 * the nearest and at least one, else the default); step techniques walk
 * their steps; the pause spreads its steps over minutes.  Durations are
 * counts × pace, in whole milliseconds; starts are the running sum, so the
 * total is exactly the sum of the phases.
 */
int hv_practice_schedule(const char *technique, const struct hv_practice_opts *opts,
                         struct hv_schedule *out, struct hv_error *err);
void hv_schedule_free(struct hv_schedule *s);

/* {"phases": [{"name","start","duration"[,"step"]}]}, times in seconds. */
json_t *hv_schedule_to_json(const struct hv_schedule *s);

/* Milliseconds as seconds: an integer when whole, else a real to 1 ms. */
json_t *hv_seconds_json(int64_t ms);

/* Check a practice body completely; the message names the field at fault. */
int hv_practice_validate(const json_t *body, struct hv_error *err);

/* Save a practice record (validated first).  out may be NULL. */
int hv_practice_add(struct hv_store *st, const json_t *body, struct hv_record *out,
                    struct hv_error *err);

/*
 * Per technique, over practices created at or after since_ms (0: all):
 * {"practices": N, "techniques": [{"technique","label","count","completed",
 * "minutes","rated","mean_change","enough","sentence"}], "note"}.
 * mean_change is after − before (negative: distress went down), null until
 * HV_PRACTICE_MIN_RATED practices carry both ratings.
 */
json_t *hv_practice_summary(struct hv_store *st, int64_t since_ms, struct hv_error *err);
/* The same over practices done before until_ms (0: no end), for a report
 * of a period. */
json_t *hv_practice_summary_period(struct hv_store *st, int64_t since_ms, int64_t until_ms,
                                   struct hv_error *err);

/* The plain sentence for one technique's numbers (caller frees). */
char *hv_practice_sentence(const char *label, int64_t rated, double mean_change);

/* --- the soothing toolkit ---------------------------------------------- */

/* True when group is body, feelings or mind. */
int hv_soothe_group_valid(const char *group);
int hv_soothe_validate(const json_t *body, struct hv_error *err);
int hv_soothe_add(struct hv_store *st, const char *group, const char *text, struct hv_record *out,
                  struct hv_error *err);
/* Live items, grouped body, feelings, mind, oldest first in each. */
json_t *hv_soothe_list(struct hv_store *st, struct hv_error *err);
int hv_soothe_remove(struct hv_store *st, const char *id, struct hv_record *out,
                     struct hv_error *err);
/* One live item at random (a record object), or NULL with HV_ENOTFOUND. */
json_t *hv_soothe_pick(struct hv_store *st, struct hv_error *err);

#endif
