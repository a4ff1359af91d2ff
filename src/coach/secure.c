/*
 * secure.c — letting a calm, open draft be what it is.
 *
 * Some words the coach reads as protest mean something else inside a
 * message that already speaks securely: "you seemed quiet" followed by
 * "happy to listen if you want", or "I'm not going anywhere" said to
 * reassure.  data/coach-secure.json holds the signs of such a message (a
 * feeling owned, a plain request, a part owned, room left to answer) as
 * rules over the same engine, and the kinds that give way to them.  Kinds
 * left out of its "yield" list are read whatever surrounds them.  An ending
 * said kindly and owned (a "parting" sign: "end this kindly", "you did
 * nothing wrong") is a sign of its own, and a threat to leave gives way to
 * it alone: a decision meant and said with care is not a threat made to be
 * answered, while "I'd like you to know I'm done" still is one.  The
 * weighed words give way the same, after the rules (coach.c), and
 * bench/words-train.c chooses their thresholds knowing it.
 */
#include <pthread.h>
#include <string.h>

#include "coach.h"
#include "core/content.h"
#include "patterns/patterns.h"

/* "yield": {SIGN: [KIND, ...]}; a sign's bit is its place among the keys. */
static const json_t *yields(void)
{
	return json_object_get(hv_content_json("coach-secure.json", NULL), "yield");
}

static int sign_bit(const char *sign)
{
	int bit = 0;
	const char *key;
	const json_t *v;
	json_object_foreach((json_t *)yields(), key, v)
	{
		if (sign && strcmp(key, sign) == 0)
			return bit < 31 ? 1 << bit : 0;
		bit++;
	}
	return 0;
}

/* Each kind named in "yield", with the bits of the signs it gives way to:
 * a long draft's findings each ask, and walking the table and its lists
 * for every one of them cost more than reading the table.  Built once,
 * kept. */
static json_t *yield_masks;
static pthread_once_t masks_once = PTHREAD_ONCE_INIT;

static void build_masks(void)
{
	json_t *masks = json_object();
	int bit = 0;
	const char *key;
	const json_t *kinds;
	json_object_foreach((json_t *)yields(), key, kinds)
	{
		size_t i;
		const json_t *k;
		json_array_foreach(kinds, i, k)
		{
			if (bit >= 31 || !json_is_string(k))
				continue;
			json_int_t m =
			    json_integer_value(json_object_get(masks, json_string_value(k)));
			json_object_set_new(masks, json_string_value(k),
			                    json_integer(m | 1 << bit));
		}
		bit++;
	}
	yield_masks = masks;
}

int hv_coach_yields(const char *kind, int signs)
{
	if (!kind)
		return 0;
	pthread_once(&masks_once, build_masks);
	return (json_integer_value(json_object_get(yield_masks, kind)) & signs) != 0;
}

int hv_coach_secure(const char *draft, size_t len, const struct hv_toks *toks)
{
	const struct hv_ruleset *rs = hv_ruleset_get("coach-secure.json", NULL);
	if (!rs)
		return 0; /* a build defect, named by the content tests: read as before */
	json_t *found = hv_ruleset_find(rs, draft, len, toks);
	int signs = 0;
	size_t i;
	const json_t *f;
	json_array_foreach(found, i, f) signs |=
	    sign_bit(json_string_value(json_object_get(f, "kind")));
	json_decref(found);
	return signs;
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
		if (hv_coach_yields(kind, *secure))
			json_array_remove(findings, i);
	}
}
