/*
 * chitieu/trend.h — trend fitting and projection of a yearly series with
 * calibrated prediction intervals and sample paths.
 *
 * Methods: naive, drift, linear (OLS, t intervals), log-linear (constant
 * growth, positive series), damped-trend exponential smoothing, Theta,
 * dynamic optimised Theta, their plain combination, and the automatic choice
 * (CHITIEU_METHOD_AUTO = WEIGHTED): a weighted combination of dotm, drift,
 * damped and naive (damped leading instead of dotm on a smooth yearly series)
 * in which a member whose errors within the series are ten times the best
 * member's loses its weight (a straight line stays a line).
 * Small counts with no steady trend (non-negative integers, a lower bound of
 * 0, median at most 50, roughness 1 or more) are projected by COUNTS: the
 * recent mean with a gamma spread of at least Poisson variance.
 * Years may have gaps: methods use the actual years.  Bounded indicators
 * (lower/upper not NAN) use a logit-type transform where the bound is in play
 * and the data support it; every projected value stays within the bounds and
 * a plausible range (trend.c).
 * Intervals are calibrated (see README "Projection"); sample paths have
 * marginals consistent with the bands and carry the dependence between years
 * needed for period targets (averages, sums, every-year bounds).
 */
#ifndef CHITIEU_TREND_H
#define CHITIEU_TREND_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    CHITIEU_METHOD_AUTO = 0,  /* the combination (see above) */
    CHITIEU_METHOD_NAIVE,     /* last value */
    CHITIEU_METHOD_DRIFT,     /* last value + mean change */
    CHITIEU_METHOD_LINEAR,    /* OLS line in the year */
    CHITIEU_METHOD_LOGLINEAR, /* OLS line in log(value): constant growth */
    CHITIEU_METHOD_DAMPED,    /* damped-trend exponential smoothing */
    CHITIEU_METHOD_THETA,     /* SES plus half the linear drift */
    CHITIEU_METHOD_COMBO,     /* equal-weight combination of methods */
    CHITIEU_METHOD_WEIGHTED,  /* combination weighted by each member's errors within the series */
    CHITIEU_METHOD_DOTM,      /* dynamic optimised theta (Fiorucci et al. 2016) */
    CHITIEU_METHOD_COUNTS,    /* small counts around a level: gamma (negative-binomial-like) */
    CHITIEU_METHOD_COUNT_
} chitieu_method;

/* Name of a method ("auto", "naive", ...); "?" for an invalid value. Static storage. */
const char *chitieu_method_name(chitieu_method m);

/* Parse a method name. CHITIEU_EINVALID for an unknown name. */
int chitieu_method_parse(chitieu_method *out, const char *name);

/* Options for chitieu_trend_project; start from chitieu_trend_opts_init(). */
typedef struct {
    chitieu_method method; /* AUTO (default) chooses */
    double lower, upper;   /* bounds of the indicator; NAN = unbounded on that side */
    size_t nsim;           /* sample paths to draw (0 = none) */
    unsigned long seed;    /* random seed: the same inputs give the same paths */
    int raw;               /* 1 = the method's textbook intervals, uncalibrated, and no
                              bounds transform (for tests against reference software) */
} chitieu_trend_opts;

/* Fill *o with the defaults: AUTO, no bounds, 0 paths, a fixed seed. */
void chitieu_trend_opts_init(chitieu_trend_opts *o);

/* Number of series features of the per-series spread model (chitieu_projection.spread_x). */
#define CHITIEU_SPREAD_NX 2

/* A projection from the year after the last observation to a target year. */
typedef struct {
    chitieu_method method;   /* the method used (never AUTO) */
    int first_year;          /* year of step 1: last observed year + 1 */
    size_t h;                /* projected years: first_year .. first_year+h-1 */
    double *point;           /* h central projections (median of the predictive distribution) */
    double *lo80, *hi80;     /* h bounds of the 80% interval */
    double *lo95, *hi95;     /* h bounds of the 95% interval */
    size_t n;                /* observed points the fit used */
    double *fitted;          /* n fitted values of the trend on the observed years (for charts) */
    size_t nsim;             /* number of sample paths */
    double *paths;           /* nsim*h, row-major: paths[s*h + k] is year first_year+k of path s */
    struct chitieu_pdist *dist; /* the predictive distribution (private to trend.c; NULL in a
                                   projection built by hand) */
    /* What the per-series spread model (trend.c spread_factors) reads, besides the
     * disagreement of chitieu_projection_disagree: */
    double spread_x[CHITIEU_SPREAD_NX]; /* the series' features (0 for counts): its roughness (sd
                                of the yearly changes over their mean absolute size) and its
                                volatility, log(root mean square change per year / textbook
                                standard error at step 1), on the working scale */
} chitieu_projection;

/* Project the series (`n` values at strictly increasing `years`, gaps allowed)
 * to `to_year` (> last year; h = to_year - last year).  A year's point, bands,
 * probabilities, quantiles and paths are the same, bit for bit, for every
 * to_year at or after it (docs/ASSESSMENT.md).  *out is the caller's
 * (chitieu_projection_free).  Returns CHITIEU_EINVALID with a message for
 * fewer than 3 finite points, non-increasing years, NaN values, to_year not
 * after the last year, or a method that cannot apply (log-linear on a
 * non-positive series); CHITIEU_ENUMERIC when GSL fails. */
int chitieu_trend_project(chitieu_projection **out, const int *years, const double *values,
                          size_t n, int to_year, const chitieu_trend_opts *opts);

/* Free; NULL is allowed. */
void chitieu_projection_free(chitieu_projection *p);

/* P(lo <= value in year first_year+k <= hi) under p's predictive distribution
 * (the limit of the sample paths' share); a NAN bound is open.  NAN when p has
 * no distribution or k >= h. */
double chitieu_projection_prob(const chitieu_projection *p, size_t k, double lo, double hi);

/* The disagreement of a combination's members at year first_year+k: the
 * weighted sd of their points over the step's textbook standard error, on the
 * working scale (0 for a single method or counts), which the per-series
 * spread model reads; NAN when p has no distribution or k >= h. */
double chitieu_projection_disagree(const chitieu_projection *p, size_t k);

/* The u-quantile (0 < u < 1) of the value in year first_year+k; NAN as above. */
double chitieu_projection_quantile(const chitieu_projection *p, size_t k, double u);

/* Replace p's sample paths by nsim new ones drawn with `seed` (0: drop them).
 * Draws go year by year, so the first years of the paths do not depend on h.
 * CHITIEU_EINVALID without a distribution, CHITIEU_ENOMEM. */
int chitieu_projection_sample(chitieu_projection *p, size_t nsim, unsigned long seed);

#ifdef __cplusplus
}
#endif
#endif
