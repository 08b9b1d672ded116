/*
 * tests/test_areas.c — unit tests of areas over time (engine/areas.c, the successions and rules of the
 * loader in engine/succession.c, schema migration 3): aggregation rules and dates parsed; a merger of three
 * provinces loaded from CSV whose series before the merger equal the aggregates computed by hand for each
 * rule (sum, population-weighted mean, ratio of sums, growth of the summed level); a split with shares;
 * a province summed from its communes (and no value, with its reason, when one commune is missing); a
 * stored figure winning over a rebuilt one; an assessment on a rebuilt series; every refused input with
 * its file:line (cycles, over-full shares, shares outside (0,1], unknown areas and indicators, rules that
 * depend on themselves); an area's validity shown; earlier versions kept in the history tables.
 * Data: the synthetic fixtures of tests/fixtures/areas/ (README there) and small synthetic files the
 * tests write.
 */
#include "chitieu/areas.h"
#include "chitieu/assess.h"
#include "fixture.h"

#define FX "fixtures/areas/"

/* A fresh store with the fixtures of fixtures/areas/. */
static int setup(void **state)
{
    static const char *const all[] = {FX "observations.csv", FX "indicators.csv", FX "successions.csv",
                                      FX "areas.csv"};
    return fx_setup(state, "areas", all, 4);
}

/* The value of indicator in area for year must be `want` (relative 1e-12) with `status`. */
static void expect(chitieu_areas *s, const char *ind, const char *area, int year, double want, char status)
{
    double v = NAN;
    char st = 0;
    int r = chitieu_areas_value(&v, &st, NULL, s, ind, area, year);
    if (r != 1)
        fail_msg("%s %s %d: no value (%d: %s)", ind, area, year, r, chitieu_error_last());
    if (!(fabs(v - want) <= 1e-12 * fabs(want)) || st != status)
        fail_msg("%s %s %d: %.17g %c, wanted %.17g %c", ind, area, year, v, st, want, status);
}

static void expect_none(chitieu_areas *s, const char *ind, const char *area, int year)
{
    double v;
    char st;
    assert_int_equal(chitieu_areas_value(&v, &st, NULL, s, ind, area, year), 0);
}

