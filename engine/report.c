/*
 * report.c — charts per (indicator, area), the scorecard in words and the
 * review-meeting pack (chitieu/report.h).  The assessments are grouped by
 * indicator and area (one chart each, in the plan's order); every row is
 * phrased by words.c in the pack's language; index.html gives the meeting's
 * metadata, per plan an overview and the scorecard by goal, what is owed by
 * lead agency, then the charts (vector SVG by default) and the sources, laid
 * out for A4 portrait.  Text from data is HTML-escaped here and single-quoted
 * in scripts.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "chitieu/areas.h"
#include "chitieu/report.h"
#include "chitieu/series.h"
#include "internal.h"

/* A scorecard table of at most this many rows is kept on one printed page (a row is 3 to 7 lines). */
#define SHORT_ROWS 3

/* Defaults: svg, all data, render, Vietnamese. */
void chitieu_report_opts_init(chitieu_report_opts *o)
{
    memset(o, 0, sizeof *o);
    o->format = CHITIEU_CHART_SVG;
    o->render = 1;
    o->lang = CHITIEU_LANG_VI;
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

/* ---- pairs: one chart each ---- */

/* The assessments of one indicator and area, with what their rows and chart need. */
typedef struct {
    chitieu_assessment *targets; /* shallow copies, owned by the caller's array */
    size_t *index;               /* each one's index in that array */
    size_t n;
    chitieu_indicator ind;
    int have_ind;
    char *area_name;
    chitieu_series *s;          /* the figures up to the cut-off */
    chitieu_series *vs;         /* exceeds: the series the first such target compares with */
    char *vs_name;
    char *sources;              /* sources of the figures (latest first, at most 3), or NULL */
    char **srcs;                /* every distinct source of the figures, latest first (nsrc) */
    size_t nsrc;
    char *stem, *script;
    char *how_first, *how_last; /* in words, how the series' first rebuilt value and its last value (when rebuilt)
                                 * were made; NULL when not rebuilt */
} group;

static void groups_free(group *g, size_t n)
{
    for (size_t i = 0; g && i < n; i++) {
        free(g[i].targets);
        free(g[i].index);
        if (g[i].have_ind) chitieu_store_indicator_clear(&g[i].ind);
        free(g[i].area_name);
        free(g[i].how_first);
        free(g[i].how_last);
        chitieu_series_free(g[i].s);
        chitieu_series_free(g[i].vs);
        free(g[i].vs_name);
        free(g[i].sources);
        for (size_t k = 0; k < g[i].nsrc; k++) free(g[i].srcs[k]);
        free(g[i].srcs);
        free(g[i].stem);
        free(g[i].script);
    }
    free(g);
}

/* An assessment's pair and index, to sort the assessments into runs of one pair. */
typedef struct {
    const char *ind, *area;
    size_t i;
} pair_key;

/* Order of pair keys: by indicator, area, then index (a run of one pair keeps the plan's order). */
static int cmp_pair_key(const void *x, const void *y)
{
    const pair_key *a = x, *b = y;
    int c = strcmp(a->ind, b->ind);
    if (!c) c = strcmp(a->area, b->area);
    return c ? c : (a->i > b->i) - (a->i < b->i);
}

/* A run of sorted keys (one pair): where it starts, how long, and the index of its first assessment. */
typedef struct {
    size_t start, len, first;
} pair_run;

/* Order of runs by their first assessment. */
static int cmp_pair_run(const void *x, const void *y)
{
    const pair_run *a = x, *b = y;
    return (a->first > b->first) - (a->first < b->first);
}

/* Group the assessments by (indicator, area), in order of first appearance (the plan's order); each group holds
 * just its own targets (sorted into runs: n log n, not a scan of the groups per assessment).  At least one group
 * is allocated (chitieu_report_charts fills g[0] when n is 0). */
static int group_by_pair(group **out, size_t *ng, const chitieu_assessment *as, size_t n)
{
    group *g = calloc(n ? n : 1, sizeof *g);
    pair_key *k = malloc((n ? n : 1) * sizeof *k);
    pair_run *run = malloc((n ? n : 1) * sizeof *run);
    if (!g || !k || !run) { free(g); free(k); free(run); return chitieu__fail(CHITIEU_ENOMEM, "out of memory"); }
    for (size_t i = 0; i < n; i++) k[i] = (pair_key){as[i].target.indicator, as[i].target.area, i};
    qsort(k, n, sizeof *k, cmp_pair_key);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (i && !strcmp(k[i].ind, k[i - 1].ind) && !strcmp(k[i].area, k[i - 1].area)) run[m - 1].len++;
        else run[m++] = (pair_run){i, 1, k[i].i};
    qsort(run, m, sizeof *run, cmp_pair_run);
    int rc = CHITIEU_OK;
    for (size_t j = 0; j < m && !rc; j++) {
        g[j].targets = malloc(run[j].len * sizeof *g[j].targets);
        g[j].index = malloc(run[j].len * sizeof *g[j].index);
        if (!g[j].targets || !g[j].index) { rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory"); break; }
        for (size_t r = 0; r < run[j].len; r++) {
            size_t i = k[run[j].start + r].i;
            g[j].index[g[j].n] = i;
            g[j].targets[g[j].n++] = as[i];
        }
    }
    free(k);
    free(run);
    if (rc) { groups_free(g, m); return rc; }
    *out = g;
    *ng = m;
    return CHITIEU_OK;
}

/* The display name of an indicator in the language (name_en in English when it has one). */
static const char *ind_name(const chitieu_indicator *ind, chitieu_lang lang)
{
    const char *n = chitieu_words_pick(ind->name, ind->name_en, lang);
    return n ? n : ind->code;
}

/* The display name of an area in the language (name_en in English when it has one; its code when the catalogue
 * has no such area; a store that cannot be read is an error, not an unknown area); *out is the caller's. */
static int area_name(char **out, chitieu_store *st, const char *code, chitieu_lang lang)
{
    chitieu_area ar;
    int rc = chitieu_store_area_get(&ar, st, code);
    *out = NULL;
    if (rc == CHITIEU_OK) {
        const char *nm = chitieu_words_pick(ar.name, ar.name_en, lang);
        *out = chitieu__strdup(nm ? nm : code);
        chitieu_store_area_clear(&ar);
    } else if (rc == CHITIEU_ENOTFOUND) {
        *out = chitieu__strdup(code);
    } else {
        return rc;
    }
    return *out ? CHITIEU_OK : CHITIEU_ENOMEM;
}


/* "name (area)" into dst; an area with its own bracket reads "name (Vĩnh Long, mới)", not "name (Vĩnh Long
 * (mới))"; a text longer than dst ends at a whole character.  Returns dst. */
static char *name_area(char *dst, size_t n, const char *name, const char *area)
{
    const char *in = strstr(area, " (");
    size_t al = strlen(area);
    if (in && al && area[al - 1] == ')' && !strchr(in + 2, '(')) /* one bracket at the end: joined */
        snprintf(dst, n, "%s (%.*s, %.*s)", name, (int)(in - area), area, (int)(al - (size_t)(in - area) - 3), in + 2);
    else snprintf(dst, n, "%s (%s)", name, area);
    return chitieu_words_cut(dst, n, dst, n); /* a long name cut by snprintf: at a whole character */
}
/* The series an exceeds target compares with and its display name, "name (area)" when that
 * area is not the target's; both NULL for another shape. */
static int load_versus(chitieu_series **vs, char **name, chitieu_store *st, const chitieu_target *t,
                       chitieu_lang lang, int cutoff)
{
    *vs = NULL;
    *name = NULL;
    if (t->shape != CHITIEU_SHAPE_EXCEEDS || !t->versus) return CHITIEU_OK;
    const char *varea = t->versus_area ? t->versus_area : t->area;
    chitieu_indicator vi;
    int rc = chitieu_store_indicator_get(&vi, st, t->versus);
    if (rc) return rc;
    char *an = NULL;
    rc = area_name(&an, st, varea, lang);
    if (!rc) {
        size_t len = strlen(ind_name(&vi, lang)) + strlen(an) + 4;
        if (!(*name = malloc(len))) rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
        else name_area(*name, len, ind_name(&vi, lang), an);
    }
    if (!rc) rc = chitieu_areas_series(vs, st, t->versus, varea, cutoff); /* stored, else rebuilt */
    free(an);
    chitieu_store_indicator_clear(&vi);
    if (rc) { free(*name); *name = NULL; }
    return rc;
}

/* Length of the web address at s ("http://" or "https://" up to a space, without a final '.', ',', ';' or ')'),
 * 0 when s starts none. */
static size_t url_len(const char *s)
{
    if (strncmp(s, "http://", 7) && strncmp(s, "https://", 8)) return 0;
    size_t n = strcspn(s, " \t\n<>\"");
    while (n > 8 && strchr(".,;)", s[n - 1])) n--;
    return n;
}

/* The publisher of the address u (n bytes, url_len): its host without "www.", "m." or "amp." ("vietnamplus.vn")
 * at *h; returns its length. */
static size_t url_host(const char *u, size_t n, const char **h)
{
    const char *p = strstr(u, "//") + 2;
    size_t hn = strcspn(p, "/?#:");
    if ((size_t)(p - u) + hn > n) hn = n - (size_t)(p - u);
    static const char *const skip[] = {"www.", "m.", "amp."};
    for (size_t k = 0; k < sizeof skip / sizeof *skip; k++)
        if (hn > strlen(skip[k]) + 3 && !strncmp(p, skip[k], strlen(skip[k])))
            p += strlen(skip[k]), hn -= strlen(skip[k]);
    *h = p;
    return hn;
}

/* Source src as a chart's footnote says it, short, into out (n bytes; cut at a whole character): each web address
 * by its publisher (url_host: "vietnamplus.vn"), a seed reference in words ("2699/QĐ-UBND, bản chép 002, dòng
 * 261"), a World Bank source too (chitieu_words_wdi); the pack's sources section cites it in full.  A source too long for out ends in "…".  Returns out. */
static const char *short_source(char *out, size_t n, const char *src, chitieu_lang lang)
{
    size_t len = 0;
    const char *p = src;
    out[0] = 0;
    while (*p && len + 1 < n) {
        const char *c = strstr(p, ", ");
        size_t k = c ? (size_t)(c - p) : strlen(p);
        char loc[256];
        int part = p == src || (p - src >= 2 && p[-2] == ',' && p[-1] == ' '); /* a part starts here */
        size_t wdi = part ? chitieu_words_wdi(loc, sizeof loc, p, lang) : 0; /* "World Bank WDI X, updated D" */
        if (wdi || (part && chitieu_words_locator(loc, sizeof loc, p, k, lang))) {
            len += (size_t)snprintf(out + len, n - len, "%s", loc);
            p += wdi ? wdi : k;
        } else {
            size_t u = (*p == 'h' && (p == src || p[-1] == ' ' || p[-1] == '(')) ? url_len(p) : 0;
            if (u) {
                const char *h = p;
                size_t hn = url_host(p, u, &h);
                len += (size_t)snprintf(out + len, n - len, "%.*s", (int)hn, h);
                p += u;
            } else {
                out[len++] = *p++;
                out[len] = 0;
            }
            continue;
        }
        if (len >= n) break;
    }
    int cut = *p || len >= n; /* no room for the rest: cut at a whole character, with "…" */
    if (len >= n) len = n - 1;
    out[len] = 0;
    size_t w = chitieu_words_width(out);
    return chitieu_words_cut(out, n, out, cut && w ? w - 1 : n);
}

/* Append "; " (unless len is 0) and src to the list in buf (len bytes used of n), src cut at a whole character
 * with "…" when the room left is too small for it (chitieu_words_cut); nothing when there is no room for a
 * character.  Returns the list's new length. */
static size_t join_source(char *buf, size_t n, size_t len, const char *src)
{
    if (len + 2 + sizeof "…" >= n) return len;
    if (len) { memcpy(buf + len, "; ", 2); len += 2; }
    chitieu_words_cut(buf + len, n - len, src, n);
    return len + strlen(buf + len);
}

/* Whether the list "a; b; c" holds item s (the same publisher of two articles is named once). */
static int in_list(const char *list, const char *s)
{
    size_t n = strlen(s);
    for (const char *p = list; (p = strstr(p, s)) != NULL; p++)
        if ((p == list || (p - list >= 2 && p[-2] == ';' && p[-1] == ' ')) && (!p[n] || p[n] == ';')) return 1;
    return 0;
}

/* The sources of group g's figures (a withdrawn figure is no source), latest first: every distinct one
 * into g->srcs, the first 3 short (short_source; a publisher once) joined ("a; b") into g->sources (NULL when none). */
static int figure_sources(group *g, chitieu_store *st, const char *ind, const char *area, chitieu_lang lang)
{
    char buf[800] = "";
    size_t len = 0, nr = 0;
    chitieu_revision *rv = NULL;
    int rc = chitieu_store_history(&rv, &nr, st, ind, area, 0);
    if (rc) return rc;
    if (nr && !(g->srcs = calloc(nr, sizeof *g->srcs))) rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    for (size_t i = nr; i-- > 0 && !rc;) {
        const char *src = rv[i].source ? rv[i].source : rv[i].file;
        if (!src || rv[i].withdrawn) continue;
        size_t k = 0;
        while (k < g->nsrc && strcmp(g->srcs[k], src)) k++;
        if (k < g->nsrc) continue;
        if (!(g->srcs[g->nsrc] = chitieu__strdup(src))) { rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory"); break; }
        char sh[1024];
        short_source(sh, sizeof sh, src, lang);
        if (g->nsrc++ < 3 && len < sizeof buf - 300 && !in_list(buf, sh)) len = join_source(buf, sizeof buf, len, sh);
    }
    chitieu_store_revisions_free(rv, nr);
    if (!rc && len && !(g->sources = chitieu__strdup(buf))) rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    return rc;
}

/* In words of at most `max` bytes (< 1200; cut at a character) malloc'd into *out (NULL when the value is not
 * rebuilt), how the value of year y was made. */
static int how_words(char **out, chitieu_areas *ss, const char *ind, const char *area, int y, chitieu_lang lang,
                     size_t max)
{
    chitieu_areas_how *h = NULL;
    char buf[1200];
    *out = NULL;
    int r = chitieu_areas_how_get(&h, ss, ind, area, y);
    if (r > 0 && !(*out = chitieu__strdup(chitieu_words_rebuilt(buf, max, h, lang))))
        r = CHITIEU_ENOMEM;
    chitieu_areas_how_free(h);
    return r < 0 ? r : CHITIEU_OK;
}

/* g->how_first and g->how_last: how the first rebuilt value of g's series (for the chart's footnote: at most 300
 * bytes) and its last value, if rebuilt, were made (one areas session, only when the series has a rebuilt value). */
static int rebuilt_words(group *g, chitieu_store *st, const char *ind, const char *area, const chitieu_report_opts *o)
{
    const chitieu_series *s = g->s;
    size_t first = 0;
    while (s->provenance && first < s->n && !s->provenance[first]) first++;
    if (!s->provenance || first == s->n) return CHITIEU_OK;
    chitieu_areas *ss;
    int rc = chitieu_areas_open(&ss, st, o->cutoff_year);
    if (!rc) rc = how_words(&g->how_first, ss, ind, area, s->years[first], o->lang, 300);
    if (!rc && s->provenance[s->n - 1]) rc = how_words(&g->how_last, ss, ind, area, s->years[s->n - 1], o->lang, 1200);
    chitieu_areas_close(ss);
    return rc;
}

/* Load what group g's rows and chart need: indicator, area name, series, versus, sources. */
static int group_load(group *g, chitieu_store *st, const char *ind_code, const char *area_code,
                      const chitieu_report_opts *o)
{
    int rc = chitieu_store_indicator_get(&g->ind, st, ind_code);
    if (rc) return rc;
    g->have_ind = 1;
    if ((rc = area_name(&g->area_name, st, area_code, o->lang))) return rc;
    if ((rc = chitieu_areas_series(&g->s, st, ind_code, area_code, o->cutoff_year))) return rc;
    if ((rc = rebuilt_words(g, st, ind_code, area_code, o))) return rc;
    for (size_t i = 0; i < g->n && !g->vs; i++)
        if ((rc = load_versus(&g->vs, &g->vs_name, st, &g->targets[i].target, o->lang, o->cutoff_year))) return rc;
    return g->s->n ? figure_sources(g, st, ind_code, area_code, o->lang) : CHITIEU_OK;
}

/* Whether target i of group g names a source that no earlier target of g names (by_plan: no earlier target of the
 * same plan): the chart's footnote names each target source once, the pack's sources section once per plan,
 * however often its targets name it. */
static int first_target_source(const group *g, size_t i, int by_plan)
{
    const chitieu_target *t = &g->targets[i].target;
    if (!t->source || !*t->source) return 0;
    for (size_t j = 0; j < i; j++) {
        const chitieu_target *e = &g->targets[j].target;
        if (e->source && !strcmp(e->source, t->source) &&
            (!by_plan || !strcmp(e->plan ? e->plan : "", t->plan ? t->plan : "")))
            return 0;
    }
    return 1;
}

/* Footnote of a chart: "target: <distinct target sources> · figures: <sources of the figures>" (short_source),
 * then how the rebuilt values were made ("How it was rebuilt: sum of ..."). */
static char *footnote(const group *g, chitieu_lang lang)
{
    char tb[700] = "", buf[1400] = "";
    size_t len = 0;
    for (size_t i = 0; i < g->n && len < sizeof tb - 200; i++)
        if (first_target_source(g, i, 0)) {
            char sh[1024];
            len = join_source(tb, sizeof tb, len, short_source(sh, sizeof sh, g->targets[i].target.source, lang));
        }
    const char *ts = chitieu_words_text(CHITIEU_W_SRC_TARGET, lang), *ds = chitieu_words_text(CHITIEU_W_SRC_DATA, lang);
    if (*tb && g->sources) snprintf(buf, sizeof buf, "%s: %s · %s: %s", ts, tb, ds, g->sources);
    else if (*tb) snprintf(buf, sizeof buf, "%s: %s", ts, tb);
    else if (g->sources) snprintf(buf, sizeof buf, "%s: %s", ds, g->sources);
    const char *d = g->how_first;
    size_t n = strlen(buf);
    if (d && n < sizeof buf - 40)
        snprintf(buf + n, sizeof buf - n, "%s%s: %s", n ? " · " : "", chitieu_words_text(CHITIEU_W_REBUILT_NOTE, lang), d);
    chitieu_words_cut(buf, sizeof buf, buf, sizeof buf); /* a text cut by snprintf ends at a whole character */
    return chitieu__strdup(buf);
}

/* Build group g's chart script; image is "<stem>.<ext>". */
static int build_chart(group *g, const char *ind_code, const char *area_code, const chitieu_report_opts *o)
{
    chitieu_projection *own = NULL;
    char *note = NULL, *pair = NULL;
    /* projection: the one reaching the latest target year, else our own 5 years ahead */
    const chitieu_projection *p = NULL;
    int best = 0, rc = CHITIEU_OK;
    for (size_t i = 0; i < g->n; i++)
        if (g->targets[i].projection && g->targets[i].target.year > best) {
            p = g->targets[i].projection;
            best = g->targets[i].target.year;
        }
    chitieu_series *s = g->s;
    if (!p && g->n == 0 && s->n >= 3) {
        chitieu_trend_opts to;
        chitieu_trend_opts_init(&to);
        chitieu_assess_trend_bounds(&to.lower, &to.upper, &g->ind, NULL);
        if (chitieu_trend_project(&own, s->years, s->values, s->n, s->years[s->n - 1] + 5, &to) == CHITIEU_OK)
            p = own;
    }
    size_t plen = strlen(ind_code) + strlen(area_code) + 2;
    if (!(pair = malloc(plen))) rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    if (!rc) {
        snprintf(pair, plen, "%s_%s", ind_code, area_code);
        rc = chitieu_chart_stem(&g->stem, pair);
    }
    if (!rc && !(note = footnote(g, o->lang))) rc = CHITIEU_ENOMEM;
    if (!rc) {
        char image[160];
        snprintf(image, sizeof image, "%s.%s", g->stem, chitieu_chart_format_ext(o->format));
        chitieu_chart c = {&g->ind, g->area_name, s, p, g->targets, g->n, note, o->lang, NULL, g->vs,
                           g->vs_name, o->since};
        rc = chitieu_chart_script(&g->script, &c, o->format, image);
    }
    free(note);
    free(pair);
    chitieu_projection_free(own);
    return rc;
}

/* Write the scripts (charts of groups with a script, then extra ones named names[i]) into dir and
 * render them all with one gnuplot process per CPU. */
static int write_charts(chitieu_report_counts *cnt, group *g, size_t ng, char **extra, char **names, size_t nextra,
                        const char *dir, const chitieu_report_opts *o)
{
    const char **scripts = malloc((ng + nextra + 1) * sizeof *scripts);
    if (!scripts) return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    size_t ns = 0;
    int rc = CHITIEU_OK;
    for (size_t i = 0; i < ng + nextra && !rc; i++) {
        char file[200];
        const char *script = i < ng ? g[i].script : extra[i - ng];
        if (!script) continue;
        snprintf(file, sizeof file, "%s.gp", i < ng ? g[i].stem : names[i - ng]);
        char *path = path_join(dir, file);
        rc = path ? write_file(path, script) : CHITIEU_ENOMEM;
        free(path);
        scripts[ns++] = script;
        if (i < ng) cnt->charts++;
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
        rc = group_load(&g[0], st, indicator, area, o);
        if (!rc) rc = build_chart(&g[0], indicator, area, o);
    }
    for (size_t i = 0; i < ng && !rc && n; i++) {
        const chitieu_target *t = &g[i].targets[0].target;
        rc = group_load(&g[i], st, t->indicator, t->area, o);
        if (!rc) rc = build_chart(&g[i], t->indicator, t->area, o);
    }
    if (!rc) rc = write_charts(out, g, ng, NULL, NULL, 0, dir, o);
    groups_free(g, ng);
    return rc;
}

/* ---- rows in words ---- */

static int settled(const chitieu_assessment *a)
{
    return a->status == CHITIEU_STATUS_ACHIEVED || a->status == CHITIEU_STATUS_MISSED;
}

/* In words, how the value of a's last year was rebuilt when it is the rebuilt last value of g's series, else NULL. */
static const char *last_rebuilt(const group *g, const chitieu_assessment *a)
{
    const chitieu_series *s = g->s;
    if (!s || !s->n || !a->last_year || s->years[s->n - 1] != a->last_year) return NULL;
    return g->how_last;
}

/* The unit a scorecard cell writes after a number: a per-mille's symbol alone when the unit glosses it
 * ("‰ (ca/1.000 trẻ đẻ sống)": the row's name gives the gloss once, six cells repeated it); else the unit. */
static const char *cell_unit(const char *unit)
{
    return chitieu_words_permille_gloss(unit) ? "‰" : unit;
}

/* Fill row r for assessment a of group g (see report.h). */
static int row_fill(chitieu_report_row *r, const chitieu_assessment *a, const group *g, chitieu_store *st,
                    const chitieu_report_opts *o)
{
    chitieu_lang lang = o->lang;
    memset(r, 0, sizeof *r);
    r->name = chitieu__strdup(ind_name(&g->ind, lang));
    r->area = chitieu__strdup(g->area_name);
    r->unit = chitieu__strdup(chitieu_words_unit(g->ind.unit, lang));
    r->goal = chitieu__strdup(chitieu_words_goal(g->ind.goal, lang));
    r->agency = g->ind.agency ? chitieu__strdup(g->ind.agency) : NULL;
    if (!r->name || !r->area || !r->unit || !r->goal || (g->ind.agency && !r->agency)) return CHITIEU_ENOMEM;
    chitieu_series *vs = NULL;
    int rc = load_versus(&vs, &r->versus, st, &a->target, lang, o->cutoff_year);
    if (rc) return rc;
    chitieu_words_ctx c = {lang, cell_unit(g->ind.unit), r->versus}, whole = {lang, g->ind.unit, r->versus};
    chitieu_words_target(r->target, sizeof r->target, &a->target, &c);
    chitieu_words_last(r->last, sizeof r->last, a, &c);
    if (last_rebuilt(g, a)) { /* the latest value is one chitieu rebuilt: "(tính lại)", never the code D */
        size_t len = strlen(r->last);
        snprintf(r->last + len, sizeof r->last - len, " (%s)", chitieu_words_text(CHITIEU_W_REBUILT_MARK, lang));
        chitieu_words_cut(r->last, sizeof r->last, r->last, sizeof r->last); /* cut by snprintf: whole characters */
    }
    int through = 0;
    double q = chitieu_assess_so_far(&through, &a->target, g->s, vs);
    if (!settled(a) && through && through < a->target.year)
        chitieu_words_quantity(r->so_far, sizeof r->so_far, &a->target, through, q, 0, &c);
    chitieu_words_quantity(r->outcome, sizeof r->outcome, &a->target, a->target.year, a->projected, !settled(a), &c);
    if (!settled(a)) chitieu_words_band(r->band, sizeof r->band, &a->target, a->projected, a->lo80, a->hi80, &c);
    chitieu_words_pace(r->pace, sizeof r->pace, a, &whole); /* a change per year in the gloss's words */
    if (!settled(a)) chitieu_words_probability(r->probability, sizeof r->probability, a->probability, lang);
    if (a->status == CHITIEU_STATUS_NO_DATA) chitieu_words_no_data(r->why, sizeof r->why, &a->target, g->s, vs, &c);
    r->status = chitieu_words_status(a->status, lang);
    r->nobs = (int)g->s->n;
    chitieu_series_free(vs);
    return CHITIEU_OK;
}

void chitieu_report_rows_free(chitieu_report_row *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++) {
        free(rows[i].name);
        free(rows[i].area);
        free(rows[i].unit);
        free(rows[i].goal);
        free(rows[i].agency);
        free(rows[i].versus);
    }
    free(rows);
}

/* Group the assessments, load every group and phrase every row (rows[i] is as[i]'s). */
static int prepare(group **gout, size_t *ngout, chitieu_report_row **rout, chitieu_store *st,
                   const chitieu_assessment *as, size_t n, const chitieu_report_opts *o)
{
    group *g = NULL;
    size_t ng = 0;
    chitieu_report_row *rows = calloc(n ? n : 1, sizeof *rows);
    int rc = rows ? group_by_pair(&g, &ng, as, n) : chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    for (size_t i = 0; i < ng && !rc; i++) {
        const chitieu_target *t = &g[i].targets[0].target;
        rc = group_load(&g[i], st, t->indicator, t->area, o);
        for (size_t k = 0; k < g[i].n && !rc; k++) rc = row_fill(&rows[g[i].index[k]], &g[i].targets[k], &g[i], st, o);
    }
    if (rc) {
        groups_free(g, ng);
        chitieu_report_rows_free(rows, n);
        return rc == CHITIEU_ENOMEM ? chitieu__fail(CHITIEU_ENOMEM, "out of memory") : rc;
    }
    *gout = g;
    *ngout = ng;
    *rout = rows;
    return CHITIEU_OK;
}

int chitieu_report_rows(chitieu_report_row **out, chitieu_store *st, const chitieu_assessment *as, size_t n,
                        const chitieu_report_opts *o)
{
    chitieu_report_opts def;
    if (!o) { chitieu_report_opts_init(&def); o = &def; }
    *out = NULL;
    group *g = NULL;
    size_t ng = 0;
    int rc = prepare(&g, &ng, out, st, as, n, o);
    groups_free(g, ng);
    return rc;
}

/* ---- the page ---- */

/* Write the n bytes at s HTML-escaped. */
static void html_n(FILE *f, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(s[i], f);
        }
    }
}

