/*
 * cli.c — the helpers every command shares: opening the store, reporting
 * errors, colours, prompts and argument parsing.
 */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/content.h"
#include "core/perms.h"
#include "core/template.h"
#include "core/text.h"
#include "core/when.h"
#include "pager.h"
#include "passphrase.h"
#include "safety/crisis.h"
#include "suggest.h"

/* The folder path would be made in, when it does not exist yet; caller frees. */
static char *missing_folder(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash || slash == path)
		return NULL;
	char *dir = strndup(path, (size_t)(slash - path));
	struct stat sb;
	if (dir && stat(dir, &sb) != 0 && errno == ENOENT)
		return dir;
	free(dir);
	return NULL;
}

/* A database given by --db or HAVEN_DB in a folder that is not there: the
 * store makes the folders, and haven says so rather than doing it unseen. */
static void say_folder_made(const struct hv_cli *cli, const char *folder)
{
	if (cli->quiet)
		return;
	const char *kv[] = {"folder", folder, NULL};
	char *msg = hv_template_fill(hv_content_text("terminal.json", "db_folder_made", ""), kv);
	char *safe = msg ? hv_text_printable(msg, 0) : NULL;
	fprintf(stderr, "haven: %s\n", safe ? safe : msg ? msg : folder);
	free(safe);
	free(msg);
}

/* The database's path: --db or HAVEN_DB, else the default; NULL when the
 * default cannot be known, with the error printed when say is set. */
static const char *db_path(struct hv_cli *cli, int say)
{
	struct hv_error err;
	if (cli->db_path)
		return cli->db_path;
	if (hv_store_default_path(cli->db_buf, sizeof cli->db_buf, &err) < 0) {
		if (say)
			cli_error(cli, &err);
		return NULL;
	}
	return cli->db_buf;
}

/* Whether the database is there to be opened (the store open already, or
 * its file): 1 or 0, or -1 with the error printed when its path cannot be
 * known. */
static int store_exists(struct hv_cli *cli)
{
	if (cli->store)
		return 1;
	const char *path = db_path(cli, 1);
	struct stat sb;
	return !path ? -1 : stat(path, &sb) == 0;
}

struct hv_store *cli_store_locked(struct hv_cli *cli)
{
	if (cli->store)
		return cli->store;
	struct hv_error err;
	const char *path = db_path(cli, 1);
	if (!path)
		return NULL;
	char *made = cli->db_path ? missing_folder(path) : NULL;
	if (hv_store_open(&cli->store, path, &err) < 0) {
		free(made);
		cli_error(cli, &err);
		return NULL;
	}
	if (made)
		say_folder_made(cli, made);
	free(made);
	static int warned; /* once per run, however often the store is opened */
	char warning[2 * PATH_MAX + 512];
	if (!warned && hv_store_permission_problem(cli->store, warning, sizeof warning))
		warned = fprintf(stderr, "haven: %s\n", warning) > 0;
	return cli->store;
}

struct hv_store *cli_store_read(struct hv_cli *cli)
{
	int there = store_exists(cli);
	if (there != 0)
		return there > 0 ? cli_store(cli) : NULL;
	struct hv_error err;
	if (hv_store_open(&cli->store, ":memory:", &err) < 0) {
		cli_error(cli, &err);
		return NULL;
	}
	return cli->store;
}

struct hv_store *cli_store(struct hv_cli *cli)
{
	struct hv_store *st = cli_store_locked(cli);
	if (!st || cli_unlock(cli, st) != 0)
		return NULL;
	cli_auto_sync_open(cli);
	return st;
}

static void err_say(const char *text);

int cli_error(struct hv_cli *cli, const struct hv_error *err)
{
	json_decref(cli_crisis_heard()); /* help before the error */
	/* A message may quote what was given: its control characters are shown
	 * as pictures, and bytes that are not UTF-8 as U+FFFD, which also keeps
	 * the JSON error from vanishing (json_pack refuses such bytes). */
	char *msg = hv_text_printable(err->msg, 0), *line = NULL;
	if (asprintf(&line, "haven: %s", msg ? msg : err->msg) < 0)
		line = NULL;
	err_say(line ? line : err->msg);
	free(line);
	if (cli && cli->json) {
		json_t *j = json_pack("{s:{s:s,s:s}}", "error", "code", hv_errcode_name(err->code),
		                      "message", msg ? msg : "");
		char *s = json_dumps(j, JSON_COMPACT);
		if (s)
			fprintf(stderr, "%s\n", s);
		free(s);
		json_decref(j);
	}
	free(msg);
	return err->code == HV_EINVAL ? HV_EXIT_USAGE : HV_EXIT_FAIL;
}

