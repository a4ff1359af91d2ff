/*
 * doctor.c — finding the entries of a database that cannot be read, and
 * setting them aside, for `haven doctor` (doctor.h).
 *
 * The walks of store.c go past a damaged entry and name it; this is where
 * a person sees them all at once and moves them out of the way.  Moved,
 * never deleted: the row goes whole, bytes as they were, into a table of
 * its own (`quarantine`, made when first needed, so the schema does not
 * change), in one transaction with its removal from `records`, so that a
 * later tool, or a person with sqlite3, can still try to rescue it.
 */
#include "doctor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "vault-private.h"
#include "vault.h"

int hv_doctor_file_check(struct hv_store *st, char *result, size_t n, struct hv_error *err)
{
	sqlite3_stmt *s;
	/* quick_check reads every page, as integrity_check does, without the
	 * index cross-checks that make that one slow on a large journal. */
	if (hv_store_prepare(st, "PRAGMA quick_check(20)", &s, err) < 0)
		return -1;
	size_t at = 0;
	int rc, ok = 1;
	result[0] = '\0';
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(s, 0);
		if (line && strcmp(line, "ok") == 0)
			continue;
		ok = 0;
		if (at + 3 < n)
			at += (size_t)snprintf(result + at, n - at, "%s%s", at ? "; " : "",
			                       line ? line : "?");
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		/* A file too damaged to check says so itself. */
		snprintf(result, n, "%s", sqlite3_errmsg(st->db));
		return 1;
	}
	return ok ? 0 : 1;
}

/* Why the row s holds cannot be read, in why; 0 when it can. */
static int row_damage(struct hv_store *st, sqlite3_stmt *s, struct hv_damaged *d)
{
	const char *id = (const char *)sqlite3_column_text(s, 1);
	const char *kind = (const char *)sqlite3_column_text(s, 2);
	d->rowid = sqlite3_column_int64(s, 0);
	snprintf(d->id, sizeof d->id, "%s", id ? id : "");
	snprintf(d->kind, sizeof d->kind, "%s", kind ? kind : "");
	if (!id || !*id || !kind || !*kind) {
		snprintf(d->why, sizeof d->why, "it has no %s", !id || !*id ? "id" : "kind");
		return 1;
	}
	int blob = sqlite3_column_type(s, 9) == SQLITE_BLOB;
	if (st->sealed) {
		struct hv_record r = {0};
		hv_store_row_record(s, 1, &r);
		struct hv_error e;
		char *text =
		    hv_vault_open_record(st, &r, blob ? sqlite3_column_blob(s, 9) : "",
		                         blob ? (size_t)sqlite3_column_bytes(s, 9) : 0, &e);
		if (!text) {
			snprintf(d->why, sizeof d->why,
			         "its sealed body does not open: it is damaged or was changed");
			return 1;
		}
		json_t *j = json_loads(text, 0, NULL);
		hv_vault_free_text(text);
		int bad = !json_is_object(j);
		json_decref(j);
		if (bad)
			snprintf(d->why, sizeof d->why, "its body opens but is not a JSON object");
		return bad;
	}
	const char *body = sqlite3_column_type(s, 9) == SQLITE_TEXT
	                       ? (const char *)sqlite3_column_text(s, 9)
	                       : NULL;
	json_error_t je;
	json_t *j = body ? json_loads(body, 0, &je) : NULL;
	int bad = !json_is_object(j);
	if (bad && !body)
		snprintf(d->why, sizeof d->why, "its body is %s, not text",
		         blob ? "binary" : "missing");
	else if (bad && !j)
		snprintf(d->why, sizeof d->why, "its body is not JSON (%.100s, at character %d)",
		         je.text, je.position);
	else if (bad)
		snprintf(d->why, sizeof d->why, "its body is JSON but not an object");
	json_decref(j);
	return bad;
}

int hv_doctor_find_damaged(struct hv_store *st, hv_damaged_fn fn, void *ctx, struct hv_error *err)
{
	if (st->sealed && !hv_vault_unlocked(st))
		return hv_fail(err, HV_EINVAL, "the vault must be unlocked to check its entries");
	sqlite3_stmt *s;
	if (hv_store_prepare(
	        st, "SELECT rowid, " HV_RECORD_COLS_SQL("") ", body FROM records ORDER BY rowid",
	        &s, err) < 0)
		return -1;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct hv_damaged d = {0};
		if (row_damage(st, s, &d) && fn(&d, ctx))
			break;
	}
	int r = hv_store_walk_end(st, s, rc, "read the entries", err);
	return r;
}

static int run(struct hv_store *st, const char *sql, int64_t rowid, const char *why,
               struct hv_error *err)
{
	sqlite3_stmt *s;
	if (hv_store_prepare(st, sql, &s, err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, rowid);
	if (why) {
		sqlite3_bind_text(s, 2, why, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 3, hv_now_ms());
	}
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : hv_store_db_fail(st, err, "set the entry aside");
}

int hv_doctor_quarantine(struct hv_store *st, const struct hv_damaged *d, struct hv_error *err)
{
	if (st->sealed)
		/* Taking a row out of a vault moves the seal over the set, which
		 * refuses to move while a row in it was changed: that is a case
		 * for `vault check` and a backup, not for moving rows. */
		return hv_fail(err, HV_EDATA,
		               "entries of a vault are not set aside: one that does not open may "
		               "have been changed on purpose. 'haven vault check' says more; "
		               "restore a backup (haven restore) to get them back");
	if (hv_store_begin(st, err) < 0)
		return -1;
	/* Columns without a declared type keep every value as it was stored:
	 * the body's bytes are kept exactly. */
	if (run(st,
	        "CREATE TABLE IF NOT EXISTS quarantine (rid INTEGER, id, kind, created_ms,"
	        " created_off, updated_ms, updated_off, version, deleted, body, why TEXT,"
	        " moved_ms INTEGER)",
	        0, NULL, err) < 0 ||
	    run(st,
	        "INSERT INTO quarantine SELECT rowid, id, kind, created_ms, created_off,"
	        " updated_ms, updated_off, version, deleted, body, ?2, ?3 FROM records"
	        " WHERE rowid = ?1",
	        d->rowid, d->why, err) < 0 ||
	    run(st, "DELETE FROM facts WHERE rid = ?1", d->rowid, NULL, err) < 0 ||
	    run(st, "DELETE FROM records WHERE rowid = ?1", d->rowid, NULL, err) < 0) {
		hv_store_rollback(st);
		return -1;
	}
	return hv_store_commit(st, err);
}

int hv_doctor_quarantined(struct hv_store *st, int64_t *n, struct hv_error *err)
{
	*n = 0;
	sqlite3_stmt *s;
	if (hv_store_prepare(st,
	                     "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND"
	                     " name = 'quarantine'",
	                     &s, err) < 0)
		return -1;
	int have = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) > 0;
	sqlite3_finalize(s);
	if (!have)
		return 0;
	if (hv_store_prepare(st, "SELECT count(*) FROM quarantine", &s, err) < 0)
		return -1;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : hv_store_db_fail(st, err, "count the entries set aside");
}
