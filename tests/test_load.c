/*
 * tests/test_load.c — unit tests of the loader (engine/load.c and the files of engine/loader.h): every row
 * and file error with its file:line:column, atomicity across files (a full
 * dump of the database before and after a failed load is identical), dry
 * run, revisions with their batch file and SHA-256 (checked against the
 * sha256sum program), kind order, decimal commas, the formula guard, jump
 * warnings and narrowed bounds against stored figures.  Each test gets a
 * fresh store in a mkdtemp directory with the synthetic catalogue of
 * tests/fixtures/load/ loaded; the CSV inputs the tests write there are
 * synthetic too.
 */
#include "fixture.h"
#include "internal.h" /* chitieu__store_db: the store's connection, to interrupt it */

#define FX FX_LOAD_DIR

/* A fresh store with the synthetic catalogue. */
static int setup(void **state)
{
    return fx_setup_catalogue(state, "load");
}

/* fx_load, as a dry run when `dry`. */
static int load(fx *f, const char *const *paths, size_t n, int dry)
{
    f->o.dry_run = dry;
    return fx_load(f, paths, n);
}

/* Load one synthetic observation/target file `text` and expect exactly one error at line:column with needle. */
static void one_error(fx *f, const char *text, unsigned long line, const char *column, const char *needle)
{
    const char *p = fx_put(f, "in.csv", text);
    int rc = load(f, &p, 1, 0);
    assert_int_equal(rc, CHITIEU_EINVALID);
    assert_non_null(f->r);
    assert_int_equal(f->r->committed, 0);
    if (f->r->errors != 1 || !fx_has_msg_in(f->r, CHITIEU_MSG_ERROR, p, NULL, line, column, needle)) {
        fx_show(f->r);
        fail_msg("expected one error at %lu:%s containing '%s'", line, column ? column : "-", needle);
    }
    assert_non_null(strstr(chitieu_error_last(), "1 error in the input; nothing was stored"));
}

#define OBS_H "indicator,area,year,value,status\n"
#define TGT_H "plan,indicator,area,shape,year,from,low,high,versus\n"
/* Steady yearly changes near +1, one wild jump of +40 in 2015 (line 8). */
#define JUMP_CSV                                                                                                     \
    OBS_H "INCOME,BD,2009,10,A\nINCOME,BD,2010,11,A\nINCOME,BD,2011,12.1,A\nINCOME,BD,2012,13,A\nINCOME,BD,2013,14.2,A\n" \
          "INCOME,BD,2014,15.1,A\nINCOME,BD,2015,55,A\nINCOME,BD,2016,56.1,A\nINCOME,BD,2017,57,A\n"                \
          "INCOME,BD,2018,58.2,A\nINCOME,BD,2019,59.1,A\n"

static void test_row_errors(void **state)
{
    fx *f = *state;
    one_error(f, OBS_H "GRDP_G,BD,2019,8,A\nGDP,BD,2020,1,A\n", 3, "indicator",
              "unknown indicator 'GDP' (load its catalogue row first, or give the catalogue's code with --recode");
    one_error(f, OBS_H "GRDP_G,HN,2019,8,A\n", 2, "area", "unknown area 'HN'");
    one_error(f, OBS_H "GRDP_G,BD,2019,abc,A\n", 2, "value", "'abc' is not a number");
    one_error(f, OBS_H "GRDP_G,BD,1800,8,A\n", 2, "year", "year 1800 is out of range 1900-2100");
    one_error(f, OBS_H "GRDP_G,BD,,8,A\n", 2, "year", "missing year");
    one_error(f, OBS_H "GRDP_G,BD,2099,8,A\n", 2, "year",
              "year 2099 is in the future: only an estimate (status E) can be given for it");
    one_error(f, OBS_H "GRDP_G,BD,2019,150,A\n", 2, "value", "150 is outside the bounds of GRDP_G (-50 to 100)");
    one_error(f, OBS_H "POOR,BD,2019,-1,A\n", 2, "value", "-1 is outside the bounds of POOR (0 to 100)");
    one_error(f, OBS_H "GRDP_G,BD,2019,8,X\n", 2, "status", "unknown status 'X' (A official, P provisional, E estimate)");
    one_error(f, OBS_H "GRDP_G,BD,2019,8,A\nGRDP_G,BD,2020,7,A\nGRDP_G,BD,2019,8,A\n", 4, NULL,
              "duplicate figure for GRDP_G, BD, 2019 (already given at ");
    one_error(f, OBS_H "GRDP_G,BD,2019,8,A,x\n", 2, NULL, "the row has more fields than the header");
    one_error(f, OBS_H "GRDP_G,BD,2019\n", 2, NULL, "the row has 3 fields; the header has 5");
    one_error(f, "indicator,area,year,value\nGRDP_G,BD,2019,8,5\n", 2, NULL,
              "a decimal comma in a comma file must be quoted");
    one_error(f, "indicator;area;year;value\nINCOME;BD;2019;1.234\n", 2, "value",
              "'1.234' is ambiguous in a semicolon file");
    /* terminal escapes, DEL and C1 controls are refused in any column; tab and newlines in a note are text */
    one_error(f, "indicator,area,year,value,status,note\nGRDP_G,BD,2019,8,A,\"\033]0;x\007\"\n", 2, "note",
              "control character U+001B in the text");
    one_error(f, OBS_H "GRDP_G,BD\177,2019,8,A\n", 2, "area", "control character U+007F");
    one_error(f, OBS_H "GRDP_G,BD,2019,8,A\xc2\x9b\n", 2, "status", "control character U+009B");
    const char *nl = fx_put(f, "nl.csv", "indicator,area,year,value,status,note\nGRDP_G,BD,2018,8,A,\"a\tb\r\nc\"\n");
    assert_int_equal(load(f, &nl, 1, 0), 0);
    /* an empty value is a missing figure: counted, not stored, not an error */
    const char *empty = fx_put(f, "empty.csv", OBS_H "GRDP_G,BD,2019,,A\nGRDP_G,BD,2020,..,A\n");
    assert_int_equal(load(f, &empty, 1, 0), 0);
    assert_int_equal(f->r->absent, 2);
    assert_int_equal(f->r->inserted, 0);
    /* a future year is fine as an estimate */
    const char *p = fx_put(f, "e.csv", OBS_H "GRDP_G,BD,2099,8,E\n");
    assert_int_equal(load(f, &p, 1, 0), 0);
    assert_int_equal(f->r->inserted, 1);
}

static void test_target_errors(void **state)
{
    fx *f = *state;
    one_error(f, TGT_H "SEDP2125,GRDP_G,BD,growth,2025,2021,8,9,\n", 2, "shape", "unknown shape 'growth' (at_least");
    one_error(f, TGT_H "SEDP2125,GRDP_G,BD,avg_rate,2025,,8.5,8.7,\n", 2, "from",
              "avg_rate needs 'from' (the first year of the period, or the base year)");
    one_error(f, TGT_H "SEDP2125,GRDP_G,BD,range,2025,,8.5,,\n", 2, "high", "range needs both 'low' and 'high'");
    one_error(f, TGT_H "SEDP2125,GRDP_G,BD,exceeds,2025,2021,,,\n", 2, "versus", "exceeds needs 'versus'");
    one_error(f, TGT_H "SEDP2125,GRDP_G,BD,exceeds,2025,2021,,,NOPE\n", 2, "versus", "unknown indicator 'NOPE'");
    one_error(f, TGT_H "SEDP2125,GRDP_G,BD,range,2025,,9,8,\n", 2, "high", "high 8 is below low 9");
    one_error(f, TGT_H "SEDP2125,POOR,BD,at_least,2025,,,2,\n", 2, "low", "at_least needs 'low'");
}

