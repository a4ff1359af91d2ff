/*
 * api-journal.c — the API of the trigger journal: entries listed, written,
 * edited, deleted and brought back, the vocabularies to choose from, and
 * the insights over them with their charts.  Same library calls as the CLI.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "core/clock.h"
#include "core/content.h"
#include "insight/insights.h"
#include "journal/journal.h"
#include "journal/vocab.h"
#include "report/chart.h"

#define PAGE_DEFAULT 50 /* entries in a page when the request names no limit */

/* "limit": absent is PAGE_DEFAULT, more than a page holds is a page; 0 and
 * anything not a whole number are refused. */
static int page_limit(const struct hv_request *req, int64_t *out, struct hv_reply *reply)
{
	const char *s = hv_request_arg(req, "limit");
	*out = PAGE_DEFAULT;
	if (!s)
		return 0;
	int64_t n = 0;
	const char *p = s;
	for (; *p >= '0' && *p <= '9' && n <= HV_JOURNAL_PAGE_MAX; p++)
		n = n * 10 + (*p - '0');
	while (*p >= '0' && *p <= '9') /* a long number is just "many" */
		p++;
	if (p == s || *p || n < 1) {
		char msg[96];
		snprintf(msg, sizeof msg, "limit must be a whole number from 1 to %d",
		         HV_JOURNAL_PAGE_MAX);
		hv_reply_message(reply, 400, "invalid", msg);
		return -1;
	}
	*out = n > HV_JOURNAL_PAGE_MAX ? HV_JOURNAL_PAGE_MAX : n;
	return 0;
}

/* Append name=value to a query, %-escaping all but unreserved bytes. */
static void add_query(char *q, size_t n, const char *name, const char *value)
{
	size_t len = strlen(q);
	if (!value || len + 1 >= n)
		return;
	len += (size_t)snprintf(q + len, n - len, "%s%s=", len ? "&" : "", name);
	for (const unsigned char *v = (const unsigned char *)value; *v && len + 4 < n; v++) {
		if ((*v >= 'a' && *v <= 'z') || (*v >= 'A' && *v <= 'Z') ||
		    (*v >= '0' && *v <= '9') || strchr("-._~", *v))
			q[len++] = (char)*v;
		else
			len += (size_t)snprintf(q + len, n - len, "%%%02X", *v);
	}
	q[len < n ? len : n - 1] = '\0';
}

/* The Link to the page after this one (RFC 8288): the same question, from
 * the last entry on.  NULL when a filter is too long to repeat. */
static char *next_link(const struct hv_request *req, int64_t limit, const struct hv_page_key *k)
{
	char q[1024] = "", key[HV_PAGE_KEY_MAX], lim[24];
	static const char *const keep[] = {"since", "until", "kind", "deleted"};
	for (size_t i = 0; i < sizeof keep / sizeof *keep; i++)
		add_query(q, sizeof q, keep[i], hv_request_arg(req, keep[i]));
	snprintf(lim, sizeof lim, "%lld", (long long)limit);
	hv_page_key_format(k, key);
	add_query(q, sizeof q, "limit", lim);
	add_query(q, sizeof q, "before", key);
	if (strlen(q) + 1 >= sizeof q - 4)
		return NULL;
	char *link = malloc(sizeof q + 32);
	if (link)
		snprintf(link, sizeof q + 32, "</api/journal?%s>; rel=\"next\"", q);
	return link;
}

/*
 * GET /api/journal: one page of entries, newest first, as a JSON array
 * (docs/api.md).  When more follow, the reply's Link header names the next
 * page: the same filters with before=KEY, the place of the last entry.
 */
void hv_api_journal_list(struct hv_store *st, const struct hv_request *req, const char *id,
                         struct hv_reply *reply)
{
	(void)id;
	struct hv_journal_filter f = {0};
	const char *deleted = hv_request_arg(req, "deleted"),
	           *before = hv_request_arg(req, "before");
	if (hv_api_arg_time(req, "since", &f.since_ms, reply) < 0 ||
	    hv_api_arg_time(req, "until", &f.until_ms, reply) < 0 ||
	    page_limit(req, &f.limit, reply) < 0)
		return;
	struct hv_page_key key;
	if (before && *before && hv_page_key_parse(before, &key) < 0)
		return hv_reply_message(reply, 400, "invalid",
		                        "before is not a place in the journal that haven gave "
		                        "out; load the list again from its start");
	f.trigger = hv_request_arg(req, "kind");
	if (f.trigger && !*f.trigger)
		f.trigger = NULL;
	f.include_deleted = deleted && strcmp(deleted, "1") == 0;
	struct hv_journal_page page;
	struct hv_error err;
	if (hv_journal_page(st, &f, before && *before ? &key : NULL, &page, &err) < 0)
		return hv_reply_error(reply, &err);
	reply->bytes = page.json;
	reply->len = page.len;
	reply->type = "application/json";
	if (page.more)
		reply->link = next_link(req, f.limit, &page.next);
}

