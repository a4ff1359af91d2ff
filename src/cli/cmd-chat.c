/*
 * cmd-chat.c — `haven chat`: import an exported chat, the reality check
 * for a silence (`chat wait`), one's own pattern by month (`chat
 * patterns`), and `chat forget`.  All figures come from src/chat; this file
 * turns arguments into calls and draws the answers.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "chat/chat.h"
#include "cli.h"
#include "core/clock.h"
#include "core/content.h"
#include "core/duration.h"
#include "core/template.h"

extern const struct hv_cmd cmd_chat;

/* A count filled into its "one" or "many" form of the words; caller frees. */
static char *counted(const char *key, long long n)
{
	char count[24];
	snprintf(count, sizeof count, "%lld", n);
	const char *kv[] = {"n", count, NULL};
	return hv_template_fill(cli_terminal_words("chat.json", key, n), kv);
}

/* "Read 12 messages with Sam; 12 were new.": what an import read, and
 * from whom, names as the export gave them. */
static void say_read(long long messages, const json_t *contacts, long long added)
{
	size_t i, len = 0;
	json_t *v;
	json_array_foreach(contacts, i, v) len += strlen(json_string_value(v)) + 2;
	char *names = calloc(1, len + 1);
	json_array_foreach(contacts, i, v)
	{
		if (names && i)
			strcat(names, ", ");
		if (names)
			strcat(names, json_string_value(v));
	}
	char *read = counted("messages", messages), *fresh = counted("new", added);
	const char *kv[] = {"messages", read, "names", names, "new", fresh, NULL};
	cli_put_filled(stdout, cli_terminal_words("chat.json", "read", 0), kv, "\n");
	free(read), free(fresh), free(names);
}

/* ---- import --------------------------------------------------------------- */

struct bar {
	int shown;
};

/* "41.2 MB" */
static void megabytes(int64_t bytes, char *buf, size_t n)
{
	snprintf(buf, n, "%.1f MB", (double)bytes / 1e6);
}

/*
 * A progress bar on the terminal, for files big enough to make one wait:
 * how far through the file, and how many messages so far.  On stderr, so
 * the summary on stdout (--json too) is never mixed with it.
 */
static void draw_progress(int64_t bytes, int64_t size, int64_t messages, void *ctx)
{
	struct bar *b = ctx;
	if (size <= 0)
		return;
	int pct = (int)(bytes * 100 / size);
	if (pct > 100)
		pct = 100;
	char fill[31], done[32], all[32];
	int w = pct * 30 / 100;
	memset(fill, '#', (size_t)w);
	memset(fill + w, ' ', (size_t)(30 - w));
	fill[30] = '\0';
	megabytes(bytes < size ? bytes : size, done, sizeof done);
	megabytes(size, all, sizeof all);
	char percent[16], n[24];
	snprintf(percent, sizeof percent, "%3d", pct);
	snprintf(n, sizeof n, "%lld", (long long)messages);
	const char *kv[] = {"bar",  fill, "percent", percent, "done", done,
	                    "size", all,  "n",       n,       NULL};
	fputs("\r\033[K", stderr);
	cli_put_filled(stderr, cli_terminal_words("chat.json", "reading", messages), kv, "");
	fflush(stderr);
	b->shown = 1;
}

static int import_check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	const char *order = cli_arg(a, "--date-order");
	if (order && (*cli_arg_num(a, "--date-order") = hv_chat_order_parse(order)) < 0)
		return cli_usage(&cmd_chat, "--date-order must be dmy, mdy or ymd, not \"%s\"",
		                 order);
	if (a->argc != 1)
		return cli_usage(&cmd_chat, "chat import needs one file: the exported chat");
	return 0;
}

/* The export as input: standard input, a zip, or a file (kept in *f to
 * close); 0, or the exit status of the error said. */
