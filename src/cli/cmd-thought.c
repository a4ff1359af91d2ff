/*
 * cmd-thought.c — `haven thought`: a thought record, step by step.
 *
 * On a terminal with no flags it walks the steps of data/thought.json one
 * at a time (Enter skips any), proposes thinking patterns from the thought
 * itself for the person to confirm or change, and offers the reality-
 * testing questions along the way.  With flags it asks nothing: every step
 * has one, and without --pattern haven's proposal is taken.
 */
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "core/content.h"
#include "core/draft.h"
#include "core/template.h"
#include "editor.h"
#include "entry-draft.h"
#include "patterns/patterns.h"
#include "practice-run.h"
#include "thought/thought.h"

extern const struct hv_cmd cmd_thought;

static const char *step(const char *id, const char *field)
{
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(hv_content_json("thought.json", NULL), "steps"), i, s)
	{
		if (!strcmp(json_string_value(json_object_get(s, "id")), id))
			return json_string_value(json_object_get(s, field));
	}
	return "";
}

static const char *msg(const char *key)
{
	char path[64];
	snprintf(path, sizeof path, "messages/%s", key);
	return hv_content_text("thought.json", path, "");
}

/* "anxious=80" → the emotions list; rerate sets "after" on a named one. */
static int add_rating(json_t *body, const char *arg, int after)
{
	const char *eq = strrchr(arg, '=');
	char *end;
	long v = eq ? strtol(eq + 1, &end, 10) : -1;
	if (!eq || eq == arg || end == eq + 1 || *end || v < 0 || v > 100)
		return cli_usage(&cmd_thought, "%s takes NAME=N with N from 0 to 100, not \"%s\"",
		                 after ? "--rerate" : "--emotion", arg);
	json_t *list = json_object_get(body, "emotions");
	if (!list) {
		list = json_array();
		json_object_set_new(body, "emotions", list);
	}
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e)
	{
		const char *name = json_string_value(json_object_get(e, "name"));
		if (strlen(name) == (size_t)(eq - arg) && !strncmp(name, arg, (size_t)(eq - arg))) {
			json_object_set_new(e, after ? "after" : "before", json_integer(v));
			return 0;
		}
	}
	/* The name as written, even if not UTF-8: the record's check refuses
	 * that by name (json_pack would return NULL and lose the feeling). */
	char *name = strndup(arg, (size_t)(eq - arg));
	json_t *one = json_object();
	json_object_set_new(one, "name", hv_json_text(name));
	json_object_set_new(one, after ? "after" : "before", json_integer(v));
	json_array_append_new(list, one);
	free(name);
	return 0;
}

static void add_kind(json_t *body, const char *kind)
{
	json_t *l = json_object_get(body, "patterns");
	if (!l) {
		l = json_array();
		json_object_set_new(body, "patterns", l);
	}
	json_array_append_new(l, hv_json_text(kind));
}

/* Set once the terminal's input has ended (Ctrl-D): the steps after it
 * are neither shown nor answered. */
static int input_ended;

/* One answer; NULL at the end of input (and ever after). */
static char *answer(const char *prompt)
{
	if (input_ended)
		return NULL;
	char *a = cli_ask(prompt);
	if (!a) {
		input_ended = 1;
		fputc('\n', stdout);
	}
	return a;
}

static char *ask(struct hv_cli *cli, const char *id)
{
	if (input_ended)
		return NULL;
	printf("\n%s", cli_bold(cli));
	cli_wrap(0, step(id, "prompt"));
	printf("%s\n%s", cli_reset(cli), cli_dim(cli));
	cli_wrap(0, step(id, "hint"));
	printf("%s\n", cli_reset(cli));
	return answer("> ");
}

static void ask_text(struct hv_cli *cli, json_t *body, const char *id)
{
	char *a = ask(cli, id);
	if (a && *a)
		json_object_set_new(body, id, hv_json_text(a));
	free(a);
}

