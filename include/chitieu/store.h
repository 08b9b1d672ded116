/*
 * chitieu/store.h — the SQLite store of indicators, areas, plans, targets and
 * yearly observations.
 *
 * The schema is versioned and migrated on open; the database runs in WAL mode
 * with foreign keys on and a busy timeout, so a second process waits for a
 * writer instead of failing at once.  Observations are never overwritten: a
 * new figure for the same indicator, area and year is a new revision, and the
 * current value is the latest revision (see chitieu/series.h for reading).
 */
#ifndef CHITIEU_STORE_H
#define CHITIEU_STORE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct chitieu_store chitieu_store;

/* Direction of an indicator: which way is better. */
typedef enum { CHITIEU_DIR_DOWN = -1, CHITIEU_DIR_UP = 1 } chitieu_direction;

/* An indicator as stored. Strings are owned by the struct (free with
 * chitieu_store_indicator_clear); optional ones may be NULL; min/max are NAN
 * when the indicator has no such bound.  aggregate is the rule combining
 * several areas' values (chitieu/areas.h: "sum", "mean:W", "ratio:N/D*K",
 * "growth:L"), NULL for none.  note and note_en (may be NULL) are the
 * indicator's caveat for readers, in Vietnamese and in English, from the
 * indicators file's optional `note` and `note_en` columns ("the ILO's modelled
 * estimate, not the Labour Force Survey share the plans use"): the pack prints
 * it beside the indicator's verdicts and under its chart.  rate is 1 when
 * a target of the indicator (not withdrawn) is an average rate (avg_rate):
 * the indicator is then a rate of change, whose "%" is no share of 0..100
 * (chitieu_assess_trend_bounds). */
typedef struct {
    char *code, *name, *name_en, *unit;
    chitieu_direction direction;
    double min, max;
    char *goal, *agency;
    char *aggregate;
    char *note, *note_en;
    int rate;
} chitieu_indicator;

/* An area: country, region, province, district or commune. parent may be
 * NULL.  valid_from / valid_to (YYYY-MM-DD, inclusive) bound the days the
 * area existed, NULL = open; gso_code is the statistics office's code (shown,
 * not a key), may be NULL; name_en (may be NULL) its English name, from the
 * areas file's optional `name_en` column ("Bình Dương province", "Viet Nam";
 * the pack in English uses it). */
typedef struct {
    char *code, *name, *level, *parent;
    char *valid_from, *valid_to, *gso_code;
    char *name_en;
} chitieu_area;

/* The shapes of target found in the plans (see README "Target shapes"). */
typedef enum {
    CHITIEU_SHAPE_AT_LEAST,      /* value in `year` >= low */
    CHITIEU_SHAPE_AT_MOST,       /* value in `year` <= high */
    CHITIEU_SHAPE_RANGE,         /* low <= value in `year` <= high */
    CHITIEU_SHAPE_EACH_YEAR,     /* bounds hold in every year from..year */
    CHITIEU_SHAPE_AVG_GROWTH,    /* compound growth %/yr of a level from from-1 to year */
    CHITIEU_SHAPE_AVG_RATE,      /* compound average of a yearly growth rate (%) over from..year */
    CHITIEU_SHAPE_AVG_CHANGE,    /* average change in points/yr from from-1 to year */
    CHITIEU_SHAPE_RATIO_TO_BASE, /* value(year) / value(from) within bounds */
    CHITIEU_SHAPE_CUMULATIVE,    /* sum of values over from..year within bounds */
    CHITIEU_SHAPE_EXCEEDS,       /* growth of indicator exceeds growth of `versus`, from-1..year */
    CHITIEU_SHAPE_COUNT_
} chitieu_shape;

/* A target row. Strings owned by the struct; from is 0 when absent; low/high
 * NAN when absent; versus/source/note may be NULL; versus_area is the area of
 * the versus series, NULL for the target's own area. */
