/*
 * crisis-scan.c — the crisis net's answer (see crisis.h): a text's words
 * (crisis-words.c) weighed (crisis-weights.c) and read by the rules
 * (crisis.c).
 *
 * The weighed words, and how the rules stand with them: help is raised by
 * a passage weighing over the threshold, or by a rule that holds when the
 * words do not weigh under rule_threshold (data/crisis-weights.tsv, both
 * set on the calibration set).  The rule, when one held, is what the hit
 * names, so a person or a test can see why.
 */
#include "crisis.h"

#include <stddef.h>

#include "crisis-private.h"

static int weighed_hit(const struct cmodel *m, const struct cwords *ws, struct hv_crisis_hit *hit)
{
	double rule_t = hv_crisis_rule_threshold(m), score;
	size_t from, to;
	int ruled = 0;
	if (hv_crisis_weigh(m, ws, &from, &to, &score, &ruled)) {
		if (hit &&
		    !hv_crisis_first_rule(m, ws, hit)) { /* a rule that holds explains it best */
			hit->start = ws->w[from].start;
			hit->end = ws->w[to - 1].end;
			hit->rule = "weighed-words";
			hit->category = "words";
		}
		return 1;
	}
	/* The weighing read every rule already: only a caller that wants the
	 * rule named needs the first found again. */
	return score > rule_t && ruled && (!hit || hv_crisis_first_rule(m, ws, hit));
}

static int scan(const char *text, size_t len, struct hv_crisis_hit *hit, int weigh)
{
	const struct cmodel *m = hv_crisis_model();
	struct cwords ws = {0};
	if (!m || !text || len == 0)
		return 0;
	int found = 0;
	if (hv_crisis_words(m, text, len, &ws) == 0 && ws.n > 0)
		found = weigh ? weighed_hit(m, &ws, hit) : hv_crisis_first_rule(m, &ws, hit);
	hv_crisis_words_free(&ws);
	return found;
}

int hv_crisis_scan(const char *text, size_t len, struct hv_crisis_hit *hit)
{
	return scan(text, len, hit, 1);
}

int hv_crisis_scan_rules(const char *text, size_t len, struct hv_crisis_hit *hit)
{
	return scan(text, len, hit, 0);
}

int hv_crisis_in_json(const json_t *v)
{
	size_t i;
	const char *key;
	json_t *item;
	switch (json_typeof(v)) {
	case JSON_STRING: return hv_crisis_scan(json_string_value(v), json_string_length(v), NULL);
	case JSON_ARRAY:
		json_array_foreach(v, i, item)
		{
			if (hv_crisis_in_json(item))
				return 1;
		}
		return 0;
	case JSON_OBJECT:
		json_object_foreach((json_t *)v, key, item)
		{
			if (hv_crisis_in_json(item))
				return 1;
		}
		return 0;
	default: return 0;
	}
}
