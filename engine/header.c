/*
 * header.c — finding and reading a file's header: its layout (loader.h).
 *
 * The header is the first record (of the first 30) that names every column a
 * kind requires; records above it are title rows and are skipped (when no
 * record does, the one that comes closest is taken, for its messages).  A
 * header may lie on two rows, as government tables have it: names merged down
 * over both rows, and years in the lower one under a group heading merged
 * across them ("Ước thực hiện" over 2021 and 2022: estimates; "Kế hoạch" over
 * 2023: a plan's year, no figures) -- in a workbook as far as the heading is
 * merged, in text over the empty cells after it.
 * Header names are compared folded -- trimmed, blanks collapsed, Unicode NFC,
 * case folded -- against, in turn: the names given by --map, the columns'
 * own names, and the names of known exports (World Bank bulk CSV, SDMX-CSV,
 * Open SDG; a few Vietnamese headings).  An observations header without year
 * and value columns whose other columns are years ("2016", "Năm 2016",
 * "2017 (ước)", "2018 (sơ bộ)", "2016 [YR2016]") is a wide table: one figure
 * per year cell, its status from the heading when it says so.  Options give
 * the columns a file lacks (--indicator, --area, --status, --source).
 *
 * The layout also names the fields a row must match to be loaded (its picks):
 * the column of each --where, and the disaggregation columns of Open SDG and
 * SDMX files (and SDMX's FREQ); the Open SDG columns naming the file's one
 * series.  Rows are then shaped by shape.c, which applies the picks.
 * Unknown columns are warned about once, here, at the header's line.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chitieu/tcvn3.h"
#include "chitieu/xlsx.h"
#include "loader.h"

#define HEADER_SCAN 30 /* records searched for the header */
#define B COLBIT

/* --- header names --- */

enum { ANY, SDMX_ONLY };

/* Names of known exports and Vietnamese tables for a column (folded). */
static const struct {
    const char *name;
    int col, when;
} aliases[] = {
    {"country code", C_AREA, ANY}, /* World Bank bulk CSV */
    {"indicator code", C_INDICATOR, ANY},
    {"series code", C_INDICATOR, ANY}, /* World Bank DataBank download (Data_Extract_From_...csv, .xlsx) */
    {"ref_area", C_AREA, ANY}, /* SDMX-CSV */
    {"time_period", C_YEAR, ANY},
    {"obs_value", C_VALUE, ANY},
    {"obs_status", C_STATUS, ANY},
    {"series", C_INDICATOR, SDMX_ONLY},
    {"obs_comment", C_NOTE, SDMX_ONLY},
    {"comment_obs", C_NOTE, SDMX_ONLY},
    {"observation status", C_STATUS, ANY}, /* Open SDG */
    {"năm", C_YEAR, ANY}, /* Vietnamese tables */
    {"giá trị", C_VALUE, ANY},
    {"mã chỉ tiêu", C_INDICATOR, ANY},
    {"mã địa bàn", C_AREA, ANY},
    {"trạng thái", C_STATUS, ANY},
    {"nguồn", C_SOURCE, ANY},
    {"nguồn số liệu", C_SOURCE, ANY},
    {"ghi chú", C_NOTE, ANY},
};

/* Columns of known exports that carry nothing a figure needs: neither a warning nor a disaggregation. */
static const char *const known[] = {
    "country name",   "indicator name", "dataflow",     "structure",    "structure_id",
    "structure_name", "action",         "unit_measure", "unit_mult",    "decimals",
    "time_format",    "obs_conf",       "units",        "unit measure", "unit multiplier",
    "geocode",        "comment",        "series",       "series name",  "stt",          "tt",
    "chỉ tiêu",       "tên chỉ tiêu",   "đơn vị tính",  "đvt",          "đơn vị",
};

/* Open SDG columns that name the series (one value per file). */
static const char *const series_names[] = {"series", "units", "unit measure"};

/* Columns of the indicators and areas catalogue that describe an observation row (a reporting form's
 * name, unit and bounds, the area's name, reference years ref_2021...): read by people, ignored here
 * without a warning. */
static int describes_row(const char *h)
{
    static const char *const names[] = {"name", "name_en", "unit", "min", "max", "goal", "agency", "area_name"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(h, names[i]) == 0)
            return 1;
    return strncmp(h, "ref_", 4) == 0 && strspn(h + 4, "0123456789") == 4 && !h[8];
}

/* Is s one of the n strings of list? */
static int in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, list[i]) == 0)
            return 1;
    return 0;
}

/* Does a folded text start with word w, followed by the end or a blank?  Returns what follows, or NULL. */
static const char *word(const char *s, const char *w)
{
    size_t n = strlen(w);
    if (strncmp(s, w, n) != 0 || (s[n] && s[n] != ' '))
        return NULL;
    return s[n] ? s + n + 1 : s + n;
}

/* Does a folded group heading name a plan or a target (kế hoạch, mục tiêu, dự kiến...): its years hold
 * no figures? */
static int plan_words(const char *h)
{
    static const char *const w[] = {"kế hoạch", "kh", "mục tiêu", "chỉ tiêu", "dự kiến", "dự toán", "plan", "target"};
    for (size_t i = 0; i < sizeof w / sizeof *w; i++)
        if (word(h, w[i]))
            return 1;
    return strstr(h, "(kh)") || strstr(h, "(kế hoạch)"); /* after the year: "2025 (KH)" */
}

/* A word of a heading and the status it gives ('E' estimate, 'P' provisional, 0 official). */
struct heading_word {
    const char *w;
    char status;
};

/* The status marks written after a year (or beside a figure), folded. */
static const struct heading_word suffixes[] = {
    {"(ước)", 'E'},         {"(ước tính)", 'E'}, {"(ước th)", 'E'},  {"(ước thực hiện)", 'E'},
    {"(ưth)", 'E'},         {"(e)", 'E'},        {"(est.)", 'E'},    {"(estimate)", 'E'},
    {"(sơ bộ)", 'P'},       {"(sb)", 'P'},       {"(p)", 'P'},       {"(prel.)", 'P'},
    {"(provisional)", 'P'}, {"(chính thức)", 0}, {"(thực hiện)", 0},   {"(dự ước)", 'E'},
};

