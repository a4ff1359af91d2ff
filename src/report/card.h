/*
 * card.h — the partner card: what sets off my alarm, what helps me, what I
 * am working on, what I'd love you to do, what we agreed.  It is one record
 * (kind "card") holding only what the person put on it, in their words;
 * the journal and the practices only offer ideas (hv_card_suggest), which
 * reach the card when the person takes one.  Nothing is added behind
 * their back.
 */
#ifndef HAVEN_CARD_H
#define HAVEN_CARD_H

#include <jansson.h>

#include "core/store.h"
#include "doc.h"

#define HV_CARD_KIND      "card"
#define HV_CARD_MAX_ITEMS 8   /* per part: a card stays one page */
#define HV_CARD_MAX_TEXT  280 /* bytes per item */

/* The parts of a card in order ("alarm", "helps", "working_on", "ask",
 * "agreements"); NULL past the last. */
const char *hv_card_section_at(size_t i);

/* A card body: an object of those parts only, each a list of at most
 * HV_CARD_MAX_ITEMS texts of 1–HV_CARD_MAX_TEXT bytes, showable UTF-8. */
int hv_card_validate(const json_t *body, struct hv_error *err);

/* The card as saved: every part present (empty lists for none). */
json_t *hv_card_get(struct hv_store *st, struct hv_error *err);

/* Replace the whole card with body (validated first; text cleaned). */
int hv_card_set(struct hv_store *st, const json_t *body, struct hv_error *err);

/* Add text under section; remove item n (from 1) of section, its text
 * returned in *removed (caller frees). */
int hv_card_add(struct hv_store *st, const char *section, const char *text, struct hv_error *err);
int hv_card_remove(struct hv_store *st, const char *section, size_t n, char **removed,
                   struct hv_error *err);

/*
 * Ideas from the person's own notes, none of them on the card:
 * [{"section", "text", "why"}] (text what would go on the card, why what
 * it comes from), the top trigger kinds and the latest own
 * words written about each, then the practices that eased distress most.
 */
json_t *hv_card_suggest(struct hv_store *st, struct hv_error *err);

/* The card as a one-page document, in both voices (data/card.json). */
struct hv_doc *hv_card_doc(const json_t *card, struct hv_error *err);

#endif
