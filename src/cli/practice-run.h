/*
 * practice-run.h — what the practice commands (breathe, ground, relax,
 * scan, tipp, pause) share: their options, the distress questions, the
 * terminal runner that walks a schedule against the monotonic clock, and
 * the saving of the practice record — including when Ctrl-C cuts it short.
 */
#ifndef HAVEN_PRACTICE_RUN_H
#define HAVEN_PRACTICE_RUN_H

#include <jansson.h>
#include <stdint.h>

#include "cli.h"
#include "practice/practice.h"

/* Which of the optional options a command takes. */
enum {
	PR_ROUNDS = 1,  /* --rounds N */
	PR_MINUTES = 2, /* --minutes M */
	PR_PAUSE = 4,   /* --urge-passed yes|no, --did TEXT */
};

struct practice_args {
	struct hv_practice_opts opts;
	int plain, bell, script;
	int before, after; /* 0–10, or -1 when not given */
	int urge_passed;   /* 1 yes, 0 no, -1 not given */
	const char *did;
};

struct practice_result {
	int64_t elapsed_ms;
	int completed; /* reached the end of the schedule */
	int signal;    /* the signal that ended it early, or 0 */
};

struct practice_spec {
	const struct hv_cmd *cmd;
	const char *technique; /* the default technique */
	const char *prefix;    /* "breathe-": a word after the command names it */
	unsigned flags;
	const char *intro; /* a data/practices.json path shown before it starts */
	/* On a terminal without --plain, replaces the timed walk (ground asks). */
	int (*ask)(struct hv_cli *cli, const struct hv_schedule *s, struct practice_result *res);
	/* Afterwards: more fields for the record (the pause's two questions). */
	void (*after)(struct hv_cli *cli, const struct practice_args *a,
	              const struct practice_result *res, json_t *body);
};

/* Parse the options, run the practice (or print its --script), save it. */
int practice_main(struct hv_cli *cli, const struct practice_spec *spec, int argc, char **argv);

/* The usual help text for the shared options. */
#define PRACTICE_HELP_COMMON                                                                       \
	"      --pace S         seconds per count (default 1; 0.5 is twice as fast)\n"             \
	"      --plain          one line per phase, no animation (for screen readers)\n"           \
	"      --bell           an audible cue at each change\n"                                   \
	"      --before N       distress before, 0-10 (asked on a terminal; Enter skips)\n"        \
	"      --after N        distress after, 0-10\n"                                            \
	"      --script         print the schedule and run nothing (with --json: as JSON)\n"       \
	"      --json           print the saved practice as JSON\n\n"                              \
	"Ctrl-C stops gracefully: the terminal is restored, the part you did is saved\n"           \
	"(completed: false, with how long it ran) and haven exits with status 130.\n"

/* --- pieces for commands with their own flow ----------------------------- */

/* Catch SIGINT and SIGTERM (no restart, so waits and reads return). */
void practice_signals_on(void);
void practice_signals_off(void);
/* The signal caught since practice_signals_on, or 0. */
int practice_caught(void);

/* Monotonic time in nanoseconds. */
int64_t practice_clock_ns(void);
/* Sleep until ns of that clock; returns early once a signal is caught. */
void practice_sleep_until(int64_t ns);

/* A line from stdin after prompt; NULL at end of input or on a signal. */
char *practice_ask_line(const char *prompt);

/* A text from data/practices.json at a "/" path. */
const char *practice_text(const char *path, const char *fallback);

/* JSON to stdout, indented, reals without binary noise; steals j. */
int practice_print_json(json_t *j);

#endif
