/*
 * tests/test_batch.c — unit tests of the batch module (engine/batch.c): listing batches and reverting
 * them.  Expectations are written by hand from the synthetic loads each test makes: which revision a
 * cell must have after each step, its value, whether it is withdrawn and which revision it restores;
 * that the current figures after a revert equal, row for row, those before the reverted load; that
 * catalogue rows and targets are set back (and withdrawn) as their history says; and that every
 * refusal changes nothing (a dump of the database before and after is identical).  Data: the synthetic
 * catalogue of tests/fixtures/load/ and synthetic CSV written by the tests.
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
#include <sys/stat.h>
#include <unistd.h>

#include "chitieu/batch.h"
#include "chitieu/error.h"
#include "chitieu/load.h"
#include "chitieu/series.h"
#include "chitieu/store.h"
#include "sql_int.h"
#include "fixture.h"
#include "internal.h" /* chitieu__store_db: the store's connection, to interrupt it */

#define FX "fixtures/load/"

/* Load synthetic `text` written to dir/name; the test fails unless the load commits.  Returns the id of the
 * last batch, read from the store. */
static long load_text(fx *f, const char *name, const char *text)
{
    const char *p = fx_put(f, name, text);
    fx_load_ok(f, &p, 1);
    return sql_int(f->db, "SELECT max(id) FROM batches");
}

/* The catalogue (batches 1-3: plans, areas, indicators), the targets (4) and the figures (5). */
static int setup(void **state)
{
    static const char *const all[] = {FX "areas.csv", FX "indicators.csv", FX "plans.csv", FX "targets.csv",
                                      FX "observations.csv"};
    if (fx_setup(state, "batch", all, 5) != 0)
        return -1;
    fx *f = *state;
    if (sql_int(f->db, "SELECT max(id) FROM batches") == 5)
        return 0;
    fx_teardown(state);
    return -1;
}

/* Every current figure as text, one line each "IND|AREA|YEAR|VALUE|STATUS|SOURCE|NOTE" (malloc'd). */
static int add_line(void *ctx, const char *ind, const char *area, int year, double value, char status,
                    const char *source, const char *note)
{
    char **s = ctx, line[512];
    snprintf(line, sizeof line, "%s|%s|%d|%.17g|%c|%s|%s\n", ind, area, year, value, status, source ? source : "",
             note ? note : "");
    size_t n = *s ? strlen(*s) : 0;
    char *p = realloc(*s, n + strlen(line) + 1);
    assert_non_null(p);
    strcpy(p + n, line);
    *s = p;
    return 0;
}

static char *current(fx *f)
{
    char *s = NULL;
    assert_int_equal(chitieu_store_foreach_current(f->st, add_line, &s), 0);
    return s ? s : calloc(1, 1);
}

/* A text dump of every table (rows ordered), to prove a refused revert changed nothing. */
static char *dump(fx *f)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *t, *q;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", -1,
                                        &t, NULL), SQLITE_OK);
    size_t cap = 1 << 16, len = 0;
    char *out = calloc(1, cap);
    assert_non_null(out);
    while (sqlite3_step(t) == SQLITE_ROW) {
        char sql[256];
        snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY 1, 2, 3, 4", (const char *)sqlite3_column_text(t, 0));
        if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) {
            snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY 1", (const char *)sqlite3_column_text(t, 0));
            assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
        }
        while (sqlite3_step(q) == SQLITE_ROW)
            for (int c = 0; c < sqlite3_column_count(q); c++) {
                const char *v = (const char *)sqlite3_column_text(q, c);
                size_t need = len + (v ? strlen(v) : 4) + 4;
                if (need > cap) {
                    cap = 2 * need;
                    out = realloc(out, cap);
                    assert_non_null(out);
                }
                len += (size_t)sprintf(out + len, "%s%c", v ? v : "NULL", c + 1 < sqlite3_column_count(q) ? '|' : '\n');
            }
        sqlite3_finalize(q);
    }
    sqlite3_finalize(t);
    sqlite3_close(db);
    return out;
}

