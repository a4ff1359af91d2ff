/*
 * json-out.h — a JSON document written as the command line prints it,
 * quickly: the same bytes as json_dumps(j, JSON_INDENT(2) |
 * JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15)).
 */
#ifndef HAVEN_JSON_OUT_H
#define HAVEN_JSON_OUT_H

#include <jansson.h>
#include <stddef.h>

/*
 * j (an object or an array) as that text, malloc'd and NUL-terminated,
 * its length in *len (len may be NULL).  NULL when out of memory or when
 * j is something this writer leaves to jansson (not an object or an
 * array, a string that is not UTF-8, nesting hundreds deep): the caller
 * then asks json_dumps, whose answer it would have been.
 */
char *hv_json_out(const json_t *j, size_t *len);

#endif
