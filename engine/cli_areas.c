/*
 * cli_areas.c — areas over time on the command line: `areas` (the catalogue
 * of areas with their validity, GSO code and successions) and `compare`
 * (one indicator across the areas of a year).  The work is in
 * engine/areas.c and engine/compare.c.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chitieu/areas.h"
#include "chitieu/compare.h"
#include "chitieu/error.h"
#include "chitieu/num.h"
#include "cli.h"

/* Options of both commands. */
typedef struct {
    const char *level, *parent;
    int year, map;
    chitieu_lang lang; /* compare --lang: the table's target status and probability in words (vi default) */
    cli_output out; /* --format, --out, --bom */
} area_args;

/* Parse options; 1 after --help (printed), 0 to go on, CLI_USAGE (negated: -2) on a usage error. */
static int parse(area_args *a, int argc, char **argv, const char *cmd, const char *help, int with_map)
{
    static const struct option lo[] = {
        {"level", required_argument, 0, 'l'}, {"parent", required_argument, 0, 'p'},
        {"year", required_argument, 0, 'y'},  {"map", required_argument, 0, 'm'},
        {"format", required_argument, 0, 'f'}, {"out", required_argument, 0, 'o'},
        {"bom", no_argument, 0, 'B'},          {"help", no_argument, 0, 'h'},
        {"lang", required_argument, 0, 'L'},   {0, 0, 0, 0}};
    memset(a, 0, sizeof *a);
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
        switch (c) {
        case 'l': {
            static const char *const levels[] = {"country", "region", "province", "district", "commune"};
            size_t k = 0;
            while (k < 5 && strcmp(optarg, levels[k]) != 0)
                k++;
            if (k == 5)
                return -cli_usage(cmd, "--level must be country, region, province, district or commune");
            a->level = optarg;
            break;
        }
        case 'p': a->parent = optarg; break;
        case 'y':
            if (chitieu_num_parse_year(&a->year, optarg)) return -cli_usage(cmd, "--year: %s", chitieu_error_last());
            break;
        case 'm':
            if (!with_map) return -cli_usage(cmd, "unknown option '--map'");
            if (chitieu_num_parse_year(&a->map, optarg)) return -cli_usage(cmd, "--map: %s", chitieu_error_last());
            break;
        case 'f':
            if (cli_parse_output_format(&a->out, optarg))
                return -cli_usage(cmd, "--format must be %s", cli_output_formats(&a->out));
            break;
        case 'L':
            if (!with_map) return -cli_usage(cmd, "unknown option '--lang'");
            if (chitieu_words_lang_parse(&a->lang, optarg)) return -cli_usage(cmd, "bad --lang '%s' (vi, en)", optarg);
            break;
        case 'o': a->out.out = optarg; break;
        case 'B': a->out.bom = 1; break;
        case 'h': fputs(help, stdout); printf(CLI_TEXT_HELP, CLI_TEXT_WIDTH); return 1;
        case ':': return -cli_usage(cmd, "option '%s' needs a value", argv[optind - 1]);
        default: return -cli_usage(cmd, "unknown option '%s'", argv[optind - 1]);
        }
    }
    return -cli_output_check(&a->out, cmd);
}

/* "PA, PB, 0.4 PD (2025-07-01)": the successions of `code` on the `from` (or `to`) side, grouped by date. */
static void succession_text(FILE *f, const chitieu_succession *sc, size_t n, const char *code, int into)
{
    const char *date = NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const chitieu_succession *x = &sc[i];
        if (strcmp(into ? x->to : x->from, code) != 0)
            continue;
        if (date && strcmp(date, x->date) != 0)
            fprintf(f, " (%s); ", date), k = 0;
        fputs(k++ ? ", " : "", f);
        if (!isnan(x->share))
            fprintf(f, "%g ", x->share);
        fputs(into ? x->from : x->to, f);
        date = x->date;
    }
    if (date)
        fprintf(f, " (%s)", date);
}

