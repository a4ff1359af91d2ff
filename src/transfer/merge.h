/*
 * merge.h — bringing in the records of another copy of the journal (say, a
 * laptop's and a desktop's, kept side by side by a file-sync tool).
 *
 * The union by id: a record only the other copy has is added; one both
 * have is replaced only when the other copy's `updated` is later, so the
 * newer edit wins, a soft delete (or its undoing) travels like any edit,
 * and merging the same copy twice changes nothing.  Every incoming body is
 * checked against its kind first, and the whole merge is one transaction.
 * Both copies must be vaults or both plain: a vault's entries are never
 * copied into a plain database, nor plain ones quietly into a vault.
 * Chat history (chat_days) and settings stay with each copy.
 */
#ifndef HAVEN_MERGE_H
#define HAVEN_MERGE_H

#include <stdint.h>

#include "core/error.h"
#include "core/store.h"

struct hv_merge_stats {
	int64_t seen, added, updated, kept;
};

/* Refuse a vault/plain mix with a message naming both files. */
int hv_merge_check_pair(struct hv_store *into, struct hv_store *from, struct hv_error *err);

/* Merge every record of from (deleted ones too) into into; both unlocked. */
int hv_merge(struct hv_store *into, struct hv_store *from, struct hv_merge_stats *stats,
	     struct hv_error *err);

#endif
