/*
 * journal.c — validating, saving and listing trigger-journal entries.
 *
 * Validation is strict and complete before anything touches the database,
 * so a bad field never leaves half an entry behind.
 */
#include "journal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/store-page.h"
#include "core/text.h"
#include "vocab.h"

static const char *const text_fields[] = {"what", "thoughts", "body", "response"};
static const char *const reflection_keys[] = {"evidence", "now-or-then", "friend", "calm-view"};

#define COUNT(a) (sizeof(a) / sizeof *(a))

static int in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return 1;
	return 0;
}

static int check_text(const json_t *v, const char *name, struct hv_error *err)
{
	if (!json_is_string(v))
		return hv_fail(err, HV_EINVAL, "%s must be text", name);
	if (json_string_length(v) > HV_TEXT_MAX)
		return hv_fail(err, HV_EINVAL, "%s is longer than %d bytes; please shorten it",
		               name, HV_TEXT_MAX);
	return 0;
}

/* A list of at most 32 short strings, each accepted by known() if given. */
static int check_list(const json_t *v, const char *name, const char *(*known)(const char *),
                      const char *choices, struct hv_error *err)
{
	if (!json_is_array(v))
		return hv_fail(err, HV_EINVAL, "%s must be a list", name);
	if (json_array_size(v) > 32)
		return hv_fail(err, HV_EINVAL, "%s has more than 32 items", name);
	size_t i;
	json_t *item;
	json_array_foreach(v, i, item)
	{
		if (!json_is_string(item) || json_string_length(item) == 0 ||
		    json_string_length(item) > 200)
			return hv_fail(err, HV_EINVAL,
			               "%s must hold short words, item %zu does not", name, i + 1);
		if (known && !known(json_string_value(item)))
			return hv_fail(err, HV_EINVAL, "unknown %s \"%s\": choose from %s",
			               strcmp(name, "triggers") == 0 ? "trigger kind" : "response",
			               json_string_value(item), choices);
	}
	return 0;
}

static int check_int(const json_t *v, const char *name, json_int_t lo, json_int_t hi,
                     struct hv_error *err)
{
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
		return hv_fail(err, HV_EINVAL, "%s must be a whole number from %lld to %lld", name,
		               (long long)lo, (long long)hi);
	return 0;
}

static int check_reflection(const json_t *v, struct hv_error *err)
{
	if (!json_is_object(v))
		return hv_fail(err, HV_EINVAL, "reflection must be an object of answers");
	const char *key;
	json_t *ans;
	json_object_foreach((json_t *)v, key, ans)
	{
		if (!in_list(key, reflection_keys, COUNT(reflection_keys)))
			return hv_fail(err, HV_EINVAL,
			               "unknown reflection question \"%s\": expected evidence, "
			               "now-or-then, friend or calm-view",
			               key);
		if (check_text(ans, "a reflection answer", err) < 0)
			return -1;
	}
	return 0;
}

static int check_field(const char *key, const json_t *v, struct hv_error *err)
{
	if (in_list(key, text_fields, COUNT(text_fields)))
		return check_text(v, key, err);
	if (strcmp(key, "emotions") == 0)
		return check_list(v, key, NULL, NULL, err);
	if (strcmp(key, "triggers") == 0)
		return check_list(v, key, hv_trigger_kind_label, hv_trigger_kind_list(), err);
	if (strcmp(key, "responses") == 0)
		return check_list(v, key, hv_response_type, hv_response_list(), err);
	if (strcmp(key, "intensity") == 0)
		return check_int(v, "intensity", 1, 10, err);
	if (strcmp(key, "recovered_minutes") == 0)
		return check_int(v, "recovered minutes", 0, 60 * 24 * 30, err);
	if (strcmp(key, "response_type") == 0) {
		const char *t = json_string_value(v);
		if (!t || (strcmp(t, "protest") && strcmp(t, "soothing")))
			return hv_fail(err, HV_EINVAL,
			               "response_type must be \"protest\" or \"soothing\"");
		return 0;
	}
	if (strcmp(key, "reflection") == 0)
		return check_reflection(v, err);
	return hv_fail(err, HV_EINVAL, "unknown journal field \"%s\"", key);
}

int hv_trigger_validate(const json_t *body, struct hv_error *err)
{
	if (!json_is_object(body))
		return hv_fail(err, HV_EINVAL, "a journal entry must be a JSON object");
	if (!json_object_get(body, "intensity"))
		return hv_fail(err, HV_EINVAL,
		               "intensity is required: a whole number from 1 to 10");
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)body, key, v)
	{
		if (check_field(key, v, err) < 0)
			return -1;
	}
	return 0;
}

