/*
 * cmd-card.c — `haven card`: the partner card (report/card.h).  Printed as
 * it is, written to a one-page PDF or HTML file with -o, and changed only
 * by the person: `suggest` shows ideas from their notes, `take N` puts one
 * on, `add` puts their own words on, `remove` takes one off.  Words go
 * through the crisis net before they are saved, like every word a person
 * writes.
 */
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "core/content.h"
#include "core/template.h"
#include "doc-out.h"
#include "report/card.h"

extern const struct hv_cmd cmd_card;

static const char *w(const char *path)
{
	return hv_content_text("card.json", path, "");
}

static void said(struct hv_cli *cli, const char *tmpl, const char *section, const char *text)
{
	const char *kv[] = {"section", section, "text", text, NULL};
	char *s = hv_template_fill(tmpl, kv);
	if (s && !cli->quiet && !cli->json) {
		cli_wrap(0, s);
		printf("\n");
	}
	free(s);
}

static int print_card(struct hv_cli *cli, const json_t *card)
{
	const json_t *words = hv_content_json("card.json", NULL);
	int empty = 1;
	size_t i, k;
	json_t *s, *t;
	json_array_foreach(json_object_get(words, "sections"), i, s)
	{
		const char *id = cli_str(s, "id");
		const json_t *list = json_object_get(card, id);
		empty &= json_array_size(list) == 0;
		char named[64];
		snprintf(named, sizeof named, " (%s)", id);
		printf("%s", cli_bold(cli));
		int col = cli_wrap(0, cli_str(s, "mine"));
		printf("%s%s", cli_reset(cli), cli_dim(cli));
		cli_wrap_hanging(col, 2, named);
		printf("%s\n", cli_reset(cli));
		json_array_foreach(list, k, t)
		{
			printf("  %zu. ", k + 1);
			cli_put_words(json_string_value(t), 1);
			printf("\n");
		}
		printf("%s  ", cli_dim(cli));
		cli_wrap_hanging(2, 2,
		                 json_array_size(list) ? cli_str(s, "yours") : cli_str(s, "empty"));
		printf("%s\n\n", cli_reset(cli));
	}
	if (empty)
		cli_wrap(0, w("cli/empty_card")), printf("\n");
	return HV_EXIT_OK;
}

static int show(struct hv_cli *cli, struct hv_store *st, const char *out)
{
	struct hv_error err;
	json_t *card = hv_card_get(st, &err);
	if (!card)
		return cli_error(cli, &err);
	int status;
	if (out) {
		struct hv_doc *doc = hv_card_doc(card, &err);
		status = doc ? cli_write_doc(cli, doc, out, "the card") : cli_error(cli, &err);
		hv_doc_free(doc);
	} else if (cli->json)
		return cli_print_json(card);
	else
		status = print_card(cli, card);
	json_decref(card);
	return status;
}

static int suggest(struct hv_cli *cli, struct hv_store *st)
{
	struct hv_error err;
	json_t *ideas = hv_card_suggest(st, &err);
	if (!ideas)
		return cli_error(cli, &err);
	if (cli->json)
		return cli_print_json(ideas);
	cli_wrap(0, json_array_size(ideas) ? w("suggest/intro") : w("suggest/none"));
	printf("\n\n");
	size_t i;
	json_t *t;
	json_array_foreach(ideas, i, t)
	{
		printf("  %2zu. %s%-7s%s ", i + 1, cli_dim(cli), cli_str(t, "section"),
		       cli_reset(cli));
		cli_put_words(cli_str(t, "text"), 1);
		printf("\n%14s%s%s%s\n", "", cli_dim(cli), cli_str(t, "why"), cli_reset(cli));
	}
	if (json_array_size(ideas))
		printf("\n%s\n", w("suggest/take_hint"));
	json_decref(ideas);
	return HV_EXIT_OK;
}

static int take(struct hv_cli *cli, struct hv_store *st, const char *arg)
{
	long n;
	if (cli_parse_int(&cmd_card, "take", arg, 1, 99, &n) < 0)
		return HV_EXIT_USAGE;
	struct hv_error err;
	json_t *ideas = hv_card_suggest(st, &err);
	if (!ideas)
		return cli_error(cli, &err);
	json_t *t = json_array_get(ideas, (size_t)n - 1);
	if (!t) {
		size_t have = json_array_size(ideas);
		json_decref(ideas);
		return cli_usage(&cmd_card,
		                 "there are %zu ideas: see them with `haven card suggest`", have);
	}
	int rc = hv_card_add(st, cli_str(t, "section"), cli_str(t, "text"), &err);
	if (rc == 0)
		said(cli, w("cli/added"), cli_str(t, "section"), cli_str(t, "text"));
	json_decref(ideas);
	return rc < 0 ? cli_error(cli, &err) : HV_EXIT_OK;
}

