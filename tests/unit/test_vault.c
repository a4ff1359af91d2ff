/*
 * test_vault.c — encryption at rest: boxes that refuse other associated
 * data, flipped and cut bytes; a store sealed, read through every path
 * (records, scan, tally, facts), locked on reopen, refused with a wrong
 * passphrase, re-keyed and opened back; the facts cache sealed (no clear
 * text, a changed, moved or planted row never trusted and reported by
 * vault check), kept through enable and change; an enable that fails halfway
 * leaves the database exactly as it was; a salt cut short is damage.  The
 * seal over the set of entries is test_vault_set.c's, sealed backup files
 * test_vault_backup.c's.
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
#include <sodium.h>

#include "chat/chatlog.h"
#include "core/record.h"
#include "core/store.h"
#include "core/vault.h"
#include "store-fixture.h"
#include "vault-fixture.h"

static unsigned char *test_key(void)
{
	struct hv_kdf k;
	struct hv_error err;
	unsigned char *key = hv_key_new(PASS, strlen(PASS), &k, &err);
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
	assert_int_equal(hv_store_tally(st, "trigger", 0, "$.triggers", tally_work, &work, &err),
	                 0);
	assert_int_equal(work, 3);
	sum = 0;
	assert_int_equal(hv_store_scan_facts(st, "trigger", 0, derive, sum_facts, &sum, &err), 0);
	assert_true(sum == 15);
}

static void note_bad_kind(const char *id, const char *kind, void *ctx)
{
	(void)id;
	json_array_append_new(ctx, json_string(kind));
}

static void test_store_vault(void **state)
{
	(void)state;
	const char *db = "vault-a.db";
	struct hv_store *st = fixture_store(db);
	struct hv_error err;
	char a[HV_ID_LEN + 1], b[HV_ID_LEN + 1], c[HV_ID_LEN + 1];
	add(st, 4, "marmalade words", a);
	add(st, 5, "second", b);
	add(st, 6, "third", c);
	assert_int_equal(
	    hv_chatlog_text_put(st, "chat-1", 20000, 42, 0, "kept chat words", 15, &err), 0);
	check_reads(st); /* fills the facts cache */
	assert_true(sql_count(db, "SELECT count(*) FROM facts") > 0);
	assert_false(hv_vault_on(st));
	assert_int_equal(hv_vault_enable(st, PASS, strlen(PASS), &err), 0);
	assert_true(hv_vault_on(st));
	assert_int_equal(sql_count(db, "SELECT count(*) FROM records WHERE typeof(body) = 'blob'"),
	                 3);
	assert_int_equal(
	    sql_count(db, "SELECT count(*) FROM chat_texts WHERE typeof(text) = 'blob'"), 1);
	/* the cache is sealed with the bodies, not dropped */
	assert_int_equal(sql_count(db, "SELECT count(*) FROM facts WHERE typeof(tags) = 'blob'"),
	                 3);
	check_reads(st);
	assert_int_equal(sql_count(db, "SELECT count(*) FROM facts WHERE typeof(tags) = 'blob' AND "
	                               "a IS NULL AND b IS NULL AND bits = 0"),
	                 3);
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
	enum hv_set_state set;
	assert_int_equal(hv_vault_verify(st, &checked, &set, note_bad, bad, &err), 0);
	assert_int_equal(checked, 4); /* three records and the kept chat words */
	assert_int_equal(json_array_size(bad), 0);
	assert_int_equal(set, HV_SET_OK);
	json_decref(bad);
	/* words chat seals itself open under the associated data chat's schema
	 * gives the vault (src/chat/schema.c), and a moved row does not */
	assert_int_equal(
	    hv_chatlog_text_put(st, "chat-2", 20001, 7, 1, "sealed as written", 17, &err), 0);
	bad = json_array();
	assert_int_equal(hv_vault_verify(st, &checked, &set, note_bad, bad, &err), 0);
	assert_int_equal(checked, 5);
	assert_int_equal(json_array_size(bad), 0);
	exec_on(db, "UPDATE chat_texts SET day = day + 1 WHERE chat = 'chat-2'");
	assert_int_equal(hv_vault_verify(st, &checked, &set, note_bad, bad, &err), 0);
	assert_int_equal(json_array_size(bad), 1);
	assert_string_equal(json_string_value(json_array_get(bad, 0)), "chat-2");
	assert_int_equal(hv_vault_verify(st, &checked, &set, note_bad_kind, bad, &err), 0);
	assert_string_equal(json_string_value(json_array_get(bad, 1)), "chat message");
	exec_on(db, "UPDATE chat_texts SET day = day - 1 WHERE chat = 'chat-2'");
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
	assert_int_equal(sql_count(db, "SELECT count(*) FROM records WHERE typeof(body) = 'text'"),
	                 3);
	assert_int_equal(
	    sql_count(db, "SELECT count(*) FROM chat_texts WHERE text = 'kept chat words'"), 1);
	assert_int_equal(
	    sql_count(db, "SELECT count(*) FROM chat_texts WHERE text = 'sealed as written'"), 1);
	assert_int_equal(sql_count(db, "SELECT count(*) FROM meta WHERE key LIKE 'vault%'"), 0);
	fixture_remove(db);
}

