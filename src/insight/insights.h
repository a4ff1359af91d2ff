/*
 * insights.h — patterns over weeks and months in the trigger journal.
 *
 * The guide's measure of progress is not "never anxious" but noticing
 * earlier and recovering faster, so the centre of this view is recovery
 * time per week and its trend.  Everything is computed here as one JSON
 * value; the CLI draws it in the terminal and the web app as charts.
 */
#ifndef HAVEN_INSIGHTS_H
#define HAVEN_INSIGHTS_H

#include <jansson.h>
#include <stdint.h>

#include "core/store.h"

/* Minimum recovery times in each compared part before a trend is named. */
#define HV_TREND_MIN 3

/*
 * Insights over entries created at or after since_ms (0: all), weeks
 * counted up to the week of now_ms.  Shape (documented in docs/insights.md):
 * {"entries", "since", "weeks": [{"week","start","entries","mean_intensity",
 * "median_recovery_minutes", "protest_share", "soothing_share"}], (the
 * shares in whole percent of the week's entries that say what was done,
 * null when none does), "recovery": {...}, "protest_change": {"trend":
 * "fell"|"rose"|"flat", "from", "to", "weeks"} (the protest share of the
 * first weeks that say what was done against the last; null under four
 * such weeks), "triggers": [...],
 * "hours": [24], "weekdays": [7, Monday first], "responses": {...}, "note",
 * "relations": what goes with what (relations.h), from the same walk,
 * "checkins": the check-ins by week (checkin-weeks.h)}
 */
json_t *hv_insights(struct hv_store *st, int64_t since_ms, int64_t now_ms, struct hv_error *err);

/*
 * The same over entries created in [since_ms, until_ms) (until_ms 0: no
 * end), for a report of a period: the journal's tallies and weeks stop at
 * the period's end, and so do the practices and the check-ins of what
 * goes with what.  The chat summary that rides along is not cut.
 */
json_t *hv_insights_period(struct hv_store *st, int64_t since_ms, int64_t until_ms, int64_t now_ms,
                           struct hv_error *err);

/*
 * The facts of a journal entry the cache keeps (a intensity, b recovery
 * minutes, bits response kinds, tags trigger kinds): every walk of the
 * journal's facts derives them with this one function (relations.c too).
 */
int hv_trigger_facts(const json_t *body, struct hv_facts *f);

/* Median of n values (sorts them in place); NaN when n is 0. */
double hv_median(double *v, size_t n);

/* "2026-W02" for the ISO week holding local day number `day`. */
void hv_iso_week_label(int64_t day, char out[16]);

#endif
