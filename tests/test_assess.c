/*
 * tests/test_assess.c — unit tests of target attainment (engine/assess.c):
 * every shape's quantity and achieved/missed on fully observed, hand-checked
 * synthetic series; probability, bands and status from hand-built sample
 * paths (10 paths -> exact shares); no_data; the cut-off; paces.
 * All data here is synthetic.  Expected values are computed by hand (bc -l)
 * in the comments, never taken from the code's output.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <stdio.h>
#include "chitieu/assess.h"
#include "chitieu/load.h"
#include "fixture.h" /* run_setup, many_setup: a store in a fresh directory */

/* Test entry point of engine/assess.c: assess with given projections. */
int chitieu__assess_paths(chitieu_assessment *out, const chitieu_target *t, const chitieu_series *s,
                          const chitieu_series *vs, const chitieu_projection *p,
                          const chitieu_projection *vp, const chitieu_assess_opts *o);

/* Test entry point of engine/assess.c: median, 10/90% and 2.5/97.5% quantiles (type 7) of v (reordered). */
void chitieu__assess_quantiles5(double *v, size_t n, double q[5]);

static chitieu_target tgt(chitieu_shape shape, int from, int year, double low, double high)
{
    chitieu_target t;
    memset(&t, 0, sizeof t);
    t.plan = "P"; t.indicator = "X"; t.area = "A";
    t.shape = shape; t.from = from; t.year = year; t.low = low; t.high = high;
    return t;
}

static chitieu_series *ser(int first, const double *v, size_t n)
{
    int y[32];
    for (size_t i = 0; i < n; i++) y[i] = first + (int)i;
    chitieu_series *s = NULL;
    assert_int_equal(chitieu_series_from(&s, y, v, NULL, n), 0);
    return s;
}

/* Assess fully observed data (no projection needed). */
static chitieu_assessment run_obs(const chitieu_target *t, const chitieu_series *s, const chitieu_series *vs)
{
    chitieu_assess_opts o;
    chitieu_assess_opts_init(&o);
    chitieu_assessment a;
    assert_int_equal(chitieu__assess_paths(&a, t, s, vs, NULL, NULL, &o), 0);
    return a;
}

static void test_defaults(void **state)
{
    (void)state;
    chitieu_assess_opts o;
    chitieu_assess_opts_init(&o);
    assert_true(o.on_track == 0.75 && o.at_risk == 0.40);
    assert_string_equal(chitieu_status_name(CHITIEU_STATUS_OFF_TRACK), "off_track");
    assert_string_equal(chitieu_status_name(CHITIEU_STATUS_NO_DATA), "no_data");
}

static void test_level_shapes(void **state)
{
    (void)state;
    double v[] = {48, 49, 50, 51, 52};           /* 2021..2025 */
    chitieu_series *s = ser(2021, v, 5);
    chitieu_target t = tgt(CHITIEU_SHAPE_AT_LEAST, 0, 2025, 50, NAN);
    chitieu_assessment a = run_obs(&t, s, NULL);
    assert_int_equal(a.status, CHITIEU_STATUS_ACHIEVED);
    assert_true(a.projected == 52 && a.probability == 1.0);
    assert_int_equal(a.last_year, 2025);
    chitieu_assessment_clear(&a);
    t = tgt(CHITIEU_SHAPE_AT_MOST, 0, 2025, NAN, 51.5);   /* 52 > 51.5 */
    a = run_obs(&t, s, NULL);
    assert_int_equal(a.status, CHITIEU_STATUS_MISSED);
    assert_true(a.probability == 0.0);
    chitieu_assessment_clear(&a);
    t = tgt(CHITIEU_SHAPE_RANGE, 0, 2024, 50.5, 51.5);    /* 51 in range */
    a = run_obs(&t, s, NULL);
    assert_int_equal(a.status, CHITIEU_STATUS_ACHIEVED);
    chitieu_assessment_clear(&a);
    t = tgt(CHITIEU_SHAPE_EACH_YEAR, 2022, 2025, 49, NAN); /* worst year 49 >= 49 */
    a = run_obs(&t, s, NULL);
    assert_int_equal(a.status, CHITIEU_STATUS_ACHIEVED);
    assert_true(a.projected == 49);
    chitieu_assessment_clear(&a);
    t = tgt(CHITIEU_SHAPE_EACH_YEAR, 2021, 2025, 48.5, 60); /* 48 in 2021 breaks it */
    a = run_obs(&t, s, NULL);
    assert_int_equal(a.status, CHITIEU_STATUS_MISSED);
    chitieu_assessment_clear(&a);
    chitieu_series_free(s);
}

static void test_growth_shapes(void **state)
{
    (void)state;
    /* 2020 = 100, 2025 = 100*1.08^5 = 146.93280768: growth exactly 8.0 %/yr */
    double v[] = {100, 104, 110, 120, 135, 146.93280768};
    chitieu_series *s = ser(2020, v, 6);
    chitieu_target t = tgt(CHITIEU_SHAPE_AVG_GROWTH, 2021, 2025, 7.5, NAN);
    chitieu_assessment a = run_obs(&t, s, NULL);
    assert_int_equal(a.status, CHITIEU_STATUS_ACHIEVED);
    assert_float_equal(a.projected, 8.0, 1e-9);
    chitieu_assessment_clear(&a);
    t = tgt(CHITIEU_SHAPE_AVG_GROWTH, 2021, 2025, 8.5, 8.7);
    a = run_obs(&t, s, NULL);
    assert_int_equal(a.status, CHITIEU_STATUS_MISSED);
    chitieu_assessment_clear(&a);
    /* avg_change: (146.93280768 - 100)/5 = 9.386561536 points/yr */
    t = tgt(CHITIEU_SHAPE_AVG_CHANGE, 2021, 2025, 9, NAN);
    a = run_obs(&t, s, NULL);
    assert_float_equal(a.projected, 9.386561536, 1e-9);
    assert_int_equal(a.status, CHITIEU_STATUS_ACHIEVED);
    chitieu_assessment_clear(&a);
    /* ratio_to_base from 2021: 146.93280768/104 = 1.41281545846 < 1.5 */
    t = tgt(CHITIEU_SHAPE_RATIO_TO_BASE, 2021, 2025, 1.5, NAN);
    a = run_obs(&t, s, NULL);
    assert_float_equal(a.projected, 1.41281545846, 1e-9);
    assert_int_equal(a.status, CHITIEU_STATUS_MISSED);
    chitieu_assessment_clear(&a);
    /* cumulative 2022..2025: 110+120+135+146.93280768 = 511.93280768 */
    t = tgt(CHITIEU_SHAPE_CUMULATIVE, 2022, 2025, 500, NAN);
    a = run_obs(&t, s, NULL);
    assert_float_equal(a.projected, 511.93280768, 1e-9);
    assert_int_equal(a.status, CHITIEU_STATUS_ACHIEVED);
    chitieu_assessment_clear(&a);
    /* exceeds: versus 2020 = 100, 2025 = 100*1.06^5 = 133.82255776: gap 8 - 6 = 2 points */
    double w[] = {100, 101, 102, 103, 104, 133.82255776};
    chitieu_series *vs = ser(2020, w, 6);
    t = tgt(CHITIEU_SHAPE_EXCEEDS, 2021, 2025, NAN, NAN);
    a = run_obs(&t, s, vs);
    assert_float_equal(a.projected, 2.0, 1e-9);
    assert_int_equal(a.status, CHITIEU_STATUS_ACHIEVED);
    chitieu_assessment_clear(&a);
    t = tgt(CHITIEU_SHAPE_EXCEEDS, 2021, 2025, 2.5, NAN);
    a = run_obs(&t, s, vs);
    assert_int_equal(a.status, CHITIEU_STATUS_MISSED);
    chitieu_assessment_clear(&a);
    chitieu_series_free(vs);
    chitieu_series_free(s);
}

