/*
 * fields.c — the current row's fields as text, numbers, years and statuses (loader.h).
 *
 * The values of a row are set by shape.c (L->val, from the file, an option
 * or a year heading).  Every parse error is recorded against the row's file,
 * line (or cell) and column and marks the row bad; the row functions then
 * store nothing of it.  How a number may be written depends on where it came
 * from: a quoted field or a semicolon file allows a decimal comma, a
 * workbook's number cell is its stored value.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chitieu/words.h"
#include "loader.h"

/* Trim blanks in place (the text moves to the start, so s stays the field): spaces, tabs, line breaks (a cell
 * ending with Alt+Enter) and no-break spaces (U+00A0, text pasted from a web page), the blanks chitieu__fold
 * ignores, so that a code read as "GRDP_G\u00A0" is GRDP_G. */
char *chitieu__trim(char *s)
{
    size_t lead = 0, n;
    for (;;)
        if (s[lead] == ' ' || s[lead] == '\t' || s[lead] == '\n' || s[lead] == '\r')
            lead++;
        else if ((unsigned char)s[lead] == 0xC2 && (unsigned char)s[lead + 1] == 0xA0)
            lead += 2;
        else
            break;
    n = strlen(s + lead);
    for (;;)
        if (n && (s[lead + n - 1] == ' ' || s[lead + n - 1] == '\t' || s[lead + n - 1] == '\n' ||
                  s[lead + n - 1] == '\r'))
            n--;
        else if (n >= 2 && (unsigned char)s[lead + n - 2] == 0xC2 && (unsigned char)s[lead + n - 1] == 0xA0)
            n -= 2;
        else
            break;
    if (lead)
        memmove(s, s + lead, n);
    s[n] = '\0';
    return s;
}

/* The text of column c in the current row ("" when there is none). A leading "'"
 * guarding a formula character (see cli_csv_field) is removed. */
const char *chitieu__text(chitieu__loader *L, int c)
{
    const char *s = L->val[c];
    if (!s)
        return "";
    if (s[0] == '\'' && s[1] && strchr("=+-@\t\r", s[1]))
        s++;
    return s;
}

