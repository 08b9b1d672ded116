/*
 * calibrate.c — derive the interval calibration factors of engine/trend_calib.h
 * from rolling-origin errors on real series that are NOT the M3 hold-out:
 * the World Bank WDI all-countries CSVs (every country and aggregate,
 * 1960-2024, 14 indicators; ../shared/data/wdi/all-countries) and, when its
 * path is given, the training part of the M3 yearly series (origins inside
 * train.csv; test.csv is never read).
 *
 * For every series (WDI: the longest run of consecutive years with figures),
 * every window length L in LENGTHS and up to ORIGINS origins (the latest ones,
 * ORIGIN_STEP years apart), the window is projected CALIB_H years ahead by
 * each method with textbook intervals (opts.raw = 1) six times: with every
 * year, thinned to every second year (the last year and every second one
 * before it), to every 3rd, 4th and 5th year (when THIN_MIN years are left:
 * elections, surveys every few years), and, for windows of 10 years or
 * more, thinned to five irregular years among the last 15 (the last year and
 * 4 drawn at random).  For each outcome the ratio error / textbook half-width
 * is pooled by method, density (mean gap between observations up to 1.5
 * years: yearly; up to 2.25: sparse, e.g. biennial; more: wide gaps, and a
 * fourth class for wide gaps with at most CALIB_SHORT observations, which only
 * the windows thinned to every 3rd-5th year with 3-4 years left fill, so the
 * other classes' rows and spread models are those of the three classes alone,
 * and a fifth for sparse series with more than CALIB_SPARSE_N observations,
 * filled by the sparse windows with that many, which fill the sparse class as
 * well, so that its rows and spread model are unchanged: bench/README n6b),
 * number of observations (<= CALIB_T1, <= CALIB_T2, more), roughness (sd of
 * the yearly changes / their mean absolute size, in CALIB_S classes: a smooth
 * series errs less, for its standard error, than a rough one) and step, with
 * its sign: the factor of the upper end of the 80% band is the 90% quantile of
 * the ratios, that of the lower end minus their 10% quantile (and so for 95%,
 * and for 50%, whose band shapes the distribution between the others), each
 * end passed by its nominal share of the pooled errors (CALIB_FACTOR 0; with
 * 1 each ratio is weighted by its window's half-width over the window's MASE
 * scale times the per-series factor below, the end that minimises the interval
 * score in MASE units, MSIS, but whose probabilities are less well calibrated
 * on the UK series: bench/README "Fitting the spread model"); bands may be
 * asymmetric.  Each end's factors are then
 * made non-decreasing in the step by isotonic regression weighted by the
 * outcomes (a tail quantile of a few hundred ratios is noisy: 5.75 at step 4
 * and 4.07 at step 5 for the 95% upper end of short sparse series); a cell
 * with fewer than MIN_OBS outcomes takes the previous step's factor (1 at step 1), a sparser
 * class without them at step 1 the next denser class's row (and spread coefficients).  The counts method
 * is not calibrated (its gamma spread is the model; trend.c never reads its row).
 *
 * Per-series spread: each window's projection carries the features of trend.h
 * (chitieu_projection_disagree, spread_x).  Before the factors above, log
 * |error / 80% half-width| is regressed on x = (log(disagreement +
 * DIS_FLOOR), spread_x) within the cells (the class factors take the level;
 * pooled over observation and roughness classes, one coefficient vector per
 * method, density and step), and the ratios are divided by the factor trend.c
 * then applies, exp(b.x) kept within a factor SPREAD_CAP either way, so the
 * class factors calibrate what the per-series factor leaves.  CALIB_FIT 1 and 2
 * fit b to the band ends as quantiles instead (tried, not shipped: bench/README
 * "Fitting the spread model").
 *
 * Usage: calibrate [--methods m1,m2,...] [WDI_DIR [M3_TRAIN_CSV]] > engine/trend_calib.h
 * (counts on stderr; --methods calibrates only those, the others get factor 1:
 * for trying methods out, never for the shipped table).
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <gsl/gsl_multimin.h>
#include "chitieu/trend.h"
#include "internal.h" /* chitieu__select_kth */

#define NYEARS 65 /* 1960..2024 */
#define MAXLEN 64  /* longest run scored */
#define CALIB_T1 8   /* observation classes: n <= 8, 9..15, more */
#define CALIB_T2 15
#define CALIB_H 10   /* steps calibrated; longer steps use the last */
#define ORIGINS 3
#define ORIGIN_STEP 5
#define MIN_OBS 200
#define THIN_MAX 5 /* windows also thinned to every 2nd, ..., THIN_MAX-th year */
#define THIN_MIN 5 /* observations a window thinned to every 3rd year or more keeps at least (or 3 to CALIB_SHORT) */
#define CALIB_G 3    /* gap classes by the mean gap between observations, from these lower limits: */
static const double GAP[CALIB_G - 1] = {1.5, 2.25};
#define CALIB_SHORT 3 /* the widest gap class with at most this many observations is a class of its own */
#ifndef CALIB_SPARSE_N
#define CALIB_SPARSE_N 6 /* sparse windows with more observations than this also fill a class of their own */
#endif
#define CALIB_D (CALIB_G + 2) /* density classes: the gap classes, the short wide-gap one, the long sparse one */
#define CALIB_S 4    /* roughness classes, from these lower limits: */
static const double ROUGH[CALIB_S - 1] = {0.3, 0.6, 1.0};
static const int LENGTHS[] = {4, 5, 6, 7, 8, 10, 12, 15, 18, 22, 27, 33};

typedef struct { double *v; size_t n, cap; } vec;

/* p, unless it is NULL (an allocation failed: GSL's error handler is off in the library): then the program
 * ends, saying so. */
static void *need(void *p)
{
    if (!p) { fprintf(stderr, "calibrate: out of memory\n"); exit(1); }
    return p;
}

