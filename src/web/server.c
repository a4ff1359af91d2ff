/*
 * server.c — the HTTP side of `haven serve`: limits, access control,
 * static assets and handing /api/ requests to the router.
 *
 * Every request passes the same gate, in this order: the Host header must
 * name our loopback address and port (defeats DNS rebinding); then the
 * request must carry our session cookie, or the start-up token, which is
 * traded for the cookie and dropped from the URL; then any request that
 * can change something must come from our own origin and carry the CSRF
 * token.  Only then is a path looked at.  Secrets are compared in constant
 * time.  A request with more than one Host header, or with a control byte
 * in its address (raw or %-escaped, such as %00), is refused before all of
 * that.
 *
 * The door: a page asked for without the cookie or the token gets a short
 * page (data/serve.json) saying how to open haven again, drawn with the
 * app's own stylesheet — which, with the icon, is the one thing served
 * before the gate, as it holds nothing of the person's.
 *
 * Speed: one thread answers every request, so nothing may make others
 * wait long.  Replies of the routes that only read (api.c marks them) are
 * kept, keyed on the request and on the store's change mark (any commit,
 * ours or another haven's, moves it) and the minute, since some answers
 * count from "now"; and the WAL checkpoint runs on a thread of its own
 * (core/store-page.h), never inside a request's commit.  Writes that
 * arrive together share one commit (group commit): the first of a round
 * opens a transaction, each writes in it and its connection waits (is
 * suspended, and at once resumed, so it comes back after this round of the
 * event loop); the first request after the round commits — one wait for
 * the disk for all of them — and only then does each writer get its
 * answer.  A commit that fails turns every answer of its round into the
 * error.
 *
 * Connections: anyone on this computer can connect to 127.0.0.1, so idle or
 * slow connections must not be able to take every place.  A connection is
 * "trusted" once a request on it has shown our cookie or token; at most
 * UNTRUSTED_MAX others are kept open, and when one more arrives the oldest
 * of them is shut, so the real browser always gets in.
 */
#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/content.h"
#include "core/store-page.h"
#include "mhd-lib.h"
#include "sync/sync.h"

#define SECRET_HEX HV_WEB_SECRET_HEX
#define COOKIE     "haven_session"

/* Connection limits (see the top of this file).  The browser keeps a few
 * connections per host name (127.0.0.1 and localhost count apart), so 64 is
 * far more than it needs and leaves room for UNTRUSTED_MAX strangers. */
#define CONNECTIONS_MAX   128         /* open at once, in all */
#define PER_IP_MAX        64          /* from one address */
#define UNTRUSTED_MAX     16          /* not (yet) shown our cookie or token */
#define IDLE_TIMEOUT      15          /* seconds a silent connection is kept */
#define CONNECTION_MEMORY (64 * 1024) /* request head and buffers, each */

/* One TCP connection, from accept to close (libmicrohttpd's socket context).
 * Untrusted ones are in a list, oldest first. */
struct conn {
	struct conn *prev, *next;
	int fd;
	int listed;      /* in the untrusted list */
	int bad_address; /* its current request's address has a control byte */
};

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

static const char *connection_arg(void *conn, const char *name);

struct asset {
	const char *name;
	const char *start;
	const char *end;
};
extern const struct asset hv_asset_table[];

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

static const char csp[] = "default-src 'none'; script-src 'self'; style-src 'self'; "
                          "img-src 'self' data:; connect-src 'self'; font-src 'self'; "
                          "base-uri 'none'; form-action 'self'; frame-ancestors 'none'; "
                          "manifest-src 'self'; worker-src 'self'";

static void new_secret(char out[SECRET_HEX])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(out, SECRET_HEX, raw, sizeof raw);
	sodium_memzero(raw, sizeof raw);
}

static int same_secret(const char *given, const char *ours)
{
	return given && strlen(given) == SECRET_HEX - 1 &&
	       sodium_memcmp(given, ours, SECRET_HEX - 1) == 0;
}

static void add_common_headers(struct MHD_Response *r)
{
	sym_MHD_add_response_header(r, "Content-Security-Policy", csp);
	sym_MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	sym_MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	sym_MHD_add_response_header(r, "X-Frame-Options", "DENY");
	sym_MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	sym_MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
}

