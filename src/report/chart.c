/*
 * chart.c — drawing the insight charts as SVG (see chart.h).
 *
 * Built with open_memstream and fprintf: the output is small, and text that
 * came from a person (labels) always goes through xml_text().
 *
 * Every chart is drawn for the width it will be shown at (the viewBox is
 * that many CSS pixels), so its text is HV_CHART_FONT pixels tall on a phone
 * as on a desktop; a narrow chart moves its labels rather than shrinking.
 * Colours are presentation attributes, so a chart standing alone is legible,
 * and each element carries a class (ink, soft, bar, trend, grid, warn) that
 * the web app's style sheet maps onto its theme's custom properties, which
 * beat presentation attributes: in the page, dark mode recolours the text.
 */
#include "chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"

#define INK    "#1d2b2f"
#define SOFT   "#4a5b60"
#define ACCENT "#2f6f7e"
#define LINE   "#d5dfdd"
#define WARN   "#8a3b12"

#define FONT HV_CHART_FONT

static void xml_text(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
	}
}

int hv_chart_width(int width)
{
	if (width <= 0)
		return HV_CHART_WIDTH;
	return width < HV_CHART_MIN_WIDTH   ? HV_CHART_MIN_WIDTH
	       : width > HV_CHART_MAX_WIDTH ? HV_CHART_MAX_WIDTH
	                                    : width;
}

static FILE *begin(char **buf, size_t *len, int w, int h, const char *title)
{
	FILE *f = open_memstream(buf, len);
	if (!f)
		return NULL;
	fprintf(f,
	        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 %d %d\" "
	        "width=\"%d\" height=\"%d\" role=\"img\" font-family=\"system-ui, sans-serif\" "
	        "font-size=\"%d\"><title>",
	        w, h, w, h, FONT);
	xml_text(f, title);
	fputs("</title>", f);
	return f;
}

static char *end(FILE *f, char **buf)
{
	fputs("</svg>\n", f);
	if (fclose(f) != 0) {
		free(*buf);
		return NULL;
	}
	return *buf;
}

static double max_of(const double *v, size_t n)
{
	double m = 0;
	for (size_t i = 0; i < n; i++)
		if (!isnan(v[i]) && v[i] > m)
			m = v[i];
	return m;
}

