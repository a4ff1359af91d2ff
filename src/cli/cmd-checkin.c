/*
 * cmd-checkin.c — `haven checkin [N] [--mood 6 --sleep 7.5 ...]`: how much
 * distress is in you right now, 0 to 10, and the day's factors, in one
 * command; on a terminal with nothing given, one line per factor where
 * Enter keeps the last answer.  `haven checkin --list` shows the recent
 * ones, `haven checkin factor add|list|remove` the person's own yes/no
 * factors.  The records, the factors and every check are the library's
 * (src/checkin), shared with the web app.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "args.h"
#include "checkin/checkin.h"
#include "cli.h"
#include "core/clock.h"
#include "core/content.h"
#include "core/text.h"

extern const struct hv_cmd cmd_checkin;

#define WORDS "checkin.json"

static const char *words(const char *path)
{
	return hv_content_text(WORDS, path, "");
}

/* "mood 6 · sleep 7.5 hours · therapy day": a check-in's factors on a line. */
static void put_factors(const json_t *body)
{
	const json_t *factors = json_object_get(body, "factors"), *f;
	size_t i;
	const char *sep = "";
	json_array_foreach(hv_checkin_factors(), i, f)
	{
		const json_t *v = json_object_get(factors, cli_str(f, "id"));
		if (!v)
			continue;
		const char *unit = cli_str(f, "unit");
		printf("%s%s %g%s%s", sep, cli_str(f, "label"), json_number_value(v),
		       unit && *unit ? " " : "", unit ? unit : "");
		sep = " · ";
	}
	const char *name;
	const json_t *v;
	json_object_foreach((json_t *)json_object_get(body, "own"), name, v)
	{
		printf("%s", sep);
		cli_put_words(name, 1);
		printf(": %s", json_is_true(v) ? words("yes") : words("no"));
		sep = " · ";
	}
}

static int list(struct hv_cli *cli, struct hv_store *st, int64_t since, long limit)
{
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
	json_array_foreach(items, i, rec)
	{
		char when[48];
		cli_when_of(rec, "created", now, when, sizeof when);
		const json_t *body = json_object_get(rec, "body");
		const char *note = json_string_value(json_object_get(body, "note"));
		const json_t *d = json_object_get(body, "distress");
		if (d)
			printf("  %-20s %s%2lld/10%s  ", when, cli_bold(cli),
			       (long long)json_integer_value(d), cli_reset(cli));
		else
			printf("  %-20s %5s  ", when, "");
		cli_put_words(note, 1);
		if (json_object_size(json_object_get(body, "factors")) ||
		    json_object_size(json_object_get(body, "own"))) {
			printf("\n  %-20s        %s", "", cli_dim(cli));
			put_factors(body);
			printf("%s", cli_reset(cli));
		}
		printf("\n");
	}
	json_decref(items);
	return HV_EXIT_OK;
}

/* Save body (stolen); the thanks, or the record as JSON. */
static int save_body(struct hv_cli *cli, struct hv_store *st, json_t *body, int64_t at,
                     const json_t *crisis)
{
	struct hv_error err;
	struct hv_record r;
	int rc;
	const json_t *d = json_object_get(body, "distress");
	if (hv_checkin_add(st, body, at, &r, &err) < 0) {
		rc = cli_error(cli, &err);
	} else if (cli->json) {
		rc = cli_print_record(&r, crisis);
		hv_record_release(&r);
	} else {
		printf("%s %s(%.8s)%s\n", words("saved"), cli_dim(cli), r.id, cli_reset(cli));
		/* After help, no tip for taking the edge off: the help is the tip. */
		const json_t *high = json_object_get(hv_content_json(WORDS, NULL), "high_from");
		if (!crisis && d && json_is_integer(high) &&
		    json_integer_value(d) >= json_integer_value(high))
			printf("%s\n", words("high"));
		hv_record_release(&r);
		rc = HV_EXIT_OK;
	}
	json_decref(body);
	return rc;
}

/* What the person typed, for one factor or their own: the answer kept in
 * brackets, Enter keeps it, a wrong answer is asked again.  Returns 1 with
 * *out set (or left NULL when there is nothing to keep), 0 at the end of
 * input (Ctrl-D: stop asking). */