/* HTML-escape text into f. */
static void html(FILE *f, const char *s)
{
    html_n(f, s, s ? strlen(s) : 0);
}

static const char CSS[] =
    "body{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;font-size:16px;line-height:1.4;margin:1.5em auto;"
    "max-width:1200px;padding:0 1.5em;color:#1a1a1a;background:#fff}"
    "h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.3em;border-bottom:3px solid #08306b;margin-top:1.6em}"
    "h3{font-size:1.05em;margin:1.2em 0 .3em;color:#08306b}"
    "table{border-collapse:collapse;width:100%;table-layout:fixed}"
    "th,td{padding:.3em .45em;border-bottom:1px solid #ccc;text-align:left;vertical-align:top;overflow-wrap:break-word}"
    "th{background:#f0f0f0;font-size:.9em}td .sub{display:block;color:#555;font-size:.85em}"
    "col.c-name{width:21%}col.c-target{width:18%}col.c-now{width:15%}col.c-out{width:17%}col.c-pace{width:16%}"
    "col.c-st{width:13%}"
    ".st{display:inline-block;padding:.05em .45em;border-radius:.3em;color:#fff;font-weight:bold;font-size:.9em;"
    "white-space:nowrap}a.owed{text-decoration:none}"
    ".st-achieved{background:#1b7837}.st-missed{background:#b2182b}.st-on_track{background:#5aae61;color:#000}"
    ".st-at_risk{background:#e08214;color:#000}.st-off_track{background:#b2182b}.st-no_data{background:#969696;color:#000}"
    ".summary span{margin-right:1em;white-space:nowrap}.meta{color:#333}.small{color:#555;font-size:.85em}"
    "table.owed{font-size:.9em;margin-bottom:.8em}table.owed th.agency{background:#e8eef7;color:#08306b;font-size:1.05em}"
    "figure{margin:1em 0;break-inside:avoid;page-break-inside:avoid}"
    "figure img{width:100%;max-width:1100px;height:auto;border:1px solid #ddd}"
    "figcaption{color:#555;font-size:.8em}img.overview{width:100%;max-width:1000px;height:auto}"
    /* a source on a line of its own, what it gives indented under it: no list markers (printed in two columns,
     * Chromium drew them in the second column only) */
    "ul.sources{list-style:none;padding-left:0}ul.sources li{margin-bottom:.25em;padding-left:1.2em;text-indent:-1.2em}"
    "ul.sources .sub{display:block;color:#333;text-indent:0}figure img{box-sizing:border-box}"
    "ul.sources a.src{overflow-wrap:anywhere}ul.sources li.doc{font-weight:bold}ul.sources li.doc .sub{font-weight:normal}"
    "nav ul{margin:.3em 0;padding-left:1.2em}"
    "@page{size:A4 portrait;margin:12mm 11mm 13mm 11mm}"
    "@media print{body{font-size:8.5pt;margin:0;max-width:none;padding:0}h1{font-size:15pt}h2{font-size:12pt;"
    "break-after:avoid;page-break-after:avoid}h3{break-after:avoid;page-break-after:avoid}"
    "tr,figure{break-inside:avoid;page-break-inside:avoid}thead{display:table-header-group}"
    "table.owed.short,table.score.short{break-inside:avoid;page-break-inside:avoid}figcaption{display:none}"
    ".plan-head{break-inside:avoid;page-break-inside:avoid}.plan-head.short{break-after:avoid;page-break-after:avoid}"
    "a{color:inherit;text-decoration:none}nav{display:none}"
    ".st,th{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    "figure{margin:.4em 0 .8em}figure img{width:100%;max-width:none}"
    "img.overview{width:100%;max-width:none;max-height:240mm;object-fit:contain;object-position:left top}"
    "section.charts{break-before:page;page-break-before:always}"
    "ul.sources{font-size:7pt;columns:2;column-gap:2em}ul.sources li{break-inside:avoid;"
    "overflow-wrap:anywhere}ul.sources a.src::after{content:\" <\" attr(href) \">\";color:#555}"
    /* a plan's document with its many lines breaks between them (kept whole, it was moved to a page of its own) */
    "ul.sources li.doc{break-inside:auto;orphans:3;widows:2}ul.sources .sub{break-inside:avoid}}"
    /* a phone: six columns of 60 px broke words inside syllables ("Đán h giá", "(202 3)") and pushed the badges
     * off the screen; each target is a card instead, its cells one under another after their column's name
     * (phone_labels) */
    "@media screen and (max-width:640px){body{padding:0 .7em}"
    "table.score,table.score tbody,table.score tr,table.score td{display:block;width:auto}"
    "table.score thead,table.score colgroup{display:none}table.score tr{border-bottom:2px solid #bbb;padding:.4em 0}"
    "table.score td{border:0;padding:.1em 0}table.score td:first-child{font-weight:bold}"
    "table.score td:first-child .small,table.score td:first-child .sub{font-weight:normal}"
    "table.score td:nth-child(n+2)::before{color:#555;font-size:.85em}}";