/* The status words written before a year ("Ước thực hiện 2023") or a figure ("ước 3,0"), folded, a longer
 * word before the word it starts with. */
static const struct heading_word leads[] = {
    {"ước thực hiện", 'E'}, {"ước tính", 'E'}, {"ước th", 'E'}, {"ước", 'E'},  {"ưth", 'E'},        {"uth", 'E'},
    {"sơ bộ", 'P'},         {"thực hiện", 0},  {"th", 0},       {"chính thức", 0},
    {"dự ước thực hiện", 'E'}, {"dự ước", 'E'}, /* "Dự ước năm 2025": a report's estimate of the year not yet over */
};

const char *chitieu__status_lead(const char *folded, char *status)
{
    for (size_t i = 0; i < sizeof leads / sizeof *leads; i++) {
        const char *rest = word(folded, leads[i].w);
        if (rest) {
            *status = leads[i].status ? leads[i].status : 'A';
            return rest;
        }
    }
    return NULL;
}

int chitieu__status_mark(const char *folded, char *status)
{
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++)
        if (strcmp(folded, suffixes[i].w) == 0) {
            *status = suffixes[i].status ? suffixes[i].status : 'A';
            return 1;
        }
    return 0;
}

size_t chitieu__stars_mark(const char *p, size_t len)
{
    size_t paren = len && *p == '(', n = 0;
    while (paren + n < len && p[paren + n] == '*')
        n++;
    if (!n || paren + n + paren != len || (paren && p[len - 1] != ')'))
        return 0;
    return n;
}

/* The four digits at p as a number (the caller checked them). */
static int digits4(const char *p)
{
    return (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
}

/* A year 1900..2100 written alone (four digits, no digit either side) in the text h, else 0. */
static int year_in_words(const char *h)
{
    for (const char *p = h; *p; p++)
        if ((p == h || !isdigit((unsigned char)p[-1])) && isdigit((unsigned char)p[0]) &&
            isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]) &&
            !isdigit((unsigned char)p[4]) && digits4(p) >= CHITIEU_YEAR_MIN && digits4(p) <= CHITIEU_YEAR_MAX)
            return digits4(p);
    return 0;
}

/* The words that name a school or financial year before its years, folded. */
static const char *const span_leads[] = {"năm học",       "nh",             "fy",         "school year",
                                         "academic year", "financial year", "fiscal year"};

int chitieu__year_span(const char *h, int *first, int *last, const char **rest)
{
    const char *p = h;
    for (size_t i = 0; (*p < '0' || *p > '9') && i < sizeof span_leads / sizeof *span_leads; i++) {
        const char *r = word(p, span_leads[i]);
        if (r) {
            p = r;
            break;
        }
    }
    if (strspn(p, "0123456789") != 4)
        return 0;
    int a = digits4(p), b;
    p += 4;
    p += strspn(p, " ");
    if (*p == '-' || *p == '/')
        p++;
    else if (strncmp(p, "\u2013", 3) == 0 || strncmp(p, "\u2014", 3) == 0) /* en and em dash */
        p += 3;
    else
        return 0;
    p += strspn(p, " ");
    size_t nd = strspn(p, "0123456789");
    if (nd == 4)
        b = digits4(p);
    else if (nd == 2) { /* 2022/23; 1999/00 */
        b = a - a % 100 + (p[0] - '0') * 10 + (p[1] - '0');
        if (b <= a && b + 100 == a + 1)
            b += 100;
    } else
        return 0;
    p += nd;
    if (*p == '-' || *p == '/' || b <= a || a < CHITIEU_YEAR_MIN || b > CHITIEU_YEAR_MAX)
        return 0; /* 2021-12-20 (a date), 2022-12 (a month), 2002/03-2007/08 (spans of spans) */
    *first = a;
    *last = b;
    *rest = p;
    return b == a + 1 ? 1 : 2;
}

/* What may follow the year of a heading (p, after it): nothing, a DataBank "[YR2016]" of that year, a
 * footnote's mark "*" (its stars go to *stars), or a status mark ("(ước)", or a status word alone: "ưth", "sơ
 * bộ"; it sets *status unless it says official).  1 when p is one of them, else 0. */
static int year_tail(const char *p, const char *year, char *status, size_t *stars)
{
    while (*p == ' ')
        p++;
    if (!*p)
        return 1;
    char yr[16];
    snprintf(yr, sizeof yr, "[yr%s]", year); /* World Bank DataBank: "2016 [YR2016]" */
    if (strcmp(p, yr) == 0)
        return 1;
    char mark;
    size_t k = chitieu__stars_mark(p, strlen(p));
    if (k && k <= 3) { /* "2016*": a footnote's mark (its footnote may give the year's status: shape.c) */
        *stars = k;
        return 1;
    }
    const char *rest;
    if (chitieu__status_mark(p, &mark) || ((rest = chitieu__status_lead(p, &mark)) && !*rest)) {
        if (mark != 'A') /* "2023 (ước)"; "2023 ƯTH", "2023 sơ bộ": the words before a year, after it */
            *status = mark;
        return 1;
    }
    return 0;
}

char *chitieu__span_advice(char *buf, size_t n, const char *text, int first, int last)
{
    snprintf(buf, n,
             "'%s' is a span of years (a school or financial year), not a year: give --span-year end to count "
             "'%s' as %d, or --span-year start to count it as %d",
             text, text, last, first);
    return buf;
}

/* Is folded text p, after a heading's prefix words, a span of two consecutive years with an allowed tail?
 * 1 with year (the last of the two) and *span set, else 0. */
