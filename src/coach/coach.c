/*
 * coach.c — reading a draft message for protest behaviour, and offering a
 * rewrite in the guide's shape of a needs statement: the feeling, the need,
 * one small concrete request.
 *
 * The findings come from the rules of data/coach.json (the same engine as
 * `haven check`), one kind per protest behaviour the guide lists (message
 * after message, going quiet, keeping score, sarcasm, threats to leave,
 * jealousy, guilt, pleading, asking for reassurance), plus a few structural
 * signs no word rule can see (shape.c): runs of question marks, a whole
 * draft of clipped words ("fine.", "cool. bye"), a word said over and over
 * ("please please", "hey. hey. hey"), a run of short messages, and scare
 * quotes around their words ("work dinner").
 * What no rule names, the weighed words of data/coach-weights.tsv may hear
 * (patterns/learnt.c): a finding of the kind whose words weigh enough.
 * And a short draft whose words weigh far from any protest, by the model
 * that never sees the rules' findings, is let be (patterns/learnt-any.c).
 * Each finding names the need the behaviour may hide and the `haven say`
 * script that fits.  Rewrites are built from the draft's own content where
 * it allows — the behaviour after "you never", what a demand asks for, a
 * feeling word, a time ("last night") and a situation cue ("reply") — and
 * fall back to the plain words kept per kind in data/coach.json.  Only a
 * draft that could wound (a dig, a threat, a comparison) is offered words of
 * repair: the guide counts apologising for having needs as an anxious habit.
 */
#include "coach.h"
#include "shape.h"
#include "words.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "core/template.h"
#include "core/text.h"
#include "patterns/learnt.h"
#include "patterns/patterns.h"

static const json_t *coach_data(void)
{
	return hv_coach_words();
}

static const json_t *kind_info(const char *kind)
{
	return json_object_get(json_object_get(coach_data(), "kinds"), kind);
}

static const char *kind_text(const char *kind, const char *field)
{
	return json_string_value(json_object_get(kind_info(kind), field));
}

/* Kinds of earlier versions ("pile-up", "sarcasm", "blame") still name
 * something: the kind they became. */
static const char *resolve_kind(const char *kind)
{
	const char *to =
	    json_string_value(json_object_get(json_object_get(coach_data(), "aliases"), kind));
	return to ? to : kind;
}

const char *hv_coach_label(const char *kind)
{
	return kind ? kind_text(resolve_kind(kind), "label") : NULL;
}

/* ---- findings in the order of the draft ----------------------------------- */

static int cmp_finding(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	json_int_t sx = json_integer_value(json_object_get(x, "start"));
	json_int_t sy = json_integer_value(json_object_get(y, "start"));
	return sx < sy ? -1 : sx > sy;
}

/* What the behaviour may hide and the script that fits, on each finding. */
static void annotate(json_t *findings)
{
	size_t i;
	json_t *f;
	json_array_foreach(findings, i, f)
	{
		const char *kind = json_string_value(json_object_get(f, "kind"));
		const char *hides = kind_text(kind, "hides"), *script = kind_text(kind, "script");
		if (hides)
			json_object_set_new(f, "need", json_string(hides));
		if (script)
			json_object_set_new(f, "script", json_string(script));
	}
}

/* Out of memory, the findings stay in the order they were found. */
static void sort_findings(json_t *findings)
{
	hv_json_array_sort(findings, cmp_finding);
}

/* ---- what the draft says -------------------------------------------------- */

static const json_t *coach_list(const char *name)
{
	return json_object_get(json_object_get(coach_data(), "lists"), name);
}

/* The first word of the draft that names a feeling, as the feeling.  A
 * word met again is looked up again only if its first time named a feeling
 * (left then for "you" before it): a long draft says each word many times. */
