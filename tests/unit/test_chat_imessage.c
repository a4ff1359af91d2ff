/*
 * test_chat_imessage.c — the text export of imessage-exporter: every
 * message of tests/fixtures/chat/imessage-sam.txt read with its sender,
 * time, length and flags (reactions, the exporter's notes and attachment
 * paths are no words; a deleted message, a reply in a thread, a renamed
 * conversation); 12-hour edges, CRLF, a BOM and what is skipped; and the
 * file told from a WhatsApp or JSON export by its first line.
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

/* ---- the fixtures, message by message -------------------------------------- */

/* Read text as an export of one conversation whose "Me" is the person
 * who exported it; every date is written year first. */
static void parse_text(const char *text, struct chat_collect *c, int want_text)
{
	struct hv_error err;
	assert_int_equal(chat_collect_text(c, text, "Sam.txt", hv_imessage_parse, want_text, &err),
	                 0);
	assert_int_equal(c->chats, 1);
	assert_true(c->me_given);
	assert_string_equal(c->me, "me");
	for (int i = 0; i < c->n; i++)
		assert_int_equal(c->msg[i].da, 4);
}

static char *slurp(const char *name)
{
	FILE *f = chat_fixture_open(name);
	static char buf[1 << 14];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

struct want {
	const char *sender;
	int d, h, mi, s;
	uint32_t len;
	int flags;
	int me;
};

static void test_fixture(void **state)
{
	(void)state;
	struct chat_collect c;
	parse_text(slurp("imessage-sam.txt"), &c, 1);
	static const struct want w[] = {
	    {"Me", 17, 17, 29, 42, 28, 0, 1},
	    {"Sam Taylor", 17, 17, 31, 2, 15, 0, 0},             /* its reactions are not words */
	    {"Sam Taylor", 17, 17, 31, 40, 0, HV_CHAT_MEDIA, 0}, /* a photo, by its path */
	    {"Sam Taylor", 17, 17, 33, 5, 20, 0, 0},
	    {"Me", 17, 17, 35, 10, 13, 0, 1}, /* a reply in the thread */
	    {"Me", 17, 23, 58, 13, 0, HV_CHAT_DELETED, 1},
	    {"Sam Taylor", 18, 8, 2, 0, 17, 0, 0},       /* two lines */
	    {"Me", 18, 12, 15, 30, 0, HV_CHAT_MEDIA, 1}, /* "Attachment missing!" */
	};
	assert_int_equal(c.n, 8);
	for (int i = 0; i < 8; i++) {
		assert_string_equal(c.msg[i].sender, w[i].sender);
		assert_string_equal(c.msg[i].id, w[i].me ? "me" : "");
		assert_int_equal(c.msg[i].y, 2022);
		assert_int_equal(c.msg[i].m, 5);
		assert_int_equal(c.msg[i].d, w[i].d);
		assert_int_equal(c.msg[i].sec, w[i].h * 3600 + w[i].mi * 60 + w[i].s);
		assert_int_equal(c.msg[i].len, w[i].len);
		assert_int_equal(c.msg[i].flags, w[i].flags);
	}
	assert_string_equal(c.msg[3].text, "Dinner at Café Rosa?");
	assert_string_equal(c.msg[6].text, "morning!\nline two");
	assert_int_equal(c.system, 1); /* the conversation renamed */
	assert_int_equal(c.nskipped, 0);
}

/* 12 AM is midnight, 12 PM noon; CRLF and a BOM; text before the first
 * message is skipped by line; a header with no sender is no message. */
static void test_edges(void **state)
{
	(void)state;
	struct chat_collect c;
	parse_text("\xef\xbb\xbf"
	           "exported by a tool\r\n"
	           "Jan 01, 2024 12:05:00 AM\r\n"
	           "Sam\r\n"
	           "happy new year\r\n"
	           "\r\n"
	           "Jan 01, 2024 12:10:09 PM\r\n"
	           "Me\r\n"
	           "\r\n"
	           "second paragraph after a blank line\r\n"
	           "\r\n"
	           "Feb 30, 2024  1:00:00 PM\r\n",
	           &c, 0);
	assert_int_equal(c.nskipped, 2);
	assert_int_equal(c.skipped[0], 1);
	assert_int_equal(c.skipped[1], 11);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.msg[0].sec, 5 * 60);
	assert_int_equal(c.msg[0].len, 14);
	assert_int_equal(c.msg[1].sec, 12 * 3600 + 10 * 60 + 9);
	assert_int_equal(c.msg[1].len, 35); /* the leading blank line is no word */
}

static void test_looks(void **state)
{
	(void)state;
	static const char *const yes[] = {
	    "May 17, 2022  5:29:42 PM\nMe\nhi\n",
	    "May 17, 2022  5:29:42 PM (Read by them after 1 hour)\nMe\nhi\n",
	    "\xef\xbb\xbf\nDec 01, 2023 11:00:00 AM\nSam\n",
	};
	static const char *const no[] = {
	    "17/05/2022, 17:29 - Sam: hi\n",
	    "[17/05/2022, 17:29:42] Sam: hi\n",
	    "{\"messages\": []}",
	    "May 17, 2022 at 5:29 PM\nMe\n",
	    "",
	};
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		assert_true(hv_imessage_looks(yes[i], strlen(yes[i])));
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		assert_false(hv_imessage_looks(no[i], strlen(no[i])));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fixture),
	    cmocka_unit_test(test_edges),
	    cmocka_unit_test(test_looks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
