/*
 * learn.c — the chapters of data/learn.json (see learn.h).
 *
 * The file is checked every time it is read: it is small, and a chapter
 * that lost its practice or its body must fail loudly in the tests rather
 * than show an empty screen to a person.
 */
#include "learn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/action.h"
#include "core/content.h"
#include "core/template.h"

#define LEARN_FILE "learn.json"

static int is_text(const json_t *v)
{
	return json_is_string(v) && json_string_length(v) > 0;
}

/* Lower-case letters, digits and inner dashes: safe in a URL and a shell. */
static int good_id(const char *id)
{
	size_t n = strlen(id);
	if (n == 0 || n > HV_LEARN_ID_MAX || id[0] == '-' || id[n - 1] == '-')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9') ||
		      id[i] == '-'))
			return 0;
	return 1;
}

static int check_texts(const json_t *arr, int may_be_empty, const char *id, const char *field,
                       struct hv_error *err)
{
	if (!json_is_array(arr) || (!may_be_empty && json_array_size(arr) == 0))
		return hv_fail(err, HV_EDATA, "learn chapter \"%s\": %s must be a list%s", id,
		               field, may_be_empty ? "" : " of at least one paragraph");
	size_t i;
	const json_t *v;
	json_array_foreach(arr, i, v)
	{
		if (!is_text(v))
			return hv_fail(err, HV_EDATA, "learn chapter \"%s\": %s[%zu] must be text",
			               id, field, i);
	}
	return 0;
}

static int check_practice(const json_t *p, const char *id, struct hv_error *err)
{
	if (!json_is_object(p))
		return hv_fail(err, HV_EDATA, "learn chapter \"%s\": practice must be an object",
		               id);
	if (!is_text(json_object_get(p, "label")))
		return hv_fail(err, HV_EDATA, "learn chapter \"%s\": practice.label must be text",
		               id);
	/* An action each front end can show: a command and a page. */
	const char *act = json_string_value(json_object_get(p, "do"));
	if (!hv_action_command(act) || !hv_action_route(act))
		return hv_fail(err, HV_EDATA,
		               "learn chapter \"%s\": practice.do must name an action of "
		               "actions.json",
		               id);
	return 0;
}

static int check_chapter(const json_t *c, size_t at, struct hv_error *err)
{
	if (!json_is_object(c))
		return hv_fail(err, HV_EDATA, "learn chapter %zu must be an object", at);
	const char *id = json_string_value(json_object_get(c, "id"));
	if (!id || !good_id(id))
		return hv_fail(err, HV_EDATA,
		               "learn chapter %zu: id must be lower-case letters, digits and "
		               "dashes, up to %d",
		               at, HV_LEARN_ID_MAX);
	if (!is_text(json_object_get(c, "title")))
		return hv_fail(err, HV_EDATA, "learn chapter \"%s\": title must be text", id);
	if (!is_text(json_object_get(c, "summary")))
		return hv_fail(err, HV_EDATA, "learn chapter \"%s\": summary must be text", id);
	if (check_texts(json_object_get(c, "body"), 0, id, "body", err) < 0 ||
	    check_texts(json_object_get(c, "read_more"), 1, id, "read_more", err) < 0)
		return -1;
	return check_practice(json_object_get(c, "practice"), id, err);
}

static int known_id(const json_t *chapters, const char *id)
{
	size_t i;
	const json_t *c;
	json_array_foreach(chapters, i, c)
	{
		if (id && !strcmp(id, json_string_value(json_object_get(c, "id"))))
			return 1;
	}
	return 0;
}

/* The suggestion rules: each names a chapter there is, a count haven
 * knows, a least and the words saying why. */
static int check_suggest(const json_t *suggest, const json_t *chapters, struct hv_error *err)
{
	if (!suggest)
		return 0;
	size_t i;
	const json_t *r;
	json_array_foreach(json_object_get(suggest, "rules"), i, r)
	{
		const char *count = json_string_value(json_object_get(r, "count"));
		if (!known_id(chapters, json_string_value(json_object_get(r, "chapter"))))
			return hv_fail(err, HV_EDATA, "learn: suggestion %zu names no chapter", i);
		if (!count || (strcmp(count, "always") && strcmp(count, "entries") &&
		               strcmp(count, "protest") && strcmp(count, "trigger")))
			return hv_fail(
			    err, HV_EDATA,
			    "learn: suggestion %zu counts always, entries, protest or trigger", i);
		if (!json_is_integer(json_object_get(r, "least")) ||
		    !is_text(json_object_get(r, "why")))
			return hv_fail(err, HV_EDATA, "learn: suggestion %zu needs least and why",
			               i);
	}
	return 0;
}

int hv_learn_validate(const json_t *doc, struct hv_error *err)
{
	const json_t *chapters = json_object_get(doc, "chapters");
	if (!json_is_array(chapters) || json_array_size(chapters) == 0)
		return hv_fail(err, HV_EDATA, "learn: \"chapters\" must be a list of chapters");
	size_t i;
	const json_t *c;
	json_array_foreach(chapters, i, c)
	{
		if (check_chapter(c, i, err) < 0)
			return -1;
		const char *id = json_string_value(json_object_get(c, "id"));
		for (size_t j = 0; j < i; j++)
			if (!strcmp(id, json_string_value(
			                    json_object_get(json_array_get(chapters, j), "id"))))
				return hv_fail(err, HV_EDATA,
				               "learn: two chapters are called \"%s\"", id);
	}
	return check_suggest(json_object_get(doc, "suggest"), chapters, err);
}

/* The chapters, checked; NULL with err set when the file is damaged. */
static const json_t *chapters(struct hv_error *err)
{
	const json_t *doc = hv_content_json(LEARN_FILE, err);
	if (!doc || hv_learn_validate(doc, err) < 0)
		return NULL;
	return json_object_get(doc, "chapters");
}

