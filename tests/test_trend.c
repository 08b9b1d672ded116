/*
 * tests/test_trend.c — the trend module (engine/trend.c) against R forecast 8.20.
 *
 * tests/fixtures/trend/reference.R wrote the fixtures: series.csv (five real
 * Viet Nam series from datasets/vietnam-wdi, World Bank WDI, and two series
 * made up for the test, named synthetic and short3), reference.csv (R's
 * projections h = 1..6 with 80/95% intervals), fitted.csv (R's one-step fitted
 * values) and fits.csv (R's smoothing parameters and sums of squares).  With
 * opts.raw = 1 (textbook intervals, no bounds transform):
 *   naive, drift, linear, log-linear must equal R to 1e-6 (relative);
 *   theta and damped are fitted by an optimiser that is not R's, so they are
 *   held to: our one-step SSE no larger than R's (we reach at least R's
 *   optimum of the same least-squares criterion), and points within a stated
 *   tolerance; the largest differences are printed.
 * Then: degenerate inputs, exactly 3 points, gaps, bounds, sample paths
 * against the bands, determinism, calibration.
 *
 * Differences from R found while writing these tests: none in the formulas
 * (naive sigma^2 = mean of squared differences; drift sigma^2 with T-2
 * denominator and se = sigma sqrt(k(1+k/(T-1))); linear and log-linear t
 * intervals; damped sigma^2 = SSE/(T-5) as R's ets (np = 5); theta sigma^2 =
 * SSE/(T-2) as R's ses).  Only the damped fit differs, because R's ets
 * optimiser stops at a worse least-squares optimum on some series (see
 * test_smoothing_fits).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chitieu/error.h"
#include "chitieu/trend.h"
#include "trend_calib.h" /* the calibration tables, for the hand check of test_value_scale_rule */

#define FIX "fixtures/trend/"
#define MAXS 8
#define MAXN 64
#define H 6

/* One input series of series.csv. */
typedef struct {
    char name[16];
    size_t n;
    int year[MAXN];
    double v[MAXN];
} series;

static series S[MAXS];
static size_t NS;

/* Read series.csv once (values printed by R to 17 digits, so the doubles are R's). */
static int load_series(void **state)
{
    (void)state;
    FILE *f = fopen(FIX "series.csv", "r");
    if (!f) return -1;
    char line[256], name[16];
    int year;
    double v;
    NS = 0;
    if (!fgets(line, sizeof line, f)) { fclose(f); return -1; }
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, "%15[^,],%d,%lf", name, &year, &v) != 3) { fclose(f); return -1; }
        if (NS == 0 || strcmp(S[NS - 1].name, name) != 0) {
            if (NS == MAXS) { fclose(f); return -1; }
            memset(&S[NS], 0, sizeof S[NS]);
            snprintf(S[NS].name, sizeof S[NS].name, "%s", name);
            NS++;
        }
        series *s = &S[NS - 1];
        if (s->n == MAXN) { fclose(f); return -1; }
        s->year[s->n] = year;
        s->v[s->n++] = v;
    }
    fclose(f);
    return NS == 7 ? 0 : -1;
}

static const series *get(const char *name)
{
    for (size_t i = 0; i < NS; i++)
        if (!strcmp(S[i].name, name)) return &S[i];
    fail_msg("no series %s in series.csv", name);
    return NULL;
}

/* Project s with method m to its last year + h (raw: textbook intervals). */
static chitieu_projection *project(const series *s, size_t h, chitieu_method m, int raw)
{
    chitieu_trend_opts o;
    chitieu_trend_opts_init(&o);
    o.method = m;
    o.raw = raw;
    chitieu_projection *p = NULL;
    int rc = chitieu_trend_project(&p, s->year, s->v, s->n, s->year[s->n - 1] + (int)h, &o);
    if (rc) fail_msg("%s %s: %s", s->name, chitieu_method_name(m), chitieu_error_last());
    assert_non_null(p);
    assert_int_equal(p->h, h);
    assert_int_equal(p->n, s->n);
    assert_int_equal(p->first_year, s->year[s->n - 1] + 1);
    return p;
}

static double rel(double ours, double ref, double scale)
{
    return fabs(ours - ref) / fmax(fabs(scale), 1.0);
}

/* Every row of reference.csv: exact methods to 1e-6, estimated ones within a tolerance. */
static void test_reference_projections(void **state)
{
    (void)state;
    FILE *f = fopen(FIX "reference.csv", "r");
    assert_non_null(f);
    char line[512], name[32], meth[32];
    assert_non_null(fgets(line, sizeof line, f));
    size_t rows = 0, exact_rows = 0;
    double worst_damped_pt = 0, worst_damped_hw = 0, worst_damped_band = 0, worst_theta = 0;
    char where_damped[64] = "";
    while (fgets(line, sizeof line, f)) {
        int h;
        double r[5];
        assert_int_equal(sscanf(line, "%31[^,],%31[^,],%d,%lf,%lf,%lf,%lf,%lf", name, meth, &h, &r[0], &r[1],
                                &r[2], &r[3], &r[4]), 8);
        chitieu_method m;
        assert_int_equal(chitieu_method_parse(&m, meth), 0);
        chitieu_projection *p = project(get(name), H, m, 1);
        assert_int_equal(p->method, m);
        double ours[5] = {p->point[h - 1], p->lo80[h - 1], p->hi80[h - 1], p->lo95[h - 1], p->hi95[h - 1]};
        for (int k = 0; k < 5; k++) {
            double d = rel(ours[k], r[k], r[0]);
            if (m == CHITIEU_METHOD_DAMPED) {
                /* the point's distance from R's in units of R's 80% half-width */
                double hw = fabs(ours[0] - r[0]) / ((r[2] - r[1]) / 2);
                if (k == 0 && d > worst_damped_pt) worst_damped_pt = d;
                if (k == 0 && hw > worst_damped_hw) {
                    worst_damped_hw = hw;
                    snprintf(where_damped, sizeof where_damped, "%s h=%d", name, h);
                }
                if (k > 0 && d > worst_damped_band) worst_damped_band = d;
            } else if (m == CHITIEU_METHOD_THETA) {
                if (d > worst_theta) worst_theta = d;
            } else if (d > 1e-6) {
                fail_msg("%s %s h=%d column %d: ours %.12g, R %.12g", name, meth, h, k, ours[k], r[k]);
            }
        }
        exact_rows += m != CHITIEU_METHOD_DAMPED && m != CHITIEU_METHOD_THETA;
        chitieu_projection_free(p);
        rows++;
    }
    fclose(f);
    assert_int_equal(rows, 204);
    assert_int_equal(exact_rows, 144);
    print_message("largest difference from R: theta points and bands %.2g (relative); damped points %.3f "
                  "(relative to the level), %.3f of R's 80%% half-width (%s); damped band ends %.3f (relative)\n",
                  worst_theta, worst_damped_pt, worst_damped_hw, where_damped, worst_damped_band);
    /* theta: one parameter, nearly R's optimum (test_smoothing_fits): differences are the optimiser's */
    assert_true(worst_theta < 1e-3);
    /* damped: our fit reaches a lower SSE than R's ets on every series (test_smoothing_fits), so the points
     * differ, most on the volatile inflation series (ours 0.77, R 2.91 at h=6: 0.74 of the level, 0.22 of
     * R's 80% half-width).  Stated tolerance: within a third of R's 80% half-width, i.e. the two forecasts
     * are indistinguishable against their own uncertainty. */
    assert_true(worst_damped_hw < 1.0 / 3);
}

/* Fitted values: one per observed year; exact methods equal R's, theta's SES fit to the optimiser tolerance. */
static void test_reference_fitted(void **state)
{
    (void)state;
    FILE *f = fopen(FIX "fitted.csv", "r");
    assert_non_null(f);
    char line[256], name[32], meth[32];
    assert_non_null(fgets(line, sizeof line, f));
    size_t rows = 0;
    double worst_theta = 0;
    while (fgets(line, sizeof line, f)) {
        int year;
        double r;
        assert_int_equal(sscanf(line, "%31[^,],%31[^,],%d,%lf", name, meth, &year, &r), 4);
        chitieu_method m;
        assert_int_equal(chitieu_method_parse(&m, meth), 0);
        if (m == CHITIEU_METHOD_DAMPED) continue; /* other parameters: compared through the SSE */
        const series *s = get(name);
        chitieu_projection *p = project(s, 1, m, 1);
        size_t i = (size_t)(year - s->year[0]);
        assert_true(i < s->n);
        double d = rel(p->fitted[i], r, r);
        if (m == CHITIEU_METHOD_THETA) {
            if (d > worst_theta) worst_theta = d;
        } else if (d > 1e-6) {
            fail_msg("%s %s %d: fitted ours %.12g, R %.12g", name, meth, year, p->fitted[i], r);
        }
        chitieu_projection_free(p);
        rows++;
    }
    fclose(f);
    assert_true(rows > 500);
    print_message("theta fitted values: largest relative difference from R %.2g\n", worst_theta);
    assert_true(worst_theta < 1e-3);
}

/* Damped and theta minimise the one-step SSE, as R's ets does (Gaussian additive errors): our SSE must be
 * no larger than R's (1e-6 slack), and theta, a one-parameter fit, must find the same optimum. */
static void test_smoothing_fits(void **state)
{
    (void)state;
    FILE *f = fopen(FIX "fits.csv", "r");
    assert_non_null(f);
    char line[512], name[32], meth[32], rest[256];
    assert_non_null(fgets(line, sizeof line, f));
    size_t rows = 0;
    while (fgets(line, sizeof line, f)) {
        assert_int_equal(sscanf(line, "%31[^,],%31[^,],%255s", name, meth, rest), 3);
        /* alpha,beta,phi,sse,sigma2 (beta and phi NA for theta) */
        double col[5];
        char *p = rest;
        for (int k = 0; k < 5; k++) {
            col[k] = strncmp(p, "NA", 2) == 0 ? NAN : strtod(p, NULL);
            p = strchr(p, ',');
            if (k < 4) { assert_non_null(p); p++; }
        }
        chitieu_method m;
        assert_int_equal(chitieu_method_parse(&m, meth), 0);
        const series *s = get(name);
        chitieu_projection *pr = project(s, 1, m, 1);
        double sse = 0;
        for (size_t i = 0; i < s->n; i++) sse += (s->v[i] - pr->fitted[i]) * (s->v[i] - pr->fitted[i]);
        /* our alpha, read off the SES recursion of the fitted values: f1 = f0 + alpha (y0 - f0) */
        double alpha = (pr->fitted[1] - pr->fitted[0]) / (s->v[0] - pr->fitted[0]);
        if (m == CHITIEU_METHOD_THETA)
            print_message("%-9s theta  SSE ours %.6g, R %.6g (ratio %.5f); alpha ours %.4g, R %.4g\n", name, sse,
                          col[3], sse / col[3], alpha, col[0]);
        else
            print_message("%-9s damped SSE ours %.6g, R %.6g (ratio %.5f)\n", name, sse, col[3], sse / col[3]);
        if (m == CHITIEU_METHOD_DAMPED) {
            assert_true(sse <= col[3] * (1 + 1e-6));
        } else {
            /* theta: the same optimum, except at the ends of alpha's range: our search (a grid over the
             * logistic's argument in [-9, 9], refined by Brent within +-1) stops near alpha = 2.2e-4 and
             * 0.9998 where R reaches its bounds 1e-4 and 0.9999: on gdp, agremp and synthetic R sits on a
             * bound and our SSE is up to 0.019% higher.  Slack 1e-3 covers it. */
            assert_true(sse <= col[3] * (1 + 1e-3));
            assert_true(sse >= col[3] * (1 - 1e-6));
        }
        chitieu_projection_free(pr);
        rows++;
    }
    fclose(f);
    assert_int_equal(rows, 10);
}

