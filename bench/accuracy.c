/*
 * accuracy.c — forecast accuracy, interval coverage and interval score of
 * every trend method on the 645 yearly series of the M3 competition (horizon
 * 6), with the competition's definitions: sMAPE = mean over horizons of
 * 200|y-f|/(|y|+|f|), MASE = mean |y-f| / mean in-sample |y_t - y_{t-1}|,
 * OWA = (sMAPE/sMAPE_Naive2 + MASE/MASE_Naive2)/2 on the averages over series
 * (Naive2 = naive on yearly data), the share of the 645*6 outcomes inside the
 * 80% and 95% intervals, and MSIS (M4): mean over series of
 * (1/h) sum_k [(U-L) + (2/a)(L-y)1{y<L} + (2/a)(y-U)1{y>U}] / scale, a = 0.05
 * for the 95% interval (msis95) and a = 0.2 for the 80% one (msis80), scale =
 * the MASE scale.  Times are CPU seconds for fitting and projecting all series.
 *
 * Usage: accuracy [DIR] [--raw] [--validate] [--wdi WDI_DIR] [--thin biennial|every4|irregular5] [--csv FILE]
 *   DIR        holds train.csv and test.csv (default ../shared/data/m3-yearly,
 *              i.e. run from the repository root)
 *   --raw      the textbook (uncalibrated) intervals (opts.raw = 1)
 *   --validate score on the training parts only: each series' last 6 training
 *              years are the outcomes, test.csv is never read (for developing
 *              methods without looking at the hold-out)
 *   --wdi      score on the World Bank all-countries series of WDI_DIR instead
 *              (bench/calibrate.c's format; read_wdi): a second set, larger
 *              than M3's and of the kind of series chitieu projects, on which
 *              the points of the automatic method are chosen with the M3
 *              training parts (bench/README.md "Points"); M3 is not read
 *   --thin     keep only some years of each history, as survey data are: the
 *              last year and every second year before it (biennial), every
 *              fourth (every4: elections, surveys every few years), or the
 *              last year and 4 others drawn from the 14 before it (irregular5:
 *              five irregular years over 15; the draw depends only on the
 *              series id).  Outcomes, MASE scale and Naive2 are those of the
 *              same thinned series (the scale from the full history, which the
 *              methods never see).
 *   --csv      also write every forecast: method,id,h,year,actual,point,lo80,
 *              hi80,lo95,hi95 (a failed projection: one row "method,ERROR id:
 *              message"); the CPU times then include the writing
 * Failed projections are counted per method and the first message printed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <dirent.h>
#include "chitieu/csv.h"
#include "chitieu/error.h"
#include "chitieu/trend.h"

#define MAXN 64
#define H 6

typedef struct {
    char id[16];
    int start, n;
    double v[MAXN], test[H];
} series;

/* One forecasting case: the history the method sees and the H outcomes after its last year. */
typedef struct {
    const char *id;
    size_t n;
    int years[MAXN];
    double v[MAXN];
    int last; /* the year the outcomes follow (the history may end before it when thinned) */
    double out[H], scale;
} fcase;

/* Read train.csv and, unless validating, test.csv (formats in the data's README). */
static series *read_m3(const char *dir, size_t *count, int validate)
{
    char path[1024], line[8192];
    snprintf(path, sizeof path, "%s/train.csv", dir);
    FILE *f = fopen(path, "r");
    if (!f) { perror(path); return NULL; }
    series *s = calloc(1000, sizeof *s);
    size_t n = 0;
    if (!fgets(line, sizeof line, f)) { fclose(f); free(s); return NULL; }
    while (n < 1000 && fgets(line, sizeof line, f)) {
        char *p = line, *fld[50];
        int nf = 0;
        while (p && nf < 50) { fld[nf++] = p; p = strchr(p, ','); if (p) *p++ = 0; }
        if (nf < 5) continue;
        snprintf(s[n].id, sizeof s[n].id, "%s", fld[0]);
        s[n].start = atoi(fld[2]);
        s[n].n = atoi(fld[3]);
        if (s[n].n > MAXN || s[n].n > nf - 4) continue;
        for (int i = 0; i < s[n].n; i++) s[n].v[i] = strtod(fld[4 + i], NULL);
        if (validate) { /* the last H training years become the outcomes */
            s[n].n -= H;
            memcpy(s[n].test, s[n].v + s[n].n, sizeof s[n].test);
        }
        n++;
    }
    fclose(f);
    *count = n;
    if (validate) return s;
    snprintf(path, sizeof path, "%s/test.csv", dir);
    if (!(f = fopen(path, "r"))) { perror(path); free(s); return NULL; }
    size_t j = 0;
    if (!fgets(line, sizeof line, f)) { fclose(f); free(s); return NULL; }
    while (j < n && fgets(line, sizeof line, f)) {
        char *p = line, *fld[12];
        int nf = 0;
        while (p && nf < 12) { fld[nf++] = p; p = strchr(p, ','); if (p) *p++ = 0; }
        if (nf < 3 + H || strcmp(fld[0], s[j].id) != 0) { fprintf(stderr, "accuracy: test.csv out of step at %s\n", fld[0]); free(s); fclose(f); return NULL; }
        for (int k = 0; k < H; k++) s[j].test[k] = strtod(fld[3 + k], NULL);
        j++;
    }
    fclose(f);
    return s;
}