static int span_heading(const char *p, char year[8], char *status, int *span, size_t *stars)
{
    int a, b;
    const char *rest;
    if (chitieu__year_span(p, &a, &b, &rest) != 1)
        return 0;
    snprintf(year, 8, "%d", b % 10000); /* a year of CHITIEU_YEAR_MIN..MAX */
    if (!year_tail(rest, "", status, stars))
        return 0;
    *span = 1;
    return 1;
}

/* Is folded text p a school or financial year named by one year ("năm học 2021", "fy 2021 (ước)", a group
 * heading "Năm học" joined to the year under it)?  1 with year (that year, as written) and *span 2: which two
 * years it spans is unknown (2020-2021 or 2021-2022), the caller refuses it.  Else 0. */
static int span_one_year(const char *p, char year[8], char *status, int *span, size_t *stars)
{
    for (size_t i = 0; i < sizeof span_leads / sizeof *span_leads; i++) {
        const char *r = word(p, span_leads[i]);
        if (!r || strspn(r, "0123456789") != 4)
            continue;
        memcpy(year, r, 4);
        year[4] = '\0';
        int y = atoi(year);
        if (y < CHITIEU_YEAR_MIN || y > CHITIEU_YEAR_MAX || !year_tail(r + 4, year, status, stars))
            return 0;
        *span = 2;
        return 1;
    }
    return 0;
}

/* Is a folded heading a year of figures?  Sets year and status ('E' estimate, 'P' provisional, 0), and
 * *stars to the stars of a footnote's mark after the year ("2023*": 1; else 0).  A school or financial year
 * ("2022-2023", "năm học 2022-2023", "ước thực hiện 2022/23") is one with *span 1 and year its last year
 * (the caller picks the year --span-year says); one named by one year ("năm học 2021") one with *span 2
 * (span_one_year); a period (2016-2020) is none. */
static int year_heading(const char *h, char year[8], char *status, int *span, size_t *stars)
{
    *status = 0;
    *span = 0;
    *stars = 0;
    if (span_heading(h, year, status, span, stars) || span_one_year(h, year, status, span, stars))
        return 1;
    const char *p = h, *rest;
    /* prefix words: "năm", "year", or a status word optionally followed by "năm" */
    int nam_first = !!(rest = word(p, "năm"));
    if (rest || (rest = word(p, "year")) || (rest = chitieu__status_lead(p, status))) {
        if (*status == 'A')
            *status = 0;
        p = rest;
        if (span_heading(p, year, status, span, stars))
            return 1;
        const char *nam = nam_first ? NULL : word(p, "năm");
        if (nam)
            p = nam;
    }
    if (strspn(p, "0123456789") != 4)
        return 0;
    memcpy(year, p, 4);
    year[4] = '\0';
    int y = atoi(year);
    if (y < CHITIEU_YEAR_MIN || y > CHITIEU_YEAR_MAX)
        return 0;
    return year_tail(p + 4, year, status, stars);
}

/* The column a folded header name gives under the options and the file's dialect, or -1. */
static int column_of(const chitieu__loader *L, const char *h, int sdmx)
{
    for (size_t i = 0; i < L->shaping.nmap; i++)
        if (strcmp(h, L->shaping.map[i].key) == 0)
            return L->shaping.map[i].col;
    for (int c = 0; c < NCOL; c++)
        if (strcmp(h, chitieu__col_names[c]) == 0)
            return c;
    for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
        if (strcmp(h, aliases[i].name) == 0 && (aliases[i].when == ANY || sdmx))
            return aliases[i].col;
    return -1;
}

void chitieu__layout_clear(chitieu__layout *lay)
{
    for (int c = 0; c < NCOL; c++)
        free(lay->head[c]);
    for (size_t i = 0; i < lay->nyears; i++)
        free(lay->years[i].head);
    free(lay->years);
    for (size_t i = 0; i < lay->npicks; i++) {
        free(lay->picks[i].want);
        free(lay->picks[i].other);
        free(lay->picks[i].head);
    }
    free(lay->picks);
    for (size_t i = 0; i < lay->nident; i++) {
        free(lay->ident_val[i]);
        free(lay->ident_head[i]);
    }
    for (int k = 0; k < 2; k++) {
        free(lay->sel_first[k]);
        free(lay->sel_like[k]);
    }
    for (size_t i = 0; i < lay->nfills; i++)
        free(lay->fills[i].text);
    free(lay->fills);
    free(lay->filled);
    memset(lay, 0, sizeof *lay);
}

/* The option values of the observations columns they may give. */
static void option_columns(const chitieu_load_opts *o, const char *konst[NCOL])
{
    for (int c = 0; c < NCOL; c++)
        konst[c] = NULL;
    konst[C_INDICATOR] = o->indicator && *o->indicator ? o->indicator : NULL;
    konst[C_AREA] = o->area && *o->area ? o->area : NULL;
    konst[C_STATUS] = o->status && *o->status ? o->status : NULL;
    konst[C_SOURCE] = o->source && *o->source ? o->source : NULL;
}

/* "a" or "an" before a kind's name ("an observations file"). */
static const char *article(const char *name)
{
    return strchr("aeiou", name[0]) ? "an" : "a";
}

/* Does folded heading h end with a period of years ("2016-2020", "giai đoạn 2016-2020", "bình quân
 * 2016-20")?  1 with its first and last year, else 0. */
static int period_heading(const char *h, int *first, int *last)
{
    const char *rest;
    for (const char *p = h; *p; p++)
        if (*p >= '0' && *p <= '9' && (p == h || p[-1] == ' ') && chitieu__year_span(p, first, last, &rest) == 2 &&
            !*rest)
            return 1;
    return 0;
}

/* A workbook cell as a place ('Sheet'!E4: column col, 0-based, of row `row`) into buf, or NULL for a text file. */
static const char *cell_ref(char *buf, size_t n, const char *sheet, size_t col, unsigned long row)
{
    if (!sheet)
        return NULL;
    char s[256], c[8];
    snprintf(buf, n, "%s!%s%lu", chitieu_xlsx_sheet_ref(s, sizeof s, sheet), chitieu_xlsx_column(c, col), row);
    return buf;
}