/* Append s as the text of a CSS string (inside double quotes): quotes, backslashes and markup escaped. */
static void css_string(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '"' || *s == '\\' || *s == '<' || *s == '>' || *s == '&') fprintf(f, "\\%x ", (unsigned char)*s);
        else fputc(*s, f);
    }
}

/* The column names a phone shows before each cell of a scorecard card (CSS above), in the pack's language. */
static void phone_labels(FILE *f, chitieu_lang lang)
{
    static const chitieu_word cols[] = {CHITIEU_W_COL_TARGET, CHITIEU_W_COL_NOW, CHITIEU_W_COL_OUTCOME,
                                            CHITIEU_W_COL_PACE, CHITIEU_W_COL_STATUS};
    fputs("@media screen and (max-width:640px){", f);
    for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++) {
        fprintf(f, "table.score td:nth-child(%zu)::before{content:\"", k + 2);
        css_string(f, chitieu_words_text(cols[k], lang));
        fputs(": \"}", f);
    }
    fputs("}", f);
}

/* The caveats' look: the marks by the names and the notes under a plan's tables (write_caveats). */
static const char CAVEAT_CSS[] =
    "sup.caveat a{color:#7f2704;font-weight:bold;text-decoration:none}"
    "div.caveats{font-size:.85em;color:#333;margin:.5em 0 1em}"
    "div.caveats p{margin:.2em 0;font-weight:bold;color:#7f2704}div.caveats ol{margin:.2em 0;padding-left:1.6em}"
    "@media print{div.caveats{break-inside:avoid;page-break-inside:avoid}}";

