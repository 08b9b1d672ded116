/*
 * tests/test_header.c — unit tests of finding and reading a file's header (engine/header.c) through
 * chitieu_load_files: title rows above the header and how far down it is looked for, a wide table's
 * year headings and the status they give ("2022 (sơ bộ)", "2023 (ước)", "2019 [YR2019]"), a subtitle
 * that is a lone year heading, a header on two rows with group headings, two headers naming one column;
 * school and financial years ("Năm học 2022-2023", "2022/23") as headings and how --span-year reads them.
 * Fixtures and their provenance: tests/fixtures/intake/README.md; the catalogue is the synthetic one of
 * tests/fixtures/load/.
 */
#include <xlsxwriter.h>

#include "fixture.h"
#include "loader.h"

#define FX "fixtures/intake/"

/* A fresh store with the synthetic catalogue of fixtures/load/. */
static int setup(void **state)
{
    return fx_setup_catalogue(state, "header");
}

/* A department's workbook as LibreOffice saved it: two title rows (merged), a wide table with
 * headings 2019, 2020, Năm 2021, 2022 (sơ bộ), 2023 (ước), section headings and a source note,
 * markers .., -, x, KXĐ and an empty cell. */
static void test_wide_workbook(void **state)
{
    fx *f = *state;
    f->o.area = "BD";
    fx_load_one_ok(f, FX "departments.xlsx");
    assert_int_equal(f->r->inserted, 10);
    assert_int_equal(f->r->absent, 5);
    assert_int_equal(f->r->rows, 6); /* rows 5-10: 3 indicators, 2 section headings, 1 note */
    assert_int_equal(f->r->warnings, 0);
    FX_EXPECT(f, "GRDP_G", "BD", 2019, 8.46, 'A'); /* shown as 8.5: the stored value */
    FX_EXPECT(f, "GRDP_G", "BD", 2020, 2.1, 'A');
    FX_EXPECT(f, "GRDP_G", "BD", 2021, NAN, '-'); /* ".." */
    FX_EXPECT(f, "GRDP_G", "BD", 2022, 6.8, 'P');
    FX_EXPECT(f, "GRDP_G", "BD", 2023, 7.1, 'E');
    FX_EXPECT(f, "INCOME", "BD", 2023, 70.3333333333333, 'E');
    FX_EXPECT(f, "POOR", "BD", 2021, 1.2, 'A');
    /* the batch names the sheet; each figure its row */
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM batches WHERE file LIKE '%departments.xlsx:Số liệu'"
                                    " AND kind = 'observations' AND length(sha256) = 64"), 1);
    assert_int_equal(sql_int(f->db, "SELECT line FROM observations o JOIN indicators i ON i.id = o.indicator"
                                    " WHERE i.code = 'POOR' AND o.year = 2019"), 9);
    /* without --area: one error naming the header row of the sheet */
    assert_int_equal(fx_load(f, (const char *[]){FX "departments.xlsx"}, 1), CHITIEU_EINVALID);
    assert_int_equal(f->r->errors, 1);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, "'Số liệu'!4:4", 4, "area", "missing column 'area'"));
}

/* A one-series file: years only, under a subtitle that is itself a year heading (not the header). */
static void test_one_series(void **state)
{
    fx *f = *state;
    const char *p = fx_put(f, "o.csv", "Năm 2020,\n2016,2017 (ước)\n8.1,\"7,9\"\n");
    f->o.indicator = "GRDP_G";
    f->o.area = "BD";
    fx_load_one_ok(f, p);
    assert_int_equal(f->r->inserted, 2);
    FX_EXPECT(f, "GRDP_G", "BD", 2017, 7.9, 'E');
    assert_int_equal(sql_int(f->db, "SELECT line FROM observations WHERE year = 2016"), 3);
}

/* A header on two rows, as provincial tables have it: names merged down over both rows (empty in the
 * lower one), years under group headings merged across them (the text in the first column of each
 * group): "Ước thực hiện" over 2021 and 2022 makes estimates, "Kế hoạch" (the plan) over 2023 is no
 * column of figures (a warning), "Thực hiện giai đoạn 2016-2020" leaves its years as they are. */
