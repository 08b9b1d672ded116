/*
 * tests/test_rows.c — unit tests of the row source (engine/rows.c): a file is told by its content
 * (text, .xlsx, .xls, .ods), sheets are chosen by name, fields come in Unicode NFC (a real
 * decomposed file: tests/fixtures/intake/nfd.csv, written in NFD by Python's unicodedata), flags
 * say how a field was written, and messages name the file as the caller does.
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
#include "chitieu/rows.h"

#define FX "fixtures/intake/"

static chitieu_rows *open_ok(const char *path, const char *encoding, const char *sheet)
{
    chitieu_rows *r = NULL;
    chitieu_rows_opts o = {encoding, sheet, 0};
    if (chitieu_rows_open(&r, path, NULL, &o))
        fail_msg("%s: %s", path, chitieu_error_last());
    return r;
}

static void test_nfc(void **state)
{
    (void)state;
    /* the file really is decomposed: "Đồng" is D-stroke, o, U+0302, U+0300, n, g */
    FILE *f = fopen(FX "nfd.csv", "rb");
    assert_non_null(f);
    char raw[256] = "";
    size_t n = fread(raw, 1, sizeof raw - 1, f);
    fclose(f);
    raw[n] = '\0';
    assert_non_null(strstr(raw, "\xC4\x90o\xCC\x82\xCC\x80ng Nai"));
    chitieu_rows *r = open_ok(FX "nfd.csv", NULL, NULL);
    size_t nf;
    char *const *fl;
    assert_int_equal(chitieu_rows_next(r, &nf, &fl), 1);
    assert_int_equal(chitieu_rows_next(r, &nf, &fl), 1);
    assert_string_equal(fl[1], "\xC4\x90\xE1\xBB\x93ng Nai (t\xC3\xAAn vi\xE1\xBA\xBFt d\xE1\xBA\xA1ng t\xC3\xA1" "ch "
                               "d\xE1\xBA\xA5u)"); /* Đồng Nai (tên viết dạng tách dấu), precomposed */
    assert_int_equal(chitieu_rows_next(r, &nf, &fl), 1);
    assert_string_equal(fl[1], "T\xC3\xA2y Ninh");
    assert_int_equal(chitieu_rows_next(r, &nf, &fl), 0);
    chitieu_rows_free(r);
}

static void test_text_files(void **state)
{
    (void)state;
    /* Excel's "Unicode Text": UTF-16LE with a BOM, tab-separated, CRLF */
    chitieu_rows *r = open_ok(FX "utf16.txt", NULL, NULL);
    size_t nf;
    char *const *f;
    char w[64] = "x";
    assert_int_equal(chitieu_rows_next(r, &nf, &f), 1);
    assert_int_equal(chitieu_rows_delimiter(r), '\t');
    assert_null(chitieu_rows_sheet(r));
    assert_int_equal(chitieu_rows_next(r, &nf, &f), 1);
    assert_int_equal(nf, 5);
    assert_string_equal(f[4], "Thu nh\xE1\xBA\xADp b\xC3\xACnh qu\xC3\xA2n (\xC6\xB0\xE1\xBB\x9B" "c t\xC3\xADnh c\xE1\xBB\xA7"
                              "a S\xE1\xBB\x9F)");
    assert_string_equal(chitieu_rows_where(r, 3, w, sizeof w), "");
    assert_int_equal(chitieu_rows_next(r, &nf, &f), 1);
    assert_string_equal(f[3], "62,5");
    assert_int_equal(chitieu_rows_flags(r, 3), CHITIEU_FIELD_QUOTED);
    assert_int_equal(chitieu_rows_flags(r, 2), 0);
    assert_int_equal(chitieu_rows_line(r), 3);
    chitieu_rows_free(r);
    /* cp1258 when named; undeclared, an error with a guess, named as the caller names the file */
    r = open_ok(FX "cp1258.csv", "cp1258", NULL);
    assert_int_equal(chitieu_rows_next(r, &nf, &f), 1);
    assert_int_equal(chitieu_rows_delimiter(r), ';');
    assert_int_equal(chitieu_rows_next(r, &nf, &f), 1);
    assert_string_equal(f[4], "S\xE1\xBB\x9F Lao \xC4\x91\xE1\xBB\x99ng - Th\xC6\xB0\xC6\xA1ng binh v\xC3\xA0 X\xC3\xA3 h\xE1\xBB\x99i");
    chitieu_rows_free(r);
    chitieu_rows_opts o = {0};
    assert_int_equal(chitieu_rows_open(&r, FX "cp1258.csv", "<stdin>", &o), 0);
    assert_int_equal(chitieu_rows_next(r, &nf, &f), 1);
    assert_int_equal(chitieu_rows_next(r, &nf, &f), CHITIEU_EINVALID);
    assert_non_null(strstr(chitieu_error_last(), "<stdin>:2: invalid UTF-8; the file looks like Vietnamese Windows "
                                                 "text (cp1258): load it with --encoding cp1258"));
    chitieu_rows_free(r);
    char **names;
    size_t n;
    assert_int_equal(chitieu_rows_sheets(&names, &n, NULL, FX "utf16.txt", NULL), 0);
    assert_int_equal(n, 0);
    assert_null(names);
}

