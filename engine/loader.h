/*
 * loader.h — what the loader's source files share; not installed.
 *
 * The loader (chitieu/load.h) is split by job:
 *   load.c     the public entry: plans the files, runs the one transaction, keeps the report
 *   kinds.c    every column and every file kind, with the function that applies a kind's rows
 *              (a new kind or column is added there, and in the enums below)
 *   header.c   a file's layout: title rows, the header (on one row or two), its kind, where each column
 *              is (or which option gives it), year columns of a wide table with their status, the
 *              fields that pick the rows to load
 *   shape.c    each record into the rows of its kind: wide to long, columns given by options, --recode,
 *              --where and the other picks, missing markers; the shaping options, parsed once per load
 *   fields.c   the current row's fields as text, numbers, years and statuses; errors naming
 *              file:line:column (file:Sheet!C12 for a workbook)
 *   catalog.c  plans, areas and indicators rows into the store; the loader's SQL statements
 *   figures.c  targets and observations rows into the store
 *   checks.c   once every file is applied: narrowed bounds against stored figures, suspicious jumps
 *   succession.c  successions rows; after the load, their shares and cycles and the indicators' aggregation rules
 * Rows come from a row source (chitieu/rows.h: CSV or xlsx).  Everything here runs inside the
 * load's one transaction.
 */
#ifndef CHITIEU_LOADER_H
#define CHITIEU_LOADER_H

#include <stdint.h>
#include <sqlite3.h>

#include "chitieu/load.h"
#include "chitieu/rows.h"
#include "chitieu/num.h"
#include "internal.h"

/* Every column any file kind may have; chitieu__col_names (kinds.c) spells them. */
enum col {
    C_PLAN, C_NAME, C_DOCUMENT, C_ISSUED, C_CODE, C_LEVEL, C_PARENT, C_UNIT, C_DIRECTION, C_NAME_EN,
    C_MIN, C_MAX, C_GOAL, C_AGENCY, C_INDICATOR, C_AREA, C_SHAPE, C_YEAR, C_FROM, C_LOW, C_HIGH,
    C_VERSUS, C_VERSUS_AREA, C_SOURCE, C_NOTE, C_VALUE, C_STATUS,
    C_VALID_FROM, C_VALID_TO, C_GSO_CODE, C_AGGREGATE, C_FROM_AREA, C_TO_AREA, C_DATE, C_SHARE, C_DEADLINE,
    C_DOCUMENT_EN, C_NOTE_EN, NCOL
};

/* The file kinds, in the order a load applies them (a kind may need the ones before it). */
enum kind { K_PLANS, K_AREAS, K_SUCCESSIONS, K_INDICATORS, K_TARGETS, K_OBS, NKIND };

/* A set of columns. */
typedef uint64_t colset;
#define COLBIT(c) ((colset)1 << (c))
_Static_assert(NCOL <= 64, "a colset holds 64 columns");

/* The loader's prepared statements (SQL in catalog.c). */
enum stmt {
    S_IND, S_AREA, S_PLAN, S_OBS_LAST, S_OBS_INS, S_TGT_FIND, S_TGT_UPSERT, S_IND_UPSERT, S_AREA_UPSERT,
    S_PLAN_UPSERT, S_PLAN_AUTO, S_BATCH_ROWS, S_AREA_BATCH, S_IND_BATCH, S_PAIR_ANY, S_PAIR_ADD, S_BOUNDS_ADD,
    S_RULE_ADD, S_SUCC_FIND, S_SUCC_UPSERT, S_IND_NAMED, S_AREA_NAMED, NSTMT
};

/* One input -- a text file, or one sheet of a workbook -- as planned before the transaction. */
typedef struct {
    const char *path;  /* as named by the caller ("<stdin>" for "-"): messages */
    const char *read;  /* what is opened: path, or the spool file of a pipe */
    const char *sheet; /* the workbook's sheet, or NULL */
    char *label;       /* its name in batches and "already given at" messages: path, or path:Sheet */
    int tcvn3;         /* its headings were typed in a TCVN3 font (header.c): its text is read as TCVN3 */
    enum kind kind;
    long batch;
} chitieu__infile;

/* A year column of a wide table ("2016", "Năm 2016", "2017 (ước)", a school year "2022-2023"). */
typedef struct {
    size_t field;
    char year[8];
    char status; /* 'E' or 'P' when the heading says so, else 0 */
    unsigned char stars; /* "2023*": the stars of a footnote's mark after the year (its footnote may say the status) */
    int span;    /* 1: the heading is a span of two years, `year` the one --span-year chose; 2: one year of a
                  * school or financial year ("Năm học 2021", "Năm học" over 2021): which span is unknown */
    char *head;  /* the heading as written */
} chitieu__yearcol;

