/*
 * backtest.c — are chitieu's probabilities of attainment and bands calibrated
 * on real indicator series?  Back-tests on the World Bank WDI all-countries
 * series and the UK's Open SDG headline series (../shared/data).
 *
 * Series: WDI, every country and aggregate row of the 14 indicator files
 * (all years with a figure; gaps kept); UK, every headline series (rows whose
 * disaggregation columns are all empty), one per Series/Units/Unit measure,
 * the year taken from the first 4 digits of the Year field (1974a and 1974b:
 * the later one).  Bounds as `assess` gives them: 0..100 for a share (WDI
 * codes ending .ZS, UK units naming a percentage), unbounded for growth rates
 * (codes ending .ZG, GROW) and for series with a negative value, 0 below
 * otherwise (counts, rates, levels).
 *
 * Cases: for each series, target years Y = its last observed year and the
 * last one at least 5 years before; for each distance H in 3, 5, 7, 10 the
 * history is every observation up to Y - H (at least 5 observations and
 * spanning at least 5 years); the projection (automatic method, the bounds
 * above) from the last of them to Y, h = Y - that year (3..10) years ahead.
 * Targets "at least T" at distances from the last value v:
 * T = v + m D h, m in -2, -1, -0.5, -0.25, 0, 0.25, 0.5, 1, 2, D = the mean
 * absolute change per year of the history (targets outside the bounds are
 * skipped; so are histories with D = 0).  P = chitieu_projection_prob (the
 * probability `assess` reports for such a target), outcome = the figure of Y
 * is >= T.
 *
 * Reported per source and pooled: cases, Brier score (and that of always
 * answering the base rate), the observed rate in each decile bin of P
 * against the bin's mean P (aim: within 0.07), the share of outcomes inside
 * the 80% and 95% bands, and the widest 95% band relative to the observed
 * range of the history, over the back-test projections and over every
 * series projected 10 years from its full history (aim: at most 10), and
 * over the same projections how many have a band end that turns back
 * outwards in the horizon (an upper end that falls and rises again, a lower
 * end that rises and falls again: a dip).
 *
 * Usage: backtest [WDI_DIR [UK_DIR]] [--csv FILE]   (defaults
 * ../shared/data/wdi/all-countries ../shared/data/open-sdg-uk/data, from the
 * repository root); --csv writes every case: source,series,last_year,year,
 * h,target,p,outcome,m (the distance multiplier),trend (net change / sum of
 * absolute changes of the history).
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "chitieu/csv.h"
#include "chitieu/error.h"
#include "chitieu/trend.h"

#define MAXY 200

typedef struct {
    char name[160];
    size_t n;
    int years[MAXY];
    double v[MAXY];
    double lower, upper;
} series;

typedef struct {
    size_t cases, bin_n[10], cov_n, cov80, cov95, wide, proj, dips;
    double brier, sum_o, bin_p[10], bin_o[10], worst_ratio;
    char worst[200];
} tally;

static tally T[3]; /* wdi, uk, pooled */
static FILE *csv_out;

static void bounds_for(series *s, int share, int growth)
{
    int neg = 0;
    for (size_t i = 0; i < s->n; i++) neg |= s->v[i] < 0;
    s->lower = s->upper = NAN;
    if (share && !neg) s->lower = 0, s->upper = 100;
    else if (!growth && !neg) s->lower = 0;
}

static chitieu_projection *project(const series *s, size_t n, int to_year)
{
    chitieu_trend_opts o;
    chitieu_trend_opts_init(&o);
    o.lower = s->lower;
    o.upper = s->upper;
    chitieu_projection *p = NULL;
    if (chitieu_trend_project(&p, s->years, s->v, n, to_year, &o)) {
        fprintf(stderr, "backtest: %s: %s\n", s->name, chitieu_error_last());
        return NULL;
    }
    return p;
}

