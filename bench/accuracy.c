/*
 * accuracy.c — forecast accuracy and interval coverage of every trend method
 * on the 645 yearly series of the M3 competition (horizon 6), with the
 * competition's definitions: sMAPE = mean over horizons of 200|y-f|/(|y|+|f|),
 * MASE = mean |y-f| / mean in-sample |y_t - y_{t-1}|, OWA = (sMAPE/sMAPE_Naive2
 * + MASE/MASE_Naive2)/2 on the averages over series (Naive2 = naive on yearly
 * data), and the share of the 645*6 outcomes inside the 80% and 95% intervals.
 * Times are CPU seconds for fitting and projecting all series.
 *
 * Usage: accuracy [DIR] [--raw] [--csv FILE]
 *   DIR     holds train.csv and test.csv (default ../shared/data/m3-yearly,
 *           i.e. run from the repository root)
 *   --raw   the textbook (uncalibrated) intervals (opts.raw = 1)
 *   --csv   also write every forecast: method,id,h,year,actual,point,lo80,
 *           hi80,lo95,hi95 (a failed projection: one row "method,ERROR id:
 *           message"); the CPU times then include the writing
 * Failed projections are counted per method and the first message printed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "chitieu/error.h"
#include "chitieu/trend.h"

#define MAXN 64
#define H 6

typedef struct {
    char id[16];
    int start, n;
    double v[MAXN], test[H];
} series;

/* Read train.csv and test.csv (formats in the data's README). */
static series *read_m3(const char *dir, size_t *count)
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
        n++;
    }
    fclose(f);
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
    *count = n;
    return s;
}

typedef struct {
    double smape, mase, cov80, cov95, width80, width95, cpu;
    size_t ok, failed;
    char first_error[256];
} score;

static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Score one method over all series; with csv, write its forecasts there. */
static score run(const series *s, size_t n, chitieu_method m, int raw, FILE *csv)
{
    score sc = {0};
    size_t outcomes = 0;
    double t0 = cpu_now();
    for (size_t i = 0; i < n; i++) {
        int years[MAXN];
        for (int k = 0; k < s[i].n; k++) years[k] = s[i].start + k;
        chitieu_trend_opts o;
        chitieu_trend_opts_init(&o);
        o.method = m;
        o.raw = raw;
        chitieu_projection *p;
        if (chitieu_trend_project(&p, years, s[i].v, (size_t)s[i].n, years[s[i].n - 1] + H, &o)) {
            if (!sc.failed++)
                snprintf(sc.first_error, sizeof sc.first_error, "%s: %s", s[i].id, chitieu_error_last());
            if (csv) fprintf(csv, "%s,ERROR %s: %s\n", chitieu_method_name(m), s[i].id, chitieu_error_last());
            continue;
        }
        double scale = 0, se = 0, ae = 0;
        for (int k = 1; k < s[i].n; k++) scale += fabs(s[i].v[k] - s[i].v[k - 1]);
        scale /= s[i].n - 1;
        for (int k = 0; k < H; k++) {
            double y = s[i].test[k], f = p->point[k];
            se += 200 * fabs(y - f) / (fabs(y) + fabs(f));
            ae += fabs(y - f) / scale;
            sc.cov80 += p->lo80[k] <= y && y <= p->hi80[k];
            sc.cov95 += p->lo95[k] <= y && y <= p->hi95[k];
            sc.width80 += (p->hi80[k] - p->lo80[k]) / scale;
            sc.width95 += (p->hi95[k] - p->lo95[k]) / scale;
            outcomes++;
            if (csv)
                fprintf(csv, "%s,%s,%d,%d,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g\n", chitieu_method_name(m), s[i].id,
                        k + 1, p->first_year + k, y, f, p->lo80[k], p->hi80[k], p->lo95[k], p->hi95[k]);
        }
        sc.smape += se / H;
        sc.mase += ae / H;
        sc.ok++;
        chitieu_projection_free(p);
    }
    sc.cpu = cpu_now() - t0;
    if (sc.ok) { sc.smape /= sc.ok; sc.mase /= sc.ok; }
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
    const char *dir = "../shared/data/m3-yearly", *csvpath = NULL;
    int raw = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--raw") == 0) raw = 1;
        else if (strcmp(argv[i], "--csv") == 0 && i + 1 < argc) csvpath = argv[++i];
        else if (argv[i][0] == '-') {
            fprintf(stderr, "usage: accuracy [DIR] [--raw] [--csv FILE]\n");
            return 2;
        } else dir = argv[i];
    }
    size_t n = 0;
    series *s = read_m3(dir, &n);
    if (!s || n == 0) { fprintf(stderr, "accuracy: no series read from %s\n", dir); return 1; }
    static const chitieu_method methods[] = {CHITIEU_METHOD_NAIVE, CHITIEU_METHOD_DRIFT, CHITIEU_METHOD_LINEAR,
                                             CHITIEU_METHOD_LOGLINEAR, CHITIEU_METHOD_DAMPED, CHITIEU_METHOD_THETA,
                                             CHITIEU_METHOD_COMBO, CHITIEU_METHOD_AUTO};
    FILE *csv = NULL;
    if (csvpath) {
        if (!(csv = fopen(csvpath, "w"))) { perror(csvpath); free(s); return 1; }
        fprintf(csv, "method,id,h,year,actual,point,lo80,hi80,lo95,hi95\n");
    }
    score base = run(s, n, CHITIEU_METHOD_NAIVE, raw, NULL);
    int status = 0;
    printf("M3 yearly: %zu series, horizon %d, %s intervals\n", n, H, raw ? "textbook (uncalibrated)" : "calibrated");
    printf("%-10s %6s %7s %7s %7s %7s %7s %8s %8s %8s %6s\n", "method", "series", "sMAPE", "MASE", "OWA", "cov80",
           "cov95", "width80", "width95", "cpu_s", "errors");
    for (size_t j = 0; j < sizeof methods / sizeof *methods; j++) {
        score sc = run(s, n, methods[j], raw, csv);
        double owa = 0.5 * (sc.smape / base.smape + sc.mase / base.mase);
        printf("%-10s %6zu %7.2f %7.3f %7.3f %7.3f %7.3f %8.2f %8.2f %8.3f %6zu\n", chitieu_method_name(methods[j]),
               sc.ok, sc.smape, sc.mase, owa, sc.cov80, sc.cov95, sc.width80, sc.width95, sc.cpu, sc.failed);
        if (sc.failed) printf("  %s: %zu projections failed, first: %s\n", chitieu_method_name(methods[j]), sc.failed,
                              sc.first_error);
    }
    printf("width80/95: mean interval width in MASE units.  cpu_s: CPU seconds for all series.  errors: failed "
           "projections (scores are over the others).\n");
    if (csv && fclose(csv) != 0) { perror(csvpath); status = 1; }
    free(s);
    return status;
}
