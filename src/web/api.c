/*
 * api.c — the JSON API under /api/: a table of routes over the same
 * library calls the CLI makes, with the same validation and messages.
 * Documented in docs/api.md.
 */
#include <stdlib.h>
#include <string.h>

#include <errno.h>
#include <math.h>

#include "api-chat.h"
#include "api-settings.h"
#include "api-words.h"
#include "assess/assess.h"
#include "checkin/checkin.h"
#include "core/clock.h"
#include "core/content.h"
#include "core/text.h"
#include "core/vault.h"
#include "core/when.h"
#include "report/chart.h"
#include "safety/crisis-check.h"
#include "safety/crisis.h"
#include "insight/insights.h"
#include "journal/journal.h"
#include "journal/vocab.h"
#include "practice/practice.h"
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

void hv_reply_json(struct hv_reply *reply, json_t *j, const struct hv_error *err)
{
	if (j)
		reply->json = j;
	else
		hv_reply_error(reply, err);
}

/* The request body as a JSON object, or a 400 reply naming the problem. */
static json_t *body_object(const struct hv_request *req, struct hv_reply *reply)
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
	hv_reply_json(reply, hv_journal_list(st, &f, &err), &err);
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
void hv_reply_add_crisis(struct hv_store *st, struct hv_reply *reply, const json_t *written)
{
	if (!reply->json || !written || !hv_crisis_in_json(written))
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

/* How a feature adds a record written at a time the person may choose. */
typedef int (*add_at_fn)(struct hv_store *st, const json_t *body, int64_t at_ms,
			 struct hv_record *out, struct hv_error *err);

/* POST of such a record: the body with its optional "at", the feature's
 * own checks and insert, 201 with the record, and the crisis net over what
 * was written — on a refusal too: help never waits for a well-formed body. */
static void create_at(struct hv_store *st, const struct hv_request *req, struct hv_reply *reply,
                      const char *kind, add_at_fn add)
{
	json_t *body = body_object(req, reply);
	int64_t at;
	struct hv_record r;
	struct hv_error err;
	/* A body that is not JSON, or a wrong "at", has its reply already. */
	int ok = body && take_at(body, &at, reply) == 0;
	if (ok && add(st, body, at, &r, &err) < 0)
		hv_reply_error(reply, &err);
	else if (ok)
		reply_record(reply, 201, &r);
	hv_reply_crisis_body(st, reply, kind, body);
	json_decref(body);
}

static void journal_create(struct hv_store *st, const struct hv_request *req, const char *id,
			   struct hv_reply *reply)
{
	(void)id;
	create_at(st, req, reply, HV_TRIGGER_KIND, hv_journal_add);
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
	struct hv_record r;
	struct hv_error err;
	/* A body that is not JSON, or a wrong "at", has its reply already. */
	int ok = changes && take_at(changes, &at, reply) == 0;
	if (ok && hv_journal_edit(st, id, changes, at, &r, &err) < 0)
		hv_reply_error(reply, &err);
	else if (ok)
		reply_record(reply, 200, &r);
	hv_reply_crisis_body(st, reply, HV_TRIGGER_KIND, changes);
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
	hv_reply_json(reply, hv_insights(st, since, hv_now_ms(), &err), &err);
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
	static const char *const allowed[] = {"home.json",	   "insights.json", "journal.json",
					      "practices.json", "assess.json",	  "checkin.json",
					      "practices-web.json", "chat-web.json"};
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
	reply->json = json_pack("{s:s,s:b}", "database", hv_store_path(st), "vault",
				hv_vault_on(st));
}

/* ==== practices, the soothing toolkit, check-ins, self-assessment ========
 * The web side of haven breathe/ground/relax/scan/pause, soothe, checkin and
 * assess: the same library calls, so the same checks and messages. */

/* An optional query number above 0; 1 when given, 0 when absent, -1 (with
 * a reply) when it is not a number. */
static int arg_positive(const struct hv_request *req, const char *name, double *out,
			struct hv_reply *reply)
{
	const char *v = hv_request_arg(req, name);
	if (!v || !*v)
		return 0;
	char *end, msg[200];
	errno = 0;
	double d = strtod(v, &end);
	if (errno || end == v || *end || !isfinite(d) || d <= 0) {
		snprintf(msg, sizeof msg, "%s must be a number above 0 (decimals are fine), not \"%.40s\"",
			 name, v);
		hv_reply_message(reply, 400, "invalid", msg);
		return -1;
	}
	*out = d;
	return 1;
}

/* The schedule haven breathe/ground/... --script --json prints, for the page to walk. */
static void practice_schedule(struct hv_store *st, const struct hv_request *req, const char *id,
			      struct hv_reply *reply)
{
	(void)st, (void)id;
	struct hv_practice_opts o = {0};
	double rounds = 0;
	const char *technique = hv_request_arg(req, "technique");
	if (arg_positive(req, "pace", &o.pace, reply) < 0 ||
	    arg_positive(req, "minutes", &o.minutes, reply) < 0)
		return;
	struct hv_reply ignore = {0};
	int bad_rounds = arg_positive(req, "rounds", &rounds, &ignore) < 0;
	json_decref(ignore.json);
	if (bad_rounds || rounds != floor(rounds) || rounds > HV_ROUNDS_MAX) {
		char msg[120];
		snprintf(msg, sizeof msg, "rounds must be a whole number from 1 to %d", HV_ROUNDS_MAX);
		return hv_reply_message(reply, 400, "invalid", msg);
	}
	o.rounds = (int)rounds;
	struct hv_schedule s;
	struct hv_error err;
	if (hv_practice_schedule(technique ? technique : "", &o, &s, &err) < 0)
		return hv_reply_error(reply, &err);
	reply->json = hv_schedule_to_json(&s);
	hv_schedule_free(&s);
}

static void practice_summary(struct hv_store *st, const struct hv_request *req, const char *id,
			     struct hv_reply *reply)
{
	(void)id;
	int64_t since;
	if (arg_time(req, "since", &since, reply) < 0)
		return;
	struct hv_error err;
	hv_reply_json(reply, hv_practice_summary(st, since, &err), &err);
}

static void practice_create(struct hv_store *st, const struct hv_request *req, const char *id,
			    struct hv_reply *reply)
{
	(void)id;
	json_t *body = body_object(req, reply);
	if (!body)
		return;
	struct hv_record r;
	struct hv_error err;
	if (hv_practice_add(st, body, &r, &err) < 0)
		hv_reply_error(reply, &err);
	else
		reply_record(reply, 201, &r);
	hv_reply_crisis_body(st, reply, HV_PRACTICE_KIND, body);
	json_decref(body);
}

static void soothe_list(struct hv_store *st, const struct hv_request *req, const char *id,
			struct hv_reply *reply)
{
	(void)req, (void)id;
	struct hv_error err;
	hv_reply_json(reply, hv_soothe_list(st, &err), &err);
}

static void soothe_create(struct hv_store *st, const struct hv_request *req, const char *id,
			  struct hv_reply *reply)
{
	(void)id;
	json_t *body = body_object(req, reply);
	if (!body)
		return;
	struct hv_record r;
	struct hv_error err;
	/* The body's shape first (unknown fields, types), then the cleaned save. */
	if (hv_soothe_validate(body, &err) < 0 ||
	    hv_soothe_add(st, json_string_value(json_object_get(body, "group")),
			  json_string_value(json_object_get(body, "text")), &r, &err) < 0)
		hv_reply_error(reply, &err);
	else
		reply_record(reply, 201, &r);
	hv_reply_crisis_body(st, reply, HV_SOOTHE_KIND, body);
	json_decref(body);
}

static void soothe_delete(struct hv_store *st, const struct hv_request *req, const char *id,
			  struct hv_reply *reply)
{
	(void)req;
	struct hv_record r;
	struct hv_error err;
	if (hv_soothe_remove(st, id, &r, &err) < 0)
		return hv_reply_error(reply, &err);
	reply_record(reply, 200, &r);
}

static void soothe_pick(struct hv_store *st, const struct hv_request *req, const char *id,
			struct hv_reply *reply)
{
	(void)req, (void)id;
	struct hv_error err;
	hv_reply_json(reply, hv_soothe_pick(st, &err), &err);
}

static void checkin_create(struct hv_store *st, const struct hv_request *req, const char *id,
			   struct hv_reply *reply)
{
	(void)id;
	create_at(st, req, reply, HV_CHECKIN_KIND, hv_checkin_add);
}

static void checkin_list(struct hv_store *st, const struct hv_request *req, const char *id,
			 struct hv_reply *reply)
{
	(void)id;
	int64_t since;
	const char *limit = hv_request_arg(req, "limit");
	if (arg_time(req, "since", &since, reply) < 0)
		return;
	struct hv_error err;
	hv_reply_json(reply, hv_checkin_list(st, since, limit ? strtoll(limit, NULL, 10) : 0, &err), &err);
}

/* Instruments and results, the value of `haven assess list --json`. */
static void assess_list(struct hv_store *st, const struct hv_request *req, const char *id,
			struct hv_reply *reply)
{
	(void)req, (void)id;
	struct hv_error err;
	json_t *insts = hv_instrument_list(st, &err);
	json_t *results = insts ? hv_assess_results(st, NULL, &err) : NULL;
	if (!results) {
		json_decref(insts);
		return hv_reply_error(reply, &err);
	}
	json_t *rows = json_array();
	size_t i;
	json_t *rec;
	json_array_foreach(results, i, rec) {
		const json_t *body = json_object_get(rec, "body");
		json_t *target = json_object_get(body, "target");
		json_array_append_new(
		    rows, json_pack("{s:O,s:O,s:O,s:O,s:O}", "id", json_object_get(rec, "id"),
				    "instrument", json_object_get(body, "instrument"), "target",
				    target ? target : json_null(), "taken",
				    json_object_get(rec, "created"), "complete",
				    json_object_get(body, "complete")));
	}
	json_decref(results);
	reply->json = json_pack("{s:o,s:o}", "instruments", insts, "results", rows);
}

static void assess_instrument(struct hv_store *st, const struct hv_request *req, const char *id,
			      struct hv_reply *reply)
{
	(void)req;
	struct hv_error err;
	hv_reply_json(reply, hv_instrument_find(st, id, &err), &err);
}

/* The practices data/assess.json names for a flagged area: the
 * instrument's own first, then the generic ones (as haven assess does). */
static json_t *flagged_practices(const char *inst_id, const json_t *scored)
{
	const json_t *all = json_object_get(hv_content_json("assess.json", NULL), "practices");
	json_t *out = json_array();
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(scored, "subscales"), i, s) {
		if (!json_is_true(json_object_get(s, "flagged")))
			continue;
		const char *sid = json_string_value(json_object_get(s, "id"));
		char key[128];
		snprintf(key, sizeof key, "%s/%s", inst_id, sid ? sid : "");
		const json_t *p = json_object_get(all, key);
		if (!p)
			p = json_object_get(all, sid ? sid : "");
		json_array_append_new(out, json_pack("{s:O,s:O,s:O}", "subscale",
						     json_object_get(s, "id"), "title",
						     json_object_get(s, "title"), "practices",
						     p ? (json_t *)p : json_array()));
	}
	return out;
}

