/*
 * shape.c — each record of a file shaped into the rows of its kind, and the options that shape them
 * (loader.h).
 *
 * The file's layout (header.c) says where each column is, or which option
 * gives it; a record becomes one row, or one per year cell of a wide table
 * (its status from the year's heading when that says so), or none: a wide
 * table's heading or note, or a row left out on purpose.  Those left out are
 * counted as skipped: rows of another code than --indicator/--area, rows not
 * matching --where, and the disaggregated rows of Open SDG and SDMX files (a
 * disaggregation column that is not empty, or under SDMX not a total _T/_Z;
 * an SDMX FREQ other than A).  An Open SDG file must hold one series: a
 * second Series/Units value is an error that says how to choose.  --recode
 * renames the indicator and area codes of a row before they are looked up.
 *
 * A workbook's cell merged down over rows (a code or name over the rows of
 * one indicator) gives its text to every row of the range; a figure merged
 * over several cells is an error naming the range.  A status written beside a
 * figure ("3,0 (ước)", "(sơ bộ) 7,1", "12,5*" with a footnote "* Số liệu ước
 * tính", read in a second pass over the input only when a mark appears) loads
 * the figure with that status; a year heading's mark ("2023*") takes its
 * footnote's status for the column.
 *
 * The shaping options (--map, --recode, --where, --missing) are parsed here
 * once per load; a value is missing when it is empty or one of the markers
 * ("..", "-", "x", ...), compared folded (chitieu__fold: NFC, case folded).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicase.h>
#include <uninorm.h>

#include "chitieu/xlsx.h"
#include "loader.h"

/* --- folding and options --- */

char *chitieu__fold(char *buf, size_t n, const char *s)
{
    char tmp[1024];
    size_t k = 0;
    int blank = 1; /* drop leading blanks; collapse runs to one space */
    for (const unsigned char *p = (const unsigned char *)s; *p && k + 1 < sizeof tmp; p++) {
        int sp = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
        if (p[0] == 0xC2 && p[1] == 0xA0) {
            sp = 1;
            p++;
        }
        if (sp) {
            if (!blank)
                tmp[k++] = ' ';
            blank = 1;
        } else {
            tmp[k++] = (char)*p;
            blank = 0;
        }
    }
    while (k && tmp[k - 1] == ' ')
        k--;
    size_t outlen = n ? n - 1 : 0;
    uint8_t *o = n ? u8_casefold((const uint8_t *)tmp, k, NULL, UNINORM_NFC, (uint8_t *)buf, &outlen) : NULL;
    if (!o) { /* invalid UTF-8 cannot reach here (the sources validate); keep the bytes */
        snprintf(buf, n, "%.*s", (int)k, tmp);
        return buf;
    }
    if (o != (uint8_t *)buf) { /* did not fit: truncate */
        memcpy(buf, o, n - 1);
        outlen = n - 1;
        free(o);
    }
    buf[outlen] = '\0';
    return buf;
}

/* chitieu__fold without Vietnamese marks: decomposed, combining marks U+0300..U+036F dropped, đ as d;
 * returns buf ("Bình Dương" and "binh  duong" both give "binh duong"). */
char *chitieu__bare(char *buf, size_t n, const char *s)
{
    char f[1024];
    chitieu__fold(f, sizeof f, s);
    size_t len = 0;
    uint8_t *d = u8_normalize(UNINORM_NFD, (const uint8_t *)f, strlen(f), NULL, &len);
    size_t k = 0;
    for (size_t i = 0; d && i < len && k + 1 < n; i++) {
        if (i + 1 < len && ((d[i] == 0xCC && d[i + 1] >= 0x80) || (d[i] == 0xCD && d[i + 1] <= 0xAF)))
            i++; /* U+0300..U+036F, two bytes */
        else if (i + 1 < len && d[i] == 0xC4 && d[i + 1] == 0x91)
            buf[k++] = 'd', i++; /* đ (Đ is folded to it) */
        else
            buf[k++] = (char)d[i];
    }
    if (!d)
        snprintf(buf, n, "%s", f);
    else if (n)
        buf[k] = '\0';
    free(d);
    return buf;
}

/* Trimmed copy of s[0..n). */
static char *trimmed(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    char *t = malloc(n + 1);
    if (t) {
        memcpy(t, s, n);
        t[n] = '\0';
    }
    return t;
}

/* Split "a=b,c=d" into pairs (keys folded when fold is set).  CHITIEU_EINVALID naming `opt` when a
 * part has no '='. */
static int pairs(chitieu__pair **out, size_t *n, const char *s, const char *opt, int fold)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    while (s && *s) {
        const char *end = strchr(s, ','), *eq;
        size_t len = end ? (size_t)(end - s) : strlen(s);
        eq = memchr(s, '=', len);
        if (!eq)
            return chitieu__fail(CHITIEU_EINVALID, "%s: '%.*s' is not NAME=VALUE", opt, (int)len, s);
        if (chitieu__grow(out, &cap, *n, sizeof **out))
            return CHITIEU_ENOMEM;
        chitieu__pair *p = &(*out)[(*n)++];
        p->key = trimmed(s, (size_t)(eq - s));
        p->val = trimmed(eq + 1, len - (size_t)(eq - s) - 1);
        p->col = -1;
        if (!p->key || !p->val)
            return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
        if (!*p->key)
            return chitieu__fail(CHITIEU_EINVALID, "%s: '%.*s' has no name before '='", opt, (int)len, s);
        if (fold) {
            char f[256];
            char *k = chitieu__strdup(chitieu__fold(f, sizeof f, p->key));
            if (!k)
                return CHITIEU_ENOMEM;
            free(p->key);
            p->key = k;
        }
        s = end ? end + 1 : NULL;
    }
    return CHITIEU_OK;
}

