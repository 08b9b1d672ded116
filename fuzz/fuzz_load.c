/* fuzz_load.c — libFuzzer harness: the loader's row parsers.  The input follows a fixed header of
 * one file kind (FUZZ_KIND: 0 observations, 1 indicators, 2 areas, 3 targets; areas over time: 4 successions,
 * 5 areas with validity and GSO code, 6 indicators with an aggregation rule), is written to a temp
 * file and loaded (dry run) into the store of store.h (a small catalogue and a few figures), so rows reach
 * every check (revisions, jumps, narrowed bounds).  An input whose length is 2 modulo 4 is loaded with
 * --encoding tcvn3 (text typed in an ABC font: engine/rows.c reads it as UTF-8 or Latin-1 bytes, tcvn3.c as
 * Unicode). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "chitieu/load.h"
#include "store.h"

#ifndef FUZZ_KIND
#define FUZZ_KIND 0
#endif
static const char *const headers[] = {
    "indicator,area,year,value,status,source,note\n", "code,name,unit,direction,name_en,min,max,goal,agency\n",
    "code,name,level,parent\n", "plan,indicator,area,shape,year,from,low,high,versus,versus_area,source,note\n",
    "from_area,to_area,date,share,source,note\n", "code,name,level,parent,valid_from,valid_to,gso_code\n",
    "code,name,unit,direction,aggregate\n"};

static char path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!path[0]) snprintf(path, sizeof path, "/tmp/chitieu-fuzz-%d.csv", (int)getpid());
    chitieu_store *st = fuzz_store_open(path);
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    fputs(headers[FUZZ_KIND], f);
    fwrite(data, 1, size, f);
    fclose(f);
    chitieu_load_opts o;
    chitieu_load_opts_init(&o);
    o.dry_run = 1;
    o.span_year = (chitieu_span_year)(size ? data[0] % 3 : 0); /* school years refused, as first or last year */
    o.encoding = (size & 3) == 2 ? "tcvn3" : NULL;
    chitieu_load_report *r = NULL;
    const char *files[] = {path};
    (void)chitieu_load_files(&r, st, files, 1, &o);
    chitieu_load_report_free(r);
    return 0;
}
