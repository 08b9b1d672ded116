/*
 * load.c — loading department CSV files into the store (chitieu/load.h).
 *
 * Flow: read each file's header to learn its kind, sort the files by kind
 * (plans, areas, indicators, targets, observations), then in ONE write
 * transaction stream every file row by row: validate, record errors with
 * file:line:column, and apply valid rows (catalogue rows are upserted,
 * observations appended as revisions).  After the last file, figures of
 * this load are checked against their series' own past changes.  Any error
 * or a dry run rolls the whole transaction back.  Memory is bounded by the
 * longest record and the kept messages, never by the file size: lookups and
 * duplicate checks go to the (indexed) store inside the transaction.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <time.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sqlite3.h>

#include "chitieu/csv.h"
#include "chitieu/load.h"
#include "chitieu/num.h"
#include "internal.h"

/* Every column any file kind may have. */
enum col {
    C_PLAN, C_NAME, C_DOCUMENT, C_ISSUED, C_CODE, C_LEVEL, C_PARENT, C_UNIT, C_DIRECTION, C_NAME_EN,
    C_MIN, C_MAX, C_GOAL, C_AGENCY, C_INDICATOR, C_AREA, C_SHAPE, C_YEAR, C_FROM, C_LOW, C_HIGH,
    C_VERSUS, C_VERSUS_AREA, C_SOURCE, C_NOTE, C_VALUE, C_STATUS, NCOL
};

static const char *const col_names[NCOL] = {
    "plan", "name", "document", "issued", "code", "level", "parent", "unit", "direction", "name_en",
    "min", "max", "goal", "agency", "indicator", "area", "shape", "year", "from", "low", "high",
    "versus", "versus_area", "source", "note", "value", "status",
};

enum kind { K_PLANS, K_AREAS, K_INDICATORS, K_TARGETS, K_OBS, NKIND };

#define B(c) (1u << (c))
static const struct {
    const char *name;
    unsigned required, optional;
} kinds[NKIND] = {
    {"plans", B(C_PLAN) | B(C_NAME), B(C_DOCUMENT) | B(C_ISSUED)},
    {"areas", B(C_CODE) | B(C_NAME) | B(C_LEVEL), B(C_PARENT)},
    {"indicators", B(C_CODE) | B(C_NAME) | B(C_UNIT) | B(C_DIRECTION),
     B(C_NAME_EN) | B(C_MIN) | B(C_MAX) | B(C_GOAL) | B(C_AGENCY)},
    {"targets", B(C_PLAN) | B(C_INDICATOR) | B(C_AREA) | B(C_SHAPE) | B(C_YEAR),
     B(C_FROM) | B(C_LOW) | B(C_HIGH) | B(C_VERSUS) | B(C_VERSUS_AREA) | B(C_SOURCE) | B(C_NOTE)},
    {"observations", B(C_INDICATOR) | B(C_AREA) | B(C_YEAR) | B(C_VALUE),
     B(C_STATUS) | B(C_SOURCE) | B(C_NOTE)},
};

static const char *const area_levels[] = {"country", "region", "province", "district", "commune"};

enum stmt { S_IND, S_AREA, S_PLAN, S_OBS_LAST, S_OBS_INS, S_TGT_FIND, S_TGT_UPSERT, S_IND_UPSERT, S_AREA_UPSERT, S_PLAN_UPSERT, S_PLAN_AUTO, S_BATCH_ROWS, S_AREA_BATCH, S_IND_BATCH, S_PAIR_ANY, S_PAIR_ADD, S_BOUNDS_ADD, NSTMT };

/* One input file, as planned before the transaction. */
typedef struct {
    const char *path; /* as named by the caller ("<stdin>" for "-"): messages, batches */
    const char *read; /* what is opened: path, or the spool file of a pipe */
    enum kind kind;
    long batch;
} infile;

/* A catalogue lookup remembered for the next row (files are usually grouped by code). */
typedef struct {
    char code[128];
    long id;
    double min, max;
} lastkey;

typedef struct {
    chitieu_store *st;
    sqlite3 *db;
    const chitieu_load_opts *o;
    chitieu_load_report *r;
    size_t msgcap;
    infile *files;
    size_t nfiles;
    long first_batch;
    int this_year;
    /* the file being read */
    chitieu_csv *csv;
    const infile *in;
    int idx[NCOL];
    char *const *f;
    size_t nf;
    int row_bad;
    lastkey ind, area;
    /* The indicator/area pair of the previous observation row.  While consecutive rows stay on a
     * pair that had no figure when the run began, each is revision 1 and duplicates are caught by
     * pair_line (the line of each year's row), so the store is not probed per row. */
    long pair_ind, pair_area;
    int pair_fresh;
    unsigned long pair_line[CHITIEU_YEAR_MAX - CHITIEU_YEAR_MIN + 1];
    /* prepared statements */
    sqlite3_stmt *q[NSTMT];
} loader;

void chitieu_load_opts_init(chitieu_load_opts *o)
{
    memset(o, 0, sizeof *o);
    o->max_messages = 100;
    o->jump_threshold = 5.0;
}

/* Record an error or warning; kept in the report up to max_messages. */
static int add_msg(loader *L, chitieu_msg_level lv, const char *file, unsigned long line, const char *column,
                   const char *fmt, va_list ap)
{
    if (lv == CHITIEU_MSG_ERROR)
        L->r->errors++;
    else
        L->r->warnings++;
    if (L->r->nmsg >= L->o->max_messages)
        return CHITIEU_OK;
    int rc = chitieu__grow(&L->r->msgs, &L->msgcap, L->r->nmsg, sizeof *L->r->msgs);
    if (rc)
        return rc;
    char buf[1024];
    vsnprintf(buf, sizeof buf, fmt, ap);
    chitieu_load_msg *m = &L->r->msgs[L->r->nmsg];
    m->level = lv;
    m->line = line;
    m->file = chitieu__strdup(file);
    m->column = column ? chitieu__strdup(column) : NULL;
    m->message = chitieu__strdup(buf);
    L->r->nmsg++;
    if (!m->file || !m->message || (column && !m->column))
        return CHITIEU_ENOMEM;
    return CHITIEU_OK;
}

/* An error about a file as a whole or one of its lines. */
static int file_error(loader *L, const char *file, unsigned long line, const char *column, const char *fmt, ...)
    CHITIEU_PRINTF(5, 6);
static int file_error(loader *L, const char *file, unsigned long line, const char *column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = add_msg(L, CHITIEU_MSG_ERROR, file, line, column, fmt, ap);
    va_end(ap);
    return rc;
}

/* Record the CSV reader's last error ("name:line: message", name being the path the
 * reader opened: a spool file for standard input) as a message of `file`. */
static int csv_error(loader *L, const char *file, const chitieu_csv *csv)
{
    const char *m = chitieu_error_last(), *name = chitieu_csv_name(csv);
    size_t n = strlen(name);
    unsigned long line = 0;
    if (strncmp(m, name, n) == 0 && m[n] == ':') {
        char *end;
        line = strtoul(m + n + 1, &end, 10);
        m = strncmp(end, ": ", 2) == 0 ? end + 2 : m + n + 1;
    }
    return file_error(L, file, line, NULL, "%s", m);
}

/* An error in column `c` (NCOL: the row as a whole) of the current row. */
static int row_error(loader *L, int c, const char *fmt, ...) CHITIEU_PRINTF(3, 4);
static int row_error(loader *L, int c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = add_msg(L, CHITIEU_MSG_ERROR, L->in->path, chitieu_csv_line(L->csv), c < NCOL ? col_names[c] : NULL,
                     fmt, ap);
    va_end(ap);
    L->row_bad = 1;
    return rc;
}