/* The record, and when it is complete the scored result in the shape of
 * `haven assess show --json` under "result". */
static void reply_assessment(struct hv_store *st, struct hv_reply *reply, unsigned status,
			     struct hv_record *r, const json_t *inst_given)
{
	struct hv_error err;
	json_t *inst = inst_given ? json_incref((json_t *)inst_given) : NULL;
	json_t *result = json_null();
	if (json_is_true(json_object_get(r->body, "complete"))) {
		if (!inst)
			inst = hv_instrument_find(
			    st, json_string_value(json_object_get(r->body, "instrument")), &err);
		json_t *scored =
		    inst ? hv_assess_score(inst, json_object_get(r->body, "answers"), &err) : NULL;
		if (!scored) {
			json_decref(inst);
			hv_record_release(r);
			return hv_reply_error(reply, &err);
		}
		char taken[HV_RFC3339_MAX];
		hv_format_rfc3339(r->created_ms, r->created_off, taken);
		const char *inst_id = json_string_value(json_object_get(inst, "id"));
		result = json_pack("{s:s,s:O,s:O,s:O,s:s,s:O,s:o,s:s}", "id", r->id, "instrument",
				   json_object_get(inst, "id"), "title", json_object_get(inst, "title"),
				   "target",
				   json_object_get(r->body, "target") ? json_object_get(r->body, "target")
								      : json_null(),
				   "taken", taken, "subscales", json_object_get(scored, "subscales"),
				   "practices", flagged_practices(inst_id ? inst_id : "", scored), "note",
				   hv_content_text("assess.json", "note", ""));
		json_decref(scored);
	}
	json_decref(inst);
	reply_record(reply, status, r);
	json_object_set_new(reply->json, "result", result);
}