static void test_rules_and_dates(void **state)
{
    (void)state;
    chitieu_agg r;
    assert_int_equal(chitieu_agg_parse(&r, ""), 0);
    assert_int_equal(r.kind, CHITIEU_AGG_NONE);
    assert_int_equal(chitieu_agg_parse(&r, "none"), 0);
    assert_int_equal(r.kind, CHITIEU_AGG_NONE);
    assert_int_equal(chitieu_agg_parse(&r, "sum"), 0);
    assert_int_equal(r.kind, CHITIEU_AGG_SUM);
    assert_int_equal(chitieu_agg_parse(&r, "mean:POP"), 0);
    assert_int_equal(r.kind, CHITIEU_AGG_MEAN);
    assert_string_equal(r.a, "POP");
    chitieu_agg_clear(&r);
    assert_int_equal(chitieu_agg_parse(&r, "ratio:BEDS/POP*10000"), 0);
    assert_int_equal(r.kind, CHITIEU_AGG_RATIO);
    assert_string_equal(r.a, "BEDS");
    assert_string_equal(r.b, "POP");
    assert_true(r.k == 10000);
    chitieu_agg_clear(&r);
    assert_int_equal(chitieu_agg_parse(&r, "ratio:GRDP/POP"), 0);
    assert_true(r.k == 1);
    chitieu_agg_clear(&r);
    assert_int_equal(chitieu_agg_parse(&r, "growth:GRDP_R"), 0);
    assert_int_equal(r.kind, CHITIEU_AGG_GROWTH);
    assert_string_equal(r.a, "GRDP_R");
    assert_null(r.b);
    chitieu_agg_clear(&r);
    chitieu_agg_clear(NULL);
    const char *bad[] = {"average", "mean:", "mean", "ratio:GRDP", "ratio:/POP", "ratio:GRDP/", "ratio:A/B*0",
                         "ratio:A/B*-2", "ratio:A/B*x", "ratio:POP/POP", "growth:", "growth:A B", "SUM"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(chitieu_agg_parse(&r, bad[i]), CHITIEU_EINVALID);
        assert_null(r.a);
    }
    assert_non_null(strstr((chitieu_agg_parse(&r, "average"), chitieu_error_last()),
                           "sum, mean:W, ratio:N/D, ratio:N/D*K, growth:L or none"));

    int d;
    assert_int_equal(chitieu_areas_parse_date(&d, "2025-07-01"), 0);
    assert_int_equal(d, 20250701);
    assert_int_equal(chitieu_areas_parse_date(&d, "2024-02-29"), 0);
    const char *bad_dates[] = {"2025-02-29", "1900-02-29", "2025-13-01", "2025-04-31", "2025-7-1", "01/07/2025",
                               "2025-07-01x", "", "1899-12-31"};
    for (size_t i = 0; i < sizeof bad_dates / sizeof *bad_dates; i++)
        assert_int_equal(chitieu_areas_parse_date(&d, bad_dates[i]), CHITIEU_EINVALID);
    assert_int_equal(chitieu_areas_parse_date(&d, "2000-02-29"), 0); /* divisible by 400 */

    chitieu_area old = {.valid_to = "2025-06-30"}, merged = {.valid_from = "2025-07-01"}, open = {0};
    assert_true(chitieu_areas_valid_in(&old, 2024));
    assert_false(chitieu_areas_valid_in(&old, 2025)); /* the map of a year is the one at its end */
    assert_false(chitieu_areas_valid_in(&merged, 2024));
    assert_true(chitieu_areas_valid_in(&merged, 2025));
    assert_true(chitieu_areas_valid_in(&open, 1990));
}