/* A value as a person reads it: with `decimals` places ("3.0", "3.2"). */
static void value_text(FILE *f, double v, int decimals)
{
	fprintf(f, "%.*f", decimals, v);
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
char *hv_chart_bars(const char *title, const char *const *labels, const double *values, size_t n,
                    int width, int decimals)
{
	const int w = hv_chart_width(width), narrow = w < 480, right = 8 + 5 * FONT / 2;
	const int left = narrow ? 0 : w * 35 / 100, row = narrow ? 2 * FONT + 18 : FONT + 14;
	int h = (int)n * row + 8;
	char *buf = NULL;
	size_t len;
	FILE *f = begin(&buf, &len, w, h < 40 ? 40 : h, title);
	if (!f)
		return NULL;
	double max = max_of(values, n);
	for (size_t i = 0; i < n; i++) {
		int y = 4 + (int)i * row, bar_y = narrow ? y + FONT + 4 : y + 2;
		double frac = max > 0 ? values[i] / max : 0, bw = frac * (w - left - right);
		if (narrow)
			fprintf(f, "<text class=\"ink\" x=\"0\" y=\"%d\" fill=\"" INK "\">",
			        y + FONT);
		else
			fprintf(
			    f,
			    "<text class=\"ink\" x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"" INK
			    "\">",
			    left - 8, bar_y + FONT);
		xml_text(f, labels[i]);
		fprintf(f,
		        "</text><rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
		        "rx=\"3\" fill=\"" ACCENT "\"/>",
		        left, bar_y, bw, FONT + 4);
		fprintf(f, "<text class=\"soft\" x=\"%.1f\" y=\"%d\" fill=\"" SOFT "\">",
		        left + bw + 6, bar_y + FONT);
		value_text(f, values[i], decimals);
		fputs("</text>", f);
	}
	return end(f, &buf);
}

char *hv_chart_columns(const char *title, const char *const *labels, const double *values, size_t n,
                       int width)
{
	const int w = hv_chart_width(width), h = 150 + 2 * FONT, top = 8, bottom = FONT + 12;
	const int left = 3 * FONT, right = 8;
	char *buf = NULL;
	size_t len;
	FILE *f = begin(&buf, &len, w, h, title);
	if (!f || n == 0)
		return f ? end(f, &buf) : NULL;
	double max = nice_ceiling(max_of(values, n)), slot = (double)(w - left - right) / (double)n;
	/* The scale in its own gutter: 0 and the top, with faint guides. */
	const double guides[2] = {0, max};
	for (int g = 0; g < 2; g++) {
		double y = h - bottom - guides[g] / max * (h - top - bottom);
		fprintf(
		    f,
		    "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" "
		    "stroke=\"" LINE
		    "\"/><text class=\"soft\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"" SOFT
		    "\">%g</text>",
		    left, w - right, y, y, left - 6, y + FONT / 3.0, guides[g]);
	}
	/* As many hour labels as fit without touching. */
	size_t every = 1;
	while (slot * (double)every < 2.6 * FONT)
		every = every < 2 ? 2 : every < 3 ? 3 : every < 4 ? 4 : every * 2;
	for (size_t i = 0; i < n; i++) {
		double v = isnan(values[i]) ? 0 : values[i];
		double bh = v / max * (h - top - bottom);
		double x = left + slot * (double)i;
		fprintf(f,
		        "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		        "rx=\"2\" fill=\"" ACCENT "\"><title>",
		        x + 1, h - bottom - bh, slot - 2, bh);
		xml_text(f, labels[i]);
		fprintf(f, ": %.0f</title></rect>", v);
		if (i % every == 0) {
			fprintf(f,
			        "<text class=\"soft\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" "
			        "fill=\"" SOFT "\">",
			        x + slot / 2, h - 4);
			xml_text(f, labels[i]);
			fputs("</text>", f);
		}
	}
	return end(f, &buf);
}

/* "28 Sep" from "2026-09-28". */
static void short_date(const char *iso, char out[16])
{
	static const char *const months[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	int y, m, d;
	if (!iso || sscanf(iso, "%d-%d-%d", &y, &m, &d) != 3 || m < 1 || m > 12) {
		snprintf(out, 16, "%s", iso ? iso : "");
		return;
	}
	snprintf(out, 16, "%d %s", d, months[m - 1]);
}

/* The plot area every band of a weekly chart shares. */
struct weekly_frame {
	int w, left, right;
	size_t from, n;
	const json_t *weeks;
};

static double week_x(const struct weekly_frame *fr, size_t i)
{
	double span = fr->w - fr->left - fr->right;
	return fr->n > 1 ? fr->left + span * (double)i / (double)(fr->n - 1) : fr->left + span / 2;
}

/* A week's value of key, or NAN: no number, or no entries to count. */
static double week_value(const struct weekly_frame *fr, size_t i, const char *key)
{
	const json_t *v = json_object_get(json_array_get(fr->weeks, fr->from + i), key);
	if (!json_is_number(v))
		return NAN;
	return json_number_value(v);
}

/* One series of a band: a line through its weeks, broken where a week has
 * no value, and a dot per week carrying its date and value. */
static void weekly_line(FILE *f, const struct weekly_frame *fr, const char *key, double top_value,
                        int y0, int bh, int decimals, const char *cls, const char *colour,
                        const char *unit)
{
	int open = 0;
	for (size_t i = 0; i < fr->n; i++) {
		double v = week_value(fr, i, key);
		if (isnan(v)) {
			if (open)
				fprintf(f,
				        "\" fill=\"none\" class=\"%s-line\" stroke=\"%s\" "
				        "stroke-width=\"2\"/>",
				        cls, colour);
			open = 0;
			continue;
		}
		fprintf(f, open ? " %.1f,%.1f" : "<polyline points=\"%.1f,%.1f", week_x(fr, i),
		        y0 + bh - v / top_value * bh);
		open = 1;
	}
	if (open)
		fprintf(f, "\" fill=\"none\" class=\"%s-line\" stroke=\"%s\" stroke-width=\"2\"/>",
		        cls, colour);
	for (size_t i = 0; i < fr->n; i++) {
		double v = week_value(fr, i, key);
		if (isnan(v))
			continue;
		char day[16];
		short_date(json_string_value(
		               json_object_get(json_array_get(fr->weeks, fr->from + i), "start")),
		           day);
		fprintf(f,
		        "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" "
		        "fill=\"%s\"><title>Week of %s: ",
		        cls, week_x(fr, i), y0 + bh - v / top_value * bh, colour, day);
		value_text(f, v, decimals);
		fprintf(f, "%s</title></circle>", unit);
	}
}

/*
 * The trend under a noisy series: each week's value averaged with its
 * neighbours' (the three weeks around it that have one), drawn as a broad
 * faint line beneath the weekly dots, so one hard week does not hide the
 * direction.  Drawn only with at least three weeks of values.
 */
static void weekly_smooth(FILE *f, const struct weekly_frame *fr, const char *key, double top_value,
                          int y0, int bh)
{
	size_t have = 0;
	for (size_t i = 0; i < fr->n; i++)
		have += !isnan(week_value(fr, i, key));
	if (have < 3)
		return;
	fputs("<polyline class=\"smooth\" fill=\"none\" stroke=\"" LINE
	      "\" stroke-width=\"6\" stroke-linecap=\"round\" stroke-linejoin=\"round\" points=\"",
	      f);
	int first = 1;
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
		fprintf(f, first ? "%.1f,%.1f" : " %.1f,%.1f", week_x(fr, i),
		        y0 + bh - sum / k / top_value * bh);
		first = 0;
	}
	fputs("\"><title>Smoothed over three weeks</title></polyline>", f);
}

/* A band's frame: its heading, and a scale from 0 to top in the left gutter
 * with faint guides, clear of the first week's dot. */
static void weekly_frame_band(FILE *f, const struct weekly_frame *fr, const char *label, double top,
                              int y0, int bh)
{
	fprintf(f, "<text class=\"ink\" x=\"0\" y=\"%d\" fill=\"" INK "\" font-weight=\"600\">",
	        y0 - FONT - 2);
	xml_text(f, label);
	fputs("</text>", f);
	const double guides[3] = {0, top / 2, top};
	for (int g = 0; g < 3; g++) {
		double y = y0 + bh - guides[g] / top * bh;
		fprintf(f,
		        "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" "
		        "stroke=\"" LINE "\"/>",
		        fr->left - 6, fr->w - fr->right + 6, y, y);
		if (g == 1)
			continue; /* the middle guide is a line only: fewer numbers to read */
		fprintf(f,
		        "<text class=\"soft\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"" SOFT
		        "\">%g</text>",
		        fr->left - 10, y + FONT / 3.0, guides[g]);
	}
}

/* The time axis under the last band: real dates of week starts, as many
 * as fit without touching, always the first and the last. */
static void weekly_axis(FILE *f, const struct weekly_frame *fr, int y)
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
		short_date(json_string_value(
		               json_object_get(json_array_get(fr->weeks, fr->from + i), "start")),
		           day);
		const char *anchor = ticks > 1 && t == 0           ? "start"
		                     : t + 1 == ticks && ticks > 1 ? "end"
		                                                   : "middle";
		double x = week_x(fr, i);
		fprintf(
		    f,
		    "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" "
		    "stroke=\"" LINE
		    "\"/><text class=\"soft\" x=\"%.1f\" y=\"%d\" text-anchor=\"%s\" fill=\"" SOFT
		    "\">%s</text>",
		    x, x, y - FONT - 6, y - FONT - 2,
		    x - (ticks > 1 && t == 0 ? 4 : 0) + (t + 1 == ticks && ticks > 1 ? 4 : 0), y,
		    anchor, day);
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

char *hv_chart_weekly(const json_t *insights, size_t max_weeks, int width)
{
	struct weekly_frame fr = weekly_frame(insights, max_weeks, width);
	const int bh = 70, band = bh + 3 * FONT + 18, top = 2 * FONT + 8;
	int h = top + 3 * band + FONT;
	char *buf = NULL;
	size_t len;
	FILE *f =
	    begin(&buf, &len, fr.w, h, "Entries, mean intensity and minutes to ease, by week");
	if (!f)
		return NULL;
	fputs("<desc>Three charts over the same weeks, oldest on the left, each with its scale on "
	      "the left. Gaps are weeks with no value.</desc>",
	      f);
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
	weekly_frame_band(f, &fr, "Entries per week", te, top, bh);
	weekly_line(f, &fr, "entries", te, top, bh, 0, "dot", ACCENT, " entries");
	weekly_frame_band(f, &fr, "Mean intensity (out of 10)", 10, top + band, bh);
	weekly_line(f, &fr, "mean_intensity", 10, top + band, bh, 1, "dot", ACCENT, " of 10");
	weekly_frame_band(f, &fr, "Minutes until it eased (median, and its trend)", tm,
	                  top + 2 * band, bh);
	weekly_smooth(f, &fr, "median_recovery_minutes", tm, top + 2 * band, bh);
	weekly_line(f, &fr, "median_recovery_minutes", tm, top + 2 * band, bh, 0, "dot", ACCENT,
	            " minutes");
	weekly_axis(f, &fr, h - 2);
	return end(f, &buf);
}

/*
 * What was done when the alarm went off, week by week: of the entries that
 * say what was done, the share with a protest-type response and the share
 * with a soothing one (an entry with both counts in each), 0–100 %.
 */
char *hv_chart_responses(const json_t *insights, size_t max_weeks, int width)
{
	struct weekly_frame fr = weekly_frame(insights, max_weeks, width);
	const int bh = 110, top = 4 * FONT + 16;
	int h = top + bh + 2 * FONT + 12;
	char *buf = NULL;
	size_t len;
	FILE *f = begin(&buf, &len, fr.w, h, "Protest and soothing responses, share of each week");
	if (!f)
		return NULL;
	fputs("<desc>Two lines over the weeks, oldest on the left: the share of entries with a "
	      "protest-type response and the share with a soothing one, out of the entries that "
	      "say what was done.</desc>",
	      f);
	/* The legend doubles as the heading: which colour is which. */
	fprintf(f,
	        "<circle class=\"warn\" cx=\"6\" cy=\"%d\" r=\"5\" fill=\"" WARN "\"/>"
	        "<text class=\"ink\" x=\"16\" y=\"%d\" fill=\"" INK "\">protest</text>"
	        "<circle class=\"dot\" cx=\"96\" cy=\"%d\" r=\"5\" fill=\"" ACCENT "\"/>"
	        "<text class=\"ink\" x=\"106\" y=\"%d\" fill=\"" INK "\">soothing</text>",
	        FONT / 2 + 2, FONT, FONT / 2 + 2, FONT);
	weekly_frame_band(f, &fr, "Share of the week's entries, in %", 100, top, bh);
	weekly_line(f, &fr, "protest_share", 100, top, bh, 0, "warn", WARN, " % protest");
	weekly_line(f, &fr, "soothing_share", 100, top, bh, 0, "dot", ACCENT, " % soothing");
	weekly_axis(f, &fr, h - 2);
	return end(f, &buf);
}

static char *triggers_chart(const json_t *insights, int width)
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
	return hv_chart_bars("Trigger kinds, most frequent first", labels, values, n, width, 0);
}