static void test_avg_rate(void **state)
{
    (void)state;
    /* rates 10,0,5,5,10: prod 1.1*1*1.05*1.05*1.1 = 1.334025; ^(1/5) = 1.0593337127 -> 5.93337127 */
    double r[] = {10, 0, 5, 5, 10};
    chitieu_series *s = ser(2021, r, 5);
    chitieu_target t = tgt(CHITIEU_SHAPE_AVG_RATE, 2021, 2025, 6.0, NAN);
    chitieu_assessment a = run_obs(&t, s, NULL);
    assert_float_equal(a.projected, 5.93337127, 1e-7);
    assert_int_equal(a.status, CHITIEU_STATUS_MISSED);
    chitieu_assessment_clear(&a);
    chitieu_series_free(s);
}

/* A projection of h years from first_year with nsim paths, path k year j = f(k, j). */
static chitieu_projection *mkproj(int first_year, size_t h, size_t nsim, double a, double b, double c)
{
    chitieu_projection *p = calloc(1, sizeof *p);
    p->method = CHITIEU_METHOD_DRIFT;
    p->first_year = first_year; p->h = h; p->nsim = nsim;
    p->paths = malloc(nsim * h * sizeof *p->paths);
    for (size_t k = 0; k < nsim; k++)
        for (size_t j = 0; j < h; j++) p->paths[k * h + j] = a + b * (double)k + c * (double)j;
    return p;
}

static void freeproj(chitieu_projection *p) { free(p->paths); free(p); }

static void test_probability(void **state)
{
    (void)state;
    chitieu_assess_opts o;
    chitieu_assess_opts_init(&o);
    double v[] = {40, 41, 42, 43};                 /* 2019..2022 */
    chitieu_series *s = ser(2019, v, 4);
    /* paths for 2023..2025; year 2025 (j = 2) of path k = 39 + k + 2 = 41 + k: 41..50 */
    chitieu_projection *p = mkproj(2023, 3, 10, 39, 1, 1);
    chitieu_target t = tgt(CHITIEU_SHAPE_AT_LEAST, 0, 2025, 50, NAN);
    chitieu_assessment a;
    assert_int_equal(chitieu__assess_paths(&a, &t, s, NULL, p, NULL, &o), 0);
    assert_float_equal(a.probability, 0.1, 1e-12);       /* only 50 */
    assert_int_equal(a.status, CHITIEU_STATUS_OFF_TRACK);
    assert_float_equal(a.projected, 45.5, 1e-12);        /* median of 41..50 */
    assert_float_equal(a.lo80, 41.9, 1e-12);             /* type-7 quantile 0.1: 41 + 0.9 */
    assert_float_equal(a.hi80, 49.1, 1e-12);
    assert_int_equal(a.method, CHITIEU_METHOD_DRIFT);
    /* paces: required (50 - 43)/3 = 2.3333; observed (43 - 40)/3 = 1 */
    assert_float_equal(a.required_pace, 7.0 / 3.0, 1e-12);
    assert_float_equal(a.observed_pace, 1.0, 1e-12);
    chitieu_assessment_clear(&a);
    t.low = 46;                                            /* 46..50: 5 of 10 */
    assert_int_equal(chitieu__assess_paths(&a, &t, s, NULL, p, NULL, &o), 0);
    assert_float_equal(a.probability, 0.5, 1e-12);
    assert_int_equal(a.status, CHITIEU_STATUS_AT_RISK);
    chitieu_assessment_clear(&a);
    t.low = 43;                                            /* 43..50: 8 of 10 */
    assert_int_equal(chitieu__assess_paths(&a, &t, s, NULL, p, NULL, &o), 0);
    assert_float_equal(a.probability, 0.8, 1e-12);
    assert_int_equal(a.status, CHITIEU_STATUS_ON_TRACK);
    chitieu_assessment_clear(&a);
    o.on_track = 0.9;                                      /* configurable threshold */
    assert_int_equal(chitieu__assess_paths(&a, &t, s, NULL, p, NULL, &o), 0);
    assert_int_equal(a.status, CHITIEU_STATUS_AT_RISK);
    chitieu_assessment_clear(&a);
    freeproj(p);
    chitieu_series_free(s);
}

static void test_cumulative_paths(void **state)
{
    (void)state;
    chitieu_assess_opts o;
    chitieu_assess_opts_init(&o);
    double v[] = {2, 2, 2};                          /* 2020..2022; period 2021..2025 */
    chitieu_series *s = ser(2020, v, 3);
    /* path k is c = 1 + 0.2k in each of 2023..2025: sum = 4 + 3c >= 9 iff c >= 5/3: k = 4..9 */
    chitieu_projection *p = mkproj(2023, 3, 10, 1, 0.2, 0);
    chitieu_target t = tgt(CHITIEU_SHAPE_CUMULATIVE, 2021, 2025, 9, NAN);
    chitieu_assessment a;
    assert_int_equal(chitieu__assess_paths(&a, &t, s, NULL, p, NULL, &o), 0);
    assert_float_equal(a.probability, 0.6, 1e-12);
    assert_int_equal(a.status, CHITIEU_STATUS_AT_RISK);
    assert_float_equal(a.required_pace, 5.0 / 3.0, 1e-12); /* (9 - 4) / 3 years */
    assert_float_equal(a.observed_pace, 2.0, 1e-12);       /* mean of recent values */
    chitieu_assessment_clear(&a);
    freeproj(p);
    chitieu_series_free(s);
}

/* A year without a figure is unknown, not 0: cumulative and avg_rate spread the pace needed over
 * every year of the period without one (its gaps and the years after the last figure). */
