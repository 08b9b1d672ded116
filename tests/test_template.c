/*
 * tests/test_template.c — unit tests of the reporting forms (engine/template.c).  The store holds the
 * synthetic catalogue, targets and figures of tests/fixtures/load/; the expected rows, reference figures
 * and file contents below are written by hand from those files:
 *   indicators GRDP_G (DPI, -50..100), POOR (DOLISA, 0..100), INCOME (DPI, >= 0), all of goal 8 or 1;
 *   targets GRDP_G/BD 2025 and POOR/BD 2025 (plan SEDP2125);
 *   figures GRDP_G/BD 2019-2021 = 8, 3, 2.5; POOR/BD 2019-2020 = 1.5, 1.2; INCOME/BD 2019-2021 = 1234.5,
 *   1300.25, 140.5.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chitieu/error.h"
#include "chitieu/load.h"
#include "chitieu/series.h"
#include "chitieu/store.h"
#include "chitieu/template.h"
#include "fixture.h"

#define FX "fixtures/load/"

/* Load the files; the test fails unless they commit with `inserted` new figures. */
static void load_ok(fx *f, const char *const *paths, size_t n, size_t inserted)
{
    fx_load_ok(f, paths, n);
    assert_int_equal(f->r->inserted, inserted);
}

/* A fresh store with the catalogue, targets and figures of fixtures/load/ (8 figures); f->file is dir/form.csv. */
static int setup(void **state)
{
    static const char *const all[] = {FX "areas.csv", FX "indicators.csv", FX "plans.csv", FX "targets.csv",
                                      FX "observations.csv", FX "observations_semicolon.csv"};
    if (fx_setup(state, "tpl", all, 6) != 0)
        return -1;
    fx *f = *state;
    fx_file(f, "form.csv");
    if (f->r->inserted == 8)
        return 0;
    fx_teardown(state);
    return -1;
}

static int same(double a, double b) { return (isnan(a) && isnan(b)) || a == b; }

/* 2022: POOR/BD (DOLISA) first, then DPI's GRDP_G/BD and INCOME/BD (targets and earlier figures), with the
 * figures of 2019-2021 and the bounds; none reported for 2022 yet. */
static void test_rows(void **state)
{
    fx *f = *state;
    chitieu_template_row *r;
    size_t n;
    assert_int_equal(chitieu_template_rows(&r, &n, f->st, 2022, NULL, NULL), 0);
    assert_int_equal(n, 3);
    assert_string_equal(r[0].agency, "DOLISA");
    assert_string_equal(r[0].indicator, "POOR");
    assert_string_equal(r[0].area, "BD");
    assert_string_equal(r[0].area_name, "Binh Duong (synthetic)");
    assert_string_equal(r[0].unit, "%");
    assert_true(r[0].min == 0 && r[0].max == 100);
    assert_true(same(r[0].ref[0], 1.5) && same(r[0].ref[1], 1.2) && isnan(r[0].ref[2]));
    assert_string_equal(r[1].indicator, "GRDP_G");
    assert_true(same(r[1].ref[0], 8) && same(r[1].ref[1], 3) && same(r[1].ref[2], 2.5));
    assert_true(r[1].min == -50 && r[1].max == 100);
    assert_string_equal(r[2].indicator, "INCOME");
    assert_string_equal(r[2].agency, "DPI");
    assert_true(r[2].min == 0 && isnan(r[2].max));
    assert_true(same(r[2].ref[0], 1234.5) && same(r[2].ref[1], 1300.25) && same(r[2].ref[2], 140.5));
    for (size_t i = 0; i < n; i++)
        assert_int_equal(r[i].reported, 0);
    chitieu_template_rows_free(r, n);
    /* 2021 is reported for GRDP_G and INCOME, not for POOR */
    assert_int_equal(chitieu_template_rows(&r, &n, f->st, 2021, NULL, NULL), 0);
    assert_int_equal(n, 3);
    assert_int_equal(r[0].reported + 2 * r[1].reported + 4 * r[2].reported, 6);
    chitieu_template_rows_free(r, n);
    /* one agency; one plan (its targets only: no INCOME) */
    assert_int_equal(chitieu_template_rows(&r, &n, f->st, 2022, "DPI", NULL), 0);
    assert_int_equal(n, 2);
    chitieu_template_rows_free(r, n);
    assert_int_equal(chitieu_template_rows(&r, &n, f->st, 2022, NULL, "SEDP2125"), 0);
    assert_int_equal(n, 2);
    assert_string_equal(r[0].indicator, "POOR");
    assert_string_equal(r[1].indicator, "GRDP_G");
    chitieu_template_rows_free(r, n);
    /* with a plan, nothing is owed after its targets' year (2025) */
    assert_int_equal(chitieu_template_rows(&r, &n, f->st, 2030, NULL, "SEDP2125"), 0);
    assert_int_equal(n, 0);
    chitieu_template_rows_free(r, n);
    assert_int_equal(chitieu_template_rows(&r, &n, f->st, 2022, "Sở Y tế", NULL), CHITIEU_ENOTFOUND);
    assert_string_equal(chitieu_error_last(),
                        "unknown lead agency 'Sở Y tế' (closest: DPI, DOLISA)"); /* both 11 byte edits away */
    assert_int_equal(chitieu_template_rows(&r, &n, f->st, 2022, NULL, "NOPE"), CHITIEU_ENOTFOUND);
    assert_string_equal(chitieu_error_last(), "unknown plan 'NOPE'");
}

