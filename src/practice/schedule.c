/*
 * schedule.c — turning a practice script from data/practices.json into a
 * schedule of phases with absolute start times.
 *
 * Everything is whole milliseconds: one count lasts round(pace × 1000) ms,
 * a phase lasts counts × that, and each start is the sum of the durations
 * before it.  So the total is exact (N rounds of 4-7-8 at pace 1 are
 * N × 19 000 ms) and a runner that waits for absolute start times against a
 * monotonic clock cannot drift.
 */
#include "practice.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/content.h"

#define DATA "practices.json"

static const json_t *techniques(void)
{
	return json_object_get(hv_content_json(DATA, NULL), "techniques");
}

static const json_t *technique(const char *id)
{
	return id ? json_object_get(techniques(), id) : NULL;
}

int hv_practice_known(const char *id)
{
	return technique(id) != NULL;
}

const char *hv_practice_label(const char *id)
{
	return json_string_value(json_object_get(technique(id), "label"));
}

const char *hv_practice_list(void)
{
	static char buf[512];
	return buf[0] ? buf : hv_json_keys_join(techniques(), buf, sizeof buf);
}

void hv_schedule_free(struct hv_schedule *s)
{
	free(s->phases);
	s->phases = NULL;
	s->n = 0;
}

static int bar_of(const json_t *p)
{
	const char *b = json_string_value(json_object_get(p, "bar"));
	if (!b || strcmp(b, "progress") == 0)
		return HV_BAR_PROGRESS;
	if (strcmp(b, "grow") == 0)
		return HV_BAR_GROW;
	if (strcmp(b, "shrink") == 0)
		return HV_BAR_SHRINK;
	if (strcmp(b, "hold") == 0)
		return HV_BAR_HOLD;
	return -1;
}

/* A positive whole number at key, or -1. */
static int positive(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);
	if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 100000)
		return -1;
	return (int)json_integer_value(v);
}

static int add_phase(struct hv_schedule *s, size_t cap, const struct hv_phase *p)
{
	if (s->n >= cap)
		return -1;
	s->phases[s->n] = *p;
	s->phases[s->n].start_ms = s->total_ms;
	s->total_ms += p->duration_ms;
	s->n++;
	return 0;
}

static int corrupt(struct hv_error *err, const char *id, const char *what)
{
	return hv_fail(err, HV_ECORRUPT, "data/%s: the script for \"%s\" %s (a build defect)", DATA,
	               id, what);
}

static int check_opts(const char *id, const struct hv_practice_opts *o, int breathing, int spread,
                      struct hv_error *err)
{
	if (o->pace != 0 && !(o->pace >= HV_PACE_MIN && o->pace <= HV_PACE_MAX))
		return hv_fail(err, HV_EINVAL,
		               "pace must be from %g to %g seconds per count, not %g", HV_PACE_MIN,
		               HV_PACE_MAX, o->pace);
	if (o->rounds < 0 || o->rounds > HV_ROUNDS_MAX)
		return hv_fail(err, HV_EINVAL, "rounds must be a whole number from 1 to %d",
		               HV_ROUNDS_MAX);
	if (o->minutes != 0 && !(o->minutes > 0 && o->minutes <= HV_MINUTES_MAX))
		return hv_fail(err, HV_EINVAL, "minutes must be more than 0 and at most %g, not %g",
		               HV_MINUTES_MAX, o->minutes);
	if (o->rounds && !breathing)
		return hv_fail(err, HV_EINVAL, "rounds apply to breathing only, not to %s", id);
	if (o->minutes && !breathing && !spread)
		return hv_fail(err, HV_EINVAL,
		               "minutes apply to breathing and the pause only, not to %s", id);
	if (o->rounds && o->minutes)
		return hv_fail(err, HV_EINVAL, "give rounds or minutes, not both");
	return 0;
}

