/*
 * cli_assess.c — the `assess` command (attainment of every target: one row
 * per target) and the `project` command (projection path of one indicator).
 * Formats through cli_table_*; field names are documented in docs/ASSESSMENT.md.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "chitieu/error.h"
#include "chitieu/num.h"
#include "chitieu/areas.h"
#include "chitieu/assess.h"
#include "chitieu/report.h"
#include "chitieu/series.h"
#include "chitieu/trend.h"

/* Parse a probability in [0,1]. Returns 0 or -1. */
static int parse_prob(double *out, const char *s)
{
    char *end;
    double v = strtod(s, &end);
    if (*s == 0 || *end || !(v >= 0 && v <= 1)) return -1;
    *out = v;
    return 0;
}

/* The indicator `code` among the n indicators at ind (sorted by code), or NULL. */
static const chitieu_indicator *find_indicator(const chitieu_indicator *ind, size_t n, const char *code)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(ind[mid].code, code);
        if (c == 0)
            return &ind[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static int cmp_code(const void *a, const void *b)
{
    return strcmp(((const chitieu_indicator *)a)->code, ((const chitieu_indicator *)b)->code);
}

/* One row of the assessment table (with the indicator's name and unit when `ind` is given). */
static void assess_row(cli_table *t, const chitieu_assessment *a, const chitieu_indicator *ind, size_t nind)
{
    cli_table_str(t, a->target.plan);
    cli_table_str(t, a->target.indicator);
    if (ind) {
        const chitieu_indicator *x = find_indicator(ind, nind, a->target.indicator);
        cli_table_str(t, x ? x->name : NULL);
        cli_table_str(t, x ? x->unit : NULL);
    }
    cli_table_str(t, a->target.area);
    cli_table_str(t, chitieu_shape_name(a->target.shape));
    cli_table_int(t, a->target.year);
    if (a->target.from) cli_table_int(t, a->target.from); else cli_table_null(t);
    cli_table_num(t, a->target.low, -1);
    cli_table_num(t, a->target.high, -1);
    if (a->last_year) cli_table_int(t, a->last_year); else cli_table_null(t);
    cli_table_num(t, a->last_value, -1);
    cli_table_num(t, a->projected, 4);
    cli_table_num(t, a->lo80, 4);
    cli_table_num(t, a->hi80, 4);
    cli_table_num(t, a->lo95, 4);
    cli_table_num(t, a->hi95, 4);
    cli_table_num(t, a->probability, 4);
    cli_table_str(t, a->projection ? chitieu_method_name(a->method) : NULL);
    cli_table_num(t, a->required_pace, 4);
    cli_table_num(t, a->observed_pace, 4);
    cli_table_str(t, chitieu_status_name(a->status));
    if (a->pace_years) cli_table_int(t, a->pace_years); else cli_table_null(t);
    if (a->base_missing) cli_table_int(t, a->base_missing); else cli_table_null(t);
}

/* The assessment table; with the catalogue (`ind`, n sorted by code in place) the indicator's name and
 * unit follow its code, for people reading a spreadsheet.  NULL when out of memory. */
/* The fields of `assess` in CSV and JSON (docs/ASSESSMENT.md); the scorecard adds "note" after them. */
static const char *const assess_cols[] = {"plan", "indicator", "area", "shape", "year", "from", "low", "high",
    "last_year", "last_value", "projected", "lo80", "hi80", "lo95", "hi95", "probability", "method",
    "required_pace", "observed_pace", "status", "pace_years", "base_missing", "note"};
#define ASSESS_NCOLS 22

static cli_table *assess_table(const chitieu_assessment *as, size_t n, chitieu_indicator *ind, size_t nind)
{
    static const char *const named[] = {"plan", "indicator", "name", "unit", "area", "shape", "year", "from", "low",
        "high", "last_year", "last_value", "projected", "lo80", "hi80", "lo95", "hi95", "probability", "method",
        "required_pace", "observed_pace", "status", "pace_years", "base_missing"};
    if (ind)
        qsort(ind, nind, sizeof *ind, cmp_code);
    cli_table *t = ind ? cli_table_new(24, named) : cli_table_new(ASSESS_NCOLS, assess_cols);
    for (size_t i = 0; t && i < n; i++) assess_row(t, &as[i], ind, nind);
    return t;
}

cli_table *cli_assess_table(const chitieu_assessment *as, size_t n) { return assess_table(as, n, NULL, 0); }

cli_table *cli_scorecard_table(const chitieu_assessment *as, size_t n, chitieu_indicator *ind, size_t nind,
                               chitieu_lang lang)
{
    if (nind) qsort(ind, nind, sizeof *ind, cmp_code);
    cli_table *t = cli_table_new(ASSESS_NCOLS + 1, assess_cols);
    for (size_t i = 0; t && i < n; i++) {
        assess_row(t, &as[i], NULL, 0);
        cli_table_text(t, chitieu_words_note(find_indicator(ind, nind, as[i].target.indicator), lang));
    }
    return t;
}

/* CSV or JSON written as the assessments come (chitieu_assess_each), 256 rows at a time:
 * memory does not grow with the number of targets. */
typedef struct {
    cli_table *t;
    FILE *f;
    cli_format fmt;
    size_t done, pending;
    const char *only; /* --indicator: that indicator's targets alone (NULL: all) */
} stream_out;

static int stream_row(void *ctx, chitieu_assessment *a)
{
    stream_out *so = ctx;
    if (so->only && strcmp(a->target.indicator, so->only)) return CHITIEU_OK;
    assess_row(so->t, a, NULL, 0);
    if (++so->pending < 256) return CHITIEU_OK;
    so->pending = 0;
    return cli_table_flush(so->t, so->f, so->fmt, &so->done) ? CHITIEU_EIO : CHITIEU_OK;
}

/* `assess` in CSV or JSON, streamed to where `out` says.  Returns the exit code. */
static int assess_stream(chitieu_store *st, const char *plan, const char *area, const char *only,
                         const chitieu_assess_opts *o, const cli_output *out)
{
    stream_out so = {cli_assess_table(NULL, 0), NULL, out->fmt, 0, 0, only};
    if (!so.t) return cli_fail("assess", "out of memory");
    if (!(so.f = cli_output_open(out, "assess"))) { cli_table_free(so.t); return CLI_FAIL; }
    int rc = chitieu_assess_each(st, plan, area, o, stream_row, &so);
    if (rc) rc = rc == CHITIEU_EIO ? CLI_FAIL : cli_fail_lib("assess");
    else rc = cli_table_finish(so.t, so.f, so.fmt, so.done);
    int crc = cli_output_close(so.f, out, "assess");
    cli_table_free(so.t);
    return rc ? rc : crc;
}

/* The pack's rows in words (chitieu_report_rows) of the n assessments as, in lang, data up to cutoff; the failure
 * reported. */
static int rows_in_words(chitieu_report_row **rows, chitieu_store *st, const chitieu_assessment *as, size_t n,
                         chitieu_lang lang, int cutoff)
{
    chitieu_report_opts ro;
    chitieu_report_opts_init(&ro);
    ro.lang = lang;
    ro.cutoff_year = cutoff;
    return chitieu_report_rows(rows, st, as, n, &ro) ? cli_fail_lib("assess") : 0;
}

/* The assessment in words for a terminal (chitieu_report_rows); NULL when out of memory (reported). */
static cli_table *words_table(chitieu_store *st, const chitieu_assessment *as, size_t n, chitieu_lang lang,
                              int cutoff)
{
    static const chitieu_word head[] = {CHITIEU_W_COL_INDICATOR, CHITIEU_W_COL_AREA, CHITIEU_W_COL_TARGET,
        CHITIEU_W_COL_NOW, CHITIEU_W_COL_OUTCOME, CHITIEU_W_COL_PROBABILITY, CHITIEU_W_COL_STATUS};
    static const char *cols[2][7];
    for (int k = 0; k < 7; k++) cols[lang == CHITIEU_LANG_EN][k] = chitieu_words_text(head[k], lang);
    chitieu_report_row *rows = NULL;
    if (rows_in_words(&rows, st, as, n, lang, cutoff)) return NULL;
    cli_table *t = cli_table_new(7, cols[lang == CHITIEU_LANG_EN]);
    for (size_t i = 0; t && i < n; i++) {
        char name[256];
        chitieu_words_cut(name, sizeof name, rows[i].name, 48);
        cli_table_str(t, name);
        cli_table_str(t, rows[i].area);
        cli_table_str(t, rows[i].target);
        cli_table_str(t, *rows[i].last ? rows[i].last : NULL);
        /* no result or forecast though there are figures: why not, as the pack's status cell says ("chưa có số
         * liệu năm 2018"); without any figure the status alone says it */
        cli_table_str(t, *rows[i].outcome ? rows[i].outcome : *rows[i].last && *rows[i].why ? rows[i].why : NULL);
        cli_table_str(t, *rows[i].probability ? rows[i].probability : NULL);
        cli_table_str(t, rows[i].status);
    }
    if (!t) cli_fail("assess", "out of memory");
    chitieu_report_rows_free(rows, n);
    return t;
}

/* Move the assessments of indicator `only` to the front of as (all of them when only is NULL); returns their count. */
static size_t keep_indicator(chitieu_assessment *as, size_t n, const char *only)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!only || !strcmp(as[i].target.indicator, only)) {
            chitieu_assessment tmp = as[m];
            as[m++] = as[i];
            as[i] = tmp;
        }
    return m;
}

