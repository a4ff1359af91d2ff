/*
 * test_store_page.c — the journal read a page at a time: page keys written
 * and read back, and refused when they are anything else; pages that cover
 * every entry once in the order of hv_journal_list, entries of one
 * millisecond included; bodies written as stored and the whole page valid
 * JSON; a damaged body walked past and named; the change mark moving with
 * a write by this connection and by another.
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

#include "core/store-page.h"
#include "journal/journal.h"
#include "store-fixture.h"

#define DB "page.db"
#define AT 1767571200000LL /* Monday 2026-01-05 00:00 UTC */

static void done(struct hv_store *st)
{
	hv_store_close(st);
	unlink(DB);
	unlink(DB "-wal");
	unlink(DB "-shm");
}

static void add(struct hv_store *st, int64_t at, const char *json)
{
	struct hv_error err;
	json_t *body = json_loads(json, 0, NULL);
	assert_non_null(body);
	if (hv_journal_add(st, body, at, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	json_decref(body);
}

static void test_keys(void **state)
{
	(void)state;
	struct hv_page_key k = {.created_ms = 1767571200123LL}, back;
	strcpy(k.id, "0a1b2c3d-0000-4000-8000-00000000abcd");
	char text[HV_PAGE_KEY_MAX];
	hv_page_key_format(&k, text);
	assert_string_equal(text, "1767571200123.0a1b2c3d-0000-4000-8000-00000000abcd");
	assert_int_equal(hv_page_key_parse(text, &back), 0);
	assert_true(back.created_ms == k.created_ms);
	assert_string_equal(back.id, k.id);
	k.created_ms = -5; /* before 1970: still a key */
	hv_page_key_format(&k, text);
	assert_int_equal(hv_page_key_parse(text, &back), 0);
	assert_true(back.created_ms == -5);

	static const char *const bad[] = {
	    "",
	    "zz",
	    "123",
	    "123.",
	    ".0a1b2c3d-0000-4000-8000-00000000abcd",
	    "-.0a1b2c3d-0000-4000-8000-00000000abcd",
	    "1 .0a1b2c3d-0000-4000-8000-00000000abcd",
	    "+1.0a1b2c3d-0000-4000-8000-00000000abcd",
	    "1.0A1B2C3D-0000-4000-8000-00000000ABCD",
	    "1.0a1b2c3d-0000-4000-8000-00000000abcd.",
	    "1.0a1b2c3d-0000-4000-8000-00000000abc",
	    "1234567890123456789.0a1b2c3d-0000-4000-8000-00000000abcd", /* 19 digits */
	    "99999999999999999999999.0a1b2c3d-0000-4000-8000-00000000abcd",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (hv_page_key_parse(bad[i], &back) == 0)
			fail_msg("\"%s\" was taken for a key", bad[i]);
	assert_int_equal(hv_page_key_parse(NULL, &back), -1);
}

/* The ids of a JSON array of records, space-separated, into out. */
static void ids_of(const json_t *list, char *out, size_t n)
{
	size_t i, len = 0;
	json_t *r;
	out[0] = '\0';
	json_array_foreach(list, i, r)
	{
		len += (size_t)snprintf(out + len, n - len, "%s%s", len ? " " : "",
		                        json_string_value(json_object_get(r, "id")));
	}
}

static void test_pages_cover_the_list(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store(DB);
	for (int i = 0; i < 7; i++) /* seven in one millisecond: the id breaks the tie */
		add(st, AT, "{\"intensity\":3,\"what\":\"same\"}");
	for (int i = 0; i < 6; i++)
		add(st, AT + 1000 * (i + 1),
		    "{\"intensity\":4,\"emotions\":[\"fear\"],\"what\":\"later\"}");
	struct hv_error err;
	struct hv_journal_filter f = {.limit = 4};
	json_t *all = hv_journal_list(st, &(struct hv_journal_filter){0}, &err);
	assert_non_null(all);
	char want[2048], got[2048] = "", one[1024];
	ids_of(all, want, sizeof want);

	struct hv_page_key key;
	const struct hv_page_key *before = NULL;
	int pages = 0;
	for (;;) {
		struct hv_journal_page page;
		assert_int_equal(hv_journal_page(st, &f, before, &page, &err), 0);
		json_error_t je;
		json_t *list = json_loads(page.json, 0, &je);
		if (!list)
			fail_msg("page %d is not JSON (%s): %s", pages, je.text, page.json);
		/* Each record exactly as hv_journal_list makes it. */
		for (size_t i = 0; i < json_array_size(list); i++)
			assert_true(json_equal(json_array_get(list, i),
			                       json_array_get(all, (size_t)pages * 4 + i)));
		ids_of(list, one, sizeof one);
		if (*one)
			snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s",
			         *got ? " " : "", one);
		json_decref(list);
		free(page.json);
		pages++;
		if (!page.more)
			break;
		assert_true(pages < 10);
		key = page.next;
		before = &key;
	}
	assert_int_equal(pages, 4); /* 13 entries, 4 a page */
	assert_string_equal(got, want);

	/* Exactly one page: no next.  Past the end: an empty page. */
	struct hv_journal_page page;
	f.limit = 13;
	assert_int_equal(hv_journal_page(st, &f, NULL, &page, &err), 0);
	assert_false(page.more);
	key = page.next; /* the oldest */
	free(page.json);
	assert_int_equal(hv_journal_page(st, &f, &key, &page, &err), 0);
	assert_string_equal(page.json, "[]");
	assert_false(page.more);
	free(page.json);

	f.limit = 0;
	assert_int_equal(hv_journal_page(st, &f, NULL, &page, &err), -1);
	f.limit = HV_JOURNAL_PAGE_MAX + 1;
	assert_int_equal(hv_journal_page(st, &f, NULL, &page, &err), -1);
	json_decref(all);
	done(st);
}

static void test_damaged_body_walked_past(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store(DB);
	add(st, AT, "{\"intensity\":3,\"what\":\"fine\"}");
	add(st, AT + 1, "{\"intensity\":3,\"what\":\"to be damaged\"}");
	sqlite3 *db;
	assert_int_equal(sqlite3_open(DB, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db, "UPDATE records SET body = '{\"what\":' WHERE body LIKE '%damaged%'",
	                 NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	struct hv_error err;
	struct hv_journal_page page;
	struct hv_journal_filter f = {.limit = 10};
	assert_int_equal(hv_journal_page(st, &f, NULL, &page, &err), 0);
	json_t *list = json_loads(page.json, 0, NULL);
	assert_non_null(list);
	assert_int_equal(json_array_size(list), 1);
	assert_int_equal(hv_store_damaged_count(st), 1);
	json_decref(list);
	free(page.json);
	done(st);
}

static void test_change_mark(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store(DB);
	struct hv_error err;
	uint64_t a = hv_store_change_mark(st, &err);
	assert_true(a != 0);
	assert_true(hv_store_change_mark(st, &err) == a); /* nothing changed */
	add(st, AT, "{\"intensity\":3}");
	uint64_t b = hv_store_change_mark(st, &err);
	assert_true(b != a); /* our own write */
	sqlite3 *db;         /* another program's write */
	assert_int_equal(sqlite3_open(DB, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE records SET deleted = 1", NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	assert_true(hv_store_change_mark(st, &err) != b);
	done(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_keys),
	    cmocka_unit_test(test_pages_cover_the_list),
	    cmocka_unit_test(test_damaged_body_walked_past),
	    cmocka_unit_test(test_change_mark),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
