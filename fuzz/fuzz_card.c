/*
 * fuzz_card.c — libFuzzer target for what outside input reaches the card
 * and the report: a card body as the web page sends it (PUT /api/card, an
 * import), and the report's period and list of parts as typed or sent.
 *
 * The first byte picks the parser.  A card body is validated; one accepted
 * is written as HTML, whose markup must not depend on the words in it (the
 * same card with every item "a" has exactly as many '<' and '>'), so no
 * word can become markup.  A day read must be a real date; a list of parts
 * read must name at least one part and no more than there are.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report/card.h"
#include "report/report.h"

static size_t count_markup(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '<' || *s == '>';
	return n;
}

static size_t markup_of(const json_t *card)
{
	struct hv_error err;
	struct hv_doc *d = hv_card_doc(card, &err);
	char *html = d ? hv_doc_html(d, &err) : NULL;
	size_t n = html ? count_markup(html) : (size_t)-1;
	free(html);
	hv_doc_free(d);
	return n;
}

static void card(const char *text, size_t len)
{
	struct hv_error err;
	json_t *body = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
	if (!body || hv_card_validate(body, &err) < 0) {
		json_decref(body);
		return;
	}
	json_t *plain = json_deep_copy(body);
	const char *key;
	json_t *list;
	json_object_foreach(plain, key, list)
	{
		for (size_t i = 0; i < json_array_size(list); i++)
			json_array_set_new(list, i, json_string("a"));
	}
	if (markup_of(body) != markup_of(plain))
		abort();
	json_decref(plain);
	json_decref(body);
}

static void report_args(int which, const char *text)
{
	struct hv_error err;
	if (which == 1) {
		int64_t day;
		if (hv_report_parse_day(text, &day, &err) == 0 &&
		    (strlen(text) != 10 || day < 0 || day > 3000000))
			abort();
		return;
	}
	unsigned mask;
	if (hv_report_sections_parse(text, &mask, &err) == 0 &&
	    (mask == 0 || (mask & ~((1u << 8) - 1))))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0 || size > 65536)
		return 0;
	char *text = malloc(size);
	if (!text)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	int which = data[0] % 3;
	if (which == 0)
		card(text, size - 1);
	else
		report_args(which, text);
	free(text);
	return 0;
}
