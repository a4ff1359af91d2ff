/*
 * cmd-relax.c — `haven relax`: progressive muscle relaxation from the feet
 * upward.  Each group is tensed for 5 counts, then released for 10, with a
 * cue at every change; the wording is in data/practices.json.
 */
#include "practice-run.h"

extern const struct hv_cmd cmd_relax;

static int run(struct hv_cli *cli, int argc, char **argv)
{
	static const struct practice_spec spec = {.cmd = &cmd_relax, .technique = "relax"};
	return practice_main(cli, &spec, argc, argv);
}

const struct hv_cmd cmd_relax = {
    .name = "relax",
    .usage = "relax [options]",
    .summary = "progressive muscle relaxation, from the feet upward",
    .help = "Ten muscle groups from the feet to the face: tense each for 5 counts,\n"
            "then let go for 10 and notice the difference.\n\n" PRACTICE_HELP_COMMON,
    .run = run,
};
