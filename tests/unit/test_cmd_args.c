/*
 * test_cmd_args.c — a command's argument spec (src/cli/args.h) and its help
 * say the same: every option the parser takes is written in the help, with
 * a value when it takes one, and every option the help writes is taken.
 * Did-you-mean and completion read the help (cmdspec.c), so drift between
 * the two would suggest options that are refused, or hide real ones.
 * And the parser itself (args.c): values, refusals, order, subcommands,
 * and the check before the store is opened.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cli/args.h"
#include "cli/cmdspec.h"

struct drift {
	const struct hv_cmd *cmd;
	struct cli_spec help;
	int found; /* of the option or subcommand looked for */
	const char *looking;
	int problems;
};

/* Each option and subcommand of the spec, looked for in the help. */
static void in_help(const struct cli_argdef *opt, const char *sub, void *ctx)
{
	struct drift *d = ctx;
	if (sub) {
		int seen = 0;
		for (int i = 0; i < d->help.n_subs; i++)
			seen |= strcmp(d->help.subs[i], sub) == 0;
		if (!seen && ++d->problems)
			print_message("%s: subcommand %s is not in its usage\n", d->cmd->name, sub);
		return;
	}
	if (opt->refuse)
		return; /* taken only to say why not: the help keeps quiet about it */
	const struct cli_opt *o = cli_spec_option(&d->help, opt->name);
	if (!o && ++d->problems) {
		print_message("%s: %s is not in its help\n", d->cmd->name, opt->name);
		return;
	}
	if (o->takes_value != opt->value && ++d->problems)
		print_message("%s: the help and the spec differ on whether %s takes a value\n",
		              d->cmd->name, opt->name);
	char letter[3] = {'-', opt->letter, '\0'};
	if (opt->letter && strcmp(o->other, letter) != 0 && strcmp(o->name, letter) != 0 &&
	    ++d->problems)
		print_message("%s: the help does not give %s as %s\n", d->cmd->name, opt->name,
		              letter);
}

/* Whether the spec takes the option (or subcommand) d->looking. */
static void in_spec(const struct cli_argdef *opt, const char *sub, void *ctx)
{
	struct drift *d = ctx;
	const char *l = d->looking;
	if (sub ? strcmp(sub, l) == 0
	        : strcmp(opt->name, l) == 0 ||
	              (opt->letter && l[0] == '-' && l[1] == opt->letter && !l[2]))
		d->found = 1;
}

static int is_global(const char *name)
{
	for (int i = 0; cli_global_options[i]; i++)
		if (strcmp(cli_global_options[i], name) == 0)
			return 1;
	return strcmp(name, "-h") == 0;
}

/* How many ways cmd's spec and help disagree, each printed. */
static int drift_of(const struct hv_cmd *cmd)
{
	struct drift d = {.cmd = cmd};
	cli_spec_read(cmd, &d.help);
	cli_args_each(cmd->args, in_help, &d);
	for (int i = 0; i < d.help.n_opts; i++) {
		d.looking = d.help.opts[i].name;
		d.found = 0;
		cli_args_each(cmd->args, in_spec, &d);
		if (!d.found && !is_global(d.looking) && ++d.problems)
			print_message("%s: its help writes %s, which it does not take\n", cmd->name,
			              d.looking);
	}
	return d.problems;
}

static void test_every_spec_matches_its_help(void **state)
{
	(void)state;
	int specs = 0, problems = 0;
	for (int i = 0; hv_commands[i]; i++) {
		if (!hv_commands[i]->args)
			continue;
		specs++;
		problems += drift_of(hv_commands[i]);
	}
	assert_true(specs > 0);
	assert_int_equal(problems, 0);
}

/* The check itself finds drift, both ways. */
static void test_drift_is_found(void **state)
{
	(void)state;
	static const struct cli_argdef opts[] = {CLI_VALUE("--size", 's'), CLI_FLAG("--quiet-ly"),
	                                         CLI_END};
	static const struct cli_argspec spec = {.opts = opts};
	struct hv_cmd cmd = {.name = "demo",
	                     .usage = "demo [--size N]",
	                     .help = "  -s, --size N   how big\n  --loud   said but not taken\n",
	                     .args = &spec};
	assert_int_equal(drift_of(&cmd), 2); /* --quiet-ly untold, --loud untaken */
	cmd.usage = "demo [options]";
	cmd.help = "  -s, --size   no value written\n  --quiet-ly   ok\n";
	assert_int_equal(drift_of(&cmd), 1);
	cmd.help = "  -s, --size N   how big\n  --quiet-ly   ok\n";
	assert_int_equal(drift_of(&cmd), 0);
}

