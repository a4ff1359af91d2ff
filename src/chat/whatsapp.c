/*
 * whatsapp.c — a streaming reader for WhatsApp's "Export chat" text.
 *
 * The file is read in chunks and taken line by line, so memory stays flat
 * however large it is.  A line that starts with a date and time is a new
 * message; any other line continues the one before (multi-line messages).
 * Exports differ by phone and language, and all of these are read:
 *
 *   Android  31/12/2020, 22:15 - Sam: text      12/31/20, 10:15 PM - Sam: text
 *   iOS      [31.12.20, 22:15:30] Sam: text     [2020-12-31 22:15:30] Sam: text
 *
 * day-, month- or year-first dates with "/", "." or "-"; 2- or 4-digit years
 * and Buddhist-calendar ones; 24- or 12-hour times (PM, pm, p.m., p. m., and
 * the markers of other languages in data/chat.json) with an ordinary,
 * no-break or narrow no-break space; ":" or "." in the time; optional
 * seconds; the time before the date (Vietnamese); a byte-order mark; CRLF;
 * and the invisible left-to-right and right-to-left marks phones put around
 * names and notices.  A header in another writing (Eastern Arabic digits,
 * Japanese era years) is read through whatsapp-wide.c.  Which characters
 * are invisible marks or spaces is asked of utf8proc (Unicode categories Cf
 * and Zs), not listed here.
 *
 * The parser does not decide whether "03/04" is March or April: it passes
 * the date as written, and the importer decides from the whole file.
 * Media placeholders, deleted-message notices and system lines are
 * recognised by the words in data/chat.json, in several languages.
 *
 * Speed: nearly every byte of a large export is plain ASCII, so each helper
 * that may meet other characters looks at the byte first and asks utf8proc
 * only about bytes of 0x80 and above; characters are counted eight bytes at
 * a time; lines are found with memchr over a large buffer and never copied.
 *
 * The parts live in files of their own (whatsapp-private.h lists them);
 * this one turns lines into messages: who sent each, what kind of line it
 * is, its length in characters and, when asked, its words.
 */
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chat.h"
#include "chatlog.h"
#include "core/grow.h"
#include "core/text.h"
#include "whatsapp-private.h"

/* --- messages ------------------------------------------------------------ */

/*
 * Senders seen lately (a chat is mostly two people taking turns): a line
 * that starts with one of these names and ": " is recognised with a memcmp,
 * without searching for the colon or checking the name again.  The pending
 * message's sender points into one of them.
 */
#define RECENT 4
struct recent {
	char name[256];
	size_t len; /* 0: empty */
};

struct pending {
	int have;
	struct hv_chat_in m;
	struct recent recent[RECENT];
	int next_recent; /* the slot a new name goes to */
	char *text;
	size_t text_len, text_cap;
	int any; /* words counted so far (a line end goes before the next line) */
};

static int text_add(struct pending *p, const char *s, size_t n, int newline)
{
	size_t want = p->text_len + n + 1;
	if (want > HV_CHAT_LINE_MAX)
		return 0; /* keep the first megabyte of the words; the length stays right */
	if (HV_GROW(p->text, p->text_cap, want, 256) < 0)
		return -1;
	if (newline)
		p->text[p->text_len++] = '\n';
	memcpy(p->text + p->text_len, s, n);
	p->text_len += n;
	return 0;
}

/* What kind of line the words after the header are. */
static int classify(const char *t, const char *e, int marked)
{
	size_t n = (size_t)(e - t);
	/* Placeholders start with "<" (Android) or an invisible mark (iOS);
	 * they come first, so a file name never reads as a notice. */
	if ((n && *t == '<' &&
	     (hv_wa_equals_any(&hv_wa_words.media, t, n) ||
	      hv_wa_starts_with_any(&hv_wa_words.media_prefix, t, n))) ||
	    (marked && (hv_wa_ends_with_any(&hv_wa_words.media, t, n) ||
	                hv_wa_starts_with_any(&hv_wa_words.media_prefix, t, n))))
		return HV_CHAT_MEDIA;
	/* A call (iOS writes them under the caller's name) was sent like a
	 * message: it counts, with no length, as a placeholder does. */
	if (marked && hv_wa_starts_with_any(&hv_wa_words.calls, t, n))
		return HV_CHAT_MEDIA;
	if (marked && hv_wa_contains_any(&hv_wa_words.system, t, n))
		return HV_CHAT_SYSTEM;
	if (n < 80) {
		size_t k = n;
		while (k > 0 && t[k - 1] == '.')
			k--;
		if (hv_wa_equals_any(&hv_wa_words.deleted, t, k))
			return HV_CHAT_DELETED;
	}
	return 0;
}

