/*
 * score.c — answers in, subscale scores out.
 *
 * Scoring is deliberately plain: a reverse-keyed item counts as
 * min + max − answer, a subscale is the mean or the sum of its items, and
 * its band is the first whose range holds the score rounded to two decimals
 * (the precision people see, so a band edge written as 2.99 leaves no gap).
 * Nothing here knows any particular questionnaire; the instrument file says
 * everything.
 */
#include "assess.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int scale_min(const json_t *inst)
{
	return (int)json_integer_value(json_object_get(json_object_get(inst, "scale"), "min"));
}

static int scale_max(const json_t *inst)
{
	return (int)json_integer_value(json_object_get(json_object_get(inst, "scale"), "max"));
}

static const json_t *item_by_id(const json_t *inst, const char *id)
{
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(inst, "items"), i, it)
	{
		if (strcmp(json_string_value(json_object_get(it, "id")), id) == 0)
			return it;
	}
	return NULL;
}

int hv_item_value(const json_t *inst, const json_t *item, int answer)
{
	if (json_is_true(json_object_get(item, "reverse")))
		return scale_min(inst) + scale_max(inst) - answer;
	return answer;
}

double hv_score_round(double x)
{
	double r = round(x * 100.0) / 100.0;
	return r == 0 ? 0.0 : r; /* never "-0.00" */
}

static const char *inst_id(const json_t *inst)
{
	return json_string_value(json_object_get(inst, "id"));
}

/* Split an item id into a prefix and a trailing number ("d12" → "d", 12);
 * -1 when it does not end in one. */
static long id_number(const char *id, size_t *prefix)
{
	size_t n = strlen(id), k = n;
	while (k > 0 && id[k - 1] >= '0' && id[k - 1] <= '9')
		k--;
	*prefix = k;
	if (k == n || n - k > 6 || id[k] == '0')
		return -1;
	return strtol(id + k, NULL, 10);
}

/*
 * The instrument's item ids, in order, with runs written as ranges:
 * "a1–a12, d1–d16" or "1–12", so an error can say what there is to answer.
 */
static void item_ids(const json_t *inst, char *out, size_t cap)
{
	const json_t *items = json_object_get(inst, "items");
	size_t i = 0, len = 0, n = json_array_size(items);
	out[0] = '\0';
	while (i < n && len + 1 < cap) {
		const char *first =
		    json_string_value(json_object_get(json_array_get(items, i), "id"));
		size_t p0, p;
		long num = id_number(first, &p0), last = num;
		size_t j = i + 1;
		while (num >= 0 && j < n) {
			const char *id =
			    json_string_value(json_object_get(json_array_get(items, j), "id"));
			if (id_number(id, &p) != last + 1 || p != p0 || strncmp(id, first, p))
				break;
			last++, j++;
		}
		const char *sep = len ? ", " : "";
		int k = j - i > 2 ? snprintf(out + len, cap - len, "%s%s–%.*s%ld", sep, first,
		                             (int)p0, first, last)
		                  : snprintf(out + len, cap - len, "%s%s", sep, first);
		if (k < 0 || (size_t)k >= cap - len) {
			out[len] = '\0';
			break;
		}
		len += (size_t)k;
		i = j - i > 2 ? j : i + 1;
	}
}

static int no_such_item(const json_t *inst, const char *id, struct hv_error *err)
{
	char ids[400];
	item_ids(inst, ids, sizeof ids);
	return hv_fail(err, HV_EINVAL, "%s has no item \"%s\": its items are %s", inst_id(inst), id,
	               ids);
}

int hv_target_check(const json_t *inst, const char *target, struct hv_error *err)
{
	const json_t *targets = json_object_get(inst, "targets");
	if (!targets) {
		if (target)
			return hv_fail(
			    err, HV_EINVAL,
			    "%s is answered once, not per relationship: leave out --target",
			    inst_id(inst));
		return 0;
	}
	char names[512] = "";
	size_t i, len = 0;
	json_t *t;
	json_array_foreach(targets, i, t)
	{
		if (target && strcmp(json_string_value(t), target) == 0)
			return 0;
		int k = snprintf(names + len, sizeof names - len, "%s%s", i ? ", " : "",
		                 json_string_value(t));
		if (k > 0 && (size_t)k < sizeof names - len)
			len += (size_t)k;
	}
	if (!target)
		return hv_fail(err, HV_EINVAL,
		               "%s is answered once per relationship: say which with --target "
		               "(%s)",
		               inst_id(inst), names);
	return hv_fail(err, HV_EINVAL, "%s has no target \"%s\": choose from %s", inst_id(inst),
	               target, names);
}

static int check_value(const json_t *inst, const char *id, const json_t *v, struct hv_error *err)
{
	if (!json_is_integer(v) || json_integer_value(v) < scale_min(inst) ||
	    json_integer_value(v) > scale_max(inst))
		return hv_fail(err, HV_EINVAL,
		               "the answer to item %s must be a whole number from %d to %d", id,
		               scale_min(inst), scale_max(inst));
	return 0;
}

