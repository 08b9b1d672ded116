/*
 * tests/test_num.c — unit tests of number and year parsing (engine/num.c):
 * decimal comma, thousands dots, signs, exponents, rejections with messages.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "chitieu/error.h"
#include "chitieu/num.h"

static void ok(const char *s, int dc, double expect)
{
    double v = -12345;
    int rc = chitieu_num_parse(&v, s, dc);
    if (rc != CHITIEU_OK)
        fail_msg("'%s' (dc=%d) rejected: %s", s, dc, chitieu_error_last());
    if (fabs(v - expect) > fabs(expect) * 1e-15)
        fail_msg("'%s' (dc=%d) gave %.17g, expected %.17g", s, dc, v, expect);
}

static void bad(const char *s, int dc, const char *needle)
{
    double v;
    assert_int_equal(chitieu_num_parse(&v, s, dc), CHITIEU_EINVALID);
    if (!strstr(chitieu_error_last(), needle))
        fail_msg("'%s': message '%s' lacks '%s'", s, chitieu_error_last(), needle);
}

static void test_plain(void **state)
{
    (void)state;
    ok("8.5", 0, 8.5);
    ok("  -3.25 ", 0, -3.25);
    ok("+7", 0, 7);
    ok("1.5e3", 0, 1500);
    ok("2E-2", 0, 0.02);
    ok("\t0\t", 0, 0);
    ok(".5", 0, 0.5);
    ok("1e-400", 0, 0); /* underflow accepted */
}

static void test_decimal_comma(void **state)
{
    (void)state;
    ok("8,5", 1, 8.5);
    ok("1.234,5", 1, 1234.5);
    ok("12.345.678", 1, 12345678);
    ok("-0,25", 1, -0.25);
    ok("1,5e2", 1, 150);
    bad("1.23,5", 1, "misplaced thousands separator");
    bad("1.2345", 1, "misplaced thousands separator");
    bad("8,5", 0, "ambiguous");
    ok("1.000", 1, 1000);       /* under a decimal comma the dot groups thousands */
    ok("1.000", 0, 1);
    ok("123.456.789,0", 1, 123456789);
    ok(" 8,5 ", 1, 8.5);
    bad("1.234.567", 0, "is not a number");
    bad("1.234.56", 1, "misplaced thousands separator");
    bad("1,2,3", 1, "is not a number");
}

