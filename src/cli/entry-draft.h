/*
 * entry-draft.h — Ctrl-C in a multi-step entry keeps what was written as a
 * draft, and --resume takes it up again (entry-draft.c, over core/draft.h).
 */
#ifndef HAVEN_CLI_ENTRY_DRAFT_H
#define HAVEN_CLI_ENTRY_DRAFT_H

#include <jansson.h>
#include <stdint.h>

#include "cli.h"
#include "core/record.h"

/*
 * The walk of an entry of kind `of` was stopped by signal sig at step:
 * ask whether to keep what was written as a draft (Enter, the end of
 * input or a second Ctrl-C keep it), then keep it or let it go — and when
 * the walk began from the draft `resumed` (may be NULL), rewrite or drop
 * that one.  Says what happened; returns the exit status, 128 + sig.
 */
int cli_draft_offer(struct hv_cli *cli, struct hv_store *st, const char *of, const json_t *body,
                    const char *step, int64_t at_ms, const char *resumed, int sig);

/*
 * --resume: the newest draft of kind `of` into *out, said on screen with
 * when it was begun; 0, or the exit status after saying there is none.
 */
int cli_draft_resume(struct hv_cli *cli, struct hv_store *st, const char *of,
                     struct hv_record *out);

/* The command that takes up a draft of kind `of` ("haven log --resume"). */
const char *cli_draft_command(const char *of);

#endif
