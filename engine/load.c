/*
 * load.c — loading the files departments send into the store (chitieu/load.h):
 * the orchestration, the one transaction and the report.
 *
 * Flow: read each file's header to learn its kind (shape.c), sort the files
 * by kind (the order of enum kind, kinds.c), then in ONE write transaction
 * stream every file row by row to its kind's row function (catalog.c,
 * figures.c), which validates it (fields.c), records errors with
 * file:line:column, and applies a valid row.  After the last file, the
 * checks of checks.c run.  Any error or a dry run rolls the whole
 * transaction back.  Memory is bounded by the longest record and the kept
 * messages, never by the file size: lookups and duplicate checks go to the
 * (indexed) store inside the transaction.  The files' SHA-256 sums are
 * computed on a second thread meanwhile.
 */
#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "loader.h"

void chitieu_load_opts_init(chitieu_load_opts *o)
{
    memset(o, 0, sizeof *o);
    o->max_messages = 100;
    o->jump_threshold = 5.0;
}

/* Record an error or warning: passed to the caller's on_message, and kept in the report up to
 * max_messages.  `indicator` is the indicator code it is about, or NULL. */
static int add_msg(chitieu__loader *L, chitieu_msg_level lv, const char *file, unsigned long line, const char *column,
                   const char *indicator, const char *fmt, va_list ap)
{
    if (lv == CHITIEU_MSG_ERROR)
        L->r->errors++;
    else
        L->r->warnings++;
    char buf[1024];
    vsnprintf(buf, sizeof buf, fmt, ap);
    if (indicator && !*indicator)
        indicator = NULL;
    if (L->o->on_message) {
        /* a view of the message for the call: the strings are the caller's for its duration only */
        chitieu_load_msg view = {lv, (char *)file, line, (char *)column, buf, (char *)indicator};
        L->o->on_message(L->o->on_message_ctx, &view);
    }
    if (L->r->nmsg >= L->o->max_messages)
        return CHITIEU_OK;
    int rc = chitieu__grow(&L->r->msgs, &L->msgcap, L->r->nmsg, sizeof *L->r->msgs);
    if (rc)
        return rc;
    chitieu_load_msg *m = &L->r->msgs[L->r->nmsg];
    m->level = lv;
    m->line = line;
    m->file = chitieu__strdup(file);
    m->column = column ? chitieu__strdup(column) : NULL;
    m->message = chitieu__strdup(buf);
    m->indicator = indicator ? chitieu__strdup(indicator) : NULL;
    L->r->nmsg++;
    if (!m->file || !m->message || (column && !m->column) || (indicator && !m->indicator))
        return CHITIEU_ENOMEM;
    return CHITIEU_OK;
}

/* The indicator code of the current row (NULL when the file has no indicator column). */
static const char *row_indicator(chitieu__loader *L)
{
    const char *s = chitieu__text(L, C_INDICATOR);
    return *s ? s : NULL;
}

/* An error about a file as a whole or one of its lines. */
int chitieu__file_error(chitieu__loader *L, const char *file, unsigned long line, const char *column, const char *fmt,
                        ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = add_msg(L, CHITIEU_MSG_ERROR, file, line, column, NULL, fmt, ap);
    va_end(ap);
    return rc;
}

/* Record the CSV reader's last error ("name:line: message", name being the path the
 * reader opened: a spool file for standard input) as a message of `file`. */
int chitieu__csv_error(chitieu__loader *L, const char *file, const chitieu_csv *csv)
{
    const char *m = chitieu_error_last(), *name = chitieu_csv_name(csv);
    size_t n = strlen(name);
    unsigned long line = 0;
    if (strncmp(m, name, n) == 0 && m[n] == ':') {
        char *end;
        line = strtoul(m + n + 1, &end, 10);
        m = strncmp(end, ": ", 2) == 0 ? end + 2 : m + n + 1;
    }
    return chitieu__file_error(L, file, line, NULL, "%s", m);
}