static int open_input(struct hv_cli *cli, const char *path, struct hv_chat_input *in,
                      struct hv_chat_zip **zip, FILE **f)
{
	struct hv_error err;
	if (strcmp(path, "-") == 0) {
		hv_chat_input_file(in, stdin, "standard input");
	} else if (hv_chat_is_zip(path)) {
		if (hv_chat_zip_open(path, in, zip, &err) < 0)
			return cli_error(cli, &err);
	} else {
		if (!(*f = fopen(path, "rb"))) {
			const char *kv[] = {"file", path, "reason", strerror(errno), NULL};
			cli_put_filled(stderr, cli_terminal_words("chat.json", "cannot_open", 0),
			               kv, "\n");
			return HV_EXIT_FAIL;
		}
		hv_chat_input_file(in, *f, path);
	}
	return 0;
}

static int import(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_chat_import_opts o = {.me = cli_arg(a, "--me"),
	                                .contact = cli_arg(a, "--contact"),
	                                .keep_text = cli_flag(a, "--keep-text")};
	if (cli_arg(a, "--date-order"))
		o.order = (int)*cli_arg_num(a, "--date-order");
	/* For bench/chat.sh: where the time went, on stderr. */
	double read_s = -1, store_s = -1;
	if (getenv("HAVEN_CHAT_TIMING"))
		o.read_seconds = &read_s, o.store_seconds = &store_s;
	int64_t added = 0;
	o.added = &added;
	const char *path = a->argv[0];
	/* The file is opened before the store, so a wrong path is said before
	 * a vault asks for its passphrase. */
	struct hv_chat_input in;
	struct hv_chat_zip *zip = NULL;
	FILE *f = NULL;
	struct hv_error err;
	int rc = open_input(cli, path, &in, &zip, &f);
	if (rc)
		return rc;
	struct bar bar = {0};
	if (isatty(STDERR_FILENO) && in.size > (4 << 20)) {
		o.progress = draw_progress;
		o.progress_ctx = &bar;
	}
	struct hv_store *st = cli_store(cli);
	json_t *sum = st ? hv_chat_import(st, &in, &o, &err) : NULL;
	if (bar.shown)
		fputs("\r\033[K", stderr);
	if (f)
		fclose(f);
	hv_chat_zip_close(zip);
	if (!st)
		return HV_EXIT_FAIL;
	if (!sum)
		return cli_error(cli, &err);
	if (read_s >= 0)
		fprintf(stderr, "haven: chat import timing: read %.3f s, store %.3f s\n", read_s,
		        store_s);
	if (cli->json)
		return cli_print_json(sum);
	json_t *contacts = json_object_get(sum, "contacts"),
	       *skipped = json_object_get(sum, "skipped_lines");
	say_read(json_integer_value(json_object_get(sum, "messages")), contacts, added);
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(sum, "notes"), i, v)
	    printf("%s\n", json_string_value(v));
	if (json_array_size(skipped)) {
		char n[24];
		snprintf(n, sizeof n, "%zu", json_array_size(skipped));
		const char *kv[] = {"n", n, NULL};
		fputs(cli_dim(cli), stdout);
		cli_put_filled(
		    stdout,
		    cli_terminal_words("chat.json", "skipped", (long long)json_array_size(skipped)),
		    kv, "");
		json_array_foreach(skipped, i, v)
		{
			if (i == 20) {
				printf(" …");
				break;
			}
			printf(" %lld", (long long)json_integer_value(v));
		}
		printf("%s\n", cli_reset(cli));
	}
	char word[512];
	const char *kv[] = {
	    "name",
	    cli_shell_word(json_string_value(json_array_get(contacts, 0)), word, sizeof word),
	    NULL};
	fputs(cli_dim(cli), stdout);
	cli_put_filled(
	    stdout, cli_terminal_words("chat.json", o.keep_text ? "kept_words" : "kept_times", 0),
	    kv, "");
	printf("%s\n", cli_reset(cli));
	json_decref(sum);
	return HV_EXIT_OK;
}

/* ---- wait ----------------------------------------------------------------- */

