/*
 * cli_chart.c — the `chart` command (gnuplot charts of one indicator, one per
 * area) and the `report` command (the review pack: index.html, scorecard.csv
 * and .json, charts).  The work is in engine/report.c and engine/chart.c.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli.h"
#include "chitieu/error.h"
#include "chitieu/num.h"
#include "chitieu/report.h"

/* Options shared by chart and report; returns -1 on a usage error (reported), 1 for --help shown, 0 ok. */
typedef struct {
    const char *plan, *area, *out;
    int year;
    chitieu_report_opts ro;
} chart_args;

static int parse_args(chart_args *a, int argc, char **argv, const char *cmd, const char *usage)
{
    static const struct option lo[] = {
        {"plan", required_argument, 0, 'p'}, {"area", required_argument, 0, 'a'},
        {"year", required_argument, 0, 'y'}, {"out", required_argument, 0, 'o'},
        {"format", required_argument, 0, 'f'}, {"no-render", no_argument, 0, 'n'},
        {"title", required_argument, 0, 't'}, {"lang", required_argument, 0, 'l'},
        {"since", required_argument, 0, 's'}, {"deadline", required_argument, 0, 'd'},
        {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
        switch (c) {
        case 'p': a->plan = optarg; break;
        case 'a': a->area = optarg; break;
        case 'o': a->out = optarg; break;
        case 't': a->ro.title = optarg; break;
        case 'n': a->ro.render = 0; break;
        case 'y':
            if (chitieu_num_parse_year(&a->year, optarg)) return cli_usage(cmd, "--year: %s", chitieu_error_last()), -1;
            a->ro.cutoff_year = a->year;
            break;
        case 's':
            if (chitieu_num_parse_year(&a->ro.since, optarg)) return cli_usage(cmd, "--since: %s", chitieu_error_last()), -1;
            break;
        case 'f':
            if (chitieu_chart_format_parse(&a->ro.format, optarg))
                return cli_usage(cmd, "bad --format '%s' (png, svg, pdf, gp)", optarg), -1;
            break;
        case 'l':
            if (chitieu_words_lang_parse(&a->ro.lang, optarg))
                return cli_usage(cmd, "bad --lang '%s' (vi, en)", optarg), -1;
            break;
        case 'd':
            if (!chitieu_num_is_deadline(optarg))
                return cli_usage(cmd, "bad --deadline '%s' (MM-DD every year, or YYYY-MM-DD)", optarg), -1;
            a->ro.deadline = optarg;
            break;
        case 'h': fputs(usage, stdout); return 1;
        case ':': return cli_usage(cmd, "option '%s' needs a value", argv[optind - 1]), -1;
        default: return cli_usage(cmd, "unknown option '%s'", argv[optind - 1]), -1;
        }
    }
    return 0;
}

/* Assess the targets the options select (plan, area, --year cut-off). Returns CLI_OK or CLI_FAIL (reported). */
static int assess_for(chitieu_assessment **as, size_t *n, chitieu_store *st, const chart_args *a, const char *cmd)
{
    if (cli_check_code(st, CHITIEU_CODE_PLAN, a->plan) || cli_check_code(st, CHITIEU_CODE_AREA, a->area))
        return CLI_FAIL;
    chitieu_assess_opts ao;
    chitieu_assess_opts_init(&ao);
    ao.cutoff_year = a->year;
    return chitieu_assess_run(as, n, st, a->plan, a->area, &ao) ? cli_fail_lib(cmd) : CLI_OK;
}

/* Keep only the assessments of `indicator` (in place); returns the new count. */
static size_t keep_indicator(chitieu_assessment *as, size_t n, const char *indicator)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(as[i].target.indicator, indicator) == 0) {
            if (m != i) {
                chitieu_assessment tmp = as[m];
                as[m] = as[i];
                as[i] = tmp;
            }
            m++;
        }
    }
    return m;
}

int cli_cmd_chart(int argc, char **argv, const cli_env *env)
{
    chart_args a;
    memset(&a, 0, sizeof a);
    chitieu_report_opts_init(&a.ro);
    a.ro.format = CHITIEU_CHART_PNG; /* one chart to paste into a document */
    a.out = "charts";
    int r = parse_args(&a, argc, argv, "chart",
        "usage: chitieu [--db FILE] chart IND [--area A] [--plan P] [--year Y] [--out DIR]\n"
        "                             [--format png|svg|pdf|gp] [--lang vi|en] [--since YEAR] [--no-render]\n\n"
        "One chart per area of indicator IND (all areas with a target, or --area A): observed values\n"
        "(official and provisional marked differently), trend and projection with 80%/95% bands, the\n"
        "targets in words, status and probability, what average targets need in the years left, the\n"
        "series an `exceeds` target is compared with.  History from the targets' base years (at most\n"
        "15 years back; --since YEAR for more).  Writes DIR/IND_AREA.gp (a self-contained gnuplot\n"
        "script) and renders it (default png; --format gp or --no-render: scripts only).  Default DIR:\n"
        "charts.  An unknown indicator, --plan or --area is an error naming the closest codes.\n");
    if (r) return r > 0 ? CLI_OK : CLI_USAGE;
    const char *ind;
    if ((r = cli_one_indicator(argc, argv, optind, "chart", &ind))) return r;
    chitieu_store *st;
    int rc = cli_open_store(&st, env);
    if (rc) return rc;
    if (cli_check_code(st, CHITIEU_CODE_INDICATOR, ind)) { chitieu_store_close(st); return CLI_FAIL; }
    chitieu_assessment *as = NULL;
    size_t n = 0;
    chitieu_report_counts cnt;
    if (!(rc = assess_for(&as, &n, st, &a, "chart"))) {
        size_t m = keep_indicator(as, n, ind);
        if (m == 0 && !a.area)
            rc = cli_usage("chart", "indicator %s has no target%s%s: give --area A to chart its series", ind,
                           a.plan ? " in plan " : "", a.plan ? a.plan : "");
        else if (chitieu_report_charts(&cnt, st, as, m, ind, a.area, a.out, &a.ro))
            rc = cli_fail_lib("chart");
        else
            fprintf(stderr, "chitieu: chart: %zu chart%s in %s (%zu rendered)\n", cnt.charts,
                    cnt.charts == 1 ? "" : "s", a.out, cnt.rendered);
    }
    chitieu_assessments_free(as, n);
    chitieu_store_close(st);
    return rc;
}

