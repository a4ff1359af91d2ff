/*
 * apart.h — a piece of work done in a short-lived child process, its bytes
 * handed back to the caller.  For work whose libraries keep what they load:
 * cairo, pango and fontconfig read fonts and build caches on first use and
 * never give them back, so a long-running process (`haven serve`) that drew
 * one PDF itself would carry those megabytes until it stopped.  Drawn in a
 * child, all of it ends with the child.
 *
 * The child answers through a pipe: a small head (its error code and how
 * many bytes follow), then the bytes made, or its error's message.  The
 * caller trusts nothing it did not read whole: a child that stops on a
 * signal, ends early, or says more or less than its head promised is an
 * error naming what happened, and no bytes are handed back.
 */
#ifndef HAVEN_REPORT_APART_H
#define HAVEN_REPORT_APART_H

#include <stddef.h>

#include "core/error.h"

/* The work: bytes made from ctx (malloc'd, *len set), or NULL with err. */
typedef unsigned char *(*hv_apart_fn)(void *ctx, size_t *len, struct hv_error *err);

/* The most a child may hand back: far more than any card or report. */
#define HV_APART_MAX ((size_t)256 << 20)

/*
 * Run make(ctx) in a child process and return what it made (caller frees),
 * *len set; or NULL with err: the child's own error as it gave it, or a
 * message naming what went wrong with the child — it could not be started,
 * it stopped on a signal, it ended without answering in full, or it was
 * still at work after timeout_s seconds and was stopped.  what names the
 * work in those messages ("the card as PDF").  The caller's memory is the
 * child's to read (a copy, as fork makes it); nothing the child does
 * reaches the caller but its answer.
 */
unsigned char *hv_apart(hv_apart_fn make, void *ctx, const char *what, unsigned timeout_s,
                        size_t *len, struct hv_error *err);

#endif
