/*
 * fuzz_coach.c — libFuzzer target for `haven coach` (hv_coach).
 *
 * Any bytes must give a well-formed reading: protest is true exactly when
 * there are findings, every finding points at real bytes of the input,
 * and every suggestion has a type and valid text.  No crash, no leak.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "coach/coach.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hv_error err = {0};
	json_t *res = hv_coach((const char *)data, size, &err);
	if (!res) {
		if (err.code != HV_EINVAL || size <= HV_COACH_MAX)
			abort();
		return 0;
	}
	const json_t *findings = json_object_get(res, "findings");
	if (json_is_true(json_object_get(res, "protest")) != (json_array_size(findings) > 0))
		abort();
	size_t i;
	json_t *f;
	json_array_foreach(findings, i, f)
	{
		json_int_t s = json_integer_value(json_object_get(f, "start"));
		json_int_t e = json_integer_value(json_object_get(f, "end"));
		const char *m = json_string_value(json_object_get(f, "match"));
		if (s < 0 || e <= s || (size_t)e > size || !m || strlen(m) != (size_t)(e - s) ||
		    memcmp(m, data + s, (size_t)(e - s)) != 0)
			abort();
	}
	json_array_foreach(json_object_get(res, "suggestions"), i, f)
	{
		if (!json_string_value(json_object_get(f, "type")) ||
		    !json_string_value(json_object_get(f, "text")))
			abort();
	}
	json_decref(res);
	return 0;
}
