/*
 * cmd-export.c — `haven export`: everything, losslessly, as JSON Lines
 * (default, to stdout) or as CSV files, one per kind, for spreadsheets.
 *
 * A file given with -o is written under a temporary name and renamed when
 * complete, so an interrupted export never leaves a half file looking whole;
 * a device or a FIFO is written into, never replaced (core/outfile.h).
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "args.h"
#include "cli.h"
#include "core/outfile.h"
#include "core/vault.h"
#include "transfer/transfer.h"

extern const struct hv_cmd cmd_export;

static int export_to_file(struct hv_cli *cli, struct hv_store *st, const char *path)
{
	struct hv_error err;
	struct hv_outfile o;
	if (hv_outfile_open(&o, path, "the export", &err) < 0)
		return cli_error(cli, &err);
	/* A failed write is told by hv_outfile_finish, with its reason. */
	if (hv_export_jsonl(st, o.f, &err) < 0 && !ferror(o.f)) {
		hv_outfile_abort(&o);
		return cli_error(cli, &err);
	}
	if (hv_outfile_finish(&o, &err) < 0)
		return cli_error(cli, &err);
	return HV_EXIT_OK;
}

static int check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *format = cli_arg(a, "--format");
	if (a->argc > 0)
		return cli_usage(&cmd_export, "unexpected \"%s\"", a->argv[0]);
	int csv = format && strcmp(format, "csv") == 0;
	if (format && !csv && strcmp(format, "jsonl") != 0)
		return cli_usage(&cmd_export, "--format must be jsonl or csv, not \"%s\"", format);
	if (csv && !cli_arg(a, "--output"))
		return cli_usage(&cmd_export,
		                 "CSV is one file per kind of entry: name a folder with -o DIR");
	return 0;
}

static int run(struct hv_cli *cli, struct cli_args *a)
{
	const char *format = cli_arg(a, "--format"), *out = cli_arg(a, "--output");
	int csv = format && strcmp(format, "csv") == 0;
	struct hv_store *st = a->store;
	/* The vault seals the database, not what leaves it: say so before the
	 * words are written out in clear. */
	if (hv_vault_on(st) && !cli->quiet)
		fprintf(stderr,
		        "haven: note: this export is not sealed. Your journal is in a vault, "
		        "but the export is plain text anyone can read; keep it somewhere "
		        "private, or make a sealed copy with `haven backup`.\n");
	struct hv_error err;
	if (csv) {
		if (hv_export_csv(st, out, &err) < 0)
			return cli_error(cli, &err);
		if (!cli->quiet)
			fprintf(stderr, "Wrote CSV files to %s/\n", out);
		return HV_EXIT_OK;
	}
	if (out)
		return export_to_file(cli, st, out);
	if (hv_export_jsonl(st, stdout, &err) < 0)
		return cli_error(cli, &err);
	return HV_EXIT_OK;
}

const struct hv_cmd cmd_export = {
    .name = "export",
    .usage = "export [--format jsonl|csv] [-o FILE]",
    .summary = "take everything with you, as JSON Lines or CSV",
    .help = "  -f, --format jsonl   one record per line with every field; lossless (default)\n"
            "  -f, --format csv     one file per kind of entry, with a header row (needs -o DIR)\n"
            "  -o, --output PATH    write to PATH instead of standard output\n\n"
            "Deleted entries are included (with \"deleted\": true) so an import restores exactly.\n"
            "An export is plain text even when the journal is in a vault; `haven backup`\n"
            "makes a sealed copy instead.",
    .args =
        &(const struct cli_argspec){.opts = (const struct cli_argdef[]){CLI_VALUE("--format", 'f'),
                                                                        CLI_VALUE("--output", 'o'),
                                                                        CLI_END},
                                    .in_order = 1,
                                    .store = CLI_STORE_OPEN,
                                    .check = check,
                                    .run = run},
};
