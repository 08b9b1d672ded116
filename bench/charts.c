/*
 * charts.c — time the review pack for 200 targets: a synthetic store (200
 * indicators, 12 yearly figures each, one target each; made up for the
 * benchmark), the assessment, the pack without rendering (scripts and
 * index.html), the pack with one gnuplot process per CPU, and the same chart
 * scripts rendered in one process and with one process PER chart.
 * Usage: charts [N] [svg|png]   (default 200 targets, svg: the pack's default);
 * prints seconds.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "chitieu/error.h"
#include "chitieu/load.h"
#include "chitieu/report.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int die(const char *what)
{
    fprintf(stderr, "charts: %s: %s\n", what, chitieu_error_last());
    return 1;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 200;
    if (n < 1) n = 200;
    chitieu_chart_format fmt = CHITIEU_CHART_SVG;
    if (argc > 2 && chitieu_chart_format_parse(&fmt, argv[2])) return die("format");
    char dir[] = "/tmp/chitieu-bench-charts-XXXXXX";
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }
    char p[4][256];
    const char *names[] = {"areas.csv", "indicators.csv", "targets.csv", "observations.csv"};
    FILE *f[4];
    for (int i = 0; i < 4; i++) {
        snprintf(p[i], sizeof p[i], "%s/%s", dir, names[i]);
        if (!(f[i] = fopen(p[i], "w"))) { perror(p[i]); return 1; }
    }
    fputs("code,name,level\nXP,Tỉnh thử nghiệm (synthetic),province\n", f[0]);
    fputs("code,name,unit,direction,min,max,goal\n", f[1]);
    fputs("plan,indicator,area,shape,year,from,low,high\n", f[2]);
    fputs("indicator,area,year,value\n", f[3]);
    srand(7);
    for (int i = 0; i < n; i++) {
        fprintf(f[1], "I%03d,Chỉ tiêu thử nghiệm số %d (synthetic),%%,up,0,100,Nhóm %d\n", i, i, i % 6);
        fprintf(f[2], "P,I%03d,XP,%s,2025,%s,%d,\n", i, i % 3 ? "at_least" : "each_year", i % 3 ? "" : "2021",
                50 + i % 30);
        double v = 30 + i % 40;
        for (int y = 2012; y <= 2023; y++) {
            v += 1.0 + (rand() % 100) / 50.0 - 0.5;
            fprintf(f[3], "I%03d,XP,%d,%.2f\n", i, y, v);
        }
    }
    for (int i = 0; i < 4; i++) fclose(f[i]);
    char db[300], out[300];
    snprintf(db, sizeof db, "%s/b.db", dir);
    snprintf(out, sizeof out, "%s/pack", dir);
    chitieu_store *st;
    if (chitieu_store_open(&st, db)) return die("open");
    chitieu_load_opts lo;
    chitieu_load_opts_init(&lo);
    chitieu_load_report *r = NULL;
    const char *files[] = {p[0], p[1], p[2], p[3]};
    if (chitieu_load_files(&r, st, files, 4, &lo)) return die("load");
    chitieu_load_report_free(r);

    double t0 = now();
    chitieu_assess_opts ao;
    chitieu_assess_opts_init(&ao);
    chitieu_assessment *as = NULL;
    size_t na = 0;
    if (chitieu_assess_run(&as, &na, st, NULL, NULL, &ao)) return die("assess");
    double t1 = now();
    chitieu_report_opts ro;
    chitieu_report_opts_init(&ro);
    ro.format = fmt;
    chitieu_report_counts cnt;
    ro.render = 0; /* everything but gnuplot */
    if (chitieu_report_write(&cnt, st, as, na, out, &ro)) return die("report");
    double t1b = now();
    ro.render = 1;
    if (chitieu_report_write(&cnt, st, as, na, out, &ro)) return die("report");
    double t2 = now();

    /* the same scripts: all in a single gnuplot process, then one process each */
    char charts[320], cmd0[800];
    snprintf(charts, sizeof charts, "%s/charts", out);
    snprintf(cmd0, sizeof cmd0, "cd '%s' && cat I*_XP.gp overview-*.gp > all.gp && gnuplot all.gp", charts);
    double t5 = now();
    if (system(cmd0) != 0) { fprintf(stderr, "charts: single-process render failed\n"); return 1; }
    double t6 = now();
    double t3 = now();
    size_t per = 0;
    for (int i = 0; i < n; i++) {
        char gp[400];
        snprintf(gp, sizeof gp, "%s/I%03d_XP.gp", charts, i);
        FILE *g = fopen(gp, "r");
        if (!g) continue;
        fseek(g, 0, SEEK_END);
        long len = ftell(g);
        fseek(g, 0, SEEK_SET);
        char *sc = malloc((size_t)len + 1);
        if (!sc || fread(sc, 1, (size_t)len, g) != (size_t)len) return 1;
        sc[len] = 0;
        fclose(g);
        const char *one = sc;
        if (chitieu_chart_render(&one, 1, charts)) return die("render one");
        free(sc);
        per++;
    }
    double t4 = now();
    printf("charts: %zu targets, %zu charts + overview (%s, 1100x640)\n", na, cnt.charts,
           chitieu_chart_format_ext(fmt));
    printf("  assessment (4000 paths each)          %7.2f s\n", t1 - t0);
    printf("  pack without rendering                %7.2f s  (scripts, index.html)\n", t1b - t1);
    printf("  pack, one gnuplot process per CPU (%ld)  %7.2f s  (scripts, %zu images, index.html)\n",
           sysconf(_SC_NPROCESSORS_ONLN), t2 - t1b, cnt.rendered);
    printf("  the %zu scripts in a single process     %7.2f s\n", cnt.rendered, t6 - t5);
    printf("  whole pack (assessment + pack)        %7.2f s  (aim: under 2 s)\n", t1 + (t2 - t1b) - t0);
    printf("  same %zu charts, one process each     %7.2f s  (%.1fx the single process)\n", per, t4 - t3,
           (t4 - t3) / (t6 - t5));
    chitieu_assessments_free(as, na);
    chitieu_store_close(st);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : 1;
}
