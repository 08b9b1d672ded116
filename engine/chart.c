/*
 * chart.c — gnuplot scripts for indicator charts and the overview dot plot,
 * and rendering many scripts with one gnuplot process (chitieu/chart.h).
 *
 * Safety rule of this file: text that comes from data is written ONLY by
 * put_text(), which emits single-quoted gnuplot strings (apostrophes go in
 * double-quoted strings of apostrophes only, joined by '.'; control characters
 * and line breaks become spaces).  Gnuplot performs
 * no backquote (`cmd`) substitution, no @macro expansion and no backslash
 * processing inside single quotes, and the theme turns enhanced text off, so
 * data can neither run a command nor break out of the string.  Datablocks
 * hold numbers only.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include "chitieu/chart.h"
#include "internal.h"
#include "theme.h"

/* Parse a chart format name. */
int chitieu_chart_format_parse(chitieu_chart_format *out, const char *s)
{
    static const char *const names[] = {"png", "svg", "pdf", "gp"};
    for (int i = 0; s && i < 4; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (chitieu_chart_format)i;
            return CHITIEU_OK;
        }
    return chitieu__fail(CHITIEU_EINVALID, "unknown chart format '%s' (png, svg, pdf, gp)", s ? s : "");
}

/* Image extension of a format. */
const char *chitieu_chart_format_ext(chitieu_chart_format f)
{
    return f == CHITIEU_CHART_SVG ? "svg" : f == CHITIEU_CHART_PDF ? "pdf" : "png";
}

/* Safe file-name stem (see chart.h). */
int chitieu_chart_stem(char **out, const char *text)
{
    size_t n = text ? strlen(text) : 0;
    if (n > 100) n = 100;
    char *s = malloc(n + 2);
    if (!s) return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '_' || c == '.';
        s[j++] = ok ? (char)c : '_';
    }
    if (j == 0 || s[0] == '.' || s[0] == '-') {
        memmove(s + 1, s, j);
        s[0] = '_';
        j++;
    }
    s[j] = 0;
    *out = s;
    return CHITIEU_OK;
}

/* Write text as a single-quoted gnuplot string: the only way data reaches a script.
 * Tic labels are also printf formats to gnuplot: `tic` doubles '%' there. */
static void put_text_as(FILE *f, const char *s, int tic)
{
    /* gnuplot's scanner mis-reads doubled quotes in a row ('a '''' b' ends after
     * "a '", a leading '' is the empty string), so an apostrophe never goes in
     * single quotes: each run of them is a double-quoted string of apostrophes
     * only (nothing there to substitute or escape), joined to the single-quoted
     * pieces with gnuplot's '.' operator. */
    if (!s || !*s) {
        fputs("''", f);
        return;
    }
    for (int first = 1; *s; first = 0) {
        if (!first)
            fputc('.', f);
        size_t run = strspn(s, "'");
        if (run) {
            fprintf(f, "\"%.*s\"", (int)run, s);
            s += run;
            continue;
        }
        fputc('\'', f);
        for (; *s && *s != '\''; s++) {
            unsigned char c = (unsigned char)*s;
            if (c == '%' && tic) fputs("%%", f);
            else if (c < 0x20 || c == 0x7f) fputc(' ', f); /* no line break can end the command */
            else fputc(c, f);
        }
        fputc('\'', f);
    }
}

static void put_text(FILE *f, const char *s) { put_text_as(f, s, 0); }

/* The size in points of a format's font (the terminal's, which margins and offsets count in). */
static int term_points(chitieu_chart_format fmt)
{
    return fmt == CHITIEU_CHART_SVG ? 13 : fmt == CHITIEU_CHART_PDF ? 11 : 12;
}

/* Pixels of a chart's height a line of a format's font takes: gnuplot's GPVAL_TERM_YSIZE / GPVAL_TERM_VCHAR
 * on a 684-pixel chart gives 35 lines in SVG, 36 in PNG and 59 in PDF (whose points are of a page of the chart's
 * inches at 96 pixels each). */
static double term_line(chitieu_chart_format fmt)
{
    return fmt == CHITIEU_CHART_SVG ? 684 / 35.0 : fmt == CHITIEU_CHART_PDF ? 684 / 59.0 : 684 / 36.0;
}

/* How many of a format's lines make one SVG line (the margins are written in SVG lines, 684/35 pixels): PDF's
 * lines are shorter (59 to a chart's height), and a bottom margin of 10 of them left the key over the year labels;
 * PNG's nearly SVG's, kept at 1 (its charts as they were). */
static double margin_scale(chitieu_chart_format fmt)
{
    return fmt == CHITIEU_CHART_PDF ? term_line(CHITIEU_CHART_SVG) / term_line(fmt) : 1;
}

/* Terminal and output lines of a format; the image path is quoted like data. */
static void put_terminal(FILE *f, chitieu_chart_format fmt, const char *image, int width, int height)
{
    switch (fmt) {
    case CHITIEU_CHART_SVG: /* fixed size: a page scales it by its width, keeping the aspect */
        fprintf(f, "set terminal svg size %d,%d fixed font 'DejaVu Sans,%d' noenhanced\n", width, height,
                term_points(fmt));
        break;
    case CHITIEU_CHART_PDF:
        fprintf(f, "set terminal pdfcairo size %.2fin,%.2fin font 'DejaVu Sans,%d' noenhanced\n", width / 96.0,
                height / 96.0, term_points(fmt));
        break;
    default:
        fprintf(f, "set terminal pngcairo size %d,%d font 'DejaVu Sans,%d' noenhanced\n", width, height,
                term_points(fmt));
        break;
    }
    fputs("set output ", f);
    put_text(f, image);
    fputc('\n', f);
}

/* Colour of a status (the theme's line styles 11..16 carry the same colours). */
static const char *status_colour(chitieu_status s)
{
    static const char *const c[] = {"#1b7837", "#b2182b", "#5aae61", "#e08214", "#b2182b", "#969696"};
    return (s >= 0 && s < CHITIEU_STATUS_COUNT_) ? c[s] : "#969696";
}

/* The lowest and highest value drawn inside the x range: the y axis is set from them. */
typedef struct {
    double lo, hi;
    int x0, x1;
} yspan;

static void yadd(yspan *y, int x, double v)
{
    if (x < y->x0 || x > y->x1 || !isfinite(v)) return;
    if (v < y->lo) y->lo = v;
    if (v > y->hi) y->hi = v;
}

/* Whether a target's period is observed: its status says met or missed. */
static int settled(const chitieu_assessment *a)
{
    return a->status == CHITIEU_STATUS_ACHIEVED || a->status == CHITIEU_STATUS_MISSED;
}

/* One line describing a target (chitieu/words.h): "năm 2025 ≥ 45% — Chệch hướng, xác suất đạt 4%"; a
 * settled one gives what was observed instead of a probability, one without data why it has none. */
static void target_text(char *buf, size_t n, const chitieu_assessment *a, const chitieu_chart *c)
{
    chitieu_words_ctx ctx = {c->lang, c->indicator->unit, c->versus_name};
    char what[512], q[320];
    chitieu_words_target(what, sizeof what, &a->target, &ctx);
    const char *st = chitieu_words_status(a->status, c->lang);
    if (settled(a) && !isnan(a->projected))
        snprintf(buf, n, "%s — %s (%s)", what, st,
                 chitieu_words_quantity(q, sizeof q, &a->target, a->target.year, a->projected, 0, &ctx));
    else if (a->status == CHITIEU_STATUS_NO_DATA) /* and why: "thiếu số liệu năm 2018" */
        snprintf(buf, n, "%s — %s (%s)", what, st,
                 chitieu_words_no_data(q, sizeof q, &a->target, c->series, c->versus, &ctx));
    else if (isnan(a->probability))
        snprintf(buf, n, "%s — %s", what, st);
    else
        snprintf(buf, n, "%s — %s, %s %s", what, st, chitieu_words_text(CHITIEU_W_PROBABILITY, c->lang),
                 chitieu_words_probability(q, sizeof q, a->probability, c->lang));
}

