/*
 * server-cache.c — replies kept: the answers of the routes that only read
 * (api.c marks them), keyed on the request, on the store's change mark
 * (any commit, ours or another haven's, moves it) and on the minute, since
 * some answers count from "now".  A few, small, least recently sent first
 * out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/store-page.h"
#include "server-private.h"

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

void hv_srv_cache_clear(struct hv_web *w)
{
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		if (w->cache[i].key)
			cache_drop(w, &w->cache[i]);
}

/* An API request: from the kept replies when it only reads and nothing
 * has changed since, else from the router. */
enum MHD_Result hv_srv_answer_api(struct hv_web *w, struct MHD_Connection *c, const char *url,
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
			return hv_srv_send_reply(c, &hit);
		}
	}
	struct hv_reply reply = {.status = 200};
	hv_api_handle(w->store, req, &reply);
	hv_srv_reply_to_bytes(&reply);
	/* Kept under the mark read before it was made: a change while it was
	 * being made (its own facts, another haven's commit) is a miss next time. */
	if (keep)
		cache_put(w, key, mark, minute, &reply);
	enum MHD_Result ok = hv_srv_send_reply(c, &reply);
	free(reply.bytes);
	free(reply.link);
	return ok;
}
