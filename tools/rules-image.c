/*
 * rules-image.c — a step of the build: compiles the rules of check or coach
 * (data/patterns.json, data/coach.json) once and writes their image (see
 * src/patterns/rules-image.c), which haven embeds so it never compiles
 * them at start.
 *
 *   rules-image patterns.json|coach.json OUT
 *
 * The rules compiled are this program's own embedded data, so the image is
 * of exactly the files the haven built beside it embeds.  The image is read
 * back and written again before it is kept: rules that do not survive the
 * round trip byte for byte fail the build.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "patterns/rules-private.h"

static int write_file(const char *path, const void *bytes, size_t len)
{
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	FILE *f = fopen(tmp, "wb");
	if (!f || fwrite(bytes, 1, len, f) != len || fclose(f) != 0 || rename(tmp, path) != 0) {
		perror(path);
		remove(tmp);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: rules-image patterns.json|coach.json OUT\n");
		return 2;
	}
	struct hv_error err;
	struct hv_ruleset *rs = hv_ruleset_compile(argv[1], &err);
	if (!rs || err.code != HV_OK) {
		fprintf(stderr, "rules-image: %s\n", rs ? err.msg : "the rules do not compile");
		return 1;
	}
	size_t len = 0, again_len = 0;
	void *image = hv_ruleset_image_write(rs, &len);
	struct hv_ruleset *back = image ? hv_ruleset_image_read(argv[1], image, len) : NULL;
	void *again = back ? hv_ruleset_image_write(back, &again_len) : NULL;
	int ok = again && again_len == len && memcmp(image, again, len) == 0;
	if (!ok)
		fprintf(stderr, "rules-image: data/%s: the image does not read back as written\n",
		        argv[1]);
	else if (write_file(argv[2], image, len) < 0)
		ok = 0;
	free(again);
	hv_ruleset_free(back);
	free(image);
	hv_ruleset_free(rs);
	return ok ? 0 : 1;
}
