/*
 * auto-sync.c — `haven config set sync.auto on`: sync when a command opens
 * the journal and again when it is done, so what was written goes out at
 * once and what other devices wrote is there to read.  A sync that fails
 * never fails the command: it says why on stderr, and the next one tries
 * again.  The commands that change the whole file (vault, restore) or are
 * sync itself leave it alone.
 */
#include <string.h>

#include <stdlib.h>

#include "cli.h"
#include "core/content.h"
#include "core/template.h"
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

static void note(const char *key, const char *const *kv)
{
	char *line = hv_template_fill(hv_content_text("sync.json", key, key), kv);
	fprintf(stderr, "haven: %s\n", line ? line : key);
	free(line);
}

static void say(const struct hv_cli *cli, const struct hv_sync_result *r)
{
	if (cli->quiet)
		return;
	char added[32], updated[32];
	snprintf(added, sizeof added, "%lld", (long long)r->merged.added);
	snprintf(updated, sizeof updated, "%lld", (long long)r->merged.updated);
	const char *kv[] = {"added", added, "updated", updated, NULL};
	if (r->applied)
		note("auto_synced", kv);
	if (r->merged.conflicts)
		note("auto_conflicts", NULL);
	if (json_array_size(r->refused))
		note("auto_refused", NULL);
}

static void sync_now(struct hv_cli *cli)
{
	struct hv_store *st = cli->store;
	if (!allowed || !st || hv_store_readonly(st) ||
	    (hv_vault_on(st) && !hv_vault_unlocked(st)) || !hv_sync_auto(st))
		return;
	struct hv_sync_result r;
	struct hv_error err;
	if (hv_sync_run(st, &r, &err) < 0) {
		const char *kv[] = {"why", err.msg, NULL};
		note("auto_failed", kv);
	} else
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
