/*
 * api-say.c — the web side of `haven say`: the scripts for the hard
 * moments (a pause, a no, a repair, asking for closeness) with their
 * phrases from data/scripts.json, the versions a person has kept, and
 * keeping a new one.  The same library calls as the CLI (coach/scripts.h),
 * so the same checks and messages; the words a person keeps pass the
 * crisis net first, as every write does.
 */
#include <string.h>

#include "api.h"
#include "coach/scripts.h"
#include "core/content.h"

/* Every script with the person's own versions, and the page's words. */
void hv_api_scripts(struct hv_store *st, const struct hv_request *req, const char *id,
                    struct hv_reply *reply)
{
	(void)req, (void)id;
	json_t *all = json_array();
	size_t i;
	json_t *name;
	json_array_foreach(hv_script_names(), i, name)
	{
		struct hv_error err;
		json_t *s = hv_script_json(st, json_string_value(name), &err);
		if (!s) {
			json_decref(all);
			return hv_reply_error(reply, &err);
		}
		json_array_append_new(all, s);
	}
	reply->json = json_pack("{s:o,s:O}", "scripts", all, "words",
	                        json_object_get(hv_content_json("scripts.json", NULL), "web"));
}

/* One script, exactly `haven say NAME --json`; an unknown name is 404. */
void hv_api_script_get(struct hv_store *st, const struct hv_request *req, const char *id,
                       struct hv_reply *reply)
{
	(void)req;
	struct hv_error err;
	if (!hv_script_known(id)) {
		hv_fail(&err, HV_EINVAL, "there is no script \"%s\": try break, no, repair or ask",
		        id);
		return hv_reply_message(reply, 404, "not-found", err.msg);
	}
	hv_reply_json(reply, hv_script_json(st, id, &err), &err);
}

/* Keep one's own version: {"text": "..."}; 201 with the "script" record. */
void hv_api_script_keep(struct hv_store *st, const struct hv_request *req, const char *id,
                        struct hv_reply *reply)
{
	json_t *in = hv_api_body_object(req, reply);
	if (!in)
		return;
	const char *text = json_string_value(json_object_get(in, "text"));
	struct hv_record r;
	struct hv_error err;
	if (!hv_script_known(id)) {
		hv_fail(&err, HV_EINVAL, "there is no script \"%s\": try break, no, repair or ask",
		        id);
		hv_reply_message(reply, 404, "not-found", err.msg);
	} else if (!text)
		hv_reply_message(reply, 400, "invalid", "\"text\" must be given as text");
	else if (hv_script_keep(st, id, text, &r, &err) < 0)
		hv_reply_error(reply, &err);
	else
		hv_api_reply_record(reply, 201, &r);
	/* Help first, a refused body included: the words were written. */
	hv_reply_crisis_body(st, reply, HV_SCRIPT_KIND, in);
	json_decref(in);
}
