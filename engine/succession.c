/*
 * succession.c — areas over time in the loader (loader.h): successions rows
 * (from_area went, whole or a share of it, to to_area on date), and what is
 * checked once every file of a load is applied: the parts of an area that go
 * on one date must not add up to more than the whole, nothing goes from an
 * area after all of it went, successions must not go round in a circle, and
 * the indicators an aggregation rule names must exist and not depend on
 * themselves.  Errors name the file and line of a row of this load.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chitieu/areas.h"
#include "loader.h"

/* Shares are compared with this tolerance (0.1 + 0.2 + 0.7 is a whole). */
#define SHARE_EPS 1e-9

/* The validity of area `id` as YYYYMMDD (0 open); a database error (not an open validity) when it cannot be read. */
static int area_validity(chitieu__loader *L, long id, int *from, int *to)
{
    sqlite3_stmt *q;
    int rc = chitieu__prepare(&q, L->st, "SELECT valid_from, valid_to FROM areas WHERE id = ?1");
    if (rc)
        return rc;
    sqlite3_bind_int64(q, 1, id);
    *from = *to = 0;
    int r = sqlite3_step(q);
    if (r == SQLITE_ROW) {
        const char *f = (const char *)sqlite3_column_text(q, 0), *t = (const char *)sqlite3_column_text(q, 1);
        if (f && chitieu_areas_parse_date(from, f))
            *from = 0;
        if (t && chitieu_areas_parse_date(to, t))
            *to = 0;
    } else if (r != SQLITE_DONE)
        rc = chitieu__db_fail(L->st, "reading an area's validity");
    sqlite3_finalize(q);
    return rc;
}

int chitieu__row_succession(chitieu__loader *L)
{
    const char *from = chitieu__required(L, C_FROM_AREA), *to = chitieu__required(L, C_TO_AREA),
               *date = chitieu__required(L, C_DATE);
    long from_id = 0, to_id = 0;
    int rc;
    if (*from && (rc = chitieu__code_id(L, S_AREA, C_FROM_AREA, from, &from_id)))
        return rc;
    if (*to && (rc = chitieu__code_id(L, S_AREA, C_TO_AREA, to, &to_id)))
        return rc;
    if (from_id && from_id == to_id)
        chitieu__row_error(L, C_TO_AREA, "an area cannot go to itself");
    int day = 0;
    if (*date && chitieu_areas_parse_date(&day, date))
        chitieu__row_error(L, C_DATE, "%s (the first day %s belongs to %s)", chitieu_error_last(), from, to);
    double share;
    int hs = chitieu__number(L, C_SHARE, &share, PCT_FRACTION);
    if (hs > 0 && !(share > 0 && share <= 1))
        chitieu__row_error(L, C_SHARE,
                           "share %g is outside (0, 1]: the part of %s that went (leave it empty when all of it went)",
                           share, from);
    if (L->row_bad || !from_id || !to_id)
        return CHITIEU_OK;
    sqlite3_stmt *q = L->q[S_SUCC_FIND];
    sqlite3_bind_int64(q, 1, from_id);
    sqlite3_bind_int64(q, 2, to_id);
    sqlite3_bind_text(q, 3, date, -1, SQLITE_TRANSIENT);
    long prev_batch;
    unsigned long prev_line;
    if ((rc = chitieu__prior_row(L, q, &prev_batch, &prev_line, "finding a succession")))
        return rc;
    if (prev_batch >= L->first_batch)
        return chitieu__row_error(L, NCOL, "duplicate succession %s -> %s on %s (also at %s:%lu)", from, to, date,
                                  chitieu__batch_file(L, prev_batch), prev_line);
    /* dates that disagree with the areas' validity are probably typing errors, but not impossible */
    int ff, ft, tf, tt;
    if ((rc = area_validity(L, from_id, &ff, &ft)) || (rc = area_validity(L, to_id, &tf, &tt)))
        return rc;
    if (tf > day && (rc = chitieu__row_warn(L, C_DATE, "%s is valid only from %04d-%02d-%02d, after %s", to,
                                            tf / 10000, tf / 100 % 100, tf % 100, date)))
        return rc;
    if ((hs <= 0 || share >= 1) && (!ft || ft >= day) &&
        (rc = chitieu__row_warn(L, C_DATE, "all of %s went to %s on %s, but %s is valid until %s (its valid_to "
                                "should be the day before)", from, to, date, from, ft ? "later" : "further notice")))
        return rc;
    q = L->q[S_SUCC_UPSERT];
    sqlite3_bind_int64(q, 1, from_id);
    sqlite3_bind_int64(q, 2, to_id);
    sqlite3_bind_text(q, 3, date, -1, SQLITE_TRANSIENT);
    chitieu__bind_num(q, 4, hs > 0 && share < 1 ? share : NAN); /* 1 is the whole: stored as no share */
    chitieu__bind_text(q, 5, chitieu__text(L, C_SOURCE));
    chitieu__bind_text(q, 6, chitieu__text(L, C_NOTE));
    sqlite3_bind_int64(q, 7, L->in->batch);
    sqlite3_bind_int64(q, 8, (sqlite3_int64)L->line);
    L->r->successions++;
    return chitieu__step_done(L, q, "storing a succession");
}