static void test_two_row_header(void **state)
{
    fx *f = *state;
    const char *p = fx_put(f, "two.csv",
                        "BIỂU 02 (dữ liệu thử nghiệm),,,,,,,\n"
                        "STT,Mã chỉ tiêu,Chỉ tiêu,Thực hiện giai đoạn 2016-2020,,Ước thực hiện,,Kế hoạch\n"
                        ",,,2019,2020,2021,2022 (sơ bộ),2023\n"
                        "1,GRDP_G,Tăng trưởng GRDP,6.1,2.0,3.0,6.8,8.0\n"
                        "2,POOR,Tỷ lệ hộ nghèo,1.8,1.5,1.2,1.0,0.8\n");
    f->o.area = "BD";
    fx_load_one_ok(f, p);
    assert_int_equal(f->r->inserted, 8);
    assert_int_equal(f->r->warnings, 1);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_WARNING, NULL, 3, "Kế hoạch 2023",
                        "column 'Kế hoạch 2023' holds a plan's figures, not observations; ignored"));
    FX_EXPECT(f, "GRDP_G", "BD", 2019, 6.1, 'A');
    FX_EXPECT(f, "GRDP_G", "BD", 2020, 2.0, 'A');
    FX_EXPECT(f, "GRDP_G", "BD", 2021, 3.0, 'E');
    FX_EXPECT(f, "GRDP_G", "BD", 2022, 6.8, 'P'); /* "(sơ bộ)" says more than the group */
    FX_EXPECT(f, "GRDP_G", "BD", 2023, NAN, '-');
    FX_EXPECT(f, "POOR", "BD", 2021, 1.2, 'E');
    /* a title row above a header that lacks a column is no second header row: its text over the header's
     * empty cell is not taken as a column (no warning about it), the missing area is still missing */
    p = fx_put(f, "one.csv", "Biểu 03,,,Ghi chép nội bộ\nindicator,year,value,\nPOOR,2018,2.0,\n");
    assert_int_equal(fx_load(f, &p, 1), CHITIEU_EINVALID);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 2, "area", "missing column 'area'"));
    assert_int_equal(f->r->warnings, 0);
}

/* A group heading merged across many years at the end of the header (the text in its first column
 * only): every year under it is read with it, however many years ("Ước thực hiện" over 2019-2025:
 * seven estimates, none taken as official), and a plan's heading over many years makes no column of any. */
static void test_two_row_long_group(void **state)
{
    fx *f = *state;
    const char *p = fx_put(f, "long.csv",
                        "Mã chỉ tiêu,Ước thực hiện,,,,,,\n"
                        ",2019,2020,2021,2022,2023,2024,2025\n"
                        "POOR,1.8,1.5,1.2,1.0,0.8,0.7,0.6\n");
    f->o.area = "BD";
    fx_load_one_ok(f, p);
    assert_int_equal(f->r->inserted, 7);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM observations WHERE status = 'E'"), 7);
    FX_EXPECT(f, "POOR", "BD", 2025, 0.6, 'E');
    FX_EXPECT(f, "POOR", "BD", 2019, 1.8, 'E');
    /* the plan's columns: every one ignored with a warning (reading each needs its heading whole) */
    p = fx_put(f, "plan.csv",
               "Mã chỉ tiêu,Thực hiện,Kế hoạch phát triển kinh tế - xã hội giai đoạn,,,,,,\n"
               ",2018,2019,2020,2021,2022,2023,2024,2025\n"
               "POOR,2.0,1.8,1.5,1.2,1.0,0.8,0.7,0.6\n");
    f->o.area = "BD";
    fx_load_one_ok(f, p);
    assert_int_equal(f->r->inserted, 1);
    assert_int_equal(f->r->warnings, 7);
}

/* A workbook says how far a group heading is merged: in merged.xlsx sheet 'Hai dòng' (openpyxl) and
 * merged-calc.xlsx (LibreOffice Calc), "Ước thực hiện" is merged over 2021 and 2022 only; 2023 has no
 * heading above it and is an official figure.  The same table as CSV has no merges: the empty cell after
 * the heading is taken as its span (all three estimates), as before. */
static void test_two_row_merged_heading(void **state)
{
    fx *f = *state;
    const char *books[] = {FX "merged.xlsx", FX "merged-calc.xlsx"};
    for (size_t b = 0; b < 2; b++) {
        f->o.sheet = "Hai dòng";
        fx_load_one_ok(f, books[b]);
        assert_int_equal(f->r->inserted + f->r->unchanged, 3);
        FX_EXPECT(f, "GRDP_G", "BD", 2021, 3.0, 'E');
        FX_EXPECT(f, "GRDP_G", "BD", 2022, 6.8, 'E');
        FX_EXPECT(f, "GRDP_G", "BD", 2023, 7.1, 'A');
    }
    f->o.sheet = NULL;
    const char *p = fx_put(f, "hai.csv", "Mã chỉ tiêu,Mã địa bàn,Ước thực hiện,,\n,,2021,2022,2023\nGRDP_G,BD,3.0,6.8,7.2\n");
    fx_load_one_ok(f, p);
    FX_EXPECT(f, "GRDP_G", "BD", 2023, 7.2, 'E');
}

