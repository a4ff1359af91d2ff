/*
 * api-settings.c — the person's region and where help is, for the web app:
 *
 *   GET  /api/settings/region   {"region", "showing", "locale", "locale_region", "regions"}
 *   PUT  /api/settings/region   {"region": "DE"} or {"region": null}; POST too
 *   GET  /api/help?region=XX    the directory of crisis lines for a region
 *
 * The region is the same setting as `haven config set region` (the store's
 * meta key "region"), checked the same way: two letters, kept upper case.
 * Documented in docs/api.md.
 */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "safety/crisis-lines.h"
#include "safety/crisis.h"

/* Two ASCII letters, as `haven config set region` asks. */
static int valid_region(const char *v)
{
	return strlen(v) == 2 && ((v[0] | 32) >= 'a' && (v[0] | 32) <= 'z') &&
	       ((v[1] | 32) >= 'a' && (v[1] | 32) <= 'z');
}

/* The region setting as the page shows it: what is set, whose lines are
 * shown (after the locale and aliases), the locale's own, and the list. */
static void region_reply(struct hv_store *st, struct hv_reply *reply)
{
	char set[16], loc[8], any[16];
	struct hv_error err;
	int r = hv_store_meta_get(st, "region", set, sizeof set, &err);
	if (r < 0)
		return hv_reply_error(reply, &err);
	const char *locale = hv_crisis_region_from_locale(loc);
	const char *showing = hv_crisis_region_code(hv_crisis_region(st, any));
	reply->json = json_pack("{s:s?,s:s?,s:s?,s:s?,s:o}", "region", r ? set : NULL, "showing",
	                        showing, "locale", locale, "locale_region",
	                        locale ? hv_crisis_region_code(locale) : NULL, "regions",
	                        hv_crisis_regions());
	if (!reply->json)
		hv_reply_message(reply, 500, "no-memory", "out of memory");
}

void hv_api_region_get(struct hv_store *st, const struct hv_request *req, const char *id,
                       struct hv_reply *reply)
{
	(void)req, (void)id;
	region_reply(st, reply);
}

void hv_api_region_set(struct hv_store *st, const struct hv_request *req, const char *id,
                       struct hv_reply *reply)
{
	(void)id;
	json_error_t je;
	json_t *body = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &je);
	json_t *v = json_object_get(body, "region");
	char msg[200], up[3] = {0};
	if (!json_is_object(body) || !v || !(json_is_null(v) || json_is_string(v))) {
		json_decref(body);
		return hv_reply_message(
		    reply, 400, "invalid",
		    "send {\"region\": \"UK\"} with a two-letter country code, or "
		    "{\"region\": null} to forget it");
	}
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		if (!valid_region(s)) {
			snprintf(msg, sizeof msg,
			         "region must be a two-letter country code such as US, UK or DE, "
			         "not \"%.40s\"",
			         s);
			json_decref(body);
			return hv_reply_message(reply, 400, "invalid", msg);
		}
		up[0] = (char)(s[0] & ~32);
		up[1] = (char)(s[1] & ~32);
	}
	json_decref(body);
	struct hv_error err;
	if (hv_store_meta_set(st, "region", up[0] ? up : NULL, &err) < 0)
		return hv_reply_error(reply, &err);
	region_reply(st, reply);
	if (reply->json && up[0] && !hv_crisis_region_code(up)) {
		snprintf(msg, sizeof msg,
		         "there is no list of crisis lines for %s yet; haven will show an "
		         "international directory instead",
		         up);
		json_object_set_new(reply->json, "note", json_string(msg));
	}
}

/* Where help is: the lines for ?region= (any two letters; unknown ones
 * get the international directory), else for the person's own region. */
void hv_api_help(struct hv_store *st, const struct hv_request *req, const char *id,
                 struct hv_reply *reply)
{
	(void)id;
	const char *asked = hv_request_arg(req, "region");
	char buf[16];
	if (asked && *asked && !valid_region(asked))
		return hv_reply_message(
		    reply, 400, "invalid",
		    "region must be a two-letter country code such as US, UK or DE");
	json_t *notice = hv_crisis_notice(asked && *asked ? asked : hv_crisis_region(st, buf));
	if (!notice)
		return hv_reply_message(reply, 500, "no-memory", "out of memory");
	/* The same directory as the crisis notice, but nothing was written:
	 * no "crisis", and no words about what was written. */
	json_object_del(notice, "crisis");
	json_object_del(notice, "message");
	json_object_del(notice, "not_a_diagnosis");
	reply->json = notice;
}
