/*
 * assess.c — target attainment: the target quantity of every shape computed
 * from observed years and, for years not yet observed, from each sample path
 * of the indicator's projection; probability = share of paths meeting the
 * target; bands = quantiles of the quantity over paths; paces (docs/ASSESSMENT.md).
 */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>
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

int chitieu_assess_first_year(const chitieu_target *t)
{
    int f;
    switch (t->shape) {
    case CHITIEU_SHAPE_AT_LEAST: case CHITIEU_SHAPE_AT_MOST: case CHITIEU_SHAPE_RANGE: return t->year;
    case CHITIEU_SHAPE_EACH_YEAR: case CHITIEU_SHAPE_AVG_RATE: case CHITIEU_SHAPE_CUMULATIVE:
    case CHITIEU_SHAPE_RATIO_TO_BASE: f = t->from; break;
    default: f = t->from - 1; break; /* avg_growth, avg_change, exceeds: the level before the period */
    }
    return f > 0 && f <= t->year ? f : t->year;
}

int chitieu_assess_uses_year(const chitieu_target *t, int yr)
{
    switch (t->shape) {
    case CHITIEU_SHAPE_AVG_GROWTH: case CHITIEU_SHAPE_AVG_CHANGE: case CHITIEU_SHAPE_EXCEEDS:
    case CHITIEU_SHAPE_RATIO_TO_BASE: return yr == chitieu_assess_first_year(t) || yr == t->year;
    default: return 1;
    }
}

/* Value of `year` from the observations or, after the last one, path `k` of p; NAN if neither. */
static double value_at(const chitieu_series *s, const chitieu_projection *p, size_t k, int year)
{
    if (s->n && year <= s->years[s->n - 1]) { /* observed, or a gap: projections do not fill gaps */
        long i = chitieu_series_find(s, year);
        return i >= 0 ? s->values[i] : NAN;
    }
    if (!p || s->n == 0) return NAN;
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

/* Sort v[0..n-1] ascending (small n: insertion sort). */
static void sort_small(double *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        double x = v[i];
        size_t j = i;
        for (; j > 0 && v[j - 1] > x; j--) v[j] = v[j - 1];
        v[j] = x;
    }
}

#define QB 1024     /* buckets of order_stats */
#define QSMALL 48   /* at most this many values: sorted outright */
#define QBUF 1024   /* values gathered on the stack (more: malloc) */

/* The bucket of value x >= mn: (x - mn) * scale cut to a whole number, the last one for the greatest value
 * (a value's bucket never decreases as the value grows: each step is monotonic). */
static unsigned bucket_of(double x, double mn, double scale)
{
    unsigned b = (unsigned)(int)((x - mn) * scale);
    return b < QB ? b : QB - 1;
}

/* The order statistics of ranks r[0..m-1] (0-based, ascending, each < n, m <= 16) of v[0..n-1] (no NaN) into
 * x[0..m-1], exact (the values a full sort would put there); v may be reordered.  range: the least and the
 * greatest of v (exactly) when the caller has them, else NULL.  The values are counted into QB buckets of
 * equal width between their least and greatest, only the buckets holding a wanted rank are gathered, and each
 * is ranked again the same way; few values, equal values, infinite ones or `depth` > 3 fall back to sorting
 * or Hoare's selection.  Branches do not depend on how values compare to one another (a selection
 * mispredicts half its comparisons). */
static void order_stats(double *v, size_t n, const size_t *r, size_t m, double *x, int depth, const double *range)
{
    if (n <= QSMALL) {
        sort_small(v, n);
        for (size_t k = 0; k < m; k++) x[k] = v[r[k]];
        return;
    }
    double mn = v[0], mx = v[0];
    if (range)
        mn = range[0], mx = range[1];
    else
        for (size_t j = 1; j < n; j++) {
            mn = v[j] < mn ? v[j] : mn;
            mx = v[j] > mx ? v[j] : mx;
        }
    double scale = QB / (mx - mn);
    if (!(mx > mn) || !isfinite(scale) || !(scale > 0) || depth > 3) { /* all equal, infinities, a tiny spread */
        for (size_t k = 0; k < m; k++) x[k] = mx > mn ? chitieu__select_kth(v, n, r[k]) : mn;
        return;
    }
    unsigned cnt[QB] = {0};
    for (size_t j = 0; j < n; j++) cnt[bucket_of(v[j], mn, scale)]++;
    /* the bucket of each rank, and where each wanted bucket's values go in buf */
    size_t bk[16], first[16], at[16], need = 0, start = 0, nb = 0;
    int slot[QB];
    size_t b = 0;
    for (size_t k = 0; k < m; k++) {
        while (start + cnt[b] <= r[k]) start += cnt[b++];
        if (!nb || bk[nb - 1] != b) bk[nb] = b, first[nb] = start, at[nb] = need, need += cnt[b], nb++;
    }
    for (size_t i = 0; i < QB; i++) slot[i] = -1;
    for (size_t i = 0; i < nb; i++) slot[bk[i]] = (int)i;
    double local[QBUF], *buf = need <= QBUF ? local : malloc(need * sizeof *buf);
    if (!buf) {
        for (size_t k = 0; k < m; k++) x[k] = chitieu__select_kth(v, n, r[k]);
        return;
    }
    size_t pos[16];
    memcpy(pos, at, nb * sizeof *at);
    for (size_t j = 0; j < n; j++) {
        int sl = slot[bucket_of(v[j], mn, scale)];
        if (sl >= 0) buf[pos[sl]++] = v[j];
    }
    /* each wanted bucket: its ranks, relative to the bucket's first */
    for (size_t i = 0, k = 0; i < nb; i++) {
        size_t rr[16], k0 = k, cn = cnt[bk[i]];
        for (; k < m && r[k] < first[i] + cn; k++) rr[k - k0] = r[k] - first[i];
        order_stats(buf + at[i], cn, rr, k - k0, x + k0, depth + 1, NULL);
    }
    if (buf != local) free(buf);
}

