/*
 * cmd-reassure.c — `haven reassure`: note a request for reassurance, and
 * keep the limit the person chose.  When the limit is reached haven says so
 * gently and offers a practice; it never refuses to record and never scolds.
 */
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "coach/coach.h"
#include "core/content.h"
#include "core/template.h"

extern const struct hv_cmd cmd_reassure;

static const char *text(const char *key)
{
	char path[64];
	snprintf(path, sizeof path, "reassure/%s", key);
	return hv_content_text("coach.json", path, "");
}

/* Print a line with {count}/{period}/{per} filled in. */
static void say(const char *tmpl, long long count, const char *per)
{
	char n[24];
	snprintf(n, sizeof n, "%lld", count);
	const char *kv[] = {"count", n,   "period", strcmp(per, "week") ? "today" : "this week",
	                    "per",   per, NULL};
	char *line = hv_template_fill(tmpl, kv);
	cli_wrap(0, line ? line : "");
	printf("\n");
	free(line);
}

static void print_status(struct hv_cli *cli, const json_t *status)
{
	const json_t *limit = json_object_get(status, "limit");
	const char *per = limit ? json_string_value(json_object_get(limit, "per")) : "day";
	long long count = (long long)json_integer_value(json_object_get(status, "count"));
	say(text("count"), count, per ? per : "day");
	if (!json_is_object(limit)) {
		printf("%s", cli_dim(cli));
		cli_wrap(0, text("no_limit"));
		printf("%s\n", cli_reset(cli));
	}
	const char *note = json_string_value(json_object_get(status, "note"));
	const char *practice = json_string_value(json_object_get(status, "practice"));
	if (note) {
		printf("\n");
		cli_wrap(0, note);
		printf("\n");
	}
	if (practice) {
		printf("  ");
		cli_wrap_words(2, 2, practice);
		printf("\n");
	}
}

/* Everything that can be refused before the store is opened; the limit,
 * read, is kept for run. */
static int check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *of = cli_arg(a, "--of"), *helped = cli_arg(a, "--helped");
	const char *limit_text = cli_arg(a, "--limit");
	if (a->argc > 1)
		return cli_usage(&cmd_reassure, "give what you asked as one argument, in quotes");
	if (a->argc == 0 && (of || helped))
		return cli_usage(&cmd_reassure, "--of and --helped go with what you asked: "
		                                "haven reassure \"WHAT\" --of NAME --helped yes");
	if (helped && strcmp(helped, "yes") && strcmp(helped, "no"))
		return cli_usage(&cmd_reassure, "--helped is yes or no, not \"%s\"", helped);
	struct hv_error err;
	json_t *limit = limit_text ? hv_reassure_limit_parse(limit_text, &err) : NULL;
	if (limit_text && !limit)
		return cli_usage(&cmd_reassure, "%s", err.msg);
	json_decref(limit);
	return 0;
}

static int run(struct hv_cli *cli, struct cli_args *a)
{
	const char *of = cli_arg(a, "--of"), *helped = cli_arg(a, "--helped");
	const char *limit_text = cli_arg(a, "--limit");
	const char *asked = a->argc ? a->argv[0] : NULL;
	json_t *crisis = a->crisis;
	struct hv_store *st = a->store;
	struct hv_error err;
	json_t *limit = limit_text ? hv_reassure_limit_parse(limit_text, &err) : NULL;
	if (limit) {
		int rc = hv_reassure_set_limit(st, limit, &err);
		if (rc == 0 && !cli->json)
			say(text("limit_set"), json_integer_value(json_object_get(limit, "count")),
			    json_string_value(json_object_get(limit, "per")));
		json_decref(limit);
		if (rc < 0)
			return cli_error(cli, &err);
	}
	struct hv_record r = {0};
	int saved = 0;
	if (asked) {
		json_t *body = json_object();
		json_object_set_new(body, "asked", hv_json_text(asked));
		if (of)
			json_object_set_new(body, "of", hv_json_text(of));
		if (helped)
			json_object_set_new(body, "helped", json_boolean(!strcmp(helped, "yes")));
		int rc = hv_reassure_add(st, body, &r, &err);
		json_decref(body);
		if (rc < 0)
			return cli_error(cli, &err);
		saved = 1;
	}
	json_t *status = hv_reassure_status(st, &err);
	if (!status) {
		if (saved)
			hv_record_release(&r);
		return cli_error(cli, &err);
	}
	int rc = HV_EXIT_OK;
	if (cli->json) {
		json_t *out =
		    json_pack("{s:o,s:o}", "record", saved ? hv_record_to_json(&r) : json_null(),
		              "status", status);
		cli_add_crisis(out, json_incref(crisis));
		rc = cli_print_json(out);
	} else {
		if (saved)
			cli_say(text("recorded"));
		if (saved || !limit_text)
			print_status(cli, status);
		json_decref(status);
	}
	if (saved)
		hv_record_release(&r);
	return rc;
}

const struct hv_cmd cmd_reassure = {
    .name = "reassure",
    .usage = "reassure [\"WHAT YOU ASKED\" [--of NAME] [--helped yes|no]] [--limit N/day|N/week]",
    .summary = "note a request for reassurance, within your own limit",
    .help = "Records what you asked for, of whom, and whether it helped, and counts them\n"
            "against the limit you set yourself. When the limit is reached, haven says so\n"
            "gently and offers a practice; it always records, and never blocks anything.\n\n"
            "  haven reassure \"do you still want to come on Saturday?\" --of Sam --helped yes\n"
            "  haven reassure --limit 2/day     set your limit (or N/week)\n"
            "  haven reassure                   how many so far, and your limit\n\n"
            "--json: {\"record\": the saved request or null, \"status\": {\"count\", \"limit\",\n"
            "\"reached\", \"note\", \"practice\"}}",
    .args =
        &(const struct cli_argspec){
            .opts = (const struct cli_argdef[]){CLI_VALUE("--of", 0), CLI_VALUE("--helped", 0),
                                                CLI_VALUE("--limit", 0), CLI_END},
            .store = CLI_STORE_OPEN,
            .check = check,
            .run = run,
            .crisis_kind = HV_REASSURANCE_KIND},
};
