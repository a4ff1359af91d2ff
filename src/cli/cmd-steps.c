/*
 * cmd-steps.c — `haven steps`: small steps, at the person's own pace.  The
 * alone-time ladder (rungs of time apart, each try rated before and after),
 * small acts of care, and one small change a week, chosen once and looked
 * back on at the week's end.  The library keeps and checks them
 * (growth/steps.h); this file reads flags and prints.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/clock.h"
#include "core/content.h"
#include "core/template.h"
#include "growth/steps.h"

extern const struct hv_cmd cmd_steps;

static const char *msg(const char *key)
{
	return hv_content_text("steps.json", key, "");
}

/* Print the data's words at key with its slots filled, then a newline. */
static void say(const char *key, const char *const *kv)
{
	char *line = hv_template_fill(msg(key), kv);
	cli_wrap(0, line ? line : "");
	printf("\n");
	free(line);
}

/* A whole number from lo to hi, or -1 (the caller names the flag). */
static int number(const char *s, int lo, int hi)
{
	char *end;
	errno = 0;
	long n = strtol(s, &end, 10);
	return (!*s || *end || errno || n < lo || n > hi) ? -1 : (int)n;
}

/* One saved record: its JSON with --json, else the data's sentence. */
static int saved(struct hv_cli *cli, struct hv_record *r, const char *key, json_t *crisis)
{
	int rc = HV_EXIT_OK;
	if (cli->json) {
		rc = cli_print_record(r, crisis);
	} else {
		char id[9];
		snprintf(id, sizeof id, "%.8s", r->id);
		const char *kv[] = {"id", id, NULL};
		say(key, kv);
	}
	hv_record_release(r);
	json_decref(crisis);
	return rc;
}

/* ---- the ladder ------------------------------------------------------------ */

static void print_rung(struct hv_cli *cli, const json_t *s)
{
	char lvl[8], id[9];
	snprintf(lvl, sizeof lvl, "%lld",
	         (long long)json_integer_value(json_object_get(s, "level")));
	snprintf(id, sizeof id, "%.8s", json_string_value(json_object_get(s, "id")));
	const char *kv[] = {"level", lvl, NULL};
	char *head = hv_template_fill(msg("step_line"), kv);
	printf("%s%s%s  %-8s ", cli_accent(cli), id, cli_reset(cli), head ? head : lvl);
	free(head);
	cli_wrap_words(19, 19, json_string_value(json_object_get(s, "what")));
	printf("\n%19s%s", "", cli_dim(cli));
	const json_t *last = json_object_get(s, "last");
	json_int_t n = json_integer_value(json_object_get(s, "tries"));
	if (!json_is_object(last)) {
		printf("%s", msg("never_tried"));
	} else {
		char t[16], b[8], a[8], d[16];
		snprintf(t, sizeof t, "%lld", (long long)n);
		snprintf(b, sizeof b, "%lld",
		         (long long)json_integer_value(json_object_get(last, "before")));
		snprintf(a, sizeof a, "%lld",
		         (long long)json_integer_value(json_object_get(last, "after")));
		snprintf(d, sizeof d, "%.1f", json_number_value(json_object_get(s, "mean_drop")));
		const char *kv2[] = {"n", t, "before", b, "after", a, "drop", d, NULL};
		char *line = hv_template_fill(msg(n == 1 ? "tried_once" : "tried"), kv2);
		char *drop = hv_template_fill(msg("mean_drop"), kv2);
		char both[512];
		snprintf(both, sizeof both, "%s; %s", line ? line : "", drop ? drop : "");
		cli_wrap_words(19, 19, both);
		free(line);
		free(drop);
	}
	printf("%s\n", cli_reset(cli));
}

static void print_ladder(struct hv_cli *cli, const json_t *ladder)
{
	printf("%s%s%s\n", cli_bold(cli), msg("ladder_title"), cli_reset(cli));
	if (json_array_size(ladder) == 0) {
		say("ladder_empty", NULL);
		return;
	}
	size_t i;
	json_t *s;
	json_array_foreach(ladder, i, s) print_rung(cli, s);
}

