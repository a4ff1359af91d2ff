/*
 * nearsort.h — sort an array that is nearly in order already.
 *
 * Journal rows come back nearly in time order and a chat day's messages
 * nearly in key order: only a few are a little out of place.  Insertion
 * sort does that in about one step an element, where qsort pays n log n;
 * an array that turns out badly shuffled is handed to qsort instead, so the
 * worst case stays n log n.
 */
#ifndef HAVEN_NEARSORT_H
#define HAVEN_NEARSORT_H

#include <stddef.h>

/* Sort n elements of size bytes at base by cmp, like qsort (not stable
 * once it falls back to qsort).  Returns 0, or -1 when memory for one
 * element (over 256 bytes) ran out, the array then unchanged in order. */
int hv_sort_nearly(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

#endif
