/*
 * rules-image.c — a step of the build: compiles the rules of check or coach
 * (data/patterns.json, data/coach.json) once and writes their image (see
 * src/patterns/rules-image.c), which haven embeds so it never compiles
 * them at start.
 *
 *   rules-image patterns.json|coach.json OUT
 *   rules-image --words coach.json OUT
 *
 * The rules compiled are this program's own embedded data, so the image is
 * of exactly the files the haven built beside it embeds.  The image is read
 * back and written again before it is kept: rules that do not survive the
 * round trip byte for byte fail the build.
 *
 * With --words it writes the file itself without its "rules" and
 * "concepts" (src/coach/words.c): what is left is what the coach says, and
 * parsing that at run time costs a quarter of parsing the whole file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "patterns/rules-private.h"
#include "write-file.h"

/* The data file as it is, less the parts the rules image carries. */
static int write_words(const char *file, const char *out)
{
	json_t *j = json_deep_copy(hv_content_json(file, NULL));
	if (!j) {
		fprintf(stderr, "rules-image: data/%s is missing or not JSON\n", file);
		return 1;
	}
	json_object_del(j, "rules");
	json_object_del(j, "concepts");
	char *text = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	int bad = !text || tool_write_file("rules-image", out, text, strlen(text)) < 0;
	free(text);
	return bad;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "--words") == 0)
		return write_words(argv[2], argv[3]);
	if (argc != 3) {
		fprintf(stderr, "usage: rules-image patterns.json|coach.json OUT\n"
		                "       rules-image --words coach.json OUT\n");
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
	else if (tool_write_file("rules-image", argv[2], image, len) < 0)
		ok = 0;
	free(again);
	hv_ruleset_free(back);
	free(image);
	hv_ruleset_free(rs);
	return ok ? 0 : 1;
}