static void assess_begin(struct hv_store *st, const struct hv_request *req, const char *id,
			 struct hv_reply *reply)
{
	(void)id;
	json_t *body = body_object(req, reply);
	if (!body)
		return;
	struct hv_error err;
	struct hv_record r;
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v) {
		if (strcmp(key, "instrument") != 0 && strcmp(key, "target") != 0) {
			hv_fail(&err, HV_EINVAL, "unknown field \"%s\": give instrument and target", key);
			hv_reply_error(reply, &err);
			json_decref(body);
			return;
		}
	}
	const char *inst_id = json_string_value(json_object_get(body, "instrument"));
	json_t *inst = inst_id ? hv_instrument_find(st, inst_id, &err) : NULL;
	if (!inst_id)
		hv_fail(&err, HV_EINVAL, "which instrument? give \"instrument\", e.g. \"guide\"");
	if (!inst || hv_assess_begin(st, inst, json_string_value(json_object_get(body, "target")),
				     &r, &err) < 0)
		hv_reply_error(reply, &err);
	else
		reply_assessment(st, reply, 201, &r, inst);
	json_decref(inst);
	json_decref(body);
}

static void assess_unfinished(struct hv_store *st, const struct hv_request *req, const char *id,
			      struct hv_reply *reply)
{
	(void)req, (void)id;
	struct hv_record r;
	struct hv_error err;
	if (hv_assess_find_unfinished(st, NULL, &r, &err) < 0)
		return hv_reply_error(reply, &err);
	reply_assessment(st, reply, 200, &r, NULL);
}