/* --json: usage errors go to stderr as JSON too (set by main). */
static int usage_json;

void cli_usage_json(int on)
{
	usage_json = on;
}

void cli_usage_text(const struct hv_cmd *cmd, const char *text)
{
	json_decref(cli_crisis_heard()); /* help before the error */
	/* The message may quote what was typed: control characters as pictures. */
	char *safe = hv_text_printable(text, 0);
	const char *msg = safe ? safe : text;
	char *line = NULL;
	if (asprintf(&line, "haven: %s", msg) < 0)
		line = NULL;
	err_say(line ? line : msg);
	free(line);
	if (cmd && asprintf(&line, "usage: haven %s", cmd->usage) >= 0) {
		err_say(line);
		free(line);
		fprintf(stderr, "(see 'haven help %s')\n", cmd->name);
	}
	if (usage_json) {
		json_t *j = json_pack("{s:{s:s,s:s?}}", "error", "code", hv_errcode_name(HV_EINVAL),
		                      "message", msg);
		char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
		if (s)
			fprintf(stderr, "%s\n", s);
		free(s);
		json_decref(j);
	}
	free(safe);
}

int cli_usage(const struct hv_cmd *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = NULL;
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	cli_usage_text(cmd, msg ? msg : fmt);
	free(msg);
	return HV_EXIT_USAGE;
}

int cli_print_json(json_t *j)
{
	if (!j)
		return HV_EXIT_FAIL;
	/* Dumped into memory, then written once: json_dumpf writes every
	 * token with its own locked fwrite, which costs more than the JSON.
	 * jansson writes it: a writer of our own was faster on a long text's
	 * findings, but writing JSON is the JSON library's job. */
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	json_decref(j);
	if (!s)
		return HV_EXIT_FAIL;
	int rc = fputs(s, stdout) >= 0 && fputc('\n', stdout) != EOF;
	free(s);
	return rc ? HV_EXIT_OK : HV_EXIT_FAIL;
}

const char *cli_str(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	return s ? s : "";
}

const char *cli_dim(const struct hv_cli *cli)
{
	return cli->color ? "\033[2m" : "";
}

const char *cli_shell_word(const char *s, char *buf, size_t n)
{
	size_t plain = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	                         "0123456789._-+,:@/");
	if (*s && !s[plain]) {
		snprintf(buf, n, "%s", s);
		return buf;
	}
	size_t at = 0;
	if (n < 3)
		return "''";
	buf[at++] = '\'';
	for (; *s && at + 5 < n; s++) {
		if (*s == '\'') { /* close, an escaped quote, open again */
			memcpy(buf + at, "'\\''", 4);
			at += 4;
		} else {
			buf[at++] = *s;
		}
	}
	buf[at++] = '\'';
	buf[at] = '\0';
	return buf;
}

const char *cli_bold(const struct hv_cli *cli)
{
	return cli->color ? "\033[1m" : "";
}

const char *cli_accent(const struct hv_cli *cli)
{
	return cli->color ? "\033[36m" : "";
}

const char *cli_reset(const struct hv_cli *cli)
{
	return cli->color ? "\033[0m" : "";
}

char *cli_ask(const char *prompt)
{
	for (;;) {
		fputs(prompt, stdout);
		fflush(stdout);
		char *line = NULL;
		size_t cap = 0;
		ssize_t n = getline(&line, &cap, stdin);
		if (n < 0) {
			free(line);
			return NULL;
		}
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		/* Words that are not UTF-8 would be refused at the end, after
		 * every step: ask again for them now instead. */
		if (hv_text_valid(line, (size_t)n))
			return line;
		free(line);
		printf("%s\n", hv_content_text("terminal.json", "not_utf8", ""));
	}
}

int cli_wrap(int col, const char *text)
{
	return cli_wrap_hanging(col, 0, text);
}

/* The width of the first n bytes of s. */
static int width_of(const char *s, size_t n)
{
	char *w = strndup(s, n);
	int ww = w ? hv_text_width(w) : (int)n;
	free(w);
	return ww;
}

/*
 * A word wider than a whole line (a path, a list of choices such as
 * "enable|change|disable"): put out in pieces that end where it may be
 * broken without splitting a part of it — after a "|", "/" or "," — each
 * piece on a line of its own when it is full.  A word with no such place
 * is put out whole.  Returns the column after it.
 */
