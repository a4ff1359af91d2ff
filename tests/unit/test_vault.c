/*
 * test_vault.c — encryption at rest: boxes that refuse other associated
 * data, flipped and cut bytes; a store sealed, read through every path
 * (records, scan, tally, facts), locked on reopen, refused with a wrong
 * passphrase, re-keyed and opened back; an enable that fails halfway
 * leaves the database exactly as it was; sealed backup files round-trip
 * and refuse a wrong passphrase and a cut end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/chatlog.h"
#include "core/record.h"
#include "core/store.h"
#include "core/vault.h"
#include "transfer/backup.h"

#define PASS  "correct horse battery"
#define OTHER "another passphrase"

static int setup(void **state)
{
	(void)state;
	setenv("HAVEN_TEST_KDF_FAST", "1", 1);
	return 0;
}

static void remove_db(const char *name)
{
	char buf[256];
	unlink(name);
	snprintf(buf, sizeof buf, "%s-wal", name);
	unlink(buf);
	snprintf(buf, sizeof buf, "%s-shm", name);
	unlink(buf);
}

static unsigned char *test_key(void)
{
	struct hv_kdf k;
	struct hv_error err;
	hv_kdf_new(&k);
	unsigned char *key = hv_key_derive(PASS, strlen(PASS), &k, &err);
	assert_non_null(key);
	return key;
}

static void test_box(void **state)
{
	(void)state;
	unsigned char *key = test_key(), *box, *m;
	size_t n, mlen;
	assert_int_equal(hv_seal(key, "hello", 5, "record|a|trigger|1", &box, &n), 0);
	assert_int_equal(n, 1 + 24 + 5 + 16);
	assert_int_equal(hv_open(key, box, n, "record|a|trigger|1", &m, &mlen), 0);
	assert_int_equal(mlen, 5);
	assert_string_equal((char *)m, "hello");
	free(m);
	/* another id, kind or version: refused */
	assert_int_equal(hv_open(key, box, n, "record|b|trigger|1", &m, &mlen), -1);
	assert_int_equal(hv_open(key, box, n, "record|a|trigger|2", &m, &mlen), -1);
	/* a flipped byte anywhere, a cut end: refused */
	for (size_t i = 0; i < n; i++) {
		box[i] ^= 1;
		assert_int_equal(hv_open(key, box, n, "record|a|trigger|1", &m, &mlen), -1);
		box[i] ^= 1;
	}
	assert_int_equal(hv_open(key, box, n - 1, "record|a|trigger|1", &m, &mlen), -1);
	assert_int_equal(hv_open(key, box, 3, "record|a|trigger|1", &m, &mlen), -1);
	free(box);
	hv_key_free(key);
	/* limits no haven writes are refused before any work */
	struct hv_kdf k = {.ops = 1, .mem = (uint64_t)1 << 40};
	struct hv_error err;
	assert_int_equal(hv_kdf_check(&k, &err), -1);
}

static void add(struct hv_store *st, int intensity, const char *what, char id[HV_ID_LEN + 1])
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

static int count_rows(const struct hv_record *r, void *ctx)
{
	(void)r;
	(*(int *)ctx)++;
	return 0;
}

static int sum_scan(const struct hv_scan_row *row, void *ctx)
{
	*(double *)ctx += row->num[0];
	return 0;
}

static int tally_work(const char *value, int64_t count, void *ctx)
{
	if (strcmp(value, "work") == 0)
		*(int64_t *)ctx = count;
	return 0;
}

static int derive(const json_t *body, struct hv_facts *f)
{
	f->a = (double)json_integer_value(json_object_get(body, "intensity"));
	return 0;
}

static int sum_facts(int64_t ms, int off, const struct hv_facts *f, void *ctx)
{
	*(double *)ctx += f->a;
	return 0;
}

static int64_t sql_count(const char *db, const char *sql)
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

