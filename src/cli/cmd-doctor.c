/*
 * cmd-doctor.c — `haven doctor`: is the database whole, and which entries
 * cannot be read.  Other commands go past a damaged entry and name it;
 * here a person sees them all and, with --quarantine, moves them into a
 * table of their own (bytes kept, see core/doctor.c) so the rest works.
 *
 * Exit status: 0 when the file is whole and no damaged entry is left, 1
 * otherwise, so a script can ask "is all well?".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "core/content.h"
#include "core/doctor.h"
#include "core/template.h"

#define WORDS "doctor.json"

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

/* A sentence of data/doctor.json filled in (kv as hv_template_fill takes
 * it), wrapped to the terminal. */
static void say(const char *key, const char *const *kv)
{
	char *line = hv_template_fill(hv_content_text(WORDS, key, key), kv);
	cli_say(line ? line : key);
	free(line);
}

/* The "one" or "many" form of a sentence with a count {n}, dimmed: what to
 * do next, not what was found. */
static void say_count(struct hv_cli *cli, const char *key, int64_t n)
{
	char path[64], count[32];
	snprintf(path, sizeof path, "%s/%s", key, n == 1 ? "one" : "many");
	snprintf(count, sizeof count, "%lld", (long long)n);
	const char *kv[] = {"n", count, NULL};
	fputs(cli_dim(cli), stdout);
	char *line = hv_template_fill(hv_content_text(WORDS, path, path), kv);
	fputs(line ? line : path, stdout);
	free(line);
	printf("%s\n", cli_reset(cli));
}

/* One damaged entry's line: found, or set aside just now. */
static void say_damaged(const json_t *d, int moved)
{
	const char *id = json_string_value(json_object_get(d, "id"));
	const char *kind = json_string_value(json_object_get(d, "kind"));
	char row[32];
	snprintf(row, sizeof row, "%lld", (long long)json_integer_value(json_object_get(d, "row")));
	const char *kv[] = {"id",   id && *id ? id : hv_content_text(WORDS, "no_id", ""),
	                    "row",  row,
	                    "kind", kind && *kind ? kind : hv_content_text(WORDS, "no_kind", ""),
	                    "why",  json_string_value(json_object_get(d, "why")),
	                    NULL};
	char *line =
	    hv_template_fill(hv_content_text(WORDS, moved ? "set_aside" : "damaged", ""), kv);
	/* An id or a reason is the database's bytes: shown, never obeyed. */
	cli_put_words(line ? line : "", 0);
	putchar('\n');
	free(line);
}

/* What was found, in words: the file (problem is NULL when it is whole),
 * each damaged entry, what to do next and what is set aside. */
static void tell(struct hv_cli *cli, const char *path, const char *problem, const json_t *list,
                 int64_t moved, int64_t aside)
{
	const char *kv[] = {"path", path, "problem", problem, NULL};
	say(problem ? "file_damaged" : "file_whole", kv);
	size_t n = json_array_size(list), i;
	const json_t *d;
	if (n == 0)
		say("none_damaged", NULL);
	json_array_foreach(list, i, d) say_damaged(d, moved > 0);
	if (n > 0 && !moved)
		say_count(cli, "suggest", (int64_t)n);
	if (aside > 0)
		say_count(cli, "aside", aside);
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
	tell(cli, hv_store_path(st), whole == 0 ? NULL : file, f.list, moved, aside);
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
