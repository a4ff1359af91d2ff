/*
 * api-chat.c — the chat reality check over HTTP: which chats have been
 * imported, "is this silence ordinary for them?", one's own pattern month
 * by month, forgetting a chat, and importing an export uploaded as raw
 * bytes.  The same library calls as `haven chat`, with the CLI's checks.
 *
 * An upload is written to a private temporary file and read from there, so
 * the importer sees exactly what `haven chat import FILE` would: a regular
 * file it may read in two parts at once, or a path libzip can open.  The
 * file is unlinked as soon as it is open, so the chat never outlives the
 * request on disk, even if the server is killed mid-import.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api.h"
#include "chat/chat.h"
#include "core/clock.h"
#include "core/outfile.h"
#include "core/text.h"
#include "core/when.h"

/* The longest silence asked about, as `haven chat wait --for` allows. */
#define WAIT_MAX_MINUTES (365.0 * 24 * 60)

/* 400 with a message made like printf. */
static void reply_invalid(struct hv_reply *reply, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void reply_invalid(struct hv_reply *reply, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	hv_reply_message(reply, 400, "invalid", msg);
}

/*
 * A query value as text: *out is NULL when it is absent or empty.  -1 with
 * a 400 when it is not UTF-8, which the library's messages (quoting it)
 * and the JSON reply could not carry.
 */
static int arg_text(const struct hv_request *req, const char *name, const char **out,
                    struct hv_reply *reply)
{
	const char *v = hv_request_arg(req, name);
	*out = v && *v ? v : NULL;
	if (*out && !hv_text_valid(*out, strlen(*out))) {
		reply_invalid(reply, "%s must be valid UTF-8 text", name);
		return -1;
	}
	return 0;
}

void hv_api_chat_list(struct hv_store *st, const struct hv_request *req, const char *id,
                      struct hv_reply *reply)
{
	(void)req, (void)id;
	struct hv_error err;
	hv_reply_json(reply, hv_chat_list(st, &err), &err);
}

/* ---- the reality check ---------------------------------------------------- */

/* minutes=N: how long ago the message was sent, as `--for Nm`. */
static int silence_from_minutes(const char *text, int64_t now, int64_t *since,
                                struct hv_reply *reply)
{
	char *end;
	errno = 0;
	double m = strtod(text, &end);
	int64_t ms = isfinite(m) ? (int64_t)llround(m * 60000) : 0;
	if (errno || end == text || *end || !isfinite(m) || m <= 0 || m > WAIT_MAX_MINUTES ||
	    ms <= 0) {
		reply_invalid(
		    reply,
		    "minutes must be how long ago you sent your message, a number above 0 "
		    "(at most %.0f, a year), not \"%.40s\"",
		    WAIT_MAX_MINUTES, text);
		return -1;
	}
	*since = now - ms;
	return 0;
}

/* since=WHEN: when the message was sent, read like `--since`. */
static int silence_from_when(const char *text, int64_t now, int64_t *since, struct hv_reply *reply)
{
	struct hv_error err;
	if (hv_when_parse(text, now, since, &err) < 0) {
		reply_invalid(reply, "since: %s", err.msg);
		return -1;
	}
	if (*since > now) {
		reply_invalid(reply,
		              "since %.60s is in the future; give when you sent your message, e.g. "
		              "since=\"yesterday 23:10\"",
		              text);
		return -1;
	}
	return 0;
}

void hv_api_chat_wait(struct hv_store *st, const struct hv_request *req, const char *id,
                      struct hv_reply *reply)
{
	(void)id;
	const char *contact, *minutes, *when;
	if (arg_text(req, "contact", &contact, reply) < 0 ||
	    arg_text(req, "minutes", &minutes, reply) < 0 ||
	    arg_text(req, "since", &when, reply) < 0)
		return;
	if (minutes && when)
		return reply_invalid(reply, "give since or minutes, not both");
	if (!contact)
		return reply_invalid(reply,
		                     "the reality check needs the contact's name: contact=NAME");
	/* One clock for both ends of the silence, as the CLI reads it once. */
	int64_t now = hv_now_ms(), since = 0;
	if (minutes && silence_from_minutes(minutes, now, &since, reply) < 0)
		return;
	if (when && silence_from_when(when, now, &since, reply) < 0)
		return;
	struct hv_error err;
	hv_reply_json(reply, hv_chat_wait(st, contact, since, now, &err), &err);
}

void hv_api_chat_patterns(struct hv_store *st, const struct hv_request *req, const char *id,
                          struct hv_reply *reply)
{
	(void)id;
	const char *contact;
	if (arg_text(req, "contact", &contact, reply) < 0)
		return;
	struct hv_error err;
	hv_reply_json(reply, hv_chat_patterns(st, contact, &err), &err);
}

void hv_api_chat_forget(struct hv_store *st, const struct hv_request *req, const char *id,
                        struct hv_reply *reply)
{
	(void)req;
	if (!hv_text_valid(id, strlen(id)))
		return reply_invalid(reply, "the contact's name must be valid UTF-8 text");
	struct hv_error err;
	hv_reply_json(reply, hv_chat_forget(st, id, &err), &err);
}

/* ---- import ------------------------------------------------------------------ */

/* The uploaded export, on disk for as long as it takes to open it. */
struct upload {
	char path[4096];
	int fd;
	FILE *f;                 /* a text or JSON export */
	struct hv_chat_zip *zip; /* or a zip archive */
};

/* The body into a new file only we can read (0600 whatever the umask). */
static int stash(const struct hv_request *req, struct upload *u, struct hv_error *err)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	if ((size_t)snprintf(u->path, sizeof u->path, "%s/haven-upload-XXXXXX", dir) >=
	    sizeof u->path)
		return hv_fail(err, HV_EIO,
		               "TMPDIR is too long a path; set TMPDIR to a shorter one");
	if ((u->fd = mkstemp(u->path)) < 0)
		return hv_fail(
		    err, HV_EIO,
		    "cannot keep the upload while it is read (%s in %s): set TMPDIR to a "
		    "folder haven can write to",
		    strerror(errno), dir);
	if (fchmod(u->fd, 0600) < 0 || hv_write_all(u->fd, req->body, req->body_len) < 0 ||
	    lseek(u->fd, 0, SEEK_SET) != 0) {
		int e = errno;
		unlink(u->path);
		close(u->fd);
		u->fd = -1;
		return hv_fail(
		    err, HV_EIO,
		    "cannot keep the upload while it is read (%s in %s): make room there "
		    "or set TMPDIR to another folder",
		    strerror(e), dir);
	}
	return 0;
}

