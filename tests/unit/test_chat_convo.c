/*
 * test_chat_convo.c — conversations, not lines: the reply, follow-up and
 * coming-back rules of src/chat/stats.c checked two ways.
 *
 * Small chats written by hand, imported as WhatsApp text, whose every reply,
 * turn and follow-up is counted here by hand (the examples issue 15 found
 * wrong: a goodnight then the next morning's "morning :)" is neither a
 * follow-up nor a 9-hour reply).  And a generator of long synthetic
 * histories whose true reply times, follow-ups and comings-back are known,
 * with bursts of lines, slow afternoon replies and nights between
 * conversations, where the walk must recover the truth, and stay near it
 * when the conversation gap moves from 4 to 7 hours.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chat/chat.h"
#include "chat/chatlog.h"
#include "core/store.h"

/* ---- hand-counted chats, through import and the store -------------------- */

/*
 * A secure exchange of eight messages over an evening and the next morning:
 * every message of Alex's answers Sam or opens the morning.  Replies from
 * Sam: 20:07 (2 min after 20:05), 23:00 (150 min after 20:30), 08:40 (25 min
 * after 08:15).  No follow-ups: 08:15 opens a new conversation.
 */
static const char secure[] = "03/02/2025, 20:00 - Sam: dinner was lovely\n"
                             "03/02/2025, 20:05 - Alex: it was! thank you\n"
                             "03/02/2025, 20:07 - Sam: home safe?\n"
                             "03/02/2025, 20:30 - Alex: yes, just in\n"
                             "03/02/2025, 23:00 - Sam: goodnight!\n"
                             "03/02/2025, 23:01 - Alex: night x\n"
                             "04/02/2025, 08:15 - Alex: morning :)\n"
                             "04/02/2025, 08:40 - Sam: morning! sleep well?\n";

/*
 * The same, then a next-day opener by Sam after Alex's unanswered goodnight
 * (not a reply: it opens a conversation), a burst of three lines in two
 * minutes (one turn) and one real double text, 45 minutes on.
 */
static const char week[] = "05/02/2025, 22:10 - Alex: sleep well\n"
                           "06/02/2025, 09:30 - Sam: morning! coffee?\n"
                           "06/02/2025, 09:32 - Alex: yes!!\n"
                           "06/02/2025, 09:32 - Alex: where?\n"
                           "06/02/2025, 09:33 - Alex: the usual?\n"
                           "06/02/2025, 09:50 - Sam: the usual :)\n"
                           "07/02/2025, 18:00 - Alex: are we still on for tonight?\n"
                           "07/02/2025, 18:45 - Alex: I can bring the film if you like\n"
                           "07/02/2025, 19:30 - Sam: yes! bring it\n"
                           "07/02/2025, 19:31 - Alex: great\n";

