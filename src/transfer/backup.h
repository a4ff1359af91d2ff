/*
 * backup.h — sealed backup files.
 *
 * A backup is a snapshot of the database (hv_store_snapshot: SQLite's online
 * backup API) either as it is (a plain SQLite file, chosen explicitly) or
 * sealed as a whole with crypto_secretstream_xchacha20poly1305 under a key
 * from the backup's own passphrase.  The sealed file:
 *
 *   "HAVEN BACKUP" (12 bytes), format 1, KDF algorithm 2 (Argon2id 1.3),
 *   opslimit and memlimit (8 bytes each, little-endian), salt (16),
 *   secretstream header (24) — 70 bytes in all, bound as associated data
 *   into the first message;
 *   then messages, each a 4-byte little-endian length and that many bytes:
 *   first a short known marker (so a wrong passphrase is told apart from
 *   damage), then the database in 64 KiB pieces, the last one tagged FINAL.
 *
 * A stream that ends before FINAL was cut short; bytes after FINAL were
 * added.  Either is an error, never a partial restore.
 */
#ifndef HAVEN_BACKUP_H
#define HAVEN_BACKUP_H

#include <sodium.h>
#include <stdio.h>

#include "core/error.h"
#include "core/vault.h"

#define HV_BACKUP_MAGIC      "HAVEN BACKUP"
#define HV_BACKUP_HEADER_LEN 70

enum hv_backup_kind { HV_BACKUP_SEALED = 1, HV_BACKUP_PLAIN = 2 };

/* What the first bytes of path say it is; error when neither. */
int hv_backup_kind_of(const char *path, enum hv_backup_kind *kind, struct hv_error *err);

/* Seal the file at in_path into a new file out_path (0600) under pass. */
int hv_backup_seal(const char *in_path, const char *out_path, const char *pass, size_t n,
                   struct hv_error *err);

/* Open a sealed backup in_path into a new file out_path (0600).  A wrong
 * passphrase (HV_EDATA) and damage (HV_ECORRUPT) are told apart; out_path
 * is removed on any failure. */
int hv_backup_open(const char *in_path, const char *out_path, const char *pass, size_t n,
                   struct hv_error *err);

/* --- the pieces, for the above and for fuzzing ----------------------------- */

struct hv_backup_header {
	struct hv_kdf kdf;
	unsigned char stream[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
	unsigned char raw[HV_BACKUP_HEADER_LEN];
};

/* Read and check the header; name is the file's name for messages. */
int hv_backup_read_header(FILE *in, const char *name, struct hv_backup_header *h,
                          struct hv_error *err);

/* Decrypt the messages after the header with key into out. */
int hv_backup_decrypt(FILE *in, FILE *out, const char *name, const struct hv_backup_header *h,
                      const unsigned char key[HV_KEY_BYTES], struct hv_error *err);

#endif
