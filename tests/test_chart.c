/*
 * tests/test_chart.c — gnuplot chart scripts (engine/chart.c): the data the
 * script must carry, file-name stems, hostile text that must neither run nor
 * break the script (rendered with the real gnuplot: marker files must not
 * appear, the text must show up literally), the three image formats, one
 * process for many charts, and gnuplot's error reported.  All data here is
 * synthetic.
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
#include <sys/stat.h>
#include <unistd.h>

#include "chitieu/chart.h"
#include "chitieu/error.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/chitieu-test-chart-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static int exists(const char *name)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    struct stat sb;
    return stat(p, &sb) == 0 && sb.st_size > 0;
}

/* First bytes of dir/name equal `magic`. */
static int starts_with(const char *name, const char *magic, size_t n)
{
    char p[512], buf[64] = {0};
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "rb");
    if (!f) return 0;
    size_t got = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    if (got < n) return 0;
    return memcmp(buf, magic, n) == 0 || (magic[0] == '<' && strstr(buf, magic) != NULL);
}

/* The first MiB of dir/name, in a buffer the next call reuses (the caller may write in it); NULL when unreadable. */
static char *file_text(const char *name)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "rb");
    if (!f) return NULL;
    static char buf[1 << 20];
    size_t got = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[got] = 0;
    return buf;
}

/* Whether dir/name holds `text`. */
static int file_has(const char *name, const char *text)
{
    const char *buf = file_text(name);
    return buf && strstr(buf, text) != NULL;
}

/* A synthetic indicator with 5 observed years (one provisional), a projection to 2025
 * and one at_least target. */
typedef struct {
    chitieu_indicator ind;
    chitieu_series *s;
    chitieu_projection p;
    double pt[3], lo80[3], hi80[3], lo95[3], hi95[3], fit[5];
    chitieu_assessment a;
} fixture;

static void make_fixture(fixture *x, char *name, char *unit)
{
    memset(x, 0, sizeof *x);
    x->ind.code = "IND";
    x->ind.name = name;
    x->ind.unit = unit;
    x->ind.direction = CHITIEU_DIR_UP;
    x->ind.min = x->ind.max = NAN;
    int years[] = {2018, 2019, 2020, 2021, 2022};
    double v[] = {80, 82.5, 85, 86, 88.25};
    char st[] = {'A', 'A', 'A', 'A', 'P'};
    assert_int_equal(chitieu_series_from(&x->s, years, v, st, 5), 0);
    for (int k = 0; k < 3; k++) {
        x->pt[k] = 90 + 2 * k;
        x->lo80[k] = x->pt[k] - 1 - k; x->hi80[k] = x->pt[k] + 1 + k;
        x->lo95[k] = x->pt[k] - 2 - k; x->hi95[k] = x->pt[k] + 2 + k;
    }
    for (int i = 0; i < 5; i++) x->fit[i] = 80 + 2 * i;
    x->p.method = CHITIEU_METHOD_COMBO;
    x->p.first_year = 2023;
    x->p.h = 3;
    x->p.point = x->pt; x->p.lo80 = x->lo80; x->p.hi80 = x->hi80; x->p.lo95 = x->lo95; x->p.hi95 = x->hi95;
    x->p.n = 5;
    x->p.fitted = x->fit;
    x->a.target.plan = "P";
    x->a.target.indicator = "IND";
    x->a.target.area = "XP";
    x->a.target.shape = CHITIEU_SHAPE_AT_LEAST;
    x->a.target.year = 2025;
    x->a.target.low = 95;
    x->a.target.high = NAN;
    x->a.probability = 0.42;
    x->a.status = CHITIEU_STATUS_AT_RISK;
    x->a.lo80 = x->a.hi80 = x->a.lo95 = x->a.hi95 = x->a.projected = NAN;
}

static void test_stem(void **state)
{
    (void)state;
    char *s;
    assert_int_equal(chitieu_chart_stem(&s, "VN_GDP_GROWTH_VN"), 0);
    assert_string_equal(s, "VN_GDP_GROWTH_VN");
    free(s);
    assert_int_equal(chitieu_chart_stem(&s, "../`rm -rf ~`/x'y.png"), 0);
    assert_string_equal(s, "_..__rm_-rf____x_y.png"); /* . . / ` r m sp - r f sp ~ ` / x ' y .png */
    free(s);
    assert_int_equal(chitieu_chart_stem(&s, "Tỷ lệ"), 0);
    assert_string_equal(s, "T____l___"); /* 'ỷ' and 'ệ' are 3 bytes each, the space 1: each byte replaced */
    free(s);
    assert_int_equal(chitieu_chart_stem(&s, ""), 0);
    assert_string_equal(s, "_");
    free(s);
    chitieu_chart_format f;
    assert_int_equal(chitieu_chart_format_parse(&f, "svg"), 0);
    assert_int_equal(f, CHITIEU_CHART_SVG);
    assert_int_equal(chitieu_chart_format_parse(&f, "jpeg"), CHITIEU_EINVALID);
}

static void test_script_carries_data(void **state)
{
    (void)state;
    fixture x;
    make_fixture(&x, "Tỷ lệ bao phủ bảo hiểm y tế", "%");
    chitieu_chart c = {.indicator = &x.ind, .area_name = "Tỉnh X", .series = x.s, .projection = &x.p,
                       .targets = &x.a, .ntargets = 1, .source = "Nguồn thử"};
    char *sc;
    assert_int_equal(chitieu_chart_script(&sc, &c, CHITIEU_CHART_PNG, "out.png"), 0);
    /* observed values, the provisional one apart, the projection rows with both bands */
    assert_non_null(strstr(sc, "$obsA << EOD\n2018 80\n2019 82.5\n2020 85\n2021 86\nEOD\n"));
    assert_non_null(strstr(sc, "$obsP << EOD\n2022 88.25\nEOD\n"));
    assert_non_null(strstr(sc, "$proj << EOD\n2022 88.25 88.25 88.25 88.25 88.25\n2023 90 89 91 88 92\n"
                               "2024 92 90 94 89 95\n2025 94 91 97 90 98\nEOD\n"));
    /* the target, a level for 2025 alone: a marker at 2025 and no line from an earlier year; the
     * status line with 42% */
    assert_non_null(strstr(sc, "$t0 << EOD\n2025 95\nEOD\n"));
    assert_non_null(strstr(sc, "$t0 using 1:2 with points ls 7 title 'Mục tiêu'"));
    assert_null(strstr(sc, "$t0 using 1:2 with lines"));
    assert_non_null(strstr(sc, "xác suất đạt 42%"));
    assert_non_null(strstr(sc, "set title 'Tỷ lệ bao phủ bảo hiểm y tế — Tỉnh X'"));
    assert_non_null(strstr(sc, "set ylabel '%'"));
    assert_non_null(strstr(sc, "set output 'out.png'"));
    assert_non_null(strstr(sc, "set termoption noenhanced")); /* the theme is inlined */
    assert_non_null(strstr(sc, "filledcurves ls 5")); /* 80% band */
    /* y from 80 (2018) to 98 (95% band): step 18 / 6 = 3, rounded up to 5; 80 is on a step, so the axis
     * starts a step lower (BD GRDP per person: 2017's 120 sat on the x axis of [120:220]) */
    assert_non_null(strstr(sc, "set yrange [75:100]\n"));
    free(sc);
    chitieu_chart bad = {.indicator = NULL, .area_name = NULL, .series = NULL, .projection = NULL,
                       .targets = NULL, .ntargets = 0, .source = NULL};
    assert_int_equal(chitieu_chart_script(&sc, &bad, CHITIEU_CHART_PNG, "x.png"), CHITIEU_EINVALID);
    chitieu_series_free(x.s);
}

/* A share observed at 100% (a % unit is bounded 0..100): by hand, 100 alone gets room 90..110, step 5, the
 * axis [85:110]; no tic past the bound: tics 85..100, the axis stops a quarter step above it (101.25). */
