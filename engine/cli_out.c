/*
 * cli_out.c — messages, exit codes and the table / CSV / JSON writer shared
 * by the subcommands (engine/cli.h).
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chitieu/csvout.h"
#include "chitieu/error.h"
#include "chitieu/words.h"
#include "chitieu/workbook.h"
#include "cli.h"

int cli_fail(const char *context, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "chitieu: %s: ", context);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return CLI_FAIL;
}

int cli_fail_lib(const char *context) { return cli_fail(context, "%s", chitieu_error_last()); }

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "chitieu: %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nTry 'chitieu %s --help'.\n", cmd);
    va_end(ap);
    return CLI_USAGE;
}

/* The running subcommand's name, set by main() before dispatch: the context of
 * store messages.  (Declared here and in cli.c; belongs in cli.h.) */
const char *cli_command_name = "store";

int cli_create_store(chitieu_store **st, const cli_env *env)
{
    if (chitieu_store_open(st, env->db_path))
        return cli_fail_lib(cli_command_name);
    return CLI_OK;
}

int cli_open_store(chitieu_store **st, const cli_env *env)
{
    /* a typo in --db must not create an empty store: only init and load create */
    if (chitieu_store_open_existing(st, env->db_path))
        return cli_fail_lib(cli_command_name);
    return CLI_OK;
}

static const char *const format_names[] = {"table", "csv", "json", "xlsx", "opensdg", "sdmx"};
#define NFORMATS (sizeof format_names / sizeof *format_names)
#define TABLE_FORMATS (1u << CLI_FMT_TABLE | 1u << CLI_FMT_CSV | 1u << CLI_FMT_JSON | 1u << CLI_FMT_XLSX)

int cli_parse_format(cli_format *out, const char *s)
{
    cli_output o = {.fmt = CLI_FMT_TABLE};
    if (cli_parse_output_format(&o, s))
        return -1;
    *out = o.fmt;
    return 0;
}

int cli_parse_output_format(cli_output *o, const char *s)
{
    unsigned set = o->formats ? o->formats : TABLE_FORMATS;
    for (size_t i = 0; i < NFORMATS; i++)
        if ((set & 1u << i) && strcmp(s, format_names[i]) == 0) {
            o->fmt = (cli_format)i;
            return 0;
        }
    return -1;
}

const char *cli_output_formats(const cli_output *o)
{
    static _Thread_local char buf[128];
    unsigned set = o->formats ? o->formats : TABLE_FORMATS;
    size_t n = 0, k = 0, total = (size_t)__builtin_popcount(set);
    buf[0] = '\0';
    for (size_t i = 0; i < NFORMATS; i++)
        if (set & 1u << i) {
            k++;
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", k == 1 ? "" : k == total ? " or " : ", ",
                                  format_names[i]);
        }
    return buf;
}

char *cli_fmt_double(char *buf, double v) { return chitieu_csvout_number(buf, v); }

void cli_csv_field(FILE *f, const char *s) { chitieu_csvout_field(f, s); }

/* A JSON string with the escapes RFC 8259 requires. */
static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                fprintf(f, "\\u%04x", *p);
            else if (*p == '<') /* so the JSON can sit inside an HTML <script> safely */
                fputs("\\u003c", f);
            else
                fputc(*p, f);
        }
    }
    fputc('"', f);
}

typedef struct {
    char *text;  /* NULL: absent */
    int numeric; /* written bare in JSON */
    double num;  /* the number itself (numeric cells), for xlsx */
    int prec;    /* its decimals as added (-1: exact) */
    int is_text; /* free text: cut in the terminal table (cli_table_text) */
} cell;

struct cli_table {
    size_t ncol, ncell, cap;
    const char *const *names;
    cell *cells;
    int oom;
};

cli_table *cli_table_new(size_t ncol, const char *const *names)
{
    cli_table *t = calloc(1, sizeof *t);
    if (t) {
        t->ncol = ncol;
        t->names = names;
    }
    return t;
}

static void add(cli_table *t, char *text, int numeric)
{
    if (t->ncell == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        cell *c = realloc(t->cells, cap * sizeof *c);
        if (!c) {
            free(text);
            t->oom = 1;
            return;
        }
        t->cells = c;
        t->cap = cap;
    }
    t->cells[t->ncell].text = text;
    t->cells[t->ncell].numeric = numeric;
    t->cells[t->ncell].num = NAN;
    t->cells[t->ncell].prec = -1;
    t->cells[t->ncell].is_text = 0;
    t->ncell++;
}

void cli_table_str(cli_table *t, const char *s)
{
    char *d = NULL;
    if (s && !(d = strdup(s)))
        t->oom = 1;
    add(t, d, 0);
}

void cli_table_text(cli_table *t, const char *s)
{
    cli_table_str(t, s);
    if (t->ncell)
        t->cells[t->ncell - 1].is_text = 1;
}

