/*
 * tests/test_report.c — the review pack (engine/report.c) on a store loaded
 * from the synthetic fixtures in tests/fixtures/assess/ plus an indicator
 * whose name is hostile HTML: every image the page references exists and is an
 * SVG, every scorecard row's status colour class matches its assessment, the
 * rows are grouped under their goal and read in words (Vietnamese and
 * English), an indicator without figures gets no chart and is listed as owed,
 * data text is escaped, the rows' wording against hand-computed quantities,
 * and the chart command's output for one indicator.  Runs from tests/ (the Makefile does).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chitieu/error.h"
#include "chitieu/load.h"
#include "chitieu/report.h"
#include "fixture.h"  /* fx_setup, fx_put, fx_store_load; fx_interrupt_once */
#include "internal.h" /* chitieu__store_db: the store's connection, to interrupt it */

static const char *dir;   /* the fixture's directory (setup) */
static chitieu_store *st; /* its store */

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
    if (fx_setup(state, "test-report", NULL, 0)) return -1;
    fx *f = *state;
    /* a synthetic indicator with hostile text in its name, goal, caveat (note, note_en) and a target; a caveat in
     * Vietnamese only on FOREST (charted), whose commands would leave a file in the fixture's directory if gnuplot
     * ran them */
    char notes[1024];
    snprintf(notes, sizeof notes, "code,name,unit,direction,note\nFOREST,Forest cover (synthetic),%%,up,"
                                  "\"Rừng `touch %s/PWNED_R1` $(touch %s/PWNED_R2) \"\"q\"\" 'a' <b>\nhai dòng\"\n",
             f->dir, f->dir);
    const char *files[] = {FX_ASSESS_FILES,
                           fx_put(f, "hostile.csv", "code,name,unit,direction,goal,agency,note,note_en\n"
                                                    "EVIL,\"<script>alert('x')</script> & `id`\",%,up,"
                                                    "\"Goal <b>bold</b>\",Sở Y tế,\"Ghi chú \"\"trích\"\" <script>alert(1)"
                                                    "</script> `id` $(id)\ndòng hai & 'nháy'\",\"English <i>note</i> & "
                                                    "\"\"q\"\" $(id)\"\n")};
    /* a target on the hostile indicator, loaded after it; the area's English name and the plan's document in
     * both languages (a later load: a catalogue row updated) */
    if (fx_store_load(f, files, 6) ||
        fx_store_load(f, (const char *[]){fx_put(f, "t2.csv", "plan,indicator,area,shape,year,low,source\n"
                                                              "P2125,EVIL,XP,at_least,2025,50,\"Quyết định 7/QĐ-UBND, mục 2\"\n"),
                                          fx_put(f, "areas-en.csv", "code,name,level,name_en\nXP,Province X (synthetic),"
                                                                    "province,X province in English (synthetic)\n"),
                                          fx_put(f, "plans-en.csv", "plan,name,document,issued,document_en\n"
                                                                    "P2125,Plan 2021-2025 (synthetic),Quyết định 7/QĐ-UBND của "
                                                                    "UBND tỉnh X,2021-01-05,Decision 7/QĐ-UBND of the X "
                                                                    "Provincial People's Committee\n"),
                                          fx_put(f, "notes.csv", notes)},
                      4))
        return fx_teardown(state), -1;
    dir = f->dir;
    st = f->st;
    return 0;
}