/* The kind of each bad one, to tell cached facts from entries. */
static void test_tamper_reported_by_id(void **state)
{
	(void)state;
	const char *db = "vault-b.db";
	struct hv_store *st = fixture_store(db);
	struct hv_error err;
	char a[HV_ID_LEN + 1], b[HV_ID_LEN + 1], c[HV_ID_LEN + 1];
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
	enum hv_set_state set;
	assert_int_equal(hv_vault_verify(st, &checked, &set, note_bad, bad, &err), 0);
	assert_int_equal(checked, 3);
	assert_int_equal(json_array_size(bad), 2);
	assert_int_equal(set, HV_SET_MISMATCH); /* the rows are not as sealed either */
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
	fixture_remove(db);
}

/* Facts that carry the entry's words, to look for them in the file. */
static int derive_words(const json_t *body, struct hv_facts *f)
{
	f->a = (double)json_integer_value(json_object_get(body, "intensity"));
	f->bits = 5;
	snprintf(f->tags, sizeof f->tags, "%s", json_string_value(json_object_get(body, "what")));
	return 0;
}

struct facts_seen {
	double sum;
	int rows, words;
};

static int see_facts(int64_t ms, int off, const struct hv_facts *f, void *ctx)
{
	struct facts_seen *seen = ctx;
	seen->sum += f->a;
	seen->rows++;
	seen->words += f->bits == 5 && strstr(f->tags, "-words") != NULL;
	return 0;
}

/* The facts walk must give the true answer however the cache was spoiled. */
static void facts_right(struct hv_store *st)
{
	struct hv_error err;
	struct facts_seen seen = {0};
	assert_int_equal(
	    hv_store_scan_facts(st, "trigger", 0, derive_words, see_facts, &seen, &err), 0);
	assert_true(seen.sum == 15);
	assert_int_equal(seen.rows, 3);
	assert_int_equal(seen.words, 3);
}

/* Whether the file holds text anywhere, as bytes (pages, free space). */
static int file_holds(const char *path, const char *text)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	static char buf[1 << 20];
	size_t n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	return memmem(buf, n, text, strlen(text)) != NULL;
}

static size_t verify_facts_bad(struct hv_store *st, json_t *bad)
{
	struct hv_error err;
	int64_t checked;
	enum hv_set_state set;
	json_array_clear(bad);
	assert_int_equal(hv_vault_verify(st, &checked, &set, note_bad_kind, bad, &err), 0);
	assert_int_equal(checked, 3); /* facts rows are not counted as entries */
	assert_int_equal(set, HV_SET_OK);
	size_t i, n = 0;
	json_t *one;
	json_array_foreach(bad, i, one) n += strcmp(json_string_value(one), "facts") == 0;
	assert_int_equal(n, json_array_size(bad)); /* only cache rows were bad */
	return n;
}