/* A status line over a chart: the words of its first target, and how many targets say the same. */
typedef struct {
    size_t target, times;
    char text[1024];
} head_line;

/* Observed value of `year`, or NAN. */
static double obs_at(const chitieu_series *s, int year)
{
    long i = chitieu_series_find(s, year);
    return i >= 0 ? s->values[i] : NAN;
}

/* Whether t is a level for its target year alone ("năm 2025 ≥ 95%"): drawn as a marker at that year,
 * not as a line from an earlier year. */
static int one_year(const chitieu_target *t)
{
    switch (t->shape) {
    case CHITIEU_SHAPE_AT_LEAST: case CHITIEU_SHAPE_AT_MOST: case CHITIEU_SHAPE_RANGE: return 1;
    case CHITIEU_SHAPE_EACH_YEAR: case CHITIEU_SHAPE_AVG_RATE: return !(t->from && t->from < t->year);
    default: return 0;
    }
}

/* Datablock $t<i> of target i: the target drawn in value units (segments of x y rows,
 * blank lines between; a one-year level is its bounds at the target year, markers only);
 * returns 1 when something was written.  Range-like bounds also fill the band between low
 * and high: *has_band 1, columns x low high in $b<i> over the period; a one-year range is a
 * bar at its year instead, *has_band 2, columns x low 0 (high - low) for gnuplot's vectors.  end[k]: where
 * the marker of bound k (low, high) is drawn at the target year, NAN when none is. */
static int put_target(FILE *f, size_t i, const chitieu_assessment *a, const chitieu_series *s,
                      int *has_band, yspan *ys, double end[2])
{
    const chitieu_target *t = &a->target;
    double b[2] = {t->low, t->high};
    end[0] = end[1] = NAN;
    int first = s->n ? s->years[0] : t->year - 5, x0 = t->from ? t->from : t->year - 5;
    if (x0 < first && !t->from) x0 = first < t->year ? first : t->year - 1;
    int single = one_year(t);
    *has_band = 0;
    fprintf(f, "$t%zu << EOD\n", i);
    int wrote = 0;
    for (int k = 0; k < 2; k++) {
        if (isnan(b[k])) continue;
        if (single) {
            fprintf(f, "%d %.10g\n", t->year, b[k]);
            yadd(ys, t->year, b[k]);
            end[k] = b[k];
            wrote = 1;
            continue;
        }
        switch (t->shape) {
        case CHITIEU_SHAPE_AT_LEAST: case CHITIEU_SHAPE_AT_MOST: case CHITIEU_SHAPE_RANGE:
        case CHITIEU_SHAPE_EACH_YEAR: case CHITIEU_SHAPE_AVG_RATE:
            fprintf(f, "%d %.10g\n%d %.10g\n\n", x0, b[k], t->year, b[k]);
            yadd(ys, t->year, b[k]);
            end[k] = b[k];
            wrote = 1;
            break;
        case CHITIEU_SHAPE_CUMULATIVE: { /* the mean yearly value the sum needs */
            double m = b[k] / (t->year - t->from + 1);
            fprintf(f, "%d %.10g\n%d %.10g\n\n", t->from, m, t->year, m);
            yadd(ys, t->year, m);
            end[k] = m;
            wrote = 1;
            break;
        }
        case CHITIEU_SHAPE_AVG_GROWTH: case CHITIEU_SHAPE_AVG_CHANGE: { /* required path from the base */
            double base = obs_at(s, t->from - 1);
            if (isnan(base)) break;
            for (int y = t->from - 1; y <= t->year; y++) {
                int kk = y - (t->from - 1);
                double v = t->shape == CHITIEU_SHAPE_AVG_GROWTH ? base * pow(1 + b[k] / 100, kk)
                                                                : base + b[k] * kk;
                fprintf(f, "%d %.10g\n", y, v);
                yadd(ys, y, v);
                end[k] = v;
            }
            fputc('\n', f);
            wrote = 1;
            break;
        }
        case CHITIEU_SHAPE_RATIO_TO_BASE: {
            double base = obs_at(s, t->from);
            if (isnan(base)) break;
            fprintf(f, "%d %.10g\n%d %.10g\n\n", t->from, base, t->year, base * b[k]);
            yadd(ys, t->year, base * b[k]);
            end[k] = base * b[k];
            wrote = 1;
            break;
        }
        default: break; /* exceeds: the series compared with is drawn instead */
        }
    }
    fputs("EOD\n", f);
    int band = !isnan(t->low) && !isnan(t->high) &&
               (t->shape == CHITIEU_SHAPE_RANGE || t->shape == CHITIEU_SHAPE_EACH_YEAR ||
                t->shape == CHITIEU_SHAPE_AVG_RATE);
    if (band && single) {
        fprintf(f, "$b%zu << EOD\n%d %.10g 0 %.10g\nEOD\n", i, t->year, t->low, t->high - t->low);
        *has_band = 2;
    } else if (band) {
        fprintf(f, "$b%zu << EOD\n%d %.10g %.10g\n%d %.10g %.10g\nEOD\n", i, x0, t->low, t->high, t->year,
                t->low, t->high);
        *has_band = 1;
    }
    return wrote;
}

/* The shapes of markers drawn side by side in one year (gnuplot point types, filled): triangle (the targets' own,
 * plots/theme.gp line style 7), diamond, square, triangle down, pentagon. */
static const int side_shape[] = {9, 13, 5, 11, 15};

/* Markers of one-year targets inside the chart (target year before x1, whose labels tell the edge's) that would be
 * drawn on top of each other: the same year, one bound each, values closer than 6% of the frame's height `span`
 * (Viet Nam's 2025 GDP per person ≥ 4.700 and ≥ 4.900 USD).  Equal values are one marker (the same target from
 * several plans).  Each other marker of such a cluster gets its own place and shape: slot[i] 1 + its place among
 * the cluster's nslot[i] markers, id[i] the cluster (1 + the index of its first target); 0 for a marker drawn as
 * usual.  Insertion sort by value within a year: the targets of a chart are at most 64. */
static void side_by_side(const chitieu_chart *c, size_t nt, const int *drawn, double (*end)[2], int x1, double span,
                         int *slot, int *nslot, size_t *id)
{
    size_t idx[64], n;
    double v[64];
    for (size_t i = 0; i < nt; i++) slot[i] = nslot[i] = 0, id[i] = 0;
    for (size_t i = 0; i < nt; i++) {
        const chitieu_target *t = &c->targets[i].target;
        if (!drawn[i] || !one_year(t) || t->year >= x1 || isnan(end[i][0]) == isnan(end[i][1]) || id[i]) continue;
        n = 0; /* every such target of this year, by value */
        for (size_t j = i; j < nt; j++) {
            const chitieu_target *u = &c->targets[j].target;
            if (!drawn[j] || !one_year(u) || u->year != t->year || isnan(end[j][0]) == isnan(end[j][1])) continue;
            double w = isnan(end[j][0]) ? end[j][1] : end[j][0];
            size_t k = n++;
            for (; k > 0 && v[k - 1] > w; k--) v[k] = v[k - 1], idx[k] = idx[k - 1];
            v[k] = w, idx[k] = j;
        }
        for (size_t a = 0, b; a < n; a = b) { /* clusters: runs whose neighbours are closer than 6% */
            int places = 1;
            for (b = a + 1; b < n && v[b] - v[b - 1] < 0.06 * span; b++) places += v[b] != v[b - 1];
            for (size_t k = a, place = 0; k < b; k++) {
                place += k > a && v[k] != v[k - 1];
                id[idx[k]] = idx[a] + 1;
                if (places > 1) slot[idx[k]] = (int)place + 1, nslot[idx[k]] = places;
            }
        }
    }
}