/* Province M = A + B + C (1 July 2025): every rule against hand computation from the fixture's figures. */
static void test_merge_by_each_rule(void **state)
{
    fx *f = *state;
    chitieu_areas *s;
    assert_int_equal(chitieu_areas_open(&s, f->st, 0), 0);
    /* sum: POP 1000+2000+500, 1010+2020+505; 2024 is stored for M (3600, the new boundaries) and wins */
    expect(s, "POP", "PM", 2022, 3500, 'D');
    expect(s, "POP", "PM", 2023, 3535, 'D');
    expect(s, "POP", "PM", 2024, 3600, 'A');
    expect(s, "GRDP", "PM", 2024, 121000 + 360000 + 60000, 'D');
    /* ratio of sums, never a mean of ratios: (100000+300000+50000)/3500 = 128.571..., while the provinces'
     * own per-capita figures (100, 150, 100) average 116.67 */
    expect(s, "GRDP_PC", "PM", 2022, 450000.0 / 3500.0, 'D');
    expect(s, "GRDP_PC", "PM", 2023, 495000.0 / 3535.0, 'D');
    expect(s, "GRDP_PC", "PM", 2024, 541000.0 / 3600.0, 'D'); /* the stored 2024 population */
    expect(s, "GRDP_PC", "PM", 2025, 600000.0 / 3610.0, 'D'); /* derived within M from its own figures */
    /* ratio with a factor: beds per 10,000 people = BEDS / (POP thousands) * 10 */
    expect(s, "BEDS_10K", "PM", 2022, (2000.0 + 5000 + 800) / 3500 * 10, 'D');
    /* growth of the summed level: (106000+318000+52000)/(100000+300000+50000) - 1 = 5.777...%, not the
     * mean of the provinces' growth rates (6, 6, 4) */
    expect(s, "GRDP_G", "PM", 2023, 100.0 * (476000.0 / 450000.0 - 1), 'D');
    expect(s, "GRDP_G", "PM", 2024, 100.0 * (497000.0 / 476000.0 - 1), 'D');
    expect(s, "GRDP_G", "PM", 2025, 100.0 * (520000.0 / 497000.0 - 1), 'D'); /* stored 2025 over rebuilt 2024 */
    expect_none(s, "GRDP_G", "PM", 2022);                                     /* no 2021 level */
    /* population-weighted mean: (2.0*1000 + 4.0*2000 + 10.0*500) / 3500 */
    expect(s, "POOR", "PM", 2022, 15000.0 / 3500.0, 'D');
    expect(s, "POOR", "PM", 2023, (1.8 * 1010 + 3.5 * 2020 + 9.0 * 505) / 3535, 'D');
    /* weights are the merged provinces' populations, not M's stored 2024 figure */
    expect(s, "POOR", "PM", 2024, (1.5 * 1020 + 3.0 * 2040 + 8.0 * 510) / 3570, 'D');
    expect_none(s, "INDEX", "PM", 2022); /* no rule: nothing is rebuilt */
    expect_none(s, "POP", "PM", 2021);

    /* the whole series, with provenance and statuses */
    chitieu_series *sr;
    chitieu_areas_gap *gaps;
    size_t ng;
    assert_int_equal(chitieu_areas_get(&sr, &gaps, &ng, s, "GRDP_PC", "PM"), 0);
    assert_int_equal(sr->n, 4);
    assert_int_equal(sr->years[0], 2022);
    assert_non_null(sr->provenance);
    assert_string_equal(sr->provenance[0], "ratio GRDP/POP in PM; GRDP: sum of PA, PB, PC (went to PM on "
                                           "2025-07-01); POP: sum of PA, PB, PC (went to PM on 2025-07-01)");
    assert_string_equal(sr->provenance[3], "ratio GRDP/POP in PM");
    /* the same provenance as data, with the names a reader is shown (areas.csv, indicators.csv of fixtures/areas) */
    chitieu_areas_how *h;
    assert_int_equal(chitieu_areas_how_get(&h, s, "GRDP_PC", "PM", 2022), 1);
    assert_int_equal(h->rule, CHITIEU_AGG_RATIO);
    assert_string_equal(h->indicator.name, "GRDP per capita (synthetic)");
    assert_string_equal(h->area.name, "Province M = A + B + C (synthetic)");
    assert_string_equal(h->a.code, "GRDP");
    assert_string_equal(h->b.name, "Population (synthetic)");
    assert_true(h->k == 1 && h->year == 2022);
    assert_true(h->comp_status[0] == 'D' && h->comp_status[1] == 'D');
    const chitieu_areas_how *pop = h->comp[1];
    assert_non_null(pop);
    assert_int_equal(pop->rule, CHITIEU_AGG_SUM);
    assert_true(pop->went_to);
    assert_string_equal(pop->date, "2025-07-01");
    assert_int_equal(pop->nparts, 3);
    assert_string_equal(pop->parts[0].area.code, "PA");
    assert_string_equal(pop->parts[2].area.name, "Province C (synthetic)");
    assert_true(pop->parts[1].share == 1);
    assert_true(pop->comp[0] == NULL && pop->comp_status[0] == 0); /* one level down only */
    chitieu_areas_how_free(h);
    assert_int_equal(chitieu_areas_how_get(&h, s, "GRDP_PC", "PM", 2021), 0); /* no value */
    assert_null(h);
    assert_int_equal(chitieu_areas_how_get(&h, s, "POP", "PA", 2022), 0); /* stored */
    assert_null(h);
    assert_int_equal(chitieu_areas_how_get(&h, s, "POP", "NOPE", 2022), CHITIEU_ENOTFOUND);
    chitieu_areas_how_free(NULL);
    assert_int_equal(ng, 1); /* 2026: population stored, GRDP not */
    assert_int_equal(gaps[0].year, 2026);
    assert_string_equal(gaps[0].reason, "no value of the numerator GRDP in PM");
    chitieu_areas_gaps_free(gaps, ng);
    chitieu_series_free(sr);
    /* a series without rebuilt values has no provenance array; stored statuses are kept */
    assert_int_equal(chitieu_areas_get(&sr, NULL, NULL, s, "INDEX", "PA"), 0);
    assert_int_equal(sr->n, 3);
    assert_null(sr->provenance);
    assert_int_equal(sr->status[0], 'A');
    chitieu_series_free(sr);
    assert_int_equal(chitieu_areas_get(&sr, NULL, NULL, s, "NOPE", "PM"), CHITIEU_ENOTFOUND);
    assert_null(sr);
    assert_int_equal(chitieu_areas_get(&sr, NULL, NULL, s, "POP", "NOPE"), CHITIEU_ENOTFOUND);
    assert_string_equal(chitieu_error_last(), "unknown area 'NOPE'");
    chitieu_areas_close(s);
    chitieu_areas_close(NULL);

    /* a cut-off year: nothing after it is read, rebuilt values included */
    assert_int_equal(chitieu_areas_series(&sr, f->st, "GRDP_G", "PM", 2024), 0);
    assert_int_equal(sr->n, 2);
    assert_int_equal(sr->years[1], 2024);
    chitieu_series_free(sr);
}

