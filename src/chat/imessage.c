/*
 * imessage.c — the text export of imessage-exporter (`imessage-exporter -f
 * txt`), one file per conversation:
 *
 *   May 17, 2022  5:29:42 PM (Read by them after 1 hour, 49 seconds)
 *   Me
 *   Hello world
 *
 *   May 17, 2022  5:31:02 PM
 *   Sam Taylor
 *   Hi!
 *   Reactions:
 *   Loved by Me
 *       May 17, 2022  5:32:10 PM
 *       Me
 *       a reply in the thread, indented under the message it answers
 *
 *   May 17, 2022  6:00:00 PM You renamed the conversation to Weekend
 *
 * A message is a header line — the date and time in the exporter's fixed
 * English form, nothing after it but "(Read by …)" — then the sender ("Me"
 * for the person who exported), then its lines up to the next header; a
 * reply in a thread is the same, four spaces in.  A header with other words
 * after the time is a notice of the conversation (renamed, people added),
 * not a message.  Times are local wall time, as written.
 *
 * Not the sender's words, and so not counted in a message's length: the
 * exporter's own lines (reactions and what follows them, "This message
 * responded to an earlier message.", "Sent with Confetti", …).  A message of
 * attachments only (their file paths, or "Attachment missing!") counts
 * with no length, like WhatsApp's placeholders; "You deleted a message." as
 * a deleted one.  Those lines are data, data/chat.json → "imessage".
 *
 * Streamed a line at a time, like the WhatsApp reader; a line longer than
 * HV_CHAT_LINE_MAX is skipped without being held.
 */
#include <stdlib.h>
#include <string.h>

#include "chat.h"
#include "chatlog.h"
#include "core/content.h"

#define IM_CHUNK (1 << 16)

/* ---- reading lines ---------------------------------------------------------- */

struct lines {
	struct hv_chat_input *in;
	char *buf;
	size_t cap, start, end; /* the unread bytes are buf[start..end) */
	int eof;
	int64_t bytes, next_progress;
};

/*
 * The next line (without its end) in line and len, 1; 0 at the end; -1 on
 * a read error; 2 for a line too long to keep (skipped whole).
 */
static int next_line(struct lines *l, const char **line, size_t *len, struct hv_error *err)
{
	int too_long = 0;
	*line = "";
	*len = 0;
	for (;;) {
		char *nl = memchr(l->buf + l->start, '\n', l->end - l->start);
		if (nl || (l->eof && l->end > l->start)) {
			size_t n = nl ? (size_t)(nl - (l->buf + l->start)) : l->end - l->start;
			*line = l->buf + l->start;
			l->start += n + (nl != NULL);
			if (n && (*line)[n - 1] == '\r')
				n--;
			*len = n;
			return too_long ? 2 : 1;
		}
		if (l->eof)
			return too_long ? 2 : 0;
		if (l->end - l->start >= HV_CHAT_LINE_MAX) {
			too_long = 1; /* forget what there is of it, read on to its end */
			l->start = l->end;
		}
		if (l->start > 0) {
			memmove(l->buf, l->buf + l->start, l->end - l->start);
			l->end -= l->start;
			l->start = 0;
		}
		if (l->cap - l->end < IM_CHUNK) {
			size_t cap = l->cap * 2;
			char *b = realloc(l->buf, cap);
			if (!b)
				return hv_fail(err, HV_ENOMEM, "out of memory");
			l->buf = b;
			l->cap = cap;
		}
		ssize_t got = l->in->read(l->in->ctx, l->buf + l->end, l->cap - l->end, err);
		if (got < 0)
			return -1;
		if (got == 0)
			l->eof = 1;
		l->end += (size_t)got;
		l->bytes += got;
		if (l->in->progress && (l->eof || l->bytes >= l->next_progress)) {
			l->in->progress(l->bytes, l->in->size, l->in->progress_ctx);
			l->next_progress = l->bytes + (1 << 22);
		}
	}
}