/* The widest 95% band of p relative to the observed range of the first n values of s. */
static void band_ratio(tally *t, const series *s, size_t n, const chitieu_projection *p)
{
    /* a band end with a dip: an upper end that falls and rises again, a lower end that rises and falls again */
    const double *end[] = {p->lo95, p->lo80, p->hi80, p->hi95};
    int dip = 0;
    for (int e = 0; e < 4; e++) {
        double sg = e < 2 ? -1 : 1, tol = 1e-9 * (fabs(end[e][0]) + 1);
        int turned = 0;
        for (size_t k = 1; k < p->h; k++) {
            double d = sg * (end[e][k] - end[e][k - 1]);
            if (d < -tol) turned = 1;
            else if (d > tol && turned) dip = 1;
        }
    }
    double lo = s->v[0], hi = s->v[0];
    for (size_t i = 1; i < n; i++) lo = fmin(lo, s->v[i]), hi = fmax(hi, s->v[i]);
    t->dips += dip && hi > lo && p->h > 0; /* over the projections counted below */
    for (size_t k = 0; k < p->h && hi > lo; k++) {
        double r = (p->hi95[k] - p->lo95[k]) / (hi - lo);
        t->proj += k == 0;
        if (r > 10) t->wide += k == 0 || (p->hi95[k - 1] - p->lo95[k - 1]) / (hi - lo) <= 10;
        if (r > t->worst_ratio) {
            t->worst_ratio = r;
            snprintf(t->worst, sizeof t->worst, "%.150s, %d from %d", s->name, p->first_year + (int)k,
                     s->years[n - 1]);
        }
    }
}

static void add_case(int src, const series *s, int last, int year, int h, double target, double p, int o, double m, double trend)
{
    for (int i = 0; i < 3; i += 2 - src % 2 * 0) {
        tally *t = &T[i == 0 ? src : 2];
        t->cases++;
        t->brier += (p - o) * (p - o);
        t->sum_o += o;
        int b = p >= 1 ? 9 : (int)(p * 10);
        t->bin_n[b]++;
        t->bin_p[b] += p;
        t->bin_o[b] += o;
        if (i == 2) break;
    }
    if (csv_out)
        fprintf(csv_out, "%s,\"%s\",%d,%d,%d,%.10g,%.6f,%d,%g,%.4f\n", src ? "uk" : "wdi", s->name, last, year, h, target, p,
                o, m, trend);
}

/* Back-test one series (src 0: WDI, 1: UK). */
static void backtest(int src, const series *s)
{
    if (s->n < 6) return;
    chitieu_projection *full = project(s, s->n, s->years[s->n - 1] + 10);
    if (full) {
        band_ratio(&T[src], s, s->n, full);
        band_ratio(&T[2], s, s->n, full);
        chitieu_projection_free(full);
    }
    int targets[2] = {s->years[s->n - 1], 0};
    for (size_t i = s->n; i-- > 0;)
        if (s->years[i] <= targets[0] - 5) { targets[1] = s->years[i]; break; }
    static const int dist[] = {3, 5, 7, 10};
    static const double mult[] = {-2, -1, -0.5, -0.25, 0, 0.25, 0.5, 1, 2};
    int done_last[8], nd = 0;
    for (int ti = 0; ti < 2 && targets[ti]; ti++) {
        int Y = targets[ti];
        size_t iy = 0;
        while (s->years[iy] != Y) iy++;
        for (size_t di = 0; di < 4; di++) {
            size_t n = 0;
            while (n < s->n && s->years[n] <= Y - dist[di]) n++;
            if (n < 5 || s->years[n - 1] - s->years[0] < 5) continue;
            int last = s->years[n - 1], h = Y - last, dup = 0;
            if (h > 10) continue;
            for (int j = 0; j < nd; j++) dup |= done_last[j] == last * 10000 + Y;
            if (dup) continue;
            done_last[nd++] = last * 10000 + Y;
            chitieu_projection *p = project(s, n, Y);
            if (!p) continue;
            band_ratio(&T[src], s, n, p);
            band_ratio(&T[2], s, n, p);
            double y = s->v[iy], sumd = 0;
            for (int t = 0; t < 3; t += 2) {
                tally *tt = &T[t ? 2 : src];
                tt->cov_n++;
                tt->cov80 += p->lo80[h - 1] <= y && y <= p->hi80[h - 1];
                tt->cov95 += p->lo95[h - 1] <= y && y <= p->hi95[h - 1];
            }
            for (size_t i = 1; i < n; i++) sumd += fabs(s->v[i] - s->v[i - 1]);
            double D = sumd / (double)(last - s->years[0]);
            for (size_t mi = 0; D > 0 && mi < sizeof mult / sizeof *mult; mi++) {
                double target = s->v[n - 1] + mult[mi] * D * h;
                if (!(target > (isnan(s->lower) ? -INFINITY : s->lower)) ||
                    !(target < (isnan(s->upper) ? INFINITY : s->upper)))
                    continue;
                double pr = chitieu_projection_prob(p, (size_t)h - 1, target, NAN);
                add_case(src, s, last, Y, h, target, pr, y >= target, mult[mi], (s->v[n - 1] - s->v[0]) / sumd);
            }
            chitieu_projection_free(p);
        }
    }
}

