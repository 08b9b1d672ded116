/*
 * chitieu/areas.h — areas over time: validity, successions (mergers and
 * splits), how an indicator's values combine across areas, and series
 * rebuilt on an area's boundaries.
 *
 * An area is valid from `valid_from` to `valid_to` (inclusive, open when
 * absent).  A succession says that from `date` on, area `from` (the whole of
 * it, or a share of it, e.g. of its population) belongs to area `to`.  An
 * indicator's aggregation rule says how the values of several areas combine
 * into one:
 *
 *   sum          the values add up (counts, money, people);
 *   mean:W       mean weighted by indicator W (rates and shares weighted by
 *                population W);
 *   ratio:N/D*K  K * (value of N) / (value of D) in the area (K = 1 when
 *                absent): recomputed from the numerator and denominator of
 *                the area, never an average of ratios;
 *   growth:L     100 * (L(y) / L(y-1) - 1) of the level L in the area: a
 *                growth rate is never averaged;
 *   none         no combination (the default).
 *
 * The value of indicator I in area A for year y (chitieu_areas_get):
 *   1. a stored figure (latest revision) always wins, with its status;
 *   2. ratio:/growth: rules are derived within A from their components'
 *      values in A (which may themselves be rebuilt);
 *   3. sum / mean:W: the aggregate of A's children (areas whose parent is A)
 *      valid at the end of y, when every one of them has a value (and a
 *      weight);
 *   4. otherwise, for a year that began before A's valid_from: the aggregate
 *      of the areas that went to A (successions dated after 1 January of y,
 *      up to A's valid_from), each weighted by its share (a sum adds share x
 *      value; a mean weights by share x W);
 *   5. else no value: a year where some but not all of the areas needed
 *      report is a gap with its reason.
 * Rebuilt and derived values have status 'D' and a provenance text (rule
 * and area codes, English), and the same as data (chitieu_areas_how_get) for
 * a reader's words (chitieu_words_rebuilt).  Growth of a merged area is the growth of the summed level;
 * a ratio of a merged area is the ratio of the summed components.
 */
#ifndef CHITIEU_AREAS_H
#define CHITIEU_AREAS_H

#include <stddef.h>
#include "chitieu/store.h"
#include "chitieu/series.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    CHITIEU_AGG_NONE = 0, /* values do not combine */
    CHITIEU_AGG_SUM,      /* values add up */
    CHITIEU_AGG_MEAN,     /* mean weighted by indicator `a` */
    CHITIEU_AGG_RATIO,    /* k * a / b within the area */
    CHITIEU_AGG_GROWTH    /* yearly growth % of level `a` within the area */
} chitieu_agg_kind;

/* A parsed aggregation rule.  a and b are indicator codes owned by the
 * struct (chitieu_agg_clear); NULL where the kind has none; k is 1 unless a
 * ratio gives "*K". */
typedef struct {
    chitieu_agg_kind kind;
    char *a, *b;
    double k;
} chitieu_agg;

/* Parse a rule: "sum", "mean:W", "ratio:N/D", "ratio:N/D*K", "growth:L",
 * "none" or "" (none).  Returns CHITIEU_EINVALID with a message saying what
 * is wrong (no file context) for anything else, e.g. a factor K that is not
 * a positive number.  *out is the caller's (chitieu_agg_clear). */
int chitieu_agg_parse(chitieu_agg *out, const char *text);
void chitieu_agg_clear(chitieu_agg *r);

/* The date as the integer YYYYMMDD from "YYYY-MM-DD" (a real calendar day,
 * year 1900-2100).  CHITIEU_EINVALID with a message otherwise. */
int chitieu_areas_parse_date(int *out, const char *text);

/* Whether area `a` is valid on 31 December of `year` (the map of a year is
 * the one at its end, so the year of a reorganisation shows the new areas). */
int chitieu_areas_valid_in(const chitieu_area *a, int year);

/* Areas, ordered by code, filtered when not NULL/0: by level, by parent
 * (direct children of that code), valid at the end of `year`.  *out (array of
 * *n) is the caller's: chitieu_areas_list_free. */
int chitieu_areas_list(chitieu_area **out, size_t *n, chitieu_store *st, const char *level, const char *parent,
                       int year);
void chitieu_areas_list_free(chitieu_area *arr, size_t n);

/* A succession as stored.  share is NAN when the whole area went. */
typedef struct {
    char *from, *to, *date; /* date: first day `from` belongs to `to` (YYYY-MM-DD) */
    double share;
    char *source, *note;    /* may be NULL */
} chitieu_succession;

/* Successions into or out of `area` (all when NULL), ordered by date, to,
 * from.  *out (array of *n) is the caller's: chitieu_areas_successions_free. */
int chitieu_areas_successions(chitieu_succession **out, size_t *n, chitieu_store *st, const char *area);
void chitieu_areas_successions_free(chitieu_succession *arr, size_t n);

/* A session reading rebuilt series from a store.  It reads the areas,
 * successions and rules once (kept on the store until the store changes) and
 * remembers every value it computes, so many series of one session share the
 * work.  Use it while the store is not written; close it before the store. */
