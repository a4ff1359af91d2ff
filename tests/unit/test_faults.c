/*
 * test_faults.c — writes that fail halfway: a full disk, an I/O error.
 *
 * The idea is SQLite's own "fault at the Nth I/O" loop.  A wrapper around
 * the system's SQLite VFS counts every write (and, for I/O errors, every
 * sync and truncate) and makes the Nth one fail.  For N = 1, 2, 3, … each
 * operation that writes (log, import, edit, delete, purge, vault enable,
 * merge, and the very first run that creates the database) is run on a
 * fresh copy of the same database until it makes fewer than N writes and
 * succeeds.  After every run, with the disk healthy again, the database
 * must pass PRAGMA integrity_check and hold exactly what it held before
 * (the call returned -1 with a message naming the problem) or exactly what
 * the operation should leave (it returned 0): never half of it.
 *
 * Three ways to fail: a disk that is full and stays full, an I/O error that
 * stays, and a single I/O error after which the disk recovers (so SQLite's
 * own rollback and the next checkpoint really run).
 *
 * Adding an operation is one function and one line in the `ops` table at
 * the bottom.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "store-fixture.h"

#include "core/clock.h"
#include "core/store-private.h"
#include "core/store.h"
#include "core/vault.h"
#include "journal/journal.h"
#include "transfer/merge.h"
#include "transfer/transfer.h"

/* ---- the failing VFS ------------------------------------------------------------ */

enum fault_kind {
	FAULT_FULL,  /* writes fail with SQLITE_FULL, as on a full disk */
	FAULT_IOERR, /* writes, syncs and truncates fail with an I/O error */
};

static struct {
	int armed;
	enum fault_kind kind;
	int sticky; /* keep failing after the first failure */
	long at;    /* the countable call that fails first (1-based) */
	long calls; /* countable calls since arming */
	int fired;  /* a call did fail */
} fault;

struct faulty_file {
	sqlite3_file base;
	sqlite3_file *real; /* the base VFS's file, just after this struct */
};

static sqlite3_vfs *base_vfs;
static sqlite3_vfs faulty_vfs;

#define REAL(f) (((struct faulty_file *)(f))->real)

/* Count one write-like call; true when it must fail. */
static int hit(int counts)
{
	if (!fault.armed || !counts)
		return 0;
	fault.calls++;
	if (fault.calls == fault.at || (fault.sticky && fault.calls > fault.at)) {
		fault.fired = 1;
		return 1;
	}
	return 0;
}

static int f_close(sqlite3_file *f)
{
	return REAL(f)->pMethods->xClose(REAL(f));
}

static int f_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	return REAL(f)->pMethods->xRead(REAL(f), buf, n, off);
}

static int f_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	if (hit(1))
		return fault.kind == FAULT_FULL ? SQLITE_FULL : SQLITE_IOERR_WRITE;
	return REAL(f)->pMethods->xWrite(REAL(f), buf, n, off);
}

static int f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	if (hit(fault.kind == FAULT_IOERR))
		return SQLITE_IOERR_TRUNCATE;
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}

static int f_sync(sqlite3_file *f, int flags)
{
	if (hit(fault.kind == FAULT_IOERR))
		return SQLITE_IOERR_FSYNC;
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}

static int f_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), size);
}

static int f_lock(sqlite3_file *f, int level)
{
	return REAL(f)->pMethods->xLock(REAL(f), level);
}

static int f_unlock(sqlite3_file *f, int level)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), level);
}

static int f_check_reserved(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}

static int f_file_control(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}

static int f_sector_size(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int f_device_chars(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

static int f_shm_map(sqlite3_file *f, int page, int size, int extend, void volatile **out)
{
	return REAL(f)->pMethods->xShmMap(REAL(f), page, size, extend, out);
}

static int f_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), offset, n, flags);
}

static void f_shm_barrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}

static int f_shm_unmap(sqlite3_file *f, int delete_flag)
{
	return REAL(f)->pMethods->xShmUnmap(REAL(f), delete_flag);
}

static int f_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **out)
{
	return REAL(f)->pMethods->xFetch(REAL(f), off, n, out);
}

static int f_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	return REAL(f)->pMethods->xUnfetch(REAL(f), off, p);
}

