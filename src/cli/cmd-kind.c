/*
 * cmd-kind.c — `haven kind "HARSH THOUGHT"`: kinder ways to say it, from
 * data/reframes.json and the person's own saved reframes; --save keeps a
 * reframe of their own.
 */
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "coach/coach.h"
#include "core/content.h"

extern const struct hv_cmd cmd_kind;

static const char *msg(const char *key)
{
	char path[64];
	snprintf(path, sizeof path, "messages/%s", key);
	return hv_content_text("reframes.json", path, "");
}

/* One harsh thought, in quotes; --save's words not empty. */
static int check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	if (a->argc > 1)
		return cli_usage(&cmd_kind, "give the harsh thought as one argument, in quotes");
	if (a->argc == 0 || !*a->argv[0])
		return cli_usage(&cmd_kind, "give the harsh thought, in quotes");
	return 0;
}

/* The reframes that fit, yours marked, then how to keep your own. */
static void print_reframes(struct hv_cli *cli, const json_t *res)
{
	/* Honest when nothing stored fits: ask for the person's own words. */
	int fit = json_is_true(json_object_get(res, "fit"));
	int one = json_array_size(json_object_get(res, "reframes")) == 1;
	cli_say(msg(!fit ? "none_fit" : one ? "intro_one" : "intro"));
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(res, "reframes"), i, f)
	{
		int yours = !strcmp(json_string_value(json_object_get(f, "source")), "yours");
		printf("  ");
		int col = cli_wrap_words(2, 2, json_string_value(json_object_get(f, "kind")));
		printf("%s", cli_dim(cli));
		if (yours) {
			char mark[64];
			snprintf(mark, sizeof mark, " %s", msg("yours"));
			cli_wrap_words(col, 2, mark);
		}
		printf("\n");
		printf("%s", cli_reset(cli));
	}
	printf("\n%s", cli_dim(cli));
	cli_wrap(0, msg("save_hint"));
	printf("%s\n", cli_reset(cli));
}

/* Help came first (the spec's crisis_kind), before anything is offered or kept. */
static int run(struct hv_cli *cli, struct cli_args *a)
{
	const char *harsh = a->argv[0], *save = cli_arg(a, "--save");
	const json_t *crisis = a->crisis;
	struct hv_store *st = a->store;
	struct hv_error err;
	struct hv_record r;
	int saved = 0;
	if (save) {
		if (hv_reframe_save(st, harsh, save, &r, &err) < 0)
			return cli_error(cli, &err);
		saved = 1;
	}
	json_t *res = hv_kind_reframes(st, harsh, &err);
	if (!res) {
		if (saved)
			hv_record_release(&r);
		return cli_error(cli, &err);
	}
	if (cli->json) {
		if (saved)
			json_object_set_new(res, "saved", hv_record_to_json(&r));
		if (saved)
			hv_record_release(&r);
		cli_add_crisis(res, json_incref((json_t *)crisis));
		return cli_print_json(res);
	}
	if (saved) {
		cli_say(msg("saved"));
		hv_record_release(&r);
	} else if (crisis) {
		/* No kinder wording to try now: after the help, one calm line. */
		cli_say(msg("crisis"));
	} else {
		print_reframes(cli, res);
	}
	json_decref(res);
	return HV_EXIT_OK;
}

static const struct cli_argdef opts[] = {
    {.name = "--save", .value = 1, .needs = "your kinder words, in quotes"},
    CLI_END,
};

const struct hv_cmd cmd_kind = {
    .name = "kind",
    .usage = "kind \"HARSH THOUGHT\" [--save \"KINDER WORDS\"]",
    .summary = "find a kinder way to say a harsh thought",
    .help = "Offers kinder reframes of a harsh thought about yourself, the way you would\n"
            "speak to a friend. --save keeps your own reframe; haven offers it again when a\n"
            "similar thought comes.\n\n"
            "--json: {\"harsh\", \"fit\": false when no stored reframe fits (general prompts\n"
            "follow), \"reframes\": [{\"kind\", \"harsh\"?, \"source\": \"haven\"|\"yours\"}],\n"
            "\"saved\"?: the saved record}",
    .args = &(const struct cli_argspec){.opts = opts,
                                        .store = CLI_STORE_OPEN,
                                        .check = check,
                                        .run = run,
                                        .crisis_kind = HV_REFRAME_KIND},
};
