/*
 * test_vault_set.c — the vault's seal over the set of entries: a row put
 * back whole from an older copy, a flipped deleted flag, a moved created
 * time, a removed row and a removed seal are each told apart from the seal
 * (and the last refuses every write, change and disable); every way of
 * writing keeps the seal right, a rolled-back transaction too; and a vault
 * an older haven made, with boxes of the first format and no seal, still
 * opens and is sealed at its first write.  The rest of the vault is
 * test_vault.c's.
 */
#include <setjmp.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "core/record.h"
#include "core/store.h"
#include "core/vault.h"
#include "store-fixture.h"
#include "vault-fixture.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_set_sealed),
	    cmocka_unit_test(test_set_follows_writes),
	    cmocka_unit_test(test_old_vault),
	};
	return cmocka_run_group_tests(tests, vault_setup, NULL);
}
