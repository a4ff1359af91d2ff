/*
 * test_chat_lanes.c — a large WhatsApp file is read in two parts at once;
 * this shows the result never depends on it.  Each export is imported in
 * one pass, then cut at every line and imported in two parts, and the
 * summaries (messages, contacts, skipped line numbers) and every stored key
 * must come out the same: a multi-line message, a day, a run of unreadable
 * dates or the evidence for the date order may all straddle the cut.  A
 * second part with more senders than it can tell apart falls back to one
 * pass, and says so.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "chat-collect.h"

#include "chat/chat.h"
#include "chat/chatlog.h"
#include "core/store.h"

struct dump {
	char *s;
	size_t len, cap;
};

static void put(struct dump *d, const char *fmt, ...)
{
	va_list ap;
	for (;;) {
		va_start(ap, fmt);
		int n = vsnprintf(d->s + d->len, d->cap - d->len, fmt, ap);
		va_end(ap);
		assert_true(n >= 0);
		if (d->len + (size_t)n < d->cap) {
			d->len += (size_t)n;
			return;
		}
		d->cap = (d->cap + (size_t)n) * 2;
		assert_non_null(d->s = realloc(d->s, d->cap));
	}
}

static int dump_day(int64_t day, int off_min, const uint64_t *keys, size_t n, void *ctx)
{
	struct dump *d = ctx;
	put(d, "%lld %d:", (long long)day, off_min);
	for (size_t i = 0; i < n; i++)
		put(d, " %llx", (unsigned long long)keys[i]);
	put(d, "\n");
	return 0;
}

/* Import path with o into a fresh store: the summary (or the error) and
 * every stored day of every contact, as text. */
static char *import_dump(const char *path, struct hv_chat_import_opts o, int *lanes_used)
{
	struct dump d = {0};
	assert_non_null(d.s = calloc(1, d.cap = 4096));
	struct hv_store *st;
	struct hv_error err;
	assert_int_equal(hv_store_open(&st, ":memory:", &err), 0);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	struct hv_chat_input in;
	hv_chat_input_file(&in, f, path);
	assert_true(in.has_fd);
	o.lanes_used = lanes_used;
	*lanes_used = 0;
	json_t *j = hv_chat_import(st, &in, &o, &err);
	fclose(f);
	if (!j) {
		put(&d, "error %d: %s\n", err.code, err.msg);
	} else {
		char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
		put(&d, "%s\n", s);
		free(s);
		size_t i;
		json_t *v;
		json_array_foreach(json_object_get(j, "contacts"), i, v)
		{
			char *key = hv_chat_key_of(json_string_value(v));
			assert_int_equal(hv_chatlog_each_day(st, key, dump_day, &d, &err), 0);
			free(key);
		}
		json_decref(j);
	}
	hv_store_close(st);
	return d.s;
}

/* Cut path at every line; each import must match the one-pass import. */
static void check_every_cut(const char *path, struct hv_chat_import_opts o, int expect_cuts)
{
	int used;
	o.lanes = 1;
	char *once = import_dump(path, o, &used);
	assert_int_equal(used, 1);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	int64_t at = 0;
	int c, cuts = 0, lines = 0;
	o.lanes = 2;
	while ((c = fgetc(f)) != EOF) {
		at++;
		if (c != '\n')
			continue;
		lines++;
		o.split_near = at;
		char *two = import_dump(path, o, &used);
		if (strcmp(once, two) != 0)
			fail_msg("%s cut near byte %lld:\n--- one pass\n%s--- two parts\n%s", path,
			         (long long)at, once, two);
		cuts += used == 2;
		free(two);
	}
	fclose(f);
	free(once);
	/* Only the last lines have no message after them to cut at. */
	if (expect_cuts)
		assert_true(cuts >= lines / 2);
}

static void test_fixtures_at_every_cut(void **state)
{
	(void)state;
	static const char *const files[] = {
	    "wa-ambiguous-dmy.txt",
	    "wa-ambiguous-mdy.txt",
	    "wa-android-de-dots.txt",
	    "wa-android-dmy-24h.txt",
	    "wa-android-mdy-12h.txt",
	    "wa-es-pm.txt",
	    "wa-ios-12h-nnbsp.txt",
	    "wa-ios-bracket.txt",
	    "wa-out-of-order.txt",
	    "wa-skipped.txt",
	    "wa-ymd.txt",
	    "wa-group.txt",
	    /* issue 15: other calendars, digits, clocks and notices */
	    "wa-th-buddhist.txt",
	    "wa-ja-era.txt",
	    "wa-ar-eastern.txt",
	    "wa-vi-time-first.txt",
	    "wa-vi-ch.txt",
	    "wa-fi-klo.txt",
	    "wa-id-dots.txt",
	    "wa-zh-ampm.txt",
	    "wa-el-ampm.txt",
	    "wa-notices.txt",
	    "wa-one-writer.txt",
	    "wa-ko.txt",
	    "wa-ios-calls.txt",
	};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		char path[4400];
		chat_fixture_path(path, sizeof path, files[i]);
		struct hv_chat_import_opts o = {.me = "Alex"};
		if (strcmp(files[i], "wa-group.txt") == 0 ||
		    strcmp(files[i], "wa-one-writer.txt") == 0)
			o.contact = "Sam";
		check_every_cut(path, o, 0);
	}
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/*
 * Everything that may straddle a cut: lines before the first message,
 * multi-line messages (one with a line that only looks like a date), system
 * lines, a day that goes on across many lines, impossible dates, a day
 * that comes back out of order, CRLF, and dates that read both ways, where
 * only the direction the dates run settles the order (month first here).
 */