static void test_workbooks(void **state)
{
    (void)state;
    char **names;
    size_t n;
    assert_int_equal(chitieu_rows_sheets(&names, &n, NULL, FX "departments.xlsx", NULL), 0);
    assert_int_equal(n, 3);
    assert_string_equal(names[2], "Ghi chú");
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    chitieu_rows *r = open_ok(FX "departments.xlsx", NULL, "Kế hoạch");
    size_t nf;
    char *const *f;
    char w[80];
    assert_string_equal(chitieu_rows_sheet(r), "Kế hoạch");
    assert_int_equal(chitieu_rows_delimiter(r), 0);
    assert_int_equal(chitieu_rows_next(r, &nf, &f), 1);
    assert_int_equal(chitieu_rows_next(r, &nf, &f), 1);
    assert_int_equal(chitieu_rows_flags(r, 3), CHITIEU_FIELD_DATE);
    assert_string_equal(chitieu_rows_where(r, 3, w, sizeof w), "'K\xE1\xBA\xBF ho\xE1\xBA\xA1" "ch'!D2");
    assert_string_equal(chitieu_rows_where(r, (size_t)-1, w, sizeof w), "'K\xE1\xBA\xBF ho\xE1\xBA\xA1" "ch'!2:2");
    chitieu_rows_free(r);
    r = open_ok(FX "departments.xlsx", NULL, NULL); /* the first sheet */
    assert_int_equal(chitieu_rows_next(r, &nf, &f), 1);
    assert_int_equal(chitieu_rows_line(r), 1);
    chitieu_rows_free(r);
    r = open_ok(FX "edge.xlsx", NULL, NULL);
    assert_int_equal(chitieu_rows_next(r, &nf, &f), 1);
    assert_int_equal(chitieu_rows_next(r, &nf, &f), 1);
    assert_int_equal(chitieu_rows_flags(r, 3), CHITIEU_FIELD_NUMBER);
    assert_int_equal(chitieu_rows_next(r, &nf, &f), 1);
    assert_int_equal(chitieu_rows_flags(r, 0), CHITIEU_FIELD_ERROR);
    assert_int_equal(chitieu_rows_flags(r, 1), CHITIEU_FIELD_BOOL);
    assert_int_equal(chitieu_rows_flags(r, 2), CHITIEU_FIELD_NO_VALUE);
    chitieu_rows_free(r);
    chitieu_rows_opts o = {NULL, "Sheet9", 0};
    assert_int_equal(chitieu_rows_open(&r, FX "departments.xlsx", "book.xlsx", &o), CHITIEU_EINVALID);
    assert_null(r);
    assert_non_null(strstr(chitieu_error_last(), "book.xlsx: no sheet 'Sheet9' (the workbook has 'S"));
    assert_non_null(strstr(chitieu_error_last(), "'Ghi ch\xC3\xBA')"));

    /* a hidden first sheet (the list behind a drop-down) is not the default: the first one shown is */
    unsigned char *hidden;
    assert_int_equal(chitieu_rows_sheets(&names, &n, &hidden, FX "openpyxl.xlsx", NULL), 0);
    assert_int_equal(n, 4);
    assert_string_equal(names[0], "DM");
    assert_int_equal(hidden[0], 1);
    assert_int_equal(hidden[1], 0);
    assert_int_equal(hidden[2], 0);
    assert_int_equal(hidden[3], 1);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(hidden);
    r = open_ok(FX "openpyxl-calc.xlsx", NULL, NULL);
    assert_string_equal(chitieu_rows_sheet(r), "Bi\xE1\xBB\x83u 01");
    while (chitieu_rows_next(r, &nf, &f) == 1 && chitieu_rows_line(r) < 7)
        ;
    assert_int_equal(chitieu_rows_line(r), 7);
    assert_int_equal(chitieu_rows_flags(r, 4), CHITIEU_FIELD_NUMBER | CHITIEU_FIELD_PERCENT); /* shown 1.50% */
    assert_string_equal(f[4], "0.015");
    assert_int_equal(chitieu_rows_flags(r, 0), CHITIEU_FIELD_NUMBER);
    chitieu_rows_free(r);
    r = open_ok(FX "openpyxl-calc.xlsx", NULL, "DM"); /* named, a hidden sheet is read */
    assert_int_equal(chitieu_rows_next(r, &nf, &f), 1);
    assert_string_equal(f[0], "Danh m\xE1\xBB\xA5" "c \xC4\x91\xC6\xA1n v\xE1\xBB\x8B");
    chitieu_rows_free(r);
}

