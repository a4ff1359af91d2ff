/*
 * test_chat.c — the chat reality check: every export variant in
 * tests/fixtures/chat parsed with its messages, senders and times checked
 * exactly; the date-order rule; import, re-import of an overlapping export,
 * forget; and the reply-time statistics on hand-computed examples.
 *
 * The reader's shortcuts (a date seen on the line before, a sender seen
 * lately, characters counted a word at a time) are checked against reading
 * the same line cold; the stage against files, pipes and memory alike.
 */
#include <math.h>
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
#include "core/clock.h"
#include "core/content.h"
#include "core/store.h"

/* Parse a fixture and resolve its dates in the order the file decides. */
static int parse(const char *name, struct chat_collect *c, int want_text)
{
	FILE *f = chat_fixture_open(name);
	struct hv_error err;
	int json = strstr(name, ".json") != NULL;
	int rc = chat_collect_file(c, f, name, json ? hv_telegram_parse : hv_whatsapp_parse,
	                           want_text, &err);
	fclose(f);
	assert_int_equal(rc, 0);
	int order = json ? HV_ORDER_YMD : hv_chat_order_decide(&c->tally);
	chat_collect_dates(c, order);
	return order;
}

struct want {
	int y, m, d, h, mi, s;
	const char *sender;
	uint32_t len;
	int flags;
};

static void expect(const struct chat_collect *c, const struct want *w, int n)
{
	assert_int_equal(c->n, n);
	for (int i = 0; i < n; i++) {
		const struct chat_got *g = &c->msg[i];
		if (g->y != w[i].y || g->m != w[i].m || g->d != w[i].d ||
		    g->sec != w[i].h * 3600 + w[i].mi * 60 + w[i].s ||
		    strcmp(g->sender, w[i].sender) || g->len != w[i].len || g->flags != w[i].flags)
			fail_msg("message %d: got %04d-%02d-%02d %05d \"%s\" len %u flags %d; want "
			         "%04d-%02d-%02d %02d:%02d:%02d \"%s\" len %u flags %d",
			         i + 1, g->y, g->m, g->d, g->sec, g->sender, g->len, g->flags,
			         w[i].y, w[i].m, w[i].d, w[i].h, w[i].mi, w[i].s, w[i].sender,
			         w[i].len, w[i].flags);
	}
}

enum { M = HV_CHAT_MEDIA, D = HV_CHAT_DELETED };

static void test_android_dmy_24h(void **state)
{
	struct chat_collect c;
	assert_int_equal(parse("wa-android-dmy-24h.txt", &c, 0), HV_ORDER_DMY);
	static const struct want w[] = {
	    {2023, 12, 31, 22, 16, 0, "Alex", 17, 0},
	    {2023, 12, 31, 22, 47, 0, "Sam", 38, 0}, /* two lines: 18 + line end + 19 */
	    {2024, 1, 1, 0, 5, 0, "Alex", 0, M},
	    {2024, 1, 1, 0, 6, 0, "Sam", 0, D},
	    {2024, 1, 1, 9, 31, 0, "Alex", 16, 0}, /* the emoji is one character */
	};
	expect(&c, w, 5);
	assert_int_equal(c.system, 2); /* encryption notice, change of number */
	assert_int_equal(c.nskipped, 0);
}

static void test_android_mdy_12h_crlf(void **state)
{
	struct chat_collect c;
	assert_int_equal(parse("wa-android-mdy-12h.txt", &c, 0), HV_ORDER_MDY);
	static const struct want w[] = {
	    {2023, 12, 31, 22, 16, 0, "Alex", 17, 0},
	    {2023, 12, 31, 22, 47, 0, "Sam", 3, 0}, /* no \r counted */
	    {2024, 1, 1, 0, 5, 0, "Alex", 2, 0},    /* 12:05 AM */
	    {2024, 1, 1, 12, 30, 0, "Sam", 6, 0},   /* 12:30 PM */
	};
	expect(&c, w, 4);
	assert_int_equal(c.system, 1);
}

static void test_android_german_dots(void **state)
{
	struct chat_collect c;
	assert_int_equal(parse("wa-android-de-dots.txt", &c, 0), HV_ORDER_DMY);
	static const struct want w[] = {
	    {2023, 12, 31, 22, 16, 0, "Alex", 18, 0},
	    {2023, 12, 31, 22, 20, 0, "Sam", 0, M},
	    {2024, 1, 1, 8, 0, 0, "Sam", 0, D},
	    {2024, 1, 1, 8, 1, 0, "Alex", 17, 0},
	};
	expect(&c, w, 4);
	assert_int_equal(c.system, 1);
}

static void test_ios_bracket_bom_marks(void **state)
{
	struct chat_collect c;
	assert_int_equal(parse("wa-ios-bracket.txt", &c, 0), HV_ORDER_DMY);
	static const struct want w[] = {
	    {2023, 12, 31, 22, 16, 10, "Alex", 17, 0},
	    {2023, 12, 31, 22, 20, 0, "Sam", 0, M},
	    {2024, 1, 1, 7, 59, 59, "Sam", 7, 0},
	    {2024, 1, 1, 8, 0, 30, "Alex", 0, D}, /* name between marks */
	};
	expect(&c, w, 4);
	assert_int_equal(c.system, 1); /* the notice iOS puts under the contact's name */
}

static void test_ios_12h_narrow_space(void **state)
{
	struct chat_collect c;
	assert_int_equal(parse("wa-ios-12h-nnbsp.txt", &c, 0), HV_ORDER_MDY);
	static const struct want w[] = {
	    {2023, 12, 31, 22, 16, 0, "Alex", 9, 0},
	    {2023, 12, 31, 23, 59, 59, "Sam", 0, M},
	    {2024, 1, 1, 0, 0, 1, "Alex", 14, 0},
	    {2024, 1, 1, 9, 5, 0, "Sam", 11, 0}, /* no-break space before AM */
	};
	expect(&c, w, 4);
}

static void test_year_first(void **state)
{
	struct chat_collect c;
	assert_int_equal(parse("wa-ymd.txt", &c, 0), HV_ORDER_YMD);
	static const struct want w[] = {
	    {2024, 1, 5, 18, 0, 0, "Alex", 7, 0},
	    {2024, 1, 5, 18, 45, 0, "Sam", 3, 0},
	    {2024, 1, 6, 7, 5, 9, "Alex", 20, 0},
	};
	expect(&c, w, 3);
}

