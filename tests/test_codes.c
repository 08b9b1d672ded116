/*
 * tests/test_codes.c — typed codes (engine/codes.c): edit distances computed by
 * hand, an existing code accepted, a typo refused with the closest codes of its
 * kind nearest first (store loaded from the synthetic tests/fixtures/load/).
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

#include "chitieu/codes.h"
#include "chitieu/error.h"
#include "chitieu/load.h"

static void test_distance(void **state)
{
    (void)state;
    assert_int_equal(chitieu_codes_distance("kitten", "sitting"), 3); /* k->s, e->i, +g */
    assert_int_equal(chitieu_codes_distance("", "abc"), 3);
    assert_int_equal(chitieu_codes_distance("abc", ""), 3);
    assert_int_equal(chitieu_codes_distance("bd-2021", "BD-2021"), 0); /* letters without case */
    assert_int_equal(chitieu_codes_distance("BD-2021-2052", "BD-2021-2025"), 2);
    assert_int_equal(chitieu_codes_distance("URBAN", "VN_URBAN"), 3);
}

static void test_check(void **state)
{
    (void)state;
    char db[] = "/tmp/chitieu-test-codes-XXXXXX";
    int fd = mkstemp(db);
    assert_true(fd >= 0);
    close(fd);
    unlink(db);
    chitieu_store *st;
    assert_int_equal(chitieu_store_open(&st, db), 0);
    assert_int_equal(chitieu_codes_check(st, CHITIEU_CODE_PLAN, "SEDP2125"), CHITIEU_ENOTFOUND);
    assert_string_equal(chitieu_error_last(), "unknown plan 'SEDP2125' (none loaded)");
    const char *paths[] = {"fixtures/load/areas.csv", "fixtures/load/indicators.csv", "fixtures/load/plans.csv",
                           "fixtures/load/targets.csv"};
    chitieu_load_opts o;
    chitieu_load_opts_init(&o);
    chitieu_load_report *r = NULL;
    assert_int_equal(chitieu_load_files(&r, st, paths, 4, &o), 0);
    chitieu_load_report_free(r);
    assert_int_equal(chitieu_codes_check(st, CHITIEU_CODE_PLAN, "SEDP2125"), 0);
    assert_int_equal(chitieu_codes_check(st, CHITIEU_CODE_PLAN, "SEDP2152"), CHITIEU_ENOTFOUND);
    assert_string_equal(chitieu_error_last(), "unknown plan 'SEDP2152' (closest: SEDP2125)");
    /* indicators GRDP_G, POOR, INCOME: GRDP_G at 2, POOR at 4 (G->P, R->O, D->O, P->R), INCOME at 6 */
    assert_int_equal(chitieu_codes_check(st, CHITIEU_CODE_INDICATOR, "GRDP"), CHITIEU_ENOTFOUND);
    assert_string_equal(chitieu_error_last(), "unknown indicator 'GRDP' (closest: GRDP_G, POOR, INCOME)");
    assert_int_equal(chitieu_codes_check(st, CHITIEU_CODE_AREA, "bd"), CHITIEU_ENOTFOUND); /* exact match only */
    assert_non_null(strstr(chitieu_error_last(), "unknown area 'bd' (closest: BD"));
    /* a code read in capitals by a TCVN3 capital font: the one code equal ignoring case, never two */
    char code[16] = "x";
    assert_int_equal(chitieu_codes_caseless(st, CHITIEU_CODE_AREA, "bd", code, sizeof code), 1);
    assert_string_equal(code, "BD");
    assert_int_equal(chitieu_codes_caseless(st, CHITIEU_CODE_INDICATOR, "Grdp_g", code, sizeof code), 1);
    assert_string_equal(code, "GRDP_G");
    assert_int_equal(chitieu_codes_caseless(st, CHITIEU_CODE_INDICATOR, "GRDP", code, sizeof code), 0);
    assert_int_equal(chitieu_codes_caseless(st, CHITIEU_CODE_AREA, "BD", code, 2), 0); /* "BD" does not fit in 2 */
    char dir[] = "/tmp/chitieu-test-codes-XXXXXX", csv[64];
    assert_non_null(mkdtemp(dir));
    snprintf(csv, sizeof csv, "%s/case.csv", dir);
    FILE *fp = fopen(csv, "w");
    assert_non_null(fp);
    fputs("code,name,level,parent\nĐn,Da Nang (synthetic),province,VN\nQn,Quang Ninh (synthetic),province,VN\n"
          "qN,Quang Nam (synthetic),province,VN\n", fp);
    fclose(fp);
    const char *more[] = {csv};
    assert_int_equal(chitieu_load_files(&r, st, more, 1, &o), 0);
    chitieu_load_report_free(r);
    unlink(csv);
    rmdir(dir);
    assert_int_equal(chitieu_codes_caseless(st, CHITIEU_CODE_AREA, "QN", code, sizeof code), 0); /* Qn or qN */
    assert_int_equal(chitieu_codes_caseless(st, CHITIEU_CODE_AREA, "ĐN", code, sizeof code), 1); /* not ASCII */
    assert_string_equal(code, "Đn");
    chitieu_store_close(st);
    unlink(db);
    char side[64];
    snprintf(side, sizeof side, "%s-wal", db);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", db);
    unlink(side);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_distance),
        cmocka_unit_test(test_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
