/*
 * cli_out.c — messages, exit codes and the table / CSV / JSON writer shared
 * by the subcommands (engine/cli.h).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chitieu/error.h"
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

int cli_parse_format(cli_format *out, const char *s)
{
    static const char *const names[] = {"table", "csv", "json"};
    for (int i = 0; i < 3; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (cli_format)i;
            return 0;
        }
    return -1;
}

char *cli_fmt_double(char *buf, double v)
{
    snprintf(buf, 32, "%.15g", v);
    if (strtod(buf, NULL) != v)
        snprintf(buf, 32, "%.17g", v);
    return buf;
}

void cli_csv_field(FILE *f, const char *s)
{
    if (!s)
        return;
    int guard = s[0] && strchr("=+-@\t\r", s[0]) != NULL;
    int quote = guard || strpbrk(s, ",;\"\r\n") != NULL || s[0] == ' ' || (*s && s[strlen(s) - 1] == ' ');
    if (!quote) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    if (guard)
        fputc('\'', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

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
    t->ncell++;
}

void cli_table_str(cli_table *t, const char *s)
{
    char *d = NULL;
    if (s && !(d = strdup(s)))
        t->oom = 1;
    add(t, d, 0);
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
        snprintf(buf, sizeof buf, "%.*f", prec, v);
    if (strcmp(buf, "-0") == 0 || (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1)))
        memmove(buf, buf + 1, strlen(buf)); /* no "-0.00" */
    cli_table_str(t, buf);
    t->cells[t->ncell - 1].numeric = 1;
}

void cli_table_int(cli_table *t, long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", v);
    cli_table_str(t, buf);
    t->cells[t->ncell - 1].numeric = 1;
}

void cli_table_null(cli_table *t) { add(t, NULL, 0); }

/* Display width of UTF-8 text: code points, not bytes (Vietnamese letters are 2-3 bytes). */
static size_t width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            w++;
    return w;
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
    size_t nrow = t->ncol ? t->ncell / t->ncol : 0;
    if (fmt == CLI_FMT_CSV || fmt == CLI_FMT_JSON) {
        write_rows(t, f, fmt, 0);
        if (fmt == CLI_FMT_JSON)
            fputs(nrow ? "\n]\n" : "]\n", f);
    } else {
        size_t *w = calloc(t->ncol ? t->ncol : 1, sizeof *w);
        if (!w)
            return cli_fail("output", "out of memory");
        for (size_t c = 0; c < t->ncol; c++)
            w[c] = width(t->names[c]);
        for (size_t i = 0; i < nrow * t->ncol; i++) {
            size_t cw = t->cells[i].text ? width(t->cells[i].text) : 1;
            if (cw > w[i % t->ncol])
                w[i % t->ncol] = cw;
        }
        for (size_t r = 0; r <= nrow; r++) {
            for (size_t c = 0; c < t->ncol; c++) {
                const char *s = r ? t->cells[(r - 1) * t->ncol + c].text : t->names[c];
                int right = r && t->cells[(r - 1) * t->ncol + c].numeric;
                if (!s)
                    s = "-";
                size_t pad = w[c] - width(s);
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
