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

/* --resume taken whole: the newest draft of kind `of` into *draft (its id
 * is dropped once the entry is saved), *body replaced by a copy of its
 * words, and *step the id of the step where it stopped; 0, or the exit
 * status after saying there is none. */
int cli_draft_take(struct hv_cli *cli, struct hv_store *st, const char *of, struct hv_record *draft,
                   json_t **body, const char **step);

/*
 * A multi-step entry's words heard by the crisis net once: the notice the
 * parser heard (the spec's crisis_kind) is kept, so the editor and each
 * step of the walk sound it only when it is still silent, and the saved
 * entry's --json carries it.
 */
struct cli_args;
struct cli_heard {
	const char *kind; /* the record kind the words are heard as */
	json_t *notice;   /* what was heard, or NULL */
};
/* body heard, unless something already was. */
void cli_hear(struct hv_cli *cli, struct cli_heard *h, const json_t *body);
/* The spec's check for such an entry: the parser's notice kept, then
 * check run; what was heard is let go again when the words are refused. */
int cli_hear_check(struct hv_cli *cli, struct cli_args *a, struct cli_heard *h,
                   int (*check)(struct hv_cli *cli, struct cli_args *a));
/* The entry done: what was heard let go. */
void cli_heard_forget(struct cli_heard *h);

/* The command that takes up a draft of kind `of` ("haven log --resume"). */
const char *cli_draft_command(const char *of);

#endif