static char *hours_chart(const json_t *insights, int width)
{
	static const char *const labels[24] = {"00", "01", "02", "03", "04", "05", "06", "07",
	                                       "08", "09", "10", "11", "12", "13", "14", "15",
	                                       "16", "17", "18", "19", "20", "21", "22", "23"};
	double values[24];
	for (size_t i = 0; i < 24; i++)
		values[i] = (double)json_integer_value(
		    json_array_get(json_object_get(insights, "hours"), i));
	return hv_chart_columns("Entries by hour of the day", labels, values, 24, width);
}

/*
 * Practice effects: the mean fall in distress per technique, only where it
 * rests on enough ratings to mean something (mean_change is null below
 * that, and such techniques are left out rather than drawn as zero).
 * Points of distress are averages, so they keep their tenth: 3.0, 3.2.
 */
static char *practices_chart(const json_t *insights, int width)
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
	return hv_chart_bars(
	    "How much each practice eased your distress, on average (points of 10)", labels, values,
	    n, width, 1);
}

char *hv_chart_named(const char *name, const json_t *insights)
{
	/* "weekly" at the usual width, "weekly-390" drawn 390 pixels wide. */
	char base[32];
	int width = 0;
	size_t k = strcspn(name, "-");
	if (k >= sizeof base)
		return NULL;
	memcpy(base, name, k);
	base[k] = '\0';
	if (name[k]) {
		const char *digits = name + k + 1;
		if (!*digits || strlen(digits) > 4 ||
		    strspn(digits, "0123456789") != strlen(digits))
			return NULL;
		width = atoi(digits);
	}
	if (strcmp(base, "practices") == 0)
		return practices_chart(insights, width);
	if (strcmp(base, "weekly") == 0)
		return hv_chart_weekly(insights, 52, width);
	if (strcmp(base, "responses") == 0)
		return hv_chart_responses(insights, 52, width);
	if (strcmp(base, "triggers") == 0)
		return triggers_chart(insights, width);
	if (strcmp(base, "hours") == 0)
		return hours_chart(insights, width);
	return NULL;
}

