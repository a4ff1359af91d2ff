/*
 * fuzz-common.h — what the fuzz targets share: a fresh in-memory store,
 * the count of its records, and the all-or-nothing check of a chat
 * import (a refused file leaves no record and no message behind).  What
 * should never fail aborts, so libFuzzer reports it as a crash.
 */
#ifndef HAVEN_FUZZ_COMMON_H
#define HAVEN_FUZZ_COMMON_H

#include <stdint.h>
#include <stdlib.h>

#include "chat/chat.h"
#include "chat/chatlog.h"
#include "core/store.h"

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

/* For hv_store_each: one more record seen. */
static inline int fuzz_count_one(const struct hv_record *r, void *ctx)
{
	(void)r;
	(*(size_t *)ctx)++;
	return 0;
}

#endif
