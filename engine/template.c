/*
 * template.c — the reporting forms departments fill (chitieu/template.h):
 * which rows each lead agency owes for a year, the form as a workbook or CSV,
 * the record of forms handed out, and their state for `missing`.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sqlite3.h>

#include "chitieu/codes.h"
#include "chitieu/csvout.h"
#include "chitieu/template.h"
#include "chitieu/words.h"
#include "chitieu/workbook.h"
#include "internal.h"

/* The pairs owed for ?1 (year), of agency ?2 (NULL: all) and plan ?3 (NULL: any), with the catalogue's
 * words, the figures of the three years before and whether the year has a figure already. */
static const char sql_rows[] =
    "WITH expected(ind, area) AS ("
    "  SELECT t.indicator, t.area FROM targets t WHERE t.year >= ?1 AND t.withdrawn = 0"
    "    AND (?3 IS NULL OR t.plan = (SELECT id FROM plans WHERE code = ?3))"
    "  UNION SELECT o.indicator, o.area FROM current_obs o WHERE o.year < ?1 AND ?3 IS NULL)"
    " SELECT i.agency, i.code, i.name, i.unit, i.min, i.max, a.code, a.name,"
    "  (SELECT value FROM current_obs o WHERE o.indicator = e.ind AND o.area = e.area AND o.year = ?1 - 3),"
    "  (SELECT value FROM current_obs o WHERE o.indicator = e.ind AND o.area = e.area AND o.year = ?1 - 2),"
    "  (SELECT value FROM current_obs o WHERE o.indicator = e.ind AND o.area = e.area AND o.year = ?1 - 1),"
    "  EXISTS (SELECT 1 FROM current_obs o WHERE o.indicator = e.ind AND o.area = e.area AND o.year = ?1)"
    " FROM expected e JOIN indicators i ON i.id = e.ind JOIN areas a ON a.id = e.area"
    " WHERE ?2 IS NULL OR i.agency = ?2"
    " ORDER BY i.agency IS NULL, i.agency, i.goal, i.code, a.code";

void chitieu_template_rows_free(chitieu_template_row *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++) {
        free(rows[i].agency);
        free(rows[i].indicator);
        free(rows[i].name);
        free(rows[i].unit);
        free(rows[i].area);
        free(rows[i].area_name);
    }
    free(rows);
}

/* 1 when `sql` (one text parameter) finds a row, 0 when not, negative on a database error. */
static int exists(chitieu_store *st, const char *sql, const char *text)
{
    sqlite3_stmt *q;
    int rc = chitieu__prepare(&q, st, sql);
    if (rc)
        return rc;
    sqlite3_bind_text(q, 1, text, -1, SQLITE_STATIC);
    int s = sqlite3_step(q);
    sqlite3_finalize(q);
    return s == SQLITE_ROW ? 1 : s == SQLITE_DONE ? 0 : chitieu__db_fail(st, "reading the catalogue");
}

/* One chitieu_template_row from a row of sql_rows (chitieu__rows_collect's fill). */
static int row_of(void *elem, sqlite3_stmt *q)
{
    chitieu_template_row *r = elem;
    r->agency = chitieu__col_strdup(q, 0);
    r->indicator = chitieu__col_strdup(q, 1);
    r->name = chitieu__col_strdup(q, 2);
    r->unit = chitieu__col_strdup(q, 3);
    r->min = chitieu__col_num(q, 4);
    r->max = chitieu__col_num(q, 5);
    r->area = chitieu__col_strdup(q, 6);
    r->area_name = chitieu__col_strdup(q, 7);
    for (int k = 0; k < 3; k++)
        r->ref[k] = chitieu__col_num(q, 8 + k);
    r->reported = sqlite3_column_int(q, 11);
    if (!r->indicator || !r->name || !r->unit || !r->area || !r->area_name)
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    return CHITIEU_OK;
}

/* chitieu_template_rows_free for chitieu__rows_collect. */
static void rows_free(void *arr, size_t n) { chitieu_template_rows_free(arr, n); }