/* Queue bytes (copied) with a type, and Cache-Control (NULL: no-store). */
static enum MHD_Result send_bytes(struct MHD_Connection *c, unsigned status, const char *type,
                                  const void *bytes, size_t len, const char *cache)
{
	struct MHD_Response *r =
	    sym_MHD_create_response_from_buffer(len, (void *)bytes, MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	add_common_headers(r);
	sym_MHD_add_response_header(r, "Content-Type", type);
	sym_MHD_add_response_header(r, "Cache-Control", cache ? cache : "no-store");
	enum MHD_Result ok = sym_MHD_queue_response(c, status, r);
	sym_MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result send_text(struct MHD_Connection *c, unsigned status, const char *text)
{
	return send_bytes(c, status, "text/plain; charset=utf-8", text, strlen(text), NULL);
}

static enum MHD_Result send_json_error(struct MHD_Connection *c, unsigned status, const char *code,
                                       const char *message)
{
	json_t *j = json_pack("{s:{s:s,s:s}}", "error", "code", code, "message", message);
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	enum MHD_Result ok = send_bytes(c, status, "application/json", s, s ? strlen(s) : 0, NULL);
	free(s);
	return ok;
}

/* Host must be exactly our address and port, by number or by name. */
static int host_ok(const struct hv_web *w, struct MHD_Connection *c)
{
	const char *host = sym_MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
	return host && (strcmp(host, w->host_ip) == 0 || strcasecmp(host, w->host_name) == 0);
}

static enum MHD_Result count_host(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value)
{
	(void)kind, (void)value;
	if (strcasecmp(key, "Host") == 0)
		++*(unsigned *)cls;
	return MHD_YES;
}

/* RFC 9112 §3.2: a request with more than one Host is refused, whatever the
 * first one says (two servers could each read a different one). */
static int one_host(struct MHD_Connection *c)
{
	unsigned n = 0;
	sym_MHD_get_connection_values(c, MHD_HEADER_KIND, count_host, &n);
	return n <= 1;
}

static struct conn *conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *info =
	    sym_MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return info ? info->socket_context : NULL;
}

static void untrusted_unlink(struct hv_web *w, struct conn *k)
{
	if (k->prev)
		k->prev->next = k->next;
	else
		w->untrusted_first = k->next;
	if (k->next)
		k->next->prev = k->prev;
	else
		w->untrusted_last = k->prev;
	k->prev = k->next = NULL;
	k->listed = 0;
	w->untrusted--;
}

/* A request on this connection showed our cookie or token: it is the
 * browser's, and is never shut to make room. */
static void trust(struct hv_web *w, struct MHD_Connection *c)
{
	struct conn *k = conn_of(c);
	if (k && k->listed)
		untrusted_unlink(w, k);
}

static int origin_ok(const struct hv_web *w, struct MHD_Connection *c)
{
	const char *origin = sym_MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
	return origin &&
	       (strcmp(origin, w->origin_ip) == 0 || strcasecmp(origin, w->origin_name) == 0);
}

static int is_write(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

/* Where the first visit goes on to: its own path when that is a plain one
 * of ours, else the home page. */
static const char *clean_target(const char *url)
{
	if (url[0] != '/' || url[1] == '/' || strncmp(url, "/api/", 5) == 0 || strlen(url) > 200)
		return "/";
	for (const char *p = url; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-",
		            *p))
			return "/";
	return url;
}

/*
 * The first visit: set the cookie and send the browser to the clean URL.
 * Not with a redirect but with a page of ours that moves on by itself: when
 * the browser was opened on the private page that cmd-serve.c writes (a
 * file), the navigation began on another site, and a browser sends a
 * SameSite=Strict cookie along no redirect of such a navigation, so the
 * clean address would be refused.  A navigation begun by our own page is
 * same-site, and the cookie goes with it.  It names the icon, or the browser
 * would ask for /favicon.ico and report the 404.
 */
static enum MHD_Result trade_token(struct hv_web *w, struct MHD_Connection *c, const char *url)
{
	char cookie[160], page[768];
	snprintf(cookie, sizeof cookie, "%s=%s; HttpOnly; SameSite=Strict; Path=/%s", COOKIE,
	         w->session, w->lasting ? "; Max-Age=31536000" : "");
	const char *to = clean_target(url);
	int n = snprintf(page, sizeof page,
	                 "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	                 "<meta http-equiv=\"refresh\" content=\"0;url=%s\">\n"
	                 "<link rel=\"icon\" href=\"/icon.svg\" type=\"image/svg+xml\">\n"
	                 "<title>Opening haven</title>\n</head>\n<body>\n"
	                 "<p><a href=\"%s\">Open haven</a></p>\n</body>\n</html>\n",
	                 to, to);
	struct MHD_Response *r = sym_MHD_create_response_from_buffer(
	    n > 0 && (size_t)n < sizeof page ? (size_t)n : 0, page, MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	add_common_headers(r);
	sym_MHD_add_response_header(r, "Set-Cookie", cookie);
	sym_MHD_add_response_header(r, "Content-Type", "text/html; charset=utf-8");
	sym_MHD_add_response_header(r, "Cache-Control", "no-store");
	enum MHD_Result ok = sym_MHD_queue_response(c, MHD_HTTP_OK, r);
	sym_MHD_destroy_response(r);
	return ok;
}

static const char *type_of(const char *name)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
	    {".html", "text/html; charset=utf-8"},
	    {".js", "text/javascript; charset=utf-8"},
	    {".css", "text/css; charset=utf-8"},
	    {".svg", "image/svg+xml"},
	    {".json", "application/json"},
	    {".ico", "image/x-icon"},
	    {".woff2", "font/woff2"},
	};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof *types; i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

/* The web app manifest, so haven can be installed as an app: its words
 * (name, description) and colours live in data/serve.json like the door's. */
static enum MHD_Result send_manifest(struct MHD_Connection *c)
{
	const json_t *m = json_object_get(hv_content_json("serve.json", NULL), "manifest");
	char *text = m ? json_dumps(m, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	if (!text)
		return send_text(c, MHD_HTTP_NOT_FOUND, "Not found.\n");
	enum MHD_Result ok =
	    send_bytes(c, MHD_HTTP_OK, "application/manifest+json", text, strlen(text), "no-cache");
	free(text);
	return ok;
}

/* Embedded assets only: the name must match a table entry exactly. */
static enum MHD_Result send_asset(struct MHD_Connection *c, const char *url)
{
	if (strcmp(url, "/manifest.json") == 0)
		return send_manifest(c);
	const char *name = strcmp(url, "/") == 0 ? "index.html" : url + 1;
	for (const struct asset *a = hv_asset_table; a->name; a++)
		if (strcmp(a->name, name) == 0)
			return send_bytes(c, MHD_HTTP_OK, type_of(name), a->start,
			                  (size_t)(a->end - a->start), "no-cache");
	return send_text(c, MHD_HTTP_NOT_FOUND, "Not found.\n");
}

/* A JSON reply becomes bytes, so every reply is sent (and kept) alike. */
static void reply_to_bytes(struct hv_reply *reply)
{
	if (!reply->json)
		return;
	reply->bytes = json_dumps(reply->json, JSON_COMPACT | JSON_REAL_PRECISION(15));
	reply->len = reply->bytes ? strlen(reply->bytes) : 0;
	reply->type = "application/json";
	json_decref(reply->json);
	reply->json = NULL;
}

/* ---- the door: how to come back without the token ------------------------- */

/* The stylesheet and the icon hold nothing of the person's: the door page
 * (below) draws with them before the gate is passed.  Nor does the
 * manifest, which a browser fetches without cookies. */
static int is_public(const char *url)
{
	return strcmp(url, "/style.css") == 0 || strcmp(url, "/icon.svg") == 0 ||
	       strcmp(url, "/manifest.json") == 0;
}

struct page_buf {
	char buf[4096];
	size_t len;
	int full;
};

static void page_raw(struct page_buf *p, const char *s)
{
	size_t n = strlen(s);
	if (p->full || p->len + n >= sizeof p->buf) {
		p->full = 1;
		return;
	}
	memcpy(p->buf + p->len, s, n + 1);
	p->len += n;
}

/* Words from data/ into the page, with the five characters of HTML escaped. */
static void page_text(struct page_buf *p, const char *s)
{
	for (; s && *s; s++) {
		char one[2] = {*s, '\0'};
		page_raw(p, *s == '<'    ? "&lt;"
		            : *s == '>'  ? "&gt;"
		            : *s == '&'  ? "&amp;"
		            : *s == '"'  ? "&quot;"
		            : *s == '\'' ? "&#39;"
		                         : one);
	}
}

static void page_para(struct page_buf *p, const char *open, const char *text, const char *close)
{
	if (!text)
		return;
	page_raw(p, open);
	page_text(p, text);
	page_raw(p, close);
}

/*
 * A page opened without the cookie or the token: a bookmark from an earlier
 * start, another browser.  Still 403 (nothing of the person's is here), but
 * a page in haven's own look that says how to come back, its words from
 * data/serve.json.
 */
static enum MHD_Result send_door(struct MHD_Connection *c)
{
	const json_t *door = json_object_get(hv_content_json("serve.json", NULL), "door");
	const char *title = json_string_value(json_object_get(door, "title"));
	struct page_buf p = {.len = 0};
	page_raw(&p, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	             "<link rel=\"stylesheet\" href=\"/style.css\">\n"
	             "<link rel=\"icon\" href=\"/icon.svg\" type=\"image/svg+xml\">\n<title>");
	page_text(&p, title ? title : "haven");
	page_raw(&p, "</title>\n</head>\n<body>\n<header class=\"top\"><span class=\"brand\">haven"
	             "</span></header>\n<main id=\"main\">\n");
	page_para(&p, "<h1>", title, "</h1>\n");
	page_raw(&p, "<section class=\"card\">\n");
	page_para(&p, "<p>", json_string_value(json_object_get(door, "lead")), "</p>\n");
	page_para(&p, "<p>", json_string_value(json_object_get(door, "steps_intro")), "</p>\n");
	page_raw(&p, "<ol>\n");
	size_t i;
	json_t *step;
	json_array_foreach(json_object_get(door, "steps"), i, step)
	    page_para(&p, "<li>", json_string_value(step), "</li>\n");
	page_raw(&p, "</ol>\n");
	page_para(&p, "<p><code>", json_string_value(json_object_get(door, "command")),
	          "</code></p>\n");
	page_para(&p, "<p class=\"note\">", json_string_value(json_object_get(door, "remember")),
	          "</p>\n");
	page_para(&p, "<p><code>", json_string_value(json_object_get(door, "remember_command")),
	          "</code></p>\n");
	page_raw(&p, "</section>\n</main>\n</body>\n</html>\n");
	if (p.full)
		return send_text(c, MHD_HTTP_FORBIDDEN,
		                 "Open haven with the link it printed when it started.\n");
	return send_bytes(c, MHD_HTTP_FORBIDDEN, "text/html; charset=utf-8", p.buf, p.len, NULL);
}

static enum MHD_Result send_reply(struct MHD_Connection *c, const struct hv_reply *reply)
{
	struct MHD_Response *r = sym_MHD_create_response_from_buffer(
	    reply->len, reply->bytes ? reply->bytes : "", MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	add_common_headers(r);
	sym_MHD_add_response_header(r, "Content-Type", reply->type ? reply->type : "text/plain");
	sym_MHD_add_response_header(r, "Cache-Control", "no-store");
	if (reply->link)
		sym_MHD_add_response_header(r, "Link", reply->link);
	if (reply->filename) {
		char disp[256];
		snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", reply->filename);
		sym_MHD_add_response_header(r, "Content-Disposition", disp);
	}
	enum MHD_Result ok = sym_MHD_queue_response(c, reply->status, r);
	sym_MHD_destroy_response(r);
	return ok;
}

/* ---- replies kept ---------------------------------------------------------- */

struct key_buf {
	char *s;
	size_t len, cap;
	int full;
};

static void key_raw(struct key_buf *k, char ch)
{
	if (k->full || k->len + 1 >= k->cap) {
		k->full = 1;
		return;
	}
	k->s[k->len++] = ch;
	k->s[k->len] = '\0';
}

/* Append text, escaping the bytes that join a key's parts, so that two
 * requests never share a key ("a=1%26b=2" is not "a=1&b=2"). */
static void key_put(struct key_buf *k, const char *text)
{
	for (; text && *text; text++) {
		if (*text == '%' || *text == '&' || *text == '=') {
			char hex[4];
			snprintf(hex, sizeof hex, "%%%02X", (unsigned char)*text);
			key_raw(k, hex[0]), key_raw(k, hex[1]), key_raw(k, hex[2]);
		} else
			key_raw(k, *text);
	}
}

static enum MHD_Result add_key_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
	(void)kind;
	struct key_buf *k = cls;
	key_raw(k, k->len ? '&' : '?');
	key_put(k, key);
	if (value) {
		key_raw(k, '=');
		key_put(k, value);
	}
	return k->full ? MHD_NO : MHD_YES;
}

/* The request as a cache key: the path, then its query values in order
 * (a NUL cannot be among them: the gate refuses control bytes).  0 when too
 * long to keep. */
static int cache_key(struct MHD_Connection *c, const char *url, char *out, size_t n)
{
	int len = snprintf(out, n, "%s", url);
	if (len < 0 || (size_t)len >= n)
		return 0;
	struct key_buf k = {.s = out + len, .cap = n - (size_t)len};
	sym_MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_key_arg, &k);
	return !k.full;
}

static void cache_drop(struct hv_web *w, struct cached *e)
{
	w->cache_bytes -= e->len;
	free(e->key);
	free(e->bytes);
	free(e->link);
	memset(e, 0, sizeof *e);
}

static struct cached *cache_find(struct hv_web *w, const char *key, uint64_t mark, int64_t minute)
{
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		struct cached *e = &w->cache[i];
		if (!e->key || strcmp(e->key, key) != 0)
			continue;
		if (e->mark == mark && e->minute == minute) {
			e->used = ++w->requests;
			return e;
		}
		cache_drop(w, e); /* out of date: it will not be asked for as it is again */
		return NULL;
	}
	return NULL;
}

