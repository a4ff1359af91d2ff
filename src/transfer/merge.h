/*
 * merge.h — bringing in the records of another copy of the journal (say, a
 * laptop's and a desktop's, kept side by side by a file-sync tool).
 *
 * The union by id, by the merge rules of core/hlc.h (hv_store_upsert): a
 * record only the other copy has is added; one both have takes the version
 * that already holds the other's edits; when each copy edited it, every
 * copy keeps the same winner (the later stamp, then a hash) and the loser
 * as a deleted entry whose conflict_of names it, and the merge lists it.
 * The other copy's purges come first: what either copy purged stays
 * purged.  So merging A into B and B into A gives the same entries, and
 * merging twice changes nothing.  Every incoming body is checked against
 * its kind first, and the whole merge is one transaction.
 * Both copies must be vaults or both plain: a vault's entries are never
 * copied into a plain database, nor plain ones quietly into a vault.
 * Chat history (chat_days) and settings stay with each copy.
 */
#ifndef HAVEN_MERGE_H
#define HAVEN_MERGE_H

#include <stdint.h>

#include <jansson.h>

#include "core/error.h"
#include "core/store.h"

struct hv_merge_stats {
	int64_t seen, added, updated, kept;
	int64_t purged;    /* entries removed or left out because a copy purged them */
	int64_t conflicts; /* entries both copies had edited */
	/* One object per conflict: {"id", "kept": "here"|"other", "kept_updated",
	 * "lost_updated", "copy": the deleted entry holding the loser}.  Owned:
	 * json_decref it. */
	json_t *report;
};

/* Refuse a vault/plain mix with a message naming both files. */
int hv_merge_check_pair(struct hv_store *into, struct hv_store *from, struct hv_error *err);

/* Merge every record of from (deleted ones too) and every purge into into;
 * both unlocked. */
int hv_merge(struct hv_store *into, struct hv_store *from, struct hv_merge_stats *stats,
             struct hv_error *err);

/*
 * One record, or one purge, brought in by the same rules, counted in stats
 * (its report must be an array): for sync (issue 20), which reads the
 * other copies' changes from files rather than from a database.  Inside
 * the caller's transaction; err has the bare reason, for the caller to
 * name where the record came from.
 */
int hv_merge_one(struct hv_store *into, const struct hv_record *r, struct hv_merge_stats *stats,
                 struct hv_error *err);
int hv_merge_purge(struct hv_store *into, const struct hv_tombstone *t,
                   struct hv_merge_stats *stats, struct hv_error *err);

#endif
