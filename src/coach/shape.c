/*
 * shape.c — the signs of protest in a draft's shape rather than its words:
 * runs of question marks, a whole draft of clipped words ("fine.", "cool.
 * bye"), a word said over and over ("please please", "hey. hey. hey"), a
 * run of short messages, and scare quotes around their words ("work
 * dinner").  No word rule can see these; each becomes a finding like a
 * rule's, with the kind's reason from data/coach.json, and the tables they
 * read (which words are clipped, how many messages make a run) live in its
 * "structure".
 */
#include "shape.h"
#include "words.h"

#include <string.h>

#include "core/content.h"
#include "core/text.h"

static const json_t *coach_data(void)
{
	return hv_coach_words();
}

static const char *kind_text(const char *kind, const char *field)
{
	return json_string_value(
	    json_object_get(json_object_get(json_object_get(coach_data(), "kinds"), kind), field));
}

static int covered(const json_t *findings, const char *kind, size_t start, size_t end)
{
	size_t i;
	json_t *f;
	json_array_foreach(findings, i, f)
	{
		if (strcmp(json_string_value(json_object_get(f, "kind")), kind) != 0)
			continue;
		size_t s = (size_t)json_integer_value(json_object_get(f, "start"));
		size_t e = (size_t)json_integer_value(json_object_get(f, "end"));
		if (start < e && s < end)
			return 1;
	}
	return 0;
}

/* "hello??", "why???": two or more question marks in a row, with the word
 * just before them. */
static void find_question_runs(const char *text, size_t len, const struct hv_toks *toks,
                               json_t *findings)
{
	for (size_t i = 0; i < len; i++) {
		const char *q = memchr(text + i, '?', len - i);
		if (!q)
			break;
		i = (size_t)(q - text);
		size_t j = i;
		while (j < len && (text[j] == '?' || text[j] == '!'))
			j++;
		size_t marks = 0;
		for (size_t k = i; k < j; k++)
			marks += text[k] == '?';
		if (marks >= 2) {
			size_t start = i;
			for (size_t t = 0; t < toks->n; t++)
				if (toks->v[t].end == i)
					start = toks->v[t].start;
			if (!covered(findings, "excessive-contact", start, j) &&
			    hv_text_showable(text + start, j - start))
				json_array_append_new(
				    findings,
				    json_pack("{s:s,s:I,s:I,s:s%,s:s}", "kind", "excessive-contact",
				              "start", (json_int_t)start, "end", (json_int_t)j,
				              "match", text + start, j - start, "why",
				              kind_text("excessive-contact", "why")));
		}
		i = j;
	}
}

static void add_finding(json_t *findings, const char *kind, const char *text, size_t start,
                        size_t end)
{
	if (end <= start || covered(findings, kind, start, end) ||
	    !hv_text_showable(text + start, end - start))
		return;
	json_array_append_new(findings,
	                      json_pack("{s:s,s:I,s:I,s:s%,s:s}", "kind", kind, "start",
	                                (json_int_t)start, "end", (json_int_t)end, "match",
	                                text + start, end - start, "why", kind_text(kind, "why")));
}

static const json_t *structure(const char *name)
{
	return json_object_get(json_object_get(coach_data(), "structure"), name);
}

/* Bytes of text outside its words, as full stops (an ellipsis is one) and
 * anything else but spaces and commas. */
static void clipped_marks(const char *text, size_t len, const struct hv_toks *toks, size_t *dots,
                          size_t *other)
{
	size_t t = 0;
	for (size_t i = 0; i < len; i++) {
		if (t < toks->n && i == toks->v[t].start) {
			i = toks->v[t++].end - 1;
			continue;
		}
		const unsigned char *c = (const unsigned char *)text + i;
		if (*c == '.')
			++*dots;
		else if (i + 2 < len && c[0] == 0xE2 && c[1] == 0x80 && c[2] == 0xA6) {
			++*dots; /* … */
			i += 2;
		} else if (*c != ' ' && *c != '\t' && *c != '\n' && *c != '\r' && *c != ',')
			++*other;
	}
}

/* A whole draft of clipped words — "fine.", "k", "...ok", "cool. bye" — the
 * coldness of going quiet while still answering.  Words that are warm when
 * bare ("ok", "sure") count only with a full stop; a run of two or three
 * ("yeah. ok.", "alright then. bye.") needs a full stop or a goodbye, and
 * words like "bye" or "then" count only inside such a run. */
static void find_clipped(const char *text, size_t len, const struct hv_toks *toks, json_t *findings)
{
	if (toks->n == 0 || toks->n > 3)
		return;
	size_t dots = 0, other = 0, bare = 0, warm = 0, bye = 0;
	clipped_marks(text, len, toks, &dots, &other);
	if (other)
		return;
	for (size_t k = 0; k < toks->n; k++) {
		const char *w = toks->v[k].norm;
		if (hv_json_has_string(structure("clipped_bare"), w))
			bare++;
		else if (hv_json_has_string(structure("clipped_dot"), w))
			warm++;
		else if (hv_json_has_string(structure("clipped_run"), w))
			bye += hv_json_has_string(structure("clipped_bye"), w);
		else
			return;
	}
	int one = toks->n == 1 && (bare || (warm && dots));
	int run = toks->n > 1 && (dots || bye);
	size_t end = toks->v[toks->n - 1].end;
	while (end < len && text[end] == '.')
		end++; /* the full stop is part of it */
	if (one || run)
		add_finding(findings, "withdrawal", text, toks->v[0].start, end);
}

