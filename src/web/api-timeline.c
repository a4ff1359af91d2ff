/*
 * api-timeline.c — the web side of the attachment timeline (`haven
 * timeline`): the events in the order of a life with the page's words and
 * prompts, and adding, changing and removing one.  The same library calls
 * as the CLI, so the page and `--json` show the same thing, and a refused
 * body changes nothing.
 */
#include "api.h"
#include "core/content.h"
#include "growth/timeline.h"

/* Every event, oldest first, with the page's words and prompts. */
void hv_api_timeline_list(struct hv_store *st, const struct hv_request *req, const char *id,
                          struct hv_reply *reply)
{
	(void)req, (void)id;
	struct hv_error err;
	json_t *list = hv_timeline_list(st, &err);
	if (!list)
		return hv_reply_error(reply, &err);
	reply->json = json_pack("{s:o,s:O}", "events", list, "words",
	                        (json_t *)hv_content_json("timeline.json", NULL));
}

void hv_api_timeline_create(struct hv_store *st, const struct hv_request *req, const char *id,
                            struct hv_reply *reply)
{
	(void)id;
	hv_api_write_body(st, req, reply, HV_TIMELINE_KIND, hv_timeline_add, 201);
}

/* Change an event: each field given replaces its own, null removes it. */
void hv_api_timeline_edit(struct hv_store *st, const struct hv_request *req, const char *id,
                          struct hv_reply *reply)
{
	hv_api_write(st, req, id, reply, HV_TIMELINE_KIND, hv_timeline_edit, 200);
}

/* Take an event off the timeline. */
void hv_api_timeline_remove(struct hv_store *st, const struct hv_request *req, const char *id,
                            struct hv_reply *reply)
{
	(void)req;
	struct hv_error err;
	if (hv_timeline_remove(st, id, &err) < 0)
		return hv_reply_error(reply, &err);
	reply->json = json_pack("{s:s,s:b}", "id", id, "removed", 1);
}
