/*
 * image.h — build-time images: the stamp every one opens with, the one test
 * that says whether this build may use it, and the buffer they are laid
 * out in.
 *
 * The rule sets, the crisis model and the weights of check, coach and the
 * crisis net are each read once from data/ and laid out by the build as an
 * image (by the tools/ programs named -image.c), used at start-up where it lies instead of being
 * read again.  An image is only ever a faster way to the same structures:
 * one made by another kind of image, another format, a build whose
 * structures have other sizes, or from other source bytes is refused, and
 * the data file is read instead.  The stamp holds those four facts.
 */
#ifndef HAVEN_CORE_IMAGE_H
#define HAVEN_CORE_IMAGE_H

#include <stddef.h>
#include <stdint.h>

struct hv_image_stamp {
	char magic[8];   /* which kind of image, e.g. "hvlearnt" */
	uint32_t format; /* raised when what the image holds changes */
	uint32_t layout; /* the structures' sizes in this build (hv_image_layout) */
	uint64_t source_len, source_hash; /* the source it was made from */
};

/* The sizes of the structures an image holds, folded into one number. */
uint32_t hv_image_layout(const size_t *sizes, size_t n);

/* Stamp an image of kind magic (8 bytes, NUL-padded) made from a source of
 * len bytes whose hash is hash. */
void hv_image_stamp_set(struct hv_image_stamp *s, const char *magic, uint32_t format,
                        uint32_t layout, uint64_t len, uint64_t hash);

/* Whether the stamp is of kind magic, this format and this layout. */
int hv_image_stamp_is(const struct hv_image_stamp *s, const char *magic, uint32_t format,
                      uint32_t layout);

/* Whether it was made from these bytes (their length first, then their
 * hash, hv_content_fingerprint's, which reads them all). */
int hv_image_stamp_from(const struct hv_image_stamp *s, const char *bytes, size_t len);

/* A growing buffer an image is laid out in: zero-filled, so the padding
 * between what is put in it is zeros and the same build writes the same
 * bytes.  failed once memory ran out; every later put then fails too. */
struct hv_image_buf {
	char *p;
	size_t n, cap;
	int failed;
};

/* Append n bytes of src at the next multiple of align (a power of two or
 * not); the offset they went to, or SIZE_MAX once b has failed. */
size_t hv_image_buf_put(struct hv_image_buf *b, const void *src, size_t n, size_t align);

#endif
