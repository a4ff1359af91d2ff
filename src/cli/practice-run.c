/*
 * practice-run.c — the terminal side of a practice: options, the distress
 * questions, walking the schedule, and saving what happened.
 *
 * The schedule (src/practice) says when each phase starts, counted from
 * zero.  The walk sleeps with clock_nanosleep(TIMER_ABSTIME) on
 * CLOCK_MONOTONIC until each absolute start, so a late frame never delays
 * the next phase and N rounds take exactly what the schedule says.
 *
 * On a terminal it redraws four lines in place (header, phase and
 * countdown, a bar that grows with the in-breath and shrinks with the
 * out-breath, the cue), with echo off and the cursor hidden.  Anything
 * else, or --plain, gets one line per phase and no escape codes.
 *
 * Ctrl-C sets a flag (practice-signals.c); the walk notices, restores the
 * terminal exactly as it found it, and the record is saved with completed
 * false and the time it really ran.
 */
#include "practice-run.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "core/content.h"
#include "core/template.h"
#include "core/text.h"

#define DATA     "practices.json"
#define FRAME_NS 100000000LL /* ten frames a second: smooth enough, calm on the CPU */

/* --- small helpers ------------------------------------------------------- */

const char *practice_text(const char *path, const char *fallback)
{
	return hv_content_text(DATA, path, fallback);
}

int practice_print_json(json_t *j)
{
	if (!j)
		return HV_EXIT_FAIL;
	int rc =
	    json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
	fputc('\n', stdout);
	json_decref(j);
	return rc == 0 ? HV_EXIT_OK : HV_EXIT_FAIL;
}

char *practice_ask_line(const char *prompt)
{
	fputs(prompt, stdout);
	fflush(stdout);
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, stdin);
	if (n < 0 || practice_caught()) {
		clearerr(stdin);
		free(line);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return line;
}

/* "45 s", "3 min", "2 min 5 s", in data/practices.json's words. */
static void format_duration(int64_t ms, char *buf, size_t n)
{
	int64_t s = (ms + 500) / 1000;
	char secs[24], mins[24];
	snprintf(secs, sizeof secs, "%lld", (long long)(s < 60 ? s : s % 60));
	snprintf(mins, sizeof mins, "%lld", (long long)(s / 60));
	const char *kv[] = {"s", secs, "m", mins, NULL};
	char *text = hv_template_fill(practice_text(s < 60        ? "length/seconds"
	                                            : s % 60 == 0 ? "length/minutes"
	                                                          : "length/both",
	                                            ""),
	                              kv);
	snprintf(buf, n, "%s", text ? text : secs);
	free(text);
}

/* A distress rating 0–10 from the terminal; -1 when skipped. */
static int ask_distress(struct hv_cli *cli, const char *which)
{
	char path[32];
	snprintf(path, sizeof path, "distress/%s", which);
	printf("\n%s", cli_bold(cli));
	int col = cli_wrap(0, practice_text(path, ""));
	printf("%s%s", cli_reset(cli), cli_dim(cli));
	cli_wrap(col, " "), cli_wrap(col + 1, practice_text("distress/hint", ""));
	printf("%s\n", cli_reset(cli));
	for (;;) {
		char *a = cli_ask("0-10> ");
		if (!a || !*a) {
			free(a);
			return -1;
		}
		char *end;
		long v = strtol(a, &end, 10);
		int ok = end != a && *end == '\0' && v >= 0 && v <= 10;
		free(a);
		if (ok)
			return (int)v;
		printf("%s\n", practice_text("distress/again", ""));
	}
}

/* --- options ------------------------------------------------------------- */

static int parse_number(const struct hv_cmd *cmd, const char *opt, const char *text, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(text, &end);
	if (errno || end == text || *end || !isfinite(v) || v <= 0)
		return cli_usage(cmd, "%s must be a number above 0 (decimals are fine), not \"%s\"",
		                 opt, text),
		       -1;
	*out = v;
	return 0;
}

/* Every practice command's options; which of them a command takes is in
 * its spec's flags, and the others are refused by name below. */
static const struct cli_argdef practice_opts[] = {
    CLI_VALUE("--pace", 0),
    CLI_VALUE("--rounds", 0),
    CLI_VALUE("--minutes", 0),
    CLI_FLAG("--plain"),
    CLI_FLAG("--bell"),
    CLI_VALUE("--before", 0),
    CLI_VALUE("--after", 0),
    CLI_FLAG("--script"),
    CLI_VALUE("--urge-passed", 0),
    CLI_VALUE("--did", 0),
    CLI_END,
};

