/*
 * fuzz_telegram.c — libFuzzer target for the Telegram importer: arbitrary
 * bytes as result.json (a leading "{" sends them to the JSON reader), imported into a fresh
 * in-memory store.  Never a crash or a leak, and all or nothing: a refused file leaves no record
 * and no message behind.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat/chat.h"
#include "chat/chatlog.h"
#include "core/store.h"
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hv_store *st = fuzz_store();
	/* Always JSON: prefix "{" so the importer takes the Telegram path. */
	char *buf = malloc(size + 1);
	if (!buf)
		abort();
	buf[0] = '{';
	memcpy(buf + 1, data, size);
	FILE *in = fmemopen(buf, size + 1, "r");
	if (in) {
		/* Half the time keep the words, to reach that path too. */
		struct hv_chat_import_opts o = {.me = "b", .keep_text = size % 2};
		json_decref(fuzz_chat_import(st, in, "result.json", &o));
		fclose(in);
	}
	free(buf);
	hv_store_close(st);
	return 0;
}