/* COMBO is the plain mean of theta, drift and damped; auto is WEIGHTED (trend.c). */
static void test_combo_is_mean(void **state)
{
    (void)state;
    const series *s = get("inflation");
    chitieu_projection *c = project(s, H, CHITIEU_METHOD_COMBO, 1);
    chitieu_projection *a = project(s, H, CHITIEU_METHOD_AUTO, 1);
    chitieu_projection *t = project(s, H, CHITIEU_METHOD_THETA, 1);
    chitieu_projection *d = project(s, H, CHITIEU_METHOD_DRIFT, 1);
    chitieu_projection *m = project(s, H, CHITIEU_METHOD_DAMPED, 1);
    assert_int_equal(a->method, CHITIEU_METHOD_WEIGHTED);
    for (size_t k = 0; k < H; k++)
        assert_float_equal(c->point[k], (t->point[k] + d->point[k] + m->point[k]) / 3, 1e-9);
    chitieu_projection_free(c); chitieu_projection_free(a); chitieu_projection_free(t);
    chitieu_projection_free(d); chitieu_projection_free(m);
}

/* Roughness of s by hand (trend.c roughness): the sd of the changes per year about the mean change per
 * year (sum of gap * (change/gap - b)^2 over the span, b = (last - first) / span) over the mean absolute
 * change per year. */
static double hand_roughness(const series *s)
{
    double span = s->year[s->n - 1] - s->year[0], b = (s->v[s->n - 1] - s->v[0]) / span, sd = 0, sa = 0;
    for (size_t i = 1; i < s->n; i++) {
        double g = s->year[i] - s->year[i - 1], c = (s->v[i] - s->v[i - 1]) / g;
        sd += g * (c - b) * (c - b);
        sa += fabs(s->v[i] - s->v[i - 1]);
    }
    return sqrt(sd / span) / (sa / span);
}

/* Drift on the logs (the geometric drift) by hand: last value times (last / first)^(k / span). */
static double geo_drift(const series *s, double k)
{
    double span = s->year[s->n - 1] - s->year[0];
    return s->v[s->n - 1] * pow(s->v[s->n - 1] / s->v[0], k / span);
}

/* WEIGHTED: on the five real series no member's in-series error is ten times the best one's, so the
 * prior weights stand: 0.5 dotm + 0.2 drift + 0.2 damped + 0.1 naive on a rough series (roughness 1 or
 * more: gdp 1.63, lifeexp 1.34, inflation 1.65) or one with gaps (poverty, 0.83), dotm's and damped's
 * weights swapped on a smooth yearly one (agremp 0.96); drift is the geometric drift (on the logs) on a
 * series whose last value is below its first (agremp 73.95 -> 32.98, poverty 58.1 -> 4.2, its gaps at
 * their actual years).  On a straight line drift's
 * rolling-origin errors are exactly 0 and every other member's are not, so the line is continued:
 * 10, 12, ..., 24 (2015-2022) gives 26 in 2023 and 30 in 2025 (by hand), with no spread, and
 * P(>= 26 in 2025) = 1 (issue 14: within 0.3 of 26, within 0.6 of 30, P >= 0.9). */
static void test_weighted(void **state)
{
    (void)state;
    static const char *const real[] = {"gdp", "lifeexp", "agremp", "inflation", "poverty"};
    static const int smooth[] = {0, 0, 1, 0, 0}, falling[] = {0, 0, 1, 0, 1};
    for (size_t i = 0; i < 5; i++) {
        const series *s = get(real[i]);
        int gapped = s->year[s->n - 1] - s->year[0] != (int)s->n - 1;
        assert_int_equal(hand_roughness(s) < 1 && !gapped, smooth[i]);
        assert_int_equal(s->v[s->n - 1] < s->v[0], falling[i]);
        double wdotm = smooth[i] ? 0.2 : 0.5, wdamped = smooth[i] ? 0.5 : 0.2;
        chitieu_projection *a = project(s, H, CHITIEU_METHOD_AUTO, 1);
        chitieu_projection *m[4] = {project(s, H, CHITIEU_METHOD_DOTM, 1), project(s, H, CHITIEU_METHOD_DRIFT, 1),
                                    project(s, H, CHITIEU_METHOD_DAMPED, 1), project(s, H, CHITIEU_METHOD_NAIVE, 1)};
        for (size_t k = 0; k < H; k++) {
            double dr = falling[i] ? geo_drift(s, (double)(k + 1)) : m[1]->point[k];
            double w = wdotm * m[0]->point[k] + 0.2 * dr + wdamped * m[2]->point[k] + 0.1 * m[3]->point[k];
            if (fabs(a->point[k] - w) > 1e-9 * fmax(1, fabs(w)))
                fail_msg("%s step %zu: auto %.12g, prior-weighted mean %.12g", real[i], k + 1, a->point[k], w);
        }
        chitieu_projection_free(a);
        for (int j = 0; j < 4; j++) chitieu_projection_free(m[j]);
    }
    series line = {"line", 8, {0}, {0}};
    for (int i = 0; i < 8; i++) line.year[i] = 2015 + i, line.v[i] = 10 + 2 * i;
    chitieu_trend_opts o;
    chitieu_trend_opts_init(&o);
    o.nsim = 4000;
    chitieu_projection *p;
    assert_int_equal(chitieu_trend_project(&p, line.year, line.v, 8, 2025, &o), 0);
    assert_int_equal(p->method, CHITIEU_METHOD_WEIGHTED);
    assert_float_equal(p->point[0], 26, 1e-6);
    assert_float_equal(p->point[2], 30, 1e-6);
    for (size_t k = 0; k < 3; k++) assert_true(p->hi95[k] - p->lo95[k] < 1e-3);
    assert_true(chitieu_projection_prob(p, 2, 26, NAN) >= 0.9);
    size_t met = 0;
    for (size_t s = 0; s < p->nsim; s++) met += p->paths[s * p->h + 2] >= 26;
    assert_true(met >= 0.9 * (double)p->nsim);
    chitieu_projection_free(p);
}

/* The geometric drift member against R: on agremp (smooth, yearly, falling) auto's textbook point and 80%
 * band are 0.2 dotm + 0.2 geometric drift + 0.5 damped + 0.1 naive, each member's standard error weighted
 * the same way; the geometric drift's median and log-scale standard error from R forecast 8.20,
 * exp(rwf(log(y), drift = TRUE, h = 6)$mean) and (upper80 - mean) / qnorm(0.9) on the log scale
 * (tests/fixtures/trend/series.csv's agremp), its value-scale standard error e^mean sinh(se): half the width of
 * the back-transformed band of one log-scale standard error either side (trend.c run_on_logs). */
static void test_geometric_drift(void **state)
{
    (void)state;
    static const double med[H] = {32.162390165710, 31.361067100834, 30.579708928212, 29.817818224346,
                                  29.074909958998, 28.350511186416};
    static const double lse[H] = {0.042704898543, 0.061302075810, 0.076175510612, 0.089207623635,
                                  0.101112905169, 0.112250464802};
    const series *s = get("agremp");
    chitieu_projection *a = project(s, H, CHITIEU_METHOD_AUTO, 1);
    chitieu_projection *m[3] = {project(s, H, CHITIEU_METHOD_DOTM, 1), project(s, H, CHITIEU_METHOD_DAMPED, 1),
                                project(s, H, CHITIEU_METHOD_NAIVE, 1)};
    double z80 = 1.2815515655446004;
    for (size_t k = 0; k < H; k++) {
        assert_float_equal(geo_drift(s, (double)(k + 1)), med[k], 1e-9 * med[k]);
        double pt = 0.2 * m[0]->point[k] + 0.2 * med[k] + 0.5 * m[1]->point[k] + 0.1 * m[2]->point[k];
        double se = 0.2 * (m[0]->hi80[k] - m[0]->point[k]) / z80 + 0.2 * med[k] * sinh(lse[k]) +
                    0.5 * (m[1]->hi80[k] - m[1]->point[k]) / z80 + 0.1 * (m[2]->hi80[k] - m[2]->point[k]) / z80;
        assert_float_equal(a->point[k], pt, 1e-9 * pt);
        assert_float_equal(a->hi80[k], pt + z80 * se, 1e-8 * pt);
        assert_float_equal(a->lo80[k], pt - z80 * se, 1e-8 * pt);
    }
    chitieu_projection_free(a);
    for (int j = 0; j < 3; j++) chitieu_projection_free(m[j]);
}

