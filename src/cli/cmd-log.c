/*
 * cmd-log.c — `haven log`: capture a trigger-journal entry.
 *
 * With -i (intensity) everything comes from flags and nothing is asked, for
 * one-line capture and scripts.  On a terminal without -i it walks the
 * steps in data/journal.json one at a time; every step but intensity can be
 * skipped with Enter.  Afterwards it offers the past-or-present questions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "cli.h"
#include "coach/coach.h"
#include "core/clock.h"
#include "core/content.h"
#include "core/draft.h"
#include "core/template.h"
#include "core/text.h"
#include "editor.h"
#include "entry-draft.h"
#include "entry-flags.h"
#include "journal/journal.h"
#include "journal/vocab.h"
#include "log-menu.h"
#include "practice-run.h"

extern const struct hv_cmd cmd_log;

/* Join the positional words into "what". */
static void set_what(json_t *body, int argc, char **argv)
{
	size_t len = 0;
	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	if (!len)
		return;
	char *s = calloc(1, len), *p = s;
	for (int i = 0; i < argc; i++)
		p += sprintf(p, "%s%s", i ? " " : "", argv[i]);
	json_object_set_new(body, "what", hv_json_text(s));
	free(s);
}

static const char *step_text(const char *step, const char *field)
{
	const json_t *steps = json_object_get(hv_content_json("journal.json", NULL), "steps");
	size_t i;
	json_t *s;
	json_array_foreach(steps, i, s)
	{
		if (strcmp(json_string_value(json_object_get(s, "id")), step) == 0)
			return json_string_value(json_object_get(s, field));
	}
	return "";
}

/* Ask one step; NULL or "" means skipped.  Caller frees. */
/* A step's question and hint, each broken between words at the terminal's width. */
static void print_step(struct hv_cli *cli, const char *step)
{
	printf("\n%s", cli_bold(cli));
	cli_wrap(0, step_text(step, "prompt"));
	printf("%s\n%s", cli_reset(cli), cli_dim(cli));
	cli_wrap(0, step_text(step, "hint"));
	printf("%s\n", cli_reset(cli));
}

static char *ask_step(struct hv_cli *cli, const char *step)
{
	print_step(cli, step);
	return cli_ask("> ");
}

static void ask_text(struct hv_cli *cli, json_t *body, const char *step, const char *key)
{
	char *a = ask_step(cli, step);
	if (a && *a)
		json_object_set_new(body, key, hv_json_text(a));
	free(a);
}

static int ask_intensity(struct hv_cli *cli, json_t *body)
{
	print_step(cli, "intensity");
	for (;;) {
		char *a = cli_ask(cli_terminal_words("journal.json", "ask_intensity", 0));
		if (!a)
			return -1;
		char *end;
		long v = strtol(a, &end, 10);
		int ok = end != a && *end == '\0' && v >= 1 && v <= 10;
		free(a);
		if (ok) {
			json_object_set_new(body, "intensity", json_integer(v));
			return 0;
		}
		printf("%s\n", hv_content_text("journal.json", "intensity_again",
		                               "A whole number from 1 to 10, please."));
	}
}

static void ask_menu(struct hv_cli *cli, json_t *body, const char *step, const char *key,
                     void (*each)(hv_vocab_fn, void *), json_t *own)
{
	struct cli_menu m = {0};
	print_step(cli, step);
	each(cli_menu_collect, &m);
	cli_menu_print(cli, &m);
	for (;;) {
		char *a = cli_ask(
		    cli_terminal_words("journal.json", own ? "ask_numbers_own" : "ask_numbers", 0));
		char *bad = a && *a ? cli_menu_read(&m, a, body, key, own) : NULL;
		free(a);
		if (!bad)
			return;
		const char *kv[] = {"word", bad, NULL};
		cli_put_filled(stdout, cli_terminal_words("journal.json", "not_a_choice", 0), kv,
		               "\n");
		free(bad);
	}
}

struct word_line {
	const char *family;
	struct hv_cli *cli;
	int col, cols;
};

/* One family a line, its words after it; a family too long for the
 * terminal goes on under itself, broken between words. */
