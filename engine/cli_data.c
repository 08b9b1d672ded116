/*
 * cli_data.c — the statistician's subcommands: init, load, indicators,
 * series, history, missing, batches and revert (export: cli_export.c).
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chitieu/areas.h"
#include "chitieu/batch.h"
#include "chitieu/error.h"
#include "chitieu/load.h"
#include "chitieu/num.h"
#include "chitieu/series.h"
#include "chitieu/store.h"
#include "chitieu/template.h"
#include "cli.h"

/* Options every data-printing command shares. */
enum { OPT_FORMAT = 'f', OPT_AREA = 'a', OPT_YEAR = 'y', OPT_HELP = 'h', OPT_OUT = 'o', OPT_BOM = 'B' };

/* Parse the common options (--format, --out and --bom only when `out` is given, --area only with `area`,
 * --year only with `year`) and `more` (through on_more); *help set on --help.
 * Returns CLI_OK or CLI_USAGE. */
static int common_opts(int argc, char **argv, const char *cmd, cli_output *out, const char **area, int *year,
                       int *help, int *extra, const struct option *more, int (*on_more)(int, const char *, void *),
                       void *ctx)
{
    /* Only the options this command takes, so that another one is "unknown" (not "needs a value"). */
    struct option opts[32] = {{"help", no_argument, NULL, OPT_HELP}};
    size_t n = 1;
    if (out) {
        opts[n++] = (struct option){"format", required_argument, NULL, OPT_FORMAT};
        opts[n++] = (struct option){"out", required_argument, NULL, OPT_OUT};
        opts[n++] = (struct option){"bom", no_argument, NULL, OPT_BOM};
    }
    if (area)
        opts[n++] = (struct option){"area", required_argument, NULL, OPT_AREA};
    if (year)
        opts[n++] = (struct option){"year", required_argument, NULL, OPT_YEAR};
    for (size_t k = 0; more && more[k].name && n < 31; k++)
        opts[n++] = more[k];
    memset(&opts[n], 0, sizeof opts[n]);
    optind = 1;
    opterr = 0;
    int c;
    *help = 0;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        switch (c) {
        case OPT_FORMAT:
            if (cli_parse_output_format(out, optarg))
                return cli_usage(cmd, "--format must be %s", cli_output_formats(out));
            break;
        case OPT_OUT: out->out = optarg; break;
        case OPT_BOM: out->bom = 1; break;
        case OPT_AREA: *area = optarg; break;
        case OPT_YEAR:
            if (chitieu_num_parse_year(year, optarg))
                return cli_usage(cmd, "--year: %s", chitieu_error_last());
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
    return out ? cli_output_check(out, cmd) : CLI_OK;
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

/* The options of load: the library's, and how the messages are told. */
typedef struct {
    int quiet;
    const char *warnings;
    const char *span; /* --span-year as given */
    chitieu_load_opts o;
} load_ctx;

static int load_more(int c, const char *arg, void *ctx)
{
    load_ctx *l = ctx;
    chitieu_load_opts *o = &l->o;
    switch (c) {
    case 'n': o->dry_run = 1; break;
    case 'g': o->agency = arg; break;
    case 'q': l->quiet = 1; break;
    case 'w': l->warnings = arg; break;
    case 'E': o->encoding = arg; break;
    case 'S': o->sheet = arg; break;
    case 'A': o->all_sheets = 1; break;
    case 'I': o->indicator = arg; break;
    case 'T': o->status = arg; break;
    case 'O': o->source = arg; break;
    case 'M': o->map = arg; break;
    case 'C': o->recode = arg; break;
    case 'W': o->where = arg; break;
    case 'X': o->missing = arg; break;
    case 'Y': l->span = arg; break;
    default: return -1;
    }
    return 0;
}

int cli_cmd_load(int argc, char **argv, const cli_env *env)
{
    static const struct option more[] = {
        {"dry-run", no_argument, NULL, 'n'},       {"agency", required_argument, NULL, 'g'},
        {"quiet", no_argument, NULL, 'q'},         {"warnings", required_argument, NULL, 'w'},
        {"encoding", required_argument, NULL, 'E'}, {"sheet", required_argument, NULL, 'S'},
        {"all-sheets", no_argument, NULL, 'A'},    {"indicator", required_argument, NULL, 'I'},
        {"status", required_argument, NULL, 'T'},  {"source", required_argument, NULL, 'O'},
        {"map", required_argument, NULL, 'M'},     {"recode", required_argument, NULL, 'C'},
        {"where", required_argument, NULL, 'W'},   {"missing", required_argument, NULL, 'X'},
        {"span-year", required_argument, NULL, 'Y'}, {NULL, 0, NULL, 0}};
    load_ctx lc = {0, NULL, NULL, {0}};
    chitieu_load_opts_init(&lc.o);
    int help, extra;
    /* --area (a common option) is here the area of an observations file without that column */
    int rc = common_opts(argc, argv, "load", NULL, &lc.o.area, NULL, &help, &extra, more, load_more, &lc);
    if (rc)
        return rc;
    if (help) {
        printf("usage: chitieu [--db FILE] load [OPTIONS] FILE...\n\n"
               "Load CSV, tab-separated or .xlsx files in one transaction: if any row of any file is bad,\n"
               "nothing is stored and every error is listed as FILE:LINE: COLUMN: MESSAGE (a workbook:\n"
               "FILE:Sheet!C12: COLUMN: MESSAGE). FILE '-' reads standard input (named <stdin> in messages\n"
               "and in the load batch); pipes work too. A file's kind is recognised from its header, the\n"
               "first row naming a kind's columns (title rows above it are skipped); a header whose columns\n"
               "are years (2016, Năm 2016, 2017 (ước)) is a wide table. World Bank bulk CSV, SDMX-CSV and\n"
               "Open SDG files are read as they are (see README 'Input formats'). A changed figure becomes a\n"
               "new revision; nothing is overwritten: 'revised' counts new values or statuses, 're-sourced'\n"
               "the same value again with only a new source or note (kept in the history as provenance).\n"
               "Missing-figure markers are counted, not stored.\n"
               "Suspicious year-on-year jumps are warnings; beyond ten, they are summarised per indicator.\n\n"
               "  --dry-run           validate only; store nothing\n"
               "  --agency NAME       record the sending agency on each batch\n"
               "  --quiet             no warnings on the terminal (errors still)\n"
               "  --warnings FILE     every error and warning as CSV (file,line,column,level,indicator,message,\n"
               "                      place: a workbook's cell, row or sheet)\n"
               "  --encoding ENC      text files in another encoding (cp1258, windows-1252, utf-16le...; tcvn3: typed in\n"
               "                      a TCVN3 font such as .VnTime)\n"
               "  --sheet NAME        the workbook sheet to load (default: the first not hidden)\n"
               "  --all-sheets        every sheet, each as a file of its own kind\n"
               "  --indicator CODE    observations: the indicator of a file without that column; in a file\n"
               "                      with it, load only the rows of CODE\n"
               "  --area CODE         the same for the area\n"
               "  --status S          the status of a file without one, or of its empty cells (A, P, E)\n"
               "  --source TEXT       the source of a file without one, or of its empty cells\n"
               "  --map 'H=col,...'   read header H as column col ('Mã số=indicator,Tỉnh=area')\n"
               "  --recode 'C=D,...'  indicator and area code C of the file is D in the catalogue\n"
               "  --where 'H=v,...'   only rows whose column H is v (a disaggregation, one series)\n"
               "  --missing LIST      markers of a missing figure, comma-separated (default: %s;\n"
               "                      an empty cell always)\n"
               "  --span-year start|end  a year written as a span of two years, a school year (2022-2023,\n"
               "                      2022–2023, Năm học 2022-2023, NH 2022-2023) or a financial year\n"
               "                      (2015/16, 2015-16, FY 2015/16), in a year column or a wide table's\n"
               "                      headings, counts as its first (start) or last (end) year; the batch\n"
               "                      notes the rule. Without it such a year is an error; a longer span\n"
               "                      (2021-2025, a period) always is\n",
               CHITIEU_LOAD_MISSING_DEFAULT);
        return CLI_OK;
    }
    if (extra >= argc)
        return cli_usage("load", "no input file");
    if (lc.span && strcmp(lc.span, "start") != 0 && strcmp(lc.span, "end") != 0)
        return cli_usage("load", "--span-year: '%s' is neither start nor end (2022-2023 as 2022, or as 2023)",
                         lc.span);
    if (lc.span)
        lc.o.span_year = strcmp(lc.span, "start") == 0 ? CHITIEU_SPAN_START : CHITIEU_SPAN_END;
    if (chitieu_load_opts_check(&lc.o))
        return cli_usage("load", "%s", chitieu_error_last());
    for (int k = extra; k < argc; k++) {
        struct stat sb;
        if (stat(argv[k], &sb) == 0 && S_ISDIR(sb.st_mode))
            return cli_usage("load", "%s: a folder, not a file: name its files (%s%s*.xlsx, %s%s*.csv)", argv[k],
                             argv[k], argv[k][strlen(argv[k]) - 1] == '/' ? "" : "/", argv[k],
                             argv[k][strlen(argv[k]) - 1] == '/' ? "" : "/");
    }
    cli_messages *msgs = cli_messages_new(lc.warnings);
    if (!msgs)
        return CLI_FAIL;
    chitieu_store *st;
    if ((rc = cli_create_store(&st, env))) {
        cli_messages_free(msgs);
        return rc;
    }
    chitieu_load_opts *o = &lc.o;
    o->on_message = cli_messages_add;
    o->on_message_ctx = msgs;
    chitieu_load_report *r = NULL;
    int lrc = chitieu_load_files(&r, st, (const char *const *)argv + extra, (size_t)(argc - extra), o);
    char saved[1024];
    snprintf(saved, sizeof saved, "%s", chitieu_error_last());
    chitieu_store_close(st);
    if (!r) {
        cli_messages_free(msgs);
        return cli_fail("load", "%s", saved);
    }
    int mrc = cli_messages_print(msgs, r, lc.quiet);
    cli_messages_free(msgs);
    if (lrc) {
        fprintf(stderr, "chitieu: load: %zu error%s, %zu warning%s in %zu file%s; nothing was stored\n", r->errors,
                r->errors == 1 ? "" : "s", r->warnings, r->warnings == 1 ? "" : "s", r->files,
                r->files == 1 ? "" : "s");
        chitieu_load_report_free(r);
        return CLI_FAIL;
    }
    char counts[480] = "", succ[48] = ""; /* only when there are some; each of the six parts under 80 bytes */
    size_t k = 0;
    if (r->resourced) /* not "revised": a reader takes that for changed values */
        k += (size_t)snprintf(counts + k, sizeof counts - k, ", %zu re-sourced (same value, new source or note)",
                              r->resourced);
    if (r->absent)
        k += (size_t)snprintf(counts + k, sizeof counts - k, ", %zu missing (marked or empty)", r->absent);
    if (r->status_in_value)
        k += (size_t)snprintf(counts + k, sizeof counts - k, ", %zu with the status written beside the figure",
                              r->status_in_value);
    if (r->span_years)
        k += (size_t)snprintf(counts + k, sizeof counts - k, ", %zu dated by a school or financial year",
                              r->span_years);
    if (r->year_words)
        k += (size_t)snprintf(counts + k, sizeof counts - k, ", %zu passed over (a year shown with a plan's or "
                              "other words, no status)", r->year_words);
    if (r->skipped)
        snprintf(counts + k, sizeof counts - k, ", %zu rows left out (disaggregated or not selected)", r->skipped);
#define PL(n) (n), ((n) == 1 ? "" : "s") /* "1 row", "2 rows" */
    if (r->successions)
        snprintf(succ, sizeof succ, ", %zu succession%s", PL(r->successions));
    printf("%s %zu file%s, %zu row%s: %zu new figure%s, %zu revised, %zu unchanged%s; %zu indicator%s, %zu area%s, "
           "%zu plan%s, %zu target%s%s; %zu warning%s\n",
           r->committed ? "loaded" : "checked (dry run, nothing stored)", PL(r->files), PL(r->rows), PL(r->inserted),
           r->revised, r->unchanged, counts, PL(r->indicators), PL(r->areas), PL(r->plans), PL(r->targets), succ,
           PL(r->warnings));
#undef PL
    /* every batch stored: one a file, or a sheet of a workbook read with --all-sheets */
    if (r->committed && r->first_batch > 0 && r->last_batch == r->first_batch)
        printf("batch %ld (chitieu revert %ld undoes this load)\n", r->first_batch, r->first_batch);
    else if (r->committed && r->first_batch > 0 && r->last_batch > r->first_batch)
        printf("batches %ld-%ld (chitieu revert %ld-%ld undoes this load)\n", r->first_batch, r->last_batch,
               r->first_batch, r->last_batch);
    chitieu_load_report_free(r);
    return mrc;
}

int cli_cmd_indicators(int argc, char **argv, const cli_env *env)
{
    cli_output out = {.fmt = CLI_FMT_TABLE};
    int help, extra;
    int rc = common_opts(argc, argv, "indicators", &out, NULL, NULL, &help, &extra, NULL, NULL, NULL);
    if (rc)
        return rc;
    if (help) {
        printf("usage: chitieu [--db FILE] indicators [--format table|csv|json|xlsx] [--out FILE] [--bom]\n\n"
               "List the indicators: code, name, unit, direction, bounds, goal, lead agency, English name,\n"
               "aggregation rule (how the values of several areas combine; README 'Areas over time') and the\n"
               "caveat for readers, in Vietnamese and English (note, note_en; the table cuts them, csv, json\n"
               "and xlsx keep them whole).\n");
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
    static const char *const cols[] = {"code", "name",   "unit",    "direction", "min",     "max",
                                       "goal", "agency", "name_en", "aggregate", "note",    "note_en"};
    cli_table *t = cli_table_new(12, cols);
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
        cli_table_text(t, ind[i].note);
        cli_table_text(t, ind[i].note_en);
    }
    rc = t ? cli_table_emit(t, &out, "indicators", "indicators") : cli_fail("indicators", "out of memory");
    cli_table_free(t);
    chitieu_store_indicators_free(ind, n);
    chitieu_store_close(st);
    return rc;
}

/* Check that the indicator and area exist, so a typo is an error and not an empty answer. */
static int check_names(chitieu_store *st, const char *indicator, const char *area)
{
    if (cli_check_code(st, CHITIEU_CODE_INDICATOR, indicator) || cli_check_code(st, CHITIEU_CODE_AREA, area))
        return CLI_FAIL;
    return CLI_OK;
}

/* Say on stderr that the answer of cmd for indicator in area (up to, or in, year) is empty: "no figure for X in VN
 * ('chitieu compare X' lists the areas with figures)"; what is "figure" or "revision". */
static void empty_answer(const char *cmd, const char *what, const char *indicator, const char *area, int year)
{
    if (year)
        fprintf(stderr, "chitieu: %s: no %s for %s in %s %s %d\n", cmd, what, indicator, area,
                strcmp(cmd, "history") ? "up to" : "in", year);
    else
        fprintf(stderr, "chitieu: %s: no %s for %s in %s ('chitieu compare %s' lists the areas with figures)\n", cmd,
                what, indicator, area, indicator);
}

int cli_cmd_series(int argc, char **argv, const cli_env *env)
{
    cli_output out = {.fmt = CLI_FMT_TABLE};
    const char *area = NULL, *indicator;
    int year = 0, help, extra;
    int rc = common_opts(argc, argv, "series", &out, &area, &year, &help, &extra, NULL, NULL, NULL);
    if (rc)
        return rc;
    if (help) {
        printf("usage: chitieu [--db FILE] series IND --area A [--year Y] [--format table|csv|json|xlsx] [--out FILE] [--bom]\n\n"
               "Current yearly values (latest revision) of indicator IND in area A, up to year Y.  Where no\n"
               "figure is stored, values rebuilt from the areas that merged into A, from A's children, or\n"
               "derived by the indicator's ratio/growth rule, with status D and their provenance (README\n"
               "'Areas over time'); a year that cannot be rebuilt for want of some figures is named on stderr.\n");
        printf(CLI_TEXT_HELP, CLI_TEXT_WIDTH);
        return CLI_OK;
    }
    if ((rc = cli_one_indicator(argc, argv, extra, "series", &indicator)))
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
            cli_table_text(t, s->provenance ? s->provenance[i] : NULL);
        }
        rc = t ? cli_table_emit(t, &out, "series", "series") : cli_fail("series", "out of memory");
        cli_table_free(t);
        for (size_t i = 0; !rc && i < ngaps; i++) /* coverage: why a year has no rebuilt value */
            fprintf(stderr, "chitieu: series: %s, %s, %d: no value: %s\n", indicator, area, gaps[i].year,
                    gaps[i].reason);
        if (!rc && !s->n && !ngaps) /* an empty table alone leaves the reader guessing */
            empty_answer("series", "figure", indicator, area, year);
    }
    chitieu_areas_gaps_free(gaps, ngaps);
    chitieu_areas_close(ar);
    chitieu_series_free(s);
    chitieu_store_close(st);
    return rc;
}

