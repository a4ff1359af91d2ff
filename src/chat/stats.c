/*
 * stats.c — reply times and one's own patterns, as plain arithmetic over
 * messages in time order.  Nothing here reads the store, so every rule is
 * unit-tested on hand-computed examples (tests/unit/test_chat.c).
 *
 * The history is read as conversations: one ends when nobody has written
 * for HV_CHAT_CONVERSATION_GAP_H hours.  A reply is the other side's first
 * message after one of mine within the same conversation, timed from my
 * last message (if I write three times and Sam answers, from my third, the
 * one Sam was answering).  A message that opens a conversation is not a
 * reply: the next morning's "morning :)" answers nothing, and counting it
 * made a night's sleep look like a 9-hour wait.  How long someone takes to
 * come back after a conversation has ended is its own figure ("back").
 *
 * The reality check conditions on the moment: replies to messages sent at a
 * similar hour (±2 h, round the clock) on the same kind of day (weekday or
 * weekend) when there are at least HV_CHAT_MIN_SIMILAR of them, else at a
 * similar hour on any day, else all replies.  Under HV_CHAT_MIN_REPLIES
 * replies in all, there is too little history to say what is usual.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chat.h"
#include "chatlog.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/grow.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double hv_chat_percentile(const double *sorted, size_t n, double p)
{
	if (n == 0)
		return NAN;
	if (p <= 0)
		return sorted[0];
	if (p >= 1)
		return sorted[n - 1];
	double rank = p * (double)(n - 1);
	size_t lo = (size_t)rank;
	double frac = rank - (double)lo;
	return lo + 1 < n ? sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
}

const char *hv_chat_basis_name(enum hv_chat_basis b)
{
	switch (b) {
	case HV_BASIS_HOUR_DAY: return "similar-hour-and-day";
	case HV_BASIS_HOUR: return "similar-hour";
	case HV_BASIS_ALL: return "all";
	default: return "none";
	}
}

static int near_hour(int a, int b)
{
	int d = abs(a - b) % 24;
	return (d < 24 - d ? d : 24 - d) <= HV_CHAT_HOUR_WINDOW;
}

/* What one set of minutes tells: the median and quartiles, and the share
 * longer than the silence so far (left as it is when there is none).  v
 * is sorted in place. */
struct spread {
	double *median, *p25, *p75, *share_longer;
};

static void spread(double *v, size_t n, double silence_min, struct spread out)
{
	qsort(v, n, sizeof *v, cmp_double);
	*out.median = hv_chat_percentile(v, n, 0.5);
	*out.p25 = hv_chat_percentile(v, n, 0.25);
	*out.p75 = hv_chat_percentile(v, n, 0.75);
	if (silence_min >= 0) {
		size_t longer = 0;
		for (size_t i = 0; i < n; i++)
			longer += v[i] > silence_min;
		*out.share_longer = (double)longer / (double)n;
	}
}

int hv_chat_wait_stats(const struct hv_chat_reply *r, size_t n, int hour, int weekend,
                       double silence_min, struct hv_chat_wait *out)
{
	memset(out, 0, sizeof *out);
	out->share_longer = out->median = out->p25 = out->p75 = NAN;
	out->replies = n;
	out->enough = n >= HV_CHAT_MIN_REPLIES;
	if (!out->enough)
		return 0;
	size_t same_day = 0, same_hour = 0;
	for (size_t i = 0; i < n; i++) {
		if (!near_hour(r[i].hour, hour))
			continue;
		same_hour++;
		same_day += !r[i].weekend == !weekend;
	}
	out->basis = same_day >= HV_CHAT_MIN_SIMILAR    ? HV_BASIS_HOUR_DAY
	             : same_hour >= HV_CHAT_MIN_SIMILAR ? HV_BASIS_HOUR
	                                                : HV_BASIS_ALL;
	double *v = malloc(n * sizeof *v);
	if (!v)
		return -1;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		int take = out->basis == HV_BASIS_ALL ||
		           (near_hour(r[i].hour, hour) &&
		            (out->basis == HV_BASIS_HOUR || !r[i].weekend == !weekend));
		if (take)
			v[k++] = r[i].minutes;
	}
	out->used = k;
	spread(v, k, silence_min,
	       (struct spread){&out->median, &out->p25, &out->p75, &out->share_longer});
	free(v);
	return 0;
}