/* Write n bytes into a new temporary file named from the template "/tmp/chitieu-rows-XXXXXX" into path. */
static void write_cfb(char *path, const unsigned char *b, size_t n)
{
    memcpy(path + strlen(path) - 6, "XXXXXX", 6);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, b, n), (ssize_t)n);
    close(fd);
}

/* Which fields are hidden in Excel (hidden.xlsx, make-fixtures.sh step 12: rows 7-9, columns F and G of
 * 'Số liệu'), row and column flags together; a text file has none. */
static void test_hidden(void **state)
{
    (void)state;
    chitieu_rows *r = open_ok(FX "hidden.xlsx", NULL, NULL);
    size_t nf;
    char *const *fl;
    int seen = 0;
    while (chitieu_rows_next(r, &nf, &fl) == 1) {
        unsigned long row = chitieu_rows_line(r);
        int hrow = row >= 7 && row <= 9 ? CHITIEU_HIDDEN_ROW : 0;
        for (size_t i = 0; i < 9; i++)
            assert_int_equal(chitieu_rows_hidden(r, i), hrow | (i == 5 || i == 6 ? CHITIEU_HIDDEN_COLUMN : 0));
        assert_int_equal(chitieu_rows_hidden(r, (size_t)-1), hrow); /* no field: the row alone */
        seen++;
    }
    assert_int_equal(seen, 9); /* rows 1, 2, 4-10 */
    chitieu_rows_free(r);
    r = open_ok(FX "nfd.csv", NULL, NULL);
    assert_int_equal(chitieu_rows_next(r, &nf, &fl), 1);
    assert_int_equal(chitieu_rows_hidden(r, 0), 0);
    chitieu_rows_free(r);
}