/* ---- the header ------------------------------------------------------------- */

static int digits(const char **p, const char *end, int most, int *out)
{
	int n = 0, v = 0;
	while (*p < end && n < most && **p >= '0' && **p <= '9')
		v = v * 10 + (*(*p)++ - '0'), n++;
	*out = v;
	return n;
}

static int expect(const char **p, const char *end, const char *s)
{
	size_t n = strlen(s);
	if ((size_t)(end - *p) < n || memcmp(*p, s, n) != 0)
		return 0;
	*p += n;
	return 1;
}

/*
 * "May 17, 2022  5:29:42 PM": the exporter's "%b %d, %Y %l:%M:%S %p".
 * Fills y, mo, d and sec and returns where the header's rest begins, or
 * NULL when the line is no header.
 */
static const char *header(const char *s, const char *end, int *y, int *mo, int *d, int *sec)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	if (end - s < 20)
		return NULL;
	const char *m = NULL;
	for (int i = 0; i < 12 && !m; i++)
		if (memcmp(s, months + 3 * i, 3) == 0)
			m = s, *mo = i + 1;
	const char *p = s + 3;
	int h, mi, se;
	if (!m || !expect(&p, end, " ") || !digits(&p, end, 2, d) || !expect(&p, end, ", ") ||
	    digits(&p, end, 4, y) != 4)
		return NULL;
	while (p < end && *p == ' ')
		p++;
	if (!digits(&p, end, 2, &h) || !expect(&p, end, ":") || digits(&p, end, 2, &mi) != 2 ||
	    !expect(&p, end, ":") || digits(&p, end, 2, &se) != 2 || !expect(&p, end, " "))
		return NULL;
	int pm = expect(&p, end, "PM");
	if (!pm && !expect(&p, end, "AM"))
		return NULL;
	if (h < 1 || h > 12 || mi > 59 || se > 59 || *d < 1 || *d > 31)
		return NULL;
	*sec = ((h % 12) + 12 * pm) * 3600 + mi * 60 + se;
	return p;
}

/* ---- the exporter's own lines ----------------------------------------------------- */

struct words {
	const json_t *me, *deleted, *notes, *note_prefixes, *ends_body, *attachment_missing;
};

static void load_words(struct words *w)
{
	const json_t *im = json_object_get(hv_content_json("chat.json", NULL), "imessage");
	w->me = json_object_get(im, "me");
	w->deleted = json_object_get(im, "deleted");
	w->notes = json_object_get(im, "notes");
	w->note_prefixes = json_object_get(im, "note_prefixes");
	w->ends_body = json_object_get(im, "ends_body");
	w->attachment_missing = json_object_get(im, "attachment_missing");
}

/* Is s (n bytes) one of the {"text"} of list, whole (or, prefix: its start)? */
static int in_list(const json_t *list, const char *s, size_t n, int prefix)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		const char *t = json_string_value(json_object_get(v, "text"));
		size_t k = t ? strlen(t) : 0;
		if (k && (prefix ? n >= k : n == k) && memcmp(s, t, k) == 0)
			return 1;
	}
	return 0;
}

/* A file path as the exporter writes an attachment: "/…/IMG_0001.HEIC" or "~/…". */
static int is_path(const char *s, size_t n)
{
	return n > 1 && (s[0] == '/' || (s[0] == '~' && s[1] == '/')) && !memchr(s, '\n', n);
}

static int ends_with(const char *s, size_t n, const char *t)
{
	size_t k = strlen(t);
	return n >= k && memcmp(s + n - k, t, k) == 0;
}

/* ---- messages ---------------------------------------------------------------- */

struct pending {
	int open; /* a header and sender have been read */
	int want_sender;
	int indent;   /* 0, or 4 for a reply in a thread */
	int in_notes; /* past "Reactions:": the rest is the exporter's */
	struct hv_chat_in m;
	char *sender;
	size_t sender_cap;
	char *text; /* the words, lines joined with "\n" */
	size_t text_len, text_cap;
	int lines, attachments, deleted;
};

