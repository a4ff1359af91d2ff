/*
 * when.h — reading a date or time the way a person types it.
 *
 * "yesterday 8am", "2h ago", "monday", "2026-01-05 14:10": the user says when
 * something happened in their own words and local time, and the library turns
 * it into the one thing it stores, an instant in UTC milliseconds.  Everything
 * is read relative to a caller-supplied "now" so results are reproducible and
 * testable; the local zone is whatever the C library says TZ is.
 *
 * Accepted (case-insensitive, surrounding whitespace ignored):
 *   now
 *   today | yesterday | tomorrow        [[at] TIME]
 *   monday … sunday, mon … sun          [[at] TIME]
 *   last monday … last sunday            [[at] TIME]  (before today)
 *   DAY PART                             (DAY one of the above, PART one of
 *                                         morning 9:00, noon 12:00,
 *                                         afternoon 15:00, evening 19:00,
 *                                         night 22:00: "yesterday evening")
 *   this PART, tonight, last night       (today's PART, today and
 *                                         yesterday at 22:00)
 *   TIME                                 (today at that time)
 *   N UNIT [N UNIT …] ago                (s/sec/second, m/min/minute,
 *                                         h/hr/hour, d/day, w/wk/week;
 *                                         N may be "a" or "an")
 *   YYYY-MM-DD                           (local midnight)
 *   YYYY-MM-DD[T| ]HH:MM[:SS[.fff]][OFFSET]
 *   YYYY-MM-DD TIME
 * where TIME is HH:MM[:SS[.fff]] (24-hour) or H[:MM][ ]am|pm, and OFFSET is
 * Z, ±HH, ±HHMM or ±HH:MM.  With an offset the text names an exact instant;
 * without one it is local wall-clock time.
 */
#ifndef HAVEN_WHEN_H
#define HAVEN_WHEN_H

#include <stdint.h>

#include "error.h"

/*
 * Parse a date/time as people write it, relative to now_ms, in local time
 * (TZ).  On success sets *out_ms (UTC ms) and returns 0; on failure returns
 * -1 with err->code HV_EINVAL and a message that quotes the text and lists
 * accepted forms briefly, e.g.: could not read "tomorow 9" as a date: try
 * "now", "today 21:30", "yesterday 8am", "2h ago" or "2026-01-05 14:10".
 */
int hv_when_parse(const char *text, int64_t now_ms, int64_t *out_ms, struct hv_error *err);

#endif
