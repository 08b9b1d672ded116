/*
 * tests/test_series.c — unit tests of series reading (engine/series.c):
 * current value = latest revision, max_year cut-off, find, from() checks.
 * Data: synthetic fixtures in tests/fixtures/load/ plus a revision file
 * written by the test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chitieu/error.h"
#include "chitieu/load.h"
#include "chitieu/series.h"

static void test_from(void **state)
{
    (void)state;
    int y[] = {2019, 2020, 2022};
    double v[] = {1, 2, 3};
    chitieu_series *s = NULL;
    assert_int_equal(chitieu_series_from(&s, y, v, NULL, 3), 0);
    assert_int_equal(s->n, 3);
    assert_int_equal(s->status[2], 'A');
    assert_int_equal(chitieu_series_find(s, 2022), 2);
    assert_int_equal(chitieu_series_find(s, 2021), -1);
    assert_int_equal(chitieu_series_find(s, 2019), 0);
    y[0] = 0; /* copied: the series is unaffected */
    assert_int_equal(s->years[0], 2019);
    chitieu_series_free(s);
    chitieu_series_free(NULL);

    int bad[] = {2019, 2021, 2021};
    s = NULL;
    assert_int_equal(chitieu_series_from(&s, bad, v, "APE", 3), CHITIEU_EINVALID);
    assert_null(s);
    assert_non_null(strstr(chitieu_error_last(), "years must be strictly increasing (2021 after 2021)"));
    int dec[] = {2020, 2019};
    assert_int_equal(chitieu_series_from(&s, dec, v, NULL, 2), CHITIEU_EINVALID);
    assert_int_equal(chitieu_series_from(&s, y, v, NULL, 0), 0);
    assert_int_equal(s->n, 0);
    chitieu_series_free(s);
}

static void test_get(void **state)
{
    (void)state;
    char dir[] = "/tmp/chitieu-series-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char db[128], rev[128];
    snprintf(db, sizeof db, "%s/s.db", dir);
    snprintf(rev, sizeof rev, "%s/rev.csv", dir);
    FILE *fp = fopen(rev, "w");
    assert_non_null(fp);
    fputs("indicator,area,year,value,status\nGRDP_G,BD,2020,3.5,A\n", fp); /* synthetic revision */
    fclose(fp);
    chitieu_store *st = NULL;
    assert_int_equal(chitieu_store_open(&st, db), 0);
    const char *paths[] = {"fixtures/load/areas.csv", "fixtures/load/indicators.csv",
                           "fixtures/load/observations.csv"};
    chitieu_load_opts o;
    chitieu_load_opts_init(&o);
    chitieu_load_report *r = NULL;
    assert_int_equal(chitieu_load_files(&r, st, paths, 3, &o), 0);
    chitieu_load_report_free(r);
    const char *p2[] = {rev};
    assert_int_equal(chitieu_load_files(&r, st, p2, 1, &o), 0);
    assert_int_equal(r->revised, 1);
    chitieu_load_report_free(r);

    chitieu_series *s = NULL;
    assert_int_equal(chitieu_series_get(&s, st, "GRDP_G", "BD", 0), 0);
    assert_int_equal(s->n, 3);
    assert_int_equal(s->years[0], 2019);
    assert_true(s->values[0] == 8.0);
    assert_true(s->values[1] == 3.5); /* latest revision */
    assert_true(s->values[2] == 2.5); /* "2,5" quoted in a comma file */
    chitieu_series_free(s);
    assert_int_equal(chitieu_series_get(&s, st, "GRDP_G", "BD", 2020), 0);
    assert_int_equal(s->n, 2);
    assert_int_equal(s->years[1], 2020);
    chitieu_series_free(s);
    assert_int_equal(chitieu_series_get(&s, st, "GRDP_G", "BD", 2018), 0);
    assert_int_equal(s->n, 0);
    chitieu_series_free(s);
    assert_int_equal(chitieu_series_get(&s, st, "POOR", "BD", 0), 0);
    assert_int_equal(s->n, 2);
    assert_int_equal(s->status[1], 'P');
    chitieu_series_free(s);
    assert_int_equal(chitieu_series_get(&s, st, "POOR", "VN", 0), 0); /* no figures: empty, not an error */
    assert_int_equal(s->n, 0);
    chitieu_series_free(s);
    chitieu_store_close(st);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_from), cmocka_unit_test(test_get)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
