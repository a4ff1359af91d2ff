/*
 * plane.h — the two dimensions of attachment as one place: for an
 * instrument that measures both anxiety and avoidance (subscales with
 * those ids, each scored as a mean), where each result sits on the plane
 * and how it moved since the take before.
 *
 * The idea: the two scores are sliding scales, not boxes.  Seen together
 * they show a direction of change; nothing here names a corner or a type.
 */
#ifndef HAVEN_ASSESS_PLANE_H
#define HAVEN_ASSESS_PLANE_H

#include <jansson.h>

/*
 * From inst (an instrument) and its history (hv_assess_history): one
 * entry per target (or one, with no "target", for an instrument without
 * targets) that has results scored on both dimensions:
 *   {"target"?, "min", "max",
 *    "points": [{"result", "taken", "anxiety", "avoidance"}] oldest first,
 *    "moved": null | {"anxiety", "avoidance"} the newest minus the one
 *             before, rounded to two decimals}
 * An empty array when the instrument lacks either dimension or scores one
 * as a sum (new reference; NULL only when out of memory).
 */
json_t *hv_assess_plane(const json_t *inst, const json_t *history);

#endif
