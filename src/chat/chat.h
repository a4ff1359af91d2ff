/*
 * chat.h — the chat reality check: exported chat history in, evidence out.
 *
 * From a WhatsApp, Telegram, Messenger, Instagram or iMessage export
 * haven learns how long a person usually takes to answer, so that when a
 * silence comes it can say plainly whether it is ordinary; and it shows
 * the person their own pattern over the months (follow-ups before any
 * reply, late-night messages).  See docs/chat.md.
 *
 * Privacy by default: per message only its time, who sent it (me / the
 * contact / someone else in a group) and its length are kept — the words
 * only with keep_text.  Storage is chat's own tables (chatlog.h); one
 * record of kind "chat" per contact carries the summary that export and
 * import move.
 *
 * Pipeline: a parser (whatsapp.c, telegram.c, meta.c, imessage.c) streams
 * messages into a sink; the importer (import.c) stages them on disk,
 * decides the date order from the whole file, resolves who is who and
 * merges day by day into the store.
 */
#ifndef HAVEN_CHAT_H
#define HAVEN_CHAT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/error.h"
#include "core/store.h"

#define HV_CHAT_KIND "chat"

/* The longest line read; longer ones are skipped and reported (bytes). */
#define HV_CHAT_LINE_MAX (1 << 20)
/* The most distinct senders one chat may have; more count as "other". */
#define HV_CHAT_SENDERS_MAX 1023
/*
 * Limits on what one import reads, so no input — /dev/zero, an endless
 * pipe, a zip bomb — is read forever (issue 13, item 8); each refusal
 * names its limit and nothing is imported.  The bytes of one chat export
 * (the file, or the chat inside a zip): far above any real chat's text.
 */
#define HV_CHAT_INPUT_MAX ((int64_t)4 << 30)
/* The messages of one export: years of a busy group are a few million. */
#define HV_CHAT_MESSAGES_MAX ((int64_t)20000000)
/* The chat inside a zip may unpack to at most this many times its packed
 * size, plus a margin for small ones (chat text packs 3 to 10 times; a
 * zip bomb, a thousand). */
#define HV_CHAT_ZIP_RATIO  100
#define HV_CHAT_ZIP_MARGIN ((int64_t)16 << 20)

/* --- input: a byte stream (a file, a zip member, memory) ---------------- */

struct hv_chat_input {
	/* Read up to n bytes; 0 at the end, -1 on error (then err is set). */
	ssize_t (*read)(void *ctx, void *buf, size_t n, struct hv_error *err);
	void *ctx;
	const char *name; /* how to call it in messages */
	int64_t size;     /* total bytes when known, else -1 (for progress) */
	void (*progress)(int64_t bytes, int64_t size, void *ctx);
	void *progress_ctx;
	/* A regular file that can also be read at any offset (pread), so a
	 * large one may be read in parts at once: has_fd and its descriptor. */
	int has_fd, fd;
	int64_t lines;     /* set by the WhatsApp reader: how many lines it read */
	int64_t max_bytes; /* read at most this much (0: HV_CHAT_INPUT_MAX) */
	/* Bytes map_off.. map_off + map_len of map_fd are the whole input and
	 * may be mapped instead of read (map_len 0: they may not). */
	int map_fd;
	int64_t map_off, map_len;
};

/* An input over a FILE * (not closed).  A regular file larger than
 * HV_CHAT_INPUT_MAX is refused at its first read. */
void hv_chat_input_file(struct hv_chat_input *in, FILE *f, const char *name);

/* An input over the bytes start..end of a regular file, read with pread. */
struct hv_chat_range {
	int fd;
	int64_t pos, end;
};
void hv_chat_input_range(struct hv_chat_input *in, struct hv_chat_range *r, int fd, int64_t start,
                         int64_t end, const char *name);

/*
 * Open a .zip as phones produce it and pick the chat inside (_chat.txt,
 * "WhatsApp Chat with X.txt", or result.json).  *zip_out must be passed to
 * hv_chat_zip_close afterwards.
 */
struct hv_chat_zip;
int hv_chat_zip_open(const char *path, struct hv_chat_input *in, struct hv_chat_zip **zip_out,
                     struct hv_error *err);