static const char *draft_feeling(const struct hv_toks *toks)
{
	const json_t *map = json_object_get(coach_data(), "feelings");
	char *none = calloc(toks->n ? toks->n : 1, 1); /* by type: names no feeling */
	for (size_t i = 0; i < toks->n; i++) {
		size_t type = toks->v[i].type;
		if (none && type < i && none[type])
			continue;
		const char *f = json_string_value(json_object_get(map, toks->v[i].norm));
		if (none && !f)
			none[i] = 1;
		/* "are you mad", "is she upset": their feeling, not the writer's */
		const char *prev = i > 0 ? toks->v[i - 1].norm : "";
		if (f && strcmp(prev, "you") && strcmp(prev, "u") && strcmp(prev, "she") &&
		    strcmp(prev, "he") && strcmp(prev, "they")) {
			free(none);
			return f;
		}
	}
	free(none);
	return NULL;
}

/* Where a space-separated phrase occurs in the words; -1 if nowhere. */
static long find_phrase(const struct hv_toks *toks, const char *phrase, size_t *last)
{
	char buf[128];
	snprintf(buf, sizeof buf, "%s", phrase);
	const char *words[8];
	int n = 0;
	char *save = NULL;
	for (char *w = strtok_r(buf, " ", &save); w && n < 8; w = strtok_r(NULL, " ", &save))
		words[n++] = w;
	for (size_t i = 0; n > 0 && i + (size_t)n <= toks->n; i++) {
		int k = 0;
		while (k < n && strcmp(toks->v[i + (size_t)k].norm, words[k]) == 0)
			k++;
		if (k == n) {
			*last = i + (size_t)n - 1;
			return (long)i;
		}
	}
	return -1;
}

/* "last night" as the draft wrote it; caller frees; NULL if none. */
static char *draft_when(const char *text, const struct hv_toks *toks)
{
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(coach_data(), "when"), i, p)
	{
		size_t last;
		long at = find_phrase(toks, json_string_value(p), &last);
		if (at < 0)
			continue;
		size_t s = toks->v[at].start, e = toks->v[last].end;
		if (!hv_text_showable(text + s, e - s))
			return NULL;
		char *out = strndup(text + s, e - s);
		/* a sentence-initial capital reads oddly mid-sentence */
		if (out && out[0] >= 'A' && out[0] <= 'Z' && out[1] >= 'a' && out[1] <= 'z')
			out[0] = (char)(out[0] - 'A' + 'a');
		return out;
	}
	return NULL;
}

/* Each word that names a situation, with the first situation (in the
 * data's order) that lists it: a long draft asks once per word, not once
 * per word per situation per listed word.  Built once, kept. */
static json_t *situation_words;
static pthread_once_t situation_once = PTHREAD_ONCE_INIT;

static void index_situations(void)
{
	json_t *index = json_object();
	size_t i, k;
	json_t *s, *w;
	json_array_foreach(json_object_get(coach_data(), "situations"), i, s)
	{
		json_array_foreach(json_object_get(s, "words"), k, w)
		{
			if (json_is_string(w) && !json_object_get(index, json_string_value(w)))
				json_object_set_new(index, json_string_value(w),
				                    json_integer((json_int_t)i));
		}
	}
	situation_words = index;
}

/* The situation the draft is about, from its words: the first situation
 * any of its words names; NULL if unclear. */
static const char *draft_situation(const struct hv_toks *toks)
{
	pthread_once(&situation_once, index_situations);
	json_int_t first = -1;
	for (size_t t = 0; t < toks->n; t++) {
		if (toks->v[t].type != t)
			continue; /* the same word as before: the same answer */
		json_t *at = json_object_get(situation_words, toks->v[t].norm);
		if (at && (first < 0 || json_integer_value(at) < first))
			first = json_integer_value(at);
	}
	json_t *s =
	    first < 0 ? NULL
	              : json_array_get(json_object_get(coach_data(), "situations"), (size_t)first);
	return json_string_value(json_object_get(s, "text"));
}