/* Every read path gives the same answers on a vault. */
static void check_reads(struct hv_store *st)
{
	struct hv_error err;
	struct hv_query q = {.include_deleted = 1};
	int n = 0;
	assert_int_equal(hv_store_each(st, &q, count_rows, &n, &err), 0);
	assert_int_equal(n, 3);
	const char *paths[] = {"$.intensity"};
	double sum = 0;
	assert_int_equal(hv_store_scan(st, "trigger", 0, paths, 1, sum_scan, &sum, &err), 0);
	assert_true(sum == 15);
	int64_t work = 0;
	assert_int_equal(hv_store_tally(st, "trigger", 0, "$.triggers", tally_work, &work, &err), 0);
	assert_int_equal(work, 3);
	sum = 0;
	assert_int_equal(hv_store_scan_facts(st, "trigger", 0, derive, sum_facts, &sum, &err), 0);
	assert_true(sum == 15);
}

static void note_bad(const char *id, const char *kind, void *ctx)
{
	(void)kind;
	json_array_append_new(ctx, json_string(id));
}

static void test_store_vault(void **state)
{
	(void)state;
	const char *db = "vault-a.db";
	remove_db(db);
	struct hv_store *st;
	struct hv_error err;
	char a[HV_ID_LEN + 1], b[HV_ID_LEN + 1], c[HV_ID_LEN + 1];
	assert_int_equal(hv_store_open(&st, db, &err), 0);
	add(st, 4, "marmalade words", a);
	add(st, 5, "second", b);
	add(st, 6, "third", c);
	assert_int_equal(hv_chatlog_text_put(st, "chat-1", 20000, 42, 0, "kept chat words", 15, &err), 0);
	check_reads(st); /* fills the facts cache */
	assert_true(sql_count(db, "SELECT count(*) FROM facts") > 0);
	assert_false(hv_vault_on(st));
	assert_int_equal(hv_vault_enable(st, PASS, strlen(PASS), &err), 0);
	assert_true(hv_vault_on(st));
	assert_int_equal(sql_count(db, "SELECT count(*) FROM records WHERE typeof(body) = 'blob'"), 3);
	assert_int_equal(sql_count(db, "SELECT count(*) FROM chat_texts WHERE typeof(text) = 'blob'"), 1);
	assert_int_equal(sql_count(db, "SELECT count(*) FROM facts"), 0);
	check_reads(st);
	assert_int_equal(sql_count(db, "SELECT count(*) FROM facts"), 0); /* never written */
	/* an update is sealed for its new version */
	struct hv_record r;
	assert_int_equal(hv_store_get(st, a, NULL, &r, &err), 0);
	assert_string_equal(json_string_value(json_object_get(r.body, "what")), "marmalade words");
	assert_int_equal(hv_store_update(st, &r, &err), 0);
	hv_record_release(&r);
	assert_int_equal(hv_store_get(st, a, NULL, &r, &err), 0);
	assert_int_equal(r.version, 2);
	hv_record_release(&r);
	hv_store_close(st);

	/* reopened: locked until the right passphrase */
	assert_int_equal(hv_store_open(&st, db, &err), 0);
	assert_true(hv_vault_on(st));
	assert_false(hv_vault_unlocked(st));
	int n = 0;
	struct hv_query q = {0};
	assert_int_equal(hv_store_each(st, &q, count_rows, &n, &err), -1);
	assert_int_equal(hv_vault_unlock(st, OTHER, strlen(OTHER), &err), -1);
	assert_int_equal(err.code, HV_EDATA);
	assert_false(hv_vault_unlocked(st));
	assert_int_equal(hv_vault_unlock(st, PASS, strlen(PASS), &err), 0);
	check_reads(st);
	json_t *bad = json_array();
	int64_t checked;
	assert_int_equal(hv_vault_verify(st, &checked, note_bad, bad, &err), 0);
	assert_int_equal(checked, 4); /* three records and the kept chat words */
	assert_int_equal(json_array_size(bad), 0);
	json_decref(bad);
	/* change, then disable: clear text again, the same bodies */
	assert_int_equal(hv_vault_change(st, OTHER, strlen(OTHER), &err), 0);
	hv_store_close(st);
	assert_int_equal(hv_store_open(&st, db, &err), 0);
	assert_int_equal(hv_vault_unlock(st, PASS, strlen(PASS), &err), -1);
	assert_int_equal(hv_vault_unlock(st, OTHER, strlen(OTHER), &err), 0);
	assert_int_equal(hv_vault_disable(st, &err), 0);
	assert_false(hv_vault_on(st));
	check_reads(st);
	hv_store_close(st);
	assert_int_equal(sql_count(db, "SELECT count(*) FROM records WHERE typeof(body) = 'text'"), 3);
	assert_int_equal(sql_count(db, "SELECT count(*) FROM chat_texts WHERE text = 'kept chat words'"), 1);
	assert_int_equal(sql_count(db, "SELECT count(*) FROM meta WHERE key LIKE 'vault%'"), 0);
	remove_db(db);
}