static void test_file_errors(void **state)
{
    fx *f = *state;
    one_error(f, "indicator,area,year\nGRDP_G,BD,2019\n", 1, "value",
              "missing column 'value' (an observations file needs it)");
    one_error(f, "foo,bar\n1,2\n", 1, NULL, "cannot tell what this file holds from its header");
    one_error(f, "indicator,area,year,value,year\n", 1, "year", "column 'year' appears twice in the header");
    one_error(f, "", 0, NULL, "empty file (no header)");
    one_error(f, OBS_H "GRDP_G,BD,2019,\"8\n", 2, NULL, "unterminated quoted field");
    one_error(f, OBS_H "GRDP_G,BD,2019,8,A\nGRDP_G,BD,2020,7,A,\xC3\x28\n", 3, NULL, "invalid UTF-8");
    {
        size_t big = 2u << 20;
        char *t = malloc(big + 256);
        assert_non_null(t);
        size_t len = (size_t)sprintf(t, OBS_H "GRDP_G,BD,2019,8,A\nGRDP_G,BD,2020,");
        memset(t + len, '7', big);
        strcpy(t + len + big, ",A\n");
        one_error(f, t, 3, NULL, "record longer than 1 MiB");
        free(t);
    }

    char missing[200];
    snprintf(missing, sizeof missing, "%s/nope.csv", f->dir);
    const char *p = missing;
    int rc = load(f, &p, 1, 0);
    assert_true(rc == CHITIEU_EIO || rc == CHITIEU_EINVALID);
    if (rc == CHITIEU_EINVALID) {
        assert_true(fx_has_msg_in(f->r, CHITIEU_MSG_ERROR, missing, NULL, 0, NULL, "cannot open"));
    } else {
        assert_non_null(strstr(chitieu_error_last(), "nope.csv"));
    }
    /* an unknown column in the middle of the header is a warning, not an error */
    p = fx_put(f, "w.csv", "indicator,remark,area,year,value\nGRDP_G,hi,BD,2019,8\n");
    if (load(f, &p, 1, 0) != 0) {
        fx_show(f->r);
        fail_msg("an unknown column should be a warning");
    }
    assert_true(fx_has_msg_in(f->r, CHITIEU_MSG_WARNING, p, NULL, 1, "remark", "column 'remark' is not part of an observations file"));
    assert_int_equal(f->r->inserted, 1);
}

static void test_unknown_trailing_column(void **state)
{
    fx *f = *state;
    /* an unknown LAST column: its values are fields of the header, not extra ones (was a bug) */
    const char *p = fx_put(f, "w.csv", "indicator,area,year,value,remark\nGRDP_G,BD,2019,8,hi\n");
    if (load(f, &p, 1, 0) != 0) {
        fx_show(f->r);
        fail_msg("an unknown trailing column should be a warning");
    }
    assert_true(fx_has_msg_in(f->r, CHITIEU_MSG_WARNING, p, NULL, 1, "remark", "column 'remark' is not part of an observations file"));
}

/* A deterministic text dump of every table of the database (schema order, all rows ordered). */
static char *dump_db(const char *path)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *t;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name", -1, &t,
                                        NULL), SQLITE_OK);
    size_t cap = 1 << 16, len = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    out[0] = '\0';
    while (sqlite3_step(t) == SQLITE_ROW) {
        char sql[300];
        snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY 1,2,3", (const char *)sqlite3_column_text(t, 0));
        sqlite3_stmt *q;
        if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) {
            snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY 1", (const char *)sqlite3_column_text(t, 0));
            assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
        }
        while (sqlite3_step(q) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(q); c++) {
                const char *v = (const char *)sqlite3_column_text(q, c);
                size_t need = len + (v ? strlen(v) : 4) + 4;
                if (need > cap) {
                    cap = need * 2;
                    out = realloc(out, cap);
                    assert_non_null(out);
                }
                len += (size_t)sprintf(out + len, "%s|", v ? v : "NULL");
            }
            out[len++] = '\n';
            out[len] = '\0';
        }
        sqlite3_finalize(q);
    }
    sqlite3_finalize(t);
    sqlite3_close(db);
    return out;
}

static void test_atomic(void **state)
{
    fx *f = *state;
    const char *good = fx_put(f, "good.csv", OBS_H "GRDP_G,BD,2019,8,A\n");
    assert_int_equal(load(f, &good, 1, 0), 0);
    char *before = dump_db(f->db);
    assert_non_null(strstr(before, "GRDP_G"));
    const char *p[2];
    p[0] = fx_put(f, "a.csv", OBS_H "GRDP_G,BD,2019,9,A\nGRDP_G,BD,2020,3,A\n");           /* revision + new */
    p[1] = fx_put(f, "b.csv", "code,name,level\nHCM,Ho Chi Minh,province\nX,Bad,planet\n"); /* bad row 3 */
    assert_int_equal(load(f, p, 2, 0), CHITIEU_EINVALID);
    assert_int_equal(f->r->committed, 0);
    assert_int_equal(f->r->errors, 1);
    assert_true(fx_has_msg_in(f->r, CHITIEU_MSG_ERROR, p[1], NULL, 3, "level", "unknown level 'planet'"));
    char *after = dump_db(f->db);
    assert_string_equal(before, after);
    free(after);
    /* dry run of a good load: validated, counted, nothing stored */
    p[1] = fx_put(f, "b.csv", "code,name,level\nHCM,Ho Chi Minh,province\n");
    assert_int_equal(load(f, p, 2, 1), 0);
    assert_int_equal(f->r->committed, 0);
    assert_int_equal(f->r->revised, 1);
    assert_int_equal(f->r->inserted, 1);
    assert_int_equal(f->r->areas, 1);
    after = dump_db(f->db);
    assert_string_equal(before, after);
    free(after);
    free(before);
    /* duplicate across the two files */
    p[1] = fx_put(f, "c.csv", OBS_H "GRDP_G,BD,2020,3,A\n");
    assert_int_equal(load(f, p, 2, 0), CHITIEU_EINVALID);
    if (!fx_has_msg_in(f->r, CHITIEU_MSG_ERROR, p[1], NULL, 2, NULL, "duplicate figure for GRDP_G, BD, 2020")) {
        fx_show(f->r);
        fail_msg("no duplicate-across-files error");
    }
    char where[300];
    snprintf(where, sizeof where, "already given at %s:3", p[0]);
    assert_true(fx_has_msg_in(f->r, CHITIEU_MSG_ERROR, p[1], NULL, 2, NULL, where));
}

/* SHA-256 of a file as the sha256sum program computes it (an independent reference). */
static void sha256sum(char out[65], const char *path)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "sha256sum '%s'", path);
    FILE *pp = popen(cmd, "r");
    assert_non_null(pp);
    assert_non_null(fgets(out, 65, pp));
    pclose(pp);
    assert_int_equal(strlen(out), 64);
}

/* A catalogue row changed by a later load keeps its earlier version; an unchanged reload adds none. */
static void test_catalogue_history(void **state)
{
    fx *f = *state;
    const char *same[] = {FX "areas.csv", FX "indicators.csv", FX "plans.csv"};
    assert_int_equal(load(f, same, 3, 0), 0);
    assert_int_equal(sql_int(f->db, "SELECT (SELECT count(*) FROM indicator_history)"
                                    " + (SELECT count(*) FROM area_history) + (SELECT count(*) FROM plan_history)"), 0);
    const char *p[3] = {
        fx_put(f, "i2.csv", "code,name,unit,direction,min,max,goal,agency\n"
                         "POOR,Poor households,% of households,down,0,100,1,DOLISA\n"),
        fx_put(f, "a2.csv", "code,name,level,parent\nBD,Bình Dương,province,VN\n"),
        fx_put(f, "p2.csv", "plan,name,document,issued\nSEDP2125,SEDP 2021-2025 (synthetic),2902/QD-UBND (sửa),2021-12-20\n"),
    };
    assert_int_equal(load(f, p, 3, 0), 0);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM indicator_history h JOIN indicators i ON i.id = h.indicator"
                                    " WHERE i.code = 'POOR' AND h.unit = '%' AND i.unit = '% of households'"
                                    " AND h.replaced_by = (SELECT id FROM batches WHERE file LIKE '%i2.csv')"), 1);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM indicator_history"), 1);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM area_history WHERE name = 'Binh Duong (synthetic)'"), 1);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM plan_history WHERE document = '2902/QD-UBND'"), 1);
}

