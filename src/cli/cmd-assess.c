/*
 * cmd-assess.c — `haven assess`: take a self-assessment, see the result,
 * and see how it changes over time.  This file holds the options and the
 * subcommands; the terminal questionnaire is term-quiz.c, the screens
 * assess-screens.c, and the result itself the library's (assess/view.c).
 *
 * Without a terminal everything comes from --answers.  Result screens
 * always say this is a reflection, never name a "type", and point each
 * flagged area to the haven practice that works on it (data/assess.json).
 */
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "assess-plane.h"
#include "assess-screens.h"
#include "assess/assess.h"
#include "cli.h"
#include "core/clock.h"
#include "core/template.h"
#include "core/text.h"
#include "term-quiz.h"

extern const struct hv_cmd cmd_assess;

/* A questionnaire added from a file, and how to take it. */
static void say_added(const char *id, size_t items)
{
	char n[24];
	snprintf(n, sizeof n, "%zu", items);
	const char *kv[] = {"id", id, "n", n, NULL};
	cli_put_filled(stdout, cli_terminal_words("assess.json", "added", (long long)items), kv,
	               "\n");
}

/* ---- options ---------------------------------------------------------------- */

/* --reflect ID=TEXT, repeatable: the answers to open questions, gathered
 * in the body the parser holds. */
static int take_reflect(struct cli_args *a, const struct cli_argdef *opt, const char *value)
{
	(void)opt;
	const char *eq = strchr(value, '=');
	if (!eq || eq == value)
		return cli_usage(&cmd_assess, "--reflect needs PROMPT=TEXT, e.g. b1=\"...\"");
	if (!a->body)
		a->body = json_object();
	char id[64];
	snprintf(id, sizeof id, "%.*s", (int)(eq - value < 63 ? eq - value : 63), value);
	json_object_set_new(a->body, id, hv_json_text(eq + 1));
	return 0;
}

/* --at WHEN: when it was taken, never later than now; kept in its slot. */
static int take_at(struct cli_args *a, const struct cli_argdef *opt, const char *value)
{
	int64_t *at = cli_arg_num(a, opt->name);
	if (cli_parse_when(&cmd_assess, "--at", value, at) < 0)
		return HV_EXIT_USAGE;
	if (*at > hv_now_ms() + 60000)
		return cli_usage(&cmd_assess, "--at is in the future; give when it was taken");
	return 0;
}

static int64_t taken_at(struct cli_args *a)
{
	return cli_flag(a, "--at") ? *cli_arg_num(a, "--at") : 0;
}

/* "not on a terminal, so nothing can be asked": without --answers only a
 * terminal can give them. */
static int need_answers(struct hv_cli *cli, const struct cli_args *a, const char *how)
{
	if (cli_arg(a, "--answers") || cli->interactive)
		return 0;
	return cli_usage(&cmd_assess, "not on a terminal, so nothing can be asked: give the %s",
	                 how);
}

static int finish_interactive(struct hv_cli *cli, struct hv_store *st, const json_t *inst,
                              struct hv_record *r)
{
	int done = term_quiz_walk(cli, st, inst, r);
	int rc = done < 0 ? HV_EXIT_FAIL : HV_EXIT_OK;
	if (done == 1)
		rc = assess_show_record(cli, st, r, NULL);
	return rc;
}

/* ---- subcommands ------------------------------------------------------------ */

static int take_check(struct hv_cli *cli, struct cli_args *a)
{
	if (a->argc == 0)
		return cli_usage(&cmd_assess, "which instrument? e.g. haven assess take guide");
	if (a->argc > 1)
		return cli_usage(&cmd_assess, "unexpected \"%s\"", a->argv[1]);
	return need_answers(cli, a,
	                    "answers with --answers ITEM=ANSWER,... (for the guide: "
	                    "a1=4,a2=3,...,d16=2)");
}

/* --answers: every item at once, with the reflections, cleaned by the rule
 * the web app's follow too. */
static int take_answered(struct hv_cli *cli, struct hv_store *st, const json_t *inst,
                         struct cli_args *a)
{
	struct hv_error err;
	struct hv_record r;
	const char *target = cli_arg(a, "--target");
	json_t *answers = hv_answers_parse(inst, cli_arg(a, "--answers"), &err);
	json_t *refl = json_object();
	int rc;
	if (!answers || hv_target_check(inst, target, &err) < 0 ||
	    (a->body && hv_assess_merge_reflections(inst, refl, a->body, &err) < 0) ||
	    hv_assess_save(st, inst, target, answers, json_object_get(refl, "reflections"),
	                   taken_at(a), &r, &err) < 0) {
		rc = cli_error(cli, &err);
	} else {
		rc = assess_show_record(cli, st, &r, a->crisis);
		hv_record_release(&r);
	}
	json_decref(refl);
	json_decref(answers);
	return rc;
}

