/*
 * chatlog.h — chat's own tables of imported history, and the stage of one
 * import (days.c holds the tables and their codec, stage.c the stage;
 * schema.c the migration steps that make the tables).
 *
 * A chat export can hold a million and more messages, so they are not one
 * record each.  Per contact and local calendar day the store keeps one row
 * whose blob is that day's messages, each a 64-bit key: the second of the
 * day, who sent it (me, the contact, someone else in a group), two flags
 * and the length in characters — never the words, unless the person asked
 * for them with --keep-text (then they go to a table of their own).  On
 * disk the sorted keys are varint-packed, about three bytes a message.
 * Keys are kept sorted, so a day reads back in time order, and a message's
 * key together with its ordinal among equal keys is what makes re-importing
 * an overlapping export add only what is new.
 *
 * While an import runs, parsed messages wait in a "stage" so memory stays
 * flat however large the file is: each message as one 64-bit tuple (the
 * importer's own packing, never the words) appended to an unlinked
 * temporary file, its line number to a second one, and each run —
 * consecutive messages of one chat on one written date — to a third.  When
 * reading is over the runs go into a small SQLite temp table, so the stage
 * reads back grouped by date however the file was ordered.  A run is
 * usually a whole day, so the index has a row per day, not per message.
 * The stage goes away when the import ends.
 *
 * A large file may be read in parts at once, one thread per part: each
 * part appends to its own lane of the stage, and the lanes are read back
 * in order, lane 0 first, as if one reader had read the whole file.
 */
#ifndef HAVEN_CHATLOG_H
#define HAVEN_CHATLOG_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/store.h"

struct sqlite3;
struct sqlite3_stmt;

enum { HV_CHAT_ME = 0, HV_CHAT_CONTACT = 1, HV_CHAT_OTHER = 2 };
enum { HV_CHAT_MEDIA = 1, HV_CHAT_DELETED = 2 };
#define HV_CHAT_LEN_MAX 0xffffffffu

/* One message as stored: sec (0–86399) | role | flags | length. */
static inline uint64_t hv_chat_key(int sec, int role, int flags, uint32_t len)
{
	return (uint64_t)sec << 36 | (uint64_t)(role & 3) << 34 | (uint64_t)(flags & 3) << 32 | len;
}
static inline int hv_chat_key_sec(uint64_t k)
{
	return (int)(k >> 36);
}
static inline int hv_chat_key_role(uint64_t k)
{
	return (int)(k >> 34 & 3);
}
static inline int hv_chat_key_flags(uint64_t k)
{
	return (int)(k >> 32 & 3);
}
static inline uint32_t hv_chat_key_len(uint64_t k)
{
	return (uint32_t)k;
}

/* --- the stage of one import ------------------------------------------- */

struct hv_chatlog_stage;

#define HV_CHATLOG_LANES 2

/* Open a fresh stage on st's connection with lanes (1..HV_CHATLOG_LANES)
 * lanes; an empty stage if one was left. */
int hv_chatlog_stage_open(struct hv_store *st, int lanes, struct hv_chatlog_stage **out,
                          struct hv_error *err);
/* Drop the stage's tables and files and free it. */
void hv_chatlog_stage_close(struct hv_chatlog_stage *sg);

/*
 * One message of chat on the written date (a, b, c): its tuple and the line
 * it starts on.  Messages come in the order of the file part the lane
 * reads.  The one call that may run in several threads at once, one per
 * lane: it touches only its lane, never the database.  Every other call
 * comes from the thread that opened the stage, while no lane is adding.
 */
int hv_chatlog_stage_add(struct hv_chatlog_stage *sg, int lane, int chat, int a, int b, int c,
                         uint64_t tuple, int64_t line, struct hv_error *err);
/* Add base to the line numbers of lane (its part's lines are counted from
 * where the part starts). */
void hv_chatlog_stage_line_base(struct hv_chatlog_stage *sg, int lane, int64_t base);
/* The words of the message that starts on line (only with --keep-text). */
int hv_chatlog_stage_text(struct hv_chatlog_stage *sg, int64_t line, const char *text, size_t n,
                          struct hv_error *err);
