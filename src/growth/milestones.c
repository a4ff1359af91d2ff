/*
 * milestones.c — reading the history the detectors need, and the list of
 * milestones and habits a person sees (see growth.h).
 *
 * A milestone is celebrated once: when a front end shows one for the first
 * time it keeps a "milestone" record, which travels with export, merge and
 * the vault like every entry, so a second device does not celebrate it
 * again after a merge.  The words are data/growth.json's.
 */
#include "growth.h"

#include <stdlib.h>
#include <string.h>

#include "checkin/checkin.h"
#include "coach/coach.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/content.h"
#include "journal/journal.h"
#include "journal/vocab.h"
#include "practice/practice.h"

#define DAY_MS 86400000LL

static const struct {
	const char *id;
	int64_t (*detect)(const struct hv_growth_history *h);
} detectors[] = {
    {"first-soothing", hv_ms_first_soothing},   {"rewrite", hv_ms_rewrite},
    {"recovery-halved", hv_ms_recovery_halved}, {"checkin-week", hv_ms_checkin_week},
    {"limit-month", hv_ms_limit_month},
};
#define N_DETECTORS (sizeof detectors / sizeof *detectors)

/* A growable list of fixed-size items. */
static int push(void **list, size_t *n, size_t size, const void *item)
{
	if ((*n & (*n - 1)) == 0) { /* 0, 1, 2, 4, …: grow by doubling */
		void *p = realloc(*list, (*n ? *n * 2 : 1) * size);
		if (!p)
			return -1;
		*list = p;
	}
	memcpy((char *)*list + *n * size, item, size);
	(*n)++;
	return 0;
}

static int response_of(const json_t *body)
{
	int bits = 0;
	const char *own = json_string_value(json_object_get(body, "response_type"));
	if (own)
		bits |= !strcmp(own, "protest") ? 1 : !strcmp(own, "soothing") ? 2 : 0;
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(body, "responses"), i, v)
	{
		const char *t = json_is_string(v) ? hv_response_type(json_string_value(v)) : NULL;
		if (t)
			bits |= !strcmp(t, "protest") ? 1 : 2;
	}
	return bits & 1 ? 1 : bits;
}

static int on_entry(const struct hv_record *r, void *ctx)
{
	struct hv_growth_history *h = ctx;
	const json_t *rec = json_object_get(r->body, "recovered_minutes");
	struct hv_gh_entry e = {r->created_ms, response_of(r->body),
	                        json_is_number(rec) ? (int)json_number_value(rec) : -1};
	if (push((void **)&h->entries, &h->n_entries, sizeof e, &e) < 0)
		return h->failed = 1;
	return 0;
}

struct event_walk {
	struct hv_gh_event **list;
	size_t *n;
	int *failed;
};

static int on_event(const struct hv_record *r, void *ctx)
{
	struct event_walk *w = ctx;
	struct hv_gh_event e = {r->created_ms, r->created_off};
	if (push((void **)w->list, w->n, sizeof e, &e) < 0)
		return *w->failed = 1;
	return 0;
}

static int on_held(const struct hv_record *r, void *ctx)
{
	struct hv_growth_history *h = ctx;
	const char *status = json_string_value(json_object_get(r->body, "status"));
	struct hv_gh_event e = {0, 0};
	if (!status || strcmp(status, "rewritten") != 0 ||
	    hv_parse_rfc3339(json_string_value(json_object_get(r->body, "decided")), &e.ms,
	                     &e.off) < 0)
		return 0;
	if (push((void **)&h->rewrites, &h->n_rewrites, sizeof e, &e) < 0)
		return h->failed = 1;
	return 0;
}

static int on_limit(const struct hv_record *r, void *ctx)
{
	struct hv_growth_history *h = ctx;
	const char *per = json_string_value(json_object_get(r->body, "per"));
	struct hv_gh_limit l = {r->created_ms, r->created_off,
	                        (int)json_integer_value(json_object_get(r->body, "count")),
	                        per && !strcmp(per, "week")};
	if (push((void **)&h->limits, &h->n_limits, sizeof l, &l) < 0)
		return h->failed = 1;
	return 0;
}

