/*
 * cmd.c — the command table.  Adding a command is one file and one line
 * here.  Kept in the order `haven help` lists them.
 */
#include <string.h>

#include "cli.h"

extern const struct hv_cmd cmd_log, cmd_journal, cmd_insights, cmd_export, cmd_import,
    cmd_help, cmd_version;

const struct hv_cmd *const hv_commands[] = {
    &cmd_log, &cmd_journal, &cmd_insights, &cmd_export, &cmd_import, &cmd_help, &cmd_version,
    NULL,
};

const struct hv_cmd *hv_cmd_find(const char *name)
{
	for (int i = 0; hv_commands[i]; i++)
		if (strcmp(hv_commands[i]->name, name) == 0)
			return hv_commands[i];
	return NULL;
}
