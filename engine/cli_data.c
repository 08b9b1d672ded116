/*
 * cli_data.c — the statistician's subcommands: init, load, indicators,
 * series, history, missing and export.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chitieu/areas.h"
#include "chitieu/error.h"
#include "chitieu/load.h"
#include "chitieu/num.h"
#include "chitieu/series.h"
#include "chitieu/store.h"
#include "cli.h"

/* Options every data-printing command shares. */
enum { OPT_FORMAT = 'f', OPT_AREA = 'a', OPT_YEAR = 'y', OPT_HELP = 'h' };

/* Parse the common options; *help set on --help. Returns CLI_OK or CLI_USAGE. */
static int common_opts(int argc, char **argv, const char *cmd, cli_format *fmt, const char **area, int *year,
                       int *help, int *extra, const struct option *more, int (*on_more)(int, const char *, void *),
                       void *ctx)
{
    struct option opts[16] = {
        {"format", required_argument, NULL, OPT_FORMAT},
        {"area", required_argument, NULL, OPT_AREA},
        {"year", required_argument, NULL, OPT_YEAR},
        {"help", no_argument, NULL, OPT_HELP},
    };
    size_t n = 4;
    for (; more && more[n - 4].name && n < 15; n++)
        opts[n] = more[n - 4];
    memset(&opts[n], 0, sizeof opts[n]);
    optind = 1;
    opterr = 0;
    int c;
    *help = 0;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        switch (c) {
        case OPT_FORMAT:
            if (!fmt || cli_parse_format(fmt, optarg))
                return cli_usage(cmd, "--format must be table, csv or json");
            break;
        case OPT_AREA:
            if (!area)
                return cli_usage(cmd, "--area is not an option of this command");
            *area = optarg;
            break;
        case OPT_YEAR:
            if (!year || chitieu_num_parse_year(year, optarg))
                return cli_usage(cmd, "--year: %s", year ? chitieu_error_last() : "not an option of this command");
            break;
        case OPT_HELP: *help = 1; return CLI_OK;
        case ':': return cli_usage(cmd, "option '%s' needs a value", argv[optind - 1]);
        case '?': return cli_usage(cmd, "unknown option '%s'", argv[optind - 1]);
        default:
            if (!on_more || on_more(c, optarg, ctx))
                return cli_usage(cmd, "bad option '%s'", argv[optind - 1]);
        }
    }
    *extra = optind;
    return CLI_OK;
}

int cli_cmd_init(int argc, char **argv, const cli_env *env)
{
    int help, extra;
    int rc = common_opts(argc, argv, "init", NULL, NULL, NULL, &help, &extra, NULL, NULL, NULL);
    if (rc)
        return rc;
    if (help) {
        printf("usage: chitieu [--db FILE] init\n\nCreate the store (or bring an older one to the current schema).\n");
        return CLI_OK;
    }
    if (extra < argc)
        return cli_usage("init", "unexpected argument '%s'", argv[extra]);
    chitieu_store *st;
    if ((rc = cli_create_store(&st, env)))
        return rc;
    chitieu_store_counts n;
    if (chitieu_store_count(&n, st)) {
        chitieu_store_close(st);
        return cli_fail_lib("init");
    }
    printf("%s: %ld indicators, %ld areas, %ld plans, %ld targets, %ld observations (%ld revisions), %ld batches\n",
           env->db_path, n.indicators, n.areas, n.plans, n.targets, n.observations, n.revisions, n.batches);
    chitieu_store_close(st);
    return CLI_OK;
}

typedef struct {
    int dry_run;
    const char *agency;
} load_ctx;

static int load_more(int c, const char *arg, void *ctx)
{
    load_ctx *l = ctx;
    if (c == 'n')
        l->dry_run = 1;
    else if (c == 'g')
        l->agency = arg;
    else
        return -1;
    return 0;
}

