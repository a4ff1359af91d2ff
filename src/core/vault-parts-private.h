/*
 * vault-parts-private.h — what the vault's own files share (vault.c keys, boxes
 * and settings; vault-sql.c the SQL functions and sealed facts; vault-set.c
 * the seal over the set of records; vault-bulk.c enable, change, disable
 * and check), and nobody else sees.
 */
#ifndef HAVEN_VAULT_PARTS_PRIVATE_H
#define HAVEN_VAULT_PARTS_PRIVATE_H

#include <sodium.h>

#include "vault-private.h"
#include "vault.h"

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
#define ROW_SQL     "SELECT " HV_RECORD_COLS_SQL("") ", body FROM records"

#define RECORD_AD_MAX 256

int hv_vault_exec(struct hv_store *st, const char *sql, const char *doing, struct hv_error *err);
int hv_vault_locked(struct hv_store *st, struct hv_error *err);
int hv_vault_damaged(struct hv_store *st, const char *what, struct hv_error *err);
void hv_vault_record_ad(char buf[RECORD_AD_MAX], const struct hv_record *r, int format);
int hv_vault_box_format(const void *box, size_t n);
int hv_vault_sum_table(struct hv_store *st, const unsigned char *key, unsigned char sum[SUM_BYTES],
                       struct hv_error *err);
int hv_vault_sum_store(struct hv_store *st, const unsigned char sum[SUM_BYTES],
                       struct hv_error *err);
int hv_vault_set_must_match(struct hv_store *st, struct hv_error *err);
int hv_vault_set_state(struct hv_store *st, enum hv_set_state *state, struct hv_error *err);
int hv_vault_write_settings(struct hv_store *st, const struct hv_kdf *k, const unsigned char *key,
                            struct hv_error *err);
/* meta settings as bytes (vault.c) */
int hv_vault_meta_bin(struct hv_store *st, const char *key, unsigned char *out, size_t max,
                      size_t *n, struct hv_error *err);
int hv_vault_set_bin(struct hv_store *st, const char *key, const unsigned char *bin, size_t n,
                     struct hv_error *err);
int hv_vault_write_check(struct hv_store *st, const unsigned char *key, struct hv_error *err);
uint64_t hv_vault_get_u64(const unsigned char *p);
void hv_vault_put_u64(unsigned char *p, uint64_t v);
/* haven_seal, haven_open and the record and facts forms (vault-sql.c). */
int hv_vault_register_functions(struct hv_store *st);

#endif