static int ask_factor(const json_t *f, const json_t *last, json_t **out)
{
	char prompt[256], was[32] = "";
	if (last)
		snprintf(was, sizeof was, " [%g]", json_number_value(last));
	snprintf(prompt, sizeof prompt, "%s%s> ", cli_str(f, "question"), was);
	for (;;) {
		char *a = cli_ask(prompt);
		if (!a)
			return 0;
		if (!*a) {
			free(a);
			*out = last ? json_deep_copy(last) : NULL;
			return 1;
		}
		struct hv_error err;
		*out = hv_checkin_factor_parse(f, a, &err);
		free(a);
		if (*out)
			return 1;
		int col = cli_wrap(0, err.msg);
		col = cli_wrap(col, ". ");
		cli_wrap(col, words("factor_again"));
		printf("\n");
	}
}

static int ask_own(const char *name, const json_t *last, json_t **out)
{
	char prompt[256], was[32] = "";
	if (last)
		snprintf(was, sizeof was, " [%s]", json_is_true(last) ? "y" : "n");
	char *q = hv_text_printable(name, 1);
	snprintf(prompt, sizeof prompt, "%s? (y/n)%s> ", q ? q : name, was);
	free(q);
	for (;;) {
		char *a = cli_ask(prompt);
		if (!a)
			return 0;
		int yes = !strcasecmp(a, "y") || !strcasecmp(a, "yes");
		int no = !strcasecmp(a, "n") || !strcasecmp(a, "no");
		if (!*a) {
			*out = last ? json_deep_copy(last) : NULL;
		} else if (yes || no) {
			*out = json_boolean(yes);
		} else {
			free(a);
			cli_wrap(0, words("own_again"));
			printf("\n");
			continue;
		}
		free(a);
		return 1;
	}
}

/* The distress line as before: a number, or Enter to leave it out. */
static int ask_distress(struct hv_cli *cli, json_t *body)
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
		if (!a)
			return 0;
		char *end;
		long v = strtol(a, &end, 10);
		if (!*a || (end != a && *end == '\0' && v >= 0 && v <= 10)) {
			if (*a)
				json_object_set_new(body, "distress", json_integer(v));
			free(a);
			return 1;
		}
		free(a);
		cli_wrap(0, words("again"));
		printf("\n");
	}
}

/* Nothing given on a terminal: distress, then one line per factor, then
 * the person's own, then a note.  Ctrl-D stops the asking and keeps what
 * was answered; nothing answered at all saves nothing. */
static int ask_and_save(struct hv_cli *cli, struct hv_store *st, const char *note, int64_t at,
                        json_t *crisis)
{
	struct hv_error err;
	json_t *last = hv_checkin_last(st, &err);
	json_t *own_list = last ? hv_checkin_own_list(st, &err) : NULL;
	if (!own_list) {
		json_decref(last);
		return cli_error(cli, &err);
	}
	json_t *body = json_object(), *factors = json_object(), *own = json_object();
	int going = ask_distress(cli, body);
	if (going) {
		printf("%s", cli_dim(cli));
		cli_wrap(0, words("factors_intro"));
		printf("%s\n", cli_reset(cli));
	}
	size_t i;
	const json_t *f;
	json_array_foreach(hv_checkin_factors(), i, f)
	{
		json_t *v = NULL;
		if (!going ||
		    !(going = ask_factor(
		          f, json_object_get(json_object_get(last, "factors"), cli_str(f, "id")),
		          &v)))
			break;
		if (v)
			json_object_set_new(factors, cli_str(f, "id"), v);
	}
	json_array_foreach(own_list, i, f)
	{
		json_t *v = NULL;
		const char *name = cli_str(f, "name");
		if (!going || !(going = ask_own(
		                    name, json_object_get(json_object_get(last, "own"), name), &v)))
			break;
		if (v)
			json_object_set_new(own, name, v);
	}
	json_t *heard = NULL;
	char *typed = NULL;
	if (going && !note) {
		cli_wrap(0, words("note_question"));
		printf("\n");
		typed = cli_ask("> ");
		if (typed && *typed) {
			/* Words typed here pass the net before they are kept. */
			heard =
			    cli_crisis_field(cli, HV_CHECKIN_KIND, "note", typed, strlen(typed));
			note = typed;
		}
	}
	if (json_object_size(factors))
		json_object_set(body, "factors", factors);
	if (json_object_size(own))
		json_object_set(body, "own", own);
	json_decref(factors);
	json_decref(own);
	json_decref(last);
	json_decref(own_list);
	int rc;
	if (json_object_size(body) == 0) {
		printf("%s\n", words("left"));
		json_decref(body);
		rc = HV_EXIT_OK;
	} else {
		if (note)
			json_object_set_new(body, "note", hv_json_text(note));
		rc = save_body(cli, st, body, at, heard ? heard : crisis);
	}
	free(typed);
	json_decref(heard);
	return rc;
}