void hv_chat_zip_close(struct hv_chat_zip *z);
/* The same with another margin than HV_CHAT_ZIP_MARGIN over the ratio
 * (tests and fuzzers: a small one reaches the limit with small archives). */
int hv_chat_zip_open_margin(const char *path, int64_t margin, struct hv_chat_input *in,
                            struct hv_chat_zip **zip_out, struct hv_error *err);
/* True when the file starts like a zip archive. */
int hv_chat_is_zip(const char *path);

/* --- parsers -> sink ----------------------------------------------------- */

enum { HV_CHAT_SYSTEM = 4 }; /* besides HV_CHAT_MEDIA, HV_CHAT_DELETED */

struct hv_chat_in {
	int chat;           /* from the sink's chat callback */
	int a, b, c;        /* the date as written; a 2-digit year after a day is +2000 */
	int da;             /* digits of a (4: year first) */
	int sec;            /* seconds since local midnight */
	const char *sender; /* NULL for a system line or notice */
	size_t sender_len;
	const char *sender_id; /* a stable id where the source has one, else NULL */
	int flags;             /* HV_CHAT_MEDIA | HV_CHAT_DELETED | HV_CHAT_SYSTEM */
	uint32_t len;          /* characters written */
	int64_t line;          /* where it starts (Telegram: message number) */
	const char *text;      /* the words, when the sink asked for them */
	size_t text_len;
};

struct hv_chat_sink {
	/* A chat begins: its name (may be NULL) and the exporter's own sender id. */
	int (*chat)(void *ctx, const char *name, const char *me_id, struct hv_error *err);
	int (*message)(void *ctx, const struct hv_chat_in *m, struct hv_error *err);
	void (*skip)(void *ctx, int64_t line);
	void *ctx;
	int want_text;
};

/*
 * Stream a WhatsApp "Export chat" text through sink.  Returns 0, or -1 when
 * reading failed or the sink refused (err says why).  Whether the text was a
 * chat at all is for the caller to judge from what reached the sink.
 */
int hv_whatsapp_parse(struct hv_chat_input *in, const struct hv_chat_sink *sink,
                      struct hv_error *err);

/*
 * Where a WhatsApp export can be cut in two for reading in parallel: the
 * offset of the first line after `near` (bytes of the regular file fd)
 * that starts a message, so no message is split; -1 if none is found
 * within a megabyte.
 */
int64_t hv_whatsapp_split_point(int fd, int64_t size, int64_t near);

/*
 * The exports that are one JSON document (json-export.c): load it whole
 * (refused with a message when it is not a JSON object), then walk it.
 * hv_chat_json_parse tells Telegram's from Meta's by their keys and sets
 * *source to "telegram" or "meta".
 */
int hv_chat_json_load(struct hv_chat_input *in, json_t **root, struct hv_error *err);
int hv_chat_json_parse(struct hv_chat_input *in, const struct hv_chat_sink *sink,
                       const char **source, struct hv_error *err);

/* Parse a Telegram Desktop JSON export (one chat or a full export). */
int hv_telegram_parse(struct hv_chat_input *in, const struct hv_chat_sink *sink,
                      struct hv_error *err);
int hv_telegram_walk(const json_t *root, const struct hv_chat_sink *sink, struct hv_error *err);

/*
 * Meta's "Download your information" (meta.c): one Messenger or Instagram
 * thread, message_N.json — {"participants": [{"name"}], "title",
 * "messages": [{"sender_name", "timestamp_ms", "content", ...}]}, or the
 * newer end-to-end encrypted chats' {"participants": ["name"], "threadName",
 * "messages": [{"senderName", "timestamp", "text", ...}]}.
 */
int hv_meta_is(const json_t *root);
int hv_meta_walk(const json_t *root, const struct hv_chat_sink *sink, struct hv_error *err);
/*
 * Meta writes each UTF-8 byte of a string as a character of its own
 * ("Jos\u00c3\u00a9" for "José").  The n bytes at s undone so, in a new
 * string of *out_n bytes, when they are exactly that; NULL when s is to be
 * taken as it is (it was not double-encoded, or undoing it would not give
 * valid text).
 */
char *hv_meta_repair(const char *s, size_t n, size_t *out_n);

