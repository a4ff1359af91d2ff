/*
 * contacts.c — the "chat" record of each imported contact, and forgetting.
 *
 * The messages themselves live in chat's own tables (chatlog.h: a large
 * export is over a million of them).  What a person would want to carry to
 * another machine in an export is this record per contact: whose chat it
 * is, where it came from, which sender was them, how many messages and over
 * which days.  Body:
 *   {"contact": "Sam", "source": "whatsapp" | "telegram" | "meta" | "imessage",
 *    "me": "Alex",
 *    "messages": 1234, "first": "2024-01-05", "last": "2024-06-30",
 *    "imports": 2, "text_kept": false}
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "chat.h"
#include "chatlog.h"
#include "core/clock.h"
#include "core/text.h"

char *hv_chat_key_of(const char *name)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)name, 0, &out,
	                                  UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
	                                      UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
	if (n < 0)
		return NULL;
	char *s = (char *)out;
	size_t start = 0, len = (size_t)n;
	while (start < len && s[start] == ' ')
		start++;
	while (len > start && s[len - 1] == ' ')
		len--;
	memmove(s, s + start, len - start);
	s[len - start] = '\0';
	return s;
}

static int is_date(const char *s)
{
	int y, m, d;
	char tail;
	return s && strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 &&
	       m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

int hv_chat_validate(const json_t *body, struct hv_error *err)
{
	if (!json_is_object(body))
		return hv_fail(err, HV_EINVAL, "a chat entry must be a JSON object");
	const char *key;
	json_t *v;
	const char *contact = json_string_value(json_object_get(body, "contact"));
	if (!contact || !*contact || strlen(contact) > 256 ||
	    !hv_text_valid(contact, strlen(contact)))
		return hv_fail(err, HV_EINVAL,
		               "a chat entry needs contact: a name of 1 to 256 bytes");
	json_object_foreach((json_t *)body, key, v)
	{
		if (strcmp(key, "contact") == 0)
			continue;
		if (strcmp(key, "source") == 0) {
			const char *s = json_string_value(v);
			if (!s || (strcmp(s, "whatsapp") != 0 && strcmp(s, "telegram") != 0 &&
			           strcmp(s, "meta") != 0 && strcmp(s, "imessage") != 0))
				return hv_fail(err, HV_EINVAL,
				               "chat source must be \"whatsapp\", \"telegram\", "
				               "\"meta\" or \"imessage\"");
		} else if (strcmp(key, "me") == 0) {
			const char *s = json_string_value(v);
			if (!s || strlen(s) > 256 || !hv_text_valid(s, strlen(s)))
				return hv_fail(err, HV_EINVAL,
				               "chat me must be a name of up to 256 bytes");
		} else if (strcmp(key, "messages") == 0 || strcmp(key, "imports") == 0) {
			if (!json_is_integer(v) || json_integer_value(v) < 0)
				return hv_fail(err, HV_EINVAL,
				               "chat %s must be a whole number, 0 or more", key);
		} else if (strcmp(key, "first") == 0 || strcmp(key, "last") == 0) {
			if (!is_date(json_string_value(v)))
				return hv_fail(err, HV_EINVAL,
				               "chat %s must be a date like 2024-01-05", key);
		} else if (strcmp(key, "text_kept") == 0) {
			if (!json_is_boolean(v))
				return hv_fail(err, HV_EINVAL,
				               "chat text_kept must be true or false");
		} else {
			return hv_fail(err, HV_EINVAL, "a chat entry has no field \"%s\"", key);
		}
	}
	return 0;
}

struct find_ctx {
	const char *key;
	struct hv_record *out;
	int found;
};

static int find_one(const struct hv_record *r, void *ctx)
{
	struct find_ctx *f = ctx;
	char *k = hv_chat_key_of(json_string_value(json_object_get(r->body, "contact")));
	int same = k && strcmp(k, f->key) == 0;
	free(k);
	if (!same)
		return 0;
	*f->out = *r;
	f->out->body = json_deep_copy(r->body);
	f->found = 1;
	return 1;
}

int hv_chat_find(struct hv_store *st, const char *contact, struct hv_record *out,
                 struct hv_error *err)
{
	char *key = hv_chat_key_of(contact);
	if (!key)
		return hv_fail(err, HV_EINVAL, "\"%s\" is not valid UTF-8 text", contact);
	struct find_ctx f = {.key = key, .out = out};
	struct hv_query q = {.kind = HV_CHAT_KIND};
	int rc = hv_store_each(st, &q, find_one, &f, err);
	free(key);
	if (rc < 0)
		return -1;
	if (!f.found)
		return hv_fail(err, HV_ENOTFOUND,
		               "no chat with \"%s\" has been imported. Import one with: haven chat "
		               "import FILE (see 'haven chat' for who is there)",
		               contact);
	return 0;
}

static int list_one(const struct hv_record *r, void *ctx)
{
	json_array_append_new(ctx, json_deep_copy(r->body));
	return 0;
}

json_t *hv_chat_list(struct hv_store *st, struct hv_error *err)
{
	json_t *out = json_array();
	struct hv_query q = {.kind = HV_CHAT_KIND};
	if (!out || hv_store_each(st, &q, list_one, out, err) < 0) {
		json_decref(out);
		return NULL;
	}
	return out;
}

json_t *hv_chat_forget(struct hv_store *st, const char *contact, struct hv_error *err)
{
	struct hv_record r;
	if (hv_chat_find(st, contact, &r, err) < 0)
		return NULL;
	char *key = hv_chat_key_of(json_string_value(json_object_get(r.body, "contact")));
	json_t *out = NULL;
	int64_t removed = 0;
	if (!key) {
		hv_fail(err, HV_ENOMEM, "out of memory");
	} else if (hv_store_begin(st, err) == 0) {
		if (hv_chatlog_forget(st, key, &removed, err) < 0 ||
		    hv_store_purge(st, r.id, err) < 0 || hv_store_commit(st, err) < 0)
			hv_store_rollback(st);
		else
			out = json_pack("{s:O,s:I}", "contact", json_object_get(r.body, "contact"),
			                "messages", (json_int_t)removed);
	}
	free(key);
	hv_record_release(&r);
	return out;
}