static void exec_on(const char *db, const char *sql)
{
	sqlite3 *h;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
}

static void test_tamper_reported_by_id(void **state)
{
	(void)state;
	const char *db = "vault-b.db";
	remove_db(db);
	struct hv_store *st;
	struct hv_error err;
	char a[HV_ID_LEN + 1], b[HV_ID_LEN + 1], c[HV_ID_LEN + 1];
	assert_int_equal(hv_store_open(&st, db, &err), 0);
	add(st, 4, "one", a);
	add(st, 5, "two", b);
	add(st, 6, "three", c);
	assert_int_equal(hv_vault_enable(st, PASS, strlen(PASS), &err), 0);
	hv_store_close(st);
	char sql[512];
	/* swap the bodies of b and c */
	snprintf(sql, sizeof sql,
		 "CREATE TEMP TABLE s AS SELECT id, body FROM records;"
		 "UPDATE records SET body = (SELECT body FROM s WHERE s.id = CASE records.id"
		 " WHEN '%s' THEN '%s' ELSE '%s' END) WHERE id IN ('%s', '%s')",
		 b, c, b, b, c);
	exec_on(db, sql);
	assert_int_equal(hv_store_open(&st, db, &err), 0);
	assert_int_equal(hv_vault_unlock(st, PASS, strlen(PASS), &err), 0);
	struct hv_record r;
	assert_int_equal(hv_store_get(st, a, NULL, &r, &err), 0);
	hv_record_release(&r);
	assert_int_equal(hv_store_get(st, b, NULL, &r, &err), -1);
	assert_int_equal(err.code, HV_ECORRUPT);
	assert_non_null(strstr(err.msg, b));
	assert_null(r.body);
	json_t *bad = json_array();
	int64_t checked;
	assert_int_equal(hv_vault_verify(st, &checked, note_bad, bad, &err), 0);
	assert_int_equal(checked, 3);
	assert_int_equal(json_array_size(bad), 2);
	json_decref(bad);
	/* the scan through SQL reports the id as well */
	const char *paths[] = {"$.intensity"};
	double sum = 0;
	assert_int_equal(hv_store_scan(st, "trigger", 0, paths, 1, sum_scan, &sum, &err), -1);
	assert_int_equal(err.code, HV_ECORRUPT);
	assert_true(strstr(err.msg, b) || strstr(err.msg, c));
	/* a change refuses to re-seal what it cannot open, and changes nothing */
	assert_int_equal(hv_vault_change(st, OTHER, strlen(OTHER), &err), -1);
	hv_store_close(st);
	assert_int_equal(hv_store_open(&st, db, &err), 0);
	assert_int_equal(hv_vault_unlock(st, PASS, strlen(PASS), &err), 0);
	hv_store_close(st);
	remove_db(db);
}