int cli_cmd_load(int argc, char **argv, const cli_env *env)
{
    static const struct option more[] = {
        {"dry-run", no_argument, NULL, 'n'}, {"agency", required_argument, NULL, 'g'}, {NULL, 0, NULL, 0}};
    load_ctx lc = {0, NULL};
    int help, extra;
    int rc = common_opts(argc, argv, "load", NULL, NULL, NULL, &help, &extra, more, load_more, &lc);
    if (rc)
        return rc;
    if (help) {
        printf("usage: chitieu [--db FILE] load [--dry-run] [--agency NAME] FILE...\n\n"
               "Load CSV files in one transaction: if any row of any file is bad, nothing is stored and\n"
               "every error is listed as FILE:LINE: COLUMN: MESSAGE. FILE '-' reads standard input\n"
               "(named <stdin> in messages and in the load batch); pipes work too. A file's kind is\n"
               "recognised from its header (see README 'Input formats'). A changed figure becomes a new\n"
               "revision; nothing is overwritten. Suspicious year-on-year jumps are warnings.\n\n"
               "  --dry-run      validate only; store nothing\n"
               "  --agency NAME  record the sending agency on each batch\n");
        return CLI_OK;
    }
    if (extra >= argc)
        return cli_usage("load", "no input file");
    chitieu_store *st;
    if ((rc = cli_create_store(&st, env)))
        return rc;
    chitieu_load_opts o;
    chitieu_load_opts_init(&o);
    o.dry_run = lc.dry_run;
    o.agency = lc.agency;
    chitieu_load_report *r = NULL;
    int lrc = chitieu_load_files(&r, st, (const char *const *)argv + extra, (size_t)(argc - extra), &o);
    char saved[1024];
    snprintf(saved, sizeof saved, "%s", chitieu_error_last());
    chitieu_store_close(st);
    if (!r)
        return cli_fail("load", "%s", saved);
    for (size_t i = 0; i < r->nmsg; i++) {
        const chitieu_load_msg *m = &r->msgs[i];
        fprintf(stderr, "chitieu: load: %s:", m->file);
        if (m->line)
            fprintf(stderr, "%lu:", m->line);
        fprintf(stderr, " %s", m->level == CHITIEU_MSG_WARNING ? "warning: " : "");
        if (m->column)
            fprintf(stderr, "%s: ", m->column);
        fprintf(stderr, "%s\n", m->message);
    }
    size_t shown = r->nmsg, total = r->errors + r->warnings;
    if (total > shown)
        fprintf(stderr, "chitieu: load: ... and %zu more messages\n", total - shown);
    if (lrc) {
        fprintf(stderr, "chitieu: load: %zu error%s, %zu warning%s in %zu file%s; nothing was stored\n", r->errors,
                r->errors == 1 ? "" : "s", r->warnings, r->warnings == 1 ? "" : "s", r->files,
                r->files == 1 ? "" : "s");
        chitieu_load_report_free(r);
        return CLI_FAIL;
    }
    char succ[48] = ""; /* only when a successions file was loaded */
    if (r->successions)
        snprintf(succ, sizeof succ, ", %zu successions", r->successions);
    printf("%s %zu file%s, %zu rows: %zu new figures, %zu revised, %zu unchanged; %zu indicators, %zu areas, "
           "%zu plans, %zu targets%s; %zu warning%s\n",
           r->committed ? "loaded" : "checked (dry run, nothing stored)", r->files, r->files == 1 ? "" : "s",
           r->rows, r->inserted, r->revised, r->unchanged, r->indicators, r->areas, r->plans, r->targets,
           succ, r->warnings, r->warnings == 1 ? "" : "s");
    chitieu_load_report_free(r);
    return CLI_OK;
}