/* Message after message: a draft that is a run of short messages, one per
 * line or joined by " / " the way a chat's lines are pasted, is the pile-up
 * itself whatever its words.  Paragraphs of one long message are not: at
 * least data/coach.json's "burst" count of messages, of which all but one
 * are short.  The finding is the message that makes it a run. */
static void find_bursts(const char *text, size_t len, const struct hv_toks *toks, json_t *findings)
{
	const json_t *b = structure("burst");
	json_int_t need = json_integer_value(json_object_get(b, "messages"));
	json_int_t shortw = json_integer_value(json_object_get(b, "short_words"));
	if (need < 2 || toks->n == 0)
		return;
	json_int_t msgs = 0, longs = 0, words = 0;
	size_t t = 0, mstart = 0, mend = 0, at = 0, at_end = 0;
	for (size_t i = 0; i <= len; i++) {
		int cut = i == len || text[i] == '\n' ||
		          (text[i] == '/' && i > 0 && text[i - 1] == ' ' && i + 1 < len &&
		           text[i + 1] == ' ');
		if (!cut)
			continue;
		words = 0;
		while (t < toks->n && toks->v[t].start < i) {
			if (words++ == 0)
				mstart = toks->v[t].start;
			mend = toks->v[t].end;
			t++;
		}
		if (words == 0)
			continue;
		longs += words > shortw;
		if (++msgs == need)
			at = mstart, at_end = mend;
	}
	if (msgs >= need && longs <= 1)
		add_finding(findings, "excessive-contact", text, at, at_end);
}

/* One word said again and again: "please ... please", "sorry, sorry",
 * "hey. hey. hey".  data/coach.json names each word's kind and how many
 * times make it a sign; the finding spans the first to that occurrence. */
static void find_repeats(const char *text, const struct hv_toks *toks, json_t *findings)
{
	const char *word;
	json_t *spec;
	json_object_foreach((json_t *)structure("repeats"), word, spec)
	{
		const char *kind = json_string_value(json_array_get(spec, 0));
		json_int_t times = json_integer_value(json_array_get(spec, 1));
		json_int_t seen = 0;
		size_t first = 0;
		for (size_t i = 0; i < toks->n && kind && times > 1; i++) {
			const char *norm = toks->v[i].norm;
			/* the first letter first: most words differ there, and a
			 * long draft has thousands of words for each repeat */
			if (norm[0] != word[0] || strcmp(norm, word) != 0)
				continue;
			if (seen++ == 0)
				first = toks->v[i].start;
			if (seen == times) {
				add_finding(findings, kind, text, first, toks->v[i].end);
				break;
			}
		}
	}
}

/* Where a quotation mark starts at byte i: its length, or 0. */
static int letter_at(const char *t, size_t len, size_t i)
{
	return i < len && ((t[i] | 0x20) >= 'a' && (t[i] | 0x20) <= 'z');
}

/* A quotation mark opening (open) or closing a quote at t[i]: its length in
 * bytes, or 0.  A single quote counts only where it cannot be an apostrophe:
 * opening before a letter after a space, closing after a letter before
 * anything but a letter ("your 'work dinner'", never "don't" or "lads'"
 * alone). */
static size_t quote_at(const char *t, size_t len, size_t i, int open)
{
	if (t[i] == '"')
		return 1;
	if (i + 2 < len && (unsigned char)t[i] == 0xE2 && (unsigned char)t[i + 1] == 0x80 &&
	    ((unsigned char)t[i + 2] == 0x9C || (unsigned char)t[i + 2] == 0x9D))
		return 3;
	if (t[i] != '\'')
		return 0;
	if (open)
		return (i == 0 || t[i - 1] == ' ') && letter_at(t, len, i + 1);
	return i > 0 && letter_at(t, len, i - 1) && !letter_at(t, len, i + 1);
}

/* Scare quotes: one to three of their words put in quotation marks — oh
 * you're "tired", enjoy your "work dinner" — to doubt them.  Quoting what
 * someone said ("you said "later"") is left alone, and so is a quote not
 * pinned on them: only one right after "your", "you're so" and the like
 * (data/coach.json's quote_after) doubts them; people quote a film, a
 * rule or a reply in plain news just as often. */
static void find_scare_quotes(const char *text, size_t len, const struct hv_toks *toks,
                              json_t *findings)
{
	size_t t = 0;
	for (size_t i = 0; i < len; i++) {
		/* what quote_at knows first, asked of every byte of a long draft */
		if (text[i] != '"' && text[i] != '\'' && (unsigned char)text[i] != 0xE2)
			continue;
		size_t q = quote_at(text, len, i, 1);
		if (!q)
			continue;
		size_t j = i + q, qe = 0;
		while (j < len && j < i + 48 && text[j] != '\n' &&
		       !(qe = quote_at(text, len, j, 0)))
			j++;
		if (!qe) {
			i += q - 1;
			continue;
		}
		while (t < toks->n && toks->v[t].end <= i)
			t++;
		size_t inside = 0, k = t;
		while (k < toks->n && toks->v[k].end <= j)
			inside++, k++;
		const char *before = t > 0 ? toks->v[t - 1].norm : NULL;
		if (inside >= 1 && inside <= 3 && inside < toks->n && before &&
		    hv_json_has_string(structure("quote_after"), before) &&
		    !hv_json_has_string(structure("quote_ok"), before))
			add_finding(findings, "hostility", text, i, j + qe);
		i = j + qe - 1;
	}
}

void hv_coach_find_shapes(const char *text, size_t len, const struct hv_toks *toks,
                          json_t *findings)
{
	find_question_runs(text, len, toks, findings);
	find_clipped(text, len, toks, findings);
	find_repeats(text, toks, findings);
	find_bursts(text, len, toks, findings);
	find_scare_quotes(text, len, toks, findings);
}