static chitieu_revert_report *revert(fx *f, const long *ids, size_t n, int dry)
{
    chitieu_revert_opts o;
    chitieu_revert_opts_init(&o);
    o.dry_run = dry;
    o.reason = "test";
    chitieu_revert_report *r = NULL;
    int rc = chitieu_batch_revert(&r, f->st, ids, n, &o);
    if (rc)
        fail_msg("revert failed: %s", chitieu_error_last());
    assert_non_null(r);
    assert_int_equal(r->committed, !dry);
    return r;
}

/* Revert one batch that must succeed; the report is freed. */
static void revert1(fx *f, long id)
{
    chitieu_revert_report_free(revert(f, &id, 1, 0));
}

/* The revision rows of GRDP_G/BD in `year` must be exactly n, with these values, withdrawn flags and
 * restored revisions (0: none), in revision order. */
static void expect_history(fx *f, int year, size_t n, const double *values, const int *withdrawn,
                           const int *restores)
{
    chitieu_revision *h = NULL;
    size_t nh = 0;
    assert_int_equal(chitieu_store_history(&h, &nh, f->st, "GRDP_G", "BD", year), 0);
    assert_int_equal(nh, n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(h[i].revision, (int)i + 1);
        assert_true(h[i].value == values[i]);
        assert_int_equal(h[i].withdrawn, withdrawn[i]);
        assert_int_equal(h[i].restores, restores[i]);
    }
    chitieu_store_revisions_free(h, nh);
}

/* The current value of GRDP_G/BD in `year`, NAN when the year has none. */
static double value_in(fx *f, int year)
{
    chitieu_series *s = NULL;
    assert_int_equal(chitieu_series_get(&s, f->st, "GRDP_G", "BD", 0), 0);
    long i = chitieu_series_find(s, year);
    double v = i < 0 ? NAN : s->values[i];
    chitieu_series_free(s);
    return v;
}

#define OBS_H "indicator,area,year,value,status,source,note\n"

/* A load that revises 2020 (3 -> 3.5) and adds 2022 (new): the revert restores 3 as revision 3 (restoring
 * revision 1) and withdraws 2022 (revision 2, withdrawn, value 4 kept); the current figures equal those
 * before the load, row for row; the revert is batch 7 and names batch 6. */
static void test_revert_restores_and_withdraws(void **state)
{
    fx *f = *state;
    char *before = current(f);
    long b = load_text(f, "rev.csv", OBS_H "GRDP_G,BD,2020,3.5,A,revised,\nGRDP_G,BD,2022,4,P,new,\n");
    assert_int_equal(b, 6);
    assert_true(value_in(f, 2022) == 4);
    chitieu_revert_report *r = revert(f, &b, 1, 0);
    assert_int_equal(r->n, 1);
    assert_int_equal(r->results[0].batch, 6);
    assert_int_equal(r->results[0].revert_batch, 7);
    assert_int_equal(r->results[0].restored, 1);
    assert_int_equal(r->results[0].withdrawn, 1);
    assert_int_equal(r->results[0].kept, 0);
    assert_int_equal(r->nmsg, 0);
    chitieu_revert_report_free(r);
    char *after = current(f);
    assert_string_equal(after, before);
    free(before);
    free(after);
    expect_history(f, 2020, 3, (double[]){3, 3.5, 3}, (int[]){0, 0, 0}, (int[]){0, 0, 1});
    expect_history(f, 2022, 2, (double[]){4, 4}, (int[]){0, 1}, (int[]){0, 0});
    assert_true(isnan(value_in(f, 2022)));
    /* the restored revision keeps the source of revision 1 and is recorded as the revert batch's */
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM observations WHERE batch = 7 AND year = 2020"
                                    " AND source = 'synthetic' AND line = 0"), 1);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM batches WHERE id = 7 AND kind = 'revert' AND reverts = 6"
                                    " AND note = 'test' AND rows = 2 AND file = 'revert of batch 6 (' || (SELECT file"
                                    " FROM batches WHERE id = 6) || ')'"), 1);
    chitieu_store_counts c;
    assert_int_equal(chitieu_store_count(&c, f->st), 0);
    assert_int_equal(c.observations, 5); /* as before the load: 2022 has no current figure */
    assert_int_equal(c.revisions, 9);    /* 5 + 2 loaded + 2 written by the revert: nothing deleted */
}