int hv_answers_check(const json_t *inst, const json_t *answers, int require_all,
                     struct hv_error *err)
{
	if (!json_is_object(answers))
		return hv_fail(err, HV_EINVAL, "answers must be an object of item id to answer");
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)answers, key, v)
	{
		if (!item_by_id(inst, key))
			return no_such_item(inst, key, err);
		if (check_value(inst, key, v, err) < 0)
			return -1;
	}
	if (!require_all)
		return 0;
	/* List every missing item, so one retry is enough. */
	char missing[600] = "";
	size_t i, len = 0, n = 0;
	json_t *it;
	json_array_foreach(json_object_get(inst, "items"), i, it)
	{
		const char *id = json_string_value(json_object_get(it, "id"));
		if (json_object_get(answers, id))
			continue;
		n++;
		if (len < sizeof missing - 60) {
			int k = snprintf(missing + len, sizeof missing - len, "%s%s",
			                 n > 1 ? ", " : "", id);
			if (k > 0)
				len += (size_t)k;
		} else if (!strstr(missing, "…")) {
			snprintf(missing + len, sizeof missing - len, ", …");
			len = sizeof missing;
		}
	}
	if (n)
		return hv_fail(err, HV_EINVAL, "%zu item%s of %s still without an answer: %s", n,
		               n == 1 ? "" : "s", inst_id(inst), missing);
	return 0;
}

json_t *hv_answers_parse(const json_t *inst, const char *text, struct hv_error *err)
{
	json_t *out = json_object();
	char *copy = strdup(text), *save = NULL;
	if (!out || !copy) {
		free(copy);
		json_decref(out);
		hv_fail(err, HV_ENOMEM, "out of memory");
		return NULL;
	}
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		while (*tok == ' ')
			tok++;
		if (!*tok)
			continue;
		char *eq = strchr(tok, '=');
		if (!eq || eq == tok) {
			const char *id0 = json_string_value(json_object_get(
			    json_array_get(json_object_get(inst, "items"), 0), "id"));
			hv_fail(err, HV_EINVAL, "\"%s\" is not ITEM=ANSWER (for example %s=%d)",
			        tok, id0 ? id0 : "1", scale_max(inst));
			goto fail;
		}
		*eq = '\0';
		char *id = tok, *val = eq + 1, *end;
		size_t n = strlen(id);
		while (n > 0 && id[n - 1] == ' ')
			id[--n] = '\0';
		if (!item_by_id(inst, id)) {
			no_such_item(inst, id, err);
			goto fail;
		}
		if (json_object_get(out, id)) {
			hv_fail(err, HV_EINVAL, "item %s is answered twice", id);
			goto fail;
		}
		errno = 0;
		long a = strtol(val, &end, 10);
		while (*end == ' ')
			end++;
		if (errno || end == val || *end || a < scale_min(inst) || a > scale_max(inst)) {
			hv_fail(err, HV_EINVAL,
			        "the answer to item %s must be a whole number from %d to %d, not "
			        "\"%s\"",
			        id, scale_min(inst), scale_max(inst), val);
			goto fail;
		}
		json_object_set_new(out, id, json_integer(a));
	}
	free(copy);
	return out;
fail:
	free(copy);
	json_decref(out);
	return NULL;
}

/* The first band whose range holds the (rounded) score, or NULL. */
static const json_t *band_for(const json_t *sub, double score)
{
	size_t i;
	json_t *b;
	json_array_foreach(json_object_get(sub, "bands"), i, b)
	{
		const json_t *r = json_object_get(b, "range");
		if (score >= json_number_value(json_array_get(r, 0)) - 1e-9 &&
		    score <= json_number_value(json_array_get(r, 1)) + 1e-9)
			return b;
	}
	return NULL;
}

static json_t *score_subscale(const json_t *inst, const json_t *sub, const json_t *answers)
{
	const char *id = json_string_value(json_object_get(sub, "id"));
	double total = 0;
	size_t i, n = 0;
	json_t *it;
	json_array_foreach(json_object_get(inst, "items"), i, it)
	{
		if (strcmp(json_string_value(json_object_get(it, "subscale")), id) != 0)
			continue;
		const json_t *a =
		    json_object_get(answers, json_string_value(json_object_get(it, "id")));
		total += hv_item_value(inst, it, (int)json_integer_value(a));
		n++;
	}
	int mean = strcmp(json_string_value(json_object_get(sub, "score")), "mean") == 0;
	double score = hv_score_round(mean ? total / (double)n : total);
	const json_t *band = band_for(sub, score);
	const json_t *title = json_object_get(sub, "title");
	const char *words = band ? json_string_value(json_object_get(band, "text")) : NULL;
	json_t *b = band ? json_pack("{s:O,s:s}", "name", json_object_get(band, "name"), "text",
	                             words ? words : "")
	                 : json_null();
	return json_pack("{s:s,s:O,s:O,s:f,s:o,s:b,s:I}", "id", id, "title",
	                 title ? title : json_object_get(sub, "id"), "higher_means",
	                 json_object_get(sub, "higher_means"), "score", score, "band", b, "flagged",
	                 band && json_is_true(json_object_get(band, "flag")), "items",
	                 (json_int_t)n);
}

json_t *hv_assess_score(const json_t *inst, const json_t *answers, struct hv_error *err)
{
	if (hv_answers_check(inst, answers, 1, err) < 0)
		return NULL;
	json_t *subs = json_array();
	size_t i;
	json_t *sub;
	json_array_foreach(json_object_get(inst, "subscales"), i, sub)
	{
		json_array_append_new(subs, score_subscale(inst, sub, answers));
	}
	return json_pack("{s:o}", "subscales", subs);
}
