/*
 * report.c — charts per (indicator, area) and the review-meeting pack
 * (chitieu/report.h): group the assessments by indicator and area, build one
 * gnuplot script per group (chart.c), render them all with one gnuplot
 * process, and write index.html: the scorecard grouped by goal, then every
 * chart.  Text from data is HTML-escaped here and single-quoted in scripts.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "chitieu/areas.h"
#include "chitieu/report.h"
#include "chitieu/series.h"
#include "internal.h"

/* Defaults: png, all data, render. */
void chitieu_report_opts_init(chitieu_report_opts *o)
{
    memset(o, 0, sizeof *o);
    o->format = CHITIEU_CHART_PNG;
    o->render = 1;
}

/* Create dir and its missing parents. */
static int mkdir_p(const char *dir)
{
    char *p = chitieu__strdup(dir);
    if (!p) return CHITIEU_ENOMEM;
    for (char *q = p + 1; ; q++) {
        int end = *q == 0;
        if (*q == '/' || end) {
            *q = 0;
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                int rc = chitieu__fail(CHITIEU_EIO, "%s: cannot create directory: %s", p, strerror(errno));
                free(p);
                return rc;
            }
            if (end) break;
            *q = '/';
        }
    }
    free(p);
    return CHITIEU_OK;
}

/* malloc'd "a/b". */
static char *path_join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *s = malloc(n);
    if (!s) { chitieu__fail(CHITIEU_ENOMEM, "out of memory"); return NULL; }
    snprintf(s, n, "%s/%s", a, b);
    return s;
}

/* Write text to path (replaced atomically through path.tmp). */
static int write_file(const char *path, const char *text)
{
    size_t n = strlen(path) + 5;
    char *tmp = malloc(n);
    if (!tmp) return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    snprintf(tmp, n, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    int ok = f && fputs(text, f) >= 0;
    if (f && fclose(f) != 0) ok = 0;
    if (ok && rename(tmp, path) != 0) ok = 0;
    int rc = ok ? CHITIEU_OK : chitieu__fail(CHITIEU_EIO, "%s: cannot write: %s", path, strerror(errno));
    if (!ok) remove(tmp);
    free(tmp);
    return rc;
}

/* One chart: the assessments of one indicator and area. */
typedef struct {
    chitieu_assessment *targets; /* shallow copies, owned by the caller's array */
    size_t n;
    char *stem, *script;
    char *name, *area_name, *unit, *goal; /* for the page */
    int last_year;   /* the series' last year ... */
    char *last_prov; /* ... and how it was rebuilt when it is a D value (NULL: a stored figure) */
} group;

static void groups_free(group *g, size_t n)
{
    for (size_t i = 0; g && i < n; i++) {
        free(g[i].targets);
        free(g[i].stem);
        free(g[i].script);
        free(g[i].name);
        free(g[i].area_name);
        free(g[i].unit);
        free(g[i].goal);
        free(g[i].last_prov);
    }
    free(g);
}

/* Group the assessments by (indicator, area), in order of first appearance. */
static int group_by_pair(group **out, size_t *ng, const chitieu_assessment *as, size_t n)
{
    group *g = calloc(n ? n : 1, sizeof *g);
    if (!g) return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        for (; j < m; j++)
            if (!strcmp(g[j].targets[0].target.indicator, as[i].target.indicator) &&
                !strcmp(g[j].targets[0].target.area, as[i].target.area))
                break;
        if (j == m) {
            g[m].targets = malloc(n * sizeof *g[m].targets);
            if (!g[m].targets) { groups_free(g, m); return chitieu__fail(CHITIEU_ENOMEM, "out of memory"); }
            m++;
        }
        g[j].targets[g[j].n++] = as[i];
    }
    *out = g;
    *ng = m;
    return CHITIEU_OK;
}

/* Footnote: distinct target sources, then distinct sources of the figures (a few each), then how the
 * rebuilt values (status D) of the series s were made. */