/* Reverting the revert applies the batch again (2020 = 3.5 restoring revision 2; 2022 = 4 restoring
 * revision 1); the first batch cannot be reverted twice while its revert is in effect, and that refusal
 * changes nothing. */
static void test_revert_of_revert(void **state)
{
    fx *f = *state;
    long b = load_text(f, "rev.csv", OBS_H "GRDP_G,BD,2020,3.5,A,,\nGRDP_G,BD,2022,4,A,,\n");
    revert1(f, b); /* batch 7 */
    chitieu_revert_report *r = (chitieu_revert_report *)f; /* must be reset to NULL on refusal */
    chitieu_revert_opts o;
    chitieu_revert_opts_init(&o);
    char *d0 = dump(f);
    assert_int_equal(chitieu_batch_revert(&r, f->st, &b, 1, &o), CHITIEU_EINVALID);
    assert_null(r);
    char want[300];
    snprintf(want, sizeof want, "batch 6 (%s/rev.csv) is already reverted, by batch 7; revert batch 7 to apply it again",
             f->dir);
    assert_string_equal(chitieu_error_last(), want);
    char *d1 = dump(f);
    assert_string_equal(d0, d1);
    free(d0);
    free(d1);
    revert1(f, 7); /* batch 8 */
    assert_true(value_in(f, 2020) == 3.5);
    assert_true(value_in(f, 2022) == 4);
    expect_history(f, 2020, 4, (double[]){3, 3.5, 3, 3.5}, (int[]){0, 0, 0, 0}, (int[]){0, 0, 1, 2});
    expect_history(f, 2022, 3, (double[]){4, 4, 4}, (int[]){0, 1, 0}, (int[]){0, 0, 1});
    /* batch 6 is in effect again, so it can be reverted again */
    revert1(f, b); /* batch 9 */
    assert_true(value_in(f, 2020) == 3);
    assert_true(isnan(value_in(f, 2022)));
    expect_history(f, 2020, 5, (double[]){3, 3.5, 3, 3.5, 3}, (int[]){0, 0, 0, 0, 0}, (int[]){0, 0, 1, 2, 1});
    /* the list: 6 reverted by 9 (7 was undone by 8), 7 reverts 6 and is reverted by 8 */
    chitieu_batch *l;
    size_t n;
    assert_int_equal(chitieu_batch_list(&l, &n, f->st), 0);
    assert_int_equal(n, 9);
    assert_int_equal(l[5].id, 6);
    assert_int_equal(l[5].reverted_by, 9);
    assert_int_equal(l[5].figures, 2);
    assert_int_equal(l[6].reverts, 6);
    assert_int_equal(l[6].reverted_by, 8);
    assert_string_equal(l[6].kind, "revert");
    assert_string_equal(l[6].sha256, "");
    assert_int_equal(l[7].reverts, 7);
    assert_int_equal(l[7].reverted_by, 0);
    assert_int_equal(l[8].reverts, 6);
    assert_int_equal(l[4].figures, 5);
    assert_int_equal(l[4].rows, 5);
    assert_string_equal(l[0].kind, "plans");
    assert_int_equal(l[0].figures, 0);
    chitieu_batch_list_free(l, n);
}

/* Two later loads revise 2020: B1 3 -> 3.5, B2 3.5 -> 3.7.  Reverting B1 alone leaves 2020 (changed again
 * since, by B2) and says so; reverting B2 then B1, one call each, gives 3 back; so does reverting both in
 * one call, in any order given. */
