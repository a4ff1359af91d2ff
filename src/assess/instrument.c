/*
 * instrument.c — loading, finding and installing questionnaires: from a
 * file or text, from the built-in ones in data/instruments/, and from the
 * ones a person installed (records of kind "instrument").  Every one passes
 * hv_instrument_check (instrument-check.c) before anything uses it.
 */
#include "assess.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/content.h"

#define FILE_MAX (4 * 1024 * 1024)

json_t *hv_instrument_parse(const char *text, size_t len, const char *name, struct hv_error *err)
{
	json_error_t je;
	json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!j) {
		hv_fail(err, HV_EDATA, "%s: not valid JSON at line %d, column %d: %s", name,
		        je.line, je.column, je.text);
		return NULL;
	}
	if (hv_instrument_check(j, name, err) < 0) {
		json_decref(j);
		return NULL;
	}
	return j;
}

json_t *hv_instrument_load_file(const char *path, struct hv_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		hv_fail(err, HV_EINVAL, "cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	char *buf = malloc(FILE_MAX + 1);
	size_t n = buf ? fread(buf, 1, FILE_MAX + 1, f) : 0;
	int bad = ferror(f);
	fclose(f);
	json_t *j = NULL;
	if (!buf)
		hv_fail(err, HV_ENOMEM, "out of memory reading %s", path);
	else if (bad)
		hv_fail(err, HV_EIO, "cannot read %s", path);
	else if (n > FILE_MAX)
		hv_fail(err, HV_EDATA, "%s: larger than %d bytes; not an instrument file", path,
		        FILE_MAX);
	else
		j = hv_instrument_parse(buf, n, path, err);
	free(buf);
	return j;
}

/* ---- built-in and installed instruments --------------------------------- */

struct builtin_walk {
	const char *want; /* id to find, or NULL */
	json_t *found;
	json_t *list;
};

static void visit_builtin(const char *name, const char *bytes, size_t len, void *ctx)
{
	struct builtin_walk *w = ctx;
	if (strncmp(name, "instruments/", 12) != 0 || w->found)
		return;
	char label[256];
	snprintf(label, sizeof label, "data/%s", name);
	struct hv_error e;
	json_t *j = hv_instrument_parse(bytes, len, label, &e);
	if (!j)
		return; /* test_assess checks every built-in instrument loads */
	const char *id = json_string_value(json_object_get(j, "id"));
	if (w->want && strcmp(id, w->want) == 0)
		w->found = json_incref(j);
	if (w->list)
		json_array_append(w->list, j);
	json_decref(j);
}

struct installed_walk {
	const char *want;
	json_t *found;
	json_t *list;
	struct hv_record rec;
	int have_rec;
};

static int visit_installed(const struct hv_record *r, void *ctx)
{
	struct installed_walk *w = ctx;
	const char *id = json_string_value(json_object_get(r->body, "id"));
	if (!id)
		return 0;
	if (w->want && strcmp(id, w->want) == 0) {
		w->found = json_deep_copy(r->body);
		w->rec = *r;
		w->rec.body = NULL;
		w->have_rec = 1;
		return 1;
	}
	if (w->list)
		json_array_append_new(w->list, json_deep_copy(r->body));
	return 0;
}

static int walk_installed(struct hv_store *st, struct installed_walk *w, struct hv_error *err)
{
	struct hv_query q = {.kind = HV_INSTRUMENT_KIND};
	return st ? hv_store_each(st, &q, visit_installed, w, err) : 0;
}

json_t *hv_instrument_find(struct hv_store *st, const char *id, struct hv_error *err)
{
	struct builtin_walk b = {.want = id};
	hv_content_each(visit_builtin, &b);
	if (b.found)
		return b.found;
	struct installed_walk w = {.want = id};
	if (walk_installed(st, &w, err) < 0)
		return NULL;
	if (w.found)
		return w.found;
	json_t *all = hv_instrument_list(st, NULL);
	char known[512] = "";
	size_t i, len = 0;
	json_t *el;
	json_array_foreach(all, i, el)
	{
		int k = snprintf(known + len, sizeof known - len, "%s%s", i ? ", " : "",
		                 json_string_value(json_object_get(el, "id")));
		if (k < 0 || (size_t)k >= sizeof known - len)
			break;
		len += (size_t)k;
	}
	json_decref(all);
	hv_fail(err, HV_EINVAL,
	        "no instrument \"%s\": there are %s (add one with 'haven assess add FILE')", id,
	        known);
	return NULL;
}

static json_t *summary(const json_t *inst, const char *source)
{
	json_t *targets = json_object_get(inst, "targets");
	return json_pack("{s:O,s:O,s:O,s:I,s:I,s:O,s:s}", "id", json_object_get(inst, "id"),
	                 "title", json_object_get(inst, "title"), "version",
	                 json_object_get(inst, "version"), "items",
	                 (json_int_t)json_array_size(json_object_get(inst, "items")), "prompts",
	                 (json_int_t)json_array_size(json_object_get(inst, "prompts")), "targets",
	                 targets ? targets : json_null(), "source", source);
}

json_t *hv_instrument_list(struct hv_store *st, struct hv_error *err)
{
	struct builtin_walk b = {.list = json_array()};
	struct installed_walk w = {.list = json_array()};
	hv_content_each(visit_builtin, &b);
	json_t *out = json_array();
	size_t i;
	json_t *el;
	if (walk_installed(st, &w, err) < 0) {
		json_decref(b.list);
		json_decref(w.list);
		json_decref(out);
		return NULL;
	}
	json_array_foreach(b.list, i, el) json_array_append_new(out, summary(el, "built-in"));
	json_array_foreach(w.list, i, el) json_array_append_new(out, summary(el, "installed"));
	json_decref(b.list);
	json_decref(w.list);
	return out;
}

int hv_instrument_install(struct hv_store *st, const json_t *inst, struct hv_record *out,
                          struct hv_error *err)
{
	if (hv_instrument_validate(inst, err) < 0)
		return -1;
	const char *id = json_string_value(json_object_get(inst, "id"));
	struct builtin_walk b = {.want = id};
	hv_content_each(visit_builtin, &b);
	if (b.found) {
		json_decref(b.found);
		return hv_fail(err, HV_EINVAL,
		               "\"%s\" is the id of a built-in instrument: give yours another id",
		               id);
	}
	struct installed_walk w = {.want = id};
	if (walk_installed(st, &w, err) < 0)
		return -1;
	struct hv_record r;
	int rc;
	if (w.have_rec) {
		json_decref(w.found);
		r = w.rec;
		r.body = json_deep_copy(inst);
		rc = hv_store_update(st, &r, err);
	} else {
		if (hv_record_new(&r, HV_INSTRUMENT_KIND, err) < 0)
			return -1;
		json_decref(r.body);
		r.body = json_deep_copy(inst);
		rc = hv_store_insert(st, &r, err);
	}
	if (rc == 0 && out)
		*out = r;
	else
		hv_record_release(&r);
	return rc;
}
