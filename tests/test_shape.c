/*
 * tests/test_shape.c — unit tests of shaping records into rows (engine/shape.c, with fields.c) through
 * chitieu_load_files: missing markers (counted), --indicator/--area/--status/--source, --map, --recode,
 * --where, thousands groups and percentages, encodings, every sheet of a workbook, and the exports of
 * other systems as they are published: World Bank bulk CSV (a real excerpt), SDMX-CSV (real World Bank
 * figures in that layout) and Open SDG (four real UK files, one dated by financial years); a year column's
 * school or financial years under --span-year.  Finding the header (title rows, wide
 * tables' year headings, two-row headers) is tested in tests/test_header.c.  Fixtures and their
 * provenance: tests/fixtures/intake/README.md; the catalogue is the synthetic one of tests/fixtures/load/.
 */
#include "fixture.h"

#include <xlsxwriter.h>

#define FX "fixtures/intake/"

/* A fresh store with the synthetic catalogue of fixtures/load/. */
static int setup(void **state)
{
    return fx_setup_catalogue(state, "shape");
}

/* Every sheet: plans (a date cell read as YYYY-MM-DD) and the wide table; a notes sheet is skipped. */
static void test_all_sheets(void **state)
{
    fx *f = *state;
    f->o.all_sheets = 1;
    f->o.area = "BD";
    fx_load_one_ok(f, FX "departments.xlsx");
    assert_int_equal(f->r->plans, 1);
    assert_int_equal(f->r->inserted, 10);
    assert_int_equal(f->r->warnings, 1);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_WARNING, "'Ghi chú'", 0, NULL, "sheet skipped"));
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM plans WHERE code = 'SEDP2125' AND issued = '2021-12-20'"
                                    " AND document = '2902/QĐ-UBND'"), 1);
    f->o.sheet = "Kế hoạch";
    fx_load_one_ok(f, FX "departments.xlsx");
    assert_int_equal(f->r->plans, 1);
    f->o.sheet = "Sheet9";
    assert_int_equal(fx_load(f, (const char *[]){FX "departments.xlsx"}, 1), CHITIEU_EINVALID);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 0, NULL, "no sheet 'Sheet9' (the workbook has 'Số liệu', "
                                                                "'Kế hoạch', 'Ghi chú')"));
}

/* Errors in a workbook name the cell: file:Sheet!C3: column: message. */
static void test_workbook_errors(void **state)
{
    fx *f = *state;
    assert_int_equal(fx_load(f, (const char *[]){FX "edge.xlsx"}, 1), CHITIEU_EINVALID);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, "'Số liệu 2'!C3", 3, "year", "a formula saved without its result"));
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, "'Số liệu 2'!C6", 6, "year", "a date (2025-12-21T18:00:00), not a "
                                                                              "year"));
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, "'Số liệu 2'!A6", 6, "indicator", "missing indicator"));
    /* a spreadsheet error where a figure belongs; a stored value with 17 digits, exactly */
    const char *p = fx_put(f, "e.csv", "indicator,area,year,value\nGRDP_G,BD,2019,8.5000000000000009\n");
    fx_load_one_ok(f, p);
    FX_EXPECT(f, "GRDP_G", "BD", 2019, 8.5000000000000009, 'A');
}

/* A CSV with a title, Vietnamese headings given by --map, the area and status from options, a
 * heading with a leading blank, direction in capitals. */
static void test_map_and_options(void **state)
{
    fx *f = *state;
    const char *p = fx_put(f, "m.csv", "Báo cáo của Sở Kế hoạch và Đầu tư;;;\n"
                                    " Mã số ;Năm;Giá trị;Ghi chú\nGRDP_G;2019;8,1;\nGRDP_G;2020;2,9;theo niên giám\n");
    f->o.map = "mã số=indicator";
    f->o.area = "BD";
    f->o.status = "P";
    f->o.source = "Sở KH-ĐT";
    fx_load_one_ok(f, p);
    assert_int_equal(f->r->inserted, 2);
    assert_int_equal(f->r->warnings, 0); /* " Mã số " is the column, not also an unknown one */
    FX_EXPECT(f, "GRDP_G", "BD", 2020, 2.9, 'P');
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM observations WHERE source = 'Sở KH-ĐT'"
                                    " AND (year = 2019 AND note IS NULL OR year = 2020 AND note = 'theo niên giám')"), 2);
    /* a file with its own area column: --area loads only that area's rows, the others are counted */
    p = fx_put(f, "a.csv", "indicator,area,year,value,status\nPOOR,BD,2019,2,A\nPOOR,VN,2019,4,A\nPOOR,BD,2020,1.9,\n");
    f->o.area = "BD";
    f->o.status = "E";
    fx_load_one_ok(f, p);
    assert_int_equal(f->r->inserted, 2);
    assert_int_equal(f->r->skipped, 1);
    FX_EXPECT(f, "POOR", "BD", 2020, 1.9, 'E'); /* an empty status cell takes --status */
    FX_EXPECT(f, "POOR", "BD", 2019, 2, 'A');
    /* --recode: the file's codes as the catalogue names them */
    p = fx_put(f, "r.csv", "indicator,area,year,value\nNY.GDP,VNM,2019,7.4\n");
    f->o.recode = "NY.GDP=GRDP_G, VNM = VN";
    fx_load_one_ok(f, p);
    FX_EXPECT(f, "GRDP_G", "VN", 2019, 7.4, 'A');
    /* header names trimmed and folded; direction in any case */
    p = fx_put(f, "i.csv", " Code ,NAME, Unit,Direction \nNEWI,New,%,UP\nNEWD,Down one,%,Down\n");
    fx_load_one_ok(f, p);
    assert_int_equal(f->r->indicators, 2);
    assert_int_equal(f->r->warnings, 0);
    assert_int_equal(sql_int(f->db, "SELECT sum(direction) FROM indicators WHERE code IN ('NEWI', 'NEWD')"), 0);
    /* option errors */
    f->o.map = "Mã số=indicatorx";
    assert_int_equal(chitieu_load_opts_check(&f->o), CHITIEU_EINVALID);
    assert_non_null(strstr(chitieu_error_last(), "--map: 'indicatorx' is not a column"));
    f->o.map = "Mã số";
    assert_int_equal(chitieu_load_opts_check(&f->o), CHITIEU_EINVALID);
    assert_non_null(strstr(chitieu_error_last(), "--map: 'Mã số' is not NAME=VALUE"));
    chitieu_load_opts_init(&f->o);
    f->o.status = "Q";
    assert_int_equal(chitieu_load_opts_check(&f->o), CHITIEU_EINVALID);
    chitieu_load_opts_init(&f->o);
    f->o.encoding = "no-such-encoding";
    assert_int_equal(chitieu_load_opts_check(&f->o), CHITIEU_EINVALID);
    assert_non_null(strstr(chitieu_error_last(), "--encoding: unknown encoding 'no-such-encoding'"));
    chitieu_load_opts_init(&f->o);
}