static void test_revert_order(void **state)
{
    fx *f = *state;
    long b1 = load_text(f, "b1.csv", OBS_H "GRDP_G,BD,2020,3.5,A,,\n");
    long b2 = load_text(f, "b2.csv", OBS_H "GRDP_G,BD,2020,3.7,A,,\n");
    assert_int_equal(b2, b1 + 1);
    chitieu_revert_report *r = revert(f, &b1, 1, 1); /* dry run */
    assert_int_equal(r->results[0].kept, 1);
    assert_int_equal(r->results[0].restored, 0);
    assert_int_equal(r->results[0].revert_batch, 0);
    assert_int_equal(r->nmsg, 1);
    char want[300];
    snprintf(want, sizeof want, "batch 6: GRDP_G, BD, 2020: changed again since, by batch 7 (%s/b2.csv): left as it is",
             f->dir);
    assert_string_equal(r->msgs[0], want);
    chitieu_revert_report_free(r);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM batches"), 7); /* the dry run stored nothing */
    revert1(f, b2);
    assert_true(value_in(f, 2020) == 3.5);
    revert1(f, b1);
    assert_true(value_in(f, 2020) == 3);
    /* revisions: 3 (file), 3.5 (b1), 3.7 (b2), 3.5 (restores 2), 3 (restores 1) */
    expect_history(f, 2020, 5, (double[]){3, 3.5, 3.7, 3.5, 3}, (int[]){0, 0, 0, 0, 0}, (int[]){0, 0, 0, 2, 1});
    /* both at once, given oldest first: reverted newest first all the same */
    long b3 = load_text(f, "b3.csv", OBS_H "GRDP_G,BD,2020,5,A,,\n");
    long b4 = load_text(f, "b4.csv", OBS_H "GRDP_G,BD,2020,6,A,,\n");
    long both[] = {b3, b4};
    r = revert(f, both, 2, 0);
    assert_int_equal(r->n, 2);
    assert_int_equal(r->results[0].batch, b4);
    assert_int_equal(r->results[1].batch, b3);
    assert_int_equal(r->results[0].restored + r->results[1].restored, 2);
    chitieu_revert_report_free(r);
    assert_true(value_in(f, 2020) == 3);
}

/* A withdrawn figure loaded again is a new revision (not "unchanged"), and the series shows it again. */
static void test_reload_after_withdrawal(void **state)
{
    fx *f = *state;
    long b = load_text(f, "new.csv", OBS_H "GRDP_G,BD,2022,4,A,,\n");
    revert1(f, b);
    const char *p = fx_put(f, "again.csv", OBS_H "GRDP_G,BD,2022,4,A,,\n");
    chitieu_load_opts o;
    chitieu_load_opts_init(&o);
    chitieu_load_report *lr = NULL;
    assert_int_equal(chitieu_load_files(&lr, f->st, &p, 1, &o), 0);
    assert_int_equal(lr->revised, 1);
    assert_int_equal(lr->unchanged, 0);
    chitieu_load_report_free(lr);
    assert_true(value_in(f, 2022) == 4);
    expect_history(f, 2022, 3, (double[]){4, 4, 4}, (int[]){0, 1, 0}, (int[]){0, 0, 0});
}

#define IND_H "code,name,unit,direction,min,max,goal,agency\n"
#define TGT_H "plan,indicator,area,shape,year,from,low,high,versus,source,note\n"

/* Catalogue and targets: a second indicators file changes the unit and bounds of INCOME; a second targets
 * file changes the low of GRDP_G and adds a POOR target.  Reverting them sets INCOME and GRDP_G back
 * (their history gets the replaced version, replaced_by the revert), withdraws the new target (the store
 * lists 2 targets again), and reverting that revert brings the target back. */
