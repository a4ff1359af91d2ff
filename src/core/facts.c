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
 * In a vault the values would be words and numbers from sealed bodies kept
 * in clear, so each row is sealed too (vault.c: one box in the tags column,
 * bound to every field of its record).  Opening a small box costs far less
 * than opening and parsing a body, which is what keeps insights on a vault
 * near the speed of a plain journal.  A box that does not open (changed,
 * moved, or made for an earlier version of the row) is never trusted: the
 * body is opened instead and the row sealed again.
 */
#include <math.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "vault-private.h"

struct pending {
	int64_t rid, updated_ms, created_ms, version;
	int created_off, updated_off;
	char id[HV_ID_LEN + 1];
	struct hv_facts f;
};

struct refresh {
	struct pending *rows;
	size_t n, cap;
};

/* The columns of the scan below, by position. */
enum {
	COL_CREATED_MS,
	COL_CREATED_OFF,
	COL_RID,
	COL_ID,
	COL_A,
	COL_B,
	COL_BITS,
	COL_TAGS,
	COL_BODY, /* NULL when the cached row is fresh */
	COL_UPDATED_MS,
	COL_VERSION,
	COL_UPDATED_OFF,
};

static void remember(struct refresh *r, sqlite3_stmt *s, const struct hv_facts *f)
{
	if (HV_GROW(r->rows, r->cap, r->n + 1, 64) < 0)
		return; /* the cache just stays stale */
	struct pending *p = &r->rows[r->n++];
	p->rid = sqlite3_column_int64(s, COL_RID);
	p->updated_ms = sqlite3_column_int64(s, COL_UPDATED_MS);
	p->created_ms = sqlite3_column_int64(s, COL_CREATED_MS);
	p->version = sqlite3_column_int64(s, COL_VERSION);
	p->created_off = sqlite3_column_int(s, COL_CREATED_OFF);
	p->updated_off = sqlite3_column_int(s, COL_UPDATED_OFF);
	snprintf(p->id, sizeof p->id, "%s", (const char *)sqlite3_column_text(s, COL_ID));
	p->f = *f;
}

/* The record a pending row describes: what its sealed facts are bound to
 * (a live record: the scan takes only those). */
static struct hv_row_fields fields_of_pending(const struct pending *p, const char *kind)
{
	return (struct hv_row_fields){
	    .id = p->id,
	    .kind = kind,
	    .created_ms = p->created_ms,
	    .updated_ms = p->updated_ms,
	    .version = p->version,
	    .created_off = p->created_off,
	    .updated_off = p->updated_off,
	};
}

static void bind_number(sqlite3_stmt *s, int i, double v)
{
	if (isnan(v))
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_double(s, i, v);
}

/* Write the refreshed rows, sealed in a vault; failures are ignored, the
 * cache stays stale. */
