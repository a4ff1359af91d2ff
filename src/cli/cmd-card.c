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

static int show(struct hv_cli *cli, const char *out)
{
	if (out) {
		int status = cli_output_writable(&cmd_card, out);
		struct hv_error err;
		if (status == HV_EXIT_OK && hv_doc_format_of(out, &err) < 0)
			status = cli_usage(&cmd_card, "%s", err.msg);
		if (status != HV_EXIT_OK)
			return status;
	}
	struct hv_store *st = cli_store(cli);
	if (!st)
		return HV_EXIT_FAIL;
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

static int add(struct hv_cli *cli, struct hv_store *st, int argc, char **argv)
{
	char *text = joined(argc, argv, 2);
	if (!text)
		return HV_EXIT_FAIL;
	json_t *notice = cli_crisis_field(cli, HV_CARD_KIND, argv[1], text, strlen(text));
	struct hv_error err;
	int rc = hv_card_add(st, argv[1], text, &err);
	if (rc == 0 && cli->json) {
		json_t *out = json_pack("{s:s,s:s}", "section", argv[1], "text", text);
		cli_add_crisis(out, notice);
		free(text);
		return cli_print_json(out);
	}
	if (rc == 0)
		said(cli, w("cli/added"), argv[1], text);
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

/* The subcommands that change the card or offer ideas. */
static int change(struct hv_cli *cli, int argc, char **argv)
{
	const char *sub = argv[0];
	int want = !strcmp(sub, "suggest")  ? 1
	           : !strcmp(sub, "take")   ? 2
	           : !strcmp(sub, "remove") ? 3
	                                    : 0;
	if (!strcmp(sub, "add") ? argc < 3 : argc != want)
		return cli_usage(&cmd_card, "%s: see `haven help card` for what it takes", sub);
	struct hv_store *st = cli_store(cli);
	if (!st)
		return HV_EXIT_FAIL;
	if (!strcmp(sub, "suggest"))
		return suggest(cli, st);
	if (!strcmp(sub, "take"))
		return take(cli, st, argv[1]);
	if (!strcmp(sub, "add"))
		return add(cli, st, argc, argv);
	return remove_item(cli, st, argv[1], argv[2]);
}

static int run(struct hv_cli *cli, int argc, char **argv)
{
	const char *out = NULL;
	int i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--json"))
			cli->json = 1;
		else if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) {
			if (++i == argc)
				return cli_usage(&cmd_card, "%s needs a file name", argv[i - 1]);
			out = argv[i];
		} else
			return cli_usage(&cmd_card, "unknown option %s", argv[i]);
	}
	if (i == argc)
		return show(cli, out);
	const char *sub = argv[i];
	if (out)
		return cli_usage(&cmd_card, "-o writes the card: give it without \"%s\"", sub);
	if (strcmp(sub, "suggest") && strcmp(sub, "take") && strcmp(sub, "add") &&
	    strcmp(sub, "remove"))
		return cli_usage(&cmd_card, "unknown subcommand \"%s\"", sub);
	return change(cli, argc - i, argv + i);
}

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
    .run = run,
};
