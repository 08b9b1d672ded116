/*
 * tests/test_xlsx.c — unit tests of the .xlsx reader (engine/xlsx.c) on the workbooks of
 * tests/fixtures/intake/ (README there): departments.xlsx as LibreOffice Calc saved it (merged
 * title rows, a number shown 8.5 that stores 8.46, a date cell, three sheets) and edge.xlsx
 * written byte by byte (prefixed names, the 1904 date system, inline and rich text, a phonetic
 * run, errors, booleans, a formula without its result, a chart sheet).  Expected dates are
 * Python's datetime arithmetic (1904-01-01 + 44550 days = 2025-12-21), numbers strtod's.
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
#include <zip.h>

#include "chitieu/error.h"
#include "chitieu/xlsx.h"

#define FX "fixtures/intake/"

/* Read the next row, expecting one with row number `row`. */
static char *const *next_row(chitieu_xlsx *x, unsigned long row, size_t *n)
{
    char *const *cells;
    int rc = chitieu_xlsx_next(x, n, &cells);
    if (rc != 1)
        fail_msg("expected row %lu, got %d: %s", row, rc, chitieu_error_last());
    assert_int_equal(chitieu_xlsx_row(x), row);
    return cells;
}

static void test_departments(void **state)
{
    (void)state;
    chitieu_xlsx *x = NULL;
    assert_int_equal(chitieu_xlsx_open(&x, FX "departments.xlsx", "d.xlsx"), 0);
    assert_int_equal(chitieu_xlsx_sheet_count(x), 3);
    assert_string_equal(chitieu_xlsx_sheet_name(x, 0), "Số liệu");
    assert_string_equal(chitieu_xlsx_sheet_name(x, 1), "Kế hoạch");
    assert_string_equal(chitieu_xlsx_sheet_name(x, 2), "Ghi chú");
    assert_null(chitieu_xlsx_sheet_name(x, 3));
    assert_int_equal(chitieu_xlsx_select(x, 0), 0);
    assert_string_equal(chitieu_xlsx_current(x), "Số liệu");
    size_t n;
    char *const *c = next_row(x, 1, &n);
    assert_int_equal(n, 1); /* the merged title keeps its text in A1; the covered cells are empty */
    assert_non_null(strstr(c[0], "BIỂU SỐ 01"));
    next_row(x, 2, &n);
    c = next_row(x, 4, &n); /* row 3 is empty: no record */
    assert_int_equal(n, 9);
    assert_string_equal(c[1], "Mã chỉ tiêu");
    assert_string_equal(c[8], "2023 (ước)");
    next_row(x, 5, &n);
    c = next_row(x, 6, &n);
    assert_string_equal(c[1], "GRDP_G");
    assert_string_equal(c[4], "8.46"); /* shown as 8.5 (format 0.0): the stored value */
    assert_int_equal(chitieu_xlsx_type(x, 4), CHITIEU_XLSX_NUMBER);
    assert_string_equal(c[6], "..");
    assert_int_equal(chitieu_xlsx_type(x, 6), CHITIEU_XLSX_TEXT);
    c = next_row(x, 7, &n);
    assert_string_equal(c[7], "");
    assert_int_equal(chitieu_xlsx_type(x, 7), CHITIEU_XLSX_EMPTY);
    assert_string_equal(c[8], "70.3333333333333");
    next_row(x, 8, &n);
    c = next_row(x, 9, &n);
    assert_string_equal(c[8], "KXĐ");
    next_row(x, 10, &n);
    assert_int_equal(chitieu_xlsx_next(x, &n, &c), 0);
    /* the plans sheet: a date cell (format dd/mm/yyyy) reads as ISO */
    assert_int_equal(chitieu_xlsx_select(x, 1), 0);
    next_row(x, 1, &n);
    c = next_row(x, 2, &n);
    assert_string_equal(c[3], "2021-12-20");
    assert_int_equal(chitieu_xlsx_type(x, 3), CHITIEU_XLSX_DATE);
    assert_string_equal(c[2], "2902/QĐ-UBND");
    chitieu_xlsx_free(x);
}

static void test_edge(void **state)
{
    (void)state;
    chitieu_xlsx *x = NULL;
    assert_int_equal(chitieu_xlsx_open(&x, FX "edge.xlsx", NULL), 0);
    assert_int_equal(chitieu_xlsx_sheet_count(x), 2); /* the chart sheet is not a worksheet */
    assert_string_equal(chitieu_xlsx_sheet_name(x, 0), "Số liệu 2");
    assert_int_equal(chitieu_xlsx_select(x, 0), 0);
    size_t n;
    char *const *c = next_row(x, 1, &n); /* cells without references follow each other */
    assert_int_equal(n, 4);
    assert_string_equal(c[0], "indicator");
    assert_string_equal(c[3], "value"); /* rich text: "val" + bold "ue" */
    c = next_row(x, 2, &n);
    assert_string_equal(c[0], "GRDP_G"); /* inline rich text */
    assert_string_equal(c[1], " BD ");   /* kept as stored; the loader trims */
    assert_string_equal(c[3], "8.5000000000000009");
    assert_true(strtod(c[3], NULL) == 8.5000000000000009);
    c = next_row(x, 3, &n);
    assert_string_equal(c[0], "#N/A");
    assert_int_equal(chitieu_xlsx_type(x, 0), CHITIEU_XLSX_ERROR);
    assert_string_equal(c[1], "TRUE");
    assert_int_equal(chitieu_xlsx_type(x, 1), CHITIEU_XLSX_BOOL);
    assert_string_equal(c[2], "");
    assert_int_equal(chitieu_xlsx_type(x, 2), CHITIEU_XLSX_NO_VALUE);
    assert_string_equal(c[3], "ab"); /* a formula's string result */
    c = next_row(x, 6, &n);          /* the empty row 4 is no record */
    assert_int_equal(n, 28);
    assert_string_equal(c[1], "2025-12-21"); /* 1904 system: 1904-01-01 + 44550 days */
    assert_string_equal(c[2], "2025-12-21T18:00:00");
    assert_string_equal(c[3], "2024-03-01"); /* an ISO date cell */
    assert_string_equal(c[27], "Hà Nội");    /* column AB; the phonetic run is not text */
    assert_int_equal(chitieu_xlsx_type(x, 26), CHITIEU_XLSX_EMPTY);
    assert_int_equal(chitieu_xlsx_next(x, &n, &c), 0);
    assert_int_equal(chitieu_xlsx_select(x, 1), 0);
    c = next_row(x, 1, &n);
    assert_string_equal(c[0], "1.5E-3");
    chitieu_xlsx_free(x);
}

/* openpyxl.xlsx (a workbook a Python script wrote) and openpyxl-calc.xlsx (the same saved by
 * LibreOffice Calc): a hidden first sheet, percent-formatted cells, a formula openpyxl saves with an
 * empty <v></v>, a number stored as text. */
static void test_openpyxl(void **state)
{
    (void)state;
    chitieu_xlsx *x = NULL;
    assert_int_equal(chitieu_xlsx_open(&x, FX "openpyxl.xlsx", NULL), 0);
    assert_int_equal(chitieu_xlsx_sheet_count(x), 4);
    assert_string_equal(chitieu_xlsx_sheet_name(x, 0), "DM");
    assert_int_equal(chitieu_xlsx_sheet_hidden(x, 0), 1);
    assert_int_equal(chitieu_xlsx_sheet_hidden(x, 1), 0);
    assert_int_equal(chitieu_xlsx_sheet_hidden(x, 2), 0);
    assert_int_equal(chitieu_xlsx_sheet_hidden(x, 3), 1);
    assert_int_equal(chitieu_xlsx_sheet_hidden(x, 4), 0); /* beyond the last */
    assert_int_equal(chitieu_xlsx_select(x, 1), 0);
    size_t n;
    char *const *c = next_row(x, 1, &n);
    c = next_row(x, 2, &n);
    assert_string_equal(c[5], "2023-01-15"); /* serial 44941, format dd/mm/yyyy */
    assert_int_equal(chitieu_xlsx_type(x, 5), CHITIEU_XLSX_DATE);
    next_row(x, 4, &n);
    next_row(x, 5, &n);
    c = next_row(x, 6, &n);
    assert_string_equal(c[4], "62.5"); /* a number typed as text stays text */
    assert_int_equal(chitieu_xlsx_type(x, 4), CHITIEU_XLSX_TEXT);
    assert_string_equal(c[6], ""); /* <f>F6*1.1</f><v></v>: no result saved */
    assert_int_equal(chitieu_xlsx_type(x, 6), CHITIEU_XLSX_NO_VALUE);
    c = next_row(x, 7, &n);
    assert_string_equal(c[4], "0.015"); /* shown 1.50% (built-in format 10): the stored fraction */
    assert_int_equal(chitieu_xlsx_type(x, 4), CHITIEU_XLSX_PERCENT);
    assert_string_equal(c[6], "0.008500000000000001");
    assert_int_equal(chitieu_xlsx_next(x, &n, &c), 0); /* the empty trailing rows are no records */
    chitieu_xlsx_free(x);

    assert_int_equal(chitieu_xlsx_open(&x, FX "openpyxl-calc.xlsx", NULL), 0);
    assert_int_equal(chitieu_xlsx_sheet_hidden(x, 0), 1);
    assert_int_equal(chitieu_xlsx_select(x, 1), 0);
    for (unsigned long row = 1; row <= 5; row++)
        if (row != 3)
            next_row(x, row, &n);
    c = next_row(x, 6, &n);
    assert_string_equal(c[6], "70.4"); /* Calc saves the formula's result */
    assert_int_equal(chitieu_xlsx_type(x, 6), CHITIEU_XLSX_NUMBER);
    c = next_row(x, 7, &n);
    assert_string_equal(c[6], "0.0085"); /* custom format "0.00%" */
    assert_int_equal(chitieu_xlsx_type(x, 6), CHITIEU_XLSX_PERCENT);
    assert_int_equal(chitieu_xlsx_select(x, 2), 0);
    next_row(x, 1, &n);
    c = next_row(x, 2, &n);
    assert_string_equal(c[1], "0.64"); /* format "0%" */
    assert_int_equal(chitieu_xlsx_type(x, 1), CHITIEU_XLSX_PERCENT);
    chitieu_xlsx_free(x);
}