static void test_degenerate(void **state)
{
    (void)state;
    int y[] = {2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023};
    double v[] = {5, 5, 5, 5, 5, 5, 5, 5};
    chitieu_trend_opts o;
    chitieu_trend_opts_init(&o);
    chitieu_projection *p = NULL;
    /* constant series: flat projection, zero-width bands, every method, calibrated and raw */
    for (int raw = 0; raw <= 1; raw++)
        for (int m = CHITIEU_METHOD_AUTO; m < CHITIEU_METHOD_COUNT_; m++) {
            o.method = (chitieu_method)m;
            o.raw = raw;
            assert_int_equal(chitieu_trend_project(&p, y, v, 8, 2026, &o), 0);
            assert_int_equal(p->h, 3);
            assert_int_equal(p->first_year, 2024);
            assert_true(p->method != CHITIEU_METHOD_AUTO);
            for (size_t k = 0; k < 3; k++) {
                assert_float_equal(p->point[k], 5, 1e-9);
                assert_float_equal(p->lo95[k], 5, 1e-9);
                assert_float_equal(p->hi95[k], 5, 1e-9);
            }
            for (size_t i = 0; i < 8; i++) assert_float_equal(p->fitted[i], 5, 1e-9);
            chitieu_projection_free(p);
        }
    chitieu_trend_opts_init(&o);
    p = (chitieu_projection *)&o; /* must be reset to NULL on failure */
    assert_int_equal(chitieu_trend_project(&p, y, v, 2, 2024, &o), CHITIEU_EINVALID); /* 2 points */
    assert_null(p);
    assert_non_null(strstr(chitieu_error_last(), "at least 3"));
    assert_int_equal(chitieu_trend_project(&p, y, v, 0, 2024, &o), CHITIEU_EINVALID);
    double nan4[] = {1, NAN, 3, 4}, inf4[] = {1, 2, INFINITY, 4};
    assert_int_equal(chitieu_trend_project(&p, y, nan4, 4, 2024, &o), CHITIEU_EINVALID); /* NaN */
    assert_int_equal(chitieu_trend_project(&p, y, inf4, 4, 2024, &o), CHITIEU_EINVALID); /* infinite */
    assert_int_equal(chitieu_trend_project(&p, y, v, 4, 2019, &o), CHITIEU_EINVALID);    /* to_year = last */
    assert_int_equal(chitieu_trend_project(&p, y, v, 4, 2010, &o), CHITIEU_EINVALID);    /* before */
    int back[] = {2018, 2020, 2019, 2021}, same[] = {2018, 2019, 2019, 2021};
    assert_int_equal(chitieu_trend_project(&p, back, v, 4, 2024, &o), CHITIEU_EINVALID); /* decreasing */
    assert_int_equal(chitieu_trend_project(&p, same, v, 4, 2024, &o), CHITIEU_EINVALID); /* repeated */
    assert_int_equal(chitieu_trend_project(&p, NULL, v, 4, 2024, &o), CHITIEU_EINVALID);
    assert_int_equal(chitieu_trend_project(&p, y, NULL, 4, 2024, &o), CHITIEU_EINVALID);
    assert_null(p);
    /* log-linear on zero or negative values */
    double zero[] = {1, 0, 2, 3}, neg[] = {3, 2, -1, 1};
    o.method = CHITIEU_METHOD_LOGLINEAR;
    assert_int_equal(chitieu_trend_project(&p, y, zero, 4, 2024, &o), CHITIEU_EINVALID);
    assert_non_null(strstr(chitieu_error_last(), "positive"));
    assert_int_equal(chitieu_trend_project(&p, y, neg, 4, 2024, &o), CHITIEU_EINVALID);
    o.raw = 1;
    assert_int_equal(chitieu_trend_project(&p, y, neg, 4, 2024, &o), CHITIEU_EINVALID);
    /* bounds in the wrong order; an invalid method */
    chitieu_trend_opts_init(&o);
    o.lower = 100;
    o.upper = 0;
    assert_int_equal(chitieu_trend_project(&p, y, v, 4, 2024, &o), CHITIEU_EINVALID);
    chitieu_trend_opts_init(&o);
    o.method = CHITIEU_METHOD_COUNT_;
    assert_int_equal(chitieu_trend_project(&p, y, v, 4, 2024, &o), CHITIEU_EINVALID);
    assert_null(p);
    chitieu_method mm;
    assert_int_equal(chitieu_method_parse(&mm, "holt"), CHITIEU_EINVALID);
    for (int m = CHITIEU_METHOD_AUTO; m < CHITIEU_METHOD_COUNT_; m++) {
        assert_int_equal(chitieu_method_parse(&mm, chitieu_method_name((chitieu_method)m)), 0);
        assert_int_equal(mm, m);
    }
    assert_string_equal(chitieu_method_name(CHITIEU_METHOD_COUNT_), "?");
    chitieu_projection_free(NULL);
}

/* A 1-observation series (roughness, the density class and the spread features divide by n - 1 and by
 * the span, both 0 here: they return early) through the public entry that reaches them, for every method,
 * calibrated and raw, unbounded, bounded below at 0 (the automatic choice then checks for counts: a
 * small non-negative integer) and as a share: refused with the contract's message, *out reset to NULL. */
static void test_one_observation(void **state)
{
    (void)state;
    int y[] = {2023};
    double v[] = {3};
    static const double bounds[][2] = {{NAN, NAN}, {0, NAN}, {0, 100}};
    for (size_t b = 0; b < 3; b++)
        for (int raw = 0; raw <= 1; raw++)
            for (int m = CHITIEU_METHOD_AUTO; m < CHITIEU_METHOD_COUNT_; m++) {
                chitieu_trend_opts o;
                chitieu_trend_opts_init(&o);
                o.method = (chitieu_method)m;
                o.raw = raw;
                o.lower = bounds[b][0];
                o.upper = bounds[b][1];
                o.nsim = 100;
                chitieu_projection *p = (chitieu_projection *)&o; /* must be reset to NULL */
                assert_int_equal(chitieu_trend_project(&p, y, v, 1, 2030, &o), CHITIEU_EINVALID);
                assert_null(p);
                assert_non_null(strstr(chitieu_error_last(), "at least 3 observed years (have 1)"));
            }
}

/* Exactly 3 points: the simple methods answer (R's values are in reference.csv for short3), the smoothing
 * methods refuse with a message naming the method; auto falls back to a method that applies. */
static void test_three_points(void **state)
{
    (void)state;
    const series *s3 = get("short3");
    assert_int_equal(s3->n, 3);
    chitieu_method ok[] = {CHITIEU_METHOD_NAIVE, CHITIEU_METHOD_DRIFT, CHITIEU_METHOD_LINEAR,
                           CHITIEU_METHOD_LOGLINEAR, CHITIEU_METHOD_COMBO, CHITIEU_METHOD_AUTO};
    for (size_t j = 0; j < sizeof ok / sizeof *ok; j++)
        for (int raw = 0; raw <= 1; raw++) {
            chitieu_projection *p = project(s3, 4, ok[j], raw);
            assert_true(p->method != CHITIEU_METHOD_AUTO);
            for (size_t k = 0; k < 4; k++) {
                assert_true(isfinite(p->lo95[k]) && isfinite(p->hi95[k]));
                assert_true(p->lo95[k] <= p->lo80[k] && p->lo80[k] <= p->point[k]);
                assert_true(p->point[k] <= p->hi80[k] && p->hi80[k] <= p->hi95[k]);
            }
            chitieu_projection_free(p);
        }
    chitieu_method bad[] = {CHITIEU_METHOD_THETA, CHITIEU_METHOD_DAMPED};
    for (size_t j = 0; j < 2; j++) {
        chitieu_trend_opts o;
        chitieu_trend_opts_init(&o);
        o.method = bad[j];
        chitieu_projection *p;
        assert_int_equal(chitieu_trend_project(&p, s3->year, s3->v, 3, 2026, &o), CHITIEU_EINVALID);
        assert_non_null(strstr(chitieu_error_last(), chitieu_method_name(bad[j])));
    }
    /* the last 3 points of the synthetic series get a wider calibrated band than all 10 */
    const series *syn = get("synthetic");
    series last3 = {"last3", 3, {0}, {0}};
    memcpy(last3.year, syn->year + 7, 3 * sizeof(int));
    memcpy(last3.v, syn->v + 7, 3 * sizeof(double));
    chitieu_projection *p3 = project(&last3, 2, CHITIEU_METHOD_AUTO, 0);
    chitieu_projection *p10 = project(syn, 2, CHITIEU_METHOD_AUTO, 0);
    assert_true(p3->hi95[1] - p3->lo95[1] > p10->hi95[1] - p10->lo95[1]);
    chitieu_projection_free(p3);
    chitieu_projection_free(p10);
}

/* Auto never reports AUTO, and every method gives n fitted values (finite over the part fitted), on every series. */
static void test_auto_and_fitted(void **state)
{
    (void)state;
    for (size_t i = 0; i < NS; i++)
        for (int m = CHITIEU_METHOD_AUTO; m < CHITIEU_METHOD_COUNT_; m++) {
            chitieu_trend_opts o;
            chitieu_trend_opts_init(&o);
            o.method = (chitieu_method)m;
            chitieu_projection *p;
            int rc = chitieu_trend_project(&p, S[i].year, S[i].v, S[i].n, S[i].year[S[i].n - 1] + 3, &o);
            if (rc) { /* only the smoothing methods on the 3-point series may refuse */
                assert_int_equal(rc, CHITIEU_EINVALID);
                assert_string_equal(S[i].name, "short3");
                continue;
            }
            if (m == CHITIEU_METHOD_AUTO) assert_true(p->method != CHITIEU_METHOD_AUTO);
            else assert_int_equal(p->method, m);
            assert_int_equal(p->n, S[i].n);
            /* the fit covers the last 33 years (or 7 observations): earlier years have no fitted value */
            for (size_t j = 0; j < p->n; j++)
                assert_true(S[i].year[S[i].n - 1] - S[i].year[j] > 32 ? isnan(p->fitted[j]) : isfinite(p->fitted[j]));
            assert_null(p->paths);
            assert_int_equal(p->nsim, 0);
            chitieu_projection_free(p);
        }
}

/* Gaps: h counts calendar years from the last observation; a line with gaps stays the line; the real
 * poverty series (16 surveys over 1992-2022) gets one fitted value per observed year. */
static void test_gaps(void **state)
{
    (void)state;
    int y[] = {2010, 2012, 2013, 2016};
    double v[] = {10, 14, 16, 22}; /* on the line 10 + 2t */
    chitieu_trend_opts o;
    chitieu_trend_opts_init(&o);
    o.method = CHITIEU_METHOD_LINEAR;
    chitieu_projection *p;
    assert_int_equal(chitieu_trend_project(&p, y, v, 4, 2018, &o), 0);
    assert_int_equal(p->first_year, 2017);
    assert_int_equal(p->h, 2);
    assert_int_equal(p->n, 4);
    assert_float_equal(p->point[0], 24, 1e-9);
    assert_float_equal(p->point[1], 26, 1e-9);
    assert_float_equal(p->fitted[1], 14, 1e-9);
    assert_float_equal(p->fitted[3], 22, 1e-9);
    chitieu_projection_free(p);

    const series *pov = get("poverty");
    assert_int_equal(pov->n, 16);
    o.lower = 0;
    o.upper = 100;
    o.nsim = 200;
    for (int m = CHITIEU_METHOD_AUTO; m < CHITIEU_METHOD_COUNT_; m++) {
        o.method = (chitieu_method)m;
        assert_int_equal(chitieu_trend_project(&p, pov->year, pov->v, pov->n, 2030, &o), 0);
        assert_int_equal(p->first_year, 2023);
        assert_int_equal(p->h, 8);
        assert_int_equal(p->n, 16);
        /* the fitted values follow the series (within its range, give or take a step) */
        for (size_t j = 0; j < p->n; j++) assert_true(p->fitted[j] >= 0 && p->fitted[j] <= 100);
        /* the last survey says 4.2%, falling: no method projects 2023 above the 1992 level */
        assert_true(p->point[0] >= 0 && p->point[0] < 58.1);
        chitieu_projection_free(p);
    }
}