static void test_revert_catalogue_and_targets(void **state)
{
    fx *f = *state;
    long bi = load_text(f, "ind2.csv", IND_H "INCOME,Income per capita,thousand VND,up,0,1000000,8,DPI\n"
                                             "NEW_IND,New,%,up,0,100,8,DPI\n");
    long bt = load_text(f, "tgt2.csv", TGT_H "SEDP2125,GRDP_G,BD,avg_rate,2025,2021,8,8.7,,synthetic,\n"
                                             "SEDP2125,POOR,BD,at_most,2030,,,1,,synthetic,\n");
    chitieu_target *t;
    size_t nt;
    assert_int_equal(chitieu_store_targets(&t, &nt, f->st, NULL, NULL), 0);
    assert_int_equal(nt, 3);
    chitieu_store_targets_free(t, nt);
    long ids[] = {bi, bt};
    chitieu_revert_report *r = revert(f, ids, 2, 0);
    /* newest first: the targets batch (1 set back, 1 withdrawn), then the indicators (1 set back, 1 created) */
    assert_int_equal(r->results[0].batch, bt);
    assert_int_equal(r->results[0].catalogue_restored, 1);
    assert_int_equal(r->results[0].targets_withdrawn, 1);
    assert_int_equal(r->results[1].batch, bi);
    assert_int_equal(r->results[1].catalogue_restored, 1);
    assert_int_equal(r->results[1].created_kept, 1);
    chitieu_revert_report_free(r);
    chitieu_indicator ind;
    assert_int_equal(chitieu_store_indicator_get(&ind, f->st, "INCOME"), 0);
    assert_string_equal(ind.unit, "million VND");
    assert_true(ind.min == 0 && isnan(ind.max));
    chitieu_store_indicator_clear(&ind);
    assert_int_equal(chitieu_store_indicator_get(&ind, f->st, "NEW_IND"), 0); /* nothing is deleted */
    chitieu_store_indicator_clear(&ind);
    assert_int_equal(chitieu_store_targets(&t, &nt, f->st, NULL, NULL), 0);
    assert_int_equal(nt, 2);
    const chitieu_target *g = strcmp(t[0].indicator, "GRDP_G") == 0 ? &t[0] : &t[1];
    assert_string_equal(g->indicator, "GRDP_G");
    assert_true(g->low == 8.5 && g->high == 8.7);
    chitieu_store_targets_free(t, nt);
    /* history: INCOME's thousand-VND version replaced by the revert (batch 9 = revert of bi, done second) */
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM indicator_history WHERE unit = 'thousand VND'"
                                    " AND replaced_by = 9"), 1);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM target_history WHERE low = 8 AND replaced_by = 8"), 1);
    /* the set-back target keeps the line of its version in targets.csv (2), now under the revert batch */
    assert_int_equal(sql_int(f->db, "SELECT line * 100 + batch FROM targets WHERE low = 8.5"), 208);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM target_history WHERE withdrawn = 0 AND high = 1"
                                    " AND replaced_by = 8"), 1);
    /* reverting the targets' revert: the low is 8 again and the POOR 2030 target is back */
    revert1(f, 8);
    assert_int_equal(chitieu_store_targets(&t, &nt, f->st, NULL, NULL), 0);
    assert_int_equal(nt, 3);
    chitieu_store_targets_free(t, nt);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM targets WHERE low = 8 AND withdrawn = 0"), 1);
    /* a load of the same target revives a withdrawn one: withdraw it again, load it */
    revert1(f, 10);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM targets WHERE withdrawn = 1"), 1);
    load_text(f, "tgt3.csv", TGT_H "SEDP2125,POOR,BD,at_most,2030,,,1,,synthetic,\n");
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM targets WHERE withdrawn = 1"), 0);
}

/* The English names of migration 7 are catalogue columns like the others: a load that changes an area's name_en
 * and a plan's document_en keeps the earlier ones in the history, and its revert sets them back. */