int cli_cmd_areas(int argc, char **argv, const cli_env *env)
{
    area_args a;
    int r = parse(&a, argc, argv, "areas",
                  "usage: chitieu [--db FILE] areas [--level L] [--parent A] [--year Y]\n"
                  "                              [--format table|csv|json|xlsx] [--out FILE] [--bom]\n\n"
                  "The areas: code, name, level, parent, validity (valid_from..valid_to, inclusive; empty = open),\n"
                  "the statistics office's code, and the successions: the areas that went to it ('from') and\n"
                  "where it went ('to'), with shares and dates.  --year Y: the areas valid on 31 December of Y.\n",
                  0);
    if (r) return r > 0 ? CLI_OK : CLI_USAGE;
    if (optind < argc) return cli_usage("areas", "unexpected argument '%s'", argv[optind]);
    chitieu_store *st;
    int rc = cli_open_store(&st, env);
    if (rc) return rc;
    chitieu_area *ar = NULL;
    chitieu_succession *sc = NULL;
    size_t n = 0, ns = 0;
    if (chitieu_areas_list(&ar, &n, st, a.level, a.parent, a.year) ||
        chitieu_areas_successions(&sc, &ns, st, NULL))
        rc = cli_fail_lib("areas");
    static const char *const cols[] = {"code", "name", "level", "parent", "valid_from", "valid_to", "gso_code",
                                       "from", "to"};
    cli_table *t = rc ? NULL : cli_table_new(9, cols);
    for (size_t i = 0; t && i < n; i++) {
        cli_table_str(t, ar[i].code);
        cli_table_str(t, ar[i].name);
        cli_table_str(t, ar[i].level);
        cli_table_str(t, ar[i].parent);
        cli_table_str(t, ar[i].valid_from);
        cli_table_str(t, ar[i].valid_to);
        cli_table_str(t, ar[i].gso_code);
        for (int into = 1; into >= 0; into--) {
            char *buf = NULL;
            size_t len = 0;
            FILE *f = open_memstream(&buf, &len);
            if (f) {
                succession_text(f, sc, ns, ar[i].code, into);
                fclose(f);
            }
            cli_table_text(t, buf && *buf ? buf : NULL); /* NULL when out of memory: the table says so */
            free(buf);
        }
    }
    if (!rc)
        rc = t ? cli_table_emit(t, &a.out, "areas", "areas") : cli_fail("areas", "out of memory");
    cli_table_free(t);
    chitieu_areas_successions_free(sc, ns);
    chitieu_areas_list_free(ar, n);
    chitieu_store_close(st);
    return rc;
}