/* The median, 10/90% and 2.5/97.5% quantiles (type 7, linear) of v[0..n-1], n > 0, no NaN, into
 * q[0..4] = {50, 10, 90, 2.5, 97.5%}: each from the order statistics at floor(h) and the next, h = (n-1)p
 * (v is reordered).  range: v's least and greatest, or NULL. */
static void quantiles5(double *v, size_t n, double q[5], const double *range)
{
    static const double pr[5] = {0.5, 0.10, 0.90, 0.025, 0.975};
    size_t r[10], lo[5], m = 0;
    double x[10];
    for (int j = 0; j < 5; j++) lo[j] = (size_t)floor((double)(n - 1) * pr[j]);
    /* ascending ranks, each floor(h) and floor(h)+1 (within n), without repeats */
    static const int asc[5] = {3, 1, 0, 2, 4};
    for (int a = 0; a < 5; a++)
        for (size_t i = lo[asc[a]]; i <= lo[asc[a]] + 1 && i < n; i++)
            if (!m || r[m - 1] < i) r[m++] = i;
    order_stats(v, n, r, m, x, 0, range);
    for (int j = 0; j < 5; j++) {
        double h = (double)(n - 1) * pr[j];
        size_t i = lo[j], k = 0;
        while (r[k] != i) k++;
        q[j] = i + 1 >= n ? x[k] : x[k] + (h - (double)i) * (x[k + 1] - x[k]);
    }
}

/* Test entry point: quantiles5. */
void chitieu__assess_quantiles5(double *v, size_t n, double q[5]);
void chitieu__assess_quantiles5(double *v, size_t n, double q[5]) { quantiles5(v, n, q, NULL); }

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

/* How many years of t's period (from..year) have no figure in s: its gaps and the years after its last
 * figure.  A year without a figure is unknown, not 0: avg_rate and cumulative spread their pace over these. */
static int unknown_years(const chitieu_target *t, const chitieu_series *s)
{
    int n = 0;
    for (int y = t->from; t->from && y <= t->year; y++) n += chitieu_series_find(s, y) < 0;
    return n;
}

/* The base year whose figure the shape's required pace starts from (avg_growth and avg_change: the
 * year before the period; ratio_to_base: its first year); 0 for shapes without a base. */
static int base_year(const chitieu_target *t)
{
    switch (t->shape) {
    case CHITIEU_SHAPE_AVG_GROWTH: case CHITIEU_SHAPE_AVG_CHANGE: return t->from - 1;
    case CHITIEU_SHAPE_RATIO_TO_BASE: return t->from;
    default: return 0;
    }
}

