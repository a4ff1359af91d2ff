/*
 * chatlog.c — the chat_days / chat_texts tables and the import stage (see
 * chatlog.h).  Blobs are little-endian 64-bit keys written byte by byte, so
 * a database moves between machines unchanged.
 */
#include "chatlog.h"

#include <stdlib.h>
#include <string.h>

#include "store-private.h"

struct hv_chatlog_stage {
	struct hv_store *st;
	sqlite3_stmt *chunk, *text, *get_text;
	int64_t seq;
};

static int stage_fail(struct hv_chatlog_stage *sg, struct hv_error *err, const char *doing)
{
	return hv_store_db_fail(sg->st, err, doing);
}

static const char stage_sql[] =
    "DROP TABLE IF EXISTS temp.chat_stage;"
    "DROP TABLE IF EXISTS temp.chat_stage_text;"
    /* Keyed by date so reading back in date order needs no sort: an export
     * is nearly in order already, so the inserts mostly append. */
    "CREATE TEMP TABLE chat_stage (chat INTEGER, a INTEGER, b INTEGER, c INTEGER,"
    " seq INTEGER, data BLOB, PRIMARY KEY (chat, a, b, c, seq)) WITHOUT ROWID;"
    "CREATE TEMP TABLE chat_stage_text (line INTEGER PRIMARY KEY, text BLOB);";

int hv_chatlog_stage_open(struct hv_store *st, struct hv_chatlog_stage **out,
			  struct hv_error *err)
{
	*out = NULL;
	struct hv_chatlog_stage *sg = calloc(1, sizeof *sg);
	if (!sg)
		return hv_fail(err, HV_ENOMEM, "out of memory");
	sg->st = st;
	if (sqlite3_exec(st->db, stage_sql, NULL, NULL, NULL) != SQLITE_OK) {
		stage_fail(sg, err, "prepare the import");
		free(sg);
		return -1;
	}
	if (hv_store_prepare(st, "INSERT INTO temp.chat_stage VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
			     &sg->chunk, err) < 0 ||
	    hv_store_prepare(st, "INSERT OR REPLACE INTO temp.chat_stage_text VALUES (?1, ?2)",
			     &sg->text, err) < 0 ||
	    hv_store_prepare(st, "SELECT text FROM temp.chat_stage_text WHERE line = ?1",
			     &sg->get_text, err) < 0) {
		hv_chatlog_stage_close(sg);
		return -1;
	}
	*out = sg;
	return 0;
}

void hv_chatlog_stage_close(struct hv_chatlog_stage *sg)
{
	if (!sg)
		return;
	sqlite3_finalize(sg->chunk);
	sqlite3_finalize(sg->text);
	sqlite3_finalize(sg->get_text);
	sqlite3_exec(sg->st->db,
		     "DROP TABLE IF EXISTS temp.chat_stage; DROP TABLE IF EXISTS temp.chat_stage_text",
		     NULL, NULL, NULL);
	free(sg);
}

int hv_chatlog_stage_chunk(struct hv_chatlog_stage *sg, int chat, int a, int b, int c,
			   const void *data, size_t n, struct hv_error *err)
{
	sqlite3_stmt *s = sg->chunk;
	sqlite3_bind_int(s, 1, chat);
	sqlite3_bind_int(s, 2, a);
	sqlite3_bind_int(s, 3, b);
	sqlite3_bind_int(s, 4, c);
	sqlite3_bind_int64(s, 5, sg->seq++);
	sqlite3_bind_blob64(s, 6, data, n, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc == SQLITE_DONE ? 0 : stage_fail(sg, err, "hold the messages while reading");
}

int hv_chatlog_stage_text(struct hv_chatlog_stage *sg, int64_t line, const char *text,
			  size_t n, struct hv_error *err)
{
	sqlite3_stmt *s = sg->text;
	sqlite3_bind_int64(s, 1, line);
	sqlite3_bind_blob64(s, 2, text, n, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc == SQLITE_DONE ? 0 : stage_fail(sg, err, "hold the messages while reading");
}

const char *hv_chatlog_stage_get_text(struct hv_chatlog_stage *sg, int64_t line, size_t *n)
{
	sqlite3_stmt *s = sg->get_text;
	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, line);
	if (sqlite3_step(s) != SQLITE_ROW)
		return NULL;
	*n = (size_t)sqlite3_column_bytes(s, 0);
	const char *t = sqlite3_column_blob(s, 0);
	return t ? t : "";
}

int hv_chatlog_stage_each(struct hv_chatlog_stage *sg, hv_chatlog_chunk_fn fn, void *ctx,
			  struct hv_error *err)
{
	sqlite3_stmt *s;
	if (hv_store_prepare(sg->st,
			     "SELECT chat, a, b, c, data FROM temp.chat_stage"
			     " ORDER BY chat, a, b, c, seq",
			     &s, err) < 0)
		return -1;
	int rc, r = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		r = fn(sqlite3_column_int(s, 0), sqlite3_column_int(s, 1), sqlite3_column_int(s, 2),
		       sqlite3_column_int(s, 3), sqlite3_column_blob(s, 4),
		       (size_t)sqlite3_column_bytes(s, 4), ctx);
		if (r)
			break;
	}
	if (!r && rc != SQLITE_DONE)
		r = stage_fail(sg, err, "read back the messages");
	sqlite3_finalize(s);
	return r ? -1 : 0;
}

