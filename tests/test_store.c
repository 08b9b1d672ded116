/*
 * tests/test_store.c — unit tests of the SQLite store (engine/store.c):
 * schema creation and version, idempotent reopen, opening without creating, non-database files, shape
 * names, catalogue getters and not-found messages.  Data: the synthetic
 * fixtures in tests/fixtures/load/.
 */
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
#include "chitieu/store.h"
#include "sql_int.h"
#include "fixture.h"

/* A fresh directory; the tests open the store at f->db themselves. */
static int setup(void **state)
{
    return fx_setup(state, "store", NULL, 0);
}

static int user_version(const char *path) { return sql_int(path, "PRAGMA user_version"); }

/* Run the SQL of the file at sql_path (a store written by an earlier chitieu) on the database at db_path. */
static void run_sql_file(const char *db_path, const char *sql_path)
{
    FILE *in = fopen(sql_path, "rb");
    assert_non_null(in);
    char sql[16384];
    size_t n = fread(sql, 1, sizeof sql - 1, in);
    fclose(in);
    assert_true(n > 0 && n < sizeof sql - 1);
    sql[n] = 0;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

static void test_open_reopen(void **state)
{
    fx *f = *state;
    chitieu_store *st = NULL;
    assert_int_equal(chitieu_store_open(&st, f->db), 0);
    assert_string_equal(chitieu_store_path(st), f->db);
    chitieu_store_counts c;
    assert_int_equal(chitieu_store_count(&c, st), 0);
    assert_int_equal(c.indicators + c.areas + c.plans + c.targets + c.observations + c.revisions + c.batches, 0);
    chitieu_store_close(st);
    int v1 = user_version(f->db);
    assert_true(v1 >= 1);
    st = NULL;
    assert_int_equal(chitieu_store_open(&st, f->db), 0); /* idempotent: no migration re-run error */
    chitieu_store_close(st);
    assert_int_equal(user_version(f->db), v1);
    chitieu_store_close(NULL);
}

/* A store written at schema version 1 (tests/fixtures/store/v1.sql, made by an earlier chitieu)
 * migrates on open: its targets and their history are kept, and the new versus_area is usable. */
static void test_migrate_v1(void **state)
{
    fx *f = *state;
    run_sql_file(f->db, "fixtures/store/v1.sql");
    assert_int_equal(user_version(f->db), 1);

    /* the newest version is that of a store created now (not a number: migrations are added) */
    char fresh[200];
    snprintf(fresh, sizeof fresh, "%s/fresh.db", f->dir);
    chitieu_store *st = NULL;
    assert_int_equal(chitieu_store_open(&st, fresh), 0);
    chitieu_store_close(st);
    int newest = user_version(fresh);
    assert_true(newest >= 4);
    st = NULL;
    assert_int_equal(chitieu_store_open(&st, f->db), 0);
    assert_int_equal(user_version(f->db), newest);
    chitieu_target *t;
    size_t nt;
    assert_int_equal(chitieu_store_targets(&t, &nt, st, NULL, NULL), 0);
    assert_int_equal(nt, 2);
    const chitieu_target *ex = t[0].shape == CHITIEU_SHAPE_EXCEEDS ? &t[0] : &t[1];
    assert_int_equal(ex->shape, CHITIEU_SHAPE_EXCEEDS);
    assert_string_equal(ex->versus, "INC");
    assert_null(ex->versus_area);
    assert_string_equal(ex->note, "bản sửa");
    assert_true(ex->low == 0.5);
    chitieu_store_targets_free(t, nt);

    /* the same target now compared with the national series: stored, the old version kept */
    char path[200];
    snprintf(path, sizeof path, "%s/t.csv", f->dir);
    FILE *out = fopen(path, "w");
    assert_non_null(out);
    fputs("plan,indicator,area,shape,from,year,low,versus,versus_area,note\n"
          "P,INC40,BT,exceeds,2019,2030,0.5,INC,VN,bản sửa\n", out);
    fclose(out);
    const char *paths[] = {path};
    chitieu_load_opts o;
    chitieu_load_opts_init(&o);
    chitieu_load_report *r = NULL;
    assert_int_equal(chitieu_load_files(&r, st, paths, 1, &o), 0);
    chitieu_load_report_free(r);
    assert_int_equal(chitieu_store_targets(&t, &nt, st, NULL, NULL), 0);
    ex = t[0].shape == CHITIEU_SHAPE_EXCEEDS ? &t[0] : &t[1];
    assert_string_equal(ex->versus_area, "VN");
    chitieu_store_targets_free(t, nt);
    chitieu_store_close(st);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM target_history"), 2);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM target_history WHERE id = 2 AND versus_area IS NULL"
                                      " AND note = 'bản sửa'"), 1);
}

