/*
 * moment.c — reading the moment haven is opened in (see moment.h).
 *
 * Two small walks: the newest journal entry (the store hands it over
 * first), and the held messages, which are few.  Nothing is written.
 */
#include "moment.h"

#include <string.h>

#include "coach/coach.h"
#include "core/clock.h"
#include "core/content.h"
#include "journal/journal.h"

/* data/home.json "moment": how strong and how recent an entry must be. */
static int64_t setting(const char *name, int64_t fallback)
{
	const json_t *v =
	    json_object_get(json_object_get(hv_content_json("home.json", NULL), "moment"), name);
	return json_is_integer(v) ? (int64_t)json_integer_value(v) : fallback;
}

/* The strongest entry of the last minutes (the newest of equals). */
static int strongest_entry(struct hv_store *st, int64_t now, int64_t within, struct hv_moment *m,
                           struct hv_error *err)
{
	struct hv_journal_filter f = {.since_ms = now - within, .until_ms = now + 1};
	json_t *list = hv_journal_list(st, &f, err);
	if (!list)
		return -1;
	size_t i;
	json_t *rec;
	json_array_foreach(list, i, rec)
	{ /* newest first */
		int64_t ms;
		int off;
		int level = (int)json_integer_value(
		    json_object_get(json_object_get(rec, "body"), "intensity"));
		if (level > m->intensity &&
		    hv_parse_rfc3339(json_string_value(json_object_get(rec, "created")), &ms,
		                     &off) == 0) {
			m->intensity = level;
			m->entry_ms = ms;
		}
	}
	json_decref(list);
	return 0;
}

struct held_walk {
	struct hv_moment *m;
	int64_t now;
};

static int count_held(const struct hv_record *r, void *ctx)
{
	struct held_walk *w = ctx;
	int64_t until;
	if (!hv_held_until(r, &until))
		return 0;
	if (until <= w->now) {
		w->m->held_ready++;
	} else {
		w->m->held_waiting++;
		if (!w->m->next_due_ms || until < w->m->next_due_ms)
			w->m->next_due_ms = until;
	}
	return 0;
}

int hv_moment_read(struct hv_store *st, int64_t now, struct hv_moment *m, struct hv_error *err)
{
	memset(m, 0, sizeof *m);
	int64_t within = setting("stirred_within_minutes", 180) * 60000;
	if (strongest_entry(st, now, within, m, err) < 0)
		return -1;
	struct hv_query q = {.kind = HV_HELD_KIND};
	struct held_walk w = {m, now};
	if (hv_store_each(st, &q, count_held, &w, err) < 0)
		return -1;
	m->stirred = m->entry_ms && m->intensity >= setting("stirred_at_least", 7);
	m->mood = m->stirred || m->held_waiting ? "stirred" : m->held_ready ? "held" : "quiet";
	return 0;
}

static json_t *time_or_null(int64_t ms)
{
	char buf[HV_RFC3339_MAX];
	if (!ms)
		return json_null();
	hv_format_rfc3339(ms, 0, buf);
	return json_string(buf);
}

json_t *hv_moment_json(const struct hv_moment *m)
{
	return json_pack("{s:s,s:i,s:o,s:b,s:i,s:i,s:o}", "mood", m->mood, "intensity",
	                 m->intensity, "entry", time_or_null(m->entry_ms), "stirred", m->stirred,
	                 "held_ready", m->held_ready, "held_waiting", m->held_waiting, "next_due",
	                 time_or_null(m->next_due_ms));
}