static const sqlite3_io_methods faulty_methods = {
    3,
    f_close,
    f_read,
    f_write,
    f_truncate,
    f_sync,
    f_file_size,
    f_lock,
    f_unlock,
    f_check_reserved,
    f_file_control,
    f_sector_size,
    f_device_chars,
    f_shm_map,
    f_shm_lock,
    f_shm_barrier,
    f_shm_unmap,
    f_fetch,
    f_unfetch,
};

static int f_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
	(void)vfs;
	struct faulty_file *p = (struct faulty_file *)f;
	p->real = (sqlite3_file *)(p + 1);
	p->base.pMethods = NULL;
	int rc = base_vfs->xOpen(base_vfs, name, p->real, flags, out_flags);
	if (rc != SQLITE_OK)
		return rc;
	/* The forwarding table is version 3: the system VFS must be too. */
	assert_true(p->real->pMethods->iVersion >= 3);
	p->base.pMethods = &faulty_methods;
	return SQLITE_OK;
}

/* Make the failing VFS the default (so hv_store_open uses it), or not. */
static void use_faulty_vfs(int on)
{
	if (!base_vfs) {
		base_vfs = sqlite3_vfs_find(NULL);
		assert_non_null(base_vfs);
		faulty_vfs = *base_vfs; /* everything but opening files is the system's */
		faulty_vfs.zName = "haven-faulty";
		faulty_vfs.szOsFile = (int)sizeof(struct faulty_file) + base_vfs->szOsFile;
		faulty_vfs.xOpen = f_open;
		faulty_vfs.pNext = NULL;
	}
	if (on) {
		assert_int_equal(sqlite3_vfs_register(&faulty_vfs, 1), SQLITE_OK);
	} else {
		sqlite3_vfs_unregister(&faulty_vfs);
		assert_int_equal(sqlite3_vfs_register(base_vfs, 1), SQLITE_OK);
	}
}

static void arm(enum fault_kind kind, int sticky, long at)
{
	fault.kind = kind;
	fault.sticky = sticky;
	fault.at = at;
	fault.calls = 0;
	fault.fired = 0;
	fault.armed = 1;
}

static void disarm(void)
{
	fault.armed = 0;
}

/* ---- the database every run starts from --------------------------------------------- */

#define TEMPLATE_DB "template.db"
#define WORK_DB     "work.db"
#define OTHER_DB    "other.db"
#define FIXED_ID(n) "00000000-0000-4000-8000-0000000000" #n

static char *template_bytes;
static size_t template_len;
static char *before_export; /* hv_export_jsonl of the template */

/* A fresh copy of the template as WORK_DB, with no WAL beside it. */
static void restore_work_db(void)
{
	fixture_remove(WORK_DB);
	FILE *f = fopen(WORK_DB, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(template_bytes, 1, template_len, f), template_len);
	assert_int_equal(fclose(f), 0);
}

/* Every record, deleted ones included, as JSON Lines: the logical content. */
static char *export_text(struct hv_store *st)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	assert_non_null(mem);
	struct hv_error err;
	int rc = hv_export_jsonl(st, mem, &err);
	fclose(mem);
	if (rc < 0)
		fail_msg("export failed: %s", err.msg);
	return buf;
}

static void assert_integrity_ok(const char *path)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "ok");
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
	sqlite3_close(db);
}

/* One JSON Lines record with a fixed id; text long enough to fill pages. */
static void put_line(FILE *out, int n, const char *created, const char *updated, int intensity,
                     const char *word)
{
	fprintf(out,
	        "{\"id\":\"00000000-0000-4000-8000-%012d\",\"kind\":\"trigger\","
	        "\"created\":\"%s\",\"updated\":\"%s\",\"version\":1,\"deleted\":false,"
	        "\"body\":{\"intensity\":%d,\"what\":\"",
	        n, created, updated, intensity);
	for (int i = 0; i < 60; i++)
		fprintf(out, "%s %d ", word, i);
	fputs("\"}}\n", out);
}

static int import_text(struct hv_store *st, const char *text, struct hv_error *err)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	assert_non_null(in);
	struct hv_import_stats stats;
	int rc = hv_import_jsonl(st, in, "faults.jsonl", &stats, NULL, NULL, err);
	fclose(in);
	return rc;
}

