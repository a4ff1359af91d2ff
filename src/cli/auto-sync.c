/*
 * auto-sync.c — `haven config set sync.auto on`: sync when a command opens
 * the journal and again when it is done, so what was written goes out at
 * once and what other devices wrote is there to read.  A sync that fails
 * never fails the command: it says why on stderr, and the next one tries
 * again.  The commands that change the whole file (vault, restore) or are
 * sync itself leave it alone.
 */
#include <string.h>

#include "cli.h"
#include "core/vault.h"
#include "sync/sync.h"

static int allowed = 1, opened;

void cli_auto_sync_for(const char *command)
{
	static const char *const never[] = {"sync",   "vault", "restore", "backup",    "doctor",
	                                    "config", "help",  "version", "completion"};
	for (size_t i = 0; i < sizeof never / sizeof *never; i++)
		if (command && strcmp(command, never[i]) == 0)
			allowed = 0;
}

static void say(const struct hv_cli *cli, const struct hv_sync_result *r)
{
	if (cli->quiet)
		return;
	if (r->applied)
		fprintf(stderr, "haven: synced: %lld added and %lld updated from other devices\n",
		        (long long)r->merged.added, (long long)r->merged.updated);
	if (r->merged.conflicts)
		fprintf(stderr,
		        "haven: %lld entries had been edited on two devices; `haven sync` "
		        "lists them next time, and haven journal --deleted shows the edits kept\n",
		        (long long)r->merged.conflicts);
	if (json_array_size(r->refused))
		fprintf(stderr, "haven: sync refused %zu segments; run `haven sync` to see why\n",
		        json_array_size(r->refused));
}

static void sync_now(struct hv_cli *cli)
{
	struct hv_store *st = cli->store;
	if (!allowed || !st || hv_store_readonly(st) ||
	    (hv_vault_on(st) && !hv_vault_unlocked(st)) || !hv_sync_auto(st))
		return;
	struct hv_sync_result r;
	struct hv_error err;
	if (hv_sync_run(st, &r, &err) < 0)
		fprintf(stderr, "haven: sync did not happen: %s\n", err.msg);
	else
		say(cli, &r);
	hv_sync_result_free(&r);
}

void cli_auto_sync_open(struct hv_cli *cli)
{
	if (!opened++)
		sync_now(cli);
}

void cli_auto_sync_done(struct hv_cli *cli)
{
	if (opened)
		sync_now(cli);
}
