/*
 * vault.c — encryption at rest (see vault.h for the scheme).
 *
 * The store calls in here at three points: when it opens a database
 * (hv_vault_attach reads the settings and registers two SQL functions),
 * when it writes a body (hv_vault_seal_text) and when it reads one
 * (hv_vault_open_text).  Bulk work — sealing every body on enable, opening
 * them on disable, re-sealing on change — is one UPDATE per table through
 * the SQL functions, inside one transaction, so SQLite's own atomicity is
 * what makes an interrupted enable leave the database as it was.  The
 * functions are SQLITE_DIRECTONLY: a trigger or view planted in a stolen
 * file cannot call them to copy opened bodies somewhere in clear.
 */
#include "vault.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-private.h"

#define BOX_FORMAT 1
#define BOX_NONCE  crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define BOX_TAG    crypto_aead_xchacha20poly1305_ietf_ABYTES
#define BOX_HEAD   (1 + BOX_NONCE)

/* The settings in `meta`; the algorithm name says how to read the rest. */
#define META_ALG   "vault"
#define META_OPS   "vault_ops"
#define META_MEM   "vault_mem"
#define META_SALT  "vault_salt"
#define META_CHECK "vault_check"
#define VAULT_ALG  "argon2id13+xchacha20poly1305-ietf"

/* The check value: a known text sealed under the key, opened on unlock. */
#define CHECK_AD   "vault-check"
#define CHECK_TEXT "haven vault key check 1"

/* The same associated data for kept chat words, as SQL. */
#define CHAT_AD_SQL "'chat|' || day || '|' || key || '|' || ordinal || '|' || chat"

static void need_sodium(void)
{
	if (sodium_init() < 0)
		abort(); /* no usable randomness: nothing safe to do */
}

void hv_kdf_new(struct hv_kdf *k)
{
	need_sodium();
	const char *fast = getenv("HAVEN_TEST_KDF_FAST");
	if (fast && strcmp(fast, "1") == 0) {
		k->ops = crypto_pwhash_OPSLIMIT_MIN;
		k->mem = crypto_pwhash_MEMLIMIT_MIN;
	} else {
		k->ops = crypto_pwhash_OPSLIMIT_MODERATE;
		k->mem = crypto_pwhash_MEMLIMIT_MODERATE;
	}
	randombytes_buf(k->salt, sizeof k->salt);
}

int hv_kdf_check(const struct hv_kdf *k, struct hv_error *err)
{
	if (k->ops < crypto_pwhash_OPSLIMIT_MIN || k->ops > crypto_pwhash_OPSLIMIT_SENSITIVE ||
	    k->mem < crypto_pwhash_MEMLIMIT_MIN || k->mem > crypto_pwhash_MEMLIMIT_SENSITIVE)
		return hv_fail(err, HV_ECORRUPT,
			       "the key settings stored with the data are not ones haven writes "
			       "(cost %llu, memory %llu bytes): the file is damaged or was changed",
			       (unsigned long long)k->ops, (unsigned long long)k->mem);
	return 0;
}

unsigned char *hv_key_derive(const char *pass, size_t n, const struct hv_kdf *k,
			     struct hv_error *err)
{
	need_sodium();
	if (hv_kdf_check(k, err) < 0)
		return NULL;
	unsigned char *key = sodium_malloc(HV_KEY_BYTES);
	if (!key) {
		hv_fail(err, HV_ENOMEM, "out of memory");
		return NULL;
	}
	/* Best effort: a low RLIMIT_MEMLOCK must not stop the person. */
	(void)sodium_mlock(key, HV_KEY_BYTES);
	if (crypto_pwhash(key, HV_KEY_BYTES, pass, n, k->salt, k->ops, (size_t)k->mem,
			  crypto_pwhash_ALG_ARGON2ID13) != 0) {
		hv_key_free(key);
		hv_fail(err, HV_ENOMEM,
			"not enough memory to turn the passphrase into a key (it needs %llu MiB). "
			"Close other programs and try again",
			(unsigned long long)(k->mem >> 20));
		return NULL;
	}
	return key;
}

void hv_key_free(unsigned char *key)
{
	if (!key)
		return;
	sodium_munlock(key, HV_KEY_BYTES); /* zeroes it */
	sodium_free(key);                  /* zeroes again and unmaps */
}