/* One target in detail (assess --indicator, table format): a block of lines per target, labelled with the
 * scorecard's column names, with the band, the quantity so far and the pace the table has no room for. */
static int detail_blocks(chitieu_store *st, const chitieu_assessment *as, size_t n, chitieu_lang lang, int cutoff,
                         const cli_output *out)
{
    chitieu_report_row *rows = NULL;
    int rc = rows_in_words(&rows, st, as, n, lang, cutoff);
    if (rc) return rc;
    FILE *f = cli_output_open(out, "assess");
    if (!f) { chitieu_report_rows_free(rows, n); return CLI_FAIL; }
#define LABEL(w) chitieu_words_text(CHITIEU_W_COL_##w, lang)
    for (size_t i = 0; i < n; i++) {
        const chitieu_report_row *r = &rows[i];
        fprintf(f, "%s%s — %s (%s)\n", i ? "\n" : "", r->name, r->area, as[i].target.plan);
        fprintf(f, "  %s: %s\n", LABEL(TARGET), r->target);
        if (*r->last) fprintf(f, "  %s: %s%s%s\n", LABEL(NOW), r->last, *r->so_far ? "; " : "", r->so_far);
        if (*r->outcome) fprintf(f, "  %s: %s%s%s\n", LABEL(OUTCOME), r->outcome, *r->band ? "; " : "", r->band);
        else if (*r->why) fprintf(f, "  %s: %s\n", LABEL(OUTCOME), r->why);
        if (*r->pace) fprintf(f, "  %s: %s\n", LABEL(PACE), r->pace);
        if (*r->probability) fprintf(f, "  %s: %s\n", LABEL(PROBABILITY), r->probability);
        fprintf(f, "  %s: %s\n", LABEL(STATUS), r->status);
    }
#undef LABEL
    chitieu_report_rows_free(rows, n);
    return cli_output_close(f, out, "assess");
}

