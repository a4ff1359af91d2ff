/*
 * import.c — from a parsed export to the store, all or nothing.
 *
 * The parsers stream messages here.  Each one is cut down at once to what
 * haven keeps (second of the day, sender, flags, length; the words only
 * with --keep-text), packed into one 64-bit tuple and staged on disk (see
 * chatlog.h: a temporary file of tuples, indexed by runs of one written
 * date), so the text never piles up in memory.  Only when the whole file has
 * been read are the two questions answered that need all of it:
 *
 *   - the date order: "03/04/24" is March or April depending on the phone,
 *     and only the whole file tells (a field above 12 rules an order out;
 *     otherwise the order under which the dates run forward wins);
 *   - who is who: which sender is the person, which the contact.
 *
 * Then the stage is read back grouped by date and merged into the store day
 * by day.  A message's identity is its day, second, sender role, flags and
 * length plus its ordinal among messages with all of those equal, so
 * importing a longer export that overlaps an earlier one adds exactly the
 * messages that are new (per identity, the larger count wins).
 *
 * One pass over the file serves every input alike (a file, a pipe, a zip
 * member): reading the eight-byte tuples back from the stage costs far less
 * than parsing the text a second time would.  A large WhatsApp file on a
 * machine with two cores is read in two parts at once, cut where a message
 * starts; each part has its own collector and lane of the stage, and the
 * second is joined to the first afterwards exactly as if one reader had
 * gone on (tests/unit/test_chat.c cuts a file at every line to show it).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chat.h"
#include "chatlog.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/content.h"
#include "core/nearsort.h"
#include "core/record.h"
#include "core/template.h"

/* ---- dates ----------------------------------------------------------------- */

int hv_chat_order_parse(const char *s)
{
	return strcmp(s, "dmy") == 0   ? HV_ORDER_DMY
	       : strcmp(s, "mdy") == 0 ? HV_ORDER_MDY
	       : strcmp(s, "ymd") == 0 ? HV_ORDER_YMD
	                               : -1;
}

const char *hv_chat_order_name(int order)
{
	return order == HV_ORDER_MDY ? "mdy" : order == HV_ORDER_YMD ? "ymd" : "dmy";
}

int hv_chat_date(int order, int a, int b, int c, int da, int *y, int *m, int *d)
{
	switch (order) {
	case HV_ORDER_DMY: *d = a, *m = b, *y = c; break;
	case HV_ORDER_MDY: *m = a, *d = b, *y = c; break;
	case HV_ORDER_YMD: *y = a, *m = b, *d = c; break;
	default: return -1;
	}
	if ((order == HV_ORDER_YMD) != (da == 4))
		return -1;
	if (*y < 1970 || *y > 2200 || *m < 1 || *m > 12 || *d < 1 || *d > hv_days_in_month(*y, *m))
		return -1;
	return 0;
}

void hv_chat_order_see(struct hv_chat_order_tally *t, int a, int b, int c, int da)
{
	t->dates++;
	for (int k = HV_ORDER_DMY; k <= HV_ORDER_YMD; k++) {
		int y, m, d;
		if (hv_chat_date(k, a, b, c, da, &y, &m, &d) < 0) {
			t->invalid[k]++;
			continue;
		}
		int64_t day = hv_days_from_civil(y, m, d);
		if (!t->have_prev[k])
			t->first_day[k] = day;
		if (t->have_prev[k] && day < t->prev_day[k])
			t->backwards[k]++;
		t->prev_day[k] = day;
		t->have_prev[k] = 1;
	}
}

void hv_chat_order_join(struct hv_chat_order_tally *t, const struct hv_chat_order_tally *u)
{
	t->dates += u->dates;
	for (int k = HV_ORDER_DMY; k <= HV_ORDER_YMD; k++) {
		t->invalid[k] += u->invalid[k];
		t->backwards[k] += u->backwards[k];
		if (!u->have_prev[k])
			continue;
		if (t->have_prev[k] && u->first_day[k] < t->prev_day[k])
			t->backwards[k]++;
		if (!t->have_prev[k])
			t->first_day[k] = u->first_day[k];
		t->prev_day[k] = u->prev_day[k];
		t->have_prev[k] = 1;
	}
}

int hv_chat_order_decide(const struct hv_chat_order_tally *t)
{
	int best = HV_ORDER_DMY;
	for (int k = HV_ORDER_MDY; k <= HV_ORDER_YMD; k++)
		if (t->invalid[k] < t->invalid[best] ||
		    (t->invalid[k] == t->invalid[best] && t->backwards[k] < t->backwards[best]))
			best = k;
	return best;
}

/* ---- the collector --------------------------------------------------------- */

struct sender {
	char *name, *id, *key;
	size_t name_len;
	int role;
};

struct chat {
	char *name, *me_id;
	struct sender *s;
	size_t ns, cap;
	size_t last; /* index of the last sender seen: most lines repeat it */
	int64_t messages, added, kept_out;
	int skip; /* not imported (a group in a full Telegram export, …) */
	char *key, *contact, *me;
	/* the days stored before this import: others need no look-up */
	int64_t old_n, old_first, old_last;
	/* read in two parts: the second part's senders as indexes of s */
	uint32_t *remap;
	size_t nremap;
	int overflow;   /* more senders came than s may hold */
	int one_writer; /* only one person wrote: no replies to learn from */
};

/*
 * What is staged per message: 64 bits, never the words — length | flags <<
 * 32 | second of the day << 34 | sender << 51 | lane << 61, where sender
 * indexes the senders of the lane that read it (see join_lane).
 */