static void test_pace_over_gaps(void **state)
{
    (void)state;
    chitieu_assess_opts o;
    chitieu_assess_opts_init(&o);
    chitieu_assessment a;
    /* total 2021-2025 >= 9, figures 2021 = 2 and 2023 = 2 (2022 missing): (9 - 4) / 3 years (2022, 2024,
     * 2025) = 1.6667, not (9 - 4) / 2 after the last figure */
    int y1[] = {2021, 2023};
    double v1[] = {2, 2};
    chitieu_series *s = NULL;
    assert_int_equal(chitieu_series_from(&s, y1, v1, NULL, 2), 0);
    chitieu_target t = tgt(CHITIEU_SHAPE_CUMULATIVE, 2021, 2025, 9, NAN);
    assert_int_equal(chitieu__assess_paths(&a, &t, s, NULL, NULL, NULL, &o), 0);
    assert_float_equal(a.required_pace, 5.0 / 3.0, 1e-12);
    assert_int_equal(a.pace_years, 3);
    assert_int_equal(a.base_missing, 0);
    chitieu_assessment_clear(&a);
    chitieu_series_free(s);
    /* BD_FDI (plan BD-2021-2025, tổng 2021-2025 >= 9 tỷ USD) with only 2022 = 3.078: (9 - 3.078) / 4 = 1.4805 */
    int y2[] = {2022};
    double v2[] = {3.078};
    assert_int_equal(chitieu_series_from(&s, y2, v2, NULL, 1), 0);
    assert_int_equal(chitieu__assess_paths(&a, &t, s, NULL, NULL, NULL, &o), 0);
    assert_float_equal(a.required_pace, 1.4805, 1e-12);
    assert_int_equal(a.pace_years, 4);
    chitieu_assessment_clear(&a);
    chitieu_series_free(s);
    /* avg_rate 2019-2030 >= 7 (BT_GRDP_GROWTH, plan BT-SDG-2030), rates of 2020-2024 known, 2019 missing:
     * 7 unknown years; by hand (python): 100*((1.07**12/(1.0084*1.0264*1.0733*1.0516*1.0568))**(1/7)-1)
     * = 8.967945552 (it was 10.5389 over the 6 years 2025-2030, as if 2019 had grown 0%) */
    int y3[] = {2020, 2021, 2022, 2023, 2024};
    double v3[] = {0.84, 2.64, 7.33, 5.16, 5.68};
    assert_int_equal(chitieu_series_from(&s, y3, v3, NULL, 5), 0);
    t = tgt(CHITIEU_SHAPE_AVG_RATE, 2019, 2030, 7, NAN);
    assert_int_equal(chitieu__assess_paths(&a, &t, s, NULL, NULL, NULL, &o), 0);
    assert_float_equal(a.required_pace, 8.967945552, 1e-8);
    assert_int_equal(a.pace_years, 7);
    chitieu_assessment_clear(&a);
    /* no gap: the years after the last figure, as before (2025-2030 for a 2020-2030 period) */
    t = tgt(CHITIEU_SHAPE_AVG_RATE, 2020, 2030, 7, NAN);
    assert_int_equal(chitieu__assess_paths(&a, &t, s, NULL, NULL, NULL, &o), 0);
    assert_int_equal(a.pace_years, 6);
    /* by hand (python): 100*((1.07**11/prod)**(1/6)-1) = 9.299437558 */
    assert_float_equal(a.required_pace, 9.299437558, 1e-8);
    chitieu_assessment_clear(&a);
    chitieu_series_free(s);
}

/* Without the base year's figure there is no honest pace: none, and the base year is named. */
static void test_pace_without_base(void **state)
{
    (void)state;
    chitieu_assess_opts o;
    chitieu_assess_opts_init(&o);
    chitieu_assessment a;
    /* BT_EXPORT (plan BT-SDG-2030): growth >= 10%/yr over 2019-2030, figures 2016, 2022, 2024: no 2018 */
    int y[] = {2016, 2022, 2024};
    double v[] = {725, 1510, 1750};
    chitieu_series *s = NULL;
    assert_int_equal(chitieu_series_from(&s, y, v, NULL, 3), 0);
    chitieu_target t = tgt(CHITIEU_SHAPE_AVG_GROWTH, 2019, 2030, 10, NAN);
    assert_int_equal(chitieu__assess_paths(&a, &t, s, NULL, NULL, NULL, &o), 0);
    assert_true(isnan(a.required_pace));
    assert_int_equal(a.pace_years, 0);
    assert_int_equal(a.base_missing, 2018);
    assert_false(isnan(a.observed_pace)); /* the trend needs no base */
    chitieu_assessment_clear(&a);
    t = tgt(CHITIEU_SHAPE_AVG_CHANGE, 2019, 2030, 10, NAN);
    assert_int_equal(chitieu__assess_paths(&a, &t, s, NULL, NULL, NULL, &o), 0);
    assert_true(isnan(a.required_pace));
    assert_int_equal(a.base_missing, 2018);
    chitieu_assessment_clear(&a);
    t = tgt(CHITIEU_SHAPE_RATIO_TO_BASE, 2018, 2030, NAN, 0.5); /* base = from */
    assert_int_equal(chitieu__assess_paths(&a, &t, s, NULL, NULL, NULL, &o), 0);
    assert_true(isnan(a.required_pace));
    assert_int_equal(a.base_missing, 2018);
    chitieu_assessment_clear(&a);
    /* with the base (2016 for a 2017-2030 period): a pace over the 6 years after 2024, base_missing 0;
     * by hand (python): 100*((725*1.1**14/1750)**(1/6)-1) = 7.844894935 */
    t = tgt(CHITIEU_SHAPE_AVG_GROWTH, 2017, 2030, 10, NAN);
    assert_int_equal(chitieu__assess_paths(&a, &t, s, NULL, NULL, NULL, &o), 0);
    assert_int_equal(a.base_missing, 0);
    assert_int_equal(a.pace_years, 6);
    assert_float_equal(a.required_pace, 7.844894935, 1e-8);
    chitieu_assessment_clear(&a);
    /* a level target has no base */
    t = tgt(CHITIEU_SHAPE_AT_LEAST, 0, 2030, 3000, NAN);
    assert_int_equal(chitieu__assess_paths(&a, &t, s, NULL, NULL, NULL, &o), 0);
    assert_int_equal(a.base_missing, 0);
    assert_float_equal(a.required_pace, (3000 - 1750) / 6.0, 1e-12);
    assert_int_equal(a.pace_years, 6);
    chitieu_assessment_clear(&a);
    chitieu_series_free(s);
}

static void test_growth_pace(void **state)
{
    (void)state;
    chitieu_assess_opts o;
    chitieu_assess_opts_init(&o);
    double v[] = {100, 104, 110};                    /* 2020..2022 */
    chitieu_series *s = ser(2020, v, 3);
    chitieu_target t = tgt(CHITIEU_SHAPE_AVG_GROWTH, 2021, 2025, 8, NAN);
    chitieu_assessment a;
    assert_int_equal(chitieu__assess_paths(&a, &t, s, NULL, NULL, NULL, &o), 0);
    assert_int_equal(a.status, CHITIEU_STATUS_NO_DATA);  /* no projection */
    /* required: (146.93280768/110)^(1/3) = 1.1013077551 -> 10.13077551 %/yr;
     * observed: (110/100)^(1/2) - 1 = 4.88088482 %/yr */
    assert_float_equal(a.required_pace, 10.13077551, 1e-7);
    assert_float_equal(a.observed_pace, 4.88088482, 1e-7);
    chitieu_assessment_clear(&a);
    chitieu_series_free(s);
}

