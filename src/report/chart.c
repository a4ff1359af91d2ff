/*
 * chart.c — the insight charts (see chart.h), drawn as shapes
 * (chart-model.h) that become SVG for the web app and cairo for the report.
 *
 * Every chart is drawn for the width it will be shown at (the canvas is
 * that many CSS pixels), so its text is HV_CHART_FONT pixels tall on a phone
 * as on a desktop; a narrow chart moves its labels rather than shrinking.
 * Every shape has a colour, so a chart standing alone is legible, and a
 * class (ink, soft, bar, trend, grid, warn) that the web app's style sheet
 * maps onto its theme's custom properties, which beat presentation
 * attributes: in the page, dark mode recolours the text.
 */
#include "chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart-model.h"
#include "chart-palette.h"

int hv_chart_width(int width)
{
	if (width <= 0)
		return HV_CHART_WIDTH;
	return width < HV_CHART_MIN_WIDTH   ? HV_CHART_MIN_WIDTH
	       : width > HV_CHART_MAX_WIDTH ? HV_CHART_MAX_WIDTH
	                                    : width;
}

/* The SVG of a model, which is then let go. */
static char *as_svg(struct hv_chart *c)
{
	char *svg = hv_chart_svg(c);
	hv_chart_free(c);
	return svg;
}

static double max_of(const double *v, size_t n)
{
	double m = 0;
	for (size_t i = 0; i < n; i++)
		if (!isnan(v[i]) && v[i] > m)
			m = v[i];
	return m;
}

/* The top of a scale holding max: 1, 2 or 5 times a power of ten. */
static double nice_ceiling(double max)
{
	if (!(max > 0))
		return 1;
	double p = pow(10, floor(log10(max)));
	for (int k = 0; k < 3; k++) {
		const double m[3] = {1, 2, 5};
		if (m[k] * p >= max - 1e-9)
			return m[k] * p;
	}
	return 10 * p;
}

/*
 * Horizontal bars.  Wide: the label left of its bar.  Narrow (a phone): the
 * label on its own line above the bar, so long labels keep their words.
 */
struct hv_chart *hv_chart_bars_model(const char *title, const char *const *labels,
                                     const double *values, size_t n, int width, int decimals)
{
	const int w = hv_chart_width(width), narrow = w < 480, right = 8 + 5 * FONT / 2;
	const int left = narrow ? 0 : w * 35 / 100, row = narrow ? 2 * FONT + 18 : FONT + 14;
	int h = (int)n * row + 8;
	struct hv_chart *c = hv_chart_new(w, h < 40 ? 40 : h, title);
	if (!c)
		return NULL;
	double max = max_of(values, n);
	for (size_t i = 0; i < n; i++) {
		int y = 4 + (int)i * row, bar_y = narrow ? y + FONT + 4 : y + 2;
		double frac = max > 0 ? values[i] / max : 0, bw = frac * (w - left - right);
		if (narrow)
			hv_chart_text(c, "ink", INK, 0, y + FONT, START, 0, "%s", labels[i]);
		else
			hv_chart_text(c, "ink", INK, left - 8, bar_y + FONT, END, 0, "%s",
			              labels[i]);
		hv_chart_rect(c, "bar", ACCENT, left, bar_y, bw, FONT + 4, 3);
		hv_chart_text(c, "soft", SOFT, left + bw + 6, bar_y + FONT, START, 0, "%.*f",
		              decimals, values[i]);
	}
	return c;
}

char *hv_chart_bars(const char *title, const char *const *labels, const double *values, size_t n,
                    int width, int decimals)
{
	return as_svg(hv_chart_bars_model(title, labels, values, n, width, decimals));
}

