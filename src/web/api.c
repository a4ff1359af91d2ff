/*
 * api.c — the JSON API under /api/: the route table, and the router over
 * it.  Each route names its method, its path, the body it takes and how
 * large a body may be; the handlers live one file per area (api.h lists
 * them), over the same library calls the CLI makes.  Documented in
 * docs/api.md.
 */
#include <stdio.h>
#include <string.h>

#include "api.h"

/* What a route reads from the request body; the kind sets the limit the
 * server holds an upload to before the handler ever runs. */
enum body_kind {
	BODY_NONE, /* reads nothing (a body sent anyway is held to the JSON limit) */
	BODY_JSON, /* a JSON object */
	BODY_FILE, /* an uploaded file: a JSON Lines export, a chat export */
};

struct route {
	const char *method;
	const char *prefix; /* the path below /api/; a trailing '/' takes an id */
	const char *suffix; /* what must follow the id, or NULL */
	enum body_kind body;
	void (*handle)(struct hv_store *st, const struct hv_request *req, const char *id,
	               struct hv_reply *reply);
	/* KEEP: its reply depends only on the request, what the database holds
	 * and the minute, so the server may send it again.  JOINS: its one write
	 * may share a commit (and so its wait for the disk) with others'. */
	int flags;
};

#define KEEP  1 /* the flags, the last column */
#define JOINS 2

