/*
 * store-private.h — what the store's own files share and nobody else sees:
 * the connection behind the opaque struct hv_store.  What a module with
 * tables of its own may use is store-db.h; the vault's side of the store
 * is vault-private.h.
 */
#ifndef HAVEN_STORE_PRIVATE_H
#define HAVEN_STORE_PRIVATE_H

#include <sqlite3.h>

#include "store-db.h"
#include "store.h"

/* How many statements a store keeps prepared: the writes and lookups run
 * once per entry by a merge, a sync or an import, with room to spare. */
#define HV_STORE_KEPT_MAX 32

struct hv_store {
	sqlite3 *db;
	char *path;
	int sealed;              /* the database is a vault (vault.c) */
	unsigned char *key;      /* its key once unlocked, in locked memory */
	unsigned char *next_key; /* while re-sealing: the key new boxes get */
	struct hv_error fn_err;  /* why haven_open()/haven_seal() failed in SQL */
	int legacy;              /* a vault made before the seal over the set */
	int lock_fd;             /* the database file, for our lock (-1: none) */
	const char *readonly;    /* opened read-only: why ("its folder is read-only"), or NULL */
	char (*damaged)[HV_ID_LEN + 1]; /* entries walked past as damaged (store.h) */
	size_t ndamaged, damaged_cap;
	/* Statements kept prepared until close, named by their SQL's address
	 * (hv_store_prepare_kept, store-db.h). */
	struct {
		const char *sql;
		sqlite3_stmt *s;
	} kept[HV_STORE_KEPT_MAX];
	size_t nkept;
};

/* The columns of a record's row, in the order hv_store_read_row reads. */
#define HV_STORE_SELECT_COLS                                                                       \
	"SELECT id, kind, created_ms, created_off, updated_ms,"                                    \
	" updated_off, version, deleted, body, rowid, hlc_ms, hlc_n, vv,"                          \
	" conflict_of FROM records"

/* Run sql, reporting a failure as `doing`. */
int hv_store_exec(struct hv_store *st, const char *sql, const char *doing, struct hv_error *err);
/* Run a prepared write to completion and hand the statement back
 * (hv_store_done). */
int hv_store_step_done(struct hv_store *st, sqlite3_stmt *s, const char *doing,
                       struct hv_error *err);
/* A row of HV_STORE_SELECT_COLS into r: 0; -1 when it cannot be read at
 * all; -2 when only this entry is damaged (store.c). */
int hv_store_read_row(struct hv_store *st, sqlite3_stmt *s, struct hv_record *r,
                      struct hv_error *err);

/* The newest stamp the database holds, of an entry or a purge (store.c). */
int hv_store_newest_stamp(struct hv_store *st, int64_t *ms, int64_t *n, struct hv_error *err);

/* Note an entry a read walked past because it is damaged (once per id). */
void hv_store_note_damaged(struct hv_store *st, const char *id);

#endif
