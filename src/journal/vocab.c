/*
 * vocab.c — lookups in the journal's vocabulary files.
 *
 * The files are small, so a linear walk on each lookup is cheaper than any
 * index and keeps the data file the single source of truth.
 */
#include "vocab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "core/text.h"

/* Walk {"families":[{"id", <list>:[{"id","label",<extra>}]}]} files. */
static void each_in_families(const char *file, const char *list, const char *extra, hv_vocab_fn fn,
                             void *ctx)
{
	const json_t *root = hv_content_json(file, NULL);
	size_t i, j;
	json_t *fam, *item;
	json_array_foreach(json_object_get(root, "families"), i, fam)
	{
		const char *fid = json_string_value(json_object_get(fam, "label"));
		json_array_foreach(json_object_get(fam, list), j, item)
		{
			fn(fid, json_string_value(json_object_get(item, "id")),
			   json_string_value(json_object_get(item, "label")),
			   extra ? json_string_value(json_object_get(item, extra)) : NULL, ctx);
		}
	}
}

void hv_trigger_kinds_each(hv_vocab_fn fn, void *ctx)
{
	each_in_families("triggers.json", "kinds", "hint", fn, ctx);
}

void hv_emotions_each(hv_vocab_fn fn, void *ctx)
{
	each_in_families("emotions.json", "words", NULL, fn, ctx);
}

void hv_responses_each(hv_vocab_fn fn, void *ctx)
{
	const json_t *root = hv_content_json("responses.json", NULL);
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(root, "responses"), i, item)
	{
		fn(NULL, json_string_value(json_object_get(item, "id")),
		   json_string_value(json_object_get(item, "label")),
		   json_string_value(json_object_get(item, "type")), ctx);
	}
}

struct find {
	const char *want;
	int folded; /* compare case-folded labels too */
	const char *id, *label, *extra;
};

static void find_one(const char *family, const char *id, const char *label, const char *extra,
                     void *ctx)
{
	(void)family;
	struct find *f = ctx;
	if (f->id || !id)
		return;
	int hit = strcmp(id, f->want) == 0;
	if (!hit && f->folded && label) {
		char *fl = hv_text_fold(label);
		hit = fl && strcmp(fl, f->want) == 0;
		free(fl);
	}
	if (hit) {
		f->id = id;
		f->label = label;
		f->extra = extra;
	}
}

const char *hv_trigger_kind_label(const char *slug)
{
	struct find f = {.want = slug};
	hv_trigger_kinds_each(find_one, &f);
	return f.label;
}

const char *hv_response_type(const char *slug)
{
	struct find f = {.want = slug};
	hv_responses_each(find_one, &f);
	return f.extra;
}

const char *hv_response_label(const char *slug)
{
	struct find f = {.want = slug};
	hv_responses_each(find_one, &f);
	return f.label;
}

const char *hv_emotion_id(const char *word)
{
	char *folded = hv_text_fold(word);
	if (!folded)
		return NULL;
	struct find f = {.want = folded, .folded = 1};
	hv_emotions_each(find_one, &f);
	free(folded);
	return f.id;
}

struct joined {
	char buf[1024];
	size_t len;
};

static void join_id(const char *family, const char *id, const char *label, const char *extra,
                    void *ctx)
{
	(void)family, (void)label, (void)extra;
	struct joined *j = ctx;
	if (!id || j->len >= sizeof j->buf)
		return;
	int n = snprintf(j->buf + j->len, sizeof j->buf - j->len, "%s%s", j->len ? ", " : "", id);
	if (n > 0)
		j->len += (size_t)n;
}

const char *hv_trigger_kind_list(void)
{
	static struct joined j;
	if (!j.len)
		hv_trigger_kinds_each(join_id, &j);
	return j.buf;
}

const char *hv_response_list(void)
{
	static struct joined j;
	if (!j.len)
		hv_responses_each(join_id, &j);
	return j.buf;
}