/* The merge list of a sheet (merged.xlsx as openpyxl wrote it, merged-calc.xlsx as LibreOffice Calc saved it:
 * the list follows the rows in both): which range covers a cell of the current row.  Hand-read from the
 * script of make-fixtures.sh step 8: A1:H1 the title, A3:H3 a section heading, A..D 4:6 and 7:9 the STT,
 * code, name and unit of GRDP_G and POOR over three areas each. */
static void test_merged(void **state)
{
    (void)state;
    const char *books[] = {FX "merged.xlsx", FX "merged-calc.xlsx"};
    for (size_t b = 0; b < 2; b++) {
        chitieu_xlsx *x = NULL;
        chitieu_xlsx_range m;
        char ref[32];
        size_t n;
        assert_int_equal(chitieu_xlsx_open(&x, books[b], NULL), 0);
        size_t k = 1;
        assert_int_equal(chitieu_xlsx_merges(x, &k), 0); /* before a sheet is selected */
        assert_int_equal(k, 0);
        assert_int_equal(chitieu_xlsx_select(x, 0), 0);
        assert_int_equal(chitieu_xlsx_merges(x, &k), 0);
        assert_int_equal(k, 10);
        next_row(x, 1, &n);
        assert_int_equal(chitieu_xlsx_merged(x, 7, &m), 1);
        assert_string_equal(chitieu_xlsx_range_ref(ref, sizeof ref, &m), "A1:H1");
        assert_int_equal(chitieu_xlsx_merged(x, 8, NULL), 0);
        next_row(x, 2, &n);
        assert_int_equal(chitieu_xlsx_merged(x, 0, NULL), 0);
        next_row(x, 3, &n);
        assert_int_equal(chitieu_xlsx_merged(x, 4, &m), 1);
        assert_string_equal(chitieu_xlsx_range_ref(ref, sizeof ref, &m), "A3:H3");
        char *const *c = next_row(x, 4, &n);
        assert_string_equal(c[1], "GRDP_G");
        assert_int_equal(chitieu_xlsx_merged(x, 1, &m), 1);
        assert_true(m.row1 == 4 && m.row2 == 6 && m.col1 == 1 && m.col2 == 1);
        c = next_row(x, 5, &n);
        assert_string_equal(c[1], ""); /* covered: the text is in B4 only */
        assert_string_equal(c[4], "BD");
        assert_int_equal(chitieu_xlsx_merged(x, 1, &m), 1);
        assert_string_equal(chitieu_xlsx_range_ref(ref, sizeof ref, &m), "B4:B6");
        assert_int_equal(chitieu_xlsx_merged(x, 3, &m), 1);
        assert_string_equal(chitieu_xlsx_range_ref(ref, sizeof ref, &m), "D4:D6");
        assert_int_equal(chitieu_xlsx_merged(x, 4, NULL), 0); /* the area is not merged */
        assert_int_equal(chitieu_xlsx_merged(x, 5, NULL), 0);
        next_row(x, 6, &n);
        assert_int_equal(chitieu_xlsx_merged(x, 2, &m), 1);
        assert_int_equal(m.row1, 4);
        next_row(x, 7, &n);
        assert_int_equal(chitieu_xlsx_merged(x, 2, &m), 1);
        assert_string_equal(chitieu_xlsx_range_ref(ref, sizeof ref, &m), "C7:C9");
        /* another sheet: its own list; selecting the first again starts it over */
        assert_int_equal(chitieu_xlsx_merged_at(x, 5, 1, &m), 1); /* an earlier row */
        assert_string_equal(chitieu_xlsx_range_ref(ref, sizeof ref, &m), "B4:B6");
        assert_int_equal(chitieu_xlsx_merged_at(x, 2, 7, NULL), 0);
        assert_int_equal(chitieu_xlsx_merged_at(x, 1, 7, NULL), 1);
        assert_int_equal(chitieu_xlsx_select(x, 2), 0);
        assert_int_equal(chitieu_xlsx_merges(x, &k), 0);
        assert_int_equal(k, 3);
        next_row(x, 1, &n);
        assert_int_equal(chitieu_xlsx_merged(x, 0, NULL), 0);
        next_row(x, 2, &n);
        assert_int_equal(chitieu_xlsx_merged(x, 2, &m), 1);
        assert_string_equal(chitieu_xlsx_range_ref(ref, sizeof ref, &m), "C2:C3");
        next_row(x, 3, &n);
        next_row(x, 4, &n);
        assert_int_equal(chitieu_xlsx_merged(x, 3, &m), 1);
        assert_string_equal(chitieu_xlsx_range_ref(ref, sizeof ref, &m), "C4:D4");
        assert_int_equal(chitieu_xlsx_merged(x, 0, NULL), 0); /* A2:A3 ended */
        /* the list read after some rows: the current row's ranges are known at once */
        assert_int_equal(chitieu_xlsx_select(x, 0), 0);
        for (unsigned long row = 1; row <= 5; row++)
            next_row(x, row, &n);
        assert_int_equal(chitieu_xlsx_merged(x, 1, NULL), 0); /* not read yet */
        assert_int_equal(chitieu_xlsx_merges(x, &k), 0);
        assert_int_equal(k, 10);
        assert_int_equal(chitieu_xlsx_merged(x, 1, &m), 1);
        assert_string_equal(chitieu_xlsx_range_ref(ref, sizeof ref, &m), "B4:B6");
        next_row(x, 6, &n);
        next_row(x, 7, &n);
        assert_int_equal(chitieu_xlsx_merged(x, 1, &m), 1);
        assert_string_equal(chitieu_xlsx_range_ref(ref, sizeof ref, &m), "B7:B9");
        chitieu_xlsx_free(x);
    }
    /* "x:"-prefixed names (edge.xlsx, written byte by byte): <x:mergeCells><x:mergeCell ref="A1:B1"/> */
    chitieu_xlsx *x = NULL;
    size_t n;
    chitieu_xlsx_range m;
    assert_int_equal(chitieu_xlsx_open(&x, FX "edge.xlsx", NULL), 0);
    size_t k;
    assert_int_equal(chitieu_xlsx_select(x, 0), 0);
    assert_int_equal(chitieu_xlsx_merges(x, &k), 0);
    assert_int_equal(k, 1);
    next_row(x, 1, &n);
    assert_int_equal(chitieu_xlsx_merged(x, 1, &m), 1);
    assert_true(m.row1 == 1 && m.row2 == 1 && m.col1 == 0 && m.col2 == 1);
    chitieu_xlsx_free(x);
    /* a sheet without merged cells */
    assert_int_equal(chitieu_xlsx_open(&x, FX "openpyxl.xlsx", NULL), 0);
    assert_int_equal(chitieu_xlsx_select(x, 2), 0);
    assert_int_equal(chitieu_xlsx_merges(x, &k), 0);
    assert_int_equal(k, 0);
    next_row(x, 1, &n);
    assert_int_equal(chitieu_xlsx_merged(x, 0, NULL), 0);
    chitieu_xlsx_free(x);
}

/* Write a zip at path of n parts: names[i] holding texts[i] (libzip, deflated as spreadsheets write). */
static void write_parts(const char *path, size_t n, const char *const *names, const char *const *texts)
{
    int err;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    assert_non_null(z);
    for (size_t i = 0; i < n; i++) {
        zip_source_t *src = zip_source_buffer(z, texts[i], strlen(texts[i]), 0);
        assert_non_null(src);
        assert_true(zip_file_add(z, names[i], src, ZIP_FL_OVERWRITE) >= 0);
    }
    assert_int_equal(zip_close(z), 0);
}

/* Write the parts into a new temporary file: path is a mkstemp template ("/tmp/chitieu-test-xlsx-XXXXXX"),
 * which becomes the file's name (the caller unlinks it). */
static void write_temp(char *path, size_t n, const char *const *names, const char *const *texts)
{
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    write_parts(path, n, names, texts);
}

#define CT_XML "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"
#define WB_OPEN "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
                "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
#define RELS_OPEN "<?xml version=\"1.0\"?><Relationships " \
                  "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
#define REL_WS(id, target) "<Relationship Id=\"" id "\" Type=\"http://schemas.openxmlformats.org/officeDocument/" \
                           "2006/relationships/worksheet\" Target=\"" target "\"/>"