/* Province D split: 0.4 to E, 0.6 to F.  A sum takes the share of the whole; a mean keeps D's rate (each
 * part weighted by share x population, which is D's rate for one piece). */
static void test_split_with_shares(void **state)
{
    fx *f = *state;
    chitieu_areas *s;
    assert_int_equal(chitieu_areas_open(&s, f->st, 0), 0);
    expect(s, "POP", "PE", 2022, 0.4 * 1000, 'D');
    expect(s, "POP", "PF", 2024, 0.6 * 1200, 'D');
    expect(s, "GRDP", "PE", 2023, 0.4 * 90000, 'D');
    expect(s, "POOR", "PE", 2022, 5.0, 'D');
    expect(s, "POOR", "PF", 2024, 3.0, 'D');
    char *prov;
    double v;
    char st;
    assert_int_equal(chitieu_areas_value(&v, &st, &prov, s, "POP", "PE", 2022), 1);
    assert_string_equal(prov, "sum of 0.4*PD (went to PE on 2025-07-01)");
    free(prov);
    chitieu_areas_how *h;
    assert_int_equal(chitieu_areas_how_get(&h, s, "POOR", "PE", 2022), 1);
    assert_int_equal(h->rule, CHITIEU_AGG_MEAN);
    assert_string_equal(h->a.code, "POP"); /* the weight */
    assert_int_equal(h->nparts, 1);
    assert_string_equal(h->parts[0].area.code, "PD");
    assert_true(h->parts[0].share == 0.4);
    chitieu_areas_how_free(h);
    /* two sessions of one store share its prepared reads: interleaved, and one closed before the other */
    chitieu_areas *s2;
    assert_int_equal(chitieu_areas_open(&s2, f->st, 0), 0);
    expect(s2, "POP", "PF", 2022, 0.6 * 1000, 'D');
    expect(s, "GRDP", "PF", 2023, 0.6 * 90000, 'D');
    expect(s2, "POOR", "PE", 2024, 3.0, 'D');
    chitieu_areas_close(s2);
    expect(s, "POP", "PE", 2024, 0.4 * 1200, 'D');
    /* the country: the provinces valid at the end of the year (the old ones in 2023), K summed from its
     * communes, so 1 of 5 is rebuilt */
    expect(s, "POP", "XC", 2023, 1010 + 2020 + 505 + 1100 + (110 + 210 + 310), 'D');
    assert_int_equal(chitieu_areas_value(&v, &st, &prov, s, "POP", "XC", 2023), 1);
    assert_string_equal(prov, "sum of PA, PB, PC, PD, PK (under XC), 1 of them rebuilt");
    free(prov);
    chitieu_areas_close(s);
}

