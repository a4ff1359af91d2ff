/*
 * hlc.c — stamps, version vectors and the order of versions (hlc.h).
 */
#include "hlc.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"

int hv_hlc_cmp(int64_t a_ms, int64_t a_n, int64_t b_ms, int64_t b_n)
{
	if (a_ms != b_ms)
		return a_ms < b_ms ? -1 : 1;
	if (a_n != b_n)
		return a_n < b_n ? -1 : 1;
	return 0;
}

void hv_hlc_next(int64_t last_ms, int64_t last_n, int64_t now_ms, int64_t *ms, int64_t *n)
{
	if (now_ms > last_ms) {
		*ms = now_ms;
		*n = 0;
	} else {
		/* The wall clock is behind what we have seen: count on from it. */
		*ms = last_ms;
		*n = last_n + 1;
	}
}

int hv_hlc_from_json(const json_t *j, int64_t *ms, int64_t *n, struct hv_error *err)
{
	const json_t *a = json_array_get(j, 0), *b = json_array_get(j, 1);
	if (!json_is_array(j) || json_array_size(j) != 2 || !json_is_integer(a) ||
	    !json_is_integer(b) || json_integer_value(a) < -HV_VERSION_MAX ||
	    json_integer_value(a) > HV_VERSION_MAX || json_integer_value(b) < 0 ||
	    json_integer_value(b) > HV_VERSION_MAX)
		return hv_fail(err, HV_EINVAL,
		               "field \"hlc\" must be two whole numbers, [milliseconds, counter]");
	*ms = json_integer_value(a);
	*n = json_integer_value(b);
	return 0;
}

void hv_device_new(char out[HV_DEVICE_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b[HV_DEVICE_LEN / 2];
	if (sodium_init() < 0)
		abort(); /* no usable randomness: nothing safe to do */
	randombytes_buf(b, sizeof b);
	for (size_t i = 0; i < sizeof b; i++) {
		out[2 * i] = hex[b[i] >> 4];
		out[2 * i + 1] = hex[b[i] & 15];
	}
	out[HV_DEVICE_LEN] = '\0';
}

static int device_valid(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!strchr("0123456789abcdef", s[i]))
			return 0;
	return 1;
}

int hv_vv_valid(const json_t *vv)
{
	if (!vv)
		return 1;
	if (!json_is_object(vv) || json_object_size(vv) > HV_VV_MAX)
		return 0;
	const char *key;
	json_t *val;
	json_object_foreach((json_t *)vv, key, val)
	{
		if (!device_valid(key) || !json_is_integer(val) || json_integer_value(val) < 1 ||
		    json_integer_value(val) > HV_VERSION_MAX)
			return 0;
	}
	return 1;
}

static int64_t count_of(const json_t *vv, const char *device)
{
	const json_t *v = vv ? json_object_get(vv, device) : NULL;
	return v ? (int64_t)json_integer_value(v) : 0;
}

/* A record's vector text as an object (NULL when empty or unreadable). */
static json_t *vv_load(const char *text)
{
	json_t *vv = text && text[0] ? json_loads(text, 0, NULL) : NULL;
	if (vv && (!hv_vv_valid(vv) || json_object_size(vv) == 0)) {
		json_decref(vv);
		vv = NULL;
	}
	return vv;
}

int hv_vv_store(const json_t *vv, char out[HV_VV_TEXT_MAX])
{
	out[0] = '\0';
	if (!vv || json_object_size(vv) == 0)
		return 0;
	if (json_object_size(vv) > HV_VV_MAX)
		return -1;
	char *text = json_dumps(vv, JSON_COMPACT | JSON_SORT_KEYS);
	int ok = text && strlen(text) < HV_VV_TEXT_MAX;
	if (ok)
		memcpy(out, text, strlen(text) + 1);
	free(text);
	return ok ? 0 : -1;
}

