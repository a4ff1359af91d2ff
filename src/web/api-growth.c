/*
 * api-growth.c — the web side of the months, not just the moment: the
 * setback plan (`haven plan`), the milestones and the strength of ongoing
 * practice (`haven milestones`), and the evidence list with its good
 * moments (`haven evidence`).  The same library calls as the CLI, so a page
 * and `--json` show the same thing; each reply carries its page's words.
 */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "coach/coach.h"
#include "core/clock.h"
#include "core/content.h"
#include "growth/growth.h"
#include "practice/practice.h"
#include "safety/crisis.h"

static json_t *words(const char *file, const char *key)
{
	const json_t *all = hv_content_json(file, NULL);
	return json_incref(key ? json_object_get(all, key) : (json_t *)all);
}

/* Every practice as {id, label}, for the plan page to choose from. */
static json_t *practice_choices(void)
{
	json_t *out = json_array();
	const char *p = hv_practice_list();
	while (*p) {
		size_t n = strcspn(p, ",");
		char id[64];
		snprintf(id, sizeof id, "%.*s", (int)n, p);
		const char *label = hv_practice_label(id);
		json_array_append_new(
		    out, json_pack("{s:s,s:s}", "id", id, "label", label ? label : id));
		p += n;
		while (*p == ',' || *p == ' ')
			p++;
	}
	return out;
}

/* The plan, the practices the person's own ratings propose, the region's
 * crisis lines, whether the last days ran hot (the Today page's offer),
 * and every practice to choose from. */
void hv_api_plan_get(struct hv_store *st, const struct hv_request *req, const char *id,
                     struct hv_reply *reply)
{
	(void)req, (void)id;
	struct hv_error err;
	json_t *plan = hv_plan_get(st, &err);
	json_t *prop = plan ? hv_plan_proposals(st, 3, &err) : NULL;
	int hot = prop ? hv_plan_running_hot(st, hv_now_ms(), &err) : -1;
	if (hot < 0) {
		json_decref(plan);
		json_decref(prop);
		return hv_reply_error(reply, &err);
	}
	char region[16];
	json_t *notice = hv_crisis_notice(hv_crisis_region(st, region));
	reply->json = json_pack(
	    "{s:O,s:o,s:O,s:O,s:b,s:o,s:o}", "plan", plan, "proposals", prop, "crisis_lines",
	    json_object_get(notice, "resources"), "crisis_words", json_object_get(notice, "words"),
	    "hot", hot, "choices", practice_choices(), "words", words("growth.json", "plan"));
	json_decref(plan);
	json_decref(notice);
}

/* Change the plan: each field given replaces the plan's, null removes it,
 * the whole checked before it is written (as `haven plan edit`). */
void hv_api_plan_edit(struct hv_store *st, const struct hv_request *req, const char *id,
                      struct hv_reply *reply)
{
	(void)id;
	hv_api_write_body(st, req, reply, HV_PLAN_KIND, hv_plan_edit, 200);
}

/* The milestones (each "new" until shown) and the habits, with words. */
void hv_api_milestones(struct hv_store *st, const struct hv_request *req, const char *id,
                       struct hv_reply *reply)
{
	(void)req, (void)id;
	struct hv_error err;
	json_t *all = hv_milestones(st, hv_now_ms(), &err);
	if (!all)
		return hv_reply_error(reply, &err);
	json_object_set_new(all, "words", words("growth.json", NULL));
	reply->json = all;
}

/* The page has shown the new milestones: remember it, so each is told once. */
void hv_api_milestones_seen(struct hv_store *st, const struct hv_request *req, const char *id,
                            struct hv_reply *reply)
{
	(void)req, (void)id;
	struct hv_error err;
	json_t *all = hv_milestones(st, hv_now_ms(), &err);
	if (!all || hv_milestones_mark_shown(st, json_object_get(all, "milestones"), &err) < 0) {
		json_decref(all);
		return hv_reply_error(reply, &err);
	}
	json_decref(all);
	reply->json = json_pack("{s:b}", "ok", 1);
}

/* The evidence list and good moments, newest first, with the words. */
void hv_api_evidence_list(struct hv_store *st, const struct hv_request *req, const char *id,
                          struct hv_reply *reply)
{
	(void)req, (void)id;
	struct hv_error err;
	json_t *list = hv_evidence_list(st, &err);
	if (!list)
		return hv_reply_error(reply, &err);
	reply->json =
	    json_pack("{s:o,s:o}", "evidence", list, "words", words("evidence.json", NULL));
}

/* Keep a memory or a good moment: {"text", "type"?}. */
/* The body's shape first (unknown fields, types), then the cleaned save. */
static int add_evidence(struct hv_store *st, const char *id, const json_t *body,
                        struct hv_record *out, struct hv_error *err)
{
	(void)id;
	if (hv_evidence_validate(body, err) < 0)
		return -1;
	return hv_evidence_add(st, json_string_value(json_object_get(body, "text")),
	                       json_string_value(json_object_get(body, "type")), out, err);
}

void hv_api_evidence_create(struct hv_store *st, const struct hv_request *req, const char *id,
                            struct hv_reply *reply)
{
	hv_api_write(st, req, id, reply, HV_EVIDENCE_KIND, add_evidence, 201);
}