/* Today's date, or the one the options give. */
static void generated_date(char buf[32], const chitieu_report_opts *o)
{
    if (o->generated) { snprintf(buf, 32, "%s", o->generated); return; }
    time_t now = time(NULL);
    struct tm tmv;
    if (localtime_r(&now, &tmv)) strftime(buf, 32, "%Y-%m-%d", &tmv);
    else snprintf(buf, 32, "?");
}

/* A plan of the pack: its rows are those of as[] with this plan code. */
typedef struct {
    const char *code;
    chitieu_plan info;
    int have_info;
    int base;          /* the earliest year its targets need (0: none has a period) */
} plan_info;

/* The display name of a plan in the language (name_en in English when it has one, else its name, else code). */
static const char *plan_name(const plan_info *p, chitieu_lang lang)
{
    return p->have_info ? chitieu_words_pick(p->info.name, p->info.name_en, lang) : p->code;
}

/* The document of a plan in the language (document_en in English when it has one), NULL when it has none. */
static const char *plan_document(const plan_info *p, chitieu_lang lang)
{
    return p->have_info ? chitieu_words_pick(p->info.document, p->info.document_en, lang) : NULL;
}

/* First year a target's history must show: chitieu_assess_first_year, or 0 for a level of one year. */
static int first_needed(const chitieu_target *t)
{
    int point = t->shape == CHITIEU_SHAPE_AT_LEAST || t->shape == CHITIEU_SHAPE_AT_MOST || t->shape == CHITIEU_SHAPE_RANGE;
    return point ? 0 : chitieu_assess_first_year(t);
}

/* Sort idx[0..n) by the Vietnamese collation of texts[idx[i]], keeping the order of equals (insertion
 * sort: tens of goals or agencies; no global state, unlike qsort's comparator). */
static void sort_by_text(size_t *idx, size_t n, const char *const *texts)
{
    for (size_t i = 1; i < n; i++) {
        size_t v = idx[i], j = i;
        for (; j > 0 && chitieu_words_collate(texts[idx[j - 1]], texts[v]) > 0; j--) idx[j] = idx[j - 1];
        idx[j] = v;
    }
}

/* The deadline of a plan in words: the plan's, else the options', else "none set". */
static void deadline_text(char *buf, size_t n, const plan_info *p, const chitieu_report_opts *o)
{
    const char *d = p && p->have_info && p->info.deadline ? p->info.deadline : o->deadline;
    if (!d || !*d) { snprintf(buf, n, "%s", chitieu_words_text(CHITIEU_W_NO_DEADLINE, o->lang)); return; }
    char date[64];
    chitieu_words_date(date, sizeof date, d, o->lang);
    if (strlen(d) == 5) snprintf(buf, n, "%s %s", date, chitieu_words_text(CHITIEU_W_EVERY_YEAR, o->lang));
    else snprintf(buf, n, "%s", date);
}

/* The unit in brackets after a name: "(%)"; a unit with its own bracket, "‰ (ca/1.000 trẻ đẻ sống)", reads
 * "(‰, ca/1.000 trẻ đẻ sống)" rather than brackets in brackets (name_area's rule). */
static void unit_in_parens(FILE *f, const char *u)
{
    size_t n = strlen(u) + 4;
    char *b = malloc(n);
    if (!b) { fputs("(", f); html(f, u); fputs(")", f); return; }
    html(f, name_area(b, n, "", u) + 1); /* name_area writes " (...)" after the empty name */
    free(b);
}

/* The number of group gi's caveat in its plan's list (1, 2, ...), given the first time a row of the plan asks:
 * first[0..*n) are the groups the list names, one per indicator, num[] each group's number; 0 when its indicator
 * has no note in the language. */
static size_t caveat_number(size_t *num, size_t *first, size_t *n, const group *g, size_t gi, chitieu_lang lang)
{
    if (!chitieu_words_note(&g[gi].ind, lang)) return 0;
    if (num[gi]) return num[gi];
    for (size_t k = 0; k < *n; k++)
        if (!strcmp(g[first[k]].ind.code, g[gi].ind.code)) return num[gi] = k + 1;
    first[*n] = gi;
    return num[gi] = ++*n;
}

/* The mark of caveat k of plan p after an indicator's name: its number, a link to the note under the plan's
 * tables with the note as its title; nothing when k is 0. */
static void write_caveat_mark(FILE *f, size_t p, size_t k, const group *g, chitieu_lang lang)
{
    if (!k) return;
    fprintf(f, "<sup class=\"caveat\"><a href=\"#caveat-%zu-%zu\" title=\"", p, k);
    html(f, chitieu_words_text(CHITIEU_W_CAVEAT, lang));
    fputs(": ", f);
    html(f, chitieu_words_note(&g->ind, lang));
    fprintf(f, "\">%zu</a></sup>", k);
}

/* The notes of a plan's indicators under its tables (plan p; groups first[0..n), numbered as their marks):
 * "Lưu ý về số liệu" ("About the figures"), then each indicator's name and note; nothing when n is 0. */