json_t *hv_learn_list(struct hv_error *err)
{
	const json_t *all = chapters(err);
	if (!all)
		return NULL;
	json_t *out = json_array();
	size_t i;
	const json_t *c;
	json_array_foreach(all, i, c)
	{
		json_array_append_new(out,
		                      json_pack("{s:O,s:O,s:O}", "id", json_object_get(c, "id"),
		                                "title", json_object_get(c, "title"), "summary",
		                                json_object_get(c, "summary")));
	}
	return out;
}

char *hv_learn_ids(void)
{
	const json_t *all = chapters(NULL);
	size_t n = 1, i;
	const json_t *c;
	json_array_foreach(all, i, c)
	{
		n += json_string_length(json_object_get(c, "id")) + 2;
	}
	char *s = calloc(1, n);
	if (!s)
		return NULL;
	json_array_foreach(all, i, c)
	{
		if (i)
			strcat(s, ", ");
		strcat(s, json_string_value(json_object_get(c, "id")));
	}
	return s;
}

/* A chapter as both front ends give it: its practice's action with the
 * command that does it and the page for it beside the id, the shape
 * `haven learn ID --json` has always had. */
static json_t *with_action(json_t *c)
{
	json_t *p = json_object_get(c, "practice");
	const char *act = json_string_value(json_object_get(p, "do"));
	json_object_set_new(p, "command", json_string(hv_action_command(act)));
	json_object_set_new(p, "route", json_string(hv_action_route(act)));
	return c;
}

json_t *hv_learn_chapter(const char *id, struct hv_error *err)
{
	const json_t *all = chapters(err);
	if (!all)
		return NULL;
	size_t i;
	const json_t *c;
	json_array_foreach(all, i, c)
	{
		if (id && !strcmp(id, json_string_value(json_object_get(c, "id"))))
			return with_action(json_deep_copy(c));
	}
	/* Echo at most a short, safe part of what was asked for. */
	char shown[HV_LEARN_ID_MAX + 1];
	size_t n = 0;
	for (const char *p = id ? id : ""; *p && n < HV_LEARN_ID_MAX; p++)
		shown[n++] = (*p >= 0x20 && *p < 0x7f) ? *p : '?';
	shown[n] = '\0';
	char *ids = hv_learn_ids();
	const char *kv[] = {"id", shown, "ids", ids, NULL};
	char *msg = hv_template_fill(hv_content_text(LEARN_FILE, "messages/unknown",
	                                             "there is no chapter \"{id}\": try {ids}"),
	                             kv);
	hv_fail(err, HV_EINVAL, "%s", msg ? msg : "there is no such chapter");
	free(msg);
	free(ids);
	return NULL;
}

const json_t *hv_learn_words(const char *front)
{
	return json_object_get(hv_content_json(LEARN_FILE, NULL), front);
}

int hv_learn_suggest_days(void)
{
	const json_t *days =
	    json_object_get(json_object_get(hv_content_json(LEARN_FILE, NULL), "suggest"), "days");
	return json_is_integer(days) && json_integer_value(days) > 0 ? (int)json_integer_value(days)
	                                                             : 7;
}

/* Entries of recent whose trigger kinds include one of kinds. */
static json_int_t count_triggers(const json_t *recent, const json_t *kinds)
{
	json_int_t n = 0;
	size_t i, j;
	const json_t *t, *k;
	json_array_foreach(json_object_get(recent, "triggers"), i, t)
	{
		json_array_foreach(kinds, j, k)
		{
			if (json_equal(json_object_get(t, "kind"), k))
				n += json_integer_value(json_object_get(t, "count"));
		}
	}
	return n;
}

/* What a rule counts in recent; -1 for a count it does not know. */
static json_int_t rule_count(const json_t *rule, const json_t *recent)
{
	const char *what = json_string_value(json_object_get(rule, "count"));
	const json_t *responses = json_object_get(recent, "responses");
	if (!what)
		return -1;
	if (!strcmp(what, "always"))
		return 0;
	if (!strcmp(what, "entries"))
		return json_integer_value(json_object_get(recent, "entries"));
	if (!strcmp(what, "protest"))
		return json_integer_value(json_object_get(responses, "protest")) +
		       json_integer_value(json_object_get(responses, "both"));
	if (!strcmp(what, "trigger"))
		return count_triggers(recent, json_object_get(rule, "kinds"));
	return -1;
}

json_t *hv_learn_suggest(const json_t *recent)
{
	const json_t *rules =
	    json_object_get(json_object_get(hv_content_json(LEARN_FILE, NULL), "suggest"), "rules");
	size_t i;
	const json_t *rule;
	json_array_foreach(rules, i, rule)
	{
		const char *what = json_string_value(json_object_get(rule, "count"));
		if (!recent && (!what || strcmp(what, "always")))
			continue;
		json_int_t n = rule_count(rule, recent);
		if (n < 0 || n < json_integer_value(json_object_get(rule, "least")))
			continue;
		json_t *c =
		    hv_learn_chapter(json_string_value(json_object_get(rule, "chapter")), NULL);
		if (!c)
			continue;
		char num[24];
		snprintf(num, sizeof num, "%lld", (long long)n);
		const char *kv[] = {"n", num, NULL};
		char *why = hv_template_fill(json_string_value(json_object_get(rule, "why")), kv);
		json_t *out = json_pack("{s:O,s:O,s:s}", "id", json_object_get(c, "id"), "title",
		                        json_object_get(c, "title"), "why", why ? why : "");
		free(why);
		json_decref(c);
		return out;
	}
	return NULL;
}
