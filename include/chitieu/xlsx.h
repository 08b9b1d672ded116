/*
 * chitieu/xlsx.h — reading the sheets of an Excel workbook (.xlsx, Office Open XML), row by row.
 *
 * The workbook is opened with libzip; its parts are parsed with expat.  The
 * sheet list, shared strings and cell styles are read at open; a sheet's rows
 * are then streamed (memory is bounded by the shared strings and the longest
 * row, not by the sheet).  A cell gives the text it stores, never the text a
 * spreadsheet displays: a number is its stored value ("0.1" even when shown
 * "0,10", "8.5000000000000009" when that is what was saved), a date cell (a
 * number with a date format) is "YYYY-MM-DD" (with "THH:MM:SS" when it has a
 * time), a number with a percent format its stored fraction ("0.85" shown
 * "85%": CHITIEU_XLSX_PERCENT says so), a boolean "TRUE"/"FALSE", an error its code ("#DIV/0!"), shared and
 * inline strings (rich text too) their text.  A formula gives its stored
 * result.  A merged range keeps its value in its top-left cell; the others
 * are empty, and chitieu_xlsx_merged() says which range covers a cell (the
 * sheet's merge list, which follows its rows in the file, is read when first
 * asked for, by chitieu_xlsx_merges()).
 */
#ifndef CHITIEU_XLSX_H
#define CHITIEU_XLSX_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct chitieu_xlsx chitieu_xlsx;

/* What a cell holds. */
typedef enum {
    CHITIEU_XLSX_EMPTY = 0,
    CHITIEU_XLSX_TEXT,
    CHITIEU_XLSX_NUMBER,   /* the stored value, with a decimal point */
    CHITIEU_XLSX_DATE,     /* YYYY-MM-DD[THH:MM:SS] */
    CHITIEU_XLSX_BOOL,     /* TRUE or FALSE */
    CHITIEU_XLSX_ERROR,    /* a spreadsheet error: #N/A, #DIV/0!, ... */
    CHITIEU_XLSX_NO_VALUE, /* a formula saved without its result: the cell reads "" */
    CHITIEU_XLSX_PERCENT   /* a number with a percent format: the stored value (0.85 shown as 85%) */
} chitieu_xlsx_cell;

/* Open the workbook at `path` (`name` is used in messages; NULL: the path).
 * On success *out owns it; free with chitieu_xlsx_free().  CHITIEU_EIO when
 * the file cannot be opened, CHITIEU_EINVALID when it is not a workbook
 * (message "name: ..."). */
int chitieu_xlsx_open(chitieu_xlsx **out, const char *path, const char *name);

/* The number of worksheets (chart sheets are not counted) and the name of the i-th, in
 * workbook order.  Names are owned by the workbook. */
size_t chitieu_xlsx_sheet_count(const chitieu_xlsx *x);
const char *chitieu_xlsx_sheet_name(const chitieu_xlsx *x, size_t i);

/* Is the i-th worksheet hidden (state "hidden" or "veryHidden": a list behind a drop-down, a
 * helper table)?  0 for a visible sheet or an index beyond the last. */
int chitieu_xlsx_sheet_hidden(const chitieu_xlsx *x, size_t i);

/* The name of the selected sheet, owned by the workbook (NULL before chitieu_xlsx_select). */
const char *chitieu_xlsx_current(const chitieu_xlsx *x);

/* Start reading sheet i from its first row. */
int chitieu_xlsx_select(chitieu_xlsx *x, size_t i);

/* Read the next row of the selected sheet that has a non-empty cell.  Returns 1
 * and sets *ncells and *cells (cells[0] is column A; empty cells are ""), 0
 * at the end of the sheet, or a negative code with a message
 * "name:Sheet!C12: ..." (or "name:Sheet: ...").  The text is UTF-8, owned by
 * the workbook and valid until the next call; the caller may change it in
 * place (trimming). */
int chitieu_xlsx_next(chitieu_xlsx *x, size_t *ncells, char *const **cells);

/* The 1-based number of the current row; what cell `col` of it holds. */
unsigned long chitieu_xlsx_row(const chitieu_xlsx *x);
chitieu_xlsx_cell chitieu_xlsx_type(const chitieu_xlsx *x, size_t col);
/* Was text cell `col` of the current row read in a TCVN3 capital font (.VnTimeH), changed by it: its letters in
 * capitals whatever case they were typed in?  1 or 0. */
int chitieu_xlsx_capitals(const chitieu_xlsx *x, size_t col);

