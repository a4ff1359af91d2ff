/*
 * fuzz_vault.c — libFuzzer target for the vault's open path: arbitrary
 * bytes as a database file that says it is a vault, opened, unlocked with
 * a fixed passphrase and read every way haven reads a vault (every record,
 * the list, the facts walk through the SQL function, vault check, doctor).
 * A changed setting, salt, check value, box or seal must be refused or
 * reported, never a crash, an out-of-bounds read or a leak.
 *
 * Each run stays cheap: the seeds are vaults made with the smallest
 * Argon2id limits libsodium allows (HAVEN_TEST_KDF_FAST=1, passphrase
 * "fuzz vault passphrase"), and a file whose limits were mutated above
 * those is opened but not unlocked — unlocking would spend up to a
 * gigabyte and seconds on one input while testing nothing new.
 */
#include <sodium.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/doctor.h"
#include "core/store.h"
#include "core/vault.h"
#include "fuzz-common.h"

#define PASS "fuzz vault passphrase"

static int derive(const json_t *body, struct hv_facts *f)
{
	(void)body, (void)f;
	return 0;
}

static int fact_row(int64_t created_ms, int created_off, const struct hv_facts *f, void *ctx)
{
	(void)created_ms, (void)created_off, (void)f, (void)ctx;
	return 0;
}

static void bad_box(const char *id, const char *kind, void *ctx)
{
	(void)id, (void)kind;
	(*(size_t *)ctx)++;
}

static int damaged(const struct hv_damaged *d, void *ctx)
{
	(void)d;
	(*(size_t *)ctx)++;
	return 0;
}

/* Whether the file's Argon2id limits are the cheapest ones (read with
 * SQLite alone, before haven opens it). */
static int cheap_to_unlock(const char *path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	int cheap = 0;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db,
	                       "SELECT (SELECT value FROM meta WHERE key = 'vault_ops'),"
	                       " (SELECT value FROM meta WHERE key = 'vault_mem')",
	                       -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW) {
		const char *ops = (const char *)sqlite3_column_text(s, 0);
		const char *mem = (const char *)sqlite3_column_text(s, 1);
		cheap = ops && mem && strtoull(ops, NULL, 10) <= crypto_pwhash_OPSLIMIT_MIN &&
		        strtoull(mem, NULL, 10) <= crypto_pwhash_MEMLIMIT_MIN;
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
	return cheap;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_dbfile file;
	if (fuzz_dbfile_write(&file, "vault", data, size) < 0)
		return 0;
	int cheap = cheap_to_unlock(file.path);
	struct hv_store *st = NULL;
	struct hv_error err;
	if (hv_store_open(&st, file.path, &err) == 0) {
		if (hv_vault_on(st) && cheap &&
		    hv_vault_unlock(st, PASS, strlen(PASS), &err) == 0) {
			struct hv_query all = {.include_deleted = 1};
			size_t n = 0;
			hv_store_each(st, &all, fuzz_count_one, &n, &err);
			json_decref(hv_store_list_json(st, &all, &err));
			hv_store_scan_facts(st, "trigger", 0, derive, fact_row, NULL, &err);
			int64_t checked = 0;
			enum hv_set_state set;
			hv_vault_verify(st, &checked, &set, bad_box, &n, &err);
			hv_doctor_find_damaged(st, damaged, &n, &err);
		}
		hv_store_close(st);
	}
	fuzz_dbfile_remove(&file);
	return 0;
}