_Static_assert(HV_CHAT_SENDERS_MAX < 1024, "a sender index must fit in 10 bits");
static inline uint64_t tuple_pack(int sec, int flags, uint32_t sender, uint32_t len, int lane)
{
	return (uint64_t)len | (uint64_t)(flags & 3) << 32 | (uint64_t)(sec & 0x1ffff) << 34 |
	       (uint64_t)(sender & 0x3ff) << 51 | (uint64_t)(lane & 1) << 61;
}
#define TUPLE_LEN(t)    ((uint32_t)(t))
#define TUPLE_FLAGS(t)  ((int)((t) >> 32 & 3))
#define TUPLE_SEC(t)    ((int)((t) >> 34 & 0x1ffff))
#define TUPLE_SENDER(t) ((uint32_t)((t) >> 51 & 0x3ff))
#define TUPLE_LANE(t)   ((int)((t) >> 61 & 1))

struct collector {
	struct hv_store *st;
	struct hv_chatlog_stage *sg;
	const struct hv_chat_import_opts *o;
	const char *source, *file;
	struct chat *chats;
	size_t nchats, cap;
	int cur;
	struct hv_chat_order_tally tally;
	int seen_any, sa, sb, sc, sda; /* the last date shown to the tally */
	int fa, fb, fc, fda;           /* and the first */
	int lane;                      /* the stage's lane this collector fills */
	atomic_int *stop;              /* set when the other part's reader failed */
	int64_t *skipped;
	size_t nskipped;
	int64_t skipped_total, messages;
	int order;
	/* scratch for merging one day, reused from day to day */
	uint64_t *keys, *merged;
	size_t keys_cap, merged_cap;
	struct hv_error *err;
};

static void note_skip(void *ctx, int64_t line)
{
	struct collector *c = ctx;
	c->skipped_total++;
	if (c->nskipped < HV_CHAT_SKIPPED_MAX)
		c->skipped[c->nskipped++] = line;
}

static int on_chat(void *ctx, const char *name, const char *me_id, struct hv_error *err)
{
	struct collector *c = ctx;
	if (c->nchats == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 4;
		struct chat *ch = realloc(c->chats, cap * sizeof *ch);
		if (!ch)
			return hv_fail(err, HV_ENOMEM, "out of memory");
		c->chats = ch;
		c->cap = cap;
	}
	struct chat *ch = &c->chats[c->nchats];
	memset(ch, 0, sizeof *ch);
	if ((name && !(ch->name = strdup(name))) || (me_id && !(ch->me_id = strdup(me_id))))
		return hv_fail(err, HV_ENOMEM, "out of memory");
	c->cur = (int)c->nchats++;
	return 0;
}

/* Room for one more sender at ch->s[ch->ns], cleared; NULL when out of memory. */
static struct sender *new_sender(struct chat *ch, struct hv_error *err)
{
	if (ch->ns == ch->cap) {
		size_t cap = ch->cap ? ch->cap * 2 : 4;
		struct sender *s = realloc(ch->s, cap * sizeof *s);
		if (!s) {
			hv_fail(err, HV_ENOMEM, "out of memory");
			return NULL;
		}
		ch->s = s;
		ch->cap = cap;
	}
	return memset(&ch->s[ch->ns], 0, sizeof *ch->s);
}

/* The index of m's sender in the current chat, adding it if new. */
static int intern(struct collector *c, const struct hv_chat_in *m, uint32_t *out,
                  struct hv_error *err)
{
	struct chat *ch = &c->chats[c->cur];
	for (size_t k = 0; k < ch->ns; k++) {
		size_t i = ch->last + k < ch->ns ? ch->last + k : ch->last + k - ch->ns;
		struct sender *s = &ch->s[i];
		int same = m->sender_id && s->id
		               ? strcmp(m->sender_id, s->id) == 0
		               : !s->id && s->name_len == m->sender_len &&
		                     memcmp(s->name, m->sender, m->sender_len) == 0;
		if (same) {
			ch->last = i;
			*out = (uint32_t)i;
			return 0;
		}
	}
	if (ch->ns >= HV_CHAT_SENDERS_MAX) {
		*out = HV_CHAT_SENDERS_MAX; /* one of very many: "someone else" */
		ch->overflow = 1;
		return 0;
	}
	struct sender *s = new_sender(ch, err);
	if (!s)
		return -1;
	/* All its bytes, a NUL among them too, so that the comparison above
	 * (and find_sender's) finds it again. */
	if ((s->name = malloc(m->sender_len + 1))) {
		memcpy(s->name, m->sender, m->sender_len);
		s->name[m->sender_len] = '\0';
		s->name_len = m->sender_len;
	}
	s->id = m->sender_id ? strdup(m->sender_id) : NULL;
	if (!s->name || (m->sender_id && !s->id)) {
		free(s->name);
		free(s->id);
		return hv_fail(err, HV_ENOMEM, "out of memory");
	}
	ch->last = ch->ns;
	*out = (uint32_t)ch->ns++;
	return 0;
}

static int64_t max_messages(const struct hv_chat_import_opts *o)
{
	return o->max_messages > 0 ? o->max_messages : HV_CHAT_MESSAGES_MAX;
}

static int too_many(const struct collector *c, struct hv_error *err)
{
	return hv_fail(err, HV_EDATA,
	               "%s holds more than %lld messages, the most haven imports from one chat "
	               "export (its message limit); nothing was imported. Export a single chat, "
	               "or a shorter stretch of it",
	               c->file, (long long)max_messages(c->o));
}

