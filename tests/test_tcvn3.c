/*
 * tests/test_tcvn3.c — unit tests of the TCVN3 (ABC font) reader (engine/tcvn3.c).
 *
 * References: glibc's iconv "TCVN5712-1" (the standard's VN1 table, which VN3 follows on every letter it
 * has), asked at test time for each of the 134 Vietnamese letters written out below as Unicode text, and
 * for every byte; capitals (a capital font, .VnTimeH) against the alphabet's own capitals.  Read by hand, not
 * copied: the 74 pairs of a public TCVN3 converter (github.com/hdbd789/clinic, Helpers/Converter.cs: the 67
 * lower-case letters and Ă Â Đ Ê Ô Ơ Ư) agree with tcvn3.c byte for byte, and XFree86's lcUniConv/tcvn.h puts
 * capitals at 0x01-0x17 and from 0x80 as glibc does (the part read); the words below are from converters'
 * examples (B¶o Th¾ng is Bảo Thắng; Mường Khương is the bytes M AD EA n g, Kh AD AC n g: ư is 0xAD, a soft
 * hyphen in Latin-1).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uninorm.h>

#include "chitieu/tcvn3.h"

/* The 67 lower-case letters with a diacritic, and their capitals in the same order. */
static const char *const lower[] = {
    "à", "ả", "ã", "á", "ạ", "ă", "ằ", "ẳ", "ẵ", "ắ", "ặ", "â", "ầ", "ẩ", "ẫ", "ấ", "ậ", "đ",
    "è", "ẻ", "ẽ", "é", "ẹ", "ê", "ề", "ể", "ễ", "ế", "ệ", "ì", "ỉ", "ĩ", "í", "ị",
    "ò", "ỏ", "õ", "ó", "ọ", "ô", "ồ", "ổ", "ỗ", "ố", "ộ", "ơ", "ờ", "ở", "ỡ", "ớ", "ợ",
    "ù", "ủ", "ũ", "ú", "ụ", "ư", "ừ", "ử", "ữ", "ứ", "ự", "ỳ", "ỷ", "ỹ", "ý", "ỵ"};
static const char *const upper[] = {
    "À", "Ả", "Ã", "Á", "Ạ", "Ă", "Ằ", "Ẳ", "Ẵ", "Ắ", "Ặ", "Â", "Ầ", "Ẩ", "Ẫ", "Ấ", "Ậ", "Đ",
    "È", "Ẻ", "Ẽ", "É", "Ẹ", "Ê", "Ề", "Ể", "Ễ", "Ế", "Ệ", "Ì", "Ỉ", "Ĩ", "Í", "Ị",
    "Ò", "Ỏ", "Õ", "Ó", "Ọ", "Ô", "Ồ", "Ổ", "Ỗ", "Ố", "Ộ", "Ơ", "Ờ", "Ở", "Ỡ", "Ớ", "Ợ",
    "Ù", "Ủ", "Ũ", "Ú", "Ụ", "Ư", "Ừ", "Ử", "Ữ", "Ứ", "Ự", "Ỳ", "Ỷ", "Ỹ", "Ý", "Ỵ"};
#define NLETTERS (sizeof lower / sizeof *lower)

/* glibc's TCVN5712-1 byte for one letter (UTF-8 s); fails the test when it is not one byte. */
static unsigned char glibc_byte(const char *s)
{
    iconv_t cd = iconv_open("TCVN5712-1", "UTF-8");
    assert_true(cd != (iconv_t)-1);
    char in[8], out[8];
    snprintf(in, sizeof in, "%s", s);
    char *ip = in, *op = out;
    size_t il = strlen(in), ol = sizeof out;
    assert_true(iconv(cd, &ip, &il, &op, &ol) != (size_t)-1);
    assert_true(iconv(cd, NULL, NULL, &op, &ol) != (size_t)-1);
    iconv_close(cd);
    assert_int_equal(op - out, 1);
    return (unsigned char)out[0];
}

