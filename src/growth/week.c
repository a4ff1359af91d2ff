/*
 * week.c — one small change a week (see steps.h).
 *
 * A week is named by its Monday in local time, so a change chosen late on
 * Sunday night still belongs to the week it was meant for.  One record per
 * week: choosing a second change for a week is refused with the first one
 * named, since the point is to live with one change for a week, not to
 * swap it; the check at the week's end is written into the same record.
 */
#include "steps.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/clock.h"
#include "core/content.h"
#include "core/text.h"
#include "save.h"

#define DAY_MS 86400000LL

void hv_week_of(int64_t now_ms, char out[11])
{
	struct hv_civil c;
	hv_civil_from_ms(now_ms, hv_local_offset_min(now_ms), &c);
	int64_t day = hv_days_from_civil(c.year, c.month, c.day) - c.wday;
	hv_civil_from_ms(day * DAY_MS, 0, &c);
	snprintf(out, 11, "%04d-%02d-%02d", c.year, c.month, c.day);
}

int hv_week_valid(const char *s)
{
	int y, m, d;
	char tail;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return 0;
	if (y < 1970 || y > 2200 || m < 1 || m > 12 || d < 1 || d > hv_days_in_month(y, m))
		return 0;
	return hv_weekday_of_day(hv_days_from_civil(y, m, d)) == 0;
}

int hv_week_change_validate(const json_t *body, struct hv_error *err)
{
	if (!json_is_object(body))
		return hv_fail(err, HV_EINVAL, "a week's change must be a JSON object");
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)body, key, v)
	{
		size_t n = json_string_length(v);
		const char *s = json_string_value(v);
		if (!strcmp(key, "week")) {
			if (!hv_week_valid(s))
				return hv_fail(err, HV_EINVAL, "week must be a Monday, YYYY-MM-DD");
		} else if (!strcmp(key, "change") || !strcmp(key, "note")) {
			if (!s || n == 0 || n > HV_STEP_TEXT || !hv_text_valid(s, n))
				return hv_fail(err, HV_EINVAL, "%s must be text of 1 to %d bytes",
				               key, HV_STEP_TEXT);
		} else if (!strcmp(key, "kept")) {
			if (!s || (strcmp(s, "yes") && strcmp(s, "partly") && strcmp(s, "no")))
				return hv_fail(err, HV_EINVAL, "kept must be yes, partly or no");
		} else {
			return hv_fail(err, HV_EINVAL, "unknown week change field \"%s\"", key);
		}
	}
	if (!json_object_get(body, "week") || !json_object_get(body, "change"))
		return hv_fail(err, HV_EINVAL, "a week's change needs its week and the change");
	return 0;
}

struct find {
	const char *week;
	struct hv_record *r;
	int found;
};

static int match_week(const struct hv_record *r, void *ctx)
{
	struct find *f = ctx;
	if (strcmp(json_string_value(json_object_get(r->body, "week")), f->week))
		return 0;
	*f->r = *r;
	f->r->body = json_incref(r->body);
	f->found = 1;
	return 1;
}

/* The live record of week into *r: 1, 0 when there is none, -1. */
static int week_record(struct hv_store *st, const char *week, struct hv_record *r,
                       struct hv_error *err)
{
	struct find f = {.week = week, .r = r};
	struct hv_query q = {.kind = HV_WEEK_CHANGE_KIND};
	if (hv_store_each(st, &q, match_week, &f, err) < 0)
		return -1;
	return f.found;
}

/* The week asked for, or this one; a usage error when it is no Monday. */
static int which_week(const char *week, int64_t now_ms, char out[11], struct hv_error *err)
{
	if (!week) {
		hv_week_of(now_ms, out);
		return 0;
	}
	if (!hv_week_valid(week))
		return hv_fail(err, HV_EINVAL,
		               "a week is named by its Monday, YYYY-MM-DD: \"%s\" is not one",
		               week);
	snprintf(out, 11, "%s", week);
	return 0;
}

int hv_week_set(struct hv_store *st, const char *week, const char *change, int64_t now_ms,
                struct hv_record *out, struct hv_error *err)
{
	char w[11];
	struct hv_record r;
	if (which_week(week, now_ms, w, err) < 0)
		return -1;
	int have = week_record(st, w, &r, err);
	if (have < 0)
		return -1;
	if (have) {
		hv_fail(err, HV_EINVAL,
		        "the week of %s already has its change: \"%s\". One change a week: live "
		        "with it, and check it on Sunday",
		        w, json_string_value(json_object_get(r.body, "change")));
		hv_record_release(&r);
		return -1;
	}
	if (hv_record_new(&r, HV_WEEK_CHANGE_KIND, err) < 0)
		return -1;
	json_object_set_new(r.body, "week", json_string(w));
	json_object_set_new(r.body, "change", hv_json_text(change ? change : ""));
	if (hv_body_tidy_text(r.body, "change", err) < 0) {
		hv_record_release(&r);
		return -1;
	}
	return hv_store_add_new(st, &r, hv_week_change_validate, out, err);
}

int hv_week_check(struct hv_store *st, const char *week, const char *kept, const char *note,
                  int64_t now_ms, struct hv_record *out, struct hv_error *err)
{
	char w[11];
	struct hv_record r;
	if (which_week(week, now_ms, w, err) < 0)
		return -1;
	int have = week_record(st, w, &r, err);
	if (have <= 0)
		return have < 0 ? -1
		                : hv_fail(err, HV_ENOTFOUND,
		                          "the week of %s has no change chosen yet to check", w);
	json_t *body = json_deep_copy(r.body);
	json_object_set_new(body, "kept", json_string(kept ? kept : ""));
	json_object_del(body, "note");
	if (note)
		json_object_set_new(body, "note", hv_json_text(note));
	int rc = hv_body_tidy_text(body, "note", err);
	return hv_growth_save(st, &r, body, rc, 0, hv_week_change_validate, out, err);
}

static int cmp_week_desc(const void *x, const void *y)
{
	const json_t *a = json_object_get(*(json_t *const *)x, "body");
	const json_t *b = json_object_get(*(json_t *const *)y, "body");
	return strcmp(json_string_value(json_object_get(b, "week")),
	              json_string_value(json_object_get(a, "week")));
}

json_t *hv_week_history(struct hv_store *st, struct hv_error *err)
{
	struct hv_query q = {.kind = HV_WEEK_CHANGE_KIND};
	json_t *list = hv_store_list_json(st, &q, err);
	if (!list)
		return NULL;
	if (hv_json_array_sort(list, cmp_week_desc) < 0) {
		json_decref(list);
		hv_fail(err, HV_ENOMEM, "out of memory");
		return NULL;
	}
	return list;
}

json_t *hv_steps_overview(struct hv_store *st, int64_t now_ms, struct hv_error *err)
{
	char w[11];
	hv_week_of(now_ms, w);
	json_t *ladder = hv_ladder(st, err);
	json_t *care = ladder ? hv_care_list(st, 10, err) : NULL;
	json_t *weeks = care ? hv_week_history(st, err) : NULL;
	if (!weeks) {
		json_decref(ladder);
		json_decref(care);
		return NULL;
	}
	json_t *now = json_null();
	size_t i;
	json_t *x;
	json_array_foreach(weeks, i, x)
	{
		const char *wk =
		    json_string_value(json_object_get(json_object_get(x, "body"), "week"));
		if (wk && !strcmp(wk, w)) {
			json_decref(now);
			now = json_incref(x);
		}
	}
	return json_pack("{s:o,s:o,s:o,s:s,s:o}", "ladder", ladder, "care", care, "week", now,
	                 "this_week", w, "weeks", weeks);
}
