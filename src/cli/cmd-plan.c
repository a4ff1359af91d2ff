/*
 * cmd-plan.c — `haven plan`: the setback plan written ahead, for the day
 * the alarm is loud again.  Shown whole: early signs, what helps (with the
 * practices the person's own ratings say helped most), who to reach, what
 * to tell oneself, and the crisis lines of their region, always last and
 * always there.  `haven plan edit` changes it by flags, one list at a time,
 * or on a terminal asks each part in turn.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "core/content.h"
#include "core/template.h"
#include "growth/growth.h"
#include "practice/practice.h"
#include "safety/crisis.h"

extern const struct hv_cmd cmd_plan;

static const char *msg(const char *key)
{
	return json_string_value(
	    json_object_get(json_object_get(hv_content_json("growth.json", NULL), "plan"), key));
}

/* The whole picture: the plan (or null), proposals and the region's lines. */
static json_t *plan_view(struct hv_cli *cli, struct hv_store *st, struct hv_error *err)
{
	json_t *plan = hv_plan_get(st, err);
	if (!plan)
		return NULL;
	json_t *prop = hv_plan_proposals(st, 3, err);
	if (!prop) {
		json_decref(plan);
		return NULL;
	}
	char region[16];
	json_t *notice = hv_crisis_notice(hv_crisis_region(st, region));
	json_t *out = json_pack("{s:o,s:o,s:O}", "plan", plan, "proposals", prop, "crisis_lines",
	                        json_object_get(notice, "resources"));
	json_decref(notice);
	return out;
}

static void section(struct hv_cli *cli, const char *key, const json_t *items, int practices)
{
	printf("\n%s", cli_bold(cli));
	cli_say(msg(key));
	printf("%s", cli_reset(cli));
	if (json_array_size(items) == 0) {
		printf("  %s", cli_dim(cli));
		cli_wrap_hanging(2, 2, msg("empty_part"));
		printf("%s\n", cli_reset(cli));
	}
	size_t i;
	json_t *v;
	json_array_foreach(items, i, v)
	{
		const char *s = json_string_value(v);
		const char *label = practices ? hv_practice_label(s) : NULL;
		printf("  - ");
		cli_wrap_words(4, 4, label ? label : s);
		printf("\n");
	}
}

static void proposals(const json_t *prop)
{
	if (json_array_size(prop) == 0)
		return;
	printf("  ");
	cli_wrap_hanging(2, 2, msg("proposed"));
	printf("\n");
	size_t i;
	json_t *p;
	json_array_foreach(prop, i, p)
	{
		char drop[16], rated[16];
		snprintf(drop, sizeof drop, "%.1f",
		         -json_number_value(json_object_get(p, "mean_change")));
		snprintf(rated, sizeof rated, "%lld",
		         (long long)json_integer_value(json_object_get(p, "rated")));
		const char *kv[] = {"label", cli_str(p, "label"), "drop", drop, "rated", rated,
		                    NULL};
		char *line = hv_template_fill(msg("proposed_item"), kv);
		printf("    ");
		cli_wrap_hanging(4, 4, line ? line : "");
		printf("\n");
		free(line);
	}
}

static void crisis_lines(struct hv_cli *cli, const json_t *res)
{
	printf("\n%s%s%s\n", cli_bold(cli), msg("crisis"), cli_reset(cli));
	char *said = NULL;
	if (asprintf(&said, "%s: %s", msg("emergency"), cli_str(res, "emergency")) < 0)
		said = NULL;
	printf("  ");
	cli_wrap_hanging(2, 4, said ? said : "");
	printf("\n");
	free(said);
	size_t i;
	json_t *line;
	json_array_foreach(json_object_get(res, "lines"), i, line)
	{
		char *one = NULL;
		if (asprintf(&one, "%s: %s", cli_str(line, "name"), cli_str(line, "contact")) < 0)
			one = NULL;
		printf("  ");
		cli_wrap_hanging(2, 4, one ? one : "");
		printf("\n");
		free(one);
	}
}

static void draw(struct hv_cli *cli, const json_t *view)
{
	const json_t *rec = json_object_get(view, "plan");
	const json_t *body = json_object_get(rec, "body");
	printf("%s%s%s\n", cli_bold(cli), msg("title"), cli_reset(cli));
	cli_wrap(0, msg(json_is_null(rec) ? "none" : "intro"));
	printf("\n");
	if (json_is_null(rec)) {
		cli_wrap_lines(msg("start"));
		printf("\n");
	}
	section(cli, "signs", json_object_get(body, "signs"), 0);
	section(cli, "practices", json_object_get(body, "practices"), 1);
	proposals(json_object_get(view, "proposals"));
	section(cli, "people", json_object_get(body, "people"), 0);
	printf("\n%s%s%s\n  ", cli_bold(cli), msg("say"), cli_reset(cli));
	const char *say = json_string_value(json_object_get(body, "say"));
	if (say)
		cli_wrap_words(2, 2, say);
	else
		printf("%s%s%s", cli_dim(cli), msg("empty_part"), cli_reset(cli));
	printf("\n");
	crisis_lines(cli, json_object_get(view, "crisis_lines"));
}