static char *import_file;           /* what the import operation brings in */
static struct hv_store *other_copy; /* what the merge brings in, on a healthy disk */

static int setup(void **state)
{
	(void)state;
	setenv("HAVEN_NOW", "2026-01-07T16:00:00Z", 1);
	setenv("HAVEN_TEST_KDF_FAST", "1", 1); /* hundreds of vaults to make */
	struct hv_store *st = fixture_store(TEMPLATE_DB);
	struct hv_error err;

	/* A journal of twelve fixed entries and three logged the usual way. */
	char *lines = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&lines, &len);
	for (int i = 1; i <= 12; i++) {
		char when[32];
		snprintf(when, sizeof when, "2026-01-%02dT08:00:00.000Z", i % 6 + 1);
		put_line(mem, i, when, when, i % 10 + 1, "before");
	}
	fclose(mem);
	assert_int_equal(import_text(st, lines, &err), 0);
	free(lines);
	for (int i = 0; i < 3; i++) {
		json_t *body = json_pack("{s:i,s:s}", "intensity", 4 + i, "what", "logged");
		assert_int_equal(hv_journal_add(st, body, 0, NULL, &err), 0);
		json_decref(body);
	}
	assert_int_equal(hv_journal_set_deleted(st, FIXED_ID(12), 1, NULL, &err), 0);
	before_export = export_text(st);
	hv_store_close(st);
	template_bytes = fixture_bytes(TEMPLATE_DB, &template_len);

	/* The import: forty new entries and a newer version of entry 1. */
	mem = open_memstream(&import_file, &len);
	for (int i = 100; i < 140; i++)
		put_line(mem, i, "2026-01-03T09:00:00.000Z", "2026-01-03T09:00:00.000Z", 5,
		         "during");
	put_line(mem, 1, "2026-01-02T08:00:00.000Z", "2026-01-06T10:00:00.000Z", 9, "changed");
	fclose(mem);

	/* The other copy: thirty entries of its own, newer edits of entries 2
	 * and 3, and an older one of entry 5 (ours wins). */
	other_copy = fixture_store(OTHER_DB);
	mem = open_memstream(&lines, &len);
	for (int i = 200; i < 230; i++)
		put_line(mem, i, "2026-01-04T07:00:00.000Z", "2026-01-04T07:00:00.000Z", 3,
		         "elsewhere");
	put_line(mem, 2, "2026-01-03T08:00:00.000Z", "2026-01-07T09:00:00.000Z", 2, "edited there");
	put_line(mem, 3, "2026-01-04T08:00:00.000Z", "2026-01-07T09:00:00.000Z", 8, "edited there");
	put_line(mem, 5, "2026-01-06T08:00:00.000Z", "2026-01-01T09:00:00.000Z", 1, "older");
	fclose(mem);
	assert_int_equal(import_text(other_copy, lines, &err), 0);
	free(lines);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(template_bytes);
	free(before_export);
	free(import_file);
	hv_store_close(other_copy);
	fixture_remove(OTHER_DB);
	fixture_remove(TEMPLATE_DB);
	fixture_remove(WORK_DB);
	return 0;
}

/* ---- the operations under test -------------------------------------------------------- */

/*
 * An operation runs against an open store and returns 0 or -1.  When what
 * it adds cannot be known in advance (a new random id), it hands back the
 * record it wrote as an export line in *added; otherwise the state after a
 * clean run is the expectation.
 */
struct op {
	const char *name;
	int (*run)(struct hv_store *st, char **added, struct hv_error *err);
	int small_cache; /* spill dirty pages mid-transaction (writes before COMMIT) */
	/* For state beyond the records (is it a vault?): a line describing it,
	 * and what to do after opening the file so it can be exported. */
	char *(*state)(struct hv_store *st);
	void (*opened)(struct hv_store *st);
};

static int op_log(struct hv_store *st, char **added, struct hv_error *err)
{
	json_t *body = json_pack("{s:i,s:s,s:[s]}", "intensity", 7, "what",
	                         "a message left on read", "triggers", "partner-distance");
	struct hv_record r;
	int rc = hv_journal_add(st, body, 0, &r, err);
	json_decref(body);
	if (rc == 0) {
		json_t *j = hv_record_to_json_sync(&r); /* as an export writes it */
		char *line = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(j);
		hv_record_release(&r);
		assert_non_null(line);
		assert_true(asprintf(added, "%s\n", line) > 0);
		free(line);
	}
	return rc;
}