/* WDI bulk CSV: one series per row, every year with a figure. */
static size_t read_wdi(const char *path, const char *file)
{
    chitieu_csv *c;
    if (chitieu_csv_open(&c, path)) { fprintf(stderr, "backtest: %s\n", chitieu_error_last()); exit(1); }
    size_t nf, count = 0;
    char *const *f;
    int share = strstr(file, ".ZS_") != NULL, growth = strstr(file, ".ZG_") || strstr(file, "GROW_");
    int header = 0;
    series s;
    while (chitieu_csv_next(c, &nf, &f) == 1) {
        if (nf > 4 && strcmp(f[0], "Country Name") == 0) { header = 1; continue; }
        if (!header || nf < 5) continue;
        memset(&s, 0, sizeof s);
        snprintf(s.name, sizeof s.name, "WDI %s %s", f[3], f[1]);
        for (size_t i = 4; i < nf && s.n < MAXY; i++)
            if (f[i][0]) { s.years[s.n] = 1960 + (int)(i - 4); s.v[s.n++] = strtod(f[i], NULL); }
        bounds_for(&s, share, growth);
        backtest(0, &s);
        count++;
    }
    chitieu_csv_free(c);
    return count;
}

static int is_attribute(const char *col)
{
    static const char *const attr[] = {"Year", "Value", "Observation status", "Unit multiplier", "Series", "Units",
                                       "Unit measure", "GeoCode", "Reporting type", "Observation Status", NULL};
    for (int i = 0; attr[i]; i++)
        if (strcmp(col, attr[i]) == 0) return 1;
    return 0;
}

/* One Open SDG indicator file: its headline series. */
static size_t read_uk(const char *path, const char *file)
{
    chitieu_csv *c;
    if (chitieu_csv_open(&c, path)) { fprintf(stderr, "backtest: %s\n", chitieu_error_last()); exit(1); }
    size_t nf, ncol = 0, count = 0;
    char *const *f;
    int year = -1, value = -1, key[3] = {-1, -1, -1}, disagg[64];
    size_t nd = 0;
    static series ss[32];
    size_t ns = 0;
    if (chitieu_csv_next(c, &nf, &f) != 1) { chitieu_csv_free(c); return 0; }
    ncol = nf;
    for (size_t i = 0; i < nf; i++) {
        if (strcmp(f[i], "Year") == 0) year = (int)i;
        else if (strcmp(f[i], "Value") == 0) value = (int)i;
        else if (strcmp(f[i], "Series") == 0) key[0] = (int)i;
        else if (strcmp(f[i], "Units") == 0) key[1] = (int)i;
        else if (strcmp(f[i], "Unit measure") == 0) key[2] = (int)i;
        if (!is_attribute(f[i]) && nd < 64) disagg[nd++] = (int)i;
    }
    if (year < 0 || value < 0) { chitieu_csv_free(c); return 0; }
    while (chitieu_csv_next(c, &nf, &f) == 1) {
        if (nf != ncol || !f[value][0]) continue;
        int head = 1;
        for (size_t i = 0; i < nd; i++) head &= f[disagg[i]][0] == 0;
        if (!head || strlen(f[year]) < 4) continue;
        char name[160];
        snprintf(name, sizeof name, "UK %.20s %.40s|%.40s|%.40s", file, key[0] >= 0 ? f[key[0]] : "",
                 key[1] >= 0 ? f[key[1]] : "", key[2] >= 0 ? f[key[2]] : "");
        size_t j = 0;
        while (j < ns && strcmp(ss[j].name, name) != 0) j++;
        if (j == ns) {
            if (ns == 32) continue;
            memset(&ss[ns], 0, sizeof ss[ns]);
            snprintf(ss[ns].name, sizeof ss[ns].name, "%s", name);
            ns++;
        }
        series *s = &ss[j];
        int y = atoi(f[year]);
        double v = strtod(f[value], NULL);
        if (y < 1900 || y > 2100) continue;
        size_t at = 0;
        while (at < s->n && s->years[at] < y) at++;
        if (at < s->n && s->years[at] == y) { s->v[at] = v; continue; } /* 1974a, 1974b: the later */
        if (s->n == MAXY) continue;
        memmove(s->years + at + 1, s->years + at, (s->n - at) * sizeof *s->years);
        memmove(s->v + at + 1, s->v + at, (s->n - at) * sizeof *s->v);
        s->years[at] = y;
        s->v[at] = v;
        s->n++;
    }
    chitieu_csv_free(c);
    for (size_t j = 0; j < ns; j++) {
        int share = strstr(ss[j].name, "ercent") || strstr(ss[j].name, "%");
        int growth = strstr(ss[j].name, "rowth") || strstr(ss[j].name, "hange");
        bounds_for(&ss[j], share, growth);
        backtest(1, &ss[j]);
        count += ss[j].n >= 6;
    }
    return count;
}

