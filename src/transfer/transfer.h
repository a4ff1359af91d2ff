/*
 * transfer.h — moving records in and out of a store: JSON Lines export and
 * import (lossless, the same shape as the API), and CSV for spreadsheets.
 *
 * An export holds every record, deleted ones included, oldest first; each
 * line is hv_record_to_json compacted.  An import is one transaction: the
 * first bad line aborts it with its line number and nothing is written.
 * Importing an export twice adds nothing.  An entry already here follows
 * the merge rules (hlc.h, hv_store_upsert); an export ends with a line per
 * purge ({"id","purged","hlc"}), which import honours.
 */
#ifndef HAVEN_TRANSFER_H
#define HAVEN_TRANSFER_H

#include <stdint.h>
#include <stdio.h>

#include "core/error.h"
#include "core/store.h"

/* Check a body against the rules of its kind; unknown kinds are refused. */
int hv_kind_validate(const char *kind, const json_t *body, struct hv_error *err);

/* The i-th known kind of entry, NULL past the end (for tests that must
 * cover every kind). */
const char *hv_kind_at(size_t i);

int hv_export_jsonl(struct hv_store *st, FILE *out, struct hv_error *err);

/* One file per kind, DIR/KIND.csv, each with a header row. */
int hv_export_csv(struct hv_store *st, const char *dir, struct hv_error *err);

/* purged: entries left out or removed because a copy purged them;
 * conflicts: entries both had edited (the loser kept, see store.h). */
struct hv_import_stats {
	int64_t lines, added, updated, kept, purged, conflicts;
};

/* Called now and then with the bytes read so far (for a progress bar). */
typedef void (*hv_progress_fn)(int64_t bytes, void *ctx);

/* name is how to call the input in messages ("export.jsonl", "stdin"). */
int hv_import_jsonl(struct hv_store *st, FILE *in, const char *name,
		    struct hv_import_stats *stats, hv_progress_fn progress, void *ctx,
		    struct hv_error *err);

#endif