/* Match record f as a header into lay (which it resets).  Returns how well it covers the required
 * columns of its best kind (1: all); with `report`, errors and warnings are recorded at `line`. */
/* A heading as messages and batch notes quote it, on one line: a cell wrapped in a spreadsheet ("Mã\nchỉ tiêu",
 * "Ước TH\nnăm 2023") has its line breaks, tabs and no-break spaces as one blank each run.  A new string, or
 * NULL when out of memory. */
static char *heading_dup(const char *s)
{
    char *d = malloc(strlen(s) + 1);
    if (!d)
        return NULL;
    size_t k = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        int nbsp = p[0] == 0xC2 && p[1] == 0xA0;
        if (nbsp || *p == '\n' || *p == '\r' || *p == '\t') {
            p += nbsp;
            if (k && d[k - 1] != ' ')
                d[k++] = ' ';
        } else if (*p != ' ' || (k && d[k - 1] != ' '))
            d[k++] = (char)*p;
    }
    while (k && d[k - 1] == ' ')
        k--;
    d[k] = '\0';
    return d;
}

static double match(chitieu__loader *L, chitieu__layout *lay, char *const *f, size_t nf, const chitieu__infile *in,
                    unsigned long line, const char *where, int report)
{
    chitieu__layout_clear(lay);
    for (int c = 0; c < NCOL; c++)
        lay->idx[c] = -1;
    lay->name_field = -1;
    lay->header_fields = nf;
    char h[256];
    for (size_t i = 0; i < nf && !lay->sdmx; i++)
        lay->sdmx = strcmp(chitieu__fold(h, sizeof h, f[i]), "time_period") == 0 || strcmp(h, "obs_value") == 0;
    colset have = 0;
    int ok = 1;
    unsigned char *other = calloc(nf ? nf : 1, 1); /* 1: a field no column takes */
    if (!other)
        return -1;
    for (size_t i = 0; i < nf; i++) {
        chitieu__fold(h, sizeof h, f[i]);
        if (!*h)
            continue; /* a trailing separator, an empty cell */
        int c = column_of(L, h, lay->sdmx);
        if (c < 0) {
            other[i] = 1;
            continue;
        }
        if (have & B(c)) {
            char first[256];
            if (report && strcmp(chitieu__fold(first, sizeof first, f[lay->idx[c]]), h) == 0)
                chitieu__file_error(L, in->path, line, where, f[i], "column '%s' appears twice in the header", f[i]);
            else if (report)
                chitieu__file_error(L, in->path, line, where, chitieu__col_names[c],
                                    "columns '%s' and '%s' both give %s", f[lay->idx[c]], f[i], chitieu__col_names[c]);
            ok = 0;
            continue;
        }
        have |= B(c);
        lay->idx[c] = (int)i;
        char own[64];
        if (strcmp(h, chitieu__fold(own, sizeof own, chitieu__col_names[c])) != 0 && !lay->head[c] &&
            !(lay->head[c] = heading_dup(f[i]))) {
            free(other);
            return -1; /* out of memory: messages would print a NULL heading */
        }
    }
    /* a wide table: year columns where the file has neither year nor value */
    size_t ycap = 0;
    if (!(have & (B(C_YEAR) | B(C_VALUE))))
        for (size_t i = 0; i < nf; i++) {
            char year[8], status;
            size_t stars;
            int span;
            if (!other[i] || !year_heading(chitieu__fold(h, sizeof h, f[i]), year, &status, &span, &stars))
                continue;
            if (span == 1 && L->o->span_year == CHITIEU_SPAN_START)
                snprintf(year, sizeof year, "%d", (atoi(year) - 1) % 10000); /* 2022-2023 is 2022 */
            if (chitieu__grow(&lay->years, &ycap, lay->nyears, sizeof *lay->years)) {
                free(other);
                return -1;
            }
            chitieu__yearcol *y = &lay->years[lay->nyears++];
            y->field = i;
            memcpy(y->year, year, sizeof y->year);
            y->status = status;
            y->stars = (unsigned char)stars;
            y->span = span;
            if (!(y->head = heading_dup(f[i]))) {
                free(other);
                return -1;
            }
            other[i] = 0;
        }
    /* the kind whose required columns are best covered; ties go to the more specific (later) kind */
    const char *konst[NCOL];
    option_columns(L->o, konst);
    colset given = 0;
    for (int c = 0; c < NCOL; c++)
        if (konst[c])
            given |= B(c);
    int best = -1;
    double best_score = 0;
    for (int k = 0; k < NKIND; k++) {
        colset req = chitieu__kinds[k].required, got = have;
        /* a lone year heading with no column of the file ("Năm 2020" under a title) is not a header */
        if (k == K_OBS && (lay->nyears > 1 || (lay->nyears == 1 && have)))
            got |= given | B(C_YEAR) | B(C_VALUE);
        else if (k == K_OBS)
            got |= given;
        double score = (double)__builtin_popcountll(got & req) / __builtin_popcountll(req);
        if (score >= best_score && score > 0.5) {
            best = k;
            best_score = score;
        }
    }
    if (best < 0 || !report) {
        free(other);
        lay->kind = best < 0 ? NKIND : (enum kind)best;
        return best < 0 ? 0 : best_score;
    }
    lay->kind = (enum kind)best;
    const chitieu__kind *kd = &chitieu__kinds[best];
    if (best == K_OBS)
        for (int c = 0; c < NCOL; c++)
            lay->konst[c] = konst[c];
    colset all = have | (best == K_OBS ? given : 0) | (lay->nyears ? B(C_YEAR) | B(C_VALUE) : 0);
    for (int c = 0; c < NCOL; c++)
        if ((kd->required & B(c)) && !(all & B(c))) {
            chitieu__file_error(L, in->path, line, where, chitieu__col_names[c],
                                "missing column '%s' (%s %s file needs it%s)", chitieu__col_names[c], article(kd->name), kd->name,
                                best == K_OBS && (c == C_INDICATOR || c == C_AREA)
                                    ? "; or give it with --indicator, --area or --map"
                                    : "");
            ok = 0;
        }
    for (size_t k = 0; k < lay->nyears && L->o->span_year; k++) /* a school year read as a year already there */
        for (size_t j = 0; j < k; j++)
            if ((lay->years[k].span == 1 || lay->years[j].span == 1) &&
                strcmp(lay->years[k].year, lay->years[j].year) == 0) {
                chitieu__file_error(L, in->path, line, where, lay->years[k].head,
                                    "headings '%s' and '%s' both give %s under --span-year %s: keep one of them",
                                    lay->years[j].head, lay->years[k].head, lay->years[k].year,
                                    L->o->span_year == CHITIEU_SPAN_START ? "start" : "end");
                ok = 0;
                break;
            }
    for (size_t k = 0; k < lay->nyears; k++) /* a school year by one year: which span?  No option can say */
        if (lay->years[k].span == 2) {
            char cell[300];
            int y = atoi(lay->years[k].year);
            const char *at = cell_ref(cell, sizeof cell, in->sheet, lay->years[k].field, line);
            chitieu__file_error(L, in->path, line, at ? at : where, lay->years[k].head,
                                "'%s' names a school or financial year by one year: is it %d-%d or %d-%d? "
                                "Write each in full ('%d-%d') and give --span-year end or start; if the years are "
                                "calendar years, remove the school-year heading",
                                lay->years[k].head, y, y + 1, y - 1, y, y, y + 1);
            ok = 0;
        }
    for (size_t k = 0; k < lay->nyears && !L->o->span_year; k++) /* a school year: which of its two? */
        if (lay->years[k].span == 1) {
            char msg[300];
            int last = atoi(lay->years[k].year);
            chitieu__file_error(L, in->path, line, where, lay->years[k].head, "%s",
                                chitieu__span_advice(msg, sizeof msg, lay->years[k].head, last - 1, last));
            ok = 0;
        }
    /* Open SDG: a file without indicator and area columns, with year and value columns */
    int osdg = best == K_OBS && lay->idx[C_YEAR] >= 0 && lay->idx[C_VALUE] >= 0 && lay->idx[C_INDICATOR] < 0 &&
               lay->idx[C_AREA] < 0;
    size_t pcap = 0;
    for (size_t w = 0; w < L->shaping.nwhere; w++) {
        size_t i;
        for (i = 0; i < nf && strcmp(chitieu__fold(h, sizeof h, f[i]), L->shaping.where[w].key) != 0; i++)
            ;
        if (i == nf) {
            chitieu__file_warn(L, in->path, line, where, NULL,
                               "--where names the column '%s', which this file does "
                               "not have",
                               L->shaping.where[w].key);
            continue;
        }
        if (chitieu__grow(&lay->picks, &pcap, lay->npicks, sizeof *lay->picks)) {
            free(other);
            return -1;
        }
        memset(&lay->picks[lay->npicks], 0, sizeof *lay->picks);
        if (!(lay->picks[lay->npicks].want = chitieu__strdup(L->shaping.where[w].val))) {
            free(other);
            return -1;
        }
        lay->picks[lay->npicks].where_key = L->shaping.where[w].key;
        lay->picks[lay->npicks++].field = i;
        other[i] = 0;
    }
    for (size_t i = 0; i < nf; i++) {
        chitieu__fold(h, sizeof h, f[i]);
        if (osdg && other[i] && in_list(h, series_names, 3) && lay->nident < 3) {
            if (!(lay->ident_head[lay->nident] = heading_dup(f[i]))) {
                free(other);
                return -1;
            }
            lay->ident[lay->nident++] = i;
            other[i] = 0;
        }
        if (!other[i] || !*h)
            continue;
        int is_known = in_list(h, known, sizeof known / sizeof *known);
        if (best == K_OBS && lay->name_field < 0 && (strcmp(h, "chỉ tiêu") == 0 || strcmp(h, "tên chỉ tiêu") == 0 ||
                                                      strcmp(h, "indicator name") == 0))
            lay->name_field = (int)i; /* the row's indicator in words, for messages */
        if ((osdg || lay->sdmx) && (!is_known || (lay->sdmx && strcmp(h, "freq") == 0))) {
            /* a disaggregation: only its headline rows (SDMX: FREQ A) are loaded */
            if (chitieu__grow(&lay->picks, &pcap, lay->npicks, sizeof *lay->picks)) {
                free(other);
                return -1;
            }
            memset(&lay->picks[lay->npicks], 0, sizeof *lay->picks);
            lay->picks[lay->npicks].field = i;
            if (!(lay->picks[lay->npicks].head = heading_dup(f[i])) ||
                (strcmp(h, "freq") == 0 && !(lay->picks[lay->npicks].want = chitieu__strdup("A")))) {
                free(lay->picks[lay->npicks].head);
                free(other);
                return -1;
            }
            lay->npicks++;
            continue;
        }
        if (is_known || (best == K_OBS && describes_row(h)))
            continue;
        int pa, pb;
        if (lay->nyears && period_heading(h, &pa, &pb)) {
            if (chitieu__file_warn(L, in->path, line, where, f[i],
                                   "column '%s' is a period (%d to %d), not a year; ignored", f[i], pa, pb)) {
                free(other);
                return -1;
            }
            continue;
        }
        int wy = lay->nyears && !plan_words(h) ? year_in_words(h) : 0; /* "Dự báo 2025": a year, unread words */
        if (wy) {
            if (chitieu__file_warn(L, in->path, line, where, f[i],
                                   "column '%s' names the year %d with words that are no status of a figure: ignored, "
                                   "its figures not loaded (if they are figures of %d, head it '%d' for official ones, "
                                   "'Ước %d' for estimates or 'Sơ bộ %d' for provisional ones)",
                                   f[i], wy, wy, wy, wy, wy)) {
                free(other);
                return -1;
            }
            continue;
        }
        if (lay->nyears && plan_words(h) ? chitieu__file_warn(L, in->path, line, where, f[i],
                                                               "column '%s' holds a plan's figures, not observations; "
                                                               "ignored (a plan's targets load from a targets file)",
                                                               f[i])
                                         : chitieu__file_warn(L, in->path, line, where, f[i],
                                                              "column '%s' is not part of %s %s file; ignored", f[i],
                                                              article(kd->name), kd->name)) {
            free(other);
            return -1;
        }
    }
    free(other);
    /* a column the kind does not take is ignored (as its own name, it was warned about above only if unknown) */
    for (int c = 0; c < NCOL; c++)
        if (lay->idx[c] >= 0 && !((kd->required | kd->optional) & B(c))) {
            char fh[64];
            if (best == K_OBS && describes_row(chitieu__fold(fh, sizeof fh, chitieu__col_names[c]))) {
                if (c == C_NAME)
                    lay->name_field = lay->idx[c]; /* "Chỉ tiêu": says which row a message is about */
                lay->idx[c] = -1;
                continue;
            }
            if (chitieu__file_warn(L, in->path, line, where, f[lay->idx[c]],
                                   "column '%s' is not part of %s %s file; ignored", f[lay->idx[c]],
                                   article(kd->name), kd->name))
                return -1;
            lay->idx[c] = -1;
        }
    for (int c = 0; c < NCOL; c++) /* the columns a row takes from the file or an option */
        if (lay->idx[c] >= 0 || lay->konst[c])
            lay->used[lay->nused++] = c;
    return ok ? best_score : 0;
}

