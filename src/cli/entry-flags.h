/*
 * entry-flags.h — the journal-entry flags shared by `haven log` and
 * `haven journal edit`, so both spell every field the same way.
 */
#ifndef HAVEN_ENTRY_FLAGS_H
#define HAVEN_ENTRY_FLAGS_H

#include <jansson.h>
#include <stdint.h>

#include "cli.h"

/*
 * Parse argv with getopt_long into body fields; *at gets --at.  Leaves
 * optind at the first positional argument.  Returns 0, or the exit status
 * of a usage error it has already reported.
 */
int cli_entry_flags(const struct hv_cmd *cmd, int argc, char **argv, json_t *body,
                    int *have_intensity, int64_t *at);

/* Append value to the list at key, creating it. */
void cli_list_add(json_t *body, const char *key, const char *value);

#endif
