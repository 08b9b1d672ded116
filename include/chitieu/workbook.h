/*
 * chitieu/workbook.h — writing tables to Excel workbooks (.xlsx, through
 * libxlsxwriter) that open in a spreadsheet as a statistician expects:
 * numbers as numbers (the full value stored, shown with the column's
 * decimals), a bold frozen header row, an autofilter over the table, column
 * widths fitted to the content, and optionally a title row above the header
 * and data validation with an input message on chosen cells.
 *
 * Rows are streamed (memory does not grow with the table).  The file is
 * written under a temporary name beside `path` and renamed when complete, so
 * a failed or abandoned workbook never leaves a half-written file.
 *
 * One call writes a whole table: chitieu_workbook_write_table().  For several
 * sheets or validation, open a workbook, add sheets, write cells row by row
 * (left to right), and close it.
 */
#ifndef CHITIEU_WORKBOOK_H
#define CHITIEU_WORKBOOK_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { CHITIEU_COL_TEXT = 0, CHITIEU_COL_NUMBER } chitieu_col_type;

/* A column: its header, its type, and for numbers the decimals shown (-1:
 * Excel's General format; the stored value is always the full double, kept
 * to 16 significant digits). */
typedef struct {
    const char *name;
    chitieu_col_type type;
    int decimals;
} chitieu_column;

/* A cell of a one-call table: `text` for a TEXT column (NULL: empty),
 * `number` for a NUMBER column (NAN: empty). */
typedef struct {
    const char *text;
    double number;
} chitieu_cell;

/* Write `nrow` rows of `ncol` cells (row-major in `cells`) as the one sheet
 * `sheet` of a new workbook at `path` (replaced if it exists).  Returns
 * CHITIEU_OK, CHITIEU_EINVALID (no column, too many rows or columns for a
 * sheet) or CHITIEU_EIO naming the file. */
int chitieu_workbook_write_table(const char *path, const char *sheet, const chitieu_column *cols, size_t ncol,
                                 const chitieu_cell *cells, size_t nrow);

typedef struct chitieu_workbook chitieu_workbook;

/* Start a workbook to be written at `path`.  *out is the caller's: finish it
 * with chitieu_workbook_close() (writes the file) or _discard() (writes
 * nothing). */
int chitieu_workbook_open(chitieu_workbook **out, const char *path);

/* Add a sheet (name made valid for Excel: at most 31 characters, none of
 * []:*?/\, unique in the workbook) with an optional `title` row above the
 * header (NULL: the header is row 1), then the header row.  The columns
 * (copied) apply until the next sheet. */
int chitieu_workbook_sheet(chitieu_workbook *wb, const char *name, const char *title, const chitieu_column *cols,
                           size_t ncol);

/* Mark column `col` (0-based) of the current sheet as where people type: its cells, empty or not, get a
 * light yellow fill.  Call after chitieu_workbook_sheet, before the rows. */
int chitieu_workbook_highlight(chitieu_workbook *wb, size_t col);

/* The next cell of the current row, left to right; after the last column
 * the next call starts a new row.  _text writes text (NULL: empty) in any
 * column; _number a number (NAN: empty) in any column; _blank an empty cell. */
int chitieu_workbook_text(chitieu_workbook *wb, const char *s);
int chitieu_workbook_number(chitieu_workbook *wb, double v);
int chitieu_workbook_blank(chitieu_workbook *wb);

/* Data validation of the NEXT cell to be written: a decimal number between
 * min and max (NAN: no bound on that side), or any decimal number when both
 * are NAN; `title` (at most 32 characters) and `message` (at most 255) are
 * shown as the input message when the cell is selected and as the error
 * when a value is refused.  Either may be NULL. */
int chitieu_workbook_validate_number(chitieu_workbook *wb, double min, double max, const char *title,
                                     const char *message);

/* Data validation of the next cell: one of `n` short words (a drop-down list). */
int chitieu_workbook_validate_list(chitieu_workbook *wb, const char *const *words, size_t n, const char *title,
                                   const char *message);

/* Finish the workbook and write the file (then rename it to its path).
 * Frees wb in all cases.  Returns CHITIEU_OK or CHITIEU_EIO naming the file. */
int chitieu_workbook_close(chitieu_workbook *wb);

/* Abandon the workbook: nothing is written, wb is freed; NULL is allowed. */
void chitieu_workbook_discard(chitieu_workbook *wb);

#ifdef __cplusplus
}
#endif
#endif