static int on_message(void *ctx, const struct hv_chat_in *m, struct hv_error *err)
{
	struct collector *c = ctx;
	if (c->stop && atomic_load_explicit(c->stop, memory_order_relaxed))
		return hv_fail(err, HV_EIO, "stopped: reading the other part of the file failed");
	if (!c->seen_any)
		c->fa = m->a, c->fb = m->b, c->fc = m->c, c->fda = m->da;
	/* Most messages share the date of the one before: seen once is enough. */
	if (!c->seen_any || m->a != c->sa || m->b != c->sb || m->c != c->sc || m->da != c->sda) {
		hv_chat_order_see(&c->tally, m->a, m->b, m->c, m->da);
		c->seen_any = 1, c->sa = m->a, c->sb = m->b, c->sc = m->c, c->sda = m->da;
	}
	if (!m->sender || (m->flags & HV_CHAT_SYSTEM))
		return 0;
	if (c->messages >= max_messages(c->o))
		return too_many(c, err);
	uint32_t sender = 0;
	if (intern(c, m, &sender, err) < 0 ||
	    hv_chatlog_stage_add(c->sg, c->lane, c->cur, m->a, m->b, m->c,
	                         tuple_pack(m->sec, m->flags, sender, m->len, c->lane), m->line,
	                         err) < 0)
		return -1;
	c->chats[c->cur].messages++;
	c->messages++;
	if (c->o->keep_text && m->text && !(m->flags & (HV_CHAT_MEDIA | HV_CHAT_DELETED)) &&
	    hv_chatlog_stage_text(c->sg, m->line, m->text, m->text_len, err) < 0)
		return -1;
	return 0;
}

/* ---- who is who -------------------------------------------------------------- */

static int same_person(const struct sender *x, const struct sender *y)
{
	if (x->id && y->id)
		return strcmp(x->id, y->id) == 0;
	return x->key && y->key && strcmp(x->key, y->key) == 0;
}

/* The first sender whose name folds to the same as name's, or -1. */
static int find_named(const struct chat *ch, const char *name)
{
	char *k = name ? hv_chat_key_of(name) : NULL;
	int found = -1;
	for (size_t i = 0; k && i < ch->ns && found < 0; i++)
		if (ch->s[i].key && strcmp(ch->s[i].key, k) == 0)
			found = (int)i;
	free(k);
	return found;
}

/* "Alex, Sam and 3 more" for messages. */
static void sender_names(const struct chat *ch, char *buf, size_t n)
{
	size_t len = 0, shown = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < ch->ns; i++) {
		int dup = 0;
		for (size_t j = 0; j < i && !dup; j++)
			dup = same_person(&ch->s[i], &ch->s[j]);
		if (dup)
			continue;
		if (shown == 6) {
			snprintf(buf + len, n - len, ", …");
			return;
		}
		int k = snprintf(buf + len, n - len, "%s%s", shown ? ", " : "", ch->s[i].name);
		if (k < 0 || (size_t)k >= n - len)
			return;
		len += (size_t)k;
		shown++;
	}
}

static size_t people(const struct chat *ch)
{
	size_t n = 0;
	for (size_t i = 0; i < ch->ns; i++) {
		int dup = 0;
		for (size_t j = 0; j < i && !dup; j++)
			dup = same_person(&ch->s[i], &ch->s[j]);
		n += !dup;
	}
	return n;
}

/* "Sam" from "WhatsApp Chat with Sam.txt" and its translations, or NULL. */
static char *contact_from_file(const char *path)
{
	if (!path)
		return NULL;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const json_t *pre = json_object_get(hv_content_json("chat.json", NULL), "file_prefixes");
	size_t i;
	json_t *v;
	json_array_foreach(pre, i, v)
	{
		const char *p = json_string_value(v);
		size_t n = p ? strlen(p) : 0;
		if (!n || strncmp(base, p, n) != 0)
			continue;
		const char *name = base + n;
		const char *dot = strrchr(name, '.');
		size_t len = dot && (strcmp(dot, ".txt") == 0 || strcmp(dot, ".zip") == 0)
		                 ? (size_t)(dot - name)
		                 : strlen(name);
		return len ? strndup(name, len) : NULL;
	}
	return NULL;
}

/* The remembered "me" of earlier imports, for when --me is not given. */
struct me_ctx {
	struct chat *ch;
	int found;
};

static int match_me(const struct hv_record *r, void *ctx)
{
	struct me_ctx *m = ctx;
	int i = find_named(m->ch, json_string_value(json_object_get(r->body, "me")));
	if (i >= 0)
		m->found = i;
	return i >= 0;
}