typedef struct chitieu_areas chitieu_areas;

/* Open a session reading values of years <= max_year (0: all years).  *out
 * is the caller's (chitieu_areas_close). */
int chitieu_areas_open(chitieu_areas **out, chitieu_store *st, int max_year);

/* Close a session; NULL is allowed. */
void chitieu_areas_close(chitieu_areas *a);

/* A year for which no value could be rebuilt although some of the areas or
 * components it needs have one: the year and why (e.g. "3 of 98 areas under
 * HCM have no figure: X, Y, Z"). */
typedef struct {
    int year;
    char *reason;
} chitieu_areas_gap;

/* Free an array of n gaps and their reasons (from chitieu_areas_get); NULL is allowed. */
void chitieu_areas_gaps_free(chitieu_areas_gap *arr, size_t n);

/* The series of `indicator` in `area` with stored figures and, where none is
 * stored, rebuilt or derived values (status 'D', out->provenance set for
 * them; see the top of this file).  *out is the caller's
 * (chitieu_series_free); when `gaps` is not NULL, *gaps (array of *ngaps,
 * chitieu_areas_gaps_free) receives the years with partial coverage.
 * CHITIEU_ENOTFOUND for an unknown indicator or area. */
int chitieu_areas_get(chitieu_series **out, chitieu_areas_gap **gaps, size_t *ngaps, chitieu_areas *a,
                      const char *indicator, const char *area);

/* One value: *value and *status ('A', 'P', 'E' or 'D') of `indicator` in
 * `area` for `year`; returns 1 when there is one, 0 when not, or a negative
 * error code.  *provenance (may be NULL; the caller frees) receives the
 * provenance of a 'D' value, else NULL. */
int chitieu_areas_value(double *value, char *status, char **provenance, chitieu_areas *a, const char *indicator,
                        const char *area, int year);

/* An area or indicator named in a chitieu_areas_how: its code, its name and its English name or NULL.  The
 * strings belong to the session (valid until chitieu_areas_close). */
typedef struct {
    const char *code, *name, *name_en;
} chitieu_areas_ref;

/* One area aggregated into a sum or mean, and the share of it that counts (1: the whole area). */
typedef struct {
    chitieu_areas_ref area;
    double share;
} chitieu_areas_part;

/* How one rebuilt or derived value (status 'D') was made: the provenance as data, for a reader's words
 * (chitieu_words_rebuilt) where the provenance text keeps codes.
 *   SUM, MEAN:    of the nparts parts, the areas under `area` or (went_to) the areas that went to it on `date`
 *                 (YYYY-MM-DD); MEAN weighted by indicator `a`; `rebuilt` of the parts' values were themselves
 *                 rebuilt, `unofficial` provisional or estimates;
 *   RATIO:        k * a / b in `area`;
 *   GROWTH:       of level `a` in `area` from year - 1 to year;
 * and for RATIO and GROWTH the components (RATIO: a, b; GROWTH: a in year, a in year - 1) with their status
 * ('A', 'P', 'E', 'D'; 0: none) and, when a component is itself rebuilt, how (one level down only: a
 * component's own components have status 0). */
typedef struct chitieu_areas_how {
    chitieu_agg_kind rule;
    chitieu_areas_ref indicator, area;
    int year;
    chitieu_areas_ref a, b; /* code NULL where the rule has none */
    double k;
    int went_to;
    char date[16];
    size_t nparts;
    chitieu_areas_part *parts;
    size_t rebuilt, unofficial;
    char comp_status[2];
    struct chitieu_areas_how *comp[2];
} chitieu_areas_how;

/* How the value of `indicator` in `area` for `year` was rebuilt or derived: *out (the caller's,
 * chitieu_areas_how_free before or after the session closes; its strings are the session's) when the value
 * has status 'D'.
 * Returns 1 with *out, 0 when the value is stored or there is none (*out NULL), or a negative error code
 * (CHITIEU_ENOTFOUND for an unknown indicator or area). */
int chitieu_areas_how_get(chitieu_areas_how **out, chitieu_areas *a, const char *indicator, const char *area,
                          int year);

/* Free a how and its components; NULL is allowed. */
void chitieu_areas_how_free(chitieu_areas_how *h);

/* Call fn for every rebuilt or derived value (status 'D') of the store: for
 * each indicator with a rule, in code order, each area where the rule can
 * apply, in code order, each year; `source` is NULL and `note` the value's
 * provenance (valid during the call).  A non-zero return from fn stops the
 * walk and is returned. */
int chitieu_areas_foreach_derived(chitieu_areas *a, chitieu_obs_fn fn, void *ctx);

/* Like chitieu_series_get with rebuilt values: opens a session, reads one
 * series, closes it.  For callers that read one series at a time. */
int chitieu_areas_series(chitieu_series **out, chitieu_store *st, const char *indicator, const char *area,
                         int max_year);

#ifdef __cplusplus
}
#endif
#endif
