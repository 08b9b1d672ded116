/*
 * cli.c — the chitieu command: global options, the table of subcommands,
 * and dispatch.  Each subcommand lives in a cli_*.c file and parses its own
 * options; the library does the work.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "chitieu/codes.h"
#include "chitieu/version.h"


static const struct {
    const char *name;
    cli_command_fn fn;
    const char *summary;
} commands[] = {
    {"init", cli_cmd_init, "create or migrate the store"},
    {"load", cli_cmd_load, "load CSV, text or .xlsx files (figures, targets, catalogue) in one transaction"},
    {"indicators", cli_cmd_indicators, "list the indicators"},
    {"areas", cli_cmd_areas, "list the areas: validity, GSO code, what merged or split into them"},
    {"series", cli_cmd_series, "current yearly values of an indicator in an area"},
    {"history", cli_cmd_history, "every revision of an indicator's figures, with its load batch"},
    {"missing", cli_cmd_missing, "which indicator/area has no figure for a year, by lead agency"},
    {"export", cli_cmd_export, "all current figures as CSV, xlsx, Open SDG or SDMX-CSV"},
    {"template", cli_cmd_template, "the reporting form (xlsx or CSV) each lead agency fills for a year"},
    {"batches", cli_cmd_batches, "the load batches (one per file loaded): id, time, file, agency, rows"},
    {"revert", cli_cmd_revert, "undo load batches with a new batch that restores the previous figures"},
    {"assess", cli_cmd_assess, "will each target be met? status, probability, projection"},
    {"project", cli_cmd_project, "projection path of an indicator with 80%/95% bands"},
    {"forecast", cli_cmd_forecast, "forecast many series from long CSV (id,year,value); no database"},
    {"chart", cli_cmd_chart, "gnuplot chart of an indicator: history, target, projection and bands"},
    {"report", cli_cmd_report, "review pack: scorecard, charts and index.html"},
    {"compare", cli_cmd_compare, "one indicator across the areas of a year: value, rank, change, target"},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

/* A code the store does not hold is an error naming the closest ones (see cli.h). */
int cli_check_code(chitieu_store *st, chitieu_code_kind kind, const char *code)
{
    if (code && chitieu_codes_check(st, kind, code)) return cli_fail_lib(cli_command_name);
    return CLI_OK;
}

/* The one indicator argument of cmd (see cli.h). */
int cli_one_indicator(int argc, char **argv, int first, const char *cmd, const char **ind)
{
    if (first >= argc)
        return cli_usage(cmd, "which indicator? (chitieu indicators lists them)");
    if (first + 1 < argc)
        return cli_usage(cmd, "unexpected argument '%s'", argv[first + 1]);
    *ind = argv[first];
    return CLI_OK;
}

/* The command name nearest to `word` by edit distance, when a typo is likely (distance at most 2, and
 * less than the word's length), else NULL. */
static const char *closest_command(const char *word)
{
    const char *best = NULL;
    size_t bestd = 3;
    for (size_t k = 0; k < NCOMMANDS; k++) {
        size_t d = chitieu_codes_distance(word, commands[k].name);
        if (d < bestd && d < strlen(word)) {
            best = commands[k].name;
            bestd = d;
        }
    }
    return best;
}

/* The overall usage and the list of commands, on f. */
static void usage(FILE *f)
{
    fprintf(f, "usage: chitieu [--db FILE] COMMAND [ARGS]\n       chitieu --version\n\n"
               "Monitor plan indicators: load yearly figures, assess targets, chart them.\n"
               "The store is FILE, else $CHITIEU_DB, else ./chitieu.db.\n\ncommands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-11s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nRun 'chitieu COMMAND --help' for a command's options.\n");
}

int main(int argc, char **argv)
{
    cli_env env = {getenv("CHITIEU_DB")};
    if (!env.db_path || !*env.db_path)
        env.db_path = "chitieu.db";
    int i = 1;
    while (i < argc && argv[i][0] == '-') {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            env.db_path = argv[i + 1];
            i += 2;
        } else if (strncmp(argv[i], "--db=", 5) == 0) {
            env.db_path = argv[i] + 5;
            i++;
        } else if (strcmp(argv[i], "--db") == 0) {
            fprintf(stderr, "chitieu: --db: needs a value (the store file)\nTry 'chitieu --help'.\n");
            return CLI_USAGE;
        } else if (strcmp(argv[i], "--version") == 0 || strcmp(argv[i], "-V") == 0) {
            printf("chitieu %s (store schema %d)\n", CHITIEU_VERSION, chitieu_store_schema_version());
            return CLI_OK;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return CLI_OK;
        } else {
            fprintf(stderr, "chitieu: %s: unknown option (before the command only --db FILE, --version and --help; "
                            "a command's options go after it)\nTry 'chitieu --help'.\n", argv[i]);
            return CLI_USAGE;
        }
    }
    if (i >= argc) {
        fprintf(stderr, "chitieu: no command (see chitieu --help)\n");
        usage(stderr);
        return CLI_USAGE;
    }
    for (int j = i + 1; j < argc; j++) /* a global option after the command: say where it goes */
        if (strcmp(argv[j], "--db") == 0 || strncmp(argv[j], "--db=", 5) == 0) {
            fprintf(stderr, "chitieu: %s: --db goes before the command: chitieu --db FILE %s ...\n"
                            "Try 'chitieu --help'.\n", argv[i], argv[i]);
            return CLI_USAGE;
        }
    for (size_t k = 0; k < NCOMMANDS; k++)
        if (strcmp(argv[i], commands[k].name) == 0) {
            cli_command_name = commands[k].name;
            int rc = commands[k].fn(argc - i, argv + i, &env);
            if (fflush(stdout) != 0 || ferror(stdout)) {
                fprintf(stderr, "chitieu: %s: cannot write output\n", argv[i]);
                return CLI_FAIL;
            }
            return rc;
        }
    const char *near = closest_command(argv[i]);
    fprintf(stderr, "chitieu: %s: unknown command%s%s%s\nTry 'chitieu --help'.\n", argv[i], near ? " (closest: " : "",
            near ? near : "", near ? ")" : "");
    return CLI_USAGE;
}
