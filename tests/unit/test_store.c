/*
 * test_store.c — the record store: create, read, update, soft delete,
 * purge, prefix ids, upsert rules, migrations (each module's steps, in
 * one numbering) and the newer-schema guard,
 * file permissions, and the JSON round trip of a record.
 */
#include <setjmp.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "store-fixture.h"

#include "core/clock.h"
#include "core/record.h"
#include "core/schema.h"
#include "core/store.h"

static void make_record(struct hv_record *r, int intensity)
{
	struct hv_error err;
	assert_int_equal(hv_record_new(r, "trigger", &err), 0);
	json_object_set_new(r->body, "intensity", json_integer(intensity));
}

static void test_insert_and_get(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store("a.db");
	struct hv_record r, got;
	struct hv_error err;
	make_record(&r, 7);
	assert_int_equal(hv_store_insert(st, &r, &err), 0);
	assert_int_equal(hv_store_get(st, r.id, "trigger", &got, &err), 0);
	assert_string_equal(got.id, r.id);
	assert_int_equal(got.created_ms, r.created_ms);
	assert_int_equal(got.version, 1);
	assert_int_equal(json_integer_value(json_object_get(got.body, "intensity")), 7);
	hv_record_release(&got);
	/* a prefix finds it; the same id twice is refused */
	char prefix[9];
	memcpy(prefix, r.id, 8);
	prefix[8] = '\0';
	assert_int_equal(hv_store_get(st, prefix, NULL, &got, &err), 0);
	assert_string_equal(got.id, r.id);
	hv_record_release(&got);
	assert_int_equal(hv_store_insert(st, &r, &err), -1);
	assert_int_equal(hv_store_get(st, "ffffffff", NULL, &got, &err), -1);
	assert_int_equal(err.code, HV_ENOTFOUND);
	assert_int_equal(hv_store_get(st, "ab", NULL, &got, &err), -1);
	assert_int_equal(err.code, HV_EINVAL);
	hv_record_release(&r);
	hv_store_close(st);
}

static void test_ambiguous_prefix(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store("b.db");
	struct hv_record r1, r2, got;
	struct hv_error err;
	make_record(&r1, 1);
	make_record(&r2, 2);
	memcpy(r1.id, "abcd0000", 8);
	memcpy(r2.id, "abcd1111", 8);
	assert_int_equal(hv_store_insert(st, &r1, &err), 0);
	assert_int_equal(hv_store_insert(st, &r2, &err), 0);
	assert_int_equal(hv_store_get(st, "abcd", NULL, &got, &err), -1);
	assert_int_equal(err.code, HV_EAMBIG);
	assert_int_equal(hv_store_get(st, "ABCD1", NULL, &got, &err), 0); /* case-insensitive */
	assert_string_equal(got.id, r2.id);
	hv_record_release(&got);
	hv_record_release(&r1);
	hv_record_release(&r2);
	hv_store_close(st);
}

static void test_update_bumps_version_and_time(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store("c.db");
	struct hv_record r, got;
	struct hv_error err;
	setenv("HAVEN_NOW", "2026-01-05T10:00:00Z", 1);
	make_record(&r, 3);
	assert_int_equal(hv_store_insert(st, &r, &err), 0);
	/* same clock reading: updated must still move forward */
	json_object_set_new(r.body, "intensity", json_integer(4));
	assert_int_equal(hv_store_update(st, &r, &err), 0);
	assert_int_equal(r.version, 2);
	assert_true(r.updated_ms > r.created_ms);
	assert_int_equal(hv_store_get(st, r.id, NULL, &got, &err), 0);
	assert_int_equal(got.version, 2);
	assert_int_equal(got.updated_ms, r.updated_ms);
	assert_int_equal(json_integer_value(json_object_get(got.body, "intensity")), 4);
	hv_record_release(&got);
	unsetenv("HAVEN_NOW");
	hv_record_release(&r);
	hv_store_close(st);
}

static int count_cb(const struct hv_record *r, void *ctx)
{
	(void)r;
	(*(int *)ctx)++;
	return 0;
}

static int count_live(struct hv_store *st, int include_deleted)
{
	struct hv_query q = {.kind = "trigger", .include_deleted = include_deleted};
	struct hv_error err;
	int n = 0;
	assert_int_equal(hv_store_each(st, &q, count_cb, &n, &err), 0);
	return n;
}

