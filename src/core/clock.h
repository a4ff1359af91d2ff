/*
 * clock.h — instants, local offsets and RFC 3339 text.
 *
 * haven stores every instant as UTC milliseconds since the epoch together
 * with the local UTC offset (in minutes east of Greenwich) in force when it
 * was written, so "what time of day was it" stays true after travel or a
 * change of daylight-saving time.  The offset comes from the C library's
 * idea of local time (TZ), never from a table of our own.
 */
#ifndef HAVEN_CLOCK_H
#define HAVEN_CLOCK_H

#include <stddef.h>
#include <stdint.h>

#define HV_RFC3339_MAX 40

/* Broken-down local time of an instant seen at a given offset. */
struct hv_civil {
	int year, month, day; /* month 1–12, day 1–31 */
	int hour, minute, second, millis;
	int wday; /* 0 = Monday … 6 = Sunday (ISO order) */
};

/*
 * Now, in UTC ms.  HAVEN_NOW, when set to an RFC 3339 instant or a plain
 * integer of milliseconds, fixes the clock: tests and reproducible demos
 * rely on it.
 */
int64_t hv_now_ms(void);

/* The local offset (minutes east of UTC) at instant ms, per TZ. */
int hv_local_offset_min(int64_t ms);

/* Break ms down as seen at offset off_min (no time-zone lookup). */
void hv_civil_from_ms(int64_t ms, int off_min, struct hv_civil *out);

/* Days since 1970-01-01 of a proleptic Gregorian date (negative before). */
int64_t hv_days_from_civil(int year, int month, int day);

/* "2026-01-05T14:10:00.000+01:00": the local wall time and its offset. */
void hv_format_rfc3339(int64_t ms, int off_min, char buf[HV_RFC3339_MAX]);

/*
 * Strict RFC 3339 with a required offset (Z or ±hh:mm) and optional
 * fraction (up to millisecond precision is kept).  Returns 0 or -1; NULL
 * (a field that is not there) is -1, so callers may pass
 * json_string_value() straight in.
 */
int hv_parse_rfc3339(const char *s, int64_t *ms, int *off_min);

#endif
