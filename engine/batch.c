/*
 * batch.c — the load batches of a store (chitieu/batch.h): listing them and
 * reverting one with a new batch.
 *
 * A revert never deletes or updates a figure: it appends revisions.  For each
 * figure revision r the batch wrote in a cell, the batch's figure is still in
 * effect when the cell's current revision is r, or a revert's copy of r (the
 * `restores` chain leads to r).  Then a new revision copies revision r-1 (with
 * restores = r-1), or, when r is the first, withdraws the figure (withdrawn = 1,
 * the value kept for the record).  Otherwise the cell changed again since and
 * is left.  So reverting a revert copies back the reverted figure, and
 * reverting the batches of one load newest first undoes the whole load.
 *
 * Catalogue rows (plans, areas, indicators) and targets the batch changed are
 * set back from their history tables (the triggers of migration 2 record the
 * version replaced, so the revert itself is history too); targets it created
 * (first_batch) are withdrawn; catalogue rows it created are left.  Finally
 * every restored figure, and every figure of an indicator whose bounds were
 * restored, must lie within the indicator's bounds, or nothing is stored.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sqlite3.h>

#include "chitieu/batch.h"
#include "chitieu/words.h"
#include "internal.h"

/* One chitieu_batch from a row of chitieu_batch_list's query (chitieu__rows_collect's fill). */
static int batch_row(void *elem, sqlite3_stmt *s)
{
    chitieu_batch *b = elem;
    b->id = (long)sqlite3_column_int64(s, 0);
    b->file = chitieu__col_strdup(s, 1);
    b->sha256 = chitieu__col_strdup(s, 2);
    b->kind = chitieu__col_strdup(s, 3);
    b->loaded_at = chitieu__col_strdup(s, 4);
    b->agency = chitieu__col_strdup(s, 5);
    b->note = chitieu__col_strdup(s, 6);
    b->rows = (long)sqlite3_column_int64(s, 7);
    b->figures = (long)sqlite3_column_int64(s, 8);
    b->reverts = (long)sqlite3_column_int64(s, 9);
    if (!b->file || !b->sha256 || !b->kind || !b->loaded_at)
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    return CHITIEU_OK;
}

/* chitieu_batch_list_free for chitieu__rows_collect. */
static void batches_free(void *arr, size_t n) { chitieu_batch_list_free(arr, n); }

int chitieu_batch_list(chitieu_batch **out, size_t *n, chitieu_store *st)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s;
    int rc = chitieu__prepare(&s, st,
                              "WITH figs(batch, n) AS (SELECT batch, count(*) FROM observations GROUP BY batch)"
                              " SELECT b.id, b.file, b.sha256, b.kind, b.loaded_at, b.agency, b.note, b.rows,"
                              " coalesce(f.n, 0), coalesce(b.reverts, 0)"
                              " FROM batches b LEFT JOIN figs f ON f.batch = b.id ORDER BY b.id");
    if (!rc)
        rc = chitieu__rows_collect(out, n, sizeof **out, s, st, "listing batches", batch_row, batches_free);
    /* reverted_by: walk newest first, so a revert's own state is known before the batch it reverts
     * (a revert always has a higher id than its batch).  A revert is in effect unless reverted itself. */
    for (size_t i = *n; !rc && i-- > 0;) {
        chitieu_batch *b = &(*out)[i];
        if (!b->reverts || b->reverted_by)
            continue;
        for (size_t j = i; j-- > 0;)
            if ((*out)[j].id == b->reverts) {
                if (!(*out)[j].reverted_by)
                    (*out)[j].reverted_by = b->id;
                break;
            }
    }
    return rc;
}

void chitieu_batch_list_free(chitieu_batch *arr, size_t n)
{
    for (size_t i = 0; arr && i < n; i++) {
        free(arr[i].file);
        free(arr[i].sha256);
        free(arr[i].kind);
        free(arr[i].loaded_at);
        free(arr[i].agency);
        free(arr[i].note);
    }
    free(arr);
}

void chitieu_revert_opts_init(chitieu_revert_opts *o)
{
    memset(o, 0, sizeof *o);
    o->max_messages = 100;
}

void chitieu_revert_report_free(chitieu_revert_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nmsg; i++)
        free(r->msgs[i]);
    free(r->msgs);
    free(r->results);
    free(r);
}