/* "anxious 80, sad 40" (or "anxious=80"). */
static void read_ratings(json_t *body, char *line, int after)
{
	char *save = NULL;
	for (char *tok = strtok_r(line, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		while (*tok == ' ')
			tok++;
		char *sp = strrchr(tok, ' ');
		if (sp && !strchr(tok, '='))
			*sp = '=';
		if (*tok && add_rating(body, tok, after) != 0)
			printf("(skipped \"%s\": write a feeling and a number 0-100)\n", tok);
	}
}

static void list_kinds(const json_t *kinds, char *buf, size_t n)
{
	size_t i, len = 0;
	json_t *k;
	buf[0] = '\0';
	json_array_foreach(kinds, i, k)
	{
		const char *label = hv_pattern_label(json_string_value(k));
		int w = snprintf(buf + len, n - len, "%s%s", i ? ", " : "", label ? label : "?");
		if (w < 0 || (size_t)w >= n - len)
			break;
		len += (size_t)w;
	}
}

static void ask_patterns(struct hv_cli *cli, json_t *body, const json_t *proposed)
{
	if (input_ended)
		return; /* nobody said yes to the proposal */
	char names[512];
	list_kinds(proposed, names, sizeof names);
	printf("\n%s%s%s\n", cli_bold(cli), step("patterns", "prompt"), cli_reset(cli));
	if (json_array_size(proposed)) {
		const char *kv[] = {"patterns", names, NULL};
		char *line = hv_template_fill(msg("proposal"), kv);
		printf("%s\n", line ? line : "");
		free(line);
	} else {
		printf("%s\n", msg("no_proposal"));
	}
	printf("%s%s%s\n%s(%s)%s\n", cli_dim(cli), step("patterns", "hint"), cli_reset(cli),
	       cli_dim(cli), hv_pattern_kind_list(), cli_reset(cli));
	for (;;) {
		char *a = answer("> ");
		if (!a)
			return; /* input ended: the proposal is kept as a proposal only */
		if (!*a) {
			if (json_array_size(proposed))
				json_object_set(body, "patterns", (json_t *)proposed);
			free(a);
			return;
		}
		if (!strcmp(a, "none")) {
			free(a);
			return;
		}
		json_t *picked = json_array();
		char *save = NULL, *bad = NULL;
		for (char *tok = strtok_r(a, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save))
			if (hv_pattern_kind_valid(tok))
				json_array_append_new(picked, json_string(tok));
			else if (!bad)
				bad = tok;
		if (!bad) {
			json_object_set_new(body, "patterns", picked);
			free(a);
			return;
		}
		printf("\"%s\" is not one of the patterns listed; try again or press Enter.\n",
		       bad);
		json_decref(picked);
		free(a);
	}
}

static void ask_questions(struct hv_cli *cli, json_t *body)
{
	if (input_ended)
		return;
	json_t *qs = hv_thought_questions(body);
	json_t *answers = json_object();
	printf("\n%s\n", msg("questions_intro"));
	size_t i;
	json_t *q;
	json_array_foreach(qs, i, q)
	{
		if (input_ended)
			break;
		printf("\n%s%s%s\n", cli_bold(cli),
		       json_string_value(json_object_get(q, "question")), cli_reset(cli));
		char *a = answer("> ");
		if (a && *a)
			json_object_set_new(answers, json_string_value(json_object_get(q, "id")),
			                    hv_json_text(a));
		free(a);
	}
	if (json_object_size(answers))
		json_object_set_new(body, "answers", answers);
	else
		json_decref(answers);
	json_decref(qs);
}

/* The notice once the crisis net has fired for this record: each step a
 * person answers passes the net at once, so help comes at that step, not
 * after all the rest. */
static struct cli_heard heard = {.kind = HV_THOUGHT_KIND};
static void step_situation(struct hv_cli *cli, json_t *body)
{
	ask_text(cli, body, "situation");
}

static void step_thought(struct hv_cli *cli, json_t *body)
{
	ask_text(cli, body, "thought");
}

static void step_emotions(struct hv_cli *cli, json_t *body)
{
	char *a = ask(cli, "emotions");
	if (a && *a)
		read_ratings(body, a, 0);
	free(a);
}

static void step_patterns(struct hv_cli *cli, json_t *body)
{
	json_t *proposed = hv_thought_propose(json_string_value(json_object_get(body, "thought")));
	if (json_array_size(proposed))
		json_object_set(body, "proposed", proposed);
	ask_patterns(cli, body, proposed);
	json_decref(proposed);
}

static void step_for(struct hv_cli *cli, json_t *body)
{
	ask_text(cli, body, "evidence_for");
}

static void step_against(struct hv_cli *cli, json_t *body)
{
	ask_text(cli, body, "evidence_against");
}

static void step_friend(struct hv_cli *cli, json_t *body)
{
	ask_text(cli, body, "friend");
}

static void step_balanced(struct hv_cli *cli, json_t *body)
{
	ask_text(cli, body, "balanced");
}

static void step_rerate(struct hv_cli *cli, json_t *body)
{
	if (input_ended || !json_array_size(json_object_get(body, "emotions")))
		return;
	printf("\n%s%s%s\n", cli_bold(cli), step("rerate", "prompt"), cli_reset(cli));
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(body, "emotions"), i, e)
	{
		char prompt[128];
		snprintf(prompt, sizeof prompt, "%s (was %lld)> ",
		         json_string_value(json_object_get(e, "name")),
		         (long long)json_integer_value(json_object_get(e, "before")));
		char *r = answer(prompt);
		char *end;
		long v = r ? strtol(r, &end, 10) : -1;
		if (r && *r && !*end && v >= 0 && v <= 100)
			json_object_set_new(e, "after", json_integer(v));
		free(r);
	}
}

