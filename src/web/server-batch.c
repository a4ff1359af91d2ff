/*
 * server-batch.c — group commit: writes that arrive together share one
 * commit.  The first of a round opens a transaction, each writes in it and
 * its connection waits (is suspended, and at once resumed, so it comes
 * back after this round of the event loop); the first request after the
 * round commits — one wait for the disk for all of them — and only then
 * does each writer get its answer.  A commit that fails turns every answer
 * of its round into the error.  After a commit, sync.auto sends the round
 * to the person's other devices.
 */
#include <stdio.h>
#include <stdlib.h>

#include "core/store-page.h"
#include "server-private.h"
#include "sync/sync.h"

/* sync.auto (sync/sync.h): what a round wrote goes out to the other
 * devices at once, and what they wrote comes in.  A sync that fails is
 * said on the terminal and never fails the writes, which are saved. */
static void auto_sync(struct hv_web *w)
{
	if (!hv_sync_auto(w->store))
		return;
	struct hv_sync_result r;
	struct hv_error err;
	if (hv_sync_run(w->store, &r, &err) < 0)
		fprintf(stderr, "haven: sync did not happen: %s\n", err.msg);
	else if (r.applied)
		hv_srv_cache_clear(w); /* other devices' entries came in */
	hv_sync_result_free(&r);
}

/* End the open round, if any: commit what its writers wrote. */
void hv_srv_batch_end(struct hv_web *w)
{
	struct batch *b = &w->batch;
	if (!b->open)
		return;
	b->open = 0;
	struct hv_error err;
	/* SQLite may have ended the transaction itself after an error. */
	int ok =
	    hv_store_in_transaction(w->store)
	        ? hv_store_commit(w->store, &err) == 0
	        : hv_fail(&err, HV_EIO, "the change could not be saved; please try again") == 0;
	if (!ok) {
		b->failed[b->number % BATCH_RING] = b->number;
		b->why[b->number % BATCH_RING] = err;
		hv_srv_cache_clear(w); /* what was read inside the round may be gone */
	}
	if (ok)
		auto_sync(w);
}

/* Write in the open round, opening one if none is; 0 when the request was
 * taken (its connection now waits), -1 when it must be answered alone. */
int hv_srv_batch_join(struct hv_web *w, struct MHD_Connection *c, struct pending *p,
                      const struct hv_request *req)
{
	struct batch *b = &w->batch;
	if (b->open && !hv_store_in_transaction(w->store))
		hv_srv_batch_end(w); /* ended by SQLite: the round has failed */
	if (!b->open) {
		struct hv_error err;
		if (hv_store_begin(w->store, &err) < 0)
			return -1;
		b->open = 1;
		b->number++;
	}
	p->reply = (struct hv_reply){.status = 200};
	hv_api_handle(w->store, req, &p->reply);
	hv_srv_reply_to_bytes(&p->reply);
	p->held = 1;
	p->batch = b->number;
	sym_MHD_suspend_connection(c);
	sym_MHD_resume_connection(c); /* back after this round of the event loop */
	return 0;
}

/* A writer back after its round: the round is committed (by whoever came
 * first), and its answer goes out — or the commit's error. */
enum MHD_Result hv_srv_batch_answer(struct hv_web *w, struct MHD_Connection *c, struct pending *p)
{
	if (w->batch.open && w->batch.number == p->batch)
		hv_srv_batch_end(w);
	p->held = 0;
	size_t slot = p->batch % BATCH_RING;
	if (w->batch.failed[slot] == p->batch) {
		free(p->reply.bytes);
		free(p->reply.link);
		p->reply = (struct hv_reply){.status = 200};
		hv_reply_error(&p->reply, &w->batch.why[slot]);
		hv_srv_reply_to_bytes(&p->reply);
	}
	enum MHD_Result ok = hv_srv_send_reply(c, &p->reply);
	free(p->reply.bytes);
	free(p->reply.link);
	p->reply.bytes = p->reply.link = NULL;
	return ok;
}
