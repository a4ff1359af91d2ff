/*
 * vault-bulk.c — sealing, re-sealing and opening every row at once (vault
 * enable, change, disable), each one transaction of one UPDATE per table
 * and per column of words a module's schema names; rewriting the file so
 * no old text stays behind; and checking every box (vault check).
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

/* --- enable, change, disable ------------------------------------------- */

/* Whether old text may still sit in the file: set in the same transaction
 * that seals or re-seals every body, cleared once the file is rewritten
 * and its log emptied, so a kill in between is never taken for done. */
int hv_vault_scrub_pending(struct hv_store *st)
{
	char buf[8];
	struct hv_error err;
	return st->sealed && hv_store_meta_get(st, META_SCRUB, buf, sizeof buf, &err) == 1;
}

/* The vault is on but the file could not be rewritten: say what is left. */
static int scrub_blocked(struct hv_store *st, const char *why, struct hv_error *err)
{
	if (!why)
		return hv_fail(
		    err, HV_EIO,
		    "the vault is on, but old text from before it may remain in free pages "
		    "of %s or its write-ahead log until no other program has the database "
		    "open. Close it (an sqlite3 shell, a backup or sync tool) and run `haven "
		    "vault enable` again to finish",
		    st->path);
	return hv_fail(
	    err, HV_EIO,
	    "the vault is on, but old text from before it may remain in free pages of %s "
	    "or its write-ahead log: rewriting the file failed (%s). Free some space or "
	    "check the disk, then run `haven vault enable` again to finish",
	    st->path, why);
}

/*
 * Free pages and the write-ahead log may still hold the text a bulk change
 * replaced: rewrite the file (VACUUM) and copy the log into it and empty it
 * (checkpoint TRUNCATE).  Another program reading the database can hold
 * either back; then nothing is claimed and the person is told how to finish.
 */
int hv_vault_scrub(struct hv_store *st, struct hv_error *err)
{
	hv_error_clear(&st->fn_err);
	int rc = sqlite3_exec(st->db, "VACUUM", NULL, NULL, NULL);
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return scrub_blocked(st, NULL, err);
	if (rc != SQLITE_OK)
		return scrub_blocked(st, sqlite3_errmsg(st->db), err);
	sqlite3_stmt *s;
	if (hv_store_prepare(st, "PRAGMA wal_checkpoint(TRUNCATE)", &s, err) < 0)
		return -1;
	rc = sqlite3_step(s);
	/* busy, frames in the log, frames copied: done only when 0, n, n. */
	int busy = rc != SQLITE_ROW || sqlite3_column_int(s, 0) != 0;
	int done = !busy && sqlite3_column_int(s, 1) == sqlite3_column_int(s, 2);
	char why[256];
	snprintf(why, sizeof why, "%s", sqlite3_errmsg(st->db));
	sqlite3_finalize(s);
	if (!done)
		return scrub_blocked(st, rc == SQLITE_ROW || rc == SQLITE_BUSY ? NULL : why, err);
	struct hv_error ignored;
	if (hv_store_meta_set(st, META_SCRUB, NULL, &ignored) < 0)
		return scrub_blocked(st, ignored.msg, err);
	return 0;
}

/* What a bulk change does to the modules' sealed columns (schema.h). */
enum column_change { COLUMNS_SEAL, COLUMNS_RESEAL, COLUMNS_OPEN };

/* Seal, re-seal or open every row of one module's column of words. */
static int change_column(struct hv_store *st, const struct hv_sealed_column *c,
                         enum column_change change, const char *doing, struct hv_error *err)
{
	char *sql = NULL;
	switch (change) {
	case COLUMNS_SEAL:
		sql = sqlite3_mprintf("UPDATE %s SET %s = haven_seal(%Q, %s, %s)", c->table,
		                      c->column, c->what, c->ad_sql, c->column);
		break;
	case COLUMNS_RESEAL:
		sql = sqlite3_mprintf(
		    "UPDATE %s SET %s = haven_seal(%Q, %s, haven_open(%Q, %s, %s))", c->table,
		    c->column, c->what, c->ad_sql, c->what, c->ad_sql, c->column);
		break;
	case COLUMNS_OPEN:
		sql = sqlite3_mprintf("UPDATE %s SET %s = haven_open(%Q, %s, %s)", c->table,
		                      c->column, c->what, c->ad_sql, c->column);
		break;
	}
	if (!sql)
		return hv_fail(err, HV_ENOMEM, "out of memory");
	int rc = hv_vault_exec(st, sql, doing, err);
	sqlite3_free(sql);
	return rc;
}

