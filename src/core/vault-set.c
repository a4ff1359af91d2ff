/*
 * vault-set.c — the seal over the whole set of records: a keyed hash of
 * every row, summed mod 2^256 and kept in `meta`, moved by every write in
 * the same transaction, so `haven vault check` notices a removed or
 * rolled-back entry (vault-private.h).
 */
#include "vault.h"

#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keyring.h"
#include "schema.h"
#include "vault-parts-private.h"

/* --- the seal over the set of records ---------------------------------- */

/*
 * Each row's keyed hash (BLAKE2b under a subkey of the vault key) covers
 * every column as stored, typed and length-prefixed, the box included; the
 * seal is their sum mod 2^256.  A sum, not an XOR, because the set is a
 * multiset: two equal rows must not cancel.  Without the key nobody can
 * compute a row's hash, so a row removed, put back as it was or changed in
 * any field leaves a sum that no longer matches, and adding or removing one
 * row moves the sum in O(1) (sodium_add, sodium_sub).
 */
static void sum_subkey(const unsigned char *key, unsigned char sub[SUM_BYTES])
{
	crypto_kdf_derive_from_key(sub, SUM_BYTES, 1, SUM_CONTEXT, key);
}

/* The keyed hash of the current row of s (columns as in ROW_SQL). */
static void row_hash(const unsigned char sub[SUM_BYTES], sqlite3_stmt *s,
                     unsigned char out[SUM_BYTES])
{
	static const char domain[] = "haven record row 1";
	crypto_generichash_state h;
	crypto_generichash_init(&h, sub, SUM_BYTES, SUM_BYTES);
	crypto_generichash_update(&h, (const unsigned char *)domain, sizeof domain);
	for (int i = 0; i < ROW_COLS; i++) {
		unsigned char head[9];
		int type = sqlite3_column_type(s, i);
		const void *bytes = NULL;
		uint64_t v = 0;
		if (type == SQLITE_INTEGER) {
			v = (uint64_t)sqlite3_column_int64(s, i);
		} else if (type == SQLITE_FLOAT) {
			double d = sqlite3_column_double(s, i);
			memcpy(&v, &d, sizeof v);
		} else if (type == SQLITE_TEXT || type == SQLITE_BLOB) {
			bytes = type == SQLITE_TEXT ? (const void *)sqlite3_column_text(s, i)
			                            : sqlite3_column_blob(s, i);
			v = (uint64_t)sqlite3_column_bytes(s, i);
		}
		head[0] = (unsigned char)type;
		hv_vault_put_u64(head + 1, v);
		crypto_generichash_update(&h, head, sizeof head);
		if (bytes)
			crypto_generichash_update(&h, bytes, (unsigned long long)v);
	}
	crypto_generichash_final(&h, out, SUM_BYTES);
}

/* One row of ROW_SQL, moved in and out of the seal by each write. */
static const char row_one_sql[] = ROW_SQL " WHERE id = ?1";

/* Add (sign 1) or take out (sign -1) the rows sql selects, bound to id;
 * with an id, once per write, sql is a constant kept prepared. */
static int sum_rows(struct hv_store *st, const unsigned char *key, const char *sql, const char *id,
                    int sign, unsigned char sum[SUM_BYTES], struct hv_error *err)
{
	unsigned char sub[SUM_BYTES], h[SUM_BYTES];
	sqlite3_stmt *s;
	if ((id ? hv_store_prepare_kept(st, sql, &s, err) : hv_store_prepare(st, sql, &s, err)) < 0)
		return -1;
	if (id)
		sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
	sum_subkey(key, sub);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		row_hash(sub, s, h);
		if (sign > 0)
			sodium_add(sum, h, SUM_BYTES);
		else
			sodium_sub(sum, h, SUM_BYTES);
	}
	hv_store_done(st, s);
	sodium_memzero(sub, sizeof sub);
	if (rc != SQLITE_DONE)
		return hv_store_db_fail(st, err, "read the entries");
	return 0;
}

/* The seal of every row as the table holds it now, under key. */
int hv_vault_sum_table(struct hv_store *st, const unsigned char *key, unsigned char sum[SUM_BYTES],
                       struct hv_error *err)
{
	memset(sum, 0, SUM_BYTES);
	return sum_rows(st, key, ROW_SQL, NULL, 1, sum, err);
}

