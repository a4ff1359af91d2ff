/*
 * analyse.c — `chat wait`, `chat patterns` and the insights summary, read
 * from the stored history.  Days come back from the store oldest first and
 * each day's messages sorted by time, so whatever order the export had,
 * everything here walks the messages in time order, one day in memory at
 * a time.  The sentences are templates from data/chat.json.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chat.h"
#include "chatlog.h"
#include "core/clock.h"
#include "core/content.h"
#include "core/grow.h"
#include "core/template.h"

typedef void (*msg_fn)(const struct hv_chat_msg *m, void *ctx);

struct walk {
	msg_fn fn;
	void *ctx;
};

static int walk_day(int64_t day, int off, const uint64_t *keys, size_t n, void *ctx)
{
	struct walk *w = ctx;
	for (size_t i = 0; i < n; i++) {
		struct hv_chat_msg m;
		m.local = day * 86400 + hv_chat_key_sec(keys[i]);
		m.t = m.local - (int64_t)off * 60;
		m.role = hv_chat_key_role(keys[i]);
		m.flags = hv_chat_key_flags(keys[i]);
		m.len = hv_chat_key_len(keys[i]);
		w->fn(&m, w->ctx);
	}
	return 0;
}

/* The stored key of the contact of record r. */
static char *record_key(const struct hv_record *r)
{
	return hv_chat_key_of(json_string_value(json_object_get(r->body, "contact")));
}

static int walk_chat(struct hv_store *st, const char *key, msg_fn fn, void *ctx,
                     struct hv_error *err)
{
	struct walk w = {fn, ctx};
	return hv_chatlog_each_day(st, key, walk_day, &w, err);
}

/* ---- replies -------------------------------------------------------------- */

struct replies {
	struct hv_chat_reply_walk walk;
	struct hv_chat_reply *v;
	size_t n, cap;
	double *back;
	size_t nback, backcap;
	int oom;
};

static void collect_reply(const struct hv_chat_msg *m, void *ctx)
{
	struct replies *r = ctx;
	struct hv_chat_reply one;
	int got = r->oom ? 0 : hv_chat_reply_step(&r->walk, m, &one);
	if ((got & HV_CHAT_STEP_REPLY) && HV_GROW(r->v, r->cap, r->n + 1, 256) == 0)
		r->v[r->n++] = one;
	else if (got & HV_CHAT_STEP_REPLY)
		r->oom = 1;
	if ((got & HV_CHAT_STEP_BACK) && HV_GROW(r->back, r->backcap, r->nback + 1, 256) == 0)
		r->back[r->nback++] = one.back_minutes;
	else if (got & HV_CHAT_STEP_BACK)
		r->oom = 1;
}

int hv_chat_contact_replies(struct hv_store *st, const char *contact, struct hv_chat_reply **out,
                            size_t *n, double **back, size_t *nback, struct hv_error *err)
{
	struct hv_record rec;
	*out = NULL;
	*n = 0;
	*back = NULL;
	*nback = 0;
	if (hv_chat_find(st, contact, &rec, err) < 0)
		return -1;
	char *key = record_key(&rec);
	hv_record_release(&rec);
	struct replies r = {.walk = {.from = HV_CHAT_ME, .to = HV_CHAT_CONTACT}};
	int rc = key ? walk_chat(st, key, collect_reply, &r, err)
	             : hv_fail(err, HV_ENOMEM, "out of memory");
	free(key);
	if (rc == 0 && r.oom)
		rc = hv_fail(err, HV_ENOMEM, "out of memory while reading the chat");
	if (rc < 0) {
		free(r.v);
		free(r.back);
		return -1;
	}
	*out = r.v;
	*n = r.n;
	*back = r.back;
	*nback = r.nback;
	return 0;
}

/* ---- words ---------------------------------------------------------------- */

