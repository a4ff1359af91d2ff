/*
 * store-query.c — walking the records (every one, by kind and time, or a
 * few fields of each without parsing bodies), the meta settings, counts,
 * and a snapshot of the whole file.
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

int hv_store_each(struct hv_store *st, const struct hv_query *q, hv_record_fn fn, void *ctx,
                  struct hv_error *err)
{
	/* Only the conditions that apply, so SQLite can walk (kind, created_ms).
	 * "Stamped after" as two seeks of records_by_hlc: an import stamps
	 * thousands of entries with one hlc_ms, and as one condition (an OR, or
	 * a row value) SQLite seeks on hlc_ms alone and steps over every one of
	 * them in each "nothing new" of a sync. */
	char sql[900];
	const char *dir = q->newest_first ? "DESC" : "ASC";
	snprintf(
	    sql, sizeof sql, "%s WHERE 1 %s %s %s %s %s ORDER BY %s created_ms %s, id %s LIMIT ?5",
	    HV_STORE_SELECT_COLS, q->kind ? "AND kind = ?1" : "",
	    q->since_ms ? "AND created_ms >= ?2" : "", q->until_ms ? "AND created_ms < ?3" : "",
	    q->include_deleted ? "" : "AND deleted = 0",
	    q->stamped_after ? "AND rowid IN (SELECT rowid FROM records WHERE hlc_ms = ?6 AND"
	                       " hlc_n > ?7 UNION ALL SELECT rowid FROM records WHERE hlc_ms > ?6)"
	                     : "",
	    q->kind ? "kind," : "", dir, dir);
	sqlite3_stmt *s;
	if (hv_store_prepare(st, sql, &s, err) < 0)
		return -1;
	if (q->kind)
		sqlite3_bind_text(s, 1, q->kind, -1, SQLITE_TRANSIENT);
	if (q->since_ms)
		sqlite3_bind_int64(s, 2, q->since_ms);
	if (q->until_ms)
		sqlite3_bind_int64(s, 3, q->until_ms);
	sqlite3_bind_int64(s, 5, q->limit > 0 ? q->limit : -1);
	if (q->stamped_after) {
		sqlite3_bind_int64(s, 6, q->after_hlc_ms);
		sqlite3_bind_int64(s, 7, q->after_hlc_n);
	}
	int rc, r = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct hv_record rec;
		int got = hv_store_read_row(st, s, &rec, err);
		if (got == -2) { /* one damaged entry hides none of the others */
			hv_store_note_damaged(st, rec.id);
			continue;
		}
		if (got < 0) {
			r = -1;
			break;
		}
		int stop = fn(&rec, ctx);
		hv_record_release(&rec);
		if (stop)
			break;
	}
	if (r == 0 && rc != SQLITE_ROW && rc != SQLITE_DONE)
		r = hv_store_db_fail(st, err, "read the entries");
	sqlite3_finalize(s);
	return r;
}