int cli_cmd_compare(int argc, char **argv, const cli_env *env)
{
    area_args a;
    int r = parse(&a, argc, argv, "compare",
                  "usage: chitieu [--db FILE] compare IND [--level L] [--parent A] [--year Y] [--map Y2]\n"
                  "                                 [--format table|csv|json|xlsx] [--out FILE] [--bom] [--lang vi|en]\n\n"
                  "Indicator IND across the areas of a year: value (stored, or rebuilt with status D and its\n"
                  "provenance), rank by the indicator's direction (1 = best; ties share a rank), change from\n"
                  "the year before, and the status of its target (the first at or after the year), assessed\n"
                  "with data up to the year.  The areas are those valid on 31 December of the year (--map Y2:\n"
                  "of year Y2, e.g. the new provinces on their rebuilt figures of an earlier year), of level L\n"
                  "(default province; for an indicator no province has figures of, e.g. a national one, the level\n"
                  "whose areas have them) or under area A.  Default year: the latest with a value.  The table\n"
                  "gives the target's status and probability in words as `assess` does (--lang, default vi: Đã\n"
                  "đạt, dưới 1%); CSV, JSON and xlsx keep the codes (missed, 0.0042).\n",
                  1);
    if (r) return r > 0 ? CLI_OK : CLI_USAGE;
    const char *ind;
    if ((r = cli_one_indicator(argc, argv, optind, "compare", &ind))) return r;
    chitieu_store *st;
    int rc = cli_open_store(&st, env);
    if (rc) return rc;
    if ((rc = cli_check_code(st, CHITIEU_CODE_INDICATOR, ind)) || (rc = cli_check_code(st, CHITIEU_CODE_AREA, a.parent))) {
        chitieu_store_close(st);
        return rc;
    }
    chitieu_compare_opts o;
    chitieu_compare_opts_init(&o);
    o.level = a.level;
    o.parent = a.parent;
    o.year = a.year;
    o.map_year = a.map;
    chitieu_comparison *c = NULL;
    if (chitieu_compare_run(&c, st, ind, &o)) {
        chitieu_store_close(st);
        return cli_fail_lib("compare");
    }
    static const char *const cols[] = {"rank", "area", "name", "year", "value", "status", "previous", "change",
                                       "plan", "target_year", "target_status", "probability", "provenance"};
    cli_table *t = cli_table_new(13, cols);
    for (size_t i = 0; t && i < c->n; i++) {
        const chitieu_compare_row *w = &c->rows[i];
        char stat[2] = {w->status, 0};
        if (w->rank) cli_table_int(t, w->rank); else cli_table_null(t);
        cli_table_str(t, w->area);
        cli_table_str(t, w->name);
        cli_table_int(t, c->year);
        cli_table_num(t, w->value, -1);
        cli_table_str(t, w->status ? stat : NULL);
        cli_table_num(t, w->previous, -1);
        cli_table_num(t, w->change, -1);
        cli_table_str(t, w->plan);
        if (w->target_year) cli_table_int(t, w->target_year); else cli_table_null(t);
        if (a.out.fmt == CLI_FMT_TABLE) { /* for a reader, as assess's table: no probability for a settled target */
            char pr[64] = "";
            int settled = w->target_status == CHITIEU_STATUS_ACHIEVED || w->target_status == CHITIEU_STATUS_MISSED;
            if (w->target_year && !settled) chitieu_words_probability(pr, sizeof pr, w->probability, a.lang);
            cli_table_str(t, w->target_year ? chitieu_words_status(w->target_status, a.lang) : NULL);
            cli_table_str(t, *pr ? pr : NULL);
        } else {
            cli_table_str(t, w->target_year ? chitieu_status_name(w->target_status) : NULL);
            cli_table_num(t, w->target_year ? w->probability : NAN, 4);
        }
        cli_table_text(t, w->provenance);
    }
    /* a workbook says what it compares above the table: the indicator, its unit, the year */
    chitieu_indicator info;
    char title[600] = "";
    if (t && a.out.fmt == CLI_FMT_XLSX && chitieu_store_indicator_get(&info, st, ind) == 0) {
        snprintf(title, sizeof title, "%s — %s (%s), %d", ind, info.name, info.unit, c->year);
        chitieu_store_indicator_clear(&info);
        a.out.title = title;
    }
    rc = t ? cli_table_emit(t, &a.out, "compare", ind) : cli_fail("compare", "out of memory");
    cli_table_free(t);
    if (!rc && a.out.fmt == CLI_FMT_TABLE) {
        size_t valued = 0;
        while (valued < c->n && c->rows[valued].rank) valued++;
        if (!a.level && !a.parent && c->level && strcmp(c->level, "province") != 0)
            fprintf(stderr, "chitieu: compare: %s has no figure for any province; comparing the areas of level %s\n",
                    ind, c->level);
        if (c->year)
            fprintf(stderr, "chitieu: compare: %s in %d: %zu of %zu areas (those of %d) have a value; rank 1 = %s\n",
                    ind, c->year, valued, c->n, c->map_year, c->direction == CHITIEU_DIR_UP ? "highest" : "lowest");
        else
            fprintf(stderr, "chitieu: compare: %s has no value in any of these areas\n", ind);
    }
    chitieu_comparison_free(c);
    chitieu_store_close(st);
    return rc;
}