static void test_spanish_pm_spellings(void **state)
{
	struct chat_collect c;
	assert_int_equal(parse("wa-es-pm.txt", &c, 0), HV_ORDER_DMY);
	static const struct want w[] = {
	    {2023, 12, 31, 22, 16, 0, "Alex", 18, 0}, /* p. m. */
	    {2023, 12, 31, 23, 5, 0, "Sam", 0, M},    /* p.<nbsp>m. */
	    {2024, 1, 1, 8, 0, 0, "Sam", 0, D},       /* a.m. */
	    {2024, 1, 1, 13, 30, 0, "Alex", 9, 0},    /* pm */
	};
	expect(&c, w, 4);
	assert_int_equal(c.system, 1);
}

static void test_ambiguous_orders(void **state)
{
	struct chat_collect c;
	assert_int_equal(parse("wa-ambiguous-dmy.txt", &c, 0), HV_ORDER_DMY);
	assert_int_equal(c.msg[3].m, 2);
	assert_int_equal(c.msg[3].d, 1);
	assert_int_equal(parse("wa-ambiguous-mdy.txt", &c, 0), HV_ORDER_MDY);
	assert_int_equal(c.msg[0].m, 1);
	assert_int_equal(c.msg[0].d, 5);
	assert_int_equal(c.msg[3].m, 2);
	assert_int_equal(c.msg[3].d, 1);
}

static void test_group_system_lines_and_marks(void **state)
{
	struct chat_collect c;
	assert_int_equal(parse("wa-group.txt", &c, 0), HV_ORDER_DMY);
	static const struct want w[] = {
	    {2024, 2, 10, 9, 3, 0, "Alex", 9, 0},
	    {2024, 2, 10, 9, 10, 0, "Sam", 3, 0},
	    {2024, 2, 10, 9, 11, 0, "~\u202fJo", 3, 0},
	    {2024, 2, 10, 9, 20, 0, "נועה", 4, 0}, /* right-to-left marks dropped */
	};
	expect(&c, w, 4);
	assert_int_equal(c.system, 4); /* created, added, joined, changed number */
}

static void test_unreadable_lines_reported(void **state)
{
	struct chat_collect c;
	parse("wa-skipped.txt", &c, 0);
	assert_int_equal(c.n, 3);
	assert_int_equal(c.nskipped, 1);
	assert_int_equal(c.skipped[0], 1);
}

static void test_words_only_when_asked(void **state)
{
	struct chat_collect c;
	parse("wa-android-dmy-24h.txt", &c, 0);
	assert_false(c.msg[0].has_text);
	parse("wa-android-dmy-24h.txt", &c, 1);
	assert_true(c.msg[0].has_text);
	assert_string_equal(c.msg[1].text, "Yes! Just got home\nit was a long night");
}

static void test_telegram_unixtime(void **state)
{
	struct chat_collect c;
	parse("tg-unixtime.json", &c, 0);
	/* "date" says an hour later (the exporter's zone); date_unixtime wins. */
	static const struct want w[] = {
	    {2024, 3, 12, 9, 1, 0, "Alex", 8, 0},
	    {2024, 3, 12, 9, 31, 30, "Sam", 26, 0}, /* "see " + link + " ok" */
	    {2024, 3, 12, 10, 0, 0, "Sam", 0, M},
	    {2024, 3, 13, 0, 30, 0, "Alex", 7, 0},
	};
	expect(&c, w, 4);
	assert_int_equal(c.chats, 1);
	assert_string_equal(c.msg[0].id, "user1");
}

static void test_telegram_without_unixtime(void **state)
{
	struct chat_collect c;
	parse("tg-old.json", &c, 0);
	static const struct want w[] = {
	    {2019, 6, 1, 20, 0, 0, "Alex", 5, 0},
	    {2019, 6, 1, 20, 45, 10, "Sam", 7, 0},
	    {2019, 6, 2, 7, 0, 0, "Alex", 0, M},
	};
	expect(&c, w, 3);
	assert_int_equal(c.nskipped, 1); /* the message with no date */
	assert_int_equal(c.skipped[0], 4);
}

/* ---- dates ---------------------------------------------------------------- */

static void test_date_rules(void **state)
{
	int y, m, d;
	assert_int_equal(hv_chat_date(HV_ORDER_DMY, 29, 2, 2024, 2, &y, &m, &d), 0);
	assert_int_equal(hv_chat_date(HV_ORDER_DMY, 29, 2, 2023, 2, &y, &m, &d), -1);
	assert_int_equal(hv_chat_date(HV_ORDER_MDY, 13, 1, 2024, 2, &y, &m, &d), -1);
	assert_int_equal(hv_chat_date(HV_ORDER_YMD, 2024, 1, 13, 4, &y, &m, &d), 0);
	assert_int_equal(hv_chat_date(HV_ORDER_DMY, 2024, 1, 13, 4, &y, &m, &d), -1);
	/* A field above 12 settles it even when the dates run backwards. */
	struct hv_chat_order_tally t = {0};
	hv_chat_order_see(&t, 2, 1, 2024, 2);
	hv_chat_order_see(&t, 1, 13, 2024, 2);
	assert_int_equal(hv_chat_order_decide(&t), HV_ORDER_MDY);
	/* Nothing to go on: day first. */
	struct hv_chat_order_tally none = {0};
	assert_int_equal(hv_chat_order_decide(&none), HV_ORDER_DMY);
	assert_int_equal(hv_chat_order_parse("ymd"), HV_ORDER_YMD);
	assert_int_equal(hv_chat_order_parse("ydm"), -1);
}

/* ---- import, re-import, forget -------------------------------------------- */

static json_t *import_text(struct hv_store *st, const char *text, const char *name,
                           const struct hv_chat_import_opts *o, struct hv_error *err)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	assert_non_null(f);
	struct hv_chat_input in;
	hv_chat_input_file(&in, f, name);
	json_t *j = hv_chat_import(st, &in, o, err);
	fclose(f);
	return j;
}

