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

/* Charts are drawn for the width they are shown at, in CSS pixels: the
 * usual width when 0 is asked for, and never narrower or wider than these. */
#define HV_CHART_WIDTH     600
#define HV_CHART_MIN_WIDTH 240
#define HV_CHART_MAX_WIDTH 1200
/* Text size in a chart, in the same pixels: the same on every screen. */
#define HV_CHART_FONT 14

/* A chart as shapes (chart-model.h), which the SVG below and the report's
 * PDF both draw; NULL when out of memory. */
struct hv_chart;
void hv_chart_free(struct hv_chart *c);
void hv_chart_size(const struct hv_chart *c, int *w, int *h);
const char *hv_chart_title(const struct hv_chart *c);
/* The chart as SVG text; caller frees. */
char *hv_chart_svg(const struct hv_chart *c);

/* Bars and columns as above, as shapes. */
struct hv_chart *hv_chart_bars_model(const char *title, const char *const *labels,
                                     const double *values, size_t n, int width, int decimals);
struct hv_chart *hv_chart_columns_model(const char *title, const char *const *labels,
                                        const double *values, size_t n, int width);

/* The chart named as for hv_chart_named, as shapes. */
struct hv_chart *hv_chart_model(const char *name, const json_t *insights);
/* The history chart of hv_chart_history, as shapes. */
struct hv_chart *hv_chart_history_model(const json_t *history, double lo, double hi, int width);

/*
 * The two dimensions as one picture, from two series of hv_assess_history
 * (their points paired by result): across x_series, up y_series, both on
 * the scale lo to hi; each result a dot, joined oldest to newest.
 */
struct hv_chart *hv_chart_dimensions_model(const json_t *x_series, const json_t *y_series,
                                           double lo, double hi, const char *title, int width);

/* The check-ins by week (insights' "checkins", insight/checkin-weeks.h):
 * a line per 0–10 series over the weeks' real dates, with a legend. */
struct hv_chart *hv_chart_checkins_model(const json_t *checkins, int width);

/* What went with one outcome (insights' "relations"): per factor with
 * enough days, at most HV_CHART_RELATIONS, the difference seen as a dot
 * and its likely range as a line, about no difference.  NULL when the
 * outcome has none to show. */
#define HV_CHART_RELATIONS 6
struct hv_chart *hv_chart_relations_model(const json_t *relations, const char *outcome, int width);

/* The width a chart asked for `width` is drawn at. */
int hv_chart_width(int width);

/* Horizontal bars, one per label, each value with `decimals` places; caller frees. */
char *hv_chart_bars(const char *title, const char *const *labels, const double *values, size_t n,
                    int width, int decimals);

/* Vertical columns over n slots (hours, weekdays), as many labelled as fit. */
char *hv_chart_columns(const char *title, const char *const *labels, const double *values, size_t n,
                       int width);

/*
 * Small multiples over weeks from the insights value: entries, mean
 * intensity and median minutes to ease, last `max_weeks` weeks, each with
 * its scale and the weeks' real dates below.
 */
char *hv_chart_weekly(const json_t *insights, size_t max_weeks, int width);

/* The share of protest-type and of soothing responses per week, 0–100 %. */
char *hv_chart_responses(const json_t *insights, size_t max_weeks, int width);

/*
 * Self-assessment scores over time, from the value of hv_assess_history():
 * one small band per series (subscale, and target when the instrument has
 * targets), each a line over the shared time axis from the first result to
 * the last, its y axis the instrument's scale from lo to hi.  Every point
 * carries its date and score as a tooltip; the band names its direction
 * ("higher means ...") so the two directions are never mixed silently.
 */
char *hv_chart_history(const json_t *history, double lo, double hi, int width);

/* The chart named NAME ("weekly", "responses", "triggers", "hours",
 * "practices", "entries" — entries per week as columns —, "checkins",
 * "relations-OUTCOME") from insights; "weekly-390" draws it 390 pixels
 * wide. */
char *hv_chart_named(const char *name, const json_t *insights);

#endif
