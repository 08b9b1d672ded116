/*
 * tests/test_csv.c — unit tests of the CSV reader (engine/csv.c): BOM, line
 * endings, quoting, separator detection (comma, semicolon, tab), UTF-8 and
 * NUL checks, UTF-16 and named encodings (cp1258 through iconv, UTF-16
 * written by a hand encoder here), the guess for undeclared text, record
 * size limit, file and memory input.  All inputs are synthetic strings.
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

#include "chitieu/csv.h"
#include "chitieu/error.h"

/* Read all records of `in` (len bytes, in `enc`: NULL for UTF-8) into a printable dump "a|b\nc|d\n"
 * with line numbers "@L:"; returns the last result. */
static int dump_enc(char *out, size_t cap, const char *in, size_t len, const char *enc)
{
    chitieu_csv *c = NULL;
    assert_int_equal(chitieu_csv_open_mem_enc(&c, in, len, "e.csv", enc), 0);
    size_t nf, used = 0;
    char *const *f;
    int r;
    out[0] = '\0';
    while ((r = chitieu_csv_next(c, &nf, &f)) == 1) {
        used += (size_t)snprintf(out + used, cap - used, "@%lu:", chitieu_csv_line(c));
        for (size_t i = 0; i < nf; i++)
            used += (size_t)snprintf(out + used, cap - used, "%s%s", i ? "|" : "", f[i]);
        used += (size_t)snprintf(out + used, cap - used, "\n");
    }
    chitieu_csv_free(c);
    return r;
}

static int dump(char *out, size_t cap, const char *in, size_t len) { return dump_enc(out, cap, in, len, NULL); }

#define DUMP(in, expect)                                                                                         \
    do {                                                                                                         \
        char buf_[4096];                                                                                         \
        assert_int_equal(dump(buf_, sizeof buf_, in, sizeof in - 1), 0);                                        \
        assert_string_equal(buf_, expect);                                                                       \
    } while (0)

static void test_line_endings(void **state)
{
    (void)state;
    DUMP("a,b\nc,d\n", "@1:a|b\n@2:c|d\n");
    DUMP("a,b\r\nc,d\r\n", "@1:a|b\n@2:c|d\n");
    DUMP("a,b\nc,d", "@1:a|b\n@2:c|d\n");           /* final line without newline */
    DUMP("a,b\rc,d\r", "@1:a|b\n@2:c|d\n");         /* old Mac CR-only */
    DUMP("\xEF\xBB\xBFx,y\n1,2\n", "@1:x|y\n@2:1|2\n"); /* BOM removed */
}

static void test_quotes_and_blanks(void **state)
{
    (void)state;
    DUMP("\"a \"\"q\"\" b\",c\n", "@1:a \"q\" b|c\n");
    /* embedded newlines: the next record's line number counts them */
    DUMP("h1,h2\n\"x\ny\nz\",2\nnext,3\n", "@1:h1|h2\n@2:x\ny\nz|2\n@5:next|3\n");
    DUMP("a,,c\n,,\n", "@1:a||c\n@2:||\n");
    DUMP("\"x\r\ny\",2\r\nz,3\r\n", "@1:x\r\ny|2\n@3:z|3\n"); /* CRLF inside quotes is kept */
    DUMP("\"\",\"\"\"\"\n", "@1:|\"\n");                  /* empty quoted and a lone quote */
    DUMP("a,b\n\n\r\n\nc,d\n", "@1:a|b\n@5:c|d\n"); /* blank lines skipped, lines still counted */
}

static void test_quoted_flag(void **state)
{
    (void)state;
    static const char in[] = "\"8,5\",9\n";
    chitieu_csv *c = NULL;
    size_t nf;
    char *const *f;
    assert_int_equal(chitieu_csv_open_mem(&c, in, sizeof in - 1, NULL), 0);
    assert_int_equal(chitieu_csv_next(c, &nf, &f), 1);
    assert_int_equal(nf, 2);
    assert_string_equal(f[0], "8,5");
    assert_true(chitieu_csv_quoted(c, 0));
    assert_false(chitieu_csv_quoted(c, 1));
    assert_string_equal(chitieu_csv_name(c), "<memory>");
    chitieu_csv_free(c);
    chitieu_csv_free(NULL);
}

