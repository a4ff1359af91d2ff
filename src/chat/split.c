/*
 * split.c — a large WhatsApp file read in two parts at once, on a machine
 * with two cores: cut where a message starts, each part has its own
 * collector and lane of the stage, and the second is joined to the first
 * afterwards exactly as if one reader had gone on (tests/unit/test_chat.c
 * cuts a file at every line to show it).  The second part touches only its
 * own collector and lane, never the database.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import-private.h"

/* Smaller files are read in one pass: a second thread is not worth it. */
#define SPLIT_MIN ((int64_t)8 << 20)

int hv_import_lanes(const struct hv_chat_input *in, const struct hv_chat_import_opts *o,
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
			struct sender *s = hv_import_new_sender(ch, err);
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
	if (c->messages > hv_import_max_messages(c->o)) /* each part stayed under it alone */
		return hv_import_too_many(c, err);
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
		hv_import_skip(c, c1->skipped[i] + lines);
	c->skipped_total += c1->skipped_total - (int64_t)c1->nskipped;
	hv_chatlog_stage_line_base(c->sg, 1, lines);
	return 0;
}

/* Read a WhatsApp file in two parts at once, the second in a thread of its
 * own (what came of it: import-private.h). */
enum hv_split_result hv_import_read_in_two(struct collector *c, const struct hv_chat_input *in,
                                           struct hv_error *err)
{
	int64_t near = c->o->split_near > 0 ? c->o->split_near : in->size / 2;
	int64_t cut = hv_whatsapp_split_point(in->fd, in->size, near);
	if (cut <= 0)
		return HV_SPLIT_UNCUT;
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
	enum hv_split_result rc = HV_SPLIT_UNCUT;
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
	p0.sink = hv_import_sink(c, 0);
	p1.sink = hv_import_sink(&c1, 0);
	pthread_t t;
	if (pthread_create(&t, NULL, read_part, &p1) != 0)
		goto out; /* no second thread today: one pass it is */
	read_part(&p0);
	pthread_join(t, NULL);
	if (p0.rc < 0 || p1.rc < 0) {
		*err = atomic_load(&stop) == 2 ? p1.err : p0.err;
		rc = HV_SPLIT_FAILED;
	} else if (c1.nchats == 1 && c1.chats[0].overflow) {
		rc = HV_SPLIT_CROWDED;
	} else {
		rc = join_lane(c, &c1, p0.in.lines, err) < 0 ? HV_SPLIT_FAILED : HV_SPLIT_READ;
	}
	if (rc == HV_SPLIT_READ && c->o->progress)
		c->o->progress(in->size, in->size, c->messages, c->o->progress_ctx);
out:
	c->stop = NULL;
	hv_import_free(&c1);
	return rc;
}