int cli_cmd_history(int argc, char **argv, const cli_env *env)
{
    cli_output out = {.fmt = CLI_FMT_TABLE};
    const char *area = NULL, *indicator;
    int year = 0, help, extra;
    int rc = common_opts(argc, argv, "history", &out, &area, &year, &help, &extra, NULL, NULL, NULL);
    if (rc)
        return rc;
    if (help) {
        printf("usage: chitieu [--db FILE] history IND --area A [--year Y] [--format table|csv|json|xlsx] [--out FILE] [--bom]\n\n"
               "Every revision of IND's figures in area A (one year with --year): value, status, and the\n"
               "load batch that brought it (file, SHA-256, time, agency, line). The current value is the\n"
               "highest revision; withdrawn 1 marks a revision by which a revert withdrew the figure (the\n"
               "year then has no value), restores N one by which a revert restored revision N; batch_note\n"
               "is the batch's note: a revert's reason, or the rule a load applied to its years (a school or\n"
               "financial year counted as one with --span-year).\n");
        printf(CLI_TEXT_HELP, CLI_TEXT_WIDTH);
        return CLI_OK;
    }
    if ((rc = cli_one_indicator(argc, argv, extra, "history", &indicator)))
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
                                           "batch", "file", "line", "sha256", "loaded_at", "agency",
                                           "withdrawn", "restores", "batch_note"};
        cli_table *t = cli_table_new(15, cols);
        for (size_t i = 0; t && i < n; i++) {
            char stat[2] = {v[i].status, 0};
            cli_table_int(t, v[i].year);
            cli_table_int(t, v[i].revision);
            cli_table_num(t, v[i].value, -1);
            cli_table_str(t, stat);
            cli_table_text(t, v[i].source);
            cli_table_text(t, v[i].note);
            cli_table_int(t, v[i].batch);
            cli_table_str(t, v[i].file);
            cli_table_int(t, (long)v[i].line);
            char short_sha[13]; /* the first 12 hex digits are enough on a terminal */
            snprintf(short_sha, sizeof short_sha, "%s", v[i].sha256);
            cli_table_str(t, out.fmt == CLI_FMT_TABLE ? short_sha : v[i].sha256);
            cli_table_str(t, v[i].loaded_at);
            cli_table_str(t, v[i].agency);
            cli_table_int(t, v[i].withdrawn);
            if (v[i].restores)
                cli_table_int(t, v[i].restores);
            else
                cli_table_null(t);
            cli_table_text(t, v[i].batch_note);
        }
        rc = t ? cli_table_emit(t, &out, "history", "history") : cli_fail("history", "out of memory");
        cli_table_free(t);
        if (!rc && !n)
            empty_answer("history", "revision", indicator, area, year);
    }
    chitieu_store_revisions_free(v, n);
    chitieu_store_close(st);
    return rc;
}