int hv_vv_bump(const char *vv, const char *device, char out[HV_VV_TEXT_MAX])
{
	json_t *v = vv_load(vv);
	if (!v && !(v = json_object()))
		return -1;
	int64_t next = count_of(v, device) + 1;
	int rc = next <= HV_VERSION_MAX &&
	                 json_object_set_new(v, device, json_integer((json_int_t)next)) == 0
	             ? hv_vv_store(v, out)
	             : -1;
	json_decref(v);
	return rc;
}

int hv_vv_join(const char *a, const char *b, char out[HV_VV_TEXT_MAX])
{
	json_t *x = vv_load(a), *y = vv_load(b);
	if (!x && !(x = json_object())) {
		json_decref(y);
		return -1;
	}
	const char *key;
	json_t *val;
	int rc = 0;
	if (y)
		json_object_foreach(y, key, val)
		{
			if (json_integer_value(val) > count_of(x, key) &&
			    json_object_set(x, key, val) < 0)
				rc = -1;
		}
	if (rc == 0)
		rc = hv_vv_store(x, out);
	json_decref(x);
	json_decref(y);
	return rc;
}

/* Every count of a is at least b's. */
static int covers(const json_t *a, const json_t *b)
{
	const char *key;
	json_t *val;
	json_object_foreach((json_t *)b, key, val)
	{
		if (count_of(a, key) < json_integer_value(val))
			return 0;
	}
	return 1;
}

static int same_digest(const struct hv_record *a, const struct hv_record *b)
{
	unsigned char da[HV_DIGEST_LEN], db[HV_DIGEST_LEN];
	return hv_record_digest(a, da) == 0 && hv_record_digest(b, db) == 0 &&
	       memcmp(da, db, sizeof da) == 0;
}

static enum hv_history by_vectors(const struct hv_record *ours, const struct hv_record *theirs,
                                  const json_t *vo, const json_t *vt, int c)
{
	if (!vo && !vt) {
		/* Both from before version vectors: the later stamp, as ever. */
		if (c == 0)
			return same_digest(ours, theirs) ? HV_HISTORY_SAME : HV_HISTORY_CONCURRENT;
		return c > 0 ? HV_HISTORY_OURS_AHEAD : HV_HISTORY_THEIRS_AHEAD;
	}
	/* One side without a history: it is an ancestor only when older. */
	if (!vo)
		return c <= 0 ? HV_HISTORY_THEIRS_AHEAD : HV_HISTORY_CONCURRENT;
	if (!vt)
		return c >= 0 ? HV_HISTORY_OURS_AHEAD : HV_HISTORY_CONCURRENT;
	int o = covers(vo, vt), t = covers(vt, vo);
	if (o && t) {
		/* The same counts but another version: two copies of one
		 * database written apart (a copied file keeps its device id). */
		return c == 0 && same_digest(ours, theirs) ? HV_HISTORY_SAME
		                                           : HV_HISTORY_CONCURRENT;
	}
	if (o)
		return HV_HISTORY_OURS_AHEAD;
	if (t)
		return HV_HISTORY_THEIRS_AHEAD;
	return HV_HISTORY_CONCURRENT;
}

enum hv_history hv_history_cmp(const struct hv_record *ours, const struct hv_record *theirs)
{
	int c = hv_hlc_cmp(ours->hlc_ms, ours->hlc_n, theirs->hlc_ms, theirs->hlc_n);
	json_t *vo = vv_load(ours->vv), *vt = vv_load(theirs->vv);
	enum hv_history h = by_vectors(ours, theirs, vo, vt, c);
	json_decref(vo);
	json_decref(vt);
	return h;
}

