/*
 * cmd-home.c — `haven` with no command: a gentle home screen.  A greeting
 * for the time of day, the last few entries, and what can be done now —
 * led by the moment it is opened in (insight/moment.h): after a strong
 * entry, or while a message is held back, the pause, the coach and the
 * chat's usual silences come first; a held message that is ready is
 * offered before anything; otherwise the quieter things.  An entry stopped
 * part way and kept as a draft is named above it all, with the command
 * that takes it up.  The data names each action by id (core/action.h);
 * here it is offered as the command to type.  When the last days have run
 * hot, the setback plan written ahead is offered too (or, with none
 * written, the thought of writing one).  Every word is data/home.json's
 * and data/growth.json's.
 */
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "core/clock.h"
#include "core/content.h"
#include "core/draft.h"
#include "core/template.h"
#include "core/text.h"
#include "entry-draft.h"
#include "growth/growth.h"
#include "insight/moment.h"
#include "journal/journal.h"

static const char *greeting(int64_t now)
{
	struct hv_civil c;
	hv_civil_from_ms(now, hv_local_offset_min(now), &c);
	const char *part = c.hour < 5    ? "night"
	                   : c.hour < 12 ? "morning"
	                   : c.hour < 18 ? "afternoon"
	                   : c.hour < 23 ? "evening"
	                                 : "night";
	const json_t *list =
	    json_object_get(json_object_get(hv_content_json("home.json", NULL), "greetings"), part);
	size_t n = json_array_size(list);
	return n ? json_string_value(json_array_get(list, (size_t)(now / 86400000) % n)) : "";
}

static void print_recent(struct hv_cli *cli, const json_t *entries, int64_t now)
{
	size_t i;
	json_t *rec;
	printf("%s%s%s\n", cli_bold(cli), hv_content_text("home.json", "recent_title", ""),
	       cli_reset(cli));
	json_array_foreach(entries, i, rec)
	{
		char when[48];
		const json_t *body = json_object_get(rec, "body");
		cli_when_of(rec, "created", now, when, sizeof when);
		const char *words = json_string_value(json_object_get(body, "what"));
		/* Control characters as pictures; at most 50 columns, shortened
		 * with "…" so a cut is seen as one. */
		int room = cli_columns() - 27; /* what the when and the level leave */
		char *what = cli_shorten(words, room < 50 ? (room > 8 ? room : 8) : 50);
		printf("  %s%-17s%s %2lld/10  %s\n", cli_dim(cli), when, cli_reset(cli),
		       (long long)json_integer_value(json_object_get(body, "intensity")),
		       what ? what : "");
		free(what);
	}
}

static const json_t *moments(void)
{
	return json_object_get(hv_content_json("home.json", NULL), "moments");
}

/* An action of the data ({"do", "label"}) as the command line offers it:
 * the command to type beside the id (core/action.h). */
static json_t *offered(const json_t *a)
{
	const char *act = cli_str(a, "do");
	char line[256];
	cli_action_line(act, line, sizeof line);
	return json_pack("{s:s,s:s,s:s}", "do", act, "command", line, "label", cli_str(a, "label"));
}

static void offer_each(json_t *out, const json_t *actions)
{
	size_t i;
	const json_t *a;
	json_array_foreach(actions, i, a) json_array_append_new(out, offered(a));
}

/* The actions the moment leads with: a ready held message first when
 * there is one, then the mood's own; the quiet list otherwise. */
static json_t *actions_for(const struct hv_moment *m)
{
	const json_t *home = hv_content_json("home.json", NULL);
	json_t *out = json_array();
	if (strcmp(m->mood, "quiet") == 0) {
		offer_each(out, json_object_get(home, "actions"));
		return out;
	}
	if (strcmp(m->mood, "stirred") == 0 && m->held_ready)
		json_array_append_new(out, offered(json_object_get(moments(), "held_first")));
	offer_each(out, json_object_get(json_object_get(moments(), m->mood), "actions"));
	return out;
}

