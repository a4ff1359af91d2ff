/*
 * fuzz_check.c — libFuzzer target for `haven check` (hv_check).
 *
 * Any bytes at all — invalid UTF-8, NULs, endless apostrophes — must give
 * either a findings list or a clean "too long" refusal; never a crash, a
 * leak or undefined behaviour.  Every finding must point at bytes that are
 * really there: 0 <= start < end <= size, and match equal to those bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "patterns/patterns.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hv_error err = {0};
	json_t *res = hv_check((const char *)data, size, &err);
	if (!res) {
		if (err.code != HV_EINVAL || size <= HV_CHECK_MAX)
			abort();
		return 0;
	}
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(res, "findings"), i, f)
	{
		json_int_t s = json_integer_value(json_object_get(f, "start"));
		json_int_t e = json_integer_value(json_object_get(f, "end"));
		const char *m = json_string_value(json_object_get(f, "match"));
		if (s < 0 || e <= s || (size_t)e > size || !m || strlen(m) != (size_t)(e - s) ||
		    memcmp(m, data + s, (size_t)(e - s)) != 0 ||
		    !json_string_value(json_object_get(f, "why")))
			abort();
	}
	json_decref(res);
	return 0;
}