static int breathing_schedule(const char *id, const json_t *t, const struct hv_practice_opts *o,
                              struct hv_schedule *s, struct hv_error *err)
{
	const json_t *phases = json_object_get(t, "phases");
	size_t np = json_array_size(phases);
	int64_t round_ms = 0;
	for (size_t i = 0; i < np; i++) {
		int c = positive(json_array_get(phases, i), "counts");
		if (c < 0 ||
		    !json_string_value(json_object_get(json_array_get(phases, i), "name")) ||
		    bar_of(json_array_get(phases, i)) < 0)
			return corrupt(err, id, "has a phase without a name, counts or bar");
		round_ms += c * s->count_ms;
	}
	int rounds = positive(t, "rounds");
	if (np == 0 || rounds < 0)
		return corrupt(err, id, "needs phases and a default number of rounds");
	if (o->rounds) {
		rounds = o->rounds;
	} else if (o->minutes) {
		double r = round(o->minutes * 60000.0 / (double)round_ms);
		if (r > HV_ROUNDS_MAX)
			return hv_fail(
			    err, HV_EINVAL,
			    "%g minutes would be more than %d rounds; choose fewer minutes",
			    o->minutes, HV_ROUNDS_MAX);
		rounds = r < 1 ? 1 : (int)r;
	}
	size_t cap = np * (size_t)rounds;
	if (!(s->phases = calloc(cap, sizeof *s->phases)))
		return hv_fail(err, HV_ENOMEM, "out of memory");
	s->rounds = rounds;
	for (int r = 1; r <= rounds; r++) {
		for (size_t i = 0; i < np; i++) {
			const json_t *p = json_array_get(phases, i);
			const char *cue = json_string_value(json_object_get(p, "cue"));
			struct hv_phase ph = {
			    .name = json_string_value(json_object_get(p, "name")),
			    .cue = cue ? cue : "",
			    .counts = positive(p, "counts"),
			    .round = r,
			    .bar = (enum hv_bar)bar_of(p),
			};
			ph.duration_ms = ph.counts * s->count_ms;
			add_phase(s, cap, &ph);
		}
	}
	return 0;
}

/* The cue for a phase of a step: the step's text under the phase's name, else its cue. */
static const char *step_cue(const json_t *step, const char *phase_name)
{
	const char *c = phase_name ? json_string_value(json_object_get(step, phase_name)) : NULL;
	if (!c)
		c = json_string_value(json_object_get(step, "cue"));
	return c ? c : "";
}

static int steps_schedule(const char *id, const json_t *t, struct hv_schedule *s,
                          struct hv_error *err)
{
	const json_t *pattern = json_object_get(t, "pattern"), *steps = json_object_get(t, "steps");
	size_t np = json_array_size(pattern), ns = json_array_size(steps), cap = 0;
	for (size_t i = 0; i < np; i++) {
		const json_t *p = json_array_get(pattern, i);
		if (positive(p, "counts") < 0 || bar_of(p) < 0)
			return corrupt(err, id, "has a pattern phase without counts or bar");
	}
	for (size_t i = 0; i < ns; i++) {
		const json_t *st = json_array_get(steps, i);
		int rep = json_object_get(st, "repeat") ? positive(st, "repeat") : 1;
		if (rep < 0 || !json_string_value(json_object_get(st, "id")))
			return corrupt(err, id, "has a step without an id or with a bad repeat");
		cap += (size_t)rep * np;
	}
	if (np == 0 || ns == 0)
		return corrupt(err, id, "needs a pattern and steps");
	if (!(s->phases = calloc(cap, sizeof *s->phases)))
		return hv_fail(err, HV_ENOMEM, "out of memory");
	for (size_t i = 0; i < ns; i++) {
		const json_t *st = json_array_get(steps, i);
		int rep = json_object_get(st, "repeat") ? positive(st, "repeat") : 1;
		for (int k = 1; k <= rep; k++) {
			for (size_t j = 0; j < np; j++) {
				const json_t *p = json_array_get(pattern, j);
				const char *pname = json_string_value(json_object_get(p, "name"));
				const char *sid = json_string_value(json_object_get(st, "id"));
				struct hv_phase ph = {
				    .name = pname ? pname : sid,
				    .step = sid,
				    .title = json_string_value(json_object_get(st, "title")),
				    .cue = step_cue(st, pname),
				    .counts = positive(p, "counts"),
				    .round = (int)i + 1,
				    .item = rep > 1 ? k : 0,
				    .items = rep > 1 ? rep : 0,
				    .bar = (enum hv_bar)bar_of(p),
				};
				ph.duration_ms = ph.counts * s->count_ms;
				add_phase(s, cap, &ph);
			}
		}
	}
	return 0;
}