/* Check every number of a projection lies in [lo, hi]. */
static void assert_inside(const chitieu_projection *p, double lo, double hi)
{
    double *arr[] = {p->point, p->lo80, p->hi80, p->lo95, p->hi95};
    for (size_t k = 0; k < p->h; k++)
        for (int a = 0; a < 5; a++) assert_true(arr[a][k] >= lo && arr[a][k] <= hi);
    for (size_t i = 0; i < p->nsim * p->h; i++) assert_true(p->paths[i] >= lo && p->paths[i] <= hi);
}

/* A share near its ceiling never leaves 0..100, point or band, path or not; a rate falling towards 0 with
 * only a lower bound stays at or above it. */
static void test_bounds(void **state)
{
    (void)state;
    int y[] = {2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022};
    double v[] = {95, 96.5, 97.6, 98.4, 99, 99.4, 99.7, 99.9};
    double down[] = {9.2, 7.9, 6.8, 5.7, 4.8, 4.4, 4.2, 3.1}; /* poverty-like, made up */
    chitieu_trend_opts o;
    chitieu_trend_opts_init(&o);
    o.nsim = 500;
    for (int m = CHITIEU_METHOD_AUTO; m < CHITIEU_METHOD_COUNT_; m++) {
        o.method = (chitieu_method)m;
        chitieu_projection *p;
        o.lower = 0;
        o.upper = 100;
        assert_int_equal(chitieu_trend_project(&p, y, v, 8, 2035, &o), 0);
        assert_inside(p, 0, 100);
        chitieu_projection_free(p);
        o.upper = NAN;
        assert_int_equal(chitieu_trend_project(&p, y, down, 8, 2035, &o), 0);
        assert_inside(p, 0, INFINITY);
        chitieu_projection_free(p);
        o.lower = NAN;
        o.upper = 100;
        assert_int_equal(chitieu_trend_project(&p, y, v, 8, 2035, &o), 0);
        assert_inside(p, -INFINITY, 100);
        chitieu_projection_free(p);
    }
    /* unbounded, the linear trend would pass 100 and the falling rate would pass 0 */
    o.lower = o.upper = NAN;
    o.method = CHITIEU_METHOD_LINEAR;
    chitieu_projection *p;
    assert_int_equal(chitieu_trend_project(&p, y, v, 8, 2030, &o), 0);
    assert_true(p->point[p->h - 1] > 100);
    chitieu_projection_free(p);
    assert_int_equal(chitieu_trend_project(&p, y, down, 8, 2030, &o), 0);
    assert_true(p->point[p->h - 1] < 0);
    chitieu_projection_free(p);
}


/* The last step (1-based year of the horizon) at which a band end of p turns back outwards after it moved
 * inwards (an upper end that fell and rises again, a lower end that rose and falls again: a dip, counted
 * as bench/backtest does), 0 if none. */
static size_t dip_step(const chitieu_projection *p)
{
    const double *end[] = {p->lo95, p->lo80, p->hi80, p->hi95};
    size_t last = 0;
    for (int e = 0; e < 4; e++) {
        double sg = e < 2 ? -1 : 1;
        int turned = 0;
        for (size_t k = 1; k < p->h; k++) {
            double d = sg * (end[e][k] - end[e][k - 1]), tol = 1e-9 * (fabs(end[e][k]) + 1);
            if (d < -tol) turned = 1;
            if (turned && d > tol && k + 1 > last) last = k + 1;
        }
    }
    return last;
}

/* No band end of p turns back outwards in the horizon: an upper end never falls and then rises again, a
 * lower end never rises and then falls again (trend.c shape_ends; bench/backtest counts them). */
static void assert_no_dip(const chitieu_projection *p)
{
    assert_int_equal(dip_step(p), 0);
}
/* A rate falling towards its lower bound does not drift through it.  Bến Tre's multidimensional poverty
 * rate (datasets/bentre-observed: 12.11% in 2015, 4.59% 2019, 4% 2020, 4.26% 2021 from MOLISA and the
 * province's surveys, 2.63% 2023) falls about 1.2 points a year, so a line on the value scale reaches 0
 * in 2025 (the projection was 0.0% with an 80% band 0-3.4 in 2025, 0-5.8 in 2030).  By hand, its constant
 * rate of decline (2.63/12.11)^(1/8) = 0.826 a year gives 2.63 x 0.826^2 = 1.80 in 2025 and 0.70 in 2030;
 * the projection must stay strictly inside 0..100, keep falling, and be near those values. */
static void test_bound_drift(void **state)
{
    (void)state;
    int y[] = {2015, 2019, 2020, 2021, 2023};
    double v[] = {12.11, 4.59, 4, 4.26, 2.63};
    chitieu_trend_opts o;
    chitieu_trend_opts_init(&o);
    o.lower = 0;
    o.upper = 100;
    chitieu_projection *p;
    assert_int_equal(chitieu_trend_project(&p, y, v, 5, 2030, &o), 0);
    print_message("Ben Tre poverty: 2025 %.3f (80%% %.3f-%.3f, 95%% %.3f-%.3f), 2030 %.3f (80%% %.3f-%.3f, 95%% %.3f-%.3f)\n",
                  p->point[1], p->lo80[1], p->hi80[1], p->lo95[1], p->hi95[1], p->point[6], p->lo80[6], p->hi80[6],
                  p->lo95[6], p->hi95[6]);
    for (size_t k = 0; k < p->h; k++) {
        assert_true(p->point[k] > 0 && p->lo80[k] > 0);
        assert_true(p->point[k] < (k ? p->point[k - 1] : 2.63));
    }
    assert_true(p->point[1] > 1.80 - 0.6 && p->point[1] < 1.80 + 0.6);
    assert_true(p->point[6] > 0.70 / 2 && p->point[6] < 0.70 * 2);
    assert_true(chitieu_projection_prob(p, 1, NAN, 0.5) < 0.1); /* 0.5% or less in 2025: unlikely */
    /* issue 14: the 95% band must not leave a plausible range.  The steepest yearly rise the series
     * shows is 4.00 -> 4.26 (2020-2021, and that one is the new standard of 2021 counting more
     * households): 0.26 points a year, every year from 2023's 2.63 to 2030, reaches 2.63 + 7 x 0.26 =
     * 4.45.  An upper end above that would give more than a 2.5% chance of poverty rising faster than it
     * ever did, every year for seven years, after falling from 12.11 to 2.63.  (The log-odds-scale
     * calibration gave 13.46 in 2030 and 15.38 in 2027; the value-scale rule 4.21.) */
    assert_true(p->hi95[6] < 2.63 + 7 * 0.26);
    /* and the band ends have no dip in the horizon: the lower ends fall with the median (their textbook
     * ends do), an upper end may rise and then fall, never fall and rise again */
    for (size_t k = 1; k < p->h; k++) assert_true(p->lo95[k] <= p->lo95[k - 1] && p->lo80[k] <= p->lo80[k - 1]);
    assert_no_dip(p);
    chitieu_projection_free(p);
}

/* The per-series spread factor of band end `end` (0-5: below the point 80, 95, 50%, then above) by hand from
 * the table (trend_calib.h): exp(b . (log(dis + CALIB_DIS_FLOOR), x)) within 1/CALIB_SPREAD_CAP..CALIB_SPREAD_CAP,
 * b the coefficients of method m, density class d and step k (0-based) for that end. */
static double table_g(chitieu_method m, size_t d, size_t k, int end, double dis, const double *x)
{
    const double *b = chitieu__calib_spread[m][d][k][end % CALIB_SPREAD_ENDS];
    double e = b[0] * log(dis + CALIB_DIS_FLOOR);
    for (int i = 0; i < CHITIEU_SPREAD_NX; i++) e += b[1 + i] * x[i];
    return exp(fmin(fmax(e, -log(CALIB_SPREAD_CAP)), log(CALIB_SPREAD_CAP)));
}

/* The value-scale rule of a bound transform, by hand (values made up): 50, 40, 30, 20, 12 in 2015-2019
 * with a lower bound of 0.  On the value scale drift reaches 0 in 2021, so the log scale is kept
 * (docs/ASSESSMENT.md "Bounds").  Drift on x = log y: b = (log 12 - log 50)/4 = -0.356779, the changes
 * less b are 0.133635, 0.069097, -0.048686, -0.154047, s^2 = 0.048734/3 = 0.016245, se at 1 year
 * s sqrt(1 + 1/4) = 0.142498; 2020: x = log 12 + b = 2.128128, median e^x = 8.399125; the textbook 95%
 * band e^(x -+ 1.959964 se) = 6.352427 .. 11.105252, i.e. 2.046698 below and 2.706127 above the median
 * on the value scale.  The calibration factor of each end F = g c (the per-series spread factor g of the
 * features roughness 0.309374 and volatility log(sqrt(mean squared change) / se) = 0.963492, a single
 * method's disagreement 0; c the class factor: yearly, 8 or fewer observations, roughness class 1, step
 * 1) multiplies these value-scale distances: upper end 8.399125 + F 2.706127 (no bound above); lower end
 * on the side of the bound, the room r = 8.399125 used up gradually: r exp(-F 2.046698 / r).  The old
 * rule multiplied the log-scale half-width instead: e^(x + F 1.959964 se). */
