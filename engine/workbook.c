/*
 * workbook.c — tables to .xlsx workbooks through libxlsxwriter (chitieu/workbook.h).
 *
 * libxlsxwriter runs in constant-memory mode: each row goes to a temporary
 * file once the next one starts, so an export of a million figures does not
 * hold them in memory.  What depends on the whole sheet (column widths, the
 * frozen header, the autofilter range) is set when the sheet ends, which
 * libxlsxwriter allows as it assembles each sheet's XML only at close.  The
 * workbook is written under a temporary name in the destination folder and
 * renamed into place when complete.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "chitieu/words.h"
#include "chitieu/workbook.h"
#include "internal.h"

#define MAX_ROWS 1048576u  /* Excel's limits of a sheet */
#define MAX_COLS 16384u
#define MAX_DECIMALS 15
#define MIN_WIDTH 6.0
#define MAX_WIDTH 60.0

struct chitieu_workbook {
    lxw_workbook *wb;
    lxw_worksheet *ws;
    char *path, *tmp;
    lxw_format *header, *title, *num[MAX_DECIMALS + 1];
    lxw_format *input, *input_num[MAX_DECIMALS + 1]; /* the same with the fill of highlighted columns */
    unsigned char *highlight; /* per column of the sheet */
    chitieu_column *cols;
    size_t ncol;
    double *width;         /* widest text of each column, in characters */
    lxw_row_t header_row;  /* 0, or 1 below a title */
    lxw_row_t row;         /* the row being written */
    size_t col;            /* the next cell of that row */
    lxw_row_t last_row;    /* the last row with a cell (header_row when none) */
    char **names;          /* sheet names used, for uniqueness */
    size_t nnames;
    lxw_data_validation pending; /* validation of the next cell, when has_pending */
    int has_pending;
    char *pending_words[17];
};

static int fail_lxw(const chitieu_workbook *w, lxw_error e)
{
    return chitieu__fail(e == LXW_ERROR_MEMORY_MALLOC_FAILED ? CHITIEU_ENOMEM : CHITIEU_EIO, "%s: cannot write the "
                         "workbook: %s", w->path, lxw_strerror(e));
}

/* Copy of s cut to at most `max` characters, at a character boundary (malloc'd; NULL for NULL). */
static char *cut(const char *s, size_t max)
{
    if (!s)
        return NULL;
    size_t n = 0, i = 0;
    for (; s[i]; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80 && n++ == max)
            break;
    }
    char *d = malloc(i + 1);
    if (d) {
        memcpy(d, s, i);
        d[i] = '\0';
    }
    return d;
}

static void clear_pending(chitieu_workbook *w)
{
    free(w->pending.input_title);
    free(w->pending.input_message);
    free(w->pending.error_title);
    free(w->pending.error_message);
    for (size_t i = 0; w->pending_words[i]; i++) {
        free(w->pending_words[i]);
        w->pending_words[i] = NULL;
    }
    memset(&w->pending, 0, sizeof w->pending);
    w->has_pending = 0;
}

static void free_workbook(chitieu_workbook *w)
{
    clear_pending(w);
    for (size_t i = 0; i < w->nnames; i++)
        free(w->names[i]);
    free(w->names);
    free(w->cols);
    free(w->width);
    free(w->highlight);
    free(w->path);
    free(w->tmp);
    free(w);
}