static void test_sealed_facts(void **state)
{
	(void)state;
	const char *db = "vault-f.db";
	struct hv_store *st = fixture_store(db);
	struct hv_error err;
	char a[HV_ID_LEN + 1], b[HV_ID_LEN + 1], c[HV_ID_LEN + 1], sql[512];
	add(st, 4, "quince-words", a);
	add(st, 5, "zither-words", b);
	add(st, 6, "bassoon-words", c);
	facts_right(st); /* fills the cache in clear */
	assert_int_equal(sql_count(db, "SELECT count(*) FROM facts WHERE tags LIKE '%-words'"), 3);
	assert_int_equal(hv_vault_enable(st, PASS, strlen(PASS), &err), 0);

	/* enable sealed the rows it had: no value in clear, none of the words */
	assert_int_equal(sql_count(db, "SELECT count(*) FROM facts WHERE typeof(tags) = 'blob' AND "
	                               "a IS NULL AND b IS NULL AND bits = 0"),
	                 3);
	assert_int_equal(sql_count(db, "SELECT count(*) FROM facts WHERE instr(tags, "
	                               "CAST('words' AS BLOB)) > 0"),
	                 0);
	assert_false(file_holds(db, "zither"));
	facts_right(st);
	json_t *bad = json_array();
	assert_int_equal(verify_facts_bad(st, bad), 0);
	hv_store_close(st);

	/* the cache is what answers: a body spoiled after its facts were sealed
	 * is not even opened (its facts were made from it as haven wrote it) */
	snprintf(sql, sizeof sql,
	         "UPDATE records SET body = CAST(substr(body, 1, 30) || X'00' || substr(body, 32) "
	         "AS BLOB) WHERE id = '%s'",
	         a);
	exec_on(db, "CREATE TABLE keep AS SELECT id, body FROM records");
	exec_on(db, sql);
	assert_int_equal(hv_store_open(&st, db, &err), 0);
	assert_int_equal(hv_vault_unlock(st, PASS, strlen(PASS), &err), 0);
	facts_right(st);
	hv_store_close(st);
	exec_on(db, "UPDATE records SET body = (SELECT body FROM keep WHERE keep.id = records.id);"
	            "DROP TABLE keep");

	/* a flipped byte in one box, two boxes swapped, values planted in clear:
	 * each is reported by vault check, never trusted, and sealed again */
	snprintf(
	    sql, sizeof sql,
	    "UPDATE facts SET tags = CAST(substr(tags, 1, 40) || CASE WHEN substr(tags, 41, 1) "
	    "= X'41' THEN X'42' ELSE X'41' END || substr(tags, 42) AS BLOB) WHERE id = '%s'",
	    a);
	exec_on(db, sql);
	assert_int_equal(hv_store_open(&st, db, &err), 0);
	assert_int_equal(hv_vault_unlock(st, PASS, strlen(PASS), &err), 0);
	assert_int_equal(verify_facts_bad(st, bad), 1);
	facts_right(st);
	assert_int_equal(verify_facts_bad(st, bad), 0); /* the walk sealed it again */
	hv_store_close(st);

	snprintf(sql, sizeof sql,
	         "CREATE TEMP TABLE s AS SELECT id, tags FROM facts;"
	         "UPDATE facts SET tags = (SELECT tags FROM s WHERE s.id = CASE facts.id"
	         " WHEN '%s' THEN '%s' ELSE '%s' END) WHERE id IN ('%s', '%s')",
	         b, c, b, b, c);
	exec_on(db, sql);
	snprintf(sql, sizeof sql,
	         "UPDATE facts SET a = 99, bits = 5, tags = 'planted-words' WHERE id = '%s'", a);
	exec_on(db, sql);
	assert_int_equal(hv_store_open(&st, db, &err), 0);
	assert_int_equal(hv_vault_unlock(st, PASS, strlen(PASS), &err), 0);
	assert_int_equal(verify_facts_bad(st, bad), 3);
	facts_right(st); /* 99 would make the sum 110 */
	assert_int_equal(verify_facts_bad(st, bad), 0);
	assert_int_equal(sql_count(db, "SELECT count(*) FROM facts WHERE typeof(tags) = 'blob' AND "
	                               "a IS NULL"),
	                 3);

	/* an edit makes its row stale; the walk seals a new one for the new version */
	struct hv_record r;
	assert_int_equal(hv_store_get(st, b, NULL, &r, &err), 0);
	json_object_set_new(r.body, "intensity", json_integer(5));
	assert_int_equal(hv_store_update(st, &r, &err), 0);
	hv_record_release(&r);
	facts_right(st);
	assert_int_equal(verify_facts_bad(st, bad), 0);

	/* change keeps the cache, re-sealed under the new key */
	assert_int_equal(hv_vault_change(st, OTHER, strlen(OTHER), &err), 0);
	hv_store_close(st);
	assert_int_equal(sql_count(db, "SELECT count(*) FROM facts WHERE typeof(tags) = 'blob'"),
	                 3);
	assert_int_equal(hv_store_open(&st, db, &err), 0);
	assert_int_equal(hv_vault_unlock(st, OTHER, strlen(OTHER), &err), 0);
	assert_int_equal(verify_facts_bad(st, bad), 0);
	facts_right(st);
	/* disable drops the sealed rows; the next walk derives them in clear */
	assert_int_equal(hv_vault_disable(st, &err), 0);
	assert_int_equal(sql_count(db, "SELECT count(*) FROM facts"), 0);
	facts_right(st);
	assert_int_equal(sql_count(db, "SELECT count(*) FROM facts WHERE tags LIKE '%-words'"), 3);
	hv_store_close(st);
	json_decref(bad);
	fixture_remove(db);
}

