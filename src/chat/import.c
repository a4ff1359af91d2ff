/*
 * import.c — from a parsed export to the store, all or nothing.
 *
 * The parsers stream messages into a collector (collect.c), which stages
 * them on disk as eight-byte tuples, so the text never piles up in memory.
 * Only when the whole file has been read are the two questions answered
 * that need all of it: the date order (order.c) and who is who (people.c).
 * Then the stage is read back grouped by date and merged into the store day
 * by day (import-store.c), and the import commits as one transaction.
 *
 * One pass over the file serves every input alike (a file, a pipe, a zip
 * member): reading the eight-byte tuples back from the stage costs far less
 * than parsing the text a second time would.  A large WhatsApp file on a
 * machine with two cores is read in two parts at once (split.c).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/content.h"
#include "core/nearsort.h"
#include "core/template.h"
#include "import-private.h"

/* Serve the bytes already peeked at, then the rest of the input. */
struct peeked {
	struct hv_chat_input *in;
	char buf[4096];
	size_t n, pos;
};

static ssize_t peeked_read(void *ctx, void *buf, size_t n, struct hv_error *err)
{
	struct peeked *p = ctx;
	if (p->pos < p->n) {
		size_t k = p->n - p->pos < n ? p->n - p->pos : n;
		memcpy(buf, p->buf + p->pos, k);
		p->pos += k;
		return (ssize_t)k;
	}
	return p->in->read(p->in->ctx, buf, n, err);
}

/* Telegram's and Meta's exports are JSON: after a BOM and white space, "{". */
static int looks_like_json(const char *s, size_t n)
{
	size_t i = n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	while (i < n && strchr(" \t\r\n", s[i]))
		i++;
	return i < n && s[i] == '{';
}