/* Free n pairs and the array. */
static void pairs_free(chitieu__pair *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(p[i].key);
        free(p[i].val);
    }
    free(p);
}

void chitieu__shaping_clear(chitieu__shaping *sh)
{
    pairs_free(sh->map, sh->nmap);
    pairs_free(sh->recode, sh->nrecode);
    pairs_free(sh->where, sh->nwhere);
    for (size_t i = 0; i < sh->nmissing; i++)
        free(sh->missing[i]);
    free(sh->missing);
    memset(sh, 0, sizeof *sh);
}

int chitieu__shaping_parse(chitieu__shaping *sh, const chitieu_load_opts *o)
{
    memset(sh, 0, sizeof *sh);
    int rc = pairs(&sh->map, &sh->nmap, o->map, "--map", 1);
    for (size_t i = 0; !rc && i < sh->nmap; i++) {
        int c;
        for (c = 0; c < NCOL && strcmp(sh->map[i].val, chitieu__col_names[c]) != 0; c++)
            ;
        if (c == NCOL)
            rc = chitieu__fail(CHITIEU_EINVALID,
                               "--map: '%s' is not a column (indicator, area, year, value, status, "
                               "source, note, code, name, unit, ...)",
                               sh->map[i].val);
        sh->map[i].col = c;
    }
    if (!rc)
        rc = pairs(&sh->recode, &sh->nrecode, o->recode, "--recode", 0);
    if (!rc)
        rc = pairs(&sh->where, &sh->nwhere, o->where, "--where", 1);
    const char *m = o->missing ? o->missing : CHITIEU_LOAD_MISSING_DEFAULT;
    size_t cap = 0;
    while (!rc && *m) {
        const char *end = strchr(m, ',');
        size_t len = end ? (size_t)(end - m) : strlen(m);
        char *t = trimmed(m, len), f[128];
        if (!t || chitieu__grow(&sh->missing, &cap, sh->nmissing, sizeof *sh->missing))
            rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
        else if (*t && !(sh->missing[sh->nmissing++] = chitieu__strdup(chitieu__fold(f, sizeof f, t))))
            rc = CHITIEU_ENOMEM;
        else if (*t) {
            const char *d = *t == '-' || *t == '+' ? t + 1 : t;
            sh->digit_marker |= *d >= '0' && *d <= '9';
        }
        free(t);
        m = end ? end + 1 : "";
    }
    if (rc)
        chitieu__shaping_clear(sh);
    return rc;
}

int chitieu__is_missing(const chitieu__loader *L, const char *s)
{
    if (!*s)
        return 1;
    const char *d = *s == '-' || *s == '+' ? s + 1 : s;
    if (*d >= '0' && *d <= '9' && !L->shaping.digit_marker)
        return 0; /* a number, the common case: no need to fold it */
    char f[128];
    chitieu__fold(f, sizeof f, s);
    for (size_t i = 0; i < L->shaping.nmissing; i++)
        if (strcmp(f, L->shaping.missing[i]) == 0)
            return 1;
    return 0;
}

/* --- records into rows --- */

/* A total in SDMX codes: "_T", "_Z", or a code ending in "_T" ("SEX_T"). */
static int sdmx_total(const char *v)
{
    size_t n = strlen(v);
    return strcmp(v, "_Z") == 0 || (n >= 2 && strcmp(v + n - 2, "_T") == 0);
}

/* The code a --recode gives s, or s. */
static const char *recoded(const chitieu__loader *L, const char *s)
{
    for (size_t i = 0; s && i < L->shaping.nrecode; i++)
        if (strcmp(s, L->shaping.recode[i].key) == 0)
            return L->shaping.recode[i].val;
    return s;
}

/* Is code v (of a file's column k: 0 indicator, 1 area) the one an option asks for?  1 yes, 0 no
 * (counted, and kept for the hint of chitieu__shape_done), -1 out of memory. */
static int selected(chitieu__layout *lay, int k, const char *v, const char *want)
{
    if (strcmp(v, want) == 0) {
        lay->sel_hit[k]++;
        return 1;
    }
    lay->sel_miss[k]++;
    if (!lay->sel_first[k] && !(lay->sel_first[k] = chitieu__strdup(v)))
        return -1;
    lay->sel_varied[k] |= strcmp(v, lay->sel_first[k]) != 0;
    size_t n = strlen(want);
    if (!lay->sel_like[k] && *v && strncasecmp(v, want, n) == 0 && strlen(v) <= n + 2)
        return (lay->sel_like[k] = chitieu__strdup(v)) ? 0 : -1;
    return 0;
}

