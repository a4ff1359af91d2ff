/*
 * cmd-backup.c — `haven backup FILE`: a consistent snapshot of the whole
 * database, sealed with a passphrase of its own.
 *
 * The snapshot comes from SQLite's online backup API (never a file copy, so
 * a write in progress elsewhere cannot tear it) into a private temporary
 * file beside the database; it is then sealed into FILE.partial-PID beside
 * FILE and renamed, so a backup cut short never looks whole.  A FILE that
 * is a device or a FIFO is never replaced: the finished backup is made
 * beside the database instead and written into it (core/outfile.h).
 * --plain skips the sealing, on purpose only, and says what that means.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "args.h"
#include "cli.h"
#include "core/outfile.h"
#include "core/vault.h"
#include "passphrase.h"
#include "transfer/backup.h"

extern const struct hv_cmd cmd_backup;

#define WORDS "transfer.json" /* what a person reads */

/* Where the symbolic link path leads, as a whole path in buf: the file
 * itself when it exists, else a file not made yet in a folder that is. */
static char *link_target(const char *path, char *buf, size_t n)
{
	if (realpath(path, buf))
		return buf;
	if (errno != ENOENT)
		return NULL;
	char to[PATH_MAX], dir[PATH_MAX], whole[2 * PATH_MAX + 2];
	ssize_t len = readlink(path, to, sizeof to - 1);
	if (len <= 0)
		return NULL;
	to[len] = '\0';
	if (to[0] == '/') {
		snprintf(whole, sizeof whole, "%s", to);
	} else {
		const char *slash = strrchr(path, '/');
		snprintf(whole, sizeof whole, "%.*s%s", slash ? (int)(slash - path + 1) : 0, path,
		         to);
	}
	char *base = strrchr(whole, '/');
	snprintf(dir, sizeof dir, "%.*s", base ? (int)(base - whole) : 1, base ? whole : ".");
	if (!*dir)
		snprintf(dir, sizeof dir, "/");
	char real[PATH_MAX];
	if (!realpath(dir, real) || strlen(real) + strlen(base ? base : whole) + 2 > n)
		return NULL;
	/* (the length was checked above) */
	int w =
	    snprintf(buf, n, "%s/%s", strcmp(real, "/") == 0 ? "" : real, base ? base + 1 : whole);
	return w > 0 && (size_t)w < n ? buf : NULL;
}

static void temp_beside(const char *path, const char *tag, char *buf, size_t n)
{
	unsigned char r[6];
	randombytes_buf(r, sizeof r);
	snprintf(buf, n, "%s.%s-%02x%02x%02x%02x%02x%02x", path, tag, r[0], r[1], r[2], r[3], r[4],
	         r[5]);
}

static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/* The file the backup goes to: file itself, or where the symbolic link
 * file leads (in target).  A link stays a link: the backup replaces the
 * file it leads to, as core/outfile.h does for every file a person names.
 * A link to nowhere is refused rather than replaced by a file of its name:
 * NULL, said. */
static const char *destination(const char *file, char *target, size_t n)
{
	struct stat sb;
	if (lstat(file, &sb) != 0 || !S_ISLNK(sb.st_mode))
		return file;
	if (link_target(file, target, n))
		return target;
	fprintf(stderr,
	        "haven: %s is a symbolic link to a place that cannot be reached (%s); "
	        "name the file itself, or fix the link. Nothing was written\n",
	        file, strerror(errno));
	return NULL;
}

/* Everything that can be refused before the database is opened. */
static int check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	if (a->argc != 1)
		return cli_usage(&cmd_backup, a->argc == 0 ? "name the backup file to write"
		                                           : "give one backup file");
	const char *file = a->argv[0];
	if (cli_flag(a, "--plain") && cli_arg(a, "--passphrase-file"))
		return cli_usage(&cmd_backup,
		                 "--plain writes no passphrase; drop --passphrase-file");
	struct stat sb;
	if (stat(file, &sb) == 0 && S_ISDIR(sb.st_mode))
		return cli_usage(&cmd_backup, "%s is a folder; name a file inside it", file);
	char target[PATH_MAX];
	return destination(file, target, sizeof target) ? 0 : HV_EXIT_FAIL;
}