/* The World Bank's DataBank download (Data_Extract_From_World_Development_Indicators): Series Code,
 * Country Code, "2019 [YR2019]" headings, ".." for missing and two note lines after the data, in the
 * layout DataBank writes; the figures are the bulk file's for Viet Nam (wb_gdp_growth_excerpt.csv). */
static void test_world_bank_databank(void **state)
{
    fx *f = *state;
    const char *p = fx_put(f, "Data_Extract_From_World_Development_Indicators.csv",
                        "\xEF\xBB\xBF\"Series Name\",\"Series Code\",\"Country Name\",\"Country Code\",\"2019 [YR2019]\","
                        "\"2020 [YR2020]\",\"2025 [YR2025]\"\n"
                        "\"GDP growth (annual %)\",\"NY.GDP.MKTP.KD.ZG\",\"Viet Nam\",\"VNM\",\"7.35926270105006\","
                        "\"2.86541320912272\",\"..\"\n"
                        "\n\n\"Data from database: World Development Indicators\"\n\"Last Updated: 10/07/2025\"\n");
    f->o.recode = "VNM=VN,NY.GDP.MKTP.KD.ZG=GRDP_G";
    fx_load_one_ok(f, p);
    assert_int_equal(f->r->inserted, 2);
    assert_int_equal(f->r->absent, 1);
    assert_int_equal(f->r->warnings, 0);
    FX_EXPECT(f, "GRDP_G", "VN", 2019, 7.35926270105006, 'A');
    FX_EXPECT(f, "GRDP_G", "VN", 2020, 2.86541320912272, 'A');
    /* a short row that has a code is still an error */
    p = fx_put(f, "short.csv", "indicator,area,2019,2020\nGRDP_G,VN,1\n");
    assert_int_equal(fx_load(f, &p, 1), CHITIEU_EINVALID);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 2, NULL, "the row has 3 fields; the header has 4"));
}

/* The header is looked for in the first 30 records: under 29 title rows it is found (line 30), under 30
 * it is not, and the error names the first record, the one that came closest (all score nothing). */
static void test_header_scan(void **state)
{
    fx *f = *state;
    char text[2048];
    size_t n = 0;
    for (int i = 0; i < 29; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "Biểu số liệu thử nghiệm, dòng %d,,\n", i + 1);
    snprintf(text + n, sizeof text - n, "indicator,area,year,value\nPOOR,BD,2019,2.5\n");
    fx_load_one_ok(f, fx_put(f, "t29.csv", text));
    assert_int_equal(f->r->inserted, 1);
    assert_int_equal(sql_int(f->db, "SELECT line FROM observations WHERE year = 2019"), 31);
    n += (size_t)snprintf(text + n, sizeof text - n, "Biểu số liệu thử nghiệm, dòng 30,,\n");
    snprintf(text + n, sizeof text - n, "indicator,area,year,value\nPOOR,BD,2019,2.5\n");
    const char *p = fx_put(f, "t30.csv", text);
    assert_int_equal(fx_load(f, &p, 1), CHITIEU_EINVALID);
    assert_int_equal(f->r->errors, 1);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 1, NULL, "cannot tell what this file holds from its header"));
    /* every kind is listed, whole (the list is sized from the kinds' names: it had a fixed 512 bytes) */
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 1, NULL,
                           "expected observations (indicator,area,year,value), targets (plan,indicator,area,shape,"
                           "year), indicators (code,name,unit,direction), successions (from_area,to_area,date), areas "
                           "(code,name,level) or plans (plan,name)"));
}

/* Two header names that give one column (its own name and a Vietnamese heading) are an error naming both. */
static void test_two_names_one_column(void **state)
{
    fx *f = *state;
    const char *p = fx_put(f, "d.csv", "indicator,area,Mã chỉ tiêu,year,value\nPOOR,BD,POOR,2019,2.5\n");
    assert_int_equal(fx_load(f, &p, 1), CHITIEU_EINVALID);
    assert_int_equal(f->r->errors, 1);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 1, "indicator",
                           "columns 'indicator' and 'Mã chỉ tiêu' both give indicator"));
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM observations"), 0);
}

/* What a span of years is, case by case (written by hand from the brief: two consecutive years in the forms
 * departments and the UK write them; a period, a date, a month, spans of spans are no such thing). */