static void test_revert_english_names(void **state)
{
    fx *f = *state;
    load_text(f, "areas-en.csv", "code,name,level,parent,name_en\nBD,Binh Duong (synthetic),province,VN,BD first\n");
    load_text(f, "plans-en.csv", "plan,name,document,issued,deadline,document_en\n"
                                 "SEDP2125,SEDP 2021-2025 (synthetic),2902/QD-UBND,2021-12-20,11-30,Decision first\n");
    long b = load_text(f, "areas-en2.csv", "code,name,level,parent,name_en\nBD,Binh Duong (synthetic),province,VN,BD second\n");
    long p = load_text(f, "plans-en2.csv", "plan,name,document,issued,deadline,document_en\n"
                                           "SEDP2125,SEDP 2021-2025 (synthetic),2902/QD-UBND,2021-12-20,11-30,\n");
    chitieu_area a;
    assert_int_equal(chitieu_store_area_get(&a, f->st, "BD"), 0);
    assert_string_equal(a.name_en, "BD second");
    chitieu_store_area_clear(&a);
    chitieu_plan pl;
    assert_int_equal(chitieu_store_plan_get(&pl, f->st, "SEDP2125"), 0);
    assert_null(pl.document_en); /* an empty cell: none */
    chitieu_store_plan_clear(&pl);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM area_history WHERE name_en = 'BD first'"), 1);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM plan_history WHERE document_en = 'Decision first'"), 1);
    revert1(f, p);
    revert1(f, b);
    assert_int_equal(chitieu_store_area_get(&a, f->st, "BD"), 0);
    assert_string_equal(a.name_en, "BD first");
    assert_string_equal(a.name, "Binh Duong (synthetic)");
    chitieu_store_area_clear(&a);
    assert_int_equal(chitieu_store_plan_get(&pl, f->st, "SEDP2125"), 0);
    assert_string_equal(pl.document_en, "Decision first");
    chitieu_store_plan_clear(&pl);
}

/* An indicator's caveat (migration 8: note, note_en) is a catalogue column like the others: a load that changes
 * it keeps the earlier text in indicator_history, and its revert sets it back; a note is stored as written
 * (quotes, markup, a line break: data, shown escaped by the pack). */
static void test_revert_caveat(void **state)
{
    fx *f = *state;
    load_text(f, "ind-note.csv", "code,name,unit,direction,note,note_en\n"
                                 "POOR,Poor households,%,down,\"Ước tính \"\"mô hình\"\"\ncủa ILO\",ILO <b>estimate</b>\n");
    chitieu_indicator ind;
    assert_int_equal(chitieu_store_indicator_get(&ind, f->st, "POOR"), 0);
    assert_string_equal(ind.note, "Ước tính \"mô hình\"\ncủa ILO");
    assert_string_equal(ind.note_en, "ILO <b>estimate</b>");
    chitieu_store_indicator_clear(&ind);
    long b = load_text(f, "ind-note2.csv", "code,name,unit,direction,note\nPOOR,Poor households,%,down,Số liệu khác\n");
    assert_int_equal(chitieu_store_indicator_get(&ind, f->st, "POOR"), 0);
    assert_string_equal(ind.note, "Số liệu khác");
    assert_null(ind.note_en); /* no column: none */
    assert_string_equal(ind.unit, "%");
    chitieu_store_indicator_clear(&ind);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM indicator_history WHERE note_en = 'ILO <b>estimate</b>'"
                                    " AND note LIKE 'Ước tính%của ILO' AND replaced_by = (SELECT max(id) FROM batches)"),
                     1);
    /* an indicator loaded again without a note column loses nothing but the note, which the history keeps */
    revert1(f, b);
    assert_int_equal(chitieu_store_indicator_get(&ind, f->st, "POOR"), 0);
    assert_string_equal(ind.note, "Ước tính \"mô hình\"\ncủa ILO");
    assert_string_equal(ind.note_en, "ILO <b>estimate</b>");
    assert_string_equal(ind.name, "Poor households");
    chitieu_store_indicator_clear(&ind);
    /* an indicator that never had a note reads NULL (the column is optional; old files load as before) */
    assert_int_equal(chitieu_store_indicator_get(&ind, f->st, "GRDP_G"), 0);
    assert_null(ind.note);
    assert_null(ind.note_en);
    chitieu_store_indicator_clear(&ind);
}