/* With both bounds the required pace is the observed pace clamped to the paces that
 * land on low and high.  avg_rate 2021-2025 in [6.5, 7], rates of 2021-2024 observed;
 * paces by hand (python): 100*(1.065^5/prod(1+r/100) - 1) and the same with 1.07. */
static void test_range_pace(void **state)
{
    (void)state;
    static const struct { double r[4], want; } cases[] = {
        {{2, 8, 5, 7}, 10.7008702167},         /* observed 5.5 slower: pace to low */
        {{9, 9, 9, 9}, -0.6396994149},         /* observed 9 faster: pace to high */
        {{6.8, 6.8, 6.8, 6.8}, 6.8},           /* 6.8 lies between 5.308 and 7.804 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        chitieu_series *s = ser(2021, cases[i].r, 4);
        chitieu_target t = tgt(CHITIEU_SHAPE_AVG_RATE, 2021, 2025, 6.5, 7);
        chitieu_assessment a = run_obs(&t, s, NULL);
        assert_float_equal(a.required_pace, cases[i].want, 1e-8);
        chitieu_assessment_clear(&a);
        chitieu_series_free(s);
    }
}

static void test_no_data_and_cutoff(void **state)
{
    (void)state;
    chitieu_assess_opts o;
    chitieu_assess_opts_init(&o);
    /* two observations: no projection is attempted (fewer than 3) */
    double v[] = {48, 49, 50, 51, 52};
    chitieu_series *s2 = ser(2021, v, 2);
    chitieu_target t = tgt(CHITIEU_SHAPE_AT_LEAST, 0, 2025, 50, NAN);
    chitieu_assessment a;
    assert_int_equal(chitieu_assess_target(&a, &t, NULL, s2, NULL, &o), 0);
    assert_int_equal(a.status, CHITIEU_STATUS_NO_DATA);
    assert_true(isnan(a.probability) && a.projection == NULL);
    chitieu_assessment_clear(&a);
    chitieu_series_free(s2);
    /* cut at 2023 (as chitieu_series_get with max_year 2023 gives): the 2025 value is not known,
     * so the target is judged on the paths, not achieved */
    chitieu_series *s = ser(2021, v, 3);
    chitieu_projection *p = mkproj(2024, 2, 10, 45, 1, 0); /* 2025: 45..54, >= 50: 5 */
    assert_int_equal(chitieu__assess_paths(&a, &t, s, NULL, p, NULL, &o), 0);
    assert_int_equal(a.last_year, 2023);
    assert_float_equal(a.probability, 0.5, 1e-12);
    assert_int_equal(a.status, CHITIEU_STATUS_AT_RISK);
    chitieu_assessment_clear(&a);
    freeproj(p);
    /* missing base year: avg_growth from 2020 with data only from 2021 -> no_data */
    chitieu_target g = tgt(CHITIEU_SHAPE_AVG_GROWTH, 2021, 2025, 8, NAN);
    p = mkproj(2024, 2, 10, 45, 1, 0);
    assert_int_equal(chitieu__assess_paths(&a, &g, s, NULL, p, NULL, &o), 0);
    assert_int_equal(a.status, CHITIEU_STATUS_NO_DATA);
    chitieu_assessment_clear(&a);
    freeproj(p);
    chitieu_series_free(s);
}

/* The quantity so far: the period up to the last observed year (hand-computed). */
static void test_so_far(void **state)
{
    (void)state;
    int through;
    double lv[] = {100, 110, 121, 133.1}; /* 2020..2023: +10%/yr */
    chitieu_series *s = ser(2020, lv, 4);
    chitieu_target t = tgt(CHITIEU_SHAPE_AVG_GROWTH, 2021, 2025, 8, NAN);
    assert_float_equal(chitieu_assess_so_far(&through, &t, s, NULL), 10.0, 1e-9); /* (133.1/100)^(1/3) = 1.1 */
    assert_int_equal(through, 2023);
    t = tgt(CHITIEU_SHAPE_RATIO_TO_BASE, 2020, 2030, 1.5, NAN);
    assert_float_equal(chitieu_assess_so_far(&through, &t, s, NULL), 1.331, 1e-12);
    double vv[] = {100, 105, 110.25, 115.7625}; /* the versus series: +5%/yr, so 10 - 5 = 5 points */
    chitieu_series *vs = ser(2020, vv, 4);
    t = tgt(CHITIEU_SHAPE_EXCEEDS, 2021, 2030, NAN, NAN);
    assert_float_equal(chitieu_assess_so_far(&through, &t, s, vs), 5.0, 1e-9);
    t = tgt(CHITIEU_SHAPE_AT_LEAST, 0, 2025, 150, NAN); /* level: the last figure says it */
    assert_true(isnan(chitieu_assess_so_far(&through, &t, s, NULL)));
    assert_int_equal(through, 0);
    chitieu_series_free(s);
    chitieu_series_free(vs);

    double rv[] = {6, 8, 10}; /* rates 2021..2023: (1.06*1.08*1.10)^(1/3) = 1.079876529094 (bc -l) */
    s = ser(2021, rv, 3);
    t = tgt(CHITIEU_SHAPE_AVG_RATE, 2021, 2025, 8.5, 8.7);
    assert_float_equal(chitieu_assess_so_far(&through, &t, s, NULL), 7.9876529094, 1e-8);
    assert_int_equal(through, 2023);
    t = tgt(CHITIEU_SHAPE_CUMULATIVE, 2021, 2025, 20, NAN); /* 6 + 8 + 10 */
    assert_float_equal(chitieu_assess_so_far(&through, &t, s, NULL), 24.0, 1e-12);
    t = tgt(CHITIEU_SHAPE_EACH_YEAR, 2021, 2025, 7, NAN); /* the lowest */
    assert_float_equal(chitieu_assess_so_far(&through, &t, s, NULL), 6.0, 1e-12);
    t = tgt(CHITIEU_SHAPE_AVG_RATE, 2024, 2025, 8.5, NAN); /* the period has not started */
    assert_true(isnan(chitieu_assess_so_far(&through, &t, s, NULL)));
    chitieu_series_free(s);

    int gy[] = {2020, 2021, 2023};
    double gv[] = {10, 9, 7};
    assert_int_equal(chitieu_series_from(&s, gy, gv, NULL, 3), 0);
    t = tgt(CHITIEU_SHAPE_AVG_CHANGE, 2021, 2025, NAN, -1); /* (7 - 10) / 3 = -1 per year */
    assert_float_equal(chitieu_assess_so_far(&through, &t, s, NULL), -1.0, 1e-12);
    t = tgt(CHITIEU_SHAPE_CUMULATIVE, 2021, 2025, 20, NAN); /* 2022 is missing: no sum */
    assert_true(isnan(chitieu_assess_so_far(&through, &t, s, NULL)));
    assert_int_equal(through, 0);
    chitieu_series_free(s);
}

/* The end-level shapes need only their two years: observed ends with a gap between them
 * settle the target (they gave no_data when the series ended at or after the target year,
 * since no projection is made then). Synthetic; quantities by hand. */
static void test_ends_only(void **state)
{
    (void)state;
    chitieu_assess_opts o;
    chitieu_assess_opts_init(&o);
    int y[] = {2015, 2019, 2020, 2021};
    double v[] = {12.0, 5.0, 4.0, 4.5};
    chitieu_series *s = NULL;
    assert_int_equal(chitieu_series_from(&s, y, v, NULL, 4), 0);
    chitieu_assessment a;
    /* avg_change 2016..2020: (4 - 12) / 5 = -1.6 points/yr <= -1.5: achieved */
    chitieu_target t = tgt(CHITIEU_SHAPE_AVG_CHANGE, 2016, 2020, NAN, -1.5);
    assert_int_equal(chitieu_assess_target(&a, &t, NULL, s, NULL, &o), 0);
    assert_int_equal(a.status, CHITIEU_STATUS_ACHIEVED);
    assert_float_equal(a.projected, -1.6, 1e-12);
    chitieu_assessment_clear(&a);
    /* the same with -1.7: missed */
    t = tgt(CHITIEU_SHAPE_AVG_CHANGE, 2016, 2020, NAN, -1.7);
    assert_int_equal(chitieu_assess_target(&a, &t, NULL, s, NULL, &o), 0);
    assert_int_equal(a.status, CHITIEU_STATUS_MISSED);
    chitieu_assessment_clear(&a);
    /* ratio_to_base 2015 -> 2020: 4 / 12 = 1/3 <= 0.5: achieved */
    t = tgt(CHITIEU_SHAPE_RATIO_TO_BASE, 2015, 2020, NAN, 0.5);
    assert_int_equal(chitieu_assess_target(&a, &t, NULL, s, NULL, &o), 0);
    assert_int_equal(a.status, CHITIEU_STATUS_ACHIEVED);
    assert_float_equal(a.projected, 1.0 / 3.0, 1e-12);
    chitieu_assessment_clear(&a);
    /* avg_growth 2016..2020 from 2015: (4/12)^(1/5) - 1 = -19.7258%/yr (bc -l: e(l(1/3)/5) = 0.802742) */
    t = tgt(CHITIEU_SHAPE_AVG_GROWTH, 2016, 2020, -25, -15);
    assert_int_equal(chitieu_assess_target(&a, &t, NULL, s, NULL, &o), 0);
    assert_int_equal(a.status, CHITIEU_STATUS_ACHIEVED);
    assert_float_equal(a.projected, -19.7258, 1e-4);
    chitieu_assessment_clear(&a);
    /* each_year still needs every year: 2016..2018 missing and the series ends after 2020 -> no_data */
    t = tgt(CHITIEU_SHAPE_EACH_YEAR, 2016, 2020, NAN, 13);
    assert_int_equal(chitieu_assess_target(&a, &t, NULL, s, NULL, &o), 0);
    assert_int_equal(a.status, CHITIEU_STATUS_NO_DATA);
    chitieu_assessment_clear(&a);
    chitieu_series_free(s);
}


/* Probability and bands of a quantity that depends on the target year alone come from the
 * projection's distribution (analytic); from 4000 sample paths of the same projection they agree
 * within sampling error: P within 0.03 (4 standard errors at P = 0.5), band ends within 5% of the
 * 95% band's width.  Series made up for the test. */
static void test_analytic_matches_paths(void **state)
{
    (void)state;
    double v[] = {100, 103, 105, 110, 112, 118, 121, 127, 130, 136}; /* 2015..2024 */
    chitieu_series *s = ser(2015, v, 10);
    chitieu_trend_opts to;
    chitieu_trend_opts_init(&to);
    to.nsim = 4000;
    to.lower = 0;
    chitieu_projection *p;
    assert_int_equal(chitieu_trend_project(&p, s->years, s->values, s->n, 2030, &to), 0);
    chitieu_projection bare = *p; /* the same paths without the distribution: the path estimates */
    bare.dist = NULL;
    chitieu_assess_opts o;
    chitieu_assess_opts_init(&o);
    chitieu_target ts[] = {tgt(CHITIEU_SHAPE_AT_LEAST, 0, 2028, 150, NAN), tgt(CHITIEU_SHAPE_RANGE, 0, 2030, 150, 175),
                           tgt(CHITIEU_SHAPE_AVG_CHANGE, 2025, 2030, 5, NAN),
                           tgt(CHITIEU_SHAPE_AVG_GROWTH, 2025, 2030, 3.5, NAN),
                           tgt(CHITIEU_SHAPE_RATIO_TO_BASE, 2024, 2030, 1.2, NAN)};
    for (size_t i = 0; i < sizeof ts / sizeof *ts; i++) {
        chitieu_assessment a, b;
        assert_int_equal(chitieu__assess_paths(&a, &ts[i], s, NULL, p, NULL, &o), 0);
        assert_int_equal(chitieu__assess_paths(&b, &ts[i], s, NULL, &bare, NULL, &o), 0);
        double w = b.hi95 - b.lo95;
        print_message("%-13s P analytic %.4f, paths %.4f; median %.4f / %.4f\n", chitieu_shape_name(ts[i].shape),
                      a.probability, b.probability, a.projected, b.projected);
        assert_true(fabs(a.probability - b.probability) <= 0.03);
        assert_true(a.probability > 0.02 && a.probability < 0.98); /* the targets are not foregone */
        double qa[5] = {a.projected, a.lo80, a.hi80, a.lo95, a.hi95}, qb[5] = {b.projected, b.lo80, b.hi80, b.lo95, b.hi95};
        for (int j = 0; j < 5; j++) assert_true(fabs(qa[j] - qb[j]) <= 0.05 * w);
        chitieu_assessment_clear(&a);
        chitieu_assessment_clear(&b);
    }
    chitieu_projection_free(p);
    chitieu_series_free(s);
}

/* A period quantity on hand-built paths (10 paths, 2023-2025 projected): each_year with both bounds
 * (every year in [41, 49]) and avg_rate (by hand). */
static void test_period_paths(void **state)
{
    (void)state;
    chitieu_assess_opts o;
    chitieu_assess_opts_init(&o);
    double v[] = {44, 45, 46};                       /* 2020..2022 */
    chitieu_series *s = ser(2020, v, 3);
    /* path k, year j: 40 + k + j (k = 0..9, j = 0..2): in [41, 49] every year iff k >= 1 and k + 2 <= 9 */
    chitieu_projection *p = mkproj(2023, 3, 10, 40, 1, 1);
    chitieu_target t = tgt(CHITIEU_SHAPE_EACH_YEAR, 2021, 2025, 41, 49);
    chitieu_assessment a;
    assert_int_equal(chitieu__assess_paths(&a, &t, s, NULL, p, NULL, &o), 0);
    assert_float_equal(a.probability, 0.7, 1e-12); /* k = 1..7 */
    chitieu_assessment_clear(&a);
    /* avg_rate 2022..2024 with 2022 observed (46 %): path k has 40+k in 2023 and 41+k in 2024;
     * k = 0: 100*((1.46*1.40*1.41)^(1/3) - 1) = 42.2967... >= 42.5 fails; k = 1: (1.46*1.41*1.42)^(1/3)
     * = 1.43000... -> 43.0 passes: 9 of 10 */
    t = tgt(CHITIEU_SHAPE_AVG_RATE, 2022, 2024, 42.5, NAN);
    assert_int_equal(chitieu__assess_paths(&a, &t, s, NULL, p, NULL, &o), 0);
    assert_float_equal(a.probability, 0.9, 1e-12);
    chitieu_assessment_clear(&a);
    freeproj(p);
    chitieu_series_free(s);
}

static fx *run_fx;           /* the store of the synthetic fixtures of fixtures/assess/ (run_setup) */
static chitieu_store *run_st; /* its store */

static int run_setup(void **state)
{
    static const char *const files[] = {FX_ASSESS_FILES};
    if (fx_setup(state, "test-assess", files, 5)) return -1;
    run_fx = *state;
    run_st = run_fx->st;
    return 0;
}

static void same_assessment(const chitieu_assessment *a, const chitieu_assessment *b)
{
    assert_string_equal(a->target.indicator, b->target.indicator);
    assert_int_equal(a->target.year, b->target.year);
    assert_int_equal(a->status, b->status);
    const double x[] = {a->projected, a->lo80, a->hi80, a->lo95, a->hi95, a->probability},
                 y[] = {b->projected, b->lo80, b->hi80, b->lo95, b->hi95, b->probability};
    assert_memory_equal(x, y, sizeof x); /* bit for bit, NAN included */
    assert_int_equal(a->projection != NULL, b->projection != NULL);
    if (a->projection) {
        assert_int_equal(a->projection->h, b->projection->h);
        assert_memory_equal(a->projection->point, b->projection->point, a->projection->h * sizeof(double));
        assert_memory_equal(a->projection->hi95, b->projection->hi95, a->projection->h * sizeof(double));
    }
}

static int stop_after_two(void *ctx, chitieu_assessment *a)
{
    (void)a;
    return ++*(int *)ctx == 2 ? 77 : 0;
}

/* Assess every target of st with one thread (*one) and with two (*two), n each, and check that both are the
 * store's targets (*ts, the caller frees), in their order, and the same bit for bit as each other and as
 * assessing each target alone (its series; o->threads is left at 2). */
static void run_three_ways(chitieu_store *st, chitieu_assess_opts *o, chitieu_assessment **one,
                           chitieu_assessment **two, size_t *n, chitieu_target **ts)
{
    size_t n1 = 0, n2 = 0, nt = 0;
    o->threads = 1;
    assert_int_equal(chitieu_assess_run(one, &n1, st, NULL, NULL, o), 0);
    o->threads = 2;
    assert_int_equal(chitieu_assess_run(two, &n2, st, NULL, NULL, o), 0);
    assert_int_equal(chitieu_store_targets(ts, &nt, st, NULL, NULL), 0);
    assert_int_equal(n1, nt);
    assert_int_equal(n2, nt);
    for (size_t i = 0; i < nt; i++) {
        const chitieu_target *t = &(*ts)[i];
        assert_string_equal((*one)[i].target.indicator, t->indicator);
        assert_string_equal((*one)[i].target.area, t->area);
        assert_int_equal((*one)[i].target.year, t->year);
        same_assessment(&(*one)[i], &(*two)[i]);
        chitieu_indicator ind;
        chitieu_series *s;
        assert_int_equal(chitieu_store_indicator_get(&ind, st, t->indicator), 0);
        assert_int_equal(chitieu_series_get(&s, st, t->indicator, t->area, 0), 0);
        chitieu_assessment alone;
        assert_int_equal(chitieu_assess_target(&alone, t, &ind, s, NULL, o), 0);
        same_assessment(&(*one)[i], &alone);
        chitieu_assessment_clear(&alone);
        chitieu_series_free(s);
        chitieu_store_indicator_clear(&ind);
    }
    *n = nt;
}

/* Every target of the store: one thread or two give the same assessments bit for bit, the same as
 * assessing each target alone (its series, the latest projection shared by the GRDP targets cut to
 * each one's year), in the order of the targets; a callback's non-zero return stops the run. */
static void test_run(void **state)
{
    (void)state;
    chitieu_assess_opts o;
    chitieu_assess_opts_init(&o);
    chitieu_assessment *one = NULL, *two = NULL;
    chitieu_target *ts;
    size_t nt;
    run_three_ways(run_st, &o, &one, &two, &nt, &ts);
    assert_int_equal(nt, 7);
    int calls = 0;
    assert_int_equal(chitieu_assess_each(run_st, NULL, NULL, &o, stop_after_two, &calls), 77);
    assert_int_equal(calls, 2);
    chitieu_store_targets_free(ts, nt);
    chitieu_assessments_free(one, nt);
    chitieu_assessments_free(two, nt);
}

/* Write `text` to name in run_st's directory and load it into run_st. */
static void load_text(const char *name, const char *text)
{
    fx_load_one_ok(run_fx, fx_put(run_fx, name, text));
}

/* Adding a later target to a series does not change an earlier target's row.  A share (0..100) with the
 * figures of test_many_chunks' 35th area, 2010-2025 (synthetic), has a target "at least 59" in 2030; it is
 * assessed, then a 2045 level and a 2031-2045 sum are added, so that the run projects the share to 2045
 * instead of 2030.  The 2030 row, its bands, its probability and its projection's years are the same bit for
 * bit.  (Before the fix, the 20 years ahead put the share's 95% band past 100 and the logit scale was chosen:
 * the 2030 row's 80% band moved from 57.55-64.66 to 57.71-64.25.) */
static void test_later_target(void **state)
{
    (void)state;
    char obs[2048];
    size_t len = (size_t)snprintf(obs, sizeof obs, "indicator,area,year,value,status\n");
    for (int y = 2010; y <= 2025; y++) /* the formula of many_setup with a = 34 */
        len += (size_t)snprintf(obs + len, sizeof obs - len, "SHX,XP,%d,%.2f,A\n", y,
                                20 + 34 * 0.5 + (y - 2010) * (0.2 + 0.03 * 34) + ((y * 7 + 34) % 5) * 0.3);
    assert_true(len < sizeof obs);
    load_text("shx-ind.csv", "code,name,unit,direction,min,max\nSHX,Share (synthetic),%,up,0,100\n");
    load_text("shx-obs.csv", obs);
    load_text("shx-2030.csv",
              "plan,indicator,area,shape,year,from,low,high,versus\nP2125,SHX,XP,at_least,2030,,59,,\n");
    chitieu_assess_opts o;
    chitieu_assess_opts_init(&o);
    chitieu_assessment *before = NULL, *after = NULL;
    size_t nb = 0, na = 0;
    assert_int_equal(chitieu_assess_run(&before, &nb, run_st, NULL, NULL, &o), 0);
    load_text("shx-2045.csv", "plan,indicator,area,shape,year,from,low,high,versus\nP2125,SHX,XP,at_least,2045,,80,,\n"
              "P2125,SHX,XP,cumulative,2045,2031,1100,,\n");
    assert_int_equal(chitieu_assess_run(&after, &na, run_st, NULL, NULL, &o), 0);
    assert_int_equal(na, nb + 2);
    size_t found = 0, later = 0;
    for (size_t i = 0; i < nb; i++) {
        if (strcmp(before[i].target.indicator, "SHX") != 0) continue;
        assert_int_equal(before[i].target.year, 2030);
        for (size_t j = 0; j < na; j++)
            if (strcmp(after[j].target.indicator, "SHX") == 0 && after[j].target.year == 2030) {
                assert_non_null(before[i].projection);
                assert_int_equal(before[i].projection->h, 5);
                assert_true(before[i].probability > 0 && before[i].probability < 1);
                same_assessment(&before[i], &after[j]); /* the row, its point and upper 95% end every year */
                assert_memory_equal(before[i].projection->lo80, after[j].projection->lo80, 5 * sizeof(double));
                assert_memory_equal(before[i].projection->hi80, after[j].projection->hi80, 5 * sizeof(double));
                assert_memory_equal(before[i].projection->lo95, after[j].projection->lo95, 5 * sizeof(double));
                found++;
            }
    }
    for (size_t j = 0; j < na; j++) /* both projected, to 2045 (20 years after 2025) */
        later += strcmp(after[j].target.indicator, "SHX") == 0 && after[j].target.year == 2045 &&
                 after[j].projection && after[j].projection->h == 20;
    assert_int_equal(found, 1);
    assert_int_equal(later, 2);
    chitieu_assessments_free(before, nb);
    chitieu_assessments_free(after, na);
}

/* A run reads in one transaction of its own and ends it, also when the callback stops it: the same
 * connection can write afterwards (a load's BEGIN IMMEDIATE fails inside an open transaction), and the
 * next run sees what was written (GRDP's last figure in XP moves from 2025, the fixture's, to 2026). */
static void test_run_ends_its_read(void **state)
{
    (void)state;
    chitieu_assess_opts o;
    chitieu_assess_opts_init(&o);
    int calls = 0;
    assert_int_equal(chitieu_assess_each(run_st, NULL, NULL, &o, stop_after_two, &calls), 77);
    chitieu_assessment *as = NULL;
    size_t n = 0;
    assert_int_equal(chitieu_assess_run(&as, &n, run_st, NULL, NULL, &o), 0);
    int before = 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(as[i].target.indicator, "GRDP") == 0) before = as[i].last_year;
    chitieu_assessments_free(as, n);
    char more[80];
    snprintf(more, sizeof more, "indicator,area,year,value,status\nGRDP,XP,%d,150,A\n", before + 1);
    load_text("more.csv", more);
    assert_int_equal(chitieu_assess_run(&as, &n, run_st, NULL, NULL, &o), 0);
    int after = 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(as[i].target.indicator, "GRDP") == 0) after = as[i].last_year;
    chitieu_assessments_free(as, n);
    assert_int_equal(before, 2025);
    assert_int_equal(after, 2026);
}

