/*
 * cmd-insights.c — `haven insights`: the journal's patterns drawn in the
 * terminal with sparklines and bars.  All the numbers come from
 * hv_insights(); this file only draws them (or prints them with --json).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/content.h"
#include "core/template.h"
#include "core/text.h"
#include "insight/insights.h"
#include "insight/relations.h"

extern const struct hv_cmd cmd_insights;

/* A word of the terminal view, from data/insights.json's "terminal". */
static const char *say(const char *key)
{
	const char *s = json_string_value(json_object_get(
	    json_object_get(hv_content_json("insights.json", NULL), "terminal"), key));
	return s ? s : key;
}

/* A bold heading, with a blank line before it unless it is the first. */
static void heading(struct hv_cli *cli, const char *key, int first)
{
	printf("%s%s%s%s\n", first ? "" : "\n", cli_bold(cli), say(key), cli_reset(cli));
}

static const char *const spark[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};

/* A sparkline of the last `width` values at key in each week; · for none. */
static void sparkline(const json_t *weeks, const char *key, int width)
{
	size_t n = json_array_size(weeks), from = n > (size_t)width ? n - (size_t)width : 0;
	double max = 0;
	for (size_t i = from; i < n; i++) {
		const json_t *v = json_object_get(json_array_get(weeks, i), key);
		if (json_is_number(v) && json_number_value(v) > max)
			max = json_number_value(v);
	}
	for (size_t i = from; i < n; i++) {
		const json_t *v = json_object_get(json_array_get(weeks, i), key);
		if (!json_is_number(v) ||
		    (json_number_value(v) == 0 && strcmp(key, "entries") == 0)) {
			fputs("·", stdout);
			continue;
		}
		int level = max > 0 ? (int)lround(json_number_value(v) / max * 7) : 0;
		fputs(spark[level < 0 ? 0 : level > 7 ? 7 : level], stdout);
	}
}

/* Room for a bar after `used` columns: at most 30, and never past the edge. */
static int bar_room(int used)
{
	int room = cli_columns() - used - 1;
	return room > 30 ? 30 : room > 1 ? room : 1;
}