int chitieu_template_rows(chitieu_template_row **out, size_t *n, chitieu_store *st, int year, const char *agency,
                          const char *plan)
{
    *out = NULL;
    *n = 0;
    int f;
    if (plan && (f = exists(st, "SELECT 1 FROM plans WHERE code = ?1", plan)) <= 0)
        return f < 0 ? f : chitieu__fail(CHITIEU_ENOTFOUND, "unknown plan '%s'", plan);
    if (agency && (f = chitieu_codes_check(st, CHITIEU_CODE_AGENCY, agency)))
        return f; /* "unknown lead agency 'So Y te' (closest: Sở Y tế, ...)" */
    sqlite3_stmt *q;
    int rc = chitieu__prepare(&q, st, sql_rows);
    if (rc)
        return rc;
    sqlite3_bind_int(q, 1, year);
    chitieu__bind_text(q, 2, agency);
    chitieu__bind_text(q, 3, plan);
    return chitieu__rows_collect(out, n, sizeof **out, q, st, "listing the rows owed", row_of, rows_free);
}

/* Same agency (NULL = NULL). */
static int same_agency(const char *a, const char *b) { return (!a && !b) || (a && b && strcmp(a, b) == 0); }

/* The name of the group of rows without a lead agency (the forms are Vietnamese; `missing` says the same). */
#define NO_AGENCY chitieu_words_text(CHITIEU_W_NONE_AGENCY, CHITIEU_LANG_VI)

/* The columns of the form; the reference years are named ref_YYYY. */
enum { NCOLS = 16 };
static void column_names(char names[NCOLS][16], int year)
{
    static const char *const fixed[NCOLS] = {"agency", "indicator", "name", "area", "area_name", "unit", "min",
                                             "max", NULL, NULL, NULL, "year", "value", "status", "source", "note"};
    for (int c = 0; c < NCOLS; c++) {
        if (fixed[c])
            snprintf(names[c], 16, "%s", fixed[c]);
        else
            snprintf(names[c], 16, "ref_%d", year - 3 + (c - 8));
    }
}

static void csv_number(FILE *f, double v)
{
    char buf[32];
    if (!isnan(v))
        fputs(chitieu_csvout_number(buf, v), f);
}

static int write_csv(const char *path, const chitieu_template_row *rows, size_t n, int year)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return chitieu__fail(CHITIEU_EIO, "%s: cannot write the file", path);
    char names[NCOLS][16];
    column_names(names, year);
    for (int c = 0; c < NCOLS; c++)
        fprintf(f, "%s%s", c ? "," : "", names[c]);
    fputc('\n', f);
    for (size_t i = 0; i < n; i++) {
        const chitieu_template_row *r = &rows[i];
        chitieu_csvout_field(f, r->agency);
        const char *text[] = {r->indicator, r->name, r->area, r->area_name, r->unit};
        for (int k = 0; k < 5; k++) {
            fputc(',', f);
            chitieu_csvout_field(f, text[k]);
        }
        double num[] = {r->min, r->max, r->ref[0], r->ref[1], r->ref[2]};
        for (int k = 0; k < 5; k++) {
            fputc(',', f);
            csv_number(f, num[k]);
        }
        fprintf(f, ",%d,,,,\n", year);
    }
    int bad = ferror(f) != 0;
    bad |= fclose(f) != 0;
    return bad ? chitieu__fail(CHITIEU_EIO, "%s: cannot write the file", path) : CHITIEU_OK;
}

/* "from 0 to 100", "at least 0", "at most 100", or "" (Vietnamese, for the input message). */
static void bounds_words(char *buf, size_t n, double mn, double mx)
{
    if (!isnan(mn) && !isnan(mx))
        snprintf(buf, n, "Từ %g đến %g. ", mn, mx);
    else if (!isnan(mn))
        snprintf(buf, n, "Từ %g trở lên. ", mn);
    else if (!isnan(mx))
        snprintf(buf, n, "Không quá %g. ", mx);
    else
        buf[0] = '\0';
}

