/*
 * cmd-sync.c — `haven sync init FOLDER` and `haven sync`: one journal on
 * several devices through a folder a sync engine keeps in step (sync/sync.h
 * has the design).  Only talks: what a sync did is the library's result.
 */
#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "core/vault.h"
#include "passphrase.h"
#include "sync/sync.h"

extern const struct hv_cmd cmd_sync;

static int init(struct hv_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"new-device", no_argument, NULL, 'n'},
	    {"passphrase-file", required_argument, NULL, 'p'},
	    {NULL, 0, NULL, 0},
	};
	const char *pass_file = NULL;
	int fresh = 0, c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:", opts, NULL)) != -1) {
		switch (c) {
		case 'n': fresh = 1; break;
		case 'p': pass_file = optarg; break;
		case ':': return cli_usage(&cmd_sync, "%s needs a file path", argv[optind - 1]);
		default: return cli_usage(&cmd_sync, "unknown option %s", cli_bad_option(argv));
		}
	}
	if (optind != argc - 1)
		return cli_usage(&cmd_sync, optind >= argc
		                                ? "name the folder your sync engine keeps "
		                                  "in step: haven sync init FOLDER"
		                                : "give one folder");
	struct hv_store *st = cli_store(cli);
	if (!st)
		return HV_EXIT_FAIL;
	struct cli_pass pass = {0};
	if (hv_vault_on(st) && cli_pass_get(cli, pass_file, 1, "Passphrase for the sync folder: ",
	                                    CLI_PASS_EXISTING, &pass) < 0)
		return HV_EXIT_FAIL;
	struct hv_error err;
	int rc = hv_sync_init(st, argv[optind], pass.buf, pass.n, fresh, &err);
	if (pass.buf)
		cli_pass_free(&pass);
	if (rc < 0)
		return cli_error(cli, &err);
	char folder[4096];
	if (hv_sync_folder(st, folder, sizeof folder, &err) < 0)
		return cli_error(cli, &err);
	if (cli->json)
		return cli_print_json(json_pack("{s:s}", "folder", folder));
	printf("This journal now syncs through %s. Run `haven sync` to send and receive;\n"
	       "the same `haven sync init` on your other devices joins them.\n",
	       folder);
	return HV_EXIT_OK;
}

static void print_conflicts(const json_t *report)
{
	size_t i;
	const json_t *c;
	if (json_array_size(report))
		printf("%zu entries had been edited on two devices; the later edit is kept, the "
		       "other as a deleted entry (haven journal --deleted shows it):\n",
		       json_array_size(report));
	json_array_foreach(report, i, c)
	{
		int here = strcmp(json_string_value(json_object_get(c, "kept")), "here") == 0;
		printf("  %.8s: kept the edit of %s (updated %s); the one of %s (updated %s) is "
		       "entry %.8s\n",
		       json_string_value(json_object_get(c, "id")),
		       here ? "this device" : "another device",
		       json_string_value(json_object_get(c, "kept_updated")),
		       here ? "another device" : "this device",
		       json_string_value(json_object_get(c, "lost_updated")),
		       json_string_value(json_object_get(c, "copy")));
	}
}

static void print_refused(const json_t *refused)
{
	size_t i;
	const json_t *r;
	json_array_foreach(refused, i, r)
	{
		fprintf(stderr,
		        "haven: refused segment %lld of device %s (%s): %s. The rest was applied; "
		        "that device's changes wait until it is whole\n",
		        (long long)json_integer_value(json_object_get(r, "segment")),
		        json_string_value(json_object_get(r, "device")),
		        json_string_value(json_object_get(r, "file")),
		        json_string_value(json_object_get(r, "why")));
	}
}

static void print_result(const struct hv_sync_result *r)
{
	const struct hv_merge_stats *m = &r->merged;
	if (r->segment)
		printf("Sent %lld changes (segment %lld of this device, %s).\n", (long long)r->sent,
		       (long long)r->segment, r->device);
	else
		printf("Nothing new to send.\n");
	if (r->applied)
		printf("Received %lld segments from other devices: %lld added, %lld updated, %lld "
		       "already here.\n",
		       (long long)r->applied, (long long)m->added, (long long)m->updated,
		       (long long)m->kept);
	else
		printf("Nothing new from other devices.\n");
	if (m->purged)
		printf("%lld purged entries stay purged.\n", (long long)m->purged);
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

static int run_sync(struct hv_cli *cli)
{
	struct hv_store *st = cli_store(cli);
	if (!st)
		return HV_EXIT_FAIL;
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

static int run(struct hv_cli *cli, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "init") == 0)
		return init(cli, argc - 1, argv + 1);
	if (argc >= 2)
		return cli_usage(&cmd_sync,
		                 argv[1][0] == '-' ? "unknown option %s"
		                                   : "unknown sync command \"%s\"",
		                 argv[1]);
	return run_sync(cli);
}

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
    .run = run,
};
