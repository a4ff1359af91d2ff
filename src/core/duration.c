/*
 * duration.c — the one reader of lengths of time (duration.h).
 *
 * Numbers are read digit by digit in thousandths rather than with strtod,
 * which would take "inf", "1e9", hex and the locale's decimal comma, and
 * every bound is checked before it can overflow.
 */
#include "core/duration.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

#define TEN_YEARS_MS (3653 * 86400000LL)

static const struct unit {
	const char *name;
	int64_t ms;
} units[] = {
    {"seconds", 1000},  {"second", 1000},  {"secs", 1000},   {"sec", 1000},   {"s", 1000},
    {"minutes", 60000}, {"minute", 60000}, {"mins", 60000},  {"min", 60000},  {"m", 60000},
    {"hours", 3600000}, {"hour", 3600000}, {"hrs", 3600000}, {"hr", 3600000}, {"h", 3600000},
    {"days", 86400000}, {"day", 86400000}, {"d", 86400000},
};

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void skip_spaces(const char **p)
{
	while (**p == ' ')
		(*p)++;
}

/* digits [. digits] as thousandths; -1 when it is not one. */
static int64_t read_number(const char **p)
{
	int64_t whole = 0, frac = 0;
	int n = 0;
	for (; is_digit(**p); (*p)++)
		if (++n > 6)
			return -1;
		else
			whole = whole * 10 + (**p - '0');
	if (n == 0)
		return -1;
	if (**p != '.')
		return whole * 1000;
	(*p)++;
	int k = 0;
	for (; is_digit(**p); (*p)++)
		if (++k > 3)
			return -1;
		else
			frac = frac * 10 + (**p - '0');
	if (k == 0)
		return -1;
	for (; k < 3; k++)
		frac *= 10;
	return whole * 1000 + frac;
}

/* The unit's length in ms, or a minute when no unit is written; -1 for a
 * word that is not a unit. */
static int64_t read_unit(const char **p)
{
	size_t n = 0;
	while (is_letter((*p)[n]))
		n++;
	if (n == 0)
		return 60000;
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strlen(units[i].name) == n && strncasecmp(*p, units[i].name, n) == 0) {
			*p += n;
			return units[i].ms;
		}
	return -1;
}

int hv_duration_read(const char *text, int64_t max_ms, int64_t *ms)
{
	if (!text)
		return -1;
	if (max_ms > TEN_YEARS_MS)
		max_ms = TEN_YEARS_MS;
	const char *p = text;
	int64_t total = 0;
	skip_spaces(&p);
	if (!*p)
		return -1;
	while (*p) {
		int64_t thousandths = read_number(&p);
		skip_spaces(&p);
		int64_t unit = thousandths < 0 ? -1 : read_unit(&p);
		if (unit < 0)
			return -1;
		/* at most 999999.999 × a day: no overflow, and total stays small */
		total += (thousandths * unit + 500) / 1000;
		if (total > max_ms)
			return -1;
		skip_spaces(&p);
	}
	if (total <= 0)
		return -1;
	*ms = total;
	return 0;
}

int64_t hv_duration_week(const char *text)
{
	int64_t ms;
	return hv_duration_read(text, HV_DURATION_WEEK_MS, &ms) < 0 ? -1 : ms;
}