/* direction is read without case ("Up", "DOWN" from a spreadsheet); another word is still an error */
static void test_direction_any_case(void **state)
{
    fx *f = *state;
    const char *p = fx_put(f, "dir.csv", "code,name,unit,direction\nUPPER,Upper,%,Up\nLOWER,Lower,%,DOWN\n");
    assert_int_equal(load(f, &p, 1, 0), 0);
    chitieu_indicator ind;
    assert_int_equal(chitieu_store_indicator_get(&ind, f->st, "UPPER"), 0);
    assert_int_equal(ind.direction, CHITIEU_DIR_UP);
    chitieu_store_indicator_clear(&ind);
    assert_int_equal(chitieu_store_indicator_get(&ind, f->st, "LOWER"), 0);
    assert_int_equal(ind.direction, CHITIEU_DIR_DOWN);
    chitieu_store_indicator_clear(&ind);
}

static void test_revisions(void **state)
{
    fx *f = *state;
    const char *p1 = fx_put(f, "v1.csv", OBS_H "GRDP_G,BD,2019,8,P\nGRDP_G,BD,2020,3,A\n");
    char path1[256], sha1[65], sha2[65];
    strcpy(path1, p1);
    sha256sum(sha1, path1);
    assert_int_equal(load(f, &p1, 1, 0), 0);
    assert_int_equal(f->r->inserted, 2);
    assert_int_equal(f->r->committed, 1);
    const char *p2 = fx_put(f, "v2.csv", OBS_H "GRDP_G,BD,2020,3,A\nGRDP_G,BD,2019,8.25,A\n");
    sha256sum(sha2, p2);
    assert_int_equal(load(f, &p2, 1, 0), 0);
    assert_int_equal(f->r->revised, 1);
    assert_int_equal(f->r->unchanged, 1);
    assert_int_equal(f->r->inserted, 0);
    chitieu_revision *h = NULL;
    size_t n = 0;
    assert_int_equal(chitieu_store_history(&h, &n, f->st, "GRDP_G", "BD", 2019), 0);
    assert_int_equal(n, 2);
    assert_int_equal(h[0].revision, 1);
    assert_true(h[0].value == 8);
    assert_int_equal(h[0].status, 'P');
    assert_string_equal(h[0].file, path1);
    assert_string_equal(h[0].sha256, sha1);
    assert_int_equal(h[0].line, 2);
    assert_int_equal(h[1].revision, 2);
    assert_true(h[1].value == 8.25);
    assert_string_equal(h[1].sha256, sha2);
    assert_int_equal(h[1].line, 3);
    assert_true(h[1].batch > h[0].batch);
    chitieu_store_revisions_free(h, n);
    /* identical reload: nothing new */
    chitieu_store_counts c0, c1;
    assert_int_equal(chitieu_store_count(&c0, f->st), 0);
    assert_int_equal(load(f, &p2, 1, 0), 0);
    assert_int_equal(f->r->unchanged, 2);
    assert_int_equal(f->r->revised + f->r->inserted, 0);
    assert_int_equal(chitieu_store_count(&c1, f->st), 0);
    assert_int_equal(c1.observations, c0.observations);
    assert_int_equal(c1.revisions, c0.revisions);
    assert_int_equal(c1.revisions, 3);
    chitieu_series *s = NULL;
    assert_int_equal(chitieu_series_get(&s, f->st, "GRDP_G", "BD", 0), 0);
    assert_int_equal(s->n, 2);
    assert_true(s->values[0] == 8.25);
    assert_int_equal(s->status[0], 'A');
    chitieu_series_free(s);
}

/* The same figure again with only a new source or note: a new revision (the provenance is kept) counted as
 * re-sourced, not as revised; a new status with the same value is a revision. */
static void test_resourced(void **state)
{
    fx *f = *state;
#define OBS_SRC "indicator,area,year,value,status,source,note\n"
    const char *p = fx_put(f, "s1.csv", OBS_SRC "GRDP_G,BD,2019,8,P,Niên giám 2019,\nGRDP_G,BD,2020,3,A,,\n");
    assert_int_equal(load(f, &p, 1, 0), 0);
    assert_int_equal(f->r->inserted, 2);
    p = fx_put(f, "s2.csv", OBS_SRC "GRDP_G,BD,2019,8,P,Niên giám 2020,\nGRDP_G,BD,2020,3,A,,sơ bộ\n");
    assert_int_equal(load(f, &p, 1, 0), 0);
    assert_int_equal(f->r->resourced, 2);
    assert_int_equal(f->r->revised + f->r->inserted + f->r->unchanged, 0);
    chitieu_revision *h = NULL;
    size_t n = 0;
    assert_int_equal(chitieu_store_history(&h, &n, f->st, "GRDP_G", "BD", 2019), 0);
    assert_int_equal(n, 2); /* the old source stays in the history */
    assert_string_equal(h[0].source, "Niên giám 2019");
    assert_string_equal(h[1].source, "Niên giám 2020");
    assert_true(h[1].value == 8);
    chitieu_store_revisions_free(h, n);
    /* P -> A with the same value: the figure changed status, a revision; a new value: a revision; same: unchanged */
    p = fx_put(f, "s3.csv", OBS_SRC "GRDP_G,BD,2019,8,A,Niên giám 2020,\nGRDP_G,BD,2020,3.1,A,,sơ bộ\n");
    assert_int_equal(load(f, &p, 1, 0), 0);
    assert_int_equal(f->r->revised, 2);
    assert_int_equal(f->r->resourced + f->r->unchanged, 0);
    assert_int_equal(load(f, &p, 1, 0), 0);
    assert_int_equal(f->r->unchanged, 2);
    assert_int_equal(f->r->resourced + f->r->revised, 0);
#undef OBS_SRC
}

static void test_any_order_and_formats(void **state)
{
    (void)state;
    /* a fresh store of its own: observations and targets given before the catalogue they need */
    const char *paths[] = {FX "observations_semicolon.csv", FX "observations.csv", FX "targets.csv",
                           FX "indicators.csv", FX "plans.csv", FX "areas.csv"};
    void *own = NULL;
    assert_int_equal(fx_setup(&own, "load2", paths, 6), 0);
    fx *g = own;
    const chitieu_load_report *r = g->r;
    assert_int_equal(r->files, 6);
    assert_int_equal(r->inserted, 8);
    assert_int_equal(r->targets, 2);
    assert_int_equal(r->indicators, 3);
    assert_int_equal(r->areas, 2);
    assert_int_equal(r->plans, 1);
    assert_int_equal(r->rows, 8 + 2 + 3 + 2 + 1);
    chitieu_series *s = NULL;
    assert_int_equal(chitieu_series_get(&s, g->st, "INCOME", "BD", 0), 0);
    assert_int_equal(s->n, 3);
    assert_true(s->values[0] == 1234.5);
    assert_true(s->values[1] == 1300.25);
    assert_true(s->values[2] == 140.5);
    chitieu_series_free(s);
    assert_int_equal(fx_teardown(&own), 0);
}

