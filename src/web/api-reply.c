/*
 * api-reply.c — what every API handler shares: query values, replies in
 * the API's shape (errors, library answers, records), the crisis notice,
 * and reading a JSON body with its optional "at" (api.h, server.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "core/clock.h"
#include "core/text.h"
#include "core/when.h"
#include "safety/crisis-check.h"
#include "safety/crisis.h"

const char *hv_request_arg(const struct hv_request *req, const char *name)
{
	return req->arg ? req->arg(req->arg_ctx, name) : NULL;
}

void hv_reply_message(struct hv_reply *reply, unsigned status, const char *code,
                      const char *message)
{
	reply->status = status;
	reply->json = json_pack("{s:{s:s,s:s}}", "error", "code", code, "message", message);
}

void hv_reply_error(struct hv_reply *reply, const struct hv_error *err)
{
	unsigned status = err->code == HV_EINVAL || err->code == HV_EDATA ? 400
	                  : err->code == HV_ENOTFOUND                     ? 404
	                  : err->code == HV_EAMBIG                        ? 409
	                  : err->code == HV_EREADONLY                     ? 503
	                                                                  : 500;
	hv_reply_message(reply, status, hv_errcode_name(err->code), err->msg);
}

void hv_reply_json(struct hv_reply *reply, json_t *j, const struct hv_error *err)
{
	if (j)
		reply->json = j;
	else
		hv_reply_error(reply, err);
}

/*
 * The crisis net: when what was written holds crisis language, the reply
 * carries the notice and the help lines for the person's region, and the
 * page shows them before anything else.
 */
void hv_reply_add_crisis(struct hv_store *st, struct hv_reply *reply, const json_t *written)
{
	if (written && hv_crisis_in_json(written))
		hv_reply_crisis_heard(st, reply);
}

void hv_reply_crisis_heard(struct hv_store *st, struct hv_reply *reply)
{
	if (!reply->json)
		return;
	char region[16];
	json_t *notice = hv_crisis_notice(hv_crisis_region(st, region));
	json_object_update(reply->json, notice);
	json_decref(notice);
}

void hv_reply_crisis_body(struct hv_store *st, struct hv_reply *reply, const char *kind,
                          const json_t *written)
{
	if (hv_crisis_check_body(kind, written))
		hv_reply_add_crisis(st, reply, written);
}

json_t *hv_api_body_object(const struct hv_request *req, struct hv_reply *reply)
{
	json_error_t je;
	json_t *j = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &je);
	char msg[300], field[128];
	if (!j && hv_json_bad_text_field(req->body, req->body_len, field, sizeof field) == 0) {
		snprintf(msg, sizeof msg, "\"%s\" is not valid UTF-8 text, so nothing was saved",
		         field);
		hv_reply_message(reply, 400, "invalid", msg);
		return NULL;
	}
	if (!j) {
		snprintf(msg, sizeof msg,
		         "the request body is not valid JSON (line %d, column %d: %s)", je.line,
		         je.column, je.text);
		hv_reply_message(reply, 400, "bad-json", msg);
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		hv_reply_message(reply, 400, "bad-json", "the request body must be a JSON object");
		return NULL;
	}
	return j;
}

int hv_api_take_at(json_t *body, int64_t *at, struct hv_reply *reply)
{
	*at = 0;
	json_t *v = json_object_get(body, "at");
	if (!v)
		return 0;
	struct hv_error err;
	if (!json_is_string(v) || hv_when_parse(json_string_value(v), hv_now_ms(), at, &err) < 0) {
		if (!json_is_string(v))
			hv_fail(&err, HV_EINVAL, "\"at\" must be a date as text");
		hv_reply_error(reply, &err);
		return -1;
	}
	if (*at > hv_now_ms() + 60000) {
		hv_reply_message(reply, 400, "invalid",
		                 "\"at\" is in the future; give when it happened");
		return -1;
	}
	json_object_del(body, "at");
	return 0;
}

int hv_api_arg_time(const struct hv_request *req, const char *name, int64_t *ms,
                    struct hv_reply *reply)
{
	const char *v = hv_request_arg(req, name);
	struct hv_error err;
	*ms = 0;
	if (v && *v && hv_when_parse(v, hv_now_ms(), ms, &err) < 0) {
		hv_reply_error(reply, &err);
		return -1;
	}
	return 0;
}

int hv_api_arg_width(const struct hv_request *req)
{
	const char *w = hv_request_arg(req, "width");
	return w && strlen(w) <= 4 && strspn(w, "0123456789") == strlen(w) ? atoi(w) : 0;
}

void hv_api_reply_record(struct hv_reply *reply, unsigned status, struct hv_record *r)
{
	reply->status = status;
	reply->json = hv_record_to_json(r);
	hv_record_release(r);
}

void hv_api_create_at(struct hv_store *st, const struct hv_request *req, struct hv_reply *reply,
                      const char *kind, hv_api_add_at_fn add)
{
	json_t *body = hv_api_body_object(req, reply);
	int64_t at;
	struct hv_record r;
	struct hv_error err;
	/* A body that is not JSON, or a wrong "at", has its reply already. */
	int ok = body && hv_api_take_at(body, &at, reply) == 0;
	if (ok && add(st, body, at, &r, &err) < 0)
		hv_reply_error(reply, &err);
	else if (ok)
		hv_api_reply_record(reply, 201, &r);
	hv_reply_crisis_body(st, reply, kind, body);
	json_decref(body);
}

/* The one shape of hv_api_write and hv_api_write_body: one of write and
 * body_write is given. */
static void write_record(struct hv_store *st, const struct hv_request *req, const char *id,
                         struct hv_reply *reply, const char *kind, hv_api_write_fn write,
                         hv_api_body_fn body_write, unsigned status)
{
	json_t *body = hv_api_body_object(req, reply);
	if (!body)
		return;
	struct hv_record r;
	struct hv_error err;
	int rc = write ? write(st, id, body, &r, &err) : body_write(st, body, &r, &err);
	if (rc < 0)
		hv_reply_error(reply, &err);
	else
		hv_api_reply_record(reply, status, &r);
	hv_reply_crisis_body(st, reply, kind, body);
	json_decref(body);
}

void hv_api_write(struct hv_store *st, const struct hv_request *req, const char *id,
                  struct hv_reply *reply, const char *kind, hv_api_write_fn write, unsigned status)
{
	write_record(st, req, id, reply, kind, write, NULL, status);
}

void hv_api_write_body(struct hv_store *st, const struct hv_request *req, struct hv_reply *reply,
                       const char *kind, hv_api_body_fn write, unsigned status)
{
	write_record(st, req, NULL, reply, kind, NULL, write, status);
}