static void print_word(const char *family, const char *id, const char *label, const char *extra,
                       void *ctx)
{
	struct word_line *w = ctx;
	(void)id, (void)extra;
	int lw = hv_text_width(label);
	if (!w->family || strcmp(w->family, family) != 0) {
		printf("%s  %s%-9s%s", w->family ? "\n" : "", cli_dim(w->cli), family,
		       cli_reset(w->cli));
		w->family = family;
		w->col = 2 + (hv_text_width(family) > 9 ? hv_text_width(family) : 9);
	} else {
		printf(",");
		w->col++;
		if (w->col + 1 + lw + 1 > w->cols) { /* room for the comma after it too */
			printf("\n%11s", "");
			w->col = 11;
		}
	}
	printf(" %s", label);
	w->col += 1 + lw;
}

/* Emotions: too many to number, so words by family, typed freely. */
static void ask_emotions(struct hv_cli *cli, json_t *body)
{
	struct word_line w = {.cli = cli, .cols = isatty(STDOUT_FILENO) ? cli_columns() : 1 << 20};
	print_step(cli, "emotions");
	hv_emotions_each(print_word, &w);
	printf("\n");
	char *a = cli_ask(cli_terminal_words("journal.json", "ask_words", 0));
	char *save = NULL;
	for (char *tok = a ? strtok_r(a, ",", &save) : NULL; tok; tok = strtok_r(NULL, ",", &save))
		if (*tok)
			cli_list_add(body, "emotions", tok);
	free(a);
}

static void ask_response(struct hv_cli *cli, json_t *body)
{
	json_t *own = json_array();
	ask_menu(cli, body, "response", "responses", hv_responses_each, own);
	if (json_array_size(own) > 0) {
		char *joined = NULL;
		size_t i;
		json_t *w;
		json_array_foreach(own, i, w)
		{
			char *prev = joined;
			if (asprintf(&joined, "%s%s%s", prev ? prev : "", prev ? ", " : "",
			             json_string_value(w)) < 0)
				joined = prev, prev = NULL;
			free(prev);
		}
		json_object_set_new(body, "response", json_string(joined));
		free(joined);
		char *t = cli_ask(cli_terminal_words("journal.json", "ask_kind", 0));
		if (t && (t[0] == 'p' || t[0] == 'P'))
			json_object_set_new(body, "response_type", json_string("protest"));
		else if (t && (t[0] == 's' || t[0] == 'S'))
			json_object_set_new(body, "response_type", json_string("soothing"));
		free(t);
	}
	json_decref(own);
}

static void ask_recovered(struct hv_cli *cli, json_t *body)
{
	char *a = ask_step(cli, "recovered");
	char *end;
	long v = a ? strtol(a, &end, 10) : -1;
	if (a && *a && *end == '\0' && v >= 0)
		json_object_set_new(body, "recovered_minutes", json_integer(v));
	free(a);
}

/* The notice once the crisis net has fired during this entry: each step a
 * person answers passes the net at once, so help comes at that step, not
 * after all the rest. */
static struct cli_heard heard = {.kind = HV_TRIGGER_KIND};
/* Ctrl-C during the walk: the read it cut returns nothing, and no step after it is asked. */
#define STOPPED() (practice_caught() != 0)

static int step_what(struct hv_cli *cli, json_t *body)
{
	if (!json_object_get(body, "what"))
		ask_text(cli, body, "what", "what");
	return 0;
}

static int step_thoughts(struct hv_cli *cli, json_t *body)
{
	if (!json_object_get(body, "thoughts")) /* given with --thought or --edit */
		ask_text(cli, body, "thoughts", "thoughts");
	return 0;
}

static int step_body(struct hv_cli *cli, json_t *body)
{
	if (!json_object_get(body, "body"))
		ask_text(cli, body, "body", "body");
	return 0;
}

static int step_emotions(struct hv_cli *cli, json_t *body)
{
	ask_emotions(cli, body);
	return 0;
}

static int step_triggers(struct hv_cli *cli, json_t *body)
{
	ask_menu(cli, body, "triggers", "triggers", hv_trigger_kinds_each, NULL);
	return 0;
}

static int step_response(struct hv_cli *cli, json_t *body)
{
	ask_response(cli, body);
	return 0;
}

