/*
 * chat-collect.h — what a chat parser hands its sink, kept for a unit test
 * to look at: each message's sender and id, its date as written, its time,
 * length, flags and words; the notices, the chats begun (the last one's
 * name and the exporter's own id), the lines skipped, and the tally that
 * decides a WhatsApp file's date order.  One collector serves every parser
 * (WhatsApp, Telegram, Meta, iMessage), so each test reads what came out
 * the same way, and the fixtures under tests/fixtures/chat are found in one
 * place.  Include after <cmocka.h>.
 */
#ifndef HAVEN_TEST_CHAT_COLLECT_H
#define HAVEN_TEST_CHAT_COLLECT_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "source-dir.h"

#include "chat/chat.h"

enum { CHAT_COLLECT_MAX = 32, CHAT_COLLECT_SKIPS = 8 };

struct chat_got {
	char sender[64];
	char id[32];     /* the sender's own id, "" where the source has none */
	int a, b, c, da; /* the date as written (hv_chat_in) */
	int y, m, d;     /* a, b, c until chat_collect_dates reads them in an order */
	int sec;
	uint32_t len;
	int flags;
	int has_text; /* the parser handed words, even none */
	char text[128];
};

struct chat_collect {
	struct chat_got msg[CHAT_COLLECT_MAX];
	int n, system, chats;
	char title[64]; /* the last chat's name, "" for none */
	char me[32];    /* the exporter's own id, where me_given */
	int me_given;
	int64_t skipped[CHAT_COLLECT_SKIPS];
	int nskipped;
	struct hv_chat_order_tally tally;
};

typedef int (*chat_parse_fn)(struct hv_chat_input *in, const struct hv_chat_sink *sink,
                             struct hv_error *err);

static inline int chat_collect_chat(void *ctx, const char *name, const char *me_id,
                                    struct hv_error *err)
{
	(void)err;
	struct chat_collect *c = ctx;
	c->chats++;
	snprintf(c->title, sizeof c->title, "%s", name ? name : "");
	c->me_given = me_id != NULL;
	snprintf(c->me, sizeof c->me, "%s", me_id ? me_id : "");
	return 0;
}

/* A message with no sender is a notice, and says so in its flags. */
static inline int chat_collect_message(void *ctx, const struct hv_chat_in *m, struct hv_error *err)
{
	(void)err;
	struct chat_collect *c = ctx;
	hv_chat_order_see(&c->tally, m->a, m->b, m->c, m->da);
	if (!m->sender) {
		assert_int_equal(m->flags, HV_CHAT_SYSTEM);
		c->system++;
		return 0;
	}
	assert_true(c->n < CHAT_COLLECT_MAX);
	struct chat_got *g = &c->msg[c->n++];
	snprintf(g->sender, sizeof g->sender, "%.*s", (int)m->sender_len, m->sender);
	snprintf(g->id, sizeof g->id, "%s", m->sender_id ? m->sender_id : "");
	g->a = m->a, g->b = m->b, g->c = m->c, g->da = m->da;
	g->y = m->a, g->m = m->b, g->d = m->c, g->sec = m->sec;
	g->len = m->len;
	g->flags = m->flags;
	g->has_text = m->text != NULL;
	if (m->text)
		snprintf(g->text, sizeof g->text, "%.*s", (int)m->text_len, m->text);
	return 0;
}

static inline void chat_collect_skip(void *ctx, int64_t line)
{
	struct chat_collect *c = ctx;
	if (c->nskipped < CHAT_COLLECT_SKIPS)
		c->skipped[c->nskipped++] = line;
}

/* Read f, named name, through parse into c, emptied first: the parser's
 * 0 or -1 (err says why).  f stays open. */
static inline int chat_collect_file(struct chat_collect *c, FILE *f, const char *name,
                                    chat_parse_fn parse, int want_text, struct hv_error *err)
{
	memset(c, 0, sizeof *c);
	struct hv_chat_input in;
	hv_chat_input_file(&in, f, name);
	struct hv_chat_sink sink = {chat_collect_chat, chat_collect_message, chat_collect_skip, c,
	                            want_text};
	return parse(&in, &sink, err);
}

/* The same for text held in memory. */
static inline int chat_collect_text(struct chat_collect *c, const char *text, const char *name,
                                    chat_parse_fn parse, int want_text, struct hv_error *err)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	assert_non_null(f);
	int rc = chat_collect_file(c, f, name, parse, want_text, err);
	fclose(f);
	return rc;
}

/* Every message's date read in order (enum hv_date_order); each must be a
 * real day. */
static inline void chat_collect_dates(struct chat_collect *c, int order)
{
	for (int i = 0; i < c->n; i++) {
		struct chat_got *g = &c->msg[i];
		assert_int_equal(hv_chat_date(order, g->a, g->b, g->c, g->da, &g->y, &g->m, &g->d),
		                 0);
	}
}

/* Where the chat fixture name is: tests/fixtures/chat/name. */
static inline void chat_fixture_path(char *out, size_t n, const char *name)
{
	source_path(out, n, "tests/fixtures/chat");
	size_t dir = strlen(out);
	if ((size_t)snprintf(out + dir, n - dir, "/%s", name) >= n - dir)
		fail_msg("the path to fixture %s is too long", name);
}

/* The chat fixture name, open to read; the test fails where it is not. */
static inline FILE *chat_fixture_open(const char *name)
{
	char path[4400];
	chat_fixture_path(path, sizeof path, name);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("no fixture %s", path);
	return f;
}

#endif
