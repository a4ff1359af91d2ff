/*
 * instrument-check.c — the complete, strict check of a questionnaire.
 *
 * An instrument file comes from outside (a clinician, a translator, a fuzz
 * run), so the check is complete and strict: unknown fields are refused
 * (a typo like "reversed" would otherwise silently score an item the wrong
 * way), and every message names the file, then the item or field, then
 * what is wrong.  Once checked, the rest of the module trusts the shape
 * (instrument.c loads, finds and installs what passes).
 */
#include "assess.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ITEMS_MAX    500
#define PROMPTS_MAX  200
#define SUBS_MAX     64
#define TARGETS_MAX  16
#define TEXT_MAX     4000
#define SCALE_LIMIT  1000 /* |min|, |max| */
#define SCALE_POINTS 21   /* at most this many points on a scale */

/* 1–40 characters of letters, digits, '.', '_' and '-'. */
static int id_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > 40)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

/* Instrument ids also name things on the command line: [a-z0-9-]. */
static int instrument_id_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > 40 || s[0] == '-')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return 1;
}

static int only_keys(const json_t *obj, const char *const *keys, const char *name,
                     const char *where, struct hv_error *err)
{
	const char *key = hv_body_unknown_key(obj, keys);
	if (key)
		return hv_fail(err, HV_EDATA, "%s: %s: unknown field \"%s\"", name, where, key);
	return 0;
}

/* A required (or, with optional, possibly absent) non-empty text field. */
static int text_field(const json_t *obj, const char *key, int optional, const char *name,
                      const char *where, struct hv_error *err)
{
	const json_t *v = json_object_get(obj, key);
	if (!v && optional)
		return 0;
	if (!v)
		return hv_fail(err, HV_EDATA, "%s: %s: \"%s\" is missing", name, where, key);
	if (!json_is_string(v) || json_string_length(v) == 0)
		return hv_fail(err, HV_EDATA, "%s: %s: \"%s\" must be non-empty text", name, where,
		               key);
	if (json_string_length(v) > TEXT_MAX)
		return hv_fail(err, HV_EDATA, "%s: %s: \"%s\" is longer than %d bytes", name, where,
		               key, TEXT_MAX);
	return 0;
}

/* The id of element i of a list: its "id" if it is usable text, else "#i". */
static void describe(const char *what, const json_t *el, size_t i, char *buf, size_t n)
{
	const char *id = json_string_value(json_object_get(el, "id"));
	if (id && id_ok(id))
		snprintf(buf, n, "%s \"%s\"", what, id);
	else
		snprintf(buf, n, "%s #%zu", what, i + 1);
}

/* An array of 1..max elements (or absent when optional). */
static int list_field(const json_t *obj, const char *key, size_t max, int optional,
                      const char *name, struct hv_error *err)
{
	const json_t *v = json_object_get(obj, key);
	if (!v && optional)
		return 0;
	if (!v)
		return hv_fail(err, HV_EDATA, "%s: \"%s\" is missing", name, key);
	if (!json_is_array(v) || json_array_size(v) == 0)
		return hv_fail(err, HV_EDATA, "%s: \"%s\" must be a non-empty list", name, key);
	if (json_array_size(v) > max)
		return hv_fail(err, HV_EDATA, "%s: \"%s\" has more than %zu entries", name, key,
		               max);
	return 0;
}

/* Is id already used by an element before index upto in any of the lists? */
static int id_taken(const json_t *list, size_t upto, const char *id)
{
	for (size_t i = 0; i < upto && i < json_array_size(list); i++) {
		const char *other =
		    json_string_value(json_object_get(json_array_get(list, i), "id"));
		if (other && strcmp(other, id) == 0)
			return 1;
	}
	return 0;
}

/* Each element: an object with a usable, distinct id. */
static int check_ids(const json_t *list, const json_t *also, const char *what, const char *name,
                     struct hv_error *err)
{
	size_t i;
	json_t *el;
	char where[96];
	json_array_foreach(list, i, el)
	{
		describe(what, el, i, where, sizeof where);
		if (!json_is_object(el))
			return hv_fail(err, HV_EDATA, "%s: %s: must be an object", name, where);
		const json_t *idv = json_object_get(el, "id");
		if (!idv)
			return hv_fail(err, HV_EDATA, "%s: %s: \"id\" is missing", name, where);
		if (!json_is_string(idv) || !id_ok(json_string_value(idv)))
			return hv_fail(err, HV_EDATA,
			               "%s: %s: \"id\" must be text of 1-40 letters, digits, '.', "
			               "'_' or '-'",
			               name, where);
		const char *id = json_string_value(idv);
		if (id_taken(list, i, id) || (also && id_taken(also, json_array_size(also), id)))
			return hv_fail(err, HV_EDATA, "%s: %s: duplicate id (used twice)", name,
			               where);
	}
	return 0;
}

