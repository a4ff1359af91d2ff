/*
 * cmd-coach.c — `haven coach`: read a draft before it is sent.
 *
 *   haven coach "DRAFT"              what may land as protest, and a rewrite
 *   haven coach --hold 20m "DRAFT"   keep the draft back for a while
 *   haven coach held                 drafts whose hold has passed; keep,
 *                                    rewrite or drop each (asked on a
 *                                    terminal, or with ID --keep|--drop|--rewrite)
 */
#include <stdlib.h>
#include <string.h>

#include "alongside.h"
#include "args.h"
#include "cli.h"
#include "coach/coach.h"
#include "core/clock.h"
#include "core/duration.h"
#include "core/template.h"
#include "core/text.h"
#include "safety/crisis-check.h"

extern const struct hv_cmd cmd_coach;

static const char *msg(const char *key)
{
	char path[64];
	snprintf(path, sizeof path, "messages/%s", key);
	return hv_coach_text(path, "");
}

static const char *heading(const char *type)
{
	if (!strcmp(type, "soft-start-up"))
		return "soft start-up";
	if (!strcmp(type, "break-request"))
		return "asking for a break";
	if (!strcmp(type, "repair"))
		return "repair";
	if (!strcmp(type, "script"))
		return "a script";
	return type;
}

static void print_view(struct hv_cli *cli, const json_t *view)
{
	const json_t *findings = json_object_get(view, "findings");
	if (!json_is_true(json_object_get(view, "protest"))) {
		cli_say(msg("none"));
		return;
	}
	cli_say(msg("protest_intro"));
	printf("\n");
	cli_print_findings(cli, findings, hv_coach_label);
	/* the need each kind found may hide, once per kind */
	json_t *said = json_object();
	size_t fi;
	json_t *f;
	json_array_foreach(findings, fi, f)
	{
		const char *need = json_string_value(json_object_get(f, "need"));
		const char *kind = json_string_value(json_object_get(f, "kind"));
		if (!need || !kind || json_object_get(said, kind))
			continue;
		json_object_set_new(said, kind, json_true());
		const char *kv[] = {"need", need, NULL};
		char *line = hv_template_fill(msg("may_hide"), kv);
		if (line) {
			printf("%s%s:%s ", cli_dim(cli), hv_coach_label(kind), cli_reset(cli));
			cli_wrap_words(hv_text_width(hv_coach_label(kind)) + 2, 2, line);
			printf("\n");
		}
		free(line);
	}
	json_decref(said);
	int said_rewrite = 0, said_templates = 0;
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(view, "suggestions"), i, s)
	{
		const char *type = json_string_value(json_object_get(s, "type"));
		const char *text = json_string_value(json_object_get(s, "text"));
		if (!strcmp(type, "rewrite")) {
			if (!said_rewrite++) {
				printf("\n");
				cli_say(msg("suggest_intro"));
			}
			printf("  ");
			cli_wrap_words(2, 2, text);
			printf("\n");
		} else {
			if (!said_templates++) {
				printf("\n");
				cli_say(msg("templates_intro"));
			}
			printf("  %s%s:%s ", cli_dim(cli), heading(type), cli_reset(cli));
			cli_wrap_words(hv_text_width(heading(type)) + 4, 4, text);
			printf("\n");
		}
	}
}

/*
 * The coach's view, or — when the draft holds crisis language and help has
 * just been shown — one calm line in its place: never a verdict on the
 * wording that could read as "all is well", and no rewrite of words that
 * ask for help.
 */
static void print_view_after(struct hv_cli *cli, const json_t *view, int crisis)
{
	if (crisis)
		cli_say(msg("crisis"));
	else
		print_view(cli, view);
}

/* Show the coach's view of a draft (NULL with err set when it failed). */
static int show(struct hv_cli *cli, json_t *view, const struct hv_error *err, json_t *crisis)
{
	if (!view)
		return cli_error(cli, err);
	if (cli->json) {
		cli_add_crisis(view, json_incref(crisis));
		return cli_print_json(view);
	}
	print_view_after(cli, view, crisis != NULL);
	json_decref(view);
	return HV_EXIT_OK;
}

