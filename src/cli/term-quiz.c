/*
 * term-quiz.c — a questionnaire taken on a terminal, one item at a time
 * (term-quiz.h).  A number key answers when the scale is single digits (the
 * terminal in raw mode for that one key), else a line; b goes back, s
 * skips, q stops.  Every answer is saved at once as an unfinished result,
 * so `haven assess resume` can carry on even after the terminal was closed.
 */
#include "term-quiz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "assess-screens.h"
#include "core/template.h"
#include "core/text.h"

enum step_kind { STEP_ITEM, STEP_PROMPT };
struct step {
	enum step_kind kind;
	const json_t *el;   /* the item or prompt */
	const json_t *part; /* NULL when the instrument has no parts */
};

struct walk {
	struct step *steps;
	size_t n, items;
};

static int in_part(const json_t *el, const json_t *part)
{
	const char *p = json_string_value(json_object_get(el, "part"));
	if (!part)
		return p == NULL;
	return p && strcmp(p, cli_str(part, "id")) == 0;
}

static void add_steps(struct walk *w, const json_t *inst, const json_t *part)
{
	size_t i;
	json_t *el;
	json_array_foreach(json_object_get(inst, "items"), i, el)
	{
		if (in_part(el, part)) {
			w->steps[w->n++] = (struct step){STEP_ITEM, el, part};
			w->items++;
		}
	}
	json_array_foreach(json_object_get(inst, "prompts"), i, el)
	{
		if (in_part(el, part))
			w->steps[w->n++] = (struct step){STEP_PROMPT, el, part};
	}
}

/* Items and prompts in the order of the parts, then any without a part. */
static void plan_walk(struct walk *w, const json_t *inst)
{
	size_t total = json_array_size(json_object_get(inst, "items")) +
	               json_array_size(json_object_get(inst, "prompts"));
	w->steps = calloc(total + 1, sizeof *w->steps);
	w->n = w->items = 0;
	size_t i;
	json_t *part;
	json_array_foreach(json_object_get(inst, "parts"), i, part) add_steps(w, inst, part);
	add_steps(w, inst, NULL);
}

/* One key press, without Enter or echo.  Ctrl-C and Ctrl-D read as 'q'. */
static int read_key(void)
{
	struct termios old, raw;
	if (tcgetattr(STDIN_FILENO, &old) < 0)
		return EOF;
	raw = old;
	raw.c_lflag &= (tcflag_t) ~(ICANON | ECHO | ISIG);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	tcsetattr(STDIN_FILENO, TCSANOW, &raw);
	unsigned char c;
	ssize_t n = read(STDIN_FILENO, &c, 1);
	tcsetattr(STDIN_FILENO, TCSANOW, &old);
	if (n != 1 || c == 3 || c == 4)
		return 'q';
	return c;
}

/* An answer: a key when the scale is single digits, else a line. */
static int read_answer(int min, int max, int *value)
{
	if (min >= 0 && max <= 9) {
		int c = read_key();
		if (c >= '0' && c <= '9') {
			*value = c - '0';
			return (*value >= min && *value <= max) ? 'n' : '?';
		}
		return c;
	}
	char *line = cli_ask("> ");
	if (!line)
		return 'q';
	char *end;
	long v = strtol(line, &end, 10);
	int c = line[0];
	if (end != line && !*end) {
		free(line);
		*value = (int)v;
		return (v >= min && v <= max) ? 'n' : '?';
	}
	free(line);
	return c ? c : '?';
}

/* The answer just pressed, named back with its label, so a person sees
 * what was kept before the next question scrolls it away. */
static void echo_answer(struct hv_cli *cli, const json_t *inst, int value)
{
	const json_t *scale = json_object_get(inst, "scale");
	int min = (int)json_integer_value(json_object_get(scale, "min"));
	const char *label = json_string_value(
	    json_array_get(json_object_get(scale, "labels"), (size_t)(value - min)));
	char number[16];
	snprintf(number, sizeof number, "%d", value);
	const char *kv[] = {"value", number, "label", label ? label : "", NULL};
	char *line = hv_template_fill(assess_words("answer_echo", "{value}"), kv);
	printf("%s%s%s\n", cli_dim(cli), line ? line : number, cli_reset(cli));
	free(line);
}

/* Before a yes-or-no: keys pressed ahead (digits meant for the questions)
 * must not answer it. */
