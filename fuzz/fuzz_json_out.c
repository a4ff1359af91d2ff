/*
 * fuzz_json_out.c — libFuzzer target for hv_json_out, the command line's
 * JSON writer.
 *
 * Whatever the document, it must write exactly the bytes json_dumps
 * writes with the same flags, or answer NULL and leave it to jansson.
 * The bytes are read as JSON (NULs allowed); and, whole, as one string
 * in an array and one key of an object, unchecked, so bytes that are not
 * UTF-8 reach the writer too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/json-out.h"

#define FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

static void same(const json_t *j)
{
	char *got = hv_json_out(j, NULL), *want = json_dumps(j, FLAGS);
	if (got && (!want || strcmp(got, want) != 0))
		abort();
	free(got);
	free(want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *j = json_loadb((const char *)data, size, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
	if (j) {
		same(j);
		json_t *in = json_pack("[O]", j);
		same(in);
		json_decref(in);
		json_decref(j);
	}
	json_t *raw = json_pack("[o]", json_stringn_nocheck((const char *)data, size));
	same(raw);
	json_decref(raw);
	char *key = malloc(size + 1);
	if (key) {
		memcpy(key, data, size);
		key[size] = '\0';
		json_t *o = json_object();
		json_object_set_new_nocheck(o, key, json_integer((json_int_t)size));
		same(o);
		json_decref(o);
		free(key);
	}
	return 0;
}