/* Wrapped to the terminal's width; one line per sentence into a pipe. */
static void print_wrapped(const char *s, int cols)
{
	if (!isatty(STDOUT_FILENO)) {
		puts(s);
		return;
	}
	int col = 0;
	const char *p = s;
	while (*p) {
		const char *sp = strchr(p, ' ');
		size_t w = sp ? (size_t)(sp - p) : strlen(p);
		if (col && col + (int)w + 1 > cols) {
			putchar('\n');
			col = 0;
		} else if (col) {
			putchar(' ');
			col++;
		}
		fwrite(p, 1, w, stdout);
		col += (int)w;
		p += w;
		while (*p == ' ')
			p++;
	}
	putchar('\n');
}

/* The offer with each action it names ({pause}) as the command to type,
 * in backquotes as a command is written among words; caller frees. */
static char *offer_text(const json_t *w)
{
	enum { MOST = 8 };
	char lines[MOST][128], shown[MOST][132];
	const char *kv[2 * MOST + 1];
	const json_t *ids = json_object_get(w, "do");
	size_t i, k = 0;
	for (i = 0; i < json_array_size(ids) && i < MOST; i++) {
		const char *id = json_string_value(json_array_get(ids, i));
		cli_action_line(id, lines[i], sizeof lines[i]);
		snprintf(shown[i], sizeof shown[i], "`%.127s`", lines[i]);
		kv[k++] = id ? id : "";
		kv[k++] = shown[i];
	}
	kv[k] = NULL;
	return hv_template_fill(cli_str(w, "offer"), kv);
}

static int wait_check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	int64_t now = hv_now_ms(), dur = 0, *since = cli_arg_num(a, "--since");
	const char *since_text = cli_arg(a, "--since"), *for_text = cli_arg(a, "--for");
	if (since_text && cli_parse_when(&cmd_chat, "--since", since_text, since) < 0)
		return HV_EXIT_USAGE;
	if (for_text && hv_duration_read(for_text, HV_DURATION_YEAR_MS, &dur) < 0)
		return cli_usage(&cmd_chat,
		                 "--for wants how long the silence has been, like 25m, "
		                 "1h30m or 2h, not \"%s\"",
		                 for_text);
	if (*since && dur)
		return cli_usage(&cmd_chat, "give --since or --for, not both");
	if (a->argc != 1)
		return cli_usage(&cmd_chat, "chat wait needs the contact's name");
	if (*since > now)
		return cli_usage(
		    &cmd_chat,
		    "--since %s is in the future; give when you sent your message, e.g. "
		    "--since \"yesterday 23:10\"",
		    since_text);
	if (dur)
		*since = now - dur;
	return 0;
}

static int wait_cmd(struct hv_cli *cli, struct cli_args *a)
{
	int64_t since = *cli_arg_num(a, "--since"), now = hv_now_ms();
	struct hv_store *st = a->store;
	struct hv_error err;
	json_t *w = hv_chat_wait(st, a->argv[0], since, now, &err);
	if (!w)
		return cli_error(cli, &err);
	if (cli->json)
		return cli_print_json(w);
	int cols = cli_columns();
	size_t i;
	json_t *line;
	json_array_foreach(json_object_get(w, "sentences"), i, line)
	{
		if (i == 0)
			fputs(cli_bold(cli), stdout);
		else if (i >= 2)
			fputs(cli_dim(cli), stdout);
		print_wrapped(json_string_value(line), cols);
		fputs(cli_reset(cli), stdout);
	}
	putchar('\n');
	char *offer = offer_text(w);
	print_wrapped(offer ? offer : "", cols);
	free(offer);
	json_decref(w);
	return HV_EXIT_OK;
}

/* ---- patterns -------------------------------------------------------------- */

static const char *const spark[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};

static void sparkline(const json_t *months, const char *key, size_t from)
{
	double max = 0;
	size_t n = json_array_size(months);
	for (size_t i = from; i < n; i++) {
		const json_t *v = json_object_get(json_array_get(months, i), key);
		if (json_is_number(v) && json_number_value(v) > max)
			max = json_number_value(v);
	}
	for (size_t i = from; i < n; i++) {
		const json_t *v = json_object_get(json_array_get(months, i), key);
		if (!json_is_number(v)) {
			fputs("·", stdout);
			continue;
		}
		int level = max > 0 ? (int)lround(json_number_value(v) / max * 7) : 0;
		fputs(spark[level < 0 ? 0 : level > 7 ? 7 : level], stdout);
	}
}

