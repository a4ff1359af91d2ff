/*
 * test_store_guards.c — what the store refuses before it can do harm: a
 * schema version no haven wrote (negative, or newer), a database path that
 * is a device or a FIFO, and a record version at the end of its range.
 */
#include <setjmp.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cmocka.h>

#include "store-fixture.h"

#include "core/record.h"
#include "core/store.h"

static void set_user_version(const char *path, int v)
{
	sqlite3 *db;
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* A schema version below zero was never written by any haven: refused as
 * damage, naming the file and the number, with nothing run and nothing
 * written (not even the switch to WAL). */
static void test_negative_schema_refused(void **state)
{
	(void)state;
	static const int bad[] = {-1, -2, -100000, INT32_MIN};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		unlink("neg.db");
		set_user_version("neg.db", bad[i]);
		size_t n0;
		char *before = fixture_bytes("neg.db", &n0);
		struct hv_store *st = NULL;
		struct hv_error err;
		assert_int_equal(hv_store_open(&st, "neg.db", &err), -1);
		assert_null(st);
		assert_int_equal(err.code, HV_ECORRUPT);
		char num[32];
		snprintf(num, sizeof num, "%d", bad[i]);
		assert_non_null(strstr(err.msg, "neg.db"));
		assert_non_null(strstr(err.msg, num));
		fixture_same_bytes("neg.db", before, n0);
		free(before);
		assert_int_equal(access("neg.db-wal", F_OK), -1);
	}
}

/* A newer schema is still refused, and the file is left as it was. */
static void test_newer_schema_refused_untouched(void **state)
{
	(void)state;
	unlink("new.db");
	set_user_version("new.db", HV_SCHEMA_VERSION + 1);
	size_t n0;
	char *before = fixture_bytes("new.db", &n0);
	struct hv_store *st = NULL;
	struct hv_error err;
	assert_int_equal(hv_store_open(&st, "new.db", &err), -1);
	assert_int_equal(err.code, HV_ESCHEMA);
	assert_non_null(strstr(err.msg, "new.db"));
	fixture_same_bytes("new.db", before, n0);
	free(before);
}

/* A database path naming something that is not a regular file is refused
 * before anything is created beside it (no PATH-lock, no PATH-journal). */
static void test_database_must_be_a_regular_file(void **state)
{
	(void)state;
	unlink("fifo.db");
	assert_int_equal(mkfifo("fifo.db", 0600), 0);
	struct hv_store *st = NULL;
	struct hv_error err;
	assert_int_equal(hv_store_open(&st, "fifo.db", &err), -1);
	assert_int_equal(err.code, HV_EINVAL);
	assert_non_null(strstr(err.msg, "fifo.db"));
	assert_non_null(strstr(err.msg, "not a regular file"));
	assert_int_equal(access("fifo.db-lock", F_OK), -1);
	assert_int_equal(access("fifo.db-journal", F_OK), -1);
	/* a character device (this one is /dev/null's): only root may make one */
	unlink("null.db");
	if (mknod("null.db", S_IFCHR | 0600, makedev(1, 3)) == 0) {
		assert_int_equal(hv_store_open(&st, "null.db", &err), -1);
		assert_non_null(strstr(err.msg, "null.db"));
		assert_non_null(strstr(err.msg, "not a regular file"));
		assert_int_equal(access("null.db-lock", F_OK), -1);
		assert_int_equal(access("null.db-journal", F_OK), -1);
	} else {
		fprintf(stderr, "note: not root, so the character-device case was skipped\n");
	}
}

static const char *record_line(const char *version)
{
	static char line[512];
	snprintf(line, sizeof line,
	         "{\"id\":\"0b2c3d4e-1111-4222-8333-444455556666\",\"kind\":\"trigger\","
	         "\"created\":\"2026-01-05T14:10:00Z\",\"updated\":\"2026-01-05T14:10:00Z\","
	         "\"version\":%s,\"deleted\":false,\"body\":{\"intensity\":3}}",
	         version);
	return line;
}

