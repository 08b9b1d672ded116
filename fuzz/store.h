/* store.h — the store the loader harnesses (fuzz_load.c, fuzz_xlsx.c) load into: in memory, holding a small
 * catalogue (indicators X, Y), areas A, B (ended 2025-06-30), C, and a few figures of X and Y, so that the
 * rows of an input reach every check (revisions, jumps, narrowed bounds).  fuzz_store_open() builds it
 * once, using file `path` (removed at exit with the store closed); the harness owns nothing of it. */
#ifndef FUZZ_STORE_H
#define FUZZ_STORE_H
#include <stdio.h>
#include <stdlib.h>
#include "chitieu/load.h"

static chitieu_store *fuzz_st;
static const char *fuzz_tmp;

/* At exit: the store closed and the input file removed (replay.c runs many harnesses in a row). */
static void fuzz_store_cleanup(void)
{
    chitieu_store_close(fuzz_st);
    remove(fuzz_tmp);
}

/* Load the CSV text `csv` through file `path` into the store: 0, or the loader's code. */
static int fuzz_store_put(const char *path, const char *csv)
{
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    fputs(csv, f);
    fclose(f);
    chitieu_load_opts o;
    chitieu_load_opts_init(&o);
    chitieu_load_report *r = NULL;
    const char *files[] = {path};
    int rc = chitieu_load_files(&r, fuzz_st, files, 1, &o);
    chitieu_load_report_free(r);
    return rc;
}

/* The store, built on first call (aborts when it cannot be: the harness would test nothing). */
static chitieu_store *fuzz_store_open(const char *path)
{
    if (fuzz_st) return fuzz_st;
    if (chitieu_store_open(&fuzz_st, ":memory:")) abort();
    fuzz_tmp = path;
    atexit(fuzz_store_cleanup);
    char cat[80];
    snprintf(cat, sizeof cat, "%s-cat.csv", path);
    int rc = fuzz_store_put(cat, "code,name,unit,direction,min,max\nX,Chỉ tiêu X,%,up,0,100\nY,Y,tỷ đồng,down,,\n");
    remove(cat);
    rc = rc ? rc : fuzz_store_put(path, "code,name,level,valid_to\nA,Vùng A,province,\nB,Vùng B,province,2025-06-30\n"
                                        "C,Vùng C,commune,\n");
    rc = rc ? rc : fuzz_store_put(path, "indicator,area,year,value\nX,A,2015,40\nX,A,2016,42\nX,A,2017,45\nX,A,2018,47\n"
                                        "X,A,2019,50\nX,A,2020,52\nY,A,2020,5\n");
    if (rc) abort();
    return fuzz_st;
}
#endif