/* A header on two rows (upper, lower) as one, into two[0..n): a lower cell, else the upper one (a name
 * merged down over both rows).  A year under a group heading (merged across its years: the text is in
 * the first) is read with it -- "Ước thực hiện" over 2022 is "Ước thực hiện 2022", an estimate, and
 * "Kế hoạch" (the plan) over 2023 is no year of figures; under another heading the year is the year.  A
 * workbook (src, the upper row's number upper_row) says how far a heading is merged: a year past its range
 * is under no heading; a heading that is not merged spans the empty cells after it.  The joined texts go into one block, *joined
 * (the caller frees it).  Returns 0, or -1 out of memory. */
static int two_rows(char **two, char **joined, size_t n, char *const *lower, size_t nl, char *const *upper,
                    size_t nu, chitieu_rows *src, unsigned long upper_row)
{
    size_t need = 1, group_len = 0; /* a group heading is joined to every year it spans, not only its first */
    for (size_t i = 0; i < n; i++) {
        size_t ul = i < nu ? strlen(upper[i]) : 0;
        if (ul > group_len) group_len = ul;
        need += group_len + (i < nl ? strlen(lower[i]) : 0) + 2;
    }
    char *b = malloc(need), *at = b;
    if (!b)
        return -1;
    *joined = b;
    const char *group = NULL;
    size_t group_end = (size_t)-1; /* the last column of a merged group heading */
    for (size_t i = 0; i < n; i++) {
        const char *lo = i < nl ? lower[i] : "", *up = i < nu ? upper[i] : "";
        char h[256], y[8], st;
        int span;
        size_t stars;
        if (group && i > group_end)
            group = NULL; /* past the merged range of its heading */
        if (!*lo) {
            two[i] = (char *)up;
            group = NULL;
            continue;
        }
        if (!year_heading(chitieu__fold(h, sizeof h, lo), y, &st, &span, &stars)) {
            two[i] = (char *)lo;
            group = NULL;
            continue;
        }
        if (*up) {
            size_t merges;
            chitieu_xlsx_range m;
            group = up;
            group_end = (size_t)-1; /* a list that cannot be read is said when the rows are loaded */
            if (chitieu_rows_merges(src, &merges) == CHITIEU_OK && merges &&
                chitieu_rows_merged_at(src, upper_row, i, &m) && m.row1 == upper_row && m.col1 == i)
                group_end = m.col2;
        }
        char g[256];
        if (group)
            snprintf(at, need - (size_t)(at - b), "%s %s", group, lo);
        if (!group || (!year_heading(chitieu__fold(h, sizeof h, at), y, &st, &span, &stars) && !plan_words(chitieu__fold(g, sizeof g, group)))) {
            two[i] = (char *)lo; /* "Thực hiện giai đoạn 2016-2020" over 2016: the year */
            continue;
        }
        two[i] = at; /* a year with its heading, or a plan's year (then no column of figures) */
        at += strlen(at) + 1;
    }
    return 0;
}