static int cmp_event(const void *a, const void *b)
{
	int64_t x = ((const struct hv_gh_event *)a)->ms, y = ((const struct hv_gh_event *)b)->ms;
	return (x > y) - (x < y);
}

static int walk(struct hv_store *st, const char *kind, hv_record_fn fn, void *ctx,
                struct hv_error *err)
{
	struct hv_query q = {.kind = kind};
	return hv_store_each(st, &q, fn, ctx, err);
}

int hv_growth_history_read(struct hv_store *st, int64_t now, struct hv_growth_history *h,
                           struct hv_error *err)
{
	memset(h, 0, sizeof *h);
	h->now = now;
	struct event_walk cw = {&h->checkins, &h->n_checkins, &h->failed};
	struct event_walk pw = {&h->practices, &h->n_practices, &h->failed};
	struct event_walk aw = {&h->asks, &h->n_asks, &h->failed};
	if (walk(st, HV_TRIGGER_KIND, on_entry, h, err) < 0 ||
	    walk(st, HV_CHECKIN_KIND, on_event, &cw, err) < 0 ||
	    walk(st, HV_PRACTICE_KIND, on_event, &pw, err) < 0 ||
	    walk(st, HV_HELD_KIND, on_held, h, err) < 0 ||
	    walk(st, HV_REASSURANCE_KIND, on_event, &aw, err) < 0 ||
	    walk(st, HV_REASSURE_LIMIT_KIND, on_limit, h, err) < 0 || h->failed) {
		if (h->failed)
			hv_fail(err, HV_ENOMEM, "out of memory reading your history");
		hv_growth_history_free(h);
		return -1;
	}
	/* Drafts are decided in any order of their writing. */
	if (h->n_rewrites)
		qsort(h->rewrites, h->n_rewrites, sizeof *h->rewrites, cmp_event);
	return 0;
}

void hv_growth_history_free(struct hv_growth_history *h)
{
	free(h->entries);
	free(h->checkins);
	free(h->practices);
	free(h->rewrites);
	free(h->asks);
	free(h->limits);
	memset(h, 0, sizeof *h);
}

static const json_t *words(const char *section)
{
	return json_object_get(hv_content_json("growth.json", NULL), section);
}

static int on_shown(const struct hv_record *r, void *ctx)
{
	const char *id = json_string_value(json_object_get(r->body, "id"));
	if (id)
		json_object_set_new(ctx, id, json_true());
	return 0;
}

static json_t *time_json(int64_t ms)
{
	char buf[HV_RFC3339_MAX];
	hv_format_rfc3339(ms, hv_local_offset_min(ms), buf);
	return json_string(buf);
}

static int cmp_reached(const void *a, const void *b)
{
	const char *x = json_string_value(json_object_get(*(json_t *const *)a, "reached"));
	const char *y = json_string_value(json_object_get(*(json_t *const *)b, "reached"));
	int64_t mx = 0, my = 0;
	int o;
	hv_parse_rfc3339(x, &mx, &o);
	hv_parse_rfc3339(y, &my, &o);
	return (mx > my) - (mx < my);
}

static json_t *milestone_list(const struct hv_growth_history *h, const json_t *shown)
{
	json_t *found[N_DETECTORS];
	size_t n = 0;
	for (size_t i = 0; i < N_DETECTORS; i++) {
		int64_t ms = detectors[i].detect(h);
		const json_t *w = json_object_get(words("milestones"), detectors[i].id);
		if (!ms)
			continue;
		found[n++] =
		    json_pack("{s:s,s:s,s:s,s:o,s:b}", "id", detectors[i].id, "title",
		              json_string_value(json_object_get(w, "title")), "text",
		              json_string_value(json_object_get(w, "text")), "reached",
		              time_json(ms), "new", !json_object_get(shown, detectors[i].id));
	}
	qsort(found, n, sizeof *found, cmp_reached);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, found[i]);
	return list;
}

