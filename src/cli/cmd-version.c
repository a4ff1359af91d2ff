/*
 * cmd-version.c — `haven version`: the program and schema version.
 */
#include "cli.h"

#ifndef HAVEN_VERSION
#define HAVEN_VERSION "0.1.0"
#endif

static int run(struct hv_cli *cli, int argc, char **argv)
{
	(void)argc, (void)argv;
	if (cli->json)
		return cli_print_json(
		    json_pack("{s:s,s:i}", "version", HAVEN_VERSION, "schema", HV_SCHEMA_VERSION));
	printf("haven %s (database schema %d)\n", HAVEN_VERSION, HV_SCHEMA_VERSION);
	return HV_EXIT_OK;
}

const struct hv_cmd cmd_version = {
    .name = "version",
    .usage = "version",
    .summary = "which haven this is",
    .help = "Also: haven --version.",
    .run = run,
};