/* Append x to a (its array doubled when full). */
static void push(vec *a, double x)
{
    if (a->n == a->cap) {
        a->cap = a->cap ? 2 * a->cap : 256;
        a->v = need(realloc(a->v, a->cap * sizeof *a->v));
    }
    a->v[a->n++] = x;
}

typedef struct { double v, w; } vw;

/* Order of two vw by value, for qsort. */
static int cmp_vw(const void *a, const void *b)
{
    double x = ((const vw *)a)->v, y = ((const vw *)b)->v;
    return (x > y) - (x < y);
}

/* The weighted p-quantile of a[0..n-1] (sorted in place): the smallest value whose cumulative weight
 * reaches p times the total, the minimiser of the weighted pinball loss. */
static double wquantile(vw *a, size_t n, double p)
{
    qsort(a, n, sizeof *a, cmp_vw);
    double tot = 0, c = 0;
    for (size_t i = 0; i < n; i++) tot += a[i].w;
    for (size_t i = 0; i < n; i++)
        if ((c += a[i].w) >= p * tot) return a[i].v;
    return a[n - 1].v;
}

static const char *const DNAME[CALIB_D] = {"yearly", "sparse", "wide", "wide-short", "sparse-long"};

/* The class whose factors and spread coefficients density class sp takes when it has too few
 * outcomes: the next denser one (the long sparse class: the sparse one, of which it is a part). */
static int denser(int sp)
{
    return sp == CALIB_G + 1 ? 1 : sp - 1;
}
static double fac[CHITIEU_METHOD_COUNT_][CALIB_D][3][CALIB_S][CALIB_H][6]; /* the factors, as printed */
static vec ratios[CHITIEU_METHOD_COUNT_][CALIB_D][3][CALIB_S][CALIB_H][3];

/* The per-series spread model (trend.c spread_factor): for every outcome its window's features x (NF
 * of them, in the order of ratios[..][0]), and the within-cell sums of the regression of y = log |error /
 * 80% half-width| on x: n, sum x, sum y, sum x x', sum x y, sum y y. */
#define NF (1 + CHITIEU_SPREAD_NX)
#define DIS_FLOOR 0.2  /* a disagreement of a fifth of the standard error counts as little as none
                          (0.1 and 0.4 give the same hold-out figures within 0.1 of msis95) */
#define SPREAD_CAP 4.0 /* the per-series factor stays within 1/4..4 */
static vec feat[CHITIEU_METHOD_COUNT_][CALIB_D][3][CALIB_S][CALIB_H][NF];
/* each outcome's 80% textbook half-width over its window's MASE scale (mean absolute change between
 * observations; 0 for a window without change): the weight that puts a loss in half-widths into MSIS units */
static vec wts[CHITIEU_METHOD_COUNT_][CALIB_D][3][CALIB_S][CALIB_H];
typedef struct { double n, sx[NF], sy, sxx[NF][NF], sxy[NF], syy, cnt; } regsums; /* n: the weights' sum (CALIB_WLS), cnt: the errors */
static regsums rs[CHITIEU_METHOD_COUNT_][CALIB_D][3][CALIB_S][CALIB_H];

/* Solve the NF x NF system a b = r (a is changed) by Gaussian elimination with a small ridge; b = 0
 * for a feature without spread. */
static void solve(double a[NF][NF], double r[NF], double b[NF])
{
    double tr = 0;
    for (int i = 0; i < NF; i++) tr += a[i][i];
    for (int i = 0; i < NF; i++) a[i][i] += 1e-9 * tr + 1e-300;
    for (int c = 0; c < NF; c++)
        for (int i = c + 1; i < NF; i++) {
            double f = a[i][c] / a[c][c];
            for (int j = c; j < NF; j++) a[i][j] -= f * a[c][j];
            r[i] -= f * r[c];
        }
    for (int i = NF - 1; i >= 0; i--) {
        double v = r[i];
        for (int j = i + 1; j < NF; j++) v -= a[i][j] * b[j];
        b[i] = v / a[i][i];
    }
}

/* The factor trend.c's spread_factor applies for coefficients b and features x. */
static double spread(const double b[NF], const double x[NF])
{
    double e = 0;
    for (int i = 0; i < NF; i++) e += b[i] * x[i];
    return exp(fmin(fmax(e, -log(SPREAD_CAP)), log(SPREAD_CAP)));
}

/* Weighted isotonic (non-decreasing) regression of y[0..n-1] in place, weights w (pool adjacent
 * violators); entries of weight 0 are left out and keep their value. */
static void isotonic(double *y, const double *w, int n)
{
    double bv[CALIB_H], bw[CALIB_H];
    int bn[CALIB_H], nb = 0, idx[CALIB_H], m = 0;
    for (int i = 0; i < n; i++) {
        if (!(w[i] > 0)) continue;
        idx[m++] = i;
        bv[nb] = y[i], bw[nb] = w[i], bn[nb] = 1, nb++;
        while (nb > 1 && bv[nb - 2] > bv[nb - 1]) {
            double tw = bw[nb - 2] + bw[nb - 1];
            bv[nb - 2] = (bv[nb - 2] * bw[nb - 2] + bv[nb - 1] * bw[nb - 1]) / tw;
            bw[nb - 2] = tw;
            bn[nb - 2] += bn[nb - 1];
            nb--;
        }
    }
    for (int b = 0, i = 0; b < nb; b++)
        for (int c = 0; c < bn[b]; c++) y[idx[i++]] = bv[b];
}

/* How the spread model's coefficients are fitted (bench/README "Fitting the spread model"):
 * 0: least squares of log |error / 80% half-width| on the features within the cells (a model of the
 *    mean log error), one vector for every band end;
 * 1: one vector for every band end minimising the summed interval score of the 50, 80 and 95% bands
 *    over the calibration errors, each cell's factors being the quantiles the table then holds;
 * 2: a vector per band end minimising that end's pinball loss (quantile regression of the end, with the
 *    cell's quantile as its intercept). */
