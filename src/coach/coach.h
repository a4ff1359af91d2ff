/*
 * coach.h — the message coach and the things that sit around it: drafts
 * held for a while before sending, requests for reassurance and the
 * person's own limit, kinder reframes of harsh thoughts, and the evidence
 * list that answers attachment fears.
 *
 * Record kinds (bodies validated by the functions below, registered in
 * transfer/kinds.c):
 *   "held-draft"         {draft, hold_until (RFC 3339), status: held|kept|rewritten|dropped,
 *                         rewrite?, decided? (RFC 3339)}
 *   "reassurance"        {asked, of?, helped?: true|false}
 *   "reassurance-limit"  {count 1–100, per: day|week}   (the newest one is in force)
 *   "reframe"            {harsh, kind}                   (the person's own)
 *   "evidence"           {text, type?: stayed|repaired|deepened|close|calm|secure|moment|other}
 *                        (close, calm, secure and moment are good moments)
 */
#ifndef HAVEN_COACH_H
#define HAVEN_COACH_H

#include <jansson.h>
#include <stdint.h>

#include "core/record.h"
#include "core/store.h"

#define HV_HELD_KIND           "held-draft"
#define HV_REASSURANCE_KIND    "reassurance"
#define HV_REASSURE_LIMIT_KIND "reassurance-limit"
#define HV_REFRAME_KIND        "reframe"
#define HV_EVIDENCE_KIND       "evidence"
#define HV_COACH_MAX           65536 /* bytes in a draft, as check reads */

/*
 * Read a draft: {"protest": bool, "findings": [{kind,start,end,match,why}],
 * "suggestions": [{"type": "rewrite", "for": INDEX, "text"} ...,
 * {"type": "soft-start-up"|"break-request"|"repair", "text"}]}.  Offsets are
 * bytes into draft; any bytes are accepted.  HV_EINVAL when too long.
 */
json_t *hv_coach(const char *draft, size_t len, struct hv_error *err);

/*
 * What the rules of data/coach.json and the draft's shape find, without the
 * weighed words: the findings the weights learn beside (bench/words-train.c).
 */
struct hv_ruleset;
struct hv_toks;
json_t *hv_coach_rule_findings(const struct hv_ruleset *rs, const char *draft, size_t len,
                               const struct hv_toks *toks);

/*
 * Where the draft already speaks securely (data/coach-secure.json: a feeling
 * owned, a plain request, room left to answer), drop the findings of the
 * kinds that give way to that (secure.c).
 */
void hv_coach_settle_secure(const char *draft, size_t len, const struct hv_toks *toks,
                            json_t *findings);

/* The same, reading the draft for secure signs at most once however often
 * it is called: *secure is the signs once known (0: none), -1 before
 * (start it at -1). */
void hv_coach_settle_secure_once(const char *draft, size_t len, const struct hv_toks *toks,
                                 json_t *findings, int *secure);

/* The kinds of sign of data/coach-secure.json the draft holds, one bit per
 * key of its "yield" in file order (a secure message, an ending said
 * kindly); 0 for none. */
int hv_coach_secure(const char *draft, size_t len, const struct hv_toks *toks);

/* True when findings of kind give way to one of the signs (bits as
 * hv_coach_secure gives them). */
int hv_coach_yields(const char *kind, int signs);

/* A string of data/coach.json by its path ("messages/hold_saved"), read
 * from the coach's words without parsing the rules again; fallback when
 * there is none. */
const char *hv_coach_text(const char *path, const char *fallback);

/* "absolutes about them" for "absolute"; NULL when unknown. */
const char *hv_coach_label(const char *kind);

/* ---- held drafts ---------------------------------------------------------- */

int hv_held_validate(const json_t *body, struct hv_error *err);

/* Is r a draft still held (not yet decided on)?  Then 1, with the time
 * its hold ends in *until; else 0. */
int hv_held_until(const struct hv_record *r, int64_t *until);

/* Hold a draft for hold_ms from now. */
int hv_held_add(struct hv_store *st, const char *draft, int64_t hold_ms, struct hv_record *out,
                struct hv_error *err);

/*
 * Held drafts still undecided: {"ready": [record + "coach": view], "waiting": N}
 * where ready are those whose hold has passed, oldest first.
 */
json_t *hv_held_ready(struct hv_store *st, struct hv_error *err);

/* Record the decision on a held draft: "kept", "rewritten" (with text), "dropped". */
int hv_held_decide(struct hv_store *st, const char *id, const char *status, const char *rewrite,
                   struct hv_record *out, struct hv_error *err);

/* ---- reassurance ---------------------------------------------------------- */

int hv_reassurance_validate(const json_t *body, struct hv_error *err);
int hv_reassure_limit_validate(const json_t *body, struct hv_error *err);

/* Record a request; then the status (see hv_reassure_status). */
int hv_reassure_add(struct hv_store *st, const json_t *body, struct hv_record *out,
                    struct hv_error *err);

/* "2/day", "5/week" → a limit body; HV_EINVAL otherwise. */
json_t *hv_reassure_limit_parse(const char *text, struct hv_error *err);
int hv_reassure_set_limit(struct hv_store *st, const json_t *limit, struct hv_error *err);

/*
 * {"count": requests in the current day or week (local time), "limit":
 * {count, per} | null, "reached": bool, "note": gentle words | null,
 * "practice": a suggestion | null}.  Never blocks anything.
 */
json_t *hv_reassure_status(struct hv_store *st, struct hv_error *err);

/* ---- kinder reframes ------------------------------------------------------ */

int hv_reframe_validate(const json_t *body, struct hv_error *err);

/* {"harsh", "reframes": [{"kind", "source": "haven"|"yours"}]}, best first. */
json_t *hv_kind_reframes(struct hv_store *st, const char *harsh, struct hv_error *err);
int hv_reframe_save(struct hv_store *st, const char *harsh, const char *kind, struct hv_record *out,
                    struct hv_error *err);

/* ---- evidence list -------------------------------------------------------- */

/* The types, as words for messages. */
#define HV_EVIDENCE_TYPES "stayed, repaired, deepened, close, calm, secure, moment or other"
int hv_evidence_type_known(const char *type);
/* True for the types of a good moment: close, calm, secure, moment. */
int hv_evidence_is_moment(const char *type);
int hv_evidence_validate(const json_t *body, struct hv_error *err);
int hv_evidence_add(struct hv_store *st, const char *text, const char *type, struct hv_record *out,
                    struct hv_error *err);
json_t *hv_evidence_list(struct hv_store *st, struct hv_error *err);

/*
 * One evidence item chosen at random (a record object), or NULL with
 * err->code HV_OK when the list is empty.  Meant to be offered after a
 * journal entry of intensity 7 or more.
 */
json_t *hv_evidence_pick(struct hv_store *st, struct hv_error *err);

#endif
