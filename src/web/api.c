/*
 * api.c — the JSON API under /api/: a table of routes over the same
 * library calls the CLI makes, with the same validation and messages.
 * Documented in docs/api.md.
 */
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/content.h"
#include "core/when.h"
#include "report/chart.h"
#include "safety/crisis.h"
#include "insight/insights.h"
#include "journal/journal.h"
#include "journal/vocab.h"
#include "server.h"
#include "transfer/transfer.h"

struct route {
	const char *method;
	const char *prefix; /* the path below /api/; a trailing '/' takes an id */
	const char *suffix; /* what must follow the id, or NULL */
	void (*handle)(struct hv_store *st, const struct hv_request *req, const char *id,
		       struct hv_reply *reply);
};

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
			  : err->code == HV_ENOTFOUND			  ? 404
			  : err->code == HV_EAMBIG			  ? 409
			  : err->code == HV_EREADONLY			  ? 503
									  : 500;
	hv_reply_message(reply, status, hv_errcode_name(err->code), err->msg);
}

/* The request body as a JSON object, or a 400 reply naming the problem. */
static json_t *body_object(const struct hv_request *req, struct hv_reply *reply)
{
	json_error_t je;
	json_t *j = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &je);
	char msg[300];
	if (!j) {
		snprintf(msg, sizeof msg, "the request body is not valid JSON (line %d, column %d: %s)",
			 je.line, je.column, je.text);
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

/* Take "at" out of a body: people's words or RFC 3339; 0 when absent. */
static int take_at(json_t *body, int64_t *at, struct hv_reply *reply)
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
		hv_reply_message(reply, 400, "invalid", "\"at\" is in the future; give when it happened");
		return -1;
	}
	json_object_del(body, "at");
	return 0;
}

