/*
 * clock.c — instants, local offsets and RFC 3339 text (see clock.h).
 *
 * Calendar arithmetic uses Howard Hinnant's days-from-civil algorithm, which
 * is exact for the proleptic Gregorian calendar and needs no tables.  The
 * local offset comes from localtime_r's tm_gmtoff so TZ rules stay the C
 * library's business.
 */
#include "clock.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendar.h"

int64_t hv_days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

void hv_civil_from_ms(int64_t ms, int off_min, struct hv_civil *out)
{
	int64_t local = ms + (int64_t)off_min * 60000;
	int64_t days = hv_floor_div(local, 86400000);
	int64_t rem = local - days * 86400000;
	civil_from_days(days, &out->year, &out->month, &out->day);
	out->hour = (int)(rem / 3600000);
	out->minute = (int)(rem / 60000 % 60);
	out->second = (int)(rem / 1000 % 60);
	out->millis = (int)(rem % 1000);
	out->wday = hv_weekday_of_day(days);
}

int hv_local_offset_min(int64_t ms)
{
	time_t t = (time_t)hv_floor_div(ms, 1000);
	struct tm tm;
	if (!localtime_r(&t, &tm))
		return 0;
	return (int)(tm.tm_gmtoff / 60);
}

int64_t hv_now_ms(void)
{
	const char *fixed = getenv("HAVEN_NOW");
	if (fixed && *fixed) {
		int64_t ms;
		int off;
		char *end;
		if (hv_parse_rfc3339(fixed, &ms, &off) == 0)
			return ms;
		errno = 0;
		long long v = strtoll(fixed, &end, 10);
		if (!errno && *end == '\0')
			return v;
	}
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void hv_format_rfc3339(int64_t ms, int off_min, char buf[HV_RFC3339_MAX])
{
	struct hv_civil c;
	hv_civil_from_ms(ms, off_min, &c);
	if (off_min == 0) {
		snprintf(buf, HV_RFC3339_MAX, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", c.year,
		         c.month, c.day, c.hour, c.minute, c.second, c.millis);
		return;
	}
	int a = off_min < 0 ? -off_min : off_min;
	snprintf(buf, HV_RFC3339_MAX, "%04d-%02d-%02dT%02d:%02d:%02d.%03d%c%02d:%02d", c.year,
	         c.month, c.day, c.hour, c.minute, c.second, c.millis, off_min < 0 ? '-' : '+',
	         a / 60, a % 60);
}

/* Read exactly n digits at *p, advancing it; -1 if they are not there. */
static int take_digits(const char **p, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	return v;
}

int hv_parse_rfc3339(const char *s, int64_t *ms, int *off_min)
{
	if (!s) /* a JSON field that is missing or not a string */
		return -1;
	const char *p = s;
	int y = take_digits(&p, 4);
	if (y < 0 || *p++ != '-')
		return -1;
	int mo = take_digits(&p, 2);
	if (mo < 1 || mo > 12 || *p++ != '-')
		return -1;
	int d = take_digits(&p, 2);
	if (d < 1 || d > hv_days_in_month(y, mo) || (*p != 'T' && *p != 't' && *p != ' '))
		return -1;
	p++;
	int h = take_digits(&p, 2);
	if (h < 0 || h > 23 || *p++ != ':')
		return -1;
	int mi = take_digits(&p, 2);
	if (mi < 0 || mi > 59 || *p++ != ':')
		return -1;
	int sec = take_digits(&p, 2);
	if (sec < 0 || sec > 59)
		return -1;
	int millis = 0;
	if (*p == '.') {
		p++;
		int n = 0;
		for (; isdigit((unsigned char)*p); p++, n++)
			if (n < 3)
				millis = millis * 10 + (*p - '0');
		if (n == 0)
			return -1;
		for (; n < 3; n++)
			millis *= 10;
	}
	int off = 0;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1;
		int oh = take_digits(&p, 2);
		if (oh < 0 || oh > 23 || *p++ != ':')
			return -1;
		int om = take_digits(&p, 2);
		if (om < 0 || om > 59)
			return -1;
		off = sign * (oh * 60 + om);
	} else {
		return -1;
	}
	if (*p != '\0')
		return -1;
	int64_t days = hv_days_from_civil(y, mo, d);
	*ms = ((days * 24 + h) * 60 + mi) * 60000LL + sec * 1000LL + millis - off * 60000LL;
	*off_min = off;
	return 0;
}