static void test_axis_stops_at_bound(void **state)
{
    (void)state;
    chitieu_indicator ind = {.code = "W", .name = "Nước sạch", .unit = "%", .direction = CHITIEU_DIR_UP,
                             .min = NAN, .max = NAN};
    int years[] = {2020};
    double v[] = {100};
    chitieu_series *s;
    assert_int_equal(chitieu_series_from(&s, years, v, NULL, 1), 0);
    chitieu_chart c = {.indicator = &ind, .area_name = "Tỉnh X", .series = s};
    char *sc;
    assert_int_equal(chitieu_chart_script(&sc, &c, CHITIEU_CHART_SVG, "w.svg"), 0);
    assert_non_null(strstr(sc, "set yrange [85:101.25]\nset ytics ('85' 85, '90' 90, '95' 95, '100' 100)\n"));
    free(sc);
    ind.unit = "nghìn đồng"; /* no bound: the axis as before */
    assert_int_equal(chitieu_chart_script(&sc, &c, CHITIEU_CHART_SVG, "w.svg"), 0);
    assert_non_null(strstr(sc, "set yrange [85:110]\n"));
    free(sc);
    chitieu_series_free(s);
}

/* Whether the SVG script of chart c holds text. */
static int script_has(const chitieu_chart *c, const char *text)
{
    char *sc;
    if (chitieu_chart_script(&sc, c, CHITIEU_CHART_SVG, "c.svg") != 0) return 0;
    int found = strstr(sc, text) != NULL;
    free(sc);
    return found;
}

/* A y span of at least 5% of the largest magnitude drawn.  By hand: a share at 99.98, 99.99, 99.99% with a
 * target of 100% spans 0.02 < 5: widened to 5 about 99.99 (97.49..102.49), moved inside the bound 100: 95..100,
 * step 5/6 -> 1, tics 95..100 (before: 99.98..100 in steps of 0.005, noise drawn as a trend).  Unbounded, 1000,
 * 1001, 1002 and a target of 1003: 50.15 about 1001.5 (976.425..1026.575), step 8.36 -> 10, 970..1030.  An
 * ordinary share, 50, 55, 60 and 70: span 20 >= 3.5, as before: step 5, 50 on a step so one lower, 45..70. */
static void test_axis_minimum_span(void **state)
{
    (void)state;
    chitieu_indicator ind = {.code = "E", .name = "Tỷ lệ hộ dùng điện", .unit = "%", .direction = CHITIEU_DIR_UP,
                             .min = NAN, .max = NAN};
    int years[] = {2020, 2021, 2022};
    double v[] = {99.98, 99.99, 99.99};
    chitieu_series *s;
    assert_int_equal(chitieu_series_from(&s, years, v, NULL, 3), 0);
    chitieu_assessment a;
    memset(&a, 0, sizeof a);
    a.target.plan = "P"; a.target.indicator = "E"; a.target.area = "XP";
    a.target.shape = CHITIEU_SHAPE_AT_LEAST; a.target.year = 2025; a.target.low = 100; a.target.high = NAN;
    a.status = CHITIEU_STATUS_NO_DATA;
    a.probability = a.required_pace = a.projected = NAN;
    chitieu_chart c = {.indicator = &ind, .area_name = "Tỉnh X", .series = s, .targets = &a, .ntargets = 1};
    assert_true(script_has(&c, "set yrange [95:100]\nset ytics ('95' 95, '96' 96, '97' 97, '98' 98, '99' 99, "
                               "'100' 100)\n"));
    s->values[0] = 1000; s->values[1] = 1001; s->values[2] = 1002;
    a.target.low = 1003;
    ind.unit = "tỷ đồng";
    assert_true(script_has(&c, "set yrange [970:1030]\n"));
    s->values[0] = 50; s->values[1] = 55; s->values[2] = 60;
    a.target.low = 70;
    ind.unit = "%";
    assert_true(script_has(&c, "set yrange [45:70]\nset ytics ('45' 45, '50' 50, "));
    /* a lowest value just above a tic (HCM GRDP per person: 8.066 USD alone, a target of 14.000 in 2030): span
     * 5.934, step 989 -> 1.000, 8.066 is 0.066 of a step above 8.000, under 0.12: the axis starts a step lower,
     * 7.000 (before: 8.000, the marker half under the x axis) */
    s->n = 1;
    s->values[0] = 8066;
    a.target.low = 14000;
    a.target.year = 2030;
    ind.unit = "USD/người";
    assert_true(script_has(&c, "set yrange [7000:14000]\n"));
    chitieu_series_free(s);
}

/* What an average target needs (the required pace) drawn only where it tells something (Viet Nam's GDP growth had
 * four overlapping orange lines with a diamond at every year): the figures end in 2022; t0 avg_rate 2021-2025 >= 6.5
 * needs 9.4 over 2023-2025; t1 2021-2030 >= 7 needs 7.8; t2, the same target as t1 from another plan, one status
 * line "(2 kế hoạch)" and no second line; t3 2026-2030 >= 10, not begun, needs its own 10: the target line says it;
 * t4 2021-2026 >= 5 needs 6 over 2023-2026, the fourth line; t5, a fifth, is past the four shown ("+1"): no pace.
 * Each pace is a line with one marker at its target year; the key names it once, with line and marker. */
static void test_needed_pace_once(void **state)
{
    (void)state;
    fixture x;
    make_fixture(&x, "Tốc độ tăng trưởng GDP", "%");
    chitieu_assessment t[6];
    double lv[6] = {6.5, 7, 7, 10, 5, 4}, req[6] = {9.4, 7.8, 7.8, 10, 6, 5};
    int from[6] = {2021, 2021, 2021, 2026, 2021, 2021}, to[6] = {2025, 2030, 2030, 2030, 2026, 2027};
    for (int i = 0; i < 6; i++) {
        t[i] = x.a;
        t[i].target.shape = CHITIEU_SHAPE_AVG_RATE;
        t[i].target.from = from[i];
        t[i].target.year = to[i];
        t[i].target.low = lv[i];
        t[i].required_pace = req[i];
        t[i].status = CHITIEU_STATUS_OFF_TRACK;
        t[i].probability = 0.08;
    }
    t[2].target.plan = "Q";
    chitieu_chart c = {.indicator = &x.ind, .area_name = "Việt Nam", .series = x.s, .projection = &x.p,
                       .targets = t, .ntargets = 6};
    char *sc;
    assert_int_equal(chitieu_chart_script(&sc, &c, CHITIEU_CHART_SVG, "g.svg"), 0);
    assert_non_null(strstr(sc, "$n0 << EOD\n2023 9.4\n2024 9.4\n2025 9.4\nEOD\n"));
    assert_non_null(strstr(sc, "$n1 << EOD\n2023 7.8\n"));
    assert_null(strstr(sc, "$n2 "));
    assert_null(strstr(sc, "$n3 "));
    assert_non_null(strstr(sc, "$n4 << EOD\n2023 6\n2024 6\n2025 6\n2026 6\nEOD\n"));
    assert_null(strstr(sc, "$n5 "));
    /* every target still drawn and told */
    assert_non_null(strstr(sc, "$t3 using 1:2 with lines ls 7"));
    assert_non_null(strstr(sc, "$t5 using 1:2 with lines ls 7"));
    assert_non_null(strstr(sc, "bình quân 2021–2030 tăng ≥ 7%/năm — Chệch hướng, xác suất đạt 8% (2 kế hoạch)"));
    assert_non_null(strstr(sc, "bình quân 2026–2030 tăng ≥ 10%/năm — Chệch hướng, xác suất đạt 8%"));
    assert_non_null(strstr(sc, "set label 19 '… +1 mục tiêu khác (xem bảng)'"));
    assert_non_null(strstr(sc, "NaN with linespoints ls 9 title 'Cần đạt các năm còn lại', \\\n"
                               "     $n0 using 1:2 with lines ls 9 notitle, \\\n"
                               "     $n0 using ($1 == 2025 ? $1 : NaN):2 with points ls 9 notitle, \\\n"));
    assert_non_null(strstr(sc, "$n1 using ($1 == 2030 ? $1 : NaN):2 with points ls 9 notitle"));
    const char *k = strstr(sc, "title 'Cần đạt các năm còn lại'");
    assert_null(strstr(k + 1, "title 'Cần đạt các năm còn lại'"));
    if (chitieu_chart_have_gnuplot()) {
        assert_int_equal(chitieu_chart_render((const char *const *)&sc, 1, dir), 0);
        assert_true(starts_with("g.svg", "<svg", 4));
    }
    free(sc);
    /* a path from a base year whose last figure is that base year (BD rural income: 2025 1.8 times 2020, the
     * only figure 2020) needs the target's own path: t0 ratio_to_base from 2022, t1 avg_growth 2023-2025 (base
     * 2022): no pace line; t2 avg_growth 2022-2025 (base 2021, a figure after it): drawn from 2022's 88.25 */
    for (int i = 0; i < 3; i++) {
        t[i] = x.a;
        t[i].target.year = 2025;
        t[i].target.low = i ? 5 : 1.2;
        t[i].required_pace = 6;
        t[i].status = CHITIEU_STATUS_OFF_TRACK;
    }
    t[0].target.shape = CHITIEU_SHAPE_RATIO_TO_BASE; t[0].target.from = 2022;
    t[1].target.shape = CHITIEU_SHAPE_AVG_GROWTH; t[1].target.from = 2023;
    t[2].target.shape = CHITIEU_SHAPE_AVG_GROWTH; t[2].target.from = 2022;
    c.ntargets = 3;
    assert_int_equal(chitieu_chart_script(&sc, &c, CHITIEU_CHART_SVG, "g.svg"), 0);
    assert_non_null(strstr(sc, "$t0 << EOD\n2022 88.25\n2025 105.9\n"));
    assert_non_null(strstr(sc, "$t1 << EOD\n2022 88.25\n"));
    assert_null(strstr(sc, "$n0 "));
    assert_null(strstr(sc, "$n1 "));
    assert_non_null(strstr(sc, "$n2 << EOD\n2022 88.25\n2023 93.545\n"));
    free(sc);
    chitieu_series_free(x.s);
}