static int put_long_word(FILE *f, const char *word, size_t len, int col, int indent, int width)
{
	while (len) {
		size_t cut = 0; /* the longest piece ending at a break that fits */
		for (size_t i = 0; i < len; i++)
			if (strchr("|/,", word[i]) && col + width_of(word, i + 1) <= width)
				cut = i + 1;
		if (!cut && col > indent) { /* try again on a line of its own */
			fprintf(f, "\n%*s", indent, "");
			col = indent;
			continue;
		}
		if (!cut || col + width_of(word, len) <= width)
			cut = len;
		fprintf(f, "%.*s", (int)cut, word);
		col += width_of(word, cut);
		word += cut, len -= cut;
		if (len) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		}
	}
	return col;
}

/* Text onto f, broken between words at width (see cli_wrap_hanging). */
static int wrap_to(FILE *f, int col, int indent, const char *text, int width)
{
	const char *p = text;
	while (*p) {
		if (*p == '\n') {
			fputc('\n', f);
			col = 0;
			p++;
			continue;
		}
		size_t spaces = strspn(p, " ");
		const char *word = p + spaces;
		size_t len = strcspn(word, " \n");
		if (!len) { /* spaces at the end of a line or of the text: keep them */
			if (col + (int)spaces <= width)
				fprintf(f, "%.*s", (int)spaces, p), col += (int)spaces;
			p = word;
			continue;
		}
		int ww = width_of(word, len);
		if (ww > width - indent) { /* wider than any line: in pieces */
			fprintf(f, "%.*s", (int)spaces, p);
			col = put_long_word(f, word, len, col + (int)spaces, indent, width);
			p = word + len;
			continue;
		}
		if (col > indent && col + (int)spaces + ww > width) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		} else {
			fprintf(f, "%.*s", (int)spaces, p);
			col += (int)spaces;
		}
		fprintf(f, "%.*s", (int)len, word);
		col += ww;
		p = word + len;
	}
	return col;
}

int cli_wrap_hanging(int col, int indent, const char *text)
{
	if (!text)
		return col;
	if (!isatty(STDOUT_FILENO) && !cli_paging()) {
		fputs(text, stdout);
		const char *nl = strrchr(text, '\n');
		return nl ? hv_text_width(nl + 1) : col + hv_text_width(text);
	}
	return wrap_to(stdout, col, indent, text, cli_columns());
}

/* A message on standard error: broken between words at the terminal's
 * width when standard error is a terminal, as it is otherwise. */
static void err_say(const char *text)
{
	struct winsize ws;
	if (isatty(STDERR_FILENO) && ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
		wrap_to(stderr, 0, 2, text, ws.ws_col);
	else
		fputs(text, stderr);
	fputc('\n', stderr);
}

/* The column a wrapped line hangs from: where an option's words begin (after
 * the first gap of two spaces within its first 32 columns, on an indented
 * line), else the line's own indent; never so far that little room is left. */
static int hang_of(const char *line, size_t len, int width)
{
	size_t lead = strspn(line, " "), hang = lead;
	for (size_t i = lead; lead > 0 && i + 1 < len && i < 32; i++) {
		if (line[i] == ' ' && line[i + 1] == ' ') {
			size_t g = i + strspn(line + i, " ");
			if (g < len)
				hang = g;
			break;
		}
	}
	if ((int)hang > width / 2)
		hang = lead + 2 <= (size_t)width / 2 ? lead + 2 : 2;
	return (int)hang;
}

void cli_wrap_lines(const char *text)
{
	int width = cli_columns();
	for (const char *p = text; p && *p;) {
		size_t len = strcspn(p, "\n");
		char *line = strndup(p, len);
		if (!line)
			return;
		/* A line set far to the right (the rest of an option's words)
		 * comes in to a quarter of a narrow terminal. */
		size_t lead = strspn(line, " "), skip = 0;
		if ((int)lead > width / 2)
			skip = lead - (size_t)(width / 4);
		cli_wrap_hanging(0, hang_of(line + skip, len - skip, width), line + skip);
		free(line);
		p += len;
		if (*p == '\n') {
			putchar('\n');
			p++;
		}
	}
}

int cli_wrap_words(int col, int indent, const char *s)
{
	char *safe = hv_text_printable(s ? s : "", 1);
	if (!safe)
		return col;
	if (indent > cli_columns() / 2)
		indent = 4;
	col = cli_wrap_hanging(col, indent, safe);
	free(safe);
	return col;
}

void cli_say(const char *text)
{
	cli_wrap(0, text ? text : "");
	putchar('\n');
}

char *cli_shorten(const char *s, int cols)
{
	char *safe = hv_text_printable(s ? s : "", 1);
	if (!safe || hv_text_width(safe) <= cols)
		return safe;
	size_t keep = hv_text_fit(safe, cols > 1 ? cols - 1 : 0);
	char *out = malloc(keep + sizeof "…");
	if (out)
		snprintf(out, keep + sizeof "…", "%.*s…", (int)keep, safe);
	free(safe);
	return out;
}

void cli_put_words(const char *s, int one_line)
{
	char *safe = hv_text_printable(s ? s : "", one_line);
	if (safe)
		fputs(safe, stdout);
	free(safe);
}

int cli_parse_when(const struct hv_cmd *cmd, const char *opt, const char *text, int64_t *ms)
{
	struct hv_error err;
	if (hv_when_parse(text, hv_now_ms(), ms, &err) < 0) {
		cli_usage(cmd, "%s: %s", opt, err.msg);
		return -1;
	}
	return 0;
}

int cli_parse_int(const struct hv_cmd *cmd, const char *opt, const char *text, long lo, long hi,
                  long *out)
{
	char *end;
	errno = 0;
	long v = strtol(text, &end, 10);
	if (errno || end == text || *end || v < lo || v > hi) {
		cli_usage(cmd, "%s must be a whole number from %ld to %ld, not \"%s\"", opt, lo, hi,
		          text);
		return -1;
	}
	*out = v;
	return 0;
}

int cli_columns(void)
{
	if (cli_paging()) /* standard output is the pager's pipe now */
		return cli_pager_columns();
	struct winsize ws;
	int saved = errno; /* asking is no error: keep what a failed write said */
	int asked = ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws);
	errno = saved;
	if (asked == 0 && ws.ws_col > 20)
		return ws.ws_col;
	const char *c = getenv("COLUMNS");
	int n = c ? atoi(c) : 0;
	return n > 20 ? n : 80;
}

