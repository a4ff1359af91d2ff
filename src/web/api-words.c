/*
 * api-words.c — the API of the thinking-and-words features: `check` (the
 * thinking patterns in a sentence), the message coach and held drafts,
 * and thought records.  Same library calls as the CLI; every text a person
 * sends is also checked by the crisis net.
 */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "coach/coach.h"
#include "core/clock.h"
#include "core/content.h"
#include "core/duration.h"
#include "patterns/patterns.h"
#include "safety/crisis-check.h"
#include "thought/thought.h"

/* The body as an object with a string field (none when field is NULL), or
 * NULL with a 400 reply naming what is wrong. */
static json_t *body_with_text(const struct hv_request *req, const char *field, const char **text,
                              struct hv_reply *reply)
{
	json_t *j = hv_api_body_object(req, reply);
	if (!j)
		return NULL;
	*text = field ? json_string_value(json_object_get(j, field)) : NULL;
	if (field && !*text) {
		char msg[96];
		snprintf(msg, sizeof msg, "\"%s\" must be given as text", field);
		json_decref(j);
		hv_reply_message(reply, 400, "invalid", msg);
		return NULL;
	}
	return j;
}

/* check and coach: read one text field, analyse it, add the crisis notice. */
static void analyse_text(struct hv_store *st, const struct hv_request *req, const char *kind,
                         const char *field,
                         json_t *(*analyse)(const char *, size_t, struct hv_error *),
                         struct hv_reply *reply)
{
	const char *text;
	json_t *in = body_with_text(req, field, &text, reply);
	if (!in)
		return;
	struct hv_error err;
	reply->json = analyse(text, strlen(text), &err);
	if (!reply->json)
		hv_reply_error(reply, &err);
	hv_reply_crisis_body(st, reply, kind, in);
	json_decref(in);
}

void hv_api_check(struct hv_store *st, const struct hv_request *req, const char *id,
                  struct hv_reply *reply)
{
	(void)id;
	analyse_text(st, req, HV_CRISIS_CHECK_INPUT, "text", hv_check, reply);
}

void hv_api_coach(struct hv_store *st, const struct hv_request *req, const char *id,
                  struct hv_reply *reply)
{
	(void)id;
	analyse_text(st, req, HV_CRISIS_COACH_INPUT, "draft", hv_coach, reply);
}

void hv_api_hold(struct hv_store *st, const struct hv_request *req, const char *id,
                 struct hv_reply *reply)
{
	(void)id;
	const char *draft;
	json_t *in = body_with_text(req, "draft", &draft, reply);
	if (!in)
		return;
	const char *hold = json_string_value(json_object_get(in, "hold"));
	int64_t ms = hv_duration_week(hold ? hold : "20m");
	struct hv_record r;
	struct hv_error err;
	if (ms <= 0)
		hv_reply_message(reply, 400, "invalid",
		                 "\"hold\" must be a duration such as 20m, 1h or 90s");
	else if (hv_held_add(st, draft, ms, &r, &err) < 0)
		hv_reply_error(reply, &err);
	else {
		hv_api_reply_record(reply, 201, &r);
	}
	hv_reply_crisis_body(st, reply, HV_HELD_KIND, in);
	json_decref(in);
}

void hv_api_held(struct hv_store *st, const struct hv_request *req, const char *id,
                 struct hv_reply *reply)
{
	(void)req, (void)id;
	struct hv_error err;
	reply->json = hv_held_ready(st, &err);
	if (!reply->json)
		return hv_reply_error(reply, &err);
	/* A draft that comes back passes the net again, whatever it said when
	 * it was held: each one in crisis words is marked, and the reply
	 * carries the notice for the page to show first. */
	json_t *bodies = json_array();
	size_t i;
	json_t *d;
	json_array_foreach(json_object_get(reply->json, "ready"), i, d)
	{
		const json_t *body = json_object_get(d, "body");
		if (hv_crisis_check_body(HV_HELD_KIND, body)) {
			json_object_set_new(d, "crisis", json_true());
			json_array_append(bodies, (json_t *)body);
		}
	}
	hv_reply_crisis_body(st, reply, HV_HELD_KIND, bodies);
	json_decref(bodies);
}