/* The options of missing besides the common ones. */
typedef struct {
    int forms;
    const char *agency, *plan;
    const char *lang; /* --lang as given, checked after the options */
} missing_ctx;

static int missing_more(int c, const char *arg, void *ctx)
{
    missing_ctx *x = ctx;
    switch (c) {
    case 'F': x->forms = 1; break;
    case 'g': x->agency = arg; break;
    case 'p': x->plan = arg; break;
    case 'L': x->lang = arg; break;
    default: return -1;
    }
    return 0;
}

/* Whether indicator/area is among the rows owed (the template's rows of an agency or plan). */
static int owed(const chitieu_template_row *rows, size_t n, const char *indicator, const char *area)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(rows[i].indicator, indicator) == 0 && strcmp(rows[i].area, area) == 0)
            return 1;
    return 0;
}

/* missing --forms: the state of every form handed out for the year. */
static int forms_table(chitieu_store *st, int year, const cli_output *out, chitieu_lang lang)
{
    chitieu_template_state *s;
    size_t n;
    if (chitieu_template_states(&s, &n, st, year))
        return cli_fail_lib("missing");
    static const char *const cols[] = {"agency", "owed", "received", "state", "written_at", "file", "plan"};
    cli_table *t = cli_table_new(7, cols);
    size_t empty = 0;
    for (size_t i = 0; t && i < n; i++) {
        cli_table_str(t, s[i].agency                 ? s[i].agency
                         : out->fmt == CLI_FMT_TABLE ? chitieu_words_text(CHITIEU_W_NONE_AGENCY, lang)
                                                     : NULL);
        cli_table_int(t, s[i].owed);
        cli_table_int(t, s[i].received);
        cli_table_str(t, s[i].received == 0 ? "empty" : s[i].received < s[i].owed ? "partial" : "complete");
        cli_table_str(t, s[i].written_at);
        cli_table_str(t, s[i].file);
        cli_table_str(t, s[i].plan);
        empty += s[i].received == 0;
    }
    int rc = t ? cli_table_emit(t, out, "missing", "forms") : cli_fail("missing", "out of memory");
    cli_table_free(t);
    if (!rc && out->fmt == CLI_FMT_TABLE)
        fprintf(stderr, "chitieu: missing: %zu of %zu form%s for %d still empty\n", empty, n, n == 1 ? "" : "s", year);
    chitieu_template_states_free(s, n);
    return rc;
}

