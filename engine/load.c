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
#include <iconv.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "chitieu/tcvn3.h"
#include "chitieu/xlsx.h"
#include "loader.h"

void chitieu_load_opts_init(chitieu_load_opts *o)
{
    memset(o, 0, sizeof *o);
    o->max_messages = 100;
    o->jump_threshold = 5.0;
}

int chitieu_load_opts_check(const chitieu_load_opts *o)
{
    chitieu__shaping sh;
    int rc = chitieu__shaping_parse(&sh, o);
    if (rc)
        return rc;
    chitieu__shaping_clear(&sh);
    char w = o->status && *o->status ? chitieu__status_word(o->status) : 'A';
    if (!w || !strchr("APE", w))
        return chitieu__fail(CHITIEU_EINVALID, "--status: unknown status '%s' (A official, P provisional, E estimate)",
                             o->status);
    if (o->encoding && *o->encoding && !chitieu_tcvn3_encoding(o->encoding)) {
        iconv_t cd = iconv_open("UTF-8", o->encoding);
        if (cd == (iconv_t)-1)
            return chitieu__fail(CHITIEU_EINVALID, "--encoding: unknown encoding '%s' (try cp1258, windows-1252, "
                                 "utf-16le; 'iconv -l' lists them all)", o->encoding);
        iconv_close(cd);
    }
    if (o->sheet && o->all_sheets)
        return chitieu__fail(CHITIEU_EINVALID, "--sheet and --all-sheets exclude each other");
    if (o->span_year != CHITIEU_SPAN_REFUSE && o->span_year != CHITIEU_SPAN_START && o->span_year != CHITIEU_SPAN_END)
        return chitieu__fail(CHITIEU_EINVALID, "--span-year: %d is neither start nor end", (int)o->span_year);
    return CHITIEU_OK;
}

/* Are two places in the same sheet ("Sheet!C12", "Sheet!C13"), or both in a text file (NULL)? */
static int same_sheet(const char *a, const char *b)
{
    if (!a || !b)
        return !a && !b;
    size_t n = strcspn(a, "!");
    return n == strcspn(b, "!") && strncmp(a, b, n) == 0;
}

/* Record an error or warning: passed to the caller's on_message, and kept in the report up to
 * max_messages.  `where` is a place in a workbook or NULL; `indicator` the indicator code it is
 * about, or NULL. */
static int add_msg(chitieu__loader *L, chitieu_msg_level lv, const char *file, unsigned long line, const char *where,
                   const char *column, const char *indicator, const char *fmt, va_list ap)
{
    if (lv == CHITIEU_MSG_ERROR)
        L->r->errors++;
    else
        L->r->warnings++;
    char buf[1024];
    vsnprintf(buf, sizeof buf, fmt, ap);
    if (indicator && !*indicator)
        indicator = NULL;
    if (where && !*where)
        where = NULL;
    if (L->o->on_message) {
        /* a view of the message for the call: the strings are the caller's for its duration only */
        chitieu_load_msg view = {.level = lv, .file = (char *)file, .line = line, .where = (char *)where,
                                 .column = (char *)column, .message = buf, .indicator = (char *)indicator};
        L->o->on_message(L->o->on_message_ctx, &view);
    }
    /* the same message on another row of the same file: counted on the one kept (at most max_messages
     * comparisons, and only while a message is being reported) */
    for (size_t i = 0; i < L->r->nmsg; i++) {
        chitieu_load_msg *k = &L->r->msgs[i];
        if (k->level == lv && line && k->line && !strcmp(k->message, buf) && !strcmp(k->file, file) &&
            same_sheet(k->where, where) && (k->column ? column && !strcmp(k->column, column) : !column)) {
            k->repeats++;
            k->last_line = line;
            return CHITIEU_OK;
        }
    }
    if (L->r->nmsg >= L->o->max_messages)
        return CHITIEU_OK;
    int rc = chitieu__grow(&L->r->msgs, &L->msgcap, L->r->nmsg, sizeof *L->r->msgs);
    if (rc)
        return rc;
    chitieu_load_msg *m = &L->r->msgs[L->r->nmsg];
    m->level = lv;
    m->line = line;
    m->repeats = 0;
    m->last_line = 0;
    m->file = chitieu__strdup(file);
    m->where = where ? chitieu__strdup(where) : NULL;
    m->column = column ? chitieu__strdup(column) : NULL;
    m->message = chitieu__strdup(buf);
    m->indicator = indicator ? chitieu__strdup(indicator) : NULL;
    L->r->nmsg++;
    if (!m->file || !m->message || (column && !m->column) || (where && !m->where) || (indicator && !m->indicator))
        return CHITIEU_ENOMEM;
    return CHITIEU_OK;
}

