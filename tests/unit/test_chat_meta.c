/*
 * test_chat_meta.c — Messenger and Instagram exports (Meta's "Download
 * your information", JSON): double-encoded text put right, and every
 * message of the fixtures in tests/fixtures/chat/meta-*.json read with its
 * sender, time, length and flags, the notices Meta writes in a sender's
 * name left out; Telegram's JSON still told apart from Meta's.
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

/* ---- putting double-encoded text right ------------------------------------- */

static void repaired(const char *in, const char *want)
{
	size_t n = 0;
	char *out = hv_meta_repair(in, strlen(in), &n);
	if (!want) {
		assert_null(out);
		return;
	}
	assert_non_null(out);
	assert_int_equal(n, strlen(want));
	assert_string_equal(out, want);
	free(out);
}

static void test_repair(void **state)
{
	(void)state;
	/* "José", "às", an emoji and a Polish word as Meta writes them. */
	repaired("Jos\xc3\x83\xc2\xa9", "José");
	repaired("\xc3\x83\xc2\xa0s", "às");
	repaired("ok \xc3\xb0\xc2\x9f\xc2\x98\xc2\x8a", "ok 😊");
	repaired("Cze\xc3\x85\xc2\x9b\xc3\x84\xc2\x87", "Cześć");
	/* Right as it is: plain ASCII, real "José", text beyond Latin-1. */
	repaired("hello", NULL);
	repaired("José", NULL);
	repaired("日本", NULL);
	/* Latin-1 characters whose bytes are no UTF-8: kept as written. */
	repaired("\xc3\x83t\xc3\xa9", NULL);
	repaired("caf\xc3\xa9 \xc3\x83", NULL);
	repaired("", NULL);
}

/* ---- the fixtures, message by message -------------------------------------- */

/* The JSON exports' parser, with the source it told them by kept aside. */
static const char *json_source;

static int json_parse(struct hv_chat_input *in, const struct hv_chat_sink *sink,
                      struct hv_error *err)
{
	json_source = NULL;
	return hv_chat_json_parse(in, sink, &json_source, err);
}

/* One chat with no exporter's id, whose every message has a sender and a
 * date written year first. */
static void one_plain_chat(const struct chat_collect *c)
{
	assert_int_equal(c->chats, 1);
	assert_false(c->me_given);
	assert_int_equal(c->system, 0);
	for (int i = 0; i < c->n; i++)
		assert_int_equal(c->msg[i].da, 4);
}

/* Read a fixture: the source it was told as. */
static const char *parse(const char *name, struct chat_collect *c, int want_text)
{
	FILE *f = chat_fixture_open(name);
	struct hv_error err;
	int rc = chat_collect_file(c, f, name, json_parse, want_text, &err);
	fclose(f);
	assert_int_equal(rc, 0);
	one_plain_chat(c);
	return json_source;
}

struct want {
	const char *sender;
	int h, mi, s;
	uint32_t len;
	int flags;
};

static void expect(const struct chat_collect *c, int y, int m, int d, const struct want *w, int n)
{
	assert_int_equal(c->n, n);
	for (int i = 0; i < n; i++) {
		assert_string_equal(c->msg[i].sender, w[i].sender);
		assert_int_equal(c->msg[i].y, y);
		assert_int_equal(c->msg[i].m, m);
		assert_int_equal(c->msg[i].d, d);
		assert_int_equal(c->msg[i].sec, w[i].h * 3600 + w[i].mi * 60 + w[i].s);
		assert_int_equal(c->msg[i].len, w[i].len);
		assert_int_equal(c->msg[i].flags, w[i].flags);
	}
}

static void test_messenger(void **state)
{
	(void)state;
	struct chat_collect c;
	assert_string_equal(parse("meta-messenger.json", &c, 1), "meta");
	assert_string_equal(c.title, "Sam");
	/* Newest first, as Meta writes them; the nickname notice and "You
	 * are now connected" are not messages; the one without a time is
	 * skipped and named by its place in the file. */
	static const struct want w[] = {
	    {"José", 18, 12, 0, 24, 0},              /* a link, its address as text */
	    {"Sam", 18, 11, 0, 0, HV_CHAT_MEDIA},    /* a sticker */
	    {"José", 18, 10, 0, 0, HV_CHAT_DELETED}, /* unsent */
	    {"Sam", 18, 7, 0, 0, HV_CHAT_MEDIA},     /* a call */
	    {"José", 18, 5, 0, 0, HV_CHAT_MEDIA},    /* a photo */
	    {"Sam", 18, 4, 10, 13, 0},               /* "Sim! ☕ às 10?" */
	    {"José", 18, 0, 0, 21, 0},               /* "Olá Sam, café amanhã?" */
	};
	expect(&c, 2024, 5, 10, w, 7);
	assert_string_equal(c.msg[5].text, "Sim! ☕ às 10?");
	assert_string_equal(c.msg[6].text, "Olá Sam, café amanhã?");
	assert_int_equal(c.nskipped, 1);
	assert_int_equal(c.skipped[0], 9);
}

