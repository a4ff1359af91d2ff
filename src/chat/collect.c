/*
 * collect.c — the collector a parser streams messages into.  Each message is
 * cut down at once to what haven keeps (second of the day, sender, flags,
 * length; the words only with --keep-text), its sender interned and the
 * whole packed into one 64-bit tuple staged on disk (chatlog.h), so the
 * text never piles up in memory.  Every date is shown to the tally that
 * decides the date order once the file is read (order.c).
 */
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "import-private.h"

void hv_import_skip(void *ctx, int64_t line)
{
	struct collector *c = ctx;
	c->skipped_total++;
	if (c->nskipped < HV_CHAT_SKIPPED_MAX)
		c->skipped[c->nskipped++] = line;
}

int hv_import_on_chat(void *ctx, const char *name, const char *me_id, struct hv_error *err)
{
	struct collector *c = ctx;
	if (HV_GROW(c->chats, c->cap, c->nchats + 1, 4) < 0)
		return hv_fail(err, HV_ENOMEM, "out of memory");
	struct chat *ch = &c->chats[c->nchats];
	memset(ch, 0, sizeof *ch);
	if ((name && !(ch->name = strdup(name))) || (me_id && !(ch->me_id = strdup(me_id))))
		return hv_fail(err, HV_ENOMEM, "out of memory");
	c->cur = (int)c->nchats++;
	return 0;
}

/* Room for one more sender at ch->s[ch->ns], cleared; NULL when out of memory. */
struct sender *hv_import_new_sender(struct chat *ch, struct hv_error *err)
{
	if (HV_GROW(ch->s, ch->cap, ch->ns + 1, 4) < 0) {
		hv_fail(err, HV_ENOMEM, "out of memory");
		return NULL;
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
	struct sender *s = hv_import_new_sender(ch, err);
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

int64_t hv_import_max_messages(const struct hv_chat_import_opts *o)
{
	return o->max_messages > 0 ? o->max_messages : HV_CHAT_MESSAGES_MAX;
}

int hv_import_too_many(const struct collector *c, struct hv_error *err)
{
	return hv_fail(err, HV_EDATA,
	               "%s holds more than %lld messages, the most haven imports from one chat "
	               "export (its message limit); nothing was imported. Export a single chat, "
	               "or a shorter stretch of it",
	               c->file, (long long)hv_import_max_messages(c->o));
}

int hv_import_on_message(void *ctx, const struct hv_chat_in *m, struct hv_error *err)
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
	if (c->messages >= hv_import_max_messages(c->o))
		return hv_import_too_many(c, err);
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

struct hv_chat_sink hv_import_sink(struct collector *c, int want_text)
{
	return (struct hv_chat_sink){hv_import_on_chat, hv_import_on_message, hv_import_skip, c,
	                             want_text};
}

void hv_import_free_chats(struct collector *c)
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

void hv_import_free(struct collector *c)
{
	hv_import_free_chats(c);
	free(c->keys);
	free(c->merged);
	free(c->skipped);
}

/* Forget what was read, to read the file again from the start. */
void hv_import_clear(struct collector *c)
{
	hv_import_free_chats(c);
	memset(&c->tally, 0, sizeof c->tally);
	c->seen_any = 0;
	c->nskipped = 0;
	c->skipped_total = c->messages = 0;
}
