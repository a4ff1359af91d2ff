/*
 * cmd-practices.c — `haven practices`: which practices you have done and
 * whether they lowered your distress, per technique.  The numbers and the
 * sentences come from hv_practice_summary(); this file only draws them.
 */
#include <stdio.h>
#include <stdlib.h>

#include "args.h"
#include "core/clock.h"
#include "core/template.h"
#include "practice-run.h"

extern const struct hv_cmd cmd_practices;

static void draw(struct hv_cli *cli, const json_t *sum)
{
	const json_t *list = json_object_get(sum, "techniques");
	printf("%s%s%s\n", cli_bold(cli), practice_text("summary/title", ""), cli_reset(cli));
	if (json_array_size(list) == 0) {
		{
			printf("\n");
			cli_say(practice_text("summary/none", ""));
		}
		return;
	}
	size_t i;
	json_t *t;
	json_array_foreach(list, i, t)
	{
		const json_t *mean = json_object_get(t, "mean_change");
		long long count = (long long)json_integer_value(json_object_get(t, "count"));
		char n[24], minutes[32], change[32], rated[24];
		snprintf(n, sizeof n, "%lld", count);
		snprintf(minutes, sizeof minutes, "%.1f",
		         json_number_value(json_object_get(t, "minutes")));
		const char *kv[] = {"n", n, "minutes", minutes, NULL};
		char *done = hv_template_fill(
		    practice_text(count == 1 ? "summary/done_one" : "summary/done_other", ""), kv);
		printf("\n  %s%s%s  %s%s", cli_bold(cli),
		       json_string_value(json_object_get(t, "label")), cli_reset(cli), cli_dim(cli),
		       done ? done : "");
		free(done);
		if (json_is_number(mean)) {
			snprintf(change, sizeof change, "%+.1f", json_number_value(mean));
			snprintf(rated, sizeof rated, "%lld",
			         (long long)json_integer_value(json_object_get(t, "rated")));
			const char *kr[] = {"change", change, "rated", rated, NULL};
			char *line = hv_template_fill(practice_text("summary/rated", ""), kr);
			printf("%s", line ? line : "");
			free(line);
		}
		printf("%s\n  ", cli_reset(cli));
		cli_wrap_hanging(2, 2, json_string_value(json_object_get(t, "sentence")));
		printf("\n");
	}
	printf("\n%s", cli_dim(cli));
	cli_wrap(0, json_string_value(json_object_get(sum, "note")));
	printf("%s\n", cli_reset(cli));
}

static int check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *since = cli_arg(a, "--since");
	if (since &&
	    cli_parse_when(&cmd_practices, "--since", since, cli_arg_num(a, "--since")) < 0)
		return HV_EXIT_USAGE;
	return a->argc ? cli_usage(&cmd_practices, "unexpected \"%s\"", a->argv[0]) : 0;
}

static int run(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_store *st = a->store;
	int64_t since = *cli_arg_num(a, "--since");
	struct hv_error err;
	json_t *sum = hv_practice_summary(st, since, &err);
	if (!sum)
		return cli_error(cli, &err);
	if (cli->json)
		return practice_print_json(sum);
	draw(cli, sum);
	json_decref(sum);
	return HV_EXIT_OK;
}

const struct hv_cmd cmd_practices = {
    .name = "practices",
    .usage = "practices [--since WHEN] [--json]",
    .summary = "which practices you did, and whether they eased your distress",
    .help = "Per practice: how often, total minutes, and the mean change in your own\n"
            "0-10 distress ratings from before to after (negative means it went down),\n"
            "with how many rated practices it rests on.  Below three rated practices\n"
            "no effect is named.\n\n"
            "  --since WHEN   only practices from then on\n"
            "  --json         every number, for charts and scripts",
    .args = &(const struct cli_argspec){.opts = (const struct cli_argdef[]){CLI_VALUE("--since", 0),
                                                                            CLI_END},
                                        .in_order = 1,
                                        .store = CLI_STORE_OPEN,
                                        .check = check,
                                        .run = run},
};
