/*
 * secure.c — letting a calm, open draft be what it is.
 *
 * Some words the coach reads as protest mean something else inside a
 * message that already speaks securely: "you seemed quiet" followed by
 * "happy to listen if you want", or "I'm not going anywhere" said to
 * reassure.  data/coach-secure.json holds the signs of such a message (a
 * feeling owned, a plain request, a part owned, room left to answer) as
 * rules over the same engine, and the kinds that give way to them.  Kinds
 * left out of its "yield" list are read whatever surrounds them.  The
 * weighed words give way the same, after the rules (coach.c), and
 * bench/words-train.c chooses their thresholds knowing it.
 */
#include <string.h>

#include "coach.h"
#include "core/content.h"
#include "patterns/patterns.h"

int hv_coach_yields(const char *kind)
{
	const json_t *yield = json_object_get(hv_content_json("coach-secure.json", NULL), "yield");
	return hv_json_has_string(yield, kind);
}

int hv_coach_secure(const char *draft, size_t len, const struct hv_toks *toks)
{
	const struct hv_ruleset *rs = hv_ruleset_get("coach-secure.json", NULL);
	if (!rs)
		return 0; /* a build defect, named by the content tests: read as before */
	json_t *signs = hv_ruleset_find(rs, draft, len, toks);
	int n = json_array_size(signs) > 0;
	json_decref(signs);
	return n;
}

void hv_coach_settle_secure(const char *draft, size_t len, const struct hv_toks *toks,
                            json_t *findings)
{
	int secure = -1;
	hv_coach_settle_secure_once(draft, len, toks, findings, &secure);
}

/* A coach settles twice, after the rules and after the weighed words, and
 * reading a long draft for secure signs costs as much as a rule set does:
 * the second settling reuses the first's answer. */
void hv_coach_settle_secure_once(const char *draft, size_t len, const struct hv_toks *toks,
                                 json_t *findings, int *secure)
{
	if (json_array_size(findings) == 0)
		return;
	if (*secure < 0)
		*secure = hv_coach_secure(draft, len, toks);
	if (!*secure)
		return;
	for (size_t i = json_array_size(findings); i-- > 0;) {
		const char *kind =
		    json_string_value(json_object_get(json_array_get(findings, i), "kind"));
		if (hv_coach_yields(kind))
			json_array_remove(findings, i);
	}
}
