/*
 * days.c — chat's stored history (see chatlog.h): the chat_days and
 * chat_texts tables that chat's own migration steps make (schema.c), and
 * the day blob's codec.  A day's blob is a run of byte-oriented varints
 * (see pack_keys), so a database moves between machines unchanged.
 */
#include "chatlog.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/store-db.h"
#include "core/vault.h"

/* ---- the stored history ------------------------------------------------ */

/*
 * A day's blob.  Its keys are sorted, so their seconds never go down, and
 * most messages are short: each key is written as two unsigned LEB128
 * varints, (seconds since the previous key << 4 | role << 2 | flags) and
 * the length.  An ordinary message takes three bytes instead of eight, so
 * a large import writes a third of the pages.
 */

static size_t put_varint(unsigned char *p, uint64_t v)
{
	size_t n = 0;
	while (v >= 0x80) {
		p[n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (unsigned char)v;
	return n;
}

/* The varint at *p (before end), at most max bytes; -1 when cut short. */
static int get_varint(const unsigned char **p, const unsigned char *end, int max, uint64_t *v)
{
	uint64_t x = 0;
	for (int i = 0; i < max && *p < end; i++) {
		unsigned char b = *(*p)++;
		x |= (uint64_t)(b & 0x7f) << (7 * i);
		if (!(b & 0x80)) {
			*v = x;
			return 0;
		}
	}
	return -1;
}

/* n sorted keys into blob (room for n * HV_CHATLOG_KEY_BYTES_MAX); returns its size. */
static size_t pack_keys(unsigned char *blob, const uint64_t *keys, size_t n)
{
	size_t at = 0;
	uint64_t prev = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t sec = (uint64_t)hv_chat_key_sec(keys[i]);
		uint64_t head = (sec - prev) << 4 | (keys[i] >> 32 & 0xf);
		at += put_varint(blob + at, head);
		at += put_varint(blob + at, hv_chat_key_len(keys[i]));
		prev = sec;
	}
	return at;
}

/* The n keys of a blob into keys; -1 when it does not hold exactly n valid,
 * sorted keys. */
static int unpack_keys(const unsigned char *p, size_t bytes, uint64_t *keys, size_t n)
{
	const unsigned char *end = p + bytes;
	uint64_t sec = 0, head, len;
	for (size_t i = 0; i < n; i++) {
		if (get_varint(&p, end, 3, &head) < 0 || get_varint(&p, end, 5, &len) < 0 ||
		    len > HV_CHAT_LEN_MAX)
			return -1;
		sec += head >> 4;
		if (sec > 86399)
			return -1;
		keys[i] = sec << 36 | (head & 0xf) << 32 | len;
	}
	return p == end ? 0 : -1;
}

/* Decode a day's blob; a blob that does not hold n keys is damage, not data. */
static int decode(struct hv_store *st, const void *blob, size_t bytes, int64_t n, uint64_t **keys,
                  struct hv_error *err)
{
	*keys = NULL;
	if (n < 0 || (uint64_t)n > bytes || (n > 0 && !blob))
		goto damaged;
	*keys = malloc(n ? (size_t)n * sizeof **keys : 1);
	if (!*keys)
		return hv_fail(err, HV_ENOMEM, "out of memory");
	if (unpack_keys(blob, bytes, *keys, (size_t)n) == 0)
		return 0;
	free(*keys);
	*keys = NULL;
damaged:
	return hv_fail(err, HV_ECORRUPT,
	               "the chat history in %s is damaged. Forget that contact with "
	               "`haven chat forget` and import the chat again",
	               hv_store_path(st));
}

/*
 * haven_chat_repack(n, data): a day written by schema 3, n little-endian
 * 64-bit keys, in today's form.  Only chat's step 4 calls it (schema.c).
 * A blob of the wrong size becomes one that cannot decode, so the damage
 * is still reported when the day is read rather than hidden.
 */
static void sql_repack(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	sqlite3_int64 n = sqlite3_value_int64(argv[0]);
	const unsigned char *old = sqlite3_value_blob(argv[1]);
	size_t bytes = (size_t)sqlite3_value_bytes(argv[1]);
	static const unsigned char damaged[1] = {0xff};
	if (n < 0 || bytes != (size_t)n * 8 || (n > 0 && !old)) {
		sqlite3_result_blob(cx, damaged, sizeof damaged, SQLITE_STATIC);
		return;
	}
	uint64_t *keys = malloc(n ? (size_t)n * 8 : 1);
	unsigned char *blob = malloc(n ? (size_t)n * HV_CHATLOG_KEY_BYTES_MAX : 1);
	if (!keys || !blob) {
		free(keys);
		free(blob);
		sqlite3_result_error_nomem(cx);
		return;
	}
	for (sqlite3_int64 i = 0; i < n; i++) {
		uint64_t v = 0;
		for (int b = 7; b >= 0; b--)
			v = v << 8 | old[8 * i + b];
		keys[i] = v;
	}
	int sorted = 1;
	for (sqlite3_int64 i = 0; i < n; i++)
		if (hv_chat_key_sec(keys[i]) > 86399 || (i > 0 && keys[i] < keys[i - 1]))
			sorted = 0;
	if (sorted) {
		sqlite3_result_blob(cx, blob, (int)pack_keys(blob, keys, (size_t)n), free);
	} else {
		free(blob);
		sqlite3_result_blob(cx, damaged, sizeof damaged, SQLITE_STATIC);
	}
	free(keys);
}

int hv_chatlog_repack_setup(struct sqlite3 *db)
{
	return sqlite3_create_function_v2(db, "haven_chat_repack", 2,
	                                  SQLITE_UTF8 | SQLITE_DIRECTONLY | SQLITE_DETERMINISTIC,
	                                  NULL, sql_repack, NULL, NULL, NULL);
}

int hv_chatlog_day_read(struct hv_store *st, sqlite3_stmt *s, const char *chat, int64_t day,
                        uint64_t **keys, size_t *n, struct hv_error *err)
{
	*keys = NULL;
	*n = 0;
	sqlite3_bind_text(s, 1, chat, -1, SQLITE_STATIC);
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
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return r;
}

int hv_chatlog_day_write(struct hv_store *st, sqlite3_stmt *s, unsigned char *blob,
                         const char *chat, int64_t day, int off_min, const uint64_t *keys, size_t n,
                         struct hv_error *err)
{
	if (hv_store_ensure_writable(st, err) < 0)
		return -1;
	size_t bytes = pack_keys(blob, keys, n);
	sqlite3_bind_text(s, 1, chat, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, day);
	sqlite3_bind_int(s, 3, off_min);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)n);
	sqlite3_bind_blob64(s, 5, blob, bytes, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc == SQLITE_DONE ? 0 : hv_store_db_fail(st, err, "save the chat history");
}

