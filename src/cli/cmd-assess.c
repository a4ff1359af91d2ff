/*
 * cmd-assess.c — `haven assess`: take a self-assessment, see the result,
 * and see how it changes over time.
 *
 * On a terminal `take` asks one item at a time: a number key answers, b
 * goes back, s skips, q stops.  Every answer is saved at once as an
 * unfinished result, so `resume` can carry on even after the terminal was
 * closed.  Without a terminal everything comes from --answers.  Result
 * screens always say this is a reflection, never name a "type", and point
 * each flagged area to the haven practice that works on it
 * (data/assess.json).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "assess/assess.h"
#include "cli.h"
#include "core/clock.h"
#include "core/content.h"
#include "core/template.h"
#include "core/text.h"

extern const struct hv_cmd cmd_assess;

#define WORDS "assess.json"

static const char *words(const char *path, const char *fallback)
{
	return hv_content_text(WORDS, path, fallback);
}

static const char *str(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	return s ? s : "";
}

/* ---- options ---------------------------------------------------------------- */

struct opts {
	const char *target, *answers;
	int64_t at;
	json_t *reflections; /* --reflect ID=TEXT */
	json_t *crisis;      /* the crisis notice, when the reflections hold crisis language */
};

static int parse_only(int argc, char **argv, struct opts *o);

/* Parse the options every subcommand shares; positional arguments are left
 * in argv[optind..].  0, or an exit status already reported.  The words
 * (reflections) pass the crisis net first, before anything is parsed,
 * checked or saved: help never waits for a well-formed command. */
static int parse_opts(struct hv_cli *cli, int argc, char **argv, struct opts *o)
{
	o->crisis = cli_crisis_argv(cli, HV_ASSESSMENT_KIND, argc - 1, argv + 1);
	return parse_only(argc, argv, o);
}

static void opts_free(struct opts *o)
{
	json_decref(o->reflections);
	json_decref(o->crisis);
}

static int parse_only(int argc, char **argv, struct opts *o)
{
	static const struct option longs[] = {
	    {"target", required_argument, NULL, 't'},
	    {"answers", required_argument, NULL, 'a'},
	    {"at", required_argument, NULL, 'w'},
	    {"reflect", required_argument, NULL, 'r'},
	    {NULL, 0, NULL, 0},
	};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:a:", longs, NULL)) != -1) {
		switch (c) {
		case 't': o->target = optarg; break;
		case 'a': o->answers = optarg; break;
		case 'w':
			if (cli_parse_when(&cmd_assess, "--at", optarg, &o->at) < 0)
				return HV_EXIT_USAGE;
			if (o->at > hv_now_ms() + 60000)
				return cli_usage(&cmd_assess,
				                 "--at is in the future; give when it was taken");
			break;
		case 'r': {
			const char *eq = strchr(optarg, '=');
			if (!eq || eq == optarg)
				return cli_usage(&cmd_assess,
				                 "--reflect needs PROMPT=TEXT, e.g. b1=\"...\"");
			if (!o->reflections)
				o->reflections = json_object();
			char id[64];
			snprintf(id, sizeof id, "%.*s", (int)(eq - optarg < 63 ? eq - optarg : 63),
			         optarg);
			json_object_set_new(o->reflections, id, hv_json_text(eq + 1));
			break;
		}
		case ':': return cli_usage(&cmd_assess, "%s needs a value", argv[optind - 1]);
		default: return cli_usage(&cmd_assess, "unknown option %s", cli_bad_option(argv));
		}
	}
	return 0;
}

/* ---- result screens ----------------------------------------------------- */

