/*
 * record.c — creating records and moving them to and from JSON.
 */
#include "record.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "hlc.h"
#include "text.h"

void hv_uuid_new(char out[HV_ID_LEN + 1])
{
	unsigned char b[16];
	static const char hex[] = "0123456789abcdef";
	if (sodium_init() < 0)
		abort(); /* no usable randomness: nothing safe to do */
	randombytes_buf(b, sizeof b);
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	char *p = out;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		*p++ = hex[b[i] >> 4];
		*p++ = hex[b[i] & 15];
	}
	*p = '\0';
}

int hv_uuid_valid(const char *s)
{
	if (strlen(s) != HV_ID_LEN)
		return 0;
	for (int i = 0; i < HV_ID_LEN; i++) {
		int dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? s[i] != '-' : !strchr("0123456789abcdef", s[i]) || !s[i])
			return 0;
	}
	return 1;
}

int hv_kind_valid(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n >= HV_KIND_MAX || s[0] < 'a' || s[0] > 'z')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return 1;
}

int hv_record_new(struct hv_record *r, const char *kind, struct hv_error *err)
{
	memset(r, 0, sizeof *r);
	if (!hv_kind_valid(kind))
		return hv_fail(err, HV_EINVAL, "\"%s\" is not a valid record kind", kind);
	hv_uuid_new(r->id);
	snprintf(r->kind, sizeof r->kind, "%s", kind);
	r->created_ms = r->updated_ms = hv_now_ms();
	r->created_off = r->updated_off = hv_local_offset_min(r->created_ms);
	r->hlc_ms = r->created_ms; /* stamped again when it is saved */
	r->version = 1;
	r->body = json_object();
	if (!r->body)
		return hv_fail(err, HV_ENOMEM, "out of memory");
	return 0;
}

void hv_record_release(struct hv_record *r)
{
	json_decref(r->body);
	r->body = NULL;
}

int hv_record_hand(struct hv_record *r, struct hv_record *out)
{
	if (out)
		*out = *r;
	else
		hv_record_release(r);
	return 0;
}

char *hv_body_dump(const json_t *body)
{
	return json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);
}

json_t *hv_record_to_json(const struct hv_record *r)
{
	char created[HV_RFC3339_MAX], updated[HV_RFC3339_MAX];
	hv_format_rfc3339(r->created_ms, r->created_off, created);
	hv_format_rfc3339(r->updated_ms, r->updated_off, updated);
	/* Reload the canonical text so the body's keys come out sorted. */
	char *text = hv_body_dump(r->body);
	json_t *body = text ? json_loads(text, 0, NULL) : NULL;
	free(text);
	if (!body)
		return NULL;
	return json_pack("{s:s, s:s, s:s, s:s, s:I, s:b, s:o}", "id", r->id, "kind", r->kind,
	                 "created", created, "updated", updated, "version", (json_int_t)r->version,
	                 "deleted", r->deleted, "body", body);
}

json_t *hv_record_to_json_sync(const struct hv_record *r)
{
	json_t *j = hv_record_to_json(r);
	json_t *vv = r->vv[0] ? json_loads(r->vv, 0, NULL) : json_object();
	if (!j || !vv ||
	    json_object_set_new(
	        j, "hlc", json_pack("[I, I]", (json_int_t)r->hlc_ms, (json_int_t)r->hlc_n)) < 0 ||
	    json_object_set_new(j, "vv", vv) < 0 ||
	    (r->conflict_of[0] &&
	     json_object_set_new(j, "conflict_of", json_string(r->conflict_of)) < 0)) {
		json_decref(j);
		return NULL;
	}
	return j;
}

static int time_field(const json_t *j, const char *name, int64_t *ms, int *off,
                      struct hv_error *err)
{
	const json_t *v = json_object_get(j, name);
	if (!json_is_string(v))
		return hv_fail(err, HV_EINVAL, "field \"%s\" is missing or not a string", name);
	if (hv_parse_rfc3339(json_string_value(v), ms, off) < 0)
		return hv_fail(err, HV_EINVAL,
		               "field \"%s\" is not an RFC 3339 time with offset: \"%s\"", name,
		               json_string_value(v));
	return 0;
}