/* A row refused before it is read into columns names no indicator (nothing of the row before it:
 * its fields are gone; ASan saw the old pointers used). */
static void test_short_row_message(void **state)
{
    fx *f = *state;
    const char *p = fx_put(f, "s.csv", "indicator,area,year,value\nGRDP_G,BD,2019,8\nPOOR,BD\n");
    assert_int_equal(fx_load(f, &p, 1), CHITIEU_EINVALID);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 3, NULL, "the row has 2 fields; the header has 4"));
    assert_null(f->r->msgs[0].indicator);
}

/* Markers of a missing figure: the default list, and --missing replacing it. */
static void test_missing_markers(void **state)
{
    fx *f = *state;
    const char *p = fx_put(f, "w.csv", "indicator,area,2015,2016,2017,2018,2019,2020,2021,2022,2023,2024\n"
                                    "POOR,BD,..,...,…,-,–,—,X,n.a.,kxđ,\n");
    fx_load_one_ok(f, p);
    assert_int_equal(f->r->absent, 10);
    assert_int_equal(f->r->inserted, 0);
    f->o.missing = "n/a, ?";
    p = fx_put(f, "m.csv", "indicator,area,year,value\nPOOR,BD,2016,n/a\nPOOR,BD,2017,?\nPOOR,BD,2018,\nPOOR,BD,2019,..\n");
    assert_int_equal(fx_load(f, &p, 1), CHITIEU_EINVALID);
    assert_int_equal(f->r->absent, 3);
    assert_int_equal(f->r->errors, 1);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 5, "value", "'..' is not a number"));
}

/* Numbers as departments type them: thousands groups where unambiguous, 85% for a percentage. */
static void test_numbers_as_typed(void **state)
{
    fx *f = *state;
    const char *p = fx_put(f, "n.csv", "indicator,area,year,value\nINCOME,BD,2015,1.234.567\nINCOME,BD,2016,\"1,234,567\"\n"
                                    "INCOME,BD,2017,\"1,234.5\"\nPOOR,BD,2017,1.5%\nPOOR,BD,2018,\"2,5 %\"\n");
    fx_load_one_ok(f, p);
    FX_EXPECT(f, "INCOME", "BD", 2015, 1234567, 'A');
    FX_EXPECT(f, "INCOME", "BD", 2016, 1234567, 'A');
    FX_EXPECT(f, "INCOME", "BD", 2017, 1234.5, 'A');
    FX_EXPECT(f, "POOR", "BD", 2017, 1.5, 'A');
    FX_EXPECT(f, "POOR", "BD", 2018, 2.5, 'A');
    p = fx_put(f, "b.csv", "indicator,area,year,value\nINCOME,BD,2019,12%\n");
    assert_int_equal(fx_load(f, &p, 1), CHITIEU_EINVALID);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 2, "value", "has a percent sign, but the indicator's unit is "
                                                                   "not a percentage"));
}

/* Encodings: UTF-16 (Excel's Unicode Text, tabs, decimal commas), cp1258 when named, NFD names stored NFC. */
static void test_encodings(void **state)
{
    fx *f = *state;
    fx_load_one_ok(f, FX "utf16.txt");
    FX_EXPECT(f, "INCOME", "BD", 2019, 61.2, 'A');
    FX_EXPECT(f, "INCOME", "BD", 2020, 62.5, 'A');
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM observations WHERE note = 'Hà Nội đối chiếu'"), 1);
    assert_int_equal(fx_load(f, (const char *[]){FX "cp1258.csv"}, 1), CHITIEU_EINVALID);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 2, NULL, "--encoding cp1258"));
    f->o.encoding = "cp1258";
    fx_load_one_ok(f, FX "cp1258.csv");
    FX_EXPECT(f, "POOR", "BD", 2020, 1.5, 'A');
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM observations WHERE source = 'Cục Thống kê tỉnh Bình Dương'"),
                     1);
    fx_load_one_ok(f, FX "nfd.csv");
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM areas WHERE name = 'Đồng Nai (tên viết dạng tách dấu)'"), 1);
}

/* World Bank bulk CSV as downloaded (4 preamble lines, years as columns, a trailing comma): the
 * Viet Nam row, its codes recoded; the other countries are left out by --area. */
static void test_world_bank(void **state)
{
    fx *f = *state;
    f->o.recode = "VNM=VN,NY.GDP.MKTP.KD.ZG=GRDP_G";
    f->o.area = "VN";
    fx_load_one_ok(f, FX "wb_gdp_growth_excerpt.csv");
    assert_int_equal(f->r->rows, 4);
    assert_int_equal(f->r->skipped, 3);    /* Lao PDR, Thailand, World */
    assert_int_equal(f->r->inserted, 40);  /* 1985-2024 */
    assert_int_equal(f->r->absent, 25);    /* 1960-1984: empty */
    FX_EXPECT(f, "GRDP_G", "VN", 2024, 7.09118746633975, 'A');
    FX_EXPECT(f, "GRDP_G", "VN", 1985, 3.80585566810947, 'A');
    /* without the options: unknown codes, with what to do */
    assert_int_equal(fx_load(f, (const char *[]){FX "wb_gdp_growth_excerpt.csv"}, 1), CHITIEU_EINVALID);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 6, "Indicator Code", "unknown indicator 'NY.GDP.MKTP.KD.ZG' "
                                                                              "(load its catalogue row first, or give the catalogue's code with --recode"));
}