int cli_cmd_missing(int argc, char **argv, const cli_env *env)
{
    static const struct option more[] = {{"forms", no_argument, NULL, 'F'},
                                         {"agency", required_argument, NULL, 'g'},
                                         {"plan", required_argument, NULL, 'p'},
                                         {"lang", required_argument, NULL, 'L'},
                                         {NULL, 0, NULL, 0}};
    cli_output out = {.fmt = CLI_FMT_TABLE};
    int year = 0, help, extra;
    missing_ctx x = {0};
    chitieu_lang lang = CHITIEU_LANG_VI;
    int rc = common_opts(argc, argv, "missing", &out, NULL, &year, &help, &extra, more, missing_more, &x);
    if (rc)
        return rc;
    if (help) {
        printf("usage: chitieu [--db FILE] missing --year Y [--agency A] [--plan P] [--forms]\n"
               "                                [--format table|csv|json|xlsx] [--out FILE] [--bom] [--lang vi|en]\n\n"
               "The deadline check: every indicator/area that should report for year Y (a target names it,\n"
               "or it has figures for earlier years) and has no figure for Y, grouped by lead agency.\n"
               "--agency A, --plan P: only those of agency A, or named by plan P's targets (the rows\n"
               "'chitieu template --agency A --plan P' puts on the forms).\n"
               "--forms: instead, every form handed out for Y ('chitieu template') by agency: rows owed,\n"
               "rows with a figure for Y, and whether the form is still empty, partial or complete.\n"
               "The table names the rows of no lead agency as the forms do, '(chưa giao cơ quan)' (--lang en:\n"
               "'(no agency)'); CSV, JSON and xlsx leave the agency empty.\n"
               "Exit status 0 even when figures are missing; the list is the answer.\n");
        return CLI_OK;
    }
    if (x.lang && chitieu_words_lang_parse(&lang, x.lang))
        return cli_usage("missing", "bad --lang '%s' (vi, en)", x.lang);
    if (!year)
        return cli_usage("missing", "--year is required");
    if (extra < argc)
        return cli_usage("missing", "unexpected argument '%s'", argv[extra]);
    if (x.forms && (x.agency || x.plan))
        return cli_usage("missing", "--forms lists every form; --agency and --plan go without it");
    chitieu_store *st;
    if ((rc = cli_open_store(&st, env)))
        return rc;
    if (x.forms) {
        rc = forms_table(st, year, &out, lang);
        chitieu_store_close(st);
        return rc;
    }
    chitieu_missing *m;
    size_t n;
    if (chitieu_store_missing(&m, &n, st, year)) {
        chitieu_store_close(st);
        return cli_fail_lib("missing");
    }
    chitieu_template_row *rows = NULL;
    size_t nrows = 0, shown = 0;
    if ((x.agency || x.plan) && ((rc = cli_check_code(st, CHITIEU_CODE_PLAN, x.plan)) ||
                                 chitieu_template_rows(&rows, &nrows, st, year, x.agency, x.plan))) {
        chitieu_store_missing_free(m, n);
        chitieu_store_close(st);
        return rc ? rc : cli_fail_lib("missing");
    }
    static const char *const cols[] = {"agency", "indicator", "area", "last_year", "name"};
    cli_table *t = cli_table_new(5, cols);
    for (size_t i = 0; t && i < n; i++) {
        if ((x.agency || x.plan) && !owed(rows, nrows, m[i].indicator, m[i].area))
            continue;
        shown++;
        cli_table_str(t, m[i].agency                ? m[i].agency
                         : out.fmt == CLI_FMT_TABLE ? chitieu_words_text(CHITIEU_W_NONE_AGENCY, lang)
                                                    : NULL);
        cli_table_str(t, m[i].indicator);
        cli_table_str(t, m[i].area);
        if (m[i].last_year)
            cli_table_int(t, m[i].last_year);
        else
            cli_table_null(t);
        cli_table_str(t, m[i].name);
    }
    rc = t ? cli_table_emit(t, &out, "missing", "missing") : cli_fail("missing", "out of memory");
    cli_table_free(t);
    if (!rc && (out.fmt == CLI_FMT_TABLE || out.out)) /* the count, unless it would interleave a data stream */
        fprintf(stderr, "chitieu: missing: %zu indicator/area pair%s without a figure for %d%s%s\n", shown,
                shown == 1 ? "" : "s", year, out.out ? ", written to " : "", out.out ? out.out : "");
    chitieu_template_rows_free(rows, nrows);
    chitieu_store_missing_free(m, n);
    chitieu_store_close(st);
    return rc;
}