static void test_formula_guard(void **state)
{
    fx *f = *state;
    const char *p = fx_put(f, "g.csv", "indicator,area,year,value,note,source\nGRDP_G,BD,2019,8,'=1+2,'@src\n");
    assert_int_equal(load(f, &p, 1, 0), 0);
    chitieu_revision *h = NULL;
    size_t n = 0;
    assert_int_equal(chitieu_store_history(&h, &n, f->st, "GRDP_G", "BD", 0), 0);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].note, "=1+2");
    assert_string_equal(h[0].source, "@src");
    chitieu_store_revisions_free(h, n);
}

static void test_jump_warning(void **state)
{
    fx *f = *state;
    /* steady yearly changes near +1, one wild jump of +40 in 2015 (line 8) */
    const char *p = fx_put(f, "j.csv", JUMP_CSV);
    assert_int_equal(load(f, &p, 1, 0), 0);
    assert_int_equal(f->r->committed, 1);
    if (f->r->warnings != 1 || !fx_has_msg_in(f->r, CHITIEU_MSG_WARNING, p, NULL, 8, "value", "suspicious figure 55 for INCOME, BD, 2015")) {
        fx_show(f->r);
        fail_msg("expected exactly one jump warning at line 8");
    }
}

static void test_catalogue_errors(void **state)
{
    fx *f = *state;
    one_error(f, "code,name,level,parent\nHCM,Ho Chi Minh,province,HCM\n", 2, "parent", "an area cannot be its own parent");
    one_error(f, "code,name,level,parent\nD1,District 1,district,XX\n", 2, "parent", "unknown area 'XX'");
    one_error(f, "code,name,level\nX,Bad,planet\n", 2, "level",
              "unknown level 'planet' (country, region, province, district or commune)");
    one_error(f, "code,name,unit,direction\nZ,Z,%,sideways\n", 2, "direction", "'sideways' is not a direction");
    one_error(f, "code,name,unit,direction,min,max\nZ,Z,%,up,10,5\n", 2, "max", "max 5 is not above min 10");
    /* the plan's issued date follows the one date rule of the loader (chitieu_areas_parse_date): a real
     * calendar day written YYYY-MM-DD, with that rule's message naming the file, line and field */
    one_error(f, "plan,name,issued\nP1,Plan,2025-02-30\n", 2, "issued", "'2025-02-30' is not a day of the calendar");
    one_error(f, "plan,name,issued\nP1,Plan,2025-13-01\n", 2, "issued", "'2025-13-01' is not a day of the calendar");
    one_error(f, "plan,name,issued\nP1,Plan,20/12/2021\n", 2, "issued", "'20/12/2021' is not a date (YYYY-MM-DD)");
    one_error(f, "plan,name,issued\nP1,Plan,2025-+1-01\n", 2, "issued", "'2025-+1-01' is not a date (YYYY-MM-DD)");
    one_error(f, "plan,name,issued\nP1,Plan,1899-12-20\n", 2, "issued", "'1899-12-20': the year must lie in 1900-2100");
    one_error(f, "plan,name,deadline\nP1,Plan,30/11\n", 2, "deadline",
              "'30/11' is not a deadline (MM-DD every year, or a date YYYY-MM-DD)");
    one_error(f, "code,name,level\nQ,One,province\nQ,Two,province\n", 3, "code", "'Q' is defined twice in this load");
    one_error(f, TGT_H "SEDP2125,POOR,BD,at_most,2025,,,2.5,\nSEDP2125,POOR,BD,at_most,2025,,,2,\n", 3, NULL,
              "duplicate target (same plan, indicator, area, shape and years as ");
    /* a child area defined after its parent in the same file is fine */
    const char *p = fx_put(f, "a.csv", "code,name,level,parent\nHCM,Ho Chi Minh,province,VN\nD1,District 1,district,HCM\n");
    assert_int_equal(load(f, &p, 1, 0), 0);
    assert_int_equal(f->r->areas, 2);
    /* a plan's English name is kept and read back; a later load that changes it keeps the old one in history */
    p = fx_put(f, "p.csv", "plan,name,name_en\nP1,Kế hoạch một,Plan one\n");
    assert_int_equal(load(f, &p, 1, 0), 0);
    chitieu_plan pl;
    assert_int_equal(chitieu_store_plan_get(&pl, f->st, "P1"), 0);
    assert_string_equal(pl.name_en, "Plan one");
    chitieu_store_plan_clear(&pl);
    p = fx_put(f, "p2.csv", "plan,name,name_en\nP1,Kế hoạch một,Plan number one\n");
    assert_int_equal(load(f, &p, 1, 0), 0);
    assert_int_equal(chitieu_store_plan_get(&pl, f->st, "P1"), 0);
    assert_string_equal(pl.name_en, "Plan number one");
    chitieu_store_plan_clear(&pl);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM plan_history WHERE name_en = 'Plan one'"), 1);
}

static void test_limits_and_options(void **state)
{
    fx *f = *state;
    /* 150 bad rows: all counted, only max_messages kept */
    char *text = malloc(150 * 40 + 64);
    assert_non_null(text);
    size_t len = (size_t)sprintf(text, OBS_H);
    for (int i = 0; i < 150; i++)
        len += (size_t)sprintf(text + len, "GRDP_G,BD,%d,x%d,A\n", 1950 + i % 70, i);
    const char *p = fx_put(f, "many.csv", text);
    free(text);
    chitieu_load_opts o;
    chitieu_load_opts_init(&o);
    assert_int_equal(o.max_messages, 100);
    o.max_messages = 7;
    chitieu_load_report_free(f->r);
    f->r = NULL;
    assert_int_equal(chitieu_load_files(&f->r, f->st, &p, 1, &o), CHITIEU_EINVALID);
    assert_true(f->r->errors >= 150);
    assert_int_equal(f->r->nmsg, 7);
    assert_int_equal(f->r->rows, 150);
    assert_true(fx_has_msg_in(f->r, CHITIEU_MSG_ERROR, p, NULL, 2, "value", "'x0' is not a number"));
    assert_non_null(strstr(chitieu_error_last(), "errors in the input; nothing was stored"));

    /* agency on the batch, lowercase status accepted, blanks around fields trimmed */
    p = fx_put(f, "ok.csv", OBS_H "GRDP_G, BD ,2019, 8.5 ,p\n");
    chitieu_load_opts_init(&o);
    o.agency = "Cuc Thong ke (synthetic)";
    chitieu_load_report_free(f->r);
    f->r = NULL;
    assert_int_equal(chitieu_load_files(&f->r, f->st, &p, 1, &o), 0);
    assert_int_equal(f->r->inserted, 1);
    chitieu_revision *h = NULL;
    size_t n = 0;
    assert_int_equal(chitieu_store_history(&h, &n, f->st, "GRDP_G", "BD", 0), 0);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].agency, "Cuc Thong ke (synthetic)");
    assert_int_equal(h[0].status, 'P');
    assert_true(h[0].value == 8.5);
    /* loaded_at is a UTC time stamp YYYY-MM-DDTHH:MM:SSZ */
    assert_int_equal(strlen(h[0].loaded_at), 20);
    assert_int_equal(h[0].loaded_at[19], 'Z');
    chitieu_store_revisions_free(h, n);
}

/* The same message on many rows is kept once with a count of its repeats and the last line, so that the
 * slots of the report stay for the other errors; a different message on the same column is its own. */
static void test_repeated_message(void **state)
{
    fx *f = *state;
    const char *p = fx_put(f, "rep.csv", OBS_H "NOPE,BD,2019,1,A\nNOPE,BD,2020,2,A\nGRDP_G,BD,2020,y,A\n"
                                            "NOPE,BD,2021,3,A\nOTHER,BD,2021,3,A\n");
    assert_int_equal(load(f, &p, 1, 0), CHITIEU_EINVALID);
    assert_int_equal(f->r->errors, 5);
    assert_int_equal(f->r->nmsg, 3);
    for (size_t i = 0; i < f->r->nmsg; i++) {
        const chitieu_load_msg *m = &f->r->msgs[i];
        if (strstr(m->message, "'NOPE'")) {
            assert_int_equal(m->line, 2);
            assert_int_equal(m->repeats, 2);
            assert_int_equal(m->last_line, 5);
        } else
            assert_int_equal(m->repeats, 0);
    }
    assert_true(fx_has_msg_in(f->r, CHITIEU_MSG_ERROR, p, NULL, 4, "value", "'y' is not a number"));
    assert_true(fx_has_msg_in(f->r, CHITIEU_MSG_ERROR, p, NULL, 6, "indicator", "'OTHER'"));
}