/* The walk in order; a draft remembers the step it stopped at by its id,
 * and --resume starts there. */
static const struct {
	const char *id;
	void (*ask)(struct hv_cli *cli, json_t *body);
} steps[] = {
    {"situation", step_situation}, {"thought", step_thought},  {"emotions", step_emotions},
    {"patterns", step_patterns},   {"evidence_for", step_for}, {"evidence_against", step_against},
    {"questions", ask_questions},  {"friend", step_friend},    {"balanced", step_balanced},
    {"rerate", step_rerate},
};
#define N_STEPS ((int)(sizeof steps / sizeof *steps))

static int step_index(const char *id)
{
	for (int i = 0; i < N_STEPS; i++)
		if (!strcmp(steps[i].id, id))
			return i;
	return 0; /* a step this haven does not know: begin again, nothing is lost */
}

/* Ask the steps from `from` on, each answer heard by the crisis net at
 * once; the index of the step Ctrl-C stopped, or -1 when none did. */
static int walk(struct hv_cli *cli, json_t *body, int from)
{
	printf("%s", cli_dim(cli));
	cli_wrap(0, hv_content_text("thought.json", "skip_hint_terminal", ""));
	printf("%s\n", cli_reset(cli));
	practice_signals_on();
	int stopped_at = -1;
	for (int i = from; i < N_STEPS && stopped_at < 0; i++) {
		steps[i].ask(cli, body);
		cli_hear(cli, &heard, body);
		if (practice_caught())
			stopped_at = i;
	}
	practice_signals_off();
	return stopped_at;
}

/* --answer ID=TEXT into the body's answers. */
static int take_answer(json_t *body, const char *value)
{
	const char *eq = strchr(value, '=');
	if (!eq || eq == value)
		return cli_usage(&cmd_thought,
		                 "--answer takes ID=TEXT, e.g. likely=\"he is at work\"");
	json_t *ans = json_object_get(body, "answers");
	if (!ans)
		json_object_set_new(body, "answers", ans = json_object());
	char id[64];
	snprintf(id, sizeof id, "%.*s", (int)(eq - value), value);
	json_object_set_new(ans, id, hv_json_text(eq + 1));
	return 0;
}

/* Each flag's value into the body the parser holds, in the order given
 * (the feelings and patterns are lists); 0, or the usage error's status. */
static int take(struct cli_args *a, const struct cli_argdef *opt, const char *value)
{
	if (!a->body)
		a->body = json_object();
	const char *flag = opt->name;
	if (!strcmp(flag, "--emotion") || !strcmp(flag, "--rerate"))
		return add_rating(a->body, value, !strcmp(flag, "--rerate"));
	if (!strcmp(flag, "--answer"))
		return take_answer(a->body, value);
	if (!strcmp(flag, "--pattern") && !hv_pattern_kind_valid(value))
		return cli_usage(&cmd_thought, "unknown thinking pattern \"%s\": choose from %s",
		                 value, hv_pattern_kind_list());
	if (!strcmp(flag, "--pattern"))
		add_kind(a->body, value);
	else /* a step's words, named by its flag: --for and --against are the evidence */
		json_object_set_new(a->body,
		                    !strcmp(flag, "--for")       ? "evidence_for"
		                    : !strcmp(flag, "--against") ? "evidence_against"
		                                                 : flag + 2,
		                    hv_json_text(value));
	return 0;
}