/* A draft from the command line, read here while the net hears it. */
static int analyse(struct hv_cli *cli, const char *draft, size_t len)
{
	struct hv_error err;
	json_t *view = hv_coach(draft, len, &err);
	json_t *crisis = cli_crisis_heard();
	int rc = show(cli, view, &err, crisis);
	json_decref(crisis);
	return rc;
}

/* A draft from standard input: the crisis net reads it on this thread
 * (help comes first) while the coach reads it on a second. */
static int analyse_alongside(struct hv_cli *cli, const char *draft, size_t len, json_t **crisis)
{
	struct cli_alongside reading;
	cli_alongside_start(&reading, hv_coach, draft, len);
	if (!*crisis)
		*crisis = cli_crisis_field(cli, HV_CRISIS_COACH_INPUT, "draft", draft, len);
	struct hv_error err;
	json_t *view = cli_alongside_finish(&reading, &err);
	return show(cli, view, &err, *crisis);
}

static int hold(struct hv_cli *cli, int64_t ms, const char *draft, json_t *crisis)
{
	/* Only a held draft is kept, so the store is opened here rather than
	 * by the spec: after the crisis notice for the words, which a vault's
	 * passphrase prompt must not come before (help first). */
	struct hv_store *st = cli_store(cli);
	if (!st)
		return HV_EXIT_FAIL;
	struct hv_record r;
	struct hv_error err;
	if (hv_held_add(st, draft, ms, &r, &err) < 0)
		return cli_error(cli, &err);
	int rc = HV_EXIT_OK;
	if (cli->json) {
		rc = cli_print_record(&r, crisis);
	} else {
		char when[48];
		int64_t until = r.created_ms + ms;
		cli_format_when(until, hv_local_offset_min(until), hv_now_ms() - 1, when,
		                sizeof when);
		const char *kv[] = {"until", when, NULL};
		char *line = hv_template_fill(msg("hold_saved"), kv);
		cli_say(line ? line : ""); /* haven coach held lists it, id and all */
		free(line);
	}
	hv_record_release(&r);
	return rc;
}

/* What a decision did, and what can come next (data/coach.json). */
static void say_decided(const char *status)
{
	char path[64];
	snprintf(path, sizeof path, "messages/decided/%s", status);
	cli_wrap(0, hv_coach_text(path, ""));
	printf("\n");
}

/* Ask keep / rewrite / drop for one ready draft on the terminal. */
static void ask_decision(struct hv_cli *cli, struct hv_store *st, const char *id)
{
	cli_say(msg("held_ask"));
	char *a = cli_ask("> ");
	const char *status = NULL;
	char *rewrite = NULL;
	if (a && (a[0] == 'k' || a[0] == 'K'))
		status = "kept";
	else if (a && (a[0] == 'd' || a[0] == 'D'))
		status = "dropped";
	else if (a && (a[0] == 'r' || a[0] == 'R')) {
		rewrite = cli_ask(msg("held_rewrite"));
		if (rewrite && *rewrite) {
			status = "rewritten";
			/* new words pass the crisis net too: help first, before saving */
			json_decref(cli_crisis_words(cli, HV_HELD_KIND, "rewrite", rewrite, NULL));
		}
	}
	struct hv_error err;
	if (status && hv_held_decide(st, id, status, rewrite, NULL, &err) < 0)
		cli_error(cli, &err);
	else if (status)
		say_decided(status);
	else if (a && *a && !strchr("kKrRdD", a[0]))
		cli_say(msg("held_unknown"));
	free(a);
	free(rewrite);
}

/* The decision its options name ("kept"), or NULL for none. */
static const char *decision(const struct cli_args *a)
{
	return cli_flag(a, "--keep")      ? "kept"
	       : cli_flag(a, "--drop")    ? "dropped"
	       : cli_flag(a, "--rewrite") ? "rewritten"
	                                  : NULL;
}

static int held_check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	int given = cli_flag(a, "--keep") + cli_flag(a, "--drop") + cli_flag(a, "--rewrite");
	if (given > 1)
		return cli_usage(&cmd_coach, "choose one of --keep, --rewrite or --drop");
	if (a->argc == 0 && given)
		return cli_usage(&cmd_coach, "give the draft's id first: coach held ID --keep, "
		                             "--rewrite TEXT or --drop");
	if (a->argc > 1)
		return cli_usage(&cmd_coach, "unexpected \"%s\" after the draft id", a->argv[1]);
	if (a->argc == 1 && !given)
		return cli_usage(&cmd_coach,
		                 "say what to do with it: --keep, --rewrite TEXT or --drop");
	return 0;
}