static int op_import(struct hv_store *st, char **added, struct hv_error *err)
{
	(void)added;
	return import_text(st, import_file, err);
}

static int op_edit(struct hv_store *st, char **added, struct hv_error *err)
{
	(void)added;
	json_t *changes =
	    json_pack("{s:i,s:s,s:n}", "intensity", 2, "response", "went for a walk", "what");
	int rc = hv_journal_edit(st, FIXED_ID(02), changes, 0, NULL, err);
	json_decref(changes);
	return rc;
}

static int op_delete(struct hv_store *st, char **added, struct hv_error *err)
{
	(void)added;
	return hv_journal_set_deleted(st, FIXED_ID(03), 1, NULL, err);
}

static int op_undelete(struct hv_store *st, char **added, struct hv_error *err)
{
	(void)added;
	return hv_journal_set_deleted(st, FIXED_ID(12), 0, NULL, err);
}

static int op_purge(struct hv_store *st, char **added, struct hv_error *err)
{
	(void)added;
	return hv_journal_purge(st, FIXED_ID(04), err);
}

#define PASSPHRASE "correct horse battery staple"

/* A fault after the entries were sealed can only keep the file from being
 * rewritten: the vault is on (the content after), enable says what is left
 * and marks it unfinished, and running it again finishes (t-vault.sh). */
static int op_vault_enable(struct hv_store *st, char **added, struct hv_error *err)
{
	(void)added;
	if (hv_vault_enable(st, PASSPHRASE, strlen(PASSPHRASE), err) == 0)
		return 0;
	if (!hv_vault_on(st))
		return -1;
	if (!hv_vault_scrub_pending(st) || !strstr(err->msg, "the vault is on, but"))
		fail_msg("vault enable failed after sealing without saying it is unfinished: %s",
		         err->msg);
	return 0;
}

static char *vault_state(struct hv_store *st)
{
	return strdup(hv_vault_on(st) ? "vault: on\n" : "vault: off\n");
}

static void vault_unlock(struct hv_store *st)
{
	struct hv_error err;
	if (hv_vault_on(st) && !hv_vault_unlocked(st) &&
	    hv_vault_unlock(st, PASSPHRASE, strlen(PASSPHRASE), &err) < 0)
		fail_msg("the vault does not open after the fault: %s", err.msg);
}

static int op_merge(struct hv_store *st, char **added, struct hv_error *err)
{
	(void)added;
	struct hv_merge_stats stats = {0};
	if (hv_merge_check_pair(st, other_copy, err) < 0)
		return -1;
	int rc = hv_merge(st, other_copy, &stats, err);
	json_decref(stats.report); /* the caller's, on success */
	return rc;
}

/* ---- the loop ------------------------------------------------------------------------------ */

