/*
 * record.h — the one record model every kind of entry shares.
 *
 * A record is an id (a random UUID), a kind ("trigger", "assessment", …),
 * when it was created and last updated (UTC ms plus the local offset at the
 * time), a version that grows with every update, a soft-delete flag, and a
 * JSON object body that belongs to the feature that owns the kind.  Keeping
 * one shape makes export, import, merge and encryption one mechanism each.
 *
 * Bodies are stored canonically (compact, keys sorted) so that an export,
 * imported elsewhere and exported again, is byte-identical.
 */
#ifndef HAVEN_RECORD_H
#define HAVEN_RECORD_H

#include <jansson.h>
#include <stdint.h>

#include "error.h"

#define HV_ID_LEN   36
#define HV_KIND_MAX 32
/* Room for a version vector of up to HV_VV_MAX devices (hlc.h). */
#define HV_VV_TEXT_MAX 2048

struct hv_record {
	char id[HV_ID_LEN + 1];
	char kind[HV_KIND_MAX];
	int64_t created_ms;
	int created_off; /* minutes east of UTC when written */
	int64_t updated_ms;
	int updated_off;
	int64_t version; /* 1 when created, +1 per update */
	int deleted;
	json_t *body; /* owned; always a JSON object */
	/* The merge clock (hlc.h): the stamp of the last write, the version
	 * vector as canonical JSON text ("" when none is known; text, not a
	 * json_t, so that copying a record whole stays safe), and for a kept
	 * losing version of a conflict, the entry it lost to (else ""). */
	int64_t hlc_ms, hlc_n;
	char vv[HV_VV_TEXT_MAX];
	char conflict_of[HV_ID_LEN + 1];
};

/* The largest version a record may have: far more edits than anyone makes,
 * and a number every JSON reader holds exactly (2^53 - 1).  Import refuses
 * more, and an edit at this version is refused rather than overflowing. */
#define HV_VERSION_MAX ((int64_t)9007199254740991)

/* A fresh record of kind, a new id, created/updated now, empty body. */
int hv_record_new(struct hv_record *r, const char *kind, struct hv_error *err);

/* Release the body; the struct may be reused after. */
void hv_record_release(struct hv_record *r);
/* A record a call made, handed to the caller's out, or released when the
 * caller passed no out; 0, for a call's last step. */
int hv_record_hand(struct hv_record *r, struct hv_record *out);

/* A new random (version 4) UUID in lower-case text. */
void hv_uuid_new(char out[HV_ID_LEN + 1]);

/* True when s is a UUID in canonical 8-4-4-4-12 lower-case hex form. */
int hv_uuid_valid(const char *s);

/* True when s is a kind name: 1–31 chars of [a-z0-9-], starting with a letter. */
int hv_kind_valid(const char *s);

/* The body in canonical text (compact, keys sorted); caller frees. */
char *hv_body_dump(const json_t *body);

/* The first key of obj that is not among known (NULL-terminated), or NULL
 * when every key is known: a body with a misspelt field is refused, not
 * half read.  The caller names the key in words of its own. */
const char *hv_body_unknown_key(const json_t *obj, const char *const *known);

/* Trim and NFC-normalise the text at obj[key] in place; empty text is
 * removed; a value that is not text is left alone; text that is not UTF-8
 * is an error naming key. */
int hv_body_tidy_text(json_t *obj, const char *key, struct hv_error *err);

/*
 * A person's words as a JSON string for a body on its way to a feature,
 * byte for byte even when they are not UTF-8: json_string() returns NULL
 * for those, and json_object_set_new() then drops the field without a word.
 * The feature's tidying (hv_body_tidy_text and its like) refuses such text,
 * naming the field.  Never for output.  NULL only when s is NULL.
 */
json_t *hv_json_text(const char *s);

/*
 * Which field of the JSON text buf holds the first bytes that are not
 * UTF-8 (a JSON parser refuses the whole text for them): its name, with the
 * names of the objects around it ("reflection.friend") or "item N" in a
 * list, in out.  0 when found; -1 when buf is UTF-8 or is not JSON apart
 * from those bytes.
 */
int hv_json_bad_text_field(const char *buf, size_t len, char *out, size_t n);

/*
 * The record as the JSON object used by export and the API:
 * {"id","kind","created","updated","version","deleted","body"} with the
 * times as RFC 3339 local time plus offset.  New reference; caller decrefs.
 */
json_t *hv_record_to_json(const struct hv_record *r);

/*
 * The same with the merge clock, for exports: "hlc": [ms, n], "vv": {device:
 * count} and, for a kept losing version, "conflict_of": id, after "body".
 */
json_t *hv_record_to_json_sync(const struct hv_record *r);

/* The inverse of either, checking every field; on error names the field at
 * fault.  Without "hlc" (an older export) the stamp is the updated time. */
int hv_record_from_json(const json_t *j, struct hv_record *r, struct hv_error *err);

#endif
