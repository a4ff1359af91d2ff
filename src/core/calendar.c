/*
 * calendar.c — day, week and month arithmetic (calendar.h).
 */
#include "core/calendar.h"

int64_t hv_floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

int hv_leap_year(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int hv_days_in_month(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month < 1 || month > 12)
		return 0;
	return month == 2 && hv_leap_year(year) ? 29 : days[month - 1];
}

int hv_weekday_of_day(int64_t day)
{
	/* 1970-01-01, day 0, was a Thursday: ISO index 3. */
	return (int)((day % 7 + 7 + 3) % 7);
}
