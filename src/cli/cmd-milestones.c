/*
 * cmd-milestones.c — `haven milestones`: the changes haven has noticed in
 * a person's own data, each celebrated once, and how strong their ongoing
 * practice is as a score that forgives missed days, never a streak.
 */
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "core/clock.h"
#include "core/content.h"
#include "growth/growth.h"

extern const struct hv_cmd cmd_milestones;

static const char *msg(const char *key)
{
	return hv_content_text("growth.json", key, "");
}

static void draw_milestones(struct hv_cli *cli, const json_t *list, int64_t now)
{
	printf("%s%s%s\n", cli_bold(cli), msg("milestones_title"), cli_reset(cli));
	if (json_array_size(list) == 0) {
		cli_wrap(0, msg("milestones_none"));
		printf("\n");
	}
	size_t i;
	json_t *m;
	json_array_foreach(list, i, m)
	{
		char when[48];
		cli_when_of(m, "reached", now, when, sizeof when);
		int fresh = json_is_true(json_object_get(m, "new"));
		if (fresh)
			printf("\n%s%s%s\n", cli_accent(cli), msg("milestone_new"), cli_reset(cli));
		printf("%s%s%s  %s%s%s\n", cli_bold(cli), cli_str(m, "title"), cli_reset(cli),
		       cli_dim(cli), when, cli_reset(cli));
		if (fresh) {
			printf("  ");
			cli_wrap_hanging(2, 2, cli_str(m, "text"));
			printf("\n\n");
		}
	}
}

static void draw_habits(struct hv_cli *cli, const json_t *list)
{
	printf("\n%s%s%s\n", cli_bold(cli), msg("habits_title"), cli_reset(cli));
	if (json_array_size(list) == 0) {
		cli_wrap(0, msg("habits_none"));
		printf("\n");
		return;
	}
	size_t i;
	json_t *h;
	json_array_foreach(list, i, h)
	{
		long long score = json_integer_value(json_object_get(h, "score"));
		char bar[11];
		for (int k = 0; k < 10; k++)
			bar[k] = k < (score + 5) / 10 ? '#' : '.';
		bar[10] = 0;
		printf("  %-18s %s %3lld%%  ", cli_str(h, "label"), bar, score);
		cli_wrap_hanging(37, 4, cli_str(h, "words"));
		printf("\n");
	}
	printf("%s", cli_dim(cli));
	cli_wrap(0, msg("habits_about"));
	printf("%s\n", cli_reset(cli));
}

static int check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	if (a->argc)
		return cli_usage(&cmd_milestones, "haven milestones takes no arguments, not \"%s\"",
		                 a->argv[0]);
	return 0;
}

static int run(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_store *st = a->store;
	struct hv_error err;
	int64_t now = hv_now_ms();
	json_t *all = hv_milestones(st, now, &err);
	if (!all)
		return cli_error(cli, &err);
	if (cli->json)
		return cli_print_json(all);
	draw_milestones(cli, json_object_get(all, "milestones"), now);
	draw_habits(cli, json_object_get(all, "habits"));
	/* Shown now, so celebrated once: a read-only database just shows them. */
	if (!hv_store_readonly(st) &&
	    hv_milestones_mark_shown(st, json_object_get(all, "milestones"), &err) < 0) {
		json_decref(all);
		return cli_error(cli, &err);
	}
	json_decref(all);
	return HV_EXIT_OK;
}

const struct hv_cmd cmd_milestones = {
    .name = "milestones",
    .usage = "milestones",
    .summary = "the changes haven has noticed, and how strong your practice is",
    .help = "  haven milestones                  milestones reached, oldest first (a new one\n"
            "                                    is told in full, once), and the strength of\n"
            "                                    checking in and calming practice\n\n"
            "A milestone, once reached, stays.  Strength is a score from 0 to 100 that a\n"
            "missed day lowers a little, never a streak.\n"
            "--json prints {milestones, habits} and marks nothing as shown.",
    .args = &(const struct cli_argspec){.opts = (const struct cli_argdef[]){CLI_END},
                                        .store = CLI_STORE_OPEN,
                                        .check = check,
                                        .run = run},
};