int hv_seal(const unsigned char *key, const void *m, size_t mlen, const char *ad,
	    unsigned char **out, size_t *outlen)
{
	need_sodium();
	unsigned char *box = malloc(BOX_HEAD + mlen + BOX_TAG);
	if (!box)
		return -1;
	box[0] = BOX_FORMAT;
	randombytes_buf(box + 1, BOX_NONCE);
	unsigned long long clen;
	crypto_aead_xchacha20poly1305_ietf_encrypt(box + BOX_HEAD, &clen, m, mlen,
						   (const unsigned char *)ad, strlen(ad), NULL,
						   box + 1, key);
	*out = box;
	*outlen = BOX_HEAD + (size_t)clen;
	return 0;
}

int hv_open(const unsigned char *key, const void *c, size_t clen, const char *ad,
	    unsigned char **out, size_t *outlen)
{
	const unsigned char *box = c;
	*out = NULL;
	if (!box || clen < BOX_HEAD + BOX_TAG || box[0] != BOX_FORMAT)
		return -1;
	unsigned char *m = malloc(clen - BOX_HEAD - BOX_TAG + 1);
	if (!m)
		return -1;
	unsigned long long mlen;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(m, &mlen, NULL, box + BOX_HEAD,
						       clen - BOX_HEAD, (const unsigned char *)ad,
						       strlen(ad), box + 1, key) != 0) {
		free(m);
		return -1;
	}
	m[mlen] = '\0';
	*out = m;
	*outlen = (size_t)mlen;
	return 0;
}

/* --- record and chat boxes ----------------------------------------------- */

void hv_record_ad(char buf[HV_RECORD_AD_MAX], const char *id, const char *kind, int64_t version)
{
	snprintf(buf, HV_RECORD_AD_MAX, "record|%s|%s|%lld", id, kind, (long long)version);
}

/* "entry ID" for a record's associated data, else a chat message. */
static void describe(const char *ad, char *buf, size_t n)
{
	if (strncmp(ad, "record|", 7) == 0) {
		const char *id = ad + 7, *bar = strchr(id, '|');
		snprintf(buf, n, "entry %.*s", (int)(bar ? bar - id : (ptrdiff_t)strlen(id)), id);
	} else {
		snprintf(buf, n, "a kept chat message");
	}
}

static int locked(struct hv_store *st, struct hv_error *err)
{
	return hv_fail(err, HV_EIO,
		       "%s is a vault and is still locked: haven needs its passphrase first",
		       st->path);
}

static int damaged(struct hv_store *st, const char *what, struct hv_error *err)
{
	return hv_fail(err, HV_ECORRUPT,
		       "%s in %s cannot be opened: it was changed, cut short or moved from "
		       "another entry after haven sealed it, so it is not shown. `haven vault "
		       "check` lists every such entry; `haven restore FILE` brings back a backup",
		       what, st->path);
}

int hv_vault_seal_text(struct hv_store *st, const char *ad, const char *text, size_t n,
		       unsigned char **out, size_t *outlen, struct hv_error *err)
{
	const unsigned char *key = st->next_key ? st->next_key : st->key;
	if (!key)
		return locked(st, err);
	if (hv_seal(key, text, n, ad, out, outlen) < 0)
		return hv_fail(err, HV_ENOMEM, "out of memory");
	return 0;
}

char *hv_vault_open_text(struct hv_store *st, const char *ad, const void *box, size_t n,
			 const char *what, struct hv_error *err)
{
	if (!st->key) {
		locked(st, err);
		return NULL;
	}
	unsigned char *m;
	size_t mlen;
	if (hv_open(st->key, box, n, ad, &m, &mlen) < 0) {
		damaged(st, what, err);
		return NULL;
	}
	return (char *)m;
}

void hv_vault_free_text(void *text)
{
	if (text) {
		sodium_memzero(text, strlen(text));
		free(text);
	}
}

/* --- the SQL functions -------------------------------------------------- */

/* Fail the statement; the store reports st->fn_err instead of SQLite's text. */
static void sql_fail(sqlite3_context *ctx, struct hv_store *st)
{
	sqlite3_result_error(ctx, st->fn_err.msg, -1);
}