/* SDMX-CSV: the total (_T) rows of annual frequency; statuses E and M (missing). */
static void test_sdmx(void **state)
{
    fx *f = *state;
    const char *cat = fx_put(f, "c.csv", "code,name,unit,direction,min,max\nLIFE,Life expectancy,years,up,0,120\n");
    fx_load_one_ok(f, cat);
    f->o.recode = "VNM=VN,SP.DYN.LE00.IN=LIFE";
    fx_load_one_ok(f, FX "sdmx.csv");
    assert_int_equal(f->r->inserted, 5);
    assert_int_equal(f->r->skipped, 11); /* 10 by sex, 1 quarterly */
    assert_int_equal(f->r->absent, 1);   /* OBS_STATUS M */
    FX_EXPECT(f, "LIFE", "VN", 2019, 74.211, 'A');
    FX_EXPECT(f, "LIFE", "VN", 2023, 74.588, 'E');
    f->o.recode = "VNM=VN,SP.DYN.LE00.IN=LIFE";
    f->o.where = "SEX=F";
    fx_load_one_ok(f, FX "sdmx.csv");
    assert_int_equal(f->r->revised, 5);
    FX_EXPECT(f, "LIFE", "VN", 2020, 80.314, 'A');
    assert_int_equal(f->r->warnings, 0);
    /* a --where value the file does not have: said, with one it has (was a silent "0 new figures") */
    f->o.recode = "VNM=VN,SP.DYN.LE00.IN=LIFE";
    f->o.where = "SEX=Female";
    fx_load_one_ok(f, FX "sdmx.csv");
    assert_int_equal(f->r->skipped, 17);
    assert_int_equal(f->r->warnings, 1);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_WARNING, NULL, 0, NULL,
                        "--where 'sex=Female' matches no row: 17 rows left out, of other values ('_T' the first)"));
}

/* Open SDG: the headline series (empty disaggregations) of real UK files; one series per load. */
static void test_open_sdg(void **state)
{
    fx *f = *state;
    const char *cat = fx_put(f, "c.csv", "code,name,unit,direction\nUK_GDPPC,Real GDP per capita growth,%,up\n"
                                      "UK_NMR,Neonatal mortality,per 1000,down\nUK_SP,Social protection,%,up\n");
    const char *area = fx_put(f, "a.csv", "code,name,level\nUK,United Kingdom,country\n");
    const char *both[] = {cat, area};
    assert_int_equal(fx_load(f, both, 2), 0);
    f->o.indicator = "UK_GDPPC";
    f->o.area = "UK";
    fx_load_one_ok(f, FX "open-sdg/indicator_8-1-1.csv");
    assert_int_equal(f->r->inserted, 23);
    FX_EXPECT(f, "UK_GDPPC", "UK", 2020, -11.4, 'A');
    f->o.indicator = "UK_NMR";
    f->o.area = "UK";
    fx_load_one_ok(f, FX "open-sdg/indicator_3-2-1.csv");
    assert_int_equal(f->r->rows, 322);
    assert_int_equal(f->r->inserted + f->r->skipped + f->r->absent, 322);
    assert_true(f->r->skipped > 0);
    f->o.indicator = "UK_SP";
    f->o.area = "UK";
    assert_int_equal(fx_load(f, (const char *[]){FX "open-sdg/indicator_1-3-1.csv"}, 1), CHITIEU_EINVALID);
    assert_int_equal(f->r->errors, 1);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 4, NULL, "a second series: Series 'Proportion of "
                                                                "children/households receiving child/family cash benefit'"));
    f->o.indicator = "UK_SP";
    f->o.area = "UK";
    f->o.where = "Series=Proportion of population covered by at least one social protection benefit";
    fx_load_one_ok(f, FX "open-sdg/indicator_1-3-1.csv");
    assert_true(f->r->inserted > 0);
}

/* A row of figures without a code (a total, a breakdown) is named by its words in the error. */
static void test_row_without_code(void **state)
{
    fx *f = *state;
    const char *p = fx_put(f, "sub.csv", "Mã chỉ tiêu,Chỉ tiêu,2020,2021\nGRDP_G,Tăng trưởng,2.1,3.0\n"
                                      ",- Trong đó: nông nghiệp,1.0,1.1\n,Tổng cộng,5,6\n,,7,8\n"
                                      ",Tổng số doanh nghiệp đang hoạt động có kết quả sản xuất kinh doanh,1,2\n");
    f->o.area = "BD";
    assert_int_equal(fx_load(f, &p, 1), CHITIEU_EINVALID);
    assert_int_equal(f->r->committed, 0);
    assert_int_equal(f->r->errors, 4);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 3, "Mã chỉ tiêu",
                        "missing indicator for the row '- Trong đó: nông nghiệp': a row of figures needs the "
                        "catalogue's code"));
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 4, "Mã chỉ tiêu", "missing indicator for the row 'Tổng cộng'"));
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 5, "Mã chỉ tiêu", "missing indicator"));
    /* 60 bytes of a long name, cut between characters ("kết qu" + "…": 'ả' would cross byte 60) */
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 6, "Mã chỉ tiêu",
                        "for the row 'Tổng số doanh nghiệp đang hoạt động có kết qu…'"));
}

/* A code, name and unit merged down over the rows of one indicator (merged.xlsx as openpyxl wrote it,
 * merged-calc.xlsx as LibreOffice Calc saved it; make-fixtures.sh step 8): every row takes them from the
 * range's top cell.  A figure merged over two areas or two years is an error naming the range. */