static int resolve(struct collector *c, struct chat *ch, struct hv_error *err)
{
	for (size_t i = 0; i < ch->ns; i++)
		if (!(ch->s[i].key = hv_chat_key_of(ch->s[i].name)))
			return hv_fail(err, HV_EDATA, "a sender's name in %s is not valid text",
			               c->file);
	char names[512];
	sender_names(ch, names, sizeof names);
	char *from_file = ch->name ? NULL : contact_from_file(c->file);
	const char *hint = c->o->contact ? c->o->contact : ch->name ? ch->name : from_file;
	int me = -1, contact = -1, rc = -1;
	size_t n = people(ch);
	/* One writer (a chat nobody answered, a group where one person wrote):
	 * it imports, with whoever is not in it named from outside, and the
	 * summary says there is nobody's reply to learn from. */
	ch->one_writer = n == 1;
	if (c->o->me) {
		if ((me = find_named(ch, c->o->me)) < 0 && !ch->me_id && n != 1) {
			hv_fail(err, HV_EINVAL,
			        "--me \"%s\" wrote nothing in %s; the senders there are: %s. Give "
			        "your name as it appears in the chat",
			        c->o->me, c->file, names);
			goto out;
		}
	}
	if (me < 0 && ch->me_id)
		for (size_t i = 0; i < ch->ns && me < 0; i++)
			if (ch->s[i].id && strcmp(ch->s[i].id, ch->me_id) == 0)
				me = (int)i;
	if (me < 0 && !c->o->me && !ch->me_id) {
		struct me_ctx m = {ch, -1};
		struct hv_query q = {.kind = HV_CHAT_KIND};
		if (hv_store_each(c->st, &q, match_me, &m, err) < 0)
			goto out;
		me = m.found;
	}
	if (c->o->contact) {
		if ((contact = find_named(ch, c->o->contact)) < 0 && n != 1) {
			hv_fail(err, HV_EINVAL,
			        "--contact \"%s\" wrote nothing in %s; the senders there are: %s",
			        c->o->contact, c->file, names);
			goto out;
		}
	} else if (hint) {
		contact = find_named(ch, hint);
	}
	if (me < 0 && contact >= 0 && n == 2)
		for (size_t i = 0; i < ch->ns && me < 0; i++)
			if (!same_person(&ch->s[i], &ch->s[contact]))
				me = (int)i;
	if (n == 1 && me < 0 && contact < 0) {
		/* The one writer is the contact, unless --contact names someone
		 * else and --me does not: then it is you. */
		if (c->o->contact && !c->o->me)
			me = 0;
		else if (!c->o->contact)
			contact = 0;
	}
	if (me < 0 && !ch->me_id && !(n == 1 && contact >= 0) && !(n == 1 && c->o->me)) {
		hv_fail(err, HV_EINVAL,
		        "cannot tell which sender in %s is you (%s). Say which with --me NAME",
		        c->file, names);
		goto out;
	}
	if (contact < 0 && !(n == 1 && c->o->contact))
		for (size_t i = 0; i < ch->ns; i++) {
			if (me >= 0 && same_person(&ch->s[i], &ch->s[me]))
				continue;
			if (contact >= 0 && !same_person(&ch->s[i], &ch->s[contact])) {
				hv_fail(err, HV_EINVAL,
				        "%s is a group chat (%s): say whose replies haven should "
				        "learn with --contact NAME",
				        c->file, names);
				goto out;
			}
			if (contact < 0)
				contact = (int)i;
		}
	const char *cname = contact >= 0    ? ch->s[contact].name
	                    : c->o->contact ? c->o->contact
	                                    : hint;
	if (!cname) {
		hv_fail(err, HV_EINVAL,
		        "only you wrote in %s, so haven cannot tell who the chat is with. Say "
		        "who with --contact NAME",
		        c->file);
		goto out;
	}
	if (me >= 0 && contact >= 0 && same_person(&ch->s[me], &ch->s[contact])) {
		hv_fail(err, HV_EINVAL, "--me and --contact name the same sender (%s)", cname);
		goto out;
	}
	if (!(ch->contact = strdup(cname)) || !(ch->key = hv_chat_key_of(cname)) ||
	    (me >= 0 && !(ch->me = strdup(ch->s[me].name))) ||
	    (me < 0 && c->o->me && !(ch->me = strdup(c->o->me)))) {
		hv_fail(err, HV_ENOMEM, "out of memory");
		goto out;
	}
	if (!*ch->key) {
		hv_fail(err, HV_EINVAL,
		        "the contact's name is empty: give one with --contact NAME");
		goto out;
	}
	for (size_t i = 0; i < ch->ns; i++)
		ch->s[i].role = me >= 0 && same_person(&ch->s[i], &ch->s[me]) ? HV_CHAT_ME
		                : contact >= 0 && same_person(&ch->s[i], &ch->s[contact])
		                    ? HV_CHAT_CONTACT
		                    : HV_CHAT_OTHER;
	rc = 0;
out:
	free(from_file);
	return rc;
}

/* ---- merging into the store ------------------------------------------------ */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

struct item {
	uint64_t key;
	int64_t line;
};

static int by_key_then_line(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return (x->line > y->line) - (x->line < y->line);
}

/* The key of a staged tuple, its sender now known as a role. */
static uint64_t key_of(const struct chat *ch, uint64_t t)
{
	uint32_t s = TUPLE_SENDER(t);
	if (TUPLE_LANE(t))
		s = s < ch->nremap ? ch->remap[s] : HV_CHAT_SENDERS_MAX;
	int role = s < ch->ns ? ch->s[s].role : HV_CHAT_OTHER;
	return hv_chat_key(TUPLE_SEC(t), role, TUPLE_FLAGS(t), TUPLE_LEN(t));
}

/* With --keep-text: the day's keys sorted with their lines, and the words kept. */
static int keys_with_words(struct collector *c, struct chat *ch, int64_t day,
                           const struct hv_chatlog_group *g, struct hv_error *err)
{
	const int64_t *lines;
	if (hv_chatlog_stage_lines(c->sg, &lines, err) < 0)
		return -1;
	struct item *it = malloc(g->n * sizeof *it);
	if (!it)
		return hv_fail(err, HV_ENOMEM, "out of memory");
	for (size_t i = 0; i < g->n; i++)
		it[i] = (struct item){key_of(ch, g->tuples[i]), lines[i]};
	qsort(it, g->n, sizeof *it, by_key_then_line);
	int rc = 0;
	for (size_t i = 0, ord = 0; i < g->n && rc == 0; i++) {
		ord = i > 0 && it[i].key == it[i - 1].key ? ord + 1 : 0;
		c->keys[i] = it[i].key;
		size_t len;
		const char *t = hv_chatlog_stage_get_text(c->sg, it[i].line, &len);
		if (t)
			rc = hv_chatlog_text_put(c->st, ch->key, day, it[i].key, (int)ord, t, len,
			                         err);
	}
	free(it);
	return rc;
}

/* buf with room for want values (capacity *cap); NULL when out of memory. */
static uint64_t *room(uint64_t **buf, size_t *cap, size_t want)
{
	if (want > *cap || !*buf) {
		size_t n = *cap ? *cap : 1024;
		while (n < want)
			n *= 2;
		uint64_t *p = realloc(*buf, n * sizeof *p);
		if (!p)
			return NULL;
		*buf = p;
		*cap = n;
	}
	return *buf;
}

/*
 * Which days each chat had before this import: a day outside that range is
 * new and needs no look-up (most of a first import).  Two chats of one
 * export stored under the same name write each other's days, so for them
 * every day is looked up.
 */
