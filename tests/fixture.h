/*
 * tests/fixture.h — the fixture the cmocka tests of a store share: a fresh directory under /tmp (removed
 * afterwards), the store file in it, optionally the store opened with some fixture files loaded, the
 * report of the last load, the options of the next one, and synthetic files the tests write there.
 * It includes what a loader test needs (cmocka, SQLite and sql_int.h, the C library, the error, load,
 * series and store headers).  Every function is static inline, so a test that uses only some of them
 * builds under -Werror.
 *
 * Use:  static int setup(void **state) { return fx_setup(state, "load", cat, 3); }
 *       (or fx_setup_catalogue(state, "load"): the synthetic catalogue of fixtures/load/)
 *       ... cmocka_unit_test_setup_teardown(test_x, setup, fx_teardown) ...
 *       A group set-up is the same (cmocka_run_group_tests(tests, setup, fx_teardown)); one that writes its files
 *       first calls fx_setup(state, name, NULL, 0) (the directory only), then fx_store_load.
 */
#ifndef CHITIEU_TESTS_FIXTURE_H
#define CHITIEU_TESTS_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chitieu/error.h"
#include "chitieu/load.h"
#include "chitieu/series.h"
#include "chitieu/store.h"
#include "sql_int.h"

/* The synthetic catalogue and figures of tests/fixtures/load/ (paths from tests/, where the tests run). */
#define FX_LOAD_DIR "fixtures/load/"
/* The synthetic store of tests/fixtures/assess/ (plans, areas, indicators, targets, figures), in the order a load
 * takes them, for an array's initialiser: {FX_ASSESS_FILES} or {FX_ASSESS_FILES, more}. */
#define FX_ASSESS_FILES "fixtures/assess/plans.csv", "fixtures/assess/areas.csv", "fixtures/assess/indicators.csv", \
                        "fixtures/assess/targets.csv", "fixtures/assess/observations.csv"

typedef struct {
    char dir[64];            /* the test's directory, /tmp/chitieu-<name>-XXXXXX ("" when none was made) */
    char db[128];            /* dir/s.db */
    char file[128];          /* dir/<name> set by fx_file, for a test that writes one file */
    char put[4][256];        /* the paths fx_put returns, each valid for the next 3 calls */
    unsigned slot;
    chitieu_store *st;       /* the store at db (NULL when fx_setup was given no files) */
    chitieu_load_report *r;  /* the report of the last fx_load (owned here, freed by the next one) */
    chitieu_load_opts o;     /* the options of the next fx_load, reset to the defaults after it */
} fx;

/* Print every message of a load report (r may be NULL) through cmocka, for a failing test. */
static inline void fx_show(const chitieu_load_report *r)
{
    for (size_t i = 0; r && i < r->nmsg; i++)
        print_message("  %s %s:%s%lu: %s: %s\n", r->msgs[i].level ? "W" : "E", r->msgs[i].file,
                      r->msgs[i].where ? r->msgs[i].where : "", r->msgs[i].line,
                      r->msgs[i].column ? r->msgs[i].column : "-", r->msgs[i].message);
}

/* Load the files into f->st with f->o (then reset); the report replaces f->r.  Returns the load's code. */
static inline int fx_load(fx *f, const char *const *paths, size_t n)
{
    chitieu_load_report_free(f->r);
    f->r = NULL;
    int rc = chitieu_load_files(&f->r, f->st, paths, n, &f->o);
    chitieu_load_opts_init(&f->o);
    return rc;
}

/* fx_load, and the test fails (showing the load's messages) unless the load commits (a dry run: succeeds). */
static inline void fx_load_ok(fx *f, const char *const *paths, size_t n)
{
    int dry = f->o.dry_run;
    if (fx_load(f, paths, n) != CHITIEU_OK || !(dry || f->r->committed)) {
        fx_show(f->r);
        fail_msg("the load of %zu file(s) from %s failed: %s", n, n ? paths[0] : "-", chitieu_error_last());
    }
}

/* fx_load_ok of one file. */
static inline void fx_load_one_ok(fx *f, const char *path)
{
    fx_load_ok(f, &path, 1);
}

