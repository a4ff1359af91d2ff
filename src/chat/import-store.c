/*
 * import-store.c — the staged messages merged into the stored days, and the
 * contact's "chat" record.  A message's identity is its day, second, sender
 * role, flags and length plus its ordinal among messages with all of those
 * equal, so importing a longer export that overlaps an earlier one adds
 * exactly the messages that are new (per identity, the larger count wins).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/clock.h"
#include "core/nearsort.h"
#include "core/record.h"
#include "import-private.h"

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
int hv_import_stored_days(struct collector *c, struct hv_error *err)
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
int hv_import_merge_group(const struct hv_chatlog_group *g, void *ctx)
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
			hv_import_skip(c, c->nskipped < HV_CHAT_SKIPPED_MAX ? lines[i] : 0);
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

static void day_text(int64_t day, char out[16])
{
	struct hv_civil cv;
	hv_civil_from_ms(day * 86400000, 0, &cv);
	snprintf(out, 16, "%04d-%02d-%02d", cv.year, cv.month, cv.day);
}

int hv_import_save_record(struct collector *c, struct chat *ch, struct hv_error *err)
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