static int run(struct hv_cli *cli, struct cli_args *a)
{
	const char *named = a->argv[0], *pass_file = cli_arg(a, "--passphrase-file");
	int plain = cli_flag(a, "--plain");
	char target[PATH_MAX];
	const char *file = destination(named, target, sizeof target);
	if (!file)
		return HV_EXIT_FAIL;
	struct hv_store *st = a->store;
	struct hv_error err;
	if (same_file(file, hv_store_path(st))) {
		hv_fail(&err, HV_EINVAL,
		        "%s is the database itself; name another file for the backup", file);
		return cli_error(cli, &err);
	}
	struct cli_pass p = {0};
	const char *kv[] = {"file", file, NULL};
	if (plain)
		cli_put_filled(stderr,
		               cli_words(WORDS,
		                         hv_vault_on(st) ? "backup/plain_warning_vault"
		                                         : "backup/plain_warning",
		                         0),
		               kv, "\n");
	else if (cli_pass_get(cli, pass_file, 0, cli_words(WORDS, "backup/ask_passphrase", 0),
	                      CLI_PASS_NEW, &p) < 0)
		return HV_EXIT_FAIL;

	char snap[PATH_MAX + 64], part[PATH_MAX + 64];
	int direct = hv_path_is_special(file);
	temp_beside(plain && !direct ? file : hv_store_path(st), "snapshot", snap, sizeof snap);
	temp_beside(direct ? hv_store_path(st) : file, "partial", part, sizeof part);
	int rc = hv_store_snapshot(st, plain ? part : snap, &err);
	if (rc == 0 && !plain) {
		rc = hv_backup_seal(snap, part, p.buf, p.n, &err);
		unlink(snap);
	}
	cli_pass_free(&p);
	if (rc == 0 && direct)
		rc = hv_outfile_copy(part, file, "the backup", &err);
	else if (rc == 0 && rename(part, file) != 0)
		rc = hv_fail(&err, HV_EIO, "cannot move the backup into %s: %s", file,
		             strerror(errno));
	if (rc < 0 || direct)
		unlink(part);
	if (rc < 0)
		return cli_error(cli, &err);
	int64_t n = 0;
	hv_store_count(st, NULL, &n, &err);
	if (cli->json)
		return cli_print_json(json_pack("{s:s, s:b, s:I}", "file", named, "encrypted",
		                                !plain, "entries", (json_int_t)n));
	char count[24];
	snprintf(count, sizeof count, "%lld", (long long)n);
	const char *done[] = {"n", count, "file", named, NULL};
	cli_put_filled(stdout, cli_words(WORDS, plain ? "backup/done_plain" : "backup/done", n),
	               done, "\n");
	return HV_EXIT_OK;
}

const struct hv_cmd cmd_backup = {
    .name = "backup",
    .usage = "backup [--plain] [--passphrase-file FILE] BACKUP",
    .summary = "write a consistent, encrypted copy of everything to a file",
    .help = "  --passphrase-file FILE   the backup's passphrase is the first line of FILE\n"
            "                           (readable by you alone: chmod 600 FILE)\n"
            "  --plain                  do not encrypt the backup (you will be warned)\n\n"
            "The backup has a passphrase of its own, asked twice on a terminal. Without it\n"
            "the backup cannot be opened, by anyone. `haven restore BACKUP` brings it back.",
    .args =
        &(const struct cli_argspec){
            .opts = (const struct cli_argdef[]){CLI_FLAG("--plain"), CLI_PASSPHRASE_FILE,
                                                CLI_PASSPHRASE_REFUSED, CLI_END},
            .in_order = 1,
            .store = CLI_STORE_LOCKED,
            .check = check,
            .run = run},
};
