/*
 * cmd-ground.c — `haven ground`: 5-4-3-2-1 grounding.  On a terminal it
 * asks for five things seen, four touched, three heard, two smelled and
 * one tasted; each may be typed or just confirmed with Enter, and nothing
 * typed is kept (it is for attention, not for the record).  Without a
 * terminal, or with --plain, the same script is paced by the clock.
 */
#include <stdlib.h>
#include <string.h>

#include "practice-run.h"

extern const struct hv_cmd cmd_ground;

static int ask(struct hv_cli *cli, const struct hv_schedule *s, struct practice_result *res)
{
	int64_t t0 = practice_clock_ns();
	const char *step = NULL;
	size_t i;
	printf("%s%s%s\n", cli_dim(cli), practice_text("ground/intro", ""), cli_reset(cli));
	for (i = 0; i < s->n; i++) {
		const struct hv_phase *p = &s->phases[i];
		if (!step || strcmp(step, p->step) != 0) {
			printf("\n%s%s%s  %s%s%s\n", cli_bold(cli), p->title ? p->title : p->name,
			       cli_reset(cli), cli_dim(cli), p->cue, cli_reset(cli));
			step = p->step;
		}
		char prompt[64];
		snprintf(prompt, sizeof prompt, "  %s%d%s > ", cli_accent(cli),
		         p->item ? p->item : 1, cli_reset(cli));
		char *answer = practice_ask_line(prompt);
		if (!answer) {
			printf("\n");
			break;
		}
		free(answer); /* typed for attention only; never stored */
	}
	res->elapsed_ms = (practice_clock_ns() - t0) / 1000000;
	res->completed = i == s->n;
	res->signal = practice_caught();
	if (res->completed)
		printf("\n%s\n", practice_text("ground/outro", ""));
	return 0;
}

static int run(struct hv_cli *cli, int argc, char **argv)
{
	static const struct practice_spec spec = {
	    .cmd = &cmd_ground,
	    .technique = "ground",
	    .ask = ask,
	};
	return practice_main(cli, &spec, argc, argv);
}

const struct hv_cmd cmd_ground = {
    .name = "ground",
    .usage = "ground [options]",
    .summary = "5-4-3-2-1 grounding: come back to the room through your senses",
    .help = "On a terminal: name five things you see, four you touch, three you hear,\n"
            "two you smell and one you taste.  Type them or just press Enter once you\n"
            "have noticed each; what you type is not saved.  Without a terminal, or\n"
            "with --plain, each prompt is shown for 4 counts.\n\n" PRACTICE_HELP_COMMON,
    .run = run,
};
