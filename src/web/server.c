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
 * The parts are files of their own (server-private.h lists them): what
 * goes back, the door, the replies kept, group commit and the remembered
 * address.  This one is the gate, the requests and the connections.
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
#include <netinet/in.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "core/store-page.h"
#include "mhd-lib.h"
#include "server-private.h"

#define COOKIE "haven_session"

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

static const char *connection_arg(void *conn, const char *name);

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
	hv_srv_common_headers(r);
	sym_MHD_add_response_header(r, "Set-Cookie", cookie);
	sym_MHD_add_response_header(r, "Content-Type", "text/html; charset=utf-8");
	sym_MHD_add_response_header(r, "Cache-Control", "no-store");
	enum MHD_Result ok = sym_MHD_queue_response(c, MHD_HTTP_OK, r);
	sym_MHD_destroy_response(r);
	return ok;
}

/* Check everything that does not need the body; non-zero when refused. */
static int refuse_early(struct hv_web *w, struct MHD_Connection *c, const char *url,
                        const char *method, enum MHD_Result *res)
{
	struct conn *k = conn_of(c);
	if (k && k->bad_address) {
		k->bad_address = 0;
		*res = hv_srv_send_text(c, MHD_HTTP_BAD_REQUEST,
		                        "This address holds a control character.\n");
		return 1;
	}
	if (!one_host(c)) {
		*res = hv_srv_send_text(c, MHD_HTTP_BAD_REQUEST,
		                        "This request names more than one Host.\n");
		return 1;
	}
	if (!host_ok(w, c)) {
		*res = hv_srv_send_text(c, MHD_HTTP_FORBIDDEN,
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
		} else if (!is_write(method) && hv_srv_is_public(url))
			*res = hv_srv_send_asset(c, url);
		else if (!is_write(method) && strncmp(url, "/api/", 5) != 0)
			*res = hv_srv_send_door(c);
		else
			*res = hv_srv_send_text(
			    c, MHD_HTTP_FORBIDDEN,
			    "Open haven with the link it printed when it started.\n");
		return 1;
	}
	if (is_write(method)) {
		const char *csrf =
		    sym_MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token");
		if (!origin_ok(w, c) || !same_secret(csrf, w->csrf)) {
			*res = hv_srv_send_json_error(
			    c, MHD_HTTP_FORBIDDEN, "forbidden",
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
		return hv_srv_send_json_error(c, MHD_HTTP_CONTENT_TOO_LARGE, "too-large",
		                              "the request body is larger than haven accepts");
	if (strncmp(url, "/api/", 5) == 0) {
		struct hv_request req = {.method = method,
		                         .path = url + 5,
		                         .body = p->body ? p->body : "",
		                         .body_len = p->len,
		                         .arg = connection_arg,
		                         .arg_ctx = c,
		                         .csrf = w->csrf};
		if (hv_api_joins(method, url + 5) && hv_srv_batch_join(w, c, p, &req) == 0)
			return MHD_YES;
		hv_srv_batch_end(w); /* nothing else runs inside a round */
		return hv_srv_answer_api(w, c, url, &req);
	}
	hv_srv_batch_end(w);
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return hv_srv_send_text(c, MHD_HTTP_METHOD_NOT_ALLOWED, "Method not allowed.\n");
	return hv_srv_send_asset(c, url);
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
			return hv_srv_send_json_error(
			    c, MHD_HTTP_CONTENT_TOO_LARGE, "too-large",
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
		return hv_srv_batch_answer(w, c, p);
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
			hv_srv_batch_end(w);
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
	hv_srv_batch_end(w);
	hv_checkpointer_stop(w->checkpointer);
	hv_srv_cache_clear(w);
	sodium_memzero(w, sizeof *w);
	free(w);
}
