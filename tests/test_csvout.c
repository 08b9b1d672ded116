/*
 * tests/test_csvout.c — unit tests of the numbers chitieu writes (engine/csvout.c): chitieu_csvout_fixed
 * against the C library's "%.*f" and chitieu_csvout_number against "%.15g" / "%.17g" (the reference:
 * glibc's printf, exact decimal conversion), byte for byte, over values of the kinds the commands write
 * (decimals read from files, projections, paces), ties, values that round to 0 and limits; hand-written
 * expectations for the ties.  All values are synthetic.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chitieu/csvout.h"

static unsigned long long rs = 0x2545F4914F6CDD1DULL;

/* A uniform double in [0, 1) (xorshift). */
static double unif(void)
{
    rs ^= rs << 13;
    rs ^= rs >> 7;
    rs ^= rs << 17;
    return (double)(rs >> 11) / 9007199254740992.0;
}

/* The i-th test value: decimals with 0-9 places (as loaded from CSV), arbitrary doubles over many
 * magnitudes, halves and near-halves of the last place kept, small values that round to 0, both signs. */
static double value(long i)
{
    double sign = unif() < 0.3 ? -1 : 1, m = pow(10, floor(unif() * 24) - 9);
    switch (i % 6) {
    case 0: { /* a decimal with d places: v = k / 10^d */
        int d = (int)(unif() * 10);
        return sign * floor(unif() * 1e7) / pow(10, d);
    }
    case 1: return sign * unif() * m;
    case 2: return sign * (floor(unif() * 1e6) + 0.5) / 1e4; /* a tie at 4 places when exact: x.xxxx5 */
    case 3: return sign * (floor(unif() * 1e6) + 0.5 + (unif() - 0.5) * 1e-9) / 1e4; /* near one */
    case 4: return sign * unif() * 1e-5; /* rounds to 0 at 4 places */
    default: return sign * unif() * 1e12;
    }
}

static void test_fixed_matches_printf(void **state)
{
    (void)state;
    char a[32], b[32];
    long n = 0;
    for (long i = 0; i < 600000; i++) {
        double v = value(i);
        int prec = i % 11 == 0 ? (int)(unif() * 10) : 4; /* the commands write 4 places */
        chitieu_csvout_fixed(a, v, prec);
        snprintf(b, sizeof b, "%.*f", prec, v);
        if (strcmp(a, b) != 0) fail_msg("%.17g at %d places: %s, printf %s", v, prec, a, b);
        n++;
    }
    assert_int_equal(n, 600000);
    static const double odd[] = {0.0, -0.0, 1e15, -1e15, 99999999999.99995, 1e300, -1e-300, 5e-324, NAN, INFINITY,
                                 -INFINITY, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 123456789.00005};
    for (size_t i = 0; i < sizeof odd / sizeof *odd; i++)
        for (int prec = 0; prec < 12; prec++) {
            chitieu_csvout_fixed(a, odd[i], prec);
            snprintf(b, sizeof b, "%.*f", prec, odd[i]);
            if (strcmp(a, b) != 0) fail_msg("%.17g at %d places: %s, printf %s", odd[i], prec, a, b);
        }
    /* by hand: exact binary ties go to the even digit; 0.1 is a little above 1/10 */
    assert_string_equal(chitieu_csvout_fixed(a, 2.5, 0), "2");
    assert_string_equal(chitieu_csvout_fixed(a, 0.125, 2), "0.12");
    assert_string_equal(chitieu_csvout_fixed(a, 0.375, 2), "0.38");
    assert_string_equal(chitieu_csvout_fixed(a, -0.00001, 4), "-0.0000");
    assert_string_equal(chitieu_csvout_fixed(a, 57.12345, 4), "57.1234"); /* the double is 57.12344999...: down */
    assert_string_equal(chitieu_csvout_fixed(a, 1.00005, 4), "1.0001"); /* 1.0000500000000001055...: up */
    assert_string_equal(chitieu_csvout_fixed(a, 1.23455, 4), "1.2346"); /* 1.2345500000000000362...: up */
    assert_string_equal(chitieu_csvout_fixed(a, 3, 0), "3");
}

static void test_number_matches_printf(void **state)
{
    (void)state;
    char a[32], b[32];
    long n = 0;
    for (long i = 0; i < 600000; i++) {
        double v = value(i);
        chitieu_csvout_number(a, v);
        snprintf(b, sizeof b, "%.15g", v);
        if (strtod(b, NULL) != v) snprintf(b, sizeof b, "%.17g", v);
        if (strcmp(a, b) != 0) fail_msg("%.17g: %s, printf %s", v, a, b);
        n++;
    }
    assert_int_equal(n, 600000);
    static const double odd[] = {0.0, -0.0, 1e-4, 9.9999e-5, 0.0001234, 1e15, 999999999999999.0, 123456789012345.6,
                                 0.1, 0.3, 1.0 / 3, 1e22, 1e-310, 100, 2e9, -7.25, 4503599627370497.0};
    for (size_t i = 0; i < sizeof odd / sizeof *odd; i++) {
        chitieu_csvout_number(a, odd[i]);
        snprintf(b, sizeof b, "%.15g", odd[i]);
        if (strtod(b, NULL) != odd[i]) snprintf(b, sizeof b, "%.17g", odd[i]);
        if (strcmp(a, b) != 0) fail_msg("%.17g: %s, printf %s", odd[i], a, b);
    }
    /* by hand */
    assert_string_equal(chitieu_csvout_number(a, 57.23), "57.23");
    assert_string_equal(chitieu_csvout_number(a, -1200), "-1200");
    assert_string_equal(chitieu_csvout_number(a, 0.0005), "0.0005");
    assert_string_equal(chitieu_csvout_number(a, 0.1 + 0.2), "0.30000000000000004");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed_matches_printf),
        cmocka_unit_test(test_number_matches_printf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