static int add_warning_at(loader *L, const char *file, unsigned long line, const char *column, const char *fmt, ...)
    CHITIEU_PRINTF(5, 6);
static int add_warning_at(loader *L, const char *file, unsigned long line, const char *column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = add_msg(L, CHITIEU_MSG_WARNING, file, line, column, fmt, ap);
    va_end(ap);
    return rc;
}

static int row_warn(loader *L, int c, const char *fmt, ...) CHITIEU_PRINTF(3, 4);
static int row_warn(loader *L, int c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = add_msg(L, CHITIEU_MSG_WARNING, L->in->path, chitieu_csv_line(L->csv),
                     c < NCOL ? col_names[c] : NULL, fmt, ap);
    va_end(ap);
    return rc;
}

/* Trim blanks in place. */
static char *trim(char *s)
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
static const char *text(loader *L, int c)
{
    if (L->idx[c] < 0 || (size_t)L->idx[c] >= L->nf)
        return "";
    char *s = trim(L->f[L->idx[c]]);
    if (s[0] == '\'' && s[1] && strchr("=+-@\t\r", s[1]))
        s++;
    return s;
}

/* The first control character in s -- C0 other than tab, CR and LF, DEL, or
 * C1 (U+0080..U+009F as UTF-8) -- or 0 when there is none.  Terminal escapes
 * and invisible bytes are never part of a figure, name or note. */
static unsigned control_char(const char *s)
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
static int number(loader *L, int c, double *v)
{
    *v = NAN;
    const char *s = text(L, c);
    if (!*s)
        return 0;
    int has_comma = strchr(s, ',') != NULL;
    if (!has_comma && chitieu_csv_delimiter(L->csv) == ';' && dot_grouped(s)) {
        row_error(L, c, "'%s' is ambiguous in a semicolon file (thousands or decimals?): write it without the dot",
                  s);
        return -1;
    }
    if (chitieu_num_parse(v, s, has_comma)) {
        row_error(L, c, "%s", chitieu_error_last());
        return -1;
    }
    return 1;
}

/* Parse year column c (required unless optional is set). 1 parsed, 0 empty, -1 error. */
static int year(loader *L, int c, int *y, int optional)
{
    *y = 0;
    const char *s = text(L, c);
    if (!*s) {
        if (optional)
            return 0;
        row_error(L, c, "missing year");
        return -1;
    }
    if (chitieu_num_parse_year(y, s)) {
        row_error(L, c, "%s", chitieu_error_last());
        return -1;
    }
    return 1;
}

/* A required text column: records an error when empty. */
static const char *required(loader *L, int c)
{
    const char *s = text(L, c);
    if (!*s)
        row_error(L, c, "missing %s", col_names[c]);
    return s;
}

/* Look up a code with the prepared statement q (SELECT id[, min, max] ... WHERE code = ?1),
 * remembering the last key. Returns 1 found, 0 not found, negative on a database error. */
static int lookup(loader *L, sqlite3_stmt *q, lastkey *k, const char *code)
{
    if (k && k->id && strcmp(k->code, code) == 0)
        return 1;
    sqlite3_reset(q);
    sqlite3_bind_text(q, 1, code, -1, SQLITE_TRANSIENT);
    int r = sqlite3_step(q);
    if (r == SQLITE_DONE)
        return 0;
    if (r != SQLITE_ROW)
        return chitieu__db_fail(L->st, "lookup");
    if (!k)
        return 1;
    k->id = (long)sqlite3_column_int64(q, 0);
    k->min = sqlite3_column_count(q) > 1 ? chitieu__col_num(q, 1) : NAN;
    k->max = sqlite3_column_count(q) > 2 ? chitieu__col_num(q, 2) : NAN;
    if (strlen(code) < sizeof k->code)
        strcpy(k->code, code);
    else
        k->code[0] = '\0'; /* too long to remember: look it up each time */
    return 1;
}

/* Step a write statement to completion. */
static int step_done(loader *L, sqlite3_stmt *q, const char *what)
{
    int r = sqlite3_step(q);
    sqlite3_reset(q);
    return r == SQLITE_DONE ? CHITIEU_OK : chitieu__db_fail(L->st, what);
}

/* The file and line of the row that stored revision data in this load, for duplicate messages. */
static const char *batch_file(loader *L, long batch)
{
    for (size_t i = 0; i < L->nfiles; i++)
        if (L->files[i].batch == batch)
            return L->files[i].path;
    return "?";
}

static int row_plan(loader *L)
{
    const char *code = required(L, C_PLAN), *name = required(L, C_NAME);
    const char *issued = text(L, C_ISSUED);
    int y, m, d;
    if (*issued && (sscanf(issued, "%4d-%2d-%2d", &y, &m, &d) != 3 || strlen(issued) != 10 || m < 1 || m > 12 ||
                    d < 1 || d > 31))
        row_error(L, C_ISSUED, "'%s' is not a date (YYYY-MM-DD)", issued);
    if (L->row_bad)
        return CHITIEU_OK;
    sqlite3_stmt *q = L->q[S_PLAN_UPSERT];
    chitieu__bind_text(q, 1, code);
    chitieu__bind_text(q, 2, name);
    chitieu__bind_text(q, 3, text(L, C_DOCUMENT));
    chitieu__bind_text(q, 4, issued);
    sqlite3_bind_int64(q, 5, L->in->batch);
    L->r->plans++;
    return step_done(L, q, "storing a plan");
}

static int row_area(loader *L)
{
    const char *code = required(L, C_CODE), *name = required(L, C_NAME), *level = required(L, C_LEVEL);
    const char *parent = text(L, C_PARENT);
    if (*level) {
        size_t i;
        for (i = 0; i < sizeof area_levels / sizeof *area_levels; i++)
            if (strcmp(level, area_levels[i]) == 0)
                break;
        if (i == sizeof area_levels / sizeof *area_levels)
            row_error(L, C_LEVEL, "unknown level '%s' (country, region, province, district or commune)", level);
    }
    long parent_id = 0;
    if (*parent) {
        if (strcmp(parent, code) == 0)
            row_error(L, C_PARENT, "an area cannot be its own parent");
        else {
            int f = lookup(L, L->q[S_AREA], &L->area, parent);
            if (f < 0)
                return f;
            if (!f)
                row_error(L, C_PARENT, "unknown area '%s' (define the parent on an earlier line or load)", parent);
            else
                parent_id = L->area.id;
        }
    }
    if (L->row_bad)
        return CHITIEU_OK;
    sqlite3_stmt *q = L->q[S_AREA_UPSERT];
    chitieu__bind_text(q, 1, code);
    chitieu__bind_text(q, 2, name);
    chitieu__bind_text(q, 3, level);
    if (parent_id)
        sqlite3_bind_int64(q, 4, parent_id);
    else
        sqlite3_bind_null(q, 4);
    sqlite3_bind_int64(q, 5, L->in->batch);
    L->r->areas++;
    return step_done(L, q, "storing an area");
}

