/*
 * cmd-merge.c — `haven merge OTHER.db`: bring in the entries of another copy
 * (transfer/merge.h has the rules: union by id, the newer edit wins).
 *
 * The other file is checked in full before it is opened as a store, and it
 * must exist: a typo never creates an empty database to merge from.
 */
#include <string.h>
#include <sys/stat.h>

#include "args.h"
#include "cli.h"
#include "core/outfile.h"
#include "passphrase.h"
#include "transfer/merge.h"

extern const struct hv_cmd cmd_merge;

#define WORDS "transfer.json" /* what a person reads */

/* Each entry both copies had edited: which edit was kept, and where the
 * other one is, so that no edit disappears without a word. */
static void print_conflicts(const json_t *report)
{
	size_t i;
	const json_t *c;
	char n[24], id[9], copy[9];
	snprintf(n, sizeof n, "%zu", json_array_size(report));
	const char *count[] = {"n", n, NULL};
	if (json_array_size(report))
		cli_put_filled(
		    stdout, cli_words(WORDS, "merge/conflicts", (long long)json_array_size(report)),
		    count, "\n");
	json_array_foreach(report, i, c)
	{
		const char *kept = json_string_value(json_object_get(c, "kept"));
		snprintf(id, sizeof id, "%.8s", cli_str(c, "id"));
		snprintf(copy, sizeof copy, "%.8s", cli_str(c, "copy"));
		const char *kv[] = {"id",
		                    id,
		                    "kind",
		                    cli_str(c, "kind"),
		                    "kept_updated",
		                    cli_str(c, "kept_updated"),
		                    "lost_updated",
		                    cli_str(c, "lost_updated"),
		                    "copy",
		                    copy,
		                    NULL};
		cli_put_filled(stdout,
		               cli_words(WORDS,
		                         strcmp(kept, "here") == 0 ? "merge/conflict_here"
		                                                   : "merge/conflict_there",
		                         0),
		               kv, "\n");
	}
}

/* The other copy is named once and checked in full before our store is
 * opened: a typo never creates a database, ours or another. */
static int check(struct hv_cli *cli, struct cli_args *a)
{
	if (a->argc != 1)
		return cli_usage(&cmd_merge, a->argc == 0 ? "name the other copy's database file"
		                                          : "give one database file");
	const char *other_path = a->argv[0];
	struct hv_error err;
	struct stat sb;
	if (stat(other_path, &sb) != 0) {
		hv_fail(&err, HV_EDATA, "there is no database file at %s. Check the path",
		        other_path);
		return cli_error(cli, &err);
	}
	if (!S_ISREG(sb.st_mode)) {
		hv_fail(&err, HV_EDATA,
		        "%s is not a regular file (it is %s), so it is not another copy of a "
		        "journal. Name the other copy's database file",
		        other_path, hv_file_type_name(sb.st_mode));
		return cli_error(cli, &err);
	}
	struct hv_store_file_info info;
	return hv_store_check_file(other_path, &info, &err) < 0 ? cli_error(cli, &err) : 0;
}

static int run(struct hv_cli *cli, struct cli_args *a)
{
	const char *other_path = a->argv[0], *pass_file = cli_arg(a, "--other-passphrase-file");
	struct hv_error err;
	struct hv_store *ours = a->store, *other = NULL;
	if (hv_store_open(&other, other_path, &err) < 0)
		return cli_error(cli, &err);
	int rc = HV_EXIT_FAIL;
	struct hv_merge_stats s = {0};
	if (hv_merge_check_pair(ours, other, &err) < 0)
		rc = cli_error(cli, &err);
	else if (cli_unlock(cli, ours) < 0 || cli_unlock_other(cli, other, pass_file) < 0)
		rc = HV_EXIT_FAIL;
	else if (hv_merge(ours, other, &s, &err) < 0)
		rc = cli_error(cli, &err);
	else if (cli->json)
		rc = cli_print_json(json_pack(
		    "{s:s, s:I, s:I, s:I, s:I, s:O}", "merged", other_path, "added",
		    (json_int_t)s.added, "updated", (json_int_t)s.updated, "unchanged",
		    (json_int_t)s.kept, "purged", (json_int_t)s.purged, "conflicts", s.report));
	else {
		cli_say_brought("merge", other_path, s.added, s.updated, s.kept, s.purged);
		print_conflicts(s.report);
		rc = HV_EXIT_OK;
	}
	json_decref(s.report);
	hv_store_close(other);
	return rc;
}

const struct hv_cmd cmd_merge = {
    .name = "merge",
    .usage = "merge [--other-passphrase-file FILE] OTHER.db",
    .summary = "bring in the entries of another copy of your journal",
    .help = "  --other-passphrase-file FILE   the other copy's passphrase (when both are\n"
            "                                 vaults and it differs from this one's)\n\n"
            "Entries only the other copy has are added; an entry both have takes the edit\n"
            "it lacks, deletions included. An entry edited in both copies keeps the later\n"
            "edit (by each copy's clock, moved on by every merge; the same in both\n"
            "directions), and the other edit is kept as a deleted entry: the merge lists\n"
            "each one. What either copy purged stays purged. Merging the same copy twice\n"
            "changes nothing. Both copies must be vaults, or both plain. Chat history and\n"
            "settings are not merged.",
    .args =
        &(const struct cli_argspec){
            .opts =
                (const struct cli_argdef[]){
                    {.name = "--other-passphrase-file", .value = 1, .needs = "a file path"},
                    CLI_END},
            .in_order = 1,
            .store = CLI_STORE_LOCKED,
            .check = check,
            .run = run},
};
