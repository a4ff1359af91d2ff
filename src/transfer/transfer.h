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
 * conflicts: entries both had edited (the loser kept, see store.h);
 * crisis: 1 when the words of an entry added or changed hold crisis
 * language (safety/crisis-check.h), so the front end shows help first.
 * An export need not come from haven, and another app's notes never
 * passed the net: what is brought in is read as what is written. */
struct hv_import_stats {
	int64_t lines, added, updated, kept, purged, conflicts;
	int crisis;
};

/* Called now and then with the bytes read so far (for a progress bar). */
typedef void (*hv_progress_fn)(int64_t bytes, void *ctx);

/* name is how to call the input in messages ("export.jsonl", "stdin"). */
int hv_import_jsonl(struct hv_store *st, FILE *in, const char *name, struct hv_import_stats *stats,
                    hv_progress_fn progress, void *ctx, struct hv_error *err);

/*
 * Daylio's CSV export as check-ins (daylio.c): each row's mood on the 0–10
 * mood scale (data/checkin.json "daylio_moods"; moods maps the person's own
 * mood names to 0–10 and may be NULL), its activities as yes to factors of
 * the person's own (added when new), its title and note as the note.  One
 * transaction: a malformed row is named by line and nothing is kept.  Rows
 * already imported are counted in kept, not added again.
 */
struct hv_daylio_stats {
	int64_t rows, added, kept, factors;
	int crisis; /* as in hv_import_stats: a note added holds crisis language */
};
int hv_import_daylio(struct hv_store *st, FILE *in, const char *name, const json_t *moods,
                     struct hv_daylio_stats *stats, struct hv_error *err);
/* The same from bytes in memory (the fuzz target). */
int hv_import_daylio_buf(struct hv_store *st, const char *data, size_t len, const char *name,
                         const json_t *moods, struct hv_daylio_stats *stats, struct hv_error *err);

#endif
