/*
 * fuzz_crisis.c — libFuzzer target for the crisis rules: any bytes, valid
 * UTF-8 or not, must be scanned without a crash, and a reported hit must
 * lie inside the text.
 */
#include <stdint.h>
#include <stdlib.h>

#include "safety/crisis.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hv_crisis_hit hit;
	if (hv_crisis_scan((const char *)data, size, &hit) &&
	    (hit.start > hit.end || hit.end > size))
		abort();
	return 0;
}
