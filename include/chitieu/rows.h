/*
 * chitieu/rows.h — records from a file a department sends, whatever its format.
 *
 * A row source reads a CSV or tab-separated text file (chitieu/csv.h: UTF-8,
 * UTF-16 with a byte-order mark, or a named encoding) or one sheet of an
 * Excel .xlsx workbook (chitieu/xlsx.h), told apart by their content, not
 * their name.  Every field comes as UTF-8 text in Unicode normalisation form
 * C (decomposed Vietnamese -- "e" + U+0302 + U+0301 -- becomes the
 * precomposed "ế"), with flags saying how it was written (quoted, a number
 * cell, a date cell, ...).  Excel 97-2003 .xls and OpenDocument .ods files,
 * web pages (HTML tables saved as .xls), XML Spreadsheet 2003, JSON and PDF
 * are recognised and refused, each named, with the advice to save as .xlsx.
 */
#ifndef CHITIEU_ROWS_H
#define CHITIEU_ROWS_H

#include <stddef.h>

#include "chitieu/xlsx.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct chitieu_rows chitieu_rows;

/* How a field was written. */
enum {
    CHITIEU_FIELD_QUOTED = 1,   /* a quoted field of a text file */
    CHITIEU_FIELD_NUMBER = 2,   /* a number cell: the text is the stored value, decimal point */
    CHITIEU_FIELD_DATE = 4,     /* a date cell: YYYY-MM-DD[THH:MM:SS] */
    CHITIEU_FIELD_BOOL = 8,     /* a TRUE/FALSE cell */
    CHITIEU_FIELD_ERROR = 16,   /* a spreadsheet error cell (#N/A, #DIV/0!...) */
    CHITIEU_FIELD_NO_VALUE = 32, /* a formula saved without its result (the text is "") */
    CHITIEU_FIELD_PERCENT = 64,  /* with NUMBER: a cell formatted as a percentage; the text is the stored
                                    fraction ("0.85" for a cell shown 85%) */
    CHITIEU_FIELD_CAPITALS = 128 /* a text cell read in a TCVN3 capital font (.VnTimeH): its letters in capitals,
                                    whatever case they were typed in */
};

/* Options; zero means the default. */
typedef struct {
    const char *encoding; /* text files: an iconv name, or "tcvn3" (chitieu/tcvn3.h); NULL: UTF-8 (UTF-16 by its
                             byte-order mark) */
    const char *sheet;    /* workbooks: the sheet to read; NULL: the first that is not hidden */
    int tcvn3;            /* the text was typed in a TCVN3 (ABC) font: every text field that is Latin-1 only is
                             read as TCVN3 (chitieu_tcvn3_read), as encoding "tcvn3" does; a workbook's cells in an
                             ABC font (.VnTime) are read so in any case */
} chitieu_rows_opts;

/* Open `path` (`name` in messages: NULL for the path).  *out owns the source; free with
 * chitieu_rows_free().  CHITIEU_EIO: cannot be opened ("name: cannot open: ...");
 * CHITIEU_EINVALID: a format that cannot be read, or no such sheet (naming the sheets). */
int chitieu_rows_open(chitieu_rows **out, const char *path, const char *name, const chitieu_rows_opts *o);

/* The worksheet names of the workbook at `path`, in order, into *names (caller frees each
 * and the array); *n = 0 for a text file.  With `hidden` not NULL, *hidden is an array (caller
 * frees) saying which of them are hidden sheets.  Errors as chitieu_rows_open. */
int chitieu_rows_sheets(char ***names, size_t *n, unsigned char **hidden, const char *path, const char *name);

/* The next record: 1 with *nfields and *fields set (NUL-terminated UTF-8 NFC, owned by the
 * source until the next call; the caller may change it in place), 0 at the end, or a
 * negative code with a message "name:LINE: ..." (text) or "name:Sheet!C12: ..." (workbook).
 * Blank lines and empty rows are not records. */
int chitieu_rows_next(chitieu_rows *r, size_t *nfields, char *const **fields);

/* The line on which the current record started (text), or its row number (workbook). */
unsigned long chitieu_rows_line(const chitieu_rows *r);

/* How field i of the current record was written (CHITIEU_FIELD_* flags). */
unsigned chitieu_rows_flags(const chitieu_rows *r, size_t i);

/* Is field i of the current record hidden in Excel?  CHITIEU_HIDDEN_ROW when its row is,
 * CHITIEU_HIDDEN_COLUMN when its column is (both may be set); 0 for a text file.  The field is read
 * all the same: the caller says so (a statistician who looked at the sheet never saw it). */
enum { CHITIEU_HIDDEN_ROW = 1, CHITIEU_HIDDEN_COLUMN = 2 };
int chitieu_rows_hidden(const chitieu_rows *r, size_t i);

/* Field i of the current record as its cell shows it when it is a number whose format puts words beside it
 * (a workbook's 2023 formatted `0" (ước)"` shows "2023 (ước)": chitieu_xlsx_shown), in NFC in buf (n bytes);
 * NULL for any other field, for a text file, and when it does not fit.  The field itself stays the stored value. */
const char *chitieu_rows_shown(const chitieu_rows *r, size_t i, char *buf, size_t n);

/* The separator of a text file (',', ';' or '\t'); 0 for a workbook. */
char chitieu_rows_delimiter(const chitieu_rows *r);

/* The name of the sheet being read (owned by the reader), or NULL for a text file. */
const char *chitieu_rows_sheet(const chitieu_rows *r);

/* Where field i of the current record is, for a workbook: "Sheet!C12" ('Số liệu'!C12 when the
 * name needs quotes); i beyond column XFD, e.g. (size_t)-1: the row ("Sheet!12:12").  For a text file "" (the
 * line says it).  Written to buf (n bytes); returns buf. */
const char *chitieu_rows_where(const chitieu_rows *r, size_t i, char *buf, size_t n);

/* The number of merged ranges of the sheet being read, into *n (0 for a text file); the first call reads
 * the sheet's merge list (chitieu_xlsx_merges: errors as there). */
int chitieu_rows_merges(chitieu_rows *r, size_t *n);

/* Does a merged range cover field i of the current record (a workbook's cell)?  1 with *range set (may
 * be NULL), or 0; always 0 for a text file, and before chitieu_rows_merges.  Only the range's top-left
 * cell holds its text. */
int chitieu_rows_merged(const chitieu_rows *r, size_t i, chitieu_xlsx_range *range);

/* The same for field i of the record at row `row` of the sheet (an earlier one: a header's upper row). */
int chitieu_rows_merged_at(const chitieu_rows *r, unsigned long row, size_t i, chitieu_xlsx_range *range);

/* The fields read so far (of the sheet being read) that were text typed in a TCVN3 font and were read as
 * Unicode: their number, and a sample of the first, a word as written (*was: "Tæng") and as read (*reads:
 * "Tổng"), with the ABC font that said so (*font: ".VnTime"; NULL when the option or the encoding did).
 * The strings are owned by the source, valid until the next record. */
size_t chitieu_rows_tcvn3(const chitieu_rows *r, const char **was, const char **reads, const char **font);

/* Close and free; NULL is allowed. */
void chitieu_rows_free(chitieu_rows *r);

#ifdef __cplusplus
}
#endif
#endif
