/*
 * cmd-tipp.c — `haven tipp`: the four TIPP steps (temperature, intense
 * exercise, paced breathing, paired muscle relaxation) as a short guided
 * card, one step at a time.  Wording in data/practices.json.
 */
#include "practice-run.h"

extern const struct hv_cmd cmd_tipp;

static int run(struct hv_cli *cli, int argc, char **argv)
{
	static const struct practice_spec spec = {
	    .cmd = &cmd_tipp, .technique = "tipp", .intro = "tipp/caution"};
	return practice_main(cli, &spec, argc, argv);
}

const struct hv_cmd cmd_tipp = {
    .name = "tipp",
    .usage = "tipp [options]",
    .summary = "TIPP: four quick ways to turn down a strong body alarm",
    .help = "Temperature, intense exercise, paced breathing, paired muscle relaxation:\n"
            "each step shown for 15 counts (15 seconds at the usual pace). With a heart\n"
            "condition, ask a doctor before the cold water and the hard "
            "exercise.\n\n" PRACTICE_HELP_COMMON,
    .run = run,
};