/* The state of one revert call. */
typedef struct {
    chitieu_store *st;
    sqlite3 *db;
    const chitieu_revert_opts *o;
    chitieu_revert_report *r;
    size_t msgcap;
    chitieu_revert_result *cur; /* the batch being reverted */
    long revert;                /* its revert batch */
    size_t written;             /* rows the revert batch wrote */
} reverter;

/* Keep a note "batch N: ..." in the report (up to max_messages; then count it). */
static int note(reverter *R, const char *fmt, ...) CHITIEU_PRINTF(2, 3);
static int note(reverter *R, const char *fmt, ...)
{
    if (R->r->nmsg >= R->o->max_messages) {
        R->r->more++;
        return CHITIEU_OK;
    }
    int rc = chitieu__grow(&R->r->msgs, &R->msgcap, R->r->nmsg, sizeof *R->r->msgs);
    if (rc)
        return rc;
    char buf[1024];
    int k = snprintf(buf, sizeof buf, "batch %ld: ", R->cur->batch);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + k, sizeof buf - (size_t)k, fmt, ap);
    va_end(ap);
    if (!(R->r->msgs[R->r->nmsg] = chitieu__strdup(buf)))
        return CHITIEU_ENOMEM;
    R->r->nmsg++;
    return CHITIEU_OK;
}

/* Run sql with up to three integer parameters (a, b, c); *v = the first column of its first row, or dflt
 * when there is no row or the value is NULL.  Returns CHITIEU_OK or a database error. */
static int sql_long(reverter *R, long *v, long dflt, const char *sql, long a, long b, long c)
{
    sqlite3_stmt *q;
    int rc = chitieu__prepare(&q, R->st, sql);
    if (rc)
        return rc;
    int np = sqlite3_bind_parameter_count(q);
    long args[3] = {a, b, c};
    for (int i = 0; i < np && i < 3; i++)
        sqlite3_bind_int64(q, i + 1, args[i]);
    int s = sqlite3_step(q);
    *v = s == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL ? (long)sqlite3_column_int64(q, 0) : dflt;
    rc = s == SQLITE_ROW || s == SQLITE_DONE ? CHITIEU_OK : chitieu__db_fail(R->st, "reading batches");
    sqlite3_finalize(q);
    return rc;
}

/* The text of the first column of `sql` (one integer parameter, id) in buf, cut at a whole character when
 * longer; "?" when there is no row. */
static int sql_text(reverter *R, char *buf, size_t n, const char *sql, long id)
{
    sqlite3_stmt *q;
    int rc = chitieu__prepare(&q, R->st, sql);
    if (rc)
        return rc;
    sqlite3_bind_int64(q, 1, id);
    int s = sqlite3_step(q);
    const char *t = s == SQLITE_ROW ? (const char *)sqlite3_column_text(q, 0) : NULL;
    snprintf(buf, n, "%s", t ? t : "?");
    chitieu_words_cut(buf, n, buf, n); /* a long file name cut by snprintf: at a whole character */
    sqlite3_finalize(q);
    return s == SQLITE_ROW || s == SQLITE_DONE ? CHITIEU_OK : chitieu__db_fail(R->st, "reading the store");
}

/* The file of batch `id`, in buf. */
static int batch_file(reverter *R, long id, char *buf, size_t n)
{
    return sql_text(R, buf, n, "SELECT file FROM batches WHERE id = ?1", id);
}

/* The revert now in effect that undid batch id (0: none): a revert is in effect unless reverted itself. */
static int reverted_by(reverter *R, long id, long *by)
{
    *by = 0;
    sqlite3_stmt *q;
    int rc = chitieu__prepare(&q, R->st, "SELECT id FROM batches WHERE reverts = ?1 ORDER BY id DESC");
    if (rc)
        return rc;
    sqlite3_bind_int64(q, 1, id);
    int s;
    while (!rc && !*by && (s = sqlite3_step(q)) == SQLITE_ROW) {
        long x = (long)sqlite3_column_int64(q, 0), undone;
        if (!(rc = reverted_by(R, x, &undone)) && !undone)
            *by = x;
    }
    if (!rc && !*by && s != SQLITE_DONE)
        rc = chitieu__db_fail(R->st, "reading batches");
    sqlite3_finalize(q);
    return rc;
}

