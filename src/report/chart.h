/*
 * chart.h — charts as SVG text, drawn once in C so the web app and the
 * printed report show the same picture of the same numbers.
 *
 * Charts are plain, high-contrast and labelled; every chart has a <title>
 * and <desc> for screen readers, and colours come from CSS-independent
 * attributes so the SVG stands alone.
 */
#ifndef HAVEN_CHART_H
#define HAVEN_CHART_H

#include <jansson.h>
#include <stddef.h>

/* Horizontal bars, one per label; caller frees. */
char *hv_chart_bars(const char *title, const char *const *labels, const double *values,
		    size_t n);

/* Vertical columns over n slots (hours, weekdays), labelled every `every`. */
char *hv_chart_columns(const char *title, const char *const *labels, const double *values,
		       size_t n, size_t every);

/*
 * Small multiples over weeks from the insights value: entries, mean
 * intensity and median minutes to ease, last `max_weeks` weeks.
 */
char *hv_chart_weekly(const json_t *insights, size_t max_weeks);

/*
 * Self-assessment scores over time, from the value of hv_assess_history():
 * one small band per series (subscale, and target when the instrument has
 * targets), each a line over the shared time axis from the first result to
 * the last, its y axis the instrument's scale from lo to hi.  Every point
 * carries its date and score as a tooltip; the band names its direction
 * ("higher means ...") so the two directions are never mixed silently.
 */
char *hv_chart_history(const json_t *history, double lo, double hi);

/* The chart named NAME ("weekly", "triggers", "hours") from insights. */
char *hv_chart_named(const char *name, const json_t *insights);

#endif
