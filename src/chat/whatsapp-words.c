/*
 * whatsapp-words.c — the words the WhatsApp reader recognises, from
 * data/chat.json: media placeholders, deleted-message notices, system
 * lines, calls, the words some languages put between date and time, and
 * the AM/PM markers and era names of headers in other languages.
 *
 * Loaded once (pthread_once) before any line is read, and only read after,
 * so the parts of a file taken apart at once share them without locks.
 */
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "whatsapp-private.h"

struct hv_wa_words hv_wa_words;
static pthread_once_t words_once = PTHREAD_ONCE_INIT; /* parts of a file read at once */

static void load_list(const json_t *root, const char *key, struct wordlist *out)
{
	const json_t *arr = json_object_get(root, key);
	size_t n = json_array_size(arr);
	out->w = calloc(n ? n : 1, sizeof *out->w);
	out->len = calloc(n ? n : 1, sizeof *out->len);
	if (!out->w || !out->len) {
		out->n = 0;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const json_t *v = json_array_get(arr, i);
		/* A plain string, or {"lang", "text"}: the language is for people. */
		const char *s =
		    json_string_value(json_is_object(v) ? json_object_get(v, "text") : v);
		out->w[out->n] = s;
		out->len[out->n] = s ? strlen(s) : 0;
		if (out->len[out->n] < 128)
			out->lens[out->len[out->n] / 64] |= (uint64_t)1 << (out->len[out->n] % 64);
		if (s && *s)
			out->n++;
	}
}

/* The AM/PM markers ("am"/"pm" of each language) and era names. */
static void load_marks(const json_t *root)
{
	const json_t *ampm = json_object_get(root, "ampm"), *eras = json_object_get(root, "eras");
	size_t n = 2 * json_array_size(ampm) + json_array_size(eras), k = 0;
	struct hv_wa_words *words = &hv_wa_words;
	words->marks = calloc(n ? n : 1, sizeof *words->marks);
	if (!words->marks)
		return;
	size_t i;
	const json_t *v;
	json_array_foreach(ampm, i, v)
	{
		static const char *const keys[] = {"am", "pm"}, *const as[] = {"AM", "PM"};
		for (int j = 0; j < 2; j++) {
			const char *w = json_string_value(json_object_get(v, keys[j]));
			if (!w || !*w)
				continue;
			words->marks[k++] = (struct marker){w, strlen(w), as[j], 0};
			words->ascii_marks |= hv_wa_all_ascii(w, strlen(w));
		}
	}
	json_array_foreach(eras, i, v)
	{
		const char *w = json_string_value(json_object_get(v, "name"));
		int first = (int)json_integer_value(json_object_get(v, "first_year"));
		if (w && *w && first > 0)
			words->marks[k++] = (struct marker){w, strlen(w), NULL, first};
	}
	words->nmarks = k;
}

static void read_words(void)
{
	const json_t *root = json_object_get(hv_content_json("chat.json", NULL), "whatsapp");
	struct hv_wa_words *words = &hv_wa_words;
	load_list(root, "media", &words->media);
	load_list(root, "media_prefix", &words->media_prefix);
	load_list(root, "deleted", &words->deleted);
	load_list(root, "system", &words->system);
	load_list(root, "time_words", &words->time_words);
	load_list(root, "calls", &words->calls);
	load_marks(root);
}

void hv_wa_load_words(void)
{
	pthread_once(&words_once, read_words);
}

int hv_wa_ends_with_any(const struct wordlist *l, const char *s, size_t n)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->len[i] <= n && memcmp(l->w[i], s + n - l->len[i], l->len[i]) == 0)
			return 1;
	return 0;
}

int hv_wa_starts_with_any(const struct wordlist *l, const char *s, size_t n)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->len[i] <= n && memcmp(l->w[i], s, l->len[i]) == 0)
			return 1;
	return 0;
}

int hv_wa_contains_any(const struct wordlist *l, const char *s, size_t n)
{
	for (size_t i = 0; i < l->n; i++)
		if (memmem(s, n, l->w[i], l->len[i]))
			return 1;
	return 0;
}