/* Pace needed per year still unknown (see docs/ASSESSMENT.md); NAN when none. */
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
    case CHITIEU_SHAPE_AVG_RATE: { /* the rate needed in each year of the period without a figure */
        double prod = 1.0;
        for (size_t i = 0; i < s->n; i++)
            if (s->years[i] >= t->from && s->years[i] <= t->year) prod *= 1 + s->values[i] / 100.0;
        double need = pow(1 + bound / 100.0, kk) / prod;
        int unknown = unknown_years(t, s);
        return need > 0 && unknown ? 100.0 * (pow(need, 1.0 / unknown) - 1.0) : NAN;
    }
    case CHITIEU_SHAPE_CUMULATIVE: { /* the value needed in each year of the period without a figure */
        double sum = 0;
        for (size_t i = 0; i < s->n; i++)
            if (s->years[i] >= t->from && s->years[i] <= t->year) sum += s->values[i];
        int unknown = unknown_years(t, s);
        return unknown ? (bound - sum) / unknown : NAN;
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

/* Whether every year the target needs (and the versus series' years) is observed. */
static int complete(const chitieu_target *t, const chitieu_series *s, const chitieu_series *vs)
{
    for (int yr = chitieu_assess_first_year(t); yr <= t->year; yr++) {
        if (!chitieu_assess_uses_year(t, yr)) continue; /* a gap between the two ends does not enter the quantity */
        if (chitieu_series_find(s, yr) < 0) return 0;
        if (t->shape == CHITIEU_SHAPE_EXCEEDS && (yr == t->from - 1 || yr == t->year) &&
            (!vs || chitieu_series_find(vs, yr) < 0)) return 0;
    }
    return 1;
}

static void set_status(chitieu_assessment *a, const chitieu_assess_opts *o)
{
    a->status = a->probability >= o->on_track ? CHITIEU_STATUS_ON_TRACK
              : a->probability >= o->at_risk  ? CHITIEU_STATUS_AT_RISK : CHITIEU_STATUS_OFF_TRACK;
}

/* The target quantity as a function of the value y of the target year alone,
 * when the shape's other year (the base) is observed: q(y) = c * g(y) + d is
 * increasing; kind 0: g(y) = y (levels, change, ratio to a positive base),
 * kind 1: g(y) = (y/base)^(1/k) defined for y >= 0 (growth).  Returns 0 when
 * the quantity needs more than the target year (period shapes, a projected
 * base, exceeds, a base that is not positive for a ratio or growth). */
typedef struct { int kind; double c, d, base, k; } qmap;

static int quantity_map(qmap *m, const chitieu_target *t, const chitieu_series *s)
{
    int k = t->year - t->from + 1;
    long ib;
    switch (t->shape) {
    case CHITIEU_SHAPE_AT_LEAST: case CHITIEU_SHAPE_AT_MOST: case CHITIEU_SHAPE_RANGE:
        *m = (qmap){0, 1, 0, 0, 1};
        return 1;
    case CHITIEU_SHAPE_AVG_CHANGE:
        if ((ib = chitieu_series_find(s, t->from - 1)) < 0) return 0;
        *m = (qmap){0, 1.0 / k, -s->values[ib] / k, 0, 1};
        return 1;
    case CHITIEU_SHAPE_RATIO_TO_BASE:
        if ((ib = chitieu_series_find(s, t->from)) < 0 || !(s->values[ib] > 0)) return 0;
        *m = (qmap){0, 1.0 / s->values[ib], 0, 0, 1};
        return 1;
    case CHITIEU_SHAPE_AVG_GROWTH:
        if ((ib = chitieu_series_find(s, t->from - 1)) < 0 || !(s->values[ib] > 0)) return 0;
        *m = (qmap){1, 100, -100, s->values[ib], k};
        return 1;
    default: return 0;
    }
}

static double qmap_of(const qmap *m, double y)
{
    if (m->kind == 0) return m->c * y + m->d;
    return y >= 0 ? m->c * pow(y / m->base, 1.0 / m->k) + m->d : NAN;
}

/* The value y at which the quantity equals q (the inverse of qmap_of). */
static double qmap_inv(const qmap *m, double q)
{
    if (isnan(q)) return NAN;
    if (m->kind == 0) return (q - m->d) / m->c;
    double r = (q - m->d) / m->c; /* (y/base)^(1/k) */
    return r <= 0 ? 0 : m->base * pow(r, m->k);
}

/* Probability, quantity and bands from the projection's distribution of the
 * target year, without paths (the limit of the paths' shares), when the
 * quantity depends on that year alone.  Returns 0 when it does not. */
static int analytic(chitieu_assessment *out, const chitieu_target *t, const chitieu_series *s,
                    const chitieu_projection *p, const chitieu_assess_opts *o)
{
    qmap m;
    long k = t->year - p->first_year;
    if (!p->dist || k < 0 || (size_t)k >= p->h || !quantity_map(&m, t, s)) return 0;
    /* where the quantity is defined (growth: y >= 0), and its share */
    double lo0 = m.kind ? 0 : NAN, defined = chitieu_projection_prob(p, (size_t)k, lo0, NAN);
    double ylo = qmap_inv(&m, t->low), yhi = qmap_inv(&m, t->high);
    if (m.kind && !isnan(t->low) && t->low <= -100) ylo = 0;
    if (m.kind && !isnan(t->high) && t->high <= -100) yhi = -1; /* a fall of 100% or more: never */
    if (m.kind) ylo = isnan(ylo) ? 0 : fmax(ylo, 0);
    out->method = p->method;
    out->probability = chitieu_projection_prob(p, (size_t)k, ylo, yhi);
    if (!(defined > 0)) { out->probability = NAN; out->method = CHITIEU_METHOD_AUTO; return 1; } /* no_data */
    double f0 = 1 - defined; /* share where the quantity is undefined (below y = 0) */
    double *dst[5] = {&out->projected, &out->lo80, &out->hi80, &out->lo95, &out->hi95};
    static const double u[5] = {0.5, 0.10, 0.90, 0.025, 0.975};
    for (int j = 0; j < 5; j++)
        *dst[j] = qmap_of(&m, chitieu_projection_quantile(p, (size_t)k, f0 + u[j] * defined));
    set_status(out, o);
    return 1;
}

/* The quantity of a period shape (cumulative, each_year, avg_rate) on every path,
 * when the period's years up to the last observation are all observed: the
 * observed part once, then a pass over each path's projected years (the same
 * values as quantity() and meets(), faster).  q gets the defined quantities
 * (*nq), range[0..1] their least and greatest, *met the paths meeting the target.
 * Returns 0 for other cases. */
static int period_quantities(double *q, size_t *nq, double range[2], size_t *met, const chitieu_target *t,
                             const chitieu_series *s, const chitieu_projection *p)
{
    int sh = t->shape;
    if ((sh != CHITIEU_SHAPE_CUMULATIVE && sh != CHITIEU_SHAPE_EACH_YEAR && sh != CHITIEU_SHAPE_AVG_RATE) ||
        s->n == 0)
        return 0;
    int last = s->years[s->n - 1], first_proj = t->from > last ? t->from : last + 1;
    if (first_proj < p->first_year || t->year - p->first_year >= (int)p->h) return 0;
    double sum = 0, lo = INFINITY, hi = -INFINITY, prod = 1;
    for (int yr = t->from; yr < first_proj; yr++) { /* the observed part */
        long i = chitieu_series_find(s, yr);
        if (i < 0) return 0; /* a gap: quantity() says NAN on every path */
        double v = s->values[i];
        sum += v, lo = fmin(lo, v), hi = fmax(hi, v), prod *= 1 + v / 100;
    }
    size_t k0 = (size_t)(first_proj - p->first_year), len = (size_t)(t->year - first_proj) + 1, h = p->h;
    const double *row = p->paths + k0;
    double kk = t->year - t->from + 1;
    size_t n = p->nsim, ok = 0;
    /* one loop per shape, only what it needs: q[j] = path j's quantity */
    if (sh == CHITIEU_SHAPE_CUMULATIVE) {
        for (size_t j = 0; j < n; j++, row += h) {
            double a = sum;
            for (size_t k = 0; k < len; k++) a += row[k];
            q[j] = a;
        }
    } else if (sh == CHITIEU_SHAPE_EACH_YEAR && !isnan(t->low) && !isnan(t->high)) { /* every year within both */
        for (size_t j = 0; j < n; j++, row += h) {
            double mn = lo, mx = hi;
            for (size_t k = 0; k < len; k++) {
                mn = row[k] < mn ? row[k] : mn;
                mx = row[k] > mx ? row[k] : mx;
            }
            ok += (size_t)(mn >= t->low && mx <= t->high);
            q[j] = mn;
        }
    } else if (sh == CHITIEU_SHAPE_EACH_YEAR && !isnan(t->low)) { /* the worst year: the lowest */
        for (size_t j = 0; j < n; j++, row += h) {
            double mn = lo;
            for (size_t k = 0; k < len; k++) mn = row[k] < mn ? row[k] : mn;
            q[j] = mn;
        }
    } else if (sh == CHITIEU_SHAPE_EACH_YEAR) { /* the highest */
        for (size_t j = 0; j < n; j++, row += h) {
            double mx = hi;
            for (size_t k = 0; k < len; k++) mx = row[k] > mx ? row[k] : mx;
            q[j] = mx;
        }
    } else {
        for (size_t j = 0; j < n; j++, row += h) {
            double pr = prod;
            for (size_t k = 0; k < len; k++) pr *= 1 + row[k] / 100;
            q[j] = pr > 0 ? 100.0 * (pow(pr, 1.0 / kk) - 1.0) : NAN;
        }
    }
    /* the defined ones kept in order, the paths meeting the target counted (unless counted above) */
    int both = sh == CHITIEU_SHAPE_EACH_YEAR && !isnan(t->low) && !isnan(t->high);
    double low = isnan(t->low) ? -INFINITY : t->low, high = isnan(t->high) ? INFINITY : t->high;
    double mn = INFINITY, mx = -INFINITY;
    size_t m = 0;
    for (size_t j = 0; j < n; j++) {
        double v = q[j];
        if (isnan(v)) continue;
        ok += (size_t)(!both && v >= low && v <= high);
        mn = v < mn ? v : mn;
        mx = v > mx ? v : mx;
        q[m++] = v;
    }
    *nq = m, *met = ok;
    range[0] = mn, range[1] = mx;
    return 1;
}

/* Core assessment on given projections; out->projection stays NULL (the caller owns p).
 * When the quantity depends on the target year alone and p carries its distribution,
 * probability and bands are exact (analytic); otherwise they come from p's paths. */
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
    if (!isnan(out->required_pace))
        out->pace_years = t->shape == CHITIEU_SHAPE_AVG_RATE || t->shape == CHITIEU_SHAPE_CUMULATIVE
                              ? unknown_years(t, s) : t->year - out->last_year;
    int by = base_year(t);
    if (by && chitieu_series_find(s, by) < 0) out->base_missing = by;
    if (complete(t, s, vs)) {
        double q = quantity(t, s, NULL, vs, NULL, 0);
        int ok = meets(t, s, NULL, 0, q);
        out->projected = q;
        out->probability = ok ? 1.0 : 0.0;
        out->status = ok ? CHITIEU_STATUS_ACHIEVED : CHITIEU_STATUS_MISSED;
        return CHITIEU_OK;
    }
    if (p && analytic(out, t, s, p, o)) return CHITIEU_OK;
    if (!p || p->nsim == 0 || (t->shape == CHITIEU_SHAPE_EXCEEDS && (!vp || vp->nsim < p->nsim)))
        return CHITIEU_OK; /* no_data */
    out->method = p->method;
    double *q = malloc(p->nsim * sizeof *q);
    if (!q) { chitieu_assessment_clear(out); return chitieu__fail(CHITIEU_ENOMEM, "assess: out of memory"); }
    size_t nq = 0, met = 0;
    double range[2] = {INFINITY, -INFINITY};
    if (!period_quantities(q, &nq, range, &met, t, s, p))
        for (size_t k = 0; k < p->nsim; k++) {
            double v = quantity(t, s, p, vs, vp, k);
            if (isnan(v)) continue;
            met += (size_t)meets(t, s, p, k, v);
            range[0] = v < range[0] ? v : range[0];
            range[1] = v > range[1] ? v : range[1];
            q[nq++] = v;
        }
    if (nq == 0) { free(q); return CHITIEU_OK; } /* a needed year (e.g. the base) is missing */
    double qs[5];
    quantiles5(q, nq, qs, range);
    out->projected = qs[0];
    out->lo80 = qs[1]; out->hi80 = qs[2];
    out->lo95 = qs[3]; out->hi95 = qs[4];
    free(q);
    out->probability = (double)met / (double)p->nsim;
    set_status(out, o);
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
    if (ind && isnan(ind->min) && isnan(ind->max) && ind->unit && strcmp(ind->unit, "%") == 0 && !ind->rate &&
        !(t && t->shape == CHITIEU_SHAPE_AVG_RATE)) {
        *lower = 0;
        *upper = 100;
    }
}

