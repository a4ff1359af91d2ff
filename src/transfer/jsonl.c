/*
 * jsonl.c — JSON Lines export and import (see transfer.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "safety/crisis-check.h"
#include "transfer.h"

#define LINE_MAX_BYTES (16 << 20)
#define FILE_MAX_BYTES ((int64_t)4 << 30) /* far past any journal, short of a runaway stream */

/* Lines of a file read through a buffer of its own, so each can stop at
 * its limit: getline would read an endless line (/dev/zero) into memory
 * whole before anyone could look at its length. */
struct lines {
	FILE *in;
	size_t at, end;
	char buf[1 << 16];
};

/* One line, with its newline, into *line: its length, -1 at the end, -2
 * out of memory.  Reading stops one byte past max: a length over max
 * means too long, and costs max bytes of memory, no more. */
static ssize_t read_line(struct lines *l, char **line, size_t *cap, size_t max)
{
	size_t n = 0;
	for (;;) {
		if (l->at == l->end) {
			l->at = 0;
			l->end = fread(l->buf, 1, sizeof l->buf, l->in);
			if (l->end == 0)
				return n ? (ssize_t)n : -1;
		}
		const char *nl = memchr(l->buf + l->at, '\n', l->end - l->at);
		size_t take = nl ? (size_t)(nl - (l->buf + l->at)) + 1 : l->end - l->at;
		if (take > max + 1 - n)
			take = max + 1 - n;
		if (n + take + 1 > *cap) {
			size_t more = *cap ? *cap : 4096;
			while (more < n + take + 1)
				more *= 2;
			char *b = realloc(*line, more);
			if (!b)
				return -2;
			*line = b;
			*cap = more;
		}
		memcpy(*line + n, l->buf + l->at, take);
		n += take;
		l->at += take;
		(*line)[n] = '\0';
		if ((*line)[n - 1] == '\n' || n > max)
			return (ssize_t)n;
	}
}

static int write_line(const struct hv_record *r, void *ctx)
{
	FILE *out = ctx;
	json_t *j = hv_record_to_json_sync(r);
	int rc = j ? json_dumpf(j, out, JSON_COMPACT | JSON_PRESERVE_ORDER) : -1;
	json_decref(j);
	if (rc < 0 || fputc('\n', out) == EOF)
		return 1;
	return 0;
}

static int write_tombstone(const struct hv_tombstone *t, void *ctx)
{
	FILE *out = ctx;
	json_t *j = hv_tombstone_to_json(t);
	int rc = j ? json_dumpf(j, out, JSON_COMPACT | JSON_PRESERVE_ORDER) : -1;
	json_decref(j);
	return rc < 0 || fputc('\n', out) == EOF;
}

int hv_export_jsonl(struct hv_store *st, FILE *out, struct hv_error *err)
{
	struct hv_query q = {.include_deleted = 1};
	/* Purges last, so that a copy importing this never keeps what was purged. */
	if (hv_store_each(st, &q, write_line, out, err) < 0 ||
	    hv_store_each_tombstone(st, write_tombstone, out, err) < 0)
		return -1;
	if (ferror(out))
		return hv_fail(err, HV_EIO, "writing the export failed");
	return 0;
}

/* An entry added or changed is read by the crisis net as a new one would
 * be, until one holds crisis language: help is shown once, after all. */
static void heed_words(const struct hv_record *r, struct hv_import_stats *stats)
{
	if (!stats->crisis && !r->deleted)
		stats->crisis = hv_crisis_check_body(r->kind, r->body);
}