/* Every module's columns of words, in the same transaction as the bodies. */
static int change_columns(struct hv_store *st, enum column_change change, const char *doing,
                          struct hv_error *err)
{
	for (const struct hv_schema *const *s = hv_schemas; *s; s++)
		for (size_t i = 0; i < (*s)->nsealed; i++)
			if (change_column(st, &(*s)->sealed[i], change, doing, err) < 0)
				return -1;
	return 0;
}

/* Run the statements of one bulk change in a transaction; all or nothing. */
static int rewrite_all(struct hv_store *st, const struct hv_kdf *k, const unsigned char *key,
                       enum column_change change, const char *const *sql, size_t nsql,
                       const char *doing, struct hv_error *err)
{
	if (hv_store_begin(st, err) < 0)
		return -1;
	int rc = k ? hv_vault_write_settings(st, k, key, err) : 0;
	for (size_t i = 0; rc == 0 && i < nsql; i++)
		rc = hv_vault_exec(st, sql[i], doing, err);
	if (rc == 0)
		rc = change_columns(st, change, doing, err);
	/* The seal over the set as the bodies now stand, under the new key. */
	unsigned char sum[SUM_BYTES];
	if (rc == 0 && key)
		rc = hv_vault_sum_table(st, key, sum, err) < 0 ||
		             hv_vault_sum_store(st, sum, err) < 0
		         ? -1
		         : 0;
	if (rc == 0)
		rc = hv_store_commit(st, err);
	else
		hv_store_rollback(st);
	return rc;
}

/* rewrite_all with key as the key new boxes get; key is freed when it
 * fails, and left for the caller to keep when it succeeds. */
static int rewrite_to_key(struct hv_store *st, const struct hv_kdf *k, unsigned char *key,
                          enum column_change change, const char *const *sql, size_t nsql,
                          const char *doing, struct hv_error *err)
{
	st->next_key = key;
	int rc = rewrite_all(st, k, key, change, sql, nsql, doing, err);
	st->next_key = NULL;
	if (rc < 0)
		hv_key_free(key);
	return rc;
}

/* Cached facts that no longer describe their record are dropped before a
 * bulk change: their associated data would be the wrong record's. */
#define FACTS_STALE_SQL                                                                            \
	"DELETE FROM facts WHERE NOT EXISTS (SELECT 1 FROM records AS r WHERE r.rowid = "          \
	"facts.rid AND r.id = facts.id AND r.updated_ms = facts.updated_ms)"

#define SCRUB_SQL "INSERT OR REPLACE INTO meta (key, value) VALUES ('" META_SCRUB "', '1')"

int hv_vault_enable(struct hv_store *st, const char *pass, size_t n, struct hv_error *err)
{
	if (hv_store_exclusive(st, "seal the journal", err) < 0)
		return -1;
	if (st->sealed)
		return hv_fail(
		    err, HV_EDATA,
		    "%s is already a vault. To choose a new passphrase, use `haven vault "
		    "change`",
		    st->path);
	if (hv_store_ensure_writable(st, err) < 0)
		return -1;
	struct hv_kdf k;
	unsigned char *key = hv_key_new(pass, n, &k, err);
	if (!key)
		return -1;
	if (hv_vault_exec(st, "PRAGMA temp_store = MEMORY; PRAGMA secure_delete = ON",
	                  "seal the entries", err) < 0) {
		hv_key_free(key);
		return -1;
	}
	static const char *const sql[] = {
	    "UPDATE records SET body = haven_seal_record(" HV_RECORD_COLS_SQL("") ", body)",
	    /* The cache holds values from bodies in clear: sealed like them. */
	    FACTS_STALE_SQL,
	    "UPDATE facts SET tags = (SELECT haven_seal_facts(" HV_RECORD_COLS_SQL(
	        "r.") ", facts.a, facts.b, facts.bits, facts.tags) FROM records AS r WHERE "
	              "r.rowid = facts.rid), a = NULL, b = NULL, bits = 0",
	    SCRUB_SQL,
	};
	if (rewrite_to_key(st, &k, key, COLUMNS_SEAL, sql, sizeof sql / sizeof *sql,
	                   "seal the entries", err) < 0)
		return -1;
	st->key = key;
	st->sealed = 1;
	st->legacy = 0;
	return hv_vault_scrub(st, err);
}