static void test_instagram(void **state)
{
	(void)state;
	struct chat_collect c;
	assert_string_equal(parse("meta-instagram.json", &c, 0), "meta");
	assert_string_equal(c.title, "Sam Taylor");
	/* "Liked a message" and "Reacted 😂 to your message" are not messages. */
	static const struct want w[] = {
	    {"Sam Taylor", 21, 30, 0, 0, HV_CHAT_MEDIA}, /* a voice message */
	    {"Alex", 21, 20, 0, 0, HV_CHAT_MEDIA},       /* a shared reel, no words */
	    {"Sam Taylor", 21, 15, 0, 9, 0},             /* "haha ok 😊" */
	    {"Alex", 21, 0, 0, 16, 0},
	};
	expect(&c, 2024, 6, 2, w, 4);
	assert_string_equal(c.msg[2].text, ""); /* words only when asked for */
	assert_int_equal(c.nskipped, 0);
}

static void test_e2ee(void **state)
{
	(void)state;
	struct chat_collect c;
	assert_string_equal(parse("meta-e2ee.json", &c, 1), "meta");
	assert_string_equal(c.title, "Sam");
	static const struct want w[] = {
	    {"Alex", 9, 30, 0, 12, 0},
	    {"Sam", 9, 20, 0, 0, HV_CHAT_MEDIA},
	    {"Sam", 9, 15, 0, 10, 0}, /* "Café at 8?", written right: kept so */
	    {"Alex", 9, 10, 0, 0, HV_CHAT_DELETED},
	};
	expect(&c, 2024, 7, 1, w, 4);
	assert_string_equal(c.msg[2].text, "Café at 8?");
}

static void test_group(void **state)
{
	(void)state;
	struct chat_collect c;
	assert_string_equal(parse("meta-group.json", &c, 0), "meta");
	assert_string_equal(c.title, "Weekend");
	/* Joins, leaves and "You named the group" are not messages. */
	static const struct want w[] = {
	    {"Jo", 12, 20, 0, 7, 0},
	    {"Sam", 12, 10, 0, 5, 0},
	    {"Alex", 12, 1, 0, 14, 0},
	};
	expect(&c, 2024, 8, 3, w, 3);
}

static void test_telegram_stays_telegram(void **state)
{
	(void)state;
	struct chat_collect c;
	FILE *f = chat_fixture_open("tg-unixtime.json");
	struct hv_error err;
	assert_int_equal(chat_collect_file(&c, f, "result.json", json_parse, 0, &err), 0);
	fclose(f);
	assert_string_equal(json_source, "telegram");
	one_plain_chat(&c);
	assert_int_equal(c.n, 4);
}

/* "timestamp" in seconds, as some exports write it, is read as such. */
static void test_seconds(void **state)
{
	(void)state;
	static const char doc[] =
	    "{\"participants\": [\"Alex\", \"Sam\"], \"threadName\": \"Sam\", "
	    "\"messages\": [{\"senderName\": \"Sam\", \"text\": \"hi\", "
	    "\"timestamp\": 1719826200}]}";
	struct chat_collect c;
	struct hv_error err;
	assert_int_equal(chat_collect_text(&c, doc, "message_1.json", json_parse, 0, &err), 0);
	assert_string_equal(json_source, "meta");
	one_plain_chat(&c);
	static const struct want w[] = {{"Sam", 9, 30, 0, 2, 0}};
	expect(&c, 2024, 7, 1, w, 1);
}

/* Not an object, or cut short: refused with words that say what to export. */
static void test_not_json(void **state)
{
	(void)state;
	static const char *const bad[] = {"{\"participants\": [", "[1, 2]", "{\"a\": }"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct chat_collect c;
		struct hv_error err;
		assert_int_equal(
		    chat_collect_text(&c, bad[i], "message_1.json", json_parse, 0, &err), -1);
		assert_non_null(strstr(err.msg, "message_1.json is not a chat export"));
		assert_non_null(strstr(err.msg, "Download your information"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_repair),    cmocka_unit_test(test_messenger),
	    cmocka_unit_test(test_instagram), cmocka_unit_test(test_e2ee),
	    cmocka_unit_test(test_group),     cmocka_unit_test(test_telegram_stays_telegram),
	    cmocka_unit_test(test_seconds),   cmocka_unit_test(test_not_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