static void test_no_jump_on_steady_series(void **state)
{
    fx *f = *state;
    const char *p = fx_put(f, "s.csv", OBS_H "INCOME,BD,2010,10,A\nINCOME,BD,2011,11,A\nINCOME,BD,2012,12.1,A\n"
                                          "INCOME,BD,2013,13,A\nINCOME,BD,2014,14.2,A\nINCOME,BD,2015,15.1,A\n"
                                          "INCOME,BD,2016,16.3,A\nINCOME,BD,2017,17,A\n");
    assert_int_equal(load(f, &p, 1, 0), 0);
    if (f->r->warnings != 0) {
        fx_show(f->r);
        fail_msg("a steady series gave warnings");
    }
}

/* Rounded series (hand-computed): a change within the figures' own rounding step is never suspicious, and
 * the robust SD is at least step/sqrt(6), the spread rounding alone gives a change.
 *  - 57.5 six times then 57.6 (GRDP_G, BD): changes 0 x5 and 0.1, median 0, MAD 0 (was robust SD 1e-07 and a
 *    warning); 0.1 is one step of 0.1: no warning;
 *  - the same then 57.7 (GRDP_G, VN): s = max(0.1/sqrt(6) = 0.0408, 0.1% of the level 57.5 = 0.0575),
 *    5s = 0.2875 > 0.2: no warning;
 *  - the same then 57.8 (POOR, BD): 0.3 > 0.2875: a warning;
 *  - INCOME, BD: 1200 six times then 1210 (integers, step 1): s = max(1/sqrt(6) = 0.408, 1.2) = 1.2,
 *    10 > 6: a warning (1206 would not be one: 0.5% of the level);
 *  - INCOME, VN: the UK's CO2 emissions per unit of GDP 1990-2021 (ONS sdg-data, indicator 9-4-1, headline,
 *    /work/shared/data/open-sdg-uk; 2 decimals): median change -0.01, MAD 0, so every other change warned
 *    (15 warnings); now s = 0.01/sqrt(6) = 0.00408, 5s = 0.0204 and the largest |change - median| is 0.02:
 *    none. */
static void test_jump_rounded_series(void **state)
{
    fx *f = *state;
    char text[4096] = OBS_H;
    const char *flat[] = {"GRDP_G,BD", "GRDP_G,VN", "POOR,BD"}, *last[] = {"57.6", "57.7", "57.8"};
    for (int k = 0; k < 3; k++) {
        for (int y = 2010; y < 2016; y++)
            sprintf(text + strlen(text), "%s,%d,57.5,A\n", flat[k], y);
        sprintf(text + strlen(text), "%s,2016,%s,A\n", flat[k], last[k]);
    }
    for (int y = 2010; y < 2016; y++)
        sprintf(text + strlen(text), "INCOME,BD,%d,1200,A\n", y);
    strcat(text, "INCOME,BD,2016,1210,A\n");
    static const double uk[] = {0.5,  0.51, 0.5,  0.48, 0.46, 0.44, 0.45, 0.42, 0.41, 0.4,  0.39,
                                0.39, 0.37, 0.36, 0.36, 0.35, 0.34, 0.33, 0.32, 0.3,  0.31, 0.28,
                                0.29, 0.28, 0.25, 0.24, 0.23, 0.22, 0.21, 0.21, 0.2,  0.19};
    for (int i = 0; i < 32; i++)
        sprintf(text + strlen(text), "INCOME,VN,%d,%g,A\n", 1990 + i, uk[i]);
    const char *p = fx_put(f, "r.csv", text);
    assert_int_equal(load(f, &p, 1, 0), 0);
    /* POOR 2016 is line 22 (header, 7 GRDP_G BD rows, 7 GRDP_G VN rows, then POOR's 7th); INCOME BD 2016 line 29 */
    if (f->r->warnings != 2 ||
        !fx_has_msg_in(f->r, CHITIEU_MSG_WARNING, p, NULL, 22, "value",
                 "suspicious figure 57.8 for POOR, BD, 2016: it changes by +0.3 from 2015, while the series' yearly "
                 "changes have median +0 and robust SD 0.0575 (figures rounded to 0.1)") ||
        !fx_has_msg_in(f->r, CHITIEU_MSG_WARNING, p, NULL, 29, "value", "suspicious figure 1210 for INCOME, BD, 2016") ||
        !fx_has_msg_in(f->r, CHITIEU_MSG_WARNING, p, NULL, 29, "value", "robust SD 1.2 (figures rounded to 1)")) {
        fx_show(f->r);
        fail_msg("expected exactly the POOR and INCOME/BD warnings");
    }
    /* the message names its indicator, for summaries */
    for (size_t i = 0; i < f->r->nmsg; i++)
        assert_string_equal(f->r->msgs[i].indicator, f->r->msgs[i].line == 22 ? "POOR" : "INCOME");
}

static void test_same_load_bounds_and_status_revision(void **state)
{
    fx *f = *state;
    /* bounds of an indicator defined in the same load (given after the observations) apply */
    const char *p[2];
    p[0] = fx_put(f, "o.csv", OBS_H "SHARE,BD,2019,120,A\n");
    p[1] = fx_put(f, "i.csv", "code,name,unit,direction,min,max\nSHARE,Share,%,up,0,100\n");
    assert_int_equal(load(f, p, 2, 0), CHITIEU_EINVALID);
    assert_true(fx_has_msg_in(f->r, CHITIEU_MSG_ERROR, p[0], NULL, 2, "value", "120 is outside the bounds of SHARE (0 to 100)"));
    p[0] = fx_put(f, "o.csv", OBS_H "SHARE,BD,2019,50,P\n");
    assert_int_equal(load(f, p, 2, 0), 0);
    assert_int_equal(f->r->inserted, 1);
    /* the same value with another status is a new revision (P -> A) */
    p[0] = fx_put(f, "o2.csv", OBS_H "SHARE,BD,2019,50,A\n");
    assert_int_equal(load(f, p, 1, 0), 0);
    assert_int_equal(f->r->revised, 1);
    chitieu_series *s = NULL;
    assert_int_equal(chitieu_series_get(&s, f->st, "SHARE", "BD", 0), 0);
    assert_int_equal(s->n, 1);
    assert_int_equal(s->status[0], 'A');
    chitieu_series_free(s);
}

static void test_jump_across_loads(void **state)
{
    fx *f = *state;
    const char *p = fx_put(f, "s.csv", OBS_H "INCOME,BD,2010,10,A\nINCOME,BD,2011,11,A\nINCOME,BD,2012,12.1,A\n"
                                          "INCOME,BD,2013,13,A\nINCOME,BD,2014,14.2,A\nINCOME,BD,2015,15.1,A\n"
                                          "INCOME,BD,2016,16.3,A\nINCOME,BD,2017,17,A\n");
    assert_int_equal(load(f, &p, 1, 0), 0);
    assert_int_equal(f->r->warnings, 0);
    /* a later file brings 2018 at 90 (a change of +73 against steady +1): one warning on its line 3 */
    p = fx_put(f, "t.csv", OBS_H "POOR,BD,2018,1.5,A\nINCOME,BD,2018,90,A\n");
    assert_int_equal(load(f, &p, 1, 0), 0);
    assert_int_equal(f->r->committed, 1);
    if (f->r->warnings != 1 || !fx_has_msg_in(f->r, CHITIEU_MSG_WARNING, p, NULL, 3, "value", "suspicious figure 90 for INCOME, BD, 2018")) {
        fx_show(f->r);
        fail_msg("expected one jump warning at t.csv:3");
    }
}