static void test_year_span_words(void **state)
{
    (void)state;
    static const struct {
        const char *folded;
        int kind, first, last;
        const char *rest;
    } cases[] = {
        {"2022-2023", 1, 2022, 2023, ""},
        {"2022\u20132023", 1, 2022, 2023, ""},  /* en dash */
        {"2022 \u2014 2023", 1, 2022, 2023, ""}, /* em dash, blanks */
        {"2022/23", 1, 2022, 2023, ""},
        {"2022/2023", 1, 2022, 2023, ""},
        {"2022-23", 1, 2022, 2023, ""},
        {"1999/00", 1, 1999, 2000, ""},          /* across a century */
        {"năm học 2022-2023", 1, 2022, 2023, ""},
        {"nh 2022-2023", 1, 2022, 2023, ""},
        {"fy 2015/16", 1, 2015, 2016, ""},
        {"school year 2019/20", 1, 2019, 2020, ""},
        {"2022-2023 (ước)", 1, 2022, 2023, " (ước)"},
        {"2021-2025", 2, 2021, 2025, ""},        /* a period */
        {"2016-20", 2, 2016, 2020, ""},
        {"2023-2022", 0, 0, 0, NULL},            /* backwards */
        {"2022-2022", 0, 0, 0, NULL},
        {"2021-12-20", 0, 0, 0, NULL},           /* a date */
        {"2022-12", 0, 0, 0, NULL},              /* a month, not 2112 */
        {"2002/03-2007/08", 0, 0, 0, NULL},      /* spans of spans */
        {"2022", 0, 0, 0, NULL},
        {"2022 q1", 0, 0, 0, NULL},
        {"năm 2022-2023", 0, 0, 0, NULL},        /* "năm": read by the heading's own prefixes */
        {"nh2022-2023", 0, 0, 0, NULL},
        {"1899-1900", 0, 0, 0, NULL},            /* before CHITIEU_YEAR_MIN */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int a = 0, b = 0;
        const char *rest = NULL;
        int k = chitieu__year_span(cases[i].folded, &a, &b, &rest);
        if (k != cases[i].kind)
            fail_msg("'%s': %d, wanted %d", cases[i].folded, k, cases[i].kind);
        if (!k)
            continue;
        assert_int_equal(a, cases[i].first);
        assert_int_equal(b, cases[i].last);
        assert_string_equal(rest, cases[i].rest);
    }
}

/* The status words written before a year or a figure, case by case (written by hand: the words provincial
 * reports put before a year heading, "Ước thực hiện 2023", "ƯTH 2023", "Sơ bộ 2022", and before a figure, "ước
 * 3,0"); a word that only starts like one ("ướcx", "thu") or words of no status ("dự báo", "năm") are none. */
