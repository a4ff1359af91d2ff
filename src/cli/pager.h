/*
 * pager.h — long output through $PAGER on a terminal (pager.c).
 */
#ifndef HAVEN_CLI_PAGER_H
#define HAVEN_CLI_PAGER_H

#include "cli.h"

/* Send standard output through the pager from here on, when it is a
 * terminal and --json is not given; 1 when it does. */
int cli_pager_start(const struct hv_cli *cli);

/* Whether output goes through the pager now (the terminal is still there). */
int cli_paging(void);

/* The terminal's width when the pager started. */
int cli_pager_columns(void);

/* Let the pager read the end of the output and wait until it is left. */
void cli_pager_end(void);

#endif