/* The stored bound `which` ("min"/"max") of indicator `code`. */
static double bound(fx *f, const char *code, int want_max)
{
    chitieu_indicator ind;
    assert_int_equal(chitieu_store_indicator_get(&ind, f->st, code), 0);
    double v = want_max ? ind.max : ind.min;
    chitieu_store_indicator_clear(&ind);
    return v;
}

/* Narrowing an indicator's bounds while current figures fall outside them fails on the catalogue
 * row, naming a figure with its file:line and how many more; figures corrected in the same load,
 * older revisions and widened bounds do not count. */
static void test_narrowed_bounds(void **state)
{
    fx *f = *state;
    const char *o = fx_put(f, "o.csv", OBS_H "POOR,BD,2018,6,A\nPOOR,BD,2019,4.5,A\nPOOR,VN,2019,7,A\nPOOR,BD,2020,3,A\n");
    assert_int_equal(load(f, &o, 1, 0), 0);
    const char *cat = fx_put(f, "cat.csv", "code,name,unit,direction,min,max\nGRDP_G,GRDP growth,%,up,-50,100\n"
                                        "POOR,Poor households,%,down,0,5\n");
    assert_int_equal(load(f, &cat, 1, 0), CHITIEU_EINVALID);
    assert_int_equal(f->r->committed, 0);
    if (f->r->errors != 1 ||
        !fx_has_msg_in(f->r, CHITIEU_MSG_ERROR, cat, NULL, 3, "max",
                 "the new bounds of POOR (0 to 5) exclude its stored figure 6 for BD, 2018 (" )) {
        fx_show(f->r);
        fail_msg("expected one error at cat.csv:3:max");
    }
    char where[300];
    snprintf(where, sizeof where, "(%s:2) and 1 other figure;", o);
    assert_true(fx_has_msg_in(f->r, CHITIEU_MSG_ERROR, cat, NULL, 3, "max", where));
    assert_true(bound(f, "POOR", 1) == 100); /* nothing stored */

    /* the same catalogue with corrections of both figures in one load: accepted */
    const char *fix = fx_put(f, "fix.csv", OBS_H "POOR,BD,2018,4.8,A\nPOOR,VN,2019,4.9,A\n");
    const char *both[] = {fix, cat};
    assert_int_equal(load(f, both, 2, 0), 0);
    assert_int_equal(f->r->committed, 1);
    assert_int_equal(f->r->revised, 2);
    assert_true(bound(f, "POOR", 1) == 5);

    /* narrower again: only the current 4.9 is outside (the old revisions 6 and 7 are history) */
    cat = fx_put(f, "cat2.csv", "code,name,unit,direction,min,max\nPOOR,Poor households,%,down,0,4.85\n");
    assert_int_equal(load(f, &cat, 1, 0), CHITIEU_EINVALID);
    snprintf(where, sizeof where, "the new bounds of POOR (0 to 4.85) exclude its stored figure 4.9 for VN, 2019 (%s:3); ",
             fix);
    if (f->r->errors != 1 || !fx_has_msg_in(f->r, CHITIEU_MSG_ERROR, cat, NULL, 2, "max", where)) {
        fx_show(f->r);
        fail_msg("expected one error at cat2.csv:2:max naming VN 2019");
    }
    /* a raised minimum: 3 (BD 2020) is below it */
    cat = fx_put(f, "cat3.csv", "code,name,unit,direction,min\nPOOR,Poor households,%,down,3.5\n");
    assert_int_equal(load(f, &cat, 1, 0), CHITIEU_EINVALID);
    assert_true(fx_has_msg_in(f->r, CHITIEU_MSG_ERROR, cat, NULL, 2, "min", "(at least 3.5) exclude its stored figure 3 for BD, 2020"));
    /* widened bounds and an unchanged catalogue load without a check failing */
    cat = fx_put(f, "cat4.csv", "code,name,unit,direction,min,max\nPOOR,Poor households,%,down,0,50\n");
    assert_int_equal(load(f, &cat, 1, 0), 0);
    assert_int_equal(load(f, &cat, 1, 0), 0);
    assert_true(bound(f, "POOR", 1) == 50);
}

/* A workbook as a script writes it and Calc saves it (fixtures/intake/openpyxl-calc.xlsx, synthetic): cells
 * formatted as percentages hold fractions; a % indicator's figure is the percentage shown (hand: 0.015 shown
 * 1.50% is 1.5; 0.0085 shown 0.85% is 0.85, not 0.8500000000000001); in another unit, an error naming the
 * cell, as is a date cell where a figure belongs.  --all-sheets leaves the hidden sheets out with a warning
 * each. */
static void test_percent_cells(void **state)
{
    fx *f = *state;
    const char *p = "fixtures/intake/openpyxl-calc.xlsx";
    chitieu_load_opts o;
    chitieu_load_opts_init(&o);
    o.area = "BD";
    chitieu_load_report_free(f->r);
    assert_int_equal(chitieu_load_files(&f->r, f->st, &p, 1, &o), 0);
    assert_int_equal(f->r->inserted, 8); /* 3 x 3 cells, one ".." */
    assert_int_equal(f->r->absent, 1);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM current_obs o JOIN indicators i ON i.id = o.indicator "
                                    "WHERE i.code = 'POOR' AND (o.year, o.value, o.status) IN "
                                    "(VALUES (2020, 1.5, 'A'), (2021, 1.2, 'A'), (2022, 0.85, 'E'))"),
                     3);
    assert_int_equal(sql_int(f->db, "SELECT o.value = 70.4 FROM current_obs o JOIN indicators i ON i.id = o.indicator "
                                    "WHERE i.code = 'INCOME' AND o.year = 2022"),
                     1); /* the formula's saved result */
    assert_int_equal(sql_int(f->db, "SELECT o.value = 62.5 FROM current_obs o JOIN indicators i ON i.id = o.indicator "
                                    "WHERE i.code = 'INCOME' AND o.year = 2020"),
                     1); /* a number typed as text */

    o.all_sheets = 1;
    chitieu_load_report_free(f->r);
    assert_int_equal(chitieu_load_files(&f->r, f->st, &p, 1, &o), CHITIEU_EINVALID);
    assert_int_equal(f->r->committed, 0);
    assert_int_equal(f->r->errors, 2);
    if (!fx_has_msg_in(f->r, CHITIEU_MSG_ERROR, p, "Sai!B2", 2, "Năm 2021",
                 "the cell is formatted as a percentage (it shows 64%), but the unit is not a percentage"))
        fail_msg("expected the percent cell of INCOME refused");
    if (!fx_has_msg_in(f->r, CHITIEU_MSG_ERROR, p, "Sai!B3", 3, "Năm 2021", "the cell holds a date (2021-05-08), not a figure"))
        fail_msg("expected the date cell of POOR refused");
    /* two hidden sheets: two warnings, each naming its sheet (not one "repeated" on line 0) */
    int hidden = 0;
    for (size_t i = 0; i < f->r->nmsg; i++)
        if (f->r->msgs[i].level == CHITIEU_MSG_WARNING && f->r->msgs[i].where && f->r->msgs[i].repeats == 0 &&
            (strcmp(f->r->msgs[i].where, "DM") == 0 || strcmp(f->r->msgs[i].where, "Ẩn") == 0) &&
            strstr(f->r->msgs[i].message, "a hidden sheet: not read"))
            hidden++;
    assert_int_equal(hidden, 2);
    assert_int_equal(f->r->warnings, 2);
}

