/*
 * bench/areas.c — time and peak memory of rebuilding province series from communes (chitieu/areas.h).
 *
 * usage: areas [DIR]   (DIR: where the store and the generated files go; default a mkdtemp under /tmp)
 *
 * Generates SYNTHETIC data (invented values, timing only; not statistics of any place): a country, 34
 * provinces and 3,321 communes (the 2025 counts), 30 indicators -- POP and 13 more `sum`, 8 `mean:POP`,
 * 4 `ratio:Sk/POP*1000`, 4 `growth:Sk` -- with figures for every commune for 2015-2024 of the 22 stored
 * indicators (730,620 rows; the ratio and growth ones are derived).  It loads them through the loader,
 * then, in a forked child so that the peak memory is the rebuild's alone:
 *   1. one session rebuilds all 34 x 30 province series (chitieu_areas_get);
 *   2. one session per series, as assess reads a target's series (chitieu_areas_series), all 1,020 again;
 *   3. `compare` of 5 indicators over the 34 provinces.
 * Each rebuilt value is checked against the sum the generator computed (POP) and every series must have 10
 * (growth: 9) values.  Prints the times and the child's maximum resident set size (getrusage).
 */
#define _DEFAULT_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "chitieu/areas.h"
#include "chitieu/compare.h"
#include "chitieu/error.h"
#include "chitieu/load.h"

#define NPROV 34
#define NCOMM 3321
#define Y0 2015
#define NY 10

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* The 30 indicator codes and rules. */
static void indicator(int i, char *code, size_t n, char *rule, size_t m)
{
    if (i == 0) { snprintf(code, n, "POP"); snprintf(rule, m, "sum"); }
    else if (i < 14) { snprintf(code, n, "S%02d", i); snprintf(rule, m, "sum"); }
    else if (i < 22) { snprintf(code, n, "M%02d", i - 13); snprintf(rule, m, "mean:POP"); }
    else if (i < 26) { snprintf(code, n, "R%02d", i - 21); snprintf(rule, m, "ratio:S%02d/POP*1000", i - 21); }
    else { snprintf(code, n, "G%02d", i - 25); snprintf(rule, m, "growth:S%02d", i - 25); }
}

/* A commune's figure: smooth in the year so the loader's jump warning stays quiet. */
static double value(int i, int c, int y)
{
    if (i == 0) return 2000.0 + (double)(c * 37 % 5000) + 10.0 * (y - Y0);
    if (i < 14) return 100.0 + i + (double)(c % 13) + 2.0 * (y - Y0);
    return 5.0 + 0.5 * (double)(c % 20) + 0.01 * i - 0.1 * (y - Y0);
}

static int gen(const char *dir, double *pop_sum)
{
    char p[4200], code[16], rule[32];
    snprintf(p, sizeof p, "%s/indicators.csv", dir);
    FILE *f = fopen(p, "w");
    if (!f) return 1;
    fprintf(f, "code,name,unit,direction,aggregate\n");
    for (int i = 0; i < 30; i++) {
        indicator(i, code, sizeof code, rule, sizeof rule);
        fprintf(f, "%s,Synthetic %s,u,up,%s\n", code, code, rule);
    }
    if (fclose(f)) return 1;
    snprintf(p, sizeof p, "%s/areas.csv", dir);
    if (!(f = fopen(p, "w"))) return 1;
    fprintf(f, "code,name,level,parent,valid_from\nVN,Synthetic country,country,,\n");
    for (int k = 0; k < NPROV; k++) fprintf(f, "P%02d,Synthetic province %d,province,VN,2025-07-01\n", k, k);
    /* the communes carry figures on today's boundaries for every year, so they are valid throughout */
    for (int c = 0; c < NCOMM; c++) fprintf(f, "C%04d,Synthetic commune %d,commune,P%02d,\n", c, c, c % NPROV);
    if (fclose(f)) return 1;
    snprintf(p, sizeof p, "%s/obs.csv", dir);
    if (!(f = fopen(p, "w"))) return 1;
    fprintf(f, "indicator,area,year,value\n");
    memset(pop_sum, 0, NPROV * NY * sizeof *pop_sum);
    for (int i = 0; i < 22; i++) {
        indicator(i, code, sizeof code, rule, sizeof rule);
        for (int c = 0; c < NCOMM; c++)
            for (int y = Y0; y < Y0 + NY; y++) {
                fprintf(f, "%s,C%04d,%d,%.2f\n", code, c, y, value(i, c, y));
                if (i == 0) pop_sum[(c % NPROV) * NY + (y - Y0)] += value(i, c, y);
            }
    }
    return fclose(f) ? 1 : 0;
}