static struct hv_store *import_text(const char *text)
{
	struct hv_store *st;
	struct hv_error err;
	assert_int_equal(hv_store_open(&st, ":memory:", &err), 0);
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	assert_non_null(f);
	struct hv_chat_input in;
	hv_chat_input_file(&in, f, "chat.txt");
	struct hv_chat_import_opts o = {.me = "Alex", .contact = "Sam"};
	json_t *j = hv_chat_import(st, &in, &o, &err);
	fclose(f);
	if (!j)
		fail_msg("import: %s", err.msg);
	json_decref(j);
	return st;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static json_int_t month_int(json_t *p, size_t i, const char *key)
{
	return json_integer_value(
	    json_object_get(json_array_get(json_object_get(p, "months"), i), key));
}

static void test_secure_exchange_has_no_followups(void **state)
{
	struct hv_store *st = import_text(secure);
	struct hv_error err;
	struct hv_chat_reply *r;
	double *back;
	size_t n, nback;
	assert_int_equal(hv_chat_contact_replies(st, "Sam", &r, &n, &back, &nback, &err), 0);
	assert_int_equal(n, 3);
	assert_true(fabs(r[0].minutes - 2) < 1e-9);
	assert_true(fabs(r[1].minutes - 150) < 1e-9); /* a slow one, still a reply */
	assert_true(fabs(r[2].minutes - 25) < 1e-9);  /* from 08:15, which opened the morning */
	assert_int_equal(r[2].hour, 8);
	/* Sam came back once: from the night's last message (23:01) to 08:40. */
	assert_int_equal(nback, 1);
	assert_true(fabs(back[0] - (9 * 60 + 39)) < 1e-9);
	free(r);
	free(back);
	json_t *p = hv_chat_patterns(st, "Sam", &err);
	assert_non_null(p);
	assert_int_equal(month_int(p, 0, "messages"), 4);
	assert_int_equal(month_int(p, 0, "turns"), 4);
	assert_int_equal(month_int(p, 0, "followups"), 0); /* was 1 (25 %): the morning */
	assert_int_equal(month_int(p, 0, "followup_percent"), 0);
	assert_int_equal(month_int(p, 0, "longest_followup_run"), 0);
	json_decref(p);
	hv_store_close(st);
}

static void test_every_reply_and_followup_counted(void **state)
{
	char text[2048];
	snprintf(text, sizeof text, "%s%s", secure, week);
	struct hv_store *st = import_text(text);
	struct hv_error err;
	struct hv_chat_reply *r;
	double *back;
	size_t n, nback;
	assert_int_equal(hv_chat_contact_replies(st, "Sam", &r, &n, &back, &nback, &err), 0);
	/* 2, 150, 25 as above; 09:50 is 17 min after the burst's last line
	 * (09:33); 19:30 is 45 min after the follow-up.  09:30 opened a
	 * conversation after a night: not an 11-hour reply. */
	const double want[] = {2, 150, 25, 17, 45};
	assert_int_equal(n, 5);
	for (size_t i = 0; i < n; i++)
		assert_true(fabs(r[i].minutes - want[i]) < 1e-9);
	/* Coming back: 23:01 → 08:40 the next day; 08:40 on the 4th (the last
	 * conversation Sam was in: the 5th's goodnight went unanswered) → 09:30
	 * on the 6th; 09:50 on the 6th → 19:30 on the 7th. */
	const double want_back[] = {9 * 60 + 39, 48 * 60 + 50, 33 * 60 + 40};
	assert_int_equal(nback, 3);
	for (size_t i = 0; i < nback; i++)
		assert_true(fabs(back[i] - want_back[i]) < 1e-9);
	free(r);
	free(back);
	json_t *p = hv_chat_patterns(st, "Sam", &err);
	assert_non_null(p);
	assert_int_equal(json_array_size(json_object_get(p, "months")), 1);
	assert_int_equal(month_int(p, 0, "messages"), 11);
	/* Turns: four on the 3rd–4th, 22:10, the burst, 18:00, 18:45, 19:31. */
	assert_int_equal(month_int(p, 0, "turns"), 9);
	assert_int_equal(month_int(p, 0, "followups"), 1); /* 18:45 alone */
	assert_int_equal(month_int(p, 0, "followup_percent"), 11);
	assert_int_equal(month_int(p, 0, "longest_followup_run"), 1);
	assert_int_equal(month_int(p, 0, "night_messages"), 0);
	/* Alex's own replies: 5, 23, 1, 2 (09:32 after 09:30), 1 → median 2. */
	assert_int_equal(month_int(p, 0, "own_typical_reply_minutes"), 2);
	json_decref(p);
	hv_store_close(st);
}

/* `chat wait` past the conversation gap speaks of coming back, not replies. */
static void test_wait_past_the_gap(void **state)
{
	/* Twelve days: Alex at 09:00, Sam 10 minutes later; the next day. */
	char text[4096] = "";
	for (int d = 1; d <= 12; d++) {
		char line[160];
		snprintf(line, sizeof line,
		         "%02d/03/2025, 09:00 - Alex: hi\n%02d/03/2025, 09:10 - Sam: hello\n", d,
		         d);
		strcat(text, line);
	}
	struct hv_store *st = import_text(text);
	struct hv_error err;
	/* 2025-03-20 09:00 UTC (TZ=UTC in the unit runner). */
	int64_t now = 1742461200000LL;
	json_t *w = hv_chat_wait(st, "Sam", now - 30 * 60000LL, now, &err);
	assert_non_null(w);
	assert_int_equal(json_integer_value(json_object_get(w, "replies")), 12);
	assert_int_equal(json_integer_value(json_object_get(w, "longer_percent")), 0);
	assert_int_equal(json_integer_value(json_object_get(w, "returns")), 11);
	/* Every coming back: 09:10 to 09:10 the next day. */
	assert_int_equal(json_integer_value(json_object_get(w, "return_typical_minutes")), 1440);
	assert_int_equal(json_integer_value(json_object_get(w, "return_longer_percent")), 100);
	assert_int_equal(json_integer_value(json_object_get(w, "conversation_gap_hours")),
	                 HV_CHAT_CONVERSATION_GAP_H);
	const char *first = json_string_value(json_array_get(json_object_get(w, "sentences"), 0));
	assert_non_null(strstr(first, "took longer than 30 minutes to answer 0 %"));
	json_decref(w);
	/* Ten hours of quiet: past the gap, so no "took longer to answer". */
	w = hv_chat_wait(st, "Sam", now - 600 * 60000LL, now, &err);
	assert_non_null(w);
	json_t *lines = json_object_get(w, "sentences");
	first = json_string_value(json_array_get(lines, 0));
	assert_non_null(strstr(first, "time between conversations"));
	assert_non_null(strstr(first, "100 % of the time"));
	size_t i;
	json_t *l;
	json_array_foreach(lines, i, l) assert_null(strstr(json_string_value(l), "to answer"));
	assert_int_equal(json_integer_value(json_object_get(w, "return_longer_percent")), 100);
	json_decref(w);
	hv_store_close(st);
}

/* ---- synthetic histories with a known truth ------------------------------ */

struct rng {
	uint64_t s;
};

static double uniform(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return (double)((r->s * 0x2545F4914F6CDD1DULL) >> 11) / 9007199254740992.0;
}

static double normal(struct rng *r)
{
	double u = uniform(r), v = uniform(r);
	return sqrt(-2 * log(u > 0 ? u : 1e-300)) * cos(2 * M_PI * v);
}

struct history {
	struct hv_chat_msg *m;
	size_t n, cap;
	double *replies; /* true reply minutes, in order */
	size_t nreplies;
	double *backs; /* true coming-back minutes */
	size_t nbacks;
	int64_t followups[16], turns[16]; /* per month of 2024 */
	int64_t lines;
};

static void put(struct history *h, int64_t t, int role)
{
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 4096;
		h->m = realloc(h->m, h->cap * sizeof *h->m);
		assert_non_null(h->m);
	}
	h->m[h->n++] = (struct hv_chat_msg){t, t, role, 0, 5};
}