/* Codes a file has that the catalogue lacks: the first five named, the rows of further codes under one
 * message (counted as its repeats); a code named before keeps its own message. */
static void test_many_unknown_codes(void **state)
{
    fx *f = *state;
    const char *p = fx_put(f, "many.csv", OBS_H "POOR,A1,2020,1,A\nPOOR,A2,2020,1,A\nPOOR,A3,2020,1,A\n"
                                             "POOR,A4,2020,1,A\nPOOR,A5,2020,1,A\nPOOR,A6,2020,1,A\n"
                                             "POOR,A1,2021,1,A\nPOOR,A7,2020,1,A\n");
    assert_int_equal(load(f, &p, 1, 0), CHITIEU_EINVALID);
    assert_int_equal(f->r->errors, 8);
    assert_int_equal(f->r->nmsg, 6);
    for (int i = 1; i <= 5; i++) {
        char code[32];
        snprintf(code, sizeof code, "unknown area 'A%d'", i);
        assert_true(fx_has_msg_in(f->r, CHITIEU_MSG_ERROR, p, NULL, (unsigned long)i + 1, "area", code));
    }
    assert_int_equal(f->r->msgs[0].repeats, 1); /* A1 again on line 8 */
    assert_int_equal(f->r->msgs[0].last_line, 8);
    assert_true(fx_has_msg_in(f->r, CHITIEU_MSG_ERROR, p, NULL, 7, "area", "another unknown area (the file names areas the catalogue lacks"));
    assert_int_equal(f->r->msgs[5].repeats, 1); /* A7 on line 9 */
    assert_int_equal(f->r->msgs[5].last_line, 9);
}

/* --indicator / --area in a file that has the column and none of whose rows match: a warning that says
 * so and the --recode that would load them (the World Bank's VNM for VN). */
static void test_selection_matches_nothing(void **state)
{
    fx *f = *state;
    const char *p = fx_put(f, "sel.csv", OBS_H "NY.GDP,VNM,2020,2.9,A\nNY.GDP,VNMX,2020,2.9,A\nNY.GDP,THA,2020,1,A\n");
    chitieu_load_opts o;
    chitieu_load_opts_init(&o);
    o.area = "VN";
    o.indicator = "GRDP_G";
    chitieu_load_report_free(f->r);
    assert_int_equal(chitieu_load_files(&f->r, f->st, &p, 1, &o), 0);
    assert_int_equal(f->r->skipped, 3);
    assert_int_equal(f->r->warnings, 2);
    if (!fx_has_msg_in(f->r, CHITIEU_MSG_WARNING, p, NULL, 0, "indicator",
                 "--indicator GRDP_G matches no row: the 3 rows of the file have 'NY.GDP'; if that is GRDP_G, load them "
                 "with --recode 'NY.GDP=GRDP_G'") ||
        !fx_has_msg_in(f->r, CHITIEU_MSG_WARNING, p, NULL, 0, "area",
                 "--area VN matches no row: 3 rows left out, among them 'VNM'; if that is VN, load it with --recode "
                 "'VNM=VN'")) {
        fx_show(f->r);
        fail_msg("expected the two selection warnings");
    }
    o.recode = "VNM=VN,NY.GDP=GRDP_G";
    chitieu_load_report_free(f->r);
    assert_int_equal(chitieu_load_files(&f->r, f->st, &p, 1, &o), 0);
    assert_int_equal(f->r->inserted, 1);
    assert_int_equal(f->r->warnings, 0);
    o.recode = NULL;
    o.indicator = NULL;
    o.area = "XX";
    p = fx_put(f, "sel2.csv", OBS_H "POOR,BD,2020,2.9,A\nPOOR,VN,2020,2.9,A\n");
    chitieu_load_report_free(f->r);
    assert_int_equal(chitieu_load_files(&f->r, f->st, &p, 1, &o), 0);
    assert_true(fx_has_msg_in(f->r, CHITIEU_MSG_WARNING, p, NULL, 0, "area",
                        "--area XX matches no row: 2 rows left out, all of other codes ('BD' the first); give the "
                        "file's code for XX with --recode 'CODE=XX'"));
}

/* A target's bounds with a percent sign: the indicator's unit is %, or the shape is an average growth; a
 * ratio_to_base's bound is a ratio, its percent sign a fraction. */
static void test_target_percent(void **state)
{
    fx *f = *state;
    const char *p = fx_put(f, "tp.csv", TGT_H "SEDP2125,POOR,BD,at_most,2025,,,\"1,5%\",\n"
                                           "SEDP2125,INCOME,BD,avg_growth,2025,2021,8%,,\n");
    assert_int_equal(load(f, &p, 1, 0), 0);
    assert_int_equal(f->r->targets, 2);
    assert_int_equal(sql_int(f->db, "SELECT high = 1.5 FROM targets t JOIN indicators i ON i.id = t.indicator "
                                    "WHERE i.code = 'POOR'"),
                     1);
    assert_int_equal(sql_int(f->db, "SELECT low = 8 FROM targets t JOIN indicators i ON i.id = t.indicator "
                                    "WHERE i.code = 'INCOME'"),
                     1);
    one_error(f, TGT_H "SEDP2125,INCOME,BD,at_least,2025,,80%,,\n", 2, "low",
              "'80%' has a percent sign, but the indicator's unit is not a percentage");
    /* ratio_to_base bounds a ratio (docs/ASSESSMENT.md: v_year / v_from), whatever the unit: "halve the
     * poverty rate" written 50% is 0.5 of the base, not 50 times it (by hand: 50 / 100) */
    p = fx_put(f, "tr.csv", TGT_H "SEDP2125,POOR,BD,ratio_to_base,2025,2020,,50%,\n"
                                  "SEDP2125,INCOME,BD,ratio_to_base,2025,2020,1.5,,\n");
    assert_int_equal(load(f, &p, 1, 0), 0);
    assert_int_equal(sql_int(f->db, "SELECT high = 0.5 FROM targets t JOIN indicators i ON i.id = t.indicator "
                                    "WHERE i.code = 'POOR' AND t.shape = 'ratio_to_base'"),
                     1);
    assert_int_equal(sql_int(f->db, "SELECT low = 1.5 FROM targets t JOIN indicators i ON i.id = t.indicator "
                                    "WHERE i.code = 'INCOME' AND t.shape = 'ratio_to_base'"),
                     1);
    /* an indicator's bounds in its unit: "100%" of a % indicator is 100; of another unit an error */
    p = fx_put(f, "ci.csv", "code,name,unit,direction,min,max\nSHARE,A share,%,up,0%,100%\n");
    assert_int_equal(load(f, &p, 1, 0), 0);
    assert_int_equal(sql_int(f->db, "SELECT max = 100 AND min = 0 FROM indicators WHERE code = 'SHARE'"), 1);
    one_error(f, "code,name,unit,direction,min,max\nCOUNT,A count,người,up,0,100%\n", 2, "max",
              "'100%' has a percent sign, but the indicator's unit is not a percentage");
}

