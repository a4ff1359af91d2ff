/*
 * plane.c — where anxiety and avoidance sit together, take by take (see
 * plane.h).  Built from the history's own series, pairing the two scores
 * of one result, so the plane never shows a point the history lacks.
 */
#include "plane.h"

#include <math.h>
#include <string.h>

/* Whether inst has subscale id scored as a mean. */
static int has_mean(const json_t *inst, const char *id)
{
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(inst, "subscales"), i, s)
	{
		const char *sid = json_string_value(json_object_get(s, "id"));
		const char *how = json_string_value(json_object_get(s, "score"));
		if (sid && !strcmp(sid, id))
			return how && !strcmp(how, "mean");
	}
	return 0;
}

static int same_target(const json_t *a, const json_t *b)
{
	const char *x = json_string_value(json_object_get(a, "target"));
	const char *y = json_string_value(json_object_get(b, "target"));
	return x == y || (x && y && !strcmp(x, y));
}

/* The series of subscale sub with the target of like, or NULL. */
static const json_t *series_of(const json_t *history, const char *sub, const json_t *like)
{
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(history, "series"), i, s)
	{
		const char *id = json_string_value(json_object_get(s, "subscale"));
		if (id && !strcmp(id, sub) && same_target(s, like))
			return s;
	}
	return NULL;
}

/* The score of result in series, or NULL. */
static const json_t *score_of(const json_t *series, const char *result)
{
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(series, "points"), i, p)
	{
		const char *r = json_string_value(json_object_get(p, "result"));
		if (r && !strcmp(r, result))
			return json_object_get(p, "score");
	}
	return NULL;
}

static double round2(double x)
{
	return round(x * 100) / 100;
}

static json_t *moved(const json_t *points)
{
	size_t n = json_array_size(points);
	if (n < 2)
		return json_null();
	const json_t *a = json_array_get(points, n - 2), *b = json_array_get(points, n - 1);
	double dx = json_number_value(json_object_get(b, "anxiety")) -
	            json_number_value(json_object_get(a, "anxiety"));
	double dy = json_number_value(json_object_get(b, "avoidance")) -
	            json_number_value(json_object_get(a, "avoidance"));
	return json_pack("{s:f,s:f}", "anxiety", round2(dx) + 0.0, "avoidance", round2(dy) + 0.0);
}

/* One target's place on the plane, or NULL when it has no result on both. */
static json_t *one(const json_t *anx, const json_t *avo, const json_t *scale)
{
	json_t *points = json_array();
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(anx, "points"), i, p)
	{
		const char *r = json_string_value(json_object_get(p, "result"));
		const json_t *y = r ? score_of(avo, r) : NULL;
		if (!json_is_number(y) || !json_is_number(json_object_get(p, "score")))
			continue;
		json_array_append_new(points,
		                      json_pack("{s:s,s:O,s:O,s:O}", "result", r, "taken",
		                                json_object_get(p, "taken"), "anxiety",
		                                json_object_get(p, "score"), "avoidance", y));
	}
	if (json_array_size(points) == 0) {
		json_decref(points);
		return NULL;
	}
	json_t *out =
	    json_pack("{s:O,s:O,s:o,s:o}", "min", json_object_get(scale, "min"), "max",
	              json_object_get(scale, "max"), "moved", moved(points), "points", points);
	if (out && json_object_get(anx, "target"))
		json_object_set(out, "target", json_object_get(anx, "target"));
	return out;
}

json_t *hv_assess_plane(const json_t *inst, const json_t *history)
{
	json_t *out = json_array();
	if (!out || !has_mean(inst, "anxiety") || !has_mean(inst, "avoidance"))
		return out;
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(history, "series"), i, s)
	{
		const char *id = json_string_value(json_object_get(s, "subscale"));
		if (!id || strcmp(id, "anxiety"))
			continue;
		const json_t *avo = series_of(history, "avoidance", s);
		json_t *entry = avo ? one(s, avo, json_object_get(inst, "scale")) : NULL;
		if (entry)
			json_array_append_new(out, entry);
	}
	return out;
}
