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
	int sealed;              /* the database is a vault (vault.c) */
	unsigned char *key;      /* its key once unlocked, in locked memory */
	unsigned char *next_key; /* while re-sealing: the key new boxes get */
	struct hv_error fn_err;  /* why haven_open()/haven_seal() failed in SQL */
	int lock_fd;             /* PATH-lock, held shared while open (-1: none) */
};

/* Report the connection's last error as ours, naming the file. */
int hv_store_db_fail(struct hv_store *st, struct hv_error *err, const char *doing);
int hv_store_prepare(struct hv_store *st, const char *sql, sqlite3_stmt **s, struct hv_error *err);
int hv_store_ensure_writable(struct hv_store *st, struct hv_error *err);

/*
 * The vault's side of the store (vault.c).  attach reads the vault settings
 * and registers the SQL functions haven_seal(ad, text) and haven_open(ad,
 * blob), which use the store's key and may only be called from our own SQL
 * (never from a trigger or view someone planted in the file).
 */
int hv_vault_attach(struct hv_store *st, struct hv_error *err);
void hv_vault_detach(struct hv_store *st);

/* Register haven_chat_repack(n, data), which the migration to schema 4
 * uses to rewrite chat days in their denser form (chatlog.c). */
int hv_chatlog_attach(struct hv_store *st);

/* Associated data of a record's body, in C and as the same SQL expression. */
#define HV_RECORD_AD_MAX 96
void hv_record_ad(char buf[HV_RECORD_AD_MAX], const char *id, const char *kind, int64_t version);
#define HV_RECORD_AD_SQL "'record|' || id || '|' || kind || '|' || version"

/* Seal text for storage under ad; open a stored box back into text, or
 * report `what` ("entry ID") as damaged.  The key must be at hand. */
int hv_vault_seal_text(struct hv_store *st, const char *ad, const char *text, size_t n,
		       unsigned char **out, size_t *outlen, struct hv_error *err);
char *hv_vault_open_text(struct hv_store *st, const char *ad, const void *box, size_t n,
			 const char *what, struct hv_error *err);
/* Wipe and free text that hv_vault_open_text returned. */
void hv_vault_free_text(void *text);

#endif