static void assess_get(struct hv_store *st, const struct hv_request *req, const char *id,
		       struct hv_reply *reply)
{
	(void)req;
	struct hv_record r;
	struct hv_error err;
	if (hv_store_get(st, id, HV_ASSESSMENT_KIND, &r, &err) < 0)
		return hv_reply_error(reply, &err);
	reply_assessment(st, reply, 200, &r, NULL);
}

/* Reflections into the body: prompts of this instrument only; empty or null removes. */
static int merge_reflections(const json_t *inst, json_t *body, const json_t *given,
			     struct hv_error *err)
{
	if (!json_is_object(given))
		return hv_fail(err, HV_EINVAL, "reflections must be an object of prompt id to text");
	json_t *refl = json_object_get(body, "reflections");
	if (!refl) {
		refl = json_object();
		json_object_set_new(body, "reflections", refl);
	}
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)given, key, v) {
		int found = 0;
		size_t i;
		json_t *p;
		json_array_foreach(json_object_get(inst, "prompts"), i, p) found |=
		    strcmp(json_string_value(json_object_get(p, "id")), key) == 0;
		if (!found)
			return hv_fail(err, HV_EINVAL, "%s has no prompt \"%s\"",
				       json_string_value(json_object_get(inst, "id")), key);
		if (!json_is_null(v) && !json_is_string(v))
			return hv_fail(err, HV_EINVAL, "reflections: %s must be text", key);
		char *clean = json_is_string(v) ? hv_text_clean(json_string_value(v)) : NULL;
		if (json_is_string(v) && !clean)
			return hv_fail(err, HV_EINVAL, "reflections: %s is not valid UTF-8 text", key);
		if (clean && *clean)
			json_object_set_new(refl, key, json_string(clean));
		else
			json_object_del(refl, key);
		free(clean);
	}
	if (json_object_size(refl) == 0)
		json_object_del(body, "reflections");
	return 0;
}

