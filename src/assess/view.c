/*
 * view.c — assessment as front ends show it: the result object, the list
 * of instruments and results, and a step of taking one applied to its
 * record.  `haven assess` and the web API both call these, so the JSON they
 * print and the rules a reflection must meet are written once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess/assess.h"
#include "core/clock.h"
#include "core/content.h"
#include "core/text.h"

#define WORDS "assess.json"

static const char *str(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	return s ? s : "";
}

/* The practices for a flagged subscale: the instrument's own, then the
 * generic ones for that subscale id. */
static const json_t *practices_for(const char *inst_id, const char *sub_id)
{
	const json_t *all = json_object_get(hv_content_json(WORDS, NULL), "practices");
	char key[128];
	snprintf(key, sizeof key, "%s/%s", inst_id, sub_id);
	const json_t *p = json_object_get(all, key);
	return p ? p : json_object_get(all, sub_id);
}

json_t *hv_assess_flagged(const char *inst_id, const json_t *scored)
{
	json_t *out = json_array();
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(scored, "subscales"), i, s)
	{
		if (!json_is_true(json_object_get(s, "flagged")))
			continue;
		const json_t *p = practices_for(inst_id, str(s, "id"));
		json_array_append_new(out, json_pack("{s:O,s:O,s:o}", "subscale",
		                                     json_object_get(s, "id"), "title",
		                                     json_object_get(s, "title"), "practices",
		                                     p ? json_incref((json_t *)p) : json_array()));
	}
	return out;
}

json_t *hv_assess_result_json(const json_t *inst, const struct hv_record *r, struct hv_error *err)
{
	json_t *scored = hv_assess_score(inst, json_object_get(r->body, "answers"), err);
	if (!scored)
		return NULL;
	char taken[HV_RFC3339_MAX];
	hv_format_rfc3339(r->created_ms, r->created_off, taken);
	json_t *target = json_object_get(r->body, "target");
	json_t *out = json_pack(
	    "{s:s,s:O,s:O,s:O,s:s,s:O,s:o,s:s}", "id", r->id, "instrument",
	    json_object_get(inst, "id"), "title", json_object_get(inst, "title"), "target",
	    target ? target : json_null(), "taken", taken, "subscales",
	    json_object_get(scored, "subscales"), "practices",
	    hv_assess_flagged(str(inst, "id"), scored), "note", hv_content_text(WORDS, "note", ""));
	json_decref(scored);
	if (!out)
		hv_fail(err, HV_ENOMEM, "out of memory");
	return out;
}

/* One row of the results list: what a list needs, not the answers. */
static json_t *result_row(const json_t *rec)
{
	const json_t *body = json_object_get(rec, "body");
	json_t *target = json_object_get(body, "target");
	return json_pack("{s:O,s:O,s:O,s:O,s:O}", "id", json_object_get(rec, "id"), "instrument",
	                 json_object_get(body, "instrument"), "target",
	                 target ? target : json_null(), "taken", json_object_get(rec, "created"),
	                 "complete", json_object_get(body, "complete"));
}

json_t *hv_assess_overview(struct hv_store *st, struct hv_error *err)
{
	json_t *insts = hv_instrument_list(st, err);
	json_t *results = insts ? hv_assess_results(st, NULL, err) : NULL;
	if (!results) {
		json_decref(insts);
		return NULL;
	}
	json_t *rows = json_array();
	size_t i;
	json_t *rec;
	json_array_foreach(results, i, rec) json_array_append_new(rows, result_row(rec));
	json_decref(results);
	return json_pack("{s:o,s:o}", "instruments", insts, "results", rows);
}

static int has_prompt(const json_t *inst, const char *id)
{
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(inst, "prompts"), i, p)
	{
		if (strcmp(str(p, "id"), id) == 0)
			return 1;
	}
	return 0;
}

/* One reflection into refl: cleaned text, or removed when empty or null. */
static int put_reflection(const json_t *inst, json_t *refl, const char *key, const json_t *v,
                          struct hv_error *err)
{
	if (!has_prompt(inst, key))
		return hv_fail(err, HV_EINVAL, "%s has no prompt \"%s\"", str(inst, "id"), key);
	if (!json_is_null(v) && !json_is_string(v))
		return hv_fail(err, HV_EINVAL, "reflections: %s must be text", key);
	char *clean = json_is_string(v) ? hv_text_clean(json_string_value(v)) : NULL;
	if (json_is_string(v) && !clean)
		return hv_fail(err, HV_EINVAL, "reflections: %s is not valid UTF-8 text", key);
	if (clean && *clean)
		json_object_set_new(refl, key, json_string(clean));
	else
		json_object_del(refl, key);
	free(clean);
	return 0;
}

int hv_assess_merge_reflections(const json_t *inst, json_t *body, const json_t *given,
                                struct hv_error *err)
{
	if (!json_is_object(given))
		return hv_fail(err, HV_EINVAL,
		               "reflections must be an object of prompt id to text");
	json_t *refl = json_object_get(body, "reflections");
	if (!refl) {
		refl = json_object();
		json_object_set_new(body, "reflections", refl);
	}
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)given, key, v)
	{
		if (put_reflection(inst, refl, key, v, err) < 0)
			return -1;
	}
	if (json_object_size(refl) == 0)
		json_object_del(body, "reflections");
	return 0;
}

/* Answers into the body: null takes one back; the scale is checked on saving. */
static int merge_answers(json_t *body, const json_t *given, struct hv_error *err)
{
	if (!json_is_object(given))
		return hv_fail(err, HV_EINVAL, "answers must be an object of item id to a number");
	json_t *answers = json_object_get(body, "answers");
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)given, key, v)
	{
		if (json_is_null(v))
			json_object_del(answers, key);
		else
			json_object_set(answers, key, v);
	}
	return 0;
}

static int set_position(json_t *body, const json_t *v, struct hv_error *err)
{
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 1000)
		return hv_fail(err, HV_EINVAL, "position must be a small whole number");
	json_object_set(body, "position", (json_t *)v);
	return 0;
}

/* Every key of changes is one hv_assess_apply knows. */
static int known_changes(const json_t *changes, struct hv_error *err)
{
	static const char *const known[] = {"answers", "reflections", "position", NULL};
	const char *key = hv_body_unknown_key(changes, known);
	if (key)
		return hv_fail(err, HV_EINVAL,
		               "unknown field \"%s\": give answers, reflections or position", key);
	return 0;
}

int hv_assess_apply(struct hv_store *st, const json_t *inst, struct hv_record *r,
                    const json_t *changes, int require_complete, int *complete,
                    struct hv_error *err)
{
	const json_t *answers = json_object_get(changes, "answers");
	const json_t *refl = json_object_get(changes, "reflections");
	const json_t *pos = json_object_get(changes, "position");
	if (known_changes(changes, err) < 0 ||
	    (answers && merge_answers(r->body, answers, err) < 0))
		return -1;
	/* A list that must finish it is checked before anything is saved. */
	if (require_complete &&
	    hv_answers_check(inst, json_object_get(r->body, "answers"), 1, err) < 0)
		return -1;
	if ((refl && hv_assess_merge_reflections(inst, r->body, refl, err) < 0) ||
	    (pos && set_position(r->body, pos, err) < 0))
		return -1;
	return hv_assess_progress(st, inst, r, complete, err);
}