/* haven_seal(ad, text) → box */
static void sql_seal(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct hv_store *st = sqlite3_user_data(ctx);
	const char *ad = (const char *)sqlite3_value_text(argv[0]);
	char what[64];
	describe(ad ? ad : "", what, sizeof what);
	if (!ad || sqlite3_value_type(argv[1]) != SQLITE_TEXT) {
		hv_fail(&st->fn_err, HV_ECORRUPT,
			"%s in %s is not clear text, so it cannot be sealed: it is damaged, or was "
			"sealed by another vault. Nothing was changed",
			what, st->path);
		return sql_fail(ctx, st);
	}
	const char *text = (const char *)sqlite3_value_text(argv[1]);
	size_t n = (size_t)sqlite3_value_bytes(argv[1]);
	unsigned char *box;
	size_t len;
	if (hv_vault_seal_text(st, ad, text, n, &box, &len, &st->fn_err) < 0)
		return sql_fail(ctx, st);
	sqlite3_result_blob64(ctx, box, len, free);
}

/* haven_open(ad, box) → text */
static void sql_open(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct hv_store *st = sqlite3_user_data(ctx);
	const char *ad = (const char *)sqlite3_value_text(argv[0]);
	char what[64];
	describe(ad ? ad : "", what, sizeof what);
	if (!ad || sqlite3_value_type(argv[1]) != SQLITE_BLOB) {
		damaged(st, what, &st->fn_err);
		return sql_fail(ctx, st);
	}
	char *text = hv_vault_open_text(st, ad, sqlite3_value_blob(argv[1]),
					(size_t)sqlite3_value_bytes(argv[1]), what, &st->fn_err);
	if (!text)
		return sql_fail(ctx, st);
	sqlite3_result_text64(ctx, text, strlen(text), hv_vault_free_text, SQLITE_UTF8);
}

/* --- settings ------------------------------------------------------------ */

static int exec(struct hv_store *st, const char *sql, const char *doing, struct hv_error *err)
{
	hv_error_clear(&st->fn_err);
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return hv_store_db_fail(st, err, doing);
	return 0;
}

int hv_vault_attach(struct hv_store *st, struct hv_error *err)
{
	if (sqlite3_create_function_v2(st->db, "haven_seal", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY,
				       st, sql_seal, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function_v2(st->db, "haven_open", 2,
				       SQLITE_UTF8 | SQLITE_DIRECTONLY | SQLITE_DETERMINISTIC, st,
				       sql_open, NULL, NULL, NULL) != SQLITE_OK)
		return hv_store_db_fail(st, err, "open the database");
	char alg[64];
	int rc = hv_store_meta_get(st, META_ALG, alg, sizeof alg, err);
	if (rc <= 0)
		return rc;
	if (strcmp(alg, VAULT_ALG) != 0)
		return hv_fail(err, HV_ESCHEMA,
			       "%s is sealed in a way this haven does not know (\"%s\"). Update "
			       "haven, or choose another database with --db",
			       st->path, alg);
	st->sealed = 1;
	/* Opened bodies must never spill into temporary files, and what a
	 * vault deletes or replaces is overwritten, not left in free pages. */
	return exec(st, "PRAGMA temp_store = MEMORY; PRAGMA secure_delete = ON",
		    "open the database", err);
}

void hv_vault_detach(struct hv_store *st)
{
	hv_key_free(st->key);
	hv_key_free(st->next_key);
	st->key = st->next_key = NULL;
}

int hv_vault_on(const struct hv_store *st)
{
	return st->sealed;
}

int hv_vault_unlocked(const struct hv_store *st)
{
	return !st->sealed || st->key != NULL;
}

static int meta_u64(struct hv_store *st, const char *key, uint64_t *out, struct hv_error *err)
{
	char buf[32], *end;
	int rc = hv_store_meta_get(st, key, buf, sizeof buf, err);
	if (rc < 0)
		return -1;
	*out = rc ? strtoull(buf, &end, 10) : 0;
	if (!rc || *end)
		return hv_fail(err, HV_ECORRUPT,
			       "the vault settings in %s are damaged (%s). Restore a backup", st->path,
			       key);
	return 0;
}

static int meta_bin(struct hv_store *st, const char *key, unsigned char *out, size_t max,
		    size_t *len, struct hv_error *err)
{
	char buf[256];
	int rc = hv_store_meta_get(st, key, buf, sizeof buf, err);
	if (rc < 0)
		return -1;
	if (!rc || sodium_base642bin(out, max, buf, strlen(buf), NULL, len, NULL,
				     sodium_base64_VARIANT_ORIGINAL) != 0)
		return hv_fail(err, HV_ECORRUPT,
			       "the vault settings in %s are damaged (%s). Restore a backup", st->path,
			       key);
	return 0;
}

static int set_bin(struct hv_store *st, const char *key, const unsigned char *bin, size_t n,
		   struct hv_error *err)
{
	char buf[256];
	sodium_bin2base64(buf, sizeof buf, bin, n, sodium_base64_VARIANT_ORIGINAL);
	return hv_store_meta_set(st, key, buf, err);
}

static int set_u64(struct hv_store *st, const char *key, uint64_t v, struct hv_error *err)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
	return hv_store_meta_set(st, key, buf, err);
}

