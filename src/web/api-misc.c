/*
 * api-misc.c — the API's odds and ends: the page's CSRF token, the
 * database's settings, the page words from data/, and export and import of
 * one's own JSON Lines file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "core/content.h"
#include "core/vault.h"
#include "transfer/transfer.h"

/* The CSRF token the page sends back on every write (server.c checks it). */
void hv_api_session(struct hv_store *st, const struct hv_request *req, const char *id,
                    struct hv_reply *reply)
{
	(void)st, (void)id;
	reply->json = json_pack("{s:s}", "csrf", req->csrf ? req->csrf : "");
}

void hv_api_settings(struct hv_store *st, const struct hv_request *req, const char *id,
                     struct hv_reply *reply)
{
	(void)req, (void)id;
	reply->json =
	    json_pack("{s:s,s:b}", "database", hv_store_path(st), "vault", hv_vault_on(st));
}

void hv_api_content(struct hv_store *st, const struct hv_request *req, const char *name,
                    struct hv_reply *reply)
{
	(void)st, (void)req;
	/* Only the page words; each file is public within the app anyway. */
	static const char *const allowed[] = {
	    "home.json",         "insights.json",    "journal.json",       "practices.json",
	    "assess.json",       "checkin.json",     "practices-web.json", "chat-web.json",
	    "check-web.json",    "journal-web.json", "coach-web.json",     "assess-web.json",
	    "settings-web.json", "actions.json"};
	for (size_t i = 0; i < sizeof allowed / sizeof *allowed; i++) {
		if (strcmp(name, allowed[i]) == 0) {
			reply->json = json_incref((json_t *)hv_content_json(name, NULL));
			return;
		}
	}
	hv_reply_message(reply, 404, "not-found", "no such content");
}

void hv_api_export(struct hv_store *st, const struct hv_request *req, const char *id,
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

void hv_api_import(struct hv_store *st, const struct hv_request *req, const char *id,
                   struct hv_reply *reply)
{
	(void)id;
	FILE *in = fmemopen((void *)req->body, req->body_len ? req->body_len : 1, "r");
	if (!in)
		return hv_reply_message(reply, 500, "no-memory", "out of memory");
	struct hv_import_stats stats = {0};
	struct hv_error err;
	int rc = req->body_len
	             ? hv_import_jsonl(st, in, "the uploaded file", &stats, NULL, NULL, &err)
	             : 0;
	fclose(in);
	if (rc < 0)
		hv_reply_error(reply, &err);
	else
		reply->json =
		    json_pack("{s:I,s:I,s:I}", "added", (json_int_t)stats.added, "updated",
		              (json_int_t)stats.updated, "unchanged", (json_int_t)stats.kept);
	if (stats.crisis) /* an error reply too: help never waits for a good file */
		hv_reply_crisis_heard(st, reply);
}
