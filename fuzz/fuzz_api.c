/*
 * fuzz_api.c — libFuzzer target for HTTP request handling behind the
 * access gate: the API router, its query values and its JSON bodies.
 * Input: a method line, a path line (with an optional ?query), then the
 * body.  Every request gets a reply with a sane status, on a fresh
 * in-memory store, and nothing crashes or leaks.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/store.h"
#include "fuzz-common.h"
#include "web/server.h"

struct query {
	char *text; /* "a=1&b=2", split in place */
};

static const char *query_arg(void *ctx, const char *name)
{
	struct query *q = ctx;
	size_t n = strlen(name);
	for (char *p = q->text; p && *p;) {
		char *amp = strchr(p, '&');
		if (strncmp(p, name, n) == 0 && p[n] == '=')
			return p + n + 1;
		p = amp ? amp + 1 : NULL;
	}
	return NULL;
}

/* The next line of in (NUL-terminated in place), advancing *rest. */
static char *take_line(char **rest, char *end)
{
	char *line = *rest;
	char *nl = memchr(line, '\n', (size_t)(end - line));
	if (!nl)
		return NULL;
	*nl = '\0';
	*rest = nl + 1;
	return line;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_text(data, size);
	if (!buf)
		return 0;
	char *rest = buf, *end = buf + size;
	char *method = take_line(&rest, end), *path = method ? take_line(&rest, end) : NULL;
	if (!path) {
		free(buf);
		return 0;
	}
	char *query = strchr(path, '?');
	if (query)
		*query++ = '\0';
	struct query q = {.text = query};
	struct hv_store *st = fuzz_store();
	struct hv_request req = {.method = method,
	                         .path = path,
	                         .body = rest,
	                         .body_len = (size_t)(end - rest),
	                         .arg = query_arg,
	                         .arg_ctx = &q};
	struct hv_reply reply = {.status = 200};
	hv_api_handle(st, &req, &reply);
	if (reply.status < 200 || reply.status > 599 || (!reply.json && !reply.bytes && reply.len))
		abort();
	json_decref(reply.json);
	free(reply.bytes);
	free(reply.link);
	hv_store_close(st);
	free(buf);
	return 0;
}
