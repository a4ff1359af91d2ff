/*
 * test_chatlog.c — the stored chat days: keys survive the varint form
 * exactly, at every edge of their fields; a blob that does not hold what
 * its row says is reported as damage, never read as data; and a database
 * written by schema 3 (eight bytes a key, WITHOUT ROWID) opens with the
 * same days it had, its damaged days still reported.
 */
#include <setjmp.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "store-fixture.h"

#include "chat/chatlog.h"
#include "core/store.h"

static const uint64_t edge_keys[] = {
    0,                                                           /* midnight, me, no flags, empty */
    0,                                                           /* the same message twice */
    1,                                                           /* one character */
    (uint64_t)HV_CHAT_LEN_MAX,                                   /* the longest length */
    ((uint64_t)1 << 36) | ((uint64_t)HV_CHAT_OTHER << 34) | 127, /* varint edge: 127 */
    ((uint64_t)1 << 36) | ((uint64_t)HV_CHAT_OTHER << 34) | 128, /* and 128 */
    ((uint64_t)5000 << 36) | ((uint64_t)HV_CHAT_CONTACT << 34) | ((uint64_t)3 << 32) | 16384,
    ((uint64_t)86399 << 36) | ((uint64_t)3 << 34) | ((uint64_t)3 << 32) | 0xffffffffu,
};
#define NEDGE (sizeof edge_keys / sizeof *edge_keys)

/* The day of chat holds exactly the n keys at want. */
static void day_holds(struct hv_store *st, const char *chat, int64_t day, const uint64_t *want,
                      size_t n)
{
	uint64_t *keys;
	size_t got;
	struct hv_error err;
	assert_int_equal(hv_chatlog_day_get(st, chat, day, &keys, &got, &err), 0);
	assert_int_equal(got, n);
	if (n)
		assert_memory_equal(keys, want, n * sizeof *keys);
	free(keys);
}

static void test_keys_round_trip(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store(":memory:");
	struct hv_error err;
	for (size_t i = 1; i < NEDGE; i++)
		assert_true(edge_keys[i - 1] <= edge_keys[i]); /* stored days are sorted */
	assert_int_equal(hv_chatlog_day_put(st, "sam", 19000, 60, edge_keys, NEDGE, &err), 0);
	day_holds(st, "sam", 19000, edge_keys, NEDGE);

	/* a day with nothing, and a day that is not there */
	assert_int_equal(hv_chatlog_day_put(st, "sam", 19001, 0, NULL, 0, &err), 0);
	day_holds(st, "sam", 19001, NULL, 0);
	uint64_t *keys;
	size_t n;
	assert_int_equal(hv_chatlog_day_get(st, "sam", 17000, &keys, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_null(keys);
	hv_store_close(st);
}

/* Three ordinary messages cost three bytes each, not eight. */
static void test_ordinary_messages_are_small(void **state)
{
	(void)state;
	struct hv_store *st;
	struct hv_error err;
	const uint64_t keys[] = {
	    hv_chat_key(36000, HV_CHAT_ME, 0, 40),
	    hv_chat_key(36100, HV_CHAT_CONTACT, 0, 12),
	    hv_chat_key(36700, HV_CHAT_ME, HV_CHAT_MEDIA, 0),
	};
	/* The size is checked in the file itself, as any reader would see it. */
	unlink("small.db");
	assert_int_equal(hv_store_open(&st, "small.db", &err), 0);
	assert_int_equal(hv_chatlog_day_put(st, "sam", 19000, 0, keys, 3, &err), 0);
	hv_store_close(st);
	sqlite3 *db;
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_open("small.db", &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT length(data) FROM chat_days", -1, &s, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	/* 36000 << 4 needs three bytes; the deltas 100 and 600, two each */
	assert_int_equal(sqlite3_column_int(s, 0), (3 + 1) + (2 + 1) + (2 + 1));
	sqlite3_finalize(s);
	sqlite3_close(db);
}

/* Write data and n under day 1 of "sam" directly, then read it back. */
static int read_raw(const char *path, const void *data, int bytes, int64_t n)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "INSERT OR REPLACE INTO chat_days VALUES "
	                                    "('sam', 1, 0, ?1, ?2)",
	                                    -1, &s, NULL),
	                 SQLITE_OK);
	sqlite3_bind_int64(s, 1, n);
	sqlite3_bind_blob(s, 2, data, bytes, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
	sqlite3_close(db);

	struct hv_store *st;
	struct hv_error err;
	assert_int_equal(hv_store_open(&st, path, &err), 0);
	uint64_t *keys = NULL;
	size_t got;
	int rc = hv_chatlog_day_get(st, "sam", 1, &keys, &got, &err);
	if (rc < 0) {
		assert_int_equal(err.code, HV_ECORRUPT);
		assert_non_null(strstr(err.msg, "damaged"));
		assert_null(keys);
	}
	free(keys);
	hv_store_close(st);
	return rc;
}

static void test_damaged_days_are_reported(void **state)
{
	(void)state;
	struct hv_store *st;
	struct hv_error err;
	unlink("damaged.db");
	assert_int_equal(hv_store_open(&st, "damaged.db", &err), 0);
	hv_store_close(st);

	const unsigned char good[] = {0x80, 0x01, 0x05}; /* second 8, length 5 */
	assert_int_equal(read_raw("damaged.db", good, 3, 1), 0);
	/* too few keys, too many, a cut-off varint, bytes left over */
	assert_int_equal(read_raw("damaged.db", good, 3, 2), -1);
	assert_int_equal(read_raw("damaged.db", good, 3, 0), -1);
	assert_int_equal(read_raw("damaged.db", good, 2, 1), -1);
	const unsigned char extra[] = {0x80, 0x01, 0x05, 0x00};
	assert_int_equal(read_raw("damaged.db", extra, 4, 1), -1);
	/* a second past the end of the day */
	const unsigned char late[] = {0x80, 0xb0, 0x54, 0x00}; /* 86400 << 4 */
	assert_int_equal(read_raw("damaged.db", late, 4, 1), -1);
	/* a length over 32 bits, and an overlong varint */
	const unsigned char huge[] = {0x00, 0x80, 0x80, 0x80, 0x80, 0x10};
	assert_int_equal(read_raw("damaged.db", huge, 6, 1), -1);
	const unsigned char overlong[] = {0x80, 0x80, 0x80, 0x00, 0x00};
	assert_int_equal(read_raw("damaged.db", overlong, 5, 1), -1);
	/* a negative count */
	assert_int_equal(read_raw("damaged.db", good, 3, -1), -1);
}

/* Schema 3 as haven wrote it, before days were packed. */
static const char schema3[] =
    "CREATE TABLE records (id TEXT PRIMARY KEY NOT NULL, kind TEXT NOT NULL,"
    " created_ms INTEGER NOT NULL, created_off INTEGER NOT NULL, updated_ms INTEGER NOT NULL,"
    " updated_off INTEGER NOT NULL, version INTEGER NOT NULL DEFAULT 1,"
    " deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)), body TEXT NOT NULL);"
    "CREATE INDEX records_by_kind ON records (kind, created_ms);"
    "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);"
    "CREATE TABLE facts (rid INTEGER PRIMARY KEY, id TEXT NOT NULL,"
    " updated_ms INTEGER NOT NULL, a REAL, b REAL, bits INTEGER NOT NULL DEFAULT 0, tags TEXT);"
    "CREATE TABLE chat_days (chat TEXT NOT NULL, day INTEGER NOT NULL, off INTEGER NOT NULL,"
    " n INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (chat, day)) WITHOUT ROWID;"
    "CREATE TABLE chat_texts (chat TEXT NOT NULL, day INTEGER NOT NULL, key INTEGER NOT NULL,"
    " ordinal INTEGER NOT NULL, text TEXT NOT NULL,"
    " PRIMARY KEY (chat, day, key, ordinal)) WITHOUT ROWID;"
    "PRAGMA user_version = 3;";

static void put_v3_day(sqlite3 *db, const char *chat, int64_t day, const uint64_t *keys, size_t n,
                       int bytes)
{
	unsigned char blob[8 * 16];
	for (size_t i = 0; i < n; i++)
		for (int b = 0; b < 8; b++)
			blob[8 * i + (size_t)b] = (unsigned char)(keys[i] >> (8 * b));
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO chat_days VALUES (?1, ?2, 0, ?3, ?4)",
	                                    -1, &s, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(s, 1, chat, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, day);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)n);
	sqlite3_bind_blob(s, 4, blob, bytes, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
}