static int keep(char **buf, size_t *cap, size_t need, struct hv_error *err)
{
	if (need <= *cap)
		return 0;
	size_t c = *cap ? *cap : 256;
	while (c < need)
		c *= 2;
	char *b = realloc(*buf, c);
	if (!b)
		return hv_fail(err, HV_ENOMEM, "out of memory");
	*buf = b;
	*cap = c;
	return 0;
}

static uint32_t chars(const char *s, size_t n)
{
	uint32_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

/* Send the message being read, if any, to the sink. */
static int flush(struct pending *p, const struct hv_chat_sink *sink, struct hv_error *err)
{
	if (!p->open)
		return 0;
	p->open = 0;
	if (p->want_sender) { /* a header with nothing after it */
		sink->skip(sink->ctx, p->m.line);
		return 0;
	}
	/* Blank lines at the end belong to the gap before the next message. */
	while (p->text_len && p->text[p->text_len - 1] == '\n')
		p->text_len--;
	struct hv_chat_in m = p->m;
	if (p->deleted) {
		m.flags = HV_CHAT_DELETED;
	} else if (p->text_len == 0) {
		m.flags = HV_CHAT_MEDIA; /* attachments, or something with no words */
	} else {
		m.len = chars(p->text, p->text_len);
		if (sink->want_text)
			m.text = p->text, m.text_len = p->text_len;
	}
	return sink->message(sink->ctx, &m, err);
}

/* One line of a message's body. */
static int body_line(struct pending *p, const struct words *w, const char *s, size_t n,
                     struct hv_error *err)
{
	if (p->indent && n >= 4 && memcmp(s, "    ", 4) == 0)
		s += 4, n -= 4;
	if (p->in_notes)
		return 0;
	if (in_list(w->ends_body, s, n, 0)) {
		p->in_notes = 1;
		return 0;
	}
	if (in_list(w->notes, s, n, 0) || in_list(w->note_prefixes, s, n, 1))
		return 0;
	if (is_path(s, n) || in_list(w->attachment_missing, s, n, 0)) {
		p->attachments++;
		return 0;
	}
	if (p->lines == 0 && n == 0)
		return 0; /* blank lines before the words are none of them */
	if (p->lines == 0 && p->text_len == 0) {
		size_t i;
		json_t *v;
		json_array_foreach(w->deleted, i, v)
		{
			const char *t = json_string_value(json_object_get(v, "text"));
			if (t && *t && ends_with(s, n, t)) {
				p->deleted = 1;
				return 0;
			}
		}
	}
	if (keep(&p->text, &p->text_cap, p->text_len + n + 2, err) < 0)
		return -1;
	if (p->text_len || p->lines)
		p->text[p->text_len++] = '\n';
	memcpy(p->text + p->text_len, s, n);
	p->text_len += n;
	p->lines++;
	return 0;
}

static int is_me(const struct words *w, const char *s, size_t n)
{
	return in_list(w->me, s, n, 0);
}

int hv_imessage_looks(const char *s, size_t n)
{
	size_t i = n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	while (i < n && (s[i] == '\n' || s[i] == '\r'))
		i++;
	const char *nl = memchr(s + i, '\n', n - i);
	int y, mo, d, sec;
	const char *rest = header(s + i, nl ? nl : s + n, &y, &mo, &d, &sec);
	return rest && (rest == (nl ? nl : s + n) || *rest == ' ' || *rest == '\r');
}

/* A header line: a new message opens (its sender is on the next line),
 * or, with other words after the time, a notice of the conversation.  1
 * when the line was a header, 0 when not, -1 on an error. */
static int header_line(struct pending *p, const struct hv_chat_sink *sink, const char *s, size_t n,
                       int64_t line, struct hv_error *err)
{
	/* A header, at the left or four spaces in (a reply in a thread). */
	int indent = n > 4 && memcmp(s, "    ", 4) == 0 ? 4 : 0;
	int y, mo, d, sec;
	const char *rest = header(s + indent, s + n, &y, &mo, &d, &sec);
	if (!rest)
		return 0;
	struct hv_chat_in at = {.a = y, .b = mo, .c = d, .da = 4, .sec = sec, .line = line};
	if (rest == s + n || strncmp(rest, " (", 2) == 0) {
		if (flush(p, sink, err) < 0)
			return -1;
		*p = (struct pending){.open = 1,
		                      .want_sender = 1,
		                      .indent = indent,
		                      .m = at,
		                      .sender = p->sender,
		                      .sender_cap = p->sender_cap,
		                      .text = p->text,
		                      .text_cap = p->text_cap};
		return 1;
	}
	if (indent)
		return 0;
	/* "… You renamed the conversation to X": a notice, shown to the date
	 * tally like WhatsApp's, not a message. */
	if (flush(p, sink, err) < 0)
		return -1;
	at.flags = HV_CHAT_SYSTEM;
	return sink->message(sink->ctx, &at, err) < 0 ? -1 : 1;
}

/* The line after a header: who sent the message. */
static int sender_line(struct pending *p, const struct words *w, const struct hv_chat_sink *sink,
                       const char *s, size_t n, struct hv_error *err)
{
	const char *name = s + p->indent;
	size_t len = n > (size_t)p->indent ? n - (size_t)p->indent : 0;
	if (p->indent && (n < 4 || memcmp(s, "    ", 4) != 0))
		name = s, len = n;
	if (!len) {
		sink->skip(sink->ctx, p->m.line);
		p->open = 0;
		return 0;
	}
	if (keep(&p->sender, &p->sender_cap, len + 1, err) < 0)
		return -1;
	memcpy(p->sender, name, len);
	p->sender[len] = '\0';
	p->m.sender = p->sender;
	p->m.sender_len = len;
	p->m.sender_id = is_me(w, name, len) ? "me" : NULL;
	p->want_sender = 0;
	return 0;
}

/* One line of the export, in its place: a header, a sender, or words. */
static int take_line(struct pending *p, const struct words *w, const struct hv_chat_sink *sink,
                     const char *s, size_t n, int64_t line, struct hv_error *err)
{
	if (line == 1 && n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3, n -= 3;
	int h = header_line(p, sink, s, n, line, err);
	if (h != 0)
		return h < 0 ? -1 : 0;
	if (!p->open) {
		if (n)
			sink->skip(sink->ctx, line); /* before the first message */
		return 0;
	}
	if (p->want_sender)
		return sender_line(p, w, sink, s, n, err);
	return body_line(p, w, s, n, err);
}

int hv_imessage_parse(struct hv_chat_input *in, const struct hv_chat_sink *sink,
                      struct hv_error *err)
{
	struct words w;
	load_words(&w);
	struct lines l = {.in = in, .cap = 4 * IM_CHUNK};
	struct pending p = {0};
	int rc = -1, got;
	int64_t line = 0;
	if (!(l.buf = malloc(l.cap))) {
		hv_fail(err, HV_ENOMEM, "out of memory");
		goto out;
	}
	if (sink->chat(sink->ctx, NULL, "me", err) < 0)
		goto out;
	const char *s;
	size_t n;
	while ((got = next_line(&l, &s, &n, err)) > 0) {
		line++;
		if (got == 2)
			sink->skip(sink->ctx, line);
		else if (take_line(&p, &w, sink, s, n, line, err) < 0)
			goto out;
	}
	if (got < 0 || flush(&p, sink, err) < 0)
		goto out;
	rc = 0;
out:
	free(l.buf);
	free(p.sender);
	free(p.text);
	return rc;
}