int hv_store_meta_get(struct hv_store *st, const char *key, char *buf, size_t n,
                      struct hv_error *err)
{
	static const char sql[] = "SELECT value FROM meta WHERE key = ?1";
	sqlite3_stmt *s;
	if (hv_store_prepare_kept(st, sql, &s, err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s), found = rc == SQLITE_ROW;
	if (found)
		snprintf(buf, n, "%s", (const char *)sqlite3_column_text(s, 0));
	hv_store_done(st, s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return hv_store_db_fail(st, err, "read the settings");
	return found;
}

int hv_store_meta_set(struct hv_store *st, const char *key, const char *value, struct hv_error *err)
{
	if (hv_store_ensure_writable(st, err) < 0)
		return -1;
	static const char set_sql[] = "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)";
	static const char drop_sql[] = "DELETE FROM meta WHERE key = ?1";
	sqlite3_stmt *s;
	if (hv_store_prepare_kept(st, value ? set_sql : drop_sql, &s, err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
	if (value)
		sqlite3_bind_text(s, 2, value, -1, SQLITE_TRANSIENT);
	return hv_store_step_done(st, s, "save the setting", err);
}

int hv_store_count(struct hv_store *st, const char *kind, int64_t *out, struct hv_error *err)
{
	sqlite3_stmt *s;
	if (hv_store_prepare(
	        st, "SELECT count(*) FROM records WHERE deleted = 0 AND (?1 IS NULL OR kind = ?1)",
	        &s, err) < 0)
		return -1;
	if (kind)
		sqlite3_bind_text(s, 1, kind, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : hv_store_db_fail(st, err, "count the entries");
}

int hv_store_scan(struct hv_store *st, const char *kind, int64_t since_ms, const char *const *paths,
                  int npaths, hv_scan_fn fn, void *ctx, struct hv_error *err)
{
	if (npaths < 0 || npaths > HV_SCAN_MAX)
		return hv_fail(err, HV_EINVAL, "too many fields in one scan");
	/* In a vault each path opens the body again: slower, never in clear on disk.
	 * A damaged plain body (not JSON) is walked past and named, as in
	 * hv_store_each: json_extract would fail the whole statement. */
	const char *body =
	    st->sealed ? HV_RECORD_OPEN_SQL("") : "CASE WHEN json_valid(body) THEN body END";
	char sql[2048];
	int len = snprintf(sql, sizeof sql, "SELECT created_ms, created_off");
	for (int i = 0; i < npaths; i++)
		len += snprintf(sql + len, sizeof sql - (size_t)len, ", json_extract(%s, ?%d)",
		                body, i + 3);
	snprintf(sql + len, sizeof sql - (size_t)len,
	         ", id, %s FROM records WHERE kind = ?1 AND deleted = 0 AND created_ms >= ?2"
	         " ORDER BY created_ms",
	         st->sealed ? "1" : "json_valid(body)");
	sqlite3_stmt *s;
	if (hv_store_prepare(st, sql, &s, err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, since_ms);
	for (int i = 0; i < npaths; i++)
		sqlite3_bind_text(s, i + 3, paths[i], -1, SQLITE_TRANSIENT);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (!sqlite3_column_int(s, npaths + 3)) {
			hv_store_note_damaged(st, (const char *)sqlite3_column_text(s, npaths + 2));
			continue;
		}
		struct hv_scan_row row = {0};
		row.created_ms = sqlite3_column_int64(s, 0);
		row.created_off = sqlite3_column_int(s, 1);
		for (int i = 0; i < npaths; i++) {
			int type = sqlite3_column_type(s, i + 2);
			row.num[i] = sqlite3_column_double(s, i + 2);
			row.text[i] = type == SQLITE_NULL
			                  ? NULL
			                  : (const char *)sqlite3_column_text(s, i + 2);
		}
		if (fn(&row, ctx))
			break;
	}
	int r = hv_store_walk_end(st, s, rc, "read the entries", err);
	return r;
}

int hv_store_tally(struct hv_store *st, const char *kind, int64_t since_ms, const char *path,
                   hv_tally_fn fn, void *ctx, struct hv_error *err)
{
	sqlite3_stmt *s;
	char sql[512];
	snprintf(sql, sizeof sql,
	         "SELECT j.value, count(*) AS n FROM records AS r, json_each(%s, ?2) AS j"
	         " WHERE r.kind = ?1 AND r.deleted = 0 AND r.created_ms >= ?3 AND j.type = 'text'"
	         " %s GROUP BY j.value ORDER BY n DESC, j.value",
	         st->sealed ? HV_RECORD_OPEN_SQL("r.") : "r.body",
	         st->sealed ? "" : "AND json_valid(r.body)");
	if (hv_store_prepare(st, sql, &s, err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, path, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 3, since_ms);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (fn((const char *)sqlite3_column_text(s, 0), sqlite3_column_int64(s, 1), ctx))
			break;
	int r = hv_store_walk_end(st, s, rc, "read the entries", err);
	return r;
}

int hv_store_snapshot(struct hv_store *st, const char *path, struct hv_error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return hv_fail(err, HV_EIO, "cannot create %s: %s", path, strerror(errno));
	close(fd);
	sqlite3 *dst = NULL;
	int rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE, NULL);
	sqlite3_backup *b =
	    rc == SQLITE_OK ? sqlite3_backup_init(dst, "main", st->db, "main") : NULL;
	if (b) {
		/* One step copies every page under one read transaction: a
		 * consistent snapshot even while another haven writes. */
		rc = sqlite3_backup_step(b, -1);
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
		int fin = sqlite3_backup_finish(b);
		if (rc == SQLITE_OK)
			rc = fin;
	} else if (rc == SQLITE_OK) {
		rc = sqlite3_errcode(dst);
	}
	char why[256];
	snprintf(why, sizeof why, "%s", dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
	if (rc == SQLITE_OK)
		rc = sqlite3_close(dst);
	else
		sqlite3_close(dst);
	if (rc != SQLITE_OK) {
		unlink(path);
		return hv_fail(err, HV_EIO, "cannot copy %s to %s: %s", st->path, path, why);
	}
	return 0;
}

int hv_store_check_file(const char *path, struct hv_store_file_info *info, struct hv_error *err)
{
	memset(info, 0, sizeof *info);
	sqlite3 *db = NULL;
	int ok = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK;
	sqlite3_stmt *s = NULL;
	char result[128] = "";
	/* integrity_check reads every page: the only proof the copy is whole. */
	if (ok && sqlite3_prepare_v2(db, "PRAGMA integrity_check(1)", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		snprintf(result, sizeof result, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	s = NULL;
	if (!ok || strcmp(result, "ok") != 0) {
		sqlite3_close(db);
		return hv_fail(err, HV_EDATA,
		               "%s is not a whole haven database (%s): it is damaged or is "
		               "something else",
		               path, *result ? result : "not a database");
	}
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		info->schema = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	s = NULL;
	int rc = 0;
	if (info->schema > HV_SCHEMA_VERSION)
		rc =
		    hv_fail(err, HV_ESCHEMA,
		            "%s was written by a newer version of haven (schema %d; this one knows "
		            "up to %d). Update haven first",
		            path, info->schema, HV_SCHEMA_VERSION);
	else if (info->schema < 0)
		rc = hv_fail(err, HV_EDATA,
		             "%s says its schema version is %d, which no haven ever wrote: it is "
		             "damaged or was changed by another program",
		             path, info->schema);
	else if (info->schema < 1 ||
	         sqlite3_prepare_v2(db,
	                            "SELECT (SELECT count(*) FROM records),"
	                            " EXISTS (SELECT 1 FROM meta WHERE key = 'vault')",
	                            -1, &s, NULL) != SQLITE_OK ||
	         sqlite3_step(s) != SQLITE_ROW)
		rc = hv_fail(err, HV_EDATA, "%s is a database, but not a haven one", path);
	else {
		info->records = sqlite3_column_int64(s, 0);
		info->vault = sqlite3_column_int(s, 1);
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
	return rc;
}
