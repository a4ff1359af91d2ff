/*
 * cmd-import.c — `haven import FILE|-`: bring in a JSON Lines export.
 *
 * All or nothing: the whole file is one transaction.  Importing the same
 * export twice adds nothing; for an id already here the newer `updated`
 * wins.  A progress line is shown on a terminal for large files.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
	fprintf(stderr, "\rimporting… %3d%%", (int)(bytes * 100 / p->total));
	p->shown = 1;
}

static int run(struct hv_cli *cli, int argc, char **argv)
{
	if (argc != 2)
		return cli_usage(&cmd_import, "give one file to import, or - for standard input");
	const char *path = argv[1];
	int use_stdin = strcmp(path, "-") == 0;
	FILE *in = use_stdin ? stdin : fopen(path, "r");
	struct hv_error err;
	if (!in) {
		hv_fail(&err, HV_EIO, "cannot open %s: %s", path, strerror(errno));
		return cli_error(cli, &err);
	}
	struct progress prog = {0};
	struct stat sb;
	if (isatty(STDERR_FILENO) && fstat(fileno(in), &sb) == 0 && S_ISREG(sb.st_mode))
		prog.total = sb.st_size;
	struct hv_store *st = cli_store(cli);
	int rc = HV_EXIT_FAIL;
	struct hv_import_stats stats;
	if (st) {
		int r = hv_import_jsonl(st, in, use_stdin ? "standard input" : path, &stats,
					prog.total ? show_progress : NULL, &prog, &err);
		if (prog.shown)
			fprintf(stderr, "\r\033[K");
		if (r < 0)
			rc = cli_error(cli, &err);
		else if (cli->json)
			rc = cli_print_json(json_pack("{s:I,s:I,s:I,s:I,s:I}", "added",
						      (json_int_t)stats.added, "updated",
						      (json_int_t)stats.updated, "unchanged",
						      (json_int_t)stats.kept, "purged",
						      (json_int_t)stats.purged, "conflicts",
						      (json_int_t)stats.conflicts));
		else {
			printf("Imported: %lld added, %lld updated, %lld already here.\n",
			       (long long)stats.added, (long long)stats.updated,
			       (long long)stats.kept);
			if (stats.purged)
				printf("%lld purged entries stay purged.\n", (long long)stats.purged);
			if (stats.conflicts)
				printf("%lld entries had been edited in both places: the later edit "
				       "is kept, the other as a deleted entry (haven journal --deleted).\n",
				       (long long)stats.conflicts);
			rc = HV_EXIT_OK;
		}
	}
	if (!use_stdin)
		fclose(in);
	return rc;
}

const struct hv_cmd cmd_import = {
    .name = "import",
    .usage = "import FILE|-",
    .summary = "bring in entries from a haven export",
    .help = "Reads JSON Lines as written by 'haven export'. The whole file lands or none of\n"
	    "it does: a bad line stops the import with its line number. Importing twice adds\n"
	    "nothing. Where an entry exists here, an edit it lacks is taken; where both\n"
	    "were edited, the later edit wins and the other is kept as a deleted entry.\n"
	    "An entry purged here stays purged, and so does one the export says was purged.",
    .run = run,
};