/* Scratch tables of one revert: the figure revisions of the batch being reverted (copied before any
 * cell is touched), and the cells and indicators whose bounds check_bounds must look at. */
static const char sql_scratch[] =
    "CREATE TEMP TABLE IF NOT EXISTS revert_rows(indicator INTEGER, area INTEGER, year INTEGER, revision INTEGER);"
    "CREATE TEMP TABLE IF NOT EXISTS revert_cells(indicator INTEGER, area INTEGER, year INTEGER,"
    " PRIMARY KEY(indicator, area, year)) WITHOUT ROWID;"
    "CREATE TEMP TABLE IF NOT EXISTS revert_inds(indicator INTEGER PRIMARY KEY);"
    "DELETE FROM temp.revert_rows; DELETE FROM temp.revert_cells; DELETE FROM temp.revert_inds";

/* Set back, or withdraw, every figure of batch `id` that is still in effect. */
static int revert_figures(reverter *R, long id)
{
    int rc = chitieu__exec(R->st, "DELETE FROM temp.revert_rows");
    if (rc)
        return rc;
    sqlite3_stmt *fill, *rows = NULL, *last = NULL, *rev = NULL, *ins = NULL, *cell = NULL;
    if ((rc = chitieu__prepare(&fill, R->st,
                               "INSERT INTO temp.revert_rows SELECT indicator, area, year, revision FROM observations"
                               " WHERE batch = ?1")))
        return rc;
    sqlite3_bind_int64(fill, 1, id);
    if (sqlite3_step(fill) != SQLITE_DONE)
        rc = chitieu__db_fail(R->st, "reading the batch's figures");
    sqlite3_finalize(fill);
    if (!rc)
        rc = chitieu__prepare(&rows, R->st,
                              "SELECT r.indicator, r.area, r.year, r.revision, i.code, a.code FROM temp.revert_rows r"
                              " JOIN indicators i ON i.id = r.indicator JOIN areas a ON a.id = r.area"
                              " ORDER BY i.code, a.code, r.year");
    if (!rc)
        rc = chitieu__prepare(&last, R->st,
                              "SELECT revision, restores, batch FROM observations WHERE indicator = ?1 AND area = ?2"
                              " AND year = ?3 ORDER BY revision DESC LIMIT 1");
    if (!rc)
        rc = chitieu__prepare(&rev, R->st,
                              "SELECT restores FROM observations WHERE indicator = ?1 AND area = ?2 AND year = ?3"
                              " AND revision = ?4");
    /* ?5 the revision copied; ?6 its new number; ?8 withdraw (1) or copy (0); ?9 restores */
    if (!rc)
        rc = chitieu__prepare(&ins, R->st,
                              "INSERT INTO observations(indicator, area, year, revision, value, status, source, note,"
                              " batch, line, withdrawn, restores) SELECT indicator, area, year, ?6, value, status,"
                              " source, note, ?7, 0, CASE WHEN ?8 THEN 1 ELSE withdrawn END, ?9 FROM observations"
                              " WHERE indicator = ?1 AND area = ?2 AND year = ?3 AND revision = ?5 RETURNING withdrawn");
    if (!rc)
        rc = chitieu__prepare(&cell, R->st, "INSERT OR IGNORE INTO temp.revert_cells VALUES(?1, ?2, ?3)");
    int s;
    while (!rc && (s = sqlite3_step(rows)) == SQLITE_ROW) {
        long ind = (long)sqlite3_column_int64(rows, 0), area = (long)sqlite3_column_int64(rows, 1);
        int year = sqlite3_column_int(rows, 2), r = sqlite3_column_int(rows, 3);
        sqlite3_reset(last);
        sqlite3_bind_int64(last, 1, ind);
        sqlite3_bind_int64(last, 2, area);
        sqlite3_bind_int(last, 3, year);
        if (sqlite3_step(last) != SQLITE_ROW) {
            rc = chitieu__db_fail(R->st, "reading a figure");
            break;
        }
        int cur = sqlite3_column_int(last, 0);
        /* in effect when the current revision is r or a copy of it (through restores) */
        int at = cur, restores = sqlite3_column_int(last, 1);
        while (at != r && restores > 0 && restores < at) {
            at = restores;
            sqlite3_reset(rev);
            sqlite3_bind_int64(rev, 1, ind);
            sqlite3_bind_int64(rev, 2, area);
            sqlite3_bind_int(rev, 3, year);
            sqlite3_bind_int(rev, 4, at);
            if (sqlite3_step(rev) != SQLITE_ROW) {
                rc = chitieu__db_fail(R->st, "reading a figure");
                break;
            }
            restores = sqlite3_column_int(rev, 0);
        }
        if (rc)
            break;
        if (at != r) {
            R->cur->kept++;
            long by = (long)sqlite3_column_int64(last, 2);
            char file[600];
            if ((rc = batch_file(R, by, file, sizeof file)) == CHITIEU_OK)
                rc = note(R, "%s, %s, %d: changed again since, by batch %ld (%s): left as it is",
                          (const char *)sqlite3_column_text(rows, 4), (const char *)sqlite3_column_text(rows, 5),
                          year, by, file);
            continue;
        }
        sqlite3_bind_int64(ins, 1, ind);
        sqlite3_bind_int64(ins, 2, area);
        sqlite3_bind_int(ins, 3, year);
        sqlite3_bind_int(ins, 5, r > 1 ? r - 1 : cur);
        sqlite3_bind_int(ins, 6, cur + 1);
        sqlite3_bind_int64(ins, 7, R->revert);
        sqlite3_bind_int(ins, 8, r == 1);
        if (r > 1)
            sqlite3_bind_int(ins, 9, r - 1);
        else
            sqlite3_bind_null(ins, 9);
        /* one row comes back: the new revision's withdrawn flag */
        int wd = sqlite3_step(ins) == SQLITE_ROW ? sqlite3_column_int(ins, 0) : -1;
        if (wd < 0 || sqlite3_step(ins) != SQLITE_DONE) {
            sqlite3_reset(ins);
            rc = chitieu__db_fail(R->st, "storing a reverted figure");
            break;
        }
        sqlite3_reset(ins);
        R->written++;
        if (wd)
            R->cur->withdrawn++;
        else
            R->cur->restored++;
        sqlite3_bind_int64(cell, 1, ind);
        sqlite3_bind_int64(cell, 2, area);
        sqlite3_bind_int(cell, 3, year);
        if (sqlite3_step(cell) != SQLITE_DONE)
            rc = chitieu__db_fail(R->st, "noting a reverted figure");
        sqlite3_reset(cell);
    }
    if (!rc && s != SQLITE_DONE)
        rc = chitieu__db_fail(R->st, "reading the batch's figures");
    sqlite3_finalize(rows);
    sqlite3_finalize(last);
    sqlite3_finalize(rev);
    sqlite3_finalize(ins);
    sqlite3_finalize(cell);
    return rc;
}

