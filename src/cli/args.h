/*
 * args.h — the one parser of a command's words (args.c).
 *
 * A command's entry in the table (cli.h) may carry an argument spec: the
 * options it takes, whether each wants a value, its subcommands with their
 * own specs, and whether the store is opened before it runs.  The parser
 * reports unknown options, missing values and "did you mean" the same way
 * for every command, so a command's run() starts from values, not argv.
 */
#ifndef HAVEN_CLI_ARGS_H
#define HAVEN_CLI_ARGS_H

#include <stdint.h>

#include "cli.h"

#define CLI_ARGS_MAX 80

/* What the store needs before run(): nothing, opened and unlocked, or
 * opened but left locked (backup, restore, merge, vault); or, for a
 * command that only reads, opened and unlocked when the database is
 * there, and an empty one in memory when it is not, so reading makes no
 * database (cli_store_read). */
enum { CLI_STORE_NONE = 0, CLI_STORE_OPEN, CLI_STORE_LOCKED, CLI_STORE_READ };

struct cli_args;

/* One option: "--port", 'p' (or 0), whether a value follows it. */
struct cli_argdef {
	const char *name;
	char letter;
	int value;
	const char *needs;  /* the missing value, named: "a file path"; NULL is "a value" */
	const char *refuse; /* given at all, this usage error and nothing else */
	/* Called with each value in the order given, for an option that may
	 * come more than once (or whose name the data chose): 0, or the exit
	 * status of the usage error it printed.  NULL: the last value wins. */
	int (*take)(struct cli_args *a, const struct cli_argdef *opt, const char *value);
};

/* The usual shapes: an option alone, one with a value (and a letter, or
 * 0), the end of a list. */
#define CLI_FLAG(n)                                                                                \
	{                                                                                          \
		.name = (n)                                                                        \
	}
#define CLI_VALUE(n, l)                                                                            \
	{                                                                                          \
		.name = (n), .letter = (l), .value = 1                                             \
	}
#define CLI_END                                                                                    \
	{                                                                                          \
		.name = NULL                                                                       \
	}

struct cli_args;
struct cli_argspec;

struct cli_sub {
	const char *name; /* "import" */
	const struct cli_argspec *spec;
};

struct cli_argspec {
	/* Ends with CLI_END.  NULL: no options are read at all, and every word
	 * (one starting with "-" too) is left to the check. */
	const struct cli_argdef *opts;
	int in_order; /* options stop at the first other word */
	int store;    /* CLI_STORE_… */
	/* An option that needs no store, given which none is opened (serve's
	 * --routes prints the API's table and starts nothing); or NULL. */
	const char *store_not_with;
	/* The words and the options taken together, before anything is
	 * opened: 0, or the exit status of the usage error it printed. */
	int (*check)(struct hv_cli *cli, struct cli_args *a);
	int (*run)(struct hv_cli *cli, struct cli_args *a);
	/* Subcommands, picked by the first word; ends with {NULL}.  A first
	 * word that is none of them is refused as unknown_sub "word"
	 * ("unknown chat command") when unknown_sub is given, or when the
	 * spec has no run of its own; else it is the run's to read. */
	const struct cli_sub *subs;
	const char *unknown_sub;
	const char *no_sub; /* the usage error for no subcommand at all */
	/* The kind of record the words are heard as by the crisis net, before
	 * they are parsed (a subcommand's: the words after its name); NULL:
	 * not heard, unless the command's spec heard them already. */
	const char *crisis_kind;
	/* For a check and run that serve several subcommands alike (evidence
	 * add and moment, timeline add and edit): which of them this spec is,
	 * read as a->spec->variant, so no subcommand needs a wrapper of its
	 * own around them. */
	int variant;
	/* The usage error for any number of words but one (an id, a file),
	 * said before the check; NULL: the check counts them itself. */
	const char *one_word;
	/* Heard on a second thread instead, while the command reads the words
	 * itself (check, coach: a long text would otherwise be read twice in
	 * a row); the command collects the notice with cli_crisis_heard before
	 * it says anything, and a->crisis stays NULL. */
	int crisis_alongside;
};

/* What the parser hands run(). */
struct cli_args {
	const struct hv_cmd *cmd;
	const struct cli_argspec *spec;
	const char *val[CLI_ARGS_MAX]; /* each option's value, the last given wins */
	int count[CLI_ARGS_MAX];       /* how often each option was given */
	int64_t num[CLI_ARGS_MAX];     /* what a check read from a value, for run */
	int argc;                      /* the words that are not options */
	char **argv;
	struct hv_store *store; /* opened as spec->store asks, else NULL */
	json_t *crisis;         /* the crisis net's notice for the words, or NULL */
	json_t *body;           /* what the options' take built (entry-flags.c); freed after run */
	void *ctx;              /* the caller's, for the options' take */
};

/* Parse argv (argv[0] is the command's name) by cmd->args, open the store
 * as asked and call the spec's check and run; the exit status. */
int cli_args_run(struct hv_cli *cli, const struct hv_cmd *cmd, int argc, char **argv);

/* Only the reading: argv's options by spec's into a, nothing opened or
 * run; 0, or the exit status of the usage error printed (a->body is the
 * caller's to free either way).  For a command
 * that shares its options with others (the practices, practice-run.c) or
 * whose options come from the data (checkin); ctx is for their take. */
int cli_args_read(const struct hv_cmd *cmd, const struct cli_argspec *spec, int argc, char **argv,
                  struct cli_args *a, void *ctx);

/* The value of the option named name ("--port"), or NULL when not given. */
const char *cli_arg(const struct cli_args *a, const char *name);
/* The slot where a check keeps what it read from the option's value (a
 * number, a time), so run need not read it again; NULL for no such option. */
int64_t *cli_arg_num(struct cli_args *a, const char *name);
/* How many times the option named name was given. */
int cli_flag(const struct cli_args *a, const char *name);
/* How many words were given besides the option named but: every other
 * option (each time given) and every word that is not one ("--resume"
 * alone, say). */
int cli_given_besides(const struct cli_args *a, const char *but);

/* A check for a command or subcommand that takes no words besides its
 * options: the first one given is refused as unexpected. */
int cli_no_words(struct hv_cli *cli, struct cli_args *a);

/* Every option and subcommand a spec names, for the test that holds the
 * spec and the help to each other: fn is called once for each option
 * (value set when it takes one) and once for each subcommand (opt NULL). */
void cli_args_each(const struct cli_argspec *spec,
                   void (*fn)(const struct cli_argdef *opt, const char *sub, void *ctx), void *ctx);

#endif
