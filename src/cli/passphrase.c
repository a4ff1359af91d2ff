/*
 * passphrase.c — reading passphrases from a private file or the terminal
 * (see passphrase.h), and unlocking a vault with one.
 *
 * The idea: the passphrase is copied into locked memory as soon as it is
 * read and every other copy is wiped, core dumps are turned off before the
 * first byte is read, and every way it can fail says what to do next.
 */
#include "passphrase.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "core/vault.h"

#define PASS_MAX 1024
#define PASS_MIN 8
#define TRIES    3

static void no_core_dumps(void)
{
	struct rlimit none = {0, 0};
	setrlimit(RLIMIT_CORE, &none);
}

void cli_pass_free(struct cli_pass *p)
{
	if (p->buf)
		sodium_free(p->buf); /* zeroes it */
	p->buf = NULL;
	p->n = 0;
}

/* Take line (n bytes, newline already gone) into locked memory. */
static int keep(const char *line, size_t n, struct cli_pass *out)
{
	if (sodium_init() < 0)
		return -1;
	out->buf = sodium_malloc(n + 1);
	if (!out->buf)
		return -1;
	(void)sodium_mlock(out->buf, n + 1);
	memcpy(out->buf, line, n);
	out->buf[n] = '\0';
	out->n = n;
	return 0;
}

static size_t strip_newline(char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return n;
}

static int from_file(const char *path, const char *how, struct cli_pass *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		fprintf(stderr,
		        "haven: cannot read the passphrase file %s (%s): %s. Check the path\n",
		        path, how, strerror(errno));
		return -1;
	}
	struct stat sb;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		fprintf(stderr, "haven: the passphrase file %s (%s) is not a plain file\n", path,
		        how);
		return -1;
	}
	if (sb.st_mode & 077) {
		close(fd);
		fprintf(stderr,
		        "haven: the passphrase file %s can be read or changed by other users of "
		        "this computer, so haven will not use it. Make it yours alone with:\n"
		        "  chmod 600 %s\n",
		        path, path);
		return -1;
	}
	char buf[PASS_MAX + 2];
	ssize_t got = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (got < 0) {
		fprintf(stderr, "haven: cannot read the passphrase file %s: %s\n", path,
		        strerror(errno));
		return -1;
	}
	buf[got] = '\0';
	size_t n = strcspn(buf, "\n"); /* the first line only */
	buf[n] = '\0';
	n = strip_newline(buf, n);
	int rc = 0;
	if (n == 0) {
		fprintf(stderr,
		        "haven: the passphrase file %s is empty; its first line should be "
		        "the passphrase\n",
		        path);
		rc = -1;
	} else if (n > PASS_MAX) {
		fprintf(stderr, "haven: the passphrase in %s is longer than %d bytes\n", path,
		        PASS_MAX);
		rc = -1;
	} else if (keep(buf, n, out) < 0) {
		fprintf(stderr, "haven: out of memory\n");
		rc = -1;
	}
	sodium_memzero(buf, sizeof buf);
	return rc;
}

int cli_pass_can_ask(void)
{
	return isatty(STDIN_FILENO);
}

/* One line from the terminal with echo off; NULL at end of input. */
static int ask(const char *prompt, struct cli_pass *out)
{
	struct termios was, quiet;
	int have_tty = tcgetattr(STDIN_FILENO, &was) == 0;
	fputs(prompt, stderr);
	fflush(stderr);
	if (have_tty) {
		quiet = was;
		quiet.c_lflag &= (tcflag_t)~ECHO;
		quiet.c_lflag |= ECHONL;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t got = getline(&line, &cap, stdin);
	if (have_tty)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &was);
	int rc = -1;
	if (got >= 0) {
		size_t n = strip_newline(line, (size_t)got);
		rc = n <= PASS_MAX && keep(line, n, out) == 0 ? 0 : -1;
		if (n > PASS_MAX)
			fprintf(stderr, "haven: that passphrase is longer than %d bytes\n",
			        PASS_MAX);
	} else {
		fputc('\n', stderr);
	}
	if (line)
		sodium_memzero(line, cap);
	free(line);
	return rc;
}

