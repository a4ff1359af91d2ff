/*
 * hash.h — how haven's lookup tables find a key, and the number the
 * weights files write.
 *
 * The rule sets' vocabularies, the weighed words of check and coach and
 * the crisis net's weights are all open-addressing tables over FNV-1a,
 * sized to a power of two at least twice their keys; the weights files
 * (the data files ending -weights.tsv) write every number as a whole count of thousandths.
 * One home for each, small enough to be inlined where a long text asks
 * them a hundred thousand times.  The crisis net's hash is the 32-bit one:
 * its build-time image carries the hashes (tools/crisis-image.c).
 */
#ifndef HAVEN_CORE_HASH_H
#define HAVEN_CORE_HASH_H

#include <stddef.h>
#include <stdint.h>

#define HV_FNV1A32_BASIS 2166136261u

/* FNV-1a over n bytes, 64 bits. */
static inline uint64_t hv_fnv1a64(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

/* FNV-1a over n bytes, 32 bits. */
static inline uint32_t hv_fnv1a32(const char *s, size_t n)
{
	uint32_t h = HV_FNV1A32_BASIS;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* FNV-1a, 32 bits, carried on from h (HV_FNV1A32_BASIS to start) over n
 * more bytes. */
static inline uint32_t hv_fnv1a32_more(uint32_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* The slots of a table for n keys: a power of two, no fewer than least
 * (itself a power of two) and at least twice n, so a probe ends soon. */
static inline size_t hv_slots_for(size_t n, size_t least)
{
	size_t nslot = least;
	while (nslot < 2 * n)
		nslot *= 2;
	return nslot;
}

/* A whole number of thousandths at p, as a weights file writes them: an
 * optional minus and digits, read up to end (bounded: no weight learnt is
 * anywhere near a hundred thousand). */
static inline long hv_thousandths(const char *p, const char *end)
{
	long v = 0, sign = 1;
	if (p < end && *p == '-')
		sign = -1, p++;
	for (; p < end && *p >= '0' && *p <= '9' && v < 100000000L; p++)
		v = v * 10 + (*p - '0');
	return sign * v;
}

#endif
