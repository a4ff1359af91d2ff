/*
 * entry-flags.h — the journal-entry flags shared by `haven log` and
 * `haven journal edit`, so both spell every field the same way.
 */
#ifndef HAVEN_ENTRY_FLAGS_H
#define HAVEN_ENTRY_FLAGS_H

#include <jansson.h>
#include <stdint.h>

#include "args.h"
#include "cli.h"

/* Each flag's value into the body the parser holds (a->body, made on the
 * first), in the order given; 0, or the exit status of the usage error. */
int cli_entry_take(struct cli_args *a, const struct cli_argdef *opt, const char *value);

/* The flags, for the option list of a command's spec: put them first,
 * then the command's own, then CLI_END. */
#define CLI_ENTRY_VALUE(n, l)                                                                      \
	{                                                                                          \
		.name = (n), .letter = (l), .value = 1, .take = cli_entry_take                     \
	}
#define CLI_ENTRY_FLAGS                                                                            \
	CLI_ENTRY_VALUE("--intensity", 'i'), CLI_ENTRY_VALUE("--kind", 'k'),                       \
	    CLI_ENTRY_VALUE("--what", 0), CLI_ENTRY_VALUE("--thought", 0),                         \
	    CLI_ENTRY_VALUE("--body", 0), CLI_ENTRY_VALUE("--emotion", 0),                         \
	    CLI_ENTRY_VALUE("--response", 0), CLI_ENTRY_VALUE("--did", 0),                         \
	    {.name = "--protest", .take = cli_entry_take},                                         \
	    {.name = "--soothing", .take = cli_entry_take}, CLI_ENTRY_VALUE("--recovered", 0),     \
	    CLI_ENTRY_VALUE("--at", 0)

/* What the flags wrote: the body (a new empty one when none was given,
 * the caller's to free), and --at's time (0 when not given). */
json_t *cli_entry_body(struct cli_args *a);
int64_t cli_entry_at(struct cli_args *a);

/* Append value to the list at key, creating it. */
void cli_list_add(json_t *body, const char *key, const char *value);

#endif
