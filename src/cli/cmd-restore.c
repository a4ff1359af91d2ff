/*
 * cmd-restore.c — `haven restore FILE`: put a backup in the database's place.
 *
 * The options and the passphrase are the command's; staging, checking and
 * the swap by renames are the library's (transfer/restore.h).
 */
#include <limits.h>
#include <stdio.h>

#include "args.h"
#include "cli.h"
#include "passphrase.h"
#include "transfer/backup.h"
#include "transfer/restore.h"

extern const struct hv_cmd cmd_restore;

#define WORDS "transfer.json" /* what a person reads */

/* The words, and the backup's kind, before the store is opened. */
static int check(struct hv_cli *cli, struct cli_args *a)
{
	if (a->argc != 1)
		return cli_usage(&cmd_restore, a->argc == 0 ? "name the backup file to restore"
		                                            : "give one backup file");
	struct hv_error err;
	enum hv_backup_kind kind;
	return hv_backup_kind_of(a->argv[0], &kind, &err) < 0 ? cli_error(cli, &err) : 0;
}

static int run(struct hv_cli *cli, struct cli_args *a)
{
	const char *file = a->argv[0], *pass_file = cli_arg(a, "--passphrase-file");
	struct hv_error err;
	enum hv_backup_kind kind;
	if (hv_backup_kind_of(file, &kind, &err) < 0)
		return cli_error(cli, &err);
	/* Opening the store (the table's flag) made its folder (0700) and
	 * settled its log. */
	struct hv_store *st = a->store;
	/* A haven left running would go on writing to the database set aside. */
	if (hv_store_exclusive(st, "restore a backup", &err) < 0)
		return cli_error(cli, &err);
	char db[PATH_MAX];
	snprintf(db, sizeof db, "%s", hv_store_path(st));
	struct hv_restore r;
	int rc;
	if (kind == HV_BACKUP_SEALED) {
		struct cli_pass p;
		if (cli_pass_get(cli, pass_file, 0, cli_words(WORDS, "restore/ask_passphrase", 0),
		                 CLI_PASS_EXISTING, &p) < 0)
			return HV_EXIT_FAIL;
		rc = hv_restore_stage(db, file, p.buf, p.n, &r, &err);
		cli_pass_free(&p);
	} else {
		rc = hv_restore_stage(db, file, NULL, 0, &r, &err);
	}
	if (rc < 0)
		return cli_error(cli, &err);
	/* Our own connection closes before the files move under it. */
	hv_store_close(cli->store);
	cli->store = NULL;
	if (hv_restore_swap(&r, &err) < 0)
		return cli_error(cli, &err);
	const struct hv_store_file_info info = r.info;
	const char *aside = r.aside;
	if (cli->json)
		return cli_print_json(json_pack("{s:s, s:I, s:b, s:s?}", "restored", file,
		                                "entries", (json_int_t)info.records, "vault",
		                                info.vault, "previous", aside[0] ? aside : NULL));
	char n[24];
	snprintf(n, sizeof n, "%lld", (long long)info.records);
	const char *kv[] = {"n", n, "file", file, NULL}, *kept[] = {"file", aside, NULL};
	cli_put_filled(
	    stdout,
	    cli_words(WORDS, info.vault ? "restore/done_vault" : "restore/done", info.records), kv,
	    "\n");
	if (aside[0])
		cli_put_filled(stdout, cli_words(WORDS, "restore/kept_aside", 0), kept, "\n");
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
    .args = &(const struct cli_argspec){.opts = (const struct cli_argdef[]){CLI_PASSPHRASE_FILE,
                                                                            CLI_PASSPHRASE_REFUSED,
                                                                            CLI_END},
                                        .in_order = 1,
                                        .store = CLI_STORE_LOCKED,
                                        .check = check,
                                        .run = run},
};