/* The indicator code of the current row (NULL when it has none). */
static const char *row_indicator(chitieu__loader *L)
{
    const char *s = chitieu__text(L, C_INDICATOR);
    return *s ? s : NULL;
}

int chitieu__file_error(chitieu__loader *L, const char *file, unsigned long line, const char *where,
                        const char *column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = add_msg(L, CHITIEU_MSG_ERROR, file, line, where, column, NULL, fmt, ap);
    va_end(ap);
    return rc;
}

int chitieu__file_warn(chitieu__loader *L, const char *file, unsigned long line, const char *where,
                       const char *column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = add_msg(L, CHITIEU_MSG_WARNING, file, line, where, column, NULL, fmt, ap);
    va_end(ap);
    return rc;
}

int chitieu__figure_warn(chitieu__loader *L, const char *file, unsigned long line, const char *indicator,
                         const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = add_msg(L, CHITIEU_MSG_WARNING, file, line, NULL, "value", indicator, fmt, ap);
    va_end(ap);
    return rc;
}

/* Record the row source's last error -- "name:LINE: message" for text, "name:Sheet!C12: message"
 * for a workbook, name being what the source opened -- as a message of `file`. */
int chitieu__source_error(chitieu__loader *L, const char *file)
{
    const char *m = chitieu_error_last();
    size_t n = strlen(file);
    unsigned long line = 0;
    char where[300] = "";
    if (strncmp(m, file, n) == 0 && m[n] == ':') {
        const char *loc = m + n + 1, *end = strstr(loc, ": ");
        if (end && (size_t)(end - loc) < sizeof where) {
            char *num;
            line = strtoul(loc, &num, 10);
            if (num != end) { /* a workbook's place: its row is the line */
                snprintf(where, sizeof where, "%.*s", (int)(end - loc), loc);
                const char *d = end;
                while (d > loc && d[-1] >= '0' && d[-1] <= '9')
                    d--;
                line = strchr(where, '!') ? strtoul(d, NULL, 10) : 0;
            }
            m = end + 2;
        }
    }
    return chitieu__file_error(L, file, line, where, NULL, "%s", m);
}

/* The place of column c of the current row in a workbook ("Sheet!C12"; the row for NCOL or a
 * column from an option), or "" for text. */
static const char *row_where(const chitieu__loader *L, int c, char *buf, size_t n)
{
    size_t field = c < NCOL && L->fld[c] >= 0 ? (size_t)L->fld[c] : (size_t)-1;
    return chitieu_rows_where(L->src, field, buf, n);
}

int chitieu__row_error(chitieu__loader *L, int c, const char *fmt, ...)
{
    char where[300];
    va_list ap;
    va_start(ap, fmt);
    int rc = add_msg(L, CHITIEU_MSG_ERROR, L->in->path, L->line, row_where(L, c, where, sizeof where),
                     chitieu__col_label(L, c), row_indicator(L), fmt, ap);
    va_end(ap);
    L->row_bad = 1;
    if (L->bad_col == NCOL)
        L->bad_col = c;
    return rc;
}

int chitieu__row_warn(chitieu__loader *L, int c, const char *fmt, ...)
{
    char where[300];
    va_list ap;
    va_start(ap, fmt);
    int rc = add_msg(L, CHITIEU_MSG_WARNING, L->in->path, L->line, row_where(L, c, where, sizeof where),
                     chitieu__col_label(L, c), row_indicator(L), fmt, ap);
    va_end(ap);
    return rc;
}

const char *chitieu__batch_file(const chitieu__loader *L, long batch)
{
    for (size_t i = 0; i < L->nfiles; i++)
        if (L->files[i].batch == batch)
            return L->files[i].label;
    return "?";
}

size_t chitieu__figures_kept(const chitieu__loader *L)
{
    const chitieu_load_report *r = L->r;
    return r->inserted + r->revised + r->resourced + r->unchanged + r->targets;
}

