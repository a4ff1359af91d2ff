/*
 * fuzz_when.c — libFuzzer target for hv_when_parse.
 *
 * Any bytes at all must either be read as an instant in the years the parser
 * allows or be refused with HV_EINVAL and a message; never a crash, a hang,
 * a leak or undefined behaviour.  The first byte picks the time zone and
 * "now", so the daylight-saving and half-hour-offset paths get explored as
 * well as UTC; the remaining bytes are the text.
 *
 *   clang -fsanitize=fuzzer,address -Isrc -Isrc/core fuzz/fuzz_when.c \
 *       src/core/when.c src/core/error.c src/core/clock.c src/core/calendar.c \
 *       -o /tmp/fuzz_when
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/when.h"

/* A day either side of 1970-01-01 and 10000-01-01 covers every UTC offset. */
#define EARLIEST_MS (-86400000LL)
#define LATEST_MS   (253402300800000LL + 86400000LL)

struct setting {
	const char *tz;
	int64_t now_ms;
};

static const struct setting settings[] = {
    {"UTC", 1767800730250LL},           /* 2026-01-07T15:45:30.250Z, a Wednesday */
    {"Europe/Berlin", 1774778400000LL}, /* 2026-03-29 12:00 CEST, spring forward */
    {"Europe/Berlin", 1792926000000LL}, /* 2026-10-25 12:00 CET, fall back */
    {"Asia/Kolkata", 1767816000000LL},  /* 2026-01-08 01:30 IST, UTC day behind */
};

/* Switching TZ rereads the zone file, so only do it when it changes. */
static void use_tz(const char *tz)
{
	static const char *current;

	if (current != tz) {
		setenv("TZ", tz, 1);
		tzset();
		current = tz;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct setting *set;
	struct hv_error err = {0};
	int64_t out = 0;
	char *text;

	if (size == 0)
		return 0;
	set = &settings[data[0] % (sizeof settings / sizeof settings[0])];
	use_tz(set->tz);
	text = malloc(size);
	if (!text)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';

	if (hv_when_parse(text, set->now_ms, &out, &err) == 0) {
		/* Accepted: the instant must lie within the allowed years. */
		if (out < EARLIEST_MS || out > LATEST_MS)
			abort();
	} else if (err.code != HV_EINVAL || strncmp(err.msg, "could not read \"", 16) != 0 ||
	           !memchr(err.msg, '\0', sizeof err.msg)) {
		/* Refused: always as invalid input, with the human message. */
		abort();
	}
	free(text);
	return 0;
}
