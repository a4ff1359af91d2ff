/*
 * server-door.c — the door: a page opened without the cookie or the token
 * (a bookmark from an earlier start, another browser) gets a short page in
 * haven's own look saying how to come back, its words from data/serve.json.
 * The stylesheet, the icon and the manifest it needs are served before the
 * gate, as they hold nothing of the person's.
 */
#include <string.h>

#include "core/content.h"
#include "server-private.h"

/* The stylesheet and the icon hold nothing of the person's: the door page
 * (below) draws with them before the gate is passed.  Nor does the
 * manifest, which a browser fetches without cookies. */
int hv_srv_is_public(const char *url)
{
	return strcmp(url, "/style.css") == 0 || strcmp(url, "/icon.svg") == 0 ||
	       strcmp(url, "/manifest.json") == 0;
}

struct page_buf {
	char buf[4096];
	size_t len;
	int full;
};

static void page_raw(struct page_buf *p, const char *s)
{
	size_t n = strlen(s);
	if (p->full || p->len + n >= sizeof p->buf) {
		p->full = 1;
		return;
	}
	memcpy(p->buf + p->len, s, n + 1);
	p->len += n;
}

/* Words from data/ into the page, with the five characters of HTML escaped. */
static void page_text(struct page_buf *p, const char *s)
{
	for (; s && *s; s++) {
		char one[2] = {*s, '\0'};
		page_raw(p, *s == '<'    ? "&lt;"
		            : *s == '>'  ? "&gt;"
		            : *s == '&'  ? "&amp;"
		            : *s == '"'  ? "&quot;"
		            : *s == '\'' ? "&#39;"
		                         : one);
	}
}

static void page_para(struct page_buf *p, const char *open, const char *text, const char *close)
{
	if (!text)
		return;
	page_raw(p, open);
	page_text(p, text);
	page_raw(p, close);
}

/*
 * A page opened without the cookie or the token: a bookmark from an earlier
 * start, another browser.  Still 403 (nothing of the person's is here), but
 * a page in haven's own look that says how to come back, its words from
 * data/serve.json.
 */
enum MHD_Result hv_srv_send_door(struct MHD_Connection *c)
{
	const json_t *door = json_object_get(hv_content_json("serve.json", NULL), "door");
	const char *title = json_string_value(json_object_get(door, "title"));
	struct page_buf p = {.len = 0};
	page_raw(&p, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	             "<link rel=\"stylesheet\" href=\"/style.css\">\n"
	             "<link rel=\"icon\" href=\"/icon.svg\" type=\"image/svg+xml\">\n<title>");
	page_text(&p, title ? title : "haven");
	page_raw(&p, "</title>\n</head>\n<body>\n<header class=\"top\"><span class=\"brand\">haven"
	             "</span></header>\n<main id=\"main\">\n");
	page_para(&p, "<h1>", title, "</h1>\n");
	page_raw(&p, "<section class=\"card\">\n");
	page_para(&p, "<p>", json_string_value(json_object_get(door, "lead")), "</p>\n");
	page_para(&p, "<p>", json_string_value(json_object_get(door, "steps_intro")), "</p>\n");
	page_raw(&p, "<ol>\n");
	size_t i;
	json_t *step;
	json_array_foreach(json_object_get(door, "steps"), i, step)
	    page_para(&p, "<li>", json_string_value(step), "</li>\n");
	page_raw(&p, "</ol>\n");
	page_para(&p, "<p><code>", json_string_value(json_object_get(door, "command")),
	          "</code></p>\n");
	page_para(&p, "<p class=\"note\">", json_string_value(json_object_get(door, "remember")),
	          "</p>\n");
	page_para(&p, "<p><code>", json_string_value(json_object_get(door, "remember_command")),
	          "</code></p>\n");
	page_raw(&p, "</section>\n</main>\n</body>\n</html>\n");
	if (p.full)
		return hv_srv_send_text(c, MHD_HTTP_FORBIDDEN,
		                        "Open haven with the link it printed when it started.\n");
	return hv_srv_send_bytes(c, MHD_HTTP_FORBIDDEN, "text/html; charset=utf-8", p.buf, p.len,
	                         NULL);
}