/* `haven checkin factor add|list|remove NAME`, its words checked. */
static int factor_check(int argc, char **argv)
{
	const char *sub = argc > 0 ? argv[0] : "list";
	int is_list = strcmp(sub, "list") == 0;
	if (!is_list && strcmp(sub, "add") && strcmp(sub, "remove"))
		return cli_usage(&cmd_checkin,
		                 "checkin factor takes add, list or remove, not \"%s\"", sub);
	if (is_list ? argc > 1 : argc != 2)
		return cli_usage(&cmd_checkin,
		                 is_list ? "checkin factor list takes nothing more"
		                         : "give the factor's name in quotes, e.g. "
		                           "haven checkin factor %s \"therapy day\"",
		                 sub);
	return 0;
}

static int factor_cmd(struct hv_cli *cli, struct hv_store *st, int argc, char **argv,
                      const json_t *crisis)
{
	const char *sub = argc > 0 ? argv[0] : "list";
	struct hv_error err;
	if (strcmp(sub, "add") == 0) {
		struct hv_record r;
		if (hv_checkin_own_add(st, argv[1], &r, &err) < 0)
			return cli_error(cli, &err);
		int rc = HV_EXIT_OK;
		if (cli->json)
			rc = cli_print_record(&r, crisis);
		else
			printf("%s\n", words("own_added"));
		hv_record_release(&r);
		return rc;
	}
	if (strcmp(sub, "remove") == 0) {
		if (hv_checkin_own_remove(st, argv[1], &err) < 0)
			return cli_error(cli, &err);
		if (cli->json)
			return cli_print_json(json_pack("{s:b}", "removed", 1));
		printf("%s\n", words("own_removed"));
		return HV_EXIT_OK;
	}
	json_t *own = hv_checkin_own_list(st, &err);
	if (!own)
		return cli_error(cli, &err);
	if (cli->json)
		return cli_print_json(own);
	if (json_array_size(own) == 0)
		printf("%s\n", words("own_empty"));
	else
		printf("%s%s%s\n", cli_bold(cli), words("own_title"), cli_reset(cli));
	size_t i;
	const json_t *f;
	json_array_foreach(own, i, f)
	{
		printf("  ");
		cli_put_words(cli_str(f, "name"), 1);
		printf("\n");
	}
	json_decref(own);
	return HV_EXIT_OK;
}

#define MAX_FACTORS 64

/* What the options gave, taken as they come. */
struct given {
	json_t *factors, *own;
};

/* --factor NAME and --no-factor NAME: yes or no to a factor of one's own. */
static int take_own(struct cli_args *a, const struct cli_argdef *opt, const char *value)
{
	struct given *g = a->ctx;
	json_object_set_new(g->own, value, json_boolean(strcmp(opt->name, "--factor") == 0));
	return 0;
}

/* --mood 6, --sleep 7.5, …: a factor of the data, by its flag. */
static int take_factor(struct cli_args *a, const struct cli_argdef *opt, const char *value)
{
	struct given *g = a->ctx;
	size_t i;
	const json_t *f;
	json_array_foreach(hv_checkin_factors(), i, f)
	{
		if (strcmp(cli_str(f, "flag"), opt->name + 2) != 0)
			continue;
		struct hv_error err;
		json_t *v = hv_checkin_factor_parse(f, value, &err);
		if (!v)
			return cli_usage(&cmd_checkin, "%s: %s", opt->name, err.msg);
		json_object_set_new(g->factors, cli_str(f, "id"), v);
	}
	return 0;
}

/* The options: the fixed ones, then one per factor of the data (their
 * names made once, as the data is). */
