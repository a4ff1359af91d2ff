/*
 * test_vault.c — encryption at rest: boxes that refuse other associated
 * data, flipped and cut bytes; a store sealed, read through every path
 * (records, scan, tally, facts), locked on reopen, refused with a wrong
 * passphrase, re-keyed and opened back; the facts cache sealed (no clear
 * text, a changed, moved or planted row never trusted and reported by
 * vault check), kept through enable and change; an enable that fails halfway
 * leaves the database exactly as it was; sealed backup files round-trip
 * and refuse a wrong passphrase and a cut end.
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
#include "transfer/backup.h"

#define PASS  "correct horse battery"
#define OTHER "another passphrase"

static int setup(void **state)
{
	(void)state;
	setenv("HAVEN_TEST_KDF_FAST", "1", 1);
	return 0;
}

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
	assert_int_equal(hv_store_tally(st, "trigger", 0, "$.triggers", tally_work, &work, &err),
	                 0);
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

static void exec_on(const char *db, const char *sql)
{
	sqlite3 *h;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
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

static void copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	assert_non_null(in);
	assert_non_null(out);
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	fclose(out);
}

/* Open db (unlocked with PASS) and compare its set with the seal. */
static enum hv_set_state set_of(const char *db, size_t *nbad)
{
	struct hv_store *st;
	struct hv_error err;
	assert_int_equal(hv_store_open(&st, db, &err), 0);
	assert_int_equal(hv_vault_unlock(st, PASS, strlen(PASS), &err), 0);
	json_t *bad = json_array();
	int64_t checked;
	enum hv_set_state set;
	assert_int_equal(hv_vault_verify(st, &checked, &set, note_bad, bad, &err), 0);
	*nbad = json_array_size(bad);
	json_decref(bad);
	hv_store_close(st);
	return set;
}

/* Whether entry id of db opens (1) or is refused as damaged (0). */
static int opens(const char *db, const char *id)
{
	struct hv_store *st;
	struct hv_error err;
	struct hv_record r;
	assert_int_equal(hv_store_open(&st, db, &err), 0);
	assert_int_equal(hv_vault_unlock(st, PASS, strlen(PASS), &err), 0);
	int rc = hv_store_get(st, id, NULL, &r, &err);
	if (rc == 0)
		hv_record_release(&r);
	else
		assert_int_equal(err.code, HV_ECORRUPT);
	hv_store_close(st);
	return rc == 0;
}

/*
 * Issue 13, item 4: a whole row put back as it was (body, version, times),
 * a flipped deleted flag, a moved created time and a removed row were all
 * unnoticed.  The flag and the time now make the body refuse to open, and
 * every one of the four makes the set differ from its seal.
 */
static void test_set_sealed(void **state)
{
	(void)state;
	const char *db = "vault-d.db", *t = "vault-d-t.db";
	struct hv_store *st = fixture_store(db);
	struct hv_error err;
	char a[HV_ID_LEN + 1], b[HV_ID_LEN + 1], c[HV_ID_LEN + 1], d[HV_ID_LEN + 1];
	add(st, 4, "one", a);
	add(st, 5, "two", b);
	add(st, 6, "three", c);
	add(st, 7, "four", d);
	assert_int_equal(hv_vault_enable(st, PASS, strlen(PASS), &err), 0);
	hv_store_close(st);
	copy_file(db, "vault-d-old.db");
	/* a is edited after the copy was taken */
	assert_int_equal(hv_store_open(&st, db, &err), 0);
	assert_int_equal(hv_vault_unlock(st, PASS, strlen(PASS), &err), 0);
	struct hv_record r;
	assert_int_equal(hv_store_get(st, a, NULL, &r, &err), 0);
	json_object_set_new(r.body, "what", json_string("one, edited"));
	assert_int_equal(hv_store_update(st, &r, &err), 0);
	hv_record_release(&r);
	hv_store_close(st);
	size_t nbad;
	assert_int_equal(set_of(db, &nbad), HV_SET_OK);
	assert_int_equal(nbad, 0);

	char sql[512];
	/* a rolled back whole: every column of its row from the old copy */
	fixture_remove(t);
	copy_file(db, t);
	snprintf(sql, sizeof sql,
	         "ATTACH 'vault-d-old.db' AS old; DELETE FROM records WHERE id = '%s';"
	         "INSERT INTO records SELECT * FROM old.records WHERE id = '%s'",
	         a, a);
	exec_on(t, sql);
	assert_true(opens(t, a)); /* its old box is genuine for its old fields */
	assert_int_equal(set_of(t, &nbad), HV_SET_MISMATCH);
	/* b's deleted flag flipped */
	fixture_remove(t);
	copy_file(db, t);
	snprintf(sql, sizeof sql, "UPDATE records SET deleted = 1 WHERE id = '%s'", b);
	exec_on(t, sql);
	assert_false(opens(t, b));
	assert_int_equal(set_of(t, &nbad), HV_SET_MISMATCH);
	assert_int_equal(nbad, 1);
	/* c's created time moved */
	fixture_remove(t);
	copy_file(db, t);
	snprintf(sql, sizeof sql,
	         "UPDATE records SET created_ms = created_ms - 86400000 WHERE id = '%s'", c);
	exec_on(t, sql);
	assert_false(opens(t, c));
	assert_int_equal(set_of(t, &nbad), HV_SET_MISMATCH);
	/* d removed */
	fixture_remove(t);
	copy_file(db, t);
	snprintf(sql, sizeof sql, "DELETE FROM records WHERE id = '%s'", d);
	exec_on(t, sql);
	assert_int_equal(set_of(t, &nbad), HV_SET_MISMATCH);
	assert_int_equal(nbad, 0);
	/* the seal removed: not taken for an older vault, and no write goes on */
	fixture_remove(t);
	copy_file(db, t);
	exec_on(t, "DELETE FROM meta WHERE key = 'vault_sum'");
	assert_int_equal(set_of(t, &nbad), HV_SET_MISSING);
	assert_int_equal(hv_store_open(&st, t, &err), 0);
	assert_int_equal(hv_vault_unlock(st, PASS, strlen(PASS), &err), 0);
	char id[HV_ID_LEN + 1];
	assert_int_equal(hv_record_new(&r, "trigger", &err), 0);
	snprintf(id, sizeof id, "%s", r.id);
	assert_int_equal(hv_store_insert(st, &r, &err), -1);
	assert_int_equal(err.code, HV_ECORRUPT);
	hv_record_release(&r);
	/* nor a change of passphrase or a disable, which would hide it for good */
	assert_int_equal(hv_vault_change(st, OTHER, strlen(OTHER), &err), -1);
	assert_non_null(strstr(err.msg, "seal over the set"));
	assert_int_equal(hv_vault_disable(st, &err), -1);
	hv_store_close(st);
	assert_int_equal(sql_count(t, "SELECT count(*) FROM records"), 4);
	fixture_remove(t);
	fixture_remove(db);
	fixture_remove("vault-d-old.db");
}