/* Write a one-sheet workbook at path whose sheet XML is `sheet`. */
static void write_book(const char *path, const char *sheet)
{
    static const char *const names[] = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                        "xl/worksheets/sheet1.xml"};
    const char *texts[] = {CT_XML,
                           WB_OPEN "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
                           RELS_OPEN REL_WS("rId1", "worksheets/sheet1.xml") "</Relationships>", sheet};
    write_parts(path, 4, names, texts);
}

/* The merge list found wherever it lies against the 64 KiB pieces the sheet is searched in: the element's
 * name cut at every byte around the first piece's end, with and without a namespace prefix, and a sheet
 * whose text mentions "mergeCells" in a cell (not an element: no range). */
static void test_merged_pieces(void **state)
{
    (void)state;
    char path[] = "/tmp/chitieu-xlsx-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    size_t cap = 70000;
    char *sheet = malloc(cap);
    assert_non_null(sheet);
    for (int pre = 0; pre < 2; pre++)
        for (size_t at = 65536 - 14; at <= 65536 + 2; at++) {
            /* the '<' of the merge list's element at byte `at` of the part */
            const char *head = pre ? "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                                     "<x:sheetData><x:row r=\"1\"><x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>"
                                   : "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                                     "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>";
            const char *tail = pre ? "</x:t></x:is></x:c></x:row><x:row r=\"2\"><x:c r=\"A2\"><x:v>1</x:v></x:c></x:row>"
                                     "</x:sheetData>"
                                   : "</t></is></c></row><row r=\"2\"><c r=\"A2\"><v>1</v></c></row></sheetData>";
            const char *list = pre ? "<x:mergeCells count=\"1\"><x:mergeCell ref=\"A1:A2\"/></x:mergeCells></x:worksheet>"
                                   : "<mergeCells count=\"1\"><mergeCell ref=\"A1:A2\"/></mergeCells></worksheet>";
            size_t hl = strlen(head), tl = strlen(tail), pad = at - hl - tl;
            memcpy(sheet, head, hl);
            memset(sheet + hl, 'm', pad); /* 'm' everywhere: every byte is a candidate */
            memcpy(sheet + hl + pad, tail, tl);
            snprintf(sheet + at, cap - at, "%s", list);
            write_book(path, sheet);
            chitieu_xlsx *x = NULL;
            size_t n, k;
            chitieu_xlsx_range m;
            assert_int_equal(chitieu_xlsx_open(&x, path, NULL), 0);
            assert_int_equal(chitieu_xlsx_select(x, 0), 0);
            assert_int_equal(chitieu_xlsx_merges(x, &k), 0);
            if (k != 1)
                fail_msg("prefix %d, list at byte %zu: %zu ranges", pre, at, k);
            next_row(x, 1, &n);
            next_row(x, 2, &n);
            assert_int_equal(chitieu_xlsx_merged(x, 0, &m), 1);
            assert_true(m.row1 == 1 && m.row2 == 2);
            chitieu_xlsx_free(x);
        }
    /* a long namespace prefix ("<pp...p:mergeCells", 200 characters) whose '<' lies in the piece before; one
     * longer than the bytes kept of a piece (1,024) is said, not skipped: 1,100 characters, '<' at byte 64,480 */
    static const struct {
        size_t pl, from, to;
    } longs[] = {{200, 65536 - 220, 65536 + 4}, {1100, 64480, 64480}};
    for (size_t l = 0; l < 2; l++)
        for (size_t at = longs[l].from; at <= longs[l].to; at += 8) {
            size_t pl = longs[l].pl;
            char pre[1104], list[4608];
            memset(pre, 'p', pl);
            pre[pl] = '\0';
            const char *head = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>";
            const char *tail = "</t></is></c></row><row r=\"2\"><c r=\"A2\"><v>1</v></c></row></sheetData>";
            size_t hl = strlen(head), tl = strlen(tail), pad = at - hl - tl;
            memcpy(sheet, head, hl);
            memset(sheet + hl, 'm', pad);
            memcpy(sheet + hl + pad, tail, tl);
            snprintf(list, sizeof list,
                     "<%s:mergeCells xmlns:%s=\"u\"><%s:mergeCell ref=\"A1:A2\"/></%s:mergeCells></worksheet>", pre,
                     pre, pre, pre);
            snprintf(sheet + at, cap - at, "%s", list);
            write_book(path, sheet);
            chitieu_xlsx *x = NULL;
            size_t k;
            assert_int_equal(chitieu_xlsx_open(&x, path, NULL), 0);
            assert_int_equal(chitieu_xlsx_select(x, 0), 0);
            if (pl == 200) {
                assert_int_equal(chitieu_xlsx_merges(x, &k), 0);
                if (k != 1)
                    fail_msg("a 200-character prefix, '<' at byte %zu: %zu ranges", at, k);
            } else {
                assert_int_equal(chitieu_xlsx_merges(x, &k), CHITIEU_EINVALID);
                assert_non_null(strstr(chitieu_error_last(), "a name before 'mergeCells' longer than 1012 bytes"));
            }
            chitieu_xlsx_free(x);
        }
    /* the word in a cell's text is no element; a malformed range is an error naming the sheet */
    write_book(path, "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>mergeCells &lt;mergeCells"
                     "</t></is></c></row></sheetData></worksheet>");
    chitieu_xlsx *x = NULL;
    size_t k;
    assert_int_equal(chitieu_xlsx_open(&x, path, NULL), 0);
    assert_int_equal(chitieu_xlsx_select(x, 0), 0);
    assert_int_equal(chitieu_xlsx_merges(x, &k), 0);
    assert_int_equal(k, 0);
    chitieu_xlsx_free(x);
    write_book(path, "<worksheet><sheetData/><mergeCells><mergeCell ref=\"A1:\"/></mergeCells></worksheet>");
    assert_int_equal(chitieu_xlsx_open(&x, path, "b.xlsx"), 0);
    assert_int_equal(chitieu_xlsx_select(x, 0), 0);
    assert_int_equal(chitieu_xlsx_merges(x, &k), CHITIEU_EINVALID);
    assert_string_equal(chitieu_error_last(), "b.xlsx:S: merged range 'A1:' is not a range of cells (A1:B2)");
    assert_int_equal(chitieu_xlsx_merges(x, &k), 0); /* said once; then the sheet has none */
    assert_int_equal(k, 0);
    chitieu_xlsx_free(x);
    unlink(path);
    free(sheet);
}

/* A range's rows past a sheet's last (1,048,576: Excel's limit), a row number too long for any integer, a
 * column past XFD are refused, naming the range; the sheet's whole extent A1:XFD1048576 is a range. */
static void test_merged_limits(void **state)
{
    (void)state;
    char path[] = "/tmp/chitieu-xlsx-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    static const char *const bad[] = {"A2:A1048577", "A2:B99999999999999999999", "A1048577:A1048578",
                                      "A18446744073709551617:B2", "XFE1:XFF2", "A1:AAAA2"};
    char sheet[256], want[128];
    chitieu_xlsx *x = NULL;
    size_t k;
    chitieu_xlsx_range m;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        snprintf(sheet, sizeof sheet, "<worksheet><sheetData/><mergeCells><mergeCell ref=\"%s\"/></mergeCells></worksheet>",
                 bad[i]);
        write_book(path, sheet);
        assert_int_equal(chitieu_xlsx_open(&x, path, "b.xlsx"), 0);
        assert_int_equal(chitieu_xlsx_select(x, 0), 0);
        if (chitieu_xlsx_merges(x, &k) != CHITIEU_EINVALID)
            fail_msg("%s: accepted as a range (%zu)", bad[i], k);
        snprintf(want, sizeof want, "b.xlsx:S: merged range '%s' is not a range of cells (A1:B2)", bad[i]);
        assert_string_equal(chitieu_error_last(), want);
        chitieu_xlsx_free(x);
    }
    write_book(path, "<worksheet><sheetData><row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row></sheetData>"
                     "<mergeCells><mergeCell ref=\"A1:XFD1048576\"/></mergeCells></worksheet>");
    assert_int_equal(chitieu_xlsx_open(&x, path, "b.xlsx"), 0);
    assert_int_equal(chitieu_xlsx_select(x, 0), 0);
    assert_int_equal(chitieu_xlsx_merges(x, &k), 0);
    assert_int_equal(k, 1);
    next_row(x, 1048576, &k);
    assert_int_equal(chitieu_xlsx_merged(x, 16383, &m), 1);
    assert_true(m.row1 == 1 && m.row2 == 1048576 && m.col1 == 0 && m.col2 == 16383);
    assert_string_equal(chitieu_xlsx_range_ref(want, 24, &m), "A1:XFD1048576"); /* 24 bytes are enough */
    chitieu_xlsx_free(x);
    unlink(path);
}

/* Read the rows of the one-sheet workbook at path with its merge list: the code of the first row that fails
 * (its message in chitieu_error_last()), or 0 at the end. */
static int read_merged(const char *path)
{
    chitieu_xlsx *x = NULL;
    size_t k, n;
    char *const *cells;
    assert_int_equal(chitieu_xlsx_open(&x, path, "b.xlsx"), 0);
    assert_int_equal(chitieu_xlsx_select(x, 0), 0);
    int rc = chitieu_xlsx_merges(x, &k);
    while (!rc && (rc = chitieu_xlsx_next(x, &n, &cells)) == 1)
        rc = 0;
    chitieu_xlsx_free(x);
    return rc;
}

