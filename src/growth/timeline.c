/*
 * timeline.c — the attachment timeline (see timeline.h).
 *
 * Each event is one record.  Adding and editing build the whole body
 * first, tidy its text, and validate it before anything is written, so a
 * refused change leaves the store as it was.  The list is ordered as a
 * life is read: events remembered by age first, then dated ones.
 */
#include "timeline.h"

#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/content.h"
#include "core/text.h"
#include "save.h"

static const char *const kinds[] = {"person",        "move",  "loss", "relationship",
                                    "turning-point", "other", NULL};
static const char *const texts[] = {"what", "shaped", NULL};

int hv_timeline_kind_known(const char *kind)
{
	for (int i = 0; kind && kinds[i]; i++)
		if (!strcmp(kind, kinds[i]))
			return 1;
	return 0;
}

static int digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* YYYY, YYYY-MM or YYYY-MM-DD naming a real month and day. */
static int date_valid(const char *s)
{
	size_t n = strlen(s);
	if ((n != 4 && n != 7 && n != 10) || !digits(s, 4))
		return 0;
	int year = atoi(s);
	if (year < 1850 || year > 2200)
		return 0;
	if (n == 4)
		return 1;
	if (s[4] != '-' || !digits(s + 5, 2))
		return 0;
	int month = atoi(s + 5);
	if (month < 1 || month > 12)
		return 0;
	if (n == 7)
		return 1;
	if (s[7] != '-' || !digits(s + 8, 2))
		return 0;
	int day = atoi(s + 8);
	return day >= 1 && day <= hv_days_in_month(year, month);
}

static int check_text(const char *key, const json_t *v, struct hv_error *err)
{
	size_t n = json_string_length(v);
	if (!json_is_string(v) || n == 0 || n > HV_TIMELINE_TEXT ||
	    !hv_text_valid(json_string_value(v), n))
		return hv_fail(err, HV_EINVAL, "%s must be text of 1 to %d bytes", key,
		               HV_TIMELINE_TEXT);
	return 0;
}

static int check_field(const char *key, const json_t *v, struct hv_error *err)
{
	if (!strcmp(key, "what") || !strcmp(key, "shaped"))
		return check_text(key, v, err);
	if (!strcmp(key, "age")) {
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > HV_TIMELINE_AGE_MAX)
			return hv_fail(err, HV_EINVAL, "age must be a whole number from 0 to %d",
			               HV_TIMELINE_AGE_MAX);
		return 0;
	}
	if (!strcmp(key, "date")) {
		if (!json_is_string(v) || !date_valid(json_string_value(v)))
			return hv_fail(err, HV_EINVAL,
			               "date must be a real year, month or day: YYYY, YYYY-MM or "
			               "YYYY-MM-DD");
		return 0;
	}
	if (!strcmp(key, "kind")) {
		if (!hv_timeline_kind_known(json_string_value(v)))
			return hv_fail(err, HV_EINVAL, "kind must be %s", HV_TIMELINE_KINDS);
		return 0;
	}
	return hv_fail(err, HV_EINVAL, "unknown timeline field \"%s\"", key);
}

int hv_timeline_validate(const json_t *body, struct hv_error *err)
{
	if (!json_is_object(body))
		return hv_fail(err, HV_EINVAL, "a timeline event must be a JSON object");
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)body, key, v)
	{
		if (check_field(key, v, err) < 0)
			return -1;
	}
	if (!json_object_get(body, "what"))
		return hv_fail(err, HV_EINVAL, "a timeline event needs what happened (what)");
	int placed = !!json_object_get(body, "age") + !!json_object_get(body, "date");
	if (placed != 1)
		return hv_fail(err, HV_EINVAL,
		               "a timeline event needs either an age or a date, not %s",
		               placed ? "both" : "neither");
	return 0;
}

/* Copy changes onto body: text tidied, a null or empty text removes the
 * field, and age and date replace each other. */
