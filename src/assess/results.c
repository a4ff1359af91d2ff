/*
 * results.c — assessment results as records, taking one step by step, and
 * change over time.
 *
 * A result being taken is saved after every answer as an unfinished record
 * ("complete": false), so a closed terminal loses nothing and `resume` can
 * pick it up.  History re-scores every complete result with the instrument
 * as it is now, oldest first, and reports each subscale's path per target.
 */
#include "assess.h"
#include "plane.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"

#define ANSWERS_MAX    500
#define REFLECTION_MAX 20000

static int body_id_ok(const char *s, int instrument)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > 40)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
		if (!instrument)
			ok |= (c >= 'A' && c <= 'Z') || c == '.' || c == '_';
		if (!ok)
			return 0;
	}
	return 1;
}

static int check_answers_shape(const json_t *v, struct hv_error *err)
{
	if (!json_is_object(v) || json_object_size(v) > ANSWERS_MAX)
		return hv_fail(err, HV_EINVAL, "answers must be an object of up to %d answers",
		               ANSWERS_MAX);
	const char *key;
	json_t *a;
	json_object_foreach((json_t *)v, key, a)
	{
		if (!body_id_ok(key, 0))
			return hv_fail(err, HV_EINVAL, "answers: \"%.40s\" is not an item id", key);
		if (!json_is_integer(a) || json_integer_value(a) < -1000 ||
		    json_integer_value(a) > 1000)
			return hv_fail(err, HV_EINVAL, "answers: item %s needs a whole number",
			               key);
	}
	return 0;
}

static int check_reflections_shape(const json_t *v, struct hv_error *err)
{
	if (!json_is_object(v) || json_object_size(v) > 200)
		return hv_fail(err, HV_EINVAL,
		               "reflections must be an object of prompt id to text");
	const char *key;
	json_t *t;
	json_object_foreach((json_t *)v, key, t)
	{
		if (!body_id_ok(key, 0))
			return hv_fail(err, HV_EINVAL, "reflections: \"%.40s\" is not a prompt id",
			               key);
		if (!json_is_string(t) || json_string_length(t) > REFLECTION_MAX)
			return hv_fail(err, HV_EINVAL,
			               "reflections: %s must be text of at most %d bytes", key,
			               REFLECTION_MAX);
	}
	return 0;
}

/*
 * The body alone is checked here: the instrument may arrive later in the
 * same import, so whether the answers fit it is checked when scoring.
 */
int hv_assessment_validate(const json_t *body, struct hv_error *err)
{
	if (!json_is_object(body))
		return hv_fail(err, HV_EINVAL, "an assessment must be a JSON object");
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)body, key, v)
	{
		if (strcmp(key, "instrument") == 0) {
			if (!json_is_string(v) || !body_id_ok(json_string_value(v), 1))
				return hv_fail(err, HV_EINVAL,
				               "instrument must be an instrument id");
		} else if (strcmp(key, "instrument_version") == 0) {
			if (!json_is_integer(v) || json_integer_value(v) < 1)
				return hv_fail(err, HV_EINVAL,
				               "instrument_version must be a whole number from 1");
		} else if (strcmp(key, "target") == 0) {
			if (!json_is_string(v) || !body_id_ok(json_string_value(v), 1))
				return hv_fail(err, HV_EINVAL,
				               "target must be a relationship name");
		} else if (strcmp(key, "answers") == 0) {
			if (check_answers_shape(v, err) < 0)
				return -1;
		} else if (strcmp(key, "reflections") == 0) {
			if (check_reflections_shape(v, err) < 0)
				return -1;
		} else if (strcmp(key, "complete") == 0) {
			if (!json_is_boolean(v))
				return hv_fail(err, HV_EINVAL, "complete must be true or false");
		} else if (strcmp(key, "position") == 0) {
			if (!json_is_integer(v) || json_integer_value(v) < 0 ||
			    json_integer_value(v) > 1000)
				return hv_fail(err, HV_EINVAL,
				               "position must be a small whole number");
		} else {
			return hv_fail(err, HV_EINVAL, "unknown assessment field \"%s\"", key);
		}
	}
	const char *need[] = {"instrument", "instrument_version", "answers", "complete"};
	for (size_t i = 0; i < sizeof need / sizeof *need; i++)
		if (!json_object_get(body, need[i]))
			return hv_fail(err, HV_EINVAL, "an assessment needs \"%s\"", need[i]);
	return 0;
}

static int start_body(struct hv_record *r, const json_t *inst, const char *target,
                      struct hv_error *err)
{
	if (hv_target_check(inst, target, err) < 0)
		return -1;
	if (hv_record_new(r, HV_ASSESSMENT_KIND, err) < 0)
		return -1;
	json_object_set(r->body, "instrument", json_object_get(inst, "id"));
	json_object_set(r->body, "instrument_version", json_object_get(inst, "version"));
	if (target)
		json_object_set_new(r->body, "target", json_string(target));
	json_object_set_new(r->body, "answers", json_object());
	json_object_set_new(r->body, "complete", json_false());
	return 0;
}