static const json_t *find_by_id(const json_t *list, const char *id)
{
	size_t i;
	json_t *el;
	json_array_foreach(list, i, el)
	{
		const char *s = json_string_value(json_object_get(el, "id"));
		if (s && id && strcmp(s, id) == 0)
			return el;
	}
	return NULL;
}

/* "a, b, c" of the ids in a list, for messages. */
static void id_list(const json_t *list, char *buf, size_t n)
{
	size_t i, len = 0;
	json_t *el;
	buf[0] = '\0';
	json_array_foreach(list, i, el)
	{
		const char *id = json_is_string(el) ? json_string_value(el)
		                                    : json_string_value(json_object_get(el, "id"));
		int k = snprintf(buf + len, n - len, "%s%s", i ? ", " : "", id ? id : "?");
		if (k < 0 || (size_t)k >= n - len)
			break;
		len += (size_t)k;
	}
}

static int check_scale(const json_t *inst, const char *name, int *min, int *max,
                       struct hv_error *err)
{
	static const char *const keys[] = {"min", "max", "labels", NULL};
	const json_t *s = json_object_get(inst, "scale");
	if (!s)
		return hv_fail(err, HV_EDATA, "%s: \"scale\" is missing", name);
	if (!json_is_object(s))
		return hv_fail(err, HV_EDATA,
		               "%s: \"scale\" must be an object with min, max, labels", name);
	if (only_keys(s, keys, name, "scale", err) < 0)
		return -1;
	const json_t *lo = json_object_get(s, "min"), *hi = json_object_get(s, "max");
	if (!json_is_integer(lo) || !json_is_integer(hi))
		return hv_fail(err, HV_EDATA, "%s: scale: min and max must be whole numbers", name);
	json_int_t a = json_integer_value(lo), b = json_integer_value(hi);
	if (a < -SCALE_LIMIT || b > SCALE_LIMIT || a > SCALE_LIMIT || b < -SCALE_LIMIT)
		return hv_fail(err, HV_EDATA, "%s: scale: min and max must lie within -%d..%d",
		               name, SCALE_LIMIT, SCALE_LIMIT);
	if (a >= b)
		return hv_fail(err, HV_EDATA, "%s: scale: min (%lld) must be below max (%lld)",
		               name, (long long)a, (long long)b);
	if (b - a + 1 > SCALE_POINTS)
		return hv_fail(err, HV_EDATA, "%s: scale: at most %d points, not %lld", name,
		               SCALE_POINTS, (long long)(b - a + 1));
	const json_t *labels = json_object_get(s, "labels");
	if (!json_is_array(labels) || json_array_size(labels) != (size_t)(b - a + 1))
		return hv_fail(err, HV_EDATA,
		               "%s: scale: \"labels\" must be a list with one label per point "
		               "(%lld, for %lld..%lld)",
		               name, (long long)(b - a + 1), (long long)a, (long long)b);
	size_t i;
	json_t *l;
	json_array_foreach(labels, i, l)
	{
		if (!json_is_string(l) || json_string_length(l) == 0 || json_string_length(l) > 200)
			return hv_fail(err, HV_EDATA,
			               "%s: scale: label for %lld must be short text", name,
			               (long long)(a + (json_int_t)i));
	}
	*min = (int)a;
	*max = (int)b;
	return 0;
}