static char delim_of(const char *in)
{
    chitieu_csv *c = NULL;
    size_t nf;
    char *const *f;
    assert_int_equal(chitieu_csv_open_mem(&c, in, strlen(in), "d"), 0);
    assert_int_equal(chitieu_csv_next(c, &nf, &f), 1);
    char d = chitieu_csv_delimiter(c);
    chitieu_csv_free(c);
    return d;
}

static void test_delimiter(void **state)
{
    (void)state;
    assert_int_equal(delim_of("a;b;c\n1;2,5;3\n"), ';');
    assert_int_equal(delim_of("a,b,c\n"), ',');
    assert_int_equal(delim_of("a;b,c\n"), ',');          /* tie -> comma */
    assert_int_equal(delim_of("\"a,b,c\";d;e\n"), ';');  /* separators inside quotes do not count */
    DUMP("x;y\n1,5;2\n", "@1:x|y\n@2:1,5|2\n");
    assert_int_equal(delim_of("a\tb\tc\n1\t2,5\t3\n"), '\t'); /* tab-separated */
    assert_int_equal(delim_of("a,b\tc\n"), ',');             /* tie -> comma */
    assert_int_equal(delim_of("a;b\tc\n"), ';');             /* tie -> semicolon before tab */
    DUMP("x\ty\n\"1\t5\"\t2\n", "@1:x|y\n@2:1\t5|2\n");
}

/* Expect an error whose message contains `needle`. */
static void expect_error(const char *in, size_t len, const char *needle)
{
    chitieu_csv *c = NULL;
    size_t nf;
    char *const *f;
    assert_int_equal(chitieu_csv_open_mem(&c, in, len, "bad.csv"), 0);
    int r;
    while ((r = chitieu_csv_next(c, &nf, &f)) == 1)
        ;
    chitieu_csv_free(c);
    assert_int_equal(r, CHITIEU_EINVALID);
    if (!strstr(chitieu_error_last(), needle))
        fail_msg("message '%s' lacks '%s'", chitieu_error_last(), needle);
}
#define EXPECT_ERROR(in, needle) expect_error(in, sizeof in - 1, needle)

static void test_errors(void **state)
{
    (void)state;
    EXPECT_ERROR("a,b\n\"open,c\nd\n", "bad.csv:2: unterminated quoted field");
    EXPECT_ERROR("a,b\n\"x\"y,c\n", "bad.csv:2: text after a closing quote");
    EXPECT_ERROR("a,b\nx,\xC0\xAF\n", "bad.csv:2: invalid UTF-8");          /* overlong '/' */
    EXPECT_ERROR("a,b\nx,\xED\xA0\x80\n", "bad.csv:2: invalid UTF-8");      /* surrogate U+D800 */
    EXPECT_ERROR("a,b\n1,2\nx,\xE1\xBB", "bad.csv:3: invalid UTF-8 at end of file"); /* truncated */
    EXPECT_ERROR("a,b\nx,y\0z\n", "bad.csv:2: NUL byte in input");
}

static void test_valid_utf8(void **state)
{
    (void)state;
    DUMP("T\xE1\xBB\xB7 l\xE1\xBB\x87,H\xE1\xBB\x99\n", "@1:T\xE1\xBB\xB7 l\xE1\xBB\x87|H\xE1\xBB\x99\n");
}

