/*
 * cli.h — what the chitieu command's source files share: the subcommand
 * signature, messages and exit codes, opening the store, and one writer for
 * the table / CSV / JSON output every data-printing command offers.
 *
 * Only the CLI prints.  Messages go to stderr as "chitieu: context: message";
 * exit codes are CLI_OK (0), CLI_FAIL (1: data or runtime error) and
 * CLI_USAGE (2: usage error).
 */
#ifndef CHITIEU_CLI_H
#define CHITIEU_CLI_H

#include <stdio.h>
#include <stddef.h>
#include "chitieu/store.h"
#include "chitieu/assess.h"
#include "chitieu/load.h"
#include "chitieu/words.h"

enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

typedef enum { CLI_FMT_TABLE = 0, CLI_FMT_CSV, CLI_FMT_JSON, CLI_FMT_XLSX, CLI_FMT_OPENSDG, CLI_FMT_SDMX } cli_format;

/* Where and how a command writes its table: --format, --out FILE (else standard output), --bom (a UTF-8
 * byte-order mark before CSV, so that Excel on Windows reads the text as UTF-8).  `formats` is the set of
 * formats the command offers (bits 1 << CLI_FMT_x; 0: table, csv, json and xlsx). */
typedef struct {
    cli_format fmt;
    const char *out;
    int bom;
    unsigned formats;
    const char *title;  /* xlsx: a title row above the header (NULL: none) */
} cli_output;

/* Parse a --format word among o->formats into o->fmt. Returns 0, or -1 for another word. */
int cli_parse_output_format(cli_output *o, const char *s);
/* The formats o offers, for messages: "table, csv, json or xlsx". Static storage. */
const char *cli_output_formats(const cli_output *o);

/* What every subcommand receives besides its arguments. */
typedef struct {
    const char *db_path; /* --db FILE, else $CHITIEU_DB, else "chitieu.db" */
} cli_env;

/* A subcommand: argv[0] is its name; returns the exit code. */
typedef int (*cli_command_fn)(int argc, char **argv, const cli_env *env);