/* Datablock $n<i>: what an average target needs in its years left after the last figure (the
 * required pace, docs/ASSESSMENT.md): the yearly rate or flow for avg_rate and cumulative, the
 * path from the last figure for avg_growth, ratio_to_base and avg_change.  Returns 1 when written, its value at
 * the target year (where its marker is) in *end. */
static int put_needed(FILE *f, size_t i, const chitieu_assessment *a, const chitieu_series *s, yspan *ys,
                      double *end)
{
    const chitieu_target *t = &a->target;
    double req = a->required_pace;
    if (settled(a) || !s->n || !isfinite(req) || t->year <= s->years[s->n - 1]) return 0;
    int last = s->years[s->n - 1];
    double lv = s->values[s->n - 1];
    int path = t->shape == CHITIEU_SHAPE_AVG_GROWTH || t->shape == CHITIEU_SHAPE_RATIO_TO_BASE ||
               t->shape == CHITIEU_SHAPE_AVG_CHANGE;
    if (!path && t->shape != CHITIEU_SHAPE_AVG_RATE && t->shape != CHITIEU_SHAPE_CUMULATIVE) return 0;
    fprintf(f, "$n%zu << EOD\n", i);
    int first = path ? last : t->from > last + 1 ? t->from : last + 1; /* a period may start after it */
    for (int y = first; y <= t->year; y++) {
        double v = !path ? req
                 : t->shape == CHITIEU_SHAPE_AVG_CHANGE ? lv + req * (y - last)
                 : lv * pow(1 + req / 100, y - last);
        fprintf(f, "%d %.10g\n", y, v);
        yadd(ys, y, v);
        *end = v;
    }
    fputs("EOD\n", f);
    return 1;
}

/* Whether what average target a needs is what its own line already shows: the level it asks over the years
 * left (a period not begun, or the pace it needs just what it asks), or, for a path from a base year (average
 * growth or change, a ratio to a base year), the path itself when the last figure of s is that base year. */
static int needs_target(const chitieu_assessment *a, const chitieu_series *s)
{
    const chitieu_target *t = &a->target;
    int last = s->n ? s->years[s->n - 1] : 0;
    if ((t->shape == CHITIEU_SHAPE_AVG_GROWTH || t->shape == CHITIEU_SHAPE_AVG_CHANGE) && last == t->from - 1) return 1;
    if (t->shape == CHITIEU_SHAPE_RATIO_TO_BASE && last == t->from) return 1;
    double req = a->required_pace, b[2] = {t->low, t->high};
    for (int k = 0; k < 2; k++) {
        double v = t->shape == CHITIEU_SHAPE_AVG_RATE ? b[k]
                 : t->shape == CHITIEU_SHAPE_CUMULATIVE ? b[k] / (t->year - t->from + 1) : NAN;
        if (isfinite(v) && fabs(req - v) <= 1e-9 * fmax(1, fabs(v))) return 1;
    }
    return 0;
}

/* The y axis from the values drawn: a round step (1, 2, 2.5 or 5 times a power of ten, about
 * six intervals), the range to whole steps, and every tic labelled by chitieu/words.h
 * (Vietnamese "1.234,5"), so the axis reads like the text.  The range drawn in *bottom, *top. */
static void put_yaxis(FILE *f, double lo, double hi, double bmin, double bmax, chitieu_lang lang, double *ybottom,
                      double *ytop)
{
    if (!(lo <= hi)) { lo = 0; hi = 1; }
    double drawn_lo = lo, drawn_hi = hi; /* before a single value is given room around it */
    if (!(hi - lo > 0)) {
        double m = fabs(hi) > 0 ? fabs(hi) * 0.1 : 1;
        lo -= m;
        hi += m;
    }
    /* a span of at least 5% of the largest magnitude drawn, so noise is not blown up into a trend (a share
     * at 99.99% and its target of 100% are drawn on 95..100, not 99.988..100): a tighter span is widened
     * about its middle, then moved back inside a bound of the indicator; a wider one is left as it is */
    double span_min = 0.05 * fmax(fabs(lo), fabs(hi));
    int widened = hi - lo < span_min;
    if (widened) {
        double mid = (lo + hi) / 2;
        lo = mid - span_min / 2;
        hi = mid + span_min / 2;
        if (isfinite(bmax) && hi > bmax && drawn_hi <= bmax) { lo -= hi - bmax; hi = bmax; }
        if (isfinite(bmin) && lo < bmin && drawn_lo >= bmin) { hi += bmin - lo; lo = bmin; }
    }
    double raw = (hi - lo) / 6, mag = pow(10, floor(log10(raw))), step = 10 * mag;
    static const double mult[] = {1, 2, 2.5, 5};
    for (size_t k = 0; k < 4; k++)
        if (mult[k] * mag >= raw) { step = mult[k] * mag; break; }
    double t0 = floor(lo / step) * step, t1 = ceil(hi / step) * step;
    /* a point on or just above the x axis is half hidden: the lowest value within 12% of a step above the
     * bottom tic (a marker's radius on a 640-pixel chart of six steps) gets a step below it (not when the span
     * was widened: nothing is drawn at its bottom) */
    if (!widened && lo > 0 && lo - t0 < step * 0.12) t0 = fmax(0, t0 - step);
    /* no tic past a bound of the indicator (a share drawn at 100% labels no 105 or 110): the axis stops a
     * quarter step beyond the bound, room for a marker drawn on it */
    double top = t1, bottom = t0;
    if (isfinite(bmax) && t1 > bmax && drawn_hi <= bmax) { t1 = floor(bmax / step) * step; top = bmax + step / 4; }
    if (isfinite(bmin) && t0 < bmin && drawn_lo >= bmin) { t0 = ceil(bmin / step) * step; bottom = bmin - step / 4; }
    int dec = 0;
    while (dec < 6 && fabs(step * pow(10, dec) - round(step * pow(10, dec))) > 1e-6) dec++;
    fprintf(f, "set yrange [%.10g:%.10g]\nset ytics (", bottom, top);
    *ybottom = bottom;
    *ytop = top;
    long nt = lround((t1 - t0) / step);
    for (long k = 0; k <= nt; k++) {
        char lab[64];
        double v = t0 + (double)k * step;
        chitieu_words_number(lab, sizeof lab, v, dec, lang);
        if (k) fputs(", ", f);
        put_text_as(f, lab, 1);
        fprintf(f, " %.10g", v);
    }
    fputs(")\n", f);
}

/* The name a chart shows: given, else the indicator's in the language. */
static const char *chart_name(const chitieu_chart *c)
{
    const chitieu_indicator *ind = c->indicator;
    if (c->name) return c->name;
    const char *n = chitieu_words_pick(ind->name, ind->name_en, c->lang);
    return n ? n : ind->code;
}

/* Length in bytes of the first line of s when a line holds at most max characters: up to the last blank that
 * fits (a word longer than a line is cut at a whole character); all of s when it fits. */
static size_t line_length(const char *s, size_t max)
{
    size_t chars = 0, blank = 0, i = 0;
    for (; s[i]; i++) {
        if (((unsigned char)s[i] & 0xC0) == 0x80) continue; /* inside a character */
        if ((unsigned char)s[i] <= ' ') blank = i; /* a blank just past the last character that fits ends the line */
        if (chars == max) return blank ? blank : i;
        chars++;
    }
    return i;
}

#define CAVEAT_LINES 3
#define CAVEAT_WIDTH 150 /* characters of a line at font 9 that fit in 1100 px (about 6.3 px each, rendered) */

/* The indicator's caveat (chitieu_words_note, data: quoted by put_text like every text) under the chart, above
 * the sources line: "Lưu ý: ..." in at most three lines (the last cut with "…"), the bottom margin and the key
 * raised by as many lines.  Returns the number of lines. */