static const struct cli_argspec *checkin_spec(void)
{
	static char names[MAX_FACTORS][48];
	static struct cli_argdef opts[CLI_ARGS_MAX + 1] = {
	    CLI_VALUE("--note", 0),
	    CLI_FLAG("--list"),
	    CLI_VALUE("--at", 0),
	    CLI_VALUE("--since", 0),
	    CLI_VALUE("--limit", 0),
	    {.name = "--factor", .value = 1, .take = take_own},
	    {.name = "--no-factor", .value = 1, .take = take_own},
	};
	static const struct cli_argspec spec = {.opts = opts};
	enum { FIXED = 7 };
	if (opts[FIXED].name)
		return &spec;
	size_t i;
	const json_t *f;
	json_array_foreach(hv_checkin_factors(), i, f)
	{
		if (i >= MAX_FACTORS || FIXED + i >= CLI_ARGS_MAX)
			break;
		snprintf(names[i], sizeof names[i], "--%s", cli_str(f, "flag"));
		opts[FIXED + i] =
		    (struct cli_argdef){.name = names[i], .value = 1, .take = take_factor};
	}
	return &spec;
}

/* --at, --since and --limit, read; 0, or the usage error's status. */
static int read_times(const struct cli_args *o, int64_t *at, int64_t *since, long *limit)
{
	const char *v;
	if ((v = cli_arg(o, "--at")) && cli_parse_when(&cmd_checkin, "--at", v, at) < 0)
		return HV_EXIT_USAGE;
	if (v && *at > hv_now_ms() + 60000)
		return cli_usage(&cmd_checkin, "--at is in the future; give when it was");
	if ((v = cli_arg(o, "--since")) && cli_parse_when(&cmd_checkin, "--since", v, since) < 0)
		return HV_EXIT_USAGE;
	if ((v = cli_arg(o, "--limit")) &&
	    cli_parse_int(&cmd_checkin, "--limit", v, 1, 1000000, limit) < 0)
		return HV_EXIT_USAGE;
	return 0;
}

/* A check-in given on the command line: the distress (word), the factors
 * and the note, as the body to save; NULL after the usage error. */
static json_t *given_body(const struct cli_args *o, struct given *g)
{
	json_t *body = json_object();
	long n;
	if (o->argc > 0) {
		if (cli_parse_int(&cmd_checkin, "distress", o->argv[0], 0, 10, &n) < 0) {
			json_decref(body);
			return NULL;
		}
		json_object_set_new(body, "distress", json_integer(n));
	}
	if (json_object_size(g->factors))
		json_object_set(body, "factors", g->factors);
	if (json_object_size(g->own))
		json_object_set(body, "own", g->own);
	const char *note = cli_arg(o, "--note");
	if (note)
		json_object_set_new(body, "note", hv_json_text(note));
	return body;
}

/* What the words ask for, every one of them checked: the store is opened
 * only after, in one place (run_checked), so a refusal opens nothing. */
struct todo {
	enum { DO_FACTOR, DO_LIST, DO_ASK, DO_SAVE } what;
	int64_t at, since;
	long limit;
	json_t *body; /* DO_SAVE's */
};

static int pick(struct hv_cli *cli, const struct cli_args *o, struct given *g, struct todo *t)
{
	int rc = read_times(o, &t->at, &t->since, &t->limit);
	if (rc)
		return rc;
	const char *note = cli_arg(o, "--note");
	int given = json_object_size(g->factors) || json_object_size(g->own);
	t->what = DO_LIST;
	if (cli_flag(o, "--list"))
		return o->argc || note || t->at || given
		           ? cli_usage(&cmd_checkin, "--list takes only --since and --limit")
		           : 0;
	if (t->since || t->limit)
		return cli_usage(&cmd_checkin, "--since and --limit go with --list");
	t->what = DO_ASK;
	if (o->argc == 0 && !given && cli->interactive)
		return 0;
	if (o->argc == 0 && !given)
		return cli_usage(&cmd_checkin,
		                 "give your distress right now, 0 to 10, e.g. haven checkin 6");
	if (o->argc > 1)
		return cli_usage(&cmd_checkin, "unexpected \"%s\" (quote a note: --note \"...\")",
		                 o->argv[1]);
	t->what = DO_SAVE;
	return (t->body = given_body(o, g)) ? 0 : HV_EXIT_USAGE;
}

