/*
 * server.h — `haven serve`: the local web app over the same library.
 *
 * One HTTP server on 127.0.0.1 (libmicrohttpd, one internal polling thread,
 * so the store is only ever used from that thread).  Access needs the
 * random token printed at start, traded on first visit for an HttpOnly,
 * SameSite=Strict cookie; the Host header must be the loopback address and
 * port; writes need the same origin and a CSRF token.  Static assets are
 * compiled into the binary.
 */
#ifndef HAVEN_WEB_SERVER_H
#define HAVEN_WEB_SERVER_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/store.h"

#define HV_WEB_BODY_MAX   (1 << 20)  /* JSON request bodies */
#define HV_WEB_IMPORT_MAX (64 << 20) /* an import upload */

struct hv_web;

/* What makes an address last across restarts (`haven serve --remember`):
 * the token in the printed URL, the session cookie's value, the CSRF token,
 * and the port. */
#define HV_WEB_SECRET_HEX 65 /* 32 bytes as hex, and a NUL */
struct hv_web_secrets {
	char token[HV_WEB_SECRET_HEX], session[HV_WEB_SECRET_HEX], csrf[HV_WEB_SECRET_HEX];
	uint16_t port;
};

struct hv_web_options {
	struct hv_store *store;
	uint16_t port;                        /* 0: pick a free one */
	const struct hv_web_secrets *secrets; /* NULL: new ones for this run */
	/* The cookie lasts a year, not the browser session: with a remembered
	 * address, a bookmark opens haven after a restart. */
	int lasting;
};

/*
 * The remembered address, kept in a file of its own beside the database
 * (hv_web_remember_path): read (1 when there is one, 0 when not; -1 when it
 * cannot be trusted — readable by others, not ours, garbled), written from
 * a running server (0600, replaced whole), and forgotten (1 when there was
 * one), after which the old address opens nothing.
 */
int hv_web_remember_path(const char *db_path, char *buf, size_t n, struct hv_error *err);
int hv_web_remembered(const char *path, struct hv_web_secrets *out, struct hv_error *err);
int hv_web_remember(const char *path, const struct hv_web *web, struct hv_error *err);
int hv_web_forget(const char *path, struct hv_error *err);

/* Start serving; the URL with the access token is in hv_web_url(). */
int hv_web_start(struct hv_web **out, const struct hv_web_options *opt, struct hv_error *err);
const char *hv_web_url(const struct hv_web *web);
uint16_t hv_web_port(const struct hv_web *web);
void hv_web_stop(struct hv_web *web);

/*
 * One API request as the router sees it: method, path below /api/, the
 * query string values, and the body (NUL-terminated, may be empty).
 */
struct hv_request {
	const char *method;
	const char *path;
	const char *body;
	size_t body_len;
	/* Query-string lookup: the server's reads the connection; the fuzzer
	 * and tests bring their own. */
	const char *(*arg)(void *ctx, const char *name);
	void *arg_ctx;
	const char *csrf; /* the session's CSRF token, for GET session; may be NULL */
};

/* An API answer: a status, and a JSON value or raw bytes with a type. */
struct hv_reply {
	unsigned status;
	json_t *json; /* owned; used when set */
	char *bytes;  /* owned (malloc); used when json is NULL */
	size_t len;
	const char *type;     /* content type of bytes */
	const char *filename; /* for Content-Disposition: attachment */
	char *link;           /* owned (malloc); a Link header (the next page), or NULL */
};

/* A query-string value of the request, or NULL. */
const char *hv_request_arg(const struct hv_request *req, const char *name);

/* Fill reply with an error in the API's shape, status from the error code. */
void hv_reply_error(struct hv_reply *reply, const struct hv_error *err);
void hv_reply_message(struct hv_reply *reply, unsigned status, const char *code,
                      const char *message);
/* A library answer as the reply: the JSON it made (stolen), or its error. */
void hv_reply_json(struct hv_reply *reply, json_t *j, const struct hv_error *err);

/*
 * The crisis net for the API: when what was written holds crisis language,
 * add the notice and the help lines for the person's region to the reply,
 * which the page shows before anything else.
 */
void hv_reply_add_crisis(struct hv_store *st, struct hv_reply *reply, const json_t *written);

/* The same for words the net has already read (an import, whose entries
 * the library reads as it brings them in). */
void hv_reply_crisis_heard(struct hv_store *st, struct hv_reply *reply);

/*
 * The crisis net before saving or answering, as every route that takes a
 * person's words calls it: written, a value of kind (safety/crisis-check.h),
 * is asked hv_crisis_check_body, and when it holds crisis language the
 * reply gains the notice through hv_reply_add_crisis — an error reply too,
 * so help never waits for a well-formed body.
 */
void hv_reply_crisis_body(struct hv_store *st, struct hv_reply *reply, const char *kind,
                          const json_t *written);

/* The API router (api.c): handles everything under /api/. */
void hv_api_handle(struct hv_store *st, const struct hv_request *req, struct hv_reply *reply);

/* The largest body the route for method and path (below /api/) takes:
 * HV_WEB_IMPORT_MAX for uploads, HV_WEB_BODY_MAX for everything else. */
size_t hv_api_body_limit(const char *method, const char *path);

/* Whether the reply to method and path (below /api/) depends only on the
 * request, what the database holds and the minute: the server may keep it
 * and send it again until the database changes. */
int hv_api_cacheable(const char *method, const char *path);

/* Whether the handler of method and path writes one record and nothing
 * else, so that its write may share a transaction (one commit, one wait
 * for the disk) with others' that arrive at the same time. */
int hv_api_joins(const char *method, const char *path);

/* Every route of the router's table, in order: its method and its path
 * below /api/, with "{id}" where an id goes ("journal/{id}/restore").  For
 * `haven serve --routes` and the tests that must cover every route. */
void hv_api_routes_each(void (*fn)(const char *method, const char *path, void *ctx), void *ctx);

#endif
