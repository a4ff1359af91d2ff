/*
 * test_store_kept.c — statements the store keeps prepared across calls
 * (hv_store_prepare_kept): the same one handed out again, reset with its
 * values let go and no read left open when handed back, a fresh one while
 * the kept one is still in use, room for only so many, and every one
 * finalized when the store closes.
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

#include "core/record.h"
#include "core/store-db.h"
#include "core/store.h"

static const char get_sql[] = "SELECT value FROM meta WHERE key = ?1";

static struct hv_store *open_fresh(const char *path)
{
	struct hv_store *st = fixture_store(path);
	struct hv_error err;
	assert_int_equal(hv_store_meta_set(st, "colour", "blue", &err), 0);
	return st;
}

/* Handed back and asked for again: the same statement, not compiled anew,
 * and still answering. */
static void test_same_statement_again(void **state)
{
	(void)state;
	struct hv_store *st = open_fresh("kept-same.db");
	struct hv_error err;
	sqlite3_stmt *a, *b;
	assert_int_equal(hv_store_prepare_kept(st, get_sql, &a, &err), 0);
	hv_store_done(st, a);
	assert_int_equal(hv_store_prepare_kept(st, get_sql, &b, &err), 0);
	assert_ptr_equal(a, b);
	sqlite3_bind_text(b, 1, "colour", -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(b), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(b, 0), "blue");
	hv_store_done(st, b);
	hv_store_close(st);
}

/* Handed back, its values are let go: stepped again with none bound, the
 * key is NULL and nothing matches. */
static void test_values_let_go(void **state)
{
	(void)state;
	struct hv_store *st = open_fresh("kept-binds.db");
	struct hv_error err;
	sqlite3_stmt *s;
	assert_int_equal(hv_store_prepare_kept(st, get_sql, &s, &err), 0);
	sqlite3_bind_text(s, 1, "colour", -1, SQLITE_TRANSIENT);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE); /* run through: not in use */
	hv_store_done(st, s);
	sqlite3_stmt *again;
	assert_int_equal(hv_store_prepare_kept(st, get_sql, &again, &err), 0);
	assert_ptr_equal(again, s);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	hv_store_done(st, s);
	hv_store_close(st);
}

/* A statement left on a row holds a read of the database; handed back, it
 * holds none, so another connection's checkpoint empties the whole log. */
static void test_no_read_left_open(void **state)
{
	(void)state;
	struct hv_store *st = open_fresh("kept-read.db");
	struct hv_error err;
	sqlite3_stmt *s;
	assert_int_equal(hv_store_prepare_kept(st, get_sql, &s, &err), 0);
	sqlite3_bind_text(s, 1, "colour", -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	hv_store_done(st, s);

	sqlite3 *other;
	assert_int_equal(sqlite3_open("kept-read.db", &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "INSERT INTO meta (key, value) VALUES ('x', 'y')",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	int log = -1, done = -1;
	assert_int_equal(
	    sqlite3_wal_checkpoint_v2(other, NULL, SQLITE_CHECKPOINT_TRUNCATE, &log, &done),
	    SQLITE_OK);
	assert_int_equal(log, 0);
	sqlite3_close(other);
	hv_store_close(st);
}

/* Asked for while the kept one is still stepping (a walk calling back into
 * the store): a statement of its own, so neither disturbs the other. */
static void test_fresh_one_while_in_use(void **state)
{
	(void)state;
	struct hv_store *st = open_fresh("kept-busy.db");
	struct hv_error err;
	sqlite3_stmt *outer, *inner;
	assert_int_equal(hv_store_prepare_kept(st, get_sql, &outer, &err), 0);
	sqlite3_bind_text(outer, 1, "colour", -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(outer), SQLITE_ROW);
	assert_int_equal(hv_store_prepare_kept(st, get_sql, &inner, &err), 0);
	assert_ptr_not_equal(outer, inner);
	sqlite3_bind_text(inner, 1, "none such", -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(inner), SQLITE_DONE);
	hv_store_done(st, inner);
	assert_string_equal((const char *)sqlite3_column_text(outer, 0), "blue");
	hv_store_done(st, outer);
	hv_store_close(st);
}

/* Past the store's room, statements still work, prepared each time; the
 * ones kept keep working beside them. */
#define MANY 40
static void test_past_the_room(void **state)
{
	(void)state;
	static char sql[MANY][64];
	struct hv_store *st = open_fresh("kept-many.db");
	struct hv_error err;
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < MANY; i++) {
			sqlite3_stmt *s;
			snprintf(sql[i], sizeof sql[i], "SELECT %d", i);
			assert_int_equal(hv_store_prepare_kept(st, sql[i], &s, &err), 0);
			assert_int_equal(sqlite3_step(s), SQLITE_ROW);
			assert_int_equal(sqlite3_column_int(s, 0), i);
			hv_store_done(st, s);
		}
	hv_store_close(st);
}

/* Closing the store finalizes what it kept: SQLite's memory goes back to
 * where it was before the store opened (a statement left unfinalized keeps
 * the whole connection alive). */
static void test_close_finalizes(void **state)
{
	(void)state;
	struct hv_store *st = open_fresh("kept-close.db");
	hv_store_close(st);
	sqlite3_int64 before = sqlite3_memory_used();
	st = open_fresh("kept-close.db");
	struct hv_error err;
	char buf[16];
	struct hv_record r;
	assert_int_equal(hv_record_new(&r, "trigger", &err), 0);
	json_object_set_new(r.body, "intensity", json_integer(3));
	assert_int_equal(hv_store_insert(st, &r, &err), 0);
	assert_int_equal(hv_store_meta_get(st, "colour", buf, sizeof buf, &err), 1);
	hv_record_release(&r);
	hv_store_close(st);
	assert_int_equal(sqlite3_memory_used(), before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_same_statement_again),
	    cmocka_unit_test(test_values_let_go),
	    cmocka_unit_test(test_no_read_left_open),
	    cmocka_unit_test(test_fresh_one_while_in_use),
	    cmocka_unit_test(test_past_the_room),
	    cmocka_unit_test(test_close_finalizes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