/* Write the scorecard table (cli_scorecard_table: the caveats in lang, from the catalogue ind) to DIR/name in a
 * format. */
static int write_scorecard(const chitieu_assessment *as, size_t n, chitieu_indicator *ind, size_t nind,
                           chitieu_lang lang, const char *dir, const char *name, cli_format fmt)
{
    size_t len = strlen(dir) + strlen(name) + 2;
    char *path = malloc(len);
    if (!path) return cli_fail("report", "out of memory");
    snprintf(path, len, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    cli_table *t = cli_scorecard_table(as, n, ind, nind, lang);
    int rc = CLI_OK;
    if (!f || !t) rc = cli_fail("report", "%s: cannot write", path);
    else if (cli_table_write(t, f, fmt)) rc = cli_fail("report", "%s: write failed", path);
    if (f && fclose(f) != 0 && !rc) rc = cli_fail("report", "%s: write failed", path);
    cli_table_free(t);
    free(path);
    return rc;
}

int cli_cmd_report(int argc, char **argv, const cli_env *env)
{
    chart_args a;
    memset(&a, 0, sizeof a);
    chitieu_report_opts_init(&a.ro);
    int r = parse_args(&a, argc, argv, "report",
        "usage: chitieu [--db FILE] report --out DIR [--plan P] [--area A] [--year Y]\n"
        "                              [--format svg|png|pdf|gp] [--lang vi|en] [--since YEAR]\n"
        "                              [--deadline MM-DD|YYYY-MM-DD] [--title TEXT] [--no-render]\n\n"
        "The review-meeting pack: DIR/index.html (plan, document, dates and sources; per plan an\n"
        "overview and the scorecard by goal, every target in words with its latest figure, result or\n"
        "forecast with the 80% band, pace needed and trend, status; the figures owed by lead agency\n"
        "with the years missing and the deadline; the charts; prints on A4 portrait), DIR/scorecard.csv\n"
        "and .json (the fields of `assess`: codes, full precision; then note, the indicator's caveat in\n"
        "the pack's language), DIR/charts/ (gnuplot scripts and images, SVG by default).  --lang en:\n"
        "the same pack in English.  --deadline: the reporting deadline to print for plans that give\n"
        "none.  --title: the page's title (default: the plan's name for one plan).  --since YEAR:\n"
        "charts from YEAR (default: the targets' base years, at most 15 years back).  --no-render:\n"
        "chart scripts only.  $SOURCE_DATE_EPOCH sets the date printed.\n"
        "An unknown --plan or --area is an error naming the closest codes.\n");
    if (r) return r > 0 ? CLI_OK : CLI_USAGE;
    if (optind < argc) return cli_usage("report", "unexpected argument '%s'", argv[optind]);
    if (!a.out) return cli_usage("report", "--out DIR is required");
    chitieu_store *st;
    int rc = cli_open_store(&st, env);
    if (rc) return rc;
    chitieu_assessment *as = NULL;
    size_t n = 0;
    chitieu_report_counts cnt;
    char day[16];
    const char *sde = getenv("SOURCE_DATE_EPOCH"); /* reproducible packs: the date they carry */
    if (sde && *sde) {
        time_t t = (time_t)strtoll(sde, NULL, 10);
        struct tm tmv;
        if (gmtime_r(&t, &tmv) && strftime(day, sizeof day, "%Y-%m-%d", &tmv)) a.ro.generated = day;
    }
    chitieu_indicator *ind = NULL;
    size_t nind = 0;
    rc = assess_for(&as, &n, st, &a, "report");
    if (!rc && (chitieu_report_write(&cnt, st, as, n, a.out, &a.ro) || chitieu_store_indicators(&ind, &nind, st)))
        rc = cli_fail_lib("report");
    if (!rc)
        rc = write_scorecard(as, n, ind, nind, a.ro.lang, a.out, "scorecard.csv", CLI_FMT_CSV);
    if (!rc)
        rc = write_scorecard(as, n, ind, nind, a.ro.lang, a.out, "scorecard.json", CLI_FMT_JSON);
    if (!rc)
        fprintf(stderr, "chitieu: report: %s/index.html: %zu target%s, %zu chart%s (%zu image%s rendered)\n", a.out,
                cnt.targets, cnt.targets == 1 ? "" : "s", cnt.charts, cnt.charts == 1 ? "" : "s", cnt.rendered,
                cnt.rendered == 1 ? "" : "s");
    chitieu_store_indicators_free(ind, nind);
    chitieu_assessments_free(as, n);
    chitieu_store_close(st);
    return rc;
}
