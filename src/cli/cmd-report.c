/*
 * cmd-report.c — `haven report`: the parts a person chooses, over the dates
 * they choose, written as a PDF or one HTML file to bring to a therapist
 * (report/report.h).  Every mistake in the command — an unknown part, a
 * period that ends before it starts, a file that cannot be written — is a
 * usage error found before anything is read or written.
 */
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "core/clock.h"
#include "doc-out.h"
#include "report/report.h"

extern const struct hv_cmd cmd_report;

/* Every mistake found before anything is read or written: the days and
 * the parts are kept in their options' slots for run. */
static int check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *from_s = cli_arg(a, "--from"), *to_s = cli_arg(a, "--to");
	const char *sections = cli_arg(a, "--sections"), *out = cli_arg(a, "--output");
	if (a->argc)
		return cli_usage(&cmd_report, "unexpected \"%s\"", a->argv[0]);
	if (!out)
		return cli_usage(&cmd_report, "name the file to write with -o report.pdf or -o "
		                              "report.html");
	struct hv_error err;
	int64_t now = hv_now_ms();
	int64_t *from = cli_arg_num(a, "--from"), *to = cli_arg_num(a, "--to");
	unsigned mask = HV_REPORT_ALL;
	*to = (now + (int64_t)hv_local_offset_min(now) * 60000) / 86400000;
	if ((to_s && hv_report_parse_day(to_s, to, &err) < 0) ||
	    (from_s && hv_report_parse_day(from_s, from, &err) < 0) ||
	    (sections && hv_report_sections_parse(sections, &mask, &err) < 0) ||
	    hv_doc_format_of(out, &err) < 0)
		return cli_usage(&cmd_report, "%s", err.msg);
	*cli_arg_num(a, "--sections") = mask;
	if (!from_s)
		*from = *to - 89;
	if (*to < *from)
		return cli_usage(&cmd_report, "the period ends (%s) before it starts (%s)",
		                 to_s ? to_s : "today", from_s);
	return cli_output_writable(&cmd_report, out);
}

static int run(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_error err;
	struct hv_doc *doc =
	    hv_report_build(a->store, *cli_arg_num(a, "--from"), *cli_arg_num(a, "--to"),
	                    (unsigned)*cli_arg_num(a, "--sections"), &err);
	if (!doc)
		return cli_error(cli, &err);
	int status = cli_write_doc(cli, doc, cli_arg(a, "--output"), "the report");
	hv_doc_free(doc);
	return status;
}

static const struct cli_argdef opts[] = {CLI_VALUE("--from", 'f'), CLI_VALUE("--to", 't'),
                                         CLI_VALUE("--sections", 's'), CLI_VALUE("--output", 'o'),
                                         CLI_END};

const struct hv_cmd cmd_report = {
    .name = "report",
    .usage = "report [--from DATE] [--to DATE] [--sections LIST] -o FILE.pdf|FILE.html",
    .summary = "a report of a period to bring to a therapist, as PDF or HTML",
    .help = "  -f, --from DATE       the first day, as 2026-09-01 (default: 90 days before --to)\n"
            "  -t, --to DATE         the last day, included (default: today)\n"
            "  -s, --sections LIST   the parts to include, separated by commas (default: all):\n"
            "                        triggers, trends, responses, practices, factors,\n"
            "                        assessments, patterns, chat\n"
            "  -o, --output FILE     the file to write: its name ends in .pdf or .html\n\n"
            "The file is made on this computer and goes nowhere else; sharing it is your\n"
            "choice. Every page says what its numbers are and what they are not. A period\n"
            "with nothing written says so instead of drawing empty charts.",
    .args =
        &(const struct cli_argspec){
            .opts = opts, .in_order = 1, .store = CLI_STORE_OPEN, .check = check, .run = run},
};
