/*
 * test_apart.c — work done in a child process (report/apart.h): its bytes
 * come back whole, however many; its own error comes back as it gave it;
 * a child that stops on a signal, ends early or hangs is an error naming
 * what happened, never bytes; and a card drawn as PDF apart leaves cairo
 * and pango out of the calling process.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "report/apart.h"
#include "report/card.h"

/* The work the children do: ctx says how much, or how to fail. */
static unsigned char *make_bytes(void *ctx, size_t *len, struct hv_error *err)
{
	size_t n = *(const size_t *)ctx;
	unsigned char *b = malloc(n ? n : 1);
	if (!b) {
		hv_fail(err, HV_ENOMEM, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		b[i] = (unsigned char)(i * 7 + i / 251);
	*len = n;
	return b;
}

static unsigned char *make_error(void *ctx, size_t *len, struct hv_error *err)
{
	(void)ctx, (void)len;
	hv_fail(err, HV_EINVAL, "the card has no parts chosen");
	return NULL;
}

static unsigned char *make_crash(void *ctx, size_t *len, struct hv_error *err)
{
	(void)ctx, (void)len, (void)err;
	kill(getpid(), SIGKILL);
	pause();
	return NULL;
}

static unsigned char *make_nothing(void *ctx, size_t *len, struct hv_error *err)
{
	(void)ctx, (void)len, (void)err;
	_exit(0); /* ends well, answering nothing */
}

static unsigned char *make_exit(void *ctx, size_t *len, struct hv_error *err)
{
	(void)ctx, (void)len, (void)err;
	_exit(3);
}

static unsigned char *make_hang(void *ctx, size_t *len, struct hv_error *err)
{
	(void)ctx, (void)len, (void)err;
	sleep(3600); /* far past its time: it is stopped long before */
	return NULL;
}

static void test_bytes_come_back_whole(void **state)
{
	(void)state;
	/* None, a few, and more than a pipe holds at once. */
	size_t sizes[] = {0, 5, 3 * 1024 * 1024 + 17};
	for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
		struct hv_error err;
		size_t len = 99;
		unsigned char *got = hv_apart(make_bytes, &sizes[s], "the test", 30, &len, &err);
		assert_non_null(got);
		assert_int_equal(len, sizes[s]);
		size_t want_len;
		unsigned char *want = make_bytes(&sizes[s], &want_len, &err);
		if (len)
			assert_memory_equal(got, want, len);
		free(got);
		free(want);
	}
}

static void test_child_error_passed_on(void **state)
{
	(void)state;
	struct hv_error err;
	size_t len;
	assert_null(hv_apart(make_error, NULL, "the card as PDF", 30, &len, &err));
	assert_int_equal(err.code, HV_EINVAL);
	assert_string_equal(err.msg, "the card has no parts chosen");
}

static void test_child_failures_named(void **state)
{
	(void)state;
	struct {
		hv_apart_fn make;
		unsigned timeout;
		const char *says;
	} cases[] = {
	    {make_crash, 30, "stopped on signal 9"},
	    {make_nothing, 30, "ended without handing it over whole"},
	    {make_exit, 30, "ended with status 3"},
	    {make_hang, 1, "took longer than 1 second and was stopped"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct hv_error err;
		size_t len = 0;
		unsigned char *got =
		    hv_apart(cases[i].make, NULL, "the card as PDF", cases[i].timeout, &len, &err);
		assert_null(got);
		assert_int_equal(err.code, HV_EIO);
		assert_non_null(strstr(err.msg, "the card as PDF"));
		if (!strstr(err.msg, cases[i].says))
			fail_msg("case %zu said \"%s\", not \"%s\"", i, err.msg, cases[i].says);
	}
}

/* Is a library whose name holds name mapped into this process? */
static int mapped(const char *name)
{
	FILE *f = fopen("/proc/self/maps", "r");
	assert_non_null(f);
	char line[1024];
	int found = 0;
	while (!found && fgets(line, sizeof line, f))
		found = strstr(line, name) != NULL;
	fclose(f);
	return found;
}

static void test_card_pdf_leaves_cairo_out(void **state)
{
	(void)state;
	struct hv_error err;
	json_t *card = json_pack("{s:[s]}", "alarm", "a long silence after a fight");
	struct hv_doc *doc = hv_card_doc(card, &err);
	assert_non_null(doc);
	size_t len = 0;
	unsigned char *pdf = hv_doc_pdf_apart(doc, &len, &err);
	if (!pdf)
		fail_msg("%s", err.msg);
	assert_true(len > 1000);
	assert_memory_equal(pdf, "%PDF-", 5);
	assert_false(mapped("libcairo"));
	assert_false(mapped("libpango"));
	assert_false(mapped("libfontconfig"));
	free(pdf);
	hv_doc_free(doc);
	json_decref(card);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bytes_come_back_whole),
	    cmocka_unit_test(test_child_error_passed_on),
	    cmocka_unit_test(test_child_failures_named),
	    cmocka_unit_test(test_card_pdf_leaves_cairo_out),
	};
	return cmocka_run_group_tests_name("apart", tests, NULL, NULL);
}
