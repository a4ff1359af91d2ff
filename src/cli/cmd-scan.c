/*
 * cmd-scan.c — `haven scan`: a body scan, region by region from the feet
 * up, noticing without changing anything.  Wording in data/practices.json.
 */
#include "practice-run.h"

extern const struct hv_cmd cmd_scan;

static int run(struct hv_cli *cli, int argc, char **argv)
{
	static const struct practice_spec spec = {.cmd = &cmd_scan, .technique = "scan"};
	return practice_main(cli, &spec, argc, argv);
}

const struct hv_cmd cmd_scan = {
    .name = "scan",
    .usage = "scan [options]",
    .summary = "a body scan: notice each part of the body, change nothing",
    .help = "Ten regions from the feet to the head, then the whole body, each for\n"
            "12 counts.\n\n" PRACTICE_HELP_COMMON,
    .run = run,
};
