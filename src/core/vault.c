/*
 * vault.c — encryption at rest (see vault.h for the scheme).
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
#include "vault-private.h"

/* Format 1 boxes were bound to a record's id, kind and version only; format
 * 2 to every field of its row.  Both open; every new box is format 2. */
#define BOX_FORMAT_1 1
#define BOX_FORMAT   2
#define BOX_NONCE    crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define BOX_TAG      crypto_aead_xchacha20poly1305_ietf_ABYTES
#define BOX_HEAD     (1 + BOX_NONCE)

/* The settings in `meta`; the algorithm name says how to read the rest. */
#define META_ALG   "vault"
#define META_OPS   "vault_ops"
#define META_MEM   "vault_mem"
#define META_SALT  "vault_salt"
#define META_CHECK "vault_check"
#define META_SUM   "vault_sum"   /* the seal over the set of records */
#define META_SCRUB "vault_scrub" /* set until old text is gone from the file */
#define VAULT_ALG  "argon2id13+xchacha20poly1305-ietf"

/* The check value: a known text sealed under the key, opened on unlock.
 * Its second form also says "this vault keeps a seal over the set", so
 * that removing the seal from `meta` cannot pass for an older vault. */
#define CHECK_AD     "vault-check"
#define CHECK_TEXT_1 "haven vault key check 1"
#define CHECK_TEXT   "haven vault key check 2"

/* The seal over the set: a subkey of the vault key, for keyed row hashes. */
#define SUM_BYTES   32
#define SUM_CONTEXT "hvsetsum"
#define ROW_COLS    9
#define ROW_SQL                                                                                    \
	"SELECT id, kind, created_ms, created_off, updated_ms, updated_off, version, deleted, "    \
	"body FROM records"

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

#define RECORD_AD_MAX 256

/* A record's associated data for a box of the given format: format 2 binds
 * every stored field, so a flipped deleted flag or a moved created time
 * makes the body refuse to open just as a swapped body does. */
static void record_ad(char buf[RECORD_AD_MAX], const struct hv_record *r, int format)
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
static int box_format(const void *box, size_t n)
{
	return box && n > 0 ? ((const unsigned char *)box)[0] : 0;
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
	record_ad(ad, r, BOX_FORMAT);
	return hv_vault_seal_text(st, ad, text, n, out, outlen, err);
}