void cli_table_num(cli_table *t, double v, int prec)
{
    if (isnan(v) || isinf(v)) {
        add(t, NULL, 1);
        return;
    }
    char buf[32];
    if (prec < 0)
        cli_fmt_double(buf, v);
    else
        chitieu_csvout_fixed(buf, v, prec);
    if (strcmp(buf, "-0") == 0 || (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1)))
        memmove(buf, buf + 1, strlen(buf)); /* no "-0.00" */
    cli_table_str(t, buf);
    if (t->ncell) {
        t->cells[t->ncell - 1].numeric = 1;
        t->cells[t->ncell - 1].num = v;
        t->cells[t->ncell - 1].prec = prec;
    }
}

void cli_table_int(cli_table *t, long v)
{
    char buf[32];
    if (v > -1000000000000000L && v < 1000000000000000L) /* exact as a double: printf's digits, faster */
        chitieu_csvout_fixed(buf, (double)v, 0);
    else
        snprintf(buf, sizeof buf, "%ld", v);
    cli_table_str(t, buf);
    if (t->ncell) {
        t->cells[t->ncell - 1].numeric = 1;
        t->cells[t->ncell - 1].num = (double)v;
        t->cells[t->ncell - 1].prec = 0;
    }
}

void cli_table_null(cli_table *t) { add(t, NULL, 0); }

/* What the terminal table shows of cell x ("-" when absent): free text wider than CLI_TEXT_WIDTH cut to it
 * in buf (n bytes), else the text itself. */
static const char *shown(const cell *x, char *buf, size_t n)
{
    if (!x->text)
        return "-";
    if (!x->is_text || chitieu_words_width(x->text) <= CLI_TEXT_WIDTH)
        return x->text;
    return chitieu_words_cut(buf, n, x->text, CLI_TEXT_WIDTH - 1);
}

/* Text for a terminal: control characters (newlines, tabs, ESC) become spaces. */
static void put_plain(FILE *f, const char *s)
{
    for (; *s; s++)
        fputc((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s, f);
}

/* Write t's rows as CSV or JSON, after the `done` rows written before (header or
 * '[' first when done is 0), and drop them from t (its cells are freed). */
static void write_rows(cli_table *t, FILE *f, cli_format fmt, size_t done)
{
    size_t nrow = t->ncol ? t->ncell / t->ncol : 0;
    if (fmt == CLI_FMT_CSV) {
        for (size_t c = 0; !done && c < t->ncol; c++)
            fprintf(f, "%s%s", c ? "," : "", t->names[c]);
        if (!done)
            fputc('\n', f);
        for (size_t r = 0; r < nrow; r++) {
            for (size_t c = 0; c < t->ncol; c++) {
                cell *x = &t->cells[r * t->ncol + c];
                if (c)
                    fputc(',', f);
                if (x->numeric)
                    fputs(x->text ? x->text : "", f);
                else
                    cli_csv_field(f, x->text);
            }
            fputc('\n', f);
        }
    } else {
        if (!done)
            fputc('[', f);
        for (size_t r = 0; r < nrow; r++) {
            fputs(r + done ? ",\n {" : "\n {", f);
            for (size_t c = 0; c < t->ncol; c++) {
                cell *x = &t->cells[r * t->ncol + c];
                if (c)
                    fputs(", ", f);
                json_string(f, t->names[c]);
                fputs(": ", f);
                if (!x->text)
                    fputs("null", f);
                else if (x->numeric)
                    fputs(x->text, f);
                else
                    json_string(f, x->text);
            }
            fputc('}', f);
        }
    }
    for (size_t i = 0; i < t->ncell; i++)
        free(t->cells[i].text);
    t->ncell = 0;
}

int cli_table_flush(cli_table *t, FILE *f, cli_format fmt, size_t *done)
{
    if (t->oom)
        return cli_fail("output", "out of memory");
    size_t nrow = t->ncol ? t->ncell / t->ncol : 0;
    if (nrow) {
        write_rows(t, f, fmt, *done);
        *done += nrow;
    }
    return ferror(f) ? cli_fail("output", "write error") : CLI_OK;
}

int cli_table_finish(cli_table *t, FILE *f, cli_format fmt, size_t done)
{
    int rc = cli_table_flush(t, f, fmt, &done);
    if (rc)
        return rc;
    if (!done) /* no row at all: the header (CSV) or the opening bracket (JSON) alone */
        write_rows(t, f, fmt, 0);
    if (fmt == CLI_FMT_JSON)
        fputs(done ? "\n]\n" : "]\n", f);
    return ferror(f) ? cli_fail("output", "write error") : CLI_OK;
}

int cli_table_write(cli_table *t, FILE *f, cli_format fmt)
{
    if (t->oom)
        return cli_fail("output", "out of memory");
    if (fmt == CLI_FMT_XLSX)
        return cli_fail("output", "--format xlsx needs --out FILE");
    size_t nrow = t->ncol ? t->ncell / t->ncol : 0;
    if (fmt == CLI_FMT_CSV || fmt == CLI_FMT_JSON) {
        write_rows(t, f, fmt, 0);
        if (fmt == CLI_FMT_JSON)
            fputs(nrow ? "\n]\n" : "]\n", f);
    } else {
        size_t *w = calloc(t->ncol ? t->ncol : 1, sizeof *w);
        if (!w)
            return cli_fail("output", "out of memory");
        char cut[CLI_TEXT_WIDTH * 4 + 4]; /* CLI_TEXT_WIDTH characters of at most 4 bytes */
        for (size_t c = 0; c < t->ncol; c++)
            w[c] = chitieu_words_width(t->names[c]);
        for (size_t i = 0; i < nrow * t->ncol; i++) {
            size_t cw = chitieu_words_width(shown(&t->cells[i], cut, sizeof cut));
            if (cw > w[i % t->ncol])
                w[i % t->ncol] = cw;
        }
        for (size_t r = 0; r <= nrow; r++) {
            for (size_t c = 0; c < t->ncol; c++) {
                const char *s = r ? shown(&t->cells[(r - 1) * t->ncol + c], cut, sizeof cut) : t->names[c];
                int right = r && t->cells[(r - 1) * t->ncol + c].numeric;
                size_t pad = w[c] - chitieu_words_width(s);
                if (c)
                    fputs("  ", f);
                if (right)
                    fprintf(f, "%*s", (int)pad, "");
                put_plain(f, s);
                if (!right && c + 1 < t->ncol)
                    fprintf(f, "%*s", (int)pad, "");
            }
            fputc('\n', f);
        }
        free(w);
    }
    return ferror(f) ? cli_fail("output", "write error") : CLI_OK;
}

void cli_table_free(cli_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->ncell; i++)
        free(t->cells[i].text);
    free(t->cells);
    free(t);
}