/* --before or --after, 0 to 10, into *out (left at -1 when not given). */
static int read_distress(const struct hv_cmd *cmd, const struct cli_args *o, const char *name,
                         int *out)
{
	long n;
	const char *v = cli_arg(o, name);
	if (v && cli_parse_int(cmd, name, v, 0, 10, &n) < 0)
		return -1;
	if (v)
		*out = (int)n;
	return 0;
}

/* The length of the practice: --pace, --rounds, --minutes. */
static int read_length(const struct practice_spec *spec, const struct cli_args *o,
                       struct practice_args *a)
{
	const struct hv_cmd *cmd = spec->cmd;
	const char *pace = cli_arg(o, "--pace"), *rounds = cli_arg(o, "--rounds"),
	           *minutes = cli_arg(o, "--minutes");
	long n;
	if (pace && parse_number(cmd, "--pace", pace, &a->opts.pace) < 0)
		return -1;
	if (rounds && !(spec->flags & PR_ROUNDS))
		return cli_usage(cmd, "--rounds is for haven breathe"), -1;
	if (rounds && cli_parse_int(cmd, "--rounds", rounds, 1, HV_ROUNDS_MAX, &n) < 0)
		return -1;
	if (rounds)
		a->opts.rounds = (int)n;
	if (minutes && !(spec->flags & PR_MINUTES))
		return cli_usage(cmd, "--minutes is for haven breathe and haven pause"), -1;
	if (minutes && parse_number(cmd, "--minutes", minutes, &a->opts.minutes) < 0)
		return -1;
	return 0;
}

/* The pause's own: --urge-passed yes|no and --did TEXT. */
static int read_pause(const struct practice_spec *spec, const struct cli_args *o,
                      struct practice_args *a)
{
	const struct hv_cmd *cmd = spec->cmd;
	const char *urge = cli_arg(o, "--urge-passed"), *did = cli_arg(o, "--did");
	if (urge && !(spec->flags & PR_PAUSE))
		return cli_usage(cmd, "--urge-passed is for haven pause"), -1;
	if (urge && strcmp(urge, "yes") != 0 && strcmp(urge, "no") != 0)
		return cli_usage(cmd, "--urge-passed takes yes or no, not \"%s\"", urge), -1;
	if (urge)
		a->urge_passed = strcmp(urge, "yes") == 0;
	if (did && !(spec->flags & PR_PAUSE))
		return cli_usage(cmd, "--did is for haven pause"), -1;
	/* Refused now, not after the whole pause has run. */
	if (did && !hv_text_valid(did, strlen(did)))
		return cli_usage(cmd, "--did is not valid UTF-8 text (another "
		                      "encoding?), so nothing was started"),
		       -1;
	a->did = did;
	return 0;
}

static int parse_args(const struct practice_spec *spec, int argc, char **argv,
                      struct practice_args *a, const char **technique, char *tbuf, size_t tn)
{
	static const struct cli_argspec opts = {.opts = practice_opts};
	const struct hv_cmd *cmd = spec->cmd;
	struct cli_args o;
	*a = (struct practice_args){.before = -1, .after = -1, .urge_passed = -1};
	if (cli_args_read(cmd, &opts, argc, argv, &o, NULL) != 0 || read_length(spec, &o, a) < 0 ||
	    read_distress(cmd, &o, "--before", &a->before) < 0 ||
	    read_distress(cmd, &o, "--after", &a->after) < 0 || read_pause(spec, &o, a) < 0)
		return -1;
	a->plain = cli_flag(&o, "--plain");
	a->bell = cli_flag(&o, "--bell");
	a->script = cli_flag(&o, "--script");
	*technique = spec->technique;
	int i = 0;
	if (i < o.argc && spec->prefix) {
		snprintf(tbuf, tn, "%s%s", spec->prefix, o.argv[i++]);
		if (!hv_practice_known(tbuf))
			return cli_usage(
			           cmd,
			           "unknown pattern \"%s\": choose 478, box, coherent or three",
			           o.argv[i - 1]),
			       -1;
		*technique = tbuf;
	}
	if (i < o.argc)
		return cli_usage(cmd, "unexpected \"%s\"", o.argv[i]), -1;
	return 0;
}

/* --- --script ------------------------------------------------------------ */

