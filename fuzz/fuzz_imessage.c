/*
 * fuzz_imessage.c — libFuzzer target for the imessage-exporter text reader
 * (src/chat/imessage.c): arbitrary bytes after one well-formed message, so
 * the file is taken for an iMessage export and the rest reaches the reader,
 * imported into a fresh in-memory store.  Never a crash or a leak, and all
 * or nothing: a refused file leaves no record and no message behind; an
 * accepted one never counts more messages than it has lines.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat/chat.h"
#include "chat/chatlog.h"
#include "core/store.h"
#include "fuzz-common.h"

static const char first[] = "May 17, 2022  5:29:42 PM\nMe\nhello\n\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hv_store *st = fuzz_store();
	size_t n = sizeof first - 1 + size;
	char *buf = malloc(n);
	if (!buf)
		abort();
	memcpy(buf, first, sizeof first - 1);
	memcpy(buf + sizeof first - 1, data, size);
	int64_t lines = 1;
	for (size_t i = 0; i < n; i++)
		lines += buf[i] == '\n';
	FILE *in = fmemopen(buf, n, "r");
	if (in) {
		struct hv_chat_import_opts o = {.keep_text = size % 2};
		if (size % 3 == 1)
			o.contact = "Sam";
		json_t *j = fuzz_chat_import(st, in, "Sam.txt", &o);
		if (j && json_integer_value(json_object_get(j, "messages")) > lines)
			abort();
		json_decref(j);
		fclose(in);
	}
	free(buf);
	hv_store_close(st);
	return 0;
}
