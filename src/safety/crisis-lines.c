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

#include <stddef.h>
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

json_t *hv_crisis_notice_afresh(const char *region)
{
	const json_t *data = hv_content_json(LINES, NULL);
	const char *code;
	const json_t *entry = region_entry(data, region, &code);
	const json_t *intl = json_object_get(data, "international");
	json_t *resources = json_deep_copy(entry ? entry : intl);
	json_object_set_new(resources, "region", code ? json_string(code) : json_null());
	/* The words a front end draws the card with travel in the notice, so
	 * that the card never waits on a second request (or on the network). */
	return json_pack("{s:b,s:O,s:O,s:O,s:o,s:O,s:O}", "crisis", 1, "message",
	                 json_object_get(data, "message"), "after", json_object_get(data, "after"),
	                 "not_a_diagnosis", json_object_get(data, "not_a_diagnosis"), "resources",
	                 resources, "elsewhere", intl, "words", json_object_get(data, "words"));
}

/* The notices the build wrote (tools/crisis-image.c --notices): a first
 * line "#" and the fingerprint of the directory they were made from, then
 * one line per region code and alias, "CODE<TAB>notice", and "*" for the
 * international directory.  Each is the JSON hv_crisis_notice_afresh
 * makes, on one line, so showing help parses only the notice it shows, not
 * the whole directory. */
#define NOTICES "crisis-notices.tsv"

static void notices_head(char *buf, size_t n, const char *lines, size_t len)
{
	snprintf(buf, n, "#%016llx\n", (unsigned long long)hv_content_fingerprint(lines, len));
}

static int append(char **out, size_t *len, const char *s, size_t n)
{
	char *more = realloc(*out, *len + n + 1);
	if (!more)
		return -1;
	memcpy(more + *len, s, n);
	*len += n;
	more[*len] = '\0';
	*out = more;
	return 0;
}

/* One line of the notices: key, a tab, the notice for region, a newline. */
static int append_notice(char **out, size_t *len, const char *key, const char *region)
{
	json_t *notice = hv_crisis_notice_afresh(region);
	char *text = notice ? json_dumps(notice, JSON_COMPACT) : NULL;
	int rc = text && !strpbrk(text, "\n") && append(out, len, key, strlen(key)) == 0 &&
	                 append(out, len, "\t", 1) == 0 &&
	                 append(out, len, text, strlen(text)) == 0 && append(out, len, "\n", 1) == 0
	             ? 0
	             : -1;
	free(text);
	json_decref(notice);
	return rc;
}

char *hv_crisis_notices_image(size_t *len)
{
	size_t n;
	const char *lines = hv_content_bytes(LINES, &n);
	const json_t *data = hv_content_json(LINES, NULL);
	char head[32], *out = NULL;
	const char *code;
	json_t *v;
	*len = 0;
	if (!lines || !data)
		return NULL;
	notices_head(head, sizeof head, lines, n);
	int rc = append(&out, len, head, strlen(head)) | append_notice(&out, len, "*", NULL);
	json_object_foreach(json_object_get(data, "regions"), code, v) rc |=
	    append_notice(&out, len, code, code);
	json_object_foreach(json_object_get(data, "aliases"), code, v) rc |=
	    append_notice(&out, len, code, code);
	if (rc) {
		free(out);
		return NULL;
	}
	return out;
}

/* The line of key in the notices (text, n bytes): its notice's bytes. */
static const char *notice_line(const char *text, size_t n, const char *key, size_t *len)
{
	size_t k = strlen(key);
	for (const char *p = text, *end = text + n; p < end;) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			return NULL;
		if ((size_t)(eol - p) > k && memcmp(p, key, k) == 0 && p[k] == '\t') {
			*len = (size_t)(eol - p - (ptrdiff_t)k - 1);
			return p + k + 1;
		}
		p = eol + 1;
	}
	return NULL;
}

/* The notice for region from the build's notices, or NULL when there are
 * none or they were made from another directory. */
static json_t *notice_from_image(const char *region)
{
	size_t n, lines_len, len;
	const char *text = hv_content_image(NOTICES, &n);
	const char *lines = hv_content_bytes(LINES, &lines_len);
	char head[32], key[8] = "";
	if (!text || !lines)
		return NULL;
	notices_head(head, sizeof head, lines, lines_len);
	if (n < strlen(head) || memcmp(text, head, strlen(head)) != 0)
		return NULL;
	/* As region_entry reads it: upper case, at most seven letters; a key
	 * the table cannot hold is no region at all. */
	for (size_t i = 0; region && region[i] && i < sizeof key - 1; i++) {
		char c = region[i] >= 'a' && region[i] <= 'z' ? (char)(region[i] - 32) : region[i];
		if (c < 'A' || c > 'Z') {
			key[0] = '\0';
			break;
		}
		key[i] = c;
		key[i + 1] = '\0';
	}
	const char *notice = key[0] ? notice_line(text, n, key, &len) : NULL;
	if (!notice)
		notice = notice_line(text, n, "*", &len);
	return notice ? json_loadb(notice, len, 0, NULL) : NULL;
}

json_t *hv_crisis_notice(const char *region)
{
	json_t *notice = notice_from_image(region);
	return notice ? notice : hv_crisis_notice_afresh(region);
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