static int stored_days(struct collector *c, struct hv_error *err)
{
	for (size_t i = 0; i < c->nchats; i++) {
		struct chat *ch = &c->chats[i];
		if (ch->skip)
			continue;
		if (hv_chatlog_count(c->st, ch->key, &ch->old_n, &ch->old_first, &ch->old_last,
		                     err) < 0)
			return -1;
		for (size_t j = 0; j < c->nchats; j++)
			if (j != i && !c->chats[j].skip && strcmp(c->chats[j].key, ch->key) == 0)
				ch->old_n = 1, ch->old_first = INT64_MIN, ch->old_last = INT64_MAX;
	}
	return 0;
}

/* Merge one written date's messages of one chat into its stored day. */
static int merge_group(const struct hv_chatlog_group *g, void *ctx)
{
	struct collector *c = ctx;
	struct hv_error *err = c->err;
	struct chat *ch = &c->chats[g->chat];
	if (ch->skip || g->n == 0)
		return 0;
	int y, m, d;
	int da = g->a >= 1000 ? 4 : 2; /* a four-digit first field is a year */
	if (hv_chat_date(c->order, g->a, g->b, g->c, da, &y, &m, &d) < 0) {
		/* Not a date in the order chosen: every message of it is reported. */
		const int64_t *lines = NULL;
		if (c->nskipped < HV_CHAT_SKIPPED_MAX &&
		    hv_chatlog_stage_lines(c->sg, &lines, err) < 0)
			return -1;
		for (size_t i = 0; i < g->n; i++)
			note_skip(c, c->nskipped < HV_CHAT_SKIPPED_MAX ? lines[i] : 0);
		ch->kept_out += (int64_t)g->n;
		return 0;
	}
	int64_t day = hv_days_from_civil(y, m, d);
	if (!room(&c->keys, &c->keys_cap, g->n))
		return hv_fail(err, HV_ENOMEM, "out of memory");
	if (c->o->keep_text) {
		if (keys_with_words(c, ch, day, g, err) < 0)
			return -1;
	} else {
		for (size_t i = 0; i < g->n; i++)
			c->keys[i] = key_of(ch, g->tuples[i]);
		hv_sort_nearly(c->keys, g->n, sizeof *c->keys,
		               cmp_u64); /* a day comes nearly in order */
	}
	uint64_t *old = NULL;
	size_t nold = 0, nm = 0;
	int rc = -1;
	if (ch->old_n > 0 && day >= ch->old_first && day <= ch->old_last &&
	    hv_chatlog_stage_day_get(c->sg, ch->key, day, &old, &nold, err) < 0)
		goto out;
	if (!room(&c->merged, &c->merged_cap, g->n + nold)) {
		hv_fail(err, HV_ENOMEM, "out of memory");
		goto out;
	}
	/* Per identity the larger count wins: what is new is the excess. */
	const uint64_t *k = c->keys;
	uint64_t *merged = c->merged;
	size_t i = 0, j = 0;
	int64_t added = 0;
	while (i < g->n || j < nold) {
		uint64_t key = i < g->n && (j >= nold || k[i] <= old[j]) ? k[i] : old[j];
		size_t cn = 0, co = 0;
		while (i < g->n && k[i] == key)
			i++, cn++;
		while (j < nold && old[j] == key)
			j++, co++;
		size_t keep = cn > co ? cn : co;
		added += cn > co ? (int64_t)(cn - co) : 0;
		for (size_t r = 0; r < keep; r++)
			merged[nm++] = key;
	}
	if (added > 0) {
		int off = hv_local_offset_min(day * 86400000 + 12 * 3600000);
		if (hv_chatlog_stage_day_put(c->sg, ch->key, day, off, merged, nm, err) < 0)
			goto out;
	}
	ch->added += added;
	rc = 0;
out:
	free(old);
	return rc;
}

/* ---- records ---------------------------------------------------------------- */

static void day_text(int64_t day, char out[16])
{
	struct hv_civil cv;
	hv_civil_from_ms(day * 86400000, 0, &cv);
	snprintf(out, 16, "%04d-%02d-%02d", cv.year, cv.month, cv.day);
}

static int save_record(struct collector *c, struct chat *ch, struct hv_error *err)
{
	struct hv_record r;
	int exists = hv_chat_find(c->st, ch->contact, &r, err) == 0;
	if (!exists && err->code != HV_ENOTFOUND)
		return -1;
	if (!exists && hv_record_new(&r, HV_CHAT_KIND, err) < 0)
		return -1;
	int64_t total, first, last;
	int rc = -1;
	if (hv_chatlog_count(c->st, ch->key, &total, &first, &last, err) < 0)
		goto out;
	json_t *b = r.body;
	json_object_set_new(b, "contact", json_string(ch->contact));
	json_object_set_new(b, "source", json_string(c->source));
	if (ch->me)
		json_object_set_new(b, "me", json_string(ch->me));
	json_object_set_new(b, "messages", json_integer(total));
	if (total > 0) {
		char f[16], l[16];
		day_text(first, f);
		day_text(last, l);
		json_object_set_new(b, "first", json_string(f));
		json_object_set_new(b, "last", json_string(l));
	}
	json_object_set_new(b, "imports",
	                    json_integer(json_integer_value(json_object_get(b, "imports")) + 1));
	json_object_set_new(
	    b, "text_kept",
	    json_boolean(c->o->keep_text || json_is_true(json_object_get(b, "text_kept"))));
	if (hv_chat_validate(b, err) < 0)
		goto out;
	rc = exists ? hv_store_update(c->st, &r, err) : hv_store_insert(c->st, &r, err);
out:
	hv_record_release(&r);
	return rc;
}

/* ---- the whole import ------------------------------------------------------- */

/* Serve the bytes already peeked at, then the rest of the input. */
struct peeked {
	struct hv_chat_input *in;
	char buf[4096];
	size_t n, pos;
};

