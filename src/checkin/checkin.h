/*
 * checkin.h — "how are you right now?": a quick distress rating, 0 to 10,
 * with an optional note, kept as a record so the rating can be seen next to
 * the journal and the practices over time.
 *
 * The same scale as the practices' before/after ratings (0 none, 10 as much
 * as it gets), so a check-in and a practice can be read together.
 *
 * Record kind "checkin", body:
 *   distress   whole number 0–10 (required)
 *   note       text, 1 to HV_CHECKIN_NOTE_MAX bytes (optional)
 */
#ifndef HAVEN_CHECKIN_H
#define HAVEN_CHECKIN_H

#include <jansson.h>
#include <stdint.h>

#include "core/record.h"
#include "core/store.h"

#define HV_CHECKIN_KIND     "checkin"
#define HV_CHECKIN_NOTE_MAX 2000

/* Check a check-in body completely; the message names the field at fault. */
int hv_checkin_validate(const json_t *body, struct hv_error *err);

/*
 * Save a check-in from a body {"distress", "note"?} (the note is trimmed
 * and normalised first; an empty note is dropped), created at at_ms (0:
 * now).  Nothing is written unless the body is valid.  out may be NULL.
 */
int hv_checkin_add(struct hv_store *st, const json_t *body, int64_t at_ms, struct hv_record *out,
		   struct hv_error *err);

/* Live check-ins created at or after since_ms (0: all), newest first, at
 * most limit (0: all), as record objects. */
json_t *hv_checkin_list(struct hv_store *st, int64_t since_ms, int64_t limit,
			struct hv_error *err);

#endif