int cli_cmd_batches(int argc, char **argv, const cli_env *env)
{
    cli_output out = {.fmt = CLI_FMT_TABLE};
    int help, extra;
    int rc = common_opts(argc, argv, "batches", &out, NULL, NULL, &help, &extra, NULL, NULL, NULL);
    if (rc)
        return rc;
    if (help) {
        printf("usage: chitieu [--db FILE] batches [--format table|csv|json|xlsx] [--out FILE] [--bom]\n\n"
               "Every load batch (one per file loaded), oldest first: id, UTC time, file, kind, agency,\n"
               "data rows, figures (revisions) it stored, the batch a revert undid, the revert in effect that\n"
               "undid it, and its note: the reason given for a revert, or the rule a load applied to its\n"
               "years (load --span-year). 'chitieu revert ID' undoes a batch.\n");
        printf(CLI_TEXT_HELP, CLI_TEXT_WIDTH);
        return CLI_OK;
    }
    if (extra < argc)
        return cli_usage("batches", "unexpected argument '%s'", argv[extra]);
    chitieu_store *st;
    if ((rc = cli_open_store(&st, env)))
        return rc;
    chitieu_batch *b;
    size_t n;
    if (chitieu_batch_list(&b, &n, st)) {
        chitieu_store_close(st);
        return cli_fail_lib("batches");
    }
    static const char *const cols[] = {"id", "loaded_at", "file", "kind", "agency", "rows", "figures",
                                       "reverts", "reverted_by", "note", "sha256"};
    cli_table *t = cli_table_new(11, cols);
    for (size_t i = 0; t && i < n; i++) {
        cli_table_int(t, b[i].id);
        cli_table_str(t, b[i].loaded_at);
        cli_table_str(t, b[i].file);
        cli_table_str(t, b[i].kind);
        cli_table_str(t, b[i].agency);
        cli_table_int(t, b[i].rows);
        cli_table_int(t, b[i].figures);
        if (b[i].reverts)
            cli_table_int(t, b[i].reverts);
        else
            cli_table_null(t);
        if (b[i].reverted_by)
            cli_table_int(t, b[i].reverted_by);
        else
            cli_table_null(t);
        cli_table_text(t, b[i].note);
        char short_sha[13];
        snprintf(short_sha, sizeof short_sha, "%s", b[i].sha256);
        cli_table_str(t, out.fmt == CLI_FMT_TABLE ? short_sha : b[i].sha256);
    }
    rc = t ? cli_table_emit(t, &out, "batches", "batches") : cli_fail("batches", "out of memory");
    cli_table_free(t);
    chitieu_batch_list_free(b, n);
    chitieu_store_close(st);
    return rc;
}