struct hv_chart *hv_chart_columns_model(const char *title, const char *const *labels,
                                        const double *values, size_t n, int width)
{
	const int w = hv_chart_width(width), h = 150 + 2 * FONT, top = 8, bottom = FONT + 12;
	const int left = 3 * FONT, right = 8;
	struct hv_chart *c = hv_chart_new(w, h, title);
	if (!c || n == 0)
		return c;
	double max = nice_ceiling(max_of(values, n)), slot = (double)(w - left - right) / (double)n;
	/* The scale in its own gutter: 0 and the top, with faint guides. */
	const double guides[2] = {0, max};
	for (int g = 0; g < 2; g++) {
		double y = h - bottom - guides[g] / max * (h - top - bottom);
		hv_chart_line(c, "grid", LINE, left, y, w - right, y);
		hv_chart_text(c, "soft", SOFT, left - 6, y + FONT / 3.0, END, 0, "%g", guides[g]);
	}
	/* As many hour labels as fit without touching. */
	size_t every = 1;
	while (slot * (double)every < 2.6 * FONT)
		every = every < 2 ? 2 : every < 3 ? 3 : every < 4 ? 4 : every * 2;
	for (size_t i = 0; i < n; i++) {
		double v = isnan(values[i]) ? 0 : values[i];
		double bh = v / max * (h - top - bottom);
		double x = left + slot * (double)i;
		struct hv_shape *bar =
		    hv_chart_rect(c, "bar", ACCENT, x + 1, h - bottom - bh, slot - 2, bh, 2);
		hv_chart_tip(c, bar, "%s: %.0f", labels[i], v);
		if (i % every == 0)
			hv_chart_text(c, "soft", SOFT, x + slot / 2, h - 4, MIDDLE, 0, "%s",
			              labels[i]);
	}
	return c;
}

char *hv_chart_columns(const char *title, const char *const *labels, const double *values, size_t n,
                       int width)
{
	return as_svg(hv_chart_columns_model(title, labels, values, n, width));
}

/* The plot area every band of a weekly chart shares. */
struct weekly_frame {
	int w, left, right;
	size_t from, n;
	const json_t *weeks;
};

static double week_x(const struct weekly_frame *fr, size_t i)
{
	return hv_chart_spread_x(fr->w, fr->left, fr->right, i, fr->n);
}

/* A week's value of key, or NAN: no number, or no entries to count. */
static double week_value(const struct weekly_frame *fr, size_t i, const char *key)
{
	const json_t *v = json_object_get(json_array_get(fr->weeks, fr->from + i), key);
	if (!json_is_number(v))
		return NAN;
	return json_number_value(v);
}

static void week_day(const struct weekly_frame *fr, size_t i, char day[16])
{
	hv_chart_short_date(
	    json_string_value(json_object_get(json_array_get(fr->weeks, fr->from + i), "start")),
	    day);
}

/* One series of a band: a line through its weeks, broken where a week has
 * no value, and a dot per week carrying its date and value. */
static void weekly_line(struct hv_chart *c, const struct weekly_frame *fr, const char *key,
                        double top_value, int y0, int bh, int decimals, const char *cls,
                        const char *colour, const char *unit)
{
	char line_cls[16];
	snprintf(line_cls, sizeof line_cls, "%s-line", cls);
	struct hv_shape *poly = NULL;
	for (size_t i = 0; i < fr->n; i++) {
		double v = week_value(fr, i, key);
		if (isnan(v)) {
			poly = NULL;
			continue;
		}
		if (!poly)
			poly = hv_chart_poly(c, line_cls, colour, 2, 0);
		hv_chart_point(c, poly, week_x(fr, i), y0 + bh - v / top_value * bh);
	}
	for (size_t i = 0; i < fr->n; i++) {
		double v = week_value(fr, i, key);
		if (isnan(v))
			continue;
		char day[16];
		week_day(fr, i, day);
		struct hv_shape *dot = hv_chart_circle(c, cls, colour, week_x(fr, i),
		                                       y0 + bh - v / top_value * bh, 3.5);
		hv_chart_tip(c, dot, "Week of %s: %.*f%s", day, decimals, v, unit);
	}
}

/*
 * The trend under a noisy series: each week's value averaged with its
 * neighbours' (the three weeks around it that have one), drawn as a broad
 * faint line beneath the weekly dots, so one hard week does not hide the
 * direction.  Drawn only with at least three weeks of values.
 */