static void test_status_lead_words(void **state)
{
    (void)state;
    static const struct {
        const char *folded;
        char status;
        const char *rest;
    } cases[] = {
        {"ước 3,0", 'E', "3,0"},          {"ước tính 3,0", 'E', "3,0"},   {"ước thực hiện 2023", 'E', "2023"},
        {"ước th năm 2023", 'E', "năm 2023"}, {"ưth 12,5", 'E', "12,5"}, {"uth 2023", 'E', "2023"},
        {"sơ bộ 7,1", 'P', "7,1"},        {"thực hiện 2021", 'A', "2021"}, {"th 2021", 'A', "2021"},
        {"chính thức 5", 'A', "5"},       {"ước", 'E', ""},              {"dự báo 3,0", 0, NULL},
        {"năm 2023", 0, NULL},            {"ướcx 3", 0, NULL},           {"thu 3", 0, NULL},
        {"3,0 (ước)", 0, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char st = 0;
        const char *rest = chitieu__status_lead(cases[i].folded, &st);
        if (!cases[i].rest) {
            if (rest)
                fail_msg("'%s': a status word, wanted none", cases[i].folded);
            continue;
        }
        if (!rest)
            fail_msg("'%s': no status word, wanted %c", cases[i].folded, cases[i].status);
        assert_int_equal(st, cases[i].status);
        assert_string_equal(rest, cases[i].rest);
    }
}

/* Year headings with a status word before the year (the same words as before a figure): each column's status
 * from its heading; "Thực hiện", "Chính thức" and "Năm" say official. */
static void test_status_word_headings(void **state)
{
    fx *f = *state;
    const char *p = fx_put(f, "lead.csv", "Mã chỉ tiêu,Mã địa bàn,Năm 2018,Thực hiện năm 2019,Chính thức 2020,"
                                          "Sơ bộ 2021,ƯTH năm 2022,Ước tính 2023\nGRDP_G,BD,1,2,3,4,5,6\n");
    fx_load_one_ok(f, p);
    assert_int_equal(f->r->inserted, 6);
    assert_int_equal(f->r->status_in_value, 0);
    FX_EXPECT(f, "GRDP_G", "BD", 2018, 1.0, 'A');
    FX_EXPECT(f, "GRDP_G", "BD", 2019, 2.0, 'A');
    FX_EXPECT(f, "GRDP_G", "BD", 2020, 3.0, 'A');
    FX_EXPECT(f, "GRDP_G", "BD", 2021, 4.0, 'P');
    FX_EXPECT(f, "GRDP_G", "BD", 2022, 5.0, 'E');
    FX_EXPECT(f, "GRDP_G", "BD", 2023, 6.0, 'E');
}

/* Year headings typed as numbers whose number format shows their status (number-years.xlsx, as openpyxl wrote it
 * and as LibreOffice Calc saved it): '"Năm "0' official, General official, '0" (sơ bộ)"' provisional, '0" ƯTH"'
 * and '0" (ước)"' estimates (each was read as the stored 2021, 2022, 2023: official); a figure's own status in a
 * text cell is the more specific (one warning); a figure formatted '0.0" triệu"' is its stored value.  The same
 * headings written as text ("2022 ƯTH", "2021 sơ bộ": a status word after the year) read alike. */
static void test_number_format_headings(void **state)
{
    fx *f = *state;
    static const char *const books[] = {FX "number-years.xlsx", FX "number-years-calc.xlsx"};
    for (size_t k = 0; k < 2; k++) {
        fx_load_one_ok(f, books[k]);
        assert_int_equal(f->r->inserted + f->r->unchanged, 15);
        assert_int_equal(f->r->status_in_value, 3);
        assert_int_equal(f->r->warnings, 1);
        assert_true(fx_has_msg(f->r, CHITIEU_MSG_WARNING, "'Số liệu'!E5", 5, "2021 (sơ bộ)",
                               "the figure 'ước 1,6' is marked an estimate (E) under a heading that says provisional (P)"));
        FX_EXPECT(f, "GRDP_G", "BD", 2019, 7.0, 'A');
        FX_EXPECT(f, "GRDP_G", "BD", 2020, 2.1, 'A');
        FX_EXPECT(f, "GRDP_G", "BD", 2021, 6.5, 'P');
        FX_EXPECT(f, "GRDP_G", "BD", 2022, 6.8, 'E');
        FX_EXPECT(f, "GRDP_G", "BD", 2023, 7.1, 'E');
        FX_EXPECT(f, "POOR", "BD", 2021, 1.6, 'E');
        FX_EXPECT(f, "POOR", "BD", 2022, 1.4, 'E');
        FX_EXPECT(f, "POOR", "BD", 2023, 1.2, 'P');
        FX_EXPECT(f, "INCOME", "BD", 2019, 60.1, 'A');
        FX_EXPECT(f, "INCOME", "BD", 2023, 70.5, 'E');
    }
    /* a third writer (libxlsxwriter), the format's words escaped character by character, in a two-row header under
     * 'Thực hiện', and words chitieu does not know ('0" (KH)"': a plan's column; '0" (dự báo)"'): read as the same
     * text typed would be -- ignored with a warning naming the heading as shown, not loaded as official figures */
    char path[600];
    snprintf(path, sizeof path, "%s/lxw.xlsx", f->dir);
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Biểu");
    const char *codes[] = {"0\\ \\(\\s\\ơ\\ \\b\\ộ\\)", "0\" ƯTH\"", "0\" (KH)\"", "0\" (dự báo)\""};
    worksheet_merge_range(ws, 0, 0, 1, 0, "Mã chỉ tiêu", NULL);
    worksheet_merge_range(ws, 0, 1, 1, 1, "Mã địa bàn", NULL);
    worksheet_merge_range(ws, 0, 2, 0, 5, "Thực hiện", NULL);
    for (lxw_col_t c = 0; c < 4; c++) {
        lxw_format *fmt = workbook_add_format(wb);
        format_set_num_format(fmt, codes[c]);
        worksheet_write_number(ws, 1, (lxw_col_t)(c + 2), 2016 + c, fmt);
        worksheet_write_number(ws, 2, (lxw_col_t)(c + 2), 10 + c, NULL);
    }
    worksheet_write_string(ws, 2, 0, "GRDP_G", NULL);
    worksheet_write_string(ws, 2, 1, "VN", NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    const char *lp = path;
    fx_load_one_ok(f, lp);
    assert_int_equal(f->r->inserted, 2);
    assert_int_equal(f->r->warnings, 2);
    FX_EXPECT(f, "GRDP_G", "VN", 2016, 10.0, 'P');
    FX_EXPECT(f, "GRDP_G", "VN", 2017, 11.0, 'E');
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM observations o JOIN areas a ON a.id = o.area"
                                    " WHERE a.code = 'VN' AND o.year IN (2018, 2019)"), 0);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_WARNING, "Biểu!2:2", 2, "2018 (KH)",
                           "column '2018 (KH)' holds a plan's figures, not observations; ignored"));
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_WARNING, "Biểu!2:2", 2, "2019 (dự báo)",
                           "column '2019 (dự báo)' names the year 2019 with words that are no status of a figure: "
                           "ignored, its figures not loaded (if they are figures of 2019, head it '2019'"));
    /* a long table's year cells typed as numbers whose format shows a status: read as a year heading's (before, every
     * figure official): over the status column as a heading's is, the figure's own mark the more specific (one
     * warning); official in words leaves the status column's; words that name no status pass the row over with
     * one warning per file (not loaded as official figures) */
    snprintf(path, sizeof path, "%s/long-years.xlsx", f->dir);
    wb = workbook_new(path);
    ws = workbook_add_worksheet(wb, "Dài");
    const char *heads[] = {"indicator", "area", "year", "value", "status"};
    for (lxw_col_t c = 0; c < 5; c++)
        worksheet_write_string(ws, 0, c, heads[c], NULL);
    static const struct {
        const char *fmt;
        int year;
        const char *value, *status;
    } rows[] = {
        {"0\" (ước)\"", 2016, NULL, NULL},  {"\"Năm \"0", 2017, NULL, NULL},     {"0\" ƯTH\"", 2018, NULL, "P"},
        {"0\" (sơ bộ)\"", 2019, "49 (ước)", NULL}, {"0\" (KH)\"", 2020, NULL, NULL}, {"0\" (dự báo)\"", 2021, NULL, NULL},
        {"0\" (chính thức)\"", 2015, NULL, "P"},      {NULL, 2014, NULL, NULL},             {"0\" (sơ bộ)\"", 2013, "43 sơ bộ", NULL},
    };
    for (lxw_row_t r = 0; r < sizeof rows / sizeof *rows; r++) {
        lxw_format *fmt = NULL;
        if (rows[r].fmt) {
            fmt = workbook_add_format(wb);
            format_set_num_format(fmt, rows[r].fmt);
        }
        worksheet_write_string(ws, r + 1, 0, "INCOME", NULL);
        worksheet_write_string(ws, r + 1, 1, "VN", NULL);
        worksheet_write_number(ws, r + 1, 2, rows[r].year, fmt);
        if (rows[r].value)
            worksheet_write_string(ws, r + 1, 3, rows[r].value, NULL);
        else
            worksheet_write_number(ws, r + 1, 3, rows[r].year - 1970, NULL); /* a smooth series */
        if (rows[r].status)
            worksheet_write_string(ws, r + 1, 4, rows[r].status, NULL);
    }
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    lp = path;
    fx_load_one_ok(f, lp);
    assert_int_equal(f->r->inserted, 7);
    assert_int_equal(f->r->skipped, 0);    /* nothing asked to leave them out: */
    assert_int_equal(f->r->year_words, 2); /* 2020 (KH), 2021 (dự báo) passed over for their words */
    assert_int_equal(f->r->warnings, 2);
    FX_EXPECT(f, "INCOME", "VN", 2016, 46.0, 'E');
    FX_EXPECT(f, "INCOME", "VN", 2017, 47.0, 'A');
    FX_EXPECT(f, "INCOME", "VN", 2018, 48.0, 'E'); /* the status column's P: the year cell's word, as a heading's */
    FX_EXPECT(f, "INCOME", "VN", 2019, 49.0, 'E'); /* the figure's own mark */
    FX_EXPECT(f, "INCOME", "VN", 2015, 45.0, 'P'); /* official in words: the status column says */
    FX_EXPECT(f, "INCOME", "VN", 2014, 44.0, 'A');
    FX_EXPECT(f, "INCOME", "VN", 2013, 43.0, 'P'); /* the figure's word agrees: no warning */
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_WARNING, "Dài!D5", 5, "value",
                           "the figure '49 (ước)' is marked an estimate (E) in a row whose year cell says provisional "
                           "(P): stored as its cell says"));
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_WARNING, "Dài!C6", 6, "year",
                           "the year cell shows '2020 (KH)' (its number format's words), which names no status"));
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM observations o JOIN areas a ON a.id = o.area"
                                    " WHERE a.code = 'VN' AND o.year IN (2020, 2021)"), 0);
    const char *p = fx_put(f, "tail.csv", "Mã chỉ tiêu,Mã địa bàn,2020 chính thức,2021 sơ bộ,2022 ƯTH,2023 ước tính\n"
                                          "GRDP_G,VN,1,2,3,4\n");
    fx_load_one_ok(f, p);
    FX_EXPECT(f, "GRDP_G", "VN", 2020, 1.0, 'A');
    FX_EXPECT(f, "GRDP_G", "VN", 2021, 2.0, 'P');
    FX_EXPECT(f, "GRDP_G", "VN", 2022, 3.0, 'E');
    FX_EXPECT(f, "GRDP_G", "VN", 2023, 4.0, 'E');
}

