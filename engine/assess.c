/*
 * assess.c — target attainment: the target quantity of every shape computed
 * from observed years and, for years not yet observed, from each sample path
 * of the indicator's projection; probability = share of paths meeting the
 * target; bands = quantiles of the quantity over paths; paces (docs/ASSESSMENT.md).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "chitieu/areas.h"
#include "chitieu/assess.h"
#include "internal.h"

/* Assess with given projections (NULL when not needed); test entry point. */
int chitieu__assess_paths(chitieu_assessment *out, const chitieu_target *t, const chitieu_series *s,
                          const chitieu_series *vs, const chitieu_projection *p,
                          const chitieu_projection *vp, const chitieu_assess_opts *o);

/* Name of a status; "?" when out of range. */
const char *chitieu_status_name(chitieu_status s)
{
    static const char *names[] = {"achieved", "missed", "on_track", "at_risk", "off_track", "no_data"};
    return (s >= 0 && s < CHITIEU_STATUS_COUNT_) ? names[s] : "?";
}

/* Defaults: all data, 0.75 / 0.40, 4000 paths, fixed seed, AUTO. */
void chitieu_assess_opts_init(chitieu_assess_opts *o)
{
    memset(o, 0, sizeof *o);
    o->on_track = 0.75;
    o->at_risk = 0.40;
    o->nsim = 4000;
    o->seed = 20210101UL;
    o->method = CHITIEU_METHOD_AUTO;
}

/* First year whose value the shape needs (the target year is the last). */
static int first_needed(const chitieu_target *t)
{
    switch (t->shape) {
    case CHITIEU_SHAPE_AT_LEAST: case CHITIEU_SHAPE_AT_MOST: case CHITIEU_SHAPE_RANGE: return t->year;
    case CHITIEU_SHAPE_EACH_YEAR: case CHITIEU_SHAPE_AVG_RATE: case CHITIEU_SHAPE_CUMULATIVE:
    case CHITIEU_SHAPE_RATIO_TO_BASE: return t->from;
    default: return t->from - 1; /* avg_growth, avg_change, exceeds: the level before the period */
    }
}

/* Value of `year` from the observations or, after the last one, path `k` of p; NAN if neither. */
static double value_at(const chitieu_series *s, const chitieu_projection *p, size_t k, int year)
{
    long i = chitieu_series_find(s, year);
    if (i >= 0) return s->values[i];
    if (!p || s->n == 0 || year <= s->years[s->n - 1]) return NAN;
    long j = year - p->first_year;
    if (j < 0 || (size_t)j >= p->h || k >= p->nsim) return NAN;
    return p->paths[k * p->h + (size_t)j];
}

/* Compound average growth %/yr from year a to year b of the level (path k). */
static double growth(const chitieu_series *s, const chitieu_projection *p, size_t k, int a, int b)
{
    double va = value_at(s, p, k, a), vb = value_at(s, p, k, b);
    if (!(va > 0) || !(vb >= 0) || b <= a) return NAN;
    return 100.0 * (pow(vb / va, 1.0 / (b - a)) - 1.0);
}

/* The target quantity on path k (observed years as they are); NAN when a year is missing. */
static double quantity(const chitieu_target *t, const chitieu_series *s, const chitieu_projection *p,
                       const chitieu_series *vs, const chitieu_projection *vp, size_t k)
{
    int y = t->year, f = t->from, kk = t->year - t->from + 1;
    switch (t->shape) {
    case CHITIEU_SHAPE_AT_LEAST: case CHITIEU_SHAPE_AT_MOST: case CHITIEU_SHAPE_RANGE:
        return value_at(s, p, k, y);
    case CHITIEU_SHAPE_EACH_YEAR: { /* worst year: lowest when a low bound exists, else highest */
        double q = NAN;
        for (int yr = f; yr <= y; yr++) {
            double v = value_at(s, p, k, yr);
            if (isnan(v)) return NAN;
            if (isnan(q) || (!isnan(t->low) ? v < q : v > q)) q = v;
        }
        return q;
    }
    case CHITIEU_SHAPE_AVG_GROWTH: return growth(s, p, k, f - 1, y);
    case CHITIEU_SHAPE_AVG_RATE: {
        double prod = 1.0;
        for (int yr = f; yr <= y; yr++) {
            double r = value_at(s, p, k, yr);
            if (isnan(r)) return NAN;
            prod *= 1.0 + r / 100.0;
        }
        return prod > 0 ? 100.0 * (pow(prod, 1.0 / kk) - 1.0) : NAN;
    }
    case CHITIEU_SHAPE_AVG_CHANGE:
        return (value_at(s, p, k, y) - value_at(s, p, k, f - 1)) / kk;
    case CHITIEU_SHAPE_RATIO_TO_BASE: {
        double b = value_at(s, p, k, f);
        return b != 0 ? value_at(s, p, k, y) / b : NAN;
    }
    case CHITIEU_SHAPE_CUMULATIVE: {
        double sum = 0;
        for (int yr = f; yr <= y; yr++) sum += value_at(s, p, k, yr);
        return sum;
    }
    case CHITIEU_SHAPE_EXCEEDS:
        if (!vs) return NAN;
        return growth(s, p, k, f - 1, y) - growth(vs, vp, k, f - 1, y);
    default: return NAN;
    }
}

