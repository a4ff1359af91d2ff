/*
 * test_merge.c — the merge rules of issue 13, item 10 (core/hlc.h,
 * hv_store_upsert, transfer/merge.c): the hybrid logical clock counts on
 * when the wall clock is behind, version vectors tell an ancestor from a
 * concurrent edit, two copies edited at the same moment converge whichever
 * way they are merged, the losing edit is kept and reported, and a purge
 * stays purged when merged with a copy that still has the entry.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/hlc.h"
#include "core/record.h"
#include "core/store.h"
#include "transfer/merge.h"
#include "transfer/transfer.h"

static struct hv_store *open_fresh(const char *name)
{
	struct hv_store *st = NULL;
	struct hv_error err;
	char side[256];
	unlink(name);
	snprintf(side, sizeof side, "%s-wal", name);
	unlink(side);
	assert_int_equal(hv_store_open(&st, name, &err), 0);
	return st;
}

/* A copy of st's file as another database (a second device's copy). */
static struct hv_store *copy_of(struct hv_store *st, const char *name)
{
	struct hv_error err;
	unlink(name);
	assert_int_equal(hv_store_snapshot(st, name, &err), 0);
	struct hv_store *out;
	assert_int_equal(hv_store_open(&out, name, &err), 0);
	return out;
}

static char *export_text(struct hv_store *st)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	struct hv_error err;
	assert_int_equal(hv_export_jsonl(st, mem, &err), 0);
	fclose(mem);
	return buf;
}

static void add_entry(struct hv_store *st, int intensity, char id[HV_ID_LEN + 1])
{
	struct hv_record r;
	struct hv_error err;
	assert_int_equal(hv_record_new(&r, "trigger", &err), 0);
	json_object_set_new(r.body, "intensity", json_integer(intensity));
	json_object_set_new(r.body, "what", json_string("a test entry"));
	struct hv_record out;
	assert_int_equal(hv_store_add_new(st, &r, NULL, &out, &err), 0);
	memcpy(id, out.id, HV_ID_LEN + 1);
	hv_record_release(&out);
}

static void edit_entry(struct hv_store *st, const char *id, int intensity)
{
	struct hv_record r;
	struct hv_error err;
	assert_int_equal(hv_store_get(st, id, NULL, &r, &err), 0);
	json_object_set_new(r.body, "intensity", json_integer(intensity));
	assert_int_equal(hv_store_update(st, &r, &err), 0);
	hv_record_release(&r);
}

static void merge(struct hv_store *into, struct hv_store *from, struct hv_merge_stats *s)
{
	struct hv_error err;
	if (hv_merge(into, from, s, &err) < 0)
		fail_msg("merge failed: %s", err.msg);
}

static void test_clock_counts_on_when_behind(void **state)
{
	(void)state;
	int64_t ms, n;
	hv_hlc_next(1000, 4, 2000, &ms, &n); /* the wall clock moved on */
	assert_int_equal(ms, 2000);
	assert_int_equal(n, 0);
	hv_hlc_next(5000, 4, 2000, &ms, &n); /* it is behind what was seen */
	assert_int_equal(ms, 5000);
	assert_int_equal(n, 5);
	assert_true(hv_hlc_cmp(5000, 5, 5000, 4) > 0);
	assert_true(hv_hlc_cmp(4999, 9, 5000, 0) < 0);
}

static void with(struct hv_record *r, const char *vv, int64_t hlc, int intensity)
{
	memset(r, 0, sizeof *r);
	snprintf(r->id, sizeof r->id, "00000000-0000-4000-8000-000000000001");
	snprintf(r->kind, sizeof r->kind, "trigger");
	snprintf(r->vv, sizeof r->vv, "%s", vv);
	r->version = 1;
	r->hlc_ms = hlc;
	r->body = json_pack("{s:i}", "intensity", intensity);
}

