/*
 * store.c — the SQLite record store (see store.h for the guarantees):
 * writing and reading records.  One table holds every record; the body is
 * canonical JSON text, sealed in a vault.  Opening is store-open.c,
 * purges and their tombstones store-purge.c, walks and settings
 * store-query.c.
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

/* Run a prepared write to completion and hand the statement back. */
int hv_store_step_done(struct hv_store *st, sqlite3_stmt *s, const char *doing,
                       struct hv_error *err)
{
	int rc = sqlite3_step(s);
	int r = rc == SQLITE_DONE ? 0 : hv_store_db_fail(st, err, doing);
	hv_store_done(st, s);
	return r;
}

static const char insert_sql[] =
    "INSERT INTO records (id, kind, created_ms, created_off, updated_ms, updated_off,"
    " version, deleted, body, hlc_ms, hlc_n, vv, conflict_of)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
/* A local edit: what the entry is a kept copy of, if anything, stays. */
static const char replace_sql[] =
    "UPDATE records SET kind = ?2, created_ms = ?3, created_off = ?4, updated_ms = ?5,"
    " updated_off = ?6, version = ?7, deleted = ?8, body = ?9, hlc_ms = ?10, hlc_n = ?11,"
    " vv = ?12 WHERE id = ?1";
/* Another copy's version, whole (import, merge). */
static const char take_sql[] =
    "UPDATE records SET kind = ?2, created_ms = ?3, created_off = ?4, updated_ms = ?5,"
    " updated_off = ?6, version = ?7, deleted = ?8, body = ?9, hlc_ms = ?10, hlc_n = ?11,"
    " vv = ?12, conflict_of = ?13 WHERE id = ?1";

/* Bind every column of r to a statement above and run it: 1 when it
 * wrote a row, 0 when there was none to update, -1 on failure. */
static int run_write(struct hv_store *st, const char *sql, const struct hv_record *r, char *body,
                     struct hv_error *err)
{
	sqlite3_stmt *s;
	if (hv_store_prepare_kept(st, sql, &s, err) < 0) {
		free(body);
		return -1;
	}
	sqlite3_bind_text(s, 1, r->id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, r->kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 3, r->created_ms);
	sqlite3_bind_int(s, 4, r->created_off);
	sqlite3_bind_int64(s, 5, r->updated_ms);
	sqlite3_bind_int(s, 6, r->updated_off);
	sqlite3_bind_int64(s, 7, r->version);
	sqlite3_bind_int(s, 8, r->deleted ? 1 : 0);
	/* replace_sql has no ?13: SQLite answers SQLITE_RANGE and binds nothing. */
	sqlite3_bind_int64(s, 10, r->hlc_ms);
	sqlite3_bind_int64(s, 11, r->hlc_n);
	sqlite3_bind_text(s, 12, r->vv[0] ? r->vv : "{}", -1, SQLITE_TRANSIENT);
	if (r->conflict_of[0])
		sqlite3_bind_text(s, 13, r->conflict_of, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, 13);
	if (st->sealed) {
		/* Sealed for every field of this row: the box opens nowhere else. */
		unsigned char *box;
		size_t n;
		int rc = hv_vault_seal_record(st, r, body, strlen(body), &box, &n, err);
		free(body);
		if (rc < 0) {
			hv_store_done(st, s);
			return -1;
		}
		sqlite3_bind_blob64(s, 9, box, n, free);
	} else {
		sqlite3_bind_text(s, 9, body, -1, free);
	}
	/* sqlite3_changes outlives the statement's reset. */
	if (hv_store_step_done(st, s, "save the entry", err) < 0)
		return -1;
	return sqlite3_changes(st->db) > 0;
}

/* Write r; in a vault the seal over the set moves with it, in the same
 * transaction.  Returns as run_write. */
