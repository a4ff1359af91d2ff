/*
 * card.c — the partner card (card.h): one record the person edits, ideas
 * drawn from their notes, and the card as a document in two voices — each
 * part's heading in the person's voice, then a line to the partner.
 */
#include "card.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "core/template.h"
#include "core/text.h"

static const char *const sections[] = {"alarm", "helps", "working_on", "ask", "agreements"};
#define NSECTIONS (sizeof sections / sizeof *sections)

const char *hv_card_section_at(size_t i)
{
	return i < NSECTIONS ? sections[i] : NULL;
}

static int section_index(const char *name)
{
	for (size_t i = 0; i < NSECTIONS; i++)
		if (strcmp(sections[i], name) == 0)
			return (int)i;
	return -1;
}

static int unknown_section(const char *name, struct hv_error *err)
{
	return hv_fail(err, HV_EINVAL,
	               "a card has no part called \"%.40s\" (there are: alarm, helps, "
	               "working_on, ask, agreements)",
	               name);
}

static int check_item(const char *part, size_t i, const json_t *t, struct hv_error *err)
{
	const char *s = json_string_value(t);
	size_t n = s ? strlen(s) : 0;
	if (!s)
		return hv_fail(err, HV_EDATA, "card: item %zu of \"%s\" is not text", i + 1, part);
	if (n == 0 || n > HV_CARD_MAX_TEXT)
		return hv_fail(err, HV_EDATA, "card: item %zu of \"%s\" must be 1 to %d bytes long",
		               i + 1, part, HV_CARD_MAX_TEXT);
	if (!hv_text_showable(s, n))
		return hv_fail(err, HV_EDATA,
		               "card: item %zu of \"%s\" holds control characters or is not UTF-8",
		               i + 1, part);
	return 0;
}

int hv_card_validate(const json_t *body, struct hv_error *err)
{
	if (!json_is_object(body))
		return hv_fail(err, HV_EDATA, "card: the body must be a JSON object");
	const char *key;
	json_t *list;
	json_object_foreach((json_t *)body, key, list)
	{
		if (section_index(key) < 0)
			return hv_fail(err, HV_EDATA, "card: unknown part \"%.40s\"", key);
		if (!json_is_array(list))
			return hv_fail(err, HV_EDATA, "card: \"%s\" must be a list of texts", key);
		if (json_array_size(list) > HV_CARD_MAX_ITEMS)
			return hv_fail(err, HV_EDATA,
			               "card: \"%s\" holds more than %d items (a card is one page)",
			               key, HV_CARD_MAX_ITEMS);
		size_t i;
		json_t *t;
		json_array_foreach(list, i, t) if (check_item(key, i, t, err) < 0) return -1;
	}
	return 0;
}

/* The newest card record (there is one; a merge of two copies may bring a
 * second, and the newest is the card). */
static int newest(const struct hv_record *r, void *ctx)
{
	struct hv_record *out = ctx;
	*out = *r;
	out->body = json_incref(r->body);
	return 1;
}

static int find(struct hv_store *st, struct hv_record *r, struct hv_error *err)
{
	memset(r, 0, sizeof *r);
	struct hv_query q = {.kind = HV_CARD_KIND, .newest_first = 1, .limit = 1};
	return hv_store_each(st, &q, newest, r, err);
}

/* Every part present, so a front end may read each one. */
static json_t *complete(const json_t *body)
{
	json_t *out = json_object();
	for (size_t i = 0; i < NSECTIONS; i++) {
		json_t *l = json_object_get(body, sections[i]);
		json_object_set_new(out, sections[i], l ? json_deep_copy(l) : json_array());
	}
	return out;
}

json_t *hv_card_get(struct hv_store *st, struct hv_error *err)
{
	struct hv_record r;
	if (find(st, &r, err) < 0)
		return NULL;
	json_t *out = complete(r.body);
	json_decref(r.body);
	return out;
}

/* Each text cleaned (NFC, trimmed), empty ones dropped. */
static json_t *cleaned(const json_t *body)
{
	json_t *out = json_object();
	const char *key;
	json_t *list;
	json_object_foreach((json_t *)body, key, list)
	{
		json_t *l = json_array();
		size_t i;
		json_t *t;
		json_array_foreach(list, i, t)
		{
			char *c = json_is_string(t) ? hv_text_clean(json_string_value(t)) : NULL;
			if (!json_is_string(t) || !c)
				json_array_append(l, t); /* left for validate to name */
			else if (*c)
				json_array_append_new(l, json_string(c));
			free(c);
		}
		json_object_set_new(out, key, json_is_array(list) ? l : json_incref(list));
		if (!json_is_array(list))
			json_decref(l);
	}
	return out;
}