static void push(double **v, size_t *n, double x)
{
	*v = realloc(*v, (*n + 1) * sizeof **v);
	assert_non_null(*v);
	(*v)[(*n)++] = x;
}

/* 2024-01-01 00:00 UTC; months of 2024 by day of the year. */
#define T0 1704067200LL
static int month_of_day(int d)
{
	static const int ends[] = {31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366};
	int m = 0;
	while (d >= ends[m])
		m++;
	return m;
}

/* A turn of 1–3 lines, each 5–50 s after the one before; returns the last. */
static int64_t burst(struct history *h, struct rng *r, int64_t t, int role)
{
	int lines = 1 + (int)(uniform(r) * 3);
	for (int i = 0; i < lines; i++) {
		if (i)
			t += 5 + (int64_t)(uniform(r) * 45);
		put(h, t, role);
	}
	return t;
}

/*
 * Sam's reply time in minutes: log-normal with median 12 and sigma 0.9,
 * under `cap` minutes; in the morning one in thirty is a slow reply of
 * 2.5 to 4.5 hours (a busy day) — still a reply, and what a short
 * conversation gap would lose.
 */
static double reply_minutes(struct rng *r, int slow_allowed, double cap)
{
	if (slow_allowed && uniform(r) < 1.0 / 30)
		return 150 + uniform(r) * 120;
	for (;;) {
		double x = 12 * exp(0.9 * normal(r));
		if (x >= 0.5 && x < cap)
			return x;
	}
}

