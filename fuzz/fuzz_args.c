/*
 * fuzz_args.c — libFuzzer target for the command table's parser of a
 * command's words (src/cli/args.c).
 *
 * The input is a command line: words separated by NUL bytes.  They are
 * parsed by a spec with options alone, options with values and letters,
 * an option taken at each value, and subcommands with their own options.
 * Whatever the words, the parser must refuse them or hand run() values
 * that are words of the command line, never crash, overflow or leak.  The
 * front end's printing and the store are stood in for here: the parser is
 * the code under test, so it is compiled in whole.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.c"

static int refused;

int cli_usage(const struct hv_cmd *cmd, const char *fmt, ...)
{
	(void)cmd;
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap); /* every argument must be a string */
	va_end(ap);
	refused++;
	return HV_EXIT_USAGE;
}

int cli_unknown_option(const struct hv_cmd *cmd, const char *option)
{
	return cli_usage(cmd, "unknown option %s", option);
}

struct hv_store *cli_store(struct hv_cli *cli)
{
	(void)cli;
	return (struct hv_store *)&refused; /* never read: only told apart from NULL */
}

struct hv_store *cli_store_locked(struct hv_cli *cli)
{
	return cli_store(cli);
}

/* A command that only reads gets a store either way: the file's, or an
 * empty one in memory. */
struct hv_store *cli_store_read(struct hv_cli *cli)
{
	return cli_store(cli);
}

json_t *cli_crisis_argv(struct hv_cli *cli, const char *kind, int argc, char **argv)
{
	(void)cli, (void)kind, (void)argc, (void)argv;
	return NULL;
}

/* Words heard on a second thread (a spec's crisis_alongside): nothing to
 * hear here either. */
void cli_crisis_hear(struct hv_cli *cli, const char *kind, int argc, char **argv)
{
	(void)cli, (void)kind, (void)argc, (void)argv;
}

void cli_crisis_heard_end(void)
{
}

static char **words_lo, **words_hi; /* the command line, to check values against */

static int is_word(const char *v)
{
	for (char **w = words_lo; w < words_hi; w++)
		if (v >= *w && v <= *w + strlen(*w))
			return 1;
	return *v == '\0'; /* a flag's "" */
}

static int takes;

static int take(struct cli_args *a, const struct cli_argdef *opt, const char *value)
{
	(void)a, (void)opt;
	if (!is_word(value))
		abort();
	return ++takes % 7 == 0 ? HV_EXIT_USAGE : 0; /* now and then refused */
}

static int run(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	if (a->argc < 0 || (a->argc > 0 && !a->argv))
		abort();
	for (int i = 0; i < a->argc; i++)
		if (!is_word(a->argv[i]))
			abort();
	for (int i = 0; i < n_defs(a->spec); i++)
		if ((a->val[i] != NULL) != (a->count[i] > 0) || (a->val[i] && !is_word(a->val[i])))
			abort();
	const struct cli_argspec *sp = a->spec;
	int wanted =
	    sp->store != CLI_STORE_NONE && !(sp->store_not_with && cli_flag(a, sp->store_not_with));
	if ((a->store != NULL) != wanted)
		abort(); /* opened exactly when the spec asks */
	if (sp->one_word && a->argc != 1)
		abort(); /* one word, or refused before run */
	if (sp->subs && sp->unknown_sub && a->argc > 0)
		abort(); /* a word that is no subcommand: refused before run */
	return HV_EXIT_OK;
}

static const struct cli_argdef sub_opts[] = {
    CLI_VALUE("--since", 's'),
    CLI_FLAG("--all"),
    {.name = "--tag", .letter = 't', .value = 1, .take = take},
    CLI_END};
static const struct cli_sub subs[] = {
    {"list", &(const struct cli_argspec){.opts = sub_opts, .store = CLI_STORE_OPEN, .run = run}},
    {"show",
     &(const struct cli_argspec){.store = CLI_STORE_LOCKED, .one_word = "give one id", .run = run}},
    {"peek", &(const struct cli_argspec){.opts = sub_opts, .store = CLI_STORE_READ, .run = run}},
    {NULL, NULL}};
static const struct cli_argdef opts[] = {
    CLI_VALUE("--port", 'p'),
    CLI_FLAG("--plain"),
    CLI_FLAG("--plan"),
    {.name = "--passphrase", .value = 1, .refuse = "not on the command line"},
    {.name = "--factor", .value = 1, .needs = "a name", .take = take},
    CLI_END};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0 || size > 4096)
		return 0;
	char *text = malloc(size + 1);
	char **argv = calloc(size + 3, sizeof *argv);
	if (!text || !argv) {
		free(text), free(argv);
		return 0;
	}
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	int argc = 0;
	argv[argc++] = "demo";
	for (char *p = text; p < text + size - 1; p += strlen(p) + 1)
		argv[argc++] = p;
	argv[argc] = NULL;
	words_lo = argv + 1, words_hi = argv + argc;
	/* The first byte picks the shape: in order or not, subcommands or not. */
	struct cli_argspec spec = {.opts = opts, .in_order = data[0] & 1, .run = run};
	if (data[0] & 2)
		spec.subs = subs, spec.unknown_sub = "unknown demo command";
	if (data[0] & 4)
		spec.crisis_kind = "demo", spec.crisis_alongside = (data[0] & 64) != 0;
	/* The store: none, opened unless --plain is given, or read where there. */
	if (data[0] & 8)
		spec.store = CLI_STORE_OPEN, spec.store_not_with = "--plain";
	else if (data[0] & 16)
		spec.store = CLI_STORE_READ;
	struct hv_cmd cmd = {.name = "demo", .usage = "demo", .help = "", .args = &spec};
	struct hv_cli cli = {0};
	int rc = cli_args_run(&cli, &cmd, argc, argv);
	if (rc != HV_EXIT_OK && rc != HV_EXIT_USAGE)
		abort();
	free(text);
	free(argv);
	return 0;
}