/* A wide table of school years: without --span-year, one error per heading that names the option (not
 * "cannot tell what this file holds"), a period heading a warning; with end, each the last year (status
 * from the heading); with start, the first; the batch's note and the history say so. */
static void test_school_year_headings(void **state)
{
    fx *f = *state;
    const char *p = fx_put(f, "nh.csv",
                           "Mã chỉ tiêu,Năm học 2020-2021,2021\u20132022,NH 2022-2023 (ước),2016-2020,Bình quân 5 năm 2016-2020\n"
                           "POOR,1.5,1.4,1.3,1.8,1.7\n");
    f->o.area = "BD";
    assert_int_equal(fx_load(f, &p, 1), CHITIEU_EINVALID);
    assert_int_equal(f->r->errors, 3);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 1, "Năm học 2020-2021",
                           "'Năm học 2020-2021' is a span of years (a school or financial year), not a year: give "
                           "--span-year end to count 'Năm học 2020-2021' as 2021, or --span-year start to count it "
                           "as 2020"));
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 1, "2021\u20132022", "as 2022, or --span-year start"));
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 1, "NH 2022-2023 (ước)", "as 2023, or --span-year start"));
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_WARNING, NULL, 1, "2016-2020",
                           "column '2016-2020' is a period (2016 to 2020), not a year; ignored"));
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_WARNING, NULL, 1, "Bình quân 5 năm 2016-2020",
                           "column 'Bình quân 5 năm 2016-2020' is a period (2016 to 2020), not a year; ignored"));
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM observations"), 0);

    f->o.area = "BD";
    f->o.span_year = CHITIEU_SPAN_END;
    fx_load_one_ok(f, p);
    assert_int_equal(f->r->inserted, 3);
    assert_int_equal(f->r->span_years, 3);
    FX_EXPECT(f, "POOR", "BD", 2021, 1.5, 'A');
    FX_EXPECT(f, "POOR", "BD", 2022, 1.4, 'A');
    FX_EXPECT(f, "POOR", "BD", 2023, 1.3, 'E');
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM batches WHERE id = (SELECT max(id) FROM batches) AND note ="
                                    " 'school or financial years counted as their last year (--span-year end):"
                                    " ''Năm học 2020-2021'' as 2021; 3 figures'"), 1);
    chitieu_revision *v;
    size_t n;
    assert_int_equal(chitieu_store_history(&v, &n, f->st, "POOR", "BD", 2022), CHITIEU_OK);
    assert_int_equal(n, 1);
    assert_non_null(v[0].batch_note);
    assert_non_null(strstr(v[0].batch_note, "(--span-year end)"));
    chitieu_store_revisions_free(v, n);

    f->o.area = "BD";
    f->o.span_year = CHITIEU_SPAN_START;
    f->o.dry_run = 1;
    fx_load_one_ok(f, p);
    assert_int_equal(f->r->inserted, 1); /* 2020 is new; 2021 and 2022 now hold other figures */
    assert_int_equal(f->r->revised, 2);
    assert_int_equal(f->r->span_years, 3);
}