/* A lead sentence of the moment's, its slots filled, wrapped. */
static void print_lead(const char *tmpl, const char *when, const char *due, int intensity,
                       const char *count)
{
	char level[16];
	snprintf(level, sizeof level, "%d", intensity);
	const char *kv[] = {"when", when, "due", due, "intensity", level, "count", count, NULL};
	char *line = hv_template_fill(tmpl, kv);
	if (line) {
		cli_wrap(0, line);
		printf("\n");
	}
	free(line);
}

static void print_moment(struct hv_cli *cli, const struct hv_moment *m, int64_t now)
{
	char when[48] = "", due[48] = "";
	int off = hv_local_offset_min(now);
	if (m->entry_ms)
		cli_format_when(m->entry_ms, off, now, when, sizeof when);
	if (m->next_due_ms)
		cli_format_when(m->next_due_ms, off, now, due, sizeof due);
	printf("%s%s%s\n", cli_bold(cli),
	       json_string_value(json_object_get(moments(), "stirred_title")), cli_reset(cli));
	const char *lead = NULL;
	if (m->stirred)
		lead = json_string_value(
		    json_object_get(json_object_get(moments(), "stirred"), "lead"));
	if (lead)
		print_lead(lead, when, due, m->intensity, "");
	if (m->held_waiting)
		print_lead(json_string_value(
		               json_object_get(json_object_get(moments(), "holding"), "lead")),
		           when, due, m->intensity, "");
	if (!m->stirred && !m->held_waiting)
		print_lead(
		    json_string_value(json_object_get(json_object_get(moments(), "held"), "lead")),
		    when, due, m->intensity, "");
	else
		print_lead(json_string_value(json_object_get(moments(), "then")), when, due,
		           m->intensity, "");
}

/* The actions, their commands in one column as wide as the longest. */
static void print_actions(struct hv_cli *cli, const json_t *actions)
{
	size_t i;
	json_t *a;
	int width = 16;
	json_array_foreach(actions, i, a)
	{
		int len = (int)strlen(json_string_value(json_object_get(a, "command")));
		width = len > width ? len : width;
	}
	/* A narrow terminal: each label under its command, indented. */
	int narrow = cli_columns() - (2 + width + 1) < 24;
	json_array_foreach(actions, i, a)
	{
		const char *command = json_string_value(json_object_get(a, "command"));
		const char *label = json_string_value(json_object_get(a, "label"));
		if (narrow) {
			printf("  %s%s%s\n    ", cli_accent(cli), command, cli_reset(cli));
			cli_wrap_hanging(4, 4, label);
		} else {
			printf("  %s%-*s%s ", cli_accent(cli), width, command, cli_reset(cli));
			cli_wrap_hanging(2 + width + 1, 2 + width + 1, label);
		}
		printf("\n");
	}
}

/* {"offer": the last days ran hot, "written": a plan exists}, or NULL. */
static json_t *plan_offer(struct hv_store *st, int64_t now, struct hv_error *err)
{
	int hot = hv_plan_running_hot(st, now, err);
	json_t *plan = hot > 0 ? hv_plan_get(st, err) : json_null();
	if (hot < 0 || !plan)
		return NULL;
	json_t *out = json_pack("{s:b,s:b}", "offer", hot, "written", !json_is_null(plan));
	json_decref(plan);
	return out;
}

static void print_plan_offer(struct hv_cli *cli, const json_t *offer)
{
	const json_t *w = json_object_get(hv_content_json("growth.json", NULL), "plan");
	if (!json_is_true(json_object_get(offer, "offer")))
		return;
	int written = json_is_true(json_object_get(offer, "written"));
	cli_wrap(0, json_string_value(json_object_get(w, written ? "offer" : "offer_write")));
	char line[256];
	cli_action_line(cli_str(json_object_get(w, "offer_action"), "do"), line, sizeof line);
	printf("\n  %s%s%s  ", cli_accent(cli), line, cli_reset(cli));
	cli_wrap_hanging(4, 4, cli_str(w, written ? "offer_label" : "offer_write_label"));
	printf("\n\n");
}

/* Entries stopped part way and kept (entry-draft.c): a sentence with the
 * newest one's time, then the command that takes up each kind of them. */
