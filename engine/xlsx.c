/*
 * xlsx.c — an Excel workbook's sheets row by row (chitieu/xlsx.h), with libzip and expat.
 *
 * At open: xl/workbook.xml (sheet names and relationship ids, the 1904 date
 * system), xl/_rels/workbook.xml.rels (the part of each sheet),
 * xl/sharedStrings.xml (every shared string, into one arena) and
 * xl/styles.xml (which cell formats are dates or percentages, and the number formats that show words
 * around a number: `0" (ước)"`).  A sheet is then parsed in
 * 64 KiB pieces; the parser is suspended at each </row> and resumed by the
 * next call, so one row is in memory at a time.  The merge list, which
 * follows the rows, is read when first asked for: the part is inflated again
 * and searched for <mergeCells>, which expat parses from there; the ranges
 * over the current row are kept in an active list as rows advance.  Element
 * and attribute names are compared without their namespace prefix ("x:c" is
 * "c").
 */
#include <ctype.h>
#include <errno.h>
#include <expat.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "chitieu/tcvn3.h"
#include "chitieu/xlsx.h"
#include "internal.h"

#define CHUNK 65536
#define NONE ((size_t)-1)
#define CAPITALS 0x80 /* in ctypes beside a cell's type: its text was read in a TCVN3 capital font */
#define MAX_ROWS 1048576ul /* rows of a sheet (Excel's limit) */

/* A growing byte buffer. */
typedef struct {
    char *p;
    size_t len, cap;
} buf;

struct chitieu_xlsx {
    zip_t *zip;
    char *name;
    int date1904;
    buf sst; /* shared strings, each NUL-terminated */
    size_t *sst_off, nsst, sst_cap;
    unsigned char *xf_date; /* per cell format (cellXfs index): FMT_DATE, FMT_PERCENT or 0 */
    size_t nxf, xf_cap;
    const char **xf_words; /* per cell format: the code of its number format when it shows words, else NULL */
    size_t xfw_cap;
    struct fmt {
        unsigned id;
        int date;   /* FMT_DATE, FMT_PERCENT or 0 */
        char *code; /* the format code when it shows words around a number (a plain number's format), else NULL */
    } * fmts; /* custom number formats */
    size_t nfmt, fmt_cap;
    /* fonts, for text typed in a TCVN3 font (tcvn3.c): styles.xml's <fonts> by fontId, each cell format's font
     * (NONE: none), and the fonts rich-text runs name (<rFont>), each name once; any_abc: one is an ABC font */
    struct font {
        char *name;
        int cls; /* CHITIEU_TCVN3_NO, _LOWER or _UPPER */
    } *sfonts, *rfonts;
    size_t nsfont, sfont_cap, nrfont, rfont_cap;
    size_t *xf_font, xf_font_cap;
    int any_abc;
    /* rich-text runs that name their font: runs[] (each ends at `end` bytes into its string; font: an rfonts
     * index, or -1 for the cell's), those of shared string `str` at first..first+n; a cell's inline runs last */
    struct run {
        size_t end;
        long font;
    } *runs;
    size_t nruns, run_cap;
    struct rich {
        size_t str, first, n;
    } *rich;
    size_t nrich, rich_cap;
    size_t si_runs;   /* the runs of the <si> or <is> being read start here */
    size_t nsst_runs; /* the shared strings' runs (those after are the current cell's) */
    int in_run, in_fonts;
    /* text read as TCVN3: every text cell (chitieu_xlsx_set_tcvn3), the text read, the selected sheet's count
     * and sample */
    int tcvn3_all;
    buf conv;
    size_t t3_count;
    char t3_was[64], t3_reads[96];
    const char *t3_font;
    struct sheet {
        char *name, *rid, *part;
        int hidden; /* state="hidden" or "veryHidden" */
    } * sheets;
    size_t nsheets, sheet_cap;
    /* parse state of the part being read */
    int depth_rph, in_text, in_cellxfs, in_si, in_sheetdata;
    char *wb_part, *sst_part, *styles_part; /* found through the relationships (NULL: not named there) */
    int depth_ext; /* inside <extLst>: extensions (Excel for Mac's <x14:workbookPr>), not the part's own elements */
    buf text; /* character data being collected */
    /* the selected sheet */
    size_t cur;
    zip_file_t *zf;
    XML_Parser p;
    int suspended, last, finished, row_ready;
    unsigned long row, next_row;
    size_t col, next_col;
    char ctype[12];
    long cstyle;
    int have_v, have_f, in_v, in_is;
    buf cell; /* the current cell's <v> or inline text */
    buf rowtext; /* the current row's cells, each NUL-terminated; offset 0 is "" */
    size_t *coff; /* offset of each column's text in rowtext (0: empty) */
    unsigned char *ctypes;
    unsigned *cxf; /* the cell format of each column's cell (for chitieu_xlsx_shown) */
    char **cells;
    size_t ncols, colcap;
    int err; /* a handler failed: the message is recorded */
    XML_Parser active; /* the parser running the handlers */
    /* the selected sheet's merged ranges of more than one cell, by first row; those covering the current row */
    chitieu_xlsx_range *merges;
    size_t nmerges, merge_cap, merge_next; /* merge_next: the first not yet active */
    size_t *active_m, nactive, active_cap; /* by first column: they cover one row, so never share a column */
    unsigned long active_row; /* the row the active list is for */
    unsigned long active_end; /* the last row of the active range that ends first (ULONG_MAX: none) */
    int merges_read;          /* the list was read (on first asking: the sheet's part inflated once more) */
    /* hidden in Excel: the <col hidden="1"> ranges of the selected sheet (before its rows; sorted, apart), the
     * current row */
    struct hcol {
        size_t c1, c2;
    } * hcols;
    size_t nhcols, hcol_cap;
    int row_hidden;
};

/* Record a message "name:where: ..." as the last error; returns CHITIEU_EINVALID. */
static int xfail(chitieu_xlsx *x, const char *where, const char *fmt, ...) CHITIEU_PRINTF(3, 4);
static int xfail(chitieu_xlsx *x, const char *where, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return chitieu__fail(CHITIEU_EINVALID, "%s:%s: %s", x->name, where, msg);
}

/* Append n bytes to b (limit: max bytes in all); 0, or -1 when out of memory or over the limit. */
static int put(buf *b, const char *s, size_t n, size_t max)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        if (cap > max + 1)
            return -1;
        char *p = realloc(b->p, cap);
        if (!p)
            return -1;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

/* The local part of an XML name ("x:row" -> "row"). */
static const char *local(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

/* The value of attribute `name` (local part) in expat's attribute list, or NULL. */
static const char *attr(const char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(local(atts[i]), name) == 0)
            return atts[i + 1];
    return NULL;
}