static void write_caveats(FILE *f, size_t p, const group *g, const size_t *first, size_t n, chitieu_lang lang)
{
    if (!n) return;
    fputs("<div class=\"caveats\"><p>", f);
    html(f, chitieu_words_text(CHITIEU_W_CAVEATS, lang));
    fputs("</p>\n<ol>\n", f);
    for (size_t k = 0; k < n; k++) {
        const group *gk = &g[first[k]];
        fprintf(f, "<li id=\"caveat-%zu-%zu\"><strong>", p, k + 1);
        html(f, ind_name(&gk->ind, lang));
        fputs("</strong>: ", f);
        html(f, chitieu_words_note(&gk->ind, lang));
        fputs("</li>\n", f);
    }
    fputs("</ol></div>\n", f);
}

/* Whether a bracket of the name already gives the unit: the World Bank's "GDP growth (annual %)", "Life
 * expectancy at birth, total (years)" read "(annual %) (%)", "(years) (years)" with the unit after them. */
static int unit_in_name(const char *name, const char *unit)
{
    size_t k = strlen(unit);
    for (const char *o = strchr(name, '('); k && o; o = strchr(o + 1, '(')) {
        const char *c = strchr(o, ')');
        if (!c) return 0;
        for (const char *p = o + 1; p + k <= c; p++)
            if (!strncmp(p, unit, k)) return 1;
    }
    return 0;
}

/* One scorecard row; `caveat` is the number of its indicator's note in plan p's list (0: none). */
static void write_row(FILE *f, const chitieu_assessment *a, const chitieu_report_row *r, const group *g,
                      int show_area, size_t p, size_t caveat, const chitieu_report_opts *o)
{
    fprintf(f, "<tr class=\"target\" data-status=\"%s\"><td>", chitieu_status_name(a->status));
    if (g->script) fprintf(f, "<a href=\"#chart-%s\">", g->stem);
    html(f, r->name);
    if (g->script) fputs("</a>", f);
    write_caveat_mark(f, p, caveat, g, o->lang);
    if (*r->unit && !unit_in_name(r->name, r->unit)) { /* a per-mille glossed by the name: "(‰)" */
        const char *g = chitieu_words_permille_gloss(r->unit);
        char gloss[256];
        if (g) snprintf(gloss, sizeof gloss, "%.*s", (int)strcspn(g, ")"), g);
        fputs(" <span class=\"small\">", f);
        unit_in_parens(f, g && *gloss && unit_in_name(r->name, gloss) ? cell_unit(r->unit) : r->unit);
        fputs("</span>", f);
    }
    if (show_area) { fputs("<span class=\"sub\">", f); html(f, r->area); fputs("</span>", f); }
    fputs("</td><td>", f);
    html(f, r->target);
    fputs("</td><td>", f);
    html(f, *r->last ? r->last : "–");
    const char *d = last_rebuilt(g, a);
    if (d) { /* how the rebuilt latest value was made */
        fputs("<span class=\"sub\">", f);
        html(f, chitieu_words_text(CHITIEU_W_REBUILT_NOTE, o->lang));
        fputs(": ", f);
        html(f, d);
        fputs("</span>", f);
    }
    if (*r->so_far) { fputs("<span class=\"sub\">", f); html(f, r->so_far); fputs("</span>", f); }
    fputs("</td><td>", f);
    html(f, *r->outcome ? r->outcome : "–");
    if (*r->band) { fputs("<span class=\"sub\">", f); html(f, r->band); fputs("</span>", f); }
    fputs("</td><td>", f);
    const char *pace = r->pace;
    char trend[sizeof r->pace];
    if (*r->why && a->base_missing) { /* the status says the base year is missing: the pace cell keeps the trend */
        chitieu_assessment b = *a;
        b.base_missing = 0;
        chitieu_words_ctx c = {o->lang, g->ind.unit, r->versus};
        pace = chitieu_words_pace(trend, sizeof trend, &b, &c);
    }
    html(f, *pace ? pace : "–");
    int owed = a->status == CHITIEU_STATUS_NO_DATA; /* the badge leads to the list of figures owed */
    fputs("</td><td>", f);
    if (owed) {
        fputs("<a class=\"owed\" href=\"#owed\" title=\"", f);
        html(f, chitieu_words_text(CHITIEU_W_SEE_OWED, o->lang));
        fputs("\">", f);
    }
    fprintf(f, "<span class=\"st st-%s\">", chitieu_status_name(a->status));
    html(f, r->status);
    fputs(owed ? "</span></a>" : "</span>", f);
    if (*r->probability) {
        fputs("<span class=\"sub\">", f);
        html(f, chitieu_words_text(CHITIEU_W_PROBABILITY, o->lang));
        fputs(" ", f);
        html(f, r->probability);
        fputs("</span>", f);
    }
    if (*r->why) { fputs("<span class=\"sub\">", f); html(f, r->why); fputs("</span>", f); }
    fputs("</td></tr>\n", f);
}

/* Counts of statuses of the rows of plan `code` (NULL: all), as badges. */
static void write_counts(FILE *f, const chitieu_assessment *as, size_t n, const char *code, chitieu_lang lang)
{
    size_t count[CHITIEU_STATUS_COUNT_] = {0};
    for (size_t i = 0; i < n; i++)
        if ((!code || !strcmp(as[i].target.plan, code)) && as[i].status >= 0 && as[i].status < CHITIEU_STATUS_COUNT_)
            count[as[i].status]++;
    fputs("<p class=\"summary\">", f);
    for (int s = 0; s < CHITIEU_STATUS_COUNT_; s++)
        if (count[s]) {
            fprintf(f, "<span><span class=\"st st-%s\">", chitieu_status_name((chitieu_status)s));
            html(f, chitieu_words_status((chitieu_status)s, lang));
            fprintf(f, "</span> %zu</span>", count[s]);
        }
    fputs("</p>\n", f);
}

