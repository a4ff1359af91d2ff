/*
 * cmd-breathe.c — `haven breathe [478|box|coherent|three]`: guided, timed
 * breathing.  The scripts live in data/practices.json; the walk, the
 * distress questions and the record are shared (practice-run.c).
 */
#include "practice-run.h"

extern const struct hv_cmd cmd_breathe;

static int run(struct hv_cli *cli, int argc, char **argv)
{
	static const struct practice_spec spec = {
	    .cmd = &cmd_breathe,
	    .technique = "breathe-478",
	    .prefix = "breathe-",
	    .flags = PR_ROUNDS | PR_MINUTES,
	};
	return practice_main(cli, &spec, argc, argv);
}

const struct hv_cmd cmd_breathe = {
    .name = "breathe",
    .usage = "breathe [478|box|coherent|three] [--rounds N | --minutes M] [options]",
    .summary = "a guided breathing practice, timed for you",
    .help = "Patterns (counts; one count is one second at the usual pace):\n"
            "  478        in 4, hold 7, out 8 (the default; 4 rounds)\n"
            "  box        in 4, hold 4, out 4, hold 4 (4 rounds)\n"
            "  coherent   in 5, out 5 (12 rounds, two minutes)\n"
            "  three      three slow, conscious breaths\n\n"
            "      --rounds N       how many rounds\n"
            "      --minutes M      as many whole rounds as fit M minutes (decimals are "
            "fine)\n" PRACTICE_HELP_COMMON,
    .run = run,
};
