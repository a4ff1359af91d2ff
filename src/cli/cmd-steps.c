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

#include "args.h"
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

static int ladder_add_check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *lv = cli_arg(a, "--level");
	int level = lv ? number(lv, 1, HV_STEP_LEVELS) : 0;
	if (level < 0)
		return cli_usage(&cmd_steps, "--level must be a whole number from 1 to %d",
		                 HV_STEP_LEVELS);
	*cli_arg_num(a, "--level") = level;
	if (a->argc > 1)
		return cli_usage(&cmd_steps, "give the step as one argument, in quotes");
	if (a->argc == 0)
		return cli_usage(&cmd_steps, "steps ladder add needs the step, in quotes");
	return 0;
}

/* Help came first (the spec's crisis_kind), before the step was checked or kept. */
static int ladder_add(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_record r;
	struct hv_error err;
	if (hv_ladder_add(a->store, a->argv[0], (int)*cli_arg_num(a, "--level"), &r, &err) < 0)
		return cli_error(cli, &err);
	return saved(cli, &r, "step_added", json_incref(a->crisis));
}

/* --before and --after: each a whole number from 0 to 10, kept in its slot. */
static int rating(struct cli_args *a, const char *flag)
{
	const char *v = cli_arg(a, flag);
	int n = number(v, 0, 10);
	if (n < 0)
		return cli_usage(&cmd_steps, "%s must be a whole number from 0 to 10, not \"%s\"",
		                 flag, v);
	*cli_arg_num(a, flag) = n;
	return 0;
}

static int ladder_try_check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	int rc;
	if (a->argc == 0)
		return cli_usage(&cmd_steps, "steps ladder try needs the id of a step");
	if (a->argc > 1)
		return cli_usage(&cmd_steps, "unexpected \"%s\"", a->argv[1]);
	if ((cli_flag(a, "--before") && (rc = rating(a, "--before")) != 0) ||
	    (cli_flag(a, "--after") && (rc = rating(a, "--after")) != 0))
		return rc;
	if (!cli_flag(a, "--before") || !cli_flag(a, "--after"))
		return cli_usage(&cmd_steps,
		                 "rate the try with --before N and --after N (0 to 10)");
	return 0;
}

static int ladder_try(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_record r;
	struct hv_error err;
	if (hv_ladder_try(a->store, a->argv[0], (int)*cli_arg_num(a, "--before"),
	                  (int)*cli_arg_num(a, "--after"), cli_arg(a, "--note"), &r, &err) < 0)
		return cli_error(cli, &err);
	return saved(cli, &r, "try_kept", json_incref(a->crisis));
}

static int ladder_remove_check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	return a->argc != 1 ? cli_usage(&cmd_steps, "steps ladder remove needs the id of one step")
	                    : 0;
}

static int ladder_remove(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_error err;
	if (hv_ladder_remove(a->store, a->argv[0], &err) < 0)
		return cli_error(cli, &err);
	if (cli->json)
		return cli_print_json(json_pack("{s:b}", "removed", 1));
	const char *kv[] = {"id", a->argv[0], NULL};
	say("step_removed", kv);
	return HV_EXIT_OK;
}

static int ladder(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_error err;
	json_t *l = hv_ladder(a->store, &err);
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
		char when[48], path[32];
		cli_when_of(r, "created", now, when, sizeof when);
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

static int care_check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *whom = cli_arg(a, "--for");
	if (whom && strcmp(whom, "self") && strcmp(whom, "others"))
		return cli_usage(&cmd_steps, "--for must be self or others");
	if (a->argc > 1)
		return cli_usage(&cmd_steps, "give the act of care as one argument, in quotes");
	return 0;
}

/* With words, an act of care kept (help came first, the spec's
 * crisis_kind); without, every one so far. */