static char *footnote(chitieu_store *st, const group *g, const chitieu_series *s, const char *ind, const char *area)
{
    char buf[1024] = "";
    size_t len = 0;
    for (size_t i = 0; i < g->n && len < 600; i++) {
        const char *s = g->targets[i].target.source;
        if (!s || strstr(buf, s)) continue;
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", len ? "; " : "mục tiêu: ", s);
    }
    chitieu_revision *rv = NULL;
    size_t nr = 0, shown = 0;
    if (chitieu_store_history(&rv, &nr, st, ind, area, 0) == CHITIEU_OK) {
        for (size_t i = nr; i-- > 0 && shown < 2 && len < sizeof buf - 200;) {
            const char *s = rv[i].source ? rv[i].source : rv[i].file;
            if (!s || strstr(buf, s)) continue;
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", shown ? "; " : (len ? " · số liệu: " : "số liệu: "), s);
            shown++;
        }
        chitieu_store_revisions_free(rv, nr);
    }
    for (size_t i = 0; s && s->provenance && i < s->n && len < sizeof buf - 40; i++)
        if (s->provenance[i]) { /* the first rebuilt year says how the series was carried back */
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%sD = tính lại: %.160s", len ? " · " : "",
                                    s->provenance[i]);
            break;
        }
    return chitieu__strdup(buf);
}

/* Build group g's script (and its names for the page); image is "<stem>.<ext>". */
static int build_chart(group *g, chitieu_store *st, const char *ind_code, const char *area_code,
                       const chitieu_report_opts *o)
{
    chitieu_indicator ind;
    int rc = chitieu_store_indicator_get(&ind, st, ind_code);
    if (rc) return rc;
    chitieu_area ar;
    int have_area = chitieu_store_area_get(&ar, st, area_code) == CHITIEU_OK;
    chitieu_series *s = NULL;
    chitieu_projection *own = NULL;
    char *note = NULL, *pair = NULL;
    rc = chitieu_areas_series(&s, st, ind_code, area_code, o->cutoff_year);
    /* projection: the one reaching the latest target year, else our own 5 years ahead */
    const chitieu_projection *p = NULL;
    int best = 0;
    for (size_t i = 0; i < g->n; i++)
        if (g->targets[i].projection && g->targets[i].target.year > best) {
            p = g->targets[i].projection;
            best = g->targets[i].target.year;
        }
    if (!rc && !p && g->n == 0 && s->n >= 3) {
        chitieu_trend_opts to;
        chitieu_trend_opts_init(&to);
        chitieu_assess_trend_bounds(&to.lower, &to.upper, &ind, NULL);
        if (chitieu_trend_project(&own, s->years, s->values, s->n, s->years[s->n - 1] + 5, &to) == CHITIEU_OK)
            p = own;
    }
    size_t plen = strlen(ind_code) + strlen(area_code) + 2;
    if (!rc && !(pair = malloc(plen))) rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    if (!rc) {
        snprintf(pair, plen, "%s_%s", ind_code, area_code);
        rc = chitieu_chart_stem(&g->stem, pair);
    }
    if (!rc && !(note = footnote(st, g, s, ind_code, area_code))) rc = CHITIEU_ENOMEM;
    if (!rc) {
        char image[160];
        snprintf(image, sizeof image, "%s.%s", g->stem, chitieu_chart_format_ext(o->format));
        chitieu_chart c = {&ind, have_area ? ar.name : area_code, s, p, g->targets, g->n, note};
        rc = chitieu_chart_script(&g->script, &c, o->format, image);
    }
    if (!rc) {
        g->name = chitieu__strdup(ind.name ? ind.name : ind.code);
        g->area_name = chitieu__strdup(have_area && ar.name ? ar.name : area_code);
        g->unit = ind.unit ? chitieu__strdup(ind.unit) : NULL;
        g->goal = ind.goal ? chitieu__strdup(ind.goal) : NULL;
        if (s->n && s->provenance && s->provenance[s->n - 1]) {
            g->last_year = s->years[s->n - 1];
            if (!(g->last_prov = chitieu__strdup(s->provenance[s->n - 1]))) rc = CHITIEU_ENOMEM;
        }
        if (!g->name || !g->area_name) rc = CHITIEU_ENOMEM;
    }
    free(note);
    free(pair);
    chitieu_projection_free(own);
    chitieu_series_free(s);
    if (have_area) chitieu_store_area_clear(&ar);
    chitieu_store_indicator_clear(&ind);
    return rc;
}

