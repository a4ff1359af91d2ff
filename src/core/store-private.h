/*
 * store-private.h — what the store's own files share and nobody else sees:
 * the connection behind the opaque struct hv_store and its error mapping.
 */
#ifndef HAVEN_STORE_PRIVATE_H
#define HAVEN_STORE_PRIVATE_H

#include <sqlite3.h>

#include "store.h"

struct hv_store {
	sqlite3 *db;
	char *path;
};

/* Report the connection's last error as ours, naming the file. */
int hv_store_db_fail(struct hv_store *st, struct hv_error *err, const char *doing);
int hv_store_prepare(struct hv_store *st, const char *sql, sqlite3_stmt **s, struct hv_error *err);
int hv_store_ensure_writable(struct hv_store *st, struct hv_error *err);

#endif
