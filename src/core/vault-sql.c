/*
 * vault-sql.c — the vault's SQL functions, haven_seal, haven_open and their
 * record and facts forms, through which the bulk changes seal every row in
 * one UPDATE; and a record's cached facts sealed as one box (vault-private.h).
 * Every one is SQLITE_DIRECTONLY: a trigger or view planted in a stolen file
 * cannot call them to copy opened bodies somewhere in clear.
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

uint64_t hv_vault_get_u64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

void hv_vault_put_u64(unsigned char *p, uint64_t v)
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
	hv_vault_put_u64(m, double_bits(f->a));
	hv_vault_put_u64(m + 8, double_bits(f->b));
	hv_vault_put_u64(m + 16, (uint64_t)f->bits);
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
	uint64_t a = hv_vault_get_u64(m), bb = hv_vault_get_u64(m + 8);
	memcpy(&f->a, &a, sizeof f->a);
	memcpy(&f->b, &bb, sizeof f->b);
	f->bits = (int64_t)hv_vault_get_u64(m + 16);
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
		hv_vault_damaged(st, what, &st->fn_err);
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

/* Every SQL function above, on st's connection: SQLITE_OK or SQLite's code. */
int hv_vault_register_functions(struct hv_store *st)
{
	static const struct {
		const char *name;
		int args, flags;
		void (*fn)(sqlite3_context *, int, sqlite3_value **);
	} fns[] = {
	    {"haven_seal", 3, 0, sql_seal},
	    {"haven_open", 3, SQLITE_DETERMINISTIC, sql_open},
	    {"haven_seal_record", 9, 0, sql_seal_record},
	    {"haven_open_record", 9, SQLITE_DETERMINISTIC, sql_open_record},
	    {"haven_seal_facts", 12, 0, sql_seal_facts},
	    {"haven_reseal_facts", 9, 0, sql_reseal_facts},
	};
	for (size_t i = 0; i < sizeof fns / sizeof *fns; i++) {
		int rc = sqlite3_create_function_v2(st->db, fns[i].name, fns[i].args,
		                                    SQLITE_UTF8 | SQLITE_DIRECTONLY | fns[i].flags,
		                                    st, fns[i].fn, NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			return rc;
	}
	return SQLITE_OK;
}
