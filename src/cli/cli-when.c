/*
 * cli-when.c — when something happened, as a list shows it: "today
 * 21:30", "yesterday 08:05", "Mon 5 Jan 14:10", or with the year when it
 * is another.  The words and their order are data/terminal.json's
 * ("when"); only the calendar arithmetic is here.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "core/clock.h"
#include "core/content.h"
#include "core/template.h"

static const char *when_text(const char *path)
{
	return hv_content_text("terminal.json", path, "");
}

void cli_format_when(int64_t ms, int off_min, int64_t now_ms, char *buf, size_t n)
{
	struct hv_civil c, today;
	hv_civil_from_ms(ms, off_min, &c);
	hv_civil_from_ms(now_ms, off_min, &today);
	int64_t days = hv_days_from_civil(today.year, today.month, today.day) -
	               hv_days_from_civil(c.year, c.month, c.day);
	char hm[16], day[16], year[16], weekday[32], month[32];
	snprintf(hm, sizeof hm, "%02d:%02d", c.hour, c.minute);
	snprintf(day, sizeof day, "%d", c.day);
	snprintf(year, sizeof year, "%d", c.year);
	snprintf(weekday, sizeof weekday, "when/weekdays/%d", c.wday);
	snprintf(month, sizeof month, "when/months/%d", c.month - 1);
	const char *kv[] = {"time",    hm,
	                    "day",     day,
	                    "year",    year,
	                    "month",   when_text(month),
	                    "weekday", when_text(weekday),
	                    NULL};
	const char *form = days == 0              ? "when/today"
	                   : days == 1            ? "when/yesterday"
	                   : c.year == today.year ? "when/this_year"
	                                          : "when/other_year";
	char *s = hv_template_fill(when_text(form), kv);
	snprintf(buf, n, "%s", s ? s : hm);
	free(s);
}
