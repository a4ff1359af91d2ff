/*
 * steps.c — the alone-time ladder and small acts of care (see steps.h).
 *
 * Rungs and tries are separate records, so a try stays true to the rung
 * as it was, and a rung taken off the ladder leaves its history.  The
 * ladder's summary is worked out when asked, from the tries themselves:
 * how many, the last, and how far distress fell on average.
 */
#include "steps.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/text.h"

static int check_text(const char *key, const json_t *v, struct hv_error *err)
{
	size_t n = json_string_length(v);
	if (!json_is_string(v) || n == 0 || n > HV_STEP_TEXT ||
	    !hv_text_valid(json_string_value(v), n))
		return hv_fail(err, HV_EINVAL, "%s must be text of 1 to %d bytes", key,
		               HV_STEP_TEXT);
	return 0;
}

static int check_int(const char *key, const json_t *v, int lo, int hi, struct hv_error *err)
{
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
		return hv_fail(err, HV_EINVAL, "%s must be a whole number from %d to %d", key, lo,
		               hi);
	return 0;
}

/* Refuse a field not in known (NULL-terminated), naming it. */
static int only(const json_t *body, const char *what, const char *const *known,
                struct hv_error *err)
{
	if (!json_is_object(body))
		return hv_fail(err, HV_EINVAL, "a %s must be a JSON object", what);
	const char *key = hv_body_unknown_key(body, known);
	if (key)
		return hv_fail(err, HV_EINVAL, "unknown %s field \"%s\"", what, key);
	return 0;
}

int hv_alone_step_validate(const json_t *body, struct hv_error *err)
{
	static const char *const known[] = {"what", "level", NULL};
	if (only(body, "ladder step", known, err) < 0 ||
	    check_text("what", json_object_get(body, "what"), err) < 0)
		return -1;
	return check_int("level", json_object_get(body, "level"), 1, HV_STEP_LEVELS, err);
}

int hv_alone_try_validate(const json_t *body, struct hv_error *err)
{
	static const char *const known[] = {"step", "before", "after", "note", NULL};
	if (only(body, "try", known, err) < 0)
		return -1;
	const char *step = json_string_value(json_object_get(body, "step"));
	if (!step || !hv_uuid_valid(step))
		return hv_fail(err, HV_EINVAL, "step must be the id of a ladder step");
	if (check_int("before", json_object_get(body, "before"), 0, 10, err) < 0 ||
	    check_int("after", json_object_get(body, "after"), 0, 10, err) < 0)
		return -1;
	const json_t *note = json_object_get(body, "note");
	return note ? check_text("note", note, err) : 0;
}

int hv_care_validate(const json_t *body, struct hv_error *err)
{
	static const char *const known[] = {"what", "for", NULL};
	if (only(body, "act of care", known, err) < 0 ||
	    check_text("what", json_object_get(body, "what"), err) < 0)
		return -1;
	const char *f = json_string_value(json_object_get(body, "for"));
	if (!f || (strcmp(f, "self") && strcmp(f, "others")))
		return hv_fail(err, HV_EINVAL, "for must be self or others");
	return 0;
}

/* A fresh record of kind with its text tidied; -1 when it is not UTF-8. */
static int fresh(struct hv_record *r, const char *kind, json_t *body, struct hv_error *err)
{
	if (hv_record_new(r, kind, err) < 0) {
		json_decref(body);
		return -1;
	}
	json_decref(r->body);
	r->body = body;
	const char *texts[] = {"what", "note", NULL};
	for (int i = 0; texts[i]; i++)
		if (hv_body_tidy_text(r->body, texts[i], err) < 0) {
			hv_record_release(r);
			return -1;
		}
	return 0;
}

static int top_level(const struct hv_record *r, void *ctx)
{
	int l = (int)json_integer_value(json_object_get(r->body, "level"));
	if (l > *(int *)ctx)
		*(int *)ctx = l;
	return 0;
}

int hv_ladder_add(struct hv_store *st, const char *what, int level, struct hv_record *out,
                  struct hv_error *err)
{
	if (level == 0) {
		struct hv_query q = {.kind = HV_ALONE_STEP_KIND};
		if (hv_store_each(st, &q, top_level, &level, err) < 0)
			return -1;
		level = level < HV_STEP_LEVELS ? level + 1 : HV_STEP_LEVELS;
	}
	struct hv_record r;
	if (fresh(&r, HV_ALONE_STEP_KIND,
	          json_pack("{s:o,s:i}", "what", hv_json_text(what ? what : ""), "level", level),
	          err) < 0)
		return -1;
	return hv_store_add_new(st, &r, hv_alone_step_validate, out, err);
}