static ssize_t peeked_read(void *ctx, void *buf, size_t n, struct hv_error *err)
{
	struct peeked *p = ctx;
	if (p->pos < p->n) {
		size_t k = p->n - p->pos < n ? p->n - p->pos : n;
		memcpy(buf, p->buf + p->pos, k);
		p->pos += k;
		return (ssize_t)k;
	}
	return p->in->read(p->in->ctx, buf, n, err);
}

/* Telegram's and Meta's exports are JSON: after a BOM and white space, "{". */
static int looks_like_json(const char *s, size_t n)
{
	size_t i = n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	while (i < n && strchr(" \t\r\n", s[i]))
		i++;
	return i < n && s[i] == '{';
}

static void free_chats(struct collector *c)
{
	for (size_t i = 0; i < c->nchats; i++) {
		struct chat *ch = &c->chats[i];
		for (size_t k = 0; k < ch->ns; k++) {
			free(ch->s[k].name);
			free(ch->s[k].id);
			free(ch->s[k].key);
		}
		free(ch->s);
		free(ch->remap);
		free(ch->name);
		free(ch->me_id);
		free(ch->key);
		free(ch->contact);
		free(ch->me);
	}
	free(c->chats);
	c->chats = NULL;
	c->nchats = c->cap = 0;
}

static void free_collector(struct collector *c)
{
	free_chats(c);
	free(c->keys);
	free(c->merged);
	free(c->skipped);
}

static int not_a_chat(struct collector *c, struct hv_error *err)
{
	return hv_fail(
	    err, HV_EDATA,
	    "%s does not look like a chat export: %s. Export the chat from WhatsApp "
	    "(⋮ → More → Export chat, without media), Telegram Desktop (Export chat "
	    "history, JSON), or Facebook or Instagram (Download your information, "
	    "JSON: the chat's message_1.json) and import that file; nothing was imported",
	    c->file,
	    c->messages == 0 ? "no messages were found in it"
	                     : "most of its lines are not messages");
}

static json_t *summary(struct collector *c)
{
	json_t *contacts = json_array(), *skipped = json_array(), *notes = json_array();
	int64_t n = 0;
	for (size_t i = 0; i < c->nchats; i++) {
		struct chat *ch = &c->chats[i];
		if (ch->skip || !ch->contact)
			continue;
		n += ch->messages - ch->kept_out;
		json_array_append_new(contacts, json_string(ch->contact));
		if (ch->one_writer && ch->ns) {
			const char *const kv[] = {"name", ch->s[0].name, "file", c->file, NULL};
			char *t = hv_template_fill(
			    hv_content_text("chat.json", "import/one_writer", ""), kv);
			json_array_append_new(notes, json_string(t ? t : ""));
			free(t);
		}
	}
	/* Line numbers in order (the ones found late were noted last). */
	for (size_t i = 1; i < c->nskipped; i++)
		for (size_t j = i; j > 0 && c->skipped[j - 1] > c->skipped[j]; j--) {
			int64_t t = c->skipped[j];
			c->skipped[j] = c->skipped[j - 1];
			c->skipped[j - 1] = t;
		}
	for (size_t i = 0; i < c->nskipped; i++)
		json_array_append_new(skipped, json_integer(c->skipped[i]));
	json_t *out = json_pack("{s:I,s:o,s:o}", "messages", (json_int_t)n, "contacts", contacts,
	                        "skipped_lines", skipped);
	/* "notes" only when there is something to say: the summary of an
	 * ordinary chat stays as it was. */
	if (out && json_array_size(notes))
		json_object_set_new(out, "notes", notes);
	else
		json_decref(notes);
	return out;
}

/* In a full Telegram export only personal chats are read, or the one asked for. */
static void choose_chats(struct collector *c)
{
	if (c->nchats <= 1)
		return;
	for (size_t i = 0; i < c->nchats; i++) {
		struct chat *ch = &c->chats[i];
		if (ch->messages == 0 || people(ch) > 2)
			ch->skip = 1;
		if (c->o->contact && find_named(ch, c->o->contact) < 0)
			ch->skip = 1;
	}
}

/* ---- reading a large file in two parts at once ----------------------------- */

/* Smaller files are read in one pass: a second thread is not worth it. */
#define SPLIT_MIN ((int64_t)8 << 20)

static int lanes_for(const struct hv_chat_input *in, const struct hv_chat_import_opts *o,
                     int not_whatsapp)
{
	if (not_whatsapp || o->keep_text || !in->has_fd || o->lanes == 1 || in->size < 2)
		return 1;
	if (o->lanes >= 2)
		return 2;
	return in->size >= SPLIT_MIN && sysconf(_SC_NPROCESSORS_ONLN) >= 2 ? 2 : 1;
}

/* One part of the file and the reader of it. */
struct part {
	struct collector *c;
	struct hv_chat_input in;
	struct hv_chat_range range;
	struct hv_chat_sink sink;
	struct hv_error err;
	int rc;
	_Atomic int64_t bytes;             /* read so far, for the progress bar */
	_Atomic int64_t messages;          /* found so far, published with bytes */
	const struct hv_chat_input *whole; /* the input as given */
	struct part *other;
};

/* Both parts' progress, drawn by the first part's thread only.  Each part
 * publishes its counts here, a few times per file, so the message count
 * itself stays a plain counter of its own thread. */
static void part_progress(int64_t bytes, int64_t size, void *ctx)
{
	(void)size;
	struct part *p = ctx;
	atomic_store_explicit(&p->bytes, bytes, memory_order_relaxed);
	atomic_store_explicit(&p->messages, p->c->messages, memory_order_relaxed);
	const struct hv_chat_import_opts *o = p->c->o;
	if (p->c->lane == 0)
		o->progress(bytes + atomic_load_explicit(&p->other->bytes, memory_order_relaxed),
		            p->whole->size,
		            p->c->messages +
		                atomic_load_explicit(&p->other->messages, memory_order_relaxed),
		            o->progress_ctx);
}

