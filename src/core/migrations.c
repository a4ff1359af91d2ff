/*
 * migrations.c — every module's migration steps in one numbered list (see
 * schema.h).  The build lists the modules' schemas (hv_schemas); this puts
 * their steps in order once and checks that they number 1, 2, … with none
 * missing or twice, so a slip is caught at the first open rather than
 * leaving a database between versions.
 */
#include "schema.h"

#include <pthread.h>
#include <stdio.h>

#include "store.h"

enum { STEPS_MAX = 256 };

static const struct hv_migration *order[STEPS_MAX + 1]; /* order[v]: step v */
static int last;                                        /* -1: misnumbered */
static char why[160];
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Note a misnumbered step of module (only the first is told). */
static void misnumbered(const char *module, int step, const char *how)
{
	if (last >= 0)
		snprintf(why, sizeof why, "step %d of %s's schema %s", step, module, how);
	last = -1;
}

static void gather(void)
{
	for (const struct hv_schema *const *s = hv_schemas; *s; s++)
		for (size_t i = 0; i < (*s)->n; i++) {
			const struct hv_migration *m = &(*s)->steps[i];
			if (m->step < 1 || m->step > STEPS_MAX)
				misnumbered((*s)->module, m->step, "is out of range");
			else if (order[m->step])
				misnumbered((*s)->module, m->step, "is numbered twice");
			else {
				order[m->step] = m;
				if (last >= 0 && m->step > last)
					last = m->step;
			}
		}
	for (int v = 1; v <= last; v++)
		if (!order[v]) {
			snprintf(why, sizeof why, "no module has step %d of the schema", v);
			last = -1;
		}
}

int hv_schema_last(struct hv_error *err)
{
	pthread_once(&once, gather);
	if (last < 0)
		return hv_fail(err, HV_ESCHEMA, "this haven was built with a broken schema: %s",
		               why);
	return last;
}

const struct hv_migration *hv_schema_step(int v)
{
	pthread_once(&once, gather);
	return last >= 0 && v >= 1 && v <= last ? order[v] : NULL;
}

int hv_store_schema_version(void)
{
	return hv_schema_last(NULL);
}