static void print_questions(struct hv_cli *cli, const json_t *qs)
{
	printf("\n%s\n", msg("questions_intro"));
	size_t i;
	json_t *q;
	json_array_foreach(qs, i, q)
	    printf("  %s- %s%s\n", cli_dim(cli), json_string_value(json_object_get(q, "question")),
	           cli_reset(cli));
}

static int edit_fields(struct hv_cli *cli, json_t *body)
{
	static const char *const keys[] = {"situation",        "thought", "evidence_for",
	                                   "evidence_against", "friend",  "balanced"};
	struct cli_edit_field fields[6];
	for (size_t i = 0; i < 6; i++)
		fields[i] = (struct cli_edit_field){keys[i], step(keys[i], "prompt")};
	if (cli_edit_fields(body, fields, 6) < 0)
		return -1;
	cli_hear(cli, &heard, body);
	return 0;
}

/* Given as flags: haven's proposal of patterns beside the body, taken as
 * the patterns unless the person named theirs or none; then checked. */
static int take_proposal(json_t *body, int no_patterns, struct hv_error *err)
{
	json_t *proposed = hv_thought_propose(json_string_value(json_object_get(body, "thought")));
	if (json_array_size(proposed))
		json_object_set(body, "proposed", proposed);
	if (!no_patterns && !json_object_get(body, "patterns") && json_array_size(proposed))
		json_object_set(body, "patterns", proposed);
	json_decref(proposed);
	return hv_thought_normalize(body, err) < 0 || hv_thought_validate(body, err) < 0 ? -1 : 0;
}

/* The saved record: JSON with the questions, else a sentence with its short
 * id, then the questions (given as flags) or where to see it (walked). */
static int print_saved(struct hv_cli *cli, const struct hv_record *r, const json_t *crisis, int any)
{
	json_t *qs = hv_thought_questions(r->body);
	if (cli->json) {
		json_t *j = hv_record_to_json(r);
		json_object_set_new(j, "questions", qs);
		cli_add_crisis(j, json_incref((json_t *)crisis));
		return cli_print_json(j);
	}
	if (cli->interactive) {
		char id[16];
		snprintf(id, sizeof id, "%.8s", r->id);
		const char *kv[] = {"id", id, NULL};
		char *line = hv_template_fill(msg("saved_id"), kv);
		printf("\n");
		cli_say(line ? line : msg("saved"));
		free(line);
	} else {
		printf("%s\n", r->id);
	}
	if (any)
		print_questions(cli, qs);
	else if (cli->interactive) { /* the walk ends on what to do next */
		printf("%s", cli_dim(cli));
		cli_wrap(0, msg("see_all"));
		printf("%s\n", cli_reset(cli));
	}
	json_decref(qs);
	return HV_EXIT_OK;
}

/* The flags taken together before anything is opened: with any flag
 * nothing is asked (--edit's fields are written first), and the body is
 * checked whole, haven's proposal of patterns beside it. */
static int check_words(struct hv_cli *cli, struct cli_args *a)
{
	int any = cli_given_besides(a, "--resume") > 0, no_patterns = cli_flag(a, "--no-patterns");
	if (cli_flag(a, "--resume") && (any || a->argc))
		return cli_usage(&cmd_thought, "%s",
		                 hv_content_text("terminal.json", "draft/resume_alone", ""));
	if (a->argc)
		return cli_usage(&cmd_thought,
		                 "unexpected \"%s\": every step has a flag, e.g. --thought TEXT",
		                 a->argv[0]);
	if (!a->body)
		a->body = json_object();
	if (cli_flag(a, "--edit") && edit_fields(cli, a->body) < 0)
		return HV_EXIT_FAIL;
	if (no_patterns && cli_flag(a, "--pattern"))
		return cli_usage(&cmd_thought, "--no-patterns and --pattern cannot go together");
	if (!any && !cli->interactive)
		return cli_usage(&cmd_thought,
		                 "not on a terminal, so nothing can be asked: give the "
		                 "steps as flags, at least --thought TEXT");
	struct hv_error err;
	if (any && take_proposal(a->body, no_patterns, &err) < 0)
		return cli_error(cli, &err);
	return 0;
}

/* Help came first (the spec's crisis_kind): the words passed the crisis
 * net before they were parsed, checked, asked about or saved — words left
 * without a flag too.  What it heard is kept as heard, so the editor and
 * the walk do not sound it again. */
