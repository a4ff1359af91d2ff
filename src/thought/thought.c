/*
 * thought.c — validating, saving and summarising thought records.
 *
 * The summary answers the question the guide cares about: does working
 * through a thought change how strong the feeling is?  For each thinking
 * pattern it counts the records that name it and the mean drop from the
 * first rating to the re-rating.
 */
#include "thought.h"

#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "patterns/patterns.h"

#define TEXT_MAX 20000

static const char *const text_fields[] = {
    "situation", "thought", "evidence_for", "evidence_against", "friend", "balanced", NULL};

static int is_text_field(const char *k)
{
	for (int i = 0; text_fields[i]; i++)
		if (strcmp(text_fields[i], k) == 0)
			return 1;
	return 0;
}

static int check_text(const json_t *v, const char *name, struct hv_error *err)
{
	if (!json_is_string(v) || json_string_length(v) == 0)
		return hv_fail(err, HV_EINVAL, "%s must be non-empty text", name);
	if (json_string_length(v) > TEXT_MAX)
		return hv_fail(err, HV_EINVAL, "%s is longer than %d bytes; please shorten it",
		               name, TEXT_MAX);
	return 0;
}

static int check_rating(const json_t *v, const char *what, struct hv_error *err)
{
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 100)
		return hv_fail(err, HV_EINVAL, "%s must be a whole number from 0 to 100", what);
	return 0;
}

static int check_emotions(const json_t *v, struct hv_error *err)
{
	if (!json_is_array(v) || json_array_size(v) > 32)
		return hv_fail(err, HV_EINVAL, "emotions must be a list of at most 32");
	size_t i;
	json_t *e;
	json_array_foreach(v, i, e)
	{
		const json_t *name = json_object_get(e, "name");
		if (!json_is_object(e) || !json_is_string(name) || json_string_length(name) == 0 ||
		    json_string_length(name) > 60)
			return hv_fail(err, HV_EINVAL, "emotion %zu needs a short name", i + 1);
		const char *key;
		json_t *val;
		json_object_foreach(e, key, val)
		{
			if (!strcmp(key, "name"))
				continue;
			if (strcmp(key, "before") && strcmp(key, "after"))
				return hv_fail(err, HV_EINVAL, "unknown emotion field \"%s\"", key);
			if (check_rating(val, "an emotion rating", err) < 0)
				return -1;
		}
		if (!json_object_get(e, "before") && !json_object_get(e, "after"))
			return hv_fail(err, HV_EINVAL, "emotion \"%s\" needs a rating",
			               json_string_value(name));
	}
	return 0;
}

static int check_kinds(const json_t *v, const char *name, struct hv_error *err)
{
	if (!json_is_array(v) || json_array_size(v) > 12)
		return hv_fail(err, HV_EINVAL, "%s must be a list of thinking patterns", name);
	size_t i;
	json_t *k;
	json_array_foreach(v, i, k)
	{
		if (!hv_pattern_kind_valid(json_string_value(k)))
			return hv_fail(
			    err, HV_EINVAL, "unknown thinking pattern \"%s\": choose from %s",
			    json_is_string(k) ? json_string_value(k) : "?", hv_pattern_kind_list());
	}
	return 0;
}

static int question_known(const char *id)
{
	const json_t *t = hv_content_json("thought.json", NULL);
	size_t i;
	json_t *q;
	json_array_foreach(json_object_get(t, "reality"), i, q)
	{
		if (!strcmp(json_string_value(json_object_get(q, "id")), id))
			return 1;
	}
	return !strcmp(json_string_value(json_object_get(json_object_get(t, "left"), "id")), id);
}

static int check_answers(const json_t *v, struct hv_error *err)
{
	if (!json_is_object(v))
		return hv_fail(err, HV_EINVAL, "answers must be an object of question id to text");
	const char *key;
	json_t *a;
	json_object_foreach((json_t *)v, key, a)
	{
		if (!question_known(key))
			return hv_fail(err, HV_EINVAL,
			               "unknown question \"%s\": use likely, other, survived, "
			               "need-to-know or now-or-then",
			               key);
		if (check_text(a, "an answer", err) < 0)
			return -1;
	}
	return 0;
}