static void cache_put(struct hv_web *w, const char *key, uint64_t mark, int64_t minute,
                      const struct hv_reply *reply)
{
	if (reply->status != 200 || reply->filename || !reply->bytes ||
	    reply->len > CACHE_BYTES / 4)
		return;
	/* Make room: the least recently sent go first. */
	for (;;) {
		struct cached *oldest = NULL, *free_slot = NULL;
		for (size_t i = 0; i < CACHE_SLOTS; i++) {
			struct cached *e = &w->cache[i];
			if (!e->key)
				free_slot = free_slot ? free_slot : e;
			else if (!oldest || e->used < oldest->used)
				oldest = e;
		}
		if (free_slot && w->cache_bytes + reply->len <= CACHE_BYTES) {
			struct cached e = {.key = strdup(key),
			                   .mark = mark,
			                   .minute = minute,
			                   .used = ++w->requests,
			                   .bytes = malloc(reply->len ? reply->len : 1),
			                   .len = reply->len,
			                   .type = reply->type,
			                   .link = reply->link ? strdup(reply->link) : NULL};
			if (!e.key || !e.bytes || (reply->link && !e.link)) {
				free(e.key), free(e.bytes), free(e.link);
				return;
			}
			memcpy(e.bytes, reply->bytes, reply->len);
			*free_slot = e;
			w->cache_bytes += e.len;
			return;
		}
		if (!oldest)
			return;
		cache_drop(w, oldest);
	}
}