/* One region's help: its name, the emergency number (unless already
 * given), then each line in its own words (the contact sentence says how
 * and when). */
static void print_lines(FILE *out, const json_t *where, const char *emergency)
{
	size_t i;
	json_t *line;
	fprintf(out, "  %s\n", json_string_value(json_object_get(where, "name")));
	const char *kv[] = {"number", json_string_value(json_object_get(where, "emergency")), NULL};
	char *e = emergency ? hv_template_fill(emergency, kv) : NULL;
	if (e)
		fprintf(out, "    %s\n", e);
	free(e);
	json_array_foreach(json_object_get(where, "lines"), i, line)
	{
		fprintf(out, "    %s: %s\n", json_string_value(json_object_get(line, "name")),
		        json_string_value(json_object_get(line, "contact")));
	}
}

json_t *cli_crisis(struct hv_cli *cli, const json_t *written)
{
	return written && hv_crisis_in_json(written) ? cli_crisis_show(cli) : NULL;
}

struct hv_store *cli_store_if_there(struct hv_cli *cli)
{
	if (cli->store)
		return cli->store;
	const char *path = db_path(cli, 0);
	struct stat sb;
	if (!path || stat(path, &sb) != 0)
		return NULL;
	return cli_store_locked(cli);
}

json_t *cli_crisis_show(struct hv_cli *cli)
{
	char region[16];
	/* Only to read the region setting, which is not sealed: help does not
	 * wait for a passphrase, and a command that saves nothing leaves no
	 * database behind. */
	struct hv_store *st = cli_store_if_there(cli);
	json_t *notice = hv_crisis_notice(hv_crisis_region(st, region));
	FILE *out = cli->interactive && !cli->json ? stdout : stderr;
	const json_t *res = json_object_get(notice, "resources");
	fprintf(out, "\n%s%s%s\n\n", cli_bold(cli),
	        json_string_value(json_object_get(notice, "message")), cli_reset(cli));
	print_lines(out, res, cli_str(json_object_get(notice, "words"), "emergency"));
	if (!json_is_null(json_object_get(res, "region"))) /* away from home */
		print_lines(out, json_object_get(notice, "elsewhere"), NULL);
	fprintf(out, "\n%s\n%s%s%s\n\n", json_string_value(json_object_get(notice, "after")),
	        cli_dim(cli), json_string_value(json_object_get(notice, "not_a_diagnosis")),
	        cli_reset(cli));
	fflush(out);
	return notice;
}

void cli_add_crisis(json_t *out, json_t *notice)
{
	if (notice && out)
		json_object_update(out, notice);
	json_decref(notice);
}

int cli_print_record(const struct hv_record *r, const json_t *crisis)
{
	json_t *j = hv_record_to_json(r);
	cli_add_crisis(j, json_incref((json_t *)crisis));
	return cli_print_json(j);
}
