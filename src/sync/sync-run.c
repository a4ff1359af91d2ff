/*
 * sync-run.c — one sync: this device's new segment out, every other
 * device's segments in.
 *
 * What goes out is every record and purge stamped after the newest stamp
 * sent before (hlc.h: a local write is always stamped after everything the
 * database holds, so no edit is stamped behind the mark).  Before the
 * segment is written, its number and hash are noted as pending, so that a
 * run cut off between writing the file and noting it sent recognises its
 * own file; any other file under this device's next number, or a last
 * segment that is not the one noted, was written by a second device
 * using this one's id.
 *
 * What comes in is read device by device, segment by segment in order,
 * all in one transaction (one wait for the disk), each segment a part of
 * it with the mark of how far that device has been applied, so a refused
 * segment is undone alone and a sync cut off anywhere leaves the database
 * as it was before the sync or after it, never part of a segment.
 */
#include <limits.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "sync-private.h"

struct gather {
	json_t *lines;
	struct hv_sync_state *s;
	int64_t top_ms, top_n;
	int any;
};

static void note_stamp(struct gather *g, int64_t ms, int64_t n)
{
	if (!g->any || hv_hlc_cmp(ms, n, g->top_ms, g->top_n) > 0) {
		g->top_ms = ms;
		g->top_n = n;
		g->any = 1;
	}
}

static int gather_purge(const struct hv_tombstone *t, void *ctx)
{
	struct gather *g = ctx;
	if (g->s->sent_any && hv_hlc_cmp(t->hlc_ms, t->hlc_n, g->s->sent_ms, g->s->sent_n) <= 0)
		return 0;
	note_stamp(g, t->hlc_ms, t->hlc_n);
	return json_array_append_new(g->lines, hv_tombstone_to_json(t)) < 0;
}

static int gather_record(const struct hv_record *r, void *ctx)
{
	struct gather *g = ctx;
	note_stamp(g, r->hlc_ms, r->hlc_n);
	if (!g->lines)
		return 1; /* only asked whether there is any */
	return json_array_append_new(g->lines, hv_record_to_json_sync(r)) < 0;
}

/*
 * The kept copies of conflicts this device resolved while applying other
 * devices' segments (sync.extra, their ids).  A copy carries the stamp of
 * the losing version, older than what was sent, yet a device that never
 * saw the two versions side by side (it got the later one first) would
 * never make it: it goes out in the next segment like a write of our own.
 */
#define EXTRA_MAX (256 * 1024)
static int gather_extra(struct hv_store *st, struct gather *g, struct hv_error *err)
{
	char *ids = malloc(EXTRA_MAX), *save = NULL;
	if (!ids)
		return hv_fail(err, HV_ENOMEM, "out of memory");
	int got = hv_store_meta_get(st, "sync.extra", ids, EXTRA_MAX, err);
	for (char *id = got > 0 ? strtok_r(ids, " ", &save) : NULL; id;
	     id = strtok_r(NULL, " ", &save)) {
		struct hv_record r;
		struct hv_error e;
		if (hv_store_get(st, id, NULL, &r, &e) < 0)
			continue; /* purged since */
		if (!g->s->sent_any ||
		    hv_hlc_cmp(r.hlc_ms, r.hlc_n, g->s->sent_ms, g->s->sent_n) <= 0)
			json_array_append_new(g->lines, hv_record_to_json_sync(&r));
		hv_record_release(&r);
	}
	free(ids);
	return got < 0 ? -1 : 0;
}

/* Note the kept copy of each conflict a segment brought, to send on. */
static int note_extra(struct hv_store *st, const json_t *report, struct hv_error *err)
{
	if (!json_array_size(report))
		return 0;
	char *ids = malloc(EXTRA_MAX);
	if (!ids)
		return hv_fail(err, HV_ENOMEM, "out of memory");
	int got = hv_store_meta_get(st, "sync.extra", ids, EXTRA_MAX, err);
	size_t len = got > 0 ? strlen(ids) : 0, i;
	const json_t *c;
	json_array_foreach(report, i, c)
	{
		const char *copy = json_string_value(json_object_get(c, "copy"));
		if (copy && len + HV_ID_LEN + 2 < EXTRA_MAX && !(len && strstr(ids, copy)))
			len += (size_t)snprintf(ids + len, EXTRA_MAX - len, "%s%s", len ? " " : "",
			                        copy);
	}
	int rc = got < 0 ? -1 : hv_store_meta_set(st, "sync.extra", len ? ids : NULL, err);
	free(ids);
	return rc;
}