/* Is attribute value v a true xsd:boolean ("1" or "true")? */
static int xml_true(const char *v)
{
    return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

/* Open part `name` of the package: as named, or in another case ("xl/SharedStrings.xml", as some systems'
 * exports name it; zip names are case-sensitive, part names are not).  NULL when there is none. */
static zip_file_t *open_part(chitieu_xlsx *x, const char *name)
{
    zip_file_t *zf = zip_fopen(x->zip, name, 0);
    return zf ? zf : zip_fopen(x->zip, name, ZIP_FL_NOCASE);
}

/* Parse the whole part `part` with the handlers given.  Returns 0, 1 when the part does not
 * exist (and `optional`), or a negative code with a message. */
static int parse_part(chitieu_xlsx *x, const char *part, int optional, XML_StartElementHandler start,
                      XML_EndElementHandler end, XML_CharacterDataHandler chars)
{
    zip_file_t *zf = open_part(x, part);
    if (!zf && !optional && zip_name_locate(x->zip, "content.xml", 0) >= 0)
        return chitieu__fail(CHITIEU_EINVALID,
                             "%s: an OpenDocument spreadsheet (.ods), which chitieu does not read: "
                             "save it as .xlsx (Excel Workbook) or as CSV UTF-8",
                             x->name);
    if (!zf)
        return optional ? 1
                        : chitieu__fail(CHITIEU_EINVALID, "%s: not an .xlsx workbook (a zip file without %s)", x->name,
                                        part);
    XML_Parser p = XML_ParserCreate(NULL);
    if (!p) {
        zip_fclose(zf);
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    }
    XML_SetUserData(p, x);
    x->active = p;
    XML_SetElementHandler(p, start, end);
    XML_SetCharacterDataHandler(p, chars);
    int rc = CHITIEU_OK;
    for (;;) {
        void *b = XML_GetBuffer(p, CHUNK);
        if (!b) {
            rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
            break;
        }
        zip_int64_t got = zip_fread(zf, b, CHUNK);
        if (got < 0) {
            rc = xfail(x, part, "cannot be read: %s", zip_strerror(x->zip));
            break;
        }
        if (XML_ParseBuffer(p, (int)got, got == 0) != XML_STATUS_OK) {
            rc = x->err ? CHITIEU_EINVALID
                        : xfail(x, part, "line %lu: %s", (unsigned long)XML_GetCurrentLineNumber(p),
                                XML_ErrorString(XML_GetErrorCode(p)));
            break;
        }
        if (got == 0)
            break;
    }
    XML_ParserFree(p);
    zip_fclose(zf);
    return rc;
}

/* Stop the parser after a handler failed (the message is recorded). */
static void abort_parse(chitieu_xlsx *x)
{
    x->err = 1;
    XML_StopParser(x->active, XML_FALSE);
}

/* --- workbook.xml and its relationships --- */

static void wb_start(void *ud, const char *el, const char **atts)
{
    chitieu_xlsx *x = ud;
    el = local(el);
    if (strcmp(el, "extLst") == 0)
        x->depth_ext++;
    else if (x->depth_ext)
        return; /* an extension's <x14:workbookPr defaultImageDpi=...> has no date1904: it is not the workbook's */
    else if (strcmp(el, "workbookPr") == 0) {
        x->date1904 = xml_true(attr(atts, "date1904"));
    } else if (strcmp(el, "sheet") == 0) {
        const char *name = attr(atts, "name"), *rid = attr(atts, "id");
        if (!name || !rid || chitieu__grow(&x->sheets, &x->sheet_cap, x->nsheets, sizeof *x->sheets))
            return;
        struct sheet *s = &x->sheets[x->nsheets++];
        s->name = chitieu__strdup(name);
        s->rid = chitieu__strdup(rid);
        s->part = NULL;
        const char *state = attr(atts, "state");
        s->hidden = state && (strcmp(state, "hidden") == 0 || strcmp(state, "veryHidden") == 0);
    }
}

/* Leave an <extLst> of workbook.xml. */
static void wb_end(void *ud, const char *el)
{
    chitieu_xlsx *x = ud;
    if (strcmp(local(el), "extLst") == 0 && x->depth_ext)
        x->depth_ext--;
}

/* The part a relationship's target names, from the folder `base` ("xl/": the part's own; "": the package
 * root) -- a target starting with '/' is from the root ("/xl/worksheets/sheet1.xml", as some libraries write),
 * "." and ".." segments are resolved, %XX escapes decoded.  A new string, or NULL when out of memory. */
static char *part_name(const char *base, const char *target)
{
    size_t bl = target[0] == '/' ? 0 : strlen(base), tl = strlen(target);
    char *p = malloc(bl + tl + 1);
    if (!p)
        return NULL;
    memcpy(p, base, bl);
    size_t n = bl;
    for (const char *t = target; *t; t++) { /* append, decoding %XX */
        unsigned v;
        if (*t == '%' && isxdigit((unsigned char)t[1]) && isxdigit((unsigned char)t[2]) &&
            sscanf(t + 1, "%2x", &v) == 1 && v) {
            p[n++] = (char)v;
            t += 2;
        } else
            p[n++] = *t;
    }
    p[n] = '\0';
    /* resolve the segments in place: "a/./b" -> "a/b", "a/x/../b" -> "a/b" */
    size_t w = 0;
    for (size_t r = 0; r <= n;) {
        size_t e = r;
        while (e < n && p[e] != '/')
            e++;
        size_t len = e - r;
        if (len == 0 || (len == 1 && p[r] == '.')) {
            /* an empty or "." segment: nothing */
        } else if (len == 2 && p[r] == '.' && p[r + 1] == '.') {
            while (w > 0 && p[w - 1] != '/') /* ".." at the root stays there, as a URI's does */
                w--;
            if (w > 0)
                w--; /* the slash before the segment dropped */
        } else {
            if (w > 0)
                p[w++] = '/';
            memmove(p + w, p + r, len);
            w += len;
        }
        r = e + 1;
    }
    p[w] = '\0';
    return p;
}

/* The folder of part `name` with its slash ("xl/" of "xl/workbook.xml"; "" at the root), as a new string. */
static char *part_folder(const char *name)
{
    const char *slash = strrchr(name, '/');
    size_t n = slash ? (size_t)(slash - name) + 1 : 0;
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, name, n);
        d[n] = '\0';
    }
    return d;
}

/* Does relationship type `type` end with "/" + `what` ("…/relationships/worksheet")? */
static int rel_type(const char *type, const char *what)
{
    size_t tl = type ? strlen(type) : 0, wl = strlen(what);
    return tl > wl && type[tl - wl - 1] == '/' && strcmp(type + tl - wl, what) == 0;
}

/* _rels/.rels: the workbook is the target of the package's officeDocument relationship. */
static void pkg_rels_start(void *ud, const char *el, const char **atts)
{
    chitieu_xlsx *x = ud;
    const char *target = attr(atts, "Target"), *mode = attr(atts, "TargetMode");
    if (strcmp(local(el), "Relationship") != 0 || !target || (mode && strcmp(mode, "Internal") != 0) ||
        !rel_type(attr(atts, "Type"), "officeDocument") || x->wb_part)
        return;
    if (!(x->wb_part = part_name("", target)))
        x->err = 1;
}

/* The workbook's relationships: each sheet's part, the shared strings', the styles'. */
static void rels_start(void *ud, const char *el, const char **atts)
{
    chitieu_xlsx *x = ud;
    if (strcmp(local(el), "Relationship") != 0)
        return;
    const char *id = attr(atts, "Id"), *target = attr(atts, "Target"), *type = attr(atts, "Type");
    const char *mode = attr(atts, "TargetMode");
    if (!id || !target || (mode && strcmp(mode, "Internal") != 0))
        return;
    char *folder = part_folder(x->wb_part);
    if (!folder) {
        x->err = 1;
        return;
    }
    char **part = NULL;
    if (rel_type(type, "sharedStrings") && !x->sst_part)
        part = &x->sst_part;
    else if (rel_type(type, "styles") && !x->styles_part)
        part = &x->styles_part;
    else if (rel_type(type, "worksheet")) /* chart sheets, themes... are not read */
        for (size_t i = 0; i < x->nsheets; i++)
            if (x->sheets[i].rid && strcmp(x->sheets[i].rid, id) == 0 && !x->sheets[i].part)
                part = &x->sheets[i].part;
    if (part && !(*part = part_name(folder, target)))
        x->err = 1; /* out of memory */
    free(folder);
}

static void no_end(void *ud, const char *el)
{
    (void)ud;
    (void)el;
}

static void no_chars(void *ud, const char *s, int n)
{
    (void)ud;
    (void)s;
    (void)n;
}

/* --- sharedStrings.xml: <si> with <t> or rich-text runs <r><t>; phonetic runs <rPh> are skipped --- */

/* The most run fonts kept by name; past them a new name shares the entry of a font of its class (the list is
 * searched for every run: a workbook naming a million fonts must not make that quadratic). */
#define MAX_RUN_FONTS 64

/* The index of run font `name` in x->rfonts, added when new; -1 when out of memory (x->err set). */
static long run_font(chitieu_xlsx *x, const char *name)
{
    for (size_t i = 0; i < x->nrfont; i++)
        if (strcmp(x->rfonts[i].name, name) == 0)
            return (long)i;
    for (size_t i = 0; x->nrfont >= MAX_RUN_FONTS && i < x->nrfont; i++)
        if (x->rfonts[i].cls == chitieu_tcvn3_font(name))
            return (long)i;
    char *copy = chitieu__strdup(name);
    if (!copy || chitieu__grow(&x->rfonts, &x->rfont_cap, x->nrfont, sizeof *x->rfonts)) {
        free(copy);
        x->err = 1;
        return -1;
    }
    x->rfonts[x->nrfont].name = copy;
    x->any_abc |= (x->rfonts[x->nrfont].cls = chitieu_tcvn3_font(name)) != CHITIEU_TCVN3_NO;
    return (long)x->nrfont++;
}

/* A rich-text run's elements (local name el) in a shared or inline string: <r> starts a run, its <rFont> names
 * its font. */
static void run_start(chitieu_xlsx *x, const char *el, const char **atts)
{
    if (strcmp(el, "r") == 0) {
        if (chitieu__grow(&x->runs, &x->run_cap, x->nruns, sizeof *x->runs)) {
            x->err = 1;
            return;
        }
        x->runs[x->nruns++] = (struct run){0, -1};
        x->in_run = 1;
    } else if (strcmp(el, "rFont") == 0 && x->in_run && x->nruns > x->si_runs) {
        const char *v = attr(atts, "val");
        if (v)
            x->runs[x->nruns - 1].font = run_font(x, v);
    }
}

/* The end of a run: where its text ends in the string being read (length `len`). */
static void run_end(chitieu_xlsx *x, const char *el, size_t len)
{
    if (strcmp(el, "r") == 0 && x->in_run && x->nruns > x->si_runs) {
        x->runs[x->nruns - 1].end = len;
        x->in_run = 0;
    }
}

/* Do the runs read since x->si_runs name a font?  Else they are dropped (the cell's font is the string's). */
static int runs_fonted(chitieu_xlsx *x)
{
    for (size_t i = x->si_runs; i < x->nruns; i++)
        if (x->runs[i].font >= 0)
            return 1;
    x->nruns = x->si_runs;
    return 0;
}