static void test_soft_delete_and_purge(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store("d.db");
	struct hv_record r;
	struct hv_error err;
	make_record(&r, 5);
	assert_int_equal(hv_store_insert(st, &r, &err), 0);
	assert_int_equal(count_live(st, 0), 1);
	assert_int_equal(hv_store_set_deleted(st, &r, 1, &err), 0);
	assert_int_equal(count_live(st, 0), 0);
	assert_int_equal(count_live(st, 1), 1);
	assert_int_equal(hv_store_set_deleted(st, &r, 0, &err), 0);
	assert_int_equal(count_live(st, 0), 1);
	assert_int_equal(hv_store_purge(st, r.id, &err), 0);
	assert_int_equal(count_live(st, 1), 0);
	assert_int_equal(hv_store_purge(st, r.id, &err), -1);
	assert_int_equal(err.code, HV_ENOTFOUND);
	hv_record_release(&r);
	hv_store_close(st);
}

static void test_upsert_newer_wins(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store("e.db");
	struct hv_record r, got;
	struct hv_error err;
	enum hv_upsert what;
	make_record(&r, 5);
	assert_int_equal(hv_store_upsert(st, &r, &what, NULL, &err), 0);
	assert_int_equal(what, HV_UPSERT_ADDED);
	assert_int_equal(hv_store_upsert(st, &r, &what, NULL, &err), 0);
	assert_int_equal(what, HV_UPSERT_KEPT);
	/* an older copy changes nothing */
	struct hv_record older = r;
	older.body = json_pack("{s:i}", "intensity", 1);
	older.updated_ms -= 1000;
	older.hlc_ms = older.updated_ms; /* no history known: the later stamp wins */
	assert_int_equal(hv_store_upsert(st, &older, &what, NULL, &err), 0);
	assert_int_equal(what, HV_UPSERT_KEPT);
	/* a newer copy replaces */
	older.updated_ms = r.updated_ms + 1;
	older.hlc_ms = older.updated_ms;
	assert_int_equal(hv_store_upsert(st, &older, &what, NULL, &err), 0);
	assert_int_equal(what, HV_UPSERT_UPDATED);
	assert_int_equal(hv_store_get(st, r.id, NULL, &got, &err), 0);
	assert_int_equal(json_integer_value(json_object_get(got.body, "intensity")), 1);
	hv_record_release(&got);
	hv_record_release(&older);
	hv_record_release(&r);
	hv_store_close(st);
}

