/*
 * cmd-import.c — `haven import FILE|-`: bring in a JSON Lines export;
 * `haven import --from daylio FILE`: bring in Daylio's CSV export as
 * check-ins (transfer/daylio.c).
 *
 * All or nothing: the whole file is one transaction.  Importing the same
 * export twice adds nothing; for an id already here the newer `updated`
 * wins.  A progress line is shown on a terminal for large files.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "args.h"
#include "cli.h"
#include "transfer/transfer.h"

extern const struct hv_cmd cmd_import;

struct progress {
	int64_t total;
	int shown;
};

static void show_progress(int64_t bytes, void *ctx)
{
	struct progress *p = ctx;
	if (p->total < (1 << 20))
		return;
	char pct[8];
	snprintf(pct, sizeof pct, "%3d", (int)(bytes * 100 / p->total));
	const char *kv[] = {"percent", pct, NULL};
	fputs("\r", stderr);
	cli_put_filled(stderr, cli_words("transfer.json", "import/progress", 0), kv, "");
	p->shown = 1;
}

/* --mood "NAME=N", as often as given: a mood name of the person's own and
 * its place from 0 to 10, into the moods the parser holds (a->body). */
static int add_mood(struct cli_args *a, const struct cli_argdef *opt, const char *arg)
{
	(void)opt;
	if (!a->body)
		a->body = json_object();
	json_t *moods = a->body;
	const char *eq = strrchr(arg, '=');
	long n;
	if (!eq || eq == arg)
		return cli_usage(&cmd_import, "--mood takes NAME=N, e.g. --mood \"so-so=4\"");
	if (cli_parse_int(&cmd_import, "--mood", eq + 1, 0, 10, &n) < 0)
		return HV_EXIT_USAGE;
	char *name = strndup(arg, (size_t)(eq - arg));
	json_object_set_new(moods, name, json_integer(n));
	free(name);
	return 0;
}

/* The file to import, or standard input for "-", into *in, and what the
 * messages call it into *name: 0, or the exit status after saying why it
 * cannot be opened. */
static int open_input(struct hv_cli *cli, const char *path, FILE **in, const char **name)
{
	*in = stdin;
	*name = "standard input";
	if (strcmp(path, "-") == 0)
		return 0;
	*name = path;
	if ((*in = fopen(path, "r")))
		return 0;
	struct hv_error err;
	hv_fail(&err, HV_EIO, "cannot open %s: %s", path, strerror(errno));
	return cli_error(cli, &err);
}

static const struct cli_argdef import_opts[] = {
    CLI_VALUE("--from", 0), {.name = "--mood", .value = 1, .take = add_mood}, CLI_END};

/* The options and the file taken together, before anything is opened. */
static int check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *from = cli_arg(a, "--from");
	if (from && strcmp(from, "daylio") != 0)
		return cli_usage(&cmd_import, "--from knows daylio only, not \"%s\"", from);
	if (!from && a->body)
		return cli_usage(&cmd_import, "--mood goes with --from daylio");
	if (a->argc != 1)
		return cli_usage(&cmd_import, "give one file to import, or - for standard input");
	return 0;
}

/* A count of a counts object, for the words. */
static long long count(const json_t *counts, const char *key)
{
	return (long long)json_integer_value(json_object_get(counts, key));
}

/* Entries both sides had edited, when there were any. */
static void say_conflicts(long long n)
{
	char text[24];
	snprintf(text, sizeof text, "%lld", n);
	const char *kv[] = {"n", text, NULL};
	if (n)
		cli_put_filled(stdout, cli_words("transfer.json", "import/conflicts", n), kv, "\n");
}

/* The counts an import built, or NULL with err when they could not be. */
static json_t *counted(json_t *counts, struct hv_error *err)
{
	if (!counts)
		hv_fail(err, HV_ENOMEM, "out of memory");
	return counts;
}

/* Each import into st: its counts as `--json` prints them, and in *crisis
 * whether what came in held crisis words; NULL with err when refused. */
static json_t *from_daylio(struct hv_store *st, FILE *in, const char *name, const json_t *moods,
                           int *crisis, struct hv_error *err)
{
	struct hv_daylio_stats stats = {0};
	int r = hv_import_daylio(st, in, name, moods, &stats, err);
	*crisis = stats.crisis;
	if (r < 0)
		return NULL;
	return counted(json_pack("{s:I,s:I,s:I}", "added", (json_int_t)stats.added, "unchanged",
	                         (json_int_t)stats.kept, "factors_added",
	                         (json_int_t)stats.factors),
	               err);
}

