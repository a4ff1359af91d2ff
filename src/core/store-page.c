/*
 * store-page.c — the store read a page at a time for `haven serve`: bodies
 * handed out as their stored text, a mark that says whether anything may
 * have changed, and the WAL checkpoint moved off the request path.
 * store-page.h says why each exists.
 */
#include "store-page.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vault-private.h"

void hv_page_key_format(const struct hv_page_key *k, char out[HV_PAGE_KEY_MAX])
{
	snprintf(out, HV_PAGE_KEY_MAX, "%" PRId64 ".%s", k->created_ms, k->id);
}

int hv_page_key_parse(const char *s, struct hv_page_key *k)
{
	if (!s)
		return -1;
	const char *p = s + (*s == '-');
	int64_t ms = 0;
	size_t digits = 0;
	/* 18 digits hold any time a record has, and cannot overflow: a 19th
	 * is never read, and makes the key one haven never gave. */
	for (; *p >= '0' && *p <= '9' && digits < 18; p++, digits++)
		ms = ms * 10 + (*p - '0');
	if (digits == 0 || *p != '.' || !hv_uuid_valid(p + 1))
		return -1;
	k->created_ms = *s == '-' ? -ms : ms;
	snprintf(k->id, sizeof k->id, "%s", p + 1);
	return 0;
}

/* The body as the walk reads it: opened from its box in a vault.  Every
 * column is named by its table, r: inside json_each(), "id" and "key"
 * would be json_each's own. */
static const char *body_sql(const struct hv_store *st)
{
	return st->sealed ? HV_RECORD_OPEN_SQL("r.") : "r.body";
}

static void build_sql(const struct hv_store *st, const struct hv_page_query *q, char *sql, size_t n)
{
	const char *b = body_sql(st);
	int len = snprintf(sql, n,
	                   "SELECT r.id, r.kind, r.created_ms, r.created_off, r.updated_ms,"
	                   " r.updated_off, r.version, r.deleted, %s, r.rowid, %s"
	                   " FROM records AS r WHERE r.kind = ?1",
	                   b,
	                   /* A box that opens was sealed by haven; a body in clear must be
	                    * a JSON object, or writing it out as it is would break the
	                    * reply. */
	                   st->sealed ? "1"
	                              : "typeof(r.body) = 'text' AND json_valid(r.body)"
	                                " AND substr(r.body, 1, 1) = '{'");
	if (q->since_ms)
		len += snprintf(sql + len, n - (size_t)len, " AND r.created_ms >= ?2");
	if (q->until_ms)
		len += snprintf(sql + len, n - (size_t)len, " AND r.created_ms < ?3");
	if (!q->include_deleted)
		len += snprintf(sql + len, n - (size_t)len, " AND r.deleted = 0");
	if (q->before) /* the range first, so SQLite walks (kind, created_ms) */
		len += snprintf(sql + len, n - (size_t)len,
		                " AND r.created_ms <= ?4 AND (r.created_ms < ?4 OR r.id < ?5)");
	if (q->has_path && q->has_value)
		len += snprintf(sql + len, n - (size_t)len,
		                " AND CASE WHEN json_valid(%s) THEN EXISTS (SELECT 1 FROM"
		                " json_each(%s, ?6) AS j WHERE j.value = ?7) ELSE 0 END",
		                b, b);
	snprintf(sql + len, n - (size_t)len,
	         " ORDER BY r.kind DESC, r.created_ms DESC, r.id DESC LIMIT ?8");
}

int hv_store_each_raw(struct hv_store *st, const struct hv_page_query *q, hv_raw_fn fn, void *ctx,
                      struct hv_error *err)
{
	char sql[2048];
	build_sql(st, q, sql, sizeof sql);
	sqlite3_stmt *s;
	if (hv_store_prepare(st, sql, &s, err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, q->kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, q->since_ms);
	sqlite3_bind_int64(s, 3, q->until_ms);
	if (q->before) {
		sqlite3_bind_int64(s, 4, q->before->created_ms);
		sqlite3_bind_text(s, 5, q->before->id, -1, SQLITE_TRANSIENT);
	}
	if (q->has_path && q->has_value) {
		sqlite3_bind_text(s, 6, q->has_path, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 7, q->has_value, -1, SQLITE_TRANSIENT);
	}
	sqlite3_bind_int64(s, 8, q->limit > 0 ? q->limit : -1);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct hv_raw_record r = {
		    .id = (const char *)sqlite3_column_text(s, 0),
		    .kind = (const char *)sqlite3_column_text(s, 1),
		    .created_ms = sqlite3_column_int64(s, 2),
		    .created_off = sqlite3_column_int(s, 3),
		    .updated_ms = sqlite3_column_int64(s, 4),
		    .updated_off = sqlite3_column_int(s, 5),
		    .version = sqlite3_column_int64(s, 6),
		    .deleted = sqlite3_column_int(s, 7),
		    .body = (const char *)sqlite3_column_text(s, 8),
		};
		r.body_len = (size_t)sqlite3_column_bytes(s, 8);
		/* Only ids and kinds haven writes go out unescaped. */
		if (!sqlite3_column_int(s, 10) || !r.id || !hv_uuid_valid(r.id) || !r.kind ||
		    !hv_kind_valid(r.kind) || !r.body || r.body[0] != '{') {
			char row[32];
			snprintf(row, sizeof row, "row %lld",
			         (long long)sqlite3_column_int64(s, 9));
			hv_store_note_damaged(st, r.id && *r.id ? r.id : row);
			continue;
		}
		if (fn(&r, ctx))
			break;
	}
	int ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
	sqlite3_finalize(s);
	return ok ? 0 : hv_store_db_fail(st, err, "read the entries");
}