static void test_merged_rows(void **state)
{
    fx *f = *state;
    const char *bt = fx_put(f, "bt.csv", "code,name,level,parent\nBT,Ben Tre (synthetic),province,VN\n");
    fx_load_one_ok(f, bt);
    const char *books[] = {FX "merged.xlsx", FX "merged-calc.xlsx"};
    for (size_t b = 0; b < 2; b++) {
        fx_load_one_ok(f, books[b]);
        assert_int_equal(f->r->inserted + f->r->unchanged, 18); /* 2 indicators x 3 areas x 3 years */
        assert_int_equal(f->r->warnings, 0);
        FX_EXPECT(f, "GRDP_G", "VN", 2021, 2.6, 'A'); /* the top row */
        FX_EXPECT(f, "GRDP_G", "BD", 2022, 6.8, 'A'); /* B5, C5, D5 empty: from B4:B6 */
        FX_EXPECT(f, "GRDP_G", "BT", 2023, 6.0, 'E');
        FX_EXPECT(f, "POOR", "BD", 2021, 1.2, 'A');
        FX_EXPECT(f, "POOR", "BT", 2022, 2.9, 'A'); /* B9: from B7:B9 */
        f->o.sheet = "Sai";
        assert_int_equal(fx_load(f, &books[b], 1), CHITIEU_EINVALID);
        assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, "Sai!C2", 2, "2021",
                               "the figure '6.5' is merged over C2:C3 (several rows)"));
        assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, "Sai!C4", 4, "2021",
                               "the figure '1.5' is merged over C4:D4 (several columns)"));
        assert_int_equal(f->r->errors, 2); /* A3 takes GRDP_G from A2:A3: no "missing indicator" */
        f->o.sheet = NULL;
    }
    /* a long table written by a third program (libxlsxwriter): the indicator merged over four rows, the
     * year merged down over the two areas of each year; a value merged down over two rows is refused */
    char path[600];
    snprintf(path, sizeof path, "%s/long.xlsx", f->dir);
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Dọc");
    const char *head[] = {"Mã chỉ tiêu", "Năm", "Mã địa bàn", "Giá trị"};
    for (lxw_col_t c = 0; c < 4; c++)
        worksheet_write_string(ws, 0, c, head[c], NULL);
    worksheet_merge_range(ws, 1, 0, 4, 0, "INCOME", NULL);
    worksheet_merge_range(ws, 1, 1, 2, 1, "", NULL);
    worksheet_write_number(ws, 1, 1, 2021, NULL); /* the top cell of a merged range holds the value */
    worksheet_merge_range(ws, 3, 1, 4, 1, "", NULL);
    worksheet_write_number(ws, 3, 1, 2022, NULL);
    const char *areas[] = {"VN", "BD", "VN", "BD"};
    const double v[] = {58.0, 61.2, 60.1, 64.0};
    for (lxw_row_t r = 0; r < 4; r++) {
        worksheet_write_string(ws, r + 1, 2, areas[r], NULL);
        worksheet_write_number(ws, r + 1, 3, v[r], NULL);
    }
    lxw_worksheet *bad = workbook_add_worksheet(wb, "Gộp");
    for (lxw_col_t c = 0; c < 4; c++)
        worksheet_write_string(bad, 0, c, head[c], NULL);
    worksheet_merge_range(bad, 1, 0, 2, 0, "INCOME", NULL);
    worksheet_write_number(bad, 1, 1, 2023, NULL);
    worksheet_write_number(bad, 2, 1, 2023, NULL);
    worksheet_write_string(bad, 1, 2, "VN", NULL);
    worksheet_write_string(bad, 2, 2, "BD", NULL);
    worksheet_merge_range(bad, 1, 3, 2, 3, "", NULL);
    worksheet_write_number(bad, 1, 3, 66.5, NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    const char *lp = path;
    fx_load_one_ok(f, lp);
    assert_int_equal(f->r->inserted, 4);
    FX_EXPECT(f, "INCOME", "BD", 2021, 61.2, 'A');
    FX_EXPECT(f, "INCOME", "VN", 2022, 60.1, 'A');
    FX_EXPECT(f, "INCOME", "BD", 2022, 64.0, 'A');
    f->o.sheet = "Gộp";
    assert_int_equal(fx_load(f, &lp, 1), CHITIEU_EINVALID);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, "Gộp!D2", 2, "Giá trị",
                           "the figure '66.5' is merged over D2:D3 (several rows): a figure belongs to one row"));
    assert_int_equal(f->r->errors, 1);
    f->o.sheet = NULL;
}

/* A status written in the value cell: "3,0 (ước)", "6.8 (e)", "(sơ bộ) 7,1", "1,5*" with the footnote
 * "(*) Số liệu ước tính" below the table, "1.0 (p)": each figure loads with that status and is counted; an
 * unknown word, a mark no footnote explains and a mark that contradicts the status column are errors naming
 * the cell and the text.  merged.xlsx sheet 'Trạng thái' (openpyxl) and the same saved by Calc; CSV. */