/* The live rung id (a prefix will do) into *r. */
static int rung(struct hv_store *st, const char *id, struct hv_record *r, struct hv_error *err)
{
	if (hv_store_get(st, id, HV_ALONE_STEP_KIND, r, err) < 0)
		return -1;
	if (r->deleted) {
		hv_record_release(r);
		return hv_fail(err, HV_ENOTFOUND, "no ladder step %s (it was removed)", id);
	}
	return 0;
}

int hv_ladder_try(struct hv_store *st, const char *id, int before, int after, const char *note,
                  struct hv_record *out, struct hv_error *err)
{
	struct hv_record s;
	if (rung(st, id, &s, err) < 0)
		return -1;
	json_t *body = json_pack("{s:s,s:i,s:i}", "step", s.id, "before", before, "after", after);
	hv_record_release(&s);
	if (note)
		json_object_set_new(body, "note", hv_json_text(note));
	struct hv_record r;
	if (fresh(&r, HV_ALONE_TRY_KIND, body, err) < 0)
		return -1;
	return hv_store_add_new(st, &r, hv_alone_try_validate, out, err);
}

int hv_ladder_remove(struct hv_store *st, const char *id, struct hv_error *err)
{
	struct hv_record r;
	if (rung(st, id, &r, err) < 0)
		return -1;
	int rc = hv_store_set_deleted(st, &r, 1, err);
	hv_record_release(&r);
	return rc;
}

/* Each try folded into its rung's summary (tries oldest first). */
static int fold_try(const struct hv_record *r, void *ctx)
{
	json_t *byid = ctx;
	json_t *s = json_object_get(byid, json_string_value(json_object_get(r->body, "step")));
	if (!s)
		return 0;
	json_int_t b = json_integer_value(json_object_get(r->body, "before"));
	json_int_t a = json_integer_value(json_object_get(r->body, "after"));
	json_int_t n = json_integer_value(json_object_get(s, "tries")) + 1;
	double sum = json_real_value(json_object_get(s, "drop_sum")) + (double)(b - a);
	char at[HV_RFC3339_MAX];
	hv_format_rfc3339(r->created_ms, r->created_off, at);
	json_object_set_new(s, "tries", json_integer(n));
	json_object_set_new(s, "drop_sum", json_real(sum));
	json_object_set_new(s, "mean_drop", json_real(round(sum / (double)n * 10) / 10 + 0.0));
	json_object_set_new(s, "last",
	                    json_pack("{s:I,s:I,s:s}", "before", b, "after", a, "at", at));
	return 0;
}

static int cmp_level(const void *x, const void *y)
{
	const json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
	json_int_t la = json_integer_value(json_object_get(a, "level"));
	json_int_t lb = json_integer_value(json_object_get(b, "level"));
	if (la != lb)
		return la < lb ? -1 : 1;
	return strcmp(json_string_value(json_object_get(a, "id")),
	              json_string_value(json_object_get(b, "id")));
}

static int collect_rung(const struct hv_record *r, void *ctx)
{
	json_object_set_new(ctx, r->id,
	                    json_pack("{s:s,s:O,s:O,s:i,s:n,s:n,s:f}", "id", r->id, "what",
	                              json_object_get(r->body, "what"), "level",
	                              json_object_get(r->body, "level"), "tries", 0, "last",
	                              "mean_drop", "drop_sum", 0.0));
	return 0;
}

json_t *hv_ladder(struct hv_store *st, struct hv_error *err)
{
	json_t *byid = json_object();
	struct hv_query q = {.kind = HV_ALONE_STEP_KIND};
	struct hv_query t = {.kind = HV_ALONE_TRY_KIND};
	if (hv_store_each(st, &q, collect_rung, byid, err) < 0 ||
	    hv_store_each(st, &t, fold_try, byid, err) < 0) {
		json_decref(byid);
		return NULL;
	}
	size_t n = json_object_size(byid), i = 0;
	json_t **items = calloc(n ? n : 1, sizeof *items);
	const char *key;
	json_t *v;
	json_object_foreach(byid, key, v)
	{
		json_object_del(v, "drop_sum");
		items[i++] = v;
	}
	qsort(items, n, sizeof *items, cmp_level);
	json_t *out = json_array();
	for (i = 0; i < n; i++)
		json_array_append(out, items[i]);
	free(items);
	json_decref(byid);
	return out;
}

int hv_care_add(struct hv_store *st, const char *what, const char *for_whom, struct hv_record *out,
                struct hv_error *err)
{
	struct hv_record r;
	if (fresh(&r, HV_CARE_KIND,
	          json_pack("{s:o,s:s}", "what", hv_json_text(what ? what : ""), "for",
	                    for_whom ? for_whom : "self"),
	          err) < 0)
		return -1;
	return hv_store_add_new(st, &r, hv_care_validate, out, err);
}

json_t *hv_care_list(struct hv_store *st, int64_t limit, struct hv_error *err)
{
	struct hv_query q = {.kind = HV_CARE_KIND, .newest_first = 1, .limit = limit};
	return hv_store_list_json(st, &q, err);
}