/* Read every World Bank bulk CSV in dir (as bench/backtest.c, through the library's CSV reader): each row's
 * longest run of consecutive figures with at least 20 years, its last H years the outcomes and up to
 * MAXN - H years before them the history (the points are chosen on these and on the M3 training parts; the
 * MASE scale is the history's, so a row whose history never changes is left out). */
static series *read_wdi(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d) { perror(dir); return NULL; }
    size_t cap = 8192, n = 0;
    series *s = calloc(cap, sizeof *s);
    struct dirent *e;
    char path[2048];
    while (s && (e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l < 4 || strcmp(e->d_name + l - 4, ".csv") != 0) continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        chitieu_csv *c;
        if (chitieu_csv_open(&c, path)) { fprintf(stderr, "accuracy: %s\n", chitieu_error_last()); continue; }
        size_t nf;
        char *const *f;
        int header = 0;
        while (n < cap && chitieu_csv_next(c, &nf, &f) == 1) {
            if (nf > 4 && strcmp(f[0], "Country Name") == 0) { header = 1; continue; }
            if (!header || nf < 5) continue;
            size_t best = 0, end = 0, run = 0; /* the longest run of figures: columns end - best .. end - 1 */
            for (size_t i = 4; i < nf; i++)
                if ((run = f[i][0] ? run + 1 : 0) > best) best = run, end = i + 1;
            if (best < 20) continue;
            size_t len = best > MAXN ? MAXN : best, first = end - len;
            series *c1 = &s[n];
            snprintf(c1->id, sizeof c1->id, "W%05zu", n);
            c1->start = 1960 + (int)(first - 4);
            c1->n = (int)len - H;
            for (size_t i = 0; i < len; i++) {
                double v = strtod(f[first + i], NULL);
                if (i < (size_t)c1->n) c1->v[i] = v;
                else c1->test[i - (size_t)c1->n] = v;
            }
            int moves = 0;
            for (int k = 1; k < c1->n; k++) moves |= c1->v[k] != c1->v[k - 1];
            if (moves) n++;
        }
        chitieu_csv_free(c);
    }
    closedir(d);
    *count = n;
    return s;
}

enum { THIN_NONE, THIN_BIENNIAL, THIN_IRREGULAR5, THIN_EVERY4 };

/* The case of series s under the thinning rule. */
static void make_case(fcase *c, const series *s, int thin)
{
    memset(c, 0, sizeof *c);
    c->id = s->id;
    c->last = s->start + s->n - 1;
    memcpy(c->out, s->test, sizeof c->out);
    for (int k = 1; k < s->n; k++) c->scale += fabs(s->v[k] - s->v[k - 1]);
    c->scale /= s->n - 1;
    int keep[MAXN] = {0};
    if (thin == THIN_NONE) {
        for (int i = 0; i < s->n; i++) keep[i] = 1;
    } else if (thin == THIN_BIENNIAL || thin == THIN_EVERY4) {
        for (int i = s->n - 1; i >= 0; i -= thin == THIN_BIENNIAL ? 2 : 4) keep[i] = 1;
    } else { /* the last year and 4 of the 14 before it (fewer when the series is shorter) */
        unsigned long h = 5381;
        for (const char *p = s->id; *p; p++) h = h * 33 + (unsigned char)*p;
        int first = s->n > 15 ? s->n - 15 : 0, pool = s->n - 1 - first, need = 4;
        keep[s->n - 1] = 1;
        for (int i = first; i < s->n - 1 && need > 0; i++, pool--) {
            h = h * 6364136223846793005UL + 1442695040888963407UL;
            if ((h >> 33) % (unsigned long)pool < (unsigned long)need) { keep[i] = 1; need--; }
        }
    }
    for (int i = 0; i < s->n; i++)
        if (keep[i]) { c->years[c->n] = s->start + i; c->v[c->n++] = s->v[i]; }
}

