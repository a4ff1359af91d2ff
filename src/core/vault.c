/*
 * vault.c — encryption at rest (see vault.h for the scheme): keys, boxes,
 * the vault's settings, unlocking and holding the key.  The SQL functions
 * are vault-sql.c, the seal over the set vault-set.c, and the bulk
 * changes and the check vault-bulk.c (vault-parts-private.h joins them).
 *
 * The store calls in here at three points: when it opens a database
 * (hv_vault_attach reads the settings and registers two SQL functions),
 * when it writes a body (hv_vault_seal_text) and when it reads one
 * (hv_vault_open_text).  Bulk work — sealing every body on enable, opening
 * them on disable, re-sealing on change — is one UPDATE per table through
 * the SQL functions (and one per column of words a module's schema names,
 * schema.h), inside one transaction, so SQLite's own atomicity is
 * what makes an interrupted enable leave the database as it was.  The
 * functions are SQLITE_DIRECTONLY: a trigger or view planted in a stolen
 * file cannot call them to copy opened bodies somewhere in clear.
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

/* Room for a key, kept out of swap where the system allows; NULL when
 * there is no memory. */
static unsigned char *key_alloc(void)
{
	unsigned char *key = sodium_malloc(HV_KEY_BYTES);
	/* Best effort: a low RLIMIT_MEMLOCK must not stop the person. */
	if (key)
		(void)sodium_mlock(key, HV_KEY_BYTES);
	return key;
}

