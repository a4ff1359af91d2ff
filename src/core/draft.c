/*
 * draft.c — unfinished entries kept as records of their own (see draft.h).
 *
 * The drafts of one person are few, so listing walks the kind newest
 * first and keeps those of the kind asked for.
 */
#include "draft.h"

#include <string.h>

#include "clock.h"

int hv_draft_validate(const json_t *body, struct hv_error *err)
{
	const char *of = json_string_value(json_object_get(body, "of"));
	if (!of || !hv_kind_valid(of) || strcmp(of, HV_DRAFT_KIND) == 0)
		return hv_fail(err, HV_EINVAL,
		               "a draft needs \"of\": the kind of entry it will be");
	if (!json_is_object(json_object_get(body, "body")))
		return hv_fail(err, HV_EINVAL,
		               "a draft needs \"body\": an object of what was written");
	const json_t *step = json_object_get(body, "step");
	if (step && (!json_is_string(step) || json_string_length(step) == 0 ||
	             json_string_length(step) > 32))
		return hv_fail(err, HV_EINVAL,
		               "a draft's \"step\" is the name of a step (1-32 characters)");
	const char *known[] = {"of", "body", "step", NULL};
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)body, key, v)
	{
		int ok = 0;
		for (int i = 0; known[i]; i++)
			ok |= strcmp(key, known[i]) == 0;
		if (!ok)
			return hv_fail(err, HV_EINVAL, "a draft has no field \"%s\"", key);
	}
	return 0;
}

static void fill(json_t *into, const char *of, const json_t *body, const char *step)
{
	json_object_set_new(into, "of", json_string(of));
	json_object_set_new(into, "body", json_deep_copy(body));
	if (step)
		json_object_set_new(into, "step", json_string(step));
	else
		json_object_del(into, "step");
}

int hv_draft_keep(struct hv_store *st, const char *of, const json_t *body, const char *step,
                  int64_t at_ms, const char *replace, struct hv_record *out, struct hv_error *err)
{
	struct hv_record r;
	if (replace && hv_store_get(st, replace, HV_DRAFT_KIND, &r, err) == 0) {
		json_object_clear(r.body);
		fill(r.body, of, body, step);
		if (hv_draft_validate(r.body, err) < 0 || hv_store_update(st, &r, err) < 0) {
			hv_record_release(&r);
			return -1;
		}
		return hv_record_hand(&r, out);
	}
	if (hv_record_new(&r, HV_DRAFT_KIND, err) < 0)
		return -1;
	if (at_ms) {
		r.created_ms = at_ms;
		r.created_off = hv_local_offset_min(at_ms);
	}
	fill(r.body, of, body, step);
	return hv_store_add_new(st, &r, hv_draft_validate, out, err);
}

struct of_walk {
	const char *of;
	json_t *list;
	struct hv_record *first;
	int found;
};

static int keep_of(const struct hv_record *r, void *ctx)
{
	struct of_walk *w = ctx;
	const char *of = json_string_value(json_object_get(r->body, "of"));
	if (w->of && (!of || strcmp(of, w->of) != 0))
		return 0;
	if (w->first) { /* only the newest is wanted: copy it and stop */
		*w->first = *r;
		w->first->body = json_deep_copy(r->body);
		w->found = 1;
		return 1;
	}
	json_array_append_new(w->list, hv_record_to_json(r));
	return 0;
}

json_t *hv_draft_list(struct hv_store *st, const char *of, struct hv_error *err)
{
	struct hv_query q = {.kind = HV_DRAFT_KIND, .newest_first = 1};
	struct of_walk w = {.of = of, .list = json_array()};
	if (hv_store_each(st, &q, keep_of, &w, err) < 0) {
		json_decref(w.list);
		return NULL;
	}
	return w.list;
}

int hv_draft_newest(struct hv_store *st, const char *of, struct hv_record *out,
                    struct hv_error *err)
{
	struct hv_query q = {.kind = HV_DRAFT_KIND, .newest_first = 1};
	struct of_walk w = {.of = of, .first = out};
	if (hv_store_each(st, &q, keep_of, &w, err) < 0)
		return -1;
	return w.found;
}

int hv_draft_drop(struct hv_store *st, const char *id, struct hv_error *err)
{
	return hv_store_purge(st, id, err);
}
