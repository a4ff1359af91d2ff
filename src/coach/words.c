/*
 * words.c — the words the coach says, kept apart from the rules it reads by.
 *
 * Three quarters of data/coach.json are rules and concepts, and those are
 * compiled once by the build (tools/rules-image.c) and embedded as an image;
 * parsing the whole file again at run time only to find a kind's reason or
 * a table of clipped words cost a coach as much as reading the draft's
 * shape.  So the build also writes coach-words.json, the file without
 * "rules" and "concepts", embedded beside the rules image, and the coach
 * parses that.  A program linked without the images (the fuzzers, the
 * build's own tools) reads the whole file, which holds the same words.
 */
#include "words.h"

#include "coach.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/content.h"

static const json_t *words;
static pthread_once_t words_once = PTHREAD_ONCE_INIT;

static void load_words(void)
{
	size_t len = 0;
	const char *bytes = hv_content_image("coach-words.json", &len);
	json_t *j = bytes ? json_loadb(bytes, len, 0, NULL) : NULL;
	/* Kept, never freed, like the content cache (core/content.c). */
	words = j ? j : hv_content_json("coach.json", NULL);
}

const json_t *hv_coach_words(void)
{
	pthread_once(&words_once, load_words);
	return words;
}

/* As hv_content_text (core/content.c), over the words. */
const char *hv_coach_text(const char *path, const char *fallback)
{
	const json_t *j = hv_json_at(hv_coach_words(), path);
	return json_is_string(j) ? json_string_value(j) : fallback;
}