int cli_output_check(const cli_output *o, const char *cmd)
{
    if (o->fmt == CLI_FMT_XLSX && !o->out)
        return cli_usage(cmd, "--format xlsx needs --out FILE (a workbook is not written to a terminal)");
    if (o->bom && o->fmt != CLI_FMT_CSV && o->fmt != CLI_FMT_OPENSDG && o->fmt != CLI_FMT_SDMX)
        return cli_usage(cmd, "--bom is for CSV output");
    return CLI_OK;
}

FILE *cli_output_open(const cli_output *o, const char *cmd)
{
    FILE *f = o->out ? fopen(o->out, "wb") : stdout;
    if (!f) {
        cli_fail(cmd, "%s: cannot write: %s", o->out, strerror(errno));
        return NULL;
    }
    if (o->bom)
        fputs("\xEF\xBB\xBF", f);
    return f;
}

int cli_output_close(FILE *f, const cli_output *o, const char *cmd)
{
    if (f == stdout)
        return ferror(f) ? cli_fail(cmd, "cannot write output") : CLI_OK;
    int bad = ferror(f) != 0;
    bad |= fclose(f) != 0;
    return bad ? cli_fail(cmd, "%s: cannot write: %s", o->out, strerror(errno)) : CLI_OK;
}

/* The table as one xlsx sheet: a column whose cells are all numbers (or absent) is a number column
 * shown with the most decimals its cells were added with (General when one was exact). */
static int write_xlsx(cli_table *t, const char *path, const char *cmd, const char *sheet, const char *title)
{
    size_t nrow = t->ncol ? t->ncell / t->ncol : 0;
    chitieu_column *cols = calloc(t->ncol ? t->ncol : 1, sizeof *cols);
    if (!cols)
        return cli_fail(cmd, "out of memory");
    for (size_t c = 0; c < t->ncol; c++) {
        int numeric = 1, prec = 0;
        for (size_t r = 0; r < nrow; r++) {
            const cell *x = &t->cells[r * t->ncol + c];
            if (x->text && !x->numeric)
                numeric = 0;
            else if (x->text && (x->prec < 0 || prec < 0))
                prec = -1;
            else if (x->text && x->prec > prec)
                prec = x->prec;
        }
        cols[c].name = t->names[c];
        cols[c].type = numeric ? CHITIEU_COL_NUMBER : CHITIEU_COL_TEXT;
        cols[c].decimals = prec;
    }
    chitieu_workbook *w;
    int rc = chitieu_workbook_open(&w, path);
    if (!rc)
        rc = chitieu_workbook_sheet(w, sheet, title, cols, t->ncol);
    for (size_t i = 0; !rc && i < nrow * t->ncol; i++) {
        const cell *x = &t->cells[i];
        rc = x->numeric && x->text ? chitieu_workbook_number(w, x->num) : chitieu_workbook_text(w, x->text);
    }
    free(cols);
    if (rc) {
        chitieu_workbook_discard(w);
        return cli_fail_lib(cmd);
    }
    return chitieu_workbook_close(w) ? cli_fail_lib(cmd) : CLI_OK;
}

int cli_table_emit(cli_table *t, const cli_output *o, const char *cmd, const char *sheet)
{
    if (t->oom)
        return cli_fail(cmd, "out of memory");
    if (o->fmt == CLI_FMT_XLSX)
        return write_xlsx(t, o->out, cmd, sheet, o->title);
    FILE *f = cli_output_open(o, cmd);
    if (!f)
        return CLI_FAIL;
    int rc = cli_table_write(t, f, o->fmt);
    int crc = cli_output_close(f, o, cmd);
    return rc ? rc : crc;
}