static int check_targets(const json_t *inst, const char *name, struct hv_error *err)
{
	const json_t *t = json_object_get(inst, "targets");
	if (!t)
		return 0;
	if (!json_is_array(t) || json_array_size(t) < 2 || json_array_size(t) > TARGETS_MAX)
		return hv_fail(err, HV_EDATA,
		               "%s: \"targets\" must be a list of 2-%d relationship names", name,
		               TARGETS_MAX);
	size_t i, j;
	json_t *v;
	json_array_foreach(t, i, v)
	{
		if (!json_is_string(v) || !instrument_id_ok(json_string_value(v)))
			return hv_fail(err, HV_EDATA,
			               "%s: target #%zu must be a name of a-z, 0-9 and '-' "
			               "(\"best-friend\")",
			               name, i + 1);
		for (j = 0; j < i; j++)
			if (json_equal(v, json_array_get(t, j)))
				return hv_fail(err, HV_EDATA, "%s: target \"%s\": duplicate", name,
				               json_string_value(v));
	}
	return 0;
}

/* An optional "part" that must name one of the instrument's parts. */
static int check_part_ref(const json_t *inst, const json_t *el, const char *name, const char *where,
                          struct hv_error *err)
{
	const json_t *part = json_object_get(el, "part");
	if (!part)
		return 0;
	const json_t *parts = json_object_get(inst, "parts");
	if (!json_is_string(part) || !find_by_id(parts, json_string_value(part))) {
		char known[512];
		id_list(parts, known, sizeof known);
		return hv_fail(err, HV_EDATA, "%s: %s: unknown part%s%s%s (%s%s)", name, where,
		               json_is_string(part) ? " \"" : "",
		               json_is_string(part) ? json_string_value(part) : "",
		               json_is_string(part) ? "\"" : "", parts ? "the parts are: " : "",
		               parts ? known : "this instrument declares no parts");
	}
	return 0;
}

/* One element of each list, once its keys are known to be the list's own. */
static int part_fields(const json_t *inst, const json_t *p, const char *name, const char *where,
                       struct hv_error *err)
{
	(void)inst;
	return text_field(p, "title", 0, name, where, err) < 0 ||
	               text_field(p, "intro", 1, name, where, err) < 0
	           ? -1
	           : 0;
}

static int subscale_fields(const json_t *inst, const json_t *s, const char *name, const char *where,
                           struct hv_error *err)
{
	(void)inst;
	if (text_field(s, "title", 1, name, where, err) < 0)
		return -1;
	const char *how = json_string_value(json_object_get(s, "score"));
	if (!how || (strcmp(how, "mean") && strcmp(how, "sum")))
		return hv_fail(err, HV_EDATA, "%s: %s: \"score\" must be \"mean\" or \"sum\"", name,
		               where);
	/* Every subscale says which way it points, so directions are never
	 * mixed silently. */
	if (!json_object_get(s, "higher_means"))
		return hv_fail(err, HV_EDATA,
		               "%s: %s: \"higher_means\" is missing: say in a few words what "
		               "a higher score means (\"more secure\")",
		               name, where);
	return text_field(s, "higher_means", 0, name, where, err);
}

static int item_fields(const json_t *inst, const json_t *it, const char *name, const char *where,
                       struct hv_error *err)
{
	const json_t *subs = json_object_get(inst, "subscales");
	if (text_field(it, "text", 0, name, where, err) < 0)
		return -1;
	const json_t *sub = json_object_get(it, "subscale");
	if (!sub)
		return hv_fail(err, HV_EDATA, "%s: %s: \"subscale\" is missing", name, where);
	if (!json_is_string(sub) || !find_by_id(subs, json_string_value(sub))) {
		char known[512];
		id_list(subs, known, sizeof known);
		return hv_fail(err, HV_EDATA,
		               "%s: %s: unknown subscale \"%s\" (the subscales are: %s)", name,
		               where, json_is_string(sub) ? json_string_value(sub) : "?", known);
	}
	const json_t *rev = json_object_get(it, "reverse");
	if (!rev)
		return hv_fail(err, HV_EDATA,
		               "%s: %s: \"reverse\" is missing: true if the item is "
		               "reverse-keyed, else false",
		               name, where);
	if (!json_is_boolean(rev))
		return hv_fail(err, HV_EDATA, "%s: %s: \"reverse\" must be true or false, not a %s",
		               name, where,
		               json_is_string(rev)   ? "string"
		               : json_is_number(rev) ? "number"
		                                     : "value of another kind");
	return check_part_ref(inst, it, name, where, err);
}

static int prompt_fields(const json_t *inst, const json_t *p, const char *name, const char *where,
                         struct hv_error *err)
{
	return text_field(p, "text", 0, name, where, err) < 0 ||
	               check_part_ref(inst, p, name, where, err) < 0
	           ? -1
	           : 0;
}