/* The rebuild, timed; run in a child.  Returns the number of errors. */
static int rebuild(const char *db, const double *pop_sum)
{
    chitieu_store *st;
    if (chitieu_store_open(&st, db)) { fprintf(stderr, "areas: %s\n", chitieu_error_last()); return 1; }
    int bad = 0;
    long values = 0;
    char code[16], rule[32], prov[8];
    double t0 = now();
    chitieu_areas *s;
    if (chitieu_areas_open(&s, st, 0)) { fprintf(stderr, "areas: %s\n", chitieu_error_last()); return 1; }
    for (int k = 0; k < NPROV; k++)
        for (int i = 0; i < 30; i++) {
            indicator(i, code, sizeof code, rule, sizeof rule);
            snprintf(prov, sizeof prov, "P%02d", k);
            chitieu_series *sr;
            if (chitieu_areas_get(&sr, NULL, NULL, s, code, prov)) {
                fprintf(stderr, "areas: %s %s: %s\n", code, prov, chitieu_error_last());
                bad++;
                continue;
            }
            values += (long)sr->n;
            if (sr->n != (size_t)(code[0] == 'G' ? NY - 1 : NY)) {
                fprintf(stderr, "areas: %s %s: %zu values\n", code, prov, sr->n);
                bad++;
            }
            for (size_t j = 0; i == 0 && j < sr->n; j++)
                if (fabs(sr->values[j] - pop_sum[k * NY + j]) > 1e-6 * pop_sum[k * NY + j] || sr->status[j] != 'D') bad++;
            chitieu_series_free(sr);
        }
    chitieu_areas_close(s);
    double t1 = now();
    for (int k = 0; k < NPROV; k++)
        for (int i = 0; i < 30; i++) {
            indicator(i, code, sizeof code, rule, sizeof rule);
            snprintf(prov, sizeof prov, "P%02d", k);
            chitieu_series *sr;
            if (chitieu_areas_series(&sr, st, code, prov, 0)) bad++;
            chitieu_series_free(sr);
        }
    double t2 = now();
    const char *cmp[] = {"POP", "S01", "M01", "R01", "G01"};
    for (int i = 0; i < 5; i++) {
        chitieu_comparison *c;
        chitieu_compare_opts o;
        chitieu_compare_opts_init(&o);
        o.year = 2024;
        o.map_year = 2025;
        if (chitieu_compare_run(&c, st, cmp[i], &o) || c->n != NPROV || !c->rows[0].rank) bad++;
        chitieu_comparison_free(c);
    }
    double t3 = now();
    chitieu_store_close(st);
    printf("one session, 34 x 30 series:        %.3f s (%ld values, %.1f us per value)\n", t1 - t0, values,
           1e6 * (t1 - t0) / (double)values);
    printf("a session per series (as assess):   %.3f s (%.2f ms per series)\n", t2 - t1, 1e3 * (t2 - t1) / 1020);
    printf("compare, 5 indicators x 34:         %.3f s\n", t3 - t2);
    return bad;
}

int main(int argc, char **argv)
{
    char dir[4096];
    if (argc > 1) snprintf(dir, sizeof dir, "%s", argv[1]);
    else {
        snprintf(dir, sizeof dir, "/tmp/chitieu-bench-areas-XXXXXX");
        if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }
    }
    static double pop_sum[NPROV * NY];
    char db[4200], p[3][4200];
    snprintf(db, sizeof db, "%s/areas.db", dir);
    remove(db);
    double t0 = now();
    if (gen(dir, pop_sum)) { fprintf(stderr, "areas: cannot write in %s\n", dir); return 1; }
    double t1 = now();
    const char *names[3] = {"areas.csv", "indicators.csv", "obs.csv"}, *paths[3];
    for (int i = 0; i < 3; i++) { snprintf(p[i], sizeof p[i], "%s/%s", dir, names[i]); paths[i] = p[i]; }
    chitieu_store *st;
    chitieu_load_report *r = NULL;
    if (chitieu_store_open(&st, db) || chitieu_load_files(&r, st, paths, 3, NULL)) {
        fprintf(stderr, "areas: load: %s\n", chitieu_error_last());
        return 1;
    }
    double t2 = now();
    printf("synthetic data: %d provinces, %d communes, 30 indicators, %d years: %zu rows (generated in %.2f s, "
           "loaded in %.2f s)\n", NPROV, NCOMM, NY, r->rows, t1 - t0, t2 - t1);
    chitieu_load_report_free(r);
    chitieu_store_close(st);
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) { perror("fork"); return 1; }
    if (pid == 0) {
        int errors = rebuild(db, pop_sum);
        fflush(stdout);
        _exit(errors ? 3 : 0);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0) { perror("wait4"); return 1; }
    printf("rebuild process: CPU %.2f s (user + system; the wall times above vary with the machine's load), peak "
           "resident memory %.1f MB, %s\n",
           (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec + (double)ru.ru_stime.tv_sec +
               1e-6 * (double)ru.ru_stime.tv_usec,
           (double)ru.ru_maxrss / 1024.0,
           WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "every value checked" : "ERRORS (see above)");
    if (argc <= 1) {
        for (int i = 0; i < 3; i++) remove(p[i]);
        char side[4300];
        snprintf(side, sizeof side, "%s-wal", db); remove(side);
        snprintf(side, sizeof side, "%s-shm", db); remove(side);
        remove(db);
        rmdir(dir);
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