/* A catalogue table and its history (migration 2): what a revert sets back. */
typedef struct {
    const char *table, *history, *fk, *noun;
    const char *cols; /* the columns the history keeps */
    const char *name; /* SQL naming row ?1 in messages */
} catalogue;

static const catalogue catalogues[] = {
    {"plans", "plan_history", "plan", "plan", "name, document, issued, deadline, name_en, document_en",
     "SELECT code FROM plans WHERE id = ?1"},
    {"areas", "area_history", "area", "area", "name, level, parent, valid_from, valid_to, gso_code, name_en",
     "SELECT code FROM areas WHERE id = ?1"},
    {"indicators", "indicator_history", "indicator", "indicator",
     "name, name_en, unit, direction, min, max, goal, agency, aggregate, note, note_en",
     "SELECT code FROM indicators WHERE id = ?1"},
    {"successions", "succession_history", "succession", "succession", "share, source, note, withdrawn, line",
     "SELECT f.code || ' -> ' || t.code || ' ' || s.date FROM successions s JOIN areas f ON f.id = s.from_area"
     " JOIN areas t ON t.id = s.to_area WHERE s.id = ?1"},
    {"targets", "target_history", "target", "target", "low, high, versus, versus_area, source, note, withdrawn, line",
     "SELECT p.code || ' ' || i.code || ' ' || a.code || ' ' || t.shape || ' ' || t.year FROM targets t"
     " JOIN plans p ON p.id = t.plan JOIN indicators i ON i.id = t.indicator JOIN areas a ON a.id = t.area"
     " WHERE t.id = ?1"},
};