#ifndef CALIB_FIT
#define CALIB_FIT 0
#endif
#ifndef CALIB_LOSS
#define CALIB_LOSS 0 /* the loss of CALIB_FIT 1 and 2: 0 in MASE scales (the interval score as MSIS counts it),
                        1 of the log ratios (robust to the windows whose textbook band is almost nil) */
#endif
#ifndef CALIB_FACTOR
#define CALIB_FACTOR 0 /* the class factor of a band end: 0 the quantile of the ratios over the per-series factor
                          (each end passed by its nominal share of the errors); 1 the quantile weighted by the
                          half-width over the MASE scale times that factor, which minimises the interval score in
                          MASE scales (MSIS) over the cell's errors */
#endif
#ifndef CALIB_WLS
#define CALIB_WLS 0 /* 1: the least-squares spread model weighted as the class factors (CALIB_FACTOR 1) */
#endif
#ifndef M3_WEIGHT
#define M3_WEIGHT 1 /* the weight of an M3 training window's errors against a World Bank one's */
#endif
static double src_weight = 1; /* M3_WEIGHT while the M3 training series are read */
#ifndef CALIB_SHRINK
#define CALIB_SHRINK 0 /* when > 0: each step's least-squares coefficients shrunk towards those of every step
                          pooled, (n b + CALIB_SHRINK b_pooled) / (n + CALIB_SHRINK), n the step's errors */
#endif
/* vectors of spread coefficients in the table: one per band end only when they differ */
#define SPREAD_ENDS (CALIB_FIT == 2 ? 6 : 1)
#ifndef FIT_ONLY
#define FIT_ONLY 0 /* a method's number: only its coefficients fitted by CALIB_FIT (for trying variants out) */
#endif
#ifndef FIT_MAX
#define FIT_MAX 20000 /* outcomes a fit reads at most (every s-th of each cell) */
#endif
static const double LEVEL[3] = {0.80, 0.95, 0.50};
/* the textbook half-widths of the 95% and 50% bands over the 80% one (normal quantiles) */
static const double WREL[3] = {1, 1.959963984540054 / 1.2815515655446004, 0.6744897501960817 / 1.2815515655446004};

/* Quantile (type 7, as R's quantile()) of a[0..n-1], n > 0, reordering it. */
static double quantile_sel(double *a, size_t n, double p)
{
    double pos = p * (double)(n - 1);
    size_t i = (size_t)pos;
    double lo = chitieu__select_kth(a, n, i);
    if (i + 1 >= n) return lo;
    double hi = a[i + 1];
    for (size_t j = i + 2; j < n; j++) hi = fmin(hi, a[j]);
    return lo + (pos - (double)i) * (hi - lo);
}

/* The outcomes a fit reads: ratios e / w (80, 95, 50%) and features, by cell. */
typedef struct {
    size_t n, off[3 * CALIB_S + 1];
    double *r[3], *x[NF], *w, *g, *tmp;
    vw *tw; /* scratch of the weighted quantiles (CALIB_FACTOR 1) */
    int ends[6], nends, free_f[NF], nfree;
    double b0[NF]; /* the coefficients held (those of features without spread in the sample) */
} fitset;

/* The loss of coefficients v (the free ones) over the fit set: the summed pinball losses of the
 * chosen ends, each cell's end at the quantile of the ratios over the per-series factors (the class
 * factor the table then holds), weighted to the interval score of its band (2/a, in 80% half-widths). */
static double fit_loss(const gsl_vector *v, void *par)
{
    fitset *s = par;
    double b[NF], loss = 0;
    memcpy(b, s->b0, sizeof b);
    for (int f = 0; f < s->nfree; f++) b[s->free_f[f]] = gsl_vector_get(v, (size_t)f);
    for (size_t i = 0; i < s->n; i++) {
        double xi[NF];
        for (int f = 0; f < NF; f++) xi[f] = s->x[f][i];
        s->g[i] = spread(b, xi);
    }
    for (int c = 0; c < 3 * CALIB_S; c++) {
        size_t a = s->off[c], nc = s->off[c + 1] - a;
        if (nc < 2) continue;
        for (int e = 0; e < s->nends; e++) {
            int j = s->ends[e], l = j % 3;
            /* the end as an upper quantile: u = the ratio above the point, minus it below */
            double tau = (1 + LEVEL[l]) / 2, sgn = j >= 3 ? 1 : -1, sum = 0;
            const double *r = s->r[l] + a, *g = s->g + a, *w = s->w + a;
            double q;
            if (CALIB_FACTOR) { /* the class factor the table will hold: the weighted quantile */
                for (size_t i = 0; i < nc; i++) s->tw[i] = (vw){sgn * r[i] / g[i], w[i] * g[i]};
                q = wquantile(s->tw, nc, tau);
            } else {
                for (size_t i = 0; i < nc; i++) s->tmp[i] = sgn * r[i] / g[i];
                q = quantile_sel(s->tmp, nc, tau);
            }
            for (size_t i = 0; i < nc; i++) {
                double u;
                if (CALIB_LOSS == 0) u = w[i] * (sgn * r[i] - q * g[i]); /* in MASE scales: MSIS units */
                else u = log(fmax(sgn * r[i], 1e-6)) - log(fmax(q, 1e-6)) - log(g[i]); /* log ratios */
                sum += u >= 0 ? tau * u : (tau - 1) * u;
            }
            loss += sum * WREL[l] * 2 / (1 - LEVEL[l]);
        }
    }
    return loss / (double)s->n;
}

