/*
 * server-private.h — what the files of `haven serve` share (server.c is
 * the gate and drives the rest; the whole design is at its head):
 *
 *   server-reply.c     what goes back: headers, bytes, assets, API replies
 *   server-door.c      the page for a visit without the cookie or token
 *   server-cache.c     replies kept, for the routes that only read
 *   server-batch.c     group commit: writes that arrive together share one
 *   server-remember.c  the remembered address (`haven serve --remember`)
 */
#ifndef HAVEN_WEB_SERVER_PRIVATE_H
#define HAVEN_WEB_SERVER_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "mhd-lib.h"
#include "server.h"

#define SECRET_HEX HV_WEB_SECRET_HEX

struct conn;

/* Replies kept (see the top of this file): a few, small, least recently
 * used first out. */
#define CACHE_SLOTS   32
#define CACHE_BYTES   (2 << 20)
#define CACHE_KEY_MAX 1024

struct cached {
	char *key; /* path and query; NULL: a free slot */
	uint64_t mark;
	int64_t minute;
	uint64_t used; /* when last sent, in requests */
	char *bytes;
	size_t len;
	const char *type;
	char *link;
};

/* Group commit (see the top of this file): the open round, and how the
 * last rounds ended, for writers that come back after their commit. */
#define BATCH_RING 64
struct batch {
	int open;
	uint64_t number;             /* of the open (or last) round */
	uint64_t failed[BATCH_RING]; /* round numbers whose commit failed */
	struct hv_error why[BATCH_RING];
};

struct hv_web {
	struct MHD_Daemon *daemon;
	struct hv_store *store;
	struct hv_checkpointer *checkpointer;
	struct cached cache[CACHE_SLOTS];
	size_t cache_bytes;
	uint64_t requests;
	struct batch batch;
	uint16_t port;
	char token[SECRET_HEX];   /* in the printed URL, traded once per browser */
	char session[SECRET_HEX]; /* the cookie value */
	char csrf[SECRET_HEX];    /* sent back on every write */
	int lasting;              /* remembered: the cookie outlives the browser session */
	char url[128];
	char host_ip[32], host_name[32], origin_ip[48], origin_name[48];
	struct conn *untrusted_first, *untrusted_last;
	unsigned untrusted;
};

/* Per-request state across libmicrohttpd's calls for one request. */
struct pending {
	char *body;
	size_t len, cap, limit;
	int too_big;
	/* A write in a shared transaction: its answer, kept until the commit. */
	int held;
	uint64_t batch;
	struct hv_reply reply;
};

/* What goes back (server-reply.c). */
/* The headers every answer carries: the content policy and its kin. */
void hv_srv_common_headers(struct MHD_Response *r);
/* Queue bytes (copied) with a type, and Cache-Control (NULL: no-store). */
enum MHD_Result hv_srv_send_bytes(struct MHD_Connection *c, unsigned status, const char *type,
                                  const void *bytes, size_t len, const char *cache);
enum MHD_Result hv_srv_send_text(struct MHD_Connection *c, unsigned status, const char *text);
enum MHD_Result hv_srv_send_json_error(struct MHD_Connection *c, unsigned status, const char *code,
                                       const char *message);
/* Embedded assets only: the name must match a table entry exactly. */
enum MHD_Result hv_srv_send_asset(struct MHD_Connection *c, const char *url);
enum MHD_Result hv_srv_send_reply(struct MHD_Connection *c, const struct hv_reply *reply);
/* A JSON reply becomes bytes, so every reply is sent (and kept) alike. */
void hv_srv_reply_to_bytes(struct hv_reply *reply);

/* The door (server-door.c). */
/* May url be served before the gate (it holds nothing of the person's)? */
int hv_srv_is_public(const char *url);
/* The page that says how to open haven again, with 403. */
enum MHD_Result hv_srv_send_door(struct MHD_Connection *c);

/* Replies kept (server-cache.c). */
/* An API request: from the kept replies when it only reads and nothing
 * has changed since, else from the router. */
enum MHD_Result hv_srv_answer_api(struct hv_web *w, struct MHD_Connection *c, const char *url,
                                  const struct hv_request *req);
void hv_srv_cache_clear(struct hv_web *w);

/* Group commit (server-batch.c). */
/* Write in the open round, opening one if none is; 0 when the request was
 * taken (its connection now waits), -1 when it must be answered alone. */
int hv_srv_batch_join(struct hv_web *w, struct MHD_Connection *c, struct pending *p,
                      const struct hv_request *req);
/* A writer back after its round: its answer, or the commit's error. */
enum MHD_Result hv_srv_batch_answer(struct hv_web *w, struct MHD_Connection *c, struct pending *p);
/* End the open round, if any: commit what its writers wrote. */
void hv_srv_batch_end(struct hv_web *w);

#endif
