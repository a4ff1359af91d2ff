/*
 * calendar.h — the arithmetic of days, weeks and months, once.
 *
 * Instants before 1970 and local days west of Greenwich are negative, so
 * day and week numbers need division that rounds down, not toward zero;
 * month lengths need the Gregorian leap rule.  clock.c, when.c, the
 * insights and chat statistics all ask these.
 */
#ifndef HAVEN_CALENDAR_H
#define HAVEN_CALENDAR_H

#include <stdint.h>

/* a / b rounded toward minus infinity (b != 0): floor_div(-1, 7) is -1. */
int64_t hv_floor_div(int64_t a, int64_t b);

/* True in a Gregorian leap year (every fourth, but not centuries not
 * divisible by 400). */
int hv_leap_year(int year);

/* Days in month 1–12 of year (28–31); 0 for a month out of range. */
int hv_days_in_month(int year, int month);

/* The ISO weekday, 0 = Monday … 6 = Sunday, of a day counted from
 * 1970-01-01 (a Thursday), negative days included. */
int hv_weekday_of_day(int64_t day);

#endif