/* The owed section: pairs with a target lacking data, by lead agency; years missing up to `due`. */
static int write_owed(FILE *f, const group *g, size_t ng, const chitieu_report_row *rows, const plan_info *plans,
                      size_t np, int due, const chitieu_report_opts *o)
{
    chitieu_lang lang = o->lang;
    size_t *idx = malloc((ng ? ng : 1) * sizeof *idx), m = 0;
    const char **agency = calloc(ng ? ng : 1, sizeof *agency), **names = calloc(ng ? ng : 1, sizeof *names);
    char **missing = calloc(ng ? ng : 1, sizeof *missing), **deadline = calloc(ng ? ng : 1, sizeof *deadline);
    int rc = CHITIEU_OK;
    if (!idx || !agency || !names || !missing || !deadline) rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    for (size_t i = 0; i < ng && !rc; i++) {
        int lo = 0, hi = 0, any = 0;
        const plan_info *pl = NULL;
        const char *why = NULL; /* why the first of them has no assessment */
        for (size_t k = 0; k < g[i].n; k++) {
            const chitieu_assessment *a = &g[i].targets[k];
            if (a->status != CHITIEU_STATUS_NO_DATA) continue;
            if (!why) why = rows[g[i].index[k]].why;
            const plan_info *p = NULL;
            for (size_t j = 0; j < np; j++) if (!strcmp(plans[j].code, a->target.plan)) p = &plans[j];
            int start = first_needed(&a->target);
            if (!start) start = p && p->base ? p->base : a->target.year - 4; /* a level: from the plan's start */
            int end = a->target.year < due ? a->target.year : due;
            if (!any || start < lo) lo = start;
            if (!any || end > hi) hi = end;
            if (!pl) pl = p;
            any = 1;
        }
        if (!any) continue;
        int *ys = malloc((size_t)(hi >= lo ? hi - lo + 1 : 1) * sizeof *ys);
        size_t ny = 0;
        if (!ys) { rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory"); break; }
        for (int y = lo; y <= hi; y++)
            if (chitieu_series_find(g[i].s, y) < 0) ys[ny++] = y;
        char yb[400], db[120];
        if (ny) chitieu_words_years(yb, sizeof yb, ys, ny);
        else snprintf(yb, sizeof yb, "%s", why && *why ? why : chitieu_words_text(CHITIEU_W_NOT_YET_DUE, lang));
        free(ys);
        deadline_text(db, sizeof db, pl, o);
        idx[m] = m;
        agency[m] = g[i].ind.agency ? chitieu_words_agency(g[i].ind.agency, lang)
                                    : chitieu_words_text(CHITIEU_W_NO_AGENCY, lang);
        const chitieu_report_row *r = &rows[g[i].index[0]];
        size_t nl = strlen(r->name) + strlen(r->area) + 4;
        char *nm = malloc(nl);
        if (nm) name_area(nm, nl, r->name, r->area);
        names[m] = nm;
        missing[m] = chitieu__strdup(yb);
        deadline[m] = chitieu__strdup(db);
        if (!nm || !missing[m] || !deadline[m]) { m++; rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory"); break; }
        m++;
    }
    if (!rc && m) {
        /* by agency as shown (Vietnamese collation), then by name */
        char **key = calloc(m, sizeof *key);
        if (!key) rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
        for (size_t i = 0; i < m && !rc; i++) {
            size_t kl = strlen(agency[i]) + strlen(names[i]) + 2;
            if (!(key[i] = malloc(kl))) { rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory"); break; }
            snprintf(key[i], kl, "%s\x01%s", agency[i], names[i]); /* \x01 sorts before every letter */
        }
        if (!rc) {
            sort_by_text(idx, m, (const char *const *)key);
            fputs("<section id=\"owed\"><h2>", f);
            html(f, chitieu_words_text(CHITIEU_W_OWED, lang));
            fputs("</h2>\n<p class=\"small\">", f);
            html(f, chitieu_words_text(CHITIEU_W_OWED_NOTE, lang));
            fputs("</p>\n", f);
            /* one table per agency: its heading and the column heads are the table's head, which a
             * printed page repeats when the table runs on; a short table is kept on one page */
            for (size_t k = 0; k < m;) {
                size_t e = k;
                while (e < m && !strcmp(agency[idx[e]], agency[idx[k]])) e++;
                fprintf(f, "<table class=\"owed%s\"><colgroup><col style=\"width:58%%\"><col style=\"width:24%%\">"
                           "<col style=\"width:18%%\"></colgroup>\n<thead><tr><th class=\"agency\" colspan=\"3\">",
                        e - k <= 5 ? " short" : "");
                html(f, agency[idx[k]]);
                fputs("</th></tr>\n<tr><th>", f);
                html(f, chitieu_words_text(CHITIEU_W_COL_INDICATOR, lang));
                fputs("</th><th>", f);
                html(f, chitieu_words_text(CHITIEU_W_COL_YEARS_MISSING, lang));
                fputs("</th><th>", f);
                html(f, chitieu_words_text(CHITIEU_W_COL_DEADLINE, lang));
                fputs("</th></tr></thead>\n<tbody>\n", f);
                for (; k < e; k++) {
                    size_t i = idx[k];
                    fputs("<tr><td>", f);
                    html(f, names[i]);
                    fputs("</td><td>", f);
                    html(f, missing[i]);
                    fputs("</td><td>", f);
                    html(f, deadline[i]);
                    fputs("</td></tr>\n", f);
                }
                fputs("</tbody></table>\n", f);
            }
            fputs("</section>\n", f);
        }
        for (size_t i = 0; key && i < m; i++) free(key[i]);
        free(key);
    }
    for (size_t i = 0; i < m; i++) {
        free((char *)names[i]);
        free(missing[i]);
        free(deadline[i]);
    }
    free(idx);
    free(agency);
    free(names);
    free(missing);
    free(deadline);
    return rc;
}

/* The one area of all a plan's targets, or NULL when they have several. */
static const char *plan_area(const plan_info *pl, const chitieu_report_row *rows, const chitieu_assessment *as,
                             size_t n)
{
    const char *area0 = NULL;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(as[i].target.plan, pl->code)) {
            if (!area0) area0 = rows[i].area;
            else if (strcmp(area0, rows[i].area)) return NULL;
        }
    return area0;
}

/* The line under a plan's name: document and date of issue, area (when all its targets share one),
 * reporting deadline. */
static void write_plan_meta(FILE *f, const plan_info *pl, const chitieu_report_row *rows,
                            const chitieu_assessment *as, size_t n, const chitieu_report_opts *o)
{
    chitieu_lang lang = o->lang;
    char dl[120];
    const char *area0 = plan_area(pl, rows, as, n);
    fputs("<p class=\"meta\">", f);
    const char *doc = plan_document(pl, lang);
    if (doc) { /* cited as the sources cite it, its date of issue before its issuer; the plan's name is the heading */
        char cite[1600];
        html(f, chitieu_words_citation(cite, sizeof cite, doc, pl->info.issued, NULL, lang));
        fputs(" · ", f);
    }
    if (area0) {
        html(f, chitieu_words_text(CHITIEU_W_COL_AREA, lang));
        fputs(": ", f);
        html(f, area0);
        fputs(" · ", f);
    }
    deadline_text(dl, sizeof dl, pl, o);
    html(f, chitieu_words_text(CHITIEU_W_DATA_DEADLINE, lang));
    fputs(": ", f);
    html(f, dl);
    fputs("</p>\n", f);
}

/* Write " (area)" escaped, an area's own bracket as in name_area. */
static void put_area(FILE *f, const char *area)
{
    char b[400];
    html(f, name_area(b, sizeof b, "", area));
}

/* A source as group g names it: one of its targets' (kind 0) or one of its figures' (kind 1); `order` is its
 * place among all such uses, the target sources first in the order of the groups, then the figures'. */
typedef struct {
    const char *src;
    int kind;
    size_t g, order;
    const char *plan; /* kind 0: the plan of the target */
    size_t rank;      /* the place of that plan among the pack's plans when its document is known, else their count */
} source_use;

/* Order of uses: by source, kind, plan, then place (a source's uses in runs, its targets' first, by plan, each in
 * the groups' order). */
static int cmp_source_use(const void *x, const void *y)
{
    const source_use *a = x, *b = y;
    int c = strcmp(a->src, b->src);
    if (!c) c = a->kind - b->kind;
    if (!c) c = strcmp(a->plan ? a->plan : "", b->plan ? b->plan : "");
    return c ? c : (a->order > b->order) - (a->order < b->order);
}

/* Whether use b is in the run of use a: the same source, and a target's of the same plan or a figure's (a source's
 * figures go with its last plan's targets). */
static int same_run(const source_use *a, const source_use *b)
{
    return !strcmp(a->src, b->src) && (b->kind == 1 || !strcmp(a->plan ? a->plan : "", b->plan ? b->plan : ""));
}

/* The groups of the n uses u (one source, one kind) as a line "<lead> — <word>: a; b (Bình Dương); c (Việt Nam)",
 * the area after each run of names in one area (lead: HTML, may be NULL); nothing when n is 0. */
static void write_source_of(FILE *f, const group *g, const chitieu_report_row *rows, const source_use *u, size_t n,
                            const char *lead, chitieu_word word, chitieu_lang lang)
{
    if (!n) return;
    fputs("<span class=\"sub\">", f);
    if (lead && *lead) fprintf(f, "%s — ", lead);
    html(f, chitieu_words_text(word, lang));
    fputs(": ", f);
    for (size_t j = 0; j < n; j++) {
        const chitieu_report_row *r = &rows[g[u[j].g].index[0]];
        if (j && strcmp(rows[g[u[j - 1].g].index[0]].area, r->area)) put_area(f, rows[g[u[j - 1].g].index[0]].area);
        fputs(j ? "; " : "", f);
        html(f, r->name);
    }
    put_area(f, rows[g[u[n - 1].g].index[0]].area);
    fputs("</span>", f);
}

/* Write the address u (n bytes) as a link named by its publisher (url_host); printed, the address follows it
 * (CSS). */
static void put_url(FILE *f, const char *u, size_t n)
{
    const char *h;
    size_t hn = url_host(u, n, &h);
    fputs("<a class=\"src\" href=\"", f);
    html_n(f, u, n);
    fputs("\">", f);
    html_n(f, h, hn);
    fputs("</a>", f);
}

/* Write the n bytes of text s escaped, each web address in it as put_url writes it ("theo" before one in the
 * pack's language), a World Bank source at its start in words (chitieu_words_wdi). */
static void put_linked(FILE *f, const char *s, size_t n, chitieu_lang lang)
{
    const char *theo = chitieu_words_text(CHITIEU_W_REPORTED_BY, CHITIEU_LANG_VI);
    size_t i = 0, from = 0, tl = strlen(theo);
    char wb[256];
    size_t wdi = chitieu_words_wdi(wb, sizeof wb, s, lang); /* a World Bank source in words (display only) */
    if (wdi && wdi <= n) {
        html(f, wb);
        i = from = wdi;
    }
    while (i < n) {
        size_t k = (s[i] == 'h' && (!i || s[i - 1] == ' ' || s[i - 1] == '(')) ? url_len(s + i) : 0;
        if (k && i + k <= n) {
            size_t end = i;
            if (end >= from + tl + 1 && !strncmp(s + end - tl - 1, theo, tl) && s[end - 1] == ' ' &&
                (end == from + tl + 1 || s[end - tl - 2] == ' ')) {
                end -= tl + 1; /* "theo <address>" in the pack's language */
                html_n(f, s + from, end - from);
                html(f, chitieu_words_text(CHITIEU_W_REPORTED_BY, lang));
                fputc(' ', f);
            } else {
                html_n(f, s + from, i - from);
            }
            put_url(f, s + i, k);
            i = from = i + k;
        } else {
            i++;
        }
    }
    html_n(f, s + from, n - from);
}

/* Whether the text p (n bytes), the first part of a target source, names the document doc: its first number
 * (chitieu_words_is_number) is the document's ("2699/QĐ-UBND"), or it has none and starts with the document's
 * first two words ("Nghị quyết ...").  An address names none. */
static int names_document(const char *p, size_t n, const char *doc)
{
    if (!doc || url_len(p)) return 0;
    for (size_t i = 0; i < n; i++) {
        size_t w = strcspn(p + i, " ,;()");
        if (w > n - i) w = n - i;
        if (chitieu_words_is_number(p + i, w)) {
            for (const char *d = doc; (d = strchr(d, p[i])) != NULL; d++)
                if (!strncmp(d, p + i, w)) return 1;
            return 0;
        }
        i += w;
    }
    const char *sp = strchr(doc, ' ');
    size_t two = sp ? (size_t)(sp - doc) + 1 + strcspn(sp + 1, " ,") : strlen(doc);
    return n >= two && !strncmp(p, doc, two) && (n == two || p[two] == ' ' || p[two] == ',');
}

/* malloc'd HTML of where in document doc target source src sets its targets: the source's parts after its first
 * when that names the document (the citation says it), else all of them, ", "-separated, a seed reference in words
 * ("bản chép 002, dòng 261"), addresses as links; "" when nothing is left.  *copy is set when a seed reference is
 * written. */
static char *source_detail(const char *src, const char *doc, int *copy, chitieu_lang lang)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return NULL;
    size_t first = strstr(src, ", ") ? (size_t)(strstr(src, ", ") - src) : strlen(src);
    const char *p = names_document(src, first, doc) ? src + first + (src[first] ? 2 : 0) : src;
    for (int k = 0; *p; k++) {
        const char *c = strstr(p, ", ");
        size_t n = c ? (size_t)(c - p) : strlen(p);
        if (url_len(p) && url_len(p) > n) n = strlen(p); /* an address with ", " in it: the rest */
        char loc[256];
        size_t wdi = chitieu_words_wdi(loc, sizeof loc, p, lang); /* "World Bank WDI X, updated D": two parts */
        fputs(k ? ", " : "", f);
        if (wdi) {
            html(f, loc);
            n = wdi;
        } else if (chitieu_words_locator(loc, sizeof loc, p, n, lang)) {
            html(f, loc);
            *copy = 1;
        } else {
            put_linked(f, p, n, lang);
        }
        p += n;
        if (*p) p += 2;
    }
    if (fclose(f) != 0) { free(buf); return NULL; }
    return buf;
}

/* The plan of use a (a target's) with its record, or NULL. */
static const plan_info *use_plan(const source_use *a, const plan_info *plans, size_t np)
{
    for (size_t j = 0; a->kind == 0 && a->plan && j < np; j++)
        if (!strcmp(plans[j].code, a->plan)) return plans[j].have_info && plans[j].info.document ? &plans[j] : NULL;
    return NULL;
}

/* Order of the runs (given by their first use): the target sources of one plan together, in the order of the
 * plans, then by the first use's place. */
static int cmp_run_by_plan(const void *x, const void *y)
{
    const source_use *a = *(const source_use *const *)x, *b = *(const source_use *const *)y;
    if (a->rank != b->rank) return a->rank < b->rank ? -1 : 1;
    return (a->order > b->order) - (a->order < b->order);
}

/* The sources section's list: every target source and every source of the figures once.  The target sources
 * of a plan whose document is known are one item, the document cited as a reader cites it ("Quyết định số
 * 2699/QĐ-UBND ngày 14/12/2018 của UBND tỉnh Bến Tre về ..."), a line under it for each source naming where in
 * the document ("bản chép 002, dòng 261") and the targets it sets; any other source is an item of its own (an
 * address as a link named by its publisher), naming the targets it sets and the indicators it gives figures for.
 * Items in the order of the plans, then of the figures.  The uses are sorted into runs of one source (n log n,
 * not a scan of the groups per source). */
static int write_sources(FILE *f, const group *g, size_t ng, const chitieu_report_row *rows, const plan_info *plans,
                         size_t np, chitieu_lang lang)
{
    size_t nu = 0, nr = 0;
    int rc = CHITIEU_OK, copy = 0;
    for (size_t i = 0; i < ng; i++) nu += g[i].n + g[i].nsrc;
    source_use *u = malloc((nu ? nu : 1) * sizeof *u);
    const source_use **run = malloc((nu ? nu : 1) * sizeof *run);
    if (!u || !run) { free(u); free(run); return chitieu__fail(CHITIEU_ENOMEM, "out of memory"); }
    nu = 0;
    for (size_t i = 0; i < ng; i++)
        for (size_t t = 0; t < g[i].n; t++)
            if (first_target_source(&g[i], t, 1))
                u[nu] = (source_use){g[i].targets[t].target.source, 0, i, nu, g[i].targets[t].target.plan, np}, nu++;
    for (size_t i = 0; i < ng; i++)
        for (size_t k = 0; k < g[i].nsrc; k++) u[nu] = (source_use){g[i].srcs[k], 1, i, nu, NULL, np}, nu++;
    for (size_t i = 0; i < nu; i++) {
        const plan_info *p = use_plan(&u[i], plans, np);
        if (p) u[i].rank = (size_t)(p - plans);
    }
    qsort(u, nu, sizeof *u, cmp_source_use);
    for (size_t i = 0; i < nu; i++)
        if (!i || !same_run(&u[i - 1], &u[i])) run[nr++] = &u[i];
    qsort(run, nr, sizeof *run, cmp_run_by_plan);
    const plan_info *open = NULL;
    for (size_t r = 0; r < nr && !rc; r++) {
        const source_use *a = run[r], *end = a;
        while (end < u + nu && same_run(a, end)) end++;
        const source_use *fig = a;
        while (fig < end && fig->kind == 0) fig++;
        const plan_info *p = use_plan(a, plans, np);
        if (r && (!p || p != open)) fputs("</li>\n", f);
        char *lead = NULL;
        if (p) {
            if (p != open) {
                char cite[1600];
                fputs("<li class=\"doc\">", f);
                html(f, chitieu_words_citation(cite, sizeof cite, plan_document(p, lang), p->info.issued,
                                               plan_name(p, lang), lang));
            }
            if (!(lead = source_detail(a->src, p->info.document, &copy, lang)))
                rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
        } else {
            fputs("<li>", f);
            put_linked(f, a->src, strlen(a->src), lang);
        }
        open = p;
        write_source_of(f, g, rows, a, (size_t)(fig - a), lead, CHITIEU_W_TARGET_OF, lang);
        write_source_of(f, g, rows, fig, (size_t)(end - fig), NULL, CHITIEU_W_SOURCE_OF, lang);
        free(lead);
    }
    if (nr) fputs("</li>\n", f);
    fputs("</ul>\n", f);
    if (copy) {
        fputs("<p class=\"small\">", f);
        html(f, chitieu_words_text(CHITIEU_W_COPY_NOTE, lang));
        fputs("</p>\n", f);
    }
    free(u);
    free(run);
    return rc;
}

/* The pack's page (see the file header): metadata, per plan overview and scorecard by goal,
 * what is owed, charts, sources. */
static int write_index(const char *dir, group *g, size_t ng, const chitieu_report_row *rows,
                       const chitieu_assessment *as, size_t n, plan_info *plans, size_t np, char **ov_names,
                       chitieu_store *st, const chitieu_report_opts *o)
{
    chitieu_lang lang = o->lang;
#define W(id) chitieu_words_text(CHITIEU_W_##id, lang)
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    const char *title = o->title ? o->title : (np == 1 && plans[0].have_info ? plan_name(&plans[0], lang) : W(PACK_TITLE));
    const char *ext = chitieu_chart_format_ext(o->format);
    int img = o->format == CHITIEU_CHART_PNG || o->format == CHITIEU_CHART_SVG;
    /* group of each row, and the latest year with a figure */
    size_t *gof = malloc((n ? n : 1) * sizeof *gof);
    if (!gof) { fclose(f); free(buf); return chitieu__fail(CHITIEU_ENOMEM, "out of memory"); }
    int due = o->cutoff_year, latest = 0;
    for (size_t i = 0; i < ng; i++) {
        for (size_t k = 0; k < g[i].n; k++) gof[g[i].index[k]] = i;
        if (g[i].s->n && g[i].s->years[g[i].s->n - 1] > latest) latest = g[i].s->years[g[i].s->n - 1];
    }
    if (!due) due = latest;

    fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
            lang == CHITIEU_LANG_EN ? "en" : "vi");
    html(f, title);
    fprintf(f, "</title>\n<style>%s", CSS);
    phone_labels(f, lang);
    fputs(CAVEAT_CSS, f);
    fputs("</style>\n</head>\n<body>\n<header>\n<h1>", f);
    html(f, title);
    fputs("</h1>\n", f);
    int alone = np == 1 && !o->title && plans[0].have_info; /* the plan's name is the title */
    if (alone) write_plan_meta(f, &plans[0], rows, as, n, o);
    fputs("<p class=\"meta\">", f);
    char date[64], when[32];
    generated_date(when, o);
    html(f, W(GENERATED));
    fputs(" ", f);
    html(f, chitieu_words_date(date, sizeof date, when, lang));
    if (due) {
        fputs(" · ", f);
        html(f, W(DATA_TO));
        fprintf(f, " %d", due);
    }
    char *loaded = NULL;
    int lrc = chitieu_store_last_load(&loaded, st); /* an error fails the page below, not a date left out */
    if (!lrc && loaded) {
        fprintf(f, " (%s ", W(LOADED));
        html(f, chitieu_words_date(date, sizeof date, loaded, lang));
        fputs(")", f);
    }
    free(loaded);
    fputs("</p>\n<p class=\"small\">", f);
    html(f, W(METHOD_NOTE));
    fputs("</p>\n", f);
    write_counts(f, as, n, NULL, lang);
    fputs("</header>\n<nav><strong>", f);
    html(f, W(CONTENTS));
    fputs("</strong><ul>\n", f);
    for (size_t p = 0; p < np && !alone; p++) {
        fprintf(f, "<li><a href=\"#plan-%zu\">", p);
        html(f, plan_name(&plans[p], lang));
        fputs("</a></li>\n", f);
    }
    fputs("<li><a href=\"#owed\">", f);
    html(f, W(OWED));
    fputs("</a></li>\n<li><a href=\"#charts\">", f);
    html(f, W(CHARTS));
    fputs("</a></li>\n<li><a href=\"#sources\">", f);
    html(f, W(SOURCES));
    fputs("</a></li>\n</ul></nav>\n", f);

    /* per plan: heading with document and date, overview, scorecard by goal in the plan's order */
    const char **goal = calloc(n ? n : 1, sizeof *goal);
    size_t *cnum = calloc(ng ? ng : 1, sizeof *cnum), *cfirst = malloc((ng ? ng : 1) * sizeof *cfirst), ncav = 0;
    int rc = lrc ? lrc : goal && cnum && cfirst ? CHITIEU_OK : chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    for (size_t p = 0; p < np && !rc; p++) {
        const plan_info *pl = &plans[p];
        memset(cnum, 0, (ng ? ng : 1) * sizeof *cnum); /* the caveats are numbered per plan */
        ncav = 0;
        /* one plan whose name is the page's title: no second heading, line or count */
        /* a head of a few lines keeps with its first table when printed (it was left at a page's foot); one
         * with its overview chart is a block worth its place and may end a page */
        fprintf(f, "<section class=\"plan\" id=\"plan-%zu\">\n<div class=\"plan-head%s\">\n", p,
                ov_names[p] && img ? "" : " short");
        if (!alone) {
            fputs("<h2>", f);
            html(f, plan_name(pl, lang));
            fputs("</h2>\n", f);
        }
        if (!alone) write_plan_meta(f, pl, rows, as, n, o);
        int one_area = plan_area(pl, rows, as, n) != NULL;
        if (!alone) write_counts(f, as, n, pl->code, lang);
        if (ov_names[p] && img)
            fprintf(f, "<p><img class=\"overview\" src=\"charts/%s.%s\" alt=\"%s\"></p>\n", ov_names[p], ext,
                    W(OV_TITLE));
        fputs("</div>\n", f); /* the plan's head stays on one page */
        /* goals of this plan in the order the plan first names them (its targets come in the resolution's
         * order): Bình Dương's economy, society, environment, smart city; Bến Tre's SDG 1 to 17 */
        size_t ngoal = 0;
        for (size_t i = 0; i < n; i++) {
            if (strcmp(as[i].target.plan, pl->code)) continue;
            size_t j = 0;
            while (j < ngoal && strcmp(goal[j], rows[i].goal)) j++;
            if (j == ngoal) goal[ngoal++] = rows[i].goal;
        }
        for (size_t k = 0; k < ngoal; k++) {
            const char *gl = goal[k];
            size_t nrows = 0; /* a table of a few rows is kept on one page (split 1 and 1 it read as two) */
            for (size_t i = 0; i < n; i++) nrows += !strcmp(as[i].target.plan, pl->code) && !strcmp(rows[i].goal, gl);
            fputs("<h3>", f);
            html(f, gl);
            fprintf(f, "</h3>\n<table class=\"score%s\"><colgroup>", nrows <= SHORT_ROWS ? " short" : "");
            fputs("<col class=\"c-name\"><col class=\"c-target\">"
                  "<col class=\"c-now\"><col class=\"c-out\"><col class=\"c-pace\"><col class=\"c-st\"></colgroup>\n"
                  "<thead><tr><th>", f);
            html(f, W(COL_INDICATOR));
            fputs("</th><th>", f);
            html(f, W(COL_TARGET));
            fputs("</th><th>", f);
            html(f, W(COL_NOW));
            fputs("</th><th>", f);
            html(f, W(COL_OUTCOME));
            fputs("</th><th>", f);
            html(f, W(COL_PACE));
            fputs("</th><th>", f);
            html(f, W(COL_STATUS));
            fputs("</th></tr></thead>\n<tbody>\n", f);
            for (size_t i = 0; i < n; i++)
                if (!strcmp(as[i].target.plan, pl->code) && !strcmp(rows[i].goal, gl))
                    write_row(f, &as[i], &rows[i], &g[gof[i]], !one_area, p,
                              caveat_number(cnum, cfirst, &ncav, g, gof[i], lang), o);
            fputs("</tbody>\n</table>\n", f);
        }
        write_caveats(f, p, g, cfirst, ncav, lang);
        fputs("</section>\n", f);
    }
    if (!rc) rc = write_owed(f, g, ng, rows, plans, np, due, o);

    /* charts, in the order of the scorecard */
    fputs("<section class=\"charts\" id=\"charts\">\n<h2>", f);
    html(f, W(CHARTS));
    fputs("</h2>\n", f);
    for (size_t i = 0; i < ng; i++) {
        if (!g[i].script) continue;
        const chitieu_report_row *r = &rows[g[i].index[0]];
        fprintf(f, "<figure id=\"chart-%s\">", g[i].stem);
        if (img) {
            fprintf(f, "<img src=\"charts/%s.%s\" alt=\"", g[i].stem, ext);
            html(f, r->name);
            fputs(" — ", f);
            html(f, r->area);
            fputs("\">", f);
        } else {
            fprintf(f, "<a href=\"charts/%s.%s\">", g[i].stem, o->format == CHITIEU_CHART_GP ? "gp" : ext);
            html(f, r->name);
            fputs(" — ", f);
            html(f, r->area);
            fputs("</a>", f);
        }
        fprintf(f, "<figcaption><a href=\"charts/%s.gp\">", g[i].stem);
        html(f, W(SCRIPT));
        fputs("</a></figcaption></figure>\n", f);
    }
    fputs("</section>\n", f);

    /* sources: the distinct target sources and sources of the figures, then the full data files */
    fputs("<section id=\"sources\"><h2>", f);
    html(f, W(SOURCES));
    fputs("</h2>\n<ul class=\"small sources\">\n", f);
    if (!rc) rc = write_sources(f, g, ng, rows, plans, np, lang); /* closes the list */
    else fputs("</ul>\n", f);
    fputs("<p class=\"small\">", f);
    html(f, W(DATA_FILES));
    fputs(": <a href=\"scorecard.csv\">CSV</a>, <a href=\"scorecard.json\">JSON</a></p></section>\n", f);
    fputs("</body>\n</html>\n", f);
#undef W
    free(goal);
    free(cnum);
    free(cfirst);
    free(gof);
    if (fclose(f) != 0 || !buf) { free(buf); return chitieu__fail(CHITIEU_ENOMEM, "out of memory"); }
    char *path = rc ? NULL : path_join(dir, "index.html");
    if (!rc) rc = path ? write_file(path, buf) : CHITIEU_ENOMEM;
    free(path);
    free(buf);
    return rc;
}