static void test_status_in_value(void **state)
{
    fx *f = *state;
    const char *books[] = {FX "merged.xlsx", FX "merged-calc.xlsx"};
    for (size_t b = 0; b < 2; b++) {
        f->o.sheet = "Trạng thái";
        fx_load_one_ok(f, books[b]);
        assert_int_equal(f->r->inserted + f->r->unchanged, 6);
        assert_int_equal(f->r->status_in_value, 5); /* counted when unchanged too (the second book) */
        FX_EXPECT(f, "GRDP_G", "BD", 2021, 3.0, 'E');
        FX_EXPECT(f, "GRDP_G", "BD", 2022, 6.8, 'E');
        FX_EXPECT(f, "GRDP_G", "BD", 2023, 7.1, 'P');
        FX_EXPECT(f, "POOR", "BD", 2021, 1.5, 'E'); /* "1,5*": the footnote says * is an estimate */
        FX_EXPECT(f, "POOR", "BD", 2022, 1.2, 'A');
        FX_EXPECT(f, "POOR", "BD", 2023, 1.0, 'P');
        assert_int_equal(f->r->errors, 0); /* the footnote row is no row of figures */
    }
    f->o.sheet = NULL;
    /* a long CSV: the footnote above the header, marks of two kinds, a missing marker with a status */
    const char *p = fx_put(f, "s.csv",
                           "** sơ bộ\nindicator,area,year,value\nINCOME,VN,2021,\"58,0 (sơ bộ)\"\n"
                           "INCOME,VN,2022,61.5**\nINCOME,BD,2022,.. (ước)\nINCOME,BD,2021,64 (ước tính)\n");
    fx_load_one_ok(f, p);
    assert_int_equal(f->r->inserted, 3);
    assert_int_equal(f->r->absent, 1);
    assert_int_equal(f->r->status_in_value, 3);
    FX_EXPECT(f, "INCOME", "VN", 2021, 58.0, 'P');
    FX_EXPECT(f, "INCOME", "VN", 2022, 61.5, 'P');
    FX_EXPECT(f, "INCOME", "BD", 2021, 64.0, 'E');
    /* errors: an unknown word, a mark without its footnote, a mark against the status column */
    p = fx_put(f, "e.csv",
               "indicator,area,year,value,status\nINCOME,VN,2019,\"50,0 (dự báo)\",\nINCOME,VN,2020,52*,\n"
               "INCOME,VN,2023,53 (ước),P\nINCOME,VN,2024,(3.5),\n");
    assert_int_equal(fx_load(f, &p, 1), CHITIEU_EINVALID);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 2, "value", "'50,0 (dự báo)': unknown status '(dự báo)'"));
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 3, "value",
                           "the figure '52*' carries the mark '*', which no footnote of the file explains"));
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 4, "value",
                           "the figure '53 (ước)' is marked an estimate (E), but its status says provisional (P)"));
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 5, "value", "(3.5)")); /* no figure beside a mark */
    assert_int_equal(f->r->errors, 4);
    /* a wide table's cell whose status differs from its heading's: the cell is the more specific (a province's
     * figure already provisional in a column of estimates), stored as it says, said once in a warning */
    p = fx_put(f, "w.csv", "Mã chỉ tiêu;Mã địa bàn;2022 (ước);2023\nINCOME;BD;66,1 (ước);70 (sơ bộ)\n"
                           "POOR;BD;1,1 (sơ bộ);0,9\nGRDP_G;BD;chính thức 6,9;\n");
    fx_load_one_ok(f, p);
    assert_int_equal(f->r->status_in_value, 4);
    FX_EXPECT(f, "INCOME", "BD", 2022, 66.1, 'E');
    FX_EXPECT(f, "INCOME", "BD", 2023, 70.0, 'P');
    FX_EXPECT(f, "POOR", "BD", 2022, 1.1, 'P');
    FX_EXPECT(f, "POOR", "BD", 2023, 0.9, 'A');
    FX_EXPECT(f, "GRDP_G", "BD", 2022, 6.9, 'A');
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_WARNING, NULL, 3, "2022 (ước)",
                           "the figure '1,1 (sơ bộ)' is marked provisional (P) under a heading that says an estimate "
                           "(E): stored as its cell says, and the figures like it after it"));
    /* and POOR 2022 was official (1.2, from the workbooks above): a provisional figure after it is said */
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_WARNING, NULL, 3, "2022 (ước)",
                           "POOR, BD, 2022: the official figure 1.2 (batch "));
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_WARNING, NULL, 3, "2022 (ước)",
                           ") is followed by a provisional figure 1.1; an earlier file sent again?"));
    assert_int_equal(f->r->warnings, 2); /* the status once, not for GRDP_G's too; POOR's official figure */
    /* a status word before the figure, the words a year heading has before its year: long and wide, with a
     * missing marker; other words before a figure are an error naming them, two statuses are no figure */
    p = fx_put(f, "lead.csv", "indicator,area,year,value\nINCOME,VN,2015,ước 30\nINCOME,VN,2016,\"Ước tính 31,5\"\n"
                              "INCOME,VN,2017,ƯTH 32\nINCOME,VN,2018,sơ bộ 33.5\nINCOME,VN,2019,ước ..\n");
    fx_load_one_ok(f, p);
    assert_int_equal(f->r->inserted, 4);
    assert_int_equal(f->r->absent, 1);
    assert_int_equal(f->r->status_in_value, 4);
    FX_EXPECT(f, "INCOME", "VN", 2015, 30.0, 'E');
    FX_EXPECT(f, "INCOME", "VN", 2016, 31.5, 'E');
    FX_EXPECT(f, "INCOME", "VN", 2017, 32.0, 'E');
    FX_EXPECT(f, "INCOME", "VN", 2018, 33.5, 'P');
    p = fx_put(f, "lead-w.csv", "Mã chỉ tiêu;Mã địa bàn;2012;2013\nINCOME;VN;\"sơ bộ 1 234,5\";\"Ước 27,25\"\n");
    fx_load_one_ok(f, p);
    FX_EXPECT(f, "INCOME", "VN", 2012, 1234.5, 'P');
    FX_EXPECT(f, "INCOME", "VN", 2013, 27.25, 'E');
    p = fx_put(f, "lead-e.csv", "indicator,area,year,value,status\nINCOME,VN,2010,dự báo 3.0,\nINCOME,VN,2011,"
                                "ước 3.0 (sơ bộ),\nINCOME,VN,2012,ước 3,P\n");
    assert_int_equal(fx_load(f, &p, 1), CHITIEU_EINVALID);
    assert_int_equal(f->r->errors, 3);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 2, "value",
                           "'dự báo 3.0': unknown status 'dự báo' before the figure"));
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 3, "value", "'ước 3.0 (sơ bộ)' is not a number"));
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 4, "value",
                           "the figure 'ước 3' is marked an estimate (E), but its status says provisional (P)"));
    /* a status word after the figure, without brackets (the words a year heading may have after its year): long
     * and wide, with a missing marker and a thousands blank; other words after a figure are an error naming file,
     * line, field and the words; against the status column the figure's word is checked as before it */
    p = fx_put(f, "tail.csv", "indicator,area,year,value\nINCOME,VN,2005,\"3,0 ước\"\nINCOME,VN,2006,\"7,1 sơ bộ\"\n"
                              "INCOME,VN,2007,32 ƯTH\nINCOME,VN,2008,\"1 234,5 Ước tính\"\nINCOME,VN,2009,.. ước\n"
                              "INCOME,VN,2004,41 chính thức\n");
    fx_load_one_ok(f, p);
    assert_int_equal(f->r->inserted, 5);
    assert_int_equal(f->r->absent, 1);
    assert_int_equal(f->r->status_in_value, 5);
    FX_EXPECT(f, "INCOME", "VN", 2005, 3.0, 'E');
    FX_EXPECT(f, "INCOME", "VN", 2006, 7.1, 'P');
    FX_EXPECT(f, "INCOME", "VN", 2007, 32.0, 'E');
    FX_EXPECT(f, "INCOME", "VN", 2008, 1234.5, 'E');
    FX_EXPECT(f, "INCOME", "VN", 2004, 41.0, 'A');
    p = fx_put(f, "tail-w.csv", "Mã chỉ tiêu;Mã địa bàn;2002;2003 (ước)\nINCOME;BD;\"12,5 sơ bộ\";13 ƯTH\n");
    fx_load_one_ok(f, p);
    assert_int_equal(f->r->warnings, 0); /* the cell agrees with its heading */
    FX_EXPECT(f, "INCOME", "BD", 2002, 12.5, 'P');
    FX_EXPECT(f, "INCOME", "BD", 2003, 13.0, 'E');
    p = fx_put(f, "tail-e.csv", "indicator,area,year,value,status\nINCOME,BD,2000,3.0 dự báo,\nINCOME,BD,2001,"
                                "12 triệu,\nINCOME,BD,1999,5 ước,P\nINCOME,BD,1998,3.0 ước 2,\n");
    assert_int_equal(fx_load(f, &p, 1), CHITIEU_EINVALID);
    assert_int_equal(f->r->errors, 4);
    assert_int_equal(f->r->inserted, 0);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 2, "value",
                           "'3.0 dự báo': unknown status 'dự báo' after the figure"));
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 3, "value", "'12 triệu': unknown status 'triệu' after the figure (a figure is written alone, in its indicator's unit"));
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 4, "value",
                           "the figure '5 ước' is marked an estimate (E), but its status says provisional (P)"));
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 5, "value", "'3.0 ước 2' is not a number"));
    /* the same in a workbook's text cells (libxlsxwriter): read, or named by sheet, cell and heading */
    char bpath[600];
    snprintf(bpath, sizeof bpath, "%s/lead.xlsx", f->dir);
    lxw_workbook *wb = workbook_new(bpath);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Số liệu");
    const char *cells[2][4] = {{"Mã chỉ tiêu", "Mã địa bàn", "2010", "Ước 2011"}, {"INCOME", "VN", "sơ bộ 20,5", "ước 21"}};
    for (lxw_row_t r = 0; r < 2; r++)
        for (lxw_col_t c = 0; c < 4; c++)
            worksheet_write_string(ws, r, c, cells[r][c], NULL);
    worksheet_write_string(ws, 2, 0, "INCOME", NULL);
    worksheet_write_string(ws, 2, 1, "BD", NULL);
    worksheet_write_string(ws, 2, 2, "dự báo 19", NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    const char *bp = bpath;
    assert_int_equal(fx_load(f, &bp, 1), CHITIEU_EINVALID);
    assert_int_equal(f->r->errors, 1);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, "'Số liệu'!C3", 3, "2010",
                           "'dự báo 19': unknown status 'dự báo' before the figure"));
    f->o.area = "VN"; /* the row of BD left out: the others load */
    fx_load_one_ok(f, bp);
    FX_EXPECT(f, "INCOME", "VN", 2010, 20.5, 'P');
    FX_EXPECT(f, "INCOME", "VN", 2011, 21.0, 'E');
    f->o.area = NULL;
    /* a year heading's mark: "2023*" takes the status its footnote gives, "2024 (**)" too; a heading's star
     * without a footnote giving a status stays official (as before); a footnote row without a status word is
     * passed over, and a figure's mark it explains no status of is an error saying so */
    p = fx_put(f, "h.csv", "Mã chỉ tiêu,Mã địa bàn,2022,2023*,2024 (**)\nINCOME,BT,66.1,70,72\n,,,,\n"
                           "* Số liệu ước tính,,,,\n(**) Số liệu sơ bộ\n");
    fx_put(f, "bt.csv", "code,name,level,parent\nBT,Ben Tre (synthetic),province,VN\n");
    const char *both[] = {fx_file(f, "bt.csv"), p};
    fx_load_ok(f, both, 2);
    assert_int_equal(f->r->inserted, 3);
    assert_int_equal(f->r->status_in_value, 0); /* the heading's status, not the cell's */
    FX_EXPECT(f, "INCOME", "BT", 2022, 66.1, 'A');
    FX_EXPECT(f, "INCOME", "BT", 2023, 70.0, 'E');
    FX_EXPECT(f, "INCOME", "BT", 2024, 72.0, 'P');
    p = fx_put(f, "h2.csv", "Mã chỉ tiêu,Mã địa bàn,2023*\nPOOR,BT,3.1\n* Điều chỉnh theo tổng điều tra\n");
    fx_load_one_ok(f, p);
    FX_EXPECT(f, "POOR", "BT", 2023, 3.1, 'A');
    p = fx_put(f, "h3.csv", "indicator,area,year,value\nPOOR,BT,2019,\"5,0*\"\n* Điều chỉnh\n");
    assert_int_equal(fx_load(f, &p, 1), CHITIEU_EINVALID);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 2, "value",
                           "the figure '5,0*' carries the mark '*', whose footnote gives no status"));
    assert_int_equal(f->r->errors, 1);
    /* (fuzz5) a heading's "(*)" footnote explains "2021*" and "2023*" of one file, a figure's "45*" under it
     * agrees; "2022**" no note explains stays official; "***" with a figure's own "(sơ bộ)" that agrees */
    p = fx_put(f, "h4.csv", "indicator,area,2020,2021*,2022**,2023*\nINCOME,VN,40,41,42,43\nINCOME,BD,44,45*,46,47\n"
                           "(*) Số liệu ước tính\n");
    fx_load_one_ok(f, p);
    FX_EXPECT(f, "INCOME", "VN", 2020, 40.0, 'A');
    FX_EXPECT(f, "INCOME", "VN", 2021, 41.0, 'E');
    FX_EXPECT(f, "INCOME", "BD", 2021, 45.0, 'E');
    FX_EXPECT(f, "INCOME", "VN", 2022, 42.0, 'A'); /* no note for ** */
    FX_EXPECT(f, "INCOME", "VN", 2023, 43.0, 'E');
    assert_int_equal(f->r->errors, 0);
    p = fx_put(f, "h5.csv", "indicator,area,2024***\nINCOME,VN,50\nINCOME,BD,51 (sơ bộ)\n*** sơ bộ\n");
    fx_load_one_ok(f, p);
    FX_EXPECT(f, "INCOME", "VN", 2024, 50.0, 'P');
    FX_EXPECT(f, "INCOME", "BD", 2024, 51.0, 'P');
}

