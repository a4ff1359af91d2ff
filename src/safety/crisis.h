/*
 * crisis.h — noticing language of self-harm, suicide or danger in anything
 * a person writes, so haven can answer it with help first.
 *
 * The rules are data (data/crisis.json): concepts — groups of words and
 * phrases, stemmed by Snowball so one word covers its forms — combined into
 * rules by the categories suicide-risk screening uses (a wish to be dead,
 * active thoughts, method, plan, hopelessness, self-harm, danger from
 * others, a threat to others, a threat used in a relationship), with
 * negation, idioms and other people's stories set aside.  Where help is
 * lives beside them (data/crisis-lines.json, crisis-lines.c).  The rules
 * lean toward speaking up: a false alarm costs a moment, a missed one can
 * cost far more.  It never diagnoses; it only says what it noticed and
 * where help is.
 */
#ifndef HAVEN_CRISIS_H
#define HAVEN_CRISIS_H

#include <jansson.h>
#include <stddef.h>

struct hv_crisis_hit {
	size_t start, end;    /* byte offsets of the words that matched */
	const char *rule;     /* the rule's id, for tests and explanations */
	const char *category; /* what it heard: "wish", "method", "danger", ... */
};

/* 1 when text holds crisis language (first hit in *hit if non-NULL), else 0. */
int hv_crisis_scan(const char *text, size_t len, struct hv_crisis_hit *hit);

/* 1 when any string anywhere in a JSON value holds crisis language. */
int hv_crisis_in_json(const json_t *value);

/*
 * What to show: {"crisis": true, "message", "after", "not_a_diagnosis",
 * "resources": {"region", "name", "emergency", "lines": [{"name","contact"}]},
 * "elsewhere": {...}} for region (a two-letter code such as "UK", "GB",
 * "US"; NULL or unknown: the international directory).  New reference.
 */
json_t *hv_crisis_notice(const char *region);

/* The person's region: the "region" setting in st (may be NULL), else the
 * locale's territory, else NULL (the international directory).  Written
 * into buf; the one lookup both front ends use. */
struct hv_store;
const char *hv_crisis_region(struct hv_store *st, char buf[16]);

/* The region to use when none is set: the territory of the locale
 * (LC_ALL, LC_MESSAGES, LANG: "en_GB.UTF-8" → "GB"), or NULL. */
const char *hv_crisis_region_from_locale(char buf[8]);

#endif