/* The staged words of line, or NULL; valid until the next call. */
const char *hv_chatlog_stage_get_text(struct hv_chatlog_stage *sg, int64_t line, size_t *n);

/* All staged messages of one chat on one written date, in file order. */
struct hv_chatlog_group {
	int chat, a, b, c;
	const uint64_t *tuples;
	size_t n;
};
/* Every group, ordered by chat and date; non-zero from fn stops (-1 = error). */
typedef int (*hv_chatlog_group_fn)(const struct hv_chatlog_group *g, void *ctx);
int hv_chatlog_stage_each(struct hv_chatlog_stage *sg, hv_chatlog_group_fn fn, void *ctx,
                          struct hv_error *err);
/* While in fn: the line numbers of the current group's messages, in the
 * same order as its tuples (read only when asked: they are rarely needed). */
int hv_chatlog_stage_lines(struct hv_chatlog_stage *sg, const int64_t **lines,
                           struct hv_error *err);

/* The stored day as hv_chatlog_day_get / _put do, with statements the stage
 * keeps prepared for the many days of one import. */
int hv_chatlog_stage_day_get(struct hv_chatlog_stage *sg, const char *chat, int64_t day,
                             uint64_t **keys, size_t *n, struct hv_error *err);
int hv_chatlog_stage_day_put(struct hv_chatlog_stage *sg, const char *chat, int64_t day,
                             int off_min, const uint64_t *keys, size_t n, struct hv_error *err);

/* --- the stored history ----------------------------------------------- */

/* The sorted keys of chat's day (none: *n = 0); caller frees *keys. */
int hv_chatlog_day_get(struct hv_store *st, const char *chat, int64_t day, uint64_t **keys,
                       size_t *n, struct hv_error *err);
/* Replace chat's day with keys (sorted), seen at local offset off_min. */
int hv_chatlog_day_put(struct hv_store *st, const char *chat, int64_t day, int off_min,
                       const uint64_t *keys, size_t n, struct hv_error *err);
/* Keep the words of one message (ignored when already kept). */
int hv_chatlog_text_put(struct hv_store *st, const char *chat, int64_t day, uint64_t key,
                        int ordinal, const char *text, size_t n, struct hv_error *err);

/* Every day of chat, oldest first; return non-zero from fn to stop. */
typedef int (*hv_chatlog_day_fn)(int64_t day, int off_min, const uint64_t *keys, size_t n,
                                 void *ctx);
int hv_chatlog_each_day(struct hv_store *st, const char *chat, hv_chatlog_day_fn fn, void *ctx,
                        struct hv_error *err);

/* How many messages chat has, and its first and last day (0 when none). */
int hv_chatlog_count(struct hv_store *st, const char *chat, int64_t *messages, int64_t *first_day,
                     int64_t *last_day, struct hv_error *err);

/* Remove every day and kept word of chat; *removed counts the messages. */
int hv_chatlog_forget(struct hv_store *st, const char *chat, int64_t *removed,
                      struct hv_error *err);

/* --- shared by days.c, stage.c and schema.c ----------------------------- */

/* The most bytes one key takes in a day's blob: 3 for a 17-bit gap and
 * the 4 bits of role and flags, 5 for a 32-bit length. */
#define HV_CHATLOG_KEY_BYTES_MAX 8

/* Read chat's day with the prepared statement s (SELECT n, data; reset,
 * not finalised), as hv_chatlog_day_get does. */
int hv_chatlog_day_read(struct hv_store *st, struct sqlite3_stmt *s, const char *chat, int64_t day,
                        uint64_t **keys, size_t *n, struct hv_error *err);
/* Write chat's day with s (INSERT OR REPLACE INTO chat_days); blob, of
 * n * HV_CHATLOG_KEY_BYTES_MAX bytes, is scratch space. */
int hv_chatlog_day_write(struct hv_store *st, struct sqlite3_stmt *s, unsigned char *blob,
                         const char *chat, int64_t day, int off_min, const uint64_t *keys, size_t n,
                         struct hv_error *err);

/* Register haven_chat_repack(n, data) on db: step 4 rewrites the days of
 * step 3 in their denser form with it. */
int hv_chatlog_repack_setup(struct sqlite3 *db);

#endif