/* A store written between the merges of issues 12 and 11 (tests/fixtures/store/v4-interim.sql: version 4 with
 * the revert migration as its fourth) gets the areas over time on open, keeps its figures and loads successions. */
static void test_migrate_interim(void **state)
{
    fx *f = *state;
    run_sql_file(f->db, "fixtures/store/v4-interim.sql");
    assert_int_equal(user_version(f->db), 4);
    chitieu_store *st = NULL;
    assert_int_equal(chitieu_store_open(&st, f->db), 0);
    assert_int_equal(user_version(f->db), chitieu_store_schema_version());
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM current_obs"), 5);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM pragma_table_info('areas') WHERE name = 'valid_from'"), 1);
    char path[200];
    snprintf(path, sizeof path, "%s/s.csv", f->dir);
    FILE *out = fopen(path, "w");
    assert_non_null(out);
    chitieu_area a;
    assert_int_equal(chitieu_store_area_get(&a, st, "BD"), 0);
    assert_null(a.valid_from); /* the new columns read as open */
    chitieu_store_area_clear(&a);
    fputs("from_area,to_area,date,share\nBD,VN,2025-07-01,0.5\n", out);
    fclose(out);
    const char *paths[] = {path};
    chitieu_load_report *r = NULL;
    assert_int_equal(chitieu_load_files(&r, st, paths, 1, NULL), 0);
    assert_int_equal(r->successions, 1);
    chitieu_load_report_free(r);
    chitieu_store_close(st);
    st = NULL;
    assert_int_equal(chitieu_store_open(&st, f->db), 0); /* opened again: nothing more to do */
    chitieu_store_close(st);
    assert_int_equal(user_version(f->db), chitieu_store_schema_version());
}

/* Opening for reading never creates: a missing file is CHITIEU_ENOTFOUND and stays missing;
 * once created (init/load path), it opens. */
static void test_open_existing(void **state)
{
    fx *f = *state;
    chitieu_store *st = (chitieu_store *)f; /* must be reset to NULL on failure */
    assert_int_equal(chitieu_store_open_existing(&st, f->db), CHITIEU_ENOTFOUND);
    assert_null(st);
    char want[200];
    snprintf(want, sizeof want, "%s: no such store (run chitieu init)", f->db);
    assert_string_equal(chitieu_error_last(), want);
    assert_int_equal(access(f->db, F_OK), -1);
    assert_int_equal(chitieu_store_open(&st, f->db), 0);
    chitieu_store_close(st);
    st = NULL;
    assert_int_equal(chitieu_store_open_existing(&st, f->db), 0);
    assert_non_null(st);
    chitieu_store_counts c;
    assert_int_equal(chitieu_store_count(&c, st), 0);
    chitieu_store_close(st);
    st = NULL;
    assert_int_not_equal(chitieu_store_open_existing(&st, "/nonexistent-dir-chitieu/x.db"), 0);
    assert_null(st);
    assert_int_equal(access("/nonexistent-dir-chitieu", F_OK), -1);
}