/* Overlapping merged ranges (a cell in two of them: Excel calls such a file damaged and drops one) and rows
 * out of order in a sheet with merged ranges (the ranges are followed down the rows) are errors naming them;
 * before, 100,000 copies of one range made every row test 100,000 ranges, and rows bottom to top
 * searched the list from its start on every row (bench/merges.sh). */
static void test_merged_disorder(void **state)
{
    (void)state;
    char path[] = "/tmp/chitieu-xlsx-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    static const char rows[] = "<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\"><v>2</v></c>"
                               "</row><row r=\"3\"><c r=\"A3\"><v>3</v></c></row><row r=\"4\"><c r=\"A4\"><v>4</v></c>"
                               "</row></sheetData>";
    static const struct {
        const char *list, *said;
    } cases[] = {
        {"<mergeCell ref=\"A2:B3\"/><mergeCell ref=\"B3:C4\"/>",
         "b.xlsx:S: merged ranges A2:B3 and B3:C4 overlap (cell B3 is in both): open the file in a spreadsheet "
         "program, unmerge them and merge again"},
        {"<mergeCell ref=\"A2:A3\"/><mergeCell ref=\"A2:A3\"/>",
         "b.xlsx:S: merged ranges A2:A3 and A2:A3 overlap (cell A2 is in both): open the file in a spreadsheet "
         "program, unmerge them and merge again"},
        {"<mergeCell ref=\"A1:XFD1\"/><mergeCell ref=\"C1:C4\"/>",
         "b.xlsx:S: merged ranges A1:XFD1 and C1:C4 overlap (cell C1 is in both): open the file in a spreadsheet "
         "program, unmerge them and merge again"},
    };
    char sheet[1024];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        snprintf(sheet, sizeof sheet, "<worksheet>%s<mergeCells>%s</mergeCells></worksheet>", rows, cases[i].list);
        write_book(path, sheet);
        assert_int_equal(read_merged(path), CHITIEU_EINVALID);
        assert_string_equal(chitieu_error_last(), cases[i].said);
    }
    /* ranges side by side, one below another, and one ending where the next starts below it, are no overlap */
    snprintf(sheet, sizeof sheet, "<worksheet>%s<mergeCells><mergeCell ref=\"A1:A2\"/><mergeCell ref=\"B1:C1\"/>"
             "<mergeCell ref=\"A3:B4\"/><mergeCell ref=\"C2:C4\"/></mergeCells></worksheet>", rows);
    write_book(path, sheet);
    assert_int_equal(read_merged(path), 0);
    /* rows bottom to top */
    write_book(path, "<worksheet><sheetData><row r=\"3\"><c r=\"A3\"><v>3</v></c></row><row r=\"2\"><c r=\"A2\">"
                     "<v>2</v></c></row></sheetData><mergeCells><mergeCell ref=\"A2:A3\"/></mergeCells></worksheet>");
    assert_int_equal(read_merged(path), CHITIEU_EINVALID);
    assert_string_equal(chitieu_error_last(), "b.xlsx:S: row 2 comes after row 3: a sheet with merged cells must list its "
                                              "rows top to bottom (save the file again in a spreadsheet program)");
    /* without merged cells the order is the reader's: rows come as written */
    write_book(path, "<worksheet><sheetData><row r=\"3\"><c r=\"A3\"><v>3</v></c></row><row r=\"2\"><c r=\"A2\">"
                     "<v>2</v></c></row></sheetData></worksheet>");
    assert_int_equal(read_merged(path), 0);
    unlink(path);
}

/* Many ranges side by side and below one another (random rectangles that share no cell, 40 rows x 60 columns,
 * some rows absent): for every cell of every row read, the range chitieu_xlsx_merged gives is the one a plain
 * search of the list written finds, and chitieu_xlsx_merged_at agrees. */
static void test_merged_many(void **state)
{
    (void)state;
    enum { R = 40, C = 60, MAXM = 400 };
    static unsigned char used[R + 1][C];
    static chitieu_xlsx_range ranges[MAXM];
    memset(used, 0, sizeof used);
    size_t nr = 0;
    unsigned long seed = 12345;
    for (int t = 0; t < 3000 && nr < MAXM; t++) {
        seed = seed * 6364136223846793005ul + 1442695040888963407ul;
        unsigned long r1 = 1 + (seed >> 33) % R, h = (seed >> 20) % 4, c1 = (seed >> 40) % C, w = (seed >> 50) % 5;
        unsigned long r2 = r1 + h > R ? R : r1 + h, c2 = c1 + w >= C ? C - 1 : c1 + w;
        int free_ = (r2 > r1 || c2 > c1);
        for (unsigned long r = r1; free_ && r <= r2; r++)
            for (unsigned long c = c1; free_ && c <= c2; c++)
                free_ = !used[r][c];
        if (!free_)
            continue;
        for (unsigned long r = r1; r <= r2; r++)
            for (unsigned long c = c1; c <= c2; c++)
                used[r][c] = 1;
        ranges[nr++] = (chitieu_xlsx_range){r1, r2, c1, c2};
    }
    assert_true(nr > 100);
    size_t cap = 64 * 1024, len = 0;
    char *sheet = malloc(cap), ref[48];
    assert_non_null(sheet);
    len += (size_t)snprintf(sheet + len, cap - len, "<worksheet><sheetData>");
    for (int r = 1; r <= R; r++)
        if (r % 7 != 3) /* rows 3, 10, ... absent */
            len += (size_t)snprintf(sheet + len, cap - len, "<row r=\"%d\"><c r=\"A%d\"><v>%d</v></c></row>", r, r, r);
    len += (size_t)snprintf(sheet + len, cap - len, "</sheetData><mergeCells>");
    for (size_t i = nr; i-- > 0;) /* written bottom to top: the reader sorts them */
        len += (size_t)snprintf(sheet + len, cap - len, "<mergeCell ref=\"%s\"/>",
                                chitieu_xlsx_range_ref(ref, sizeof ref, &ranges[i]));
    snprintf(sheet + len, cap - len, "</mergeCells></worksheet>");
    char path[] = "/tmp/chitieu-xlsx-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    write_book(path, sheet);
    chitieu_xlsx *x = NULL;
    size_t k, n;
    char *const *cells;
    assert_int_equal(chitieu_xlsx_open(&x, path, NULL), 0);
    assert_int_equal(chitieu_xlsx_select(x, 0), 0);
    assert_int_equal(chitieu_xlsx_merges(x, &k), 0);
    assert_int_equal(k, nr);
    size_t covered = 0;
    while (chitieu_xlsx_next(x, &n, &cells) == 1) {
        unsigned long row = chitieu_xlsx_row(x);
        for (size_t c = 0; c <= C; c++) {
            const chitieu_xlsx_range *want = NULL;
            for (size_t i = 0; i < nr; i++)
                if (ranges[i].row1 <= row && row <= ranges[i].row2 && ranges[i].col1 <= c && c <= ranges[i].col2)
                    want = &ranges[i];
            chitieu_xlsx_range got, at;
            int is = chitieu_xlsx_merged(x, c, &got), is_at = chitieu_xlsx_merged_at(x, row, c, &at);
            if (is != (want != NULL) || is_at != is)
                fail_msg("row %lu column %zu: merged %d, merged_at %d, expected %d", row, c, is, is_at, want != NULL);
            if (want) {
                assert_memory_equal(&got, want, sizeof got);
                assert_memory_equal(&at, want, sizeof at);
                covered++;
            }
        }
    }
    assert_true(covered > 500);
    chitieu_xlsx_free(x);
    unlink(path);
    free(sheet);
}

/* A sheet's first row read after another sheet's rows on one open workbook (chitieu_xlsx_select again; the
 * loader opens a workbook afresh for each sheet, so loads never did this): the cells before its first are empty.
 * Excel's first row of gdata's ExampleExcelFile.xlsx 'Sheet Second' starts at B1; its A1 read the text at a stale
 * offset of the sheet read before ("D"; "Units" in the UK SDG 6.b.1.xlsx, "Date" in openxlsx's readTest.xlsx,
 * "2.1211775296413049E-2" in its loadExample.xlsx 'testing' A2), typed empty but not "". */