char *hv_vault_open_record(struct hv_store *st, const struct hv_record *r, const void *box,
                           size_t n, struct hv_error *err)
{
	char ad[RECORD_AD_MAX], what[64];
	record_ad(ad, r, box_format(box, n));
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

/* --- sealed facts --------------------------------------------------------- */

/*
 * A facts row (facts.c) holds values taken from a body, so in a vault it is
 * sealed like the body: two numbers, the flags and the words, in one box
 * kept in the row's tags column.  Its associated data is every stored field
 * of the record it describes, under a name of its own, so a box moved to
 * another record's row, kept across an edit, or put into a body column does
 * not open: a cached row is trusted only for the very row it was made from.
 */
#define FACTS_AD_MAX (RECORD_AD_MAX + 16)
#define FACTS_HEAD   24 /* a, b and bits, 8 bytes each */

/* Append text, or a number in decimal, to the associated data being built:
 * this runs once per entry on every view, where snprintf was a fifth of the
 * time.  The bytes are those of "facts1|" and the record's format 2 data. */
struct ad_buf {
	char *p, *end;
};

static void ad_text(struct ad_buf *b, const char *t)
{
	size_t n = strlen(t);
	if (n > (size_t)(b->end - b->p))
		n = (size_t)(b->end - b->p);
	memcpy(b->p, t, n);
	b->p += n;
}

static void ad_num(struct ad_buf *b, int64_t v)
{
	char digits[24], *d = digits + sizeof digits;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	*--d = '\0';
	do
		*--d = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--d = '-';
	ad_text(b, "|");
	ad_text(b, d);
}

static void facts_ad(char buf[FACTS_AD_MAX], const struct hv_row_fields *r)
{
	struct ad_buf b = {buf, buf + FACTS_AD_MAX - 1};
	ad_text(&b, "facts1|record2|");
	ad_text(&b, r->id ? r->id : "");
	ad_text(&b, "|");
	ad_text(&b, r->kind ? r->kind : "");
	ad_num(&b, r->version);
	ad_num(&b, r->created_ms);
	ad_num(&b, r->created_off);
	ad_num(&b, r->updated_ms);
	ad_num(&b, r->updated_off);
	ad_num(&b, r->deleted ? 1 : 0);
	*b.p = '\0';
}

static uint64_t get_u64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void put_u64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t double_bits(double d)
{
	uint64_t v;
	memcpy(&v, &d, sizeof v);
	return v;
}

static int seal_facts_with(const unsigned char *key, const struct hv_row_fields *r,
                           const struct hv_facts *f, unsigned char **out, size_t *outlen)
{
	unsigned char m[FACTS_HEAD + HV_FACT_TAGS_MAX];
	size_t tags = strnlen(f->tags, sizeof f->tags);
	char ad[FACTS_AD_MAX];
	put_u64(m, double_bits(f->a));
	put_u64(m + 8, double_bits(f->b));
	put_u64(m + 16, (uint64_t)f->bits);
	memcpy(m + FACTS_HEAD, f->tags, tags);
	facts_ad(ad, r);
	int rc = hv_seal(key, m, FACTS_HEAD + tags, ad, out, outlen);
	sodium_memzero(m, sizeof m);
	return rc;
}

/* Open into a buffer on the stack: this runs once per entry per view, so
 * no allocation, and the clear values are wiped before returning. */
static int open_facts_with(const unsigned char *key, const struct hv_row_fields *r, const void *box,
                           size_t n, struct hv_facts *f)
{
	unsigned char m[FACTS_HEAD + HV_FACT_TAGS_MAX];
	const unsigned char *b = box;
	if (!key || !b || n < BOX_HEAD + BOX_TAG + FACTS_HEAD || b[0] != BOX_FORMAT ||
	    n - BOX_HEAD - BOX_TAG > sizeof m - 1)
		return -1;
	char ad[FACTS_AD_MAX];
	facts_ad(ad, r);
	unsigned long long mlen;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(m, &mlen, NULL, b + BOX_HEAD, n - BOX_HEAD,
	                                               (const unsigned char *)ad, strlen(ad), b + 1,
	                                               key) != 0)
		return -1;
	uint64_t a = get_u64(m), bb = get_u64(m + 8);
	memcpy(&f->a, &a, sizeof f->a);
	memcpy(&f->b, &bb, sizeof f->b);
	f->bits = (int64_t)get_u64(m + 16);
	size_t tags = (size_t)mlen - FACTS_HEAD;
	memcpy(f->tags, m + FACTS_HEAD, tags);
	f->tags[tags] = '\0';
	sodium_memzero(m, (size_t)mlen);
	return 0;
}

int hv_vault_seal_facts(struct hv_store *st, const struct hv_row_fields *r,
                        const struct hv_facts *f, unsigned char **out, size_t *outlen)
{
	const unsigned char *key = st->next_key ? st->next_key : st->key;
	return key ? seal_facts_with(key, r, f, out, outlen) : -1;
}

int hv_vault_open_facts(struct hv_store *st, const struct hv_row_fields *r, const void *box,
                        size_t n, struct hv_facts *f)
{
	return open_facts_with(st->key, r, box, n, f);
}

/* --- the SQL functions -------------------------------------------------- */

/* Fail the statement; the store reports st->fn_err instead of SQLite's text. */
static void sql_fail(sqlite3_context *ctx, struct hv_store *st)
{
	sqlite3_result_error(ctx, st->fn_err.msg, -1);
}