/* Parse, check and store one line; the message gets the line number later. */
static int import_line(struct hv_store *st, const char *line, size_t len,
                       struct hv_import_stats *stats, struct hv_error *err)
{
	if (!hv_text_valid(line, len))
		return hv_fail(err, HV_EDATA, "the line is not valid UTF-8 text");
	json_error_t je;
	json_t *j = json_loadb(line, len, JSON_REJECT_DUPLICATES, &je);
	if (!j)
		return hv_fail(err, HV_EDATA, "not valid JSON at column %d: %s", je.column,
		               je.text);
	if (hv_json_is_tombstone(j)) {
		struct hv_tombstone t;
		int rc = hv_tombstone_from_json(j, &t, err);
		json_decref(j);
		if (rc == 0)
			rc = hv_store_put_tombstone(st, &t, err);
		if (rc < 0)
			return -1;
		stats->purged += rc;
		return 0;
	}
	struct hv_record r;
	int rc = hv_record_from_json(j, &r, err);
	json_decref(j);
	if (rc < 0)
		return -1;
	enum hv_upsert what;
	struct hv_upsert_conflict c;
	rc = hv_kind_validate(r.kind, r.body, err);
	if (rc == 0)
		rc = hv_store_upsert(st, &r, &what, &c, err);
	if (rc == 0 && (what == HV_UPSERT_ADDED || what == HV_UPSERT_UPDATED))
		heed_words(&r, stats);
	hv_record_release(&r);
	if (rc < 0)
		return -1;
	stats->added += what == HV_UPSERT_ADDED;
	stats->updated += what == HV_UPSERT_UPDATED;
	stats->kept += what == HV_UPSERT_KEPT;
	stats->purged += what == HV_UPSERT_PURGED;
	stats->conflicts += c.conflict;
	return 0;
}

static int blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr(" \t\r\n", s[i]))
			return 0;
	return 1;
}

int hv_import_jsonl(struct hv_store *st, FILE *in, const char *name, struct hv_import_stats *stats,
                    hv_progress_fn progress, void *ctx, struct hv_error *err)
{
	memset(stats, 0, sizeof *stats);
	if (hv_store_begin(st, err) < 0)
		return -1;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int64_t bytes = 0;
	int rc = 0;
	struct lines *lines = malloc(sizeof *lines);
	if (!lines) {
		hv_store_rollback(st);
		return hv_fail(err, HV_ENOMEM, "out of memory reading %s", name);
	}
	lines->in = in;
	lines->at = lines->end = 0;
	while ((n = read_line(lines, &line, &cap, LINE_MAX_BYTES)) >= 0) {
		stats->lines++;
		bytes += n;
		if (progress && stats->lines % 1024 == 0)
			progress(bytes, ctx);
		if (bytes > FILE_MAX_BYTES) {
			rc = hv_fail(err, HV_EDATA, "%s: more than %lld GB; nothing was imported",
			             name, (long long)(FILE_MAX_BYTES >> 30));
			break;
		}
		if (n > LINE_MAX_BYTES) {
			rc = hv_fail(err, HV_EDATA,
			             "%s, line %lld: longer than %d MB; nothing was "
			             "imported",
			             name, (long long)stats->lines, LINE_MAX_BYTES >> 20);
			break;
		}
		if (memchr(line, '\0', (size_t)n)) {
			rc = hv_fail(
			    err, HV_EDATA,
			    "%s, line %lld: holds a NUL byte, so it is not JSON Lines text; "
			    "nothing was imported",
			    name, (long long)stats->lines);
			break;
		}
		if (blank(line, (size_t)n))
			continue;
		if (import_line(st, line, (size_t)n, stats, err) < 0) {
			char why[sizeof err->msg];
			snprintf(why, sizeof why, "%s", err->msg);
			rc = hv_fail(err, err->code == HV_EINVAL ? HV_EDATA : err->code,
			             "%s, line %lld: %s. Nothing was imported", name,
			             (long long)stats->lines, why);
			break;
		}
	}
	free(line);
	free(lines);
	if (rc == 0 && n == -2)
		rc =
		    hv_fail(err, HV_ENOMEM, "out of memory reading %s; nothing was imported", name);
	if (rc == 0 && ferror(in))
		rc = hv_fail(err, HV_EIO, "reading %s failed; nothing was imported", name);
	if (rc < 0) {
		hv_store_rollback(st);
		return -1;
	}
	if (progress)
		progress(bytes, ctx);
	return hv_store_commit(st, err);
}
