/*
 * fuzz_whatsapp.c — libFuzzer target for the WhatsApp importer: arbitrary
 * bytes as an exported chat, imported into a fresh in-memory store.  Never a
 * crash or a leak, and all or nothing: a refused file leaves no record and
 * no message behind.
 *
 * Half the inputs are also read from a file in two parts at once, cut near
 * a byte the input chooses, and must come out exactly as the one pass did:
 * the same summary or the same refusal, and the same stored days.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "chat/chat.h"
#include "chat/chatlog.h"
#include "core/store.h"
#include "fuzz-common.h"

/* FNV-1a over every stored day of every contact in the summary. */
static int hash_day(int64_t day, int off_min, const uint64_t *keys, size_t n, void *ctx)
{
	uint64_t *h = ctx;
	uint64_t v[2] = {(uint64_t)day, (uint64_t)off_min};
	for (size_t i = 0; i < 2 + n; i++) {
		uint64_t x = i < 2 ? v[i] : keys[i - 2];
		for (int b = 0; b < 8; b++)
			*h = (*h ^ (x >> (8 * b) & 0xff)) * 0x100000001b3ull;
	}
	return 0;
}

/* The summary (or the refusal) and the days, as one string to compare. */
static char *outcome(struct hv_store *st, json_t *j, const struct hv_error *err)
{
	char *s = NULL;
	if (!j) {
		if (asprintf(&s, "refused %d %s", err->code, err->msg) < 0)
			abort();
		return s;
	}
	uint64_t h = 0xcbf29ce484222325ull;
	size_t i;
	json_t *v;
	struct hv_error e;
	json_array_foreach(json_object_get(j, "contacts"), i, v)
	{
		char *key = hv_chat_key_of(json_string_value(v));
		if (!key || hv_chatlog_each_day(st, key, hash_day, &h, &e) < 0)
			abort();
		free(key);
	}
	char *sum = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	if (!sum || asprintf(&s, "%s %016llx", sum, (unsigned long long)h) < 0)
		abort();
	free(sum);
	return s;
}

/* Import the same bytes from a file in two parts; abort unless it matches. */
static void check_two_parts(const uint8_t *data, size_t size, const char *once)
{
	int fd = memfd_create("fuzz.txt", 0);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size || lseek(fd, 0, SEEK_SET) != 0)
		abort();
	FILE *f = fdopen(fd, "rb");
	struct hv_store *st;
	struct hv_error err;
	if (!f || hv_store_open(&st, ":memory:", &err) < 0)
		abort();
	struct hv_chat_input input;
	hv_chat_input_file(&input, f, "fuzz.txt");
	struct hv_chat_import_opts o = {
	    .me = "b", .lanes = 2, .split_near = 1 + (int64_t)(data[0] * (size - 1) / 256)};
	json_t *j = hv_chat_import(st, &input, &o, &err);
	char *two = outcome(st, j, &err);
	if (strcmp(once, two) != 0) {
		fprintf(stderr, "one pass:  %s\ntwo parts: %s\n", once, two);
		abort();
	}
	free(two);
	json_decref(j);
	hv_store_close(st);
	fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hv_store *st = fuzz_store();
	struct hv_error err;
	FILE *in = size ? fmemopen((void *)data, size, "r") : NULL;
	if (in) {
		struct hv_chat_input input;
		hv_chat_input_file(&input, in, "fuzz.txt");
		/* Half the time keep the words, to reach that path too. */
		struct hv_chat_import_opts o = {.me = "b", .keep_text = size % 2};
		json_t *j = hv_chat_import(st, &input, &o, &err);
		if (!j)
			fuzz_chat_refused(st);
		if (!o.keep_text && size > 1) {
			char *once = outcome(st, j, &err);
			check_two_parts(data, size, once);
			free(once);
		}
		json_decref(j);
		fclose(in);
	}
	hv_store_close(st);
	return 0;
}
