/*
 * api-learn.c — the web side of `haven learn`: the chapters about
 * attachment from data/learn.json, listed with the Learn page's words, and
 * one chapter whole.  The same library calls as the CLI (learn/learn.h), so
 * the page and `haven learn --json` show the same chapters.
 */
#include "api.h"
#include "learn/learn.h"

/* Every chapter as {id, title, summary}, and the page's words. */
void hv_api_learn_list(struct hv_store *st, const struct hv_request *req, const char *id,
                       struct hv_reply *reply)
{
	(void)st, (void)req, (void)id;
	struct hv_error err;
	json_t *all = hv_learn_list(&err);
	if (!all)
		return hv_reply_error(reply, &err);
	reply->json = json_pack("{s:o,s:O}", "chapters", all, "words", hv_learn_words("web"));
}

/* One chapter, exactly `haven learn ID --json`; an unknown id is 404. */
void hv_api_learn_get(struct hv_store *st, const struct hv_request *req, const char *id,
                      struct hv_reply *reply)
{
	(void)st, (void)req;
	struct hv_error err;
	json_t *c = hv_learn_chapter(id, &err);
	if (!c && err.code == HV_EINVAL)
		return hv_reply_message(reply, 404, "not-found", err.msg);
	hv_reply_json(reply, c, &err);
}