static void test_schema3_days_carry_over(void **state)
{
	(void)state;
	unlink("v3.db");
	sqlite3 *db;
	assert_int_equal(sqlite3_open("v3.db", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, schema3, NULL, NULL, NULL), SQLITE_OK);
	put_v3_day(db, "sam", 19000, edge_keys, NEDGE, (int)(8 * NEDGE));
	put_v3_day(db, "sam", 19001, edge_keys, 2, 8 * 2 - 1); /* cut short */
	const uint64_t unsorted[] = {edge_keys[3], edge_keys[1]};
	put_v3_day(db, "sam", 19002, unsorted, 2, 16);
	put_v3_day(db, "kim", 19000, edge_keys + 6, 2, 16);
	sqlite3_close(db);

	struct hv_store *st = fixture_open("v3.db");
	struct hv_error err;
	uint64_t *keys;
	size_t n;
	day_holds(st, "sam", 19000, edge_keys, NEDGE);
	day_holds(st, "kim", 19000, edge_keys + 6, 2);
	/* damage stays damage: reported, not read as something else */
	assert_int_equal(hv_chatlog_day_get(st, "sam", 19001, &keys, &n, &err), -1);
	assert_int_equal(err.code, HV_ECORRUPT);
	assert_int_equal(hv_chatlog_day_get(st, "sam", 19002, &keys, &n, &err), -1);
	assert_int_equal(err.code, HV_ECORRUPT);
	int64_t total, first, last;
	assert_int_equal(hv_chatlog_count(st, "sam", &total, &first, &last, &err), 0);
	assert_int_equal(total, (int64_t)NEDGE + 4);
	assert_int_equal(first, 19000);
	assert_int_equal(last, 19002);
	/* and the table takes new days as before */
	assert_int_equal(hv_chatlog_day_put(st, "sam", 19001, 0, edge_keys, 1, &err), 0);
	assert_int_equal(hv_chatlog_day_get(st, "sam", 19001, &keys, &n, &err), 0);
	assert_int_equal(n, 1);
	free(keys);
	hv_store_close(st);

	assert_int_equal(sqlite3_open("v3.db", &db), SQLITE_OK);
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), HV_SCHEMA_VERSION);
	sqlite3_finalize(s);
	sqlite3_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_keys_round_trip),
	    cmocka_unit_test(test_ordinary_messages_are_small),
	    cmocka_unit_test(test_damaged_days_are_reported),
	    cmocka_unit_test(test_schema3_days_carry_over),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