static void write_back(struct hv_store *st, const char *kind, const struct refresh *r)
{
	if (r->n == 0 || sqlite3_db_readonly(st->db, "main") ||
	    sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return;
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(
	        st->db,
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
		if (st->sealed) {
			struct hv_row_fields rec = fields_of_pending(p, kind);
			unsigned char *box;
			size_t len;
			if (hv_vault_seal_facts(st, &rec, &p->f, &box, &len) < 0) {
				ok = 0;
				break;
			}
			sqlite3_bind_null(s, 4);
			sqlite3_bind_null(s, 5);
			sqlite3_bind_int64(s, 6, 0);
			sqlite3_bind_blob64(s, 7, box, len, free);
		} else {
			bind_number(s, 4, p->f.a);
			bind_number(s, 5, p->f.b);
			sqlite3_bind_int64(s, 6, p->f.bits);
			sqlite3_bind_text(s, 7, p->f.tags, -1, SQLITE_STATIC);
		}
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
	f->a = sqlite3_column_type(s, COL_A) == SQLITE_NULL ? NAN : sqlite3_column_double(s, COL_A);
	f->b = sqlite3_column_type(s, COL_B) == SQLITE_NULL ? NAN : sqlite3_column_double(s, COL_B);
	f->bits = sqlite3_column_int64(s, COL_BITS);
	const char *tags = (const char *)sqlite3_column_text(s, COL_TAGS);
	snprintf(f->tags, sizeof f->tags, "%s", tags ? tags : "");
}

/* A vault's cached row, opened for the record of the current row of s. */
static int open_cached(struct hv_store *st, sqlite3_stmt *s, const char *kind, struct hv_facts *f)
{
	if (sqlite3_column_type(s, COL_TAGS) != SQLITE_BLOB)
		return -1; /* no row, or values in clear someone put there */
	struct hv_row_fields r = {
	    .id = (const char *)sqlite3_column_text(s, COL_ID),
	    .kind = kind,
	    .created_ms = sqlite3_column_int64(s, COL_CREATED_MS),
	    .updated_ms = sqlite3_column_int64(s, COL_UPDATED_MS),
	    .version = sqlite3_column_int64(s, COL_VERSION),
	    .created_off = sqlite3_column_int(s, COL_CREATED_OFF),
	    .updated_off = sqlite3_column_int(s, COL_UPDATED_OFF),
	};
	return hv_vault_open_facts(st, &r, sqlite3_column_blob(s, COL_TAGS),
	                           (size_t)sqlite3_column_bytes(s, COL_TAGS), f);
}

/* Derive facts from a body's text; -1 when derive skips it, -2 when the
 * body is unreadable (damaged: named, see hv_store_damaged_count). */
static int derive_text(const char *body, hv_facts_derive_fn derive, struct hv_facts *f)
{
	json_t *j = body ? json_loads(body, 0, NULL) : NULL;
	memset(f, 0, sizeof *f);
	f->a = f->b = NAN;
	int rc = json_is_object(j) ? derive(j, f) : -2;
	json_decref(j);
	return rc;
}

/*
 * A vault's cached row that did not open: derive from the body after all,
 * opened on its own (rarely needed, so prepared only then).  -2 when the
 * body does not open either.
 */
static int derive_sealed(struct hv_store *st, sqlite3_stmt **one, int64_t rid,
                         hv_facts_derive_fn derive, struct hv_facts *f)
{
	if (!*one && sqlite3_prepare_v2(
	                 st->db, "SELECT " HV_RECORD_OPEN_SQL("") " FROM records WHERE rowid = ?1",
	                 -1, one, NULL) != SQLITE_OK)
		return -2;
	sqlite3_bind_int64(*one, 1, rid);
	int rc = -2;
	if (sqlite3_step(*one) == SQLITE_ROW)
		rc = derive_text((const char *)sqlite3_column_text(*one, 0), derive, f);
	sqlite3_reset(*one);
	hv_error_clear(&st->fn_err); /* a damaged body is named, not fatal */
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
	    " r.updated_ms, r.version, r.updated_off"
	    " FROM records AS r NOT INDEXED LEFT JOIN facts AS f ON f.rid = r.rowid"
	    " WHERE r.kind = ?1 AND r.deleted = 0 AND r.created_ms >= ?2";
	/* The same columns in a vault: the box in tags, a stale row's body opened. */
	static const char sealed_sql[] =
	    "SELECT r.created_ms, r.created_off, r.rowid, r.id, NULL, NULL, NULL, f.tags,"
	    " CASE WHEN f.id IS r.id AND f.updated_ms IS r.updated_ms THEN NULL "
	    "ELSE " HV_RECORD_OPEN_SQL(
	        "r.") " END,"
	              " r.updated_ms, r.version, r.updated_off"
	              " FROM records AS r NOT INDEXED LEFT JOIN facts AS f ON f.rid = r.rowid"
	              " WHERE r.kind = ?1 AND r.deleted = 0 AND r.created_ms >= ?2";
	sqlite3_stmt *s, *one = NULL;
	if (hv_store_prepare(st, st->sealed ? sealed_sql : sql, &s, err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, since_ms);
	struct refresh fresh = {0};
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct hv_facts f;
		int got = 0;
		if (sqlite3_column_type(s, COL_BODY) != SQLITE_NULL)
			got =
			    derive_text((const char *)sqlite3_column_text(s, COL_BODY), derive, &f);
		else if (!st->sealed)
			read_cached(s, &f);
		else if (open_cached(st, s, kind, &f) < 0)
			got = derive_sealed(st, &one, sqlite3_column_int64(s, COL_RID), derive, &f);
		else
			got = 1; /* opened from the cache: nothing to write back */
		if (got == -2)
			hv_store_note_damaged(st, (const char *)sqlite3_column_text(s, COL_ID));
		if (got < 0)
			continue;
		if (got == 0 && (st->sealed || sqlite3_column_type(s, COL_BODY) != SQLITE_NULL))
			remember(&fresh, s, &f);
		int stop = fn(sqlite3_column_int64(s, COL_CREATED_MS),
		              sqlite3_column_int(s, COL_CREATED_OFF), &f, ctx);
		if (st->sealed)
			sodium_memzero(&f, sizeof f);
		if (stop)
			break;
	}
	int r = hv_store_walk_end(st, s, rc, "read the entries", err);
	sqlite3_finalize(one);
	if (r == 0)
		write_back(st, kind, &fresh);
	if (st->sealed && fresh.rows)
		sodium_memzero(fresh.rows, fresh.cap * sizeof *fresh.rows);
	free(fresh.rows);
	return r;
}