/* haven_seal(what, ad, text) → box; what names the row in a sentence. */
static void sql_seal(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct hv_store *st = sqlite3_user_data(ctx);
	const char *what = (const char *)sqlite3_value_text(argv[0]);
	const char *ad = (const char *)sqlite3_value_text(argv[1]);
	if (!what)
		what = "a row";
	if (!ad || sqlite3_value_type(argv[2]) != SQLITE_TEXT) {
		hv_fail(&st->fn_err, HV_ECORRUPT,
		        "%s in %s is not clear text, so it cannot be sealed: it is damaged, or was "
		        "sealed by another vault. Nothing was changed",
		        what, st->path);
		return sql_fail(ctx, st);
	}
	const char *text = (const char *)sqlite3_value_text(argv[2]);
	size_t n = (size_t)sqlite3_value_bytes(argv[2]);
	unsigned char *box;
	size_t len;
	if (hv_vault_seal_text(st, ad, text, n, &box, &len, &st->fn_err) < 0)
		return sql_fail(ctx, st);
	sqlite3_result_blob64(ctx, box, len, free);
}

/* haven_open(what, ad, box) → text */
static void sql_open(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct hv_store *st = sqlite3_user_data(ctx);
	const char *what = (const char *)sqlite3_value_text(argv[0]);
	const char *ad = (const char *)sqlite3_value_text(argv[1]);
	if (!what)
		what = "a row";
	if (!ad || sqlite3_value_type(argv[2]) != SQLITE_BLOB) {
		damaged(st, what, &st->fn_err);
		return sql_fail(ctx, st);
	}
	char *text = hv_vault_open_text(st, ad, sqlite3_value_blob(argv[2]),
	                                (size_t)sqlite3_value_bytes(argv[2]), what, &st->fn_err);
	if (!text)
		return sql_fail(ctx, st);
	sqlite3_result_text64(ctx, text, strlen(text), hv_vault_free_text, SQLITE_UTF8);
}

/* The record whose fields are the first eight arguments (HV_RECORD_COLS_SQL). */
static void record_of(sqlite3_value **argv, struct hv_record *r)
{
	memset(r, 0, sizeof *r);
	const char *id = (const char *)sqlite3_value_text(argv[0]);
	const char *kind = (const char *)sqlite3_value_text(argv[1]);
	snprintf(r->id, sizeof r->id, "%s", id ? id : "");
	snprintf(r->kind, sizeof r->kind, "%s", kind ? kind : "");
	r->created_ms = sqlite3_value_int64(argv[2]);
	r->created_off = sqlite3_value_int(argv[3]);
	r->updated_ms = sqlite3_value_int64(argv[4]);
	r->updated_off = sqlite3_value_int(argv[5]);
	r->version = sqlite3_value_int64(argv[6]);
	r->deleted = sqlite3_value_int(argv[7]);
}

/* haven_seal_record(COLUMNS, text) → box */
static void sql_seal_record(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct hv_store *st = sqlite3_user_data(ctx);
	struct hv_record r;
	record_of(argv, &r);
	if (sqlite3_value_type(argv[8]) != SQLITE_TEXT) {
		hv_fail(
		    &st->fn_err, HV_ECORRUPT,
		    "entry %s in %s is not clear text, so it cannot be sealed: it is damaged, or "
		    "was sealed by another vault. Nothing was changed",
		    r.id, st->path);
		return sql_fail(ctx, st);
	}
	unsigned char *box;
	size_t len;
	if (hv_vault_seal_record(st, &r, (const char *)sqlite3_value_text(argv[8]),
	                         (size_t)sqlite3_value_bytes(argv[8]), &box, &len, &st->fn_err) < 0)
		return sql_fail(ctx, st);
	sqlite3_result_blob64(ctx, box, len, free);
}

/* haven_open_record(COLUMNS, box) → text */
static void sql_open_record(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct hv_store *st = sqlite3_user_data(ctx);
	struct hv_record r;
	record_of(argv, &r);
	/* A body in clear in a vault was put there behind haven's back. */
	int blob = sqlite3_value_type(argv[8]) == SQLITE_BLOB;
	char *text =
	    hv_vault_open_record(st, &r, blob ? sqlite3_value_blob(argv[8]) : "",
	                         blob ? (size_t)sqlite3_value_bytes(argv[8]) : 0, &st->fn_err);
	if (!text)
		return sql_fail(ctx, st);
	sqlite3_result_text64(ctx, text, strlen(text), hv_vault_free_text, SQLITE_UTF8);
}

