/*
 * store.h — the record store: one SQLite database file per person.
 *
 * The store owns durability: WAL with synchronous=FULL so a saved entry
 * survives power loss, foreign keys on, schema migrations by user_version,
 * the database directory 0700 and file 0600.  Every write runs in a
 * transaction; callers that need several writes to land together (an import)
 * wrap them in hv_store_begin/commit.  A store may move between threads
 * but is used by one at a time: SQLite is not asked to lock for it.
 */
#ifndef HAVEN_STORE_H
#define HAVEN_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "hlc.h"
#include "record.h"

struct hv_store;

/* The schema version this build reads and writes: the last migration step
 * of all the modules' (schema.h), or -1 when they are misnumbered. */
int hv_store_schema_version(void);
#define HV_SCHEMA_VERSION hv_store_schema_version()

/*
 * Where the database lives when neither --db nor HAVEN_DB says:
 * $XDG_DATA_HOME/haven/haven.db, else ~/.local/share/haven/haven.db.
 */
int hv_store_default_path(char *buf, size_t n, struct hv_error *err);

/* Open (creating the file, its directory and schema as needed).  Refused,
 * with nothing written: a path that exists and is not a regular file (a
 * device, a FIFO), and a schema version that is negative or newer. */
int hv_store_open(struct hv_store **out, const char *path, struct hv_error *err);
void hv_store_close(struct hv_store *st);
const char *hv_store_path(const struct hv_store *st);

/* Why the database was opened read-only ("its folder is read-only"), or
 * NULL.  A file, folder or disk haven may not write is opened for reading,
 * and every write is refused saying "read-only" (HV_EREADONLY). */
const char *hv_store_readonly(const struct hv_store *st);

/*
 * The entries a walk (hv_store_each, hv_store_scan, the facts walk) went
 * past because they are damaged — a body that is not a JSON object — so
 * that one damaged entry does not hide all the others; the caller names
 * them (haven doctor lists them and sets them aside).  In a vault a box
 * that does not open is still refused: it may be tampering (SECURITY.md).
 */
size_t hv_store_damaged_count(const struct hv_store *st);
const char *hv_store_damaged_id(const struct hv_store *st, size_t i);

/*
 * Every haven with a database open holds a shared lock on the database
 * file itself (dblock.h), which no one can delete from under it.  A change
 * of the whole file's form — sealing it in a vault, a new passphrase,
 * opening the vault, a restore — first takes that lock alone, so that no
 * other haven (haven serve left running) goes on writing in the old form:
 * it fails, naming `doing`, while another haven has the file open.  A
 * haven opening the file meanwhile waits up to five seconds.
 */
int hv_store_exclusive(struct hv_store *st, const char *doing, struct hv_error *err);

int hv_store_begin(struct hv_store *st, struct hv_error *err);
int hv_store_commit(struct hv_store *st, struct hv_error *err);
void hv_store_rollback(struct hv_store *st);

/* A part of the transaction open (a savepoint; a transaction of its own
 * when none is): ended with ok kept, else undone alone, the rest of the
 * transaction as it was.  own says which; pass it on to the end. */
int hv_store_part_begin(struct hv_store *st, int *own, struct hv_error *err);
int hv_store_part_end(struct hv_store *st, int own, int ok, struct hv_error *err);

/* Add a new record (its id must not exist yet). */
int hv_store_insert(struct hv_store *st, const struct hv_record *r, struct hv_error *err);

/*
 * How a feature saves a record it made (hv_record_new, body filled in):
 * once validate accepts the body, insert it and hand it to *out — or
 * release it when out is NULL.  On any failure r is released and nothing
 * is saved.
 */
typedef int (*hv_body_check_fn)(const json_t *body, struct hv_error *err);
int hv_store_add_new(struct hv_store *st, struct hv_record *r, hv_body_check_fn validate,
                     struct hv_record *out, struct hv_error *err);

/* Replace body/deleted of an existing record; bumps version and updated.
 * A record already at HV_VERSION_MAX (or below 1) is refused, unchanged. */
int hv_store_update(struct hv_store *st, struct hv_record *r, struct hv_error *err);

/*
 * Find one record by full id or a unique prefix (at least 4 characters),
 * optionally restricted to a kind.  Deleted records are found too: callers
 * decide what a deleted record means for them.
 */
int hv_store_get(struct hv_store *st, const char *id, const char *kind, struct hv_record *out,
                 struct hv_error *err);

/* What hv_store_upsert did with an incoming record. */
enum hv_upsert {
	HV_UPSERT_ADDED,
	HV_UPSERT_UPDATED,
	HV_UPSERT_KEPT,
	HV_UPSERT_PURGED, /* purged here: left out */
};

/* When both copies had edits of their own (a conflict), what was kept. */
struct hv_upsert_conflict {
	int conflict;
	int theirs_won;              /* the incoming version is now the entry */
	char copy_id[HV_ID_LEN + 1]; /* the losing version, kept as this deleted entry */
	int64_t kept_updated_ms, lost_updated_ms;
	int kept_updated_off, lost_updated_off;
};

/*
 * Bring in a record from elsewhere (import, merge) by the merge rules of
 * hlc.h: added if its id is new; replacing ours if it already holds every
 * edit ours has; kept out if ours holds every edit it has, or if the entry
 * (or the entry it is a kept copy of) was purged here.  When each has an
 * edit the other lacks, the same winner on every copy (the later stamp,
 * then a hash) becomes the entry with both histories, and the loser is kept
 * as a deleted entry whose conflict_of names it; c (may be NULL) says so.
 * A version outside 1..HV_VERSION_MAX is refused (the message starts "its
 * version": the caller names the record).
 */
