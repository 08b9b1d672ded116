/*
 * chitieu/chart.h — gnuplot charts of an indicator: observed values (official
 * and provisional/estimated marked differently), the trend fit, the projection
 * with shaded 80% and 95% bands, every target of the indicator drawn by shape,
 * status and probability, unit and source.
 *
 * A chart is a self-contained gnuplot script (theme from plots/theme.gp and the
 * data inline in datablocks), so the .gp file alone reproduces the image and
 * can be edited by hand.  Text that comes from data (names, units, sources,
 * file names) is only ever written inside single-quoted gnuplot strings with
 * line breaks removed, and enhanced-text processing is off: gnuplot performs
 * no backquote, macro or escape processing there, so no data can run a
 * command.  Many scripts are rendered by one gnuplot process (one per CPU for
 * large packs), not one per chart.
 */
#ifndef CHITIEU_CHART_H
#define CHITIEU_CHART_H

#include <stddef.h>
#include "chitieu/assess.h"
#include "chitieu/words.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    CHITIEU_CHART_PNG = 0, /* pngcairo, 1280x720 */
    CHITIEU_CHART_SVG,     /* svg, 1280x720 */
    CHITIEU_CHART_PDF,     /* pdfcairo, 16:9 */
    CHITIEU_CHART_GP       /* script only (it renders to PNG when run) */
} chitieu_chart_format;

/* Parse "png", "svg", "pdf" or "gp"; CHITIEU_EINVALID otherwise. */
int chitieu_chart_format_parse(chitieu_chart_format *out, const char *s);

/* File extension of the image of a format ("png", "svg", "pdf"; "png" for gp); static storage. */
const char *chitieu_chart_format_ext(chitieu_chart_format f);

/* What one chart shows.  Every pointer is borrowed; only `indicator` and
 * `series` are required; fields after `source` default to zero. */
typedef struct {
    const chitieu_indicator *indicator;
    const char *area_name;                /* display name of the area (NULL: none) */
    const chitieu_series *series;         /* observed values with status */
    const chitieu_projection *projection; /* fit and projection (NULL: none) */
    const chitieu_assessment *targets;    /* assessments of this indicator and area */
    size_t ntargets;
    const char *source;                   /* footnote (e.g. the sources of the figures) */
    chitieu_lang lang;                    /* language of every text (default Vietnamese) */
    const char *name;                     /* display name (NULL: the indicator's name, name_en in English) */
    const chitieu_series *versus;         /* exceeds: the series compared with, drawn and named (NULL: none) */
    const char *versus_name;              /* its display name (e.g. "Thu nhập bình quân (Việt Nam)") */
    int since;                            /* show history from this year at least (0: at most 15 years) */
} chitieu_chart;

/* Make a safe file-name stem from text: ASCII letters, digits, '-', '_' and '.'
 * kept, anything else '_', at most 100 bytes, never empty, never starting with
 * '.' or '-'.  *out is the caller's (free). */
int chitieu_chart_stem(char **out, const char *text);

/* Write the gnuplot script of chart `c` into *out (NUL-terminated, the
 * caller's: free).  The script sets the terminal of `fmt` and writes the image
 * to `image` (a path; quoted safely).  Returns CHITIEU_EINVALID for a chart
 * without indicator or series. */
int chitieu_chart_script(char **out, const chitieu_chart *c, chitieu_chart_format fmt,
                         const char *image);

/* Overview chart: one dot per assessment at its probability of attainment
 * (targets observed: 1 or 0), coloured by status, each row labelled by
 * labels[i] (e.g. "indicator name · area · 2025"; NULL: the codes); targets
 * without a probability (no data) get no dot and are counted in a note.
 * Texts in `lang`.  Same ownership and safety as chitieu_chart_script. */
int chitieu_chart_overview(char **out, const chitieu_assessment *as, const char *const *labels, size_t n,
                           chitieu_lang lang, chitieu_chart_format fmt, const char *image);

/* Run the scripts with gnuplot (from PATH) in directory `dir` (NULL: the
 * current one), so relative image names land there: one gnuplot process per
 * batch of charts (a batch per CPU, at most 4, at least 25 charts each; one
 * process for a small pack), never one process per chart.
 * Returns CHITIEU_ENOTFOUND when gnuplot cannot be run, CHITIEU_ERROR with
 * gnuplot's first error line when it fails. */
int chitieu_chart_render(const char *const *scripts, size_t n, const char *dir);

/* Whether gnuplot can be run (1) or not (0). */
int chitieu_chart_have_gnuplot(void);

#ifdef __cplusplus
}
#endif
#endif
