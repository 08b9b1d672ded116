/*
 * header.c — finding and reading a file's header: its layout (loader.h).
 *
 * The header is the first record (of the first 30) that names every column a
 * kind requires; records above it are title rows and are skipped (when no
 * record does, the one that comes closest is taken, for its messages).  A
 * header may lie on two rows, as government tables have it: names merged down
 * over both rows, and years in the lower one under a group heading merged
 * across them ("Ước thực hiện" over 2021 and 2022: estimates; "Kế hoạch" over
 * 2023: a plan's year, no figures).
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    return 0;
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
    {"(provisional)", 'P'}, {"(chính thức)", 0}, {"(thực hiện)", 0},
};

int chitieu__status_mark(const char *folded, char *status)
{
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++)
        if (strcmp(folded, suffixes[i].w) == 0) {
            *status = suffixes[i].status ? suffixes[i].status : 'A';
            return 1;
        }
    return 0;
}

/* Is a folded heading a year of figures?  Sets year and status ('E' estimate, 'P' provisional, 0), and *mark
 * (when not NULL) to the number of stars after the year ("2016*": 1; a footnote's mark), else 0. */
static int year_heading(const char *h, char year[8], char *status, unsigned char *mark)
{
    static const struct heading_word prefixes[] = {
        {"năm", 0},   {"ước thực hiện", 'E'}, {"ước tính", 'E'}, {"ước th", 'E'}, {"ước", 'E'},      {"ưth", 'E'},
        {"uth", 'E'}, {"sơ bộ", 'P'},         {"thực hiện", 0},  {"th", 0},       {"chính thức", 0}, {"year", 0},
    };
    *status = 0;
    if (mark)
        *mark = 0;
    const char *p = h;
    /* prefix words: one of the list, optionally followed by "năm" */
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
        const char *rest = word(p, prefixes[i].w);
        if (rest) {
            *status = prefixes[i].status;
            p = rest;
            const char *nam = word(p, "năm");
            if (nam && prefixes[i].w[0] != 'n')
                p = nam;
            break;
        }
    }
    if (strspn(p, "0123456789") != 4)
        return 0;
    memcpy(year, p, 4);
    year[4] = '\0';
    int y = atoi(year);
    if (y < CHITIEU_YEAR_MIN || y > CHITIEU_YEAR_MAX)
        return 0;
    p += 4;
    while (*p == ' ')
        p++;
    if (!*p)
        return 1;
    char yr[16];
    snprintf(yr, sizeof yr, "[yr%s]", year); /* World Bank DataBank: "2016 [YR2016]" */
    if (strcmp(p, yr) == 0)
        return 1;
    char said;
    size_t stars = strspn(p, "*");
    if (stars && stars <= 3 && !p[stars]) { /* "2016*": a footnote's mark */
        if (mark)
            *mark = (unsigned char)stars;
        return 1;
    }
    if (chitieu__status_mark(p, &said)) {
        if (said != 'A')
            *status = said;
        return 1;
    }
    return 0;
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

/* Match record f as a header into lay (which it resets).  Returns how well it covers the required
 * columns of its best kind (1: all); with `report`, errors and warnings are recorded at `line`. */
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
            !(lay->head[c] = chitieu__strdup(f[i]))) {
            free(other);
            return -1; /* out of memory: messages would print a NULL heading */
        }
    }
    /* a wide table: year columns where the file has neither year nor value */
    size_t ycap = 0;
    if (!(have & (B(C_YEAR) | B(C_VALUE))))
        for (size_t i = 0; i < nf; i++) {
            char year[8], status;
            unsigned char mark;
            if (!other[i] || !year_heading(chitieu__fold(h, sizeof h, f[i]), year, &status, &mark))
                continue;
            if (chitieu__grow(&lay->years, &ycap, lay->nyears, sizeof *lay->years)) {
                free(other);
                return -1;
            }
            chitieu__yearcol *y = &lay->years[lay->nyears++];
            y->field = i;
            memcpy(y->year, year, sizeof y->year);
            y->status = status;
            y->mark = mark;
            if (!(y->head = chitieu__strdup(f[i]))) {
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
            if (!(lay->ident_head[lay->nident] = chitieu__strdup(f[i]))) {
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
            if (strcmp(h, "freq") == 0 && !(lay->picks[lay->npicks].want = chitieu__strdup("A"))) {
                free(other);
                return -1;
            }
            lay->npicks++;
            continue;
        }
        if (is_known || (best == K_OBS && describes_row(h)))
            continue;
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
        if (group && i > group_end)
            group = NULL; /* past the merged range of its heading */
        if (!*lo) {
            two[i] = (char *)up;
            group = NULL;
            continue;
        }
        if (!year_heading(chitieu__fold(h, sizeof h, lo), y, &st, NULL)) {
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
        if (!group || (!year_heading(chitieu__fold(h, sizeof h, at), y, &st, NULL) && !plan_words(chitieu__fold(g, sizeof g, group)))) {
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

int chitieu__layout_read(chitieu__loader *L, chitieu__layout *lay, chitieu_rows *src, const chitieu__infile *in,
                         int lenient)
{
    char where[300];
    char **saved = NULL;
    size_t nsaved = 0, nf;
    char *const *f;
    unsigned long best_line = 0, best_k = 0;
    double best = -1;
    int r = 0, rc = CHITIEU_OK;
    char **prev = NULL, **two = NULL; /* the record before, and the two merged */
    char *joined[1] = {NULL}; /* the texts two_rows made */
    size_t nprev = 0;
    unsigned long prev_line = 0;
    for (unsigned long k = 0; k < HEADER_SCAN && (r = chitieu_rows_next(src, &nf, &f)) == 1; k++) {
        for (size_t i = 0; i < nf; i++)
            chitieu__trim(f[i]);
        unsigned long line = chitieu_rows_line(src);
        char *const *raw = f; /* the record as read (f may become the two rows merged) */
        size_t nraw = nf;
        double score = match(L, lay, f, nf, in, 0, NULL, 0);
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
    free(two);
    free(joined[0]);
    if (!rc && r < 0)
        rc = chitieu_error_code() == CHITIEU_EINVALID ? (chitieu__source_error(L, in->path) ? CHITIEU_ENOMEM : 0) : r;
    else if (!rc && best < 0)
        rc = chitieu__file_error(L, in->path, 0,
                                 in->sheet ? chitieu_xlsx_sheet_ref(where, sizeof where, in->sheet) : NULL, NULL,
                                 "empty %s (no header)", in->sheet ? "sheet" : "file")
                 ? CHITIEU_ENOMEM
                 : 0;
    else if (!rc && best == 0 && lenient)
        rc = chitieu__file_warn(L, in->path, 0, chitieu_xlsx_sheet_ref(where, sizeof where, in->sheet), NULL,
                                "no header naming the columns of a known kind in "
                                "its first %d rows: sheet skipped",
                                HEADER_SCAN)
                 ? CHITIEU_ENOMEM
                 : 0;
    else if (!rc && best == 0) {
        char *expect = kinds_list();
        rc = !expect || chitieu__file_error(L, in->path, best_line, row_ref(where, sizeof where, in->sheet, best_line),
                                            NULL, "cannot tell what this file holds from its header; expected %s",
                                            expect)
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
    return rc ? rc : r == 1 && best > 0 && lay->kind < NKIND && lay->header_line ? 1 : 0;
}