/* A workbook row as a place ('Sheet'!4:4) into buf, or NULL for a text file. */
static const char *row_ref(char *buf, size_t n, const char *sheet, unsigned long row)
{
    if (!sheet)
        return NULL;
    char s[256];
    snprintf(buf, n, "%s!%lu:%lu", chitieu_xlsx_sheet_ref(s, sizeof s, sheet), row, row);
    return buf;
}

/* Every file kind with its required columns, the most specific first: "observations (indicator,area,year,
 * value), ..., or plans (plan,name)", in a block sized from the names (the caller frees it; NULL: out of
 * memory). */
static char *kinds_list(void)
{
    size_t need = 1;
    for (int k = 0; k < NKIND; k++)
        need += strlen(chitieu__kinds[k].name) + strlen(chitieu__kinds[k].hint) + sizeof " or  ()";
    char *b = malloc(need);
    size_t n = 0;
    for (int k = NKIND - 1; b && k >= 0; k--) {
        int w = snprintf(b + n, need - n, "%s%s (%s)", k == NKIND - 1 ? "" : k ? ", " : " or ",
                         chitieu__kinds[k].name, chitieu__kinds[k].hint);
        if (w < 0 || (size_t)w >= need - n) { /* cannot happen: sized above */
            free(b);
            return NULL;
        }
        n += (size_t)w;
    }
    return b;
}

