/*
 * segment.h — one change segment of the sync folder: the records and purges
 * one device wrote since its last segment, as bytes a sync engine may copy.
 *
 * The plain form is JSON Lines: a header line {"haven_sync":1, "device",
 * "seq", "prev", "count"}, then one line per record or purge (the lines an
 * export writes), then {"end": count}.  A file cut short lacks its end
 * line, so it is refused, never half applied.  "prev" is the hash
 * (BLAKE2b, libsodium's generichash) of the same device's previous segment
 * file: a segment missing from, or put into, a device's chain shows.
 *
 * The sealed form (a vault's journal) is a magic line, then the plain form
 * in crypto_secretstream pieces under the folder key, each bound to the
 * device and number, the last tagged FINAL: a segment changed, cut short,
 * renamed or made without the key does not open.
 */
#ifndef HAVEN_SYNC_SEGMENT_H
#define HAVEN_SYNC_SEGMENT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/hlc.h"

#define HV_SEG_HASH_LEN 32
#define HV_SEG_KEY_LEN  32
#define HV_SEG_MAGIC    "haven-sync-sealed 1\n"

struct hv_segment {
	char device[HV_DEVICE_LEN + 1];
	int64_t seq;
	int has_prev; /* every segment but a device's first */
	unsigned char prev[HV_SEG_HASH_LEN];
	json_t *lines; /* records and purges, as an export writes them */
};

/* The hash a segment's successor names as its "prev". */
void hv_segment_hash(const void *buf, size_t n, unsigned char out[HV_SEG_HASH_LEN]);

/* True when s is a device id (16 lower-case hex digits). */
int hv_segment_device_valid(const char *s);

/* The bytes of a segment (malloc'd into *out): sealed under key when key
 * is not NULL.  prev is NULL for a device's first segment. */
int hv_segment_make(const char *device, int64_t seq, const unsigned char *prev, const json_t *lines,
                    const unsigned char *key, unsigned char **out, size_t *outlen,
                    struct hv_error *err);

/*
 * Read the bytes of a segment found as device's number seq: opened with
 * key when sealed (a sealed one without a key, or a plain one when key is
 * set, is refused), its header checked against device and seq, its lines
 * counted against the end line.  Every line must be a JSON object; what a
 * record says is checked when it is applied.  On success seg->lines is
 * owned by seg (hv_segment_free).
 */
int hv_segment_parse(const unsigned char *buf, size_t n, const unsigned char *key,
                     const char *device, int64_t seq, struct hv_segment *seg, struct hv_error *err);
void hv_segment_free(struct hv_segment *seg);

#endif
