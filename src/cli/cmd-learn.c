/*
 * cmd-learn.c — `haven learn [TOPIC]`: short chapters about attachment
 * (learn/learn.h, data/learn.json), listed with a line each and one
 * suggested from the person's last days, or read one at a time, wrapped to
 * the terminal, ending with the haven command that puts the chapter into
 * practice.
 */
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "core/clock.h"
#include "core/vault.h"
#include "insight/insights.h"
#include "learn/learn.h"

extern const struct hv_cmd cmd_learn;

static const char *word(const char *key)
{
	return cli_str(hv_learn_words("cli"), key);
}

/* The journal when it can be read without asking: reading a chapter is no
 * reason to type a passphrase, so a vault is read only when a key is held
 * (`haven vault unlock`) or HAVEN_PASSPHRASE_FILE gives one; nor to make
 * a database, so none is opened where there is none. */
static struct hv_store *journal_unasked(struct hv_cli *cli)
{
	struct hv_store *st = cli_store_if_there(cli);
	if (!st || !hv_vault_on(st) || hv_vault_unlocked(st) || hv_vault_unlock_held(st))
		return st;
	const char *file = getenv("HAVEN_PASSPHRASE_FILE");
	return file && *file ? cli_store(cli) : NULL;
}

/* The chapter the person's last days point to; a journal that cannot be
 * read leaves the suggestion for a beginning. */
static json_t *suggestion(struct hv_cli *cli)
{
	struct hv_store *st = journal_unasked(cli);
	json_t *recent = NULL;
	if (st) {
		struct hv_error err;
		int64_t now = hv_now_ms();
		recent =
		    hv_insights(st, now - (int64_t)hv_learn_suggest_days() * 86400000, now, &err);
	}
	json_t *s = hv_learn_suggest(recent);
	json_decref(recent);
	return s;
}

static void print_suggestion(struct hv_cli *cli, const json_t *s)
{
	if (!s)
		return;
	printf("%s%s%s ", cli_accent(cli), word("suggested"), cli_reset(cli));
	cli_wrap_hanging((int)strlen(word("suggested")) + 1, 2, cli_str(s, "title"));
	printf(" (%s%s%s)\n", cli_bold(cli), cli_str(s, "id"), cli_reset(cli));
	printf("%s", cli_dim(cli));
	cli_wrap(0, cli_str(s, "why"));
	printf("%s\n\n", cli_reset(cli));
}

static int list(struct hv_cli *cli)
{
	struct hv_error err;
	json_t *all = hv_learn_list(&err);
	if (!all)
		return cli_error(cli, &err);
	json_t *s = suggestion(cli);
	if (cli->json)
		return cli_print_json(
		    json_pack("{s:o,s:o}", "chapters", all, "suggested", s ? s : json_null()));
	cli_wrap(0, word("list_intro"));
	printf("\n\n");
	print_suggestion(cli, s);
	json_decref(s);
	size_t i;
	json_t *c;
	json_array_foreach(all, i, c)
	{
		printf("  %s%-16s%s ", cli_bold(cli), cli_str(c, "id"), cli_reset(cli));
		cli_wrap_hanging(19, 19, cli_str(c, "title"));
		printf("\n%19s%s", "", cli_dim(cli));
		cli_wrap_hanging(19, 19, cli_str(c, "summary"));
		printf("%s\n", cli_reset(cli));
	}
	printf("\n%s\n", word("list_hint"));
	json_decref(all);
	return HV_EXIT_OK;
}

static void print_chapter(struct hv_cli *cli, const json_t *c)
{
	printf("%s", cli_bold(cli));
	cli_wrap(0, cli_str(c, "title"));
	printf("%s\n", cli_reset(cli));
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(c, "body"), i, v)
	{
		printf("\n");
		cli_wrap(0, json_string_value(v));
		printf("\n");
	}
	const json_t *p = json_object_get(c, "practice");
	printf("\n%s%s%s ", cli_accent(cli), word("practice"), cli_reset(cli));
	cli_wrap_hanging((int)strlen(word("practice")) + 1, 2, cli_str(p, "label"));
	printf("\n  %shaven %s%s\n", cli_bold(cli), cli_str(p, "command"), cli_reset(cli));
	const json_t *more = json_object_get(c, "read_more");
	if (json_array_size(more)) {
		printf("\n%s%s\n", cli_dim(cli), word("read_more"));
		json_array_foreach(more, i, v)
		{
			printf("  - ");
			cli_wrap_hanging(4, 4, json_string_value(v));
			printf("\n");
		}
		printf("%s", cli_reset(cli));
	}
}

static int show(struct hv_cli *cli, const char *id)
{
	struct hv_error err;
	json_t *c = hv_learn_chapter(id, &err);
	if (!c)
		return err.code == HV_EINVAL ? cli_usage(&cmd_learn, "%s", err.msg)
		                             : cli_error(cli, &err);
	if (cli->json)
		return cli_print_json(c);
	print_chapter(cli, c);
	json_decref(c);
	return HV_EXIT_OK;
}

static int check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	return a->argc > 1 ? cli_usage(&cmd_learn, "give one chapter at a time") : 0;
}

static int run(struct hv_cli *cli, struct cli_args *a)
{
	if (cli_flag(a, "--json")) /* also after the chapter: haven learn alarm --json */
		cli->json = 1;
	return a->argc ? show(cli, a->argv[0]) : list(cli);
}

const struct hv_cmd cmd_learn = {
    .name = "learn",
    .usage = "learn [CHAPTER] [--json]",
    .summary = "short chapters on attachment, each with something to try",
    .help = "  haven learn           the chapters, with a line about each, and the one\n"
            "                        your last week's journal points to\n"
            "  haven learn CHAPTER   read one, ending with the practice that fits it\n\n"
            "Chapters: dimensions, roots, alarm, protest, cycle, triggers,\n"
            "earned-security, partners, therapy, getting-help.\n\n"
            "In a vault the suggestion needs the journal unlocked (haven vault unlock,\n"
            "or HAVEN_PASSPHRASE_FILE): learn never asks for the passphrase.\n\n"
            "--json prints {chapters, suggested}, or one chapter with its paragraphs,\n"
            "practice and read-more lines.",
    .args = &(
        const struct cli_argspec){.opts = (const struct cli_argdef[]){CLI_FLAG("--json"), CLI_END},
                                  .check = check,
                                  .run = run},
};