/* The years a target's quantity reads, by hand from docs/ASSESSMENT.md: a level its year, a period from its
 * first year, growth and change from the level before it; only the two ends for growth, change and ratio. */
static void test_years_needed(void **state)
{
    (void)state;
    chitieu_target t = tgt(CHITIEU_SHAPE_AT_LEAST, 0, 2025, 95, NAN);
    assert_int_equal(chitieu_assess_first_year(&t), 2025);
    t = tgt(CHITIEU_SHAPE_CUMULATIVE, 2021, 2025, 9, NAN);
    assert_int_equal(chitieu_assess_first_year(&t), 2021);
    assert_true(chitieu_assess_uses_year(&t, 2023));
    t = tgt(CHITIEU_SHAPE_AVG_GROWTH, 2021, 2025, 8.5, 8.7);
    assert_int_equal(chitieu_assess_first_year(&t), 2020);
    assert_true(chitieu_assess_uses_year(&t, 2020) && chitieu_assess_uses_year(&t, 2025));
    assert_false(chitieu_assess_uses_year(&t, 2023));
    t = tgt(CHITIEU_SHAPE_RATIO_TO_BASE, 2018, 2030, 1.5, NAN);
    assert_int_equal(chitieu_assess_first_year(&t), 2018);
    assert_false(chitieu_assess_uses_year(&t, 2019));
    t = tgt(CHITIEU_SHAPE_EACH_YEAR, 2030, 2025, 100, NAN); /* a period after its year: the year itself */
    assert_int_equal(chitieu_assess_first_year(&t), 2025);
}

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The five quantiles against the definition computed independently: the values sorted in full (qsort),
 * then type 7, x[i] + (h - i)(x[i+1] - x[i]) with h = (n-1)p, i = floor(h) (Hyndman & Fan 1996), for
 * spreads that send most values into one bucket (heavy tails, an outlier), ties, infinities and small n. */