static size_t put_caveat(FILE *f, const chitieu_chart *c, int height, chitieu_chart_format fmt)
{
    const char *note = chitieu_words_note(c->indicator, c->lang);
    if (!note) return 0;
    char text[1400], line[CAVEAT_LINES][800];
    snprintf(text, sizeof text, "%s: %s", chitieu_words_text(CHITIEU_W_CAVEAT, c->lang), note);
    chitieu_words_cut(text, sizeof text, text, sizeof text); /* a text cut by snprintf ends at a whole character */
    const char *rest = text;
    size_t n = 0;
    for (; n < CAVEAT_LINES && *rest; n++) {
        while (*rest && (unsigned char)*rest <= ' ') rest++;
        size_t len = n + 1 < CAVEAT_LINES ? line_length(rest, CAVEAT_WIDTH) : strlen(rest);
        snprintf(line[n], sizeof line[n], "%.*s", (int)len, rest); /* the last line may be cut here: */
        if (chitieu_words_width(line[n]) > CAVEAT_WIDTH) /* ... shortened to whole characters and "…" */
            chitieu_words_cut(line[n], sizeof line[n], line[n], CAVEAT_WIDTH - 1);
        rest += len;
        while (*rest && (unsigned char)*rest <= ' ') rest++;
    }
    const double px = 15.0; /* a line of font 9 */
    for (size_t k = 0; k < n; k++) {
        fprintf(f, "set label %zu ", 4 + k);
        put_text(f, line[k]);
        fprintf(f, " at screen 0.01, screen %.4f left font ',9' textcolor rgb '#7f2704'\n",
                (8.0 + px * (double)(n - k)) / height);
    }
    fprintf(f, "set bmargin %g\nset key at screen 0.5, screen %.4f\n", (double)(10 + n) * margin_scale(fmt),
            (0.16 * height + px * (double)n) / height); /* the theme's key top, raised */
    return n;
}

/* A label at the right edge of a chart: the value of a marker drawn there (a target, or what one needs), its
 * words, its colour and where it is put (`at`, in lines of the terminal's font above the x axis). */
typedef struct {
    double y, at;
    char text[64];
    const char *colour;
} edge_label;

#define EDGE_LABELS 16 /* the most labelled: 16 lines fill the frame of a 640-pixel chart */

/* The number of a marker's value v: as the plan wrote it (`how` 1: a target's own bound, up to 4 decimals: 7,
 * 62,25), to at most three significant digits (0: a level the target implies, 1,8) or to three (2: a pace needed,
 * "9,50" as the scorecard writes it). */
static char *edge_number(char *buf, size_t n, double v, int how, chitieu_lang lang)
{
    int most = how == 1 ? 4 : chitieu_words_decimals(v, 0), d = 0;
    for (double p = 1; d < most && fabs(v * p - round(v * p)) > 1e-6 * fmax(1, fabs(v * p)); p *= 10) d++;
    return chitieu_words_number(buf, n, v, how == 2 ? most : d, lang);
}

/* Spread labels l (n, sorted by y) so that no two are closer than `gap`: each run that would overlap is centred
 * on the mean of where its markers are, then all are kept within [lo, hi]. */
static void edge_spread(edge_label *l, size_t n, double gap, double lo, double hi)
{
    size_t start[EDGE_LABELS], count[EDGE_LABELS], nc = 0;
    double sum[EDGE_LABELS];
    for (size_t i = 0; i < n; i++) {
        start[nc] = i, count[nc] = 1, sum[nc] = l[i].at, nc++;
        while (nc > 1) { /* the last run overlaps the one below it: one run */
            size_t a = nc - 2, b = nc - 1;
            double top_a = sum[a] / (double)count[a] + gap * (double)(count[a] - 1) / 2;
            double bottom_b = sum[b] / (double)count[b] - gap * (double)(count[b] - 1) / 2;
            if (bottom_b - top_a >= gap) break;
            count[a] += count[b], sum[a] += sum[b], nc--;
        }
    }
    for (size_t r = 0; r < nc; r++)
        for (size_t k = 0; k < count[r]; k++)
            l[start[r] + k].at = sum[r] / (double)count[r] + gap * ((double)k - (double)(count[r] - 1) / 2);
    for (size_t i = 0; i < n; i++) {
        double min = i ? l[i - 1].at + gap : lo;
        if (l[i].at < min) l[i].at = min;
    }
    for (size_t i = n; i-- > 0;) {
        double max = i + 1 < n ? l[i + 1].at - gap : hi;
        if (l[i].at > max) l[i].at = max;
    }
}

/* qsort order of edge labels: by the height of their markers. */
static int edge_cmp(const void *a, const void *b)
{
    double x = ((const edge_label *)a)->y, y = ((const edge_label *)b)->y;
    return (x > y) - (x < y);
}

/* Add to l (*n labels) the label of a marker at the right edge: the words of its value (a target's lo, hi: a range
 * is one label between its bounds, "≥ " lo or "≤ " hi when the other is NAN; a pace, lo alone) and the symbol of a
 * share unit ("%", "‰"), in `colour`; none when a label is at the same height already. */
static void edge_add(edge_label *l, size_t *n, double lo, double hi, int written, int pace, const char *colour,
                     const chitieu_chart *c)
{
    double y = pace ? lo : isnan(lo) ? hi : isnan(hi) ? lo : (lo + hi) / 2;
    if (!isfinite(y) || *n >= EDGE_LABELS) return;
    for (size_t k = 0; k < *n; k++) /* the same target from several plans, a pace ending on its target */
        if (fabs(l[k].y - y) <= 1e-9 * fmax(1, fabs(y))) return;
    const char *u = c->indicator->unit;
    const char *sym = !u ? "" : u[0] == '%' ? "%" : !strncmp(u, "‰", strlen("‰")) ? "‰" : "";
    char a[40], b[40];
    edge_label e = {y, 0, "", colour};
    if (pace) snprintf(e.text, sizeof e.text, "%s%s", edge_number(a, sizeof a, lo, 2, c->lang), sym);
    else if (isnan(hi)) snprintf(e.text, sizeof e.text, "≥ %s%s", edge_number(a, sizeof a, lo, written, c->lang), sym);
    else if (isnan(lo)) snprintf(e.text, sizeof e.text, "≤ %s%s", edge_number(a, sizeof a, hi, written, c->lang), sym);
    else snprintf(e.text, sizeof e.text, "%s–%s%s", edge_number(a, sizeof a, lo, written, c->lang),
                  edge_number(b, sizeof b, hi, written, c->lang), sym);
    l[(*n)++] = e;
}

/* The value of every target and required pace whose marker is at the chart's right edge, year x1 (several plans'
 * 2030 targets and what they need stack there: Viet Nam's GDP growth 7%, 7,82%, 8%, 9,5% and 10%): a label
 * each in the right margin, in its marker's colour, spread so that no two are on top of each other, and the
 * margin widened to hold them.  bottom..top: the y range; tmargin and bmargin (lines) give the frame's height. */