static int ladder_add(struct hv_cli *cli, struct hv_store *st, int argc, char **argv)
{
	const char *what = NULL;
	int level = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--level")) {
			if (i + 1 >= argc || (level = number(argv[++i], 1, HV_STEP_LEVELS)) < 0)
				return cli_usage(&cmd_steps,
				                 "--level must be a whole number from 1 to %d",
				                 HV_STEP_LEVELS);
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return cli_usage(&cmd_steps, "unknown option %s", argv[i]);
		} else if (what) {
			return cli_usage(&cmd_steps, "give the step as one argument, in quotes");
		} else {
			what = argv[i];
		}
	}
	if (!what)
		return cli_usage(&cmd_steps, "steps ladder add needs the step, in quotes");
	json_t *crisis = cli_crisis_argv(cli, HV_ALONE_STEP_KIND, argc - 1, argv + 1);
	struct hv_record r;
	struct hv_error err;
	if (hv_ladder_add(st, what, level, &r, &err) < 0) {
		json_decref(crisis);
		return cli_error(cli, &err);
	}
	return saved(cli, &r, "step_added", crisis);
}

static int ladder_try(struct hv_cli *cli, struct hv_store *st, int argc, char **argv)
{
	if (argc < 2 || argv[1][0] == '-')
		return cli_usage(&cmd_steps, "steps ladder try needs the id of a step");
	int before = -2, after = -2;
	const char *note = NULL;
	for (int i = 2; i < argc; i++) {
		int *to = !strcmp(argv[i], "--before")  ? &before
		          : !strcmp(argv[i], "--after") ? &after
		                                        : NULL;
		if (!to && strcmp(argv[i], "--note"))
			return cli_usage(&cmd_steps, "unknown option %s", argv[i]);
		if (i + 1 >= argc)
			return cli_usage(&cmd_steps, "%s needs a value", argv[i]);
		if (!to)
			note = argv[++i];
		else if ((*to = number(argv[i + 1], 0, 10)) < 0)
			return cli_usage(&cmd_steps,
			                 "%s must be a whole number from 0 to 10, not \"%s\"",
			                 argv[i], argv[i + 1]);
		else
			i++;
	}
	if (before < 0 || after < 0)
		return cli_usage(&cmd_steps,
		                 "rate the try with --before N and --after N (0 to 10)");
	json_t *crisis = cli_crisis_argv(cli, HV_ALONE_TRY_KIND, argc - 1, argv + 1);
	struct hv_record r;
	struct hv_error err;
	if (hv_ladder_try(st, argv[1], before, after, note, &r, &err) < 0) {
		json_decref(crisis);
		return cli_error(cli, &err);
	}
	return saved(cli, &r, "try_kept", crisis);
}

static int ladder(struct hv_cli *cli, int argc, char **argv)
{
	struct hv_store *st = cli_store(cli);
	if (!st)
		return HV_EXIT_FAIL;
	struct hv_error err;
	if (argc >= 2 && !strcmp(argv[1], "add"))
		return ladder_add(cli, st, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "try"))
		return ladder_try(cli, st, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "remove")) {
		if (argc != 3)
			return cli_usage(&cmd_steps,
			                 "steps ladder remove needs the id of one step");
		if (hv_ladder_remove(st, argv[2], &err) < 0)
			return cli_error(cli, &err);
		if (cli->json)
			return cli_print_json(json_pack("{s:b}", "removed", 1));
		const char *kv[] = {"id", argv[2], NULL};
		say("step_removed", kv);
		return HV_EXIT_OK;
	}
	if (argc > 1)
		return cli_usage(&cmd_steps, "unknown ladder command \"%s\"", argv[1]);
	json_t *l = hv_ladder(st, &err);
	if (!l)
		return cli_error(cli, &err);
	if (cli->json)
		return cli_print_json(l);
	print_ladder(cli, l);
	json_decref(l);
	return HV_EXIT_OK;
}

/* ---- acts of care ------------------------------------------------------------ */

static void print_care(struct hv_cli *cli, const json_t *list)
{
	printf("%s%s%s\n", cli_bold(cli), msg("care_title"), cli_reset(cli));
	if (json_array_size(list) == 0)
		say("care_empty", NULL);
	size_t i;
	json_t *r;
	int64_t now = hv_now_ms();
	json_array_foreach(list, i, r)
	{
		const json_t *b = json_object_get(r, "body");
		int64_t ms;
		int off;
		char when[48], path[32];
		hv_parse_rfc3339(json_string_value(json_object_get(r, "created")), &ms, &off);
		cli_format_when(ms, off, now, when, sizeof when);
		snprintf(path, sizeof path, "for/%s", json_string_value(json_object_get(b, "for")));
		printf("  %-17s ", when);
		int col = cli_wrap_words(20, 20, json_string_value(json_object_get(b, "what")));
		char tag[64];
		snprintf(tag, sizeof tag, "  (%s)", hv_content_text("steps.json", path, ""));
		printf("%s", cli_dim(cli));
		cli_wrap_words(col, 20, tag);
		printf("%s\n", cli_reset(cli));
	}
}

