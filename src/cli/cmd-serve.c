/*
 * cmd-serve.c — `haven serve`: start the local web app and wait.
 *
 * Prints the private URL (with its one-time access token) on stdout and
 * opens the browser when there is a display.  Stops cleanly on Ctrl-C or
 * SIGTERM.
 *
 * The token never goes on a command line, where `ps` shows it to every
 * account on the computer: the browser is given a private file (0600, in
 * a folder only we can enter) whose page sends it on to the address, as
 * Jupyter does.  The file is removed when the server stops.
 *
 * --remember keeps the address (token, session, port) in a 0600 file
 * beside the database, so a bookmark goes on working across restarts;
 * --forget removes it, and the old address opens nothing again.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "args.h"
#include "cli.h"
#include "core/content.h"
#include "core/template.h"
#include "web/server.h"

extern const struct hv_cmd cmd_serve;
extern char **environ;

#define DEFAULT_PORT 7878

/* The page the browser is given: where it is, and the folder we made for
 * it (empty when it is the runtime directory, which is not ours to remove). */
struct open_page {
	char path[PATH_MAX];
	char made_dir[PATH_MAX];
};

/* $XDG_RUNTIME_DIR when it is a folder of ours that only we can enter. */
static const char *runtime_dir(void)
{
	const char *dir = getenv("XDG_RUNTIME_DIR");
	struct stat st;
	if (!dir || dir[0] != '/' || stat(dir, &st) < 0 || !S_ISDIR(st.st_mode) ||
	    st.st_uid != geteuid() || (st.st_mode & 077) != 0)
		return NULL;
	return dir;
}

/* Write the page that sends the browser to url; 0, or -1 with errno. */
static int write_open_page(struct open_page *pg, const char *url)
{
	pg->path[0] = pg->made_dir[0] = '\0';
	const char *dir = runtime_dir();
	if (!dir) {
		const char *tmp = getenv("TMPDIR");
		if (!tmp || tmp[0] != '/')
			tmp = "/tmp";
		if (snprintf(pg->made_dir, sizeof pg->made_dir, "%s/haven-XXXXXX", tmp) >=
		    (int)sizeof pg->made_dir) {
			pg->made_dir[0] = '\0';
			errno = ENAMETOOLONG;
			return -1;
		}
		if (!mkdtemp(pg->made_dir)) { /* 0700 */
			pg->made_dir[0] = '\0';
			return -1;
		}
		dir = pg->made_dir;
	}
	if (snprintf(pg->path, sizeof pg->path, "%s/haven-open-%ld.html", dir, (long)getpid()) >=
	    (int)sizeof pg->path) {
		pg->path[0] = '\0';
		errno = ENAMETOOLONG;
		return -1;
	}
	unlink(pg->path); /* one left by an earlier haven with our pid */
	int fd = open(pg->path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		pg->path[0] = '\0';
		return -1;
	}
	FILE *f = fchmod(fd, 0600) == 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		close(fd);
		return -1;
	}
	fprintf(f,
	        "<!DOCTYPE html>\n"
	        "<html lang=\"en\">\n"
	        "<head>\n"
	        "<meta charset=\"utf-8\">\n"
	        "<meta http-equiv=\"refresh\" content=\"0;url=%s\">\n"
	        "<title>Opening haven</title>\n"
	        "</head>\n"
	        "<body>\n"
	        "<p>Opening haven. If nothing happens, <a href=\"%s\">open haven</a>.</p>\n"
	        "</body>\n"
	        "</html>\n",
	        url, url);
	return fclose(f) == 0 ? 0 : -1;
}

static void remove_open_page(struct open_page *pg)
{
	if (pg->path[0])
		unlink(pg->path);
	if (pg->made_dir[0])
		rmdir(pg->made_dir);
	pg->path[0] = pg->made_dir[0] = '\0';
}

static void open_browser(struct open_page *pg, const char *url)
{
	if (!getenv("DISPLAY") && !getenv("WAYLAND_DISPLAY"))
		return;
	if (write_open_page(pg, url) < 0) {
		fprintf(stderr,
		        "haven: could not write the page that opens your browser (%s); open the "
		        "address above yourself\n",
		        strerror(errno));
		remove_open_page(pg);
		return;
	}
	pid_t pid;
	char *argv[] = {"xdg-open", pg->path, NULL};
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
	if (posix_spawnp(&pid, "xdg-open", &fa, NULL, argv, environ) != 0)
		fprintf(stderr,
		        "haven: could not open a browser; open the address above yourself\n");
	posix_spawn_file_actions_destroy(&fa);
}

static void print_route(const char *method, const char *path, void *ctx)
{
	(void)ctx;
	printf("%s %s\n", method, path);
}

/* The command line's words of data/serve.json. */
static const char *said(const char *key)
{
	char path[64];
	snprintf(path, sizeof path, "cli/%s", key);
	return hv_content_text("serve.json", path, "");
}

/* The usual (or kept) port was taken, so another was chosen. */
static void say_port_moved(unsigned tried, unsigned port)
{
	char t[8], p[8];
	snprintf(t, sizeof t, "%u", tried);
	snprintf(p, sizeof p, "%u", port);
	const char *kv[] = {"tried", t, "port", p, NULL};
	char *line = hv_template_fill(said("port_moved"), kv);
	fprintf(stderr, "haven: %s\n", line ? line : "");
	free(line);
}