/* Refusals change nothing: an unknown batch; a figure restored outside bounds narrowed since; bounds
 * restored that would exclude a figure loaded since; a target of a batch stored before schema 4. */
static void test_refusals(void **state)
{
    fx *f = *state;
    chitieu_revert_opts o;
    chitieu_revert_opts_init(&o);
    chitieu_revert_report *r = NULL;
    char *d0 = dump(f), *d1;
    long none = 99;
    assert_int_equal(chitieu_batch_revert(&r, f->st, &none, 1, &o), CHITIEU_ENOTFOUND);
    assert_string_equal(chitieu_error_last(), "no batch 99 (chitieu batches lists them)");
    long twice[] = {5, 5};
    assert_int_equal(chitieu_batch_revert(&r, f->st, twice, 2, &o), CHITIEU_EINVALID);
    assert_string_equal(chitieu_error_last(), "batch 5 is named twice");
    d1 = dump(f);
    assert_string_equal(d0, d1);
    free(d0);
    free(d1);

    /* POOR is 1.5 in 2019 and 1.2 in 2020 (fixtures); b1 revises both to 50; then the bounds are narrowed
     * to 10..60 (the current figures fit).  Reverting b1 would restore 1.5 and 1.2, outside: refused,
     * naming the first (2019). */
    long b1 = load_text(f, "p1.csv", OBS_H "POOR,BD,2019,50,A,,\nPOOR,BD,2020,50,A,,\n");
    load_text(f, "ind.csv", IND_H "POOR,Poor households,%,down,10,60,1,DOLISA\n");
    d0 = dump(f);
    assert_int_equal(chitieu_batch_revert(&r, f->st, &b1, 1, &o), CHITIEU_EINVALID);
    assert_null(r);
    assert_string_equal(chitieu_error_last(),
                        "cannot revert: the restored figure 1.5 for POOR, BD, 2019 lies outside the current bounds of "
                        "POOR (10 to 60); revert the batch that changed the bounds too, or load a corrected figure "
                        "first; nothing was changed");
    d1 = dump(f);
    assert_string_equal(d0, d1);
    free(d1);
    free(d0);

    /* bw widens POOR again to 0..100, then a figure of 80 is loaded: reverting bw would restore 10..60,
     * which excludes 80: refused. */
    long bw = load_text(f, "ind3.csv", IND_H "POOR,Poor households,%,down,0,100,1,DOLISA\n");
    load_text(f, "p2.csv", OBS_H "POOR,BD,2021,80,A,,\n");
    d0 = dump(f);
    assert_int_equal(chitieu_batch_revert(&r, f->st, &bw, 1, &o), CHITIEU_EINVALID);
    assert_string_equal(chitieu_error_last(),
                        "cannot revert: the restored bounds of POOR (10 to 60) exclude its current figure 80 for BD, "
                        "2021; revert the batches that loaded such figures too; nothing was changed");
    d1 = dump(f);
    assert_string_equal(d0, d1);
    free(d1);
    free(d0);

    /* A target stored before schema 4 has no first_batch: whether its batch created it is unknown */
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "UPDATE targets SET first_batch = NULL", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    long bt = 4;
    d0 = dump(f);
    assert_int_equal(chitieu_batch_revert(&r, f->st, &bt, 1, &o), CHITIEU_EINVALID);
    assert_non_null(strstr(chitieu_error_last(), "batch 4: cannot revert target SEDP2125 GRDP_G BD avg_rate 2025: it "
                                                 "was stored before this chitieu recorded which batch created a target"));
    d1 = dump(f);
    assert_string_equal(d0, d1);
    free(d1);
    free(d0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)
/* A file whose path is longer than the revert's buffers (two folders and a name of 80 letters of three bytes
 * each): the revert batch's label names the whole path, and its messages stay UTF-8. */
static void test_revert_long_path(void **state)
{
    fx *f = *state;
    char word[241] = "", path[1200];
    for (int i = 0; i < 80; i++) strcat(word, "ệ");
    snprintf(path, sizeof path, "%s/%s", f->dir, word);
    assert_int_equal(mkdir(path, 0700), 0);
    size_t n = strlen(path);
    snprintf(path + n, sizeof path - n, "/%s", word);
    assert_int_equal(mkdir(path, 0700), 0);
    n = strlen(path);
    snprintf(path + n, sizeof path - n, "/%s.csv", word);
    FILE *out = fopen(path, "w");
    assert_non_null(out);
    fputs(OBS_H "GRDP_G,BD,2020,3.5,A,,\n", out);
    fclose(out);
    const char *p = path;
    fx_load_ok(f, &p, 1);
    long b = sql_int(f->db, "SELECT max(id) FROM batches");
    assert_true(strlen(path) > 700);
    revert1(f, b);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM batches r WHERE r.kind = 'revert' AND r.file = 'revert of"
                                    " batch ' || r.reverts || ' (' || (SELECT b.file FROM batches b WHERE b.id ="
                                    " r.reverts) || ')' AND length(CAST(r.file AS BLOB)) > 700"), 1);
    /* reverting it again is refused, naming the file at a whole character */
    chitieu_revert_opts o;
    chitieu_revert_opts_init(&o);
    chitieu_revert_report *r = NULL;
    assert_int_equal(chitieu_batch_revert(&r, f->st, &b, 1, &o), CHITIEU_EINVALID);
    chitieu_revert_report_free(r);
    const unsigned char *m = (const unsigned char *)chitieu_error_last();
    assert_non_null(strstr((const char *)m, "is already reverted"));
    for (; *m; m++) /* a lead byte of "ệ" (E1 BB 87) is followed by both its continuation bytes */
        if (*m == 0xE1) assert_true(m[1] == 0xBB && m[2] == 0x87);
}