/* On a terminal: the relationship asked when the instrument wants one,
 * then one item at a time. */
static int take_walked(struct hv_cli *cli, struct hv_store *st, const json_t *inst,
                       const char *target)
{
	struct hv_error err;
	struct hv_record r;
	if (json_object_get(inst, "targets") && !target)
		target = term_quiz_target(cli, inst);
	if (hv_assess_begin(st, inst, target, &r, &err) < 0)
		return cli_error(cli, &err);
	printf("\n%s%s%s\n%s\n%s%s%s\n", cli_bold(cli), cli_str(inst, "title"), cli_reset(cli),
	       cli_str(inst, "intro"), cli_dim(cli), assess_words("before", ""), cli_reset(cli));
	int rc = finish_interactive(cli, st, inst, &r);
	hv_record_release(&r);
	return rc;
}

/* The reflections passed the crisis net before anything was parsed,
 * checked or saved (the spec's crisis_kind): help never waits for a
 * well-formed command. */
static int take(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_error err;
	json_t *inst = hv_instrument_find(a->store, a->argv[0], &err);
	if (!inst)
		return cli_error(cli, &err);
	int rc = cli_arg(a, "--answers") ? take_answered(cli, a->store, inst, a)
	                                 : take_walked(cli, a->store, inst, cli_arg(a, "--target"));
	json_decref(inst);
	return rc;
}

static int resume_check(struct hv_cli *cli, struct cli_args *a)
{
	if (a->argc > 1)
		return cli_usage(&cmd_assess, "unexpected \"%s\"", a->argv[1]);
	return need_answers(cli, a, "remaining answers with --answers");
}

/* The rest of the answers, complete or nothing: a short list changes nothing. */
static int resume_answered(struct hv_cli *cli, struct hv_store *st, const json_t *inst,
                           struct hv_record *r, struct cli_args *a)
{
	struct hv_error err;
	json_t *more = hv_answers_parse(inst, cli_arg(a, "--answers"), &err);
	json_t *changes = more ? json_pack("{s:O}", "answers", more) : NULL;
	if (changes && a->body)
		json_object_set(changes, "reflections", a->body);
	int rc = !changes || hv_assess_apply(st, inst, r, changes, 1, NULL, &err) < 0
	             ? cli_error(cli, &err)
	             : assess_show_record(cli, st, r, a->crisis);
	json_decref(changes);
	json_decref(more);
	return rc;
}

static int resume(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_store *st = a->store;
	struct hv_error err;
	struct hv_record r;
	if (hv_assess_find_unfinished(st, a->argc ? a->argv[0] : NULL, &r, &err) < 0)
		return cli_error(cli, &err);
	json_t *inst = hv_instrument_find(st, cli_str(r.body, "instrument"), &err);
	int rc;
	if (!inst) {
		rc = cli_error(cli, &err);
	} else if (cli_arg(a, "--answers")) {
		rc = resume_answered(cli, st, inst, &r, a);
	} else {
		char *title = NULL;
		if (asprintf(&title, "%s%s%s", cli_bold(cli), cli_str(inst, "title"),
		             cli_reset(cli)) < 0)
			title = NULL;
		const char *kv[] = {"title", title, NULL};
		printf("\n");
		cli_put_filled(stdout, cli_terminal_words("assess.json", "continuing", 0), kv,
		               "\n");
		free(title);
		rc = finish_interactive(cli, st, inst, &r);
	}
	hv_record_release(&r);
	json_decref(inst);
	return rc;
}

static int score_check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	if (a->argc == 0 || !cli_arg(a, "--answers"))
		return cli_usage(&cmd_assess,
		                 "give an instrument file and --answers ITEM=ANSWER,...");
	if (a->argc > 1)
		return cli_usage(&cmd_assess, "unexpected \"%s\"", a->argv[1]);
	return 0;
}

static int score(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_error err;
	const char *target = cli_arg(a, "--target");
	json_t *inst = hv_instrument_load_file(a->argv[0], &err);
	json_t *answers = inst ? hv_answers_parse(inst, cli_arg(a, "--answers"), &err) : NULL;
	json_t *scored = answers && hv_target_check(inst, target, &err) == 0
	                     ? hv_assess_score(inst, answers, &err)
	                     : NULL;
	int rc = HV_EXIT_OK;
	if (!scored) {
		rc = cli_error(cli, &err);
	} else if (cli->json) {
		if (target)
			json_object_set_new(scored, "target", json_string(target));
		rc = cli_print_json(json_incref(scored));
	} else {
		printf("%s%s%s%s%s\n", cli_bold(cli), cli_str(inst, "title"), cli_reset(cli),
		       target ? " — " : "", target ? target : "");
		assess_print_note(cli);
		assess_print_scores(cli, scored);
	}
	json_decref(scored);
	json_decref(answers);
	json_decref(inst);
	return rc;
}