/* A field a row must match to be loaded: `want`, or, when want is NULL, a headline value
 * (empty; under SDMX also a total: _T, _Z, *_T). */
typedef struct {
    size_t field;
    char *want;
    const char *where_key; /* a --where's column as the option names it (folded), or NULL */
    size_t hit, miss;      /* --where: rows with its value, and with another; a headline pick: rows left out */
    char *other;           /* --where, a headline pick: the first other value */
    char *head;            /* a headline pick: its column's heading ("Sex"), for the warning */
} chitieu__pick;

/* A workbook's field merged down over rows (a code or name over the rows of one indicator): the text of
 * the range's top cell, which shape.c gives the cells below it. */
typedef struct {
    size_t field;
    unsigned long row1, row2;
    char *text;
} chitieu__fill;

/* Where a file's rows and columns are: found from its header by header.c, read by shape.c. */
typedef struct {
    enum kind kind;
    int sdmx;                 /* SDMX-CSV: totals are _T/_Z, FREQ must be A */
    unsigned long skip;       /* records before the header (title rows) */
    unsigned long header_line;
    size_t header_fields;     /* fields of the header, used or not (text rows are checked against it) */
    int idx[NCOL];            /* the field of each column, or -1 */
    const char *konst[NCOL];  /* a column given by an option (observations: indicator, area, status, source) */
    char *head[NCOL];         /* the header text of a column when it is not the column's own name */
    int used[NCOL];           /* the columns with a field or an option, in column order */
    size_t nused;
    chitieu__yearcol *years;  /* a wide table's year columns */
    size_t nyears;
    chitieu__pick *picks;     /* --where, disaggregations that must be empty, SDMX totals */
    size_t npicks;
    size_t ident[3];          /* Open SDG Series/Units/Unit measure: one value per file */
    size_t nident;
    char *ident_head[3];      /* their headers */
    char *ident_val[3];       /* the value of the first row loaded, and its line */
    unsigned long ident_line;
    int ident_said;           /* a second series was reported */
    /* --indicator / --area in a file that has the column ([0] indicator, [1] area): the rows of that
     * code, the rows of another, the first other code, one like the code asked for ("VNM" for VN) */
    size_t sel_hit[2], sel_miss[2];
    char *sel_first[2], *sel_like[2];
    int sel_varied[2];        /* the other codes are not all the same */
    int name_field;           /* observations: the field naming the row's indicator in words ("Chỉ tiêu"), or -1 */
    chitieu__fill *fills;     /* shape.c: fields merged down over the rows being read */
    size_t nfills, fill_cap;
    char **filled;            /* shape.c: the record with those fields filled */
    size_t filled_cap;
    int notes_read;           /* shape.c: the file's footnotes were read (on the first figure with a mark) */
    unsigned long text_rows;  /* shape.c: rows of words without a code or a figure passed over (said once) */
    unsigned long cell_over_heading; /* shape.c: figures whose own status differs from their heading's (said once) */
    unsigned long year_words; /* shape.c: rows whose year cell shows words that are no status, passed over (said once) */
    unsigned long rows_kept;  /* shape.c: records no pick left out (none, with headline picks: a warning) */
    char note_status[4];      /* the status a footnote gives the marks *, ** and *** ('E', 'P'; '-': a footnote
                               * that gives none; 0: no footnote) */
} chitieu__layout;

/* Free what lay owns (header texts, year columns, picks, the series and selection texts) and zero it;
 * lay itself stays the caller's (header.c). */
void chitieu__layout_clear(chitieu__layout *lay);

/* A key=value pair of an option (--map, --recode, --where): `key` folded for --map and --where. */
typedef struct {
    char *key, *val;
    int col;
} chitieu__pair;

/* The options that shape rows, parsed once per load. */
typedef struct {
    chitieu__pair *map, *recode, *where;
    size_t nmap, nrecode, nwhere;
    char **missing; /* folded markers of a missing figure */
    size_t nmissing;
    int digit_marker; /* a marker starts like a number ("0", "-1"): numbers must be compared too */
} chitieu__shaping;

/* A catalogue lookup remembered for the next row (files are usually grouped by code). */
typedef struct {
    char code[128];
    long id;
    double min, max;
    int percent; /* indicators: the unit is a percentage ("%", "% dân số") */
} chitieu__lastkey;

typedef struct chitieu__loader chitieu__loader;

/* Unknown indicators or areas of one input named one by one; rows with further codes share one message. */
#define CHITIEU__UNKNOWN_NAMED 5