int hv_thought_validate(const json_t *body, struct hv_error *err)
{
	if (!json_is_object(body))
		return hv_fail(err, HV_EINVAL, "a thought record must be a JSON object");
	if (json_object_size(body) == 0)
		return hv_fail(err, HV_EINVAL,
		               "a thought record needs at least one step, e.g. --thought TEXT");
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)body, key, v)
	{
		int rc;
		if (is_text_field(key))
			rc = check_text(v, key, err);
		else if (!strcmp(key, "emotions"))
			rc = check_emotions(v, err);
		else if (!strcmp(key, "patterns") || !strcmp(key, "proposed"))
			rc = check_kinds(v, key, err);
		else if (!strcmp(key, "answers"))
			rc = check_answers(v, err);
		else
			rc = hv_fail(err, HV_EINVAL, "unknown thought-record field \"%s\"", key);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int hv_thought_normalize(json_t *body, struct hv_error *err)
{
	if (!json_is_object(body))
		return hv_fail(err, HV_EINVAL, "a thought record must be a JSON object");
	for (int i = 0; text_fields[i]; i++)
		if (hv_body_tidy_text(body, text_fields[i], err) < 0)
			return -1;
	json_t *answers = json_object_get(body, "answers");
	if (json_is_object(answers)) {
		const char *key;
		json_t *a;
		void *tmp;
		json_object_foreach_safe(answers, tmp, key, a)
		{
			if (hv_body_tidy_text(answers, key, err) < 0)
				return -1;
		}
		if (json_object_size(answers) == 0)
			json_object_del(body, "answers");
	}
	size_t n;
	json_t *e;
	json_array_foreach(json_object_get(body, "emotions"), n, e)
	{
		if (json_is_object(e) && hv_body_tidy_text(e, "name", err) < 0)
			return hv_fail(err, HV_EINVAL,
			               "the name of emotion %zu is not valid UTF-8 text, so "
			               "nothing was saved",
			               n + 1);
	}
	const char *lists[] = {"emotions", "proposed"};
	for (int i = 0; i < 2; i++) {
		json_t *l = json_object_get(body, lists[i]);
		if (json_is_array(l) && json_array_size(l) == 0)
			json_object_del(body, lists[i]);
	}
	return 0;
}

json_t *hv_thought_propose(const char *thought)
{
	json_t *out = json_array();
	if (!thought)
		return out;
	json_t *res = hv_check(thought, strlen(thought), NULL);
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(res, "findings"), i, f)
	{
		const char *kind = json_string_value(json_object_get(f, "kind"));
		size_t k;
		json_t *seen;
		int dup = 0;
		json_array_foreach(out, k, seen) dup |= !strcmp(json_string_value(seen), kind);
		if (!dup)
			json_array_append_new(out, json_string(kind));
	}
	json_decref(res);
	return out;
}

/* True when the thought or situation is about being left. */
static int about_being_left(const json_t *body)
{
	const json_t *words = json_object_get(hv_content_json("thought.json", NULL), "left_words");
	const char *fields[] = {"thought", "situation"};
	for (int f = 0; f < 2; f++) {
		const char *s = json_string_value(json_object_get(body, fields[f]));
		struct hv_toks t;
		if (!s || hv_tokenize(s, strlen(s), &t) < 0)
			continue;
		int hit = 0;
		for (size_t i = 0; i < t.n && !hit; i++) {
			size_t k;
			json_t *w;
			json_array_foreach(words, k, w) hit |=
			    !strcmp(json_string_value(w), t.v[i].norm);
		}
		hv_toks_free(&t);
		if (hit)
			return 1;
	}
	return 0;
}

