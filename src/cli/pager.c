/*
 * pager.c — long output through a pager, on a terminal only.
 *
 * The journal, insights, the help and the other long listings can run past
 * a screen; on a terminal they go through $PAGER ("less -FRX" when it is
 * not set: -F leaves at once when everything fits, -R keeps the colours,
 * -X leaves the text on the screen afterwards).  Never when the output is
 * piped or a file, never with --json, never with PAGER set empty, and
 * never on a terminal that is TERM=dumb.
 * Standard output becomes the pager's input; haven waits for the pager to
 * end before it exits, so the shell's prompt comes back after it.
 */
#include "pager.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t pager_pid = -1;
static int pager_cols; /* the terminal's width, which a pipe no longer tells */

int cli_pager_start(const struct hv_cli *cli)
{
	if (pager_pid > 0 || cli->json || !isatty(STDOUT_FILENO))
		return 0;
	/* A terminal that cannot move its cursor (TERM=dumb, as in an editor's
	 * shell buffer) scrolls by itself: a pager there only gets in the way. */
	const char *term = getenv("TERM");
	if (!term || !*term || strcmp(term, "dumb") == 0)
		return 0;
	const char *pager = getenv("PAGER");
	if (pager && !*pager)
		return 0;
	if (!pager)
		pager = "less -FRX";
	int cols = cli_columns(), fd[2];
	fflush(stdout);
	if (pipe(fd) < 0)
		return 0;
	pid_t pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return 0;
	}
	if (pid == 0) {
		dup2(fd[0], STDIN_FILENO);
		close(fd[0]);
		close(fd[1]);
		/* haven ignores SIGPIPE; the pager should not inherit that. */
		signal(SIGPIPE, SIG_DFL);
		execl("/bin/sh", "sh", "-c", pager, (char *)NULL);
		_exit(127);
	}
	dup2(fd[1], STDOUT_FILENO);
	close(fd[0]);
	close(fd[1]);
	pager_pid = pid;
	pager_cols = cols;
	return 1;
}

int cli_paging(void)
{
	return pager_pid > 0;
}

int cli_pager_columns(void)
{
	return pager_cols;
}

void cli_pager_end(void)
{
	if (pager_pid <= 0)
		return;
	fflush(stdout);
	/* The pager reads until the end of its input: close ours so it sees it. */
	close(STDOUT_FILENO);
	while (waitpid(pager_pid, NULL, 0) < 0 && errno == EINTR)
		;
	pager_pid = -1;
}