/* --- self-assessment history --------------------------------------------- */

/* A point's time in ms, from its RFC 3339 "taken"; 0 when unreadable. */
static int64_t taken_ms(const json_t *point)
{
	int64_t ms = 0;
	int off;
	const char *s = json_string_value(json_object_get(point, "taken"));
	if (!s || hv_parse_rfc3339(s, &ms, &off) < 0)
		return 0;
	return ms;
}

/* The date part ("2026-01-07") of a point's "taken", for axis labels. */
static void taken_day(const json_t *point, char out[11])
{
	const char *s = json_string_value(json_object_get(point, "taken"));
	snprintf(out, 11, "%.10s", s ? s : "");
}

struct span {
	int64_t first, last;
	int w, left, right;
};

static double x_of(const struct span *t, int64_t ms, size_t i, size_t n)
{
	double width = t->w - t->left - t->right;
	if (t->last > t->first)
		return t->left + width * (double)(ms - t->first) / (double)(t->last - t->first);
	return n > 1 ? t->left + width * (double)i / (double)(n - 1) : t->left + width / 2;
}

/* One area's band: its name and direction above, the scale's ends and
 * middle in the left gutter (the first result is drawn clear of them), a
 * line through the results and the latest score beside the last one. */
static void history_band(FILE *f, const json_t *series, const struct span *t, double lo, double hi,
                         int y0, int bh)
{
	const char *title = json_string_value(json_object_get(series, "title"));
	const char *target = json_string_value(json_object_get(series, "target"));
	const char *higher = json_string_value(json_object_get(series, "higher_means"));
	fprintf(f, "<text class=\"ink\" x=\"0\" y=\"%d\" fill=\"" INK "\" font-weight=\"600\">",
	        y0 + FONT);
	xml_text(f, title);
	if (target) {
		fputs(" — ", f);
		xml_text(f, target);
	}
	fprintf(f, "</text><text class=\"soft\" x=\"0\" y=\"%d\" fill=\"" SOFT "\">",
	        y0 + 2 * FONT + 4);
	if (higher) {
		fputs("higher: ", f);
		xml_text(f, higher);
	}
	fputs("</text>", f);
	int py = y0 + 2 * FONT + 18; /* the plot's top */
	double mid = (lo + hi) / 2;
	const double guides[3] = {lo, mid, hi};
	for (int g = 0; g < 3; g++) {
		double y = py + bh - (guides[g] - lo) / (hi - lo) * bh;
		fprintf(
		    f,
		    "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" "
		    "stroke=\"" LINE
		    "\"/><text class=\"soft\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"" SOFT
		    "\">%g</text>",
		    t->left - 10, t->w - t->right + 6, y, y, t->left - 14, y + FONT / 3.0,
		    guides[g]);
	}
	const json_t *points = json_object_get(series, "points");
	size_t n = json_array_size(points);
	if (n > 1) {
		fputs("<polyline class=\"dot-line\" fill=\"none\" stroke=\"" ACCENT
		      "\" stroke-width=\"2\" points=\"",
		      f);
		for (size_t i = 0; i < n; i++) {
			const json_t *p = json_array_get(points, i);
			double v = json_number_value(json_object_get(p, "score"));
			fprintf(f, "%s%.1f,%.1f", i ? " " : "", x_of(t, taken_ms(p), i, n),
			        py + bh - (v - lo) / (hi - lo) * bh);
		}
		fputs("\"/>", f);
	}
	for (size_t i = 0; i < n; i++) {
		const json_t *p = json_array_get(points, i);
		double v = json_number_value(json_object_get(p, "score"));
		double x = x_of(t, taken_ms(p), i, n);
		double y = py + bh - (v - lo) / (hi - lo) * bh;
		char day[11];
		taken_day(p, day);
		fprintf(f,
		        "<circle class=\"dot\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"" ACCENT
		        "\"><title>",
		        x, y);
		xml_text(f, day);
		fprintf(f, ": %.2f</title></circle>", v);
		if (i + 1 == n)
			fprintf(f,
			        "<text class=\"ink\" x=\"%.1f\" y=\"%.1f\" fill=\"" INK
			        "\">%.2f</text>",
			        x + 8, y + FONT / 3.0, v);
	}
}

