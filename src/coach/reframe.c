/*
 * reframe.c — kinder reframes of harsh thoughts (self-compassion), and the
 * person's own, kept as records of kind "reframe".
 *
 * A harsh thought is matched against the pairs in data/reframes.json (and
 * the person's saved ones) by the folded words they share, so "I’m SO
 * needy" finds the pair about being needy, and by what the thought does:
 * a pair names the thinking patterns it answers, and `haven check`'s
 * findings in the thought count for it.  A pair that fits only by a common
 * word is not enough: when no pair fits, "fit" is false, the general
 * prompts are offered and the person is asked for their own words.
 */
#include "coach.h"

#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "core/grow.h"
#include "core/text.h"
#include "patterns/patterns.h"

#define PART_MAX 2000

static int check_part(const json_t *v, const char *name, struct hv_error *err)
{
	if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > PART_MAX)
		return hv_fail(err, HV_EINVAL, "%s must be text of at most %d bytes", name,
		               PART_MAX);
	return 0;
}

int hv_reframe_validate(const json_t *body, struct hv_error *err)
{
	if (!json_is_object(body) || json_object_size(body) != 2)
		return hv_fail(err, HV_EINVAL, "a reframe is {harsh, kind}");
	if (check_part(json_object_get(body, "harsh"), "harsh", err) < 0 ||
	    check_part(json_object_get(body, "kind"), "kind", err) < 0)
		return -1;
	return 0;
}

/* Words too common to say two thoughts are about the same thing. */
static int common_word(const char *w)
{
	static const char *const stop[] = {"i",    "am",   "a",    "an", "the",  "is",   "are",
	                                   "so",   "to",   "my",   "me", "and",  "it",   "of",
	                                   "too",  "be",   "not",  "do", "that", "this", "in",
	                                   "just", "will", "have", NULL};
	for (int i = 0; stop[i]; i++)
		if (!strcmp(stop[i], w))
			return 1;
	return strlen(w) < 3 && strcmp(w, "no");
}

/* How many distinct words of list appear in toks. */
static int shared_words(const struct hv_toks *toks, const json_t *list)
{
	int n = 0;
	size_t i;
	json_t *w;
	json_array_foreach(list, i, w)
	{
		for (size_t t = 0; t < toks->n; t++)
			if (!strcmp(toks->v[t].norm, json_string_value(w))) {
				n++;
				break;
			}
	}
	return n;
}

/* The content words of a text as a JSON list, for comparing saved ones. */
static json_t *content_words(const char *text)
{
	json_t *out = json_array();
	struct hv_toks t;
	if (hv_tokenize(text, strlen(text), &t) < 0)
		return out;
	for (size_t i = 0; i < t.n; i++)
		if (!common_word(t.v[i].norm))
			json_array_append_new(out, json_string(t.v[i].norm));
	hv_toks_free(&t);
	return out;
}

/* 1 when check found one of the patterns a pair answers. */
static int pattern_named(const json_t *findings, const json_t *patterns)
{
	size_t i, k;
	json_t *f, *want;
	json_array_foreach(findings, i, f)
	{
		json_array_foreach(patterns, k, want)
		{
			if (json_equal(json_object_get(f, "kind"), want))
				return 1;
		}
	}
	return 0;
}

struct scored {
	int score;
	json_t *item;
};

struct own_ctx {
	const struct hv_toks *toks;
	struct scored *s;
	size_t n, cap;
};

static int add_scored(struct own_ctx *c, int score, json_t *item)
{
	if (HV_GROW(c->s, c->cap, c->n + 1, 16) < 0) {
		json_decref(item);
		return 1;
	}
	c->s[c->n++] = (struct scored){score, item};
	return 0;
}