static void sst_start(void *ud, const char *el, const char **atts)
{
    chitieu_xlsx *x = ud;
    el = local(el);
    if (strcmp(el, "si") == 0) {
        x->in_si = 1;
        x->text.len = 0;
        if (x->text.p)
            x->text.p[0] = '\0';
        x->si_runs = x->nruns;
    } else if (strcmp(el, "rPh") == 0)
        x->depth_rph++;
    else if (strcmp(el, "t") == 0 && x->in_si && !x->depth_rph)
        x->in_text = 1;
    else if (x->in_si && !x->depth_rph)
        run_start(x, el, atts);
}

static void sst_end(void *ud, const char *el)
{
    chitieu_xlsx *x = ud;
    el = local(el);
    if (strcmp(el, "t") == 0)
        x->in_text = 0;
    else if (strcmp(el, "rPh") == 0)
        x->depth_rph--;
    else if (strcmp(el, "si") == 0) {
        x->in_si = 0;
        if (chitieu__grow(&x->sst_off, &x->sst_cap, x->nsst, sizeof *x->sst_off) ||
            put(&x->sst, x->text.p ? x->text.p : "", x->text.len + 1, CHITIEU_XLSX_MAX_STRINGS_BYTES)) {
            x->err = 1;
            return;
        }
        if (runs_fonted(x)) { /* strings come in order: rich stays sorted by str */
            if (chitieu__grow(&x->rich, &x->rich_cap, x->nrich, sizeof *x->rich)) {
                x->err = 1;
                return;
            }
            x->rich[x->nrich++] = (struct rich){x->nsst, x->si_runs, x->nruns - x->si_runs};
        }
        x->sst_off[x->nsst++] = x->sst.len - x->text.len - 1;
    } else if (!x->depth_rph)
        run_end(x, el, x->text.len);
}

static void text_chars(void *ud, const char *s, int n)
{
    chitieu_xlsx *x = ud;
    if (x->in_text && put(&x->text, s, (size_t)n, CHITIEU_XLSX_MAX_ROW_BYTES))
        x->err = 1;
}

/* --- styles.xml: which cell formats (cellXfs) show dates --- */

/* What a number format shows: a number format code's class. */
enum { FMT_DATE = 1, FMT_PERCENT = 2 };

/* Does a number format code show a date or time (FMT_DATE), a percentage (FMT_PERCENT: the value
 * times 100 with a '%'), or a plain number (0)?  Quoted text, escaped characters and bracketed
 * parts (colours, conditions, locales) are skipped. */
static int format_class(const char *code)
{
    int pct = 0;
    for (const char *p = code; *p; p++) {
        if (*p == '"') {
            while (p[1] && p[1] != '"')
                p++;
            if (p[1])
                p++;
        } else if (*p == '\\' && p[1])
            p++;
        else if (*p == '[') {
            while (p[1] && p[1] != ']')
                p++;
        } else if (strchr("dDmMyYhHsS", *p) && !(p == code && strncmp(code, "General", 7) == 0))
            return FMT_DATE;
        else if (*p == '%')
            pct = 1;
    }
    return pct ? FMT_PERCENT : 0;
}

/* The first section of number format code c (up to an unquoted ';'): its parts one at a time.  Each call
 * returns the kind of the part at *p and moves *p past it: 'Q' quoted text or an escaped character, 'L' a
 * space's width "_x" (one blank) or a character shown as it is (their bytes at *lit, *nlit), 'N' a part of the
 * number (0 # ? . , @ General), 0 at the section's end; a fill "*x" or a bracketed part is skipped. */
static int format_part(const char **p, const char **lit, size_t *nlit)
{
    for (;;) {
        const char *q = *p;
        size_t ch = q[0] ? 1 : 0; /* the bytes of the UTF-8 character at q */
        while (ch && (q[ch] & 0xC0) == 0x80)
            ch++;
        if (!*q || *q == ';')
            return 0;
        if (*q == '"') {
            const char *e = strchr(q + 1, '"');
            *lit = q + 1;
            *nlit = e ? (size_t)(e - q - 1) : strlen(q + 1);
            *p = e ? e + 1 : q + 1 + *nlit;
            return 'Q';
        }
        if ((*q == '\\' || *q == '_' || *q == '*') && q[1]) {
            size_t c2 = 1;
            while ((q[1 + c2] & 0xC0) == 0x80)
                c2++;
            *p = q + 1 + c2;
            if (*q == '*')
                continue;
            *lit = *q == '_' ? " " : q + 1;
            *nlit = *q == '_' ? 1 : c2;
            return *q == '_' ? 'L' : 'Q';
        }
        if (*q == '[') {
            const char *e = strchr(q, ']');
            *p = e ? e + 1 : q + strlen(q);
            continue;
        }
        if (strncmp(q, "General", 7) == 0) {
            *p = q + 7;
            return 'N';
        }
        *p = q + ch;
        if (strchr("0#?.,@", *q))
            return 'N';
        *lit = q;
        *nlit = ch;
        return 'L';
    }
}

/* Does number format code c (a plain number's: not a date, a percentage) show words beside its number --
 * quoted or escaped text with a letter ("0\" (ước)\"", "0\\ \"ƯTH\"", "\"Năm \"0")? */
static int format_words(const char *c)
{
    const char *lit;
    size_t n;
    int k;
    while ((k = format_part(&c, &lit, &n)))
        for (size_t i = 0; k == 'Q' && i < n; i++)
            if ((unsigned char)lit[i] >= 0x80 || isalpha((unsigned char)lit[i]))
                return 1;
    return 0;
}

/* Built-in number formats that show dates and times (FMT_DATE) or percentages (9 "0%", 10 "0.00%"). */
static int builtin_class(unsigned id)
{
    if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58))
        return FMT_DATE;
    return id == 9 || id == 10 ? FMT_PERCENT : 0;
}

static void styles_start(void *ud, const char *el, const char **atts)
{
    chitieu_xlsx *x = ud;
    el = local(el);
    if (strcmp(el, "numFmt") == 0) {
        const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
        if (id && code && !chitieu__grow(&x->fmts, &x->fmt_cap, x->nfmt, sizeof *x->fmts)) {
            x->fmts[x->nfmt].id = (unsigned)strtoul(id, NULL, 10);
            x->fmts[x->nfmt].date = format_class(code);
            x->fmts[x->nfmt].code = NULL;
            if (!x->fmts[x->nfmt].date && format_words(code) && !(x->fmts[x->nfmt].code = chitieu__strdup(code)))
                x->err = 1;
            x->nfmt++;
        }
    } else if (strcmp(el, "fonts") == 0)
        x->in_fonts = 1;
    else if (strcmp(el, "font") == 0 && x->in_fonts) {
        if (chitieu__grow(&x->sfonts, &x->sfont_cap, x->nsfont, sizeof *x->sfonts) == 0)
            x->sfonts[x->nsfont++] = (struct font){NULL, CHITIEU_TCVN3_NO};
        else
            x->err = 1;
    } else if (strcmp(el, "name") == 0 && x->in_fonts && x->nsfont) {
        const char *v = attr(atts, "val");
        struct font *f = &x->sfonts[x->nsfont - 1];
        if (v && !f->name) {
            if (!(f->name = chitieu__strdup(v)))
                x->err = 1;
            x->any_abc |= (f->cls = chitieu_tcvn3_font(v)) != CHITIEU_TCVN3_NO;
        }
    } else if (strcmp(el, "cellXfs") == 0)
        x->in_cellxfs = 1;
    else if (strcmp(el, "xf") == 0 && x->in_cellxfs) {
        const char *id = attr(atts, "numFmtId");
        unsigned f = id ? (unsigned)strtoul(id, NULL, 10) : 0;
        int date = builtin_class(f);
        const char *words = NULL;
        for (size_t i = 0; i < x->nfmt; i++)
            if (x->fmts[i].id == f) {
                date = x->fmts[i].date;
                words = x->fmts[i].code;
            }
        const char *font = attr(atts, "fontId");
        if (chitieu__grow(&x->xf_words, &x->xfw_cap, x->nxf, sizeof *x->xf_words) == 0 &&
            chitieu__grow(&x->xf_date, &x->xf_cap, x->nxf, 1) == 0 &&
            chitieu__grow(&x->xf_font, &x->xf_font_cap, x->nxf, sizeof *x->xf_font) == 0) {
            x->xf_words[x->nxf] = words;
            x->xf_font[x->nxf] = font ? (size_t)strtoul(font, NULL, 10) : 0;
            x->xf_date[x->nxf++] = (unsigned char)date;
        }
    }
}

static void styles_end(void *ud, const char *el)
{
    chitieu_xlsx *x = ud;
    if (strcmp(local(el), "cellXfs") == 0)
        x->in_cellxfs = 0;
    else if (strcmp(local(el), "fonts") == 0)
        x->in_fonts = 0;
}