static int history(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_error err;
	json_t *inst = hv_instrument_find(a->store, a->argv[0], &err);
	json_t *h = inst ? hv_assess_history(a->store, inst, &err) : NULL;
	int rc = HV_EXIT_OK;
	if (!h) {
		rc = cli_error(cli, &err);
	} else if (cli->json) {
		rc = cli_print_json(json_incref(h));
	} else if (json_integer_value(json_object_get(h, "results")) == 0) {
		/* the words are data, so never a format string */
		const char *kv[] = {"instrument", a->argv[0], NULL};
		char *line =
		    hv_template_fill(assess_words("history_empty", "No finished results yet."), kv);
		printf("%s\n", line ? line : "");
		free(line);
	} else {
		assess_print_history(cli, h);
		assess_print_plane(cli, json_object_get(h, "plane"));
	}
	json_decref(h);
	json_decref(inst);
	return rc;
}

/* The file is read and checked before the journal is opened, and kept in
 * the body the parser lets go of after run. */
static int add_check(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_error err;
	if (a->argc != 1)
		return cli_usage(&cmd_assess,
		                 "give one instrument file, e.g. haven assess add ecr-r.json");
	if (!(a->body = hv_instrument_load_file(a->argv[0], &err)))
		return cli_error(cli, &err);
	return 0;
}

static int add(struct hv_cli *cli, struct cli_args *a)
{
	const json_t *inst = a->body;
	struct hv_error err;
	struct hv_record r;
	if (hv_instrument_install(a->store, inst, &r, &err) < 0)
		return cli_error(cli, &err);
	int rc = HV_EXIT_OK;
	size_t items = json_array_size(json_object_get(inst, "items"));
	if (cli->json)
		rc = cli_print_json(json_pack(
		    "{s:s,s:O,s:O,s:I}", "record", r.id, "id", json_object_get(inst, "id"),
		    "version", json_object_get(inst, "version"), "items", (json_int_t)items));
	else
		say_added(cli_str(inst, "id"), items);
	hv_record_release(&r);
	return rc;
}

static int show(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_error err;
	struct hv_record r;
	if (hv_store_get(a->store, a->argv[0], HV_ASSESSMENT_KIND, &r, &err) < 0)
		return cli_error(cli, &err);
	int rc;
	if (!json_is_true(json_object_get(r.body, "complete"))) {
		hv_fail(&err, HV_EINVAL,
		        "result %.8s is not finished yet: 'haven assess resume %.8s'", r.id, r.id);
		rc = cli_error(cli, &err);
	} else {
		rc = assess_show_record(cli, a->store, &r, NULL);
	}
	hv_record_release(&r);
	return rc;
}

static int list(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_error err;
	json_t *all = hv_assess_overview(a->store, &err);
	if (!all)
		return cli_error(cli, &err);
	if (cli->json)
		return cli_print_json(all);
	const json_t *insts = json_object_get(all, "instruments");
	const json_t *rows = json_object_get(all, "results");
	size_t i;
	printf("%s%s%s\n", cli_bold(cli), cli_terminal_words("assess.json", "instruments", 0),
	       cli_reset(cli));
	json_t *el;
	json_array_foreach(insts, i, el)
	{
		long long items = (long long)json_integer_value(json_object_get(el, "items"));
		char n[24], size[128];
		snprintf(n, sizeof n, "%lld", items);
		const char *kv[] = {"n", n, NULL};
		char *sized = hv_template_fill(
		    cli_terminal_words("assess.json",
		                       json_is_array(json_object_get(el, "targets")) ? "size_paired"
		                                                                     : "size",
		                       items),
		    kv);
		snprintf(size, sizeof size, " %s", sized ? sized : "");
		free(sized);
		printf("  %s%-14s%s ", cli_accent(cli), cli_str(el, "id"), cli_reset(cli));
		int col = cli_wrap_hanging(17, 17, cli_str(el, "title"));
		printf("%s", cli_dim(cli));
		cli_wrap_hanging(col, 17, size);
		printf("%s\n", cli_reset(cli));
	}
	printf("\n%s%s%s\n", cli_bold(cli), cli_terminal_words("assess.json", "results", 0),
	       cli_reset(cli));
	if (json_array_size(rows) == 0) {
		printf("  ");
		cli_wrap_hanging(2, 2, cli_terminal_words("assess.json", "results_none", 0));
		printf("\n");
	}
	int64_t now = hv_now_ms();
	json_array_foreach(rows, i, el)
	{
		char when[48];
		cli_when_of(el, "taken", now, when, sizeof when);
		int done = json_is_true(json_object_get(el, "complete"));
		printf("  %s%.8s%s  %-18s %s%s%s%s%s\n", cli_accent(cli), cli_str(el, "id"),
		       cli_reset(cli), when, cli_str(el, "instrument"),
		       *cli_str(el, "target") ? " — " : "", cli_str(el, "target"), done ? "" : "  ",
		       done ? "" : cli_terminal_words("assess.json", "unfinished", 0));
	}
	printf("\n%s", cli_dim(cli));
	cli_wrap(0, assess_words("note", ""));
	printf("%s\n", cli_reset(cli));
	json_decref(all);
	return HV_EXIT_OK;
}