static int care(struct hv_cli *cli, int argc, char **argv)
{
	const char *what = NULL, *whom = "self";
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--for")) {
			if (i + 1 >= argc ||
			    (strcmp(argv[i + 1], "self") && strcmp(argv[i + 1], "others")))
				return cli_usage(&cmd_steps, "--for must be self or others");
			whom = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return cli_usage(&cmd_steps, "unknown option %s", argv[i]);
		} else if (what) {
			return cli_usage(&cmd_steps,
			                 "give the act of care as one argument, in quotes");
		} else {
			what = argv[i];
		}
	}
	struct hv_store *st = cli_store(cli);
	if (!st)
		return HV_EXIT_FAIL;
	struct hv_error err;
	if (!what) {
		json_t *list = hv_care_list(st, 0, &err);
		if (!list)
			return cli_error(cli, &err);
		if (cli->json)
			return cli_print_json(list);
		print_care(cli, list);
		json_decref(list);
		return HV_EXIT_OK;
	}
	json_t *crisis = cli_crisis_argv(cli, HV_CARE_KIND, argc - 1, argv + 1);
	struct hv_record r;
	if (hv_care_add(st, what, whom, &r, &err) < 0) {
		json_decref(crisis);
		return cli_error(cli, &err);
	}
	return saved(cli, &r, "care_kept", crisis);
}

/* ---- the week's change ---------------------------------------------------------- */

static void print_week(struct hv_cli *cli, const json_t *rec, const char *this_week)
{
	const json_t *b = json_object_get(rec, "body");
	const char *week = json_string_value(json_object_get(b, "week"));
	const char *kv[] = {"week", week, NULL};
	char *head = hv_template_fill(msg(!strcmp(week, this_week) ? "week_this" : "week_of"), kv);
	printf("  %s%s%s: ", cli_bold(cli), head ? head : week, cli_reset(cli));
	free(head);
	cli_wrap_words(4, 4, json_string_value(json_object_get(b, "change")));
	const char *kept = json_string_value(json_object_get(b, "kept"));
	char path[32];
	snprintf(path, sizeof path, "kept/%s", kept ? kept : "");
	printf("\n    %s%s%s\n", cli_dim(cli),
	       kept ? hv_content_text("steps.json", path, kept) : msg("not_checked"),
	       cli_reset(cli));
	const char *note = json_string_value(json_object_get(b, "note"));
	if (note) {
		printf("    ");
		cli_wrap_words(4, 4, note);
		printf("\n");
	}
}

/* The --week and --note flags and the one word of the rest. */
static int week_flags(int argc, char **argv, const char **week, const char **note,
                      const char **word)
{
	for (int i = 1; i < argc; i++) {
		const char **to = !strcmp(argv[i], "--week")           ? week
		                  : !strcmp(argv[i], "--note") && note ? note
		                                                       : NULL;
		if (to) {
			if (i + 1 >= argc)
				return cli_usage(&cmd_steps, "%s needs a value", argv[i]);
			*to = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return cli_usage(&cmd_steps, "unknown option %s", argv[i]);
		} else if (*word) {
			return cli_usage(&cmd_steps, "give it as one argument, in quotes");
		} else {
			*word = argv[i];
		}
	}
	if (*week && !hv_week_valid(*week))
		return cli_usage(&cmd_steps, "--week must be a Monday, YYYY-MM-DD, not \"%s\"",
		                 *week);
	return 0;
}

static int week_write(struct hv_cli *cli, struct hv_store *st, int argc, char **argv, int check)
{
	const char *wk = NULL, *note = NULL, *word = NULL;
	int rc = week_flags(argc, argv, &wk, check ? &note : NULL, &word);
	if (rc)
		return rc;
	if (!word)
		return cli_usage(&cmd_steps, check ? "steps week check needs yes, partly or no"
		                                   : "steps week set needs the change, in quotes");
	if (check && strcmp(word, "yes") && strcmp(word, "partly") && strcmp(word, "no"))
		return cli_usage(&cmd_steps, "steps week check takes yes, partly or no, not \"%s\"",
		                 word);
	json_t *crisis = cli_crisis_argv(cli, HV_WEEK_CHANGE_KIND, argc - 1, argv + 1);
	struct hv_record r;
	struct hv_error err;
	if ((check ? hv_week_check(st, wk, word, note, hv_now_ms(), &r, &err)
	           : hv_week_set(st, wk, word, hv_now_ms(), &r, &err)) < 0) {
		json_decref(crisis);
		return cli_error(cli, &err);
	}
	return saved(cli, &r, check ? "week_checked" : "week_set", crisis);
}