/* Print "chitieu: context: message" on stderr; return CLI_FAIL. */
int cli_fail(const char *context, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Print "chitieu: context: <library's last error>"; return CLI_FAIL. */
int cli_fail_lib(const char *context);

/* Print "chitieu: cmd: message" and "Try 'chitieu cmd --help'"; return CLI_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Name of the running command, set by main before dispatch: the context of store messages. */
extern const char *cli_command_name;

/* Open the existing store named by env (a missing one is an error, not created). Prints the error; returns CLI_OK or CLI_FAIL. */
int cli_open_store(chitieu_store **st, const cli_env *env);

/* Open the store, creating it when missing (init, load). Prints the error; returns CLI_OK or CLI_FAIL. */
int cli_create_store(chitieu_store **st, const cli_env *env);

/* Refuse a code the store does not hold (NULL passes): prints "chitieu: <command>: unknown plan
 * 'X' (closest: ...)" and returns CLI_FAIL, else CLI_OK (cli.c). */
int cli_check_code(chitieu_store *st, chitieu_code_kind kind, const char *code);

/* The one positional argument argv[first], an indicator code, into *ind; none or more than one is a usage error of
 * cmd ("which indicator? (chitieu indicators lists them)", "unexpected argument 'X'") returning CLI_USAGE (cli.c). */
int cli_one_indicator(int argc, char **argv, int first, const char *cmd, const char **ind);

/* Parse "table", "csv", "json" or "xlsx". Returns 0, or -1 for another word. */
int cli_parse_format(cli_format *out, const char *s);

/* Shortest text that reads back as exactly v ("%.15g" when it round-trips,
 * else "%.17g"). buf must hold 32 bytes. Returns buf. */
char *cli_fmt_double(char *buf, double v);

/* Write text as one CSV field: quoted when needed, and a text starting with
 * '=', '+', '-', '@', tab or CR prefixed with "'" so spreadsheets do not run
 * it as a formula (the loader strips that one "'" again). */
void cli_csv_field(FILE *f, const char *s);

/* A table of rows built cell by cell, then written in one of the formats.
 * Cells are added left to right, row after row; absent values are NULL/NAN
 * (empty in table/CSV, null in JSON). */
typedef struct cli_table cli_table;
cli_table *cli_table_new(size_t ncol, const char *const *names); /* NULL when out of memory */
void cli_table_str(cli_table *t, const char *s);     /* text (copied); NULL = absent */
/* Free text (copied; NULL = absent): a note, a source, a provenance.  Whole in CSV, JSON and xlsx; in the
 * terminal table one longer than CLI_TEXT_WIDTH characters is cut at a whole character to that width, its
 * last one "…" (chitieu_words_cut), so that a row stays readable. */
void cli_table_text(cli_table *t, const char *s);
enum { CLI_TEXT_WIDTH = 40 };
/* The --help sentence of every command with free-text columns: printf(CLI_TEXT_HELP, CLI_TEXT_WIDTH). */
#define CLI_TEXT_HELP "In the table format long notes, sources and provenance are cut with \"…\" at %d characters;\n" \
                      "csv, json and xlsx give the whole text.\n"
void cli_table_num(cli_table *t, double v, int prec); /* number; prec < 0: exact (cli_fmt_double) */
void cli_table_int(cli_table *t, long v);            /* integer */
void cli_table_null(cli_table *t);                   /* absent */
/* Write the table; returns CLI_OK or CLI_FAIL (out of memory noted while building, or write error).
 * CLI_FMT_XLSX cannot go to a stream: CLI_FAIL (use cli_table_emit). */
int cli_table_write(cli_table *t, FILE *f, cli_format fmt);
/* CSV or JSON a part at a time: write the rows added since the last flush (the header or
 * '[' before the first) and drop them; *done counts the rows written.  Then finish. */
int cli_table_flush(cli_table *t, FILE *f, cli_format fmt, size_t *done);
int cli_table_finish(cli_table *t, FILE *f, cli_format fmt, size_t done);
/* Write the table as o says: to o->out or standard output; xlsx (one sheet named `sheet`: numbers as
 * numbers with the decimals they were added with, frozen header, autofilter) only to a file.  Messages
 * name `cmd`.  Returns CLI_OK or CLI_FAIL (reported). */
int cli_table_emit(cli_table *t, const cli_output *o, const char *cmd, const char *sheet);
/* Usage check of the output options: xlsx needs --out, --bom is for CSV.  CLI_OK or CLI_USAGE (reported). */
int cli_output_check(const cli_output *o, const char *cmd);
/* Open o->out for writing (or return stdout), writing the BOM when asked; NULL after a message. */
FILE *cli_output_open(const cli_output *o, const char *cmd);
/* Close what cli_output_open gave (not stdout); CLI_OK or CLI_FAIL on a write error (reported). */
int cli_output_close(FILE *f, const cli_output *o, const char *cmd);
void cli_table_free(cli_table *t);

/* The messages of a load (cli_messages.c): collected through the loader's on_message, then printed
 * (errors in full; warnings in full up to a handful, else summarised per indicator; none when quiet),
 * and all of them written as CSV to csv_path when given. */
typedef struct cli_messages cli_messages;
cli_messages *cli_messages_new(const char *csv_path); /* NULL after a message (out of memory, cannot write) */
void cli_messages_add(void *ctx, const chitieu_load_msg *m); /* the loader's on_message */
int cli_messages_print(cli_messages *m, const chitieu_load_report *r, int quiet); /* CLI_OK or CLI_FAIL */
void cli_messages_free(cli_messages *m);

/* The subcommands, one per source file group. */
/* The assessment table of `assess` in CSV and JSON (cli_assess.c). */
cli_table *cli_assess_table(const chitieu_assessment *as, size_t n);
/* The report's scorecard.csv/.json: the fields of `assess`, then "note", the caveat of each target's indicator
 * in lang (chitieu_words_note; empty when none).  ind (nind; the caller's, sorted here by code) is the
 * catalogue.  NULL when out of memory. */
cli_table *cli_scorecard_table(const chitieu_assessment *as, size_t n, chitieu_indicator *ind, size_t nind,
                               chitieu_lang lang);

int cli_cmd_init(int, char **, const cli_env *);
int cli_cmd_load(int, char **, const cli_env *);
int cli_cmd_indicators(int, char **, const cli_env *);
int cli_cmd_series(int, char **, const cli_env *);
int cli_cmd_history(int, char **, const cli_env *);
int cli_cmd_missing(int, char **, const cli_env *);
int cli_cmd_export(int, char **, const cli_env *);
int cli_cmd_batches(int, char **, const cli_env *);
int cli_cmd_template(int, char **, const cli_env *); /* cli_export.c */
int cli_cmd_revert(int, char **, const cli_env *);
int cli_cmd_forecast(int, char **, const cli_env *); /* cli_forecast.c */
int cli_cmd_project(int, char **, const cli_env *);  /* cli_assess.c */
int cli_cmd_assess(int, char **, const cli_env *);   /* cli_assess.c */
int cli_cmd_chart(int, char **, const cli_env *);    /* cli_chart.c */
int cli_cmd_report(int, char **, const cli_env *);   /* cli_chart.c */
int cli_cmd_areas(int, char **, const cli_env *);    /* cli_areas.c */
int cli_cmd_compare(int, char **, const cli_env *);  /* cli_areas.c */

#endif
