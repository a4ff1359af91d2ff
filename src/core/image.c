/*
 * image.c — the stamp build-time images open with and the buffer they are
 * laid out in (image.h).
 */
#include "image.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "hash.h"

uint32_t hv_image_layout(const size_t *sizes, size_t n)
{
	uint32_t h = HV_FNV1A32_BASIS;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (uint32_t)sizes[i]) * 16777619u;
	return h;
}

void hv_image_stamp_set(struct hv_image_stamp *s, const char *magic, uint32_t format,
                        uint32_t layout, uint64_t len, uint64_t hash)
{
	memset(s, 0, sizeof *s);
	memcpy(s->magic, magic, strnlen(magic, sizeof s->magic));
	s->format = format;
	s->layout = layout;
	s->source_len = len;
	s->source_hash = hash;
}

int hv_image_stamp_is(const struct hv_image_stamp *s, const char *magic, uint32_t format,
                      uint32_t layout)
{
	return strncmp(s->magic, magic, sizeof s->magic) == 0 && s->format == format &&
	       s->layout == layout;
}

int hv_image_stamp_from(const struct hv_image_stamp *s, const char *bytes, size_t len)
{
	return s->source_len == len && s->source_hash == hv_content_fingerprint(bytes, len);
}

size_t hv_image_buf_put(struct hv_image_buf *b, const void *src, size_t n, size_t align)
{
	size_t at = (b->n + align - 1) / align * align;
	if (!b->failed && at + n > b->cap) {
		size_t cap = b->cap ? b->cap : 65536;
		while (at + n > cap)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (p) {
			memset(p + b->cap, 0, cap - b->cap);
			b->p = p;
			b->cap = cap;
		} else
			b->failed = 1;
	}
	if (b->failed)
		return SIZE_MAX;
	if (n)
		memcpy(b->p + at, src, n);
	b->n = at + n;
	return at;
}