static void test_quantiles(void **state)
{
    (void)state;
    static const double pr[5] = {0.5, 0.10, 0.90, 0.025, 0.975};
    static const size_t sizes[] = {1, 2, 3, 5, 47, 48, 49, 50, 100, 1001, 4000, 20000};
    unsigned long long rs = 88172645463325252ULL;
    double *v = malloc(20000 * sizeof *v), *w = malloc(20000 * sizeof *w);
    assert_non_null(v);
    assert_non_null(w);
    int checked = 0;
    for (int kind = 0; kind < 9; kind++)
        for (size_t z = 0; z < sizeof sizes / sizeof *sizes; z++) {
            size_t n = sizes[z];
            for (size_t j = 0; j < n; j++) {
                rs ^= rs << 13; rs ^= rs >> 7; rs ^= rs << 17;
                double u = ((double)(rs >> 11) + 0.5) / 9007199254740992.0;
                double g = sqrt(-2 * log(u)) * cos(6.283 * u * 977);
                switch (kind) {
                case 0: v[j] = u; break;
                case 1: v[j] = 50 + 10 * g; break;
                case 2: v[j] = exp(6 * g); break;                       /* heavy right tail */
                case 3: v[j] = floor(4 * u); break;                      /* four values, many ties */
                case 4: v[j] = 7.25; break;                              /* all equal */
                case 5: v[j] = j == n / 3 ? 1e300 : g; break;            /* one outlier */
                case 6: v[j] = j == 1 ? -INFINITY : j == 2 ? INFINITY : g; break;
                case 7: v[j] = (j % 2 ? -1.0 : 1.0) * 1e-310 * u; break; /* subnormal spread */
                default: v[j] = 1e6 + 1e-9 * floor(1000 * u); break;      /* a narrow spread far from 0 */
                }
            }
            memcpy(w, v, n * sizeof *v);
            qsort(w, n, sizeof *w, cmp_dbl);
            double q[5];
            chitieu__assess_quantiles5(v, n, q);
            for (int k = 0; k < 5; k++) {
                double h = (double)(n - 1) * pr[k];
                size_t i = (size_t)floor(h);
                double want = i + 1 >= n ? w[i] : w[i] + (h - (double)i) * (w[i + 1] - w[i]);
                if (isnan(want)) assert_true(isnan(q[k])); /* -inf + 0 * inf */
                else assert_true(q[k] == want);
                checked++;
            }
        }
    assert_int_equal(checked, 9 * 12 * 5);
    /* by hand: 1..10, median h = 4.5 -> 5.5; 10% h = 0.9 -> 1.9; 97.5% h = 8.775 -> 9.775 */
    double t[10] = {3, 9, 1, 10, 5, 2, 8, 4, 7, 6}, q[5];
    chitieu__assess_quantiles5(t, 10, q);
    assert_true(fabs(q[0] - 5.5) < 1e-12 && fabs(q[1] - 1.9) < 1e-12 && fabs(q[2] - 9.1) < 1e-12);
    assert_true(fabs(q[3] - 1.225) < 1e-12 && fabs(q[4] - 9.775) < 1e-12);
    free(v);
    free(w);
}