static void test_history_from_vectors(void **state)
{
	(void)state;
	struct hv_record a, b;
	with(&a, "{\"aa\":1}", 10, 1);
	with(&b, "{\"aa\":1,\"bb\":1}", 5, 2); /* an older clock, but it saw a's write */
	assert_int_equal(hv_history_cmp(&a, &b), HV_HISTORY_THEIRS_AHEAD);
	assert_int_equal(hv_history_cmp(&b, &a), HV_HISTORY_OURS_AHEAD);
	hv_record_release(&a);
	with(&a, "{\"aa\":2}", 10, 1); /* each has a write the other lacks */
	assert_int_equal(hv_history_cmp(&a, &b), HV_HISTORY_CONCURRENT);
	assert_int_equal(hv_history_cmp(&b, &a), HV_HISTORY_CONCURRENT);
	/* The winner is the same whichever side asks. */
	assert_true(hv_record_order(&a, &b) > 0);
	assert_true(hv_record_order(&b, &a) < 0);
	hv_record_release(&a);
	hv_record_release(&b);
	/* Records from before vectors: the later stamp, as merges always did. */
	with(&a, "", 10, 1);
	with(&b, "", 20, 2);
	assert_int_equal(hv_history_cmp(&a, &b), HV_HISTORY_THEIRS_AHEAD);
	hv_record_release(&b);
	/* ... and the same stamp with other content is two versions, not one. */
	with(&b, "", 10, 2);
	assert_int_equal(hv_history_cmp(&a, &b), HV_HISTORY_CONCURRENT);
	hv_record_release(&a);
	hv_record_release(&b);
	/* A copied file keeps its device id: same counts, other content. */
	with(&a, "{\"aa\":2}", 10, 1);
	with(&b, "{\"aa\":2}", 10, 2);
	assert_int_equal(hv_history_cmp(&a, &b), HV_HISTORY_CONCURRENT);
	hv_record_release(&a);
	hv_record_release(&b);
	char out[HV_VV_TEXT_MAX];
	assert_int_equal(hv_vv_join("{\"aa\":2,\"cc\":1}", "{\"aa\":1,\"bb\":3}", out), 0);
	assert_string_equal(out, "{\"aa\":2,\"bb\":3,\"cc\":1}");
	assert_int_equal(hv_vv_bump("", "aa", out), 0);
	assert_string_equal(out, "{\"aa\":1}");
}

static void test_same_time_edits_converge(void **state)
{
	(void)state;
	setenv("HAVEN_NOW", "2026-02-01T09:00:00Z", 1);
	struct hv_store *one = open_fresh("one.db"), *two = open_fresh("two.db");
	char x[HV_ID_LEN + 1];
	add_entry(one, 5, x);
	struct hv_merge_stats s;
	merge(two, one, &s);
	json_decref(s.report);
	/* Both edit at the same moment: the same updated time on each. */
	setenv("HAVEN_NOW", "2026-02-02T10:00:00Z", 1);
	edit_entry(one, x, 6);
	edit_entry(two, x, 7);
	struct hv_store *one_b = copy_of(one, "one-b.db"), *two_b = copy_of(two, "two-b.db");
	merge(one_b, two, &s);
	assert_int_equal(s.conflicts, 1);
	const json_t *c = json_array_get(s.report, 0);
	assert_string_equal(json_string_value(json_object_get(c, "id")), x);
	char copy[HV_ID_LEN + 1];
	snprintf(copy, sizeof copy, "%s", json_string_value(json_object_get(c, "copy")));
	const char *kept = json_string_value(json_object_get(c, "kept"));
	int one_won = strcmp(kept, "here") == 0;
	json_decref(s.report);
	merge(two_b, one, &s);
	assert_int_equal(s.conflicts, 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(s.report, 0), "copy")),
	                    copy);
	json_decref(s.report);
	char *a = export_text(one_b), *b = export_text(two_b);
	assert_string_equal(a, b); /* whichever way, the same entries */
	free(a);
	free(b);
	/* The winner is the entry; the loser is kept, deleted, naming it. */
	struct hv_record r;
	struct hv_error err;
	assert_int_equal(hv_store_get(one_b, x, NULL, &r, &err), 0);
	assert_int_equal(json_integer_value(json_object_get(r.body, "intensity")), one_won ? 6 : 7);
	hv_record_release(&r);
	assert_int_equal(hv_store_get(one_b, copy, NULL, &r, &err), 0);
	assert_int_equal(json_integer_value(json_object_get(r.body, "intensity")), one_won ? 7 : 6);
	assert_true(r.deleted);
	assert_string_equal(r.conflict_of, x);
	hv_record_release(&r);
	/* Merging again changes nothing and reports nothing. */
	merge(one_b, two_b, &s);
	assert_int_equal(s.conflicts, 0);
	assert_int_equal(s.updated + s.added, 0);
	json_decref(s.report);
	hv_store_close(one);
	hv_store_close(two);
	hv_store_close(one_b);
	hv_store_close(two_b);
	unsetenv("HAVEN_NOW");
}