int cli_cmd_indicators(int argc, char **argv, const cli_env *env)
{
    cli_format fmt = CLI_FMT_TABLE;
    int help, extra;
    int rc = common_opts(argc, argv, "indicators", &fmt, NULL, NULL, &help, &extra, NULL, NULL, NULL);
    if (rc)
        return rc;
    if (help) {
        printf("usage: chitieu [--db FILE] indicators [--format table|csv|json]\n\n"
               "List the indicators: code, name, unit, direction, bounds, goal, lead agency, English name and\n"
               "aggregation rule (how the values of several areas combine; README 'Areas over time').\n");
        return CLI_OK;
    }
    if (extra < argc)
        return cli_usage("indicators", "unexpected argument '%s'", argv[extra]);
    chitieu_store *st;
    if ((rc = cli_open_store(&st, env)))
        return rc;
    chitieu_indicator *ind;
    size_t n;
    if (chitieu_store_indicators(&ind, &n, st)) {
        chitieu_store_close(st);
        return cli_fail_lib("indicators");
    }
    static const char *const cols[] = {"code", "name",   "unit",    "direction", "min",
                                       "max",  "goal",   "agency",  "name_en",   "aggregate"};
    cli_table *t = cli_table_new(10, cols);
    for (size_t i = 0; t && i < n; i++) {
        cli_table_str(t, ind[i].code);
        cli_table_str(t, ind[i].name);
        cli_table_str(t, ind[i].unit);
        cli_table_str(t, ind[i].direction == CHITIEU_DIR_UP ? "up" : "down");
        cli_table_num(t, ind[i].min, -1);
        cli_table_num(t, ind[i].max, -1);
        cli_table_str(t, ind[i].goal);
        cli_table_str(t, ind[i].agency);
        cli_table_str(t, ind[i].name_en);
        cli_table_str(t, ind[i].aggregate);
    }
    rc = t ? cli_table_write(t, stdout, fmt) : cli_fail("indicators", "out of memory");
    cli_table_free(t);
    chitieu_store_indicators_free(ind, n);
    chitieu_store_close(st);
    return rc;
}

/* The first positional argument (an indicator code) or a usage error. */
static int one_indicator(int argc, char **argv, int extra, const char *cmd, const char **ind)
{
    if (extra >= argc)
        return cli_usage(cmd, "which indicator? (chitieu indicators lists them)");
    if (extra + 1 < argc)
        return cli_usage(cmd, "unexpected argument '%s'", argv[extra + 1]);
    *ind = argv[extra];
    return CLI_OK;
}

/* Check that the indicator and area exist, so a typo is an error and not an empty answer. */
static int check_names(chitieu_store *st, const char *indicator, const char *area)
{
    if (cli_check_code(st, CHITIEU_CODE_INDICATOR, indicator) || cli_check_code(st, CHITIEU_CODE_AREA, area))
        return CLI_FAIL;
    return CLI_OK;
}

int cli_cmd_series(int argc, char **argv, const cli_env *env)
{
    cli_format fmt = CLI_FMT_TABLE;
    const char *area = NULL, *indicator;
    int year = 0, help, extra;
    int rc = common_opts(argc, argv, "series", &fmt, &area, &year, &help, &extra, NULL, NULL, NULL);
    if (rc)
        return rc;
    if (help) {
        printf("usage: chitieu [--db FILE] series IND --area A [--year Y] [--format table|csv|json]\n\n"
               "Current yearly values (latest revision) of indicator IND in area A, up to year Y.  Where no\n"
               "figure is stored, values rebuilt from the areas that merged into A, from A's children, or\n"
               "derived by the indicator's ratio/growth rule, with status D and their provenance (README\n"
               "'Areas over time'); a year that cannot be rebuilt for want of some figures is named on stderr.\n");
        return CLI_OK;
    }
    if ((rc = one_indicator(argc, argv, extra, "series", &indicator)))
        return rc;
    if (!area)
        return cli_usage("series", "--area is required");
    chitieu_store *st;
    if ((rc = cli_open_store(&st, env)))
        return rc;
    chitieu_series *s = NULL;
    chitieu_areas *ar = NULL;
    chitieu_areas_gap *gaps = NULL;
    size_t ngaps = 0;
    if ((rc = check_names(st, indicator, area)) == CLI_OK &&
        (chitieu_areas_open(&ar, st, year) || chitieu_areas_get(&s, &gaps, &ngaps, ar, indicator, area)))
        rc = cli_fail_lib("series");
    if (!rc) {
        static const char *const cols[] = {"indicator", "area", "year", "value", "status", "provenance"};
        cli_table *t = cli_table_new(6, cols);
        for (size_t i = 0; t && i < s->n; i++) {
            char stat[2] = {s->status[i], 0};
            cli_table_str(t, indicator);
            cli_table_str(t, area);
            cli_table_int(t, s->years[i]);
            cli_table_num(t, s->values[i], -1);
            cli_table_str(t, stat);
            cli_table_str(t, s->provenance ? s->provenance[i] : NULL);
        }
        rc = t ? cli_table_write(t, stdout, fmt) : cli_fail("series", "out of memory");
        cli_table_free(t);
        for (size_t i = 0; !rc && i < ngaps; i++) /* coverage: why a year has no rebuilt value */
            fprintf(stderr, "chitieu: series: %s, %s, %d: no value: %s\n", indicator, area, gaps[i].year,
                    gaps[i].reason);
    }
    chitieu_areas_gaps_free(gaps, ngaps);
    chitieu_areas_close(ar);
    chitieu_series_free(s);
    chitieu_store_close(st);
    return rc;
}

