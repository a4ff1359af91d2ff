/*
 * nearsort.c — insertion sort with a qsort fallback (nearsort.h).
 */
#include "core/nearsort.h"

#include <stdlib.h>
#include <string.h>

/* Insert element i into the sorted run before it; returns how far it moved. */
static size_t insert(char *a, size_t i, size_t size, char *held,
                     int (*cmp)(const void *, const void *))
{
	memcpy(held, a + i * size, size);
	size_t j = i;
	while (j > 0 && cmp(a + (j - 1) * size, held) > 0)
		j--;
	if (j < i) {
		memmove(a + (j + 1) * size, a + j * size, (i - j) * size);
		memcpy(a + j * size, held, size);
	}
	return i - j;
}

int hv_sort_nearly(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	char local[256], *held = size <= sizeof local ? local : malloc(size);
	if (!held)
		return -1;
	size_t moves = 0;
	for (size_t i = 1; i < n; i++) {
		moves += insert(base, i, size, held, cmp);
		if (moves > 8 * n + 64) { /* badly shuffled after all */
			qsort(base, n, size, cmp);
			break;
		}
	}
	if (held != local)
		free(held);
	return 0;
}
