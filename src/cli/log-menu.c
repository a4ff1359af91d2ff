/*
 * log-menu.c — the numbered menus of `haven log` (trigger kinds, what you
 * did): drawn in as many columns as the terminal holds, and read back from
 * numbers, ids or, where a step takes them, a person's own words.
 */
#include "log-menu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "entry-flags.h"

void cli_menu_collect(const char *family, const char *id, const char *label, const char *extra,
                      void *ctx)
{
	struct cli_menu *m = ctx;
	if (m->n >= 64 || !id || !label)
		return;
	m->ids[m->n] = id;
	m->labels[m->n] = label;
	m->families[m->n] = family;
	m->groups[m->n] = family ? family : extra;
	m->n++;
}

/* Numbered choices in as many columns as fit, a heading per family. */
void cli_menu_print(struct hv_cli *cli, const struct cli_menu *m)
{
	int width = 0;
	for (int i = 0; i < m->n; i++)
		if (hv_text_width(m->labels[i]) > width)
			width = hv_text_width(m->labels[i]);
	width += 6;
	int per_row = (cli_columns() - 2) / width, col = 0;
	if (per_row < 1)
		per_row = 1;
	for (int i = 0; i < m->n; i++) {
		int new_group = i == 0 || !m->groups[i] || !m->groups[i - 1] ||
		                strcmp(m->groups[i], m->groups[i - 1]) != 0;
		if (new_group && i > 0) {
			printf(col ? "\n\n" : "\n"); /* finish the row, then a blank line */
			col = 0;
		}
		if (new_group && m->families[i])
			printf("  %s%s%s\n", cli_dim(cli), m->families[i], cli_reset(cli));
		printf("  %s%2d%s %s", cli_accent(cli), i + 1, cli_reset(cli), m->labels[i]);
		if (++col == per_row || i == m->n - 1) {
			printf("\n");
			col = 0;
		} else {
			printf("%*s", width - 5 - hv_text_width(m->labels[i]), "");
		}
	}
}

/* The menu id a token names: its number or the id itself; NULL if neither. */
static const char *menu_pick(const struct cli_menu *m, const char *tok)
{
	char *end;
	long k = strtol(tok, &end, 10);
	while (*end == ' ')
		end++;
	if (end != tok && !*end)
		return k >= 1 && k <= m->n ? m->ids[k - 1] : NULL;
	for (int i = 0; i < m->n; i++)
		if (strcmp(m->ids[i], tok) == 0)
			return m->ids[i];
	return NULL;
}

/*
 * Split "1, 3, own words" into choices.  Words that name no choice go to
 * own when the step takes free words; otherwise the first one is returned
 * (a copy) so the caller can ask again, and nothing is added.
 */
char *cli_menu_read(const struct cli_menu *m, const char *line, json_t *body, const char *key,
                    json_t *own)
{
	char *copy = strdup(line), *save = NULL, *bad = NULL;
	json_t *picked = json_array();
	for (char *tok = strtok_r(copy, ",", &save); tok && !bad;
	     tok = strtok_r(NULL, ",", &save)) {
		while (*tok == ' ')
			tok++;
		size_t n = strlen(tok);
		while (n > 0 && tok[n - 1] == ' ')
			tok[--n] = '\0';
		const char *id = *tok ? menu_pick(m, tok) : NULL;
		if (id)
			json_array_append_new(picked, json_string(id));
		else if (*tok && own)
			json_array_append_new(own, hv_json_text(tok));
		else if (*tok)
			bad = strdup(tok);
	}
	size_t i;
	json_t *v;
	if (!bad)
		json_array_foreach(picked, i, v) cli_list_add(body, key, json_string_value(v));
	json_decref(picked);
	free(copy);
	return bad;
}