/* Every way of writing a record keeps the seal right, a rollback too. */
static void test_set_follows_writes(void **state)
{
	(void)state;
	const char *db = "vault-e.db";
	struct hv_store *st = fixture_store(db);
	struct hv_error err;
	char a[HV_ID_LEN + 1], b[HV_ID_LEN + 1], c[HV_ID_LEN + 1];
	add(st, 4, "one", a);
	assert_int_equal(hv_vault_enable(st, PASS, strlen(PASS), &err), 0);
	add(st, 5, "two", b);
	add(st, 6, "three", c);
	struct hv_record r;
	assert_int_equal(hv_store_get(st, b, NULL, &r, &err), 0);
	assert_int_equal(hv_store_set_deleted(st, &r, 1, &err), 0);
	/* an upsert from elsewhere, later: replaces; and a new one: added */
	r.updated_ms += 1000;
	r.version += 3;
	enum hv_upsert what;
	assert_int_equal(hv_store_upsert(st, &r, &what, NULL, &err), 0);
	assert_int_equal(what, HV_UPSERT_UPDATED);
	hv_uuid_new(r.id);
	assert_int_equal(hv_store_upsert(st, &r, &what, NULL, &err), 0);
	assert_int_equal(what, HV_UPSERT_ADDED);
	hv_record_release(&r);
	assert_int_equal(hv_store_purge(st, c, &err), 0);
	/* writes inside a transaction that is rolled back leave no trace */
	assert_int_equal(hv_store_begin(st, &err), 0);
	char x[HV_ID_LEN + 1];
	add(st, 9, "rolled back", x);
	assert_int_equal(hv_store_purge(st, a, &err), 0);
	hv_store_rollback(st);
	/* and a refused write leaves the seal as it was */
	assert_int_equal(hv_store_purge(st, "00000000-0000-4000-8000-000000000000", &err), -1);
	assert_int_equal(err.code, HV_ENOTFOUND);
	hv_store_close(st);
	size_t nbad;
	assert_int_equal(set_of(db, &nbad), HV_SET_OK);
	assert_int_equal(sql_count(db, "SELECT count(*) FROM records"), 3);
	/* change keeps it right under the new key; disable drops it */
	assert_int_equal(hv_store_open(&st, db, &err), 0);
	assert_int_equal(hv_vault_unlock(st, PASS, strlen(PASS), &err), 0);
	assert_int_equal(hv_vault_change(st, PASS, strlen(PASS), &err), 0);
	hv_store_close(st);
	assert_int_equal(set_of(db, &nbad), HV_SET_OK);
	fixture_remove(db);
}