static void test_not_a_database(void **state)
{
    fx *f = *state;
    FILE *fp = fopen(f->db, "w");
    assert_non_null(fp);
    for (int i = 0; i < 200; i++)
        fputs("this is a text file, not a database\n", fp);
    fclose(fp);
    chitieu_store *st = NULL;
    int rc = chitieu_store_open(&st, f->db);
    assert_int_equal(rc, CHITIEU_EDB);
    assert_null(st);
    assert_non_null(strstr(chitieu_error_last(), "not a chitieu database"));
    assert_non_null(strstr(chitieu_error_last(), f->db));
}

static void test_open_bad_dir(void **state)
{
    (void)state;
    chitieu_store *st = NULL;
    int rc = chitieu_store_open(&st, "/nonexistent-dir-chitieu/x.db");
    assert_true(rc == CHITIEU_EIO || rc == CHITIEU_EDB);
    assert_null(st);
    assert_non_null(strstr(chitieu_error_last(), "/nonexistent-dir-chitieu/x.db"));
}

static void test_shapes(void **state)
{
    (void)state;
    static const char *const names[] = {"at_least", "at_most", "range", "each_year", "avg_growth",
                                        "avg_rate", "avg_change", "ratio_to_base", "cumulative", "exceeds"};
    assert_int_equal(sizeof names / sizeof *names, CHITIEU_SHAPE_COUNT_);
    for (int i = 0; i < CHITIEU_SHAPE_COUNT_; i++) {
        chitieu_shape s;
        assert_string_equal(chitieu_shape_name((chitieu_shape)i), names[i]);
        assert_int_equal(chitieu_shape_parse(&s, names[i]), 0);
        assert_int_equal(s, i);
    }
    chitieu_shape s;
    assert_int_equal(chitieu_shape_parse(&s, "growth"), CHITIEU_EINVALID);
    assert_non_null(strstr(chitieu_error_last(), "unknown shape 'growth'"));
    assert_string_equal(chitieu_shape_name(CHITIEU_SHAPE_COUNT_), "?");
}

