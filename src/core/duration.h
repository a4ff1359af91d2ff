/*
 * duration.h — how long, as a person types it: "90s", "15m", "1.5h",
 * "2h30m", "1 hour 20 min", "1d".
 *
 * One grammar for every place that reads a length (coach --hold, chat wait
 * --for, the web app's hold), so what works in one works in all:
 *
 *     duration = [spaces] group { [spaces] group } [spaces]
 *     group    = number [spaces] [unit]
 *     number   = 1–6 digits [ "." 1–3 digits ]          (ASCII, no sign)
 *     unit     = s | sec | secs | second | seconds
 *              | m | min | mins | minute | minutes
 *              | h | hr | hrs | hour | hours
 *              | d | day | days                          (any case)
 *
 * A number with no unit counts minutes ("25" is 25m, "2h30" is 2h30m).
 * The sum is taken to the millisecond and must be above zero and at most
 * the limit the caller gives.  Anything else is refused: no signs, no
 * exponents, no "inf", no units run together ("5mm").
 */
#ifndef HAVEN_DURATION_H
#define HAVEN_DURATION_H

#include <stdint.h>

#define HV_DURATION_WEEK_MS (7 * 86400000LL)
#define HV_DURATION_YEAR_MS (365 * 86400000LL)

/* Read text into *ms (0 < *ms <= max_ms).  Returns 0, or -1 when the text
 * is not a duration or is out of range (then *ms is untouched).  max_ms
 * above ten years counts as ten years. */
int hv_duration_read(const char *text, int64_t max_ms, int64_t *ms);

/* The same with a week as the limit, for a draft held back: ms or -1. */
int64_t hv_duration_week(const char *text);

#endif