static void cache_clear(struct hv_web *w)
{
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		if (w->cache[i].key)
			cache_drop(w, &w->cache[i]);
}

/* ---- group commit ------------------------------------------------------------ */

/* sync.auto (sync/sync.h): what a round wrote goes out to the other
 * devices at once, and what they wrote comes in.  A sync that fails is
 * said on the terminal and never fails the writes, which are saved. */
static void auto_sync(struct hv_web *w)
{
	if (!hv_sync_auto(w->store))
		return;
	struct hv_sync_result r;
	struct hv_error err;
	if (hv_sync_run(w->store, &r, &err) < 0)
		fprintf(stderr, "haven: sync did not happen: %s\n", err.msg);
	else if (r.applied)
		cache_clear(w); /* other devices' entries came in */
	hv_sync_result_free(&r);
}

/* End the open round, if any: commit what its writers wrote. */
static void batch_end(struct hv_web *w)
{
	struct batch *b = &w->batch;
	if (!b->open)
		return;
	b->open = 0;
	struct hv_error err;
	/* SQLite may have ended the transaction itself after an error. */
	int ok =
	    hv_store_in_transaction(w->store)
	        ? hv_store_commit(w->store, &err) == 0
	        : hv_fail(&err, HV_EIO, "the change could not be saved; please try again") == 0;
	if (!ok) {
		b->failed[b->number % BATCH_RING] = b->number;
		b->why[b->number % BATCH_RING] = err;
		cache_clear(w); /* what was read inside the round may be gone */
	}
	if (ok)
		auto_sync(w);
}