static void test_sheet_after_sheet(void **state)
{
    (void)state;
    char path[] = "/tmp/chitieu-test-xlsx-XXXXXX";
    static const char *const names[] = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                        "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"};
    const char *texts[] = {
        CT_XML,
        WB_OPEN "<sheets><sheet name=\"One\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"Two\" sheetId=\"2\" "
                "r:id=\"rId2\"/></sheets></workbook>",
        RELS_OPEN REL_WS("rId1", "worksheets/sheet1.xml") REL_WS("rId2", "worksheets/sheet2.xml") "</Relationships>",
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>indicator</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>area"
        "</t></is></c><c r=\"C1\" t=\"inlineStr\"><is><t>year</t></is></c></row>"
        "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>GRDP_G</t></is></c><c r=\"B2\" t=\"inlineStr\"><is><t>BD</t>"
        "</is></c><c r=\"C2\"><v>2023</v></c></row></sheetData></worksheet>",
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
        "<row r=\"1\" spans=\"1:3\"><c r=\"C1\" t=\"inlineStr\"><is><t>2024</t></is></c></row>"
        "<row r=\"2\" spans=\"1:3\"><c r=\"B2\"><v>7.5</v></c></row></sheetData></worksheet>"};
    write_temp(path, 5, names, texts);
    chitieu_xlsx *x = NULL;
    assert_int_equal(chitieu_xlsx_open(&x, path, NULL), 0);
    size_t n;
    char *const *c;
    for (int pass = 0; pass < 2; pass++) { /* the second pass: sheet One again after Two, as a footnote pass does */
        assert_int_equal(chitieu_xlsx_select(x, 0), 0);
        c = next_row(x, 1, &n);
        assert_int_equal(n, 3);
        assert_string_equal(c[0], "indicator");
        c = next_row(x, 2, &n);
        assert_string_equal(c[2], "2023");
        assert_int_equal(chitieu_xlsx_next(x, &n, &c), 0);
        assert_int_equal(chitieu_xlsx_select(x, 1), 0);
        c = next_row(x, 1, &n);
        assert_int_equal(n, 3);
        for (size_t i = 0; i < 2; i++) {
            assert_string_equal(c[i], "");
            assert_int_equal(chitieu_xlsx_type(x, i), CHITIEU_XLSX_EMPTY);
        }
        assert_string_equal(c[2], "2024");
        c = next_row(x, 2, &n);
        assert_int_equal(n, 2);
        assert_string_equal(c[0], "");
        assert_string_equal(c[1], "7.5");
    }
    chitieu_xlsx_free(x);
    unlink(path);
}

/* The same on a real workbook Excel (16.0) wrote: the UK SDG metadata workbook 6.b.1.xlsx (ONS, Open Government
 * Licence; fixtures/intake/open-sdg/): after the 119 rows of sheet 'Metadata', row 1 of sheet 'CSV' starts at B1
 * ("Units", "Observation status", "Unit multiplier", as openpyxl reads it); its A1 read "Units". */
static void test_sheet_after_sheet_excel(void **state)
{
    (void)state;
    chitieu_xlsx *x = NULL;
    assert_int_equal(chitieu_xlsx_open(&x, FX "open-sdg/6.b.1.xlsx", NULL), 0);
    assert_int_equal(chitieu_xlsx_sheet_count(x), 11);
    assert_string_equal(chitieu_xlsx_sheet_name(x, 1), "CSV");
    assert_int_equal(chitieu_xlsx_select(x, 0), 0);
    size_t n;
    char *const *c;
    unsigned long rows = 0;
    while (chitieu_xlsx_next(x, &n, &c) == 1)
        rows++;
    assert_int_equal(rows, 119);
    assert_int_equal(chitieu_xlsx_row(x), 119);
    assert_int_equal(chitieu_xlsx_select(x, 1), 0);
    c = next_row(x, 1, &n);
    assert_int_equal(n, 4);
    assert_string_equal(c[0], "");
    assert_int_equal(chitieu_xlsx_type(x, 0), CHITIEU_XLSX_EMPTY);
    assert_string_equal(c[1], "Units");
    assert_string_equal(c[3], "Unit multiplier");
    assert_int_equal(chitieu_xlsx_next(x, &n, &c), 0);
    chitieu_xlsx_free(x);
}

/* The 1904 date system of a workbook that Excel for Mac saved: <workbookPr date1904="1"/>, and in the extensions
 * list <x14:workbookPr defaultImageDpi="32767"/> (readxl's type-me.xlsx), which is no workbookPr of the workbook's
 * and says nothing of dates (it turned the 1904 system off: every date 4 years and a day early).  Serials and
 * dates from type-me.xlsx 'date_coercion' A3, A4 as readxl (R) and openpyxl read them: 41051 is 2016-05-23,
 * 41026.479166666664 is 2016-04-28 11:30. */
static void test_1904_extension(void **state)
{
    (void)state;
    char path[] = "/tmp/chitieu-test-xlsx-XXXXXX";
    static const char *const names[] = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                        "xl/worksheets/sheet1.xml", "xl/styles.xml"};
    const char *texts[] = {
        CT_XML,
        WB_OPEN "<workbookPr date1904=\"1\"/><sheets><sheet name=\"date_coercion\" sheetId=\"5\" r:id=\"rId1\"/>"
                "</sheets><calcPr calcId=\"150001\"/><extLst><ext uri=\"{79F54976-1DA5-4618-B147-4CDE4B953A38}\" "
                "xmlns:x14=\"http://schemas.microsoft.com/office/spreadsheetml/2009/9/main\"><x14:workbookPr "
                "defaultImageDpi=\"32767\"/></ext></extLst></workbook>",
        RELS_OPEN REL_WS("rId1", "worksheets/sheet1.xml") "</Relationships>",
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
        "<row r=\"3\"><c r=\"A3\" s=\"1\"><v>41051</v></c></row>"
        "<row r=\"4\"><c r=\"A4\" s=\"2\"><v>41026.479166666664</v></c></row></sheetData></worksheet>",
        "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><numFmts count=\"1\">"
        "<numFmt numFmtId=\"164\" formatCode=\"m/d/yy\\ h:mm;@\"/></numFmts><cellXfs count=\"3\"><xf numFmtId=\"0\"/>"
        "<xf numFmtId=\"14\"/><xf numFmtId=\"164\"/></cellXfs></styleSheet>"};
    write_temp(path, 5, names, texts);
    chitieu_xlsx *x = NULL;
    assert_int_equal(chitieu_xlsx_open(&x, path, NULL), 0);
    assert_int_equal(chitieu_xlsx_select(x, 0), 0);
    size_t n;
    char *const *c = next_row(x, 3, &n);
    assert_string_equal(c[0], "2016-05-23");
    assert_int_equal(chitieu_xlsx_type(x, 0), CHITIEU_XLSX_DATE);
    c = next_row(x, 4, &n);
    assert_string_equal(c[0], "2016-04-28T11:30:00");
    chitieu_xlsx_free(x);
    unlink(path);
}

/* What a number cell shows when its format puts words beside the number (chitieu_xlsx_shown), format by format
 * (written by hand from ECMA-376 Part 1, 18.8.31 numFmt: quoted text, "\" escapes one character, "_x" the width of
 * x, "*x" a fill, "[...]" a colour or condition, ";" the next section): 2023 in '0" (ước)"', the same escaped
 * character by character (as Excel may save it), '"Năm "0', a coloured first section of two, a fill; none for
 * General, a date, an accounting format whose words are brackets, a scientific one, a text cell; number-years.xlsx
 * (openpyxl) and the same saved by Calc give the year headings' and a figure's shown texts. */
static void test_shown_formats(void **state)
{
    (void)state;
    char path[] = "/tmp/chitieu-test-xlsx-XXXXXX";
    static const char *const names[] = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                        "xl/worksheets/sheet1.xml", "xl/styles.xml"};
    const char *texts[] = {
        CT_XML, WB_OPEN "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
        RELS_OPEN REL_WS("rId1", "worksheets/sheet1.xml") "</Relationships>",
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\">"
        "<c r=\"A1\" s=\"1\"><v>2023</v></c><c r=\"B1\" s=\"2\"><v>2023</v></c><c r=\"C1\" s=\"3\"><v>2023</v></c>"
        "<c r=\"D1\" s=\"4\"><v>2023</v></c><c r=\"E1\" s=\"5\"><v>2023</v></c><c r=\"F1\" s=\"6\"><v>2023</v></c>"
        "<c r=\"G1\" s=\"7\"><v>2023</v></c><c r=\"H1\" s=\"8\"><v>2023</v></c><c r=\"I1\" s=\"0\"><v>2023</v></c>"
        "<c r=\"J1\" s=\"1\" t=\"inlineStr\"><is><t>2023</t></is></c><c r=\"K1\" s=\"1\"><v>7.25</v></c>"
        "</row></sheetData></worksheet>",
        "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><numFmts count=\"7\">"
        "<numFmt numFmtId=\"164\" formatCode=\"0&quot; (ước)&quot;\"/>"
        "<numFmt numFmtId=\"165\" formatCode=\"0\\ \\(\\ư\\ớ\\c\\)\"/>"
        "<numFmt numFmtId=\"166\" formatCode=\"&quot;Năm &quot;0\"/>"
        "<numFmt numFmtId=\"167\" formatCode=\"[Blue]0&quot; ƯTH&quot;;[Red]\\-0&quot; ƯTH&quot;\"/>"
        "<numFmt numFmtId=\"168\" formatCode=\"#,##0.0_);\\(#,##0.0\\)\"/>"
        "<numFmt numFmtId=\"169\" formatCode=\"0.00E+00\"/>"
        "<numFmt numFmtId=\"170\" formatCode=\"* #,##0_ &quot;tỷ&quot;\"/></numFmts>"
        "<cellXfs count=\"9\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/><xf numFmtId=\"166\"/>"
        "<xf numFmtId=\"167\"/><xf numFmtId=\"168\"/><xf numFmtId=\"169\"/><xf numFmtId=\"170\"/><xf numFmtId=\"14\"/>"
        "</cellXfs></styleSheet>"};
    write_temp(path, 5, names, texts);
    chitieu_xlsx *x = NULL;
    assert_int_equal(chitieu_xlsx_open(&x, path, NULL), 0);
    assert_int_equal(chitieu_xlsx_select(x, 0), 0);
    size_t n;
    char *const *c = next_row(x, 1, &n);
    char b[64];
    static const char *const want[] = {"2023 (ước)", "2023 (ước)", "Năm 2023", "2023 ƯTH", NULL, NULL, "2023 tỷ",
                                       NULL, NULL, NULL, "7.25 (ước)"};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        int k = chitieu_xlsx_shown(x, i, b, sizeof b);
        if (k != (want[i] != NULL) || (k && strcmp(b, want[i]) != 0))
            fail_msg("column %zu: %d '%s', wanted '%s'", i, k, k ? b : "", want[i] ? want[i] : "(none)");
    }
    assert_string_equal(c[0], "2023"); /* the cell's text stays the stored value */
    assert_string_equal(c[7], "1905-07-15"); /* a date: serial 2023 is 1905-07-15 (Python: 1899-12-30 + 2023 days) */
    assert_int_equal(chitieu_xlsx_shown(x, 0, b, 8), 0); /* does not fit */
    assert_int_equal(chitieu_xlsx_shown(x, 40, b, sizeof b), 0);
    chitieu_xlsx_free(x);
    unlink(path);
    static const char *const books[] = {FX "number-years.xlsx", FX "number-years-calc.xlsx"};
    for (size_t k = 0; k < 2; k++) {
        assert_int_equal(chitieu_xlsx_open(&x, books[k], NULL), 0);
        assert_int_equal(chitieu_xlsx_select(x, 0), 0);
        next_row(x, 1, &n);
        next_row(x, 3, &n);
        static const char *const heads[] = {"Năm 2019", NULL, "2021 (sơ bộ)", "2022 ƯTH", "2023 (ước)"};
        for (size_t i = 0; i < 5; i++) {
            int got = chitieu_xlsx_shown(x, i + 2, b, sizeof b);
            if (got != (heads[i] != NULL) || (got && strcmp(b, heads[i]) != 0))
                fail_msg("%s column %zu: %d '%s', wanted '%s'", books[k], i + 2, got, got ? b : "", heads[i] ? heads[i] : "(none)");
        }
        next_row(x, 4, &n);
        assert_int_equal(chitieu_xlsx_shown(x, 2, b, sizeof b), 0);
        next_row(x, 5, &n);
        assert_int_equal(chitieu_xlsx_shown(x, 4, b, sizeof b), 0); /* "ước 1,6": text */
        c = next_row(x, 6, &n);
        assert_int_equal(chitieu_xlsx_shown(x, 2, b, sizeof b), 1);
        assert_string_equal(b, "60.1 triệu");
        assert_string_equal(c[2], "60.1");
        chitieu_xlsx_free(x);
    }
}

