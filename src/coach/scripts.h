/*
 * scripts.h — words for the hard moments of a relationship (`haven say`):
 * asking for a pause in a conflict, saying no, repairing after a rupture,
 * asking for closeness directly.  The phrases live in data/scripts.json;
 * a person's own version of one is kept as a record of kind "script".
 */
#ifndef HAVEN_SCRIPTS_H
#define HAVEN_SCRIPTS_H

#include <jansson.h>

#include "core/error.h"
#include "core/record.h"
#include "core/store.h"

#define HV_SCRIPT_KIND "script"
#define HV_SCRIPT_MAX  2000 /* bytes in one's own version */

/* The scripts' names, in the order they are offered ("break", "no", ...). */
const json_t *hv_script_names(void);

/* Is name one of them? */
int hv_script_known(const char *name);

/* One script: {"name", "title", "when", "phrases": [...], "remember",
 * "yours": [records of one's own versions, newest first]}; NULL with err
 * set for an unknown name or a store error. */
json_t *hv_script_json(struct hv_store *st, const char *name, struct hv_error *err);

/* Keep one's own version of script name. */
int hv_script_keep(struct hv_store *st, const char *name, const char *text, struct hv_record *out,
                   struct hv_error *err);

/* A kept script's body: {"script": NAME, "text": TEXT}. */
int hv_script_validate(const json_t *body, struct hv_error *err);

#endif