/* The text number cell `col` of the current row shows when its number format puts words beside the number
 * (`0" (ước)"` shows 2023 as "2023 (ước)", `"Năm "0` as "Năm 2023"): 1 with it in buf (n bytes, NUL-terminated):
 * the stored value in place of the format's digits, the format's quoted, escaped and plain text around it (its
 * first section; fills and colours left out), read as TCVN3 where the cell's text would be (an ABC font,
 * chitieu_xlsx_set_tcvn3).  0 when the cell is no number, its format shows no words (a date, a percentage,
 * "#,##0.0"), or the text does not fit. */
int chitieu_xlsx_shown(const chitieu_xlsx *x, size_t col, char *buf, size_t n);

/* Is the current row hidden in Excel (<row hidden="1">)?  Its cells are read all the same. */
int chitieu_xlsx_row_hidden(const chitieu_xlsx *x);

/* Is column `col` (0: A) of the selected sheet hidden in Excel (<col min max hidden="1">)?  The list
 * comes before the rows in the file and is parsed with them: known once chitieu_xlsx_next has returned
 * the first row (0 before).  A binary search of the sheet's ranges. */
int chitieu_xlsx_col_hidden(const chitieu_xlsx *x, size_t col);

/* The letters of column `col` (0: "A", 26: "AA") into buf (at least 4 bytes). Returns buf. */
char *chitieu_xlsx_column(char *buf, size_t col);

/* A sheet name as a reference writes it into buf (n bytes): in single quotes when it has
 * blanks or punctuation ('Số liệu'), as spreadsheets do.  Returns buf. */
char *chitieu_xlsx_sheet_ref(char *buf, size_t n, const char *sheet);

/* A merged range of cells: rows row1..row2 (1-based), columns col1..col2 (0: A). */
typedef struct {
    unsigned long row1, row2;
    size_t col1, col2;
} chitieu_xlsx_range;

/* The number of merged ranges of more than one cell in the selected sheet, into *n.  The list follows
 * the rows in the file: the first call reads it (the sheet's part is inflated once more, without parsing
 * its rows); a sheet that is not selected has none.  CHITIEU_OK, or CHITIEU_EINVALID / CHITIEU_ENOMEM with a
 * message when the list cannot be read (*n is then 0, and stays 0 for the sheet). */
int chitieu_xlsx_merges(chitieu_xlsx *x, size_t *n);

/* Does a merged range of the selected sheet cover cell `col` of the current row?  1 with *range set
 * (range may be NULL), or 0; 0 before chitieu_xlsx_merges has read the list.  The top-left cell of the
 * range holds its value; the others read "". */
int chitieu_xlsx_merged(const chitieu_xlsx *x, size_t col, chitieu_xlsx_range *range);

/* The same for any cell: row `row` (1-based), column `col`.  Ranges are searched from the top of the
 * sheet: cheap for the rows of a header, not meant for every row of a large sheet. */
int chitieu_xlsx_merged_at(const chitieu_xlsx *x, unsigned long row, size_t col, chitieu_xlsx_range *range);

/* A range as a reference, "B5:B9", into buf (n bytes, 24 are enough).  Returns buf. */
char *chitieu_xlsx_range_ref(char *buf, size_t n, const chitieu_xlsx_range *r);

/* Text typed in a TCVN3 (ABC) font (chitieu/tcvn3.h) is read as Unicode: a text cell whose font is an ABC font
 * (.VnTime; its style's font, or a rich-text run's own <rFont>), in capitals for a capital font (.VnTimeH);
 * with `all` set, every text cell of the sheets read from then on (a workbook whose fonts were lost), in
 * capitals where the font is a capital one.  Text with a character above U+00FF is Unicode and stays. */
void chitieu_xlsx_set_tcvn3(chitieu_xlsx *x, int all);

/* The text cells of the selected sheet read so far that were read as TCVN3: their number, and a sample of the
 * first, a word as stored (*was) and as read (*reads), with its font (*font: NULL when read so because of
 * chitieu_xlsx_set_tcvn3 alone).  The strings are owned by the workbook, valid until the next select. */
size_t chitieu_xlsx_tcvn3(const chitieu_xlsx *x, const char **was, const char **reads, const char **font);

/* Close and free; NULL is allowed. */
void chitieu_xlsx_free(chitieu_xlsx *x);

/* Columns of a sheet (A..XFD), and the largest row and shared-string table accepted. */
#define CHITIEU_XLSX_MAX_COLS 16384
#define CHITIEU_XLSX_MAX_ROW_BYTES (1u << 24)
#define CHITIEU_XLSX_MAX_STRINGS_BYTES (1u << 28)
/* Merged ranges of a sheet accepted (32 bytes each: 32 MiB at most). */
#define CHITIEU_XLSX_MAX_MERGES (1u << 20)

#ifdef __cplusplus
}
#endif
#endif
