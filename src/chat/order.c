/*
 * order.c — the order a chat export writes its dates in.  "03/04/24" is
 * March or April depending on the phone, and only the whole file tells: a
 * field above 12 rules an order out; otherwise the order under which the
 * dates run forward wins.  The importers show every date to a tally
 * (hv_chat_order_see) and the import decides once the file is read.
 */
#include <string.h>

#include "chat.h"
#include "core/calendar.h"
#include "core/clock.h"

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