static void test_reimport_adds_only_new(void **state)
{
	struct hv_store *st;
	struct hv_error err;
	assert_int_equal(hv_store_open(&st, ":memory:", &err), 0);
	const char *first = "12/03/2024, 09:00 - Alex: hi\n"
	                    "12/03/2024, 09:00 - Alex: hi\n" /* same minute, same length */
	                    "12/03/2024, 09:20 - Sam: hello\n";
	const char *longer = "12/03/2024, 09:00 - Alex: hi\n"
	                     "12/03/2024, 09:00 - Alex: hi\n"
	                     "12/03/2024, 09:20 - Sam: hello\n"
	                     "13/03/2024, 10:00 - Alex: ok\n"
	                     "13/03/2024, 10:00 - Alex: ok\n"
	                     "13/03/2024, 10:00 - Alex: ok\n";
	int64_t added = -1;
	struct hv_chat_import_opts o = {.me = "alex", .added = &added};
	json_t *j = import_text(st, first, "chat.txt", &o, &err);
	assert_non_null(j);
	assert_int_equal(json_integer_value(json_object_get(j, "messages")), 3);
	assert_string_equal(json_string_value(json_array_get(json_object_get(j, "contacts"), 0)),
	                    "Sam");
	assert_int_equal(added, 3);
	json_decref(j);
	/* "me" is remembered: no --me needed the second time. */
	struct hv_chat_import_opts o2 = {.added = &added};
	j = import_text(st, longer, "chat.txt", &o2, &err);
	assert_non_null(j);
	assert_int_equal(json_integer_value(json_object_get(j, "messages")), 6);
	assert_int_equal(added, 3);
	json_decref(j);
	j = import_text(st, longer, "chat.txt", &o2, &err);
	assert_int_equal(added, 0);
	json_decref(j);
	int64_t n;
	assert_int_equal(hv_chatlog_count(st, "sam", &n, NULL, NULL, &err), 0);
	assert_int_equal(n, 6);
	struct hv_record r;
	assert_int_equal(hv_chat_find(st, "SAM", &r, &err), 0);
	assert_int_equal(json_integer_value(json_object_get(r.body, "messages")), 6);
	assert_int_equal(json_integer_value(json_object_get(r.body, "imports")), 3);
	assert_string_equal(json_string_value(json_object_get(r.body, "me")), "Alex");
	assert_int_equal(hv_chat_validate(r.body, &err), 0);
	hv_record_release(&r);
	j = hv_chat_forget(st, "Sam", &err);
	assert_non_null(j);
	assert_int_equal(json_integer_value(json_object_get(j, "messages")), 6);
	json_decref(j);
	assert_int_equal(hv_chatlog_count(st, "sam", &n, NULL, NULL, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(hv_chat_find(st, "Sam", &r, &err), -1);
	assert_int_equal(err.code, HV_ENOTFOUND);
	hv_store_close(st);
}

static void test_not_a_chat_imports_nothing(void **state)
{
	struct hv_store *st;
	struct hv_error err;
	assert_int_equal(hv_store_open(&st, ":memory:", &err), 0);
	struct hv_chat_import_opts o = {.me = "Alex"};
	assert_null(import_text(st, "just some notes\nnothing here\n", "notes.txt", &o, &err));
	assert_int_equal(err.code, HV_EDATA);
	assert_non_null(strstr(err.msg, "does not look like a chat export"));
	assert_null(import_text(st, "{\"x\": [1, 2", "result.json", &o, &err));
	assert_int_equal(err.code, HV_EDATA);
	/* Who is who cannot be told: refused, nothing kept. */
	struct hv_chat_import_opts none = {0};
	assert_null(import_text(st, "12/03/2024, 09:00 - A: hi\n12/03/2024, 09:01 - B: yo\n",
	                        "chat.txt", &none, &err));
	assert_int_equal(err.code, HV_EINVAL);
	assert_non_null(strstr(err.msg, "--me"));
	int64_t n;
	assert_int_equal(hv_store_count(st, NULL, &n, &err), 0);
	assert_int_equal(n, 0);
	hv_store_close(st);
}

static void test_out_of_order_sorted_before_measuring(void **state)
{
	struct hv_store *st;
	struct hv_error err;
	assert_int_equal(hv_store_open(&st, ":memory:", &err), 0);
	char path[4400];
	chat_fixture_path(path, sizeof path, "wa-out-of-order.txt");
	FILE *f = fopen(path, "rb");
	struct hv_chat_input in;
	hv_chat_input_file(&in, f, path);
	struct hv_chat_import_opts o = {.me = "Alex"};
	json_t *j = hv_chat_import(st, &in, &o, &err);
	fclose(f);
	assert_non_null(j);
	json_decref(j);
	struct hv_chat_reply *r;
	double *back;
	size_t n, nback;
	assert_int_equal(hv_chat_contact_replies(st, "Sam", &r, &n, &back, &nback, &err), 0);
	assert_int_equal(n, 1);
	assert_true(fabs(r[0].minutes - 30) < 1e-9); /* from 10:00, not 09:00 */
	assert_int_equal(r[0].hour, 10);
	free(r);
	free(back);
	hv_store_close(st);
}

static void test_telegram_full_export(void **state)
{
	struct hv_store *st;
	struct hv_error err;
	assert_int_equal(hv_store_open(&st, ":memory:", &err), 0);
	char path[4400];
	chat_fixture_path(path, sizeof path, "tg-full.json");
	FILE *f = fopen(path, "rb");
	struct hv_chat_input in;
	hv_chat_input_file(&in, f, path);
	struct hv_chat_import_opts o = {0};
	json_t *j = hv_chat_import(st, &in, &o, &err);
	fclose(f);
	assert_non_null(j);
	/* Personal chats only; "me" from personal_information.user_id. */
	json_t *c = json_object_get(j, "contacts");
	assert_int_equal(json_array_size(c), 2);
	assert_string_equal(json_string_value(json_array_get(c, 0)), "Sam");
	assert_string_equal(json_string_value(json_array_get(c, 1)), "Jo");
	assert_int_equal(json_integer_value(json_object_get(j, "messages")), 3);
	json_decref(j);
	struct hv_chat_reply *r;
	double *back;
	size_t n, nback;
	assert_int_equal(hv_chat_contact_replies(st, "Sam", &r, &n, &back, &nback, &err), 0);
	assert_int_equal(n, 1);
	assert_true(fabs(r[0].minutes - 10) < 1e-9);
	free(r);
	free(back);
	hv_store_close(st);
}

/* ---- the reader's shortcuts ------------------------------------------------ */

/* Parse text held in memory (no fixture file). */
static void parse_text(const char *text, struct chat_collect *c)
{
	struct hv_error err;
	assert_int_equal(chat_collect_text(c, text, "text", hv_whatsapp_parse, 0, &err), 0);
}

/*
 * A line read right after a header with the same date (and a sender seen
 * just before) must come out exactly as when it is read cold: as the same
 * message, or as no header at all.
 */
static void expect_same_as_cold(const char *primer, const char *line)
{
	char warm_text[512], cold_text[512];
	snprintf(warm_text, sizeof warm_text, "%s\n%s\n", primer, line);
	snprintf(cold_text, sizeof cold_text, "%s\n", line);
	struct chat_collect *warm = calloc(1, sizeof *warm), *cold = calloc(1, sizeof *cold);
	assert_non_null(warm);
	assert_non_null(cold);
	parse_text(warm_text, warm);
	parse_text(cold_text, cold);
	int primed = primer[0] != '\0', cold_heads = cold->n + cold->system;
	if (warm->n + warm->system != primed + cold_heads)
		fail_msg("\"%s\" after \"%s\": %d headers, cold %d", line, primer,
		         warm->n + warm->system, cold_heads);
	assert_int_equal(warm->system, cold->system);
	if (cold->n == 1) {
		const struct chat_got *w = &warm->msg[warm->n - 1], *k = &cold->msg[0];
		if (w->a != k->a || w->b != k->b || w->c != k->c || w->da != k->da ||
		    w->sec != k->sec || w->len != k->len || w->flags != k->flags ||
		    strcmp(w->sender, k->sender) != 0)
			fail_msg("\"%s\" after \"%s\" read differently: %d/%d/%d %d \"%s\" %u; "
			         "cold %d/%d/%d %d \"%s\" %u",
			         line, primer, w->a, w->b, w->c, w->sec, w->sender, w->len, k->a,
			         k->b, k->c, k->sec, k->sender, k->len);
	}
	free(warm);
	free(cold);
}

static void test_shortcuts_read_as_cold(void **state)
{
	static const char *const android[] = {
	    "31/12/2023, 22:16 - Sam: yo",
	    "31/12/2023,  22:16 - Sam: two spaces after the comma",
	    "31/12/2023, 10:16 PM - Sam: twelve-hour",
	    "31/12/2023, 10:16 p. m. - Sam: spelled out",
	    "31/12/2023, 22:16:05 - Sam: seconds",
	    "31/12/2023, 22:16- Sam: no space before the dash",
	    "31/12/2023, 22:16 -Sam: no space after the dash",
	    "31/12/2023, 22:16 \xe2\x80\x93 Sam: en dash",
	    "31/12/2023, 22:16\xe2\x80\xaf- Sam: narrow space",
	    "31/12/2023, 24:16 - Sam: no such hour",
	    "31/12/2023, 22:6 - Sam: one-digit minutes",
	    "31/12/2023, 2:16 - Sam: one-digit hour",
	    "31/12/2023, 22:16",
	    "31/12/2023, 22:16 - ",
	    "31/12/2023, 22:16 - Alex : space before the colon",
	    "31/12/2023, 22:16 - Al: a shorter name",
	    "31/12/2023, 22:16 - Alexa: a longer name",
	    "31/12/2023, 22:16 - Alex: ",
	    "31/12/2023, 22:16 - Alex:",
	    "31/12/2023, 22:16 - Alex:: two colons",
	    "31/12/2023, 22:16 - Alex: <Media omitted>",
	    "31/12/2023, 22:16 - Alex: This message was deleted",
	    "31/12/2023, 22:16 - Messages and calls are end-to-end encrypted.",
	    "31/12/20231, 22:16 - Sam: a longer year",
	    "31/12/2023 22:16 - Sam: no comma",
	    "31/12/2023, 22:16 - S\xc3\xa9"
	    "b: accented name",
	};
	for (size_t i = 0; i < sizeof android / sizeof *android; i++) {
		expect_same_as_cold("31/12/2023, 22:15 - Alex: hi", android[i]);
		expect_same_as_cold("", android[i]);
	}
	static const char *const ios[] = {
	    "[31/12/2023, 22:16:01] Sam: yo",
	    "[31/12/2023, 22:16] Sam: no seconds",
	    "[31/12/2023, 10:16:01 PM] Sam: twelve-hour",
	    "[31/12/2023, 10:16:01\xe2\x80\xafPM] Sam: narrow space",
	    "[31/12/2023, 22:16:01 ] Sam: space before the bracket",
	    "[31/12/2023, 22:16:01]Sam: no space after it",
	    "[31/12/2023, 22:16:01] Alex: \xe2\x80\x8eimage omitted",
	};
	for (size_t i = 0; i < sizeof ios / sizeof *ios; i++)
		expect_same_as_cold("[31/12/2023, 22:15:00] Alex: hi", ios[i]);
}

/* Characters are counted a word at a time: every length and position. */
static void test_character_counts(void **state)
{
	char text[200], line[300];
	struct chat_collect c;
	for (int n = 0; n <= 40; n++)
		for (int at = 0; at <= n; at += 3) {
			/* n characters, the one at `at` a two-byte é, another a 3-byte € */
			size_t k = 0;
			for (int i = 0; i < n; i++) {
				if (i == at)
					k +=
					    (size_t)snprintf(text + k, sizeof text - k, "\xc3\xa9");
				else if (i == n - 1 - at)
					k += (size_t)snprintf(text + k, sizeof text - k,
					                      "\xe2\x82\xac");
				else
					text[k++] = 'a' + (char)(i % 26);
			}
			text[k] = '\0';
			snprintf(line, sizeof line, "01/02/2024, 10:00 - Alex: x%s\n", text);
			parse_text(line, &c);
			assert_int_equal(c.n, 1);
			assert_int_equal(c.msg[0].len, (uint32_t)n + 1);
		}
}

/* ---- the stage: files, pipes and memory alike -------------------------------- */

/* Every stored day of chat as "day:n:first-key;" for comparing imports. */
static int dump_day(int64_t day, int off_min, const uint64_t *keys, size_t n, void *ctx)
{
	char *out = ctx;
	size_t len = strlen(out);
	snprintf(out + len, 4096 - len, "%lld:%zu:%llx;", (long long)day, n,
	         (unsigned long long)(n ? keys[0] : 0));
	(void)off_min;
	return 0;
}

static json_t *import_stream(struct hv_store *st, FILE *f, const struct hv_chat_import_opts *o,
                             struct hv_error *err)
{
	struct hv_chat_input in;
	hv_chat_input_file(&in, f, "chat.txt");
	return hv_chat_import(st, &in, o, err);
}

/* A chat that makes the stage work: out of order, one day written two
 * ways, CRLF, an over-long line and a long one that is not. */
static char *awkward_chat(size_t *len)
{
	size_t cap = (3 << 20) + 4096, n = 0;
	char *t = malloc(cap);
	assert_non_null(t);
	n += (size_t)snprintf(t + n, cap - n,
	                      "01/02/24, 09:00 - Alex: morning\r\n"         /* line 1: 2024-02-01 */
	                      "01/02/24, 09:05 - Sam: hi\r\n"               /* 2 */
	                      "02/02/24, 10:00 - Alex: next day\r\n"        /* 3 */
	                      "01/02/2024, 09:05 - Sam: hi\r\n"             /* 4: 1 Feb again */
	                      "1/2/2024, 09:05 - Sam: hi\r\n"               /* 5: and again */
	                      "13/02/24, 08:00 - Sam: later\r\n"            /* 6 */
	                      "02/02/24, 09:00 - Sam: earlier that day\r\n" /* 7 */
	                      "13/02/24, 08:01 - Alex: ");                  /* 8: a long message */
	memset(t + n, 'x', 900000);
	n += 900000;
	n += (size_t)snprintf(t + n, cap - n, "\r\n");
	memset(t + n, 'y', (2 << 20)); /* line 9: over the limit, skipped */
	n += 2 << 20;
	n +=
	    (size_t)snprintf(t + n, cap - n, "\r\n13/02/24, 08:02 - Sam: ok"); /* 10, no line end */
	*len = n;
	return t;
}

static void check_awkward(json_t *j, struct hv_store *st, char *days)
{
	assert_non_null(j);
	assert_int_equal(json_integer_value(json_object_get(j, "messages")), 9);
	json_t *sk = json_object_get(j, "skipped_lines");
	assert_int_equal(json_array_size(sk), 1);
	assert_int_equal(json_integer_value(json_array_get(sk, 0)), 9);
	struct hv_error err;
	int64_t n, first, last;
	assert_int_equal(hv_chatlog_count(st, "sam", &n, &first, &last, &err), 0);
	assert_int_equal(n, 9); /* the three "hi"s on 1 Feb are three messages */
	assert_int_equal(first, hv_days_from_civil(2024, 2, 1));
	assert_int_equal(last, hv_days_from_civil(2024, 2, 13));
	days[0] = '\0';
	assert_int_equal(hv_chatlog_each_day(st, "sam", dump_day, days, &err), 0);
	json_decref(j);
}

static void test_stage_file_pipe_and_memory_agree(void **state)
{
	size_t len;
	char *text = awkward_chat(&len);
	char path[] = "/tmp/haven-test-chat-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	struct hv_chat_import_opts o = {.me = "Alex"};
	struct hv_error err;
	char days[3][4096];

	/* a regular file */
	struct hv_store *st;
	assert_int_equal(hv_store_open(&st, ":memory:", &err), 0);
	FILE *f = fopen(path, "rb");
	check_awkward(import_stream(st, f, &o, &err), st, days[0]);
	fclose(f);
	hv_store_close(st);

	/* a pipe: nothing can be read twice */
	char cmd[128];
	snprintf(cmd, sizeof cmd, "cat %s", path);
	assert_int_equal(hv_store_open(&st, ":memory:", &err), 0);
	f = popen(cmd, "r");
	assert_non_null(f);
	check_awkward(import_stream(st, f, &o, &err), st, days[1]);
	pclose(f);
	hv_store_close(st);

	/* memory */
	assert_int_equal(hv_store_open(&st, ":memory:", &err), 0);
	f = fmemopen(text, len, "r");
	check_awkward(import_stream(st, f, &o, &err), st, days[2]);
	fclose(f);
	hv_store_close(st);

	assert_string_equal(days[0], days[1]);
	assert_string_equal(days[0], days[2]);
	/* 1 Feb, written three ways, holds "morning" and all three "hi"s. */
	char want[256];
	snprintf(want, sizeof want, "%lld:4:", (long long)hv_days_from_civil(2024, 2, 1));
	assert_non_null(strstr(days[0], want));
	snprintf(want, sizeof want, "%lld:3:", (long long)hv_days_from_civil(2024, 2, 13));
	assert_non_null(strstr(days[0], want));
	unlink(path);
	free(text);
}

/* A date impossible in the order asked for: its lines are reported. */
static void test_impossible_dates_reported(void **state)
{
	struct hv_store *st;
	struct hv_error err;
	assert_int_equal(hv_store_open(&st, ":memory:", &err), 0);
	const char *text = "02/01/2024, 09:00 - Alex: hi\n"
	                   "13/01/2024, 09:00 - Sam: no 13th month\n"
	                   "and a second line\n"
	                   "13/01/2024, 09:05 - Alex: nor here\n"
	                   "02/03/2024, 09:00 - Sam: fine\n";
	struct hv_chat_import_opts o = {.me = "Alex", .order = HV_ORDER_MDY};
	json_t *j = import_text(st, text, "chat.txt", &o, &err);
	assert_non_null(j);
	assert_int_equal(json_integer_value(json_object_get(j, "messages")), 2);
	json_t *sk = json_object_get(j, "skipped_lines");
	assert_int_equal(json_array_size(sk), 2);
	assert_int_equal(json_integer_value(json_array_get(sk, 0)), 2);
	assert_int_equal(json_integer_value(json_array_get(sk, 1)), 4);
	json_decref(j);
	hv_store_close(st);
}

/* Re-importing days before, inside and after what is stored. */
static void test_reimport_around_the_stored_days(void **state)
{
	struct hv_store *st;
	struct hv_error err;
	assert_int_equal(hv_store_open(&st, ":memory:", &err), 0);
	int64_t added = 0, n;
	struct hv_chat_import_opts o = {.me = "Alex", .added = &added};
	json_decref(import_text(st,
	                        "10/03/2024, 09:00 - Alex: a\n"
	                        "12/03/2024, 09:00 - Sam: b\n",
	                        "chat.txt", &o, &err));
	assert_int_equal(added, 2);
	json_t *j = import_text(st,
	                        "09/03/2024, 09:00 - Alex: before\n"
	                        "10/03/2024, 09:00 - Alex: a\n"
	                        "11/03/2024, 09:00 - Sam: between\n"
	                        "12/03/2024, 09:00 - Sam: b\n"
	                        "12/03/2024, 09:00 - Sam: b\n"
	                        "13/03/2024, 09:00 - Alex: after\n",
	                        "chat.txt", &o, &err);
	assert_non_null(j);
	json_decref(j);
	assert_int_equal(added, 4); /* before, between, the second b, after */
	assert_int_equal(hv_chatlog_count(st, "sam", &n, NULL, NULL, &err), 0);
	assert_int_equal(n, 6);
	hv_store_close(st);
}

/* ---- the formats of issue 15 ------------------------------------------------ */

/* Thai phones write Buddhist-calendar years: 2565 is 2022. */
static void test_buddhist_years(void **state)
{
	struct chat_collect c;
	parse("wa-th-buddhist.txt", &c, 0);
	const struct want w[] = {{2022, 3, 24, 21, 41, 35, "Sam", 5, 0},
	                         {2022, 3, 24, 21, 45, 0, "Alex", 6, 0},
	                         {2022, 4, 1, 8, 5, 9, "Sam", 7, 0}};
	expect(&c, w, 3);
	assert_int_equal(c.system, 1); /* the encryption notice, in Thai */
}

/* Japanese era years (令和4 is 2022, 平成31 is 2019) and 午前/午後 before the time. */
static void test_japanese_era(void **state)
{
	struct chat_collect c;
	parse("wa-ja-era.txt", &c, 0);
	const struct want w[] = {{2022, 3, 24, 21, 41, 35, "Sam", 5, 0},
	                         {2022, 3, 24, 21, 42, 10, "Alex", 2, 0},
	                         {2022, 3, 25, 0, 15, 0, "Alex", 5, 0},
	                         {2019, 4, 30, 11, 59, 59, "Sam", 18, 0}};
	expect(&c, w, 4);
	assert_int_equal(c.system, 1);
}

/* Eastern Arabic digits, right-to-left marks, the Arabic comma, ص/م. */
static void test_eastern_arabic(void **state)
{
	struct chat_collect c;
	parse("wa-ar-eastern.txt", &c, 0);
	const struct want w[] = {{2022, 3, 24, 21, 41, 0, "Sam", 5, 0},
	                         {2022, 3, 24, 21, 50, 0, "Alex", 14, 0}, /* "hi\nsecond line" */
	                         {2022, 3, 25, 0, 5, 0, "Sam", 0, M}};
	expect(&c, w, 3);
	assert_int_equal(c.system, 1);
}

/* Time first, then the date, as Vietnamese phones write it; SA/CH. */
static void test_time_first_and_vietnamese_ampm(void **state)
{
	struct chat_collect c;
	parse("wa-vi-time-first.txt", &c, 0);
	const struct want w[] = {{2022, 3, 24, 21, 41, 0, "Sam", 4, 0},
	                         {2022, 3, 24, 21, 43, 0, "Alex", 2, 0},
	                         {2022, 3, 25, 8, 2, 0, "Sam", 11, 0}};
	expect(&c, w, 3);
	assert_int_equal(c.system, 1);
	parse("wa-vi-ch.txt", &c, 0);
	const struct want v[] = {{2022, 3, 24, 21, 41, 0, "Sam", 4, 0},
	                         {2022, 3, 24, 21, 43, 0, "Alex", 2, 0},
	                         {2022, 3, 25, 8, 2, 0, "Sam", 4, 0}};
	expect(&c, v, 3);
}

/* Times with dots: Finnish "klo 14.08.18", Indonesian "18.00". */
static void test_times_with_dots(void **state)
{
	struct chat_collect c;
	parse("wa-fi-klo.txt", &c, 0);
	const struct want w[] = {{2022, 3, 12, 14, 8, 18, "Sam", 3, 0},
	                         {2022, 3, 12, 14, 10, 2, "Alex", 3, 0},
	                         {2022, 3, 13, 9, 1, 0, "Sam", 8, 0}};
	expect(&c, w, 3);
	parse("wa-id-dots.txt", &c, 0);
	const struct want v[] = {{2025, 8, 30, 18, 1, 0, "Sam", 4, 0},
	                         {2025, 8, 30, 18, 5, 0, "Alex", 3, 0},
	                         {2025, 8, 31, 7, 30, 0, "Sam", 4, 0}};
	expect(&c, v, 3);
	assert_int_equal(c.system, 1);
}

/* 12-hour markers of other languages: 上午/下午 (with a BOM and CRLF), π.μ./μ.μ. */
static void test_ampm_of_other_languages(void **state)
{
	struct chat_collect c;
	parse("wa-zh-ampm.txt", &c, 0);
	const struct want w[] = {{2022, 3, 24, 21, 41, 35, "Sam", 2, 0},
	                         {2022, 3, 24, 21, 42, 0, "Alex", 2, 0},
	                         {2022, 3, 25, 0, 30, 0, "Alex", 4, 0}};
	expect(&c, w, 3);
	parse("wa-el-ampm.txt", &c, 0);
	const struct want v[] = {{2022, 3, 24, 21, 41, 0, "Sam", 4, 0},
	                         {2022, 3, 24, 21, 45, 0, "Alex", 2, 0},
	                         {2022, 3, 25, 7, 10, 0, "Sam", 8, 0}};
	expect(&c, v, 3);
}

/* Korean dates, a space after each dot, and 오전/오후 before the time. */
static void test_korean_dates(void **state)
{
	struct chat_collect c;
	parse("wa-ko.txt", &c, 0);
	const struct want w[] = {{2022, 3, 24, 21, 41, 0, "Sam", 2, 0},
	                         {2022, 3, 24, 21, 45, 0, "Alex", 2, 0},
	                         {2022, 3, 25, 8, 2, 0, "Sam", 12, 0}};
	expect(&c, w, 3);
}

/* Calls iOS writes under the caller's name are sent, like placeholders
 * (they were WhatsApp notices before); words that merely mention a call
 * are a message. */
static void test_calls_count_as_sent(void **state)
{
	struct chat_collect c;
	parse("wa-ios-calls.txt", &c, 0);
	const struct want w[] = {{2022, 3, 24, 21, 40, 0, "Sam", 0, M},
	                         {2022, 3, 24, 21, 41, 0, "Alex", 0, M},
	                         {2022, 3, 24, 21, 45, 0, "Sam", 18, 0},
	                         {2022, 3, 24, 21, 46, 0, "Alex", 0, M},
	                         {2022, 3, 24, 21, 47, 0, "Sam", 17, 0}};
	expect(&c, w, 5);
	assert_int_equal(c.system, 0);
}

/* WhatsApp's notices in several languages are nobody's message; a file
 * name holding a notice's word is still a placeholder. */
static void test_notices_in_other_languages(void **state)
{
	struct chat_collect c;
	parse("wa-notices.txt", &c, 0);
	const struct want w[] = {{2022, 3, 24, 21, 41, 0, "Sam", 5, 0},
	                         {2022, 3, 24, 21, 41, 30, "Alex", 0, M},
	                         {2022, 3, 24, 21, 42, 0, "Alex", 0, D}};
	expect(&c, w, 3);
	assert_int_equal(c.system, 7);
}

/* Every notice in data/chat.json is tagged with its language. */
static void test_notices_tagged_with_language(void **state)
{
	const json_t *wa = json_object_get(hv_content_json("chat.json", NULL), "whatsapp");
	const char *lists[] = {"system", "calls", "ampm", "eras", "time_words"};
	for (size_t k = 0; k < 5; k++) {
		const json_t *l = json_object_get(wa, lists[k]);
		assert_true(json_array_size(l) > 0);
		size_t i;
		const json_t *v;
		json_array_foreach(l, i, v)
		{
			const char *lang = json_string_value(json_object_get(v, "lang"));
			if (!lang || strlen(lang) < 2 || strlen(lang) > 3)
				fail_msg("%s[%zu] has no language tag", lists[k], i);
		}
	}
}

/* ---- reading a mapped file --------------------------------------------- */

/* A mapped file and one read through a buffer give the same messages. */
static void test_mapped_and_read_agree(void **state)
{
	const char *files[] = {"wa-android-dmy-24h.txt", "wa-ios-bracket.txt", "wa-ar-eastern.txt",
	                       "wa-ja-era.txt", "wa-notices.txt"};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		struct chat_collect a, b;
		parse(files[i], &a, 1);
		setenv("HAVEN_CHAT_NO_MMAP", "1", 1);
		parse(files[i], &b, 1);
		unsetenv("HAVEN_CHAT_NO_MMAP");
		assert_int_equal(a.n, b.n);
		assert_int_equal(a.system, b.system);
		for (int k = 0; k < a.n; k++)
			assert_memory_equal(&a.msg[k], &b.msg[k], sizeof a.msg[k]);
	}
}

struct cutter {
	int fd, seen;
};

static int cut_chat(void *ctx, const char *name, const char *me_id, struct hv_error *err)
{
	return 0;
}

/* The file is cut to nothing under the reader at its first message. */
static int cut_message(void *ctx, const struct hv_chat_in *m, struct hv_error *err)
{
	struct cutter *c = ctx;
	if (c->seen++ == 0)
		assert_int_equal(ftruncate(c->fd, 0), 0);
	return 0;
}

static void cut_skip(void *ctx, int64_t line)
{
}

/* A file cut shorter while it is mapped fails the import; it does not
 * bring haven down with SIGBUS. */
static void test_file_cut_while_mapped(void **state)
{
	FILE *f = fopen("cut.txt", "w+b");
	assert_non_null(f);
	for (int i = 0; i < 100000; i++)
		fprintf(f, "01/02/2024, %02d:%02d - %s: message number %d\n", i / 60 % 24, i % 60,
		        i % 2 ? "Sam" : "Alex", i);
	fflush(f);
	rewind(f);
	struct hv_chat_input in;
	hv_chat_input_file(&in, f, "cut.txt");
	assert_true(in.map_len > (1 << 20));
	struct cutter c = {fileno(f), 0};
	struct hv_chat_sink sink = {cut_chat, cut_message, cut_skip, &c, 0};
	struct hv_error err;
	assert_int_equal(hv_whatsapp_parse(&in, &sink, &err), -1);
	assert_non_null(strstr(err.msg, "became shorter while it was being read"));
	assert_true(c.seen < 100000);
	fclose(f);
	remove("cut.txt");
}

/* ---- statistics ----------------------------------------------------------- */

static void test_percentiles(void **state)
{
	const double v[] = {1, 2, 3, 4};
	assert_true(fabs(hv_chat_percentile(v, 4, 0.5) - 2.5) < 1e-12);
	assert_true(fabs(hv_chat_percentile(v, 4, 0.25) - 1.75) < 1e-12);
	assert_true(fabs(hv_chat_percentile(v, 4, 0.75) - 3.25) < 1e-12);
	assert_true(fabs(hv_chat_percentile(v, 4, 0) - 1) < 1e-12);
	assert_true(fabs(hv_chat_percentile(v, 4, 1) - 4) < 1e-12);
	const double one[] = {7};
	assert_true(fabs(hv_chat_percentile(one, 1, 0.9) - 7) < 1e-12);
	const double five[] = {10, 20, 30, 40, 100};
	assert_true(fabs(hv_chat_percentile(five, 5, 0.5) - 30) < 1e-12);
	assert_true(fabs(hv_chat_percentile(five, 5, 0.9) - 76) < 1e-12); /* 40 + 0.6 * 60 */
	assert_true(isnan(hv_chat_percentile(v, 0, 0.5)));
}

static void test_too_little_history(void **state)
{
	struct hv_chat_reply r[10];
	for (int i = 0; i < 10; i++)
		r[i] = (struct hv_chat_reply){(double)(i + 1), 12, 0, 0};
	struct hv_chat_wait w;
	assert_int_equal(hv_chat_wait_stats(r, 9, 12, 0, 5, &w), 0);
	assert_false(w.enough);
	assert_int_equal(w.replies, 9);
	assert_true(isnan(w.median));
	assert_true(isnan(w.share_longer));
	assert_int_equal(hv_chat_wait_stats(r, 10, 12, 0, 5, &w), 0);
	assert_true(w.enough);
	assert_int_equal(w.basis, HV_BASIS_ALL); /* 10 similar: under the 20 needed */
	assert_true(fabs(w.median - 5.5) < 1e-12);
	assert_true(fabs(w.share_longer - 0.5) < 1e-12); /* 6..10 took longer than 5 */
}

static void test_hour_conditioning(void **state)
{
	/* 20 replies at 14:00 on weekdays taking 10..29 minutes, 10 at 02:00 on
	 * weekends taking 100 minutes each. */
	struct hv_chat_reply r[30];
	for (int i = 0; i < 20; i++)
		r[i] = (struct hv_chat_reply){10.0 + i, 14, 0, 0};
	for (int i = 20; i < 30; i++)
		r[i] = (struct hv_chat_reply){100, 2, 1, 0};
	struct hv_chat_wait w;
	/* 16:00 on a weekday: within two hours of 14, same kind of day: 20. */
	hv_chat_wait_stats(r, 30, 16, 0, 25, &w);
	assert_int_equal(w.basis, HV_BASIS_HOUR_DAY);
	assert_int_equal(w.used, 20);
	assert_true(fabs(w.median - 19.5) < 1e-12);
	assert_true(fabs(w.p25 - 14.75) < 1e-12);
	assert_true(fabs(w.share_longer - 0.2) < 1e-12); /* 26, 27, 28, 29 */
	/* 17:00 is three hours away: too few similar, so all 30. */
	hv_chat_wait_stats(r, 30, 17, 0, 25, &w);
	assert_int_equal(w.basis, HV_BASIS_ALL);
	assert_int_equal(w.used, 30);
	assert_true(fabs(w.median - 24.5) < 1e-12); /* 15th and 16th of 30: 24, 25 */
	/* 13:00 on a weekend: no weekend replies near 13, but 20 near it on any day. */
	hv_chat_wait_stats(r, 30, 13, 1, 25, &w);
	assert_int_equal(w.basis, HV_BASIS_HOUR);
	assert_int_equal(w.used, 20);
	/* 00:00 wraps round to 02:00 — only 10 there: all. */
	hv_chat_wait_stats(r, 30, 0, 1, -1, &w);
	assert_int_equal(w.basis, HV_BASIS_ALL);
	assert_true(isnan(w.share_longer)); /* no silence given */
}

static struct hv_chat_msg msg(int64_t minute, int role)
{
	/* 2024-01-01 (a Monday) is day 19723; times in UTC. */
	int64_t t = 19723LL * 86400 + minute * 60;
	return (struct hv_chat_msg){t, t, role, 0, 1};
}

static void test_reply_walk(void **state)
{
	struct hv_chat_reply_walk w = {.from = HV_CHAT_ME, .to = HV_CHAT_CONTACT};
	struct hv_chat_reply r;
	assert_int_equal(hv_chat_reply_step(&w, &(struct hv_chat_msg){0}, &r), 0);
	struct hv_chat_msg seq[] = {
	    msg(9 * 60, HV_CHAT_ME), msg(9 * 60 + 5, HV_CHAT_ME), msg(9 * 60 + 6, HV_CHAT_OTHER),
	    msg(9 * 60 + 20, HV_CHAT_CONTACT), msg(9 * 60 + 21, HV_CHAT_CONTACT)};
	memset(&w, 0, sizeof w);
	w.from = HV_CHAT_ME, w.to = HV_CHAT_CONTACT;
	int replies = 0;
	for (int i = 0; i < 5; i++)
		if (hv_chat_reply_step(&w, &seq[i], &r)) {
			replies++;
			assert_true(fabs(r.minutes - 15) < 1e-12); /* from my last, 09:05 */
			assert_int_equal(r.hour, 9);
			assert_int_equal(r.weekend, 0);
		}
	assert_int_equal(replies, 1); /* the second contact message answers nothing new */
	/* Saturday 2024-01-06 */
	memset(&w, 0, sizeof w);
	w.from = HV_CHAT_ME, w.to = HV_CHAT_CONTACT;
	struct hv_chat_msg sat = msg(5 * 1440 + 60, HV_CHAT_ME),
	                   ans = msg(5 * 1440 + 90, HV_CHAT_CONTACT);
	hv_chat_reply_step(&w, &sat, &r);
	assert_int_equal(hv_chat_reply_step(&w, &ans, &r), 1);
	assert_int_equal(r.weekend, 1);
	assert_int_equal(r.hour, 1);
}

static void test_own_pattern(void **state)
{
	struct hv_chat_pattern_walk w;
	hv_chat_pattern_init(&w);
	/* 00:30 00:35 01:00 02:00 me, 03:00 contact, 03:20 me, 10:00 me (Feb) */
	struct hv_chat_msg seq[] = {msg(30, HV_CHAT_ME),
	                            msg(35, HV_CHAT_ME),
	                            msg(60, HV_CHAT_ME),
	                            msg(120, HV_CHAT_ME),
	                            msg(180, HV_CHAT_CONTACT),
	                            msg(200, HV_CHAT_ME),
	                            msg(31 * 1440 + 600, HV_CHAT_ME)};
	for (int i = 0; i < 7; i++)
		hv_chat_pattern_step(&w, &seq[i]);
	hv_chat_pattern_end(&w);
	json_t *months = hv_chat_pattern_months(&w);
	assert_int_equal(json_array_size(months), 2);
	json_t *jan = json_array_get(months, 0), *feb = json_array_get(months, 1);
	assert_string_equal(json_string_value(json_object_get(jan, "month")), "2024-01");
	assert_int_equal(json_integer_value(json_object_get(jan, "messages")), 5);
	/* 00:30 and 00:35 are one turn; 01:00 and 02:00 are follow-ups; 03:20 answers. */
	assert_int_equal(json_integer_value(json_object_get(jan, "turns")), 4);
	assert_int_equal(json_integer_value(json_object_get(jan, "followups")),
	                 2); /* 01:00, 02:00 */
	assert_int_equal(json_integer_value(json_object_get(jan, "followup_percent")), 50);
	assert_int_equal(json_integer_value(json_object_get(jan, "longest_followup_run")), 2);
	assert_int_equal(json_integer_value(json_object_get(jan, "night_messages")), 5);
	assert_int_equal(json_integer_value(json_object_get(jan, "own_typical_reply_minutes")), 20);
	assert_int_equal(json_integer_value(json_object_get(feb, "messages")), 1);
	assert_int_equal(json_integer_value(json_object_get(feb, "followups")),
	                 0); /* weeks later */
	assert_int_equal(json_integer_value(json_object_get(feb, "night_messages")), 0);
	assert_true(json_is_null(json_object_get(feb, "own_typical_reply_minutes")));
	json_decref(months);
	hv_chat_pattern_free(&w);
}

static void test_durations(void **state)
{
	char b[64];
	hv_chat_duration(25, b, sizeof b);
	assert_string_equal(b, "25 minutes");
	hv_chat_duration(70, b, sizeof b);
	assert_string_equal(b, "1 hour 10 minutes");
	hv_chat_duration(180, b, sizeof b);
	assert_string_equal(b, "3 hours");
	hv_chat_duration(3 * 1440, b, sizeof b);
	assert_string_equal(b, "3 days");
	hv_chat_duration(0.2, b, sizeof b);
	assert_string_equal(b, "less than a minute");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_android_dmy_24h),
	    cmocka_unit_test(test_android_mdy_12h_crlf),
	    cmocka_unit_test(test_android_german_dots),
	    cmocka_unit_test(test_ios_bracket_bom_marks),
	    cmocka_unit_test(test_ios_12h_narrow_space),
	    cmocka_unit_test(test_year_first),
	    cmocka_unit_test(test_spanish_pm_spellings),
	    cmocka_unit_test(test_ambiguous_orders),
	    cmocka_unit_test(test_group_system_lines_and_marks),
	    cmocka_unit_test(test_unreadable_lines_reported),
	    cmocka_unit_test(test_words_only_when_asked),
	    cmocka_unit_test(test_telegram_unixtime),
	    cmocka_unit_test(test_telegram_without_unixtime),
	    cmocka_unit_test(test_date_rules),
	    cmocka_unit_test(test_reimport_adds_only_new),
	    cmocka_unit_test(test_not_a_chat_imports_nothing),
	    cmocka_unit_test(test_out_of_order_sorted_before_measuring),
	    cmocka_unit_test(test_telegram_full_export),
	    cmocka_unit_test(test_shortcuts_read_as_cold),
	    cmocka_unit_test(test_character_counts),
	    cmocka_unit_test(test_stage_file_pipe_and_memory_agree),
	    cmocka_unit_test(test_impossible_dates_reported),
	    cmocka_unit_test(test_reimport_around_the_stored_days),
	    cmocka_unit_test(test_buddhist_years),
	    cmocka_unit_test(test_japanese_era),
	    cmocka_unit_test(test_eastern_arabic),
	    cmocka_unit_test(test_time_first_and_vietnamese_ampm),
	    cmocka_unit_test(test_times_with_dots),
	    cmocka_unit_test(test_ampm_of_other_languages),
	    cmocka_unit_test(test_korean_dates),
	    cmocka_unit_test(test_calls_count_as_sent),
	    cmocka_unit_test(test_notices_in_other_languages),
	    cmocka_unit_test(test_notices_tagged_with_language),
	    cmocka_unit_test(test_mapped_and_read_agree),
	    cmocka_unit_test(test_file_cut_while_mapped),
	    cmocka_unit_test(test_percentiles),
	    cmocka_unit_test(test_too_little_history),
	    cmocka_unit_test(test_hour_conditioning),
	    cmocka_unit_test(test_reply_walk),
	    cmocka_unit_test(test_own_pattern),
	    cmocka_unit_test(test_durations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
