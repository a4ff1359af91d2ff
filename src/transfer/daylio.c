/*
 * daylio.c — `haven import --from daylio`: Daylio's CSV export brought in
 * as check-ins (see transfer.h).
 *
 * Daylio writes one row per entry:
 *   full_date,date,weekday,time,mood,activities,note_title,note
 * with the mood as a word (rad, good, meh, bad, awful, or a name the
 * person chose), activities joined by " | ", and notes that may hold
 * commas, quotes and line breaks inside double quotes.  Each row becomes a
 * check-in: the mood on haven's 0–10 mood scale (data/checkin.json
 * "daylio_moods", docs/import-daylio.md), each activity a yes for a factor
 * of the person's own (added when new), the title and note the note.
 *
 * The CSV reader is small and bounded on purpose: a whole file of at most
 * DAYLIO_FILE_MAX bytes, fields of at most FIELD_MAX bytes, at most
 * FIELDS_MAX columns.  Each check-in keeps a hash of its row as its
 * "source", so importing the same export twice adds nothing.  The hash is
 * in the body, sealed in a vault, never in the id: ids stay in clear, and a
 * hash of a day's mood and activities could be guessed back from it.  The
 * whole file is one transaction: the first bad row is named by its line
 * and nothing is kept.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checkin/checkin.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/content.h"
#include "core/grow.h"
#include "core/text.h"
#include "safety/crisis-check.h"
#include "transfer.h"

#define DAYLIO_FILE_MAX ((size_t)64 << 20)
#define FIELD_MAX       (64 << 10)
#define FIELDS_MAX      32

/* ---- a small RFC 4180 reader ------------------------------------------- */

struct csv {
	const char *p, *end;
	int64_t line; /* of the next byte */
	char *buf;    /* this row's fields, each NUL-terminated */
	size_t len, cap;
	size_t at[FIELDS_MAX];
	int n;
};

static int put(struct csv *c, char ch, struct hv_error *err)
{
	/* Room for ch and the NUL after it. */
	if (HV_GROW(c->buf, c->cap, c->len + 2, 1024) < 0)
		return hv_fail(err, HV_ENOMEM, "out of memory");
	c->buf[c->len++] = ch;
	return 0;
}

/* One row into c's fields: 1, 0 at the end of the input, -1 with the
 * problem in err (the caller adds the line). */