static const char *const stop_words[] = {"and",    "but",   "because", "so",   "or",    "when",
                                         "if",     "then",  "anymore", "ever", "again", "even",
                                         "unless", "while", "until",   "like", NULL};

static int is_stop(const char *w)
{
	for (int i = 0; stop_words[i]; i++)
		if (strcmp(stop_words[i], w) == 0)
			return 1;
	return 0;
}

/* Original bytes of words [from, to], or NULL; caller frees. */
static char *span_text(const char *text, const struct hv_toks *toks, size_t from, size_t to)
{
	if (from > to || to >= toks->n)
		return NULL;
	size_t s = toks->v[from].start, e = toks->v[to].end;
	if (!hv_text_showable(text + s, e - s))
		return NULL;
	return strndup(text + s, e - s);
}

/* From word i to the end of its clause (at most 8 words, stopping at
 * "and", "but", ...): "text me first". */
static char *clause_from(const char *text, const struct hv_toks *toks, size_t i)
{
	if (i >= toks->n)
		return NULL;
	size_t j = i;
	while (j + 1 < toks->n && j + 1 - i < 8 && toks->v[j + 1].clause == toks->v[i].clause &&
	       !is_stop(toks->v[j + 1].norm))
		j++;
	/* the pieces of one contraction share a span; do not cut one in half */
	return span_text(text, toks, i, j);
}

struct draft {
	const char *text;
	const struct hv_toks *toks;
	const char *feeling; /* from the draft, or NULL */
	const char *situation;
	char *when;
};

/* The need for an absolute: "you could text me first sometimes". */
static char *absolute_need(const struct draft *d, size_t first, size_t last)
{
	const char *w = d->toks->v[last].norm;
	int never = 0, always = 0;
	for (size_t i = first; i <= last; i++) {
		never |= strcmp(d->toks->v[i].norm, "never") == 0;
		always |= strcmp(d->toks->v[i].norm, "always") == 0 ||
		          strcmp(d->toks->v[i].norm, "constantly") == 0;
	}
	const char *tmpl = NULL;
	if (never && hv_json_has_string(coach_list("never_verbs"), w))
		tmpl = kind_text("absolute", "need_never");
	else if (always && hv_json_has_string(coach_list("always_verbs"), w))
		tmpl = kind_text("absolute", "need_always");
	char *x = tmpl ? clause_from(d->text, d->toks, last) : NULL;
	const char *kv[] = {"x", x, NULL};
	char *out = x ? hv_template_fill(tmpl, kv) : NULL;
	free(x);
	return out;
}

/* The need in a demand: "you have to text me or ..." → "you could text me". */
static char *demand_need(const struct draft *d, size_t first, size_t last)
{
	size_t from = 0, to = 0;
	int have_from = 0;
	for (size_t i = first; i <= last; i++) {
		const char *w = d->toks->v[i].norm;
		if (!have_from &&
		    (!strcmp(w, "to") || !strcmp(w, "must") || !strcmp(w, "better"))) {
			from = i + 1;
			have_from = 1;
		} else if (have_from && (!strcmp(w, "or") || !strcmp(w, "otherwise") ||
		                         !strcmp(w, "else") || !strcmp(w, "if"))) {
			to = i;
			break;
		}
	}
	if (!have_from || to <= from)
		return NULL;
	char *x = span_text(d->text, d->toks, from, to - 1);
	const char *tmpl = kind_text("demand", "need_x");
	const char *kv[] = {"x", x, NULL};
	char *out = x && tmpl && strstr(tmpl, "{x}") ? hv_template_fill(tmpl, kv) : NULL;
	free(x);
	return out;
}

