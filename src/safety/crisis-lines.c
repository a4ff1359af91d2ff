/*
 * crisis-lines.c — where help is: the directory of emergency numbers and
 * crisis lines (data/crisis-lines.json), chosen by the person's region.
 *
 * The region is the person's own setting ("region" in the store's meta,
 * shared by `haven config set region` and the web app's Settings), else the
 * territory of their locale, else nothing, and then the international
 * directory.  Every front end asks here, so the two can never disagree.
 */
#include "crisis-lines.h"
#include "crisis.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "core/store.h"

#define LINES "crisis-lines.json"

static const json_t *region_entry(const json_t *data, const char *region, const char **code)
{
	char up[8] = "";
	for (size_t i = 0; region && region[i] && i < sizeof up - 1; i++)
		up[i] = (char)(region[i] >= 'a' && region[i] <= 'z' ? region[i] - 32 : region[i]);
	const char *alias =
	    json_string_value(json_object_get(json_object_get(data, "aliases"), up));
	const char *key = alias ? alias : up;
	const json_t *regions = json_object_get(data, "regions");
	const char *found_key;
	json_t *entry;
	*code = NULL;
	json_object_foreach((json_t *)regions, found_key, entry)
	{
		if (strcmp(found_key, key) == 0) {
			*code = found_key; /* the table's string outlives our buffer */
			return entry;
		}
	}
	return NULL;
}

const char *hv_crisis_region_code(const char *region)
{
	const char *code;
	region_entry(hv_content_json(LINES, NULL), region, &code);
	return code;
}

static int by_name(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	return strcmp(json_string_value(json_object_get(x, "name")),
	              json_string_value(json_object_get(y, "name")));
}

json_t *hv_crisis_regions(void)
{
	const json_t *regions = json_object_get(hv_content_json(LINES, NULL), "regions");
	size_t n = json_object_size(regions), i = 0;
	json_t **items = calloc(n ? n : 1, sizeof *items);
	json_t *list = json_array();
	const char *code;
	json_t *entry;
	if (!items || !list) {
		free(items);
		json_decref(list);
		return NULL;
	}
	json_object_foreach((json_t *)regions, code, entry)
	{
		json_t *item = json_pack("{s:s,s:s}", "code", code, "name",
		                         json_string_value(json_object_get(entry, "name")));
		if (item) /* a region without a name is a defect the tests catch */
			items[i++] = item;
	}
	qsort(items, i, sizeof *items, by_name);
	for (size_t k = 0; k < i; k++)
		json_array_append_new(list, items[k]);
	free(items);
	return list;
}

json_t *hv_crisis_notice(const char *region)
{
	const json_t *data = hv_content_json(LINES, NULL);
	const char *code;
	const json_t *entry = region_entry(data, region, &code);
	const json_t *intl = json_object_get(data, "international");
	json_t *resources = json_deep_copy(entry ? entry : intl);
	json_object_set_new(resources, "region", code ? json_string(code) : json_null());
	return json_pack("{s:b,s:O,s:O,s:O,s:o,s:O}", "crisis", 1, "message",
	                 json_object_get(data, "message"), "after", json_object_get(data, "after"),
	                 "not_a_diagnosis", json_object_get(data, "not_a_diagnosis"), "resources",
	                 resources, "elsewhere", intl);
}

const char *hv_crisis_region_from_locale(char buf[8])
{
	const char *names[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < 3; i++) {
		const char *v = getenv(names[i]);
		if (!v || !*v)
			continue;
		const char *us = strchr(v, '_');
		if (us && us[1] >= 'A' && us[1] <= 'Z' && us[2] >= 'A' && us[2] <= 'Z') {
			buf[0] = us[1];
			buf[1] = us[2];
			buf[2] = '\0';
			return buf;
		}
		return NULL; /* set but without a territory, e.g. C.UTF-8 */
	}
	return NULL;
}

const char *hv_crisis_region(struct hv_store *st, char buf[16])
{
	struct hv_error err;
	if (st && hv_store_meta_get(st, "region", buf, 16, &err) == 1)
		return buf;
	char loc[8];
	const char *r = hv_crisis_region_from_locale(loc);
	if (!r)
		return NULL;
	snprintf(buf, 16, "%s", r);
	return buf;
}
