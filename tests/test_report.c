/*
 * tests/test_report.c — the review pack (engine/report.c) on a store loaded
 * from the synthetic fixtures in tests/fixtures/assess/ plus an indicator
 * whose name is hostile HTML: every image the page references exists and is a
 * PNG, every scorecard row's status colour class matches its assessment, the
 * rows are grouped under their goal, data text is escaped, and the chart
 * command's output for one indicator.  Runs from tests/ (the Makefile does).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chitieu/error.h"
#include "chitieu/load.h"
#include "chitieu/report.h"

static char dir[64];
static chitieu_store *st;

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) { free(b); b = NULL; }
    if (b) b[n] = 0;
    fclose(f);
    return b;
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/chitieu-test-report-XXXXXX");
    if (!mkdtemp(dir)) return -1;
    char db[128], extra[128];
    snprintf(db, sizeof db, "%s/t.db", dir);
    snprintf(extra, sizeof extra, "%s/hostile.csv", dir);
    /* a synthetic indicator with hostile text in its name, goal and a target */
    FILE *f = fopen(extra, "w");
    if (!f) return -1;
    fputs("code,name,unit,direction,goal\n"
          "EVIL,\"<script>alert('x')</script> & `id`\",%,up,\"Goal <b>bold</b>\"\n", f);
    fclose(f);
    if (chitieu_store_open(&st, db)) return -1;
    const char *files[] = {"fixtures/assess/plans.csv", "fixtures/assess/areas.csv",
                           "fixtures/assess/indicators.csv", "fixtures/assess/targets.csv",
                           "fixtures/assess/observations.csv", extra};
    chitieu_load_opts lo;
    chitieu_load_opts_init(&lo);
    chitieu_load_report *r = NULL;
    int rc = chitieu_load_files(&r, st, files, 6, &lo);
    chitieu_load_report_free(r);
    if (rc) return -1;
    /* a target on the hostile indicator, loaded after it */
    char tg[128];
    snprintf(tg, sizeof tg, "%s/t2.csv", dir);
    if (!(f = fopen(tg, "w"))) return -1;
    fputs("plan,indicator,area,shape,year,low\nP2125,EVIL,XP,at_least,2025,50\n", f);
    fclose(f);
    const char *f2[] = {tg};
    rc = chitieu_load_files(&r, st, f2, 1, &lo);
    chitieu_load_report_free(r);
    return rc ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    chitieu_store_close(st);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static int is_png(const char *path)
{
    char *b = slurp(path);
    int ok = b && memcmp(b, "\x89PNG", 4) == 0;
    free(b);
    return ok;
}

static void test_pack(void **state)
{
    (void)state;
    if (!chitieu_chart_have_gnuplot()) { skip(); return; }
    chitieu_assess_opts ao;
    chitieu_assess_opts_init(&ao);
    chitieu_assessment *as = NULL;
    size_t n = 0;
    assert_int_equal(chitieu_assess_run(&as, &n, st, NULL, NULL, &ao), 0);
    assert_true(n >= 5);
    char out[128];
    snprintf(out, sizeof out, "%s/pack", dir);
    chitieu_report_opts ro;
    chitieu_report_opts_init(&ro);
    chitieu_report_counts cnt;
    assert_int_equal(chitieu_report_write(&cnt, st, as, n, out, &ro), 0);
    assert_int_equal(cnt.targets, n);
    assert_true(cnt.charts >= 1 && cnt.rendered == cnt.charts + 1); /* + the overview */

    char path[512];
    snprintf(path, sizeof path, "%s/index.html", out);
    char *html = slurp(path);
    assert_non_null(html);
    assert_non_null(strstr(html, "<meta charset=\"utf-8\">"));
    assert_null(strstr(html, "http://")); /* no external resources */
    assert_null(strstr(html, "https://"));
    /* hostile text escaped */
    assert_null(strstr(html, "<script>"));
    assert_non_null(strstr(html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; `id`"));
    assert_non_null(strstr(html, "<h2>Goal &lt;b&gt;bold&lt;/b&gt;</h2>"));
    /* every referenced image exists and is a PNG */
    size_t imgs = 0;
    for (const char *p = html; (p = strstr(p, "src=\"")); p += 5) {
        const char *e = strchr(p + 5, '"');
        assert_non_null(e);
        char rel[200];
        snprintf(rel, sizeof rel, "%.*s", (int)(e - (p + 5)), p + 5);
        snprintf(path, sizeof path, "%s/%s", out, rel);
        assert_true(is_png(path));
        imgs++;
    }
    assert_int_equal(imgs, cnt.charts + 1);
    /* one row per assessment, its colour class equal to its status */
    size_t rows = 0;
    for (const char *p = html; (p = strstr(p, "<tr class=\"target\" data-status=\"")); p++) {
        char status[32], cls[48];
        assert_int_equal(sscanf(p, "<tr class=\"target\" data-status=\"%31[^\"]\"", status), 1);
        const char *end = strstr(p, "</tr>");
        snprintf(cls, sizeof cls, "class=\"st st-%s\"", status);
        const char *c = strstr(p, cls);
        assert_true(c && c < end);
        rows++;
    }
    assert_int_equal(rows, n);
    for (size_t i = 0; i < n; i++) { /* and every status appears as a row */
        char needle[64];
        snprintf(needle, sizeof needle, "data-status=\"%s\"", chitieu_status_name(as[i].status));
        assert_non_null(strstr(html, needle));
    }
    free(html);
    chitieu_assessments_free(as, n);
}

static void test_chart_one_indicator(void **state)
{
    (void)state;
    chitieu_report_opts ro;
    chitieu_report_opts_init(&ro);
    ro.render = 0; /* scripts only */
    chitieu_report_counts cnt;
    char out[128], path[200];
    snprintf(out, sizeof out, "%s/charts", dir);
    /* no targets given: the series alone, projected 5 years */
    assert_int_equal(chitieu_report_charts(&cnt, st, NULL, 0, "GRDP", "XP", out, &ro), 0);
    assert_int_equal(cnt.charts, 1);
    assert_int_equal(cnt.rendered, 0);
    snprintf(path, sizeof path, "%s/GRDP_XP.gp", out);
    char *gp = slurp(path);
    assert_non_null(gp);
    assert_non_null(strstr(gp, "$obsA << EOD\n2020 100\n2021 104\n2022 110\n2023 120\n2024 135\n2025 146.9328077\nEOD")); /* %.10g */
    assert_non_null(strstr(gp, "$proj << EOD\n2025 146.9328077 146.9328077 146.9328077 146.9328077 146.9328077\n2026 "));
    assert_non_null(strstr(gp, "\n2030 ")); /* 5 years ahead */
    assert_non_null(strstr(gp, "set output 'GRDP_XP.png'"));
    free(gp);
    assert_int_equal(chitieu_report_charts(&cnt, st, NULL, 0, NULL, NULL, out, &ro), CHITIEU_EINVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pack),
        cmocka_unit_test(test_chart_one_indicator),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