static int show(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_store *st = a->store;
	struct hv_error err;
	json_t *view = plan_view(cli, st, &err);
	if (!view)
		return cli_error(cli, &err);
	if (cli->json)
		return cli_print_json(view);
	draw(cli, view);
	json_decref(view);
	return HV_EXIT_OK;
}

/* The list a flag adds to, made on its first use so a flag replaces the
 * plan's list rather than adding to it. */
static json_t *list_for(json_t *changes, const char *key)
{
	json_t *l = json_object_get(changes, key);
	if (!json_is_array(l)) {
		l = json_array();
		json_object_set_new(changes, key, l);
	}
	return l;
}

static const char *field_of(const char *opt)
{
	static const char *const map[][2] = {{"--sign", "signs"},
	                                     {"--practice", "practices"},
	                                     {"--person", "people"},
	                                     {"--say", "say"}};
	for (size_t i = 0; i < sizeof map / sizeof *map; i++)
		if (!strcmp(opt, map[i][0]))
			return map[i][1];
	return NULL;
}

/* Each flag's value into the changes the parser holds, in the order given:
 * a list flag's first use replaces the list, --clear empties a part. */
static int take(struct cli_args *a, const struct cli_argdef *opt, const char *value)
{
	if (!a->body)
		a->body = json_object();
	if (!strcmp(opt->name, "--clear")) {
		if (strcmp(value, "signs") && strcmp(value, "practices") &&
		    strcmp(value, "people") && strcmp(value, "say"))
			return cli_usage(&cmd_plan,
			                 "--clear needs signs, practices, people or say");
		json_object_set_new(a->body, value, json_null());
		return 0;
	}
	const char *field = field_of(opt->name);
	json_t *v = hv_json_text(value);
	if (!strcmp(field, "say"))
		json_object_set_new(a->body, field, v);
	else
		json_array_append_new(list_for(a->body, field), v);
	return 0;
}

/* One part asked on a terminal: its items now, then new ones a line at a
 * time until an empty line; an empty first line keeps the part as it is. */
static int ask_part(struct hv_cli *cli, const json_t *body, const char *key, json_t *changes)
{
	printf("\n%s%s%s\n", cli_bold(cli), msg(key), cli_reset(cli));
	const json_t *now = json_object_get(body, key);
	size_t i;
	json_t *v;
	if (json_is_string(now)) {
		printf("  ");
		cli_put_words(json_string_value(now), 1);
		printf("\n");
	}
	json_array_foreach(now, i, v)
	{
		printf("  - ");
		cli_put_words(json_string_value(v), 1);
		printf("\n");
	}
	printf("%s%s%s\n", cli_dim(cli), msg(strcmp(key, "say") ? "ask_list" : "ask_say"),
	       cli_reset(cli));
	json_t *items = json_array();
	for (;;) {
		char *line = cli_ask("> ");
		if (!line) {
			json_decref(items);
			return -1; /* the input ended: nothing is kept */
		}
		int empty = !*line;
		if (!empty)
			json_array_append_new(items, hv_json_text(line));
		free(line);
		if (empty || !strcmp(key, "say"))
			break;
	}
	if (json_array_size(items))
		json_object_set(changes, key,
		                strcmp(key, "say") ? items : json_array_get(items, 0));
	json_decref(items);
	return 0;
}

/* `haven plan edit` on a terminal with no flags: each part asked in turn. */
static int ask_plan(struct hv_cli *cli, struct hv_store *st, json_t *changes)
{
	struct hv_error err;
	json_t *plan = hv_plan_get(st, &err);
	if (!plan)
		return cli_error(cli, &err);
	const json_t *body = json_object_get(plan, "body");
	printf("%s%s%s\n", cli_bold(cli), msg("title"), cli_reset(cli));
	cli_wrap(0, msg("intro"));
	printf("\n%s%s %s%s\n", cli_dim(cli), msg("practices_are"), hv_practice_list(),
	       cli_reset(cli));
	static const char *const parts[] = {"signs", "practices", "people", "say"};
	int rc = HV_EXIT_OK;
	for (size_t i = 0; i < 4 && rc == HV_EXIT_OK; i++)
		if (ask_part(cli, body, parts[i], changes) < 0)
			rc = HV_EXIT_FAIL;
	json_decref(plan);
	if (rc == HV_EXIT_OK && json_object_size(changes) == 0) {
		printf("%s\n", msg("unchanged"));
		rc = -1; /* nothing to write, and nothing wrong */
	}
	return rc;
}

