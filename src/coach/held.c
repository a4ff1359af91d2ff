/*
 * held.c — drafts held back before sending.  The guide's small change for
 * a week is "pause before you send that extra text": a held draft waits
 * until its time has passed, then comes back with the coach's view and one
 * question — keep, rewrite or drop — and the answer is kept, so insights
 * can count messages paused and messages rewritten.
 */
#include "coach.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/text.h"

static const char *const statuses[] = {"held", "kept", "rewritten", "dropped", NULL};

static int known_status(const char *s)
{
	for (int i = 0; s && statuses[i]; i++)
		if (strcmp(s, statuses[i]) == 0)
			return 1;
	return 0;
}

static int check_time(const json_t *v, const char *name, struct hv_error *err)
{
	int64_t ms;
	int off;
	if (!json_is_string(v) || hv_parse_rfc3339(json_string_value(v), &ms, &off) < 0)
		return hv_fail(err, HV_EINVAL, "%s must be an RFC 3339 time", name);
	return 0;
}

static int check_draft_text(const json_t *v, const char *name, struct hv_error *err)
{
	if (!json_is_string(v) || json_string_length(v) == 0)
		return hv_fail(err, HV_EINVAL, "%s must be non-empty text", name);
	if (json_string_length(v) > HV_COACH_MAX)
		return hv_fail(err, HV_EINVAL, "%s is longer than %d bytes", name, HV_COACH_MAX);
	return 0;
}

int hv_held_validate(const json_t *body, struct hv_error *err)
{
	if (!json_is_object(body))
		return hv_fail(err, HV_EINVAL, "a held draft must be a JSON object");
	if (check_draft_text(json_object_get(body, "draft"), "draft", err) < 0 ||
	    check_time(json_object_get(body, "hold_until"), "hold_until", err) < 0)
		return -1;
	const char *status = json_string_value(json_object_get(body, "status"));
	if (!known_status(status))
		return hv_fail(err, HV_EINVAL, "status must be held, kept, rewritten or dropped");
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)body, key, v)
	{
		if (!strcmp(key, "draft") || !strcmp(key, "hold_until") || !strcmp(key, "status"))
			continue;
		if (!strcmp(key, "rewrite")) {
			if (check_draft_text(v, "rewrite", err) < 0)
				return -1;
		} else if (!strcmp(key, "decided")) {
			if (check_time(v, "decided", err) < 0)
				return -1;
		} else {
			return hv_fail(err, HV_EINVAL, "unknown held-draft field \"%s\"", key);
		}
	}
	if ((strcmp(status, "rewritten") == 0) != (json_object_get(body, "rewrite") != NULL))
		return hv_fail(err, HV_EINVAL,
		               "a rewrite goes with status \"rewritten\", and only with it");
	if ((strcmp(status, "held") != 0) != (json_object_get(body, "decided") != NULL))
		return hv_fail(err, HV_EINVAL,
		               "a decided time goes with a decision, and only with one");
	return 0;
}

static void set_time(json_t *body, const char *key, int64_t ms)
{
	char buf[HV_RFC3339_MAX];
	hv_format_rfc3339(ms, hv_local_offset_min(ms), buf);
	json_object_set_new(body, key, json_string(buf));
}

int hv_held_add(struct hv_store *st, const char *draft, int64_t hold_ms, struct hv_record *out,
                struct hv_error *err)
{
	if (hold_ms <= 0)
		return hv_fail(err, HV_EINVAL, "a hold must be longer than nothing, e.g. 20m");
	char *clean = hv_text_clean(draft);
	if (!clean)
		return hv_fail(err, HV_EINVAL, "the draft is not valid UTF-8 text");
	struct hv_record r;
	if (hv_record_new(&r, HV_HELD_KIND, err) < 0) {
		free(clean);
		return -1;
	}
	json_object_set_new(r.body, "draft", json_string(clean));
	free(clean);
	set_time(r.body, "hold_until", r.created_ms + hold_ms);
	json_object_set_new(r.body, "status", json_string("held"));
	return hv_store_add_new(st, &r, hv_held_validate, out, err);
}

int hv_held_until(const struct hv_record *r, int64_t *until)
{
	const char *status = json_string_value(json_object_get(r->body, "status"));
	int off;
	return status && strcmp(status, "held") == 0 &&
	       hv_parse_rfc3339(json_string_value(json_object_get(r->body, "hold_until")), until,
	                        &off) == 0;
}

struct ready_ctx {
	int64_t now;
	json_t *ready;
	int64_t waiting;
};

static int collect_ready(const struct hv_record *r, void *ctx)
{
	struct ready_ctx *c = ctx;
	int64_t until;
	if (!hv_held_until(r, &until))
		return 0;
	if (until > c->now) {
		c->waiting++;
		return 0;
	}
	const char *draft = json_string_value(json_object_get(r->body, "draft"));
	json_t *rec = hv_record_to_json(r);
	json_t *view = hv_coach(draft, strlen(draft), NULL);
	json_object_set_new(rec, "coach", view ? view : json_null());
	json_array_append_new(c->ready, rec);
	return 0;
}

json_t *hv_held_ready(struct hv_store *st, struct hv_error *err)
{
	struct hv_query q = {.kind = HV_HELD_KIND};
	struct ready_ctx c = {.now = hv_now_ms(), .ready = json_array()};
	if (hv_store_each(st, &q, collect_ready, &c, err) < 0) {
		json_decref(c.ready);
		return NULL;
	}
	return json_pack("{s:o,s:I}", "ready", c.ready, "waiting", (json_int_t)c.waiting);
}

int hv_held_decide(struct hv_store *st, const char *id, const char *status, const char *rewrite,
                   struct hv_record *out, struct hv_error *err)
{
	if (!known_status(status) || strcmp(status, "held") == 0)
		return hv_fail(err, HV_EINVAL, "decide with kept, rewritten or dropped");
	if ((strcmp(status, "rewritten") == 0) != (rewrite != NULL))
		return hv_fail(err, HV_EINVAL, "a rewrite needs its new text (and only a rewrite)");
	struct hv_record r;
	if (hv_store_get(st, id, HV_HELD_KIND, &r, err) < 0)
		return -1;
	if (strcmp(json_string_value(json_object_get(r.body, "status")), "held") != 0) {
		hv_fail(err, HV_EINVAL, "that draft was already %s; nothing changed",
		        json_string_value(json_object_get(r.body, "status")));
		goto fail;
	}
	json_object_set_new(r.body, "status", json_string(status));
	if (rewrite) {
		char *clean = hv_text_clean(rewrite);
		if (!clean) {
			hv_fail(err, HV_EINVAL, "the rewrite is not valid UTF-8 text");
			goto fail;
		}
		json_object_set_new(r.body, "rewrite", json_string(clean));
		free(clean);
	}
	set_time(r.body, "decided", hv_now_ms());
	if (hv_held_validate(r.body, err) < 0 || hv_store_update(st, &r, err) < 0)
		goto fail;
	if (out)
		*out = r;
	else
		hv_record_release(&r);
	return 0;
fail:
	hv_record_release(&r);
	return -1;
}