/*
 * 366 days of 2024: a morning conversation from 07:00–07:30, going on while
 * Sam answers before 08:30 (its last reply may be a slow one), and an
 * evening one from 21:00–21:30 while Sam answers before 22:00 (replies
 * under 90 minutes, so it ends before midnight).  Either may open a
 * conversation; turns alternate; Alex, left waiting over half an hour,
 * half the time writes again (a follow-up) before Sam's answer; a quarter
 * of Alex's later turns end the conversation unanswered.  The quiet between
 * conversations is always over seven hours, so the truth is the same for
 * any conversation gap from 4.5 to 7 hours.
 */
static void generate(struct history *h, uint64_t seed)
{
	memset(h, 0, sizeof *h);
	struct rng r = {seed};
	int64_t sam_end = -1; /* end of the last conversation Sam was in */
	for (int d = 0; d < 366; d++) {
		int mo = month_of_day(d);
		for (int part = 0; part < 2; part++) {
			int64_t t = T0 + d * 86400LL + (part ? 21 : 7) * 3600 +
			            (int64_t)(uniform(&r) * 1800);
			int64_t stop = T0 + d * 86400LL + (part ? 22 * 3600 : 8 * 3600 + 1800);
			int alex = uniform(&r) < 0.5; /* whose turn */
			int opening = 1, sam_here = 0;
			for (;;) {
				if (!alex) {
					if (!sam_here && sam_end >= 0)
						push(&h->backs, &h->nbacks,
						     (double)(t - sam_end) / 60);
					sam_here = 1;
					int64_t last = burst(h, &r, t, HV_CHAT_CONTACT);
					if (last >= stop)
						break;
					t = last + 30 +
					    (int64_t)(uniform(&r) * 600); /* Alex answers */
					alex = 1;
					opening = 0;
					continue;
				}
				h->turns[mo]++;
				int64_t last = burst(h, &r, t, HV_CHAT_ME);
				if (!opening && uniform(&r) < 0.25)
					break; /* ends on Alex's words */
				opening = 0;
				double rep = reply_minutes(&r, part == 0, part ? 90 : 150);
				int64_t answer = last + (int64_t)(rep * 60);
				if (rep > 30 && uniform(&r) < 0.5) {
					/* Waiting: a follow-up 15 minutes to an hour on. */
					double wait = 15 + uniform(&r) * (fmin(rep - 1, 60) - 15);
					h->turns[mo]++;
					h->followups[mo]++;
					last += (int64_t)(wait * 60);
					put(h, last, HV_CHAT_ME);
				}
				push(&h->replies, &h->nreplies, (double)(answer - last) / 60);
				t = answer;
				alex = 0;
			}
			sam_end = h->m[h->n - 1].t;
		}
	}
}

static void free_history(struct history *h)
{
	free(h->m);
	free(h->replies);
	free(h->backs);
}

struct walked {
	double *replies, *backs;
	size_t nreplies, nbacks;
	json_t *months;
};

static void walk(const struct history *h, int64_t gap_s, struct walked *out)
{
	memset(out, 0, sizeof *out);
	struct hv_chat_reply_walk w = {.from = HV_CHAT_ME, .to = HV_CHAT_CONTACT, .gap_s = gap_s};
	struct hv_chat_pattern_walk p;
	hv_chat_pattern_init(&p);
	p.gap_s = gap_s;
	for (size_t i = 0; i < h->n; i++) {
		struct hv_chat_reply r;
		int got = hv_chat_reply_step(&w, &h->m[i], &r);
		if (got & HV_CHAT_STEP_REPLY)
			push(&out->replies, &out->nreplies, r.minutes);
		if (got & HV_CHAT_STEP_BACK)
			push(&out->backs, &out->nbacks, r.back_minutes);
		hv_chat_pattern_step(&p, &h->m[i]);
	}
	hv_chat_pattern_end(&p);
	out->months = hv_chat_pattern_months(&p);
	hv_chat_pattern_free(&p);
}

static void free_walked(struct walked *w)
{
	free(w->replies);
	free(w->backs);
	json_decref(w->months);
}

static double pct(double *v, size_t n, double p)
{
	qsort(v, n, sizeof *v, cmp_double);
	return hv_chat_percentile(v, n, p);
}

