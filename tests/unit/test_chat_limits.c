/*
 * test_chat_limits.c — a chat import reads a bounded amount whatever it is
 * given (issue 13, item 8): an endless input stops at the byte limit, an
 * export of too many messages at the message limit (also when read in two
 * parts at once, each under it alone), each refusal names its limit, and
 * nothing at all is imported.  The zip's expansion limit is shown with a
 * real zip bomb in tests/e2e/t-chat.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chat/chat.h"
#include "core/store.h"

/* An input that never ends: chat lines, one after another, for ever. */
static ssize_t endless_read(void *ctx, void *buf, size_t n, struct hv_error *err)
{
	(void)err;
	int64_t *at = ctx;
	static const char line[] = "12/01/2024, 10:00 - Ana: on my way\n";
	for (size_t i = 0; i < n; i++, (*at)++)
		((char *)buf)[i] = line[*at % (int64_t)(sizeof line - 1)];
	return (ssize_t)n;
}

/* Nothing of a refused import is left: no chat record, no chat days. */
static void nothing_imported(struct hv_store *st)
{
	int64_t n = -1;
	struct hv_error err;
	assert_int_equal(hv_store_count(st, HV_CHAT_KIND, &n, &err), 0);
	assert_int_equal(n, 0);
}

static void test_endless_input_stops_at_the_byte_limit(void **state)
{
	(void)state;
	struct hv_store *st;
	struct hv_error err;
	assert_int_equal(hv_store_open(&st, ":memory:", &err), 0);
	int64_t at = 0;
	struct hv_chat_input in = {
	    .read = endless_read, .ctx = &at, .name = "endless", .size = -1, .max_bytes = 1 << 20};
	struct hv_chat_import_opts o = {.me = "Ana"};
	json_t *j = hv_chat_import(st, &in, &o, &err);
	assert_null(j);
	assert_non_null(strstr(err.msg, "limit on a chat input"));
	assert_non_null(strstr(err.msg, "1 MiB"));
	/* It stopped at the limit, not long after it. */
	assert_true(at <= (2 << 20));
	nothing_imported(st);
	hv_store_close(st);
}

/* n messages between Ana and Sam, a minute apart. */
static char *chat_of(int n, size_t *len)
{
	size_t cap = (size_t)n * 64 + 1;
	char *s = malloc(cap);
	assert_non_null(s);
	size_t at = 0;
	for (int i = 0; i < n; i++)
		at += (size_t)snprintf(s + at, cap - at, "12/01/2024, %02d:%02d - %s: message %d\n",
		                       10 + i / 60, i % 60, i % 2 ? "Sam" : "Ana", i);
	*len = at;
	return s;
}

static void test_too_many_messages(void **state)
{
	(void)state;
	struct hv_store *st;
	struct hv_error err;
	assert_int_equal(hv_store_open(&st, ":memory:", &err), 0);
	size_t len;
	char *text = chat_of(10, &len);
	FILE *f = fmemopen(text, len, "r");
	struct hv_chat_input in;
	hv_chat_input_file(&in, f, "chat.txt");
	struct hv_chat_import_opts o = {.me = "Ana", .max_messages = 6};
	json_t *j = hv_chat_import(st, &in, &o, &err);
	fclose(f);
	assert_null(j);
	assert_non_null(strstr(err.msg, "message limit"));
	assert_non_null(strstr(err.msg, "more than 6 messages"));
	nothing_imported(st);
	/* At the limit it is imported. */
	f = fmemopen(text, len, "r");
	hv_chat_input_file(&in, f, "chat.txt");
	o.max_messages = 10;
	j = hv_chat_import(st, &in, &o, &err);
	fclose(f);
	assert_non_null(j);
	json_decref(j);
	free(text);
	hv_store_close(st);
}

/* The file read in two parts at once (lanes 2) under a limit of max. */
static json_t *import_in_two(const char *text, size_t len, int64_t max, int *lanes,
                             struct hv_error *err)
{
	struct hv_store *st;
	assert_int_equal(hv_store_open(&st, ":memory:", err), 0);
	FILE *f = tmpfile();
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	rewind(f);
	struct hv_chat_input in;
	hv_chat_input_file(&in, f, "chat.txt");
	struct hv_chat_import_opts o = {.me = "Ana",
	                                .max_messages = max,
	                                .lanes = 2,
	                                .split_near = (int64_t)len / 2,
	                                .lanes_used = lanes};
	json_t *j = hv_chat_import(st, &in, &o, err);
	fclose(f);
	if (!j)
		nothing_imported(st);
	hv_store_close(st);
	return j;
}

static void test_too_many_messages_in_two_parts(void **state)
{
	(void)state;
	struct hv_error err;
	size_t len;
	char *text = chat_of(10, &len);
	int lanes = 0;
	json_t *j = import_in_two(text, len, 10, &lanes, &err);
	assert_non_null(j); /* at the limit, and truly read in two parts */
	assert_int_equal(lanes, 2);
	json_decref(j);
	/* Each half holds 5: under the limit of 8 alone, over it together. */
	assert_null(import_in_two(text, len, 8, &lanes, &err));
	assert_non_null(strstr(err.msg, "message limit"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_endless_input_stops_at_the_byte_limit),
	    cmocka_unit_test(test_too_many_messages),
	    cmocka_unit_test(test_too_many_messages_in_two_parts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
