/*
 * chart.c — drawing the insight charts as SVG (see chart.h).
 *
 * Built with open_memstream and fprintf: the output is small, and text that
 * came from a person (labels) always goes through xml_text().
 */
#include "chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"

#define INK    "#1d2b2f"
#define SOFT   "#5b6b70"
#define ACCENT "#2f6f7e"
#define LINE   "#d5dfdd"

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

static FILE *begin(char **buf, size_t *len, int w, int h, const char *title)
{
	FILE *f = open_memstream(buf, len);
	if (!f)
		return NULL;
	fprintf(f,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" role=\"img\" "
		"font-family=\"system-ui, sans-serif\" font-size=\"12\"><title>",
		w, h);
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

char *hv_chart_bars(const char *title, const char *const *labels, const double *values,
		    size_t n)
{
	const int w = 600, row = 26, left = 210, right = 50;
	int h = (int)n * row + 10;
	char *buf = NULL;
	size_t len;
	FILE *f = begin(&buf, &len, w, h < 40 ? 40 : h, title);
	if (!f)
		return NULL;
	double max = max_of(values, n);
	for (size_t i = 0; i < n; i++) {
		int y = 5 + (int)i * row;
		double frac = max > 0 ? values[i] / max : 0;
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"" INK "\">", left - 8,
			y + 17);
		xml_text(f, labels[i]);
		fprintf(f, "</text><rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"18\" rx=\"3\" "
			   "fill=\"" ACCENT "\"/>",
			left, y + 4, frac * (w - left - right));
		fprintf(f, "<text x=\"%.1f\" y=\"%d\" fill=\"" SOFT "\">%.0f</text>",
			left + frac * (w - left - right) + 6, y + 17, values[i]);
	}
	return end(f, &buf);
}

char *hv_chart_columns(const char *title, const char *const *labels, const double *values,
		       size_t n, size_t every)
{
	const int w = 600, h = 180, top = 10, bottom = 30, left = 10;
	char *buf = NULL;
	size_t len;
	FILE *f = begin(&buf, &len, w, h, title);
	if (!f || n == 0)
		return f ? end(f, &buf) : NULL;
	double max = max_of(values, n), slot = (double)(w - 2 * left) / (double)n;
	fprintf(f, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"" LINE "\"/>", left,
		w - left, h - bottom, h - bottom);
	for (size_t i = 0; i < n; i++) {
		double v = isnan(values[i]) ? 0 : values[i];
		double bh = max > 0 ? v / max * (h - top - bottom) : 0;
		double x = left + slot * (double)i;
		fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"2\" "
			   "fill=\"" ACCENT "\"><title>",
			x + 1, h - bottom - bh, slot - 2, bh);
		xml_text(f, labels[i]);
		fprintf(f, ": %.0f</title></rect>", v);
		if (every && i % every == 0) {
			fprintf(f, "<text x=\"%.1f\" y=\"%d\" fill=\"" SOFT "\">", x + 1, h - 10);
			xml_text(f, labels[i]);
			fputs("</text>", f);
		}
	}
	return end(f, &buf);
}

/* One band of the weekly chart: a line over weeks, gaps where no value. */
static void weekly_band(FILE *f, const json_t *weeks, size_t from, size_t n, const char *key,
			const char *label, int y0, int bh)
{
	const int w = 600, left = 150, right = 20;
	double max = 0;
	for (size_t i = from; i < from + n; i++) {
		const json_t *v = json_object_get(json_array_get(weeks, i), key);
		if (json_is_number(v) && json_number_value(v) > max)
			max = json_number_value(v);
	}
	fprintf(f, "<text x=\"0\" y=\"%d\" fill=\"" INK "\">", y0 + bh / 2 + 4);
	xml_text(f, label);
	fprintf(f, "</text><line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"" LINE "\"/>",
		left, w - right, y0 + bh, y0 + bh);
	double step = n > 1 ? (double)(w - left - right) / (double)(n - 1) : 0;
	/* A dot per week with a value, so a lone week still shows. */
	for (size_t i = 0; i < n; i++) {
		const json_t *v = json_object_get(json_array_get(weeks, from + i), key);
		if (!json_is_number(v) || (strcmp(key, "entries") == 0 && json_number_value(v) == 0))
			continue;
		fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"" ACCENT "\"/>",
			left + step * (double)i,
			y0 + bh - (max > 0 ? json_number_value(v) / max * (bh - 4) : 0));
	}
	int open = 0;
	for (size_t i = 0; i < n; i++) {
		const json_t *v = json_object_get(json_array_get(weeks, from + i), key);
		int present = json_is_number(v) && !(strcmp(key, "entries") == 0 &&
						     json_number_value(v) == 0);
		if (!present) {
			if (open)
				fputs("\" fill=\"none\" stroke=\"" ACCENT "\" stroke-width=\"2\"/>", f);
			open = 0;
			continue;
		}
		double x = left + step * (double)i;
		double y = y0 + bh - (max > 0 ? json_number_value(v) / max * (bh - 4) : 0);
		fprintf(f, open ? " %.1f,%.1f" : "<polyline points=\"%.1f,%.1f", x, y);
		open = 1;
	}
	if (open)
		fputs("\" fill=\"none\" stroke=\"" ACCENT "\" stroke-width=\"2\"/>", f);
	fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"" SOFT "\">max %.0f</text>",
		w - right, y0 + 10, max);
}

