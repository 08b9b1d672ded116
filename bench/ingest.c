/*
 * bench/ingest.c — generator of SYNTHETIC load files for the ingest benchmark.
 *
 * usage: ingest DIR NROWS [REVISE_PERCENT]
 * Writes DIR/indicators.csv, DIR/areas.csv and DIR/obs.csv (and, when
 * REVISE_PERCENT > 0, DIR/obs_rev.csv: the same rows with that share of
 * values changed).  1,000 indicators x 50 areas x (NROWS/50,000) years
 * ending in 2024; values lie inside the declared bounds 0..1000.  The data
 * is invented for timing only and means nothing.  bench/ingest.sh drives it.
 */
#include <stdio.h>
#include <stdlib.h>

#define NIND 1000
#define NAREA 50

/* Write the catalogue and observation files; returns 0 or 1 on I/O error. */
static int gen(const char *dir, long nrows, int revise_pct)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/indicators.csv", dir);
    FILE *f = fopen(p, "w");
    if (!f) return 1;
    fprintf(f, "code,name,unit,direction,min,max,goal,agency\n");
    for (int i = 0; i < NIND; i++)
        fprintf(f, "I%04d,Synthetic indicator %d,%%,up,0,1000,,BENCH\n", i, i);
    if (fclose(f)) return 1;
    snprintf(p, sizeof p, "%s/areas.csv", dir);
    if (!(f = fopen(p, "w"))) return 1;
    fprintf(f, "code,name,level,parent\nP,Synthetic province,province,\n");
    for (int a = 1; a < NAREA; a++) fprintf(f, "D%02d,Synthetic district %d,district,P\n", a, a);
    if (fclose(f)) return 1;

    long years = nrows / ((long)NIND * NAREA);
    if (years < 1) years = 1;
    for (int pass = 0; pass < (revise_pct > 0 ? 2 : 1); pass++) {
        snprintf(p, sizeof p, "%s/%s", dir, pass ? "obs_rev.csv" : "obs.csv");
        if (!(f = fopen(p, "w"))) return 1;
        fprintf(f, "indicator,area,year,value,status,source\n");
        unsigned long k = 0;
        for (int i = 0; i < NIND; i++)
            for (int a = 0; a < NAREA; a++) {
                double v = 100.0 + (i % 97);
                for (long y = 0; y < years; y++, k++) {
                    /* a smooth series so the jump warning stays quiet */
                    double x = v + 0.5 * (double)y + 0.01 * (double)(a % 7);
                    if (pass && (k % 100) < (unsigned long)revise_pct) x += 0.25;
                    char area[8];
                    if (a == 0) snprintf(area, sizeof area, "P");
                    else snprintf(area, sizeof area, "D%02d", a);
                    fprintf(f, "I%04d,%s,%ld,%.2f,A,synthetic\n", i, area, 2024 - years + 1 + y, x);
                }
            }
        if (fclose(f)) return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: ingest DIR NROWS [REVISE_PERCENT]\n");
        return 2;
    }
    long n = strtol(argv[2], NULL, 10);
    int rev = argc > 3 ? atoi(argv[3]) : 0;
    if (n <= 0 || rev < 0 || rev > 100) {
        fprintf(stderr, "ingest: bad NROWS or REVISE_PERCENT\n");
        return 2;
    }
    if (gen(argv[1], n, rev)) {
        perror("ingest: writing files");
        return 1;
    }
    return 0;
}
