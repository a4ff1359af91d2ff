/*
 * test_import_crisis.c — what an import brings in is read by the crisis
 * net, as any writing is: an export need not come from haven, and Daylio's
 * notes never passed the net.  The stats say so (crisis), and the front
 * ends show help first; entries already here, deleted ones and ordinary
 * words leave it unset.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store-fixture.h"

#include "core/error.h"
#include "core/store.h"
#include "transfer/transfer.h"

#define DB "test_import_crisis.db"

#define ENTRY_FMT                                                                                  \
	"{\"id\":\"%s\",\"kind\":\"trigger\",\"created\":\"2026-01-01T10:00:00.000Z\","            \
	"\"updated\":\"2026-01-01T10:00:00.000Z\",\"version\":1,\"deleted\":%s,"                   \
	"\"body\":{\"intensity\":8,\"what\":\"%s\"}}\n"

/* Import one JSON Lines entry; its stats. */
static struct hv_import_stats import_one(struct hv_store *st, const char *id, const char *deleted,
                                         const char *what)
{
	char line[1024];
	snprintf(line, sizeof line, ENTRY_FMT, id, deleted, what);
	FILE *in = fmemopen(line, strlen(line), "r");
	assert_non_null(in);
	struct hv_import_stats stats;
	struct hv_error err;
	assert_int_equal(hv_import_jsonl(st, in, "test", &stats, NULL, NULL, &err), 0);
	fclose(in);
	return stats;
}

static void test_an_entry_in_crisis_words_is_heard(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store(DB);
	struct hv_import_stats s = import_one(st, "0b6e8d4a-1f7e-4a52-9c11-2d3e4f5a6b7c", "false",
	                                      "I want to die tonight");
	assert_int_equal(s.added, 1);
	assert_int_equal(s.crisis, 1);
	/* The same entry again is kept, not brought in: nothing new is read. */
	s = import_one(st, "0b6e8d4a-1f7e-4a52-9c11-2d3e4f5a6b7c", "false",
	               "I want to die tonight");
	assert_int_equal(s.kept, 1);
	assert_int_equal(s.crisis, 0);
	hv_store_close(st);
	fixture_remove(DB);
}

static void test_ordinary_and_deleted_entries_stay_quiet(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store(DB);
	struct hv_import_stats s = import_one(st, "1c7f9e5b-2a8f-4b63-8d22-3e4f5a6b7c8d", "false",
	                                      "a long walk by the river with my sister");
	assert_int_equal(s.added, 1);
	assert_int_equal(s.crisis, 0);
	s = import_one(st, "2d8a0f6c-3b9a-4c74-9e33-4f5a6b7c8d9e", "true", "I want to die tonight");
	assert_int_equal(s.crisis, 0);
	hv_store_close(st);
	fixture_remove(DB);
}

static void test_a_daylio_note_is_heard(void **state)
{
	(void)state;
	struct hv_store *st = fixture_store(DB);
	const char *csv = "full_date,date,weekday,time,mood,activities,note_title,note\n"
	                  "2026-01-05,January 5,Monday,21:40,good,walk,Park,\"Sun out, nice.\"\n"
	                  "2026-01-06,January 6,Tuesday,22:10,awful,,,\"no reason to keep going. "
	                  "I've saved up my pills\"\n";
	struct hv_daylio_stats s;
	struct hv_error err;
	assert_int_equal(hv_import_daylio_buf(st, csv, strlen(csv), "test", NULL, &s, &err), 0);
	assert_int_equal(s.added, 2);
	assert_int_equal(s.crisis, 1);
	const char *calm = "full_date,date,weekday,time,mood,activities,note_title,note\n"
	                   "2026-01-07,January 7,Wednesday,20:00,meh,,,\"Tired, early night.\"\n";
	assert_int_equal(hv_import_daylio_buf(st, calm, strlen(calm), "test", NULL, &s, &err), 0);
	assert_int_equal(s.added, 1);
	assert_int_equal(s.crisis, 0);
	hv_store_close(st);
	fixture_remove(DB);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_an_entry_in_crisis_words_is_heard),
	    cmocka_unit_test(test_ordinary_and_deleted_entries_stay_quiet),
	    cmocka_unit_test(test_a_daylio_note_is_heard),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