static void pattern_row(struct hv_cli *cli, const json_t *months, size_t from, const char *label,
                        const char *key, int percent)
{
	printf("  %-40s ", label);
	sparkline(months, key, from);
	const json_t *last =
	    json_object_get(json_array_get(months, json_array_size(months) - 1), key);
	if (json_is_number(last)) {
		double v = json_number_value(last);
		char text[64];
		if (percent == 2)
			hv_chat_duration(v, text, sizeof text);
		else
			snprintf(text, sizeof text, "%.0f%s", v, percent ? " %" : "");
		const char *kv[] = {"value", text, NULL};
		printf("  %s", cli_dim(cli));
		cli_put_filled(stdout, cli_terminal_words("chat.json", "latest_month", 0), kv,
		               cli_reset(cli));
	}
	putchar('\n');
}

static int patterns_check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	if (a->argc > 1)
		return cli_usage(&cmd_chat, "chat patterns takes at most one contact's name");
	return 0;
}

static int patterns(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_store *st = a->store;
	struct hv_error err;
	json_t *p = hv_chat_patterns(st, a->argc == 1 ? a->argv[0] : NULL, &err);
	if (!p)
		return cli_error(cli, &err);
	if (cli->json)
		return cli_print_json(p);
	json_t *months = json_object_get(p, "months");
	size_t n = json_array_size(months);
	if (n == 0) {
		printf("%s\n", hv_content_text("chat.json", "patterns/none", ""));
		json_decref(p);
		return HV_EXIT_OK;
	}
	int room = cli_columns() - 2 - 40 - 1 - 34;
	size_t width = room > 6 ? (size_t)room : 6;
	size_t from = n > width ? n - width : 0;
	const json_t *who = json_object_get(p, "contact");
	const char *kv[] = {"name", json_string_value(who), NULL};
	printf("%s%s", cli_bold(cli), hv_content_text("chat.json", "patterns/intro", ""));
	if (json_is_string(who))
		fputs(" ", stdout),
		    cli_put_filled(stdout, cli_terminal_words("chat.json", "with", 0), kv, "");
	printf("%s\n", cli_reset(cli));
	printf("  %-40s %s … %s\n", "",
	       json_string_value(json_object_get(json_array_get(months, from), "month")),
	       json_string_value(json_object_get(json_array_get(months, n - 1), "month")));
	pattern_row(cli, months, from, hv_content_text("chat.json", "patterns/followups", ""),
	            "followup_percent", 1);
	pattern_row(cli, months, from, hv_content_text("chat.json", "patterns/runs", ""),
	            "longest_followup_run", 0);
	pattern_row(cli, months, from, hv_content_text("chat.json", "patterns/night", ""),
	            "night_messages", 0);
	pattern_row(cli, months, from, hv_content_text("chat.json", "patterns/reply", ""),
	            "own_typical_reply_minutes", 2);
	printf("\n%s", cli_dim(cli));
	print_wrapped(json_string_value(json_object_get(p, "note")), cli_columns());
	fputs(cli_reset(cli), stdout);
	json_decref(p);
	return HV_EXIT_OK;
}

/* ---- forget and list ------------------------------------------------------- */

static int forget_check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	if (a->argc != 1 || a->argv[0][0] == '-')
		return cli_usage(&cmd_chat, "chat forget needs the contact's name");
	return 0;
}

static int forget(struct hv_cli *cli, struct cli_args *a)
{
	struct hv_store *st = a->store;
	struct hv_error err;
	json_t *r = hv_chat_forget(st, a->argv[0], &err);
	if (!r)
		return cli_error(cli, &err);
	if (cli->json)
		return cli_print_json(r);
	long long n = (long long)json_integer_value(json_object_get(r, "messages"));
	char count[24];
	snprintf(count, sizeof count, "%lld", n);
	const char *kv[] = {"name", cli_str(r, "contact"), "n", count, NULL};
	cli_put_filled(stdout, cli_terminal_words("chat.json", "forgot", n), kv, "\n");
	json_decref(r);
	return HV_EXIT_OK;
}