static int step_recovered(struct hv_cli *cli, json_t *body)
{
	ask_recovered(cli, body);
	return 0;
}

/* The walk in order, by the ids of data/journal.json's steps: a draft
 * remembers the one it stopped at, and --resume starts there. */
static const struct {
	const char *id;
	int (*ask)(struct hv_cli *cli, json_t *body);
} steps[] = {
    {"what", step_what},         {"thoughts", step_thoughts},   {"body", step_body},
    {"emotions", step_emotions}, {"triggers", step_triggers},   {"intensity", ask_intensity},
    {"response", step_response}, {"recovered", step_recovered},
};
#define N_STEPS ((int)(sizeof steps / sizeof *steps))

static int step_index(const char *id)
{
	for (int i = 0; i < N_STEPS; i++)
		if (strcmp(steps[i].id, id) == 0)
			return i;
	return 0; /* a step this haven does not know: begin again, nothing is lost */
}

/* Ask the steps from `from` on; *at is the one being asked when Ctrl-C or
 * the end of input stopped the walk (-1 then), 0 when every step was asked. */
static int walk_steps(struct hv_cli *cli, json_t *body, int from, int *at)
{
	printf("%s", cli_dim(cli));
	cli_wrap(0, hv_content_text("journal.json", "skip_hint_terminal", ""));
	printf("%s\n", cli_reset(cli));
	for (int i = from; i < N_STEPS; i++) {
		*at = i;
		int r = steps[i].ask(cli, body);
		cli_hear(cli, &heard, body); /* each answer passes the net at once */
		if (STOPPED() || r < 0)
			return -1;
	}
	return 0;
}

/* The four past-or-present questions, answers kept on the entry. */
static void offer_reflection(struct hv_cli *cli, struct hv_store *st, struct hv_record *r)
{
	printf("\n");
	char *yes = cli_ask(cli_terminal_words("journal.json", "ask_reflect", 0));
	int go = yes && (yes[0] == 'y' || yes[0] == 'Y');
	free(yes);
	if (!go)
		return;
	json_t *refl = json_object();
	const json_t *qs =
	    json_object_get(hv_content_json("journal.json", NULL), "past_or_present");
	size_t i;
	json_t *q;
	json_array_foreach(qs, i, q)
	{
		printf("\n%s%s%s\n", cli_bold(cli),
		       json_string_value(json_object_get(q, "question")), cli_reset(cli));
		char *a = cli_ask("> ");
		if (a && *a)
			json_object_set_new(refl, json_string_value(json_object_get(q, "id")),
			                    json_string(a));
		free(a);
	}
	if (json_object_size(refl) > 0) {
		json_decref(cli_crisis_body(cli, HV_TRIGGER_KIND, refl));
		json_t *changes = json_pack("{s:o}", "reflection", refl);
		struct hv_error err;
		if (hv_journal_edit(st, r->id, changes, 0, NULL, &err) < 0)
			cli_error(cli, &err);
		json_decref(changes);
	} else {
		json_decref(refl);
	}
}

static void print_saved(struct hv_cli *cli, const struct hv_record *r, int crisis)
{
	if (!cli->interactive) {
		printf("%s\n", r->id);
		return;
	}
	const json_t *lines = json_object_get(hv_content_json("journal.json", NULL), "after_entry");
	size_t n = json_array_size(lines);
	const char *line =
	    n ? json_string_value(json_array_get(lines, (size_t)(r->created_ms % (int64_t)n))) : "";
	/* After help, the words that say it is kept point back to the help. */
	if (crisis)
		line = hv_content_text("journal.json", "after_crisis", line);
	printf("\n%s", cli_bold(cli));
	cli_wrap(0, line);
	printf("%s\n", cli_reset(cli));
	if (crisis)
		return; /* the help is what to do next */
	/* What can be done with it, rather than its id alone. */
	char id[16];
	snprintf(id, sizeof id, "%.8s", r->id);
	const char *kv[] = {"id", id, NULL};
	char *hint = hv_template_fill(hv_content_text("journal.json", "edit_hint", ""), kv);
	printf("%s", cli_dim(cli));
	cli_wrap(0, hint ? hint : "");
	printf("%s\n", cli_reset(cli));
	free(hint);
}

