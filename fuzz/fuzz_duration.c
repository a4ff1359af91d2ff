/*
 * fuzz_duration.c — libFuzzer target for hv_duration_read.
 *
 * Any bytes must be read as a length within the limit or refused, never a
 * crash, an overflow (UBSan) or a hang.  The first byte picks the limit, so
 * both the week of a held draft and the ten-year ceiling get explored.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/duration.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	static const int64_t limits[] = {HV_DURATION_WEEK_MS, HV_DURATION_YEAR_MS, INT64_MAX, 1};
	int64_t max = limits[data[0] % 4];
	char *text = malloc(size);
	if (!text)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	int64_t ms = -1;
	if (hv_duration_read(text, max, &ms) == 0 &&
	    (ms <= 0 || ms > max || ms > 3653 * 86400000LL))
		abort();
	int64_t week = hv_duration_week(text);
	if (week != -1 && (week <= 0 || week > HV_DURATION_WEEK_MS))
		abort();
	free(text);
	return 0;
}
