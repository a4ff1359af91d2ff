/*
 * cmd-check.c — `haven check "TEXT"`: point out thinking patterns in a
 * sentence, each with the exact words it rests on and why, in plain words,
 * and the question to ask yourself; `check --explain KIND` says what a
 * pattern is, with an example.  Nothing is saved.  "-" reads the text from
 * standard input.
 */
#include <stdlib.h>
#include <string.h>

#include "alongside.h"
#include "args.h"
#include "cli.h"
#include "core/content.h"
#include "patterns/patterns.h"
#include "safety/crisis-check.h"

extern const struct hv_cmd cmd_check;

/* All of standard input, up to one byte past max (so "too long" is seen). */
char *cli_read_stdin(size_t max, size_t *len)
{
	char *buf = malloc(max + 2);
	if (!buf)
		return NULL;
	*len = fread(buf, 1, max + 1, stdin);
	buf[*len] = '\0';
	return buf;
}

/* The findings as people read them: the words, the pattern, the reason. */
void cli_print_findings(struct hv_cli *cli, const json_t *findings,
                        const char *(*label)(const char *kind))
{
	size_t i;
	json_t *f;
	json_array_foreach(findings, i, f)
	{
		const char *kind = json_string_value(json_object_get(f, "kind"));
		const char *name = label ? label(kind) : NULL;
		/* The person's words in quotes, then the pattern's name, which
		 * goes under them when the line is full. */
		char *quoted = NULL;
		if (asprintf(&quoted, "\"%s\"", json_string_value(json_object_get(f, "match"))) < 0)
			quoted = NULL;
		printf("%s", cli_bold(cli));
		int col = cli_wrap_words(0, 2, quoted ? quoted : "");
		printf("%s%s", cli_reset(cli), cli_accent(cli));
		char named[128];
		snprintf(named, sizeof named, "  %s", name ? name : kind);
		cli_wrap_words(col, 2, named);
		printf("%s\n  ", cli_reset(cli));
		cli_wrap_words(2, 2, json_string_value(json_object_get(f, "why")));
		printf("\n");
		free(quoted);
	}
}

/*
 * --lines: every line of standard input checked on its own, one compact
 * JSON result per line (JSON Lines), for scripts and the quality benchmark.
 * Each line passes the crisis net as input of kind (its text as field): the
 * help is shown once, at the first line that needs it, and every such line's
 * result carries the notice.
 */
int cli_each_line(struct hv_cli *cli, const char *kind, const char *field,
                  json_t *(*fn)(const char *text, size_t len, struct hv_error *err))
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = HV_EXIT_OK;
	json_t *notice = NULL;
	while ((n = getline(&line, &cap, stdin)) >= 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		json_t *words = json_pack("{s:o}", field, json_stringn_nocheck(line, (size_t)n));
		json_t *crisis = NULL;
		if (hv_crisis_check_body(kind, words))
			crisis = notice ? json_incref(notice)
			                : (notice = cli_crisis_body(cli, kind, words),
			                   json_incref(notice));
		json_decref(words);
		struct hv_error err;
		json_t *res = fn(line, (size_t)n, &err);
		cli_add_crisis(res, crisis);
		char *out = res ? json_dumps(res, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
		if (out)
			printf("%s\n", out);
		else
			printf("{\"error\":{\"code\":\"%s\"}}\n", hv_errcode_name(err.code)),
			    rc = HV_EXIT_FAIL;
		free(out);
		json_decref(res);
	}
	json_decref(notice);
	free(line);
	return rc;
}

/* A field of a kind in data/patterns.json ("what", "example", "ask"). */
static const char *kind_field(const char *kind, const char *field)
{
	const json_t *kinds = json_object_get(hv_content_json("patterns.json", NULL), "kinds");
	return json_string_value(json_object_get(json_object_get(kinds, kind), field));
}

/* Each finding as cli_print_findings shows it, then the question its
 * pattern asks, once per pattern. */
static void print_with_questions(struct hv_cli *cli, const json_t *findings)
{
	size_t i, k;
	json_t *f;
	json_array_foreach(findings, i, f)
	{
		json_t *one = json_pack("[O]", f);
		cli_print_findings(cli, one, hv_pattern_label);
		json_decref(one);
		const char *kind = json_string_value(json_object_get(f, "kind"));
		int seen = 0;
		for (k = 0; k < i && !seen; k++)
			seen = json_equal(json_object_get(json_array_get(findings, k), "kind"),
			                  json_object_get(f, "kind"));
		const char *ask = kind_field(kind, "ask");
		if (!seen && ask)
			printf("  %s%s %s%s\n", cli_dim(cli),
			       hv_content_text("patterns.json", "messages/ask", ""), ask,
			       cli_reset(cli));
	}
}

/* --explain KIND: what the pattern is, an example, the question. */
static int explain(struct hv_cli *cli, const char *kind)
{
	if (!hv_pattern_kind_valid(kind)) {
		fprintf(stderr, "haven: %s %s\n",
		        hv_content_text("patterns.json", "messages/unknown_kind", ""),
		        hv_pattern_kind_list());
		return HV_EXIT_USAGE;
	}
	if (cli->json)
		return cli_print_json(
		    json_pack("{s:s,s:s,s:s,s:s,s:s}", "kind", kind, "label",
		              hv_pattern_label(kind), "what", kind_field(kind, "what"), "example",
		              kind_field(kind, "example"), "ask", kind_field(kind, "ask")));
	printf("%s%s%s\n  %s\n  %s %s\n  %s %s\n", cli_bold(cli), hv_pattern_label(kind),
	       cli_reset(cli), kind_field(kind, "what"),
	       hv_content_text("patterns.json", "messages/example", ""),
	       kind_field(kind, "example"), hv_content_text("patterns.json", "messages/ask", ""),
	       kind_field(kind, "ask"));
	return HV_EXIT_OK;
}

