/*
 * cli.h — what every command file shares: the command table entry, the
 * invocation context, and the small set of output and prompt helpers.
 *
 * Each command lives in its own cmd-NAME.c and exports one struct hv_cmd;
 * cmd.c lists them.  Commands turn argv into library calls and library
 * values into text or JSON; they hold no logic the web app would need.
 */
#ifndef HAVEN_CLI_H
#define HAVEN_CLI_H

#include <jansson.h>
#include <stdio.h>

#include "core/error.h"
#include "core/store.h"

/* Exit statuses: stable, for scripts. */
enum { HV_EXIT_OK = 0, HV_EXIT_FAIL = 1, HV_EXIT_USAGE = 2 };

struct hv_cli {
	const char *db_path;    /* --db, HAVEN_DB, or NULL for the default */
	int json;               /* --json: machine output on stdout */
	int color;              /* colour allowed: a terminal and no NO_COLOR */
	int interactive;        /* stdin and stdout are terminals */
	int quiet;              /* --quiet: no notes on stderr (errors and crisis help stay) */
	struct hv_store *store; /* opened on first use */
	char db_buf[4096];
};

struct cli_argspec; /* args.h */

struct hv_cmd {
	const char *name;
	const char *usage;   /* one line: "log [options] [WHAT]" */
	const char *summary; /* one short sentence for the command list */
	const char *help;    /* the full option text for `haven help NAME` */
	int (*run)(struct hv_cli *cli, int argc, char **argv);
	/* Its options, subcommands and store, read by the one parser (args.c)
	 * in place of run; NULL for a command that still reads argv itself. */
	const struct cli_argspec *args;
};

extern const struct hv_cmd *const hv_commands[];
struct hv_cmd_group {
	const char *heading;
	const struct hv_cmd *first; /* the command the group starts with */
};
extern const struct hv_cmd_group hv_command_groups[];
const struct hv_cmd *hv_cmd_find(const char *name);

/* The store, opened on first use and unlocked when it is a vault (asking
 * for the passphrase); prints the error and returns NULL. */
struct hv_store *cli_store(struct hv_cli *cli);
/* The same without unlocking a vault (backup, restore, merge, vault). */
struct hv_store *cli_store_locked(struct hv_cli *cli);
/* For a command that only reads: the store when the database is there
 * (opened and unlocked as cli_store does), else an empty one in memory,
 * so the command reads an empty journal and no file is made; NULL with
 * the error printed. */
struct hv_store *cli_store_read(struct hv_cli *cli);
/* The database opened but left locked, only when it is there: never made
 * for it, never asking for a passphrase, nothing said when it is not
 * (completion, the crisis notice's region); NULL then. */
struct hv_store *cli_store_if_there(struct hv_cli *cli);

/* sync.auto (auto-sync.c): which command runs (some never sync), a sync
 * when the journal is first opened and unlocked, and one when the command
 * is done; each only when the person turned sync.auto on. */
void cli_auto_sync_for(const char *command);
void cli_auto_sync_open(struct hv_cli *cli);
void cli_auto_sync_done(struct hv_cli *cli);

/* Print "haven: MESSAGE" (and a JSON error object with --json) on stderr;
 * return the exit status that fits the error's code. */
int cli_error(struct hv_cli *cli, const struct hv_error *err);

/* A usage error for cmd: message, the usage line, exit status 2.  An
 * unknown option is reported by the one parser (args.c), naming the
 * command and the option most likely meant (suggest.c). */
