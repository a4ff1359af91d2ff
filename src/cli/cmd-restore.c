/*
 * cmd-restore.c — `haven restore FILE`: put a backup in the database's place.
 *
 * Nothing is replaced until the backup has been opened (a wrong passphrase,
 * a changed or cut-short file are refused), written to a private temporary
 * file beside the database and checked in full (PRAGMA integrity_check, a
 * schema this haven knows).  Then the current database is renamed aside
 * (DB.before-restore-TIME) and the restored one renamed into its place: a
 * rename in one folder, so there is never a moment without a whole file.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "core/clock.h"
#include "passphrase.h"
#include "transfer/backup.h"

extern const struct hv_cmd cmd_restore;

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
		ok = write(out, buf, (size_t)n) == n;
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
		int len = snprintf(buf, n, "%s.before-restore-%04d%02d%02d-%02d%02d%02d", db, c.year,
				   c.month, c.day, c.hour, c.minute, c.second);
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

/* Move the current database aside and the restored one in; -1 with err. */
static int swap_in(const char *db, const char *restored, char *aside, size_t n,
		   struct hv_error *err)
{
	char wal[PATH_MAX + 8], shm[PATH_MAX + 8];
	snprintf(wal, sizeof wal, "%s-wal", db);
	snprintf(shm, sizeof shm, "%s-shm", db);
	/* Closing the last connection folds the log into the file and removes
	 * it; a log still there means another haven has the database open. */
	if (exists(wal))
		return hv_fail(err, HV_EIO,
			       "%s is open in another haven (perhaps `haven serve`). Stop it and "
			       "run the restore again; nothing was replaced",
			       db);
	aside[0] = '\0';
	if (exists(db)) {
		aside_name(db, aside, n);
		if (rename(db, aside) != 0)
			return hv_fail(err, HV_EIO, "cannot move %s aside: %s; nothing was replaced",
				       db, strerror(errno));
		unlink(shm);
	}
	if (rename(restored, db) != 0) {
		int e = errno;
		if (aside[0])
			rename(aside, db);
		return hv_fail(err, HV_EIO, "cannot put the restored database in place: %s; "
					    "nothing was replaced",
			       strerror(e));
	}
	chmod(db, 0600);
	return 0;
}

static int run(struct hv_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"passphrase-file", required_argument, NULL, 'p'},
	    {"passphrase", required_argument, NULL, 'X'},
	    {NULL, 0, NULL, 0},
	};
	const char *pass_file = NULL;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:", opts, NULL)) != -1) {
		switch (c) {
		case 'X':
			return cli_usage(&cmd_restore, "haven never takes a passphrase on the command line, "
						"where other programs can see it: use "
						"--passphrase-file FILE");
		case 'p': pass_file = optarg; break;
		case ':': return cli_usage(&cmd_restore, "%s needs a file path", argv[optind - 1]);
		default: return cli_usage(&cmd_restore, "unknown option %s", cli_bad_option(argv));
		}
	}
	if (optind != argc - 1)
		return cli_usage(&cmd_restore, optind >= argc ? "name the backup file to restore"
							       : "give one backup file");
	const char *file = argv[optind];
	struct hv_error err;
	enum hv_backup_kind kind;
	if (hv_backup_kind_of(file, &kind, &err) < 0)
		return cli_error(cli, &err);
	/* Opening the store makes its folder (0700) and settles its log. */
	struct hv_store *st = cli_store_locked(cli);
	if (!st)
		return HV_EXIT_FAIL;
	/* A haven left running would go on writing to the database set aside. */
	if (hv_store_exclusive(st, "restore a backup", &err) < 0)
		return cli_error(cli, &err);
	char db[PATH_MAX], tmp[PATH_MAX + 64], aside[PATH_MAX + 64];
	snprintf(db, sizeof db, "%s", hv_store_path(st));
	unsigned char r[6];
	randombytes_buf(r, sizeof r);
	snprintf(tmp, sizeof tmp, "%s.restoring-%02x%02x%02x%02x%02x%02x", db, r[0], r[1], r[2],
		 r[3], r[4], r[5]);
	int rc;
	if (kind == HV_BACKUP_SEALED) {
		struct cli_pass p;
		if (cli_pass_get(cli, pass_file, 0, "Passphrase of the backup: ", CLI_PASS_EXISTING,
				 &p) < 0)
			return HV_EXIT_FAIL;
		rc = hv_backup_open(file, tmp, p.buf, p.n, &err);
		cli_pass_free(&p);
	} else {
		rc = copy_plain(file, tmp, &err);
	}
	if (rc < 0)
		return cli_error(cli, &err);
	struct hv_store_file_info info;
	if (hv_store_check_file(tmp, &info, &err) < 0) {
		unlink(tmp);
		char why[sizeof err.msg];
		snprintf(why, sizeof why, "%s", err.msg);
		hv_fail(&err, err.code, "the backup %s cannot be restored: %s. Nothing was replaced",
			file, why);
		return cli_error(cli, &err);
	}
	hv_store_close(cli->store);
	cli->store = NULL;
	if (swap_in(db, tmp, aside, sizeof aside, &err) < 0) {
		unlink(tmp);
		return cli_error(cli, &err);
	}
	if (cli->json)
		return cli_print_json(json_pack("{s:s, s:I, s:b, s:s?}", "restored", file, "entries",
						(json_int_t)info.records, "vault", info.vault,
						"previous", aside[0] ? aside : NULL));
	printf("Restored %lld %s from %s%s.\n", (long long)info.records,
	       info.records == 1 ? "entry" : "entries", file,
	       info.vault ? " (a vault: it opens with its own passphrase)" : "");
	if (aside[0])
		printf("The database you had is kept at %s.\n", aside);
	return HV_EXIT_OK;
}

const struct hv_cmd cmd_restore = {
    .name = "restore",
    .usage = "restore [--passphrase-file FILE] BACKUP",
    .summary = "bring back a backup; the database you had is kept aside",
    .help = "  --passphrase-file FILE   the backup's passphrase is the first line of FILE\n"
	    "                           (readable by you alone: chmod 600 FILE)\n\n"
	    "The backup is opened and checked in full before anything is replaced. The\n"
	    "current database is then renamed to DB.before-restore-DATE-TIME, not deleted.",
    .run = run,
};