static json_t *rewrite_for(const struct draft *d, const json_t *finding)
{
	const char *kind = json_string_value(json_object_get(finding, "kind"));
	size_t s = (size_t)json_integer_value(json_object_get(finding, "start"));
	size_t e = (size_t)json_integer_value(json_object_get(finding, "end"));
	size_t first = hv_toks_at(d->toks, s), last = first;
	while (last + 1 < d->toks->n && d->toks->v[last + 1].end <= e)
		last++;
	char *need = NULL;
	if (first < d->toks->n && strcmp(kind, "absolute") == 0)
		need = absolute_need(d, first, last);
	else if (first < d->toks->n && strcmp(kind, "demand") == 0)
		need = demand_need(d, first, last);
	const char *situation = d->situation ? d->situation : kind_text(kind, "situation");
	char *sit = NULL;
	if (asprintf(&sit, "%s%s%s", situation, d->when ? " " : "", d->when ? d->when : "") < 0)
		sit = NULL;
	const char *kv[] = {"feeling",   d->feeling ? d->feeling : kind_text(kind, "feeling"),
	                    "situation", sit,
	                    "need",      need ? need : kind_text(kind, "need"),
	                    "request",   kind_text(kind, "request"),
	                    NULL};
	char *text =
	    hv_template_fill(json_string_value(json_object_get(coach_data(), "shape")), kv);
	json_t *out = text ? json_pack("{s:s,s:s}", "type", "rewrite", "text", text) : NULL;
	free(text);
	free(sit);
	free(need);
	return out;
}

/* The draft's hash, which chooses among a template list's offers. */
static size_t draft_hash(const char *text, size_t len)
{
	size_t h = len;
	for (size_t i = 0; i < len; i++)
		h = h * 31 + (unsigned char)text[i];
	return h;
}

/* One of a template list, chosen by the draft's hash h so the same draft
 * always gets the same offer. */
static json_t *template(const char *type, size_t h, const char *feeling)
{
	const json_t *list = json_object_get(json_object_get(coach_data(), "templates"), type);
	size_t n = json_array_size(list);
	if (n == 0)
		return NULL;
	const char *kv[] = {"feeling", feeling, NULL};
	char *t = hv_template_fill(json_string_value(json_array_get(list, h % n)), kv);
	json_t *out = t ? json_pack("{s:s,s:s}", "type", type, "text", t) : NULL;
	free(t);
	return out;
}

static int has_text(const json_t *suggestions, const char *text)
{
	size_t i;
	json_t *s;
	json_array_foreach(suggestions, i, s)
	{
		if (strcmp(json_string_value(json_object_get(s, "text")), text) == 0)
			return 1;
	}
	return 0;
}

static json_t *suggest(const char *text, size_t len, const struct hv_toks *toks,
                       const json_t *findings)
{
	json_t *out = json_array();
	if (json_array_size(findings) == 0)
		return out;
	struct draft d = {text, toks, draft_feeling(toks), draft_situation(toks),
	                  draft_when(text, toks)};
	size_t i;
	json_t *f;
	json_array_foreach(findings, i, f)
	{
		json_t *r = rewrite_for(&d, f);
		if (!r)
			continue;
		if (has_text(out, json_string_value(json_object_get(r, "text")))) {
			json_decref(r);
			continue;
		}
		json_object_set_new(r, "for", json_integer((json_int_t)i));
		json_array_append_new(out, r);
	}
	const char *first_kind =
	    json_string_value(json_object_get(json_array_get(findings, 0), "kind"));
	const char *feeling = d.feeling ? d.feeling : kind_text(first_kind, "feeling");
	/* A pause and words of repair belong to a draft that could wound; for
	 * pleading or asking for reassurance they would add one more apology. */
	int harm = 0;
	json_array_foreach(findings, i, f)
	{
		harm |= json_is_true(json_object_get(
		    kind_info(json_string_value(json_object_get(f, "kind"))), "harm"));
	}
	const char *types[] = {"soft-start-up", "break-request", "repair"};
	size_t h = draft_hash(text, len); /* once, not once per template list */
	for (int k = 0; k < 3; k++) {
		if (k > 0 && !harm)
			break;
		json_t *t = template(types[k], h, feeling);
		if (t)
			json_array_append_new(out, t);
	}
	/* The `haven say` scripts that fit, each once, in the order found. */
	json_t *scripts = json_array();
	json_array_foreach(findings, i, f)
	{
		const char *sc = json_string_value(json_object_get(f, "script"));
		size_t k;
		json_t *v;
		int seen = 0;
		json_array_foreach(scripts, k, v) seen |= sc && !strcmp(json_string_value(v), sc);
		if (sc && !seen) {
			json_array_append_new(scripts, json_string(sc));
			const char *kv[] = {"script", sc, NULL};
			char *t = hv_template_fill(
			    json_string_value(json_object_get(
			        json_object_get(coach_data(), "messages"), "script_hint")),
			    kv);
			if (t)
				json_array_append_new(out,
				                      json_pack("{s:s,s:s,s:s}", "type", "script",
				                                "script", sc, "text", t));
			free(t);
		}
	}
	json_decref(scripts);
	free(d.when);
	return out;
}

