/*
 * assess-screens.h — the screens of `haven assess` (assess-screens.c),
 * shared by the command and its terminal questionnaire (term-quiz.c).
 */
#ifndef HAVEN_CLI_ASSESS_SCREENS_H
#define HAVEN_CLI_ASSESS_SCREENS_H

#include "assess/assess.h"
#include "cli.h"

/* A wording of data/assess.json, or fallback. */
const char *assess_words(const char *path, const char *fallback);

/* "This is a reflection, not a diagnosis", and that no type is named. */
void assess_print_note(struct hv_cli *cli);

/* Each subscale's score and band, under a heading whenever the direction
 * of the scale changes. */
void assess_print_scores(struct hv_cli *cli, const json_t *scored);

/* The full screen of a finished result r (or its JSON with --json); crisis
 * (borrowed, may be NULL) is the notice for reflections just written. */
int assess_show_record(struct hv_cli *cli, struct hv_store *st, const struct hv_record *r,
                       json_t *crisis);

/* Each area over time, with the change since the first and the previous. */
void assess_print_history(struct hv_cli *cli, const json_t *h);

#endif
