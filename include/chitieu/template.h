/*
 * chitieu/template.h — the reporting forms (templates) a statistics office
 * hands each department: for a year, the rows a lead agency owes (indicator x
 * area: code, name, unit, bounds, the figures of the three years before for
 * reference, and an empty cell for the year), as an Excel workbook (one sheet
 * per agency, data validation of the year's cell within the indicator's
 * bounds, with an input message) or as CSV.
 *
 * The form is an observations file as `load` reads it: the columns
 * indicator, area, year, value, status, source and note are loaded; the
 * reference columns (agency, name, area_name, unit, min, max, ref_YYYY) are
 * read by people only.  An untouched form loads no figure; a filled one loads
 * what was filled.  The rows owed are those `missing` expects: pairs a target
 * names for the year or later, or with a figure in an earlier year (with a
 * plan: only pairs its targets name).
 */
#ifndef CHITIEU_TEMPLATE_H
#define CHITIEU_TEMPLATE_H

#include <stddef.h>
#include "chitieu/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One row owed.  Strings owned by the row (chitieu_template_rows_free); agency may be NULL (no lead agency). */
typedef struct {
    char *agency;
    char *indicator, *name, *unit;
    char *area, *area_name;
    double min, max;   /* the indicator's bounds (NAN: none) */
    double ref[3];     /* current figures of year-3, year-2, year-1 (NAN: none) */
    int reported;      /* 1 when the pair already has a current figure for the year */
} chitieu_template_row;

/* The rows owed for `year`, of one lead agency (NULL: all) and one plan (NULL: any), ordered by agency
 * (none last), goal, indicator, area.  *out (array of *n) is the caller's.  CHITIEU_ENOTFOUND for an
 * unknown plan or an agency no indicator has. */
int chitieu_template_rows(chitieu_template_row **out, size_t *n, chitieu_store *st, int year, const char *agency,
                          const char *plan);
void chitieu_template_rows_free(chitieu_template_row *rows, size_t n);

typedef enum { CHITIEU_TEMPLATE_XLSX = 0, CHITIEU_TEMPLATE_CSV } chitieu_template_format;

/* Write the form for `year` at `path`: xlsx, one sheet per agency of `rows` (a title row, the header,
 * validation of the value and status cells), or CSV (one table; the agency is a column).  The file is
 * replaced.  CHITIEU_EIO naming the file when it cannot be written. */
int chitieu_template_write(const char *path, chitieu_template_format fmt, const chitieu_template_row *rows, size_t n,
                           int year);

/* Record in the store that the form at `path` for `year` (and `plan`, may be NULL) was handed out: one
 * record per agency of `rows`, with its number of rows (for `missing`). */
int chitieu_template_record(chitieu_store *st, const char *path, int year, const char *plan,
                            const chitieu_template_row *rows, size_t n);

/* The state of a form handed out for a year: rows owed now, and how many have a figure for the year. */
typedef struct {
    char *agency;      /* NULL: indicators without a lead agency */
    char *file, *written_at, *plan; /* the latest form handed out (plan may be NULL) */
    long owed, received;
} chitieu_template_state;

/* Every agency a form for `year` was handed out to, ordered by agency.  *out is the caller's. */
int chitieu_template_states(chitieu_template_state **out, size_t *n, chitieu_store *st, int year);
void chitieu_template_states_free(chitieu_template_state *arr, size_t n);

#ifdef __cplusplus
}
#endif
#endif