/* The text's findings, read while the crisis net hears the same words on
 * a second thread (the spec's crisis_alongside); help first, then the
 * findings.  Text from standard input is heard here, the net on this
 * thread and the rules on a second.  *crisis becomes the net's notice. */
static int check_checked(struct hv_cli *cli, const char *given, json_t **crisis)
{
	size_t len;
	char *text = NULL;
	struct hv_error err;
	json_t *res;
	if (strcmp(given, "-") == 0) {
		json_decref(cli_crisis_heard()); /* "-": no words of its own */
		text = cli_read_stdin(HV_CHECK_MAX, &len);
		if (!text)
			return HV_EXIT_FAIL;
		struct cli_alongside rules;
		cli_alongside_start(&rules, hv_check, text, len);
		*crisis = cli_crisis_field(cli, HV_CRISIS_CHECK_INPUT, "text", text, len);
		res = cli_alongside_finish(&rules, &err);
	} else {
		res = hv_check(given, strlen(given), &err);
		*crisis = cli_crisis_heard();
	}
	free(text);
	if (!res)
		return cli_error(cli, &err);
	if (cli->json) {
		cli_add_crisis(res, json_incref(*crisis));
		return cli_print_json(res);
	}
	const json_t *findings = json_object_get(res, "findings");
	if (*crisis) {
		/* After the help, one calm line: no "nothing stood out", and no
		 * patterns to weigh in words that ask for help. */
		cli_say(hv_content_text("patterns.json", "messages/crisis", ""));
		json_decref(res);
		return HV_EXIT_OK;
	}
	if (json_array_size(findings) == 0)
		cli_say(hv_content_text("patterns.json", "messages/none",
		                        "Nothing stood out in that."));
	else
		print_with_questions(cli, findings);
	if (json_array_size(findings) > 0) {
		printf("%s", cli_dim(cli));
		cli_wrap(0, hv_content_text("patterns.json", "messages/after", ""));
		printf("%s\n", cli_reset(cli));
	}
	json_decref(res);
	return HV_EXIT_OK;
}

/* One sentence, --explain KIND or --lines, each alone.  The words are
 * heard by the net meanwhile, and a usage error waits for it: help never
 * waits for a well-formed command. */
static int check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	if (cli_flag(a, "--lines") && (a->argc || cli_flag(a, "--explain")))
		return cli_usage(&cmd_check, "%s", "--lines reads standard input: give it alone");
	if (cli_flag(a, "--lines"))
		return 0;
	if (cli_flag(a, "--explain") && a->argc)
		return cli_usage(&cmd_check, "%s", "--explain takes the name of a pattern alone");
	if (cli_flag(a, "--explain"))
		return 0;
	if (a->argc != 1)
		return cli_usage(&cmd_check, "%s",
		                 a->argc < 1 ? "give the sentence to check, in quotes"
		                             : "give the sentence as one argument, in quotes");
	return 0;
}

static int run(struct hv_cli *cli, struct cli_args *a)
{
	json_t *heard = NULL;
	if (cli_flag(a, "--lines") || cli_arg(a, "--explain"))
		heard = cli_crisis_heard(); /* the command line's own words first */
	json_decref(heard);
	if (cli_flag(a, "--lines"))
		return cli_each_line(cli, HV_CRISIS_CHECK_INPUT, "text", hv_check);
	const char *kind = cli_arg(a, "--explain");
	if (kind)
		return explain(cli, kind);
	json_t *crisis = NULL;
	int rc = check_checked(cli, a->argv[0], &crisis);
	json_decref(crisis);
	return rc;
}

static const struct cli_argdef opts[] = {CLI_FLAG("--lines"), CLI_VALUE("--explain", 0), CLI_END};

const struct hv_cmd cmd_check = {
    .name = "check",
    .usage = "check \"TEXT\" [--json] | check --explain KIND",
    .summary = "notice thinking patterns in a sentence",
    .help =
        "Points out thinking patterns (mind reading, catastrophising, ...) in TEXT, each\n"
        "with the exact words it rests on and why. haven stays quiet when unsure: no\n"
        "finding is better than a wrong one. Nothing is saved.\n\n"
        "  TEXT     the sentence, in quotes; \"-\" reads it from standard input\n"
        "  --lines  check each line of standard input; one JSON result per line\n"
        "  --explain KIND  what a pattern is, an example and the question to ask\n"
        "  --json   {\"findings\": [{\"kind\",\"start\",\"end\",\"match\",\"why\"}]}; start and\n"
        "           end are byte offsets into TEXT",
    .args = &(const struct cli_argspec){.opts = opts,
                                        .check = check,
                                        .run = run,
                                        .crisis_kind = HV_CRISIS_CHECK_INPUT,
                                        .crisis_alongside = 1},
};