int chitieu__shape_done(chitieu__loader *L)
{
    const chitieu__layout *lay = L->lay;
    char where[300];
    for (int k = 0; k < 2 && lay->kind == K_OBS; k++) {
        int c = C_INDICATOR + k;
        if (lay->idx[c] < 0 || !lay->konst[c] || lay->sel_hit[k] || !lay->sel_miss[k])
            continue;
        const char *opt = k ? "--area" : "--indicator", *want = lay->konst[c], *first = lay->sel_first[k];
        const char *like = lay->sel_like[k];
        const char *w = L->in->sheet ? chitieu_xlsx_sheet_ref(where, sizeof where, L->in->sheet) : NULL;
        const char *head = lay->head[c] ? lay->head[c] : chitieu__col_names[c];
        size_t n = lay->sel_miss[k];
        int rc;
        if (!lay->sel_varied[k])
            rc = chitieu__file_warn(L, L->in->path, 0, w, head,
                                    "%s %s matches no row: the %zu row%s of the file have '%s'; if that is %s, "
                                    "load them with --recode '%s=%s'",
                                    opt, want, n, n == 1 ? "" : "s", first, want, first, want);
        else if (like)
            rc = chitieu__file_warn(L, L->in->path, 0, w, head,
                                    "%s %s matches no row: %zu rows left out, among them '%s'; if that is %s, "
                                    "load it with --recode '%s=%s'",
                                    opt, want, n, like, want, like, want);
        else
            rc = chitieu__file_warn(L, L->in->path, 0, w, head,
                                    "%s %s matches no row: %zu rows left out, all of other codes ('%s' the first); "
                                    "give the file's code for %s with --recode 'CODE=%s'",
                                    opt, want, n, first, want, want);
        if (rc)
            return rc;
    }
    for (size_t k = 0; k < lay->npicks && !lay->rows_kept; k++) { /* no headline row: which breakdown to load? */
        const chitieu__pick *p = &lay->picks[k];
        if (p->where_key || p->want || !p->miss || !p->head)
            continue;
        const char *col = p->head;
        if (chitieu__file_warn(L, L->in->path, 0, L->in->sheet ? chitieu_xlsx_sheet_ref(where, sizeof where, L->in->sheet)
                                                             : NULL,
                               col, "no headline row (one whose breakdowns are empty): every row has a '%s' ('%s' "
                               "the first); --where '%s=VALUE' loads one breakdown",
                               col, p->other ? p->other : "", col))
            return CHITIEU_ENOMEM;
        break;
    }
    for (size_t k = 0; k < lay->npicks; k++) {
        const chitieu__pick *p = &lay->picks[k];
        if (p->where_key && !p->hit && p->miss &&
            chitieu__file_warn(L, L->in->path, 0, L->in->sheet ? chitieu_xlsx_sheet_ref(where, sizeof where, L->in->sheet)
                                                               : NULL,
                               NULL, "--where '%s=%s' matches no row: %zu row%s left out, of other values ('%s' the first)",
                               p->where_key, p->want, p->miss, p->miss == 1 ? "" : "s", p->other ? p->other : ""))
            return CHITIEU_ENOMEM;
    }
    return CHITIEU_OK;
}

/* Is field i of the layout a figure (a year cell of a wide table, a value, a target's or indicator's
 * number): never filled from a merged range? */
static int value_field(const chitieu__layout *lay, size_t i)
{
    static const int figures[] = {C_VALUE, C_LOW, C_HIGH, C_MIN, C_MAX, C_GOAL, C_SHARE};
    for (size_t k = 0; k < sizeof figures / sizeof *figures; k++)
        if (lay->idx[figures[k]] >= 0 && (size_t)lay->idx[figures[k]] == i)
            return 1;
    for (size_t k = 0; k < lay->nyears; k++)
        if (lay->years[k].field == i)
            return 1;
    return 0;
}

/* A workbook's record with the fields merged down over rows filled from their range's top cell (a code,
 * name or unit merged over the rows of one indicator: only the top cell holds the text): the top cells
 * of this row are remembered, the covered cells below get their text; L->f and L->nf become the filled
 * record.  Figures are never filled (check_field refuses a figure merged over several cells).  A fill
 * kept (its range's last row not passed) covers its cell: the reader refuses overlapping ranges and rows
 * out of order, so the merge list is not asked again for each one.  CHITIEU_OK, or CHITIEU_ENOMEM. */
static int fill_merged(chitieu__loader *L)
{
    chitieu__layout *lay = L->lay;
    unsigned long row = L->line;
    chitieu_xlsx_range m;
    size_t k = 0, n = L->nf;
    for (size_t i = 0; i < lay->nfills; i++) /* ranges above this row are done */
        if (lay->fills[i].row2 >= row)
            lay->fills[k++] = lay->fills[i];
        else
            free(lay->fills[i].text);
    lay->nfills = k;
    for (size_t i = 0; i < L->nf; i++) {
        if (!*L->f[i] || value_field(lay, i) || !chitieu_rows_merged(L->src, i, &m) || m.row1 != row ||
            m.col1 != i || m.row2 == row)
            continue;
        char *t = chitieu__strdup(L->f[i]);
        if (!t || chitieu__grow(&lay->fills, &lay->fill_cap, lay->nfills, sizeof *lay->fills)) {
            free(t);
            return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
        }
        lay->fills[lay->nfills++] = (chitieu__fill){i, m.row1, m.row2, t};
    }
    int any = 0;
    for (size_t i = 0; i < lay->nfills; i++) {
        const chitieu__fill *fl = &lay->fills[i];
        if (fl->row1 < row && (fl->field >= L->nf || !*L->f[fl->field])) { /* its range covers the cell: no other can */
            any = 1;
            if (fl->field >= n)
                n = fl->field + 1;
        }
    }
    if (!any)
        return CHITIEU_OK;
    if (n > lay->filled_cap) {
        char **p = realloc(lay->filled, n * sizeof *p);
        if (!p)
            return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
        lay->filled = p;
        lay->filled_cap = n;
    }
    static char none[1];
    for (size_t i = 0; i < n; i++)
        lay->filled[i] = i < L->nf ? L->f[i] : none;
    for (size_t i = 0; i < lay->nfills; i++) {
        const chitieu__fill *fl = &lay->fills[i];
        if (fl->row1 < row && !*lay->filled[fl->field])
            lay->filled[fl->field] = fl->text;
    }
    L->f = lay->filled;
    L->nf = n;
    return CHITIEU_OK;
}

/* Check the fields the row uses: control characters, formulas saved without a result, a figure merged over
 * several cells (rows or years: which of them would it be?). */