/* Write in the open round, opening one if none is; 0 when the request was
 * taken (its connection now waits), -1 when it must be answered alone. */
static int batch_join(struct hv_web *w, struct MHD_Connection *c, struct pending *p,
                      const struct hv_request *req)
{
	struct batch *b = &w->batch;
	if (b->open && !hv_store_in_transaction(w->store))
		batch_end(w); /* ended by SQLite: the round has failed */
	if (!b->open) {
		struct hv_error err;
		if (hv_store_begin(w->store, &err) < 0)
			return -1;
		b->open = 1;
		b->number++;
	}
	p->reply = (struct hv_reply){.status = 200};
	hv_api_handle(w->store, req, &p->reply);
	reply_to_bytes(&p->reply);
	p->held = 1;
	p->batch = b->number;
	sym_MHD_suspend_connection(c);
	sym_MHD_resume_connection(c); /* back after this round of the event loop */
	return 0;
}

/* A writer back after its round: the round is committed (by whoever came
 * first), and its answer goes out — or the commit's error. */
static enum MHD_Result batch_answer(struct hv_web *w, struct MHD_Connection *c, struct pending *p)
{
	if (w->batch.open && w->batch.number == p->batch)
		batch_end(w);
	p->held = 0;
	size_t slot = p->batch % BATCH_RING;
	if (w->batch.failed[slot] == p->batch) {
		free(p->reply.bytes);
		free(p->reply.link);
		p->reply = (struct hv_reply){.status = 200};
		hv_reply_error(&p->reply, &w->batch.why[slot]);
		reply_to_bytes(&p->reply);
	}
	enum MHD_Result ok = send_reply(c, &p->reply);
	free(p->reply.bytes);
	free(p->reply.link);
	p->reply.bytes = p->reply.link = NULL;
	return ok;
}

/* An API request: from the kept replies when it only reads and nothing
 * has changed since, else from the router. */
static enum MHD_Result answer_api(struct hv_web *w, struct MHD_Connection *c, const char *url,
                                  const struct hv_request *req)
{
	char key[CACHE_KEY_MAX];
	uint64_t mark = 0;
	int64_t minute = hv_now_ms() / 60000;
	struct hv_error err;
	int keep = hv_api_cacheable(req->method, req->path) && cache_key(c, url, key, sizeof key) &&
	           (mark = hv_store_change_mark(w->store, &err)) != 0;
	if (keep) {
		const struct cached *e = cache_find(w, key, mark, minute);
		if (e) {
			struct hv_reply hit = {.status = 200,
			                       .bytes = e->bytes,
			                       .len = e->len,
			                       .type = e->type,
			                       .link = e->link};
			return send_reply(c, &hit);
		}
	}
	struct hv_reply reply = {.status = 200};
	hv_api_handle(w->store, req, &reply);
	reply_to_bytes(&reply);
	/* Kept under the mark read before it was made: a change while it was
	 * being made (its own facts, another haven's commit) is a miss next time. */
	if (keep)
		cache_put(w, key, mark, minute, &reply);
	enum MHD_Result ok = send_reply(c, &reply);
	free(reply.bytes);
	free(reply.link);
	return ok;
}

