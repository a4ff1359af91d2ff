/*
 * stats.c — reply times and one's own patterns, as plain arithmetic over
 * messages in time order.  Nothing here reads the store, so every rule is
 * unit-tested on hand-computed examples (tests/unit/test_chat.c).
 *
 * A reply is the gap from the last message of one side to the next message
 * of the other: if I write three times and Sam answers, the wait counted is
 * from my third message, the one Sam was answering.
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
#include "core/calendar.h"
#include "core/chatlog.h"
#include "core/clock.h"

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
	qsort(v, k, sizeof *v, cmp_double);
	out->used = k;
	out->median = hv_chat_percentile(v, k, 0.5);
	out->p25 = hv_chat_percentile(v, k, 0.25);
	out->p75 = hv_chat_percentile(v, k, 0.75);
	if (silence_min >= 0) {
		size_t longer = 0;
		for (size_t i = 0; i < k; i++)
			longer += v[i] > silence_min;
		out->share_longer = (double)longer / (double)k;
	}
	free(v);
	return 0;
}

int hv_chat_reply_step(struct hv_chat_reply_walk *w, const struct hv_chat_msg *m,
                       struct hv_chat_reply *out)
{
	if (m->role == w->from) {
		w->pending = 1;
		w->last = *m;
		return 0;
	}
	if (m->role != w->to || !w->pending)
		return 0;
	w->pending = 0;
	int64_t day = hv_floor_div(w->last.local, 86400);
	int wday = hv_weekday_of_day(day);
	out->minutes = (double)(m->t - w->last.t) / 60.0;
	out->hour = (int)((w->last.local - day * 86400) / 3600);
	out->weekend = wday >= 5;
	return 1;
}

/* ---- the person's own pattern, month by month --------------------------- */

void hv_chat_pattern_init(struct hv_chat_pattern_walk *w)
{
	memset(w, 0, sizeof *w);
	w->own.from = HV_CHAT_CONTACT;
	w->own.to = HV_CHAT_ME;
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
	if (w->nmonths == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 16;
		struct hv_chat_month *m = realloc(w->months, cap * sizeof *m);
		if (!m)
			return NULL;
		w->months = m;
		w->cap = cap;
	}
	memmove(w->months + i + 1, w->months + i, (w->nmonths - i) * sizeof *w->months);
	w->nmonths++;
	memset(&w->months[i], 0, sizeof w->months[i]);
	w->months[i].year = cv.year;
	w->months[i].month = cv.month;
	return &w->months[i];
}

static void add_reply(struct hv_chat_pattern_walk *w, struct hv_chat_month *mo, double minutes)
{
	if (mo->nreplies == mo->cap) {
		size_t cap = mo->cap ? mo->cap * 2 : 16;
		double *v = realloc(mo->reply_minutes, cap * sizeof *v);
		if (!v) {
			w->oom = 1;
			return;
		}
		mo->reply_minutes = v;
		mo->cap = cap;
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
	struct hv_chat_reply r;
	if (hv_chat_reply_step(&w->own, m, &r))
		add_reply(w, mo, r.minutes);
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
	int64_t gap = m->t - w->last_mine_t;
	if (w->unanswered && gap >= HV_CHAT_FOLLOWUP_GAP_MIN * 60 &&
	    gap < HV_CHAT_FOLLOWUP_WITHIN_H * 3600) {
		mo->followups++;
		if (++w->run > mo->longest_run)
			mo->longest_run = w->run;
	} else if (gap >= HV_CHAT_FOLLOWUP_WITHIN_H * 3600) {
		w->run = 0; /* a day later is a new conversation, not a follow-up */
	}
	w->unanswered = 1;
	w->last_mine_t = m->t;
}

void hv_chat_pattern_end(struct hv_chat_pattern_walk *w)
{
	w->unanswered = 0;
	w->run = 0;
	w->own.pending = 0;
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
	int64_t mine = mo ? mo->mine : 0;
	return json_pack(
	    "{s:s,s:I,s:I,s:o,s:I,s:I,s:o}", "month", label, "messages", (json_int_t)mine,
	    "followups", (json_int_t)(mo ? mo->followups : 0), "followup_percent",
	    mine ? json_integer((json_int_t)lround((double)mo->followups * 100 / (double)mine))
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