static int print_script(struct hv_cli *cli, const struct hv_schedule *s)
{
	if (cli->json)
		return practice_print_json(hv_schedule_to_json(s));
	char total[32];
	format_duration(s->total_ms, total, sizeof total);
	printf("%s%s%s, %s\n", cli_bold(cli), s->label, cli_reset(cli), total);
	for (size_t i = 0; i < s->n; i++) {
		const struct hv_phase *p = &s->phases[i];
		printf("%8.2f  %-10s %7.2f s  %s%s%s\n", (double)p->start_ms / 1000, p->name,
		       (double)p->duration_ms / 1000,
		       p->step && strcmp(p->step, p->name) ? p->step : "",
		       p->step && strcmp(p->step, p->name) ? ": " : "", p->cue);
	}
	return HV_EXIT_OK;
}

/* --- the walk ------------------------------------------------------------ */

struct screen {
	struct hv_cli *cli;
	FILE *out;
	int animated;
	int tty_saved;
	struct termios saved;
	double level; /* bar level where the last phase left it, for "hold" */
};

static void screen_open(struct screen *sc)
{
	if (!sc->animated)
		return;
	if (tcgetattr(STDIN_FILENO, &sc->saved) == 0) {
		struct termios raw = sc->saved;
		raw.c_lflag &=
		    (tcflag_t) ~(ICANON | ECHO); /* keystrokes must not smear the screen */
		if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0)
			sc->tty_saved = 1;
	}
	fputs("\033[?25l", sc->out); /* hide the cursor */
	fflush(sc->out);
}

static void screen_close(struct screen *sc)
{
	if (!sc->animated)
		return;
	fputs("\033[4B\r\033[?25h", sc->out); /* below the drawing, cursor back */
	fflush(sc->out);
	if (sc->tty_saved)
		tcsetattr(STDIN_FILENO, TCSANOW, &sc->saved);
	sc->tty_saved = 0;
}

static double phase_level(const struct hv_phase *p, double frac, double held)
{
	switch (p->bar) {
	case HV_BAR_GROW: return frac;
	case HV_BAR_SHRINK: return 1 - frac;
	case HV_BAR_HOLD: return held;
	default: return frac;
	}
}

/* One line, cleared first, cut to the terminal width so nothing wraps. */
static void draw_line(struct screen *sc, const char *pre, const char *text, const char *post,
                      int cols)
{
	size_t fit = hv_text_fit(text, cols - 3);
	fprintf(sc->out, "\r\033[2K  %s%.*s%s\n", pre, (int)fit, text, post);
}

static void draw(struct screen *sc, const struct hv_schedule *s, size_t i, int64_t left_ns,
                 int64_t total_left_ns)
{
	const struct hv_phase *p = &s->phases[i];
	struct hv_cli *cli = sc->cli;
	int cols = cli_columns(), width = cols - 8 < 40 ? cols - 8 : 40;
	char head[256], phase[160], count[32];
	double frac = p->duration_ms ? 1 - (double)left_ns / 1e6 / (double)p->duration_ms : 1;
	frac = frac < 0 ? 0 : frac > 1 ? 1 : frac;
	if (s->rounds)
		snprintf(head, sizeof head, "%s · round %d of %d", s->label, p->round, s->rounds);
	else if (p->title && p->items)
		snprintf(head, sizeof head, "%s · %s · %d of %d", s->label, p->title, p->item,
		         p->items);
	else if (p->title)
		snprintf(head, sizeof head, "%s · %s", s->label, p->title);
	else
		snprintf(head, sizeof head, "%s", s->label);
	if (s->spread) {
		int64_t sec = (total_left_ns + 999999999LL) / 1000000000LL;
		snprintf(count, sizeof count, "%lld:%02lld", (long long)(sec / 60),
		         (long long)(sec % 60));
	} else {
		int64_t cnt = (left_ns + s->count_ms * 1000000LL - 1) / (s->count_ms * 1000000LL);
		snprintf(count, sizeof count, "%lld", (long long)cnt);
	}
	snprintf(phase, sizeof phase, "%-*s%s", width - (int)strlen(count), p->name, count);
	double level = phase_level(p, frac, sc->level);
	int filled = (int)lround(level * width);
	draw_line(sc, cli_dim(cli), head, cli_reset(cli), cols);
	draw_line(sc, cli_bold(cli), phase, cli_reset(cli), cols);
	fprintf(sc->out, "\r\033[2K  %s", cli_accent(cli));
	for (int k = 0; k < width; k++) {
		if (k == filled)
			fprintf(sc->out, "%s%s", cli_reset(cli), cli_dim(cli));
		fputs(k < filled ? "█" : "░", sc->out);
	}
	fprintf(sc->out, "%s\n", cli_reset(cli));
	draw_line(sc, "", p->cue, "", cols);
	fputs("\033[4A\r", sc->out); /* back to the top, ready for the next frame */
	fflush(sc->out);
}

