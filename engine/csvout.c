/*
 * csvout.c — CSV fields and numbers as chitieu writes them (chitieu/csvout.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chitieu/csvout.h"

static const double p10[10] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

/* Write "-" when neg, the decimal digits of u (at least dec + 1 of them, zero-padded), a point before the last
 * dec of them, into buf; with `trim`, zeros ending the fraction and then a bare point are dropped. */
static void put_decimal(char *buf, int neg, unsigned long long u, int dec, int trim)
{
    char tmp[32];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    while (n < dec + 1)
        tmp[n++] = '0';
    int skip = 0; /* trailing fraction zeros dropped */
    while (trim && skip < dec && tmp[skip] == '0')
        skip++;
    char *q = buf;
    if (neg)
        *q++ = '-';
    for (int i = n - 1; i >= skip; i--) {
        *q++ = tmp[i];
        if (i == dec && i > skip)
            *q++ = '.';
    }
    *q = 0;
}

/* "%.15g" of v without printf when v is the double nearest to a decimal D with at most 9 decimals and
 * 1e-4 <= |D| < 1e15 (so at most 15 significant digits): %.15g rounds v to D, writes it in fixed notation
 * and drops the zeros ending the fraction.  D = x / 10^d where x = v * 10^d is a whole number whose
 * correctly rounded quotient by 10^d is v again.  Returns 0 (nothing written) for other values. */
static int short_decimal(char *buf, double v)
{
    if (!(fabs(v) >= 1e-4 && fabs(v) < 1e15))
        return 0;
    for (int d = 0; d < 10; d++) {
        double x = v * p10[d];
        if (!(fabs(x) < 1e15))
            return 0;
        if (x == nearbyint(x) && x / p10[d] == v) {
            put_decimal(buf, v < 0, (unsigned long long)fabs(x), d, 1);
            return 1;
        }
    }
    return 0;
}

char *chitieu_csvout_fixed(char *buf, double v, int prec)
{
    /* printf rounds the exact v * 10^prec to a whole number, ties to even; here that exact product is x + e
     * (x rounded, e = fma's remainder, exact) and r the whole number nearest x: when |x - r| + |e| stays
     * clearly below one half, r is that rounding.  Otherwise (a near tie, a large value) printf does it. */
    if (prec >= 0 && prec < 10) {
        double x = v * p10[prec];
        if (fabs(x) < 1e15) {
            double r = nearbyint(x), e = fma(v, p10[prec], -x);
            if (fabs(x - r) + fabs(e) < 0.4999) {
                put_decimal(buf, signbit(v) != 0, (unsigned long long)fabs(r), prec, 0);
                return buf;
            }
        }
    }
    snprintf(buf, 32, "%.*f", prec, v);
    return buf;
}

char *chitieu_csvout_number(char *buf, double v)
{
    if (short_decimal(buf, v))
        return buf;
    snprintf(buf, 32, "%.15g", v);
    if (strtod(buf, NULL) != v)
        snprintf(buf, 32, "%.17g", v);
    return buf;
}

void chitieu_csvout_field(FILE *f, const char *s)
{
    if (!s)
        return;
    int guard = s[0] && strchr("=+-@\t\r", s[0]) != NULL;
    int quote = guard || strpbrk(s, ",;\"\r\n") != NULL || s[0] == ' ' || (*s && s[strlen(s) - 1] == ' ');
    if (!quote) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    if (guard)
        fputc('\'', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}