typedef struct {
    int dry_run;
    const char *agency, *reason;
} revert_ctx;

static int revert_more(int c, const char *arg, void *ctx)
{
    revert_ctx *r = ctx;
    if (c == 'n')
        r->dry_run = 1;
    else if (c == 'g')
        r->agency = arg;
    else if (c == 'r')
        r->reason = arg;
    else
        return -1;
    return 0;
}

/* Append ", N what" to buf when n is not 0 (the first part without the comma). */
static void part(char *buf, size_t cap, size_t n, const char *what)
{
    size_t len = strlen(buf);
    if (n && len < cap)
        snprintf(buf + len, cap - len, "%s%zu %s", len ? ", " : "", n, what);
}

int cli_cmd_revert(int argc, char **argv, const cli_env *env)
{
    static const struct option more[] = {{"dry-run", no_argument, NULL, 'n'},
                                         {"agency", required_argument, NULL, 'g'},
                                         {"reason", required_argument, NULL, 'r'},
                                         {NULL, 0, NULL, 0}};
    revert_ctx rc_ = {0, NULL, NULL};
    int help, extra;
    int rc = common_opts(argc, argv, "revert", NULL, NULL, NULL, &help, &extra, more, revert_more, &rc_);
    if (rc)
        return rc;
    if (help) {
        printf("usage: chitieu [--db FILE] revert [--dry-run] [--reason TEXT] [--agency NAME] BATCH...\n\n"
               "Undo load batches (ids from 'chitieu batches', or ranges such as 12-14 as 'load' prints them)\n"
               "with a new batch each, in one transaction, newest first (name every batch of a load to undo\n"
               "the load). Nothing is deleted:\n"
               "  - a figure the batch revised gets a new revision restoring the one before it;\n"
               "  - a figure the batch added gets a revision withdrawing it (the year has no value again);\n"
               "  - indicators, areas, plans and targets it changed are set back to their earlier version;\n"
               "    targets it created are withdrawn; indicators, areas and plans it created stay listed;\n"
               "  - what a later batch changed again is left as it is, and listed.\n"
               "'chitieu history' shows every revision. Reverting a revert applies the batch again.\n\n"
               "  --dry-run       say what would be done; store nothing\n"
               "  --reason TEXT   recorded with the revert batch\n"
               "  --agency NAME   recorded with the revert batch\n");
        return CLI_OK;
    }
    if (extra >= argc)
        return cli_usage("revert", "which batch? (chitieu batches lists them)");
    /* ids and ranges (12-14, as load prints them) */
    size_t n = 0, cap = 0;
    long *ids = NULL;
    for (int i = extra; i < argc; i++) {
        char *end, *end2;
        const char *a = argv[i];
        long lo = strtol(a, &end, 10), hi = lo;
        if (*end == '-' && end > a)
            hi = strtol(end + 1, &end2, 10), end = end2;
        if (!*a || *end || lo <= 0 || hi < lo || hi - lo >= 100000) {
            free(ids);
            return cli_usage("revert", "'%s' is not a batch id or range (12, 12-14; see chitieu batches)", a);
        }
        for (long id = lo; id <= hi; id++) {
            if (n == cap) {
                long *p = realloc(ids, (cap = cap ? 2 * cap : 16) * sizeof *ids);
                if (!p) {
                    free(ids);
                    return cli_fail("revert", "out of memory");
                }
                ids = p;
            }
            ids[n++] = id;
        }
    }
    chitieu_store *st;
    if ((rc = cli_open_store(&st, env))) {
        free(ids);
        return rc;
    }
    chitieu_revert_opts o;
    chitieu_revert_opts_init(&o);
    o.dry_run = rc_.dry_run;
    o.agency = rc_.agency;
    o.reason = rc_.reason;
    chitieu_revert_report *r = NULL;
    int lrc = chitieu_batch_revert(&r, st, ids, n, &o);
    free(ids);
    if (lrc) {
        rc = cli_fail_lib("revert");
        chitieu_store_close(st);
        return rc;
    }
    chitieu_store_close(st);
    for (size_t i = 0; i < r->nmsg; i++)
        fprintf(stderr, "chitieu: revert: %s\n", r->msgs[i]);
    if (r->more)
        fprintf(stderr, "chitieu: revert: ... and %zu more\n", r->more);
    for (size_t i = 0; i < r->n; i++) {
        const chitieu_revert_result *x = &r->results[i];
        char what[512] = "";
        part(what, sizeof what, x->restored, x->restored == 1 ? "figure restored" : "figures restored");
        part(what, sizeof what, x->withdrawn, "withdrawn (no earlier figure)");
        part(what, sizeof what, x->kept, "left as changed again since");
        part(what, sizeof what, x->catalogue_restored, "catalogue rows set back");
        part(what, sizeof what, x->targets_withdrawn, x->targets_withdrawn == 1 ? "target withdrawn" : "targets withdrawn");
        part(what, sizeof what, x->successions_withdrawn,
             x->successions_withdrawn == 1 ? "succession withdrawn" : "successions withdrawn");
        part(what, sizeof what, x->catalogue_kept, "catalogue rows left as loaded again since");
        part(what, sizeof what, x->created_kept, "created catalogue rows kept");
        if (r->committed)
            printf("reverted batch %ld as batch %ld: %s\n", x->batch, x->revert_batch, *what ? what : "nothing to undo");
        else
            printf("would revert batch %ld (dry run, nothing stored): %s\n", x->batch, *what ? what : "nothing to undo");
    }
    chitieu_revert_report_free(r);
    return CLI_OK;
}