/* Parts found through the package's relationships, not at fixed names: the workbook where _rels/.rels says, its
 * relationships beside it, a sheet's target with "..", "." and a %20, the shared strings at a target from the
 * root in another case than the zip's name (systems' exports: "xl/SharedStrings.xml", strings at the root, absolute
 * "/xl/sharedStrings.xml" targets), the styles beside the workbook.  Before, the workbook had to be
 * xl/workbook.xml and the strings xl/sharedStrings.xml: here "not an .xlsx workbook"; with only the strings
 * elsewhere, "shared string '0' does not exist". */
static void test_parts_by_relationship(void **state)
{
    (void)state;
    char path[] = "/tmp/chitieu-test-xlsx-XXXXXX";
    static const char *const names[] = {"[Content_Types].xml", "_rels/.rels", "wb/book.xml", "wb/_rels/book.xml.rels",
                                        "sheets/s 1.xml", "strings/sharedstrings.xml", "wb/styles.xml"};
    const char *texts[] = {
        CT_XML,
        RELS_OPEN "<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/"
                  "metadata/core-properties\" Target=\"docProps/core.xml\"/><Relationship Id=\"rId1\" Type=\"http://"
                  "schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"./wb/book.xml\"/>"
                  "</Relationships>",
        WB_OPEN "<sheets><sheet name=\"Số liệu\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
        RELS_OPEN REL_WS("rId1", "../sheets/../sheets/s%201.xml")
        "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        "sharedStrings\" Target=\"/Strings/SharedStrings.xml\"/><Relationship Id=\"rId3\" Type=\"http://schemas."
        "openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/><Relationship "
        "Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" "
        "Target=\"http://example.org/\" TargetMode=\"External\"/></Relationships>",
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>1</v></c><c r=\"B1\" s=\"1\"><v>44941</v></c></row></sheetData></worksheet>",
        "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>zero</t></si><si><t>Mã chỉ "
        "tiêu</t></si></sst>",
        "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><cellXfs><xf numFmtId=\"0\"/>"
        "<xf numFmtId=\"14\"/></cellXfs></styleSheet>"};
    write_temp(path, 7, names, texts);
    chitieu_xlsx *x = NULL;
    if (chitieu_xlsx_open(&x, path, NULL) != 0)
        fail_msg("%s", chitieu_error_last());
    assert_int_equal(chitieu_xlsx_sheet_count(x), 1);
    assert_int_equal(chitieu_xlsx_select(x, 0), 0);
    size_t n;
    char *const *c = next_row(x, 1, &n);
    assert_int_equal(n, 2);
    assert_string_equal(c[0], "Mã chỉ tiêu");
    assert_string_equal(c[1], "2023-01-15"); /* serial 44941, as in openpyxl.xlsx: the styles were read */
    chitieu_xlsx_free(x);
    unlink(path);
    /* a relationship naming strings the package does not have: those at xl/sharedStrings.xml are read */
    char path2[] = "/tmp/chitieu-test-xlsx-XXXXXX";
    static const char *const names2[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml",
                                         "xl/sharedStrings.xml"};
    const char *texts2[] = {
        WB_OPEN "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
        RELS_OPEN REL_WS("rId1", "worksheets/sheet1.xml") "<Relationship Id=\"rId2\" Type=\"http://schemas."
        "openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"strings/missing.xml\"/>"
        "</Relationships>",
        texts[4], texts[5]};
    write_temp(path2, 4, names2, texts2);
    if (chitieu_xlsx_open(&x, path2, NULL) != 0)
        fail_msg("%s", chitieu_error_last());
    assert_int_equal(chitieu_xlsx_select(x, 0), 0);
    c = next_row(x, 1, &n);
    assert_string_equal(c[0], "Mã chỉ tiêu");
    chitieu_xlsx_free(x);
    unlink(path2);
}

/* Rows and columns hidden in Excel: hidden.xlsx as openpyxl wrote it (make-fixtures.sh step 12: rows 7-9 and
 * columns F, G hidden, each <col> its own range), then byte by byte what Excel and Calc write besides: a range of
 * columns (min 2 max 4), hidden="true", hidden="0", a <col> without hidden, a bad range (ignored), ranges out of
 * order that meet or overlap (merged), a range past XFD (cut), and a second
 * sheet, which has none (the first sheet's list is not kept). */
static void test_hidden_rows_cols(void **state)
{
    (void)state;
    chitieu_xlsx *x = NULL;
    assert_int_equal(chitieu_xlsx_open(&x, FX "hidden.xlsx", NULL), 0);
    assert_int_equal(chitieu_xlsx_col_hidden(x, 5), 0); /* before a sheet is selected */
    assert_int_equal(chitieu_xlsx_select(x, 0), 0);
    assert_int_equal(chitieu_xlsx_col_hidden(x, 5), 0); /* the <cols> list is parsed with the first row */
    size_t n;
    unsigned long rows[] = {1, 2, 4, 5, 6, 7, 8, 9, 10};
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        char *const *c = next_row(x, rows[i], &n);
        assert_int_equal(chitieu_xlsx_row_hidden(x), rows[i] >= 7 && rows[i] <= 9);
        if (rows[i] == 8)
            assert_string_equal(c[5], "52"); /* a hidden cell is read all the same */
        static const int col_hidden[] = {0, 0, 0, 0, 0, 1, 1, 0, 0}; /* A..I: F and G */
        for (size_t k = 0; k < sizeof col_hidden / sizeof *col_hidden; k++)
            assert_int_equal(chitieu_xlsx_col_hidden(x, k), col_hidden[k]);
    }
    chitieu_xlsx_free(x);

    char path[] = "/tmp/chitieu-test-xlsx-XXXXXX";
    static const char *const names[] = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                        "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"};
    const char *texts[] = {
        CT_XML,
        WB_OPEN "<sheets><sheet name=\"A\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"B\" sheetId=\"2\" "
                "r:id=\"rId2\"/></sheets></workbook>",
        RELS_OPEN REL_WS("rId1", "worksheets/sheet1.xml") REL_WS("rId2", "worksheets/sheet2.xml") "</Relationships>",
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><cols>"
        "<col min=\"2\" max=\"4\" width=\"0\" hidden=\"true\"/><col min=\"6\" max=\"6\" hidden=\"0\"/>"
        "<col min=\"7\" max=\"7\" width=\"9\"/><col min=\"9\" max=\"8\" hidden=\"1\"/>"
        "<col min=\"14\" max=\"15\" hidden=\"1\"/><col min=\"11\" max=\"11\" hidden=\"1\"/>"
        "<col min=\"12\" max=\"14\" hidden=\"1\"/><col min=\"18\" max=\"18\" hidden=\"1\"/>"
        "<col min=\"17\" max=\"17\" hidden=\"1\"/><col min=\"16384\" max=\"99999\" hidden=\"1\"/></cols><sheetData>"
        "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\" hidden=\"true\"><c r=\"A2\"><v>2</v></c></row>"
        "<row r=\"3\" hidden=\"0\"><c r=\"A3\"><v>3</v></c></row></sheetData></worksheet>",
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
        "<row r=\"1\"><c r=\"C1\"><v>1</v></c></row></sheetData></worksheet>"};
    write_temp(path, 5, names, texts);
    assert_int_equal(chitieu_xlsx_open(&x, path, NULL), 0);
    assert_int_equal(chitieu_xlsx_select(x, 0), 0);
    next_row(x, 1, &n);
    assert_int_equal(chitieu_xlsx_row_hidden(x), 0);
    /* A..T: B-D (min 2 max 4); K-O and Q-R, listed out of order and overlapping */
    static const int want[] = {0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 1, 1, 0, 0};
    for (size_t c = 0; c < sizeof want / sizeof *want; c++)
        assert_int_equal(chitieu_xlsx_col_hidden(x, c), want[c]);
    assert_int_equal(chitieu_xlsx_col_hidden(x, CHITIEU_XLSX_MAX_COLS - 1), 1); /* XFD: the range cut at it */
    next_row(x, 2, &n);
    assert_int_equal(chitieu_xlsx_row_hidden(x), 1);
    next_row(x, 3, &n);
    assert_int_equal(chitieu_xlsx_row_hidden(x), 0);
    assert_int_equal(chitieu_xlsx_select(x, 1), 0);
    assert_int_equal(chitieu_xlsx_col_hidden(x, 2), 0); /* sheet B hides nothing */
    next_row(x, 1, &n);
    assert_int_equal(chitieu_xlsx_row_hidden(x), 0);
    chitieu_xlsx_free(x);
    unlink(path);
}

