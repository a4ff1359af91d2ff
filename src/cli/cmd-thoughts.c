/*
 * cmd-thoughts.c — `haven thoughts`: the thought records, and per thinking
 * pattern how often it appears and how much the feeling eased on average
 * between the first rating and the re-rating.
 */
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "core/clock.h"
#include "core/content.h"
#include "core/text.h"
#include "thought/thought.h"

extern const struct hv_cmd cmd_thoughts;

static void print_record(struct hv_cli *cli, const json_t *rec, int64_t now)
{
	char when[48];
	const json_t *b = json_object_get(rec, "body");
	cli_when_of(rec, "created", now, when, sizeof when);
	const char *words = json_string_value(json_object_get(b, "thought"));
	if (!words)
		words = json_string_value(json_object_get(b, "situation"));
	/* Control characters as pictures, so words cannot drive the terminal. */
	char *t = hv_text_printable(words ? words : "", 1);
	if (!t)
		return;
	int room = cli_columns() - 30;
	size_t fit = hv_text_fit(t, room > 10 ? room - 1 : 9);
	cli_row_head(cli, rec, when, 17);
	printf("%.*s%s\n", (int)fit, t, t[fit] ? "…" : "");
	free(t);
}

static int run(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_store *st = a->store;
	struct hv_error err;
	json_t *sum = hv_thought_summary(st, &err);
	if (!sum)
		return cli_error(cli, &err);
	if (cli->json)
		return cli_print_json(sum);
	const json_t *records = json_object_get(sum, "records");
	if (json_array_size(records) == 0)
		cli_say(hv_content_text("thought.json", "messages/empty", ""));
	size_t i;
	json_t *r;
	int64_t now = hv_now_ms();
	json_array_foreach(records, i, r) print_record(cli, r, now);
	const json_t *patterns = json_object_get(sum, "patterns");
	if (json_array_size(patterns)) {
		printf("\n");
		cli_say(hv_content_text("thought.json", "messages/stats_intro", ""));
		json_array_foreach(patterns, i, r)
		{
			const json_t *drop = json_object_get(r, "mean_drop");
			char line[160];
			if (json_is_number(drop))
				snprintf(line, sizeof line,
				         "%lld×  eased by %.1f points on average",
				         (long long)json_integer_value(json_object_get(r, "count")),
				         json_number_value(drop));
			else
				snprintf(
				    line, sizeof line, "%lld×  not re-rated yet",
				    (long long)json_integer_value(json_object_get(r, "count")));
			/* The pattern, then its numbers beside it or, when narrow, under it. */
			printf("  %-26s ", json_string_value(json_object_get(r, "label")));
			cli_wrap_hanging(29, 4, line);
			printf("\n");
		}
	}
	json_decref(sum);
	return HV_EXIT_OK;
}

const struct hv_cmd cmd_thoughts = {
    .name = "thoughts",
    .usage = "thoughts [--json]",
    .summary = "your thought records, and which patterns ease",
    .help = "Lists thought records, newest first, then per thinking pattern how many records\n"
            "name it and the mean drop in feeling (0-100) from first rating to re-rating.\n\n"
            "--json: {\"records\": [...], \"patterns\": "
            "[{\"kind\",\"label\",\"count\",\"mean_drop\"}]}",
    .args = &(const struct cli_argspec){.opts = (const struct cli_argdef[]){CLI_END},
                                        .store = CLI_STORE_OPEN,
                                        .check = cli_no_words,
                                        .run = run},
};
