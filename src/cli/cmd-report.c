/*
 * cmd-report.c — `haven report`: the parts a person chooses, over the dates
 * they choose, written as a PDF or one HTML file to bring to a therapist
 * (report/report.h).  Every mistake in the command — an unknown part, a
 * period that ends before it starts, a file that cannot be written — is a
 * usage error found before anything is read or written.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/clock.h"
#include "doc-out.h"
#include "report/report.h"

extern const struct hv_cmd cmd_report;

struct report_args {
	const char *from, *to, *sections, *out;
};

static int parse(int argc, char **argv, struct report_args *a)
{
	static const struct option opts[] = {
	    {"from", required_argument, NULL, 'f'},
	    {"to", required_argument, NULL, 't'},
	    {"sections", required_argument, NULL, 's'},
	    {"output", required_argument, NULL, 'o'},
	    {NULL, 0, NULL, 0},
	};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:f:t:s:o:", opts, NULL)) != -1) {
		switch (c) {
		case 'f': a->from = optarg; break;
		case 't': a->to = optarg; break;
		case 's': a->sections = optarg; break;
		case 'o': a->out = optarg; break;
		case ':': return cli_usage(&cmd_report, "%s needs a value", cli_bad_option(argv));
		default: return cli_usage(&cmd_report, "unknown option %s", cli_bad_option(argv));
		}
	}
	if (optind < argc)
		return cli_usage(&cmd_report, "unexpected \"%s\"", argv[optind]);
	if (!a->out)
		return cli_usage(&cmd_report, "name the file to write with -o report.pdf or -o "
		                              "report.html");
	return HV_EXIT_OK;
}

static int run(struct hv_cli *cli, int argc, char **argv)
{
	struct report_args a = {0};
	int status = parse(argc, argv, &a);
	if (status != HV_EXIT_OK)
		return status;
	struct hv_error err;
	int64_t now = hv_now_ms();
	int64_t today = (now + (int64_t)hv_local_offset_min(now) * 60000) / 86400000;
	int64_t from = today - 89, to = today;
	unsigned mask = HV_REPORT_ALL;
	if ((a.to && hv_report_parse_day(a.to, &to, &err) < 0) ||
	    (a.from && hv_report_parse_day(a.from, &from, &err) < 0) ||
	    (a.sections && hv_report_sections_parse(a.sections, &mask, &err) < 0) ||
	    hv_doc_format_of(a.out, &err) < 0)
		return cli_usage(&cmd_report, "%s", err.msg);
	if (!a.from)
		from = to - 89;
	if (to < from)
		return cli_usage(&cmd_report, "the period ends (%s) before it starts (%s)",
		                 a.to ? a.to : "today", a.from);
	if ((status = cli_output_writable(&cmd_report, a.out)) != HV_EXIT_OK)
		return status;
	struct hv_store *st = cli_store(cli);
	if (!st)
		return HV_EXIT_FAIL;
	struct hv_doc *doc = hv_report_build(st, from, to, mask, &err);
	if (!doc)
		return cli_error(cli, &err);
	status = cli_write_doc(cli, doc, a.out, "the report");
	hv_doc_free(doc);
	return status;
}

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
    .run = run,
};