static int not_a_chat(struct collector *c, struct hv_error *err)
{
	return hv_fail(
	    err, HV_EDATA,
	    "%s does not look like a chat export: %s. Export the chat from WhatsApp "
	    "(⋮ → More → Export chat, without media), Telegram Desktop (Export chat "
	    "history, JSON), or Facebook or Instagram (Download your information, "
	    "JSON: the chat's message_1.json) and import that file; nothing was imported",
	    c->file,
	    c->messages == 0 ? "no messages were found in it"
	                     : "most of its lines are not messages");
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static json_t *summary(struct collector *c)
{
	json_t *contacts = json_array(), *skipped = json_array(), *notes = json_array();
	int64_t n = 0;
	for (size_t i = 0; i < c->nchats; i++) {
		struct chat *ch = &c->chats[i];
		if (ch->skip || !ch->contact)
			continue;
		n += ch->messages - ch->kept_out;
		json_array_append_new(contacts, json_string(ch->contact));
		if (ch->one_writer && ch->ns) {
			const char *const kv[] = {"name", ch->s[0].name, "file", c->file, NULL};
			char *t = hv_template_fill(
			    hv_content_text("chat.json", "import/one_writer", ""), kv);
			json_array_append_new(notes, json_string(t ? t : ""));
			free(t);
		}
	}
	/* Line numbers in order (the ones found late were noted last). */
	hv_sort_nearly(c->skipped, c->nskipped, sizeof *c->skipped, cmp_i64);
	for (size_t i = 0; i < c->nskipped; i++)
		json_array_append_new(skipped, json_integer(c->skipped[i]));
	json_t *out = json_pack("{s:I,s:o,s:o}", "messages", (json_int_t)n, "contacts", contacts,
	                        "skipped_lines", skipped);
	/* "notes" only when there is something to say: the summary of an
	 * ordinary chat stays as it was. */
	if (out && json_array_size(notes))
		json_object_set_new(out, "notes", notes);
	else
		json_decref(notes);
	return out;
}

/* One pass over the whole input; the bytes peeked at are read again. */
static void pass_progress(int64_t bytes, int64_t size, void *ctx)
{
	struct collector *c = ctx;
	c->o->progress(bytes, size, c->messages, c->o->progress_ctx);
}

/* The first bytes of in, to tell which kind of export it is. */
static int peek(struct hv_chat_input *in, struct peeked *pk, struct hv_error *err)
{
	ssize_t got;
	while (pk->n < sizeof pk->buf &&
	       (got = in->read(in->ctx, pk->buf + pk->n, sizeof pk->buf - pk->n, err)) != 0) {
		if (got < 0)
			return -1;
		pk->n += (size_t)got;
	}
	return 0;
}

/* What kind of export the peeked bytes begin. */
enum kind { KIND_WHATSAPP, KIND_JSON, KIND_IMESSAGE };

/*
 * Read the whole input into the stage: in two parts at once when it pays
 * (split.c), else, or when the two parts could not be told apart, in one
 * pass through the parser of its kind.
 */
static int read_all(struct collector *c, struct hv_chat_input *in, struct peeked *pk,
                    enum kind kind, struct hv_error *err)
{
	const struct hv_chat_import_opts *o = c->o;
	int lanes = hv_import_lanes(in, o, kind != KIND_WHATSAPP);
	if (hv_chatlog_stage_open(c->st, lanes, &c->sg, err) < 0)
		return -1;
	enum hv_split_result split =
	    lanes == 2 ? hv_import_read_in_two(c, in, err) : HV_SPLIT_UNCUT;
	if (o->lanes_used)
		*o->lanes_used = split == HV_SPLIT_READ ? 2 : 1;
	if (split == HV_SPLIT_FAILED)
		return -1;
	if (split == HV_SPLIT_CROWDED) {
		hv_chatlog_stage_close(c->sg);
		c->sg = NULL;
		hv_import_clear(c);
		if (hv_chatlog_stage_open(c->st, 1, &c->sg, err) < 0)
			return -1;
	}
	if (split == HV_SPLIT_READ)
		return 0;
	struct hv_chat_input wrapped = *in;
	wrapped.read = peeked_read;
	wrapped.ctx = pk;
	wrapped.progress = o->progress ? pass_progress : NULL;
	wrapped.progress_ctx = c;
	struct hv_chat_sink sink = hv_import_sink(c, o->keep_text);
	return kind == KIND_JSON       ? hv_chat_json_parse(&wrapped, &sink, &c->source, err)
	       : kind == KIND_IMESSAGE ? hv_imessage_parse(&wrapped, &sink, err)
	                               : hv_whatsapp_parse(&wrapped, &sink, err);
}

/* Who is who in every chat read; an error when none is left to import. */
static int resolve_all(struct collector *c, struct hv_error *err)
{
	hv_import_choose(c);
	size_t live = 0;
	for (size_t i = 0; i < c->nchats; i++) {
		if (c->chats[i].skip || c->chats[i].messages == 0) {
			c->chats[i].skip = 1;
			continue;
		}
		if (hv_import_resolve(c, &c->chats[i], err) < 0)
			return -1;
		live++;
	}
	if (live > 0)
		return 0;
	if (c->o->contact)
		return hv_fail(err, HV_EINVAL, "no chat with \"%s\" is in %s; nothing was imported",
		               c->o->contact, c->file);
	return hv_fail(err, HV_EDATA,
	               "%s holds no chat between two people; import a single chat, or "
	               "choose a group's person with --contact NAME",
	               c->file);
}

/* The stage merged into the stored days, and each contact's record. */
static int store_all(struct collector *c, struct hv_error *err)
{
	if (hv_import_stored_days(c, err) < 0 ||
	    hv_chatlog_stage_each(c->sg, hv_import_merge_group, c, err) < 0)
		return -1;
	int64_t kept = 0;
	for (size_t i = 0; i < c->nchats; i++)
		if (!c->chats[i].skip)
			kept += c->chats[i].messages - c->chats[i].kept_out;
	if (kept == 0)
		return hv_fail(err, HV_EDATA,
		               "none of the dates in %s could be read as %s; try --date-order dmy, "
		               "mdy or ymd. Nothing was imported",
		               c->file, hv_chat_order_name(c->order));
	for (size_t i = 0; i < c->nchats; i++)
		if (!c->chats[i].skip && hv_import_save_record(c, &c->chats[i], err) < 0)
			return -1;
	return 0;
}

static double seconds(const struct timespec *from, const struct timespec *to)
{
	return (double)(to->tv_sec - from->tv_sec) + (to->tv_nsec - from->tv_nsec) / 1e9;
}

/* Everything of one import inside its transaction; 0 once committed. */
static int import_all(struct collector *c, struct hv_chat_input *in, struct peeked *pk,
                      struct hv_error *err)
{
	const struct hv_chat_import_opts *o = c->o;
	enum kind kind = looks_like_json(pk->buf, pk->n)     ? KIND_JSON
	                 : hv_imessage_looks(pk->buf, pk->n) ? KIND_IMESSAGE
	                                                     : KIND_WHATSAPP;
	/* A JSON export says which it is once read. */
	c->source = kind == KIND_IMESSAGE ? "imessage" : "whatsapp";
	struct timespec t0, t1, t2;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (hv_store_begin(c->st, err) < 0)
		return -1;
	if (read_all(c, in, pk, kind, err) < 0)
		goto fail;
	if (c->messages == 0 || c->skipped_total > c->messages) {
		not_a_chat(c, err);
		goto fail;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	c->order = kind != KIND_WHATSAPP ? HV_ORDER_YMD
	           : o->order            ? o->order
	                                 : hv_chat_order_decide(&c->tally);
	if (resolve_all(c, err) < 0 || store_all(c, err) < 0)
		goto fail;
	hv_chatlog_stage_close(c->sg);
	c->sg = NULL;
	if (hv_store_commit(c->st, err) < 0)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &t2);
	if (o->read_seconds)
		*o->read_seconds = seconds(&t0, &t1);
	if (o->store_seconds)
		*o->store_seconds = seconds(&t1, &t2);
	return 0;
fail:
	hv_store_rollback(c->st);
	return -1;
}

json_t *hv_chat_import(struct hv_store *st, struct hv_chat_input *in,
                       const struct hv_chat_import_opts *o, struct hv_error *err)
{
	struct collector c = {
	    .st = st, .o = o, .file = in->name ? in->name : "the file", .err = err};
	struct peeked pk = {.in = in};
	json_t *out = NULL;
	c.skipped = malloc(HV_CHAT_SKIPPED_MAX * sizeof *c.skipped);
	if (!c.skipped)
		hv_fail(err, HV_ENOMEM, "out of memory");
	else if (peek(in, &pk, err) == 0 && import_all(&c, in, &pk, err) == 0) {
		out = summary(&c);
		if (o->added) {
			*o->added = 0;
			for (size_t i = 0; i < c.nchats; i++)
				*o->added += c.chats[i].skip ? 0 : c.chats[i].added;
		}
	}
	hv_chatlog_stage_close(c.sg);
	hv_import_free(&c);
	return out;
}