/* A file kind: its name, its columns and the function that validates and stores one of its rows. */
typedef struct {
    const char *name;
    const char *hint; /* the required columns as a header, for messages */
    colset required, optional;
    int (*row)(chitieu__loader *L);
} chitieu__kind;

extern const char *const chitieu__col_names[NCOL];
extern const chitieu__kind chitieu__kinds[NKIND];

struct chitieu__loader {
    chitieu_store *st;
    sqlite3 *db;
    const chitieu_load_opts *o;
    chitieu_load_report *r;
    size_t msgcap;
    chitieu__infile *files;
    size_t nfiles;
    long first_batch;
    int this_year;
    chitieu__shaping shaping;
    /* the file being read and its current row */
    chitieu_rows *src;
    const chitieu__infile *in;
    chitieu__layout *lay;
    char *const *f;
    size_t nf;
    unsigned long line;
    const char *val[NCOL];       /* the row's value of each column (NULL: none) */
    int fld[NCOL];               /* the field it came from (-1: an option or a heading) */
    const chitieu__yearcol *ycol; /* a wide table's year column being read, or NULL */
    int row_bad, bad_col;
    chitieu__lastkey ind, area;
    /* The indicator/area pair of the previous observation row.  While consecutive rows stay on a
     * pair that had no figure when the run began, each is revision 1 and duplicates are caught by
     * pair_line (the line of each year's row), so the store is not probed per row. */
    long pair_ind, pair_area;
    /* the unknown indicator [0] and area [1] codes of the input named in messages so far */
    char unknown[2][CHITIEU__UNKNOWN_NAMED][128];
    /* the catalogue's code each of them names (chitieu__code_for, looked up once): hint_state 0 not yet, 1 none,
     * 2 in hint */
    char hint[2][CHITIEU__UNKNOWN_NAMED][128];
    signed char hint_state[2][CHITIEU__UNKNOWN_NAMED];
    size_t nunknown[2];
    /* the last indicator [0] and area [1] code read in a TCVN3 capital font that the catalogue lacks, and the
     * catalogue's one code equal to it ignoring case ("" when none: figures.c caseless) */
    char case_typed[2][128], case_code[2][128];
    int pair_fresh;
    /* the current row's year was a span of two years (its text and, in a year column, the year it counts as;
     * a wide table's is ycol->year), and the input's figures so dated (with the first), for the report and
     * the batch's note */
    const char *span_text;
    int span_to;
    size_t in_spans;
    char span_first[64];
    int span_first_to;
    unsigned long pair_line[CHITIEU_YEAR_MAX - CHITIEU_YEAR_MIN + 1];
    sqlite3_stmt *q[NSTMT];
    /* the input's figures loaded from cells hidden in Excel: how many, their hidden rows (ranges, in
     * order) and their hidden columns (ascending); said in one warning per sheet (load.c) */
    size_t hid_figures;
    struct chitieu__rowspan {
        unsigned long r1, r2;
    } * hid_rows;
    size_t nhid_rows, hid_rows_cap;
    size_t *hid_cols, nhid_cols, hid_cols_cap;
};

/* --- messages (load.c); each returns CHITIEU_OK or CHITIEU_ENOMEM --- */

/* An error about a file as a whole (line 0) or one of its lines; `where` (may be NULL) the place in a
 * workbook ("Sheet", "Sheet!C5"). */
int chitieu__file_error(chitieu__loader *L, const char *file, unsigned long line, const char *where,
                        const char *column, const char *fmt, ...) CHITIEU_PRINTF(6, 7);
/* A warning about a file or one of its lines. */
int chitieu__file_warn(chitieu__loader *L, const char *file, unsigned long line, const char *where,
                       const char *column, const char *fmt, ...) CHITIEU_PRINTF(6, 7);
/* An error in column c (NCOL: the row as a whole) of the current row; marks the row bad. */
int chitieu__row_error(chitieu__loader *L, int c, const char *fmt, ...) CHITIEU_PRINTF(3, 4);
/* A warning about column c of the current row. */
int chitieu__row_warn(chitieu__loader *L, int c, const char *fmt, ...) CHITIEU_PRINTF(3, 4);
/* A warning about a figure of `indicator` at file:line (column value), e.g. a suspicious change. */
int chitieu__figure_warn(chitieu__loader *L, const char *file, unsigned long line, const char *indicator,
                         const char *fmt, ...) CHITIEU_PRINTF(5, 6);