void hv_chat_duration(double minutes, char *buf, size_t n)
{
	long m = lround(minutes);
	if (m < 1)
		snprintf(buf, n, "less than a minute");
	else if (m < 60)
		snprintf(buf, n, "%ld minute%s", m, m == 1 ? "" : "s");
	else if (m < 48 * 60 && m % 60 && m < 6 * 60)
		snprintf(buf, n, "%ld hour%s %ld minute%s", m / 60, m / 60 == 1 ? "" : "s", m % 60,
		         m % 60 == 1 ? "" : "s");
	else if (m < 48 * 60)
		snprintf(buf, n, "%ld hour%s", (m + 30) / 60, (m + 30) / 60 == 1 ? "" : "s");
	else
		snprintf(buf, n, "%ld days", (m + 720) / 1440);
}

static json_t *sentence(const char *key, const char *const *kv)
{
	char path[64];
	snprintf(path, sizeof path, "wait/%s", key);
	char *s = hv_template_fill(hv_content_text("chat.json", path, ""), kv);
	json_t *j = json_string(s ? s : "");
	free(s);
	return j;
}

/* What the offer offers: the ids of its actions (core/action.h), in the
 * order the sentence names them; the sentence keeps a slot for each
 * ({pause}), which a front end fills as its own way to the action. */
static json_t *offered(const char *key)
{
	char path[64];
	snprintf(path, sizeof path, "wait/%s", key);
	const json_t *list = hv_json_at(hv_content_json("chat.json", NULL), path), *a;
	json_t *ids = json_array();
	size_t i;
	json_array_foreach(list, i, a) json_array_append(ids, json_object_get(a, "do"));
	return ids;
}

static json_t *minutes_json(double v)
{
	return isnan(v) ? json_null() : json_integer((json_int_t)lround(v));
}

static json_t *percent_json(double share)
{
	return isnan(share) ? json_null() : json_integer((json_int_t)lround(share * 100));
}

/*
 * Is a silence of silence minutes unusual: outlasted by fewer than
 * HV_CHAT_UNUSUAL_SHARE of the replies (past the conversation gap, of the
 * comings back), with enough of them to say?  Only about the time, never
 * the person.
 */
static int is_unusual(const struct hv_chat_wait *w, double silence, int past_gap)
{
	if (silence < 0)
		return 0;
	if (past_gap)
		return w->back_enough && !isnan(w->back_share_longer) &&
		       w->back_share_longer < HV_CHAT_UNUSUAL_SHARE;
	return w->enough && !isnan(w->share_longer) && w->share_longer < HV_CHAT_UNUSUAL_SHARE;
}

/* The numbers of a wait as words, and the slots the sentences fill. */
struct wait_words {
	char sil[64], typ[64], p25[64], p75[64], share[16], used[32], replies[32];
	char btyp[64], bp75[64], bshare[16], gap[64];
	const char *slots[25]; /* twelve names and values, and NULL */
};

static void wait_words(struct wait_words *ww, const char *name, const struct hv_chat_wait *w,
                       double silence)
{
	hv_chat_duration(silence, ww->sil, sizeof ww->sil);
	hv_chat_duration(w->median, ww->typ, sizeof ww->typ);
	hv_chat_duration(w->p25, ww->p25, sizeof ww->p25);
	hv_chat_duration(w->p75, ww->p75, sizeof ww->p75);
	hv_chat_duration(w->back_median, ww->btyp, sizeof ww->btyp);
	hv_chat_duration(w->back_p75, ww->bp75, sizeof ww->bp75);
	hv_chat_duration(HV_CHAT_CONVERSATION_GAP_H * 60.0, ww->gap, sizeof ww->gap);
	snprintf(ww->share, sizeof ww->share, "%ld",
	         isnan(w->share_longer) ? 0 : lround(w->share_longer * 100));
	snprintf(ww->bshare, sizeof ww->bshare, "%ld",
	         isnan(w->back_share_longer) ? 0 : lround(w->back_share_longer * 100));
	snprintf(ww->used, sizeof ww->used, "%zu", w->used);
	snprintf(ww->replies, sizeof ww->replies, "%zu", w->replies);
	const char *const slots[] = {
	    "name",    name,         "silence",  ww->sil, "typical",      ww->typ,  "p25",
	    ww->p25,   "p75",        ww->p75,    "share", ww->share,      "used",   ww->used,
	    "replies", ww->replies,  "gap",      ww->gap, "back_typical", ww->btyp, "back_p75",
	    ww->bp75,  "back_share", ww->bshare, NULL};
	_Static_assert(sizeof slots == sizeof ww->slots, "every slot has its place");
	memcpy(ww->slots, slots, sizeof slots);
}