void hv_chat_back_stats(double *v, size_t n, double silence_min, struct hv_chat_wait *out)
{
	out->backs = n;
	out->back_enough = n >= HV_CHAT_MIN_REPLIES;
	out->back_share_longer = out->back_median = out->back_p25 = out->back_p75 = NAN;
	if (!out->back_enough)
		return;
	spread(v, n, silence_min,
	       (struct spread){&out->back_median, &out->back_p25, &out->back_p75,
	                       &out->back_share_longer});
}

int64_t hv_chat_gap_s(int64_t gap_s)
{
	return gap_s > 0 ? gap_s : (int64_t)HV_CHAT_CONVERSATION_GAP_H * 3600;
}

int hv_chat_opens(int64_t gap_s, int seen, int64_t last_t, int64_t t)
{
	return !seen || t - last_t >= hv_chat_gap_s(gap_s);
}

int hv_chat_reply_step(struct hv_chat_reply_walk *w, const struct hv_chat_msg *m,
                       struct hv_chat_reply *out)
{
	if (hv_chat_opens(w->gap_s, w->seen, w->last_t, m->t)) {
		/* Whatever was waiting belonged to the conversation that ended. */
		w->pending = 0;
		if (w->seen && w->to_here) {
			w->away = 1;
			w->ended_t = w->last_t;
		}
		w->to_here = 0;
	}
	w->seen = 1;
	w->last_t = m->t;
	if (m->role == w->from) {
		w->pending = 1;
		w->last = *m;
		return 0;
	}
	if (m->role != w->to)
		return 0;
	int got = 0;
	w->to_here = 1;
	if (w->away) {
		w->away = 0;
		out->back_minutes = (double)(m->t - w->ended_t) / 60.0;
		got |= HV_CHAT_STEP_BACK;
	}
	if (!w->pending)
		return got;
	w->pending = 0;
	int64_t day = hv_floor_div(w->last.local, 86400);
	int wday = hv_weekday_of_day(day);
	out->minutes = (double)(m->t - w->last.t) / 60.0;
	out->hour = (int)((w->last.local - day * 86400) / 3600);
	out->weekend = wday >= 5;
	return got | HV_CHAT_STEP_REPLY;
}

/* ---- the person's own pattern, month by month --------------------------- */

void hv_chat_pattern_init(struct hv_chat_pattern_walk *w)
{
	memset(w, 0, sizeof *w);
	w->own.from = HV_CHAT_CONTACT;
	w->own.to = HV_CHAT_ME;
}

/* Start over for another chat, keeping the months and the gap. */
static void pattern_reset(struct hv_chat_pattern_walk *w)
{
	w->seen = 0;
	w->unanswered = 0;
	w->run = 0;
	memset(&w->own, 0, sizeof w->own);
	w->own.from = HV_CHAT_CONTACT;
	w->own.to = HV_CHAT_ME;
	w->own.gap_s = w->gap_s;
}

/* The month holding local time `local`, kept in calendar order. */
static struct hv_chat_month *month_of(struct hv_chat_pattern_walk *w, int64_t local)
{
	struct hv_civil cv;
	hv_civil_from_ms(local * 1000, 0, &cv);
	size_t i = w->nmonths;
	while (i > 0 && (w->months[i - 1].year > cv.year ||
	                 (w->months[i - 1].year == cv.year && w->months[i - 1].month > cv.month)))
		i--;
	if (i > 0 && w->months[i - 1].year == cv.year && w->months[i - 1].month == cv.month)
		return &w->months[i - 1];
	if (HV_GROW(w->months, w->cap, w->nmonths + 1, 16) < 0)
		return NULL;
	memmove(w->months + i + 1, w->months + i, (w->nmonths - i) * sizeof *w->months);
	w->nmonths++;
	memset(&w->months[i], 0, sizeof w->months[i]);
	w->months[i].year = cv.year;
	w->months[i].month = cv.month;
	return &w->months[i];
}

static void add_reply(struct hv_chat_pattern_walk *w, struct hv_chat_month *mo, double minutes)
{
	if (HV_GROW(mo->reply_minutes, mo->cap, mo->nreplies + 1, 16) < 0) {
		w->oom = 1;
		return;
	}
	mo->reply_minutes[mo->nreplies++] = minutes;
}

