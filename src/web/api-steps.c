/*
 * api-steps.c — the web side of small steps (`haven steps`): everything at
 * once with the page's words, and adding a ladder step, rating a try,
 * removing a step, keeping an act of care, choosing the week's change and
 * looking back on it.  The same library calls as the CLI; a refused body
 * changes nothing, and the words pass the crisis net.
 */
#include "api.h"
#include "core/clock.h"
#include "core/content.h"
#include "growth/steps.h"

void hv_api_steps(struct hv_store *st, const struct hv_request *req, const char *id,
                  struct hv_reply *reply)
{
	(void)req, (void)id;
	struct hv_error err;
	json_t *all = hv_steps_overview(st, hv_now_ms(), &err);
	if (!all)
		return hv_reply_error(reply, &err);
	json_object_set(all, "words", (json_t *)hv_content_json("steps.json", NULL));
	reply->json = all;
}

static int set_week(struct hv_store *st, const char *id, const json_t *b, struct hv_record *out,
                    struct hv_error *err)
{
	(void)id;
	return hv_week_set_json(st, b, hv_now_ms(), out, err);
}

static int check_week(struct hv_store *st, const char *id, const json_t *b, struct hv_record *out,
                      struct hv_error *err)
{
	(void)id;
	return hv_week_check_json(st, b, hv_now_ms(), out, err);
}

void hv_api_steps_ladder_add(struct hv_store *st, const struct hv_request *req, const char *id,
                             struct hv_reply *reply)
{
	(void)id;
	hv_api_write_body(st, req, reply, HV_ALONE_STEP_KIND, hv_ladder_add_json, 201);
}

void hv_api_steps_try(struct hv_store *st, const struct hv_request *req, const char *id,
                      struct hv_reply *reply)
{
	hv_api_write(st, req, id, reply, HV_ALONE_TRY_KIND, hv_ladder_try_json, 201);
}

void hv_api_steps_ladder_remove(struct hv_store *st, const struct hv_request *req, const char *id,
                                struct hv_reply *reply)
{
	(void)req;
	struct hv_error err;
	if (hv_ladder_remove(st, id, &err) < 0)
		return hv_reply_error(reply, &err);
	reply->json = json_pack("{s:s,s:b}", "id", id, "removed", 1);
}

void hv_api_steps_care(struct hv_store *st, const struct hv_request *req, const char *id,
                       struct hv_reply *reply)
{
	(void)id;
	hv_api_write_body(st, req, reply, HV_CARE_KIND, hv_care_add_json, 201);
}

void hv_api_steps_week_set(struct hv_store *st, const struct hv_request *req, const char *id,
                           struct hv_reply *reply)
{
	hv_api_write(st, req, id, reply, HV_WEEK_CHANGE_KIND, set_week, 201);
}

void hv_api_steps_week_check(struct hv_store *st, const struct hv_request *req, const char *id,
                             struct hv_reply *reply)
{
	hv_api_write(st, req, id, reply, HV_WEEK_CHANGE_KIND, check_week, 200);
}
