/*
 * chitieu/load.h — loading the files departments send into the store.
 *
 * Files are CSV or tab-separated text (UTF-8, UTF-16 with a byte-order mark,
 * or a named encoding) or .xlsx workbooks (chitieu/rows.h).  A file's kind
 * (plans, areas, successions, indicators, targets, observations) is
 * recognised from its header, the first row that names a kind's columns
 * (title rows above it are skipped); columns are matched by name in any
 * order, or by the names of --map, or by the names of known exports (World
 * Bank bulk CSV, SDMX-CSV, Open SDG).  An observations header whose columns
 * are years ("2016", "Năm 2016", "2017 (ước)") is a wide table: one figure
 * per year cell; a school or financial year ("2022-2023", "2022/23") counts as one
 * year only when span_year says which.  Missing-figure markers ("", "..", "-", ...) are absences,
 * counted.  All files of one call are one transaction: if any row of any
 * file is bad, nothing is stored and every error (up to a limit) is reported
 * as "file:line: column: message" ("file:Sheet!C12: column: message").
 * Files are applied in kind order (plans, areas, successions, indicators,
 * targets, observations), whatever order they are given
 * in.  Observations are never overwritten: a changed figure for an existing
 * indicator/area/year becomes a new revision (counted as revised; one with
 * the same value and status and only a new source or note, as re-sourced);
 * an identical one is counted as unchanged.  Suspicious but valid figures (a year-on-year change far
 * outside the series' own past changes) are warnings.
 */
#ifndef CHITIEU_LOAD_H
#define CHITIEU_LOAD_H

#include <stddef.h>
#include "chitieu/store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { CHITIEU_MSG_ERROR = 0, CHITIEU_MSG_WARNING } chitieu_msg_level;

/* One error or warning about an input row. Strings owned by the report. */
typedef struct {
    chitieu_msg_level level;
    char *file;          /* input file as named by the caller */
    unsigned long line;  /* 1-based line in that file, or row of a workbook's sheet (0: the file as a whole) */
    char *where;         /* a workbook: the cell ("Sheet!C12"), row ("Sheet!12:12") or sheet; else NULL */
    char *column;        /* header name of the field concerned, or NULL */
    char *message;
    char *indicator;     /* the indicator code the message is about (its row's, or a suspicious figure's), or NULL */
    size_t repeats;      /* later rows of the same file with the very same message (level, column and text):
                            kept once, so that a code unknown on 5,000 rows does not hide the other errors */
    unsigned long last_line; /* the line of the last of those repeats (0 when repeats is 0) */
} chitieu_load_msg;

/* What a load did (or, after errors or a dry run, would have done). */
typedef struct {
    size_t files;
    size_t rows;          /* data rows read, all files */
    size_t plans, areas, indicators, targets; /* catalogue rows applied (inserted or updated) */
    size_t successions;   /* succession rows applied (inserted or updated) */
    size_t inserted;      /* observations new to the store (revision 1) */
    size_t revised;       /* observations that became a new revision: another value or status than the current
                           * one (or the figure again after a revert withdrew it) */
    size_t unchanged;     /* observations identical to the current revision */
    size_t resourced;     /* observations that became a new revision with the current value and status, only
                           * another source or note: provenance kept, no figure changed */
    size_t absent;        /* figures marked missing ("..", "-", an empty cell...): not stored */
    size_t status_in_value; /* figures whose status was written beside them in the cell ("3,0 (ước)", "12,5*"
                             * with a footnote "* ước tính"), counted among the figures stored or unchanged */
    size_t span_years;    /* figures stored or unchanged (or targets) whose year was a span of two years
                           * counted as one (span_year) */
    size_t skipped;       /* rows left out on purpose: disaggregated, another series, not selected */
    size_t year_words;    /* rows passed over because their year cell shows words that are no status (a plan's
                           * "2020 (KH)"): not loaded, not among skipped */
    size_t errors, warnings; /* counts (may exceed the messages kept) */
    int committed;        /* 1 when the transaction was committed */
    long first_batch;     /* committed: the batch of the first file; the files have first_batch.. in kind order */
    long last_batch;      /* committed: the last batch; every batch first_batch..last_batch is this load's (more
                           * than the files when a workbook is read with all its sheets: one batch a sheet) */
    size_t nmsg;
    chitieu_load_msg *msgs; /* the first max_messages errors and warnings, in input order */
} chitieu_load_report;