/* A revert interrupted at any one step in turn (a dry run, so that each starts from the same store) fails cleanly
 * or completes: the connection is never left inside a transaction, and the store is unchanged. */
static void test_revert_interrupted_anywhere(void **state)
{
    fx *f = *state;
    long b = load_text(f, "rev.csv", OBS_H "GRDP_G,BD,2020,3.5,A,revised,\nGRDP_G,BD,2022,4,P,new,\n");
    char *before = current(f);
    sqlite3 *db = chitieu__store_db(f->st);
    chitieu_revert_opts o;
    chitieu_revert_opts_init(&o);
    o.dry_run = 1;
    chitieu_revert_report *r = NULL;
    sqlite3_progress_handler(db, 1, fx_interrupt_once, NULL);
    fx_steps = fx_fire_at = 0;
    assert_int_equal(chitieu_batch_revert(&r, f->st, &b, 1, &o), 0);
    chitieu_revert_report_free(r);
    long total = fx_steps, failed = 0;
    assert_true(total > 100);
    for (long n = 1; n <= total; n++) {
        fx_steps = 0;
        fx_fire_at = n;
        r = NULL;
        int rc = chitieu_batch_revert(&r, f->st, &b, 1, &o);
        chitieu_revert_report_free(r);
        if (!sqlite3_get_autocommit(db))
            fail_msg("interrupted at step %ld of %ld: the transaction is still open (rc %d: %s)", n, total, rc,
                     chitieu_error_last());
        failed += rc != CHITIEU_OK;
    }
    sqlite3_progress_handler(db, 0, NULL, NULL);
    assert_true(failed > total / 2);
    char *after = current(f);
    assert_string_equal(after, before);
    free(before);
    free(after);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_revert_restores_and_withdraws), T(test_revert_of_revert),      T(test_revert_order),
        T(test_reload_after_withdrawal),       T(test_revert_catalogue_and_targets), T(test_refusals),
        T(test_revert_long_path),              T(test_revert_interrupted_anywhere), T(test_revert_english_names),
        T(test_revert_caveat),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