/* Store the settings of key (from k) in `meta`, inside the caller's transaction. */
static int write_settings(struct hv_store *st, const struct hv_kdf *k, const unsigned char *key,
			  struct hv_error *err)
{
	unsigned char *check;
	size_t n;
	if (hv_seal(key, CHECK_TEXT, strlen(CHECK_TEXT), CHECK_AD, &check, &n) < 0)
		return hv_fail(err, HV_ENOMEM, "out of memory");
	int rc = hv_store_meta_set(st, META_ALG, VAULT_ALG, err) < 0 ||
			 set_u64(st, META_OPS, k->ops, err) < 0 ||
			 set_u64(st, META_MEM, k->mem, err) < 0 ||
			 set_bin(st, META_SALT, k->salt, sizeof k->salt, err) < 0 ||
			 set_bin(st, META_CHECK, check, n, err) < 0
		     ? -1
		     : 0;
	free(check);
	return rc;
}

int hv_vault_unlock(struct hv_store *st, const char *pass, size_t n, struct hv_error *err)
{
	if (!st->sealed || st->key)
		return 0;
	struct hv_kdf k;
	unsigned char check[128];
	size_t salt_len, check_len;
	if (meta_u64(st, META_OPS, &k.ops, err) < 0 || meta_u64(st, META_MEM, &k.mem, err) < 0 ||
	    meta_bin(st, META_SALT, k.salt, sizeof k.salt, &salt_len, err) < 0 ||
	    meta_bin(st, META_CHECK, check, sizeof check, &check_len, err) < 0)
		return -1;
	if (salt_len != sizeof k.salt)
		return hv_fail(err, HV_ECORRUPT,
			       "the vault settings in %s are damaged (salt). Restore a backup",
			       st->path);
	unsigned char *key = hv_key_derive(pass, n, &k, err);
	if (!key)
		return -1;
	unsigned char *m;
	size_t mlen;
	int ok = hv_open(key, check, check_len, CHECK_AD, &m, &mlen) == 0 &&
		 mlen == strlen(CHECK_TEXT) && memcmp(m, CHECK_TEXT, mlen) == 0;
	free(m);
	if (!ok) {
		hv_key_free(key);
		return hv_fail(err, HV_EDATA,
			       "that passphrase does not open %s. Check it (letters, spaces and "
			       "case all count) and try again; nothing was read or changed",
			       st->path);
	}
	st->key = key;
	return 0;
}

/* Free pages and the write-ahead log may still hold clear text: rewrite the
 * file and empty the log.  Best effort (a reader elsewhere can block it). */