/* Province K from its communes: a value where every commune reports, none (with the reason) otherwise. */
static void test_children(void **state)
{
    fx *f = *state;
    chitieu_areas *s;
    assert_int_equal(chitieu_areas_open(&s, f->st, 0), 0);
    expect(s, "POP", "PK", 2022, 600, 'D');
    expect(s, "POOR", "PK", 2022, (10.0 * 100 + 20.0 * 200 + 30.0 * 300) / 600, 'D');
    expect_none(s, "POP", "PK", 2024); /* K3 has no 2024 figure */
    chitieu_series *sr;
    chitieu_areas_gap *gaps;
    size_t ng;
    assert_int_equal(chitieu_areas_get(&sr, &gaps, &ng, s, "POOR", "PK"), 0);
    assert_int_equal(sr->n, 2);
    assert_int_equal(ng, 1);
    assert_int_equal(gaps[0].year, 2024);
    assert_string_equal(gaps[0].reason, "1 of 3 areas under PK have no figure or no weight POP: K3");
    chitieu_areas_gaps_free(gaps, ng);
    chitieu_series_free(sr);
    chitieu_areas_close(s);
}

/* A figure stored for the merged province wins over the rebuilt one, in the session opened after it. */
static void test_stored_wins(void **state)
{
    fx *f = *state;
    const char *p = fx_put(f, "pm.csv", "indicator,area,year,value,status,source\n"
                                     "POP,PM,2022,3480,E,synthetic: statistics office estimate on new boundaries\n");
    assert_int_equal(fx_load(f, &p, 1), 0);
    chitieu_areas *s;
    assert_int_equal(chitieu_areas_open(&s, f->st, 0), 0);
    expect(s, "POP", "PM", 2022, 3480, 'E');
    expect(s, "POP", "PM", 2023, 3535, 'D');
    expect(s, "GRDP_PC", "PM", 2022, 450000.0 / 3480.0, 'D');
    char *prov;
    double v;
    char st;
    assert_int_equal(chitieu_areas_value(&v, &st, &prov, s, "GRDP_PC", "PM", 2022), 1);
    assert_string_equal(prov, "ratio GRDP/POP in PM; GRDP: sum of PA, PB, PC (went to PM on 2025-07-01); POP (estimate)");
    free(prov);
    chitieu_areas_close(s);
    /* an estimate among the areas summed is said so */
    p = fx_put(f, "pb.csv", "indicator,area,year,value,status\nGRDP,PB,2023,330000,P\n");
    assert_int_equal(fx_load(f, &p, 1), 0);
    assert_int_equal(chitieu_areas_open(&s, f->st, 0), 0);
    assert_int_equal(chitieu_areas_value(&v, &st, &prov, s, "GRDP", "PM", 2023), 1);
    assert_string_equal(prov, "sum of PA, PB, PC (went to PM on 2025-07-01), 1 of them provisional or estimated");
    free(prov);
    chitieu_areas_close(s);
}

/* assess reads the rebuilt series: GRDP_R average growth from the rebuilt levels before the merger to the
 * stored 2025 one (520000): 2023-2025 from 450000 (2022): 100*((520000/450000)^(1/3) - 1) = 4.9355 %/yr,
 * achieved against 4.5; 2024-2025 from 476000 (2023): 100*((520000/476000)^(1/2) - 1) = 4.5197, missed
 * against 5. */