/* Project s to `to` within the bounds of `ind` for target t (no paths: they are
 * drawn when a target needs them); *p stays NULL when s has fewer than 3
 * points or ends at or after `to`. */
static int project(chitieu_projection **p, const chitieu_series *s, int to, const chitieu_target *t,
                   const chitieu_indicator *ind, const chitieu_assess_opts *o)
{
    *p = NULL;
    if (!s || s->n < 3 || s->years[s->n - 1] >= to) return CHITIEU_OK;
    chitieu_trend_opts to_;
    chitieu_trend_opts_init(&to_);
    to_.method = o->method;
    to_.seed = o->seed;
    chitieu_assess_trend_bounds(&to_.lower, &to_.upper, ind, t);
    return chitieu_trend_project(p, s->years, s->values, s->n, to, &to_);
}

/* The first h steps of p without paths or distribution: the per-year projection an assessment keeps. */
static chitieu_projection *head_copy(const chitieu_projection *p, size_t h)
{
    chitieu_projection *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    *c = *p;
    c->h = h;
    c->paths = NULL;
    c->nsim = 0;
    c->dist = NULL;
    double *src[5] = {p->point, p->lo80, p->hi80, p->lo95, p->hi95}, **dst[5] = {&c->point, &c->lo80, &c->hi80,
                                                                             &c->lo95, &c->hi95};
    c->point = c->lo80 = c->hi80 = c->lo95 = c->hi95 = c->fitted = NULL;
    int ok = 1;
    for (int j = 0; j < 5; j++)
        if ((*dst[j] = malloc(h * sizeof(double)))) memcpy(*dst[j], src[j], h * sizeof(double)); else ok = 0;
    if ((c->fitted = malloc((p->n ? p->n : 1) * sizeof(double)))) memcpy(c->fitted, p->fitted, p->n * sizeof(double));
    else ok = 0;
    if (!ok) { chitieu_projection_free(c); return NULL; }
    return c;
}

