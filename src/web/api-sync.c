/*
 * api-sync.c — sync as the Settings page shows it, and its switch:
 *
 *   GET  /api/sync   {"set_up", "folder", "device", "auto", "last_sync",
 *                     "devices", "problem", "words", "init_command",
 *                     "sync_command"}
 *   PUT  /api/sync   {"auto": true} or {"auto": false}; POST too
 *
 * "auto" is the same setting as `haven config set sync.auto on|off`; the
 * status is the library's (sync.h, hv_sync_status), with the page's words
 * from data/sync.json ("web").  Naming the folder stays with `haven sync
 * init`, which may ask for a passphrase: "init_command" is that command
 * line, for the page to show, and "sync_command" the one that syncs now
 * (the words name both as actions, core/action.h, which have no page).  Documented in docs/api.md.
 */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "core/action.h"
#include "core/content.h"
#include "sync/sync.h"

/* The command line of the action the words name at path ("haven sync"),
 * for the page to show to type in a terminal. */
static json_t *command_line(const json_t *words, const char *path, const char *fallback)
{
	const char *cmd = hv_action_command(json_string_value(hv_json_at(words, path)));
	char line[256];
	snprintf(line, sizeof line, "haven %s", cmd ? cmd : fallback);
	return json_string(line);
}

static void status_reply(struct hv_store *st, struct hv_reply *reply)
{
	struct hv_error err;
	json_t *status = hv_sync_status(st, &err);
	const json_t *words = json_object_get(hv_content_json("sync.json", NULL), "web");
	if (status) {
		json_object_set(status, "words", (json_t *)words);
		json_object_set_new(status, "init_command",
		                    command_line(words, "not_set_up_action/do", "sync init"));
		json_object_set_new(status, "sync_command",
		                    command_line(words, "sync_action/do", "sync"));
	}
	hv_reply_json(reply, status, &err);
}

void hv_api_sync_get(struct hv_store *st, const struct hv_request *req, const char *id,
                     struct hv_reply *reply)
{
	(void)req, (void)id;
	status_reply(st, reply);
}

void hv_api_sync_set(struct hv_store *st, const struct hv_request *req, const char *id,
                     struct hv_reply *reply)
{
	(void)id;
	json_error_t je;
	json_t *body = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &je);
	json_t *on = json_object_get(body, "auto");
	if (!json_is_object(body) || !json_is_boolean(on) || json_object_size(body) != 1) {
		json_decref(body);
		return hv_reply_message(reply, 400, "invalid",
		                        "send {\"auto\": true} to sync by itself, or {\"auto\": "
		                        "false} to sync only when asked");
	}
	int want = json_is_true(on);
	json_decref(body);
	struct hv_error err;
	if (hv_sync_set_auto(st, want, &err) < 0)
		return hv_reply_error(reply, &err);
	status_reply(st, reply);
}