char *hv_chart_history(const json_t *history, double lo, double hi, int width)
{
	const json_t *list = json_object_get(history, "series");
	size_t ns = json_array_size(list);
	const int bh = 60, band = bh + 2 * FONT + 34, top = 4, axis = FONT + 10;
	int h = top + (int)ns * band + axis;
	if (!(hi > lo))
		hi = lo + 1;
	const char *title = json_string_value(json_object_get(history, "title"));
	char heading[300];
	snprintf(heading, sizeof heading, "%s: scores over time",
	         title ? title : "Self-assessment");
	char *buf = NULL;
	size_t len;
	struct span t = {0, 0, hv_chart_width(width), 3 * FONT + 8, 4 * FONT};
	FILE *f = begin(&buf, &len, t.w, h < 60 ? 60 : h, heading);
	if (!f)
		return NULL;
	fprintf(f,
	        "<desc>One line per area, oldest result on the left, newest on the right; each "
	        "area's scale runs from %g at the bottom to %g at the top. A reflection over "
	        "time, not a diagnosis.</desc>",
	        lo, hi);
	const json_t *first_pt = NULL, *last_pt = NULL;
	for (size_t i = 0; i < ns; i++) {
		const json_t *points = json_object_get(json_array_get(list, i), "points");
		for (size_t k = 0; k < json_array_size(points); k++) {
			const json_t *p = json_array_get(points, k);
			int64_t ms = taken_ms(p);
			if (!first_pt || ms < t.first)
				t.first = ms, first_pt = p;
			if (!last_pt || ms > t.last)
				t.last = ms, last_pt = p;
		}
	}
	for (size_t i = 0; i < ns; i++)
		history_band(f, json_array_get(list, i), &t, lo, hi, top + (int)i * band, bh);
	if (first_pt) {
		char a[16], b[16];
		short_date(json_string_value(json_object_get(first_pt, "taken")), a);
		short_date(json_string_value(json_object_get(last_pt, "taken")), b);
		fprintf(f, "<text class=\"soft\" x=\"%d\" y=\"%d\" fill=\"" SOFT "\">%s</text>",
		        t.left, h - 4, a);
		if (t.last > t.first)
			fprintf(f,
			        "<text class=\"soft\" x=\"%d\" y=\"%d\" text-anchor=\"end\" "
			        "fill=\"" SOFT "\">%s</text>",
			        t.w - t.right, h - 4, b);
	}
	return end(f, &buf);
}
