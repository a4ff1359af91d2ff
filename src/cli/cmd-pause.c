/*
 * cmd-pause.c — `haven pause`: for the urge to send one more message or
 * check the phone again.  A timed urge-surfing pause (10 minutes unless
 * --minutes says otherwise) with the grounding script from
 * data/practices.json; at the end it asks whether the urge passed and what
 * you did, and keeps both with the practice.
 */
#include <stdlib.h>

#include "practice-run.h"

extern const struct hv_cmd cmd_pause;

/* Yes, no, or -1 for skipped. */
static int ask_urge(struct hv_cli *cli)
{
	for (;;) {
		printf("\n%s%s%s\n", cli_bold(cli), practice_text("pause/urge_question", ""),
		       cli_reset(cli));
		char *a = cli_ask("y/n> ");
		int v = !a || !*a                      ? -1
		        : (a[0] == 'y' || a[0] == 'Y') ? 1
		        : (a[0] == 'n' || a[0] == 'N') ? 0
		                                       : -2;
		free(a);
		if (v != -2)
			return v;
	}
}

static void after(struct hv_cli *cli, const struct practice_args *a,
                  const struct practice_result *res, json_t *body)
{
	int urge = a->urge_passed;
	char *own = NULL;
	const char *did = a->did;
	/* Only a pause that ran to its end is asked about; Ctrl-C means "enough". */
	if (res->completed && cli->interactive) {
		if (urge < 0)
			urge = ask_urge(cli);
		if (!did) {
			printf("\n%s%s%s\n", cli_bold(cli), practice_text("pause/did_question", ""),
			       cli_reset(cli));
			did = own = cli_ask("> ");
		}
	}
	if (urge >= 0)
		json_object_set_new(body, "urge_passed", json_boolean(urge));
	if (did && *did)
		json_object_set_new(body, "did", hv_json_text(did));
	free(own);
}

static int run(struct hv_cli *cli, int argc, char **argv)
{
	static const struct practice_spec spec = {
	    .cmd = &cmd_pause,
	    .technique = "pause",
	    .flags = PR_MINUTES | PR_PAUSE,
	    .intro = "pause/intro",
	    .after = after,
	};
	return practice_main(cli, &spec, argc, argv);
}

const struct hv_cmd cmd_pause = {
    .name = "pause",
    .usage = "pause [--minutes M] [--urge-passed yes|no] [--did TEXT] [options]",
    .summary = "a timed pause for the urge to send, call or check again",
    .help = "Ride the urge out for a while before acting on it.  At the end haven asks\n"
            "whether the urge passed and what you did, and keeps your answers.\n\n"
            "      --minutes M      how long (default 10; decimals are fine)\n"
            "      --urge-passed yes|no   the answer, without being asked\n"
            "      --did TEXT       what you did, without being asked\n"
            "      --pace S         stretch or shrink the whole pause by this factor\n"
            "      --plain          one line per step, no animation (for screen readers)\n"
            "      --bell           an audible cue at each change\n"
            "      --before N       distress before, 0-10 (asked on a terminal; Enter skips)\n"
            "      --after N        distress after, 0-10\n"
            "      --script         print the schedule and run nothing (with --json: as JSON)\n"
            "      --json           print the saved practice as JSON\n\n"
            "Ctrl-C stops gracefully: the terminal is restored, the part you did is saved\n"
            "(completed: false, with how long it ran) and haven exits with status 130.\n",
    .run = run,
};