static void compact(struct hv_store *st)
{
	sqlite3_exec(st->db, "VACUUM", NULL, NULL, NULL);
	sqlite3_exec(st->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
}

/* Run the statements of one bulk change in a transaction; all or nothing. */
static int rewrite_all(struct hv_store *st, const struct hv_kdf *k, const unsigned char *key,
		       const char *const *sql, size_t nsql, const char *doing,
		       struct hv_error *err)
{
	if (hv_store_begin(st, err) < 0)
		return -1;
	int rc = k ? write_settings(st, k, key, err) : 0;
	for (size_t i = 0; rc == 0 && i < nsql; i++)
		rc = exec(st, sql[i], doing, err);
	if (rc == 0)
		rc = hv_store_commit(st, err);
	else
		hv_store_rollback(st);
	return rc;
}

int hv_vault_enable(struct hv_store *st, const char *pass, size_t n, struct hv_error *err)
{
	if (hv_store_exclusive(st, "seal the journal", err) < 0)
		return -1;
	if (st->sealed)
		return hv_fail(err, HV_EDATA,
			       "%s is already a vault. To choose a new passphrase, use `haven vault "
			       "change`",
			       st->path);
	if (hv_store_ensure_writable(st, err) < 0)
		return -1;
	struct hv_kdf k;
	hv_kdf_new(&k);
	unsigned char *key = hv_key_derive(pass, n, &k, err);
	if (!key)
		return -1;
	if (exec(st, "PRAGMA temp_store = MEMORY; PRAGMA secure_delete = ON", "seal the entries",
		 err) < 0) {
		hv_key_free(key);
		return -1;
	}
	static const char *const sql[] = {
	    "UPDATE records SET body = haven_seal(" HV_RECORD_AD_SQL ", body)",
	    "UPDATE chat_texts SET text = haven_seal(" CHAT_AD_SQL ", text)",
	    /* The cache holds values from bodies in clear; a vault keeps none. */
	    "DELETE FROM facts",
	};
	st->next_key = key;
	int rc = rewrite_all(st, &k, key, sql, sizeof sql / sizeof *sql, "seal the entries", err);
	st->next_key = NULL;
	if (rc < 0) {
		hv_key_free(key);
		return -1;
	}
	st->key = key;
	st->sealed = 1;
	compact(st);
	return 0;
}

int hv_vault_change(struct hv_store *st, const char *pass, size_t n, struct hv_error *err)
{
	if (hv_store_exclusive(st, "change the passphrase", err) < 0)
		return -1;
	if (!st->sealed)
		return hv_fail(err, HV_EDATA,
			       "%s is not a vault. To seal it, use `haven vault enable`", st->path);
	if (!st->key)
		return locked(st, err);
	struct hv_kdf k;
	hv_kdf_new(&k);
	unsigned char *key = hv_key_derive(pass, n, &k, err);
	if (!key)
		return -1;
	static const char *const sql[] = {
	    "UPDATE records SET body = haven_seal(" HV_RECORD_AD_SQL ", haven_open(" HV_RECORD_AD_SQL
	    ", body))",
	    "UPDATE chat_texts SET text = haven_seal(" CHAT_AD_SQL ", haven_open(" CHAT_AD_SQL
	    ", text))",
	};
	st->next_key = key;
	int rc = rewrite_all(st, &k, key, sql, sizeof sql / sizeof *sql, "re-seal the entries", err);
	st->next_key = NULL;
	if (rc < 0) {
		hv_key_free(key);
		return -1;
	}
	hv_key_free(st->key);
	st->key = key;
	compact(st);
	return 0;
}

int hv_vault_disable(struct hv_store *st, struct hv_error *err)
{
	if (hv_store_exclusive(st, "open the vault", err) < 0)
		return -1;
	if (!st->sealed)
		return hv_fail(err, HV_EDATA, "%s is not a vault; there is nothing to open",
			       st->path);
	if (!st->key)
		return locked(st, err);
	static const char *const sql[] = {
	    "UPDATE records SET body = haven_open(" HV_RECORD_AD_SQL ", body)",
	    "UPDATE chat_texts SET text = haven_open(" CHAT_AD_SQL ", text)",
	    "DELETE FROM meta WHERE key IN ('" META_ALG "', '" META_OPS "', '" META_MEM
	    "', '" META_SALT "', '" META_CHECK "')",
	};
	if (rewrite_all(st, NULL, NULL, sql, sizeof sql / sizeof *sql, "open the entries", err) < 0)
		return -1;
	hv_vault_detach(st);
	st->sealed = 0;
	return 0;
}

int hv_vault_verify(struct hv_store *st, int64_t *checked, hv_vault_bad_fn bad, void *ctx,
		    struct hv_error *err)
{
	*checked = 0;
	if (!st->sealed)
		return hv_fail(err, HV_EDATA, "%s is not a vault; there is nothing to check",
			       st->path);
	if (!st->key)
		return locked(st, err);
	static const char *const sql[] = {
	    "SELECT id, kind, " HV_RECORD_AD_SQL ", body FROM records ORDER BY id",
	    "SELECT chat, 'chat message', " CHAT_AD_SQL ", text FROM chat_texts",
	};
	for (int q = 0; q < 2; q++) {
		sqlite3_stmt *s;
		if (hv_store_prepare(st, sql[q], &s, err) < 0)
			return -1;
		int rc;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			unsigned char *m = NULL;
			size_t mlen;
			int ok = sqlite3_column_type(s, 3) == SQLITE_BLOB &&
				 hv_open(st->key, sqlite3_column_blob(s, 3),
					 (size_t)sqlite3_column_bytes(s, 3),
					 (const char *)sqlite3_column_text(s, 2), &m, &mlen) == 0;
			free(m);
			(*checked)++;
			if (!ok)
				bad((const char *)sqlite3_column_text(s, 0),
				    (const char *)sqlite3_column_text(s, 1), ctx);
		}
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE)
			return hv_store_db_fail(st, err, "check the entries");
	}
	return 0;
}
