/*
 * checkin.c — the "how are you now" rating (see checkin.h).
 *
 * Deliberately small: one number and an optional note.  The body is checked
 * field by field with messages that name the field, the same for the CLI
 * and the web app, because both call hv_checkin_add.
 */
#include "checkin.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/text.h"

int hv_checkin_validate(const json_t *body, struct hv_error *err)
{
	if (!json_is_object(body))
		return hv_fail(err, HV_EINVAL, "a check-in must be a JSON object");
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)body, key, v) {
		if (strcmp(key, "distress") == 0) {
			if (!json_is_integer(v) || json_integer_value(v) < 0 ||
			    json_integer_value(v) > 10)
				return hv_fail(err, HV_EINVAL,
					       "distress must be a whole number from 0 to 10");
		} else if (strcmp(key, "note") == 0) {
			if (!json_is_string(v) || json_string_length(v) == 0 ||
			    json_string_length(v) > HV_CHECKIN_NOTE_MAX ||
			    !hv_text_valid(json_string_value(v), json_string_length(v)))
				return hv_fail(err, HV_EINVAL, "note must be text of 1 to %d bytes",
					       HV_CHECKIN_NOTE_MAX);
		} else {
			return hv_fail(err, HV_EINVAL, "unknown check-in field \"%s\"", key);
		}
	}
	if (!json_object_get(body, "distress"))
		return hv_fail(err, HV_EINVAL,
			       "distress is required: how much distress is in you now, 0 to 10");
	return 0;
}

/* The note as every text haven keeps: trimmed, NFC; gone when empty. */
static int clean_note(json_t *body, struct hv_error *err)
{
	const json_t *v = json_object_get(body, "note");
	if (!v || json_is_null(v)) {
		json_object_del(body, "note");
		return 0;
	}
	if (!json_is_string(v))
		return hv_fail(err, HV_EINVAL, "note must be text of 1 to %d bytes",
			       HV_CHECKIN_NOTE_MAX);
	return hv_body_tidy_text(body, "note", err);
}

int hv_checkin_add(struct hv_store *st, const json_t *body, int64_t at_ms, struct hv_record *out,
		   struct hv_error *err)
{
	if (!json_is_object(body))
		return hv_fail(err, HV_EINVAL, "a check-in must be a JSON object");
	struct hv_record r;
	if (hv_record_new(&r, HV_CHECKIN_KIND, err) < 0)
		return -1;
	json_object_update(r.body, (json_t *)body);
	if (at_ms) {
		r.created_ms = at_ms;
		r.created_off = hv_local_offset_min(at_ms);
	}
	if (clean_note(r.body, err) < 0) {
		hv_record_release(&r);
		return -1;
	}
	return hv_store_add_new(st, &r, hv_checkin_validate, out, err);
}

json_t *hv_checkin_list(struct hv_store *st, int64_t since_ms, int64_t limit,
			struct hv_error *err)
{
	struct hv_query q = {
	    .kind = HV_CHECKIN_KIND, .since_ms = since_ms, .newest_first = 1, .limit = limit};
	return hv_store_list_json(st, &q, err);
}