int cli_cmd_assess(int argc, char **argv, const cli_env *env)
{
    static const struct option lo[] = {
        {"plan", required_argument, 0, 'p'}, {"area", required_argument, 0, 'a'},
        {"year", required_argument, 0, 'y'}, {"format", required_argument, 0, 'f'},
        {"on-track", required_argument, 0, 'o'}, {"at-risk", required_argument, 0, 'r'},
        {"out", required_argument, 0, 'O'}, {"bom", no_argument, 0, 'B'},
        {"lang", required_argument, 0, 'l'}, {"indicator", required_argument, 0, 'i'},
        {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    const char *plan = NULL, *area = NULL, *only = NULL;
    cli_output out = {.fmt = CLI_FMT_TABLE};
    chitieu_lang lang = CHITIEU_LANG_VI;
    chitieu_assess_opts o;
    chitieu_assess_opts_init(&o);
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
        switch (c) {
        case 'p': plan = optarg; break;
        case 'a': area = optarg; break;
        case 'i': only = optarg; break;
        case 'y': if (chitieu_num_parse_year(&o.cutoff_year, optarg)) return cli_usage("assess", "--year: %s", chitieu_error_last()); break;
        case 'f': if (cli_parse_output_format(&out, optarg)) return cli_usage("assess", "--format must be %s", cli_output_formats(&out)); break;
        case 'O': out.out = optarg; break;
        case 'B': out.bom = 1; break;
        case 'o': if (parse_prob(&o.on_track, optarg)) return cli_usage("assess", "--on-track: '%s' is not a probability from 0 to 1", optarg); break;
        case 'r': if (parse_prob(&o.at_risk, optarg)) return cli_usage("assess", "--at-risk: '%s' is not a probability from 0 to 1", optarg); break;
        case 'l': if (chitieu_words_lang_parse(&lang, optarg)) return cli_usage("assess", "bad --lang '%s' (vi, en)", optarg); break;
        case 'h':
            printf("usage: chitieu [--db FILE] assess [--plan P] [--area A] [--indicator IND] [--year Y] [--on-track P]\n"
                   "                              [--at-risk P] [--lang vi|en] [--format table|csv|json|xlsx] [--out FILE]\n"
                   "                              [--bom]\n\n"
                   "Attainment of every target, in the order of the plan files: achieved/missed once the\n"
                   "target period is observed, else on_track (probability >= 0.75), at_risk (>= 0.40),\n"
                   "off_track, or no_data.  --year Y assesses as if only data up to Y existed.  The table is\n"
                   "in words (--lang, default vi); csv, json and xlsx keep codes and full precision (fields in\n"
                   "docs/ASSESSMENT.md; xlsx, a workbook that needs --out, adds the indicator's name and unit).\n"
                   "--out FILE writes there instead of standard output; --bom starts CSV with a byte-order mark\n"
                   "for Excel on Windows.  --indicator IND: its targets alone, in the table each in detail (the\n"
                   "target, the latest figure and the quantity so far, the forecast with its 80%% band, the pace\n"
                   "needed and the trend, probability, status).  An unknown --plan, --area or --indicator is an\n"
                   "error naming the closest codes.\n");
            return CLI_OK;
        case ':': return cli_usage("assess", "option '%s' needs a value", argv[optind - 1]);
        default: return cli_usage("assess", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc) return cli_usage("assess", "unexpected argument '%s'", argv[optind]);
    if (o.at_risk > o.on_track) return cli_usage("assess", "--at-risk must not exceed --on-track");
    if (cli_output_check(&out, "assess")) return CLI_USAGE;
    chitieu_store *st;
    int rc = cli_open_store(&st, env);
    if (rc) return rc;
    chitieu_assessment *as = NULL;
    size_t n = 0;
    chitieu_indicator *ind = NULL;
    size_t nind = 0;
    size_t m = 0; /* the assessments shown: with --indicator, those of IND, moved to the front of as */
    if (cli_check_code(st, CHITIEU_CODE_PLAN, plan) || cli_check_code(st, CHITIEU_CODE_AREA, area) ||
        cli_check_code(st, CHITIEU_CODE_INDICATOR, only)) {
        rc = CLI_FAIL;
    } else if (out.fmt == CLI_FMT_CSV || out.fmt == CLI_FMT_JSON) {
        rc = assess_stream(st, plan, area, only, &o, &out);
    } else if (chitieu_assess_run(&as, &n, st, plan, area, &o) ||
               (out.fmt == CLI_FMT_XLSX && chitieu_store_indicators(&ind, &nind, st))) {
        rc = cli_fail_lib("assess");
    } else if ((m = keep_indicator(as, n, only)) == 0 && only) {
        rc = cli_fail("assess", "%s has no target%s%s%s%s", only, plan ? " in plan " : "", plan ? plan : "",
                      area ? " in area " : "", area ? area : "");
    } else if (out.fmt == CLI_FMT_TABLE && only) {
        rc = detail_blocks(st, as, m, lang, o.cutoff_year, &out);
    } else if (out.fmt == CLI_FMT_TABLE) {
        cli_table *t = words_table(st, as, m, lang, o.cutoff_year);
        rc = t ? cli_table_emit(t, &out, "assess", "assess") : CLI_FAIL;
        cli_table_free(t);
    } else {
        cli_table *t = assess_table(as, m, ind, nind);
        rc = t ? cli_table_emit(t, &out, "assess", "assess") : cli_fail("assess", "out of memory");
        cli_table_free(t);
    }
    chitieu_store_indicators_free(ind, nind);
    chitieu_assessments_free(as, n);
    chitieu_store_close(st);
    return rc;
}

int cli_cmd_project(int argc, char **argv, const cli_env *env)
{
    static const struct option lo[] = {
        {"area", required_argument, 0, 'a'}, {"to", required_argument, 0, 't'},
        {"year", required_argument, 0, 'y'}, {"format", required_argument, 0, 'f'},
        {"out", required_argument, 0, 'O'}, {"bom", no_argument, 0, 'B'},
        {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    const char *area = NULL;
    int to = 0, cutoff = 0, c;
    cli_output out = {.fmt = CLI_FMT_TABLE};
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
        switch (c) {
        case 'a': area = optarg; break;
        case 't': if (chitieu_num_parse_year(&to, optarg)) return cli_usage("project", "--to: %s", chitieu_error_last()); break;
        case 'y': if (chitieu_num_parse_year(&cutoff, optarg)) return cli_usage("project", "--year: %s", chitieu_error_last()); break;
        case 'f': if (cli_parse_output_format(&out, optarg)) return cli_usage("project", "--format must be %s", cli_output_formats(&out)); break;
        case 'O': out.out = optarg; break;
        case 'B': out.bom = 1; break;
        case 'h':
            printf("usage: chitieu [--db FILE] project IND --area A --to YEAR [--year Y]\n"
                   "                               [--format table|csv|json|xlsx] [--out FILE] [--bom]\n\n"
                   "Observed rows (status A/P/E, or D for a value rebuilt across a merger or from children) then\n"
                   "projected rows (status 'projected') with 80%% and 95%% bands, up to YEAR, from data up to Y.\n");
            return CLI_OK;
        case ':': return cli_usage("project", "option '%s' needs a value", argv[optind - 1]);
        default: return cli_usage("project", "unknown option '%s'", argv[optind - 1]);
        }
    }
    const char *ind_code;
    if (cli_one_indicator(argc, argv, optind, "project", &ind_code)) return CLI_USAGE;
    if (!area) return cli_usage("project", "--area is required");
    if (!to) return cli_usage("project", "--to is required");
    if (cli_output_check(&out, "project")) return CLI_USAGE;
    chitieu_store *st;
    int rc = cli_open_store(&st, env);
    if (rc) return rc;
    chitieu_indicator ind;
    chitieu_series *s = NULL;
    chitieu_projection *p = NULL;
    if (cli_check_code(st, CHITIEU_CODE_INDICATOR, ind_code) || cli_check_code(st, CHITIEU_CODE_AREA, area)) {
        chitieu_store_close(st);
        return CLI_FAIL;
    }
    if (chitieu_store_indicator_get(&ind, st, ind_code)) { chitieu_store_close(st); return cli_fail_lib("project"); }
    if (chitieu_areas_series(&s, st, ind_code, area, cutoff)) {
        rc = cli_fail_lib("project");
    } else {
        chitieu_trend_opts to_opts;
        chitieu_trend_opts_init(&to_opts);
        chitieu_assess_trend_bounds(&to_opts.lower, &to_opts.upper, &ind, NULL);
        if (chitieu_trend_project(&p, s->years, s->values, s->n, to, &to_opts)) rc = cli_fail_lib("project");
    }
    if (!rc) {
        static const char *const cols[] = {"year", "status", "point", "lo80", "hi80", "lo95", "hi95"};
        cli_table *t = cli_table_new(7, cols);
        for (size_t i = 0; t && i < s->n; i++) {
            char stat[2] = {s->status[i], 0};
            cli_table_int(t, s->years[i]); cli_table_str(t, stat); cli_table_num(t, s->values[i], -1);
            for (int k = 0; k < 4; k++) cli_table_null(t);
        }
        for (size_t k = 0; t && k < p->h; k++) {
            cli_table_int(t, p->first_year + (long)k); cli_table_str(t, "projected");
            cli_table_num(t, p->point[k], 4);
            cli_table_num(t, p->lo80[k], 4); cli_table_num(t, p->hi80[k], 4);
            cli_table_num(t, p->lo95[k], 4); cli_table_num(t, p->hi95[k], 4);
        }
        rc = t ? cli_table_emit(t, &out, "project", ind_code) : cli_fail("project", "out of memory");
        cli_table_free(t);
    }
    chitieu_projection_free(p);
    chitieu_series_free(s);
    chitieu_store_indicator_clear(&ind);
    chitieu_store_close(st);
    return rc;
}