static int finish(int rc, struct hv_record *r, struct hv_record *out)
{
	if (rc == 0 && out)
		*out = *r;
	else
		hv_record_release(r);
	return rc;
}

int hv_assess_save(struct hv_store *st, const json_t *inst, const char *target,
                   const json_t *answers, const json_t *reflections, int64_t at_ms,
                   struct hv_record *out, struct hv_error *err)
{
	struct hv_record r;
	if (hv_answers_check(inst, answers, 1, err) < 0 || start_body(&r, inst, target, err) < 0)
		return -1;
	json_object_set_new(r.body, "answers", json_deep_copy(answers));
	json_object_set_new(r.body, "complete", json_true());
	if (reflections && json_object_size(reflections) > 0)
		json_object_set_new(r.body, "reflections", json_deep_copy(reflections));
	if (at_ms) {
		r.created_ms = at_ms;
		r.created_off = hv_local_offset_min(at_ms);
	}
	int rc = hv_assessment_validate(r.body, err);
	if (rc == 0)
		rc = hv_store_insert(st, &r, err);
	return finish(rc, &r, out);
}

int hv_assess_begin(struct hv_store *st, const json_t *inst, const char *target,
                    struct hv_record *out, struct hv_error *err)
{
	struct hv_record r;
	if (start_body(&r, inst, target, err) < 0)
		return -1;
	json_object_set_new(r.body, "position", json_integer(0));
	return finish(hv_store_insert(st, &r, err), &r, out);
}

int hv_assess_progress(struct hv_store *st, const json_t *inst, struct hv_record *r, int *complete,
                       struct hv_error *err)
{
	const json_t *answers = json_object_get(r->body, "answers");
	if (hv_answers_check(inst, answers, 0, err) < 0)
		return -1;
	struct hv_error ignore;
	int done = hv_answers_check(inst, answers, 1, &ignore) == 0;
	json_object_set_new(r->body, "complete", json_boolean(done));
	if (done)
		json_object_del(r->body, "position");
	if (hv_assessment_validate(r->body, err) < 0 || hv_store_update(st, r, err) < 0)
		return -1;
	if (complete)
		*complete = done;
	return 0;
}

struct newest {
	struct hv_record rec;
	int found;
};

static int take_first_unfinished(const struct hv_record *r, void *ctx)
{
	struct newest *n = ctx;
	if (json_is_true(json_object_get(r->body, "complete")))
		return 0;
	n->rec = *r;
	n->rec.body = json_deep_copy(r->body);
	n->found = 1;
	return 1;
}

int hv_assess_find_unfinished(struct hv_store *st, const char *id, struct hv_record *out,
                              struct hv_error *err)
{
	if (id) {
		if (hv_store_get(st, id, HV_ASSESSMENT_KIND, out, err) < 0)
			return -1;
		if (out->deleted || json_is_true(json_object_get(out->body, "complete"))) {
			hv_record_release(out);
			return hv_fail(err, HV_EINVAL, "result %s is already finished", id);
		}
		return 0;
	}
	/* Newest by when it was last touched: that is the one being taken. */
	struct hv_query q = {.kind = HV_ASSESSMENT_KIND, .newest_first = 1};
	struct newest n = {.found = 0};
	if (hv_store_each(st, &q, take_first_unfinished, &n, err) < 0)
		return -1;
	if (!n.found)
		return hv_fail(err, HV_ENOTFOUND,
		               "there is no unfinished assessment to resume: start one with "
		               "'haven assess take ID'");
	*out = n.rec;
	return 0;
}

struct results_ctx {
	const char *instrument;
	json_t *out;
};

static int collect_result(const struct hv_record *r, void *ctx)
{
	struct results_ctx *c = ctx;
	const char *inst = json_string_value(json_object_get(r->body, "instrument"));
	if (!c->instrument || (inst && strcmp(inst, c->instrument) == 0))
		json_array_append_new(c->out, hv_record_to_json(r));
	return 0;
}

json_t *hv_assess_results(struct hv_store *st, const char *instrument, struct hv_error *err)
{
	struct hv_query q = {.kind = HV_ASSESSMENT_KIND, .newest_first = 1};
	struct results_ctx c = {.instrument = instrument, .out = json_array()};
	if (hv_store_each(st, &q, collect_result, &c, err) < 0) {
		json_decref(c.out);
		return NULL;
	}
	return c.out;
}

/* ---- history ------------------------------------------------------------ */

struct history_ctx {
	const json_t *inst;
	json_t *series; /* object: "target/subscale" → series object */
	json_t *order;  /* keys in the order series should be listed */
	int results, unscorable;
};

static json_t *change(double now, double then)
{
	return json_real(hv_score_round(now - then));
}

