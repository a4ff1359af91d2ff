/*
 * cmd.c — the command table.  Adding a command is one file and one line
 * here.  Kept in the order `haven help` lists them, under the headings of
 * what a person may be looking for.
 */
#include <string.h>

#include "cli.h"

extern const struct hv_cmd cmd_log, cmd_journal, cmd_insights, cmd_export, cmd_import, cmd_help,
    cmd_version;
extern const struct hv_cmd cmd_assess;
extern const struct hv_cmd cmd_serve;
extern const struct hv_cmd cmd_vault, cmd_backup, cmd_restore, cmd_merge, cmd_doctor;
extern const struct hv_cmd cmd_sync;
extern const struct hv_cmd cmd_config;
extern const struct hv_cmd cmd_check, cmd_coach, cmd_thought, cmd_thoughts, cmd_reassure, cmd_kind,
    cmd_evidence, cmd_say;
extern const struct hv_cmd cmd_chat;
extern const struct hv_cmd cmd_breathe, cmd_ground, cmd_relax, cmd_scan, cmd_tipp, cmd_pause,
    cmd_soothe, cmd_practices;
extern const struct hv_cmd cmd_checkin;
extern const struct hv_cmd cmd_learn;
extern const struct hv_cmd cmd_report, cmd_card;
extern const struct hv_cmd cmd_completion;
extern const struct hv_cmd cmd_plan, cmd_milestones;
extern const struct hv_cmd cmd_timeline, cmd_steps;

const struct hv_cmd *const hv_commands[] = {
    &cmd_pause,    &cmd_breathe,    &cmd_ground,    &cmd_relax,    &cmd_scan,       &cmd_tipp,
    &cmd_soothe,   &cmd_reassure,   &cmd_chat,      &cmd_log,      &cmd_checkin,    &cmd_journal,
    &cmd_thought,  &cmd_thoughts,   &cmd_check,     &cmd_coach,    &cmd_say,        &cmd_kind,
    &cmd_evidence, &cmd_insights,   &cmd_practices, &cmd_assess,   &cmd_learn,      &cmd_report,
    &cmd_card,     &cmd_milestones, &cmd_plan,      &cmd_timeline, &cmd_steps,      &cmd_serve,
    &cmd_export,   &cmd_import,     &cmd_backup,    &cmd_restore,  &cmd_merge,      &cmd_sync,
    &cmd_vault,    &cmd_doctor,     &cmd_config,    &cmd_help,     &cmd_completion, &cmd_version,
    NULL,
};

/* The headings of `haven help`, each before the command that opens it. */
const struct hv_cmd_group hv_command_groups[] = {
    {"When the alarm goes off", &cmd_pause},
    {"Write it down, look at it again", &cmd_log},
    {"See yourself change", &cmd_insights},
    {"Your data", &cmd_serve},
    {"About haven", &cmd_help},
    {NULL, NULL},
};

const struct hv_cmd *hv_cmd_find(const char *name)
{
	for (int i = 0; hv_commands[i]; i++)
		if (strcmp(hv_commands[i]->name, name) == 0)
			return hv_commands[i];
	return NULL;
}