static int arg_time(const struct hv_request *req, const char *name, int64_t *ms,
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

static void journal_list(struct hv_store *st, const struct hv_request *req, const char *id,
			 struct hv_reply *reply)
{
	(void)id;
	struct hv_journal_filter f = {0};
	const char *limit = hv_request_arg(req, "limit"), *deleted = hv_request_arg(req, "deleted");
	if (arg_time(req, "since", &f.since_ms, reply) < 0 ||
	    arg_time(req, "until", &f.until_ms, reply) < 0)
		return;
	f.trigger = hv_request_arg(req, "kind");
	if (f.trigger && !*f.trigger)
		f.trigger = NULL;
	f.limit = limit ? strtoll(limit, NULL, 10) : 0;
	f.include_deleted = deleted && strcmp(deleted, "1") == 0;
	struct hv_error err;
	json_t *list = hv_journal_list(st, &f, &err);
	if (!list)
		return hv_reply_error(reply, &err);
	reply->json = list;
}

static void reply_record(struct hv_reply *reply, unsigned status, struct hv_record *r)
{
	reply->status = status;
	reply->json = hv_record_to_json(r);
	hv_record_release(r);
}

/*
 * The crisis net: when what was written holds crisis language, the reply
 * carries the notice and the help lines for the person's region, and the
 * page shows them before anything else.
 */
static void add_crisis(struct hv_store *st, struct hv_reply *reply, const json_t *written)
{
	if (!reply->json || !hv_crisis_in_json(written))
		return;
	char region[16], loc[8];
	struct hv_error err;
	const char *r = hv_store_meta_get(st, "region", region, sizeof region, &err) == 1
			    ? region
			    : hv_crisis_region_from_locale(loc);
	json_t *notice = hv_crisis_notice(r);
	json_object_update(reply->json, notice);
	json_decref(notice);
}

static void journal_create(struct hv_store *st, const struct hv_request *req, const char *id,
			   struct hv_reply *reply)
{
	(void)id;
	json_t *body = body_object(req, reply);
	int64_t at;
	if (!body || take_at(body, &at, reply) < 0) {
		json_decref(body);
		return;
	}
	struct hv_record r;
	struct hv_error err;
	if (hv_journal_add(st, body, at, &r, &err) < 0) {
		hv_reply_error(reply, &err);
	} else {
		reply_record(reply, 201, &r);
		add_crisis(st, reply, body);
	}
	json_decref(body);
}

static void journal_get(struct hv_store *st, const struct hv_request *req, const char *id,
			struct hv_reply *reply)
{
	(void)req;
	struct hv_record r;
	struct hv_error err;
	if (hv_store_get(st, id, HV_TRIGGER_KIND, &r, &err) < 0)
		return hv_reply_error(reply, &err);
	reply_record(reply, 200, &r);
}

static void journal_edit(struct hv_store *st, const struct hv_request *req, const char *id,
			 struct hv_reply *reply)
{
	json_t *changes = body_object(req, reply);
	int64_t at;
	if (!changes || take_at(changes, &at, reply) < 0) {
		json_decref(changes);
		return;
	}
	struct hv_record r;
	struct hv_error err;
	if (hv_journal_edit(st, id, changes, at, &r, &err) < 0) {
		hv_reply_error(reply, &err);
	} else {
		reply_record(reply, 200, &r);
		add_crisis(st, reply, changes);
	}
	json_decref(changes);
}

static void journal_delete(struct hv_store *st, const struct hv_request *req, const char *id,
			   struct hv_reply *reply)
{
	struct hv_error err;
	const char *purge = hv_request_arg(req, "purge");
	if (purge && strcmp(purge, "1") == 0) {
		if (hv_journal_purge(st, id, &err) < 0)
			return hv_reply_error(reply, &err);
		reply->json = json_pack("{s:s,s:b}", "id", id, "purged", 1);
		return;
	}
	struct hv_record r;
	if (hv_journal_set_deleted(st, id, 1, &r, &err) < 0)
		return hv_reply_error(reply, &err);
	reply_record(reply, 200, &r);
}

static void journal_restore(struct hv_store *st, const struct hv_request *req, const char *id,
			    struct hv_reply *reply)
{
	(void)req;
	struct hv_record r;
	struct hv_error err;
	if (hv_journal_set_deleted(st, id, 0, &r, &err) < 0)
		return hv_reply_error(reply, &err);
	reply_record(reply, 200, &r);
}

static void insights(struct hv_store *st, const struct hv_request *req, const char *id,
		     struct hv_reply *reply)
{
	(void)id;
	int64_t since;
	if (arg_time(req, "since", &since, reply) < 0)
		return;
	struct hv_error err;
	json_t *j = hv_insights(st, since, hv_now_ms(), &err);
	if (!j)
		return hv_reply_error(reply, &err);
	reply->json = j;
}

static void add_choice(const char *family, const char *id, const char *label, const char *extra,
		       void *ctx)
{
	json_t *item = json_pack("{s:s,s:s}", "id", id, "label", label);
	if (family)
		json_object_set_new(item, "family", json_string(family));
	if (extra)
		json_object_set_new(item, "extra", json_string(extra));
	json_array_append_new(ctx, item);
}

static void vocab(struct hv_store *st, const struct hv_request *req, const char *id,
		  struct hv_reply *reply)
{
	(void)st, (void)req, (void)id;
	json_t *triggers = json_array(), *emotions = json_array(), *responses = json_array();
	hv_trigger_kinds_each(add_choice, triggers);
	hv_emotions_each(add_choice, emotions);
	hv_responses_each(add_choice, responses);
	reply->json = json_pack("{s:o,s:o,s:o,s:O}", "triggers", triggers, "emotions", emotions,
				"responses", responses, "journal",
				hv_content_json("journal.json", NULL));
}

static void content(struct hv_store *st, const struct hv_request *req, const char *name,
		    struct hv_reply *reply)
{
	(void)st, (void)req;
	/* Only the page words; each file is public within the app anyway. */
	static const char *const allowed[] = {"home.json", "insights.json", "journal.json"};
	for (size_t i = 0; i < sizeof allowed / sizeof *allowed; i++) {
		if (strcmp(name, allowed[i]) == 0) {
			reply->json = json_incref((json_t *)hv_content_json(name, NULL));
			return;
		}
	}
	hv_reply_message(reply, 404, "not-found", "no such content");
}

static void export_jsonl(struct hv_store *st, const struct hv_request *req, const char *id,
			 struct hv_reply *reply)
{
	(void)req, (void)id;
	struct hv_error err;
	FILE *mem = open_memstream(&reply->bytes, &reply->len);
	if (!mem)
		return hv_reply_message(reply, 500, "no-memory", "out of memory");
	int rc = hv_export_jsonl(st, mem, &err);
	fclose(mem);
	if (rc < 0) {
		free(reply->bytes);
		reply->bytes = NULL;
		return hv_reply_error(reply, &err);
	}
	reply->type = "application/x-ndjson";
	reply->filename = "haven-export.jsonl";
}

static void import_jsonl(struct hv_store *st, const struct hv_request *req, const char *id,
			 struct hv_reply *reply)
{
	(void)id;
	FILE *in = fmemopen((void *)req->body, req->body_len ? req->body_len : 1, "r");
	if (!in)
		return hv_reply_message(reply, 500, "no-memory", "out of memory");
	struct hv_import_stats stats;
	struct hv_error err;
	int rc = req->body_len ? hv_import_jsonl(st, in, "the uploaded file", &stats, NULL, NULL, &err)
			       : (memset(&stats, 0, sizeof stats), 0);
	fclose(in);
	if (rc < 0)
		return hv_reply_error(reply, &err);
	reply->json = json_pack("{s:I,s:I,s:I}", "added", (json_int_t)stats.added, "updated",
				(json_int_t)stats.updated, "unchanged", (json_int_t)stats.kept);
}

static void chart(struct hv_store *st, const struct hv_request *req, const char *file,
		  struct hv_reply *reply)
{
	(void)req;
	char name[32];
	size_t n = strlen(file);
	if (n < 5 || n > 30 || strcmp(file + n - 4, ".svg") != 0)
		return hv_reply_message(reply, 404, "not-found", "no such chart");
	memcpy(name, file, n - 4);
	name[n - 4] = '\0';
	struct hv_error err;
	json_t *ins = hv_insights(st, 0, hv_now_ms(), &err);
	if (!ins)
		return hv_reply_error(reply, &err);
	reply->bytes = hv_chart_named(name, ins);
	json_decref(ins);
	if (!reply->bytes)
		return hv_reply_message(reply, 404, "not-found", "no such chart");
	reply->len = strlen(reply->bytes);
	reply->type = "image/svg+xml";
}

static void settings(struct hv_store *st, const struct hv_request *req, const char *id,
		     struct hv_reply *reply)
{
	(void)req, (void)id;
	reply->json = json_pack("{s:s}", "database", hv_store_path(st));
}

static const struct route routes[] = {
    {"GET", "charts/", NULL, chart},
    {"GET", "settings", NULL, settings},
    {"GET", "journal", NULL, journal_list},
    {"POST", "journal", NULL, journal_create},
    {"GET", "journal/", NULL, journal_get},
    {"PATCH", "journal/", NULL, journal_edit},
    {"DELETE", "journal/", NULL, journal_delete},
    {"POST", "journal/", "/restore", journal_restore},
    {"GET", "insights", NULL, insights},
    {"GET", "vocab", NULL, vocab},
    {"GET", "content/", NULL, content},
    {"GET", "export", NULL, export_jsonl},
    {"POST", "import", NULL, import_jsonl},
};

/*
 * Does path match the route?  A prefix ending in '/' takes one id segment
 * (copied to id_buf), which may be followed by exactly the route's suffix.
 */
static int matches(const struct route *r, const char *path, char *id_buf, size_t n_buf)
{
	size_t n = strlen(r->prefix);
	if (r->prefix[n - 1] != '/')
		return strcmp(r->prefix, path) == 0;
	if (strncmp(r->prefix, path, n) != 0)
		return 0;
	const char *id = path + n, *slash = strchr(id, '/');
	size_t len = slash ? (size_t)(slash - id) : strlen(id);
	if (len == 0 || len >= n_buf)
		return 0;
	if (r->suffix ? !slash || strcmp(slash, r->suffix) != 0 : slash != NULL)
		return 0;
	memcpy(id_buf, id, len);
	id_buf[len] = '\0';
	return 1;
}

void hv_api_handle(struct hv_store *st, const struct hv_request *req, struct hv_reply *reply)
{
	int path_known = 0;
	for (size_t i = 0; i < sizeof routes / sizeof *routes; i++) {
		char id[128];
		if (!matches(&routes[i], req->path, id, sizeof id))
			continue;
		path_known = 1;
		if (strcmp(routes[i].method, req->method) == 0) {
			reply->status = 200;
			routes[i].handle(st, req, id, reply);
			return;
		}
	}
	if (path_known)
		hv_reply_message(reply, 405, "method", "that method is not allowed here");
	else
		hv_reply_message(reply, 404, "not-found", "no such API path");
}