/* Write every group's script into dir and render them all with one gnuplot. */
static int write_charts(chitieu_report_counts *cnt, group *g, size_t ng, const char *extra_script,
                        const char *dir, const chitieu_report_opts *o)
{
    const char **scripts = malloc((ng + 1) * sizeof *scripts);
    if (!scripts) return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    size_t ns = 0;
    int rc = CHITIEU_OK;
    for (size_t i = 0; i < ng && !rc; i++) {
        char file[200];
        snprintf(file, sizeof file, "%s.gp", g[i].stem);
        char *path = path_join(dir, file);
        rc = path ? write_file(path, g[i].script) : CHITIEU_ENOMEM;
        free(path);
        scripts[ns++] = g[i].script;
        cnt->charts++;
    }
    if (!rc && extra_script) {
        char *path = path_join(dir, "overview.gp");
        rc = path ? write_file(path, extra_script) : CHITIEU_ENOMEM;
        free(path);
        scripts[ns++] = extra_script;
    }
    if (!rc && o->render && o->format != CHITIEU_CHART_GP) {
        rc = chitieu_chart_render(scripts, ns, dir);
        if (!rc) cnt->rendered = ns;
    }
    free(scripts);
    return rc;
}

/* Charts of an indicator (see report.h). */
int chitieu_report_charts(chitieu_report_counts *out, chitieu_store *st, const chitieu_assessment *as,
                          size_t n, const char *indicator, const char *area, const char *dir,
                          const chitieu_report_opts *o)
{
    memset(out, 0, sizeof *out);
    group *g = NULL;
    size_t ng = 0;
    int rc = mkdir_p(dir);
    if (!rc) rc = group_by_pair(&g, &ng, as, n);
    if (!rc && n == 0) {
        if (!indicator || !area) {
            groups_free(g, ng);
            return chitieu__fail(CHITIEU_EINVALID, "chart: no targets, and no indicator and area to chart");
        }
        ng = 1; /* one empty group: the series alone */
        rc = build_chart(&g[0], st, indicator, area, o);
    }
    for (size_t i = 0; i < ng && !rc && n; i++)
        rc = build_chart(&g[i], st, g[i].targets[0].target.indicator, g[i].targets[0].target.area, o);
    if (!rc) rc = write_charts(out, g, ng, NULL, dir, o);
    groups_free(g, ng);
    return rc;
}

/* HTML-escape text into f. */
static void html(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(*s, f);
        }
    }
}

/* A number for the page: 4 significant digits beyond the integer part, "–" when absent. */
static void num(FILE *f, double v)
{
    if (isnan(v)) fputs("–", f);
    else if (fabs(v) >= 1000) fprintf(f, "%.0f", v);
    else fprintf(f, "%.4g", v);
}

/* The target in words: shape, bounds, period. */
static void target_cell(FILE *f, const chitieu_target *t)
{
    html(f, chitieu_shape_name(t->shape));
    fputs(" ", f);
    if (!isnan(t->low) && !isnan(t->high)) { num(f, t->low); fputs("–", f); num(f, t->high); }
    else if (!isnan(t->low)) { fputs("≥ ", f); num(f, t->low); }
    else if (!isnan(t->high)) { fputs("≤ ", f); num(f, t->high); }
    if (t->from) fprintf(f, " (%d–%d)", t->from, t->year);
    else fprintf(f, " (%d)", t->year);
    if (t->versus) {
        fputs(" so với ", f);
        html(f, t->versus);
        if (t->versus_area) { fputs(" (", f); html(f, t->versus_area); fputc(')', f); }
    }
}

