/*
 * evidence.c — the evidence list the guide asks for: times people stayed,
 * conflicts that were repaired, relationships that deepened, and the good
 * moments — times of feeling close, calm or secure.  Both are one habit:
 * noticing what went well, kept as records of kind "evidence" whose type
 * says which.  One is offered at random after a hard moment (a journal
 * entry of intensity 7 or more), as a counterweight to the fear.
 */
#include "coach.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

static const char *const types[] = {"stayed", "repaired", "deepened", "close", "calm",
                                    "secure", "moment",   "other",    NULL};

int hv_evidence_type_known(const char *type)
{
	for (int i = 0; type && types[i]; i++)
		if (!strcmp(types[i], type))
			return 1;
	return 0;
}

int hv_evidence_is_moment(const char *type)
{
	return type && (!strcmp(type, "close") || !strcmp(type, "calm") ||
	                !strcmp(type, "secure") || !strcmp(type, "moment"));
}

int hv_evidence_validate(const json_t *body, struct hv_error *err)
{
	if (!json_is_object(body))
		return hv_fail(err, HV_EINVAL, "an evidence item must be a JSON object");
	const json_t *text = json_object_get(body, "text");
	if (!json_is_string(text) || json_string_length(text) == 0 ||
	    json_string_length(text) > 2000)
		return hv_fail(err, HV_EINVAL, "text must be what happened, up to 2000 bytes");
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)body, key, v)
	{
		if (!strcmp(key, "text"))
			continue;
		if (strcmp(key, "type"))
			return hv_fail(err, HV_EINVAL, "unknown evidence field \"%s\"", key);
		if (!hv_evidence_type_known(json_string_value(v)))
			return hv_fail(err, HV_EINVAL, "type must be %s", HV_EVIDENCE_TYPES);
	}
	return 0;
}

int hv_evidence_add(struct hv_store *st, const char *text, const char *type, struct hv_record *out,
                    struct hv_error *err)
{
	char *clean = hv_text_clean(text ? text : "");
	if (!clean)
		return hv_fail(err, HV_EINVAL, "the text is not valid UTF-8");
	struct hv_record r;
	if (hv_record_new(&r, HV_EVIDENCE_KIND, err) < 0) {
		free(clean);
		return -1;
	}
	json_object_set_new(r.body, "text", json_string(clean));
	free(clean);
	if (type)
		json_object_set_new(r.body, "type", json_string(type));
	return hv_store_add_new(st, &r, hv_evidence_validate, out, err);
}

json_t *hv_evidence_list(struct hv_store *st, struct hv_error *err)
{
	struct hv_query q = {.kind = HV_EVIDENCE_KIND, .newest_first = 1};
	return hv_store_list_json(st, &q, err);
}

json_t *hv_evidence_pick(struct hv_store *st, struct hv_error *err)
{
	hv_error_clear(err);
	json_t *all = hv_evidence_list(st, err);
	if (!all || json_array_size(all) == 0) {
		json_decref(all);
		return NULL;
	}
	if (sodium_init() < 0) {
		json_decref(all);
		hv_fail(err, HV_EIO, "the random number source could not start");
		return NULL;
	}
	size_t n = json_array_size(all);
	json_t *one = json_incref(json_array_get(all, randombytes_uniform((uint32_t)n)));
	json_decref(all);
	return one;
}