static int csv_row(struct csv *c, struct hv_error *err)
{
	if (c->p >= c->end)
		return 0;
	c->len = 0;
	c->n = 0;
	for (;;) {
		if (c->n == FIELDS_MAX)
			return hv_fail(err, HV_EDATA, "more than %d columns", FIELDS_MAX);
		c->at[c->n++] = c->len;
		size_t start = c->len;
		if (c->p < c->end && *c->p == '"') {
			c->p++;
			for (;;) {
				if (c->p >= c->end)
					return hv_fail(err, HV_EDATA,
					               "a quoted field is never closed");
				char ch = *c->p++;
				if (ch == '"') {
					if (c->p < c->end && *c->p == '"')
						c->p++;
					else
						break;
				}
				if (ch == '\n')
					c->line++;
				if (c->len - start >= FIELD_MAX)
					return hv_fail(err, HV_EDATA, "a field longer than %d KB",
					               FIELD_MAX >> 10);
				if (put(c, ch, err) < 0)
					return -1;
			}
			if (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r')
				return hv_fail(err, HV_EDATA, "text after a closing quote");
		} else {
			while (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r') {
				if (*c->p == '"')
					return hv_fail(err, HV_EDATA,
					               "a quote inside a field that is not quoted");
				if (c->len - start >= FIELD_MAX)
					return hv_fail(err, HV_EDATA, "a field longer than %d KB",
					               FIELD_MAX >> 10);
				if (put(c, *c->p++, err) < 0)
					return -1;
			}
		}
		if (put(c, '\0', err) < 0)
			return -1;
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		/* The end of the row: \n, \r\n, a lone \r, or the end of input. */
		if (c->p < c->end && *c->p == '\r')
			c->p++;
		if (c->p < c->end && *c->p == '\n')
			c->p++;
		c->line++;
		return 1;
	}
}

static const char *field(const struct csv *c, int i)
{
	return i >= 0 && i < c->n ? c->buf + c->at[i] : "";
}

/* ---- one row ------------------------------------------------------------ */

enum { C_DATE, C_TIME, C_MOOD, C_ACTS, C_TITLE, C_NOTE, C_COUNT };
static const char *const columns[C_COUNT] = {"full_date",  "time",       "mood",
                                             "activities", "note_title", "note"};

struct import {
	struct hv_store *st;
	const json_t *moods; /* the person's own mood names → 0..10, may be NULL */
	json_t *own;         /* the own factors so far, as hv_checkin_own_list */
	json_t *removed;     /* the names of own factors the person removed */
	json_t *seen;        /* the source of every check-in here → true */
	int col[C_COUNT];    /* column of each, -1 when absent */
	struct hv_daylio_stats *stats;
};

static int digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* "2024-03-15" */
static int parse_date(const char *s, int *y, int *m, int *d)
{
	if (strlen(s) != 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
	    !digits(s + 8, 2))
		return -1;
	*y = atoi(s);
	*m = atoi(s + 5);
	*d = atoi(s + 8);
	return *m >= 1 && *m <= 12 && *d >= 1 && *d <= hv_days_in_month(*y, *m) ? 0 : -1;
}

/* "21:30", "9:05", "9:05 pm", "12:40 AM" (Daylio writes the phone's way). */
static int parse_time(const char *s, int *h, int *min)
{
	int n = 0;
	while (n < 2 && s[n] >= '0' && s[n] <= '9')
		n++;
	if (n == 0 || s[n] != ':' || !digits(s + n + 1, 2))
		return -1;
	*h = atoi(s);
	*min = atoi(s + n + 1);
	const char *rest = s + n + 3;
	if (*rest == ':' && digits(rest + 1, 2))
		rest += 3; /* seconds, if any, are not kept */
	while (*rest == ' ')
		rest++;
	if (*rest) {
		int pm = !strcasecmp(rest, "pm") || !strcasecmp(rest, "p.m.");
		int am = !strcasecmp(rest, "am") || !strcasecmp(rest, "a.m.");
		if ((!pm && !am) || *h < 1 || *h > 12)
			return -1;
		*h = *h % 12 + (pm ? 12 : 0);
	}
	return *h <= 23 && *min <= 59 ? 0 : -1;
}

/* Local wall time as UTC ms and the offset then, by this computer's TZ. */
static int64_t local_ms(int y, int mo, int d, int h, int mi, int *off)
{
	int64_t naive = (hv_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60) * 1000;
	int o = hv_local_offset_min(naive);
	int64_t ms = naive - (int64_t)o * 60000;
	int o2 = hv_local_offset_min(ms);
	if (o2 != o)
		ms = naive - (int64_t)o2 * 60000;
	*off = hv_local_offset_min(ms);
	return ms;
}

/* "daylio:" and a hash of the row's fields: the same row, the same source. */
static void row_source(const unsigned char *bytes, size_t n, char out[HV_CHECKIN_SOURCE_MAX + 1])
{
	unsigned char h[16];
	crypto_generichash(h, sizeof h, bytes, n, NULL, 0);
	static const char hex[] = "0123456789abcdef";
	int o = snprintf(out, HV_CHECKIN_SOURCE_MAX + 1, "daylio:");
	for (int i = 0; i < 16; i++) {
		out[o++] = hex[h[i] >> 4];
		out[o++] = hex[h[i] & 15];
	}
	out[o] = '\0';
}

static int mood_value(const struct import *im, const char *mood, json_int_t *out,
                      struct hv_error *err)
{
	char *fold = hv_text_fold(mood);
	if (!fold || !*fold) {
		free(fold);
		return hv_fail(err, HV_EDATA, "no mood");
	}
	const json_t *v = NULL;
	const char *key;
	json_t *x;
	/* The person's own names first: they may rename a default one. */
	json_object_foreach((json_t *)im->moods, key, x)
	{
		char *k = hv_text_fold(key);
		if (k && strcmp(k, fold) == 0)
			v = x;
		free(k);
	}
	if (!v)
		v = json_object_get(
		    json_object_get(hv_content_json("checkin.json", NULL), "daylio_moods"), fold);
	free(fold);
	if (!json_is_integer(v))
		return hv_fail(err, HV_EDATA,
		               "the mood \"%s\" is not one of Daylio's five (rad, good, meh, bad, "
		               "awful); give it a place from 0 to 10 as \"%s=N\"",
		               mood, mood);
	*out = json_integer_value(v);
	return 0;
}

/* The name of the person's factor for an activity, adding it when new;
 * one the person removed is not brought back (the check-in still says it). */
static const char *own_factor(struct import *im, const char *activity, struct hv_error *err)
{
	const char *spelled;
	if (hv_checkin_own_find(im->own, activity, NULL, &spelled) ||
	    hv_checkin_own_find(im->removed, activity, NULL, &spelled))
		return spelled;
	struct hv_record r;
	if (hv_checkin_own_add(im->st, activity, &r, err) < 0)
		return NULL;
	im->stats->factors++;
	json_array_append_new(
	    im->own, json_pack("{s:s,s:O}", "id", r.id, "name", json_object_get(r.body, "name")));
	hv_record_release(&r);
	return json_string_value(
	    json_object_get(json_array_get(im->own, json_array_size(im->own) - 1), "name"));
}

static int add_activities(struct import *im, json_t *own, const char *acts, struct hv_error *err)
{
	const char *p = acts;
	while (*p) {
		const char *bar = strstr(p, " | ");
		size_t n = bar ? (size_t)(bar - p) : strlen(p);
		char one[HV_CHECKIN_NAME_MAX * 2 + 1];
		if (n >= sizeof one)
			return hv_fail(err, HV_EDATA, "an activity longer than %d bytes",
			               HV_CHECKIN_NAME_MAX);
		memcpy(one, p, n);
		one[n] = '\0';
		char *name = hv_text_clean(one);
		if (!name)
			return hv_fail(err, HV_EDATA, "an activity that is not text");
		size_t len = strlen(name);
		if (len > HV_CHECKIN_NAME_MAX || strpbrk(name, "\n\r\t") ||
		    !hv_text_showable(name, len)) {
			free(name);
			return hv_fail(err, HV_EDATA,
			               "an activity must be one line of at most %d bytes",
			               HV_CHECKIN_NAME_MAX);
		}
		if (len) {
			const char *spelled = own_factor(im, name, err);
			if (!spelled) {
				free(name);
				return -1;
			}
			json_object_set_new(own, spelled, json_true());
		}
		free(name);
		p += n;
		if (bar)
			p += 3;
	}
	return 0;
}

static json_t *row_note(const struct import *im, const struct csv *c)
{
	char *title = hv_text_clean(field(c, im->col[C_TITLE]));
	char *note = hv_text_clean(field(c, im->col[C_NOTE]));
	json_t *out = NULL;
	if (title && note) {
		size_t n = strlen(title) + strlen(note) + 2;
		char *both = malloc(n);
		if (both) {
			snprintf(both, n, "%s%s%s", title, *title && *note ? "\n" : "", note);
			if (*both)
				out = json_string(both);
			free(both);
		}
	}
	free(title);
	free(note);
	return out;
}

static int import_row(struct import *im, const struct csv *c, struct hv_error *err)
{
	int y, mo, d, h, mi, off;
	const char *date = field(c, im->col[C_DATE]), *time = field(c, im->col[C_TIME]);
	for (int i = 0; i < c->n; i++)
		if (!hv_text_valid(field(c, i), strlen(field(c, i))))
			return hv_fail(err, HV_EDATA, "the %s is not UTF-8 text",
			               i == im->col[C_NOTE] ? "note" : "row");
	if (parse_date(date, &y, &mo, &d) < 0)
		return hv_fail(err, HV_EDATA, "full_date \"%.40s\" is not a date like 2024-03-15",
		               date);
	if (parse_time(time, &h, &mi) < 0)
		return hv_fail(err, HV_EDATA, "time \"%.40s\" is not a time like 21:30 or 9:30 pm",
		               time);
	json_int_t mood = 0;
	if (mood_value(im, field(c, im->col[C_MOOD]), &mood, err) < 0)
		return -1;
	json_t *own = json_object();
	if (add_activities(im, own, field(c, im->col[C_ACTS]), err) < 0) {
		json_decref(own);
		return -1;
	}
	struct hv_record r;
	if (hv_record_new(&r, HV_CHECKIN_KIND, err) < 0) {
		json_decref(own);
		return -1;
	}
	json_object_set_new(r.body, "factors", json_pack("{s:I}", "mood", mood));
	if (json_object_size(own))
		json_object_set(r.body, "own", own);
	json_decref(own);
	json_t *note = row_note(im, c);
	if (note)
		json_object_set_new(r.body, "note", note);
	/* The row's own words make its source: date, time, mood, activities, note. */
	size_t n = 0;
	for (int i = 0; i < C_COUNT; i++)
		n += strlen(field(c, im->col[i])) + 1;
	unsigned char *all = malloc(n);
	if (!all) {
		hv_record_release(&r);
		return hv_fail(err, HV_ENOMEM, "out of memory");
	}
	n = 0;
	for (int i = 0; i < C_COUNT; i++) {
		const char *f = field(c, im->col[i]);
		memcpy(all + n, f, strlen(f) + 1);
		n += strlen(f) + 1;
	}
	char source[HV_CHECKIN_SOURCE_MAX + 1];
	row_source(all, n, source);
	free(all);
	json_object_set_new(r.body, "source", json_string(source));
	r.created_ms = local_ms(y, mo, d, h, mi, &off);
	r.created_off = off;
	if (json_object_get(im->seen, source)) {
		hv_record_release(&r);
		im->stats->kept++;
		return 0;
	}
	json_object_set_new(im->seen, source, json_true());
	/* Daylio's notes never passed the net: read as a check-in's note would be. */
	int crisis = !im->stats->crisis && hv_crisis_check_body(r.kind, r.body);
	int rc = hv_store_add_new(im->st, &r, hv_checkin_validate, NULL, err);
	im->stats->added += rc == 0;
	im->stats->crisis |= rc == 0 && crisis;
	return rc;
}

/* The header names the columns; the ones haven reads must be there. */
static int read_header(struct import *im, const struct csv *c, struct hv_error *err)
{
	for (int k = 0; k < C_COUNT; k++) {
		im->col[k] = -1;
		for (int i = 0; i < c->n; i++)
			if (strcmp(field(c, i), columns[k]) == 0)
				im->col[k] = i;
		if (im->col[k] < 0 && k != C_TITLE)
			return hv_fail(err, HV_EDATA,
			               "this is not a Daylio export: the first line has no \"%s\" "
			               "column (Daylio's starts full_date,date,weekday,time,mood)",
			               columns[k]);
	}
	return 0;
}

static int note_source(const struct hv_record *r, void *ctx)
{
	const char *src = json_string_value(json_object_get(r->body, "source"));
	if (src)
		json_object_set_new(ctx, src, json_true());
	return 0;
}

static int note_removed(const struct hv_record *r, void *ctx)
{
	if (r->deleted)
		json_array_append_new(ctx, json_pack("{s:s,s:O}", "id", r->id, "name",
		                                     json_object_get(r->body, "name")));
	return 0;
}

/* What is here already: the source of every check-in, deleted ones too (a
 * check-in the person deleted stays deleted), and the factors removed. */
static int collect(struct import *im, struct hv_error *err)
{
	im->seen = json_object();
	im->removed = json_array();
	struct hv_query q = {.kind = HV_CHECKIN_KIND, .include_deleted = 1};
	if (hv_store_each(im->st, &q, note_source, im->seen, err) < 0)
		return -1;
	q.kind = HV_FACTOR_KIND;
	return hv_store_each(im->st, &q, note_removed, im->removed, err);
}

static int blank_row(const struct csv *c)
{
	return c->n == 1 && !*field(c, 0);
}

int hv_import_daylio_buf(struct hv_store *st, const char *data, size_t len, const char *name,
                         const json_t *moods, struct hv_daylio_stats *stats, struct hv_error *err)
{
	memset(stats, 0, sizeof *stats);
	if (len > DAYLIO_FILE_MAX)
		return hv_fail(err, HV_EDATA, "%s: more than %d MB; nothing was imported", name,
		               (int)(DAYLIO_FILE_MAX >> 20));
	struct csv c = {.p = data, .end = data + len, .line = 1};
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		c.p += 3; /* a byte-order mark, as spreadsheets write */
	struct import im = {.st = st, .moods = moods, .stats = stats};
	if (hv_store_begin(st, err) < 0)
		return -1;
	im.own = hv_checkin_own_list(st, err);
	int rc = im.own && collect(&im, err) == 0 ? 0 : -1, r;
	int64_t line = c.line;
	r = rc == 0 ? csv_row(&c, err) : -1;
	if (r == 0)
		rc = hv_fail(err, HV_EDATA, "%s is empty; nothing was imported", name);
	else if (r < 0 || read_header(&im, &c, err) < 0)
		rc = -1;
	while (rc == 0) {
		line = c.line;
		r = csv_row(&c, err);
		if (r <= 0) {
			rc = r;
			break;
		}
		if (blank_row(&c))
			continue;
		stats->rows++;
		rc = import_row(&im, &c, err);
	}
	if (rc < 0 && strstr(err->msg, "nothing was imported") == NULL) {
		char why[sizeof err->msg];
		snprintf(why, sizeof why, "%s", err->msg);
		hv_fail(err, err->code == HV_EINVAL ? HV_EDATA : err->code,
		        "%s, line %lld: %s. Nothing was imported", name, (long long)line, why);
	}
	free(c.buf);
	json_decref(im.own);
	json_decref(im.removed);
	json_decref(im.seen);
	if (rc < 0) {
		hv_store_rollback(st);
		return -1;
	}
	return hv_store_commit(st, err);
}

int hv_import_daylio(struct hv_store *st, FILE *in, const char *name, const json_t *moods,
                     struct hv_daylio_stats *stats, struct hv_error *err)
{
	memset(stats, 0, sizeof *stats);
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);
	while (buf) {
		if (len == cap) {
			if (cap > DAYLIO_FILE_MAX)
				break;
			char *b = realloc(buf, cap * 2);
			if (!b) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = b;
			cap *= 2;
		}
		size_t n = fread(buf + len, 1, cap - len, in);
		len += n;
		if (n == 0)
			break;
	}
	if (!buf)
		return hv_fail(err, HV_ENOMEM, "out of memory reading %s", name);
	if (ferror(in)) {
		free(buf);
		return hv_fail(err, HV_EIO, "reading %s failed; nothing was imported", name);
	}
	int rc = hv_import_daylio_buf(st, buf, len, name, moods, stats, err);
	free(buf);
	return rc;
}
