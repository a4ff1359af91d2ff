/*
 * fuzz-common.h — what the fuzz targets share: a fresh in-memory store,
 * the count of its records, a chat imported with the all-or-nothing check
 * (a refused file leaves no record and no message behind), and a database
 * file written from the bytes and taken away again.  What
 * should never fail aborts, so libFuzzer reports it as a crash.
 */
#ifndef HAVEN_FUZZ_COMMON_H
#define HAVEN_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chat/chat.h"
#include "chat/chatlog.h"
#include "core/store.h"

/* The bytes as a string, with a NUL after them (a NUL among them ends it
 * early, as it would any C reader); NULL when out of memory.  Caller
 * frees. */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1);
	if (buf) {
		memcpy(buf, data, size);
		buf[size] = '\0';
	}
	return buf;
}

static inline struct hv_store *fuzz_store(void)
{
	struct hv_store *st;
	struct hv_error err;
	if (hv_store_open(&st, ":memory:", &err) < 0)
		abort();
	return st;
}

/* Every record of the store, deleted ones aside. */
static inline int64_t fuzz_records(struct hv_store *st)
{
	int64_t n = 0;
	struct hv_error err;
	if (hv_store_count(st, NULL, &n, &err) < 0)
		abort();
	return n;
}

/* A refused chat import left nothing: no record, no message of "a". */
static inline void fuzz_chat_refused(struct hv_store *st)
{
	struct hv_error err;
	int64_t messages = 0;
	if (hv_chatlog_count(st, "a", &messages, NULL, NULL, &err) < 0)
		abort();
	if (fuzz_records(st) != 0 || messages != 0)
		abort();
}

/* The chat at in, named name (its kind is read from the name and the
 * bytes), imported into st: a refusal must have left nothing.  The
 * summary, or NULL when refused; the caller frees it. */
static inline json_t *fuzz_chat_import(struct hv_store *st, FILE *in, const char *name,
                                       const struct hv_chat_import_opts *o)
{
	struct hv_chat_input input;
	struct hv_error err;
	hv_chat_input_file(&input, in, name);
	json_t *j = hv_chat_import(st, &input, o, &err);
	if (!j)
		fuzz_chat_refused(st);
	return j;
}

/* The bytes as a database file that came from outside, h.db in a folder
 * of its own (/tmp/haven-fuzz-NAME-XXXXXX): 0, or -1 with nothing left
 * behind when it could not be written.  fuzz_dbfile_remove takes it away
 * with whatever SQLite left beside it (-wal, -shm, -journal, -lock) and
 * the folder. */
struct fuzz_dbfile {
	char dir[64], path[96];
};

static inline void fuzz_dbfile_remove(struct fuzz_dbfile *f)
{
	const char *const tails[] = {"", "-wal", "-shm", "-journal", "-lock"};
	for (size_t i = 0; i < sizeof tails / sizeof *tails; i++) {
		char p[128];
		snprintf(p, sizeof p, "%s%s", f->path, tails[i]);
		unlink(p);
	}
	rmdir(f->dir);
}

static inline int fuzz_dbfile_write(struct fuzz_dbfile *f, const char *name, const uint8_t *data,
                                    size_t size)
{
	snprintf(f->dir, sizeof f->dir, "/tmp/haven-fuzz-%s-XXXXXX", name);
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof f->path, "%s/h.db", f->dir);
	FILE *out = fopen(f->path, "wb");
	if (!out) {
		fuzz_dbfile_remove(f);
		return -1;
	}
	fwrite(data, 1, size, out);
	fclose(out);
	return 0;
}

/* For hv_store_each: one more record seen. */
static inline int fuzz_count_one(const struct hv_record *r, void *ctx)
{
	(void)r;
	(*(size_t *)ctx)++;
	return 0;
}

#endif