/* The instrument's lists, checked alike: present (unless optional), 1..max
 * elements with ids unique among themselves (and apart from another
 * list's, for prompts beside items), no keys but the element's own, then
 * each element's fields. */
struct list_rule {
	const char *key, *what; /* "items", "item" */
	size_t max;
	int optional;
	const char *apart_from; /* a list whose ids these must not take, or NULL */
	const char *const *keys;
	int (*fields)(const json_t *inst, const json_t *el, const char *name, const char *where,
	              struct hv_error *err);
};

static const char *const part_keys[] = {"id", "title", "intro", NULL};
static const char *const subscale_keys[] = {"id", "title", "score", "higher_means", "bands", NULL};
static const char *const item_keys[] = {"id", "text", "subscale", "reverse", "part", NULL};
static const char *const prompt_keys[] = {"id", "text", "part", NULL};

/* In the order they are checked: parts before what names them, subscales
 * before the items that name them. */
static const struct list_rule lists[] = {
    {"parts", "part", 26, 1, NULL, part_keys, part_fields},
    {"subscales", "subscale", SUBS_MAX, 0, NULL, subscale_keys, subscale_fields},
    {"items", "item", ITEMS_MAX, 0, NULL, item_keys, item_fields},
    {"prompts", "prompt", PROMPTS_MAX, 1, "items", prompt_keys, prompt_fields},
};

static int check_list(const json_t *inst, const struct list_rule *r, const char *name,
                      struct hv_error *err)
{
	const json_t *list = json_object_get(inst, r->key);
	if (!list && r->optional)
		return 0;
	const json_t *apart = r->apart_from ? json_object_get(inst, r->apart_from) : NULL;
	if (list_field(inst, r->key, r->max, 0, name, err) < 0 ||
	    check_ids(list, apart, r->what, name, err) < 0)
		return -1;
	size_t i;
	json_t *el;
	char where[96];
	json_array_foreach(list, i, el)
	{
		describe(r->what, el, i, where, sizeof where);
		if (only_keys(el, r->keys, name, where, err) < 0 ||
		    r->fields(inst, el, name, where, err) < 0)
			return -1;
	}
	return 0;
}

static int check_lists(const json_t *inst, const char *name, struct hv_error *err)
{
	for (size_t i = 0; i < sizeof lists / sizeof *lists; i++)
		if (check_list(inst, &lists[i], name, err) < 0)
			return -1;
	return 0;
}

/* How many items a subscale has. */
static size_t subscale_items(const json_t *inst, const char *sub)
{
	size_t i, n = 0;
	json_t *it;
	json_array_foreach(json_object_get(inst, "items"), i, it)
	{
		if (strcmp(json_string_value(json_object_get(it, "subscale")), sub) == 0)
			n++;
	}
	return n;
}

static int check_band(const json_t *b, const char *name, const char *where, double lo, double hi,
                      double *from, double *to, struct hv_error *err)
{
	static const char *const keys[] = {"range", "name", "text", "flag", NULL};
	if (!json_is_object(b))
		return hv_fail(err, HV_EDATA, "%s: %s: must be an object", name, where);
	if (only_keys(b, keys, name, where, err) < 0 ||
	    text_field(b, "name", 0, name, where, err) < 0 ||
	    text_field(b, "text", 1, name, where, err) < 0)
		return -1;
	const json_t *r = json_object_get(b, "range");
	if (!json_is_array(r) || json_array_size(r) != 2 || !json_is_number(json_array_get(r, 0)) ||
	    !json_is_number(json_array_get(r, 1)))
		return hv_fail(err, HV_EDATA, "%s: %s: \"range\" must be [from, to], two numbers",
		               name, where);
	*from = json_number_value(json_array_get(r, 0));
	*to = json_number_value(json_array_get(r, 1));
	if (!(*from <= *to))
		return hv_fail(err, HV_EDATA, "%s: %s: range [%g, %g] runs backwards", name, where,
		               *from, *to);
	if (*from < lo || *to > hi)
		return hv_fail(err, HV_EDATA,
		               "%s: %s: range [%g, %g] lies outside the scores this subscale can "
		               "have (%g to %g)",
		               name, where, *from, *to, lo, hi);
	const json_t *flag = json_object_get(b, "flag");
	if (flag && !json_is_boolean(flag))
		return hv_fail(err, HV_EDATA, "%s: %s: \"flag\" must be true or false", name,
		               where);
	return 0;
}