static struct hv_row_fields fields_of(const struct hv_record *r)
{
	return (struct hv_row_fields){r->id,      r->kind,        r->created_ms,  r->updated_ms,
	                              r->version, r->created_off, r->updated_off, r->deleted};
}

/* haven_seal_facts(COLUMNS, a, b, bits, tags) → box: a clear facts row
 * sealed for the record of COLUMNS (enable). */
static void sql_seal_facts(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct hv_store *st = sqlite3_user_data(ctx);
	struct hv_record rec;
	struct hv_facts f;
	record_of(argv, &rec);
	struct hv_row_fields r = fields_of(&rec);
	f.a = sqlite3_value_type(argv[8]) == SQLITE_NULL ? NAN : sqlite3_value_double(argv[8]);
	f.b = sqlite3_value_type(argv[9]) == SQLITE_NULL ? NAN : sqlite3_value_double(argv[9]);
	f.bits = sqlite3_value_int64(argv[10]);
	const char *tags = (const char *)sqlite3_value_text(argv[11]);
	snprintf(f.tags, sizeof f.tags, "%s", tags ? tags : "");
	unsigned char *box;
	size_t len;
	if (hv_vault_seal_facts(st, &r, &f, &box, &len) < 0) {
		hv_fail(&st->fn_err, HV_ENOMEM, "out of memory");
		return sql_fail(ctx, st);
	}
	sqlite3_result_blob64(ctx, box, len, free);
}

/* haven_reseal_facts(COLUMNS, box) → the box under the new key, or NULL
 * when it does not open (change): a cache row is dropped, never a reason to
 * refuse. */