/* A cycle in the directed graph of n nodes whose edges leave node u at e[at[u] .. at[u+1]) towards to[e]:
 * *len edge indexes along it in path (room for n), *len = 0 when there is none. */
static int find_cycle(size_t n, const size_t *at, const int *to, size_t *path, size_t *len)
{
    *len = 0;
    unsigned char *color = calloc(n ? n : 1, 1); /* 0 unseen, 1 on the path, 2 done */
    size_t *next = malloc((n ? n : 1) * sizeof *next), *stack = malloc((n ? n : 1) * sizeof *stack),
           *via = malloc((n ? n : 1) * sizeof *via);
    int rc = color && next && stack && via ? CHITIEU_OK : chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    for (size_t s = 0; !rc && s < n && !*len; s++) {
        if (color[s])
            continue;
        size_t top = 1;
        stack[0] = s;
        next[s] = at[s];
        color[s] = 1;
        while (top && !*len) {
            size_t u = stack[top - 1];
            if (next[u] == at[u + 1]) {
                color[u] = 2;
                top--;
                continue;
            }
            size_t e = next[u]++, v = (size_t)to[e];
            if (color[v] == 1) { /* back to a node on the path: the edges since it, then e */
                size_t k = top;
                while (stack[k - 1] != v)
                    k--;
                for (size_t j = k; j < top; j++)
                    path[(*len)++] = via[j];
                path[(*len)++] = e;
            } else if (!color[v]) {
                color[v] = 1;
                next[v] = at[v];
                via[top] = e;
                stack[top++] = v;
            }
        }
    }
    free(color);
    free(next);
    free(stack);
    free(via);
    return rc;
}

/* Edges (from -> to) with the row that made each, in CSR form for find_cycle. */
typedef struct {
    size_t n, m;         /* nodes, edges */
    size_t *at;          /* edges of node u: at[u] .. at[u+1] */
    int *to;
    long *batch;         /* the row of each edge: its batch and line */
    unsigned long *line;
} digraph;

static void digraph_free(digraph *g)
{
    free(g->at);
    free(g->to);
    free(g->batch);
    free(g->line);
}

