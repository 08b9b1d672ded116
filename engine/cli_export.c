/*
 * cli_export.c — what goes out to people and other systems: the `template`
 * command (the forms departments fill; see the end of the file) and the
 * `export` command: every current figure, streamed from
 * the store (memory stays flat), as
 *   csv      observation CSV (indicator,area,year,value,status,source,note), exact values: loading it back
 *            into a store with the same catalogue gives the same current figures;
 *   xlsx     the same rows with the indicator's name and unit, numbers as numbers, in a workbook;
 *   opensdg  Open SDG data CSV: Year, Series (the indicator code), Units, GeoCode (the area code),
 *            Observation status, Value — no disaggregation columns, so every row is headline;
 *   sdmx     SDMX-CSV: DATAFLOW, REF_AREA, INDICATOR, TIME_PERIOD, OBS_VALUE, UNIT_MEASURE, OBS_STATUS,
 *            COMMENT_OBS (the note).
 * Loading an export back gives the same figures: csv and xlsx as they are (with sources and notes), sdmx as
 * it is (notes, no sources), opensdg with --map 'Series=indicator,GeoCode=area' (no sources or notes).
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "chitieu/areas.h"
#include "chitieu/error.h"
#include "chitieu/num.h"
#include "chitieu/store.h"
#include "chitieu/template.h"
#include "chitieu/words.h"
#include "chitieu/workbook.h"
#include "cli.h"

/* The SDMX dataflow of chitieu's figures (agency:id(version)). */
#define SDMX_DATAFLOW "CHITIEU:DF_CHITIEU(1.0)"

typedef struct {
    cli_format fmt;
    FILE *f;
    chitieu_workbook *wb;
    chitieu_indicator *ind; /* the catalogue, sorted by code: names and units */
    size_t nind;
    const char *only_ind, *only_area;
    size_t rows;
} exporter;

static int cmp_code(const void *a, const void *b)
{
    return strcmp(((const chitieu_indicator *)a)->code, ((const chitieu_indicator *)b)->code);
}

/* The indicator `code` of the catalogue, or NULL. */
static const chitieu_indicator *indicator(const exporter *x, const char *code)
{
    chitieu_indicator key = {.code = (char *)code};
    return x->nind ? bsearch(&key, x->ind, x->nind, sizeof *x->ind, cmp_code) : NULL; /* NULL array: none */
}

/* The Open SDG name of a status ("Observation status", SDMX code list CL_OBS_STATUS: A, P, E). */
static const char *status_name(char status)
{
    return status == 'P' ? "Provisional value" : status == 'E' ? "Estimated value" : "Normal value";
}

static void csv_sep(FILE *f) { fputc(',', f); }

/* One current figure in the chosen format. */
static int export_row(void *ctx, const char *code, const char *area, int year, double value, char status,
                      const char *source, const char *note)
{
    exporter *x = ctx;
    if ((x->only_ind && strcmp(code, x->only_ind) != 0) || (x->only_area && strcmp(area, x->only_area) != 0))
        return 0;
    const chitieu_indicator *ind = indicator(x, code);
    const char *unit = ind ? ind->unit : NULL;
    char num[32], st[2] = {status, 0};
    cli_fmt_double(num, value);
    FILE *f = x->f;
    x->rows++;
    switch (x->fmt) {
    case CLI_FMT_XLSX: {
        int rc = chitieu_workbook_text(x->wb, code);
        rc = rc ? rc : chitieu_workbook_text(x->wb, ind ? ind->name : NULL);
        rc = rc ? rc : chitieu_workbook_text(x->wb, area);
        rc = rc ? rc : chitieu_workbook_number(x->wb, year);
        rc = rc ? rc : chitieu_workbook_number(x->wb, value);
        rc = rc ? rc : chitieu_workbook_text(x->wb, unit);
        rc = rc ? rc : chitieu_workbook_text(x->wb, st);
        rc = rc ? rc : chitieu_workbook_text(x->wb, source);
        rc = rc ? rc : chitieu_workbook_text(x->wb, note);
        return rc;
    }
    case CLI_FMT_OPENSDG:
        fprintf(f, "%d,", year);
        cli_csv_field(f, code);
        csv_sep(f);
        cli_csv_field(f, unit);
        csv_sep(f);
        cli_csv_field(f, area);
        fprintf(f, ",%s,%s\n", status_name(status), num);
        break;
    case CLI_FMT_SDMX:
        fputs(SDMX_DATAFLOW ",", f);
        cli_csv_field(f, area);
        csv_sep(f);
        cli_csv_field(f, code);
        fprintf(f, ",%d,%s,", year, num);
        cli_csv_field(f, unit);
        fprintf(f, ",%c,", status);
        cli_csv_field(f, note);
        fputc('\n', f);
        break;
    default:
        cli_csv_field(f, code);
        csv_sep(f);
        cli_csv_field(f, area);
        fprintf(f, ",%d,%s,%c,", year, num, status);
        cli_csv_field(f, source);
        csv_sep(f);
        cli_csv_field(f, note);
        fputc('\n', f);
    }
    return ferror(f) ? CHITIEU_EIO : 0;
}