/* ---- many targets: several chunks of the run (assess.c reads, assesses and hands them on a chunk at a time) */

static chitieu_store *many_st;

/* A synthetic store of 60 areas with one share each (2010-2025, a drift by area) and 40 targets per area in
 * the order they are written (levels, ranges and sums over 2026-2045): 2,400 targets. */
static int many_setup(void **state)
{
    if (fx_setup(state, "test-many", NULL, 0)) return -1;
    fx *x = *state;
    char path[5][128];
    const char *names[5] = {"plans.csv", "areas.csv", "indicators.csv", "targets.csv", "observations.csv"};
    FILE *f[5];
    for (int i = 0; i < 5; i++) {
        snprintf(path[i], sizeof path[i], "%s/%s", x->dir, names[i]);
        if (!(f[i] = fopen(path[i], "w"))) {
            while (i-- > 0) fclose(f[i]);
            return fx_teardown(state), -1;
        }
    }
    fputs("plan,name\nPM,Many targets (synthetic)\n", f[0]);
    fputs("code,name,level,parent\nMP,Province (synthetic),province,\n", f[1]);
    fputs("code,name,unit,direction,min,max\nSH,Share (synthetic),%,up,0,100\n", f[2]);
    fputs("plan,indicator,area,shape,year,from,low,high\n", f[3]);
    fputs("indicator,area,year,value,status\n", f[4]);
    for (int a = 0; a < 60; a++) {
        fprintf(f[1], "M%02d,Commune %d (synthetic),commune,MP\n", a, a);
        for (int y = 2010; y <= 2025; y++) /* a level by area, a drift by area, a wiggle by year */
            fprintf(f[4], "SH,M%02d,%d,%.2f,A\n", a, y,
                    20 + a * 0.5 + (y - 2010) * (0.2 + 0.03 * a) + ((y * 7 + a) % 5) * 0.3);
        for (int k = 0; k < 40; k++) {
            int y = 2026 + k % 20;
            if (k < 20) fprintf(f[3], "PM,SH,M%02d,at_least,%d,,%d,\n", a, y, 30 + a / 2 + k);
            else if (k < 30) fprintf(f[3], "PM,SH,M%02d,range,%d,,%d,%d\n", a, y, 25 + a / 2, 45 + a / 2 + k);
            else fprintf(f[3], "PM,SH,M%02d,cumulative,%d,2026,%d,\n", a, y, (y - 2025) * (35 + a / 2));
        }
    }
    int bad = 0;
    for (int i = 0; i < 5; i++)
        bad |= fclose(f[i]) != 0;
    const char *files[5] = {path[0], path[1], path[2], path[3], path[4]};
    if (bad || fx_store_load(x, files, 5)) return fx_teardown(state), -1;
    many_st = x->st;
    return 0;
}