int hv_record_from_json(const json_t *j, struct hv_record *r, struct hv_error *err)
{
	memset(r, 0, sizeof *r);
	if (!json_is_object(j))
		return hv_fail(err, HV_EINVAL, "a record must be a JSON object");
	const json_t *id = json_object_get(j, "id"), *kind = json_object_get(j, "kind");
	if (!json_is_string(id) || !hv_uuid_valid(json_string_value(id)))
		return hv_fail(err, HV_EINVAL, "field \"id\" is missing or not a lower-case UUID");
	if (!json_is_string(kind) || !hv_kind_valid(json_string_value(kind)))
		return hv_fail(err, HV_EINVAL, "field \"kind\" is missing or not a kind name");
	if (time_field(j, "created", &r->created_ms, &r->created_off, err) < 0 ||
	    time_field(j, "updated", &r->updated_ms, &r->updated_off, err) < 0)
		return -1;
	const json_t *ver = json_object_get(j, "version"), *del = json_object_get(j, "deleted");
	if (!json_is_integer(ver) || json_integer_value(ver) < 1 ||
	    json_integer_value(ver) > HV_VERSION_MAX)
		return hv_fail(err, HV_EINVAL,
		               "field \"version\" must be a whole number from 1 to %lld",
		               (long long)HV_VERSION_MAX);
	if (!json_is_boolean(del))
		return hv_fail(err, HV_EINVAL, "field \"deleted\" must be true or false");
	json_t *body = json_object_get(j, "body");
	if (!json_is_object(body))
		return hv_fail(err, HV_EINVAL, "field \"body\" must be a JSON object");
	static const char *const known[] = {"id",      "kind",        "created", "updated",
	                                    "version", "deleted",     "body",    "hlc",
	                                    "vv",      "conflict_of", NULL};
	const char *key = hv_body_unknown_key(j, known);
	if (key)
		return hv_fail(err, HV_EINVAL, "unknown field \"%s\"", key);
	r->hlc_ms = r->updated_ms; /* an older export: its updated time */
	const json_t *hlc = json_object_get(j, "hlc"), *vv = json_object_get(j, "vv");
	const json_t *of = json_object_get(j, "conflict_of");
	if (hlc && hv_hlc_from_json(hlc, &r->hlc_ms, &r->hlc_n, err) < 0)
		return -1;
	if (vv && (!hv_vv_valid(vv) || hv_vv_store(vv, r->vv) < 0))
		return hv_fail(err, HV_EINVAL,
		               "field \"vv\" must map up to %d device ids (hex) to counts from 1 "
		               "to %lld",
		               HV_VV_MAX, (long long)HV_VERSION_MAX);
	if (of && (!json_is_string(of) || !hv_uuid_valid(json_string_value(of))))
		return hv_fail(err, HV_EINVAL, "field \"conflict_of\" must be an entry's id");
	if (of)
		snprintf(r->conflict_of, sizeof r->conflict_of, "%s", json_string_value(of));
	snprintf(r->id, sizeof r->id, "%s", json_string_value(id));
	snprintf(r->kind, sizeof r->kind, "%s", json_string_value(kind));
	r->version = json_integer_value(ver);
	r->deleted = json_is_true(del);
	r->body = json_incref(body);
	return 0;
}

const char *hv_body_unknown_key(const json_t *obj, const char *const *known)
{
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)obj, key, v)
	{
		size_t i = 0;
		while (known[i] && strcmp(key, known[i]) != 0)
			i++;
		if (!known[i])
			return key;
	}
	return NULL;
}

int hv_body_tidy_text(json_t *obj, const char *key, struct hv_error *err)
{
	json_t *v = json_object_get(obj, key);
	if (!json_is_string(v))
		return 0;
	char *clean = hv_text_clean(json_string_value(v));
	if (!clean)
		return hv_fail(err, HV_EINVAL,
		               "%s is not valid UTF-8 text (another encoding?), so nothing "
		               "was saved",
		               key);
	if (*clean)
		json_object_set_new(obj, key, json_string(clean));
	else
		json_object_del(obj, key);
	free(clean);
	return 0;
}

json_t *hv_json_text(const char *s)
{
	return s ? json_string_nocheck(s) : NULL;
}

/* U+FFFF, a noncharacter no one types, stands in for each byte that is not
 * UTF-8 so that the JSON around it can be read. */
#define BAD_MARK "\xef\xbf\xbf"

/* Append the path to the first string holding BAD_MARK in v to out. */
static int find_mark(const json_t *v, char *out, size_t n, size_t at)
{
	if (json_is_string(v))
		return strstr(json_string_value(v), BAD_MARK) != NULL;
	const char *key;
	json_t *item;
	size_t i;
	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, key, item)
		{
			int bad_key = strstr(key, BAD_MARK) != NULL;
			snprintf(out + at, n - at, "%s%s", at ? "." : "",
			         bad_key ? "(a field's name)" : key);
			if (bad_key || find_mark(item, out, n, strlen(out)))
				return 1;
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, item)
		{
			snprintf(out + at, n - at, "%sitem %zu", at ? " " : "", i + 1);
			if (find_mark(item, out, n, strlen(out)))
				return 1;
		}
	}
	out[at] = '\0';
	return 0;
}

int hv_json_bad_text_field(const char *buf, size_t len, char *out, size_t n)
{
	if (!n || hv_text_valid(buf, len))
		return -1;
	char *copy = malloc(len * 3 + 1), *w = copy;
	if (!copy)
		return -1;
	for (size_t i = 0; i < len;) {
		size_t k = 1;
		while (k <= 4 && i + k <= len && !hv_text_valid(buf + i, k))
			k++;
		if (k <= 4 && i + k <= len) {
			memcpy(w, buf + i, k);
			w += k;
			i += k;
		} else {
			memcpy(w, BAD_MARK, 3);
			w += 3;
			i++;
		}
	}
	json_t *j = json_loadb(copy, (size_t)(w - copy), 0, NULL);
	free(copy);
	out[0] = '\0';
	int found = j && find_mark(j, out, n, 0) && out[0];
	json_decref(j);
	return found ? 0 : -1;
}