static void put_edge_labels(FILE *f, const chitieu_chart *c, size_t nt, const int *drawn, double (*end)[2],
                            const int *need, const double *nend, int x1, double bottom, double top,
                            chitieu_chart_format fmt, int height, double tmargin, double bmargin)
{
    edge_label l[EDGE_LABELS];
    size_t n = 0;
    for (int pace = 0; pace < 2; pace++) /* the targets first: a pace ending on a target is told by its label */
        for (size_t i = 0; i < nt; i++) {
            const chitieu_target *t = &c->targets[i].target;
            if (t->year != x1) continue;
            /* a level the plan wrote (the bound itself), else one it implies (a path's end, a sum's yearly mean) */
            int written = (isnan(t->low) || end[i][0] == t->low) && (isnan(t->high) || end[i][1] == t->high);
            if (!pace && drawn[i]) edge_add(l, &n, end[i][0], end[i][1], written, 0, "#b2182b", c); /* style 7 */
            if (pace && need[i]) edge_add(l, &n, nend[i], NAN, 0, 1, "#d95f02", c);              /* style 9 */
        }
    double frame = (double)height / term_line(fmt) - tmargin - bmargin, size = 11.0 / term_points(fmt);
    if (!n || !(top > bottom) || !(frame > 1)) return;
    qsort(l, n, sizeof *l, edge_cmp);
    size_t widest = 0;
    for (size_t k = 0; k < n; k++) {
        l[k].at = (l[k].y - bottom) / (top - bottom) * frame;
        size_t w = chitieu_words_width(l[k].text);
        if (w > widest) widest = w;
    }
    edge_spread(l, n, size + 0.2, 0, frame); /* a label at font 11 (the key's), in lines, and a gap */
    for (size_t k = 0; k < n; k++) {
        fprintf(f, "set label %zu ", 20 + k);
        put_text(f, l[k].text);
        fprintf(f, " at first %d, first %.10g left offset character 1.8, 0 font ',11' textcolor rgb '%s'\n", x1,
                bottom + l[k].at / frame * (top - bottom), l[k].colour);
    }
    /* room right of the frame: the offset, the widest label (a letter about a character of its size), one more */
    int margin = (int)ceil(1.8 + size * (double)widest + 1);
    fprintf(f, "set rmargin %d\n", margin > 4 ? margin : 4);
}

