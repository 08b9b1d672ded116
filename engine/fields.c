/*
 * fields.c — the current row's fields as text, numbers and years (loader.h).
 *
 * Every parse error is recorded against the row's file, line and column
 * and marks the row bad; the row functions then store nothing of it.
 */
#include <math.h>
#include <string.h>

#include "loader.h"

/* Trim blanks in place. */
char *chitieu__trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

/* The text of column c in the current row ("" when the column is absent). A
 * leading "'" guarding a formula character (see cli_csv_field) is removed. */
const char *chitieu__text(chitieu__loader *L, int c)
{
    if (L->idx[c] < 0 || (size_t)L->idx[c] >= L->nf)
        return "";
    char *s = chitieu__trim(L->f[L->idx[c]]);
    if (s[0] == '\'' && s[1] && strchr("=+-@\t\r", s[1]))
        s++;
    return s;
}

/* The first control character in s -- C0 other than tab, CR and LF, DEL, or
 * C1 (U+0080..U+009F as UTF-8) -- or 0 when there is none.  Terminal escapes
 * and invisible bytes are never part of a figure, name or note. */
unsigned chitieu__control_char(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') || *p == 0x7F)
            return *p;
        if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
            return p[1];
    }
    return 0;
}

/* Does s look like digits grouped by dots in threes ("1.234", "12.345.678")? */
static int dot_grouped(const char *s)
{
    if (*s == '+' || *s == '-')
        s++;
    size_t lead = strspn(s, "0123456789");
    if (lead < 1 || lead > 3 || s[lead] != '.')
        return 0;
    s += lead;
    while (*s == '.') {
        if (strspn(s + 1, "0123456789") != 3)
            return 0;
        s += 4;
    }
    return *s == '\0';
}

/* Parse number column c. Returns 1 with *v set, 0 when empty (NAN), -1 after recording an error.
 * A comma is a decimal comma where that is unambiguous: in a semicolon file, or in a quoted field. */
int chitieu__number(chitieu__loader *L, int c, double *v)
{
    *v = NAN;
    const char *s = chitieu__text(L, c);
    if (!*s)
        return 0;
    int has_comma = strchr(s, ',') != NULL;
    if (!has_comma && chitieu_csv_delimiter(L->csv) == ';' && dot_grouped(s)) {
        chitieu__row_error(
            L, c, "'%s' is ambiguous in a semicolon file (thousands or decimals?): write it without the dot", s);
        return -1;
    }
    if (chitieu_num_parse(v, s, has_comma)) {
        chitieu__row_error(L, c, "%s", chitieu_error_last());
        return -1;
    }
    return 1;
}

/* Parse year column c (required unless optional is set). 1 parsed, 0 empty, -1 error. */
int chitieu__year(chitieu__loader *L, int c, int *y, int optional)
{
    *y = 0;
    const char *s = chitieu__text(L, c);
    if (!*s) {
        if (optional)
            return 0;
        chitieu__row_error(L, c, "missing year");
        return -1;
    }
    if (chitieu_num_parse_year(y, s)) {
        chitieu__row_error(L, c, "%s", chitieu_error_last());
        return -1;
    }
    return 1;
}

/* A required text column: records an error when empty. */
const char *chitieu__required(chitieu__loader *L, int c)
{
    const char *s = chitieu__text(L, c);
    if (!*s)
        chitieu__row_error(L, c, "missing %s", chitieu__col_names[c]);
    return s;
}
