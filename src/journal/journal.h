/*
 * journal.h — the trigger journal: one record of kind "trigger" per moment
 * the attachment alarm went off.
 *
 * Body fields (all optional except intensity):
 *   what, thoughts, body          free text
 *   emotions                      [words]; vocabulary ids where they match
 *   triggers                      [trigger kind slugs], see data/triggers.json
 *   intensity                     1–10
 *   responses                     [response slugs], see data/responses.json
 *   response, response_type       own words, and "protest" | "soothing"
 *   recovered_minutes             minutes until the intensity came down
 *   reflection                    {evidence, now-or-then, friend, calm-view}
 * The record's created time is when the moment happened (--at).
 */
#ifndef HAVEN_JOURNAL_H
#define HAVEN_JOURNAL_H

#include <jansson.h>

#include "core/record.h"
#include "core/store-page.h"
#include "core/store.h"

#define HV_TRIGGER_KIND "trigger"
#define HV_TEXT_MAX     20000 /* bytes in one free-text field */

/* Check a trigger body completely; the message names the field at fault. */
int hv_trigger_validate(const json_t *body, struct hv_error *err);

/*
 * Tidy a body a person gave before validation: trim and normalise text,
 * drop empty strings and empty lists, map emotion words to vocabulary ids.
 */
int hv_trigger_normalize(json_t *body, struct hv_error *err);

/* Save a new entry that happened at at_ms (0: now).  out may be NULL. */
int hv_journal_add(struct hv_store *st, const json_t *body, int64_t at_ms, struct hv_record *out,
                   struct hv_error *err);

/*
 * Change fields of an entry: each key of changes replaces the body's, a
 * null removes it; "at" (RFC 3339 or ms) moves the entry's time.
 */
int hv_journal_edit(struct hv_store *st, const char *id, const json_t *changes, int64_t at_ms,
                    struct hv_record *out, struct hv_error *err);

/* Soft-delete (deleted=1), undo it (deleted=0), or purge for good. */
int hv_journal_set_deleted(struct hv_store *st, const char *id, int deleted, struct hv_record *out,
                           struct hv_error *err);
int hv_journal_purge(struct hv_store *st, const char *id, struct hv_error *err);

struct hv_journal_filter {
	int64_t since_ms, until_ms; /* 0: unbounded */
	const char *trigger;        /* only entries with this trigger kind */
	int include_deleted;
	int64_t limit;
};

/* Entries newest first, as an array of record objects (hv_record_to_json). */
json_t *hv_journal_list(struct hv_store *st, const struct hv_journal_filter *f,
                        struct hv_error *err);

/*
 * One page of the list, newest first, for a reader that scrolls: the
 * entries matching f (f->limit of them, 1 to HV_JOURNAL_PAGE_MAX) that
 * come after the key before (NULL: from the newest), already written as a
 * JSON array of record objects — the shape hv_record_to_json gives, each
 * body as the stored text itself, never parsed and dumped again.  When
 * more entries follow, more is set and next is the key of the last one
 * here, to pass as before for the page after.
 */
#define HV_JOURNAL_PAGE_MAX 200
struct hv_journal_page {
	char *json; /* malloc'd, NUL-terminated */
	size_t len;
	int more;
	struct hv_page_key next;
};
int hv_journal_page(struct hv_store *st, const struct hv_journal_filter *f,
                    const struct hv_page_key *before, struct hv_journal_page *out,
                    struct hv_error *err);

#endif
