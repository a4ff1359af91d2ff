/*
 * meta.c — Messenger and Instagram direct messages from Meta's "Download
 * your information" (JSON): one thread per message_N.json, loaded whole by
 * json-export.c.  Two shapes are read:
 *
 *   {"participants": [{"name"}], "title", "messages": [{"sender_name",
 *    "timestamp_ms", "content", "photos", "is_unsent", "type", ...}]}
 *   {"participants": ["name"], "threadName", "messages": [{"senderName",
 *    "timestamp", "text", "media", "isUnsent", "type", ...}]}
 *
 * the second from Messenger's end-to-end encrypted chats.  Messages come
 * newest first; the importer sorts them as it sorts any export.  Times are
 * instants (milliseconds), shown in local time through TZ.
 *
 * Meta writes every string double-encoded: each byte of its UTF-8 as a
 * character of its own, so "José" arrives as "JosÃ©".  Every name and text
 * is put right (hv_meta_repair) before it is compared or counted, or --me
 * "José" would never find its sender and "é" would count as two.
 *
 * What counts: written messages (their characters), photos, videos, voice
 * messages, stickers, shared links and calls (length 0, like WhatsApp's
 * placeholders) and unsent messages (deleted).  Not messages: joins and
 * leaves ("Subscribe", "Unsubscribe"), and the notices Meta writes in a
 * sender's name — "Sam named the group …", "Liked a message" — listed as
 * data in data/chat.json under "meta", each tagged with its language.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chat.h"
#include "chatlog.h"
#include "core/clock.h"
#include "core/content.h"
#include "core/text.h"

/* Notices are short; a long text is never one (and is not searched). */
#define NOTICE_MAX 400

char *hv_meta_repair(const char *s, size_t n, size_t *out_n)
{
	/* Double-encoded text has only characters U+0000..U+00FF, each one
	 * byte of the real text; one above is a sign it is right as it is. */
	char *out = malloc(n + 1);
	if (!out)
		return NULL;
	size_t k = 0;
	int high = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char b = (unsigned char)s[i];
		if (b < 0x80) {
			out[k++] = (char)b;
		} else if ((b == 0xc2 || b == 0xc3) && i + 1 < n &&
		           ((unsigned char)s[i + 1] & 0xc0) == 0x80) {
			out[k++] = (char)((b & 0x03) << 6 | ((unsigned char)s[++i] & 0x3f));
			high = 1;
		} else {
			free(out);
			return NULL;
		}
	}
	out[k] = '\0';
	if (!high || !hv_text_valid(out, k) || memchr(out, '\0', k)) {
		free(out);
		return NULL;
	}
	*out_n = k;
	return out;
}

/* A JSON string put right: a copy when it was double-encoded, else its
 * own bytes (*owned says which to free).  NULL when v is not a string. */
static const char *text_of(const json_t *v, size_t *len, char **owned)
{
	*owned = NULL;
	if (!json_is_string(v))
		return NULL;
	const char *s = json_string_value(v);
	*len = json_string_length(v);
	size_t n;
	if ((*owned = hv_meta_repair(s, *len, &n))) {
		*len = n;
		return *owned;
	}
	return s;
}

/* The first of two keys present in m (the two shapes name things apart). */
static const json_t *either(const json_t *m, const char *a, const char *b)
{
	const json_t *v = json_object_get(m, a);
	return v ? v : json_object_get(m, b);
}