int chitieu__hidden_figure(chitieu__loader *L, size_t before)
{
    if (chitieu__figures_kept(L) == before)
        return CHITIEU_OK;
    size_t col = L->fld[C_VALUE] >= 0 ? (size_t)L->fld[C_VALUE] : (size_t)-1;
    int h = chitieu_rows_hidden(L->src, col);
    if (!h)
        return CHITIEU_OK;
    L->hid_figures++;
    if (h & CHITIEU_HIDDEN_ROW) { /* rows come in order: the last range grows, or a new one starts */
        struct chitieu__rowspan *last = L->nhid_rows ? &L->hid_rows[L->nhid_rows - 1] : NULL;
        if (last && L->line >= last->r1 && L->line <= last->r2 + 1) {
            if (L->line > last->r2)
                last->r2 = L->line;
            return CHITIEU_OK;
        }
        if (chitieu__grow(&L->hid_rows, &L->hid_rows_cap, L->nhid_rows, sizeof *L->hid_rows))
            return CHITIEU_ENOMEM;
        L->hid_rows[L->nhid_rows++] = (struct chitieu__rowspan){L->line, L->line};
        return CHITIEU_OK;
    }
    size_t lo = 0, hi = L->nhid_cols; /* the first column not below col */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (L->hid_cols[mid] < col)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < L->nhid_cols && L->hid_cols[lo] == col)
        return CHITIEU_OK;
    if (chitieu__grow(&L->hid_cols, &L->hid_cols_cap, L->nhid_cols, sizeof *L->hid_cols))
        return CHITIEU_ENOMEM;
    memmove(L->hid_cols + lo + 1, L->hid_cols + lo, (L->nhid_cols - lo) * sizeof *L->hid_cols);
    L->hid_cols[lo] = col;
    L->nhid_cols++;
    return CHITIEU_OK;
}

/* Append the hidden rows' spans (rows) or the hidden columns' runs (the ascending list) to b (bn bytes,
 * from *at): "rows 7–9, 12 and 15"; past 6 ranges, the first 6 then "(and N more)". */
static void hidden_list(const chitieu__loader *L, int rows, char *b, size_t bn, size_t *at)
{
    char one[64], c1[4], c2[4];
    size_t nr = 0, total = 0;
    for (size_t i = 0; rows ? i < L->nhid_rows : i < L->nhid_cols; i++) /* the ranges */
        if (rows || i == 0 || L->hid_cols[i] != L->hid_cols[i - 1] + 1)
            total++;
    int plural = total > 1 || (rows ? L->hid_rows[0].r1 != L->hid_rows[0].r2 : L->nhid_cols > 1);
    *at += (size_t)snprintf(b + *at, bn - *at, "%s%s ", rows ? "row" : "column", plural ? "s" : "");
    for (size_t i = 0; (rows ? i < L->nhid_rows : i < L->nhid_cols) && *at < bn; i++) {
        if (rows)
            L->hid_rows[i].r1 == L->hid_rows[i].r2
                ? snprintf(one, sizeof one, "%lu", L->hid_rows[i].r1)
                : snprintf(one, sizeof one, "%lu–%lu", L->hid_rows[i].r1, L->hid_rows[i].r2);
        else {
            size_t j = i;
            while (j + 1 < L->nhid_cols && L->hid_cols[j + 1] == L->hid_cols[j] + 1)
                j++;
            j == i ? snprintf(one, sizeof one, "%s", chitieu_xlsx_column(c1, L->hid_cols[i]))
                   : snprintf(one, sizeof one, "%s–%s", chitieu_xlsx_column(c1, L->hid_cols[i]),
                              chitieu_xlsx_column(c2, L->hid_cols[j]));
            i = j;
        }
        nr++;
        const char *sep = nr == 1 ? "" : nr == total ? " and " : ", ";
        if (nr > 6) {
            *at += (size_t)snprintf(b + *at, bn - *at, " (and %zu more)", total - 6);
            break;
        }
        *at += (size_t)snprintf(b + *at, bn - *at, "%s%s", sep, one);
    }
    if (*at > bn - 1)
        *at = bn - 1;
}

/* One warning for the sheet just read when figures were loaded from its hidden rows or columns, placed
 * at the sheet; the lists emptied for the next input.  CHITIEU_OK or CHITIEU_ENOMEM. */