/* A fault halfway through enable (a body it cannot seal) rolls back whole. */
static void test_enable_all_or_nothing(void **state)
{
	(void)state;
	const char *db = "vault-c.db";
	struct hv_store *st = fixture_store(db);
	struct hv_error err;
	char id[HV_ID_LEN + 1];
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
	assert_int_equal(sql_count(db, "SELECT count(*) FROM records WHERE typeof(body) = 'text'"),
	                 49);
	assert_int_equal(sql_count(db, "SELECT count(*) FROM meta WHERE key LIKE 'vault%'"), 0);
	fixture_remove(db);
}

/* A salt cut short is a damaged vault, said so, before any key is made or
 * looked for in the keyring. */
static void test_salt_cut_short(void **state)
{
	(void)state;
	const char *db = "vault-salt.db";
	struct hv_store *st = fixture_store(db);
	struct hv_error err;
	assert_int_equal(hv_vault_enable(st, PASS, strlen(PASS), &err), 0);
	hv_store_close(st);
	/* eight bytes where sixteen belong */
	exec_on(db, "UPDATE meta SET value = 'AAAAAAAAAAA=' WHERE key = 'vault_salt'");
	st = fixture_open(db);
	assert_int_equal(hv_vault_unlock(st, PASS, strlen(PASS), &err), -1);
	assert_int_equal(err.code, HV_ECORRUPT);
	assert_non_null(strstr(err.msg, "damaged (salt)"));
	assert_int_equal(hv_vault_release(st, &err), -1);
	assert_non_null(strstr(err.msg, "damaged (salt)"));
	hv_store_close(st);
	fixture_remove(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_box),
	    cmocka_unit_test(test_store_vault),
	    cmocka_unit_test(test_tamper_reported_by_id),
	    cmocka_unit_test(test_enable_all_or_nothing),
	    cmocka_unit_test(test_salt_cut_short),
	    cmocka_unit_test(test_sealed_facts),
	};
	return cmocka_run_group_tests(tests, vault_setup, NULL);
}