int hv_store_upsert(struct hv_store *st, const struct hv_record *r, enum hv_upsert *what,
                    struct hv_upsert_conflict *c, struct hv_error *err);

/*
 * Soft delete (reversible) and purge (gone for good).  A purge removes the
 * entry and every kept losing version of it, and leaves only a tombstone
 * (id, time, stamp) so that no import or merge brings it back.
 */
int hv_store_set_deleted(struct hv_store *st, struct hv_record *r, int deleted,
                         struct hv_error *err);
int hv_store_purge(struct hv_store *st, const char *id, struct hv_error *err);

/* A purge made elsewhere (import, merge): kept (of two for one id, the
 * same one on every copy) and applied; 1 when it removed an entry here. */
int hv_store_put_tombstone(struct hv_store *st, const struct hv_tombstone *t, struct hv_error *err);

/* Every tombstone, by id; return non-zero from fn to stop. */
typedef int (*hv_tombstone_fn)(const struct hv_tombstone *t, void *ctx);
int hv_store_each_tombstone(struct hv_store *st, hv_tombstone_fn fn, void *ctx,
                            struct hv_error *err);

struct hv_query {
	const char *kind;    /* NULL: every kind */
	int64_t since_ms;    /* created at or after; 0: no bound */
	int64_t until_ms;    /* created before; 0: no bound */
	int include_deleted; /* soft-deleted records too */
	int newest_first;
	int64_t limit; /* 0: no limit */
	/* Only records written (stamped, hlc.h) after this stamp: what sync has
	 * not yet sent.  Ignored unless stamped_after is set. */
	int stamped_after;
	int64_t after_hlc_ms, after_hlc_n;
};

/* Called per record; return non-zero to stop the walk early. */
typedef int (*hv_record_fn)(const struct hv_record *r, void *ctx);

/* Walk records in created order (then id), oldest first unless asked. */
int hv_store_each(struct hv_store *st, const struct hv_query *q, hv_record_fn fn, void *ctx,
                  struct hv_error *err);

/* Every record q matches, as hv_record_to_json objects in an array. */
json_t *hv_store_list_json(struct hv_store *st, const struct hv_query *q, struct hv_error *err);

/*
 * Settings of this database (the `meta` table): small text values such as
 * the person's region.  get returns 1 and fills buf when set, 0 when not.
 * set with value NULL removes the key.
 */
int hv_store_meta_get(struct hv_store *st, const char *key, char *buf, size_t n,
                      struct hv_error *err);
int hv_store_meta_set(struct hv_store *st, const char *key, const char *value,
                      struct hv_error *err);

/* Count live records of a kind (NULL: all). */
int hv_store_count(struct hv_store *st, const char *kind, int64_t *out, struct hv_error *err);

/*
 * A projection for aggregate views: per live record of a kind created at or
 * after since_ms, its created
 * time and the values at up to HV_SCAN_MAX JSON paths of its body ("$.a").
 * Reading fields in the database avoids parsing whole bodies, which keeps
 * insights over a large journal fast.
 */
#define HV_SCAN_MAX 8
struct hv_scan_row {
	int64_t created_ms;
	int created_off;
	const char *text[HV_SCAN_MAX]; /* NULL when the path is absent or null */
	double num[HV_SCAN_MAX];       /* the value as a number, when numeric */
};
typedef int (*hv_scan_fn)(const struct hv_scan_row *row, void *ctx);
int hv_store_scan(struct hv_store *st, const char *kind, int64_t since_ms, const char *const *paths,
                  int npaths, hv_scan_fn fn, void *ctx, struct hv_error *err);

/*
 * Count live records of a kind by each element of an array at a path
 * ("$.triggers"), most frequent first.
 */
typedef int (*hv_tally_fn)(const char *value, int64_t count, void *ctx);
int hv_store_tally(struct hv_store *st, const char *kind, int64_t since_ms, const char *path,
                   hv_tally_fn fn, void *ctx, struct hv_error *err);

/*
 * Facts: a few values per record, derived from its body by the feature that
 * owns the kind, kept in a cache table so aggregate views over a large
 * journal need not parse every body.  The cache is only an index: rows are
 * (re)computed whenever missing or older than the record, and it can be
 * dropped at any time.
 */
#define HV_FACT_TAGS_MAX 512
struct hv_facts {
	double a, b;                 /* two numbers (NAN when absent) */
	int64_t bits;                /* flags */
	char tags[HV_FACT_TAGS_MAX]; /* space-separated words */
};

/* Derive the facts of one body; return 0, or -1 to skip the record. */
typedef int (*hv_facts_derive_fn)(const json_t *body, struct hv_facts *out);
/* Called per live record of the kind, in no particular order. */
typedef int (*hv_facts_row_fn)(int64_t created_ms, int created_off, const struct hv_facts *f,
                               void *ctx);

/* Walk the facts of live records of kind created at or after since_ms,
 * deriving and caching any that are missing or stale. */
int hv_store_scan_facts(struct hv_store *st, const char *kind, int64_t since_ms,
                        hv_facts_derive_fn derive, hv_facts_row_fn fn, void *ctx,
                        struct hv_error *err);

/*
 * A consistent copy of the whole database into a new file at path (0600),
 * made with SQLite's online backup API, never a file copy: safe while
 * another haven writes.  Sealed bodies stay sealed in the copy.
 */
int hv_store_snapshot(struct hv_store *st, const char *path, struct hv_error *err);

/* What a database file holds, checked in full (PRAGMA integrity_check)
 * without opening it as a store: no migration, nothing written. */
struct hv_store_file_info {
	int schema;      /* its user_version */
	int vault;       /* sealed by a vault */
	int64_t records; /* every record, deleted ones included */
};
int hv_store_check_file(const char *path, struct hv_store_file_info *info, struct hv_error *err);

#endif