/*
 * The text export of imessage-exporter (imessage.c): a header line of date
 * and time, the sender ("Me" for you), the message's lines.  hv_imessage_looks
 * says whether the n bytes at s (the file's start) begin so.
 */
int hv_imessage_looks(const char *s, size_t n);
int hv_imessage_parse(struct hv_chat_input *in, const struct hv_chat_sink *sink,
                      struct hv_error *err);

/* --- dates --------------------------------------------------------------- */

enum hv_date_order { HV_ORDER_AUTO = 0, HV_ORDER_DMY, HV_ORDER_MDY, HV_ORDER_YMD };

/* "dmy" | "mdy" | "ymd" → order, or -1. */
int hv_chat_order_parse(const char *s);
const char *hv_chat_order_name(int order);

/* The date a, b, c written with da digits first read in order; 0 or -1. */
int hv_chat_date(int order, int a, int b, int c, int da, int *y, int *m, int *d);

/*
 * Deciding the order from the whole file: every date is shown to the
 * tally; a field above 12 rules an order out, and among the orders still
 * possible the one under which the dates go backwards least often wins
 * (day first on a tie, the commonest way of writing dates).
 */
struct hv_chat_order_tally {
	int64_t invalid[4], backwards[4], prev_day[4], first_day[4];
	int have_prev[4];
	int64_t dates;
};
void hv_chat_order_see(struct hv_chat_order_tally *t, int a, int b, int c, int da);
/* Add u, the tally of the dates that come after t's, to t. */
void hv_chat_order_join(struct hv_chat_order_tally *t, const struct hv_chat_order_tally *u);
int hv_chat_order_decide(const struct hv_chat_order_tally *t);

/* --- import -------------------------------------------------------------- */

struct hv_chat_import_opts {
	const char *me;      /* --me NAME */
	const char *contact; /* --contact NAME */
	int keep_text;
	int order;      /* HV_ORDER_AUTO unless --date-order */
	int64_t *added; /* if not NULL: how many messages were new */
	/*
	 * How a WhatsApp file is read.  lanes 0: in two parts at once when it
	 * is a large regular file and the machine has two cores; 1: in one
	 * pass; 2: in two parts whenever it can be cut.  split_near: where to
	 * look for the cut (0: the middle).  The result is the same either way;
	 * tests and fuzzers use these to show it.
	 */
	int lanes;
	int64_t split_near;
	int *lanes_used;      /* if not NULL: how many parts the file was read in */
	int64_t max_messages; /* refuse an export of more (0: HV_CHAT_MESSAGES_MAX) */
	/* If not NULL: seconds spent reading and parsing the export (to the
	 * staged tuples), and writing the store (merging days, the commit);
	 * bench/chat.sh prints them. */
	double *read_seconds, *store_seconds;
	/* If set: called now and then while the export is read, with the
	 * bytes read, the input's size (-1: not known) and the messages
	 * found so far (the terminal's progress bar). */
	void (*progress)(int64_t bytes, int64_t size, int64_t messages, void *ctx);
	void *progress_ctx;
};

/*
 * Import one export into st in one transaction: all of it (less unreadable
 * lines) or nothing.  Returns {"messages": N, "contacts": [...],
 * "skipped_lines": [...]} where N counts messages written by people.
 */
json_t *hv_chat_import(struct hv_store *st, struct hv_chat_input *in,
                       const struct hv_chat_import_opts *o, struct hv_error *err);

/* The most line numbers a summary lists. */
#define HV_CHAT_SKIPPED_MAX 1000

/* Check a "chat" record body (for import/export). */
int hv_chat_validate(const json_t *body, struct hv_error *err);

/* The stored key of a contact's name (NFC, case-folded); caller frees. */
char *hv_chat_key_of(const char *name);

/* The "chat" record of contact; HV_ENOTFOUND with a helpful message if none. */
int hv_chat_find(struct hv_store *st, const char *contact, struct hv_record *out,
                 struct hv_error *err);

/* Every imported contact: [{"contact","source","messages","first","last"}]. */
json_t *hv_chat_list(struct hv_store *st, struct hv_error *err);

/* Remove every message, kept word and the record of contact. */
json_t *hv_chat_forget(struct hv_store *st, const char *contact, struct hv_error *err);

