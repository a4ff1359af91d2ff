/*
 * kinds.c — which record kinds exist and who checks their bodies.  Every
 * feature that adds a kind adds one line here, so import and merge refuse
 * nothing they should accept and accept nothing they should refuse.
 */
#include <string.h>

#include "assess/assess.h"
#include "chat/chat.h"
#include "checkin/checkin.h"
#include "coach/coach.h"
#include "coach/scripts.h"
#include "core/draft.h"
#include "growth/growth.h"
#include "growth/steps.h"
#include "growth/timeline.h"
#include "journal/journal.h"
#include "practice/practice.h"
#include "report/card.h"
#include "thought/thought.h"
#include "transfer.h"

static const struct {
	const char *kind;
	int (*validate)(const json_t *body, struct hv_error *err);
} kinds[] = {
    {HV_TRIGGER_KIND, hv_trigger_validate},
    {HV_ASSESSMENT_KIND, hv_assessment_validate},
    {HV_INSTRUMENT_KIND, hv_instrument_validate},
    {HV_PRACTICE_KIND, hv_practice_validate},
    {HV_SOOTHE_KIND, hv_soothe_validate},
    {HV_CHAT_KIND, hv_chat_validate},
    {HV_HELD_KIND, hv_held_validate},
    {HV_THOUGHT_KIND, hv_thought_validate},
    {HV_REASSURANCE_KIND, hv_reassurance_validate},
    {HV_REASSURE_LIMIT_KIND, hv_reassure_limit_validate},
    {HV_REFRAME_KIND, hv_reframe_validate},
    {HV_EVIDENCE_KIND, hv_evidence_validate},
    {HV_CHECKIN_KIND, hv_checkin_validate},
    {HV_FACTOR_KIND, hv_checkin_own_validate},
    {HV_SCRIPT_KIND, hv_script_validate},
    {HV_CARD_KIND, hv_card_validate},
    {HV_PLAN_KIND, hv_plan_validate},
    {HV_MILESTONE_KIND, hv_milestone_validate},
    {HV_TIMELINE_KIND, hv_timeline_validate},
    {HV_ALONE_STEP_KIND, hv_alone_step_validate},
    {HV_ALONE_TRY_KIND, hv_alone_try_validate},
    {HV_CARE_KIND, hv_care_validate},
    {HV_WEEK_CHANGE_KIND, hv_week_change_validate},
    {HV_DRAFT_KIND, hv_draft_validate},
};

const char *hv_kind_at(size_t i)
{
	return i < sizeof kinds / sizeof *kinds ? kinds[i].kind : NULL;
}

int hv_kind_validate(const char *kind, const json_t *body, struct hv_error *err)
{
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return kinds[i].validate(body, err);
	return hv_fail(err, HV_EINVAL,
	               "unknown kind of entry \"%s\" (perhaps from a newer haven: update this one)",
	               kind);
}