static void print_drafts(struct hv_cli *cli, const json_t *drafts, int64_t now)
{
	size_t n = json_array_size(drafts), i;
	if (!n)
		return;
	const json_t *words = json_object_get(hv_content_json("home.json", NULL), "drafts");
	char when[48] = "", count[24];
	const json_t *rec = json_array_get(drafts, 0);
	cli_when_of(rec, "created", now, when, sizeof when);
	snprintf(count, sizeof count, "%zu", n);
	printf("%s%s%s\n", cli_bold(cli), cli_str(words, "title"), cli_reset(cli));
	print_lead(cli_str(words, n == 1 ? "one" : "many"), when, "", 0, count);
	json_t *actions = json_array();
	json_array_foreach(drafts, i, rec)
	{
		const char *command =
		    cli_draft_command(cli_str(json_object_get(rec, "body"), "of"));
		size_t j;
		json_t *a;
		int seen = 0;
		json_array_foreach(actions, j, a) seen |= !strcmp(cli_str(a, "command"), command);
		if (!seen)
			json_array_append_new(actions, json_pack("{s:s,s:s}", "command", command,
			                                         "label", cli_str(words, "label")));
	}
	print_actions(cli, actions);
	json_decref(actions);
	printf("\n");
}

/* What the home screen shows, read from the store: the last entries, the
 * drafts, the moment and the plan's offer. */
struct home_view {
	json_t *recent, *drafts, *offer;
	struct hv_moment m;
};

static int read_view(struct hv_store *st, int64_t now, struct home_view *v, struct hv_error *err)
{
	*v = (struct home_view){.m = {.mood = "quiet"}};
	struct hv_journal_filter f = {.limit = 5};
	if ((v->recent = hv_journal_list(st, &f, err)) &&
	    (v->drafts = hv_draft_list(st, NULL, err)) &&
	    hv_moment_read(st, now, &v->m, err) == 0 && (v->offer = plan_offer(st, now, err)))
		return 0;
	json_decref(v->recent);
	json_decref(v->drafts);
	return -1;
}

static int run(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_error err;
	int64_t now = hv_now_ms();
	struct home_view v;
	if (read_view(a->store, now, &v, &err) < 0)
		return cli_error(cli, &err);
	struct hv_moment m = v.m;
	json_t *recent = v.recent, *drafts = v.drafts, *offer = v.offer;
	json_t *actions = actions_for(&m);
	if (cli->json)
		return cli_print_json(json_pack("{s:s,s:o,s:o,s:o,s:o,s:o}", "greeting",
		                                greeting(now), "moment", hv_moment_json(&m),
		                                "drafts", drafts, "recent", recent, "actions",
		                                actions, "plan", offer));
	const json_t *home = hv_content_json("home.json", NULL);
	int quiet = strcmp(m.mood, "quiet") == 0;
	printf("%s", cli_bold(cli));
	cli_wrap(0, greeting(now));
	printf("%s\n\n", cli_reset(cli));
	print_drafts(cli, drafts, now);
	json_decref(drafts);
	if (!quiet) {
		print_moment(cli, &m, now);
		print_actions(cli, actions);
		printf("\n");
	}
	print_plan_offer(cli, offer);
	json_decref(offer);
	if (json_array_size(recent) == 0) {
		cli_wrap(0, json_string_value(json_object_get(home, "empty")));
		printf("\n");
	} else
		print_recent(cli, recent, now);
	json_decref(recent);
	if (quiet) {
		printf("\n%s%s%s\n", cli_bold(cli),
		       json_string_value(json_object_get(moments(), "quiet_title")),
		       cli_reset(cli));
		print_actions(cli, actions);
	}
	json_decref(actions);
	const json_t *rem = json_object_get(home, "reminders");
	size_t n = json_array_size(rem);
	if (n) {
		printf("\n%s", cli_dim(cli));
		cli_wrap(0, json_string_value(json_array_get(rem, (size_t)(now / 3600000) % n)));
		printf("%s\n", cli_reset(cli));
	}
	return HV_EXIT_OK;
}

const struct hv_cmd cmd_home = {
    .name = "home",
    .usage = "[home]",
    .summary = "what you logged recently and what you can do now",
    .help = "The screen haven shows when run with no command.",
    .args = &(const struct cli_argspec){.store = CLI_STORE_READ, .check = cli_no_words, .run = run},
};