static void test_assess_rebuilt(void **state)
{
    fx *f = *state;
    const char *p = fx_put(f, "t.csv", "plan,indicator,area,shape,from,year,low\nP,GRDP_R,PM,avg_growth,2023,2025,4.5\n"
                                    "P,GRDP_R,PM,avg_growth,2024,2025,5\nQ,GRDP_R,PM,avg_growth,2026,2030,5\n");
    assert_int_equal(fx_load(f, &p, 1), 0);
    chitieu_assessment *as;
    size_t n;
    /* a 2026-2030 target of the merged province: only 2025 is stored, so without the rebuilt 2022-2024 there
     * would be one figure and no_data; with them the trend is projected from four years */
    assert_int_equal(chitieu_assess_run(&as, &n, f->st, "Q", NULL, NULL), 0);
    assert_int_equal(n, 1);
    assert_int_equal(as[0].last_year, 2025);
    assert_true(as[0].last_value == 520000);
    assert_non_null(as[0].projection);
    assert_true(as[0].status == CHITIEU_STATUS_ON_TRACK || as[0].status == CHITIEU_STATUS_AT_RISK ||
                as[0].status == CHITIEU_STATUS_OFF_TRACK);
    assert_true(as[0].probability > 0 && as[0].probability < 1);
    chitieu_assessments_free(as, n);
    chitieu_series *stored_only;
    assert_int_equal(chitieu_series_get(&stored_only, f->st, "GRDP_R", "PM", 0), 0);
    assert_int_equal(stored_only->n, 1);
    chitieu_series_free(stored_only);

    assert_int_equal(chitieu_assess_run(&as, &n, f->st, "P", NULL, NULL), 0);
    assert_int_equal(n, 2);
    for (size_t i = 0; i < n; i++) {
        int early = as[i].target.from == 2023;
        double want = early ? 100.0 * (pow(520000.0 / 450000.0, 1.0 / 3) - 1)
                            : 100.0 * (pow(520000.0 / 476000.0, 1.0 / 2) - 1);
        assert_true(fabs(as[i].projected - want) < 1e-9);
        assert_int_equal(as[i].status, early ? CHITIEU_STATUS_ACHIEVED : CHITIEU_STATUS_MISSED);
    }
    chitieu_assessments_free(as, n);
}

