/*
 * plan.c — the setback plan, written ahead in a calm hour (see growth.h).
 *
 * Setbacks come; a plan made before one is easier to follow than a
 * decision made inside it.  The plan is one record, changed field by field
 * and validated whole before it is written.  The practices it proposes come
 * from the person's own before-and-after ratings, the ones after which
 * distress fell furthest, so the plan starts from what has worked for them.
 */
#include "growth.h"

#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "core/text.h"
#include "journal/journal.h"
#include "practice/practice.h"
#include "save.h"

static const char *const lists[] = {"signs", "practices", "people", NULL};

static int is_list(const char *key)
{
	for (int i = 0; lists[i]; i++)
		if (!strcmp(key, lists[i]))
			return 1;
	return 0;
}

static int check_list(const char *key, const json_t *v, struct hv_error *err)
{
	if (!json_is_array(v) || json_array_size(v) == 0 || json_array_size(v) > HV_PLAN_ITEMS)
		return hv_fail(err, HV_EINVAL, "%s must be a list of 1 to %d items", key,
		               HV_PLAN_ITEMS);
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x)
	{
		const char *s = json_string_value(x);
		size_t n = json_string_length(x);
		if (!strcmp(key, "practices")) {
			if (!s || !hv_practice_known(s))
				return hv_fail(err, HV_EINVAL,
				               "practices: unknown practice \"%s\" (%s)",
				               s ? s : "", hv_practice_list());
		} else if (!s || n == 0 || n > HV_PLAN_LINE || !hv_text_showable(s, n) ||
		           strchr(s, '\n')) {
			return hv_fail(err, HV_EINVAL,
			               "each of %s must be one line of 1 to %d bytes", key,
			               HV_PLAN_LINE);
		}
	}
	return 0;
}

int hv_plan_validate(const json_t *body, struct hv_error *err)
{
	if (!json_is_object(body))
		return hv_fail(err, HV_EINVAL, "a plan must be a JSON object");
	if (json_object_size(body) == 0)
		return hv_fail(err, HV_EINVAL,
		               "a plan needs at least one of signs, practices, people or say");
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)body, key, v)
	{
		if (is_list(key)) {
			if (check_list(key, v, err) < 0)
				return -1;
		} else if (!strcmp(key, "say")) {
			size_t n = json_string_length(v);
			if (!json_is_string(v) || n == 0 || n > HV_PLAN_SAY ||
			    !hv_text_valid(json_string_value(v), n))
				return hv_fail(err, HV_EINVAL, "say must be text of 1 to %d bytes",
				               HV_PLAN_SAY);
		} else {
			return hv_fail(err, HV_EINVAL, "unknown plan field \"%s\"", key);
		}
	}
	return 0;
}

static int keep_newest(const struct hv_record *r, void *ctx)
{
	*(struct hv_record *)ctx = *r;
	((struct hv_record *)ctx)->body = json_incref(r->body);
	return 1;
}

/* The plan in force into *r (its body owned): 1, 0 when none, -1. */
static int current(struct hv_store *st, struct hv_record *r, struct hv_error *err)
{
	memset(r, 0, sizeof *r);
	struct hv_query q = {.kind = HV_PLAN_KIND, .newest_first = 1, .limit = 1};
	if (hv_store_each(st, &q, keep_newest, r, err) < 0)
		return -1;
	return r->body != NULL;
}

json_t *hv_plan_get(struct hv_store *st, struct hv_error *err)
{
	struct hv_record r;
	int have = current(st, &r, err);
	if (have < 0)
		return NULL;
	if (!have)
		return json_null();
	json_t *j = hv_record_to_json(&r);
	hv_record_release(&r);
	return j;
}

