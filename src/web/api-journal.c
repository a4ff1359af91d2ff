/*
 * api-journal.c — the API of the trigger journal: entries listed, written,
 * edited, deleted and brought back, the vocabularies to choose from, and
 * the insights over them with their charts.  Same library calls as the CLI.
 */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "core/clock.h"
#include "core/content.h"
#include "insight/insights.h"
#include "journal/journal.h"
#include "journal/vocab.h"
#include "report/chart.h"

void hv_api_journal_list(struct hv_store *st, const struct hv_request *req, const char *id,
                         struct hv_reply *reply)
{
	(void)id;
	struct hv_journal_filter f = {0};
	const char *limit = hv_request_arg(req, "limit"), *deleted = hv_request_arg(req, "deleted");
	if (hv_api_arg_time(req, "since", &f.since_ms, reply) < 0 ||
	    hv_api_arg_time(req, "until", &f.until_ms, reply) < 0)
		return;
	f.trigger = hv_request_arg(req, "kind");
	if (f.trigger && !*f.trigger)
		f.trigger = NULL;
	f.limit = limit ? strtoll(limit, NULL, 10) : 0;
	f.include_deleted = deleted && strcmp(deleted, "1") == 0;
	struct hv_error err;
	hv_reply_json(reply, hv_journal_list(st, &f, &err), &err);
}

void hv_api_journal_create(struct hv_store *st, const struct hv_request *req, const char *id,
                           struct hv_reply *reply)
{
	(void)id;
	hv_api_create_at(st, req, reply, HV_TRIGGER_KIND, hv_journal_add);
}

void hv_api_journal_get(struct hv_store *st, const struct hv_request *req, const char *id,
                        struct hv_reply *reply)
{
	(void)req;
	struct hv_record r;
	struct hv_error err;
	if (hv_store_get(st, id, HV_TRIGGER_KIND, &r, &err) < 0)
		return hv_reply_error(reply, &err);
	hv_api_reply_record(reply, 200, &r);
}

void hv_api_journal_edit(struct hv_store *st, const struct hv_request *req, const char *id,
                         struct hv_reply *reply)
{
	json_t *changes = hv_api_body_object(req, reply);
	int64_t at;
	struct hv_record r;
	struct hv_error err;
	/* A body that is not JSON, or a wrong "at", has its reply already. */
	int ok = changes && hv_api_take_at(changes, &at, reply) == 0;
	if (ok && hv_journal_edit(st, id, changes, at, &r, &err) < 0)
		hv_reply_error(reply, &err);
	else if (ok)
		hv_api_reply_record(reply, 200, &r);
	hv_reply_crisis_body(st, reply, HV_TRIGGER_KIND, changes);
	json_decref(changes);
}

void hv_api_journal_delete(struct hv_store *st, const struct hv_request *req, const char *id,
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
	hv_api_reply_record(reply, 200, &r);
}

void hv_api_journal_restore(struct hv_store *st, const struct hv_request *req, const char *id,
                            struct hv_reply *reply)
{
	(void)req;
	struct hv_record r;
	struct hv_error err;
	if (hv_journal_set_deleted(st, id, 0, &r, &err) < 0)
		return hv_reply_error(reply, &err);
	hv_api_reply_record(reply, 200, &r);
}

void hv_api_insights(struct hv_store *st, const struct hv_request *req, const char *id,
                     struct hv_reply *reply)
{
	(void)id;
	int64_t since;
	if (hv_api_arg_time(req, "since", &since, reply) < 0)
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

void hv_api_vocab(struct hv_store *st, const struct hv_request *req, const char *id,
                  struct hv_reply *reply)
{
	(void)st, (void)req, (void)id;
	json_t *triggers = json_array(), *emotions = json_array(), *responses = json_array();
	hv_trigger_kinds_each(add_choice, triggers);
	hv_emotions_each(add_choice, emotions);
	hv_responses_each(add_choice, responses);
	reply->json =
	    json_pack("{s:o,s:o,s:o,s:O}", "triggers", triggers, "emotions", emotions, "responses",
	              responses, "journal", hv_content_json("journal.json", NULL));
}

void hv_api_chart(struct hv_store *st, const struct hv_request *req, const char *file,
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