static void test_rejected(void **state)
{
    (void)state;
    bad("", 0, "empty number");
    bad("   ", 0, "empty number");
    bad("NaN", 0, "is not a number");
    bad("inf", 0, "is not a number");
    bad("-Infinity", 0, "is not a number");
    bad("0x1A", 0, "is not a number");
    bad("12abc", 0, "is not a number");
    bad("1e", 0, "bad exponent");
    bad("1e999", 0, "'1e999' is too large");
    bad("-1e999", 0, "is too large");
    bad("--1", 0, "is not a number");
    bad("+-1", 0, "is not a number");
    bad("1e+", 0, "bad exponent");
    bad("1 000", 0, "is not a number");
    bad("+", 0, "is not a number");
    ok("1e308", 0, 1e308);
    char big[600];
    memset(big, '1', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    bad(big, 0, "number too long");
}

static void test_years(void **state)
{
    (void)state;
    int y = 0;
    assert_int_equal(chitieu_num_parse_year(&y, "2025"), 0);
    assert_int_equal(y, 2025);
    assert_int_equal(chitieu_num_parse_year(&y, " 1900 "), 0);
    assert_int_equal(y, 1900);
    assert_int_equal(chitieu_num_parse_year(&y, "2100"), 0);
    assert_int_equal(chitieu_num_parse_year(&y, "1899"), CHITIEU_EINVALID);
    assert_non_null(strstr(chitieu_error_last(), "year 1899 is out of range 1900-2100"));
    assert_int_equal(chitieu_num_parse_year(&y, "2101"), CHITIEU_EINVALID);
    assert_int_equal(chitieu_num_parse_year(&y, "2025.5"), CHITIEU_EINVALID);
    assert_non_null(strstr(chitieu_error_last(), "'2025.5' is not a year"));
    assert_int_equal(chitieu_num_parse_year(&y, "abc"), CHITIEU_EINVALID);
    assert_int_equal(chitieu_num_parse_year(&y, ""), CHITIEU_EINVALID);
}

/* Reporting deadlines: MM-DD every year (29 February allowed) or one date; real months and days only. */
static void test_deadline(void **state)
{
    (void)state;
    assert_true(chitieu_num_is_deadline("11-30"));
    assert_true(chitieu_num_is_deadline("02-29"));
    assert_true(chitieu_num_is_deadline("2025-12-15"));
    assert_true(chitieu_num_is_deadline("2024-02-29"));
    assert_false(chitieu_num_is_deadline("2025-02-29"));
    assert_false(chitieu_num_is_deadline("11-31"));
    assert_false(chitieu_num_is_deadline("13-01"));
    assert_false(chitieu_num_is_deadline("30/11"));
    assert_false(chitieu_num_is_deadline("1-30"));
    assert_false(chitieu_num_is_deadline("11-30x"));
    assert_false(chitieu_num_is_deadline(""));
    assert_false(chitieu_num_is_deadline("1899-11-30"));
    /* digits only: sscanf's %d took a sign or a space as part of a month or day */
    assert_false(chitieu_num_is_deadline("+1-30"));
    assert_false(chitieu_num_is_deadline(" 1-30"));
    assert_false(chitieu_num_is_deadline("2025-+1-01"));
    assert_false(chitieu_num_is_deadline("2025-01- 1"));
    assert_false(chitieu_num_is_deadline("+025-01-01"));
}

static void okt(const char *s, unsigned flags, double expect)
{
    double v = -12345;
    if (chitieu_num_parse_text(&v, s, flags) != CHITIEU_OK)
        fail_msg("'%s' (flags %u) rejected: %s", s, flags, chitieu_error_last());
    if (fabs(v - expect) > fabs(expect) * 1e-15)
        fail_msg("'%s' (flags %u) gave %.17g, expected %.17g", s, flags, v, expect);
}

static void badt(const char *s, unsigned flags, const char *needle)
{
    double v;
    assert_int_equal(chitieu_num_parse_text(&v, s, flags), CHITIEU_EINVALID);
    if (!strstr(chitieu_error_last(), needle))
        fail_msg("'%s': message '%s' lacks '%s'", s, chitieu_error_last(), needle);
}

/* Thousands groups where they cannot be decimals, percent signs, and the ambiguous cases refused. */
static void test_as_typed(void **state)
{
    (void)state;
    const unsigned Q = CHITIEU_NUM_COMMA, SEMI = CHITIEU_NUM_COMMA | CHITIEU_NUM_DOTS, PCT = CHITIEU_NUM_PERCENT;
    okt("1.234.567", 0, 1234567);       /* two dot groups: never a decimal */
    okt("1.234.567", SEMI, 1234567);
    okt("1,234,567", Q, 1234567);       /* two comma groups, even where a comma may be decimal */
    okt("-1,234,567.25", 0, -1234567.25);
    okt("1,234.5", Q, 1234.5);          /* comma groups then a decimal point */
    okt("1.234,5", Q, 1234.5);          /* dot groups then a decimal comma */
    okt("1 234 567", 0, 1234567);       /* spaces, no-break spaces */
    okt("1\xC2\xA0" "234,5", Q, 1234.5);
    okt("12\xE2\x80\xAF" "345", 0, 12345);
    okt("1,234", Q, 1.234);             /* one comma group in a quoted field: a decimal comma, as before */
    okt("1.234", 0, 1.234);             /* one dot group in a comma file: a decimal point, as before */
    badt("1.234", SEMI, "'1.234' is ambiguous in a semicolon file");
    badt("1,234", 0, "ambiguous: quote it");
    badt("1,23,456", Q, "not a number");
    badt("12,3456,789", Q, "not a number");
    okt("85%", PCT, 85);
    okt(" 85,5 % ", PCT | Q, 85.5);
    badt("85%", 0, "has a percent sign, but the indicator's unit is not a percentage");
    badt("85%%", PCT, "percent sign");
    okt("8.5", PCT, 8.5);
    okt("1.5E-3", 0, 0.0015);
    badt("", 0, "empty number");
    badt("1 2345", 0, "not a number");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain), cmocka_unit_test(test_decimal_comma),
        cmocka_unit_test(test_rejected), cmocka_unit_test(test_years), cmocka_unit_test(test_deadline), cmocka_unit_test(test_as_typed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
