/*
 * cmd-checkin.c — `haven checkin N [--note TEXT]`: rate how much distress
 * is in you right now, 0 to 10, in one command; `haven checkin --list`
 * shows the recent ones.  The record and its checks are the library's
 * (src/checkin), shared with the web app's Today page.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/checkin.h"
#include "cli.h"
#include "core/clock.h"
#include "core/content.h"

extern const struct hv_cmd cmd_checkin;

#define WORDS "checkin.json"

static const char *words(const char *path)
{
	return hv_content_text(WORDS, path, "");
}

static int list(struct hv_cli *cli, int64_t since, long limit)
{
	struct hv_store *st = cli_store(cli);
	if (!st)
		return HV_EXIT_FAIL;
	struct hv_error err;
	json_t *items = hv_checkin_list(st, since, limit, &err);
	if (!items)
		return cli_error(cli, &err);
	if (cli->json)
		return cli_print_json(items);
	if (json_array_size(items) == 0) {
		printf("%s\n", words("empty"));
		json_decref(items);
		return HV_EXIT_OK;
	}
	printf("%s%s%s\n", cli_bold(cli), words("list_title"), cli_reset(cli));
	int64_t now = hv_now_ms();
	size_t i;
	json_t *rec;
	json_array_foreach(items, i, rec) {
		int64_t ms;
		int off;
		char when[48];
		hv_parse_rfc3339(json_string_value(json_object_get(rec, "created")), &ms, &off);
		cli_format_when(ms, off, now, when, sizeof when);
		const json_t *body = json_object_get(rec, "body");
		const char *note = json_string_value(json_object_get(body, "note"));
		printf("  %-20s %s%2lld/10%s  ", when, cli_bold(cli),
		       (long long)json_integer_value(json_object_get(body, "distress")),
		       cli_reset(cli));
		cli_put_words(note, 1);
		printf("\n");
	}
	json_decref(items);
	return HV_EXIT_OK;
}

static int save(struct hv_cli *cli, const char *rating, const char *note, int64_t at,
                json_t *crisis)
{
	long n;
	if (cli_parse_int(&cmd_checkin, "distress", rating, 0, 10, &n) < 0)
		return HV_EXIT_USAGE;
	json_t *body = json_pack("{s:I}", "distress", (json_int_t)n);
	if (note)
		json_object_set_new(body, "note", hv_json_text(note));
	struct hv_store *st = cli_store(cli);
	if (!st) {
		json_decref(body);
		return HV_EXIT_FAIL;
	}
	struct hv_error err;
	struct hv_record r;
	int rc;
	if (hv_checkin_add(st, body, at, &r, &err) < 0) {
		rc = cli_error(cli, &err);
	} else if (cli->json) {
		rc = cli_print_record(&r, crisis);
		hv_record_release(&r);
	} else {
		printf("%s %s(%.8s)%s\n", words("saved"), cli_dim(cli), r.id, cli_reset(cli));
		/* After help, no tip for taking the edge off: the help is the tip. */
		const json_t *high = json_object_get(hv_content_json(WORDS, NULL), "high_from");
		if (!crisis && json_is_integer(high) && n >= json_integer_value(high))
			printf("%s\n", words("high"));
		hv_record_release(&r);
		rc = HV_EXIT_OK;
	}
	json_decref(body);
	return rc;
}

/* No number given on a terminal: ask for it, as the web app's Today page does. */
static int ask_and_save(struct hv_cli *cli, const char *note, int64_t at, json_t *crisis)
{
	printf("%s", cli_bold(cli));
	cli_wrap(0, words("question"));
	printf("%s\n%s", cli_reset(cli), cli_dim(cli));
	int col = cli_wrap(0, words("hint"));
	col = cli_wrap(col, " ");
	cli_wrap(col, words("skip"));
	printf("%s\n", cli_reset(cli));
	for (;;) {
		char *a = cli_ask("0-10> ");
		if (!a || !*a) {
			free(a);
			printf("%s\n", words("left"));
			return HV_EXIT_OK;
		}
		char *end;
		long v = strtol(a, &end, 10);
		if (end != a && *end == '\0' && v >= 0 && v <= 10) {
			int rc = save(cli, a, note, at, crisis);
			free(a);
			return rc;
		}
		free(a);
		cli_wrap(0, words("again"));
		printf("\n");
	}
}