/* New words passed the crisis net before anything was checked or saved
 * (the spec's crisis_kind): help first, even when the command then proves
 * wrong. */
static int decide(struct hv_cli *cli, struct cli_args *a)
{
	const char *status = decision(a);
	struct hv_store *st = a->store;
	json_t *notice = a->crisis;
	struct hv_record r;
	struct hv_error err;
	if (hv_held_decide(st, a->argv[0], status, cli_arg(a, "--rewrite"), &r, &err) < 0)
		return cli_error(cli, &err);
	int rc = HV_EXIT_OK;
	if (cli->json) {
		json_t *out = hv_record_to_json(&r);
		cli_add_crisis(out, json_incref(notice));
		rc = cli_print_json(out);
	} else {
		say_decided(status);
	}
	hv_record_release(&r);
	return rc;
}

static int held(struct hv_cli *cli, struct cli_args *a)
{
	if (a->argc == 1)
		return decide(cli, a);
	struct hv_store *st = a->store;
	struct hv_error err;
	json_t *res = hv_held_ready(st, &err);
	if (!res)
		return cli_error(cli, &err);
	const json_t *ready = json_object_get(res, "ready");
	size_t i;
	json_t *d;
	/* A draft that comes back passes the net again, whatever it said when it
	 * was held: help first, before any draft is shown. */
	json_t *bodies = json_array();
	json_array_foreach(ready, i, d) json_array_append(bodies, json_object_get(d, "body"));
	json_t *crisis = cli_crisis_body(cli, HV_HELD_KIND, bodies);
	json_decref(bodies);
	if (cli->json) {
		cli_add_crisis(res, crisis);
		return cli_print_json(res);
	}
	json_decref(crisis);
	if (json_array_size(ready) == 0)
		cli_say(msg("held_none"));
	json_array_foreach(ready, i, d)
	{
		const json_t *body = json_object_get(d, "body");
		printf("%s%.8s%s  ", cli_accent(cli), json_string_value(json_object_get(d, "id")),
		       cli_reset(cli));
		cli_put_words(json_string_value(json_object_get(body, "draft")), 0);
		printf("\n\n");
		print_view_after(cli, json_object_get(d, "coach"),
		                 hv_crisis_check_body(HV_HELD_KIND, body));
		if (cli->interactive)
			ask_decision(cli, st, json_string_value(json_object_get(d, "id")));
		else
			printf("\n%sDecide with: haven coach held %.8s --keep | --rewrite TEXT | "
			       "--drop%s\n",
			       cli_dim(cli), json_string_value(json_object_get(d, "id")),
			       cli_reset(cli));
		printf("\n");
	}
	json_int_t waiting = json_integer_value(json_object_get(res, "waiting"));
	if (waiting > 0) {
		char n[24];
		snprintf(n, sizeof n, "%lld", (long long)waiting);
		const char *kv[] = {"n", n, NULL};
		char *line =
		    hv_template_fill(msg(waiting == 1 ? "held_pending_one" : "held_pending"), kv);
		if (line)
			cli_say(line);
		free(line);
	}
	json_decref(res);
	return HV_EXIT_OK;
}

/* The words and the options together, before anything is read or kept:
 * --lines alone, or one draft; --hold's length read for run. */
static int check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *dur = cli_arg(a, "--hold");
	if (cli_flag(a, "--lines") && (a->argc || dur))
		return cli_usage(&cmd_coach, "--lines reads standard input: give it alone");
	if (cli_flag(a, "--lines"))
		return 0;
	if (a->argc == 0)
		return cli_usage(&cmd_coach,
		                 "give the draft to read, in quotes (or - for standard input)");
	if (a->argc > 1)
		return cli_usage(&cmd_coach, "give the draft as one argument, in quotes");
	int64_t ms = dur ? hv_duration_week(dur) : 0;
	if (ms < 0)
		return cli_usage(&cmd_coach,
		                 "--hold takes a length like 20m, 1h or 2h30m (at most 7d), "
		                 "not \"%s\"",
		                 dur);
	*cli_arg_num(a, "--hold") = ms;
	return 0;
}

