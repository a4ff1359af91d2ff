/*
 * hlc.h — the merge clock of a record: a hybrid logical clock stamp, a
 * version vector, and the rules that decide, for two versions of one
 * entry, whether one came from the other and which one wins when neither
 * did.  Pure functions, no database: store.c applies them on every write
 * and on every record brought in by import or merge (issue 13 item 10, and
 * the foundation issue 20's sync builds on).
 *
 * - The stamp (hlc) orders writes across devices: a local write gets a
 *   stamp after both the wall clock and the newest stamp the database has
 *   seen, so a device whose clock is behind still stamps an edit made after
 *   it received another device's work as later (Kulkarni et al., 2014).
 * - The version vector (vv) says which device wrote how many times; one
 *   vector that covers the other means that version already contains the
 *   other's edits.  When neither covers the other, both sides edited: a
 *   conflict.  Its winner is the later stamp, then a hash of the content,
 *   so every copy picks the same one; the loser is kept as a copy.
 */
#ifndef HAVEN_HLC_H
#define HAVEN_HLC_H

#include <jansson.h>
#include <stdint.h>

#include "error.h"
#include "record.h"

/* Compare two stamps: <0, 0, >0. */
int hv_hlc_cmp(int64_t a_ms, int64_t a_n, int64_t b_ms, int64_t b_n);

/* The stamp of a local write: after the newest one seen (last) and now. */
void hv_hlc_next(int64_t last_ms, int64_t last_n, int64_t now_ms, int64_t *ms, int64_t *n);

/* A stamp in JSON: [ms, n], both whole numbers every JSON reader holds
 * exactly (up to 2^53 - 1 in size). */
int hv_hlc_from_json(const json_t *j, int64_t *ms, int64_t *n, struct hv_error *err);

/* The most devices a version vector may name, and a device id's form: 16
 * lower-case hex digits (64 random bits), made once per database. */
#define HV_VV_MAX     48
#define HV_DEVICE_LEN 16
void hv_device_new(char out[HV_DEVICE_LEN + 1]);

/* True when vv is NULL (no history known) or an object of device id →
 * whole number 1..HV_VERSION_MAX, at most HV_VV_MAX of them. */
int hv_vv_valid(const json_t *vv);

/* A vector as a record holds it: canonical text, "" when empty; -1 when
 * it does not fit (more than HV_VV_MAX devices). */
int hv_vv_store(const json_t *vv, char out[HV_VV_TEXT_MAX]);

/* vv (a record's text) with device's count one more, into out. */
int hv_vv_bump(const char *vv, const char *device, char out[HV_VV_TEXT_MAX]);

/* The pointwise maximum of a and b (records' texts), into out. */
int hv_vv_join(const char *a, const char *b, char out[HV_VV_TEXT_MAX]);

/* How two versions of one entry relate. */
enum hv_history {
	HV_HISTORY_SAME,       /* the same version */
	HV_HISTORY_OURS_AHEAD, /* ours already holds every edit theirs has */
	HV_HISTORY_THEIRS_AHEAD,
	HV_HISTORY_CONCURRENT, /* each has an edit the other lacks: a conflict */
};

/*
 * From the version vectors; a record from before them (an empty vector:
 * an old database or export) is judged by its stamp, as merges always were,
 * unless the other side has edits its stamp does not cover — then it is a
 * conflict, so no edit is dropped unseen.  Symmetric: swapping the sides
 * swaps OURS and THEIRS.
 */
enum hv_history hv_history_cmp(const struct hv_record *ours, const struct hv_record *theirs);

/* A hash of everything a version says (not its vector): equal for equal
 * versions, and the last tie-break of hv_record_order. */
#define HV_DIGEST_LEN 32
int hv_record_digest(const struct hv_record *r, unsigned char out[HV_DIGEST_LEN]);

/* The total order of two versions: stamp, then digest.  >0: a wins. */
int hv_record_order(const struct hv_record *a, const struct hv_record *b);

/* The id of the kept copy of a losing version of entry `of`: the same on
 * every device, so merging in either direction, or twice, keeps one. */
void hv_conflict_id(const char *of, const unsigned char digest[HV_DIGEST_LEN],
                    char out[HV_ID_LEN + 1]);

/* A purge, remembered so that no other copy brings the entry back: its id,
 * when, and the stamp of the purge.  Nothing of its content. */
struct hv_tombstone {
	char id[HV_ID_LEN + 1];
	int64_t purged_ms;
	int purged_off;
	int64_t hlc_ms, hlc_n;
};

/* Which of two tombstones of one id every copy keeps: >0 a. */
int hv_tombstone_order(const struct hv_tombstone *a, const struct hv_tombstone *b);

/* {"id","purged","hlc"}, the line an export writes for a purge. */
json_t *hv_tombstone_to_json(const struct hv_tombstone *t);
/* True when j is a tombstone line (it has "purged"); then parse it. */
int hv_json_is_tombstone(const json_t *j);
int hv_tombstone_from_json(const json_t *j, struct hv_tombstone *t, struct hv_error *err);

#endif