static int tidy_emotions(json_t *body, struct hv_error *err)
{
	json_t *list = json_object_get(body, "emotions");
	if (!json_is_array(list))
		return 0;
	json_t *out = json_array();
	size_t i;
	json_t *item;
	json_array_foreach(list, i, item)
	{
		if (!json_is_string(item))
			continue;
		const char *id = hv_emotion_id(json_string_value(item));
		char *own = id ? NULL : hv_text_clean(json_string_value(item));
		if (!id && !own) {
			json_decref(out);
			return hv_fail(err, HV_EINVAL, "emotion %zu is not valid UTF-8 text",
			               i + 1);
		}
		if (id || *own)
			json_array_append_new(out, json_string(id ? id : own));
		free(own);
	}
	json_object_set_new(body, "emotions", out);
	return 0;
}

int hv_trigger_normalize(json_t *body, struct hv_error *err)
{
	if (!json_is_object(body))
		return hv_fail(err, HV_EINVAL, "a journal entry must be a JSON object");
	for (size_t i = 0; i < COUNT(text_fields); i++)
		if (hv_body_tidy_text(body, text_fields[i], err) < 0)
			return -1;
	json_t *refl = json_object_get(body, "reflection");
	if (json_is_object(refl)) {
		for (size_t i = 0; i < COUNT(reflection_keys); i++)
			if (hv_body_tidy_text(refl, reflection_keys[i], err) < 0)
				return -1;
		if (json_object_size(refl) == 0)
			json_object_del(body, "reflection");
	}
	if (tidy_emotions(body, err) < 0)
		return -1;
	const char *lists[] = {"emotions", "triggers", "responses"};
	for (size_t i = 0; i < COUNT(lists); i++) {
		json_t *l = json_object_get(body, lists[i]);
		if (json_is_array(l) && json_array_size(l) == 0)
			json_object_del(body, lists[i]);
	}
	return 0;
}

/* A moment that has not happened yet cannot be journalled. */
static int check_not_future(int64_t at_ms, struct hv_error *err)
{
	if (at_ms > hv_now_ms() + 60000)
		return hv_fail(err, HV_EINVAL, "the time is in the future; give when it happened");
	return 0;
}

int hv_journal_add(struct hv_store *st, const json_t *body, int64_t at_ms, struct hv_record *out,
                   struct hv_error *err)
{
	if (check_not_future(at_ms, err) < 0)
		return -1;
	struct hv_record r;
	if (hv_record_new(&r, HV_TRIGGER_KIND, err) < 0)
		return -1;
	json_object_update(r.body, (json_t *)body);
	if (hv_trigger_normalize(r.body, err) < 0) {
		hv_record_release(&r);
		return -1;
	}
	if (at_ms) {
		r.created_ms = at_ms;
		r.created_off = hv_local_offset_min(at_ms);
	}
	return hv_store_add_new(st, &r, hv_trigger_validate, out, err);
}

int hv_journal_edit(struct hv_store *st, const char *id, const json_t *changes, int64_t at_ms,
                    struct hv_record *out, struct hv_error *err)
{
	struct hv_record r;
	if (check_not_future(at_ms, err) < 0 || hv_store_get(st, id, HV_TRIGGER_KIND, &r, err) < 0)
		return -1;
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)changes, key, v)
	{
		if (json_is_null(v))
			json_object_del(r.body, key);
		else
			json_object_set(r.body, key, v);
	}
	if (hv_trigger_normalize(r.body, err) < 0 || hv_trigger_validate(r.body, err) < 0)
		goto fail;
	if (at_ms) {
		r.created_ms = at_ms;
		r.created_off = hv_local_offset_min(at_ms);
	}
	if (hv_store_update(st, &r, err) < 0)
		goto fail;
	return hv_record_hand(&r, out);
fail:
	hv_record_release(&r);
	return -1;
}

int hv_journal_set_deleted(struct hv_store *st, const char *id, int deleted, struct hv_record *out,
                           struct hv_error *err)
{
	struct hv_record r;
	if (hv_store_get(st, id, HV_TRIGGER_KIND, &r, err) < 0)
		return -1;
	if (r.deleted != deleted && hv_store_set_deleted(st, &r, deleted, err) < 0) {
		hv_record_release(&r);
		return -1;
	}
	return hv_record_hand(&r, out);
}

int hv_journal_purge(struct hv_store *st, const char *id, struct hv_error *err)
{
	struct hv_record r;
	if (hv_store_get(st, id, HV_TRIGGER_KIND, &r, err) < 0)
		return -1;
	int rc = hv_store_purge(st, r.id, err);
	hv_record_release(&r);
	return rc;
}

struct list_ctx {
	const struct hv_journal_filter *f;
	json_t *out;
	int64_t n;
};

static int has_trigger(const json_t *body, const char *slug)
{
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(body, "triggers"), i, t)
	{
		if (json_is_string(t) && strcmp(json_string_value(t), slug) == 0)
			return 1;
	}
	return 0;
}