/* An error in column `c` (NCOL: the row as a whole) of the current row. */
int chitieu__row_error(chitieu__loader *L, int c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = add_msg(L, CHITIEU_MSG_ERROR, L->in->path, chitieu_csv_line(L->csv),
                     c < NCOL ? chitieu__col_names[c] : NULL, row_indicator(L), fmt, ap);
    va_end(ap);
    L->row_bad = 1;
    return rc;
}

int chitieu__file_warn(chitieu__loader *L, const char *file, unsigned long line, const char *column, const char *fmt,
                       ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = add_msg(L, CHITIEU_MSG_WARNING, file, line, column, NULL, fmt, ap);
    va_end(ap);
    return rc;
}

int chitieu__figure_warn(chitieu__loader *L, const char *file, unsigned long line, const char *indicator,
                         const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = add_msg(L, CHITIEU_MSG_WARNING, file, line, "value", indicator, fmt, ap);
    va_end(ap);
    return rc;
}

int chitieu__row_warn(chitieu__loader *L, int c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = add_msg(L, CHITIEU_MSG_WARNING, L->in->path, chitieu_csv_line(L->csv),
                     c < NCOL ? chitieu__col_names[c] : NULL, row_indicator(L), fmt, ap);
    va_end(ap);
    return rc;
}

/* The file and line of the row that stored revision data in this load, for duplicate messages. */
const char *chitieu__batch_file(const chitieu__loader *L, long batch)
{
    for (size_t i = 0; i < L->nfiles; i++)
        if (L->files[i].batch == batch)
            return L->files[i].path;
    return "?";
}

/* Stream one file's rows into the store. */
static int load_file(chitieu__loader *L, const chitieu__infile *in, const int *idx, size_t header_fields)
{
    int rc = chitieu_csv_open(&L->csv, in->read);
    if (rc)
        return rc;
    L->in = in;
    L->pair_ind = L->pair_area = 0;
    memcpy(L->idx, idx, sizeof L->idx);
    size_t nf, rows = 0;
    char *const *f;
    int r = chitieu_csv_next(L->csv, &nf, &f); /* the header, mapped already */
    while (r == 1 && (r = chitieu_csv_next(L->csv, &nf, &f)) == 1) {
        L->r->rows++;
        rows++;
        L->f = f;
        L->nf = nf;
        L->row_bad = 0;
        if (nf < header_fields) {
            chitieu__row_error(L, NCOL, "the row has %zu fields; the header has %zu", nf, header_fields);
            continue;
        }
        for (size_t i = header_fields; i < nf && !L->row_bad; i++)
            if (*chitieu__trim(f[i]))
                chitieu__row_error(L, NCOL,
                                   "the row has more fields than the header (a decimal comma in a comma file "
                                   "must be quoted: \"8,5\")");
        for (int c = 0; c < NCOL && !L->row_bad; c++) {
            unsigned cc = L->idx[c] >= 0 && (size_t)L->idx[c] < nf ? chitieu__control_char(f[L->idx[c]]) : 0;
            if (cc)
                chitieu__row_error(L, c,
                                   "control character U+%04X in the text (an escape or invisible byte: remove it)", cc);
        }
        if (L->row_bad)
            continue;
        assert(in->kind < NKIND && "only readable files are loaded");
        rc = chitieu__kinds[in->kind].row(L);
        if (rc)
            break;
    }
    if (!rc && r < 0) {
        if (chitieu_error_code() == CHITIEU_EINVALID)
            rc = chitieu__csv_error(L, in->path, L->csv);
        else
            rc = chitieu_error_code();
    }
    chitieu_csv_free(L->csv);
    L->csv = NULL;
    if (rc)
        return rc;
    sqlite3_bind_int64(L->q[S_BATCH_ROWS], 1, (sqlite3_int64)rows);
    sqlite3_bind_int64(L->q[S_BATCH_ROWS], 2, in->batch);
    return chitieu__step_done(L, L->q[S_BATCH_ROWS], "counting rows");
}

void chitieu_load_report_free(chitieu_load_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nmsg; i++) {
        free(r->msgs[i].file);
        free(r->msgs[i].column);
        free(r->msgs[i].message);
        free(r->msgs[i].indicator);
    }
    free(r->msgs);
    free(r);
}