/* glibc's reading of byte b as TCVN5712-1: its code point, or 0 when it has none. */
static uint32_t glibc_char(unsigned char b)
{
    iconv_t cd = iconv_open("UTF-32BE", "TCVN5712-1");
    assert_true(cd != (iconv_t)-1);
    char in[1] = {(char)b}, out[16];
    char *ip = in, *op = out;
    size_t il = 1, ol = sizeof out;
    size_t r = iconv(cd, &ip, &il, &op, &ol);
    if (r != (size_t)-1)
        r = iconv(cd, NULL, NULL, &op, &ol); /* glibc holds a letter back for a combining mark: flush it */
    iconv_close(cd);
    if (r == (size_t)-1 || op - out != 4)
        return 0;
    const unsigned char *u = (const unsigned char *)out;
    return (uint32_t)u[0] << 24 | (uint32_t)u[1] << 16 | (uint32_t)u[2] << 8 | u[3];
}

/* Byte b as the UTF-8 of U+00bb (how a spreadsheet stores a TCVN3 byte) into s (3 bytes). */
static const char *latin1(char *s, unsigned char b)
{
    if (b < 0x80) {
        s[0] = (char)b;
        s[1] = '\0';
    } else {
        s[0] = (char)(0xC0 | b >> 6);
        s[1] = (char)(0x80 | (b & 0x3F));
        s[2] = '\0';
    }
    return s;
}

/* Read text t (UTF-8) as TCVN3 into a static buffer; fails when refused. */
static const char *read3(const char *t, int up)
{
    static char out[256];
    assert_true(chitieu_tcvn3_read(out, sizeof out, t, strlen(t), up) >= 0);
    return out;
}

/* Every letter: glibc's byte for the lower-case letter reads as that letter; in a capital font, as its
 * capital; and VN3's seven capitals (Ă Â Ê Ô Ơ Ư Đ) read as themselves. */
static void test_every_letter(void **state)
{
    (void)state;
    assert_int_equal(NLETTERS, 67);
    char s[4];
    for (size_t i = 0; i < NLETTERS; i++) {
        unsigned char b = glibc_byte(lower[i]);
        assert_true(b >= 0xA8); /* VN3's range for the lower-case letters */
        assert_string_equal(read3(latin1(s, b), 0), lower[i]);
        assert_string_equal(read3(latin1(s, b), 1), upper[i]);
    }
    static const char *const vn3_capitals[] = {"Ă", "Â", "Ê", "Ô", "Ơ", "Ư", "Đ"};
    for (size_t i = 0; i < 7; i++) {
        unsigned char b = glibc_byte(vn3_capitals[i]);
        assert_int_equal(b, 0xA1 + i);
        assert_string_equal(read3(latin1(s, b), 0), vn3_capitals[i]);
        assert_string_equal(read3(latin1(s, b), 1), vn3_capitals[i]);
    }
    /* the other 60 capitals: where VN1 has them above 0x7F, the same reading; in 0x01-0x17, not read */
    size_t above = 0, control = 0;
    for (size_t i = 0; i < NLETTERS; i++) {
        unsigned char b = glibc_byte(upper[i]);
        if (b >= 0x80) {
            assert_string_equal(read3(latin1(s, b), 0), upper[i]);
            above++;
        } else {
            assert_true(b >= 0x01 && b <= 0x17);
            assert_int_equal(chitieu_tcvn3_char(b), b);
            control++;
        }
    }
    assert_int_equal(above, 55); /* 48 capitals with a tone and the 7 of VN3 */
    assert_int_equal(control, 12);
}

/* The whole table against glibc, byte by byte: the same everywhere but the bytes decided otherwise (tcvn3.c):
 * 0x01-0x17 stay ASCII controls, 0xB0-0xB4 stay ° ± ² ³ ´ (VN1's combining marks). */