static int run_checked(struct hv_cli *cli, int argc, char **argv, json_t *crisis)
{
	int factor = argc >= 2 && strcmp(argv[1], "factor") == 0;
	struct given g = {json_object(), json_object()};
	struct todo t = {.what = DO_FACTOR};
	struct cli_args o = {0};
	int rc = factor ? factor_check(argc - 2, argv + 2)
	                : cli_args_read(&cmd_checkin, checkin_spec(), argc, argv, &o, &g);
	if (rc == 0 && !factor)
		rc = pick(cli, &o, &g, &t);
	/* Listing only reads: where there is no database it makes none. */
	int reads = t.what == DO_LIST || (factor && (argc < 3 || !strcmp(argv[2], "list")));
	struct hv_store *st = rc != 0 ? NULL : reads ? cli_store_read(cli) : cli_store(cli);
	if (rc == 0 && !st)
		rc = HV_EXIT_FAIL;
	if (st && t.what == DO_FACTOR)
		rc = factor_cmd(cli, st, argc - 2, argv + 2, crisis);
	else if (st && t.what == DO_LIST)
		rc = list(cli, st, t.since, t.limit);
	else if (st && t.what == DO_ASK)
		rc = ask_and_save(cli, st, cli_arg(&o, "--note"), t.at, crisis);
	else if (st)
		rc = save_body(cli, st, json_incref(t.body), t.at, crisis);
	json_decref(t.body);
	json_decref(g.factors);
	json_decref(g.own);
	return rc;
}

static int run(struct hv_cli *cli, int argc, char **argv)
{
	/* The note, a factor's name and any words written without --note pass
	 * the crisis net before anything is checked or kept: help first. */
	json_t *crisis = cli_crisis_argv(cli, HV_CHECKIN_KIND, argc - 1, argv + 1);
	int rc = run_checked(cli, argc, argv, crisis);
	json_decref(crisis);
	return rc;
}

const struct hv_cmd cmd_checkin = {
    .name = "checkin",
    .usage = "checkin [N] [--mood N --sleep HOURS ...] [--note TEXT] [--at WHEN] | "
             "checkin --list [--since WHEN] [--limit N] | checkin factor ACTION [NAME]",
    .summary = "how are you right now? distress 0 to 10, with mood, sleep and more",
    .help = "  haven checkin N          save how much distress is in you now: 0 (none) to\n"
            "                           10 (as much as it gets); on a terminal with nothing\n"
            "                           given, haven asks for it and for each factor below,\n"
            "                           one line each, Enter keeping the last answer\n"
            "      --mood N             mood today, 0 (very low) to 10 (very bright)\n"
            "      --anxiety N          anxiety today, 0 to 10\n"
            "      --sleep HOURS        hours of sleep last night, 0 to 24 (7.5)\n"
            "      --sleep-quality N    how well you slept, 0 to 10\n"
            "      --caffeine CUPS      cups of coffee, tea or other caffeine, 0 to 30\n"
            "      --alcohol DRINKS     drinks with alcohol, 0 to 30\n"
            "      --movement MINUTES   minutes of walking, sport or other movement\n"
            "      --safe-people HOURS  hours with people who feel safe to you (0.5)\n"
            "      --factor NAME        yes to a factor of your own (see checkin factor)\n"
            "      --no-factor NAME     no to a factor of your own\n"
            "      --note TEXT          a few words with it\n"
            "      --at WHEN            when it was (default now)\n"
            "                           N may be left out when a factor is given; morning\n"
            "                           and evening check-ins on one day are both kept\n"
            "  haven checkin --list     recent check-ins, newest first\n"
            "      --since WHEN         only from then on\n"
            "      --limit N            at most N\n"
            "      --json               records as JSON\n"
            "  haven checkin factor ACTION       ACTION is add NAME, list or remove NAME:\n"
            "  haven checkin factor add NAME     a yes/no factor of your own (\"therapy day\")\n"
            "  haven checkin factor list         your own factors\n"
            "  haven checkin factor remove NAME  stop asking it; past check-ins keep it",
    .run = run,
};
