/*
 * suggest.h — "did you mean" for a mistyped command or option (suggest.c).
 */
#ifndef HAVEN_CLI_SUGGEST_H
#define HAVEN_CLI_SUGGEST_H

#include <stddef.h>

#include "cli.h"

/* Damerau–Levenshtein distance (optimal string alignment): insertions,
 * deletions, substitutions and swaps of two neighbouring letters. */
size_t cli_edit_distance(const char *a, const char *b);

/* The candidate word most likely meant, or NULL when none is close. */
const char *cli_nearest(const char *word, const char *const *candidates, size_t n);

/* The command name nearest word, "home" included, or NULL. */
const char *cli_nearest_command(const char *word);

/* Say word is not a command, with the nearest one; returns exit status 2. */
int cli_unknown_command(const char *word);

/* Say cmd has no such option (cmd NULL: haven itself, before a command),
 * with the nearest option and the usage line; returns exit status 2. */
int cli_unknown_option(const struct hv_cmd *cmd, const char *option);

/* After cmd refused its words as given wrongly: when word (the first after
 * the command) is not one of its subcommands but close to one, say which. */
void cli_suggest_subcommand(const struct hv_cmd *cmd, const char *word);

#endif