/* The CSV form, byte for byte. */
static void test_csv_form(void **state)
{
    fx *f = *state;
    chitieu_template_row *r;
    size_t n;
    assert_int_equal(chitieu_template_rows(&r, &n, f->st, 2022, NULL, NULL), 0);
    assert_int_equal(chitieu_template_write(f->file, CHITIEU_TEMPLATE_CSV, r, n, 2022), 0);
    chitieu_template_rows_free(r, n);
    FILE *in = fopen(f->file, "r");
    assert_non_null(in);
    char text[2048];
    size_t got = fread(text, 1, sizeof text - 1, in);
    fclose(in);
    text[got] = '\0';
    assert_string_equal(text,
                        "agency,indicator,name,area,area_name,unit,min,max,ref_2019,ref_2020,ref_2021,year,value,"
                        "status,source,note\n"
                        "DOLISA,POOR,Poor households,BD,Binh Duong (synthetic),%,0,100,1.5,1.2,,2022,,,,\n"
                        "DPI,GRDP_G,GRDP growth,BD,Binh Duong (synthetic),%,-50,100,8,3,2.5,2022,,,,\n"
                        "DPI,INCOME,Income per capita,BD,Binh Duong (synthetic),million VND,0,,1234.5,1300.25,140.5,"
                        "2022,,,,\n");
}

/* The workbook form: one sheet per agency, a title row, the value cell validated within the indicator's
 * bounds (POOR 0..100, GRDP_G -50..100, INCOME >= 0) with an input message, status a list of A, P, E,
 * reference figures as numbers. */
