/*
 * sync-private.h — what the files of src/sync/ share: the folder's files
 * (folder.c) and this device's sync state (sync.c).
 */
#ifndef HAVEN_SYNC_PRIVATE_H
#define HAVEN_SYNC_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "segment.h"
#include "sync.h"

/* A segment's file name: ten digits of its number, then ".seg". */
#define HV_SEG_NAME_MAX 32
void hv_sync_seg_name(int64_t seq, char out[HV_SEG_NAME_MAX]);

/* dir/name holds buf, whole and durable, or nothing: written to a
 * temporary name, fsync'd, linked into place (never over a file already
 * there: then 1), the folder fsync'd.  0 when written. */
int hv_sync_put_file(const char *dir, const char *name, const void *buf, size_t n,
                     struct hv_error *err);

/* The same for a file a device rewrites (its acknowledgements): renamed
 * over the old one. */
int hv_sync_replace_file(const char *dir, const char *name, const void *buf, size_t n,
                         struct hv_error *err);

/* The whole of a file; 1 when there is none. */
int hv_sync_get_file(const char *path, unsigned char **buf, size_t *n, struct hv_error *err);

/* The numbers of the segments in dir, in order (malloc'd; *n of them). */
int hv_sync_list(const char *dir, int64_t **seqs, size_t *n, struct hv_error *err);

/* The same for another ending (".snap": the snapshots of compaction). */
int hv_sync_list_ext(const char *dir, const char *ext, int64_t **seqs, size_t *n,
                     struct hv_error *err);

/* The device ids that have a folder in folder (a json array of strings). */
json_t *hv_sync_devices(const char *folder, struct hv_error *err);

/* Make dir (0700) when missing; an error names the folder and why. */
int hv_sync_mkdir(const char *dir, struct hv_error *err);

/* This device's state, read once per run. */
struct hv_sync_state {
	char folder[4096];
	char device[HV_DEVICE_LEN + 1];
	unsigned char key_buf[HV_SEG_KEY_LEN];
	const unsigned char *key; /* the folder key (a vault), else NULL */
	int64_t own_seq;
	unsigned char own_hash[HV_SEG_HASH_LEN];
	int64_t sent_ms, sent_n; /* the newest stamp sent */
	int sent_any;
};
int hv_sync_state_load(struct hv_store *st, struct hv_sync_state *s, struct hv_error *err);
void hv_sync_state_wipe(struct hv_sync_state *s);

/* Note that this device synced now, for hv_sync_status (sync-status.c);
 * kept to the minute, so a sync with nothing new rarely writes it. */
int hv_sync_note_done(struct hv_store *st, struct hv_error *err);

/* "SEQ HASH" pairs kept in meta. */
int hv_sync_mark_get(struct hv_store *st, const char *key, int64_t *seq,
                     unsigned char hash[HV_SEG_HASH_LEN], struct hv_error *err);
int hv_sync_mark_set(struct hv_store *st, const char *key, int64_t seq,
                     const unsigned char hash[HV_SEG_HASH_LEN], struct hv_error *err);

/*
 * Compaction (compact.c).  Each device says in FOLDER/ID/applied.json how
 * far it has applied every other device's segments; a device whose own
 * segments every other device has applied folds them into one snapshot,
 * FOLDER/ID/NNNNNNNNNN.snap: the whole journal as it holds it, in the
 * segment form, its number the last segment folded and its "prev" that
 * segment's hash, so the segment after it still links.  A device that was
 * away past the snapshot applies it, then goes on from there.
 */
#define HV_SYNC_ACK_FILE    "applied.json"
#define HV_SYNC_COMPACT_MIN 8 /* segments to fold at once, at least */
int hv_sync_acknowledge(const struct hv_sync_state *s, const json_t *devices, struct hv_error *err);
int hv_sync_compact(struct hv_store *st, const struct hv_sync_state *s, struct hv_error *err);
/* The newest snapshot of device in dir at or past from: its number, 0
 * when none. */
int64_t hv_sync_snapshot_at(const char *dir, int64_t from);
/* Every record and purge of the journal, as a segment holds them. */
json_t *hv_sync_everything(struct hv_store *st, struct hv_error *err);

#endif