/* Is field text t a heading typed in a TCVN3 (ABC) font, ".VnTime" -- the Vietnamese letters stored as the
 * Latin-1 letters of the font's bytes, "M· chØ tiªu" for "Mã chỉ tiêu" -- that names a column when read as
 * TCVN3 (tcvn3.c)?  Only text of Latin-1 letters with one of TCVN3's commonest (·, Ø, ª, §, ¨, ¬, Þ, Ý, ¸, µ:
 * ã, ỉ, ê, Đ, ă, ơ, ị, í, á, à) is tried. */
static int tcvn3_heading(const chitieu__loader *L, const char *t)
{
    char u[CHITIEU_TCVN3_SIZE(256)];
    static const char marks[] = "\xB7\xD8\xAA\xA7\xA8\xAC\xDE\xDD\xB8\xB5";
    int mark = 0;
    for (const unsigned char *p = (const unsigned char *)t; *p && !mark; p++) /* U+0080..U+00FF: C2/C3 xx */
        mark = (*p == 0xC2 || *p == 0xC3) && (p[1] & 0xC0) == 0x80 &&
               strchr(marks, (int)(((*p & 0x1Fu) << 6) | (p[1] & 0x3Fu))) != NULL;
    if (!mark)
        return 0;
    if (chitieu_tcvn3_read(u, sizeof u, t, strlen(t), 0) < 0)
        return 0;
    char h[256];
    return column_of(L, chitieu__fold(h, sizeof h, u), 0) >= 0;
}

/* When the sheet read is a workbook's default (no --sheet) and the workbook has others, "; the workbook has 11
 * sheets ('Metadata', 'CSV', ...): --sheet NAME reads another, --all-sheets every one" into buf (n bytes);
 * else "".  Returns buf. */
static const char *other_sheets(char *buf, size_t n, const chitieu__loader *L, const chitieu__infile *in)
{
    buf[0] = '\0';
    char **names = NULL;
    size_t k = 0;
    if (!in->sheet || L->o->sheet || chitieu_rows_sheets(&names, &k, NULL, in->read, in->path) != CHITIEU_OK)
        return buf;
    if (k > 1) {
        size_t w = (size_t)snprintf(buf, n, "; the workbook has %zu sheets (", k);
        for (size_t i = 0; i < k && w < n; i++) {
            char ref[300];
            if (i == 4 && k > 5) { /* the first four, then "..." */
                w += (size_t)snprintf(buf + w, n - w, ", ...");
                break;
            }
            w += (size_t)snprintf(buf + w, n - w, "%s%s", i ? ", " : "", chitieu_xlsx_sheet_ref(ref, sizeof ref, names[i]));
        }
        if (w < n)
            snprintf(buf + w, n - w, "): --sheet NAME reads another, --all-sheets every one");
    }
    for (size_t i = 0; i < k; i++)
        free(names[i]);
    free(names);
    return buf;
}

/* Free the nf fields of a record copied by shown_years, and the record. */
static void shown_free(char **f, size_t nf)
{
    for (size_t i = 0; f && i < nf; i++)
        free(f[i]);
    free(f);
}

/* Is field i of src (text v) a year typed as a number whose number format shows words beside it (2023 formatted
 * `0" (ước)"`)?  Its shown text in shown (n bytes) and 1, else 0. */
static int number_year(const chitieu_rows *src, size_t i, const char *v, char *shown, size_t n)
{
    return strlen(v) == 4 && strspn(v, "0123456789") == 4 && (chitieu_rows_flags(src, i) & CHITIEU_FIELD_NUMBER) &&
           chitieu_rows_shown(src, i, shown, n);
}

int chitieu__shown_year(const chitieu_rows *src, size_t i, const char *v, char *shown, size_t n, char *status)
{
    char folded[256], year[8];
    int span;
    size_t stars; /* a format shows no mark of stars alone: only words with a letter are kept (xlsx.c) */
    *status = 0;
    if (!number_year(src, i, v, shown, n))
        return 0;
    if (year_heading(chitieu__fold(folded, sizeof folded, shown), year, status, &span, &stars) && !span &&
        strcmp(year, v) == 0)
        return 1;
    *status = 0;
    return -1;
}

/* A record of src (f, nf fields) with each year typed as a number whose number format shows its status -- 2023
 * formatted `0" (ước)"` or `0" ƯTH"`, shown "2023 (ước)" -- as its cell shows it: *copy a copy of the record so
 * changed (the caller frees it with shown_free), or NULL when no field is such a year.  -1 when out of memory. */
static int shown_years(chitieu_rows *src, char *const *f, size_t nf, char ***copy)
{
    char shown[256];
    *copy = NULL;
    for (size_t i = 0; i < nf; i++) {
        if (!number_year(src, i, f[i], shown, sizeof shown))
            continue;
        if (!*copy && !(*copy = calloc(nf, sizeof **copy)))
            return -1;
        if (!((*copy)[i] = chitieu__strdup(shown)))
            return -1;
    }
    for (size_t i = 0; *copy && i < nf; i++)
        if (!(*copy)[i] && !((*copy)[i] = chitieu__strdup(f[i])))
            return -1;
    return 0;
}

