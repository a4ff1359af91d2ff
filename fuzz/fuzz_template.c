/*
 * fuzz_template.c — libFuzzer target for hv_template_fill.
 *
 * Input: the template, then after a NUL byte the values of the slots
 * "a", "b" and "x", each ended by a NUL (missing ones are NULL).  Any
 * template and any values must fill without a crash, a leak or a write out
 * of bounds; with no slots the output is the template itself, and with every
 * value empty it is never longer than the template.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/template.h"
#include "fuzz-common.h"

/* The next NUL-ended piece of buf from *at, or NULL when none is left. */
static const char *piece(const char *buf, size_t size, size_t *at)
{
	if (*at >= size)
		return NULL;
	const char *s = buf + *at;
	*at += strlen(s) + 1;
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_text(data, size);
	if (!buf)
		return 0;
	size_t at = 0;
	const char *tmpl = piece(buf, size, &at);
	const char *a = piece(buf, size, &at), *b = piece(buf, size, &at);
	const char *x = piece(buf, size, &at);
	const char *kv[] = {"a", a, "b", b, "x", x, NULL};
	char *out = hv_template_fill(tmpl, kv);
	if (!out)
		abort();
	free(out);

	const char *none[] = {NULL};
	out = hv_template_fill(tmpl, none);
	if (!out || strcmp(out, tmpl ? tmpl : "") != 0)
		abort();
	free(out);

	const char *empty[] = {"a", "", "b", "", "x", "", NULL};
	out = hv_template_fill(tmpl, empty);
	if (!out || strlen(out) > strlen(tmpl ? tmpl : ""))
		abort();
	free(out);
	free(buf);
	return 0;
}