static int hidden_warn(chitieu__loader *L)
{
    int rc = CHITIEU_OK;
    if (L->hid_figures) {
        char list[400], ref[300];
        size_t at = 0;
        if (L->nhid_rows)
            hidden_list(L, 1, list, sizeof list, &at);
        if (L->nhid_rows && L->nhid_cols)
            at += (size_t)snprintf(list + at, sizeof list - at, " and ");
        if (L->nhid_cols && at < sizeof list)
            hidden_list(L, 0, list, sizeof list, &at);
        int one = L->nhid_rows + L->nhid_cols == 1 &&
                  (L->nhid_rows ? L->hid_rows[0].r1 == L->hid_rows[0].r2 : 1);
        const char *sheet = chitieu_rows_sheet(L->src);
        int many = L->hid_figures > 1;
        char count[32] = ""; /* "12 figures were", "figure was" */
        if (many)
            snprintf(count, sizeof count, "%zu ", L->hid_figures);
        rc = chitieu__file_warn(
            L, L->in->path, 0, chitieu_xlsx_sheet_ref(ref, sizeof ref, sheet ? sheet : ""), NULL,
            "%s %s hidden in Excel; %s %sfigure%s %s loaded — whoever read the sheet did not see %s: unhide "
            "%s to check, or delete %s and load again if %s not meant to be loaded",
            list, one ? "is" : "are", one ? "its" : "their", count, many ? "s" : "", many ? "were" : "was",
            many ? "them" : "it", one ? "it" : "them", one ? "it" : "them", many ? "they are" : "it is");
    }
    L->hid_figures = L->nhid_rows = L->nhid_cols = 0;
    return rc;
}

/* Say once for the input read that text typed in a TCVN3 font was read as Unicode, with a sample: 0, or
 * CHITIEU_ENOMEM. */
static int tcvn3_warn(chitieu__loader *L)
{
    const char *was, *reads, *font;
    size_t n = chitieu_rows_tcvn3(L->src, &was, &reads, &font);
    if (!n)
        return 0;
    const char *sheet = chitieu_rows_sheet(L->src);
    char ref[300];
    const char *why = font                                     ? ""
                      : chitieu_tcvn3_encoding(L->o->encoding) ? " (--encoding tcvn3)"
                                                               : " (its headings read as column names so)";
    return chitieu__file_warn(L, L->in->path, 0, sheet ? chitieu_xlsx_sheet_ref(ref, sizeof ref, sheet) : NULL, NULL,
                              "text typed in a TCVN3 (ABC) font %s%s%s read as Unicode in %zu %s%s%s: '%s' reads '%s'",
                              font ? "(" : "such as ", font ? font : ".VnTime", font ? ")" : "", n,
                              sheet ? "cell" : "field", n == 1 ? "" : "s", why, was, reads)
               ? CHITIEU_ENOMEM
               : 0;
}

/* Stream one input's rows into the store. */
static int load_input(chitieu__loader *L, const chitieu__infile *in, chitieu__layout *lay)
{
    chitieu_rows_opts ro = {L->o->encoding, in->sheet, in->tcvn3};
    int rc = chitieu_rows_open(&L->src, in->read, in->path, &ro);
    if (rc)
        return rc;
    L->in = in;
    L->lay = lay;
    L->pair_ind = L->pair_area = 0;
    L->nunknown[0] = L->nunknown[1] = 0;
    memset(L->case_typed, 0, sizeof L->case_typed); /* the catalogue may have grown since */
    L->in_spans = 0;
    size_t nf, rows = 0;
    char *const *f;
    int r = 1;
    for (unsigned long k = 0; k <= lay->skip && r == 1; k++) /* title rows and the header, read already */
        r = chitieu_rows_next(L->src, &nf, &f);
    while (r == 1 && (r = chitieu_rows_next(L->src, &nf, &f)) == 1) {
        L->r->rows++;
        rows++;
        for (size_t i = 0; i < nf; i++)
            chitieu__trim(f[i]);
        L->f = f;
        L->nf = nf;
        L->line = chitieu_rows_line(L->src);
        if ((rc = chitieu__shape_record(L)))
            break;
    }
    if (!rc && r < 0)
        rc = chitieu_error_code() == CHITIEU_EINVALID ? chitieu__source_error(L, in->path) : chitieu_error_code();
    if (!rc)
        rc = chitieu__shape_done(L);
    if (!rc)
        rc = tcvn3_warn(L);
    int hrc = hidden_warn(L); /* said even when the sheet had errors: the figures it holds were read */
    rc = rc ? rc : hrc;
    chitieu_rows_free(L->src);
    L->src = NULL;
    L->lay = NULL;
    if (rc)
        return rc;
    sqlite3_bind_int64(L->q[S_BATCH_ROWS], 1, (sqlite3_int64)rows);
    sqlite3_bind_int64(L->q[S_BATCH_ROWS], 2, in->batch);
    char note[256];
    if (L->in_spans) /* the history says where a year came from */
        snprintf(note, sizeof note,
                 "school or financial years counted as their %s year (--span-year %s): '%s' as %d; %zu %s%s",
                 L->o->span_year == CHITIEU_SPAN_START ? "first" : "last",
                 L->o->span_year == CHITIEU_SPAN_START ? "start" : "end", L->span_first, L->span_first_to,
                 L->in_spans, in->kind == K_TARGETS ? "target" : "figure", L->in_spans == 1 ? "" : "s");
    chitieu__bind_text(L->q[S_BATCH_ROWS], 3, L->in_spans ? note : NULL);
    return chitieu__step_done(L, L->q[S_BATCH_ROWS], "counting rows");
}