/*
 * Purges first, so that a reader never takes in what they removed.  In one
 * transaction: a purge another haven (haven serve) made between the two
 * walks would be stamped before an edit the second walk saw, and the mark
 * would pass it unsent.
 */
static int gather(struct hv_store *st, struct gather *g, struct hv_error *err)
{
	struct hv_query q = {.include_deleted = 1,
	                     .stamped_after = g->s->sent_any,
	                     .after_hlc_ms = g->s->sent_ms,
	                     .after_hlc_n = g->s->sent_n};
	if (!(g->lines = json_array()))
		return hv_fail(err, HV_ENOMEM, "out of memory");
	if (hv_store_begin(st, err) < 0)
		return -1;
	int rc = hv_store_each_tombstone(st, gather_purge, g, err) < 0 ||
	                 hv_store_each(st, &q, gather_record, g, err) < 0 ||
	                 gather_extra(st, g, err) < 0
	             ? -1
	             : 0;
	hv_store_rollback(st); /* only read */
	return rc;
}

static int dup_id(struct hv_sync_state *s, struct hv_error *err)
{
	return hv_fail(err, HV_EDATA,
	               "another device writes to the sync folder as this one (%s), probably a "
	               "copy of this database. Nothing was sent. On one of the two, run `haven "
	               "sync init --new-device %s`",
	               s->device, s->folder);
}

/* Note the segment sent: its number, hash and the newest stamp in it. */
static int note_sent(struct hv_store *st, struct hv_sync_state *s, int64_t seq,
                     const unsigned char hash[HV_SEG_HASH_LEN], const char *sent,
                     struct hv_error *err)
{
	if (hv_store_begin(st, err) < 0)
		return -1;
	if (hv_sync_mark_set(st, "sync.own", seq, hash, err) < 0 ||
	    hv_store_meta_set(st, "sync.sent", sent, err) < 0 ||
	    hv_store_meta_set(st, "sync.pending", NULL, err) < 0 ||
	    hv_store_meta_set(st, "sync.pending_sent", NULL, err) < 0 ||
	    hv_store_meta_set(st, "sync.extra", NULL, err) < 0) {
		hv_store_rollback(st);
		return -1;
	}
	if (hv_store_commit(st, err) < 0)
		return -1;
	s->own_seq = seq;
	memcpy(s->own_hash, hash, HV_SEG_HASH_LEN);
	return hv_sync_state_load(st, s, err);
}

static int file_hash(const char *dir, int64_t seq, unsigned char hash[HV_SEG_HASH_LEN],
                     struct hv_error *err)
{
	char name[HV_SEG_NAME_MAX], path[PATH_MAX + 64];
	hv_sync_seg_name(seq, name);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	unsigned char *buf;
	size_t n;
	int got = hv_sync_get_file(path, &buf, &n, err);
	if (got == 0) {
		hv_segment_hash(buf, n, hash);
		free(buf);
	}
	return got;
}

/* Is this device's folder as this database left it?  A pending segment
 * found written is adopted. */
static int check_own(struct hv_store *st, struct hv_sync_state *s, const char *dir,
                     struct hv_error *err)
{
	int64_t *seqs, pend;
	size_t n;
	unsigned char h[HV_SEG_HASH_LEN], ph[HV_SEG_HASH_LEN];
	if (hv_sync_list(dir, &seqs, &n, err) < 0)
		return -1;
	int64_t top = n ? seqs[n - 1] : 0;
	free(seqs);
	if (top > s->own_seq) {
		char sent[64];
		if (top != s->own_seq + 1 ||
		    hv_sync_mark_get(st, "sync.pending", &pend, ph, err) != 1 || pend != top ||
		    hv_store_meta_get(st, "sync.pending_sent", sent, sizeof sent, err) != 1 ||
		    file_hash(dir, top, h, err) != 0 || memcmp(h, ph, sizeof h) != 0)
			return dup_id(s, err);
		return note_sent(st, s, top, h, sent, err);
	}
	if (s->own_seq > 0) {
		int got = file_hash(dir, s->own_seq, h, err);
		if (got < 0)
			return -1;
		if (got == 0 && memcmp(h, s->own_hash, sizeof h) != 0)
			return dup_id(s, err);
	}
	return 0;
}

