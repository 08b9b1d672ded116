/*
 * cli_forecast.c — the `forecast` command: project many series given as long
 * CSV (id,year,value) with the same automatic method as `assess`, writing
 * id,year,point,lo80,hi80,lo95,hi95.  Never opens the database.
 *
 * Rows of one id need not be contiguous: the whole input is read first and
 * series are written in the order their ids first appear.  Series are
 * projected on every CPU, a chunk at a time; output keeps that order.  A series that
 * cannot be projected (fewer than 3 years, NaN) is reported on stderr and
 * skipped; the exit status is then 1.
 */
#include <getopt.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "chitieu/csv.h"
#include "chitieu/num.h"
#include "chitieu/trend.h"
#include "internal.h" /* chitieu__grow */

typedef struct {
    char *id;
    size_t first; /* index of the series' first row, for output order */
} sid;

typedef struct {
    size_t series; /* index into the id table */
    int year;
    double value;
    unsigned long line;
} row;

typedef struct {
    sid *ids;
    size_t nid, capid;
    row *rows;
    size_t nrow, caprow;
    size_t *hidx, hcap; /* open addressing: slot -> id index + 1 */
} input;

static size_t hash_str(const char *s)
{
    size_t h = 1469598103934665603u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* Index of id, adding it when new; (size_t)-1 when out of memory. */
static size_t id_index(input *in, const char *id)
{
    if (2 * (in->nid + 1) > in->hcap) {
        size_t nc = in->hcap ? 2 * in->hcap : 1024;
        size_t *ni = calloc(nc, sizeof *ni);
        if (!ni) return (size_t)-1;
        for (size_t i = 0; i < in->nid; i++) {
            size_t h = hash_str(in->ids[i].id) & (nc - 1);
            while (ni[h]) h = (h + 1) & (nc - 1);
            ni[h] = i + 1;
        }
        free(in->hidx);
        in->hidx = ni;
        in->hcap = nc;
    }
    size_t h = hash_str(id) & (in->hcap - 1);
    while (in->hidx[h]) {
        if (strcmp(in->ids[in->hidx[h] - 1].id, id) == 0) return in->hidx[h] - 1;
        h = (h + 1) & (in->hcap - 1);
    }
    if (chitieu__grow(&in->ids, &in->capid, in->nid, sizeof *in->ids)) return (size_t)-1;
    in->ids[in->nid].id = strdup(id);
    if (!in->ids[in->nid].id) return (size_t)-1;
    in->ids[in->nid].first = in->nrow;
    in->hidx[h] = ++in->nid;
    return in->nid - 1;
}

static void input_free(input *in)
{
    for (size_t i = 0; i < in->nid; i++) free(in->ids[i].id);
    free(in->ids);
    free(in->rows);
    free(in->hidx);
}

/* Read the whole long CSV; every error names file:line: column. Returns CLI_OK or an exit code. */
static int read_input(input *in, const char *path)
{
    chitieu_csv *csv;
    if (chitieu_csv_open(&csv, path)) return cli_fail_lib("forecast");
    size_t nf;
    char *const *f;
    int rc = chitieu_csv_next(csv, &nf, &f), col[3] = {-1, -1, -1}, ncol = 0;
    static const char *const names[3] = {"id", "year", "value"};
    if (rc < 0) { chitieu_csv_free(csv); return cli_fail_lib("forecast"); }
    if (rc == 0) { chitieu_csv_free(csv); return cli_fail("forecast", "%s: empty input (expected a header id,year,value)", path); }
    for (size_t i = 0; i < nf; i++)
        for (int c = 0; c < 3; c++)
            if (strcmp(f[i], names[c]) == 0) col[c] = (int)i;
    for (int c = 0; c < 3; c++)
        if (col[c] < 0) {
            chitieu_csv_free(csv);
            return cli_fail("forecast", "%s:1: missing column '%s' (header must name id, year, value)", path, names[c]);
        }
    ncol = (int)nf;
    int err = 0;
    while ((rc = chitieu_csv_next(csv, &nf, &f)) == 1) {
        unsigned long line = chitieu_csv_line(csv);
        row r = {0, 0, 0, line};
        const char *year = nf == (size_t)ncol ? f[col[1]] : "", *value = nf == (size_t)ncol ? f[col[2]] : "";
        char *end;
        long y = strtol(year, &end, 10);
        char bad[200] = ""; /* the row's error, if any */
        if (nf != (size_t)ncol)
            snprintf(bad, sizeof bad, "%zu fields, the header has %d", nf, ncol);
        else if (!*year || *end || y < 1000 || y > 9999) /* any historical year, unlike the store */
            snprintf(bad, sizeof bad, "year: '%.150s' is not a year", year);
        else if (chitieu_num_parse(&r.value, value, chitieu_csv_delimiter(csv) == ';' ||
                                                    chitieu_csv_quoted(csv, (size_t)col[2])))
            snprintf(bad, sizeof bad, "value: '%.150s' is not a number", value);
        else if (!f[col[0]][0])
            snprintf(bad, sizeof bad, "id: empty");
        if (*bad) {
            cli_fail("forecast", "%s:%lu: %s", path, line, bad);
            if (++err >= 20) break;
            continue;
        }
        r.year = (int)y;
        if ((r.series = id_index(in, f[col[0]])) == (size_t)-1 ||
            chitieu__grow(&in->rows, &in->caprow, in->nrow, sizeof *in->rows)) {
            err = -1;
            break;
        }
        in->rows[in->nrow++] = r;
    }
    if (rc < 0) { err = 1; cli_fail_lib("forecast"); }
    chitieu_csv_free(csv);
    if (err < 0) return cli_fail("forecast", "out of memory");
    return err ? CLI_FAIL : CLI_OK;
}

/* Order rows by series (first appearance), then year, then line (so a repeated year is named at its later line). */
static int row_cmp(const void *a, const void *b)
{
    const row *x = a, *y = b;
    if (x->series != y->series) return x->series < y->series ? -1 : 1;
    if (x->year != y->year) return (x->year > y->year) - (x->year < y->year);
    return (x->line > y->line) - (x->line < y->line);
}

/* One series to project: rows[first..first+n) of the sorted input.  A worker
 * writes its output (CSV lines) and messages (stderr lines) to that worker's
 * memory streams; the main thread prints them in input order. */
typedef struct {
    size_t first, n;
    int worker, fail;
    long out_at, out_len, err_at, err_len; /* where its text lies in the worker's streams */
} job;

/* A worker's memory streams for one chunk. */
typedef struct {
    FILE *out, *err;
    char *obuf, *ebuf;
    size_t olen, elen;
} stream;

typedef struct {
    const input *in;
    const char *path;
    int horizon;
    const chitieu_trend_opts *o;
    job *jobs;
    size_t njobs;
    atomic_size_t next;
    stream *st;
} pool;

typedef struct {
    pool *w;
    int id;
} worker_arg;

/* Project one series and format its lines (in worker `id`).  The series' years and values are on the heap:
 * a series has as many rows as the input gives it (millions, with repeated years). */
static void run_job(const pool *w, job *j, int id)
{
    stream *sm = &w->st[id];
    const row *r = w->in->rows + j->first;
    const char *id_text = w->in->ids[r[0].series].id;
    int *years = malloc(j->n * sizeof *years);
    double *vals = malloc(j->n * sizeof *vals);
    size_t n = 0, dup = 0;
    j->worker = id;
    j->out_at = ftell(sm->out);
    j->err_at = ftell(sm->err);
    for (size_t k = 0; years && vals && k < j->n; k++) {
        if (n && r[k].year == years[n - 1]) {
            if (!dup++) /* the first repeat (rows of a year are in line order), then how many */
                fprintf(sm->err, "chitieu: forecast: %s:%lu: year: %d given twice for id '%s'\n", w->path,
                        r[k].line, r[k].year, id_text);
            continue;
        }
        years[n] = r[k].year;
        vals[n++] = r[k].value;
    }
    if (dup > 1)
        fprintf(sm->err, "chitieu: forecast: id '%s': %zu more rows repeat a year given before\n", id_text, dup - 1);
    chitieu_projection *p = NULL;
    if (!years || !vals) {
        fprintf(sm->err, "chitieu: forecast: id '%s': out of memory for its %zu rows\n", id_text, j->n);
        j->fail = 1;
    } else if (dup) {
        j->fail = 1;
    } else if (chitieu_trend_project(&p, years, vals, n, years[n - 1] + w->horizon, w->o)) {
        fprintf(sm->err, "chitieu: forecast: id '%s': %s\n", id_text, chitieu_error_last());
        j->fail = 1;
    } else {
        for (size_t k = 0; k < p->h; k++) {
            cli_csv_field(sm->out, id_text);
            /* 10 significant digits: far below any projection's uncertainty */
            fprintf(sm->out, ",%d,%.10g,%.10g,%.10g,%.10g,%.10g\n", p->first_year + (int)k, p->point[k], p->lo80[k],
                    p->hi80[k], p->lo95[k], p->hi95[k]);
        }
        chitieu_projection_free(p);
    }
    free(years);
    free(vals);
    j->out_len = ftell(sm->out) - j->out_at;
    j->err_len = ftell(sm->err) - j->err_at;
}

static void *worker(void *arg)
{
    worker_arg *a = arg;
    pool *w = a->w;
    for (size_t i; (i = atomic_fetch_add(&w->next, 1)) < w->njobs;) run_job(w, &w->jobs[i], a->id);
    return NULL;
}

#define CHUNK 1024 /* series projected between two writes */

/* Write the H projected years of each series, projecting CHUNK series at a
 * time on every CPU; output and messages keep the input order. Returns the exit code. */
static int write_forecasts(input *in, const char *path, int horizon, const chitieu_trend_opts *o)
{
    if (in->nrow) /* a header alone: no rows, and qsort must not see a NULL array */
        qsort(in->rows, in->nrow, sizeof *in->rows, row_cmp);
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    int threads = ncpu < 1 ? 1 : ncpu > 64 ? 64 : (int)ncpu;
    job *jobs = calloc(CHUNK, sizeof *jobs);
    stream *st = calloc((size_t)threads, sizeof *st);
    if (!jobs || !st) { free(jobs); free(st); return cli_fail("forecast", "out of memory"); }
    int status = CLI_OK;
    printf("id,year,point,lo80,hi80,lo95,hi95\n");
    for (size_t i = 0; i < in->nrow;) {
        pool w = {in, path, horizon, o, jobs, 0, 0, st};
        for (; i < in->nrow && w.njobs < CHUNK; w.njobs++) {
            size_t j = i;
            while (j < in->nrow && in->rows[j].series == in->rows[i].series) j++;
            jobs[w.njobs] = (job){i, j - i, 0, 0, 0, 0, 0, 0};
            i = j;
        }
        int nt = 0, oom = 0;
        for (; nt < threads && nt < (int)w.njobs; nt++) {
            st[nt].out = open_memstream(&st[nt].obuf, &st[nt].olen);
            st[nt].err = open_memstream(&st[nt].ebuf, &st[nt].elen);
            if (!st[nt].out || !st[nt].err) { oom = 1; nt++; break; }
        }
        pthread_t tid[64];
        worker_arg args[64];
        int started = 0;
        for (int t = 1; !oom && t < nt; t++) {
            args[started] = (worker_arg){&w, t};
            if (pthread_create(&tid[started], NULL, worker, &args[started]) == 0) started++;
        }
        worker_arg self = {&w, 0};
        if (!oom) worker(&self);
        for (int t = 0; t < started; t++) pthread_join(tid[t], NULL);
        for (int t = 0; t < nt; t++) { /* the buffers are final once closed */
            if (!st[t].out || fclose(st[t].out)) oom = 1;
            if (!st[t].err || fclose(st[t].err)) oom = 1;
        }
        for (size_t k = 0; !oom && k < w.njobs; k++) {
            job *j = &jobs[k];
            if (j->fail) status = CLI_FAIL;
            fwrite(st[j->worker].ebuf + j->err_at, 1, (size_t)j->err_len, stderr);
            fwrite(st[j->worker].obuf + j->out_at, 1, (size_t)j->out_len, stdout);
        }
        for (int t = 0; t < nt; t++) {
            free(st[t].obuf);
            free(st[t].ebuf);
            st[t] = (stream){0};
        }
        if (oom) status = cli_fail("forecast", "out of memory"), i = in->nrow;
    }
    free(jobs);
    free(st);
    if (fflush(stdout) || ferror(stdout)) return cli_fail("forecast", "writing output failed");
    return status;
}

int cli_cmd_forecast(int argc, char **argv, const cli_env *env)
{
    (void)env; /* never touches the database */
    static const struct option lo[] = {
        {"horizon", required_argument, 0, 'H'}, {"level", required_argument, 0, 'l'},
        {"method", required_argument, 0, 'm'}, {"lower", required_argument, 0, 'L'},
        {"upper", required_argument, 0, 'U'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    chitieu_trend_opts o;
    chitieu_trend_opts_init(&o);
    int horizon = 0, c;
    char *end;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
        switch (c) {
        case 'H': {
            long v = strtol(optarg, &end, 10);
            if (!*optarg || *end || v < 1 || v > 100) return cli_usage("forecast", "bad --horizon '%s' (1..100)", optarg);
            horizon = (int)v;
            break;
        }
        case 'l':
            if (strcmp(optarg, "80,95") && strcmp(optarg, "95,80"))
                return cli_usage("forecast", "--level supports only 80,95 (the calibrated levels)");
            break;
        case 'm':
            if (chitieu_method_parse(&o.method, optarg)) return cli_usage("forecast", "unknown --method '%s'", optarg);
            break;
        case 'L': case 'U': {
            double v;
            if (chitieu_num_parse(&v, optarg, 0)) return cli_usage("forecast", "bad --%s '%s'", c == 'L' ? "lower" : "upper", optarg);
            if (c == 'L') o.lower = v; else o.upper = v;
            break;
        }
        case 'h':
            printf("usage: chitieu forecast --horizon H [--level 80,95] [--method M] [--lower X] [--upper X] [FILE|-]\n\n"
                   "Reads long CSV with columns id,year,value (any order, more columns ignored; rows of one id\n"
                   "need not be contiguous; '-' or no FILE reads stdin) and writes id,year,point,lo80,hi80,lo95,hi95\n"
                   "for the H years after each series' last year.  Method: auto (default; as `assess`), naive,\n"
                   "drift, linear, loglinear, damped, theta, combo.  --lower/--upper bound every series (e.g. 0 and\n"
                   "100 for shares).  Intervals are calibrated at 80%% and 95%% only.  Never opens the database.\n"
                   "A series that cannot be projected (fewer than 3 years) is reported and skipped: exit 1.\n");
            return CLI_OK;
        case ':': return cli_usage("forecast", "option '%s' needs a value", argv[optind - 1]);
        default: return cli_usage("forecast", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (!horizon) return cli_usage("forecast", "--horizon H is required");
    if (argc - optind > 1) return cli_usage("forecast", "one input file at most");
    const char *path = optind < argc ? argv[optind] : "-";
    if (strcmp(path, "-") == 0) path = "/dev/stdin";
    input in;
    memset(&in, 0, sizeof in);
    int rc = read_input(&in, path);
    if (rc == CLI_OK) rc = write_forecasts(&in, path, horizon, &o);
    input_free(&in);
    return rc;
}
