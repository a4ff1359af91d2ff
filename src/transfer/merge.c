/*
 * merge.c — the union of two copies by the merge rules (merge.h).
 *
 * This is the same rule as import (hv_store_upsert, hv_store_put_tombstone),
 * fed from another database instead of a file, so a merge and an
 * export→import of the same copy land in exactly the same state.
 */
#include "merge.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
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

static int take_purge(const struct hv_tombstone *t, void *ctx)
{
	struct walk *w = ctx;
	if (hv_merge_purge(w->into, t, w->stats, w->err) < 0) {
		w->failed = 1;
		return 1;
	}
	return 0;
}

static json_t *when(int64_t ms, int off)
{
	char buf[HV_RFC3339_MAX];
	hv_format_rfc3339(ms, off, buf);
	return json_string(buf);
}

int hv_merge_one(struct hv_store *into, const struct hv_record *r, struct hv_merge_stats *stats,
                 struct hv_error *err)
{
	enum hv_upsert what;
	struct hv_upsert_conflict c;
	stats->seen++;
	if (hv_kind_validate(r->kind, r->body, err) < 0 ||
	    hv_store_upsert(into, r, &what, &c, err) < 0)
		return -1;
	stats->added += what == HV_UPSERT_ADDED;
	stats->updated += what == HV_UPSERT_UPDATED;
	stats->kept += what == HV_UPSERT_KEPT;
	stats->purged += what == HV_UPSERT_PURGED;
	if (c.conflict) {
		stats->conflicts++;
		json_array_append_new(
		    stats->report,
		    json_pack("{s:s, s:s, s:s, s:o, s:o, s:s}", "id", r->id, "kind", r->kind,
		              "kept", c.theirs_won ? "other" : "here", "kept_updated",
		              when(c.kept_updated_ms, c.kept_updated_off), "lost_updated",
		              when(c.lost_updated_ms, c.lost_updated_off), "copy", c.copy_id));
	}
	return 0;
}

int hv_merge_purge(struct hv_store *into, const struct hv_tombstone *t,
                   struct hv_merge_stats *stats, struct hv_error *err)
{
	int rc = hv_store_put_tombstone(into, t, err);
	if (rc < 0)
		return -1;
	stats->purged += rc;
	return 0;
}

static int take(const struct hv_record *r, void *ctx)
{
	struct walk *w = ctx;
	if (hv_merge_one(w->into, r, w->stats, w->err) < 0) {
		char why[sizeof w->err->msg];
		snprintf(why, sizeof why, "%s", w->err->msg);
		hv_fail(w->err, w->err->code == HV_EINVAL ? HV_EDATA : w->err->code,
		        "entry %s of the other copy: %s. Nothing was merged", r->id, why);
		w->failed = 1;
		return 1;
	}
	return 0;
}

int hv_merge(struct hv_store *into, struct hv_store *from, struct hv_merge_stats *stats,
             struct hv_error *err)
{
	memset(stats, 0, sizeof *stats);
	if (hv_merge_check_pair(into, from, err) < 0)
		return -1;
	struct walk w = {into, stats, err, 0};
	struct hv_query q = {.include_deleted = 1};
	if (!(stats->report = json_array()))
		return hv_fail(err, HV_ENOMEM, "out of memory");
	if (hv_store_begin(into, err) < 0)
		goto fail;
	/* Purges first, so that nothing they removed is taken in again. */
	if (hv_store_each_tombstone(from, take_purge, &w, err) < 0 || w.failed ||
	    hv_store_each(from, &q, take, &w, err) < 0 || w.failed) {
		hv_store_rollback(into);
		goto fail;
	}
	if (hv_store_commit(into, err) == 0)
		return 0;
fail:
	json_decref(stats->report);
	memset(stats, 0, sizeof *stats);
	return -1;
}
