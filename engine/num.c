/*
 * num.c — parsing numbers and years as statisticians type them (chitieu/num.h).
 *
 * The text is checked character by character against a strict grammar
 * before it is converted, so strtod's locale, hexadecimal and NaN/Inf
 * extensions never apply: [blanks] [sign] digits [sep digits] [e [sign] digits] [blanks].
 * With a decimal comma, dots may group thousands in groups of exactly three.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chitieu/num.h"
#include "internal.h"

/* Longest number text accepted; longer is an error rather than a silent truncation. */
#define NUM_MAX 64

int chitieu_num_parse(double *out, const char *s, int decimal_comma)
{
    char buf[NUM_MAX + 1];
    size_t n = 0;
    const char *p = s;
    const char dec = decimal_comma ? ',' : '.';

    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '\0')
        return chitieu__fail(CHITIEU_EINVALID, "empty number");
    if (*p == '+' || *p == '-')
        buf[n++] = *p++;

    /* Integer part, with optional thousands grouping by '.' under a decimal comma. */
    size_t digits = 0, group = 0;
    int grouped = 0;
    while (isdigit((unsigned char)*p) || (decimal_comma && *p == '.')) {
        if (*p == '.') {
            if (digits == 0 || (grouped && group != 3) || (!grouped && group > 3))
                return chitieu__fail(CHITIEU_EINVALID, "'%s' is not a number (misplaced thousands separator)", s);
            grouped = 1;
            group = 0;
            p++;
            continue;
        }
        if (n >= NUM_MAX)
            return chitieu__fail(CHITIEU_EINVALID, "number too long");
        buf[n++] = *p++;
        digits++;
        group++;
    }
    if (grouped && group != 3)
        return chitieu__fail(CHITIEU_EINVALID, "'%s' is not a number (misplaced thousands separator)", s);
    size_t frac = 0;
    if (*p == dec) {
        p++;
        if (n >= NUM_MAX)
            return chitieu__fail(CHITIEU_EINVALID, "number too long");
        buf[n++] = '.';
        while (isdigit((unsigned char)*p)) {
            if (n >= NUM_MAX)
                return chitieu__fail(CHITIEU_EINVALID, "number too long");
            buf[n++] = *p++;
            frac++;
        }
    }
    if (digits + frac == 0)
        return chitieu__fail(CHITIEU_EINVALID, "'%s' is not a number", s);
    if (*p == 'e' || *p == 'E') {
        if (n + 2 >= NUM_MAX)
            return chitieu__fail(CHITIEU_EINVALID, "number too long");
        buf[n++] = *p++;
        if (*p == '+' || *p == '-')
            buf[n++] = *p++;
        if (!isdigit((unsigned char)*p))
            return chitieu__fail(CHITIEU_EINVALID, "'%s' is not a number (bad exponent)", s);
        while (isdigit((unsigned char)*p)) {
            if (n >= NUM_MAX)
                return chitieu__fail(CHITIEU_EINVALID, "number too long");
            buf[n++] = *p++;
        }
    }
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p != '\0') {
        if (!decimal_comma && *p == ',')
            return chitieu__fail(CHITIEU_EINVALID,
                                 "'%s' is ambiguous: quote it (\"8,5\") or use a semicolon file for a decimal comma", s);
        return chitieu__fail(CHITIEU_EINVALID, "'%s' is not a number", s);
    }
    buf[n] = '\0';
    errno = 0;
    double v = strtod(buf, NULL);
    if (errno == ERANGE && (v == HUGE_VAL || v == -HUGE_VAL))
        return chitieu__fail(CHITIEU_EINVALID, "'%s' is too large", s);
    if (!isfinite(v))
        return chitieu__fail(CHITIEU_EINVALID, "'%s' is too large", s);
    /* Underflow to a denormal or zero is accepted: such a value is 0 for every statistic. */
    *out = v;
    return CHITIEU_OK;
}

int chitieu_num_parse_year(int *out, const char *s)
{
    const char *p = s;
    while (*p == ' ' || *p == '\t')
        p++;
    long y = 0;
    size_t k = 0;
    while (isdigit((unsigned char)*p) && k < 5) {
        y = y * 10 + (*p++ - '0');
        k++;
    }
    while (*p == ' ' || *p == '\t')
        p++;
    if (k == 0 || *p != '\0')
        return chitieu__fail(CHITIEU_EINVALID, "'%s' is not a year", s);
    if (y < CHITIEU_YEAR_MIN || y > CHITIEU_YEAR_MAX)
        return chitieu__fail(CHITIEU_EINVALID, "year %ld is out of range %d-%d", y, CHITIEU_YEAR_MIN,
                             CHITIEU_YEAR_MAX);
    *out = (int)y;
    return CHITIEU_OK;
}