/* --- reply-time statistics (pure; unit-tested) --------------------------- */

/*
 * Conversations, not lines (docs/chat.md, "Conversations").  A conversation
 * ends when nobody has written for this long.  Real replies inside a
 * conversation take minutes, rarely an hour or two; a night's sleep is
 * seven hours and more.  Six hours sits in the empty valley between the
 * two, so a goodnight and the next morning's "morning :)" are two
 * conversations, while a reply after a long afternoon meeting is still a
 * reply.  test_chat_convo.c shows the figures barely move for 4 to 8 h.
 */
#define HV_CHAT_CONVERSATION_GAP_H 6
/* Fewer replies than this in all: "too little history". */
#define HV_CHAT_MIN_REPLIES 10
/* Conditioning on the hour (and day type) needs at least this many. */
#define HV_CHAT_MIN_SIMILAR 20
/* A silence that fewer than this share of the replies (or, past the
 * conversation gap, of the comings back) outlasted is unusual: haven says
 * so gently and offers next steps, the coach among them. */
#define HV_CHAT_UNUSUAL_SHARE 0.1
/* "Similar hour": within this many hours either way, round the clock. */
#define HV_CHAT_HOUR_WINDOW 2

struct hv_chat_reply {
	double minutes; /* from the message answered to the answer */
	int hour;       /* local hour of the message answered, 0–23 */
	int weekend;    /* 1 when that was a Saturday or Sunday */
	/* Set with HV_CHAT_STEP_BACK: from the end of the last conversation
	 * the other took part in to their next message. */
	double back_minutes;
};

/* Percentile p (0–1) of n sorted values, linear between closest ranks. */
double hv_chat_percentile(const double *sorted, size_t n, double p);

enum hv_chat_basis { HV_BASIS_NONE, HV_BASIS_ALL, HV_BASIS_HOUR, HV_BASIS_HOUR_DAY };
const char *hv_chat_basis_name(enum hv_chat_basis b);

struct hv_chat_wait {
	size_t replies; /* all replies known */
	size_t used;    /* those the figures are from */
	enum hv_chat_basis basis;
	int enough;              /* replies >= HV_CHAT_MIN_REPLIES */
	double share_longer;     /* of used, the share that took longer than silence (NAN: none) */
	double median, p25, p75; /* minutes */
	/* Coming back after a conversation ended (hv_chat_back_stats). */
	size_t backs;
	int back_enough; /* backs >= HV_CHAT_MIN_REPLIES */
	double back_share_longer, back_median, back_p25, back_p75;
};

/*
 * The figures for a silence of silence_min minutes (negative: none given)
 * that began at local hour `hour` on a weekend day or not.
 */
int hv_chat_wait_stats(const struct hv_chat_reply *r, size_t n, int hour, int weekend,
                       double silence_min, struct hv_chat_wait *out);

/* The coming-back figures of out from n gaps in minutes (sorted in place). */
void hv_chat_back_stats(double *v, size_t n, double silence_min, struct hv_chat_wait *out);

/*
 * Walking a chat in time order.  A reply by `to` is its first message after
 * one of from's within the same conversation, timed from from's last
 * message; a message that opens a conversation is not a reply.  Messages
 * of anyone else keep a conversation going but are never replies.
 */
struct hv_chat_msg {
	int64_t t;     /* UTC seconds */
	int64_t local; /* local wall-clock seconds since the epoch */
	int role;
	int flags;
	uint32_t len;
};
struct hv_chat_reply_walk {
	int from, to;
	int64_t gap_s; /* silence that ends a conversation; 0: HV_CHAT_CONVERSATION_GAP_H */
	int pending;   /* from has written in this conversation since to last did */
	struct hv_chat_msg last;
	int seen; /* a message has been walked; last_t is its time */
	int64_t last_t;
	int to_here; /* to has written in the present conversation */
	int away;    /* a conversation to was in has ended at ended_t; to silent since */
	int64_t ended_t;
};
/* The conversation gap of a walk, in seconds. */
int64_t hv_chat_gap_s(int64_t gap_s);
/* Does a message at t open a new conversation after one at last_t? */
int hv_chat_opens(int64_t gap_s, int seen, int64_t last_t, int64_t t);

