/*
 * cli_messages.c — how `load` tells its errors and warnings: every error as
 * FILE:LINE: COLUMN: MESSAGE (up to the report's limit), a handful of
 * warnings as they are, and beyond that a summary per indicator instead of a
 * hundred lines; --quiet drops warnings from the terminal, --warnings FILE
 * writes every error and warning as CSV (file,line,column,level,indicator,
 * message,place: a workbook's cell, row or sheet), also those beyond the
 * report's limit.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Warnings beyond this many are summarised per indicator. */
#define SHOW_WARNINGS 10
/* Indicators listed in the summary (the ones with most warnings). */
#define SHOW_INDICATORS 20

/* The warnings about one indicator. */
typedef struct {
    char *indicator;
    size_t count;
    char *first; /* "FILE:LINE: MESSAGE" of the first */
} group;

struct cli_messages {
    FILE *csv;        /* --warnings FILE, or NULL */
    const char *path;
    group *g;
    size_t ng, cap;
    size_t other;     /* warnings about no indicator */
    int oom;
};

cli_messages *cli_messages_new(const char *csv_path)
{
    cli_messages *m = calloc(1, sizeof *m);
    if (!m) {
        cli_fail("load", "out of memory");
        return NULL;
    }
    if (csv_path) {
        if (!(m->csv = fopen(csv_path, "w"))) {
            cli_fail("load", "%s: cannot write: %s", csv_path, strerror(errno));
            free(m);
            return NULL;
        }
        m->path = csv_path;
        fputs("file,line,column,level,indicator,message,place\n", m->csv);
    }
    return m;
}

void cli_messages_add(void *ctx, const chitieu_load_msg *msg)
{
    cli_messages *m = ctx;
    if (m->csv) {
        cli_csv_field(m->csv, msg->file);
        fprintf(m->csv, ",%lu,", msg->line);
        cli_csv_field(m->csv, msg->column);
        fputs(msg->level == CHITIEU_MSG_WARNING ? ",warning," : ",error,", m->csv);
        cli_csv_field(m->csv, msg->indicator);
        fputc(',', m->csv);
        cli_csv_field(m->csv, msg->message);
        fputc(',', m->csv); /* the sheet too: a workbook's sheets, read with --all-sheets, share its file name */
        cli_csv_field(m->csv, msg->where);
        fputc('\n', m->csv);
    }
    if (msg->level != CHITIEU_MSG_WARNING)
        return;
    if (!msg->indicator) {
        m->other++;
        return;
    }
    size_t i = 0;
    while (i < m->ng && strcmp(m->g[i].indicator, msg->indicator) != 0)
        i++;
    if (i == m->ng) {
        if (m->ng == m->cap) {
            size_t cap = m->cap ? 2 * m->cap : 16;
            group *g = realloc(m->g, cap * sizeof *g);
            if (!g) {
                m->oom = 1;
                return;
            }
            m->g = g;
            m->cap = cap;
        }
        char first[1200], line[32];
        snprintf(line, sizeof line, "%lu", msg->line);
        snprintf(first, sizeof first, "%s:%s: %s", msg->file, msg->where ? msg->where : line, msg->message);
        m->g[i].indicator = strdup(msg->indicator);
        m->g[i].first = strdup(first);
        m->g[i].count = 0;
        if (!m->g[i].indicator || !m->g[i].first) {
            free(m->g[i].indicator);
            free(m->g[i].first);
            m->oom = 1;
            return;
        }
        m->ng++;
    }
    m->g[i].count++;
}

static void print_one(const chitieu_load_msg *m)
{
    fprintf(stderr, "chitieu: load: %s:", m->file);
    if (m->where) /* a workbook's cell, row or sheet */
        fprintf(stderr, "%s:", m->where);
    else if (m->line)
        fprintf(stderr, "%lu:", m->line);
    fprintf(stderr, " %s", m->level == CHITIEU_MSG_WARNING ? "warning: " : "");
    if (m->column)
        fprintf(stderr, "%s: ", m->column);
    fprintf(stderr, "%s", m->message);
    if (m->repeats)
        fprintf(stderr, " (also on %zu more row%s, the last line %lu)", m->repeats, m->repeats == 1 ? "" : "s",
                m->last_line);
    fputc('\n', stderr);
}

static int by_count(const void *a, const void *b)
{
    const group *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return strcmp(x->indicator, y->indicator);
}

int cli_messages_print(cli_messages *m, const chitieu_load_report *r, int quiet)
{
    int summarise = !quiet && r->warnings > SHOW_WARNINGS;
    size_t errors_shown = 0, warnings_shown = 0;
    for (size_t i = 0; i < r->nmsg; i++) {
        const chitieu_load_msg *x = &r->msgs[i];
        if (x->level != CHITIEU_MSG_WARNING) {
            print_one(x);
            errors_shown += 1 + x->repeats;
        } else if (!quiet && (!summarise || (!x->indicator && warnings_shown < SHOW_WARNINGS))) {
            print_one(x);
            warnings_shown += 1 + x->repeats;
        }
    }
    if (r->errors > errors_shown)
        fprintf(stderr, "chitieu: load: ... and %zu more error%s\n", r->errors - errors_shown,
                r->errors - errors_shown == 1 ? "" : "s");
    if (summarise && !m->oom) {
        if (m->ng) /* none when every warning is about no one indicator (sheets skipped): qsort of NULL is undefined */
            qsort(m->g, m->ng, sizeof *m->g, by_count);
        fprintf(stderr, "chitieu: load: %zu warnings%s%s\n", r->warnings, m->csv ? "" : " (every one with --warnings FILE)",
                m->ng ? "; by indicator:" : ":");
        for (size_t i = 0; i < m->ng && i < SHOW_INDICATORS; i++)
            fprintf(stderr, "chitieu: load:   %s: %zu warning%s, first %s\n", m->g[i].indicator, m->g[i].count,
                    m->g[i].count == 1 ? "" : "s", m->g[i].first);
        if (m->ng > SHOW_INDICATORS)
            fprintf(stderr, "chitieu: load:   ... and %zu more indicators\n", m->ng - SHOW_INDICATORS);
        if (m->other > warnings_shown)
            fprintf(stderr, "chitieu: load:   %zu more warning%s about no one indicator\n", m->other - warnings_shown,
                    m->other - warnings_shown == 1 ? "" : "s");
    } else if (!quiet && r->warnings > warnings_shown)
        fprintf(stderr, "chitieu: load: ... and %zu more warning%s\n", r->warnings - warnings_shown,
                r->warnings - warnings_shown == 1 ? "" : "s");
    if (m->csv) {
        int bad = ferror(m->csv) != 0;
        bad |= fclose(m->csv) != 0;
        m->csv = NULL;
        if (bad)
            return cli_fail("load", "%s: cannot write: %s", m->path, strerror(errno));
    }
    return CLI_OK;
}

void cli_messages_free(cli_messages *m)
{
    if (!m)
        return;
    if (m->csv)
        fclose(m->csv);
    for (size_t i = 0; i < m->ng; i++) {
        free(m->g[i].indicator);
        free(m->g[i].first);
    }
    free(m->g);
    free(m);
}