/* Fit the coefficients b (start: the least-squares ones, kept for a feature without spread) of the
 * ends of s by Nelder-Mead on fit_loss; returns the loss at the start and at the end in *l0, *l1. */
static void fit_ends(fitset *s, double b[NF], double *l0, double *l1)
{
    memcpy(s->b0, b, sizeof s->b0);
    s->nfree = 0;
    for (int f = 0; f < NF; f++) {
        double lo = INFINITY, hi = -INFINITY;
        for (size_t i = 0; i < s->n; i++) lo = fmin(lo, s->x[f][i]), hi = fmax(hi, s->x[f][i]);
        if (hi - lo > 1e-9) s->free_f[s->nfree++] = f;
    }
    gsl_vector *x = need(gsl_vector_alloc((size_t)(s->nfree ? s->nfree : 1))), *st = need(gsl_vector_alloc(x->size));
    for (int f = 0; f < s->nfree; f++) gsl_vector_set(x, (size_t)f, b[s->free_f[f]]);
    gsl_multimin_function fn = {fit_loss, (size_t)s->nfree, s};
    *l0 = *l1 = fit_loss(x, s);
    if (s->nfree) {
        gsl_vector_set_all(st, 0.2);
        gsl_multimin_fminimizer *mn = need(gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, x->size));
        int ok = gsl_multimin_fminimizer_set(mn, &fn, x, st) == GSL_SUCCESS; /* not on a loss that is not finite */
        for (int it = 0; ok && it < 150; it++) {
            if (gsl_multimin_fminimizer_iterate(mn)) break;
            if (gsl_multimin_test_size(gsl_multimin_fminimizer_size(mn), 2e-3) == GSL_SUCCESS) break;
        }
        if (ok && mn->fval < *l1) {
            *l1 = mn->fval;
            for (int f = 0; f < s->nfree; f++) b[s->free_f[f]] = gsl_vector_get(mn->x, (size_t)f);
        }
        gsl_multimin_fminimizer_free(mn);
    }
    gsl_vector_free(x);
    gsl_vector_free(st);
}

static int wanted[CHITIEU_METHOD_COUNT_];
static unsigned long rng = 88172645463325252UL;

/* xorshift: the irregular draws (fixed seed: the table is reproducible) */
static unsigned long next_rand(void)
{
    rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
    return rng;
}

/* Project the observations (years yr, values v, m of them) with every wanted
 * method and pool the ratios of the outcomes out[0..hh-1] (years last+1..). */
static void score_window(const int *yr, const double *v, size_t m, const double *out, size_t hh)
{
    double gap = (double)(yr[m - 1] - yr[0]) / (double)(m - 1);
    int sparse = 0;
    while (sparse + 1 < CALIB_G && gap > GAP[sparse]) sparse++;
    if (sparse == CALIB_G - 1 && m <= CALIB_SHORT) sparse = CALIB_G;
    /* a sparse window with more than CALIB_SPARSE_N observations fills the sparse class (whose rows
     * and spread model stay those of all sparse windows) and the long sparse class */
    int classes[2] = {sparse, CALIB_G + 1}, nclass = sparse == 1 && m > CALIB_SPARSE_N ? 2 : 1;
    size_t tb = m <= CALIB_T1 ? 0 : m <= CALIB_T2 ? 1 : 2, sb = 0;
    /* roughness, as trend.c's roughness() */
    double sd = 0, sa = 0, span = yr[m - 1] - yr[0], b = (v[m - 1] - v[0]) / span;
    for (size_t i = 1; i < m; i++) {
        double g = yr[i] - yr[i - 1], c = (v[i] - v[i - 1]) / g;
        sd += g * (c - b) * (c - b);
        sa += fabs(v[i] - v[i - 1]);
    }
    double rough = sa > 0 ? sqrt(sd / span) / (sa / span) : 0, mscale = sa / (double)(m - 1);
    while (sb + 1 < CALIB_S && rough >= ROUGH[sb]) sb++;
    for (int me = 1; me < CHITIEU_METHOD_COUNT_; me++) {
        if (!wanted[me]) continue;
        chitieu_trend_opts op;
        chitieu_trend_opts_init(&op);
        op.method = (chitieu_method)me;
        op.raw = 1;
        chitieu_projection *p;
        if (chitieu_trend_project(&p, yr, v, m, yr[m - 1] + (int)CALIB_H, &op))
            continue; /* e.g. log-linear on a non-positive run, damped on a short one */
        for (size_t k = 0; k < hh; k++) {
            double e = out[k] - p->point[k];
            double w80 = (p->hi80[k] - p->lo80[k]) / 2, w95 = (p->hi95[k] - p->lo95[k]) / 2;
            double w50 = w80 * 0.6744897501960817 / 1.2815515655446004; /* the textbook 50% half-width */
            if (!(w80 > 0) || !(w95 > 0)) continue;
            double x[NF] = {log(chitieu_projection_disagree(p, k) + DIS_FLOOR)};
            memcpy(x + 1, p->spread_x, sizeof p->spread_x);
            for (int ci = 0; ci < nclass; ci++) {
                int sp = classes[ci];
                push(&ratios[me][sp][tb][sb][k][0], e / w80);
                push(&ratios[me][sp][tb][sb][k][1], e / w95);
                push(&ratios[me][sp][tb][sb][k][2], e / w50);
                for (int f = 0; f < NF; f++) push(&feat[me][sp][tb][sb][k][f], x[f]);
                double wt = mscale > 0 ? src_weight * w80 / mscale : 0;
                if (CALIB_FIT || CALIB_FACTOR) push(&wts[me][sp][tb][sb][k], wt);
                if (fabs(e / w80) > 1e-9 && (!CALIB_WLS || wt > 0)) {
                    double y = log(fabs(e / w80)), c = CALIB_WLS ? wt : 1;
                    regsums *a = &rs[me][sp][tb][sb][k];
                    a->n += c; a->cnt += 1; a->sy += c * y; a->syy += c * y * y;
                    for (int f = 0; f < NF; f++) {
                        a->sx[f] += c * x[f]; a->sxy[f] += c * x[f] * y;
                        for (int g = 0; g < NF; g++) a->sxx[f][g] += c * x[f] * x[g];
                    }
                }
            }
        }
        chitieu_projection_free(p);
    }
}