/* Note the segment about to be written, in one transaction: one wait
 * for the disk, and never the number without its stamp. */
static int note_pending(struct hv_store *st, int64_t seq, const unsigned char hash[HV_SEG_HASH_LEN],
                        const char *sent, struct hv_error *err)
{
	if (hv_store_begin(st, err) < 0)
		return -1;
	if (hv_sync_mark_set(st, "sync.pending", seq, hash, err) < 0 ||
	    hv_store_meta_set(st, "sync.pending_sent", sent, err) < 0) {
		hv_store_rollback(st);
		return -1;
	}
	return hv_store_commit(st, err);
}

static int write_own(struct hv_store *st, struct hv_sync_state *s, struct hv_sync_result *res,
                     struct hv_error *err)
{
	char dir[PATH_MAX + 64], name[HV_SEG_NAME_MAX], sent[64];
	snprintf(dir, sizeof dir, "%s/%s", s->folder, s->device);
	if (hv_sync_mkdir(dir, err) < 0 || check_own(st, s, dir, err) < 0)
		return -1;
	struct gather g = {.s = s};
	int rc = gather(st, &g, err);
	if (rc < 0 || json_array_size(g.lines) == 0) {
		json_decref(g.lines);
		return rc;
	}
	int64_t seq = s->own_seq + 1;
	unsigned char *bytes = NULL, hash[HV_SEG_HASH_LEN];
	size_t len = 0;
	rc = hv_segment_make(s->device, seq, s->own_seq ? s->own_hash : NULL, g.lines, s->key,
	                     &bytes, &len, err);
	res->sent = (int64_t)json_array_size(g.lines);
	json_decref(g.lines);
	if (rc < 0)
		return -1;
	hv_segment_hash(bytes, len, hash);
	snprintf(sent, sizeof sent, "%lld %lld", (long long)g.top_ms, (long long)g.top_n);
	hv_sync_seg_name(seq, name);
	rc = note_pending(st, seq, hash, sent, err);
	if (rc == 0)
		rc = hv_sync_put_file(dir, name, bytes, len, err);
	free(bytes);
	if (rc == 1)
		return dup_id(s, err);
	if (rc < 0 || note_sent(st, s, seq, hash, sent, err) < 0)
		return -1;
	res->segment = seq;
	return 0;
}

static void refuse(struct hv_sync_result *res, const char *device, int64_t seq, const char *path,
                   const char *why)
{
	json_array_append_new(res->refused,
	                      json_pack("{s:s, s:I, s:s, s:s}", "device", device, "segment",
	                                (json_int_t)seq, "file", path, "why", why));
}

/* Every line of one segment, by the merge rules; err names the line. */
static int apply_lines(struct hv_store *st, const json_t *lines, struct hv_merge_stats *m,
                       struct hv_error *err)
{
	size_t i;
	const json_t *j;
	json_array_foreach(lines, i, j)
	{
		struct hv_error e;
		int rc;
		if (hv_json_is_tombstone(j)) {
			struct hv_tombstone t;
			rc = hv_tombstone_from_json(j, &t, &e);
			if (rc == 0)
				rc = hv_merge_purge(st, &t, m, &e);
		} else {
			struct hv_record r;
			rc = hv_record_from_json(j, &r, &e);
			if (rc == 0) {
				rc = hv_merge_one(st, &r, m, &e);
				hv_record_release(&r);
			}
		}
		if (rc < 0)
			return hv_fail(err, e.code, "its change %zu: %s", i + 1, e.msg);
	}
	return 0;
}

static void add_stats(struct hv_merge_stats *to, struct hv_merge_stats *m)
{
	to->seen += m->seen;
	to->added += m->added;
	to->updated += m->updated;
	to->kept += m->kept;
	to->purged += m->purged;
	to->conflicts += m->conflicts;
	json_array_extend(to->report, m->report);
}

