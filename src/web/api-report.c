/*
 * api-report.c — the web side of `haven card` and `haven report`: the card
 * as saved and the ideas from the person's notes, the whole card replaced
 * by what the page sends (through the crisis net, like every word a person
 * writes), and both documents made on this computer as a PDF or HTML file
 * to download.  The same library calls as the CLI (report/card.h,
 * report/report.h), so the files are the same.  A PDF is drawn in a
 * short-lived child process (report/apart.h): cairo, pango and fontconfig
 * keep the fonts and caches they load, and the server lives long.  The
 * card's files are kept, keyed on the card itself, since nothing else
 * goes into them.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "core/content.h"
#include "report/card.h"
#include "report/report.h"

static json_t *words(const char *file)
{
	return json_deep_copy(hv_content_json(file, NULL));
}

/* The card, the ideas from the journal (none of them on it), its words. */
void hv_api_card_get(struct hv_store *st, const struct hv_request *req, const char *id,
                     struct hv_reply *reply)
{
	(void)req, (void)id;
	struct hv_error err;
	json_t *card = hv_card_get(st, &err);
	json_t *ideas = card ? hv_card_suggest(st, &err) : NULL;
	if (!ideas) {
		json_decref(card);
		return hv_reply_error(reply, &err);
	}
	reply->json =
	    json_pack("{s:o,s:o,s:o}", "card", card, "ideas", ideas, "words", words("card.json"));
}

/* The whole card as the page has it now: {alarm: [...], helps: [...], …}. */
void hv_api_card_set(struct hv_store *st, const struct hv_request *req, const char *id,
                     struct hv_reply *reply)
{
	(void)id;
	json_t *body = hv_api_body_object(req, reply);
	if (!body)
		return;
	struct hv_error err;
	json_t *card = hv_card_set(st, body, &err) == 0 ? hv_card_get(st, &err) : NULL;
	if (card)
		reply->json = json_pack("{s:o}", "card", card);
	else
		hv_reply_error(reply, &err);
	hv_reply_crisis_body(st, reply, HV_CARD_KIND, body);
	json_decref(body);
}

/* A document's file as the reply's bytes: PDF (drawn in a child process,
 * so the fonts cairo and pango load never stay in the server) or HTML. */
static void doc_file(struct hv_reply *reply, const struct hv_doc *doc, int pdf,
                     const char *name_pdf, const char *name_html)
{
	struct hv_error err;
	if (pdf) {
		reply->bytes = (char *)hv_doc_pdf_apart(doc, &reply->len, &err);
		reply->type = "application/pdf";
		reply->filename = name_pdf;
	} else {
		reply->bytes = hv_doc_html(doc, &err);
		reply->len = reply->bytes ? strlen(reply->bytes) : 0;
		reply->type = "text/html; charset=utf-8";
		reply->filename = name_html;
	}
	if (!reply->bytes)
		hv_reply_error(reply, &err);
}

/* A document as the reply: ?format=pdf (the default), html, or json for
 * the page to show it.  Takes doc. */
static void send_doc(struct hv_reply *reply, struct hv_doc *doc, const char *format,
                     const char *name_pdf, const char *name_html)
{
	if (!strcmp(format, "json")) {
		/* For the page to show (and print) itself. */
		reply->json = hv_doc_json(doc);
		if (!reply->json)
			hv_reply_message(reply, 500, "no-memory", "out of memory");
	} else
		doc_file(reply, doc, !strcmp(format, "pdf"), name_pdf, name_html);
	hv_doc_free(doc);
}

static const char *format_of(const struct hv_request *req, struct hv_reply *reply)
{
	const char *f = hv_request_arg(req, "format");
	if (!f || !*f)
		return "pdf";
	if (strcmp(f, "pdf") && strcmp(f, "html") && strcmp(f, "json")) {
		hv_reply_message(reply, 400, "bad-format", "format must be pdf, html or json");
		return NULL;
	}
	return f;
}

/*
 * The card's files, kept.  A card's file is made from the card as saved
 * and words compiled into haven, nothing else, so a digest of the card
 * says whether the file kept for a format is the one it would make again:
 * an edit, from the page or the command line, changes the digest and the
 * file is made anew; anything else (new entries, settings, the minute)
 * leaves it as it is.  One file per format (PDF, HTML).
 */