static uint32_t chars(const char *s, size_t n)
{
	uint32_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

/* ---- notices ------------------------------------------------------------- */

/*
 * Does s match the notice template t?  "{name}" stands for the sender's
 * name or a word for "you" (Meta writes "You named the group …" in the
 * exporter's own name), "{x}" for any text of a byte or more; a full stop
 * and spaces at the end of s are allowed.  At most a few placeholders, on a short s.
 */
static int matches(const char *t, const char *s, const char *name, size_t name_len,
                   const json_t *you)
{
	for (;;) {
		if (!*t) {
			s += strspn(s, " ");
			s += *s == '.';
			return !s[strspn(s, " ")];
		}
		if (strncmp(t, "{x}", 3) == 0) {
			for (const char *p = s + 1; p <= s + strlen(s); p++)
				if (matches(t + 3, p, name, name_len, you))
					return 1;
			return 0;
		}
		if (strncmp(t, "{name}", 6) == 0) {
			if (name_len && strncmp(s, name, name_len) == 0 &&
			    matches(t + 6, s + name_len, name, name_len, you))
				return 1;
			size_t i;
			json_t *w;
			json_array_foreach(you, i, w)
			{
				const char *y = json_string_value(json_object_get(w, "text"));
				size_t yn = y ? strlen(y) : 0;
				if (yn && strncmp(s, y, yn) == 0 &&
				    matches(t + 6, s + yn, name, name_len, you))
					return 1;
			}
			return 0;
		}
		if (*t != *s)
			return 0;
		t++, s++;
	}
}

static int is_notice(const char *text, size_t len, const char *name, size_t name_len)
{
	if (len == 0 || len > NOTICE_MAX || memchr(text, '\0', len))
		return 0;
	const json_t *words = json_object_get(hv_content_json("chat.json", NULL), "meta");
	const json_t *you = json_object_get(words, "you");
	size_t i;
	json_t *n;
	json_array_foreach(json_object_get(words, "notices"), i, n)
	{
		const char *t = json_string_value(json_object_get(n, "text"));
		if (t && matches(t, text, name, name_len, you))
			return 1;
	}
	return 0;
}

/* ---- messages ------------------------------------------------------------ */

/* The message's local date and second of the day; -1 if it has no time. */
static int message_time(const json_t *m, struct hv_chat_in *out)
{
	const json_t *t = json_object_get(m, "timestamp_ms");
	int plain = !t; /* "timestamp": milliseconds, or seconds in some exports */
	if (plain)
		t = json_object_get(m, "timestamp");
	if (!json_is_integer(t))
		return -1;
	json_int_t ms = json_integer_value(t);
	if (plain && ms > 0 && ms < 100000000000LL) /* in ms that would be 1973 */
		ms *= 1000;
	if (ms <= 0 || ms >= 7258118400000LL) /* after 1970, before 2200 */
		return -1;
	struct hv_civil cv;
	hv_civil_from_ms((int64_t)ms, hv_local_offset_min((int64_t)ms), &cv);
	out->a = cv.year, out->b = cv.month, out->c = cv.day;
	out->sec = cv.hour * 3600 + cv.minute * 60 + cv.second;
	return 0;
}

static int one_message(const json_t *m, int64_t line, const struct hv_chat_sink *sink,
                       struct hv_error *err)
{
	const char *type = json_string_value(json_object_get(m, "type"));
	if (type && (strcasecmp(type, "Subscribe") == 0 || strcasecmp(type, "Unsubscribe") == 0))
		return 0; /* someone joined or left */
	struct hv_chat_in in = {.line = line, .da = 4};
	char *name_buf = NULL, *text_buf = NULL;
	size_t name_len = 0, text_len = 0;
	const char *name = json_is_object(m) ? text_of(either(m, "sender_name", "senderName"),
	                                               &name_len, &name_buf)
	                                     : NULL;
	if (!name || !name_len || message_time(m, &in) < 0) {
		free(name_buf);
		sink->skip(sink->ctx, line);
		return 0;
	}
	const char *text = text_of(either(m, "content", "text"), &text_len, &text_buf);
	int rc = 0;
	if (text && is_notice(text, text_len, name, name_len))
		goto out;
	in.sender = name;
	in.sender_len = name_len;
	if (json_is_true(either(m, "is_unsent", "isUnsent"))) {
		in.flags = HV_CHAT_DELETED;
	} else if ((type && strcasecmp(type, "Call") == 0) || json_object_get(m, "call_duration")) {
		in.flags = HV_CHAT_MEDIA;
	} else if (text && text_len) {
		in.len = chars(text, text_len);
		in.text = text;
		in.text_len = text_len;
	} else {
		/* Photos, videos, audio_files, gifs, files, sticker, share,
		 * media, or something newer with no words: something was
		 * sent, as with WhatsApp's placeholders. */
		in.flags = HV_CHAT_MEDIA;
	}
	if (!sink->want_text)
		in.text = NULL, in.text_len = 0;
	rc = sink->message(sink->ctx, &in, err);
out:
	free(name_buf);
	free(text_buf);
	return rc;
}

int hv_meta_is(const json_t *root)
{
	return json_is_array(json_object_get(root, "participants")) &&
	       json_is_array(json_object_get(root, "messages"));
}

int hv_meta_walk(const json_t *root, const struct hv_chat_sink *sink, struct hv_error *err)
{
	char *title_buf = NULL;
	size_t title_len = 0;
	const char *title = text_of(either(root, "title", "threadName"), &title_len, &title_buf);
	if (title && title_len == 0)
		title = NULL;
	int rc = sink->chat(sink->ctx, title, NULL, err);
	free(title_buf);
	if (rc < 0)
		return -1;
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(root, "messages"), i, m)
	{
		if (one_message(m, (int64_t)i + 1, sink, err) < 0)
			return -1;
	}
	return 0;
}