/* A key for db's vault, from the settings it keeps. */
static unsigned char *key_of(const char *db)
{
	sqlite3 *h;
	sqlite3_stmt *s;
	struct hv_kdf k;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(
	    sqlite3_prepare_v2(h,
	                       "SELECT (SELECT value FROM meta WHERE key = 'vault_ops'),"
	                       " (SELECT value FROM meta WHERE key = 'vault_mem'),"
	                       " (SELECT value FROM meta WHERE key = 'vault_salt')",
	                       -1, &s, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	k.ops = (uint64_t)sqlite3_column_int64(s, 0);
	k.mem = (uint64_t)sqlite3_column_int64(s, 1);
	size_t len;
	const char *salt = (const char *)sqlite3_column_text(s, 2);
	assert_int_equal(sodium_base642bin(k.salt, sizeof k.salt, salt, strlen(salt), NULL, &len,
	                                   NULL, sodium_base64_VARIANT_ORIGINAL),
	                 0);
	sqlite3_finalize(s);
	sqlite3_close(h);
	struct hv_error err;
	unsigned char *key = hv_key_derive(PASS, strlen(PASS), &k, &err);
	assert_non_null(key);
	return key;
}

/* Put a box of the first format (bound to id, kind, version) in place of
 * row id's body, or of the check value. */
static void plant_old_box(const char *db, const unsigned char *key, const char *id,
                          const char *text)
{
	char ad[128], sql[256];
	if (id)
		snprintf(ad, sizeof ad, "record|%s|trigger|1", id);
	else
		snprintf(ad, sizeof ad, "vault-check");
	unsigned char *box;
	size_t n;
	assert_int_equal(hv_seal(key, text, strlen(text), ad, &box, &n), 0);
	box[0] = 1;
	if (id)
		snprintf(sql, sizeof sql, "UPDATE records SET body = ?1 WHERE id = '%s'", id);
	else
		snprintf(sql, sizeof sql, "UPDATE meta SET value = ?1 WHERE key = 'vault_check'");
	sqlite3 *h;
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &s, NULL), SQLITE_OK);
	if (id) {
		sqlite3_bind_blob(s, 1, box, (int)n, SQLITE_TRANSIENT);
	} else {
		char b64[256];
		sodium_bin2base64(b64, sizeof b64, box, n, sodium_base64_VARIANT_ORIGINAL);
		sqlite3_bind_text(s, 1, b64, -1, SQLITE_TRANSIENT);
	}
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
	sqlite3_close(h);
	free(box);
}

/* A vault an older haven made (boxes of the first format, no seal over the
 * set) still opens; its first write gives it a seal, from then on kept. */
static void test_old_vault(void **state)
{
	(void)state;
	const char *db = "vault-f.db";
	struct hv_store *st = fixture_store(db);
	struct hv_error err;
	char a[HV_ID_LEN + 1], b[HV_ID_LEN + 1];
	add(st, 4, "one", a);
	add(st, 5, "two", b);
	assert_int_equal(hv_vault_enable(st, PASS, strlen(PASS), &err), 0);
	hv_store_close(st);
	unsigned char *key = key_of(db);
	plant_old_box(db, key, a, "{\"intensity\":4,\"triggers\":[\"work\"],\"what\":\"one\"}");
	plant_old_box(db, key, b, "{\"intensity\":5,\"triggers\":[\"work\"],\"what\":\"two\"}");
	plant_old_box(db, key, NULL, "haven vault key check 1");
	hv_key_free(key);
	exec_on(db, "DELETE FROM meta WHERE key = 'vault_sum'");
	size_t nbad;
	assert_int_equal(set_of(db, &nbad), HV_SET_NONE_YET);
	assert_int_equal(nbad, 0);
	assert_true(opens(db, a));
	/* the first write seals the set as it stands and re-seals what it wrote */
	assert_int_equal(hv_store_open(&st, db, &err), 0);
	assert_int_equal(hv_vault_unlock(st, PASS, strlen(PASS), &err), 0);
	struct hv_record r;
	assert_int_equal(hv_store_get(st, a, NULL, &r, &err), 0);
	assert_string_equal(json_string_value(json_object_get(r.body, "what")), "one");
	assert_int_equal(hv_store_update(st, &r, &err), 0);
	hv_record_release(&r);
	hv_store_close(st);
	assert_int_equal(set_of(db, &nbad), HV_SET_OK);
	assert_int_equal(nbad, 0);
	assert_int_equal(
	    sql_count(db, "SELECT count(*) FROM records WHERE substr(body, 1, 1) = X'01'"), 1);
	/* from now on the seal cannot be removed to pass for an older vault */
	exec_on(db, "DELETE FROM meta WHERE key = 'vault_sum'");
	assert_int_equal(set_of(db, &nbad), HV_SET_MISSING);
	fixture_remove(db);
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
	    cmocka_unit_test(test_salt_cut_short),
	    cmocka_unit_test(test_sealed_facts),
	    cmocka_unit_test(test_set_sealed),
	    cmocka_unit_test(test_set_follows_writes),
	    cmocka_unit_test(test_old_vault),
	    cmocka_unit_test(test_backup_file),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