static int row_indicator(loader *L)
{
    const char *code = required(L, C_CODE), *name = required(L, C_NAME), *unit = required(L, C_UNIT);
    const char *dir = required(L, C_DIRECTION);
    int direction = 0;
    if (strcmp(dir, "up") == 0)
        direction = 1;
    else if (strcmp(dir, "down") == 0)
        direction = -1;
    else if (*dir)
        row_error(L, C_DIRECTION, "'%s' is not a direction (up: higher is better, down: lower is better)", dir);
    double mn, mx;
    int hmin = number(L, C_MIN, &mn), hmax = number(L, C_MAX, &mx);
    if (hmin > 0 && hmax > 0 && mn >= mx)
        row_error(L, C_MAX, "max %g is not above min %g", mx, mn);
    if (L->row_bad)
        return CHITIEU_OK;
    /* Bounds narrower than the stored ones may exclude stored figures: remember the row and
     * check once every file is applied (check_bounds), as this load may also correct them. */
    lastkey old = {0};
    int found = *code ? lookup(L, L->q[S_IND], &old, code) : 0;
    if (found < 0)
        return found;
    if (found && ((!isnan(mn) && (isnan(old.min) || mn > old.min)) || (!isnan(mx) && (isnan(old.max) || mx < old.max)))) {
        sqlite3_stmt *b = L->q[S_BOUNDS_ADD];
        sqlite3_bind_int64(b, 1, old.id);
        sqlite3_bind_int64(b, 2, L->in->batch);
        sqlite3_bind_int64(b, 3, (sqlite3_int64)chitieu_csv_line(L->csv));
        int rc = step_done(L, b, "remembering new bounds");
        if (rc)
            return rc;
    }
    sqlite3_stmt *q = L->q[S_IND_UPSERT];
    chitieu__bind_text(q, 1, code);
    chitieu__bind_text(q, 2, name);
    chitieu__bind_text(q, 3, text(L, C_NAME_EN));
    chitieu__bind_text(q, 4, unit);
    sqlite3_bind_int(q, 5, direction);
    chitieu__bind_num(q, 6, mn);
    chitieu__bind_num(q, 7, mx);
    chitieu__bind_text(q, 8, text(L, C_GOAL));
    chitieu__bind_text(q, 9, text(L, C_AGENCY));
    sqlite3_bind_int64(q, 10, L->in->batch);
    L->ind.id = 0; /* bounds may have changed */
    L->r->indicators++;
    return step_done(L, q, "storing an indicator");
}

/* Resolve the indicator and area columns of the row; 0 on success (ids in L->ind/L->area). */
static int row_keys(loader *L, int *ok)
{
    const char *ind = required(L, C_INDICATOR), *area = required(L, C_AREA);
    *ok = 0;
    int fi = *ind ? lookup(L, L->q[S_IND], &L->ind, ind) : 0;
    if (fi < 0)
        return fi;
    if (*ind && !fi)
        row_error(L, C_INDICATOR, "unknown indicator '%s' (load its catalogue row first)", ind);
    int fa = *area ? lookup(L, L->q[S_AREA], &L->area, area) : 0;
    if (fa < 0)
        return fa;
    if (*area && !fa)
        row_error(L, C_AREA, "unknown area '%s'", area);
    *ok = fi && fa;
    return CHITIEU_OK;
}

/* The id of an indicator (S_IND) or area (S_AREA) code named in column c; an
 * unknown code is an error of the row (*id stays 0).  Negative on a database error. */
static int code_id(loader *L, enum stmt which, int c, const char *code, long *id)
{
    *id = 0;
    int f = lookup(L, L->q[which], NULL, code);
    if (f < 0)
        return f;
    if (!f)
        row_error(L, c, "unknown %s '%s'", which == S_IND ? "indicator" : "area", code);
    else
        *id = (long)sqlite3_column_int64(L->q[which], 0);
    return CHITIEU_OK;
}

/* Bind a row id, or NULL for 0. */
static void bind_id(sqlite3_stmt *q, int i, long id)
{
    if (id)
        sqlite3_bind_int64(q, i, id);
    else
        sqlite3_bind_null(q, i);
}

