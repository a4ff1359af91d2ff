/*
 * cmd-help.c — `haven help [CMD]` and `haven --help`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "suggest.h"

extern const struct hv_cmd cmd_help, cmd_home;

/* Text for a person goes out at the terminal's width (cli_wrap_lines);
 * other files get it as it is. */
static int emit(FILE *out, char *text, size_t len)
{
	if (out == stdout)
		cli_wrap_lines(text);
	else
		fwrite(text, 1, len, out);
	free(text);
	return HV_EXIT_OK;
}

int cli_help_all(FILE *dest)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	if (!out)
		return HV_EXIT_FAIL;
	fprintf(out, "haven — a calm place to notice, soothe and rethink when the attachment "
	             "alarm goes off.\n\n"
	             "usage: haven [--db PATH] [--json] [--quiet] [--no-color] COMMAND [ARGS]\n");
	for (int i = 0; hv_commands[i]; i++) {
		for (int g = 0; hv_command_groups[g].heading; g++)
			if (hv_command_groups[g].first == hv_commands[i])
				fprintf(out, "\n%s:\n", hv_command_groups[g].heading);
		fprintf(out, "  %-10s %s\n", hv_commands[i]->name, hv_commands[i]->summary);
	}
	fprintf(out,
	        "\nWith no command, haven shows what you logged recently and what you can do "
	        "now.\n'haven help COMMAND' tells more about one command.\n\n"
	        "Options for every command:\n"
	        "  --db PATH    the database file (also HAVEN_DB; default "
	        "$XDG_DATA_HOME/haven/haven.db)\n"
	        "  --json       machine-readable output on standard output; an error then\n"
	        "               goes to standard error as one line of JSON too:\n"
	        "               {\"error\": {\"code\": ..., \"message\": ...}}\n"
	        "  --quiet      no notes on standard error (errors and crisis help still show)\n"
	        "  --no-color   no colour (also NO_COLOR)\n\n"
	        "Exit status: 0 done, 1 the operation failed, 2 the command was given wrongly.\n");
	fclose(out);
	return emit(dest, text, len);
}

int cli_help_for(const struct hv_cmd *cmd, FILE *dest)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	if (!out)
		return HV_EXIT_FAIL;
	fprintf(out, "usage: haven %s\n\n%s.\n\n%s\n", cmd->usage, cmd->summary, cmd->help);
	fclose(out);
	return emit(dest, text, len);
}

/* roff needs a backslash doubled and a leading dot or quote escaped. */
static void roff_text(FILE *out, const char *s)
{
	int line_start = 1;
	for (; *s; s++) {
		if (line_start && (*s == '.' || *s == '\''))
			fputs("\\&", out);
		if (*s == '\\')
			fputs("\\e", out);
		else if (*s == '-')
			fputs("\\-", out);
		else
			fputc(*s, out);
		line_start = *s == '\n';
	}
}

/*
 * The manual page, made from the same command table as --help, so the two
 * can never disagree.  The build writes it to build/haven.1.
 */
static int print_man(FILE *out)
{
	fputs(".TH HAVEN 1 \"\" \"haven\" \"User Commands\"\n"
	      ".SH NAME\nhaven \\- a calm place to notice, soothe and rethink when the "
	      "attachment alarm goes off\n"
	      ".SH SYNOPSIS\n.B haven\n[\\fB\\-\\-db\\fR \\fIPATH\\fR] [\\fB\\-\\-json\\fR] "
	      "[\\fB\\-\\-quiet\\fR] [\\fB\\-\\-no\\-color\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]\n"
	      ".SH DESCRIPTION\nhaven is a local\\-first companion for people with an anxious "
	      "attachment style who want to grow toward security. Everything stays in one SQLite "
	      "file on this computer; haven never uses the network. With no command it shows what "
	      "was logged recently and what can be done now.\n"
	      ".SH COMMANDS\n",
	      out);
	for (int i = 0; hv_commands[i]; i++) {
		const struct hv_cmd *c = hv_commands[i];
		fputs(".SS \"haven ", out);
		roff_text(out, c->usage);
		fputs("\"\n", out);
		roff_text(out, c->summary);
		fputs(".\n.PP\n.nf\n", out);
		roff_text(out, c->help);
		fputs("\n.fi\n", out);
	}
	fputs(
	    ".SH OPTIONS\n"
	    ".TP\n.BI \\-\\-db \" PATH\"\nthe database file (also \\fBHAVEN_DB\\fR).\n"
	    ".TP\n.B \\-\\-json\nmachine\\-readable output on standard output. An error then also "
	    "goes to standard error as one line of JSON: "
	    "{\"error\": {\"code\": ..., \"message\": ...}}.\n"
	    ".TP\n.B \\-\\-quiet\nno notes on standard error (errors and crisis help still show).\n"
	    ".TP\n.B \\-\\-no\\-color\nno colour.\n"
	    ".SH ENVIRONMENT\n"
	    ".TP\n.B HAVEN_DB\nthe database file, as with \\fB\\-\\-db\\fR.\n"
	    ".TP\n.B XDG_DATA_HOME\nthe default database is "
	    "\\fI$XDG_DATA_HOME/haven/haven.db\\fR.\n"
	    ".TP\n.B NO_COLOR\nwhen set, no colour.\n"
	    ".SH EXIT STATUS\n0 done; 1 the operation failed; 2 the command was given wrongly.\n"
	    ".SH NOTES\nhaven is a self\\-help tool. Its numbers are reflections of what you "
	    "chose to write down, not scores of you, and it does not diagnose anything. If you "
	    "are in danger, call your local emergency number or a crisis line.\n",
	    out);
	return HV_EXIT_OK;
}

static int run(struct hv_cli *cli, int argc, char **argv)
{
	(void)cli;
	if (argc < 2)
		return cli_help_all(stdout);
	if (strcmp(argv[1], "--man") == 0)
		return print_man(stdout);
	if (strcmp(argv[1], "--commands") == 0) { /* for shell completion */
		for (int i = 0; hv_commands[i]; i++)
			printf("%s\n", hv_commands[i]->name);
		return HV_EXIT_OK;
	}
	/* Not in the help: every name haven answers to, "home" too, for tests
	 * that must cover every command (tests/e2e/t-crisis-everywhere.sh). */
	if (strcmp(argv[1], "--every-command") == 0) {
		for (int i = 0; hv_commands[i]; i++)
			printf("%s\n", hv_commands[i]->name);
		printf("%s\n", cmd_home.name);
		return HV_EXIT_OK;
	}
	const struct hv_cmd *cmd = hv_cmd_find(argv[1]);
	if (!cmd && strcmp(argv[1], cmd_home.name) == 0)
		cmd = &cmd_home;
	if (!cmd)
		return cli_unknown_command(argv[1]);
	return cli_help_for(cmd, stdout);
}

const struct hv_cmd cmd_help = {
    .name = "help",
    .usage = "help [COMMAND]",
    .summary = "how to use haven, or one of its commands",
    .help = "With a command name, shows its options.\n"
            "  --commands   the command names, one per line (for shell completion)\n"
            "  --man        the manual page, in roff",
    .run = run,
};
