/*
 * compact.c — keeping the sync folder from growing forever (the design is
 * in sync-private.h).  Only a device's own segments are ever folded, by
 * that device, and only those every other device says it has applied; a
 * device that never comes back holds them until its folder is removed
 * (docs/SYNC.md).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sync-private.h"

int hv_sync_acknowledge(const struct hv_sync_state *s, const json_t *devices, struct hv_error *err)
{
	char dir[PATH_MAX + 64], path[PATH_MAX + 96];
	snprintf(dir, sizeof dir, "%s/%s", s->folder, s->device);
	snprintf(path, sizeof path, "%s/%s", dir, HV_SYNC_ACK_FILE);
	json_t *ack = json_object();
	size_t i;
	const json_t *d;
	json_array_foreach(devices, i, d)
	{
		json_int_t seq = json_integer_value(json_object_get(d, "applied"));
		if (seq > 0)
			json_object_set_new(ack, json_string_value(json_object_get(d, "device")),
			                    json_integer(seq));
	}
	char *text = json_dumps(ack, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(ack);
	if (!text)
		return hv_fail(err, HV_ENOMEM, "out of memory");
	/* Unchanged: not rewritten, so the sync engine has nothing to carry. */
	unsigned char *old = NULL;
	size_t n = 0;
	int rc = 0;
	if (hv_sync_get_file(path, &old, &n, err) != 0 || n != strlen(text) ||
	    memcmp(old, text, n) != 0)
		rc = hv_sync_replace_file(dir, HV_SYNC_ACK_FILE, text, strlen(text), err);
	free(old);
	free(text);
	return rc < 0 ? -1 : 0;
}

/* How far every other device has applied this one's segments (0: one has
 * not said, or there is no other device). */
static int64_t applied_by_all(const struct hv_sync_state *s)
{
	struct hv_error err;
	json_t *devs = hv_sync_devices(s->folder, &err);
	int64_t low = -1;
	size_t i;
	json_t *d;
	json_array_foreach(devs, i, d)
	{
		const char *dev = json_string_value(d);
		if (strcmp(dev, s->device) == 0)
			continue;
		char path[PATH_MAX + 96];
		snprintf(path, sizeof path, "%s/%s/%s", s->folder, dev, HV_SYNC_ACK_FILE);
		unsigned char *buf = NULL;
		size_t n = 0;
		json_t *ack = NULL;
		if (hv_sync_get_file(path, &buf, &n, &err) == 0)
			ack = json_loadb((const char *)buf, n, 0, NULL);
		free(buf);
		int64_t seq = json_integer_value(json_object_get(ack, s->device));
		json_decref(ack);
		if (low < 0 || seq < low)
			low = seq;
	}
	json_decref(devs);
	return low < 0 ? 0 : low;
}

int64_t hv_sync_snapshot_at(const char *dir, int64_t from)
{
	int64_t *seqs, top = 0;
	size_t n;
	struct hv_error err;
	if (hv_sync_list_ext(dir, ".snap", &seqs, &n, &err) < 0)
		return 0;
	if (n && seqs[n - 1] >= from)
		top = seqs[n - 1];
	free(seqs);
	return top;
}

static int add_purge(const struct hv_tombstone *t, void *ctx)
{
	return json_array_append_new(ctx, hv_tombstone_to_json(t)) < 0;
}

static int add_record(const struct hv_record *r, void *ctx)
{
	return json_array_append_new(ctx, hv_record_to_json_sync(r)) < 0;
}

json_t *hv_sync_everything(struct hv_store *st, struct hv_error *err)
{
	json_t *lines = json_array();
	struct hv_query q = {.include_deleted = 1};
	if (!lines || hv_store_each_tombstone(st, add_purge, lines, err) < 0 ||
	    hv_store_each(st, &q, add_record, lines, err) < 0) {
		json_decref(lines);
		return NULL;
	}
	return lines;
}

/* Remove what the snapshot at upto holds: segments to it, older snapshots. */
static void drop_folded(const char *dir, int64_t upto)
{
	static const char *const ext[] = {".seg", ".snap"};
	for (int e = 0; e < 2; e++) {
		int64_t *seqs;
		size_t n;
		struct hv_error err;
		if (hv_sync_list_ext(dir, ext[e], &seqs, &n, &err) < 0)
			continue;
		for (size_t i = 0; i < n; i++)
			if (seqs[i] < upto || (e == 0 && seqs[i] == upto)) {
				char path[PATH_MAX + 96];
				snprintf(path, sizeof path, "%s/%010lld%s", dir, (long long)seqs[i],
				         ext[e]);
				unlink(path);
			}
		free(seqs);
	}
}

int hv_sync_compact(struct hv_store *st, const struct hv_sync_state *s, struct hv_error *err)
{
	char dir[PATH_MAX + 64], name[HV_SEG_NAME_MAX + 8], path[PATH_MAX + 128];
	snprintf(dir, sizeof dir, "%s/%s", s->folder, s->device);
	int64_t upto = applied_by_all(s);
	if (upto > s->own_seq)
		upto = s->own_seq;
	if (upto - hv_sync_snapshot_at(dir, 0) < HV_SYNC_COMPACT_MIN)
		return 0;
	hv_sync_seg_name(upto, name);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	unsigned char *buf, last[HV_SEG_HASH_LEN];
	size_t n;
	int got = hv_sync_get_file(path, &buf, &n, err);
	if (got != 0)
		return got < 0 ? -1 : 0;
	hv_segment_hash(buf, n, last);
	free(buf);
	json_t *lines = hv_sync_everything(st, err);
	if (!lines)
		return -1;
	int rc = hv_segment_make(s->device, upto, last, lines, s->key, &buf, &n, err);
	json_decref(lines);
	if (rc < 0)
		return -1;
	snprintf(name, sizeof name, "%010lld.snap", (long long)upto);
	rc = hv_sync_put_file(dir, name, buf, n, err);
	free(buf);
	if (rc < 0)
		return -1;
	drop_folded(dir, upto);
	return 0;
}
