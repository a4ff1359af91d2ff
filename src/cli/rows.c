/*
 * rows.c — one row of a list view, drawn alike wherever a command lists
 * records: the short id in the accent colour, when it was written, the
 * words wrapped beside them and a dim tag after.  Evidence, the timeline
 * and the thought records draw their rows here, so their columns agree;
 * what was done to one of them is said by cli_say_id.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "core/clock.h"
#include "core/template.h"

int cli_when_of(const json_t *obj, const char *key, int64_t now, char *buf, size_t n)
{
	int64_t ms;
	int off;
	if (n)
		buf[0] = '\0';
	if (hv_parse_rfc3339(cli_str(obj, key), &ms, &off) < 0)
		return -1;
	cli_format_when(ms, off, now, buf, n);
	return 0;
}

int cli_row_head(struct hv_cli *cli, const json_t *rec, const char *when, int width)
{
	printf("%s%.8s%s  %-*s ", cli_accent(cli), cli_str(rec, "id"), cli_reset(cli), width, when);
	return 8 + 2 + width + 1;
}

void cli_row(struct hv_cli *cli, const json_t *rec, const struct cli_row_words *w)
{
	/* The words' lines after the first hang at the words' own column. */
	int indent = cli_row_head(cli, rec, w->when, w->width);
	int col = cli_wrap_words(indent, indent, w->text);
	if (w->tag) {
		printf("%s", cli_dim(cli));
		cli_wrap_words(col, indent, w->tag);
		printf("%s", cli_reset(cli));
	}
	printf("\n");
}

void cli_say_id(const char *text, const char *id, int shown)
{
	char cut[64];
	snprintf(cut, sizeof cut, "%.*s", shown, id);
	const char *kv[] = {"id", cut, NULL};
	char *line = hv_template_fill(text, kv);
	cli_wrap(0, line ? line : cut);
	printf("\n");
	free(line);
}