/* One change applied to body: text tidied, empties dropped. */
static int apply(json_t *body, const char *key, const json_t *v, struct hv_error *err)
{
	if (json_is_null(v) || (json_is_array(v) && json_array_size(v) == 0)) {
		json_object_del(body, key);
		return 0;
	}
	if (!is_list(key) || !json_is_array(v)) {
		json_object_set(body, key, (json_t *)v);
		return json_is_string(v) ? hv_body_tidy_text(body, key, err) : 0;
	}
	json_t *tidy = json_array();
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x)
	{
		json_t *one = json_pack("{s:O}", "v", x);
		if (json_is_string(x) && hv_body_tidy_text(one, "v", err) < 0) {
			hv_fail(err, HV_EINVAL, "%s, item %zu, is not UTF-8 text", key, i + 1);
			json_decref(one);
			json_decref(tidy);
			return -1;
		}
		if (json_object_get(one, "v")) /* an empty line is no item */
			json_array_append(tidy, json_object_get(one, "v"));
		json_decref(one);
	}
	if (json_array_size(tidy))
		json_object_set(body, key, tidy);
	else
		json_object_del(body, key);
	json_decref(tidy);
	return 0;
}

int hv_plan_edit(struct hv_store *st, const json_t *changes, struct hv_record *out,
                 struct hv_error *err)
{
	if (!json_is_object(changes) || json_object_size(changes) == 0)
		return hv_fail(err, HV_EINVAL,
		               "give at least one of signs, practices, people or say to change");
	struct hv_record r;
	int have = current(st, &r, err);
	if (have < 0)
		return -1;
	if (!have && hv_record_new(&r, HV_PLAN_KIND, err) < 0)
		return -1;
	json_t *body = json_deep_copy(r.body);
	const char *key;
	json_t *v;
	int rc = 0;
	json_object_foreach((json_t *)changes, key, v)
	{
		if ((rc = apply(body, key, v, err)) < 0)
			break;
	}
	return hv_growth_save(st, &r, body, rc, !have, hv_plan_validate, out, err);
}

static int cmp_change(const void *a, const void *b)
{
	double x = json_real_value(json_object_get(*(json_t *const *)a, "mean_change"));
	double y = json_real_value(json_object_get(*(json_t *const *)b, "mean_change"));
	return (x > y) - (x < y);
}

json_t *hv_plan_proposals(struct hv_store *st, size_t limit, struct hv_error *err)
{
	json_t *sum = hv_practice_summary(st, 0, err);
	if (!sum)
		return NULL;
	json_t *pick[64];
	size_t n = 0, i;
	json_t *t;
	json_array_foreach(json_object_get(sum, "techniques"), i, t)
	{
		const json_t *change = json_object_get(t, "mean_change");
		if (n < 64 && json_is_number(change) && json_number_value(change) < 0)
			pick[n++] = json_pack(
			    "{s:O,s:O,s:O,s:f}", "technique", json_object_get(t, "technique"),
			    "label", json_object_get(t, "label"), "rated",
			    json_object_get(t, "rated"), "mean_change", json_number_value(change));
	}
	json_decref(sum);
	qsort(pick, n, sizeof *pick, cmp_change);
	json_t *out = json_array();
	for (i = 0; i < n; i++) {
		if (i < limit)
			json_array_append(out, pick[i]);
		json_decref(pick[i]);
	}
	return out;
}

static int64_t hot_setting(const char *name, int64_t fallback)
{
	const json_t *v =
	    json_object_get(json_object_get(hv_content_json("growth.json", NULL), "hot"), name);
	return json_is_integer(v) ? (int64_t)json_integer_value(v) : fallback;
}

int hv_plan_running_hot(struct hv_store *st, int64_t now, struct hv_error *err)
{
	int64_t days = hot_setting("days", 3), need = hot_setting("entries", 3),
	        level = hot_setting("intensity", 7);
	struct hv_journal_filter f = {.since_ms = now - days * 86400000LL, .until_ms = now + 1};
	json_t *list = hv_journal_list(st, &f, err);
	if (!list)
		return -1;
	int64_t hot = 0;
	size_t i;
	json_t *rec;
	json_array_foreach(list, i, rec)
	{
		hot += json_integer_value(
		           json_object_get(json_object_get(rec, "body"), "intensity")) >= level;
	}
	json_decref(list);
	return hot >= need;
}