int hv_card_set(struct hv_store *st, const json_t *body, struct hv_error *err)
{
	if (!json_is_object(body))
		return hv_fail(err, HV_EDATA, "card: the body must be a JSON object");
	json_t *clean = cleaned(body);
	if (hv_card_validate(clean, err) < 0) {
		json_decref(clean);
		return -1;
	}
	struct hv_record r;
	if (find(st, &r, err) < 0) {
		json_decref(clean);
		return -1;
	}
	if (r.body) {
		json_decref(r.body);
		r.body = clean;
		int rc = hv_store_update(st, &r, err);
		json_decref(r.body);
		return rc;
	}
	if (hv_record_new(&r, HV_CARD_KIND, err) < 0) {
		json_decref(clean);
		return -1;
	}
	json_decref(r.body);
	r.body = clean;
	return hv_store_add_new(st, &r, hv_card_validate, NULL, err);
}

/* The card as saved, and its list for section (a part the card knows),
 * for a change to one part; NULL with err set. */
static json_t *card_part(struct hv_store *st, const char *section, json_t **list,
                         struct hv_error *err)
{
	if (section_index(section) < 0) {
		unknown_section(section, err);
		return NULL;
	}
	json_t *card = hv_card_get(st, err);
	*list = card ? json_object_get(card, section) : NULL;
	return card;
}

int hv_card_add(struct hv_store *st, const char *section, const char *text, struct hv_error *err)
{
	json_t *list, *card = card_part(st, section, &list, err);
	if (!card)
		return -1;
	json_array_append_new(list, json_string_nocheck(text ? text : ""));
	if (json_array_size(list) > HV_CARD_MAX_ITEMS) {
		json_decref(card);
		return hv_fail(
		    err, HV_EINVAL,
		    "\"%s\" already holds %d items, as many as fit on one page: take one "
		    "off first",
		    section, HV_CARD_MAX_ITEMS);
	}
	int rc = hv_card_set(st, card, err);
	json_decref(card);
	return rc;
}

int hv_card_remove(struct hv_store *st, const char *section, size_t n, char **removed,
                   struct hv_error *err)
{
	*removed = NULL;
	json_t *list, *card = card_part(st, section, &list, err);
	if (!card)
		return -1;
	if (n < 1 || n > json_array_size(list)) {
		size_t have = json_array_size(list);
		json_decref(card);
		return hv_fail(err, HV_EINVAL, "\"%s\" has %zu item%s: there is no item %zu",
		               section, have, have == 1 ? "" : "s", n);
	}
	*removed = strdup(json_string_value(json_array_get(list, n - 1)));
	json_array_remove(list, n - 1);
	int rc = hv_card_set(st, card, err);
	json_decref(card);
	if (rc < 0) {
		free(*removed);
		*removed = NULL;
	}
	return rc;
}

static const char *word(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	return s ? s : "";
}

static void say(struct hv_doc *d, enum hv_block kind, const char *text)
{
	if (text && *text)
		hv_doc_add(d, kind, text);
}

struct hv_doc *hv_card_doc(const json_t *card, struct hv_error *err)
{
	const json_t *w = hv_content_json("card.json", err);
	if (!w)
		return NULL;
	struct hv_doc *d = hv_doc_new(word(w, "title"), word(w, "footer"), 0);
	if (!d) {
		hv_fail(err, HV_ENOMEM, "out of memory while making the card");
		return NULL;
	}
	say(d, HV_DOC_P, word(w, "intro"));
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(w, "sections"), i, s)
	{
		/* A part left empty is left off: the partner reads what was chosen. */
		const json_t *list = json_object_get(card, word(s, "id"));
		if (!json_array_size(list))
			continue;
		hv_doc_add(d, HV_DOC_H1, word(s, "mine"));
		size_t k;
		json_t *t;
		json_array_foreach(list, k, t) hv_doc_add(d, HV_DOC_ITEM, json_string_value(t));
		say(d, HV_DOC_VOICE, word(s, "yours"));
	}
	return d;
}