/* --forget: the remembered address opens nothing from now on. */
static int forget_address(struct hv_cli *cli, struct hv_store *st)
{
	char kept[PATH_MAX];
	struct hv_error err;
	int had;
	if (hv_web_remember_path(hv_store_path(st), kept, sizeof kept, &err) < 0 ||
	    (had = hv_web_forget(kept, &err)) < 0)
		return cli_error(cli, &err);
	if (cli->json)
		printf("{\"forgotten\": %s}\n", had ? "true" : "false");
	else if (!cli->quiet)
		printf("%s\n", said(had ? "forgotten" : "none_kept"));
	return HV_EXIT_OK;
}

/* Where haven is: the address on stdout, what it means on stderr. */
static void say_address(const struct hv_cli *cli, struct hv_web *web, int remember)
{
	if (cli->json)
		printf("{\"url\": \"%s\", \"port\": %u}\n", hv_web_url(web),
		       (unsigned)hv_web_port(web));
	else
		printf("%s\n", hv_web_url(web));
	fflush(stdout);
	if (!cli->json)
		fprintf(stderr, "%s\n", said("open"));
	if (!cli->json && remember)
		fprintf(stderr, "%s\n", said("remembered"));
}

/* The port asked for, or -1; its words were checked before run. */
static long asked_port(const struct cli_args *a)
{
	long port = -1;
	const char *p = cli_arg(a, "--port");
	if (p)
		cli_parse_int(&cmd_serve, "--port", p, 0, 65535, &port);
	return port;
}

static int check(struct hv_cli *cli, struct cli_args *a)
{
	(void)cli;
	long port;
	const char *p = cli_arg(a, "--port");
	if (p && cli_parse_int(&cmd_serve, "--port", p, 0, 65535, &port) < 0)
		return HV_EXIT_USAGE;
	if (a->argc > 0)
		return cli_usage(&cmd_serve, "unexpected \"%s\"", a->argv[0]);
	if (cli_flag(a, "--remember") && cli_flag(a, "--forget"))
		return cli_usage(&cmd_serve, "choose --remember or --forget, not both");
	return 0;
}

static int run(struct hv_cli *cli, struct cli_args *a)
{
	long port = asked_port(a);
	int no_open = cli_flag(a, "--no-open"), remember = cli_flag(a, "--remember");
	if (cli_flag(a, "--routes")) { /* the API's table, for tools and tests; nothing starts */
		hv_api_routes_each(print_route, NULL);
		return HV_EXIT_OK;
	}
	/* A vault was unlocked once, by the spec, before the server starts:
	 * the key stays in locked memory (never on disk) until the server
	 * stops and main closes the store, which wipes it. */
	struct hv_store *st = a->store;
	if (cli_flag(a, "--forget"))
		return forget_address(cli, st);
	char kept[PATH_MAX];
	struct hv_web_secrets secrets;
	struct hv_error err;
	int known = 0;
	long kept_port = -1;
	if (remember) {
		if (hv_web_remember_path(hv_store_path(st), kept, sizeof kept, &err) < 0 ||
		    (known = hv_web_remembered(kept, &secrets, &err)) < 0)
			return cli_error(cli, &err);
		if (known && port < 0)
			kept_port = secrets.port; /* the same address as last time */
	}

	/* The server thread inherits this mask, so only sigwait sees the signals. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct hv_web *web;
	struct hv_web_options opt = {.store = st,
	                             .port = port >= 0        ? (uint16_t)port
	                                     : kept_port >= 0 ? (uint16_t)kept_port
	                                                      : DEFAULT_PORT,
	                             .secrets = known ? &secrets : NULL,
	                             .lasting = remember};
	if (hv_web_start(&web, &opt, &err) < 0) {
		if (port >= 0) /* asked for: no other will do */
			return cli_error(cli, &err);
		uint16_t tried = opt.port;
		opt.port = 0; /* the usual (or kept) port is taken: any free one will do */
		if (hv_web_start(&web, &opt, &err) < 0)
			return cli_error(cli, &err);
		say_port_moved(tried, hv_web_port(web));
	}
	if (remember && hv_web_remember(kept, web, &err) < 0) {
		hv_web_stop(web);
		return cli_error(cli, &err);
	}
	sodium_memzero(&secrets, sizeof secrets);
	say_address(cli, web, remember);
	struct open_page page = {.path = ""};
	if (!no_open)
		open_browser(&page, hv_web_url(web));
	int sig;
	sigwait(&stop, &sig);
	remove_open_page(&page);
	hv_web_stop(web);
	return HV_EXIT_OK;
}

const struct hv_cmd cmd_serve = {
    .name = "serve",
    .usage = "serve [--port N] [--no-open] [--remember | --forget]",
    .summary = "open haven in your browser, on this computer only",
    .help = "  -p, --port N   the port on 127.0.0.1 (default 7878, or any free one if\n"
            "                 taken)\n"
            "  --no-open      do not open a browser; just print the address\n"
            "  --routes       list the routes of its JSON API, one a line (METHOD PATH),\n"
            "                 and start nothing\n"
            "  --remember     keep the address for next time (in a file only you can\n"
            "                 read, beside the database), so a bookmark goes on working\n"
            "  --forget       forget a kept address: it opens nothing again; start\n"
            "                 nothing\n\n"
            "Prints a private address with an access token. Only this computer can reach it,\n"
            "and only with that address. Ctrl-C stops the server.",
    .args =
        &(const struct cli_argspec){
            .opts = (const struct cli_argdef[]){CLI_VALUE("--port", 'p'), CLI_FLAG("--no-open"),
                                                CLI_FLAG("--routes"), CLI_FLAG("--remember"),
                                                CLI_FLAG("--forget"), CLI_END},
            .in_order = 1,
            .store = CLI_STORE_OPEN,
            .store_not_with = "--routes",
            .check = check,
            .run = run,
        },
};
