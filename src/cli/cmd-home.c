/*
 * cmd-home.c — `haven` with no command: a gentle home screen.  A greeting
 * for the time of day, the last few entries, and what can be done now.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/clock.h"
#include "core/content.h"
#include "core/text.h"
#include "journal/journal.h"

static const char *greeting(int64_t now)
{
	struct hv_civil c;
	hv_civil_from_ms(now, hv_local_offset_min(now), &c);
	const char *part = c.hour < 5 ? "night" : c.hour < 12 ? "morning" : c.hour < 18 ? "afternoon"
							 : c.hour < 23 ? "evening" : "night";
	const json_t *list = json_object_get(
	    json_object_get(hv_content_json("home.json", NULL), "greetings"), part);
	size_t n = json_array_size(list);
	return n ? json_string_value(json_array_get(list, (size_t)(now / 86400000) % n)) : "Hello.";
}

static void print_recent(struct hv_cli *cli, const json_t *entries, int64_t now)
{
	size_t i;
	json_t *rec;
	printf("%sRecently%s\n", cli_bold(cli), cli_reset(cli));
	json_array_foreach(entries, i, rec) {
		int64_t ms;
		int off;
		char when[48];
		const json_t *body = json_object_get(rec, "body");
		hv_parse_rfc3339(json_string_value(json_object_get(rec, "created")), &ms, &off);
		cli_format_when(ms, off, now, when, sizeof when);
		const char *words = json_string_value(json_object_get(body, "what"));
		/* Control characters as pictures; 50 columns, whole characters. */
		char *what = hv_text_printable(words ? words : "", 1);
		printf("  %s%-17s%s %2lld/10  %.*s\n", cli_dim(cli), when, cli_reset(cli),
		       (long long)json_integer_value(json_object_get(body, "intensity")),
		       what ? (int)hv_text_fit(what, 50) : 0, what ? what : "");
		free(what);
	}
}

static int run(struct hv_cli *cli, int argc, char **argv)
{
	(void)argc, (void)argv;
	struct hv_store *st = cli_store(cli);
	if (!st)
		return HV_EXIT_FAIL;
	struct hv_error err;
	struct hv_journal_filter f = {.limit = 5};
	json_t *recent = hv_journal_list(st, &f, &err);
	if (!recent)
		return cli_error(cli, &err);
	int64_t now = hv_now_ms();
	if (cli->json) {
		const json_t *home = hv_content_json("home.json", NULL);
		return cli_print_json(json_pack("{s:s,s:o,s:O}", "greeting", greeting(now), "recent",
						recent, "actions", json_object_get(home, "actions")));
	}
	const json_t *home = hv_content_json("home.json", NULL);
	printf("%s%s%s\n\n", cli_bold(cli), greeting(now), cli_reset(cli));
	if (json_array_size(recent) == 0)
		printf("%s\n\n", json_string_value(json_object_get(home, "empty")));
	else
		print_recent(cli, recent, now), printf("\n");
	json_decref(recent);
	printf("%sWhat you can do now%s\n", cli_bold(cli), cli_reset(cli));
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(home, "actions"), i, a) {
		printf("  %s%-16s%s %s\n", cli_accent(cli),
		       json_string_value(json_object_get(a, "command")), cli_reset(cli),
		       json_string_value(json_object_get(a, "label")));
	}
	const json_t *rem = json_object_get(home, "reminders");
	size_t n = json_array_size(rem);
	if (n)
		printf("\n%s%s%s\n", cli_dim(cli),
		       json_string_value(json_array_get(rem, (size_t)(now / 3600000) % n)),
		       cli_reset(cli));
	return HV_EXIT_OK;
}

const struct hv_cmd cmd_home = {
    .name = "home",
    .usage = "[home]",
    .summary = "what you logged recently and what you can do now",
    .help = "The screen haven shows when run with no command.",
    .run = run,
};
