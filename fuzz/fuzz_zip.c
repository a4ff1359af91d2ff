/*
 * fuzz_zip.c — libFuzzer target for reading a chat out of a .zip
 * (src/chat/zip.c): arbitrary bytes as the archive.  With a small margin
 * over the expansion ratio, small inputs reach the cap on unpacked bytes:
 * whatever the archive claims about itself, no more than HV_CHAT_ZIP_RATIO
 * times its own size plus the margin is ever handed on, and a refusal says
 * why.  Then the same archive is imported into a fresh in-memory store:
 * never a crash or a leak, and all or nothing.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chat/chat.h"
#include "chat/chatlog.h"
#include "core/store.h"
#include "fuzz-common.h"

#define MARGIN 4096

static char path[64];

static void remove_file(void)
{
	unlink(path);
}

/* Read the chat inside to its end: never past the cap. */
static void read_capped(size_t size)
{
	struct hv_chat_input in;
	struct hv_chat_zip *z;
	struct hv_error err = {0};
	if (hv_chat_zip_open_margin(path, MARGIN, &in, &z, &err) < 0) {
		if (!err.msg[0])
			abort();
		return;
	}
	int64_t cap = (int64_t)HV_CHAT_ZIP_RATIO * (int64_t)size + MARGIN, total = 0;
	static char buf[1 << 16];
	ssize_t got;
	while ((got = in.read(in.ctx, buf, sizeof buf, &err)) > 0)
		if ((total += got) > cap)
			abort();
	if (got < 0 && !err.msg[0])
		abort();
	hv_chat_zip_close(z);
}

static void import(size_t size)
{
	struct hv_chat_input in;
	struct hv_chat_zip *z;
	struct hv_error err;
	if (hv_chat_zip_open_margin(path, MARGIN, &in, &z, &err) < 0)
		return;
	struct hv_store *st = fuzz_store();
	struct hv_chat_import_opts o = {.me = "Alex", .keep_text = size % 2};
	json_t *j = hv_chat_import(st, &in, &o, &err);
	if (!j)
		fuzz_chat_refused(st);
	json_decref(j);
	hv_store_close(st);
	hv_chat_zip_close(z);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!*path) {
		snprintf(path, sizeof path, "/tmp/haven-fuzz-zip.%ld.zip", (long)getpid());
		atexit(remove_file);
	}
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	read_capped(size);
	import(size);
	return 0;
}