/* Script of one chart (see chart.h). */
int chitieu_chart_script(char **out, const chitieu_chart *c, chitieu_chart_format fmt, const char *image)
{
    *out = NULL;
    if (!c || !c->indicator || !c->series || !image)
        return chitieu__fail(CHITIEU_EINVALID, "chart: indicator, series and image are required");
    const chitieu_indicator *ind = c->indicator;
    const chitieu_series *s = c->series, *vs = c->versus;
    const chitieu_projection *p = c->projection;
    chitieu_lang lang = c->lang;
#define W(id) chitieu_words_text(CHITIEU_W_##id, lang)
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return chitieu__fail(CHITIEU_ENOMEM, "chart: out of memory");

    fputs("# chitieu chart — generated script; theme from plots/theme.gp, data inline.\n"
          "# Run `gnuplot FILE.gp` to redraw the image; edit freely.\n"
          "reset session\n", f);
    /* one status line per distinct target: the same target set by several plans (Viet Nam's agricultural
     * labour <= 20% in 2030: the 2021-2030 strategy, the master plan, the XIV Congress) is one line, "(3 kế
     * hoạch)", not three alike */
    head_line *hl = calloc(c->ntargets ? c->ntargets : 1, sizeof *hl);
    if (!hl) { fclose(f); free(buf); return chitieu__fail(CHITIEU_ENOMEM, "chart: out of memory"); }
    size_t nlines = 0, line_of[64] = {0}; /* the status line of each of the first 64 targets */
    for (size_t i = 0; i < c->ntargets; i++) {
        head_line *h = &hl[nlines]; /* written first, kept when no line before says the same */
        target_text(h->text, sizeof h->text, &c->targets[i], c);
        chitieu_words_cut(h->text, sizeof h->text, h->text, sizeof h->text);
        size_t j = 0;
        while (j < nlines && strcmp(hl[j].text, h->text)) j++;
        if (j < nlines) hl[j].times++;
        else { h->target = i; h->times = 1; nlines++; }
        if (i < 64) line_of[i] = j;
    }
    size_t nshown = nlines < 4 ? nlines : 4, told = 0;
    /* 1100 px wide: two to an A4 page with the text still at 7-8 points */
    int height = 640 + (nshown > 2 ? (int)(nshown - 2) * 22 : 0);
    put_terminal(f, fmt, image, 1100, height);
    fputs(chitieu__theme, f);
    const double tmargin = (3.5 + 1.3 * (double)nshown) * margin_scale(fmt);
    fprintf(f, "set tmargin %.1f\nset bmargin %g\n", tmargin, 10 * margin_scale(fmt));

    /* title: indicator name and area; one status line per target (at most 4) */
    char title[1024];
    snprintf(title, sizeof title, "%s%s%s", chart_name(c), c->area_name ? " — " : "", c->area_name ? c->area_name : "");
    chitieu_words_cut(title, sizeof title, title, sizeof title); /* a long name: cut at a whole character */
    fputs("set title ", f);
    put_text(f, title);
    fprintf(f, " font ',16' offset 0,%.1f\n", 1.3 * (double)nshown - 0.3);
    size_t shortest = 0, least = SIZE_MAX; /* the row with the fewest characters: room for "+N" at its right */
    for (size_t i = 0; i < nshown; i++) {
        char line[1200];
        if (hl[i].times > 1) snprintf(line, sizeof line, "%s (%zu %s)", hl[i].text, hl[i].times, W(PLANS));
        else snprintf(line, sizeof line, "%s", hl[i].text);
        chitieu_words_cut(line, sizeof line, line, sizeof line);
        size_t chars = 0;
        for (const char *q = line; *q; q++) chars += ((unsigned char)*q & 0xC0) != 0x80;
        if (chars < least) { least = chars; shortest = i; }
        fprintf(f, "set label %zu ", 10 + i);
        put_text(f, line);
        fprintf(f, " at graph 0, graph 1 offset 0,%.1f left font ',12' textcolor rgb '%s'\n",
                0.8 + 1.3 * (double)(nshown - 1 - i), status_colour(c->targets[hl[i].target].status));
        told += hl[i].times;
    }
    free(hl);
    if (c->ntargets > told) {
        char more[128];
        size_t rest = c->ntargets - told;
        snprintf(more, sizeof more, "… +%zu %s", rest, rest == 1 ? W(MORE_TARGET) : W(MORE_TARGETS));
        fputs("set label 19 ", f);
        put_text(f, more);
        fprintf(f, " at graph 1, graph 1 offset 0,%.1f right font ',11'\n", 0.8 + 1.3 * (double)(nshown - 1 - shortest));
    }
    fputs("set ylabel ", f);
    put_text(f, chitieu_words_unit(ind->unit, lang));
    fputs("\nset xlabel ", f);
    put_text(f, W(YEAR));
    fputc('\n', f);
    if (c->source && *c->source) { /* one line under the chart: long lists are cut (the pack lists them all) */
        char src[1200];
        snprintf(src, sizeof src, "%s: %s", W(SOURCE), c->source);
        /* at font 9 a character is about 6.4 pixels in PNG and PDF, 4.9 in SVG: 165 or 190 fit in 1100 */
        chitieu_words_cut(src, sizeof src, src, fmt == CHITIEU_CHART_SVG ? 190 : 165);
        fputs("set label 2 ", f);
        put_text(f, src);
        fputs(" at screen 0.01, screen 0.012 left font ',9' textcolor rgb '#555555'\n", f);
    }
    size_t caveat_lines = put_caveat(f, c, height, fmt);
    if (!s->n) {
        fputs("set label 3 ", f);
        put_text(f, W(NO_FIGURES));
        fputs(" at graph 0.5, graph 0.5 center font ',20' textcolor rgb '#969696'\n", f);
    }

    /* x range: from the base year of every target (the earliest year it needs) and the first
     * figure -- at most 15 years before the last one, unless `since` asks for more -- to the last
     * projected or target year */
    int x0 = INT_MAX, x1 = INT_MIN;
    for (size_t i = 0; i < c->ntargets; i++) {
        const chitieu_target *t = &c->targets[i].target;
        int start = t->from ? t->from - 1 : t->year - 5;
        if (start < x0) x0 = start;
        if (t->year > x1) x1 = t->year;
    }
    if (s->n) {
        int last = s->years[s->n - 1], first = s->years[0] > last - 15 ? s->years[0] : last - 15;
        if (c->since && c->since < first) first = c->since > s->years[0] ? c->since : s->years[0];
        if (first < x0) x0 = first;
        if (last > x1) x1 = last;
        if (p && p->h && p->first_year + (int)p->h - 1 > x1) x1 = p->first_year + (int)p->h - 1;
    }
    if (c->since && c->since < x0 && x0 != INT_MAX) x0 = c->since;
    if (x0 == INT_MAX) x0 = x1 = 0;
    if (x1 <= x0) x1 = x0 + 1;
    /* 0.3 of a year beyond the first and last years, so a marker there is not cut by the y axis (gnuplot
     * applies the theme's offsets only to an autoscaled axis); the tics stay on whole years */
    fprintf(f, "set xrange [%.1f:%.1f]\n", x0 - 0.3, x1 + 0.3);
    if (x1 - x0 > 20) fprintf(f, "set xtics %d\n", (x1 - x0 + 19) / 20 * 1);
    yspan ys = {INFINITY, -INFINITY, x0, x1};

    /* data */
    int nA = 0, nP = 0, nD = 0;
    fputs("$obs << EOD\n", f); /* a blank line at a missing year: the line stops, the gap shows */
    for (size_t i = 0; i < s->n; i++) {
        if (i && s->years[i] > s->years[i - 1] + 1) fputc('\n', f);
        fprintf(f, "%d %.10g\n", s->years[i], s->values[i]);
        yadd(&ys, s->years[i], s->values[i]);
    }
    fputs("EOD\n$obsA << EOD\n", f);
    for (size_t i = 0; i < s->n; i++)
        if (!s->status || s->status[i] == 'A') { fprintf(f, "%d %.10g\n", s->years[i], s->values[i]); nA++; }
    fputs("EOD\n$obsP << EOD\n", f);
    for (size_t i = 0; i < s->n; i++)
        if (s->status && s->status[i] != 'A' && s->status[i] != 'D') { fprintf(f, "%d %.10g\n", s->years[i], s->values[i]); nP++; }
    fputs("EOD\n$obsD << EOD\n", f); /* rebuilt from former or lower areas (chitieu/areas.h) */
    for (size_t i = 0; i < s->n; i++)
        if (s->status && s->status[i] == 'D') { fprintf(f, "%d %.10g\n", s->years[i], s->values[i]); nD++; }
    fputs("EOD\n", f);
    int have_vs = vs && vs->n;
    if (have_vs) {
        fputs("$vs << EOD\n", f);
        for (size_t i = 0; i < vs->n; i++) {
            fprintf(f, "%d %.10g\n", vs->years[i], vs->values[i]);
            yadd(&ys, vs->years[i], vs->values[i]);
        }
        fputs("EOD\n", f);
    }
    int have_fit = 0, have_proj = p && p->h && s->n;
    if (p && p->fitted && p->n == s->n) {
        fputs("$fit << EOD\n", f);
        for (size_t i = 0; i < s->n; i++)
            if (isfinite(p->fitted[i])) { fprintf(f, "%d %.10g\n", s->years[i], p->fitted[i]); have_fit = 1; }
        fputs("EOD\n", f);
    }
    if (have_proj) {
        double lv = s->values[s->n - 1];
        fputs("$proj << EOD\n", f);
        fprintf(f, "%d %.10g %.10g %.10g %.10g %.10g\n", s->years[s->n - 1], lv, lv, lv, lv, lv);
        for (size_t k = 0; k < p->h; k++) {
            int y = p->first_year + (int)k;
            fprintf(f, "%d %.10g %.10g %.10g %.10g %.10g\n", y, p->point[k], p->lo80[k], p->hi80[k], p->lo95[k],
                    p->hi95[k]);
            yadd(&ys, y, p->lo80[k]); /* the 95% band may run off the frame: it must not flatten the data */
            yadd(&ys, y, p->hi80[k]);
        }
        fputs("EOD\n", f);
    }
    int drawn[64] = {0}, band[64] = {0}, need[64] = {0}, slot[64] = {0}, nslot[64] = {0};
    size_t cluster[64] = {0};
    double end[64][2], nend[64];
    size_t nt = c->ntargets < 64 ? c->ntargets : 64;
    char *nblock[64] = {0}; /* the $n<i> datablocks, compared before they are written */
    for (size_t i = 0; i < nt; i++) {
        drawn[i] = put_target(f, i, &c->targets[i], s, &band[i], &ys, end[i]);
        nend[i] = NAN;
        /* what a target needs, only for a target a status line tells (GDP growth: 4 lines over 10 targets),
         * not when it is the target line itself (a period not begun needs its target), and once for lines
         * that coincide (the same pace to the same year set by several plans) */
        size_t nlen = 0;
        FILE *m = line_of[i] < nshown ? open_memstream(&nblock[i], &nlen) : NULL;
        if (!m) continue;
        need[i] = put_needed(m, i, &c->targets[i], s, &ys, &nend[i]);
        if (fclose(m) != 0 || !nblock[i]) { need[i] = 0; continue; }
        if (need[i] && needs_target(&c->targets[i], s)) need[i] = 0;
        for (size_t j = 0; need[i] && j < i; j++)
            if (need[j] && !strcmp(strchr(nblock[j], '\n'), strchr(nblock[i], '\n'))) need[i] = 0;
        if (need[i]) fputs(nblock[i], f);
    }
    for (size_t i = 0; i < nt; i++) free(nblock[i]);
    if (s->n || have_vs) {
        double bmin, bmax; /* the bounds the trend is projected within: declared, else 0..100 for a % */
        chitieu_assess_trend_bounds(&bmin, &bmax, ind, NULL);
        double bottom, top;
        put_yaxis(f, ys.lo, ys.hi, bmin, bmax, lang, &bottom, &top);
        put_edge_labels(f, c, nt, drawn, end, need, nend, x1, bottom, top, fmt, height,
                        tmargin, (10 + (double)caveat_lines) * margin_scale(fmt));
        side_by_side(c, nt, drawn, end, x1, top - bottom, slot, nslot, cluster);
    }

    /* plot: bands first, then fit, projection, targets, observations on top */
    const char *sep = "plot ";
#define TITLE(id) do { fputs(" title ", f); put_text(f, W(id)); } while (0)
    if (have_proj) {
        fprintf(f, "%s$proj using 1:5:6 with filledcurves ls 6", sep);
        TITLE(BAND95);
        fputs(", \\\n     $proj using 1:3:4 with filledcurves ls 5", f);
        TITLE(BAND80);
        fputs(", \\\n", f);
        sep = "     ";
    }
    int target_titled = 0;
    for (size_t i = 0; i < nt; i++)
        if (band[i]) {
            if (band[i] == 2) /* a one-year range: a bar at its year */
                fprintf(f, "%s$b%zu using 1:2:3:4 with vectors nohead ls 8 lw 9", sep, i);
            else fprintf(f, "%s$b%zu using 1:2:3 with filledcurves ls 8 fs transparent solid 0.35", sep, i);
            if (target_titled) fputs(" notitle", f); else TITLE(TARGET_BAND);
            fputs(", \\\n", f);
            target_titled = 1;
            sep = "     ";
        }
    if (have_fit) { fprintf(f, "%s$fit using 1:2 with lines ls 3", sep); TITLE(FIT); fputs(", \\\n", f); sep = "     "; }
    if (have_proj) { fprintf(f, "%s$proj using 1:2 with lines ls 4", sep); TITLE(FORECAST); fputs(", \\\n", f); sep = "     "; }
    int tl = 0, nl = 0;
    for (size_t i = 0; i < nt; i++) {
        if (drawn[i] && slot[i]) { /* beside the others of its year, its own shape, named by its words */
            int first = 1;
            for (size_t j = 0; j < i; j++) first &= !(cluster[j] == cluster[i] && slot[j] == slot[i]);
            fprintf(f, "%s$t%zu using ($1%+.3f):2 with points ls 7 pt %d ps 1.4", sep, i, /* 0.44 of a year apart */
                    ((slot[i] - 1) - (nslot[i] - 1) / 2.0) * 0.44,
                    side_shape[(slot[i] - 1) % (int)(sizeof side_shape / sizeof *side_shape)]);
            if (first) {
                chitieu_words_ctx ctx = {lang, ind->unit, c->versus_name};
                char what[512], key[600];
                chitieu_words_target(what, sizeof what, &c->targets[i].target, &ctx);
                snprintf(key, sizeof key, "%s: %s", W(TARGET), what);
                chitieu_words_cut(key, sizeof key, key, sizeof key);
                fputs(" title ", f);
                put_text(f, key);
            } else {
                fputs(" notitle", f);
            }
            fputs(", \\\n", f);
            sep = "     ";
        } else if (drawn[i] && one_year(&c->targets[i].target)) { /* markers at the target year only */
            fprintf(f, "%s$t%zu using 1:2 with points ls 7", sep, i);
            if (tl) fputs(" notitle", f); else TITLE(TARGET);
            fputs(", \\\n", f);
            tl = 1;
            sep = "     ";
        } else if (drawn[i]) {
            fprintf(f, "%s$t%zu using 1:2 with lines ls 7", sep, i);
            if (tl) fputs(" notitle", f); else TITLE(TARGET);
            /* marker at the target year: the last point of each segment */
            fprintf(f, ", \\\n     $t%zu using ($1 == %d ? $1 : NaN):2 with points ls 7 notitle, \\\n", i,
                    c->targets[i].target.year);
            tl = 1;
            sep = "     ";
        }
        if (need[i]) { /* a line and one marker at the target year; the key shows both, once */
            if (!nl) {
                fprintf(f, "%sNaN with linespoints ls 9", sep);
                TITLE(NEEDED);
                fputs(", \\\n", f);
                sep = "     ";
            }
            fprintf(f, "%s$n%zu using 1:2 with lines ls 9 notitle, \\\n"
                       "     $n%zu using ($1 == %d ? $1 : NaN):2 with points ls 9 notitle, \\\n", sep, i, i,
                    c->targets[i].target.year);
            nl = 1;
            sep = "     ";
        }
    }
    if (have_vs) {
        char vname[600];
        snprintf(vname, sizeof vname, "%s: %s", W(COMPARED), c->versus_name && *c->versus_name ? c->versus_name : "?");
        chitieu_words_cut(vname, sizeof vname, vname, sizeof vname);
        fprintf(f, "%s$vs using 1:2 with linespoints ls 10 title ", sep);
        put_text(f, vname);
        fputs(", \\\n", f);
        sep = "     ";
    }
#undef TITLE
    if (s->n) {
        fprintf(f, "%s$obs using 1:2 with lines ls 1 lw 1 notitle", sep);
        if (nA) { fputs(", \\\n     $obsA using 1:2 with points ls 1 title ", f); put_text(f, W(OFFICIAL)); }
        if (nP) { fputs(", \\\n     $obsP using 1:2 with points ls 2 title ", f); put_text(f, W(PROVISIONAL)); }
        if (nD) { fputs(", \\\n     $obsD using 1:2 with points ls 17 title ", f); put_text(f, W(REBUILT)); }
    } else if (tl || nl || have_vs) {
        fputs("     NaN notitle", f); /* closes the plot list the targets opened */
    } else { /* nothing to scale the axes on: an empty frame */
        fputs("set yrange [0:1]\nset ytics format ''\nplot NaN notitle", f);
    }
    fputs("\nunset output\n", f);
#undef W
    if (fclose(f) != 0 || !buf) {
        free(buf);
        return chitieu__fail(CHITIEU_ENOMEM, "chart: out of memory");
    }
    *out = buf;
    return CHITIEU_OK;
}

