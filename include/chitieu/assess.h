/*
 * chitieu/assess.h — will a target be met?  Attainment of every target shape
 * from the observed series and its projection.
 *
 * For each target the "target quantity" is what its bounds are compared
 * with: the value in the target year (at_least, at_most, range), the worst
 * year of the period (each_year), the compound average growth or rate
 * (avg_growth, avg_rate, %/yr), the average change (avg_change, points/yr),
 * the ratio to the base year (ratio_to_base), the sum over the period
 * (cumulative), and the growth gap in points/yr (exceeds).  Observed years
 * are used as they are; missing ones come from the projection's sample
 * paths, and the probability of attainment is the share of paths that meet
 * the target.
 */
#ifndef CHITIEU_ASSESS_H
#define CHITIEU_ASSESS_H

#include <stddef.h>
#include "chitieu/store.h"
#include "chitieu/series.h"
#include "chitieu/trend.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    CHITIEU_STATUS_ACHIEVED = 0, /* target year observed, target met */
    CHITIEU_STATUS_MISSED,       /* target year observed, target not met */
    CHITIEU_STATUS_ON_TRACK,     /* probability >= on_track threshold */
    CHITIEU_STATUS_AT_RISK,      /* probability >= at_risk threshold */
    CHITIEU_STATUS_OFF_TRACK,    /* probability below at_risk */
    CHITIEU_STATUS_NO_DATA,      /* too few observations to say */
    CHITIEU_STATUS_COUNT_
} chitieu_status;

/* Name of a status ("achieved", "on_track", ...). Static storage. */
const char *chitieu_status_name(chitieu_status s);

/* Options; start from chitieu_assess_opts_init(). */
typedef struct {
    int cutoff_year;       /* assess as if only data up to this year existed (0: all data) */
    double on_track;       /* probability at or above which a target is on track (default 0.75) */
    double at_risk;        /* probability at or above which it is at risk (default 0.40) */
    size_t nsim;           /* sample paths (default 4000) */
    unsigned long seed;    /* random seed (results are reproducible) */
    chitieu_method method; /* trend method (default AUTO) */
    size_t threads;        /* threads for chitieu_assess_each/_run (0: one per CPU) */
} chitieu_assess_opts;

/* Set *o (the caller's) to the defaults given above. */
void chitieu_assess_opts_init(chitieu_assess_opts *o);

/* The assessment of one target.  All strings and the projection are owned
 * by the assessment (chitieu_assessment_clear).  Absent numbers are NAN;
 * last_year is 0 when there is no observation. */
typedef struct {
    chitieu_target target;       /* a copy of the target assessed */
    int last_year;               /* last observed year used */
    double last_value;           /* its value */
    double projected;            /* target quantity: observed if complete, else median of paths */
    double lo80, hi80, lo95, hi95; /* bands of the target quantity */
    double probability;          /* P(target met); 1/0 once observed */
    chitieu_method method;       /* method of the projection (AUTO when none was needed) */
    double required_pace;        /* pace needed in each year still unknown (docs/ASSESSMENT.md "Paces"): for
                                  * avg_rate and cumulative every year of the period without a figure (its
                                  * gaps and the years after the last), else the years after the last */
    int pace_years;              /* how many years required_pace is for (0 when there is none) */
    int base_missing;            /* the base year (avg_growth, avg_change: from-1; ratio_to_base: from) when
                                  * it has no figure, so there is no required pace; 0 otherwise */
    double observed_pace;        /* change per year of the recent trend */
    chitieu_status status;
    chitieu_projection *projection; /* the indicator's projection to the target year (per-year
                                       point and bands, no paths), or NULL */
} chitieu_assessment;

/* Assess target `t` of indicator `ind` given its series `s` (already cut at
 * the cutoff year) and, for `exceeds`, the series of the `versus` indicator
 * (NULL otherwise).  *out is filled and owned by the caller. */
int chitieu_assess_target(chitieu_assessment *out, const chitieu_target *t,
                          const chitieu_indicator *ind, const chitieu_series *s,
                          const chitieu_series *versus, const chitieu_assess_opts *o);

/* Called by chitieu_assess_each with each assessment in turn.  The callback
 * may take *a over (copy it and zero it); whatever it leaves is cleared after
 * the call.  A non-zero return stops the run and is returned. */
typedef int (*chitieu_assess_fn)(void *ctx, chitieu_assessment *a);

/* Assess every target in the store, filtered by plan / area when not NULL, in
 * the order of chitieu_store_targets, handing each assessment to fn in that
 * order.  Targets are read a chunk at a time (the series of each indicator
 * and area once, one projection per series and bounds to the latest of their
 * target years) and assessed on o->threads threads; memory does not grow with
 * the number of targets beyond the target list itself.  Results do not depend
 * on the number of threads. */
int chitieu_assess_each(chitieu_store *st, const char *plan, const char *area, const chitieu_assess_opts *o,
                        chitieu_assess_fn fn, void *ctx);

/* Assess every target in the store, filtered by plan / area when not NULL,
 * in the order of chitieu_store_targets (chitieu_assess_each collected into an
 * array).  *out (array of *n) is the caller's: chitieu_assessments_free. */
int chitieu_assess_run(chitieu_assessment **out, size_t *n, chitieu_store *st,
                       const char *plan, const char *area, const chitieu_assess_opts *o);

/* The target quantity over the observed part of the period, "so far": the
 * quantity of t (docs/ASSESSMENT.md) computed as if its target year were the
 * last year of s up to t's year, written to *through (for exceeds `versus` is
 * read the same way).  NAN and *through 0 for at_least, at_most and range
 * (their quantity is the last figure), before the period starts, or when a
 * year the quantity needs is missing. */
double chitieu_assess_so_far(int *through, const chitieu_target *t, const chitieu_series *s,
                             const chitieu_series *versus);

/* The first year whose figure t's quantity needs (docs/ASSESSMENT.md): the
 * target year for at_least, at_most and range; the first year of the period
 * for each_year, avg_rate, cumulative and ratio_to_base; the year before it
 * (the base level) for avg_growth, avg_change and exceeds.  A period that does
 * not start before the target year gives the target year. */
int chitieu_assess_first_year(const chitieu_target *t);

/* Whether t's quantity uses the figure of year yr (from the first year above
 * to the target year): only the two ends for avg_growth, avg_change, exceeds
 * and ratio_to_base, every year for the others. */
int chitieu_assess_uses_year(const chitieu_target *t, int yr);

/* Bounds the trend of `ind` is projected within: the declared min/max, else 0..100
 * for a "%" unit unless the indicator is a rate of change (ind->rate: some target of it
 * is an avg_rate) or the target t (NULL: none) is an avg_rate; NAN = unbounded on that
 * side.  Every target, chart and projection of a rate thus gets the same bounds. */
void chitieu_assess_trend_bounds(double *lower, double *upper, const chitieu_indicator *ind,
                                 const chitieu_target *t);

/* Free what an assessment owns (its target's strings, its projection) and zero it; the struct itself stays the
 * caller's.  NULL is allowed. */
void chitieu_assessment_clear(chitieu_assessment *a);
/* Clear the n assessments of arr and free the array (from chitieu_assess_run and the like); NULL is allowed. */
void chitieu_assessments_free(chitieu_assessment *arr, size_t n);

#ifdef __cplusplus
}
#endif
#endif