/* Years as other systems write them (the UK Open SDG files): spans, quarters, a date; each says what it is. */
static void test_year_words(void **state)
{
    fx *f = *state;
    const char *p = fx_put(f, "yrs.csv", "indicator,area,year,value\nPOOR,BD,2013 Q1,1\nPOOR,BD,2010 to 2011,1\n"
                                      "POOR,BD,2002/03-2007/08,1\nPOOR,BD,1990-1994 (baseline),1\n"
                                      "POOR,BD,2021-12-20,1\nPOOR,BD,Q4 2013,1\nPOOR,BD,1974a,1\nPOOR,BD,2013-Q2,1\n");
    assert_int_equal(load(f, &p, 1, 0), CHITIEU_EINVALID);
    assert_int_equal(f->r->errors, 8);
    assert_true(fx_has_msg_in(f->r, CHITIEU_MSG_ERROR, p, NULL, 2, "year", "'2013 Q1' is a quarter, not a year"));
    assert_true(fx_has_msg_in(f->r, CHITIEU_MSG_ERROR, p, NULL, 3, "year", "'2010 to 2011' is a span of years, not a year"));
    assert_true(fx_has_msg_in(f->r, CHITIEU_MSG_ERROR, p, NULL, 4, "year", "'2002/03-2007/08' is a span of years, not a year"));
    assert_true(fx_has_msg_in(f->r, CHITIEU_MSG_ERROR, p, NULL, 5, "year", "'1990-1994 (baseline)' is a span of years"));
    assert_true(fx_has_msg_in(f->r, CHITIEU_MSG_ERROR, p, NULL, 6, "year", "a date (2021-12-20), not a year"));
    assert_true(fx_has_msg_in(f->r, CHITIEU_MSG_ERROR, p, NULL, 7, "year", "'Q4 2013' is a quarter, not a year"));
    assert_true(fx_has_msg_in(f->r, CHITIEU_MSG_ERROR, p, NULL, 8, "year", "'1974a' is not a year"));
    assert_true(fx_has_msg_in(f->r, CHITIEU_MSG_ERROR, p, NULL, 9, "year", "'2013-Q2' is a quarter, not a year"));
}

/* A name or a GSO code where the catalogue's code belongs: the error names the code (and the --recode). */
static void test_names_for_codes(void **state)
{
    fx *f = *state;
    const char *a = fx_put(f, "ar.csv", "code,name,level,parent,gso_code\nHNX,Hà Nội (thử nghiệm),province,VN,01\n");
    assert_int_equal(load(f, &a, 1, 0), 0);
    const char *p = fx_put(f, "nm.csv", OBS_H "POOR,Hà Nội (thử nghiệm),2020,1,A\nPOOR,Thành phố Hà Nội (thử nghiệm),2020,1,A\n"
                                         "POOR,1,2021,1,A\nPOOR,01,2022,1,A\nPoor households,BD,2020,1,A\n"
                                         "POOR,Hà Tây,2020,1,A\n");
    assert_int_equal(load(f, &p, 1, 0), CHITIEU_EINVALID);
    assert_int_equal(f->r->errors, 6);
    assert_true(fx_has_msg_in(f->r, CHITIEU_MSG_ERROR, p, NULL, 2, "area",
                        "unknown area 'Hà Nội (thử nghiệm)': the catalogue's code for it is HNX (write the code, or "
                        "load with --recode 'Hà Nội (thử nghiệm)=HNX')"));
    assert_true(fx_has_msg_in(f->r, CHITIEU_MSG_ERROR, p, NULL, 3, "area", "the catalogue's code for it is HNX"));
    assert_true(fx_has_msg_in(f->r, CHITIEU_MSG_ERROR, p, NULL, 4, "area", "unknown area '1': the catalogue's code for it is HNX"));
    assert_true(fx_has_msg_in(f->r, CHITIEU_MSG_ERROR, p, NULL, 5, "area", "unknown area '01': the catalogue's code for it is HNX"));
    assert_true(fx_has_msg_in(f->r, CHITIEU_MSG_ERROR, p, NULL, 6, "indicator",
                        "unknown indicator 'Poor households': that is the name of POOR (write the code, or load with "
                        "--recode 'Poor households=POOR')"));
    assert_true(fx_has_msg_in(f->r, CHITIEU_MSG_ERROR, p, NULL, 7, "area", "unknown area 'Hà Tây' (define it in an areas file"));
    /* a code too long for the message's buffer is not suggested cut short (the --recode would name no area) */
    char areas[400], code[151];
    memset(code, 'Q', 150);
    code[150] = '\0';
    snprintf(areas, sizeof areas, "code,name,level,parent\n%s,Vùng dài,province,VN\n", code);
    a = fx_put(f, "ar2.csv", areas);
    assert_int_equal(load(f, &a, 1, 0), 0);
    p = fx_put(f, "nm2.csv", OBS_H "POOR,Vùng dài,2020,1,A\n");
    assert_int_equal(load(f, &p, 1, 0), CHITIEU_EINVALID);
    assert_int_equal(f->r->errors, 1);
    assert_true(fx_has_msg_in(f->r, CHITIEU_MSG_ERROR, p, NULL, 2, "area", "unknown area 'Vùng dài'"));
    assert_null(strstr(f->r->msgs[0].message, "QQQQ"));
}

/* Dry runs of loading paths[0..n), interrupted at one step after another: each fails cleanly or completes whole,
 * leaving the connection outside any transaction (the next load can start), and one that reports success gave
 * exactly `warnings` warnings, those of an uninterrupted run (its checks read everything they needed). */
static void interrupted_anywhere(fx *f, const char *const *paths, size_t n, size_t warnings)
{
    sqlite3 *db = chitieu__store_db(f->st);
    sqlite3_progress_handler(db, 1, fx_interrupt_once, NULL);
    fx_steps = fx_fire_at = 0;
    f->o.dry_run = 1;
    assert_int_equal(fx_load(f, paths, n), 0);
    assert_int_equal(f->r->warnings, warnings);
    long total = fx_steps, failed = 0;
    assert_true(total > 100);
    for (long k = 1; k <= total; k++) {
        fx_steps = 0;
        fx_fire_at = k;
        f->o.dry_run = 1;
        int rc = fx_load(f, paths, n);
        if (!sqlite3_get_autocommit(db))
            fail_msg("interrupted at step %ld of %ld: the transaction is still open (rc %d: %s)", k, total, rc,
                     chitieu_error_last());
        if (rc == CHITIEU_OK && f->r->warnings != warnings) {
            fx_show(f->r);
            fail_msg("interrupted at step %ld of %ld: the load succeeded with %zu warnings, not %zu", k, total,
                     f->r->warnings, warnings);
        }
        failed += rc != CHITIEU_OK;
    }
    sqlite3_progress_handler(db, 0, NULL, NULL);
    assert_true(failed > total / 2); /* the interruptions did reach the load */
}

/* A load of figures (the jump of test_jump_warning found), and one of areas and successions (the checks of a
 * succession read the areas' validity: one date before an area's first day is warned of, the others agree),
 * interrupted anywhere. */
static void test_interrupted_anywhere(void **state)
{
    fx *f = *state;
    const char *p = fx_put(f, "j.csv", JUMP_CSV);
    interrupted_anywhere(f, &p, 1, 1);
    const char *q[2] = {fx_put(f, "ar.csv", "code,name,level,parent,valid_from,valid_to\n"
                                            "PA,Old A,province,VN,,2025-06-30\nPB,New B,province,VN,2025-07-01,\n"
                                            "PC,Old C,province,VN,,2025-06-30\nPD,New D,province,VN,2025-08-01,\n"),
                        fx_put(f, "su.csv", "from_area,to_area,date\nPA,PB,2025-07-01\nPC,PD,2025-07-01\n")};
    interrupted_anywhere(f, q, 2, 1);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)
    const struct CMUnitTest tests[] = {
        T(test_row_errors), T(test_target_errors), T(test_file_errors), T(test_unknown_trailing_column), T(test_atomic), T(test_revisions), T(test_resourced),
        T(test_catalogue_history), T(test_direction_any_case),
        cmocka_unit_test(test_any_order_and_formats), T(test_formula_guard), T(test_jump_warning), T(test_jump_rounded_series),
        T(test_catalogue_errors), T(test_limits_and_options), T(test_repeated_message), T(test_no_jump_on_steady_series),
        T(test_same_load_bounds_and_status_revision), T(test_jump_across_loads), T(test_narrowed_bounds), T(test_percent_cells),
        T(test_many_unknown_codes), T(test_selection_matches_nothing), T(test_target_percent), T(test_year_words), T(test_names_for_codes),
        T(test_interrupted_anywhere),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