/* The recent sender that s..e starts with, followed by ": "; or NULL. */
static const struct recent *recent_sender(const struct pending *p, const char *s, const char *e)
{
	for (int i = 0; i < RECENT; i++) {
		const struct recent *r = &p->recent[i];
		/* (the name ends before byte 199, as the search below requires) */
		if (r->len && r->len + 1 < 200 && (size_t)(e - s) >= r->len + 2 &&
		    s[r->len] == ':' && s[r->len + 1] == ' ' &&
		    hv_wa_same_bytes(s, r->name, r->len))
			return r;
	}
	return NULL;
}

static int start_message(struct pending *p, const struct head *h, const char *rest, const char *e,
                         int64_t line, int lead, const struct hv_chat_sink *sink)
{
	memset(&p->m, 0, sizeof p->m);
	p->have = 1;
	p->any = 0;
	p->text_len = 0;
	p->m.a = h->a, p->m.b = h->b, p->m.c = h->c, p->m.da = h->da, p->m.sec = h->sec;
	p->m.line = line;
	const char *s = hv_wa_skip_marks(rest, e, NULL);
	const char *colon = NULL;
	const struct recent *known = recent_sender(p, s, e);
	if (known) {
		colon = s + known->len;
		p->m.sender = known->name;
		p->m.sender_len = known->len;
	} else {
		size_t room = (size_t)(e - s) < 200 ? (size_t)(e - s) : 200;
		/* The first ": " within the first 200 bytes: names are short. */
		for (const char *q = s, *lim = s + room; (q = memchr(q, ':', (size_t)(lim - q)));
		     q++)
			if (q + 1 < lim && q[1] == ' ') {
				colon = q;
				break;
			}
		if (!colon && e - s >= 1 && e[-1] == ':' && e - s <= 200)
			colon = e - 1; /* "Sam:" with the words on the next line */
		const char *name_end = colon ? hv_wa_trim_end(s, colon) : s;
		size_t nl = (size_t)(name_end - s);
		if (!colon || nl == 0 || !(hv_wa_all_ascii(s, nl) || hv_text_valid(s, nl))) {
			p->m.flags = HV_CHAT_SYSTEM;
			return 0;
		}
		struct recent *r = &p->recent[p->next_recent];
		if (nl >= sizeof r->name)
			nl = sizeof r->name - 1;
		if (nl > 30 && hv_wa_contains_any(&hv_wa_words.system, s, nl)) {
			p->m.flags = HV_CHAT_SYSTEM; /* "X changed the subject to "a: b"" */
			return 0;
		}
		p->next_recent = (p->next_recent + 1) % RECENT;
		memcpy(r->name, s, nl);
		r->name[nl] = '\0';
		r->len = nl;
		p->m.sender = r->name;
		p->m.sender_len = nl;
	}
	int marked = lead;
	const char *t =
	    colon + 1 < e ? hv_wa_skip_marks(colon + 2 > e ? e : colon + 2, e, &marked) : e;
	t = hv_wa_skip_spaces(t, e);
	const char *te = hv_wa_trim_end(t, e);
	p->m.flags = classify(t, te, marked);
	if (p->m.flags == HV_CHAT_SYSTEM) {
		p->m.sender = NULL;
		return 0;
	}
	if (!p->m.flags) {
		p->m.len = hv_wa_count_chars(t, (size_t)(e - t));
		p->any = t < e;
	}
	if (sink->want_text && text_add(p, t, (size_t)(e - t), 0) < 0)
		return -1;
	return 0;
}

static int emit(struct pending *p, const struct hv_chat_sink *sink, struct hv_error *err)
{
	if (!p->have)
		return 0;
	p->have = 0;
	if (sink->want_text && p->m.sender) {
		p->m.text = p->text ? p->text : "";
		p->m.text_len = p->text_len;
	}
	return sink->message(sink->ctx, &p->m, err);
}

/* One parse: the lines, the message being gathered, the last date read. */
struct parse {
	struct reader r;
	struct pending p;
	struct date_seen seen;
	const struct hv_chat_sink *sink;
	struct hv_error *err;
};

/* The header the line opens with: where the sender starts, or NULL. */
static const char *header_of(const char *line, const char *e, struct head *h,
                             struct date_seen *seen)
{
	/* A header starts with a digit, "[" or an invisible mark. */
	if (!(line < e &&
	      ((*line >= '0' && *line <= '9') || *line == '[' || (unsigned char)*line >= 0x80)))
		return NULL;
	const char *rest = hv_wa_head(line, e, h, seen);
	if (!rest && hv_wa_wide_start(line, e))
		rest = hv_wa_head_wide(line, e, h);
	return rest;
}