static void test_value_scale_rule(void **state)
{
    (void)state;
    int y[] = {2015, 2016, 2017, 2018, 2019};
    double v[] = {50, 40, 30, 20, 12};
    chitieu_trend_opts o;
    chitieu_trend_opts_init(&o);
    o.lower = 0;
    o.method = CHITIEU_METHOD_DRIFT;
    chitieu_projection *p;
    assert_int_equal(chitieu_trend_project(&p, y, v, 5, 2021, &o), 0);
    assert_float_equal(p->point[0], 8.399125, 1e-5);
    assert_float_equal(p->spread_x[0], 0.309374, 1e-5);
    assert_float_equal(p->spread_x[1], 0.963492, 1e-5);
    size_t sb = 0;
    while (sb + 1 < CALIB_S && p->spread_x[0] >= chitieu__calib_rough[sb]) sb++;
    assert_int_equal(sb, 1);
    double g[6]; /* the per-series factors of the band ends (below 80, 95, 50%; above) */
    for (int j = 0; j < 6; j++) g[j] = table_g(CHITIEU_METHOD_DRIFT, 0, 0, j, 0, p->spread_x);
    const double *c = chitieu__calib[CHITIEU_METHOD_DRIFT][0][0][sb][0]; /* below 80, 95, 50%; above */
    double up = 8.399125 + g[4] * c[4] * 2.706127, low = 8.399125 * exp(-g[1] * c[1] * 2.046698 / 8.399125);
    print_message("value-scale rule: F above %.4f, below %.4f: 95%% band %.4f-%.4f (the log-scale rule's upper end "
                  "%.4f)\n", g[4] * c[4], g[1] * c[1], low, up, exp(2.128128 + g[4] * c[4] * 1.959964 * 0.142498));
    assert_float_equal(p->hi95[0], up, 1e-4 * up);
    assert_float_equal(p->lo95[0], low, 1e-4 * low);
    chitieu_projection_free(p);
}

/* The density class of a gapped series is its mean gap (trend.c sparse_class, trend_calib.h): the same
 * five values (made up) observed every 4 years (2003..2019: mean gap 16/4 = 4 > 2.25, the wide class of
 * elections and surveys every few years), every 2 years (2011..2019: 2, sparse) and with the gaps
 * 2, 3, 2, 2 (2010..2019: 9/4 = 2.25, not over it: sparse); the last three values every 4 years
 * (2011..2019: 3 observations, at most CALIB_SHORT = 3: the short wide-gap class), the last four
 * (2007..2019: 4, the wide class) and the last three every 2 years (2015..2019: sparse, the short class
 * is for wide gaps only); seven values every 2 years (2007..2019: more than CALIB_SPARSE_N = 6
 * observations, the long sparse class) and the last six (2009..2019: 6, sparse).  Drift one year ahead: the calibrated 95% upper end is the point plus the
 * textbook half-width times the per-series factor g (coefficients of the class, step 1, no disagreement
 * for a single method) times the class factor c (n <= 8; roughness class from the features).  Each
 * case's row differs from the other class's row it could be confused with (wide against short, sparse
 * against wide, long sparse against sparse), so the wrong class would fail the check. */
static void test_density_classes(void **state)
{
    (void)state;
    static const int gaps[8][7] = {{2003, 2007, 2011, 2015, 2019}, {2011, 2013, 2015, 2017, 2019},
                                   {2010, 2012, 2015, 2017, 2019}, {2011, 2015, 2019},
                                   {2007, 2011, 2015, 2019}, {2015, 2017, 2019},
                                   {2007, 2009, 2011, 2013, 2015, 2017, 2019}, {2009, 2011, 2013, 2015, 2017, 2019}};
    static const size_t nobs[8] = {5, 5, 5, 3, 4, 3, 7, 6}, cls[8] = {2, 1, 1, 3, 2, 1, 4, 1},
                        other[8] = {3, 2, 2, 2, 3, 3, 1, 4};
    static const double v[] = {7, 8, 10, 13, 14, 18, 21};
    assert_true(CALIB_G == 3 && CALIB_D == 5 && CALIB_SHORT == 3 && CALIB_SPARSE_N == 6);
    assert_true(chitieu__calib_gap[0] == 1.5 && chitieu__calib_gap[1] == 2.25);
    for (int c = 0; c < 8; c++) {
        const double *x = v + 7 - nobs[c];
        chitieu_trend_opts o;
        chitieu_trend_opts_init(&o);
        o.method = CHITIEU_METHOD_DRIFT;
        chitieu_projection *raw, *p;
        o.raw = 1;
        assert_int_equal(chitieu_trend_project(&raw, gaps[c], x, nobs[c], 2020, &o), 0);
        o.raw = 0;
        assert_int_equal(chitieu_trend_project(&p, gaps[c], x, nobs[c], 2020, &o), 0);
        size_t sb = 0;
        while (sb + 1 < CALIB_S && p->spread_x[0] >= chitieu__calib_rough[sb]) sb++;
        double g = table_g(CHITIEU_METHOD_DRIFT, cls[c], 0, 4, 0, p->spread_x); /* the 95% upper end's */
        double f = g * chitieu__calib[CHITIEU_METHOD_DRIFT][cls[c]][0][sb][0][4];
        assert_true(chitieu__calib[CHITIEU_METHOD_DRIFT][other[c]][0][sb][0][4] !=
                    chitieu__calib[CHITIEU_METHOD_DRIFT][cls[c]][0][sb][0][4]);
        double up = raw->point[0] + f * (raw->hi95[0] - raw->point[0]);
        assert_float_equal(p->point[0], raw->point[0], 1e-12);
        assert_float_equal(p->hi95[0], up, 1e-9 * fabs(up));
        chitieu_projection_free(raw);
        chitieu_projection_free(p);
    }
}

/* An upper bound alone (a share rising towards 100, made up): the bands come in order below the bound
 * (the log of the distance to the bound falls as the value rises; the ends were swapped). */
static void test_upper_bound_only(void **state)
{
    (void)state;
    int y[] = {2015, 2016, 2017, 2018, 2019, 2020};
    double v[] = {90, 93, 95, 97, 98.5, 99.2};
    chitieu_trend_opts o;
    chitieu_trend_opts_init(&o);
    o.upper = 100;
    chitieu_projection *p;
    assert_int_equal(chitieu_trend_project(&p, y, v, 6, 2024, &o), 0);
    for (size_t k = 0; k < p->h; k++) {
        assert_true(p->lo95[k] <= p->lo80[k] && p->lo80[k] <= p->point[k]);
        assert_true(p->point[k] <= p->hi80[k] && p->hi80[k] <= p->hi95[k] && p->hi95[k] <= 100);
        assert_true(p->point[k] > 99.2 && p->lo95[k] > 90);
    }
    chitieu_projection_free(p);
}

/* The per-series spread model's inputs, by hand on the gap series of test_gap_formulas (years 2010,
 * 2012, 2013, 2016; values 10, 14, 15, 22, made up).  Roughness: b = 12/6 = 2, changes per year 2, 1,
 * 7/3 over gaps 2, 1, 3: sqrt((2*0 + 1*1 + 3*(1/3)^2)/6) / ((4+1+7)/6) = sqrt(2/9)/2 = 0.235702.
 * Drift: s^2 = 2/3, se at 1 year sqrt(2/3 * 7/6) = 0.881917; RMS change per year sqrt((16/2 + 1 +
 * 49/3)/3) = 2.905933; volatility log(2.905933/0.881917) = 1.192412; a single method: disagreement 0.
 * Auto below 7 points = drift and linear, half each: OLS on t = 0, 2, 3, 6: slope 37.25/18.75 =
 * 1.986667, intercept 9.786667, 2017 (t = 7): 23.693333 against drift's 24, so the members' sd is
 * 0.306667/2 = 0.153333; linear se at t = 7: residual SS 0.746667, s^2 = 0.373333, se = sqrt(s^2 (1 +
 * 1/4 + 4.25^2/18.75)) = 0.909029; the combination's se (0.881917 + 0.909029)/2 = 0.895473; the
 * disagreement 0.153333/0.895473 = 0.171232. */
static void test_spread_inputs(void **state)
{
    (void)state;
    series g = {"gaps", 4, {2010, 2012, 2013, 2016}, {10, 14, 15, 22}};
    chitieu_projection *d = project(&g, 2, CHITIEU_METHOD_DRIFT, 0), *a = project(&g, 2, CHITIEU_METHOD_AUTO, 0);
    assert_float_equal(d->spread_x[0], 0.235702, 1e-6);
    assert_float_equal(d->spread_x[1], 1.192412, 1e-6);
    assert_float_equal(chitieu_projection_disagree(d, 0), 0, 1e-12);
    assert_float_equal(chitieu_projection_disagree(a, 0), 0.171232, 1e-5);
    assert_true(isnan(chitieu_projection_disagree(a, 2)));
    chitieu_projection_free(d);
    chitieu_projection_free(a);
}

/* The spread model changes with the shape of a series, never with its units: the inflation series
 * (World Bank) times 1000 plus 50 gets every band end times 1000 plus 50.  A straight line gets a
 * narrower band than the same line with noise. */
static void test_spread_invariance(void **state)
{
    (void)state;
    series s = *get("inflation"), t = s;
    for (size_t i = 0; i < t.n; i++) t.v[i] = 1000 * s.v[i] + 50;
    chitieu_projection *p = project(&s, 6, CHITIEU_METHOD_AUTO, 0), *q = project(&t, 6, CHITIEU_METHOD_AUTO, 0);
    for (size_t k = 0; k < 6; k++) {
        double *a[] = {p->point, p->lo80, p->hi80, p->lo95, p->hi95};
        double *b[] = {q->point, q->lo80, q->hi80, q->lo95, q->hi95};
        for (int j = 0; j < 5; j++) assert_float_equal(b[j][k], 1000 * a[j][k] + 50, 1e-6 * fabs(1000 * a[j][k] + 50));
    }
    chitieu_projection_free(p);
    chitieu_projection_free(q);
    series line = {"line", 20, {0}, {0}}, noisy = line;
    for (size_t i = 0; i < 20; i++) {
        line.year[i] = noisy.year[i] = 2000 + (int)i;
        line.v[i] = 10 + 0.5 * (double)i;
        noisy.v[i] = line.v[i] + (i % 2 ? 0.4 : -0.4) + (i % 3 ? 0.2 : -0.3);
    }
    line.v[7] += 0.01; /* not exactly straight (every method would be flat-out exact) */
    p = project(&line, 6, CHITIEU_METHOD_AUTO, 0);
    q = project(&noisy, 6, CHITIEU_METHOD_AUTO, 0);
    print_message("line 80%% band at 6 years %.4g wide, the noisy line's %.4g\n", p->hi80[5] - p->lo80[5],
                  q->hi80[5] - q->lo80[5]);
    assert_true(p->hi80[5] - p->lo80[5] < (q->hi80[5] - q->lo80[5]) / 10);
    chitieu_projection_free(p);
    chitieu_projection_free(q);
}

/* Standard normal draws from a fixed seed (xorshift64 and Box-Muller), so the simulation is the same everywhere. */
static double sim_normal(unsigned long *st)
{
    double u[2];
    for (int j = 0; j < 2; j++) {
        *st ^= *st << 13; *st ^= *st >> 7; *st ^= *st << 17;
        u[j] = ((double)(*st >> 11) + 0.5) / 9007199254740992.0;
    }
    return sqrt(-2 * log(u[0])) * cos(6.283185307179586 * u[1]);
}

