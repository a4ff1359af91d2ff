/*
 * main.c — haven's entry point: global options, then dispatch.
 *
 * Global options (--db, --json, --quiet, --no-color) may stand anywhere before "--"
 * so that `haven log --json …` and `haven --json log …` both work; they are
 * taken out of argv before the command sees it.
 */
#include <errno.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "cli.h"
#include "cmdspec.h"
#include "pager.h"
#include "suggest.h"

extern const struct hv_cmd cmd_home;

/* Remove argv[i] (and n-1 following) in place. */
static void drop_args(int *argc, char **argv, int i, int n)
{
	memmove(argv + i, argv + i + n, (size_t)(*argc - i - n + 1) * sizeof *argv);
	*argc -= n;
}

/* Take the global options out of argv; -1 on a usage error. */
static int take_globals(struct hv_cli *cli, int *argc, char **argv)
{
	for (int i = 1; i < *argc;) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0)
			break;
		if (strcmp(a, "--json") == 0) {
			cli->json = 1;
			drop_args(argc, argv, i, 1);
		} else if (strcmp(a, "--quiet") == 0) {
			cli->quiet = 1;
			drop_args(argc, argv, i, 1);
		} else if (strcmp(a, "--no-color") == 0) {
			cli->color = 0;
			drop_args(argc, argv, i, 1);
		} else if (strcmp(a, "--db") == 0) {
			if (i + 1 >= *argc) {
				fprintf(stderr, "haven: --db needs a file path\n");
				return -1;
			}
			cli->db_path = argv[i + 1];
			drop_args(argc, argv, i, 2);
		} else if (strncmp(a, "--db=", 5) == 0) {
			cli->db_path = a + 5;
			drop_args(argc, argv, i, 1);
		} else {
			i++;
		}
	}
	return 0;
}

static int wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	}
	return 0;
}

/*
 * Long listings go through the pager on a terminal (pager.c): help, the
 * journal's list and entries, insights and the other views of what was
 * kept.  Never a command that asks anything, which needs the terminal.
 */
static int pages(const struct hv_cmd *cmd, int argc, char **argv)
{
	static const char *const always[] = {"help", "insights", "thoughts", "practices", NULL};
	const char *sub = argc > 1 ? argv[1] : "";
	for (int i = 0; always[i]; i++)
		if (strcmp(cmd->name, always[i]) == 0)
			return 1;
	if (strcmp(cmd->name, "journal") == 0)
		return !*sub || *sub == '-' || !strcmp(sub, "list") || !strcmp(sub, "show");
	if (strcmp(cmd->name, "assess") == 0)
		return !strcmp(sub, "history") || !strcmp(sub, "show");
	if (strcmp(cmd->name, "evidence") == 0)
		return argc == 1;
	if (strcmp(cmd->name, "checkin") == 0) /* without --list it may ask */
		for (int i = 1; i < argc; i++)
			if (strcmp(argv[i], "--list") == 0)
				return 1;
	return 0;
}

/* Start the pager for cmd; a listing of the journal opens (and unlocks)
 * the store first, so a passphrase is asked before the pager takes over. */
static int start_pager(struct hv_cli *cli, const struct hv_cmd *cmd)
{
	if (strcmp(cmd->name, "help") != 0 && !cli->json && isatty(STDOUT_FILENO) &&
	    !cli_store(cli))
		return -1;
	cli_pager_start(cli);
	return 0;
}

/* Name the entries a command walked past because they are damaged
 * (store.h), so that leaving them out is never silent. */
static void report_damaged(const struct hv_cli *cli)
{
	size_t n = hv_store_damaged_count(cli->store);
	if (n == 0)
		return;
	fprintf(stderr, "haven: %zu damaged entr%s left out:", n, n == 1 ? "y was" : "ies were");
	json_t *ids = json_array();
	for (size_t i = 0; i < n; i++) {
		const char *id = hv_store_damaged_id(cli->store, i);
		if (i < 20)
			fprintf(stderr, " %s", id);
		json_array_append_new(ids, json_string(id));
	}
	fprintf(stderr, "%s. 'haven doctor' lists them and can set them aside (--quarantine)\n",
	        n > 20 ? " …" : "");
	if (cli->json) {
		json_t *w =
		    json_pack("{s:{s:s,s:o}}", "warning", "code", "corrupt", "damaged", ids);
		char *s = w ? json_dumps(w, JSON_COMPACT) : NULL;
		if (s)
			fprintf(stderr, "%s\n", s);
		free(s);
		json_decref(w);
	} else {
		json_decref(ids);
	}
}

