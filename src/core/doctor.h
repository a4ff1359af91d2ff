/*
 * doctor.h — what `haven doctor` asks of a database: is the file whole,
 * which entries cannot be read, and set those aside so the rest works.
 */
#ifndef HAVEN_DOCTOR_H
#define HAVEN_DOCTOR_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "record.h"
#include "store.h"

/* One entry that cannot be read: its row, what is left of its id and
 * kind, and why, in words. */
struct hv_damaged {
	int64_t rowid;
	char id[HV_ID_LEN + 1];
	char kind[HV_KIND_MAX];
	char why[160];
};

/* Every page of the file read (PRAGMA quick_check): 0 when whole, 1 when
 * damaged (result says where), -1 when it could not be asked. */
int hv_doctor_file_check(struct hv_store *st, char *result, size_t n, struct hv_error *err);

/* Call fn for each entry, deleted ones too, that cannot be read (a vault
 * must be unlocked); fn returns non-zero to stop. */
typedef int (*hv_damaged_fn)(const struct hv_damaged *d, void *ctx);
int hv_doctor_find_damaged(struct hv_store *st, hv_damaged_fn fn, void *ctx, struct hv_error *err);

/* Move d's row whole into the table `quarantine` (bytes as stored, with
 * why and when), in one transaction with its removal from the entries.
 * Refused in a vault (see doctor.c). */
int hv_doctor_quarantine(struct hv_store *st, const struct hv_damaged *d, struct hv_error *err);

/* How many rows have been set aside so far. */
int hv_doctor_quarantined(struct hv_store *st, int64_t *n, struct hv_error *err);

#endif