static void print_scores(struct hv_cli *cli, const json_t *scored)
{
	size_t i;
	json_t *s;
	const char *last_dir = NULL;
	json_array_foreach(json_object_get(scored, "subscales"), i, s)
	{
		/* A heading whenever the direction changes, so it is never silent. */
		const char *dir = str(s, "higher_means");
		if (!last_dir || strcmp(last_dir, dir) != 0)
			printf("\n%s(higher means %s)%s\n", cli_dim(cli), dir, cli_reset(cli));
		last_dir = dir;
		const json_t *band = json_object_get(s, "band");
		int pad = 32 - hv_text_width(str(s, "title"));
		printf("  %s%s%s%*s %5.2f  %s%s%s\n", cli_bold(cli), str(s, "title"),
		       cli_reset(cli), pad > 0 ? pad : 1, "",
		       json_real_value(json_object_get(s, "score")),
		       json_is_true(json_object_get(s, "flagged")) ? cli_accent(cli) : "",
		       json_is_object(band) ? str(band, "name") : "", cli_reset(cli));
		if (json_is_object(band) && *str(band, "text"))
			printf("      %s%s%s\n", cli_dim(cli), str(band, "text"), cli_reset(cli));
	}
}

static void print_practices(struct hv_cli *cli, const json_t *flagged)
{
	printf("\n%s%s%s\n", cli_bold(cli), words("flagged_heading", "Where practice may help"),
	       cli_reset(cli));
	if (json_array_size(flagged) == 0)
		printf("  %s\n", words("none_flagged", ""));
	size_t i, j;
	json_t *f, *p;
	json_array_foreach(flagged, i, f)
	{
		printf("  %s\n", str(f, "title"));
		json_array_foreach(json_object_get(f, "practices"), j, p)
		{
			printf("    %s%-14s%s %s\n", cli_accent(cli), str(p, "command"),
			       cli_reset(cli), str(p, "why"));
		}
	}
}

static void print_note(struct hv_cli *cli)
{
	printf("%s%s%s\n%s%s%s\n", cli_bold(cli),
	       words("note", "This is a reflection, not a diagnosis."), cli_reset(cli),
	       cli_dim(cli), words("no_labels", ""), cli_reset(cli));
}

/* The full screen after a result: scores, what they are not, what helps. */
static int show_result(struct hv_cli *cli, const json_t *inst, const struct hv_record *r,
                       json_t *result, json_t *crisis)
{
	if (cli->json) {
		cli_add_crisis(result, json_incref(crisis));
		return cli_print_json(result);
	}
	const char *target = json_string_value(json_object_get(result, "target"));
	char when[48];
	cli_format_when(r->created_ms, r->created_off, hv_now_ms(), when, sizeof when);
	printf("\n%s%s%s%s%s, %s\n", cli_bold(cli), str(inst, "title"), cli_reset(cli),
	       target ? " — " : "", target ? target : "", when);
	print_note(cli);
	print_scores(cli, result);
	print_practices(cli, json_object_get(result, "practices"));
	json_decref(result);
	size_t i;
	json_t *line;
	printf("\n");
	json_array_foreach(json_object_get(hv_content_json(WORDS, NULL), "after"), i, line)
	{
		printf("%s\n", json_string_value(line));
	}
	printf("%s(result %.8s)%s\n", cli_dim(cli), r->id, cli_reset(cli));
	return HV_EXIT_OK;
}

/* The result screen; crisis (borrowed, may be NULL) is the notice for the
 * reflections just written, carried into --json. */
static int show_record(struct hv_cli *cli, struct hv_store *st, const struct hv_record *r,
                       json_t *crisis)
{
	struct hv_error err;
	json_t *inst = hv_instrument_find(st, str(r->body, "instrument"), &err);
	if (!inst)
		return cli_error(cli, &err);
	json_t *result = hv_assess_result_json(inst, r, &err);
	int rc = result ? show_result(cli, inst, r, result, crisis) : cli_error(cli, &err);
	json_decref(inst);
	return rc;
}

/* ---- taking it on a terminal ----------------------------------------------- */

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
	return p && strcmp(p, str(part, "id")) == 0;
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

