/*
 * vocab.h — the trigger journal's vocabularies: trigger kinds, emotion
 * words and response types, read from data/triggers.json,
 * data/emotions.json and data/responses.json.
 */
#ifndef HAVEN_VOCAB_H
#define HAVEN_VOCAB_H

#include <jansson.h>

/* Label of a trigger kind slug ("partner-distance"), or NULL if unknown. */
const char *hv_trigger_kind_label(const char *slug);

/* The response's type, "protest" or "soothing", or NULL if unknown. */
const char *hv_response_type(const char *slug);
const char *hv_response_label(const char *slug);

/* The vocabulary id for an emotion word typed by a person ("Anxious " →
 * "anxious"), or NULL when it is a free word of their own. */
const char *hv_emotion_id(const char *word);

/* A human-readable list of the trigger kind slugs, for error messages. */
const char *hv_trigger_kind_list(void);
const char *hv_response_list(void);

/* Visit families/kinds in order (for prompts and the web form); family is
 * the family's label. */
typedef void (*hv_vocab_fn)(const char *family, const char *id, const char *label,
                            const char *extra, void *ctx);
void hv_trigger_kinds_each(hv_vocab_fn fn, void *ctx);
void hv_responses_each(hv_vocab_fn fn, void *ctx); /* extra = type */
void hv_emotions_each(hv_vocab_fn fn, void *ctx);

#endif
