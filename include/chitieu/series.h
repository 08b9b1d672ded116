/*
 * chitieu/series.h — the current yearly values of one indicator in one area.
 *
 * The current value of a year is its latest revision. A series is what the
 * trend and assessment modules work on.
 */
#ifndef CHITIEU_SERIES_H
#define CHITIEU_SERIES_H

#include <stddef.h>
#include "chitieu/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A yearly series: years strictly increasing (gaps possible), one value and
 * status ('A' official, 'P' provisional, 'E' estimate, 'D' rebuilt or
 * derived by chitieu: chitieu/areas.h) per year.  provenance is NULL unless
 * some point is 'D'; then provenance[i] says how point i was made (NULL for
 * a stored figure).  Everything is owned by the series. */
typedef struct {
    size_t n;
    int *years;
    double *values;
    char *status;
    char **provenance;
} chitieu_series;

/* Read the current values of `indicator` in `area` for years <= max_year
 * (max_year 0: all years). *out is the caller's (chitieu_series_free); an
 * empty series (n == 0) is not an error. */
int chitieu_series_get(chitieu_series **out, chitieu_store *st, const char *indicator,
                       const char *area, int max_year);

/* Build a series from arrays (copied); status may be NULL (all 'A'). Years must
 * be strictly increasing: CHITIEU_EINVALID otherwise.  *out is the caller's
 * (chitieu_series_free). */
int chitieu_series_from(chitieu_series **out, const int *years, const double *values,
                        const char *status, size_t n);

/* Index of `year` in the series, or -1. */
long chitieu_series_find(const chitieu_series *s, int year);

/* Free; NULL is allowed. */
void chitieu_series_free(chitieu_series *s);

#ifdef __cplusplus
}
#endif
#endif