/* A wide table of school years whose last heading carries a footnote's mark ("Năm học 2023-2024*", the
 * footnote "* Số liệu ước tính"): with --span-year end the column is 2024 and its figures estimates (the
 * span and the mark are read by one heading rule). */
static void test_span_heading_with_mark(void **state)
{
    fx *f = *state;
    const char *p = fx_put(f, "nh-mark.csv", "Mã chỉ tiêu,Mã địa bàn,Năm học 2022-2023,Năm học 2023-2024*\n"
                                             "POOR,BD,1.4,1.3\n* Số liệu ước tính\n");
    f->o.span_year = CHITIEU_SPAN_END;
    fx_load_one_ok(f, p);
    assert_int_equal(f->r->inserted, 2);
    assert_int_equal(f->r->span_years, 2);
    FX_EXPECT(f, "POOR", "BD", 2023, 1.4, 'A');
    FX_EXPECT(f, "POOR", "BD", 2024, 1.3, 'E');
}

/* A long file's year column: a school year (-, en dash, "Năm học", "NH", "/23") is refused naming --span-year
 * without it, counted as its last or first year with it (counted in the report, noted on the batch); a
 * period (2021-2025) and what is no span ("2010 to 2011", "2002/03-2007/08") stay errors either way. */
static void test_span_year_column(void **state)
{
    fx *f = *state;
    const char *p = fx_put(f, "nh.csv", "indicator,area,year,value\nPOOR,BD,2020-2021,1.6\nPOOR,BD,2021\u20132022,1.5\n"
                                        "POOR,BD,Năm học 2022-2023,1.4\nPOOR,BD,NH 2023/24,1.3\n"
                                        "POOR,BD,2024-2025,..\n"); /* a missing figure's year is not read */
    assert_int_equal(fx_load(f, &p, 1), CHITIEU_EINVALID);
    assert_int_equal(f->r->errors, 4);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 2, "year",
                           "'2020-2021' is a span of years (a school or financial year), not a year: give --span-year "
                           "end to count '2020-2021' as 2021, or --span-year start to count it as 2020"));
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 4, "year", "count 'Năm học 2022-2023' as 2023"));
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 5, "year", "count 'NH 2023/24' as 2024"));

    f->o.span_year = CHITIEU_SPAN_END;
    fx_load_one_ok(f, p);
    assert_int_equal(f->r->inserted, 4);
    assert_int_equal(f->r->absent, 1);
    assert_int_equal(f->r->span_years, 4);
    FX_EXPECT(f, "POOR", "BD", 2021, 1.6, 'A');
    FX_EXPECT(f, "POOR", "BD", 2023, 1.4, 'A');
    assert_int_equal(sql_int(f->db, "SELECT line FROM observations WHERE year = 2022"), 3);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM batches WHERE note = 'school or financial years counted"
                                    " as their last year (--span-year end): ''2020-2021'' as 2021; 4 figures'"), 1);

    f->o.span_year = CHITIEU_SPAN_START; /* the same file read the other way: each figure a year earlier */
    fx_load_one_ok(f, p);
    assert_int_equal(f->r->inserted, 1); /* 2020 */
    assert_int_equal(f->r->revised, 3);  /* 2021: 1.6 -> 1.5; 2022: 1.5 -> 1.4; 2023: 1.4 -> 1.3 */
    FX_EXPECT(f, "POOR", "BD", 2020, 1.6, 'A');
    FX_EXPECT(f, "POOR", "BD", 2022, 1.4, 'A');
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM batches WHERE note = 'school or financial years counted"
                                    " as their first year (--span-year start): ''2020-2021'' as 2020; 4 figures'"), 1);

    /* a file without spans records no note, with the option or without */
    p = fx_put(f, "plain.csv", "indicator,area,year,value\nPOOR,BD,2019,1.8\n");
    f->o.span_year = CHITIEU_SPAN_END;
    fx_load_one_ok(f, p);
    assert_int_equal(f->r->span_years, 0);
    assert_int_equal(sql_int(f->db, "SELECT note IS NULL FROM batches WHERE id = (SELECT max(id) FROM batches)"), 1);

    p = fx_put(f, "period.csv", "indicator,area,year,value\nPOOR,BD,2021-2025,1\nPOOR,BD,2010 to 2011,1\n"
                                "POOR,BD,2002/03-2007/08,1\nPOOR,BD,2016-20,1\n");
    f->o.span_year = CHITIEU_SPAN_END;
    assert_int_equal(fx_load(f, &p, 1), CHITIEU_EINVALID);
    assert_int_equal(f->r->errors, 4);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 2, "year",
                           "'2021-2025' is a period of 5 years (2021 to 2025), not a year: give the figure of each "
                           "year (--span-year reads only a span of two consecutive years)"));
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 3, "year", "'2010 to 2011' is a span of years, not a year"));
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 4, "year", "'2002/03-2007/08' is a span of years, not a year"));
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 5, "year", "'2016-20' is a period of 5 years (2016 to 2020)"));
    /* a financial year written as one year: which is it? not read */
    p = fx_put(f, "fy.csv", "indicator,area,year,value\nPOOR,BD,FY2016,1\nPOOR,BD,FY 2016,1\n");
    f->o.span_year = CHITIEU_SPAN_END;
    assert_int_equal(fx_load(f, &p, 1), CHITIEU_EINVALID);
    assert_int_equal(f->r->errors, 2);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 2, "year", "'FY2016' is not a year"));

    /* a target's year and 'from' read the same way; the batch counts targets */
    p = fx_put(f, "tg.csv", "plan,indicator,area,shape,year,from,low\nSEDP2125,POOR,BD,each_year,2024-2025,2020/21,1\n");
    f->o.span_year = CHITIEU_SPAN_END;
    fx_load_one_ok(f, p);
    assert_int_equal(f->r->targets, 1);
    assert_int_equal(f->r->span_years, 1);
    assert_int_equal(sql_int(f->db, "SELECT year * 10000 + from_year FROM targets t JOIN indicators i ON i.id ="
                                    " t.indicator WHERE i.code = 'POOR' AND t.shape = 'each_year'"), 20252021);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM batches WHERE kind = 'targets' AND note LIKE"
                                    " '%''2024-2025'' as 2025; 1 target'"), 1);

    f->o.span_year = (chitieu_span_year)7;
    assert_int_equal(chitieu_load_opts_check(&f->o), CHITIEU_EINVALID);
    assert_non_null(strstr(chitieu_error_last(), "--span-year"));
}