/* Coverage on simulated series with a fixed seed: 400 random walks with drift, 20 years each
 * (x_t = x_{t-1} + 0.3 + e_t, e_t standard normal), projected 1 year ahead by drift with its textbook
 * band, on which the calibration and the spread model build.  By hand: the error x_21 - x_20 - b is
 * normal with variance 1 + 1/19 and independent of s^2 (18 degrees of freedom), so the 80% band
 * (1.2816 s sqrt(1 + 1/19)) holds with probability P(|t_18| <= 1.2816) = 0.7837 and the 95% band
 * P(|t_18| <= 1.96) = 0.9343; over 400 independent series, within 3 binomial sd: 289..338 and
 * 359..388 outcomes.  (The calibrated bands are fitted to real yearly series, whose errors are more
 * peaked than normal ones, and are checked on real series: bench/accuracy, bench/backtest.) */
static void test_simulated_coverage(void **state)
{
    (void)state;
    unsigned long st = 20261201UL;
    size_t in80 = 0, in95 = 0, N = 400;
    for (size_t r = 0; r < N; r++) {
        series s = {"sim", 20, {0}, {0}};
        double x = 100;
        for (size_t i = 0; i < 20; i++) s.year[i] = 2000 + (int)i, s.v[i] = x, x += 0.3 + sim_normal(&st);
        chitieu_projection *p = project(&s, 1, CHITIEU_METHOD_DRIFT, 1);
        in80 += p->lo80[0] <= x && x <= p->hi80[0];
        in95 += p->lo95[0] <= x && x <= p->hi95[0];
        chitieu_projection_free(p);
    }
    print_message("simulated random walks, drift's textbook bands: 80%% held %zu of %zu, 95%% %zu\n", in80, N, in95);
    assert_true(in80 >= 289 && in80 <= 338);
    assert_true(in95 >= 359 && in95 <= 388);
}

/* Pearson correlation of a[0..n-1] and b[0..n-1]. */
static double pearson(const double *a, const double *b, size_t ns)
{
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, n = (double)ns;
    for (size_t s = 0; s < ns; s++) {
        sx += a[s]; sy += b[s]; sxx += a[s] * a[s]; syy += b[s] * b[s]; sxy += a[s] * b[s];
    }
    return (sxy / n - sx * sy / n / n) / sqrt((sxx / n - sx * sx / n / n) * (syy / n - sy * sy / n / n));
}

static const double *rank_key;
static int by_key(const void *a, const void *b)
{
    double x = rank_key[*(const size_t *)a], y = rank_key[*(const size_t *)b];
    return (x > y) - (x < y);
}

/* Replace v[0..n-1] by its ranks 0..n-1 (ties broken by order: paths snapped to a bound are few). */
static void to_ranks(double *v, size_t n)
{
    size_t *idx = malloc(n * sizeof *idx);
    assert_non_null(idx);
    for (size_t i = 0; i < n; i++) idx[i] = i;
    rank_key = v;
    qsort(idx, n, sizeof *idx, by_key);
    double *r = malloc(n * sizeof *r);
    assert_non_null(r);
    for (size_t i = 0; i < n; i++) r[idx[i]] = (double)i;
    memcpy(v, r, n * sizeof *r);
    free(r);
    free(idx);
}

/* The paths' empirical quantiles at each year equal the bands within sampling error, and consecutive
 * years are positively correlated: rank (Spearman) correlation > 0.5 always, and Pearson correlation of
 * the values > 0.5 when `pearson_too` (log-linear paths on a volatile series have lognormal tails wide
 * enough to pull the Pearson figure below 0.5 while the dependence is the same). */
static void check_paths(const chitieu_projection *p, int pearson_too)
{
    size_t ns = p->nsim;
    assert_int_equal(ns, 4000);
    double *col = malloc(ns * sizeof *col), *prev = malloc(ns * sizeof *prev);
    assert_non_null(col);
    assert_non_null(prev);
    for (size_t k = 0; k < p->h; k++) {
        for (size_t s = 0; s < ns; s++) col[s] = p->paths[s * p->h + k];
        if (k > 0) {
            double pc = pearson(prev, col, ns);
            double *ra = malloc(ns * sizeof *ra), *rb = malloc(ns * sizeof *rb);
            assert_non_null(ra);
            assert_non_null(rb);
            memcpy(ra, prev, ns * sizeof *ra);
            memcpy(rb, col, ns * sizeof *rb);
            to_ranks(ra, ns);
            to_ranks(rb, ns);
            double sc = pearson(ra, rb, ns);
            free(ra);
            free(rb);
            if (!(sc > 0.5) || (pearson_too && !(pc > 0.5)))
                fail_msg("%s: correlation of steps %zu and %zu: Pearson %.3f, Spearman %.3f",
                         chitieu_method_name(p->method), k, k + 1, pc, sc);
        }
        memcpy(prev, col, ns * sizeof *col);
        /* q is the p-quantile of the paths when share(< q) <= p <= share(<= q) (ties at a bound count);
         * sampling error of a share of 4000 draws: 0.25 points at 2.5%, 0.47 at 10%, 0.79 at 50%; the
         * tolerances are 4 standard errors */
        const double qv[5] = {p->lo95[k], p->lo80[k], p->point[k], p->hi80[k], p->hi95[k]};
        const double pr[5] = {0.025, 0.10, 0.50, 0.90, 0.975}, tol[5] = {0.010, 0.019, 0.032, 0.019, 0.010};
        for (int j = 0; j < 5; j++) {
            size_t lt = 0, le = 0;
            for (size_t s = 0; s < ns; s++) {
                lt += col[s] < qv[j];
                le += col[s] <= qv[j];
            }
            if ((double)lt / (double)ns > pr[j] + tol[j] || (double)le / (double)ns < pr[j] - tol[j])
                fail_msg("step %zu: %.4f of paths below and %.4f at or below the %.3f quantile %g", k + 1,
                         (double)lt / (double)ns, (double)le / (double)ns, pr[j], qv[j]);
        }
    }
    free(col);
    free(prev);
}

/* Paths: quantiles, correlation, unbounded and bounded; the same seed gives the same paths, another seed
 * others. */
static void test_paths(void **state)
{
    (void)state;
    const series *g = get("gdp"), *pov = get("poverty");
    chitieu_trend_opts o;
    chitieu_trend_opts_init(&o);
    o.nsim = 4000;
    o.seed = 42;
    chitieu_projection *p, *q, *r;
    for (int m = CHITIEU_METHOD_AUTO; m < CHITIEU_METHOD_COUNT_; m++) {
        o.method = (chitieu_method)m;
        assert_int_equal(chitieu_trend_project(&p, g->year, g->v, g->n, 2030, &o), 0);
        /* log-linear on GDP growth: calibrated 95% band at 2030 is 0.016 .. 1483 (%), Pearson 0.49 */
        check_paths(p, m != CHITIEU_METHOD_LOGLINEAR);
        chitieu_projection_free(p);
    }
    o.method = CHITIEU_METHOD_LOGLINEAR;
    const series *life = get("lifeexp");
    assert_int_equal(chitieu_trend_project(&p, life->year, life->v, life->n, 2030, &o), 0);
    check_paths(p, 1);
    chitieu_projection_free(p);
    o.method = CHITIEU_METHOD_AUTO;
    o.lower = 0;
    o.upper = 100;
    assert_int_equal(chitieu_trend_project(&p, pov->year, pov->v, pov->n, 2030, &o), 0);
    check_paths(p, 1); /* the bounds transform is monotone: quantiles of the paths still equal the bands */
    chitieu_projection_free(p);

    o.lower = o.upper = NAN;
    assert_int_equal(chitieu_trend_project(&p, g->year, g->v, g->n, 2030, &o), 0);
    assert_int_equal(chitieu_trend_project(&q, g->year, g->v, g->n, 2030, &o), 0);
    o.seed = 43;
    assert_int_equal(chitieu_trend_project(&r, g->year, g->v, g->n, 2030, &o), 0);
    assert_memory_equal(p->paths, q->paths, p->nsim * p->h * sizeof(double));
    assert_memory_not_equal(p->paths, r->paths, p->nsim * p->h * sizeof(double));
    assert_memory_equal(p->point, r->point, p->h * sizeof(double)); /* the seed moves only the paths */
    chitieu_projection_free(p);
    chitieu_projection_free(q);
    chitieu_projection_free(r);
}

/* Calibrated bands are wider than the textbook ones (the table's factors exceed 1 here), nest, and never
 * narrow with the horizon; the point is the textbook method's on the last 33 years.  Except poverty (16
 * observations 1992-2022, mostly biennial: the class of sparse series of more than 6), whose members agree
 * within 0.21 of a standard error 4 years on since drift is the geometric drift on this falling series
 * (0.36 before): its 80% band at step 4 is the textbook one times the spread factor g (the step's
 * coefficients on the disagreement and the features) times the mean of the two ends' class factors
 * (that class, more than 15 observations, roughness 0.6-1), 0.30 x 2.97 = 0.88 of it, by the table. */
static void test_calibration(void **state)
{
    (void)state;
    for (size_t i = 0; i < NS; i++) {
        if (!strcmp(S[i].name, "short3")) continue;
        series w = S[i]; /* the part the calibrated projection fits: the last 33 years */
        size_t drop = 0;
        while (w.year[w.n - 1] - w.year[drop] > 32) drop++;
        memmove(w.year, w.year + drop, (w.n - drop) * sizeof *w.year);
        memmove(w.v, w.v + drop, (w.n - drop) * sizeof *w.v);
        w.n -= drop;
        chitieu_projection *raw = project(&w, 10, CHITIEU_METHOD_AUTO, 1);
        chitieu_projection *cal = project(&S[i], 10, CHITIEU_METHOD_AUTO, 0);
        for (size_t k = 0; k < 10; k++) {
            assert_float_equal(raw->point[k], cal->point[k], 1e-12);
            assert_true(cal->lo95[k] <= cal->lo80[k] && cal->hi80[k] <= cal->hi95[k]);
            if (k > 0) {
                assert_true(cal->hi80[k] - cal->lo80[k] >= cal->hi80[k - 1] - cal->lo80[k - 1] - 1e-12);
                assert_true(cal->hi95[k] - cal->lo95[k] >= cal->hi95[k - 1] - cal->lo95[k - 1] - 1e-12);
            }
        }
        if (!strcmp(S[i].name, "poverty")) {
            double g[6]; /* the per-series factors of the band ends (below 80, 95, 50%; above) */
            for (int end = 0; end < 6; end++)
                g[end] = table_g(CHITIEU_METHOD_WEIGHTED, CALIB_G + 1, 3, end, chitieu_projection_disagree(cal, 3),
                                 cal->spread_x);
            const double *c = chitieu__calib[CHITIEU_METHOD_WEIGHTED][CALIB_G + 1][2][2][3]; /* below 80, 95, 50%; above */
            double ratio = (cal->hi80[3] - cal->lo80[3]) / (raw->hi80[3] - raw->lo80[3]);
            print_message("poverty: calibrated 80%% band at step 4 %.4f of the textbook one (g %.4f, %.4f, class factors "
                          "%.4f, %.4f)\n", ratio, g[0], g[3], c[0], c[3]);
            assert_float_equal(ratio, (g[0] * c[0] + g[3] * c[3]) / 2, 1e-9);
        } else {
            assert_true(cal->hi80[3] - cal->lo80[3] > raw->hi80[3] - raw->lo80[3]);
            assert_true(cal->hi95[5] - cal->lo95[5] > raw->hi95[5] - raw->lo95[5]);
        }
        chitieu_projection_free(raw);
        chitieu_projection_free(cal);
    }
}