static int write_xlsx(const char *path, const chitieu_template_row *rows, size_t n, int year)
{
    char names[NCOLS][16];
    column_names(names, year);
    chitieu_column cols[NCOLS];
    for (int c = 0; c < NCOLS; c++) {
        int number = (c >= 6 && c <= 12);
        cols[c] = (chitieu_column){names[c], number ? CHITIEU_COL_NUMBER : CHITIEU_COL_TEXT, c == 11 ? 0 : -1};
    }
    chitieu_workbook *w;
    int rc = chitieu_workbook_open(&w, path);
    if (rc)
        return rc;
    static const char *const statuses[] = {"A", "P", "E"};
    char title[400], vtitle[40], msg[600], b[80];
    snprintf(vtitle, sizeof vtitle, "Số liệu năm %d", year);
    for (size_t i = 0; !rc && i < n; i++) {
        const chitieu_template_row *r = &rows[i];
        if (i == 0 || !same_agency(r->agency, rows[i - 1].agency)) {
            snprintf(title, sizeof title,
                     "Biểu báo cáo số liệu năm %d — %s. Điền cột value (để trống nếu chưa có số liệu); status: A chính "
                     "thức, P sơ bộ, E ước tính. Không sửa các cột khác.",
                     year, r->agency ? r->agency : NO_AGENCY);
            chitieu_words_cut(title, sizeof title, title, sizeof title);
            rc = chitieu_workbook_sheet(w, r->agency ? r->agency : NO_AGENCY, title, cols, NCOLS);
            for (size_t c = 12; !rc && c < NCOLS; c++) /* value, status, source, note: where to type */
                rc = chitieu_workbook_highlight(w, c);
        }
        rc = rc ? rc : chitieu_workbook_text(w, r->agency);
        rc = rc ? rc : chitieu_workbook_text(w, r->indicator);
        rc = rc ? rc : chitieu_workbook_text(w, r->name);
        rc = rc ? rc : chitieu_workbook_text(w, r->area);
        rc = rc ? rc : chitieu_workbook_text(w, r->area_name);
        rc = rc ? rc : chitieu_workbook_text(w, r->unit);
        rc = rc ? rc : chitieu_workbook_number(w, r->min);
        rc = rc ? rc : chitieu_workbook_number(w, r->max);
        for (int k = 0; k < 3 && !rc; k++)
            rc = chitieu_workbook_number(w, r->ref[k]);
        rc = rc ? rc : chitieu_workbook_number(w, year);
        bounds_words(b, sizeof b, r->min, r->max);
        snprintf(msg, sizeof msg, "%s: %s (%s). %sĐể trống nếu chưa có số liệu.", r->area_name, r->name, r->unit, b);
        chitieu_words_cut(msg, sizeof msg, msg, sizeof msg); /* a long name cut by snprintf: at a whole character */
        rc = rc ? rc : chitieu_workbook_validate_number(w, r->min, r->max, vtitle, msg);
        rc = rc ? rc : chitieu_workbook_blank(w);
        rc = rc ? rc : chitieu_workbook_validate_list(w, statuses, 3, "Tình trạng số liệu",
                                                     "A: chính thức (mặc định), P: sơ bộ, E: ước tính");
        rc = rc ? rc : chitieu_workbook_blank(w);
        rc = rc ? rc : chitieu_workbook_blank(w);
        rc = rc ? rc : chitieu_workbook_blank(w);
    }
    if (!rc && n == 0) { /* an empty form still says what it is */
        snprintf(title, sizeof title, "Biểu báo cáo số liệu năm %d: không có chỉ tiêu nào phải báo cáo.", year);
        rc = chitieu_workbook_sheet(w, "form", title, cols, NCOLS);
    }
    if (rc) {
        chitieu_workbook_discard(w);
        return rc;
    }
    return chitieu_workbook_close(w);
}

int chitieu_template_write(const char *path, chitieu_template_format fmt, const chitieu_template_row *rows, size_t n,
                           int year)
{
    return fmt == CHITIEU_TEMPLATE_CSV ? write_csv(path, rows, n, year) : write_xlsx(path, rows, n, year);
}