static void test_getters(void **state)
{
    fx *f = *state;
    chitieu_store *st = NULL;
    assert_int_equal(chitieu_store_open(&st, f->db), 0);
    const char *paths[] = {"fixtures/load/areas.csv", "fixtures/load/indicators.csv", "fixtures/load/plans.csv",
                           "fixtures/load/targets.csv"};
    chitieu_load_opts o;
    chitieu_load_opts_init(&o);
    chitieu_load_report *r = NULL;
    assert_int_equal(chitieu_load_files(&r, st, paths, 4, &o), 0);
    chitieu_load_report_free(r);

    chitieu_indicator ind;
    assert_int_equal(chitieu_store_indicator_get(&ind, st, "POOR"), 0);
    assert_string_equal(ind.name, "Poor households");
    assert_string_equal(ind.unit, "%");
    assert_int_equal(ind.direction, CHITIEU_DIR_DOWN);
    assert_true(ind.min == 0 && ind.max == 100);
    assert_string_equal(ind.agency, "DOLISA");
    chitieu_store_indicator_clear(&ind);
    assert_int_equal(chitieu_store_indicator_get(&ind, st, "INCOME"), 0);
    assert_true(isnan(ind.max));
    assert_int_equal(ind.direction, CHITIEU_DIR_UP);
    chitieu_store_indicator_clear(&ind);
    assert_int_equal(chitieu_store_indicator_get(&ind, st, "NOPE"), CHITIEU_ENOTFOUND);
    assert_non_null(strstr(chitieu_error_last(), "unknown indicator 'NOPE'"));

    chitieu_indicator *all = NULL;
    size_t n = 0;
    assert_int_equal(chitieu_store_indicators(&all, &n, st), 0);
    assert_int_equal(n, 3);
    /* ordered by goal then code: POOR (goal 1), GRDP_G, INCOME (goal 8) */
    assert_string_equal(all[0].code, "POOR");
    assert_string_equal(all[1].code, "GRDP_G");
    assert_string_equal(all[2].code, "INCOME");
    chitieu_store_indicators_free(all, n);

    chitieu_area a;
    assert_int_equal(chitieu_store_area_get(&a, st, "BD"), 0);
    assert_string_equal(a.level, "province");
    assert_string_equal(a.parent, "VN");
    chitieu_store_area_clear(&a);
    assert_int_equal(chitieu_store_area_get(&a, st, "HN"), CHITIEU_ENOTFOUND);
    assert_non_null(strstr(chitieu_error_last(), "unknown area 'HN'"));

    char *name = NULL;
    assert_int_equal(chitieu_store_plan_name(&name, st, "SEDP2125"), 0);
    assert_string_equal(name, "SEDP 2021-2025 (synthetic)");
    free(name);
    assert_int_equal(chitieu_store_plan_name(&name, st, "X"), CHITIEU_ENOTFOUND);
    chitieu_plan pl;
    assert_int_equal(chitieu_store_plan_get(&pl, st, "SEDP2125"), 0);
    assert_string_equal(pl.name, "SEDP 2021-2025 (synthetic)");
    assert_string_equal(pl.document, "2902/QD-UBND");
    assert_string_equal(pl.issued, "2021-12-20");
    assert_string_equal(pl.deadline, "11-30");
    chitieu_store_plan_clear(&pl);
    chitieu_store_plan_clear(NULL);
    assert_int_equal(chitieu_store_plan_get(&pl, st, "X"), CHITIEU_ENOTFOUND);
    char **codes = NULL;
    size_t nc = 0;
    assert_int_equal(chitieu_store_codes(&codes, &nc, st, CHITIEU_CODE_INDICATOR), 0);
    assert_int_equal(nc, 3);
    assert_string_equal(codes[0], "GRDP_G"); /* load order */
    chitieu_store_codes_free(codes, nc);
    assert_int_equal(chitieu_store_codes(&codes, &nc, st, CHITIEU_CODE_PLAN), 0);
    assert_int_equal(nc, 1);
    assert_string_equal(codes[0], "SEDP2125");
    chitieu_store_codes_free(codes, nc);
    assert_int_equal(chitieu_store_last_load(&name, st), 0);
    assert_null(name); /* no observations loaded here */

    chitieu_target *t = NULL;
    assert_int_equal(chitieu_store_targets(&t, &n, st, "SEDP2125", "BD"), 0);
    assert_int_equal(n, 2);
    /* in the order of the file (the resolution's order): GRDP_G on line 2, POOR on line 3 */
    assert_string_equal(t[1].indicator, "POOR");
    assert_int_equal(t[1].shape, CHITIEU_SHAPE_AT_MOST);
    assert_int_equal(t[1].from, 0);
    assert_true(isnan(t[1].low) && t[1].high == 2.5);
    assert_string_equal(t[0].indicator, "GRDP_G");
    assert_int_equal(t[0].shape, CHITIEU_SHAPE_AVG_RATE);
    assert_int_equal(t[0].from, 2021);
    assert_int_equal(t[0].year, 2025);
    assert_true(t[0].low == 8.5 && t[0].high == 8.7);
    assert_null(t[0].versus);
    chitieu_store_targets_free(t, n);
    assert_int_equal(chitieu_store_targets(&t, &n, st, NULL, "VN"), 0);
    assert_int_equal(n, 0);
    chitieu_store_targets_free(t, n);

    chitieu_store_counts c;
    assert_int_equal(chitieu_store_count(&c, st), 0);
    assert_int_equal(c.indicators, 3);
    assert_int_equal(c.areas, 2);
    assert_int_equal(c.plans, 1);
    assert_int_equal(c.targets, 2);
    assert_int_equal(c.batches, 4);
    chitieu_store_close(st);
}

typedef struct { int n, stop_at; char seen[512]; } walk;

