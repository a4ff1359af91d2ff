/*
 * steps-json.c — small steps from a JSON body (see steps.h), for the web
 * API: the body's fields are checked for name and type here, so a page
 * gets the same clear refusal a mistyped flag gets on the command line,
 * and then the same library calls do the rest.
 */
#include "steps.h"

#include <string.h>

/* Every key of body is one of known, and each text field is text. */
static int fields(const json_t *body, const char *const *known, const char *const *texts,
                  struct hv_error *err)
{
	if (!json_is_object(body))
		return hv_fail(err, HV_EINVAL, "the body must be a JSON object");
	const char *key = hv_body_unknown_key(body, known);
	if (key)
		return hv_fail(err, HV_EINVAL, "unknown field \"%s\"", key);
	for (int i = 0; texts[i]; i++) {
		const json_t *t = json_object_get(body, texts[i]);
		if (t && !json_is_string(t))
			return hv_fail(err, HV_EINVAL, "%s must be text", texts[i]);
	}
	return 0;
}

/* A whole number at key within lo..hi into *out; absent gives dflt. */
static int whole(const json_t *body, const char *key, int lo, int hi, int dflt, int *out,
                 struct hv_error *err)
{
	const json_t *v = json_object_get(body, key);
	if (!v) {
		*out = dflt;
		return dflt == -1 ? hv_fail(err, HV_EINVAL, "%s is needed", key) : 0;
	}
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
		return hv_fail(err, HV_EINVAL, "%s must be a whole number from %d to %d", key, lo,
		               hi);
	*out = (int)json_integer_value(v);
	return 0;
}

static const char *text(const json_t *body, const char *key)
{
	return json_string_value(json_object_get(body, key));
}

int hv_ladder_add_json(struct hv_store *st, const json_t *body, struct hv_record *out,
                       struct hv_error *err)
{
	static const char *const known[] = {"what", "level", NULL}, *const texts[] = {"what", NULL};
	int level;
	if (fields(body, known, texts, err) < 0 ||
	    whole(body, "level", 1, HV_STEP_LEVELS, 0, &level, err) < 0)
		return -1;
	return hv_ladder_add(st, text(body, "what"), level, out, err);
}

int hv_ladder_try_json(struct hv_store *st, const char *id, const json_t *body,
                       struct hv_record *out, struct hv_error *err)
{
	static const char *const known[] = {"before", "after", "note", NULL}, *const texts[] = {
	                                                                          "note", NULL};
	int before, after;
	if (fields(body, known, texts, err) < 0 ||
	    whole(body, "before", 0, 10, -1, &before, err) < 0 ||
	    whole(body, "after", 0, 10, -1, &after, err) < 0)
		return -1;
	return hv_ladder_try(st, id, before, after, text(body, "note"), out, err);
}

int hv_care_add_json(struct hv_store *st, const json_t *body, struct hv_record *out,
                     struct hv_error *err)
{
	static const char *const known[] = {"what", "for", NULL}, *const texts[] = {"what", "for",
	                                                                            NULL};
	if (fields(body, known, texts, err) < 0)
		return -1;
	return hv_care_add(st, text(body, "what"), text(body, "for"), out, err);
}

int hv_week_set_json(struct hv_store *st, const json_t *body, int64_t now_ms, struct hv_record *out,
                     struct hv_error *err)
{
	static const char *const known[] = {"change", "week", NULL}, *const texts[] = {
	                                                                 "change", "week", NULL};
	if (fields(body, known, texts, err) < 0)
		return -1;
	return hv_week_set(st, text(body, "week"), text(body, "change"), now_ms, out, err);
}

int hv_week_check_json(struct hv_store *st, const json_t *body, int64_t now_ms,
                       struct hv_record *out, struct hv_error *err)
{
	static const char *const known[] = {"kept", "note", "week", NULL}, *const texts[] = {
	                                                                       "kept", "note",
	                                                                       "week", NULL};
	if (fields(body, known, texts, err) < 0)
		return -1;
	return hv_week_check(st, text(body, "week"), text(body, "kept"), text(body, "note"), now_ms,
	                     out, err);
}