typedef struct {
    char *plan, *indicator, *area;
    chitieu_shape shape;
    int year, from;
    double low, high;
    char *versus, *source, *note;
    char *versus_area;
} chitieu_target;

/* Name of a shape ("at_least", ...); "?" for an invalid value. Static storage. */
const char *chitieu_shape_name(chitieu_shape shape);

/* Parse a shape name. Returns CHITIEU_EINVALID for an unknown name. */
int chitieu_shape_parse(chitieu_shape *out, const char *name);

/* Open (creating if needed) the store at `path` and migrate its schema.
 * *out is owned by the caller: close with chitieu_store_close(). Returns
 * CHITIEU_EDB/CHITIEU_EIO naming the file on failure (e.g. not a database). */
int chitieu_store_open(chitieu_store **out, const char *path);

/* Open the store at `path` only if that file exists (never creates it), then
 * migrate it like chitieu_store_open.  For commands that only read: a typo in
 * a path must not leave an empty store behind.  Returns CHITIEU_ENOTFOUND
 * ("path: no such store (run chitieu init)") when the file does not exist.
 * A store the process may not write (file or folder read-only) opens for
 * reading; if even its WAL index cannot be created beside it, it is opened
 * immutable, unless its write-ahead log holds writes not yet in the file
 * (then CHITIEU_EDB says so).  Writes to a read-only store fail with
 * CHITIEU_EDB "... the store is read-only ...".  *out is the caller's, as with
 * chitieu_store_open. */
int chitieu_store_open_existing(chitieu_store **out, const char *path);

/* The schema version this chitieu writes (PRAGMA user_version after migration). */
int chitieu_store_schema_version(void);

/* Close the store; NULL is allowed. */
void chitieu_store_close(chitieu_store *st);

/* The path the store was opened with. Owned by the store. */
const char *chitieu_store_path(const chitieu_store *st);

/* Look up one indicator. *out is filled with newly allocated strings (clear
 * with chitieu_store_indicator_clear). CHITIEU_ENOTFOUND when absent. */
int chitieu_store_indicator_get(chitieu_indicator *out, chitieu_store *st, const char *code);

/* All indicators ordered by goal then code; *out is an array of *n owned by
 * the caller, freed with chitieu_store_indicators_free. */
int chitieu_store_indicators(chitieu_indicator **out, size_t *n, chitieu_store *st);
void chitieu_store_indicator_clear(chitieu_indicator *ind);
void chitieu_store_indicators_free(chitieu_indicator *arr, size_t n);

/* Look up one area (clear with chitieu_store_area_clear). CHITIEU_ENOTFOUND when absent. */
int chitieu_store_area_get(chitieu_area *out, chitieu_store *st, const char *code);
void chitieu_store_area_clear(chitieu_area *area);

/* Targets, filtered by plan and/or area when not NULL, in load order: plans
 * in the order they were first loaded, then each plan's targets in the order
 * of their files and lines (the resolution's order; a target a later load
 * changed takes that load's place). *out (array of *n) is the caller's; free
 * with chitieu_store_targets_free. */
int chitieu_store_targets(chitieu_target **out, size_t *n, chitieu_store *st,
                          const char *plan, const char *area);
void chitieu_store_targets_free(chitieu_target *arr, size_t n);

/* Name of a plan (caller frees); CHITIEU_ENOTFOUND when absent. */
int chitieu_store_plan_name(char **out, chitieu_store *st, const char *plan);


/* A plan as stored. Strings owned by the struct (chitieu_store_plan_clear);
 * document, issued (YYYY-MM-DD) and deadline may be NULL.  deadline is the
 * reporting deadline ("MM-DD" every year or a date YYYY-MM-DD), from the
 * plans file's optional `deadline` column; name_en (may be NULL) its English
 * name, from the optional `name_en` column (the pack in English uses it), and
 * document_en (may be NULL) the document in English, from the optional
 * `document_en` column ("Decision 2902/QĐ-UBND of the Bình Dương Provincial
 * People's Committee"). */