char *hv_chart_weekly(const json_t *insights, size_t max_weeks)
{
	const json_t *weeks = json_object_get(insights, "weeks");
	size_t total = json_array_size(weeks);
	size_t n = total < max_weeks ? total : max_weeks, from = total - n;
	char *buf = NULL;
	size_t len;
	FILE *f = begin(&buf, &len, 600, 250, "Entries, mean intensity and minutes to ease, by week");
	if (!f)
		return NULL;
	fputs("<desc>Three lines over the weeks, oldest on the left. Gaps are weeks with no "
	      "value.</desc>",
	      f);
	weekly_band(f, weeks, from, n, "entries", "entries", 5, 60);
	weekly_band(f, weeks, from, n, "mean_intensity", "mean intensity", 85, 60);
	weekly_band(f, weeks, from, n, "median_recovery_minutes", "minutes to ease", 165, 60);
	if (n) {
		const char *first = json_string_value(json_object_get(json_array_get(weeks, from), "week"));
		const char *last = json_string_value(json_object_get(json_array_get(weeks, total - 1), "week"));
		fprintf(f, "<text x=\"150\" y=\"246\" fill=\"" SOFT "\">%s</text>", first ? first : "");
		fprintf(f, "<text x=\"580\" y=\"246\" text-anchor=\"end\" fill=\"" SOFT "\">%s</text>",
			last ? last : "");
	}
	return end(f, &buf);
}

static char *triggers_chart(const json_t *insights)
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
	return hv_chart_bars("Trigger kinds, most frequent first", labels, values, n);
}

static char *hours_chart(const json_t *insights)
{
	static const char *const labels[24] = {"00", "01", "02", "03", "04", "05", "06", "07",
					       "08", "09", "10", "11", "12", "13", "14", "15",
					       "16", "17", "18", "19", "20", "21", "22", "23"};
	double values[24];
	for (size_t i = 0; i < 24; i++)
		values[i] = (double)json_integer_value(
		    json_array_get(json_object_get(insights, "hours"), i));
	return hv_chart_columns("Entries by hour of the day", labels, values, 24, 3);
}

/*
 * Practice effects: the mean fall in distress per technique, only where it
 * rests on enough ratings to mean something (mean_change is null below
 * that, and such techniques are left out rather than drawn as zero).
 */