int chitieu_xlsx_open(chitieu_xlsx **out, const char *path, const char *name)
{
    *out = NULL;
    chitieu_xlsx *x = calloc(1, sizeof *x);
    if (!x || !(x->name = chitieu__strdup(name ? name : path))) {
        free(x);
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    }
    int zerr = 0;
    x->zip = zip_open(path, ZIP_RDONLY, &zerr);
    if (!x->zip) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        int rc =
            zerr == ZIP_ER_OPEN || zerr == ZIP_ER_READ || zerr == ZIP_ER_NOENT
                ? chitieu__fail(CHITIEU_EIO, "%s: cannot open: %s", x->name, zip_error_strerror(&ze))
                : chitieu__fail(CHITIEU_EINVALID, "%s: not an .xlsx workbook: %s", x->name, zip_error_strerror(&ze));
        zip_error_fini(&ze);
        chitieu_xlsx_free(x);
        return rc;
    }
    x->cur = NONE;
    /* the workbook: the package's officeDocument (xl/workbook.xml in every spreadsheet program's files) */
    int rc = parse_part(x, "_rels/.rels", 1, pkg_rels_start, no_end, no_chars);
    if (rc > 0 || (rc == CHITIEU_OK && !x->wb_part && !x->err)) {
        rc = CHITIEU_OK;
        x->wb_part = chitieu__strdup("xl/workbook.xml");
    }
    if (rc == CHITIEU_OK && (x->err || !x->wb_part))
        rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    size_t wl = x->wb_part ? strlen(x->wb_part) : 0;
    if (rc == CHITIEU_OK && wl > 4 && strcmp(x->wb_part + wl - 4, ".bin") == 0) /* xl/workbook.bin */
        rc = chitieu__fail(CHITIEU_EINVALID,
                           "%s: an Excel Binary Workbook (.xlsb), which chitieu does not read: save it as .xlsx "
                           "(Excel Workbook) or as CSV UTF-8",
                           x->name);
    if (rc == CHITIEU_OK)
        rc = parse_part(x, x->wb_part, 0, wb_start, wb_end, no_chars);
    char *rels = NULL;
    if (rc == CHITIEU_OK) { /* xl/_rels/workbook.xml.rels */
        const char *base = strrchr(x->wb_part, '/');
        base = base ? base + 1 : x->wb_part;
        size_t n = strlen(x->wb_part) + 12;
        if ((rels = malloc(n)))
            snprintf(rels, n, "%.*s_rels/%s.rels", (int)(base - x->wb_part), x->wb_part, base);
        else
            rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    }
    if (rc == CHITIEU_OK)
        rc = parse_part(x, rels, 0, rels_start, no_end, no_chars);
    free(rels);
    /* the shared strings and styles where the relationships say, else at xl/sharedStrings.xml, xl/styles.xml */
    if (rc == CHITIEU_OK && (!x->sst_part || (rc = parse_part(x, x->sst_part, 1, sst_start, sst_end, text_chars)) > 0) &&
        (rc = parse_part(x, "xl/sharedStrings.xml", 1, sst_start, sst_end, text_chars)) > 0)
        rc = CHITIEU_OK;
    if (rc == CHITIEU_OK &&
        (!x->styles_part || (rc = parse_part(x, x->styles_part, 1, styles_start, styles_end, no_chars)) > 0) &&
        (rc = parse_part(x, "xl/styles.xml", 1, styles_start, styles_end, no_chars)) > 0)
        rc = CHITIEU_OK;
    x->nsst_runs = x->nruns;
    if (rc == CHITIEU_OK && x->err)
        rc = chitieu__fail(CHITIEU_ENOMEM, "%s: out of memory (or shared strings over %u MiB)", x->name,
                           CHITIEU_XLSX_MAX_STRINGS_BYTES >> 20);
    /* keep the worksheets (those with a part), in workbook order */
    size_t k = 0;
    for (size_t i = 0; rc == CHITIEU_OK && i < x->nsheets; i++) {
        if (!x->sheets[i].name || !x->sheets[i].rid)
            rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
        if (x->sheets[i].part)
            x->sheets[k++] = x->sheets[i];
        else {
            free(x->sheets[i].name);
            free(x->sheets[i].rid);
        }
    }
    if (rc == CHITIEU_OK)
        x->nsheets = k;
    if (rc == CHITIEU_OK && k == 0)
        rc = chitieu__fail(CHITIEU_EINVALID, "%s: the workbook has no worksheet", x->name);
    if (rc) {
        chitieu_xlsx_free(x);
        return rc;
    }
    *out = x;
    return CHITIEU_OK;
}

size_t chitieu_xlsx_sheet_count(const chitieu_xlsx *x)
{
    return x->nsheets;
}

const char *chitieu_xlsx_sheet_name(const chitieu_xlsx *x, size_t i)
{
    return i < x->nsheets ? x->sheets[i].name : NULL;
}

int chitieu_xlsx_sheet_hidden(const chitieu_xlsx *x, size_t i)
{
    return i < x->nsheets && x->sheets[i].hidden;
}

const char *chitieu_xlsx_current(const chitieu_xlsx *x)
{
    return x->cur < x->nsheets ? x->sheets[x->cur].name : NULL;
}

/* --- a worksheet: <sheetData><row r><c r t s><v>|<is><t>|<f>... --- */

char *chitieu_xlsx_column(char *b, size_t col)
{
    char tmp[4];
    size_t n = 0;
    col++;
    while (col && n < 3) {
        tmp[n++] = (char)('A' + (col - 1) % 26);
        col = (col - 1) / 26;
    }
    for (size_t i = 0; i < n; i++)
        b[i] = tmp[n - 1 - i];
    b[n] = '\0';
    return b;
}

