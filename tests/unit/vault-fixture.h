/*
 * vault-fixture.h — what the vault's unit tests share: the passphrases
 * they seal with, the fast key derivation they run under, an entry added
 * by intensity and words, the ids a check reports as damaged, and SQL run
 * straight on a database file, as an intruder or a reader of the raw rows
 * would.  Each step that fails fails the test.  Include after <cmocka.h>.
 */
#ifndef HAVEN_TEST_VAULT_FIXTURE_H
#define HAVEN_TEST_VAULT_FIXTURE_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/record.h"
#include "core/store.h"

#define PASS  "correct horse battery"
#define OTHER "another passphrase"

/* The group's setup: the key derivation at its test strength, so a
 * hundred vaults take a second, not minutes. */
static inline int vault_setup(void **state)
{
	(void)state;
	setenv("HAVEN_TEST_KDF_FAST", "1", 1);
	return 0;
}

/* A trigger of that intensity and words, its id into id. */
static inline void add(struct hv_store *st, int intensity, const char *what, char id[HV_ID_LEN + 1])
{
	struct hv_record r;
	struct hv_error err;
	assert_int_equal(hv_record_new(&r, "trigger", &err), 0);
	json_object_set_new(r.body, "intensity", json_integer(intensity));
	json_object_set_new(r.body, "what", json_string(what));
	json_object_set_new(r.body, "triggers", json_pack("[s]", "work"));
	assert_int_equal(hv_store_insert(st, &r, &err), 0);
	snprintf(id, HV_ID_LEN + 1, "%s", r.id);
	hv_record_release(&r);
}

/* A damaged entry's id, into the JSON array ctx. */
static inline void note_bad(const char *id, const char *kind, void *ctx)
{
	(void)kind;
	json_array_append_new(ctx, json_string(id));
}

/* SQL run on the database file itself, past the store. */
static inline void exec_on(const char *db, const char *sql)
{
	sqlite3 *h;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
}

/* The one number a "SELECT count(*) …" on the file answers. */
static inline int64_t sql_count(const char *db, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	int64_t n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(h);
	return n;
}

#endif