static void test_refs_and_errors(void **state)
{
    (void)state;
    char b[64];
    assert_string_equal(chitieu_xlsx_column(b, 0), "A");
    assert_string_equal(chitieu_xlsx_column(b, 25), "Z");
    assert_string_equal(chitieu_xlsx_column(b, 26), "AA");
    assert_string_equal(chitieu_xlsx_column(b, 16383), "XFD");
    assert_string_equal(chitieu_xlsx_sheet_ref(b, sizeof b, "Sheet1"), "Sheet1");
    assert_string_equal(chitieu_xlsx_sheet_ref(b, sizeof b, "Số liệu"), "'Số liệu'");
    assert_string_equal(chitieu_xlsx_sheet_ref(b, sizeof b, "Bob's"), "'Bob''s'");
    chitieu_xlsx *x = NULL;
    assert_int_equal(chitieu_xlsx_open(&x, FX "sheet.ods", NULL), CHITIEU_EINVALID);
    assert_null(x);
    assert_non_null(strstr(chitieu_error_last(), "an OpenDocument spreadsheet (.ods)"));
    assert_int_equal(chitieu_xlsx_open(&x, FX "not-a-workbook.xlsx", NULL), CHITIEU_EINVALID);
    assert_non_null(strstr(chitieu_error_last(), "not an .xlsx workbook"));
    assert_int_equal(chitieu_xlsx_open(&x, FX "cp1258.csv", "c.csv"), CHITIEU_EINVALID);
    assert_non_null(strstr(chitieu_error_last(), "c.csv: not an .xlsx workbook"));
    assert_int_equal(chitieu_xlsx_open(&x, FX "no-such.xlsx", NULL), CHITIEU_EIO);
    /* an Excel Binary Workbook (.xlsb): a zip whose officeDocument is xl/workbook.bin (it was "not well-formed") */
    char path[] = "/tmp/chitieu-test-xlsx-XXXXXX";
    static const char *const names[] = {"[Content_Types].xml", "_rels/.rels", "xl/workbook.bin"};
    const char *texts[] = {CT_XML,
                           RELS_OPEN "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
                                     "officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.bin\"/>"
                                     "</Relationships>",
                           "\x83\x01"};
    write_temp(path, 3, names, texts);
    assert_int_equal(chitieu_xlsx_open(&x, path, "book.xlsb"), CHITIEU_EINVALID);
    assert_null(x);
    assert_non_null(strstr(chitieu_error_last(), "book.xlsb: an Excel Binary Workbook (.xlsb), which chitieu does not read"));
    unlink(path);
    chitieu_xlsx_free(NULL);
}

/* Text typed in a TCVN3 (ABC) font: a cell whose style's font is .VnTime reads as Unicode, .VnTimeH in capitals;
 * a rich-text run's own <rFont> decides for its run (a run without one takes the cell's font), an inline string's
 * too; Unicode text, ASCII, numbers and cells in another font stay; a <dxf>'s font is not a cell font.  With
 * chitieu_xlsx_set_tcvn3 every text cell is read so.  Expected readings typed from the alphabet (test_tcvn3
 * checks the table against glibc). */
static void test_tcvn3_fonts(void **state)
{
    (void)state;
    static const char *const names[] = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                        "xl/worksheets/sheet1.xml", "xl/styles.xml", "xl/sharedStrings.xml"};
    const char *texts[] = {
        CT_XML,
        WB_OPEN "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
        RELS_OPEN REL_WS("rId1", "worksheets/sheet1.xml") "</Relationships>",
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
        "<row r=\"1\"><c r=\"A1\" s=\"1\" t=\"s\"><v>0</v></c><c r=\"B1\" s=\"2\" t=\"s\"><v>0</v></c>"
        "<c r=\"C1\" s=\"0\" t=\"s\"><v>0</v></c><c r=\"D1\" s=\"1\" t=\"s\"><v>3</v></c><c r=\"E1\" s=\"1\"><v>8.5</v></c>"
        "<c r=\"F1\" s=\"3\"><v>2023</v></c></row>"
        "<row r=\"2\"><c r=\"A2\" s=\"1\" t=\"s\"><v>1</v></c><c r=\"B2\" s=\"2\" t=\"s\"><v>1</v></c>"
        "<c r=\"C2\" s=\"0\" t=\"s\"><v>1</v></c><c r=\"D2\" s=\"1\" t=\"s\"><v>2</v></c></row>"
        "<row r=\"3\"><c r=\"A3\" s=\"0\" t=\"inlineStr\"><is><r><rPr><rFont val=\".VnTime\"/></rPr><t xml:space=\"preserve\">"
        "t\xC3\x98nh </t></r><r><t>B\xC3\x97nh</t></r></is></c><c r=\"B3\" s=\"2\" t=\"str\"><f>\"m\xC2\xB7 s\xC3\xA8\"</f>"
        "<v>m\xC2\xB7 s\xC3\xA8</v></c><c r=\"C3\" s=\"1\" t=\"s\"><v>4</v></c><c r=\"D3\" s=\"2\" t=\"s\"><v>4</v></c></row>"
        "</sheetData></worksheet>",
        "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><numFmts count=\"1\">"
        "<numFmt numFmtId=\"164\" formatCode=\"0&quot; (\xC2\xAD\xC3\xAD" "c)&quot;\"/></numFmts><fonts count=\"3\">"
        "<font><sz val=\"11\"/><name val=\"Arial\"/></font><font><sz val=\"12\"/><name val=\".VnTime\"/></font>"
        "<font><b/><name val=\".VnTimeH\"/></font></fonts><cellXfs count=\"3\"><xf numFmtId=\"0\" fontId=\"0\"/>"
        "<xf numFmtId=\"0\" fontId=\"1\"/><xf numFmtId=\"0\" fontId=\"2\"/><xf numFmtId=\"164\" fontId=\"1\"/></cellXfs>"
        "<dxfs><dxf><font><name val=\".VnTimeH\"/></font></dxf></dxfs></styleSheet>",
        "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        "<si><t>T\xC3\xA6ng s\xC2\xB6n ph\xC3\x88m</t></si>"
        "<si><r><t xml:space=\"preserve\">b\xC2\xB8o c\xC2\xB8o </t></r><r><rPr><b/><rFont val=\".VnTimeH\"/></rPr>"
        "<t>t\xC3\xA6ng h\xC3\xAEp</t></r></si>"
        "<si><r><rPr><rFont val=\"Arial\"/></rPr><t>C\xC3\xA0 Mau</t></r></si>"
        "<si><t>T\xE1\xBB\x95ng</t></si><si><t>GRDP_G</t></si></sst>"};
    char path[] = "/tmp/chitieu-test-xlsx-XXXXXX";
    write_temp(path, 6, names, texts);
    for (int all = 0; all < 2; all++) {
        chitieu_xlsx *x = NULL;
        assert_int_equal(chitieu_xlsx_open(&x, path, "vn.xlsx"), 0);
        chitieu_xlsx_set_tcvn3(x, all);
        assert_int_equal(chitieu_xlsx_select(x, 0), 0);
        size_t n;
        const char *was, *reads, *font;
        assert_int_equal(chitieu_xlsx_tcvn3(x, &was, &reads, &font), 0);
        char *const *c = next_row(x, 1, &n);
        assert_int_equal(n, 6);
        assert_string_equal(c[0], "Tổng sản phẩm");
        assert_string_equal(c[1], "TỔNG SẢN PHẨM");                          /* .VnTimeH */
        assert_string_equal(c[2], all ? "Tổng sản phẩm" : "Tæng s¶n phÈm"); /* Arial */
        assert_string_equal(c[3], "Tổng");                                   /* Unicode in .VnTime */
        assert_string_equal(c[4], "8.5");
        assert_int_equal(chitieu_xlsx_type(x, 4), CHITIEU_XLSX_NUMBER);
        /* the cells a capital font changed (their case is the font's): B1 only; not a number, not Arial even when
         * every cell is read as TCVN3 (no capital font) */
        for (size_t i = 0; i < 7; i++)
            assert_int_equal(chitieu_xlsx_capitals(x, i), i == 1);
        assert_int_equal(chitieu_xlsx_type(x, 1), CHITIEU_XLSX_TEXT);
        char shown[64]; /* a year formatted 0" (ước)" with the format's words typed in .VnTime */
        assert_int_equal(chitieu_xlsx_shown(x, 5, shown, sizeof shown), 1);
        assert_string_equal(shown, "2023 (ước)");
        assert_string_equal(c[5], "2023");
        c = next_row(x, 2, &n);
        assert_int_equal(n, 4);
        assert_string_equal(c[0], "báo cáo TỔNG HỢP"); /* the first run in the cell's font, the second its own */
        assert_string_equal(c[1], "BÁO CÁO TỔNG HỢP");
        assert_string_equal(c[2], all ? "báo cáo TỔNG HỢP" : "b¸o c¸o TỔNG HỢP");
        assert_string_equal(c[3], all ? "CỔ Mau" : "Cà Mau"); /* a run in Arial: Unicode, unless told (à is 0xE0) */
        assert_int_equal(chitieu_xlsx_capitals(x, 0), 1); /* its .VnTimeH run changed */
        assert_int_equal(chitieu_xlsx_capitals(x, 3), 0);
        c = next_row(x, 3, &n);
        assert_int_equal(n, 4);
        assert_string_equal(c[0], all ? "tỉnh Bình" : "tỉnh B×nh"); /* inline: its run's font, then the cell's */
        assert_string_equal(c[1], "MÃ SỐ");                          /* a formula's text in .VnTimeH */
        assert_string_equal(c[2], "GRDP_G");
        assert_string_equal(c[3], "GRDP_G");
        assert_int_equal(chitieu_xlsx_capitals(x, 1), 1);
        assert_int_equal(chitieu_xlsx_capitals(x, 3), 0); /* .VnTimeH, unchanged: typed as it reads */
        assert_int_equal(chitieu_xlsx_tcvn3(x, &was, &reads, &font), all ? 9 : 7);
        assert_string_equal(was, "Tæng");
        assert_string_equal(reads, "Tổng");
        assert_string_equal(font, ".VnTime");
        assert_int_equal(chitieu_xlsx_next(x, &n, &c), 0);
        assert_int_equal(chitieu_xlsx_select(x, 0), 0); /* the count is the sheet's */
        assert_int_equal(chitieu_xlsx_tcvn3(x, &was, &reads, &font), 0);
        chitieu_xlsx_free(x);
    }
    unlink(path);
}

