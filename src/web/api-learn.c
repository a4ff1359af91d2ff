/*
 * api-learn.c — the web side of `haven learn`: the chapters about
 * attachment from data/learn.json, listed with the Learn page's words, and
 * one chapter whole.  The same library calls as the CLI (learn/learn.h), so
 * the page and `haven learn --json` show the same chapters.
 */
#include "api.h"
#include "core/clock.h"
#include "insight/insights.h"
#include "learn/learn.h"

/* Every chapter as {id, title, summary}, the one the person's last days
 * point to (as `haven learn --json`), and the page's words. */
void hv_api_learn_list(struct hv_store *st, const struct hv_request *req, const char *id,
                       struct hv_reply *reply)
{
	(void)req, (void)id;
	struct hv_error err;
	json_t *all = hv_learn_list(&err);
	if (!all)
		return hv_reply_error(reply, &err);
	int64_t now = hv_now_ms();
	json_t *recent =
	    hv_insights(st, now - (int64_t)hv_learn_suggest_days() * 86400000, now, &err);
	json_t *suggested = hv_learn_suggest(recent);
	json_decref(recent);
	reply->json =
	    json_pack("{s:o,s:o,s:O}", "chapters", all, "suggested",
	              suggested ? suggested : json_null(), "words", hv_learn_words("web"));
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
