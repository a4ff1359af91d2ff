/*
 * vault-private.h — the vault's side of the store, shared by the store's
 * own files (store.c, facts.c, doctor.c) and vault.c: the SQL functions
 * that seal and open a row, and the seal over the whole set of records.
 */
#ifndef HAVEN_VAULT_PRIVATE_H
#define HAVEN_VAULT_PRIVATE_H

#include "store-private.h"

/*
 * The vault's side of the store (vault.c).  attach reads the vault settings
 * and registers the SQL functions haven_seal(ad, text), haven_open(ad,
 * blob) and their record forms below, which use the store's key and may
 * only be called from our own SQL (never from a trigger or view someone
 * planted in the file).
 */
int hv_vault_attach(struct hv_store *st, struct hv_error *err);
void hv_vault_detach(struct hv_store *st);

/*
 * A record's box is bound to every stored field of its row: the columns of
 * HV_RECORD_COLS_SQL (store-private.h), in that order, are the arguments
 * of the SQL functions haven_seal_record(COLUMNS, text) and
 * haven_open_record(COLUMNS, box).  Boxes of the first format (bound to
 * id, kind and version only) still open.
 */
#define HV_RECORD_OPEN_SQL(p) "haven_open_record(" HV_RECORD_COLS_SQL(p) ", " p "body)"

/* Seal a record's body text for r's fields; open a stored box back for
 * them, or report the entry as damaged.  The key must be at hand. */
int hv_vault_seal_record(struct hv_store *st, const struct hv_record *r, const char *text, size_t n,
                         unsigned char **out, size_t *outlen, struct hv_error *err);
char *hv_vault_open_record(struct hv_store *st, const struct hv_record *r, const void *box,
                           size_t n, struct hv_error *err);

/*
 * A record's cached facts sealed in a vault (vault.c): the box is bound to
 * every stored field of the record (struct hv_row_fields, store-private.h,
 * the same fields a body is bound to), so it opens only for the row it was
 * made from.  Seal uses the key new boxes get; open returns -1 when the box
 * does not open (changed, moved, stale, or the key is not at hand).
 */
int hv_vault_seal_facts(struct hv_store *st, const struct hv_row_fields *r,
                        const struct hv_facts *f, unsigned char **out, size_t *outlen);
int hv_vault_open_facts(struct hv_store *st, const struct hv_row_fields *r, const void *box,
                        size_t n, struct hv_facts *f);

/*
 * The seal over the whole set of records (vault.c): a keyed hash of every
 * row, summed, kept in `meta`.  Every write of one record in a vault runs
 * between set_begin and set_end, which open a transaction (or a savepoint
 * inside the caller's), take the row of id out of the sum before the write
 * and put it back in after, so the sum moves in O(1) and lands with the
 * write.  set_end with ok 0 rolls the write back.
 */
struct hv_set_write {
	unsigned char sum[32];
	int own;     /* we began the transaction (else a savepoint) */
	int upgrade; /* a vault from before the seal: it gets one now */
};
int hv_vault_set_begin(struct hv_store *st, const char *id, struct hv_set_write *w,
                       struct hv_error *err);
int hv_vault_set_end(struct hv_store *st, const char *id, struct hv_set_write *w, int ok,
                     struct hv_error *err);

#endif
