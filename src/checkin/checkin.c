/*
 * checkin.c — the "how are you now" rating (see checkin.h).
 *
 * One number, an optional note, and the day's factors (factors.c holds
 * their definitions and the person's own).  The body is checked field by
 * field with messages that name the field, the same for the CLI, the web
 * app and importers, because all call hv_checkin_add or its validator.
 */
#include "checkin.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/text.h"

static int check_factors(const json_t *v, struct hv_error *err)
{
	if (!json_is_object(v))
		return hv_fail(err, HV_EINVAL, "factors must be an object of factor: value");
	const char *key;
	json_t *x;
	json_object_foreach((json_t *)v, key, x)
	{
		const json_t *f = hv_checkin_factor(key);
		/* Only ids, not flags, are keys of a stored body. */
		if (!f || strcmp(json_string_value(json_object_get(f, "id")), key) != 0)
			return hv_fail(err, HV_EINVAL, "unknown factor \"%s\"", key);
		if (hv_checkin_factor_check(f, x, err) < 0)
			return -1;
	}
	return 0;
}

static int check_own(const json_t *v, struct hv_error *err)
{
	if (!json_is_object(v))
		return hv_fail(err, HV_EINVAL,
		               "own must be an object of your factor: true or false");
	const char *key;
	json_t *x;
	json_object_foreach((json_t *)v, key, x)
	{
		size_t n = strlen(key);
		if (n == 0 || n > HV_CHECKIN_NAME_MAX || !hv_text_showable(key, n) ||
		    strchr(key, '\n'))
			return hv_fail(
			    err, HV_EINVAL,
			    "a factor of your own must be named by one line of 1 to %d bytes",
			    HV_CHECKIN_NAME_MAX);
		if (!json_is_boolean(x))
			return hv_fail(err, HV_EINVAL, "your factor \"%s\" must be true or false",
			               key);
	}
	return 0;
}

int hv_checkin_validate(const json_t *body, struct hv_error *err)
{
	if (!json_is_object(body))
		return hv_fail(err, HV_EINVAL, "a check-in must be a JSON object");
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)body, key, v)
	{
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
		} else if (strcmp(key, "source") == 0) {
			size_t n = json_string_length(v);
			if (!json_is_string(v) || n == 0 || n > HV_CHECKIN_SOURCE_MAX ||
			    !hv_text_showable(json_string_value(v), n) ||
			    strpbrk(json_string_value(v), "\n\t"))
				return hv_fail(err, HV_EINVAL,
				               "source must be one line of 1 to %d bytes",
				               HV_CHECKIN_SOURCE_MAX);
		} else if (strcmp(key, "factors") == 0) {
			if (check_factors(v, err) < 0)
				return -1;
		} else if (strcmp(key, "own") == 0) {
			if (check_own(v, err) < 0)
				return -1;
		} else {
			return hv_fail(err, HV_EINVAL, "unknown check-in field \"%s\"", key);
		}
	}
	/* A morning check-in may be sleep alone: distress is needed only
	 * when nothing else is given. */
	if (!json_object_get(body, "distress") &&
	    json_object_size(json_object_get(body, "factors")) == 0 &&
	    json_object_size(json_object_get(body, "own")) == 0)
		return hv_fail(err, HV_EINVAL,
		               "distress is required: how much distress is in you now, 0 to 10 "
		               "(or give a factor such as mood or sleep)");
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
	if (clean_note(r.body, err) < 0 || hv_checkin_own_check(st, r.body, err) < 0) {
		hv_record_release(&r);
		return -1;
	}
	return hv_store_add_new(st, &r, hv_checkin_validate, out, err);
}

int hv_checkin_own_check(struct hv_store *st, json_t *body, struct hv_error *err)
{
	json_t *own = json_object_get(body, "own");
	if (!json_is_object(own) || json_object_size(own) == 0)
		return 0;
	json_t *have = hv_checkin_own_list(st, err);
	if (!have)
		return -1;
	/* Rebuilt under the names as the person spelled them when adding. */
	json_t *fixed = json_object();
	const char *key;
	json_t *v;
	int rc = 0;
	json_object_foreach(own, key, v)
	{
		const char *spelled;
		if (!hv_checkin_own_find(have, key, NULL, &spelled)) {
			rc =
			    hv_fail(err, HV_EINVAL,
			            "unknown factor \"%s\": add it to your own factors first", key);
			break;
		}
		json_object_set(fixed, spelled, v);
	}
	if (rc == 0)
		json_object_set(body, "own", fixed);
	json_decref(fixed);
	json_decref(have);
	return rc;
}

json_t *hv_checkin_list(struct hv_store *st, int64_t since_ms, int64_t limit, struct hv_error *err)
{
	struct hv_query q = {
	    .kind = HV_CHECKIN_KIND, .since_ms = since_ms, .newest_first = 1, .limit = limit};
	return hv_store_list_json(st, &q, err);
}
