/*
 * editor.c — long fields written in the person's own editor ($VISUAL or
 * $EDITOR, vi when neither is set): `haven log --edit`, `haven thought
 * --edit`.
 *
 * The editor opens a temporary file made for this alone (mode 0600, in
 * $TMPDIR or /tmp) holding one "# question" line per field, with what the
 * flags already said under it.  What is written under a question becomes
 * that field; other lines starting with # are left out.  The file is
 * removed afterwards, whatever happened, so the words stay only in the
 * journal.
 */
#include "editor.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/content.h"
#include "core/record.h"
#include "core/template.h"
#include "core/text.h"

int cli_take_flag(int *argc, char **argv, const char *flag)
{
	int found = 0;
	for (int i = 1; i < *argc;) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], flag) == 0) {
			memmove(argv + i, argv + i + 1, (size_t)(*argc - i) * sizeof *argv);
			(*argc)--;
			found = 1;
		} else {
			i++;
		}
	}
	return found;
}

static void say(const char *key, const char *editor)
{
	const char *kv[] = {"editor", editor, NULL};
	char *msg = hv_template_fill(hv_content_text("terminal.json", key, ""), kv);
	fprintf(stderr, "haven: %s\n", msg ? msg : key);
	free(msg);
}

/* The file as it starts: the hint, then each question and its answer so far. */
static int write_template(FILE *f, const json_t *body, const struct cli_edit_field *fields,
                          size_t n)
{
	fprintf(f, "# %s\n", hv_content_text("terminal.json", "editor_hint", ""));
	for (size_t i = 0; i < n; i++) {
		const char *v = json_string_value(json_object_get(body, fields[i].key));
		fprintf(f, "\n# %s\n%s%s", fields[i].heading, v ? v : "", v && *v ? "\n" : "");
	}
	return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}

/* Run the editor on path and wait for it; its exit status, -1 if it could not run. */
static int run_editor(const char *editor, const char *path)
{
	/* As git does: the shell reads "$EDITOR", which may carry arguments of
	 * its own ("code --wait"), and the file comes after them. */
	char *script = NULL;
	if (asprintf(&script, "%s \"$@\"", editor) < 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0) {
		free(script);
		return -1;
	}
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		execl("/bin/sh", "sh", "-c", script, editor, path, (char *)NULL);
		_exit(127);
	}
	free(script);
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The text of the field whose question heads this line, or -1 for none. */
static int heading_of(const char *line, const struct cli_edit_field *fields, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strncmp(line, "# ", 2) == 0 && strcmp(line + 2, fields[i].heading) == 0)
			return (int)i;
	return -1;
}

/* Each field's lines joined, spaces at either end trimmed. */
static void set_field(json_t *body, const char *key, const char *text, size_t len)
{
	if (!text)
		text = "";
	while (len && (text[len - 1] == '\n' || text[len - 1] == ' ' || text[len - 1] == '\t'))
		len--;
	size_t start = strspn(text, " \t\n");
	if (start >= len) {
		json_object_del(body, key);
		return;
	}
	char *v = strndup(text + start, len - start);
	if (v)
		json_object_set_new(body, key, hv_json_text(v));
	free(v);
}

/* Read what was written back into body; the number of fields with words. */
static int read_back(FILE *f, json_t *body, const struct cli_edit_field *fields, size_t n)
{
	char *texts[16] = {0};
	size_t lens[16] = {0};
	int cur = 0, filled = 0;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, f)) >= 0) {
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len && line[len - 1] == '\r')
			line[--len] = '\0';
		if (line[0] == '#') {
			int h = heading_of(line, fields, n);
			if (h >= 0)
				cur = h;
			continue;
		}
		char *grown = realloc(texts[cur], lens[cur] + (size_t)len + 2);
		if (!grown)
			break;
		texts[cur] = grown;
		memcpy(grown + lens[cur], line, (size_t)len);
		lens[cur] += (size_t)len;
		grown[lens[cur]++] = '\n';
		grown[lens[cur]] = '\0';
	}
	free(line);
	for (size_t i = 0; i < n; i++) {
		set_field(body, fields[i].key, texts[i], lens[i]);
		filled += json_object_get(body, fields[i].key) != NULL;
		free(texts[i]);
	}
	return filled;
}

int cli_edit_fields(json_t *body, const struct cli_edit_field *fields, size_t n)
{
	if (n > 16)
		n = 16;
	const char *editor = getenv("VISUAL");
	if (!editor || !*editor)
		editor = getenv("EDITOR");
	if (!editor || !*editor)
		editor = "vi";
	const char *tmp = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/haven-XXXXXX.txt", tmp && *tmp ? tmp : "/tmp");
	int fd = mkstemps(path, 4); /* mode 0600, made for this alone */
	if (fd < 0) {
		perror("haven: could not make a file for the editor");
		return -1;
	}
	FILE *f = fdopen(fd, "w+");
	int rc = -1;
	if (!f || write_template(f, body, fields, n) < 0) {
		perror("haven: could not write the file for the editor");
		goto out;
	}
	fflush(stdout);
	if (run_editor(editor, path) != 0) {
		say("editor_failed", editor);
		goto out;
	}
	/* The editor may have written a new file in the old one's place. */
	FILE *back = fopen(path, "r");
	int filled = back ? read_back(back, body, fields, n) : 0;
	if (back)
		fclose(back);
	if (!filled)
		say("editor_empty", editor);
	else
		rc = 0;
out:
	if (f)
		fclose(f);
	else
		close(fd);
	unlink(path);
	return rc;
}