/* Assess target t with projection p of its series (to t's year or later; NULL when none
 * could be made), drawing p's sample paths first when the quantity needs them; the
 * assessment keeps p's years up to t's. */
static int assess_with(chitieu_assessment *out, const chitieu_target *t, const chitieu_series *s,
                       const chitieu_series *vs, chitieu_projection *p, const chitieu_assess_opts *o)
{
    chitieu_projection *vp = NULL;
    int rc = CHITIEU_OK;
    qmap m;
    if (complete(t, s, vs) || (p && t->year < p->first_year)) p = NULL; /* nothing to project for t */
    if (p && !quantity_map(&m, t, s) && p->nsim < o->nsim) rc = chitieu_projection_sample(p, o->nsim, o->seed);
    if (!rc && p && t->shape == CHITIEU_SHAPE_EXCEEDS && vs) {
        rc = project(&vp, vs, t->year, t, NULL, o);
        if (rc == CHITIEU_EINVALID) rc = CHITIEU_OK, vp = NULL; /* no versus projection: no_data */
        if (!rc && vp) rc = chitieu_projection_sample(vp, o->nsim, o->seed);
    }
    if (!rc) rc = chitieu__assess_paths(out, t, s, vs, p, vp, o);
    chitieu_projection_free(vp);
    if (rc) return rc;
    if (p && !(out->projection = head_copy(p, (size_t)(t->year - p->first_year + 1)))) {
        chitieu_assessment_clear(out);
        return chitieu__fail(CHITIEU_ENOMEM, "assess: out of memory");
    }
    return CHITIEU_OK;
}

