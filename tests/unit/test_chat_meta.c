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

#include "source-dir.h"

#include "chat/chat.h"
#include "chat/chatlog.h"

static char fixture_dir[4200];

static int find_fixtures(void **state)
{
	(void)state;
	source_path(fixture_dir, sizeof fixture_dir, "tests/fixtures/chat");
	return 0;
}

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

struct got {
	char sender[64];
	int y, m, d, sec;
	uint32_t len;
	int flags;
	char text[128];
};

struct collect {
	struct got msg[16];
	int n, chats;
	char title[64];
	int64_t skipped[8];
	int nskipped;
};

static int c_chat(void *ctx, const char *name, const char *me_id, struct hv_error *err)
{
	struct collect *c = ctx;
	c->chats++;
	snprintf(c->title, sizeof c->title, "%s", name ? name : "");
	assert_null(me_id);
	return 0;
}

static int c_message(void *ctx, const struct hv_chat_in *m, struct hv_error *err)
{
	struct collect *c = ctx;
	assert_non_null(m->sender);
	assert_true(c->n < 16);
	struct got *g = &c->msg[c->n++];
	snprintf(g->sender, sizeof g->sender, "%.*s", (int)m->sender_len, m->sender);
	assert_int_equal(m->da, 4);
	g->y = m->a, g->m = m->b, g->d = m->c, g->sec = m->sec;
	g->len = m->len;
	g->flags = m->flags;
	if (m->text)
		snprintf(g->text, sizeof g->text, "%.*s", (int)m->text_len, m->text);
	return 0;
}

static void c_skip(void *ctx, int64_t line)
{
	struct collect *c = ctx;
	if (c->nskipped < 8)
		c->skipped[c->nskipped++] = line;
}

static const char *parse(const char *name, struct collect *c, int want_text)
{
	char path[4400];
	snprintf(path, sizeof path, "%s/%s", fixture_dir, name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	memset(c, 0, sizeof *c);
	struct hv_chat_input in;
	hv_chat_input_file(&in, f, name);
	struct hv_chat_sink sink = {c_chat, c_message, c_skip, c, want_text};
	struct hv_error err;
	const char *source = NULL;
	int rc = hv_chat_json_parse(&in, &sink, &source, &err);
	fclose(f);
	assert_int_equal(rc, 0);
	assert_int_equal(c->chats, 1);
	return source;
}

struct want {
	const char *sender;
	int h, mi, s;
	uint32_t len;
	int flags;
};

static void expect(const struct collect *c, int y, int m, int d, const struct want *w, int n)
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
	struct collect c;
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
	struct collect c;
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
	struct collect c;
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
	struct collect c;
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
	struct collect c;
	memset(&c, 0, sizeof c);
	char path[4400];
	snprintf(path, sizeof path, "%s/tg-unixtime.json", fixture_dir);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	struct hv_chat_input in;
	hv_chat_input_file(&in, f, "result.json");
	struct hv_chat_sink sink = {c_chat, c_message, c_skip, &c, 0};
	struct hv_error err;
	const char *source = NULL;
	assert_int_equal(hv_chat_json_parse(&in, &sink, &source, &err), 0);
	fclose(f);
	assert_string_equal(source, "telegram");
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
	FILE *f = fmemopen((void *)doc, strlen(doc), "r");
	assert_non_null(f);
	struct collect c;
	memset(&c, 0, sizeof c);
	struct hv_chat_input in;
	hv_chat_input_file(&in, f, "message_1.json");
	struct hv_chat_sink sink = {c_chat, c_message, c_skip, &c, 0};
	struct hv_error err;
	assert_int_equal(hv_chat_json_parse(&in, &sink, NULL, &err), 0);
	fclose(f);
	static const struct want w[] = {{"Sam", 9, 30, 0, 2, 0}};
	expect(&c, 2024, 7, 1, w, 1);
}

/* Not an object, or cut short: refused with words that say what to export. */
static void test_not_json(void **state)
{
	(void)state;
	static const char *const bad[] = {"{\"participants\": [", "[1, 2]", "{\"a\": }"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		FILE *f = fmemopen((void *)bad[i], strlen(bad[i]), "r");
		assert_non_null(f);
		struct collect c;
		memset(&c, 0, sizeof c);
		struct hv_chat_input in;
		hv_chat_input_file(&in, f, "message_1.json");
		struct hv_chat_sink sink = {c_chat, c_message, c_skip, &c, 0};
		struct hv_error err;
		assert_int_equal(hv_chat_json_parse(&in, &sink, NULL, &err), -1);
		fclose(f);
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
	return cmocka_run_group_tests(tests, find_fixtures, NULL);
}