/* One line of the export: a new message, or more of the one before. */
static int take_line(struct parse *ps, const char *line, size_t len)
{
	struct pending *p = &ps->p;
	const char *e = line + len;
	if (ps->r.line == 1 && len >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0)
		line += 3;
	struct head h;
	const char *rest = header_of(line, e, &h, &ps->seen);
	if (rest) {
		/* iOS starts the line of a notice with a left-to-right mark. */
		int lead = e - line >= 3 && memcmp(line, "\xe2\x80\x8e", 3) == 0;
		if (emit(p, ps->sink, ps->err) < 0 ||
		    start_message(p, &h, rest, e, ps->r.line, lead, ps->sink) < 0)
			return -1;
		return 0;
	}
	if (!p->have) {
		if (hv_wa_skip_spaces(line, e) != e)
			ps->sink->skip(ps->sink->ctx, ps->r.line);
		return 0;
	}
	if (p->m.flags & HV_CHAT_SYSTEM)
		return 0;
	/* A placeholder is one line; words after it make it a message. */
	len = (size_t)(e - line);
	p->m.flags &= ~(HV_CHAT_MEDIA | HV_CHAT_DELETED);
	p->m.len += (p->any ? 1 : 0) + hv_wa_count_chars(line, len);
	p->any = 1;
	if (ps->sink->want_text && text_add(p, line, len, 1) < 0)
		return hv_fail(ps->err, HV_ENOMEM, "out of memory");
	return 0;
}

static int read_lines(struct parse *ps)
{
	const char *line;
	size_t len;
	int too_long, got;
	while ((got = hv_wa_next_line(&ps->r, &line, &len, &too_long)) == 1) {
		if (too_long)
			ps->sink->skip(ps->sink->ctx, ps->r.line);
		else if (take_line(ps, line, len) < 0)
			return -1;
	}
	if (got < 0 || emit(&ps->p, ps->sink, ps->err) < 0)
		return -1;
	return 0;
}

int hv_whatsapp_parse(struct hv_chat_input *in, const struct hv_chat_sink *sink,
                      struct hv_error *err)
{
	hv_wa_load_words();
	struct parse ps = {.sink = sink, .err = err};
	volatile int rc = -1;
	sigjmp_buf jump;
	if (hv_wa_reader_open(&ps.r, in, err) < 0)
		return -1;
	if (ps.r.map) {
		if (sigsetjmp(jump, 1)) {
			hv_wa_reader_catch(NULL);
			hv_fail(err, HV_EIO,
			        "%s became shorter while it was being read; nothing was imported. "
			        "Import it again once it is complete",
			        in->name ? in->name : "the chat file");
			goto out;
		}
		hv_wa_reader_catch(&jump);
	}
	if (sink->chat(sink->ctx, NULL, NULL, err) < 0 || read_lines(&ps) < 0)
		goto out;
	in->lines = ps.r.line;
	if (in->progress)
		in->progress(ps.r.bytes, in->size, in->progress_ctx);
	rc = 0;
out:
	hv_wa_reader_close(&ps.r);
	free(ps.p.text);
	return rc;
}

/* A line that starts a message, read cold: the test a cut must pass. */
static int starts_message(const char *line, const char *e)
{
	struct head h;
	struct date_seen seen = {0};
	if (e > line && e[-1] == '\r')
		e--;
	/* (a byte-order mark is only taken off the first line of a file) */
	if (e - line >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0)
		return 0;
	return header_of(line, e, &h, &seen) != NULL;
}

#define SPLIT_WINDOW (1 << 20)

int64_t hv_whatsapp_split_point(int fd, int64_t size, int64_t near)
{
	hv_wa_load_words(); /* once, here, before any thread reads */
	if (near < 1 || near >= size)
		return -1;
	/* From the byte before near: a line that starts at near counts too. */
	int64_t from = near - 1;
	size_t want = size - from < SPLIT_WINDOW ? (size_t)(size - from) : SPLIT_WINDOW;
	char *buf = malloc(want ? want : 1);
	if (!buf)
		return -1;
	size_t n = 0;
	while (n < want) {
		ssize_t got = pread(fd, buf + n, want - n, (off_t)(from + (int64_t)n));
		if (got <= 0)
			break;
		n += (size_t)got;
	}
	int64_t cut = -1;
	const char *end = buf + n;
	for (const char *p = memchr(buf, '\n', n); p && p + 1 < end;
	     p = memchr(p + 1, '\n', (size_t)(end - p - 1))) {
		const char *line = p + 1, *e = memchr(line, '\n', (size_t)(end - line));
		if (!e)
			break; /* the line runs past the window: it cannot be checked */
		if (starts_message(line, e)) {
			cut = from + (line - buf);
			break;
		}
	}
	free(buf);
	return cut;
}