/* The sentences of a wait, in the order they are read. */
static json_t *wait_sentences(const struct hv_chat_wait *w, double silence, int past_gap,
                              int unusual, const char *const *slots)
{
	json_t *lines = json_array();
	if (silence >= 0 && past_gap)
		json_array_append_new(lines,
		                      sentence(w->back_enough ? "longer_back" : "past_gap", slots));
	if (unusual && past_gap)
		json_array_append_new(lines, sentence("unusual_back", slots));
	if (!w->enough) {
		json_array_append_new(lines, sentence("too_little", slots));
	} else {
		if (silence >= 0 && !past_gap)
			json_array_append_new(lines, sentence("longer", slots));
		if (unusual && !past_gap)
			json_array_append_new(lines, sentence("unusual", slots));
		json_array_append_new(lines,
		                      sentence(silence >= 0 ? "typical" : "typical_only", slots));
		char basis[64];
		snprintf(basis, sizeof basis, "basis_%s", hv_chat_basis_name(w->basis));
		json_array_append_new(lines, sentence(basis, slots));
	}
	if (w->back_enough)
		json_array_append_new(lines, sentence("back", slots));
	if (w->enough || w->back_enough)
		json_array_append_new(lines, sentence("about_time", slots));
	return lines;
}

/* The reply times of a contact and, since since_ms (0: no silence yet),
 * how this silence compares; the contact's name into name. */
static int wait_stats(struct hv_store *st, const char *contact, int64_t since_ms, int64_t now_ms,
                      struct hv_chat_wait *w, double *silence, char *name, size_t name_n,
                      struct hv_error *err)
{
	struct hv_record rec;
	if (hv_chat_find(st, contact, &rec, err) < 0)
		return -1;
	snprintf(name, name_n, "%s", json_string_value(json_object_get(rec.body, "contact")));
	hv_record_release(&rec);
	struct hv_chat_reply *r;
	double *back;
	size_t n, nback;
	if (hv_chat_contact_replies(st, contact, &r, &n, &back, &nback, err) < 0)
		return -1;
	int64_t at = since_ms ? since_ms : now_ms;
	struct hv_civil cv;
	hv_civil_from_ms(at, hv_local_offset_min(at), &cv);
	*silence = since_ms ? (double)(now_ms - since_ms) / 60000.0 : -1;
	int rc = hv_chat_wait_stats(r, n, cv.hour, cv.wday >= 5, *silence, w);
	if (rc == 0)
		hv_chat_back_stats(back, nback, *silence, w);
	free(r);
	free(back);
	return rc < 0 ? hv_fail(err, HV_ENOMEM, "out of memory") : 0;
}

/* The numbers of coming back after a conversation has ended. */
static void wait_returns(json_t *out, const struct hv_chat_wait *w, int unusual)
{
	json_object_set_new(out, "conversation_gap_hours",
	                    json_integer(HV_CHAT_CONVERSATION_GAP_H));
	json_object_set_new(out, "returns", json_integer((json_int_t)w->backs));
	json_object_set_new(out, "return_longer_percent", percent_json(w->back_share_longer));
	json_object_set_new(out, "return_typical_minutes", minutes_json(w->back_median));
	json_object_set_new(out, "return_p25_minutes", minutes_json(w->back_p25));
	json_object_set_new(out, "return_p75_minutes", minutes_json(w->back_p75));
	json_object_set_new(out, "unusual", json_boolean(unusual));
}