static void test_record_too_long(void **state)
{
    (void)state;
    size_t len = 2u << 20; /* 2 MB line */
    char *in = malloc(len + 16);
    assert_non_null(in);
    memcpy(in, "a,b\n", 4);
    memset(in + 4, 'x', len);
    memcpy(in + 4 + len, ",y\n", 3);
    expect_error(in, len + 7, "bad.csv:2: record longer than");
    /* a record just under the limit is read whole */
    size_t ok_len = CHITIEU_CSV_MAX_RECORD - 64;
    memset(in + 4, 'x', ok_len);
    memcpy(in + 4 + ok_len, ",y\n", 3);
    chitieu_csv *c = NULL;
    size_t nf;
    char *const *f;
    assert_int_equal(chitieu_csv_open_mem(&c, in, ok_len + 7, "big.csv"), 0);
    assert_int_equal(chitieu_csv_next(c, &nf, &f), 1);
    assert_int_equal(chitieu_csv_next(c, &nf, &f), 1);
    assert_int_equal(nf, 2);
    assert_int_equal(strlen(f[0]), ok_len);
    assert_string_equal(f[1], "y");
    assert_int_equal(chitieu_csv_next(c, &nf, &f), 0);
    chitieu_csv_free(c);
    free(in);
}

static void test_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/chitieu-csv-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[512];
    snprintf(path, sizeof path, "%s/f.csv", dir);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs("\xEF\xBB\xBFindicator;value\r\nA;\"1;2\"\r\n", fp);
    fclose(fp);
    chitieu_csv *c = NULL;
    size_t nf;
    char *const *f;
    assert_int_equal(chitieu_csv_open(&c, path), 0);
    assert_string_equal(chitieu_csv_name(c), path);
    assert_int_equal(chitieu_csv_next(c, &nf, &f), 1);
    assert_string_equal(f[0], "indicator");
    assert_int_equal(chitieu_csv_delimiter(c), ';');
    assert_int_equal(chitieu_csv_next(c, &nf, &f), 1);
    assert_int_equal(nf, 2);
    assert_string_equal(f[1], "1;2");
    assert_int_equal(chitieu_csv_line(c), 2);
    assert_int_equal(chitieu_csv_next(c, &nf, &f), 0);
    chitieu_csv_free(c);
    unlink(path);
    /* a 2 MB line in a file: an error naming the line, not a crash */
    fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs("a,b\n1,2\n", fp);
    for (int i = 0; i < (2 << 20) / 64; i++)
        fputs("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", fp);
    fputs(",z\n", fp);
    fclose(fp);
    assert_int_equal(chitieu_csv_open(&c, path), 0);
    assert_int_equal(chitieu_csv_next(c, &nf, &f), 1);
    assert_int_equal(chitieu_csv_next(c, &nf, &f), 1);
    assert_int_equal(chitieu_csv_next(c, &nf, &f), CHITIEU_EINVALID);
    assert_non_null(strstr(chitieu_error_last(), ":3: record longer than 1 MiB"));
    chitieu_csv_free(c);
    unlink(path);
    snprintf(path, sizeof path, "%s/missing.csv", dir);
    c = NULL;
    assert_int_equal(chitieu_csv_open(&c, path), CHITIEU_EIO);
    assert_null(c);
    assert_non_null(strstr(chitieu_error_last(), "missing.csv: cannot open: "));
    rmdir(dir);
}

/* Write "a,b\n" + a filler record + tail so that tail starts one byte before the 64 KiB read boundary
 * (the reader's chunk size, engine/csv.c), then read the file: records must not notice the boundary. */
static void boundary_case(const char *dir, const char *tail, const char *expect_last0, const char *expect_last1)
{
    char path[512];
    snprintf(path, sizeof path, "%s/b.csv", dir);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs("a,b\n", fp);
    for (int i = 0; i < 65536 - 1 - 4 - 2; i++)
        fputc('x', fp);
    fputs(",y", fp);
    fputs(tail, fp);
    fclose(fp);
    chitieu_csv *c = NULL;
    size_t nf;
    char *const *f;
    assert_int_equal(chitieu_csv_open(&c, path), 0);
    assert_int_equal(chitieu_csv_next(c, &nf, &f), 1);
    assert_int_equal(chitieu_csv_next(c, &nf, &f), 1);
    assert_int_equal(nf, 2);
    assert_int_equal(strlen(f[0]), 65529);
    assert_int_equal(chitieu_csv_next(c, &nf, &f), 1);
    assert_int_equal(chitieu_csv_line(c), 3);
    assert_int_equal(nf, 2);
    assert_string_equal(f[0], expect_last0);
    assert_string_equal(f[1], expect_last1);
    assert_int_equal(chitieu_csv_next(c, &nf, &f), 0);
    chitieu_csv_free(c);
    unlink(path);
}