/* The words of argv[from..argc) joined by spaces; caller frees. */
static char *joined(int argc, char **argv, int from)
{
	size_t n = 1;
	for (int i = from; i < argc; i++)
		n += strlen(argv[i]) + 1;
	char *s = calloc(1, n);
	for (int i = from; s && i < argc; i++) {
		if (i > from)
			strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}

/* The person's words under section: the crisis net hears them first. */
static int add(struct hv_cli *cli, struct hv_store *st, const char *section, int argc, char **argv)
{
	char *text = joined(argc, argv, 0);
	if (!text)
		return HV_EXIT_FAIL;
	json_t *notice = cli_crisis_field(cli, HV_CARD_KIND, section, text, strlen(text));
	struct hv_error err;
	int rc = hv_card_add(st, section, text, &err);
	if (rc == 0 && cli->json) {
		json_t *out = json_pack("{s:s,s:s}", "section", section, "text", text);
		cli_add_crisis(out, notice);
		free(text);
		return cli_print_json(out);
	}
	if (rc == 0)
		said(cli, w("cli/added"), section, text);
	free(text);
	json_decref(notice);
	if (rc < 0)
		return err.code == HV_EINVAL || err.code == HV_EDATA
		           ? cli_usage(&cmd_card, "%s", err.msg)
		           : cli_error(cli, &err);
	return HV_EXIT_OK;
}

static int remove_item(struct hv_cli *cli, struct hv_store *st, const char *section,
                       const char *arg)
{
	long n;
	if (cli_parse_int(&cmd_card, "remove", arg, 1, HV_CARD_MAX_ITEMS, &n) < 0)
		return HV_EXIT_USAGE;
	struct hv_error err;
	char *gone = NULL;
	if (hv_card_remove(st, section, (size_t)n, &gone, &err) < 0)
		return err.code == HV_EINVAL ? cli_usage(&cmd_card, "%s", err.msg)
		                             : cli_error(cli, &err);
	said(cli, w("cli/removed"), section, gone);
	free(gone);
	return HV_EXIT_OK;
}

/* No subcommand: the card, with -o's file checked before anything is read. */
static int top_check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *out = cli_arg(a, "--output");
	struct hv_error err;
	if (!out)
		return HV_EXIT_OK;
	int status = cli_output_writable(&cmd_card, out);
	if (status == HV_EXIT_OK && hv_doc_format_of(out, &err) < 0)
		status = cli_usage(&cmd_card, "%s", err.msg);
	return status;
}

static int top(struct hv_cli *cli, struct cli_args *a)
{
	return show(cli, a->store, cli_arg(a, "--output"));
}

/* Each subcommand's words, counted: add takes a part and any words after
 * it, the others exactly theirs. */
static int words_check(struct cli_args *a, const char *sub, int want, int at_least)
{
	if (at_least ? a->argc < want : a->argc != want)
		return cli_usage(&cmd_card, "%s: see `haven help card` for what it takes", sub);
	return 0;
}

static int suggest_check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	return words_check(a, "suggest", 0, 0);
}

static int run_suggest(struct hv_cli *cli, struct cli_args *a)
{
	return suggest(cli, a->store);
}

static int take_check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	long n;
	int rc = words_check(a, "take", 1, 0);
	if (rc == 0 && cli_parse_int(&cmd_card, "take", a->argv[0], 1, 99, &n) < 0)
		rc = HV_EXIT_USAGE;
	return rc;
}

static int run_take(struct hv_cli *cli, struct cli_args *a)
{
	return take(cli, a->store, a->argv[0]);
}

static int add_check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	return words_check(a, "add", 2, 1);
}

static int run_add(struct hv_cli *cli, struct cli_args *a)
{
	return add(cli, a->store, a->argv[0], a->argc - 1, a->argv + 1);
}

static int remove_check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	long n;
	int rc = words_check(a, "remove", 2, 0);
	if (rc == 0 && cli_parse_int(&cmd_card, "remove", a->argv[1], 1, HV_CARD_MAX_ITEMS, &n) < 0)
		rc = HV_EXIT_USAGE;
	return rc;
}

static int run_remove(struct hv_cli *cli, struct cli_args *a)
{
	return remove_item(cli, a->store, a->argv[0], a->argv[1]);
}

static const struct cli_argdef no_opts[] = {CLI_END};
static const struct cli_argdef top_opts[] = {
    {.name = "--output", .letter = 'o', .value = 1, .needs = "a file name"},
    CLI_END,
};
/* add's words are the person's, "-" at the start of one too (opts NULL). */
#define CARD_SUB(o, c, r)                                                                          \
	&(const struct cli_argspec)                                                                \
	{                                                                                          \
		.opts = (o), .in_order = 1, .store = CLI_STORE_OPEN, .check = (c), .run = (r)      \
	}
static const struct cli_sub subs[] = {
    {"suggest", CARD_SUB(no_opts, suggest_check, run_suggest)},
    {"take", CARD_SUB(no_opts, take_check, run_take)},
    {"add", CARD_SUB(NULL, add_check, run_add)},
    {"remove", CARD_SUB(no_opts, remove_check, run_remove)},
    {NULL, NULL},
};

const struct hv_cmd cmd_card = {
    .name = "card",
    .usage = "card [-o FILE.pdf|FILE.html] | card suggest | card take N | "
             "card add PART WORDS... | card remove PART N",
    .summary = "a card for your partner: what sets off your alarm and what helps",
    .help = "  (none)                 print the card as it is\n"
            "  -o, --output FILE      write it as one page, FILE ending in .pdf or .html\n"
            "  suggest                ideas from your journal and practices (none is on the\n"
            "                         card until you take it)\n"
            "  take N                 put idea N of `suggest` on the card\n"
            "  add PART WORDS...      put your own words on the card under PART\n"
            "  remove PART N          take item N of PART off the card\n"
            "  --json                 the card (or the ideas) as JSON\n\n"
            "The parts: alarm (what sets off my alarm), helps (what helps me settle),\n"
            "working_on (what I am working on), ask (what I'd love you to do),\n"
            "agreements (what we have agreed together). At most 8 items each, so the card\n"
            "stays one page. Only what you put on the card is ever shown on it.",
    .args = &(const struct cli_argspec){.opts = top_opts,
                                        .in_order = 1,
                                        .store = CLI_STORE_OPEN,
                                        .unknown_sub = "unknown subcommand",
                                        .check = top_check,
                                        .run = top,
                                        .subs = subs},
};
