/*
 * reassure.c — requests for reassurance, and the person's own limit.
 *
 * The guide asks people to ask for reassurance specifically, to set their
 * own limit on how often, and to accept it when it is given.  haven only
 * counts and, when the limit is reached, says so gently and offers a
 * practice instead.  It never blocks and never scolds: the request is
 * always recorded.
 */
#include "coach.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/content.h"
#include "core/text.h"

int hv_reassurance_validate(const json_t *body, struct hv_error *err)
{
	if (!json_is_object(body))
		return hv_fail(err, HV_EINVAL, "a reassurance request must be a JSON object");
	const json_t *asked = json_object_get(body, "asked");
	if (!json_is_string(asked) || json_string_length(asked) == 0 ||
	    json_string_length(asked) > 2000)
		return hv_fail(err, HV_EINVAL,
		               "asked must be text (what you asked), up to 2000 bytes");
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)body, key, v)
	{
		if (!strcmp(key, "asked"))
			continue;
		if (!strcmp(key, "of")) {
			if (!json_is_string(v) || json_string_length(v) == 0 ||
			    json_string_length(v) > 200)
				return hv_fail(err, HV_EINVAL, "of must be a short name");
		} else if (!strcmp(key, "helped")) {
			if (!json_is_boolean(v))
				return hv_fail(err, HV_EINVAL, "helped must be true or false");
		} else {
			return hv_fail(err, HV_EINVAL, "unknown reassurance field \"%s\"", key);
		}
	}
	return 0;
}

int hv_reassure_limit_validate(const json_t *body, struct hv_error *err)
{
	const json_t *count = json_object_get(body, "count");
	const char *per = json_string_value(json_object_get(body, "per"));
	if (!json_is_object(body) || json_object_size(body) != 2 || !json_is_integer(count) ||
	    json_integer_value(count) < 1 || json_integer_value(count) > 100 || !per ||
	    (strcmp(per, "day") && strcmp(per, "week")))
		return hv_fail(err, HV_EINVAL,
		               "a reassurance limit is {count: 1-100, per: \"day\" or \"week\"}");
	return 0;
}

static int insert(struct hv_store *st, const char *kind, const json_t *body,
                  int (*validate)(const json_t *, struct hv_error *), struct hv_record *out,
                  struct hv_error *err)
{
	struct hv_record r;
	if (hv_record_new(&r, kind, err) < 0)
		return -1;
	json_object_update(r.body, (json_t *)body);
	return hv_store_add_new(st, &r, validate, out, err);
}

int hv_reassure_add(struct hv_store *st, const json_t *body, struct hv_record *out,
                    struct hv_error *err)
{
	json_t *b = json_deep_copy(body);
	const char *fields[] = {"asked", "of"};
	for (int i = 0; i < 2 && b; i++) {
		const char *s = json_string_value(json_object_get(b, fields[i]));
		if (!s)
			continue;
		char *clean = hv_text_clean(s);
		if (!clean) {
			json_decref(b);
			return hv_fail(err, HV_EINVAL, "%s is not valid UTF-8 text", fields[i]);
		}
		json_object_set_new(b, fields[i], json_string(clean));
		free(clean);
	}
	int rc = insert(st, HV_REASSURANCE_KIND, b, hv_reassurance_validate, out, err);
	json_decref(b);
	return rc;
}

json_t *hv_reassure_limit_parse(const char *text, struct hv_error *err)
{
	char *end;
	long n = strtol(text ? text : "", &end, 10);
	if (!text || end == text || *end != '/' || n < 1 || n > 100 ||
	    (strcmp(end + 1, "day") && strcmp(end + 1, "week"))) {
		hv_fail(err, HV_EINVAL, "a limit reads like 2/day or 5/week (1 to 100), not \"%s\"",
		        text ? text : "");
		return NULL;
	}
	return json_pack("{s:I,s:s}", "count", (json_int_t)n, "per", end + 1);
}

int hv_reassure_set_limit(struct hv_store *st, const json_t *limit, struct hv_error *err)
{
	return insert(st, HV_REASSURE_LIMIT_KIND, limit, hv_reassure_limit_validate, NULL, err);
}

static int keep_newest(const struct hv_record *r, void *ctx)
{
	json_t **out = ctx;
	*out = json_deep_copy(r->body);
	return 1;
}

static int count_one(const struct hv_record *r, void *ctx)
{
	(void)r;
	(*(int64_t *)ctx)++;
	return 0;
}

/* Local midnight today, or of this week's Monday, as UTC ms. */
static int64_t period_start(int64_t now, int week)
{
	int off = hv_local_offset_min(now);
	struct hv_civil c;
	hv_civil_from_ms(now, off, &c);
	int64_t day = hv_days_from_civil(c.year, c.month, c.day) - (week ? c.wday : 0);
	return day * 86400000LL - (int64_t)off * 60000;
}

static const char *reassure_text(const char *key)
{
	char path[64];
	snprintf(path, sizeof path, "reassure/%s", key);
	return hv_content_text("coach.json", path, NULL);
}

json_t *hv_reassure_status(struct hv_store *st, struct hv_error *err)
{
	json_t *limit = NULL;
	struct hv_query lq = {.kind = HV_REASSURE_LIMIT_KIND, .newest_first = 1, .limit = 1};
	if (hv_store_each(st, &lq, keep_newest, &limit, err) < 0)
		return NULL;
	int week = limit && !strcmp(json_string_value(json_object_get(limit, "per")), "week");
	int64_t now = hv_now_ms(), count = 0;
	struct hv_query q = {.kind = HV_REASSURANCE_KIND, .since_ms = period_start(now, week)};
	if (hv_store_each(st, &q, count_one, &count, err) < 0) {
		json_decref(limit);
		return NULL;
	}
	int reached = limit && count >= json_integer_value(json_object_get(limit, "count"));
	int over = limit && count > json_integer_value(json_object_get(limit, "count"));
	const json_t *practices = json_object_get(
	    json_object_get(hv_content_json("coach.json", NULL), "reassure"), "practices");
	size_t np = json_array_size(practices);
	const char *practice =
	    reached && np ? json_string_value(json_array_get(practices, (size_t)count % np)) : NULL;
	const char *note = reached ? reassure_text(over ? "over" : "reached") : NULL;
	return json_pack("{s:I,s:o,s:b,s:s?,s:s?}", "count", (json_int_t)count, "limit",
	                 limit ? limit : json_null(), "reached", reached, "note", note, "practice",
	                 practice);
}
