/*
 * factors.c — the daily factors of a check-in (see checkin.h): the fixed
 * ones read from data/checkin.json, and the person's own yes/no factors,
 * one record of kind "checkin-factor" each.
 *
 * A factor's range and unit live in the data, so the messages here build
 * their words from it: a new factor needs a new line of data, no code.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "checkin.h"
#include "core/content.h"
#include "core/text.h"

const json_t *hv_checkin_factors(void)
{
	const json_t *all = hv_content_json("checkin.json", NULL);
	return json_object_get(all, "factors");
}

const json_t *hv_checkin_factor(const char *id_or_flag)
{
	size_t i;
	const json_t *f;
	json_array_foreach(hv_checkin_factors(), i, f)
	{
		const char *id = json_string_value(json_object_get(f, "id"));
		const char *flag = json_string_value(json_object_get(f, "flag"));
		if ((id && strcmp(id, id_or_flag) == 0) || (flag && strcmp(flag, id_or_flag) == 0))
			return f;
	}
	return NULL;
}

static int is_decimal(const json_t *f)
{
	return strcmp(json_string_value(json_object_get(f, "type")), "decimal") == 0;
}

/* "mood must be a whole number from 0 to 10" / "sleep must be a number of
 * hours from 0 to 24": the factor, its range and unit, from the data. */
static int range_fail(const json_t *f, struct hv_error *err)
{
	const char *unit = json_string_value(json_object_get(f, "unit"));
	int has_unit = unit && *unit;
	return hv_fail(err, HV_EINVAL, "%s must be a %s%s%s from %lld to %lld",
	               json_string_value(json_object_get(f, "label")),
	               is_decimal(f) ? "number" : "whole number", has_unit ? " of " : "",
	               has_unit ? unit : "",
	               (long long)json_integer_value(json_object_get(f, "min")),
	               (long long)json_integer_value(json_object_get(f, "max")));
}

int hv_checkin_factor_check(const json_t *f, const json_t *v, struct hv_error *err)
{
	double lo = (double)json_integer_value(json_object_get(f, "min"));
	double hi = (double)json_integer_value(json_object_get(f, "max"));
	if (is_decimal(f) ? !json_is_number(v) : !json_is_integer(v))
		return range_fail(f, err);
	double x = json_number_value(v);
	if (!(x >= lo && x <= hi))
		return range_fail(f, err);
	/* Two decimals is all a person means by 7.25 hours; more is noise. */
	if (is_decimal(f) && fabs(x * 100 - round(x * 100)) > 1e-6)
		return range_fail(f, err);
	return 0;
}

json_t *hv_checkin_factor_parse(const json_t *f, const char *text, struct hv_error *err)
{
	char *end;
	json_t *v = NULL;
	/* A comma is how half the world writes 7,5. */
	char buf[32];
	size_t n = strlen(text);
	if (n == 0 || n >= sizeof buf) {
		range_fail(f, err);
		return NULL;
	}
	memcpy(buf, text, n + 1);
	char *comma = strchr(buf, ',');
	if (comma && is_decimal(f))
		*comma = '.';
	if (is_decimal(f)) {
		double x = strtod(buf, &end);
		if (end != buf && *end == '\0' && isfinite(x))
			v = json_real(x);
		/* 8 stays the integer 8, so the body reads as typed. */
		if (v && x == floor(x) && fabs(x) < 1e9) {
			json_decref(v);
			v = json_integer((json_int_t)x);
		}
	} else {
		long long x = strtoll(buf, &end, 10);
		if (end != buf && *end == '\0')
			v = json_integer(x);
	}
	if (!v || hv_checkin_factor_check(f, v, err) < 0) {
		if (!v)
			range_fail(f, err);
		json_decref(v);
		return NULL;
	}
	return v;
}

/* ---- the person's own factors ------------------------------------------ */

int hv_checkin_own_validate(const json_t *body, struct hv_error *err)
{
	if (!json_is_object(body))
		return hv_fail(err, HV_EINVAL, "a factor must be a JSON object");
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)body, key, v)
	{
		if (strcmp(key, "name") != 0)
			return hv_fail(err, HV_EINVAL, "unknown factor field \"%s\"", key);
	}
	const json_t *name = json_object_get(body, "name");
	size_t n = json_string_length(name);
	if (!json_is_string(name) || n == 0 || n > HV_CHECKIN_NAME_MAX ||
	    !hv_text_showable(json_string_value(name), n) ||
	    strchr(json_string_value(name), '\n') || strchr(json_string_value(name), '\t'))
		return hv_fail(err, HV_EINVAL, "a factor's name must be one line of 1 to %d bytes",
		               HV_CHECKIN_NAME_MAX);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	return strcmp(json_string_value(json_object_get(x, "name")),
	              json_string_value(json_object_get(y, "name")));
}