static void check_field(chitieu__loader *L, int c, size_t field)
{
    chitieu_xlsx_range m;
    char ref[32];
    unsigned cc = chitieu__control_char(L->f[field]);
    if (chitieu_rows_merged(L->src, field, &m) && m.row1 == L->line && m.col1 == field &&
        value_field(L->lay, field) && !chitieu__is_missing(L, L->f[field]))
        chitieu__row_error(L, c,
                           "the figure '%s' is merged over %s (%s): a figure belongs to one %s; unmerge the "
                           "cells and type each figure in its own",
                           L->f[field], chitieu_xlsx_range_ref(ref, sizeof ref, &m),
                           m.row2 > m.row1 && m.col2 > m.col1 ? "several rows and columns"
                           : m.row2 > m.row1                  ? "several rows"
                                                              : "several columns",
                           L->lay->nyears ? "area, indicator and year" : "row");
    else if (cc)
        chitieu__row_error(L, c, "control character U+%04X in the text (an escape or invisible byte: remove it)", cc);
    else if (chitieu_rows_flags(L->src, field) & CHITIEU_FIELD_NO_VALUE)
        chitieu__row_error(L, c,
                           "a formula saved without its result: open the file in a spreadsheet program and "
                           "save it again");
}

/* Is the Open SDG series of this row the file's one series?  An error when not. */
static void same_series(chitieu__loader *L)
{
    chitieu__layout *lay = L->lay;
    for (size_t k = 0; k < lay->nident && !L->row_bad; k++) {
        const char *v = lay->ident[k] < L->nf ? L->f[lay->ident[k]] : "";
        if (!lay->ident_val[k]) {
            lay->ident_val[k] = chitieu__strdup(v);
            lay->ident_line = L->line;
        } else if (strcmp(lay->ident_val[k], v) != 0) {
            if (!lay->ident_said++) /* once per file: the others would say the same */
                chitieu__row_error(L, NCOL,
                                   "a second series: %s '%s' here, '%s' on line %lu; load one at a time "
                                   "with --where '%s=...'",
                                   lay->ident_head[k], v, lay->ident_val[k], lay->ident_line, lay->ident_head[k]);
            L->row_bad = 1;
        }
    }
}

/* Is the record a wide table's heading or note: no indicator or area code of its own, no figure? */
static int note_row(chitieu__loader *L)
{
    const chitieu__layout *lay = L->lay;
    if (!lay->nyears)
        return 0;
    for (int c = C_INDICATOR; c <= C_AREA; c++)
        if (lay->idx[c] >= 0 && (size_t)lay->idx[c] < L->nf && *L->f[lay->idx[c]])
            return 0;
    for (size_t k = 0; k < lay->nyears; k++)
        if (lay->years[k].field < L->nf && !chitieu__is_missing(L, L->f[lay->years[k].field]))
            return 0;
    return 1;
}

/* Is figure text v words, not a figure: no digit in it ("(Ký tên, đóng dấu)", "GIÁM ĐỐC"), or the date line of
 * a signature block ("Bình Dương, ngày 15 tháng 01 năm 2024")?  Any other text with a digit may be a figure with
 * its status beside it ("3,0 (ước)", "(sơ bộ) 7,1", "ước 3,0"): it goes to the figure's parser, which loads it or
 * names it as an error -- never a row passed over with a warning. */
static int words_cell(const char *v)
{
    if (!v[strcspn(v, "0123456789")])
        return 1;
    char t[256];
    chitieu__fold(t, sizeof t, v);
    return strstr(t, "ngày") && strstr(t, "tháng");
}

/* Is text v in a code's column words ("Người lập biểu", "Nguồn: Sở Kế hoạch và Đầu tư", a person's name), not a
 * code: a blank between words, and a small letter or a letter beyond ASCII (codes are written "GRDP_G", "VN")? */
static int words_code(const char *v)
{
    if (!strchr(v, ' '))
        return 0;
    for (; *v; v++)
        if ((*v >= 'a' && *v <= 'z') || (unsigned char)*v >= 0x80)
            return 1;
    return 0;
}

/* Is the record of a table of observations words without a code or a figure -- a signature block ("Người lập
 * biểu", "GIÁM ĐỐC", "(Ký tên, đóng dấu)", a name), a source note in the code's column, a note across the year
 * columns -- : its indicator and area cells empty or words, its figure cells (a wide table's years, a long
 * table's year and value) empty, missing markers or words, and words in one of them at least?  1 or 0. */
static int words_row(chitieu__loader *L)
{
    const chitieu__layout *lay = L->lay;
    if (lay->kind != K_OBS || (!lay->nyears && lay->idx[C_VALUE] < 0))
        return 0;
    int words = 0;
    for (int c = C_INDICATOR; c <= C_AREA; c++)
        if (lay->idx[c] >= 0 && (size_t)lay->idx[c] < L->nf && *L->f[lay->idx[c]]) {
            if (!words_code(L->f[lay->idx[c]]))
                return 0;
            words = 1;
        }
    /* the figures: a wide table's year cells, or a long table's year and value */
    size_t n = lay->nyears ? lay->nyears : 2;
    for (size_t k = 0; k < n; k++) {
        int field = lay->nyears ? (int)lay->years[k].field : lay->idx[k ? C_VALUE : C_YEAR];
        const char *v = field >= 0 && (size_t)field < L->nf ? L->f[field] : "";
        if (chitieu__is_missing(L, v))
            continue;
        if (!words_cell(v))
            return 0;
        words = 1;
    }
    return words;
}

/* --- a status written beside a figure --- */

/* The status the folded words of a footnote give: 'E' (ước..., estimat...), 'P' (sơ bộ, provisional,
 * preliminary), or 0 (neither, or both). */
static char note_words(const char *t)
{
    int e = strstr(t, "ước") || strstr(t, "estimat");
    int p = strstr(t, "sơ bộ") || strstr(t, "provisional") || strstr(t, "preliminary");
    return e == p ? 0 : e ? 'E' : 'P';
}

