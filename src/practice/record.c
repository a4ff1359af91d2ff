/*
 * record.c — the "practice" record and what the records say.
 *
 * Each practice keeps the distress the person rated before and after, so
 * over weeks haven can tell them which practices actually settle *them*.
 * The summary is careful: below HV_PRACTICE_MIN_RATED practices with both
 * ratings it names no effect at all, because two numbers are not a pattern.
 */
#include "practice.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "core/grow.h"
#include "core/template.h"
#include "core/text.h"

#define DATA        "practices.json"
#define SECONDS_MAX 86400.0
#define DID_MAX     2000

static int check_seconds(const json_t *v, const char *name, struct hv_error *err)
{
	if (!json_is_number(v) || !(json_number_value(v) >= 0) ||
	    json_number_value(v) > SECONDS_MAX)
		return hv_fail(err, HV_EINVAL, "%s must be a number of seconds from 0 to %.0f",
		               name, SECONDS_MAX);
	return 0;
}

static int check_rating(const json_t *v, const char *name, struct hv_error *err)
{
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 10)
		return hv_fail(err, HV_EINVAL, "%s must be a whole number from 0 to 10", name);
	return 0;
}

static int is_pause(const json_t *body)
{
	const char *t = json_string_value(json_object_get(body, "technique"));
	return t && strcmp(t, "pause") == 0;
}

static int check_field(const json_t *body, const char *key, const json_t *v, struct hv_error *err)
{
	if (strcmp(key, "technique") == 0) {
		if (!json_is_string(v) || !hv_practice_known(json_string_value(v)))
			return hv_fail(err, HV_EINVAL, "unknown practice \"%s\": choose from %s",
			               json_is_string(v) ? json_string_value(v) : "(not text)",
			               hv_practice_list());
		return 0;
	}
	if (strcmp(key, "planned_seconds") == 0 || strcmp(key, "actual_seconds") == 0)
		return check_seconds(v, key, err);
	if (strcmp(key, "completed") == 0 || (strcmp(key, "urge_passed") == 0 && is_pause(body))) {
		if (!json_is_boolean(v))
			return hv_fail(err, HV_EINVAL, "%s must be true or false", key);
		return 0;
	}
	if (strcmp(key, "distress_before") == 0 || strcmp(key, "distress_after") == 0)
		return check_rating(v, key, err);
	if (strcmp(key, "pace") == 0) {
		if (!json_is_number(v) || !(json_number_value(v) >= HV_PACE_MIN) ||
		    json_number_value(v) > HV_PACE_MAX)
			return hv_fail(err, HV_EINVAL, "pace must be a number from %g to %g",
			               HV_PACE_MIN, HV_PACE_MAX);
		return 0;
	}
	if (strcmp(key, "rounds") == 0) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 ||
		    json_integer_value(v) > HV_ROUNDS_MAX)
			return hv_fail(err, HV_EINVAL, "rounds must be a whole number from 1 to %d",
			               HV_ROUNDS_MAX);
		return 0;
	}
	if (strcmp(key, "did") == 0 && is_pause(body)) {
		if (!json_is_string(v) || json_string_length(v) == 0 ||
		    json_string_length(v) > DID_MAX ||
		    !hv_text_valid(json_string_value(v), json_string_length(v)))
			return hv_fail(err, HV_EINVAL, "did must be text of 1 to %d bytes",
			               DID_MAX);
		return 0;
	}
	return hv_fail(err, HV_EINVAL, "unknown practice field \"%s\"", key);
}

int hv_practice_validate(const json_t *body, struct hv_error *err)
{
	static const char *const required[] = {"technique", "planned_seconds", "actual_seconds",
	                                       "completed"};
	if (!json_is_object(body))
		return hv_fail(err, HV_EINVAL, "a practice must be a JSON object");
	for (size_t i = 0; i < sizeof required / sizeof *required; i++)
		if (!json_object_get(body, required[i]))
			return hv_fail(err, HV_EINVAL, "a practice needs %s", required[i]);
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)body, key, v)
	{
		if (check_field(body, key, v, err) < 0)
			return -1;
	}
	return 0;
}

int hv_practice_add(struct hv_store *st, const json_t *body, struct hv_record *out,
                    struct hv_error *err)
{
	struct hv_record r;
	if (hv_record_new(&r, HV_PRACTICE_KIND, err) < 0)
		return -1;
	json_object_update(r.body, (json_t *)body);
	/* Own words are trimmed and normalised like every other text haven keeps. */
	const char *did = json_string_value(json_object_get(r.body, "did"));
	if (did) {
		char *clean = hv_text_clean(did);
		if (clean && *clean)
			json_object_set_new(r.body, "did", json_string(clean));
		else if (clean)
			json_object_del(r.body, "did");
		free(clean);
	}
	return hv_store_add_new(st, &r, hv_practice_validate, out, err);
}