static int write_record(struct hv_store *st, const char *sql, const struct hv_record *r,
                        struct hv_error *err)
{
	if (hv_store_ensure_writable(st, err) < 0)
		return -1;
	char *body = hv_body_dump(r->body);
	if (!body)
		return hv_fail(err, HV_ENOMEM, "out of memory");
	if (!st->sealed)
		return run_write(st, sql, r, body, err);
	struct hv_set_write w;
	if (hv_vault_set_begin(st, r->id, &w, err) < 0) {
		free(body);
		return -1;
	}
	int rc = run_write(st, sql, r, body, err);
	if (hv_vault_set_end(st, r->id, &w, rc >= 0, err) < 0)
		return -1;
	return rc;
}

/* This database's id in version vectors (meta "device"), made at its
 * first local write. */
static int device_id(struct hv_store *st, char out[HV_DEVICE_LEN + 1], struct hv_error *err)
{
	char buf[64];
	int got = hv_store_meta_get(st, "device", buf, sizeof buf, err);
	if (got < 0)
		return -1;
	if (got && strlen(buf) == HV_DEVICE_LEN) {
		memcpy(out, buf, HV_DEVICE_LEN + 1);
		return 0;
	}
	hv_device_new(out);
	return hv_store_meta_set(st, "device", out, err);
}

/* The newest stamp this database holds, of an entry or a purge: what the
 * next local write must come after, whatever the wall clock says, so an
 * edit made after a merge is stamped after everything the merge brought. */
int hv_store_newest_stamp(struct hv_store *st, int64_t *ms, int64_t *n, struct hv_error *err)
{
	static const char *const sql[] = {
	    "SELECT hlc_ms, hlc_n FROM records ORDER BY hlc_ms DESC, hlc_n DESC LIMIT 1",
	    "SELECT hlc_ms, hlc_n FROM tombstones ORDER BY hlc_ms DESC, hlc_n DESC LIMIT 1",
	};
	*ms = INT64_MIN;
	*n = 0;
	for (size_t i = 0; i < sizeof sql / sizeof *sql; i++) {
		sqlite3_stmt *s;
		if (hv_store_prepare_kept(st, sql[i], &s, err) < 0)
			return -1;
		int rc = sqlite3_step(s);
		if (rc == SQLITE_ROW && hv_hlc_cmp(sqlite3_column_int64(s, 0),
		                                   sqlite3_column_int64(s, 1), *ms, *n) > 0) {
			*ms = sqlite3_column_int64(s, 0);
			*n = sqlite3_column_int64(s, 1);
		}
		hv_store_done(st, s);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return hv_store_db_fail(st, err, "read the database");
	}
	return 0;
}

/* Stamp a local write of r: the next stamp, and one more write by this
 * device counted on from the stored vector prev ("": a new entry). */
static int stamp(struct hv_store *st, struct hv_record *r, const char *prev, struct hv_error *err)
{
	char dev[HV_DEVICE_LEN + 1];
	int64_t ms, n;
	if (device_id(st, dev, err) < 0 || hv_store_newest_stamp(st, &ms, &n, err) < 0)
		return -1;
	if (hv_vv_bump(prev, dev, r->vv) < 0)
		return hv_fail(err, HV_EDATA,
		               "entry %s cannot be changed: it has been written on more than %d "
		               "devices",
		               r->id, HV_VV_MAX);
	hv_hlc_next(ms, n, hv_now_ms(), &r->hlc_ms, &r->hlc_n);
	return 0;
}