int cli_cmd_history(int argc, char **argv, const cli_env *env)
{
    cli_format fmt = CLI_FMT_TABLE;
    const char *area = NULL, *indicator;
    int year = 0, help, extra;
    int rc = common_opts(argc, argv, "history", &fmt, &area, &year, &help, &extra, NULL, NULL, NULL);
    if (rc)
        return rc;
    if (help) {
        printf("usage: chitieu [--db FILE] history IND --area A [--year Y] [--format table|csv|json]\n\n"
               "Every revision of IND's figures in area A (one year with --year): value, status, and the\n"
               "load batch that brought it (file, SHA-256, time, agency, line). The current value is the\n"
               "highest revision.\n");
        return CLI_OK;
    }
    if ((rc = one_indicator(argc, argv, extra, "history", &indicator)))
        return rc;
    if (!area)
        return cli_usage("history", "--area is required");
    chitieu_store *st;
    if ((rc = cli_open_store(&st, env)))
        return rc;
    chitieu_revision *v = NULL;
    size_t n = 0;
    if ((rc = check_names(st, indicator, area)) == CLI_OK &&
        chitieu_store_history(&v, &n, st, indicator, area, year))
        rc = cli_fail_lib("history");
    if (!rc) {
        static const char *const cols[] = {"year", "revision", "value", "status", "source", "note",
                                           "batch", "file", "line", "sha256", "loaded_at", "agency"};
        cli_table *t = cli_table_new(12, cols);
        for (size_t i = 0; t && i < n; i++) {
            char stat[2] = {v[i].status, 0};
            cli_table_int(t, v[i].year);
            cli_table_int(t, v[i].revision);
            cli_table_num(t, v[i].value, -1);
            cli_table_str(t, stat);
            cli_table_str(t, v[i].source);
            cli_table_str(t, v[i].note);
            cli_table_int(t, v[i].batch);
            cli_table_str(t, v[i].file);
            cli_table_int(t, (long)v[i].line);
            char short_sha[13]; /* the first 12 hex digits are enough on a terminal */
            snprintf(short_sha, sizeof short_sha, "%s", v[i].sha256);
            cli_table_str(t, fmt == CLI_FMT_TABLE ? short_sha : v[i].sha256);
            cli_table_str(t, v[i].loaded_at);
            cli_table_str(t, v[i].agency);
        }
        rc = t ? cli_table_write(t, stdout, fmt) : cli_fail("history", "out of memory");
        cli_table_free(t);
    }
    chitieu_store_revisions_free(v, n);
    chitieu_store_close(st);
    return rc;
}