/* A fault halfway through enable (a body it cannot seal) rolls back whole. */
static void test_enable_all_or_nothing(void **state)
{
	(void)state;
	const char *db = "vault-c.db";
	remove_db(db);
	struct hv_store *st;
	struct hv_error err;
	char id[HV_ID_LEN + 1];
	assert_int_equal(hv_store_open(&st, db, &err), 0);
	for (int i = 0; i < 50; i++)
		add(st, 1 + i % 10, "an entry", id);
	hv_store_close(st);
	/* the 30th record's body is damaged: not text */
	exec_on(db, "UPDATE records SET body = X'00ff00' WHERE rowid = 30");
	assert_int_equal(hv_store_open(&st, db, &err), 0);
	assert_int_equal(hv_vault_enable(st, PASS, strlen(PASS), &err), -1);
	assert_int_equal(err.code, HV_ECORRUPT);
	assert_false(hv_vault_on(st));
	hv_store_close(st);
	assert_int_equal(sql_count(db, "SELECT count(*) FROM records WHERE typeof(body) = 'text'"), 49);
	assert_int_equal(sql_count(db, "SELECT count(*) FROM meta WHERE key LIKE 'vault%'"), 0);
	remove_db(db);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static long file_size(const char *path)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fclose(f);
	return n;
}

static void test_backup_file(void **state)
{
	(void)state;
	struct hv_error err;
	unlink("bk-in");
	unlink("bk.sealed");
	unlink("bk-out");
	unlink("bk-cut");
	/* more than one 64 KiB piece */
	char *big = malloc(200001);
	for (int i = 0; i < 200000; i++)
		big[i] = (char)('a' + i % 26);
	big[200000] = '\0';
	write_file("bk-in", big);
	assert_int_equal(hv_backup_seal("bk-in", "bk.sealed", PASS, strlen(PASS), &err), 0);
	enum hv_backup_kind kind;
	assert_int_equal(hv_backup_kind_of("bk.sealed", &kind, &err), 0);
	assert_int_equal(kind, HV_BACKUP_SEALED);
	assert_int_equal(hv_backup_open("bk.sealed", "bk-out", OTHER, strlen(OTHER), &err), -1);
	assert_int_equal(err.code, HV_EDATA);
	assert_int_equal(access("bk-out", F_OK), -1);
	assert_int_equal(hv_backup_open("bk.sealed", "bk-out", PASS, strlen(PASS), &err), 0);
	assert_int_equal(file_size("bk-out"), 200000);
	FILE *f = fopen("bk-out", "rb");
	char *back = calloc(1, 200001);
	assert_int_equal(fread(back, 1, 200000, f), 200000);
	fclose(f);
	assert_memory_equal(back, big, 200000);
	unlink("bk-out");
	/* cut at a piece boundary or inside one: refused, nothing left behind */
	long n = file_size("bk.sealed");
	long cuts[] = {n - 1, n - 17 - 4, n / 2, 80};
	for (size_t i = 0; i < sizeof cuts / sizeof *cuts; i++) {
		f = fopen("bk.sealed", "rb");
		char *buf = malloc((size_t)cuts[i]);
		assert_int_equal(fread(buf, 1, (size_t)cuts[i], f), (size_t)cuts[i]);
		fclose(f);
		f = fopen("bk-cut", "wb");
		fwrite(buf, 1, (size_t)cuts[i], f);
		fclose(f);
		free(buf);
		assert_int_equal(hv_backup_open("bk-cut", "bk-out", PASS, strlen(PASS), &err), -1);
		assert_int_equal(err.code, HV_ECORRUPT);
		assert_int_equal(access("bk-out", F_OK), -1);
	}
	free(big);
	free(back);
	unlink("bk-in");
	unlink("bk.sealed");
	unlink("bk-cut");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_box),
	    cmocka_unit_test(test_store_vault),
	    cmocka_unit_test(test_tamper_reported_by_id),
	    cmocka_unit_test(test_enable_all_or_nothing),
	    cmocka_unit_test(test_backup_file),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
