/*
 * card-suggest.c — ideas for the partner card from the person's own notes
 * (hv_card_suggest in card.h): the trigger kinds that came up most, with
 * the latest words they wrote about each, and the practices that eased
 * their distress most.  These are offered, never placed: the card holds
 * only what the person takes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "card.h"
#include "core/clock.h"
#include "core/content.h"
#include "core/template.h"
#include "insight/insights.h"
#include "journal/journal.h"

#define TOP_KINDS     3
#define TOP_PRACTICES 3
#define WORDS_MAX     160 /* own words longer than this are not offered whole */

/* One idea: the text that would go on the card, and why it is offered
 * (shown beside it, never put on the card). */
static void offer(json_t *out, const char *section, const json_t *w, const char *tmpl,
                  const char *why_tmpl, const char *const *kv)
{
	char *text = hv_template_fill(json_string_value(json_object_get(w, tmpl)), kv);
	char *why = hv_template_fill(json_string_value(json_object_get(w, why_tmpl)), kv);
	if (text && why && *text && strlen(text) <= HV_CARD_MAX_TEXT)
		json_array_append_new(
		    out, json_pack("{s:s,s:s,s:s}", "section", section, "text", text, "why", why));
	free(text);
	free(why);
}

struct latest_words {
	const char *kind;
	char *text;
};

/* The newest entry of the kind with words in "what" short enough to offer. */
static int find_words(const struct hv_record *r, void *ctx)
{
	struct latest_words *l = ctx;
	size_t i;
	json_t *k;
	json_array_foreach(json_object_get(r->body, "triggers"), i, k)
	{
		const char *what = json_string_value(json_object_get(r->body, "what"));
		if (json_is_string(k) && strcmp(json_string_value(k), l->kind) == 0 && what &&
		    *what && strlen(what) <= WORDS_MAX) {
			l->text = strdup(what);
			return 1;
		}
	}
	return 0;
}

static int kinds(struct hv_store *st, const json_t *ins, const json_t *w, json_t *out,
                 struct hv_error *err)
{
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(ins, "triggers"), i, t)
	{
		if (i == TOP_KINDS)
			break;
		char count[24];
		snprintf(count, sizeof count, "%lld",
		         (long long)json_integer_value(json_object_get(t, "count")));
		const char *kv[] = {"label", json_string_value(json_object_get(t, "label")),
		                    "count", count, NULL};
		int once = json_integer_value(json_object_get(t, "count")) == 1;
		offer(out, "alarm", w, "kind", once ? "kind_why_one" : "kind_why", kv);
		struct latest_words l = {json_string_value(json_object_get(t, "kind")), NULL};
		struct hv_query q = {.kind = HV_TRIGGER_KIND, .newest_first = 1, .limit = 200};
		if (l.kind && hv_store_each(st, &q, find_words, &l, err) < 0)
			return -1;
		if (l.text) {
			const char *kv2[] = {"text", l.text, "label",
			                     json_string_value(json_object_get(t, "label")), NULL};
			offer(out, "alarm", w, "words", "words_why", kv2);
			free(l.text);
		}
	}
	return 0;
}

static int by_change(const void *x, const void *y)
{
	double a = json_number_value(json_object_get(*(json_t *const *)x, "mean_change"));
	double b = json_number_value(json_object_get(*(json_t *const *)y, "mean_change"));
	return a < b ? -1 : a > b;
}

/* The practices whose distress fell most, where enough ratings say so. */
static void practices(const json_t *ins, const json_t *w, json_t *out)
{
	json_t *eased[64];
	size_t n = 0, i;
	json_t *t;
	json_array_foreach(json_object_get(json_object_get(ins, "practices"), "techniques"), i, t)
	{
		const json_t *c = json_object_get(t, "mean_change");
		if (n < 64 && json_is_number(c) && json_number_value(c) < 0)
			eased[n++] = t;
	}
	qsort(eased, n, sizeof *eased, by_change);
	for (i = 0; i < n && i < TOP_PRACTICES; i++) {
		char points[24];
		snprintf(points, sizeof points, "%.1f",
		         fabs(json_number_value(json_object_get(eased[i], "mean_change"))));
		const char *kv[] = {"label", json_string_value(json_object_get(eased[i], "label")),
		                    "points", points, NULL};
		offer(out, "helps", w, "practice", "practice_why", kv);
	}
}

json_t *hv_card_suggest(struct hv_store *st, struct hv_error *err)
{
	const json_t *w = json_object_get(hv_content_json("card.json", err), "suggest");
	if (!w)
		return NULL;
	json_t *ins = hv_insights(st, 0, hv_now_ms(), err);
	if (!ins)
		return NULL;
	json_t *out = json_array();
	if (kinds(st, ins, w, out, err) < 0) {
		json_decref(ins);
		json_decref(out);
		return NULL;
	}
	practices(ins, w, out);
	json_decref(ins);
	return out;
}