/* "round 2 of 6 · " before the first phase of each round. */
static void say_round(FILE *out, int round, int rounds)
{
	char r[16], n[16];
	snprintf(r, sizeof r, "%d", round);
	snprintf(n, sizeof n, "%d", rounds);
	const char *kv[] = {"round", r, "rounds", n, NULL};
	char *text = hv_template_fill(practice_text("round", ""), kv);
	fputs(text ? text : "", out);
	free(text);
}

static void plain_line(struct screen *sc, const struct hv_schedule *s, size_t i)
{
	const struct hv_phase *p = &s->phases[i];
	char counts[48] = "", where[96] = "";
	if (p->step && strcmp(p->step, p->name) != 0)
		snprintf(where, sizeof where, " %s", p->step);
	if (p->items)
		snprintf(where + strlen(where), sizeof where - strlen(where), " %d/%d", p->item,
		         p->items);
	if (!s->spread)
		snprintf(counts, sizeof counts, " (%d)", p->counts);
	if (s->rounds && (i == 0 || s->phases[i - 1].round != p->round))
		say_round(sc->out, p->round, s->rounds);
	fprintf(sc->out, "%s%s%s: %s\n", p->name, where, counts, p->cue);
	fflush(sc->out);
}

static void walk(struct screen *sc, const struct hv_schedule *s, int bell,
                 struct practice_result *res)
{
	int64_t t0 = practice_clock_ns(), total_end = t0 + s->total_ms * 1000000LL;
	size_t i;
	for (i = 0; i < s->n && !practice_caught(); i++) {
		const struct hv_phase *p = &s->phases[i];
		int64_t end = t0 + (p->start_ms + p->duration_ms) * 1000000LL;
		if (bell)
			fputc('\a', sc->out);
		if (!sc->animated)
			plain_line(sc, s, i);
		for (;;) {
			int64_t now = practice_clock_ns();
			if (now >= end || practice_caught())
				break;
			if (sc->animated) {
				draw(sc, s, i, end - now, total_end - now);
				practice_sleep_until(now + FRAME_NS < end ? now + FRAME_NS : end);
			} else {
				practice_sleep_until(end);
			}
		}
		if (!practice_caught())
			sc->level = phase_level(p, 1, sc->level);
	}
	res->elapsed_ms = (practice_clock_ns() - t0) / 1000000;
	res->completed = !practice_caught() && i == s->n;
	res->signal = practice_caught();
	/* A frame cut off by the signal is no output error; the next lines must print. */
	if (practice_caught())
		clearerr(sc->out);
}

/* --- the record ---------------------------------------------------------- */

/*
 * How long it ran, at the precision of the schedule: whole seconds at the
 * usual paces, tenths when the counts are fractions of a second.  Finer
 * would only record the scheduler's jitter.
 */
static json_t *actual_seconds(const struct hv_schedule *s, int64_t ms)
{
	int64_t unit = s->count_ms % 1000 == 0 && s->total_ms % 1000 == 0 ? 1000 : 100;
	return hv_seconds_json((ms + unit / 2) / unit * unit);
}

static json_t *make_body(const char *technique, const struct hv_schedule *s,
                         const struct practice_args *a, const struct practice_result *res)
{
	json_t *b = json_pack("{s:s,s:o,s:o,s:b}", "technique", technique, "planned_seconds",
	                      hv_seconds_json(s->total_ms), "actual_seconds",
	                      actual_seconds(s, res->elapsed_ms), "completed", res->completed);
	if (a->before >= 0)
		json_object_set_new(b, "distress_before", json_integer(a->before));
	if (a->after >= 0)
		json_object_set_new(b, "distress_after", json_integer(a->after));
	if (a->opts.pace)
		json_object_set_new(b, "pace", json_real(a->opts.pace));
	if (s->rounds)
		json_object_set_new(b, "rounds", json_integer(s->rounds));
	return b;
}

