/*
 * log-menu.h — the numbered menus of `haven log`'s steps (log-menu.c).
 */
#ifndef HAVEN_CLI_LOG_MENU_H
#define HAVEN_CLI_LOG_MENU_H

#include <jansson.h>

#include "cli.h"

struct cli_menu {
	int n;
	const char *ids[64], *labels[64], *families[64], *groups[64];
};

/* A hv_vocab_fn (journal/vocab.h) that adds each choice to the menu ctx. */
void cli_menu_collect(const char *family, const char *id, const char *label, const char *extra,
                      void *ctx);

/* Numbered choices in as many columns as fit, a heading per family. */
void cli_menu_print(struct hv_cli *cli, const struct cli_menu *m);

/*
 * Split "1, 3, own words" into choices added to body[key].  Words that name
 * no choice go to own when the step takes free words; otherwise the first
 * one is returned (a copy) so the caller can ask again, and nothing is added.
 */
char *cli_menu_read(const struct cli_menu *m, const char *line, json_t *body, const char *key,
                    json_t *own);

#endif