/* The seal kept in `meta`: 1 and sum when there is one, 0 when not. */
static int sum_stored(struct hv_store *st, unsigned char sum[SUM_BYTES], struct hv_error *err)
{
	char buf[128];
	size_t len;
	int rc = hv_store_meta_get(st, META_SUM, buf, sizeof buf, err);
	if (rc <= 0)
		return rc;
	if (sodium_base642bin(sum, SUM_BYTES, buf, strlen(buf), NULL, &len, NULL,
	                      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    len != SUM_BYTES)
		memset(sum, 0, SUM_BYTES); /* damaged: it will not match */
	return 1;
}

int hv_vault_sum_store(struct hv_store *st, const unsigned char sum[SUM_BYTES],
                       struct hv_error *err)
{
	return hv_vault_set_bin(st, META_SUM, sum, SUM_BYTES, err);
}

static int set_missing(struct hv_store *st, struct hv_error *err)
{
	return hv_fail(err, HV_ECORRUPT,
	               "the seal over the set of entries in %s is missing: it was removed after "
	               "haven wrote it, so removed or rolled-back entries could not be noticed. "
	               "Nothing was changed. `haven vault check` says more; `haven restore FILE` "
	               "brings back a backup",
	               st->path);
}

static int set_mismatch(struct hv_store *st, struct hv_error *err)
{
	return hv_fail(err, HV_ECORRUPT,
	               "the set of entries in %s does not match its seal: a row was removed or "
	               "rolled back after haven sealed it. Nothing was changed. `haven restore "
	               "FILE` brings back a backup",
	               st->path);
}

/* Whether the table still matches its seal under the current key. */
int hv_vault_set_state(struct hv_store *st, enum hv_set_state *state, struct hv_error *err)
{
	unsigned char want[SUM_BYTES], have[SUM_BYTES];
	int rc = sum_stored(st, want, err);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		*state = st->legacy ? HV_SET_NONE_YET : HV_SET_MISSING;
		return 0;
	}
	if (hv_vault_sum_table(st, st->key, have, err) < 0)
		return -1;
	*state = sodium_memcmp(want, have, SUM_BYTES) == 0 ? HV_SET_OK : HV_SET_MISMATCH;
	return 0;
}

/* Refuse a bulk change over a set that no longer matches its seal: after
 * it, the evidence would be gone. */
int hv_vault_set_must_match(struct hv_store *st, struct hv_error *err)
{
	enum hv_set_state state;
	if (hv_vault_set_state(st, &state, err) < 0)
		return -1;
	if (state == HV_SET_MISSING)
		return set_missing(st, err);
	if (state == HV_SET_MISMATCH)
		return set_mismatch(st, err);
	return 0;
}

int hv_vault_set_begin(struct hv_store *st, const char *id, struct hv_set_write *w,
                       struct hv_error *err)
{
	memset(w, 0, sizeof *w);
	if (!st->key)
		return hv_vault_locked(st, err);
	w->own = sqlite3_get_autocommit(st->db);
	if (hv_vault_exec(st, w->own ? "BEGIN IMMEDIATE" : "SAVEPOINT hv_row", "save the entry",
	                  err) < 0)
		return -1;
	int rc = sum_stored(st, w->sum, err);
	if (rc == 0 && !st->legacy)
		rc = set_missing(st, err);
	else if (rc == 0) {
		/* A vault from before the seal: sealed now, as it stands. */
		w->upgrade = 1;
		rc = hv_vault_sum_table(st, st->key, w->sum, err);
	}
	if (rc >= 0)
		rc = sum_rows(st, st->key, row_one_sql, id, -1, w->sum, err);
	if (rc < 0) {
		hv_vault_set_end(st, id, w, 0, NULL);
		return -1;
	}
	return 0;
}

int hv_vault_set_end(struct hv_store *st, const char *id, struct hv_set_write *w, int ok,
                     struct hv_error *err)
{
	if (ok && (sum_rows(st, st->key, row_one_sql, id, 1, w->sum, err) < 0 ||
	           hv_vault_sum_store(st, w->sum, err) < 0 ||
	           (w->upgrade && hv_vault_write_check(st, st->key, err) < 0)))
		ok = 0;
	if (ok &&
	    hv_vault_exec(st, w->own ? "COMMIT" : "RELEASE hv_row", "save the entry", err) < 0)
		ok = 0;
	if (!ok) {
		sqlite3_exec(st->db, w->own ? "ROLLBACK" : "ROLLBACK TO hv_row; RELEASE hv_row",
		             NULL, NULL, NULL);
		return -1;
	}
	if (w->upgrade)
		st->legacy = 0;
	return 0;
}
