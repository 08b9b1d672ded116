/*
 * checks.c — what the loader checks once every file of a load is applied
 * (loader.h): bounds an indicator row narrowed against the stored figures
 * (an error), and figures whose change from the year before lies far
 * outside their series' own past changes (a warning).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"

/* An indicator whose bounds this load narrowed must not leave current figures
 * (latest revisions, after this load's own figures) outside them: one error per
 * such indicator, on its catalogue row, naming a figure and how many there are. */
int chitieu__check_bounds(chitieu__loader *L)
{
    sqlite3_stmt *inds, *obs;
    int rc = chitieu__prepare(&inds, L->st,
                              "SELECT b.indicator, b.batch, b.line, i.code, i.min, i.max FROM temp.load_bounds b"
                              " JOIN indicators i ON i.id = b.indicator ORDER BY b.batch, b.line");
    if (rc)
        return rc;
    if ((rc = chitieu__prepare(
             &obs, L->st,
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
            chitieu__bounds_text(b, sizeof b, mn, mx);
            double v = sqlite3_column_double(obs, 2);
            long count = (long)sqlite3_column_int64(obs, 5);
            char more[64] = "";
            if (count > 1)
                snprintf(more, sizeof more, " and %ld other figure%s", count - 1, count > 2 ? "s" : "");
            if (chitieu__file_error(
                    L, chitieu__batch_file(L, (long)sqlite3_column_int64(inds, 1)),
                    (unsigned long)sqlite3_column_int64(inds, 2), NULL, !isnan(mn) && v < mn ? "min" : "max",
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

/* Decimals of v as written in its shortest form to 12 significant digits ("57.5" 1, "0.51" 2, "1.5e-07"
 * 8, "1200" 0; 5.09999999999999, a spreadsheet's 5.1, is "5.1": 1). */
static int decimals(double v)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.12g", fabs(v));
    char *e = strchr(buf, 'e'), *dot = strchr(buf, '.');
    int d = dot ? (int)((e ? e : buf + strlen(buf)) - dot - 1) : 0;
    if (e)
        d -= atoi(e + 1);
    return d < 0 ? 0 : d;
}

/* The robust SD of a series' changes is at least this share of its level (median |value|). */
#define LEVEL_SHARE 0.001

/* Warn about figures of this load whose change from the previous year lies
 * far outside the series' year-on-year changes: |d - median| > k * s, the
 * median and the robust SD 1.4826 * MAD taken over all of the series'
 * changes (robust to the one being judged), with at least 5 changes to judge
 * by.  Figures are rounded: the series' step is that of the decimals its
 * figures carry (57.5 -> 0.1; the median number of decimals, so that a
 * figure written 5 among 5.1 and 4.9, or 5.09999999999999 from a
 * spreadsheet, does not change it).  A
 * change of at most one step is never suspicious (57.5 six times, then
 * 57.6), and s is at least the spread rounding alone gives a change,
 * step / sqrt(6) (each end uniform within half a step: a flat series rounded
 * to 0.1 may move 0.2 unremarked, not 0.3), and at least 0.1% of the series'
 * level (median |value|): in a series flat for years (MAD 0), a change of a
 * few thousandths of its level is no error (at k = 5, under 0.5% of the
 * level never warns). */
int chitieu__check_jumps(chitieu__loader *L)
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
    struct pt {
        int year;
        double value;
        long batch;
        unsigned long line;
    } *pt = NULL;
    double *d = NULL, *tmp = NULL;
    size_t dcap = 0;
    int r;
    while (!rc && (r = sqlite3_step(pairs)) == SQLITE_ROW) {
        sqlite3_reset(ser);
        sqlite3_bind_int64(ser, 1, sqlite3_column_int64(pairs, 0));
        sqlite3_bind_int64(ser, 2, sqlite3_column_int64(pairs, 1));
        n = 0;
        int rs;
        while ((rs = sqlite3_step(ser)) == SQLITE_ROW) {
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
        if (!rc && rs != SQLITE_ROW && rs != SQLITE_DONE)
            rc = chitieu__db_fail(L->st, "checking jumps"); /* not a series cut short, judged as whole */
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
        double med = chitieu__median(d, m);
        for (size_t j = 0; j < m; j++)
            tmp[j] = fabs(d[j] - med);
        double sd = 1.4826 * chitieu__median(tmp, m);
        for (size_t j = 0; j < n; j++)
            tmp[j] = fabs(pt[j].value);
        double level = chitieu__median(tmp, n);
        for (size_t j = 0; j < n; j++)
            tmp[j] = decimals(pt[j].value);
        double step = pow(10, -floor(chitieu__median(tmp, n)));
        char rounded[48] = ""; /* said of figures rounded to at most 6 decimals; others are not rounded */
        if (step >= 1e-6)
            snprintf(rounded, sizeof rounded, " (figures rounded to %g)", step);
        double floor_sd = sqrt(sd * sd + step * step / 6);
        if (floor_sd < LEVEL_SHARE * level)
            floor_sd = LEVEL_SHARE * level;
        for (size_t i = 1; i < n && !rc; i++) {
            if (pt[i].batch < L->first_batch || pt[i].year != pt[i - 1].year + 1)
                continue;
            double change = pt[i].value - pt[i - 1].value;
            if (fabs(change) <= step * (1 + 1e-9))
                continue; /* within the figures' own rounding */
            if (fabs(change - med) > L->o->jump_threshold * floor_sd)
                rc = chitieu__figure_warn(L, chitieu__batch_file(L, pt[i].batch), pt[i].line,
                                          (const char *)sqlite3_column_text(pairs, 2),
                                          "suspicious figure %g for %s, %s, %d: it changes by %+g from %d, while the "
                                          "series' yearly changes have median %+g and robust SD %.3g%s",
                                          pt[i].value, (const char *)sqlite3_column_text(pairs, 2),
                                          (const char *)sqlite3_column_text(pairs, 3), pt[i].year, change,
                                          pt[i - 1].year, med, floor_sd, rounded);
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