static int cmp_lines(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The lines of text (plus extra, if any) sorted, joined again. */
static char *sorted_lines(const char *text, const char *extra)
{
	char *all = NULL;
	assert_true(asprintf(&all, "%s%s", text, extra ? extra : "") >= 0);
	size_t n = 0, cap = 16;
	char **v = malloc(cap * sizeof *v);
	for (char *save = NULL, *line = strtok_r(all, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (n == cap)
			v = realloc(v, (cap *= 2) * sizeof *v);
		v[n++] = line;
	}
	qsort(v, n, sizeof *v, cmp_lines);
	char *out = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&out, &len);
	for (size_t i = 0; i < n; i++)
		fprintf(mem, "%s\n", v[i]);
	fclose(mem);
	free(v);
	free(all);
	return out;
}

/* The logical content: every record, plus the op's extra state. */
static char *content(const struct op *op, struct hv_store *st)
{
	char *records = export_text(st);
	if (!op->state)
		return records;
	char *extra = op->state(st), *all = NULL;
	assert_true(asprintf(&all, "%s%s", extra, records) >= 0);
	free(extra);
	free(records);
	return all;
}

/* Open WORK_DB as a program would (unlocking a vault, say). */
static struct hv_store *open_work(const struct op *op)
{
	struct hv_store *st;
	struct hv_error err;
	if (hv_store_open(&st, WORK_DB, &err) < 0)
		fail_msg("%s: cannot open the database: %s", op->name, err.msg);
	if (op->opened)
		op->opened(st);
	return st;
}

/* What the database holds after a clean run of op (NULL when it adds an
 * unknowable id: then *added at each run says what to expect). */
static char *clean_after(const struct op *op)
{
	restore_work_db();
	struct hv_store *st = open_work(op);
	struct hv_error err;
	char *added = NULL;
	if (op->run(st, &added, &err) < 0)
		fail_msg("%s fails even without faults: %s", op->name, err.msg);
	char *after = added ? NULL : content(op, st);
	hv_store_close(st);
	free(added);
	if (after)
		assert_string_not_equal(after, before_export); /* the op must change something */
	return after;
}

static void check_message(const struct op *op, enum fault_kind kind, long n,
                          const struct hv_error *err)
{
	const char *want = kind == FAULT_FULL ? "is full" : "writing to the disk failed";
	if (err->code != HV_EIO || !strstr(err->msg, want) || !strstr(err->msg, WORK_DB))
		fail_msg("%s, fault at write %ld: expected an I/O error saying \"%s\" and naming "
		         "%s, got code %d: %s",
		         op->name, n, want, WORK_DB, err->code, err->msg);
}

/* Check the logical content against the before or after state. */
static void check_content(const struct op *op, long n, int rc, const char *got, const char *before,
                          const char *after, const char *added, const char *when)
{
	if (rc < 0) {
		if (strcmp(got, before) != 0)
			fail_msg(
			    "%s, fault at write %ld: returned -1 but the content %s is not the "
			    "content before",
			    op->name, n, when);
		return;
	}
	if (after) {
		if (strcmp(got, after) != 0)
			fail_msg("%s, fault at write %ld: returned 0 but the content %s is not the "
			         "content after a clean run",
			         op->name, n, when);
		return;
	}
	assert_non_null(added);
	char *want = sorted_lines(before, added), *have = sorted_lines(got, NULL);
	if (strcmp(want, have) != 0)
		fail_msg("%s, fault at write %ld: returned 0 but the content %s is not the content "
		         "before plus the new entry",
		         op->name, n, when);
	free(want);
	free(have);
}

/* Run op with a fault at write 1, 2, 3, … until it completes untouched;
 * returns how many fault points there were. */
static long fault_loop(const struct op *op, enum fault_kind kind, int sticky)
{
	restore_work_db();
	struct hv_store *st = open_work(op);
	char *before = content(op, st);
	hv_store_close(st);
	char *after = clean_after(op);
	long n;
	for (n = 1; n < 5000; n++) {
		restore_work_db();
		use_faulty_vfs(1);
		struct hv_error err;
		st = open_work(op);
		if (op->small_cache)
			assert_int_equal(
			    sqlite3_exec(st->db, "PRAGMA cache_size = 2", NULL, NULL, NULL),
			    SQLITE_OK);
		char *added = NULL;
		hv_error_clear(&err);
		arm(kind, sticky, n);
		int rc = op->run(st, &added, &err);
		disarm();
		int fired = fault.fired;
		if (rc < 0)
			check_message(op, kind, n, &err);
		/* The disk is healthy again: the same connection (a running
		 * haven serve) sees the right content ... */
		char *now = content(op, st);
		check_content(op, n, rc, now, before, after, added, "seen by the same connection");
		hv_store_close(st);
		use_faulty_vfs(0);

		/* ... and so does the next program to open the file. */
		assert_integrity_ok(WORK_DB);
		st = open_work(op);
		char *reopened = content(op, st);
		hv_store_close(st);
		check_content(op, n, rc, reopened, before, after, added, "after reopening");
		free(now);
		free(reopened);
		free(added);
		if (!fired) {
			if (rc < 0)
				fail_msg("%s failed with no fault injected: %s", op->name, err.msg);
			break;
		}
	}
	assert_true(n < 5000);
	free(before);
	free(after);
	return n - 1;
}

static const struct op ops[] = {
    {.name = "log", .run = op_log},
    {.name = "import", .run = op_import},
    {.name = "import (spilling mid-transaction)", .run = op_import, .small_cache = 1},
    {.name = "edit", .run = op_edit},
    {.name = "soft delete", .run = op_delete},
    {.name = "undo a delete", .run = op_undelete},
    {.name = "purge", .run = op_purge},
    {.name = "vault enable", .run = op_vault_enable, .state = vault_state, .opened = vault_unlock},
    {.name = "vault enable (spilling)",
     .run = op_vault_enable,
     .small_cache = 1,
     .state = vault_state,
     .opened = vault_unlock},
    {.name = "merge", .run = op_merge},
    {.name = "merge (spilling)", .run = op_merge, .small_cache = 1},
};

static void run_all(enum fault_kind kind, int sticky)
{
	for (size_t i = 0; i < sizeof ops / sizeof *ops; i++) {
		long points = fault_loop(&ops[i], kind, sticky);
		/* Every operation writes something, so it met at least one fault. */
		assert_true(points >= 1);
		print_message("  %-36s %3ld fault points\n", ops[i].name, points);
	}
}

static void test_disk_full(void **state)
{
	(void)state;
	run_all(FAULT_FULL, 1);
}

static void test_io_error_that_stays(void **state)
{
	(void)state;
	run_all(FAULT_IOERR, 1);
}

static void test_io_error_once(void **state)
{
	(void)state;
	run_all(FAULT_IOERR, 0);
}

/*
 * The very first run on a failing disk: haven creates the file, sets up the
 * schema (migration by migration) and saves an entry.  Wherever that fails,
 * the next run must find a whole database at a whole schema version, set
 * it up the rest of the way and hold the entry or nothing.
 */
static long first_run_loop(enum fault_kind kind, int sticky)
{
	long n;
	for (n = 1; n < 5000; n++) {
		fixture_remove(WORK_DB);
		use_faulty_vfs(1);
		struct hv_store *st = NULL;
		struct hv_error err;
		char *added = NULL;
		arm(kind, sticky, n);
		int rc = hv_store_open(&st, WORK_DB, &err);
		if (rc == 0)
			rc = op_log(st, &added, &err);
		disarm();
		int fired = fault.fired;
		hv_store_close(st);
		use_faulty_vfs(0);
		if (rc < 0) {
			struct op first = {.name = "first run"};
			check_message(&first, kind, n, &err);
		}
		assert_integrity_ok(WORK_DB);
		st = fixture_open(WORK_DB);
		assert_int_equal(fixture_count(st), rc == 0 ? 1 : 0);
		hv_store_close(st);
		sqlite3 *db;
		assert_int_equal(sqlite3_open(WORK_DB, &db), SQLITE_OK);
		sqlite3_stmt *s;
		assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL),
		                 SQLITE_OK);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(s, 0), HV_SCHEMA_VERSION);
		sqlite3_finalize(s);
		sqlite3_close(db);
		free(added);
		if (!fired) {
			assert_int_equal(rc, 0);
			break;
		}
	}
	assert_true(n > 1 && n < 5000);
	return n - 1;
}