/* Answers into the body: null takes an answer back; the scale is checked on saving. */
static int merge_answers(json_t *body, const json_t *given, struct hv_error *err)
{
	if (!json_is_object(given))
		return hv_fail(err, HV_EINVAL, "answers must be an object of item id to a number");
	json_t *answers = json_object_get(body, "answers");
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)given, key, v) {
		if (json_is_null(v))
			json_object_del(answers, key);
		else
			json_object_set(answers, key, v);
	}
	return 0;
}

/* One step of an assessment being taken: saved at once, so it can be resumed. */
static void assess_progress(struct hv_store *st, const struct hv_request *req, const char *id,
			    struct hv_reply *reply)
{
	json_t *changes = body_object(req, reply);
	if (!changes)
		return;
	struct hv_record r;
	struct hv_error err;
	json_t *inst = NULL;
	int have = 0;
	if (hv_assess_find_unfinished(st, id, &r, &err) < 0)
		goto fail;
	have = 1;
	inst = hv_instrument_find(st, json_string_value(json_object_get(r.body, "instrument")), &err);
	if (!inst)
		goto fail;
	const char *key;
	json_t *v;
	json_object_foreach(changes, key, v) {
		int rc;
		if (strcmp(key, "answers") == 0) {
			rc = merge_answers(r.body, v, &err);
		} else if (strcmp(key, "reflections") == 0) {
			rc = merge_reflections(inst, r.body, v, &err);
		} else if (strcmp(key, "position") == 0) {
			rc = json_is_integer(v) && json_integer_value(v) >= 0 &&
				     json_integer_value(v) <= 1000
				 ? (json_object_set(r.body, "position", v), 0)
				 : hv_fail(&err, HV_EINVAL, "position must be a small whole number");
		} else {
			rc = hv_fail(&err, HV_EINVAL,
				     "unknown field \"%s\": give answers, reflections or position", key);
		}
		if (rc < 0)
			goto fail;
	}
	if (hv_assess_progress(st, inst, &r, NULL, &err) < 0)
		goto fail;
	reply_assessment(st, reply, 200, &r, inst);
	hv_reply_crisis_body(st, reply, HV_ASSESSMENT_KIND,
	                     json_object_get(changes, "reflections"));
	json_decref(inst);
	json_decref(changes);
	return;
fail:
	hv_reply_error(reply, &err);
	hv_reply_crisis_body(st, reply, HV_ASSESSMENT_KIND,
	                     json_object_get(changes, "reflections"));
	if (have)
		hv_record_release(&r);
	json_decref(inst);
	json_decref(changes);
}

static void assess_history(struct hv_store *st, const struct hv_request *req, const char *id,
			   struct hv_reply *reply)
{
	(void)req;
	struct hv_error err;
	json_t *inst = hv_instrument_find(st, id, &err);
	json_t *h = inst ? hv_assess_history(st, inst, &err) : NULL;
	json_decref(inst);
	if (!h)
		return hv_reply_error(reply, &err);
	reply->json = h;
}