/* The file at path is an SVG image (gnuplot writes an XML header first). */
static int is_svg(const char *path)
{
    char *b = slurp(path);
    int ok = b && strstr(b, "<svg") && strstr(b, "</svg>");
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
    assert_int_equal(ro.format, CHITIEU_CHART_SVG); /* vector charts by default */
    ro.generated = "2025-11-30";
    chitieu_report_counts cnt;
    assert_int_equal(chitieu_report_write(&cnt, st, as, n, out, &ro), 0);
    assert_int_equal(cnt.targets, n);
    /* a chart for each indicator with figures (GRDP, POOR, JOBS, FDI, FOREST), none for EVIL (no figures) */
    assert_int_equal(cnt.charts, 5);
    assert_int_equal(cnt.rendered, cnt.charts + 1); /* + the plan's overview */

    char path[512];
    snprintf(path, sizeof path, "%s/index.html", out);
    char *html = slurp(path);
    assert_non_null(html);
    assert_non_null(strstr(html, "<html lang=\"vi\">"));
    assert_non_null(strstr(html, "<meta charset=\"utf-8\">"));
    assert_null(strstr(html, "http://")); /* no external resources */
    assert_null(strstr(html, "https://"));
    /* the meeting's metadata: the plan's name as title, the date given, the latest year of figures */
    assert_non_null(strstr(html, "<h1>Plan 2021-2025 (synthetic)</h1>"));
    /* the Vietnamese names where the English ones are also stored */
    assert_non_null(strstr(html, "<p class=\"meta\">Quyết định số 7/QĐ-UBND ngày 05/01/2021 của UBND tỉnh X · "));
    assert_non_null(strstr(html, "<th class=\"agency\" colspan=\"3\">Sở Y tế</th>"));
    /* the target's source cited as a reader cites it, from the plan's record (kind, number, date, issuer, what it
     * is about), where in it under it ("mục 2": the source's words after the document's number) */
    assert_non_null(strstr(html, "<li class=\"doc\">Quyết định số 7/QĐ-UBND ngày 05/01/2021 của UBND tỉnh X về Plan 2021-2025 "
                                 "(synthetic)<span class=\"sub\">mục 2 — Mục tiêu về: "));
    assert_null(strstr(html, "in English"));
    assert_null(strstr(html, "Decision 7"));
    assert_non_null(strstr(html, "Lập ngày 30/11/2025 · Số liệu đến năm 2025"));
    assert_non_null(strstr(html, "@page{size:A4 portrait"));
    /* hostile text escaped */
    assert_null(strstr(html, "<script>"));
    assert_non_null(strstr(html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; `id`"));
    assert_non_null(strstr(html, "<h3>Goal &lt;b&gt;bold&lt;/b&gt;</h3>"));
    /* the caveats: a mark by the name in each row of the indicator (FOREST's note first, in the tables' order),
     * the notes once under the plan's tables, escaped; the note's commands were not run by gnuplot */
    assert_non_null(strstr(html, "Forest cover (synthetic)</a><sup class=\"caveat\"><a href=\"#caveat-0-1\" "
                                 "title=\"Lưu ý: Rừng `touch "));
    assert_non_null(strstr(html, "&lt;/script&gt; &amp; `id`<sup class=\"caveat\"><a href=\"#caveat-0-2\" title=\"Lưu ý: "
                                 "Ghi chú &quot;trích&quot; &lt;script&gt;alert(1)&lt;/script&gt; `id` $(id)\ndòng hai "
                                 "&amp; &#39;nháy&#39;\">2</a></sup>"));
    const char *cav = strstr(html, "<div class=\"caveats\"><p>Lưu ý về số liệu</p>\n<ol>\n<li id=\"caveat-0-1\">"
                                   "<strong>Forest cover (synthetic)</strong>: Rừng `touch ");
    assert_non_null(cav);
    assert_true(cav > strstr(html, "&lt;/script&gt; &amp; `id`<sup")); /* under the tables */
    assert_non_null(strstr(cav, "$(touch "));
    assert_non_null(strstr(cav, "PWNED_R2) &quot;q&quot; &#39;a&#39; &lt;b&gt;\nhai dòng</li>\n<li id=\"caveat-0-2\">"
                                "<strong>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; `id`</strong>: Ghi chú "
                                "&quot;trích&quot; &lt;script&gt;alert(1)&lt;/script&gt; `id` $(id)\ndòng hai &amp; "
                                "&#39;nháy&#39;</li>\n</ol></div>\n</section>"));
    assert_null(strstr(html, "English &lt;i&gt;")); /* the English note is the English pack's */
    size_t marks = 0;
    for (const char *p = html; (p = strstr(p, "<sup class=\"caveat\">")); p++) marks++;
    assert_int_equal(marks, 2); /* FOREST's one target and EVIL's */
    char pwned[300];
    snprintf(pwned, sizeof pwned, "%s/PWNED_R1", dir);
    assert_int_equal(access(pwned, F_OK), -1);
    snprintf(pwned, sizeof pwned, "%s/PWNED_R2", dir);
    assert_int_equal(access(pwned, F_OK), -1);
    snprintf(path, sizeof path, "%s/charts/FOREST_XP.gp", out);
    char *gp = slurp(path);
    assert_non_null(gp);
    assert_non_null(strstr(gp, "\nset label 4 'Lưu ý: Rừng `touch "));
    assert_null(strstr(gp, "\nhai dòng")); /* the line break is a blank: no command starts with the note's text */
    free(gp);
    /* targets in words, no codes: the hand-checked outcomes of tests/fixtures/assess/README.md */
    assert_non_null(strstr(html, "<td>bình quân 2021–2025 tăng ≥ 7,5%/năm</td>"));
    assert_non_null(strstr(html, "bình quân 2021–2025: tăng 8,00%/năm"));
    assert_non_null(strstr(html, "thấp nhất 2021–2025: 34.000 persons"));
    assert_null(strstr(html, "avg_growth"));
    assert_null(strstr(html, ">achieved<"));
    /* EVIL has no figure: no chart, listed as owed from the plan's base year 2020 to 2025 */
    assert_null(strstr(html, "id=\"chart-EVIL_XP\""));
    const char *owed = strstr(html, "<section id=\"owed\">");
    assert_non_null(owed);
    /* the area's own bracket is not nested: "(Province X, synthetic)" */
    assert_non_null(strstr(owed, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; `id` (Province X, synthetic)"
                                 "</td><td>2020–2025</td><td>chưa quy định</td>"));
    /* every referenced image exists and is an SVG */
    size_t imgs = 0;
    for (const char *p = html; (p = strstr(p, "src=\"")); p += 5) {
        const char *e = strchr(p + 5, '"');
        assert_non_null(e);
        char rel[200];
        snprintf(rel, sizeof rel, "%.*s", (int)(e - (p + 5)), p + 5);
        snprintf(path, sizeof path, "%s/%s", out, rel);
        assert_true(is_svg(path));
        imgs++;
    }
    assert_int_equal(imgs, cnt.rendered);
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

    /* the same pack in English */
    ro.lang = CHITIEU_LANG_EN;
    ro.render = 0;
    snprintf(out, sizeof out, "%s/pack-en", dir);
    assert_int_equal(chitieu_report_write(&cnt, st, as, n, out, &ro), 0);
    snprintf(path, sizeof path, "%s/index.html", out);
    html = slurp(path);
    assert_non_null(html);
    assert_non_null(strstr(html, "<html lang=\"en\">"));
    assert_non_null(strstr(html, "Generated on 30 November 2025 · Figures up to 2025"));
    assert_non_null(strstr(html, "<td>average growth ≥ 7.5%/yr 2021–2025</td>"));
    assert_non_null(strstr(html, ">Achieved<"));
    assert_null(strstr(html, "Đã đạt"));
    /* the plan's document, the area and the lead agency in English; the target source cites the document in
     * English */
    assert_non_null(strstr(html, "<p class=\"meta\">Decision No. 7/QĐ-UBND dated 5 January 2021 of the X Provincial "
                                 "People&#39;s Committee · "));
    assert_non_null(strstr(html, "Area: X province in English (synthetic)"));
    assert_non_null(strstr(html, "<th class=\"agency\" colspan=\"3\">Department of Health</th>"));
    assert_non_null(strstr(html, "<li class=\"doc\">Decision No. 7/QĐ-UBND dated 5 January 2021 of the X Provincial People&#39;s "
                                 "Committee on “Plan 2021-2025 (synthetic)”<span class=\"sub\">mục 2 — Targets for: "));
    assert_null(strstr(html, "Province X (synthetic)"));
    assert_null(strstr(html, "của UBND"));
    assert_null(strstr(html, "Sở Y tế"));
    /* the caveats in English: EVIL's note_en; FOREST has no English note, so its Vietnamese one */
    assert_non_null(strstr(html, "<div class=\"caveats\"><p>About the figures</p>\n<ol>\n<li id=\"caveat-0-1\">"
                                 "<strong>Forest cover (synthetic)</strong>: Rừng `touch "));
    assert_non_null(strstr(html, "<strong>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; `id`</strong>: English "
                                 "&lt;i&gt;note&lt;/i&gt; &amp; &quot;q&quot; $(id)</li>"));
    assert_non_null(strstr(html, "title=\"Note: English &lt;i&gt;note&lt;/i&gt;"));
    assert_null(strstr(html, "Ghi chú"));
    free(html);
    chitieu_assessments_free(as, n);
}

/* The rows in words, as of 2025 and with the 2023 cut-off (hand: tests/fixtures/assess/README.md). */
static void test_rows(void **state)
{
    (void)state;
    chitieu_assess_opts ao;
    chitieu_assess_opts_init(&ao);
    chitieu_assessment *as = NULL;
    size_t n = 0;
    assert_int_equal(chitieu_assess_run(&as, &n, st, "P2125", NULL, &ao), 0);
    chitieu_report_row *r = NULL;
    assert_int_equal(chitieu_report_rows(&r, st, as, n, NULL), 0);
    /* rows in the order of the targets file: GRDP 7.5 first, FDI fifth */
    assert_string_equal(r[0].name, "GRDP level (synthetic)");
    assert_string_equal(r[0].area, "Province X (synthetic)");
    assert_string_equal(r[0].target, "bình quân 2021–2025 tăng ≥ 7,5%/năm");
    assert_string_equal(r[0].outcome, "bình quân 2021–2025: tăng 8,00%/năm"); /* (146.9328/100)^(1/5) = 1.08 */
    assert_string_equal(r[0].last, "147 bn VND (2025)");
    assert_string_equal(r[0].status, "Đã đạt");
    assert_string_equal(r[0].so_far, "");  /* settled: the outcome says it */
    assert_string_equal(r[0].band, "");
    assert_string_equal(r[0].probability, "");
    assert_string_equal(r[4].target, "tổng 2021–2025 ≥ 9 bn USD");
    assert_string_equal(r[4].outcome, "tổng 2021–2025: 9,50 bn USD"); /* 1.5 + 1.8 + 2.0 + 2.1 + 2.1 */
    chitieu_report_rows_free(r, n);
    chitieu_assessments_free(as, n);

    ao.cutoff_year = 2023; /* the review of 2024: the quantity so far and a forecast */
    assert_int_equal(chitieu_assess_run(&as, &n, st, "P2125", NULL, &ao), 0);
    chitieu_report_opts ro;
    chitieu_report_opts_init(&ro);
    ro.cutoff_year = 2023;
    ro.lang = CHITIEU_LANG_EN;
    assert_int_equal(chitieu_report_rows(&r, st, as, n, &ro), 0);
    assert_string_equal(r[0].so_far, "average 2021–2023: up 6.27%/yr"); /* 1.2^(1/3) = 1.06266 */
    assert_string_equal(r[4].so_far, "total 2021–2023: 5.30 bn USD");   /* 1.5 + 1.8 + 2.0 */
    assert_string_equal(r[4].last, "2.00 bn USD (2023)");
    assert_non_null(strstr(r[0].outcome, "average 2021–2025 (forecast): up "));
    assert_non_null(strstr(r[0].band, "80% forecast range: "));
    assert_non_null(strstr(r[0].pace, "needs +"));
    chitieu_report_rows_free(r, n);
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
    assert_non_null(strstr(gp, "set output 'GRDP_XP.svg'"));
    free(gp);
    assert_int_equal(chitieu_report_charts(&cnt, st, NULL, 0, NULL, NULL, out, &ro), CHITIEU_EINVALID);
}

/* The pack's page written with the store interrupted at one read after another (no charts rendered): each run
 * fails, or writes the very page of an uninterrupted run; never a page where an area's or a plan's name fell
 * back to its code, or the load date went missing, because a read failed. */
static void test_pack_interrupted_anywhere(void **state)
{
    (void)state;
    chitieu_assessment *as = NULL;
    size_t n = 0;
    assert_int_equal(chitieu_assess_run(&as, &n, st, NULL, NULL, NULL), 0);
    chitieu_report_opts ro;
    chitieu_report_opts_init(&ro);
    ro.render = 0;
    ro.generated = "2026-01-01";
    chitieu_report_counts cnt;
    char out[128], page[160];
    snprintf(out, sizeof out, "%s/int0", dir);
    sqlite3 *db = chitieu__store_db(st);
    sqlite3_progress_handler(db, 1, fx_interrupt_once, NULL);
    fx_steps = fx_fire_at = 0;
    assert_int_equal(chitieu_report_write(&cnt, st, as, n, out, &ro), 0);
    long total = fx_steps, failed = 0;
    assert_true(total > 100);
    snprintf(page, sizeof page, "%s/index.html", out);
    char *want = slurp(page);
    assert_non_null(want);
    for (long k = 1; k <= total; k++) {
        fx_steps = 0;
        fx_fire_at = k;
        snprintf(out, sizeof out, "%s/int%ld", dir, k);
        if (chitieu_report_write(&cnt, st, as, n, out, &ro) != CHITIEU_OK) {
            failed++;
            continue;
        }
        snprintf(page, sizeof page, "%s/index.html", out);
        char *got = slurp(page);
        if (!got || strcmp(got, want) != 0) fail_msg("interrupted at read %ld of %ld: the page differs", k, total);
        free(got);
    }
    sqlite3_progress_handler(db, 0, NULL, NULL);
    assert_true(failed > total / 2); /* the interruptions did reach the reads */
    free(want);
    chitieu_assessments_free(as, n);
}

/* Whether the n bytes at s are whole UTF-8 characters (lead bytes with their continuation bytes, no stray one). */
static int utf8_whole(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
        if (!k || i + k > n) return 0;
        for (size_t j = 1; j < k; j++)
            if (((unsigned char)s[i + j] & 0xC0) != 0x80) return 0;
        i += k;
    }
    return 1;
}

/* Texts the pack shortens end at a whole character when a character takes 4 bytes (emoji, rare CJK): a target
 * source of 200 "😀" (800 bytes) in the chart's footnote, and the latest figure of a rebuilt value whose mark
 * " (tính lại)" no longer fits the row's 128 bytes (a unit of 111 letters: "5,00 <unit> (2024)" is 123 bytes,
 * so snprintf cuts the mark after " (t" and 1 byte of "í", C3 AD).  A separate store: a district XQ1 whose figures
 * rebuild its province XQ's (rule sum). */
static void test_cut_whole_characters(void **state)
{
    (void)state;
    void *cut = NULL;
    assert_int_equal(fx_setup(&cut, "test-cut", NULL, 0), 0);
    fx *c = cut;
    char unit[112], emoji[801], text[1200], path[200];
    memset(unit, 'u', 111);
    unit[111] = 0;
    for (int i = 0; i < 200; i++) memcpy(emoji + 4 * i, "\xF0\x9F\x98\x80", 4);
    emoji[800] = 0;
    snprintf(text, sizeof text, "code,name,unit,direction,aggregate\nU4,Units,%s,up,sum\n", unit);
    assert_int_equal(fx_store_load(c, (const char *[]){fx_put(c, "plans.csv", "plan,name\nPC,Plan C\n"),
                                                       fx_put(c, "areas.csv", "code,name,level,parent\nXQ,Province Q,"
                                                                              "province,\nXQ1,District Q1,district,XQ\n"),
                                                       fx_put(c, "ind.csv", text)},
                                   3),
                     0);
    snprintf(text, sizeof text, "plan,indicator,area,shape,year,low,source\nPC,U4,XQ,at_least,2026,9,%s\n", emoji);
    assert_int_equal(fx_store_load(c, (const char *[]){fx_put(c, "targets.csv", text),
                                                       fx_put(c, "obs.csv", "indicator,area,year,value\nU4,XQ1,2022,4\n"
                                                                            "U4,XQ1,2023,4.5\nU4,XQ1,2024,5\n")},
                                   2),
                     0);
    chitieu_store *cs = c->st;
    chitieu_assessment *as = NULL;
    size_t n = 0;
    assert_int_equal(chitieu_assess_run(&as, &n, cs, NULL, NULL, NULL), 0);
    assert_int_equal(n, 1);
    chitieu_report_row *rows = NULL;
    assert_int_equal(chitieu_report_rows(&rows, cs, as, n, NULL), 0);
    size_t ll = strlen(rows[0].last);
    assert_true(ll >= 123 && ll < sizeof rows[0].last - 1);
    assert_true(utf8_whole(rows[0].last, ll));
    assert_int_equal(strncmp(rows[0].last, "5,00 uuu", 8), 0);
    assert_string_equal(rows[0].last + 5 + 111, " (2024) (t"); /* the mark cut before "í", not inside it */
    chitieu_report_rows_free(rows, n);

    chitieu_report_opts ro;
    chitieu_report_opts_init(&ro);
    ro.render = 0;
    chitieu_report_counts cnt;
    snprintf(path, sizeof path, "%s/pack", c->dir);
    assert_int_equal(chitieu_report_write(&cnt, cs, as, n, path, &ro), 0);
    assert_int_equal(cnt.charts, 1);
    snprintf(path, sizeof path, "%s/pack/charts/U4_XQ.gp", c->dir);
    char *gp = slurp(path);
    assert_non_null(gp);
    assert_true(utf8_whole(gp, strlen(gp)));
    /* the footnote: the source cut at the chart's 190 characters, at a whole "😀", with "…" */
    const char *note = strstr(gp, "set label 2 'Nguồn: mục tiêu: \xF0\x9F\x98\x80");
    assert_non_null(note);
    assert_non_null(strstr(note, "\xF0\x9F\x98\x80…'"));
    free(gp);
    chitieu_assessments_free(as, n);
    assert_int_equal(fx_teardown(&cut), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pack),
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_chart_one_indicator),
        cmocka_unit_test(test_pack_interrupted_anywhere),
        cmocka_unit_test(test_cut_whole_characters),
    };
    return cmocka_run_group_tests(tests, setup, fx_teardown);
}
