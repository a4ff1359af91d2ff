/*
 * restore.c — a backup staged beside the database, checked, then swapped
 * in by renames (restore.h).  Moved here from the CLI's restore command so
 * any front end can offer restore without copying the file handling.
 */
#include "transfer/restore.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/outfile.h"
#include "transfer/backup.h"

/* Copy a plain backup byte for byte into a new private file. */
static int copy_plain(const char *from, const char *to, struct hv_error *err)
{
	int in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return hv_fail(err, HV_EDATA, "cannot open %s: %s", from, strerror(errno));
	int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (out < 0) {
		close(in);
		return hv_fail(err, HV_EIO, "cannot create %s: %s", to, strerror(errno));
	}
	char buf[65536];
	ssize_t n;
	int ok = 1;
	while (ok && (n = read(in, buf, sizeof buf)) > 0)
		ok = hv_write_all(out, buf, (size_t)n) == 0;
	ok = ok && n == 0 && fsync(out) == 0;
	close(in);
	if (close(out) != 0)
		ok = 0;
	if (!ok) {
		unlink(to);
		return hv_fail(err, HV_EIO, "cannot copy %s: %s", from, strerror(errno));
	}
	return 0;
}

/* DB.before-restore-YYYYMMDD-HHMMSS, with -2, -3… if that exists. */
static void aside_name(const char *db, char *buf, size_t n)
{
	struct hv_civil c;
	hv_civil_from_ms(hv_now_ms(), 0, &c);
	struct stat sb;
	for (int i = 1;; i++) {
		int len = snprintf(buf, n, "%s.before-restore-%04d%02d%02d-%02d%02d%02d", db,
		                   c.year, c.month, c.day, c.hour, c.minute, c.second);
		if (i > 1)
			snprintf(buf + len, n - (size_t)len, "-%d", i);
		if (lstat(buf, &sb) != 0)
			return;
	}
}

static int exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

int hv_restore_stage(const char *db, const char *file, const char *pass, size_t n,
                     struct hv_restore *r, struct hv_error *err)
{
	memset(r, 0, sizeof *r);
	snprintf(r->db, sizeof r->db, "%s", db);
	enum hv_backup_kind kind;
	if (hv_backup_kind_of(file, &kind, err) < 0)
		return -1;
	unsigned char rnd[6];
	randombytes_buf(rnd, sizeof rnd);
	snprintf(r->staged, sizeof r->staged, "%s.restoring-%02x%02x%02x%02x%02x%02x", db, rnd[0],
	         rnd[1], rnd[2], rnd[3], rnd[4], rnd[5]);
	int rc = kind == HV_BACKUP_SEALED
	             ? hv_backup_open(file, r->staged, pass ? pass : "", n, err)
	             : copy_plain(file, r->staged, err);
	if (rc < 0) {
		r->staged[0] = '\0';
		return -1;
	}
	if (hv_store_check_file(r->staged, &r->info, err) < 0) {
		hv_restore_abandon(r);
		char why[sizeof err->msg];
		snprintf(why, sizeof why, "%s", err->msg);
		return hv_fail(err, err->code,
		               "the backup %s cannot be restored: %s. Nothing was replaced", file,
		               why);
	}
	return 0;
}

/* The old database aside; -1 with err when it cannot be. */
static int move_aside(struct hv_restore *r, struct hv_error *err)
{
	char wal[PATH_MAX + 8], shm[PATH_MAX + 8];
	snprintf(wal, sizeof wal, "%s-wal", r->db);
	snprintf(shm, sizeof shm, "%s-shm", r->db);
	/* Closing the last connection folds the log into the file and removes
	 * it; a log still there means another haven has the database open. */
	if (exists(wal))
		return hv_fail(err, HV_EIO,
		               "%s is open in another haven (perhaps `haven serve`). Stop it and "
		               "run the restore again; nothing was replaced",
		               r->db);
	r->aside[0] = '\0';
	if (!exists(r->db))
		return 0;
	aside_name(r->db, r->aside, sizeof r->aside);
	/* A second name for the old file, not a move: the database stays at its
	 * path until the restored one replaces it in one rename, so a crash in
	 * between leaves the old one there, never none.  Only where the disk
	 * cannot link is the old file moved, and put back on failure. */
	r->linked = link(r->db, r->aside) == 0;
	if (!r->linked && rename(r->db, r->aside) != 0) {
		int e = errno;
		r->aside[0] = '\0';
		return hv_fail(err, HV_EIO, "cannot move %s aside: %s; nothing was replaced", r->db,
		               strerror(e));
	}
	unlink(shm);
	return 0;
}

int hv_restore_swap(struct hv_restore *r, struct hv_error *err)
{
	if (move_aside(r, err) < 0) {
		hv_restore_abandon(r);
		return -1;
	}
	if (rename(r->staged, r->db) != 0) {
		int e = errno;
		if (r->aside[0] && r->linked)
			unlink(r->aside); /* the old file never left its path */
		else if (r->aside[0])
			rename(r->aside, r->db);
		r->aside[0] = '\0';
		hv_restore_abandon(r);
		return hv_fail(
		    err, HV_EIO,
		    "cannot put the restored database in place: %s; nothing was replaced",
		    strerror(e));
	}
	r->staged[0] = '\0';
	chmod(r->db, 0600);
	return 0;
}

void hv_restore_abandon(struct hv_restore *r)
{
	if (r->staged[0])
		unlink(r->staged);
	r->staged[0] = '\0';
}