int hv_vault_change(struct hv_store *st, const char *pass, size_t n, struct hv_error *err)
{
	if (hv_store_exclusive(st, "change the passphrase", err) < 0)
		return -1;
	if (!st->sealed)
		return hv_fail(err, HV_EDATA,
		               "%s is not a vault. To seal it, use `haven vault enable`", st->path);
	if (!st->key)
		return hv_vault_locked(st, err);
	if (hv_vault_set_must_match(st, err) < 0)
		return -1;
	struct hv_kdf k;
	unsigned char *key = hv_key_new(pass, n, &k, err);
	if (!key)
		return -1;
	static const char *const sql[] = {
	    "UPDATE records SET body = haven_seal_record(" HV_RECORD_COLS_SQL(
	        "") ", " HV_RECORD_OPEN_SQL("") ")",
	    FACTS_STALE_SQL,
	    "UPDATE facts SET tags = (SELECT haven_reseal_facts(" HV_RECORD_COLS_SQL(
	        "r.") ", facts.tags) FROM records AS r WHERE r.rowid = facts.rid), a = NULL, "
	              "b = NULL, bits = 0",
	    /* A row that did not open under the old key is only a cache row. */
	    "DELETE FROM facts WHERE typeof(tags) <> 'blob'",
	    SCRUB_SQL,
	};
	if (rewrite_to_key(st, &k, key, COLUMNS_RESEAL, sql, sizeof sql / sizeof *sql,
	                   "re-seal the entries", err) < 0)
		return -1;
	hv_key_free(st->key);
	st->key = key;
	st->legacy = 0;
	return hv_vault_scrub(st, err);
}

int hv_vault_disable(struct hv_store *st, struct hv_error *err)
{
	if (hv_store_exclusive(st, "open the vault", err) < 0)
		return -1;
	if (!st->sealed)
		return hv_fail(err, HV_EDATA, "%s is not a vault; there is nothing to open",
		               st->path);
	if (!st->key)
		return hv_vault_locked(st, err);
	if (hv_vault_set_must_match(st, err) < 0)
		return -1;
	static const char *const sql[] = {
	    "UPDATE records SET body = " HV_RECORD_OPEN_SQL(""),
	    /* Sealed facts are of no use in clear: the next view derives them. */
	    "DELETE FROM facts",
	    "DELETE FROM meta WHERE key IN ('" META_ALG "', '" META_OPS "', '" META_MEM
	    "', '" META_SALT "', '" META_CHECK "', '" META_SUM "', '" META_SCRUB "')",
	};
	if (rewrite_all(st, NULL, NULL, COLUMNS_OPEN, sql, sizeof sql / sizeof *sql,
	                "open the entries", err) < 0)
		return -1;
	hv_vault_detach(st);
	st->sealed = 0;
	st->legacy = 0;
	return 0;
}

/* Try to open each record's box (id, kind, box, then the record's
 * fields); count them, report the bad. */
static int verify_records(struct hv_store *st, int64_t *checked, hv_vault_bad_fn bad, void *ctx,
                          struct hv_error *err)
{
	sqlite3_stmt *s;
	if (hv_store_prepare(st, ROW_SQL " ORDER BY id", &s, err) < 0)
		return -1;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct hv_record r = {0};
		hv_store_row_record(s, 0, &r);
		const void *box = sqlite3_column_blob(s, 8);
		size_t n = (size_t)sqlite3_column_bytes(s, 8);
		char ad[RECORD_AD_MAX];
		hv_vault_record_ad(ad, &r, hv_vault_box_format(box, n));
		unsigned char *m = NULL;
		size_t mlen;
		int ok = sqlite3_column_type(s, 8) == SQLITE_BLOB &&
		         hv_open(st->key, box, n, ad, &m, &mlen) == 0;
		if (m) {
			sodium_memzero(m, mlen);
			free(m);
		}
		(*checked)++;
		if (!ok)
			bad((const char *)sqlite3_column_text(s, 0),
			    (const char *)sqlite3_column_text(s, 1), ctx);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : hv_store_db_fail(st, err, "check the entries");
}

