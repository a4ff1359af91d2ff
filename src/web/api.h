/*
 * api.h — private to src/web/: the helpers every API file shares and the
 * handlers the route table of api.c lists, one group per file.
 *
 * A handler answers one route: it reads the request, calls the library and
 * fills the reply.  The helpers here are the few things handlers would
 * otherwise write again: reading a JSON body, an optional "at", a date in
 * the query, a record as the reply, a record written at a chosen time,
 * and any other write of a record from a body.
 */
#ifndef HAVEN_WEB_API_H
#define HAVEN_WEB_API_H

#include <stdint.h>

#include "core/record.h"
#include "server.h"

#define HV_API_HANDLER(name)                                                                       \
	void name(struct hv_store *st, const struct hv_request *req, const char *id,               \
	          struct hv_reply *reply)

/* ---- shared helpers (api-reply.c) ----------------------------------------- */

/* The request body as a JSON object (a new reference), or NULL with a 400
 * reply naming the problem: bad JSON with its line and column, or the field
 * whose text is not UTF-8. */
json_t *hv_api_body_object(const struct hv_request *req, struct hv_reply *reply);

/* Take "at" out of a body: people's words or RFC 3339; 0 when absent.  -1
 * with the reply filled when it cannot be read or is in the future. */
int hv_api_take_at(json_t *body, int64_t *at, struct hv_reply *reply);

/* A date in the query (people's words or RFC 3339) into *ms, 0 when absent;
 * -1 with the reply filled when it cannot be read. */
int hv_api_arg_time(const struct hv_request *req, const char *name, int64_t *ms,
                    struct hv_reply *reply);

/* ?width=390: the width in pixels a page shows a chart at, 1 to 4 digits;
 * 0 when absent or not such a number (the chart's own width then). */
int hv_api_arg_width(const struct hv_request *req);

/* The record as the reply, with status; the record is released. */
void hv_api_reply_record(struct hv_reply *reply, unsigned status, struct hv_record *r);

/* How a feature adds a record written at a time the person may choose. */
typedef int (*hv_api_add_at_fn)(struct hv_store *st, const json_t *body, int64_t at_ms,
                                struct hv_record *out, struct hv_error *err);

/* POST of such a record: the body with its optional "at", the feature's
 * own checks and insert, 201 with the record, and the crisis net over what
 * was written — on a refusal too: help never waits for a well-formed body. */
void hv_api_create_at(struct hv_store *st, const struct hv_request *req, struct hv_reply *reply,
                      const char *kind, hv_api_add_at_fn add);

/* How a feature writes a record from a body; id is the route's, for the
 * routes that name one (PATCH /timeline/ID), else NULL. */
typedef int (*hv_api_write_fn)(struct hv_store *st, const char *id, const json_t *body,
                               struct hv_record *out, struct hv_error *err);

/* A write of any other record: the body, the feature's own checks and
 * write, status with the record, and the crisis net over what was written
 * — on a refusal too.  A call that needs more (a check first, fields
 * taken apart) gets a small adapter beside its route. */
void hv_api_write(struct hv_store *st, const struct hv_request *req, const char *id,
                  struct hv_reply *reply, const char *kind, hv_api_write_fn write, unsigned status);

/* The same for a library call that takes the body alone (most do). */
typedef int (*hv_api_body_fn)(struct hv_store *st, const json_t *body, struct hv_record *out,
                              struct hv_error *err);
void hv_api_write_body(struct hv_store *st, const struct hv_request *req, struct hv_reply *reply,
                       const char *kind, hv_api_body_fn write, unsigned status);

/* ---- the journal, its words and insights (api-journal.c) ------------------ */
HV_API_HANDLER(hv_api_journal_list);
HV_API_HANDLER(hv_api_journal_create);
HV_API_HANDLER(hv_api_journal_get);
HV_API_HANDLER(hv_api_journal_edit);
HV_API_HANDLER(hv_api_journal_delete);
HV_API_HANDLER(hv_api_journal_restore);
HV_API_HANDLER(hv_api_vocab);
HV_API_HANDLER(hv_api_insights);
HV_API_HANDLER(hv_api_chart);

/* ---- settings, page words, export and import (api-misc.c) ----------------- */
HV_API_HANDLER(hv_api_session);
HV_API_HANDLER(hv_api_settings);
HV_API_HANDLER(hv_api_content);
HV_API_HANDLER(hv_api_export);
HV_API_HANDLER(hv_api_import);