static int apply(json_t *body, const json_t *changes, struct hv_error *err)
{
	if (!json_is_object(changes))
		return hv_fail(err, HV_EINVAL, "a timeline event must be a JSON object");
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)changes, key, v)
	{
		if (json_is_null(v)) {
			json_object_del(body, key);
			continue;
		}
		if (!strcmp(key, "age"))
			json_object_del(body, "date");
		if (!strcmp(key, "date"))
			json_object_del(body, "age");
		json_object_set(body, key, v);
	}
	for (int i = 0; texts[i]; i++)
		if (hv_body_tidy_text(body, texts[i], err) < 0)
			return -1;
	return 0;
}

int hv_timeline_add(struct hv_store *st, const json_t *fields, struct hv_record *out,
                    struct hv_error *err)
{
	struct hv_record r;
	if (hv_record_new(&r, HV_TIMELINE_KIND, err) < 0)
		return -1;
	if (apply(r.body, fields, err) < 0) {
		hv_record_release(&r);
		return -1;
	}
	return hv_store_add_new(st, &r, hv_timeline_validate, out, err);
}

/* The live event id into *r (body owned). */
static int find(struct hv_store *st, const char *id, struct hv_record *r, struct hv_error *err)
{
	if (hv_store_get(st, id, HV_TIMELINE_KIND, r, err) < 0)
		return -1;
	if (r->deleted) {
		hv_record_release(r);
		return hv_fail(err, HV_ENOTFOUND, "no timeline event %s (it was removed)", id);
	}
	return 0;
}

int hv_timeline_edit(struct hv_store *st, const char *id, const json_t *changes,
                     struct hv_record *out, struct hv_error *err)
{
	if (!json_is_object(changes) || json_object_size(changes) == 0)
		return hv_fail(err, HV_EINVAL,
		               "give at least one of what, age, date, kind or shaped to change");
	struct hv_record r;
	if (find(st, id, &r, err) < 0)
		return -1;
	json_t *body = json_deep_copy(r.body);
	int rc = apply(body, changes, err);
	return hv_growth_save(st, &r, body, rc, 0, hv_timeline_validate, out, err);
}

int hv_timeline_remove(struct hv_store *st, const char *id, struct hv_error *err)
{
	struct hv_record r;
	if (find(st, id, &r, err) < 0)
		return -1;
	int rc = hv_store_set_deleted(st, &r, 1, err);
	hv_record_release(&r);
	return rc;
}

/* Age-placed events first, by age; then dated ones, by date; then when
 * they were written, so the order is the same on every device. */
static int cmp_life(const void *a, const void *b)
{
	const json_t *x = json_object_get(*(json_t *const *)a, "body");
	const json_t *y = json_object_get(*(json_t *const *)b, "body");
	const json_t *ax = json_object_get(x, "age"), *ay = json_object_get(y, "age");
	if (ax && ay && json_integer_value(ax) != json_integer_value(ay))
		return json_integer_value(ax) < json_integer_value(ay) ? -1 : 1;
	if (!ax != !ay)
		return ax ? -1 : 1;
	if (!ax) {
		int c = strcmp(json_string_value(json_object_get(x, "date")),
		               json_string_value(json_object_get(y, "date")));
		if (c)
			return c;
	}
	const char *cx = json_string_value(json_object_get(*(json_t *const *)a, "created"));
	const char *cy = json_string_value(json_object_get(*(json_t *const *)b, "created"));
	int c = strcmp(cx ? cx : "", cy ? cy : "");
	return c ? c
	         : strcmp(json_string_value(json_object_get(*(json_t *const *)a, "id")),
	                  json_string_value(json_object_get(*(json_t *const *)b, "id")));
}

json_t *hv_timeline_list(struct hv_store *st, struct hv_error *err)
{
	struct hv_query q = {.kind = HV_TIMELINE_KIND};
	json_t *list = hv_store_list_json(st, &q, err);
	if (!list)
		return NULL;
	if (hv_json_array_sort(list, cmp_life) < 0) {
		json_decref(list);
		hv_fail(err, HV_ENOMEM, "out of memory");
		return NULL;
	}
	return list;
}