static void put_le64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_le64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* Decode a day's blob; a blob of the wrong size is damage, not data. */
static int decode(struct hv_store *st, const void *blob, size_t bytes, int64_t n,
		  uint64_t **keys, struct hv_error *err)
{
	if (n < 0 || bytes != (size_t)n * 8)
		return hv_fail(err, HV_ECORRUPT,
			       "the chat history in %s is damaged. Forget that contact with "
			       "`haven chat forget` and import the chat again",
			       hv_store_path(st));
	*keys = malloc(bytes ? bytes : 1);
	if (!*keys)
		return hv_fail(err, HV_ENOMEM, "out of memory");
	const unsigned char *p = blob;
	for (int64_t i = 0; i < n; i++)
		(*keys)[i] = get_le64(p + 8 * i);
	return 0;
}

int hv_chatlog_day_get(struct hv_store *st, const char *chat, int64_t day, uint64_t **keys,
		       size_t *n, struct hv_error *err)
{
	*keys = NULL;
	*n = 0;
	sqlite3_stmt *s;
	if (hv_store_prepare(st, "SELECT n, data FROM chat_days WHERE chat = ?1 AND day = ?2", &s,
			     err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, chat, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, day);
	int rc = sqlite3_step(s), r = 0;
	if (rc == SQLITE_ROW) {
		int64_t cnt = sqlite3_column_int64(s, 0);
		r = decode(st, sqlite3_column_blob(s, 1), (size_t)sqlite3_column_bytes(s, 1), cnt,
			   keys, err);
		if (r == 0)
			*n = (size_t)cnt;
	} else if (rc != SQLITE_DONE) {
		r = hv_store_db_fail(st, err, "read the chat history");
	}
	sqlite3_finalize(s);
	return r;
}

int hv_chatlog_day_put(struct hv_store *st, const char *chat, int64_t day, int off_min,
		       const uint64_t *keys, size_t n, struct hv_error *err)
{
	if (hv_store_ensure_writable(st, err) < 0)
		return -1;
	unsigned char *blob = malloc(n * 8 + 1);
	if (!blob)
		return hv_fail(err, HV_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++)
		put_le64(blob + 8 * i, keys[i]);
	sqlite3_stmt *s;
	if (hv_store_prepare(st, "INSERT OR REPLACE INTO chat_days VALUES (?1, ?2, ?3, ?4, ?5)", &s,
			     err) < 0) {
		free(blob);
		return -1;
	}
	sqlite3_bind_text(s, 1, chat, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, day);
	sqlite3_bind_int(s, 3, off_min);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)n);
	sqlite3_bind_blob64(s, 5, blob, n * 8, free);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : hv_store_db_fail(st, err, "save the chat history");
}

int hv_chatlog_text_put(struct hv_store *st, const char *chat, int64_t day, uint64_t key,
			int ordinal, const char *text, size_t n, struct hv_error *err)
{
	sqlite3_stmt *s;
	if (hv_store_prepare(st, "INSERT OR IGNORE INTO chat_texts VALUES (?1, ?2, ?3, ?4, ?5)",
			     &s, err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, chat, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, day);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)key);
	sqlite3_bind_int(s, 4, ordinal);
	sqlite3_bind_text64(s, 5, text, n, SQLITE_TRANSIENT, SQLITE_UTF8);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : hv_store_db_fail(st, err, "save the chat's words");
}

int hv_chatlog_each_day(struct hv_store *st, const char *chat, hv_chatlog_day_fn fn, void *ctx,
			struct hv_error *err)
{
	sqlite3_stmt *s;
	if (hv_store_prepare(st, "SELECT day, off, n, data FROM chat_days WHERE chat = ?1 ORDER BY day",
			     &s, err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, chat, -1, SQLITE_TRANSIENT);
	int rc, r = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		uint64_t *keys;
		int64_t n = sqlite3_column_int64(s, 2);
		if (decode(st, sqlite3_column_blob(s, 3), (size_t)sqlite3_column_bytes(s, 3), n, &keys,
			   err) < 0) {
			r = -1;
			break;
		}
		int stop = fn(sqlite3_column_int64(s, 0), sqlite3_column_int(s, 1), keys, (size_t)n,
			      ctx);
		free(keys);
		if (stop)
			break;
	}
	if (r == 0 && rc != SQLITE_ROW && rc != SQLITE_DONE)
		r = hv_store_db_fail(st, err, "read the chat history");
	sqlite3_finalize(s);
	return r;
}

int hv_chatlog_count(struct hv_store *st, const char *chat, int64_t *messages,
		     int64_t *first_day, int64_t *last_day, struct hv_error *err)
{
	sqlite3_stmt *s;
	if (hv_store_prepare(st,
			     "SELECT coalesce(sum(n), 0), coalesce(min(day), 0), coalesce(max(day), 0)"
			     " FROM chat_days WHERE chat = ?1",
			     &s, err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, chat, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*messages = sqlite3_column_int64(s, 0);
		if (first_day)
			*first_day = sqlite3_column_int64(s, 1);
		if (last_day)
			*last_day = sqlite3_column_int64(s, 2);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : hv_store_db_fail(st, err, "read the chat history");
}

int hv_chatlog_forget(struct hv_store *st, const char *chat, int64_t *removed,
		      struct hv_error *err)
{
	if (hv_chatlog_count(st, chat, removed, NULL, NULL, err) < 0 ||
	    hv_store_ensure_writable(st, err) < 0)
		return -1;
	static const char *const sql[] = {"DELETE FROM chat_days WHERE chat = ?1",
					  "DELETE FROM chat_texts WHERE chat = ?1"};
	for (int i = 0; i < 2; i++) {
		sqlite3_stmt *s;
		if (hv_store_prepare(st, sql[i], &s, err) < 0)
			return -1;
		sqlite3_bind_text(s, 1, chat, -1, SQLITE_TRANSIENT);
		int rc = sqlite3_step(s);
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE)
			return hv_store_db_fail(st, err, "forget the chat history");
	}
	return 0;
}