/* Codes typed in a TCVN3 capital font (.VnTimeH shows every letter in capitals, so the cell's text reads in capitals
 * whatever case was typed): matched to the catalogue's one code equal ignoring case ('hcm' typed, read 'HCM', is the
 * catalogue's Hcm; before: unknown area 'HCM'), never when two codes are so equal (Qn and qN); the same code in a
 * font that keeps its case (Times New Roman) is matched as typed, case-sensitively, as in a CSV file. */
static void test_capital_font_codes(void **state)
{
    fx *f = *state;
    char path[600];
    snprintf(path, sizeof path, "%s/capitals.xlsx", f->dir);
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Biểu");
    lxw_format *caps = workbook_add_format(wb), *plain = workbook_add_format(wb);
    format_set_font_name(caps, ".VnTimeH");
    format_set_font_name(plain, "Times New Roman");
    const char *heads[] = {"Mã chỉ tiêu", "Mã địa bàn", "2020", "2021"};
    for (lxw_col_t c = 0; c < 4; c++)
        worksheet_write_string(ws, 0, c, heads[c], NULL);
    static const struct {
        const char *ind, *area;
        int caps;
    } rows[] = {{"income", "hcm", 1}, {"poor", "bd", 1}, {"INCOME", "qn", 1}, {"INCOME", "hcm", 0}};
    for (lxw_row_t r = 0; r < 4; r++) {
        worksheet_write_string(ws, r + 1, 0, rows[r].ind, rows[r].caps ? caps : plain);
        worksheet_write_string(ws, r + 1, 1, rows[r].area, rows[r].caps ? caps : plain);
        worksheet_write_number(ws, r + 1, 2, 10 + r, NULL);
        worksheet_write_number(ws, r + 1, 3, 11 + r, NULL);
    }
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    fx_put(f, "caps-areas.csv", "code,name,level,parent\nHcm,Ho Chi Minh (synthetic),province,VN\n"
                                "Qn,Quang Ninh (synthetic),province,VN\nqN,Quang Nam (synthetic),province,VN\n");
    const char *both[] = {fx_file(f, "caps-areas.csv"), path};
    assert_int_equal(fx_load(f, both, 2), CHITIEU_EINVALID);
    assert_int_equal(f->r->errors, 2);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, "Biểu!B4", 4, "Mã địa bàn", "unknown area 'QN'"));
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, "Biểu!B5", 5, "Mã địa bàn", "unknown area 'hcm'"));
    /* the two rows that can load, by themselves */
    snprintf(path, sizeof path, "%s/capitals-ok.xlsx", f->dir);
    wb = workbook_new(path);
    ws = workbook_add_worksheet(wb, "Biểu");
    caps = workbook_add_format(wb);
    format_set_font_name(caps, ".VnTimeH");
    for (lxw_col_t c = 0; c < 4; c++)
        worksheet_write_string(ws, 0, c, heads[c], NULL);
    for (lxw_row_t r = 0; r < 2; r++) {
        worksheet_write_string(ws, r + 1, 0, rows[r].ind, caps);
        worksheet_write_string(ws, r + 1, 1, rows[r].area, caps);
        worksheet_write_number(ws, r + 1, 2, 10 + r, NULL);
        worksheet_write_number(ws, r + 1, 3, 11 + r, NULL);
    }
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    both[1] = path;
    fx_load_ok(f, both, 2);
    assert_int_equal(f->r->inserted, 4);
    FX_EXPECT(f, "INCOME", "Hcm", 2020, 10.0, 'A');
    FX_EXPECT(f, "INCOME", "Hcm", 2021, 11.0, 'A');
    FX_EXPECT(f, "POOR", "BD", 2020, 11.0, 'A');
    FX_EXPECT(f, "POOR", "BD", 2021, 12.0, 'A');
}