static const struct route routes[] = {
    {"GET", "session", NULL, BODY_NONE, hv_api_session, 0},
    {"GET", "charts/", NULL, BODY_NONE, hv_api_chart, KEEP},
    {"GET", "settings", NULL, BODY_NONE, hv_api_settings, KEEP},
    {"GET", "journal", NULL, BODY_NONE, hv_api_journal_list, KEEP},
    {"POST", "journal", NULL, BODY_JSON, hv_api_journal_create, JOINS},
    {"GET", "journal/", NULL, BODY_NONE, hv_api_journal_get, KEEP},
    {"PATCH", "journal/", NULL, BODY_JSON, hv_api_journal_edit, 0},
    {"DELETE", "journal/", NULL, BODY_NONE, hv_api_journal_delete, 0},
    {"POST", "journal/", "/restore", BODY_NONE, hv_api_journal_restore, 0},
    {"GET", "insights", NULL, BODY_NONE, hv_api_insights, KEEP},
    {"GET", "vocab", NULL, BODY_NONE, hv_api_vocab, KEEP},
    {"GET", "content/", NULL, BODY_NONE, hv_api_content, KEEP},
    {"GET", "export", NULL, BODY_NONE, hv_api_export, 0},
    {"POST", "import", NULL, BODY_FILE, hv_api_import, 0},
    /* practices, the soothing toolkit, check-ins (api-practice.c) */
    {"GET", "practices", NULL, BODY_NONE, hv_api_practice_summary, KEEP},
    {"POST", "practices", NULL, BODY_JSON, hv_api_practice_create, 0},
    {"GET", "practices/schedule", NULL, BODY_NONE, hv_api_practice_schedule, KEEP},
    {"GET", "soothe", NULL, BODY_NONE, hv_api_soothe_list, KEEP},
    {"POST", "soothe", NULL, BODY_JSON, hv_api_soothe_create, 0},
    {"GET", "soothe/pick", NULL, BODY_NONE, hv_api_soothe_pick, 0},
    {"DELETE", "soothe/", NULL, BODY_NONE, hv_api_soothe_delete, 0},
    {"GET", "checkins", NULL, BODY_NONE, hv_api_checkin_list, KEEP},
    {"POST", "checkins", NULL, BODY_JSON, hv_api_checkin_create, JOINS},
    {"GET", "checkins/factors", NULL, BODY_NONE, hv_api_checkin_factors, KEEP},
    {"POST", "checkins/factors", NULL, BODY_JSON, hv_api_checkin_factor_add, 0},
    /* self-assessment (api-assess.c) */
    {"GET", "assess", NULL, BODY_NONE, hv_api_assess_list, KEEP},
    {"GET", "assess/unfinished", NULL, BODY_NONE, hv_api_assess_unfinished, 0},
    {"GET", "assess/instruments/", NULL, BODY_NONE, hv_api_assess_instrument, KEEP},
    {"POST", "assess/results", NULL, BODY_JSON, hv_api_assess_begin, 0},
    {"GET", "assess/results/", NULL, BODY_NONE, hv_api_assess_get, 0},
    {"PATCH", "assess/results/", NULL, BODY_JSON, hv_api_assess_progress, 0},
    {"GET", "assess/", "/history", BODY_NONE, hv_api_assess_history, KEEP},
    {"GET", "assess/", "/history.svg", BODY_NONE, hv_api_assess_history_chart, KEEP},
    {"GET", "assess/", "/plane.svg", BODY_NONE, hv_api_assess_plane_chart, KEEP},
    /* thinking and words (api-words.c) */
    {"POST", "check", NULL, BODY_JSON, hv_api_check, 0},
    {"POST", "coach", NULL, BODY_JSON, hv_api_coach, 0},
    {"POST", "coach/hold", NULL, BODY_JSON, hv_api_hold, 0},
    {"GET", "coach/held", NULL, BODY_NONE, hv_api_held, 0},
    {"POST", "coach/held/", NULL, BODY_JSON, hv_api_held_decide, 0},
    {"GET", "patterns", NULL, BODY_NONE, hv_api_patterns, KEEP},
    {"POST", "thought/propose", NULL, BODY_JSON, hv_api_thought_propose, 0},
    {"GET", "thoughts", NULL, BODY_NONE, hv_api_thoughts, KEEP},
    {"POST", "thoughts", NULL, BODY_JSON, hv_api_thought_add, 0},
    /* words for the hard moments (api-say.c) */
    {"GET", "scripts", NULL, BODY_NONE, hv_api_scripts, KEEP},
    {"GET", "scripts/", NULL, BODY_NONE, hv_api_script_get, KEEP},
    {"POST", "scripts/", NULL, BODY_JSON, hv_api_script_keep, 0},
    /* chapters about attachment (api-learn.c) */
    {"GET", "learn", NULL, BODY_NONE, hv_api_learn_list, KEEP},
    {"GET", "learn/", NULL, BODY_NONE, hv_api_learn_get, KEEP},
    /* the partner card and the report for a therapist (api-report.c) */
    {"GET", "card", NULL, BODY_NONE, hv_api_card_get, KEEP},
    {"PUT", "card", NULL, BODY_JSON, hv_api_card_set, 0},
    {"GET", "card/file", NULL, BODY_NONE, hv_api_card_file, KEEP},
    {"GET", "report", NULL, BODY_NONE, hv_api_report_get, KEEP},
    {"GET", "report/file", NULL, BODY_NONE, hv_api_report_file, KEEP},
    /* the chat reality check (api-chat.c) */
    {"GET", "chat", NULL, BODY_NONE, hv_api_chat_list, KEEP},
    {"GET", "chat/wait", NULL, BODY_NONE, hv_api_chat_wait, KEEP},
    {"GET", "chat/patterns", NULL, BODY_NONE, hv_api_chat_patterns, KEEP},
    {"POST", "chat/import", NULL, BODY_FILE, hv_api_chat_import, 0},
    {"DELETE", "chat/", NULL, BODY_NONE, hv_api_chat_forget, 0},
    /* the region setting and where help is (api-settings.c) */
    {"GET", "settings/region", NULL, BODY_NONE, hv_api_region_get, KEEP},
    {"PUT", "settings/region", NULL, BODY_JSON, hv_api_region_set, 0},
    {"POST", "settings/region", NULL, BODY_JSON, hv_api_region_set, 0},
    /* sync's status and sync.auto (api-sync.c) */
    {"GET", "sync", NULL, BODY_NONE, hv_api_sync_get, 0},
    {"PUT", "sync", NULL, BODY_JSON, hv_api_sync_set, 0},
    {"POST", "sync", NULL, BODY_JSON, hv_api_sync_set, 0},
    {"GET", "help", NULL, BODY_NONE, hv_api_help, KEEP},
    /* the setback plan, milestones, evidence and good moments (api-growth.c) */
    {"GET", "plan", NULL, BODY_NONE, hv_api_plan_get, KEEP},
    {"PUT", "plan", NULL, BODY_JSON, hv_api_plan_edit, 0},
    {"GET", "milestones", NULL, BODY_NONE, hv_api_milestones, KEEP},
    {"POST", "milestones/seen", NULL, BODY_NONE, hv_api_milestones_seen, 0},
    {"GET", "evidence", NULL, BODY_NONE, hv_api_evidence_list, KEEP},
    {"POST", "evidence", NULL, BODY_JSON, hv_api_evidence_create, 0},
    /* the attachment timeline (api-timeline.c) */
    {"GET", "timeline", NULL, BODY_NONE, hv_api_timeline_list, KEEP},
    {"POST", "timeline", NULL, BODY_JSON, hv_api_timeline_create, 0},
    {"PATCH", "timeline/", NULL, BODY_JSON, hv_api_timeline_edit, 0},
    {"DELETE", "timeline/", NULL, BODY_NONE, hv_api_timeline_remove, 0},
    /* small steps (api-steps.c) */
    {"GET", "steps", NULL, BODY_NONE, hv_api_steps, KEEP},
    {"POST", "steps/ladder", NULL, BODY_JSON, hv_api_steps_ladder_add, 0},
    {"POST", "steps/ladder/", "/tries", BODY_JSON, hv_api_steps_try, 0},
    {"DELETE", "steps/ladder/", NULL, BODY_NONE, hv_api_steps_ladder_remove, 0},
    {"POST", "steps/care", NULL, BODY_JSON, hv_api_steps_care, 0},
    {"POST", "steps/week", NULL, BODY_JSON, hv_api_steps_week_set, 0},
    {"POST", "steps/week/check", NULL, BODY_JSON, hv_api_steps_week_check, 0},
};