/* Every refused input names its file and line. */
static void test_refused(void **state)
{
    fx *f = *state;
    const char *p;
/* An error of the last load at file (its name's end):line, column (NULL: none), containing text. */
#define REFUSED(file, line, column, text) assert_true(fx_has_msg_in(f->r, CHITIEU_MSG_ERROR, file, NULL, line, column, text))
    /* a circle: E went to F, F back to E (on top of D -> E, D -> F) */
    p = fx_put(f, "cycle.csv", "from_area,to_area,date\nPE,PF,2026-01-01\nPF,PE,2027-01-01\n");
    assert_int_equal(fx_load(f, &p, 1), CHITIEU_EINVALID);
    REFUSED("cycle.csv", 2, "to_area", "successions go round in a circle: PE -> PF -> PE");
    /* over-full: 0.4 + 0.7 of D */
    p = fx_put(f, "full.csv", "from_area,to_area,date,share\nPD,PF,2025-07-01,0.7\n");
    assert_int_equal(fx_load(f, &p, 1), CHITIEU_EINVALID);
    REFUSED("full.csv", 2, "share", "the parts of PD that go on 2025-07-01 add up to 1.1, more than the whole");
    /* all of A went; nothing more can go from it */
    p = fx_put(f, "again.csv", "from_area,to_area,date,share\nPA,PE,2026-01-01,0.5\n");
    assert_int_equal(fx_load(f, &p, 1), CHITIEU_EINVALID);
    REFUSED("again.csv", 2, "date", "all of PA went on 2025-07-01: no part of it can go again on 2026-01-01");
    /* row errors: share outside (0, 1], unknown areas, a bad date, itself, a duplicate */
    p = fx_put(f, "rows.csv", "from_area,to_area,date,share\nPK,PM,2025-07-01,1.5\nPK,PM,2025-07-01,0\n"
                           "PZ,PM,2025-07-01,\nPK,PY,2025-07-01,\nPK,PM,2025-06-31,\nPK,PK,2025-07-01,\n"
                           "K1,K2,2026-01-01,0.5\nK1,K2,2026-01-01,0.25\n");
    assert_int_equal(fx_load(f, &p, 1), CHITIEU_EINVALID);
    REFUSED("rows.csv", 2, "share", "share 1.5 is outside (0, 1]");
    REFUSED("rows.csv", 3, "share", "share 0 is outside (0, 1]");
    REFUSED("rows.csv", 4, "from_area", "unknown area 'PZ'");
    REFUSED("rows.csv", 5, "to_area", "unknown area 'PY'");
    REFUSED("rows.csv", 6, "date", "'2025-06-31' is not a day of the calendar");
    REFUSED("rows.csv", 7, "to_area", "an area cannot go to itself");
    REFUSED("rows.csv", 9, NULL, "duplicate succession K1 -> K2 on 2026-01-01 (also at");
    assert_string_equal(f->r->msgs[0].column, "share");
    /* areas: validity the wrong way round, not a date */
    p = fx_put(f, "areas2.csv", "code,name,level,valid_from,valid_to\nQ1,Q one (synthetic),province,2025-07-01,2025-06-30\n"
                             "Q2,Q two (synthetic),province,1 July 2025,\n");
    assert_int_equal(fx_load(f, &p, 1), CHITIEU_EINVALID);
    REFUSED("areas2.csv", 2, "valid_to", "valid_to 2025-06-30 is before valid_from 2025-07-01");
    REFUSED("areas2.csv", 3, "valid_from", "'1 July 2025' is not a date (YYYY-MM-DD)");
    /* rules: unknown form, unknown indicator, a circle */
    p = fx_put(f, "rules.csv", "code,name,unit,direction,aggregate\nR1,r1,x,up,average\nR2,r2,x,up,mean:NOPE\n");
    assert_int_equal(fx_load(f, &p, 1), CHITIEU_EINVALID);
    REFUSED("rules.csv", 2, "aggregate", "unknown aggregation rule 'average'");
    p = fx_put(f, "rules2.csv", "code,name,unit,direction,aggregate\nR2,r2,x,up,mean:NOPE\n");
    assert_int_equal(fx_load(f, &p, 1), CHITIEU_EINVALID);
    REFUSED("rules2.csv", 2, "aggregate", "unknown indicator 'NOPE' in the rule mean:NOPE of R2");
    p = fx_put(f, "rules3.csv", "code,name,unit,direction,aggregate\nR3,r3,x,up,ratio:R4/POP\nR4,r4,x,up,growth:R3\n");
    assert_int_equal(fx_load(f, &p, 1), CHITIEU_EINVALID);
    REFUSED("rules3.csv", 2, "aggregate", "aggregation rules go round in a circle: R3 -> R4 -> R3");
    /* nothing of the refused loads was stored */
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM successions"), 5);
#undef REFUSED
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM indicators WHERE code LIKE 'R%'"), 0);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM areas WHERE code LIKE 'Q%'"), 0);
}

/* A cycle written into the store behind the loader's back (an older or edited store) gives no value, not a
 * hang: the recursion reads an (indicator, area, year) being computed as having none. */
static void test_cycle_in_store(void **state)
{
    fx *f = *state;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "UPDATE indicators SET aggregate = 'ratio:BEDS_10K/POP' WHERE code = 'BEDS';"
                                      "UPDATE areas SET parent = (SELECT id FROM areas WHERE code = 'K1')"
                                      " WHERE code = 'PK'", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    chitieu_areas *s;
    assert_int_equal(chitieu_areas_open(&s, f->st, 0), 0);
    expect_none(s, "BEDS_10K", "PM", 2022);
    expect(s, "BEDS", "PA", 2022, 2000, 'A');
    expect_none(s, "GRDP", "PK", 2022); /* PK under K1 under PK, no figure on the way round */
    expect(s, "POP", "PK", 2022, 600, 'D'); /* its communes' figures still add up */
    chitieu_areas_close(s);
}

/* Validity and GSO codes are stored and shown; lists filter by level, parent and year; changing them keeps the
 * earlier version (area_history), as does a changed rule (indicator_history) or share (succession_history). */
