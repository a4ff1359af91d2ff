/*
 * facts.c — the facts cache behind aggregate views (see store.h).
 *
 * Parsing a hundred thousand JSON bodies costs hundreds of milliseconds;
 * reading three numbers and a few words per row costs tens.  So each
 * record's facts are derived once, by the owning feature, and kept in the
 * `facts` table keyed by the record's rowid.  A row is trusted only while
 * its id and updated time match the record's, so edits, imports, merges
 * and a VACUUM that renumbers rowids all simply make it stale.  Refreshing
 * the cache is best effort: a read-only or busy database still gets right
 * answers, just slower.
 *
 * In a vault the cache would be values from sealed bodies kept in clear,
 * so it is neither read nor written there (vault enable empties it): every
 * body is opened and its facts derived in memory each time — slower, and
 * the price of keeping nothing readable on disk.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store-private.h"

struct pending {
	int64_t rid, updated_ms;
	char id[HV_ID_LEN + 1];
	struct hv_facts f;
};

struct refresh {
	struct pending *rows;
	size_t n, cap;
};

static void remember(struct refresh *r, int64_t rid, const char *id, int64_t updated_ms,
		     const struct hv_facts *f)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		struct pending *p = realloc(r->rows, cap * sizeof *p);
		if (!p)
			return; /* the cache just stays stale */
		r->rows = p;
		r->cap = cap;
	}
	struct pending *p = &r->rows[r->n++];
	p->rid = rid;
	p->updated_ms = updated_ms;
	snprintf(p->id, sizeof p->id, "%s", id);
	p->f = *f;
}

static void bind_number(sqlite3_stmt *s, int i, double v)
{
	if (isnan(v))
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_double(s, i, v);
}

/* Write the refreshed rows; failures are ignored, the cache stays stale. */
static void write_back(struct hv_store *st, const struct refresh *r)
{
	if (r->n == 0 || sqlite3_db_readonly(st->db, "main") ||
	    sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return;
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db,
			       "INSERT OR REPLACE INTO facts (rid, id, updated_ms, a, b, bits, tags)"
			       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
			       -1, &s, NULL) != SQLITE_OK) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return;
	}
	int ok = 1;
	for (size_t i = 0; i < r->n && ok; i++) {
		const struct pending *p = &r->rows[i];
		sqlite3_bind_int64(s, 1, p->rid);
		sqlite3_bind_text(s, 2, p->id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 3, p->updated_ms);
		bind_number(s, 4, p->f.a);
		bind_number(s, 5, p->f.b);
		sqlite3_bind_int64(s, 6, p->f.bits);
		sqlite3_bind_text(s, 7, p->f.tags, -1, SQLITE_STATIC);
		ok = sqlite3_step(s) == SQLITE_DONE;
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	/* Rows of purged records would otherwise linger forever. */
	if (ok)
		ok = sqlite3_exec(st->db,
				  "DELETE FROM facts WHERE rid NOT IN (SELECT rowid FROM records)",
				  NULL, NULL, NULL) == SQLITE_OK;
	sqlite3_exec(st->db, ok ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
}

static void read_cached(sqlite3_stmt *s, struct hv_facts *f)
{
	f->a = sqlite3_column_type(s, 4) == SQLITE_NULL ? NAN : sqlite3_column_double(s, 4);
	f->b = sqlite3_column_type(s, 5) == SQLITE_NULL ? NAN : sqlite3_column_double(s, 5);
	f->bits = sqlite3_column_int64(s, 6);
	const char *tags = (const char *)sqlite3_column_text(s, 7);
	snprintf(f->tags, sizeof f->tags, "%s", tags ? tags : "");
}

/* Derive facts from the body column; -1 when derive skips it, -2 when the
 * body is unreadable (damaged: named, see hv_store_damaged_count). */
static int derive_fresh(sqlite3_stmt *s, hv_facts_derive_fn derive, struct hv_facts *f)
{
	const char *body = (const char *)sqlite3_column_text(s, 8);
	json_t *j = body ? json_loads(body, 0, NULL) : NULL;
	memset(f, 0, sizeof *f);
	f->a = f->b = NAN;
	int rc = json_is_object(j) ? derive(j, f) : -2;
	json_decref(j);
	return rc;
}

int hv_store_scan_facts(struct hv_store *st, const char *kind, int64_t since_ms,
			hv_facts_derive_fn derive, hv_facts_row_fn fn, void *ctx,
			struct hv_error *err)
{
	/* A plain table scan beats the index here: most rows are wanted. */
	static const char sql[] =
	    "SELECT r.created_ms, r.created_off, r.rowid, r.id, f.a, f.b, f.bits, f.tags,"
	    " CASE WHEN f.id IS r.id AND f.updated_ms IS r.updated_ms THEN NULL ELSE r.body END,"
	    " r.updated_ms"
	    " FROM records AS r NOT INDEXED LEFT JOIN facts AS f ON f.rid = r.rowid"
	    " WHERE r.kind = ?1 AND r.deleted = 0 AND r.created_ms >= ?2";
	/* The same columns in a vault: no cached row, every body opened. */
	static const char sealed_sql[] =
	    "SELECT created_ms, created_off, rowid, id, NULL, NULL, NULL, NULL,"
	    " " HV_RECORD_OPEN_SQL("") ", updated_ms"
	                               " FROM records NOT INDEXED WHERE kind = ?1 AND deleted = 0 "
	                               "AND created_ms >= ?2";
	sqlite3_stmt *s;
	if (hv_store_prepare(st, st->sealed ? sealed_sql : sql, &s, err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, since_ms);
	struct refresh fresh = {0};
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct hv_facts f;
		if (sqlite3_column_type(s, 8) == SQLITE_NULL) {
			read_cached(s, &f);
		} else {
			int got = derive_fresh(s, derive, &f);
			if (got == -2)
				hv_store_note_damaged(st, (const char *)sqlite3_column_text(s, 3));
			if (got < 0)
				continue;
			if (!st->sealed)
				remember(&fresh, sqlite3_column_int64(s, 2),
				 (const char *)sqlite3_column_text(s, 3), sqlite3_column_int64(s, 9),
				 &f);
		}
		if (fn(sqlite3_column_int64(s, 0), sqlite3_column_int(s, 1), &f, ctx))
			break;
	}
	int r = (rc == SQLITE_ROW || rc == SQLITE_DONE) ? 0
							: hv_store_db_fail(st, err, "read the entries");
	sqlite3_finalize(s);
	if (r == 0 && !st->sealed)
		write_back(st, &fresh);
	free(fresh.rows);
	return r;
}