static void test_chunk_boundary(void **state)
{
    (void)state;
    char dir[] = "/tmp/chitieu-csvb-XXXXXX";
    assert_non_null(mkdtemp(dir));
    boundary_case(dir, "\r\nz,w\r\n", "z", "w");                   /* CR | LF across the boundary */
    boundary_case(dir, "\n\"q\"\"r\",s\n", "q\"r", "s");           /* quoted record starting at it */
    boundary_case(dir, "\xE1\xBB\x87\nz,w\n", "z", "w");           /* a 3-byte character across it */
    rmdir(dir);
}

/* UTF-8 text (BMP only) as UTF-16 with a BOM, encoded here by hand (not by iconv, which the
 * reader uses): little-endian when le is set.  Returns the length in bytes written to out. */
static size_t to_utf16(unsigned char *out, const char *utf8, int le, int bom)
{
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)utf8;
    unsigned u;
    if (bom) {
        out[n++] = le ? 0xFF : 0xFE;
        out[n++] = le ? 0xFE : 0xFF;
    }
    while (*p) {
        if (*p < 0x80)
            u = *p++;
        else if (*p < 0xE0) {
            u = (unsigned)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
            p += 2;
        } else {
            u = (unsigned)(p[0] & 0x0F) << 12 | (unsigned)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
            p += 3;
        }
        out[n++] = (unsigned char)(le ? u & 0xFF : u >> 8);
        out[n++] = (unsigned char)(le ? u >> 8 : u & 0xFF);
    }
    return n;
}

#define VIET "Vi\xE1\xBB\x87t Nam"          /* Việt Nam, precomposed */
#define HANOI "H\xC3\xA0 N\xE1\xBB\x99i"      /* Hà Nội */

