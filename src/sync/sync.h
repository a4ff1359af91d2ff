/*
 * sync.h — one journal on several devices, through a folder that a sync
 * engine (Syncthing, a cloud folder) keeps the same on each of them.
 *
 * The live database never goes into the folder: a sync engine copying a
 * database half-written is how databases get corrupted.  Each device
 * writes only its own append-only change segments (segment.h) into
 * FOLDER/DEVICE-ID/, and reads every other device's, bringing them in by
 * the merge rules of transfer/merge.h, the same as `haven merge`: the
 * same winner on every device, the losing edit kept as a deleted copy, a
 * purge kept purged.
 *
 * What this device sent and applied is kept in `meta` (sync.*): the last
 * segment it wrote and its hash, the newest stamp it sent, and per other
 * device the last segment applied and its hash, which the next one must
 * name.  A segment that is missing, cut short or forged is refused by name
 * and that device waits there; the other devices still apply.  Library
 * code: no argv, no printing.
 */
#ifndef HAVEN_SYNC_H
#define HAVEN_SYNC_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/store.h"
#include "transfer/merge.h"

/* The file in the folder saying how its segments are kept (sealed or not,
 * and for a vault the folder key, wrapped under the passphrase). */
#define HV_SYNC_FOLDER_FILE "haven-sync.json"

/*
 * Name the folder.  It must exist and be writable.  A vault's journal
 * needs pass: the first device makes the folder key and wraps it under a
 * key from pass (Argon2id); every other device must give the same pass to
 * unwrap it.  new_device gives this database a fresh device id (for a
 * copy of another device's database).  Sending starts from the whole
 * journal.
 */
int hv_sync_init(struct hv_store *st, const char *folder, const char *pass, size_t n,
                 int new_device, struct hv_error *err);

/* The folder named, into buf: 1; 0 when sync is not set up. */
int hv_sync_folder(struct hv_store *st, char *buf, size_t n, struct hv_error *err);

/* Whether `sync.auto` is on (sync on open and after writes). */
int hv_sync_auto(struct hv_store *st);

/* Turn sync.auto on or off; on is refused (HV_EINVAL) until a sync folder
 * is named. */
int hv_sync_set_auto(struct hv_store *st, int on, struct hv_error *err);

/*
 * Sync as a settings screen shows it (sync-status.c), writing nothing:
 * {"set_up", "folder", "device", "auto", "last_sync", "devices",
 * "problem"}.  last_sync is when this device last synced (RFC 3339, to the
 * minute) or null; devices lists each other device in the folder,
 * {"device", "applied": its files applied here, "last_seen": the newest
 * change to its files, or null}; problem says why the folder could not be
 * read (a drive not mounted), else null.  NULL only when the store fails.
 */
json_t *hv_sync_status(struct hv_store *st, struct hv_error *err);

struct hv_sync_result {
	char device[32];
	int64_t segment; /* the segment this device wrote, 0 when nothing was new */
	int64_t sent;    /* records and purges in it */
	int64_t applied; /* other devices' segments applied */
	struct hv_merge_stats merged;
	/* One object per segment refused: {"device", "segment", "file", "why"}. */
	json_t *refused;
	/* Other devices and how far this one has applied each: {"device", "applied"}. */
	json_t *devices;
};

/*
 * Write this device's new segment (when anything changed since the last),
 * then apply every other device's segments not applied yet, each in one
 * transaction.  -1 only when nothing could be done (sync not set up, the
 * folder gone or unwritable, a second device using this one's id); a
 * refused segment is listed in res->refused.  Release with
 * hv_sync_result_free.
 */
int hv_sync_run(struct hv_store *st, struct hv_sync_result *res, struct hv_error *err);
void hv_sync_result_free(struct hv_sync_result *res);

#endif