/* Every .csv of dir (in name order) through fn; returns the number of series. */
static size_t each_file(const char *dir, size_t (*fn)(const char *, const char *))
{
    DIR *d = opendir(dir);
    if (!d) { perror(dir); exit(1); }
    char *names[512];
    size_t nn = 0, count = 0;
    struct dirent *e;
    while ((e = readdir(d)) && nn < 512)
        if (strstr(e->d_name, ".csv")) names[nn++] = strdup(e->d_name);
    closedir(d);
    qsort(names, nn, sizeof *names, (int (*)(const void *, const void *))strcmp);
    for (size_t i = 0; i < nn; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        count += fn(path, names[i]);
        free(names[i]);
    }
    return count;
}

static void report(const char *label, const tally *t)
{
    double base = t->cases ? t->sum_o / (double)t->cases : 0;
    printf("\n%s: %zu cases; Brier %.4f (always the base rate %.3f: %.4f); bands held %.3f (80%%) and %.3f (95%%) "
           "of %zu outcomes\n", label, t->cases, t->cases ? t->brier / (double)t->cases : NAN, base,
           base * (1 - base), t->cov_n ? (double)t->cov80 / (double)t->cov_n : NAN,
           t->cov_n ? (double)t->cov95 / (double)t->cov_n : NAN, t->cov_n);
    printf("  widest 95%% band / observed range: %.2f (%s); projections with a band wider than 10x: %zu of %zu\n",
           t->worst_ratio, t->worst, t->wide, t->proj);
    printf("  projections with a band end that turns back outwards (a dip): %zu of %zu\n", t->dips, t->proj);
    printf("  %-9s %7s %7s %7s %7s %s\n", "P bin", "cases", "mean P", "rate", "diff", "within 0.07");
    size_t ok = 0, used = 0;
    for (int b = 0; b < 10; b++) {
        if (!t->bin_n[b]) { printf("  %.1f-%.1f   %7d\n", b / 10.0, (b + 1) / 10.0, 0); continue; }
        double mp = t->bin_p[b] / (double)t->bin_n[b], r = t->bin_o[b] / (double)t->bin_n[b];
        used++;
        ok += fabs(r - mp) <= 0.07;
        printf("  %.1f-%.1f   %7zu %7.3f %7.3f %+7.3f %s\n", b / 10.0, (b + 1) / 10.0, t->bin_n[b], mp, r, r - mp,
               fabs(r - mp) <= 0.07 ? "yes" : "NO");
    }
    printf("  bins within 0.07: %zu of %zu\n", ok, used);
}

int main(int argc, char **argv)
{
    const char *wdi = "../shared/data/wdi/all-countries", *uk = "../shared/data/open-sdg-uk/data";
    int pos = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--csv") == 0 && i + 1 < argc) {
            if (!(csv_out = fopen(argv[++i], "w"))) { perror(argv[i]); return 1; }
            fprintf(csv_out, "source,series,last_year,year,h,target,p,outcome,m,trend\n");
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "usage: backtest [WDI_DIR [UK_DIR]] [--csv FILE]\n");
            return 2;
        } else if (pos++ == 0) wdi = argv[i];
        else uk = argv[i];
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    size_t nw = each_file(wdi, read_wdi), nu = each_file(uk, read_uk);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("backtest: %zu WDI series, %zu UK headline series with 6 or more years (%.1f s)\n", nw, nu,
           (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec));
    report("WDI", &T[0]);
    report("UK Open SDG", &T[1]);
    report("pooled", &T[2]);
    if (csv_out && fclose(csv_out)) { perror("backtest: --csv"); return 1; }
    return 0;
}