/* Observations and targets stored or found unchanged so far in the load (before and after a figure). */
size_t chitieu__figures_kept(const chitieu__loader *L);
/* After a figure of the current row: when it was kept (chitieu__figures_kept grew past `before`) and its
 * cell (L->fld[C_VALUE]; the row when none) is hidden in Excel, note its row or column for the sheet's
 * warning.  CHITIEU_OK or CHITIEU_ENOMEM. */
int chitieu__hidden_figure(chitieu__loader *L, size_t before);
/* The row source's last error ("name:LINE: ..." or "name:Sheet!C12: ..."), recorded as an error of `file`. */
int chitieu__source_error(chitieu__loader *L, const char *file);
/* The name of the file that stored batch `batch` in this load ("?" if none). */
const char *chitieu__batch_file(const chitieu__loader *L, long batch);

/* --- the header: a file's layout (header.c) --- */

/* Read the title rows and header of `in` from src into lay (the caller's, zeroed before; it frees
 * what lay then holds with chitieu__layout_clear).  1 when the rows can be read, 0 when not (errors recorded; with `lenient`,
 * a sheet without a header of a known kind, or an empty sheet, is a warning), 2 when no header was found but
 * headings typed in a TCVN3 font were, and `in` is not read as TCVN3 yet (nothing recorded: the caller reads
 * it again with in->tcvn3 set), negative on failure. */
int chitieu__layout_read(chitieu__loader *L, chitieu__layout *lay, chitieu_rows *src, const chitieu__infile *in,
                         int lenient);

/* Is a folded text one of the status marks written after a year or beside a figure ("(ước)", "(e)",
 * "(sơ bộ)", "(p)", "(chính thức)", ...)?  1 with *status 'E', 'P' or 'A', else 0. */
int chitieu__status_mark(const char *folded, char *status);
/* Does a folded text start with a status word written before a year or a figure ("ước", "ước tính", "ưth",
 * "sơ bộ", "thực hiện", "chính thức", ...) and a blank or its end?  What follows it, with *status 'E', 'P' or
 * 'A'; else NULL. */
const char *chitieu__status_lead(const char *folded, char *status);
/* Are the len bytes at p a mark of stars, bare or in brackets ("*", "(**)")?  The number of stars (a footnote's
 * mark has 1 to 3: the callers check), or 0 (header.c: after a year heading; shape.c: beside a figure). */
size_t chitieu__stars_mark(const char *p, size_t len);

/* Is a folded text a span of years: "2022-2023", "2022–2023", "2022/23", "2022-23", "1999/00", after
 * "năm học", "nh", "fy", "school year", "academic year", "financial year" or "fiscal year"?  1 for two
 * consecutive years, 2 for a longer period (2021-2025, 2016-20), with *first, *last and *rest (what follows
 * the span, may be ""); 0 when it is none. */
int chitieu__year_span(const char *folded, int *first, int *last, const char **rest);
/* Is field i of src (its text v, a long table's year cell) a year typed as a number whose number format shows words
 * beside it, read as a year heading's (`0" (ước)"` shows "2023 (ước)")?  1 when the shown text (in shown, n bytes)
 * is that year with a status ('E', 'P' or 0 in *status: "Năm 2023", "2023 (chính thức)"); -1 when it shows words
 * that are no status ("2023 (KH)"); 0 when the cell is no such year (a CSV field, a plain number). */
int chitieu__shown_year(const chitieu_rows *src, size_t i, const char *v, char *shown, size_t n, char *status);
/* The message for a span of two years `text` (first, last) read without --span-year, into buf; returns buf. */
char *chitieu__span_advice(char *buf, size_t n, const char *text, int first, int last);

/* --- records into rows, and the shaping options (shape.c) --- */

/* Parse the shaping options (o: map, recode, where, missing) into sh, which then owns copies of them;
 * CHITIEU_EINVALID with a message naming the option when one is malformed (sh is left cleared). */
int chitieu__shaping_parse(chitieu__shaping *sh, const chitieu_load_opts *o);
/* Free what sh owns and zero it. */
void chitieu__shaping_clear(chitieu__shaping *sh);
/* Shape the current record (L->f) of a file laid out by L->lay and pass each row it holds to its
 * kind's row function: one, or one per year cell of a wide table, or none (a row left out). */
int chitieu__shape_record(chitieu__loader *L);
/* At the end of an input: a warning when --indicator or --area matched none of its rows, with the
 * --recode that would load them, or a --where none (with a value it has). */
int chitieu__shape_done(chitieu__loader *L);
/* Folded text of s (NFC, case folded, blanks trimmed and collapsed) into buf; returns buf. */
char *chitieu__fold(char *buf, size_t n, const char *s);
/* chitieu__fold without Vietnamese marks ("Binh Duong" for "Bình Dương"), for hints only; returns buf. */
char *chitieu__bare(char *buf, size_t n, const char *s);
/* Is s (already trimmed) a marker of a missing figure ("", "..", "-", ...)? */
int chitieu__is_missing(const chitieu__loader *L, const char *s);

