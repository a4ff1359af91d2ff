/*
 * vault.h — encryption at rest for one database (opt-in).
 *
 * A key is derived from the person's passphrase with Argon2id
 * (crypto_pwhash) and a random salt kept in the database's `meta` table
 * with the algorithm and cost limits, so the same passphrase gives the same
 * key on any machine.  Each record body is sealed with XChaCha20-Poly1305
 * under a fresh random nonce, with every stored field of its row (id, kind,
 * version, created and updated time and offset, deleted flag) as associated
 * data: a body moved to another record, put back under another version, or
 * a row whose flag or times were changed, fails to open and is reported by
 * id, never shown.  A keyed hash of every row, summed, seals the set as a
 * whole (in `meta`, moved with each write): `haven vault check` sees a row
 * removed or a whole row put back as it was.  A sealed known string (the
 * check value) tells a wrong passphrase apart before any record is touched.
 * Kind, times, version and the deleted flag stay in clear, authenticated
 * but readable (SECURITY.md says why).  The facts cache (facts.c) is sealed
 * the same way, each row bound to every field of its record.
 *
 * Keys live in sodium_malloc'd, locked memory and are wiped when the store
 * closes.  Enabling, changing and disabling each rewrite every body in one
 * transaction: interrupted, the database is as it was.
 */
#ifndef HAVEN_VAULT_H
#define HAVEN_VAULT_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "store.h"

#define HV_KEY_BYTES  32
#define HV_SALT_BYTES 16

/* Argon2id cost and salt: what turns a passphrase into a key. */
struct hv_kdf {
	uint64_t ops;
	uint64_t mem; /* bytes */
	unsigned char salt[HV_SALT_BYTES];
};

/*
 * Cost limits and a fresh random salt for a new key: libsodium's MODERATE
 * limits.  For tests only, HAVEN_TEST_KDF_FAST=1 lowers them to the minimum
 * so a suite can derive hundreds of keys quickly; it never raises anything
 * and is read only when a key is made, never when one is opened.
 */
void hv_kdf_new(struct hv_kdf *k);

/* Refuse limits no haven wrote (from a damaged or hostile file). */
int hv_kdf_check(const struct hv_kdf *k, struct hv_error *err);

/* The key for pass under k, in locked memory; NULL on failure. */
unsigned char *hv_key_derive(const char *pass, size_t n, const struct hv_kdf *k,
                             struct hv_error *err);
/* A new key for pass: fresh settings in *k (hv_kdf_new), the key derived
 * under them (hv_key_derive); NULL on failure. */
unsigned char *hv_key_new(const char *pass, size_t n, struct hv_kdf *k, struct hv_error *err);
/* Wipe and release a key (NULL is fine). */
void hv_key_free(unsigned char *key);

/*
 * Seal m under key with associated data ad: format byte, 24-byte nonce,
 * ciphertext and tag, in a malloc'd buffer.  Open is the inverse; it
 * returns -1 when the box was changed, truncated, made under another key or
 * for other associated data, and its output is NUL-terminated.
 */
int hv_seal(const unsigned char *key, const void *m, size_t mlen, const char *ad,
            unsigned char **out, size_t *outlen);
int hv_open(const unsigned char *key, const void *c, size_t clen, const char *ad,
            unsigned char **out, size_t *outlen);

/* --- a store's vault ------------------------------------------------------ */

/* Whether the database is a vault, and whether its key is at hand. */
int hv_vault_on(const struct hv_store *st);
int hv_vault_unlocked(const struct hv_store *st);

/* Derive the key from pass and keep it; a wrong passphrase is refused
 * (HV_EDATA) before anything is read. */
int hv_vault_unlock(struct hv_store *st, const char *pass, size_t n, struct hv_error *err);

/*
 * An unlock that lasts (keyring.h): hold the unlocked key in the kernel
 * keyring for seconds; unlock with a held key (1 when that worked: no
 * passphrase and no key derivation needed; 0 when none is held for this
 * vault, it expired, or the keyring cannot be used here); whether one is
 * held; drop it (1 when one was, 0 when not, -1 when the keyring cannot be
 * used, err says why).  A key is held under the vault's salt, so it is
 * offered only to the vault it opens, and checked before it is used.
 */
int hv_vault_hold(struct hv_store *st, unsigned seconds, struct hv_error *err);
int hv_vault_unlock_held(struct hv_store *st);
int hv_vault_held(struct hv_store *st);
int hv_vault_release(struct hv_store *st, struct hv_error *err);

/*
 * Seal every body (records and kept chat words) under a new key from pass,
 * drop the facts cache, then scrub the file (hv_vault_scrub).  When the
 * scrub cannot finish the vault is on all the same, and the error says
 * what is left and how to finish.
 */
int hv_vault_enable(struct hv_store *st, const char *pass, size_t n, struct hv_error *err);

/*
 * Rewrite the file and empty its write-ahead log, so that no text from
 * before enable (or change) remains in free pages or the log.  Until it has
 * succeeded once after such a change, hv_vault_scrub_pending says so: a
 * kill, or another program reading the database, can hold it back.
 */
int hv_vault_scrub(struct hv_store *st, struct hv_error *err);
int hv_vault_scrub_pending(struct hv_store *st);

/* Re-seal everything under a key from a new passphrase (must be unlocked). */
int hv_vault_change(struct hv_store *st, const char *pass, size_t n, struct hv_error *err);

/* Open every body back into clear text and forget the vault settings. */
int hv_vault_disable(struct hv_store *st, struct hv_error *err);

/*
 * A feature's small secret kept in `meta` (sync's folder key): sealed
 * under the vault key for ad, as text in hex, and opened back (wipe it
 * with hv_vault_free_secret).  The vault must be unlocked.  `vault
 * change` does not re-seal these: the feature asks for its secret again.
 */
int hv_vault_seal_secret(struct hv_store *st, const char *ad, const char *secret, char **hex,
                         struct hv_error *err);
char *hv_vault_open_secret(struct hv_store *st, const char *ad, const char *hex,
                           struct hv_error *err);
void hv_vault_free_secret(char *secret);

/* Whether the set of records matches its seal. */
enum hv_set_state {
	HV_SET_OK,       /* every row is as haven last wrote it */
	HV_SET_MISMATCH, /* a row was removed, added or rolled back */
	HV_SET_MISSING,  /* the seal was removed from `meta` */
	HV_SET_NONE_YET, /* a vault from an older haven: sealed at its next write */
};

/*
 * Try to open every sealed body; call bad for each that fails (id, kind),
 * count the records checked, and compare the set with its seal.  Cached
 * facts rows are checked too (in clear, or not opening for the record they
 * claim to describe): bad is called with kind HV_VAULT_BAD_FACTS and the
 * entry's id, and they are not counted in *checked.  Returns 0 even when
 * some are bad; the caller counts the calls and reads *set.
 */
#define HV_VAULT_BAD_FACTS "facts"
typedef void (*hv_vault_bad_fn)(const char *id, const char *kind, void *ctx);
int hv_vault_verify(struct hv_store *st, int64_t *checked, enum hv_set_state *set,
                    hv_vault_bad_fn bad, void *ctx, struct hv_error *err);

#endif
