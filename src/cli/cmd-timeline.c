/*
 * cmd-timeline.c — `haven timeline`: the events of a life that taught what
 * to expect of closeness, listed oldest first, added, changed and removed,
 * with prompts that may help a memory come back.  The library keeps and
 * checks them (growth/timeline.h); this file reads flags and prints.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "core/content.h"
#include "core/template.h"
#include "growth/timeline.h"

extern const struct hv_cmd cmd_timeline;

static const char *msg(const char *key)
{
	return hv_content_text("timeline.json", key, "");
}

static const char *kind_words(const char *kind)
{
	const json_t *k = json_object_get(hv_content_json("timeline.json", NULL), "kinds");
	const char *s = json_string_value(json_object_get(k, kind ? kind : ""));
	return s ? s : kind;
}

static void print_item(struct hv_cli *cli, const json_t *rec)
{
	const json_t *b = json_object_get(rec, "body");
	char when[32];
	const json_t *age = json_object_get(b, "age");
	if (age) {
		char n[16];
		snprintf(n, sizeof n, "%lld", (long long)json_integer_value(age));
		const char *kv[] = {"age", n, NULL};
		char *s = hv_template_fill(msg("age"), kv);
		snprintf(when, sizeof when, "%s", s ? s : n);
		free(s);
	} else {
		snprintf(when, sizeof when, "%s", json_string_value(json_object_get(b, "date")));
	}
	const char *kind = json_string_value(json_object_get(b, "kind"));
	char shown[96];
	if (kind)
		snprintf(shown, sizeof shown, "  (%s)", kind_words(kind));
	cli_row(cli, rec,
	        &(struct cli_row_words){.when = when,
	                                .width = 11,
	                                .text = json_string_value(json_object_get(b, "what")),
	                                .tag = kind ? shown : NULL});
	const char *shaped = json_string_value(json_object_get(b, "shaped"));
	if (shaped) {
		printf("%*s%s%s: %s", 22, "", cli_dim(cli), msg("shaped_label"), cli_reset(cli));
		cli_wrap_words(22 + (int)strlen(msg("shaped_label")) + 2, 24, shaped);
		printf("\n");
	}
}

/* Each flag's value into the fields the parser holds: --age a number in
 * range, --kind one the timeline knows, the rest text as written. */
static int take(struct cli_args *a, const struct cli_argdef *opt, const char *v)
{
	if (!a->body)
		a->body = json_object();
	const char *key = opt->name + 2;
	if (!strcmp(key, "age")) {
		char *end;
		errno = 0;
		long n = strtol(v, &end, 10);
		if (!*v || *end || errno || n < 0 || n > HV_TIMELINE_AGE_MAX)
			return cli_usage(&cmd_timeline,
			                 "--age must be a whole number from 0 to %d, not \"%s\"",
			                 HV_TIMELINE_AGE_MAX, v);
		json_object_set_new(a->body, key, json_integer(n));
	} else if (!strcmp(key, "kind") && !hv_timeline_kind_known(v)) {
		return cli_usage(&cmd_timeline, "--kind must be %s, not \"%s\"", HV_TIMELINE_KINDS,
		                 v);
	} else {
		json_object_set_new(a->body, key, hv_json_text(v));
	}
	return 0;
}

/* add's and edit's variant in their specs. */
enum { ADD, EDIT };

/* The fields of add or edit taken together: edit's id first, one text of
 * what happened (add's may be the bare word, after edit's id), and an age
 * or a date, not both. */
static int fields_check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	int edit = a->spec->variant == EDIT;
	if (edit && a->argc == 0)
		return cli_usage(&cmd_timeline, "timeline edit needs the id of an event");
	if (!a->body)
		a->body = json_object();
	json_t *f = a->body;
	int words = a->argc - edit; /* after edit's id */
	if (words > 1 || (!edit && words == 1 && json_object_get(f, "what")))
		return cli_usage(&cmd_timeline, "give what happened as one argument, in quotes");
	if (!edit && words == 1)
		json_object_set_new(f, "what", hv_json_text(a->argv[0]));
	if (json_object_get(f, "age") && json_object_get(f, "date"))
		return cli_usage(&cmd_timeline, "give --age or --date, not both");
	if (!edit && !json_object_get(f, "what"))
		return cli_usage(&cmd_timeline, "timeline add needs what happened, in quotes");
	if (!edit && !json_object_get(f, "age") && !json_object_get(f, "date"))
		return cli_usage(&cmd_timeline,
		                 "timeline add needs --age N or --date YYYY[-MM[-DD]]");
	return 0;
}

static int said(struct hv_cli *cli, const char *key, const struct hv_record *r,
                const json_t *crisis)
{
	if (cli->json)
		return cli_print_record(r, crisis);
	cli_say_id(msg(key), r->id, 8);
	return HV_EXIT_OK;
}

