/*
 * suggest.c — "did you mean": a mistyped command or option named back with
 * the nearest one haven knows, by Damerau–Levenshtein distance over the
 * command table and the command's documented options (cmdspec.c).
 */
#include "suggest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdspec.h"
#include "core/content.h"
#include "core/template.h"

extern const struct hv_cmd cmd_home;

size_t cli_edit_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	if (n > 64 || m > 64) /* no name is that long: far from anything */
		return n > m ? n : m;
	size_t d[65][65];
	for (size_t i = 0; i <= n; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= n; i++) {
		for (size_t j = 1; j <= m; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < best)
				best = d[i - 1][j - 1] + cost;
			/* Two letters swapped ("lgo") cost one edit, not two. */
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[n][m];
}

/* Leading dashes say nothing about which option was meant. */
static const char *bare(const char *s)
{
	while (*s == '-')
		s++;
	return s;
}

/*
 * How far word is from candidate, in half edits so that a beginning typed
 * in full ("ins" for insights) ranks between no edit and one; -1 when too
 * far to be what was meant (a third of the word may be wrong, at least one
 * letter, and never the whole word).
 */
static long closeness(const char *word, const char *candidate)
{
	const char *w = bare(word), *c = bare(candidate);
	size_t len = strlen(w);
	if (!len)
		return -1;
	if (len >= 2 && strncmp(c, w, len) == 0)
		return 1;
	size_t d = cli_edit_distance(w, c), limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
	return d <= limit && d < len ? (long)(2 * d) : -1;
}

const char *cli_nearest(const char *word, const char *const *candidates, size_t n)
{
	const char *best = NULL;
	long best_score = -1;
	for (size_t i = 0; i < n; i++) {
		long s = candidates[i] ? closeness(word, candidates[i]) : -1;
		if (s >= 0 && (best_score < 0 || s < best_score))
			best = candidates[i], best_score = s;
	}
	return best;
}

/* "MESSAGE Did you mean SUGGESTION? TAIL" from data/terminal.json, said on
 * stderr after "haven: " (and as JSON with --json), the usage line after. */
static void say(const char *key, const char *const *kv, const char *suggestion, const char *tail,
                const struct hv_cmd *cmd)
{
	char *msg = hv_template_fill(hv_content_text("terminal.json", key, ""), kv);
	char *dym = NULL;
	if (suggestion) {
		const char *s[] = {"suggestion", suggestion, NULL};
		dym = hv_template_fill(hv_content_text("terminal.json", "did_you_mean", ""), s);
	}
	char *all = NULL;
	if (asprintf(&all, "%s%s%s%s%s", msg ? msg : "", dym ? " " : "", dym ? dym : "",
	             tail ? " " : "", tail ? tail : "") < 0)
		all = NULL;
	cli_usage_text(cmd, all ? all : "");
	free(all);
	free(dym);
	free(msg);
}

const char *cli_nearest_command(const char *word)
{
	const char *names[64];
	size_t n = 0;
	for (int i = 0; hv_commands[i] && n < 63; i++)
		names[n++] = hv_commands[i]->name;
	names[n++] = cmd_home.name;
	return cli_nearest(word, names, n);
}

int cli_unknown_command(const char *word)
{
	const char *near = cli_nearest_command(word);
	char quoted[80];
	if (near)
		snprintf(quoted, sizeof quoted, "'haven %s'", near);
	const char *kv[] = {"word", word, NULL};
	say("unknown_command", kv, near ? quoted : NULL,
	    hv_content_text("terminal.json", "see_help", ""), NULL);
	return HV_EXIT_USAGE;
}

/* The command's options and the global ones, as candidates. */
static size_t option_names(const struct hv_cmd *cmd, struct cli_spec *spec, const char **names,
                           size_t max)
{
	size_t n = 0;
	if (cmd) {
		cli_spec_read(cmd, spec);
		for (int i = 0; i < spec->n_opts && n < max; i++)
			names[n++] = spec->opts[i].name;
	}
	for (int i = 0; cli_global_options[i] && n < max; i++)
		names[n++] = cli_global_options[i];
	if (!cmd && n < max)
		names[n++] = "--version";
	return n;
}

int cli_unknown_option(const struct hv_cmd *cmd, const char *option)
{
	json_decref(cli_crisis_heard()); /* help before the error */
	struct cli_spec spec;
	const char *names[CLI_OPT_MAX + 8];
	size_t n = option_names(cmd, &spec, names, sizeof names / sizeof *names);
	/* "--bogus=1": the name is what was mistyped. */
	char name[64];
	snprintf(name, sizeof name, "%.*s", (int)strcspn(option, "="), option);
	/* A single letter is too short to guess from. */
	const char *near = strlen(bare(name)) > 1 ? cli_nearest(name, names, n) : NULL;
	/* Another subcommand's option: refused as it was written, not offered back. */
	if (near && strcmp(near, name) == 0)
		near = NULL;
	const char *kv[] = {"command", cmd ? cmd->name : "", "option", name, NULL};
	say(cmd ? "unknown_option" : "unknown_global", kv, near,
	    cmd ? NULL : hv_content_text("terminal.json", "see_help", ""), cmd);
	return HV_EXIT_USAGE;
}

void cli_suggest_subcommand(const struct hv_cmd *cmd, const char *word)
{
	/* A command that took its own flags out of argv (cli_take_flag) may
	 * have left nothing where its first word was. */
	if (!word)
		return;
	struct cli_spec spec;
	cli_spec_read(cmd, &spec);
	const char *subs[CLI_SUB_MAX];
	for (int i = 0; i < spec.n_subs; i++) {
		if (strcmp(spec.subs[i], word) == 0)
			return; /* it was given rightly; the mistake is elsewhere */
		subs[i] = spec.subs[i];
	}
	const char *near = *word != '-' ? cli_nearest(word, subs, (size_t)spec.n_subs) : NULL;
	if (!near)
		return;
	char quoted[96];
	snprintf(quoted, sizeof quoted, "'haven %s %s'", cmd->name, near);
	const char *kv[] = {"suggestion", quoted, NULL};
	char *dym = hv_template_fill(hv_content_text("terminal.json", "did_you_mean", ""), kv);
	fprintf(stderr, "haven: %s\n", dym ? dym : quoted);
	free(dym);
}