/* Assess one target: project the series when needed, then assess_with. */
int chitieu_assess_target(chitieu_assessment *out, const chitieu_target *t,
                          const chitieu_indicator *ind, const chitieu_series *s,
                          const chitieu_series *versus, const chitieu_assess_opts *o)
{
    chitieu_assess_opts def;
    if (!o) { chitieu_assess_opts_init(&def); o = &def; }
    if (!out || !t || !s) return chitieu__fail(CHITIEU_EINVALID, "assess: NULL argument");
    chitieu_projection *p = NULL;
    int rc = complete(t, s, versus) ? CHITIEU_OK : project(&p, s, t->year, t, ind, o);
    if (rc == CHITIEU_EINVALID) rc = CHITIEU_OK, p = NULL; /* e.g. log-linear on a non-positive series: no_data */
    if (!rc) rc = assess_with(out, t, s, versus, p, o);
    chitieu_projection_free(p);
    return rc;
}

/* ---- every target of the store: chunks, one projection per series, threads ---- */

/* A run of consecutive targets of one indicator in one area: one series, fetched
 * once, and one projection per pair of bounds, to the latest of their years. */
typedef struct {
    const chitieu_target *t;     /* count targets */
    size_t count;
    const chitieu_indicator *ind; /* NULL when the indicator is unknown */
    chitieu_series *s;
    chitieu_series **vs;         /* per target: the versus series of exceeds, else NULL */
    chitieu_assessment *out;     /* per target */
    int rc;
    char msg[512];               /* the error of a failed group */
} group;

/* Assess a group (in a worker thread). */
static void assess_group(group *g, const chitieu_assess_opts *o)
{
    enum { NB = 4 };
    struct { double lo, hi; chitieu_projection *p; } pr[NB];
    size_t npr = 0;
    int latest = 0;
    for (size_t i = 0; i < g->count; i++)
        if (!complete(&g->t[i], g->s, g->vs[i]) && g->t[i].year > latest) latest = g->t[i].year;
    for (size_t i = 0; i < g->count && !g->rc; i++) {
        const chitieu_target *t = &g->t[i];
        chitieu_projection *p = NULL, *own = NULL;
        if (!complete(t, g->s, g->vs[i])) {
            double lo, hi;
            chitieu_assess_trend_bounds(&lo, &hi, g->ind, t);
            size_t j = 0;
            while (j < npr && !((pr[j].lo == lo || (isnan(pr[j].lo) && isnan(lo))) &&
                                (pr[j].hi == hi || (isnan(pr[j].hi) && isnan(hi)))))
                j++;
            /* a new pair of bounds: its projection (a fifth pair, never seen in real catalogues: its own) */
            chitieu_projection **slot = j < npr ? NULL : j < NB ? &pr[npr].p : &own;
            if (slot) {
                int rc = project(slot, g->s, latest, t, g->ind, o);
                g->rc = rc == CHITIEU_EINVALID ? CHITIEU_OK : rc; /* no projection: no_data */
                if (j < NB) pr[npr].lo = lo, pr[npr].hi = hi, npr++;
            }
            p = j < NB ? pr[j].p : own;
        }
        if (!g->rc) g->rc = assess_with(&g->out[i], t, g->s, g->vs[i], p, o);
        chitieu_projection_free(own);
    }
    if (g->rc) snprintf(g->msg, sizeof g->msg, "%s", chitieu_error_last());
    for (size_t j = 0; j < npr; j++) chitieu_projection_free(pr[j].p);
}

#define CHUNK 1024 /* targets fetched and assessed at a time (each ends in a wait for the slowest group) */

typedef struct {
    group *g;
    size_t ng, ntargets;
    chitieu_assessment *out; /* ntargets, in order */
} chunk;

typedef struct {
    chunk *c;
    const chitieu_assess_opts *o;
    atomic_size_t next;
} work;

static void *worker(void *arg)
{
    work *w = arg;
    for (size_t i; (i = atomic_fetch_add(&w->next, 1)) < w->c->ng;) assess_group(&w->c->g[i], w->o);
    return NULL;
}

/* The indicators met so far (a run of targets names a handful); each one
 * allocated alone, so the groups' pointers stay valid as the cache grows. */
typedef struct {
    chitieu_indicator **ind; /* ind[i]->code set even when the store has no such indicator */
    int *found;
    size_t n, cap;
} ind_cache;