static const char straddling[] =
    "Messages and calls are end-to-end encrypted.\n"
    "junk before any message\n"
    "01/02/24, 09:00 - Alex: morning\n"
    "01/02/24, 09:01 - Sam: hi\n"
    "you there?\n"
    "12/03 is not a header\n"
    "01/02/24, 09:05 - Alex: ok\r\n"
    "01/02/24, 09:06 - Sam changed their phone number to a new number.\n"
    "01/02/24, 09:07 - Sam: <Media omitted>\n"
    "01/02/24, 21:00 - Alex: late\n"
    "01/03/24, 08:00 - Sam: next\n"
    "01/03/24, 08:02 - Sam: and more\n"
    "and more still\n"
    "01/03/24, 08:10 - Alex: yes\n"
    "31/02/24, 10:00 - Alex: impossible either way\n"
    "31/02/24, 10:01 - Sam: still impossible\n"
    "01/04/24, 07:00 - Alex: a\n"
    "01/04/24, 07:00 - Alex: a\n"
    "01/04/24, 07:30 - Sam: b\n"
    "01/02/24, 22:00 - Sam: back to an earlier day\n"
    "01/05/24, 10:00 - Alex: c\n"
    "01/05/24, 10:05 - Sam: d\n"
    "01/06/24, 11:00 - Alex: e\n"
    "01/07/24, 12:00 - Sam: f\n"
    "01/08/24, 13:00 - Alex: g\n"
    "01/09/24, 14:00 - Sam: h\n"
    "01/10/24, 15:00 - Alex: i\n"
    "01/11/24, 16:00 - Sam: j\n"
    "01/12/24, 17:00 - Alex: k\n"
    "02/01/24, 18:00 - Sam: l\n"
    "02/01/24, 18:05 - Alex: This message was deleted\n"
    "02/02/24, 19:00 - Sam: m\n"
    "02/02/24, 19:01 - Alex: the end";

static void test_everything_straddles(void **state)
{
	(void)state;
	write_file("straddling.txt", straddling);
	check_every_cut("straddling.txt", (struct hv_chat_import_opts){.me = "Alex"}, 1);
	/* and the order really was decided by the dates' direction */
	int used;
	char *d = import_dump("straddling.txt",
	                      (struct hv_chat_import_opts){.me = "Alex", .lanes = 1}, &used);
	assert_non_null(strstr(d, "\"messages\":25"));
	assert_non_null(strstr(d, "\n19725 ")); /* 01/03/24 is 3 January 2024 */
	assert_null(strstr(d, "\n19783 "));     /* not 1 March */
	/* the lines before any message and the two impossible dates */
	assert_non_null(strstr(d, "\"skipped_lines\":[1,2,15,16]"));
	free(d);
}

/*
 * The order decided on a knife's edge: one date is impossible month first
 * (13/01), one day first (01/13), so the dates' direction decides (month
 * first: they run forward).  Cut inside the 13/01 day, a second part that
 * counted that date again would tip it to day first.
 */
static const char knife_edge[] = "01/02/24, 09:00 - Alex: a\n"
                                 "01/02/24, 09:01 - Sam: b\n"
                                 "13/01/24, 09:00 - Alex: c\n"
                                 "13/01/24, 09:01 - Sam: d\n"
                                 "13/01/24, 09:02 - Alex: e\n"
                                 "01/13/24, 09:00 - Sam: f\n"
                                 "01/13/24, 09:01 - Alex: g\n"
                                 "02/01/24, 09:00 - Sam: h\n"
                                 "02/01/24, 09:05 - Alex: i\n"
                                 "03/01/24, 10:00 - Sam: j\n"
                                 "03/01/24, 10:01 - Alex: k\n";

static void test_order_evidence_straddles(void **state)
{
	(void)state;
	write_file("edge.txt", knife_edge);
	check_every_cut("edge.txt", (struct hv_chat_import_opts){.me = "Alex"}, 1);
	int used;
	char *d =
	    import_dump("edge.txt", (struct hv_chat_import_opts){.me = "Alex", .lanes = 1}, &used);
	assert_non_null(strstr(d, "\n19724 "));                  /* 01/02/24 is 2 January */
	assert_non_null(strstr(d, "\"skipped_lines\":[3,4,5]")); /* 13/01 is no month */
	free(d);
}