/* The version vector stored for id ("" when none, or no such entry). */
static int stored_vv(struct hv_store *st, const char *id, char out[HV_VV_TEXT_MAX],
                     struct hv_error *err)
{
	out[0] = '\0';
	sqlite3_stmt *s;
	static const char sql[] = "SELECT vv FROM records WHERE id = ?1";
	if (hv_store_prepare_kept(st, sql, &s, err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_text(s, 0))
		snprintf(out, HV_VV_TEXT_MAX, "%s", (const char *)sqlite3_column_text(s, 0));
	hv_store_done(st, s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return hv_store_db_fail(st, err, "read the database");
	return 0;
}

int hv_store_insert(struct hv_store *st, const struct hv_record *r, struct hv_error *err)
{
	if (hv_store_ensure_writable(st, err) < 0)
		return -1;
	struct hv_record w = *r;
	if (stamp(st, &w, "", err) < 0)
		return -1;
	return write_record(st, insert_sql, &w, err) < 0 ? -1 : 0;
}

int hv_store_add_new(struct hv_store *st, struct hv_record *r, hv_body_check_fn validate,
                     struct hv_record *out, struct hv_error *err)
{
	int rc = validate && validate(r->body, err) < 0 ? -1 : hv_store_ensure_writable(st, err);
	/* r, handed back, carries the stamp it was saved with. */
	if (rc == 0 && (rc = stamp(st, r, "", err)) == 0)
		rc = write_record(st, insert_sql, r, err) < 0 ? -1 : 0;
	if (rc < 0) {
		hv_record_release(r);
		return -1;
	}
	if (out)
		*out = *r;
	else
		hv_record_release(r);
	return 0;
}

static int append_json(const struct hv_record *r, void *ctx)
{
	json_array_append_new(ctx, hv_record_to_json(r));
	return 0;
}

json_t *hv_store_list_json(struct hv_store *st, const struct hv_query *q, struct hv_error *err)
{
	json_t *out = json_array();
	if (!out) {
		hv_fail(err, HV_ENOMEM, "out of memory");
		return NULL;
	}
	if (hv_store_each(st, q, append_json, out, err) < 0) {
		json_decref(out);
		return NULL;
	}
	return out;
}

/* A new updated time that is always later than the last one, and the next
 * version; refused (r untouched) when the version has no next. */
static int touch(struct hv_record *r, struct hv_error *err)
{
	if (r->version < 1 || r->version >= HV_VERSION_MAX)
		return hv_fail(err, HV_EDATA,
		               "entry %s cannot be changed: its version is %lld, and haven counts "
		               "versions from 1 to %lld only. It can still be read and exported; "
		               "to edit it, export, set its \"version\" lower in the file, and "
		               "import that into a new database (--db)",
		               r->id, (long long)r->version, (long long)HV_VERSION_MAX);
	int64_t now = hv_now_ms();
	r->updated_ms = now > r->updated_ms ? now : r->updated_ms + 1;
	r->updated_off = hv_local_offset_min(now);
	r->version++;
	return 0;
}

int hv_store_update(struct hv_store *st, struct hv_record *r, struct hv_error *err)
{
	struct hv_record before = *r;
	if (touch(r, err) < 0)
		return -1;
	char prev[HV_VV_TEXT_MAX];
	int rc = -1;
	/* The vector is counted on from what is stored, not from r, which may
	 * have been made before an earlier write of it. */
	if (hv_store_ensure_writable(st, err) == 0 && stored_vv(st, r->id, prev, err) == 0 &&
	    stamp(st, r, prev, err) == 0)
		rc = write_record(st, replace_sql, r, err);
	if (rc <= 0) {
		if (rc == 0)
			hv_fail(err, HV_ENOTFOUND, "no entry with id %s", r->id);
		r->updated_ms = before.updated_ms;
		r->updated_off = before.updated_off;
		r->version = before.version;
		r->hlc_ms = before.hlc_ms;
		r->hlc_n = before.hlc_n;
		memcpy(r->vv, before.vv, sizeof r->vv);
		return -1;
	}
	return 0;
}

int hv_store_set_deleted(struct hv_store *st, struct hv_record *r, int deleted,
                         struct hv_error *err)
{
	int was = r->deleted;
	r->deleted = deleted;
	if (hv_store_update(st, r, err) < 0) {
		r->deleted = was;
		return -1;
	}
	return 0;
}

struct hv_row_fields hv_store_row_fields(sqlite3_stmt *s, int at)
{
	return (struct hv_row_fields){
	    .id = (const char *)sqlite3_column_text(s, at),
	    .kind = (const char *)sqlite3_column_text(s, at + 1),
	    .created_ms = sqlite3_column_int64(s, at + 2),
	    .created_off = sqlite3_column_int(s, at + 3),
	    .updated_ms = sqlite3_column_int64(s, at + 4),
	    .updated_off = sqlite3_column_int(s, at + 5),
	    .version = sqlite3_column_int64(s, at + 6),
	    .deleted = sqlite3_column_int(s, at + 7),
	};
}

void hv_store_row_record(sqlite3_stmt *s, int at, struct hv_record *r)
{
	struct hv_row_fields f = hv_store_row_fields(s, at);
	snprintf(r->id, sizeof r->id, "%s", f.id ? f.id : "");
	snprintf(r->kind, sizeof r->kind, "%s", f.kind ? f.kind : "");
	r->created_ms = f.created_ms;
	r->created_off = f.created_off;
	r->updated_ms = f.updated_ms;
	r->updated_off = f.updated_off;
	r->version = f.version;
	r->deleted = f.deleted;
}

/*
 * A row into r: 0; -1 when it cannot be read at all (err says why); -2
 * when only this entry is damaged, so a walk may go on past it (err names
 * it).  A damaged page of the file can hand back a row whose columns are
 * NULL: that is named as damage of the file, never printed as "(null)".
 */
int hv_store_read_row(struct hv_store *st, sqlite3_stmt *s, struct hv_record *r,
                      struct hv_error *err)
{
	memset(r, 0, sizeof *r);
	const char *id = (const char *)sqlite3_column_text(s, 0);
	const char *kind = (const char *)sqlite3_column_text(s, 1);
	if (!id || !kind || !*id) {
		int code = sqlite3_errcode(st->db);
		if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB || code == SQLITE_NOMEM ||
		    code == SQLITE_IOERR)
			return hv_store_db_fail(st, err, "read the entries");
		/* Named by its row, the one name it still has; walked past. */
		snprintf(r->id, sizeof r->id, "row %lld", (long long)sqlite3_column_int64(s, 9));
		hv_fail(err, HV_ECORRUPT,
		        "%s is damaged: %s of its entries has no %s. haven doctor lists what is "
		        "damaged and can set it aside (--quarantine)",
		        st->path, r->id, !id || !*id ? "id" : "kind");
		return -2;
	}
	hv_store_row_record(s, 0, r);
	r->hlc_ms = sqlite3_column_int64(s, 10);
	r->hlc_n = sqlite3_column_int64(s, 11);
	const char *vv = (const char *)sqlite3_column_text(s, 12);
	if (vv && strcmp(vv, "{}") != 0) /* a damaged one reads as no history (hlc.c) */
		snprintf(r->vv, sizeof r->vv, "%s", vv);
	const char *of = (const char *)sqlite3_column_text(s, 13);
	snprintf(r->conflict_of, sizeof r->conflict_of, "%s", of ? of : "");
	json_error_t je;
	if (st->sealed) {
		/* A body in clear in a vault was put there behind haven's back. */
		int blob = sqlite3_column_type(s, 8) == SQLITE_BLOB;
		char *text =
		    hv_vault_open_record(st, r, blob ? sqlite3_column_blob(s, 8) : "",
		                         blob ? (size_t)sqlite3_column_bytes(s, 8) : 0, err);
		if (!text)
			return -1; /* may be tampering: refused, not walked past (SECURITY.md) */
		r->body = json_loads(text, 0, &je);
		hv_vault_free_text(text);
	} else {
		const char *body = sqlite3_column_type(s, 8) == SQLITE_TEXT
		                       ? (const char *)sqlite3_column_text(s, 8)
		                       : NULL;
		r->body = body ? json_loads(body, 0, &je) : NULL;
	}
	if (!json_is_object(r->body)) {
		json_decref(r->body);
		r->body = NULL;
		hv_fail(err, HV_ECORRUPT,
		        "entry %s in %s has a damaged body; haven doctor lists it and can set it "
		        "aside (--quarantine)",
		        r->id, st->path);
		return st->sealed ? -1 : -2;
	}
	return 0;
}

void hv_store_note_damaged(struct hv_store *st, const char *id)
{
	if (!id)
		return;
	for (size_t i = 0; i < st->ndamaged; i++)
		if (strcmp(st->damaged[i], id) == 0)
			return;
	if (st->ndamaged == st->damaged_cap) {
		size_t cap = st->damaged_cap ? st->damaged_cap * 2 : 8;
		void *d = realloc(st->damaged, cap * sizeof *st->damaged);
		if (!d)
			return; /* the walk goes on; this one goes unnamed */
		st->damaged = d;
		st->damaged_cap = cap;
	}
	snprintf(st->damaged[st->ndamaged++], sizeof *st->damaged, "%s", id);
}

size_t hv_store_damaged_count(const struct hv_store *st)
{
	return st ? st->ndamaged : 0;
}

const char *hv_store_damaged_id(const struct hv_store *st, size_t i)
{
	return i < st->ndamaged ? st->damaged[i] : NULL;
}

const char *hv_store_readonly(const struct hv_store *st)
{
	return st->readonly;
}

int hv_store_get(struct hv_store *st, const char *id, const char *kind, struct hv_record *out,
                 struct hv_error *err)
{
	char want[HV_ID_LEN + 1];
	size_t n = strlen(id);
	if (n < 4 || n > HV_ID_LEN)
		return hv_fail(err, HV_EINVAL,
		               "\"%s\" is not an entry id: give at least its first 4 characters",
		               id);
	for (size_t i = 0; i <= n; i++)
		want[i] = (char)(id[i] >= 'A' && id[i] <= 'F' ? id[i] + 32 : id[i]);
	static const char any_sql[] =
	    HV_STORE_SELECT_COLS " WHERE id >= ?1 AND id < ?1 || '~' ORDER BY id LIMIT 2";
	static const char kind_sql[] = HV_STORE_SELECT_COLS
	    " WHERE id >= ?1 AND id < ?1 || '~' AND kind = ?2 ORDER BY id LIMIT 2";
	sqlite3_stmt *s;
	if (hv_store_prepare_kept(st, kind ? kind_sql : any_sql, &s, err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, want, -1, SQLITE_TRANSIENT);
	if (kind)
		sqlite3_bind_text(s, 2, kind, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s), r;
	if (rc == SQLITE_ROW) {
		r = hv_store_read_row(st, s, out, err) < 0 ? -1 : 0;
		if (r == 0 && sqlite3_step(s) == SQLITE_ROW) {
			hv_record_release(out);
			r = hv_fail(err, HV_EAMBIG,
			            "\"%s\" matches more than one entry: give more of the id", id);
		}
	} else if (rc == SQLITE_DONE) {
		r = hv_fail(err, HV_ENOTFOUND, "no %s entry with id \"%s\"", kind ? kind : "", id);
	} else {
		r = hv_store_db_fail(st, err, "find the entry");
	}
	hv_store_done(st, s);
	return r;
}

/* Whether a purge of id is remembered here: 1 yes, 0 no, -1 failure. */
static int tombstoned(struct hv_store *st, const char *id, struct hv_error *err)
{
	static const char sql[] = "SELECT 1 FROM tombstones WHERE id = ?1";
	sqlite3_stmt *s;
	if (hv_store_prepare_kept(st, sql, &s, err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s);
	hv_store_done(st, s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return hv_store_db_fail(st, err, "read the database");
	return rc == SQLITE_ROW;
}

/*
 * Both copies edited the entry: every copy keeps the same winner (the
 * later stamp, then the content's hash) with both vectors joined, and the
 * loser as a deleted entry of its own (conflict_of: the entry), whose id
 * is made from what it holds so that each copy makes the same one.
 */
static int resolve(struct hv_store *st, const struct hv_record *ours, const struct hv_record *r,
                   enum hv_upsert *what, struct hv_upsert_conflict *c, struct hv_error *err)
{
	int theirs_win = hv_record_order(r, ours) > 0;
	const struct hv_record *win = theirs_win ? r : ours, *lose = theirs_win ? ours : r;
	struct hv_record res = *win;
	if (hv_vv_join(ours->vv, r->vv, res.vv) < 0)
		return hv_fail(err, HV_EDATA, "entry %s has been written on more than %d devices",
		               r->id, HV_VV_MAX);
	res.version = ours->version > r->version ? ours->version : r->version;
	int rc = 0;
	if (!json_equal(ours->body, r->body) || ours->deleted != r->deleted) {
		struct hv_record copy = *lose;
		unsigned char digest[HV_DIGEST_LEN];
		if (hv_record_digest(lose, digest) < 0)
			return hv_fail(err, HV_ENOMEM, "out of memory");
		hv_conflict_id(r->id, digest, copy.id);
		snprintf(copy.conflict_of, sizeof copy.conflict_of, "%s", r->id);
		copy.deleted = 1;
		copy.vv[0] = '\0';
		static const char sql[] = "SELECT 1 FROM records WHERE id = ?1";
		sqlite3_stmt *s;
		rc = hv_store_prepare_kept(st, sql, &s, err);
		if (rc == 0) {
			sqlite3_bind_text(s, 1, copy.id, -1, SQLITE_TRANSIENT);
			int have = sqlite3_step(s);
			hv_store_done(st, s);
			if (have != SQLITE_ROW && have != SQLITE_DONE)
				rc = hv_store_db_fail(st, err, "read the database");
			else if (have == SQLITE_DONE && !(rc = tombstoned(st, copy.id, err)))
				rc = write_record(st, insert_sql, &copy, err) < 0 ? -1 : 0;
			rc = rc < 0 ? -1 : 0;
		}
		if (c && rc == 0) {
			c->conflict = 1;
			c->theirs_won = theirs_win;
			snprintf(c->copy_id, sizeof c->copy_id, "%s", copy.id);
			c->kept_updated_ms = win->updated_ms;
			c->kept_updated_off = win->updated_off;
			c->lost_updated_ms = lose->updated_ms;
			c->lost_updated_off = lose->updated_off;
		}
	}
	int same = strcmp(res.vv, ours->vv) == 0 && !theirs_win && res.version == ours->version;
	*what = same ? HV_UPSERT_KEPT : HV_UPSERT_UPDATED;
	if (rc == 0 && !same)
		rc = write_record(st, take_sql, &res, err) < 0 ? -1 : 0;
	return rc;
}

int hv_store_upsert(struct hv_store *st, const struct hv_record *r, enum hv_upsert *what,
                    struct hv_upsert_conflict *c, struct hv_error *err)
{
	if (c)
		memset(c, 0, sizeof *c);
	if (r->version < 1 || r->version > HV_VERSION_MAX)
		return hv_fail(err, HV_EDATA, "its version, %lld, is not from 1 to %lld",
		               (long long)r->version, (long long)HV_VERSION_MAX);
	/* A purge here is final: neither the entry nor a kept copy of it returns. */
	int gone = tombstoned(st, r->id, err);
	if (gone == 0 && r->conflict_of[0])
		gone = tombstoned(st, r->conflict_of, err);
	if (gone < 0)
		return -1;
	if (gone) {
		*what = HV_UPSERT_PURGED;
		return 0;
	}
	struct hv_record ours;
	struct hv_error why;
	if (hv_store_get(st, r->id, NULL, &ours, &why) < 0) {
		if (why.code != HV_ENOTFOUND) {
			if (err)
				*err = why;
			return -1;
		}
		*what = HV_UPSERT_ADDED;
		return write_record(st, insert_sql, r, err) < 0 ? -1 : 0;
	}
	int rc = 0;
	if (strcmp(ours.kind, r->kind) != 0) {
		rc = hv_fail(err, HV_EINVAL,
		             "entry %s is already here as another kind of entry, but the input "
		             "says it is a %s",
		             r->id, r->kind);
	} else {
		switch (hv_history_cmp(&ours, r)) {
		case HV_HISTORY_SAME:
		case HV_HISTORY_OURS_AHEAD: *what = HV_UPSERT_KEPT; break;
		case HV_HISTORY_THEIRS_AHEAD:
			*what = HV_UPSERT_UPDATED;
			rc = write_record(st, take_sql, r, err) < 0 ? -1 : 0;
			break;
		case HV_HISTORY_CONCURRENT: rc = resolve(st, &ours, r, what, c, err); break;
		}
	}
	hv_record_release(&ours);
	return rc;
}
