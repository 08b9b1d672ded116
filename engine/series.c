/*
 * series.c — the current yearly values of one indicator in one area
 * (chitieu/series.h), read from the store's current_obs view or built from
 * arrays.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include "chitieu/series.h"
#include "internal.h"

/* Allocate an empty series with room for n points. */
static chitieu_series *series_alloc(size_t n)
{
    chitieu_series *s = calloc(1, sizeof *s);
    size_t m = n ? n : 1;
    if (s) {
        s->years = malloc(m * sizeof *s->years);
        s->values = malloc(m * sizeof *s->values);
        s->status = malloc(m);
    }
    if (!s || !s->years || !s->values || !s->status) {
        chitieu_series_free(s);
        chitieu__fail(CHITIEU_ENOMEM, "out of memory");
        return NULL;
    }
    return s;
}

int chitieu_series_from(chitieu_series **out, const int *years, const double *values, const char *status, size_t n)
{
    *out = NULL;
    for (size_t i = 1; i < n; i++)
        if (years[i] <= years[i - 1])
            return chitieu__fail(CHITIEU_EINVALID, "years must be strictly increasing (%d after %d)", years[i],
                                 years[i - 1]);
    chitieu_series *s = series_alloc(n);
    if (!s)
        return CHITIEU_ENOMEM;
    if (n) {
        memcpy(s->years, years, n * sizeof *years);
        memcpy(s->values, values, n * sizeof *values);
        if (status)
            memcpy(s->status, status, n);
        else
            memset(s->status, 'A', n);
    }
    s->n = n;
    *out = s;
    return CHITIEU_OK;
}

int chitieu_series_get(chitieu_series **out, chitieu_store *st, const char *indicator, const char *area,
                       int max_year)
{
    *out = NULL;
    sqlite3_stmt *q;
    int rc = chitieu__prepare_cached(&q, st, CHITIEU__STMT_SERIES,
                              "SELECT o.year, o.value, o.status FROM current_obs o"
                              " JOIN indicators i ON i.id = o.indicator JOIN areas a ON a.id = o.area"
                              " WHERE i.code = ?1 AND a.code = ?2 AND (?3 = 0 OR o.year <= ?3) ORDER BY o.year");
    if (rc)
        return rc;
    sqlite3_bind_text(q, 1, indicator, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, area, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 3, max_year);
    chitieu_series *s = series_alloc(16);
    size_t cap = 16;
    int r;
    while (s && (r = sqlite3_step(q)) == SQLITE_ROW) {
        if (s->n == cap) {
            cap *= 2;
            int *y = realloc(s->years, cap * sizeof *y);
            if (y)
                s->years = y;
            double *v = realloc(s->values, cap * sizeof *v);
            if (v)
                s->values = v;
            char *c = realloc(s->status, cap);
            if (c)
                s->status = c;
            if (!y || !v || !c) {
                rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
                break;
            }
        }
        s->years[s->n] = sqlite3_column_int(q, 0);
        s->values[s->n] = sqlite3_column_double(q, 1);
        s->status[s->n] = *(const char *)sqlite3_column_text(q, 2);
        s->n++;
    }
    if (!s)
        rc = CHITIEU_ENOMEM;
    else if (!rc && r != SQLITE_DONE)
        rc = chitieu__db_fail(st, "reading a series");
    sqlite3_reset(q); /* a cached statement (internal.h): kept for the next series */
    if (rc) {
        chitieu_series_free(s);
        return rc;
    }
    *out = s;
    return CHITIEU_OK;
}

long chitieu_series_find(const chitieu_series *s, int year)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->years[mid] < year)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->n && s->years[lo] == year ? (long)lo : -1;
}

void chitieu_series_free(chitieu_series *s)
{
    if (!s)
        return;
    for (size_t i = 0; s->provenance && i < s->n; i++)
        free(s->provenance[i]);
    free(s->provenance);
    free(s->years);
    free(s->values);
    free(s->status);
    free(s);
}
