/*
 * people.c — who is who in an imported chat: which sender is the person and
 * which the contact whose reply times haven learns, from --me and
 * --contact, the "me" remembered from earlier imports, the chat's or the
 * file's name, and what is left once those are known.  A sender is the
 * same person under the same exporter id, else under the same folded name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/content.h"
#include "core/record.h"
#include "import-private.h"

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

/* Which sender is the person: --me, the exporter's own id, or the "me" of
 * an earlier import (-1: not known yet). */
static int who_is_me(struct collector *c, struct chat *ch, size_t n, const char *names, int *me,
                     struct hv_error *err)
{
	*me = -1;
	if (c->o->me && (*me = find_named(ch, c->o->me)) < 0 && !ch->me_id && n != 1)
		return hv_fail(err, HV_EINVAL,
		               "--me \"%s\" wrote nothing in %s; the senders there are: %s. Give "
		               "your name as it appears in the chat",
		               c->o->me, c->file, names);
	if (*me < 0 && ch->me_id)
		for (size_t i = 0; i < ch->ns && *me < 0; i++)
			if (ch->s[i].id && strcmp(ch->s[i].id, ch->me_id) == 0)
				*me = (int)i;
	if (*me < 0 && !c->o->me && !ch->me_id) {
		struct me_ctx m = {ch, -1};
		struct hv_query q = {.kind = HV_CHAT_KIND};
		if (hv_store_each(c->st, &q, match_me, &m, err) < 0)
			return -1;
		*me = m.found;
	}
	return 0;
}

/* Which sender is the contact: --contact, else the chat's or file's name. */
static int who_is_contact(struct collector *c, struct chat *ch, size_t n, const char *hint,
                          const char *names, int *contact, struct hv_error *err)
{
	*contact = -1;
	if (c->o->contact) {
		if ((*contact = find_named(ch, c->o->contact)) < 0 && n != 1)
			return hv_fail(
			    err, HV_EINVAL,
			    "--contact \"%s\" wrote nothing in %s; the senders there are: %s",
			    c->o->contact, c->file, names);
	} else if (hint) {
		*contact = find_named(ch, hint);
	}
	return 0;
}

/* What the people who wrote tell once --me and --contact have had their
 * say: in a chat of two, the one who is not the other; a chat with one
 * writer; and a group, where the contact must be named. */
static int infer(struct collector *c, struct chat *ch, size_t n, const char *names, int *me,
                 int *contact, struct hv_error *err)
{
	if (*me < 0 && *contact >= 0 && n == 2)
		for (size_t i = 0; i < ch->ns && *me < 0; i++)
			if (!same_person(&ch->s[i], &ch->s[*contact]))
				*me = (int)i;
	if (n == 1 && *me < 0 && *contact < 0) {
		/* The one writer is the contact, unless --contact names someone
		 * else and --me does not: then it is you. */
		if (c->o->contact && !c->o->me)
			*me = 0;
		else if (!c->o->contact)
			*contact = 0;
	}
	if (*me < 0 && !ch->me_id && !(n == 1 && *contact >= 0) && !(n == 1 && c->o->me))
		return hv_fail(
		    err, HV_EINVAL,
		    "cannot tell which sender in %s is you (%s). Say which with --me NAME", c->file,
		    names);
	if (*contact < 0 && !(n == 1 && c->o->contact))
		for (size_t i = 0; i < ch->ns; i++) {
			if (*me >= 0 && same_person(&ch->s[i], &ch->s[*me]))
				continue;
			if (*contact >= 0 && !same_person(&ch->s[i], &ch->s[*contact]))
				return hv_fail(
				    err, HV_EINVAL,
				    "%s is a group chat (%s): say whose replies haven should "
				    "learn with --contact NAME",
				    c->file, names);
			if (*contact < 0)
				*contact = (int)i;
		}
	return 0;
}

/* The chat's contact, its key and "me" as found, and every sender's role. */
static int assign(struct collector *c, struct chat *ch, int me, int contact, const char *hint,
                  struct hv_error *err)
{
	const char *cname = contact >= 0    ? ch->s[contact].name
	                    : c->o->contact ? c->o->contact
	                                    : hint;
	if (!cname)
		return hv_fail(
		    err, HV_EINVAL,
		    "only you wrote in %s, so haven cannot tell who the chat is with. Say "
		    "who with --contact NAME",
		    c->file);
	if (me >= 0 && contact >= 0 && same_person(&ch->s[me], &ch->s[contact]))
		return hv_fail(err, HV_EINVAL, "--me and --contact name the same sender (%s)",
		               cname);
	if (!(ch->contact = strdup(cname)) || !(ch->key = hv_chat_key_of(cname)) ||
	    (me >= 0 && !(ch->me = strdup(ch->s[me].name))) ||
	    (me < 0 && c->o->me && !(ch->me = strdup(c->o->me))))
		return hv_fail(err, HV_ENOMEM, "out of memory");
	if (!*ch->key)
		return hv_fail(err, HV_EINVAL,
		               "the contact's name is empty: give one with --contact NAME");
	for (size_t i = 0; i < ch->ns; i++)
		ch->s[i].role = me >= 0 && same_person(&ch->s[i], &ch->s[me]) ? HV_CHAT_ME
		                : contact >= 0 && same_person(&ch->s[i], &ch->s[contact])
		                    ? HV_CHAT_CONTACT
		                    : HV_CHAT_OTHER;
	return 0;
}

int hv_import_resolve(struct collector *c, struct chat *ch, struct hv_error *err)
{
	for (size_t i = 0; i < ch->ns; i++)
		if (!(ch->s[i].key = hv_chat_key_of(ch->s[i].name)))
			return hv_fail(err, HV_EDATA, "a sender's name in %s is not valid text",
			               c->file);
	char names[512];
	sender_names(ch, names, sizeof names);
	char *from_file = ch->name ? NULL : contact_from_file(c->file);
	const char *hint = c->o->contact ? c->o->contact : ch->name ? ch->name : from_file;
	size_t n = people(ch);
	/* One writer (a chat nobody answered, a group where one person wrote):
	 * it imports, with whoever is not in it named from outside, and the
	 * summary says there is nobody's reply to learn from. */
	ch->one_writer = n == 1;
	int me, contact;
	int rc = who_is_me(c, ch, n, names, &me, err) < 0 ||
	                 who_is_contact(c, ch, n, hint, names, &contact, err) < 0 ||
	                 infer(c, ch, n, names, &me, &contact, err) < 0 ||
	                 assign(c, ch, me, contact, hint, err) < 0
	             ? -1
	             : 0;
	free(from_file);
	return rc;
}

/* In a full Telegram export only personal chats are read, or the one asked for. */
void hv_import_choose(struct collector *c)
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