int cli_cmd_export(int argc, char **argv, const cli_env *env)
{
    static const struct option lo[] = {
        {"format", required_argument, 0, 'f'}, {"out", required_argument, 0, 'o'}, {"bom", no_argument, 0, 'B'},
        {"indicator", required_argument, 0, 'i'}, {"area", required_argument, 0, 'a'},
        {"derived", no_argument, 0, 'd'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    cli_output out = {.fmt = CLI_FMT_CSV,
                      .formats = 1u << CLI_FMT_CSV | 1u << CLI_FMT_XLSX | 1u << CLI_FMT_OPENSDG | 1u << CLI_FMT_SDMX};
    exporter x = {0};
    int c, derived = 0;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (cli_parse_output_format(&out, optarg))
                return cli_usage("export", "--format must be %s", cli_output_formats(&out));
            break;
        case 'o': out.out = optarg; break;
        case 'B': out.bom = 1; break;
        case 'i': x.only_ind = optarg; break;
        case 'a': x.only_area = optarg; break;
        case 'd': derived = 1; break;
        case 'h':
            printf("usage: chitieu [--db FILE] export [--format csv|xlsx|opensdg|sdmx] [--out FILE] [--bom]\n"
                   "                              [--indicator IND] [--area A] [--derived]\n\n"
                   "All current figures (latest revision; withdrawn ones left out), ordered by indicator, area,\n"
                   "year; --indicator and --area keep one indicator or area.\n"
                   "  csv      observation CSV (indicator,area,year,value,status,source,note), exact values:\n"
                   "           loading it into a store with the same catalogue gives the same current figures\n"
                   "  xlsx     a workbook (needs --out): the same rows with the indicator's name and unit,\n"
                   "           numbers as numbers, frozen header, autofilter\n"
                   "  opensdg  Open SDG data CSV: Year,Series,Units,GeoCode,Observation status,Value\n"
                   "           (Series = indicator code, GeoCode = area code; every row is headline); loads\n"
                   "           back with --map 'Series=indicator,GeoCode=area'\n"
                   "  sdmx     SDMX-CSV: DATAFLOW,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS,\n"
                   "           COMMENT_OBS (dataflow " SDMX_DATAFLOW "; OBS_STATUS A, P or E; the note)\n"
                   "  --bom    start the CSV with a UTF-8 byte-order mark, for Excel on Windows\n"
                   "  --derived  then every value chitieu rebuilds or derives where none is stored (merged areas,\n"
                   "           sums of lower areas, ratio and growth rules; README 'Areas over time'): status D,\n"
                   "           the provenance as note; csv and xlsx only.  Such rows are not loaded back (status D\n"
                   "           is refused): a figure is stored only when an agency publishes it.\n");
            return CLI_OK;
        case ':': return cli_usage("export", "option '%s' needs a value", argv[optind - 1]);
        default: return cli_usage("export", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage("export", "unexpected argument '%s'", argv[optind]);
    if (derived && out.fmt != CLI_FMT_CSV && out.fmt != CLI_FMT_XLSX) /* they have no status for a rebuilt value */
        return cli_usage("export", "--derived goes with --format csv or xlsx");
    int rc = cli_output_check(&out, "export");
    if (rc)
        return rc;
    chitieu_store *st;
    if ((rc = cli_open_store(&st, env)))
        return rc;
    x.fmt = out.fmt;
    if (chitieu_store_indicators(&x.ind, &x.nind, st)) {
        chitieu_store_close(st);
        return cli_fail_lib("export");
    }
    if (x.nind) /* an empty store has none, and qsort must not see a NULL array */
        qsort(x.ind, x.nind, sizeof *x.ind, cmp_code);
    if ((rc = cli_check_code(st, CHITIEU_CODE_INDICATOR, x.only_ind)) || (rc = cli_check_code(st, CHITIEU_CODE_AREA, x.only_area)))
        goto done;
    if (out.fmt == CLI_FMT_XLSX) {
        static const chitieu_column cols[] = {
            {"indicator", CHITIEU_COL_TEXT, -1}, {"name", CHITIEU_COL_TEXT, -1}, {"area", CHITIEU_COL_TEXT, -1},
            {"year", CHITIEU_COL_NUMBER, 0},     {"value", CHITIEU_COL_NUMBER, -1}, {"unit", CHITIEU_COL_TEXT, -1},
            {"status", CHITIEU_COL_TEXT, -1},    {"source", CHITIEU_COL_TEXT, -1},  {"note", CHITIEU_COL_TEXT, -1}};
        if (chitieu_workbook_open(&x.wb, out.out) ||
            chitieu_workbook_sheet(x.wb, "observations", NULL, cols, sizeof cols / sizeof *cols)) {
            chitieu_workbook_discard(x.wb);
            rc = cli_fail_lib("export");
            goto done;
        }
    } else {
        if (!(x.f = cli_output_open(&out, "export"))) {
            rc = CLI_FAIL;
            goto done;
        }
        fputs(out.fmt == CLI_FMT_OPENSDG ? "Year,Series,Units,GeoCode,Observation status,Value\n"
              : out.fmt == CLI_FMT_SDMX  ? "DATAFLOW,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS,COMMENT_OBS\n"
                                         : "indicator,area,year,value,status,source,note\n",
              x.f);
    }
    int lrc = chitieu_store_foreach_current(st, export_row, &x);
    chitieu_areas *ar = NULL;
    if (!lrc && derived && !(lrc = chitieu_areas_open(&ar, st, 0)))
        lrc = chitieu_areas_foreach_derived(ar, export_row, &x);
    chitieu_areas_close(ar);
    if (x.wb) {
        if (lrc) {
            chitieu_workbook_discard(x.wb);
            rc = cli_fail_lib("export");
        } else if (chitieu_workbook_close(x.wb))
            rc = cli_fail_lib("export");
    } else {
        int crc = cli_output_close(x.f, &out, "export");
        rc = lrc == CHITIEU_EIO ? cli_fail("export", "cannot write output") : lrc ? cli_fail_lib("export") : crc;
    }
    if (!rc && out.out)
        fprintf(stderr, "chitieu: export: %zu figure%s written to %s\n", x.rows, x.rows == 1 ? "" : "s", out.out);
done:
    chitieu_store_indicators_free(x.ind, x.nind);
    chitieu_store_close(st);
    return rc;
}

/* A file name for an agency's form: its name with every ASCII character but letters and digits made '-'
 * (Vietnamese letters kept), then _YEAR and the extension. */
static void form_name(char *buf, size_t n, const char *dir, const char *agency, int year, const char *ext)
{
    char slug[200];
    size_t k = 0;
    for (const unsigned char *p = (const unsigned char *)(agency ? agency : "khong-co-co-quan"); *p && k < 190; p++) {
        int keep = *p >= 0x80 || (*p >= '0' && *p <= '9') || ((*p | 32) >= 'a' && (*p | 32) <= 'z');
        if (keep)
            slug[k++] = (char)*p;
        else if (k && slug[k - 1] != '-')
            slug[k++] = '-';
    }
    slug[k] = '\0';
    k = strlen(chitieu_words_cut(slug, sizeof slug, slug, sizeof slug)); /* cut at 190 bytes: a whole character */
    while (k && slug[k - 1] == '-')
        k--;
    slug[k] = '\0';
    snprintf(buf, n, "%s/%s_%d.%s", dir, k ? slug : "form", year, ext);
}

/* Same agency (NULL = NULL). */
static int same(const char *a, const char *b) { return (!a && !b) || (a && b && strcmp(a, b) == 0); }

int cli_cmd_template(int argc, char **argv, const cli_env *env)
{
    static const struct option lo[] = {
        {"year", required_argument, 0, 'y'}, {"agency", required_argument, 0, 'g'},
        {"plan", required_argument, 0, 'p'}, {"out", required_argument, 0, 'o'},
        {"format", required_argument, 0, 'f'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    const char *agency = NULL, *plan = NULL, *format = NULL;
    char *outp = NULL; /* argv's own string: a trailing '/' is cut off in place */
    int year = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
        switch (c) {
        case 'y':
            if (chitieu_num_parse_year(&year, optarg))
                return cli_usage("template", "--year: %s", chitieu_error_last());
            break;
        case 'g': agency = optarg; break;
        case 'p': plan = optarg; break;
        case 'o': outp = optarg; break;
        case 'f':
            if (strcmp(optarg, "xlsx") && strcmp(optarg, "csv"))
                return cli_usage("template", "--format must be xlsx or csv");
            format = optarg;
            break;
        case 'h':
            printf("usage: chitieu [--db FILE] template --year Y [--agency A] [--plan P] --out FILE.xlsx|FILE.csv|DIR\n"
                   "                                [--format xlsx|csv]\n\n"
                   "The reporting form a department fills for year Y: per lead agency, every indicator x area it\n"
                   "owes (those 'missing' expects: a target names them for Y or later, or they have earlier\n"
                   "figures; with --plan, those the plan's targets name) with code, name, unit, bounds, the\n"
                   "figures of Y-3..Y-1 for reference (ref_YYYY) and an empty value cell for Y.\n"
                   "  xlsx  one sheet per agency; the value cell accepts only a number within the indicator's\n"
                   "        bounds and says so when selected; status offers A, P, E\n"
                   "  csv   one table, the agency a column\n"
                   "--out DIR (an existing folder, or DIR/ made if missing) writes one file per agency,\n"
                   "DIR/AGENCY_Y.xlsx (or .csv).\n"
                   "The form loads back with 'chitieu load': untouched, no figure; filled, the figures given.\n"
                   "Each form handed out is recorded; 'chitieu missing --year Y --forms' says which are still\n"
                   "empty.\n");
            return CLI_OK;
        case ':': return cli_usage("template", "option '%s' needs a value", argv[optind - 1]);
        default: return cli_usage("template", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage("template", "unexpected argument '%s'", argv[optind]);
    if (!year)
        return cli_usage("template", "--year is required");
    if (!outp)
        return cli_usage("template", "--out is required (FILE.xlsx, FILE.csv or a folder)");
    struct stat sb;
    size_t len = strlen(outp);
    /* "DIR/" names a folder even before it exists: made (one level) once the options are known good */
    int make_dir = len && outp[len - 1] == '/'; /* --out "": no character before the end to read */
    while (len > 1 && outp[len - 1] == '/') /* "DIR/" and "DIR" name the same files */
        outp[--len] = '\0';
    int per_agency = make_dir || (stat(outp, &sb) == 0 && S_ISDIR(sb.st_mode));
    if (!per_agency && !format && !(len > 4 && (strcasecmp(outp + len - 4, ".csv") == 0 ||
                                                (len > 5 && strcasecmp(outp + len - 5, ".xlsx") == 0))))
        return cli_usage("template", "--out %s: neither a folder nor FILE.xlsx or FILE.csv (a new folder: "
                                     "%s/; one workbook: %s.xlsx)", outp, outp, outp);
    int csv = format ? strcmp(format, "csv") == 0 : !per_agency && len > 4 && strcasecmp(outp + len - 4, ".csv") == 0;
    chitieu_template_format fmt = csv ? CHITIEU_TEMPLATE_CSV : CHITIEU_TEMPLATE_XLSX;
    chitieu_store *st;
    int rc = cli_open_store(&st, env);
    if (rc)
        return rc;
    chitieu_template_row *rows = NULL;
    size_t n = 0;
    if ((rc = cli_check_code(st, CHITIEU_CODE_PLAN, plan)))
        goto done;
    if (make_dir && mkdir(outp, 0777) != 0 && errno != EEXIST) {
        rc = cli_fail("template", "%s/: cannot create the folder: %s", outp, strerror(errno));
        goto done;
    }
    if (chitieu_template_rows(&rows, &n, st, year, agency, plan)) {
        rc = cli_fail_lib("template");
        goto done;
    }
    for (size_t i = 0; i < n && !rc;) {
        size_t j = per_agency ? i : n;
        while (per_agency && j < n && same(rows[j].agency, rows[i].agency))
            j++;
        char path[4096];
        if (per_agency)
            form_name(path, sizeof path, outp, rows[i].agency, year, csv ? "csv" : "xlsx");
        else
            snprintf(path, sizeof path, "%s", outp);
        if (chitieu_template_write(path, fmt, rows + i, j - i, year) ||
            chitieu_template_record(st, path, year, plan, rows + i, j - i)) {
            rc = cli_fail_lib("template");
            break;
        }
        size_t agencies = 0;
        for (size_t k = i; k < j; k++)
            agencies += k == i || !same(rows[k].agency, rows[k - 1].agency);
        printf("%s: %zu row%s for %zu agenc%s, year %d\n", path, j - i, j - i == 1 ? "" : "s", agencies,
               agencies == 1 ? "y" : "ies", year);
        i = j;
    }
    if (!rc && n == 0) {
        if (chitieu_template_write(outp, fmt, rows, 0, year))
            rc = cli_fail_lib("template");
        else
            fprintf(stderr, "chitieu: template: no indicator is owed for %d; %s is an empty form\n", year, outp);
    }
done:
    chitieu_template_rows_free(rows, n);
    chitieu_store_close(st);
    return rc;
}
