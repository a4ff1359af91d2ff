/*
 * entry-draft.c — keeping a stopped entry as a draft, and taking it up.
 *
 * Stopping a long entry half way is common on a hard evening, and what was
 * written then is worth keeping: the question after Ctrl-C defaults to
 * keeping it, so only a plain "n" lets it go.  Every word is
 * data/terminal.json's ("draft").
 */
#include "entry-draft.h"

#include <stdio.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include "args.h"
#include "core/clock.h"
#include "core/content.h"
#include "core/draft.h"
#include "core/template.h"
#include "practice-run.h"

static const char *word(const char *key)
{
	char path[64];
	snprintf(path, sizeof path, "draft/%s", key);
	return hv_content_text("terminal.json", path, "");
}

const char *cli_draft_command(const char *of)
{
	static char line[256];
	char path[64];
	snprintf(path, sizeof path, "draft/resume/%s/do", of);
	return cli_action_line(hv_content_text("terminal.json", path, ""), line, sizeof line);
}

/* One sentence of the data with its slots filled, wrapped, then a newline. */
static void say(const char *key, const char *const *kv)
{
	char *line = hv_template_fill(word(key), kv);
	cli_wrap(0, line ? line : word(key));
	printf("\n");
	free(line);
}

/* Yes unless the answer starts with n: Enter, the end of input and a
 * second Ctrl-C all keep the words. */
static int ask_keep(void)
{
	if (isatty(STDIN_FILENO))
		tcflush(STDIN_FILENO, TCIFLUSH); /* keys pressed before the question */
	clearerr(stdin);                         /* the read Ctrl-C cut left an error */
	practice_signals_on();
	char *a = cli_ask(word("ask"));
	practice_signals_off();
	int keep = !a || (a[0] != 'n' && a[0] != 'N');
	if (!a)
		printf("\n");
	free(a);
	return keep;
}

int cli_draft_offer(struct hv_cli *cli, struct hv_store *st, const char *of, const json_t *body,
                    const char *step, int64_t at_ms, const char *resumed, int sig)
{
	struct hv_error err;
	printf("\n\n%s", cli_bold(cli));
	cli_wrap(0, word("stopped"));
	printf("%s\n", cli_reset(cli));
	if (json_object_size(body) == 0 && !resumed) {
		say("nothing", NULL);
		return 128 + sig;
	}
	if (!ask_keep()) {
		if (resumed && hv_draft_drop(st, resumed, &err) < 0)
			cli_error(cli, &err);
		else
			say("let_go", NULL);
		return 128 + sig;
	}
	if (hv_draft_keep(st, of, body, step, at_ms, resumed, NULL, &err) < 0) {
		cli_error(cli, &err);
		return HV_EXIT_FAIL;
	}
	const char *kv[] = {"command", cli_draft_command(of), NULL};
	say("kept", kv);
	return 128 + sig;
}

int cli_draft_resume(struct hv_cli *cli, struct hv_store *st, const char *of, struct hv_record *out)
{
	struct hv_error err;
	int found = hv_draft_newest(st, of, out, &err);
	if (found < 0)
		return cli_error(cli, &err);
	if (!found) {
		hv_fail(&err, HV_ENOTFOUND, "%s", word("none"));
		return cli_error(cli, &err);
	}
	char when[48];
	int64_t now = hv_now_ms();
	cli_format_when(out->created_ms, out->created_off, now, when, sizeof when);
	const char *kv[] = {"when", when, NULL};
	printf("%s", cli_dim(cli));
	char *line = hv_template_fill(word("resumed"), kv);
	cli_wrap(0, line ? line : "");
	free(line);
	printf("%s\n", cli_reset(cli));
	return 0;
}

int cli_draft_take(struct hv_cli *cli, struct hv_store *st, const char *of, struct hv_record *draft,
                   json_t **body, const char **step)
{
	int rc = cli_draft_resume(cli, st, of, draft);
	if (rc != 0)
		return rc;
	json_decref(*body);
	*body = json_deep_copy(json_object_get(draft->body, "body"));
	*step = cli_str(draft->body, "step");
	return 0;
}

void cli_hear(struct hv_cli *cli, struct cli_heard *h, const json_t *body)
{
	if (!h->notice)
		h->notice = cli_crisis_body(cli, h->kind, body);
}

int cli_hear_check(struct hv_cli *cli, struct cli_args *a, struct cli_heard *h,
                   int (*check)(struct hv_cli *cli, struct cli_args *a))
{
	h->notice = json_incref(a->crisis);
	int rc = check(cli, a);
	if (rc)
		cli_heard_forget(h);
	return rc;
}

void cli_heard_forget(struct cli_heard *h)
{
	json_decref(h->notice);
	h->notice = NULL;
}
