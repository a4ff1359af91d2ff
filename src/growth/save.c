/*
 * save.c — writing an edited growth record back (save.h): the new body
 * replaces the old only when it has passed, and the record is handed on
 * or released whichever way it went.
 */
#include "save.h"

int hv_growth_save(struct hv_store *st, struct hv_record *r, json_t *body, int rc, int is_new,
                   hv_body_check_fn check, struct hv_record *out, struct hv_error *err)
{
	if (rc == 0)
		rc = check(body, err);
	if (rc == 0) {
		json_decref(r->body);
		r->body = body;
		body = NULL;
		rc = is_new ? hv_store_insert(st, r, err) : hv_store_update(st, r, err);
	}
	json_decref(body);
	if (rc == 0 && out)
		*out = *r;
	else
		hv_record_release(r);
	return rc;
}