/* Write synthetic `text` to dir/name; the path returned stays valid for the next 3 calls. */
static inline const char *fx_put(fx *f, const char *name, const char *text)
{
    char *p = f->put[f->slot++ % 4];
    size_t n = strlen(f->dir); /* copied first: snprintf may not read f->dir while writing into f */
    memcpy(p, f->dir, n);
    snprintf(p + n, sizeof f->put[0] - n, "/%s", name);
    FILE *fp = fopen(p, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    return p;
}

/* A message of `level` in r about a file whose name ends with `file` (NULL: any file), at where (NULL: none) /
 * line, column (NULL: none), containing needle?  When there is none, every message of r is shown. */
static inline int fx_has_msg_in(const chitieu_load_report *r, chitieu_msg_level level, const char *file,
                                const char *where, unsigned long line, const char *column, const char *needle)
{
    size_t nf = file ? strlen(file) : 0;
    for (size_t i = 0; i < r->nmsg; i++) {
        const chitieu_load_msg *m = &r->msgs[i];
        size_t nm = strlen(m->file);
        if (m->level != level || m->line != line || (where == NULL) != (m->where == NULL) ||
            (where && strcmp(where, m->where) != 0) || (file && (nm < nf || strcmp(m->file + nm - nf, file) != 0)))
            continue;
        if ((column == NULL) != (m->column == NULL) || (column && strcmp(column, m->column) != 0))
            continue;
        if (strstr(m->message, needle))
            return 1;
    }
    fx_show(r);
    return 0;
}

/* fx_has_msg_in about any file. */
static inline int fx_has_msg(const chitieu_load_report *r, chitieu_msg_level level, const char *where,
                             unsigned long line, const char *column, const char *needle)
{
    return fx_has_msg_in(r, level, NULL, where, line, column, needle);
}

/* The current value and status of ind/area/year in f->st (NAN, '-' when none). */
static inline double fx_value(fx *f, const char *ind, const char *area, int year, char *status)
{
    chitieu_series *s = NULL;
    double v = NAN;
    *status = '-';
    if (chitieu_series_get(&s, f->st, ind, area, 0) == 0) {
        for (size_t i = 0; i < s->n; i++)
            if (s->years[i] == year) {
                v = s->values[i];
                *status = s->status[i];
            }
        chitieu_series_free(s);
    }
    return v;
}

/* The test fails unless ind/area/year holds value v (NAN: none) with status st ('-': none). */
#define FX_EXPECT(f, ind, area, year, v, st)                                                                   \
    do {                                                                                                       \
        char s_;                                                                                               \
        double got_ = fx_value(f, ind, area, year, &s_);                                                       \
        if (!(isnan((double)(v)) ? isnan(got_) : got_ == (v)) || s_ != (st))                                   \
            fail_msg("%s %s %d: %.17g %c, expected %.17g %c", ind, area, year, got_, s_, (double)(v), st);     \
    } while (0)

/* Interrupting the store's connection once, at its fx_fire_at-th step (sqlite3_interrupt's effect, or a passing
 * I/O error): sqlite3_progress_handler(db, 1, fx_interrupt_once, NULL), fx_steps = 0, fx_fire_at = N (0: never). */
static long fx_steps, fx_fire_at;
static inline int fx_interrupt_once(void *p)
{
    (void)p;
    return ++fx_steps == fx_fire_at;
}

static inline int fx_teardown(void **state);

/* Open the store at f->db (unless it is open) and load the n files into it, for a set-up: 0, or -1 (the load's
 * messages shown) when the store cannot be opened or the load fails. */
static inline int fx_store_load(fx *f, const char *const *paths, size_t n)
{
    if (!f->st && chitieu_store_open(&f->st, f->db) != CHITIEU_OK)
        return -1;
    if (fx_load(f, paths, n) != CHITIEU_OK) {
        fx_show(f->r);
        return -1;
    }
    return 0;
}

/* A fresh fixture in *state: the directory /tmp/chitieu-<name>-XXXXXX and, when n > 0, the store at its s.db
 * with the n files loaded (the load must succeed; its report stays in f->r).  Returns 0; on failure -1, with
 * what was made undone (cmocka does not run the teardown of a failed setup). */
static inline int fx_setup(void **state, const char *name, const char *const *paths, size_t n)
{
    fx *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    *state = f;
    snprintf(f->dir, sizeof f->dir, "/tmp/chitieu-%s-XXXXXX", name);
    chitieu_load_opts_init(&f->o);
    if (!mkdtemp(f->dir)) {
        f->dir[0] = '\0'; /* nothing for fx_teardown to remove */
        goto fail;
    }
    snprintf(f->db, sizeof f->db, "%s/s.db", f->dir);
    if (n == 0 || fx_store_load(f, paths, n) == 0)
        return 0;
fail:
    fx_teardown(state);
    return -1;
}

/* Set f->file to dir/name (the one file a test writes) and return it. */
static inline const char *fx_file(fx *f, const char *name)
{
    snprintf(f->file, sizeof f->file, "%s/%s", f->dir, name);
    return f->file;
}

/* Close the store, remove the directory and free the fixture (a fixture whose setup failed midway too). */
static inline int fx_teardown(void **state)
{
    fx *f = *state;
    if (!f)
        return 0;
    chitieu_load_report_free(f->r);
    chitieu_store_close(f->st);
    int rc = 0;
    if (f->dir[0]) {
        char cmd[200];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
        rc = system(cmd);
    }
    free(f);
    *state = NULL;
    return rc == 0 ? 0 : -1;
}

/* fx_setup with the synthetic catalogue of fixtures/load/ (areas, indicators, plans) loaded. */
static inline int fx_setup_catalogue(void **state, const char *name)
{
    static const char *const cat[] = {FX_LOAD_DIR "areas.csv", FX_LOAD_DIR "indicators.csv", FX_LOAD_DIR "plans.csv"};
    return fx_setup(state, name, cat, 3);
}

#endif