void hv_api_routes_each(void (*fn)(const char *method, const char *path, void *ctx), void *ctx)
{
	for (size_t i = 0; i < sizeof routes / sizeof *routes; i++) {
		const struct route *r = &routes[i];
		char path[160];
		size_t n = strlen(r->prefix);
		if (r->prefix[n - 1] == '/')
			snprintf(path, sizeof path, "%s{id}%s", r->prefix,
			         r->suffix ? r->suffix : "");
		else
			snprintf(path, sizeof path, "%s", r->prefix);
		fn(r->method, path, ctx);
	}
}

/*
 * Does path match the route?  A prefix ending in '/' takes one id segment
 * (copied to id_buf), which may be followed by exactly the route's suffix.
 */
static int matches(const struct route *r, const char *path, char *id_buf, size_t n_buf)
{
	size_t n = strlen(r->prefix);
	if (r->prefix[n - 1] != '/')
		return strcmp(r->prefix, path) == 0;
	if (strncmp(r->prefix, path, n) != 0)
		return 0;
	const char *id = path + n, *slash = strchr(id, '/');
	size_t len = slash ? (size_t)(slash - id) : strlen(id);
	if (len == 0 || len >= n_buf)
		return 0;
	if (r->suffix ? !slash || strcmp(slash, r->suffix) != 0 : slash != NULL)
		return 0;
	memcpy(id_buf, id, len);
	id_buf[len] = '\0';
	return 1;
}

/* The route for method and path, or NULL; *path_known says whether some
 * route has that path with another method.  The id goes to id_buf. */
static const struct route *find_route(const char *method, const char *path, char *id_buf,
                                      size_t n_buf, int *path_known)
{
	*path_known = 0;
	for (size_t i = 0; i < sizeof routes / sizeof *routes; i++) {
		if (!matches(&routes[i], path, id_buf, n_buf))
			continue;
		*path_known = 1;
		if (strcmp(routes[i].method, method) == 0)
			return &routes[i];
	}
	return NULL;
}

size_t hv_api_body_limit(const char *method, const char *path)
{
	char id[128];
	int known;
	const struct route *r = find_route(method, path, id, sizeof id, &known);
	return r && r->body == BODY_FILE ? HV_WEB_IMPORT_MAX : HV_WEB_BODY_MAX;
}

int hv_api_cacheable(const char *method, const char *path)
{
	char id[128];
	int known;
	const struct route *r = find_route(method, path, id, sizeof id, &known);
	return r && (r->flags & KEEP);
}

int hv_api_joins(const char *method, const char *path)
{
	char id[128];
	int known;
	const struct route *r = find_route(method, path, id, sizeof id, &known);
	return r && (r->flags & JOINS);
}

void hv_api_handle(struct hv_store *st, const struct hv_request *req, struct hv_reply *reply)
{
	char id[128];
	int path_known;
	const struct route *r = find_route(req->method, req->path, id, sizeof id, &path_known);
	if (r) {
		reply->status = 200;
		r->handle(st, req, id, reply);
		return;
	}
	if (path_known)
		hv_reply_message(reply, 405, "method", "that method is not allowed here");
	else
		hv_reply_message(reply, 404, "not-found", "no such API path");
}