json_t *hv_checkin_own_list(struct hv_store *st, struct hv_error *err)
{
	struct hv_query q = {.kind = HV_FACTOR_KIND};
	json_t *recs = hv_store_list_json(st, &q, err);
	if (!recs)
		return NULL;
	/* Oldest first: two devices may each have added one before a merge,
	 * and the first one added is the one shown, on every copy. */
	json_t *out = json_array();
	size_t i;
	json_t *rec;
	json_array_foreach(recs, i, rec)
	{
		const json_t *name = json_object_get(json_object_get(rec, "body"), "name");
		if (!hv_checkin_own_find(out, json_string_value(name), NULL, NULL))
			json_array_append_new(
			    out,
			    json_pack("{s:O,s:O}", "id", json_object_get(rec, "id"), "name", name));
	}
	json_decref(recs);
	if (hv_json_array_sort(out, by_name) < 0) {
		json_decref(out);
		hv_fail(err, HV_ENOMEM, "out of memory");
		return NULL;
	}
	return out;
}

int hv_checkin_own_find(const json_t *own_list, const char *name, const char **id,
                        const char **spelled)
{
	char *want = hv_text_fold(name);
	if (!want)
		return 0;
	size_t i;
	const json_t *f;
	int found = 0;
	json_array_foreach(own_list, i, f)
	{
		const char *have = json_string_value(json_object_get(f, "name"));
		char *fold = hv_text_fold(have);
		found = fold && strcmp(fold, want) == 0;
		free(fold);
		if (found) {
			if (id)
				*id = json_string_value(json_object_get(f, "id"));
			if (spelled)
				*spelled = have;
			break;
		}
	}
	free(want);
	return found;
}

int hv_checkin_own_add(struct hv_store *st, const char *name, struct hv_record *out,
                       struct hv_error *err)
{
	char *clean = name ? hv_text_clean(name) : NULL;
	if (!clean)
		return hv_fail(err, HV_EINVAL, "a factor's name must be text");
	json_t *have = hv_checkin_own_list(st, err);
	if (!have) {
		free(clean);
		return -1;
	}
	int dup = hv_checkin_own_find(have, clean, NULL, NULL);
	json_decref(have);
	if (dup) {
		hv_fail(err, HV_EINVAL, "you already have a factor called \"%s\"", clean);
		free(clean);
		return -1;
	}
	struct hv_record r;
	if (hv_record_new(&r, HV_FACTOR_KIND, err) < 0) {
		free(clean);
		return -1;
	}
	json_object_set_new(r.body, "name", json_string(clean));
	free(clean);
	return hv_store_add_new(st, &r, hv_checkin_own_validate, out, err);
}

/* Soft-delete each live factor record whose name folds to want. */
static int remove_each(const struct hv_record *r, void *ctx)
{
	void **c = ctx;
	char *fold = hv_text_fold(json_string_value(json_object_get(r->body, "name")));
	int match = fold && strcmp(fold, c[0]) == 0;
	free(fold);
	if (match)
		json_array_append_new(c[1], json_string(r->id));
	return 0;
}

int hv_checkin_own_remove(struct hv_store *st, const char *name, struct hv_error *err)
{
	char *want = hv_text_fold(name);
	if (!want)
		return hv_fail(err, HV_EINVAL, "a factor's name must be text");
	json_t *ids = json_array();
	void *ctx[2] = {want, ids};
	struct hv_query q = {.kind = HV_FACTOR_KIND};
	int rc = hv_store_each(st, &q, remove_each, ctx, err);
	if (rc == 0 && json_array_size(ids) == 0)
		rc = hv_fail(err, HV_ENOTFOUND, "you have no factor called \"%s\"", name);
	size_t i;
	const json_t *id;
	json_array_foreach(ids, i, id)
	{
		struct hv_record r;
		if (rc == 0 &&
		    hv_store_get(st, json_string_value(id), HV_FACTOR_KIND, &r, err) == 0) {
			rc = hv_store_set_deleted(st, &r, 1, err);
			hv_record_release(&r);
		} else if (rc == 0) {
			rc = -1;
		}
	}
	json_decref(ids);
	free(want);
	return rc;
}

/* Fill what `from` has and `into` lacks: newer answers came first. */
static void fill(json_t *into, const json_t *from)
{
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)from, key, v)
	{
		if (!json_object_get(into, key))
			json_object_set(into, key, v);
	}
}

/* How far back "yesterday's answer" may come from: a month of check-ins,
 * morning and evening. */
#define LAST_LOOKBACK 60

json_t *hv_checkin_last(struct hv_store *st, struct hv_error *err)
{
	json_t *list = hv_checkin_list(st, 0, LAST_LOOKBACK, err);
	if (!list)
		return NULL;
	json_t *factors = json_object(), *own = json_object();
	size_t i;
	const json_t *rec;
	json_array_foreach(list, i, rec)
	{
		const json_t *body = json_object_get(rec, "body");
		fill(factors, json_object_get(body, "factors"));
		fill(own, json_object_get(body, "own"));
	}
	json_decref(list);
	return json_pack("{s:o,s:o}", "factors", factors, "own", own);
}