/* A real UK Open SDG file dated by financial years (1-b-1, pro-poor public social spending, "2000/01" to
 * "2020/21"): refused row by row without --span-year; with end, 21 figures 2001-2021, "2015/16" (18.8) as
 * 2016; with start, as 2015. */
static void test_open_sdg_financial_years(void **state)
{
    fx *f = *state;
    const char *cat = fx_put(f, "c.csv", "code,name,unit,direction\nUK_PROPOOR,Pro-poor public social spending,%,up\n");
    const char *area = fx_put(f, "a.csv", "code,name,level\nUK,United Kingdom,country\n");
    const char *both[] = {cat, area};
    assert_int_equal(fx_load(f, both, 2), 0);
    const char *p = FX "open-sdg/indicator_1-b-1.csv";
    f->o.indicator = "UK_PROPOOR";
    f->o.area = "UK";
    assert_int_equal(fx_load(f, &p, 1), CHITIEU_EINVALID);
    assert_int_equal(f->r->errors, 21);
    assert_true(fx_has_msg(f->r, CHITIEU_MSG_ERROR, NULL, 17, "year", "give --span-year end to count '2015/16' as 2016"));

    f->o.indicator = "UK_PROPOOR";
    f->o.area = "UK";
    f->o.span_year = CHITIEU_SPAN_END;
    fx_load_one_ok(f, p);
    assert_int_equal(f->r->inserted, 21);
    assert_int_equal(f->r->span_years, 21);
    FX_EXPECT(f, "UK_PROPOOR", "UK", 2001, 30.5, 'A');
    FX_EXPECT(f, "UK_PROPOOR", "UK", 2016, 18.8, 'A');
    FX_EXPECT(f, "UK_PROPOOR", "UK", 2021, 20.1, 'A');
    assert_int_equal(sql_int(f->db, "SELECT min(year) = 2001 AND max(year) = 2021 FROM observations"), 1);

    f->o.indicator = "UK_PROPOOR";
    f->o.area = "UK";
    f->o.span_year = CHITIEU_SPAN_START;
    f->o.dry_run = 1;
    fx_load_one_ok(f, p);
    assert_int_equal(f->r->inserted, 1);  /* 2000 */
    assert_int_equal(f->r->revised, 20);  /* every other year now holds the figure of the year before */
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)
    const struct CMUnitTest tests[] = {
        T(test_all_sheets),       T(test_workbook_errors), T(test_map_and_options), T(test_missing_markers),
        T(test_numbers_as_typed), T(test_encodings),       T(test_world_bank),      T(test_sdmx),
        T(test_open_sdg),         T(test_short_row_message), T(test_row_without_code), T(test_merged_rows), T(test_status_in_value),
        T(test_span_year_column), T(test_span_heading_with_mark), T(test_capital_font_codes),
        T(test_open_sdg_financial_years),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