const char *chitieu__col_label(const chitieu__loader *L, int c)
{
    if (c >= NCOL)
        return NULL;
    if (L->ycol && (c == C_VALUE || c == C_YEAR))
        return L->ycol->head;
    return L->lay && L->lay->head[c] ? L->lay->head[c] : chitieu__col_names[c];
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

/* v to the 15 significant digits a spreadsheet keeps (a percentage scaled by 100 loses the binary noise). */
static double digits15(double v)
{
    char b[40];
    snprintf(b, sizeof b, "%.15g", v);
    return strtod(b, NULL);
}

/* Parse number column c. Returns 1 with *v set, 0 when empty (NAN), -1 after recording an error. */
int chitieu__number(chitieu__loader *L, int c, double *v, int pct)
{
    *v = NAN;
    const char *s = chitieu__text(L, c);
    if (!*s)
        return 0;
    unsigned how = L->fld[c] >= 0 ? chitieu_rows_flags(L->src, (size_t)L->fld[c]) : 0;
    if (how & CHITIEU_FIELD_ERROR) {
        chitieu__row_error(L, c, "the cell holds the spreadsheet error %s, not a figure", s);
        return -1;
    }
    if (how & CHITIEU_FIELD_DATE) { /* "8.5" typed where the spreadsheet reads 8 May */
        chitieu__row_error(L, c,
                           "the cell holds a date (%s), not a figure (a spreadsheet may have taken a number typed "
                           "with a dot or slash for a date): format the cell as a number and type the figure again",
                           s);
        return -1;
    }
    unsigned flags = pct == PCT_UNIT || pct == PCT_FRACTION ? CHITIEU_NUM_PERCENT : 0;
    char delim = chitieu_rows_delimiter(L->src);
    if (how & CHITIEU_FIELD_NUMBER)
        flags = 0; /* a number cell: its stored value, decimal point */
    else if (delim == ';' || delim == '\t') /* a comma cannot split the field: it may be decimal */
        flags |= CHITIEU_NUM_COMMA | CHITIEU_NUM_DOTS;
    else if (delim == 0 || L->fld[c] < 0 || (how & CHITIEU_FIELD_QUOTED))
        flags |= CHITIEU_NUM_COMMA; /* a workbook's text cell, an option, a quoted field */
    if (chitieu_num_parse_text(v, s, flags)) {
        chitieu__row_error(L, c, "%s", chitieu_error_last());
        return -1;
    }
    if (pct == PCT_FRACTION && !(how & CHITIEU_FIELD_NUMBER) && strchr(s, '%'))
        *v = digits15(*v / 100); /* "50%" of a share of one or a ratio is 0.5 */
    if ((how & CHITIEU_FIELD_PERCENT) && pct == PCT_NO) {
        chitieu__row_error(L, c,
                           "the cell is formatted as a percentage (it shows %.15g%%), but the unit is not a "
                           "percentage: format the cell as a number",
                           *v * 100);
        return -1;
    }
    if ((how & CHITIEU_FIELD_PERCENT) && pct == PCT_UNIT) {
        /* shown 85%, stored 0.85: the figure is 85 (0.0085 is stored 0.008500000000000001; times 100 it
         * is 0.85) */
        *v = digits15(*v * 100);
    }
    return 1;
}

/* Is s a quarter of a year: "2013 Q1", "2013-Q2", "2013Q3", "Q4 2013"? */
static int is_quarter(const char *s)
{
    if ((s[0] == 'Q' || s[0] == 'q') && s[1] >= '1' && s[1] <= '4' && s[2] == ' ')
        s += 3;
    else if (strspn(s, "0123456789") == 4) {
        s += 4;
        s += strspn(s, " -");
        if (!((s[0] == 'Q' || s[0] == 'q') && s[1] >= '1' && s[1] <= '4' && !s[2]))
            return 0;
        return 1;
    } else
        return 0;
    return strspn(s, "0123456789") == 4 && !s[4];
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
    /* a span of years that starts with its digits ("2015/16") needs no folding: digits and separators fold to
     * themselves; a plain year goes straight to the parser */
    int first, last, span = 0;
    const char *rest;
    if (strnlen(s, 5) == 5 && strspn(s, "0123456789") == 4 && (span = chitieu__year_span(s, &first, &last, &rest)) &&
        *rest)
        span = 0;
    if (span || chitieu_num_parse_year(y, s)) {
        char fs[128], msg[300];
        if (!span && (span = chitieu__year_span(chitieu__fold(fs, sizeof fs, s), &first, &last, &rest)) && *rest)
            span = 0; /* "1990-1994 (baseline)" */
        if (span == 1 && L->o->span_year) { /* a school or financial year, counted as one of its years */
            *y = L->o->span_year == CHITIEU_SPAN_START ? first : last;
            if (!L->span_text) { /* the row's first (a target's year, not its 'from') */
                L->span_text = s;
                L->span_to = *y;
            }
            return 1;
        }
        if (span == 1) {
            chitieu__row_error(L, c, "%s", chitieu__span_advice(msg, sizeof msg, s, first, last));
            return -1;
        }
        if (span == 2) {
            chitieu__row_error(L, c,
                               "'%s' is a period of %d years (%d to %d), not a year: give the figure of each year "
                               "(--span-year reads only a span of two consecutive years)",
                               s, last - first + 1, first, last);
            return -1;
        }
        size_t n = strlen(s), tail = strspn(s + 5, "0123456789");
        unsigned how = L->fld[c] >= 0 ? chitieu_rows_flags(L->src, (size_t)L->fld[c]) : 0;
        if ((how & CHITIEU_FIELD_DATE) || (n == 10 && s[4] == '-' && s[7] == '-' && strspn(s, "0123456789-") == 10))
            chitieu__row_error(L, c, "a date (%s), not a year: type the year as a number", s);
        else if ((n >= 7 && strspn(s, "0123456789") == 4 && (s[4] == '/' || s[4] == '-') && (tail == 2 || tail == 4) &&
                  !(n == 10 && s[7] == '-')) || /* 2021/22, 2002/03-2007/08, 1990-1994 (baseline); not 2021-12-20 */
                 (strspn(s, "0123456789") == 4 && strstr(s, " to "))) /* 2010 to 2011 */
            chitieu__row_error(L, c, "'%s' is a span of years, not a year (give the figure of one year)", s);
        else if (is_quarter(s))
            chitieu__row_error(L, c, "'%s' is a quarter, not a year (give yearly figures)", s);
        else
            chitieu__row_error(L, c, "%s", chitieu_error_last());
        return -1;
    }
    return 1;
}

/* A required text column: records an error when empty. */
const char *chitieu__required(chitieu__loader *L, int c)
{
    const char *s = chitieu__text(L, c);
    int nf = L->lay ? L->lay->name_field : -1;
    const char *row = c == C_INDICATOR && nf >= 0 && (size_t)nf < L->nf ? L->f[nf] : "";
    if (chitieu__control_char(row))
        row = ""; /* never print what the file hides */
    char cut[64]; /* at most 60 bytes of it, whole characters, "…" when cut */
    if (!*s && *row) /* a total or a breakdown ("- Trong đó: nông nghiệp") the catalogue has no code for */
        chitieu__row_error(L, c,
                           "missing indicator for the row '%s': a row of figures needs the catalogue's code (a "
                           "total or a breakdown without one: remove the row, or empty its figures)",
                           chitieu_words_cut(cut, sizeof cut, row, 60));
    else if (!*s)
        chitieu__row_error(L, c, "missing %s", chitieu__col_names[c]);
    return s;
}

/* Statuses in the words of other systems: SDMX observation status codes and Open SDG's
 * "Observation status" texts (matched by prefix, case-insensitively).  'M': a missing figure. */
static const struct {
    const char *word;
    char status;
} status_words[] = {
    {"normal", 'A'},        {"official", 'A'},          {"definition differs", 'A'}, {"undefined", 'A'},
    {"low reliability", 'A'}, {"time series break", 'A'}, {"break", 'A'},            {"estimat", 'E'},
    {"forecast", 'E'},      {"imputed", 'E'},           {"modelled", 'E'},           {"provisional", 'P'},
    {"preliminary", 'P'},   {"missing", 'M'},           {"not available", 'M'},      {"không có", 'M'},
    {"ước", 'E'},           {"sơ bộ", 'P'},             {"chính thức", 'A'},
};

/* One-letter SDMX codes (SDMX cross-domain code list CL_OBS_STATUS); D is chitieu's own mark of a
 * derived value (export --derived), refused by chitieu__status. */
static char sdmx_status(char c)
{
    switch (c) {
    case 'A': case 'B': case 'G': case 'S': case 'T': case 'U': case 'V': return 'A';
    case 'E': case 'F': case 'I': case 'K': case 'N': return 'E';
    case 'P': return 'P';
    case 'M': case 'L': case 'O': case 'Q': case 'W': return 'M';
    default: return 0;
    }
}

char chitieu__status_word(const char *st)
{
    char s = 0, folded[64];
    if (!st[1])
        s = sdmx_status((char)(st[0] >= 'a' && st[0] <= 'z' ? st[0] - 32 : st[0]));
    chitieu__fold(folded, sizeof folded, st);
    for (size_t i = 0; !s && i < sizeof status_words / sizeof *status_words; i++)
        if (strncmp(folded, status_words[i].word, strlen(status_words[i].word)) == 0)
            s = status_words[i].status;
    return s;
}

int chitieu__status(chitieu__loader *L, char *status)
{
    const char *st = chitieu__text(L, C_STATUS);
    *status = 'A';
    if (!*st)
        return 1;
    char s = chitieu__status_word(st);
    if ((st[0] == 'D' || st[0] == 'd') && !st[1]) { /* a row of `export --derived` (not SDMX's D) */
        chitieu__row_error(L, C_STATUS, "status D marks a value chitieu rebuilt or derived; only published "
                           "figures are loaded (A official, P provisional, E estimate)");
        return -1;
    }
    if (!s) {
        chitieu__row_error(L, C_STATUS, "unknown status '%s' (A official, P provisional, E estimate)", st);
        return -1;
    }
    if (s == 'M')
        return 0;
    *status = s;
    return 1;
}