#define ASSESS_ANSWERS CLI_VALUE("--target", 't'), CLI_VALUE("--answers", 'a')
#define ASSESS_WORDS                                                                               \
	{.name = "--reflect", .value = 1, .take = take_reflect},                                   \
	{                                                                                          \
		.name = "--at", .value = 1, .take = take_at                                        \
	}
static const struct cli_argdef take_opts[] = {ASSESS_ANSWERS, ASSESS_WORDS, CLI_END};
static const struct cli_argdef resume_opts[] = {
    CLI_VALUE("--answers", 'a'),
    ASSESS_WORDS,
    {.name = "--target",
     .letter = 't',
     .value = 1,
     .refuse = "resume keeps the result's own target; leave out --target"},
    CLI_END,
};
static const struct cli_argdef score_opts[] = {ASSESS_ANSWERS, CLI_END};
static const struct cli_argdef no_opts[] = {CLI_END};

#define SUB(o, st, c, r)                                                                           \
	&(const struct cli_argspec)                                                                \
	{                                                                                          \
		.opts = (o), .store = (st), .check = (c), .run = (r)                               \
	}
static const struct cli_sub subs[] = {
    {"list", SUB(no_opts, CLI_STORE_OPEN, cli_no_words, list)},
    {"take", &(const struct cli_argspec){.opts = take_opts,
                                         .store = CLI_STORE_OPEN,
                                         .check = take_check,
                                         .run = take,
                                         .crisis_kind = HV_ASSESSMENT_KIND}},
    {"resume", &(const struct cli_argspec){.opts = resume_opts,
                                           .store = CLI_STORE_OPEN,
                                           .check = resume_check,
                                           .run = resume,
                                           .crisis_kind = HV_ASSESSMENT_KIND}},
    {"score", SUB(score_opts, CLI_STORE_NONE, score_check, score)},
    {"history",
     &(const struct cli_argspec){.opts = no_opts,
                                 .store = CLI_STORE_OPEN,
                                 .one_word =
                                     "give one instrument id, e.g. haven assess history guide",
                                 .run = history}},
    {"add", SUB(no_opts, CLI_STORE_OPEN, add_check, add)},
    {"show",
     &(const struct cli_argspec){.opts = no_opts,
                                 .store = CLI_STORE_OPEN,
                                 .one_word = "give one result id, e.g. haven assess show 3f2a",
                                 .run = show}},
    {NULL, NULL},
};

const struct hv_cmd cmd_assess = {
    .name = "assess",
    .usage = "assess [list|take|resume|score|history|add|show] ...",
    .summary = "reflect on your relationship patterns, and see them change",
    .help = "  haven assess                   instruments and your results\n"
            "  haven assess take ID           answer one item at a time on a terminal:\n"
            "                                 number keys answer, b back, s skip, q stop\n"
            "  -a, --answers a1=4,a2=3,...    answer without asking: every item, by id (the\n"
            "                                 guide's are a1-a12 and d1-d16)\n"
            "  -t, --target NAME              which relationship, for instruments taken once\n"
            "                                 per relationship (mother, partner, ...)\n"
            "      --reflect ID=TEXT          an answer to an open question, repeatable\n"
            "      --at WHEN                  when it was taken (default now)\n"
            "  haven assess resume [RESULT]   continue the newest unfinished one (--answers\n"
            "                                 gives the rest without a terminal)\n"
            "  haven assess show RESULT       a finished result again\n"
            "  haven assess score FILE --answers ... [--target NAME]\n"
            "                                 score an instrument file; nothing is saved\n"
            "  haven assess history ID        each area over time, with the change since the\n"
            "                                 first and the previous result\n"
            "  haven assess add FILE          install an instrument (see docs/instruments.md)\n\n"
            "--json prints JSON. Results are reflections, not diagnoses.",
    .args = &(const struct cli_argspec){.opts = no_opts,
                                        .in_order = 1,
                                        .store = CLI_STORE_OPEN,
                                        .unknown_sub = "unknown assess command",
                                        .run = list,
                                        .subs = subs},
};