static char *practices_chart(const json_t *insights)
{
	const json_t *list = json_object_get(json_object_get(insights, "practices"), "techniques");
	const char *labels[32];
	double values[32];
	size_t n = 0, i;
	json_t *t;
	json_array_foreach(list, i, t) {
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
	return hv_chart_bars("How much each practice eased your distress, on average (points of 10)",
			     labels, values, n);
}

char *hv_chart_named(const char *name, const json_t *insights)
{
	if (strcmp(name, "practices") == 0)
		return practices_chart(insights);
	if (strcmp(name, "weekly") == 0)
		return hv_chart_weekly(insights, 52);
	if (strcmp(name, "triggers") == 0)
		return triggers_chart(insights);
	if (strcmp(name, "hours") == 0)
		return hours_chart(insights);
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
};

static double x_of(const struct span *t, int64_t ms, size_t i, size_t n, int left, int right)
{
	double width = 600 - left - right;
	if (t->last > t->first)
		return left + width * (double)(ms - t->first) / (double)(t->last - t->first);
	return n > 1 ? left + width * (double)i / (double)(n - 1) : left + width / 2;
}

static void history_band(FILE *f, const json_t *series, const struct span *t, double lo,
			 double hi, int y0, int bh)
{
	const int left = 200, right = 50;
	const char *title = json_string_value(json_object_get(series, "title"));
	const char *target = json_string_value(json_object_get(series, "target"));
	const char *higher = json_string_value(json_object_get(series, "higher_means"));
	fprintf(f, "<text x=\"0\" y=\"%d\" fill=\"" INK "\" font-weight=\"600\">", y0 + 16);
	xml_text(f, title);
	if (target) {
		fputs(" — ", f);
		xml_text(f, target);
	}
	fprintf(f, "</text><text x=\"0\" y=\"%d\" fill=\"" SOFT "\" font-size=\"11\">", y0 + 32);
	if (higher) {
		fputs("higher: ", f);
		xml_text(f, higher);
	}
	fputs("</text>", f);
	/* The scale's ends and middle as faint guides, so a level reads at a glance. */
	double mid = (lo + hi) / 2;
	const double guides[3] = {lo, mid, hi};
	for (int g = 0; g < 3; g++) {
		double y = y0 + bh - (guides[g] - lo) / (hi - lo) * bh;
		fprintf(f, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"" LINE "\"/>",
			left, 600 - right, y, y);
		fprintf(f, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"" SOFT
			   "\" font-size=\"10\">%g</text>",
			left - 4, y + 3, guides[g]);
	}
	const json_t *points = json_object_get(series, "points");
	size_t n = json_array_size(points);
	if (n > 1) {
		fputs("<polyline fill=\"none\" stroke=\"" ACCENT "\" stroke-width=\"2\" points=\"", f);
		for (size_t i = 0; i < n; i++) {
			const json_t *p = json_array_get(points, i);
			double v = json_number_value(json_object_get(p, "score"));
			fprintf(f, "%s%.1f,%.1f", i ? " " : "", x_of(t, taken_ms(p), i, n, left, right),
				y0 + bh - (v - lo) / (hi - lo) * bh);
		}
		fputs("\"/>", f);
	}
	for (size_t i = 0; i < n; i++) {
		const json_t *p = json_array_get(points, i);
		double v = json_number_value(json_object_get(p, "score"));
		double x = x_of(t, taken_ms(p), i, n, left, right);
		double y = y0 + bh - (v - lo) / (hi - lo) * bh;
		char day[11];
		taken_day(p, day);
		fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"" ACCENT "\"><title>", x, y);
		xml_text(f, day);
		fprintf(f, ": %.2f</title></circle>", v);
		if (i + 1 == n)
			fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" fill=\"" INK "\">%.2f</text>", x + 8,
				y + 4, v);
	}
}

char *hv_chart_history(const json_t *history, double lo, double hi)
{
	const json_t *list = json_object_get(history, "series");
	size_t ns = json_array_size(list);
	const int band = 70, top = 6, axis = 22;
	int h = top + (int)ns * band + axis;
	if (!(hi > lo))
		hi = lo + 1;
	const char *title = json_string_value(json_object_get(history, "title"));
	char heading[300];
	snprintf(heading, sizeof heading, "%s: scores over time", title ? title : "Self-assessment");
	char *buf = NULL;
	size_t len;
	FILE *f = begin(&buf, &len, 600, h < 60 ? 60 : h, heading);
	if (!f)
		return NULL;
	fprintf(f, "<desc>One line per area, oldest result on the left, newest on the right; each "
		   "area's scale runs from %g at the bottom to %g at the top. A reflection over "
		   "time, not a diagnosis.</desc>",
		lo, hi);
	struct span t = {0, 0};
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
		history_band(f, json_array_get(list, i), &t, lo, hi, top + (int)i * band, band - 26);
	if (first_pt) {
		char a[11], b[11];
		taken_day(first_pt, a);
		taken_day(last_pt, b);
		fprintf(f, "<text x=\"200\" y=\"%d\" fill=\"" SOFT "\">%s</text>", h - 6, a);
		if (t.last > t.first)
			fprintf(f, "<text x=\"550\" y=\"%d\" text-anchor=\"end\" fill=\"" SOFT
				   "\">%s</text>",
				h - 6, b);
	}
	return end(f, &buf);
}
