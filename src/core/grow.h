/*
 * grow.h — room in an array that grows one item at a time (a chat's
 * senders, a walk's months, a page's blocks, a line's words): its
 * capacity doubles from a first size until the items needed fit, so
 * adding n items costs O(n) copies in all.  One way, in place of a
 * realloc written out at every list.
 */
#ifndef HAVEN_CORE_GROW_H
#define HAVEN_CORE_GROW_H

#include <stddef.h>

/*
 * Make room for need items of each bytes in the array whose pointer is at
 * items (a T **, passed as void *), *cap of them now; a new array starts
 * at first.  0, or -1 when out of memory or too large, with the array and
 * *cap as they were.
 */
int hv_grow(void *items, size_t *cap, size_t need, size_t each, size_t first);

/* hv_grow for an array arr (a T *) and its capacity cap (a size_t). */
#define HV_GROW(arr, cap, need, first) hv_grow(&(arr), &(cap), (need), sizeof *(arr), (first))

#endif