/* --resume: the newest draft's words, step and time replace the empty
 * start; *draft holds it (its id is dropped once the entry is saved). */
static int take_draft(struct hv_cli *cli, struct hv_store *st, json_t **body, int *from,
                      int64_t *at, struct hv_record *draft)
{
	const char *step;
	int rc = cli_draft_take(cli, st, HV_TRIGGER_KIND, draft, body, &step);
	if (rc != 0)
		return rc;
	*from = step_index(step);
	*at = draft->created_ms;
	return 0;
}

/* Save the finished entry and say so (or print it with --json). */
static int save_entry(struct hv_cli *cli, struct hv_store *st, const json_t *body, int64_t at,
                      const json_t *crisis, int walked)
{
	struct hv_error err;
	struct hv_record rec;
	if (hv_journal_add(st, body, at, &rec, &err) < 0)
		return cli_error(cli, &err);
	/* After a hard moment, something from the person's own evidence list. */
	json_t *evidence = NULL;
	if (json_integer_value(json_object_get(rec.body, "intensity")) >= 7)
		evidence = hv_evidence_pick(st, &err);
	int rc = HV_EXIT_OK;
	if (cli->json) {
		json_t *j = hv_record_to_json(&rec);
		cli_add_crisis(j, json_incref((json_t *)crisis));
		if (evidence)
			json_object_set(j, "evidence", evidence);
		rc = cli_print_json(j);
	} else {
		print_saved(cli, &rec, crisis != NULL);
		if (evidence && cli->interactive)
			printf("\n%s\n  %s%s%s\n",
			       hv_content_text("journal.json", "evidence_intro", ""), cli_bold(cli),
			       json_string_value(
			           json_object_get(json_object_get(evidence, "body"), "text")),
			       cli_reset(cli));
	}
	json_decref(evidence);
	if (cli->interactive && walked)
		offer_reflection(cli, st, &rec);
	hv_record_release(&rec);
	return rc;
}

/* --edit: what happened, the thought and the body in $EDITOR. */
static int edit_long_fields(struct hv_cli *cli, json_t *body)
{
	const struct cli_edit_field fields[] = {
	    {"what", step_text("what", "prompt")},
	    {"thoughts", step_text("thoughts", "prompt")},
	    {"body", step_text("body", "prompt")},
	};
	if (cli_edit_fields(body, fields, 3) < 0)
		return -1;
	cli_hear(cli, &heard, body);
	return 0;
}

/* The steps from `from` on.  Ctrl-C stops them, as in a practice, and
 * offers to keep what was written as a draft (entry-draft.c; resumed is the
 * draft they began from); the exit status, HV_EXIT_OK to save the entry. */
static int walk(struct hv_cli *cli, struct hv_store *st, json_t *body, int from, int64_t at,
                const char *resumed)
{
	int at_step = from;
	practice_signals_on();
	int walked = walk_steps(cli, body, from, &at_step);
	int stopped = practice_caught();
	practice_signals_off();
	if (stopped)
		return cli_draft_offer(cli, st, HV_TRIGGER_KIND, body, steps[at_step].id, at,
		                       resumed, stopped);
	if (walked < 0) {
		fprintf(stderr, "%s\n", cli_terminal_words("journal.json", "input_ended", 0));
		return HV_EXIT_FAIL;
	}
	return HV_EXIT_OK;
}

/* The words and the flags taken together, before the database is opened,
 * so bad input changes nothing: the body whole (the editor's fields too),
 * normalised and, with -i, checked. */
