/*
 * restore.h — put a backup in the database's place, safely.
 *
 * Nothing is replaced until the backup has been opened (a wrong passphrase,
 * a changed or cut-short file are refused), written to a private temporary
 * file beside the database and checked in full (PRAGMA integrity_check, a
 * schema this haven knows).  Then the current database is renamed aside
 * (DB.before-restore-TIME) and the restored one renamed into its place: a
 * rename in one folder, so there is never a moment without a whole file.
 *
 * Two steps, because between them the caller closes its own connection to
 * the database (and holds it alone until then: hv_store_exclusive), so a
 * front end owns its store and the library owns the files.
 */
#ifndef HAVEN_RESTORE_H
#define HAVEN_RESTORE_H

#include <limits.h>
#include <stddef.h>

#include "core/error.h"
#include "core/store.h"

struct hv_restore {
	char db[PATH_MAX];
	char staged[PATH_MAX + 64];     /* the checked copy, until it is swapped in */
	char aside[PATH_MAX + 64];      /* where the old database went, or "" */
	int linked;                     /* aside is a second name (link), the old file stays */
	struct hv_store_file_info info; /* what the backup holds */
};

/*
 * Open (pass, n: sealed backups only) or copy the backup file into a
 * private file beside db and check it in full.  On failure nothing is left
 * behind and err says why, ending "Nothing was replaced" when the backup
 * itself is at fault.
 */
int hv_restore_stage(const char *db, const char *file, const char *pass, size_t n,
                     struct hv_restore *r, struct hv_error *err);

/*
 * Move the database aside (r->aside) and the staged copy into its place.
 * Every connection to the database must be closed.  On failure the staged
 * copy is removed and the database is as it was.
 */
int hv_restore_swap(struct hv_restore *r, struct hv_error *err);

/* Remove a staged copy that will not be swapped in. */
void hv_restore_abandon(struct hv_restore *r);

#endif
