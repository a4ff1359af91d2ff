/*
 * cmd-sync.c — `haven sync init FOLDER` and `haven sync`: one journal on
 * several devices through a folder a sync engine keeps in step (sync/sync.h
 * has the design).  Only talks: what a sync did is the library's result.
 */
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "core/content.h"
#include "core/template.h"
#include "core/vault.h"
#include "passphrase.h"
#include "sync/sync.h"

extern const struct hv_cmd cmd_sync;

/* A sentence of data/sync.json filled in; printed with a newline. */
static void say_to(FILE *out, const char *key, const char *const *kv)
{
	char *line = hv_template_fill(hv_content_text("sync.json", key, key), kv);
	fprintf(out, "%s\n", line ? line : key);
	free(line);
}

/* The "one" or "many" form of a sentence with a count {n}. */
static void say_count(const char *key, int64_t n, const char *const *more)
{
	char path[64], count[32];
	snprintf(path, sizeof path, "%s/%s", key, n == 1 ? "one" : "many");
	snprintf(count, sizeof count, "%lld", (long long)n);
	const char *kv[16] = {"n", count};
	size_t k = 2;
	for (size_t i = 0; more && more[i] && k + 2 < sizeof kv / sizeof *kv; i += 2) {
		kv[k++] = more[i];
		kv[k++] = more[i + 1];
	}
	kv[k] = NULL;
	say_to(stdout, path, kv);
}

static void num(char buf[32], int64_t v)
{
	snprintf(buf, 32, "%lld", (long long)v);
}

static int init_check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	if (a->argc == 0)
		return cli_usage(&cmd_sync, "name the folder your sync engine keeps in step: "
		                            "haven sync init FOLDER");
	return a->argc > 1 ? cli_usage(&cmd_sync, "give one folder") : 0;
}

static int init(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_store *st = a->store;
	const char *pass_file = cli_arg(a, "--passphrase-file");
	int fresh = cli_flag(a, "--new-device") > 0;
	struct cli_pass pass = {0};
	if (hv_vault_on(st) &&
	    cli_pass_get(cli, pass_file, 1, hv_content_text("sync.json", "init_passphrase", ""),
	                 CLI_PASS_EXISTING, &pass) < 0)
		return HV_EXIT_FAIL;
	struct hv_error err;
	int rc = hv_sync_init(st, a->argv[0], pass.buf, pass.n, fresh, &err);
	if (pass.buf)
		cli_pass_free(&pass);
	if (rc < 0)
		return cli_error(cli, &err);
	char folder[4096];
	if (hv_sync_folder(st, folder, sizeof folder, &err) < 0)
		return cli_error(cli, &err);
	if (cli->json)
		return cli_print_json(json_pack("{s:s}", "folder", folder));
	const char *kv[] = {"folder", folder, NULL};
	say_to(stdout, "init_done", kv);
	return HV_EXIT_OK;
}

static void print_conflicts(const json_t *report)
{
	size_t i;
	const json_t *c;
	if (json_array_size(report))
		say_count("conflicts", (int64_t)json_array_size(report), NULL);
	json_array_foreach(report, i, c)
	{
		int here = strcmp(json_string_value(json_object_get(c, "kept")), "here") == 0;
		const char *me = hv_content_text("sync.json", "this_device", ""),
		           *other = hv_content_text("sync.json", "other_device", "");
		char id[9], copy[9];
		snprintf(id, sizeof id, "%s", json_string_value(json_object_get(c, "id")));
		snprintf(copy, sizeof copy, "%s", json_string_value(json_object_get(c, "copy")));
		const char *kv[] = {"id",
		                    id,
		                    "kept",
		                    here ? me : other,
		                    "kept_updated",
		                    json_string_value(json_object_get(c, "kept_updated")),
		                    "lost",
		                    here ? other : me,
		                    "lost_updated",
		                    json_string_value(json_object_get(c, "lost_updated")),
		                    "copy",
		                    copy,
		                    NULL};
		say_to(stdout, "conflict", kv);
	}
}

static void print_refused(const json_t *refused)
{
	size_t i;
	const json_t *r;
	json_array_foreach(refused, i, r)
	{
		char seg[32];
		num(seg, json_integer_value(json_object_get(r, "segment")));
		const char *kv[] = {"segment", seg,
		                    "device",  json_string_value(json_object_get(r, "device")),
		                    "file",    json_string_value(json_object_get(r, "file")),
		                    "why",     json_string_value(json_object_get(r, "why")),
		                    NULL};
		fputs("haven: ", stderr);
		say_to(stderr, "refused", kv);
	}
}