static void test_file_modes(void **state)
{
	(void)state;
	struct hv_store *st = NULL;
	struct hv_error err;
	mode_t old = umask(022);
	system("rm -rf nested");
	assert_int_equal(hv_store_open(&st, "nested/deeper/h.db", &err), 0);
	umask(old);
	struct stat sb;
	assert_int_equal(stat("nested/deeper", &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	assert_int_equal(stat("nested/deeper/h.db", &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	hv_store_close(st);
}

static int user_version(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	int v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

static void test_migrations_and_newer_schema(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store("m.db");
	hv_store_close(st);
	assert_int_equal(user_version("m.db"), HV_SCHEMA_VERSION);
	/* reopening does not migrate again or fail */
	struct hv_error err;
	assert_int_equal(hv_store_open(&st, "m.db", &err), 0);
	hv_store_close(st);
	sqlite3 *db;
	assert_int_equal(sqlite3_open("m.db", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(hv_store_open(&st, "m.db", &err), -1);
	assert_int_equal(err.code, HV_ESCHEMA);
	assert_non_null(strstr(err.msg, "newer version of haven"));
	assert_int_equal(user_version("m.db"), 99);
}

/* The modules' steps number 1 to HV_SCHEMA_VERSION, once each, and each
 * table belongs to its module: chat's days are chat's steps (3 and 4), and
 * no step of core's names a table of chat's. */
static void test_schema_steps_belong_to_modules(void **state)
{
	(void)state;
	struct hv_error err;
	int last = hv_schema_last(&err);
	assert_int_equal(last, HV_SCHEMA_VERSION);
	assert_null(hv_schema_step(0));
	assert_null(hv_schema_step(last + 1));
	const char *owner[64] = {0};
	assert_true(last < 64);
	for (const struct hv_schema *const *s = hv_schemas; *s; s++)
		for (size_t i = 0; i < (*s)->n; i++) {
			const struct hv_migration *m = &(*s)->steps[i];
			assert_ptr_equal(hv_schema_step(m->step), m);
			assert_null(owner[m->step]);
			owner[m->step] = (*s)->module;
			if (strcmp((*s)->module, "chat") != 0)
				assert_null(strstr(m->sql, "chat_"));
		}
	for (int v = 1; v <= last; v++)
		assert_non_null(owner[v]);
	assert_string_equal(owner[1], "core");
	assert_string_equal(owner[2], "core");
	assert_string_equal(owner[3], "chat");
	assert_string_equal(owner[4], "chat");
	assert_string_equal(owner[5], "core");
}

static void test_wal_and_full_sync(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store("w.db");
	hv_store_close(st);
	sqlite3 *db;
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_open("w.db", &db), SQLITE_OK);
	sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, NULL);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
	sqlite3_finalize(s);
	sqlite3_close(db);
}

static void test_not_a_database(void **state)
{
	(void)state;
	FILE *f = fopen("junk.db", "w");
	fputs("this is not a database, just some text that is long enough to matter\n", f);
	fclose(f);
	struct hv_store *st;
	struct hv_error err;
	assert_int_equal(hv_store_open(&st, "junk.db", &err), -1);
	assert_int_equal(err.code, HV_ECORRUPT);
	assert_non_null(strstr(err.msg, "junk.db"));
}

static void test_record_json_round_trip(void **state)
{
	(void)state;
	struct hv_record r, back;
	struct hv_error err;
	assert_int_equal(hv_record_new(&r, "trigger", &err), 0);
	r.created_ms = 1767622200123; /* 2026-01-05T14:10:00.123Z */
	r.created_off = 60;
	r.version = 3;
	r.deleted = 1;
	json_object_set_new(r.body, "what", json_string("no reply — since lunch “again”"));
	json_object_set_new(r.body, "intensity", json_integer(7));
	json_t *j = hv_record_to_json(&r);
	assert_string_equal(json_string_value(json_object_get(j, "created")),
	                    "2026-01-05T15:10:00.123+01:00");
	assert_int_equal(hv_record_from_json(j, &back, &err), 0);
	assert_string_equal(back.id, r.id);
	assert_int_equal(back.created_ms, r.created_ms);
	assert_int_equal(back.created_off, 60);
	assert_int_equal(back.version, 3);
	assert_true(back.deleted);
	assert_true(json_equal(back.body, r.body));
	/* the same record dumps to the same bytes */
	char *a = json_dumps(j, JSON_COMPACT), *b;
	json_t *j2 = hv_record_to_json(&back);
	b = json_dumps(j2, JSON_COMPACT);
	assert_string_equal(a, b);
	/* the body's keys come out sorted */
	assert_true(strstr(a, "\"intensity\"") < strstr(a, "\"what\""));
	free(a);
	free(b);
	json_decref(j);
	json_decref(j2);
	hv_record_release(&r);
	hv_record_release(&back);
}

static void test_record_from_json_rejects(void **state)
{
	(void)state;
	static const char *const bad[][2] = {
	    {"[]", "object"},
	    {"{\"id\":\"nope\"}", "id"},
	    {"{\"id\":\"0b2c3d4e-1111-4222-8333-444455556666\",\"kind\":\"Trigger\"}", "kind"},
	    {"{\"id\":\"0b2c3d4e-1111-4222-8333-444455556666\",\"kind\":\"trigger\","
	     "\"created\":\"2026-01-05 14:10\"}",
	     "created"},
	    {"{\"id\":\"0b2c3d4e-1111-4222-8333-444455556666\",\"kind\":\"trigger\","
	     "\"created\":\"2026-01-05T14:10:00Z\",\"updated\":\"2026-01-05T14:10:00Z\","
	     "\"version\":0,\"deleted\":false,\"body\":{}}",
	     "version"},
	    {"{\"id\":\"0b2c3d4e-1111-4222-8333-444455556666\",\"kind\":\"trigger\","
	     "\"created\":\"2026-01-05T14:10:00Z\",\"updated\":\"2026-01-05T14:10:00Z\","
	     "\"version\":1,\"deleted\":false,\"body\":[]}",
	     "body"},
	    {"{\"id\":\"0b2c3d4e-1111-4222-8333-444455556666\",\"kind\":\"trigger\","
	     "\"created\":\"2026-01-05T14:10:00Z\",\"updated\":\"2026-01-05T14:10:00Z\","
	     "\"version\":1,\"deleted\":false,\"body\":{},\"extra\":1}",
	     "extra"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		json_t *j = json_loads(bad[i][0], JSON_DECODE_ANY, NULL);
		assert_non_null(j);
		struct hv_record r;
		struct hv_error err;
		assert_int_equal(hv_record_from_json(j, &r, &err), -1);
		assert_non_null(strstr(err.msg, bad[i][1]));
		json_decref(j);
	}
}

static void test_rfc3339(void **state)
{
	(void)state;
	int64_t ms;
	int off;
	char buf[HV_RFC3339_MAX];
	assert_int_equal(hv_parse_rfc3339("2026-01-05T14:10:00Z", &ms, &off), 0);
	assert_int_equal(ms, 1767622200000);
	assert_int_equal(off, 0);
	assert_int_equal(hv_parse_rfc3339("2026-01-05T14:10:00.5-05:30", &ms, &off), 0);
	assert_int_equal(ms, 1767622200000 + 500 + (5 * 60 + 30) * 60000LL);
	assert_int_equal(off, -330);
	hv_format_rfc3339(ms, off, buf);
	assert_string_equal(buf, "2026-01-05T14:10:00.500-05:30");
	assert_int_equal(hv_parse_rfc3339("2024-02-29T00:00:00Z", &ms, &off), 0);
	assert_int_equal(hv_parse_rfc3339("2025-02-29T00:00:00Z", &ms, &off), -1);
	assert_int_equal(hv_parse_rfc3339("2026-01-05T14:10:00", &ms, &off), -1);
	assert_int_equal(hv_parse_rfc3339("2026-01-05T24:00:00Z", &ms, &off), -1);
	assert_int_equal(hv_parse_rfc3339("2026-01-05T14:10:00Zjunk", &ms, &off), -1);
	assert_int_equal(hv_parse_rfc3339(NULL, &ms, &off), -1); /* a field that is not there */
	struct hv_civil c;
	hv_civil_from_ms(-1, 0, &c); /* one ms before the epoch */
	assert_int_equal(c.year, 1969);
	assert_int_equal(c.hour, 23);
	assert_int_equal(c.millis, 999);
	assert_int_equal(c.wday, 2); /* Wednesday */
}

static int refuse_big(const json_t *body, struct hv_error *err)
{
	return json_integer_value(json_object_get(body, "n")) > 5
	           ? hv_fail(err, HV_EINVAL, "n must be at most 5")
	           : 0;
}

/* The one way a feature saves what it made: checked first, then saved and
 * handed out (or released); refused, nothing is saved. */
static void test_add_new_and_list_json(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store("add.db");
	struct hv_error err;
	struct hv_record r, out;
	for (int n = 4; n <= 6; n++) {
		assert_int_equal(hv_record_new(&r, "trigger", &err), 0);
		json_object_set_new(r.body, "n", json_integer(n));
		int rc = hv_store_add_new(st, &r, refuse_big, n == 4 ? &out : NULL, &err);
		assert_int_equal(rc, n <= 5 ? 0 : -1);
	}
	assert_string_equal(err.msg, "n must be at most 5");
	assert_int_equal(json_integer_value(json_object_get(out.body, "n")), 4);
	struct hv_query q = {.kind = "trigger"};
	json_t *list = hv_store_list_json(st, &q, &err);
	assert_non_null(list);
	assert_int_equal(json_array_size(list), 2); /* 4 and 5; 6 was refused */
	/* (both in the same millisecond: their order is not the point here) */
	json_int_t sum = 0;
	int found = 0;
	for (size_t i = 0; i < 2; i++) {
		const json_t *rec = json_array_get(list, i);
		sum += json_integer_value(json_object_get(json_object_get(rec, "body"), "n"));
		found += strcmp(json_string_value(json_object_get(rec, "id")), out.id) == 0;
	}
	assert_int_equal(sum, 4 + 5);
	assert_int_equal(found, 1);
	json_decref(list);
	hv_record_release(&out);
	hv_store_close(st);
}

/* A change of the whole file's form waits for no other haven: it fails
 * while another store has the file open, and works once that one closed. */
static void test_exclusive_while_another_has_it_open(void **state)
{
	(void)state;
	unlink("x.db-lock"); /* an older haven's lock file, from an earlier run */
	struct hv_store *a = fixture_store("x.db"), *b;
	struct hv_error err;
	assert_int_equal(hv_store_open(&b, "x.db", &err), 0);
	assert_int_equal(hv_store_exclusive(b, "seal the journal", &err), -1);
	assert_int_equal(err.code, HV_EIO);
	assert_non_null(
	    strstr(err.msg, "cannot seal the journal while another haven has x.db open"));
	/* the refusal leaves both as they were: both still read and write */
	struct hv_record r;
	make_record(&r, 3);
	assert_int_equal(hv_store_insert(b, &r, &err), 0);
	hv_record_release(&r);
	int64_t n = 0;
	assert_int_equal(hv_store_count(a, NULL, &n, &err), 0);
	assert_int_equal(n, 1);
	hv_store_close(a);
	assert_int_equal(hv_store_exclusive(b, "seal the journal", &err), 0);
	assert_int_equal(hv_store_exclusive(b, "seal the journal", &err),
	                 0); /* again: still ours */
	/* the lock is on the database itself: no file beside it to delete */
	assert_int_equal(access("x.db-lock", F_OK), -1);
	hv_store_close(b);
	/* in memory there is nobody else */
	assert_int_equal(hv_store_open(&a, ":memory:", &err), 0);
	assert_int_equal(hv_store_exclusive(a, "seal the journal", &err), 0);
	hv_store_close(a);
}

/* Whether another process may have path to itself (hv_store_exclusive):
 * 1 or 0, and 2 when it cannot even open it. */
static int exclusive_elsewhere(const char *path)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct hv_store *other;
		struct hv_error e;
		if (hv_store_open(&other, path, &e) < 0)
			_exit(2);
		int rc = hv_store_exclusive(other, "seal the journal", &e) < 0 ? 0 : 1;
		hv_store_close(other);
		_exit(rc);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* Issue 13: a store that closes while another store of the same process
 * has the file open must not take the other's lock with it (closing a
 * descriptor drops the POSIX locks on its file), and the lock cannot be
 * deleted from under a store, as the file beside it could. */
static void test_lock_outlives_a_sibling(void **state)
{
	(void)state;
	struct hv_store *a = fixture_store("y.db"), *b, *c;
	struct hv_error err;
	assert_int_equal(hv_store_open(&b, "y.db", &err), 0);
	hv_store_close(a);
	unlink("y.db-lock");
	/* another process: b still has it open, so it is refused */
	assert_int_equal(exclusive_elsewhere("y.db"), 0);
	/* and a third store of ours, opened and closed, leaves b's as it was */
	assert_int_equal(hv_store_open(&c, "y.db", &err), 0);
	hv_store_close(c);
	assert_int_equal(exclusive_elsewhere("y.db"), 0);
	hv_store_close(b);
	assert_int_equal(hv_store_open(&c, "y.db", &err), 0);
	assert_int_equal(hv_store_exclusive(c, "seal the journal", &err), 0);
	hv_store_close(c);
}

/* hv_record_hand: the record to the caller's out whole, or released when
 * there is no out. */
static void test_record_hand(void **state)
{
	(void)state;
	struct hv_record r, out = {0};
	struct hv_error err;
	make_record(&r, 3);
	assert_int_equal(hv_record_hand(&r, &out), 0);
	assert_string_equal(out.id, r.id);
	assert_ptr_equal(out.body, r.body);
	assert_int_equal(json_integer_value(json_object_get(out.body, "intensity")), 3);
	hv_record_release(&out);
	assert_int_equal(hv_record_new(&r, "trigger", &err), 0);
	assert_int_equal(hv_record_hand(&r, NULL), 0);
	assert_null(r.body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_insert_and_get),
	    cmocka_unit_test(test_ambiguous_prefix),
	    cmocka_unit_test(test_update_bumps_version_and_time),
	    cmocka_unit_test(test_soft_delete_and_purge),
	    cmocka_unit_test(test_upsert_newer_wins),
	    cmocka_unit_test(test_file_modes),
	    cmocka_unit_test(test_migrations_and_newer_schema),
	    cmocka_unit_test(test_schema_steps_belong_to_modules),
	    cmocka_unit_test(test_exclusive_while_another_has_it_open),
	    cmocka_unit_test(test_lock_outlives_a_sibling),
	    cmocka_unit_test(test_add_new_and_list_json),
	    cmocka_unit_test(test_wal_and_full_sync),
	    cmocka_unit_test(test_not_a_database),
	    cmocka_unit_test(test_record_json_round_trip),
	    cmocka_unit_test(test_record_hand),
	    cmocka_unit_test(test_record_from_json_rejects),
	    cmocka_unit_test(test_rfc3339),
	};
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
