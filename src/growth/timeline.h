/*
 * timeline.h — the attachment timeline: events from childhood to now
 * (people, moves, losses, relationships, turning points), each placed by
 * the age the person was or by a date, with what it taught them to expect
 * of closeness.
 *
 * The idea: seeing where an expectation came from loosens its hold on the
 * present.  The entries are the person's own words, kept private like
 * every record, and the order is theirs to read as a life, oldest first.
 *
 * Record kind "timeline", body:
 *   what    text   what happened (1 to HV_TIMELINE_TEXT bytes), required
 *   age     int    how old they were, 0 to HV_TIMELINE_AGE_MAX
 *   date    text   YYYY, YYYY-MM or YYYY-MM-DD, a real calendar day
 *   kind    text   person|move|loss|relationship|turning-point|other
 *   shaped  text   how it shaped what they expect of closeness (optional)
 * Exactly one of age and date places the event.
 */
#ifndef HAVEN_TIMELINE_H
#define HAVEN_TIMELINE_H

#include <jansson.h>

#include "core/record.h"
#include "core/store.h"

#define HV_TIMELINE_KIND    "timeline"
#define HV_TIMELINE_TEXT    4000
#define HV_TIMELINE_AGE_MAX 130
#define HV_TIMELINE_KINDS   "person, move, loss, relationship, turning-point or other"

/* Check a body completely; the message names the field at fault. */
int hv_timeline_validate(const json_t *body, struct hv_error *err);

/* True when kind is one of HV_TIMELINE_KINDS. */
int hv_timeline_kind_known(const char *kind);

/*
 * Add an event from fields (the body's fields; text is trimmed and
 * normalised, empties dropped), validated whole before it is written.
 * out may be NULL.
 */
int hv_timeline_add(struct hv_store *st, const json_t *fields, struct hv_record *out,
                    struct hv_error *err);

/*
 * Change the event id (a full id or unique prefix): each field given
 * replaces the event's; a null or empty text removes an optional field;
 * giving age drops date and the other way round.  Nothing is written
 * unless the result is valid.  out may be NULL.
 */
int hv_timeline_edit(struct hv_store *st, const char *id, const json_t *changes,
                     struct hv_record *out, struct hv_error *err);

/* Remove the event id (soft delete, as every record). */
int hv_timeline_remove(struct hv_store *st, const char *id, struct hv_error *err);

/*
 * Every live event as record objects, in the order of a life: those placed
 * by age first, youngest first, then those placed by date, earliest first
 * (new reference; NULL on error).
 */
json_t *hv_timeline_list(struct hv_store *st, struct hv_error *err);

#endif