static void print_result(const struct hv_sync_result *r)
{
	const struct hv_merge_stats *m = &r->merged;
	char seg[32], added[32], updated[32], kept[32];
	num(seg, r->segment);
	num(added, m->added);
	num(updated, m->updated);
	num(kept, m->kept);
	const char *sent[] = {"segment", seg, "device", r->device, NULL};
	if (r->segment)
		say_count("sent", r->sent, sent);
	else
		say_to(stdout, "nothing_sent", NULL);
	const char *got[] = {"added", added, "updated", updated, "kept", kept, NULL};
	if (r->applied)
		say_count("received", r->applied, got);
	else
		say_to(stdout, "nothing_received", NULL);
	if (m->purged)
		say_count("purged", m->purged, NULL);
	print_conflicts(m->report);
}

static json_t *result_json(const struct hv_sync_result *r, const char *folder)
{
	const struct hv_merge_stats *m = &r->merged;
	return json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:O, s:O, s:O}", "folder",
	                 folder, "device", r->device, "segment", (json_int_t)r->segment, "sent",
	                 (json_int_t)r->sent, "applied", (json_int_t)r->applied, "added",
	                 (json_int_t)m->added, "updated", (json_int_t)m->updated, "unchanged",
	                 (json_int_t)m->kept, "purged", (json_int_t)m->purged, "conflicts",
	                 m->report, "refused", r->refused, "devices", r->devices);
}

static int run_sync(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_store *st = a->store;
	struct hv_error err;
	struct hv_sync_result res;
	char folder[4096] = "";
	if (hv_sync_run(st, &res, &err) < 0 ||
	    hv_sync_folder(st, folder, sizeof folder, &err) < 0) {
		hv_sync_result_free(&res);
		return cli_error(cli, &err);
	}
	int rc = json_array_size(res.refused) ? HV_EXIT_FAIL : HV_EXIT_OK;
	if (cli->json)
		cli_print_json(result_json(&res, folder));
	else
		print_result(&res);
	print_refused(res.refused);
	hv_sync_result_free(&res);
	return rc;
}

/* No subcommand: a sync, or a word that is none of them. */
static int check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	return a->argc ? cli_usage(&cmd_sync, "unknown sync command \"%s\"", a->argv[0]) : 0;
}

static const struct cli_argdef init_opts[] = {
    CLI_FLAG("--new-device"),
    CLI_PASSPHRASE_FILE,
    CLI_END,
};
static const struct cli_argdef no_opts[] = {CLI_END};
static const struct cli_sub subs[] = {
    {"init",
     &(const struct cli_argspec){
         .opts = init_opts, .store = CLI_STORE_OPEN, .check = init_check, .run = init}},
    {NULL, NULL},
};

const struct hv_cmd cmd_sync = {
    .name = "sync",
    .usage = "sync [init [--new-device] [--passphrase-file FILE] FOLDER]",
    .summary = "keep your journal the same on your devices through a synced folder",
    .help = "  init FOLDER          name the folder a sync engine (Syncthing, a cloud folder)\n"
            "                       keeps in step between your devices; do it once on each\n"
            "  --new-device         with init: give this copy of the journal its own device\n"
            "                       id (when it began as a copy of another device's)\n"
            "  --passphrase-file FILE   with init, for a vault: the sync folder's passphrase\n\n"
            "haven never puts its database in the folder. Each device writes its own\n"
            "changes there as small files, and `haven sync` sends this device's new\n"
            "changes and brings in the other devices'. An entry edited on two devices\n"
            "keeps the later edit (the same on every device), and the other edit is kept\n"
            "as a deleted entry: sync lists each one. What any device purged stays\n"
            "purged. A vault's changes are sealed, so the folder shows only sizes and\n"
            "times. A file that is missing, cut short or changed is refused by name, and\n"
            "the rest still comes in. `haven config set sync.auto on` syncs when haven\n"
            "opens and after each change. docs/SYNC.md has the setup.",
    .args = &(const struct cli_argspec){.opts = no_opts,
                                        .in_order = 1,
                                        .store = CLI_STORE_OPEN,
                                        .check = check,
                                        .run = run_sync,
                                        .subs = subs},
};
