/*
 * import-private.h — what the files of one chat import share (import.c
 * drives it): the collector the parsers stream messages into, with its
 * chats and senders, and the steps that turn it into stored days.
 *
 *   collect.c       the collector: senders interned, messages staged
 *   people.c        who is who: which sender is the person, which the contact
 *   import-store.c  merging the staged days into the store, the chat record
 *   split.c         reading a large WhatsApp file in two parts at once
 */
#ifndef HAVEN_CHAT_IMPORT_PRIVATE_H
#define HAVEN_CHAT_IMPORT_PRIVATE_H

#include <stdatomic.h>
#include <stdint.h>

#include "chat.h"
#include "chatlog.h"
#include "core/error.h"
#include "core/store.h"

struct sender {
	char *name, *id, *key;
	size_t name_len;
	int role;
};

struct chat {
	char *name, *me_id;
	struct sender *s;
	size_t ns, cap;
	size_t last; /* index of the last sender seen: most lines repeat it */
	int64_t messages, added, kept_out;
	int skip; /* not imported (a group in a full Telegram export, …) */
	char *key, *contact, *me;
	/* the days stored before this import: others need no look-up */
	int64_t old_n, old_first, old_last;
	/* read in two parts: the second part's senders as indexes of s */
	uint32_t *remap;
	size_t nremap;
	int overflow;   /* more senders came than s may hold */
	int one_writer; /* only one person wrote: no replies to learn from */
};

/*
 * What is staged per message: 64 bits, never the words — length | flags <<
 * 32 | second of the day << 34 | sender << 51 | lane << 61, where sender
 * indexes the senders of the lane that read it (see join_lane).
 */
_Static_assert(HV_CHAT_SENDERS_MAX < 1024, "a sender index must fit in 10 bits");
static inline uint64_t tuple_pack(int sec, int flags, uint32_t sender, uint32_t len, int lane)
{
	return (uint64_t)len | (uint64_t)(flags & 3) << 32 | (uint64_t)(sec & 0x1ffff) << 34 |
	       (uint64_t)(sender & 0x3ff) << 51 | (uint64_t)(lane & 1) << 61;
}
#define TUPLE_LEN(t)    ((uint32_t)(t))
#define TUPLE_FLAGS(t)  ((int)((t) >> 32 & 3))
#define TUPLE_SEC(t)    ((int)((t) >> 34 & 0x1ffff))
#define TUPLE_SENDER(t) ((uint32_t)((t) >> 51 & 0x3ff))
#define TUPLE_LANE(t)   ((int)((t) >> 61 & 1))

struct collector {
	struct hv_store *st;
	struct hv_chatlog_stage *sg;
	const struct hv_chat_import_opts *o;
	const char *source, *file;
	struct chat *chats;
	size_t nchats, cap;
	int cur;
	struct hv_chat_order_tally tally;
	int seen_any, sa, sb, sc, sda; /* the last date shown to the tally */
	int fa, fb, fc, fda;           /* and the first */
	int lane;                      /* the stage's lane this collector fills */
	atomic_int *stop;              /* set when the other part's reader failed */
	int64_t *skipped;
	size_t nskipped;
	int64_t skipped_total, messages;
	int order;
	/* scratch for merging one day, reused from day to day */
	uint64_t *keys, *merged;
	size_t keys_cap, merged_cap;
	struct hv_error *err;
};

/* ---- collect.c ---------------------------------------------------------- */

/* The sink a parser streams into c through (want_text: --keep-text). */
struct hv_chat_sink hv_import_sink(struct collector *c, int want_text);
void hv_import_skip(void *ctx, int64_t line);
int hv_import_on_chat(void *ctx, const char *name, const char *me_id, struct hv_error *err);
int hv_import_on_message(void *ctx, const struct hv_chat_in *m, struct hv_error *err);
/* Room for one more sender at ch->s[ch->ns], cleared; NULL when out of memory. */
struct sender *hv_import_new_sender(struct chat *ch, struct hv_error *err);
int64_t hv_import_max_messages(const struct hv_chat_import_opts *o);
/* "more than the message limit": -1 with err filled. */
int hv_import_too_many(const struct collector *c, struct hv_error *err);
void hv_import_free_chats(struct collector *c);
void hv_import_free(struct collector *c);
/* Forget what was read, to read the file again from the start. */
void hv_import_clear(struct collector *c);

/* ---- people.c ----------------------------------------------------------- */

/* Which of ch's senders is the person and which the contact (their roles),
 * from --me and --contact, earlier imports and the file's name. */
int hv_import_resolve(struct collector *c, struct chat *ch, struct hv_error *err);
/* In a full Telegram export only personal chats are read, or the one asked for. */
void hv_import_choose(struct collector *c);

/* ---- import-store.c ----------------------------------------------------- */

/* Which days each chat had before this import (see import-store.c). */
int hv_import_stored_days(struct collector *c, struct hv_error *err);
/* Merge one written date's messages of one chat into its stored day. */
int hv_import_merge_group(const struct hv_chatlog_group *g, void *ctx);
/* Write or update the "chat" record of ch's contact. */
int hv_import_save_record(struct collector *c, struct chat *ch, struct hv_error *err);

/* ---- split.c ------------------------------------------------------------ */

/* How many parts of in to read at once (1 or 2). */
int hv_import_lanes(const struct hv_chat_input *in, const struct hv_chat_import_opts *o,
                    int not_whatsapp);

/* How reading a file in two parts at once went. */
enum hv_split_result {
	HV_SPLIT_READ,    /* both parts read, staged and joined as one */
	HV_SPLIT_FAILED,  /* reading failed: err says why */
	HV_SPLIT_UNCUT,   /* not cut (no place to cut, no thread): nothing staged */
	HV_SPLIT_CROWDED, /* the second part met more senders than it could tell
	                   * apart: empty the stage and read in one pass */
};
enum hv_split_result hv_import_read_in_two(struct collector *c, const struct hv_chat_input *in,
                                           struct hv_error *err);

#endif