/* The same history as an SVG chart drawn by the C library (report/chart.c). */
static void assess_history_chart(struct hv_store *st, const struct hv_request *req,
				 const char *id, struct hv_reply *reply)
{
	(void)req;
	struct hv_error err;
	json_t *inst = hv_instrument_find(st, id, &err);
	json_t *h = inst ? hv_assess_history(st, inst, &err) : NULL;
	if (!h) {
		json_decref(inst);
		return hv_reply_error(reply, &err);
	}
	const json_t *scale = json_object_get(inst, "scale");
	reply->bytes = hv_chart_history(h, json_number_value(json_object_get(scale, "min")),
					json_number_value(json_object_get(scale, "max")));
	json_decref(h);
	json_decref(inst);
	if (!reply->bytes)
		return hv_reply_message(reply, 500, "no-memory", "out of memory");
	reply->len = strlen(reply->bytes);
	reply->type = "image/svg+xml";
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
    /* practices, the soothing toolkit, check-ins, self-assessment */
    {"GET", "practices", NULL, practice_summary},
    {"POST", "practices", NULL, practice_create},
    {"GET", "practices/schedule", NULL, practice_schedule},
    {"GET", "soothe", NULL, soothe_list},
    {"POST", "soothe", NULL, soothe_create},
    {"GET", "soothe/pick", NULL, soothe_pick},
    {"DELETE", "soothe/", NULL, soothe_delete},
    {"GET", "checkins", NULL, checkin_list},
    {"POST", "checkins", NULL, checkin_create},
    {"GET", "assess", NULL, assess_list},
    {"GET", "assess/unfinished", NULL, assess_unfinished},
    {"GET", "assess/instruments/", NULL, assess_instrument},
    {"POST", "assess/results", NULL, assess_begin},
    {"GET", "assess/results/", NULL, assess_get},
    {"PATCH", "assess/results/", NULL, assess_progress},
    {"GET", "assess/", "/history", assess_history},
    {"GET", "assess/", "/history.svg", assess_history_chart},
    /* thinking and words (api-words.c) */
    {"POST", "check", NULL, hv_api_check},
    {"POST", "coach", NULL, hv_api_coach},
    {"POST", "coach/hold", NULL, hv_api_hold},
    {"GET", "coach/held", NULL, hv_api_held},
    {"POST", "coach/held/", NULL, hv_api_held_decide},
    {"GET", "patterns", NULL, hv_api_patterns},
    {"POST", "thought/propose", NULL, hv_api_thought_propose},
    {"GET", "thoughts", NULL, hv_api_thoughts},
    {"POST", "thoughts", NULL, hv_api_thought_add},
    /* the chat reality check (api-chat.c) */
    {"GET", "chat", NULL, hv_api_chat_list},
    {"GET", "chat/wait", NULL, hv_api_chat_wait},
    {"GET", "chat/patterns", NULL, hv_api_chat_patterns},
    {"POST", "chat/import", NULL, hv_api_chat_import},
    {"DELETE", "chat/", NULL, hv_api_chat_forget},
    /* the region setting and where help is (api-settings.c) */
    {"GET", "settings/region", NULL, hv_api_region_get},
    {"PUT", "settings/region", NULL, hv_api_region_set},
    {"POST", "settings/region", NULL, hv_api_region_set},
    {"GET", "help", NULL, hv_api_help},
};

void hv_api_routes_each(void (*fn)(const char *method, const char *path, void *ctx), void *ctx)
{
	for (size_t i = 0; i < sizeof routes / sizeof *routes; i++) {
		const struct route *r = &routes[i];
		char path[160];
		size_t n = strlen(r->prefix);
		if (r->prefix[n - 1] == '/')
			snprintf(path, sizeof path, "%s{id}%s", r->prefix,
			         r->suffix ? r->suffix : "");
		else
			snprintf(path, sizeof path, "%s", r->prefix);
		fn(r->method, path, ctx);
	}
}

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
