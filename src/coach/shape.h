/*
 * shape.h — the signs of protest the coach reads from a draft's shape
 * (shape.c), private to src/coach/.
 */
#ifndef HAVEN_COACH_SHAPE_H
#define HAVEN_COACH_SHAPE_H

#include <jansson.h>
#include <stddef.h>

#include "patterns/patterns.h"

/* Add to findings what the draft's shape shows: question runs, clipped
 * words, words said again and again, runs of short messages, scare quotes. */
void hv_coach_find_shapes(const char *text, size_t len, const struct hv_toks *toks,
                          json_t *findings);

#endif
