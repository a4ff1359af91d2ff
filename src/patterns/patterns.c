/*
 * patterns.c — `haven check`: the thinking patterns of data/patterns.json
 * found in one piece of text (the rules, then the weighed words of
 * data/patterns-weights.tsv for what they missed), and the names of those
 * patterns.
 */
#include "patterns.h"

#include <stdio.h>
#include <string.h>

#include "core/content.h"
#include "learnt.h"

static const json_t *kinds(void)
{
	return json_object_get(hv_content_json("patterns.json", NULL), "kinds");
}

int hv_pattern_kind_valid(const char *kind)
{
	return kind && json_object_get(kinds(), kind) != NULL;
}

const char *hv_pattern_label(const char *kind)
{
	return json_string_value(json_object_get(json_object_get(kinds(), kind), "label"));
}

const char *hv_pattern_kind_list(void)
{
	static char buf[1024];
	return buf[0] ? buf : hv_json_keys_join(kinds(), buf, sizeof buf);
}

json_t *hv_check(const char *text, size_t len, struct hv_error *err)
{
	if (len > HV_CHECK_MAX) {
		hv_fail(err, HV_EINVAL,
		        "the text is %zu bytes; check reads at most %d at once, so "
		        "split it into shorter pieces",
		        len, HV_CHECK_MAX);
		return NULL;
	}
	const struct hv_ruleset *rs = hv_ruleset_get("patterns.json", err);
	if (!rs)
		return NULL;
	struct hv_toks toks;
	if (hv_tokenize(text, len, &toks) < 0) {
		hv_fail(err, HV_ENOMEM, "out of memory reading the text");
		return NULL;
	}
	json_t *findings = hv_ruleset_find(rs, text, len, &toks);
	/* the weighed words hear what no rule names */
	int added = hv_learnt_find("patterns-weights.tsv", rs, text, len, &toks, findings);
	hv_toks_free(&toks);
	if (added < 0) {
		json_decref(findings);
		hv_fail(err, HV_ENOMEM, "out of memory reading the text");
		return NULL;
	}
	return json_pack("{s:o}", "findings", findings);
}