/* Check everything that does not need the body; non-zero when refused. */
static int refuse_early(struct hv_web *w, struct MHD_Connection *c, const char *url,
                        const char *method, enum MHD_Result *res)
{
	struct conn *k = conn_of(c);
	if (k && k->bad_address) {
		k->bad_address = 0;
		*res =
		    send_text(c, MHD_HTTP_BAD_REQUEST, "This address holds a control character.\n");
		return 1;
	}
	if (!one_host(c)) {
		*res =
		    send_text(c, MHD_HTTP_BAD_REQUEST, "This request names more than one Host.\n");
		return 1;
	}
	if (!host_ok(w, c)) {
		*res = send_text(c, MHD_HTTP_FORBIDDEN,
		                 "haven only answers at its own loopback address.\n");
		return 1;
	}
	const char *cookie = sym_MHD_lookup_connection_value(c, MHD_COOKIE_KIND, COOKIE);
	if (!same_secret(cookie, w->session)) {
		const char *token =
		    sym_MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token");
		if (!is_write(method) && same_secret(token, w->token)) {
			trust(w, c);
			*res = trade_token(w, c, url);
		} else if (!is_write(method) && is_public(url))
			*res = send_asset(c, url);
		else if (!is_write(method) && strncmp(url, "/api/", 5) != 0)
			*res = send_door(c);
		else
			*res = send_text(c, MHD_HTTP_FORBIDDEN,
			                 "Open haven with the link it printed when it started.\n");
		return 1;
	}
	if (is_write(method)) {
		const char *csrf =
		    sym_MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token");
		if (!origin_ok(w, c) || !same_secret(csrf, w->csrf)) {
			*res = send_json_error(c, MHD_HTTP_FORBIDDEN, "forbidden",
			                       "this request did not come from haven's own page");
			return 1;
		}
	}
	trust(w, c);
	return 0;
}

/* Each route's limit is a fact of the route table (api.c). */
static size_t body_limit(const char *url, const char *method)
{
	return strncmp(url, "/api/", 5) == 0 ? hv_api_body_limit(method, url + 5) : HV_WEB_BODY_MAX;
}

/* Append an upload chunk, remembering (not storing) anything past the cap. */
static void take_chunk(struct pending *p, const char *data, size_t n)
{
	if (p->too_big || p->len + n > p->limit) {
		p->too_big = 1;
		return;
	}
	if (p->len + n + 1 > p->cap) {
		size_t cap = p->cap ? p->cap : 4096;
		while (cap < p->len + n + 1)
			cap *= 2;
		char *b = realloc(p->body, cap);
		if (!b) {
			p->too_big = 1;
			return;
		}
		p->body = b;
		p->cap = cap;
	}
	memcpy(p->body + p->len, data, n);
	p->len += n;
	p->body[p->len] = '\0';
}