json_t *hv_chat_wait(struct hv_store *st, const char *contact, int64_t since_ms, int64_t now_ms,
                     struct hv_error *err)
{
	char name[300];
	struct hv_chat_wait w;
	double silence;
	if (wait_stats(st, contact, since_ms, now_ms, &w, &silence, name, sizeof name, err) < 0)
		return NULL;
	/* A silence as long as the gap that ends a conversation is no longer
	 * a wait for a reply: replies inside conversations are all shorter by
	 * definition, so it is compared with coming back instead. */
	int past_gap = silence >= HV_CHAT_CONVERSATION_GAP_H * 60.0;
	struct wait_words ww;
	wait_words(&ww, name, &w, silence);
	int unusual = is_unusual(&w, silence, past_gap);
	json_t *lines = wait_sentences(&w, silence, past_gap, unusual, ww.slots);
	/* An unusual silence is where a reply gets drafted in a hurry: the
	 * coach joins the offer (data/chat.json). */
	json_t *offer = offered(unusual ? "offer_unusual_do" : "offer_do");
	json_t *out = json_pack(
	    "{s:s,s:o,s:I,s:I,s:s,s:b,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "contact", name,
	    "silence_minutes", minutes_json(silence >= 0 ? silence : NAN), "replies",
	    (json_int_t)w.replies, "used", (json_int_t)w.used, "basis", hv_chat_basis_name(w.basis),
	    "enough", w.enough, "longer_percent", percent_json(w.share_longer), "typical_minutes",
	    minutes_json(w.median), "p25_minutes", minutes_json(w.p25), "p75_minutes",
	    minutes_json(w.p75), "sentences", lines, "offer",
	    sentence(unusual ? "offer_unusual" : "offer", ww.slots), "do", offer);
	if (out)
		wait_returns(out, &w, unusual);
	return out;
}

/* ---- patterns ------------------------------------------------------------ */

static void pattern_msg(const struct hv_chat_msg *m, void *ctx)
{
	hv_chat_pattern_step(ctx, m);
}

struct chats_ctx {
	struct hv_store *st;
	struct hv_chat_pattern_walk *w;
	struct hv_error *err;
	int failed;
	int64_t contacts;
};

static int pattern_chat(const struct hv_record *r, void *ctx)
{
	struct chats_ctx *c = ctx;
	char *key = record_key(r);
	if (!key || walk_chat(c->st, key, pattern_msg, c->w, c->err) < 0) {
		if (!key)
			hv_fail(c->err, HV_ENOMEM, "out of memory");
		c->failed = 1;
	}
	hv_chat_pattern_end(c->w);
	c->contacts++;
	free(key);
	return c->failed;
}

json_t *hv_chat_patterns(struct hv_store *st, const char *contact, struct hv_error *err)
{
	struct hv_chat_pattern_walk w;
	hv_chat_pattern_init(&w);
	struct chats_ctx c = {.st = st, .w = &w, .err = err};
	json_t *who = json_null();
	if (contact) {
		struct hv_record rec;
		if (hv_chat_find(st, contact, &rec, err) < 0)
			return NULL;
		who = json_deep_copy(json_object_get(rec.body, "contact"));
		pattern_chat(&rec, &c);
		hv_record_release(&rec);
	} else {
		struct hv_query q = {.kind = HV_CHAT_KIND};
		if (hv_store_each(st, &q, pattern_chat, &c, err) < 0)
			c.failed = 1;
	}
	json_t *out = NULL;
	if (c.failed) {
		json_decref(who);
	} else if (w.oom) {
		json_decref(who);
		hv_fail(err, HV_ENOMEM, "out of memory while reading the chats");
	} else {
		out = json_pack("{s:o,s:I,s:o,s:s}", "contact", who, "contacts",
		                (json_int_t)c.contacts, "months", hv_chat_pattern_months(&w),
		                "note", hv_content_text("chat.json", "patterns/note", ""));
	}
	hv_chat_pattern_free(&w);
	return out;
}

json_t *hv_chat_insights(struct hv_store *st, struct hv_error *err)
{
	int64_t n = 0;
	if (hv_store_count(st, HV_CHAT_KIND, &n, err) < 0)
		return NULL;
	if (n == 0)
		return json_null();
	return hv_chat_patterns(st, NULL, err);
}