static int edit_asked(struct hv_cli *cli, struct hv_store *st)
{
	json_t *changes = json_object();
	int rc = ask_plan(cli, st, changes);
	json_t *crisis = rc == HV_EXIT_OK ? cli_crisis_body(cli, HV_PLAN_KIND, changes) : NULL;
	struct hv_error err;
	if (rc == HV_EXIT_OK && hv_plan_edit(st, changes, NULL, &err) < 0)
		rc = cli_error(cli, &err);
	else if (rc == HV_EXIT_OK && !crisis) {
		cli_wrap(0, msg("saved"));
		printf("\n");
	}
	json_decref(crisis);
	json_decref(changes);
	return rc < 0 ? HV_EXIT_OK : rc;
}

/* Whether the parts are asked in turn: on a terminal, with no flags. */
static int asks(const struct hv_cli *cli, const struct cli_args *a)
{
	return !a->body && !a->argc && cli->interactive && !cli->json;
}

static int edit_check(struct hv_cli *cli, struct cli_args *a)
{
	if (a->argc)
		return cli_usage(&cmd_plan, "unexpected \"%s\"", a->argv[0]);
	if (!a->body && !asks(cli, a))
		return cli_usage(&cmd_plan,
		                 "plan edit needs --sign, --practice, --person, --say or --clear");
	return 0;
}

/* Help came first (the spec's crisis_kind), before the words were checked or kept. */
static int edit(struct hv_cli *cli, struct cli_args *a)
{
	if (asks(cli, a))
		return edit_asked(cli, a->store);
	struct hv_record r;
	struct hv_error err;
	if (hv_plan_edit(a->store, a->body, &r, &err) < 0)
		return cli_error(cli, &err);
	int rc = HV_EXIT_OK;
	if (cli->json)
		rc = cli_print_record(&r, a->crisis);
	else
		cli_wrap(0, msg("saved")), printf("\n");
	hv_record_release(&r);
	return rc;
}

#define TAKEN(n)                                                                                   \
	{                                                                                          \
		.name = (n), .value = 1, .take = take                                              \
	}
static const struct cli_argdef edit_opts[] = {
    TAKEN("--sign"),
    TAKEN("--practice"),
    TAKEN("--person"),
    TAKEN("--say"),
    {.name = "--clear", .value = 1, .needs = "signs, practices, people or say", .take = take},
    CLI_END,
};
static const struct cli_argdef no_opts[] = {CLI_END};
static const struct cli_sub subs[] = {
    {"edit", &(const struct cli_argspec){.opts = edit_opts,
                                         .store = CLI_STORE_OPEN,
                                         .check = edit_check,
                                         .run = edit,
                                         .crisis_kind = HV_PLAN_KIND}},
    {NULL, NULL},
};

const struct hv_cmd cmd_plan = {
    .name = "plan",
    .usage = "plan [edit [--sign TEXT]... [--practice ID]... [--person TEXT]... [--say TEXT] "
             "[--clear signs|practices|people|say]]",
    .summary = "your setback plan, written ahead for a hard day",
    .help = "  haven plan                        show the plan, with the practices your own\n"
            "                                    ratings say helped most, and your region's\n"
            "                                    crisis lines\n"
            "  haven plan edit                   change it; on a terminal with no flags, each\n"
            "                                    part is asked in turn; each list given\n"
            "                                    replaces that list:\n"
            "    --sign TEXT                     an early sign that a hard patch is starting\n"
            "    --practice ID                   a practice that helps (haven practices)\n"
            "    --person TEXT                   someone to reach, and how\n"
            "    --say TEXT                      what you want to tell yourself\n"
            "    --clear signs|practices|people|say   empty that part\n\n"
            "Repeat a flag for several items: --sign \"...\" --sign \"...\".\n"
            "--json prints {plan, proposals, crisis_lines}; after edit, the plan's record.",
    .args = &(const struct cli_argspec){.opts = no_opts,
                                        .in_order = 1,
                                        .store = CLI_STORE_OPEN,
                                        .unknown_sub = "unknown plan command",
                                        .run = show,
                                        .subs = subs},
};
