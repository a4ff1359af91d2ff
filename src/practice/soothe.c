/*
 * soothe.c — the person's own soothing toolkit: short things that calm
 * them, in three groups (body, feelings, mind), one "soothe-item" record
 * each.  Removing is a soft delete like everywhere else in haven; picking
 * one at random uses libsodium's unbiased randombytes_uniform.
 */
#include "practice.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

#define SOOTHE_TEXT_MAX 500

static const char *const groups[] = {"body", "feelings", "mind"};

int hv_soothe_group_valid(const char *group)
{
	for (size_t i = 0; group && i < 3; i++)
		if (strcmp(group, groups[i]) == 0)
			return 1;
	return 0;
}

int hv_soothe_validate(const json_t *body, struct hv_error *err)
{
	if (!json_is_object(body))
		return hv_fail(err, HV_EINVAL, "a soothing item must be a JSON object");
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)body, key, v)
	{
		if (strcmp(key, "group") != 0 && strcmp(key, "text") != 0)
			return hv_fail(err, HV_EINVAL, "unknown soothing-item field \"%s\"", key);
	}
	if (!hv_soothe_group_valid(json_string_value(json_object_get(body, "group"))))
		return hv_fail(err, HV_EINVAL, "group must be body, feelings or mind");
	const json_t *t = json_object_get(body, "text");
	if (!json_is_string(t) || json_string_length(t) == 0 ||
	    json_string_length(t) > SOOTHE_TEXT_MAX ||
	    !hv_text_valid(json_string_value(t), json_string_length(t)))
		return hv_fail(err, HV_EINVAL, "a soothing item needs text of 1 to %d bytes",
		               SOOTHE_TEXT_MAX);
	return 0;
}

int hv_soothe_add(struct hv_store *st, const char *group, const char *text, struct hv_record *out,
                  struct hv_error *err)
{
	char *clean = hv_text_clean(text ? text : "");
	if (!clean)
		return hv_fail(err, HV_EINVAL, "the text is not valid UTF-8");
	struct hv_record r;
	if (hv_record_new(&r, HV_SOOTHE_KIND, err) < 0) {
		free(clean);
		return -1;
	}
	json_object_set_new(r.body, "group", json_string(group ? group : ""));
	json_object_set_new(r.body, "text", json_string(clean));
	free(clean);
	return hv_store_add_new(st, &r, hv_soothe_validate, out, err);
}

static json_t *all_items(struct hv_store *st, struct hv_error *err)
{
	struct hv_query q = {.kind = HV_SOOTHE_KIND};
	return hv_store_list_json(st, &q, err);
}

json_t *hv_soothe_list(struct hv_store *st, struct hv_error *err)
{
	json_t *all = all_items(st, err), *out = json_array();
	if (!all) {
		json_decref(out);
		return NULL;
	}
	for (size_t g = 0; g < 3; g++) {
		size_t i;
		json_t *rec;
		json_array_foreach(all, i, rec)
		{
			const char *grp = json_string_value(
			    json_object_get(json_object_get(rec, "body"), "group"));
			if (grp && strcmp(grp, groups[g]) == 0)
				json_array_append(out, rec);
		}
	}
	json_decref(all);
	return out;
}

int hv_soothe_remove(struct hv_store *st, const char *id, struct hv_record *out,
                     struct hv_error *err)
{
	struct hv_record r;
	if (hv_store_get(st, id, HV_SOOTHE_KIND, &r, err) < 0)
		return -1;
	if (r.deleted) {
		hv_record_release(&r);
		return hv_fail(err, HV_ENOTFOUND, "that soothing item was already removed");
	}
	if (hv_store_set_deleted(st, &r, 1, err) < 0) {
		hv_record_release(&r);
		return -1;
	}
	return hv_record_hand(&r, out);
}

json_t *hv_soothe_pick(struct hv_store *st, struct hv_error *err)
{
	json_t *all = all_items(st, err);
	if (!all)
		return NULL;
	size_t n = json_array_size(all);
	if (n == 0) {
		json_decref(all);
		hv_fail(err, HV_ENOTFOUND,
		        "your soothing toolkit is empty: add something with haven soothe add "
		        "--group body \"a warm shower\"");
		return NULL;
	}
	if (sodium_init() < 0) {
		json_decref(all);
		hv_fail(err, HV_EIO, "the random number source could not start");
		return NULL;
	}
	json_t *one = json_incref(json_array_get(all, randombytes_uniform((uint32_t)n)));
	json_decref(all);
	return one;
}