/* Where the rendered SVG dir/name draws the text `text` (its <g transform="translate(x,y)">): 1, or 0 when it does
 * not draw it. */
static int svg_text_at(const char *name, const char *text, double *x, double *y)
{
    char want[128], *buf = file_text(name);
    snprintf(want, sizeof want, "<text>%s</text>", text);
    char *t = buf ? strstr(buf, want) : NULL;
    if (!t) return 0;
    *t = 0;
    char *g = strrchr(buf, '<'); /* back to the <g> holding it */
    while (g && strncmp(g, "<g transform=\"translate(", 24)) { *g = 0; g = strrchr(buf, '<'); }
    return g && sscanf(g + 24, "%lf,%lf", x, y) == 2;
}

/* Every target and pace whose marker is at the right edge of the chart (Viet Nam's GDP growth: 7%, 8% and 10% in
 * 2030 and the 7,82% and 9,50% they need, five markers stacked in 3 points) is labelled with its value right of the
 * frame, in its colour, no two labels on top of each other.  By hand: t0 2021-2030 >= 87 needs 87.8, t1 >= 88 needs
 * 89.5, t2 2026-2030 >= 90 (not begun: its own line says what it needs), t3 >= 88 in 2030 from another plan (the
 * same marker as t1's: one label), t4 >= 95 in 2025 (not at the edge: no label).  Labels bottom to top: "≥ 87%",
 * "87,8%", "≥ 88%", "89,5%", "≥ 90%"; the five are one run, centred on the mean of their markers, (87 + 87.8 + 88 +
 * 89.5 + 90) / 5 = 88.46; rendered, each at least 12 pixels (a letter of 11 points) above the one below, right
 * of the last x tic.  A range is one label, its bounds as the plan wrote them ("62,25–62,35%"). */
static void test_edge_labels(void **state)
{
    (void)state;
    fixture x;
    make_fixture(&x, "Tốc độ tăng trưởng", "%");
    chitieu_assessment t[5];
    double lv[5] = {87, 88, 90, 88, 95}, req[5] = {87.8, 89.5, 90, NAN, NAN};
    int from[5] = {2021, 2021, 2026, 0, 0}, to[5] = {2030, 2030, 2030, 2030, 2025};
    for (int i = 0; i < 5; i++) {
        t[i] = x.a;
        t[i].target.shape = from[i] ? CHITIEU_SHAPE_AVG_RATE : CHITIEU_SHAPE_AT_LEAST;
        t[i].target.from = from[i];
        t[i].target.year = to[i];
        t[i].target.low = lv[i];
        t[i].required_pace = req[i];
        t[i].status = CHITIEU_STATUS_OFF_TRACK;
    }
    t[3].target.plan = "Q";
    chitieu_chart c = {.indicator = &x.ind, .area_name = "Việt Nam", .series = x.s, .projection = &x.p,
                       .targets = t, .ntargets = 5};
    static const char *const want[] = {"≥ 87%", "87,8%", "≥ 88%", "89,5%", "≥ 90%"};
    static const char *const colour[] = {"#b2182b", "#d95f02", "#b2182b", "#d95f02", "#b2182b"};
    char *sc, head[64], tail[96];
    chitieu_chart_format fmt[2] = {CHITIEU_CHART_SVG, CHITIEU_CHART_PNG};
    for (int k = 0; k < 2; k++) {
        assert_int_equal(chitieu_chart_script(&sc, &c, fmt[k], k ? "e.png" : "e.svg"), 0);
        double sum = 0, prev = -INFINITY;
        for (int i = 0; i < 5; i++) {
            snprintf(head, sizeof head, "set label %d '%s' at first 2030, first ", 20 + i, want[i]);
            const char *l = strstr(sc, head);
            assert_non_null(l);
            double y = strtod(l + strlen(head), NULL);
            assert_true(y > prev);
            prev = y;
            sum += y;
            snprintf(tail, sizeof tail, " left offset character 1.8, 0 font ',11' textcolor rgb '%s'\n", colour[i]);
            assert_non_null(strstr(l, tail));
        }
        assert_float_equal(sum / 5, 88.46, 1e-6);
        assert_null(strstr(sc, "set label 25 "));
        if (k == 0 && chitieu_chart_have_gnuplot()) {
            assert_int_equal(chitieu_chart_render((const char *const *)&sc, 1, dir), 0);
            double lx, ly, below = INFINITY, tx, ty;
            assert_true(svg_text_at("e.svg", " 2030", &tx, &ty)); /* the last x tic label */
            for (int i = 0; i < 5; i++) {
                assert_true(svg_text_at("e.svg", want[i], &lx, &ly));
                assert_true(lx > tx + 10 && lx < 1100 - 40);
                assert_true(below - ly >= 12); /* SVG y grows downwards */
                below = ly;
            }
        }
        free(sc);
    }
    /* a pace ending where a later target's marker is (t0 needs 90 a year, t1 is 90 in 2030 from another plan): the
     * target's label, in its colour, not the pace's */
    t[0].required_pace = 90;
    t[1] = t[3];
    t[1].target.low = 90;
    c.ntargets = 2;
    assert_true(script_has(&c, "set label 20 '≥ 87%' at first 2030, first "));
    assert_true(script_has(&c, "set label 21 '≥ 90%' at first 2030, first "));
    assert_false(script_has(&c, "set label 22 "));
    /* a range at the edge: one label between its bounds, as written; English numbers */
    t[0].target.shape = CHITIEU_SHAPE_RANGE;
    t[0].target.low = 62.25;
    t[0].target.high = 62.35;
    c.ntargets = 1;
    assert_true(script_has(&c, "set label 20 '62,25–62,35%' at first 2030, first 62.3 "));
    c.lang = CHITIEU_LANG_EN;
    assert_true(script_has(&c, "set label 20 '62.25–62.35%' at first 2030, first 62.3 "));
    chitieu_series_free(x.s);
}

/* The text of label `tag` of script sc between its quotes (one single-quoted piece: no apostrophe in it), in buf;
 * NULL when the script has no such label. */