static const char CSS[] =
    "body{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;font-size:18px;line-height:1.4;margin:1.5em 2em;color:#1a1a1a;background:#fff}"
    "h1{font-size:1.7em;margin:.2em 0}h2{font-size:1.3em;border-bottom:3px solid #08306b;margin-top:1.6em}"
    "table{border-collapse:collapse;width:100%}th,td{padding:.35em .5em;border-bottom:1px solid #ccc;text-align:left;vertical-align:top}"
    "th{background:#f0f0f0}td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}"
    ".st{display:inline-block;padding:.1em .55em;border-radius:.3em;color:#fff;font-weight:bold;white-space:nowrap}"
    ".st-achieved{background:#1b7837}.st-missed{background:#b2182b}.st-on_track{background:#5aae61;color:#000}"
    ".st-at_risk{background:#e08214;color:#000}.st-off_track{background:#b2182b}.st-no_data{background:#969696;color:#000}"
    ".summary span{margin-right:1em}figure{margin:1.5em 0;page-break-inside:avoid}img{max-width:100%;height:auto;border:1px solid #ddd}"
    "figcaption{color:#444;font-size:.9em}.small{color:#555;font-size:.85em}"
    "@media print{body{font-size:10.5pt;margin:0}h2{page-break-after:avoid}tr,figure{page-break-inside:avoid}.st{border:1px solid #000}}";