/* One pass: the bytes from the reader, the messages from the collector. */
static void pass_progress(int64_t bytes, int64_t size, void *ctx)
{
	struct collector *c = ctx;
	c->o->progress(bytes, size, c->messages, c->o->progress_ctx);
}

static void *read_part(void *arg)
{
	struct part *p = arg;
	p->rc = hv_whatsapp_parse(&p->in, &p->sink, &p->err);
	int none = 0; /* the first part to fail is the one reported */
	if (p->rc < 0)
		atomic_compare_exchange_strong(p->c->stop, &none, p->c->lane + 1);
	return NULL;
}

/* ch's sender that is s, told apart as intern() tells them; or -1. */
static int find_sender(const struct chat *ch, const struct sender *s)
{
	for (size_t i = 0; i < ch->ns; i++) {
		const struct sender *t = &ch->s[i];
		if (s->id || t->id
		        ? s->id && t->id && strcmp(s->id, t->id) == 0
		        : t->name_len == s->name_len && memcmp(t->name, s->name, s->name_len) == 0)
			return (int)i;
	}
	return -1;
}

/*
 * Join the second part's collector c1 to the first, c, as if c had read on:
 * c1's senders take their places in c's list (remap: what the second lane's
 * tuples are read through), its counts, dates and skipped lines (counted
 * from lines, where its part began) add on.
 */
static int join_lane(struct collector *c, struct collector *c1, int64_t lines, struct hv_error *err)
{
	if (c->nchats != 1 || c1->nchats != 1)
		return hv_fail(err, HV_EIO, "the two parts of %s were read differently", c->file);
	struct chat *ch = &c->chats[0], *ch1 = &c1->chats[0];
	if (!(ch->remap = malloc((ch1->ns ? ch1->ns : 1) * sizeof *ch->remap)))
		return hv_fail(err, HV_ENOMEM, "out of memory");
	ch->nremap = ch1->ns;
	for (size_t k = 0; k < ch1->ns; k++) {
		int at = find_sender(ch, &ch1->s[k]);
		if (at < 0 && ch->ns >= HV_CHAT_SENDERS_MAX) {
			at = HV_CHAT_SENDERS_MAX; /* as intern() would have it */
		} else if (at < 0) {
			struct sender *s = new_sender(ch, err);
			if (!s)
				return -1;
			*s = ch1->s[k]; /* moved, not copied */
			ch1->s[k].name = ch1->s[k].id = NULL;
			at = (int)ch->ns++;
		}
		ch->remap[k] = (uint32_t)at;
	}
	ch->messages += ch1->messages;
	c->messages += c1->messages;
	if (c->messages > max_messages(c->o)) /* each part stayed under it alone */
		return too_many(c, err);
	/* A cut inside a day: one reader would have shown that date once. */
	if (c->seen_any && c1->seen_any && c->sa == c1->fa && c->sb == c1->fb && c->sc == c1->fc &&
	    c->sda == c1->fda) {
		c1->tally.dates--;
		for (int k = HV_ORDER_DMY; k <= HV_ORDER_YMD; k++) {
			int y, m, d;
			if (hv_chat_date(k, c1->fa, c1->fb, c1->fc, c1->fda, &y, &m, &d) < 0)
				c1->tally.invalid[k]--;
		}
	}
	hv_chat_order_join(&c->tally, &c1->tally);
	for (size_t i = 0; i < c1->nskipped; i++)
		note_skip(c, c1->skipped[i] + lines);
	c->skipped_total += c1->skipped_total - (int64_t)c1->nskipped;
	hv_chatlog_stage_line_base(c->sg, 1, lines);
	return 0;
}

/*
 * Read a WhatsApp file in two parts at once, the second in a thread of its
 * own.  0 when read; -1 on an error (err says why); 1 when it cannot be cut
 * (nothing staged: read it in one pass); 2 when the second part met more
 * senders than it could tell apart (the stage must be emptied and the file
 * read in one pass).
 */
static int read_in_two(struct collector *c, const struct hv_chat_input *in, struct hv_error *err)
{
	int64_t near = c->o->split_near > 0 ? c->o->split_near : in->size / 2;
	int64_t cut = hv_whatsapp_split_point(in->fd, in->size, near);
	if (cut <= 0)
		return 1;
	atomic_int stop = 0;
	struct collector c1 = {.st = c->st,
	                       .sg = c->sg,
	                       .o = c->o,
	                       .source = c->source,
	                       .file = c->file,
	                       .lane = 1,
	                       .stop = &stop,
	                       .err = err};
	struct part p0 = {.c = c, .whole = in}, p1 = {.c = &c1, .whole = in};
	int rc = 1;
	if (!(c1.skipped = malloc(HV_CHAT_SKIPPED_MAX * sizeof *c1.skipped)))
		goto out;
	c->stop = &stop;
	p0.other = &p1, p1.other = &p0;
	hv_chat_input_range(&p0.in, &p0.range, in->fd, 0, cut, in->name);
	hv_chat_input_range(&p1.in, &p1.range, in->fd, cut, in->size, in->name);
	if (c->o->progress) {
		p0.in.progress = p1.in.progress = part_progress;
		p0.in.progress_ctx = &p0, p1.in.progress_ctx = &p1;
	}
	p0.sink = (struct hv_chat_sink){on_chat, on_message, note_skip, c, 0};
	p1.sink = (struct hv_chat_sink){on_chat, on_message, note_skip, &c1, 0};
	pthread_t t;
	if (pthread_create(&t, NULL, read_part, &p1) != 0)
		goto out; /* no second thread today: one pass it is */
	read_part(&p0);
	pthread_join(t, NULL);
	if (p0.rc < 0 || p1.rc < 0) {
		*err = atomic_load(&stop) == 2 ? p1.err : p0.err;
		rc = -1;
	} else if (c1.nchats == 1 && c1.chats[0].overflow) {
		rc = 2;
	} else {
		rc = join_lane(c, &c1, p0.in.lines, err);
	}
	if (rc == 0 && c->o->progress)
		c->o->progress(in->size, in->size, c->messages, c->o->progress_ctx);
out:
	c->stop = NULL;
	free_collector(&c1);
	return rc;
}