/* Is folded text t a footnote on a mark ("* số liệu ước tính", "(*) sơ bộ", "ghi chú: ** ước tính", "*:
 * estimate", "* điều chỉnh theo tổng điều tra")?  The number of stars of the mark (1 to 3), with *status
 * the status its words give ('E', 'P', or 0 when they give none), or 0 when t is no such note. */
static size_t note_mark(const char *t, char *status)
{
    static const char *const lead[] = {"ghi chú:", "ghi chú", "chú thích:", "chú thích", "notes:", "note:"};
    for (size_t i = 0; i < sizeof lead / sizeof *lead; i++)
        if (strncmp(t, lead[i], strlen(lead[i])) == 0) {
            t += strlen(lead[i]);
            t += strspn(t, " ");
            break;
        }
    int paren = *t == '(';
    t += paren;
    size_t stars = strspn(t, "*");
    if (!stars || stars > 3)
        return 0;
    t += stars;
    if (paren && *t++ != ')')
        return 0;
    t += strspn(t, " :=-");
    *status = note_words(t);
    return *t ? stars : 0;
}

/* The only non-empty field of the current record, or NULL when it has none or more than one. */
static const char *only_field(char *const *f, size_t nf)
{
    const char *only = NULL;
    for (size_t i = 0; i < nf; i++)
        if (*f[i]) {
            if (only)
                return NULL;
            only = f[i];
        }
    return only;
}

/* Is the current record a footnote on a mark (a row whose one cell is "(*) Số liệu ước tính")? */
static int note_row_mark(const chitieu__loader *L)
{
    const char *only = only_field(L->f, L->nf);
    char t[256], st;
    return only && (*only == '*' || *only == '(' || *only == 'G' || *only == 'g' || *only == 'C' || *only == 'c' ||
                    *only == 'N' || *only == 'n') &&
           note_mark(chitieu__fold(t, sizeof t, only), &st);
}

/* Read the footnotes of the input being loaded -- a second pass over its rows, made only when a figure
 * carries a mark: a footnote usually lies below the table -- into lay->note_status.  CHITIEU_OK or the
 * source's error code (with its message). */
static int read_notes(chitieu__loader *L)
{
    chitieu__layout *lay = L->lay;
    lay->notes_read = 1;
    chitieu_rows *src;
    chitieu_rows_opts ro = {L->o->encoding, L->in->sheet, L->in->tcvn3};
    int rc = chitieu_rows_open(&src, L->in->read, L->in->path, &ro);
    size_t nf;
    char *const *f;
    while (!rc && (rc = chitieu_rows_next(src, &nf, &f)) == 1) {
        rc = 0;
        for (size_t i = 0; i < nf; i++)
            chitieu__trim(f[i]);
        const char *only = only_field(f, nf);
        char t[256], st;
        size_t stars = only ? note_mark(chitieu__fold(t, sizeof t, only), &st) : 0;
        if (stars && (!lay->note_status[stars] || (lay->note_status[stars] == '-' && st)))
            lay->note_status[stars] = st ? st : '-'; /* the first note of a mark giving a status says it */
    }
    if (!rc || rc == 1)
        rc = CHITIEU_OK;
    chitieu_rows_free(src);
    return rc;
}

/* The status words a figure may carry, for the messages naming an unknown one. */
#define KNOWN_STATUS_WORDS                                                                                           \
    "known: ước, ước tính, ưth, sơ bộ, chính thức, before or after the figure; or after it: (ước), (e), (sơ bộ), "   \
    "(p)"

/* Does figure text v (starting with a letter) end with a figure ("ước 3,0", "dự báo 3,0")?  1 when a status
 * word the year headings know is before it (chitieu__status_lead: "ước", "ưth", "sơ bộ", "chính thức"...), with
 * the figure in num (n bytes) and *status 'E', 'P' or 'A'; -1 when other words are (an error of the value,
 * recorded); 0 when v is no status and figure (the figure's parser names it). */
static int lead_mark(chitieu__loader *L, const char *v, char *num, size_t n, char *status)
{
    char w[256];
    const char *rest = chitieu__status_lead(chitieu__fold(w, sizeof w, v), status);
    if (rest) {
        if (!*rest || !strchr("0123456789+-.,", *rest) || strpbrk(rest, "()*") || strlen(rest) >= n)
            return 0; /* "ước", "ước 3,0 (sơ bộ)": not one status and a figure */
        memcpy(num, rest, strlen(rest) + 1);
        return 1;
    }
    const char *sp = strrchr(v, ' ');
    if (!sp || sp == v || !strchr("0123456789", sp[1]) || sp[1 + strspn(sp + 1, "0123456789.,")])
        return 0;
    chitieu__row_error(L, C_VALUE,
                       "'%s': unknown status '%.*s' before the figure (" KNOWN_STATUS_WORDS ")", v, (int)(sp - v), v);
    return -1;
}

/* Does figure text v (starting with a figure, ending with a letter) end with a status word ("3,0 ước", "7,1 sơ bộ",
 * "32 ƯTH": the words a year heading may have after its year, chitieu__status_lead)?  1 with the figure in num (n
 * bytes) and *status 'E', 'P' or 'A'; -1 when other words follow the figure (an error of the value, recorded); 0 when
 * v is no figure and words (the figure's parser names it). */
