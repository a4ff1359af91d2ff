/*
 * fuzz_meta.c — libFuzzer target for the Messenger and Instagram importer
 * (Meta's "Download your information" JSON, src/chat/meta.c).  The bytes go
 * through the repair of double-encoded text on their own, which must give
 * valid text no longer than what came in or nothing; then they are imported
 * as message_1.json (a leading "{" is added when missing, so most inputs
 * reach the JSON reader) into a fresh in-memory store: never a crash or a
 * leak, and all or nothing.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat/chat.h"
#include "chat/chatlog.h"
#include "core/store.h"
#include "core/text.h"
#include "fuzz-common.h"

static void repair(const uint8_t *data, size_t size)
{
	size_t n = 0;
	char *out = hv_meta_repair((const char *)data, size, &n);
	if (out && (n >= size || strlen(out) != n || !hv_text_valid(out, n)))
		abort();
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	repair(data, size);
	struct hv_store *st = fuzz_store();
	int brace = size > 0 && data[0] == '{';
	char *buf = malloc(size + 1);
	if (!buf)
		abort();
	buf[0] = '{';
	memcpy(buf + !brace, data, size);
	FILE *in = fmemopen(buf, size + !brace, "r");
	if (in) {
		/* Who is who told, half told, or found: each path in turn. */
		struct hv_chat_import_opts o = {.keep_text = size % 2};
		if (size % 3 == 1)
			o.me = "Alex";
		if (size % 3 == 2)
			o.me = "Alex", o.contact = "Sam";
		json_decref(fuzz_chat_import(st, in, "message_1.json", &o));
		fclose(in);
	}
	free(buf);
	hv_store_close(st);
	return 0;
}