void chitieu_load_report_free(chitieu_load_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nmsg; i++) {
        free(r->msgs[i].file);
        free(r->msgs[i].where);
        free(r->msgs[i].column);
        free(r->msgs[i].message);
        free(r->msgs[i].indicator);
    }
    free(r->msgs);
    free(r);
}

/* A file named by the caller. */
typedef struct {
    const char *path; /* as named ("<stdin>" for "-") */
    const char *read; /* what is opened: the path, or the spool file */
    char *spool;      /* temporary copy of standard input or a pipe (removed at the end), or NULL */
    int spool_fd;     /* >= 0: the copy is already unlinked and read as /proc/self/fd/N; closed at the end */
    int hash;         /* some input of it is loaded: hash it */
    char sha[65];
    int sha_rc;       /* result of hashing (a second thread hashes while the files load) */
} srcfile;

/* One input -- a text file or a sheet -- planned before the transaction. */
typedef struct {
    chitieu__infile in;
    chitieu__layout lay;
    int usable;
    size_t order; /* position on the command line, then of the sheet */
    size_t file;  /* its srcfile */
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
        return chitieu__file_error(L, shown, 0, NULL, NULL, "cannot create a temporary file in %s to hold it: %s", dir,
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
        return chitieu__file_error(L, shown, 0, NULL, NULL, "cannot %s it: %s", what, strerror(err)) ? CHITIEU_ENOMEM
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
static int record_hashes(chitieu__loader *L, const fileplan *plan, size_t n, const srcfile *src)
{
    sqlite3_stmt *q = NULL;
    int rc = chitieu__prepare(&q, L->st, "UPDATE batches SET sha256 = ?1 WHERE id = ?2");
    for (size_t i = 0; i < n && !rc; i++) {
        const srcfile *sf = &src[plan[i].file];
        if (sf->sha_rc) {
            rc = chitieu__file_error(L, sf->path, 0, NULL, NULL, "cannot read it to compute its SHA-256")
                     ? CHITIEU_ENOMEM : 0;
            continue;
        }
        sqlite3_bind_text(q, 1, sf->sha, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, L->files[i].batch);
        if (sqlite3_step(q) != SQLITE_DONE)
            rc = chitieu__db_fail(L->st, "recording the batch");
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);
    return rc;
}

/* The files' SHA-256 sums, computed on a second thread while the first parses and stores. */
typedef struct {
    srcfile *src;
    size_t n;
} hash_job;

static void *hash_files(void *arg)
{
    hash_job *j = arg;
    for (size_t i = 0; i < j->n; i++)
        j->src[i].sha_rc = j->src[i].hash ? chitieu__sha256_file(j->src[i].sha, j->src[i].read) : 0;
    return NULL;
}

static int cmp_plan(const void *a, const void *b)
{
    const fileplan *x = a, *y = b;
    if (x->in.kind != y->in.kind)
        return (int)x->in.kind - (int)y->in.kind;
    return (x->order > y->order) - (x->order < y->order);
}

/* The input's name in batches: path, or path:Sheet. */
static int set_label(fileplan *p, const char *path, const char *sheet)
{
    size_t n = strlen(path) + (sheet ? strlen(sheet) + 2 : 1);
    free(p->in.label);
    if (!(p->in.label = malloc(n)))
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    snprintf(p->in.label, n, "%s%s%s", path, sheet ? ":" : "", sheet ? sheet : "");
    return CHITIEU_OK;
}

/* Plan one input of file sf -- the text file, or a sheet (NULL: the first) of the workbook -- : its
 * layout, read from its title rows and header. */
static int plan_input(chitieu__loader *L, fileplan *p, const srcfile *sf, const char *sheet, int lenient)
{
    p->in.path = sf->path;
    p->in.read = sf->read;
    p->in.kind = NKIND;
    int rc = set_label(p, sf->path, sheet);
    if (rc)
        return rc;
    chitieu_rows_opts ro = {L->o->encoding, sheet, 0};
    chitieu_rows *src = NULL;
    rc = chitieu_rows_open(&src, sf->read, sf->path, &ro);
    if (rc == CHITIEU_ENOMEM)
        return rc;
    if (rc) {
        /* "path: why" (cannot open, not a workbook, no such sheet) or "path:part: why": keep what follows the path */
        const char *m = chitieu_error_last();
        size_t k = strlen(sf->path);
        if (strncmp(m, sf->path, k) == 0 && m[k] == ':')
            m += k + 1 + (m[k + 1] == ' ');
        return chitieu__file_error(L, sf->path, 0, NULL, NULL, "%s", m) ? CHITIEU_ENOMEM : 0;
    }
    sheet = chitieu_rows_sheet(src); /* a workbook's sheet, by name from here on */
    if ((sheet && !(p->in.sheet = chitieu__strdup(sheet))) || set_label(p, sf->path, sheet)) {
        chitieu_rows_free(src);
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    }
    p->in.tcvn3 = chitieu_tcvn3_encoding(L->o->encoding);
    int u = chitieu__layout_read(L, &p->lay, src, &p->in, lenient);
    chitieu_rows_free(src);
    if (u == 2) { /* headings typed in a TCVN3 font: the input again, its text read as TCVN3 */
        chitieu__layout_clear(&p->lay);
        p->in.tcvn3 = 1;
        chitieu_rows_opts again = {L->o->encoding, p->in.sheet, 1};
        if ((rc = chitieu_rows_open(&src, sf->read, sf->path, &again)))
            return rc == CHITIEU_ENOMEM ? rc : chitieu__source_error(L, sf->path); /* it opened a moment ago */
        u = chitieu__layout_read(L, &p->lay, src, &p->in, lenient);
        chitieu_rows_free(src);
    }
    if (u < 0)
        return u;
    p->usable = u > 0;
    p->in.kind = p->usable ? p->lay.kind : NKIND;
    return CHITIEU_OK;
}

/* Plan every input of the files: a text file is one, a workbook one per sheet loaded. */
static int plan_all(chitieu__loader *L, fileplan **plans, size_t *nplan, srcfile *src, const char *const *paths,
                    size_t n)
{
    size_t cap = 0;
    int rc = CHITIEU_OK, stdin_seen = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        srcfile *sf = &src[i];
        sf->path = sf->read = paths[i];
        sf->spool_fd = -1;
        if (strcmp(paths[i], "-") == 0) {
            sf->path = "<stdin>";
            if (stdin_seen++) {
                rc = chitieu__file_error(L, sf->path, 0, NULL, NULL, "standard input ('-') is named twice")
                         ? CHITIEU_ENOMEM : 0;
                continue;
            }
        }
        if (one_pass(paths[i])) {
            size_t before = L->r->errors;
            if ((rc = spool(L, &sf->spool, &sf->spool_fd, sf->path, paths[i])) || L->r->errors > before)
                continue;
            sf->read = sf->spool;
        }
        char **sheets = NULL;
        size_t nsheets = 0;
        unsigned char *hidden = NULL;
        if (L->o->all_sheets && (rc = chitieu_rows_sheets(&sheets, &nsheets, &hidden, sf->read, sf->path))) {
            if (rc == CHITIEU_ENOMEM)
                break;
            rc = CHITIEU_OK; /* the reason is recorded by plan_input below */
        }
        for (size_t s = 0; s < (nsheets ? nsheets : 1) && !rc; s++) {
            if (nsheets && hidden && hidden[s]) { /* a list behind a drop-down, a helper table */
                char ref[300];
                chitieu_xlsx_sheet_ref(ref, sizeof ref, sheets[s]);
                if (chitieu__file_warn(L, sf->path, 0, ref, NULL, "a hidden sheet: not read (--sheet %s reads it)",
                                       ref))
                    rc = CHITIEU_ENOMEM;
                continue;
            }
            if ((rc = chitieu__grow(plans, &cap, *nplan, sizeof **plans)))
                break;
            fileplan *p = &(*plans)[(*nplan)++];
            memset(p, 0, sizeof *p);
            p->order = *nplan;
            p->file = i;
            size_t errors = L->r->errors;
            rc = plan_input(L, p, sf, nsheets ? sheets[s] : L->o->sheet, nsheets > 0);
            sf->hash |= p->usable;
            if (!rc && !p->usable && L->r->errors == errors) { /* a sheet skipped (said in a warning) */
                chitieu__layout_clear(&p->lay);
                free(p->in.label);
                free((char *)p->in.sheet);
                (*nplan)--;
            }
        }
        for (size_t s = 0; s < nsheets; s++)
            free(sheets[s]);
        free(sheets);
        free(hidden);
    }
    return rc;
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
    int rc = chitieu_load_opts_check(opts);
    if (rc)
        return rc;
    L.r = calloc(1, sizeof *L.r);
    srcfile *src = calloc(n ? n : 1, sizeof *src);
    if (!L.r || !src || (rc = chitieu__shaping_parse(&L.shaping, opts))) {
        free(src);
        chitieu_load_report_free(L.r);
        return rc ? rc : chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    }
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    L.this_year = tm.tm_year + 1900;
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);

    /* 1. Plan: each input's layout (no store access yet); a pipe or standard input is first copied
     * to a temporary file. */
    fileplan *plan = NULL;
    size_t np = 0;
    rc = plan_all(&L, &plan, &np, src, paths, n);
    if (np)
        qsort(plan, np, sizeof *plan, cmp_plan);
    chitieu__infile *files = calloc(np ? np : 1, sizeof *files);
    if (!files && !rc)
        rc = chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    L.files = files;
    L.nfiles = files ? np : 0;
    for (size_t i = 0; files && i < np; i++)
        files[i] = plan[i].in;
    hash_job hj = {src, n};
    pthread_t hasher;
    int hashing = !rc && pthread_create(&hasher, NULL, hash_files, &hj) == 0;
    if (!rc && !hashing)
        hash_files(&hj); /* no thread: hash here */

    /* 2. One write transaction for every input. */
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
        for (size_t i = 0; i < np && !rc; i++) {
            sqlite3_bind_text(qb, 1, files[i].label, -1, SQLITE_STATIC);
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
        for (size_t i = 0; i < np && !rc; i++)
            if (plan[i].usable)
                rc = load_input(&L, &files[i], &plan[i].lay);
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
        rc = rc ? rc : record_hashes(&L, plan, np, src);
        chitieu__stmts_finalize(&L);
        if (rc || L.r->errors || opts->dry_run)
            chitieu__rollback(st);
        else if ((rc = chitieu__exec(st, "COMMIT")) != CHITIEU_OK)
            chitieu__rollback(st);
        else {
            L.r->committed = 1;
            L.r->first_batch = L.first_batch;
            L.r->last_batch = np ? files[np - 1].batch : L.first_batch;
        }
    }
    if (hashing)
        pthread_join(hasher, NULL); /* the transaction never started */
    L.r->files = n;
    for (size_t i = 0; i < n; i++)
        if (src[i].spool) {
            if (src[i].spool_fd >= 0)
                close(src[i].spool_fd);
            else
                remove(src[i].spool);
            free(src[i].spool);
        }
    for (size_t i = 0; i < np; i++) {
        chitieu__layout_clear(&plan[i].lay);
        free(plan[i].in.label);
        free((char *)plan[i].in.sheet);
    }
    free(plan);
    free(files);
    free(src);
    chitieu__shaping_clear(&L.shaping);
    free(L.hid_rows);
    free(L.hid_cols);
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
