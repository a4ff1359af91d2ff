/*
 * crisis-image.c — a step of the build: compiles data/crisis.json once and
 * writes the model's image (see src/safety/crisis-image.c), which haven
 * embeds so it never compiles the rules at start.
 *
 *   crisis-image OUT
 *   crisis-image --notices OUT   every region's notice, one a line
 *                                (src/safety/crisis-lines.c)
 *
 * The image is read back and written again before it is kept: a model that
 * does not survive the round trip byte for byte fails the build, rather
 * than a running haven hearing differently from the rules as written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "safety/crisis-lines.h"
#include "safety/crisis-private.h"
#include "write-file.h"

/* The notices, so showing help parses one notice, not the directory. */
static int write_notices(const char *path)
{
	size_t len;
	char *text = hv_crisis_notices_image(&len);
	if (!text) {
		fprintf(stderr, "crisis-image: data/crisis-lines.json: cannot make the notices\n");
		return 1;
	}
	int rc = tool_write_file("crisis-image", path, text, len) < 0;
	free(text);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--notices") == 0)
		return write_notices(argv[2]);
	if (argc != 2) {
		fprintf(stderr, "usage: crisis-image OUT | crisis-image --notices OUT\n");
		return 2;
	}
	char why[256];
	struct cmodel *m = hv_crisis_model_from_data(why, sizeof why);
	if (!m) {
		fprintf(stderr, "crisis-image: data/crisis.json: %s\n", why);
		return 1;
	}
	size_t len = 0, again_len = 0;
	void *image = hv_crisis_image_write(m, &len);
	struct cmodel *back = image ? hv_crisis_image_read(image, len) : NULL;
	void *again = back ? hv_crisis_image_write(back, &again_len) : NULL;
	int ok = again && again_len == len && memcmp(image, again, len) == 0;
	if (!ok)
		fprintf(stderr, "crisis-image: the model's image does not read back as written\n");
	else if (tool_write_file("crisis-image", argv[1], image, len) < 0)
		ok = 0;
	free(again);
	hv_crisis_model_free(back);
	free(image);
	hv_crisis_model_free(m);
	return ok ? 0 : 1;
}