typedef struct {
    char *code, *name, *document, *issued, *deadline, *name_en, *document_en;
} chitieu_plan;

/* Look up one plan (clear with chitieu_store_plan_clear). CHITIEU_ENOTFOUND when absent. */
int chitieu_store_plan_get(chitieu_plan *out, chitieu_store *st, const char *plan);
void chitieu_store_plan_clear(chitieu_plan *p);

/* The kinds of code a user types (AGENCY: a lead agency named by an indicator). */
typedef enum { CHITIEU_CODE_PLAN = 0, CHITIEU_CODE_AREA, CHITIEU_CODE_INDICATOR, CHITIEU_CODE_AGENCY } chitieu_code_kind;

/* Every code of a kind, in load order. *out (array of *n strings) is the
 * caller's: chitieu_store_codes_free. */
int chitieu_store_codes(char ***out, size_t *n, chitieu_store *st, chitieu_code_kind kind);
void chitieu_store_codes_free(char **codes, size_t n);

/* UTC time of the latest load of observations ("YYYY-MM-DDTHH:MM:SSZ"), or
 * *out NULL when none; the caller frees it. */
int chitieu_store_last_load(char **out, chitieu_store *st);

/* One revision of an observation, as `history` shows it. Strings owned by
 * the struct (chitieu_store_revisions_free frees the array). */
typedef struct {
    char *indicator, *area;
    int year;
    int revision;          /* 1 for the first figure, then 2, 3, ... */
    double value;
    char status;           /* 'A', 'P' or 'E' */
    char *source, *note;   /* may be NULL */
    long batch;            /* the load batch that brought it */
    char *file, *sha256, *loaded_at, *agency; /* that batch's file, its SHA-256, UTC time, agency (may be NULL) */
    unsigned long line;    /* line of the figure in that file (0 for a revision a revert wrote) */
    int withdrawn;         /* 1: this revision withdraws the figure (a reverted load had added it); value is
                            * the figure withdrawn, and the cell has no current value */
    int restores;          /* a revert's revision: the revision whose figure it restores (0: none) */
    char *batch_note;      /* that batch's note (may be NULL): a revert's reason, or the rule a load applied
                            * to its years (a school or financial year counted as one, --span-year) */
} chitieu_revision;

/* Every revision of `indicator` in `area` (all years when year is 0),
 * ordered by year then revision. *out (array of *n) is the caller's. */
int chitieu_store_history(chitieu_revision **out, size_t *n, chitieu_store *st, const char *indicator,
                          const char *area, int year);
void chitieu_store_revisions_free(chitieu_revision *arr, size_t n);

/* An indicator/area pair that should report for a year and has no figure:
 * pairs named by a target, or with a figure in an earlier year. */
typedef struct {
    char *agency;      /* lead agency of the indicator (NULL when unknown) */
    char *indicator, *name, *area;
    int last_year;     /* last year with a figure (0: never) */
} chitieu_missing;

/* Pairs with no figure for `year`, ordered by agency, indicator, area. *out is the caller's. */
int chitieu_store_missing(chitieu_missing **out, size_t *n, chitieu_store *st, int year);
void chitieu_store_missing_free(chitieu_missing *arr, size_t n);

/* Call fn for every current observation (latest revision), ordered by
 * indicator, area, year, one at a time (memory does not grow with the
 * store). The strings passed are valid only during the call; a non-zero
 * return from fn stops the walk and is returned. */
typedef int (*chitieu_obs_fn)(void *ctx, const char *indicator, const char *area, int year, double value,
                              char status, const char *source, const char *note);
int chitieu_store_foreach_current(chitieu_store *st, chitieu_obs_fn fn, void *ctx);

/* Counts of what the store holds (for `init` and status lines). */
typedef struct { long plans, areas, indicators, targets, observations, revisions, batches; } chitieu_store_counts;
int chitieu_store_count(chitieu_store_counts *out, chitieu_store *st);

#ifdef __cplusplus
}
#endif
#endif