static int row_target(loader *L)
{
    int ok, rc = row_keys(L, &ok);
    if (rc)
        return rc;
    const char *plan = required(L, C_PLAN), *shape_s = required(L, C_SHAPE), *versus = text(L, C_VERSUS);
    const char *versus_area = text(L, C_VERSUS_AREA);
    chitieu_shape shape = CHITIEU_SHAPE_COUNT_;
    if (*shape_s && chitieu_shape_parse(&shape, shape_s))
        row_error(L, C_SHAPE, "unknown shape '%s' (at_least, at_most, range, each_year, avg_growth, avg_rate, "
                  "avg_change, ratio_to_base, cumulative, exceeds)", shape_s);
    int y, from;
    year(L, C_YEAR, &y, 0);
    int hf = year(L, C_FROM, &from, 1);
    double low, high;
    int hl = number(L, C_LOW, &low), hh = number(L, C_HIGH, &high);
    if (hl > 0 && hh > 0 && low > high)
        row_error(L, C_HIGH, "high %g is below low %g", high, low);
    int period = shape >= CHITIEU_SHAPE_EACH_YEAR && shape < CHITIEU_SHAPE_COUNT_;
    if (shape < CHITIEU_SHAPE_COUNT_) {
        if (period && hf == 0)
            row_error(L, C_FROM, "%s needs 'from' (the first year of the period, or the base year)", shape_s);
        if (period && hf > 0 && y && (from > y || (shape == CHITIEU_SHAPE_RATIO_TO_BASE && from == y)))
            row_error(L, C_FROM, "from %d is after the target year %d", from, y);
        if (!period && hf > 0)
            row_warn(L, C_FROM, "'from' is not used by %s; ignored", shape_s);
        if (shape == CHITIEU_SHAPE_AT_LEAST && hl == 0)
            row_error(L, C_LOW, "at_least needs 'low'");
        else if (shape == CHITIEU_SHAPE_AT_MOST && hh == 0)
            row_error(L, C_HIGH, "at_most needs 'high'");
        else if (shape == CHITIEU_SHAPE_RANGE && (hl == 0 || hh == 0))
            row_error(L, hl == 0 ? C_LOW : C_HIGH, "range needs both 'low' and 'high'");
        else if (shape != CHITIEU_SHAPE_EXCEEDS && hl == 0 && hh == 0)
            row_error(L, C_LOW, "%s needs 'low' or 'high'", shape_s);
        if (shape == CHITIEU_SHAPE_EXCEEDS && !*versus)
            row_error(L, C_VERSUS, "exceeds needs 'versus' (the indicator to grow faster than)");
        if (shape != CHITIEU_SHAPE_EXCEEDS && *versus)
            row_warn(L, C_VERSUS, "'versus' is only used by exceeds; ignored");
        if (shape != CHITIEU_SHAPE_EXCEEDS && *versus_area)
            row_warn(L, C_VERSUS_AREA, "'versus_area' is only used by exceeds; ignored");
    }
    long versus_id = 0, versus_area_id = 0; /* 0: none; for the area, the target's own */
    if (shape == CHITIEU_SHAPE_EXCEEDS && *versus && (rc = code_id(L, S_IND, C_VERSUS, versus, &versus_id)))
        return rc;
    if (shape == CHITIEU_SHAPE_EXCEEDS && *versus_area &&
        (rc = code_id(L, S_AREA, C_VERSUS_AREA, versus_area, &versus_area_id)))
        return rc;
    if (L->row_bad || !ok)
        return CHITIEU_OK;
    if (!period)
        from = 0;
    /* The plan: created from its code when no plans file defines it. */
    sqlite3_stmt *q = L->q[S_PLAN_AUTO];
    sqlite3_bind_text(q, 1, plan, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 2, L->in->batch);
    if ((rc = step_done(L, q, "storing a plan")))
        return rc;
    q = L->q[S_TGT_FIND];
    sqlite3_bind_text(q, 1, plan, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 2, L->ind.id);
    sqlite3_bind_int64(q, 3, L->area.id);
    sqlite3_bind_text(q, 4, shape_s, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(q, 5, y);
    sqlite3_bind_int(q, 6, from);
    int r = sqlite3_step(q);
    long prev_batch = r == SQLITE_ROW ? (long)sqlite3_column_int64(q, 0) : 0;
    unsigned long prev_line = r == SQLITE_ROW ? (unsigned long)sqlite3_column_int64(q, 1) : 0;
    sqlite3_reset(q);
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        return chitieu__db_fail(L->st, "finding a target");
    if (prev_batch >= L->first_batch) {
        row_error(L, NCOL, "duplicate target (same plan, indicator, area, shape and years as %s:%lu)",
                  batch_file(L, prev_batch), prev_line);
        return CHITIEU_OK;
    }
    q = L->q[S_TGT_UPSERT];
    sqlite3_bind_text(q, 1, plan, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 2, L->ind.id);
    sqlite3_bind_int64(q, 3, L->area.id);
    sqlite3_bind_text(q, 4, shape_s, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(q, 5, y);
    sqlite3_bind_int(q, 6, from);
    chitieu__bind_num(q, 7, low);
    chitieu__bind_num(q, 8, high);
    bind_id(q, 9, versus_id);
    chitieu__bind_text(q, 10, text(L, C_SOURCE));
    chitieu__bind_text(q, 11, text(L, C_NOTE));
    sqlite3_bind_int64(q, 12, L->in->batch);
    sqlite3_bind_int64(q, 13, (sqlite3_int64)chitieu_csv_line(L->csv));
    bind_id(q, 14, versus_area_id);
    L->r->targets++;
    return step_done(L, q, "storing a target");
}

/* Same text, treating NULL and "" alike. */
static int same_text(const unsigned char *a, const char *b)
{
    return strcmp(a ? (const char *)a : "", b) == 0;
}

static int row_observation(loader *L)
{
    int ok, rc = row_keys(L, &ok);
    if (rc)
        return rc;
    int y;
    int hy = year(L, C_YEAR, &y, 0);
    double v;
    int hv = number(L, C_VALUE, &v);
    if (hv == 0)
        row_error(L, C_VALUE, "missing value (leave the row out when there is no figure)");
    const char *st = text(L, C_STATUS);
    char status = 'A';
    if (*st) {
        status = (char)(st[0] >= 'a' && st[0] <= 'z' ? st[0] - 32 : st[0]);
        if (st[1] || !strchr("APE", status))
            row_error(L, C_STATUS, "unknown status '%s' (A official, P provisional, E estimate)", st);
    }
    if (hy > 0 && y > L->this_year && status != 'E')
        row_error(L, C_YEAR, "year %d is in the future: only an estimate (status E) can be given for it", y);
    if (hv > 0 && ok) {
        if ((!isnan(L->ind.min) && v < L->ind.min) || (!isnan(L->ind.max) && v > L->ind.max))
            row_error(L, C_VALUE, "%g is outside the bounds of %s (%g to %g)", v, L->ind.code, L->ind.min,
                      L->ind.max);
    }
    if (L->row_bad || !ok)
        return CHITIEU_OK;
    const char *source = text(L, C_SOURCE), *note = text(L, C_NOTE);
    if (L->ind.id != L->pair_ind || L->area.id != L->pair_area) {
        sqlite3_stmt *p = L->q[S_PAIR_ANY];
        sqlite3_bind_int64(p, 1, L->ind.id);
        sqlite3_bind_int64(p, 2, L->area.id);
        int r = sqlite3_step(p);
        sqlite3_reset(p);
        if (r != SQLITE_ROW && r != SQLITE_DONE)
            return chitieu__db_fail(L->st, "finding a series");
        L->pair_fresh = r == SQLITE_DONE;
        L->pair_ind = L->ind.id;
        L->pair_area = L->area.id;
        memset(L->pair_line, 0, sizeof L->pair_line);
        p = L->q[S_PAIR_ADD];
        sqlite3_bind_int64(p, 1, L->ind.id);
        sqlite3_bind_int64(p, 2, L->area.id);
        if ((rc = step_done(L, p, "noting a series")))
            return rc;
    }
    int revision = 1;
    sqlite3_stmt *q;
    if (L->pair_fresh) {
        unsigned long *seen = &L->pair_line[y - CHITIEU_YEAR_MIN];
        if (*seen) {
            row_error(L, NCOL, "duplicate figure for %s, %s, %d (already given at %s:%lu)", text(L, C_INDICATOR),
                      text(L, C_AREA), y, L->in->path, *seen);
            return CHITIEU_OK;
        }
        *seen = chitieu_csv_line(L->csv);
        goto insert;
    }
    q = L->q[S_OBS_LAST];
    sqlite3_bind_int64(q, 1, L->ind.id);
    sqlite3_bind_int64(q, 2, L->area.id);
    sqlite3_bind_int(q, 3, y);
    int r = sqlite3_step(q);
    if (r == SQLITE_ROW) {
        revision = sqlite3_column_int(q, 0) + 1;
        long batch = (long)sqlite3_column_int64(q, 5);
        if (batch >= L->first_batch) {
            unsigned long line = (unsigned long)sqlite3_column_int64(q, 6);
            sqlite3_reset(q);
            row_error(L, NCOL, "duplicate figure for %s, %s, %d (already given at %s:%lu)", text(L, C_INDICATOR),
                      text(L, C_AREA), y, batch_file(L, batch), line);
            return CHITIEU_OK;
        }
        /* a withdrawn figure (reverted load) is no current value: the same figure again is a new revision */
        int same = !sqlite3_column_int(q, 7) && sqlite3_column_double(q, 1) == v &&
                   *(const char *)sqlite3_column_text(q, 2) == status &&
                   same_text(sqlite3_column_text(q, 3), source) && same_text(sqlite3_column_text(q, 4), note);
        if (same) {
            sqlite3_reset(q);
            L->r->unchanged++;
            return CHITIEU_OK;
        }
    } else if (r != SQLITE_DONE)
        return chitieu__db_fail(L->st, "finding an observation");
    sqlite3_reset(q);
insert:
    q = L->q[S_OBS_INS];
    sqlite3_bind_int64(q, 1, L->ind.id);
    sqlite3_bind_int64(q, 2, L->area.id);
    sqlite3_bind_int(q, 3, y);
    sqlite3_bind_int(q, 4, revision);
    sqlite3_bind_double(q, 5, v);
    static const char *const status_text[] = {"A", "P", "E"};
    sqlite3_bind_text(q, 6, status_text[strchr("APE", status) - "APE"], 1, SQLITE_STATIC);
    /* The row's fields outlive the statement's step (step_done resets it before the next row). */
    if (*source)
        sqlite3_bind_text(q, 7, source, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(q, 7);
    if (*note)
        sqlite3_bind_text(q, 8, note, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(q, 8);
    sqlite3_bind_int64(q, 9, L->in->batch);
    sqlite3_bind_int64(q, 10, (sqlite3_int64)chitieu_csv_line(L->csv));
    if (revision == 1)
        L->r->inserted++;
    else
        L->r->revised++;
    return step_done(L, q, "storing an observation");
}

/* Map the header row to columns and decide the file's kind.  Returns 1 when the
 * file can be read (kind and L->idx set), 0 when it cannot (errors recorded),
 * negative on failure. */
static int map_header(loader *L, const char *path, chitieu_csv *csv, enum kind *kind, size_t *nfields)
{
    size_t nf;
    char *const *f;
    int r = chitieu_csv_next(csv, &nf, &f);
    *nfields = r == 1 ? nf : 0;
    if (r < 0)
        return chitieu_error_code() == CHITIEU_EINVALID ? (csv_error(L, path, csv) ? CHITIEU_ENOMEM : 0) : r;
    if (r == 0)
        return file_error(L, path, 0, NULL, "empty file (no header)") ? CHITIEU_ENOMEM : 0;
    unsigned have = 0;
    for (int c = 0; c < NCOL; c++)
        L->idx[c] = -1;
    int ok = 1;
    for (size_t i = 0; i < nf; i++) {
        char *h = trim(f[i]);
        for (char *p = h; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p + 32);
        if (!*h)
            continue; /* a trailing separator */
        int c;
        for (c = 0; c < NCOL && strcmp(h, col_names[c]) != 0; c++)
            ;
        if (c == NCOL)
            continue; /* judged below, once the kind is known */
        if (have & B(c)) {
            file_error(L, path, 1, h, "column '%s' appears twice in the header", h);
            ok = 0;
        }
        have |= B(c);
        L->idx[c] = (int)i;
    }
    /* The kind whose required columns are best covered; ties go to the more specific (later) kind. */
    int best = -1;
    double best_score = 0;
    for (int k = 0; k < NKIND; k++) {
        unsigned req = kinds[k].required;
        double score = (double)__builtin_popcount(have & req) / __builtin_popcount(req);
        if (score >= best_score && score > 0.5) {
            best = k;
            best_score = score;
        }
    }
    if (best < 0) {
        file_error(L, path, 1, NULL,
                   "cannot tell what this file holds from its header; expected observations "
                   "(indicator,area,year,value), targets (plan,indicator,area,shape,year), indicators "
                   "(code,name,unit,direction), areas (code,name,level) or plans (plan,name)");
        return 0;
    }
    for (int c = 0; c < NCOL; c++)
        if ((kinds[best].required & B(c)) && !(have & B(c))) {
            file_error(L, path, 1, col_names[c], "missing column '%s' (a %s file needs it)", col_names[c],
                       kinds[best].name);
            ok = 0;
        }
    for (size_t i = 0; i < nf; i++) {
        const char *h = f[i];
        int c;
        for (c = 0; c < NCOL && strcmp(h, col_names[c]) != 0; c++)
            ;
        if (*h && (c == NCOL || !((kinds[best].required | kinds[best].optional) & B(c)))) {
            if (add_warning_at(L, path, 1, h, "column '%s' is not part of a %s file; ignored", h, kinds[best].name))
                return CHITIEU_ENOMEM;
            if (c < NCOL)
                L->idx[c] = -1;
        }
    }
    *kind = (enum kind)best;
    return ok;
}

/* SQL of the loader's statements. */
static const char *const sql_ind = "SELECT id, min, max FROM indicators WHERE code = ?1";
static const char *const sql_area = "SELECT id FROM areas WHERE code = ?1";
static const char *const sql_plan = "SELECT batch FROM plans WHERE code = ?1";
static const char *const sql_obs_last =
    "SELECT revision, value, status, source, note, batch, line, withdrawn FROM observations"
    " WHERE indicator = ?1 AND area = ?2 AND year = ?3 ORDER BY revision DESC LIMIT 1";
static const char *const sql_obs_ins =
    "INSERT INTO observations(indicator, area, year, revision, value, status, source, note, batch, line)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
static const char *const sql_tgt_find =
    "SELECT t.batch, t.line FROM targets t JOIN plans p ON p.id = t.plan WHERE p.code = ?1 AND t.indicator = ?2"
    " AND t.area = ?3 AND t.shape = ?4 AND t.year = ?5 AND t.from_year = ?6";
static const char *const sql_tgt_upsert =
    "INSERT INTO targets(plan, indicator, area, shape, year, from_year, low, high, versus, source, note, batch, line,"
    " versus_area) VALUES((SELECT id FROM plans WHERE code = ?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
    " ?14) ON CONFLICT(plan, indicator, area, shape, year, from_year) DO UPDATE SET low = excluded.low,"
    " high = excluded.high, versus = excluded.versus, versus_area = excluded.versus_area, source = excluded.source,"
    " note = excluded.note, batch = excluded.batch, line = excluded.line, withdrawn = 0";
static const char *const sql_ind_upsert =
    "INSERT INTO indicators(code, name, name_en, unit, direction, min, max, goal, agency, batch)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT(code) DO UPDATE SET name = excluded.name,"
    " name_en = excluded.name_en, unit = excluded.unit, direction = excluded.direction, min = excluded.min,"
    " max = excluded.max, goal = excluded.goal, agency = excluded.agency, batch = excluded.batch";
static const char *const sql_area_upsert =
    "INSERT INTO areas(code, name, level, parent, batch) VALUES(?1, ?2, ?3, ?4, ?5)"
    " ON CONFLICT(code) DO UPDATE SET name = excluded.name, level = excluded.level, parent = excluded.parent,"
    " batch = excluded.batch";
static const char *const sql_plan_upsert =
    "INSERT INTO plans(code, name, document, issued, batch) VALUES(?1, ?2, ?3, ?4, ?5)"
    " ON CONFLICT(code) DO UPDATE SET name = excluded.name, document = excluded.document,"
    " issued = excluded.issued, batch = excluded.batch";
static const char *const sql_plan_auto =
    "INSERT INTO plans(code, name, batch) VALUES(?1, ?1, ?2) ON CONFLICT(code) DO NOTHING";
static const char *const sql_batch_rows = "UPDATE batches SET rows = ?1 WHERE id = ?2";
static const char *const sql_area_batch = "SELECT batch FROM areas WHERE code = ?1";
static const char *const sql_ind_batch = "SELECT batch FROM indicators WHERE code = ?1";
static const char *const sql_pair_any = "SELECT 1 FROM observations WHERE indicator = ?1 AND area = ?2 LIMIT 1";
static const char *const sql_pair_add = "INSERT OR IGNORE INTO temp.load_pairs(indicator, area) VALUES(?1, ?2)";
static const char *const sql_bounds_add = "INSERT OR REPLACE INTO temp.load_bounds(indicator, batch, line) VALUES(?1, ?2, ?3)";

/* The statements' SQL, indexed by enum stmt. */
static const char *const *const stmt_sql[NSTMT] = {
    &sql_ind, &sql_area, &sql_plan, &sql_obs_last, &sql_obs_ins, &sql_tgt_find, &sql_tgt_upsert,
    &sql_ind_upsert, &sql_area_upsert, &sql_plan_upsert, &sql_plan_auto, &sql_batch_rows, &sql_area_batch, &sql_ind_batch, &sql_pair_any, &sql_pair_add, &sql_bounds_add,
};

static void finalize_all(loader *L)
{
    for (int i = 0; i < NSTMT; i++) {
        sqlite3_finalize(L->q[i]);
        L->q[i] = NULL;
    }
}

static int prepare_all(loader *L)
{
    for (int i = 0; i < NSTMT; i++) {
        int rc = chitieu__prepare(&L->q[i], L->st, *stmt_sql[i]);
        if (rc)
            return rc;
    }
    return CHITIEU_OK;
}

/* An indicator, area or plan defined twice in this load is an error (which one would win?).
 * q is the statement selecting the batch of the code in column c. */
static int catalogue_duplicate(loader *L, enum stmt which, int c)
{
    const char *code = text(L, c);
    if (!*code)
        return CHITIEU_OK;
    sqlite3_stmt *q = L->q[which];
    sqlite3_bind_text(q, 1, code, -1, SQLITE_TRANSIENT);
    int r = sqlite3_step(q);
    if (r == SQLITE_ROW && sqlite3_column_int64(q, 0) >= L->first_batch)
        row_error(L, c, "'%s' is defined twice in this load (also in %s)", code,
                  batch_file(L, (long)sqlite3_column_int64(q, 0)));
    sqlite3_reset(q);
    return r == SQLITE_ROW || r == SQLITE_DONE ? CHITIEU_OK : chitieu__db_fail(L->st, "finding a code");
}

/* Stream one file's rows into the store. */
static int load_file(loader *L, const infile *in, const int *idx, size_t header_fields)
{
    int rc = chitieu_csv_open(&L->csv, in->read);
    if (rc)
        return rc;
    L->in = in;
    L->pair_ind = L->pair_area = 0;
    memcpy(L->idx, idx, sizeof L->idx);
    size_t nf, rows = 0;
    char *const *f;
    int r = chitieu_csv_next(L->csv, &nf, &f); /* the header, mapped already */
    while (r == 1 && (r = chitieu_csv_next(L->csv, &nf, &f)) == 1) {
        L->r->rows++;
        rows++;
        L->f = f;
        L->nf = nf;
        L->row_bad = 0;
        if (nf < header_fields) {
            row_error(L, NCOL, "the row has %zu fields; the header has %zu", nf, header_fields);
            continue;
        }
        for (size_t i = header_fields; i < nf && !L->row_bad; i++)
            if (*trim(f[i]))
                row_error(L, NCOL, "the row has more fields than the header (a decimal comma in a comma file "
                          "must be quoted: \"8,5\")");
        for (int c = 0; c < NCOL && !L->row_bad; c++) {
            unsigned cc = L->idx[c] >= 0 && (size_t)L->idx[c] < nf ? control_char(f[L->idx[c]]) : 0;
            if (cc)
                row_error(L, c, "control character U+%04X in the text (an escape or invisible byte: remove it)", cc);
        }
        if (L->row_bad)
            continue;
        switch (in->kind) {
        case K_PLANS:
            rc = catalogue_duplicate(L, S_PLAN, C_PLAN);
            if (!rc)
                rc = row_plan(L);
            break;
        case K_AREAS:
            rc = catalogue_duplicate(L, S_AREA_BATCH, C_CODE);
            if (!rc)
                rc = row_area(L);
            break;
        case K_INDICATORS:
            rc = catalogue_duplicate(L, S_IND_BATCH, C_CODE);
            if (!rc)
                rc = row_indicator(L);
            break;
        case K_TARGETS: rc = row_target(L); break;
        case K_OBS: rc = row_observation(L); break;
        case NKIND: rc = chitieu__fail(CHITIEU_ERROR, "internal: bad file kind"); break;
        }
        if (rc)
            break;
    }
    if (!rc && r < 0) {
        if (chitieu_error_code() == CHITIEU_EINVALID)
            rc = csv_error(L, in->path, L->csv);
        else
            rc = chitieu_error_code();
    }
    chitieu_csv_free(L->csv);
    L->csv = NULL;
    if (rc)
        return rc;
    sqlite3_bind_int64(L->q[S_BATCH_ROWS], 1, (sqlite3_int64)rows);
    sqlite3_bind_int64(L->q[S_BATCH_ROWS], 2, in->batch);
    return step_done(L, L->q[S_BATCH_ROWS], "counting rows");
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median of n values (sorts them). */
static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* Describe bounds for a message: "0 to 100", "at least 0", "at most 100". */
static void bounds_text(char *buf, size_t n, double mn, double mx)
{
    if (!isnan(mn) && !isnan(mx))
        snprintf(buf, n, "%g to %g", mn, mx);
    else if (!isnan(mn))
        snprintf(buf, n, "at least %g", mn);
    else
        snprintf(buf, n, "at most %g", mx);
}

/* An indicator whose bounds this load narrowed must not leave current figures
 * (latest revisions, after this load's own figures) outside them: one error per
 * such indicator, on its catalogue row, naming a figure and how many there are. */
static int check_bounds(loader *L)
{
    sqlite3_stmt *inds, *obs;
    int rc = chitieu__prepare(&inds, L->st,
                              "SELECT b.indicator, b.batch, b.line, i.code, i.min, i.max FROM temp.load_bounds b"
                              " JOIN indicators i ON i.id = b.indicator ORDER BY b.batch, b.line");
    if (rc)
        return rc;
    if ((rc = chitieu__prepare(&obs, L->st,
                               "SELECT a.code, o.year, o.value, f.file, o.line, count(*) OVER () FROM observations o"
                               " JOIN areas a ON a.id = o.area JOIN batches f ON f.id = o.batch"
                               " WHERE o.indicator = ?1 AND ((?2 IS NOT NULL AND o.value < ?2) OR (?3 IS NOT NULL AND o.value > ?3))"
                               " AND o.withdrawn = 0"
                               " AND o.revision = (SELECT max(p.revision) FROM observations p WHERE p.indicator = o.indicator"
                               " AND p.area = o.area AND p.year = o.year) ORDER BY a.code, o.year LIMIT 1"))) {
        sqlite3_finalize(inds);
        return rc;
    }
    int r;
    while (!rc && (r = sqlite3_step(inds)) == SQLITE_ROW) {
        double mn = chitieu__col_num(inds, 4), mx = chitieu__col_num(inds, 5);
        sqlite3_reset(obs);
        sqlite3_bind_int64(obs, 1, sqlite3_column_int64(inds, 0));
        chitieu__bind_num(obs, 2, mn);
        chitieu__bind_num(obs, 3, mx);
        int s = sqlite3_step(obs);
        if (s == SQLITE_ROW) {
            char b[80];
            bounds_text(b, sizeof b, mn, mx);
            double v = sqlite3_column_double(obs, 2);
            long count = (long)sqlite3_column_int64(obs, 5);
            char more[64] = "";
            if (count > 1)
                snprintf(more, sizeof more, " and %ld other figure%s", count - 1, count > 2 ? "s" : "");
            if (file_error(L, batch_file(L, (long)sqlite3_column_int64(inds, 1)),
                           (unsigned long)sqlite3_column_int64(inds, 2), !isnan(mn) && v < mn ? "min" : "max",
                           "the new bounds of %s (%s) exclude its stored figure %g for %s, %d (%s:%ld)%s; correct "
                           "the figures (load new ones with this file) or keep the bounds wide enough",
                           (const char *)sqlite3_column_text(inds, 3), b, v, (const char *)sqlite3_column_text(obs, 0),
                           sqlite3_column_int(obs, 1), (const char *)sqlite3_column_text(obs, 3),
                           (long)sqlite3_column_int64(obs, 4), more))
                rc = CHITIEU_ENOMEM;
        } else if (s != SQLITE_DONE)
            rc = chitieu__db_fail(L->st, "checking bounds");
    }
    if (!rc && r != SQLITE_DONE)
        rc = chitieu__db_fail(L->st, "checking bounds");
    sqlite3_finalize(inds);
    sqlite3_finalize(obs);
    return rc;
}

/* Warn about figures of this load whose change from the previous year lies
 * far outside the series' year-on-year changes: |d - median| > k * 1.4826 * MAD,
 * median and MAD taken over all of the series' changes (robust to the one
 * being judged), with at least 5 changes to judge by. */
static int check_jumps(loader *L)
{
    sqlite3_stmt *pairs, *ser;
    int rc = chitieu__prepare(&pairs, L->st,
                              "SELECT p.indicator, p.area, i.code, a.code FROM temp.load_pairs p"
                              " JOIN indicators i ON i.id = p.indicator JOIN areas a ON a.id = p.area");
    if (rc)
        return rc;
    if ((rc = chitieu__prepare(&ser, L->st,
                               "SELECT year, value, batch, line, withdrawn FROM observations WHERE indicator = ?1 AND area = ?2"
                               " ORDER BY year, revision"))) {
        sqlite3_finalize(pairs);
        return rc;
    }
    size_t cap = 0, n;
    struct pt { int year; double value; long batch; unsigned long line; } *pt = NULL;
    double *d = NULL, *tmp = NULL;
    size_t dcap = 0;
    int r;
    while (!rc && (r = sqlite3_step(pairs)) == SQLITE_ROW) {
        sqlite3_reset(ser);
        sqlite3_bind_int64(ser, 1, sqlite3_column_int64(pairs, 0));
        sqlite3_bind_int64(ser, 2, sqlite3_column_int64(pairs, 1));
        n = 0;
        while (sqlite3_step(ser) == SQLITE_ROW) {
            if (n && pt[n - 1].year == sqlite3_column_int(ser, 0))
                n--; /* a later revision of the same year replaces it */
            if (sqlite3_column_int(ser, 4))
                continue; /* withdrawn by a revert: the year has no figure (unless a later revision) */
            if ((rc = chitieu__grow(&pt, &cap, n, sizeof *pt)))
                break;
            pt[n].year = sqlite3_column_int(ser, 0);
            pt[n].value = sqlite3_column_double(ser, 1);
            pt[n].batch = (long)sqlite3_column_int64(ser, 2);
            pt[n].line = (unsigned long)sqlite3_column_int64(ser, 3);
            n++;
        }
        if (rc || n < 6)
            continue; /* fewer than 5 changes: nothing to judge by */
        if (n > dcap) {
            free(d);
            free(tmp);
            dcap = n;
            d = malloc(n * sizeof *d);
            tmp = malloc(n * sizeof *tmp);
            if (!d || !tmp) {
                rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
                break;
            }
        }
        size_t m = 0;
        for (size_t j = 1; j < n; j++)
            if (pt[j].year == pt[j - 1].year + 1)
                d[m++] = pt[j].value - pt[j - 1].value;
        if (m < 5)
            continue;
        double med = median(d, m);
        for (size_t j = 0; j < m; j++)
            tmp[j] = fabs(d[j] - med);
        double sd = 1.4826 * median(tmp, m);
        for (size_t i = 1; i < n && !rc; i++) {
            if (pt[i].batch < L->first_batch || pt[i].year != pt[i - 1].year + 1)
                continue;
            double scale = fabs(pt[i].value) + fabs(pt[i - 1].value);
            double floor_sd = sd < 1e-9 * scale ? 1e-9 * scale : sd;
            double change = pt[i].value - pt[i - 1].value;
            if (fabs(change - med) > L->o->jump_threshold * floor_sd)
                rc = add_warning_at(L, batch_file(L, pt[i].batch), pt[i].line, "value",
                                    "suspicious figure %g for %s, %s, %d: it changes by %+g from %d, while the "
                                    "series' yearly changes have median %+g and robust SD %g",
                                    pt[i].value, (const char *)sqlite3_column_text(pairs, 2),
                                    (const char *)sqlite3_column_text(pairs, 3), pt[i].year, change,
                                    pt[i - 1].year, med, floor_sd);
        }
    }
    if (!rc && r != SQLITE_DONE)
        rc = chitieu__db_fail(L->st, "checking jumps");
    free(pt);
    free(d);
    free(tmp);
    sqlite3_finalize(pairs);
    sqlite3_finalize(ser);
    return rc;
}

void chitieu_load_report_free(chitieu_load_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nmsg; i++) {
        free(r->msgs[i].file);
        free(r->msgs[i].column);
        free(r->msgs[i].message);
    }
    free(r->msgs);
    free(r);
}

/* Per-file plan made before the transaction. */
typedef struct {
    infile in;
    int idx[NCOL];
    size_t header_fields;
    char sha[65];
    int sha_rc; /* result of hashing (a second thread hashes while the files load) */
    int usable;
    size_t order; /* position on the command line */
    char *spool;  /* temporary copy of standard input or a pipe (removed at the end), or NULL */
    int spool_fd; /* >= 0: the copy is already unlinked and read as /proc/self/fd/N; closed at the end */
} fileplan;

/* Copy a stream that can be read only once (standard input for "-", a pipe, a
 * terminal) to a temporary file, so that it can be read three times like any
 * file: header, hash, rows.  *tmp receives the name to read it by (malloc'd).
 * On Linux the file is unlinked at once and read through /proc/self/fd/N
 * (*keep holds N), so even a killed load leaves nothing in $TMPDIR; else
 * *keep is -1 and the caller removes *tmp. */
static int spool(loader *L, char **tmp, int *keep, const char *shown, const char *path)
{
    *keep = -1;
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    size_t n = strlen(dir) + sizeof "/chitieu-load-XXXXXX";
    char *name = malloc(n);
    if (!name)
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    snprintf(name, n, "%s/chitieu-load-XXXXXX", dir);
    int fd = mkstemp(name);
    if (fd < 0) {
        free(name);
        return file_error(L, shown, 0, NULL, "cannot create a temporary file in %s to hold it: %s", dir,
                          strerror(errno)) ? CHITIEU_ENOMEM : CHITIEU_OK;
    }
    *tmp = name;
#ifdef __linux__
    char proc[32];
    int fd2 = dup(fd);
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd2);
    char *alias = fd2 >= 0 && access(proc, R_OK) == 0 ? chitieu__strdup(proc) : NULL;
    if (alias) {
        unlink(name);
        free(name);
        *tmp = alias;
        *keep = fd2;
    } else if (fd2 >= 0)
        close(fd2);
#endif
    FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    FILE *out = fdopen(fd, "wb");
    if (!out)
        close(fd);
    char buf[65536];
    size_t got;
    int err = 0;
    const char *what = "read";
    if (!in)
        err = errno;
    else if (!out) {
        err = errno;
        what = "write the temporary copy of";
    } else {
        while ((got = fread(buf, 1, sizeof buf, in)) > 0)
            if (fwrite(buf, 1, got, out) != got) {
                err = errno;
                what = "write the temporary copy of";
                break;
            }
        if (!err && ferror(in))
            err = errno ? errno : EIO;
    }
    if (in && in != stdin)
        fclose(in);
    if (out && fclose(out) != 0 && !err) {
        err = errno;
        what = "write the temporary copy of";
    }
    if (err)
        return file_error(L, shown, 0, NULL, "cannot %s it: %s", what, strerror(err)) ? CHITIEU_ENOMEM : CHITIEU_OK;
    return CHITIEU_OK;
}

/* Non-zero when `path` is "-" or a stream that cannot be read twice (pipe, socket, terminal). */
static int one_pass(const char *path)
{
    struct stat sb;
    if (strcmp(path, "-") == 0)
        return 1;
    return stat(path, &sb) == 0 && (S_ISFIFO(sb.st_mode) || S_ISCHR(sb.st_mode) || S_ISSOCK(sb.st_mode));
}

/* Store each batch's SHA-256 (computed on the hashing thread); a file that could not be
 * hashed (it vanished or became unreadable during the load) is an error of that file. */
static int record_hashes(loader *L, const fileplan *plan, const infile *files, size_t n)
{
    sqlite3_stmt *q = NULL;
    int rc = chitieu__prepare(&q, L->st, "UPDATE batches SET sha256 = ?1 WHERE id = ?2");
    for (size_t i = 0; i < n && !rc; i++) {
        if (plan[i].sha_rc) {
            rc = file_error(L, files[i].path, 0, NULL, "cannot read it to compute its SHA-256") ? CHITIEU_ENOMEM : 0;
            continue;
        }
        sqlite3_bind_text(q, 1, plan[i].sha, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, files[i].batch);
        if (sqlite3_step(q) != SQLITE_DONE)
            rc = chitieu__db_fail(L->st, "recording the batch");
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);
    return rc;
}

/* The files' SHA-256 sums, computed on a second thread while the first parses and stores. */
typedef struct {
    fileplan *plan;
    size_t n;
} hash_job;

static void *hash_files(void *arg)
{
    hash_job *j = arg;
    for (size_t i = 0; i < j->n; i++)
        j->plan[i].sha_rc = j->plan[i].usable ? chitieu__sha256_file(j->plan[i].sha, j->plan[i].in.read) : 0;
    return NULL;
}

static int cmp_plan(const void *a, const void *b)
{
    const fileplan *x = a, *y = b;
    if (x->in.kind != y->in.kind)
        return (int)x->in.kind - (int)y->in.kind;
    return (x->order > y->order) - (x->order < y->order);
}

int chitieu_load_files(chitieu_load_report **out, chitieu_store *st, const char *const *paths, size_t n,
                       const chitieu_load_opts *opts)
{
    *out = NULL;
    chitieu_load_opts defaults;
    if (!opts) {
        chitieu_load_opts_init(&defaults);
        opts = &defaults;
    }
    loader L;
    memset(&L, 0, sizeof L);
    L.st = st;
    L.db = chitieu__store_db(st);
    L.o = opts;
    L.r = calloc(1, sizeof *L.r);
    fileplan *plan = calloc(n ? n : 1, sizeof *plan);
    infile *files = calloc(n ? n : 1, sizeof *files);
    if (!L.r || !plan || !files) {
        free(plan);
        free(files);
        chitieu_load_report_free(L.r);
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    }
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    L.this_year = tm.tm_year + 1900;
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);

    /* 1. Plan: map each file's header (no store access yet); a pipe or standard input is
     * first copied to a temporary file. */
    int rc = CHITIEU_OK, stdin_seen = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        fileplan *p = &plan[i];
        p->in.path = p->in.read = paths[i];
        p->order = i;
        p->in.kind = NKIND;
        if (strcmp(paths[i], "-") == 0) {
            p->in.path = "<stdin>";
            if (stdin_seen++) {
                rc = file_error(&L, p->in.path, 0, NULL, "standard input ('-') is named twice") ? CHITIEU_ENOMEM : 0;
                continue;
            }
        }
        if (one_pass(paths[i])) {
            size_t before = L.r->errors;
            if ((rc = spool(&L, &p->spool, &p->spool_fd, p->in.path, paths[i])) || L.r->errors > before)
                continue;
            p->in.read = p->spool;
        }
        chitieu_csv *csv = NULL;
        if (chitieu_csv_open(&csv, p->in.read)) {
            /* The message is "path: cannot open: reason"; keep what follows the path. */
            rc = file_error(&L, p->in.path, 0, NULL, "%s", chitieu_error_last() + strlen(p->in.read) + 2);
            continue;
        }
        enum kind kind = NKIND;
        size_t header_nf = 0;
        int u = map_header(&L, p->in.path, csv, &kind, &header_nf);
        chitieu_csv_free(csv);
        if (u < 0)
            rc = u;
        p->usable = u > 0;
        p->in.kind = kind;
        memcpy(p->idx, L.idx, sizeof p->idx);
        p->header_fields = header_nf; /* every column, used or not: rows are checked against it */
    }
    qsort(plan, n, sizeof *plan, cmp_plan);
    L.files = files;
    L.nfiles = n;
    for (size_t i = 0; i < n; i++)
        files[i] = plan[i].in;
    hash_job hj = {plan, n};
    pthread_t hasher;
    int hashing = !rc && pthread_create(&hasher, NULL, hash_files, &hj) == 0;
    if (!rc && !hashing)
        hash_files(&hj); /* no thread: hash here */

    /* 2. One write transaction for every file. */
    if (!rc && (rc = chitieu__exec(st, "BEGIN IMMEDIATE")) == CHITIEU_OK) {
        sqlite3_stmt *qb = NULL;
        rc = chitieu__exec(st, "CREATE TEMP TABLE IF NOT EXISTS load_pairs(indicator INTEGER, area INTEGER,"
                                   " PRIMARY KEY(indicator, area)) WITHOUT ROWID; DELETE FROM temp.load_pairs;"
                                   "CREATE TEMP TABLE IF NOT EXISTS load_bounds(indicator INTEGER PRIMARY KEY,"
                                   " batch INTEGER, line INTEGER); DELETE FROM temp.load_bounds");
        if (!rc)
            rc = prepare_all(&L);
        if (!rc)
            rc = chitieu__prepare(&qb, st,
                                  "INSERT INTO batches(file, sha256, kind, loaded_at, agency) VALUES(?1, ?2, ?3, ?4, ?5)");
        for (size_t i = 0; i < n && !rc; i++) {
            sqlite3_bind_text(qb, 1, plan[i].in.path, -1, SQLITE_STATIC);
            sqlite3_bind_text(qb, 2, "", -1, SQLITE_STATIC); /* set once hashed, before COMMIT */
            sqlite3_bind_text(qb, 3, plan[i].usable ? kinds[plan[i].in.kind].name : "unreadable", -1,
                              SQLITE_STATIC);
            sqlite3_bind_text(qb, 4, stamp, -1, SQLITE_STATIC);
            chitieu__bind_text(qb, 5, opts->agency);
            if (sqlite3_step(qb) != SQLITE_DONE) {
                rc = chitieu__db_fail(st, "recording the batch");
                break;
            }
            sqlite3_reset(qb);
            files[i].batch = (long)sqlite3_last_insert_rowid(L.db);
            if (i == 0)
                L.first_batch = files[i].batch;
        }
        sqlite3_finalize(qb);
        for (size_t i = 0; i < n && !rc; i++)
            if (plan[i].usable)
                rc = load_file(&L, &files[i], plan[i].idx, plan[i].header_fields);
        if (!rc && L.r->errors == 0)
            rc = check_bounds(&L);
        if (!rc && L.r->errors == 0)
            rc = check_jumps(&L);
        if (hashing) {
            pthread_join(hasher, NULL);
            hashing = 0;
        }
        rc = rc ? rc : record_hashes(&L, plan, files, n);
        finalize_all(&L);
        if (rc || L.r->errors || opts->dry_run)
            sqlite3_exec(L.db, "ROLLBACK", NULL, NULL, NULL);
        else if ((rc = chitieu__exec(st, "COMMIT")) != CHITIEU_OK)
            sqlite3_exec(L.db, "ROLLBACK", NULL, NULL, NULL);
        else
            L.r->committed = 1;
    }
    if (hashing)
        pthread_join(hasher, NULL); /* the transaction never started */
    L.r->files = n;
    for (size_t i = 0; i < n; i++)
        if (plan[i].spool) {
            if (plan[i].spool_fd >= 0)
                close(plan[i].spool_fd);
            else
                remove(plan[i].spool);
            free(plan[i].spool);
        }
    free(plan);
    free(files);
    if (rc && rc != CHITIEU_EINVALID) {
        chitieu_load_report_free(L.r);
        return rc;
    }
    *out = L.r;
    if (L.r->errors)
        return chitieu__fail(CHITIEU_EINVALID, "%zu error%s in the input; nothing was stored", L.r->errors,
                             L.r->errors == 1 ? "" : "s");
    return CHITIEU_OK;
}
