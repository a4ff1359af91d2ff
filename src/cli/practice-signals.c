/*
 * practice-signals.c — a practice's hold on time and on Ctrl-C: the
 * monotonic clock the walk is timed by, a sleep until an absolute moment
 * that a signal cuts short, and SIGINT and SIGTERM caught as a flag (the
 * handler does nothing else) so the walk can stop, put the terminal back
 * and save what was done (practice-run.c).
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "practice-run.h"

static volatile sig_atomic_t caught;
static struct sigaction old_int, old_term;

static void on_signal(int sig)
{
	caught = sig;
}

void practice_signals_on(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: a sleep or a read returns at once */
	caught = 0;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
}

void practice_signals_off(void)
{
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
}

int practice_caught(void)
{
	return caught;
}

int64_t practice_clock_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Sleep until an absolute monotonic time; returns early on a signal. */
void practice_sleep_until(int64_t ns)
{
	struct timespec ts = {.tv_sec = ns / 1000000000LL, .tv_nsec = ns % 1000000000LL};
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		if (caught)
			return;
}
