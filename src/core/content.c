/*
 * content.c — lookup of the data files embedded at build time.
 *
 * The build generates content-blob.S, which .incbin's each file under data/
 * and emits hv_content_table, an array of {name, start, end} ending in a
 * NULL name.  Parsed JSON is cached per file on first use and kept to the
 * end of the process: freeing it at exit cost a coach of a long draft 2.5 M
 * instructions after its answer was ready, and the cache stays reachable,
 * so leak checkers count nothing lost.
 */
#include "content.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct hv_content_entry {
	const char *name;
	const char *start;
	const char *end;
};

extern const struct hv_content_entry hv_content_table[];

#define CACHE_MAX 64
static struct {
	const char *name;
	json_t *json;
} cache[CACHE_MAX];
static atomic_int cached; /* entries [0, cached) are complete */
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static const json_t *cached_json(const char *name)
{
	int n = atomic_load_explicit(&cached, memory_order_acquire);
	for (int i = 0; i < n; i++)
		if (strcmp(cache[i].name, name) == 0)
			return cache[i].json;
	return NULL;
}

static const struct hv_content_entry *find_entry(const char *name)
{
	for (const struct hv_content_entry *e = hv_content_table; e->name; e++)
		if (strcmp(e->name, name) == 0)
			return e;
	return NULL;
}

const char *hv_content_bytes(const char *name, size_t *len)
{
	const struct hv_content_entry *e = find_entry(name);
	if (e && len)
		*len = (size_t)(e->end - e->start);
	return e ? e->start : NULL;
}

static const json_t *parse_and_keep(const char *name, struct hv_error *err)
{
	const json_t *known = cached_json(name); /* another thread may have been first */
	if (known)
		return known;
	const struct hv_content_entry *e = find_entry(name);
	if (!e) {
		hv_fail(err, HV_ECORRUPT, "the built-in file data/%s is missing from this build",
		        name);
		return NULL;
	}
	json_error_t je;
	json_t *j = json_loadb(e->start, (size_t)(e->end - e->start), 0, &je);
	if (!j) {
		hv_fail(err, HV_ECORRUPT,
		        "the built-in file data/%s is not valid JSON (line %d: %s)", name, je.line,
		        je.text);
		return NULL;
	}
	int i = atomic_load(&cached);
	if (i == CACHE_MAX)
		return j; /* never happens with the files we ship; leaks rather than fails */
	/* The table's own name: the caller's string may not outlive this call. */
	cache[i].name = e->name;
	cache[i].json = j;
	atomic_store_explicit(&cached, i + 1, memory_order_release);
	return j;
}

const json_t *hv_content_json(const char *name, struct hv_error *err)
{
	const json_t *j = cached_json(name);
	if (j)
		return j;
	pthread_mutex_lock(&cache_lock);
	j = parse_and_keep(name, err);
	pthread_mutex_unlock(&cache_lock);
	return j;
}

/* scripts/embed-content.sh's table of the build's images; weak, so a
 * program linked without them still links, and finds none. */
extern const struct hv_content_entry hv_image_table[] __attribute__((weak));

const char *hv_content_image(const char *name, size_t *len)
{
	for (const struct hv_content_entry *e = hv_image_table; e && e->name; e++)
		if (strcmp(e->name, name) == 0) {
			if (len)
				*len = (size_t)(e->end - e->start);
			return e->start;
		}
	return NULL;
}

/* FNV-1a over eight bytes at a time, in four lanes that take turns (each
 * multiply waits on its own lane only, and the loop is a quarter as
 * long: the weights files are checked at every start), then the lanes
 * folded together, then the tail byte by byte. */
uint64_t hv_content_fingerprint(const char *bytes, size_t len)
{
	const uint64_t prime = 1099511628211ULL, step = 0x9E3779B97F4A7C15ULL;
	uint64_t a = 1469598103934665603ULL ^ len, b = a + step, c = b + step, d = c + step;
	size_t i = 0;
	for (; i + 32 <= len; i += 32) {
		uint64_t w, x, y, z;
		memcpy(&w, bytes + i, 8);
		memcpy(&x, bytes + i + 8, 8);
		memcpy(&y, bytes + i + 16, 8);
		memcpy(&z, bytes + i + 24, 8);
		a = (a ^ w) * prime;
		b = (b ^ x) * prime;
		c = (c ^ y) * prime;
		d = (d ^ z) * prime;
	}
	uint64_t h = (((a ^ b) * prime ^ c) * prime ^ d) * prime;
	for (; i + 8 <= len; i += 8) {
		uint64_t word;
		memcpy(&word, bytes + i, 8);
		h = (h ^ word) * prime;
	}
	for (; i < len; i++)
		h = (h ^ (unsigned char)bytes[i]) * prime;
	return h;
}

const json_t *hv_json_at(const json_t *j, const char *path)
{
	char key[128];
	const char *p = path;
	while (j && *p) {
		size_t n = strcspn(p, "/");
		if (n >= sizeof key)
			return NULL;
		memcpy(key, p, n);
		key[n] = '\0';
		j = json_is_array(j) ? json_array_get(j, strtoul(key, NULL, 10))
		                     : json_object_get(j, key);
		p += n + (p[n] == '/');
	}
	return j;
}

int hv_json_has_string(const json_t *list, const char *s)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		if (s && json_is_string(v) && strcmp(json_string_value(v), s) == 0)
			return 1;
	}
	return 0;
}

const char *hv_json_keys_join(const json_t *obj, char *buf, size_t n)
{
	size_t len = 0;
	const char *key;
	json_t *v;
	if (n)
		buf[0] = '\0';
	json_object_foreach((json_t *)obj, key, v)
	{
		int k = snprintf(buf + len, n - len, "%s%s", len ? ", " : "", key);
		if (k < 0 || (size_t)k >= n - len) {
			buf[len] = '\0'; /* no half key */
			break;
		}
		len += (size_t)k;
	}
	return buf;
}

int hv_json_array_sort(json_t *arr, int (*cmp)(const void *, const void *))
{
	size_t n = json_array_size(arr);
	if (n < 2)
		return 0;
	json_t **v = malloc(n * sizeof *v);
	if (!v)
		return -1;
	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(arr, i));
	qsort(v, n, sizeof *v, cmp);
	json_array_clear(arr);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, v[i]);
	free(v);
	return 0;
}

const char *hv_content_text(const char *name, const char *path, const char *fallback)
{
	const json_t *j = hv_json_at(hv_content_json(name, NULL), path);
	return json_is_string(j) ? json_string_value(j) : fallback;
}

void hv_content_each(void (*fn)(const char *name, const char *bytes, size_t len, void *ctx),
                     void *ctx)
{
	for (const struct hv_content_entry *e = hv_content_table; e->name; e++)
		fn(e->name, e->start, (size_t)(e->end - e->start), ctx);
}