/* The text naming row `id` of catalogue c, in buf. */
static int row_name(reverter *R, const catalogue *c, long id, char *buf, size_t n)
{
    return sql_text(R, buf, n, c->name, id);
}

/* Set back the rows of catalogue c that batch `id` changed; withdraw the targets it created. */
static int revert_catalogue(reverter *R, const catalogue *c, long id)
{
    char sql[1024], name[512];
    sqlite3_stmt *q, *upd = NULL;
    /* 1. rows the batch changed: their earlier version is in the history, replaced_by = id */
    snprintf(sql, sizeof sql,
             "SELECT h.id, h.%s, t.batch, b.file FROM %s h JOIN %s t ON t.id = h.%s JOIN batches b ON b.id = t.batch"
             " WHERE h.replaced_by = ?1 ORDER BY h.id", c->fk, c->history, c->table, c->fk);
    int rc = chitieu__prepare(&q, R->st, sql);
    if (rc)
        return rc;
    snprintf(sql, sizeof sql, "UPDATE %s SET (%s) = (SELECT %s FROM %s WHERE id = ?1), batch = ?2 WHERE id = ?3",
             c->table, c->cols, c->cols, c->history);
    rc = chitieu__prepare(&upd, R->st, sql);
    sqlite3_bind_int64(q, 1, id);
    int s;
    while (!rc && (s = sqlite3_step(q)) == SQLITE_ROW) {
        long row = (long)sqlite3_column_int64(q, 1), now = (long)sqlite3_column_int64(q, 2);
        if ((rc = row_name(R, c, row, name, sizeof name)))
            break;
        if (now != id) {
            R->cur->catalogue_kept++;
            rc = note(R, "%s %s: loaded again since, by batch %ld (%s): left as it is", c->noun, name, now,
                      (const char *)sqlite3_column_text(q, 3));
            continue;
        }
        sqlite3_bind_int64(upd, 1, sqlite3_column_int64(q, 0));
        sqlite3_bind_int64(upd, 2, R->revert);
        sqlite3_bind_int64(upd, 3, row);
        if (sqlite3_step(upd) != SQLITE_DONE)
            rc = chitieu__db_fail(R->st, "restoring a catalogue row");
        sqlite3_reset(upd);
        R->cur->catalogue_restored++;
        R->written++;
        if (!rc && strcmp(c->table, "indicators") == 0) { /* restored bounds are checked at the end */
            snprintf(sql, sizeof sql, "INSERT OR IGNORE INTO temp.revert_inds VALUES(%ld)", row);
            rc = chitieu__exec(R->st, sql);
        }
    }
    if (!rc && s != SQLITE_DONE)
        rc = chitieu__db_fail(R->st, "reading the catalogue history");
    sqlite3_finalize(q);
    sqlite3_finalize(upd);
    if (rc)
        return rc;
    /* 2. rows the batch loaded without a change to record: created by it (first_batch), or loaded again unchanged */
    snprintf(sql, sizeof sql,
             "SELECT t.id, t.first_batch FROM %s t WHERE t.batch = ?1 AND NOT EXISTS (SELECT 1 FROM %s h"
             " WHERE h.%s = t.id AND h.replaced_by = ?1) ORDER BY t.id", c->table, c->history, c->fk);
    if ((rc = chitieu__prepare(&q, R->st, sql)))
        return rc;
    /* targets and successions a batch created are withdrawn; the other catalogue rows stay */
    int targets = strcmp(c->table, "targets") == 0 || strcmp(c->table, "successions") == 0;
    upd = NULL;
    if (targets) {
        snprintf(sql, sizeof sql, "UPDATE %s SET withdrawn = ?3, batch = ?1 WHERE id = ?2", c->table);
        rc = chitieu__prepare(&upd, R->st, sql);
    }
    sqlite3_bind_int64(q, 1, id);
    while (!rc && (s = sqlite3_step(q)) == SQLITE_ROW) {
        long row = (long)sqlite3_column_int64(q, 0);
        int unknown = sqlite3_column_type(q, 1) == SQLITE_NULL;
        long first = (long)sqlite3_column_int64(q, 1);
        if (!targets) {
            /* loaded again unchanged: nothing to undo; created: nothing is deleted, a created indicator, area
             * or plan stays, inert once its figures and targets are reverted */
            R->cur->created_kept += !unknown && first == id;
            continue;
        }
        if ((rc = row_name(R, c, row, name, sizeof name)))
            break;
        if (unknown) {
            rc = chitieu__fail(CHITIEU_EINVALID,
                               "batch %ld: cannot revert %s %s: it was stored before this chitieu recorded which "
                               "batch created a %s, so whether batch %ld created it or loaded it again unchanged "
                               "cannot be told; nothing was changed", id, c->noun, name, c->noun, id);
            break;
        }
        /* a target the batch created is withdrawn; one it loaded again unchanged stays, now last touched by
         * the revert like the targets it set back, so that they keep their order (targets list in the order
         * of the files that loaded them last) */
        int created = first == id;
        sqlite3_bind_int64(upd, 1, R->revert);
        sqlite3_bind_int64(upd, 2, row);
        sqlite3_bind_int(upd, 3, created);
        if (sqlite3_step(upd) != SQLITE_DONE)
            rc = chitieu__db_fail(R->st, "setting back a target");
        sqlite3_reset(upd);
        if (strcmp(c->table, "successions") == 0)
            R->cur->successions_withdrawn += created;
        else
            R->cur->targets_withdrawn += created;
        R->written += created;
    }
    if (!rc && s != SQLITE_DONE)
        rc = chitieu__db_fail(R->st, "reading the catalogue");
    sqlite3_finalize(q);
    sqlite3_finalize(upd);
    return rc;
}