static const char *label_text(char *buf, size_t n, const char *sc, int tag)
{
    char head[32];
    snprintf(head, sizeof head, "\nset label %d '", tag);
    const char *p = strstr(sc, head);
    if (!p) return NULL;
    p += strlen(head);
    const char *e = strchr(p, '\'');
    snprintf(buf, n, "%.*s", (int)(e - p), p);
    return buf;
}

/* An indicator's caveat under the chart: "Lưu ý: " and the note in lines of at most 150 characters broken at
 * blanks (by hand below), at most three, the last cut with "…"; the bottom margin and the key raised by a line
 * each; English uses note_en, else the note; no note, no label. */
static void test_caveat_lines(void **state)
{
    (void)state;
    fixture x;
    make_fixture(&x, "Tỷ trọng lao động nông nghiệp", "%");
    /* 40 words "thống-kê" (8 characters, 9 with the blank before): "Lưu ý:" (6) and 16 words end at the 150th
     * character, the blank after them is the 151st: the first line; the second is 16 words (8 + 15 x 9 = 143, a
     * 17th would end at 152); the third the 8 left (71 characters, not cut) */
    char note[1024] = "";
    for (int i = 0; i < 40; i++) strcat(note, i ? " thống-kê" : "thống-kê");
    x.ind.note = note;
    chitieu_chart c = {.indicator = &x.ind, .area_name = "Việt Nam", .series = x.s, .projection = &x.p,
                       .targets = &x.a, .ntargets = 1};
    char *sc, line[800], want[800] = "Lưu ý:";
    assert_int_equal(chitieu_chart_script(&sc, &c, CHITIEU_CHART_SVG, "c.svg"), 0);
    for (int i = 0; i < 16; i++) strcat(want, " thống-kê");
    assert_string_equal(label_text(line, sizeof line, sc, 4), want);
    assert_int_equal(chitieu_words_width(line), 150);
    assert_string_equal(label_text(line, sizeof line, sc, 5), want + strlen("Lưu ý: "));
    assert_string_equal(label_text(line, sizeof line, sc, 6), want + strlen("Lưu ý: ") + 8 * strlen(" thống-kê"));
    assert_null(label_text(line, sizeof line, sc, 7));
    /* 640 px tall (one target line), three lines of 15 px: the key's top 102.4 + 45 px up, the margin 10 + 3 */
    assert_non_null(strstr(sc, "set bmargin 13\nset key at screen 0.5, screen 0.2303\n"));
    free(sc);
    /* 60 words: the third line (28 words) is cut to 149 characters and "…" */
    for (int i = 40; i < 60; i++) strcat(note, " thống-kê");
    assert_int_equal(chitieu_chart_script(&sc, &c, CHITIEU_CHART_SVG, "c.svg"), 0);
    assert_non_null(label_text(line, sizeof line, sc, 6));
    assert_int_equal(chitieu_words_width(line), 150);
    assert_non_null(strstr(line, "…") == line + strlen(line) - strlen("…") ? line : NULL);
    free(sc);
    /* English: note_en, else the note */
    c.lang = CHITIEU_LANG_EN;
    x.ind.note = "Ước tính của ILO.";
    assert_int_equal(chitieu_chart_script(&sc, &c, CHITIEU_CHART_SVG, "c.svg"), 0);
    assert_string_equal(label_text(line, sizeof line, sc, 4), "Note: Ước tính của ILO.");
    free(sc);
    x.ind.note_en = "The ILO's modelled estimate."; /* an apostrophe: its own double-quoted piece */
    assert_int_equal(chitieu_chart_script(&sc, &c, CHITIEU_CHART_SVG, "c.svg"), 0);
    assert_non_null(strstr(sc, "\nset label 4 'Note: The ILO'.\"'\".'s modelled estimate.' at screen 0.01, screen 0.0359 "));
    free(sc);
    x.ind.note = x.ind.note_en = NULL;
    assert_int_equal(chitieu_chart_script(&sc, &c, CHITIEU_CHART_SVG, "c.svg"), 0);
    assert_null(strstr(sc, "set label 4 "));
    assert_null(strstr(sc, "set bmargin 11\n"));
    assert_null(strstr(sc, "set bmargin 13\n"));
    assert_null(strstr(sc, "set key at screen 0.5, screen 0.2"));
    free(sc);
    chitieu_series_free(x.s);
}

/* Hostile text everywhere data reaches a script: nothing may run, the chart must render. */
static void test_hostile_text_renders_and_runs_nothing(void **state)
{
    (void)state;
    if (!chitieu_chart_have_gnuplot()) { skip(); return; }
    char name[1024], unit[512], area[512], src[256], plan[512], note[1024];
    snprintf(name, sizeof name, "`touch %s/PWNED1` \"`touch %s/PWNED2`\" $(touch %s/PWNED3) @x \\", dir, dir, dir);
    /* the indicator's caveat (a note from the indicators file) is data too, over two lines of a cell */
    snprintf(note, sizeof note, "Ghi chú `touch %s/PWNED7` \"q\" <script>x</script>\n'); system('touch %s/PWNED8') # $(id)",
             dir, dir);
    snprintf(unit, sizeof unit, "'; system('touch %s/PWNED4'); '", dir);
    snprintf(area, sizeof area, "A\nsystem(\"touch %s/PWNED5\")\r\n# '", dir);
    snprintf(src, sizeof src, "<script>alert(1)</script> 100%% %%s `id` '\\' '''' b''' \"q\" ''");
    snprintf(plan, sizeof plan, "P'); system('touch %s/PWNED6'); print('", dir);
    fixture x;
    make_fixture(&x, name, unit);
    x.ind.note = note;
    x.a.target.plan = plan;
    chitieu_chart c = {.indicator = &x.ind, .area_name = area, .series = x.s, .projection = &x.p,
                       .targets = &x.a, .ntargets = 1, .source = src};
    char *sc;
    assert_int_equal(chitieu_chart_script(&sc, &c, CHITIEU_CHART_PNG, "hostile.png"), 0);
    /* no raw line break inside a string: the name appears literally */
    assert_non_null(strstr(sc, "`touch "));
    /* apostrophes never go in single quotes (gnuplot mis-reads '' runs): "'" joined with '.' */
    assert_non_null(strstr(sc, "set ylabel \"'\".'; system('.\"'\".'touch "));
    assert_null(strstr(sc, "A\nsystem"));
    assert_non_null(strstr(sc, "set label 4 'Lưu ý: Ghi chú `touch "));
    assert_null(strstr(sc, "\n'); system"));
    if (chitieu_chart_render((const char *const *)&sc, 1, dir)) {
        FILE *dump = fopen("/tmp/hostile.gp", "w");
        if (dump) { fputs(sc, dump); fclose(dump); }
        fail_msg("%s", chitieu_error_last());
    }
    assert_true(exists("hostile.png"));
    assert_true(starts_with("hostile.png", "\x89PNG\r\n\x1a\n", 8));
    const char *marks[] = {"PWNED1", "PWNED2", "PWNED3", "PWNED4", "PWNED5", "PWNED6", "PWNED7", "PWNED8"};
    for (size_t i = 0; i < 8; i++) assert_false(exists(marks[i]));
    free(sc);
    chitieu_series_free(x.s);
}