typedef struct {
    double smape, mase, cov80, cov95, width80, width95, msis80, msis95, pen95, cpu; /* pen95: msis95's penalty part */
    size_t ok, failed;
    char first_error[256];
} score;

static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Interval score of one outcome y for the interval [lo, hi] at level 1-a. */
static double interval_score(double lo, double hi, double y, double a)
{
    return (hi - lo) + (y < lo ? 2 / a * (lo - y) : 0) + (y > hi ? 2 / a * (y - hi) : 0);
}

/* Score one method over all cases; with csv, write its forecasts there. */
static score run(const fcase *c, size_t n, chitieu_method m, int raw, FILE *csv)
{
    score sc = {0};
    size_t outcomes = 0;
    double t0 = cpu_now();
    for (size_t i = 0; i < n; i++) {
        chitieu_trend_opts o;
        chitieu_trend_opts_init(&o);
        o.method = m;
        o.raw = raw;
        chitieu_projection *p;
        if (chitieu_trend_project(&p, c[i].years, c[i].v, c[i].n, c[i].last + H, &o)) {
            if (!sc.failed++)
                snprintf(sc.first_error, sizeof sc.first_error, "%s: %s", c[i].id, chitieu_error_last());
            if (csv) fprintf(csv, "%s,ERROR %s: %s\n", chitieu_method_name(m), c[i].id, chitieu_error_last());
            continue;
        }
        double se = 0, ae = 0, is80 = 0, is95 = 0, w95 = 0;
        size_t off = p->h - H; /* steps between the last kept year and the last history year */
        for (int k = 0; k < H; k++) {
            size_t j = off + (size_t)k;
            double y = c[i].out[k], f = p->point[j];
            se += fabs(y) + fabs(f) > 0 ? 200 * fabs(y - f) / (fabs(y) + fabs(f)) : 0;
            ae += fabs(y - f) / c[i].scale;
            sc.cov80 += p->lo80[j] <= y && y <= p->hi80[j];
            sc.cov95 += p->lo95[j] <= y && y <= p->hi95[j];
            sc.width80 += (p->hi80[j] - p->lo80[j]) / c[i].scale;
            sc.width95 += (p->hi95[j] - p->lo95[j]) / c[i].scale;
            is80 += interval_score(p->lo80[j], p->hi80[j], y, 0.2) / c[i].scale;
            is95 += interval_score(p->lo95[j], p->hi95[j], y, 0.05) / c[i].scale;
            w95 += (p->hi95[j] - p->lo95[j]) / c[i].scale;
            outcomes++;
            if (csv)
                fprintf(csv, "%s,%s,%d,%d,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g\n", chitieu_method_name(m), c[i].id,
                        k + 1, c[i].last + 1 + k, y, f, p->lo80[j], p->hi80[j], p->lo95[j], p->hi95[j]);
        }
        sc.smape += se / H;
        sc.mase += ae / H;
        sc.msis80 += is80 / H;
        sc.msis95 += is95 / H;
        sc.pen95 += (is95 - w95) / H;
        sc.ok++;
        chitieu_projection_free(p);
    }
    sc.cpu = cpu_now() - t0;
    if (sc.ok) { sc.smape /= sc.ok; sc.mase /= sc.ok; sc.msis80 /= sc.ok; sc.msis95 /= sc.ok; sc.pen95 /= sc.ok; }
    if (outcomes) {
        sc.cov80 /= outcomes;
        sc.cov95 /= outcomes;
        sc.width80 /= outcomes;
        sc.width95 /= outcomes;
    }
    return sc;
}