/* A header whose every column is a financial year ("2019/20"), with --indicator and --area: a wide table
 * (it used to be "cannot tell what this file holds"); the span under a two-row group heading ("Ước thực
 * hiện" over 2022-2023) is an estimate. */
static void test_financial_year_headings(void **state)
{
    fx *f = *state;
    const char *p = fx_put(f, "fy.csv", "2019/20,2020/21,FY 2021/22\n2.1,\"3,5\",..\n");
    f->o.indicator = "GRDP_G";
    f->o.area = "BD";
    assert_int_equal(fx_load(f, &p, 1), CHITIEU_EINVALID);
    assert_int_equal(f->r->errors, 3);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 1, "2019/20", "give --span-year end to count '2019/20' as 2020"));
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 1, "2020/21", "give --span-year end to count '2020/21' as 2021"));
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 1, "FY 2021/22", "count 'FY 2021/22' as 2022, or --span-year start to count it as 2021"));

    f->o.indicator = "GRDP_G";
    f->o.area = "BD";
    f->o.span_year = CHITIEU_SPAN_START;
    fx_load_one_ok(f, p);
    assert_int_equal(f->r->inserted, 2);
    assert_int_equal(f->r->absent, 1);
    assert_int_equal(f->r->span_years, 2); /* not the "..": no figure */
    FX_EXPECT(f, "GRDP_G", "BD", 2019, 2.1, 'A');
    FX_EXPECT(f, "GRDP_G", "BD", 2020, 3.5, 'A');

    /* a school year read as a year the header has already: said at the header, not as duplicate figures */
    p = fx_put(f, "dup.csv", "Mã chỉ tiêu,2022,2021-2022,2022-2023\nPOOR,1.2,1.1,1.0\n");
    f->o.area = "BD";
    f->o.span_year = CHITIEU_SPAN_END;
    assert_int_equal(fx_load(f, &p, 1), CHITIEU_EINVALID);
    assert_int_equal(f->r->errors, 1);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 1, "2021-2022",
                           "headings '2022' and '2021-2022' both give 2022 under --span-year end: keep one of them"));
    f->o.area = "BD";
    f->o.span_year = CHITIEU_SPAN_START; /* 2022, 2021, 2022 */
    assert_int_equal(fx_load(f, &p, 1), CHITIEU_EINVALID);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 1, "2022-2023",
                           "headings '2022' and '2022-2023' both give 2022 under --span-year start"));

    p = fx_put(f, "two.csv", "Mã chỉ tiêu,Thực hiện,Ước thực hiện\n,2020-2021,2021-2022\nPOOR,1.2,1.1\n");
    f->o.area = "BD";
    f->o.span_year = CHITIEU_SPAN_END;
    fx_load_one_ok(f, p);
    assert_int_equal(f->r->inserted, 2);
    FX_EXPECT(f, "POOR", "BD", 2021, 1.2, 'A');
    FX_EXPECT(f, "POOR", "BD", 2022, 1.1, 'E');
}