/* --- fields of the current row (fields.c) --- */

/* Blanks trimmed in place: the text moves to the start of s.  Returns s. */
char *chitieu__trim(char *s);
/* The text of column c ("" when absent), a formula guard "'" removed. */
const char *chitieu__text(chitieu__loader *L, int c);
/* The name of column c in messages: its header text, the year heading of a wide table's figure, or its own name. */
const char *chitieu__col_label(const chitieu__loader *L, int c);
/* The text of required column c; an empty one is an error of the row. */
const char *chitieu__required(chitieu__loader *L, int c);
/* How chitieu__number reads a percentage: PCT_NO, a number in a unit that is not a percentage ("85%"
 * and a cell formatted as a percentage are errors); PCT_UNIT, a figure in % ("85%" is 85, and so is a
 * cell shown 85% that stores 0.85); PCT_FRACTION, a share of one or a ratio (a cell shown 40% is 0.4, and
 * so is "40%"). */
enum { PCT_NO = 0, PCT_UNIT = 1, PCT_FRACTION = 2 };
/* Number column c: 1 with *v set, 0 when empty (*v NAN), -1 after recording an error; pct is a PCT_*. */
int chitieu__number(chitieu__loader *L, int c, double *v, int pct);
/* Year column c: 1 parsed, 0 empty (an error unless optional), -1 after recording an error. */
int chitieu__year(chitieu__loader *L, int c, int *y, int optional);
/* The status of the row: 1 with *status 'A', 'P' or 'E' (also from SDMX codes and Open SDG words),
 * 0 when the status says the figure is missing, -1 after recording an error. */
int chitieu__status(chitieu__loader *L, char *status);
/* The status a word gives ('A', 'P', 'E'; 'M': missing), or 0 when it is none. */
char chitieu__status_word(const char *s);
/* The first control character of s (C0 but tab/CR/LF, DEL, C1), or 0. */
unsigned chitieu__control_char(const char *s);

/* --- the store side (catalog.c) --- */

int chitieu__stmts_prepare(chitieu__loader *L);
void chitieu__stmts_finalize(chitieu__loader *L);
/* Look up a code with statement q (SELECT id[, min, max] ... WHERE code = ?1), remembering it in k
 * (may be NULL).  1 found, 0 not found, negative on a database error. */
int chitieu__lookup(chitieu__loader *L, sqlite3_stmt *q, chitieu__lastkey *k, const char *code);
/* Step a write statement to completion and reset it. */
int chitieu__step_done(chitieu__loader *L, sqlite3_stmt *q, const char *what);
/* Step the bound statement q (SELECT batch, line ... of a row with the same key) and reset it: the batch and
 * line of the row already stored (*batch 0 when none).  Negative on a database error (`what` names it). */
int chitieu__prior_row(chitieu__loader *L, sqlite3_stmt *q, long *batch, unsigned long *line, const char *what);
/* The id of an indicator (S_IND) or area (S_AREA) code of column c; unknown: an error of the row, *id 0. */
int chitieu__code_id(chitieu__loader *L, enum stmt which, int c, const char *code, long *id);
/* The catalogue's code for what a file wrote in place of one (S_IND_NAMED: an indicator's name;
 * S_AREA_NAMED: an area's name, with or without "Tỉnh"/"Thành phố", or its GSO code), into buf
 * (n bytes); NULL when there is none, or when the code does not fit in buf (a hint cut short would name
 * nothing).  A hint for messages: a database error gives NULL too. */
const char *chitieu__code_for(chitieu__loader *L, enum stmt which, const char *text, char *buf, size_t n);

/* Row functions of the kinds (catalog.c, figures.c). */
int chitieu__row_plan(chitieu__loader *L);
int chitieu__row_area(chitieu__loader *L);
int chitieu__row_indicator(chitieu__loader *L);
int chitieu__row_target(chitieu__loader *L);
int chitieu__row_observation(chitieu__loader *L);
int chitieu__row_succession(chitieu__loader *L); /* succession.c */

/* --- after every file (checks.c) --- */

int chitieu__check_bounds(chitieu__loader *L);
int chitieu__check_jumps(chitieu__loader *L);
/* Areas over time (succession.c): over-full shares and cycles of successions, aggregation rules naming
 * unknown indicators or going round in a circle. */
int chitieu__check_successions(chitieu__loader *L);
int chitieu__check_rules(chitieu__loader *L);

#endif
