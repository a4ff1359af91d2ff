/*
 * sync-status.c — what a settings screen shows of sync, and its switch:
 * the folder, this device's id, whether sync.auto is on, when this device
 * last synced, and each other device in the folder with how many of its
 * files this one has applied and when it last wrote to the folder.
 *
 * Reading the status writes nothing and needs no key (a locked vault shows
 * it too).  A folder that cannot be read (a drive not mounted) is no
 * failure: the status says so in "problem", for the person to see.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/clock.h"
#include "sync-private.h"

#define LAST_KEY "sync.last"
/* How stale the kept time of the last sync may grow before a sync with
 * nothing new writes it again: a settings screen shows it to the minute,
 * and each write waits for the disk. */
#define LAST_STEP_MS 60000

static json_t *when(int64_t ms)
{
	char buf[HV_RFC3339_MAX];
	hv_format_rfc3339(ms, hv_local_offset_min(ms), buf);
	return json_string(buf);
}

/* The time kept under LAST_KEY: 1 and *ms, 0 when none. */
static int last_get(struct hv_store *st, int64_t *ms, struct hv_error *err)
{
	char buf[32];
	long long v;
	int got = hv_store_meta_get(st, LAST_KEY, buf, sizeof buf, err);
	if (got <= 0)
		return got;
	if (sscanf(buf, "%lld", &v) != 1)
		return 0; /* damaged: as if never */
	*ms = v;
	return 1;
}

int hv_sync_note_done(struct hv_store *st, struct hv_error *err)
{
	int64_t now = hv_now_ms(), last = 0;
	int got = last_get(st, &last, err);
	if (got < 0)
		return -1;
	if (got && now >= last && now - last < LAST_STEP_MS)
		return 0;
	char buf[32];
	snprintf(buf, sizeof buf, "%lld", (long long)now);
	return hv_store_meta_set(st, LAST_KEY, buf, err);
}

/* The newest change of any file in dir: 1 and *ms, 0 when it has none. */
static int newest_file(const char *dir, int64_t *ms)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int any = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		struct stat sb;
		if (e->d_name[0] == '.' || fstatat(dirfd(d), e->d_name, &sb, 0) != 0 ||
		    !S_ISREG(sb.st_mode))
			continue;
		int64_t t = (int64_t)sb.st_mtim.tv_sec * 1000 + sb.st_mtim.tv_nsec / 1000000;
		if (!any || t > *ms)
			*ms = t;
		any = 1;
	}
	closedir(d);
	return any;
}

/* One other device: {"device", "applied", "last_seen"}. */
static json_t *device_json(struct hv_store *st, const char *folder, const char *dev,
                           struct hv_error *err)
{
	char key[64], dir[PATH_MAX + 64];
	unsigned char hash[HV_SEG_HASH_LEN];
	int64_t seen = 0, ms = 0;
	snprintf(key, sizeof key, "sync.seen.%s", dev);
	if (hv_sync_mark_get(st, key, &seen, hash, err) < 0)
		return NULL;
	snprintf(dir, sizeof dir, "%s/%s", folder, dev);
	int any = newest_file(dir, &ms);
	return json_pack("{s:s, s:I, s:o}", "device", dev, "applied", (json_int_t)seen, "last_seen",
	                 any ? when(ms) : json_null());
}

/* The other devices in the folder, into out; -1 when the store fails,
 * 1 when the folder cannot be read (err says why), 0 otherwise. */
static int devices(struct hv_store *st, const char *folder, const char *self, json_t *out,
                   struct hv_error *err)
{
	json_t *ids = hv_sync_devices(folder, err);
	if (!ids)
		return 1;
	size_t i;
	json_t *id;
	int rc = 0;
	json_array_foreach(ids, i, id)
	{
		const char *dev = json_string_value(id);
		if (strcmp(dev, self) == 0)
			continue;
		json_t *d = device_json(st, folder, dev, err);
		if (!d || json_array_append_new(out, d) < 0) {
			rc = -1;
			break;
		}
	}
	json_decref(ids);
	return rc;
}

json_t *hv_sync_status(struct hv_store *st, struct hv_error *err)
{
	char folder[4096], self[64] = "";
	int64_t last = 0;
	int set_up = hv_sync_folder(st, folder, sizeof folder, err), has_last;
	if (set_up < 0 || hv_store_meta_get(st, "device", self, sizeof self, err) < 0 ||
	    (has_last = last_get(st, &last, err)) < 0)
		return NULL;
	json_t *list = json_array();
	json_t *out =
	    json_pack("{s:b, s:s?, s:s?, s:b, s:o, s:o, s:n}", "set_up", set_up, "folder",
	              set_up ? folder : NULL, "device", set_up && *self ? self : NULL, "auto",
	              hv_sync_auto(st), "last_sync", has_last && set_up ? when(last) : json_null(),
	              "devices", list ? list : json_null(), "problem");
	if (!out || !list) {
		json_decref(out);
		hv_fail(err, HV_ENOMEM, "out of memory");
		return NULL;
	}
	struct hv_error why;
	int rc = set_up ? devices(st, folder, self, list, &why) : 0;
	if (rc < 0) {
		*err = why;
		json_decref(out);
		return NULL;
	}
	if (rc == 1)
		json_object_set_new(out, "problem", json_string(why.msg));
	return out;
}

int hv_sync_set_auto(struct hv_store *st, int on, struct hv_error *err)
{
	char folder[16];
	int set_up = hv_sync_folder(st, folder, sizeof folder, err);
	if (set_up < 0)
		return -1;
	if (on && !set_up)
		return hv_fail(err, HV_EINVAL,
		               "sync cannot be turned on before a sync folder is named: run `haven "
		               "sync init FOLDER` on this device first");
	return hv_store_meta_set(st, "sync.auto", on ? "on" : "off", err);
}