static void test_table_against_glibc(void **state)
{
    (void)state;
    size_t differ = 0;
    for (unsigned b = 0; b < 256; b++) {
        uint32_t ours = chitieu_tcvn3_char((unsigned char)b), ref = glibc_char((unsigned char)b);
        if (ours == ref)
            continue;
        differ++;
        if (b < 0x80)
            assert_true(b >= 0x01 && b <= 0x17 && ours == b);
        else {
            assert_true(b >= 0xB0 && b <= 0xB4);
            assert_int_equal(ours, b);
            static const uint32_t marks[] = {0x0300, 0x0309, 0x0303, 0x0301, 0x0323}; /* grave ... dot below */
            assert_int_equal(ref, marks[b - 0xB0]);
        }
    }
    assert_int_equal(differ, 12 + 5);
    for (unsigned b = 0; b < 0x80; b++) /* ASCII is never changed */
        assert_int_equal(chitieu_tcvn3_char((unsigned char)b), b);
}

/* Every reading is NFC: one precomposed letter per byte. */
static void test_nfc(void **state)
{
    (void)state;
    char s[4], out[8];
    for (unsigned b = 0x80; b < 256; b++)
        for (int up = 0; up < 2; up++) {
            latin1(s, (unsigned char)b);
            long n = chitieu_tcvn3_read(out, sizeof out, s, strlen(s), up);
            assert_true(n > 0);
            uint8_t buf[16];
            size_t m = sizeof buf;
            uint8_t *o = u8_normalize(UNINORM_NFC, (const uint8_t *)out, (size_t)n, buf, &m);
            assert_non_null(o);
            assert_int_equal(m, (size_t)n);
            assert_memory_equal(o, out, m);
            if (o != buf)
                free(o);
        }
}

/* Words and sentences, from converters' examples and a statistics heading. */
static void test_words(void **state)
{
    (void)state;
    assert_string_equal(read3("Tæng s¶n phÈm", 0), "Tổng sản phẩm");
    assert_string_equal(read3("M\xC2\xAD\xC3\xAAng Kh\xC2\xAD\xC2\xACng", 0), "Mường Khương");
    assert_string_equal(read3("B¶o Th¾ng", 0), "Bảo Thắng");
    assert_string_equal(read3("B¸t X¸t", 0), "Bát Xát");
    assert_string_equal(read3("M· chØ tiªu", 0), "Mã chỉ tiêu");
    assert_string_equal(read3("§¬n vÞ tÝnh", 0), "Đơn vị tính");
    assert_string_equal(read3("N¨m 2022 (\xC2\xADíc tÝnh)", 0), "Năm 2022 (ước tính)");
    /* a capital font: the lower-case letters shown as capitals, ASCII letters too */
    assert_string_equal(read3("tæng s¶n phÈm", 1), "TỔNG SẢN PHẨM");
    assert_string_equal(read3("b¸o c¸o n¨m 2023", 1), "BÁO CÁO NĂM 2023");
    /* ASCII, figures and separators as they are */
    assert_string_equal(read3("GRDP_G;8.5;1,234", 0), "GRDP_G;8.5;1,234");
    assert_string_equal(read3("", 1), "");
}

/* Unicode text is refused (it is not TCVN3), and a buffer too small is said. */
static void test_refused(void **state)
{
    (void)state;
    char out[64] = "x";
    assert_int_equal(chitieu_tcvn3_read(out, sizeof out, "Tổng", strlen("Tổng"), 0), -1);
    assert_string_equal(out, "");
    assert_int_equal(chitieu_tcvn3_read(out, sizeof out, "\xC3", 1, 0), -1); /* cut UTF-8 */
    const char *t = "Tæng";
    assert_int_equal(chitieu_tcvn3_read(out, 6, t, strlen(t), 0), -2); /* "Tổng" needs 7 bytes with the NUL */
    assert_string_equal(out, "");
    assert_int_equal(chitieu_tcvn3_read(out, 7, t, strlen(t), 0), 6);
    assert_true(CHITIEU_TCVN3_SIZE(strlen(t)) >= 7);
    /* the size bound for the worst case: every character a two-byte one read as three */
    char all[2 * 128 + 1], big[CHITIEU_TCVN3_SIZE(2 * 128)];
    size_t k = 0;
    for (unsigned b = 0x80; b < 256; b++)
        k += strlen(latin1(all + k, (unsigned char)b));
    assert_true(chitieu_tcvn3_read(big, sizeof big, all, k, 1) > 0);
}