/* ---- the parser itself ---------------------------------------------------- */

static struct cli_args seen; /* what run was handed */
static int runs, checks;
static char order[64]; /* the values take saw, in order */

static int demo_run(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	seen = *a;
	runs++;
	return HV_EXIT_OK;
}

static int demo_check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	checks++;
	return a->argc > 1 ? HV_EXIT_USAGE : 0;
}

static int demo_take(struct cli_args *a, const struct cli_argdef *opt, const char *value)
{
	(void)a, (void)opt;
	strncat(order, value, sizeof order - strlen(order) - 1);
	return strcmp(value, "stop") == 0 ? HV_EXIT_USAGE : 0;
}

static const struct cli_argdef demo_opts[] = {
    CLI_VALUE("--size", 's'),
    CLI_FLAG("--quiet-ly"),
    {.name = "--tag", .value = 1, .take = demo_take},
    {.name = "--secret", .value = 1, .refuse = "never on the command line"},
    CLI_END,
};

static int parse(const struct cli_argspec *spec, const char *const *words)
{
	static struct hv_cmd cmd = {.name = "demo", .usage = "demo [options]", .help = ""};
	cmd.args = spec;
	char *argv[16] = {"demo"};
	int argc = 1;
	while (words[argc - 1])
		argv[argc] = (char *)words[argc - 1], argc++;
	struct hv_cli cli = {.db_path = "parse.db"};
	memset(&seen, 0, sizeof seen);
	runs = checks = 0;
	order[0] = '\0';
	int rc = cli_args_run(&cli, &cmd, argc, argv);
	seen.store = cli.store; /* what was opened, before it is closed */
	hv_store_close(cli.store);
	return rc;
}

static void test_values(void **state)
{
	(void)state;
	static const struct cli_argspec spec = {.opts = demo_opts, .run = demo_run};
	assert_int_equal(parse(&spec, (const char *[]){"-s", "2", "word", "--size=3", "--quiet",
	                                               "--tag", "a", "--tag", "b", NULL}),
	                 HV_EXIT_OK);
	assert_int_equal(runs, 1);
	assert_string_equal(cli_arg(&seen, "--size"), "3"); /* the last wins */
	assert_string_equal(cli_arg(&seen, "-s"), "3");
	assert_int_equal(cli_flag(&seen, "--size"), 2);
	assert_int_equal(cli_flag(&seen, "--quiet-ly"), 1); /* abbreviated */
	assert_string_equal(order, "ab");                   /* each, in order */
	assert_null(cli_arg(&seen, "--secret"));
	assert_int_equal(seen.argc, 1); /* options after a word: read, not in order */
	assert_string_equal(seen.argv[0], "word");
	assert_null(seen.store);
}

static void test_refusals(void **state)
{
	(void)state;
	static const struct cli_argspec spec = {.opts = demo_opts, .run = demo_run};
	assert_int_equal(parse(&spec, (const char *[]){"--bogus", NULL}), HV_EXIT_USAGE);
	assert_int_equal(parse(&spec, (const char *[]){"--size", NULL}), HV_EXIT_USAGE);
	assert_int_equal(parse(&spec, (const char *[]){"-x", NULL}), HV_EXIT_USAGE);
	assert_int_equal(parse(&spec, (const char *[]){"--quiet-ly=yes", NULL}), HV_EXIT_USAGE);
	assert_int_equal(parse(&spec, (const char *[]){"--secret", "x", NULL}), HV_EXIT_USAGE);
	assert_int_equal(
	    parse(&spec, (const char *[]){"--tag", "a", "--tag", "stop", "--tag", "c", NULL}),
	    HV_EXIT_USAGE);
	assert_string_equal(order, "astop"); /* stopped at the refusal */
	assert_int_equal(runs, 0);
}

static void test_in_order(void **state)
{
	(void)state;
	static const struct cli_argspec spec = {.opts = demo_opts, .in_order = 1, .run = demo_run};
	assert_int_equal(parse(&spec, (const char *[]){"word", "--size", "3", NULL}), HV_EXIT_OK);
	assert_null(cli_arg(&seen, "--size"));
	assert_int_equal(seen.argc, 3);
}

static void test_check_before_store(void **state)
{
	(void)state;
	static const struct cli_argspec spec = {
	    .opts = demo_opts, .store = CLI_STORE_OPEN, .check = demo_check, .run = demo_run};
	assert_int_equal(parse(&spec, (const char *[]){"a", "b", NULL}), HV_EXIT_USAGE);
	assert_int_equal(checks, 1);
	assert_null(seen.store); /* refused: nothing opened */
	assert_int_equal(parse(&spec, (const char *[]){"a", NULL}), HV_EXIT_OK);
	assert_non_null(seen.store);
}