/* Score one series run y[0..n-1] (consecutive years): every window, full and thinned. */
static void score(const double *y, size_t n)
{
    int years[MAXLEN], yr[MAXLEN];
    double v[MAXLEN];
    if (n > MAXLEN) { y += n - MAXLEN; n = MAXLEN; }
    for (size_t i = 0; i < n; i++) years[i] = 1960 + (int)i;
    for (size_t li = 0; li < sizeof LENGTHS / sizeof *LENGTHS; li++) {
        size_t L = (size_t)LENGTHS[li];
        for (size_t o = 0; o < ORIGINS; o++) {
            if (n < L + 1 + o * ORIGIN_STEP) break;
            size_t end = n - 1 - o * ORIGIN_STEP; /* first unseen index */
            size_t start = end - L;
            size_t hh = n - end < CALIB_H ? n - end : CALIB_H;
            score_window(years + start, y + start, L, y + end, hh);
            for (size_t every = 2; every <= THIN_MAX; every++) {
                /* the last year and every second (third, ...) one before it: biennial surveys, elections, five-yearly surveys */
                size_t m = 0;
                for (size_t i = end; i-- > start;)
                    if ((end - 1 - i) % every == 0) yr[m] = years[i], v[m++] = y[i];
                for (size_t a = 0, b = m - 1; a < b; a++, b--) {
                    int ty = yr[a]; yr[a] = yr[b]; yr[b] = ty;
                    double tv = v[a]; v[a] = v[b]; v[b] = tv;
                }
                /* 3 to CALIB_SHORT years left fill the short wide-gap class only (variant h of
                 * bench/README: in the wide class they made the five irregular years too wide) */
                if (m >= (every == 2 ? 3 : THIN_MIN) || (m >= 3 && m <= CALIB_SHORT))
                    score_window(yr, v, m, y + end, hh);
            }
            if (L < 10) continue;
            /* five irregular years among the last 15 (or L): the last and 4 drawn */
            size_t first = L > 15 ? end - 15 : start, pool = end - 1 - first, need = 4, m = 0;
            for (size_t i = first; i < end - 1; i++, pool--)
                if (need && next_rand() % pool < need) yr[m] = years[i], v[m++] = y[i], need--;
            yr[m] = years[end - 1], v[m++] = y[end - 1];
            score_window(yr, v, m, y + end, hh);
        }
    }
}

/* Read one WDI bulk CSV: every row's longest run of consecutive figures. */
static size_t read_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) { perror(path); exit(1); }
    char line[16384];
    size_t nseries = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "\"Country Name\"", 14) == 0 || line[0] != '"' ||
            strstr(line, "Data Source") || strstr(line, "Last Updated"))
            continue;
        /* fields are "..." separated by commas; values start at field 5 */
        double v[NYEARS];
        int have[NYEARS] = {0};
        char *p = line;
        for (int fld = 0; fld < 4 + NYEARS && p && *p == '"'; fld++) {
            char *q = strchr(p + 1, '"');
            if (!q) break;
            if (fld >= 4 && q > p + 1) {
                *q = 0;
                v[fld - 4] = strtod(p + 1, NULL);
                have[fld - 4] = 1;
            }
            p = q[1] == ',' ? q + 2 : NULL;
        }
        size_t best = 0, bs = 0;
        for (size_t i = 0; i < NYEARS;) {
            if (!have[i]) { i++; continue; }
            size_t j = i;
            while (j < NYEARS && have[j]) j++;
            if (j - i > best) best = j - i, bs = i;
            i = j;
        }
        if (best >= 6) {
            score(v + bs, best);
            nseries++;
        }
    }
    fclose(f);
    return nseries;
}

/* Read the TRAINING part of the M3 yearly series (train.csv: id,category,start_year,n,v1..v41).
 * The hold-out (test.csv) is never read: origins lie inside each training series. */
static size_t read_m3_train(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) { perror(path); exit(1); }
    char line[16384];
    size_t nseries = 0;
    if (!fgets(line, sizeof line, f)) { fclose(f); return 0; } /* header */
    while (fgets(line, sizeof line, f)) {
        double v[MAXLEN];
        size_t n = 0;
        char *p = line;
        for (int fld = 0; p && n < MAXLEN; fld++) {
            char *c = strchr(p, ',');
            if (fld >= 4 && p[0] && p[0] != ',' && p[0] != '\n' && p[0] != '\r') v[n++] = strtod(p, NULL);
            p = c ? c + 1 : NULL;
        }
        if (n >= 6) {
            score(v, n);
            nseries++;
        }
    }
    fclose(f);
    return nseries;
}