unsigned char *hv_key_derive(const char *pass, size_t n, const struct hv_kdf *k,
                             struct hv_error *err)
{
	need_sodium();
	if (hv_kdf_check(k, err) < 0)
		return NULL;
	unsigned char *key = key_alloc();
	if (!key) {
		hv_fail(err, HV_ENOMEM, "out of memory");
		return NULL;
	}
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

unsigned char *hv_key_new(const char *pass, size_t n, struct hv_kdf *k, struct hv_error *err)
{
	hv_kdf_new(k);
	return hv_key_derive(pass, n, k, err);
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
	if (!box || clen < BOX_HEAD + BOX_TAG || (box[0] != BOX_FORMAT && box[0] != BOX_FORMAT_1))
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

/* --- record boxes ------------------------------------------------------ */

/* A record's associated data for a box of the given format: format 2 binds
 * every stored field, so a flipped deleted flag or a moved created time
 * makes the body refuse to open just as a swapped body does. */
void hv_vault_record_ad(char buf[RECORD_AD_MAX], const struct hv_record *r, int format)
{
	if (format == BOX_FORMAT_1)
		snprintf(buf, RECORD_AD_MAX, "record|%s|%s|%lld", r->id, r->kind,
		         (long long)r->version);
	else
		snprintf(buf, RECORD_AD_MAX, "record2|%s|%s|%lld|%lld|%d|%lld|%d|%d", r->id,
		         r->kind, (long long)r->version, (long long)r->created_ms, r->created_off,
		         (long long)r->updated_ms, r->updated_off, r->deleted ? 1 : 0);
}

/* The format a stored box says it is (0 when it is no box). */
int hv_vault_box_format(const void *box, size_t n)
{
	return box && n > 0 ? ((const unsigned char *)box)[0] : 0;
}

int hv_vault_locked(struct hv_store *st, struct hv_error *err)
{
	return hv_fail(err, HV_EIO,
	               "%s is a vault and is still locked: haven needs its passphrase first",
	               st->path);
}

int hv_vault_damaged(struct hv_store *st, const char *what, struct hv_error *err)
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
		return hv_vault_locked(st, err);
	if (hv_seal(key, text, n, ad, out, outlen) < 0)
		return hv_fail(err, HV_ENOMEM, "out of memory");
	return 0;
}

char *hv_vault_open_text(struct hv_store *st, const char *ad, const void *box, size_t n,
                         const char *what, struct hv_error *err)
{
	if (!st->key) {
		hv_vault_locked(st, err);
		return NULL;
	}
	unsigned char *m;
	size_t mlen;
	if (hv_open(st->key, box, n, ad, &m, &mlen) < 0) {
		hv_vault_damaged(st, what, err);
		return NULL;
	}
	return (char *)m;
}

int hv_vault_seal_secret(struct hv_store *st, const char *ad, const char *secret, char **hex,
                         struct hv_error *err)
{
	unsigned char *box;
	size_t n;
	if (hv_vault_seal_text(st, ad, secret, strlen(secret), &box, &n, err) < 0)
		return -1;
	*hex = malloc(n * 2 + 1);
	if (*hex)
		sodium_bin2hex(*hex, n * 2 + 1, box, n);
	free(box);
	return *hex ? 0 : hv_fail(err, HV_ENOMEM, "out of memory");
}

char *hv_vault_open_secret(struct hv_store *st, const char *ad, const char *hex,
                           struct hv_error *err)
{
	size_t len = strlen(hex) / 2, got = 0;
	unsigned char *box = malloc(len + 1);
	if (!box) {
		hv_fail(err, HV_ENOMEM, "out of memory");
		return NULL;
	}
	char *text = NULL;
	if (sodium_hex2bin(box, len + 1, hex, strlen(hex), NULL, &got, NULL) == 0)
		text = hv_vault_open_text(st, ad, box, got, ad, err);
	else
		hv_fail(err, HV_ECORRUPT, "the setting %s is damaged", ad);
	free(box);
	return text;
}

void hv_vault_free_secret(char *secret)
{
	hv_vault_free_text(secret);
}

int hv_vault_seal_record(struct hv_store *st, const struct hv_record *r, const char *text, size_t n,
                         unsigned char **out, size_t *outlen, struct hv_error *err)
{
	char ad[RECORD_AD_MAX];
	hv_vault_record_ad(ad, r, BOX_FORMAT);
	return hv_vault_seal_text(st, ad, text, n, out, outlen, err);
}

char *hv_vault_open_record(struct hv_store *st, const struct hv_record *r, const void *box,
                           size_t n, struct hv_error *err)
{
	char ad[RECORD_AD_MAX], what[64];
	hv_vault_record_ad(ad, r, hv_vault_box_format(box, n));
	snprintf(what, sizeof what, "entry %s", r->id);
	return hv_vault_open_text(st, ad, box, n, what, err);
}

void hv_vault_free_text(void *text)
{
	if (text) {
		sodium_memzero(text, strlen(text));
		free(text);
	}
}

/* --- settings ------------------------------------------------------------ */

int hv_vault_exec(struct hv_store *st, const char *sql, const char *doing, struct hv_error *err)
{
	hv_error_clear(&st->fn_err);
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return hv_store_db_fail(st, err, doing);
	return 0;
}

int hv_vault_attach(struct hv_store *st, struct hv_error *err)
{
	if (hv_vault_register_functions(st) != SQLITE_OK)
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
	return hv_vault_exec(st, "PRAGMA temp_store = MEMORY; PRAGMA secure_delete = ON",
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
		               "the vault settings in %s are damaged (%s). Restore a backup",
		               st->path, key);
	return 0;
}

int hv_vault_meta_bin(struct hv_store *st, const char *key, unsigned char *out, size_t max,
                      size_t *len, struct hv_error *err)
{
	char buf[256];
	int rc = hv_store_meta_get(st, key, buf, sizeof buf, err);
	if (rc < 0)
		return -1;
	if (!rc || sodium_base642bin(out, max, buf, strlen(buf), NULL, len, NULL,
	                             sodium_base64_VARIANT_ORIGINAL) != 0)
		return hv_fail(err, HV_ECORRUPT,
		               "the vault settings in %s are damaged (%s). Restore a backup",
		               st->path, key);
	return 0;
}

int hv_vault_set_bin(struct hv_store *st, const char *key, const unsigned char *bin, size_t n,
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

/* Store the check value of key: its second form, for a vault with a seal. */
int hv_vault_write_check(struct hv_store *st, const unsigned char *key, struct hv_error *err)
{
	unsigned char *check;
	size_t n;
	if (hv_seal(key, CHECK_TEXT, strlen(CHECK_TEXT), CHECK_AD, &check, &n) < 0)
		return hv_fail(err, HV_ENOMEM, "out of memory");
	int rc = hv_vault_set_bin(st, META_CHECK, check, n, err);
	free(check);
	return rc;
}

/* Store the settings of key (from k) in `meta`, inside the caller's transaction. */
int hv_vault_write_settings(struct hv_store *st, const struct hv_kdf *k, const unsigned char *key,
                            struct hv_error *err)
{
	return hv_store_meta_set(st, META_ALG, VAULT_ALG, err) < 0 ||
	               set_u64(st, META_OPS, k->ops, err) < 0 ||
	               set_u64(st, META_MEM, k->mem, err) < 0 ||
	               hv_vault_set_bin(st, META_SALT, k->salt, sizeof k->salt, err) < 0 ||
	               hv_vault_write_check(st, key, err) < 0
	           ? -1
	           : 0;
}

/* Keep key (locked memory, now ours) when it opens the check value; else
 * free it and return -1. */
static int adopt_key(struct hv_store *st, unsigned char *key, const unsigned char *check,
                     size_t check_len)
{
	unsigned char *m;
	size_t mlen;
	int ok = hv_open(key, check, check_len, CHECK_AD, &m, &mlen) == 0;
	int legacy = ok && strcmp((char *)m, CHECK_TEXT_1) == 0;
	ok = ok && (legacy || strcmp((char *)m, CHECK_TEXT) == 0);
	free(m);
	if (!ok) {
		hv_key_free(key);
		return -1;
	}
	st->key = key;
	st->legacy = legacy;
	return 0;
}

/* The vault's salt, which must be whole. */
static int read_salt(struct hv_store *st, unsigned char salt[HV_SALT_BYTES], struct hv_error *err)
{
	size_t len;
	if (hv_vault_meta_bin(st, META_SALT, salt, HV_SALT_BYTES, &len, err) < 0)
		return -1;
	if (len != HV_SALT_BYTES)
		return hv_fail(err, HV_ECORRUPT,
		               "the vault settings in %s are damaged (salt). Restore a backup",
		               st->path);
	return 0;
}

int hv_vault_unlock(struct hv_store *st, const char *pass, size_t n, struct hv_error *err)
{
	if (!st->sealed || st->key)
		return 0;
	struct hv_kdf k;
	unsigned char check[128];
	size_t check_len;
	if (meta_u64(st, META_OPS, &k.ops, err) < 0 || meta_u64(st, META_MEM, &k.mem, err) < 0 ||
	    read_salt(st, k.salt, err) < 0 ||
	    hv_vault_meta_bin(st, META_CHECK, check, sizeof check, &check_len, err) < 0)
		return -1;
	unsigned char *key = hv_key_derive(pass, n, &k, err);
	if (!key)
		return -1;
	int rc = adopt_key(st, key, check, check_len);
	if (rc < 0)
		hv_fail(err, HV_EDATA,
		        "that passphrase does not open %s. Check it (letters, spaces and "
		        "case all count) and try again; nothing was read or changed",
		        st->path);
	return rc;
}

/* --- an unlock that lasts: the key in the kernel keyring ------------------ */

/* What the key is held under: the vault's salt, which is random per vault
 * and per passphrase (change makes a new one), so a held key is only ever
 * offered to the vault it opens.  The salt is no secret: it is in the file. */
static int key_name(struct hv_store *st, char name[64], struct hv_error *err)
{
	unsigned char salt[HV_SALT_BYTES];
	if (read_salt(st, salt, err) < 0)
		return -1;
	char hex[2 * HV_SALT_BYTES + 1];
	sodium_bin2hex(hex, sizeof hex, salt, sizeof salt);
	snprintf(name, 64, "haven:vault:%s", hex);
	return 0;
}

int hv_vault_hold(struct hv_store *st, unsigned seconds, struct hv_error *err)
{
	char name[64];
	if (!st->sealed)
		return hv_fail(err, HV_EDATA, "%s is not a vault; there is nothing to unlock",
		               st->path);
	if (!st->key)
		return hv_vault_locked(st, err);
	if (key_name(st, name, err) < 0)
		return -1;
	return hv_keyring_hold(name, st->key, HV_KEY_BYTES, seconds, err);
}

int hv_vault_unlock_held(struct hv_store *st)
{
	char name[64];
	struct hv_error err;
	unsigned char check[128];
	size_t check_len;
	if (!st->sealed || st->key)
		return st->key != NULL;
	need_sodium();
	if (key_name(st, name, &err) < 0 ||
	    hv_vault_meta_bin(st, META_CHECK, check, sizeof check, &check_len, &err) < 0)
		return 0;
	unsigned char *key = key_alloc();
	if (!key)
		return 0;
	if (!hv_keyring_fetch(name, key, HV_KEY_BYTES)) {
		hv_key_free(key);
		return 0;
	}
	/* A key that does not open the check value is not this vault's. */
	return adopt_key(st, key, check, check_len) == 0;
}

int hv_vault_held(struct hv_store *st)
{
	char name[64];
	struct hv_error err;
	unsigned char probe[HV_KEY_BYTES];
	if (!st->sealed || key_name(st, name, &err) < 0)
		return 0;
	int held = hv_keyring_fetch(name, probe, sizeof probe);
	sodium_memzero(probe, sizeof probe);
	return held;
}

int hv_vault_release(struct hv_store *st, struct hv_error *err)
{
	char name[64];
	if (!st->sealed)
		return 0;
	if (key_name(st, name, err) < 0)
		return -1;
	return hv_keyring_drop(name, err);
}