static struct kept_card {
	unsigned char digest[crypto_generichash_BYTES];
	char *bytes; /* NULL: nothing kept */
	size_t len;
} kept_cards[2];

static int card_digest(const json_t *card, unsigned char *digest)
{
	char *text = json_dumps(card, JSON_COMPACT | JSON_SORT_KEYS);
	if (!text)
		return -1;
	crypto_generichash(digest, crypto_generichash_BYTES, (const unsigned char *)text,
	                   strlen(text), NULL, 0);
	free(text);
	return 0;
}

/* The kept file as the reply, when it is the card's; 1 when sent. */
static int card_from_kept(struct hv_reply *reply, const struct kept_card *k,
                          const unsigned char *digest, int pdf)
{
	if (!k->bytes || sodium_memcmp(k->digest, digest, sizeof k->digest) != 0)
		return 0;
	reply->bytes = malloc(k->len ? k->len : 1);
	if (!reply->bytes)
		return 0;
	memcpy(reply->bytes, k->bytes, k->len);
	reply->len = k->len;
	reply->type = pdf ? "application/pdf" : "text/html; charset=utf-8";
	reply->filename = pdf ? "haven-card.pdf" : "haven-card.html";
	return 1;
}

static void card_keep(struct kept_card *k, const unsigned char *digest,
                      const struct hv_reply *reply)
{
	char *copy = malloc(reply->len ? reply->len : 1);
	if (!copy)
		return; /* not kept: made again next time */
	memcpy(copy, reply->bytes, reply->len);
	free(k->bytes);
	memcpy(k->digest, digest, sizeof k->digest);
	k->bytes = copy;
	k->len = reply->len;
}

void hv_api_card_file(struct hv_store *st, const struct hv_request *req, const char *id,
                      struct hv_reply *reply)
{
	(void)id;
	const char *format = format_of(req, reply);
	if (!format)
		return;
	struct hv_error err;
	json_t *card = hv_card_get(st, &err);
	if (!card)
		return hv_reply_error(reply, &err);
	int pdf = !strcmp(format, "pdf");
	struct kept_card *k = &kept_cards[pdf ? 0 : 1];
	unsigned char digest[crypto_generichash_BYTES];
	int keep = strcmp(format, "json") && card_digest(card, digest) == 0;
	if (keep && card_from_kept(reply, k, digest, pdf)) {
		json_decref(card);
		return;
	}
	struct hv_doc *doc = hv_card_doc(card, &err);
	json_decref(card);
	if (!doc)
		return hv_reply_error(reply, &err);
	send_doc(reply, doc, format, "haven-card.pdf", "haven-card.html");
	if (keep && reply->bytes && reply->status == 200)
		card_keep(k, digest, reply);
}

/* The parts a report may hold, and the page's words. */
void hv_api_report_get(struct hv_store *st, const struct hv_request *req, const char *id,
                       struct hv_reply *reply)
{
	(void)st, (void)req, (void)id;
	reply->json =
	    json_pack("{s:o,s:o}", "sections", hv_report_sections(), "words", words("report.json"));
}

/* ?from=2026-09-01&to=2026-11-30&sections=a,b&format=pdf|html; a bad
 * date, an unknown part or a period that ends before it starts is 400. */
void hv_api_report_file(struct hv_store *st, const struct hv_request *req, const char *id,
                        struct hv_reply *reply)
{
	(void)id;
	const char *format = format_of(req, reply);
	if (!format)
		return;
	const char *from = hv_request_arg(req, "from"), *to = hv_request_arg(req, "to");
	const char *sections = hv_request_arg(req, "sections");
	struct hv_error err;
	int64_t a, b;
	unsigned mask = HV_REPORT_ALL;
	if (!from || !to)
		return hv_reply_message(reply, 400, "bad-period", "give the period as from and to");
	if (hv_report_parse_day(from, &a, &err) < 0 || hv_report_parse_day(to, &b, &err) < 0 ||
	    (sections && hv_report_sections_parse(sections, &mask, &err) < 0))
		return hv_reply_error(reply, &err);
	struct hv_doc *doc = hv_report_build(st, a, b, mask, &err);
	if (!doc)
		return hv_reply_error(reply, &err);
	send_doc(reply, doc, format, "haven-report.pdf", "haven-report.html");
}