static void test_formats_and_one_process(void **state)
{
    (void)state;
    if (!chitieu_chart_have_gnuplot()) { skip(); return; }
    fixture x;
    make_fixture(&x, "Độ che phủ rừng", "%");
    chitieu_chart c = {.indicator = &x.ind, .area_name = "Bến Tre", .series = x.s, .projection = &x.p,
                       .targets = &x.a, .ntargets = 1, .source = NULL};
    char *sc[4];
    assert_int_equal(chitieu_chart_script(&sc[0], &c, CHITIEU_CHART_PNG, "a.png"), 0);
    assert_int_equal(chitieu_chart_script(&sc[1], &c, CHITIEU_CHART_SVG, "a.svg"), 0);
    assert_int_equal(chitieu_chart_script(&sc[2], &c, CHITIEU_CHART_PDF, "a.pdf"), 0);
    /* an overview whose labels hold '%' (tic labels are formats to gnuplot) */
    x.a.target.indicator = "SHARE_%d_%s";
    assert_int_equal(chitieu_chart_overview(&sc[3], &x.a, NULL, 1, CHITIEU_LANG_VI, CHITIEU_CHART_PNG, "overview.png"), 0);
    assert_int_equal(chitieu_chart_render((const char *const *)sc, 4, dir), 0);
    assert_true(starts_with("a.png", "\x89PNG", 4));
    assert_true(starts_with("a.svg", "<svg", 4));
    assert_true(starts_with("a.pdf", "%PDF-", 5));
    assert_true(starts_with("overview.png", "\x89PNG", 4));
    /* a target without data gets no row and no dot (a dot at 0% would read as a probability): counted */
    chitieu_assessment two[2] = {x.a, x.a};
    two[1].status = CHITIEU_STATUS_NO_DATA;
    two[1].probability = NAN;
    two[1].target.indicator = "EMPTY";
    char *ov;
    const char *labels[] = {"Độ che phủ rừng · Bến Tre · 2025", "EMPTY"};
    assert_int_equal(chitieu_chart_overview(&ov, two, labels, 2, CHITIEU_LANG_VI, CHITIEU_CHART_PNG, "o2.png"), 0);
    assert_null(strstr(ov, "EMPTY"));
    assert_non_null(strstr(ov, "set ytics ('' 1)\nset label 101 'Độ che phủ rừng · Bến Tre · 2025' at graph 0, first 1 right"));
    assert_non_null(strstr(ov, "set label 1 '1 mục tiêu chưa đủ số liệu nên không có trên biểu đồ (xem mục Số liệu còn thiếu)'"));
    assert_non_null(strstr(ov, "set yrange [1.5:0.5]"));
    /* the margin fits the widest label (32 characters): 32 * 0.72 + 3 = 26, not the 30 that left a
     * blank strip left of the labels */
    assert_non_null(strstr(ov, "set lmargin 26\n"));
    assert_non_null(strstr(ov, "$s5 << EOD\nEOD\n")); /* the no-data block is empty */
    free(ov);
    /* a row's name holding '%' is drawn whole: as a tic label gnuplot formatted it into 50 bytes (the World Bank's
     * "Employment in agriculture (% of total employment) (modeled ILO estimate)" ended at "employment)") */
    const char *wide[] = {"Employment in agriculture (% of total employment) (modeled ILO estimate) · 2030"};
    assert_int_equal(chitieu_chart_overview(&ov, &x.a, wide, 1, CHITIEU_LANG_EN, CHITIEU_CHART_SVG, "o3.svg"), 0);
    assert_non_null(strstr(ov, "set label 101 'Employment in agriculture (% of total employment) (modeled ILO estimate)"));
    assert_int_equal(chitieu_chart_render((const char *const *)&ov, 1, dir), 0);
    assert_true(file_has("o3.svg", "(modeled ILO estimate) · 2030"));
    free(ov);
    for (int i = 0; i < 4; i++) free(sc[i]);
    chitieu_series_free(x.s);
}

static void test_no_data_chart_and_gnuplot_error(void **state)
{
    (void)state;
    if (!chitieu_chart_have_gnuplot()) { skip(); return; }
    fixture x;
    make_fixture(&x, "Chưa có số liệu", "người");
    chitieu_series *empty;
    assert_int_equal(chitieu_series_from(&empty, NULL, NULL, NULL, 0), 0);
    x.a.target.shape = CHITIEU_SHAPE_AVG_GROWTH; /* needs a base level: nothing to draw */
    x.a.target.from = 2021;
    x.a.status = CHITIEU_STATUS_NO_DATA;
    x.a.probability = NAN;
    chitieu_chart c = {.indicator = &x.ind, .area_name = NULL, .series = empty, .projection = NULL,
                       .targets = &x.a, .ntargets = 1, .source = NULL};
    char *sc;
    assert_int_equal(chitieu_chart_script(&sc, &c, CHITIEU_CHART_PNG, "empty.png"), 0);
    assert_non_null(strstr(sc, "Chưa có số liệu"));
    assert_int_equal(chitieu_chart_render((const char *const *)&sc, 1, dir), 0);
    assert_true(starts_with("empty.png", "\x89PNG", 4));
    free(sc);
    const char *broken = "plot this is not gnuplot\n";
    assert_int_equal(chitieu_chart_render(&broken, 1, dir), CHITIEU_ERROR);
    assert_non_null(strstr(chitieu_error_last(), "gnuplot failed"));
    assert_non_null(strstr(chitieu_error_last(), "line 2")); /* line 1 is the cd */
    chitieu_series_free(empty);
    chitieu_series_free(x.s);
}

/* The margins of a PDF chart hold as many pixels as an SVG chart's: gnuplot counts them in the terminal's lines, 59 to
 * a PDF chart's 684 pixels against 35 in SVG, and a bottom margin of 10 PDF lines (116 px, not 195) drew the key
 * over the year labels.  By hand: 10 x 59/35 = 16.857 lines; the top, 3.5 + 1.3 (one status line) = 4.8 x 59/35 =
 * 8.09; with a caveat of one line, 11 x 59/35 = 18.543.  SVG and PNG: 10 and 4.8 as before. */
static void test_pdf_margins(void **state)
{
    (void)state;
    fixture x;
    make_fixture(&x, "Tỷ lệ", "%");
    chitieu_chart c = {.indicator = &x.ind, .area_name = "Tỉnh X", .series = x.s, .projection = &x.p,
                       .targets = &x.a, .ntargets = 1};
    char *sc;
    assert_int_equal(chitieu_chart_script(&sc, &c, CHITIEU_CHART_PDF, "m.pdf"), 0);
    assert_non_null(strstr(sc, "set tmargin 8.1\nset bmargin 16.8571\n"));
    free(sc);
    for (int k = 0; k < 2; k++) {
        assert_int_equal(chitieu_chart_script(&sc, &c, k ? CHITIEU_CHART_PNG : CHITIEU_CHART_SVG, "m"), 0);
        assert_non_null(strstr(sc, "set tmargin 4.8\nset bmargin 10\n"));
        free(sc);
    }
    x.ind.note = "Ước tính.";
    assert_int_equal(chitieu_chart_script(&sc, &c, CHITIEU_CHART_PDF, "m.pdf"), 0);
    assert_non_null(strstr(sc, "set bmargin 18.5429\nset key at screen 0.5, screen "));
    free(sc);
    chitieu_series_free(x.s);
}

/* One-year targets inside the chart whose markers would cover each other (the same year, values within 6% of the
 * frame: 95 and 96% in 2024 on a frame of about 75..100) stand side by side, 0.44 of a year apart about the year,
 * each its own shape (triangle, diamond) named in the key by its words; the same value from another plan is the
 * same marker, named once; far apart (85 and 99% in 2023) or at the edge (2025, labelled there): as before.  In
 * SVG, PNG and PDF, Vietnamese and English. */