static void add_point(struct history_ctx *h, const char *target, const json_t *sub,
                      const struct hv_record *r)
{
	char key[128];
	const char *sid = json_string_value(json_object_get(sub, "id"));
	snprintf(key, sizeof key, "%s/%s", target ? target : "", sid);
	json_t *s = json_object_get(h->series, key);
	if (!s)
		return; /* only subscales of the instrument as it is now */
	json_t *points = json_object_get(s, "points");
	double score = json_real_value(json_object_get(sub, "score"));
	char taken[HV_RFC3339_MAX];
	hv_format_rfc3339(r->created_ms, r->created_off, taken);
	const json_t *band = json_object_get(sub, "band");
	json_t *p =
	    json_pack("{s:s,s:s,s:f,s:O}", "result", r->id, "taken", taken, "score", score, "band",
	              json_is_object(band) ? json_object_get(band, "name") : json_null());
	size_t n = json_array_size(points);
	if (n == 0) {
		json_object_set_new(p, "change_since_first", json_null());
		json_object_set_new(p, "change_since_previous", json_null());
	} else {
		double first = json_real_value(json_object_get(json_array_get(points, 0), "score"));
		double prev =
		    json_real_value(json_object_get(json_array_get(points, n - 1), "score"));
		json_object_set_new(p, "change_since_first", change(score, first));
		json_object_set_new(p, "change_since_previous", change(score, prev));
	}
	json_array_append_new(points, p);
}

static int visit_result(const struct hv_record *r, void *ctx)
{
	struct history_ctx *h = ctx;
	const char *inst = json_string_value(json_object_get(r->body, "instrument"));
	if (!inst || strcmp(inst, json_string_value(json_object_get(h->inst, "id"))) != 0 ||
	    !json_is_true(json_object_get(r->body, "complete")))
		return 0;
	const char *target = json_string_value(json_object_get(r->body, "target"));
	struct hv_error e;
	json_t *scored = hv_target_check(h->inst, target, &e) == 0
	                     ? hv_assess_score(h->inst, json_object_get(r->body, "answers"), &e)
	                     : NULL;
	if (!scored) {
		h->unscorable++; /* answers to an older version that no longer fit */
		return 0;
	}
	h->results++;
	size_t i;
	json_t *sub;
	json_array_foreach(json_object_get(scored, "subscales"), i, sub)
	{
		add_point(h, target, sub, r);
	}
	json_decref(scored);
	return 0;
}

static void open_series(struct history_ctx *h, const char *target)
{
	size_t i;
	json_t *sub;
	json_array_foreach(json_object_get(h->inst, "subscales"), i, sub)
	{
		const char *sid = json_string_value(json_object_get(sub, "id"));
		const json_t *title = json_object_get(sub, "title");
		char key[128];
		snprintf(key, sizeof key, "%s/%s", target ? target : "", sid);
		json_t *s = json_pack("{s:s,s:O,s:O}", "subscale", sid, "title",
		                      title ? title : json_object_get(sub, "id"), "higher_means",
		                      json_object_get(sub, "higher_means"));
		if (target)
			json_object_set_new(s, "target", json_string(target));
		json_object_set_new(s, "points", json_array());
		json_object_set_new(h->series, key, s);
		json_array_append_new(h->order, json_string(key));
	}
}

/* first, latest and the two changes, for the series as a whole. */
static void summarise(json_t *s)
{
	json_t *points = json_object_get(s, "points");
	size_t n = json_array_size(points);
	json_t *first = json_array_get(points, 0), *last = json_array_get(points, n - 1);
	json_object_set(s, "first", json_object_get(first, "score"));
	json_object_set(s, "latest", json_object_get(last, "score"));
	json_object_set(s, "change_since_first", json_object_get(last, "change_since_first"));
	json_object_set(s, "change_since_previous", json_object_get(last, "change_since_previous"));
}

json_t *hv_assess_history(struct hv_store *st, const json_t *inst, struct hv_error *err)
{
	struct history_ctx h = {.inst = inst, .series = json_object(), .order = json_array()};
	const json_t *targets = json_object_get(inst, "targets");
	size_t i;
	json_t *t;
	if (targets)
		json_array_foreach(targets, i, t) open_series(&h, json_string_value(t));
	else
		open_series(&h, NULL);
	struct hv_query q = {.kind = HV_ASSESSMENT_KIND};
	if (hv_store_each(st, &q, visit_result, &h, err) < 0) {
		json_decref(h.series);
		json_decref(h.order);
		return NULL;
	}
	json_t *list = json_array();
	json_array_foreach(h.order, i, t)
	{
		json_t *s = json_object_get(h.series, json_string_value(t));
		if (json_array_size(json_object_get(s, "points")) == 0)
			continue;
		summarise(s);
		json_array_append(list, s);
	}
	json_decref(h.series);
	json_decref(h.order);
	json_t *out = json_pack("{s:O,s:O,s:i,s:i,s:o}", "instrument", json_object_get(inst, "id"),
	                        "title", json_object_get(inst, "title"), "results", h.results,
	                        "unscorable", h.unscorable, "series", list);
	/* Where both dimensions are measured, the two together (plane.h). */
	if (out)
		json_object_set_new(out, "plane", hv_assess_plane(inst, out));
	return out;
}