/* The plans of the assessments, in order of first appearance, with their stored details. */
static int collect_plans(plan_info **out, size_t *np, chitieu_store *st, const chitieu_assessment *as, size_t n)
{
    plan_info *p = calloc(n ? n : 1, sizeof *p);
    if (!p) return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < m && strcmp(p[j].code, as[i].target.plan)) j++;
        if (j == m) {
            p[m].code = as[i].target.plan;
            int rc = chitieu_store_plan_get(&p[m].info, st, p[m].code);
            p[m].have_info = rc == CHITIEU_OK;
            m++;
            if (rc && rc != CHITIEU_ENOTFOUND) { /* the store cannot be read: not a plan without details */
                for (size_t k = 0; k < m; k++)
                    if (p[k].have_info) chitieu_store_plan_clear(&p[k].info);
                free(p);
                return rc;
            }
        }
        int b = first_needed(&as[i].target);
        if (b && (!p[j].base || b < p[j].base)) p[j].base = b;
    }
    *out = p;
    *np = m;
    return CHITIEU_OK;
}

/* The overview of plan `code`: one dot per target, labelled "name · area · year". */
static int plan_overview(char **script, const chitieu_assessment *as, const chitieu_report_row *rows, size_t n,
                         const char *code, const char *image, const chitieu_report_opts *o)
{
    int one_area = 1, drawn = 0, unsettled = 0; /* the area goes in the labels only when the plan has several */
    for (size_t i = 0, first = n; i < n; i++) {
        if (strcmp(as[i].target.plan, code)) continue;
        if (first == n) first = i;
        else if (strcmp(rows[i].area, rows[first].area)) one_area = 0;
        drawn += as[i].status != CHITIEU_STATUS_NO_DATA && !isnan(as[i].probability);
        unsettled += as[i].status != CHITIEU_STATUS_NO_DATA && !isnan(as[i].probability) && !settled(&as[i]);
    }
    *script = NULL;
    /* a few dots say no more than the table's rows, nor do dots at 0% and 100% only (a yearly plan whose
     * year is over: its badges say achieved or missed): no overview */
    if (drawn < 4 || unsettled == 0) return CHITIEU_OK;
    chitieu_assessment *sub = malloc((n ? n : 1) * sizeof *sub);
    char **labels = calloc(n ? n : 1, sizeof *labels);
    size_t m = 0;
    int rc = sub && labels ? CHITIEU_OK : chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    for (size_t i = 0; i < n && !rc; i++) {
        if (strcmp(as[i].target.plan, code)) continue;
        char name[200];
        chitieu_words_cut(name, sizeof name, rows[i].name, 72); /* the longest demo name, 67, whole */
        size_t ll = strlen(name) + strlen(rows[i].area) + 20;
        if (!(labels[m] = malloc(ll))) { rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory"); break; }
        if (one_area) snprintf(labels[m], ll, "%s · %d", name, as[i].target.year);
        else snprintf(labels[m], ll, "%s · %s · %d", name, rows[i].area, as[i].target.year);
        sub[m++] = as[i];
    }
    if (!rc) rc = chitieu_chart_overview(script, sub, (const char *const *)labels, m, o->lang, o->format, image);
    for (size_t i = 0; labels && i < m; i++) free(labels[i]);
    free(labels);
    free(sub);
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
    size_t ng = 0, np = 0;
    chitieu_report_row *rows = NULL;
    plan_info *plans = NULL;
    char **ov = NULL, **ov_names = NULL;
    int rc = mkdir_p(charts);
    if (!rc) rc = prepare(&g, &ng, &rows, st, as, n, o);
    /* a chart for every pair with two figures or more, or a compared series (the pairs without figures are listed
     * as owed): one figure beside its target is said by its row (its chart, a lone point and a marker, told the
     * meeting nothing more; 12 of the demo's 40) */
    for (size_t i = 0; i < ng && !rc; i++)
        if (g[i].s->n >= 2 || (g[i].s->n && g[i].vs && g[i].vs->n))
            rc = build_chart(&g[i], g[i].targets[0].target.indicator, g[i].targets[0].target.area, o);
    if (!rc) rc = collect_plans(&plans, &np, st, as, n);
    if (!rc && !((ov = calloc(np ? np : 1, sizeof *ov)) && (ov_names = calloc(np ? np : 1, sizeof *ov_names))))
        rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    for (size_t p = 0; p < np && !rc; p++) {
        char *stem = NULL, name[160], image[200];
        rc = chitieu_chart_stem(&stem, plans[p].code);
        if (rc) break;
        snprintf(name, sizeof name, "overview-%s", stem);
        free(stem);
        snprintf(image, sizeof image, "%s.%s", name, chitieu_chart_format_ext(o->format));
        if (!(ov_names[p] = chitieu__strdup(name))) rc = CHITIEU_ENOMEM;
        if (!rc) rc = plan_overview(&ov[p], as, rows, n, plans[p].code, image, o);
        if (!rc && !ov[p]) { free(ov_names[p]); ov_names[p] = NULL; } /* nothing drawn: no image */
    }
    if (!rc) rc = write_charts(out, g, ng, ov, ov_names, np, charts, o);
    if (!rc) rc = write_index(dir, g, ng, rows, as, n, plans, np, ov_names, st, o);
    out->targets = n;
    for (size_t p = 0; p < np; p++) {
        if (plans[p].have_info) chitieu_store_plan_clear(&plans[p].info);
        if (ov) free(ov[p]);
        if (ov_names) free(ov_names[p]);
    }
    free(ov);
    free(ov_names);
    free(plans);
    chitieu_report_rows_free(rows, n);
    groups_free(g, ng);
    free(charts);
    return rc;
}