static int run_checked(struct hv_cli *cli, int argc, char **argv, json_t *crisis)
{
	enum { O_NOTE = 1000, O_LIST, O_AT, O_SINCE, O_LIMIT };
	static const struct option opts[] = {
	    {"note", required_argument, NULL, O_NOTE},   {"list", no_argument, NULL, O_LIST},
	    {"at", required_argument, NULL, O_AT},       {"since", required_argument, NULL, O_SINCE},
	    {"limit", required_argument, NULL, O_LIMIT}, {NULL, 0, NULL, 0},
	};
	const char *note = NULL;
	int listing = 0;
	int64_t at = 0, since = 0;
	long limit = 0;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case O_NOTE: note = optarg; break;
		case O_LIST: listing = 1; break;
		case O_AT:
			if (cli_parse_when(&cmd_checkin, "--at", optarg, &at) < 0)
				return HV_EXIT_USAGE;
			if (at > hv_now_ms() + 60000)
				return cli_usage(&cmd_checkin, "--at is in the future; give when it was");
			break;
		case O_SINCE:
			if (cli_parse_when(&cmd_checkin, "--since", optarg, &since) < 0)
				return HV_EXIT_USAGE;
			break;
		case O_LIMIT:
			if (cli_parse_int(&cmd_checkin, "--limit", optarg, 1, 1000000, &limit) < 0)
				return HV_EXIT_USAGE;
			break;
		case ':': return cli_usage(&cmd_checkin, "%s needs a value", argv[optind - 1]);
		default: return cli_usage(&cmd_checkin, "unknown option %s", cli_bad_option(argv));
		}
	}
	if (listing) {
		if (optind < argc || note || at)
			return cli_usage(&cmd_checkin, "--list takes only --since and --limit");
		return list(cli, since, limit);
	}
	if (since || limit)
		return cli_usage(&cmd_checkin, "--since and --limit go with --list");
	if (optind >= argc && cli->interactive)
		return ask_and_save(cli, note, at, crisis);
	if (optind >= argc)
		return cli_usage(&cmd_checkin,
				 "give your distress right now, 0 to 10, e.g. haven checkin 6");
	if (optind + 1 < argc)
		return cli_usage(&cmd_checkin, "unexpected \"%s\" (quote a note: --note \"...\")",
				 argv[optind + 1]);
	return save(cli, argv[optind], note, at, crisis);
}

static int run(struct hv_cli *cli, int argc, char **argv)
{
	/* The note, and any words written without --note, pass the crisis net
	 * before anything is checked or kept: help first. */
	json_t *crisis = cli_crisis_argv(cli, HV_CHECKIN_KIND, argc - 1, argv + 1);
	int rc = run_checked(cli, argc, argv, crisis);
	json_decref(crisis);
	return rc;
}

const struct hv_cmd cmd_checkin = {
    .name = "checkin",
    .usage = "checkin N [--note TEXT] [--at WHEN] | checkin --list [--since WHEN] [--limit N]",
    .summary = "how are you right now? rate your distress, 0 to 10",
    .help = "  haven checkin N          save how much distress is in you now: 0 (none) to\n"
	    "                           10 (as much as it gets); on a terminal without N,\n"
	    "                           haven asks for it\n"
	    "      --note TEXT          a few words with it\n"
	    "      --at WHEN            when it was (default now)\n"
	    "  haven checkin --list     recent check-ins, newest first\n"
	    "      --since WHEN         only from then on\n"
	    "      --limit N            at most N\n"
	    "      --json               records as JSON",
    .run = run,
};