static void print_item(struct hv_cli *cli, const json_t *inst, const struct step *s, size_t number,
                       size_t items, const json_t *answers)
{
	const json_t *scale = json_object_get(inst, "scale");
	int min = (int)json_integer_value(json_object_get(scale, "min"));
	printf("\n%s%zu of %zu%s%s%s\n", cli_dim(cli), number, items, s->part ? "  ·  " : "",
	       s->part ? str(s->part, "title") : "", cli_reset(cli));
	printf("%s%s%s\n", cli_bold(cli), str(s->el, "text"), cli_reset(cli));
	size_t i;
	json_t *label;
	json_array_foreach(json_object_get(scale, "labels"), i, label)
	{
		printf("  %s%d%s %s", cli_accent(cli), min + (int)i, cli_reset(cli),
		       json_string_value(label));
	}
	const json_t *prev = json_object_get(answers, str(s->el, "id"));
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
		printf("\n%s%s%s\n%s\n", cli_bold(cli), str(part, "title"), cli_reset(cli),
		       str(part, "intro"));
	printf("%s\n", words("prompts_offer", "Answer these now (y) or skip them (Enter)?"));
	char *yes = cli_ask("[y/N] ");
	int go = yes && (yes[0] == 'y' || yes[0] == 'Y');
	if (!yes)
		*stop = 1;
	free(yes);
	if (!go)
		return end;
	printf("%s%s%s\n", cli_dim(cli), words("prompt_hint", ""), cli_reset(cli));
	for (size_t i = pos; i < end; i++) {
		printf("\n%s%s%s\n", cli_bold(cli), str(w->steps[i].el, "text"), cli_reset(cli));
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
			json_object_set_new(refl, str(w->steps[i].el, "id"), json_string(clean));
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
	        json_object_get(answers, str(w->steps[pos].el, "id"))))
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
static int walk_steps(struct hv_cli *cli, struct hv_store *st, const json_t *inst,
                      struct hv_record *r)
{
	struct walk w;
	plan_walk(&w, inst);
	const json_t *scale = json_object_get(inst, "scale");
	int min = (int)json_integer_value(json_object_get(scale, "min"));
	int max = (int)json_integer_value(json_object_get(scale, "max"));
	int keys = min >= 0 && max <= 9;
	size_t pos = (size_t)json_integer_value(json_object_get(r->body, "position"));
	int only_missing = 0, complete = 0, stop = 0, rc = 0;
	printf("%s%s%s\n", cli_dim(cli), keys ? words("keys", "") : words("keys_line", ""),
	       cli_reset(cli));
	for (;;) {
		pos = next_step(&w, json_object_get(r->body, "answers"), pos, only_missing);
		if (pos >= w.n) {
			struct hv_error ignore;
			if (hv_answers_check(inst, json_object_get(r->body, "answers"), 1,
			                     &ignore) == 0)
				break;
			/* Skipped items remain: offer them once more. */
			printf("\n%s\n", ignore.msg);
			char *yes = cli_ask("Answer them now? [y/N] ");
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
		if (c == 'n') {
			json_object_set_new(json_object_get(r->body, "answers"), str(s->el, "id"),
			                    json_integer(value));
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
		printf("\n%s\n", words("saved_unfinished", ""));
		return 0;
	}
	return complete;
}

/* Let the person choose the relationship on a terminal. */
static const char *ask_target(struct hv_cli *cli, const json_t *inst)
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

static int finish_interactive(struct hv_cli *cli, struct hv_store *st, const json_t *inst,
                              struct hv_record *r)
{
	int done = walk_steps(cli, st, inst, r);
	int rc = done < 0 ? HV_EXIT_FAIL : HV_EXIT_OK;
	if (done == 1)
		rc = show_record(cli, st, r, NULL);
	return rc;
}

/* ---- subcommands ------------------------------------------------------------ */

static int take(struct hv_cli *cli, int argc, char **argv)
{
	struct opts o = {0};
	int rc = parse_opts(cli, argc, argv, &o);
	if (rc)
		goto out;
	if (optind >= argc) {
		rc = cli_usage(&cmd_assess, "which instrument? e.g. haven assess take guide");
		goto out;
	}
	if (optind + 1 < argc) {
		rc = cli_usage(&cmd_assess, "unexpected \"%s\"", argv[optind + 1]);
		goto out;
	}
	if (!o.answers && !cli->interactive) {
		rc = cli_usage(&cmd_assess, "not on a terminal, so nothing can be asked: give the "
		                            "answers with --answers 1=4,2=3,...");
		goto out;
	}
	struct hv_store *st = cli_store(cli);
	if (!st) {
		rc = HV_EXIT_FAIL;
		goto out;
	}
	struct hv_error err;
	struct hv_record r;
	json_t *inst = hv_instrument_find(st, argv[optind], &err);
	if (!inst) {
		rc = cli_error(cli, &err);
		goto out;
	}
	if (o.answers) {
		/* the reflections, cleaned by the rule the web app's follow too */
		json_t *answers = hv_answers_parse(inst, o.answers, &err), *refl = json_object();
		if (!answers || hv_target_check(inst, o.target, &err) < 0 ||
		    (o.reflections &&
		     hv_assess_merge_reflections(inst, refl, o.reflections, &err) < 0) ||
		    hv_assess_save(st, inst, o.target, answers,
		                   json_object_get(refl, "reflections"), o.at, &r, &err) < 0) {
			rc = cli_error(cli, &err);
		} else {
			rc = show_record(cli, st, &r, o.crisis);
			hv_record_release(&r);
		}
		json_decref(refl);
		json_decref(answers);
	} else {
		const char *target = o.target;
		if (json_object_get(inst, "targets") && !target)
			target = ask_target(cli, inst);
		if (hv_assess_begin(st, inst, target, &r, &err) < 0) {
			rc = cli_error(cli, &err);
		} else {
			printf("\n%s%s%s\n%s\n%s%s%s\n", cli_bold(cli), str(inst, "title"),
			       cli_reset(cli), str(inst, "intro"), cli_dim(cli),
			       words("before", ""), cli_reset(cli));
			rc = finish_interactive(cli, st, inst, &r);
			hv_record_release(&r);
		}
	}
	json_decref(inst);
out:
	opts_free(&o);
	return rc;
}

static int resume(struct hv_cli *cli, int argc, char **argv)
{
	struct opts o = {0};
	int rc = parse_opts(cli, argc, argv, &o);
	if (rc || (o.target && (rc = cli_usage(&cmd_assess, "resume keeps the result's own "
	                                                    "target; leave out --target"))))
		goto out;
	if (optind + 1 < argc) {
		rc = cli_usage(&cmd_assess, "unexpected \"%s\"", argv[optind + 1]);
		goto out;
	}
	if (!o.answers && !cli->interactive) {
		rc = cli_usage(&cmd_assess, "not on a terminal, so nothing can be asked: give the "
		                            "remaining answers with --answers");
		goto out;
	}
	struct hv_store *st = cli_store(cli);
	if (!st) {
		rc = HV_EXIT_FAIL;
		goto out;
	}
	struct hv_error err;
	struct hv_record r;
	if (hv_assess_find_unfinished(st, optind < argc ? argv[optind] : NULL, &r, &err) < 0) {
		rc = cli_error(cli, &err);
		goto out;
	}
	json_t *inst = hv_instrument_find(st, str(r.body, "instrument"), &err);
	if (!inst) {
		rc = cli_error(cli, &err);
		hv_record_release(&r);
		goto out;
	}
	if (o.answers) {
		json_t *more = hv_answers_parse(inst, o.answers, &err);
		json_t *changes = more ? json_pack("{s:O}", "answers", more) : NULL;
		if (changes && o.reflections)
			json_object_set(changes, "reflections", o.reflections);
		/* Complete or nothing: a short list changes nothing. */
		rc = !changes || hv_assess_apply(st, inst, &r, changes, 1, NULL, &err) < 0
		         ? cli_error(cli, &err)
		         : show_record(cli, st, &r, o.crisis);
		json_decref(changes);
		json_decref(more);
	} else {
		printf("\n%s%s%s — continuing where you stopped.\n", cli_bold(cli),
		       str(inst, "title"), cli_reset(cli));
		rc = finish_interactive(cli, st, inst, &r);
	}
	hv_record_release(&r);
	json_decref(inst);
out:
	opts_free(&o);
	return rc;
}

static int score(struct hv_cli *cli, int argc, char **argv)
{
	struct opts o = {0};
	int rc = parse_opts(cli, argc, argv, &o);
	if (rc)
		goto out;
	if (optind >= argc || !o.answers) {
		rc = cli_usage(&cmd_assess, "give an instrument file and --answers 1=4,2=3,...");
		goto out;
	}
	if (optind + 1 < argc) {
		rc = cli_usage(&cmd_assess, "unexpected \"%s\"", argv[optind + 1]);
		goto out;
	}
	struct hv_error err;
	json_t *inst = hv_instrument_load_file(argv[optind], &err);
	json_t *answers = inst ? hv_answers_parse(inst, o.answers, &err) : NULL;
	json_t *scored = answers && hv_target_check(inst, o.target, &err) == 0
	                     ? hv_assess_score(inst, answers, &err)
	                     : NULL;
	if (!scored) {
		rc = cli_error(cli, &err);
	} else if (cli->json) {
		if (o.target)
			json_object_set_new(scored, "target", json_string(o.target));
		rc = cli_print_json(json_incref(scored));
	} else {
		printf("%s%s%s%s%s\n", cli_bold(cli), str(inst, "title"), cli_reset(cli),
		       o.target ? " — " : "", o.target ? o.target : "");
		print_note(cli);
		print_scores(cli, scored);
		rc = HV_EXIT_OK;
	}
	json_decref(scored);
	json_decref(answers);
	json_decref(inst);
out:
	opts_free(&o);
	return rc;
}

static void print_history(struct hv_cli *cli, const json_t *h)
{
	printf("%s%s%s — %lld result%s\n", cli_bold(cli), str(h, "title"), cli_reset(cli),
	       (long long)json_integer_value(json_object_get(h, "results")),
	       json_integer_value(json_object_get(h, "results")) == 1 ? "" : "s");
	printf("%s%s%s\n", cli_dim(cli), words("history_note", ""), cli_reset(cli));
	print_note(cli);
	size_t i, j;
	json_t *s, *p;
	int64_t now = hv_now_ms();
	json_array_foreach(json_object_get(h, "series"), i, s)
	{
		const char *target = json_string_value(json_object_get(s, "target"));
		printf("\n%s%s%s%s%s  %s(higher means %s)%s\n", cli_bold(cli), str(s, "title"),
		       target ? " — " : "", target ? target : "", cli_reset(cli), cli_dim(cli),
		       str(s, "higher_means"), cli_reset(cli));
		json_array_foreach(json_object_get(s, "points"), j, p)
		{
			int64_t ms;
			int off;
			char when[48];
			hv_parse_rfc3339(str(p, "taken"), &ms, &off);
			cli_format_when(ms, off, now, when, sizeof when);
			const json_t *prev = json_object_get(p, "change_since_previous");
			printf("  %-20s %5.2f  %-22s", when,
			       json_real_value(json_object_get(p, "score")), str(p, "band"));
			if (json_is_number(prev))
				printf(" %+.2f since the previous", json_number_value(prev));
			printf("\n");
		}
		const json_t *first = json_object_get(s, "change_since_first");
		if (json_is_number(first))
			printf("  %schange since the first: %+.2f%s\n", cli_dim(cli),
			       json_number_value(first), cli_reset(cli));
	}
}

static int history(struct hv_cli *cli, int argc, char **argv)
{
	struct opts o = {0};
	int rc = parse_opts(cli, argc, argv, &o);
	if (rc || ((o.answers || o.target || o.at || o.reflections) &&
	           (rc = cli_usage(&cmd_assess, "history takes only an instrument id"))))
		goto out;
	if (optind + 1 != argc) {
		rc = cli_usage(&cmd_assess,
		               "give one instrument id, e.g. haven assess history guide");
		goto out;
	}
	struct hv_store *st = cli_store(cli);
	if (!st) {
		rc = HV_EXIT_FAIL;
		goto out;
	}
	struct hv_error err;
	json_t *inst = hv_instrument_find(st, argv[optind], &err);
	json_t *h = inst ? hv_assess_history(st, inst, &err) : NULL;
	if (!h) {
		rc = cli_error(cli, &err);
	} else if (cli->json) {
		rc = cli_print_json(json_incref(h));
	} else if (json_integer_value(json_object_get(h, "results")) == 0) {
		/* the words are data, so never a format string */
		const char *kv[] = {"instrument", argv[optind], NULL};
		char *line =
		    hv_template_fill(words("history_empty", "No finished results yet."), kv);
		printf("%s\n", line ? line : "");
		free(line);
		rc = HV_EXIT_OK;
	} else {
		print_history(cli, h);
		rc = HV_EXIT_OK;
	}
	json_decref(h);
	json_decref(inst);
out:
	opts_free(&o);
	return rc;
}

static int add(struct hv_cli *cli, int argc, char **argv)
{
	struct opts o = {0};
	int rc = parse_opts(cli, argc, argv, &o);
	if (rc || ((o.answers || o.target || o.at || o.reflections) &&
	           (rc = cli_usage(&cmd_assess, "add takes only a file"))))
		goto out;
	if (optind + 1 != argc) {
		rc = cli_usage(&cmd_assess,
		               "give one instrument file, e.g. haven assess add ecr-r.json");
		goto out;
	}
	struct hv_error err;
	json_t *inst = hv_instrument_load_file(argv[optind], &err);
	if (!inst) {
		rc = cli_error(cli, &err);
		goto out;
	}
	struct hv_store *st = cli_store(cli);
	struct hv_record r;
	if (!st) {
		rc = HV_EXIT_FAIL;
	} else if (hv_instrument_install(st, inst, &r, &err) < 0) {
		rc = cli_error(cli, &err);
	} else {
		if (cli->json)
			rc = cli_print_json(json_pack(
			    "{s:s,s:O,s:O,s:I}", "record", r.id, "id", json_object_get(inst, "id"),
			    "version", json_object_get(inst, "version"), "items",
			    (json_int_t)json_array_size(json_object_get(inst, "items"))));
		else
			printf("Added %s (%zu items). Take it with: haven assess take %s\n",
			       str(inst, "id"), json_array_size(json_object_get(inst, "items")),
			       str(inst, "id"));
		hv_record_release(&r);
	}
	json_decref(inst);
out:
	opts_free(&o);
	return rc;
}

static int show(struct hv_cli *cli, int argc, char **argv)
{
	if (argc != 2 || argv[1][0] == '-')
		return cli_usage(&cmd_assess, "give one result id, e.g. haven assess show 3f2a");
	struct hv_store *st = cli_store(cli);
	if (!st)
		return HV_EXIT_FAIL;
	struct hv_error err;
	struct hv_record r;
	if (hv_store_get(st, argv[1], HV_ASSESSMENT_KIND, &r, &err) < 0)
		return cli_error(cli, &err);
	int rc;
	if (!json_is_true(json_object_get(r.body, "complete"))) {
		hv_fail(&err, HV_EINVAL,
		        "result %.8s is not finished yet: 'haven assess resume %.8s'", r.id, r.id);
		rc = cli_error(cli, &err);
	} else {
		rc = show_record(cli, st, &r, NULL);
	}
	hv_record_release(&r);
	return rc;
}

static int list(struct hv_cli *cli, int argc, char **argv)
{
	if (argc > 1)
		return cli_usage(&cmd_assess, "unexpected \"%s\"", argv[1]);
	struct hv_store *st = cli_store(cli);
	if (!st)
		return HV_EXIT_FAIL;
	struct hv_error err;
	json_t *all = hv_assess_overview(st, &err);
	if (!all)
		return cli_error(cli, &err);
	if (cli->json)
		return cli_print_json(all);
	const json_t *insts = json_object_get(all, "instruments");
	const json_t *rows = json_object_get(all, "results");
	size_t i;
	printf("%sInstruments%s\n", cli_bold(cli), cli_reset(cli));
	json_t *el;
	json_array_foreach(insts, i, el)
	{
		printf("  %s%-14s%s %s %s(%lld items%s)%s\n", cli_accent(cli), str(el, "id"),
		       cli_reset(cli), str(el, "title"), cli_dim(cli),
		       (long long)json_integer_value(json_object_get(el, "items")),
		       json_is_array(json_object_get(el, "targets")) ? ", once per relationship"
		                                                     : "",
		       cli_reset(cli));
	}
	printf("\n%sYour results%s\n", cli_bold(cli), cli_reset(cli));
	if (json_array_size(rows) == 0)
		printf("  None yet. Begin with: haven assess take guide\n");
	int64_t now = hv_now_ms();
	json_array_foreach(rows, i, el)
	{
		int64_t ms;
		int off;
		char when[48];
		hv_parse_rfc3339(str(el, "taken"), &ms, &off);
		cli_format_when(ms, off, now, when, sizeof when);
		int done = json_is_true(json_object_get(el, "complete"));
		printf("  %s%.8s%s  %-18s %s%s%s%s\n", cli_accent(cli), str(el, "id"),
		       cli_reset(cli), when, str(el, "instrument"), *str(el, "target") ? " — " : "",
		       str(el, "target"), done ? "" : "  (unfinished: haven assess resume)");
	}
	printf("\n%s%s%s\n", cli_dim(cli), words("note", ""), cli_reset(cli));
	json_decref(all);
	return HV_EXIT_OK;
}

static int run(struct hv_cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return list(cli, argc, argv);
	const char *sub = argv[1];
	if (strcmp(sub, "list") == 0)
		return list(cli, argc - 1, argv + 1);
	if (strcmp(sub, "take") == 0)
		return take(cli, argc - 1, argv + 1);
	if (strcmp(sub, "resume") == 0)
		return resume(cli, argc - 1, argv + 1);
	if (strcmp(sub, "score") == 0)
		return score(cli, argc - 1, argv + 1);
	if (strcmp(sub, "history") == 0)
		return history(cli, argc - 1, argv + 1);
	if (strcmp(sub, "add") == 0)
		return add(cli, argc - 1, argv + 1);
	if (strcmp(sub, "show") == 0)
		return show(cli, argc - 1, argv + 1);
	return cli_usage(&cmd_assess, "unknown assess command \"%s\"", sub);
}

const struct hv_cmd cmd_assess = {
    .name = "assess",
    .usage = "assess [list|take|resume|score|history|add|show] ...",
    .summary = "reflect on your relationship patterns, and see them change",
    .help = "  haven assess                   instruments and your results\n"
            "  haven assess take ID           answer one item at a time on a terminal:\n"
            "                                 number keys answer, b back, s skip, q stop\n"
            "      --answers 1=4,2=3,...      answer without asking (every item, by id)\n"
            "      --target NAME              which relationship, for instruments taken once\n"
            "                                 per relationship (mother, partner, ...)\n"
            "      --reflect ID=TEXT          an answer to an open question, repeatable\n"
            "      --at WHEN                  when it was taken (default now)\n"
            "  haven assess resume [RESULT]   continue the newest unfinished one (--answers\n"
            "                                 gives the rest without a terminal)\n"
            "  haven assess show RESULT       a finished result again\n"
            "  haven assess score FILE --answers ... [--target NAME]\n"
            "                                 score an instrument file; nothing is saved\n"
            "  haven assess history ID        each area over time, with the change since the\n"
            "                                 first and the previous result\n"
            "  haven assess add FILE          install an instrument (see docs/instruments.md)\n\n"
            "--json prints JSON. Results are reflections, not diagnoses.",
    .run = run,
};