void hv_api_journal_create(struct hv_store *st, const struct hv_request *req, const char *id,
                           struct hv_reply *reply)
{
	(void)id;
	hv_api_create_at(st, req, reply, HV_TRIGGER_KIND, hv_journal_add);
}

void hv_api_journal_get(struct hv_store *st, const struct hv_request *req, const char *id,
                        struct hv_reply *reply)
{
	(void)req;
	struct hv_record r;
	struct hv_error err;
	if (hv_store_get(st, id, HV_TRIGGER_KIND, &r, &err) < 0)
		return hv_reply_error(reply, &err);
	hv_api_reply_record(reply, 200, &r);
}

void hv_api_journal_edit(struct hv_store *st, const struct hv_request *req, const char *id,
                         struct hv_reply *reply)
{
	json_t *changes = hv_api_body_object(req, reply);
	int64_t at;
	struct hv_record r;
	struct hv_error err;
	/* A body that is not JSON, or a wrong "at", has its reply already. */
	int ok = changes && hv_api_take_at(changes, &at, reply) == 0;
	if (ok && hv_journal_edit(st, id, changes, at, &r, &err) < 0)
		hv_reply_error(reply, &err);
	else if (ok)
		hv_api_reply_record(reply, 200, &r);
	hv_reply_crisis_body(st, reply, HV_TRIGGER_KIND, changes);
	json_decref(changes);
}

void hv_api_journal_delete(struct hv_store *st, const struct hv_request *req, const char *id,
                           struct hv_reply *reply)
{
	struct hv_error err;
	const char *purge = hv_request_arg(req, "purge");
	if (purge && strcmp(purge, "1") == 0) {
		if (hv_journal_purge(st, id, &err) < 0)
			return hv_reply_error(reply, &err);
		reply->json = json_pack("{s:s,s:b}", "id", id, "purged", 1);
		return;
	}
	struct hv_record r;
	if (hv_journal_set_deleted(st, id, 1, &r, &err) < 0)
		return hv_reply_error(reply, &err);
	hv_api_reply_record(reply, 200, &r);
}

void hv_api_journal_restore(struct hv_store *st, const struct hv_request *req, const char *id,
                            struct hv_reply *reply)
{
	(void)req;
	struct hv_record r;
	struct hv_error err;
	if (hv_journal_set_deleted(st, id, 0, &r, &err) < 0)
		return hv_reply_error(reply, &err);
	hv_api_reply_record(reply, 200, &r);
}

void hv_api_insights(struct hv_store *st, const struct hv_request *req, const char *id,
                     struct hv_reply *reply)
{
	(void)id;
	int64_t since;
	if (hv_api_arg_time(req, "since", &since, reply) < 0)
		return;
	struct hv_error err;
	hv_reply_json(reply, hv_insights(st, since, hv_now_ms(), &err), &err);
}

static void add_choice(const char *family, const char *id, const char *label, const char *extra,
                       void *ctx)
{
	json_t *item = json_pack("{s:s,s:s}", "id", id, "label", label);
	if (family)
		json_object_set_new(item, "family", json_string(family));
	if (extra)
		json_object_set_new(item, "extra", json_string(extra));
	json_array_append_new(ctx, item);
}

void hv_api_vocab(struct hv_store *st, const struct hv_request *req, const char *id,
                  struct hv_reply *reply)
{
	(void)st, (void)req, (void)id;
	json_t *triggers = json_array(), *emotions = json_array(), *responses = json_array();
	hv_trigger_kinds_each(add_choice, triggers);
	hv_emotions_each(add_choice, emotions);
	hv_responses_each(add_choice, responses);
	reply->json =
	    json_pack("{s:o,s:o,s:o,s:O}", "triggers", triggers, "emotions", emotions, "responses",
	              responses, "journal", hv_content_json("journal.json", NULL));
}

void hv_api_chart(struct hv_store *st, const struct hv_request *req, const char *file,
                  struct hv_reply *reply)
{
	(void)req;
	char name[32];
	size_t n = strlen(file);
	if (n < 5 || n > 30 || strcmp(file + n - 4, ".svg") != 0)
		return hv_reply_message(reply, 404, "not-found", "no such chart");
	memcpy(name, file, n - 4);
	name[n - 4] = '\0';
	struct hv_error err;
	json_t *ins = hv_insights(st, 0, hv_now_ms(), &err);
	if (!ins)
		return hv_reply_error(reply, &err);
	reply->bytes = hv_chart_named(name, ins);
	json_decref(ins);
	if (!reply->bytes)
		return hv_reply_message(reply, 404, "not-found", "no such chart");
	reply->len = strlen(reply->bytes);
	reply->type = "image/svg+xml";
}
