/*
 * test_cmd_args.c — a command's argument spec (src/cli/args.h) and its help
 * say the same: every option the parser takes is written in the help, with
 * a value when it takes one, and every option the help writes is taken.
 * Did-you-mean and completion read the help (cmdspec.c), so drift between
 * the two would suggest options that are refused, or hide real ones.
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_spec_matches_its_help),
	    cmocka_unit_test(test_drift_is_found),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