char *chitieu_xlsx_sheet_ref(char *b, size_t n, const char *sheet)
{
    int quote = 0;
    for (const unsigned char *p = (const unsigned char *)sheet; *p; p++)
        if (*p < 0x80 && !(*p >= '0' && *p <= '9') && !((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') && *p != '_' &&
            *p != '.')
            quote = 1;
    size_t k = 0;
    if (quote && k + 1 < n)
        b[k++] = '\'';
    for (const char *p = sheet; *p && k + 3 < n; p++) {
        if (*p == '\'' && quote)
            b[k++] = '\'';
        b[k++] = *p;
    }
    if (quote && k + 1 < n)
        b[k++] = '\'';
    b[k] = '\0';
    return b;
}

/* "Sheet!C12" for column col of the current row. */
static const char *cell_ref(chitieu_xlsx *x, char *b, size_t n, size_t col)
{
    char letters[4], sheet[256];
    snprintf(b, n, "%s!%s%lu", chitieu_xlsx_sheet_ref(sheet, sizeof sheet, x->sheets[x->cur].name),
             chitieu_xlsx_column(letters, col), x->row);
    return b;
}

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
static long days_from_civil(long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

/* The civil date of a day count since 1970-01-01. */
static void civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (long)yoe + era * 400 + (*m <= 2);
}

/* A date serial as "YYYY-MM-DD" (and "THH:MM:SS" when it has a time of day); 0, or -1 when out of range. */
static int serial_date(char *b, size_t n, double serial, int date1904)
{
    if (!(serial >= 0 && serial < 2958466)) /* up to 9999-12-31 */
        return -1;
    long days = (long)floor(serial);
    long secs = lround((serial - (double)days) * 86400.0);
    if (secs == 86400) {
        days++;
        secs = 0;
    }
    long base;
    if (date1904)
        base = days_from_civil(1904, 1, 1);
    else if (days >= 61) /* Excel counts a 29 February 1900 that did not exist */
        base = days_from_civil(1899, 12, 30);
    else
        base = days_from_civil(1899, 12, 31);
    long y;
    unsigned m, d;
    civil_from_days(base + days, &y, &m, &d);
    if (secs)
        snprintf(b, n, "%04ld-%02u-%02uT%02ld:%02ld:%02ld", y, m, d, secs / 3600, secs / 60 % 60, secs % 60);
    else
        snprintf(b, n, "%04ld-%02u-%02u", y, m, d);
    return 0;
}

/* Column of a cell reference ("AB12" -> 27); NONE when it has no letters. */
static size_t ref_col(const char *r)
{
    size_t c = 0, k = 0;
    for (; *r >= 'A' && *r <= 'Z' && k < 4; r++, k++)
        c = c * 26 + (size_t)(*r - 'A' + 1);
    return k == 0 || k > 3 ? NONE : c - 1;
}

/* --- the merge list: <mergeCells><mergeCell ref="A5:A9"/>... after <sheetData> --- */

/* A cell reference "AB12" into *col (0-based) and *row (1..MAX_ROWS); the text after it, or NULL when it is not
 * one (a row past a sheet's last, or too long for strtoul, is none: it would name no cell of the sheet). */
static const char *parse_ref(const char *r, size_t *col, unsigned long *row)
{
    *col = ref_col(r);
    while (*r >= 'A' && *r <= 'Z')
        r++;
    char *end;
    if (*col == NONE || *col >= CHITIEU_XLSX_MAX_COLS || !(*r >= '1' && *r <= '9'))
        return NULL;
    *row = 0;
    for (end = (char *)r; *end >= '0' && *end <= '9'; end++)
        if ((*row = *row * 10 + (unsigned long)(*end - '0')) > MAX_ROWS)
            return NULL;
    return end;
}

/* A <mergeCell ref="A5:A9"/> into the list (a range of one cell is left out); a malformed one stops the parse. */
static void merge_start(void *ud, const char *el, const char **atts)
{
    chitieu_xlsx *x = ud;
    if (x->err || strcmp(local(el), "mergeCell") != 0)
        return;
    const char *ref = attr(atts, "ref"), *p;
    chitieu_xlsx_range m;
    if (!ref || !(p = parse_ref(ref, &m.col1, &m.row1)) || *p != ':' || !(p = parse_ref(p + 1, &m.col2, &m.row2)) ||
        *p || m.col2 < m.col1 || m.row2 < m.row1) {
        xfail(x, x->sheets[x->cur].name, "merged range '%s' is not a range of cells (A1:B2)", ref ? ref : "");
        abort_parse(x);
        return;
    }
    if (m.row1 == m.row2 && m.col1 == m.col2)
        return; /* one cell: nothing covered */
    if (x->nmerges >= CHITIEU_XLSX_MAX_MERGES) {
        xfail(x, x->sheets[x->cur].name, "more than %u merged ranges", CHITIEU_XLSX_MAX_MERGES);
        abort_parse(x);
        return;
    }
    if (chitieu__grow(&x->merges, &x->merge_cap, x->nmerges, sizeof *x->merges)) {
        chitieu__fail(CHITIEU_ENOMEM, "out of memory");
        abort_parse(x);
        return;
    }
    x->merges[x->nmerges++] = m;
}

/* The end of <mergeCells>: the parse stops there. */
static void merge_end(void *ud, const char *el)
{
    chitieu_xlsx *x = ud;
    if (strcmp(local(el), "mergeCells") == 0)
        XML_StopParser(x->active, XML_FALSE); /* what follows is not needed (and closes elements never opened) */
}

/* Order of ranges by first row, then first column. */
static int merge_order(const void *a, const void *b)
{
    const chitieu_xlsx_range *p = a, *q = b;
    if (p->row1 != q->row1)
        return p->row1 < q->row1 ? -1 : 1;
    return p->col1 < q->col1 ? -1 : p->col1 > q->col1;
}

/* Where "mergeCells" at b[i] starts an element ("<mergeCells", "<x:mergeCells"): the index of its '<', or NONE;
 * *cut set when a prefix reaches back to b[0], so its '<' may lie before the bytes kept. */
static size_t merge_tag(const char *b, size_t i, int *cut)
{
    size_t k = i;
    if (k && b[k - 1] == ':') {
        k--;
        while (k && (((b[k - 1] | 0x20) >= 'a' && (b[k - 1] | 0x20) <= 'z') || (b[k - 1] >= '0' && b[k - 1] <= '9') ||
                     b[k - 1] == '_' || b[k - 1] == '-' || b[k - 1] == '.'))
            k--;
        *cut |= k == 0;
    }
    return k && b[k - 1] == '<' ? k - 1 : NONE;
}

/* Read the merge list of sheet i into x->merges, sorted.  The part is inflated once more and searched for
 * the element; expat parses it from there (it comes after the rows: nothing else of the sheet is parsed,
 * and memory holds one piece of the part).  0, or a negative code with a message. */
static int read_merges(chitieu_xlsx *x, size_t i)
{
    static const char tag[] = "mergeCells";
    enum { TL = sizeof tag - 1, KEEP = 1024 }; /* KEEP: bytes kept of a piece (a prefixed name cut in two) */
    x->nmerges = x->merge_next = x->nactive = 0;
    x->active_row = 0;
    x->active_end = ULONG_MAX;
    zip_file_t *zf = open_part(x, x->sheets[i].part);
    if (!zf)
        return xfail(x, x->sheets[i].name, "its part %s is missing from the workbook", x->sheets[i].part);
    char *b = malloc(KEEP + CHUNK);
    XML_Parser p = NULL;
    int rc = b ? CHITIEU_OK : chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    size_t have = 0; /* bytes kept from the piece before: a name cut in two */
    x->err = 0;
    while (!rc) {
        zip_int64_t got = zip_fread(zf, b + have, CHUNK);
        if (got < 0) {
            rc = xfail(x, x->sheets[i].name, "cannot be read: %s", zip_file_strerror(zf));
            break;
        }
        size_t n = have + (size_t)got, at = NONE;
        if (!p) {
            int cut = 0;
            for (const char *h = b; (h = memchr(h, 'm', (size_t)(b + n - h))) && (size_t)(h - b) + TL <= n; h++)
                if (memcmp(h, tag, TL) == 0 && (at = merge_tag(b, (size_t)(h - b), &cut)) != NONE)
                    break;
            if (at == NONE && cut && have) {
                rc = xfail(x, x->sheets[i].name, "%s: a name before 'mergeCells' longer than %d bytes", x->sheets[i].part,
                           KEEP - TL - 2);
                break;
            }
            if (at == NONE) {
                if (got == 0)
                    break; /* no merged cells */
                have = n < KEEP ? n : KEEP;
                memmove(b, b + n - have, have);
                continue;
            }
            if (!(p = XML_ParserCreate(NULL))) {
                rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
                break;
            }
            XML_SetUserData(p, x);
            XML_SetElementHandler(p, merge_start, merge_end);
            x->active = p;
        } else
            at = 0;
        enum XML_Status st = XML_Parse(p, b + at, (int)(n - at), got == 0);
        have = 0;
        if (st == XML_STATUS_ERROR && XML_GetErrorCode(p) == XML_ERROR_ABORTED && !x->err)
            break; /* the end of the merge list */
        if (st == XML_STATUS_ERROR) {
            rc = x->err ? (chitieu_error_code() ? chitieu_error_code() : CHITIEU_EINVALID)
                        : xfail(x, x->sheets[i].name, "%s: the merged ranges cannot be read: %s", x->sheets[i].part,
                                XML_ErrorString(XML_GetErrorCode(p)));
            break;
        }
        if (got == 0)
            break;
    }
    if (p)
        XML_ParserFree(p);
    free(b);
    zip_fclose(zf);
    x->err = 0;
    if (!rc && x->nmerges > 1)
        qsort(x->merges, x->nmerges, sizeof *x->merges, merge_order);
    if (rc)
        x->nmerges = 0;
    return rc;
}

/* The place of column col in the active list: the number of active ranges starting before it. */
static size_t active_place(const chitieu_xlsx *x, size_t col)
{
    size_t lo = 0, hi = x->nactive;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x->merges[x->active_m[mid]].col1 < col)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Make the active list the ranges covering row `row`: ranges are added as their first row is reached and
 * dropped after their last, so the rows must come in order (a row above the last one is an error, as is a
 * range overlapping one already active: a cell is in one range at most).  The list is kept by first column
 * and only passed over when a range ends: a row costs a binary search per range it starts, whatever the
 * number of ranges covering it.  CHITIEU_OK, or a negative code with a message. */
static int merges_at(chitieu_xlsx *x, unsigned long row)
{
    if (row < x->active_row)
        return xfail(x, x->sheets[x->cur].name,
                     "row %lu comes after row %lu: a sheet with merged cells must list its rows top to bottom "
                     "(save the file again in a spreadsheet program)",
                     row, x->active_row);
    x->active_row = row;
    if (row > x->active_end) { /* a range ended: drop those that did, keeping the order */
        size_t k = 0;
        x->active_end = ULONG_MAX;
        for (size_t i = 0; i < x->nactive; i++) {
            unsigned long end = x->merges[x->active_m[i]].row2;
            if (end >= row) {
                x->active_m[k++] = x->active_m[i];
                if (end < x->active_end)
                    x->active_end = end;
            }
        }
        x->nactive = k;
    }
    for (; x->merge_next < x->nmerges && x->merges[x->merge_next].row1 <= row; x->merge_next++) {
        const chitieu_xlsx_range *m = &x->merges[x->merge_next];
        if (m->row2 < row)
            continue;
        size_t at = active_place(x, m->col1);
        /* the active ranges share no column: only the neighbours can meet this one */
        const chitieu_xlsx_range *a = at > 0 && x->merges[x->active_m[at - 1]].col2 >= m->col1 ? &x->merges[x->active_m[at - 1]]
                                      : at < x->nactive && x->merges[x->active_m[at]].col1 <= m->col2 ? &x->merges[x->active_m[at]]
                                                                                                      : NULL;
        if (a) { /* both cover this row, and a began no later (the list is by first row) */
            char r1[48], r2[48], c[4];
            return xfail(x, x->sheets[x->cur].name,
                         "merged ranges %s and %s overlap (cell %s%lu is in both): open the file in a "
                         "spreadsheet program, unmerge them and merge again",
                         chitieu_xlsx_range_ref(r1, sizeof r1, a), chitieu_xlsx_range_ref(r2, sizeof r2, m),
                         chitieu_xlsx_column(c, a->col1 > m->col1 ? a->col1 : m->col1), m->row1);
        }
        if (chitieu__grow(&x->active_m, &x->active_cap, x->nactive, sizeof *x->active_m))
            return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
        memmove(x->active_m + at + 1, x->active_m + at, (x->nactive - at) * sizeof *x->active_m);
        x->active_m[at] = x->merge_next;
        x->nactive++;
        if (m->row2 < x->active_end)
            x->active_end = m->row2;
    }
    return CHITIEU_OK;
}

int chitieu_xlsx_merges(chitieu_xlsx *x, size_t *n)
{
    *n = 0;
    if (x->cur >= x->nsheets)
        return CHITIEU_OK;
    int rc = CHITIEU_OK;
    if (!x->merges_read) {
        x->merges_read = 1; /* a list that cannot be read is said once; then the sheet has none */
        rc = read_merges(x, x->cur);
        x->active = x->p;
        if (!rc && x->nmerges && x->row)
            rc = merges_at(x, x->row);
        if (rc)
            x->nmerges = x->nactive = 0;
    }
    *n = x->nmerges;
    return rc;
}

int chitieu_xlsx_merged_at(const chitieu_xlsx *x, unsigned long row, size_t col, chitieu_xlsx_range *range)
{
    for (size_t i = 0; i < x->nmerges && x->merges[i].row1 <= row; i++) {
        const chitieu_xlsx_range *m = &x->merges[i];
        if (col >= m->col1 && col <= m->col2 && row <= m->row2) {
            if (range)
                *range = *m;
            return 1;
        }
    }
    return 0;
}

int chitieu_xlsx_merged(const chitieu_xlsx *x, size_t col, chitieu_xlsx_range *range)
{
    size_t at = col == NONE ? x->nactive : active_place(x, col + 1); /* the ranges starting at col or before */
    if (!at)
        return 0;
    const chitieu_xlsx_range *m = &x->merges[x->active_m[at - 1]]; /* the last of them: no other can reach col */
    if (col > m->col2 || x->row < m->row1 || x->row > m->row2)
        return 0;
    if (range)
        *range = *m;
    return 1;
}

char *chitieu_xlsx_range_ref(char *b, size_t n, const chitieu_xlsx_range *r)
{
    char c1[4], c2[4];
    snprintf(b, n, "%s%lu:%s%lu", chitieu_xlsx_column(c1, r->col1), r->row1, chitieu_xlsx_column(c2, r->col2),
             r->row2);
    return b;
}

/* Note a <col min max hidden> of the selected sheet's <cols> when it hides columns, in the sorted list of
 * ranges kept apart (one it meets or overlaps is merged into it: a lookup is a binary search, whatever the
 * order the file lists them in); a bad one is ignored (it hides nothing Excel would show). */
static void col_hidden_start(chitieu_xlsx *x, const char **atts)
{
    const char *min = attr(atts, "min"), *max = attr(atts, "max");
    if (!xml_true(attr(atts, "hidden")) || !min || !max)
        return;
    unsigned long a = strtoul(min, NULL, 10), b = strtoul(max, NULL, 10);
    if (a < 1 || b < a || a > CHITIEU_XLSX_MAX_COLS || x->nhcols >= CHITIEU_XLSX_MAX_COLS)
        return;
    if (b > CHITIEU_XLSX_MAX_COLS)
        b = CHITIEU_XLSX_MAX_COLS;
    size_t c1 = a - 1, c2 = b - 1, lo = 0, hi = x->nhcols;
    while (lo < hi) { /* the first range that ends at c1 - 1 or later: the list is sorted, its ranges apart */
        size_t mid = lo + (hi - lo) / 2;
        if (x->hcols[mid].c2 + 1 < c1)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (hi = lo; hi < x->nhcols && x->hcols[hi].c1 <= c2 + 1; hi++) { /* those it meets become one */
        if (x->hcols[hi].c1 < c1)
            c1 = x->hcols[hi].c1;
        if (x->hcols[hi].c2 > c2)
            c2 = x->hcols[hi].c2;
    }
    if (hi == lo) {
        if (chitieu__grow(&x->hcols, &x->hcol_cap, x->nhcols, sizeof *x->hcols)) {
            chitieu__fail(CHITIEU_ENOMEM, "out of memory");
            abort_parse(x);
            return;
        }
        hi = lo + 1;
        x->nhcols++;
        memmove(x->hcols + hi, x->hcols + lo, (x->nhcols - hi) * sizeof *x->hcols);
    } else if (hi > lo + 1) {
        memmove(x->hcols + lo + 1, x->hcols + hi, (x->nhcols - hi) * sizeof *x->hcols);
        x->nhcols -= hi - lo - 1;
    }
    x->hcols[lo].c1 = c1;
    x->hcols[lo].c2 = c2;
}

static void sheet_start(void *ud, const char *el, const char **atts)
{
    chitieu_xlsx *x = ud;
    if (x->err)
        return; /* stopped: expat may still call back (the end of an empty element) */
    el = local(el);
    if (strcmp(el, "sheetData") == 0)
        x->in_sheetdata = 1;
    else if (!x->in_sheetdata) {
        if (strcmp(el, "col") == 0) /* <cols> comes before <sheetData> */
            col_hidden_start(x, atts);
        return;
    }
    else if (strcmp(el, "row") == 0) {
        const char *r = attr(atts, "r");
        x->row = r ? strtoul(r, NULL, 10) : x->next_row;
        x->next_row = x->row + 1;
        x->row_hidden = xml_true(attr(atts, "hidden"));
        x->next_col = 0;
        for (size_t i = 0; i < x->ncols; i++)
            x->coff[i] = 0;
        x->ncols = 0;
        x->rowtext.len = 0;
        if (x->nmerges && merges_at(x, x->row)) {
            abort_parse(x); /* the message is merges_at's */
            return;
        }
        if (put(&x->rowtext, "", 1, CHITIEU_XLSX_MAX_ROW_BYTES)) { /* offset 0: the empty string */
            chitieu__fail(CHITIEU_ENOMEM, "out of memory");
            abort_parse(x);
        }
    } else if (strcmp(el, "c") == 0) {
        const char *r = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
        x->col = r ? ref_col(r) : x->next_col;
        if (x->col == NONE || x->col >= CHITIEU_XLSX_MAX_COLS) {
            xfail(x, x->sheets[x->cur].name, "cell reference '%s' in row %lu is not A1..XFD", r ? r : "?", x->row);
            abort_parse(x);
            return;
        }
        x->next_col = x->col + 1;
        snprintf(x->ctype, sizeof x->ctype, "%s", t ? t : "n");
        x->cstyle = s ? strtol(s, NULL, 10) : 0;
        x->have_v = x->have_f = x->in_is = 0;
        x->cell.len = 0;
        if (x->cell.p)
            x->cell.p[0] = '\0';
    } else if (strcmp(el, "v") == 0) {
        x->in_v = x->have_v = 1;
        x->cell.len = 0;
    } else if (strcmp(el, "f") == 0)
        x->have_f = 1;
    else if (strcmp(el, "is") == 0) {
        x->in_is = 1;
        x->si_runs = x->nruns;
    } else if (strcmp(el, "rPh") == 0)
        x->depth_rph++;
    else if (strcmp(el, "t") == 0 && x->in_is && !x->depth_rph)
        x->in_text = 1;
    else if (x->in_is && !x->depth_rph) {
        run_start(x, el, atts);
        if (x->err) {
            chitieu__fail(CHITIEU_ENOMEM, "out of memory");
            abort_parse(x);
        }
    }
}

/* The runs of text cell: shared string i's that name a font, or (i NONE) an inline string's; *n of them. */
static const struct run *cell_runs(const chitieu_xlsx *x, size_t i, size_t *n)
{
    *n = 0;
    if (i == NONE) {
        *n = x->nruns > x->nsst_runs && x->in_is ? x->nruns - x->nsst_runs : 0;
        return *n ? x->runs + x->nsst_runs : NULL;
    }
    size_t lo = 0, hi = x->nrich;
    while (lo < hi) { /* rich is sorted by string */
        size_t mid = lo + (hi - lo) / 2;
        if (x->rich[mid].str < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == x->nrich || x->rich[lo].str != i)
        return NULL;
    *n = x->rich[lo].n;
    return x->runs + x->rich[lo].first;
}

/* Text cell `text` (shared string sst_index, or NONE) as read: each run -- the whole text when it has none that
 * names a font -- through chitieu_tcvn3_read when its font (its own, else the cell's) is an ABC font or every
 * cell is read so (tcvn3_all), in capitals for a capital font (*caps set when a run so read changed: the letters'
 * case is the font's, not the typed one).  Returns text itself when nothing changes, else x->conv, counting the
 * cell and keeping the first one's sample; NULL when out of memory. */
static const char *tcvn3_cell(chitieu_xlsx *x, const char *text, size_t sst_index, int *caps)
{
    size_t nr, len = strlen(text), xf = x->cstyle >= 0 && (size_t)x->cstyle < x->nxf ? (size_t)x->cstyle : NONE;
    const struct run *runs = cell_runs(x, sst_index, &nr);
    const struct font *cf = xf != NONE && x->xf_font[xf] < x->nsfont ? &x->sfonts[x->xf_font[xf]] : NULL;
    struct run whole = {len, -1};
    if (!nr) {
        runs = &whole;
        nr = 1;
    }
    x->conv.len = 0;
    const char *font = NULL;
    int changed = 0;
    for (size_t r = 0, at = 0; r < nr; r++) {
        size_t end = runs[r].end > len ? len : runs[r].end < at ? at : runs[r].end;
        const struct font *f = runs[r].font >= 0 ? &x->rfonts[runs[r].font] : cf;
        int cls = f ? f->cls : CHITIEU_TCVN3_NO;
        if (r == nr - 1)
            end = len; /* text after the last run (none in a well-formed string) goes with it */
        if (cls != CHITIEU_TCVN3_NO || x->tcvn3_all) {
            size_t need = x->conv.len + CHITIEU_TCVN3_SIZE(end - at);
            if (need > x->conv.cap) {
                char *p = realloc(x->conv.p, need);
                if (!p)
                    return NULL;
                x->conv.p = p;
                x->conv.cap = need;
            }
            long w = chitieu_tcvn3_read(x->conv.p + x->conv.len, need - x->conv.len, text + at, end - at,
                                        cls == CHITIEU_TCVN3_UPPER);
            if (w >= 0 && ((size_t)w != end - at || memcmp(x->conv.p + x->conv.len, text + at, end - at) != 0)) {
                *caps |= cls == CHITIEU_TCVN3_UPPER;
                if (!changed++) {
                    font = cls != CHITIEU_TCVN3_NO ? f->name : NULL;
                    if (!x->t3_count) {
                        char piece[256];
                        snprintf(piece, sizeof piece, "%.*s", (int)(end - at < 255 ? end - at : 255), text + at);
                        chitieu_tcvn3_sample(x->t3_was, sizeof x->t3_was, x->t3_reads, sizeof x->t3_reads, piece,
                                             cls == CHITIEU_TCVN3_UPPER);
                        x->t3_font = font;
                    }
                }
                x->conv.len += (size_t)w;
                at = end;
                continue;
            }
        }
        if (put(&x->conv, text + at, end - at, CHITIEU_XLSX_MAX_ROW_BYTES))
            return NULL;
        at = end;
    }
    if (!changed)
        return text;
    x->t3_count++;
    return x->conv.p;
}

/* Store the finished cell's text into the row. */
static void cell_done(chitieu_xlsx *x)
{
    if (x->col >= CHITIEU_XLSX_MAX_COLS)
        return; /* a </c> without its <c> (refused at the start): nothing to store */
    char b[96], ref[300];
    const char *text = x->cell.p ? x->cell.p : "";
    chitieu_xlsx_cell type = CHITIEU_XLSX_TEXT;
    size_t sst_index = NONE; /* a shared string's index */
    int numeric = strcmp(x->ctype, "n") == 0;
    if (x->have_f && strcmp(x->ctype, "inlineStr") != 0 && (!x->have_v || (numeric && !*text))) {
        /* no <v>, or an empty <v></v> where a number belongs (what openpyxl writes) */
        type = CHITIEU_XLSX_NO_VALUE;
        text = "";
    } else if (strcmp(x->ctype, "s") == 0) {
        char *end;
        unsigned long i = strtoul(text, &end, 10);
        if (!x->have_v || end == text || i >= x->nsst) {
            xfail(x, cell_ref(x, ref, sizeof ref, x->col), "shared string '%s' does not exist", text);
            abort_parse(x);
            return;
        }
        text = x->sst.p + x->sst_off[i];
        sst_index = i;
    } else if (strcmp(x->ctype, "b") == 0) {
        text = strcmp(text, "1") == 0 ? "TRUE" : "FALSE";
        type = CHITIEU_XLSX_BOOL;
    } else if (strcmp(x->ctype, "e") == 0)
        type = CHITIEU_XLSX_ERROR;
    else if (strcmp(x->ctype, "d") == 0) {
        type = CHITIEU_XLSX_DATE;
        size_t n = strlen(text);
        if (n > 10 && strcmp(text + 10, "T00:00:00") == 0 && x->cell.p)
            x->cell.p[10] = '\0';
    } else if (strcmp(x->ctype, "str") != 0 && strcmp(x->ctype, "inlineStr") != 0) {
        /* a number (t="n" or none) */
        if (!x->have_v || !*text)
            type = CHITIEU_XLSX_EMPTY;
        else if (x->cstyle >= 0 && (size_t)x->cstyle < x->nxf && x->xf_date[x->cstyle] == FMT_DATE) {
            type = CHITIEU_XLSX_DATE;
            if (serial_date(b, sizeof b, strtod(text, NULL), x->date1904) == 0)
                text = b;
        } else if (x->cstyle >= 0 && (size_t)x->cstyle < x->nxf && x->xf_date[x->cstyle] == FMT_PERCENT)
            type = CHITIEU_XLSX_PERCENT;
        else
            type = CHITIEU_XLSX_NUMBER;
    }
    if (type == CHITIEU_XLSX_TEXT && !*text)
        type = CHITIEU_XLSX_EMPTY;
    if (type == CHITIEU_XLSX_EMPTY)
        return;
    int caps = 0; /* read in a capital font (CAPITALS in ctypes) */
    if (type == CHITIEU_XLSX_TEXT && (x->any_abc || x->tcvn3_all) && !(text = tcvn3_cell(x, text, sst_index, &caps))) {
        chitieu__fail(CHITIEU_ENOMEM, "out of memory");
        abort_parse(x);
        return;
    }
    if (x->col >= x->colcap) {
        size_t cap = x->colcap ? x->colcap : 16;
        while (cap <= x->col)
            cap *= 2;
        size_t *o = realloc(x->coff, cap * sizeof *o);
        if (o)
            x->coff = o;
        unsigned char *t = realloc(x->ctypes, cap);
        if (t)
            x->ctypes = t;
        unsigned *xf = realloc(x->cxf, cap * sizeof *xf);
        if (xf)
            x->cxf = xf;
        char **c = realloc(x->cells, cap * sizeof *c);
        if (c)
            x->cells = c;
        if (!o || !t || !xf || !c) {
            chitieu__fail(CHITIEU_ENOMEM, "out of memory");
            abort_parse(x);
            return;
        }
        for (size_t i = x->colcap; i < cap; i++)
            x->coff[i] = 0;
        x->colcap = cap;
    }
    size_t at = x->rowtext.len;
    if (put(&x->rowtext, text, strlen(text) + 1, CHITIEU_XLSX_MAX_ROW_BYTES)) {
        xfail(x, cell_ref(x, ref, sizeof ref, x->col), "row longer than %u MiB", CHITIEU_XLSX_MAX_ROW_BYTES >> 20);
        abort_parse(x);
        return;
    }
    for (size_t i = x->ncols; i < x->col; i++)
        x->ctypes[i] = CHITIEU_XLSX_EMPTY;
    if (x->col >= x->ncols)
        x->ncols = x->col + 1;
    x->coff[x->col] = at;
    x->ctypes[x->col] = (unsigned char)(type | (caps ? CAPITALS : 0));
    x->cxf[x->col] = x->cstyle >= 0 && (size_t)x->cstyle < x->nxf ? (unsigned)x->cstyle : 0;
}

static void sheet_end(void *ud, const char *el)
{
    chitieu_xlsx *x = ud;
    el = local(el);
    if (!x->in_sheetdata || x->err)
        return;
    if (strcmp(el, "v") == 0)
        x->in_v = 0;
    else if (strcmp(el, "t") == 0)
        x->in_text = 0;
    else if (strcmp(el, "rPh") == 0)
        x->depth_rph--;
    else if (strcmp(el, "c") == 0) {
        cell_done(x);
        x->nruns = x->nsst_runs; /* a cell's inline runs are its own */
        x->in_is = 0;
    } else if (x->in_is && !x->depth_rph)
        run_end(x, el, x->cell.len);
    else if (strcmp(el, "row") == 0) {
        if (x->ncols) {
            x->row_ready = 1;
            XML_StopParser(x->active, XML_TRUE);
        }
    } else if (strcmp(el, "sheetData") == 0)
        x->in_sheetdata = 0;
}

static void sheet_chars(void *ud, const char *s, int n)
{
    chitieu_xlsx *x = ud;
    if (x->err)
        return;
    if ((x->in_v || x->in_text) && put(&x->cell, s, (size_t)n, CHITIEU_XLSX_MAX_ROW_BYTES)) {
        char ref[300];
        xfail(x, cell_ref(x, ref, sizeof ref, x->col), "cell text longer than %u MiB",
              CHITIEU_XLSX_MAX_ROW_BYTES >> 20);
        abort_parse(x);
    }
}

/* Close the sheet being read. */
static void sheet_close(chitieu_xlsx *x)
{
    if (x->p)
        XML_ParserFree(x->p);
    if (x->zf)
        zip_fclose(x->zf);
    x->p = NULL;
    x->zf = NULL;
}

int chitieu_xlsx_select(chitieu_xlsx *x, size_t i)
{
    sheet_close(x);
    if (i >= x->nsheets)
        return chitieu__fail(CHITIEU_EINVALID, "%s: no sheet %zu", x->name, i + 1);
    x->cur = i;
    x->merges_read = 0;
    x->nmerges = x->merge_next = x->nactive = 0;
    x->active_row = 0;
    x->active_end = ULONG_MAX;
    x->nhcols = 0;
    x->row_hidden = 0;
    x->t3_count = 0;
    x->t3_was[0] = x->t3_reads[0] = '\0';
    x->t3_font = NULL;
    x->nruns = x->nsst_runs;
    x->in_is = 0;
    x->zf = open_part(x, x->sheets[i].part);
    if (!x->zf)
        return xfail(x, x->sheets[i].name, "its part %s is missing from the workbook", x->sheets[i].part);
    x->p = XML_ParserCreate(NULL);
    if (!x->p)
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    XML_SetUserData(x->p, x);
    XML_SetElementHandler(x->p, sheet_start, sheet_end);
    XML_SetCharacterDataHandler(x->p, sheet_chars);
    x->suspended = x->last = x->finished = x->row_ready = x->err = 0;
    x->in_sheetdata = x->in_v = x->in_text = x->depth_rph = 0;
    x->row = 0;
    x->next_row = 1;
    for (size_t c = 0; c < x->ncols; c++) /* the last row read of the sheet before: its cells' offsets are stale */
        x->coff[c] = 0;
    x->ncols = 0;
    return CHITIEU_OK;
}

int chitieu_xlsx_next(chitieu_xlsx *x, size_t *ncells, char *const **cells)
{
    if (!x->p)
        return chitieu__fail(CHITIEU_EINVALID, "%s: no sheet selected", x->name);
    for (;;) {
        if (x->row_ready) {
            x->row_ready = 0;
            for (size_t i = 0; i < x->ncols; i++)
                x->cells[i] = x->rowtext.p + x->coff[i];
            *ncells = x->ncols;
            *cells = x->cells;
            return 1;
        }
        if (x->finished)
            return 0;
        enum XML_Status st;
        x->active = x->p;
        if (x->suspended) {
            x->suspended = 0;
            st = XML_ResumeParser(x->p);
        } else {
            void *b = XML_GetBuffer(x->p, CHUNK);
            if (!b)
                return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
            zip_int64_t got = zip_fread(x->zf, b, CHUNK);
            if (got < 0)
                return xfail(x, x->sheets[x->cur].name, "cannot be read: %s", zip_file_strerror(x->zf));
            x->last = got == 0;
            st = XML_ParseBuffer(x->p, (int)got, x->last);
        }
        if (st == XML_STATUS_ERROR) {
            x->finished = 1;
            if (x->err)
                return chitieu_error_code() ? chitieu_error_code() : CHITIEU_EINVALID;
            return xfail(x, x->sheets[x->cur].name, "%s line %lu: %s", x->sheets[x->cur].part,
                         (unsigned long)XML_GetCurrentLineNumber(x->p), XML_ErrorString(XML_GetErrorCode(x->p)));
        }
        if (st == XML_STATUS_SUSPENDED)
            x->suspended = 1;
        else if (x->last)
            x->finished = 1;
    }
}

unsigned long chitieu_xlsx_row(const chitieu_xlsx *x)
{
    return x->row;
}

int chitieu_xlsx_row_hidden(const chitieu_xlsx *x)
{
    return x->row_hidden;
}

int chitieu_xlsx_col_hidden(const chitieu_xlsx *x, size_t col)
{
    size_t lo = 0, hi = x->nhcols;
    while (lo < hi) { /* the ranges starting at col or before */
        size_t mid = lo + (hi - lo) / 2;
        if (x->hcols[mid].c1 <= col)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && col <= x->hcols[lo - 1].c2; /* the last of them: the ranges are apart */
}

chitieu_xlsx_cell chitieu_xlsx_type(const chitieu_xlsx *x, size_t col)
{
    return col < x->ncols ? (chitieu_xlsx_cell)(x->ctypes[col] & ~CAPITALS) : CHITIEU_XLSX_EMPTY;
}

int chitieu_xlsx_capitals(const chitieu_xlsx *x, size_t col)
{
    return col < x->ncols && (x->ctypes[col] & CAPITALS);
}

/* The text number format `code` shows for stored value v, into buf (n bytes): v in place of the format's first
 * digits, the format's words around it -- each read as TCVN3 (capitals with `upper`) when t3, the value never (it
 * is not typed in the font: "1e-05" stays so in .VnTimeH).  Its length, or -1 when it has no number or does not
 * fit (or, with t3, a word is not TCVN3: the caller checked they are). */
static long shown_text(const char *code, const char *v, char *buf, size_t n, int t3, int upper)
{
    size_t k = 0, nl, vl = strlen(v);
    int part, number = 0;
    const char *lit;
    char t[CHITIEU_TCVN3_SIZE(256)];
    while ((part = format_part(&code, &lit, &nl))) {
        if (part == 'N' && number++)
            continue; /* the number is shown once, in place of its first digit */
        if (part == 'N') {
            lit = v;
            nl = vl;
        } else if (t3) {
            long w = nl < 256 ? chitieu_tcvn3_read(t, sizeof t, lit, nl, upper) : -1;
            if (w < 0)
                return -1;
            lit = t;
            nl = (size_t)w;
        }
        if (k + nl >= n)
            return -1;
        memcpy(buf + k, lit, nl);
        k += nl;
    }
    buf[k] = '\0';
    return number ? (long)k : -1;
}

int chitieu_xlsx_shown(const chitieu_xlsx *x, size_t col, char *buf, size_t n)
{
    if (col >= x->ncols || x->ctypes[col] != CHITIEU_XLSX_NUMBER || x->cxf[col] >= x->nxf || !n)
        return 0;
    const char *code = x->xf_words[x->cxf[col]], *v = x->rowtext.p + x->coff[col];
    long k;
    if (!code || (k = shown_text(code, v, buf, n, 0, 0)) < 0)
        return 0;
    size_t font = x->xf_font[x->cxf[col]];
    int cls = font < x->nsfont ? x->sfonts[font].cls : CHITIEU_TCVN3_NO;
    if (cls != CHITIEU_TCVN3_NO || x->tcvn3_all) { /* the format's words typed in a TCVN3 font */
        char t[CHITIEU_TCVN3_SIZE(256)];
        if (k < 256 && chitieu_tcvn3_read(t, sizeof t, buf, (size_t)k, 0) >= 0 && /* all of it TCVN3 */
            shown_text(code, v, buf, n, 1, cls == CHITIEU_TCVN3_UPPER) < 0)
            return 0;
    }
    return 1;
}

void chitieu_xlsx_set_tcvn3(chitieu_xlsx *x, int all)
{
    x->tcvn3_all = all != 0;
}

size_t chitieu_xlsx_tcvn3(const chitieu_xlsx *x, const char **was, const char **reads, const char **font)
{
    *was = x->t3_was;
    *reads = x->t3_reads;
    *font = x->t3_font;
    return x->t3_count;
}

void chitieu_xlsx_free(chitieu_xlsx *x)
{
    if (!x)
        return;
    sheet_close(x);
    if (x->zip)
        zip_discard(x->zip);
    for (size_t i = 0; i < x->nsheets; i++) {
        free(x->sheets[i].name);
        free(x->sheets[i].rid);
        free(x->sheets[i].part);
    }
    free(x->sheets);
    free(x->name);
    free(x->wb_part);
    free(x->sst_part);
    free(x->styles_part);
    free(x->sst.p);
    free(x->sst_off);
    free(x->xf_date);
    free(x->xf_words);
    for (size_t i = 0; i < x->nfmt; i++)
        free(x->fmts[i].code);
    free(x->xf_font);
    for (size_t i = 0; i < x->nsfont; i++)
        free(x->sfonts[i].name);
    for (size_t i = 0; i < x->nrfont; i++)
        free(x->rfonts[i].name);
    free(x->sfonts);
    free(x->rfonts);
    free(x->runs);
    free(x->rich);
    free(x->conv.p);
    free(x->fmts);
    free(x->text.p);
    free(x->cell.p);
    free(x->rowtext.p);
    free(x->coff);
    free(x->ctypes);
    free(x->cxf);
    free(x->cells);
    free(x->merges);
    free(x->active_m);
    free(x->hcols);
    free(x);
}