/* Whether quantity q meets the target (each_year with both bounds checks every year). */
static int meets(const chitieu_target *t, const chitieu_series *s, const chitieu_projection *p, size_t k,
                 double q)
{
    if (isnan(q)) return 0;
    if (t->shape == CHITIEU_SHAPE_EXCEEDS) return !isnan(t->low) ? q >= t->low : q > 0;
    if (t->shape == CHITIEU_SHAPE_EACH_YEAR && !isnan(t->low) && !isnan(t->high)) {
        for (int yr = t->from; yr <= t->year; yr++) {
            double v = value_at(s, p, k, yr);
            if (!(v >= t->low && v <= t->high)) return 0;
        }
        return 1;
    }
    if (!isnan(t->low) && q < t->low) return 0;
    if (!isnan(t->high) && q > t->high) return 0;
    return 1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Quantile (type 7, linear) of sorted v[0..n-1]. */
static double quantile(const double *v, size_t n, double pr)
{
    if (n == 0) return NAN;
    double h = (n - 1) * pr;
    size_t i = (size_t)floor(h);
    if (i + 1 >= n) return v[n - 1];
    return v[i] + (h - i) * (v[i + 1] - v[i]);
}

/* Recent pace of s up to its last year over at most 5 years: growth %/yr for
 * growth shapes, mean value for rate/flow shapes, else change per year. */
static double observed_pace(const chitieu_target *t, const chitieu_series *s)
{
    if (s->n < 2) return NAN;
    size_t last = s->n - 1, first = s->n > 5 ? s->n - 5 : 0;
    int a = s->years[first], b = s->years[last];
    double va = s->values[first], vb = s->values[last];
    switch (t->shape) {
    case CHITIEU_SHAPE_AVG_GROWTH: case CHITIEU_SHAPE_EXCEEDS: case CHITIEU_SHAPE_RATIO_TO_BASE:
        return (va > 0 && vb >= 0) ? 100.0 * (pow(vb / va, 1.0 / (b - a)) - 1.0) : NAN;
    case CHITIEU_SHAPE_AVG_RATE: case CHITIEU_SHAPE_CUMULATIVE: {
        double sum = 0;
        for (size_t i = first; i <= last; i++) sum += s->values[i];
        return sum / (double)(last - first + 1);
    }
    default: return (vb - va) / (b - a);
    }
}

/* Pace needed per remaining year from the last observation (see docs/ASSESSMENT.md); NAN when none. */
static double pace_to(const chitieu_target *t, const chitieu_series *s, double bound)
{
    if (s->n == 0 || isnan(bound)) return NAN;
    int ly = s->years[s->n - 1], rem = t->year - ly;
    double lv = s->values[s->n - 1];
    if (rem <= 0) return NAN;
    int kk = t->year - t->from + 1;
    long ib;
    switch (t->shape) {
    case CHITIEU_SHAPE_AT_LEAST: case CHITIEU_SHAPE_AT_MOST: case CHITIEU_SHAPE_RANGE:
    case CHITIEU_SHAPE_EACH_YEAR:
        return (bound - lv) / rem;
    case CHITIEU_SHAPE_AVG_GROWTH: /* growth %/yr from the last level to base*(1+b)^k */
        if ((ib = chitieu_series_find(s, t->from - 1)) < 0 || !(lv > 0)) return NAN;
        return 100.0 * (pow(s->values[ib] * pow(1 + bound / 100.0, kk) / lv, 1.0 / rem) - 1.0);
    case CHITIEU_SHAPE_AVG_CHANGE:
        if ((ib = chitieu_series_find(s, t->from - 1)) < 0) return NAN;
        return (s->values[ib] + bound * kk - lv) / rem;
    case CHITIEU_SHAPE_RATIO_TO_BASE: /* growth %/yr from the last level to base*bound */
        if ((ib = chitieu_series_find(s, t->from)) < 0 || !(lv > 0)) return NAN;
        return 100.0 * (pow(s->values[ib] * bound / lv, 1.0 / rem) - 1.0);
    case CHITIEU_SHAPE_AVG_RATE: { /* the rate needed in each remaining year */
        double prod = 1.0;
        for (size_t i = 0; i < s->n; i++)
            if (s->years[i] >= t->from && s->years[i] <= t->year) prod *= 1 + s->values[i] / 100.0;
        double need = pow(1 + bound / 100.0, kk) / prod;
        return need > 0 ? 100.0 * (pow(need, 1.0 / rem) - 1.0) : NAN;
    }
    case CHITIEU_SHAPE_CUMULATIVE: { /* the value needed in each remaining year */
        double sum = 0;
        for (size_t i = 0; i < s->n; i++)
            if (s->years[i] >= t->from && s->years[i] <= t->year) sum += s->values[i];
        return (bound - sum) / rem;
    }
    default: return NAN; /* exceeds: no single pace */
    }
}

/* Required pace: to the one bound, or with both bounds the pace nearest the observed
 * one that lands inside them (every shape's quantity rises with the pace, so the
 * paces to low and high bracket the admissible ones). */
static double required_pace(const chitieu_target *t, const chitieu_series *s, double observed)
{
    double pl = pace_to(t, s, t->low), ph = pace_to(t, s, t->high);
    if (isnan(pl) || isnan(ph)) return isnan(pl) ? ph : pl;
    if (isnan(observed) || observed < pl) return pl;
    return observed > ph ? ph : observed;
}

/* Copy target t into *d (strings duplicated). */
static int target_copy(chitieu_target *d, const chitieu_target *t)
{
    *d = *t;
    d->plan = chitieu__strdup(t->plan);
    d->indicator = chitieu__strdup(t->indicator);
    d->area = chitieu__strdup(t->area);
    d->versus = chitieu__strdup(t->versus);
    d->source = chitieu__strdup(t->source);
    d->note = chitieu__strdup(t->note);
    d->versus_area = chitieu__strdup(t->versus_area);
    if ((t->plan && !d->plan) || (t->indicator && !d->indicator) || (t->area && !d->area) ||
        (t->versus && !d->versus) || (t->source && !d->source) || (t->note && !d->note) ||
        (t->versus_area && !d->versus_area))
        return CHITIEU_ENOMEM;
    return CHITIEU_OK;
}

/* Whether the shape's quantity uses year yr: the two end levels for the growth,
 * change and ratio shapes, every year of the span for the others. */
static int uses_year(const chitieu_target *t, int yr)
{
    switch (t->shape) {
    case CHITIEU_SHAPE_AVG_GROWTH: case CHITIEU_SHAPE_AVG_CHANGE: case CHITIEU_SHAPE_EXCEEDS:
    case CHITIEU_SHAPE_RATIO_TO_BASE: return yr == first_needed(t) || yr == t->year;
    default: return 1;
    }
}

/* Whether every year the target needs (and the versus series' years) is observed. */
static int complete(const chitieu_target *t, const chitieu_series *s, const chitieu_series *vs)
{
    for (int yr = first_needed(t); yr <= t->year; yr++) {
        if (!uses_year(t, yr)) continue; /* a gap between the two ends does not enter the quantity */
        if (chitieu_series_find(s, yr) < 0) return 0;
        if (t->shape == CHITIEU_SHAPE_EXCEEDS && (yr == t->from - 1 || yr == t->year) &&
            (!vs || chitieu_series_find(vs, yr) < 0)) return 0;
    }
    return 1;
}

/* Core assessment on given projections; out->projection stays NULL (the caller owns p). */
int chitieu__assess_paths(chitieu_assessment *out, const chitieu_target *t, const chitieu_series *s,
                          const chitieu_series *vs, const chitieu_projection *p,
                          const chitieu_projection *vp, const chitieu_assess_opts *o)
{
    if (!out || !t || !s || !o) return chitieu__fail(CHITIEU_EINVALID, "assess: NULL argument");
    memset(out, 0, sizeof *out);
    out->last_value = out->projected = out->probability = NAN;
    out->lo80 = out->hi80 = out->lo95 = out->hi95 = NAN;
    out->required_pace = out->observed_pace = NAN;
    out->method = CHITIEU_METHOD_AUTO;
    out->status = CHITIEU_STATUS_NO_DATA;
    int rc = target_copy(&out->target, t);
    if (rc) { chitieu_assessment_clear(out); return rc; }
    if (s->n) { out->last_year = s->years[s->n - 1]; out->last_value = s->values[s->n - 1]; }
    out->observed_pace = observed_pace(t, s);
    out->required_pace = required_pace(t, s, out->observed_pace);
    if (complete(t, s, vs)) {
        double q = quantity(t, s, NULL, vs, NULL, 0);
        int ok = meets(t, s, NULL, 0, q);
        out->projected = q;
        out->probability = ok ? 1.0 : 0.0;
        out->status = ok ? CHITIEU_STATUS_ACHIEVED : CHITIEU_STATUS_MISSED;
        return CHITIEU_OK;
    }
    if (!p || p->nsim == 0 || (t->shape == CHITIEU_SHAPE_EXCEEDS && (!vp || vp->nsim < p->nsim)))
        return CHITIEU_OK; /* no_data */
    out->method = p->method;
    double *q = malloc(p->nsim * sizeof *q);
    if (!q) { chitieu_assessment_clear(out); return chitieu__fail(CHITIEU_ENOMEM, "assess: out of memory"); }
    size_t nq = 0, met = 0;
    for (size_t k = 0; k < p->nsim; k++) {
        double v = quantity(t, s, p, vs, vp, k);
        if (isnan(v)) continue;
        met += (size_t)meets(t, s, p, k, v);
        q[nq++] = v;
    }
    if (nq == 0) { free(q); return CHITIEU_OK; } /* a needed year (e.g. the base) is missing */
    qsort(q, nq, sizeof *q, cmp_double);
    out->projected = quantile(q, nq, 0.5);
    out->lo80 = quantile(q, nq, 0.10); out->hi80 = quantile(q, nq, 0.90);
    out->lo95 = quantile(q, nq, 0.025); out->hi95 = quantile(q, nq, 0.975);
    free(q);
    out->probability = (double)met / (double)p->nsim;
    out->status = out->probability >= o->on_track ? CHITIEU_STATUS_ON_TRACK
                : out->probability >= o->at_risk  ? CHITIEU_STATUS_AT_RISK : CHITIEU_STATUS_OFF_TRACK;
    return CHITIEU_OK;
}

/* The quantity over the observed part of the period (see assess.h): quantity() with the
 * target year moved back to the last observed year of the period. */
double chitieu_assess_so_far(int *through, const chitieu_target *t, const chitieu_series *s,
                             const chitieu_series *versus)
{
    *through = 0;
    if (!t || !s || s->n == 0 || t->shape == CHITIEU_SHAPE_AT_LEAST || t->shape == CHITIEU_SHAPE_AT_MOST ||
        t->shape == CHITIEU_SHAPE_RANGE)
        return NAN;
    int y = 0;
    for (size_t i = s->n; i-- > 0;)
        if (s->years[i] <= t->year) { y = s->years[i]; break; }
    if (!y || y < t->from || (t->shape == CHITIEU_SHAPE_RATIO_TO_BASE && y <= t->from)) return NAN;
    chitieu_target upto = *t;
    upto.year = y;
    double q = quantity(&upto, s, NULL, versus, NULL, 0);
    if (!isnan(q)) *through = y;
    return q;
}

/* Bounds given to the trend (see assess.h). */
void chitieu_assess_trend_bounds(double *lower, double *upper, const chitieu_indicator *ind,
                                 const chitieu_target *t)
{
    *lower = ind ? ind->min : NAN;
    *upper = ind ? ind->max : NAN;
    if (ind && isnan(ind->min) && isnan(ind->max) && ind->unit && strcmp(ind->unit, "%") == 0 &&
        !(t && t->shape == CHITIEU_SHAPE_AVG_RATE)) {
        *lower = 0;
        *upper = 100;
    }
}

/* Project s to the target year when it has at least 3 points and ends before it. */
static int project(chitieu_projection **p, const chitieu_series *s, const chitieu_target *t,
                   const chitieu_indicator *ind, const chitieu_assess_opts *o)
{
    *p = NULL;
    if (!s || s->n < 3 || s->years[s->n - 1] >= t->year) return CHITIEU_OK;
    chitieu_trend_opts to;
    chitieu_trend_opts_init(&to);
    to.method = o->method; to.nsim = o->nsim; to.seed = o->seed;
    chitieu_assess_trend_bounds(&to.lower, &to.upper, ind, t);
    return chitieu_trend_project(p, s->years, s->values, s->n, t->year, &to);
}

/* Assess one target: project the series (and versus) when needed, then chitieu__assess_paths. */
int chitieu_assess_target(chitieu_assessment *out, const chitieu_target *t,
                          const chitieu_indicator *ind, const chitieu_series *s,
                          const chitieu_series *versus, const chitieu_assess_opts *o)
{
    chitieu_assess_opts def;
    if (!o) { chitieu_assess_opts_init(&def); o = &def; }
    if (!out || !t || !s) return chitieu__fail(CHITIEU_EINVALID, "assess: NULL argument");
    chitieu_projection *p = NULL, *vp = NULL;
    int rc = CHITIEU_OK;
    if (!complete(t, s, versus)) {
        rc = project(&p, s, t, ind, o);
        if (rc == CHITIEU_OK && t->shape == CHITIEU_SHAPE_EXCEEDS && versus)
            rc = project(&vp, versus, t, NULL, o);
        if (rc == CHITIEU_EINVALID) { /* e.g. log-linear on a non-positive series: no_data */
            chitieu_projection_free(p); chitieu_projection_free(vp); p = vp = NULL; rc = CHITIEU_OK;
        }
        if (rc) { chitieu_projection_free(p); chitieu_projection_free(vp); return rc; }
    }
    rc = chitieu__assess_paths(out, t, s, versus, p, vp, o);
    chitieu_projection_free(vp);
    if (rc) { chitieu_projection_free(p); return rc; }
    out->projection = p;
    return CHITIEU_OK;
}

/* Every target of the store (filtered), each with its series cut at o->cutoff_year. */
int chitieu_assess_run(chitieu_assessment **out, size_t *n, chitieu_store *st,
                       const char *plan, const char *area, const chitieu_assess_opts *o)
{
    chitieu_assess_opts def;
    if (!o) { chitieu_assess_opts_init(&def); o = &def; }
    if (!out || !n || !st) return chitieu__fail(CHITIEU_EINVALID, "assess: NULL argument");
    *out = NULL; *n = 0;
    chitieu_target *ts = NULL;
    size_t nt = 0;
    int rc = chitieu_store_targets(&ts, &nt, st, plan, area);
    if (rc) return rc;
    chitieu_assessment *arr = calloc(nt ? nt : 1, sizeof *arr);
    if (!arr) { chitieu_store_targets_free(ts, nt); return chitieu__fail(CHITIEU_ENOMEM, "assess: out of memory"); }
    size_t done = 0;
    for (; done < nt && rc == CHITIEU_OK; done++) {
        const chitieu_target *t = &ts[done];
        chitieu_indicator ind;
        chitieu_series *s = NULL, *vs = NULL;
        int have_ind = chitieu_store_indicator_get(&ind, st, t->indicator) == CHITIEU_OK;
        rc = chitieu_areas_series(&s, st, t->indicator, t->area, o->cutoff_year); /* stored, else rebuilt (areas.h) */
        if (rc == CHITIEU_OK && t->shape == CHITIEU_SHAPE_EXCEEDS && t->versus)
            rc = chitieu_areas_series(&vs, st, t->versus, t->versus_area ? t->versus_area : t->area, o->cutoff_year);
        if (rc == CHITIEU_OK) rc = chitieu_assess_target(&arr[done], t, have_ind ? &ind : NULL, s, vs, o);
        if (have_ind) chitieu_store_indicator_clear(&ind);
        chitieu_series_free(s);
        chitieu_series_free(vs);
        if (rc) break;
    }
    chitieu_store_targets_free(ts, nt);
    if (rc) { chitieu_assessments_free(arr, done); return rc; }
    *out = arr; *n = nt;
    return CHITIEU_OK;
}

/* Free what the assessment owns and zero it; NULL is allowed. */
void chitieu_assessment_clear(chitieu_assessment *a)
{
    if (!a) return;
    chitieu__target_clear(&a->target);
    chitieu_projection_free(a->projection);
    memset(a, 0, sizeof *a);
}

/* Clear every assessment and free the array; NULL is allowed. */
void chitieu_assessments_free(chitieu_assessment *arr, size_t n)
{
    if (!arr) return;
    for (size_t i = 0; i < n; i++) chitieu_assessment_clear(&arr[i]);
    free(arr);
}