/* A progress line on a terminal while a large file is read. */
static json_t *from_jsonl(struct hv_store *st, FILE *in, const char *name, int *crisis,
                          struct hv_error *err)
{
	struct progress prog = {0};
	struct stat sb;
	if (isatty(STDERR_FILENO) && fstat(fileno(in), &sb) == 0 && S_ISREG(sb.st_mode))
		prog.total = sb.st_size;
	struct hv_import_stats stats = {0};
	int r =
	    hv_import_jsonl(st, in, name, &stats, prog.total ? show_progress : NULL, &prog, err);
	if (prog.shown)
		fprintf(stderr, "\r\033[K");
	*crisis = stats.crisis;
	if (r < 0)
		return NULL;
	return counted(json_pack("{s:I,s:I,s:I,s:I,s:I}", "added", (json_int_t)stats.added,
	                         "updated", (json_int_t)stats.updated, "unchanged",
	                         (json_int_t)stats.kept, "purged", (json_int_t)stats.purged,
	                         "conflicts", (json_int_t)stats.conflicts),
	               err);
}

/* One import into st: help first, even when the file was refused after
 * its words were read; then what it brought, as JSON or in words. */
static int import_into(struct hv_cli *cli, struct hv_store *st, struct cli_args *a, FILE *in,
                       const char *name)
{
	int daylio = cli_arg(a, "--from") != NULL, crisis = 0;
	struct hv_error err;
	json_t *counts = daylio ? from_daylio(st, in, name, a->body, &crisis, &err)
	                        : from_jsonl(st, in, name, &crisis, &err);
	json_t *notice = crisis ? cli_crisis_show(cli) : NULL;
	if (!counts) {
		json_decref(notice);
		return cli_error(cli, &err);
	}
	if (cli->json) {
		cli_add_crisis(counts, notice);
		return cli_print_json(counts);
	}
	json_decref(notice);
	if (daylio) {
		char added[24], kept[24], factors[24];
		snprintf(added, sizeof added, "%lld", count(counts, "added"));
		snprintf(kept, sizeof kept, "%lld", count(counts, "unchanged"));
		snprintf(factors, sizeof factors, "%lld", count(counts, "factors_added"));
		const char *kv[] = {"added", added, "kept", kept, "factors", factors, NULL};
		cli_put_filled(stdout, cli_words("transfer.json", "import/daylio", 0), kv, "\n");
	} else {
		cli_say_brought("import", name, count(counts, "added"), count(counts, "updated"),
		                count(counts, "unchanged"), count(counts, "purged"));
		say_conflicts(count(counts, "conflicts"));
	}
	json_decref(counts);
	return HV_EXIT_OK;
}

/* The file is opened before the store, so a wrong path is said before a
 * vault asks for its passphrase. */
static int run(struct hv_cli *cli, struct cli_args *a)
{
	FILE *in;
	const char *name;
	int rc = open_input(cli, a->argv[0], &in, &name);
	if (rc)
		return rc;
	struct hv_store *st = cli_store(cli);
	rc = st ? import_into(cli, st, a, in, name) : HV_EXIT_FAIL;
	if (in != stdin)
		fclose(in);
	return rc;
}

const struct hv_cmd cmd_import = {
    .name = "import",
    .usage = "import FILE|- | import --from daylio FILE|- [--mood NAME=N]",
    .summary = "bring in entries from a haven export, or your history from Daylio",
    .help = "Reads JSON Lines as written by 'haven export'. The whole file lands or none of\n"
            "it does: a bad line stops the import with its line number. Importing twice adds\n"
            "nothing. Where an entry exists here, an edit it lacks is taken; where both\n"
            "were edited, the later edit wins and the other is kept as a deleted entry.\n"
            "An entry purged here stays purged, and so does one the export says was purged.\n"
            "What comes in is read for crisis words as anything you write is, and help\n"
            "is shown first when an entry holds them.\n"
            "\n"
            "      --from daylio        read Daylio's CSV export instead: each entry becomes a\n"
            "                           check-in with its mood (rad 9, good 7, meh 5, bad 3,\n"
            "                           awful 1 on the 0 to 10 mood scale), its activities as\n"
            "                           yes to factors of your own, and its note; all or\n"
            "                           nothing, and importing twice adds nothing\n"
            "      --mood NAME=N        a mood you named yourself in Daylio, and where it\n"
            "                           sits from 0 (very low) to 10 (very bright)",
    .args = &(const struct cli_argspec){.opts = import_opts, .check = check, .run = run},
};