void hv_chat_pattern_step(struct hv_chat_pattern_walk *w, const struct hv_chat_msg *m)
{
	if (w->oom)
		return;
	struct hv_chat_month *mo = month_of(w, m->local);
	if (!mo) {
		w->oom = 1;
		return;
	}
	w->own.gap_s = w->gap_s;
	struct hv_chat_reply r;
	if (hv_chat_reply_step(&w->own, m, &r) & HV_CHAT_STEP_REPLY)
		add_reply(w, mo, r.minutes);
	if (hv_chat_opens(w->gap_s, w->seen, w->last_t, m->t)) {
		/* A new conversation: nothing of mine is waiting for an answer. */
		w->unanswered = 0;
		w->run = 0;
	}
	w->seen = 1;
	w->last_t = m->t;
	if (m->role == HV_CHAT_CONTACT) {
		w->unanswered = 0;
		w->run = 0;
		return;
	}
	if (m->role != HV_CHAT_ME)
		return;
	mo->mine++;
	int64_t sec = m->local - hv_floor_div(m->local, 86400) * 86400;
	if (sec < HV_CHAT_NIGHT_END_HOUR * 3600)
		mo->night++;
	if (!w->unanswered || m->t - w->last_mine_t >= HV_CHAT_TURN_GAP_MIN * 60) {
		mo->turns++;
		if (w->unanswered) {
			/* Still unanswered, in the same conversation, after a pause:
			 * written while waiting. */
			mo->followups++;
			if (++w->run > mo->longest_run)
				mo->longest_run = w->run;
		}
	}
	w->unanswered = 1;
	w->last_mine_t = m->t;
}

void hv_chat_pattern_end(struct hv_chat_pattern_walk *w)
{
	pattern_reset(w);
}

void hv_chat_pattern_free(struct hv_chat_pattern_walk *w)
{
	for (size_t i = 0; i < w->nmonths; i++)
		free(w->months[i].reply_minutes);
	free(w->months);
	memset(w, 0, sizeof *w);
}

/* Whole minutes: finer is noise, and whole numbers print cleanly in JSON. */
static json_t *num_or_null(double v)
{
	return isnan(v) ? json_null() : json_integer((json_int_t)lround(v));
}

static json_t *month_json(int year, int month, struct hv_chat_month *mo)
{
	char label[16];
	snprintf(label, sizeof label, "%04d-%02d", year, month);
	double median = NAN;
	if (mo && mo->nreplies) {
		qsort(mo->reply_minutes, mo->nreplies, sizeof(double), cmp_double);
		median = hv_chat_percentile(mo->reply_minutes, mo->nreplies, 0.5);
	}
	int64_t mine = mo ? mo->mine : 0, turns = mo ? mo->turns : 0;
	/* Of my turns, not my lines: a burst of three lines is one turn. */
	return json_pack(
	    "{s:s,s:I,s:I,s:I,s:o,s:I,s:I,s:o}", "month", label, "messages", (json_int_t)mine,
	    "turns", (json_int_t)turns, "followups", (json_int_t)(mo ? mo->followups : 0),
	    "followup_percent",
	    turns ? json_integer((json_int_t)lround((double)mo->followups * 100 / (double)turns))
	          : json_null(),
	    "longest_followup_run", (json_int_t)(mo ? mo->longest_run : 0), "night_messages",
	    (json_int_t)(mo ? mo->night : 0), "own_typical_reply_minutes", num_or_null(median));
}

json_t *hv_chat_pattern_months(struct hv_chat_pattern_walk *w)
{
	json_t *out = json_array();
	if (!out || w->nmonths == 0)
		return out;
	int y = w->months[0].year, m = w->months[0].month;
	size_t i = 0;
	/* Every month from the first to the last, quiet ones included. */
	while (i < w->nmonths && out) {
		struct hv_chat_month *mo = &w->months[i];
		int here = mo->year == y && mo->month == m;
		json_array_append_new(out, month_json(y, m, here ? mo : NULL));
		if (here)
			i++;
		if (++m > 12)
			m = 1, y++;
	}
	return out;
}