static char *ask_yes_no(const char *prompt)
{
	if (isatty(STDIN_FILENO))
		tcflush(STDIN_FILENO, TCIFLUSH);
	return cli_ask(prompt);
}

static void print_item(struct hv_cli *cli, const json_t *inst, const struct step *s, size_t number,
                       size_t items, const json_t *answers)
{
	const json_t *scale = json_object_get(inst, "scale");
	int min = (int)json_integer_value(json_object_get(scale, "min"));
	printf("\n%s%zu of %zu%s%s%s\n", cli_dim(cli), number, items, s->part ? "  ·  " : "",
	       s->part ? cli_str(s->part, "title") : "", cli_reset(cli));
	printf("%s%s%s\n", cli_bold(cli), cli_str(s->el, "text"), cli_reset(cli));
	size_t i;
	json_t *label;
	json_array_foreach(json_object_get(scale, "labels"), i, label)
	{
		printf("  %s%d%s %s", cli_accent(cli), min + (int)i, cli_reset(cli),
		       json_string_value(label));
	}
	const json_t *prev = json_object_get(answers, cli_str(s->el, "id"));
	if (prev)
		printf("   %s(now %lld)%s", cli_dim(cli), (long long)json_integer_value(prev),
		       cli_reset(cli));
	printf("\n");
	fflush(stdout);
}

static int save_progress(struct hv_cli *cli, struct hv_store *st, const json_t *inst,
                         struct hv_record *r, size_t pos, int *complete)
{
	struct hv_error err;
	json_object_set_new(r->body, "position", json_integer((json_int_t)pos));
	if (hv_assess_progress(st, inst, r, complete, &err) < 0) {
		cli_error(cli, &err);
		return -1;
	}
	return 0;
}

/* A run of prompts: offered as a whole, then each asked as a line. */
static size_t ask_prompts(struct hv_cli *cli, struct hv_store *st, const json_t *inst,
                          struct hv_record *r, const struct walk *w, size_t pos, int *stop)
{
	size_t end = pos;
	while (end < w->n && w->steps[end].kind == STEP_PROMPT &&
	       w->steps[end].part == w->steps[pos].part)
		end++;
	const json_t *part = w->steps[pos].part;
	if (part)
		printf("\n%s%s%s\n%s\n", cli_bold(cli), cli_str(part, "title"), cli_reset(cli),
		       cli_str(part, "intro"));
	printf("%s\n", assess_words("prompts_offer", "Answer these now (y) or skip them (Enter)?"));
	char *yes = ask_yes_no("[y/N] ");
	int go = yes && (yes[0] == 'y' || yes[0] == 'Y');
	if (!yes)
		*stop = 1;
	free(yes);
	if (!go)
		return end;
	printf("%s%s%s\n", cli_dim(cli), assess_words("prompt_hint", ""), cli_reset(cli));
	for (size_t i = pos; i < end; i++) {
		printf("\n%s%s%s\n", cli_bold(cli), cli_str(w->steps[i].el, "text"),
		       cli_reset(cli));
		char *a = cli_ask("> ");
		if (!a) {
			*stop = 1;
			return i;
		}
		char *clean = hv_text_clean(a);
		free(a);
		if (clean && *clean) {
			json_decref(cli_crisis_field(cli, HV_ASSESSMENT_KIND, "reflections", clean,
			                             strlen(clean)));
			json_t *refl = json_object_get(r->body, "reflections");
			if (!refl) {
				refl = json_object();
				json_object_set_new(r->body, "reflections", refl);
			}
			json_object_set_new(refl, cli_str(w->steps[i].el, "id"),
			                    json_string(clean));
			if (save_progress(cli, st, inst, r, i + 1, NULL) < 0) {
				free(clean);
				*stop = 1;
				return i;
			}
		}
		free(clean);
	}
	return end;
}

/* Next step at or after pos; with only_missing, items without an answer. */
static size_t next_step(const struct walk *w, const json_t *answers, size_t pos, int only_missing)
{
	while (pos < w->n && only_missing &&
	       (w->steps[pos].kind != STEP_ITEM ||
	        json_object_get(answers, cli_str(w->steps[pos].el, "id"))))
		pos++;
	return pos;
}