/* A line over the limit is skipped and reported wherever it falls. */
static void test_long_line_in_either_part(void **state)
{
	(void)state;
	struct dump t = {0};
	assert_non_null(t.s = calloc(1, t.cap = 4096));
	for (int i = 0; i < 8; i++)
		put(&t, "05/03/24, 10:%02d - %s: before\n", i, i % 2 ? "Sam" : "Alex");
	put(&t, "05/03/24, 11:00 - Sam: a long one follows\n");
	char *line = malloc(HV_CHAT_LINE_MAX + 100);
	assert_non_null(line);
	memset(line, 'y', HV_CHAT_LINE_MAX + 99);
	line[HV_CHAT_LINE_MAX + 99] = '\0';
	put(&t, "%s\n", line);
	free(line);
	for (int i = 0; i < 8; i++)
		put(&t, "06/03/24, 12:%02d - %s: after\n", i, i % 2 ? "Sam" : "Alex");
	write_file("long.txt", t.s);
	free(t.s);
	check_every_cut("long.txt", (struct hv_chat_import_opts){.me = "Alex"}, 1);
	int used;
	char *d =
	    import_dump("long.txt", (struct hv_chat_import_opts){.me = "Alex", .lanes = 1}, &used);
	assert_non_null(strstr(d, "\"skipped_lines\":[10]"));
	free(d);
}

/* The limit is a line's length, not where the reader's buffer happens
 * to stand: a line of exactly HV_CHAT_LINE_MAX bytes is read, one byte
 * more is skipped, however much comes before them. */
static void test_line_limit_is_exact(void **state)
{
	(void)state;
	static const size_t pads[] = {0, 100, 4095, 262143};
	char *big = malloc(HV_CHAT_LINE_MAX + 2);
	assert_non_null(big);
	for (size_t k = 0; k < sizeof pads / sizeof *pads; k++) {
		struct dump t = {0};
		assert_non_null(t.s = calloc(1, t.cap = 4096));
		put(&t, "05/03/24, 10:00 - Alex: %*s\n", (int)pads[k], "");
		put(&t, "05/03/24, 10:01 - Sam: hi\n");
		memset(big, 'z', HV_CHAT_LINE_MAX + 1);
		big[HV_CHAT_LINE_MAX] = '\0';
		put(&t, "%s\n", big); /* line 3: exactly at the limit */
		big[HV_CHAT_LINE_MAX] = 'z';
		big[HV_CHAT_LINE_MAX + 1] = '\0';
		put(&t, "%s\n", big); /* line 4: one over */
		put(&t, "05/03/24, 10:02 - Alex: bye\n");
		write_file("limit.txt", t.s);
		free(t.s);
		int used;
		char *d = import_dump(
		    "limit.txt", (struct hv_chat_import_opts){.me = "Alex", .lanes = 1}, &used);
		if (!strstr(d, "\"skipped_lines\":[4]"))
			fail_msg("padding %zu: %s", pads[k], d);
		free(d);
	}
	free(big);
}

/*
 * A group whose second half brings more senders than a part can tell
 * apart: the second part gives up, the file is read again in one pass,
 * and the person (who wrote in both halves) is still recognised.
 */
static void test_too_many_senders_fall_back(void **state)
{
	(void)state;
	struct dump t = {0};
	assert_non_null(t.s = calloc(1, t.cap = 4096));
	for (int i = 0; i < 50; i++)
		put(&t, "03/01/24, 10:%02d - %s: hello\n", i, i % 2 ? "Sam" : "Alex");
	for (int i = 0; i < HV_CHAT_SENDERS_MAX + 20; i++)
		put(&t, "04/01/24, 11:%02d - Person %d: hi\n", i % 60, i);
	put(&t, "05/01/24, 12:00 - Alex: still me\n05/01/24, 12:01 - Sam: still Sam\n");
	write_file("crowd.txt", t.s);
	struct hv_chat_import_opts o = {.me = "Alex", .contact = "Sam"};
	int used;
	o.lanes = 1;
	char *once = import_dump("crowd.txt", o, &used);
	o.lanes = 2;
	o.split_near = (int64_t)(strstr(t.s, "Person 0:") - t.s);
	char *two = import_dump("crowd.txt", o, &used);
	assert_int_equal(used, 1); /* fell back */
	assert_string_equal(once, two);
	assert_non_null(strstr(once, "\"contacts\":[\"Sam\"]"));
	free(once);
	free(two);
	free(t.s);
}

/* Files that cannot be cut are read in one pass, with the same result. */
static void test_no_cut_reads_once(void **state)
{
	(void)state;
	/* no line after the middle starts a message */
	write_file("one.txt", "01/02/24, 09:00 - Alex: hi\n01/02/24, 09:01 - Sam: a long\n"
	                      "message\nthat goes on\nand on\n");
	int used;
	struct hv_chat_import_opts o = {.me = "Alex", .lanes = 2};
	char *d = import_dump("one.txt", o, &used);
	assert_int_equal(used, 1);
	assert_non_null(strstr(d, "\"messages\":2"));
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fixtures_at_every_cut),
	    cmocka_unit_test(test_everything_straddles),
	    cmocka_unit_test(test_order_evidence_straddles),
	    cmocka_unit_test(test_long_line_in_either_part),
	    cmocka_unit_test(test_line_limit_is_exact),
	    cmocka_unit_test(test_too_many_senders_fall_back),
	    cmocka_unit_test(test_no_cut_reads_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
