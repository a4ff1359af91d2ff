/*
 * store-db.h — the store as a module with tables of its own sees it (chat's
 * days and kept words, say): the SQLite connection, prepared statements
 * and the store's wording of a failure, and the vault's sealing of a
 * person's words kept outside records.  The module's tables are its own,
 * made by its migration steps (schema.h); records stay the store's alone.
 */
#ifndef HAVEN_STORE_DB_H
#define HAVEN_STORE_DB_H

#include <sqlite3.h>
#include <stddef.h>

#include "error.h"
#include "store.h"

/* The store's connection: used from the store's thread only (store.h). */
sqlite3 *hv_store_db(struct hv_store *st);

/* Report the connection's last error as ours, naming the file. */
int hv_store_db_fail(struct hv_store *st, struct hv_error *err, const char *doing);
int hv_store_prepare(struct hv_store *st, const char *sql, sqlite3_stmt **s, struct hv_error *err);
/* A walk over a statement's rows has ended with rc, its last step's: s
 * finalised, and 0 when the walk ended at a row (its caller stopped it) or
 * after the last, else the connection's error while doing (hv_store_db_fail). */
int hv_store_walk_end(struct hv_store *st, sqlite3_stmt *s, int rc, const char *doing,
                      struct hv_error *err);
/*
 * A statement run once per entry (a merge of thousands), kept prepared on
 * the store until it closes: SQLite compiling the same SQL again for each
 * entry costs more than running it.  sql must be a string constant, whose
 * address names the statement.  Hand it back with hv_store_done whatever
 * happened.  One still in use (a walk calling back into the store) or past
 * the store's room is prepared afresh and finalized when done.
 */
int hv_store_prepare_kept(struct hv_store *st, const char *sql, sqlite3_stmt **s,
                          struct hv_error *err);
/* Done with a statement of either kind: a kept one is reset, its values
 * let go, and a read it held ended; any other is finalized. */
void hv_store_done(struct hv_store *st, sqlite3_stmt *s);
/* -1 with the reason when the database was opened read-only. */
int hv_store_ensure_writable(struct hv_store *st, struct hv_error *err);

/* Seal text for storage under ad; open a stored box back into text, or
 * report `what` ("entry ID") as damaged.  The key must be at hand
 * (hv_vault_on and hv_vault_unlocked, vault.h). */
int hv_vault_seal_text(struct hv_store *st, const char *ad, const char *text, size_t n,
                       unsigned char **out, size_t *outlen, struct hv_error *err);
char *hv_vault_open_text(struct hv_store *st, const char *ad, const void *box, size_t n,
                         const char *what, struct hv_error *err);
/* Wipe and free text that hv_vault_open_text returned. */
void hv_vault_free_text(void *text);

#endif