/* add and edit: the fields read and checked, help given first (the spec's
 * crisis_kind); then the library's save. */
static int write_event(struct hv_cli *cli, struct cli_args *a)
{
	const char *edit_id = a->spec->variant == EDIT ? a->argv[0] : NULL;
	struct hv_record r;
	struct hv_error err;
	if ((edit_id ? hv_timeline_edit(a->store, edit_id, a->body, &r, &err)
	             : hv_timeline_add(a->store, a->body, &r, &err)) < 0)
		return cli_error(cli, &err);
	int rc = said(cli, edit_id ? "changed" : "added", &r, a->crisis);
	hv_record_release(&r);
	return rc;
}

static int remove_event(struct hv_cli *cli, struct cli_args *a)
{
	const char *id = a->argv[0];
	struct hv_error err;
	if (hv_timeline_remove(a->store, id, &err) < 0)
		return cli_error(cli, &err);
	if (cli->json)
		return cli_print_json(json_pack("{s:b}", "removed", 1));
	cli_say_id(msg("removed"), id, 63); /* as it was given */
	return HV_EXIT_OK;
}

static int prompts(struct hv_cli *cli, struct cli_args *a)
{
	(void)a;
	const json_t *all = hv_content_json("timeline.json", NULL);
	if (cli->json)
		return cli_print_json(json_incref(json_object_get(all, "prompts")));
	cli_wrap(0, msg("prompts_intro"));
	printf("\n\n");
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(all, "prompts"), i, p)
	{
		printf("  - ");
		cli_wrap_words(4, 4, json_string_value(p));
		printf("\n");
	}
	return HV_EXIT_OK;
}

static int list(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_store *st = a->store;
	struct hv_error err;
	json_t *events = hv_timeline_list(st, &err);
	if (!events)
		return cli_error(cli, &err);
	if (cli->json)
		return cli_print_json(events);
	if (json_array_size(events) == 0)
		cli_wrap(0, msg("empty")), printf("\n");
	size_t i;
	json_t *rec;
	json_array_foreach(events, i, rec) print_item(cli, rec);
	json_decref(events);
	return HV_EXIT_OK;
}

#define TAKEN(n)                                                                                   \
	{                                                                                          \
		.name = (n), .value = 1, .take = take                                              \
	}
static const struct cli_argdef event_opts[] = {
    TAKEN("--what"), TAKEN("--age"), TAKEN("--date"), TAKEN("--kind"), TAKEN("--shaped"), CLI_END,
};
static const struct cli_argdef no_opts[] = {CLI_END};
#define EVENT_SUB(v)                                                                               \
	&(const struct cli_argspec)                                                                \
	{                                                                                          \
		.opts = event_opts, .store = CLI_STORE_OPEN, .check = fields_check,                \
		.run = write_event, .crisis_kind = HV_TIMELINE_KIND, .variant = (v)                \
	}
static const struct cli_sub subs[] = {
    {"add", EVENT_SUB(ADD)},
    {"edit", EVENT_SUB(EDIT)},
    {"remove", &(const struct cli_argspec){.opts = no_opts,
                                           .store = CLI_STORE_OPEN,
                                           .one_word = "timeline remove needs the id of one event",
                                           .run = remove_event}},
    {"prompts",
     &(const struct cli_argspec){.opts = no_opts, .check = cli_no_words, .run = prompts}},
    {NULL, NULL},
};

const struct hv_cmd cmd_timeline = {
    .name = "timeline",
    .usage = "timeline [add \"WHAT\" (--age N | --date YYYY[-MM[-DD]]) [--kind K] "
             "[--shaped \"HOW\"] | edit ID [--what T] [--age N | --date D] [--kind K] "
             "[--shaped T] | remove ID | prompts]",
    .summary = "the moments that taught you what to expect of closeness",
    .help = "  haven timeline                    your timeline, from childhood to now\n"
            "  haven timeline add \"WHAT\"         add a moment, placed by --age N or\n"
            "                                    --date YYYY, YYYY-MM or YYYY-MM-DD;\n"
            "                                    --kind person|move|loss|relationship|\n"
            "                                    turning-point|other; --shaped \"HOW\": what\n"
            "                                    it taught you to expect of closeness\n"
            "  haven timeline edit ID [OPTIONS]  change a moment: the same options, and\n"
            "                                    --what; an empty --shaped \"\" removes it\n"
            "  haven timeline remove ID          take a moment off your timeline\n"
            "  haven timeline prompts            questions that may help you remember\n\n"
            "--json prints records.",
    .args = &(const struct cli_argspec){.opts = no_opts,
                                        .in_order = 1,
                                        .store = CLI_STORE_OPEN,
                                        .unknown_sub = "unknown timeline command",
                                        .run = list,
                                        .subs = subs},
};
