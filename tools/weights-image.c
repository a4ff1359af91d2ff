/*
 * weights-image.c — a step of the build: indexes a weights file of data/
 * once and writes the index as an image, which haven embeds so it never
 * cuts and hashes tens of thousands of lines at start
 * (src/safety/crisis-table.c, src/patterns/learnt-weights.c).
 *
 *   weights-image crisis-weights.tsv|patterns-weights.tsv|coach-weights.tsv OUT
 *
 * The file indexed is this program's own embedded copy, so the image is of
 * exactly the bytes the haven built beside it embeds.  A weights image of
 * check or coach is read back and written again before it is kept: one
 * that does not survive the round trip byte for byte fails the build.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "patterns/learnt-private.h"
#include "safety/crisis-private.h"
#include "write-file.h"

/* The image of a learnt weights file, checked by a round trip. */
static void *learnt_image(const char *name, size_t *len)
{
	size_t n, again_len = 0;
	const char *bytes = hv_content_bytes(name, &n);
	struct learnt *lw = bytes ? hv_learnt_from_bytes(name, bytes, n) : NULL;
	void *image = lw ? hv_learnt_image_write(lw, len) : NULL;
	struct learnt *back = image ? hv_learnt_image_read(name, bytes, n, image, *len) : NULL;
	void *again = back ? hv_learnt_image_write(back, &again_len) : NULL;
	if (!again || again_len != *len || memcmp(image, again, *len) != 0) {
		fprintf(stderr,
		        "weights-image: data/%s does not index, or its image does not "
		        "read back as written\n",
		        name);
		free(image);
		image = NULL;
	}
	free(again);
	free(back); /* it points into image: nothing of its own */
	hv_learnt_free(lw);
	return image;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: weights-image crisis-weights.tsv|patterns-weights.tsv|"
		                "coach-weights.tsv OUT\n");
		return 2;
	}
	size_t len = 0;
	int unused;
	void *image = strcmp(argv[1], "crisis-weights.tsv") == 0
	                  ? hv_crisis_weights_image(1, &len, &unused)
	                  : learnt_image(argv[1], &len);
	if (!image) {
		fprintf(stderr, "weights-image: no image made of data/%s\n", argv[1]);
		return 1;
	}
	int rc = tool_write_file("weights-image", argv[2], image, len) < 0;
	free(image);
	return rc;
}
