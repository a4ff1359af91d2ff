/*
 * cmdspec.h — what a command accepts, read from its entry in the command
 * table: the options its help documents and the subcommands its usage line
 * names.  "Did you mean" (suggest.c) and shell completion (completion.c)
 * both use it, so neither keeps a second list that could drift from the help.
 */
#ifndef HAVEN_CLI_CMDSPEC_H
#define HAVEN_CLI_CMDSPEC_H

#include "cli.h"

#define CLI_OPT_MAX 48
#define CLI_SUB_MAX 16

/* One option as the help writes it. */
struct cli_opt {
	char name[40];    /* "--kind" or "-k" */
	char other[40];   /* the other spelling: "-k" for "--kind", or "" */
	int takes_value;  /* a value follows it: "--kind KIND" */
	char values[128]; /* the values it lists, "|" between ("yes|no"), or "" */
};

struct cli_spec {
	int n_opts, n_subs;
	struct cli_opt opts[CLI_OPT_MAX];
	char subs[CLI_SUB_MAX][24]; /* "list", "show", … in the usage's order */
};

/* Fill spec from cmd's usage line and help text. */
void cli_spec_read(const struct hv_cmd *cmd, struct cli_spec *spec);

/* The option named name (either spelling), or NULL. */
const struct cli_opt *cli_spec_option(const struct cli_spec *spec, const char *name);

/* The options every command takes (main.c takes them out of argv). */
extern const char *const cli_global_options[];

/* `haven __complete WORD…`: the candidates for the last word, one a line
 * (completion.c). */
int cli_complete(struct hv_cli *cli, int argc, char **argv);

#endif