/* Gaps: drift and naive use the actual years (no interpolation).  Years 2010, 2012, 2013, 2016 with
 * values 10, 14, 15, 22 (made up).  By hand: drift b = (22-10)/6 = 2; changes 4, 1, 7 over gaps 2, 1, 3;
 * s^2 = ((4-4)^2/2 + (1-2)^2/1 + (7-6)^2/3) / (4-2) = (0 + 1 + 1/3)/2 = 2/3; se at k years =
 * s sqrt(k (1 + k/6)): k = 2: sqrt(2/3 * 2 * 4/3) = sqrt(16/9) = 4/3.  Naive: s^2 = (16/2 + 1/1 + 49/3)/3
 * = (8 + 1 + 16.3333)/3 = 8.4444; se at 2 years = sqrt(2 * 8.4444) = 4.1096 (textbook, raw). */
static void test_gap_formulas(void **state)
{
    (void)state;
    series g = {"gaps", 4, {2010, 2012, 2013, 2016}, {10, 14, 15, 22}};
    chitieu_projection *d = project(&g, 2, CHITIEU_METHOD_DRIFT, 1), *n = project(&g, 2, CHITIEU_METHOD_NAIVE, 1);
    double z80 = 1.2815515655446004;
    assert_float_equal(d->point[0], 24, 1e-12);
    assert_float_equal(d->point[1], 26, 1e-12);
    assert_float_equal((d->hi80[1] - d->lo80[1]) / 2, z80 * 4.0 / 3.0, 1e-9);
    assert_float_equal(n->point[1], 22, 1e-12);
    assert_float_equal((n->hi80[1] - n->lo80[1]) / 2, z80 * sqrt(2 * (8 + 1 + 49.0 / 3) / 3), 1e-9);
    chitieu_projection_free(d);
    chitieu_projection_free(n);
}

/* The distribution behind the bands: P(lo80 <= Y <= hi80) = 0.8, P(lo95 <= Y <= hi95) = 0.95, the
 * 10% quantile is lo80 and the median the point; paths drawn year by year, so a projection to 2030
 * starts with the same paths as one to 2027. */
static void test_distribution(void **state)
{
    (void)state;
    const series *s = get("inflation");
    chitieu_trend_opts o;
    chitieu_trend_opts_init(&o);
    o.nsim = 500;
    chitieu_projection *p, *q;
    assert_int_equal(chitieu_trend_project(&p, s->year, s->v, s->n, 2030, &o), 0);
    assert_int_equal(chitieu_trend_project(&q, s->year, s->v, s->n, 2027, &o), 0);
    for (size_t k = 0; k < p->h; k++) {
        assert_float_equal(chitieu_projection_prob(p, k, p->lo80[k], p->hi80[k]), 0.80, 1e-9);
        assert_float_equal(chitieu_projection_prob(p, k, p->lo95[k], p->hi95[k]), 0.95, 1e-9);
        assert_float_equal(chitieu_projection_prob(p, k, NAN, p->point[k]), 0.5, 1e-9);
        assert_float_equal(chitieu_projection_quantile(p, k, 0.10), p->lo80[k], 1e-9);
        assert_float_equal(chitieu_projection_quantile(p, k, 0.5), p->point[k], 1e-9);
    }
    assert_true(isnan(chitieu_projection_prob(p, p->h, 0, 1)));
    for (size_t sidx = 0; sidx < p->nsim; sidx++)
        for (size_t k = 0; k < q->h; k++) assert_true(p->paths[sidx * p->h + k] == q->paths[sidx * q->h + k]);
    chitieu_projection_free(p);
    chitieu_projection_free(q);
}

/* Series of uk.csv (README): values of one series. */
static size_t uk_series(const char *name, int *year, double *v)
{
    FILE *f = fopen(FIX "uk.csv", "r");
    assert_non_null(f);
    char line[256], nm[32];
    size_t n = 0;
    assert_non_null(fgets(line, sizeof line, f));
    while (fgets(line, sizeof line, f) && n < 100) {
        int y;
        double x;
        assert_int_equal(sscanf(line, "%31[^,],%d,%lf", nm, &y, &x), 3);
        if (strcmp(nm, name) == 0) year[n] = y, v[n++] = x;
    }
    fclose(f);
    return n;
}

/* The real UK cases of issue 14, projected to 2030 within the bounds `assess` gives them (0..100 for
 * shares, 0 below for the others): every value stays within the bounds, and no 95% band is wider than
 * 9 times the observed range (the plausible range: 4 ranges beyond the observed extremes; issue 14 asks
 * at most 10).  Women in the House of Lords (1958-2022, smoothly rising since the 2000 reform) get an
 * 80% band in 2030 of at most 25 points (issue 14 found 9.6-71.5%). */
static void test_uk_cases(void **state)
{
    (void)state;
    static const struct { const char *name; double lo, hi; } cases[] = {
        {"mp", 0, 100}, {"lords", 0, 100}, {"broadband", 0, NAN}, {"migrant", 0, NAN}, {"conflict", 0, NAN}};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        int year[100];
        double v[100], vmin = INFINITY, vmax = -INFINITY;
        size_t n = uk_series(cases[c].name, year, v);
        assert_true(n >= 9);
        for (size_t i = 0; i < n; i++) vmin = fmin(vmin, v[i]), vmax = fmax(vmax, v[i]);
        chitieu_trend_opts o;
        chitieu_trend_opts_init(&o);
        o.lower = cases[c].lo;
        o.upper = cases[c].hi;
        o.nsim = 1000;
        chitieu_projection *p;
        assert_int_equal(chitieu_trend_project(&p, year, v, n, 2030, &o), 0);
        assert_inside(p, cases[c].lo, isnan(cases[c].hi) ? INFINITY : cases[c].hi);
        double worst = 0;
        for (size_t k = 0; k < p->h; k++) worst = fmax(worst, (p->hi95[k] - p->lo95[k]) / (vmax - vmin));
        print_message("%-9s %zu years %d-%d: 2030 %.4g, 80%% %.4g-%.4g, 95%% %.4g-%.4g; widest 95%% band %.2f x the "
                      "observed range\n", cases[c].name, n, year[0], year[n - 1], p->point[p->h - 1],
                      p->lo80[p->h - 1], p->hi80[p->h - 1], p->lo95[p->h - 1], p->hi95[p->h - 1], worst);
        assert_true(worst <= 9 + 1e-9);
        assert_no_dip(p);
        if (strcmp(cases[c].name, "lords") == 0) assert_true(p->hi80[p->h - 1] - p->lo80[p->h - 1] <= 25);
        chitieu_projection_free(p);
    }
}

/* The women-MP series (uk.csv `mp`, House of Commons elections 1918-2019) on its own history: from every
 * election from 1950 on, it and the elections before it (bounds 0-100, as `assess` gives a share) are
 * projected to each later election 5-12 years on, the horizons of a plan (28 cases).  The calibrated 80%
 * and 95% bands hold at least their nominal share of those outcomes less one binomial standard deviation
 * (now 23 and 27 of 28; every miss is between 1970 and 1997: 6.3% in 1987, 18.2% in 1997).  Issue 14's
 * aim of a 2030 80% band at most 25 points wide is missed (48 points; bench/README "A third spread
 * feature"): 80% bands scaled about their points to 25/47 of their width hold 21 of 28, so these 28
 * cases alone cannot tell the two widths apart; the calibration windows can (the README).  A band made
 * of the series' own in-series errors alone (each origin's own; for 2030, 7 errors, all since 1997) held
 * 12 of these 28 at 80%, and 18 when doubled (22.5 points in 2030; bench/README "Own rolling-origin
 * errors"). */
static void test_mp_own_history(void **state)
{
    (void)state;
    int year[100];
    double v[100];
    size_t n = uk_series("mp", year, v), cases = 0, held80 = 0, held95 = 0;
    for (size_t i = 2; i < n; i++) {
        if (year[i] < 1950) continue;
        for (size_t j = i + 1; j < n; j++) {
            int ahead = year[j] - year[i];
            if (ahead < 5 || ahead > 12) continue;
            chitieu_trend_opts o;
            chitieu_trend_opts_init(&o);
            o.lower = 0;
            o.upper = 100;
            chitieu_projection *p;
            assert_int_equal(chitieu_trend_project(&p, year, v, i + 1, year[j], &o), 0);
            size_t k = p->h - 1;
            cases++;
            held80 += v[j] >= p->lo80[k] && v[j] <= p->hi80[k];
            held95 += v[j] >= p->lo95[k] && v[j] <= p->hi95[k];
            chitieu_projection_free(p);
        }
    }
    print_message("women MPs on their own history: %zu cases, 80%% bands held %zu, 95%% bands %zu\n", cases, held80,
                  held95);
    /* at least the nominal share less one binomial standard deviation of the count (28 cases: 21 and 26) */
    double c = (double)cases;
    assert_true(cases >= 20);
    assert_true((double)held80 >= 0.80 * c - sqrt(c * 0.80 * 0.20));
    assert_true((double)held95 >= 0.95 * c - sqrt(c * 0.95 * 0.05));
}


/* Whether a and b agree to 1e-12 (relative to 1 or their size; NAN agrees with NAN, an infinity with itself). */
static int same_value(double a, double b)
{
    if (isnan(a) || isnan(b)) return isnan(a) && isnan(b);
    if (a == b) return 1;
    return fabs(a - b) <= 1e-12 * fmax(1.0, fmax(fabs(a), fabs(b)));
}