static void weekly_smooth(struct hv_chart *c, const struct weekly_frame *fr, const char *key,
                          double top_value, int y0, int bh)
{
	size_t have = 0;
	for (size_t i = 0; i < fr->n; i++)
		have += !isnan(week_value(fr, i, key));
	if (have < 3)
		return;
	struct hv_shape *poly = hv_chart_poly(c, "smooth", LINE, 6, 1);
	hv_chart_tip(c, poly, "Smoothed over three weeks");
	for (size_t i = 0; i < fr->n; i++) {
		if (isnan(week_value(fr, i, key)))
			continue;
		double sum = 0;
		int k = 0;
		for (size_t j = i > 0 ? i - 1 : 0; j <= i + 1 && j < fr->n; j++) {
			double v = week_value(fr, j, key);
			if (!isnan(v))
				sum += v, k++;
		}
		hv_chart_point(c, poly, week_x(fr, i), y0 + bh - sum / k / top_value * bh);
	}
}

/* A band's frame: its heading, and a scale from 0 to top in the left gutter
 * with faint guides, clear of the first week's dot. */
static void weekly_frame_band(struct hv_chart *c, const struct weekly_frame *fr, const char *label,
                              double top, int y0, int bh)
{
	hv_chart_text(c, "ink", INK, 0, y0 - FONT - 2, START, 1, "%s", label);
	const double guides[3] = {0, top / 2, top};
	for (int g = 0; g < 3; g++) {
		double y = y0 + bh - guides[g] / top * bh;
		hv_chart_line(c, "grid", LINE, fr->left - 6, y, fr->w - fr->right + 6, y);
		if (g == 1)
			continue; /* the middle guide is a line only: fewer numbers to read */
		hv_chart_text(c, "soft", SOFT, fr->left - 10, y + FONT / 3.0, END, 0, "%g",
		              guides[g]);
	}
}

/* The time axis under the last band: real dates of week starts, as many
 * as fit without touching, always the first and the last. */
static void weekly_axis(struct hv_chart *c, const struct weekly_frame *fr, int y)
{
	if (!fr->n)
		return;
	int fit = (fr->w - fr->left - fr->right) / (5 * FONT) + 1;
	size_t ticks = fr->n < (size_t)fit ? fr->n : (size_t)(fit < 2 ? 2 : fit);
	if (fr->n == 1)
		ticks = 1;
	for (size_t t = 0; t < ticks; t++) {
		size_t i = ticks > 1 ? t * (fr->n - 1) / (ticks - 1) : 0;
		char day[16];
		week_day(fr, i, day);
		int first = ticks > 1 && t == 0, last = ticks > 1 && t + 1 == ticks;
		double x = week_x(fr, i);
		hv_chart_line(c, "grid", LINE, x, y - FONT - 6, x, y - FONT - 2);
		hv_chart_text(c, "soft", SOFT, x - (first ? 4 : 0) + (last ? 4 : 0), y,
		              first  ? START
		              : last ? END
		                     : MIDDLE,
		              0, "%s", day);
	}
}

static struct weekly_frame weekly_frame(const json_t *insights, size_t max_weeks, int width)
{
	const json_t *weeks = json_object_get(insights, "weeks");
	size_t total = json_array_size(weeks);
	size_t n = total < max_weeks ? total : max_weeks;
	int w = hv_chart_width(width);
	return (struct weekly_frame){w, 3 * FONT + 4, 12, total - n, n, weeks};
}

