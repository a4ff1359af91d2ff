/*
 * checkin-weeks.h — the check-ins by week: each week's mean of distress and
 * of the 0–10 factors (mood, anxiety, sleep quality), and hours of sleep,
 * so the web app and a report draw the same series (report/chart-checkins.c).
 *
 * Weeks run Monday to Sunday in the local time the check-in was made in.
 * The series covers the last HV_CHECKIN_WEEKS calendar weeks up to the
 * newest check-in's week, every week in it (a week without a check-in has
 * a count of 0 and nulls), so the time axis is true.
 */
#ifndef HAVEN_CHECKIN_WEEKS_H
#define HAVEN_CHECKIN_WEEKS_H

#include <jansson.h>
#include <stdint.h>

#include "core/store.h"

#define HV_CHECKIN_WEEKS 12

/*
 * Over check-ins created in [since_ms, until_ms) (0: no bound):
 * {"series": [the ids of the 0–10 series some week has, in the order
 * distress, mood, anxiety, sleep_quality], "weeks": [{"start":
 * "YYYY-MM-DD" (the Monday), "checkins", "distress", "mood", "anxiety",
 * "sleep_quality", "sleep" (each a mean to two decimals, or null)}]}, the
 * weeks oldest first and empty when there are no check-ins.
 */
json_t *hv_checkin_weeks(struct hv_store *st, int64_t since_ms, int64_t until_ms,
                         struct hv_error *err);

#endif
