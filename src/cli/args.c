/*
 * args.c — the one parser of a command's words, driven by the argument
 * spec in its table entry (args.h).
 *
 * getopt_long does the reading, so every command keeps the grammar people
 * already use ("--port=80", "--port 80", an abbreviated long option, a
 * cluster of letters); what it refuses is reported here, once, in the
 * words every command used to write for itself.  A spec's check runs before
 * the store is opened, so a usage error never leaves a database behind.
 */
#include "args.h"

#include <getopt.h>
#include <string.h>

#include "suggest.h"

/* getopt_long's value for option i of a spec: past every letter. */
#define LONG_BASE 256

static int n_defs(const struct cli_argspec *spec)
{
	int n = 0;
	while (spec->opts && spec->opts[n].name && n < CLI_ARGS_MAX)
		n++;
	return n;
}

/* The option getopt names by c (a letter or LONG_BASE + its index), or -1. */
static int def_index(const struct cli_argspec *spec, int c)
{
	if (c >= LONG_BASE)
		return c - LONG_BASE < n_defs(spec) ? c - LONG_BASE : -1;
	for (int i = 0; c > 0 && i < n_defs(spec); i++)
		if (spec->opts[i].letter == c)
			return i;
	return -1;
}

/* The spec as getopt_long takes it: the long options and the letters. */
static void getopt_tables(const struct cli_argspec *spec, struct option *lo, char *letters)
{
	int n = n_defs(spec), k = 0;
	letters[k++] = spec->in_order ? '+' : ':';
	if (spec->in_order)
		letters[k++] = ':';
	for (int i = 0; i < n; i++) {
		const struct cli_argdef *d = &spec->opts[i];
		lo[i] = (struct option){d->name + 2, d->value ? required_argument : no_argument,
		                        NULL, LONG_BASE + i};
		if (d->letter) {
			letters[k++] = d->letter;
			if (d->value)
				letters[k++] = ':';
		}
	}
	lo[n] = (struct option){NULL, 0, NULL, 0};
	letters[k] = '\0';
}

/* The option getopt has just refused, as written: "-x" for an unknown
 * letter (even inside a cluster such as -xyz), else the argument itself. */
static const char *bad_option(char **argv)
{
	static char letter[3];
	if (optopt > 0 && optopt < 256) {
		letter[0] = '-';
		letter[1] = (char)optopt;
		return letter;
	}
	return argv[optind - 1];
}

/* Read the options of argv into a; 0, or the exit status of the usage
 * error printed. */
static int read_options(const struct hv_cmd *cmd, struct cli_args *a, int argc, char **argv)
{
	const struct cli_argspec *spec = a->spec;
	if (!spec->opts) { /* no options: every word is left to the check */
		a->argc = argc - 1;
		a->argv = argv + 1;
		return 0;
	}
	struct option lo[CLI_ARGS_MAX + 1];
	char letters[3 + 2 * CLI_ARGS_MAX];
	getopt_tables(spec, lo, letters);
	int c;
	optind = 0; /* 0, not 1: glibc starts afresh, a subcommand's order included */
	opterr = 0;
	while ((c = getopt_long(argc, argv, letters, lo, NULL)) != -1) {
		if (c == ':') {
			int i = def_index(spec, optopt);
			const char *needs =
			    i >= 0 && spec->opts[i].needs ? spec->opts[i].needs : "a value";
			return cli_usage(cmd, "%s needs %s", argv[optind - 1], needs);
		}
		/* "--plain=x": getopt names the option it knows by its value. */
		if (c == '?' && optopt >= LONG_BASE && def_index(spec, optopt) >= 0)
			return cli_usage(cmd, "%s takes no value",
			                 spec->opts[optopt - LONG_BASE].name);
		int i = c == '?' ? -1 : def_index(spec, c);
		if (i < 0)
			return cli_unknown_option(cmd, bad_option(argv));
		if (spec->opts[i].refuse)
			return cli_usage(cmd, "%s", spec->opts[i].refuse);
		a->val[i] = optarg ? optarg : "";
		a->count[i]++;
		int rc = spec->opts[i].take ? spec->opts[i].take(a, &spec->opts[i], a->val[i]) : 0;
		if (rc)
			return rc;
	}
	a->argc = argc - optind;
	a->argv = argv + optind;
	return 0;
}

int cli_args_read(const struct hv_cmd *cmd, const struct cli_argspec *spec, int argc, char **argv,
                  struct cli_args *a, void *ctx)
{
	*a = (struct cli_args){.cmd = cmd, .spec = spec, .ctx = ctx};
	return read_options(cmd, a, argc, argv);
}

static const struct cli_sub *find_sub(const struct cli_argspec *spec, const char *word)
{
	for (const struct cli_sub *s = spec->subs; s && s->name; s++)
		if (strcmp(s->name, word) == 0)
			return s;
	return NULL;
}

static int run_spec(struct hv_cli *cli, const struct hv_cmd *cmd, const struct cli_argspec *spec,
                    int argc, char **argv, json_t *crisis);

/* The store as the spec asks, once the words are checked: 0, or the exit
 * status of the failure printed. */
static int open_store(struct hv_cli *cli, struct cli_args *a)
{
	const struct cli_argspec *spec = a->spec;
	if (spec->store_not_with && cli_flag(a, spec->store_not_with))
		return 0;
	switch (spec->store) {
	case CLI_STORE_OPEN: a->store = cli_store(cli); break;
	case CLI_STORE_LOCKED: a->store = cli_store_locked(cli); break;
	case CLI_STORE_READ: a->store = cli_store_read(cli); break;
	default: return 0;
	}
	return a->store ? 0 : HV_EXIT_FAIL;
}

