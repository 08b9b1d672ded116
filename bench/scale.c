/*
 * scale.c — write a SYNTHETIC national-scale store input (invented values,
 * for timing only): 3,321 communes x 30 indicators with yearly figures
 * 2010-2025 (random walks with drift: 10 shares 0..100, 10 counts >= 0, 10
 * unbounded rates), and 100,000 targets of a 2026-2030 plan, about one per
 * indicator and commune (a second milestone for the first 370), shapes mixed
 * as in the provincial plans: at_least / at_most 2030 (half), avg_growth and
 * avg_change 2026-2030, cumulative 2026-2030, each_year 2026-2030, range 2030.
 * Also series.csv, the same figures as long CSV id,year,value for `chitieu
 * forecast`, and series23k.csv, its first 23,000 series.
 * Usage: scale DIR [COMMUNES]   (bench/scale.sh times assess and forecast on it;
 * fewer communes, e.g. 100: the same mix small enough for callgrind)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define NC_MAX 3321
#define NI 30
#define NT 100000

static unsigned long long rs = 0x9E3779B97F4A7C15ULL;
static double unif(void)
{
    rs ^= rs << 13; rs ^= rs >> 7; rs ^= rs << 17;
    return (double)(rs >> 11) / 9007199254740992.0;
}
static double gauss(void) { return sqrt(-2 * log(1 - unif())) * cos(6.283185307179586 * unif()); }

static FILE *open_in(const char *dir, const char *name)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    if (!f) { perror(p); exit(1); }
    return f;
}

int main(int argc, char **argv)
{
    int NC = NC_MAX;
    if (argc == 3) NC = atoi(argv[2]);
    if ((argc != 2 && argc != 3) || NC < 1 || NC > NC_MAX) {
        fprintf(stderr, "usage: scale DIR [COMMUNES 1..%d]\n", NC_MAX);
        return 2;
    }
    const char *d = argv[1];
    FILE *pl = open_in(d, "plans.csv"), *ar = open_in(d, "areas.csv"), *in = open_in(d, "indicators.csv"),
         *ob = open_in(d, "observations.csv"), *tg = open_in(d, "targets.csv"), *se = open_in(d, "series.csv"),
         *s23 = open_in(d, "series23k.csv");
    fputs("plan,name\nSYN-2026-2030,Kế hoạch thử nghiệm (synthetic)\n", pl);
    fputs("code,name,level,parent\nXP,Tỉnh thử nghiệm (synthetic),province,\n", ar);
    for (int c = 0; c < NC; c++) fprintf(ar, "X%04d,Xã thử nghiệm %d (synthetic),commune,XP\n", c, c);
    fputs("code,name,unit,direction,min,max\n", in);
    for (int i = 0; i < NI; i++) {
        if (i < 10) fprintf(in, "S%02d,Tỷ lệ thử nghiệm %d (synthetic),%%,up,0,100\n", i, i);
        else if (i < 20) fprintf(in, "C%02d,Số lượng thử nghiệm %d (synthetic),người,up,0,\n", i, i);
        else fprintf(in, "R%02d,Tốc độ thử nghiệm %d (synthetic),%%/năm,up,,\n", i, i);
    }
    fputs("indicator,area,year,value\n", ob);
    fputs("id,year,value\n", se);
    fputs("id,year,value\n", s23);
    fputs("plan,indicator,area,shape,year,from,low,high\n", tg);
    long nt = 0, ns = 0;
    for (int c = 0; c < NC; c++)
        for (int i = 0; i < NI; i++) {
            const char *code = i < 10 ? "S" : i < 20 ? "C" : "R";
            double v, drift, sd;
            if (i < 10) v = 10 + 70 * unif(), drift = gauss() * 1.0, sd = 0.5 + 2 * unif();
            else if (i < 20) v = 100 + 900 * unif(), drift = v * 0.03 * gauss(), sd = v * (0.01 + 0.05 * unif());
            else v = 6 * unif() - 1, drift = 0.1 * gauss(), sd = 0.3 + unif();
            double last = v;
            for (int y = 2010; y <= 2025; y++) {
                if (y > 2010) v += drift + sd * gauss();
                if (i < 10) v = fmin(fmax(v, 0.5), 99.5);
                if (i >= 10 && i < 20) v = fmax(v, 0);
                fprintf(ob, "%s%02d,X%04d,%d,%.3f\n", code, i, c, y, v);
                fprintf(se, "%s%02d-X%04d,%d,%.3f\n", code, i, c, y, v);
                if (ns < 23000) fprintf(s23, "%s%02d-X%04d,%d,%.3f\n", code, i, c, y, v);
                if (y == 2025) last = v;
            }
            ns++;
            for (int m = 0; m <= (c * NI + i < 370); m++) { /* a 2028 milestone for the first 370 */
                double r = m ? 0 : unif(), goal = last + (drift + sd * gauss()) * (m ? 3 : 5);
                const char *ind = code;
                if (r < 0.5)
                    fprintf(tg, "SYN-2026-2030,%s%02d,X%04d,%s,%d,,%.2f,\n", ind, i, c, "at_least", m ? 2028 : 2030, goal);
                else if (r < 0.6 && i < 20)
                    fprintf(tg, "SYN-2026-2030,%s%02d,X%04d,avg_growth,2030,2026,%.2f,\n", ind, i, c, 2 * gauss());
                else if (r < 0.7)
                    fprintf(tg, "SYN-2026-2030,%s%02d,X%04d,avg_change,2030,2026,%.3f,\n", ind, i, c, drift + 0.5 * gauss());
                else if (r < 0.8)
                    fprintf(tg, "SYN-2026-2030,%s%02d,X%04d,cumulative,2030,2026,%.2f,\n", ind, i, c, 5 * goal);
                else if (r < 0.9)
                    fprintf(tg, "SYN-2026-2030,%s%02d,X%04d,each_year,2030,2026,%.2f,\n", ind, i, c, last - sd);
                else
                    fprintf(tg, "SYN-2026-2030,%s%02d,X%04d,range,2030,,%.2f,%.2f\n", ind, i, c, goal - 2 * sd, goal + 2 * sd);
                nt++;
            }
        }
    FILE *fs[] = {pl, ar, in, ob, tg, se, s23};
    for (size_t i = 0; i < sizeof fs / sizeof *fs; i++)
        if (fclose(fs[i])) { perror("scale"); return 1; }
    printf("scale: %d communes x %d indicators, %ld series 2010-2025, %ld targets\n", NC, NI, ns, nt);
    return 0;
}