/* Has what reads standard output (a pipe or FIFO) gone away?  Asked of
 * the descriptor itself: errno may have moved on since the write that
 * failed (an error message asks the terminal its width). */
static int reader_gone(void)
{
	struct pollfd p = {.fd = STDOUT_FILENO, .events = POLLOUT};
	return poll(&p, 1, 0) == 1 && (p.revents & POLLERR);
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	/* A reader that goes away early (`haven export | head`, a FIFO) is an
	 * error to report, not a signal that kills haven mid-write: writes then
	 * fail with EPIPE, which each writer and the end of main name. */
	signal(SIGPIPE, SIG_IGN);
	struct hv_cli cli = {0};
	const char *no_color = getenv("NO_COLOR");
	cli.interactive = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	cli.color = isatty(STDOUT_FILENO) && !(no_color && *no_color) &&
	            !(getenv("TERM") && strcmp(getenv("TERM"), "dumb") == 0);
	const char *env_db = getenv("HAVEN_DB");
	if (env_db && *env_db)
		cli.db_path = env_db;
	/* Completion reads the global options among the words itself. */
	if (argc > 1 && strcmp(argv[1], "__complete") == 0) {
		int rc = cli_complete(&cli, argc - 2, argv + 2);
		hv_store_close(cli.store);
		return rc;
	}
	if (take_globals(&cli, &argc, argv) < 0)
		return HV_EXIT_USAGE;
	cli_usage_json(cli.json);

	int rc;
	if (argc < 2) {
		rc = cli_args_run(&cli, &cmd_home, argc, argv);
	} else if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		cli_pager_start(&cli);
		rc = cli_help_all(stdout);
	} else if (strcmp(argv[1], "--version") == 0) {
		rc = hv_cmd_find("version")->run(&cli, argc - 1, argv + 1);
	} else {
		const struct hv_cmd *cmd = hv_cmd_find(argv[1]);
		if (!cmd && strcmp(argv[1], "home") == 0)
			cmd = &cmd_home;
		if (!cmd && argv[1][0] == '-' && argv[1][1])
			rc = cli_unknown_option(NULL, argv[1]);
		else if (!cmd)
			rc = cli_unknown_command(argv[1]);
		else if (wants_help(argc - 1, argv + 1)) {
			cli_pager_start(&cli);
			rc = cli_help_for(cmd, stdout);
		} else if (pages(cmd, argc - 1, argv + 1) && start_pager(&cli, cmd) < 0) {
			rc = HV_EXIT_FAIL;
		} else {
			cli_auto_sync_for(cmd->name);
			rc = cli_args_run(&cli, cmd, argc - 1, argv + 1);
			if (rc == HV_EXIT_USAGE && argc > 2)
				cli_suggest_subcommand(cmd, argv[2]);
		}
	}
	cli_auto_sync_done(&cli);
	report_damaged(&cli);
	hv_store_close(cli.store);
	int flushed = fflush(stdout) == 0 && !ferror(stdout), why = errno;
	int cut = !flushed && (why == EPIPE || reader_gone());
	/* Leaving the pager before the end is no error. */
	int paged = cli_paging();
	cli_pager_end();
	if (!flushed && !(cut && paged)) {
		if (cut)
			fprintf(stderr,
			        "haven: the output was cut short: what was reading it (a "
			        "pipe or FIFO) stopped before haven had finished writing\n");
		else
			fprintf(stderr, "haven: writing the output failed: %s\n", strerror(why));
		return HV_EXIT_FAIL;
	}
	return rc;
}
