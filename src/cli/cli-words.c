/*
 * cli-words.c — haven's own sentences from data/ said on the terminal.
 *
 * A command's result line is a template of a data file with its numbers
 * and names as slots ("Restored {n} entries from {file}."), and a count
 * picks between a "one" and a "many" form.  Said as it stands, never
 * broken at the terminal's width, so a script reading the line gets it
 * whole, as it did when the words were written in C.  What the data offers
 * to do next is an action by id (core/action.h), which the command line
 * shows as the command to type.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "core/action.h"
#include "core/content.h"
#include "core/template.h"

const char *cli_words(const char *file, const char *path, long long n)
{
	const json_t *at = hv_json_at(hv_content_json(file, NULL), path);
	if (json_is_object(at))
		at = json_object_get(at, n == 1 ? "one" : "many");
	return json_is_string(at) ? json_string_value(at) : "";
}

const char *cli_terminal_words(const char *file, const char *key, long long n)
{
	char path[128];
	snprintf(path, sizeof path, "terminal/%s", key);
	return cli_words(file, path, n);
}

void cli_put_filled(FILE *out, const char *tmpl, const char *const *kv, const char *end)
{
	char *line = hv_template_fill(tmpl, kv);
	fprintf(out, "%s%s", line ? line : tmpl, end);
	free(line);
}

void cli_say_brought(const char *section, const char *file, long long added, long long updated,
                     long long kept, long long purged)
{
	char path[48], a[24], u[24], k[24], p[24];
	snprintf(a, sizeof a, "%lld", added);
	snprintf(u, sizeof u, "%lld", updated);
	snprintf(k, sizeof k, "%lld", kept);
	snprintf(p, sizeof p, "%lld", purged);
	const char *kv[] = {"file", file, "added", a, "updated", u, "kept", k, "n", p, NULL};
	snprintf(path, sizeof path, "%s/done", section);
	cli_put_filled(stdout, cli_words("transfer.json", path, 0), kv, "\n");
	snprintf(path, sizeof path, "%s/purged", section);
	if (purged)
		cli_put_filled(stdout, cli_words("transfer.json", path, purged), kv, "\n");
}

const char *cli_action_line(const char *id, char *buf, size_t n)
{
	const char *cmd = hv_action_command(id);
	const char *said = cmd ? cmd : id ? id : "";
	snprintf(buf, n, "haven%s%s", *said ? " " : "", said);
	return buf;
}