/* Forget what was read, to read the file again from the start. */
static void clear_reading(struct collector *c)
{
	free_chats(c);
	memset(&c->tally, 0, sizeof c->tally);
	c->seen_any = 0;
	c->nskipped = 0;
	c->skipped_total = c->messages = 0;
}

json_t *hv_chat_import(struct hv_store *st, struct hv_chat_input *in,
                       const struct hv_chat_import_opts *o, struct hv_error *err)
{
	struct collector c = {
	    .st = st, .o = o, .file = in->name ? in->name : "the file", .err = err};
	struct peeked pk = {.in = in};
	json_t *out = NULL;
	c.skipped = malloc(HV_CHAT_SKIPPED_MAX * sizeof *c.skipped);
	if (!c.skipped) {
		hv_fail(err, HV_ENOMEM, "out of memory");
		goto done;
	}
	ssize_t got;
	while (pk.n < sizeof pk.buf &&
	       (got = in->read(in->ctx, pk.buf + pk.n, sizeof pk.buf - pk.n, err)) != 0) {
		if (got < 0)
			goto done;
		pk.n += (size_t)got;
	}
	struct hv_chat_input wrapped = *in;
	wrapped.read = peeked_read;
	wrapped.ctx = &pk;
	wrapped.progress = o->progress ? pass_progress : NULL;
	wrapped.progress_ctx = &c;
	int json = looks_like_json(pk.buf, pk.n);
	int imessage = !json && hv_imessage_looks(pk.buf, pk.n);
	/* A JSON export says which it is once read. */
	c.source = imessage ? "imessage" : "whatsapp";
	int lanes = lanes_for(in, o, json || imessage);
	struct timespec t0, t1, t2;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (hv_store_begin(st, err) < 0)
		goto done;
	if (hv_chatlog_stage_open(st, lanes, &c.sg, err) < 0)
		goto fail;
	int rc = lanes == 2 ? read_in_two(&c, in, err) : 1;
	if (rc == 2) {
		hv_chatlog_stage_close(c.sg);
		c.sg = NULL;
		clear_reading(&c);
		if (hv_chatlog_stage_open(st, 1, &c.sg, err) < 0)
			goto fail;
		rc = 1;
	}
	/* One pass; the bytes peeked at are read again from the peek. */
	struct hv_chat_sink sink = {on_chat, on_message, note_skip, &c, o->keep_text};
	if (o->lanes_used)
		*o->lanes_used = rc == 0 ? 2 : 1;
	if (rc == 1)
		rc = json       ? hv_chat_json_parse(&wrapped, &sink, &c.source, err)
		     : imessage ? hv_imessage_parse(&wrapped, &sink, err)
		                : hv_whatsapp_parse(&wrapped, &sink, err);
	if (rc < 0)
		goto fail;
	if (c.messages == 0 || c.skipped_total > c.messages) {
		not_a_chat(&c, err);
		goto fail;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	c.order = json || imessage ? HV_ORDER_YMD
	          : o->order       ? o->order
	                           : hv_chat_order_decide(&c.tally);
	choose_chats(&c);
	size_t live = 0;
	for (size_t i = 0; i < c.nchats; i++) {
		if (c.chats[i].skip || c.chats[i].messages == 0) {
			c.chats[i].skip = 1;
			continue;
		}
		if (resolve(&c, &c.chats[i], err) < 0)
			goto fail;
		live++;
	}
	if (live == 0) {
		if (o->contact)
			hv_fail(err, HV_EINVAL,
			        "no chat with \"%s\" is in %s; nothing was imported", o->contact,
			        c.file);
		else
			hv_fail(err, HV_EDATA,
			        "%s holds no chat between two people; import a single chat, or "
			        "choose a group's person with --contact NAME",
			        c.file);
		goto fail;
	}
	if (stored_days(&c, err) < 0 || hv_chatlog_stage_each(c.sg, merge_group, &c, err) < 0)
		goto fail;
	int64_t kept = 0;
	for (size_t i = 0; i < c.nchats; i++)
		if (!c.chats[i].skip)
			kept += c.chats[i].messages - c.chats[i].kept_out;
	if (kept == 0) {
		hv_fail(err, HV_EDATA,
		        "none of the dates in %s could be read as %s; try --date-order dmy, mdy or "
		        "ymd. Nothing was imported",
		        c.file, hv_chat_order_name(c.order));
		goto fail;
	}
	for (size_t i = 0; i < c.nchats; i++)
		if (!c.chats[i].skip && save_record(&c, &c.chats[i], err) < 0)
			goto fail;
	hv_chatlog_stage_close(c.sg);
	c.sg = NULL;
	if (hv_store_commit(st, err) < 0)
		goto done;
	clock_gettime(CLOCK_MONOTONIC, &t2);
	if (o->read_seconds)
		*o->read_seconds =
		    (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (o->store_seconds)
		*o->store_seconds =
		    (double)(t2.tv_sec - t1.tv_sec) + (t2.tv_nsec - t1.tv_nsec) / 1e9;
	out = summary(&c);
	if (o->added) {
		*o->added = 0;
		for (size_t i = 0; i < c.nchats; i++)
			*o->added += c.chats[i].skip ? 0 : c.chats[i].added;
	}
	goto done;
fail:
	hv_store_rollback(st);
done:
	hv_chatlog_stage_close(c.sg);
	free_collector(&c);
	return out;
}