static struct hv_chart *weekly_model(const json_t *insights, size_t max_weeks, int width)
{
	struct weekly_frame fr = weekly_frame(insights, max_weeks, width);
	const int bh = 70, band = bh + 3 * FONT + 18, top = 2 * FONT + 8;
	int h = top + 3 * band + FONT;
	struct hv_chart *c =
	    hv_chart_new(fr.w, h, "Entries, mean intensity and minutes to ease, by week");
	if (!c)
		return NULL;
	hv_chart_set_desc(c, "Three charts over the same weeks, oldest on the left, each with its "
	                     "scale on the left. Gaps are weeks with no value.");
	double max_entries = 0, max_minutes = 0;
	for (size_t i = 0; i < fr.n; i++) {
		double e = week_value(&fr, i, "entries"),
		       m = week_value(&fr, i, "median_recovery_minutes");
		if (!isnan(e) && e > max_entries)
			max_entries = e;
		if (!isnan(m) && m > max_minutes)
			max_minutes = m;
	}
	double te = nice_ceiling(max_entries), tm = nice_ceiling(max_minutes);
	weekly_frame_band(c, &fr, "Entries per week", te, top, bh);
	weekly_line(c, &fr, "entries", te, top, bh, 0, "dot", ACCENT, " entries");
	weekly_frame_band(c, &fr, "Mean intensity (out of 10)", 10, top + band, bh);
	weekly_line(c, &fr, "mean_intensity", 10, top + band, bh, 1, "dot", ACCENT, " of 10");
	weekly_frame_band(c, &fr, "Minutes to ease (median, with trend)", tm, top + 2 * band, bh);
	weekly_smooth(c, &fr, "median_recovery_minutes", tm, top + 2 * band, bh);
	weekly_line(c, &fr, "median_recovery_minutes", tm, top + 2 * band, bh, 0, "dot", ACCENT,
	            " minutes");
	weekly_axis(c, &fr, h - 2);
	return c;
}

char *hv_chart_weekly(const json_t *insights, size_t max_weeks, int width)
{
	return as_svg(weekly_model(insights, max_weeks, width));
}

/*
 * What was done when the alarm went off, week by week: of the entries that
 * say what was done, the share with a protest-type response and the share
 * with a soothing one (an entry with both counts in each), 0–100 %.
 */
static struct hv_chart *responses_model(const json_t *insights, size_t max_weeks, int width)
{
	struct weekly_frame fr = weekly_frame(insights, max_weeks, width);
	const int bh = 110, top = 4 * FONT + 16;
	int h = top + bh + 2 * FONT + 12;
	struct hv_chart *c =
	    hv_chart_new(fr.w, h, "Protest and soothing responses, share of each week");
	if (!c)
		return NULL;
	hv_chart_set_desc(c, "Two lines over the weeks, oldest on the left: the share of entries "
	                     "with a protest-type response and the share with a soothing one, out "
	                     "of the entries that say what was done.");
	/* The legend doubles as the heading: which colour is which. */
	hv_chart_circle(c, "warn", WARN, 6, FONT / 2 + 2, 5);
	hv_chart_text(c, "ink", INK, 16, FONT, START, 0, "protest");
	hv_chart_circle(c, "dot", ACCENT, 96, FONT / 2 + 2, 5);
	hv_chart_text(c, "ink", INK, 106, FONT, START, 0, "soothing");
	weekly_frame_band(c, &fr, "Share of the week's entries, in %", 100, top, bh);
	weekly_line(c, &fr, "protest_share", 100, top, bh, 0, "warn", WARN, " % protest");
	weekly_line(c, &fr, "soothing_share", 100, top, bh, 0, "dot", ACCENT, " % soothing");
	weekly_axis(c, &fr, h - 2);
	return c;
}

char *hv_chart_responses(const json_t *insights, size_t max_weeks, int width)
{
	return as_svg(responses_model(insights, max_weeks, width));
}

static struct hv_chart *triggers_model(const json_t *insights, int width)
{
	const json_t *list = json_object_get(insights, "triggers");
	size_t n = json_array_size(list) < 10 ? json_array_size(list) : 10;
	const char *labels[10];
	double values[10];
	for (size_t i = 0; i < n; i++) {
		const json_t *t = json_array_get(list, i);
		labels[i] = json_string_value(json_object_get(t, "label"));
		values[i] = (double)json_integer_value(json_object_get(t, "count"));
	}
	return hv_chart_bars_model("Trigger kinds, most frequent first", labels, values, n, width,
	                           0);
}