static void test_side_by_side_markers(void **state)
{
    (void)state;
    fixture x;
    make_fixture(&x, "Tỷ lệ", "%");
    chitieu_assessment t[6];
    int year[6] = {2024, 2024, 2024, 2025, 2023, 2023};
    double low[6] = {95, 96, 96, 95, 85, 99};
    for (int i = 0; i < 6; i++) {
        t[i] = x.a;
        t[i].target.year = year[i];
        t[i].target.low = low[i];
    }
    t[2].target.plan = "Q";
    chitieu_chart c = {.indicator = &x.ind, .area_name = "Tỉnh X", .series = x.s, .projection = &x.p,
                       .targets = t, .ntargets = 6};
    chitieu_chart_format fmt[3] = {CHITIEU_CHART_SVG, CHITIEU_CHART_PNG, CHITIEU_CHART_PDF};
    static const char *const name[3] = {"s.svg", "s.png", "s.pdf"}, *const magic[3] = {"<?xml", "\x89PNG", "%PDF"};
    for (int k = 0; k < 6; k++) {
        char *sc;
        c.lang = k < 3 ? CHITIEU_LANG_VI : CHITIEU_LANG_EN;
        assert_int_equal(chitieu_chart_script(&sc, &c, fmt[k % 3], name[k % 3]), 0);
        assert_non_null(strstr(sc, k < 3 ? "$t0 using ($1-0.220):2 with points ls 7 pt 9 ps 1.4 title 'Mục tiêu: năm 2024 ≥ 95%'"
                                         : "$t0 using ($1-0.220):2 with points ls 7 pt 9 ps 1.4 title 'Target: ≥ 95% in 2024'"));
        assert_non_null(strstr(sc, k < 3 ? "$t1 using ($1+0.220):2 with points ls 7 pt 13 ps 1.4 title 'Mục tiêu: năm 2024 ≥ 96%'"
                                         : "$t1 using ($1+0.220):2 with points ls 7 pt 13 ps 1.4 title 'Target: ≥ 96% in 2024'"));
        assert_non_null(strstr(sc, "$t2 using ($1+0.220):2 with points ls 7 pt 13 ps 1.4 notitle"));
        for (int i = 3; i < 6; i++) {
            char want[64];
            snprintf(want, sizeof want, "$t%d using 1:2 with points ls 7", i);
            assert_non_null(strstr(sc, want));
        }
        assert_non_null(strstr(sc, "$t3 using 1:2 with points ls 7 title ")); /* the key's plain "Target" */
        if (chitieu_chart_have_gnuplot()) {
            assert_int_equal(chitieu_chart_render((const char *const *)&sc, 1, dir), 0);
            assert_true(starts_with(name[k % 3], magic[k % 3], strlen(magic[k % 3])));
            if (k % 3 == 0) assert_true(file_has("s.svg", k < 3 ? "Mục tiêu: năm 2024 ≥ 96%" : "Target: ≥ 96% in 2024"));
        }
        free(sc);
    }
    /* three close values: three places, the middle one on the year, a third shape */
    t[2].target.low = 95.5;
    assert_true(script_has(&c, "$t0 using ($1-0.440):2 with points ls 7 pt 9 ps 1.4 title "));
    assert_true(script_has(&c, "$t2 using ($1+0.000):2 with points ls 7 pt 13 ps 1.4 title "));
    assert_true(script_has(&c, "$t1 using ($1+0.440):2 with points ls 7 pt 5 ps 1.4 title "));
    chitieu_series_free(x.s);
}

/* Period targets are drawn as the path they require (values computed by hand):
 * avg_growth 10%/yr 2021-2023 from the 2020 level 85: 85, 93.5, 102.85, 113.135;
 * avg_change +2/yr 2021-2022 from 85: 85, 87, 89; cumulative 300 over 2021-2023: 100 a year;
 * ratio_to_base x2 of the 2018 level 80 by 2025: 80 -> 160; range 90-95 with no start year: a band over the 5 years up to it. */
static void test_period_targets_drawn_as_required_path(void **state)
{
    (void)state;
    fixture x;
    make_fixture(&x, "Chỉ tiêu kỳ", "tỷ đồng");
    chitieu_assessment t[5];
    for (int i = 0; i < 5; i++) t[i] = x.a;
    t[0].target.shape = CHITIEU_SHAPE_AVG_GROWTH; t[0].target.from = 2021; t[0].target.year = 2023;
    t[0].target.low = 10;
    t[1].target.shape = CHITIEU_SHAPE_AVG_CHANGE; t[1].target.from = 2021; t[1].target.year = 2022;
    t[1].target.low = 2;
    t[2].target.shape = CHITIEU_SHAPE_CUMULATIVE; t[2].target.from = 2021; t[2].target.year = 2023;
    t[2].target.low = 300;
    t[3].target.shape = CHITIEU_SHAPE_RATIO_TO_BASE; t[3].target.from = 2018; t[3].target.year = 2025;
    t[3].target.low = 2;
    t[4].target.shape = CHITIEU_SHAPE_RANGE; t[4].target.from = 0; t[4].target.year = 2025;
    t[4].target.low = 90; t[4].target.high = 95;
    chitieu_chart c = {.indicator = &x.ind, .area_name = "Tỉnh X", .series = x.s, .projection = &x.p,
                       .targets = t, .ntargets = 5, .source = NULL};
    char *sc;
    assert_int_equal(chitieu_chart_script(&sc, &c, CHITIEU_CHART_PNG, "period.png"), 0);
    assert_non_null(strstr(sc, "$t0 << EOD\n2020 85\n2021 93.5\n2022 102.85\n2023 113.135\n"));
    assert_non_null(strstr(sc, "$t1 << EOD\n2020 85\n2021 87\n2022 89\n"));
    assert_non_null(strstr(sc, "$t2 << EOD\n2021 100\n2023 100\n"));
    assert_non_null(strstr(sc, "$t3 << EOD\n2018 80\n2025 160\n"));
    /* a range for 2025 alone: a bar from 90 to 95 at 2025 (vectors: x y dx dy) and its two markers */
    assert_non_null(strstr(sc, "$b4 << EOD\n2025 90 0 5\nEOD\n"));
    assert_non_null(strstr(sc, "$b4 using 1:2:3:4 with vectors nohead ls 8"));
    assert_non_null(strstr(sc, "$t4 << EOD\n2025 90\n2025 95\nEOD\n"));
    if (chitieu_chart_have_gnuplot()) {
        assert_int_equal(chitieu_chart_render((const char *const *)&sc, 1, dir), 0);
        assert_true(starts_with("period.png", "\x89PNG", 4));
    }
    free(sc);
    chitieu_series_free(x.s);
}

/* What the pack's charts add: targets in words, the axis in the language's numbers, what an average
 * target needs in the years left (the required pace), the series an exceeds target is compared with,
 * and history from --since. */
static void test_words_needed_versus(void **state)
{
    (void)state;
    fixture x;
    make_fixture(&x, "Kim ngạch xuất khẩu", "triệu USD");
    for (int i = 0; i < 5; i++) x.s->values[i] *= 1000; /* 80.000 .. 88.250: the axis needs groups */
    for (int k = 0; k < 3; k++) {
        x.pt[k] *= 1000; x.lo80[k] *= 1000; x.hi80[k] *= 1000; x.lo95[k] *= 1000; x.hi95[k] *= 1000;
    }
    chitieu_assessment t[2] = {x.a, x.a};
    /* avg_growth 9%/yr 2021-2025 from 2020 (85.000); 12.5%/yr needed from 88.250 in 2022: hand
     * 88250*1.125 = 99281.25, *1.125^2 = 111691.40625, *1.125^3 = 125652.8320 */
    t[0].target.shape = CHITIEU_SHAPE_AVG_GROWTH; t[0].target.from = 2021; t[0].target.low = 9;
    t[0].required_pace = 12.5;
    t[0].status = CHITIEU_STATUS_OFF_TRACK;
    t[0].probability = 0.04;
    t[1].target.shape = CHITIEU_SHAPE_EXCEEDS; t[1].target.from = 2019; t[1].target.low = NAN;
    int vy[] = {2018, 2020, 2022};
    double vv[] = {70000, 75000, 81000};
    chitieu_series *vs;
    assert_int_equal(chitieu_series_from(&vs, vy, vv, NULL, 3), 0);
    chitieu_chart c = {.indicator = &x.ind, .area_name = "Tỉnh X", .series = x.s, .projection = &x.p,
                       .targets = t, .ntargets = 2, .versus = vs, .versus_name = "Cả nước (X)", .since = 2010};
    char *sc;
    assert_int_equal(chitieu_chart_script(&sc, &c, CHITIEU_CHART_SVG, "w.svg"), 0);
    assert_non_null(strstr(sc, "bình quân 2021–2025 tăng ≥ 9%/năm — Chệch hướng, xác suất đạt 4%"));
    assert_non_null(strstr(sc, "2019–2025 tăng nhanh hơn cả nước (X) — Có nguy cơ, xác suất đạt 42%"));
    assert_non_null(strstr(sc, "$n0 << EOD\n2022 88250\n2023 99281.25\n2024 111691.4062\n2025 125652.832\nEOD"));
    assert_non_null(strstr(sc, "title 'Cần đạt các năm còn lại'"));
    assert_non_null(strstr(sc, "$vs << EOD\n2018 70000\n2020 75000\n2022 81000\nEOD"));
    assert_non_null(strstr(sc, "with linespoints ls 10 title 'So sánh: Cả nước (X)'"));
    /* y from 70.000 (versus) to 130.783 (the target path: 85.000 * 1.09^5): (130783 - 70000) / 6 = 10130
     * a step, rounded up to 20.000; labelled with dot groups */
    assert_non_null(strstr(sc, "set yrange [60000:140000]\nset ytics ('60.000' 60000, '80.000' 80000, "));
    assert_non_null(strstr(sc, "'140.000' 140000)"));
    /* --since 2010; 0.3 of a year beyond both ends, so a marker at 2010 or 2025 is not cut by the y axis */
    assert_non_null(strstr(sc, "set xrange [2009.7:2025.3]\n"));
    assert_non_null(strstr(sc, "set xlabel 'Năm'"));
    assert_non_null(strstr(sc, "set ylabel 'triệu USD'"));
    free(sc);
    c.lang = CHITIEU_LANG_EN;
    c.since = 0;
    assert_int_equal(chitieu_chart_script(&sc, &c, CHITIEU_CHART_SVG, "w.svg"), 0);
    assert_non_null(strstr(sc, "average growth ≥ 9%/yr 2021–2025 — Off track, probability 4%"));
    assert_non_null(strstr(sc, "set ytics ('60,000' 60000, "));
    assert_non_null(strstr(sc, "set ylabel 'million USD'"));
    assert_non_null(strstr(sc, "title 'Compared with: Cả nước (X)'"));
    assert_non_null(strstr(sc, "set xrange [2017.7:2025.3]\n")); /* the first figure and the exceeds base year 2018 */
    free(sc);
    /* an average rate over 2024-2025 with figures to 2022: needed in 2024 and 2025, not from 2023 */
    chitieu_assessment r = x.a;
    r.target.shape = CHITIEU_SHAPE_AVG_RATE; r.target.from = 2024; r.target.year = 2025;
    r.target.low = 7; r.target.high = NAN;
    r.required_pace = 7.5;
    r.status = CHITIEU_STATUS_OFF_TRACK;
    c.targets = &r;
    c.ntargets = 1;
    assert_int_equal(chitieu_chart_script(&sc, &c, CHITIEU_CHART_SVG, "w.svg"), 0);
    assert_non_null(strstr(sc, "$n0 << EOD\n2024 7.5\n2025 7.5\nEOD"));
    free(sc);
    chitieu_series_free(vs);
    chitieu_series_free(x.s);
}

