/*
 * cmd-doctor.c — `haven doctor`: is the database whole, and which entries
 * cannot be read.  Other commands go past a damaged entry and name it;
 * here a person sees them all and, with --quarantine, moves them into a
 * table of their own (bytes kept, see core/doctor.c) so the rest works.
 *
 * Exit status: 0 when the file is whole and no damaged entry is left, 1
 * otherwise, so a script can ask "is all well?".
 */
#include <string.h>

#include "args.h"
#include "cli.h"
#include "core/doctor.h"

extern const struct hv_cmd cmd_doctor;

struct found {
	json_t *list;
	int64_t n;
};

static int collect(const struct hv_damaged *d, void *ctx)
{
	struct found *f = ctx;
	json_t *o = json_pack("{s:I,s:s,s:s,s:s}", "row", (json_int_t)d->rowid, "id", d->id, "kind",
	                      d->kind, "why", d->why);
	/* An id or kind a damaged page left in bytes that are not UTF-8. */
	if (!o)
		o = json_pack("{s:I,s:s,s:s,s:s}", "row", (json_int_t)d->rowid, "id", "", "kind",
		              "", "why", d->why);
	json_array_append_new(f->list, o);
	f->n++;
	return 0;
}

/* --quarantine: each damaged entry found moved aside and marked so; how
 * many, or -1 with err. */
static int64_t set_aside(struct hv_store *st, json_t *list, struct hv_error *err)
{
	int64_t moved = 0;
	size_t i;
	json_t *d;
	json_array_foreach(list, i, d)
	{
		struct hv_damaged one = {0};
		one.rowid = json_integer_value(json_object_get(d, "row"));
		snprintf(one.why, sizeof one.why, "%s",
		         json_string_value(json_object_get(d, "why")));
		if (hv_doctor_quarantine(st, &one, err) < 0)
			return -1;
		json_object_set_new(d, "quarantined", json_true());
		moved++;
	}
	return moved;
}

static int check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	return a->argc ? cli_usage(&cmd_doctor, "doctor takes no words, only --quarantine") : 0;
}

static int run(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_store *st = a->store;
	int quarantine = cli_flag(a, "--quarantine");
	struct hv_error err;
	char file[1024];
	int whole = hv_doctor_file_check(st, file, sizeof file, &err);
	if (whole < 0)
		return cli_error(cli, &err);
	struct found f = {json_array(), 0};
	/* A page too damaged to walk past stops the walk: the file's check
	 * above has said so, and what was found before it is still listed. */
	int walked = hv_doctor_find_damaged(st, collect, &f, &err);
	if (walked < 0 && whole == 0) {
		json_decref(f.list);
		return cli_error(cli, &err);
	}
	int64_t moved = quarantine ? set_aside(st, f.list, &err) : 0;
	if (moved < 0) {
		json_decref(f.list);
		return cli_error(cli, &err);
	}
	size_t i;
	json_t *d;
	int64_t aside = 0;
	if (hv_doctor_quarantined(st, &aside, &err) < 0) {
		json_decref(f.list);
		return cli_error(cli, &err);
	}
	int left = f.n - moved > 0 || whole != 0;
	if (cli->json) {
		cli_print_json(json_pack(
		    "{s:s,s:s?,s:o,s:I,s:I}", "file", whole == 0 ? "ok" : "damaged", "file_problem",
		    whole == 0 ? NULL : file, "damaged", f.list, "quarantined_now",
		    (json_int_t)moved, "quarantined", (json_int_t)aside));
		return left ? HV_EXIT_FAIL : HV_EXIT_OK;
	}
	char *said = NULL;
	if (whole != 0 && asprintf(&said,
	                           "The file %s is damaged (%s).\nRestore a backup if you have one "
	                           "(haven restore); what can still be read can be saved with "
	                           "haven export.",
	                           hv_store_path(st), file) < 0)
		said = NULL;
	else if (whole == 0 && asprintf(&said, "The file %s is whole.", hv_store_path(st)) < 0)
		said = NULL;
	cli_say(said ? said : "");
	free(said);
	if (f.n == 0)
		printf("No damaged entries.\n");
	json_array_foreach(f.list, i, d)
	{
		const char *id = json_string_value(json_object_get(d, "id"));
		printf("%s %s (row %lld, %s): %s\n", moved ? "Set aside" : "Damaged",
		       id && *id ? id : "an entry without an id",
		       (long long)json_integer_value(json_object_get(d, "row")),
		       *json_string_value(json_object_get(d, "kind"))
		           ? json_string_value(json_object_get(d, "kind"))
		           : "no kind",
		       json_string_value(json_object_get(d, "why")));
	}
	if (f.n > 0 && !moved)
		printf("%sRun 'haven doctor --quarantine' to set %s aside, so the rest works; "
		       "nothing is deleted.%s\n",
		       cli_dim(cli), f.n == 1 ? "it" : "them", cli_reset(cli));
	if (aside > 0)
		printf(
		    "%s%lld entr%s set aside in the table \"quarantine\" of the database, bytes as "
		    "they were.%s\n",
		    cli_dim(cli), (long long)aside, aside == 1 ? "y is" : "ies are",
		    cli_reset(cli));
	json_decref(f.list);
	return left ? HV_EXIT_FAIL : HV_EXIT_OK;
}

const struct hv_cmd cmd_doctor = {
    .name = "doctor",
    .usage = "doctor [--quarantine]",
    .summary = "check the database and set damaged entries aside",
    .help = "Reads every page of the database and every entry, and lists the entries that "
            "cannot be read (by id, with why). Other commands leave such an entry out and "
            "name it; nothing else is lost.\n"
            "\n"
            "  --quarantine   move the damaged entries into a table of their own\n"
            "                 (\"quarantine\"), bytes as they were, so the rest works;\n"
            "                 nothing is deleted\n"
            "\n"
            "Exits 0 when the file is whole and no damaged entry is left, else 1. With --json: "
            "{\"file\", \"damaged\": [{\"row\", \"id\", \"kind\", \"why\"}], \"quarantined\"}.",
    .args =
        &(const struct cli_argspec){
            .opts = (const struct cli_argdef[]){CLI_FLAG("--quarantine"), CLI_END},
            .in_order = 1,
            .store = CLI_STORE_OPEN,
            .check = check,
            .run = run},
};
