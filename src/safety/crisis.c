/*
 * crisis.c — the crisis rules (see crisis.h).
 *
 * Text is case-folded and NFC-normalised by utf8proc, apostrophes (straight
 * or curly) are dropped so "don't", "don’t" and "dont" read the same, and
 * the rest is cut into words of letters and digits.  A rule is a sequence of
 * words, each with alternatives ("kill|kil myself"); it matches consecutive
 * words.  A negatable rule is set aside when a negator stands within a few
 * words before it; any match overlapped by an exception phrase is set aside
 * too.
 */
#include "crisis.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "core/text.h"

#define MAX_WORDS 4096
#define WORD_MAX  48

struct word {
	char text[WORD_MAX];
	size_t start, end; /* in the folded text */
};

struct words {
	struct word *w;
	size_t n;
};

static int is_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* Is the UTF-8 sequence at p an apostrophe (' or U+2018/U+2019)? Its length. */
static size_t apostrophe(const unsigned char *p)
{
	if (p[0] == '\'')
		return 1;
	if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x98 || p[2] == 0x99))
		return 3;
	return 0;
}

/* Cut folded text into words, apostrophes removed inside words. */
static void split_words(const char *folded, struct words *out)
{
	const unsigned char *s = (const unsigned char *)folded;
	size_t i = 0;
	out->n = 0;
	while (s[i] && out->n < MAX_WORDS) {
		size_t a = apostrophe(s + i);
		if (a || !is_word_byte(s[i])) {
			i += a ? a : 1;
			continue;
		}
		struct word *w = &out->w[out->n];
		size_t len = 0;
		w->start = i;
		for (;;) {
			size_t ap = apostrophe(s + i);
			if (ap && len > 0 && is_word_byte(s[i + ap])) {
				i += ap; /* inside a word: drop it */
				continue;
			}
			if (!s[i] || ap || !is_word_byte(s[i]))
				break;
			if (len < WORD_MAX - 1)
				w->text[len++] = (char)s[i];
			i++;
		}
		w->text[len] = '\0';
		w->end = i;
		if (len)
			out->n++;
	}
}

/* Does word equal one of the '|'-separated alternatives in alts[0..n)? */
static int word_is(const char *word, const char *alts, size_t n)
{
	const char *p = alts, *end = alts + n;
	while (p < end) {
		const char *bar = memchr(p, '|', (size_t)(end - p));
		size_t len = bar ? (size_t)(bar - p) : (size_t)(end - p);
		if (strlen(word) == len && memcmp(word, p, len) == 0)
			return 1;
		p += len + 1;
	}
	return 0;
}

/* Length in words of a phrase match starting at word i, or 0. */
static size_t phrase_at(const struct words *ws, size_t i, const char *phrase)
{
	size_t k = 0;
	const char *p = phrase;
	while (*p) {
		size_t len = strcspn(p, " ");
		if (i + k >= ws->n || !word_is(ws->w[i + k].text, p, len))
			return 0;
		k++;
		p += len;
		while (*p == ' ')
			p++;
	}
	return k;
}

static int negated_before(const struct words *ws, size_t i, const json_t *negators, int window)
{
	for (size_t back = 1; back <= (size_t)window && back <= i; back++) {
		size_t j;
		json_t *neg;
		json_array_foreach(negators, j, neg) {
			if (strcmp(ws->w[i - back].text, json_string_value(neg)) == 0)
				return 1;
		}
	}
	return 0;
}

/* Is words [i, i+n) overlapped by any exception phrase? */
static int excepted(const struct words *ws, size_t i, size_t n, const json_t *exceptions)
{
	size_t j;
	json_t *ex;
	json_array_foreach(exceptions, j, ex) {
		const char *phrase = json_string_value(ex);
		size_t from = i > 8 ? i - 8 : 0;
		for (size_t s = from; s < i + n; s++) {
			size_t m = phrase_at(ws, s, phrase);
			if (m && s + m > i)
				return 1;
		}
	}
	return 0;
}

/* Map an offset in the folded text back to the original, by proportion of
 * code points: folding keeps one code point per code point for the text
 * this matters for, so counting code points lines the two up. */
static size_t original_offset(const char *orig, size_t orig_len, const char *folded, size_t off)
{
	size_t cps = 0;
	for (size_t i = 0; i < off; i++)
		if (((unsigned char)folded[i] & 0xC0) != 0x80)
			cps++;
	size_t i = 0;
	while (i < orig_len && cps > 0) {
		i++;
		while (i < orig_len && ((unsigned char)orig[i] & 0xC0) == 0x80)
			i++;
		cps--;
	}
	return i;
}

int hv_crisis_scan(const char *text, size_t len, struct hv_crisis_hit *hit)
{
	const json_t *data = hv_content_json("crisis.json", NULL);
	if (!data || !text || len == 0)
		return 0;
	char *copy = malloc(len + 1);
	if (!copy)
		return 0;
	memcpy(copy, text, len);
	copy[len] = '\0';
	char *folded = hv_text_valid(copy, len) ? hv_text_fold(copy) : NULL;
	struct words ws = {.w = malloc(MAX_WORDS * sizeof *ws.w)};
	int found = 0;
	if (!folded || !ws.w)
		goto done;
	split_words(folded, &ws);
	const json_t *rules = json_object_get(data, "rules");
	const json_t *negators = json_object_get(data, "negators");
	const json_t *exceptions = json_object_get(data, "exceptions");
	int window = (int)json_integer_value(json_object_get(data, "negation_window"));
	for (size_t i = 0; i < ws.n && !found; i++) {
		size_t r;
		json_t *rule;
		json_array_foreach(rules, r, rule) {
			const char *phrase = json_string_value(json_object_get(rule, "phrase"));
			size_t n = phrase ? phrase_at(&ws, i, phrase) : 0;
			if (!n || excepted(&ws, i, n, exceptions))
				continue;
			if (json_is_true(json_object_get(rule, "negatable")) &&
			    negated_before(&ws, i, negators, window))
				continue;
			found = 1;
			if (hit) {
				hit->start = original_offset(copy, len, folded, ws.w[i].start);
				hit->end = original_offset(copy, len, folded, ws.w[i + n - 1].end);
				hit->rule = phrase;
			}
			break;
		}
	}
done:
	free(ws.w);
	free(folded);
	free(copy);
	return found;
}

int hv_crisis_in_json(const json_t *v)
{
	size_t i;
	const char *key;
	json_t *item;
	switch (json_typeof(v)) {
	case JSON_STRING: return hv_crisis_scan(json_string_value(v), json_string_length(v), NULL);
	case JSON_ARRAY:
		json_array_foreach(v, i, item) {
			if (hv_crisis_in_json(item))
				return 1;
		}
		return 0;
	case JSON_OBJECT:
		json_object_foreach((json_t *)v, key, item) {
			if (hv_crisis_in_json(item))
				return 1;
		}
		return 0;
	default: return 0;
	}
}
