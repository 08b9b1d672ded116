/*
 * chitieu/report.h — charts per indicator and area, and the review-meeting
 * pack: DIR/index.html (scorecard grouped by goal, then every chart; one
 * self-contained page, inline CSS, images as relative files) and
 * DIR/charts/ (a .gp script and an image per chart, plus the overview dot
 * plot of probability of attainment).  All charts are rendered by one
 * gnuplot process.  Every text from data is HTML-escaped in the page and
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
    chitieu_chart_format format; /* image format (default png) */
    int cutoff_year;             /* the assessments' cut-off (0: all data): series are cut too */
    int render;                  /* 1 (default): run gnuplot; 0: write the scripts only */
    const char *title;           /* page title (NULL: "Bảng theo dõi chỉ tiêu") */
} chitieu_report_opts;

/* Defaults: png, all data, render, no title. */
void chitieu_report_opts_init(chitieu_report_opts *o);

/* What a report or chart run wrote. */
typedef struct {
    size_t charts;   /* chart scripts written */
    size_t rendered; /* images rendered (0 when gnuplot was not run) */
    size_t targets;  /* scorecard rows */
} chitieu_report_counts;

/* Write one chart per (indicator, area) of the assessments `as` (targets of one
 * pair share a chart) into DIR (created if missing): DIR/<indicator>_<area>.gp
 * and its image.  With n == 0 and `indicator`/`area` given, chart that series
 * alone with a 5-year projection.  `st` supplies names, units and series. */
int chitieu_report_charts(chitieu_report_counts *out, chitieu_store *st, const chitieu_assessment *as,
                          size_t n, const char *indicator, const char *area, const char *dir,
                          const chitieu_report_opts *o);

/* Write the pack for the assessments `as` into DIR (created if missing):
 * DIR/index.html and DIR/charts/ (charts and overview).  The caller writes the
 * scorecard CSV/JSON next to it. */
int chitieu_report_write(chitieu_report_counts *out, chitieu_store *st, const chitieu_assessment *as,
                         size_t n, const char *dir, const chitieu_report_opts *o);

#ifdef __cplusplus
}
#endif
#endif