/* Build the CSR graph from m edges given as from[], to[] (node indexes), with their rows. */
static int digraph_build(digraph *g, size_t n, size_t m, const int *from, const int *to, const long *batch,
                         const unsigned long *line)
{
    memset(g, 0, sizeof *g);
    g->n = n;
    g->m = m;
    g->at = calloc(n + 1, sizeof *g->at);
    g->to = malloc((m ? m : 1) * sizeof *g->to);
    g->batch = malloc((m ? m : 1) * sizeof *g->batch);
    g->line = malloc((m ? m : 1) * sizeof *g->line);
    size_t *fill = malloc((n ? n : 1) * sizeof *fill);
    if (!g->at || !g->to || !g->batch || !g->line || !fill) {
        free(fill);
        digraph_free(g);
        return chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    }
    for (size_t e = 0; e < m; e++)
        g->at[from[e] + 1]++;
    for (size_t u = 0; u < n; u++)
        g->at[u + 1] += g->at[u];
    memcpy(fill, g->at, n * sizeof *fill);
    for (size_t e = 0; e < m; e++) {
        size_t k = fill[from[e]]++;
        g->to[k] = to[e];
        g->batch[k] = batch[e];
        g->line[k] = line[e];
    }
    free(fill);
    return CHITIEU_OK;
}

/* Report a cycle of g (node names in names[]) as an error on a row of this load that is part of it. */
static int report_cycle(chitieu__loader *L, const digraph *g, char *const *names, const size_t *path, size_t len,
                        const char *what, const char *column)
{
    size_t mine = path[0]; /* an edge of the cycle stored by this load (one exists: the store had none before) */
    for (size_t k = 0; k < len; k++)
        if (g->batch[path[k]] >= L->first_batch) {
            mine = path[k];
            break;
        }
    char buf[1024];
    size_t n = 0;
    for (size_t k = 0; k < len && n < sizeof buf - 8; k++) { /* the node each edge leaves */
        size_t e = path[k], u = 0;
        while (g->at[u + 1] <= e)
            u++;
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s -> ", names[u]);
    }
    size_t e0 = path[0], u0 = 0;
    while (g->at[u0 + 1] <= e0)
        u0++;
    if (n < sizeof buf)
        snprintf(buf + n, sizeof buf - n, "%s", names[u0]);
    return chitieu__file_error(L, chitieu__batch_file(L, g->batch[mine]), g->line[mine], NULL, column,
                               "%s go round in a circle: %s", what, buf);
}

/* Ids and names of a table's rows ordered by id, and the index of an id. */
typedef struct {
    size_t n;
    long *id;
    char **name;
} idnames;

static void idnames_free(idnames *x)
{
    for (size_t i = 0; x->name && i < x->n; i++)
        free(x->name[i]);
    free(x->id);
    free(x->name);
}

static int idnames_read(idnames *x, chitieu_store *st, const char *sql)
{
    memset(x, 0, sizeof *x);
    sqlite3_stmt *q;
    int rc = chitieu__prepare(&q, st, sql), r = SQLITE_DONE;
    size_t cap = 0, cap2 = 0;
    while (!rc && (r = sqlite3_step(q)) == SQLITE_ROW) {
        if ((rc = chitieu__grow(&x->id, &cap, x->n, sizeof *x->id)) ||
            (rc = chitieu__grow(&x->name, &cap2, x->n, sizeof *x->name)))
            break;
        x->id[x->n] = (long)sqlite3_column_int64(q, 0);
        if (!(x->name[x->n++] = chitieu__col_strdup(q, 1)))
            rc = CHITIEU_ENOMEM;
    }
    if (!rc && r != SQLITE_DONE)
        rc = chitieu__db_fail(st, "reading the catalogue");
    sqlite3_finalize(q);
    if (rc)
        idnames_free(x);
    return rc;
}