char *hv_practice_sentence(const char *label, int64_t rated, double mean_change)
{
	char n[32], points[32];
	snprintf(n, sizeof n, "%lld", (long long)rated);
	double shown = round(fabs(mean_change) * 10) / 10;
	snprintf(points, sizeof points, "%.1f", shown);
	const char *key = rated < HV_PRACTICE_MIN_RATED ? "too_few"
	                  : shown == 0                  ? "same"
	                  : mean_change < 0             ? "lowered"
	                                                : "raised";
	char path[64];
	snprintf(path, sizeof path, "summary/%s", key);
	const char *kv[] = {"label", label, "n", n, "points", points, NULL};
	char *s = hv_template_fill(hv_content_text(DATA, path, "{label}"), kv);
	if (s && islower((unsigned char)s[0]))
		s[0] = (char)toupper((unsigned char)s[0]);
	return s;
}

/* --- the summary ---------------------------------------------------------- */

struct tally {
	char technique[HV_KIND_MAX];
	int64_t count, completed, rated;
	double seconds, change_sum;
};

struct tallies {
	struct tally *t;
	size_t n, cap;
	int oom;
	int64_t until; /* practices from here on are left out; 0: none */
};

static struct tally *tally_for(struct tallies *ts, const char *technique)
{
	for (size_t i = 0; i < ts->n; i++)
		if (strcmp(ts->t[i].technique, technique) == 0)
			return &ts->t[i];
	if (HV_GROW(ts->t, ts->cap, ts->n + 1, 16) < 0)
		return NULL;
	struct tally *t = &ts->t[ts->n++];
	memset(t, 0, sizeof *t);
	snprintf(t->technique, sizeof t->technique, "%s", technique);
	return t;
}

static int add_practice(const struct hv_scan_row *row, void *ctx)
{
	struct tallies *ts = ctx;
	if (!row->text[0] || (ts->until && row->created_ms >= ts->until))
		return 0;
	struct tally *t = tally_for(ts, row->text[0]);
	if (!t) {
		ts->oom = 1;
		return 1;
	}
	t->count++;
	t->seconds += row->text[1] ? row->num[1] : 0;
	t->completed += row->text[4] && row->num[4] != 0;
	if (row->text[2] && row->text[3]) {
		t->rated++;
		t->change_sum += row->num[3] - row->num[2];
	}
	return 0;
}

static json_t *tally_json(const struct tally *t)
{
	const char *label = hv_practice_label(t->technique);
	if (!label)
		label = t->technique;
	int enough = t->rated >= HV_PRACTICE_MIN_RATED;
	double mean = enough ? t->change_sum / (double)t->rated : 0;
	char *sentence = hv_practice_sentence(label, t->rated, mean);
	json_t *o =
	    json_pack("{s:s,s:s,s:I,s:I,s:f,s:I,s:o,s:b,s:s}", "technique", t->technique, "label",
	              label, "count", (json_int_t)t->count, "completed", (json_int_t)t->completed,
	              "minutes", round(t->seconds / 6.0) / 10, "rated", (json_int_t)t->rated,
	              "mean_change", enough ? json_real(round(mean * 10) / 10) : json_null(),
	              "enough", enough, "sentence", sentence ? sentence : "");
	free(sentence);
	return o;
}

/* Most practised first, then by name, so the list reads the same each time. */
static int by_count(const void *a, const void *b)
{
	const struct tally *x = a, *y = b;
	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->technique, y->technique);
}

json_t *hv_practice_summary(struct hv_store *st, int64_t since_ms, struct hv_error *err)
{
	return hv_practice_summary_period(st, since_ms, 0, err);
}

json_t *hv_practice_summary_period(struct hv_store *st, int64_t since_ms, int64_t until_ms,
                                   struct hv_error *err)
{
	static const char *const paths[] = {"$.technique", "$.actual_seconds", "$.distress_before",
	                                    "$.distress_after", "$.completed"};
	struct tallies ts = {.until = until_ms};
	if (hv_store_scan(st, HV_PRACTICE_KIND, since_ms, paths, 5, add_practice, &ts, err) < 0) {
		free(ts.t);
		return NULL;
	}
	if (ts.oom) {
		free(ts.t);
		hv_fail(err, HV_ENOMEM, "out of memory while reading the practices");
		return NULL;
	}
	if (ts.n)
		qsort(ts.t, ts.n, sizeof *ts.t, by_count);
	json_t *list = json_array();
	int64_t total = 0;
	for (size_t i = 0; i < ts.n; i++) {
		json_array_append_new(list, tally_json(&ts.t[i]));
		total += ts.t[i].count;
	}
	free(ts.t);
	return json_pack("{s:I,s:o,s:s}", "practices", (json_int_t)total, "techniques", list,
	                 "note", hv_content_text(DATA, "summary/note", ""));
}
