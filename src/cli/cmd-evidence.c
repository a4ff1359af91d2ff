/*
 * cmd-evidence.c — `haven evidence`: the list that answers attachment
 * fears with what actually happened — people who stayed, conflicts that
 * were repaired, relationships that deepened — and the good moments, times
 * of feeling close, calm or secure (`haven evidence moment`).  One list, so
 * noticing what went well is one habit, not two.
 */
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "coach/coach.h"
#include "core/clock.h"
#include "core/content.h"

extern const struct hv_cmd cmd_evidence;

static const char *msg(const char *key)
{
	return hv_content_text("evidence.json", key, "");
}

static void print_item(struct hv_cli *cli, const json_t *rec, int64_t now)
{
	char when[48], shown[128];
	const json_t *b = json_object_get(rec, "body");
	cli_when_of(rec, "created", now, when, sizeof when);
	const char *type = json_string_value(json_object_get(b, "type"));
	/* Said in words, not as the stored id. */
	const char *label = json_string_value(json_object_get(
	    json_object_get(hv_content_json("evidence.json", NULL), "types"), type ? type : ""));
	if (label)
		type = label;
	if (type)
		snprintf(shown, sizeof shown, "  %s", type);
	cli_row(cli, rec,
	        &(struct cli_row_words){.when = when,
	                                .width = 17,
	                                .text = json_string_value(json_object_get(b, "text")),
	                                .tag = type ? shown : NULL});
}

/* add's and moment's variant in their specs. */
enum { MEMORY, MOMENT };

/* The memory, one argument; the type one the list knows (a good moment's
 * one of its own), both before the store is opened. */
static int check_words(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	int moment = a->spec->variant == MOMENT;
	const char *type = cli_arg(a, "--type");
	if (moment && type && !hv_evidence_is_moment(type))
		return cli_usage(&cmd_evidence, "a good moment's --type is close, calm or secure");
	if (a->argc > 1)
		return cli_usage(&cmd_evidence, "give the memory as one argument, in quotes");
	if (a->argc == 0 || !*a->argv[0])
		return cli_usage(&cmd_evidence, "evidence %s needs what happened, in quotes",
		                 moment ? "moment" : "add");
	if (type && !hv_evidence_type_known(type))
		return cli_usage(&cmd_evidence, "--type must be %s, not \"%s\"", HV_EVIDENCE_TYPES,
		                 type);
	return 0;
}

/* Help came first (the spec's crisis_kind), before the words were checked or kept. */
static int add_as(struct hv_cli *cli, struct cli_args *a)
{
	int moment = a->spec->variant == MOMENT;
	struct hv_store *st = a->store;
	const char *text = a->argv[0], *type = cli_arg(a, "--type");
	const json_t *crisis = a->crisis;
	if (moment && !type)
		type = "moment";
	struct hv_record r;
	struct hv_error err;
	if (hv_evidence_add(st, text, type, &r, &err) < 0)
		return cli_error(cli, &err);
	int rc = HV_EXIT_OK;
	if (cli->json) {
		rc = cli_print_record(&r, crisis);
	} else {
		/* A sentence that says where it went and what comes of it, not an id. */
		cli_say_id(msg(hv_evidence_is_moment(type) ? "added_moment" : "added"), r.id, 8);
	}
	hv_record_release(&r);
	return rc;
}

static int pick(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_store *st = a->store;
	struct hv_error err;
	json_t *one = hv_evidence_pick(st, &err);
	if (!one && err.code != HV_OK)
		return cli_error(cli, &err);
	if (cli->json && !one) {
		printf("null\n"); /* nothing to offer yet */
		return HV_EXIT_OK;
	}
	if (cli->json)
		return cli_print_json(one);
	if (!one) {
		printf("%s\n", msg("pick_empty"));
	} else {
		const json_t *body = json_object_get(one, "body");
		cli_put_words(json_string_value(json_object_get(body, "text")), 0);
		printf("\n");
	}
	json_decref(one);
	return HV_EXIT_OK;
}

static int list(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_store *st = a->store;
	struct hv_error err;
	json_t *list = hv_evidence_list(st, &err);
	if (!list)
		return cli_error(cli, &err);
	if (cli->json)
		return cli_print_json(list);
	if (json_array_size(list) == 0)
		printf("%s\n", msg("empty"));
	size_t i;
	json_t *rec;
	int64_t now = hv_now_ms();
	json_array_foreach(list, i, rec) print_item(cli, rec, now);
	json_decref(list);
	return HV_EXIT_OK;
}

static const struct cli_argdef no_opts[] = {CLI_END};
static const struct cli_argdef add_opts[] = {
    {.name = "--type", .value = 1, .needs = HV_EVIDENCE_TYPES},
    CLI_END,
};
#define ADD_SUB(v)                                                                                 \
	&(const struct cli_argspec)                                                                \
	{                                                                                          \
		.opts = add_opts, .store = CLI_STORE_OPEN, .check = check_words, .run = add_as,    \
		.crisis_kind = HV_EVIDENCE_KIND, .variant = (v)                                    \
	}
static const struct cli_sub subs[] = {
    {"add", ADD_SUB(MEMORY)},
    {"moment", ADD_SUB(MOMENT)},
    {"pick",
     &(const struct cli_argspec){
         .opts = no_opts, .store = CLI_STORE_OPEN, .check = cli_no_words, .run = pick}},
    {NULL, NULL},
};

const struct hv_cmd cmd_evidence = {
    .name = "evidence",
    .usage = "evidence [add \"WHAT HAPPENED\" [--type stayed|repaired|deepened|other] | "
             "moment \"WHAT HAPPENED\" [--type close|calm|secure] | pick]",
    .summary = "keep the evidence that people stay, and your good moments",
    .help = "  haven evidence                    the list, newest first\n"
            "  haven evidence add \"TEXT\"         add a memory: someone stayed, a conflict was\n"
            "                                    repaired, a relationship deepened (--type)\n"
            "  haven evidence moment \"TEXT\"      keep a good moment: a time you felt close,\n"
            "                                    calm or secure (--type close|calm|secure)\n"
            "  haven evidence pick               one at random\n\n"
            "--json prints records.",
    .args = &(const struct cli_argspec){.opts = no_opts,
                                        .in_order = 1,
                                        .store = CLI_STORE_OPEN,
                                        .unknown_sub = "unknown evidence command",
                                        .run = list,
                                        .subs = subs},
};