/* Whether s is well-formed UTF-8 (no lead byte without its continuation bytes, no stray continuation byte). */
static int utf8_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int k = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2 : (*p & 0xF8) == 0xF0 ? 3 : -1;
        if (k < 0) return 0;
        p++;
        for (int i = 0; i < k; i++, p++)
            if ((*p & 0xC0) != 0x80) return 0;
    }
    return 1;
}

/* Names longer than the script's text buffers (an indicator name, an area and a compared series of 400 letters
 * of three bytes each): every text is cut at a whole character, so the script, and the SVG gnuplot writes from
 * it, stay UTF-8 (a browser shows no image for an SVG that is not). */
static void test_long_names_cut_whole(void **state)
{
    (void)state;
    char name[1300] = "", area[1300] = "", vsname[1300] = "";
    for (int i = 0; i < 400; i++) {
        strcat(name, "ệ");
        strcat(area, "ộ");
        strcat(vsname, "ữ");
    }
    fixture x;
    make_fixture(&x, name, "%");
    x.a.target.shape = CHITIEU_SHAPE_EXCEEDS;
    x.a.target.from = 2019;
    int vy[] = {2018, 2020};
    double vv[] = {70, 75};
    chitieu_series *vs;
    assert_int_equal(chitieu_series_from(&vs, vy, vv, NULL, 2), 0);
    chitieu_chart c = {.indicator = &x.ind, .area_name = area, .series = x.s, .projection = &x.p,
                       .targets = &x.a, .ntargets = 1, .versus = vs, .versus_name = vsname};
    char *sc;
    assert_int_equal(chitieu_chart_script(&sc, &c, CHITIEU_CHART_SVG, "long.svg"), 0);
    assert_non_null(strstr(sc, "set title 'ệệệ"));
    assert_non_null(strstr(sc, "title 'So sánh: ữữữ"));
    if (!utf8_ok(sc)) fail_msg("the script is not UTF-8: a text was cut inside a character");
    free(sc);
    chitieu_series_free(vs);
    chitieu_series_free(x.s);
}

/* The sources line under a chart is cut to what its image holds at font 9 (about 4.9 pixels a character in SVG, 6.4
 * in PNG and PDF, measured on the demo's charts: a PNG cut 169 characters in at its right edge, "Nghị q"): 190
 * characters in SVG, 165 in PNG and PDF, then "…"; a short one whole. */
static void test_source_line_fits(void **state)
{
    (void)state;
    char src[1200] = "";
    for (int i = 0; i < 30; i++) strcat(src, "Nghị quyết 16/2021/QH15; ");
    fixture x;
    make_fixture(&x, "Tốc độ tăng trưởng GDP", "%");
    chitieu_chart c = {.indicator = &x.ind, .area_name = "Việt Nam", .series = x.s, .projection = &x.p,
                       .targets = &x.a, .ntargets = 1, .source = src};
    chitieu_chart_format fmt[3] = {CHITIEU_CHART_SVG, CHITIEU_CHART_PNG, CHITIEU_CHART_PDF};
    size_t want[3] = {190, 165, 165};
    char *sc, label[1400];
    for (int k = 0; k < 3; k++) {
        assert_int_equal(chitieu_chart_script(&sc, &c, fmt[k], "s.img"), 0);
        assert_non_null(label_text(label, sizeof label, sc, 2));
        assert_int_equal(chitieu_words_width(label), want[k] + 1); /* and the "…" */
        assert_true(strncmp(label, "Nguồn: Nghị quyết 16/2021/QH15; ", 32) == 0);
        assert_string_equal(label + strlen(label) - strlen("…"), "…");
        free(sc);
    }
    c.source = "Nghị quyết 16/2021/QH15";
    assert_int_equal(chitieu_chart_script(&sc, &c, CHITIEU_CHART_PNG, "s.png"), 0);
    assert_string_equal(label_text(label, sizeof label, sc, 2), "Nguồn: Nghị quyết 16/2021/QH15");
    free(sc);
    chitieu_series_free(x.s);
}

/* At most 4 status lines: the rest are counted, "… +1 more target" (one) and "… +2 more targets" in English; the
 * overview's count of targets it does not draw likewise. */