/* Try to open every box of one module's column of words (schema.h). */
static int verify_column(struct hv_store *st, const struct hv_sealed_column *c, int64_t *checked,
                         hv_vault_bad_fn bad, void *ctx, struct hv_error *err)
{
	char *sql = sqlite3_mprintf("SELECT %s, %s, %s FROM %s", c->name_sql, c->ad_sql, c->column,
	                            c->table);
	if (!sql)
		return hv_fail(err, HV_ENOMEM, "out of memory");
	sqlite3_stmt *s;
	int rc = hv_store_prepare(st, sql, &s, err);
	sqlite3_free(sql);
	if (rc < 0)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		unsigned char *m = NULL;
		size_t mlen;
		int ok =
		    sqlite3_column_type(s, 2) == SQLITE_BLOB &&
		    hv_open(st->key, sqlite3_column_blob(s, 2), (size_t)sqlite3_column_bytes(s, 2),
		            (const char *)sqlite3_column_text(s, 1), &m, &mlen) == 0;
		if (m) {
			sodium_memzero(m, mlen);
			free(m);
		}
		(*checked)++;
		if (!ok) {
			const char *name = (const char *)sqlite3_column_text(s, 0);
			bad(name ? name : "", c->kind, ctx);
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : hv_store_db_fail(st, err, "check the entries");
}

static int verify_columns(struct hv_store *st, int64_t *checked, hv_vault_bad_fn bad, void *ctx,
                          struct hv_error *err)
{
	for (const struct hv_schema *const *s = hv_schemas; *s; s++)
		for (size_t i = 0; i < (*s)->nsealed; i++)
			if (verify_column(st, &(*s)->sealed[i], checked, bad, ctx, err) < 0)
				return -1;
	return 0;
}

/*
 * Cached facts in a vault: each row must be a box (never values in clear),
 * and one that still claims to describe its record (same id and updated
 * time) must open for that record's fields.  A stale row is never trusted,
 * so it is not judged.  A bad one is reported as kind "facts": the entry
 * itself is unharmed, but someone wrote to the file.
 */
static int verify_facts(struct hv_store *st, hv_vault_bad_fn bad, void *ctx, struct hv_error *err)
{
	sqlite3_stmt *s;
	if (hv_store_prepare(
	        st,
	        "SELECT " HV_RECORD_COLS_SQL(
	            "r.") ", f.id, f.tags, f.a IS NULL AND "
	                  "f.b IS NULL AND f.bits = 0, r.id IS f.id AND r.updated_ms IS "
	                  "f.updated_ms FROM facts AS f LEFT JOIN records AS r ON r.rowid = f.rid",
	        &s, err) < 0)
		return -1;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int ok = sqlite3_column_type(s, 9) == SQLITE_BLOB && sqlite3_column_int(s, 10);
		if (ok && sqlite3_column_int(s, 11)) {
			struct hv_facts f;
			struct hv_row_fields r = hv_store_row_fields(s, 0);
			ok = hv_vault_open_facts(st, &r, sqlite3_column_blob(s, 9),
			                         (size_t)sqlite3_column_bytes(s, 9), &f) == 0;
			sodium_memzero(&f, sizeof f);
		}
		if (!ok) {
			const char *id = (const char *)sqlite3_column_text(s, 8);
			bad(id ? id : "", HV_VAULT_BAD_FACTS, ctx);
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : hv_store_db_fail(st, err, "check the cached facts");
}

int hv_vault_verify(struct hv_store *st, int64_t *checked, enum hv_set_state *set,
                    hv_vault_bad_fn bad, void *ctx, struct hv_error *err)
{
	*checked = 0;
	if (!st->sealed)
		return hv_fail(err, HV_EDATA, "%s is not a vault; there is nothing to check",
		               st->path);
	if (!st->key)
		return hv_vault_locked(st, err);
	if (verify_records(st, checked, bad, ctx, err) < 0 ||
	    verify_columns(st, checked, bad, ctx, err) < 0 || verify_facts(st, bad, ctx, err) < 0)
		return -1;
	return hv_vault_set_state(st, set, err);
}