static int care(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_error err;
	const char *whom = cli_arg(a, "--for");
	if (a->argc == 0) {
		json_t *list = hv_care_list(a->store, 0, &err);
		if (!list)
			return cli_error(cli, &err);
		if (cli->json)
			return cli_print_json(list);
		print_care(cli, list);
		json_decref(list);
		return HV_EXIT_OK;
	}
	struct hv_record r;
	if (hv_care_add(a->store, a->argv[0], whom ? whom : "self", &r, &err) < 0)
		return cli_error(cli, &err);
	return saved(cli, &r, "care_kept", json_incref(a->crisis));
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

/* week set's and week check's variant in their specs. */
enum { WEEK_SET, WEEK_CHECK };

/* set's change or check's word, one argument, and --week a Monday. */
static int week_words(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	int check = a->spec->variant == WEEK_CHECK;
	const char *wk = cli_arg(a, "--week");
	if (a->argc > 1)
		return cli_usage(&cmd_steps, "give it as one argument, in quotes");
	if (wk && !hv_week_valid(wk))
		return cli_usage(&cmd_steps, "--week must be a Monday, YYYY-MM-DD, not \"%s\"", wk);
	if (a->argc == 0)
		return cli_usage(&cmd_steps, check ? "steps week check needs yes, partly or no"
		                                   : "steps week set needs the change, in quotes");
	const char *word = a->argv[0];
	if (check && strcmp(word, "yes") && strcmp(word, "partly") && strcmp(word, "no"))
		return cli_usage(&cmd_steps, "steps week check takes yes, partly or no, not \"%s\"",
		                 word);
	return 0;
}

/* Help came first (the spec's crisis_kind), before the words were checked or kept. */
static int week_write(struct hv_cli *cli, struct cli_args *a)
{
	int check = a->spec->variant == WEEK_CHECK;
	const char *wk = cli_arg(a, "--week"), *word = a->argv[0];
	struct hv_record r;
	struct hv_error err;
	if ((check ? hv_week_check(a->store, wk, word, cli_arg(a, "--note"), hv_now_ms(), &r, &err)
	           : hv_week_set(a->store, wk, word, hv_now_ms(), &r, &err)) < 0)
		return cli_error(cli, &err);
	return saved(cli, &r, check ? "week_checked" : "week_set", json_incref(a->crisis));
}

static int week(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_store *st = a->store;
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

static int overview(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_store *st = a->store;
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

static const struct cli_argdef no_opts[] = {CLI_END};
#define STEPS_SPEC(o, c, r, kind)                                                                  \
	&(const struct cli_argspec)                                                                \
	{                                                                                          \
		.opts = (o), .store = CLI_STORE_OPEN, .check = (c), .run = (r),                    \
		.crisis_kind = (kind)                                                              \
	}
static const struct cli_sub ladder_subs[] = {
    {"add", STEPS_SPEC(((const struct cli_argdef[]){CLI_VALUE("--level", 0), CLI_END}),
                       ladder_add_check, ladder_add, HV_ALONE_STEP_KIND)},
    {"try",
     STEPS_SPEC(((const struct cli_argdef[]){CLI_VALUE("--before", 0), CLI_VALUE("--after", 0),
                                             CLI_VALUE("--note", 0), CLI_END}),
                ladder_try_check, ladder_try, HV_ALONE_TRY_KIND)},
    {"remove", STEPS_SPEC(no_opts, ladder_remove_check, ladder_remove, NULL)},
    {NULL, NULL},
};
#define WEEK_SPEC(o, v)                                                                            \
	&(const struct cli_argspec)                                                                \
	{                                                                                          \
		.opts = (o), .store = CLI_STORE_OPEN, .check = week_words, .run = week_write,      \
		.crisis_kind = HV_WEEK_CHANGE_KIND, .variant = (v)                                 \
	}
static const struct cli_sub week_subs[] = {
    {"set", WEEK_SPEC(((const struct cli_argdef[]){CLI_VALUE("--week", 0), CLI_END}), WEEK_SET)},
    {"check", WEEK_SPEC(((const struct cli_argdef[]){CLI_VALUE("--week", 0), CLI_VALUE("--note", 0),
                                                     CLI_END}),
                        WEEK_CHECK)},
    {NULL, NULL},
};
#define STEPS_LIST(unknown, r, s)                                                                  \
	&(const struct cli_argspec)                                                                \
	{                                                                                          \
		.opts = no_opts, .in_order = 1, .store = CLI_STORE_OPEN, .unknown_sub = (unknown), \
		.run = (r), .subs = (s)                                                            \
	}
static const struct cli_sub subs[] = {
    {"ladder", STEPS_LIST("unknown ladder command", ladder, ladder_subs)},
    {"care", STEPS_SPEC(((const struct cli_argdef[]){CLI_VALUE("--for", 0), CLI_END}), care_check,
                        care, HV_CARE_KIND)},
    {"week", STEPS_LIST("unknown week command", week, week_subs)},
    {NULL, NULL},
};

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
    .args = STEPS_LIST("unknown steps command", overview, subs),
};
