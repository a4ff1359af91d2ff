/*
 * cmd-help.c — `haven help [CMD]` and `haven --help`.
 */
#include <string.h>

#include "cli.h"

extern const struct hv_cmd cmd_help;

int cli_help_all(FILE *out)
{
	fprintf(out, "haven — a calm place to notice, soothe and rethink when the attachment "
		     "alarm goes off.\n\n"
		     "usage: haven [--db PATH] [--json] [--no-color] COMMAND [ARGS]\n\n"
		     "Commands:\n");
	for (int i = 0; hv_commands[i]; i++)
		fprintf(out, "  %-10s %s\n", hv_commands[i]->name, hv_commands[i]->summary);
	fprintf(out, "\nWith no command, haven shows what you logged recently and what you can do "
		     "now.\n'haven help COMMAND' tells more about one command.\n\n"
		     "Options for every command:\n"
		     "  --db PATH    the database file (also HAVEN_DB; default "
		     "$XDG_DATA_HOME/haven/haven.db)\n"
		     "  --json       machine-readable output\n"
		     "  --no-color   no colour (also NO_COLOR)\n\n"
		     "Exit status: 0 done, 1 the operation failed, 2 the command was given wrongly.\n");
	return HV_EXIT_OK;
}

int cli_help_for(const struct hv_cmd *cmd, FILE *out)
{
	fprintf(out, "usage: haven %s\n\n%s.\n\n%s\n", cmd->usage, cmd->summary, cmd->help);
	return HV_EXIT_OK;
}

static int run(struct hv_cli *cli, int argc, char **argv)
{
	(void)cli;
	if (argc < 2)
		return cli_help_all(stdout);
	const struct hv_cmd *cmd = hv_cmd_find(argv[1]);
	if (!cmd)
		return cli_usage(&cmd_help, "\"%s\" is not a haven command", argv[1]);
	return cli_help_for(cmd, stdout);
}

const struct hv_cmd cmd_help = {
    .name = "help",
    .usage = "help [COMMAND]",
    .summary = "how to use haven, or one of its commands",
    .help = "With a command name, shows its options.",
    .run = run,
};
