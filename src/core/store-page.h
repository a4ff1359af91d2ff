/*
 * store-page.h — reading the store a page at a time, fast, for a server
 * that answers the same questions many times a second.
 *
 * - A page walk (hv_store_each_raw) hands out each record's body as the
 *   canonical JSON text it is stored as (opened from its box in a vault),
 *   so a front end can write it out as it is instead of parsing it and
 *   dumping it again.  Pages are cut by a key (created time, then id), so
 *   an entry written while someone scrolls never shifts the next page.
 * - A change mark (hv_store_change_mark) moves whenever what the database
 *   holds may have changed, by this connection or any other: a key for a
 *   cache of answers.
 * - A checkpointer (hv_checkpointer_start) keeps SQLite's automatic WAL
 *   checkpoint out of the writes: it folds the log back into the database
 *   on a thread and connection of its own.
 */
#ifndef HAVEN_STORE_PAGE_H
#define HAVEN_STORE_PAGE_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* A place in the newest-first order of one kind's records. */
struct hv_page_key {
	int64_t created_ms;
	char id[HV_ID_LEN + 1];
};

/* A key as text, "CREATED_MS.ID", and back.  Parse is strict: 0, or -1
 * for anything a key never looks like. */
#define HV_PAGE_KEY_MAX 64
void hv_page_key_format(const struct hv_page_key *k, char out[HV_PAGE_KEY_MAX]);
int hv_page_key_parse(const char *s, struct hv_page_key *k);

/* One record with its body as stored text (valid for the callback only). */
struct hv_raw_record {
	const char *id, *kind;
	int64_t created_ms, updated_ms, version;
	int created_off, updated_off, deleted;
	const char *body; /* a JSON object, compact, keys sorted */
	size_t body_len;
};
typedef int (*hv_raw_fn)(const struct hv_raw_record *r, void *ctx);

struct hv_page_query {
	const char *kind;           /* required */
	int64_t since_ms, until_ms; /* created at or after, before; 0: no bound */
	int include_deleted;
	const char *has_path;             /* with has_value: only records whose array */
	const char *has_value;            /*   at this path ("$.triggers") holds it */
	const struct hv_page_key *before; /* only records after it; NULL: from the newest */
	int64_t limit;                    /* 0: no limit */
};

/* Records newest first (created time, then id, both descending); a
 * damaged body is walked past and noted, as hv_store_each does. */
int hv_store_each_raw(struct hv_store *st, const struct hv_page_query *q, hv_raw_fn fn, void *ctx,
                      struct hv_error *err);

/* A number that differs whenever a commit may have changed the database
 * since it was last read; 0 with err when it cannot be read. */
uint64_t hv_store_change_mark(struct hv_store *st, struct hv_error *err);

/* Whether a transaction (hv_store_begin) is open on st: SQLite ends one by
 * itself after some errors (a full disk), and a caller that shares one
 * among several writes must know. */
int hv_store_in_transaction(const struct hv_store *st);

/* The checkpointer: while it runs, commits on st never checkpoint; its own
 * thread does, passively, soon after a change.  Stop restores SQLite's
 * automatic checkpoint, so closing the store folds the log in as before. */
struct hv_checkpointer;
int hv_checkpointer_start(struct hv_store *st, struct hv_checkpointer **out, struct hv_error *err);
void hv_checkpointer_stop(struct hv_checkpointer *cp);

#endif
