/*
 * save.h — private to src/growth/: how an edited record of the plan, the
 * timeline or the week's change is written back.  Its new body takes the
 * old one's place only once every step before and the body's own check
 * have passed, so a refused edit changes nothing.
 */
#ifndef HAVEN_GROWTH_SAVE_H
#define HAVEN_GROWTH_SAVE_H

#include <jansson.h>

#include "core/error.h"
#include "core/record.h"
#include "core/store.h"

/*
 * rc is the result of the steps that made body (a failure skips the
 * rest).  When it is 0 and check accepts body, body becomes r's and r is
 * written: inserted when is_new, else updated.  body is taken in every
 * case.  On success r goes to *out (or is released when out is NULL); on
 * failure it is released.  Returns 0 or -1.
 */
int hv_growth_save(struct hv_store *st, struct hv_record *r, json_t *body, int rc, int is_new,
                   hv_body_check_fn check, struct hv_record *out, struct hv_error *err);

#endif
