/*
 * merge.c — the union of two copies by id, newer `updated` wins (merge.h).
 *
 * This is the same rule as import (hv_store_upsert), fed from another
 * database instead of a file, so a merge and an export→import of the same
 * copy land in exactly the same state.
 */
#include "merge.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/vault.h"
#include "transfer.h"

int hv_merge_check_pair(struct hv_store *into, struct hv_store *from, struct hv_error *err)
{
	char a[PATH_MAX], b[PATH_MAX];
	if (realpath(hv_store_path(into), a) && realpath(hv_store_path(from), b) &&
	    strcmp(a, b) == 0)
		return hv_fail(err, HV_EINVAL,
			       "%s is the database haven is using; name the other copy to merge",
			       hv_store_path(from));
	int ours = hv_vault_on(into), theirs = hv_vault_on(from);
	if (ours == theirs)
		return 0;
	const char *vault = ours ? hv_store_path(into) : hv_store_path(from);
	const char *plain = ours ? hv_store_path(from) : hv_store_path(into);
	return hv_fail(err, HV_EDATA,
		       "%s is a vault (encrypted) and %s is not. A merge needs both copies "
		       "sealed or both plain: run `haven --db %s vault enable` first (or `vault "
		       "disable` on the other). Nothing was merged",
		       vault, plain, plain);
}

struct walk {
	struct hv_store *into;
	struct hv_merge_stats *stats;
	struct hv_error *err;
	int failed;
};

static int take(const struct hv_record *r, void *ctx)
{
	struct walk *w = ctx;
	enum hv_upsert what;
	w->stats->seen++;
	if (hv_kind_validate(r->kind, r->body, w->err) < 0 ||
	    hv_store_upsert(w->into, r, &what, w->err) < 0) {
		char why[sizeof w->err->msg];
		snprintf(why, sizeof why, "%s", w->err->msg);
		hv_fail(w->err, w->err->code == HV_EINVAL ? HV_EDATA : w->err->code,
			"entry %s of the other copy: %s. Nothing was merged", r->id, why);
		w->failed = 1;
		return 1;
	}
	w->stats->added += what == HV_UPSERT_ADDED;
	w->stats->updated += what == HV_UPSERT_UPDATED;
	w->stats->kept += what == HV_UPSERT_KEPT;
	return 0;
}

int hv_merge(struct hv_store *into, struct hv_store *from, struct hv_merge_stats *stats,
	     struct hv_error *err)
{
	memset(stats, 0, sizeof *stats);
	if (hv_merge_check_pair(into, from, err) < 0)
		return -1;
	if (hv_store_begin(into, err) < 0)
		return -1;
	struct walk w = {into, stats, err, 0};
	struct hv_query q = {.include_deleted = 1};
	if (hv_store_each(from, &q, take, &w, err) < 0 || w.failed) {
		hv_store_rollback(into);
		memset(stats, 0, sizeof *stats);
		return -1;
	}
	return hv_store_commit(into, err);
}