/* Every restored figure, and every current figure of an indicator whose bounds were restored, must lie
 * within its indicator's bounds: CHITIEU_EINVALID naming the first that does not. */
static int check_bounds(reverter *R)
{
    static const char *const sql[2] = {
        "SELECT i.code, a.code, o.year, o.value, i.min, i.max FROM temp.revert_cells c JOIN current_obs o"
        " ON o.indicator = c.indicator AND o.area = c.area AND o.year = c.year JOIN indicators i ON i.id = o.indicator"
        " JOIN areas a ON a.id = o.area WHERE o.value < i.min OR o.value > i.max ORDER BY 1, 2, 3 LIMIT 1",
        "SELECT i.code, a.code, o.year, o.value, i.min, i.max FROM temp.revert_inds r JOIN current_obs o"
        " ON o.indicator = r.indicator JOIN indicators i ON i.id = o.indicator JOIN areas a ON a.id = o.area"
        " WHERE o.value < i.min OR o.value > i.max ORDER BY 1, 2, 3 LIMIT 1",
    };
    for (int k = 0; k < 2; k++) {
        sqlite3_stmt *q;
        int rc = chitieu__prepare(&q, R->st, sql[k]);
        if (rc)
            return rc;
        int s = sqlite3_step(q);
        if (s == SQLITE_ROW) {
            char b[80];
            chitieu__bounds_text(b, sizeof b, chitieu__col_num(q, 4), chitieu__col_num(q, 5));
            const char *ind = (const char *)sqlite3_column_text(q, 0), *area = (const char *)sqlite3_column_text(q, 1);
            double v = sqlite3_column_double(q, 3);
            int y = sqlite3_column_int(q, 2);
            if (k == 0)
                rc = chitieu__fail(CHITIEU_EINVALID,
                                   "cannot revert: the restored figure %g for %s, %s, %d lies outside the current "
                                   "bounds of %s (%s); revert the batch that changed the bounds too, or load a "
                                   "corrected figure first; nothing was changed", v, ind, area, y, ind, b);
            else
                rc = chitieu__fail(CHITIEU_EINVALID,
                                   "cannot revert: the restored bounds of %s (%s) exclude its current figure %g for "
                                   "%s, %d; revert the batches that loaded such figures too; nothing was changed",
                                   ind, b, v, area, y);
        } else if (s != SQLITE_DONE)
            rc = chitieu__db_fail(R->st, "checking bounds");
        sqlite3_finalize(q);
        if (rc)
            return rc;
    }
    return CHITIEU_OK;
}

static int cmp_desc(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x < y) - (x > y);
}