/* A workbook naming more run fonts than are kept by name (64): a run in an ABC font past them is still read as
 * TCVN3, one in another font still is not. */
static void test_tcvn3_many_fonts(void **state)
{
    (void)state;
    static char sst[16384];
    size_t k = (size_t)snprintf(sst, sizeof sst, "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si>");
    for (int i = 0; i < 70; i++)
        k += (size_t)snprintf(sst + k, sizeof sst - k, "<r><rPr><rFont val=\"Font %d\"/></rPr><t>%c</t></r>", i, 'a' + i % 26);
    snprintf(sst + k, sizeof sst - k, "<r><rPr><rFont val=\".VnArial\"/></rPr><t> t\xC3\xA6ng</t></r>"
                                      "<r><rPr><rFont val=\"Arial Unicode\"/></rPr><t> t\xC3\xA6ng</t></r></si></sst>");
    static const char *const names[] = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                        "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"};
    const char *texts[] = {CT_XML, WB_OPEN "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
                           RELS_OPEN REL_WS("rId1", "worksheets/sheet1.xml") "</Relationships>",
                           "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
                           "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row></sheetData></worksheet>",
                           sst};
    char path[] = "/tmp/chitieu-test-xlsx-XXXXXX";
    write_temp(path, 5, names, texts);
    chitieu_xlsx *x = NULL;
    assert_int_equal(chitieu_xlsx_open(&x, path, "fonts.xlsx"), 0);
    assert_int_equal(chitieu_xlsx_select(x, 0), 0);
    size_t n;
    char *const *c = next_row(x, 1, &n);
    const char *end = c[0] + strlen(c[0]) - strlen(" tổng tæng");
    assert_true(end > c[0]);
    assert_string_equal(end, " tổng tæng");
    const char *was, *reads, *font;
    assert_int_equal(chitieu_xlsx_tcvn3(x, &was, &reads, &font), 1);
    assert_string_equal(font, ".VnArial");
    chitieu_xlsx_free(x);
    unlink(path);
}

/* The words a number format shows, typed in a TCVN3 font, are read as TCVN3; the number they stand beside is the
 * stored value as it is, also in a capital font (.VnTimeH: "1e-05 (ƯỚC)", not "1E-05 (ƯỚC)"; fuzz_xlsx found
 * the value upper-cased with the words, fuzz/regress/xlsx/shown-capital-value).  A format whose words are Unicode
 * stays, its number too. */
static void test_shown_tcvn3_value(void **state)
{
    (void)state;
    static const char *const names[] = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                        "xl/worksheets/sheet1.xml", "xl/styles.xml"};
    const char *texts[] = {
        CT_XML, WB_OPEN "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
        RELS_OPEN REL_WS("rId1", "worksheets/sheet1.xml") "</Relationships>",
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\">"
        "<c r=\"A1\" s=\"1\"><v>1e-05</v></c><c r=\"B1\" s=\"1\"><v>2023</v></c><c r=\"C1\" s=\"2\"><v>1e-05</v></c>"
        "<c r=\"D1\" s=\"3\"><v>1e-05</v></c></row></sheetData></worksheet>",
        "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><numFmts count=\"2\">"
        "<numFmt numFmtId=\"164\" formatCode=\"0&quot; (\xC2\xAD\xC3\xAD" "c)&quot;\"/>"
        "<numFmt numFmtId=\"165\" formatCode=\"0&quot; (ước)&quot;\"/></numFmts><fonts count=\"3\">"
        "<font><name val=\"Arial\"/></font><font><b/><name val=\".VnTimeH\"/></font><font><name val=\".VnTime\"/></font>"
        "</fonts><cellXfs count=\"4\"><xf numFmtId=\"0\" fontId=\"0\"/><xf numFmtId=\"164\" fontId=\"1\"/>"
        "<xf numFmtId=\"164\" fontId=\"2\"/><xf numFmtId=\"165\" fontId=\"1\"/></cellXfs></styleSheet>"};
    char path[] = "/tmp/chitieu-test-xlsx-XXXXXX";
    write_temp(path, 5, names, texts);
    chitieu_xlsx *x = NULL;
    assert_int_equal(chitieu_xlsx_open(&x, path, "vn.xlsx"), 0);
    assert_int_equal(chitieu_xlsx_select(x, 0), 0);
    size_t n;
    char *const *c = next_row(x, 1, &n);
    assert_int_equal(n, 4);
    char shown[64];
    assert_int_equal(chitieu_xlsx_shown(x, 0, shown, sizeof shown), 1);
    assert_string_equal(shown, "1e-05 (ƯỚC)");
    assert_string_equal(c[0], "1e-05");
    assert_int_equal(chitieu_xlsx_shown(x, 1, shown, sizeof shown), 1);
    assert_string_equal(shown, "2023 (ƯỚC)");
    assert_int_equal(chitieu_xlsx_shown(x, 2, shown, sizeof shown), 1);
    assert_string_equal(shown, "1e-05 (ước)");
    assert_int_equal(chitieu_xlsx_shown(x, 3, shown, sizeof shown), 1); /* Unicode words in .VnTimeH: as typed */
    assert_string_equal(shown, "1e-05 (ước)");
    assert_int_equal(chitieu_xlsx_shown(x, 0, shown, 12), 0);           /* "1e-05 (ƯỚC)" is 15 bytes */
    assert_int_equal(chitieu_xlsx_shown(x, 0, shown, 16), 1);
    chitieu_xlsx_free(x);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_departments),
        cmocka_unit_test(test_edge), cmocka_unit_test(test_openpyxl), cmocka_unit_test(test_merged), cmocka_unit_test(test_merged_pieces),
        cmocka_unit_test(test_merged_limits),
        cmocka_unit_test(test_merged_disorder),
        cmocka_unit_test(test_merged_many),
        cmocka_unit_test(test_sheet_after_sheet),
        cmocka_unit_test(test_sheet_after_sheet_excel),
        cmocka_unit_test(test_1904_extension),
        cmocka_unit_test(test_shown_formats),
        cmocka_unit_test(test_parts_by_relationship),
        cmocka_unit_test(test_refs_and_errors),
        cmocka_unit_test(test_hidden_rows_cols),
        cmocka_unit_test(test_tcvn3_fonts),
        cmocka_unit_test(test_tcvn3_many_fonts),
        cmocka_unit_test(test_shown_tcvn3_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