static int week(struct hv_cli *cli, int argc, char **argv)
{
	struct hv_store *st = cli_store(cli);
	if (!st)
		return HV_EXIT_FAIL;
	if (argc >= 2 && !strcmp(argv[1], "set"))
		return week_write(cli, st, argc - 1, argv + 1, 0);
	if (argc >= 2 && !strcmp(argv[1], "check"))
		return week_write(cli, st, argc - 1, argv + 1, 1);
	if (argc > 1)
		return cli_usage(&cmd_steps, "unknown week command \"%s\"", argv[1]);
	struct hv_error err;
	json_t *all = hv_steps_overview(st, hv_now_ms(), &err);
	if (!all)
		return cli_error(cli, &err);
	if (cli->json) {
		int rc = cli_print_json(json_incref(json_object_get(all, "weeks")));
		json_decref(all);
		return rc;
	}
	printf("%s%s%s\n", cli_bold(cli), msg("week_title"), cli_reset(cli));
	const json_t *weeks = json_object_get(all, "weeks");
	if (json_array_size(weeks) == 0)
		say("weeks_empty", NULL);
	size_t i;
	json_t *x;
	json_array_foreach(weeks, i, x) print_week(cli, x, cli_str(all, "this_week"));
	json_decref(all);
	return HV_EXIT_OK;
}

/* ---- everything at once ---------------------------------------------------------- */

static int overview(struct hv_cli *cli)
{
	struct hv_store *st = cli_store(cli);
	if (!st)
		return HV_EXIT_FAIL;
	struct hv_error err;
	json_t *all = hv_steps_overview(st, hv_now_ms(), &err);
	if (!all)
		return cli_error(cli, &err);
	if (cli->json)
		return cli_print_json(all);
	print_ladder(cli, json_object_get(all, "ladder"));
	printf("\n");
	print_care(cli, json_object_get(all, "care"));
	printf("\n%s%s%s\n", cli_bold(cli), msg("week_title"), cli_reset(cli));
	const json_t *now = json_object_get(all, "week");
	if (json_is_object(now))
		print_week(cli, now, cli_str(all, "this_week"));
	else
		say("week_none", NULL);
	json_decref(all);
	return HV_EXIT_OK;
}

static int run(struct hv_cli *cli, int argc, char **argv)
{
	if (argc == 1)
		return overview(cli);
	if (!strcmp(argv[1], "ladder"))
		return ladder(cli, argc - 1, argv + 1);
	if (!strcmp(argv[1], "care"))
		return care(cli, argc - 1, argv + 1);
	if (!strcmp(argv[1], "week"))
		return week(cli, argc - 1, argv + 1);
	return cli_usage(&cmd_steps, "unknown steps command \"%s\"", argv[1]);
}

const struct hv_cmd cmd_steps = {
    .name = "steps",
    .usage = "steps [ladder [add \"STEP\" [--level N] | try ID --before N --after N [--note T] | "
             "remove ID] | care [\"WHAT\" [--for self|others]] | week [set \"CHANGE\" | check "
             "yes|partly|no [--note T]] [--week YYYY-MM-DD]]",
    .summary = "small steps: time apart, acts of care, one change a week",
    .help = "  haven steps                        the ladder, recent care, this week's change\n"
            "  haven steps ladder                 the alone-time ladder, lowest step first\n"
            "  haven steps ladder add \"STEP\"      add a step of time apart (--level N)\n"
            "  haven steps ladder try ID --before N --after N\n"
            "                                     rate a try, 0 to 10 (--note \"TEXT\")\n"
            "  haven steps ladder remove ID       take a step off (its tries stay)\n"
            "  haven steps care \"WHAT\"            keep an act of care (--for self|others)\n"
            "  haven steps care                   every act of care, newest first\n"
            "  haven steps week set \"CHANGE\"      choose this week's one small change\n"
            "  haven steps week check yes|partly|no\n"
            "                                     look back on it (--note \"TEXT\")\n"
            "  haven steps week                   every week's change, newest first\n\n"
            "--week YYYY-MM-DD (a Monday) names another week.  A week's change is chosen\n"
            "once.  --json prints records.",
    .run = run,
};
