/*
 * plane.h — the two dimensions of attachment as an SVG for the web app's
 * assessment page (plane.c).
 */
#ifndef HAVEN_REPORT_PLANE_H
#define HAVEN_REPORT_PLANE_H

#include <jansson.h>

/*
 * One entry of a history's "plane" (assess/plane.h) drawn as SVG at width
 * (0: the default), up for anxiety and across for avoidance, each take a
 * dot joined oldest to newest, with the axes and the description in
 * words's plain terms (data/assess.json "plane").  Caller frees; NULL when
 * out of memory.
 */
char *hv_chart_plane(const json_t *entry, const json_t *words, int width);

#endif