int cli_usage(const struct hv_cmd *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Print "haven: MSG" and cmd's usage line (cmd may be NULL) on stderr, and
 * with --json the error as one line of JSON after them. */
void cli_usage_text(const struct hv_cmd *cmd, const char *msg);
/* Whether usage errors also go out as JSON (main sets it for --json). */
void cli_usage_json(int on);

/* Print a JSON value on stdout, indented, and a newline; steals j. */
int cli_print_json(json_t *j);

/* All of standard input, up to one byte past max (so "too long" is seen);
 * caller frees (cmd-check.c, shared with coach). */
char *cli_read_stdin(size_t max, size_t *len);

/* The findings of check or coach as people read them: the words, the
 * pattern (label names a kind), the reason (cmd-check.c). */
void cli_print_findings(struct hv_cli *cli, const json_t *findings,
                        const char *(*label)(const char *kind));

/* --lines: each line of standard input through fn, one compact JSON result
 * a line, every line heard by the crisis net as kind's field (cmd-check.c). */
int cli_each_line(struct hv_cli *cli, const char *kind, const char *field,
                  json_t *(*fn)(const char *text, size_t len, struct hv_error *err));

/* Every command's summary, and one command's whole help (cmd-help.c). */
int cli_help_all(FILE *out);
int cli_help_for(const struct hv_cmd *cmd, FILE *out);

/* The string member key of obj, or "" when it is missing or not a string:
 * for drawing, where an absent field shows as nothing. */
const char *cli_str(const json_t *obj, const char *key);

/* Colour escapes that vanish when colour is off. */
const char *cli_dim(const struct hv_cli *cli);
const char *cli_bold(const struct hv_cli *cli);
const char *cli_accent(const struct hv_cli *cli);
const char *cli_reset(const struct hv_cli *cli);
/* s as one word to paste into a shell: as it is when it is plain, else in
 * single quotes.  Written into buf (n bytes, cut short if it must be). */
const char *cli_shell_word(const char *s, char *buf, size_t n);

/*
 * Print text from column col on, broken between words so that no line
 * passes the terminal's width and no word is split (a word wider than the
 * terminal gets a line of its own).  Newlines in text are kept.  Returns
 * the column where the text ended, so a caller can go on on the same line
 * (colour escapes printed between calls take no columns).  When standard
 * output is not a terminal the text is printed as it is.
 */
int cli_wrap(int col, const char *text);

/* The same, each line after the first starting at column indent: a label
 * beside a command, or an item of a list, keeps its own column. */
int cli_wrap_hanging(int col, int indent, const char *text);

/*
 * Print text laid out in lines (help, a list of options) at the terminal's
 * width: each line too long is broken between words, and what follows
 * hangs under where the line's words begin — for "  --db PATH    the
 * database file", under "the".  As it is when not on a terminal.
 */
void cli_wrap_lines(const char *text);

/* Read one line from the terminal after showing prompt; NULL at end of
 * input.  The newline is removed; the caller frees. */
char *cli_ask(const char *prompt);

/* Print a person's words (or a file's) with their control characters shown
 * as pictures (hv_text_printable), so they cannot drive the terminal; with
 * one_line, newlines and tabs as spaces.  For plain output, never --json. */
void cli_put_words(const char *s, int one_line);

/*
 * A person's words (or the data's), made printable as cli_put_words does
 * and broken between words at the terminal's width from column col, the
 * lines after the first at indent — or at 4 when indent would leave less
 * than half the terminal.  Returns the column where the words ended.
 */
int cli_wrap_words(int col, int indent, const char *s);

/* One sentence or paragraph of haven's own words on a line of its own,
 * broken between words at the terminal's width (cli_wrap), then a newline. */
void cli_say(const char *text);

/* s shortened to cols columns with "…" at the end when it is wider (whole
 * characters; a person's words made printable first).  Caller frees. */
char *cli_shorten(const char *s, int cols);

/* Parse a people's date for option opt; prints a usage error on failure. */
int cli_parse_when(const struct hv_cmd *cmd, const char *opt, const char *text, int64_t *ms);

/* Parse a whole number in [lo, hi] for option opt; usage error otherwise. */
int cli_parse_int(const struct hv_cmd *cmd, const char *opt, const char *text, long lo, long hi,
                  long *out);

/*
 * The crisis net for anything a person wrote (a body, or any JSON value):
 * when it holds crisis language, show the calm message and the help lines
 * for their region at once — on stdout on a terminal, on stderr otherwise,
 * so scripts that read stdout still see it — and return the notice object
 * (new reference) for --json output; NULL when there is nothing to say.
 * Never silenced by --quiet.
 */
json_t *cli_crisis(struct hv_cli *cli, const json_t *written);

/* The help itself, for words the net has already read (a second reading
 * of a long text would double the net's time). */
json_t *cli_crisis_show(struct hv_cli *cli);

/* Merge a crisis notice (if any) into a JSON object about to be printed;
 * steals notice. */
void cli_add_crisis(json_t *out, json_t *notice);

/* Print a saved record as JSON on stdout, with the crisis notice (NULL for
 * none; borrowed) merged in, as every command that saves words does. */
struct hv_record;
int cli_print_record(const struct hv_record *r, const json_t *crisis);

/*
 * The crisis net before saving or answering (crisis-net.c): what a person
 * wrote — body, a value of kind (see safety/crisis-check.h) — is asked
 * hv_crisis_check_body, and when it holds crisis language cli_crisis shows
 * help at once.  The notice for --json (new reference), or NULL.  Every
 * command that takes a person's words calls this (or cli_crisis_field)
 * before it saves or answers anything, even when the input then proves
 * wrong: help never waits for a well-formed command.
 */
json_t *cli_crisis_body(struct hv_cli *cli, const char *kind, const json_t *body);

/* The same for one text: the body {field: text} of kind (text may hold NUL
 * bytes; len is its length). */
json_t *cli_crisis_field(struct hv_cli *cli, const char *kind, const char *field, const char *text,
                         size_t len);

/* The same for a few texts given as field, text pairs ending with NULL; a
 * NULL text is left out: cli_crisis_words(cli, "reframe", "harsh", harsh,
 * "kind", save, NULL). */
json_t *cli_crisis_words(struct hv_cli *cli, const char *kind, ...) __attribute__((sentinel));

/* The same for the words of a command line, argv[0..argc), heard before
 * they are parsed, so words left unquoted or a command given wrongly still
 * bring help: each run of arguments between options is read as one text
 * (spaces between), an option's own name is not read, and --opt=TEXT gives
 * its TEXT. */
json_t *cli_crisis_argv(struct hv_cli *cli, const char *kind, int argc, char **argv);

/* The same, heard on a second thread while the command reads the words on
 * its own (a spec's crisis_alongside): cli_crisis_hear starts it, and
 * cli_crisis_heard waits for it, shows the help the first time when the
 * words hold crisis language, and returns the notice (new reference, or
 * NULL) — every call after the first returns the same notice without
 * showing it again.  A usage error or an error message waits for it
 * first, so help still comes before anything else is said.
 * cli_crisis_heard_end waits too, then lets the notice go. */
void cli_crisis_hear(struct hv_cli *cli, const char *kind, int argc, char **argv);
json_t *cli_crisis_heard(void);
void cli_crisis_heard_end(void);

/* Width of the terminal in columns (80 when unknown). */
int cli_columns(void);

/* "3 h ago", "yesterday 21:30", "Mon 5 Jan 14:10" for a list view. */
void cli_format_when(int64_t ms, int off_min, int64_t now_ms, char *buf, size_t n);

/* The same for obj's RFC 3339 time at key ("created"): 0, or -1 with buf
 * empty when the time is missing or not one (rows.c). */
int cli_when_of(const json_t *obj, const char *key, int64_t now, char *buf, size_t n);

/* One row of a list view (rows.c): rec's short id, when (padded to width
 * columns), then text wrapped beside them, its lines hanging under its
 * first, and tag (or NULL) dim after it; a newline ends the row. */
struct cli_row_words {
	const char *when;
	int width;
	const char *text;
	const char *tag;
};
void cli_row(struct hv_cli *cli, const json_t *rec, const struct cli_row_words *w);
/* A sentence of the data about one record, its {id} filled with the
 * record's id cut to shown characters (8, the short id a row shows), broken
 * at the terminal's width, then a newline; the id alone when the sentence
 * cannot be filled. */
void cli_say_id(const char *text, const char *id, int shown);
/* Only the id and when of such a row, for a row whose words are drawn
 * otherwise; the column where the words begin. */
int cli_row_head(struct hv_cli *cli, const json_t *rec, const char *when, int width);

/* The words at path ("/"-separated) of data file file; where they are a
 * pair {"one": …, "many": …}, the form for count n.  "" when there are none. */
const char *cli_words(const char *file, const char *path, long long n);
/* The same for the command line's own words of a file, under its
 * "terminal" member: cli_words(file, "terminal/KEY", n). */
const char *cli_terminal_words(const char *file, const char *key, long long n);

/* tmpl with its slots filled (kv as hv_template_fill takes it) written to
 * out as it stands, not broken at the terminal's width, then end ("\n", or
 * "" for a line that goes on). */
void cli_put_filled(FILE *out, const char *tmpl, const char *const *kv, const char *end);

/* Action id (core/action.h) as the command line to type, "haven breathe",
 * in buf; the id itself after "haven" when there is no such action. */
const char *cli_action_line(const char *id, char *buf, size_t n);

/* What a merge or an import brought in from file, as data/transfer.json's
 * section ("merge", "import") says it, and the purged entries when any
 * stay purged. */
void cli_say_brought(const char *section, const char *file, long long added, long long updated,
                     long long kept, long long purged);

#endif