static enum MHD_Result dispatch(struct hv_web *w, struct MHD_Connection *c, const char *url,
                                const char *method, struct pending *p)
{
	if (p->too_big)
		return send_json_error(c, MHD_HTTP_CONTENT_TOO_LARGE, "too-large",
		                       "the request body is larger than haven accepts");
	if (strncmp(url, "/api/", 5) == 0) {
		struct hv_request req = {.method = method,
		                         .path = url + 5,
		                         .body = p->body ? p->body : "",
		                         .body_len = p->len,
		                         .arg = connection_arg,
		                         .arg_ctx = c,
		                         .csrf = w->csrf};
		if (hv_api_joins(method, url + 5) && batch_join(w, c, p, &req) == 0)
			return MHD_YES;
		batch_end(w); /* nothing else runs inside a round */
		return answer_api(w, c, url, &req);
	}
	batch_end(w);
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return send_text(c, MHD_HTTP_METHOD_NOT_ALLOWED, "Method not allowed.\n");
	return send_asset(c, url);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **state)
{
	(void)version;
	struct hv_web *w = cls;
	struct pending *p = *state;
	if (!p) {
		enum MHD_Result res;
		if (refuse_early(w, c, url, method, &res))
			return res;
		p = calloc(1, sizeof *p);
		if (!p)
			return MHD_NO;
		p->limit = body_limit(url, method);
		const char *cl =
		    sym_MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		if (cl && strtoull(cl, NULL, 10) > p->limit) {
			free(p);
			return send_json_error(c, MHD_HTTP_CONTENT_TOO_LARGE, "too-large",
			                       "the request body is larger than haven accepts");
		}
		*state = p;
		return MHD_YES;
	}
	if (*upload_size) {
		take_chunk(p, upload_data, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (p->held)
		return batch_answer(w, c, p);
	return dispatch(w, c, url, method, p);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **state,
                         enum MHD_RequestTerminationCode why)
{
	(void)c, (void)why;
	struct hv_web *w = cls;
	struct pending *p = *state;
	if (p) {
		/* A writer gone before its answer: its round still ends. */
		if (p->held && w->batch.open && w->batch.number == p->batch)
			batch_end(w);
		free(p->reply.bytes);
		free(p->reply.link);
		free(p->body);
		free(p);
		*state = NULL;
	}
}

static const char *connection_arg(void *conn, const char *name)
{
	return sym_MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, name);
}

/* Every new connection starts untrusted; past UNTRUSTED_MAX the oldest
 * untrusted one is shut (libmicrohttpd then reads its end and closes it). */
static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode what)
{
	struct hv_web *w = cls;
	struct conn *k = *socket_context;
	if (what == MHD_CONNECTION_NOTIFY_CLOSED) {
		if (k && k->listed)
			untrusted_unlink(w, k);
		free(k);
		*socket_context = NULL;
		return;
	}
	const union MHD_ConnectionInfo *info =
	    sym_MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (!info)
		return;
	k = calloc(1, sizeof *k);
	if (!k) {
		shutdown(info->connect_fd, SHUT_RDWR);
		return;
	}
	k->fd = info->connect_fd;
	k->listed = 1;
	k->prev = w->untrusted_last;
	if (w->untrusted_last)
		w->untrusted_last->next = k;
	else
		w->untrusted_first = k;
	w->untrusted_last = k;
	w->untrusted++;
	*socket_context = k;
	if (w->untrusted > UNTRUSTED_MAX) {
		/* Spare one whose request has arrived but is not read yet: on a
		 * burst of connections, that is how the browser's looks. */
		struct conn *victim = w->untrusted_first;
		char byte;
		while (victim != k && recv(victim->fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 1)
			victim = victim->next;
		untrusted_unlink(w, victim);
		shutdown(victim->fd, SHUT_RDWR);
	}
}

static int is_hex(char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
}

static int hex_value(char ch)
{
	return ch <= '9' ? ch - '0' : (ch | 0x20) - 'a' + 10;
}

/* The address and query values, %-decoded as libmicrohttpd would; a control
 * byte in them (raw, or written as %00 to %1F or %7F) marks the request so
 * that it is refused: "/index.html%00.js" must not be read as index.html. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	for (const char *p = s; *p; p++) {
		int ch = (unsigned char)*p;
		if (ch == '%' && is_hex(p[1]) && is_hex(p[2]))
			ch = hex_value(p[1]) * 16 + hex_value(p[2]);
		if (ch < 0x20 || ch == 0x7f) {
			struct conn *k = conn_of(c);
			if (k)
				k->bad_address = 1;
			break;
		}
	}
	return sym_MHD_http_unescape(s);
}

/* libmicrohttpd's own messages are for its developers, not for the person
 * starting haven: haven says what went wrong itself. */
static void quiet(void *cls, const char *fmt, va_list ap)
{
	(void)cls, (void)fmt, (void)ap;
}

static struct MHD_Daemon *listen_on(struct hv_web *w, uint16_t port)
{
	struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sym_MHD_start_daemon(
	    MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME, port, NULL,
	    NULL, on_request, w, MHD_OPTION_EXTERNAL_LOGGER, quiet, NULL, MHD_OPTION_SOCK_ADDR,
	    (struct sockaddr *)&addr, MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONNECTIONS_MAX,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)PER_IP_MAX, MHD_OPTION_CONNECTION_TIMEOUT,
	    (unsigned)IDLE_TIMEOUT, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY,
	    MHD_OPTION_NOTIFY_CONNECTION, on_connection, w, MHD_OPTION_UNESCAPE_CALLBACK, unescape,
	    NULL, MHD_OPTION_NOTIFY_COMPLETED, on_completed, w, MHD_OPTION_END);
}

int hv_web_start(struct hv_web **out, const struct hv_web_options *opt, struct hv_error *err)
{
	if (hv_mhd_load(err) < 0)
		return -1;
	if (sodium_init() < 0)
		return hv_fail(err, HV_EIO, "the system offers no secure randomness");
	struct hv_web *w = calloc(1, sizeof *w);
	if (!w)
		return hv_fail(err, HV_ENOMEM, "out of memory");
	w->store = opt->store;
	w->lasting = opt->lasting;
	if (hv_checkpointer_start(w->store, &w->checkpointer, err) < 0) {
		free(w);
		return -1;
	}
	if (opt->secrets) {
		memcpy(w->token, opt->secrets->token, SECRET_HEX);
		memcpy(w->session, opt->secrets->session, SECRET_HEX);
		memcpy(w->csrf, opt->secrets->csrf, SECRET_HEX);
	} else {
		new_secret(w->token);
		new_secret(w->session);
		new_secret(w->csrf);
	}
	errno = 0;
	w->daemon = listen_on(w, opt->port);
	if (!w->daemon) {
		int e = errno;
		hv_checkpointer_stop(w->checkpointer);
		free(w);
		if (e == EADDRINUSE)
			return hv_fail(
			    err, HV_EIO,
			    "port %u on 127.0.0.1 is already in use. Choose another with "
			    "--port N",
			    (unsigned)opt->port);
		return hv_fail(
		    err, HV_EIO,
		    "cannot listen on 127.0.0.1 port %u%s%s. Choose another with --port N",
		    (unsigned)opt->port, e ? ": " : "", e ? strerror(e) : "");
	}
	const union MHD_DaemonInfo *info =
	    sym_MHD_get_daemon_info(w->daemon, MHD_DAEMON_INFO_BIND_PORT);
	w->port = info ? info->port : opt->port;
	snprintf(w->host_ip, sizeof w->host_ip, "127.0.0.1:%u", (unsigned)w->port);
	snprintf(w->host_name, sizeof w->host_name, "localhost:%u", (unsigned)w->port);
	snprintf(w->origin_ip, sizeof w->origin_ip, "http://127.0.0.1:%u", (unsigned)w->port);
	snprintf(w->origin_name, sizeof w->origin_name, "http://localhost:%u", (unsigned)w->port);
	snprintf(w->url, sizeof w->url, "http://127.0.0.1:%u/?token=%s", (unsigned)w->port,
	         w->token);
	*out = w;
	return 0;
}