int main(int argc, char **argv)
{
    int ai = 1;
    for (int m = 0; m < CHITIEU_METHOD_COUNT_; m++) wanted[m] = 1;
    if (ai + 1 < argc && strcmp(argv[ai], "--methods") == 0) {
        memset(wanted, 0, sizeof wanted);
        char *list = argv[ai + 1];
        for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
            chitieu_method m;
            if (chitieu_method_parse(&m, tok)) { fprintf(stderr, "calibrate: unknown method '%s'\n", tok); return 2; }
            wanted[m] = 1;
        }
        ai += 2;
    }
    const char *dir = argc > ai ? argv[ai] : "../shared/data/wdi/all-countries";
    const char *m3 = argc > ai + 1 ? argv[ai + 1] : NULL;
    DIR *d = opendir(dir);
    if (!d) { perror(dir); return 1; }
    struct dirent *e;
    size_t nseries = 0, nfiles = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    char *names[64];
    size_t nn = 0;
    while ((e = readdir(d)) && nn < 64)
        if (strstr(e->d_name, ".csv")) names[nn++] = strdup(e->d_name);
    closedir(d);
    qsort(names, nn, sizeof *names, (int (*)(const void *, const void *))strcmp);
    for (size_t i = 0; i < nn; i++) { /* in name order: the irregular draws are reproducible */
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        nseries += read_file(path);
        nfiles++;
        free(names[i]);
    }
    src_weight = M3_WEIGHT;
    size_t nm3 = m3 ? read_m3_train(m3) : 0;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    fprintf(stderr, "calibrate: %zu files, %zu WDI series, %zu M3 training series, %.1f s\n", nfiles, nseries, nm3,
            (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec));

    printf("/* trend_calib.h — interval calibration factors, GENERATED by bench/calibrate.c\n"
           " * from rolling-origin errors on %zu World Bank WDI series (%zu files of\n"
           " * ../shared/data/wdi/all-countries, updated 2025-10-07) and on the training\n"
           " * part of %zu M3 yearly series (origins inside train.csv; test.csv never read),\n"
           " * each window also thinned to every 2nd, 3rd, 4th and 5th year and to five irregular years.\n"
           " * [method][density: mean gap up to %g years, up to %g, more with over %d observations, more with %d or fewer, up to %g with over %d]\n"
           " * [observations: n<=%d, n<=%d, more]\n"
            " * [roughness: below %.2f, %.2f, %.2f, above][step 1..%d]\n"
           " * [below the point: 80%%, 95%%, 50%%; above it: 80%%, 95%%, 50%%]:\n"
           " * factor on the textbook half-width times the per-series factor: %s,\n"
           " * non-decreasing in the step (isotonic regression weighted by the number of errors). */\n"
           "#ifndef CHITIEU_TREND_CALIB_H\n#define CHITIEU_TREND_CALIB_H\n"
           "#define CALIB_G %d\n#define CALIB_SHORT %d\n#define CALIB_SPARSE_N %d\n#define CALIB_D (CALIB_G + 2)\n#define CALIB_T1 %d\n#define CALIB_T2 %d\n#define CALIB_S %d\n#define CALIB_H %d\n"
           "static const double chitieu__calib_gap[CALIB_G - 1] = {%g, %g};\n"
           "static const double chitieu__calib_rough[CALIB_S - 1] = {%.2f, %.2f, %.2f};\n",
           nseries, nfiles, nm3, GAP[0], GAP[1], CALIB_SHORT, CALIB_SHORT, GAP[1], CALIB_SPARSE_N, CALIB_T1, CALIB_T2, ROUGH[0], ROUGH[1], ROUGH[2],
           CALIB_H,
           CALIB_FACTOR ? "the quantile of the ratios of the errors to the half-widths weighted by the\n"
                          " * half-width over the MASE scale of the window (the minimiser of the interval score in\n"
                          " * MASE scales, MSIS, over the cell's errors)"
                        : "the quantile of the ratios of the errors to the half-widths, so that\n"
                          " * each end is passed by its nominal share of the errors",
           CALIB_G, CALIB_SHORT, CALIB_SPARSE_N, CALIB_T1,
           CALIB_T2, CALIB_S, CALIB_H, GAP[0], GAP[1], ROUGH[0], ROUGH[1], ROUGH[2]);
    /* the per-series spread model: for each method, density and step, the coefficients of the
     * within-cell regression pooled over observation and roughness classes */
    static double coef[CHITIEU_METHOD_COUNT_][CALIB_D][CALIB_H][6][NF]; /* [..][band end][feature] */
    for (int m = 0; m < CHITIEU_METHOD_COUNT_; m++)
        for (int sp = 0; sp < CALIB_D; sp++) {
            double rss = 0, tss = 0, fl0 = 0, fl1 = 0, bpool[NF] = {0};
            if (CALIB_SHRINK > 0) { /* the coefficients of every step pooled: what a step's are shrunk towards */
                double A[NF][NF] = {{0}}, r[NF] = {0};
                for (int k = 0; k < CALIB_H; k++)
                    for (int c = 0; c < 3 * CALIB_S; c++) {
                        const regsums *a = &rs[m][sp][c / CALIB_S][c % CALIB_S][k];
                        if (a->cnt < 2 || !(a->n > 0)) continue;
                        for (int f = 0; f < NF; f++) {
                            r[f] += a->sxy[f] - a->sx[f] * a->sy / a->n;
                            for (int g = 0; g < NF; g++) A[f][g] += a->sxx[f][g] - a->sx[f] * a->sx[g] / a->n;
                        }
                    }
                if (A[0][0] + A[1][1] > 0) solve(A, r, bpool);
            }
            for (int k = 0; k < CALIB_H; k++) {
                double A[NF][NF] = {{0}}, r[NF] = {0}, syy = 0, nk = 0;
                for (int tb = 0; tb < 3; tb++)
                    for (int sb = 0; sb < CALIB_S; sb++) {
                        const regsums *a = &rs[m][sp][tb][sb][k];
                        if (a->cnt < 2 || !(a->n > 0)) continue;
                        nk += a->cnt;
                        syy += a->syy - a->sy * a->sy / a->n;
                        for (int f = 0; f < NF; f++) {
                            r[f] += a->sxy[f] - a->sx[f] * a->sy / a->n;
                            for (int g = 0; g < NF; g++) A[f][g] += a->sxx[f][g] - a->sx[f] * a->sx[g] / a->n;
                        }
                    }
                double b[NF] = {0}, r0[NF];
                memcpy(r0, r, sizeof r0);
                if (nk < MIN_OBS && sp) { /* too few windows: the next denser class's coefficients */
                    memcpy(coef[m][sp][k], coef[m][denser(sp)][k], sizeof coef[m][sp][k]);
                    continue;
                }
                if (syy > 0) solve(A, r, b);
                double expl = 0;
                for (int f = 0; f < NF; f++) expl += b[f] * r0[f];
                rss += syy - expl;
                tss += syy;
                for (int f = 0; CALIB_SHRINK > 0 && f < NF; f++) /* towards the pooled ones as a step has few errors */
                    b[f] = (nk * b[f] + CALIB_SHRINK * bpool[f]) / (nk + CALIB_SHRINK);
                for (int j = 0; j < 6; j++) memcpy(coef[m][sp][k][j], b, sizeof b);
                if (!CALIB_FIT || !wanted[m] || !m || m == CHITIEU_METHOD_COUNTS) continue;
                if (FIT_ONLY && m != FIT_ONLY) continue; /* (trying variants out: one method fitted) */
                /* the fit set: every s-th outcome of each cell with MIN_OBS outcomes or more */
                size_t tot = 0;
                for (int c = 0; c < 3 * CALIB_S; c++) {
                    size_t nc = ratios[m][sp][c / CALIB_S][c % CALIB_S][k][0].n;
                    if (nc >= MIN_OBS) tot += nc;
                }
                if (!tot) continue;
                size_t stride = (tot + FIT_MAX - 1) / FIT_MAX;
                fitset fs = {0};
                for (int l = 0; l < 3; l++) fs.r[l] = need(malloc((tot / stride + 3 * CALIB_S) * sizeof(double)));
                for (int f = 0; f < NF; f++) fs.x[f] = need(malloc((tot / stride + 3 * CALIB_S) * sizeof(double)));
                fs.g = need(malloc((tot / stride + 3 * CALIB_S) * sizeof(double)));
                fs.w = need(malloc((tot / stride + 3 * CALIB_S) * sizeof(double)));
                fs.tw = need(malloc((tot / stride + 3 * CALIB_S) * sizeof *fs.tw));
                fs.tmp = need(malloc((tot / stride + 3 * CALIB_S) * sizeof(double)));
                for (int c = 0; c < 3 * CALIB_S; c++) {
                    fs.off[c] = fs.n;
                    vec *a = ratios[m][sp][c / CALIB_S][c % CALIB_S][k];
                    vec *x = feat[m][sp][c / CALIB_S][c % CALIB_S][k];
                    if (a[0].n < MIN_OBS) continue;
                    for (size_t i = 0; i < a[0].n; i += stride, fs.n++) {
                        for (int l = 0; l < 3; l++) fs.r[l][fs.n] = a[l].v[i];
                        for (int f = 0; f < NF; f++) fs.x[f][fs.n] = x[f].v[i];
                        fs.w[fs.n] = wts[m][sp][c / CALIB_S][c % CALIB_S][k].v[i];
                    }
                }
                fs.off[3 * CALIB_S] = fs.n;
                for (int j = 0; j < (CALIB_FIT == 1 ? 1 : 6); j++) {
                    double l0, l1;
                    fs.nends = CALIB_FIT == 1 ? 6 : 1;
                    for (int e = 0; e < fs.nends; e++) fs.ends[e] = CALIB_FIT == 1 ? e : j;
                    fit_ends(&fs, coef[m][sp][k][j], &l0, &l1);
                    if (CALIB_FIT == 1)
                        for (int e = 1; e < 6; e++) memcpy(coef[m][sp][k][e], coef[m][sp][k][0], sizeof b);
                    fl0 += l0, fl1 += l1;
                }
                for (int l = 0; l < 3; l++) free(fs.r[l]);
                for (int f = 0; f < NF; f++) free(fs.x[f]);
                free(fs.g);
                free(fs.w);
                free(fs.tw);
                free(fs.tmp);
            }
            if (wanted[m] && m && m != CHITIEU_METHOD_COUNTS) {
                fprintf(stderr, "%-9s %s spread model: within-cell R2 of log|error| %.3f; step 6 b =",
                        chitieu_method_name((chitieu_method)m), DNAME[sp], tss > 0 ? 1 - rss / tss : 0);
                for (int j = 0; j < (CALIB_FIT == 2 ? 6 : 1); j++)
                    for (int f = 0; f < NF; f++) fprintf(stderr, "%s%.3f", f ? " " : j ? " | " : " ", coef[m][sp][5][j][f]);
                if (CALIB_FIT) fprintf(stderr, "; fit loss %.4f -> %.4f", fl0, fl1);
                fprintf(stderr, "\n");
            }
        }
    printf("/* per-series spread (trend.c spread_factors): [method][density][step][band end, as the factors below,\n"
           " * or one for all when CALIB_SPREAD_ENDS is 1]\n"
           " * coefficients of log(disagreement + CALIB_DIS_FLOOR) and the series features spread_x (trend.h) in the\n"
           " * log factor; fitted by %s */\n"
           "#define CALIB_DIS_FLOOR %g\n#define CALIB_SPREAD_CAP %g\n#define CALIB_SPREAD_ENDS %d\n"
           "static const double chitieu__calib_spread[%d][CALIB_D][CALIB_H][CALIB_SPREAD_ENDS][%d] = {\n",
           CALIB_FIT == 0   ? "least squares of log |error / half-width| (every end the same)"
           : CALIB_FIT == 1 ? "the summed interval score of the 50, 80 and 95% bands (every end the same)"
                            : "each end's pinball loss (quantile regression)",
           DIS_FLOOR, SPREAD_CAP, SPREAD_ENDS, CHITIEU_METHOD_COUNT_, NF);
    for (int m = 0; m < CHITIEU_METHOD_COUNT_; m++) {
        printf("  /* %s */ {", chitieu_method_name((chitieu_method)m));
        for (int sp = 0; sp < CALIB_D; sp++) {
            printf("%s{", sp ? ",\n    " : "");
            for (int k = 0; k < CALIB_H; k++) {
                printf("%s{", k ? ",\n     " : "");
                for (int j = 0; j < SPREAD_ENDS; j++) {
                    printf("%s{", j ? ", " : "");
                    for (int f = 0; f < NF; f++) printf("%s%.4f", f ? ", " : "", coef[m][sp][k][j][f]);
                    printf("}");
                }
                printf("}");
            }
            printf("}");
        }
        printf("}%s\n", m < CHITIEU_METHOD_COUNT_ - 1 ? "," : "");
    }
    printf("};\nstatic const double chitieu__calib[%d][CALIB_D][3][CALIB_S][CALIB_H][6] = {\n", CHITIEU_METHOD_COUNT_);
    for (int m = 0; m < CHITIEU_METHOD_COUNT_; m++) {
        printf("  /* %s */ {\n", chitieu_method_name((chitieu_method)m));
        for (int sp = 0; sp < CALIB_D; sp++) {
            printf("    {\n");
            for (int tb = 0; tb < 3; tb++) {
                printf("      {\n");
                for (int sb = 0; sb < CALIB_S; sb++) {
                    printf("        {");
                    static const double level[3] = {0.80, 0.95, 0.50};
                    double f[CALIB_H][6], wt[CALIB_H][3]; /* factors (lower side 80, 95, 50%, then the upper
                                                             side) and the outcomes behind them */
                    for (int k = 0; k < CALIB_H; k++) {
                        /* the ratios to the half-width times the per-series factor trend.c applies to
                         * each end */
                        vec *x = feat[m][sp][tb][sb][k];
                        for (int l = 0; l < 3; l++) {
                            vec *a = &ratios[m][sp][tb][sb][k][l];
                            int ok = a->n >= MIN_OBS;
                            wt[k][l] = ok ? (double)a->n : 0;
                            f[k][l] = f[k][3 + l] = NAN;
                            for (int side = 0; ok && side < 2; side++) {
                                vec d = {need(malloc(a->n * sizeof(double))), a->n, a->n};
                                vw *dw = CALIB_FACTOR ? need(malloc(a->n * sizeof *dw)) : NULL;
                                for (size_t i = 0; i < a->n; i++) {
                                    double xi[NF];
                                    for (int ff = 0; ff < NF; ff++) xi[ff] = x[ff].v[i];
                                    double g = spread(coef[m][sp][k][3 * side + l], xi);
                                    d.v[i] = a->v[i] / g;
                                    if (dw) dw[i] = (vw){d.v[i], wts[m][sp][tb][sb][k].v[i] * g};
                                }
                                double p = side ? (1 + level[l]) / 2 : (1 - level[l]) / 2;
                                double q = dw ? wquantile(dw, a->n, p) : quantile_sel(d.v, d.n, p);
                                f[k][3 * side + l] = side ? q : -q;
                                free(d.v);
                                free(dw);
                            }
                        }
                        for (int ff = 0; ff < NF; ff++) free(x[ff].v);
                        free(wts[m][sp][tb][sb][k].v);
                    }
                    /* each end's factors made non-decreasing in the step by weighted isotonic regression
                     * (errors grow with the horizon; a factor that falls from one step to the next is the
                     * sampling noise of a tail quantile), then a step with too few outcomes takes the
                     * previous step's factor (1 at step 1) */
                    /* a class without the outcomes at step 1 takes the next denser class's factors
                     * (e.g. wide gaps with more than 8 observations: few thinned windows have them) */
                    int thin_class = sp && !(wt[0][0] > 0);
                    for (int j = 0; thin_class && j < 6; j++)
                        for (int k = 0; k < CALIB_H; k++) f[k][j] = fac[m][denser(sp)][tb][sb][k][j], wt[k][j % 3] = 0;
                    for (int j = 0; !thin_class && j < 6; j++) {
                        double col[CALIB_H], w[CALIB_H];
                        for (int k = 0; k < CALIB_H; k++) col[k] = f[k][j], w[k] = wt[k][j % 3];
                        isotonic(col, w, CALIB_H);
                        for (int k = 0; k < CALIB_H; k++) f[k][j] = w[k] > 0 ? col[k] : k ? f[k - 1][j] : 1;
                    }
                    memcpy(fac[m][sp][tb][sb], f, sizeof f);
                    for (int k = 0; k < CALIB_H; k++) {
                        if (wanted[m] && m)
                            fprintf(stderr, "%-9s %s T%d S%d h%-2d n=%-7zu below: 80%% %.3f 95%% %.3f 50%% %.3f; "
                                    "above: 80%% %.3f 95%% %.3f 50%% %.3f\n",
                                    chitieu_method_name((chitieu_method)m), DNAME[sp], tb, sb, k + 1,
                                    ratios[m][sp][tb][sb][k][0].n, f[k][0], f[k][1], f[k][2], f[k][3], f[k][4], f[k][5]);
                        for (int l = 0; l < 3; l++) free(ratios[m][sp][tb][sb][k][l].v);
                        printf("%s{%.4f, %.4f, %.4f, %.4f, %.4f, %.4f}", k ? ", " : "", f[k][0], f[k][1], f[k][2],
                               f[k][3], f[k][4], f[k][5]);
                    }
                    printf("}%s\n", sb < CALIB_S - 1 ? "," : "");
                }
                printf("      }%s\n", tb < 2 ? "," : "");
            }
            printf("    }%s\n", sp < CALIB_D - 1 ? "," : "");
        }
        printf("  }%s\n", m < CHITIEU_METHOD_COUNT_ - 1 ? "," : "");
    }
    printf("};\n#endif\n");
    return 0;
}