/* Items are known now, so every subscale's possible range is too. */
static int check_subscales_tail(const json_t *inst, const char *name, int min, int max,
                                struct hv_error *err)
{
	size_t i, j, k;
	json_t *s, *b;
	char where[160];
	json_array_foreach(json_object_get(inst, "subscales"), i, s)
	{
		const char *id = json_string_value(json_object_get(s, "id"));
		size_t n = subscale_items(inst, id);
		if (n == 0)
			return hv_fail(err, HV_EDATA, "%s: subscale \"%s\": no item belongs to it",
			               name, id);
		int sum = strcmp(json_string_value(json_object_get(s, "score")), "sum") == 0;
		double lo = sum ? (double)min * (double)n : min,
		       hi = sum ? (double)max * (double)n : max;
		const json_t *bands = json_object_get(s, "bands");
		if (!bands)
			continue;
		if (!json_is_array(bands) || json_array_size(bands) == 0 ||
		    json_array_size(bands) > 16)
			return hv_fail(
			    err, HV_EDATA,
			    "%s: subscale \"%s\": \"bands\" must be a list of 1-16 bands", name,
			    id);
		double from[16], to[16];
		json_array_foreach(bands, j, b)
		{
			const char *bn = json_string_value(json_object_get(b, "name"));
			snprintf(where, sizeof where, "subscale \"%s\", band %s%.40s%s", id,
			         bn ? "\"" : "#", bn ? bn : "", bn ? "\"" : "");
			if (!bn)
				snprintf(where, sizeof where, "subscale \"%s\", band #%zu", id,
				         j + 1);
			if (check_band(b, name, where, lo, hi, &from[j], &to[j], err) < 0)
				return -1;
			for (k = 0; k < j; k++)
				if (from[j] <= to[k] && from[k] <= to[j])
					return hv_fail(err, HV_EDATA,
					               "%s: %s: range overlaps band #%zu", name,
					               where, k + 1);
		}
	}
	return 0;
}

int hv_instrument_check(const json_t *inst, const char *name, struct hv_error *err)
{
	static const char *const keys[] = {"id",      "title",   "version", "intro", "about",
	                                   "license", "scale",   "targets", "parts", "subscales",
	                                   "items",   "prompts", NULL};
	if (!json_is_object(inst))
		return hv_fail(err, HV_EDATA, "%s: an instrument must be a JSON object", name);
	if (only_keys(inst, keys, name, "top level", err) < 0)
		return -1;
	const json_t *id = json_object_get(inst, "id");
	if (!id)
		return hv_fail(err, HV_EDATA, "%s: \"id\" is missing", name);
	if (!json_is_string(id) || !instrument_id_ok(json_string_value(id)))
		return hv_fail(err, HV_EDATA,
		               "%s: \"id\" must be 1-40 characters of a-z, 0-9 and '-' (\"ecr-r\")",
		               name);
	if (text_field(inst, "title", 0, name, "top level", err) < 0 ||
	    text_field(inst, "intro", 1, name, "top level", err) < 0 ||
	    text_field(inst, "about", 1, name, "top level", err) < 0 ||
	    text_field(inst, "license", 1, name, "top level", err) < 0)
		return -1;
	const json_t *v = json_object_get(inst, "version");
	if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 1000000)
		return hv_fail(err, HV_EDATA,
		               "%s: \"version\" must be a whole number from 1 (raise it when items "
		               "or keys change)",
		               name);
	int min = 0, max = 0;
	if (check_scale(inst, name, &min, &max, err) < 0 || check_targets(inst, name, err) < 0 ||
	    check_lists(inst, name, err) < 0 || check_subscales_tail(inst, name, min, max, err) < 0)
		return -1;
	return 0;
}

int hv_instrument_validate(const json_t *body, struct hv_error *err)
{
	const char *id = json_string_value(json_object_get(body, "id"));
	char name[80];
	snprintf(name, sizeof name, "instrument \"%.40s\"", id && instrument_id_ok(id) ? id : "?");
	return hv_instrument_check(body, name, err);
}