int hv_chatlog_day_get(struct hv_store *st, const char *chat, int64_t day, uint64_t **keys,
                       size_t *n, struct hv_error *err)
{
	sqlite3_stmt *s;
	if (hv_store_prepare(st, "SELECT n, data FROM chat_days WHERE chat = ?1 AND day = ?2", &s,
	                     err) < 0)
		return -1;
	int r = hv_chatlog_day_read(st, s, chat, day, keys, n, err);
	sqlite3_finalize(s);
	return r;
}

int hv_chatlog_day_put(struct hv_store *st, const char *chat, int64_t day, int off_min,
                       const uint64_t *keys, size_t n, struct hv_error *err)
{
	unsigned char *blob = malloc(n * HV_CHATLOG_KEY_BYTES_MAX + 1);
	if (!blob)
		return hv_fail(err, HV_ENOMEM, "out of memory");
	sqlite3_stmt *s;
	int r = -1;
	if (hv_store_prepare(st, "INSERT OR REPLACE INTO chat_days VALUES (?1, ?2, ?3, ?4, ?5)", &s,
	                     err) == 0) {
		r = hv_chatlog_day_write(st, s, blob, chat, day, off_min, keys, n, err);
		sqlite3_finalize(s);
	}
	free(blob);
	return r;
}

int hv_chatlog_text_put(struct hv_store *st, const char *chat, int64_t day, uint64_t key,
                        int ordinal, const char *text, size_t n, struct hv_error *err)
{
	sqlite3_stmt *s;
	if (hv_store_prepare(st, "INSERT OR IGNORE INTO chat_texts VALUES (?1, ?2, ?3, ?4, ?5)", &s,
	                     err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, chat, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, day);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)key);
	sqlite3_bind_int(s, 4, ordinal);
	if (hv_vault_on(st)) {
		/* In a vault the words are sealed like record bodies, under the
		 * associated data schema.c gives the vault for older rows. */
		size_t adn = strlen(chat) + 80;
		char *ad = malloc(adn);
		unsigned char *box;
		size_t len;
		if (ad)
			snprintf(ad, adn, "chat|%lld|%lld|%d|%s", (long long)day,
			         (long long)(int64_t)key, ordinal, chat);
		int rc = ad ? hv_vault_seal_text(st, ad, text, n, &box, &len, err)
		            : hv_fail(err, HV_ENOMEM, "out of memory");
		free(ad);
		if (rc < 0) {
			sqlite3_finalize(s);
			return -1;
		}
		sqlite3_bind_blob64(s, 5, box, len, free);
	} else {
		sqlite3_bind_text64(s, 5, text, n, SQLITE_TRANSIENT, SQLITE_UTF8);
	}
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : hv_store_db_fail(st, err, "save the chat's words");
}

int hv_chatlog_each_day(struct hv_store *st, const char *chat, hv_chatlog_day_fn fn, void *ctx,
                        struct hv_error *err)
{
	sqlite3_stmt *s;
	if (hv_store_prepare(st,
	                     "SELECT day, off, n, data FROM chat_days WHERE chat = ?1 ORDER BY day",
	                     &s, err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, chat, -1, SQLITE_TRANSIENT);
	int rc, r = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		uint64_t *keys;
		int64_t n = sqlite3_column_int64(s, 2);
		if (decode(st, sqlite3_column_blob(s, 3), (size_t)sqlite3_column_bytes(s, 3), n,
		           &keys, err) < 0) {
			r = -1;
			break;
		}
		int stop =
		    fn(sqlite3_column_int64(s, 0), sqlite3_column_int(s, 1), keys, (size_t)n, ctx);
		free(keys);
		if (stop)
			break;
	}
	if (r == 0 && rc != SQLITE_ROW && rc != SQLITE_DONE)
		r = hv_store_db_fail(st, err, "read the chat history");
	sqlite3_finalize(s);
	return r;
}

int hv_chatlog_count(struct hv_store *st, const char *chat, int64_t *messages, int64_t *first_day,
                     int64_t *last_day, struct hv_error *err)
{
	sqlite3_stmt *s;
	if (hv_store_prepare(
	        st,
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

int hv_chatlog_forget(struct hv_store *st, const char *chat, int64_t *removed, struct hv_error *err)
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
