/*
 * words.h — the coach's words (data/coach.json without its rules), private
 * to src/coach/.
 */
#ifndef HAVEN_COACH_WORDS_H
#define HAVEN_COACH_WORDS_H

#include <jansson.h>

/* data/coach.json as the coach reads it while reading a draft: every part
 * but "rules" and "concepts", which the build compiles into the rules
 * image.  Parsed once and kept to the end of the process. */
const json_t *hv_coach_words(void);

#endif