static struct hv_chart *hours_model(const json_t *insights, int width)
{
	static const char *const labels[24] = {"00", "01", "02", "03", "04", "05", "06", "07",
	                                       "08", "09", "10", "11", "12", "13", "14", "15",
	                                       "16", "17", "18", "19", "20", "21", "22", "23"};
	double values[24];
	for (size_t i = 0; i < 24; i++)
		values[i] = (double)json_integer_value(
		    json_array_get(json_object_get(insights, "hours"), i));
	return hv_chart_columns_model("Entries by hour of the day", labels, values, 24, width);
}

/*
 * Practice effects: the mean fall in distress per technique, only where it
 * rests on enough ratings to mean something (mean_change is null below
 * that, and such techniques are left out rather than drawn as zero).
 * Points of distress are averages, so they keep their tenth: 3.0, 3.2.
 */
static struct hv_chart *practices_model(const json_t *insights, int width)
{
	const json_t *list = json_object_get(json_object_get(insights, "practices"), "techniques");
	const char *labels[32];
	double values[32];
	size_t n = 0, i;
	json_t *t;
	json_array_foreach(list, i, t)
	{
		const json_t *change = json_object_get(t, "mean_change");
		if (n == 32 || !json_is_number(change))
			continue;
		labels[n] = json_string_value(json_object_get(t, "label"));
		/* drawn as how much it eased: a fall of 2 points is a bar of 2 */
		values[n++] = -json_number_value(change);
	}
	for (size_t k = 0; k < n; k++)
		if (values[k] < 0)
			values[k] = 0; /* a practice that did not ease shows no bar */
	return hv_chart_bars_model(
	    "How much each practice eased your distress, on average (points of 10)", labels, values,
	    n, width, 1);
}

/* Entries per week as columns, each labelled with its week's first day. */
static struct hv_chart *entries_model(const json_t *insights, int width)
{
	struct weekly_frame fr = weekly_frame(insights, 52, width);
	char(*days)[16] = calloc(fr.n ? fr.n : 1, sizeof *days);
	const char **labels = calloc(fr.n ? fr.n : 1, sizeof *labels);
	double *values = calloc(fr.n ? fr.n : 1, sizeof *values);
	struct hv_chart *c = NULL;
	if (days && labels && values) {
		for (size_t i = 0; i < fr.n; i++) {
			week_day(&fr, i, days[i]);
			labels[i] = days[i];
			values[i] = week_value(&fr, i, "entries");
		}
		c = hv_chart_columns_model("Entries by week", labels, values, fr.n, width);
	}
	free(days);
	free(labels);
	free(values);
	return c;
}

struct hv_chart *hv_chart_model(const char *name, const json_t *insights)
{
	/* "weekly" at the usual width, "weekly-390" drawn 390 pixels wide: a
	 * width is the digits after the last "-" ("relations-mood-390"). */
	char base[32];
	int width = 0;
	const char *dash = strrchr(name, '-');
	size_t k = strlen(name);
	if (dash && dash[1] && strspn(dash + 1, "0123456789") == strlen(dash + 1)) {
		if (strlen(dash + 1) > 4)
			return NULL;
		width = atoi(dash + 1);
		k = (size_t)(dash - name);
	}
	if (k >= sizeof base)
		return NULL;
	memcpy(base, name, k);
	base[k] = '\0';
	if (strcmp(base, "checkins") == 0)
		return hv_chart_checkins_model(json_object_get(insights, "checkins"), width);
	if (strncmp(base, "relations-", 10) == 0)
		return hv_chart_relations_model(json_object_get(insights, "relations"), base + 10,
		                                width);
	if (strcmp(base, "practices") == 0)
		return practices_model(insights, width);
	if (strcmp(base, "weekly") == 0)
		return weekly_model(insights, 52, width);
	if (strcmp(base, "responses") == 0)
		return responses_model(insights, 52, width);
	if (strcmp(base, "triggers") == 0)
		return triggers_model(insights, width);
	if (strcmp(base, "hours") == 0)
		return hours_model(insights, width);
	if (strcmp(base, "entries") == 0)
		return entries_model(insights, width);
	return NULL;
}

char *hv_chart_named(const char *name, const json_t *insights)
{
	return as_svg(hv_chart_model(name, insights));
}
