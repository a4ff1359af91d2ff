/*
 * relations.h — what goes with what: each daily factor of the check-in
 * beside the day's outcomes, said as a difference with an honest interval,
 * or not said at all when there are too few days.
 *
 * The unit is a day with a check-in (local calendar day of the check-in).
 * Per day:
 *   - a built-in factor (sleep, sleep_quality, caffeine, alcohol, movement,
 *     safe_people) is the mean of the values the day's check-ins gave;
 *   - an own yes/no factor is yes when any check-in of the day said yes,
 *     no when one said no and none yes, and left out when none answered;
 *   - outcomes: distress (mean of the day's check-in distress), anxiety
 *     (mean of the anxiety factor), triggers (journal entries that day, 0
 *     when none, but only between the journal's first and last entry), intensity (mean intensity of
 * that day's entries) and recovery (mean recovered_minutes of the entries that have it). Mood is
 * neither: it is too close to the outcomes to explain them. Each factor is compared on the same
 * day, and (except sleep and sleep quality, which a check-in already gives for the night before) on
 * the next day: the factor of day D-1 beside the outcomes of day D, both days having check-ins.
 *
 * The rule before anything is said:
 *   - yes/no: at least HV_REL_MIN days with and HV_REL_MIN days without;
 *   - a number: at least 2*HV_REL_MIN days and 3 different values; the
 *     days are split at the threshold t ("more than t" against "t or
 *     less") that leaves the smaller side largest (the lowest such t), and
 *     each side must hold at least HV_REL_MIN days.
 * The size is the difference of the two means (with minus without) and
 * its interval is Welch's 90 % t interval (unequal variances, Welch-
 * Satterthwaite degrees of freedom): deterministic, and honest about how
 * few days there are.  "clear" when the interval leaves out zero.
 */
#ifndef HAVEN_RELATIONS_H
#define HAVEN_RELATIONS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/store.h"

#define HV_REL_MIN   3    /* days on each side before anything is said */
#define HV_REL_LEVEL 0.90 /* the interval's coverage */
#define HV_REL_SHOWN 5    /* relations a front end shows at most */

/* Two groups of day values compared. */
struct hv_rel_stat {
	size_t n_with, n_without;
	double mean_with, mean_without;
	double diff;      /* mean_with - mean_without */
	double low, high; /* Welch interval at HV_REL_LEVEL */
	double df;        /* Welch-Satterthwaite degrees of freedom (NAN: no spread) */
	double strength;  /* |diff| / standard error, for ordering */
};

/* Compare with[] against without[] (each needs 2 values or more). */
int hv_rel_compare(const double *with, size_t nw, const double *without, size_t nwo,
                   struct hv_rel_stat *out);

/* The p quantile of Student's t with df degrees of freedom (df > 0). */
double hv_t_quantile(double p, double df);

/*
 * The split of n numeric values: 1 with *threshold set when the numbers
 * rule holds (2*HV_REL_MIN values, 3 distinct, HV_REL_MIN each side),
 * else 0.
 */
int hv_rel_split(const double *x, size_t n, double *threshold);

/*
 * Every relation over check-ins and entries created at or after since_ms
 * (0: all).  Shape: {"title", "note", "days", "level", "too_few",
 * "items": [{"factor", "label", "own", "lag" (0 same day, 1 next day),
 * "outcome", "days" (days with both), "threshold" (null for yes/no and
 * without a split), "with": {"days","mean"}, "without": {...} (days null
 * without a split, mean only when enough), "difference", "low", "high"
 * (null when not enough),
 * "enough", "clear", "sentence"}]}, items with enough days first,
 * strongest first, then the rest.
 */
json_t *hv_relations(struct hv_store *st, int64_t since_ms, struct hv_error *err);

/*
 * The same in three steps, so hv_insights relates the days in its own one
 * walk of the journal's facts: begin reads the check-ins (NULL on
 * failure), entry adds one journal entry's facts, end makes the value
 * above and frees the table (free alone, on a path that gives up).
 */
struct hv_rel_table;
struct hv_rel_table *hv_rel_begin(struct hv_store *st, int64_t since_ms, struct hv_error *err);
/* The same over check-ins created before until_ms (0: no end): a period. */
struct hv_rel_table *hv_rel_begin_period(struct hv_store *st, int64_t since_ms, int64_t until_ms,
                                         struct hv_error *err);
void hv_rel_entry(struct hv_rel_table *t, int64_t created_ms, int created_off,
                  const struct hv_facts *f);
json_t *hv_rel_end(struct hv_rel_table *t, struct hv_error *err);
void hv_rel_free(struct hv_rel_table *t);

#endif