static void test_more_targets_counted(void **state)
{
    (void)state;
    fixture x;
    make_fixture(&x, "Kim ngạch xuất khẩu", "triệu USD");
    chitieu_assessment t[6];
    for (int i = 0; i < 6; i++) {
        t[i] = x.a;
        t[i].target.year = 2025 + i;
    }
    chitieu_chart c = {.indicator = &x.ind, .area_name = "Tỉnh X", .series = x.s, .projection = &x.p,
                       .targets = t, .ntargets = 5, .lang = CHITIEU_LANG_EN};
    char *sc;
    assert_int_equal(chitieu_chart_script(&sc, &c, CHITIEU_CHART_SVG, "m.svg"), 0);
    assert_non_null(strstr(sc, "set label 19 '… +1 more target (see the table)'"));
    free(sc);
    c.ntargets = 6;
    assert_int_equal(chitieu_chart_script(&sc, &c, CHITIEU_CHART_SVG, "m.svg"), 0);
    assert_non_null(strstr(sc, "set label 19 '… +2 more targets (see the table)'"));
    free(sc);
    c.lang = CHITIEU_LANG_VI;
    c.ntargets = 5;
    assert_int_equal(chitieu_chart_script(&sc, &c, CHITIEU_CHART_SVG, "m.svg"), 0);
    assert_non_null(strstr(sc, "set label 19 '… +1 mục tiêu khác (xem bảng)'"));
    free(sc);
    /* one target set by several plans is one status line that says how many: t0 = t2 = t3 (2025), t1 = t6
     * (2026), t4 (2029), t5 (2030): four lines tell all seven targets, no "+N"; with t5, t6 moved to 2031 and
     * 2032, five lines, four shown telling six targets, "+1" */
    chitieu_assessment d[7];
    for (int i = 0; i < 7; i++) d[i] = t[i < 6 ? i : 1];
    d[2].target.year = d[3].target.year = 2025;
    c.targets = d;
    c.ntargets = 7;
    assert_int_equal(chitieu_chart_script(&sc, &c, CHITIEU_CHART_SVG, "m.svg"), 0);
    assert_non_null(strstr(sc, "set label 10 'năm 2025 ≥ 95 triệu USD — Có nguy cơ, xác suất đạt 42% (3 kế hoạch)' "));
    assert_non_null(strstr(sc, "set label 11 'năm 2026 ≥ 95 triệu USD — Có nguy cơ, xác suất đạt 42% (2 kế hoạch)' "));
    assert_non_null(strstr(sc, "set label 12 'năm 2029 ≥ 95 triệu USD — Có nguy cơ, xác suất đạt 42%' "));
    assert_non_null(strstr(sc, "set label 13 'năm 2030 ≥ 95 triệu USD — Có nguy cơ, xác suất đạt 42%' "));
    assert_null(strstr(sc, "set label 14 "));
    assert_null(strstr(sc, "set label 19 ")); /* all seven told */
    free(sc);
    d[5].target.year = 2031;
    d[6].target.year = 2032;
    c.ntargets = 7;
    assert_int_equal(chitieu_chart_script(&sc, &c, CHITIEU_CHART_SVG, "m.svg"), 0);
    assert_non_null(strstr(sc, "set label 19 '… +1 mục tiêu khác (xem bảng)'")); /* 2032 left */
    free(sc);
    /* "+N" at the right of the shortest status line, not over a long one: rows 2026, 2029, 2030 and 2025 "(3 kế
     * hoạch)" (the longest, the lowest row at offset 0.8), 2032 untold: the first shortest is the top row, 2026,
     * at 0.8 + 3 * 1.3 = 4.7 */
    int ey[7] = {2026, 2029, 2030, 2025, 2025, 2025, 2032};
    for (int i = 0; i < 7; i++) { d[i] = t[0]; d[i].target.year = ey[i]; }
    assert_int_equal(chitieu_chart_script(&sc, &c, CHITIEU_CHART_SVG, "m.svg"), 0);
    assert_non_null(strstr(sc, "set label 13 'năm 2025 ≥ 95 triệu USD — Có nguy cơ, xác suất đạt 42% (3 kế hoạch)' "
                               "at graph 0, graph 1 offset 0,0.8 "));
    assert_non_null(strstr(sc, "set label 19 '… +1 mục tiêu khác (xem bảng)' at graph 1, graph 1 offset 0,4.7 right"));
    free(sc);
    c.targets = t;
    /* the overview counts the targets it does not draw the same way */
    t[1].status = t[2].status = CHITIEU_STATUS_NO_DATA;
    assert_int_equal(chitieu_chart_overview(&sc, t, NULL, 2, CHITIEU_LANG_EN, CHITIEU_CHART_SVG, "o.svg"), 0);
    assert_non_null(strstr(sc, "'1 target without enough figures is not drawn (see Figures owed)'"));
    free(sc);
    assert_int_equal(chitieu_chart_overview(&sc, t, NULL, 3, CHITIEU_LANG_EN, CHITIEU_CHART_SVG, "o.svg"), 0);
    assert_non_null(strstr(sc, "'2 targets without enough figures are not drawn (see Figures owed)'"));
    free(sc);
    chitieu_series_free(x.s);
}

/* The hostile text comes out literally in a rendered SVG (XML-escaped by gnuplot). */
static void test_hostile_text_literal_in_svg(void **state)
{
    (void)state;
    if (!chitieu_chart_have_gnuplot()) { skip(); return; }
    char name[256];
    snprintf(name, sizeof name, "`touch %s/PWNED7` $(id) @m %%s \\n", dir);
    fixture x;
    make_fixture(&x, name, "'u'");
    chitieu_chart c = {.indicator = &x.ind, .area_name = "A\nB", .series = x.s, .projection = &x.p,
                       .targets = &x.a, .ntargets = 1, .source = "src `id`"};
    char *sc;
    assert_int_equal(chitieu_chart_script(&sc, &c, CHITIEU_CHART_SVG, "hostile.svg"), 0);
    assert_int_equal(chitieu_chart_render((const char *const *)&sc, 1, dir), 0);
    free(sc);
    assert_false(exists("PWNED7"));
    char p[512];
    snprintf(p, sizeof p, "%s/hostile.svg", dir);
    FILE *f = fopen(p, "rb");
    assert_non_null(f);
    static char svg[1 << 20];
    size_t got = fread(svg, 1, sizeof svg - 1, f);
    fclose(f);
    svg[got] = 0;
    char want[256];
    /* title: the name, an em dash, the area with its line break turned into a space */
    snprintf(want, sizeof want, "`touch %s/PWNED7` $(id) @m %%s \\n — A B", dir);
    assert_non_null(strstr(svg, want));
    assert_non_null(strstr(svg, "src `id`"));
    assert_true(strstr(svg, ">'u'<") || strstr(svg, ">&apos;u&apos;<") || strstr(svg, ">&#39;u&#39;<"));
    chitieu_series_free(x.s);
}

/* Missing years break the observed line (a blank line in $obs: gnuplot starts a new segment), so a
 * gap shows; the markers of every figure stay.  Synthetic: 2016, 2022, 2024 as Bến Tre's exports. */
static void test_gap_breaks_the_line(void **state)
{
    (void)state;
    fixture x;
    make_fixture(&x, "Kim ngạch", "triệu USD");
    chitieu_series_free(x.s);
    int years[] = {2016, 2022, 2023, 2024};
    double v[] = {720, 1510, 1600, 1750};
    assert_int_equal(chitieu_series_from(&x.s, years, v, NULL, 4), 0);
    x.a.target.shape = CHITIEU_SHAPE_EACH_YEAR; /* a period: still a line over its years */
    x.a.target.from = 2021;
    chitieu_chart c = {.indicator = &x.ind, .area_name = "Tỉnh X", .series = x.s, .projection = NULL,
                       .targets = &x.a, .ntargets = 1, .source = NULL};
    char *sc;
    assert_int_equal(chitieu_chart_script(&sc, &c, CHITIEU_CHART_SVG, "gap.svg"), 0);
    assert_non_null(strstr(sc, "$obs << EOD\n2016 720\n\n2022 1510\n2023 1600\n2024 1750\nEOD\n"));
    assert_non_null(strstr(sc, "$obsA << EOD\n2016 720\n2022 1510\n2023 1600\n2024 1750\nEOD\n"));
    assert_non_null(strstr(sc, "$t0 << EOD\n2021 95\n2025 95\n"));
    assert_non_null(strstr(sc, "$t0 using 1:2 with lines ls 7"));
    free(sc);
    chitieu_series_free(x.s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stem),
        cmocka_unit_test(test_script_carries_data),
        cmocka_unit_test_setup_teardown(test_hostile_text_renders_and_runs_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_formats_and_one_process, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_data_chart_and_gnuplot_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_period_targets_drawn_as_required_path, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hostile_text_literal_in_svg, setup, teardown),
        cmocka_unit_test(test_words_needed_versus),
        cmocka_unit_test(test_long_names_cut_whole),
        cmocka_unit_test(test_more_targets_counted),
        cmocka_unit_test(test_gap_breaks_the_line),
        cmocka_unit_test(test_pdf_margins),
        cmocka_unit_test_setup_teardown(test_side_by_side_markers, setup, teardown),
        cmocka_unit_test(test_axis_stops_at_bound),
        cmocka_unit_test(test_axis_minimum_span),
        cmocka_unit_test_setup_teardown(test_needed_pace_once, setup, teardown),
        cmocka_unit_test(test_caveat_lines),
        cmocka_unit_test_setup_teardown(test_edge_labels, setup, teardown),
        cmocka_unit_test(test_source_line_fits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