/* Stop after `limit` assessments, checking each comes in the order of the store's targets. */
typedef struct {
    const chitieu_target *ts;
    size_t seen, limit;
} in_order;

static int check_order(void *ctx, chitieu_assessment *a)
{
    in_order *c = ctx;
    assert_string_equal(a->target.area, c->ts[c->seen].area);
    assert_int_equal(a->target.shape, c->ts[c->seen].shape);
    assert_int_equal(a->target.year, c->ts[c->seen].year);
    return ++c->seen == c->limit ? 77 : 0;
}

/* 2,400 targets, more than two chunks: one thread or two give the same assessments bit for bit, in the order
 * of the targets; every one the same as assessing the target alone (a target of 2030 is assessed in the run on
 * its series' projection to 2045, alone on one to 2030: a year's band does not depend on how far the
 * projection runs); a callback stopping the run in its second chunk stops it there, while the threads work on
 * the next. */
static void test_many_chunks(void **state)
{
    (void)state;
    chitieu_assess_opts o;
    chitieu_assess_opts_init(&o);
    chitieu_assessment *one = NULL, *two = NULL;
    chitieu_target *ts;
    size_t nt, with_paths = 0;
    run_three_ways(many_st, &o, &one, &two, &nt, &ts);
    assert_int_equal(nt, 2400);
    for (size_t i = 0; i < nt; i++)
        with_paths += ts[i].shape == CHITIEU_SHAPE_CUMULATIVE && !isnan(one[i].lo80);
    assert_int_equal(with_paths, 600); /* every sum's bands from its paths */
    in_order c = {ts, 0, 1500};
    assert_int_equal(chitieu_assess_each(many_st, NULL, NULL, &o, check_order, &c), 77);
    assert_int_equal(c.seen, 1500);
    chitieu_store_targets_free(ts, nt);
    chitieu_assessments_free(one, nt);
    chitieu_assessments_free(two, nt);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_level_shapes),
        cmocka_unit_test(test_growth_shapes),
        cmocka_unit_test(test_avg_rate),
        cmocka_unit_test(test_probability),
        cmocka_unit_test(test_cumulative_paths),
        cmocka_unit_test(test_growth_pace),
        cmocka_unit_test(test_range_pace),
        cmocka_unit_test(test_no_data_and_cutoff),
        cmocka_unit_test(test_pace_over_gaps),
        cmocka_unit_test(test_pace_without_base),
        cmocka_unit_test(test_so_far),
        cmocka_unit_test(test_ends_only),
        cmocka_unit_test(test_analytic_matches_paths),
        cmocka_unit_test(test_period_paths),
        cmocka_unit_test(test_quantiles),
    };
    const struct CMUnitTest store_tests[] = {
        cmocka_unit_test(test_run),
        cmocka_unit_test(test_years_needed),
        cmocka_unit_test(test_later_target), /* after test_run: it adds an indicator and three targets */
        cmocka_unit_test(test_run_ends_its_read), /* last: it adds a figure */
    };
    const struct CMUnitTest many_tests[] = {
        cmocka_unit_test(test_many_chunks),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    failed += cmocka_run_group_tests(store_tests, run_setup, fx_teardown);
    return failed + cmocka_run_group_tests(many_tests, many_setup, fx_teardown);
}
