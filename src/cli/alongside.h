/*
 * alongside.h — reading a text with the rules on a second thread while the
 * crisis net reads it on this one.
 *
 * check and coach read every text twice, once for help and once for
 * patterns, and the two readings share nothing but the embedded data
 * (which is safe to share).  On a long text each takes several
 * milliseconds; side by side, the person waits for the longer one only.
 * When no thread can be started the reading simply happens at the finish,
 * on this thread, with the same result.
 */
#ifndef HAVEN_CLI_ALONGSIDE_H
#define HAVEN_CLI_ALONGSIDE_H

#include <jansson.h>
#include <pthread.h>
#include <stddef.h>

#include "core/error.h"

typedef json_t *(*cli_reading_fn)(const char *text, size_t len, struct hv_error *err);

struct cli_alongside {
	cli_reading_fn fn;
	const char *text; /* borrowed: must outlive the finish */
	size_t len;
	json_t *result;
	struct hv_error err;
	pthread_t thread;
	int started;
};

/* Start fn(text, len) on a second thread (text must stay alive until the
 * finish). */
void cli_alongside_start(struct cli_alongside *a, cli_reading_fn fn, const char *text, size_t len);

/* Wait for the reading and take its result (NULL with err set, as fn). */
json_t *cli_alongside_finish(struct cli_alongside *a, struct hv_error *err);

#endif