/* What a year written as a span of two consecutive years -- a school year ("2022-2023", "2022–2023",
 * "Năm học 2022-2023", "NH 2022-2023") or a financial year ("2015/16", "2015-16", "FY 2015/16") -- counts as
 * (chitieu_load_opts.span_year). */
typedef enum {
    CHITIEU_SPAN_REFUSE = 0, /* an error that names the option (the default) */
    CHITIEU_SPAN_START,      /* its first year: 2022-2023 is 2022 */
    CHITIEU_SPAN_END         /* its last year: 2022-2023 is 2023 */
} chitieu_span_year;

/* Options; start from chitieu_load_opts_init(). */
typedef struct {
    int dry_run;          /* validate everything, then roll back */
    const char *agency;   /* agency recorded on each batch (may be NULL) */
    size_t max_messages;  /* errors and warnings kept in the report (default 100) */
    double jump_threshold;/* a change is suspicious beyond median +- this many robust SDs (default 5) */
    /* Called with every error and warning as it is recorded, also those beyond max_messages (NULL: none);
     * the message's strings are valid during the call only. */
    void (*on_message)(void *ctx, const chitieu_load_msg *m);
    void *on_message_ctx;
    /* reading */
    const char *encoding; /* text files: an iconv name (cp1258, windows-1252...); NULL: UTF-8 (UTF-16 by its BOM) */
    const char *sheet;    /* workbooks: the sheet to load (NULL: the first that is not hidden) */
    int all_sheets;       /* workbooks: every worksheet, each as a file of its own kind */
    /* shaping (observations files): a column a file lacks is given by the option; a file that has
     * the indicator or area column loads only its rows of that code; a file's empty status or
     * source cells take the option's value */
    const char *indicator, *area, *status, *source;
    const char *map;      /* "Header=column,...": foreign header names ("Mã số=indicator,Tỉnh=area") */
    const char *recode;   /* "CODE=OURS,...": indicator and area codes of a file as the catalogue names them */
    const char *where;    /* "Column=value,...": only rows with these values (a disaggregation, a series) */
    const char *missing;  /* "..,-,x": the markers of a missing figure (NULL: the default list) */
    /* a year column's cell, or a wide table's year heading, that is a span of two consecutive years counts
     * as its first or last year; each batch that had one records the rule in its note.  A longer span
     * (2021-2025, a period) is always an error. */
    chitieu_span_year span_year;
} chitieu_load_opts;

/* Set *o (the caller's) to the defaults: 100 messages, a jump warning beyond 5 robust SDs, the rest 0 or NULL. */
void chitieu_load_opts_init(chitieu_load_opts *o);

/* Check the options a user gave: CHITIEU_EINVALID with a message naming the option
 * (a --map to an unknown column, a pair without '=', an unknown status or encoding). */
int chitieu_load_opts_check(const chitieu_load_opts *o);

/* The default markers of a missing figure, comma-separated (besides an empty cell). */
#define CHITIEU_LOAD_MISSING_DEFAULT "..,...,…,-,–,—,x,n.a.,KXĐ"

/* Load the `n` files at `paths` in one transaction.  *out receives a report
 * (caller frees with chitieu_load_report_free) whenever the return is
 * CHITIEU_OK or CHITIEU_EINVALID (data errors: nothing stored, see the
 * messages); other codes (CHITIEU_EIO unreadable file, CHITIEU_EBUSY store
 * locked, CHITIEU_EDB) leave *out NULL or partial and the store unchanged. */
int chitieu_load_files(chitieu_load_report **out, chitieu_store *st, const char *const *paths, size_t n,
                       const chitieu_load_opts *o);

/* Free a load report with its messages (from chitieu_load_files); NULL is allowed. */
void chitieu_load_report_free(chitieu_load_report *r);

#ifdef __cplusplus
}
#endif
#endif
