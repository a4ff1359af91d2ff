/*
 * term-quiz.h — the raw-mode terminal questionnaire engine of `haven assess
 * take` and `resume`, apart from the command's options and result screens.
 */
#ifndef HAVEN_CLI_TERM_QUIZ_H
#define HAVEN_CLI_TERM_QUIZ_H

#include "assess/assess.h"
#include "cli.h"

/*
 * Walk inst's items and prompts from r's saved position, saving every
 * answer at once.  1 when complete, 0 when stopped unfinished (saved, and
 * said so), -1 on an error already reported.
 */
int term_quiz_walk(struct hv_cli *cli, struct hv_store *st, const json_t *inst,
                   struct hv_record *r);

/* Let the person choose the relationship for an instrument with targets;
 * NULL when input ended. */
const char *term_quiz_target(struct hv_cli *cli, const json_t *inst);

#endif
