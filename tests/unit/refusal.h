/*
 * refusal.h — the check a unit test makes of a body its module refuses:
 * the JSON (which must parse) refused by the module's validator with the
 * error code expected, in a message that holds the words a person needs
 * to put it right.  Include after <cmocka.h>.
 */
#ifndef HAVEN_TEST_REFUSAL_H
#define HAVEN_TEST_REFUSAL_H

#include <jansson.h>
#include <string.h>

#include "core/error.h"

static inline void refused_by(int (*validate)(const json_t *body, struct hv_error *err),
                              const char *json, int code, const char *words)
{
	json_error_t jerr;
	json_t *b = json_loads(json, 0, &jerr);
	if (!b)
		fail_msg("test body does not parse: %s", jerr.text);
	struct hv_error err;
	assert_int_equal(validate(b, &err), -1);
	assert_int_equal(err.code, code);
	if (!strstr(err.msg, words))
		fail_msg("\"%s\": message \"%s\" lacks \"%s\"", json, err.msg, words);
	json_decref(b);
}

#endif