static int tail_mark(chitieu__loader *L, const char *v, char *num, size_t n, char *status)
{
    size_t k = strspn(v, "0123456789+-.,' ");
    while (k && v[k - 1] != ' ') /* the figure ends at a blank: "1 234,5 ước"; "3,0ước" is none */
        k--;
    const char *words = v + k, *rest;
    unsigned char c = (unsigned char)*words;
    if (!k || !strpbrk(v, "0123456789.") || strpbrk(words, "0123456789()*") ||
        !(c >= 0x80 || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')))
        return 0;
    size_t flen = k;
    while (flen && v[flen - 1] == ' ')
        flen--;
    char w[256];
    if ((rest = chitieu__status_lead(chitieu__fold(w, sizeof w, words), status)) && !*rest && flen < n) {
        memcpy(num, v, flen);
        num[flen] = '\0';
        return 1;
    }
    /* "12 triệu" is more often a unit than a status: say how a figure is written too */
    chitieu__row_error(L, C_VALUE,
                       "'%s': unknown status '%s' after the figure (a figure is written alone, in its indicator's "
                       "unit; status words " KNOWN_STATUS_WORDS ")", v, words);
    return -1;
}

/* A status written beside figure text v: "3,0 (ước)", "6.8 (e)", "(sơ bộ) 7,1", "12,5*" or "12,5 (*)" (a
 * mark a footnote of the file explains).  1 with the figure's own text in num (n bytes) and *status 'E', 'P'
 * or 'A'; 0 when v has no mark (or no figure beside it: the figure is read as written); -1 when the mark says
 * no status (recorded as an error of the value), or the footnotes cannot be read (negative code in *fatal). */
static int value_mark(chitieu__loader *L, const char *v, char *num, size_t n, char *status, int *fatal)
{
    size_t len = strlen(v), flen, wlen, stars;
    const char *fig, *word;
    if (len < 2)
        return 0;
    unsigned char c0 = (unsigned char)v[0];
    if (c0 >= 0x80 || ((c0 | 0x20) >= 'a' && (c0 | 0x20) <= 'z')) /* "ước 3,0", "sơ bộ 7,1": a word first */
        return lead_mark(L, v, num, n, status);
    if (v[0] == '(') { /* "(sơ bộ) 7,1"; "(3,0)", a negative in accounting form, has no figure after it */
        const char *close = strchr(v, ')');
        if (!close)
            return 0;
        word = v;
        wlen = (size_t)(close - v) + 1;
        fig = close + 1;
        flen = len - wlen;
    } else if (v[len - 1] == ')') { /* "3,0 (ước)", "12,5 (*)" */
        const char *open = strrchr(v, '(');
        if (!open)
            return 0;
        word = open;
        wlen = (size_t)(v + len - open);
        fig = v;
        flen = (size_t)(open - v);
    } else if (v[len - 1] == '*') { /* "12,5*" */
        wlen = 0;
        while (wlen < len && v[len - 1 - wlen] == '*')
            wlen++;
        word = v + len - wlen;
        fig = v;
        flen = len - wlen;
    } else if ((unsigned char)v[len - 1] >= 0x80 || ((v[len - 1] | 0x20) >= 'a' && (v[len - 1] | 0x20) <= 'z'))
        return tail_mark(L, v, num, n, status); /* "3,0 ước", "7,1 sơ bộ" */
    else
        return 0;
    while (flen && (*fig == ' ' || *fig == '\t')) {
        fig++;
        flen--;
    }
    while (flen && (fig[flen - 1] == ' ' || fig[flen - 1] == '\t'))
        flen--;
    if (!flen || flen >= n || !strchr("0123456789+-.,", *fig))
        return 0;
    memcpy(num, fig, flen);
    num[flen] = '\0';
    stars = chitieu__stars_mark(word, wlen); /* "12,5*", "12,5 (**)", "(*) 7,1" */
    if (stars) {
        if (!L->lay->notes_read && (*fatal = read_notes(L)))
            return -1;
        if (stars <= 3 && L->lay->note_status[stars] && L->lay->note_status[stars] != '-') {
            *status = L->lay->note_status[stars];
            return 1;
        }
        if (stars <= 3 && L->lay->note_status[stars] == '-')
            chitieu__row_error(L, C_VALUE,
                               "the figure '%s' carries the mark '%.*s', whose footnote gives no status (say 'ước "
                               "tính' or 'sơ bộ' in it, or remove the mark)",
                               v, (int)wlen, word);
        else
            chitieu__row_error(L, C_VALUE,
                               "the figure '%s' carries the mark '%.*s', which no footnote of the file explains (a "
                               "row '%.*s Số liệu ước tính' or '%.*s Số liệu sơ bộ' below the table): add the "
                               "footnote, or remove the mark",
                               v, (int)wlen, word, (int)wlen, word, (int)wlen, word);
        return -1;
    }
    char w[128];
    char copy[128];
    snprintf(copy, sizeof copy, "%.*s", (int)(wlen < sizeof copy ? wlen : sizeof copy - 1), word);
    if (chitieu__status_mark(chitieu__fold(w, sizeof w, copy), status))
        return 1;
    chitieu__row_error(L, C_VALUE,
                       "'%s': unknown status '%.*s' beside the figure (known: (ước), (e), (sơ bộ), (p), (chính "
                       "thức), or a mark such as * that a footnote of the file explains)",
                       v, (int)wlen, word);
    return -1;
}

/* Count a figure whose year was a span of two years (L->span_text, counted as L->span_to): in the report,
 * and for the input's batch note, which names the first. */
static void span_counted(chitieu__loader *L)
{
    L->r->span_years++;
    if (!L->in_spans++) {
        snprintf(L->span_first, sizeof L->span_first, "%s", L->span_text);
        L->span_first_to = L->ycol ? atoi(L->ycol->year) : L->span_to; /* a wide table's heading, or the cell */
    }
}

/* Pass the current row to its kind's row function; an observation whose value carries its status ("3,0
 * (ước)") is passed with the figure alone and that status, and counted.  `heading` is the status of a wide
 * table's year heading (0: none), `status` the row's status text (column or option; may be NULL).  A mark
 * that contradicts the heading or the status column is an error. */
static int figure_row(chitieu__loader *L, int (*row)(chitieu__loader *), char heading, const char *status)
{
    char num[128], mark = 0;
    int fatal = 0;
    int m = L->lay->kind == K_OBS && L->val[C_VALUE] ? value_mark(L, L->val[C_VALUE], num, sizeof num, &mark, &fatal)
                                                     : 0;
    if (fatal)
        return fatal == CHITIEU_EINVALID ? chitieu__source_error(L, L->in->path) : fatal;
    if (m < 0)
        return CHITIEU_OK;
    if (m) {
        static const char *const name[] = {"official (A)", "provisional (P)", "an estimate (E)", "missing"};
        const char *kinds = "APEM";
        char said = !heading && status && *status ? chitieu__status_word(status) : 0;
        if (said && said != mark) { /* the row's own status: two words of one figure disagree */
            chitieu__row_error(L, C_VALUE, "the figure '%s' is marked %s, but its status says %s", L->val[C_VALUE],
                               name[strchr(kinds, mark) - kinds],
                               strchr(kinds, said) ? name[strchr(kinds, said) - kinds] : "another status");
            return CHITIEU_OK;
        }
        if (heading && heading != mark && !L->lay->cell_over_heading++) { /* the cell is the more specific */
            int rc = chitieu__row_warn(L, C_VALUE,
                                       "the figure '%s' is marked %s %s says %s: stored as its cell says, and the "
                                       "figures like it after it",
                                       L->val[C_VALUE], name[strchr(kinds, mark) - kinds],
                                       L->ycol ? "under a heading that" : "in a row whose year cell",
                                       name[strchr(kinds, heading) - kinds]);
            if (rc)
                return rc;
        }
        L->val[C_VALUE] = num;
        L->val[C_STATUS] = mark == 'E' ? "E" : mark == 'P' ? "P" : "A";
        L->fld[C_STATUS] = L->fld[C_VALUE];
    }
    size_t kept = chitieu__figures_kept(L);
    int rc = row(L);
    if (!rc)
        rc = chitieu__hidden_figure(L, kept);
    if (!rc && m && !L->row_bad && !chitieu__is_missing(L, num))
        L->r->status_in_value++; /* a figure stored (or unchanged) with it: ".. (ước)" is none */
    if (!rc && L->span_text && !L->row_bad && !(L->val[C_VALUE] && chitieu__is_missing(L, L->val[C_VALUE])))
        span_counted(L); /* a figure stored or unchanged (a missing one's year is not even read) */
    return rc;
}

/* Pass the current row of a long table of observations to row: its year cell typed as a number whose number format
 * shows a status (2023 formatted `0" (ước)"`) gives its figure that status as a wide table's year heading would
 * (over the status column; the figure's own mark is the more specific); a year cell showing words that are no status
 * ("2023 (KH)") passes the row over, said in one warning per file, as such a heading's column is. */
static int year_cell_row(chitieu__loader *L, int (*row)(chitieu__loader *))
{
    char shown[256], ys;
    size_t yf = (size_t)L->fld[C_YEAR];
    int r = chitieu__shown_year(L->src, yf, L->val[C_YEAR], shown, sizeof shown, &ys);
    if (r < 0) {
        L->r->year_words++; /* not skipped: nothing was asked to leave it out */
        if (L->lay->year_words++)
            return CHITIEU_OK;
        return chitieu__row_warn(L, C_YEAR,
                                 "the year cell shows '%s' (its number format's words), which names no status: the "
                                 "row is passed over, not loaded as an official figure, and the rows like it after "
                                 "it (a status: `0\" (ước)\"`, `0\" (sơ bộ)\"`; a plan's figures belong in a "
                                 "targets file)",
                                 shown)
                   ? CHITIEU_ENOMEM
                   : CHITIEU_OK;
    }
    if (!ys)
        return figure_row(L, row, 0, L->val[C_STATUS]);
    const char *status = L->val[C_STATUS];
    L->val[C_STATUS] = ys == 'E' ? "E" : "P";
    L->fld[C_STATUS] = (int)yf;
    return figure_row(L, row, ys, status);
}

int chitieu__shape_record(chitieu__loader *L)
{
    chitieu__layout *lay = L->lay;
    char *const *f = L->f;
    size_t nf = L->nf;
    L->row_bad = 0;
    L->bad_col = NCOL;
    L->ycol = NULL;
    L->span_text = NULL;
    for (int c = 0; c < NCOL; c++) { /* nothing of the previous record is left for the messages */
        L->val[c] = NULL;
        L->fld[c] = -1;
    }
    size_t merges;
    int mrc = chitieu_rows_merges(L->src, &merges); /* read with the first record; an error is said once */
    if (mrc)
        return mrc == CHITIEU_EINVALID ? chitieu__source_error(L, L->in->path) : mrc;
    if (merges) {
        int rc = fill_merged(L);
        if (rc)
            return rc;
        f = L->f;
        nf = L->nf;
    }
    if (lay->kind == K_OBS && note_row_mark(L))
        return CHITIEU_OK; /* a footnote: "(*) Số liệu ước tính" */
    if (words_row(L)) { /* a signature block below the report, a note written across the years */
        if (lay->text_rows++)
            return CHITIEU_OK;
        const char *first = "";
        for (size_t i = 0; i < L->nf && !*first; i++)
            first = L->f[i];
        return chitieu__row_warn(L, NCOL,
                                 "a row of words without a code or a figure ('%s': a signature block, a note): "
                                 "passed over, and the rows like it after it",
                                 first) ? CHITIEU_ENOMEM : CHITIEU_OK;
    }
    if (chitieu_rows_delimiter(L->src)) { /* a text file: every row has the header's fields */
        if (nf < lay->header_fields && note_row(L))
            return CHITIEU_OK; /* a wide table's note: "Data from database: ...", "Last Updated: ..." */
        if (nf < lay->header_fields)
            return chitieu__row_error(L, NCOL, "the row has %zu fields; the header has %zu", nf, lay->header_fields);
        for (size_t i = lay->header_fields; i < nf; i++)
            if (*f[i])
                return chitieu__row_error(L, NCOL,
                                          "the row has more fields than the header (a decimal comma in a "
                                          "comma file must be quoted: \"8,5\")");
    }
    int left_out = 0;
    for (size_t k = 0; k < lay->npicks; k++) { /* every pick, so each --where counts its rows */
        chitieu__pick *p = &lay->picks[k];
        const char *v = p->field < nf ? f[p->field] : "";
        int out = p->want ? strcmp(v, p->want) != 0 : *v && !(lay->sdmx && sdmx_total(v));
        if (p->where_key && !out)
            p->hit++;
        else if ((p->where_key || (out && !p->want)) && !p->miss++ && !(p->other = chitieu__strdup(v)))
            return CHITIEU_ENOMEM;
        left_out |= out;
    }
    lay->rows_kept += !left_out;
    if (left_out) {
        L->r->skipped++;
        return CHITIEU_OK;
    }
    for (size_t k = 0; k < lay->nused; k++) {
        int c = lay->used[k];
        L->fld[c] = lay->idx[c];
        L->val[c] = lay->idx[c] < 0 ? lay->konst[c] : (size_t)lay->idx[c] < nf ? f[lay->idx[c]] : "";
        if (lay->idx[c] >= 0 && lay->konst[c] && !*L->val[c] && (c == C_STATUS || c == C_SOURCE)) {
            L->val[c] = lay->konst[c];
            L->fld[c] = -1;
        }
    }
    if (lay->kind == K_OBS || lay->kind == K_TARGETS) {
        static const int keys[] = {C_INDICATOR, C_AREA, C_VERSUS, C_VERSUS_AREA};
        for (size_t k = 0; k < sizeof keys / sizeof *keys && L->shaping.nrecode; k++)
            L->val[keys[k]] = recoded(L, L->val[keys[k]]);
    }
    if (lay->kind == K_OBS) {
        int other = 0;
        for (int c = C_INDICATOR; c <= C_AREA; c++)
            if (lay->idx[c] >= 0 && lay->konst[c]) {
                int rc = selected(lay, c - C_INDICATOR, L->val[c], lay->konst[c]);
                if (rc < 0)
                    return CHITIEU_ENOMEM;
                other |= !rc;
            }
        if (other) {
            L->r->skipped++; /* another indicator or area than the one asked for */
            return CHITIEU_OK;
        }
    }
    same_series(L);
    for (size_t k = 0; k < lay->nused && !L->row_bad; k++) {
        int c = lay->used[k];
        if (L->fld[c] >= 0 && (size_t)L->fld[c] < nf)
            check_field(L, c, (size_t)L->fld[c]);
    }
    for (size_t k = 0; k < lay->nyears && !L->row_bad; k++)
        if (lay->years[k].field < nf) {
            L->ycol = &lay->years[k];
            L->fld[C_VALUE] = (int)lay->years[k].field; /* the message names the cell */
            check_field(L, C_VALUE, lay->years[k].field);
        }
    L->ycol = NULL;
    if (lay->nyears)
        L->fld[C_VALUE] = -1;
    if (L->row_bad)
        return CHITIEU_OK;
    int (*row)(chitieu__loader *) = chitieu__kinds[lay->kind].row;
    if (!lay->nyears && lay->kind == K_OBS && L->fld[C_YEAR] >= 0 && (size_t)L->fld[C_YEAR] < nf)
        return year_cell_row(L, row);
    if (!lay->nyears)
        return figure_row(L, row, 0, L->val[C_STATUS]);
    if (note_row(L))
        return CHITIEU_OK;
    const char *status = L->val[C_STATUS];
    int status_fld = L->fld[C_STATUS];
    for (size_t k = 0; k < lay->nyears; k++) {
        const chitieu__yearcol *y = &lay->years[k];
        char hs = y->status; /* the heading's status, or its footnote's ("2023*" with "* Số liệu ước tính") */
        if (!hs && y->stars && y->stars <= 3) {
            int rc = lay->notes_read ? CHITIEU_OK : read_notes(L);
            if (rc)
                return rc == CHITIEU_EINVALID ? chitieu__source_error(L, L->in->path) : rc;
            hs = lay->note_status[y->stars] == '-' ? 0 : lay->note_status[y->stars]; /* a note, no status */
        }
        L->ycol = y;
        L->val[C_YEAR] = y->year;
        L->val[C_VALUE] = y->field < nf ? f[y->field] : "";
        L->fld[C_YEAR] = L->fld[C_VALUE] = (int)y->field;
        L->val[C_STATUS] = hs == 'E' ? "E" : hs == 'P' ? "P" : status;
        L->fld[C_STATUS] = hs ? (int)y->field : status_fld;
        L->row_bad = 0;
        L->bad_col = NCOL;
        L->span_text = y->span ? y->head : NULL; /* its year is y->year (span_counted reads it once) */
        L->span_to = 0;
        int rc = figure_row(L, row, hs, status);
        if (rc)
            return rc;
        if (L->row_bad && (L->bad_col == C_INDICATOR || L->bad_col == C_AREA))
            break; /* said once for the row, not for each of its years */
    }
    L->ycol = NULL;
    return CHITIEU_OK;
}