/* ---- the setback plan, milestones, evidence and good moments (api-growth.c) */
HV_API_HANDLER(hv_api_plan_get);
HV_API_HANDLER(hv_api_plan_edit);
HV_API_HANDLER(hv_api_milestones);
HV_API_HANDLER(hv_api_milestones_seen);
HV_API_HANDLER(hv_api_evidence_list);
HV_API_HANDLER(hv_api_evidence_create);

/* ---- the attachment timeline (api-timeline.c) ------------------------------ */
HV_API_HANDLER(hv_api_timeline_list);
HV_API_HANDLER(hv_api_timeline_create);
HV_API_HANDLER(hv_api_timeline_edit);
HV_API_HANDLER(hv_api_timeline_remove);

/* ---- small steps (api-steps.c) --------------------------------------------- */
HV_API_HANDLER(hv_api_steps);
HV_API_HANDLER(hv_api_steps_ladder_add);
HV_API_HANDLER(hv_api_steps_try);
HV_API_HANDLER(hv_api_steps_ladder_remove);
HV_API_HANDLER(hv_api_steps_care);
HV_API_HANDLER(hv_api_steps_week_set);
HV_API_HANDLER(hv_api_steps_week_check);

/* ---- practices, the soothing toolkit, check-ins (api-practice.c) ---------- */
HV_API_HANDLER(hv_api_practice_summary);
HV_API_HANDLER(hv_api_practice_create);
HV_API_HANDLER(hv_api_practice_schedule);
HV_API_HANDLER(hv_api_soothe_list);
HV_API_HANDLER(hv_api_soothe_create);
HV_API_HANDLER(hv_api_soothe_pick);
HV_API_HANDLER(hv_api_soothe_delete);
HV_API_HANDLER(hv_api_checkin_list);
HV_API_HANDLER(hv_api_checkin_create);
HV_API_HANDLER(hv_api_checkin_factors);
HV_API_HANDLER(hv_api_checkin_factor_add);

/* ---- self-assessment (api-assess.c) ---------------------------------------- */
HV_API_HANDLER(hv_api_assess_list);
HV_API_HANDLER(hv_api_assess_unfinished);
HV_API_HANDLER(hv_api_assess_instrument);
HV_API_HANDLER(hv_api_assess_begin);
HV_API_HANDLER(hv_api_assess_get);
HV_API_HANDLER(hv_api_assess_progress);
HV_API_HANDLER(hv_api_assess_history);
HV_API_HANDLER(hv_api_assess_history_chart);
HV_API_HANDLER(hv_api_assess_plane_chart); /* api-plane.c */

/* ---- thinking and words (api-words.c) -------------------------------------- */
HV_API_HANDLER(hv_api_check);
HV_API_HANDLER(hv_api_coach);
HV_API_HANDLER(hv_api_hold);
HV_API_HANDLER(hv_api_held);
HV_API_HANDLER(hv_api_held_decide);
HV_API_HANDLER(hv_api_thought_propose);
HV_API_HANDLER(hv_api_thought_add);
HV_API_HANDLER(hv_api_thoughts);
HV_API_HANDLER(hv_api_patterns);

/* ---- words for the hard moments, `haven say` (api-say.c) ------------------ */
HV_API_HANDLER(hv_api_scripts);
HV_API_HANDLER(hv_api_script_get);
HV_API_HANDLER(hv_api_script_keep);

/* ---- chapters about attachment, `haven learn` (api-learn.c) ---------------- */
HV_API_HANDLER(hv_api_learn_list);
HV_API_HANDLER(hv_api_learn_get);

/* ---- the partner card and the report (api-report.c) ------------------------ */
HV_API_HANDLER(hv_api_card_get);
HV_API_HANDLER(hv_api_card_set);
HV_API_HANDLER(hv_api_card_file);
HV_API_HANDLER(hv_api_report_get);
HV_API_HANDLER(hv_api_report_file);

/* ---- the chat reality check (api-chat.c) ----------------------------------- */
HV_API_HANDLER(hv_api_chat_list);
HV_API_HANDLER(hv_api_chat_wait);
HV_API_HANDLER(hv_api_chat_patterns);
HV_API_HANDLER(hv_api_chat_forget);
HV_API_HANDLER(hv_api_chat_import);

/* ---- the region setting and where help is (api-settings.c) ----------------- */
HV_API_HANDLER(hv_api_region_get);
HV_API_HANDLER(hv_api_region_set);
HV_API_HANDLER(hv_api_help);

/* ---- sync's status and sync.auto (api-sync.c) ----------------------------- */
HV_API_HANDLER(hv_api_sync_get);
HV_API_HANDLER(hv_api_sync_set);

#endif