/* A target without a probability to plot: no data, or none computable. */
static int no_probability(const chitieu_assessment *a)
{
    return a->status == CHITIEU_STATUS_NO_DATA || isnan(a->probability);
}

/* Overview dot plot (see chart.h): one row per target with a probability; the
 * others are counted in a label under the title (a dot at 0% would read as a
 * probability). */
int chitieu_chart_overview(char **out, const chitieu_assessment *as, const char *const *labels, size_t n,
                           chitieu_lang lang, chitieu_chart_format fmt, const char *image)
{
    *out = NULL;
    if (!image) return chitieu__fail(CHITIEU_EINVALID, "overview: image is required");
    size_t rows = 0, widest = 10;
    char lab[512];
    for (size_t i = 0; i < n; i++) {
        if (no_probability(&as[i])) continue;
        rows++;
        if (labels && labels[i] && chitieu_words_width(labels[i]) > widest) widest = chitieu_words_width(labels[i]);
        if (!labels) {
            snprintf(lab, sizeof lab, "%s · %s · %d", as[i].target.indicator ? as[i].target.indicator : "",
                     as[i].target.area ? as[i].target.area : "", as[i].target.year);
            chitieu_words_cut(lab, sizeof lab, lab, sizeof lab); /* long codes cut by snprintf: whole characters */
            if (chitieu_words_width(lab) > widest) widest = chitieu_words_width(lab);
        }
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return chitieu__fail(CHITIEU_ENOMEM, "overview: out of memory");
    fputs("# chitieu overview — probability of attainment by target; generated script.\nreset session\n", f);
    int height = 250 + 22 * (int)(rows ? rows : 1); /* title, note, x label and key take about 230 px */
    put_terminal(f, fmt, image, 1000, height);
    fputs(chitieu__theme, f);
    fputs("set title ", f);
    put_text(f, chitieu_words_text(CHITIEU_W_OV_TITLE, lang));
    fputs(" font ',16'\n", f);
    if (rows < n) {
        char note[400];
        snprintf(note, sizeof note, "%zu %s", n - rows,
                 chitieu_words_text(n - rows == 1 ? CHITIEU_W_OV_NOT_DRAWN_ONE : CHITIEU_W_OV_NOT_DRAWN, lang));
        fputs("set label 1 ", f);
        put_text(f, note);
        fputs(" at graph 0.5, graph 1 offset 0,0.6 center font ',11'\n", f);
    }
    fputs("set xlabel ", f);
    put_text(f, chitieu_words_text(CHITIEU_W_OV_XLABEL, lang));
    /* an 11-point label character is about 0.65 of a margin character (measured on the demo's
     * overview: 67 characters, 395 px; a margin character 9.1 px): 0.72 leaves room for wide letters */
    fprintf(f, "\nset xrange [-0.02:1.02]\n"
               "set xtics ('0%%%%' 0, '25%%%%' 0.25, '40%%%%' 0.4, '50%%%%' 0.5, '75%%%%' 0.75, '100%%%%' 1)\n"
               "set grid xtics ytics\nset lmargin %d\nset tmargin 3\nset bmargin 7\n",
            (int)(widest * 0.72) + 3 > 95 ? 95 : (int)(widest * 0.72) + 3);
    /* The theme's key sits at a fraction of the screen height, which lands inside a tall overview:
     * pin it 12 px above the bottom edge (under the x label) whatever the height. */
    fprintf(f, "set key at screen 0.5, screen %.5f center bottom horizontal maxrows 1\n", 12.0 / height);
    fprintf(f, "set yrange [%zu.5:0.5]\n", rows ? rows : 1);
    fputs("set arrow from 0.4, graph 0 to 0.4, graph 1 nohead dt 2 lc rgb '#e08214'\n"
          "set arrow from 0.75, graph 0 to 0.75, graph 1 nohead dt 2 lc rgb '#1b7837'\n", f);
    /* each row's name is a label at the axis, not a tic label: gnuplot formats a tic label holding '%' into 50
     * bytes ("Employment in agriculture (% of total employment) (modeled ILO estimate) · 2030" lost all after
     * "employment)") */
    fputs("set ytics (", f);
    for (size_t row = 1; row <= (rows ? rows : 1); row++) fprintf(f, "%s'' %zu", row > 1 ? ", " : "", row);
    fputs(")\n", f);
    for (size_t i = 0, row = 0; i < n; i++) {
        if (no_probability(&as[i])) continue;
        const char *l = labels ? labels[i] : NULL;
        if (!l) {
            snprintf(lab, sizeof lab, "%s · %s · %d", as[i].target.indicator ? as[i].target.indicator : "",
                     as[i].target.area ? as[i].target.area : "", as[i].target.year);
            chitieu_words_cut(lab, sizeof lab, lab, sizeof lab); /* long codes cut by snprintf: whole characters */
            l = lab;
        }
        row++;
        fprintf(f, "set label %zu ", 100 + row);
        put_text(f, l);
        fprintf(f, " at graph 0, first %zu right offset -1,0 font ',11' textcolor rgb '#333333'\n", row); /* as tics */
    }
    int have[CHITIEU_STATUS_COUNT_] = {0};
    for (int st = 0; st < CHITIEU_STATUS_COUNT_; st++) {
        fprintf(f, "$s%d << EOD\n", st);
        for (size_t i = 0, row = 0; i < n; i++) {
            if (no_probability(&as[i])) continue;
            row++;
            if ((int)as[i].status != st) continue;
            fprintf(f, "%.6g %zu\n", as[i].probability, row);
            have[st] = 1;
        }
        fputs("EOD\n", f);
    }
    const char *sep = "plot ";
    for (int st = 0; st < CHITIEU_STATUS_COUNT_; st++) {
        if (!have[st]) continue;
        fprintf(f, "%s$s%d using 1:2 with points ls %d title ", sep, st, 11 + st);
        put_text(f, chitieu_words_status((chitieu_status)st, lang));
        sep = ", \\\n     ";
    }
    if (!strcmp(sep, "plot ")) fputs("plot NaN notitle", f);
    fputs("\nunset output\n", f);
    if (fclose(f) != 0 || !buf) {
        free(buf);
        return chitieu__fail(CHITIEU_ENOMEM, "overview: out of memory");
    }
    *out = buf;
    return CHITIEU_OK;
}

/* Start `gnuplot FILE` with stdout and stderr to `errpath`; returns its pid or -1. */
static pid_t start_gnuplot(const char *script, const char *errpath)
{
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(errpath, O_WRONLY | O_TRUNC);
        int nul = open("/dev/null", O_RDWR);
        if (fd >= 0) { dup2(fd, 2); dup2(fd, 1); }
        if (nul >= 0) dup2(nul, 0);
        execlp("gnuplot", "gnuplot", script, (char *)NULL);
        _exit(127);
    }
    return pid;
}

