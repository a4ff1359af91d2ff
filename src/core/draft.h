/*
 * draft.h — an entry left unfinished: what a person wrote before they
 * stopped a multi-step entry, kept so it can be taken up again.
 *
 * A draft is a record of its own kind whose body holds the unfinished body
 * of another kind ("of"), and the step the person stopped at.  Being a
 * record, it is sealed in a vault, exported and merged like every entry;
 * finishing it (or letting it go) purges it, so only a tombstone remains.
 * Core knows nothing of the kinds it holds: the feature that resumes a
 * draft checks its body when the entry is finally saved.
 */
#ifndef HAVEN_DRAFT_H
#define HAVEN_DRAFT_H

#include <jansson.h>

#include "error.h"
#include "record.h"
#include "store.h"

#define HV_DRAFT_KIND "entry-draft"

/* A draft's body: {"of": KIND, "body": {...}, "step": ID (optional)}. */
int hv_draft_validate(const json_t *body, struct hv_error *err);

/*
 * Keep body (of kind `of`), stopped at step (may be NULL), as a draft.
 * Its created time is at_ms (0: now): when the moment happened, which the
 * entry keeps once it is finished.  When replace names a draft (the one
 * being resumed), that draft is rewritten instead of a new one made, so
 * resuming and stopping again never leaves two.  *out (may be NULL)
 * receives the saved record.
 */
int hv_draft_keep(struct hv_store *st, const char *of, const json_t *body, const char *step,
                  int64_t at_ms, const char *replace, struct hv_record *out, struct hv_error *err);

/* The drafts of kind `of` (every kind when NULL), newest first, as record
 * JSON objects. */
json_t *hv_draft_list(struct hv_store *st, const char *of, struct hv_error *err);

/* The newest draft of kind `of`: 1 and *out filled, 0 when there is none. */
int hv_draft_newest(struct hv_store *st, const char *of, struct hv_record *out,
                    struct hv_error *err);

/* Let a draft go (finished, or not wanted): purged, a tombstone left. */
int hv_draft_drop(struct hv_store *st, const char *id, struct hv_error *err);

#endif
