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

/*
 * The stored fields of a record's row, each column prefixed by p ("r."):
 * what every reader of a row takes first, and what a vault binds a box to
 * (vault-private.h).  hv_store_row_fields reads them back from the column
 * where they start, so that no reader counts columns of its own.
 */
#define HV_RECORD_COLS_SQL(p)                                                                      \
	p "id, " p "kind, " p "created_ms, " p "created_off, " p "updated_ms, " p                  \
	  "updated_off, " p "version, " p "deleted"
struct hv_row_fields {
	const char *id, *kind; /* SQLite's text, valid until the statement moves on */
	int64_t created_ms, updated_ms, version;
	int created_off, updated_off, deleted;
};
/* The fields of HV_RECORD_COLS_SQL from the current row of s, starting at
 * column at. */
struct hv_row_fields hv_store_row_fields(sqlite3_stmt *s, int at);
/* The same copied into r: id and kind cut to their sizes, "" when NULL;
 * the rest of r is left as it is. */
void hv_store_row_record(sqlite3_stmt *s, int at, struct hv_record *r);

/* The columns of a record's row, in the order hv_store_read_row reads. */
#define HV_STORE_SELECT_COLS                                                                       \
	"SELECT " HV_RECORD_COLS_SQL(                                                              \
	    "") ", body, rowid, hlc_ms, hlc_n, vv, conflict_of FROM records"

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