json_t *hv_thought_questions(const json_t *body)
{
	const json_t *t = hv_content_json("thought.json", NULL);
	json_t *out = json_deep_copy(json_object_get(t, "reality"));
	if (!out)
		out = json_array();
	if (about_being_left(body))
		json_array_append(out, json_object_get(t, "left"));
	return out;
}

int hv_thought_add(struct hv_store *st, const json_t *body, struct hv_record *out,
                   struct hv_error *err)
{
	struct hv_record r;
	if (hv_record_new(&r, HV_THOUGHT_KIND, err) < 0)
		return -1;
	json_object_update(r.body, (json_t *)body);
	if (hv_thought_normalize(r.body, err) < 0) {
		hv_record_release(&r);
		return -1;
	}
	return hv_store_add_new(st, &r, hv_thought_validate, out, err);
}

struct pattern_acc {
	const char *kind;
	long count, rerated;
	double drop_sum;
};

struct summary_ctx {
	json_t *records;
	struct pattern_acc acc[32];
	int n;
};

/* Mean (before - after) over the emotions rated both times; 0 if none. */
static int record_drop(const json_t *body, double *drop)
{
	size_t i;
	json_t *e;
	double sum = 0;
	int n = 0;
	json_array_foreach(json_object_get(body, "emotions"), i, e)
	{
		const json_t *b = json_object_get(e, "before"), *a = json_object_get(e, "after");
		if (json_is_integer(b) && json_is_integer(a)) {
			sum += (double)(json_integer_value(b) - json_integer_value(a));
			n++;
		}
	}
	if (n)
		*drop = sum / n;
	return n;
}

static int collect(const struct hv_record *r, void *ctx)
{
	struct summary_ctx *c = ctx;
	json_array_append_new(c->records, hv_record_to_json(r));
	double drop = 0;
	int rerated = record_drop(r->body, &drop);
	size_t i;
	json_t *k;
	json_array_foreach(json_object_get(r->body, "patterns"), i, k)
	{
		const char *kind = json_string_value(k);
		if (!hv_pattern_kind_valid(kind))
			continue;
		int j;
		for (j = 0; j < c->n && strcmp(c->acc[j].kind, kind); j++)
			;
		if (j == c->n) {
			if (c->n == 32)
				continue;
			c->acc[c->n++] = (struct pattern_acc){.kind = strdup(kind)};
		}
		c->acc[j].count++;
		if (rerated) {
			c->acc[j].rerated++;
			c->acc[j].drop_sum += drop;
		}
	}
	return 0;
}

static int cmp_acc(const void *a, const void *b)
{
	const struct pattern_acc *x = a, *y = b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->kind, y->kind);
}

json_t *hv_thought_summary(struct hv_store *st, struct hv_error *err)
{
	struct hv_query q = {.kind = HV_THOUGHT_KIND, .newest_first = 1};
	struct summary_ctx c = {.records = json_array()};
	if (hv_store_each(st, &q, collect, &c, err) < 0) {
		json_decref(c.records);
		for (int i = 0; i < c.n; i++)
			free((char *)c.acc[i].kind);
		return NULL;
	}
	if (c.n > 1)
		qsort(c.acc, (size_t)c.n, sizeof *c.acc, cmp_acc);
	json_t *patterns = json_array();
	for (int i = 0; i < c.n; i++) {
		json_t *drop =
		    c.acc[i].rerated
		        ? json_real((double)(long)(c.acc[i].drop_sum / c.acc[i].rerated * 10 +
		                                   (c.acc[i].drop_sum >= 0 ? 0.5 : -0.5)) /
		                    10)
		        : json_null();
		json_array_append_new(patterns,
		                      json_pack("{s:s,s:s,s:I,s:o}", "kind", c.acc[i].kind, "label",
		                                hv_pattern_label(c.acc[i].kind), "count",
		                                (json_int_t)c.acc[i].count, "mean_drop", drop));
		free((char *)c.acc[i].kind);
	}
	return json_pack("{s:o,s:o}", "records", c.records, "patterns", patterns);
}
