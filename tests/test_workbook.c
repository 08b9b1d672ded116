/*
 * tests/test_workbook.c — unit tests of the xlsx writer (engine/workbook.c).  The workbooks written are
 * opened as what they are, zip archives of XML (python3's zipfile reads the parts), and the XML is checked
 * for what a spreadsheet user relies on: numbers stored as numbers with their full value (not text), the
 * display format of the column's decimals, the frozen header, the autofilter range, column widths from
 * the content, sheet names made valid, a title row, data validation with its input message; and that a
 * discarded or failed workbook leaves no file.  The expected XML fragments are written by hand from the
 * Office Open XML (ECMA-376) element names.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chitieu/error.h"
#include "chitieu/workbook.h"
#include "fixture.h"

/* A fresh directory, no store; f->file is dir/t.xlsx. */
static int setup(void **state)
{
    if (fx_setup(state, "wb", NULL, 0) != 0)
        return -1;
    fx_file(*state, "t.xlsx");
    return 0;
}

/* The text of part `name` of the zip archive at path (malloc'd), read by python3's zipfile. */
static char *part(const char *path, const char *name)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "python3 -c 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2])"
             ".decode())' '%s' '%s'", path, name);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 1 << 16, n = 0, got;
    char *s = malloc(cap);
    assert_non_null(s);
    while ((got = fread(s + n, 1, cap - n - 1, p)) > 0) {
        n += got;
        if (n + 1 == cap) {
            cap *= 2;
            s = realloc(s, cap);
            assert_non_null(s);
        }
    }
    s[n] = '\0';
    assert_int_equal(pclose(p), 0);
    return s;
}

static void has(const char *xml, const char *want)
{
    if (!strstr(xml, want))
        fail_msg("'%s' not found in %.2000s", want, xml);
}