/* Wait for pid; its wait status, or -1. */
static int wait_gnuplot(pid_t pid)
{
    int st;
    if (pid < 0) return -1;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR) return -1;
    return st;
}

/* Make a temp file from a template; returns its fd or -1. */
static int temp_file(char *tmpl, size_t n, const char *name)
{
    const char *dir = getenv("TMPDIR");
    snprintf(tmpl, n, "%s/chitieu-%s-XXXXXX", dir && *dir ? dir : "/tmp", name);
    return mkstemp(tmpl);
}

/* Whether gnuplot runs. */
int chitieu_chart_have_gnuplot(void)
{
    char sp[4096], ep[4096];
    int fs = temp_file(sp, sizeof sp, "probe"), fe = temp_file(ep, sizeof ep, "err");
    int ok = 0;
    if (fs >= 0 && fe >= 0 && write(fs, "exit\n", 5) == 5) {
        int st = wait_gnuplot(start_gnuplot(sp, ep));
        ok = st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
    }
    if (fs >= 0) { close(fs); unlink(sp); }
    if (fe >= 0) { close(fe); unlink(ep); }
    return ok;
}

/* One gnuplot run: its script and error files. */
typedef struct {
    char sp[4096], ep[4096];
    int fs, fe;
    pid_t pid;
} batch;

/* Write scripts [a, b) (after a cd into dir) to the batch's script file. */
static int batch_write(batch *bt, const char *const *scripts, size_t a, size_t b, const char *dir)
{
    bt->pid = -1;
    bt->fs = temp_file(bt->sp, sizeof bt->sp, "charts");
    bt->fe = temp_file(bt->ep, sizeof bt->ep, "err");
    if (bt->fs < 0 || bt->fe < 0)
        return chitieu__fail(CHITIEU_EIO, "cannot create a temporary file: %s", strerror(errno));
    FILE *f = fdopen(bt->fs, "w");
    if (!f) return chitieu__fail(CHITIEU_EIO, "temporary file: %s", strerror(errno));
    bt->fs = -1; /* owned by f now */
    if (dir) {
        fputs("cd ", f);
        put_text(f, dir);
        fputc('\n', f);
    }
    for (size_t i = a; i < b; i++) {
        fputs(scripts[i], f);
        fputc('\n', f);
    }
    if (fclose(f) != 0) return chitieu__fail(CHITIEU_EIO, "writing %s: %s", bt->sp, strerror(errno));
    return CHITIEU_OK;
}

/* The outcome of a finished batch as a chitieu code (message recorded). */
static int batch_result(const batch *bt, int st)
{
    if (st < 0) return chitieu__fail(CHITIEU_ERROR, "cannot run gnuplot: %s", strerror(errno));
    if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
        return chitieu__fail(CHITIEU_ENOTFOUND, "gnuplot is not installed (apt-get install gnuplot-nox)");
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0) return CHITIEU_OK;
    char msg[512] = "";
    FILE *e = fopen(bt->ep, "r");
    if (e) {
        char line[512];
        while (fgets(line, sizeof line, e)) /* the error, not the warnings before it */
            if (strstr(line, " line ") && !strstr(line, "warning:")) {
                line[strcspn(line, "\n")] = 0;
                snprintf(msg, sizeof msg, "%s", line);
                break;
            }
        fclose(e);
    }
    return chitieu__fail(CHITIEU_ERROR, "gnuplot failed%s%s", *msg ? ": " : "", msg);
}

/* Render the scripts: one gnuplot process per batch of charts, a batch per CPU
 * (at most 4, and at least 25 charts a batch), never a process per chart. */
int chitieu_chart_render(const char *const *scripts, size_t n, const char *dir)
{
    if (n == 0) return CHITIEU_OK;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    size_t k = cpus > 1 ? (size_t)cpus : 1;
    if (k > 4) k = 4;
    if (k > (n + 24) / 25) k = (n + 24) / 25;
    batch bt[4];
    int rc = CHITIEU_OK;
    size_t started = 0;
    for (size_t j = 0; j < k; j++) {
        size_t a = n * j / k, b = n * (j + 1) / k;
        rc = batch_write(&bt[j], scripts, a, b, dir);
        started++;
        if (rc) break;
        bt[j].pid = start_gnuplot(bt[j].sp, bt[j].ep);
        if (bt[j].pid < 0) { rc = chitieu__fail(CHITIEU_ERROR, "cannot run gnuplot: %s", strerror(errno)); break; }
    }
    for (size_t j = 0; j < started; j++) {
        if (bt[j].pid >= 0) {
            int r = batch_result(&bt[j], wait_gnuplot(bt[j].pid));
            if (!rc) rc = r;
        }
        if (bt[j].fs >= 0) close(bt[j].fs);
        if (bt[j].fe >= 0) close(bt[j].fe);
        unlink(bt[j].sp);
        unlink(bt[j].ep);
    }
    return rc;
}