/* *secure as hv_coach_settle_secure_once keeps it. */
static json_t *rule_findings(const struct hv_ruleset *rs, const char *draft, size_t len,
                             const struct hv_toks *toks, int *secure)
{
	json_t *findings = hv_ruleset_find(rs, draft, len, toks);
	hv_coach_find_shapes(draft, len, toks, findings);
	hv_coach_settle_secure_once(draft, len, toks, findings, secure);
	sort_findings(findings);
	return findings;
}

/* A short draft whose words weigh far from every protest, by the model
 * that never sees what the rules found (patterns/learnt-any.c): a word a
 * rule names, inside a message written as secure ones are, is not enough
 * to call it a protest.  A rule written from one corpus's phrasings fires
 * on calm messages that share a word; the weighed words were read out of
 * fold, so the veto holds on words nobody here wrote. */
static int plainly_secure(const struct hv_ruleset *rs, const struct hv_toks *toks)
{
	double weight;
	return hv_learnt_any("coach-weights.tsv", rs, toks, &weight) == 1 &&
	       weight < hv_learnt_veto("coach-weights.tsv");
}

json_t *hv_coach_rule_findings(const struct hv_ruleset *rs, const char *draft, size_t len,
                               const struct hv_toks *toks)
{
	int secure = -1;
	return rule_findings(rs, draft, len, toks, &secure);
}

json_t *hv_coach(const char *draft, size_t len, struct hv_error *err)
{
	if (len > HV_COACH_MAX) {
		hv_fail(err, HV_EINVAL,
		        "the draft is %zu bytes; the coach reads at most %d, so try it in parts",
		        len, HV_COACH_MAX);
		return NULL;
	}
	const struct hv_ruleset *rs = hv_ruleset_get("coach.json", err);
	if (!rs)
		return NULL;
	struct hv_toks toks;
	if (hv_tokenize(draft, len, &toks) < 0) {
		hv_fail(err, HV_ENOMEM, "out of memory reading the draft");
		return NULL;
	}
	int secure = -1; /* not yet known */
	json_t *findings = rule_findings(rs, draft, len, &toks, &secure);
	/* the weighed words hear what no rule names */
	if (hv_learnt_find("coach-weights.tsv", rs, draft, len, &toks, findings) < 0) {
		json_decref(findings);
		hv_toks_free(&toks);
		hv_fail(err, HV_ENOMEM, "out of memory reading the draft");
		return NULL;
	}
	/* the weighed words give way to a secure draft as the rules do */
	hv_coach_settle_secure_once(draft, len, &toks, findings, &secure);
	if (json_array_size(findings) > 0 && plainly_secure(rs, &toks))
		json_array_clear(findings);
	annotate(findings);
	json_t *suggestions = suggest(draft, len, &toks, findings);
	hv_toks_free(&toks);
	return json_pack("{s:b,s:o,s:o}", "protest", json_array_size(findings) > 0, "findings",
	                 findings, "suggestions", suggestions);
}