/* Whether this database holds nothing stamped after what it sent. */
static int all_sent(struct hv_store *st, struct hv_sync_state *s, struct hv_error *err)
{
	struct gather g = {.s = s};
	struct hv_query q = {.include_deleted = 1,
	                     .limit = 1,
	                     .stamped_after = s->sent_any,
	                     .after_hlc_ms = s->sent_ms,
	                     .after_hlc_n = s->sent_n};
	if (hv_store_each(st, &q, gather_record, &g, err) < 0)
		return -1;
	if (!g.any && (g.lines = json_array())) {
		if (hv_store_each_tombstone(st, gather_purge, &g, err) < 0)
			g.any = -1;
		json_decref(g.lines);
	}
	return g.any < 0 ? -1 : !g.any;
}

/*
 * What another device sent need not go out again from here: when nothing
 * of this device's own was waiting to be sent, the mark moves past the
 * newest stamp the segment brought.  A local write later is stamped after
 * it all the same (hlc.h).  Inside the segment's transaction, so no write
 * slips in between.
 */
static int skip_theirs(struct hv_store *st, struct hv_sync_state *s, const json_t *lines,
                       struct hv_error *err)
{
	size_t i;
	const json_t *j;
	int64_t ms, n;
	struct hv_error e;
	int moved = 0;
	json_array_foreach(lines, i, j)
	{
		if (hv_hlc_from_json(json_object_get(j, "hlc"), &ms, &n, &e) < 0)
			continue;
		if (!s->sent_any || hv_hlc_cmp(ms, n, s->sent_ms, s->sent_n) > 0) {
			s->sent_ms = ms;
			s->sent_n = n;
			s->sent_any = moved = 1;
		}
	}
	char buf[64];
	snprintf(buf, sizeof buf, "%lld %lld", (long long)s->sent_ms, (long long)s->sent_n);
	return moved ? hv_store_meta_set(st, "sync.sent", buf, err) : 0;
}

/* One segment of device: 0 applied, 1 refused (listed), -1 failed. */
static int apply_one(struct hv_store *st, struct hv_sync_state *s, const char *device, int64_t seq,
                     int snap, const char *path, unsigned char hash[HV_SEG_HASH_LEN],
                     struct hv_sync_result *res, struct hv_error *err)
{
	unsigned char next[HV_SEG_HASH_LEN];
	unsigned char *buf;
	size_t n;
	struct hv_error why;
	struct hv_segment seg = {0};
	struct hv_merge_stats m = {.report = json_array()};
	int got = hv_sync_get_file(path, &buf, &n, &why);
	if (got == 0) {
		got = hv_segment_parse(buf, n, s->key, device, seq, &seg, &why);
		hv_segment_hash(buf, n, next);
		free(buf);
	}
	/* A snapshot starts afresh; the segment after it links to its "prev". */
	if (got == 0 && snap)
		memcpy(next, seg.prev, HV_SEG_HASH_LEN);
	if (got == 0 && !snap &&
	    (seg.has_prev != (seq > 1) ||
	     (seg.has_prev && memcmp(seg.prev, hash, HV_SEG_HASH_LEN) != 0)))
		got =
		    hv_fail(&why, HV_EDATA,
		            "it does not follow the segment applied before it (a segment replaced "
		            "or forged)");
	int own = 0, begun = got == 0;
	if (begun && hv_store_part_begin(st, &own, err) < 0) {
		hv_segment_free(&seg);
		json_decref(m.report);
		return -1;
	}
	char key[64];
	snprintf(key, sizeof key, "sync.seen.%s", device);
	struct hv_sync_state was = *s;
	int clean = got == 0 ? all_sent(st, s, &why) : 0;
	if (got == 0 &&
	    (clean < 0 || apply_lines(st, seg.lines, &m, &why) < 0 ||
	     (clean && skip_theirs(st, s, seg.lines, &why) < 0) ||
	     note_extra(st, m.report, &why) < 0 || hv_sync_mark_set(st, key, seq, next, &why) < 0 ||
	     hv_store_part_end(st, own, 1, &why) < 0))
		got = -1;
	if (begun && got != 0) {
		hv_store_part_end(st, own, 0, NULL); /* this segment alone undone */
		s->sent_ms = was.sent_ms;
		s->sent_n = was.sent_n;
		s->sent_any = was.sent_any;
	}
	sodium_memzero(&was, sizeof was);
	hv_segment_free(&seg);
	if (got != 0) {
		refuse(res, device, seq, path, got == 1 ? "it is missing" : why.msg);
		json_decref(m.report);
		return 1;
	}
	add_stats(&res->merged, &m);
	json_decref(m.report);
	memcpy(hash, next, HV_SEG_HASH_LEN);
	res->applied++;
	return 0;
}

