/*
 * assess-plane.h — the two dimensions on a terminal (assess-plane.c).
 */
#ifndef HAVEN_CLI_ASSESS_PLANE_H
#define HAVEN_CLI_ASSESS_PLANE_H

#include <jansson.h>

#include "cli.h"
#include "core/store.h"

/* Each entry of a history's "plane" (assess/plane.h) as a small text
 * plane, a key to its takes, and the move since the take before. */
void assess_print_plane(struct hv_cli *cli, const json_t *plane);

/* The plane of inst's history for target (NULL: an instrument without
 * targets), when it has one; nothing otherwise, or when it cannot be read. */
void assess_print_plane_of(struct hv_cli *cli, struct hv_store *st, const json_t *inst,
                           const char *target);

#endif
