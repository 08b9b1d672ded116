/*
 * chitieu/compare.h — one indicator across the areas of a year: each area's
 * value (stored, or rebuilt: chitieu/areas.h), its rank by the indicator's
 * direction, the change from the year before, and the status of its target
 * where it has one.
 *
 * The areas of a year are those valid at its end (31 December), so the
 * year of a reorganisation lists the new areas.  By default the year is the
 * latest one in which some area of that year's map has a value: the 63
 * former provinces for 2024, the 34 new ones once they have 2025 figures.
 * `map_year` compares the areas of another year's map (e.g. the 34 new
 * provinces on their rebuilt 2024 values).
 */
#ifndef CHITIEU_COMPARE_H
#define CHITIEU_COMPARE_H

#include <stddef.h>
#include "chitieu/assess.h"
#include "chitieu/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What to compare; start from chitieu_compare_opts_init(). */
typedef struct {
    const char *level;  /* areas of this level (NULL: any level under `parent`; without a parent "province",
                         * or the level whose areas have figures when no province has any, e.g. "country") */
    const char *parent; /* areas whose parent is this area (NULL: any) */
    int year;           /* the year compared (0: the latest with a value) */
    int map_year;       /* the areas valid at the end of this year (0: `year`) */
} chitieu_compare_opts;

/* Set *o (the caller's) to the defaults: every field 0 or NULL. */
void chitieu_compare_opts_init(chitieu_compare_opts *o);

/* One area's line.  Strings owned by the comparison; absent numbers NAN. */
typedef struct {
    char *area, *name;
    double value;          /* the value in the year (NAN: none) */
    char status;           /* 'A', 'P', 'E', 'D' (rebuilt), 0 when there is no value */
    char *provenance;      /* how a 'D' value was made, else NULL */
    int rank;              /* 1 = best by the indicator's direction; ties share a rank; 0: no value */
    double previous;       /* the value of the year before */
    double change;         /* value - previous */
    char *plan;            /* the target assessed: the first target year at or after the year, else the last */
    int target_year;       /* 0 when the area has no target for the indicator */
    chitieu_status target_status;
    double probability;
} chitieu_compare_row;

/* The comparison: the year, the map's year, the rows ranked (areas without a
 * value last, by code). */
typedef struct {
    int year, map_year;
    const char *level; /* the level compared (the caller's string or static storage); NULL: any under the parent */
    chitieu_direction direction;
    size_t n;
    chitieu_compare_row *rows;
} chitieu_comparison;

/* Compare `indicator` across areas (o NULL: defaults).  *out is the caller's
 * (chitieu_comparison_free).  CHITIEU_ENOTFOUND for an unknown indicator or
 * parent; a comparison without areas or values is not an error (n == 0, or
 * year 0 when no area has a value). Targets are assessed with data up to
 * the year (the assessment as it stood then). */
int chitieu_compare_run(chitieu_comparison **out, chitieu_store *st, const char *indicator,
                        const chitieu_compare_opts *o);

/* Free a comparison with its rows and their strings (from chitieu_compare_run); NULL is allowed. */
void chitieu_comparison_free(chitieu_comparison *c);

#ifdef __cplusplus
}
#endif
#endif