void hv_api_held_decide(struct hv_store *st, const struct hv_request *req, const char *id,
                        struct hv_reply *reply)
{
	const char *status;
	json_t *in = body_with_text(req, "status", &status, reply);
	if (!in)
		return;
	struct hv_record r;
	struct hv_error err;
	if (hv_held_decide(st, id, status, json_string_value(json_object_get(in, "rewrite")), &r,
	                   &err) < 0)
		hv_reply_error(reply, &err);
	else {
		hv_api_reply_record(reply, 200, &r);
	}
	hv_reply_crisis_body(st, reply, HV_HELD_KIND, in);
	json_decref(in);
}

void hv_api_thought_propose(struct hv_store *st, const struct hv_request *req, const char *id,
                            struct hv_reply *reply)
{
	(void)id;
	const char *thought;
	json_t *in = body_with_text(req, "thought", &thought, reply);
	if (!in)
		return;
	reply->json = json_pack("{s:o,s:o}", "proposed", hv_thought_propose(thought), "questions",
	                        hv_thought_questions(in));
	/* Nothing is saved yet, but the person has written: help first. */
	hv_reply_crisis_body(st, reply, HV_THOUGHT_KIND, in);
	json_decref(in);
}

void hv_api_thought_add(struct hv_store *st, const struct hv_request *req, const char *id,
                        struct hv_reply *reply)
{
	(void)id;
	const char *unused;
	json_t *in = body_with_text(req, NULL, &unused, reply);
	if (!in)
		return;
	struct hv_record r;
	struct hv_error err;
	if (hv_thought_add(st, in, &r, &err) < 0)
		hv_reply_error(reply, &err);
	else {
		hv_api_reply_record(reply, 201, &r);
	}
	hv_reply_crisis_body(st, reply, HV_THOUGHT_KIND, in);
	json_decref(in);
}

void hv_api_thoughts(struct hv_store *st, const struct hv_request *req, const char *id,
                     struct hv_reply *reply)
{
	(void)req, (void)id;
	struct hv_error err;
	reply->json = hv_thought_summary(st, &err);
	if (!reply->json)
		hv_reply_error(reply, &err);
}

void hv_api_patterns(struct hv_store *st, const struct hv_request *req, const char *id,
                     struct hv_reply *reply)
{
	(void)st, (void)req, (void)id;
	static const char *const kinds[] = {
	    "all-or-nothing",  "overgeneralization",  "mind-reading",      "fortune-telling",
	    "catastrophizing", "emotional-reasoning", "should-statements", "labeling",
	    "personalization", "other-blame",         "mental-filter",     "discounting-positive",
	};
	/* Each kind as `haven check --explain KIND --json` says it: what it is,
	 * an example and the question to ask, from data/patterns.json. */
	const json_t *about = json_object_get(hv_content_json("patterns.json", NULL), "kinds");
	json_t *out = json_array();
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
		const char *label = hv_pattern_label(kinds[i]);
		const json_t *k = json_object_get(about, kinds[i]);
		json_t *p =
		    json_pack("{s:s,s:s}", "kind", kinds[i], "label", label ? label : kinds[i]);
		static const char *const fields[] = {"what", "example", "ask"};
		for (size_t f = 0; f < 3; f++)
			if (json_is_string(json_object_get(k, fields[f])))
				json_object_set(p, fields[f], json_object_get(k, fields[f]));
		json_array_append_new(out, p);
	}
	/* "For example:", "Ask yourself:": the words check uses to explain. */
	const json_t *m = json_object_get(hv_content_json("patterns.json", NULL), "messages");
	reply->json = json_pack("{s:o,s:O,s:{s:O,s:O}}", "patterns", out, "words",
	                        hv_content_json("thought.json", NULL), "explain", "example",
	                        json_object_get(m, "example"), "ask", json_object_get(m, "ask"));
}