static void test_encodings(void **state)
{
    (void)state;
    char got[4096];
    unsigned char u16[512];
    /* UTF-16 with a byte-order mark, both byte orders, tab-separated as Excel's "Unicode text" */
    const char *text = "area\tname\r\nVN\t" VIET "\r\nHN\t" HANOI "\r\n";
    for (int le = 0; le <= 1; le++) {
        size_t n = to_utf16(u16, text, le, 1);
        assert_int_equal(dump_enc(got, sizeof got, (const char *)u16, n, NULL), 0);
        assert_string_equal(got, "@1:area|name\n@2:VN|" VIET "\n@3:HN|" HANOI "\n");
    }
    /* cp1258 (base letters and combining tone marks) when named: Vietnamese comes out precomposed */
    static const char cp[] = "name,city\nVi\xEA\xF2t Nam,H\xE0 N\xF4\xF2i\n";
    assert_int_equal(dump_enc(got, sizeof got, cp, sizeof cp - 1, "cp1258"), 0);
    assert_string_equal(got, "@1:name|city\n@2:" VIET "|" HANOI "\n");
    assert_int_equal(dump_enc(got, sizeof got, cp, sizeof cp - 1, "UTF-8"), CHITIEU_EINVALID); /* as UTF-8 */
    /* undeclared: refused with a guess and the option to use */
    EXPECT_ERROR("name,city\nVi\xEA\xF2t Nam,H\xE0 N\xF4\xF2i\n",
                 "bad.csv:2: invalid UTF-8; the file looks like Vietnamese Windows text (cp1258): load it with "
                 "--encoding cp1258, or save it as UTF-8");
    EXPECT_ERROR("name,note\nCaf\xE9,na\xEFve\n", "looks like Western European Windows text (windows-1252)");
    /* TCVN3 bytes (M\xB7 ch\xD8 ti\xAAu is "Mã chỉ tiêu", T\xE6ng s\xB6n ph\xC8m "Tổng sản phẩm"): the letters of 0xA1-0xBF
     * after a letter tell it from cp1258 and windows-1252, where they are symbols */
    EXPECT_ERROR("M\xB7 ch\xD8 ti\xAAu,T\xAAn\nGRDP,T\xE6ng s\xB6n ph\xC8m\n",
                 "looks like text typed in a TCVN3 (ABC) font such as .VnTime: load it with --encoding tcvn3");
    size_t n = to_utf16(u16, "a,b\n1,2\n", 1, 0);
    expect_error((const char *)u16, n, "NUL byte in input; the file looks like UTF-16 (little-endian) without a "
                                       "byte-order mark: load it with --encoding UTF-16LE");
    n = to_utf16(u16, "a,b\n1,2\n", 0, 0);
    expect_error((const char *)u16, n, "--encoding UTF-16BE");
    /* a byte the named encoding lacks, an unpaired surrogate, an unknown encoding: errors with the line */
    static const char bad1258[] = "a,b\nx,\x81\n";
    assert_int_equal(dump_enc(got, sizeof got, bad1258, sizeof bad1258 - 1, "cp1258"), CHITIEU_EINVALID);
    assert_non_null(strstr(chitieu_error_last(), "e.csv:2: byte 0x81 is not cp1258 text"));
    n = to_utf16(u16, "a,b\nx,", 1, 1);
    memcpy(u16 + n, "\x00\xD8y\x00\n\x00", 6);
    assert_int_equal(dump_enc(got, sizeof got, (const char *)u16, n + 6, NULL), CHITIEU_EINVALID);
    assert_non_null(strstr(chitieu_error_last(), "e.csv:2: "));
    assert_non_null(strstr(chitieu_error_last(), "is not UTF-16LE text"));
    assert_int_equal(dump_enc(got, sizeof got, "a,b\n", 4, "klingon"), CHITIEU_EINVALID);
    assert_non_null(strstr(chitieu_error_last(), "unknown encoding 'klingon'"));
    /* a UTF-8 BOM wins over a named encoding */
    static const char bom8[] = "\xEF\xBB\xBFn\n" HANOI "\n";
    assert_int_equal(dump_enc(got, sizeof got, bom8, sizeof bom8 - 1, "cp1258"), 0);
    assert_string_equal(got, "@1:n\n@2:" HANOI "\n");
}

/* A UTF-16 file of about 140,000 bytes: decoded chunk by chunk, characters cut at the read boundaries. */
static void test_utf16_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/chitieu-csv16-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[512];
    snprintf(path, sizeof path, "%s/u.csv", dir);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    unsigned char u16[256];
    size_t n = to_utf16(u16, "name;value\n", 1, 1);
    fwrite(u16, 1, n, fp);
    int rows = 4000;
    for (int i = 0; i < rows; i++) {
        char line[64];
        snprintf(line, sizeof line, "%s %d;%d,5\n", HANOI, i, i);
        n = to_utf16(u16, line, 1, 0);
        fwrite(u16, 1, n, fp);
    }
    fclose(fp);
    chitieu_csv *c = NULL;
    size_t nf;
    char *const *f;
    assert_int_equal(chitieu_csv_open(&c, path), 0);
    assert_int_equal(chitieu_csv_next(c, &nf, &f), 1);
    assert_int_equal(chitieu_csv_delimiter(c), ';');
    int got = 0, r;
    char want[64];
    while ((r = chitieu_csv_next(c, &nf, &f)) == 1) {
        snprintf(want, sizeof want, "%s %d", HANOI, got);
        assert_int_equal(nf, 2);
        assert_string_equal(f[0], want);
        got++;
    }
    assert_int_equal(r, 0);
    assert_int_equal(got, rows);
    chitieu_csv_free(c);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_endings), cmocka_unit_test(test_quotes_and_blanks),
        cmocka_unit_test(test_quoted_flag),  cmocka_unit_test(test_delimiter),
        cmocka_unit_test(test_errors),       cmocka_unit_test(test_valid_utf8),
        cmocka_unit_test(test_record_too_long), cmocka_unit_test(test_file),
        cmocka_unit_test(test_chunk_boundary), cmocka_unit_test(test_encodings),
        cmocka_unit_test(test_utf16_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