/* Per-file plan made before the transaction. */
typedef struct {
    chitieu__infile in;
    int idx[NCOL];
    size_t header_fields;
    char sha[65];
    int sha_rc; /* result of hashing (a second thread hashes while the files load) */
    int usable;
    size_t order; /* position on the command line */
    char *spool; /* temporary copy of standard input or a pipe (removed at the end), or NULL */
    int spool_fd; /* >= 0: the copy is already unlinked and read as /proc/self/fd/N; closed at the end */
} fileplan;

/* Copy a stream that can be read only once (standard input for "-", a pipe, a
 * terminal) to a temporary file, so that it can be read three times like any
 * file: header, hash, rows.  *tmp receives the name to read it by (malloc'd).
 * On Linux the file is unlinked at once and read through /proc/self/fd/N
 * (*keep holds N), so even a killed load leaves nothing in $TMPDIR; else
 * *keep is -1 and the caller removes *tmp. */
static int spool(chitieu__loader *L, char **tmp, int *keep, const char *shown, const char *path)
{
    *keep = -1;
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    size_t n = strlen(dir) + sizeof "/chitieu-load-XXXXXX";
    char *name = malloc(n);
    if (!name)
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    snprintf(name, n, "%s/chitieu-load-XXXXXX", dir);
    int fd = mkstemp(name);
    if (fd < 0) {
        free(name);
        return chitieu__file_error(L, shown, 0, NULL, "cannot create a temporary file in %s to hold it: %s", dir,
                                   strerror(errno))
                   ? CHITIEU_ENOMEM
                   : CHITIEU_OK;
    }
    *tmp = name;
#ifdef __linux__
    char proc[32];
    int fd2 = dup(fd);
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd2);
    char *alias = fd2 >= 0 && access(proc, R_OK) == 0 ? chitieu__strdup(proc) : NULL;
    if (alias) {
        unlink(name);
        free(name);
        *tmp = alias;
        *keep = fd2;
    } else if (fd2 >= 0)
        close(fd2);
#endif
    FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    FILE *out = fdopen(fd, "wb");
    if (!out)
        close(fd);
    char buf[65536];
    size_t got;
    int err = 0;
    const char *what = "read";
    if (!in)
        err = errno;
    else if (!out) {
        err = errno;
        what = "write the temporary copy of";
    } else {
        while ((got = fread(buf, 1, sizeof buf, in)) > 0)
            if (fwrite(buf, 1, got, out) != got) {
                err = errno;
                what = "write the temporary copy of";
                break;
            }
        if (!err && ferror(in))
            err = errno ? errno : EIO;
    }
    if (in && in != stdin)
        fclose(in);
    if (out && fclose(out) != 0 && !err) {
        err = errno;
        what = "write the temporary copy of";
    }
    if (err)
        return chitieu__file_error(L, shown, 0, NULL, "cannot %s it: %s", what, strerror(err)) ? CHITIEU_ENOMEM
                                                                                               : CHITIEU_OK;
    return CHITIEU_OK;
}

/* Non-zero when `path` is "-" or a stream that cannot be read twice (pipe, socket, terminal). */
static int one_pass(const char *path)
{
    struct stat sb;
    if (strcmp(path, "-") == 0)
        return 1;
    return stat(path, &sb) == 0 && (S_ISFIFO(sb.st_mode) || S_ISCHR(sb.st_mode) || S_ISSOCK(sb.st_mode));
}

/* Store each batch's SHA-256 (computed on the hashing thread); a file that could not be
 * hashed (it vanished or became unreadable during the load) is an error of that file. */
static int record_hashes(chitieu__loader *L, const fileplan *plan, const chitieu__infile *files, size_t n)
{
    sqlite3_stmt *q = NULL;
    int rc = chitieu__prepare(&q, L->st, "UPDATE batches SET sha256 = ?1 WHERE id = ?2");
    for (size_t i = 0; i < n && !rc; i++) {
        if (plan[i].sha_rc) {
            rc = chitieu__file_error(L, files[i].path, 0, NULL, "cannot read it to compute its SHA-256")
                     ? CHITIEU_ENOMEM
                     : 0;
            continue;
        }
        sqlite3_bind_text(q, 1, plan[i].sha, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, files[i].batch);
        if (sqlite3_step(q) != SQLITE_DONE)
            rc = chitieu__db_fail(L->st, "recording the batch");
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);
    return rc;
}