int chitieu_template_record(chitieu_store *st, const char *path, int year, const char *plan,
                            const chitieu_template_row *rows, size_t n)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    sqlite3_stmt *q;
    int rc = chitieu__exec(st, "BEGIN IMMEDIATE");
    if (rc)
        return rc;
    rc = chitieu__prepare(&q, st,
                          "INSERT INTO templates(agency, year, plan, file, written_at, rows) VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
    for (size_t i = 0; !rc && i < n;) {
        size_t j = i;
        while (j < n && same_agency(rows[j].agency, rows[i].agency))
            j++;
        chitieu__bind_text(q, 1, rows[i].agency);
        sqlite3_bind_int(q, 2, year);
        chitieu__bind_text(q, 3, plan);
        sqlite3_bind_text(q, 4, path, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 5, stamp, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 6, (sqlite3_int64)(j - i));
        if (sqlite3_step(q) != SQLITE_DONE)
            rc = chitieu__db_fail(st, "recording the form");
        sqlite3_reset(q);
        i = j;
    }
    sqlite3_finalize(q);
    if (rc || (rc = chitieu__exec(st, "COMMIT")))
        chitieu__rollback(st);
    return rc;
}

void chitieu_template_states_free(chitieu_template_state *arr, size_t n)
{
    for (size_t i = 0; arr && i < n; i++) {
        free(arr[i].agency);
        free(arr[i].file);
        free(arr[i].written_at);
        free(arr[i].plan);
    }
    free(arr);
}

/* One chitieu_template_state from a row of chitieu_template_states' query (chitieu__rows_collect's fill). */
static int state_of(void *elem, sqlite3_stmt *q)
{
    chitieu_template_state *x = elem;
    x->agency = chitieu__col_strdup(q, 0);
    x->file = chitieu__col_strdup(q, 1);
    x->written_at = chitieu__col_strdup(q, 2);
    x->plan = chitieu__col_strdup(q, 3);
    return x->file && x->written_at ? CHITIEU_OK : chitieu__fail(CHITIEU_ENOMEM, "out of memory");
}

/* chitieu_template_states_free for chitieu__rows_collect. */
static void states_free(void *arr, size_t n) { chitieu_template_states_free(arr, n); }

int chitieu_template_states(chitieu_template_state **out, size_t *n, chitieu_store *st, int year)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *q;
    /* the latest form of each agency for the year */
    int rc = chitieu__prepare(&q, st,
                              "SELECT t.agency, t.file, t.written_at, t.plan FROM templates t WHERE t.year = ?1"
                              " AND t.id = (SELECT max(u.id) FROM templates u WHERE u.year = t.year"
                              " AND u.agency IS t.agency) ORDER BY t.agency IS NULL, t.agency");
    if (rc)
        return rc;
    sqlite3_bind_int(q, 1, year);
    rc = chitieu__rows_collect(out, n, sizeof **out, q, st, "reading the forms", state_of, states_free);
    /* owed and received now, from the rows the form would have today */
    for (size_t i = 0; !rc && i < *n; i++) {
        chitieu_template_state *x = &(*out)[i];
        chitieu_template_row *rows;
        size_t nr;
        if (!x->agency) {
            /* rows without an agency: all rows of the plan, keeping those with no agency */
            if ((rc = chitieu_template_rows(&rows, &nr, st, year, NULL, x->plan)))
                break;
        } else if ((rc = chitieu_template_rows(&rows, &nr, st, year, x->agency, x->plan))) {
            if (rc != CHITIEU_ENOTFOUND)
                break;
            rc = CHITIEU_OK; /* the agency has no indicator any more: nothing owed */
            continue;
        }
        for (size_t k = 0; k < nr; k++)
            if (same_agency(rows[k].agency, x->agency)) {
                x->owed++;
                x->received += rows[k].reported;
            }
        chitieu_template_rows_free(rows, nr);
    }
    if (rc) {
        chitieu_template_states_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return rc;
}