static int walk_fn(void *ctx, const char *indicator, const char *area, int year, double value, char status,
                   const char *source, const char *note)
{
    walk *w = ctx;
    (void)source;
    (void)note;
    size_t len = strlen(w->seen);
    snprintf(w->seen + len, sizeof w->seen - len, "%s/%s/%d/%g/%c;", indicator, area, year, value, status);
    return ++w->n == w->stop_at ? 42 : 0;
}

static void test_missing_and_walk(void **state)
{
    fx *f = *state;
    chitieu_store *st = NULL;
    assert_int_equal(chitieu_store_open(&st, f->db), 0);
    const char *paths[] = {"fixtures/load/areas.csv", "fixtures/load/indicators.csv", "fixtures/load/plans.csv",
                           "fixtures/load/targets.csv", "fixtures/load/observations.csv"};
    chitieu_load_opts o;
    chitieu_load_opts_init(&o);
    chitieu_load_report *r = NULL;
    assert_int_equal(chitieu_load_files(&r, st, paths, 5, &o), 0);
    chitieu_load_report_free(r);
    char *when = NULL; /* the load just made: a UTC time "YYYY-MM-DDTHH:MM:SSZ" */
    assert_int_equal(chitieu_store_last_load(&when, st), 0);
    assert_non_null(when);
    assert_int_equal(strlen(when), 20);
    assert_true(when[4] == '-' && when[10] == 'T' && when[19] == 'Z');
    free(when);

    /* 2021: GRDP_G has a figure; POOR (target, last figure 2020) is missing; INCOME has neither target nor figure */
    chitieu_missing *m = NULL;
    size_t n = 0;
    assert_int_equal(chitieu_store_missing(&m, &n, st, 2021), 0);
    assert_int_equal(n, 1);
    assert_string_equal(m[0].indicator, "POOR");
    assert_string_equal(m[0].area, "BD");
    assert_string_equal(m[0].agency, "DOLISA");
    assert_int_equal(m[0].last_year, 2020);
    chitieu_store_missing_free(m, n);
    /* 2022: both, ordered by agency (DOLISA before DPI) */
    assert_int_equal(chitieu_store_missing(&m, &n, st, 2022), 0);
    assert_int_equal(n, 2);
    assert_string_equal(m[0].agency, "DOLISA");
    assert_string_equal(m[1].indicator, "GRDP_G");
    assert_int_equal(m[1].last_year, 2021);
    chitieu_store_missing_free(m, n);

    walk w = {0, 0, ""};
    assert_int_equal(chitieu_store_foreach_current(st, walk_fn, &w), 0);
    assert_int_equal(w.n, 5);
    assert_string_equal(w.seen, "GRDP_G/BD/2019/8/A;GRDP_G/BD/2020/3/A;GRDP_G/BD/2021/2.5/A;POOR/BD/2019/1.5/A;"
                                "POOR/BD/2020/1.2/P;");
    walk w2 = {0, 2, ""};
    assert_int_equal(chitieu_store_foreach_current(st, walk_fn, &w2), 42); /* the callback's stop code */
    assert_int_equal(w2.n, 2);

    chitieu_revision *h = NULL;
    assert_int_equal(chitieu_store_history(&h, &n, st, "POOR", "BD", 0), 0);
    assert_int_equal(n, 2);
    assert_int_equal(h[0].year, 2019);
    assert_int_equal(h[1].year, 2020);
    assert_int_equal(h[1].status, 'P');
    assert_string_equal(h[1].source, "synthetic");
    assert_null(h[1].note);
    chitieu_store_revisions_free(h, n);
    assert_int_equal(chitieu_store_history(&h, &n, st, "POOR", "BD", 2030), 0);
    assert_int_equal(n, 0);
    chitieu_store_revisions_free(h, n);
    chitieu_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_open_reopen, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_open_existing, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_migrate_v1, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_migrate_interim, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_not_a_database, setup, fx_teardown),
        cmocka_unit_test(test_open_bad_dir),
        cmocka_unit_test(test_shapes),
        cmocka_unit_test_setup_teardown(test_getters, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_missing_and_walk, setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