/* A school year named by one year is refused, with or without --span-year (which counts a span as its first or
 * last year but cannot say which span "2021" is): the group heading 'Năm học' merged over the plain years 2021,
 * 2022, 2023 (school-year-group.xlsx, sheet 'Một năm'; before, silently three calendar years), each year's cell
 * named, nothing stored; a one-row heading 'Năm học 2021' the same (before, "cannot tell what this file holds").
 * 'Năm học' over full spans (sheet 'Hai năm') is read with the span rule of --span-year. */
static void test_school_year_group(void **state)
{
    fx *f = *state;
    static const char *const cells[] = {"'Một năm'!E3", "'Một năm'!F3", "'Một năm'!G3"};
    for (int end = 0; end < 2; end++) {
        f->o.sheet = "Một năm";
        f->o.area = "BD";
        f->o.span_year = end ? CHITIEU_SPAN_END : CHITIEU_SPAN_REFUSE;
        assert_int_equal(fx_load(f, (const char *[]){FX "school-year-group.xlsx"}, 1), CHITIEU_EINVALID);
        assert_int_equal(f->r->errors, 3);
        for (int k = 0; k < 3; k++) {
            char head[32], msg[200];
            snprintf(head, sizeof head, "Năm học %d", 2021 + k);
            snprintf(msg, sizeof msg, "'Năm học %d' names a school or financial year by one year: is it %d-%d or %d-%d?",
                     2021 + k, 2021 + k, 2022 + k, 2020 + k, 2021 + k);
            assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, cells[k], 3, head, msg));
        }
        assert_int_equal(sql_int(f->db, "SELECT count(*) FROM observations"), 0);
    }
    const char *p = fx_put(f, "nh1.csv", "Mã chỉ tiêu,Năm học 2021,NH 2022 (ước)\nPOOR,1.5,1.4\n");
    f->o.area = "BD";
    f->o.span_year = CHITIEU_SPAN_START;
    assert_int_equal(fx_load(f, &p, 1), CHITIEU_EINVALID);
    assert_int_equal(f->r->errors, 2);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 1, "NH 2022 (ước)",
                           "is it 2022-2023 or 2021-2022? Write each in full ('2022-2023') and give --span-year end or "
                           "start; if the years are calendar years, remove the school-year heading"));
    f->o.sheet = "Hai năm";
    f->o.area = "BD";
    f->o.span_year = CHITIEU_SPAN_END;
    fx_load_ok(f, (const char *[]){FX "school-year-group.xlsx"}, 1);
    assert_int_equal(f->r->inserted, 2);
    assert_int_equal(f->r->span_years, 2);
    FX_EXPECT(f, "POOR", "BD", 2022, 1.4, 'A');
    FX_EXPECT(f, "POOR", "BD", 2023, 1.3, 'A');
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)
    const struct CMUnitTest tests[] = {
        T(test_wide_workbook), T(test_one_series),  T(test_two_row_header), T(test_two_row_long_group), T(test_two_row_merged_heading),
        T(test_world_bank_databank), T(test_header_scan), T(test_two_names_one_column),
        cmocka_unit_test(test_year_span_words), cmocka_unit_test(test_status_lead_words), T(test_status_word_headings), T(test_number_format_headings), T(test_school_year_headings), T(test_financial_year_headings),
        T(test_school_year_group),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