static void say_end(struct hv_cli *cli, FILE *out, const struct practice_result *res,
                    const struct hv_record *rec)
{
	if (res->completed) {
		fprintf(out, "%s%s%s", cli_bold(cli), practice_text("done", "Done."),
		        cli_reset(cli));
	} else {
		char took[32];
		format_duration(res->elapsed_ms, took, sizeof took);
		const char *kv[] = {"elapsed", took, NULL};
		char *msg =
		    hv_template_fill(practice_text("stopped", "Stopped after {elapsed}."), kv);
		fprintf(out, "%s", msg ? msg : "");
		free(msg);
	}
	fprintf(out, " %s(%.8s)%s\n", cli_dim(cli), rec->id, cli_reset(cli));
}

/* The practice itself: distress asked before, the schedule walked (or the
 * steps asked at the person's own speed), distress asked after. */
static void guide(struct hv_cli *cli, const struct practice_spec *spec, const struct hv_schedule *s,
                  struct practice_args *a, FILE *out, struct practice_result *res)
{
	if (a->before < 0 && cli->interactive)
		a->before = ask_distress(cli, "before");
	/* Asked at the person's own speed (ground on a terminal), it has no set length. */
	int asking = spec->ask && cli->interactive && !a->plain;
	char total[40] = "";
	if (!asking) {
		total[0] = ',', total[1] = ' ';
		format_duration(s->total_ms, total + 2, sizeof total - 2);
	}
	fprintf(out, "\n%s%s%s%s.\n%s%s%s\n", cli_bold(cli), s->label, cli_reset(cli), total,
	        cli_dim(cli), practice_text("start", ""), cli_reset(cli));
	if (spec->intro)
		fprintf(out, "%s\n", practice_text(spec->intro, ""));
	struct screen sc = {
	    .cli = cli, .out = out, .animated = cli->interactive && !a->plain && !cli->json};
	practice_signals_on();
	if (asking) {
		spec->ask(cli, s, res);
	} else {
		screen_open(&sc);
		walk(&sc, s, a->bell, res);
		screen_close(&sc);
	}
	practice_signals_off();
	if (res->completed && a->after < 0 && cli->interactive)
		a->after = ask_distress(cli, "after");
}

int practice_main(struct hv_cli *cli, const struct practice_spec *spec, int argc, char **argv)
{
	struct practice_args a;
	const char *technique;
	char tbuf[HV_KIND_MAX];
	struct hv_error err;
	struct hv_schedule s;
	/* Words given up front (the pause's --did) pass the crisis net before
	 * anything is parsed or runs: help first, not after ten minutes. */
	json_t *crisis = spec->flags & PR_PAUSE
	                     ? cli_crisis_argv(cli, HV_PRACTICE_KIND, argc - 1, argv + 1)
	                     : NULL;
	if (parse_args(spec, argc, argv, &a, &technique, tbuf, sizeof tbuf) < 0) {
		json_decref(crisis);
		return HV_EXIT_USAGE;
	}
	if (hv_practice_schedule(technique, &a.opts, &s, &err) < 0) {
		json_decref(crisis);
		return cli_error(cli, &err);
	}
	if (a.script) {
		int rc = print_script(cli, &s);
		hv_schedule_free(&s);
		json_decref(crisis);
		return rc;
	}
	int rc = HV_EXIT_FAIL;
	json_t *body = NULL;
	struct hv_store *st = cli_store(cli);
	if (!st)
		goto out;
	/* Guidance goes where a person reads it; with --json stdout is for the record. */
	FILE *out = cli->json ? stderr : stdout;
	struct practice_result res = {0};
	guide(cli, spec, &s, &a, out, &res);
	body = make_body(technique, &s, &a, &res);
	if (spec->after)
		spec->after(cli, &a, &res, body);
	/* Words answered at the end pass it too, before they are kept. */
	if (!crisis)
		crisis = cli_crisis_body(cli, HV_PRACTICE_KIND, body);
	struct hv_record rec;
	if (hv_practice_add(st, body, &rec, &err) < 0) {
		rc = cli_error(cli, &err);
		goto out;
	}
	if (cli->json) {
		json_t *j = hv_record_to_json(&rec);
		cli_add_crisis(j, json_incref(crisis));
		practice_print_json(j);
	}
	fputc('\n', out);
	say_end(cli, out, &res, &rec);
	hv_record_release(&rec);
	/* Stopped by a signal: say so to the shell, the conventional 128 + signal. */
	rc = res.signal ? 128 + res.signal : HV_EXIT_OK;
out:
	json_decref(crisis);
	json_decref(body);
	hv_schedule_free(&s);
	return rc;
}
