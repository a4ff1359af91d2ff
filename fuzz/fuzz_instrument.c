/*
 * fuzz_instrument.c — libFuzzer target for the instrument loader: arbitrary
 * bytes as an instrument file.  Whatever comes in, the loader either
 * refuses it with a message naming the file, or accepts something the
 * scorer can use: a full answer vector at the scale's minimum must score,
 * and every score must lie within what the scale allows.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assess/assess.h"

static void score_everything_at_min(const json_t *inst)
{
	const json_t *scale = json_object_get(inst, "scale");
	json_int_t min = json_integer_value(json_object_get(scale, "min"));
	json_int_t max = json_integer_value(json_object_get(scale, "max"));
	json_t *answers = json_object();
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(inst, "items"), i, it)
	{
		json_object_set_new(answers, json_string_value(json_object_get(it, "id")),
		                    json_integer(min));
	}
	struct hv_error err;
	json_t *scored = hv_assess_score(inst, answers, &err);
	if (!scored)
		abort(); /* a checked instrument must score a complete answer set */
	json_t *s;
	json_array_foreach(json_object_get(scored, "subscales"), i, s)
	{
		double v = json_real_value(json_object_get(s, "score"));
		double n = (double)json_integer_value(json_object_get(s, "items"));
		double lo = (double)min < (double)min * n ? (double)min : (double)min * n;
		double hi = (double)max > (double)max * n ? (double)max : (double)max * n;
		if (v < lo - 0.01 || v > hi + 0.01)
			abort(); /* a score the scale cannot produce */
	}
	json_decref(scored);
	json_decref(answers);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hv_error err;
	json_t *inst = hv_instrument_parse((const char *)data, size, "fuzz.json", &err);
	if (!inst) {
		if (strncmp(err.msg, "fuzz.json: ", 11) != 0)
			abort(); /* every refusal names the file */
		return 0;
	}
	score_everything_at_min(inst);
	json_decref(inst);
	return 0;
}