static void test_xlsx_form(void **state)
{
    fx *f = *state;
    char path[200];
    snprintf(path, sizeof path, "%s/form.xlsx", f->dir);
    chitieu_template_row *r;
    size_t n;
    assert_int_equal(chitieu_template_rows(&r, &n, f->st, 2022, NULL, NULL), 0);
    assert_int_equal(chitieu_template_write(path, CHITIEU_TEMPLATE_XLSX, r, n, 2022), 0);
    chitieu_template_rows_free(r, n);
    char cmd[600];
    snprintf(cmd, sizeof cmd,
             "python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); "
             "[sys.stdout.write(z.read(p).decode() + \"\\n\") for p in (\"xl/workbook.xml\", "
             "\"xl/worksheets/sheet1.xml\", \"xl/worksheets/sheet2.xml\")]' '%s'", path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    static char xml[65536];
    size_t got = fread(xml, 1, sizeof xml - 1, p);
    xml[got] = '\0';
    assert_int_equal(pclose(p), 0);
    const char *want[] = {
        "<sheet name=\"DOLISA\" sheetId=\"1\"", "<sheet name=\"DPI\" sheetId=\"2\"",
        "Biểu báo cáo số liệu năm 2022 — DOLISA.",
        /* POOR: row 3 (title, header); ref_2019 (I) and ref_2020 (J) numbers, year (L) 2022 */
        "<c r=\"I3\"><v>1.5</v></c><c r=\"J3\"><v>1.2</v></c>",
        "<v>2022</v>",
        "sqref=\"M3\"><formula1>0</formula1><formula2>100</formula2>",
        "prompt=\"Binh Duong (synthetic): Poor households (%). Từ 0 đến 100. Để trống nếu chưa có số liệu.\"",
        "sqref=\"N3\"><formula1>\"A,P,E\"</formula1>",
        "sqref=\"M3\"><formula1>-50</formula1><formula2>100</formula2>", /* GRDP_G, first row of sheet 2 */
        "operator=\"greaterThanOrEqual\"", "sqref=\"M4\"><formula1>0</formula1>", /* INCOME */
        "<pane ySplit=\"2\" topLeftCell=\"A3\"",
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        if (!strstr(xml, want[i]))
            fail_msg("'%s' not in the form's XML", want[i]);
}

/* A name long enough that the input message (area: name (unit). bounds) outgrows its buffer, in letters of three
 * bytes, and an agency that does so to the title line: both are cut at a whole character, so every part of the
 * file stays UTF-8 (Excel refuses a file that is not). */
static void test_xlsx_long_name(void **state)
{
    fx *f = *state;
    char path[200], name[700] = "", agency[500] = "";
    snprintf(path, sizeof path, "%s/long.xlsx", f->dir);
    for (int i = 0; i < 230; i++) strcat(name, "ệ"); /* 690 bytes, 230 characters: under Excel's 255 */
    for (int i = 0; i < 150; i++) strcat(agency, "ệ"); /* the sheet's title line outgrows its buffer too */
    chitieu_template_row r = {.agency = agency, .indicator = "LONG", .name = name, .unit = "%", .area = "BD",
                              .area_name = "Bình Dương", .min = 0, .max = 100, .ref = {NAN, NAN, NAN}};
    assert_int_equal(chitieu_template_write(path, CHITIEU_TEMPLATE_XLSX, &r, 1, 2022), 0);
    char cmd[600];
    snprintf(cmd, sizeof cmd,
             "python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); "
             "[z.read(p).decode() for p in z.namelist()]; x = z.read(\"xl/worksheets/sheet1.xml\").decode(); "
             "sys.exit(0 if \"prompt=\\\"Bình Dương: ệệệ\" in x else 3)' '%s'", path);
    assert_int_equal(system(cmd), 0); /* python fails to decode a cut character */
}

/* Forms handed out are recorded; their state follows the figures that come in. */
static void test_record_and_states(void **state)
{
    fx *f = *state;
    chitieu_template_row *r;
    size_t n;
    assert_int_equal(chitieu_template_rows(&r, &n, f->st, 2022, NULL, NULL), 0);
    assert_int_equal(chitieu_template_record(f->st, f->file, 2022, NULL, r, n), 0);
    chitieu_template_rows_free(r, n);
    chitieu_template_state *s;
    assert_int_equal(chitieu_template_states(&s, &n, f->st, 2022), 0);
    assert_int_equal(n, 2);
    assert_string_equal(s[0].agency, "DOLISA");
    assert_int_equal(s[0].owed, 1);
    assert_int_equal(s[0].received, 0);
    assert_string_equal(s[1].agency, "DPI");
    assert_int_equal(s[1].owed, 2);
    assert_int_equal(s[1].received, 0);
    assert_string_equal(s[1].file, f->file);
    assert_null(s[1].plan);
    chitieu_template_states_free(s, n);
    /* DPI sends GRDP_G 2022: DPI 1 of 2 */
    char p[200];
    snprintf(p, sizeof p, "%s/in.csv", f->dir);
    FILE *o = fopen(p, "w");
    assert_non_null(o);
    fputs("indicator,area,year,value\nGRDP_G,BD,2022,6.1\n", o);
    fclose(o);
    const char *paths[] = {p};
    load_ok(f, paths, 1, 1);
    assert_int_equal(chitieu_template_states(&s, &n, f->st, 2022), 0);
    assert_int_equal(s[0].received, 0);
    assert_int_equal(s[1].received, 1);
    chitieu_template_states_free(s, n);
    assert_int_equal(chitieu_template_states(&s, &n, f->st, 2023), 0);
    assert_int_equal(n, 0);
    chitieu_template_states_free(s, n);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)
int main(void)
{
    const struct CMUnitTest tests[] = {T(test_rows), T(test_csv_form), T(test_xlsx_form), T(test_xlsx_long_name),
                                       T(test_record_and_states)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