/* Files in the test's folder other than t.xlsx (temporary files left behind). */
static int strays(const fx *f)
{
    DIR *d = opendir(f->dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && strcmp(e->d_name, "t.xlsx");
    closedir(d);
    return n;
}

/* One call: numbers are <v> cells without a text type, with their whole value (0.8333333333 in a column
 * shown with 2 decimals keeps every digit; 1234.5 exactly); the decimals of a column give its number format
 * ("0.00" for 2); an empty number cell is absent; text is inline text. */
static void test_one_table(void **state)
{
    fx *f = *state;
    chitieu_column cols[] = {{"indicator", CHITIEU_COL_TEXT, -1},
                             {"year", CHITIEU_COL_NUMBER, 0},
                             {"value", CHITIEU_COL_NUMBER, -1},
                             {"probability", CHITIEU_COL_NUMBER, 2}};
    chitieu_cell cells[] = {{"Tỷ lệ hộ nghèo", 0}, {NULL, 2020}, {NULL, 1234.5}, {NULL, 0.8333333333},
                            {"GRDP", 0},           {NULL, 2021}, {NULL, NAN},    {NULL, 1}};
    assert_int_equal(chitieu_workbook_write_table(f->file, "Số liệu: [2021]", cols, 4, cells, 2), 0);
    assert_int_equal(strays(f), 0);
    char *ws = part(f->file, "xl/worksheets/sheet1.xml");
    has(ws, "<c r=\"A2\" t=\"inlineStr\"><is><t>Tỷ lệ hộ nghèo</t></is></c>");
    has(ws, "<c r=\"B2\" s=\"2\"><v>2020</v></c>");
    has(ws, "<c r=\"C2\"><v>1234.5</v></c>");
    has(ws, "<c r=\"D2\" s=\"3\"><v>0.8333333333</v></c>");
    has(ws, "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>GRDP</t></is></c><c r=\"B3\" s=\"2\"><v>2021</v></c>"
            "<c r=\"D3\" s=\"3\"><v>1</v></c></row>"); /* C3 (NAN) is absent */
    has(ws, "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>");
    has(ws, "<autoFilter ref=\"A1:D3\"/>");
    /* widths: "Tỷ lệ hộ nghèo" is 14 characters (not its 20 bytes) + 2; "probability" 11 + 2 for the filter
     * button + 2; libxlsxwriter adds its 0.7109375 padding */
    has(ws, "<col min=\"1\" max=\"1\" width=\"16.7109375\" customWidth=\"1\"/>");
    has(ws, "<col min=\"4\" max=\"4\" width=\"15.7109375\" customWidth=\"1\"/>");
    char *styles = part(f->file, "xl/styles.xml");
    has(styles, "formatCode=\"0.00\"");
    char *wbx = part(f->file, "xl/workbook.xml");
    has(wbx, "<sheet name=\"Số liệu_ _2021_\"");
    free(ws);
    free(styles);
    free(wbx);
}

/* Several sheets with a title row: the header is row 2 and frozen below it, the filter starts at row 2;
 * the same name twice becomes "name (2)"; a name longer than 31 characters is cut. */
static void test_sheets_title_validation(void **state)
{
    fx *f = *state;
    chitieu_workbook *w;
    chitieu_column cols[] = {{"code", CHITIEU_COL_TEXT, -1}, {"value", CHITIEU_COL_NUMBER, 1}};
    assert_int_equal(chitieu_workbook_open(&w, f->file), 0);
    assert_int_equal(chitieu_workbook_sheet(w, "Sở Y tế", "Biểu mẫu năm 2025", cols, 2), 0);
    assert_int_equal(chitieu_workbook_text(w, "BEDS"), 0);
    assert_int_equal(chitieu_workbook_validate_number(w, 0, 100, "Số liệu năm 2025", "Từ 0 đến 100 (%)"), 0);
    assert_int_equal(chitieu_workbook_blank(w), 0);
    assert_int_equal(chitieu_workbook_text(w, "X"), 0);
    assert_int_equal(chitieu_workbook_validate_number(w, 5, NAN, NULL, NULL), 0);
    assert_int_equal(chitieu_workbook_number(w, 7.25), 0);
    assert_int_equal(chitieu_workbook_sheet(w, "Sở Y tế", NULL, cols, 2), 0);
    const char *words[] = {"A", "P", "E"};
    assert_int_equal(chitieu_workbook_validate_list(w, words, 3, "Trạng thái", "A chính thức, P sơ bộ, E ước"), 0);
    assert_int_equal(chitieu_workbook_text(w, "A"), 0);
    assert_int_equal(chitieu_workbook_sheet(w, "Một tên rất dài hơn ba mươi mốt ký tự", NULL, cols, 2), 0);
    assert_int_equal(chitieu_workbook_close(w), 0);
    assert_int_equal(strays(f), 0);
    char *s1 = part(f->file, "xl/worksheets/sheet1.xml");
    has(s1, "<row r=\"1\"><c r=\"A1\" s=\"1\" t=\"inlineStr\"><is><t>Biểu mẫu năm 2025</t></is></c></row>");
    has(s1, "<row r=\"2\"><c r=\"A2\" s=\"2\" t=\"inlineStr\"><is><t>code</t></is></c>"); /* header below the title */
    has(s1, "<pane ySplit=\"2\" topLeftCell=\"A3\" activePane=\"bottomLeft\" state=\"frozen\"/>");
    has(s1, "<autoFilter ref=\"A2:B4\"/>");
    /* printed landscape, one page wide, the header row repeated on each page */
    has(s1, "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>");
    has(s1, "<pageSetup fitToHeight=\"0\" orientation=\"landscape\"/>");
    has(s1, "<dataValidation type=\"decimal\" allowBlank=\"1\" showInputMessage=\"1\" showErrorMessage=\"1\" "
            "errorTitle=\"Số liệu năm 2025\" error=\"Từ 0 đến 100 (%)\" promptTitle=\"Số liệu năm 2025\" "
            "prompt=\"Từ 0 đến 100 (%)\" sqref=\"B3\"><formula1>0</formula1><formula2>100</formula2>"
            "</dataValidation>");
    has(s1, "operator=\"greaterThanOrEqual\"");
    has(s1, "sqref=\"B4\"><formula1>5</formula1>");
    has(s1, "<c r=\"B4\" s=\"3\"><v>7.25</v></c>");
    char *s2 = part(f->file, "xl/worksheets/sheet2.xml");
    has(s2, "<dataValidation type=\"list\"");
    has(s2, "<formula1>\"A,P,E\"</formula1>");
    char *wbx = part(f->file, "xl/workbook.xml");
    has(wbx, "<sheet name=\"Sở Y tế\" sheetId=\"1\"");
    has(wbx, "<sheet name=\"Sở Y tế (2)\" sheetId=\"2\"");
    has(wbx, "<sheet name=\"Một tên rất dài hơn ba mươi mốt\" sheetId=\"3\""); /* 31 characters */
    has(wbx, "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'Sở Y tế'!$2:$2</definedName>");
    free(s1);
    free(s2);
    free(wbx);
}

/* A discarded workbook writes nothing, an existing file stays as it was; a failed write (no such folder)
 * names the file; an infinite number is refused and the table is not written. */
static void test_discard_and_errors(void **state)
{
    fx *f = *state;
    FILE *old = fopen(f->file, "w");
    assert_non_null(old);
    fputs("old", old);
    fclose(old);
    chitieu_workbook *w;
    chitieu_column col = {"v", CHITIEU_COL_NUMBER, -1};
    assert_int_equal(chitieu_workbook_open(&w, f->file), 0);
    assert_int_equal(chitieu_workbook_sheet(w, "s", NULL, &col, 1), 0);
    assert_int_equal(chitieu_workbook_number(w, 1), 0);
    chitieu_workbook_discard(w);
    chitieu_workbook_discard(NULL);
    assert_int_equal(strays(f), 0);
    old = fopen(f->file, "r");
    char buf[8] = "";
    assert_non_null(fgets(buf, sizeof buf, old));
    fclose(old);
    assert_string_equal(buf, "old");

    char bad[200];
    snprintf(bad, sizeof bad, "%s/no/such/t.xlsx", f->dir);
    assert_int_equal(chitieu_workbook_open(&w, bad), CHITIEU_EIO);
    assert_non_null(strstr(chitieu_error_last(), "no/such/t.xlsx: cannot create the file: No such file or directory"));

    chitieu_cell cell = {NULL, INFINITY};
    assert_int_equal(chitieu_workbook_write_table(f->file, "s", &col, 1, &cell, 1), CHITIEU_EINVALID);
    assert_non_null(strstr(chitieu_error_last(), "row 2, column 'v': an infinite number"));
    assert_int_equal(strays(f), 0);
    assert_int_equal(chitieu_workbook_write_table(f->file, "s", &col, 0, &cell, 1), CHITIEU_EINVALID);
    assert_int_equal(strays(f), 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)
int main(void)
{
    const struct CMUnitTest tests[] = {T(test_one_table), T(test_sheets_title_validation), T(test_discard_and_errors)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
