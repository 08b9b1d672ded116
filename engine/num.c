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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chitieu/areas.h"
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
                                 "'%s' is ambiguous: quote it (\"8,5\") or use a semicolon file for a decimal comma",
                                 s);
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

/* Length of the blank (space, tab, no-break space U+00A0 or U+202F) at s, 0 if none. */
static size_t blank_len(const char *s)
{
    if (*s == ' ' || *s == '\t')
        return 1;
    if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
        return 2;
    if ((unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0xAF)
        return 3;
    return 0;
}

/* If s (after an optional sign) is digits in groups of three separated by `sep` -- at
 * least `min_groups` separators -- optionally followed by one of `decs` and digits, write it
 * to buf as plain "digits[.digits]" and return 1; else 0. */
static int grouped(char *buf, size_t cap, const char *s, const char *sep, int min_groups, const char *decs)
{
    size_t n = 0, seplen = strlen(sep);
    if (*s == '+' || *s == '-')
        buf[n++] = *s++;
    size_t lead = strspn(s, "0123456789");
    if (lead < 1 || lead > 3 || lead + n >= cap)
        return 0;
    memcpy(buf + n, s, lead);
    n += lead;
    s += lead;
    int groups = 0;
    while (strncmp(s, sep, seplen) == 0 && strspn(s + seplen, "0123456789") == 3) {
        if (n + 3 >= cap)
            return 0;
        memcpy(buf + n, s + seplen, 3);
        n += 3;
        s += seplen + 3;
        groups++;
    }
    if (groups == 0)
        return 0;
    if (*s && strchr(decs, *s) && isdigit((unsigned char)s[1])) {
        size_t frac = strspn(s + 1, "0123456789");
        if (n + frac + 1 >= cap)
            return 0;
        buf[n++] = '.';
        memcpy(buf + n, s + 1, frac);
        n += frac;
        s += 1 + frac;
        groups = min_groups; /* a decimal part after groups settles what the groups are */
    }
    if (*s || groups < min_groups)
        return 0;
    buf[n] = '\0';
    return 1;
}

int chitieu_num_parse_text(double *out, const char *s, unsigned flags)
{
    char t[NUM_MAX + 1], plain[NUM_MAX + 1];
    const char *p = s;
    size_t b;
    while ((b = blank_len(p)))
        p += b;
    size_t n = strlen(p);
    if (n > NUM_MAX)
        return chitieu__fail(CHITIEU_EINVALID, "number too long");
    memcpy(t, p, n + 1);
    /* trailing blanks (the no-break ones too), then a percent sign */
    for (;;) {
        if (n && (t[n - 1] == ' ' || t[n - 1] == '\t'))
            t[--n] = '\0';
        else if (n >= 2 && (unsigned char)t[n - 2] == 0xC2 && (unsigned char)t[n - 1] == 0xA0)
            t[n -= 2] = '\0';
        else if (n >= 3 && (unsigned char)t[n - 3] == 0xE2 && (unsigned char)t[n - 2] == 0x80 &&
                 (unsigned char)t[n - 1] == 0xAF)
            t[n -= 3] = '\0';
        else if (n && t[n - 1] == '%' && (flags & CHITIEU_NUM_PERCENT) && n > 1 && t[n - 2] != '%')
            t[--n] = '\0';
        else
            break;
    }
    if (n && t[n - 1] == '%')
        return chitieu__fail(CHITIEU_EINVALID, "'%s' has a percent sign, but the indicator's unit is not a percentage",
                             s);
    /* the common case, a plain decimal ("8.5", "-12", "1.5e3"): no group to look for */
    const char *dot = strchr(t, '.');
    if (!(flags & CHITIEU_NUM_DOTS) && !strpbrk(t, ", \xC2\xE2") && (!dot || !strchr(dot + 1, '.')))
        return chitieu_num_parse(out, t, 0);
    if (grouped(plain, sizeof plain, t, ",", 2, ".") || grouped(plain, sizeof plain, t, ".", 2, ",") ||
        grouped(plain, sizeof plain, t, " ", 1, (flags & CHITIEU_NUM_COMMA) ? ".," : ".") ||
        grouped(plain, sizeof plain, t, "\xC2\xA0", 1, (flags & CHITIEU_NUM_COMMA) ? ".," : ".") ||
        grouped(plain, sizeof plain, t, "\xE2\x80\xAF", 1, (flags & CHITIEU_NUM_COMMA) ? ".," : "."))
        return chitieu_num_parse(out, plain, 0);
    int has_comma = strchr(t, ',') != NULL;
    if (!has_comma && (flags & CHITIEU_NUM_DOTS) && grouped(plain, sizeof plain, t, ".", 1, ""))
        return chitieu__fail(CHITIEU_EINVALID,
                             "'%s' is ambiguous in a semicolon file (thousands or decimals?): write it without the dot",
                             s);
    return chitieu_num_parse(out, t, has_comma && (flags & CHITIEU_NUM_COMMA));
}

/* "MM-DD" or "YYYY-MM-DD" with a real month and day. */
int chitieu_num_is_deadline(const char *s)
{
    /* one date rule (chitieu_areas_parse_date); MM-DD is a day of the leap year 2000, so 02-29 passes */
    char date[11];
    size_t n = strlen(s);
    if (n == 5)
        snprintf(date, sizeof date, "2000-%s", s);
    else if (n == 10)
        memcpy(date, s, sizeof date);
    else
        return 0;
    int day;
    return chitieu_areas_parse_date(&day, date) == CHITIEU_OK;
}

/* Order of two doubles for qsort. */
static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double chitieu__median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

double chitieu__select_kth(double *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        double pivot = v[lo + (hi - lo) / 2];
        size_t a = lo, b = hi;
        while (a <= b) {
            while (v[a] < pivot) a++;
            while (v[b] > pivot) b--;
            if (a <= b) {
                double t = v[a]; v[a] = v[b]; v[b] = t;
                a++;
                if (b == 0) break;
                b--;
            }
        }
        if (k <= b) hi = b;
        else if (k >= a) lo = a;
        else return v[k];
    }
    return v[k];
}