static int check_words(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_error err;
	if (cli_flag(a, "--resume") && cli_given_besides(a, "--resume"))
		return cli_usage(&cmd_log, "%s",
		                 hv_content_text("terminal.json", "draft/resume_alone", ""));
	if (!a->body)
		a->body = json_object();
	set_what(a->body, a->argc, a->argv);
	int have_intensity = cli_flag(a, "--intensity") > 0;
	if (cli_entry_at(a) > hv_now_ms() + 60000)
		return cli_usage(&cmd_log, "--at is in the future; give when it happened");
	if (!have_intensity && !cli->interactive)
		return cli_usage(&cmd_log, "not on a terminal, so nothing can be asked: give at "
		                           "least the intensity with -i N (1-10)");
	if (cli_flag(a, "--edit") && edit_long_fields(cli, a->body) < 0)
		return HV_EXIT_FAIL;
	if (hv_trigger_normalize(a->body, &err) < 0 ||
	    (have_intensity && hv_trigger_validate(a->body, &err) < 0))
		return cli_error(cli, &err);
	return 0;
}

/* Help came before anything else (the spec's crisis_kind): before the
 * words were parsed, checked, asked about or saved.  What it heard is kept
 * as heard, so the editor and the walk do not sound it again. */
static int check(struct hv_cli *cli, struct cli_args *a)
{
	return cli_hear_check(cli, a, &heard, check_words);
}

static int run(struct hv_cli *cli, struct cli_args *a)
{
	int rc = HV_EXIT_OK, from = 0, resume = cli_flag(a, "--resume") > 0;
	int have_intensity = cli_flag(a, "--intensity") > 0;
	int64_t at = cli_entry_at(a);
	struct hv_error err;
	struct hv_record draft = {0};
	struct hv_store *st = a->store;
	json_t *body = cli_entry_body(a);
	if (resume && (rc = take_draft(cli, st, &body, &from, &at, &draft)) != 0)
		goto out;
	if (!have_intensity &&
	    (rc = walk(cli, st, body, from, at, resume ? draft.id : NULL)) != HV_EXIT_OK)
		goto out;
	/* the editor or a step of the walk may have heard it */
	rc = save_entry(cli, st, body, at, heard.notice, !have_intensity);
	if (rc == HV_EXIT_OK && resume && hv_draft_drop(st, draft.id, &err) < 0)
		rc = cli_error(cli, &err);
out:
	if (resume)
		hv_record_release(&draft);
	cli_heard_forget(&heard);
	json_decref(body);
	return rc;
}

static const struct cli_argdef opts[] = {CLI_ENTRY_FLAGS, CLI_FLAG("--edit"), CLI_FLAG("--resume"),
                                         CLI_END};

const struct hv_cmd cmd_log = {
    .name = "log",
    .usage = "log [-i N] [-k KIND]... [options] [WHAT HAPPENED]",
    .summary = "write down a moment that set off the alarm",
    .help = "On a terminal with no -i, haven asks one step at a time; Enter skips any\n"
            "step but how strong it was, which every entry needs. Ctrl-C stops and asks\n"
            "whether to keep what you wrote as a draft (exit 130); the home screen shows\n"
            "a kept draft, and --resume takes it up at the step where you stopped.\n"
            "With -i it asks nothing and saves what the flags say.\n\n"
            "  -i, --intensity N    how strong it felt, 1-10 (required without a terminal)\n"
            "  -k, --kind KIND      a trigger kind, repeatable (partner-distance, work, ...)\n"
            "      --what TEXT      what happened (or the words after the options)\n"
            "      --thought TEXT   the thought that came\n"
            "      --body TEXT      what you noticed in your body\n"
            "      --emotion WORD   an emotion, repeatable\n"
            "      --did RESPONSE   what you did, from the list, repeatable (extra-texts, "
            "breathed, ...)\n"
            "      --response TEXT  what you did, in your own words\n"
            "      --protest, --soothing   what kind of response --response was\n"
            "      --recovered MIN  minutes until it eased (or add later with journal edit)\n"
            "      --edit           write what happened, the thought and the body in $EDITOR\n"
            "      --resume         take up the newest draft where you stopped (alone)\n"
            "      --at WHEN        when it happened: today 14:10, yesterday evening, last\n"
            "                       tuesday 8am, 3 days ago, 2026-01-05 21:30\n"
            "      --json           print the saved entry as JSON\n\n"
            "Prints the new entry's id.",
    .args = &(const struct cli_argspec){.opts = opts,
                                        .in_order = 1,
                                        .store = CLI_STORE_OPEN,
                                        .check = check,
                                        .run = run,
                                        .crisis_kind = HV_TRIGGER_KIND},
};