static int check(struct hv_cli *cli, struct cli_args *a)
{
	return cli_hear_check(cli, a, &heard, check_words);
}

/* Save the body and say so; a resumed draft is dropped once it is kept. */
static int save(struct hv_cli *cli, struct hv_store *st, json_t *body, const char *draft, int any)
{
	struct hv_record r;
	struct hv_error err;
	if (hv_thought_add(st, body, &r, &err) < 0)
		return cli_error(cli, &err);
	int rc = print_saved(cli, &r, heard.notice, any);
	hv_record_release(&r);
	if (draft && hv_draft_drop(st, draft, &err) < 0)
		rc = cli_error(cli, &err);
	return rc;
}

static int run(struct hv_cli *cli, struct cli_args *a)
{
	int any = cli_given_besides(a, "--resume") > 0, resume = cli_flag(a, "--resume"), from = 0;
	int rc = HV_EXIT_OK;
	struct hv_store *st = a->store;
	struct hv_record draft = {0};
	json_t *body = a->body;
	a->body = NULL;
	if (resume) {
		const char *step;
		if ((rc = cli_draft_take(cli, st, HV_THOUGHT_KIND, &draft, &body, &step)) != 0)
			goto out;
		from = step_index(step);
	}
	/* Ctrl-C in the walk offers to keep what was written as a draft. */
	int stopped_at = any ? -1 : walk(cli, body, from);
	if (stopped_at >= 0)
		rc = cli_draft_offer(cli, st, HV_THOUGHT_KIND, body, steps[stopped_at].id, 0,
		                     resume ? draft.id : NULL, practice_caught());
	else
		rc = save(cli, st, body, resume ? draft.id : NULL, any);
out:
	hv_record_release(&draft);
	cli_heard_forget(&heard);
	json_decref(body);
	return rc;
}

#define TAKEN(n)                                                                                   \
	{                                                                                          \
		.name = (n), .value = 1, .take = take                                              \
	}
static const struct cli_argdef opts[] = {
    TAKEN("--situation"), TAKEN("--thought"),
    TAKEN("--emotion"),   TAKEN("--rerate"),
    TAKEN("--pattern"),   CLI_FLAG("--no-patterns"),
    TAKEN("--for"),       TAKEN("--against"),
    TAKEN("--friend"),    TAKEN("--balanced"),
    TAKEN("--answer"),    CLI_FLAG("--edit"),
    CLI_FLAG("--resume"), CLI_END,
};

const struct hv_cmd cmd_thought = {
    .name = "thought",
    .usage = "thought [--thought TEXT] [--situation TEXT] [--emotion NAME=N]... [options]",
    .summary = "weigh an anxious thought against the evidence",
    .help = "On a terminal with no flags, haven walks the steps one at a time; Enter skips any.\n"
            "Ctrl-C stops and asks whether to keep what you wrote as a draft (exit 130);\n"
            "the home screen shows a kept draft, and --resume takes it up where you stopped.\n"
            "With flags it asks nothing and saves what they say.\n\n"
            "  --situation TEXT     what happened\n"
            "  --thought TEXT       the automatic thought\n"
            "  --emotion NAME=N     a feeling and how strong, 0-100 (repeatable)\n"
            "  --pattern KIND       a thinking pattern (repeatable); without it haven's proposal\n"
            "                       is taken; --no-patterns records none\n"
            "  --for TEXT           evidence for the thought\n"
            "  --against TEXT       evidence against it\n"
            "  --friend TEXT        what you would tell a friend\n"
            "  --balanced TEXT      a more balanced thought\n"
            "  --rerate NAME=N      the feeling rated again afterwards (repeatable)\n"
            "  --answer ID=TEXT     an answer to a question (likely, other, survived,\n"
            "                       need-to-know, now-or-then)\n"
            "  --edit               write the situation, the thought, the evidence, a friend's\n"
            "                       view and the balanced thought in $EDITOR\n"
            "  --resume             take up the newest draft where you stopped (alone)\n"
            "  --json               the saved record, with the questions offered\n\n"
            "Prints the new record's id, then questions worth sitting with.",
    .args = &(const struct cli_argspec){.opts = opts,
                                        .store = CLI_STORE_OPEN,
                                        .check = check,
                                        .run = run,
                                        .crisis_kind = HV_THOUGHT_KIND},
};