static void test_changes(void **state)
{
    (void)state;
    assert_int_equal(chitieu_tcvn3_changes("Tæng", 0), 1);
    assert_int_equal(chitieu_tcvn3_changes("Tổng", 0), 0);     /* Unicode */
    assert_int_equal(chitieu_tcvn3_changes("GRDP 8.5", 0), 0); /* ASCII */
    assert_int_equal(chitieu_tcvn3_changes("tong", 1), 1);     /* a capital font shows TONG */
    assert_int_equal(chitieu_tcvn3_changes("TONG 8", 1), 0);
    assert_int_equal(chitieu_tcvn3_changes("25 °C", 0), 0);    /* ° is kept */
}

static void test_fonts(void **state)
{
    (void)state;
    assert_int_equal(chitieu_tcvn3_font(".VnTime"), CHITIEU_TCVN3_LOWER);
    assert_int_equal(chitieu_tcvn3_font(".VnArial Narrow"), CHITIEU_TCVN3_LOWER);
    assert_int_equal(chitieu_tcvn3_font(".vntime"), CHITIEU_TCVN3_LOWER);
    assert_int_equal(chitieu_tcvn3_font(".VnTimeH"), CHITIEU_TCVN3_UPPER);
    assert_int_equal(chitieu_tcvn3_font(".VnArialH"), CHITIEU_TCVN3_UPPER);
    assert_int_equal(chitieu_tcvn3_font(".VnCentury SchoolbookH "), CHITIEU_TCVN3_UPPER);
    assert_int_equal(chitieu_tcvn3_font("Times New Roman"), CHITIEU_TCVN3_NO);
    assert_int_equal(chitieu_tcvn3_font("VNI-Times"), CHITIEU_TCVN3_NO); /* VNI, another encoding */
    assert_int_equal(chitieu_tcvn3_font("Arial"), CHITIEU_TCVN3_NO);
    assert_int_equal(chitieu_tcvn3_font(".Vn"), CHITIEU_TCVN3_LOWER);
    assert_int_equal(chitieu_tcvn3_font(""), CHITIEU_TCVN3_NO);
    assert_int_equal(chitieu_tcvn3_font(NULL), CHITIEU_TCVN3_NO);
}

static void test_sample(void **state)
{
    (void)state;
    char was[32], reads[48];
    assert_int_equal(chitieu_tcvn3_sample(was, sizeof was, reads, sizeof reads, "1. Tæng s¶n phÈm", 0), 1);
    assert_string_equal(was, "Tæng");
    assert_string_equal(reads, "Tổng");
    assert_int_equal(chitieu_tcvn3_sample(was, sizeof was, reads, sizeof reads, "GRDP tæng", 1), 1);
    assert_string_equal(was, "tæng"); /* a capital font: GRDP reads as itself, not a change */
    assert_string_equal(reads, "TỔNG");
    assert_int_equal(chitieu_tcvn3_sample(was, sizeof was, reads, sizeof reads, "GRDP 8.5", 0), 0);
    assert_string_equal(was, "");
    assert_string_equal(reads, "");
    assert_int_equal(chitieu_tcvn3_sample(was, 4, reads, 4, "Tæng", 0), 1); /* cut at a character */
    assert_string_equal(was, "Tæ");
    assert_string_equal(reads, "T");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_letter), cmocka_unit_test(test_table_against_glibc),
        cmocka_unit_test(test_nfc),          cmocka_unit_test(test_words),
        cmocka_unit_test(test_refused),      cmocka_unit_test(test_changes),
        cmocka_unit_test(test_fonts),        cmocka_unit_test(test_sample),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