/* The pause: its steps share the whole time by weight; the last takes the remainder. */
static int spread_schedule(const char *id, const json_t *t, const struct hv_practice_opts *o,
                           struct hv_schedule *s, double pace, struct hv_error *err)
{
	const json_t *steps = json_object_get(t, "spread");
	size_t ns = json_array_size(steps);
	int64_t wsum = 0;
	for (size_t i = 0; i < ns; i++) {
		const json_t *st = json_array_get(steps, i);
		int w = positive(st, "weight");
		if (w < 0 || !json_string_value(json_object_get(st, "id")))
			return corrupt(err, id, "has a step without an id or weight");
		wsum += w;
	}
	const json_t *dm = json_object_get(t, "minutes");
	if (ns == 0 || !json_is_number(dm) || json_number_value(dm) <= 0)
		return corrupt(err, id, "needs steps and a default number of minutes");
	double minutes = o->minutes ? o->minutes : json_number_value(dm);
	int64_t total = llround(minutes * 60000.0 * pace);
	if (!(s->phases = calloc(ns, sizeof *s->phases)))
		return hv_fail(err, HV_ENOMEM, "out of memory");
	int64_t given = 0, wbefore = 0;
	for (size_t i = 0; i < ns; i++) {
		const json_t *st = json_array_get(steps, i);
		wbefore += positive(st, "weight");
		/* Each boundary at its exact share of the whole; no rounding piles up. */
		int64_t end = i + 1 == ns ? total : total * wbefore / wsum;
		const char *sid = json_string_value(json_object_get(st, "id"));
		struct hv_phase ph = {
		    .name = sid,
		    .step = sid,
		    .cue = step_cue(st, NULL),
		    .round = (int)i + 1,
		    .duration_ms = end - given,
		    .bar = HV_BAR_PROGRESS,
		};
		given = end;
		add_phase(s, ns, &ph);
	}
	s->spread = 1;
	return 0;
}

int hv_practice_schedule(const char *id, const struct hv_practice_opts *opts,
                         struct hv_schedule *out, struct hv_error *err)
{
	static const struct hv_practice_opts none = {0};
	const struct hv_practice_opts *o = opts ? opts : &none;
	memset(out, 0, sizeof *out);
	if (!hv_content_json(DATA, err))
		return -1;
	const json_t *t = technique(id);
	if (!t)
		return hv_fail(err, HV_EINVAL, "unknown practice \"%s\": choose from %s",
		               id ? id : "", hv_practice_list());
	int breathing = json_object_get(t, "phases") != NULL;
	int spread = json_object_get(t, "spread") != NULL;
	if (check_opts(id, o, breathing, spread, err) < 0)
		return -1;
	double pace = o->pace ? o->pace : 1.0;
	out->technique = json_object_iter_key(json_object_iter_at((json_t *)techniques(), id));
	out->label = hv_practice_label(id);
	out->count_ms = llround(pace * 1000.0);
	if (out->count_ms < 1)
		out->count_ms = 1;
	int rc = breathing ? breathing_schedule(id, t, o, out, err)
	         : spread  ? spread_schedule(id, t, o, out, pace, err)
	                   : steps_schedule(id, t, out, err);
	if (rc < 0)
		hv_schedule_free(out);
	return rc;
}

json_t *hv_seconds_json(int64_t ms)
{
	if (ms % 1000 == 0)
		return json_integer(ms / 1000);
	return json_real((double)ms / 1000.0);
}

json_t *hv_schedule_to_json(const struct hv_schedule *s)
{
	json_t *phases = json_array();
	for (size_t i = 0; i < s->n; i++) {
		const struct hv_phase *p = &s->phases[i];
		json_t *o = json_pack("{s:s,s:o,s:o}", "name", p->name, "start",
		                      hv_seconds_json(p->start_ms), "duration",
		                      hv_seconds_json(p->duration_ms));
		if (p->step && strcmp(p->step, p->name) != 0)
			json_object_set_new(o, "step", json_string(p->step));
		json_array_append_new(phases, o);
	}
	return json_pack("{s:o}", "phases", phases);
}
