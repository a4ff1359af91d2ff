/*
 * cmd-timeline.c — `haven timeline`: the events of a life that taught what
 * to expect of closeness, listed oldest first, added, changed and removed,
 * with prompts that may help a memory come back.  The library keeps and
 * checks them (growth/timeline.h); this file reads flags and prints.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

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
	printf("%s%.8s%s  %-11s ", cli_accent(cli), json_string_value(json_object_get(rec, "id")),
	       cli_reset(cli), when);
	int col = cli_wrap_words(22, 22, json_string_value(json_object_get(b, "what")));
	const char *kind = json_string_value(json_object_get(b, "kind"));
	if (kind) {
		char shown[96];
		snprintf(shown, sizeof shown, "  (%s)", kind_words(kind));
		printf("%s", cli_dim(cli));
		cli_wrap_words(col, 22, shown);
		printf("%s", cli_reset(cli));
	}
	printf("\n");
	const char *shaped = json_string_value(json_object_get(b, "shaped"));
	if (shaped) {
		printf("%*s%s%s: %s", 22, "", cli_dim(cli), msg("shaped_label"), cli_reset(cli));
		cli_wrap_words(22 + (int)strlen(msg("shaped_label")) + 2, 24, shaped);
		printf("\n");
	}
}

/* Read --what/--age/--date/--kind/--shaped (and, for add, the bare
 * text) into fields.  0, or an exit status for a usage error. */
static int read_flags(int argc, char **argv, int first, int allow_bare, json_t *fields)
{
	for (int i = first; i < argc; i++) {
		const char *a = argv[i];
		const char *key = !strcmp(a, "--what")     ? "what"
		                  : !strcmp(a, "--age")    ? "age"
		                  : !strcmp(a, "--date")   ? "date"
		                  : !strcmp(a, "--kind")   ? "kind"
		                  : !strcmp(a, "--shaped") ? "shaped"
		                                           : NULL;
		if (!key && a[0] == '-' && a[1])
			return cli_usage(&cmd_timeline, "unknown option %s", a);
		if (!key) {
			if (!allow_bare || json_object_get(fields, "what"))
				return cli_usage(&cmd_timeline,
				                 "give what happened as one argument, in quotes");
			json_object_set_new(fields, "what", hv_json_text(a));
			continue;
		}
		if (i + 1 >= argc)
			return cli_usage(&cmd_timeline, "%s needs a value", a);
		const char *v = argv[++i];
		if (!strcmp(key, "age")) {
			char *end;
			errno = 0;
			long n = strtol(v, &end, 10);
			if (!*v || *end || errno || n < 0 || n > HV_TIMELINE_AGE_MAX)
				return cli_usage(
				    &cmd_timeline,
				    "--age must be a whole number from 0 to %d, not \"%s\"",
				    HV_TIMELINE_AGE_MAX, v);
			json_object_set_new(fields, key, json_integer(n));
		} else if (!strcmp(key, "kind") && !hv_timeline_kind_known(v)) {
			return cli_usage(&cmd_timeline, "--kind must be %s, not \"%s\"",
			                 HV_TIMELINE_KINDS, v);
		} else {
			json_object_set_new(fields, key, hv_json_text(v));
		}
	}
	if (json_object_get(fields, "age") && json_object_get(fields, "date"))
		return cli_usage(&cmd_timeline, "give --age or --date, not both");
	return 0;
}

static int said(struct hv_cli *cli, const char *key, const struct hv_record *r,
                const json_t *crisis)
{
	if (cli->json)
		return cli_print_record(r, crisis);
	char shortid[9];
	snprintf(shortid, sizeof shortid, "%.8s", r->id);
	const char *kv[] = {"id", shortid, NULL};
	char *line = hv_template_fill(msg(key), kv);
	cli_wrap(0, line ? line : shortid);
	printf("\n");
	free(line);
	return HV_EXIT_OK;
}

/* add and edit: flags read and checked, then the library's save. */
static int write_event(struct hv_cli *cli, int argc, char **argv, int edit)
{
	if (edit && (argc < 2 || argv[1][0] == '-'))
		return cli_usage(&cmd_timeline, "timeline edit needs the id of an event");
	json_t *fields = json_object();
	int rc = read_flags(argc, argv, edit ? 2 : 1, !edit, fields);
	if (rc) {
		json_decref(fields);
		return rc;
	}
	if (!edit && !json_object_get(fields, "what")) {
		json_decref(fields);
		return cli_usage(&cmd_timeline, "timeline add needs what happened, in quotes");
	}
	if (!edit && !json_object_get(fields, "age") && !json_object_get(fields, "date")) {
		json_decref(fields);
		return cli_usage(&cmd_timeline,
		                 "timeline add needs --age N or --date YYYY[-MM[-DD]]");
	}
	/* Help first, before the words are checked or kept. */
	json_t *crisis = cli_crisis_argv(cli, HV_TIMELINE_KIND, argc - 1, argv + 1);
	struct hv_store *st = cli_store(cli);
	struct hv_record r;
	struct hv_error err;
	if (!st)
		rc = HV_EXIT_FAIL;
	else if ((edit ? hv_timeline_edit(st, argv[1], fields, &r, &err)
	               : hv_timeline_add(st, fields, &r, &err)) < 0)
		rc = cli_error(cli, &err);
	else {
		rc = said(cli, edit ? "changed" : "added", &r, crisis);
		hv_record_release(&r);
	}
	json_decref(crisis);
	json_decref(fields);
	return rc;
}

static int remove_event(struct hv_cli *cli, int argc, char **argv)
{
	if (argc != 2 || argv[1][0] == '-')
		return cli_usage(&cmd_timeline, "timeline remove needs the id of one event");
	struct hv_store *st = cli_store(cli);
	if (!st)
		return HV_EXIT_FAIL;
	struct hv_error err;
	if (hv_timeline_remove(st, argv[1], &err) < 0)
		return cli_error(cli, &err);
	if (cli->json)
		return cli_print_json(json_pack("{s:b}", "removed", 1));
	const char *kv[] = {"id", argv[1], NULL};
	char *line = hv_template_fill(msg("removed"), kv);
	cli_wrap(0, line ? line : argv[1]);
	printf("\n");
	free(line);
	return HV_EXIT_OK;
}

static int prompts(struct hv_cli *cli)
{
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

static int list(struct hv_cli *cli)
{
	struct hv_store *st = cli_store(cli);
	if (!st)
		return HV_EXIT_FAIL;
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

static int run(struct hv_cli *cli, int argc, char **argv)
{
	if (argc == 1)
		return list(cli);
	const char *sub = argv[1];
	if (!strcmp(sub, "add"))
		return write_event(cli, argc - 1, argv + 1, 0);
	if (!strcmp(sub, "edit"))
		return write_event(cli, argc - 1, argv + 1, 1);
	if (!strcmp(sub, "remove"))
		return remove_event(cli, argc - 1, argv + 1);
	if (!strcmp(sub, "prompts") && argc == 2)
		return prompts(cli);
	return cli_usage(&cmd_timeline, "unknown timeline command \"%s\"", sub);
}

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
    .run = run,
};
