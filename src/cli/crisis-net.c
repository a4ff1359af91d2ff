/*
 * crisis-net.c — the CLI's door to the crisis net: every command that
 * takes a person's words asks the library (safety/crisis-check.h) before
 * it saves or answers, and shows help through cli_crisis, the one way the
 * CLI shows it.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "safety/crisis-check.h"

json_t *cli_crisis_body(struct hv_cli *cli, const char *kind, const json_t *body)
{
	return hv_crisis_check_body(kind, body) ? cli_crisis_show(cli) : NULL;
}

json_t *cli_crisis_field(struct hv_cli *cli, const char *kind, const char *field, const char *text,
                         size_t len)
{
	if (!text)
		return NULL;
	json_t *body = json_object();
	json_object_set_new(body, field, json_stringn_nocheck(text, len));
	json_t *notice = cli_crisis_body(cli, kind, body);
	json_decref(body);
	return notice;
}

json_t *cli_crisis_words(struct hv_cli *cli, const char *kind, ...)
{
	json_t *body = json_object();
	va_list ap;
	va_start(ap, kind);
	for (const char *field; (field = va_arg(ap, const char *));) {
		const char *text = va_arg(ap, const char *);
		if (text) /* argv need not be UTF-8: the net reads the bytes as they are */
			json_object_set_new(body, field, json_stringn_nocheck(text, strlen(text)));
	}
	va_end(ap);
	json_t *notice = cli_crisis_body(cli, kind, body);
	json_decref(body);
	return notice;
}

/* Append the run of words argv[from..to) as one text, spaces between. */
static void add_run(json_t *texts, char **argv, int from, int to)
{
	size_t len = 0;
	for (int i = from; i < to; i++)
		len += strlen(argv[i]) + 1;
	char *text = malloc(len + 1), *at = text;
	if (!text || from >= to) {
		free(text);
		return;
	}
	for (int i = from; i < to; i++) {
		size_t n = strlen(argv[i]);
		if (i > from)
			*at++ = ' ';
		memcpy(at, argv[i], n);
		at += n;
	}
	json_array_append_new(texts, json_stringn_nocheck(text, (size_t)(at - text)));
	free(text);
}

/* The texts of a command line, as cli_crisis_argv reads them. */
static json_t *argv_texts(int argc, char **argv)
{
	json_t *texts = json_array();
	int from = 0;
	for (int i = 0; i < argc; i++) {
		/* An option is one word starting with "-": "- I give up" is words. */
		if (argv[i][0] != '-' || !argv[i][1] || strchr(argv[i], ' '))
			continue;
		add_run(texts, argv, from, i);
		const char *eq = strchr(argv[i], '=');
		if (eq && eq[1]) /* --did=TEXT: the words after "=" */
			json_array_append_new(texts, json_stringn_nocheck(eq + 1, strlen(eq + 1)));
		from = i + 1;
	}
	add_run(texts, argv, from, argc);
	return texts;
}

json_t *cli_crisis_argv(struct hv_cli *cli, const char *kind, int argc, char **argv)
{
	json_t *texts = argv_texts(argc, argv);
	json_t *notice = cli_crisis_body(cli, kind, texts);
	json_decref(texts);
	return notice;
}

/* The command line being heard on a second thread: one per process, as
 * the command line is.  Only the reading happens there; the help is shown
 * on the command's own thread, when it is collected. */
static struct {
	pthread_t thread;
	int started, pending, hit;
	const char *kind;
	json_t *texts, *notice;
	struct hv_cli *cli;
} hearing;

static void *hear(void *unused)
{
	(void)unused;
	hearing.hit = hv_crisis_check_body(hearing.kind, hearing.texts);
	return NULL;
}

void cli_crisis_hear(struct hv_cli *cli, const char *kind, int argc, char **argv)
{
	cli_crisis_heard_end();
	hearing.kind = kind;
	hearing.texts = argv_texts(argc, argv);
	hearing.cli = cli;
	hearing.hit = 0;
	hearing.pending = 1;
	hearing.started = pthread_create(&hearing.thread, NULL, hear, NULL) == 0;
	if (!hearing.started)
		hear(NULL); /* no second thread: heard here, before anything else */
}

json_t *cli_crisis_heard(void)
{
	if (hearing.pending) {
		if (hearing.started)
			pthread_join(hearing.thread, NULL);
		hearing.pending = hearing.started = 0;
		json_decref(hearing.texts);
		hearing.texts = NULL;
		hearing.notice = hearing.hit ? cli_crisis_show(hearing.cli) : NULL;
	}
	return json_incref(hearing.notice);
}

void cli_crisis_heard_end(void)
{
	json_decref(cli_crisis_heard());
	json_decref(hearing.notice);
	hearing.notice = NULL;
}