/* A subcommand picked, the words checked, the store opened as asked, and
 * run. */
static int pick_and_run(struct hv_cli *cli, const struct hv_cmd *cmd, struct cli_args *a)
{
	const struct cli_argspec *spec = a->spec;
	int rc;
	if (spec->subs) {
		const struct cli_sub *sub = a->argc > 0 ? find_sub(spec, a->argv[0]) : NULL;
		/* The command's own options before it would be lost on the
		 * subcommand: refused rather than quietly dropped. */
		if (sub)
			return cli_usage(cmd,
			                 "the options before \"%s\" are not its own: give "
			                 "them after it, or leave them out",
			                 sub->name);
		if (a->argc == 0 && spec->no_sub)
			return cli_usage(cmd, "%s", spec->no_sub);
		if ((!spec->run || spec->unknown_sub) && a->argc)
			return cli_usage(cmd, "%s \"%s\"", spec->unknown_sub, a->argv[0]);
	}
	if (spec->one_word && a->argc != 1)
		return cli_usage(cmd, "%s", spec->one_word);
	if (spec->check && (rc = spec->check(cli, a)) != 0)
		return rc;
	if ((rc = open_store(cli, a)) != 0)
		return rc;
	return spec->run(cli, a);
}

/* The spec's options read, then the rest (pick_and_run); what the options
 * built is let go once it has run. */
static int read_and_run(struct hv_cli *cli, const struct hv_cmd *cmd,
                        const struct cli_argspec *spec, int argc, char **argv, json_t *crisis)
{
	/* A first word that names a subcommand: the words after it are the
	 * subcommand's alone, its options too. */
	const struct cli_sub *sub = argc > 1 ? find_sub(spec, argv[1]) : NULL;
	if (sub)
		return run_spec(cli, cmd, sub->spec, argc - 1, argv + 1, crisis);
	struct cli_args a = {.cmd = cmd, .spec = spec, .crisis = crisis};
	int rc = read_options(cmd, &a, argc, argv);
	if (rc == 0)
		rc = pick_and_run(cli, cmd, &a);
	json_decref(a.body);
	return rc;
}

/* What a person wrote passes the crisis net before any word of it is
 * checked or kept: help first, even for words that are then refused.  A
 * command's spec hears all its words, a subcommand's the words after it
 * (and the command's none, when the first word names a subcommand). */
static int run_spec(struct hv_cli *cli, const struct hv_cmd *cmd, const struct cli_argspec *spec,
                    int argc, char **argv, json_t *crisis)
{
	json_t *heard = NULL;
	int alongside = 0;
	if (spec->crisis_kind && !crisis && !(argc > 1 && find_sub(spec, argv[1]))) {
		if ((alongside = spec->crisis_alongside))
			cli_crisis_hear(cli, spec->crisis_kind, argc - 1, argv + 1);
		else
			crisis = heard =
			    cli_crisis_argv(cli, spec->crisis_kind, argc - 1, argv + 1);
	}
	int rc = read_and_run(cli, cmd, spec, argc, argv, crisis);
	if (alongside)
		cli_crisis_heard_end(); /* help, at the latest now */
	json_decref(heard);
	return rc;
}

int cli_args_run(struct hv_cli *cli, const struct hv_cmd *cmd, int argc, char **argv)
{
	if (!cmd->args)
		return cmd->run(cli, argc, argv); /* a command that reads argv itself */
	return run_spec(cli, cmd, cmd->args, argc, argv, NULL);
}

static int named(const struct cli_args *a, const char *name)
{
	for (int i = 0; i < n_defs(a->spec); i++) {
		const struct cli_argdef *d = &a->spec->opts[i];
		if (strcmp(d->name, name) == 0 ||
		    (d->letter && name[0] == '-' && name[1] == d->letter && !name[2]))
			return i;
	}
	return -1;
}

const char *cli_arg(const struct cli_args *a, const char *name)
{
	int i = named(a, name);
	return i >= 0 ? a->val[i] : NULL;
}

int64_t *cli_arg_num(struct cli_args *a, const char *name)
{
	int i = named(a, name);
	return i >= 0 ? &a->num[i] : NULL;
}

int cli_flag(const struct cli_args *a, const char *name)
{
	int i = named(a, name);
	return i >= 0 ? a->count[i] : 0;
}

int cli_given_besides(const struct cli_args *a, const char *but)
{
	int n = a->argc;
	for (int i = 0; i < n_defs(a->spec); i++)
		if (strcmp(a->spec->opts[i].name, but) != 0)
			n += a->count[i];
	return n;
}

void cli_args_each(const struct cli_argspec *spec,
                   void (*fn)(const struct cli_argdef *opt, const char *sub, void *ctx), void *ctx)
{
	for (int i = 0; i < n_defs(spec); i++)
		fn(&spec->opts[i], NULL, ctx);
	for (const struct cli_sub *s = spec->subs; s && s->name; s++) {
		fn(NULL, s->name, ctx);
		cli_args_each(s->spec, fn, ctx);
	}
}

int cli_no_words(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	return a->argc ? cli_usage(a->cmd, "unexpected \"%s\"", a->argv[0]) : 0;
}
