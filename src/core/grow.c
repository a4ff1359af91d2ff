/*
 * grow.c — room in a growing array (grow.h): doubling, with the size
 * checked for overflow before it is asked of realloc.
 */
#include "grow.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int hv_grow(void *items, size_t *cap, size_t need, size_t each, size_t first)
{
	if (need <= *cap)
		return 0;
	size_t c = *cap ? *cap : (first ? first : 1);
	while (c < need) {
		if (c > SIZE_MAX / 2)
			return -1;
		c *= 2;
	}
	if (each && c > SIZE_MAX / each)
		return -1;
	void *old;
	memcpy(&old, items, sizeof old); /* items is a T **: the array's pointer */
	void *p = realloc(old, c * each);
	if (!p)
		return -1;
	memcpy(items, &p, sizeof p);
	*cap = c;
	return 0;
}