int chitieu__layout_read(chitieu__loader *L, chitieu__layout *lay, chitieu_rows *src, const chitieu__infile *in,
                         int lenient)
{
    char where[300], others[512];
    char **saved = NULL;
    size_t nsaved = 0, nf;
    char *const *f;
    unsigned long best_line = 0, best_k = 0, years_values = 0, tcvn3_line = 0;
    double best = -1;
    int r = 0, rc = CHITIEU_OK;
    char **prev = NULL, **two = NULL; /* the record before, and the two merged */
    char *joined[1] = {NULL}; /* the texts two_rows made */
    char **shown = NULL; /* the record with its years as their cells show them (shown_years), or NULL */
    size_t nprev = 0, nshown = 0;
    unsigned long prev_line = 0;
    for (unsigned long k = 0; k < HEADER_SCAN && (r = chitieu_rows_next(src, &nf, &f)) == 1; k++) {
        for (size_t i = 0; i < nf; i++)
            chitieu__trim(f[i]);
        shown_free(shown, nshown);
        if (shown_years(src, f, nf, &shown)) {
            nshown = nf;
            rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
            break;
        }
        nshown = shown ? nf : 0;
        if (shown)
            f = shown;
        unsigned long line = chitieu_rows_line(src);
        char *const *raw = f; /* the record as read (f may become the two rows merged) */
        size_t nraw = nf;
        double score = match(L, lay, f, nf, in, 0, NULL, 0);
        for (size_t i = 0; i < nf && score == 0 && !tcvn3_line && !in->tcvn3; i++)
            if (tcvn3_heading(L, f[i]))
                tcvn3_line = line;
        if (score == 0 && !years_values && lay->idx[C_YEAR] >= 0 && lay->idx[C_VALUE] >= 0 &&
            lay->idx[C_INDICATOR] < 0 && lay->idx[C_AREA] < 0)
            years_values = line; /* Year, Value and no code: an Open SDG file, a table of one series */
        if (score >= 0 && score < 1 && prev && prev_line + 1 == line) {
            /* a header on two rows, as government tables have it: names merged down over both rows
             * (Mã chỉ tiêu) and the years under a group heading (Thực hiện) in the lower one */
            size_t n2 = nf > nprev ? nf : nprev;
            free(two);
            free(joined[0]);
            joined[0] = NULL;
            if (!(two = calloc(n2, sizeof *two))) {
                rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
                break;
            }
            if (two_rows(two, joined, n2, f, nf, prev, nprev, src, prev_line)) {
                rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
                break;
            }
            double s2 = match(L, lay, two, n2, in, 0, NULL, 0);
            if (s2 > score) {
                score = s2;
                f = two;
                nf = n2;
            }
        }
        if (score < 0) {
            rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
            break;
        }
        if (score > best) {
            for (size_t i = 0; i < nsaved; i++)
                free(saved[i]);
            free(saved);
            nsaved = 0;
            if (!(saved = calloc(nf ? nf : 1, sizeof *saved))) {
                rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
                break;
            }
            for (size_t i = 0; i < nf; i++)
                if (!(saved[nsaved++] = chitieu__strdup(f[i])))
                    rc = CHITIEU_ENOMEM;
            best = score;
            best_line = line;
            best_k = k;
        }
        if (score >= 1 || rc)
            break;
        char **keep = calloc(nraw ? nraw : 1, sizeof *keep); /* this record, for the next one's two-row header */
        for (size_t i = 0; keep && i < nraw; i++)
            if (!(keep[i] = chitieu__strdup(raw[i])))
                rc = CHITIEU_ENOMEM;
        for (size_t i = 0; i < nprev; i++)
            free(prev[i]);
        free(prev);
        prev = keep;
        nprev = keep ? nraw : 0;
        prev_line = line;
        if (!keep || rc) {
            rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
            break;
        }
    }
    for (size_t i = 0; i < nprev; i++)
        free(prev[i]);
    free(prev);
    shown_free(shown, nshown);
    free(two);
    free(joined[0]);
    if (!rc && r < 0)
        rc = chitieu_error_code() == CHITIEU_EINVALID ? (chitieu__source_error(L, in->path) ? CHITIEU_ENOMEM : 0) : r;
    else if (!rc && best == 0 && tcvn3_line) /* not read as TCVN3 yet (else tcvn3_line stays 0): again, so */
        r = 2;
    else if (!rc && best < 0 && lenient) /* one sheet of several (--all-sheets): Excel's unused Sheet2, Sheet3 */
        rc = chitieu__file_warn(L, in->path, 0, chitieu_xlsx_sheet_ref(where, sizeof where, in->sheet), NULL,
                                "empty sheet: skipped")
                 ? CHITIEU_ENOMEM
                 : 0;
    else if (!rc && best < 0)
        rc = chitieu__file_error(L, in->path, 0,
                                 in->sheet ? chitieu_xlsx_sheet_ref(where, sizeof where, in->sheet) : NULL, NULL,
                                 "empty %s (no header)%s", in->sheet ? "sheet" : "file",
                                 other_sheets(others, sizeof others, L, in))
                 ? CHITIEU_ENOMEM
                 : 0;
    else if (!rc && best == 0 && lenient)
        rc = chitieu__file_warn(L, in->path, 0, chitieu_xlsx_sheet_ref(where, sizeof where, in->sheet), NULL,
                                "no header naming the columns of a known kind in its first %d rows: sheet skipped",
                                HEADER_SCAN)
                 ? CHITIEU_ENOMEM
                 : 0;
    else if (!rc && best == 0 && years_values)
        rc = chitieu__file_error(L, in->path, years_values, row_ref(where, sizeof where, in->sheet, years_values),
                                 NULL,
                                 "a header of years and values without indicator and area columns (one series, as "
                                 "an Open SDG file has it): give them with --indicator CODE and --area CODE, or "
                                 "name the file's columns with --map")
                 ? CHITIEU_ENOMEM
                 : 0;
    else if (!rc && best == 0) {
        char *expect = kinds_list();
        rc = !expect || chitieu__file_error(L, in->path, best_line, row_ref(where, sizeof where, in->sheet, best_line),
                                            NULL, "cannot tell what this file holds from its header; expected %s%s",
                                            expect, other_sheets(others, sizeof others, L, in))
                 ? chitieu__fail(CHITIEU_ENOMEM, "out of memory")
                 : 0;
        free(expect);
    } else if (!rc) {
        size_t before = L->r->errors;
        double score =
            match(L, lay, saved, nsaved, in, best_line, row_ref(where, sizeof where, in->sheet, best_line), 1);
        if (score < 0)
            rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
        else if (L->r->errors == before) {
            lay->skip = best_k;
            lay->header_line = best_line;
            r = 1;
        }
    }
    for (size_t i = 0; i < nsaved; i++)
        free(saved[i]);
    free(saved);
    return rc ? rc : r == 2 ? 2 : r == 1 && best > 0 && lay->kind < NKIND && lay->header_line ? 1 : 0;
}