static void test_refused_formats(void **state)
{
    (void)state;
    char path[] = "/tmp/chitieu-rows-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 old workbook", 21), 21);
    close(fd);
    chitieu_rows *r = NULL;
    assert_int_equal(chitieu_rows_open(&r, path, "old.xls", NULL), CHITIEU_EINVALID);
    assert_non_null(strstr(chitieu_error_last(), "old.xls: an Excel 97-2003 workbook (.xls)"));
    assert_non_null(strstr(chitieu_error_last(), "save it as .xlsx"));
    unlink(path);
    /* a password-protected .xlsx is a compound file too (xlsx-populate's examples/encryption/in.xlsx, npm): its
     * directory names EncryptionInfo and EncryptedPackage; it was called an .xls to save as .xlsx.  Built here:
     * the header (512-byte sectors, the directory at sector 0) and one directory sector of 128-byte entries. */
    unsigned char cfb[1024] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    cfb[0x1E] = 9;
    static const char *const entries[] = {"Root Entry", "EncryptionInfo", "EncryptedPackage", "\x06" "DataSpaces"};
    for (size_t e = 0; e < 4; e++) {
        size_t len = strlen(entries[e]);
        for (size_t i = 0; i < len; i++)
            cfb[512 + 128 * e + 2 * i] = (unsigned char)entries[e][i];
        cfb[512 + 128 * e + 64] = (unsigned char)(2 * len + 2);
    }
    write_cfb(path, cfb, sizeof cfb);
    assert_int_equal(chitieu_rows_open(&r, path, "locked.xlsx", NULL), CHITIEU_EINVALID);
    assert_non_null(strstr(chitieu_error_last(), "locked.xlsx: a workbook protected by a password (encrypted)"));
    assert_non_null(strstr(chitieu_error_last(), "remove the password"));
    unlink(path);
    cfb[512 + 128 * 2 + 2] = 'X'; /* "EXcryptedPackage": a compound file of another kind, an .xls */
    write_cfb(path, cfb, sizeof cfb);
    assert_int_equal(chitieu_rows_open(&r, path, "old.xls", NULL), CHITIEU_EINVALID);
    assert_non_null(strstr(chitieu_error_last(), "old.xls: an Excel 97-2003 workbook (.xls)"));
    unlink(path);
    /* what else arrives named .xls or from an API: each refused saying what it is */
    static const struct {
        const char *bytes, *says;
    } other[] = {
        {"\xEF\xBB\xBF  <html><head><meta charset=utf-8></head><body><table><tr><td>M\xC3\xA3</td></tr></table>",
         "a web page (HTML, as portals export tables named .xls)"},
        {"<TABLE border=1><TR><TD>2020</TD></TR></TABLE>", "a web page (HTML"},
        {"<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n<Workbook>", "an XML file"},
        {"\xEF\xBB\xBF[{\"page\":1,\"pages\":1},[{\"indicator\":{\"id\":\"NY.GNP.PCAP.CD\"}}]]", "a JSON file"},
        {"{ \"data\": [] }", "a JSON file"},
        {"%PDF-1.7\n", "a PDF document"},
    };
    for (size_t i = 0; i < sizeof other / sizeof *other; i++) {
        char p2[] = "/tmp/chitieu-rows-XXXXXX";
        int fd2 = mkstemp(p2);
        assert_true(fd2 >= 0);
        size_t len = strlen(other[i].bytes);
        assert_int_equal(write(fd2, other[i].bytes, len), (ssize_t)len);
        close(fd2);
        assert_int_equal(chitieu_rows_open(&r, p2, "in.xls", NULL), CHITIEU_EINVALID);
        if (!strstr(chitieu_error_last(), other[i].says))
            fail_msg("case %zu: %s", i, chitieu_error_last());
        assert_non_null(strstr(chitieu_error_last(), "in.xls: "));
        unlink(p2);
    }
    /* a text file that only starts like one of them is text */
    char p3[] = "/tmp/chitieu-rows-XXXXXX";
    int fd3 = mkstemp(p3);
    assert_true(fd3 >= 0);
    assert_int_equal(write(fd3, "[Ma],year\nA,2020\n", 18), 18);
    close(fd3);
    assert_int_equal(chitieu_rows_open(&r, p3, NULL, NULL), 0);
    chitieu_rows_free(r);
    unlink(p3);
    assert_int_equal(chitieu_rows_open(&r, FX "sheet.ods", NULL, NULL), CHITIEU_EINVALID);
    assert_non_null(strstr(chitieu_error_last(), "OpenDocument"));
    assert_int_equal(chitieu_rows_open(&r, FX "missing.csv", "m.csv", NULL), CHITIEU_EIO);
    assert_non_null(strstr(chitieu_error_last(), "m.csv: cannot open: "));
    chitieu_rows_free(NULL);
}

/* Text typed in a TCVN3 font: a text file given encoding "tcvn3" (raw TCVN3 bytes, or Excel's CSV UTF-8 of such a
 * sheet: the bytes as Latin-1 letters), and any text file with the option; Unicode fields and ASCII stay, and the
 * source counts what it read so with a sample.  A workbook: its cells in .VnTime (tcvn3.xlsx). */