/* Revert one batch (in the open transaction): record the revert batch, then figures and catalogue. */
static int revert_one(reverter *R, long id, const char *stamp)
{
    sqlite3_stmt *q;
    char file[600];
    long by, found;
    int rc = sql_long(R, &found, 0, "SELECT 1 FROM batches WHERE id = ?1", id, 0, 0);
    if (!rc && !found)
        return chitieu__fail(CHITIEU_ENOTFOUND, "no batch %ld (chitieu batches lists them)", id);
    if (rc || (rc = batch_file(R, id, file, sizeof file)))
        return rc;
    if ((rc = reverted_by(R, id, &by)))
        return rc;
    if (by)
        return chitieu__fail(CHITIEU_EINVALID,
                             "batch %ld (%s) is already reverted, by batch %ld; revert batch %ld to apply it again",
                             id, file, by, by);
    /* the label names the whole file, however long (file above may be cut for messages) */
    if ((rc = chitieu__prepare(&q, R->st,
                               "INSERT INTO batches(file, sha256, kind, loaded_at, agency, rows, reverts, note)"
                               " VALUES('revert of batch ' || ?4 || ' (' || (SELECT file FROM batches WHERE id = ?4)"
                               " || ')', '', 'revert', ?2, ?3, 0, ?4, ?5)")))
        return rc;
    sqlite3_bind_text(q, 2, stamp, -1, SQLITE_STATIC);
    chitieu__bind_text(q, 3, R->o->agency);
    sqlite3_bind_int64(q, 4, id);
    chitieu__bind_text(q, 5, R->o->reason);
    int s = sqlite3_step(q);
    sqlite3_finalize(q);
    if (s != SQLITE_DONE)
        return chitieu__db_fail(R->st, "recording the revert");
    R->revert = (long)sqlite3_last_insert_rowid(R->db);
    R->written = 0;
    rc = revert_figures(R, id);
    for (size_t c = 0; !rc && c < sizeof catalogues / sizeof *catalogues; c++)
        rc = revert_catalogue(R, &catalogues[c], id);
    if (rc)
        return rc;
    R->cur->revert_batch = R->revert;
    long ignored;
    return sql_long(R, &ignored, 0, "UPDATE batches SET rows = ?1 WHERE id = ?2", (long)R->written, R->revert, 0);
}

int chitieu_batch_revert(chitieu_revert_report **out, chitieu_store *st, const long *ids, size_t n,
                         const chitieu_revert_opts *opts)
{
    *out = NULL;
    chitieu_revert_opts defaults;
    if (!opts) {
        chitieu_revert_opts_init(&defaults);
        opts = &defaults;
    }
    if (n == 0)
        return chitieu__fail(CHITIEU_EINVALID, "no batch to revert");
    long *order = malloc(n * sizeof *order);
    reverter R = {st, chitieu__store_db(st), opts, calloc(1, sizeof *R.r), 0, NULL, 0, 0};
    if (R.r)
        R.r->results = calloc(n, sizeof *R.r->results);
    if (!order || !R.r || !R.r->results) {
        free(order);
        chitieu_revert_report_free(R.r);
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    }
    memcpy(order, ids, n * sizeof *order);
    qsort(order, n, sizeof *order, cmp_desc);
    int rc = CHITIEU_OK;
    for (size_t i = 1; i < n && !rc; i++)
        if (order[i] == order[i - 1])
            rc = chitieu__fail(CHITIEU_EINVALID, "batch %ld is named twice", order[i]);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (!rc && (rc = chitieu__exec(st, "BEGIN IMMEDIATE")) == CHITIEU_OK) {
        rc = chitieu__exec(st, sql_scratch);
        for (size_t i = 0; i < n && !rc; i++) {
            R.cur = &R.r->results[i];
            R.cur->batch = order[i];
            R.r->n = i + 1;
            rc = revert_one(&R, order[i], stamp);
        }
        if (!rc)
            rc = check_bounds(&R);
        if (rc || opts->dry_run) {
            char saved[1024];
            snprintf(saved, sizeof saved, "%s", chitieu_error_last());
            chitieu__rollback(st);
            if (rc)
                chitieu__fail(rc, "%s", saved); /* ROLLBACK must not replace the reason */
            for (size_t i = 0; i < R.r->n; i++)
                R.r->results[i].revert_batch = 0;
        } else if ((rc = chitieu__exec(st, "COMMIT")) != CHITIEU_OK)
            chitieu__rollback(st);
        else
            R.r->committed = 1;
    }
    free(order);
    if (rc) {
        chitieu_revert_report_free(R.r);
        return rc;
    }
    *out = R.r;
    return CHITIEU_OK;
}
