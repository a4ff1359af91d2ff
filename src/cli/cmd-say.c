/*
 * cmd-say.c — `haven say [NAME [--keep "WORDS"]]`: words for the hard
 * moments (asking for a pause, saying no, repairing, asking for closeness),
 * from data/scripts.json, and the versions a person keeps of their own.
 * The coach points here when a draft shows the protest a script answers.
 */
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "coach/scripts.h"
#include "core/content.h"
#include "core/template.h"

extern const struct hv_cmd cmd_say;

static const char *msg(const char *key)
{
	char path[64];
	snprintf(path, sizeof path, "messages/%s", key);
	return hv_content_text("scripts.json", path, "");
}

static int list(struct hv_cli *cli)
{
	json_t *all = json_array();
	size_t i;
	json_t *name;
	json_array_foreach(hv_script_names(), i, name)
	{
		struct hv_error err;
		json_t *s = hv_script_json(NULL, json_string_value(name), &err);
		if (s) {
			json_object_del(s, "yours");
			json_array_append_new(all, s);
		}
	}
	if (cli->json)
		return cli_print_json(all);
	cli_say(msg("list_intro"));
	printf("\n");
	json_t *s;
	json_array_foreach(all, i, s)
	{
		printf("  %s%-7s%s ", cli_bold(cli), json_string_value(json_object_get(s, "name")),
		       cli_reset(cli));
		cli_wrap_words(10, 10, json_string_value(json_object_get(s, "title")));
		printf("\n          %s", cli_dim(cli));
		cli_wrap_words(10, 10, json_string_value(json_object_get(s, "when")));
		printf("%s\n", cli_reset(cli));
	}
	printf("\n");
	cli_say(msg("list_hint"));
	json_decref(all);
	return HV_EXIT_OK;
}

static void print_script(struct hv_cli *cli, const json_t *s)
{
	size_t i;
	json_t *v;
	printf("%s%s%s\n", cli_bold(cli), json_string_value(json_object_get(s, "title")),
	       cli_reset(cli));
	cli_wrap_words(0, 0, json_string_value(json_object_get(s, "when")));
	printf("\n\n");
	cli_wrap(0, msg("phrases"));
	printf("\n");
	json_array_foreach(json_object_get(s, "phrases"), i, v)
	{
		printf("  %zu. ", i + 1);
		cli_wrap_words(5, 5, json_string_value(v));
		printf("\n");
	}
	const json_t *yours = json_object_get(s, "yours");
	if (json_array_size(yours)) {
		printf("\n");
		cli_say(msg("yours"));
		json_array_foreach(yours, i, v)
		{
			printf("  %s- ", cli_accent(cli));
			cli_wrap_words(
			    4, 4,
			    json_string_value(json_object_get(json_object_get(v, "body"), "text")));
			printf("%s\n", cli_reset(cli));
		}
	}
	printf("\n%s", cli_dim(cli));
	cli_wrap_words(0, 0, json_string_value(json_object_get(s, "remember")));
	const char *kv[] = {"name", json_string_value(json_object_get(s, "name")), NULL};
	char *hint = hv_template_fill(msg("keep_hint"), kv);
	printf("\n");
	cli_wrap(0, hint ? hint : "");
	printf("%s\n", cli_reset(cli));
	free(hint);
}

static int show(struct hv_cli *cli, struct hv_store *st, const char *name)
{
	struct hv_error err;
	json_t *s = hv_script_json(st, name, &err);
	if (!s)
		return err.code == HV_EINVAL ? cli_usage(&cmd_say, "%s", err.msg)
		                             : cli_error(cli, &err);
	if (cli->json)
		return cli_print_json(s);
	print_script(cli, s);
	json_decref(s);
	return HV_EXIT_OK;
}

static int keep(struct hv_cli *cli, struct hv_store *st, const char *name, const char *text,
                const json_t *crisis)
{
	struct hv_record r;
	struct hv_error err;
	if (hv_script_keep(st, name, text, &r, &err) < 0)
		return cli_error(cli, &err);
	int rc = HV_EXIT_OK;
	if (cli->json)
		rc = cli_print_record(&r, crisis);
	else if (crisis) /* after the help, the help is what to do next */
		printf("%s.\n%s\n", msg("kept"), msg("crisis"));
	else {
		const char *kv[] = {"name", name, NULL};
		char *line = hv_template_fill(msg("kept_next"), kv);
		cli_say(line ? line : msg("kept"));
		free(line);
	}
	hv_record_release(&r);
	return rc;
}

/* One script at most, and --keep's words only for a script that is there. */
static int check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *text = cli_arg(a, "--keep");
	if (a->argc > 1)
		return cli_usage(&cmd_say, "give one script: break, no, repair or ask");
	if (text && a->argc == 0)
		return cli_usage(
		    &cmd_say, "say which script your words are for: haven say NAME --keep \"...\"");
	if (text && !*text)
		return cli_usage(&cmd_say, "--keep needs your own words, in quotes");
	if (text && !hv_script_known(a->argv[0]))
		return cli_usage(&cmd_say,
		                 "there is no script \"%s\": try break, no, repair or ask",
		                 a->argv[0]);
	return 0;
}

/* Help came first (the spec's crisis_kind).  The list needs no journal;
 * a script does, for the versions kept of it. */
static int run(struct hv_cli *cli, struct cli_args *a)
{
	if (a->argc == 0)
		return list(cli);
	struct hv_store *st = cli_store(cli);
	if (!st)
		return HV_EXIT_FAIL;
	const char *text = cli_arg(a, "--keep");
	return text ? keep(cli, st, a->argv[0], text, a->crisis) : show(cli, st, a->argv[0]);
}

static const struct cli_argdef opts[] = {
    {.name = "--keep", .value = 1, .needs = "your own words, in quotes"},
    CLI_END,
};

const struct hv_cmd cmd_say = {
    .name = "say",
    .usage = "say [break|no|repair|ask] [--keep \"YOUR WORDS\"] [--json]",
    .summary = "words for a pause, a no, a repair, or asking for closeness",
    .help = "  haven say                   the scripts, and when each helps\n"
            "  haven say NAME              its phrases to adapt, and your own versions\n"
            "  haven say NAME --keep \"...\" keep your own version\n\n"
            "  break   ask for a pause in a conflict, and say when you will come back\n"
            "  no      say no without a long justification\n"
            "  repair  repair after a rupture\n"
            "  ask     ask directly for closeness or reassurance\n\n"
            "--json prints the script, with your versions as records.",
    .args =
        &(const struct cli_argspec){
            .opts = opts, .check = check, .run = run, .crisis_kind = HV_SCRIPT_KIND},
};