static void test_synthetic_truth_recovered(void **state)
{
	for (uint64_t seed = 1; seed <= 3; seed++) {
		struct history h;
		generate(&h, seed * 0x9E3779B97F4A7C15ULL);
		struct walked w;
		walk(&h, 0, &w);
		/* At the chosen gap, every reply is found, and nothing else. */
		assert_int_equal(w.nreplies, h.nreplies);
		for (size_t i = 0; i < h.nreplies; i++)
			assert_true(fabs(w.replies[i] - h.replies[i]) < 1.0 / 60 + 1e-9);
		assert_int_equal(w.nbacks, h.nbacks);
		for (size_t i = 0; i < h.nbacks; i++)
			assert_true(fabs(w.backs[i] - h.backs[i]) < 1.0 / 60 + 1e-9);
		/* The generator's distribution: median 12 minutes, shortened a
		 * little by the follow-ups; recovered within a tolerance. */
		double med = pct(w.replies, w.nreplies, 0.5);
		assert_true(med > 10 && med < 14);
		double p25 = pct(w.replies, w.nreplies, 0.25),
		       p75 = pct(w.replies, w.nreplies, 0.75);
		assert_true(fabs(p25 - 12 * exp(-0.6745 * 0.9)) < 1.5);
		assert_true(fabs(p75 - 12 * exp(0.6745 * 0.9)) < 3);
		/* Follow-ups and turns, month by month, exactly. */
		assert_int_equal(json_array_size(w.months), 12);
		for (int m = 0; m < 12; m++) {
			json_t *mo = json_array_get(w.months, (size_t)m);
			assert_int_equal(json_integer_value(json_object_get(mo, "followups")),
			                 h.followups[m]);
			assert_int_equal(json_integer_value(json_object_get(mo, "turns")),
			                 h.turns[m]);
			assert_true(h.followups[m] > 0);
		}
		/* Not one overnight "reply": none longer than the slowest true one. */
		double truemax = pct(h.replies, h.nreplies, 1);
		assert_true(pct(w.replies, w.nreplies, 1) <= truemax + 1e-9);
		free_walked(&w);
		free_history(&h);
	}
}

/* The rule's threshold can move from 4 to 7 hours without moving the answer. */
static void test_stable_when_the_gap_moves(void **state)
{
	struct history h;
	generate(&h, 42);
	double truth[4];
	truth[0] = pct(h.replies, h.nreplies, 0.25);
	truth[1] = pct(h.replies, h.nreplies, 0.5);
	truth[2] = pct(h.replies, h.nreplies, 0.75);
	truth[3] = pct(h.replies, h.nreplies, 0.9);
	const double ps[] = {0.25, 0.5, 0.75, 0.9};
	for (int hours = 4; hours <= 7; hours++) {
		struct walked w;
		walk(&h, hours * 3600, &w);
		/* At most the slow replies over the gap are lost (1 in 30 are slow). */
		assert_true(w.nreplies <= h.nreplies);
		assert_true((double)w.nreplies >= 0.98 * (double)h.nreplies);
		for (int k = 0; k < 4; k++) {
			double got = pct(w.replies, w.nreplies, ps[k]);
			if (fabs(got - truth[k]) > 0.05 * truth[k])
				fail_msg("gap %d h: percentile %.2f is %.2f, truth %.2f", hours,
				         ps[k], got, truth[k]);
		}
		int64_t f = 0, tf = 0;
		for (int m = 0; m < 12; m++) {
			f += json_integer_value(
			    json_object_get(json_array_get(w.months, (size_t)m), "followups"));
			tf += h.followups[m];
		}
		assert_int_equal(f, tf);
		double back = pct(w.backs, w.nbacks, 0.5), tback = pct(h.backs, h.nbacks, 0.5);
		assert_true(fabs(back - tback) < 0.05 * tback);
		free_walked(&w);
	}
	free_history(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_secure_exchange_has_no_followups),
	    cmocka_unit_test(test_every_reply_and_followup_counted),
	    cmocka_unit_test(test_wait_past_the_gap),
	    cmocka_unit_test(test_synthetic_truth_recovered),
	    cmocka_unit_test(test_stable_when_the_gap_moves),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