int cli_cmd_missing(int argc, char **argv, const cli_env *env)
{
    cli_format fmt = CLI_FMT_TABLE;
    int year = 0, help, extra;
    int rc = common_opts(argc, argv, "missing", &fmt, NULL, &year, &help, &extra, NULL, NULL, NULL);
    if (rc)
        return rc;
    if (help) {
        printf("usage: chitieu [--db FILE] missing --year Y [--format table|csv|json]\n\n"
               "The deadline check: every indicator/area that should report for year Y (a target names it,\n"
               "or it has figures for earlier years) and has no figure for Y, grouped by lead agency.\n"
               "Exit status 0 even when figures are missing; the list is the answer.\n");
        return CLI_OK;
    }
    if (!year)
        return cli_usage("missing", "--year is required");
    if (extra < argc)
        return cli_usage("missing", "unexpected argument '%s'", argv[extra]);
    chitieu_store *st;
    if ((rc = cli_open_store(&st, env)))
        return rc;
    chitieu_missing *m;
    size_t n;
    if (chitieu_store_missing(&m, &n, st, year)) {
        chitieu_store_close(st);
        return cli_fail_lib("missing");
    }
    static const char *const cols[] = {"agency", "indicator", "area", "last_year", "name"};
    cli_table *t = cli_table_new(5, cols);
    for (size_t i = 0; t && i < n; i++) {
        cli_table_str(t, m[i].agency ? m[i].agency : (fmt == CLI_FMT_TABLE ? "(no agency)" : NULL));
        cli_table_str(t, m[i].indicator);
        cli_table_str(t, m[i].area);
        if (m[i].last_year)
            cli_table_int(t, m[i].last_year);
        else
            cli_table_null(t);
        cli_table_str(t, m[i].name);
    }
    rc = t ? cli_table_write(t, stdout, fmt) : cli_fail("missing", "out of memory");
    cli_table_free(t);
    if (!rc && fmt == CLI_FMT_TABLE)
        fprintf(stderr, "chitieu: missing: %zu indicator/area pair%s without a figure for %d\n", n,
                n == 1 ? "" : "s", year);
    chitieu_store_missing_free(m, n);
    chitieu_store_close(st);
    return rc;
}

/* One observation as a CSV row, written as it is read (memory stays flat). */
static int export_row(void *ctx, const char *indicator, const char *area, int year, double value, char status,
                      const char *source, const char *note)
{
    FILE *f = ctx;
    char buf[32];
    cli_csv_field(f, indicator);
    fputc(',', f);
    cli_csv_field(f, area);
    fprintf(f, ",%d,%s,%c,", year, cli_fmt_double(buf, value), status);
    cli_csv_field(f, source);
    fputc(',', f);
    cli_csv_field(f, note);
    fputc('\n', f);
    return ferror(f) ? CHITIEU_EIO : 0;
}

static int export_more(int c, const char *arg, void *ctx)
{
    (void)arg;
    if (c != 'd')
        return -1;
    *(int *)ctx = 1;
    return 0;
}

int cli_cmd_export(int argc, char **argv, const cli_env *env)
{
    static const struct option more[] = {{"derived", no_argument, NULL, 'd'}, {NULL, 0, NULL, 0}};
    int help, extra, derived = 0;
    int rc = common_opts(argc, argv, "export", NULL, NULL, NULL, &help, &extra, more, export_more, &derived);
    if (rc)
        return rc;
    if (help) {
        printf("usage: chitieu [--db FILE] export [--derived] > observations.csv\n\n"
               "All current observations (latest revision) as observation CSV\n"
               "(indicator,area,year,value,status,source,note), exact values: loading the output into a\n"
               "store with the same catalogue gives the same current figures.\n"
               "  --derived  then every value chitieu rebuilds or derives where none is stored (merged areas,\n"
               "             sums of lower areas, ratio and growth rules): status D, the provenance as note.\n"
               "             Such rows are not loaded back (status D is refused): a figure is stored only\n"
               "             when an agency publishes it.\n");
        return CLI_OK;
    }
    if (extra < argc)
        return cli_usage("export", "unexpected argument '%s'", argv[extra]);
    chitieu_store *st;
    if ((rc = cli_open_store(&st, env)))
        return rc;
    fputs("indicator,area,year,value,status,source,note\n", stdout);
    int lrc = chitieu_store_foreach_current(st, export_row, stdout);
    chitieu_areas *ar = NULL;
    if (!lrc && derived && !(lrc = chitieu_areas_open(&ar, st, 0)))
        lrc = chitieu_areas_foreach_derived(ar, export_row, stdout);
    chitieu_areas_close(ar);
    chitieu_store_close(st);
    if (lrc == CHITIEU_EIO)
        return cli_fail("export", "cannot write output");
    return lrc ? cli_fail_lib("export") : CLI_OK;
}
