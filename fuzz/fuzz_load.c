/* fuzz_load.c — libFuzzer harness: the loader's row parsers.  The input follows a fixed header of
 * one file kind (FUZZ_KIND: 0 observations, 1 indicators, 2 areas, 3 targets; areas over time: 4 successions,
 * 5 areas with validity and GSO code, 6 indicators with an aggregation rule), is written to a temp
 * file and loaded (dry run) into a store holding a small catalogue and a few figures, so rows reach
 * every check (revisions, jumps, narrowed bounds). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "chitieu/load.h"

#ifndef FUZZ_KIND
#define FUZZ_KIND 0
#endif
static const char *const headers[] = {
    "indicator,area,year,value,status,source,note\n", "code,name,unit,direction,name_en,min,max,goal,agency\n",
    "code,name,level,parent\n", "plan,indicator,area,shape,year,from,low,high,versus,versus_area,source,note\n",
    "from_area,to_area,date,share,source,note\n", "code,name,level,parent,valid_from,valid_to,gso_code\n",
    "code,name,unit,direction,aggregate\n"};

static chitieu_store *st;
static char path[64];

/* At exit: the store closed and the input file removed (replay.c runs many harnesses in a row). */
static void cleanup(void)
{
    chitieu_store_close(st);
    remove(path);
}

static int setup(void)
{
    char cat[64];
    snprintf(path, sizeof path, "/tmp/chitieu-fuzz-%d.csv", (int)getpid());
    snprintf(cat, sizeof cat, "/tmp/chitieu-fuzz-%d-cat.csv", (int)getpid());
    if (chitieu_store_open(&st, ":memory:")) return -1;
    atexit(cleanup);
    FILE *f = fopen(cat, "w");
    if (!f) return -1;
    fputs("code,name,unit,direction,min,max\nX,Chỉ tiêu X,%,up,0,100\nY,Y,tỷ đồng,down,,\n", f);
    fclose(f);
    const char *files[] = {cat};
    chitieu_load_opts o;
    chitieu_load_opts_init(&o);
    chitieu_load_report *r = NULL;
    int rc = chitieu_load_files(&r, st, files, 1, &o);
    chitieu_load_report_free(r);
    remove(cat);
    f = fopen(path, "w");
    if (!f) return -1;
    fputs("code,name,level,valid_to\nA,Vùng A,province,\nB,Vùng B,province,2025-06-30\nC,Vùng C,commune,\n", f);
    fclose(f);
    const char *f2[] = {path};
    rc = rc ? rc : chitieu_load_files(&r, st, f2, 1, &o);
    chitieu_load_report_free(r);
    /* stored figures, so that revisions, jumps and narrowed bounds are reached too */
    f = fopen(path, "w");
    if (!f) return -1;
    fputs("indicator,area,year,value\nX,A,2015,40\nX,A,2016,42\nX,A,2017,45\nX,A,2018,47\nX,A,2019,50\n"
          "X,A,2020,52\nY,A,2020,5\n", f);
    fclose(f);
    rc = rc ? rc : chitieu_load_files(&r, st, f2, 1, &o);
    chitieu_load_report_free(r);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!st && setup()) abort();
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    fputs(headers[FUZZ_KIND], f);
    fwrite(data, 1, size, f);
    fclose(f);
    chitieu_load_opts o;
    chitieu_load_opts_init(&o);
    o.dry_run = 1;
    o.span_year = (chitieu_span_year)(size ? data[0] % 3 : 0); /* school years refused, as first or last year */
    chitieu_load_report *r = NULL;
    const char *files[] = {path};
    (void)chitieu_load_files(&r, st, files, 1, &o);
    chitieu_load_report_free(r);
    return 0;
}