/* The item number (1-based) of step pos among items. */
static size_t item_number(const struct walk *w, size_t pos)
{
	size_t k = 0;
	for (size_t i = 0; i <= pos && i < w->n; i++)
		k += w->steps[i].kind == STEP_ITEM;
	return k;
}

/*
 * Walk the steps from the saved position.  Returns 1 when complete, 0 when
 * stopped unfinished (saved), -1 on an error already reported.
 */
int term_quiz_walk(struct hv_cli *cli, struct hv_store *st, const json_t *inst, struct hv_record *r)
{
	struct walk w;
	plan_walk(&w, inst);
	const json_t *scale = json_object_get(inst, "scale");
	int min = (int)json_integer_value(json_object_get(scale, "min"));
	int max = (int)json_integer_value(json_object_get(scale, "max"));
	int keys = min >= 0 && max <= 9;
	size_t pos = (size_t)json_integer_value(json_object_get(r->body, "position"));
	int only_missing = 0, complete = 0, stop = 0, rc = 0;
	printf("%s%s%s\n", cli_dim(cli),
	       keys ? assess_words("keys", "") : assess_words("keys_line", ""), cli_reset(cli));
	for (;;) {
		pos = next_step(&w, json_object_get(r->body, "answers"), pos, only_missing);
		if (pos >= w.n) {
			struct hv_error ignore;
			if (hv_answers_check(inst, json_object_get(r->body, "answers"), 1,
			                     &ignore) == 0)
				break;
			/* Skipped items remain: offer them once more. */
			printf("\n%s\n", ignore.msg);
			char *yes = ask_yes_no("Answer them now? [y/N] ");
			int go = yes && (yes[0] == 'y' || yes[0] == 'Y');
			free(yes);
			if (!go || only_missing) {
				stop = 1;
				break;
			}
			only_missing = 1;
			pos = 0;
			continue;
		}
		const struct step *s = &w.steps[pos];
		if (s->kind == STEP_PROMPT) {
			pos = ask_prompts(cli, st, inst, r, &w, pos, &stop);
			if (stop)
				break;
			continue;
		}
		const json_t *answers = json_object_get(r->body, "answers");
		print_item(cli, inst, s, item_number(&w, pos), w.items, answers);
		int value = 0, c = read_answer(min, max, &value);
		if (c == 'n' && min >= 0 && max <= 9)
			echo_answer(cli, inst, value); /* a line typed shows already */
		if (c == 'n') {
			json_object_set_new(json_object_get(r->body, "answers"),
			                    cli_str(s->el, "id"), json_integer(value));
			if (save_progress(cli, st, inst, r, pos + 1, &complete) < 0) {
				rc = -1;
				break;
			}
			pos++;
		} else if (c == 'b' || c == 'B') {
			while (pos > 0 && w.steps[pos - 1].kind != STEP_ITEM)
				pos--; /* back goes to the previous question, not over prompts */
			if (pos > 0)
				pos--;
		} else if (c == 's' || c == 'S') {
			pos++;
		} else if (c == 'q' || c == 'Q' || c == EOF) {
			stop = 1;
			break;
		} else {
			printf("%sA number from %d to %d, or b, s, q.%s\n", cli_dim(cli), min, max,
			       cli_reset(cli));
		}
	}
	if (rc == 0 && save_progress(cli, st, inst, r, pos < w.n ? pos : 0, &complete) < 0)
		rc = -1;
	free(w.steps);
	if (rc < 0)
		return -1;
	if (stop && !complete) {
		printf("\n%s\n", assess_words("saved_unfinished", ""));
		return 0;
	}
	return complete;
}

/* Let the person choose the relationship on a terminal. */
const char *term_quiz_target(struct hv_cli *cli, const json_t *inst)
{
	const json_t *targets = json_object_get(inst, "targets");
	printf("%sThis one is answered once per relationship. Which one now?%s\n", cli_bold(cli),
	       cli_reset(cli));
	size_t i;
	json_t *t;
	json_array_foreach(targets, i, t)
	    printf("  %s%zu%s %s\n", cli_accent(cli), i + 1, cli_reset(cli), json_string_value(t));
	for (;;) {
		char *a = cli_ask("number> ");
		if (!a)
			return NULL;
		long k = strtol(a, NULL, 10);
		free(a);
		if (k >= 1 && (size_t)k <= json_array_size(targets))
			return json_string_value(json_array_get(targets, (size_t)k - 1));
	}
}