const char *hv_web_url(const struct hv_web *w)
{
	return w->url;
}

uint16_t hv_web_port(const struct hv_web *w)
{
	return w->port;
}

void hv_web_stop(struct hv_web *w)
{
	if (!w)
		return;
	sym_MHD_stop_daemon(w->daemon);
	batch_end(w);
	hv_checkpointer_stop(w->checkpointer);
	cache_clear(w);
	sodium_memzero(w, sizeof *w);
	free(w);
}

/* ---- the remembered address (`haven serve --remember`) --------------------- */

int hv_web_remember_path(const char *db_path, char *buf, size_t n, struct hv_error *err)
{
	if (!db_path || !*db_path || strcmp(db_path, ":memory:") == 0)
		return hv_fail(err, HV_EINVAL,
		               "a database in memory has nowhere to keep an address");
	if ((size_t)snprintf(buf, n, "%s.serve", db_path) >= n)
		return hv_fail(err, HV_EINVAL, "the database's path is too long");
	return 0;
}

static int is_secret(const json_t *v)
{
	const char *s = json_string_value(v);
	if (!s || strlen(s) != SECRET_HEX - 1)
		return 0;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return 0;
	return 1;
}

int hv_web_remembered(const char *path, struct hv_web_secrets *out, struct hv_error *err)
{
	memset(out, 0, sizeof *out);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT
		           ? 0
		           : hv_fail(err, HV_EIO, "cannot read the remembered address %s: %s", path,
		                     strerror(errno));
	/* Whoever can read it can open the journal: only ours, for us alone. */
	struct stat sb;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) || sb.st_uid != geteuid() ||
	    (sb.st_mode & 077) != 0) {
		close(fd);
		return hv_fail(
		    err, HV_EIO,
		    "the remembered address %s could be read by others, so haven will not "
		    "use it. Remove it with haven serve --forget",
		    path);
	}
	char text[1024];
	ssize_t n = read(fd, text, sizeof text - 1);
	close(fd);
	json_t *j = n > 0 ? json_loadb(text, (size_t)n, 0, NULL) : NULL;
	sodium_memzero(text, sizeof text);
	json_t *port = json_object_get(j, "port");
	int ok = is_secret(json_object_get(j, "token")) &&
	         is_secret(json_object_get(j, "session")) &&
	         is_secret(json_object_get(j, "csrf")) && json_is_integer(port) &&
	         json_integer_value(port) > 0 && json_integer_value(port) < 65536;
	if (ok) {
		memcpy(out->token, json_string_value(json_object_get(j, "token")), SECRET_HEX);
		memcpy(out->session, json_string_value(json_object_get(j, "session")), SECRET_HEX);
		memcpy(out->csrf, json_string_value(json_object_get(j, "csrf")), SECRET_HEX);
		out->port = (uint16_t)json_integer_value(port);
	}
	json_decref(j);
	return ok ? 1
	          : hv_fail(err, HV_EDATA,
	                    "the remembered address %s is damaged. Remove it with haven serve "
	                    "--forget",
	                    path);
}

int hv_web_remember(const char *path, const struct hv_web *w, struct hv_error *err)
{
	char tmp[4096 + 16];
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.new", path) >= sizeof tmp)
		return hv_fail(err, HV_EINVAL, "the database's path is too long");
	unlink(tmp); /* one left by a haven that stopped half-way */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return hv_fail(err, HV_EIO, "cannot keep the address in %s: %s", tmp,
		               strerror(errno));
	char text[512];
	int n =
	    snprintf(text, sizeof text,
	             "{\"token\": \"%s\", \"session\": \"%s\", \"csrf\": \"%s\", \"port\": %u}\n",
	             w->token, w->session, w->csrf, (unsigned)w->port);
	int ok = fchmod(fd, 0600) == 0 && write(fd, text, (size_t)n) == n && fsync(fd) == 0;
	sodium_memzero(text, sizeof text);
	ok = close(fd) == 0 && ok && rename(tmp, path) == 0;
	if (!ok) {
		int e = errno;
		unlink(tmp);
		return hv_fail(err, HV_EIO, "cannot keep the address in %s: %s", path, strerror(e));
	}
	return 0;
}

int hv_web_forget(const char *path, struct hv_error *err)
{
	if (unlink(path) == 0)
		return 1;
	return errno == ENOENT ? 0
	                       : hv_fail(err, HV_EIO, "cannot remove the remembered address %s: %s",
	                                 path, strerror(errno));
}