static int visit_own(const struct hv_record *r, void *ctx)
{
	struct own_ctx *c = ctx;
	json_t *words = content_words(json_string_value(json_object_get(r->body, "harsh")));
	int score = shared_words(c->toks, words);
	json_decref(words);
	if (score == 0)
		return 0;
	/* the person's own words rank above haven's at the same score */
	return add_scored(c, score * 5 + 1, /* above haven's pairs with as many words */
	                  json_pack("{s:s,s:s,s:s}", "kind",
	                            json_string_value(json_object_get(r->body, "kind")), "harsh",
	                            json_string_value(json_object_get(r->body, "harsh")), "source",
	                            "yours"));
}

static int cmp_scored(const void *a, const void *b)
{
	const struct scored *x = a, *y = b;
	return y->score - x->score;
}

json_t *hv_kind_reframes(struct hv_store *st, const char *harsh, struct hv_error *err)
{
	if (!harsh || !*harsh || strlen(harsh) > PART_MAX || !hv_text_valid(harsh, strlen(harsh))) {
		hv_fail(err, HV_EINVAL, "give the harsh thought as text (at most %d bytes)",
		        PART_MAX);
		return NULL;
	}
	struct hv_toks toks;
	if (hv_tokenize(harsh, strlen(harsh), &toks) < 0) {
		hv_fail(err, HV_ENOMEM, "out of memory");
		return NULL;
	}
	struct own_ctx c = {.toks = &toks};
	const json_t *data = hv_content_json("reframes.json", NULL);
	struct hv_error cerr;
	json_t *checked = hv_check(harsh, strlen(harsh), &cerr);
	const json_t *found = json_object_get(checked, "findings");
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(data, "pairs"), i, p)
	{
		int score = shared_words(&toks, json_object_get(p, "words"));
		int named = pattern_named(found, json_object_get(p, "patterns"));
		/* a pair fits by the words it shares; naming the pattern the
		 * thought shows puts it first (a pattern alone is too broad:
		 * "pathetic" and "stupid" are both labels, not the same thought) */
		if (score > 0)
			score = score * 2 + named * 3;
		if (score > 0)
			add_scored(&c, score,
			           json_pack("{s:s,s:s,s:s}", "kind",
			                     json_string_value(json_object_get(p, "kind")), "harsh",
			                     json_string_value(json_object_get(p, "harsh")),
			                     "source", "haven"));
	}
	json_decref(checked);
	struct hv_query q = {.kind = HV_REFRAME_KIND};
	int rc = st ? hv_store_each(st, &q, visit_own, &c, err) : 0;
	hv_toks_free(&toks);
	json_t *list = json_array();
	if (c.n > 1)
		qsort(c.s, c.n, sizeof *c.s, cmp_scored);
	for (size_t k = 0; k < c.n; k++) {
		if (k < 3 && rc == 0)
			json_array_append(list, c.s[k].item);
		json_decref(c.s[k].item);
	}
	free(c.s);
	if (rc < 0) {
		json_decref(list);
		return NULL;
	}
	int fit = json_array_size(list) > 0;
	if (!fit)
		json_array_foreach(json_object_get(data, "general"), i, p)
		{
			json_array_append_new(
			    list, json_pack("{s:s,s:s}", "kind",
			                    json_string_value(json_object_get(p, "kind")), "source",
			                    "haven"));
		}
	return json_pack("{s:s,s:o,s:b}", "harsh", harsh, "reframes", list, "fit", fit);
}

int hv_reframe_save(struct hv_store *st, const char *harsh, const char *kind, struct hv_record *out,
                    struct hv_error *err)
{
	char *h = hv_text_clean(harsh ? harsh : ""), *k = hv_text_clean(kind ? kind : "");
	struct hv_record r;
	int rc = -1;
	if (!h || !k) {
		hv_fail(err, HV_EINVAL, "the reframe is not valid UTF-8 text");
		goto out;
	}
	if (hv_record_new(&r, HV_REFRAME_KIND, err) < 0)
		goto out;
	json_object_set_new(r.body, "harsh", json_string(h));
	json_object_set_new(r.body, "kind", json_string(k));
	if (hv_store_add_new(st, &r, hv_reframe_validate, out, err) < 0)
		goto out;
	rc = 0;
out:
	free(h);
	free(k);
	return rc;
}