int hv_record_digest(const struct hv_record *r, unsigned char out[HV_DIGEST_LEN])
{
	static const char domain[] = "haven record version 1";
	char head[512];
	int n = snprintf(head, sizeof head, "%s\n%lld %d %lld %d %lld %d %lld %lld\n%s\n", r->kind,
	                 (long long)r->created_ms, r->created_off, (long long)r->updated_ms,
	                 r->updated_off, (long long)r->version, r->deleted ? 1 : 0,
	                 (long long)r->hlc_ms, (long long)r->hlc_n, r->conflict_of);
	char *body = hv_body_dump(r->body);
	if (!body || n < 0 || (size_t)n >= sizeof head) {
		free(body);
		return -1;
	}
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, HV_DIGEST_LEN);
	crypto_generichash_update(&h, (const unsigned char *)domain, sizeof domain);
	crypto_generichash_update(&h, (const unsigned char *)head, (size_t)n);
	crypto_generichash_update(&h, (const unsigned char *)body, strlen(body));
	crypto_generichash_final(&h, out, HV_DIGEST_LEN);
	free(body);
	return 0;
}

int hv_record_order(const struct hv_record *a, const struct hv_record *b)
{
	int c = hv_hlc_cmp(a->hlc_ms, a->hlc_n, b->hlc_ms, b->hlc_n);
	if (c)
		return c;
	unsigned char da[HV_DIGEST_LEN] = {0}, db[HV_DIGEST_LEN] = {0};
	hv_record_digest(a, da);
	hv_record_digest(b, db);
	return memcmp(da, db, sizeof da);
}

void hv_conflict_id(const char *of, const unsigned char digest[HV_DIGEST_LEN],
                    char out[HV_ID_LEN + 1])
{
	static const char domain[] = "haven conflict copy 1";
	static const char hex[] = "0123456789abcdef";
	unsigned char b[16];
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, sizeof b);
	crypto_generichash_update(&h, (const unsigned char *)domain, sizeof domain);
	crypto_generichash_update(&h, (const unsigned char *)of, strlen(of));
	crypto_generichash_update(&h, digest, HV_DIGEST_LEN);
	crypto_generichash_final(&h, b, sizeof b);
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* shaped as a version 4 UUID */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	char *p = out;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		*p++ = hex[b[i] >> 4];
		*p++ = hex[b[i] & 15];
	}
	*p = '\0';
}

int hv_tombstone_order(const struct hv_tombstone *a, const struct hv_tombstone *b)
{
	int c = hv_hlc_cmp(a->hlc_ms, a->hlc_n, b->hlc_ms, b->hlc_n);
	if (c)
		return c;
	if (a->purged_ms != b->purged_ms)
		return a->purged_ms < b->purged_ms ? -1 : 1;
	return (a->purged_off > b->purged_off) - (a->purged_off < b->purged_off);
}

json_t *hv_tombstone_to_json(const struct hv_tombstone *t)
{
	char when[HV_RFC3339_MAX];
	hv_format_rfc3339(t->purged_ms, t->purged_off, when);
	return json_pack("{s:s, s:s, s:[I, I]}", "id", t->id, "purged", when, "hlc",
	                 (json_int_t)t->hlc_ms, (json_int_t)t->hlc_n);
}

int hv_json_is_tombstone(const json_t *j)
{
	return json_is_object(j) && json_object_get(j, "purged") != NULL;
}

int hv_tombstone_from_json(const json_t *j, struct hv_tombstone *t, struct hv_error *err)
{
	memset(t, 0, sizeof *t);
	const json_t *id = json_object_get(j, "id"), *when = json_object_get(j, "purged");
	if (!json_is_string(id) || !hv_uuid_valid(json_string_value(id)))
		return hv_fail(err, HV_EINVAL, "field \"id\" is missing or not a lower-case UUID");
	if (!json_is_string(when) ||
	    hv_parse_rfc3339(json_string_value(when), &t->purged_ms, &t->purged_off) < 0)
		return hv_fail(err, HV_EINVAL,
		               "field \"purged\" is not an RFC 3339 time with offset");
	if (hv_hlc_from_json(json_object_get(j, "hlc"), &t->hlc_ms, &t->hlc_n, err) < 0)
		return -1;
	if (json_object_size(j) != 3)
		return hv_fail(err, HV_EINVAL,
		               "a purge line has only \"id\", \"purged\" and \"hlc\"");
	snprintf(t->id, sizeof t->id, "%s", json_string_value(id));
	return 0;
}