static void test_validity_and_history(void **state)
{
    fx *f = *state;
    chitieu_area a;
    assert_int_equal(chitieu_store_area_get(&a, f->st, "PA"), 0);
    assert_null(a.valid_from);
    assert_string_equal(a.valid_to, "2025-06-30");
    assert_string_equal(a.gso_code, "91");
    chitieu_store_area_clear(&a);
    assert_int_equal(chitieu_store_area_get(&a, f->st, "PM"), 0);
    assert_string_equal(a.valid_from, "2025-07-01");
    assert_string_equal(a.gso_code, "91"); /* GSO reuses the code: not a key */
    chitieu_store_area_clear(&a);
    chitieu_indicator ind;
    assert_int_equal(chitieu_store_indicator_get(&ind, f->st, "BEDS_10K"), 0);
    assert_string_equal(ind.aggregate, "ratio:BEDS/POP*10");
    chitieu_store_indicator_clear(&ind);
    assert_int_equal(chitieu_store_indicator_get(&ind, f->st, "INDEX"), 0);
    assert_null(ind.aggregate);
    chitieu_store_indicator_clear(&ind);

    chitieu_area *l;
    size_t n;
    assert_int_equal(chitieu_areas_list(&l, &n, f->st, "province", NULL, 2024), 0);
    assert_int_equal(n, 5); /* PA PB PC PD PK */
    assert_string_equal(l[0].code, "PA");
    chitieu_areas_list_free(l, n);
    assert_int_equal(chitieu_areas_list(&l, &n, f->st, "province", NULL, 2025), 0);
    assert_int_equal(n, 4); /* PE PF PK PM */
    assert_string_equal(l[3].code, "PM");
    chitieu_areas_list_free(l, n);
    assert_int_equal(chitieu_areas_list(&l, &n, f->st, NULL, "PK", 0), 0);
    assert_int_equal(n, 3);
    assert_string_equal(l[2].parent, "PK");
    chitieu_areas_list_free(l, n);
    chitieu_succession *sc;
    assert_int_equal(chitieu_areas_successions(&sc, &n, f->st, "PD"), 0);
    assert_int_equal(n, 2);
    assert_string_equal(sc[0].to, "PE");
    assert_true(sc[0].share == 0.4);
    assert_string_equal(sc[0].date, "2025-07-01");
    assert_string_equal(sc[0].note, "share of population");
    chitieu_areas_successions_free(sc, n);
    assert_int_equal(chitieu_areas_successions(&sc, &n, f->st, "PM"), 0);
    assert_int_equal(n, 3);
    assert_true(isnan(sc[0].share));
    chitieu_areas_successions_free(sc, n);

    const char *p[3] = {
        fx_put(f, "a.csv", "code,name,level,parent,valid_from,valid_to,gso_code\n"
                        "PA,Province A (synthetic),province,XC,,2025-06-29,91\n"),
        fx_put(f, "i.csv", "code,name,unit,direction,aggregate\nBEDS_10K,Beds per 10000 people (synthetic),beds,up,"
                        "ratio:BEDS/POP*10.0\n"),
        fx_put(f, "s.csv", "from_area,to_area,date,share,source\nPD,PE,2025-07-01,0.35,corrected\n"),
    };
    assert_int_equal(fx_load(f, p, 3), 0);
    assert_int_equal(f->r->successions, 1);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM area_history WHERE valid_to = '2025-06-30'"
                                    " AND gso_code = '91'"), 1);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM indicator_history WHERE aggregate = 'ratio:BEDS/POP*10'"), 1);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM succession_history WHERE share = 0.4"), 1);
    chitieu_areas *s;
    assert_int_equal(chitieu_areas_open(&s, f->st, 0), 0); /* the store changed: the graph is read again */
    expect(s, "POP", "PE", 2022, 0.35 * 1000, 'D');
    chitieu_areas_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules_and_dates),
        cmocka_unit_test_setup_teardown(test_merge_by_each_rule, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_split_with_shares, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_children, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_stored_wins, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_assess_rebuilt, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_refused, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cycle_in_store, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_validity_and_history, setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