int main(int argc, char **argv)
{
    const char *dir = "../shared/data/m3-yearly", *csvpath = NULL, *wdi = NULL;
    int raw = 0, validate = 0, thin = THIN_NONE;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--raw") == 0) raw = 1;
        else if (strcmp(argv[i], "--validate") == 0) validate = 1;
        else if (strcmp(argv[i], "--thin") == 0 && i + 1 < argc && strcmp(argv[i + 1], "biennial") == 0)
            thin = THIN_BIENNIAL, i++;
        else if (strcmp(argv[i], "--thin") == 0 && i + 1 < argc && strcmp(argv[i + 1], "irregular5") == 0)
            thin = THIN_IRREGULAR5, i++;
        else if (strcmp(argv[i], "--thin") == 0 && i + 1 < argc && strcmp(argv[i + 1], "every4") == 0)
            thin = THIN_EVERY4, i++;
        else if (strcmp(argv[i], "--csv") == 0 && i + 1 < argc) csvpath = argv[++i];
        else if (strcmp(argv[i], "--wdi") == 0 && i + 1 < argc) wdi = argv[++i];
        else if (argv[i][0] == '-') {
            fprintf(stderr, "usage: accuracy [DIR] [--raw] [--validate] [--wdi WDI_DIR] [--thin biennial|every4|irregular5] [--csv FILE]\n");
            return 2;
        } else dir = argv[i];
    }
    size_t n = 0;
    series *s = wdi ? read_wdi(wdi, &n) : read_m3(dir, &n, validate);
    if (!s || n == 0) { fprintf(stderr, "accuracy: no series read from %s\n", wdi ? wdi : dir); return 1; }
    fcase *c = malloc(n * sizeof *c);
    if (!c) { free(s); return 1; }
    for (size_t i = 0; i < n; i++) make_case(&c[i], &s[i], thin);
    static const chitieu_method methods[] = {CHITIEU_METHOD_NAIVE, CHITIEU_METHOD_DRIFT, CHITIEU_METHOD_LINEAR,
                                             CHITIEU_METHOD_LOGLINEAR, CHITIEU_METHOD_DAMPED, CHITIEU_METHOD_THETA,
                                             CHITIEU_METHOD_COMBO, CHITIEU_METHOD_WEIGHTED, CHITIEU_METHOD_DOTM, CHITIEU_METHOD_AUTO};
    FILE *csv = NULL;
    if (csvpath) {
        if (!(csv = fopen(csvpath, "w"))) { perror(csvpath); free(c); free(s); return 1; }
        fprintf(csv, "method,id,h,year,actual,point,lo80,hi80,lo95,hi95\n");
    }
    score base = run(c, n, CHITIEU_METHOD_NAIVE, raw, NULL);
    int status = 0;
    static const char *const thin_names[] = {"every year", "thinned biennial", "thinned to five irregular years over 15",
                                                   "thinned to every fourth year"};
    printf("%s%s: %zu series, horizon %d, %s, %s intervals\n", wdi ? "World Bank WDI" : "M3 yearly",
           wdi ? " (each series' last 6 years as outcomes)" : validate ? " (training parts: last 6 years as outcomes)" : "",
           n, H, thin_names[thin], raw ? "textbook (uncalibrated)" : "calibrated");
    printf("%-10s %6s %7s %7s %7s %7s %7s %8s %8s %8s %8s %8s %8s %6s\n", "method", "series", "sMAPE", "MASE", "OWA",
           "cov80", "cov95", "width80", "width95", "msis80", "msis95", "pen95", "cpu_s", "errors");
    for (size_t j = 0; j < sizeof methods / sizeof *methods; j++) {
        score sc = run(c, n, methods[j], raw, csv);
        double owa = 0.5 * (sc.smape / base.smape + sc.mase / base.mase);
        printf("%-10s %6zu %7.2f %7.3f %7.4f %7.3f %7.3f %8.2f %8.2f %8.2f %8.2f %8.2f %8.3f %6zu\n",
               chitieu_method_name(methods[j]), sc.ok, sc.smape, sc.mase, owa, sc.cov80, sc.cov95, sc.width80,
               sc.width95, sc.msis80, sc.msis95, sc.pen95, sc.cpu, sc.failed);
        if (sc.failed) printf("  %s: %zu projections failed, first: %s\n", chitieu_method_name(methods[j]), sc.failed,
                              sc.first_error);
    }
    printf("width80/95: mean interval width in MASE units.  msis80/95: mean scaled interval score (M4 MSIS at "
           "95%%); pen95: its penalty part (msis95 = the series' mean 95%% width + pen95).  cpu_s: CPU seconds for all series.  errors: failed projections (scores are over the others).\n");
    if (csv && fclose(csv) != 0) { perror(csvpath); status = 1; }
    free(c);
    free(s);
    return status;
}
