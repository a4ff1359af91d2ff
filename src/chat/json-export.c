/*
 * json-export.c — the chat exports that are one JSON document: Telegram
 * Desktop's result.json (telegram.c) and the message_N.json of Meta's
 * "Download your information" for Messenger and Instagram (meta.c).
 *
 * The document is loaded whole (json_loadb): jansson has no event parser,
 * and cutting a JSON text into pieces by hand would be a JSON parser of our
 * own.  jansson needs roughly ten times the file in memory, so these are
 * the importers whose memory grows with the file; docs/chat.md says so.
 * Both kinds of file are small beside a WhatsApp text of the same history
 * (no media, and Meta splits a thread into files of 10,000 messages).
 *
 * Which kind a document is, is told by its keys: Meta's has "participants"
 * beside "messages", Telegram's never does.
 */
#include <stdlib.h>
#include <string.h>

#include "chat.h"

/* The largest JSON export read (bytes). */
#define JSON_EXPORT_MAX ((size_t)1 << 30)

static int read_all(struct hv_chat_input *in, char **out, size_t *len, struct hv_error *err)
{
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	if (!buf)
		return hv_fail(err, HV_ENOMEM, "out of memory");
	for (;;) {
		if (n == cap) {
			if (cap >= JSON_EXPORT_MAX) {
				free(buf);
				return hv_fail(err, HV_EDATA,
				               "%s is larger than 1 GiB, more than haven reads as "
				               "one JSON chat export; export a single chat instead",
				               in->name);
			}
			char *b = realloc(buf, cap * 2);
			if (!b) {
				free(buf);
				return hv_fail(err, HV_ENOMEM, "out of memory");
			}
			buf = b;
			cap *= 2;
		}
		ssize_t got = in->read(in->ctx, buf + n, cap - n, err);
		if (got < 0) {
			free(buf);
			return -1;
		}
		if (got == 0)
			break;
		n += (size_t)got;
		if (in->progress)
			in->progress((int64_t)n, in->size, in->progress_ctx);
	}
	*out = buf;
	*len = n;
	return 0;
}

int hv_chat_json_load(struct hv_chat_input *in, json_t **root, struct hv_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	*root = NULL;
	if (read_all(in, &buf, &len, err) < 0)
		return -1;
	json_error_t je;
	json_t *doc = json_loadb(buf, len, 0, &je);
	free(buf);
	if (!json_is_object(doc)) {
		json_decref(doc);
		return hv_fail(err, HV_EDATA,
		               "%s is not a chat export haven can read: %s (line %d). Export the "
		               "chat from Telegram Desktop as JSON and import result.json, or from "
		               "Facebook or Instagram's \"Download your information\" as JSON and "
		               "import the chat's message_1.json; nothing was imported",
		               in->name, doc ? "the JSON is not an object" : je.text, je.line);
	}
	*root = doc;
	return 0;
}

int hv_chat_json_parse(struct hv_chat_input *in, const struct hv_chat_sink *sink,
                       const char **source, struct hv_error *err)
{
	json_t *root;
	if (hv_chat_json_load(in, &root, err) < 0)
		return -1;
	int meta = hv_meta_is(root);
	if (source)
		*source = meta ? "meta" : "telegram";
	int rc = meta ? hv_meta_walk(root, sink, err) : hv_telegram_walk(root, sink, err);
	json_decref(root);
	return rc;
}