uint64_t hv_store_change_mark(struct hv_store *st, struct hv_error *err)
{
	/* data_version moves on a commit by another connection (the CLI while
	 * the server runs); total_changes counts this connection's own. */
	sqlite3_stmt *s;
	if (hv_store_prepare(st, "PRAGMA data_version", &s, err) < 0)
		return 0;
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		hv_store_db_fail(st, err, "read the database");
		return 0;
	}
	uint64_t dv = (uint64_t)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	uint64_t mark = (dv << 32) ^ (uint64_t)sqlite3_total_changes64(st->db);
	return mark ? mark : 1;
}

int hv_store_in_transaction(const struct hv_store *st)
{
	return !sqlite3_get_autocommit(st->db);
}

/* ---- the checkpointer ------------------------------------------------------ */

#define CHECK_EVERY_MS 200
#define RESTART_FRAMES 1000  /* pages in the log: SQLite's own bound, about 4 MB */
#define FORCE_FRAMES   16000 /* ... and where writes that never pause are held off anyway */

struct hv_checkpointer {
	struct hv_store *st;
	sqlite3 *db; /* its own connection: a checkpoint never waits on a request */
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int stop;
};

static int64_t data_version(sqlite3 *db)
{
	sqlite3_stmt *s;
	int64_t v = -1;
	if (sqlite3_prepare_v2(db, "PRAGMA data_version", -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* Soon after each change, fold the log in.  PASSIVE never waits for a
 * reader or writer: what it cannot copy now, the next round does. */
static void *checkpoint_loop(void *arg)
{
	struct hv_checkpointer *cp = arg;
	int64_t done = -1, seen = -1;
	pthread_mutex_lock(&cp->mu);
	while (!cp->stop) {
		struct timespec t;
		clock_gettime(CLOCK_REALTIME, &t);
		t.tv_nsec += CHECK_EVERY_MS * 1000000L;
		t.tv_sec += t.tv_nsec / 1000000000L;
		t.tv_nsec %= 1000000000L;
		pthread_cond_timedwait(&cp->cv, &cp->mu, &t);
		if (cp->stop)
			break;
		pthread_mutex_unlock(&cp->mu);
		int64_t v = data_version(cp->db);
		int log = 0;
		if (v >= 0 && v != done &&
		    sqlite3_wal_checkpoint_v2(cp->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log,
		                              NULL) == SQLITE_OK)
			done = v;
		/* Under writes that never pause, a passive checkpoint never finds
		 * the log all copied, so the log never starts over and grows
		 * without end (and every read searches more of it).  Past a
		 * bound, copy the little that is left with writers held off a
		 * moment, so the next write starts the log from its beginning —
		 * once the writes pause (nothing changed since the last round),
		 * so no request waits on it, or, when they never do, past a far
		 * larger bound. */
		int paused = v >= 0 && v == seen;
		seen = v;
		if (log > FORCE_FRAMES || (log > RESTART_FRAMES && paused)) {
			sqlite3_busy_timeout(cp->db, 100);
			sqlite3_wal_checkpoint_v2(cp->db, NULL, SQLITE_CHECKPOINT_RESTART, NULL,
			                          NULL);
			sqlite3_busy_timeout(cp->db, 0);
		}
		pthread_mutex_lock(&cp->mu);
	}
	pthread_mutex_unlock(&cp->mu);
	return NULL;
}

int hv_checkpointer_start(struct hv_store *st, struct hv_checkpointer **out, struct hv_error *err)
{
	*out = NULL;
	/* Nothing to fold in: a database only read, or one in memory. */
	if (st->readonly || !st->path || strcmp(st->path, ":memory:") == 0)
		return 0;
	struct hv_checkpointer *cp = calloc(1, sizeof *cp);
	if (!cp)
		return hv_fail(err, HV_ENOMEM, "out of memory");
	cp->st = st;
	if (sqlite3_open_v2(st->path, &cp->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		hv_fail(err, HV_EIO, "cannot open %s a second time: %s", st->path,
		        cp->db ? sqlite3_errmsg(cp->db) : "out of memory");
		sqlite3_close(cp->db);
		free(cp);
		return -1;
	}
	pthread_mutex_init(&cp->mu, NULL);
	pthread_cond_init(&cp->cv, NULL);
	if (pthread_create(&cp->thread, NULL, checkpoint_loop, cp) != 0) {
		pthread_cond_destroy(&cp->cv);
		pthread_mutex_destroy(&cp->mu);
		sqlite3_close(cp->db);
		free(cp);
		return hv_fail(err, HV_EIO, "cannot start a thread");
	}
	sqlite3_wal_autocheckpoint(st->db, 0);
	*out = cp;
	return 0;
}

void hv_checkpointer_stop(struct hv_checkpointer *cp)
{
	if (!cp)
		return;
	pthread_mutex_lock(&cp->mu);
	cp->stop = 1;
	pthread_cond_signal(&cp->cv);
	pthread_mutex_unlock(&cp->mu);
	pthread_join(cp->thread, NULL);
	pthread_cond_destroy(&cp->cv);
	pthread_mutex_destroy(&cp->mu);
	sqlite3_close(cp->db);
	sqlite3_wal_autocheckpoint(cp->st->db, 1000); /* SQLite's default */
	free(cp);
}