static void test_first_run(void **state)
{
	(void)state;
	print_message("  %-36s %3ld fault points\n", "first run, disk full",
	              first_run_loop(FAULT_FULL, 1));
	print_message("  %-36s %3ld fault points\n", "first run, I/O error",
	              first_run_loop(FAULT_IOERR, 1));
	print_message("  %-36s %3ld fault points\n", "first run, one I/O error",
	              first_run_loop(FAULT_IOERR, 0));
}

/* The failing VFS really fails: without it the loop would prove nothing. */
static void test_the_vfs_fails_writes(void **state)
{
	(void)state;
	restore_work_db();
	use_faulty_vfs(1);
	struct hv_store *st = fixture_open(WORK_DB);
	struct hv_error err;
	arm(FAULT_FULL, 1, 1);
	char *added = NULL;
	assert_int_equal(op_log(st, &added, &err), -1);
	disarm();
	assert_true(fault.fired);
	assert_null(added);
	assert_int_equal(err.code, HV_EIO);
	assert_non_null(strstr(err.msg, "is full"));
	hv_store_close(st);
	use_faulty_vfs(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_the_vfs_fails_writes),
	    cmocka_unit_test(test_disk_full),
	    cmocka_unit_test(test_io_error_that_stays),
	    cmocka_unit_test(test_io_error_once),
	    cmocka_unit_test(test_first_run),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