static int collect(const struct hv_record *r, void *ctx)
{
	struct list_ctx *c = ctx;
	if (c->f->trigger && !has_trigger(r->body, c->f->trigger))
		return 0;
	json_array_append_new(c->out, hv_record_to_json(r));
	return c->f->limit > 0 && ++c->n >= c->f->limit;
}

json_t *hv_journal_list(struct hv_store *st, const struct hv_journal_filter *f,
                        struct hv_error *err)
{
	if (f->trigger && !hv_trigger_kind_label(f->trigger)) {
		hv_fail(err, HV_EINVAL, "unknown trigger kind \"%s\": choose from %s", f->trigger,
		        hv_trigger_kind_list());
		return NULL;
	}
	struct hv_query q = {.kind = HV_TRIGGER_KIND,
	                     .since_ms = f->since_ms,
	                     .until_ms = f->until_ms,
	                     .include_deleted = f->include_deleted,
	                     .newest_first = 1};
	struct list_ctx c = {.f = f, .out = json_array()};
	if (hv_store_each(st, &q, collect, &c, err) < 0) {
		json_decref(c.out);
		return NULL;
	}
	return c.out;
}

/* ---- a page of the list, written as it is stored --------------------------- */

struct page_ctx {
	char *buf;
	size_t len, cap;
	int64_t n, limit;
	int failed, more;
	struct hv_page_key last;
};

static void put(struct page_ctx *c, const char *s, size_t n)
{
	if (c->failed)
		return;
	if (c->len + n + 1 > c->cap) {
		size_t cap = c->cap ? c->cap : 16384;
		while (cap < c->len + n + 1)
			cap *= 2;
		char *b = realloc(c->buf, cap);
		if (!b) {
			c->failed = 1;
			return;
		}
		c->buf = b;
		c->cap = cap;
	}
	memcpy(c->buf + c->len, s, n);
	c->len += n;
	c->buf[c->len] = '\0';
}

/* One record in hv_record_to_json's shape and key order.  The id and kind
 * were checked by the walk (a UUID, a kind name), and times are digits and
 * signs: nothing here needs escaping. */
static int put_record(const struct hv_raw_record *r, void *ctx)
{
	struct page_ctx *c = ctx;
	if (c->n == c->limit) { /* one more than asked: there is a next page */
		c->more = 1;
		return 1;
	}
	char created[HV_RFC3339_MAX], updated[HV_RFC3339_MAX], head[256];
	hv_format_rfc3339(r->created_ms, r->created_off, created);
	hv_format_rfc3339(r->updated_ms, r->updated_off, updated);
	int n = snprintf(head, sizeof head,
	                 "%s{\"id\":\"%s\",\"kind\":\"%s\",\"created\":\"%s\",\"updated\":\"%s\","
	                 "\"version\":%lld,\"deleted\":%s,\"body\":",
	                 c->n ? "," : "", r->id, r->kind, created, updated, (long long)r->version,
	                 r->deleted ? "true" : "false");
	put(c, head, (size_t)n);
	put(c, r->body, r->body_len);
	put(c, "}", 1);
	c->last.created_ms = r->created_ms;
	snprintf(c->last.id, sizeof c->last.id, "%s", r->id);
	c->n++;
	return c->failed;
}

int hv_journal_page(struct hv_store *st, const struct hv_journal_filter *f,
                    const struct hv_page_key *before, struct hv_journal_page *out,
                    struct hv_error *err)
{
	memset(out, 0, sizeof *out);
	if (f->limit < 1 || f->limit > HV_JOURNAL_PAGE_MAX)
		return hv_fail(err, HV_EINVAL, "a page holds from 1 to %d entries",
		               HV_JOURNAL_PAGE_MAX);
	if (f->trigger && !hv_trigger_kind_label(f->trigger))
		return hv_fail(err, HV_EINVAL, "unknown trigger kind \"%s\": choose from %s",
		               f->trigger, hv_trigger_kind_list());
	struct hv_page_query q = {.kind = HV_TRIGGER_KIND,
	                          .since_ms = f->since_ms,
	                          .until_ms = f->until_ms,
	                          .include_deleted = f->include_deleted,
	                          .has_path = f->trigger ? "$.triggers" : NULL,
	                          .has_value = f->trigger,
	                          .before = before,
	                          .limit = f->limit + 1};
	struct page_ctx c = {.limit = f->limit};
	put(&c, "[", 1);
	int rc = hv_store_each_raw(st, &q, put_record, &c, err);
	put(&c, "]", 1);
	if (rc == 0 && c.failed)
		rc = hv_fail(err, HV_ENOMEM, "out of memory");
	if (rc < 0) {
		free(c.buf);
		return -1;
	}
	out->json = c.buf;
	out->len = c.len;
	out->more = c.more;
	out->next = c.last;
	return 0;
}