static const struct cli_argspec show_spec = {.opts = demo_opts, .run = demo_run};
static const struct cli_sub subs[] = {{"show", &show_spec}, {NULL, NULL}};

static void test_subcommands(void **state)
{
	(void)state;
	static const struct cli_argspec strict = {
	    .subs = subs, .unknown_sub = "unknown demo command", .no_sub = "say what to do"};
	assert_int_equal(parse(&strict, (const char *[]){"show", "-s", "4", "x", NULL}),
	                 HV_EXIT_OK);
	assert_string_equal(cli_arg(&seen, "--size"), "4");
	assert_int_equal(seen.argc, 1);
	assert_string_equal(seen.argv[0], "x");
	assert_int_equal(parse(&strict, (const char *[]){"shw", NULL}), HV_EXIT_USAGE);
	assert_int_equal(parse(&strict, (const char *[]){NULL}), HV_EXIT_USAGE);
	assert_int_equal(runs, 0);
	static const struct cli_argspec fallback = {.subs = subs, .run = demo_run};
	assert_int_equal(parse(&fallback, (const char *[]){"other", "-s", NULL}), HV_EXIT_OK);
	assert_int_equal(seen.argc, 2); /* no options of its own: every word kept */
}

/* A subcommand of one word (an id): none or two refused before its check. */
static void test_one_word(void **state)
{
	(void)state;
	static const struct cli_argspec one = {
	    .opts = demo_opts, .one_word = "give one id", .check = demo_check, .run = demo_run};
	assert_int_equal(parse(&one, (const char *[]){NULL}), HV_EXIT_USAGE);
	assert_int_equal(parse(&one, (const char *[]){"a", "b", NULL}), HV_EXIT_USAGE);
	assert_int_equal(checks, 0);
	assert_int_equal(parse(&one, (const char *[]){"a", "-s", "2", NULL}), HV_EXIT_OK);
	assert_int_equal(checks, 1);
	assert_int_equal(runs, 1);
	assert_string_equal(seen.argv[0], "a");
}

/* A command that runs alone and names its subcommands' refusal: a word
 * that is none of them is refused before its check, and nothing runs;
 * no word at all is its own run. */
static void test_unknown_word_beside_a_run(void **state)
{
	(void)state;
	static const struct cli_argspec list = {.subs = subs,
	                                        .unknown_sub = "unknown demo command",
	                                        .check = demo_check,
	                                        .run = demo_run};
	assert_int_equal(parse(&list, (const char *[]){"shw", NULL}), HV_EXIT_USAGE);
	assert_int_equal(checks, 0);
	assert_int_equal(runs, 0);
	assert_int_equal(parse(&list, (const char *[]){NULL}), HV_EXIT_OK);
	assert_int_equal(checks, 1);
	assert_int_equal(runs, 1);
	assert_int_equal(parse(&list, (const char *[]){"show", NULL}), HV_EXIT_OK);
	assert_ptr_equal(seen.spec, &show_spec);
}

/* A command with options of its own and subcommands: the first word names
 * the subcommand whatever options it has, and the command's options never
 * pass silently onto a subcommand named after them. */
static void test_own_options_and_subcommands(void **state)
{
	(void)state;
	static const struct cli_argspec both = {.opts = demo_opts, .subs = subs, .run = demo_run};
	assert_int_equal(parse(&both, (const char *[]){"show", "-s", "4", NULL}), HV_EXIT_OK);
	assert_ptr_equal(seen.spec, &show_spec);
	assert_string_equal(cli_arg(&seen, "--size"), "4");
	assert_int_equal(parse(&both, (const char *[]){"word", "-s", "5", NULL}), HV_EXIT_OK);
	assert_ptr_equal(seen.spec, &both);
	assert_string_equal(cli_arg(&seen, "--size"), "5");
	assert_int_equal(runs, 1);
	assert_int_equal(parse(&both, (const char *[]){"-s", "6", "show", NULL}), HV_EXIT_USAGE);
	assert_int_equal(runs, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_values),
	    cmocka_unit_test(test_refusals),
	    cmocka_unit_test(test_in_order),
	    cmocka_unit_test(test_check_before_store),
	    cmocka_unit_test(test_subcommands),
	    cmocka_unit_test(test_unknown_word_beside_a_run),
	    cmocka_unit_test(test_one_word),
	    cmocka_unit_test(test_own_options_and_subcommands),
	    cmocka_unit_test(test_every_spec_matches_its_help),
	    cmocka_unit_test(test_drift_is_found),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
