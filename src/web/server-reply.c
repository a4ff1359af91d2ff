/*
 * server-reply.c — what `haven serve` sends back: every answer with the
 * same security headers (a strict content policy, no sniffing, no
 * framing), the app's embedded assets by exact name, the manifest from
 * data/serve.json, and the API's replies as bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "server-private.h"

struct asset {
	const char *name;
	const char *start;
	const char *end;
};
extern const struct asset hv_asset_table[];

static const char csp[] = "default-src 'none'; script-src 'self'; style-src 'self'; "
                          "img-src 'self' data:; connect-src 'self'; font-src 'self'; "
                          "base-uri 'none'; form-action 'self'; frame-ancestors 'none'; "
                          "manifest-src 'self'; worker-src 'self'";

void hv_srv_common_headers(struct MHD_Response *r)
{
	sym_MHD_add_response_header(r, "Content-Security-Policy", csp);
	sym_MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	sym_MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	sym_MHD_add_response_header(r, "X-Frame-Options", "DENY");
	sym_MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	sym_MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
}

/* Queue bytes (copied) with a type, and Cache-Control (NULL: no-store). */
enum MHD_Result hv_srv_send_bytes(struct MHD_Connection *c, unsigned status, const char *type,
                                  const void *bytes, size_t len, const char *cache)
{
	struct MHD_Response *r =
	    sym_MHD_create_response_from_buffer(len, (void *)bytes, MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	hv_srv_common_headers(r);
	sym_MHD_add_response_header(r, "Content-Type", type);
	sym_MHD_add_response_header(r, "Cache-Control", cache ? cache : "no-store");
	enum MHD_Result ok = sym_MHD_queue_response(c, status, r);
	sym_MHD_destroy_response(r);
	return ok;
}

enum MHD_Result hv_srv_send_text(struct MHD_Connection *c, unsigned status, const char *text)
{
	return hv_srv_send_bytes(c, status, "text/plain; charset=utf-8", text, strlen(text), NULL);
}

enum MHD_Result hv_srv_send_json_error(struct MHD_Connection *c, unsigned status, const char *code,
                                       const char *message)
{
	json_t *j = json_pack("{s:{s:s,s:s}}", "error", "code", code, "message", message);
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	enum MHD_Result ok =
	    hv_srv_send_bytes(c, status, "application/json", s, s ? strlen(s) : 0, NULL);
	free(s);
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
		return hv_srv_send_text(c, MHD_HTTP_NOT_FOUND, "Not found.\n");
	enum MHD_Result ok = hv_srv_send_bytes(c, MHD_HTTP_OK, "application/manifest+json", text,
	                                       strlen(text), "no-cache");
	free(text);
	return ok;
}

/* Embedded assets only: the name must match a table entry exactly. */
enum MHD_Result hv_srv_send_asset(struct MHD_Connection *c, const char *url)
{
	if (strcmp(url, "/manifest.json") == 0)
		return send_manifest(c);
	const char *name = strcmp(url, "/") == 0 ? "index.html" : url + 1;
	for (const struct asset *a = hv_asset_table; a->name; a++)
		if (strcmp(a->name, name) == 0)
			return hv_srv_send_bytes(c, MHD_HTTP_OK, type_of(name), a->start,
			                         (size_t)(a->end - a->start), "no-cache");
	return hv_srv_send_text(c, MHD_HTTP_NOT_FOUND, "Not found.\n");
}

/* A JSON reply becomes bytes, so every reply is sent (and kept) alike. */
void hv_srv_reply_to_bytes(struct hv_reply *reply)
{
	if (!reply->json)
		return;
	reply->bytes = json_dumps(reply->json, JSON_COMPACT | JSON_REAL_PRECISION(15));
	reply->len = reply->bytes ? strlen(reply->bytes) : 0;
	reply->type = "application/json";
	json_decref(reply->json);
	reply->json = NULL;
}

enum MHD_Result hv_srv_send_reply(struct MHD_Connection *c, const struct hv_reply *reply)
{
	struct MHD_Response *r = sym_MHD_create_response_from_buffer(
	    reply->len, reply->bytes ? reply->bytes : "", MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	hv_srv_common_headers(r);
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