/* The days from the first event to today's, 1 where one happened. */
static json_t *habit(const char *id, const struct hv_gh_event *ev, size_t n, int64_t now)
{
	const json_t *w = json_object_get(words("habits"), id);
	if (!n)
		return NULL;
	int64_t first = hv_floor_div(ev[0].ms + (int64_t)ev[0].off * 60000, DAY_MS);
	int64_t today = hv_floor_div(now + (int64_t)hv_local_offset_min(now) * 60000, DAY_MS);
	size_t days = today >= first ? (size_t)(today - first + 1) : 1;
	unsigned char *done = calloc(days, 1);
	if (!done)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		int64_t d = hv_floor_div(ev[i].ms + (int64_t)ev[i].off * 60000, DAY_MS) - first;
		if (d >= 0 && (size_t)d < days)
			done[d] = 1;
	}
	int pct = (int)(hv_habit_score(done, days) * 100 + 0.5);
	free(done);
	const char *band = pct >= 70 ? "strong" : pct >= 35 ? "growing" : "starting";
	return json_pack("{s:s,s:s,s:i,s:s}", "id", id, "label",
	                 json_string_value(json_object_get(w, "label")), "score", pct, "words",
	                 json_string_value(json_object_get(w, band)));
}

json_t *hv_milestones(struct hv_store *st, int64_t now, struct hv_error *err)
{
	struct hv_growth_history h;
	if (hv_growth_history_read(st, now, &h, err) < 0)
		return NULL;
	json_t *shown = json_object();
	struct hv_query q = {.kind = HV_MILESTONE_KIND};
	if (hv_store_each(st, &q, on_shown, shown, err) < 0) {
		json_decref(shown);
		hv_growth_history_free(&h);
		return NULL;
	}
	json_t *habits = json_array();
	json_t *c = habit("checkin", h.checkins, h.n_checkins, now);
	json_t *p = habit("practice", h.practices, h.n_practices, now);
	if (c)
		json_array_append_new(habits, c);
	if (p)
		json_array_append_new(habits, p);
	json_t *out =
	    json_pack("{s:o,s:o}", "milestones", milestone_list(&h, shown), "habits", habits);
	json_decref(shown);
	hv_growth_history_free(&h);
	return out;
}

int hv_milestone_validate(const json_t *body, struct hv_error *err)
{
	if (!json_is_object(body))
		return hv_fail(err, HV_EINVAL, "a milestone must be a JSON object");
	const char *id = json_string_value(json_object_get(body, "id"));
	int known = 0;
	for (size_t i = 0; id && i < N_DETECTORS; i++)
		known |= !strcmp(id, detectors[i].id);
	if (!known)
		return hv_fail(err, HV_EINVAL, "id must name a milestone haven knows");
	int64_t ms;
	int off;
	if (hv_parse_rfc3339(json_string_value(json_object_get(body, "reached")), &ms, &off) < 0)
		return hv_fail(err, HV_EINVAL, "reached must be a time (RFC 3339)");
	if (json_object_size(body) != 2)
		return hv_fail(err, HV_EINVAL, "a milestone holds only id and reached");
	return 0;
}

int hv_milestones_mark_shown(struct hv_store *st, const json_t *list, struct hv_error *err)
{
	if (hv_store_begin(st, err) < 0)
		return -1;
	size_t i;
	json_t *m;
	json_array_foreach(list, i, m)
	{
		if (!json_is_true(json_object_get(m, "new")))
			continue;
		struct hv_record r;
		if (hv_record_new(&r, HV_MILESTONE_KIND, err) < 0)
			goto fail;
		json_object_set(r.body, "id", json_object_get(m, "id"));
		json_object_set(r.body, "reached", json_object_get(m, "reached"));
		if (hv_store_add_new(st, &r, hv_milestone_validate, NULL, err) < 0)
			goto fail;
	}
	return hv_store_commit(st, err);
fail:
	hv_store_rollback(st);
	return -1;
}