static void sql_reseal_facts(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct hv_store *st = sqlite3_user_data(ctx);
	struct hv_record rec;
	struct hv_facts f;
	record_of(argv, &rec);
	struct hv_row_fields r = fields_of(&rec);
	unsigned char *box;
	size_t len;
	if (sqlite3_value_type(argv[8]) != SQLITE_BLOB ||
	    hv_vault_open_facts(st, &r, sqlite3_value_blob(argv[8]),
	                        (size_t)sqlite3_value_bytes(argv[8]), &f) < 0)
		return sqlite3_result_null(ctx);
	int rc = hv_vault_seal_facts(st, &r, &f, &box, &len);
	sodium_memzero(&f, sizeof f);
	if (rc < 0) {
		hv_fail(&st->fn_err, HV_ENOMEM, "out of memory");
		return sql_fail(ctx, st);
	}
	sqlite3_result_blob64(ctx, box, len, free);
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
	if (sqlite3_create_function_v2(st->db, "haven_seal", 3, SQLITE_UTF8 | SQLITE_DIRECTONLY, st,
	                               sql_seal, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function_v2(st->db, "haven_open", 3,
	                               SQLITE_UTF8 | SQLITE_DIRECTONLY | SQLITE_DETERMINISTIC, st,
	                               sql_open, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function_v2(st->db, "haven_seal_record", 9,
	                               SQLITE_UTF8 | SQLITE_DIRECTONLY, st, sql_seal_record, NULL,
	                               NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function_v2(st->db, "haven_open_record", 9,
	                               SQLITE_UTF8 | SQLITE_DIRECTONLY | SQLITE_DETERMINISTIC, st,
	                               sql_open_record, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function_v2(st->db, "haven_seal_facts", 12,
	                               SQLITE_UTF8 | SQLITE_DIRECTONLY, st, sql_seal_facts, NULL,
	                               NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function_v2(st->db, "haven_reseal_facts", 9,
	                               SQLITE_UTF8 | SQLITE_DIRECTONLY, st, sql_reseal_facts, NULL,
	                               NULL, NULL) != SQLITE_OK)
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
		               "the vault settings in %s are damaged (%s). Restore a backup",
		               st->path, key);
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
		               "the vault settings in %s are damaged (%s). Restore a backup",
		               st->path, key);
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

/* Store the check value of key: its second form, for a vault with a seal. */
static int write_check(struct hv_store *st, const unsigned char *key, struct hv_error *err)
{
	unsigned char *check;
	size_t n;
	if (hv_seal(key, CHECK_TEXT, strlen(CHECK_TEXT), CHECK_AD, &check, &n) < 0)
		return hv_fail(err, HV_ENOMEM, "out of memory");
	int rc = set_bin(st, META_CHECK, check, n, err);
	free(check);
	return rc;
}

/* Store the settings of key (from k) in `meta`, inside the caller's transaction. */
static int write_settings(struct hv_store *st, const struct hv_kdf *k, const unsigned char *key,
                          struct hv_error *err)
{
	return hv_store_meta_set(st, META_ALG, VAULT_ALG, err) < 0 ||
	               set_u64(st, META_OPS, k->ops, err) < 0 ||
	               set_u64(st, META_MEM, k->mem, err) < 0 ||
	               set_bin(st, META_SALT, k->salt, sizeof k->salt, err) < 0 ||
	               write_check(st, key, err) < 0
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
	size_t len;
	if (meta_bin(st, META_SALT, salt, sizeof salt, &len, err) < 0)
		return -1;
	if (len != sizeof salt)
		return hv_fail(err, HV_ECORRUPT,
		               "the vault settings in %s are damaged (salt). Restore a backup",
		               st->path);
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
		return locked(st, err);
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
	    meta_bin(st, META_CHECK, check, sizeof check, &check_len, &err) < 0)
		return 0;
	unsigned char *key = sodium_malloc(HV_KEY_BYTES);
	if (!key)
		return 0;
	(void)sodium_mlock(key, HV_KEY_BYTES);
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
		put_u64(head + 1, v);
		crypto_generichash_update(&h, head, sizeof head);
		if (bytes)
			crypto_generichash_update(&h, bytes, (unsigned long long)v);
	}
	crypto_generichash_final(&h, out, SUM_BYTES);
}

/* Add (sign 1) or take out (sign -1) the rows sql selects, bound to id. */
static int sum_rows(struct hv_store *st, const unsigned char *key, const char *sql, const char *id,
                    int sign, unsigned char sum[SUM_BYTES], struct hv_error *err)
{
	unsigned char sub[SUM_BYTES], h[SUM_BYTES];
	sqlite3_stmt *s;
	if (hv_store_prepare(st, sql, &s, err) < 0)
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
	sqlite3_finalize(s);
	sodium_memzero(sub, sizeof sub);
	if (rc != SQLITE_DONE)
		return hv_store_db_fail(st, err, "read the entries");
	return 0;
}

/* The seal of every row as the table holds it now, under key. */
static int sum_table(struct hv_store *st, const unsigned char *key, unsigned char sum[SUM_BYTES],
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

static int sum_store(struct hv_store *st, const unsigned char sum[SUM_BYTES], struct hv_error *err)
{
	return set_bin(st, META_SUM, sum, SUM_BYTES, err);
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
static int set_state(struct hv_store *st, enum hv_set_state *state, struct hv_error *err)
{
	unsigned char want[SUM_BYTES], have[SUM_BYTES];
	int rc = sum_stored(st, want, err);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		*state = st->legacy ? HV_SET_NONE_YET : HV_SET_MISSING;
		return 0;
	}
	if (sum_table(st, st->key, have, err) < 0)
		return -1;
	*state = sodium_memcmp(want, have, SUM_BYTES) == 0 ? HV_SET_OK : HV_SET_MISMATCH;
	return 0;
}

/* Refuse a bulk change over a set that no longer matches its seal: after
 * it, the evidence would be gone. */
static int set_must_match(struct hv_store *st, struct hv_error *err)
{
	enum hv_set_state state;
	if (set_state(st, &state, err) < 0)
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
		return locked(st, err);
	w->own = sqlite3_get_autocommit(st->db);
	if (exec(st, w->own ? "BEGIN IMMEDIATE" : "SAVEPOINT hv_row", "save the entry", err) < 0)
		return -1;
	int rc = sum_stored(st, w->sum, err);
	if (rc == 0 && !st->legacy)
		rc = set_missing(st, err);
	else if (rc == 0) {
		/* A vault from before the seal: sealed now, as it stands. */
		w->upgrade = 1;
		rc = sum_table(st, st->key, w->sum, err);
	}
	if (rc >= 0)
		rc = sum_rows(st, st->key, ROW_SQL " WHERE id = ?1", id, -1, w->sum, err);
	if (rc < 0) {
		hv_vault_set_end(st, id, w, 0, NULL);
		return -1;
	}
	return 0;
}

int hv_vault_set_end(struct hv_store *st, const char *id, struct hv_set_write *w, int ok,
                     struct hv_error *err)
{
	if (ok &&
	    (sum_rows(st, st->key, ROW_SQL " WHERE id = ?1", id, 1, w->sum, err) < 0 ||
	     sum_store(st, w->sum, err) < 0 || (w->upgrade && write_check(st, st->key, err) < 0)))
		ok = 0;
	if (ok && exec(st, w->own ? "COMMIT" : "RELEASE hv_row", "save the entry", err) < 0)
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
	int rc = exec(st, sql, doing, err);
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
	int rc = k ? write_settings(st, k, key, err) : 0;
	for (size_t i = 0; rc == 0 && i < nsql; i++)
		rc = exec(st, sql[i], doing, err);
	if (rc == 0)
		rc = change_columns(st, change, doing, err);
	/* The seal over the set as the bodies now stand, under the new key. */
	unsigned char sum[SUM_BYTES];
	if (rc == 0 && key)
		rc = sum_table(st, key, sum, err) < 0 || sum_store(st, sum, err) < 0 ? -1 : 0;
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
		return locked(st, err);
	if (set_must_match(st, err) < 0)
		return -1;
	struct hv_kdf k;
	hv_kdf_new(&k);
	unsigned char *key = hv_key_derive(pass, n, &k, err);
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
		return locked(st, err);
	if (set_must_match(st, err) < 0)
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
		snprintf(r.id, sizeof r.id, "%s", (const char *)sqlite3_column_text(s, 0));
		snprintf(r.kind, sizeof r.kind, "%s", (const char *)sqlite3_column_text(s, 1));
		r.created_ms = sqlite3_column_int64(s, 2);
		r.created_off = sqlite3_column_int(s, 3);
		r.updated_ms = sqlite3_column_int64(s, 4);
		r.updated_off = sqlite3_column_int(s, 5);
		r.version = sqlite3_column_int64(s, 6);
		r.deleted = sqlite3_column_int(s, 7);
		const void *box = sqlite3_column_blob(s, 8);
		size_t n = (size_t)sqlite3_column_bytes(s, 8);
		char ad[RECORD_AD_MAX];
		record_ad(ad, &r, box_format(box, n));
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
			struct hv_row_fields r = {
			    .id = (const char *)sqlite3_column_text(s, 0),
			    .kind = (const char *)sqlite3_column_text(s, 1),
			    .created_ms = sqlite3_column_int64(s, 2),
			    .created_off = sqlite3_column_int(s, 3),
			    .updated_ms = sqlite3_column_int64(s, 4),
			    .updated_off = sqlite3_column_int(s, 5),
			    .version = sqlite3_column_int64(s, 6),
			    .deleted = sqlite3_column_int(s, 7),
			};
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
		return locked(st, err);
	if (verify_records(st, checked, bad, ctx, err) < 0 ||
	    verify_columns(st, checked, bad, ctx, err) < 0 || verify_facts(st, bad, ctx, err) < 0)
		return -1;
	return set_state(st, set, err);
}