int chitieu_workbook_open(chitieu_workbook **out, const char *path)
{
    *out = NULL;
    chitieu_workbook *w = calloc(1, sizeof *w);
    if (!w || !(w->path = chitieu__strdup(path)) || !(w->tmp = malloc(strlen(path) + sizeof ".tmp-XXXXXX"))) {
        if (w)
            free_workbook(w);
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    }
    sprintf(w->tmp, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(w->tmp);
    if (fd < 0) {
        int rc = chitieu__fail(CHITIEU_EIO, "%s: cannot create the file: %s", path, strerror(errno));
        free_workbook(w);
        return rc;
    }
    close(fd);
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
    if (!(w->wb = workbook_new_opt(w->tmp, &opt))) {
        remove(w->tmp);
        free_workbook(w);
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    }
    w->header = workbook_add_format(w->wb);
    format_set_bold(w->header);
    format_set_bottom(w->header, LXW_BORDER_THIN);
    format_set_bg_color(w->header, 0xDDEBF7);
    w->title = workbook_add_format(w->wb);
    format_set_bold(w->title);
    format_set_font_size(w->title, 13);
    *out = w;
    return CHITIEU_OK;
}

#define INPUT_FILL 0xFFF2CC /* light yellow: type here */

/* The format of a cell of column c showing `decimals` digits after the point (-1: General; created once
 * per workbook): the number format, and the fill of a highlighted column. */
static lxw_format *cell_format(chitieu_workbook *w, size_t c, int decimals)
{
    int hl = w->highlight && w->highlight[c];
    if (decimals > MAX_DECIMALS)
        decimals = MAX_DECIMALS;
    if (decimals < 0) {
        if (hl && !w->input) {
            w->input = workbook_add_format(w->wb);
            format_set_bg_color(w->input, INPUT_FILL);
        }
        return hl ? w->input : NULL;
    }
    lxw_format **slot = hl ? &w->input_num[decimals] : &w->num[decimals];
    if (!*slot) {
        char fmt[32] = "0";
        if (decimals) {
            strcat(fmt, ".");
            memset(fmt + 2, '0', (size_t)decimals);
            fmt[2 + decimals] = '\0';
        }
        *slot = workbook_add_format(w->wb);
        format_set_num_format(*slot, fmt);
        if (hl)
            format_set_bg_color(*slot, INPUT_FILL);
    }
    return *slot;
}

/* What depends on the whole sheet: column widths, the frozen header, the autofilter. */
static int end_sheet(chitieu_workbook *w)
{
    if (!w->ws)
        return CHITIEU_OK;
    for (size_t c = 0; c < w->ncol; c++) {
        double width = w->width[c] + 2;
        width = width < MIN_WIDTH ? MIN_WIDTH : width > MAX_WIDTH ? MAX_WIDTH : width;
        lxw_error e = worksheet_set_column(w->ws, (lxw_col_t)c, (lxw_col_t)c, width, NULL);
        if (e)
            return fail_lxw(w, e);
    }
    worksheet_freeze_panes(w->ws, w->header_row + 1, 0);
    /* printed: landscape, the columns on one page wide, the header repeated on every page */
    worksheet_set_landscape(w->ws);
    worksheet_fit_to_pages(w->ws, 1, 0);
    worksheet_repeat_rows(w->ws, w->header_row, w->header_row);
    lxw_error e = worksheet_autofilter(w->ws, w->header_row, 0, w->last_row, (lxw_col_t)(w->ncol - 1));
    return e ? fail_lxw(w, e) : CHITIEU_OK;
}

/* A sheet name Excel accepts and the workbook does not have yet (malloc'd). */
static char *sheet_name(chitieu_workbook *w, const char *want)
{
    char base[128];
    size_t n = 0;
    for (const char *p = want && *want ? want : "Sheet"; *p && n < sizeof base - 1; p++)
        base[n++] = strchr("[]:*?/\\", *p) ? '_' : *p;
    base[n] = '\0';
    if (base[0] == '\'')
        base[0] = '_';
    for (int k = 1;; k++) {
        char suffix[16] = "";
        if (k > 1)
            snprintf(suffix, sizeof suffix, " (%d)", k);
        char *c = cut(base, 31 - strlen(suffix));
        if (!c)
            return NULL;
        char *name = malloc(strlen(c) + strlen(suffix) + 1);
        if (!name) {
            free(c);
            return NULL;
        }
        sprintf(name, "%s%s", c, suffix);
        free(c);
        size_t len = strlen(name);
        if (len && name[len - 1] == '\'')
            name[len - 1] = '_';
        int used = 0;
        for (size_t i = 0; i < w->nnames && !used; i++)
            used = strcasecmp(w->names[i], name) == 0;
        if (!used)
            return name;
        free(name);
    }
}

int chitieu_workbook_sheet(chitieu_workbook *w, const char *name, const char *title, const chitieu_column *cols,
                           size_t ncol)
{
    if (ncol == 0 || ncol > MAX_COLS)
        return chitieu__fail(CHITIEU_EINVALID, "%s: a sheet needs 1 to %u columns", w->path, MAX_COLS);
    int rc = end_sheet(w);
    if (rc)
        return rc;
    char **names = realloc(w->names, (w->nnames + 1) * sizeof *names);
    if (!names)
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    w->names = names;
    if (!(w->names[w->nnames] = sheet_name(w, name)))
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    if (!(w->ws = workbook_add_worksheet(w->wb, w->names[w->nnames++])))
        return chitieu__fail(CHITIEU_EIO, "%s: cannot add sheet '%s'", w->path, w->names[w->nnames - 1]);
    free(w->cols);
    free(w->width);
    free(w->highlight);
    w->cols = malloc(ncol * sizeof *w->cols);
    w->width = calloc(ncol, sizeof *w->width);
    w->highlight = calloc(ncol, 1);
    if (!w->cols || !w->width || !w->highlight)
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    memcpy(w->cols, cols, ncol * sizeof *cols);
    w->ncol = ncol;
    w->header_row = 0;
    if (title) {
        lxw_error e = worksheet_write_string(w->ws, 0, 0, title, w->title);
        if (e)
            return fail_lxw(w, e);
        w->header_row = 1;
    }
    for (size_t c = 0; c < ncol; c++) {
        lxw_error e = worksheet_write_string(w->ws, w->header_row, (lxw_col_t)c, cols[c].name, w->header);
        if (e)
            return fail_lxw(w, e);
        w->width[c] = (double)chitieu_words_width(cols[c].name) + 2; /* room for the filter button */
    }
    w->row = w->last_row = w->header_row;
    w->col = ncol; /* the next cell starts a row */
    clear_pending(w);
    return CHITIEU_OK;
}

/* Move to the next cell; *row and *col receive it. */
static int next_cell(chitieu_workbook *w, lxw_row_t *row, lxw_col_t *col)
{
    if (!w->ws)
        return chitieu__fail(CHITIEU_EINVALID, "%s: no sheet to write in", w->path);
    if (w->col >= w->ncol) {
        if (w->row + 1 >= MAX_ROWS)
            return chitieu__fail(CHITIEU_EINVALID, "%s: more rows than a sheet can hold (%u)", w->path, MAX_ROWS);
        w->row++;
        w->col = 0;
    }
    *row = w->row;
    *col = (lxw_col_t)w->col++;
    w->last_row = w->row;
    if (w->has_pending) {
        lxw_error e = worksheet_data_validation_cell(w->ws, *row, *col, &w->pending);
        clear_pending(w);
        if (e)
            return fail_lxw(w, e);
    }
    return CHITIEU_OK;
}

static void widen(chitieu_workbook *w, lxw_col_t col, double width)
{
    if (width > w->width[col])
        w->width[col] = width;
}

int chitieu_workbook_text(chitieu_workbook *w, const char *s)
{
    lxw_row_t r;
    lxw_col_t c;
    int rc = next_cell(w, &r, &c);
    if (rc)
        return rc;
    if (!s || !*s)
        return w->highlight[c] ? (worksheet_write_blank(w->ws, r, c, cell_format(w, c, -1)) ? CHITIEU_EIO : 0) : 0;
    lxw_error e = worksheet_write_string(w->ws, r, c, s, cell_format(w, c, -1));
    if (e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
        return chitieu__fail(CHITIEU_EINVALID, "%s: row %u, column '%s': text longer than a cell can hold", w->path,
                             r + 1, w->cols[c].name);
    if (e)
        return fail_lxw(w, e);
    widen(w, c, (double)chitieu_words_width(s));
    return CHITIEU_OK;
}

int chitieu_workbook_number(chitieu_workbook *w, double v)
{
    lxw_row_t r;
    lxw_col_t c;
    int rc = next_cell(w, &r, &c);
    if (rc)
        return rc;
    if (isnan(v))
        return w->highlight[c] ? (worksheet_write_blank(w->ws, r, c, cell_format(w, c, -1)) ? CHITIEU_EIO : 0) : 0;
    if (isinf(v))
        return chitieu__fail(CHITIEU_EINVALID, "%s: row %u, column '%s': an infinite number", w->path, r + 1,
                             w->cols[c].name);
    int decimals = w->cols[c].type == CHITIEU_COL_NUMBER ? w->cols[c].decimals : -1;
    lxw_error e = worksheet_write_number(w->ws, r, c, v, cell_format(w, c, decimals));
    if (e)
        return fail_lxw(w, e);
    char shown[64];
    if (decimals >= 0)
        snprintf(shown, sizeof shown, "%.*f", decimals > MAX_DECIMALS ? MAX_DECIMALS : decimals, v);
    else
        snprintf(shown, sizeof shown, "%.10g", v); /* about what General shows */
    widen(w, c, (double)strlen(shown));
    return CHITIEU_OK;
}

int chitieu_workbook_blank(chitieu_workbook *w)
{
    return chitieu_workbook_text(w, NULL);
}

int chitieu_workbook_highlight(chitieu_workbook *w, size_t col)
{
    if (!w->ws || col >= w->ncol)
        return chitieu__fail(CHITIEU_EINVALID, "%s: no column %zu to highlight", w->path, col + 1);
    w->highlight[col] = 1;
    return CHITIEU_OK;
}

/* Titles and messages of a validation, cut to Excel's limits (32 and 255 characters). */
static int pending_text(chitieu_workbook *w, const char *title, const char *message)
{
    clear_pending(w);
    w->pending.show_input = w->pending.show_error = LXW_VALIDATION_ON;
    w->pending.ignore_blank = LXW_VALIDATION_ON;
    w->pending.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
    if ((title && (!(w->pending.input_title = cut(title, 32)) || !(w->pending.error_title = cut(title, 32)))) ||
        (message && (!(w->pending.input_message = cut(message, 255)) ||
                     !(w->pending.error_message = cut(message, 255))))) {
        clear_pending(w);
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    }
    w->has_pending = 1;
    return CHITIEU_OK;
}

int chitieu_workbook_validate_number(chitieu_workbook *w, double min, double max, const char *title,
                                     const char *message)
{
    int rc = pending_text(w, title, message);
    if (rc)
        return rc;
    lxw_data_validation *v = &w->pending;
    v->validate = LXW_VALIDATION_TYPE_DECIMAL;
    if (!isnan(min) && !isnan(max)) {
        v->criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        v->minimum_number = min;
        v->maximum_number = max;
    } else if (!isnan(min)) {
        v->criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
        v->value_number = min;
    } else if (!isnan(max)) {
        v->criteria = LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO;
        v->value_number = max;
    } else {
        v->criteria = LXW_VALIDATION_CRITERIA_BETWEEN; /* any number a double holds */
        v->minimum_number = -1e308;
        v->maximum_number = 1e308;
    }
    return CHITIEU_OK;
}

int chitieu_workbook_validate_list(chitieu_workbook *w, const char *const *words, size_t n, const char *title,
                                   const char *message)
{
    if (n == 0 || n > 16)
        return chitieu__fail(CHITIEU_EINVALID, "a list validation takes 1 to 16 words");
    int rc = pending_text(w, title, message);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++)
        if (!(w->pending_words[i] = chitieu__strdup(words[i]))) {
            clear_pending(w);
            return CHITIEU_ENOMEM;
        }
    w->pending.validate = LXW_VALIDATION_TYPE_LIST;
    w->pending.value_list = w->pending_words;
    w->pending.dropdown = LXW_VALIDATION_ON;
    return CHITIEU_OK;
}

int chitieu_workbook_close(chitieu_workbook *w)
{
    int rc = end_sheet(w);
    if (!rc && !w->ws && !workbook_add_worksheet(w->wb, NULL)) /* a workbook needs a sheet */
        rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    lxw_error e = workbook_close(w->wb); /* frees the workbook even on failure */
    if (!rc && e)
        rc = fail_lxw(w, e);
    if (!rc && rename(w->tmp, w->path) != 0)
        rc = chitieu__fail(CHITIEU_EIO, "%s: cannot write the file: %s", w->path, strerror(errno));
    if (rc)
        remove(w->tmp);
    free_workbook(w);
    return rc;
}

void chitieu_workbook_discard(chitieu_workbook *w)
{
    if (!w)
        return;
    /* libxlsxwriter has no way to drop a workbook but to write it: write the temporary file and remove it */
    workbook_close(w->wb);
    remove(w->tmp);
    free_workbook(w);
}

int chitieu_workbook_write_table(const char *path, const char *sheet, const chitieu_column *cols, size_t ncol,
                                 const chitieu_cell *cells, size_t nrow)
{
    chitieu_workbook *w;
    int rc = chitieu_workbook_open(&w, path);
    if (rc)
        return rc;
    rc = chitieu_workbook_sheet(w, sheet, NULL, cols, ncol);
    for (size_t i = 0; !rc && i < nrow * ncol; i++) {
        const chitieu_cell *x = &cells[i];
        rc = cols[i % ncol].type == CHITIEU_COL_NUMBER ? chitieu_workbook_number(w, x->number)
                                                       : chitieu_workbook_text(w, x->text);
    }
    if (rc) {
        chitieu_workbook_discard(w);
        return rc;
    }
    return chitieu_workbook_close(w);
}