/* Write index.html: scorecard grouped by goal, then the charts. */
static int write_index(const char *dir, group *g, size_t ng, const chitieu_assessment *as, size_t n,
                       const chitieu_report_opts *o)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    const char *title = o->title ? o->title : "Bảng theo dõi chỉ tiêu";
    const char *ext = chitieu_chart_format_ext(o->format);
    fputs("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", f);
    html(f, title);
    fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", CSS);
    html(f, title);
    fputs("</h1>\n<p class=\"small\">", f);
    if (o->cutoff_year) fprintf(f, "Đánh giá với số liệu đến năm %d. ", o->cutoff_year);
    fputs("Xác suất đạt mục tiêu từ dự báo có khoảng tin cậy đã hiệu chỉnh (chitieu). "
          "Ngưỡng: đúng hướng ≥ 75%, có nguy cơ ≥ 40%.</p>\n<p class=\"summary\">", f);
    size_t count[CHITIEU_STATUS_COUNT_] = {0};
    for (size_t i = 0; i < n; i++)
        if (as[i].status >= 0 && as[i].status < CHITIEU_STATUS_COUNT_) count[as[i].status]++;
    for (int s = 0; s < CHITIEU_STATUS_COUNT_; s++)
        if (count[s])
            fprintf(f, "<span><span class=\"st st-%s\">%s</span> %zu</span>", chitieu_status_name((chitieu_status)s),
                    chitieu_chart_status_label((chitieu_status)s), count[s]);
    fputs("</p>\n", f);
    if (n) fprintf(f, "<p><img src=\"charts/overview.%s\" alt=\"Xác suất đạt mục tiêu\"></p>\n", ext);

    /* scorecard by goal, goals in order of first appearance */
    char **goals = calloc(ng ? ng : 1, sizeof *goals);
    size_t nGoals = 0;
    if (!goals) { fclose(f); free(buf); return chitieu__fail(CHITIEU_ENOMEM, "out of memory"); }
    for (size_t i = 0; i < ng; i++) {
        const char *gl = g[i].goal ? g[i].goal : "Khác";
        size_t j = 0;
        while (j < nGoals && strcmp(goals[j], gl)) j++;
        if (j == nGoals) goals[nGoals++] = (char *)gl;
    }
    for (size_t k = 0; k < nGoals; k++) {
        fputs("<h2>", f);
        html(f, goals[k]);
        fputs("</h2>\n<table>\n<thead><tr><th>Chỉ tiêu</th><th>Địa bàn</th><th>Kế hoạch</th><th>Mục tiêu</th>"
              "<th>Số liệu gần nhất</th><th>Dự báo (khoảng 80%)</th><th>Xác suất</th><th>Tình trạng</th></tr></thead>\n<tbody>\n", f);
        for (size_t i = 0; i < ng; i++) {
            if (strcmp(g[i].goal ? g[i].goal : "Khác", goals[k])) continue;
            for (size_t t = 0; t < g[i].n; t++) {
                const chitieu_assessment *a = &g[i].targets[t];
                fprintf(f, "<tr class=\"target\" data-status=\"%s\"><td><a href=\"#chart-%s\">", chitieu_status_name(a->status), g[i].stem);
                html(f, g[i].name);
                fputs("</a>", f);
                if (g[i].unit) { fputs(" <span class=\"small\">(", f); html(f, g[i].unit); fputs(")</span>", f); }
                fputs("</td><td>", f);
                html(f, g[i].area_name);
                fputs("</td><td>", f);
                html(f, a->target.plan);
                fputs("</td><td>", f);
                target_cell(f, &a->target);
                fputs("</td><td class=\"num\">", f);
                if (a->last_year) { num(f, a->last_value); fprintf(f, " (%d)", a->last_year); } else fputs("–", f);
                if (a->last_year && a->last_year == g[i].last_year && g[i].last_prov) { /* a rebuilt value */
                    fputs(" <abbr class=\"d\" title=\"tính lại: ", f);
                    html(f, g[i].last_prov);
                    fputs("\">D</abbr>", f);
                }
                fputs("</td><td class=\"num\">", f);
                num(f, a->projected);
                if (!isnan(a->lo80)) { fputs(" [", f); num(f, a->lo80); fputs("–", f); num(f, a->hi80); fputs("]", f); }
                fputs("</td><td class=\"num\">", f);
                if (isnan(a->probability)) fputs("–", f); else fprintf(f, "%.0f%%", 100 * a->probability);
                fprintf(f, "</td><td><span class=\"st st-%s\">%s</span></td></tr>\n", chitieu_status_name(a->status),
                        chitieu_chart_status_label(a->status));
            }
        }
        fputs("</tbody>\n</table>\n", f);
    }
    free(goals);
    fputs("<h2>Biểu đồ</h2>\n", f);
    for (size_t i = 0; i < ng; i++) {
        fprintf(f, "<figure id=\"chart-%s\">", g[i].stem);
        if (o->format == CHITIEU_CHART_PDF || o->format == CHITIEU_CHART_GP)
            fprintf(f, "<a href=\"charts/%s.%s\">", g[i].stem, o->format == CHITIEU_CHART_GP ? "gp" : ext);
        else
            fprintf(f, "<img src=\"charts/%s.%s\" alt=\"", g[i].stem, ext);
        html(f, g[i].name);
        fputs(" — ", f);
        html(f, g[i].area_name);
        fputs(o->format == CHITIEU_CHART_PDF || o->format == CHITIEU_CHART_GP ? "</a>" : "\">", f);
        fprintf(f, "<figcaption>Kịch bản gnuplot: <a href=\"charts/%s.gp\">%s.gp</a></figcaption></figure>\n",
                g[i].stem, g[i].stem);
    }
    fputs("</body>\n</html>\n", f);
    if (fclose(f) != 0 || !buf) { free(buf); return chitieu__fail(CHITIEU_ENOMEM, "out of memory"); }
    char *path = path_join(dir, "index.html");
    int rc = path ? write_file(path, buf) : CHITIEU_ENOMEM;
    free(path);
    free(buf);
    return rc;
}

/* The review pack (see report.h). */
int chitieu_report_write(chitieu_report_counts *out, chitieu_store *st, const chitieu_assessment *as,
                         size_t n, const char *dir, const chitieu_report_opts *o)
{
    memset(out, 0, sizeof *out);
    char *charts = path_join(dir, "charts");
    if (!charts) return CHITIEU_ENOMEM;
    group *g = NULL;
    size_t ng = 0;
    char *overview = NULL;
    int rc = mkdir_p(charts);
    if (!rc) rc = group_by_pair(&g, &ng, as, n);
    for (size_t i = 0; i < ng && !rc; i++)
        rc = build_chart(&g[i], st, g[i].targets[0].target.indicator, g[i].targets[0].target.area, o);
    if (!rc && n) {
        char image[32];
        snprintf(image, sizeof image, "overview.%s", chitieu_chart_format_ext(o->format));
        rc = chitieu_chart_overview(&overview, as, n, o->format, image);
    }
    if (!rc) rc = write_charts(out, g, ng, overview, charts, o);
    if (!rc) rc = write_index(dir, g, ng, as, n, o);
    out->targets = n;
    free(overview);
    groups_free(g, ng);
    free(charts);
    return rc;
}
