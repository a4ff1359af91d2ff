/*
 * crisis-lines.h — the directory of crisis lines (data/crisis-lines.json)
 * beyond the notice itself (declared in crisis.h): the regions it knows,
 * for a front end that lets a person choose theirs.
 *
 * Each region has "name", "emergency" (to read) and "emergency_call" (the
 * digits to dial); each line "name" and "contact" (a sentence to read) and,
 * where it has them, "call", "text" with "text_body", "chat" or "web"
 * (https), "hours" and "for" ("violence", "young-people").  The notice
 * carries them as they are, so a page can make tel:, sms: and web links.
 */
#ifndef HAVEN_CRISIS_LINES_H
#define HAVEN_CRISIS_LINES_H

#include <jansson.h>

/*
 * Every region with lines of its own, as [{"code": "UK", "name": "United
 * Kingdom"}, ...] sorted by name (a new reference).  Aliases (GB for UK)
 * are not listed; they lead to the same entry.
 */
json_t *hv_crisis_regions(void);

/*
 * The table's code for a region, aliases followed and case ignored
 * ("gb" → "UK"), or NULL when the directory has no lines for it.  The
 * string lives as long as the process.
 */
const char *hv_crisis_region_code(const char *region);

/* The notice as hv_crisis_notice gives it, made from the directory itself
 * rather than from the notices the build wrote (for that build step, and
 * the tests that hold the two to be the same).  A new reference. */
json_t *hv_crisis_notice_afresh(const char *region);

/* Every notice, for the build to embed (tools/crisis-image.c --notices):
 * a malloc'd text of *len bytes, or NULL when out of memory. */
char *hv_crisis_notices_image(size_t *len);

#endif