/* The draft is read while the crisis net hears the command line on a
 * second thread (the spec's crisis_alongside); help first, then the
 * reading.  A draft to hold is heard before it is kept, and a draft from
 * standard input here, the net on this thread and the coach on a second. */
static int run(struct hv_cli *cli, struct cli_args *a)
{
	int hold_it = cli_flag(a, "--hold") > 0;
	const char *draft = a->argv[0];
	int from_stdin = !cli_flag(a, "--lines") && strcmp(draft, "-") == 0;
	json_t *crisis = NULL;
	if (cli_flag(a, "--lines") || hold_it || from_stdin)
		crisis = cli_crisis_heard(); /* the command line's own words first */
	if (cli_flag(a, "--lines"))
		return json_decref(crisis),
		       cli_each_line(cli, HV_CRISIS_COACH_INPUT, "draft", hv_coach);
	int64_t ms = *cli_arg_num(a, "--hold");
	size_t len = strlen(draft);
	char *in = NULL;
	int rc;
	if (from_stdin) {
		if (!(in = cli_read_stdin(HV_COACH_MAX, &len)))
			return json_decref(crisis), HV_EXIT_FAIL;
		draft = in;
		if (!hold_it) {
			rc = analyse_alongside(cli, draft, len, &crisis);
			goto out;
		}
		if (!crisis)
			crisis = cli_crisis_field(cli, HV_CRISIS_COACH_INPUT, "draft", draft, len);
	}
	if (hold_it && strlen(draft) != len)
		rc = cli_usage(&cmd_coach, "a held draft must be text without NUL bytes");
	else if (hold_it)
		rc = hold(cli, ms, draft, crisis);
	else
		rc = analyse(cli, draft, len);
out:
	free(in);
	json_decref(crisis);
	return rc;
}

static const struct cli_argdef opts[] = {
    {.name = "--hold", .value = 1, .needs = "a length, e.g. --hold 20m"},
    CLI_FLAG("--lines"),
    CLI_END,
};
static const struct cli_argdef held_opts[] = {
    CLI_FLAG("--keep"),
    CLI_FLAG("--drop"),
    {.name = "--rewrite", .value = 1, .needs = "the new text"},
    CLI_END,
};
static const struct cli_sub subs[] = {
    {"held", &(const struct cli_argspec){.opts = held_opts,
                                         .store = CLI_STORE_OPEN,
                                         .check = held_check,
                                         .run = held,
                                         .crisis_kind = HV_HELD_KIND}},
    {NULL, NULL},
};

const struct hv_cmd cmd_coach = {
    .name = "coach",
    .usage = "coach [--hold LENGTH] \"DRAFT\" | coach held [ID --keep|--rewrite TEXT|--drop]",
    .summary = "read a message before you send it",
    .help =
        "Marks phrasing that may land as protest (always/never, blame, tests of love,\n"
        "demands, piled-up questions, sarcasm, threats to withdraw) and offers a rewrite:\n"
        "feeling, situation, need, request. Nothing is sent anywhere, ever.\n\n"
        "  haven coach \"DRAFT\"             read it (\"-\" reads standard input)\n"
        "  haven coach --lines             read each line of standard input as a draft;\n"
        "                                  one JSON result per line\n"
        "  haven coach --hold 20m \"DRAFT\"  keep it back; lengths like 90s, 20m, 1h, 2h30m, 1d\n"
        "  haven coach held                drafts whose hold has passed, with the coach's view;\n"
        "                                  on a terminal, asks keep / rewrite / drop\n"
        "  haven coach held ID --keep | --rewrite TEXT | --drop\n\n"
        "--json: {\"protest\", \"findings\": [{\"kind\",\"start\",\"end\",\"match\",\"why\"}],\n"
        "\"suggestions\": [{\"type\",\"text\"}]}; start and end are byte offsets into DRAFT.",
    .args = &(const struct cli_argspec){.opts = opts,
                                        .check = check,
                                        .run = run,
                                        .subs = subs,
                                        .crisis_kind = HV_CRISIS_COACH_INPUT,
                                        .crisis_alongside = 1},
};
