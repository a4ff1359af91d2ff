/*
 * api-plane.c — GET /api/assess/{id}/plane.svg: where anxiety and
 * avoidance sit together, take by take, for an instrument that measures
 * both (the history's "plane", assess/plane.h), drawn by report/plane.c
 * in the words of data/assess.json.  ?target= picks a relationship of an
 * instrument answered per target (the first with results otherwise), and
 * ?width= draws it at the width the page shows it.
 */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "assess/assess.h"
#include "core/content.h"
#include "report/plane.h"

/* The plane entry for target (NULL: the first), borrowed from h. */
static const json_t *entry_for(const json_t *h, const char *target)
{
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(h, "plane"), i, e)
	{
		const char *t = json_string_value(json_object_get(e, "target"));
		if (!target || (t && !strcmp(t, target)))
			return e;
	}
	return NULL;
}

void hv_api_assess_plane_chart(struct hv_store *st, const struct hv_request *req, const char *id,
                               struct hv_reply *reply)
{
	struct hv_error err;
	int width = hv_api_arg_width(req);
	json_t *inst = hv_instrument_find(st, id, &err);
	json_t *h = inst ? hv_assess_history(st, inst, &err) : NULL;
	json_decref(inst);
	if (!h)
		return hv_reply_error(reply, &err);
	const json_t *e = entry_for(h, hv_request_arg(req, "target"));
	if (!e) {
		json_decref(h);
		return hv_reply_message(reply, 404, "no-plane",
		                        "no results of this questionnaire measure both anxiety and "
		                        "avoidance for that relationship");
	}
	reply->bytes = hv_chart_plane(
	    e, json_object_get(hv_content_json("assess.json", NULL), "plane"), width);
	json_decref(h);
	if (!reply->bytes)
		return hv_reply_message(reply, 500, "no-memory", "out of memory");
	reply->len = strlen(reply->bytes);
	reply->type = "image/svg+xml";
}