static int from_terminal(const char *prompt, enum cli_pass_mode mode, struct cli_pass *out)
{
	if (ask(prompt, out) < 0)
		return -1;
	if (mode != CLI_PASS_NEW)
		return 0;
	if (out->n < PASS_MIN) {
		cli_pass_free(out);
		fprintf(stderr,
		        "haven: please choose a passphrase of at least %d characters; a few "
		        "words you will remember work well\n",
		        PASS_MIN);
		return -1;
	}
	struct cli_pass again = {0};
	if (ask("The same passphrase again: ", &again) < 0) {
		cli_pass_free(out);
		return -1;
	}
	int same = again.n == out->n && sodium_memcmp(again.buf, out->buf, out->n) == 0;
	cli_pass_free(&again);
	if (!same) {
		cli_pass_free(out);
		fprintf(stderr,
		        "haven: the two passphrases were not the same; nothing was changed. "
		        "Try again\n");
		return -1;
	}
	return 0;
}

int cli_pass_get(struct hv_cli *cli, const char *file, int use_env, const char *prompt,
                 enum cli_pass_mode mode, struct cli_pass *out)
{
	(void)cli;
	no_core_dumps();
	out->buf = NULL;
	out->n = 0;
	const char *env = use_env ? getenv("HAVEN_PASSPHRASE_FILE") : NULL;
	int rc;
	if (file)
		rc = from_file(file, "--passphrase-file", out);
	else if (env && *env)
		rc = from_file(env, "HAVEN_PASSPHRASE_FILE", out);
	else if (cli_pass_can_ask())
		return from_terminal(prompt, mode, out);
	else {
		fprintf(stderr,
		        "haven: a passphrase is needed and there is no terminal to ask on. "
		        "Put it on the first line of a file only you can read (chmod 600) "
		        "and name it with %s\n",
		        use_env ? "--passphrase-file FILE or HAVEN_PASSPHRASE_FILE=FILE"
		                : "--passphrase-file FILE");
		return -1;
	}
	if (rc == 0 && mode == CLI_PASS_NEW && out->n < PASS_MIN) {
		cli_pass_free(out);
		fprintf(stderr,
		        "haven: the passphrase in the file is shorter than %d characters; "
		        "please choose a longer one\n",
		        PASS_MIN);
		return -1;
	}
	return rc;
}

/* Unlock with a key `haven vault unlock` holds when use_held, else with
 * passphrases from the usual sources; file first when given. */
static int unlock_with(struct hv_cli *cli, struct hv_store *st, const char *file, int use_env,
                       const char *prompt, int use_held)
{
	no_core_dumps();
	if (hv_vault_unlocked(st))
		return 0;
	/* Within an unlocked period: no passphrase, no key derivation.  Where
	 * the keyring cannot be used this finds nothing and haven asks. */
	if (use_held && hv_vault_unlock_held(st))
		return 0;
	const char *env = getenv("HAVEN_PASSPHRASE_FILE");
	int from_a_file = file || (use_env && env && *env);
	if (!from_a_file && !cli_pass_can_ask()) {
		fprintf(stderr,
		        "haven: %s is a vault (encrypted), so haven needs its passphrase, and "
		        "there is no terminal to ask on. For scripts, put the passphrase on the "
		        "first line of a file only you can read (chmod 600) and set "
		        "HAVEN_PASSPHRASE_FILE to its path; or run `haven vault unlock` in a "
		        "terminal first, which keeps it unlocked for a while\n",
		        hv_store_path(st));
		return -1;
	}
	for (int i = 0; i < (from_a_file ? 1 : TRIES); i++) {
		struct cli_pass p;
		if (cli_pass_get(cli, file, use_env, prompt, CLI_PASS_EXISTING, &p) < 0)
			return -1;
		struct hv_error err;
		int rc = hv_vault_unlock(st, p.buf, p.n, &err);
		cli_pass_free(&p);
		if (rc == 0)
			return 0;
		cli_error(cli, &err);
		if (err.code != HV_EDATA)
			return -1;
	}
	return -1;
}

/* A vault's store unlocked, asked for by its path, through unlock_with;
 * a store that is no vault needs nothing. */
static int unlock_store(struct hv_cli *cli, struct hv_store *st, const char *file, int use_held)
{
	if (!hv_vault_on(st))
		return 0;
	char prompt[4352];
	snprintf(prompt, sizeof prompt, "Passphrase for %s: ", hv_store_path(st));
	return unlock_with(cli, st, file, 1, prompt, use_held);
}

int cli_unlock(struct hv_cli *cli, struct hv_store *st)
{
	return unlock_store(cli, st, NULL, 1);
}

int cli_unlock_asking(struct hv_cli *cli, struct hv_store *st, const char *file)
{
	return unlock_store(cli, st, file, 0);
}

int cli_unlock_other(struct hv_cli *cli, struct hv_store *st, const char *file)
{
	return unlock_store(cli, st, file, file == NULL);
}