static const chitieu_indicator *ind_get(ind_cache *c, chitieu_store *st, const char *code)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->ind[i]->code, code) == 0) return c->found[i] ? c->ind[i] : NULL;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 16;
        chitieu_indicator **ni = realloc(c->ind, cap * sizeof *ni);
        if (!ni) return NULL;
        c->ind = ni;
        int *nf = realloc(c->found, cap * sizeof *nf);
        if (!nf) return NULL;
        c->found = nf;
        c->cap = cap;
    }
    chitieu_indicator *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    int found = chitieu_store_indicator_get(d, st, code) == CHITIEU_OK;
    if (!found) memset(d, 0, sizeof *d);
    if (!found && !(d->code = chitieu__strdup(code))) { free(d); return NULL; }
    c->ind[c->n] = d;
    c->found[c->n++] = found;
    return found ? d : NULL;
}

static void ind_cache_free(ind_cache *c)
{
    for (size_t i = 0; i < c->n; i++) {
        chitieu_store_indicator_clear(c->ind[i]);
        free(c->ind[i]);
    }
    free(c->ind);
    free(c->found);
}

static void chunk_free(chunk *c)
{
    for (size_t i = 0; i < c->ng; i++) {
        group *g = &c->g[i];
        chitieu_series_free(g->s);
        for (size_t j = 0; g->vs && j < g->count; j++) chitieu_series_free(g->vs[j]);
        free(g->vs);
    }
    for (size_t i = 0; c->out && i < c->ntargets; i++) chitieu_assessment_clear(&c->out[i]);
    free(c->out);
    free(c->g);
    memset(c, 0, sizeof *c);
}

/* Fetch the series of targets ts[*at..] into chunk c: whole groups up to about CHUNK
 * targets; series stored, else rebuilt from other areas (the session ar, areas.h). */
static int chunk_fetch(chunk *c, chitieu_store *st, chitieu_areas *ar, const chitieu_target *ts, size_t nt,
                       size_t *at, ind_cache *ic)
{
    memset(c, 0, sizeof *c);
    size_t a = *at, b = a;
    while (b < nt && (b - a < CHUNK || (strcmp(ts[b].indicator, ts[b - 1].indicator) == 0 &&
                                        strcmp(ts[b].area, ts[b - 1].area) == 0)))
        b++;
    size_t ng = 0;
    for (size_t i = a; i < b; i++) ng += i == a || strcmp(ts[i].indicator, ts[i - 1].indicator) ||
                                          strcmp(ts[i].area, ts[i - 1].area);
    c->g = calloc(ng ? ng : 1, sizeof *c->g);
    c->out = calloc(b > a ? b - a : 1, sizeof *c->out);
    if (!c->g || !c->out) { chunk_free(c); return chitieu__fail(CHITIEU_ENOMEM, "assess: out of memory"); }
    c->ntargets = b - a;
    int rc = CHITIEU_OK;
    for (size_t i = a; i < b && !rc;) {
        group *g = &c->g[c->ng++];
        size_t j = i + 1;
        while (j < b && strcmp(ts[j].indicator, ts[i].indicator) == 0 && strcmp(ts[j].area, ts[i].area) == 0) j++;
        g->t = &ts[i];
        g->count = j - i;
        g->out = &c->out[i - a];
        g->ind = ind_get(ic, st, ts[i].indicator);
        if (!(g->vs = calloc(g->count, sizeof *g->vs))) { rc = chitieu__fail(CHITIEU_ENOMEM, "assess: out of memory"); break; }
        rc = chitieu_areas_get(&g->s, NULL, NULL, ar, ts[i].indicator, ts[i].area);
        for (size_t k = i; k < j && !rc; k++) {
            const chitieu_target *t = &ts[k];
            if (t->shape == CHITIEU_SHAPE_EXCEEDS && t->versus)
                rc = chitieu_areas_get(&g->vs[k - i], NULL, NULL, ar, t->versus,
                                       t->versus_area ? t->versus_area : t->area);
        }
        i = j;
    }
    if (rc) { chunk_free(c); return rc; }
    *at = b;
    return CHITIEU_OK;
}

/* Start assessing chunk c on threads - 1 new threads (*w must outlive them); the caller
 * joins in with chunk_finish.  Returns the number of threads started. */
static size_t chunk_start(work *w, pthread_t *tid, size_t threads)
{
    size_t started = 0;
    for (size_t i = 1; i < threads && i < w->c->ng && started < 64; i++)
        if (pthread_create(&tid[started], NULL, worker, w) == 0) started++;
    return started;
}

/* Work on chunk c with the threads started and wait for them; then, unless `quiet`, report the
 * first failed group (the error of a failure already met is kept). */
static int chunk_finish(work *w, pthread_t *tid, size_t started, int quiet)
{
    worker(w);
    for (size_t i = 0; i < started; i++) pthread_join(tid[i], NULL);
    for (size_t i = 0; !quiet && i < w->c->ng; i++)
        if (w->c->g[i].rc) return chitieu__fail(w->c->g[i].rc, "%s", w->c->g[i].msg);
    return CHITIEU_OK;
}

