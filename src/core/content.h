/*
 * content.h — the words haven shows, compiled into the binary.
 *
 * Everything a person reads (prompts, vocabularies, scripts) lives as JSON
 * under data/ so it can be changed without touching C.  The build embeds
 * each file; here it is looked up by its path below data/ ("triggers.json").
 */
#ifndef HAVEN_CONTENT_H
#define HAVEN_CONTENT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* The raw bytes of an embedded file, or NULL when there is none. */
const char *hv_content_bytes(const char *name, size_t *len);

/*
 * The file parsed as JSON, parsed once and kept for the life of the process
 * (a borrowed reference; do not decref).  NULL with err set if it is
 * missing or not valid JSON — a build defect, reported by name.
 */
const json_t *hv_content_json(const char *name, struct hv_error *err);

/* The value at a "/"-separated path below j ("wait/typical", "steps/0"):
 * object keys, and array indexes in decimal; NULL when there is none. */
const json_t *hv_json_at(const json_t *j, const char *path);

/* Is s (NULL: no) one of the strings of the array list? */
int hv_json_has_string(const json_t *list, const char *s);

/* The keys of obj joined with ", " into buf ("box, square, 478"), cut at
 * a whole key when buf is too small; buf is returned. */
const char *hv_json_keys_join(const json_t *obj, char *buf, size_t n);

/* Sort the array arr in place by cmp, which is given pointers to two of its
 * json_t * elements, as qsort gives them.  -1 when out of memory, arr
 * unchanged. */
int hv_json_array_sort(json_t *arr, int (*cmp)(const void *, const void *));

/* A string at a "/"-separated path in a content file, or fallback. */
const char *hv_content_text(const char *name, const char *path, const char *fallback);

/* An image the build made of data (e.g. "crisis-model.img"), embedded
 * beside the library; NULL when there is none, or in a program linked
 * without the images (the tools that make them, the fuzzers). */
const char *hv_content_image(const char *name, size_t *len);

/* A hash of every byte, quick enough for a large file at start: how an
 * image says which exact bytes it was made from. */
uint64_t hv_content_fingerprint(const char *bytes, size_t len);

/* Visit every embedded file; for tests that check all content parses. */
void hv_content_each(void (*fn)(const char *name, const char *bytes, size_t len, void *ctx),
                     void *ctx);

#endif