static void test_tcvn3(void **state)
{
    (void)state;
    static const char raw[] = "M\xB7 ch\xD8 ti\xAAu,T\xAAn,2022\nGRDP_G,T\xE6ng s\xB6n ph\xC8m,8.5\n";
    static const char utf8[] = "M\xC2\xB7 ch\xC3\x98 ti\xC2\xAAu,T\xC2\xAAn,2022\nGRDP_G,T\xE1\xBB\x95ng,8.5\n";
    const char *texts[] = {raw, utf8, utf8};
    const char *encs[] = {"tcvn3", "TCVN3", NULL};
    for (int k = 0; k < 3; k++) {
        char path[] = "/tmp/chitieu-test-rows-XXXXXX";
        int fd = mkstemp(path);
        assert_true(fd >= 0);
        assert_int_equal(write(fd, texts[k], strlen(texts[k])), (ssize_t)strlen(texts[k]));
        close(fd);
        chitieu_rows *r = NULL;
        chitieu_rows_opts o = {encs[k], NULL, k == 2};
        assert_int_equal(chitieu_rows_open(&r, path, NULL, &o), 0);
        size_t nf;
        char *const *fl;
        assert_int_equal(chitieu_rows_next(r, &nf, &fl), 1);
        assert_int_equal(nf, 3);
        assert_string_equal(fl[0], "Mã chỉ tiêu");
        assert_string_equal(fl[1], "Tên");
        assert_string_equal(fl[2], "2022");
        assert_int_equal(chitieu_rows_next(r, &nf, &fl), 1);
        assert_string_equal(fl[0], "GRDP_G");
        assert_string_equal(fl[1], k ? "Tổng" : "Tổng sản phẩm"); /* Unicode (k > 0) stays */
        assert_string_equal(fl[2], "8.5");
        const char *was, *reads, *font;
        assert_int_equal(chitieu_rows_tcvn3(r, &was, &reads, &font), k ? 2 : 3);
        assert_string_equal(was, "M·");
        assert_string_equal(reads, "Mã");
        assert_null(font);
        assert_int_equal(chitieu_rows_next(r, &nf, &fl), 0);
        chitieu_rows_free(r);
        unlink(path);
    }
    /* without the option, the text is read as written */
    chitieu_rows *r = open_ok(FX "tcvn3-fonts-lost.xlsx", NULL, NULL);
    size_t nf;
    char *const *fl;
    assert_int_equal(chitieu_rows_next(r, &nf, &fl), 1);
    assert_string_equal(fl[0], "bi\xC3\x93u s\xC3\xA8 01: m\xC3\xA9t s\xC3\xA8 ch\xC3\x98 ti\xC2\xAAu kinh t\xC3\x95 - x\xC2\xB7 "
                               "h\xC3\xA9i (d\xC3\xB7 li\xC3\x96u th\xC3\xB6 nghi\xC3\x96m)");
    const char *was, *reads, *font;
    assert_int_equal(chitieu_rows_tcvn3(r, &was, &reads, &font), 0);
    chitieu_rows_free(r);
    /* a workbook in .VnTime and .VnTimeH: read so without being told, the capital font in capitals */
    r = open_ok(FX "tcvn3.xlsx", NULL, NULL);
    assert_int_equal(chitieu_rows_next(r, &nf, &fl), 1);
    assert_string_equal(fl[0], "BIỂU SỐ 01: MỘT SỐ CHỈ TIÊU KINH TẾ - XÃ HỘI (DỮ LIỆU THỬ NGHIỆM)");
    assert_int_equal(chitieu_rows_next(r, &nf, &fl), 1);
    assert_string_equal(fl[0], "(Kèm theo công văn đôn đốc báo cáo; SỐ LIỆU TỔNG HỢP)");
    assert_int_equal(chitieu_rows_tcvn3(r, &was, &reads, &font), 2);
    assert_string_equal(font, ".VnTimeH");
    chitieu_rows_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nfc),
        cmocka_unit_test(test_text_files),
        cmocka_unit_test(test_workbooks),
        cmocka_unit_test(test_refused_formats),
        cmocka_unit_test(test_hidden),
        cmocka_unit_test(test_tcvn3),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
