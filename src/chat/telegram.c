/*
 * telegram.c — Telegram Desktop's JSON export (result.json), read with
 * jansson.  Two shapes: one chat ({"name", "type", "messages": [...]}) or a
 * full export ({"personal_information": {"user_id"}, "chats": {"list":
 * [chat, ...]}}), where the person's own messages are known by their id.
 *
 * Times come from "date_unixtime" (an instant, shown in local time through
 * TZ); older exports have only "date", local wall time as written.
 *
 * The document is loaded whole by json-export.c (see there for why), which
 * also tells it from Meta's export.  A Telegram export is much smaller than
 * a WhatsApp one of the same history (no media, one line per message).  The
 * messages still go to the sink one by one, so nothing after parsing grows.
 */
#include <stdlib.h>
#include <string.h>

#include "chat.h"
#include "chatlog.h"
#include "core/clock.h"

static uint32_t chars(const char *s)
{
	uint32_t c = 0;
	for (; *s; s++)
		c += ((unsigned char)*s & 0xc0) != 0x80;
	return c;
}

/* "text" is a string or a list of strings and {"type", "text"} pieces. */
static uint32_t text_length(const json_t *t, json_t *words)
{
	if (json_is_string(t)) {
		if (words)
			json_array_append(words, (json_t *)t);
		return chars(json_string_value(t));
	}
	uint32_t n = 0;
	size_t i;
	json_t *piece;
	json_array_foreach(t, i, piece)
	{
		const json_t *s = json_is_string(piece) ? piece : json_object_get(piece, "text");
		if (json_is_string(s)) {
			n += chars(json_string_value(s));
			if (words)
				json_array_append(words, (json_t *)s);
		}
	}
	return n;
}

/* The message's local date and second of the day; -1 if it has no time. */
static int message_time(const json_t *m, struct hv_chat_in *out)
{
	const json_t *u = json_object_get(m, "date_unixtime");
	long long secs = 0;
	char tail;
	int have = json_is_integer(u)  ? (secs = json_integer_value(u), 1)
	           : json_is_string(u) ? sscanf(json_string_value(u), "%lld%c", &secs, &tail) == 1
	                               : 0;
	if (have && secs > 0 && secs < 7258118400LL) { /* before 2200 */
		int64_t ms = (int64_t)secs * 1000;
		struct hv_civil cv;
		hv_civil_from_ms(ms, hv_local_offset_min(ms), &cv);
		out->a = cv.year, out->b = cv.month, out->c = cv.day;
		out->sec = cv.hour * 3600 + cv.minute * 60 + cv.second;
		return 0;
	}
	const char *d = json_string_value(json_object_get(m, "date"));
	int y, mo, da, h, mi, s;
	if (!d || sscanf(d, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &da, &h, &mi, &s) != 6 || h > 23 ||
	    mi > 59 || s > 59)
		return -1;
	out->a = y, out->b = mo, out->c = da;
	out->sec = h * 3600 + mi * 60 + s;
	return 0;
}

static int is_media(const json_t *m)
{
	return json_object_get(m, "media_type") || json_object_get(m, "photo") ||
	       json_object_get(m, "file") || json_object_get(m, "sticker_emoji");
}

static int one_message(const json_t *m, int64_t line, const struct hv_chat_sink *sink,
                       struct hv_error *err)
{
	const char *type = json_string_value(json_object_get(m, "type"));
	if (type && strcmp(type, "message") != 0)
		return 0; /* service notices: calls, joins, pins */
	struct hv_chat_in in = {.line = line, .da = 4};
	const char *from = json_string_value(json_object_get(m, "from"));
	const char *id = json_string_value(json_object_get(m, "from_id"));
	if (!json_is_object(m) || message_time(m, &in) < 0 || (!from && !id)) {
		sink->skip(sink->ctx, line);
		return 0;
	}
	in.sender = from ? from : id;
	in.sender_len = strlen(in.sender);
	in.sender_id = id;
	json_t *words = sink->want_text ? json_array() : NULL;
	in.len = text_length(json_object_get(m, "text"), words);
	in.flags = is_media(m) ? HV_CHAT_MEDIA : 0;
	char *joined = NULL;
	if (words) {
		size_t total = 0, i;
		json_t *w;
		json_array_foreach(words, i, w) total += json_string_length(w);
		joined = malloc(total + 1);
		if (joined) {
			size_t at = 0;
			json_array_foreach(words, i, w)
			{
				memcpy(joined + at, json_string_value(w), json_string_length(w));
				at += json_string_length(w);
			}
			in.text = joined;
			in.text_len = at;
		}
	}
	int rc = sink->message(sink->ctx, &in, err);
	free(joined);
	json_decref(words);
	return rc;
}

static int one_chat(const json_t *chat, const char *me_id, int64_t *line,
                    const struct hv_chat_sink *sink, struct hv_error *err)
{
	const json_t *msgs = json_object_get(chat, "messages");
	if (!json_is_array(msgs))
		return 0;
	if (sink->chat(sink->ctx, json_string_value(json_object_get(chat, "name")), me_id, err) < 0)
		return -1;
	size_t i;
	json_t *m;
	json_array_foreach(msgs, i, m)
	{
		if (one_message(m, ++*line, sink, err) < 0)
			return -1;
	}
	return 0;
}

int hv_telegram_walk(const json_t *root, const struct hv_chat_sink *sink, struct hv_error *err)
{
	int64_t line = 0;
	const json_t *list = json_object_get(json_object_get(root, "chats"), "list");
	if (!json_is_array(list))
		return one_chat(root, NULL, &line, sink, err);
	char me[64] = "";
	const json_t *uid =
	    json_object_get(json_object_get(root, "personal_information"), "user_id");
	if (json_is_integer(uid))
		snprintf(me, sizeof me, "user%lld", (long long)json_integer_value(uid));
	size_t i;
	json_t *chat;
	json_array_foreach(list, i, chat)
	{
		if (one_chat(chat, *me ? me : NULL, &line, sink, err) < 0)
			return -1;
	}
	return 0;
}

int hv_telegram_parse(struct hv_chat_input *in, const struct hv_chat_sink *sink,
                      struct hv_error *err)
{
	json_t *root;
	if (hv_chat_json_load(in, &root, err) < 0)
		return -1;
	int rc = hv_telegram_walk(root, sink, err);
	json_decref(root);
	return rc;
}