static void bar(double frac, int width)
{
	static const char *const part[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
	int eighths = (int)lround(frac * width * 8);
	for (int i = 0; i < eighths / 8; i++)
		fputs("█", stdout);
	fputs(part[eighths % 8], stdout);
}

static void print_recovery(struct hv_cli *cli, const json_t *rec)
{
	const char *trend = json_string_value(json_object_get(rec, "trend"));
	char from[32], to[32];
	snprintf(from, sizeof from, "%.0f",
	         json_number_value(json_object_get(rec, "first_median")));
	snprintf(to, sizeof to, "%.0f", json_number_value(json_object_get(rec, "recent_median")));
	const char *key = strcmp(trend, "faster") == 0   ? "recovery_better"
	                  : strcmp(trend, "slower") == 0 ? "recovery_worse"
	                  : strcmp(trend, "steady") == 0 ? "recovery_flat"
	                                                 : "too_little";
	const char *text = hv_content_text("insights.json", key, "");
	const char *kv[] = {"from", from, "to", to, NULL};
	char *line = hv_template_fill(text, kv);
	printf("  ");
	cli_wrap_hanging(2, 2, line ? line : "");
	printf("\n");
	free(line);
	(void)cli;
}

static void print_hours(const json_t *hours)
{
	double max = 0;
	for (int h = 0; h < 24; h++)
		max = fmax(max, (double)json_integer_value(json_array_get(hours, (size_t)h)));
	printf("  ");
	for (int h = 0; h < 24; h++) {
		json_int_t v = json_integer_value(json_array_get(hours, (size_t)h));
		fputs(v == 0 ? "·" : spark[max > 0 ? (int)lround((double)v / max * 7) : 0], stdout);
	}
	printf("\n  0     6     12    18   23\n");
}

static void print_weekdays(const json_t *days)
{
	static const char *const names[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
	double max = 0;
	for (int d = 0; d < 7; d++)
		max = fmax(max, (double)json_integer_value(json_array_get(days, (size_t)d)));
	for (int d = 0; d < 7; d++) {
		json_int_t v = json_integer_value(json_array_get(days, (size_t)d));
		printf("  %s %5lld ", names[d], (long long)v);
		bar(max > 0 ? (double)v / max : 0, bar_room(12));
		printf("\n");
	}
}

static void print_triggers(const json_t *list, int64_t total)
{
	size_t i;
	json_t *t;
	json_array_foreach(list, i, t)
	{
		if (i == 8)
			break;
		json_int_t n = json_integer_value(json_object_get(t, "count"));
		/* The label shortened with "…" where the terminal is narrow. */
		int room = cli_columns() / 3 < 30 ? cli_columns() / 3 : 30;
		char *label = cli_shorten(json_string_value(json_object_get(t, "label")), room);
		int pad = room - hv_text_width(label ? label : "");
		printf("  %s%*s %5lld ", label ? label : "", pad > 0 ? pad : 0, "", (long long)n);
		free(label);
		bar(total > 0 ? (double)n / (double)total : 0, bar_room(2 + room + 7));
		printf("\n");
	}
}

/* One plain sentence per practice; the numbers are in `haven practices`. */
static void print_practices(struct hv_cli *cli, const json_t *p)
{
	size_t i;
	json_t *t;
	if (json_array_size(json_object_get(p, "techniques")) == 0)
		return;
	heading(cli, "practices", 0);
	json_array_foreach(json_object_get(p, "techniques"), i, t)
	{
		printf("  ");
		cli_wrap_hanging(2, 2, json_string_value(json_object_get(t, "sentence")));
		printf("\n");
	}
}

/* The share of protest-type responses then and now, when there is one. */
static void print_change(const json_t *change)
{
	const char *trend = json_string_value(json_object_get(change, "trend"));
	if (!trend)
		return;
	char key[32], from[24], to[24];
	snprintf(key, sizeof key, "protest_share_%s", trend);
	snprintf(from, sizeof from, "%lld",
	         (long long)json_integer_value(json_object_get(change, "from")));
	snprintf(to, sizeof to, "%lld",
	         (long long)json_integer_value(json_object_get(change, "to")));
	const char *kv[] = {"from", from, "to", to, NULL};
	char *line = hv_template_fill(hv_content_text("insights.json", key, ""), kv);
	if (line && *line) {
		printf("  ");
		cli_wrap_hanging(2, 2, line);
		printf("\n");
	}
	free(line);
}

static void print_responses(struct hv_cli *cli, const json_t *in)
{
	const json_t *r = json_object_get(in, "responses");
	char n[4][24];
	const char *keys[] = {"protest", "soothing", "both", "neither"};
	for (int i = 0; i < 4; i++)
		snprintf(n[i], sizeof n[i], "%lld",
		         (long long)json_integer_value(json_object_get(r, keys[i])));
	const char *kv[] = {"protest", n[0], "soothing", n[1], "both", n[2], "neither", n[3], NULL};
	heading(cli, "responses", 0);
	print_change(json_object_get(in, "protest_change"));
	char *did = hv_template_fill(say("responses_counts"), kv);
	printf("  ");
	cli_wrap_hanging(2, 2, did ? did : "");
	free(did);
	printf("\n  %s", cli_dim(cli));
	cli_wrap_hanging(2, 2, hv_content_text("insights.json", "protest_vs_soothing", ""));
	printf("%s\n", cli_reset(cli));
}

static void draw(struct hv_cli *cli, const json_t *in)
{
	const json_t *weeks = json_object_get(in, "weeks");
	int64_t n = json_integer_value(json_object_get(in, "entries"));
	int width = cli_columns() - 30;
	if (width > 52)
		width = 52;
	printf("%s%s%s  %s", cli_bold(cli), say("title"), cli_reset(cli), cli_dim(cli));
	cli_wrap_hanging(10, 2, json_string_value(json_object_get(in, "note")));
	printf("%s\n\n", cli_reset(cli));
	if (n == 0) {
		cli_say(say("empty"));
		print_practices(cli, json_object_get(in, "practices"));
		return;
	}
	char shown[24];
	snprintf(
	    shown, sizeof shown, "%d",
	    (int)(json_array_size(weeks) < (size_t)width ? json_array_size(weeks) : (size_t)width));
	const char *kv[] = {"weeks", shown, NULL};
	char *by_week = hv_template_fill(say("by_week"), kv);
	printf("%s%s%s\n", cli_bold(cli), by_week ? by_week : "", cli_reset(cli));
	free(by_week);
	const char *rows[][2] = {{"row_entries", "entries"},
	                         {"row_intensity", "mean_intensity"},
	                         {"row_recovery", "median_recovery_minutes"}};
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
		printf("  %-19s", say(rows[i][0]));
		sparkline(weeks, rows[i][1], width);
		printf("\n");
	}
	printf("\n");
	heading(cli, "recovery", 1);
	print_recovery(cli, json_object_get(in, "recovery"));
	heading(cli, "triggers", 0);
	print_triggers(json_object_get(in, "triggers"), n);
	heading(cli, "hours", 0);
	print_hours(json_object_get(in, "hours"));
	heading(cli, "weekdays", 0);
	print_weekdays(json_object_get(in, "weekdays"));
	print_responses(cli, in);
	print_practices(cli, json_object_get(in, "practices"));
}

/* What went with what: only relations with enough days, strongest first,
 * a handful at most; "too few days" while none has them; nothing at all
 * before the first check-in that holds a factor. */
static void print_relations(struct hv_cli *cli, const json_t *rel)
{
	if (json_array_size(json_object_get(rel, "items")) == 0)
		return;
	printf("\n%s%s%s\n", cli_bold(cli), cli_str(rel, "title"), cli_reset(cli));
	size_t i, shown = 0;
	json_t *it;
	json_array_foreach(json_object_get(rel, "items"), i, it)
	{
		if (shown == HV_REL_SHOWN || !json_is_true(json_object_get(it, "enough")))
			break;
		printf("  - ");
		cli_wrap_hanging(4, 4, cli_str(it, "sentence"));
		printf("\n");
		shown++;
	}
	if (!shown) {
		printf("  ");
		cli_wrap_hanging(2, 2, cli_str(rel, "too_few"));
		printf("\n");
	}
	printf("  %s", cli_dim(cli));
	cli_wrap_hanging(2, 2, cli_str(rel, "note"));
	printf("%s\n", cli_reset(cli));
}

/*
 * The start of the last N weeks: local midnight of the Monday N - 1 weeks
 * before this one, so --weeks 2 is this week and the last, the weeks the
 * series shows, not fourteen days that reach into a third.
 */
static int64_t weeks_start(int64_t now, long weeks)
{
	int64_t off = hv_local_offset_min(now) * 60000LL;
	int64_t today = hv_floor_div(now + off, 86400000LL);
	int64_t monday = today - hv_weekday_of_day(today) - (weeks - 1) * 7;
	return monday * 86400000LL - off;
}

/* --since WHEN and --weeks N both say where the weeks start, into the
 * --since slot: taken in the order given, so the last one said wins. */
static int take_since(struct cli_args *a, const struct cli_argdef *opt, const char *value)
{
	(void)opt;
	int64_t *since = cli_arg_num(a, "--since");
	return cli_parse_when(&cmd_insights, "--since", value, since) < 0 ? HV_EXIT_USAGE : 0;
}

static int take_weeks(struct cli_args *a, const struct cli_argdef *opt, const char *value)
{
	(void)opt;
	long weeks;
	if (cli_parse_int(&cmd_insights, "--weeks", value, 1, 5200, &weeks) < 0)
		return HV_EXIT_USAGE;
	*cli_arg_num(a, "--since") = weeks_start(hv_now_ms(), weeks);
	return 0;
}

static int run(struct hv_cli *cli, struct cli_args *a)
{
	int64_t since = *cli_arg_num(a, "--since"), now = hv_now_ms();
	struct hv_store *st = a->store;
	struct hv_error err;
	json_t *in = hv_insights(st, since, now, &err);
	if (!in)
		return cli_error(cli, &err);
	if (cli->json)
		return cli_print_json(in);
	draw(cli, in);
	print_relations(cli, json_object_get(in, "relations"));
	json_decref(in);
	return HV_EXIT_OK;
}

const struct hv_cmd cmd_insights = {
    .name = "insights",
    .usage = "insights [--since WHEN | --weeks N]",
    .summary = "patterns over weeks: how often, how strong, how fast it eases",
    .help = "  --since WHEN   only entries from then on (e.g. 2026-01-01, 30 days ago)\n"
            "  --weeks N      only the last N weeks: this one and the N-1 before it\n"
            "  --json         every number, for charts and scripts\n\n"
            "With daily check-ins of sleep and the rest (haven checkin) it also says\n"
            "what went with your calmer and harder days, once there are enough days.\n"
            "These are reflections of what you logged, not a score or a diagnosis.",
    .args =
        &(const struct cli_argspec){
            .opts = (const struct cli_argdef[]){{.name = "--since", .value = 1, .take = take_since},
                                                {.name = "--weeks", .value = 1, .take = take_weeks},
                                                CLI_END},
            .in_order = 1,
            .store = CLI_STORE_OPEN,
            .check = cli_no_words,
            .run = run},
};
