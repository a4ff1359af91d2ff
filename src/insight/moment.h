/*
 * moment.h — the moment a person opens haven in: stirred up, with a held
 * message ready, or quiet.
 *
 * haven is opened most when a reply is late and the alarm is loud, and
 * then a list of everything it can do is the wrong welcome.  This reads
 * what the store already knows — how strong the last entry was and how
 * long ago, and the messages held back with `haven coach --hold` — so the
 * home screen (and any other front end) can lead with what helps now.  The
 * thresholds are data (data/home.json "moment"); the words are the front
 * end's, also in data/home.json.
 */
#ifndef HAVEN_MOMENT_H
#define HAVEN_MOMENT_H

#include <jansson.h>
#include <stdint.h>

#include "core/error.h"
#include "core/store.h"

struct hv_moment {
	const char *mood;    /* "stirred", "held" or "quiet" (static strings) */
	int intensity;       /* the strongest recent entry's, 0 when there is none */
	int64_t entry_ms;    /* when it was logged, 0 when there is none */
	int stirred;         /* it is strong enough to count */
	int held_ready;      /* held messages whose time has come */
	int held_waiting;    /* held messages still waiting */
	int64_t next_due_ms; /* the soonest a waiting one comes back, 0: none */
};

/*
 * Read the moment at now.  "stirred" when an entry of the last minutes
 * (data says how many) is at least as strong as data says, or a message
 * is being held back
 * (whoever is holding one is in the middle of it); otherwise "held" when a
 * held message is ready to look at again; otherwise "quiet".  0, or -1
 * with err set when the store cannot be read.
 */
int hv_moment_read(struct hv_store *st, int64_t now, struct hv_moment *m, struct hv_error *err);

/* The moment as JSON: {"mood", "intensity", "entry", "held_ready",
 * "held_waiting", "next_due"} (times RFC 3339, null when none). */
json_t *hv_moment_json(const struct hv_moment *m);

#endif
