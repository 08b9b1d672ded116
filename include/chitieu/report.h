/*
 * chitieu/report.h — charts per indicator and area, the scorecard in words,
 * and the review-meeting pack: DIR/index.html (one self-contained page,
 * inline CSS, images as relative files, in Vietnamese or English) and
 * DIR/charts/ (a .gp script and an image per chart, plus an overview dot
 * plot of probabilities per plan).  Charts are rendered by one gnuplot
 * process per CPU.  Every text from data is HTML-escaped in the page and
 * single-quoted in the scripts (chitieu/chart.h).
 */
#ifndef CHITIEU_REPORT_H
#define CHITIEU_REPORT_H

#include <stddef.h>
#include "chitieu/assess.h"
#include "chitieu/chart.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    chitieu_chart_format format; /* image format (default svg) */
    int cutoff_year;             /* the assessments' cut-off (0: all data): series are cut too */
    int render;                  /* 1 (default): run gnuplot; 0: write the scripts only */
    const char *title;           /* page title (NULL: the plan's name for one plan, else a generic title) */
    chitieu_lang lang;           /* language of the page and the charts (default Vietnamese) */
    int since;                   /* charts show history from this year at least (0: at most 15 years) */
    const char *generated;       /* the date the pack carries, YYYY-MM-DD (NULL: today) */
    const char *deadline;        /* reporting deadline for plans that give none: "MM-DD" each year or
                                  * YYYY-MM-DD (NULL: "none set") */
} chitieu_report_opts;

/* Defaults: svg, all data, render, no title, Vietnamese, today. */
void chitieu_report_opts_init(chitieu_report_opts *o);

/* What a report or chart run wrote. */
typedef struct {
    size_t charts;   /* chart scripts written */
    size_t rendered; /* images rendered (0 when gnuplot was not run) */
    size_t targets;  /* scorecard rows */
} chitieu_report_counts;

/* One scorecard row in words (chitieu/words.h), as the pack's table and
 * `assess --format table` print it.  Strings are owned by the row
 * (chitieu_report_rows_free); the char arrays are "" when there is nothing
 * to say. */
typedef struct {
    char *name, *area, *unit, *goal; /* indicator name, area name, unit and goal in the language */
    char *agency;                    /* lead agency (NULL: none) */
    char *versus;                    /* exceeds: the series compared with, "name (area)" (NULL) */
    char target[320];                /* "năm 2025 ≥ 95%" */
    char last[128];                  /* "40,2% (2024)" */
    char so_far[256];                /* "bình quân 2021–2024: 5,80%/năm" (period targets not yet settled) */
    char outcome[256];               /* the quantity observed when settled, else projected "(dự báo)" */
    char band[160];                  /* "khoảng dự báo 80%: 40,4–41,1%" (projected only) */
    char pace[320];                  /* "cần ...; xu hướng ..." */
    char probability[24];            /* "4%", "dưới 1%" (projected only) */
    char why[320];                   /* no data: why, "thiếu số liệu năm 2018" (chitieu_words_no_data) */
    const char *status;              /* status name in the language (static) */
    int nobs;                        /* figures of the indicator in the area up to the cut-off */
} chitieu_report_row;

/* Phrase every assessment: (*out)[i] is as[i]'s row, in o->lang, with series cut
 * at o->cutoff_year (o NULL: defaults).  *out is the caller's: chitieu_report_rows_free. */
int chitieu_report_rows(chitieu_report_row **out, chitieu_store *st, const chitieu_assessment *as, size_t n,
                        const chitieu_report_opts *o);
void chitieu_report_rows_free(chitieu_report_row *rows, size_t n);

/* Write one chart per (indicator, area) of the assessments `as` (targets of one
 * pair share a chart) into DIR (created if missing): DIR/<indicator>_<area>.gp
 * and its image.  With n == 0 and `indicator`/`area` given, chart that series
 * alone with a 5-year projection.  `st` supplies names, units and series. */
int chitieu_report_charts(chitieu_report_counts *out, chitieu_store *st, const chitieu_assessment *as,
                          size_t n, const char *indicator, const char *area, const char *dir,
                          const chitieu_report_opts *o);

/* Write the pack for the assessments `as` into DIR (created if missing):
 * DIR/index.html (metadata; per plan its overview and the scorecard by goal;
 * what is owed by lead agency; the charts; the sources; A4 portrait print) and
 * DIR/charts/ (a script and image per indicator and area with figures, and
 * overview-<plan>.<ext> per plan).  The caller writes the scorecard CSV/JSON
 * next to it. */
int chitieu_report_write(chitieu_report_counts *out, chitieu_store *st, const chitieu_assessment *as,
                         size_t n, const char *dir, const chitieu_report_opts *o);

#ifdef __cplusplus
}
#endif
#endif
