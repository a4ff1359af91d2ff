/*
 * api-assess.c — the web side of haven assess: instruments and results,
 * taking one a step at a time (saved at once, so it can be resumed), and
 * the history with its chart.  The result object, the list rows and the
 * rule for reflections are the library's (assess/view.c), as for the CLI.
 */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "assess/assess.h"
#include "report/chart.h"
#include "safety/crisis-check.h"

/* Instruments and results, the value of `haven assess list --json`. */
void hv_api_assess_list(struct hv_store *st, const struct hv_request *req, const char *id,
                        struct hv_reply *reply)
{
	(void)req, (void)id;
	struct hv_error err;
	hv_reply_json(reply, hv_assess_overview(st, &err), &err);
}

void hv_api_assess_instrument(struct hv_store *st, const struct hv_request *req, const char *id,
                              struct hv_reply *reply)
{
	(void)req;
	struct hv_error err;
	hv_reply_json(reply, hv_instrument_find(st, id, &err), &err);
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
		result = inst ? hv_assess_result_json(inst, r, &err) : NULL;
		if (!result) {
			json_decref(inst);
			hv_record_release(r);
			return hv_reply_error(reply, &err);
		}
	}
	json_decref(inst);
	hv_api_reply_record(reply, status, r);
	json_object_set_new(reply->json, "result", result);
}

void hv_api_assess_begin(struct hv_store *st, const struct hv_request *req, const char *id,
                         struct hv_reply *reply)
{
	(void)id;
	json_t *body = hv_api_body_object(req, reply);
	if (!body)
		return;
	struct hv_error err;
	struct hv_record r;
	static const char *const known[] = {"instrument", "target", NULL};
	const char *key = hv_body_unknown_key(body, known);
	if (key) {
		hv_fail(&err, HV_EINVAL, "unknown field \"%s\": give instrument and target", key);
		hv_reply_error(reply, &err);
		json_decref(body);
		return;
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

void hv_api_assess_unfinished(struct hv_store *st, const struct hv_request *req, const char *id,
                              struct hv_reply *reply)
{
	(void)req, (void)id;
	struct hv_record r;
	struct hv_error err;
	if (hv_assess_find_unfinished(st, NULL, &r, &err) < 0)
		return hv_reply_error(reply, &err);
	reply_assessment(st, reply, 200, &r, NULL);
}

void hv_api_assess_get(struct hv_store *st, const struct hv_request *req, const char *id,
                       struct hv_reply *reply)
{
	(void)req;
	struct hv_record r;
	struct hv_error err;
	if (hv_store_get(st, id, HV_ASSESSMENT_KIND, &r, &err) < 0)
		return hv_reply_error(reply, &err);
	reply_assessment(st, reply, 200, &r, NULL);
}

/* One step of an assessment being taken: saved at once, so it can be resumed. */
void hv_api_assess_progress(struct hv_store *st, const struct hv_request *req, const char *id,
                            struct hv_reply *reply)
{
	json_t *changes = hv_api_body_object(req, reply);
	if (!changes)
		return;
	struct hv_record r;
	struct hv_error err;
	json_t *inst = NULL;
	int have = 0;
	if (hv_assess_find_unfinished(st, id, &r, &err) < 0)
		goto fail;
	have = 1;
	inst =
	    hv_instrument_find(st, json_string_value(json_object_get(r.body, "instrument")), &err);
	if (!inst)
		goto fail;
	if (hv_assess_apply(st, inst, &r, changes, 0, NULL, &err) < 0)
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

void hv_api_assess_history(struct hv_store *st, const struct hv_request *req, const char *id,
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
void hv_api_assess_history_chart(struct hv_store *st, const struct hv_request *req, const char *id,
                                 struct hv_reply *reply)
{
	struct hv_error err;
	/* ?width=390: drawn for the width the page shows it at. */
	int width = hv_api_arg_width(req);
	json_t *inst = hv_instrument_find(st, id, &err);
	json_t *h = inst ? hv_assess_history(st, inst, &err) : NULL;
	if (!h) {
		json_decref(inst);
		return hv_reply_error(reply, &err);
	}
	const json_t *scale = json_object_get(inst, "scale");
	reply->bytes = hv_chart_history(h, json_number_value(json_object_get(scale, "min")),
	                                json_number_value(json_object_get(scale, "max")), width);
	json_decref(h);
	json_decref(inst);
	if (!reply->bytes)
		return hv_reply_message(reply, 500, "no-memory", "out of memory");
	reply->len = strlen(reply->bytes);
	reply->type = "image/svg+xml";
}