static void test_purge_stays_purged(void **state)
{
	(void)state;
	struct hv_store *one = open_fresh("p1.db"), *two;
	char x[HV_ID_LEN + 1], y[HV_ID_LEN + 1];
	add_entry(one, 5, x);
	add_entry(one, 6, y);
	two = copy_of(one, "p2.db");
	struct hv_error err;
	assert_int_equal(hv_store_purge(one, x, &err), 0);
	struct hv_merge_stats s;
	merge(one, two, &s); /* the older copy still has x */
	assert_int_equal(s.purged, 1);
	json_decref(s.report);
	struct hv_record r;
	assert_int_equal(hv_store_get(one, x, NULL, &r, &err), -1);
	assert_int_equal(err.code, HV_ENOTFOUND);
	merge(two, one, &s); /* and the purge reaches the other copy */
	json_decref(s.report);
	assert_int_equal(hv_store_get(two, x, NULL, &r, &err), -1);
	assert_int_equal(hv_store_get(two, y, NULL, &r, &err), 0);
	hv_record_release(&r);
	/* The export keeps only the tombstone: id, time, stamp. */
	char *text = export_text(two);
	char *line = strstr(text, x);
	assert_non_null(line);
	assert_non_null(strstr(line - 7, "\"purged\""));
	free(text);
	hv_store_close(one);
	hv_store_close(two);
}

static void test_behind_clock_edit_is_kept(void **state)
{
	(void)state;
	setenv("HAVEN_NOW", "2026-03-01T12:00:00Z", 1);
	struct hv_store *one = open_fresh("c1.db"), *two;
	char x[HV_ID_LEN + 1];
	add_entry(one, 5, x);
	two = copy_of(one, "c2.db");
	setenv("HAVEN_NOW", "2026-03-01T17:00:00Z", 1);
	edit_entry(one, x, 6);
	setenv("HAVEN_NOW", "2026-03-01T15:30:00Z", 1); /* two's clock is behind */
	edit_entry(two, x, 9);
	struct hv_merge_stats s;
	/* A copied file shares its device id, so this is also the case of
	 * the same counts and other content. */
	merge(one, two, &s);
	assert_int_equal(s.conflicts, 1);
	const char *copy = json_string_value(json_object_get(json_array_get(s.report, 0), "copy"));
	struct hv_record r;
	struct hv_error err;
	assert_int_equal(hv_store_get(one, copy, NULL, &r, &err), 0);
	assert_int_equal(json_integer_value(json_object_get(r.body, "intensity")), 9);
	hv_record_release(&r);
	json_decref(s.report);
	hv_store_close(one);
	hv_store_close(two);
	unsetenv("HAVEN_NOW");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_clock_counts_on_when_behind),
	    cmocka_unit_test(test_history_from_vectors),
	    cmocka_unit_test(test_same_time_edits_converge),
	    cmocka_unit_test(test_purge_stays_purged),
	    cmocka_unit_test(test_behind_clock_edit_is_kept),
	};
	return cmocka_run_group_tests_name("merge", tests, NULL, NULL);
}