static int list(struct hv_cli *cli)
{
	struct hv_store *st = cli_store(cli);
	if (!st)
		return HV_EXIT_FAIL;
	struct hv_error err;
	json_t *l = hv_chat_list(st, &err);
	if (!l)
		return cli_error(cli, &err);
	if (cli->json)
		return cli_print_json(l);
	if (json_array_size(l) == 0)
		printf("%s\n", hv_content_text("chat.json", "patterns/none", ""));
	size_t i;
	json_t *c;
	json_array_foreach(l, i, c)
	{
		long long n = (long long)json_integer_value(json_object_get(c, "messages"));
		char count[24];
		snprintf(count, sizeof count, "%8lld", n);
		const char *kv[] = {"n",      count,
		                    "first",  cli_str(c, "first"),
		                    "last",   cli_str(c, "last"),
		                    "source", cli_str(c, "source"),
		                    NULL};
		printf("%s%-24s%s ", cli_bold(cli), cli_str(c, "contact"), cli_reset(cli));
		cli_put_filled(stdout, cli_terminal_words("chat.json", "list_row", n), kv, "\n");
	}
	json_decref(l);
	return HV_EXIT_OK;
}

/* No subcommand: the list, or a word that is none of them. */
static int run(struct hv_cli *cli, struct cli_args *a)
{
	if (a->argc == 0 || (strcmp(a->argv[0], "list") == 0 && a->argc == 1))
		return list(cli);
	return cli_usage(&cmd_chat, "unknown chat command \"%s\": import, wait, patterns or forget",
	                 a->argv[0]);
}

static const struct cli_argdef import_opts[] = {CLI_VALUE("--me", 0), CLI_VALUE("--contact", 0),
                                                CLI_FLAG("--keep-text"),
                                                CLI_VALUE("--date-order", 0), CLI_END};
static const struct cli_argdef wait_opts[] = {CLI_VALUE("--since", 0), CLI_VALUE("--for", 0),
                                              CLI_END};

static const struct cli_argdef no_opts[] = {CLI_END};

static const struct cli_sub subs[] = {
    {"import",
     &(const struct cli_argspec){.opts = import_opts, .check = import_check, .run = import}},
    {"wait",
     &(const struct cli_argspec){
         .opts = wait_opts, .store = CLI_STORE_OPEN, .check = wait_check, .run = wait_cmd}},
    {"patterns",
     &(const struct cli_argspec){
         .opts = no_opts, .store = CLI_STORE_OPEN, .check = patterns_check, .run = patterns}},
    {"forget",
     &(const struct cli_argspec){.store = CLI_STORE_OPEN, .check = forget_check, .run = forget}},
    {NULL, NULL},
};

const struct hv_cmd cmd_chat = {
    .name = "chat",
    .usage = "chat [import FILE | wait CONTACT | patterns [CONTACT] | forget CONTACT]",
    .summary = "learn from an exported chat whether a silence is ordinary",
    .help = "  haven chat                      the chats imported so far\n"
            "  haven chat import FILE          a WhatsApp export (.txt or .zip), Telegram's\n"
            "                                  result.json, Messenger's or Instagram's\n"
            "                                  message_1.json, or imessage-exporter's .txt\n"
            "      --me NAME                   which sender is you (remembered after once)\n"
            "      --contact NAME              whose replies to learn (groups, full exports)\n"
            "      --date-order dmy|mdy|ymd    how the dates are written, if not obvious\n"
            "      --keep-text                 keep the words too (normally only times,\n"
            "                                  senders and lengths are kept)\n"
            "  haven chat wait CONTACT [--since 14:05 | --for 25m]\n"
            "                                  is this silence unusual for them?\n"
            "  haven chat patterns [CONTACT]   your own follow-ups, late nights and reply\n"
            "                                  times, month by month\n"
            "  haven chat forget CONTACT       remove everything imported for a contact\n"
            "\n"
            "FILE may be - for standard input.  With --json every command prints JSON.\n",
    .args = &(const struct cli_argspec){.run = run, .subs = subs},
};
