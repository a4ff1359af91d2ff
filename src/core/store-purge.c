/*
 * store-purge.c — removing an entry for good: its row and cached facts
 * deleted, and a tombstone kept so that a merge or sync never brings it
 * back (hlc.h).  A purge runs in a transaction of its own, or a savepoint
 * inside the caller's.
 */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "dblock.h"
#include "hlc.h"
#include "outfile.h"
#include "store-private.h"
#include "vault-private.h"

/* Delete the record id and its cached facts: 1 when it was there. */
static int run_purge(struct hv_store *st, const char *id, struct hv_error *err)
{
	static const char facts_sql[] = "DELETE FROM facts WHERE id = ?1";
	static const char row_sql[] = "DELETE FROM records WHERE id = ?1";
	sqlite3_stmt *s;
	/* Its cached facts first: a purged entry leaves nothing behind. */
	if (hv_store_prepare_kept(st, facts_sql, &s, err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
	if (hv_store_step_done(st, s, "delete the entry", err) < 0)
		return -1;
	if (hv_store_prepare_kept(st, row_sql, &s, err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
	if (hv_store_step_done(st, s, "delete the entry", err) < 0)
		return -1;
	return sqlite3_changes(st->db) > 0;
}

/* One row gone; in a vault it leaves the seal over the set with it. */
static int remove_row(struct hv_store *st, const char *id, struct hv_error *err)
{
	if (!st->sealed)
		return run_purge(st, id, err);
	struct hv_set_write w;
	if (hv_vault_set_begin(st, id, &w, err) < 0)
		return -1;
	int rc = run_purge(st, id, err);
	if (hv_vault_set_end(st, id, &w, rc >= 0, err) < 0)
		return -1;
	return rc;
}

/* Entry id and every kept losing version of it gone: 1 when id was here. */
static int remove_entry(struct hv_store *st, const char *id, struct hv_error *err)
{
	int rc = remove_row(st, id, err);
	while (rc >= 0) {
		static const char sql[] = "SELECT id FROM records WHERE conflict_of = ?1 LIMIT 1";
		sqlite3_stmt *s;
		char copy[HV_ID_LEN + 1] = "";
		if (hv_store_prepare_kept(st, sql, &s, err) < 0)
			return -1;
		sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
		int got = sqlite3_step(s);
		if (got == SQLITE_ROW)
			snprintf(copy, sizeof copy, "%s", (const char *)sqlite3_column_text(s, 0));
		hv_store_done(st, s);
		if (got == SQLITE_DONE)
			break;
		if (got != SQLITE_ROW)
			return hv_store_db_fail(st, err, "read the database");
		if (remove_row(st, copy, err) < 0)
			return -1;
	}
	return rc;
}

/* Remember a purge; of two for one id, every copy keeps the same. */
static int save_tombstone(struct hv_store *st, const struct hv_tombstone *t, struct hv_error *err)
{
	static const char get_sql[] =
	    "SELECT purged_ms, purged_off, hlc_ms, hlc_n FROM tombstones WHERE id = ?1";
	static const char put_sql[] =
	    "INSERT OR REPLACE INTO tombstones (id, purged_ms, purged_off, hlc_ms, hlc_n)"
	    " VALUES (?1, ?2, ?3, ?4, ?5)";
	sqlite3_stmt *s;
	if (hv_store_prepare_kept(st, get_sql, &s, err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, t->id, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s);
	struct hv_tombstone have = {.purged_ms = sqlite3_column_int64(s, 0),
	                            .purged_off = sqlite3_column_int(s, 1),
	                            .hlc_ms = sqlite3_column_int64(s, 2),
	                            .hlc_n = sqlite3_column_int64(s, 3)};
	hv_store_done(st, s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return hv_store_db_fail(st, err, "read the database");
	if (rc == SQLITE_ROW && hv_tombstone_order(t, &have) <= 0)
		return 0;
	if (hv_store_prepare_kept(st, put_sql, &s, err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, t->id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, t->purged_ms);
	sqlite3_bind_int(s, 3, t->purged_off);
	sqlite3_bind_int64(s, 4, t->hlc_ms);
	sqlite3_bind_int64(s, 5, t->hlc_n);
	return hv_store_step_done(st, s, "remember the purge", err);
}

/* A transaction of our own, or a savepoint inside the caller's. */
static int tx_begin(struct hv_store *st, int *own, struct hv_error *err)
{
	*own = sqlite3_get_autocommit(st->db);
	return hv_store_exec(st, *own ? "BEGIN IMMEDIATE" : "SAVEPOINT hv_purge", "start writing",
	                     err);
}

static int tx_end(struct hv_store *st, int own, int ok, struct hv_error *err)
{
	if (ok && hv_store_exec(st, own ? "COMMIT" : "RELEASE hv_purge", "save", err) == 0)
		return 0;
	sqlite3_exec(st->db, own ? "ROLLBACK" : "ROLLBACK TO hv_purge; RELEASE hv_purge", NULL,
	             NULL, NULL);
	return -1;
}

int hv_store_purge(struct hv_store *st, const char *id, struct hv_error *err)
{
	int own;
	if (hv_store_ensure_writable(st, err) < 0 || tx_begin(st, &own, err) < 0)
		return -1;
	/* The content goes; a tombstone of id, time and stamp stays, so that
	 * no other copy brings it back (SECURITY.md). */
	struct hv_tombstone t = {0};
	snprintf(t.id, sizeof t.id, "%s", id);
	t.purged_ms = hv_now_ms();
	t.purged_off = hv_local_offset_min(t.purged_ms);
	int64_t ms, n;
	int rc = hv_store_newest_stamp(st, &ms, &n, err);
	if (rc == 0) {
		hv_hlc_next(ms, n, t.purged_ms, &t.hlc_ms, &t.hlc_n);
		rc = remove_entry(st, id, err);
	}
	if (rc == 0)
		hv_fail(err, HV_ENOTFOUND, "no entry with id %s", id);
	if (rc == 1 && save_tombstone(st, &t, err) < 0)
		rc = -1;
	if (tx_end(st, own, rc == 1, err) < 0)
		return -1;
	return 0;
}

int hv_store_put_tombstone(struct hv_store *st, const struct hv_tombstone *t, struct hv_error *err)
{
	int own;
	if (!hv_uuid_valid(t->id))
		return hv_fail(err, HV_EDATA, "a purge names no entry id");
	if (hv_store_ensure_writable(st, err) < 0 || tx_begin(st, &own, err) < 0)
		return -1;
	int rc = save_tombstone(st, t, err);
	if (rc == 0)
		rc = remove_entry(st, t->id, err);
	if (tx_end(st, own, rc >= 0, err) < 0)
		return -1;
	return rc;
}

int hv_store_each_tombstone(struct hv_store *st, hv_tombstone_fn fn, void *ctx,
                            struct hv_error *err)
{
	sqlite3_stmt *s;
	if (hv_store_prepare(st,
	                     "SELECT id, purged_ms, purged_off, hlc_ms, hlc_n FROM tombstones"
	                     " ORDER BY id",
	                     &s, err) < 0)
		return -1;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct hv_tombstone t = {0};
		snprintf(t.id, sizeof t.id, "%s", (const char *)sqlite3_column_text(s, 0));
		t.purged_ms = sqlite3_column_int64(s, 1);
		t.purged_off = sqlite3_column_int(s, 2);
		t.hlc_ms = sqlite3_column_int64(s, 3);
		t.hlc_n = sqlite3_column_int64(s, 4);
		if (fn(&t, ctx))
			break;
	}
	int r = hv_store_walk_end(st, s, rc, "read the purges", err);
	return r;
}