/* The fixture series of the horizon tests: the 7 of series.csv, then 5 UK ones. */
static const char *const UK_FIX[] = {"mp", "lords", "broadband", "migrant", "conflict"};
#define NUK (sizeof UK_FIX / sizeof *UK_FIX)

/* Fixture series si (< NS + NUK): S[si], or the UK series si - NS read into *u. */
static const series *fixture_series(size_t si, series *u)
{
    if (si < NS) return &S[si];
    memset(u, 0, sizeof *u);
    snprintf(u->name, sizeof u->name, "%s", UK_FIX[si - NS]);
    int yr[100];
    double v[100];
    u->n = uk_series(UK_FIX[si - NS], yr, v);
    assert_true(u->n > 0 && u->n <= MAXN);
    memcpy(u->year, yr, u->n * sizeof *yr);
    memcpy(u->v, v, u->n * sizeof *v);
    return u;
}

/* Horizon invariance: a year's point, bands, quantiles, probabilities and sample paths do not depend on
 * how far the projection runs.  Every series of series.csv and uk.csv, unbounded, with a lower bound of 0
 * and with bounds 0..100 (the bound transforms and the plausible range), by every method (AUTO picks
 * COUNTS for the small counts; COUNTS itself too), calibrated and textbook (raw), is projected to its last
 * year + H for H up to 200 (the longest projection allowed) and to every shorter horizon of a ladder around
 * CALIB_H: the common years agree to 1e-12 (relative), and so do the probabilities of a one-year target (below the last
 * observation, above the year's point of the longest projection, between them) and sample paths of the
 * same seed.  A band of 2034 moved with the horizon (bench/scale: lo80 25.9189 to 2034, 25.8516 to 2045)
 * because the shape rule looked ahead over the whole projection. */
static void test_horizon_invariance(void **state)
{
    (void)state;
    static const size_t hs[] = {1, 2, 3, 5, 8, CALIB_H - 1, CALIB_H, CALIB_H + 1, 15, 20, 21, 30, 45, 60, 100, 200};
    static const double bounds[][2] = {{NAN, NAN}, {0, NAN}, {0, 100}};
    enum { NH = sizeof hs / sizeof *hs };
    size_t cases = 0, compared = 0, exact = 0, worst_case = 0, auto_counts = 0;
    double worst = 0;
    for (size_t si = 0; si < NS + NUK; si++) {
        series u;
        const series *s = fixture_series(si, &u);
        for (size_t b = 0; b < 2 * sizeof bounds / sizeof *bounds; b++) /* calibrated, then textbook (raw) */
            for (int m = CHITIEU_METHOD_AUTO; m < CHITIEU_METHOD_COUNT_; m++) {
                chitieu_trend_opts o;
                chitieu_trend_opts_init(&o);
                o.raw = b >= sizeof bounds / sizeof *bounds;
                o.method = (chitieu_method)m;
                o.lower = bounds[b % (sizeof bounds / sizeof *bounds)][0];
                o.upper = bounds[b % (sizeof bounds / sizeof *bounds)][1];
                o.nsim = m == CHITIEU_METHOD_AUTO ? 64 : 0;
                int last = s->year[s->n - 1];
                chitieu_projection *ref = NULL;
                int rc = chitieu_trend_project(&ref, s->year, s->v, s->n, last + (int)hs[NH - 1], &o);
                for (size_t j = 0; j + 1 < NH; j++) {
                    chitieu_projection *p = NULL;
                    int rc2 = chitieu_trend_project(&p, s->year, s->v, s->n, last + (int)hs[j], &o);
                    assert_int_equal(rc2, rc); /* a method that cannot fit fails at every horizon */
                    if (rc) continue;
                    cases++;
                    auto_counts += m == CHITIEU_METHOD_AUTO && p->method == CHITIEU_METHOD_COUNTS;
                    assert_int_equal(p->method, ref->method);
                    assert_int_equal(p->first_year, ref->first_year);
                    for (size_t k = 0; k < p->h; k++) {
                        double thr[2] = {s->v[s->n - 1], ref->point[k]}, got[12], want[12];
                        const double *pa[] = {p->point, p->lo80, p->hi80, p->lo95, p->hi95};
                        const double *ra[] = {ref->point, ref->lo80, ref->hi80, ref->lo95, ref->hi95};
                        for (int a = 0; a < 5; a++) got[a] = pa[a][k], want[a] = ra[a][k];
                        got[5] = chitieu_projection_prob(p, k, NAN, thr[0]);
                        want[5] = chitieu_projection_prob(ref, k, NAN, thr[0]);
                        got[6] = chitieu_projection_prob(p, k, thr[1], NAN);
                        want[6] = chitieu_projection_prob(ref, k, thr[1], NAN);
                        got[7] = chitieu_projection_prob(p, k, fmin(thr[0], thr[1]), fmax(thr[0], thr[1]));
                        want[7] = chitieu_projection_prob(ref, k, fmin(thr[0], thr[1]), fmax(thr[0], thr[1]));
                        got[8] = chitieu_projection_quantile(p, k, 0.3);
                        want[8] = chitieu_projection_quantile(ref, k, 0.3);
                        got[9] = chitieu_projection_quantile(p, k, 0.99);
                        want[9] = chitieu_projection_quantile(ref, k, 0.99);
                        got[10] = chitieu_projection_disagree(p, k);
                        want[10] = chitieu_projection_disagree(ref, k);
                        got[11] = want[11] = 0;
                        for (size_t i = 0; i < p->nsim; i++) /* the largest difference of the year's paths */
                            got[11] = fmax(got[11], fabs(p->paths[i * p->h + k] - ref->paths[i * ref->h + k]));
                        for (int a = 0; a < 12; a++) {
                            compared++;
                            exact += got[a] == want[a] || (isnan(got[a]) && isnan(want[a]));
                            int na = isnan(got[a]), nb = isnan(want[a]);
                            double d = na || nb ? (na != nb ? INFINITY : 0) : fabs(got[a] - want[a]);
                            if (d > worst) worst = d, worst_case = cases;
                            if (!same_value(got[a], want[a]))
                                fail_msg("%s, bounds %g..%g, %s: to %d and %d, year %d, value %d: %.17g vs %.17g",
                                         s->name, o.lower, o.upper, chitieu_method_name((chitieu_method)m),
                                         last + (int)hs[j], last + (int)hs[NH - 1], p->first_year + (int)k, a,
                                         got[a], want[a]);
                        }
                    }
                    chitieu_projection_free(p);
                }
                chitieu_projection_free(ref);
            }
    }
    print_message("horizon invariance: %zu projections against the longest (%zu automatic ones as counts), %zu "
                  "values compared, %zu bit for bit, largest difference %.3g (case %zu)\n", cases, auto_counts,
                  compared, exact, worst, worst_case);
    assert_true(cases > 1000);
    assert_true(auto_counts > 0); /* the automatic choice of counts (migrant deaths, lower bound 0) is among them */
}

/* Beyond the first CALIB_H years no band end turns back outwards (trend.c hold_ends): the 12 series of the
 * trend fixtures (7 of series.csv, 5 UK) x unbounded, lower bound 0, bounds 0-100 x every method, calibrated,
 * projected 20 and 30 years (774 projections).  Before the rule, 14 of the 387 20-year projections and 18 of
 * the 30-year ones had a band end that turned back outwards after year 10 (years 11 to 30), e.g. the falling
 * upper end of a falling series rising again as the calibrated band widened faster than the median fell.
 * A dip in the first CALIB_H years (a textbook end's own, which shape_ends keeps) would be the same as in a
 * 10-year projection; none of these projections has one either, and the count is printed. */
static void test_no_late_dip(void **state)
{
    (void)state;
    static const double bounds[][2] = {{NAN, NAN}, {0, NAN}, {0, 100}};
    size_t cases = 0, early = 0, late = 0;
    for (size_t si = 0; si < NS + NUK; si++) {
        series u;
        const series *s = fixture_series(si, &u);
        for (size_t b = 0; b < sizeof bounds / sizeof *bounds; b++)
            for (int m = CHITIEU_METHOD_AUTO; m < CHITIEU_METHOD_COUNT_; m++)
                for (int ahead = 20; ahead <= 30; ahead += 10) {
                    chitieu_trend_opts o;
                    chitieu_trend_opts_init(&o);
                    o.method = (chitieu_method)m;
                    o.lower = bounds[b][0];
                    o.upper = bounds[b][1];
                    chitieu_projection *p = NULL;
                    if (chitieu_trend_project(&p, s->year, s->v, s->n, s->year[s->n - 1] + ahead, &o)) continue;
                    cases++;
                    size_t k = dip_step(p);
                    early += k && k <= CALIB_H;
                    late += k > CALIB_H;
                    if (k > CALIB_H)
                        print_message("dip: %s, bounds %g..%g, %s, %d years: an end turns back outwards in year %zu\n",
                                      s->name, o.lower, o.upper, chitieu_method_name((chitieu_method)m), ahead, k);
                    chitieu_projection_free(p);
                }
    }
    print_message("no late dip: %zu projections of 20 and 30 years, %zu with a dip in the first %d years, %zu "
                  "after\n", cases, early, CALIB_H, late);
    assert_true(cases > 400);
    assert_int_equal(late, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_projections),
        cmocka_unit_test(test_reference_fitted),
        cmocka_unit_test(test_smoothing_fits),
        cmocka_unit_test(test_combo_is_mean),
        cmocka_unit_test(test_weighted),
        cmocka_unit_test(test_geometric_drift),
        cmocka_unit_test(test_degenerate),
        cmocka_unit_test(test_one_observation),
        cmocka_unit_test(test_three_points),
        cmocka_unit_test(test_auto_and_fitted),
        cmocka_unit_test(test_gaps),
        cmocka_unit_test(test_bounds),
        cmocka_unit_test(test_bound_drift),
        cmocka_unit_test(test_value_scale_rule),
        cmocka_unit_test(test_density_classes),
        cmocka_unit_test(test_upper_bound_only),
        cmocka_unit_test(test_spread_inputs),
        cmocka_unit_test(test_spread_invariance),
        cmocka_unit_test(test_simulated_coverage),
        cmocka_unit_test(test_paths),
        cmocka_unit_test(test_calibration),
        cmocka_unit_test(test_gap_formulas),
        cmocka_unit_test(test_distribution),
        cmocka_unit_test(test_uk_cases),
        cmocka_unit_test(test_mp_own_history),
        cmocka_unit_test(test_horizon_invariance),
        cmocka_unit_test(test_no_late_dip),
    };
    return cmocka_run_group_tests(tests, load_series, NULL);
}