/* Hand the assessments of chunk c to fn in order (each cleared after), from *rc == 0 on;
 * the first failure goes to *rc. */
static void chunk_emit(chunk *c, chitieu_assess_fn fn, void *ctx, int *rc)
{
    for (size_t i = 0; !*rc && i < c->ntargets; i++) {
        *rc = fn(ctx, &c->out[i]);
        chitieu_assessment_clear(&c->out[i]);
    }
}

/* Number of threads: o->threads, else one per CPU. */
static size_t thread_count(const chitieu_assess_opts *o)
{
    long n = o->threads ? (long)o->threads : sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (size_t)n;
}

/* Every target of the store (filtered) in order, through fn: see assess.h. */
int chitieu_assess_each(chitieu_store *st, const char *plan, const char *area, const chitieu_assess_opts *o,
                        chitieu_assess_fn fn, void *ctx)
{
    chitieu_assess_opts def;
    if (!o) { chitieu_assess_opts_init(&def); o = &def; }
    if (!st || !fn) return chitieu__fail(CHITIEU_EINVALID, "assess: NULL argument");
    chitieu__gsl_init();
    chitieu_target *ts = NULL;
    size_t nt = 0, at = 0, threads = thread_count(o);
    /* one read transaction for the whole run (unless the caller has one): every read sees the same content,
     * and SQLite takes and releases its locks once, not for every series (two fcntl and a stat each) */
    int txn = sqlite3_get_autocommit(chitieu__store_db(st)) != 0, rc;
    if (txn && (rc = chitieu__exec(st, "BEGIN"))) return rc;
    rc = chitieu_store_targets(&ts, &nt, st, plan, area);
    if (rc) {
        if (txn) chitieu__exec(st, "COMMIT");
        return rc;
    }
    ind_cache ic = {0};
    chunk c = {0}, next = {0}, done = {0}; /* being assessed, its series read, assessed (to emit) */
    chitieu_areas *ar = NULL; /* one session of stored-else-rebuilt series for the whole run */
    rc = chitieu_areas_open(&ar, st, o->cutoff_year);
    if (!rc) rc = chunk_fetch(&c, st, ar, ts, nt, &at, &ic);
    /* while the other threads assess chunk c, this one hands the chunk before to fn and reads the
     * series of the next (SQLite and fn stay on this thread), then joins them */
    while (!rc && c.ntargets) {
        work w = {&c, o, 0};
        pthread_t tid[64];
        size_t started = chunk_start(&w, tid, threads);
        chunk_emit(&done, fn, ctx, &rc);
        chunk_free(&done);
        int frc = rc ? CHITIEU_OK : chunk_fetch(&next, st, ar, ts, nt, &at, &ic);
        int arc = chunk_finish(&w, tid, started, rc != CHITIEU_OK); /* fn's error first, then c's, then the read's */
        if (!rc) rc = arc;
        if (!rc) rc = frc;
        done = c;
        c = next;
        memset(&next, 0, sizeof next);
    }
    chunk_emit(&done, fn, ctx, &rc);
    chunk_free(&done);
    chunk_free(&next);
    chunk_free(&c);
    chitieu_areas_close(ar);
    ind_cache_free(&ic);
    chitieu_store_targets_free(ts, nt);
    if (txn) { /* a read: COMMIT only ends it */
        int crc = chitieu__exec(st, "COMMIT");
        if (!rc) rc = crc;
    }
    return rc;
}

typedef struct {
    chitieu_assessment *arr;
    size_t n, cap;
} collect;

/* chitieu_assess_each callback of chitieu_assess_run: move the assessment into the array. */
static int collect_one(void *ctx, chitieu_assessment *a)
{
    collect *c = ctx;
    if (chitieu__grow(&c->arr, &c->cap, c->n, sizeof *c->arr))
        return chitieu__fail(CHITIEU_ENOMEM, "assess: out of memory");
    c->arr[c->n++] = *a;
    memset(a, 0, sizeof *a);
    return CHITIEU_OK;
}

/* Every target of the store (filtered) into an array: see assess.h. */
int chitieu_assess_run(chitieu_assessment **out, size_t *n, chitieu_store *st,
                       const char *plan, const char *area, const chitieu_assess_opts *o)
{
    if (!out || !n || !st) return chitieu__fail(CHITIEU_EINVALID, "assess: NULL argument");
    *out = NULL;
    *n = 0;
    collect c = {0};
    int rc = chitieu_assess_each(st, plan, area, o, collect_one, &c);
    if (rc) { chitieu_assessments_free(c.arr, c.n); return rc; }
    *out = c.arr ? c.arr : calloc(1, sizeof **out);
    *n = c.n;
    return *out ? CHITIEU_OK : chitieu__fail(CHITIEU_ENOMEM, "assess: out of memory");
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
