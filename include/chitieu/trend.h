/*
 * chitieu/trend.h — trend fitting and projection of a yearly series with
 * calibrated prediction intervals and sample paths.
 *
 * Methods: naive, drift, linear (OLS, t intervals), log-linear (constant
 * growth, positive series), damped-trend exponential smoothing, Theta, and an
 * automatic choice (CHITIEU_METHOD_AUTO): the mean of theta, drift and damped
 * (drift and linear below 7 years), which the M3 benchmark shows beats every
 * single method (bench/README.md).  Log-linear is never chosen automatically:
 * on series that are not steady positive levels its calibrated bands explode.
 * Bounded indicators (lower/upper not NAN) are projected through a logit-type transform so nothing leaves the bounds.
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
    CHITIEU_METHOD_COMBO,     /* combination of methods */
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
} chitieu_projection;

/* Project the series (`n` values at strictly increasing `years`, gaps allowed)
 * to `to_year` (> last year; h = to_year - last year).  *out is the caller's
 * (chitieu_projection_free).  Returns CHITIEU_EINVALID with a message for
 * fewer than 3 finite points, non-increasing years, NaN values, to_year not
 * after the last year, or a method that cannot apply (log-linear on a
 * non-positive series); CHITIEU_ENUMERIC when GSL fails. */
int chitieu_trend_project(chitieu_projection **out, const int *years, const double *values,
                          size_t n, int to_year, const chitieu_trend_opts *opts);

/* Free; NULL is allowed. */
void chitieu_projection_free(chitieu_projection *p);

#ifdef __cplusplus
}
#endif
#endif
