/*
 * alongside.c — a reading on a second thread (see alongside.h).
 */
#include "alongside.h"

static void *read_it(void *p)
{
	struct cli_alongside *a = p;
	a->result = a->fn(a->text, a->len, &a->err);
	return NULL;
}

void cli_alongside_start(struct cli_alongside *a, cli_reading_fn fn, const char *text, size_t len)
{
	*a = (struct cli_alongside){.fn = fn, .text = text, .len = len};
	hv_error_clear(&a->err);
	a->started = pthread_create(&a->thread, NULL, read_it, a) == 0;
}

json_t *cli_alongside_finish(struct cli_alongside *a, struct hv_error *err)
{
	if (a->started)
		pthread_join(a->thread, NULL);
	else
		read_it(a);
	*err = a->err;
	return a->result;
}