/* The files' SHA-256 sums, computed on a second thread while the first parses and stores. */
typedef struct {
    fileplan *plan;
    size_t n;
} hash_job;

static void *hash_files(void *arg)
{
    hash_job *j = arg;
    for (size_t i = 0; i < j->n; i++)
        j->plan[i].sha_rc = j->plan[i].usable ? chitieu__sha256_file(j->plan[i].sha, j->plan[i].in.read) : 0;
    return NULL;
}

static int cmp_plan(const void *a, const void *b)
{
    const fileplan *x = a, *y = b;
    if (x->in.kind != y->in.kind)
        return (int)x->in.kind - (int)y->in.kind;
    return (x->order > y->order) - (x->order < y->order);
}

int chitieu_load_files(chitieu_load_report **out, chitieu_store *st, const char *const *paths, size_t n,
                       const chitieu_load_opts *opts)
{
    *out = NULL;
    chitieu_load_opts defaults;
    if (!opts) {
        chitieu_load_opts_init(&defaults);
        opts = &defaults;
    }
    chitieu__loader L;
    memset(&L, 0, sizeof L);
    L.st = st;
    L.db = chitieu__store_db(st);
    L.o = opts;
    L.r = calloc(1, sizeof *L.r);
    fileplan *plan = calloc(n ? n : 1, sizeof *plan);
    chitieu__infile *files = calloc(n ? n : 1, sizeof *files);
    if (!L.r || !plan || !files) {
        free(plan);
        free(files);
        chitieu_load_report_free(L.r);
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    }
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    L.this_year = tm.tm_year + 1900;
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);

    /* 1. Plan: map each file's header (no store access yet); a pipe or standard input is
     * first copied to a temporary file. */
    int rc = CHITIEU_OK, stdin_seen = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        fileplan *p = &plan[i];
        p->in.path = p->in.read = paths[i];
        p->order = i;
        p->in.kind = NKIND;
        if (strcmp(paths[i], "-") == 0) {
            p->in.path = "<stdin>";
            if (stdin_seen++) {
                rc = chitieu__file_error(&L, p->in.path, 0, NULL, "standard input ('-') is named twice")
                         ? CHITIEU_ENOMEM
                         : 0;
                continue;
            }
        }
        if (one_pass(paths[i])) {
            size_t before = L.r->errors;
            if ((rc = spool(&L, &p->spool, &p->spool_fd, p->in.path, paths[i])) || L.r->errors > before)
                continue;
            p->in.read = p->spool;
        }
        chitieu_csv *csv = NULL;
        if (chitieu_csv_open(&csv, p->in.read)) {
            /* The message is "path: cannot open: reason"; keep what follows the path. */
            rc = chitieu__file_error(&L, p->in.path, 0, NULL, "%s", chitieu_error_last() + strlen(p->in.read) + 2);
            continue;
        }
        enum kind kind = NKIND;
        size_t header_nf = 0;
        int u = chitieu__map_header(&L, p->in.path, csv, &kind, &header_nf);
        chitieu_csv_free(csv);
        if (u < 0)
            rc = u;
        p->usable = u > 0;
        p->in.kind = kind;
        memcpy(p->idx, L.idx, sizeof p->idx);
        p->header_fields = header_nf; /* every column, used or not: rows are checked against it */
    }
    qsort(plan, n, sizeof *plan, cmp_plan);
    L.files = files;
    L.nfiles = n;
    for (size_t i = 0; i < n; i++)
        files[i] = plan[i].in;
    hash_job hj = {plan, n};
    pthread_t hasher;
    int hashing = !rc && pthread_create(&hasher, NULL, hash_files, &hj) == 0;
    if (!rc && !hashing)
        hash_files(&hj); /* no thread: hash here */

    /* 2. One write transaction for every file. */
    if (!rc && (rc = chitieu__exec(st, "BEGIN IMMEDIATE")) == CHITIEU_OK) {
        sqlite3_stmt *qb = NULL;
        rc = chitieu__exec(st, "CREATE TEMP TABLE IF NOT EXISTS load_pairs(indicator INTEGER, area INTEGER,"
                               " PRIMARY KEY(indicator, area)) WITHOUT ROWID; DELETE FROM temp.load_pairs;"
                               "CREATE TEMP TABLE IF NOT EXISTS load_bounds(indicator INTEGER PRIMARY KEY,"
                               " batch INTEGER, line INTEGER); DELETE FROM temp.load_bounds;"
                               "CREATE TEMP TABLE IF NOT EXISTS load_rules(indicator INTEGER PRIMARY KEY,"
                               " batch INTEGER, line INTEGER); DELETE FROM temp.load_rules");
        if (!rc)
            rc = chitieu__stmts_prepare(&L);
        if (!rc)
            rc = chitieu__prepare(
                &qb, st, "INSERT INTO batches(file, sha256, kind, loaded_at, agency) VALUES(?1, ?2, ?3, ?4, ?5)");
        for (size_t i = 0; i < n && !rc; i++) {
            sqlite3_bind_text(qb, 1, plan[i].in.path, -1, SQLITE_STATIC);
            sqlite3_bind_text(qb, 2, "", -1, SQLITE_STATIC); /* set once hashed, before COMMIT */
            sqlite3_bind_text(qb, 3, plan[i].usable ? chitieu__kinds[plan[i].in.kind].name : "unreadable", -1,
                              SQLITE_STATIC);
            sqlite3_bind_text(qb, 4, stamp, -1, SQLITE_STATIC);
            chitieu__bind_text(qb, 5, opts->agency);
            if (sqlite3_step(qb) != SQLITE_DONE) {
                rc = chitieu__db_fail(st, "recording the batch");
                break;
            }
            sqlite3_reset(qb);
            files[i].batch = (long)sqlite3_last_insert_rowid(L.db);
            if (i == 0)
                L.first_batch = files[i].batch;
        }
        sqlite3_finalize(qb);
        for (size_t i = 0; i < n && !rc; i++)
            if (plan[i].usable)
                rc = load_file(&L, &files[i], plan[i].idx, plan[i].header_fields);
        if (!rc && L.r->errors == 0)
            rc = chitieu__check_bounds(&L);
        if (!rc && L.r->errors == 0)
            rc = chitieu__check_jumps(&L);
        if (!rc && L.r->errors == 0)
            rc = chitieu__check_successions(&L);
        if (!rc && L.r->errors == 0)
            rc = chitieu__check_rules(&L);
        if (hashing) {
            pthread_join(hasher, NULL);
            hashing = 0;
        }
        rc = rc ? rc : record_hashes(&L, plan, files, n);
        chitieu__stmts_finalize(&L);
        if (rc || L.r->errors || opts->dry_run)
            sqlite3_exec(L.db, "ROLLBACK", NULL, NULL, NULL);
        else if ((rc = chitieu__exec(st, "COMMIT")) != CHITIEU_OK)
            sqlite3_exec(L.db, "ROLLBACK", NULL, NULL, NULL);
        else {
            L.r->committed = 1;
            L.r->first_batch = L.first_batch;
        }
    }
    if (hashing)
        pthread_join(hasher, NULL); /* the transaction never started */
    L.r->files = n;
    for (size_t i = 0; i < n; i++)
        if (plan[i].spool) {
            if (plan[i].spool_fd >= 0)
                close(plan[i].spool_fd);
            else
                remove(plan[i].spool);
            free(plan[i].spool);
        }
    free(plan);
    free(files);
    if (rc && rc != CHITIEU_EINVALID) {
        chitieu_load_report_free(L.r);
        return rc;
    }
    *out = L.r;
    if (L.r->errors)
        return chitieu__fail(CHITIEU_EINVALID, "%zu error%s in the input; nothing was stored", L.r->errors,
                             L.r->errors == 1 ? "" : "s");
    return CHITIEU_OK;
}
