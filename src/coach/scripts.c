/*
 * scripts.c — `haven say`: the phrases of data/scripts.json and the
 * versions a person keeps of them (see scripts.h).
 *
 * The phrases are a starting point, not a script to recite: each has
 * [blanks] to change, and the point is to make one's own.  A kept version
 * is an ordinary record, so it is exported, merged and sealed by the vault
 * like everything else.
 */
#include "scripts.h"

#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "core/text.h"

static const json_t *scripts(void)
{
	return json_object_get(hv_content_json("scripts.json", NULL), "scripts");
}

const json_t *hv_script_names(void)
{
	return json_object_get(hv_content_json("scripts.json", NULL), "order");
}

int hv_script_known(const char *name)
{
	return name && json_object_get(scripts(), name) != NULL;
}

int hv_script_validate(const json_t *body, struct hv_error *err)
{
	if (!json_is_object(body))
		return hv_fail(err, HV_EINVAL, "a kept script must be a JSON object");
	const json_t *name = json_object_get(body, "script");
	if (!json_is_string(name) || !hv_script_known(json_string_value(name)))
		return hv_fail(err, HV_EINVAL, "script must be one of break, no, repair or ask");
	const json_t *text = json_object_get(body, "text");
	if (!json_is_string(text) || json_string_length(text) == 0 ||
	    json_string_length(text) > HV_SCRIPT_MAX)
		return hv_fail(err, HV_EINVAL, "text must be your own words, up to %d bytes",
		               HV_SCRIPT_MAX);
	if (json_object_size(body) != 2)
		return hv_fail(err, HV_EINVAL, "a kept script holds only script and text");
	return 0;
}

int hv_script_keep(struct hv_store *st, const char *name, const char *text, struct hv_record *out,
                   struct hv_error *err)
{
	if (!hv_script_known(name))
		return hv_fail(err, HV_EINVAL,
		               "there is no script \"%s\": try break, no, repair or ask",
		               name ? name : "");
	char *clean = hv_text_clean(text ? text : "");
	if (!clean)
		return hv_fail(err, HV_EINVAL, "the words are not valid UTF-8 text");
	struct hv_record r;
	if (hv_record_new(&r, HV_SCRIPT_KIND, err) < 0) {
		free(clean);
		return -1;
	}
	json_object_set_new(r.body, "script", json_string(name));
	json_object_set_new(r.body, "text", json_string(clean));
	free(clean);
	return hv_store_add_new(st, &r, hv_script_validate, out, err);
}

/* One's own versions of script name, newest first. */
static json_t *kept(struct hv_store *st, const char *name, struct hv_error *err)
{
	struct hv_query q = {.kind = HV_SCRIPT_KIND, .newest_first = 1};
	json_t *all = hv_store_list_json(st, &q, err);
	if (!all)
		return NULL;
	json_t *mine = json_array();
	size_t i;
	json_t *rec;
	json_array_foreach(all, i, rec)
	{
		const char *s =
		    json_string_value(json_object_get(json_object_get(rec, "body"), "script"));
		if (s && strcmp(s, name) == 0)
			json_array_append(mine, rec);
	}
	json_decref(all);
	return mine;
}

json_t *hv_script_json(struct hv_store *st, const char *name, struct hv_error *err)
{
	const json_t *s = json_object_get(scripts(), name ? name : "");
	if (!s) {
		hv_fail(err, HV_EINVAL, "there is no script \"%s\": try break, no, repair or ask",
		        name ? name : "");
		return NULL;
	}
	json_t *yours = st ? kept(st, name, err) : json_array();
	if (!yours)
		return NULL;
	json_t *out = json_pack("{s:s,s:O,s:O,s:O,s:O,s:o}", "name", name, "title",
	                        json_object_get(s, "title"), "when", json_object_get(s, "when"),
	                        "phrases", json_object_get(s, "phrases"), "remember",
	                        json_object_get(s, "remember"), "yours", yours);
	if (!out)
		hv_fail(err, HV_ENOMEM, "out of memory");
	return out;
}