/* A version from outside is a whole number from 1 to HV_VERSION_MAX. */
static void test_record_version_range(void **state)
{
	(void)state;
	static const char *const bad[] = {"9223372036854775807", "9007199254740992", "0", "-1"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		json_t *j = json_loads(record_line(bad[i]), 0, NULL);
		assert_non_null(j);
		struct hv_record r;
		struct hv_error err;
		assert_int_equal(hv_record_from_json(j, &r, &err), -1);
		assert_non_null(strstr(err.msg, "\"version\""));
		json_decref(j);
	}
	char max[32];
	snprintf(max, sizeof max, "%lld", (long long)HV_VERSION_MAX);
	json_t *j = json_loads(record_line(max), 0, NULL);
	struct hv_record r;
	struct hv_error err;
	assert_int_equal(hv_record_from_json(j, &r, &err), 0);
	assert_int_equal(r.version, HV_VERSION_MAX);
	hv_record_release(&r);
	json_decref(j);
}

/* A stored version at the end of the range (put there behind haven's back,
 * or by an older haven) makes an edit fail with a message, never overflow;
 * the record stays as it was. */
static void test_update_at_the_last_version(void **state)
{
	(void)state;
	unlink("v.db");
	struct hv_store *st = NULL;
	struct hv_error err;
	assert_int_equal(hv_store_open(&st, "v.db", &err), 0);
	struct hv_record r;
	assert_int_equal(hv_record_new(&r, "trigger", &err), 0);
	json_object_set_new(r.body, "intensity", json_integer(3));
	assert_int_equal(hv_store_insert(st, &r, &err), 0);
	char id[sizeof r.id];
	snprintf(id, sizeof id, "%s", r.id);
	hv_record_release(&r);
	hv_store_close(st);
	sqlite3 *db;
	assert_int_equal(sqlite3_open("v.db", &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db, "UPDATE records SET version = 9223372036854775807", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);

	assert_int_equal(hv_store_open(&st, "v.db", &err), 0);
	assert_int_equal(hv_store_get(st, id, NULL, &r, &err), 0);
	assert_int_equal(r.version, INT64_MAX);
	int64_t updated = r.updated_ms;
	json_object_set_new(r.body, "intensity", json_integer(4));
	assert_int_equal(hv_store_update(st, &r, &err), -1);
	assert_non_null(strstr(err.msg, id));
	assert_non_null(strstr(err.msg, "version"));
	assert_int_equal(r.version, INT64_MAX);
	assert_int_equal(r.updated_ms, updated);
	assert_int_equal(hv_store_set_deleted(st, &r, 1, &err), -1);
	assert_int_equal(r.deleted, 0);
	hv_record_release(&r);
	assert_int_equal(hv_store_get(st, id, NULL, &r, &err), 0);
	assert_int_equal(json_integer_value(json_object_get(r.body, "intensity")), 3);
	assert_int_equal(r.version, INT64_MAX);
	hv_record_release(&r);

	/* one below the end still takes the last edit */
	assert_int_equal(sqlite3_open("v.db", &db), SQLITE_OK);
	char sql[96];
	snprintf(sql, sizeof sql, "UPDATE records SET version = %lld",
	         (long long)(HV_VERSION_MAX - 1));
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(hv_store_get(st, id, NULL, &r, &err), 0);
	assert_int_equal(hv_store_update(st, &r, &err), 0);
	assert_int_equal(r.version, HV_VERSION_MAX);
	assert_int_equal(hv_store_update(st, &r, &err), -1);
	assert_int_equal(r.version, HV_VERSION_MAX);
	hv_record_release(&r);
	hv_store_close(st);
}

/* Import's and merge's way in refuses a version out of range as well. */
static void test_upsert_refuses_version_out_of_range(void **state)
{
	(void)state;
	struct hv_store *st = NULL;
	struct hv_error err;
	assert_int_equal(hv_store_open(&st, ":memory:", &err), 0);
	struct hv_record r;
	assert_int_equal(hv_record_new(&r, "trigger", &err), 0);
	json_object_set_new(r.body, "intensity", json_integer(3));
	r.version = INT64_MAX;
	enum hv_upsert what;
	assert_int_equal(hv_store_upsert(st, &r, &what, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "version"));
	r.version = 0;
	assert_int_equal(hv_store_upsert(st, &r, &what, NULL, &err), -1);
	r.version = 1;
	assert_int_equal(hv_store_upsert(st, &r, &what, NULL, &err), 0);
	hv_record_release(&r);
	hv_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_negative_schema_refused),
	    cmocka_unit_test(test_newer_schema_refused_untouched),
	    cmocka_unit_test(test_database_must_be_a_regular_file),
	    cmocka_unit_test(test_record_version_range),
	    cmocka_unit_test(test_update_at_the_last_version),
	    cmocka_unit_test(test_upsert_refuses_version_out_of_range),
	};
	return cmocka_run_group_tests_name("store guards", tests, NULL, NULL);
}