/*
 * Open the stashed file as `haven chat import` opens a path: a zip through
 * libzip, anything else as a file.  The name is removed either way; what
 * is open stays readable.
 */
static int open_upload(struct upload *u, struct hv_chat_input *in, const char *name,
                       struct hv_error *err)
{
	int rc = 0;
	if (hv_chat_is_zip(u->path)) {
		rc = hv_chat_zip_open(u->path, in, &u->zip, err);
		if (rc == 0)
			in->name = name; /* messages and the contact come from the upload's name */
	} else if ((u->f = fdopen(u->fd, "rb"))) {
		u->fd = -1; /* the FILE owns it now */
		hv_chat_input_file(in, u->f, name);
	} else {
		rc = hv_fail(err, HV_ENOMEM, "out of memory");
	}
	unlink(u->path);
	return rc;
}

static void close_upload(struct upload *u)
{
	if (u->f)
		fclose(u->f);
	if (u->fd >= 0)
		close(u->fd);
	hv_chat_zip_close(u->zip);
}

/* Messages from libzip name the temporary path; say the upload's name instead. */
static void unname_path(struct hv_error *err, const char *path, const char *name)
{
	char out[sizeof err->msg];
	size_t n = strlen(path), o = 0, k = strlen(name);
	if (n == 0)
		return;
	const char *p = err->msg;
	while (*p && o + 1 < sizeof out) {
		if (strncmp(p, path, n) == 0) {
			if (o + k + 1 >= sizeof out)
				break; /* no room for the name: end before the path */
			memcpy(out + o, name, k);
			o += k;
			p += n;
		} else {
			out[o++] = *p++;
		}
	}
	/* Cut short by a longer name: never in the middle of a character. */
	if (*p && ((unsigned char)*p & 0xC0) == 0x80) {
		while (o > 0 && ((unsigned char)out[o - 1] & 0xC0) == 0x80)
			o--;
		if (o > 0)
			o--;
	}
	out[o] = '\0';
	memcpy(err->msg, out, o + 1);
}

/*
 * The upload's own file name (name=), for the same reasons the CLI uses a
 * path: the contact is recognised from "WhatsApp Chat with Sam.txt", and
 * messages name the file the person chose.  Only its last part is used.
 */
static const char *upload_name(const char *given)
{
	const char *base = given;
	for (const char *p = given; p && *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	return base && *base && strlen(base) <= 255 ? base : "the uploaded file";
}

/* me, contact, date_order and name from the query, checked as the CLI checks them. */
static int import_options(const struct hv_request *req, struct hv_chat_import_opts *o,
                          const char **name, struct hv_reply *reply)
{
	const char *order, *given;
	if (arg_text(req, "me", &o->me, reply) < 0 ||
	    arg_text(req, "contact", &o->contact, reply) < 0 ||
	    arg_text(req, "date_order", &order, reply) < 0 ||
	    arg_text(req, "name", &given, reply) < 0)
		return -1;
	if (order && (o->order = hv_chat_order_parse(order)) < 0) {
		reply_invalid(reply, "date_order must be dmy, mdy or ymd, not \"%.40s\"", order);
		return -1;
	}
	*name = upload_name(given);
	return 0;
}

void hv_api_chat_import(struct hv_store *st, const struct hv_request *req, const char *id,
                        struct hv_reply *reply)
{
	(void)id;
	struct hv_chat_import_opts o = {0};
	int64_t added = 0;
	const char *name;
	o.added = &added;
	if (import_options(req, &o, &name, reply) < 0)
		return;
	if (req->body_len == 0)
		return reply_invalid(reply,
		                     "send the exported chat as the request body: a WhatsApp "
		                     ".txt or .zip, Telegram's result.json, Messenger's or "
		                     "Instagram's message_1.json, or imessage-exporter's .txt");
	struct upload u = {.fd = -1};
	struct hv_chat_input in;
	struct hv_error err;
	json_t *sum = NULL;
	if (stash(req, &u, &err) == 0 && open_upload(&u, &in, name, &err) == 0)
		sum = hv_chat_import(st, &in, &o, &err);
	close_upload(&u);
	if (!sum) {
		unname_path(&err, u.path, name);
		return hv_reply_error(reply, &err);
	}
	json_object_set_new(sum, "added", json_integer((json_int_t)added));
	reply->status = 201;
	reply->json = sum;
}