enum { HV_CHAT_STEP_REPLY = 1, HV_CHAT_STEP_BACK = 2 };
/*
 * Feed one message; returns a mask: HV_CHAT_STEP_REPLY with minutes, hour
 * and weekend filled when it is a reply, HV_CHAT_STEP_BACK with
 * back_minutes when it is to's first message after a conversation to took
 * part in ended (both, when to answers a conversation from opened).
 */
int hv_chat_reply_step(struct hv_chat_reply_walk *w, const struct hv_chat_msg *m,
                       struct hv_chat_reply *out);

/* Replies by the contact to me, and the contact's coming-back gaps in
 * minutes, read from the store; caller frees *out and *back. */
int hv_chat_contact_replies(struct hv_store *st, const char *contact, struct hv_chat_reply **out,
                            size_t *n, double **back, size_t *nback, struct hv_error *err);

/*
 * `chat wait`: {"contact", "silence_minutes", "replies", "used", "basis",
 * "enough", "longer_percent", "typical_minutes", "p25_minutes", "p75_minutes"
 * (whole minutes), "conversation_gap_hours", "returns", "return_longer_percent",
 * "return_typical_minutes", "return_p25_minutes", "return_p75_minutes",
 * "unusual", "sentences": [...], "offer", "do": [...]} for a silence that began at
 * since_ms (0: none given), now being now_ms.  "offer" names each action of
 * "do" (core/action.h) by a slot, "{pause}", for a front end to fill with
 * its own way to it: a command to type, a link.
 */
json_t *hv_chat_wait(struct hv_store *st, const char *contact, int64_t since_ms, int64_t now_ms,
                     struct hv_error *err);

/* "25 minutes", "1 hour 10 minutes", "3 hours", "2 days". */
void hv_chat_duration(double minutes, char *buf, size_t n);

/* --- the person's own pattern -------------------------------------------- */

/* A message of mine less than this long after my previous one, with no
 * word from the contact between, belongs to the same turn (one thought
 * typed in pieces); one at least this long after, still unanswered within
 * the same conversation, is a follow-up. */
#define HV_CHAT_TURN_GAP_MIN 10
/* Messages sent from midnight to this hour count as late-night. */
#define HV_CHAT_NIGHT_END_HOUR 5

struct hv_chat_month {
	int year, month;
	int64_t mine, turns, followups, longest_run, night;
	double *reply_minutes; /* my replies to the contact, this month */
	size_t nreplies, cap;
};

/* Per-month walker over one chat's messages in time order. */
struct hv_chat_pattern_walk {
	struct hv_chat_month *months;
	size_t nmonths, cap;
	int oom;
	int64_t gap_s; /* conversation gap; 0: HV_CHAT_CONVERSATION_GAP_H */
	/* conversation and follow-up state */
	int seen;
	int64_t last_t;      /* anyone's previous message */
	int unanswered;      /* I have written in this conversation since the contact last did */
	int64_t last_mine_t; /* time of my previous message */
	int64_t run;         /* follow-ups in the current unanswered stretch */
	struct hv_chat_reply_walk own;
};
void hv_chat_pattern_init(struct hv_chat_pattern_walk *w);
void hv_chat_pattern_step(struct hv_chat_pattern_walk *w, const struct hv_chat_msg *m);
void hv_chat_pattern_end(struct hv_chat_pattern_walk *w); /* close the open run */
void hv_chat_pattern_free(struct hv_chat_pattern_walk *w);
/* The months as JSON (merging several walks is done by the caller). */
json_t *hv_chat_pattern_months(struct hv_chat_pattern_walk *w);

/*
 * `chat patterns`: {"contact": name|null, "months": [{"month", "messages",
 * "turns", "followups", "followup_percent", "longest_followup_run", "night_messages",
 * "own_typical_reply_minutes"}], "note"} for one contact or, with contact
 * NULL, every imported chat together.
 */
json_t *hv_chat_patterns(struct hv_store *st, const char *contact, struct hv_error *err);

/* A short summary for `haven insights`, or NULL when nothing is imported. */
json_t *hv_chat_insights(struct hv_store *st, struct hv_error *err);

#endif