static int idnames_find(const idnames *x, long id)
{
    size_t lo = 0, hi = x->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x->id[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < x->n && x->id[lo] == id ? (int)lo : -1;
}

/* Edges read from a query of (from id, to id, batch, line), as node indexes of `nodes`. */
typedef struct {
    size_t m, cap[4];
    int *from, *to;
    long *batch;
    unsigned long *line;
} edges;

static void edges_free(edges *e)
{
    free(e->from);
    free(e->to);
    free(e->batch);
    free(e->line);
}

static int edges_add(edges *e, int from, int to, long batch, unsigned long line)
{
    int rc;
    if ((rc = chitieu__grow(&e->from, &e->cap[0], e->m, sizeof *e->from)) ||
        (rc = chitieu__grow(&e->to, &e->cap[1], e->m, sizeof *e->to)) ||
        (rc = chitieu__grow(&e->batch, &e->cap[2], e->m, sizeof *e->batch)) ||
        (rc = chitieu__grow(&e->line, &e->cap[3], e->m, sizeof *e->line)))
        return rc;
    e->from[e->m] = from;
    e->to[e->m] = to;
    e->batch[e->m] = batch;
    e->line[e->m++] = line;
    return CHITIEU_OK;
}

/* Find and report one cycle among the edges (an error of this load), if any. */
static int check_cycle(chitieu__loader *L, const idnames *nodes, const edges *e, const char *what, const char *column)
{
    digraph g;
    int rc = digraph_build(&g, nodes->n, e->m, e->from, e->to, e->batch, e->line);
    if (rc)
        return rc;
    size_t *path = malloc((nodes->n ? nodes->n : 1) * sizeof *path), len = 0;
    rc = path ? find_cycle(g.n, g.at, g.to, path, &len) : chitieu__fail(CHITIEU_ENOMEM, "out of memory");
    if (!rc && len)
        rc = report_cycle(L, &g, nodes->name, path, len, what, column);
    free(path);
    digraph_free(&g);
    return rc;
}

/* The first row of this load among the successions from area `from_id` on date d1 or d2 (*batch 0: none). */
static int row_of(chitieu__loader *L, long from_id, const char *d1, const char *d2, long *batch, unsigned long *line)
{
    sqlite3_stmt *q;
    int rc = chitieu__prepare(&q, L->st,
                              "SELECT batch, line FROM successions WHERE from_area = ?1 AND date IN (?2, ?3)"
                              " AND batch >= ?4 AND withdrawn = 0 ORDER BY batch, line LIMIT 1");
    if (rc)
        return rc;
    sqlite3_bind_int64(q, 1, from_id);
    sqlite3_bind_text(q, 2, d1, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, d2, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 4, L->first_batch);
    *batch = 0;
    *line = 0;
    int r = sqlite3_step(q);
    if (r == SQLITE_ROW) {
        *batch = (long)sqlite3_column_int64(q, 0);
        *line = (unsigned long)sqlite3_column_int64(q, 1);
    } else if (r != SQLITE_DONE)
        rc = chitieu__db_fail(L->st, "finding a succession");
    sqlite3_finalize(q);
    return rc;
}

/* The parts of one area that go on one date add up to more than the whole: an error on a row of this load
 * listing them. */
static int report_overfull(chitieu__loader *L, long from_id, const char *from, const char *date, double total)
{
    sqlite3_stmt *q;
    int rc = chitieu__prepare(&q, L->st,
                              "SELECT t.code, s.share, s.batch, s.line FROM successions s JOIN areas t ON t.id ="
                              " s.to_area WHERE s.from_area = ?1 AND s.date = ?2 AND s.withdrawn = 0"
                              " ORDER BY s.batch, s.line");
    if (rc)
        return rc;
    sqlite3_bind_int64(q, 1, from_id);
    sqlite3_bind_text(q, 2, date, -1, SQLITE_STATIC);
    char parts[900];
    size_t n = 0;
    long at_batch = 0;
    unsigned long at_line = 0;
    int r;
    while ((r = sqlite3_step(q)) == SQLITE_ROW) {
        long b = (long)sqlite3_column_int64(q, 2);
        unsigned long line = (unsigned long)sqlite3_column_int64(q, 3);
        if (!at_batch && b >= L->first_batch) {
            at_batch = b;
            at_line = line;
        }
        char share[32] = "all";
        if (sqlite3_column_type(q, 1) != SQLITE_NULL)
            snprintf(share, sizeof share, "%g", sqlite3_column_double(q, 1));
        if (n < sizeof parts - 100)
            n += (size_t)snprintf(parts + n, sizeof parts - n, "%s%s to %s (%s:%lu)", n ? ", " : "", share,
                                  (const char *)sqlite3_column_text(q, 0), chitieu__batch_file(L, b), line);
    }
    int rc2 = r == SQLITE_DONE ? CHITIEU_OK : chitieu__db_fail(L->st, "listing the parts of an area");
    sqlite3_finalize(q);
    if (rc2)
        return rc2;
    return chitieu__file_error(L, chitieu__batch_file(L, at_batch), at_line, NULL, "share",
                               "the parts of %s that go on %s add up to %g, more than the whole: %s", from, date,
                               total, parts);
}

int chitieu__check_successions(chitieu__loader *L)
{
    if (!L->r->successions)
        return CHITIEU_OK; /* the store's successions were checked when they were loaded */
    /* 1. per area and date: the parts that go add up to at most the whole; once all of an area went, nothing
     * more goes from it on a later date */
    sqlite3_stmt *q;
    int rc = chitieu__prepare(&q, L->st,
                              "SELECT s.from_area, f.code, s.date, sum(coalesce(s.share, 1)) FROM successions s"
                              " JOIN areas f ON f.id = s.from_area WHERE s.withdrawn = 0 AND s.from_area IN"
                              " (SELECT from_area FROM successions WHERE batch >= ?1) GROUP BY s.from_area, s.date"
                              " ORDER BY s.from_area, s.date");
    if (rc)
        return rc;
    sqlite3_bind_int64(q, 1, L->first_batch);
    long area = 0;
    char gone[16] = ""; /* the date on which all of `area` went, if it did */
    int r;
    while (!rc && (r = sqlite3_step(q)) == SQLITE_ROW) {
        long id = (long)sqlite3_column_int64(q, 0);
        const char *code = (const char *)sqlite3_column_text(q, 1), *date = (const char *)sqlite3_column_text(q, 2);
        double total = sqlite3_column_double(q, 3);
        if (id != area) {
            area = id;
            gone[0] = '\0';
        }
        if (total > 1 + SHARE_EPS)
            rc = report_overfull(L, id, code, date, total);
        else if (gone[0]) {
            long b;
            unsigned long line;
            if (!(rc = row_of(L, id, gone, date, &b, &line)))
                rc = chitieu__file_error(L, chitieu__batch_file(L, b), line, NULL, "date",
                                         "all of %s went on %s: no part of it can go again on %s", code, gone, date);
        }
        else if (total >= 1 - SHARE_EPS)
            snprintf(gone, sizeof gone, "%s", date);
    }
    if (!rc && r != SQLITE_DONE)
        rc = chitieu__db_fail(L->st, "checking successions");
    sqlite3_finalize(q);
    if (rc || L->r->errors)
        return rc;

    /* 2. no circle: A went to B, B to C, C back to A */
    idnames nodes;
    if ((rc = idnames_read(&nodes, L->st, "SELECT id, code FROM areas ORDER BY id")))
        return rc;
    edges e = {0};
    if (!(rc = chitieu__prepare(&q, L->st,
                                "SELECT from_area, to_area, batch, line FROM successions WHERE withdrawn = 0"))) {
        while (!rc && (r = sqlite3_step(q)) == SQLITE_ROW) {
            int f = idnames_find(&nodes, (long)sqlite3_column_int64(q, 0));
            int t = idnames_find(&nodes, (long)sqlite3_column_int64(q, 1));
            if (f >= 0 && t >= 0) /* foreign keys: both exist */
                rc = edges_add(&e, f, t, (long)sqlite3_column_int64(q, 2), (unsigned long)sqlite3_column_int64(q, 3));
        }
        if (!rc && r != SQLITE_DONE)
            rc = chitieu__db_fail(L->st, "checking successions");
        sqlite3_finalize(q);
    }
    if (!rc)
        rc = check_cycle(L, &nodes, &e, "successions", "to_area");
    edges_free(&e);
    idnames_free(&nodes);
    return rc;
}

int chitieu__check_rules(chitieu__loader *L)
{
    /* 1. the indicators a rule of this load names exist (they may come from any file of the load) */
    sqlite3_stmt *q;
    int rc = chitieu__prepare(&q, L->st,
                              "SELECT r.batch, r.line, i.code, i.aggregate FROM temp.load_rules r"
                              " JOIN indicators i ON i.id = r.indicator ORDER BY r.batch, r.line");
    if (rc)
        return rc;
    int r, rules = 0;
    while (!rc && (r = sqlite3_step(q)) == SQLITE_ROW) {
        const char *text = (const char *)sqlite3_column_text(q, 3);
        rules++;
        chitieu_agg agg;
        if (!text || chitieu_agg_parse(&agg, text))
            continue; /* parsed when the row was read */
        const char *parts[2] = {agg.a, agg.b};
        for (int k = 0; k < 2 && !rc; k++) {
            if (!parts[k])
                continue;
            int f = chitieu__lookup(L, L->q[S_IND], NULL, parts[k]);
            if (f < 0)
                rc = f;
            else if (!f)
                rc = chitieu__file_error(L, chitieu__batch_file(L, (long)sqlite3_column_int64(q, 0)),
                                         (unsigned long)sqlite3_column_int64(q, 1), NULL, "aggregate",
                                         "unknown indicator '%s' in the rule %s of %s (define it in an indicators "
                                         "file)", parts[k], text, (const char *)sqlite3_column_text(q, 2));
        }
        chitieu_agg_clear(&agg);
    }
    if (!rc && r != SQLITE_DONE)
        rc = chitieu__db_fail(L->st, "checking aggregation rules");
    sqlite3_finalize(q);
    if (rc || L->r->errors || !rules)
        return rc;

    /* 2. no rule depends on itself (ratio:A/B on B, growth:A with A growth:B on ...): it would have no value */
    idnames nodes;
    if ((rc = idnames_read(&nodes, L->st, "SELECT id, code FROM indicators ORDER BY id")))
        return rc;
    edges e = {0};
    if (!(rc = chitieu__prepare(&q, L->st,
                                "SELECT i.id, i.aggregate, coalesce(r.batch, i.batch), coalesce(r.line, 0)"
                                " FROM indicators i LEFT JOIN temp.load_rules r ON r.indicator = i.id"
                                " WHERE i.aggregate IS NOT NULL"))) {
        while (!rc && (r = sqlite3_step(q)) == SQLITE_ROW) {
            chitieu_agg agg;
            if (chitieu_agg_parse(&agg, (const char *)sqlite3_column_text(q, 1)))
                continue;
            int from = idnames_find(&nodes, (long)sqlite3_column_int64(q, 0));
            const char *parts[2] = {agg.a, agg.b};
            for (int k = 0; k < 2 && !rc; k++)
                for (size_t j = 0; parts[k] && j < nodes.n && !rc; j++)
                    if (strcmp(nodes.name[j], parts[k]) == 0)
                        rc = edges_add(&e, from, (int)j, (long)sqlite3_column_int64(q, 2),
                                       (unsigned long)sqlite3_column_int64(q, 3));
            chitieu_agg_clear(&agg);
        }
        if (!rc && r != SQLITE_DONE)
            rc = chitieu__db_fail(L->st, "checking aggregation rules");
        sqlite3_finalize(q);
    }
    if (!rc)
        rc = check_cycle(L, &nodes, &e, "aggregation rules", "aggregate");
    edges_free(&e);
    idnames_free(&nodes);
    return rc;
}