static int has(const int64_t *seqs, size_t n, int64_t seq)
{
	for (size_t i = 0; i < n; i++)
		if (seqs[i] == seq)
			return 1;
	return 0;
}

/*
 * Every segment of device not applied yet, in order, up to a gap or a
 * refused one.  Where the next one was folded into a snapshot (compaction,
 * while this device was away), the snapshot comes in first.
 */
static int apply_device(struct hv_store *st, struct hv_sync_state *s, const char *device,
                        struct hv_sync_result *res, struct hv_error *err)
{
	char dir[PATH_MAX + 64], key[64];
	unsigned char hash[HV_SEG_HASH_LEN];
	int64_t seen, *seqs;
	size_t n;
	snprintf(key, sizeof key, "sync.seen.%s", device);
	snprintf(dir, sizeof dir, "%s/%s", s->folder, device);
	if (hv_sync_mark_get(st, key, &seen, hash, err) < 0 ||
	    hv_sync_list(dir, &seqs, &n, err) < 0)
		return -1;
	int rc = 0;
	while (rc == 0) {
		char name[HV_SEG_NAME_MAX + 8], path[PATH_MAX + 128];
		int64_t next = seen + 1, snap = 0;
		if (!has(seqs, n, next) && (snap = hv_sync_snapshot_at(dir, next)) > 0)
			snprintf(name, sizeof name, "%010lld.snap", (long long)(next = snap));
		else
			hv_sync_seg_name(next, name);
		snprintf(path, sizeof path, "%s/%s", dir, name);
		if (!snap && !has(seqs, n, next)) {
			if (n && seqs[n - 1] > next)
				refuse(res, device, next, path,
				       "it is missing, and later ones are there");
			break;
		}
		rc = apply_one(st, s, device, next, snap > 0, path, hash, res, err);
		if (rc == 0)
			seen = next;
	}
	free(seqs);
	json_array_append_new(
	    res->devices, json_pack("{s:s, s:I}", "device", device, "applied", (json_int_t)seen));
	return rc < 0 ? -1 : 0;
}

static int read_others(struct hv_store *st, struct hv_sync_state *s, struct hv_sync_result *res,
                       struct hv_error *err)
{
	json_t *devs = hv_sync_devices(s->folder, err);
	if (!devs)
		return -1;
	size_t i;
	json_t *d;
	int rc = 0;
	json_array_foreach(devs, i, d)
	{
		const char *dev = json_string_value(d);
		if (strcmp(dev, s->device) != 0 && (rc = apply_device(st, s, dev, res, err)) < 0)
			break;
	}
	json_decref(devs);
	return rc;
}

int hv_sync_run(struct hv_store *st, struct hv_sync_result *res, struct hv_error *err)
{
	memset(res, 0, sizeof *res);
	res->merged.report = json_array();
	res->refused = json_array();
	res->devices = json_array();
	if (!res->merged.report || !res->refused || !res->devices)
		return hv_fail(err, HV_ENOMEM, "out of memory");
	struct hv_sync_state s;
	if (hv_sync_state_load(st, &s, err) < 0)
		return -1;
	snprintf(res->device, sizeof res->device, "%s", s.device);
	int rc = write_own(st, &s, res, err);
	/* Every other device's segments in one transaction, each a part of it
	 * (apply_one): one wait for the disk however many came, and a refused
	 * one undone alone.  Acknowledged only once it is all saved. */
	if (rc == 0 && (rc = hv_store_begin(st, err)) == 0) {
		rc = read_others(st, &s, res, err);
		if (rc == 0)
			rc = hv_store_commit(st, err);
		else
			hv_store_rollback(st);
	}
	if (rc == 0)
		rc = hv_sync_acknowledge(&s, res->devices, err);
	if (rc == 0)
		rc = hv_sync_compact(st, &s, err);
	if (rc == 0)
		rc = hv_sync_note_done(st, err);
	hv_sync_state_wipe(&s);
	return rc;
}

void hv_sync_result_free(struct hv_sync_result *res)
{
	json_decref(res->merged.report);
	json_decref(res->refused);
	json_decref(res->devices);
	memset(res, 0, sizeof *res);
}
