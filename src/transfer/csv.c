/*
 * csv.c — CSV export for spreadsheets: one file per kind, a header row,
 * the record's own columns, then one column per top-level body field.
 *
 * Lists are joined with "; " and nested objects written as JSON, so every
 * value lands in one cell.  Quoting follows RFC 4180; a cell a spreadsheet
 * would run as a formula is kept as text (see formula_like).  Each file is written
 * under a temporary name and renamed, so a failed export leaves no half
 * file behind (core/outfile.h: a FIFO or a device is written into instead).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/outfile.h"
#include "transfer.h"

/* A plain decimal number, such as -300 or 2.5: a spreadsheet should see
 * it as the number it is. */
static int plain_number(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	size_t int_digits = strspn(s, "0123456789");
	s += int_digits;
	if (*s == '.')
		s += 1 + strspn(s + 1, "0123456789");
	return int_digits > 0 && *s == '\0';
}

/*
 * A spreadsheet runs a cell that starts with =, +, - or @ (or a tab or
 * carriage return before one) as a formula, and a journal entry is words
 * anyone may have pasted in.  Such a cell gets a leading apostrophe, which
 * spreadsheets read as "this is text" and do not show; plain numbers keep
 * their sign.
 */
static int formula_like(const char *s)
{
	return strchr("=+-@\t\r", s[0]) && s[0] != '\0' && !plain_number(s);
}

static void put_cell(FILE *out, const char *s)
{
	if (formula_like(s)) {
		fputc('"', out);
		fputc('\'', out);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', out);
			fputc(*s, out);
		}
		fputc('"', out);
		return;
	}
	if (strpbrk(s, ",\"\r\n") == NULL && s[0] != ' ' &&
	    (s[0] == '\0' || s[strlen(s) - 1] != ' ')) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

/* A body value as one cell's text; caller frees. */
static char *cell_text(const json_t *v)
{
	if (!v || json_is_null(v))
		return strdup("");
	if (json_is_string(v))
		return strdup(json_string_value(v));
	if (json_is_array(v)) {
		size_t i, len = 0;
		json_t *item;
		int all_strings = 1;
		json_array_foreach(v, i, item)
		{
			all_strings &= json_is_string(item);
			len += json_string_length(item) + 2;
		}
		if (all_strings) {
			char *s = calloc(1, len + 1);
			json_array_foreach(v, i, item)
			{
				if (i)
					strcat(s, "; ");
				strcat(s, json_string_value(item));
			}
			return s;
		}
	}
	return json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
}

struct kind_pass {
	json_t *columns; /* object used as an ordered set of body keys */
	FILE *out;
};

static int gather_columns(const struct hv_record *r, void *ctx)
{
	struct kind_pass *p = ctx;
	const char *key;
	json_t *v;
	json_object_foreach(r->body, key, v) json_object_set_new(p->columns, key, json_true());
	return 0;
}

static int write_row(const struct hv_record *r, void *ctx)
{
	struct kind_pass *p = ctx;
	char created[HV_RFC3339_MAX], updated[HV_RFC3339_MAX], version[24];
	hv_format_rfc3339(r->created_ms, r->created_off, created);
	hv_format_rfc3339(r->updated_ms, r->updated_off, updated);
	snprintf(version, sizeof version, "%lld", (long long)r->version);
	fprintf(p->out, "%s,%s,%s,%s,%s", r->id, created, updated, version,
	        r->deleted ? "true" : "false");
	const char *key;
	json_t *unused;
	json_object_foreach(p->columns, key, unused)
	{
		char *s = cell_text(json_object_get(r->body, key));
		fputc(',', p->out);
		put_cell(p->out, s ? s : "");
		free(s);
	}
	fputs("\r\n", p->out);
	return ferror(p->out) != 0;
}

static int export_kind(struct hv_store *st, const char *dir, const char *kind, struct hv_error *err)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s.csv", dir, kind);
	struct hv_query q = {.kind = kind, .include_deleted = 1};
	struct kind_pass p = {.columns = json_object()};
	struct hv_outfile o = {.f = NULL};
	/* Sorted column order, whatever order the records came in. */
	if (hv_store_each(st, &q, gather_columns, &p, err) < 0)
		goto fail;
	char *sorted_text = json_dumps(p.columns, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(p.columns);
	p.columns = json_loads(sorted_text, 0, NULL);
	free(sorted_text);
	/* 0600: as private as the journal itself */
	if (hv_outfile_open(&o, path, "the CSV export", err) < 0)
		goto fail;
	p.out = o.f;
	fputs("id,created,updated,version,deleted", p.out);
	const char *key;
	json_t *unused;
	json_object_foreach(p.columns, key, unused)
	{
		fputc(',', p.out);
		put_cell(p.out, key);
	}
	fputs("\r\n", p.out);
	/* A failed write is told by hv_outfile_finish, with its reason. */
	if (hv_store_each(st, &q, write_row, &p, err) < 0 && !ferror(p.out))
		goto fail;
	p.out = NULL;
	if (hv_outfile_finish(&o, err) < 0)
		goto fail;
	json_decref(p.columns);
	return 0;
fail:
	if (o.f)
		hv_outfile_abort(&o);
	json_decref(p.columns);
	return -1;
}

struct kinds_seen {
	json_t *set;
};

static int note_kind(const struct hv_record *r, void *ctx)
{
	json_object_set_new(((struct kinds_seen *)ctx)->set, r->kind, json_true());
	return 0;
}

int hv_export_csv(struct hv_store *st, const char *dir, struct hv_error *err)
{
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return hv_fail(err, HV_EIO, "cannot create the folder %s: %s", dir,
		               strerror(errno));
	struct kinds_seen seen = {.set = json_object()};
	struct hv_query q = {.include_deleted = 1};
	int rc = hv_store_each(st, &q, note_kind, &seen, err);
	const char *kind;
	json_t *unused;
	json_object_foreach(seen.set, kind, unused)
	{
		if (rc == 0)
			rc = export_kind(st, dir, kind, err);
	}
	json_decref(seen.set);
	return rc;
}
